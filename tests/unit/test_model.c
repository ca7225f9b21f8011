/* cr__graph_build (src/graph/model.c) against igraph_create: the same indexed
 * edge list (from, to, oi, ii, os, is) and the same PageRank bits, on random
 * graphs with parallel edges, self-loops, isolated and dangling vertices. If
 * a new igraph changes its layout or its tie order, this fails. */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "graph/model.h"

#include <igraph.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 88172645463325252ull;
static uint32_t next(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static int same_vec(const igraph_vector_int_t *a, const igraph_vector_int_t *b)
{
    if (igraph_vector_int_size(a) != igraph_vector_int_size(b)) return 0;
    return igraph_vector_int_size(a) == 0 ||
           memcmp(VECTOR(*a), VECTOR(*b), (size_t)igraph_vector_int_size(a) * sizeof(igraph_integer_t)) == 0;
}

static void one(int32_t n, size_t ne)
{
    int32_t *from = malloc((ne + 1) * sizeof *from), *to = malloc((ne + 1) * sizeof *to);
    igraph_vector_int_t edges;
    igraph_vector_t w;
    igraph_vector_int_init(&edges, (igraph_integer_t)(2 * ne));
    igraph_vector_init(&w, (igraph_integer_t)ne);
    for (size_t e = 0; e < ne; e++) {
        /* few vertices per edge: many parallel edges and self-loops */
        from[e] = (int32_t)(next() % (uint32_t)n);
        to[e] = (e % 7 == 3) ? from[e] : (int32_t)(next() % (uint32_t)n);
        if (e % 5 == 1 && e > 0) { from[e] = from[e - 1]; to[e] = to[e - 1]; }
        VECTOR(edges)[2 * e] = from[e];
        VECTOR(edges)[2 * e + 1] = to[e];
        VECTOR(w)[e] = 0.5 + (double)(next() % 1000) / 100.0;
    }
    igraph_t a, b;
    cr_ctx *ctx = cr_ctx_alloc();
    CR_TEST_TRUE(igraph_create(&a, &edges, n, IGRAPH_DIRECTED) == IGRAPH_SUCCESS);
    CR_TEST_TRUE(cr__graph_build(ctx, &b, n, ne, from, to) == CR_OK);
    CR_TEST_TRUE(igraph_vcount(&a) == igraph_vcount(&b) && igraph_ecount(&a) == igraph_ecount(&b));
    CR_TEST_TRUE(same_vec(&a.from, &b.from) && same_vec(&a.to, &b.to));
    CR_TEST_TRUE(same_vec(&a.os, &b.os) && same_vec(&a.is, &b.is));
    CR_TEST_TRUE(same_vec(&a.oi, &b.oi));
    CR_TEST_TRUE(same_vec(&a.ii, &b.ii));
    igraph_vector_t ra, rb;
    igraph_vector_init(&ra, 0);
    igraph_vector_init(&rb, 0);
    CR_TEST_TRUE(igraph_pagerank(&a, IGRAPH_PAGERANK_ALGO_PRPACK, &ra, NULL, igraph_vss_all(), IGRAPH_DIRECTED, 0.85,
                          ne ? &w : NULL, NULL) == IGRAPH_SUCCESS);
    CR_TEST_TRUE(igraph_pagerank(&b, IGRAPH_PAGERANK_ALGO_PRPACK, &rb, NULL, igraph_vss_all(), IGRAPH_DIRECTED, 0.85,
                          ne ? &w : NULL, NULL) == IGRAPH_SUCCESS);
    CR_TEST_TRUE(igraph_vector_size(&ra) == n && memcmp(VECTOR(ra), VECTOR(rb), (size_t)n * sizeof(double)) == 0);
    igraph_vector_destroy(&ra); igraph_vector_destroy(&rb);
    igraph_destroy(&a); igraph_destroy(&b);
    igraph_vector_int_destroy(&edges); igraph_vector_destroy(&w);
    cr_ctx_free(ctx);
    free(from); free(to);
}

int main(void)
{
    cr_global_init();
    omp_set_num_threads(1);   /* PRPACK's OpenMP reductions vary from run to run otherwise (model.c) */
    one(1, 0);
    one(5, 0);
    one(3, 40);
    one(20, 100);
    one(200, 3000);      /* PRPACK's Gauss-Seidel path (>= 128 vertices) */
    one(5000, 20000);
    return cr_test_done();
}
