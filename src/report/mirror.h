/*
 * mirror.h - what a job with mirror= found: the reads it compared with
 * the reference, the ranges that differed (classified), and how they
 * are reported (text and the JSON "mirror" object, docs/format.md).
 */
#ifndef VERIO_REPORT_MIRROR_H
#define VERIO_REPORT_MIRROR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "verify/incident.h"	/* enum vreread (verify/reread.h) */

struct json_writer;

/* The ranges a mirror_stats lists: the first ones found. */
#define MIRROR_RANGES_MAX 16

/* A range's class besides the verifier's (enum vclass) ones. */
enum {
	MIRROR_CLS_NONE = 0xff,		/* the job does not verify: not classified */
	MIRROR_CLS_TARGET_OK = 0xfe,	/* the target's bytes verify: the reference differs */
};

/* Which side's reread differs from its first read (mirror_range.reread_side). */
enum {
	MIRROR_SIDE_NONE = 0,
	MIRROR_SIDE_TARGET = 1 << 0,
	MIRROR_SIDE_REFERENCE = 1 << 1,
	MIRROR_SIDE_BOTH = MIRROR_SIDE_TARGET | MIRROR_SIDE_REFERENCE,
};

/* One mismatching range: consecutive differing sectors of one read. */
struct mirror_range {
	const char *file;		/* the target (owned once in a result) */
	const char *ref;		/* the reference (owned once in a result) */
	uint64_t offset, len;		/* the range, whole sectors */
	uint64_t req_offset, req_len;	/* the read that found it */
	uint64_t first_diff;		/* absolute offset of its first differing byte */
	uint8_t cls;			/* enum vclass, or MIRROR_CLS_* */
	char dump[512];			/* dump path prefix of its read, "" if none */
	/*
	 * Reread triage of both sides (enum vreread, NONE: not reread):
	 * persistent (both rereads as first read: the sides differ on the
	 * media), transient (the rereads agree), changed (they still differ,
	 * but not as first read), error (reread_errno); reread_side: the
	 * sides whose reread differs from their first read (MIRROR_SIDE_*).
	 */
	uint8_t reread, reread_side;
	int reread_errno;
};

struct mirror_stats {
	bool enabled;			/* the job has mirror= */
	uint64_t reads;			/* reads compared */
	uint64_t bytes;			/* bytes compared */
	uint64_t mismatched_reads;	/* reads with a mismatch */
	uint64_t ranges;		/* mismatching ranges */
	uint64_t range_bytes;		/* bytes of those ranges */
	uint64_t first_offset;		/* first differing byte of the first range */
	uint64_t rereads[VREREAD_NR];	/* ranges by reread verdict */
	unsigned nr;
	struct mirror_range r[MIRROR_RANGES_MAX];
};

/* A side set as a word: "none", "target", "reference", "both". */
const char *mirror_side_key(unsigned side);

/*
 * mirror_reread_text() - a range's reread verdict in words (the end of
 * its text line), e.g. "transient: the reread with the cache bypassed
 * agrees; the target's first read changed"; "" for none or off.
 */
const char *mirror_reread_text(const struct mirror_range *r, char *buf, size_t cap);

/* A range class as a word: "bit_flips", "target_ok", "unclassified". */
const char *mirror_class_key(unsigned cls);

/* Add src into dst (group_reporting); dst keeps its ranges first. */
void mirror_stats_merge(struct mirror_stats *dst, const struct mirror_stats *src);

/* The "mirror" object of a job's JSON report (nothing when not enabled). */
void mirror_stats_json(struct json_writer *w, const struct mirror_stats *m);

/* The "  mirror       : ..." line of the normal report (nothing when not enabled). */
void mirror_stats_print(FILE *out, const struct mirror_stats *m);

#endif /* VERIO_REPORT_MIRROR_H */
