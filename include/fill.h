/*
 * fill.h - the verify payload: a fast pseudo-random byte stream that any
 * piece of can be regenerated on its own (lib/fill.c).
 *
 * The stream is a pure function of (key, byte position), so expected data
 * is never stored: the verify layer, dumps and inspect rebuild any sector,
 * or any part of one, from its key.  Definition (an on-disk contract: do
 * not change it):
 *
 *   word(key, i) = mix64(key + (i + 1) * FILL_GAMMA)       i = 0, 1, 2...
 *   byte b of the stream = byte b % 8 of word(key, b / 8), little-endian
 *
 * with mix64() the SplitMix64 finalizer (fill_mix64() below).  So the
 * stream for a key is exactly the output of SplitMix64 seeded with that
 * key: counter-based, every 64-bit word computed independently with two
 * multiplies, vectorised 8 words at a time with AVX-512 and 4 with AVX2.
 *
 * Keys come from fill_key(): the verify layer gives every sector its own
 * key from (run seed, offset, generation).  Two keys give overlapping
 * streams only if they differ by d * FILL_GAMMA for a small d, which for
 * keys out of a 64-bit mix has probability about 2 * words / 2^64.
 *
 * All functions are thread-safe, allocate nothing and never fail.
 */
#ifndef VERIO_INCLUDE_FILL_H
#define VERIO_INCLUDE_FILL_H

#include <stddef.h>
#include <stdint.h>

#define FILL_GAMMA 0x9e3779b97f4a7c15ULL   /* 2^64 / golden ratio, odd */

/* fill_mix64() - the SplitMix64 finalizer (Stafford's mix13): a bijection
 * of 64-bit words in which each input bit flips each output bit with
 * probability close to 1/2. */
static inline uint64_t fill_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* fill_word() - 64-bit word i of the stream of key (bytes 8i..8i+7). */
static inline uint64_t fill_word(uint64_t key, uint64_t i)
{
	return fill_mix64(key + (i + 1) * FILL_GAMMA);
}

/*
 * fill_key() - the key of one sector: a strong mix of the run seed, the
 * sector's byte offset and its write generation.  For any two of them
 * fixed, it is a bijection of the third, so two sectors of one generation
 * (or two generations of one sector) never share a key.  Inline, and with
 * the offset mixed last, so that a loop over the sectors of one write
 * hoists the seed and generation part: one mix64 per sector.
 */
static inline uint64_t fill_key(uint64_t seed, uint64_t offset, uint64_t gen)
{
	uint64_t h = fill_mix64(seed + FILL_GAMMA);

	h = fill_mix64(h ^ gen);
	return fill_mix64(h ^ offset);
}

/*
 * fill_init() - choose the fastest implementation for this CPU (AVX-512,
 * AVX2 or portable C).  Optional: the first fill does it otherwise.
 * Idempotent and thread-safe.
 */
void fill_init(void);

/* fill_impl_name() - "avx512", "avx2" or "portable"; calls fill_init(). */
const char *fill_impl_name(void);

/* fill_pattern() - write bytes [0, len) of the stream of key to dst. */
void fill_pattern(void *dst, size_t len, uint64_t key);

/*
 * fill_pattern_at() - write bytes [start_byte, start_byte + len) of the
 * stream of key to dst: the same bytes as that slice of a fill_pattern()
 * of the whole range.  Any start and length; fastest when start_byte is a
 * multiple of 8.
 */
void fill_pattern_at(void *dst, size_t len, uint64_t key, uint64_t start_byte);

#endif /* VERIO_INCLUDE_FILL_H */
