/*
 * test-distrib.c - unit tests for lib/distrib.c: parsing of
 * random_distribution= and the shapes of the draws.
 */
#include "compat.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "distrib.h"

#define N 1000u
#define DRAWS 200000u

static struct distrib_spec spec;
static struct distrib dist;
static unsigned hits[N];

static void parse_ok(const char *s)
{
	char err[160] = "";

	if (distrib_parse(&spec, s, 1024, err, sizeof(err)))
		fail_msg("'%s' refused: %s", s, err);
}

static void parse_bad(const char *s)
{
	char err[160] = "";

	if (!distrib_parse(&spec, s, 1024, err, sizeof(err)))
		fail_msg("'%s' accepted", s);
	assert_true(err[0] != '\0');
}

/* Draw DRAWS blocks of N into hits[]; every one must be in range. */
static void draw(const char *s, unsigned dir)
{
	char err[160] = "";

	parse_ok(s);
	assert_int_equal(distrib_init(&dist, &spec, N, 4096, 42, err, sizeof(err)), 0);
	memset(hits, 0, sizeof(hits));
	for (unsigned i = 0; i < DRAWS; i++) {
		uint64_t b = distrib_next(&dist, dir);

		assert_true(b < N);
		hits[b]++;
	}
}

static int by_count_desc(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Share of the draws the hottest pct percent of the blocks got. */
static double top_share(unsigned pct)
{
	unsigned sorted[N];
	uint64_t sum = 0;

	memcpy(sorted, hits, sizeof(sorted));
	qsort(sorted, N, sizeof(sorted[0]), by_count_desc);
	for (unsigned i = 0; i < N * pct / 100; i++)
		sum += sorted[i];
	return (double)sum / DRAWS;
}

static double range_share(unsigned from, unsigned to)
{
	uint64_t sum = 0;

	for (unsigned i = from; i < to; i++)
		sum += hits[i];
	return (double)sum / DRAWS;
}

static void test_distrib__parse_forms(void **state)
{
	(void)state;
	parse_ok("random");
	assert_int_equal(spec.kind, DISTRIB_RANDOM);
	parse_ok("zipf");
	assert_int_equal(spec.kind, DISTRIB_ZIPF);
	assert_true(spec.value == DISTRIB_DEF_ZIPF && spec.center == DISTRIB_NO_CENTER);
	parse_ok("zipf:1.2:0.25");
	assert_true(spec.value == 1.2 && spec.center == 0.25);
	parse_ok("pareto:0.3");
	assert_true(spec.kind == DISTRIB_PARETO && spec.value == 0.3);
	parse_ok("pareto");
	assert_true(spec.value == DISTRIB_DEF_PARETO);
	parse_ok("normal:5:0.75");
	assert_true(spec.kind == DISTRIB_NORMAL && spec.value == 5 && spec.center == 0.75);
	parse_ok("zoned:60/10:30/20:8/30:2/40");
	assert_int_equal(spec.nzones[0], 4);
	assert_int_equal(spec.nzones[1], 4);
	assert_int_equal(spec.zones[1][3].access, 2);
	assert_int_equal(spec.zones[1][3].size, 40);
	parse_ok("zoned:50/50:50/50,100/10");
	assert_int_equal(spec.nzones[0], 2);
	assert_int_equal(spec.nzones[1], 1);
	/* fio's examples/rand-zones.fio: an empty size takes the rest */
	parse_ok("zoned:50/5:30/15:20/");
	assert_int_equal(spec.zones[0][2].size, 80);
	parse_ok("zoned:50/:50/");
	assert_int_equal(spec.zones[0][0].size, 50);
	assert_int_equal(spec.zones[0][1].size, 50);
	parse_ok("zoned_abs:60/20k:40/1m");
	assert_true(spec.kind == DISTRIB_ZONED_ABS && spec.zones[0][0].size == 20480 &&
		    spec.zones[0][1].size == 1048576);
}

static void test_distrib__parse_errors(void **state)
{
	(void)state;
	parse_bad("uniform");
	parse_bad("zipf:1");
	parse_bad("zipf:abc");
	parse_bad("zipf:1.2:1.5");
	parse_bad("pareto:1.0");
	parse_bad("pareto:0");
	parse_bad("normal:100");
	parse_bad("normal:-1");
	parse_bad("zoned");
	parse_bad("zoned:60/10:30/20");		/* accesses add up to 90 */
	parse_bad("zoned:60/60:40/60");		/* sizes add up to 120 */
	parse_bad("zoned:60-10:40/90");
	parse_bad("zoned:160/10");
	parse_bad("zoned:/10:100/90");		/* fio: an access may not be left out */
	parse_bad("zoned_abs:50/:50/1m");
	parse_bad("zoned_abs:50/1x:50/1m");
}

/* zipf:1.2 over 1000 blocks: the top 10 % get H(100,1.2)/H(1000,1.2), ~ 72 %. */
static void test_distrib__zipf_hot_share(void **state)
{
	double want, h100 = 0, h1000 = 0;

	(void)state;
	for (unsigned i = 1; i <= N; i++) {
		if (i <= N / 10)
			h100 += pow(i, -1.2);
		h1000 += pow(i, -1.2);
	}
	want = h100 / h1000;
	draw("zipf:1.2", 1);
	assert_true(fabs(top_share(10) - want) < 0.03);
	/* uniform would give 10 %: the shape really is skewed */
	assert_true(top_share(10) > 0.6);
}

/* zipf's hottest block sits at the center given. */
static void test_distrib__zipf_center(void **state)
{
	unsigned best = 0;

	(void)state;
	draw("zipf:1.2:0.25", 0);
	for (unsigned i = 1; i < N; i++)
		if (hits[i] > hits[best])
			best = i;
	assert_int_equal(best, N / 4);
}

/* pareto:0.2 (fio's 80/20 default): P(rank < n/10) = 0.1^(log 0.8 / log 0.2) ~ 72.7 %. */
static void test_distrib__pareto_hot_share(void **state)
{
	double want = pow(0.1, log(0.8) / log(0.2));

	(void)state;
	draw("pareto:0.2", 0);
	assert_true(fabs(top_share(10) - want) < 0.03);
}

/* normal: the mean of 12 draws has sd n/12; the middle tenth (±0.6 sd) holds ~45 %. */
static void test_distrib__normal_shape(void **state)
{
	(void)state;
	draw("normal", 0);
	assert_true(fabs(top_share(10) - 0.45) < 0.05);
	/* a wide deviation flattens it */
	draw("normal:90", 0);
	assert_true(top_share(10) < 0.40);
}

static void test_distrib__zoned_percentages(void **state)
{
	(void)state;
	draw("zoned:60/10:30/20:8/30:2/40", 0);
	assert_true(fabs(range_share(0, 100) - 0.60) < 0.01);
	assert_true(fabs(range_share(100, 300) - 0.30) < 0.01);
	assert_true(fabs(range_share(300, 600) - 0.08) < 0.01);
	assert_true(fabs(range_share(600, 1000) - 0.02) < 0.01);
	/* per direction: writes get their own zones */
	draw("zoned:100/100,90/50:10/50", 1);
	assert_true(fabs(range_share(0, 500) - 0.90) < 0.01);
	/* sizes below 100 %: the rest of the range is never touched */
	draw("zoned:100/20", 0);
	assert_true(range_share(200, 1000) == 0.0);
}

static void test_distrib__zoned_abs(void **state)
{
	char err[160] = "";

	(void)state;
	/* 4096-byte blocks: 40k = 10 blocks, then 400k = 100 blocks */
	draw("zoned_abs:70/40k:30/400k", 1);
	assert_true(fabs(range_share(0, 10) - 0.70) < 0.01);
	assert_true(fabs(range_share(10, 110) - 0.30) < 0.01);
	assert_true(range_share(110, N) == 0.0);
	parse_ok("zoned_abs:50/2m:50/4m");
	assert_int_equal(distrib_init(&dist, &spec, N, 4096, 1, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "past the end"));
}

static void test_distrib__deterministic(void **state)
{
	struct distrib a, b;
	char err[160];

	(void)state;
	parse_ok("pareto:0.3");
	assert_int_equal(distrib_init(&a, &spec, N, 4096, 7, err, sizeof(err)), 0);
	assert_int_equal(distrib_init(&b, &spec, N, 4096, 7, err, sizeof(err)), 0);
	for (unsigned i = 0; i < 1000; i++)
		assert_true(distrib_next(&a, 0) == distrib_next(&b, 0));
	assert_int_equal(distrib_init(&a, &spec, 0, 4096, 7, err, sizeof(err)), -EINVAL);
}

/* Uniform: every block is reached, none far above its share. */
static void test_distrib__random_uniform(void **state)
{
	(void)state;
	draw("random", 0);
	for (unsigned i = 0; i < N; i++)
		assert_true(hits[i] > DRAWS / N / 2 && hits[i] < DRAWS / N * 2);
}

/* fio's sequence: the indexes in a loop, or strided round by round. */
static void test_distrib__sequence(void **state)
{
	static const uint64_t plain[] = { 2, 0, 1, 2, 0, 1, 2 };
	static const uint64_t strided[] = { 2, 0, 1, 5, 3, 4, 8, 6, 7 };
	char err[160] = "";

	(void)state;
	parse_ok("sequence:2,0,1");
	assert_int_equal(spec.kind, DISTRIB_SEQUENCE);
	assert_int_equal(spec.nseq, 3);
	assert_int_equal(distrib_init(&dist, &spec, 12, 4096, 1, err, sizeof(err)), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(plain); i++)
		assert_true(distrib_next(&dist, 0) == plain[i]);
	/* each direction counts its own draws */
	assert_true(distrib_next(&dist, 1) == 2);
	spec.seq_stride = true;
	assert_int_equal(distrib_init(&dist, &spec, 9, 4096, 1, err, sizeof(err)), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(strided); i++)
		assert_true(distrib_next(&dist, 1) == strided[i]);
	assert_true(distrib_next(&dist, 1) == DISTRIB_END);
	/* an index past the region */
	assert_int_equal(distrib_init(&dist, &spec, 2, 4096, 1, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "block 2"));
}

static void test_distrib__sequence_errors(void **state)
{
	char many[400] = "sequence:0";
	size_t at = strlen(many);

	(void)state;
	parse_bad("sequence");
	parse_bad("sequence:");
	parse_bad("sequence:1,-2");
	parse_bad("sequence:1,,2");
	parse_bad("sequence:1,2,");
	parse_bad("sequence:a");
	for (unsigned i = 1; i < DISTRIB_SEQ_MAX; i++)
		at += (size_t)snprintf(many + at, sizeof(many) - at, ",1");
	parse_ok(many);
	assert_int_equal(spec.nseq, DISTRIB_SEQ_MAX);
	snprintf(many + at, sizeof(many) - at, ",1");
	parse_bad(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distrib__parse_forms),
		cmocka_unit_test(test_distrib__parse_errors),
		cmocka_unit_test(test_distrib__zipf_hot_share),
		cmocka_unit_test(test_distrib__zipf_center),
		cmocka_unit_test(test_distrib__pareto_hot_share),
		cmocka_unit_test(test_distrib__normal_shape),
		cmocka_unit_test(test_distrib__zoned_percentages),
		cmocka_unit_test(test_distrib__zoned_abs),
		cmocka_unit_test(test_distrib__deterministic),
		cmocka_unit_test(test_distrib__random_uniform),
		cmocka_unit_test(test_distrib__sequence),
		cmocka_unit_test(test_distrib__sequence_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
