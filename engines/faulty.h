/*
 * faulty.h - the rules of the fault-injecting engine (engines/faulty.c),
 * private to engines/. The rule language is docs/faulty-rules.md.
 */
#ifndef VERIO_ENGINES_FAULTY_H
#define VERIO_ENGINES_FAULTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fault_act {
	FA_NONE = 0,
	FA_EIO,		/* fail with -EIO, nothing transferred */
	FA_ENOSPC,	/* fail with -ENOSPC, nothing transferred */
	FA_SHORT,	/* transfer the first half, then stop: -ENODATA / -ENOSPC */
	FA_DROP,	/* a write acknowledged, not written */
	FA_MISDIRECT,	/* a write that lands at another offset */
	FA_TEAR,	/* a write of which only the first half lands, acknowledged */
	FA_FLIP,	/* one bit flipped: in the read buffer, or in what is written */
	FA_DELAY,	/* held for a while, then done as asked */
	FA_NR,
};

enum { FAULT_ON_READ = 1 << 0, FAULT_ON_WRITE = 1 << 1 };

struct fault_rule {
	enum fault_act act;
	unsigned on;		/* FAULT_ON_* */
	uint64_t nth;		/* the nth I/O of its directions (1-based); 0: any */
	bool has_range;
	uint64_t off, len;	/* I/Os overlapping [off, off + len) */
	double prob;		/* 0..1 */
	uint64_t count;		/* fires at most this often; 0: no limit */
	bool has_to;
	uint64_t to;		/* misdirect: where the write lands */
	bool has_bit;
	uint64_t bit;		/* flip: which bit of the I/O */
	uint64_t usec;		/* delay */
	uint64_t fired;		/* times it fired (run time) */
};

struct fault_rules {
	struct fault_rule *v;
	unsigned n;
};

/* The name of an action, as rules write it. */
const char *fault_act_name(enum fault_act a);

/*
 * Parse rules from text (one per line; ';' also ends a rule; '#' starts a
 * comment) and append them to r. src names the text in errors ("rule
 * file 'x'", "faulty_rule"). 0, or -EINVAL with what is wrong in err (no
 * prefix, no newline), or -ENOMEM.
 */
int fault_rules_parse(struct fault_rules *r, const char *text, const char *src,
		      char *err, size_t errlen);

/* Read file path and parse it as above. 0 or -errno (err set). */
int fault_rules_load(struct fault_rules *r, const char *path, char *err, size_t errlen);

/* Free the rules; a zeroed struct is fine. */
void fault_rules_free(struct fault_rules *r);

#endif /* VERIO_ENGINES_FAULTY_H */
