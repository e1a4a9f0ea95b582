/*
 * bufdata.c - write buffer contents from fio's buffer options (bufdata.h).
 *
 * fio's recipe, in our own words: with a compression percentage P, each
 * chunk of a block is random for its first (100 - P) % and zeros (or the
 * buffer_pattern) for the rest; with a dedupe percentage D, D % of the
 * blocks are copies of one block. The random bytes are lib/fill.c's
 * stream (vectorised), keyed by the seed and the block index.
 */
#include "compat.h"

#include "config/options.h"
#include "fill.h"
#include "run/bufdata.h"

/* Keys of the blocks, apart from every verify key (another domain). */
#define BUFDATA_DOMAIN 0x6275666461746121ULL

void bufdata_conf_from(struct bufdata_conf *c, const struct job_options *o, uint64_t seed)
{
	*c = (struct bufdata_conf){
		.seed = seed,
		.pattern = o->buffer_pattern,
		.pattern_len = o->buffer_pattern_len,
		.compress_pct = o->buffer_compress_percentage,
		.chunk = o->buffer_compress_chunk,
		.dedupe_pct = o->dedupe_percentage,
		.block = o->max_bs[1] ? o->max_bs[1] : 4096,
	};
	/* fio's order: the percentages, then the pattern, then zeros. */
	if (o->buffer_compress_percentage || o->dedupe_percentage)
		c->kind = BUFDATA_MIXED;
	else if (o->buffer_pattern_len)
		c->kind = BUFDATA_PATTERN;
	else if (o->zero_buffers)
		c->kind = BUFDATA_ZERO;
	else
		c->kind = BUFDATA_RANDOM;
}

/* The pattern repeated from its first byte, or zeros without one. */
static void fixed(const struct bufdata_conf *c, uint8_t *dst, size_t len)
{
	if (!c->pattern_len) {
		memset(dst, 0, len);
		return;
	}
	for (size_t i = 0; i < len;) {
		size_t n = MIN_OF(c->pattern_len, len - i);

		memcpy(dst + i, c->pattern, n);
		i += n;
	}
}

/* Each chunk: its random share first, then the compressible rest. */
static void mixed(const struct bufdata_conf *c, uint64_t key, uint8_t *dst, size_t len)
{
	size_t chunk = c->chunk && c->chunk < len ? (size_t)c->chunk : len;
	uint64_t pos = 0;

	for (size_t off = 0; off < len; off += chunk) {
		size_t n = MIN_OF(chunk, len - off);
		size_t rnd = (size_t)((uint64_t)n * (100 - MIN_OF(c->compress_pct, 100)) / 100);

		fill_pattern_at(dst + off, rnd, key, pos);
		pos += rnd;
		fixed(c, dst + off + rnd, n - rnd);
	}
}

void bufdata_block(const struct bufdata_conf *c, uint64_t index, uint8_t *dst, size_t len)
{
	uint64_t key;

	switch (c->kind) {
	case BUFDATA_ZERO:
		memset(dst, 0, len);
		return;
	case BUFDATA_PATTERN:
		fixed(c, dst, len);
		return;
	case BUFDATA_RANDOM:
		fill_pattern(dst, len, fill_key(c->seed, index, BUFDATA_DOMAIN));
		return;
	case BUFDATA_MIXED:
		break;
	}
	/* A block chosen to repeat takes the key of block "all ones". */
	key = fill_key(c->seed, index, BUFDATA_DOMAIN);
	if (c->dedupe_pct && fill_mix64(key) % 100 < c->dedupe_pct)
		key = fill_key(c->seed, UINT64_MAX, BUFDATA_DOMAIN);
	mixed(c, key, dst, len);
}
