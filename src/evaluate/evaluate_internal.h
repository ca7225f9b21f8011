/* The backtest's reference route (evaluate.c). */
#ifndef CR_EVALUATE_INTERNAL_H
#define CR_EVALUATE_INTERNAL_H

#include <chainrank/cr_evaluate.h>

/* cr_eval_backtest by the materialised route: the common set, every full
 * order (the schemes' lists, the sorted baselines) and cr_bt_metrics_order.
 * O(m log m) a method and job. cr_eval_backtest counts positions instead
 * and must give the same result bit for bit (tests/unit/test_backtest_pos.c). */
cr_error_t cr__eval_backtest_ref(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, const cr_eval_history *h,
                                 const cr_scheme *const *schemes, size_t ns, const int32_t *parks, const int32_t *chains,
                                 size_t njobs, const cr_eval_bt_params *p, cr_eval_bt_result **out);

/* The routes of cr_eval_backtest (docs/compare.md section 3): AUTO is
 * cr_eval_backtest's choice (STREAM when every scheme takes the streaming
 * kernel, else LISTS); LISTS the positions counted in the materialised,
 * unsorted lists; REF the reference above. isa: the streaming kernel's
 * width (cr__stream_ws_set_isa; -1 the widest the CPU has), for the tests. */
enum { CR__BT_ROUTE_AUTO = 0, CR__BT_ROUTE_LISTS = 1, CR__BT_ROUTE_REF = 2 };
cr_error_t cr__eval_backtest_route(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, const cr_eval_history *h,
                                   const cr_scheme *const *schemes, size_t ns, const int32_t *parks,
                                   const int32_t *chains, size_t njobs, const cr_eval_bt_params *p, int route, int isa,
                                   cr_eval_bt_result **out);

#endif
