/*
 * optdef.h - what one entry of an option table is.
 *
 * Two kinds of table use it: the job option table (src/config/options.c,
 * fields of struct job_options) and each engine's own table (fields of
 * that engine's option struct, see `options` in include/ioengine.h). An
 * entry names a field by offset and size inside its table's base struct;
 * the option code in src/config parses a value into base + off. Engines
 * only declare tables: they never parse.
 */
#ifndef VERIO_INCLUDE_OPTDEF_H
#define VERIO_INCLUDE_OPTDEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum opt_type {
	OPT_STR = 1,	/* char *, strdup'ed */
	OPT_BOOL,	/* bool; bare "name" means 1 */
	OPT_UINT,	/* unsigned or uint64_t (by field size), min..max */
	OPT_SIZE,	/* uint64_t bytes: 4k, 1m, 0x1000 (kb_base applies) */
	OPT_SIZE_PCT,	/* uint64_t bytes (off) or double percent (off2): 4g, 50% */
	OPT_SIZE_RANGE,	/* uint64_t lo (off), hi (off2): 4k-64k or one size */
	OPT_TIME,	/* uint64_t microseconds; time_unit_us when no unit */
	OPT_ENUM,	/* one of vals[], stored as unsigned / bool by size */
	OPT_FLOAT,	/* double */
	OPT_BS_LIST,	/* uint64_t[2] per direction: read[,write[,trim]] */
	OPT_BS_RANGE,	/* per direction ranges: min (off), max (off2), bs (off3) */
	OPT_BSSPLIT,	/* per direction SIZE/PERC lists: struct bssplit *[2] */
	OPT_FLOAT_LIST,	/* ':' separated doubles (off), count unsigned (off2) */
	OPT_PATTERN,	/* bytes uint8_t[] (off), length size_t (off2) */
	OPT_TYPE_MAX,
};

/* Groups for --cmdhelp and the job-file reference, in display order. */
enum opt_cat {
	OPT_CAT_DESC = 0,	/* job description */
	OPT_CAT_FILE,		/* target files and devices */
	OPT_CAT_IOTYPE,		/* I/O type and pattern */
	OPT_CAT_BS,		/* block sizes */
	OPT_CAT_SIZE,		/* how much I/O, where */
	OPT_CAT_ENGINE,		/* engine, depth, sync (and every engine option) */
	OPT_CAT_TIME,		/* runtime and loops */
	OPT_CAT_JOBS,		/* threads, groups, ordering */
	OPT_CAT_RANDOM,		/* random generation */
	OPT_CAT_BUFFER,		/* buffer contents */
	OPT_CAT_VERIFY,		/* verification */
	OPT_CAT_ERROR,		/* error handling and safety */
	OPT_CAT_REPORT,		/* units and reporting */
	OPT_CAT_MAX,
};

enum opt_def_flags {
	OPT_F_INVERT = 1 << 0,	  /* OPT_BOOL stores !value (buffered) */
	OPT_F_SET_MINMAX = 1 << 1, /* OPT_BS_LIST also sets off2 = off3 = value */
	OPT_F_BARE = 1 << 2,	  /* the bare name is the empty value (not an error) */
};

#define OPT_ALIAS_MAX 2

/* An allowed value of an OPT_ENUM option (or rw=). */
struct opt_enum_val {
	const char *name;
	unsigned value;
	const char *help;
	bool unsupported;	/* a fio value verio does not support yet */
};

struct option_def {
	const char *name;
	const char *alias[OPT_ALIAS_MAX];	/* NULL-padded */
	enum opt_type type;
	enum opt_cat cat;
	unsigned flags;				/* OPT_F_* */
	size_t off, size;			/* the field in the table's base struct */
	size_t off2, size2;			/* second field, type dependent */
	size_t off3, size3;			/* third field, type dependent */
	const char *def;			/* default, as a value; NULL = none */
	const char *help;			/* one line, no final full stop */
	uint64_t min, max;			/* OPT_UINT bounds (max 0 = type max) */
	uint64_t time_unit_us;			/* OPT_TIME unit without suffix */
	const struct opt_enum_val *vals;	/* OPT_ENUM, NULL-name ended */
	/*
	 * Optional: parse value into the base struct (struct job_options
	 * for the job table, the engine's option struct for an engine's)
	 * instead of the generic code for type. On error, write what was
	 * wrong (no prefix, no newline) to err and return -EINVAL.
	 */
	int (*parse)(void *base, const struct option_def *d, const char *value,
		     char *err, size_t errlen);
};

/* Field helpers for a table over struct S: OPT_FIELD(S, m), OPT_FIELD2(S, m)... */
#define OPT_FIELD(S, m)  .off = offsetof(S, m), .size = sizeof(((S *)0)->m)
#define OPT_FIELD2(S, m) .off2 = offsetof(S, m), .size2 = sizeof(((S *)0)->m)
#define OPT_FIELD3(S, m) .off3 = offsetof(S, m), .size3 = sizeof(((S *)0)->m)

#endif /* VERIO_INCLUDE_OPTDEF_H */
