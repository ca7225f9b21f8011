/* chainrank-mpi: batch and compare DATASET sharded over MPI ranks (src/cli/mpi.c, docs/mpi.md).
 *
 * The same CLI sources build two programs: `chainrank` (without CR_WITH_MPI: one process, every
 * function below is a trivial stand-in, no libmpi at run time) and `chainrank-mpi` (with it). No MPI
 * type appears here or in the library: the library stays a plain library, and the sharding is a
 * client of it (cr_rank_batch on a sub-list of jobs; cr_compare_params.backtest_fn).
 *
 * Rules every rank follows (so nothing hangs and one process's bytes come out):
 * - every rank parses the same arguments, loads the same dataset and builds the same ranker;
 * - only rank 0 writes files and prints: the other ranks' stdout goes to /dev/null and their stderr
 *   to a temporary file, forwarded to rank 0's stderr only when that rank is the one that failed;
 * - a command that fails before the sharded part returns; main's cli_mpi_finish() then meets the
 *   other ranks' cli_mpi_agree() (the same collective), and every rank exits with the code of the
 *   lowest failing rank, whose message rank 0 has printed (its own, or the forwarded one). */
#ifndef CR_CLI_MPI_H
#define CR_CLI_MPI_H

#include "cli.h"

void cli_mpi_init(int *argc, char ***argv);   /* first thing in main */
void cli_mpi_finalize(void);                  /* last thing in main */
int cli_mpi_rank(void);                       /* 0 without MPI */
int cli_mpi_size(void);                       /* 1 without MPI */
/* The threads of a rank when --threads is not given: min(cores it is bound to, the node's cores /
 * ranks on the node); 0 (all cores) with one rank or without MPI. */
int cli_mpi_default_threads(void);
/* 1 if the command runs on this rank: batch and compare everywhere, any other command on rank 0
 * only (the others return 0 at once). */
int cli_mpi_runs_here(const char *command);
/* Collective: every rank passes its exit code so far; returns the code of the lowest failing rank
 * (0 if none), whose stderr rank 0 prints if it is not rank 0. After a failure is agreed the ranks
 * return without further collectives. */
int cli_mpi_agree(int code);
/* main, after the command: cli_mpi_agree(code) unless a failure was already agreed. */
int cli_mpi_finish(int code);
/* rank 0 -> all: n bytes (batch --resume's mask of jobs to run). */
void cli_mpi_bcast(void *p, size_t n);

/* batch: the jobs sharded in chunks, round-robin over the ranks; rank 0 delivers every result in
 * job order through deliver (extra = NULL for its own jobs; for another rank's, the bytes its
 * attach gave, e.g. the job's HTML report). Returns on rank 0 what cr_rank_batch would return for
 * the whole list (the first failing job in job order, its message on ctx); CR_OK on the others. */
typedef struct {
    int (*deliver)(void *user, size_t job, const cr_rank_result *res, const char *extra, size_t nextra);
    /* ranks other than 0: bytes to send with job's result (*extra malloc'd or NULL); non-zero = failed (ctx) */
    int (*attach)(void *user, size_t job, const cr_rank_result *res, char **extra, size_t *nextra);
    void *user;
    cli_progress *bar;   /* rank 0's bar: jobs over the whole list */
    /* one process (and one rank): cr_rank_batch_hooked with these (user set), so each list is
     * written by the worker that ranked it; deliver above is then not called */
    cr_rank_batch_hooks hooks;
} cli_mpi_batch_io;
cr_error_t cli_mpi_rank_batch(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes,
                              const cr_rank_job *jobs, size_t njobs, const cr_rank_opts *o, const cli_mpi_batch_io *io);

/* compare DATASET: rank 0 runs cr_compare_run with cli_mpi_compare_params() filling backtest_fn
 * (left NULL with one rank), then calls cli_mpi_compare_done(); the other ranks call
 * cli_mpi_compare_serve() instead, which computes their share of each backtest until done. */
void cli_mpi_compare_params(cr_compare_params *cp);
void cli_mpi_compare_done(void);
int cli_mpi_compare_serve(cr_ctx *ctx, const cr_world *w, const cr_scheme *const *schemes, size_t nschemes,
                          const char *history);

#endif
