/*
 * rand.h - deterministic pseudo-random number generators.
 *
 * The same 64-bit seed always gives the same sequence on every machine, so
 * a run (offsets, block sizes, buffer contents) can be replayed exactly.
 * Two generators, as fio offers (random_generator=):
 *
 *   RAND_TAUSWORTHE    L'Ecuyer's taus88: three combined 32-bit Tausworthe
 *                      generators, period ~2^88, 32 bits per step.
 *   RAND_TAUSWORTHE64  L'Ecuyer's lfsr258: five combined 64-bit generators,
 *                      period ~2^258, 64 bits per step.
 *
 * Sequences are not those fio produces for the same seed: the seed is
 * expanded with splitmix64.  Not for cryptography.
 *
 * The per-call functions are static inline: they sit on the per-I/O path.
 * A struct rand_state is not thread-safe; give each thread its own.
 */
#ifndef VERIO_INCLUDE_RAND_H
#define VERIO_INCLUDE_RAND_H

#include <stdint.h>

enum rand_kind {
	RAND_TAUSWORTHE,
	RAND_TAUSWORTHE64,
};

struct rand_state {
	enum rand_kind kind;
	union {
		uint32_t s32[3]; /* taus88: s1 > 1, s2 > 7, s3 > 15 */
		uint64_t s64[5]; /* lfsr258: z1 > 1, z2 > 511, z3 > 4095,
				    z4 > 131071, z5 > 8388607 */
	} u;
};

/*
 * splitmix64() - Steele, Lea and Flood's SplitMix64: advances *state by the
 * golden-ratio increment and returns a well-mixed 64-bit value.  Used to
 * expand one seed into generator state, and handy on its own for hashing a
 * seed with an index.
 */
static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * rand_seed() - (re)seed r as a generator of the given kind.  Every seed,
 * 0 included, is valid; each component is forced above its generator's
 * minimum so no component can be stuck at zero.
 */
void rand_seed(struct rand_state *r, enum rand_kind kind, uint64_t seed);

/* One taus88 step: 32 random bits. */
static inline uint32_t rand_taus88_next(struct rand_state *r)
{
	uint32_t *s = r->u.s32;
	uint32_t b;

	b = ((s[0] << 13) ^ s[0]) >> 19;
	s[0] = ((s[0] & 0xfffffffeu) << 12) ^ b;
	b = ((s[1] << 2) ^ s[1]) >> 25;
	s[1] = ((s[1] & 0xfffffff8u) << 4) ^ b;
	b = ((s[2] << 3) ^ s[2]) >> 11;
	s[2] = ((s[2] & 0xfffffff0u) << 17) ^ b;
	return s[0] ^ s[1] ^ s[2];
}

/* One lfsr258 step: 64 random bits. */
static inline uint64_t rand_taus258_next(struct rand_state *r)
{
	uint64_t *z = r->u.s64;
	uint64_t b;

	b = ((z[0] << 1) ^ z[0]) >> 53;
	z[0] = ((z[0] & 0xfffffffffffffffeULL) << 10) ^ b;
	b = ((z[1] << 24) ^ z[1]) >> 50;
	z[1] = ((z[1] & 0xfffffffffffffe00ULL) << 5) ^ b;
	b = ((z[2] << 3) ^ z[2]) >> 23;
	z[2] = ((z[2] & 0xfffffffffffff000ULL) << 29) ^ b;
	b = ((z[3] << 5) ^ z[3]) >> 24;
	z[3] = ((z[3] & 0xfffffffffffe0000ULL) << 23) ^ b;
	b = ((z[4] << 3) ^ z[4]) >> 33;
	z[4] = ((z[4] & 0xffffffffff800000ULL) << 8) ^ b;
	return z[0] ^ z[1] ^ z[2] ^ z[3] ^ z[4];
}

/*
 * rand_u64() - 64 uniformly distributed bits.  The 32-bit generator takes
 * two steps (first step in the high half).
 */
static inline uint64_t rand_u64(struct rand_state *r)
{
	uint64_t hi;

	if (r->kind == RAND_TAUSWORTHE64)
		return rand_taus258_next(r);
	hi = rand_taus88_next(r);
	return (hi << 32) | rand_taus88_next(r);
}

/*
 * rand_between() - a uniform integer in [lo, hi], both inclusive; lo must
 * not exceed hi (if it does, the two are swapped).  Exactly unbiased:
 * Lemire's multiply-high method with rejection of the few low products
 * that would favour some results ("Fast Random Integer Generation in an
 * Interval", 2019).  Usually one multiplication and no division.
 */
static inline uint64_t rand_between(struct rand_state *r, uint64_t lo, uint64_t hi)
{
	uint64_t range, x, low;
	unsigned __int128 m;

	if (lo > hi) {
		uint64_t t = lo;

		lo = hi;
		hi = t;
	}
	range = hi - lo + 1;
	if (range == 0) /* the full 64-bit span */
		return rand_u64(r);
	x = rand_u64(r);
	m = (unsigned __int128)x * range;
	low = (uint64_t)m;
	if (low < range) {
		uint64_t threshold = (0 - range) % range;

		while (low < threshold) {
			x = rand_u64(r);
			m = (unsigned __int128)x * range;
			low = (uint64_t)m;
		}
	}
	return lo + (uint64_t)(m >> 64);
}

/* rand_double() - uniform in [0, 1), with 53 random bits. */
static inline double rand_double(struct rand_state *r)
{
	return (double)(rand_u64(r) >> 11) * 0x1.0p-53;
}

#endif /* VERIO_INCLUDE_RAND_H */
