/*
 * test-runstat.c - unit tests for lib/runstat.c.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "rand.h"
#include "runstat.h"

/* Two-pass reference: exact mean, then the sum of squared deviations. */
static void two_pass(const uint64_t *v, size_t n, double *mean, double *sd)
{
	long double sum = 0, sq = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	*mean = (double)(sum / n);
	for (i = 0; i < n; i++) {
		long double d = (long double)v[i] - sum / n;

		sq += d * d;
	}
	*sd = n < 2 ? 0.0 : (double)sqrtl(sq / (n - 1));
}

static void assert_close(double got, double want, double rel)
{
	double tol = fabs(want) * rel + 1e-9;

	if (fabs(got - want) > tol)
		fail_msg("got %.17g, want %.17g", got, want);
}

static void check(const struct runstat *s, const uint64_t *v, size_t n)
{
	uint64_t min = UINT64_MAX, max = 0;
	double mean, sd;
	size_t i;

	for (i = 0; i < n; i++) {
		min = v[i] < min ? v[i] : min;
		max = v[i] > max ? v[i] : max;
	}
	two_pass(v, n, &mean, &sd);
	assert_int_equal(s->n, n);
	assert_true(s->min == min);
	assert_true(s->max == max);
	assert_close(s->mean, mean, 1e-12);
	/*
	 * Welford in doubles: the mean's rounding (mean * 2^-53) is what
	 * limits the deviations; with mean / stddev ~ 3e9 ("offset") that
	 * is about 1e-7 relative.
	 */
	assert_close(runstat_stddev(s), sd, 1e-6);
}

static void test_runstat__init(void **state)
{
	struct runstat s;

	(void)state;
	runstat_init(&s);
	assert_int_equal(s.n, 0);
	assert_true(s.min == UINT64_MAX);
	assert_int_equal(s.max, 0);
	assert_int_equal(runstat_min(&s), 0);
	assert_true(runstat_stddev(&s) == 0.0);
	runstat_add(&s, 42);
	assert_int_equal(runstat_min(&s), 42);
	assert_true(s.mean == 42.0);
	assert_true(runstat_stddev(&s) == 0.0); /* n < 2 */
}

static void test_runstat__known_values(void **state)
{
	/* 2 4 4 4 5 5 7 9: mean 5, sample variance 32/7 */
	static const uint64_t v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct runstat s;
	size_t i;

	(void)state;
	runstat_init(&s);
	for (i = 0; i < ARRAY_SIZE(v); i++)
		runstat_add(&s, v[i]);
	assert_true(s.mean == 5.0);
	assert_close(runstat_stddev(&s), sqrt(32.0 / 7.0), 1e-15);
	assert_int_equal(s.min, 2);
	assert_int_equal(s.max, 9);
}

struct dist_case {
	const char *name;
	uint64_t base, spread;
	size_t n;
};

/* Large offsets with small spread are where a naive sum of squares fails. */
static const struct dist_case dist_cases[] = {
	{ "small", 0, 100, 1000 },
	{ "wide", 0, 1ULL << 40, 100000 },
	{ "offset", 1000000000000ULL, 1000, 100000 },
	{ "constant", 123456789, 0, 5000 },
	{ "two", 10, 10, 2 },
};

static void test_runstat__vs_two_pass(void **state)
{
	struct rand_state r;
	size_t c, i;

	(void)state;
	rand_seed(&r, RAND_TAUSWORTHE64, 4);
	for (c = 0; c < ARRAY_SIZE(dist_cases); c++) {
		const struct dist_case *dc = &dist_cases[c];
		uint64_t *v = malloc(dc->n * sizeof(*v));
		struct runstat s;

		assert_non_null(v);
		runstat_init(&s);
		for (i = 0; i < dc->n; i++) {
			v[i] = dc->base + rand_between(&r, 0, dc->spread);
			runstat_add(&s, v[i]);
		}
		check(&s, v, dc->n);
		free(v);
	}
}

static void test_runstat__merge(void **state)
{
	static const size_t splits[] = { 0, 1, 500, 9999, 10000 };
	const size_t n = 10000;
	uint64_t *v = malloc(n * sizeof(*v));
	struct rand_state r;
	size_t sp, i;

	(void)state;
	assert_non_null(v);
	rand_seed(&r, RAND_TAUSWORTHE, 9);
	for (i = 0; i < n; i++)
		v[i] = 5000000 + rand_between(&r, 0, 1 << 20);
	for (sp = 0; sp < ARRAY_SIZE(splits); sp++) {
		struct runstat a, b, all;

		runstat_init(&a);
		runstat_init(&b);
		runstat_init(&all);
		for (i = 0; i < n; i++) {
			runstat_add(i < splits[sp] ? &a : &b, v[i]);
			runstat_add(&all, v[i]);
		}
		runstat_merge(&a, &b);
		check(&a, v, n);
		assert_close(a.mean, all.mean, 1e-12);
		assert_close(a.m2, all.m2, 1e-9);
	}
	/* merging an empty run changes nothing */
	{
		struct runstat s, empty;

		runstat_init(&s);
		runstat_init(&empty);
		runstat_add(&s, 3);
		runstat_add(&s, 5);
		runstat_merge(&s, &empty);
		assert_int_equal(s.n, 2);
		assert_int_equal(s.min, 3);
		assert_true(s.mean == 4.0);
	}
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runstat__init),
		cmocka_unit_test(test_runstat__known_values),
		cmocka_unit_test(test_runstat__vs_two_pass),
		cmocka_unit_test(test_runstat__merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
