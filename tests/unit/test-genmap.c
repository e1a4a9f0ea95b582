/*
 * test-genmap.c - unit tests for src/verify/genmap.c (the generation map).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "verify/genmap.h"

static void test_genmap__new_is_unwritten(void **state)
{
	struct genmap *m = genmap_new(1000);
	uint64_t u;

	(void)state;
	assert_non_null(m);
	assert_int_equal(genmap_nunits(m), 1000);
	assert_int_equal(genmap_nr_written(m), 0);
	for (u = 0; u < 1000; u++) {
		assert_int_equal(genmap_get(m, u), 0);
		assert_int_equal(genmap_next(m, u), 1);
	}
	assert_non_null(genmap_data(m));
	assert_ptr_equal(genmap_data(m), genmap_data_const(m));
	genmap_free(m);
	genmap_free(NULL);
}

static void test_genmap__set_get_next(void **state)
{
	struct genmap *m = genmap_new(16);

	(void)state;
	assert_non_null(m);
	genmap_set(m, 3, genmap_next(m, 3));
	assert_int_equal(genmap_get(m, 3), 1);
	assert_int_equal(genmap_next(m, 3), 2);
	genmap_set(m, 3, genmap_next(m, 3));
	genmap_set(m, 3, genmap_next(m, 3));
	assert_int_equal(genmap_get(m, 3), 3);
	/* neighbours untouched */
	assert_int_equal(genmap_get(m, 2), 0);
	assert_int_equal(genmap_get(m, 4), 0);
	genmap_set(m, 15, 700);
	assert_int_equal(genmap_get(m, 15), 700);
	assert_int_equal(genmap_next(m, 15), 701);
	/* the raw array is the map, in host order */
	assert_int_equal(genmap_data_const(m)[3], 3);
	assert_int_equal(genmap_data_const(m)[15], 700);
	genmap_free(m);
}

static void test_genmap__wrap(void **state)
{
	struct genmap *m = genmap_new(2);
	uint32_t g;

	(void)state;
	assert_non_null(m);
	genmap_set(m, 0, 65534);
	assert_int_equal(genmap_next(m, 0), 65535);
	genmap_set(m, 0, genmap_next(m, 0));
	assert_int_equal(genmap_get(m, 0), 65535);
	assert_int_equal(genmap_next(m, 0), 1);
	genmap_set(m, 0, genmap_next(m, 0));
	assert_int_equal(genmap_get(m, 0), 1);
	/* every generation has a successor in 1..65535, one more (wrapping) */
	for (g = 0; g <= 65535; g++) {
		uint16_t n = genmap_next_gen((uint16_t)g);

		assert_true(n >= 1);
		assert_int_equal(n, g == 65535 ? 1 : g + 1);
	}
	/* a full cycle of writes comes back to where it started, never 0 */
	genmap_set(m, 1, 0);
	for (g = 0; g < 2 * 65535; g++) {
		genmap_set(m, 1, genmap_next(m, 1));
		assert_int_not_equal(genmap_get(m, 1), 0);
	}
	assert_int_equal(genmap_get(m, 1), 65535);
	genmap_free(m);
}

static void test_genmap__nr_written_and_clear(void **state)
{
	struct genmap *m = genmap_new(100000);
	uint64_t u;

	(void)state;
	assert_non_null(m);
	for (u = 0; u < 100000; u += 7)
		genmap_set(m, u, genmap_next(m, u));
	assert_int_equal(genmap_nr_written(m), (100000 + 6) / 7);
	/* rewriting a unit does not count it twice */
	genmap_set(m, 0, genmap_next(m, 0));
	assert_int_equal(genmap_get(m, 0), 2);
	assert_int_equal(genmap_nr_written(m), (100000 + 6) / 7);
	genmap_set(m, 99999, 65535);
	assert_int_equal(genmap_nr_written(m), (100000 + 6) / 7 + 1);
	genmap_clear(m);
	assert_int_equal(genmap_nr_written(m), 0);
	assert_int_equal(genmap_get(m, 0), 0);
	assert_int_equal(genmap_nunits(m), 100000);
	genmap_free(m);
}

static void test_genmap__empty_and_too_large(void **state)
{
	struct genmap *m = genmap_new(0);

	(void)state;
	assert_non_null(m);
	assert_int_equal(genmap_nunits(m), 0);
	assert_int_equal(genmap_nr_written(m), 0);
	assert_null(genmap_data(m));
	genmap_clear(m);
	genmap_free(m);

	errno = 0;
	assert_null(genmap_new(UINT64_MAX));
	assert_int_equal(errno, ENOMEM);
}

/* A run continuing a saved state writes above its maximum, wrapping to it. */
/*
 * A trim marks the unit and keeps its generation (the next write is still
 * newer than anything before the trim); a write clears the mark; clear()
 * forgets both; the bits round-trip through genmap_trim_bits().
 */
static void test_genmap__trimmed(void **state)
{
	struct genmap *m = genmap_new(21), *c = genmap_new(21);
	uint8_t *bits;

	(void)state;
	assert_non_null(m);
	assert_non_null(c);
	assert_int_equal(genmap_trim_len(m), 3);
	for (uint64_t u = 0; u < 21; u++)
		assert_false(genmap_trimmed(m, u));
	genmap_set(m, 3, 7);
	genmap_trim(m, 3);
	genmap_trim(m, 20);	/* never written */
	assert_true(genmap_trimmed(m, 3));
	assert_true(genmap_trimmed(m, 20));
	assert_false(genmap_trimmed(m, 2));
	assert_false(genmap_trimmed(m, 4));
	assert_false(genmap_trimmed(m, 19));
	assert_int_equal(genmap_get(m, 3), 7);
	assert_int_equal(genmap_next(m, 3), 8);
	assert_int_equal(genmap_get(m, 20), 0);
	assert_int_equal(genmap_nr_trimmed(m), 2);
	assert_int_equal(genmap_nr_written(m), 1);

	/* The bits copied into another map, as a state load does. */
	memcpy(genmap_trim_bits(c), genmap_trim_bits_const(m), genmap_trim_len(m));
	assert_false(genmap_trimmed(c, 3));	/* not refreshed yet */
	genmap_trim_refresh(c);
	assert_true(genmap_trimmed(c, 3));
	assert_true(genmap_trimmed(c, 20));
	assert_int_equal(genmap_nr_trimmed(c), 2);

	genmap_set(m, 3, genmap_next(m, 3));
	assert_false(genmap_trimmed(m, 3));
	assert_int_equal(genmap_get(m, 3), 8);
	assert_true(genmap_trimmed(m, 20));
	assert_int_equal(genmap_nr_trimmed(m), 1);
	genmap_clear(m);
	assert_false(genmap_trimmed(m, 20));
	assert_int_equal(genmap_nr_trimmed(m), 0);
	bits = genmap_trim_bits(m);
	for (uint64_t i = 0; i < genmap_trim_len(m); i++)
		assert_int_equal(bits[i], 0);
	genmap_free(m);
	genmap_free(c);
}

static void test_genmap__base(void **state)
{
	struct genmap *m = genmap_new(4);

	(void)state;
	assert_non_null(m);
	genmap_set(m, 1, 5);		/* an earlier run's generation */
	genmap_set_base(m, 10);
	assert_int_equal(genmap_next(m, 0), 10);	/* never written */
	assert_int_equal(genmap_next(m, 1), 10);	/* earlier run's */
	genmap_set(m, 1, genmap_next(m, 1));
	assert_int_equal(genmap_next(m, 1), 11);	/* this run's: + 1 */
	genmap_set(m, 2, GENMAP_GEN_MAX);
	assert_int_equal(genmap_next(m, 2), 10);	/* wraps to the base */
	genmap_set_base(m, 0);				/* 0 means 1 */
	assert_int_equal(genmap_next(m, 0), 1);
	assert_int_equal(genmap_next(m, 2), 1);
	genmap_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genmap__new_is_unwritten),
		cmocka_unit_test(test_genmap__set_get_next),
		cmocka_unit_test(test_genmap__wrap),
		cmocka_unit_test(test_genmap__base),
		cmocka_unit_test(test_genmap__trimmed),
		cmocka_unit_test(test_genmap__nr_written_and_clear),
		cmocka_unit_test(test_genmap__empty_and_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
