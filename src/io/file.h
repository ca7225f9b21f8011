/* Whole-file reads shared by every module that loads a JSON or text input. */
#ifndef CR_IO_FILE_H
#define CR_IO_FILE_H

#include <chainrank/cr_core.h>
#include <stddef.h>

/* Reads the regular file at path into a malloc'ed, NUL-terminated buffer
 * (*len excludes the NUL). Refuses (CR_EIO) what is not a regular file, so a
 * FIFO or a device never blocks or streams forever; what names the input in
 * messages ("scheme", "likelihood model"). */
cr_error_t cr__read_file(cr_ctx *ctx, const char *path, const char *what, char **buf, size_t *len);

#endif
