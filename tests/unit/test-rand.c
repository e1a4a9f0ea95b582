/*
 * test-rand.c - unit tests for lib/rand.c and lib/lfsr.c.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lfsr.h"
#include "rand.h"

static const enum rand_kind kinds[] = { RAND_TAUSWORTHE, RAND_TAUSWORTHE64 };

static void test_rand__splitmix64_known_answer(void **state)
{
	uint64_t s = 0;

	(void)state;
	/* Published SplitMix64 outputs for seed 0. */
	assert_true(splitmix64(&s) == 0xe220a8397b1dcdafULL);
	assert_true(splitmix64(&s) == 0x6e789e6aa1b965f4ULL);
	assert_true(splitmix64(&s) == 0x06c45d188009454fULL);
}

static void test_rand__same_seed_same_sequence(void **state)
{
	static const uint64_t seeds[] = { 0, 1, 42, 0xdeadbeefcafef00dULL, UINT64_MAX };
	size_t k, s;
	int i;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (s = 0; s < ARRAY_SIZE(seeds); s++) {
			struct rand_state a, b;

			rand_seed(&a, kinds[k], seeds[s]);
			rand_seed(&b, kinds[k], seeds[s]);
			for (i = 0; i < 10000; i++)
				assert_true(rand_u64(&a) == rand_u64(&b));
		}
	}
}

static void test_rand__different_seeds_differ(void **state)
{
	size_t k;
	uint64_t seed;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (seed = 0; seed < 64; seed++) {
			struct rand_state a, b;
			int i, same = 0;

			rand_seed(&a, kinds[k], seed);
			rand_seed(&b, kinds[k], seed + 1);
			for (i = 0; i < 100; i++)
				same += rand_u64(&a) == rand_u64(&b);
			assert_int_equal(same, 0);
		}
	}
	/* the two kinds give different sequences for one seed */
	{
		struct rand_state a, b;

		rand_seed(&a, RAND_TAUSWORTHE, 7);
		rand_seed(&b, RAND_TAUSWORTHE64, 7);
		assert_true(rand_u64(&a) != rand_u64(&b));
	}
}

static void test_rand__reseed_restarts(void **state)
{
	struct rand_state r;
	uint64_t first[16];
	size_t k;
	int i;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		rand_seed(&r, kinds[k], 99);
		for (i = 0; i < 16; i++)
			first[i] = rand_u64(&r);
		rand_seed(&r, kinds[k], 99);
		for (i = 0; i < 16; i++)
			assert_true(rand_u64(&r) == first[i]);
	}
}

/* Every output bit is set about half the time. */
static void test_rand__bit_balance(void **state)
{
	const int n = 200000;
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		unsigned ones[64] = { 0 };
		struct rand_state r;
		int i, b;

		rand_seed(&r, kinds[k], 12345);
		for (i = 0; i < n; i++) {
			uint64_t v = rand_u64(&r);

			for (b = 0; b < 64; b++)
				ones[b] += (v >> b) & 1;
		}
		for (b = 0; b < 64; b++) {
			/* 5 sigma is about 1118 */
			assert_in_range(ones[b], n / 2 - 1200, n / 2 + 1200);
		}
	}
}

struct between_case {
	uint64_t lo, hi;
};

static const struct between_case between_cases[] = {
	{ 0, 0 },
	{ 5, 5 },
	{ 0, 1 },
	{ 10, 20 },
	{ 0, 6 },
	{ 1000, 1000000 },
	{ 0, UINT32_MAX },
	{ 1ULL << 40, (1ULL << 40) + 3 },
	{ UINT64_MAX - 2, UINT64_MAX },
	{ 0, UINT64_MAX },
	{ 1, UINT64_MAX },
	{ 0, UINT64_MAX / 3 * 2 },
};

static void test_rand__between_bounds(void **state)
{
	size_t k, c;
	int i;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct rand_state r;

		rand_seed(&r, kinds[k], 3);
		for (c = 0; c < ARRAY_SIZE(between_cases); c++) {
			const struct between_case *bc = &between_cases[c];
			uint64_t seen_lo = UINT64_MAX, seen_hi = 0;

			for (i = 0; i < 20000; i++) {
				uint64_t v = rand_between(&r, bc->lo, bc->hi);

				assert_true(v >= bc->lo && v <= bc->hi);
				seen_lo = v < seen_lo ? v : seen_lo;
				seen_hi = v > seen_hi ? v : seen_hi;
			}
			/* small ranges: both ends are reached */
			if (bc->hi - bc->lo < 16) {
				assert_true(seen_lo == bc->lo);
				assert_true(seen_hi == bc->hi);
			}
		}
		/* lo > hi is taken as the swapped range */
		for (i = 0; i < 1000; i++) {
			uint64_t v = rand_between(&r, 20, 10);

			assert_true(v >= 10 && v <= 20);
		}
	}
}

/* Chi-square test of rand_between over a range that is not a power of 2. */
static void test_rand__between_uniform(void **state)
{
	enum { BUCKETS = 10, N = 200000 };
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		unsigned count[BUCKETS] = { 0 };
		struct rand_state r;
		double chi2 = 0, expect = (double)N / BUCKETS;
		int i;

		rand_seed(&r, kinds[k], 2024);
		for (i = 0; i < N; i++)
			count[rand_between(&r, 100, 100 + BUCKETS - 1) - 100]++;
		for (i = 0; i < BUCKETS; i++)
			chi2 += (count[i] - expect) * (count[i] - expect) / expect;
		/* 9 degrees of freedom: p = 0.0001 at 33.7 */
		if (chi2 > 33.7)
			fail_msg("kind %zu: chi-square %.2f too large", k, chi2);
	}
}

static void test_rand__double_range(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct rand_state r;
		double sum = 0;
		int i;

		rand_seed(&r, kinds[k], 77);
		for (i = 0; i < 100000; i++) {
			double d = rand_double(&r);

			assert_true(d >= 0.0 && d < 1.0);
			sum += d;
		}
		assert_true(sum / 100000 > 0.49 && sum / 100000 < 0.51);
	}
}

/* Check one full pass of the LFSR covers [0, n) exactly once. */
static void lfsr_check_pass(struct lfsr *l, uint64_t n)
{
	uint8_t *seen = calloc(n, 1);
	uint64_t i, v;

	assert_non_null(seen);
	for (i = 0; i < n; i++) {
		if (lfsr_next(l, &v))
			fail_msg("n=%" PRIu64 ": ended after %" PRIu64 " values", n, i);
		if (v >= n)
			fail_msg("n=%" PRIu64 ": value %" PRIu64 " out of range", n, v);
		if (seen[v])
			fail_msg("n=%" PRIu64 ": value %" PRIu64 " twice", n, v);
		seen[v] = 1;
	}
	assert_int_equal(lfsr_next(l, &v), -ENOENT);
	assert_int_equal(lfsr_next(l, &v), -ENOENT);
	free(seen);
}

static void test_rand__lfsr_visits_all_once(void **state)
{
	static const uint64_t ns[] = { 1,    2,	   3,	   4,	   5,	  7,	 8,	 100,
				       1000, 4095, 4096, 4097, 65535, 65536, 100003, 1 << 20 };
	static const uint64_t seeds[] = { 0, 1, 12345, UINT64_MAX };
	size_t i, s;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ns); i++) {
		for (s = 0; s < ARRAY_SIZE(seeds); s++) {
			struct lfsr l;

			assert_int_equal(lfsr_init(&l, ns[i], seeds[s]), 0);
			lfsr_check_pass(&l, ns[i]);
			/* a reset starts a new complete pass */
			lfsr_reset(&l, seeds[s] + 1);
			lfsr_check_pass(&l, ns[i]);
		}
	}
}

/* n = 2^w - 1 uses the full period of width w: every tap entry is checked. */
static void test_rand__lfsr_full_period(void **state)
{
	unsigned w;

	(void)state;
	for (w = 1; w <= 22; w++) {
		struct lfsr l;
		uint64_t n = (1ULL << w) - 1;

		assert_int_equal(lfsr_init(&l, n, w), 0);
		lfsr_check_pass(&l, n);
	}
}

static void test_rand__lfsr_seed_changes_order(void **state)
{
	struct lfsr a, b;
	uint64_t va, vb;
	int i, same = 0;

	(void)state;
	assert_int_equal(lfsr_init(&a, 1000, 1), 0);
	assert_int_equal(lfsr_init(&b, 1000, 500), 0);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(lfsr_next(&a, &va), 0);
		assert_int_equal(lfsr_next(&b, &vb), 0);
		same += va == vb;
	}
	assert_true(same < 10);
}

static void test_rand__lfsr_limits(void **state)
{
	struct lfsr l;
	uint64_t v, prev = UINT64_MAX;
	int i;

	(void)state;
	assert_int_equal(lfsr_init(&l, 0, 1), -EINVAL);
	/* the largest n: values stay in range and do not repeat at once */
	assert_int_equal(lfsr_init(&l, UINT64_MAX, 42), 0);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(lfsr_next(&l, &v), 0);
		assert_true(v < UINT64_MAX);
		assert_true(v != prev);
		prev = v;
	}
	assert_int_equal(lfsr_init(&l, 1ULL << 63, 0), 0);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(lfsr_next(&l, &v), 0);
		assert_true(v < (1ULL << 63));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rand__splitmix64_known_answer),
		cmocka_unit_test(test_rand__same_seed_same_sequence),
		cmocka_unit_test(test_rand__different_seeds_differ),
		cmocka_unit_test(test_rand__reseed_restarts),
		cmocka_unit_test(test_rand__bit_balance),
		cmocka_unit_test(test_rand__between_bounds),
		cmocka_unit_test(test_rand__between_uniform),
		cmocka_unit_test(test_rand__double_range),
		cmocka_unit_test(test_rand__lfsr_visits_all_once),
		cmocka_unit_test(test_rand__lfsr_full_period),
		cmocka_unit_test(test_rand__lfsr_seed_changes_order),
		cmocka_unit_test(test_rand__lfsr_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
