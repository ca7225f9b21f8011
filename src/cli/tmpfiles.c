/* Temporary output files removed on SIGINT, SIGTERM and SIGHUP (issue 18
 * §1.5: a batch interrupted with Ctrl-C left index.csv.tmp.PID and a list's
 * temporary behind). cli_out_open records each temporary's name in a fixed
 * table before the file is created; the handler unlinks what is recorded
 * (unlink is async-signal-safe; nothing here allocates or locks), then
 * re-raises the signal with the default action, so the exit status still
 * says "killed by SIGINT". A slot is claimed with an atomic compare-and-swap
 * (batch's workers write their lists' temporaries concurrently and the
 * calling thread publishes them in job order, issue 19),
 * its name written, then published (state 2) last; the handler unlinks
 * published names only. install() runs once, on the main thread, before the
 * workers start (batch opens its index first). */
#include "cli.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Up to two waves of lists a batch's workers wrote ahead of the calling thread, plus its index
 * and report: beyond that a worker keeps the list in memory (cmd_batch.c). 4 MiB of zeroes;
 * only the pages of slots in use are touched. */
enum { NSLOT = 1024, SLOTLEN = 4096 };
enum { FREE = 0, CLAIMED = 1, PUBLISHED = 2 };
static char slot_name[NSLOT][SLOTLEN];
static int slot_used[NSLOT];   /* FREE, CLAIMED, PUBLISHED: __atomic only (lock-free int: signal-safe) */
static int installed;

static void on_signal(int sig)
{
    for (int i = 0; i < NSLOT; i++)
        if (__atomic_load_n(&slot_used[i], __ATOMIC_ACQUIRE) == PUBLISHED) unlink(slot_name[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction sa, old;
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN) continue;   /* nohup stays ignored */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++) sigaddset(&sa.sa_mask, sigs[k]);
        sigaction(sigs[i], &sa, NULL);
    }
    __atomic_store_n(&installed, 1, __ATOMIC_RELEASE);
}

int cli_tmp_register(const char *name)
{
    if (!__atomic_load_n(&installed, __ATOMIC_ACQUIRE)) install();
    size_t n = strlen(name);
    if (n >= SLOTLEN) return -1;
    for (int i = 0; i < NSLOT; i++) {
        int expect = FREE;
        if (__atomic_load_n(&slot_used[i], __ATOMIC_RELAXED) == FREE &&
            __atomic_compare_exchange_n(&slot_used[i], &expect, CLAIMED, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
            memcpy(slot_name[i], name, n + 1);
            /* the name is complete before the handler (any thread) sees the slot published */
            __atomic_store_n(&slot_used[i], PUBLISHED, __ATOMIC_RELEASE);
            return i;
        }
    }
    return -1;   /* table full: this temporary is only removed by cli_out_abort (or --resume) */
}

void cli_tmp_unregister(int slot)
{
    if (slot >= 0 && slot < NSLOT) __atomic_store_n(&slot_used[slot], FREE, __ATOMIC_RELEASE);
}
