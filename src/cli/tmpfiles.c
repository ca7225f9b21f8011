/* Temporary output files removed on SIGINT, SIGTERM and SIGHUP (issue 18
 * §1.5: a batch interrupted with Ctrl-C left index.csv.tmp.PID and a list's
 * temporary behind). cli_out_open records each temporary's name in a fixed
 * table before the file is created; the handler unlinks what is recorded
 * (unlink is async-signal-safe; nothing here allocates or locks), then
 * re-raises the signal with the default action, so the exit status still
 * says "killed by SIGINT". Names are published by writing the bytes first and
 * the in-use flag last; all cli_out calls run on the main thread. */
#include "cli.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

enum { NSLOT = 8, SLOTLEN = 4096 };
static char slot_name[NSLOT][SLOTLEN];
static volatile sig_atomic_t slot_used[NSLOT];
static int installed;

static void on_signal(int sig)
{
    for (int i = 0; i < NSLOT; i++)
        if (slot_used[i]) unlink(slot_name[i]);
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
    installed = 1;
}

int cli_tmp_register(const char *name)
{
    if (!installed) install();
    size_t n = strlen(name);
    if (n >= SLOTLEN) return -1;
    for (int i = 0; i < NSLOT; i++)
        if (!slot_used[i]) {
            memcpy(slot_name[i], name, n + 1);
            __atomic_signal_fence(__ATOMIC_SEQ_CST);   /* the name is complete before the flag is seen */
            slot_used[i] = 1;
            return i;
        }
    return -1;   /* table full: this temporary is only removed by cli_out_abort */
}

void cli_tmp_unregister(int slot)
{
    if (slot >= 0 && slot < NSLOT) slot_used[slot] = 0;
}
