/*
 * hist.c - log-linear latency histogram (see hist.h).
 */
#include "compat.h"

#include "hist.h"

_Static_assert(HIST_NR_BUCKETS == 7424, "hist.h documents 7424 buckets");

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	unsigned i;

	for (i = 0; i < HIST_NR_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
	dst->nr += src->nr;
}

/* The shift of bucket idx: the inverse of hist_bucket_index(). */
static unsigned bucket_shift(unsigned idx)
{
	unsigned group = idx >> HIST_BITS;

	return group ? group - 1 : 0;
}

uint64_t hist_bucket_lo(unsigned idx)
{
	unsigned shift = bucket_shift(idx);

	return (uint64_t)(idx - (shift << HIST_BITS)) << shift;
}

uint64_t hist_bucket_width(unsigned idx)
{
	return 1ULL << bucket_shift(idx);
}

uint64_t hist_bucket_value(unsigned idx)
{
	return hist_bucket_lo(idx) + (hist_bucket_width(idx) >> 1);
}

uint64_t hist_rank(double pct, uint64_t nr)
{
	double want;
	uint64_t r;

	if (!nr)
		return 0;
	if (!(pct > 0.0)) /* also NaN */
		return 1;
	if (pct >= 100.0)
		return nr;
	want = pct / 100.0 * (double)nr;
	r = (uint64_t)want;
	/* ceil(), forgiving the rounding error of pct/100*nr itself */
	if ((double)r < want * (1.0 - 1e-12))
		r++;
	if (r < 1)
		r = 1;
	return r > nr ? nr : r;
}

void hist_percentiles(const struct hist *h, const double *pct, size_t n, uint64_t *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t rank = hist_rank(pct[i], h->nr);
		uint64_t sum = 0;
		unsigned b;

		out[i] = 0;
		if (!rank)
			continue;
		for (b = 0; b < HIST_NR_BUCKETS; b++) {
			sum += h->buckets[b];
			if (sum >= rank) {
				out[i] = hist_bucket_value(b);
				break;
			}
		}
	}
}

unsigned hist_fio_index(uint64_t v)
{
	unsigned msb, drop, idx;

	if (v < (2u << HIST_FIO_BITS))
		return (unsigned)v;
	msb = 63u - (unsigned)__builtin_clzll(v);
	drop = msb - HIST_FIO_BITS;	/* low bits below the bucket's width */
	idx = ((drop + 1) << HIST_FIO_BITS) +
	      (unsigned)((v >> drop) & ((1u << HIST_FIO_BITS) - 1));
	return idx < HIST_FIO_NR ? idx : HIST_FIO_NR - 1;
}

uint64_t hist_fio_value(unsigned idx)
{
	unsigned drop;
	uint64_t lo;

	if (idx < (2u << HIST_FIO_BITS))
		return idx;
	drop = (idx >> HIST_FIO_BITS) - 1;
	lo = (1ULL << (drop + HIST_FIO_BITS)) +
	     ((uint64_t)(idx & ((1u << HIST_FIO_BITS) - 1)) << drop);
	return lo + (1ULL << (drop - 1));
}

void hist_fio_bins(const struct hist *h, uint64_t *out)
{
	memset(out, 0, HIST_FIO_NR * sizeof(*out));
	for (unsigned i = 0; i < HIST_NR_BUCKETS; i++)
		if (h->buckets[i])
			out[hist_fio_index(hist_bucket_lo(i))] += h->buckets[i];
}
