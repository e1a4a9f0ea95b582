/*
 * runstat.c - running statistics (see runstat.h).
 */
#include "compat.h"

#include <math.h>

#include "runstat.h"

void runstat_init(struct runstat *s)
{
	memset(s, 0, sizeof(*s));
	s->min = UINT64_MAX;
}

void runstat_merge(struct runstat *dst, const struct runstat *src)
{
	double na, nb, n, d;

	if (!src->n)
		return;
	if (!dst->n) {
		*dst = *src;
		return;
	}
	na = (double)dst->n;
	nb = (double)src->n;
	n = na + nb;
	d = src->mean - dst->mean;
	dst->mean += d * nb / n;
	dst->m2 += src->m2 + d * d * na * nb / n;
	dst->n += src->n;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

double runstat_stddev(const struct runstat *s)
{
	if (s->n < 2 || s->m2 <= 0.0)
		return 0.0;
	return sqrt(s->m2 / (double)(s->n - 1));
}
