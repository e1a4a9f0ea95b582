/*
 * optparse.h - the generic half of the option code: parse one value of an
 * option_def (include/optdef.h) into any base struct, apply a table's
 * defaults, copy and free what a table allocated, describe an entry for
 * --cmdhelp and check a table is complete.
 *
 * Used by config/options.c for both the job table (base: struct
 * job_options) and each engine's table (base: the engine's option
 * struct). Nothing here prints except the help functions, which write
 * to the stream they are given.
 *
 * A table is `n` entries; optdef_count() counts a NULL-name ended one.
 */
#ifndef VERIO_CONFIG_OPTPARSE_H
#define VERIO_CONFIG_OPTPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "optdef.h"

/* Entries of a NULL-name ended table (0 for NULL). */
size_t optdef_count(const struct option_def *t);

/* The entry of t named name or with it as an alias; NULL if none. */
const struct option_def *optdef_find(const struct option_def *t, size_t n,
				     const char *name);

/*
 * Parse value into base as d says (d->parse, else the generic parser of
 * d->type). kb_base (1024 or 1000) is what size prefixes mean. Returns 0,
 * or -EINVAL with the reason in err (no prefix, no newline).
 */
int optdef_apply(const struct option_def *d, void *base, const char *value,
		 unsigned kb_base, char *err, size_t errlen);

/* Apply every entry's default (.def) to base; a bad default is skipped. */
void optdef_defaults(const struct option_def *t, size_t n, void *base, unsigned kb_base);

/* Free what the table's entries allocated in base (strings, lists). */
void optdef_release(const struct option_def *t, size_t n, void *base);

/*
 * dst is a byte copy of src: give it its own copies of the heap parts
 * of every entry. 0, or -ENOMEM with dst's heap parts released (none of
 * src's are touched).
 */
int optdef_copy_heap(const struct option_def *t, size_t n, void *dst, const void *src);

/*
 * Check every entry: name and one-line help, type and category, fields
 * inside base_size and fitting the type, enum values, no name or alias
 * twice, and that each default parses (into a zeroed scratch base).
 * Returns 0, or -EINVAL with the first problem in err.
 */
int optdef_table_check(const struct option_def *t, size_t n, size_t base_size,
		       char *err, size_t errlen);

/* "size in bytes (4k, ...)", for --cmdhelp; NULL for a bad type. */
const char *optdef_type_name(enum opt_type type);

/*
 * --cmdhelp=NAME: "NAME: [owner: ]help", then aliases, type, default,
 * range and allowed values, one per line. owner may be NULL.
 */
void optdef_print_help(FILE *out, const struct option_def *d, const char *owner);

/* For special parsers: "what was wrong" into err; always -EINVAL. */
int optdef_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* For special parsers: the pieces the generic parsers are made of. */
void *optdef_field(void *base, size_t off);
void optdef_store_uint(void *p, size_t size, uint64_t v);
int optdef_get_uint(const struct option_def *d, size_t size, const char *v,
		    uint64_t *out, char *err, size_t len);
int optdef_lookup_enum(const struct option_def *d, const char *v, size_t n,
		       const struct opt_enum_val **out, char *err, size_t len);
int optdef_set_str(void *base, const struct option_def *d, const char *v,
		   char *err, size_t len);

#endif /* VERIO_CONFIG_OPTPARSE_H */
