/*
 * test-randmap.c - unit tests for lib/randmap.c.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rand.h"
#include "randmap.h"

static void test_randmap__basic(void **state)
{
	struct randmap *m = randmap_new(100);
	uint64_t b;

	(void)state;
	assert_non_null(m);
	assert_int_equal(randmap_nblocks(m), 100);
	assert_int_equal(randmap_nr_set(m), 0);
	for (b = 0; b < 100; b++)
		assert_false(randmap_test(m, b));
	assert_false(randmap_test_and_set(m, 42));
	assert_true(randmap_test_and_set(m, 42));
	assert_true(randmap_test(m, 42));
	assert_false(randmap_test(m, 41));
	assert_int_equal(randmap_nr_set(m), 1);
	/* out of range reads as set and changes nothing */
	assert_true(randmap_test(m, 100));
	assert_true(randmap_test_and_set(m, 1000));
	assert_int_equal(randmap_nr_set(m), 1);
	assert_int_equal(randmap_next_free(m, 42, &b), 0);
	assert_int_equal(b, 43);
	assert_int_equal(randmap_next_free(m, 41, &b), 0);
	assert_int_equal(b, 41);
	randmap_free(m);
	randmap_free(NULL);
}

static void test_randmap__bad_size(void **state)
{
	(void)state;
	errno = 0;
	assert_null(randmap_new(0));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(randmap_new(RANDMAP_MAX_BLOCKS + 1));
	assert_int_equal(errno, EINVAL);
}

/* The reference answer: first clear block at or after from, wrapping. */
static int naive_next_free(const uint8_t *used, uint64_t n, uint64_t from, uint64_t *blk)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		uint64_t b = (from + i) % n;

		if (!used[b]) {
			*blk = b;
			return 0;
		}
	}
	return -ENOSPC;
}

/*
 * Pick a random block, take the next free one from there, mark it: after
 * n rounds every block was taken exactly once, and the map is full.
 */
static void coverage_run(uint64_t n, bool check_naive)
{
	struct randmap *m = randmap_new(n);
	uint8_t *used = calloc(n, 1);
	struct rand_state r;
	uint64_t i, b, want;

	assert_non_null(m);
	assert_non_null(used);
	rand_seed(&r, RAND_TAUSWORTHE64, n);
	for (i = 0; i < n; i++) {
		uint64_t from = rand_between(&r, 0, n - 1);

		assert_int_equal(randmap_next_free(m, from, &b), 0);
		if (check_naive) {
			assert_int_equal(naive_next_free(used, n, from, &want), 0);
			if (b != want)
				fail_msg("n=%" PRIu64 " from=%" PRIu64 ": got %" PRIu64
					 ", want %" PRIu64, n, from, b, want);
		}
		assert_true(b < n);
		assert_false(used[b]);
		assert_false(randmap_test_and_set(m, b));
		used[b] = 1;
	}
	assert_int_equal(randmap_nr_set(m), n);
	assert_int_equal(randmap_next_free(m, 0, &b), -ENOSPC);
	assert_int_equal(randmap_next_free(m, n / 2, &b), -ENOSPC);
	for (i = 0; i < n; i++)
		assert_true(used[i]);
	randmap_free(m);
	free(used);
}

static void test_randmap__coverage(void **state)
{
	static const uint64_t small[] = { 1, 2, 63, 64, 65, 127, 128, 129, 1000, 4095, 4096, 4097 };
	static const uint64_t large[] = { 262143, 262144, 262145, 1000003 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(small); i++)
		coverage_run(small[i], true);
	for (i = 0; i < ARRAY_SIZE(large); i++)
		coverage_run(large[i], false);
}

static void test_randmap__wrap_around(void **state)
{
	struct randmap *m = randmap_new(200);
	uint64_t b;

	(void)state;
	assert_non_null(m);
	for (b = 150; b < 200; b++)
		assert_false(randmap_test_and_set(m, b));
	assert_int_equal(randmap_next_free(m, 160, &b), 0);
	assert_int_equal(b, 0);
	for (b = 0; b <= 10; b++)
		randmap_test_and_set(m, b);
	assert_int_equal(randmap_next_free(m, 199, &b), 0);
	assert_int_equal(b, 11);
	/* from past the end starts at block 0 */
	assert_int_equal(randmap_next_free(m, 5000, &b), 0);
	assert_int_equal(b, 11);
	assert_int_equal(randmap_next_free(m, 149, &b), 0);
	assert_int_equal(b, 149);
	randmap_free(m);
}

static void test_randmap__full_and_reset(void **state)
{
	const uint64_t n = 64 * 64 + 3;
	struct randmap *m = randmap_new(n);
	uint64_t b;

	(void)state;
	assert_non_null(m);
	for (b = 0; b < n; b++)
		assert_false(randmap_test_and_set(m, b));
	assert_int_equal(randmap_nr_set(m), n);
	assert_int_equal(randmap_next_free(m, 0, &b), -ENOSPC);
	assert_int_equal(randmap_next_free(m, n - 1, &b), -ENOSPC);
	assert_int_equal(randmap_next_free(m, n + 10, &b), -ENOSPC);
	randmap_reset(m);
	assert_int_equal(randmap_nr_set(m), 0);
	for (b = 0; b < n; b++)
		assert_false(randmap_test(m, b));
	assert_int_equal(randmap_next_free(m, 5, &b), 0);
	assert_int_equal(b, 5);
	assert_int_equal(randmap_next_free(m, n - 1, &b), 0);
	assert_int_equal(b, n - 1);
	randmap_free(m);
}

/* One free block left in 4M: every search lands on it, quickly. */
static void test_randmap__nearly_full(void **state)
{
	const uint64_t n = 1 << 22;
	const uint64_t hole = 3141592;
	struct randmap *m = randmap_new(n);
	struct rand_state r;
	uint64_t b;
	int i;

	(void)state;
	assert_non_null(m);
	for (b = 0; b < n; b++) {
		if (b != hole)
			randmap_test_and_set(m, b);
	}
	assert_int_equal(randmap_nr_set(m), n - 1);
	rand_seed(&r, RAND_TAUSWORTHE, 1);
	for (i = 0; i < 200000; i++) {
		assert_int_equal(randmap_next_free(m, rand_between(&r, 0, n - 1), &b), 0);
		assert_int_equal(b, hole);
	}
	assert_false(randmap_test_and_set(m, hole));
	assert_int_equal(randmap_next_free(m, 0, &b), -ENOSPC);
	randmap_free(m);
}

/* A map of 2^33 + 7 blocks (1 GiB, mostly never touched). */
static void test_randmap__large_sparse(void **state)
{
	const uint64_t n = (1ULL << 33) + 7;
	struct randmap *m = randmap_new(n);
	uint64_t b, start = 1ULL << 32;

	(void)state;
	if (!m)
		skip();
	assert_false(randmap_test_and_set(m, 0));
	assert_false(randmap_test_and_set(m, n - 1));
	assert_int_equal(randmap_next_free(m, n - 1, &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(randmap_next_free(m, n - 2, &b), 0);
	assert_int_equal(b, n - 2);
	/* a full run of 64^3 + 5 blocks is skipped in one search */
	for (b = start; b < start + 64 * 64 * 64 + 5; b++)
		randmap_test_and_set(m, b);
	assert_int_equal(randmap_next_free(m, start, &b), 0);
	assert_true(b == start + 64 * 64 * 64 + 5);
	assert_int_equal(randmap_next_free(m, start - 1, &b), 0);
	assert_true(b == start - 1);
	assert_true(randmap_nr_set(m) == 2 + 64 * 64 * 64 + 5);
	randmap_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_randmap__basic),
		cmocka_unit_test(test_randmap__bad_size),
		cmocka_unit_test(test_randmap__coverage),
		cmocka_unit_test(test_randmap__wrap_around),
		cmocka_unit_test(test_randmap__full_and_reset),
		cmocka_unit_test(test_randmap__nearly_full),
		cmocka_unit_test(test_randmap__large_sparse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
