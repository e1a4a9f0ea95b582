/*
 * runstat.h - running minimum, maximum, mean and standard deviation of a
 * stream of samples, in one pass and constant memory.
 *
 * Welford's update keeps the mean and m2 (sum of squared deviations from
 * the mean) without the cancellation that sum / sum-of-squares suffers;
 * runstat_merge() combines two runs with Chan et al.'s formula, so each
 * thread keeps its own and the report merges them.
 */
#ifndef VERIO_INCLUDE_RUNSTAT_H
#define VERIO_INCLUDE_RUNSTAT_H

#include <stdint.h>

struct runstat {
	uint64_t n;   /* samples seen */
	uint64_t min; /* UINT64_MAX while n == 0 */
	uint64_t max; /* 0 while n == 0 */
	double mean;
	double m2;
};

/* runstat_init() - no samples: n = 0, min = UINT64_MAX, the rest 0. */
void runstat_init(struct runstat *s);

/* runstat_add() - account one sample. */
static inline void runstat_add(struct runstat *s, uint64_t v)
{
	double d = (double)v - s->mean;

	s->n++;
	s->mean += d / (double)s->n;
	s->m2 += d * ((double)v - s->mean);
	if (v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
}

/* runstat_merge() - dst becomes the statistics of both runs together. */
void runstat_merge(struct runstat *dst, const struct runstat *src);

/* runstat_min() - the minimum, or 0 with no samples (for reports). */
static inline uint64_t runstat_min(const struct runstat *s)
{
	return s->n ? s->min : 0;
}

/*
 * runstat_stddev() - sample standard deviation, sqrt(m2 / (n - 1)); 0 when
 * n < 2, as fio reports it.
 */
double runstat_stddev(const struct runstat *s);

#endif /* VERIO_INCLUDE_RUNSTAT_H */
