/* The CSV reader (src/io/csv.c): every record and field of any bytes. */
#include "fuzz_common.h"
#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_ctx *ctx = fuzz_ctx();
    char *t = fuzz_text(data, size);
    cr__csv *c = NULL;
    if (cr__csv_open_mem(ctx, t, size, "fuzz.csv", &c) == CR_OK) {
        cr__csv_status st;
        int first = 1;
        size_t sum = 0;
        while (cr__csv_next(ctx, c, &st) == CR_OK && st != CR__CSV_EOF) {
            if (st != CR__CSV_ROW) continue;
            if (first) { first = 0; (void)cr__csv_take_header_names(ctx, c); }
            for (size_t i = 0; i < cr__csv_nfields(c); i++) {
                const char *f = cr__csv_field(c, i);
                if (strlen(f) != cr__csv_flen(c, i)) abort();   /* NUL bytes are refused, never kept */
                sum += (size_t)cr__csv_fcol(c, i) + (size_t)cr__csv_fline(c, i);
            }
        }
        (void)sum;
        cr__csv_close(c);
    }
    free(t);
    return 0;
}
