/* chainrank: which enterprises to attract to which industrial park.
 * Umbrella header: the CLI and users include only this. */
#ifndef CHAINRANK_H
#define CHAINRANK_H

#include <chainrank/cr_core.h>
#include <chainrank/cr_gen.h>

#endif
