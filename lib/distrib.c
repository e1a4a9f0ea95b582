/*
 * distrib.c - the skewed block choices of random_distribution=.
 *
 * The shapes are fio's: zipf by the rejection-free method of Gray et al.
 * ("Quickly generating billion-record synthetic databases", SIGMOD 1994),
 * pareto by inverting its power law, "normal" as fio makes it (the mean
 * of 12 uniform draws, widened by a uniform deviation of dev percent of
 * the range). As in fio, a drawn rank is scattered over the range by a
 * hash and then turned by a rotation (the center, or a random one), so
 * the hot blocks are spread out (here by a permutation, so two ranks
 * never share a block) and the hot spot is not always block 0;
 * the share of accesses the hottest blocks get is the distribution's.
 * "sequence" (fio after 3.33) is no draw at all: fixed block indexes in
 * a loop, or moving on by their count each round (random_sequence_stride).
 */
#include "compat.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>

#include "distrib.h"
#include "parse.h"

/* Terms of zeta(n) summed one by one; the rest is integrated. */
#define ZETA_TERMS 1000000u
#define NORMAL_DRAWS 12

static const char *const names[] = {
	[DISTRIB_RANDOM] = "random", [DISTRIB_ZIPF] = "zipf",
	[DISTRIB_PARETO] = "pareto", [DISTRIB_NORMAL] = "normal",
	[DISTRIB_ZONED] = "zoned", [DISTRIB_ZONED_ABS] = "zoned_abs",
	[DISTRIB_SEQUENCE] = "sequence",
};

const char *distrib_name(enum distrib_kind kind)
{
	return (unsigned)kind < ARRAY_SIZE(names) ? names[kind] : "?";
}

VERIO_PRINTF(3, 4)
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/*
 * "A/S" pairs separated by ':' into zones; sums checked as fio does. A
 * zoned size left empty ("20/") gets an even part of what the others
 * leave of 100 %, as in fio (examples/rand-zones.fio).
 */
static int parse_zones(struct distrib_spec *s, unsigned dir, char *list,
		       unsigned kb_base, char *err, size_t len)
{
	bool abs = s->kind == DISTRIB_ZONED_ABS;
	unsigned acc = 0, n = 0, missing = 0;
	uint64_t sizes = 0;
	char *save = NULL;

	for (char *z = strtok_r(list, ":", &save); z; z = strtok_r(NULL, ":", &save)) {
		struct distrib_zone *zn = &s->zones[dir][n];
		char *slash = strchr(z, '/');
		uint64_t a;

		if (n == DISTRIB_ZONES_MAX)
			return fail(err, len, "more than 256 zones in '%s'", z);
		if (!slash)
			return fail(err, len, "zone '%s' is not ACCESS%%/SIZE", z);
		*slash = '\0';
		if (parse_uint(z, &a) || a > 100)
			return fail(err, len, "bad access percentage '%s' (0 to 100)", z);
		zn->access = (unsigned)a;
		if (!abs && !slash[1]) {
			zn->size = UINT64_MAX;		/* filled in below */
			missing++;
		} else if (abs ? parse_size(slash + 1, kb_base, &zn->size)
			       : parse_uint(slash + 1, &zn->size) || zn->size > 100) {
			return fail(err, len, abs ? "bad zone size '%s'"
						  : "bad zone size '%s' (a percentage, 0 to 100)",
				    slash + 1);
		} else {
			sizes += zn->size;
		}
		acc += zn->access;
		n++;
	}
	if (!n)
		return 0;
	if (acc != 100)
		return fail(err, len, "%s: the access percentages must add up to 100",
			    distrib_name(s->kind));
	if (!abs && sizes > 100)
		return fail(err, len, "%s: the size percentages add up to more than 100",
			    distrib_name(s->kind));
	for (unsigned i = 0; missing && i < n; i++)
		if (s->zones[dir][i].size == UINT64_MAX)
			s->zones[dir][i].size = (100 - sizes) / missing;
	s->nzones[dir] = n;
	return 0;
}

/* "reads[,writes[,trims]]": one set serves both directions. */
static int parse_zoned(struct distrib_spec *s, char *rest, unsigned kb_base,
		       char *err, size_t len)
{
	char *sets[3] = { rest, NULL, NULL };
	int r;

	for (unsigned i = 1; i < 3 && sets[i - 1]; i++) {
		sets[i] = strchr(sets[i - 1], ',');
		if (sets[i])
			*sets[i]++ = '\0';
	}
	for (unsigned d = 0; d < DISTRIB_DIRS; d++) {
		if (!sets[d])
			break;
		r = parse_zones(s, d, sets[d], kb_base, err, len);
		if (r)
			return r;
	}
	if (!sets[1]) {
		s->nzones[1] = s->nzones[0];
		memcpy(s->zones[1], s->zones[0], sizeof(s->zones[0]));
	}
	if (!s->nzones[0] && !s->nzones[1])
		return fail(err, len, "%s needs zones: ACCESS%%/SIZE[:ACCESS%%/SIZE...]",
			    distrib_name(s->kind));
	return 0;
}

/* "B[,B...]": up to 64 block indexes, digits only (fio's rule). */
static int parse_sequence(struct distrib_spec *s, char *rest, char *err, size_t len)
{
	char *save = NULL;

	if (!rest || !*rest)
		return fail(err, len, "sequence needs block indexes: sequence:B[,B...]");
	if (*rest == ',' || rest[strlen(rest) - 1] == ',' || strstr(rest, ",,"))
		return fail(err, len, "sequence: an empty block index in '%s'", rest);
	for (char *b = strtok_r(rest, ",", &save); b; b = strtok_r(NULL, ",", &save)) {
		if (s->nseq == DISTRIB_SEQ_MAX)
			return fail(err, len, "sequence: more than %d block indexes",
				    DISTRIB_SEQ_MAX);
		if (strspn(b, "0123456789") != strlen(b) || parse_uint(b, &s->seq[s->nseq]))
			return fail(err, len, "sequence: bad block index '%s'", b);
		s->nseq++;
	}
	if (!s->nseq)
		return fail(err, len, "sequence needs block indexes: sequence:B[,B...]");
	return 0;
}

/* "value[:center]" after zipf, pareto or normal, range-checked. */
static int parse_value(struct distrib_spec *s, char *rest, char *err, size_t len)
{
	char *c = rest ? strchr(rest, ':') : NULL;

	if (c) {
		*c++ = '\0';
		if (parse_double(c, &s->center) || s->center < 0.0 || s->center > 1.0)
			return fail(err, len, "bad center '%s' (0 to 1)", c);
	}
	if (rest && *rest && parse_double(rest, &s->value))
		return fail(err, len, "bad value '%s'", rest);
	switch (s->kind) {
	case DISTRIB_ZIPF:
		if (s->value == 1.0 || s->value <= 0.0)
			return fail(err, len, "%s: zipf theta must be above 0 and not 1", rest);
		break;
	case DISTRIB_PARETO:
		if (s->value <= 0.0 || s->value >= 1.0)
			return fail(err, len, "%s: pareto h must be above 0 and below 1", rest);
		break;
	default:
		if (s->value < 0.0 || s->value >= 100.0)
			return fail(err, len, "%s: normal deviation must be 0 to below 100", rest);
		break;
	}
	return 0;
}

int distrib_parse(struct distrib_spec *s, const char *str, unsigned kb_base,
		  char *err, size_t errlen)
{
	char *dup, *rest;
	int r = -EINVAL;

	memset(s, 0, sizeof(*s));
	s->center = DISTRIB_NO_CENTER;
	dup = strdup(str ? str : "");
	if (!dup)
		return -ENOMEM;
	rest = strchr(dup, ':');
	if (rest)
		*rest++ = '\0';
	for (unsigned k = 0; k < ARRAY_SIZE(names); k++)
		if (!strcmp(dup, names[k]))
			s->kind = (enum distrib_kind)k, r = 0;
	if (r) {
		fail(err, errlen, "unknown distribution '%s' (random, zipf, pareto, normal, "
				  "zoned, zoned_abs, sequence)", dup);
		goto out;
	}
	switch (s->kind) {
	case DISTRIB_RANDOM:
		break;
	case DISTRIB_ZONED:
	case DISTRIB_ZONED_ABS:
		r = parse_zoned(s, rest ? rest : dup + strlen(dup), kb_base, err, errlen);
		break;
	case DISTRIB_SEQUENCE:
		r = parse_sequence(s, rest, err, errlen);
		break;
	default:
		s->value = s->kind == DISTRIB_ZIPF ? DISTRIB_DEF_ZIPF
			 : s->kind == DISTRIB_PARETO ? DISTRIB_DEF_PARETO : 0.0;
		r = parse_value(s, rest, err, errlen);
		break;
	}
out:
	free(dup);
	return r;
}

/*
 * Spread ranks over the range: rank * mult mod n, with mult coprime to
 * n, is a permutation of [0, n), so neighbours in rank land far apart
 * and no two ranks share a block (the hot share stays the shape's).
 */
static uint64_t scatter(const struct distrib *d, uint64_t v)
{
	return (uint64_t)((unsigned __int128)v * d->mult % d->n);
}

/* A multiplier near n times the golden ratio's fraction, coprime to n. */
static uint64_t pick_mult(uint64_t n)
{
	uint64_t m = (uint64_t)((double)n * 0.6180339887498949) | 1;

	while (n > 1 && gcd_u64(m % n, n) != 1)
		m += 2;
	return n > 1 ? m % n : 0;
}

/* zeta(n, theta): the first terms summed, the tail by its integral. */
static double zeta(uint64_t n, double theta)
{
	uint64_t m = n < ZETA_TERMS ? n : ZETA_TERMS;
	double z = 0.0;

	for (uint64_t i = 1; i <= m; i++)
		z += pow((double)i, -theta);
	if (n > m)
		z += (pow((double)n + 0.5, 1.0 - theta) - pow((double)m + 0.5, 1.0 - theta)) /
		     (1.0 - theta);
	return z;
}

/* The spans of each percent of the accesses, for one direction. */
static int zone_spans(struct distrib *d, const struct distrib_spec *s, unsigned dir,
		      uint64_t bs, char *err, size_t len)
{
	unsigned pct = 0;
	uint64_t at = 0;	/* bytes (zoned_abs) or percent before this zone */

	for (unsigned i = 0; i < s->nzones[dir]; i++) {
		const struct distrib_zone *z = &s->zones[dir][i];
		uint64_t start, end;

		if (s->kind == DISTRIB_ZONED_ABS) {
			start = at / bs;
			at += z->size;
			end = at / bs;
			if (end > d->n)
				return fail(err, len, "zoned_abs: the zones (%" PRIu64
					    " bytes) reach past the end of the region",
					    at);
		} else {
			start = at * d->n / 100;
			end = start + d->n * z->size / 100;
			at += z->size;
		}
		for (unsigned p = 0; p < z->access && pct < 100; p++, pct++) {
			d->pick[dir][pct].start = start;
			d->pick[dir][pct].end = end;
		}
	}
	d->has_zones[dir] = s->nzones[dir] != 0;
	return 0;
}

int distrib_init(struct distrib *d, const struct distrib_spec *s, uint64_t n,
		 uint64_t bs, uint64_t seed, char *err, size_t errlen)
{
	uint64_t sm = seed;
	int r;

	memset(d, 0, sizeof(*d));
	if (!n || !bs)
		return fail(err, errlen, "%s: no blocks to choose from", distrib_name(s->kind));
	d->kind = s->kind;
	d->n = n;
	d->mult = pick_mult(n);
	rand_seed(&d->r, RAND_TAUSWORTHE64, splitmix64(&sm));
	d->rot = s->center == DISTRIB_NO_CENTER ? splitmix64(&sm) % n
						: (uint64_t)((double)n * s->center) % n;
	switch (s->kind) {
	case DISTRIB_ZIPF:
		d->theta = s->value;
		d->zetan = zeta(n, d->theta);
		d->zeta2 = 1.0 + pow(0.5, d->theta);
		d->alpha = 1.0 / (1.0 - d->theta);
		d->eta = (1.0 - pow(2.0 / (double)n, 1.0 - d->theta)) /
			 (1.0 - d->zeta2 / d->zetan);
		break;
	case DISTRIB_PARETO:
		d->ppow = log(s->value) / log(1.0 - s->value);
		break;
	case DISTRIB_NORMAL:
		d->dev = (uint64_t)ceil((double)n * s->value / 100.0);
		if (d->dev > n / 2)
			d->dev = n / 2;
		/* centered on the middle unless told otherwise */
		d->rot = s->center == DISTRIB_NO_CENTER
				 ? 0 : (uint64_t)((double)n * (s->center + 0.5)) % n;
		break;
	case DISTRIB_ZONED:
	case DISTRIB_ZONED_ABS:
		for (unsigned dir = 0; dir < DISTRIB_DIRS; dir++) {
			r = zone_spans(d, s, dir, bs, err, errlen);
			if (r)
				return r;
		}
		break;
	case DISTRIB_SEQUENCE:
		for (unsigned i = 0; i < s->nseq; i++)
			if (s->seq[i] >= n)
				return fail(err, errlen, "sequence: block %" PRIu64 " is past the "
					    "region's %" PRIu64 " blocks", s->seq[i], n);
		d->nseq = s->nseq;
		d->seq_stride = s->seq_stride;
		memcpy(d->seq, s->seq, sizeof(d->seq));
		break;
	case DISTRIB_RANDOM:
		break;
	}
	return 0;
}

/* A uniform double in [0, 1). */
static double unit_draw(struct distrib *d)
{
	return (double)(rand_u64(&d->r) >> 11) * 0x1p-53;
}

/* Zipf rank in [0, n): rank 0 is the hottest. */
static uint64_t zipf_rank(struct distrib *d)
{
	double u = unit_draw(d), uz = u * d->zetan;
	uint64_t v;

	if (uz < 1.0)
		return 0;
	if (uz < d->zeta2)
		return 1;
	v = (uint64_t)((double)d->n * pow(d->eta * u - d->eta + 1.0, d->alpha));
	return v < d->n ? v : d->n - 1;
}

static uint64_t pareto_rank(struct distrib *d)
{
	return (uint64_t)((double)(d->n - 1) * pow(unit_draw(d), d->ppow));
}

/* fio's "normal": the mean of 12 draws over [0, n], plus a uniform deviation. */
static uint64_t normal_pos(struct distrib *d)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < NORMAL_DRAWS; i++)
		sum += rand_between(&d->r, 0, d->n);
	sum = (sum + NORMAL_DRAWS - 1) / NORMAL_DRAWS;
	if (d->dev) {
		int64_t dev = (int64_t)rand_between(&d->r, 0, d->dev - 1) - (int64_t)(d->dev / 2);

		while (dev > 0 && sum + (uint64_t)dev >= d->n)
			dev /= 2;
		if (dev < 0 && (uint64_t)-dev > sum)
			dev = -(int64_t)sum;
		sum += (uint64_t)dev;
	}
	return sum;
}

static uint64_t zoned_block(struct distrib *d, unsigned dir)
{
	const struct distrib_span *sp;

	if (dir >= DISTRIB_DIRS || !d->has_zones[dir])
		return rand_between(&d->r, 0, d->n - 1);
	sp = &d->pick[dir][rand_between(&d->r, 0, 99)];
	if (sp->end <= sp->start)
		return sp->start < d->n ? sp->start : d->n - 1;
	return rand_between(&d->r, sp->start, sp->end - 1);
}

/*
 * fio's sequence: the i-th draw of a direction takes index i mod nseq;
 * strided, round r adds r * nseq, until the region ends.
 */
static uint64_t sequence_block(struct distrib *d, unsigned dir)
{
	uint64_t i = d->count[dir < DISTRIB_DIRS ? dir : 0]++, b;

	b = d->seq[i % d->nseq];
	if (d->seq_stride)
		b += i / d->nseq * d->nseq;
	return b < d->n ? b : DISTRIB_END;
}

uint64_t distrib_next(struct distrib *d, unsigned dir)
{
	switch (d->kind) {
	case DISTRIB_SEQUENCE:
		return sequence_block(d, dir);
	case DISTRIB_ZIPF:
		return (scatter(d, zipf_rank(d)) + d->rot) % d->n;
	case DISTRIB_PARETO:
		return (scatter(d, pareto_rank(d)) + d->rot) % d->n;
	case DISTRIB_NORMAL:
		return (scatter(d, normal_pos(d)) + d->rot) % d->n;
	case DISTRIB_ZONED:
	case DISTRIB_ZONED_ABS:
		return zoned_block(d, dir);
	case DISTRIB_RANDOM:
		break;
	}
	return rand_between(&d->r, 0, d->n - 1);
}
