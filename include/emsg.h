/*
 * emsg.h - messages that may quote user input, written with every byte
 * outside printable ASCII (and newline) escaped as \xNN, so that a job
 * file or argument of binary garbage never reaches the terminal raw.
 */
#ifndef VERIO_EMSG_H
#define VERIO_EMSG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "compat.h"

/*
 * emsg_escape() - s into dst (cap bytes, NUL-terminated, cut short if
 * needed), bytes other than 0x20..0x7e and '\n' as "\xNN".  Returns dst.
 */
char *emsg_escape(char *dst, size_t cap, const char *s);

/* eprintf(), veprintf() - fprintf(stderr, ...) with the result escaped. */
VERIO_PRINTF(1, 2)
void eprintf(const char *fmt, ...);
void veprintf(const char *fmt, va_list ap);

#endif /* VERIO_EMSG_H */
