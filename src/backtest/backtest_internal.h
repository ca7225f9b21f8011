/* Backtest metrics from the positions of the relevant candidates only
 * (backtest.c; docs/backtest.md "From positions"). */
#ifndef CR_BACKTEST_INTERNAL_H
#define CR_BACKTEST_INTERNAL_H

#include <chainrank/cr_backtest.h>

/* The result cr_bt_metrics_order gives, bit for bit, for an order of m
 * candidates in which the R relevant ones stand at the 0-based positions
 * pos[0] < pos[1] < ... < pos[R-1] with relevance rel[j] > 0 (finite), and
 * every other candidate has relevance 0. ideal: scratch [R]. k >= 1 and a
 * known gain (the caller checks). Cost O(R log R + k_eff), none in m. */
void cr__bt_metrics_positions(size_t m, size_t R, const size_t *pos, const double *rel, size_t k, cr_bt_gain g,
                              double *ideal, cr_bt_result *out);

#endif
