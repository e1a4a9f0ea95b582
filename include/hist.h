/*
 * hist.h - log-linear latency histogram, in nanoseconds, covering all of
 * uint64_t with a relative error under 1 %.
 *
 * Values below 2^HIST_BITS (128) have one bucket each.  Above that, every
 * power-of-two range [2^k, 2^(k+1)) is cut into 2^(HIST_BITS) equal
 * buckets of width 2^(k-7), so a bucket is never wider than 1/128 of its
 * lower bound: representing it by its midpoint is off by at most 0.4 %.
 * (Values 128..255 still have exact buckets: the scheme is continuous.)
 *
 * Index of v:  b = max(msb(v), 7),  s = b - 7,  idx = s * 128 + (v >> s)
 * which gives 0..255 for v < 256 and 58 * 128 = 7424 buckets in all.
 *
 * hist_add() is inline, branch-free and lock-free: one histogram per thread,
 * merged at report time.
 */
#ifndef VERIO_INCLUDE_HIST_H
#define VERIO_INCLUDE_HIST_H

#include <stddef.h>
#include <stdint.h>

#define HIST_BITS 7
#define HIST_SUB (1u << HIST_BITS) /* buckets per power of two */
#define HIST_NR_BUCKETS ((64 - HIST_BITS + 1) * HIST_SUB) /* 7424 */

struct hist {
	uint64_t nr;
	uint64_t buckets[HIST_NR_BUCKETS];
};

/* hist_bucket_index() - the bucket that holds v. */
static inline unsigned hist_bucket_index(uint64_t v)
{
	/* v | 128 makes msb at least 7, so small values get shift 0 */
	unsigned msb = 63u - (unsigned)__builtin_clzll(v | HIST_SUB);
	unsigned shift = msb - HIST_BITS;

	return (shift << HIST_BITS) + (unsigned)(v >> shift);
}

/* hist_add() - count one sample. */
static inline void hist_add(struct hist *h, uint64_t v)
{
	h->buckets[hist_bucket_index(v)]++;
	h->nr++;
}

/* hist_init() - empty the histogram. */
void hist_init(struct hist *h);

/* hist_merge() - add every sample of src to dst. */
void hist_merge(struct hist *dst, const struct hist *src);

/* hist_bucket_lo() - smallest value of bucket idx (idx < HIST_NR_BUCKETS). */
uint64_t hist_bucket_lo(unsigned idx);

/* hist_bucket_width() - how many values bucket idx holds (a power of 2). */
uint64_t hist_bucket_width(unsigned idx);

/*
 * hist_bucket_value() - the value reported for bucket idx: the midpoint
 * lo + width / 2 (lo itself for one-value buckets).
 */
uint64_t hist_bucket_value(unsigned idx);

/*
 * hist_rank() - the 1-based rank of the pct percentile among nr sorted
 * samples, as fio computes it: the smallest rank r with r >= pct/100 * nr,
 * at least 1 and at most nr (0 when nr is 0).  pct is clamped to [0, 100].
 */
uint64_t hist_rank(double pct, uint64_t nr);

/*
 * hist_percentiles() - for each pct[i], out[i] = the value of the bucket
 * holding the hist_rank(pct[i], nr)-th smallest sample: at least pct[i] %
 * of the samples are in that bucket or below (fio's clat percentiles).
 * pct 100 gives the highest bucket used; an empty histogram gives 0.
 * pct need not be sorted.
 */
void hist_percentiles(const struct hist *h, const double *pct, size_t n, uint64_t *out);

/*
 * fio's latency histogram ("plat"), for output that names its buckets
 * (json+ "bins"): values below 128 have a bucket each; above, every
 * power-of-two range [2^k, 2^(k+1)) has 64 equal buckets; 29 groups of
 * 64, so values from 2^34 ns (about 17 s) on share the last bucket.
 * verio's buckets are finer and aligned with fio's: each lies inside one
 * of fio's, so counts convert without error.
 */
#define HIST_FIO_BITS 6
#define HIST_FIO_NR (29u << HIST_FIO_BITS)	/* 1856 */

/* hist_fio_index() - fio's bucket for v. */
unsigned hist_fio_index(uint64_t v);

/*
 * hist_fio_value() - the value fio names bucket idx by: idx itself below
 * 128, else the bucket's low bound plus half its width.
 */
uint64_t hist_fio_value(unsigned idx);

/* hist_fio_bins() - h's counts in fio's buckets, into out[HIST_FIO_NR]. */
void hist_fio_bins(const struct hist *h, uint64_t *out);

#endif /* VERIO_INCLUDE_HIST_H */
