/*
 * lfsr.h - visit every integer of [0, n) exactly once, in a scrambled order.
 *
 * fio's random_generator=lfsr: a maximal-length Galois linear feedback
 * shift register of the smallest width w with 2^w - 1 >= n runs through
 * each non-zero w-bit state once per period; state s stands for the value
 * s - 1, and values >= n are skipped (fewer than half of all states).
 * So a random workload built on it needs no map of visited blocks.
 *
 * The order is "random enough" for I/O offsets, not statistically random:
 * successive values of a Galois LFSR are related by a shift.
 */
#ifndef VERIO_INCLUDE_LFSR_H
#define VERIO_INCLUDE_LFSR_H

#include <stdint.h>

struct lfsr {
	uint64_t n;	  /* values are 0 .. n-1 */
	uint64_t taps;	  /* Galois toggle mask for the width in use */
	uint64_t state;	  /* current register, never 0 */
	uint64_t emitted; /* values returned since init/reset */
	unsigned width;	  /* register width in bits, 1..64 */
};

/*
 * lfsr_init() - prepare to enumerate [0, n), starting at a point of the
 * cycle chosen by seed.  n may be anything from 1 to UINT64_MAX.
 * Returns 0, or -EINVAL if n is 0.
 */
int lfsr_init(struct lfsr *l, uint64_t n, uint64_t seed);

/*
 * lfsr_next() - store the next value in *out.
 * Returns 0, or -ENOENT once all n values have been produced (then keeps
 * returning -ENOENT until lfsr_reset()).
 */
int lfsr_next(struct lfsr *l, uint64_t *out);

/* lfsr_reset() - start a new pass over [0, n) from a seed-chosen point. */
void lfsr_reset(struct lfsr *l, uint64_t seed);

#endif /* VERIO_INCLUDE_LFSR_H */
