/*
 * compat.h - the first include of every .c file in verio.
 *
 * Pulls in the configure results, the system headers nearly every file
 * needs, a few tiny helpers, and a list of banned functions that turn
 * into compile errors (unbounded string functions have no place here).
 */
#ifndef VERIO_INCLUDE_COMPAT_H
#define VERIO_INCLUDE_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "config-host.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define VERIO_UNUSED __attribute__((unused))
#define VERIO_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

#define MIN_OF(a, b) ((a) < (b) ? (a) : (b))
#define MAX_OF(a, b) ((a) > (b) ? (a) : (b))

/* Greatest common divisor (Euclid); gcd_u64(a, 0) = a. */
static inline uint64_t gcd_u64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Banned functions: unbounded or non-reentrant. Use snprintf, strtok_r... */
#define BANNED(func) sorry_##func##_is_a_banned_function
#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)

#endif /* VERIO_INCLUDE_COMPAT_H */
