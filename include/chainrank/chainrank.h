/* chainrank: which enterprises to attract to which industrial park.
 * Umbrella header: the CLI and users include only this. */
#ifndef CHAINRANK_H
#define CHAINRANK_H

#include <chainrank/cr_core.h>
#include <chainrank/cr_data.h>
#include <chainrank/cr_sites.h>
#include <chainrank/cr_model.h>
#include <chainrank/cr_gaps.h>
#include <chainrank/cr_agree.h>
#include <chainrank/cr_mcda.h>
#include <chainrank/cr_smaa.h>
#include <chainrank/cr_complexity.h>
#include <chainrank/cr_gen.h>
#include <chainrank/cr_rank.h>
#include <chainrank/cr_world.h>
#include <chainrank/cr_alloc.h>
#include <chainrank/cr_compare.h>
#include <chainrank/cr_backtest.h>
#include <chainrank/cr_evaluate.h>
#include <chainrank/cr_fit.h>
#include <chainrank/cr_likely.h>
#include <chainrank/cr_projects.h>
#include <chainrank/cr_report.h>
#include <chainrank/cr_table.h>
#include <chainrank/cr_snapshot.h>

#endif
