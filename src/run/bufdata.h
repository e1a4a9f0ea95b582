/*
 * bufdata.h - the contents of write buffers as fio's options describe
 * them: zeros (zero_buffers), a pattern (buffer_pattern), random bytes,
 * or random bytes that compress to buffer_compress_percentage and repeat
 * as dedupe_percentage says. A block is a pure function of the conf and
 * its index, so layout and the I/O loop need no state and no allocation.
 */
#ifndef VERIO_RUN_BUFDATA_H
#define VERIO_RUN_BUFDATA_H

#include <stddef.h>
#include <stdint.h>

struct job_options;

enum bufdata_kind {
	BUFDATA_ZERO = 0,	/* a zeroed conf lays out zeros */
	BUFDATA_PATTERN,
	BUFDATA_RANDOM,
	BUFDATA_MIXED,		/* compress and/or dedupe percentages */
};

struct bufdata_conf {
	enum bufdata_kind kind;
	uint64_t seed;
	const uint8_t *pattern;	/* the job's buffer_pattern (not owned) */
	size_t pattern_len;
	unsigned compress_pct;	/* of each chunk: the tail of zeros/pattern */
	uint64_t chunk;		/* buffer_compress_chunk; 0 = the block */
	unsigned dedupe_pct;	/* of the blocks: one repeated block */
	uint64_t block;		/* layout writes blocks of this size (fio:
				 * the largest write block) */
};

/* The conf fio's options in o give (zero_buffers, buffer_pattern, ...). */
void bufdata_conf_from(struct bufdata_conf *c, const struct job_options *o, uint64_t seed);

/*
 * Fill dst[0, len) as block index of the stream: the same index gives
 * the same bytes. Random parts come from lib/fill.c's fast stream.
 */
void bufdata_block(const struct bufdata_conf *c, uint64_t index, uint8_t *dst, size_t len);

#endif /* VERIO_RUN_BUFDATA_H */
