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

#endif
