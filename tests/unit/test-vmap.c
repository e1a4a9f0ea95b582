/*
 * test-vmap.c - unit tests for src/verify/vmap.c (the report's verify
 * map): how a region is cut into cells, the per-cell counts, and the
 * failures by class kept sorted and summed.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "verify/format.h"
#include "verify/genmap.h"
#include "verify/vmap.h"

/* A cell is 2^shift units, the fewest doublings that leave <= 1024 cells. */
static void test_vmap__cells(void **state)
{
	static const struct {
		uint64_t nunits;
		unsigned shift;
		uint32_t cells;
	} t[] = {
		{ 0, 0, 0 },
		{ 1, 0, 1 },
		{ 3, 0, 3 },			/* a 3-unit region: 3 cells */
		{ 1024, 0, 1024 },
		{ 1025, 1, 513 },		/* not a power of two: last cell partial */
		{ 2048, 1, 1024 },
		{ 2049, 2, 513 },
		{ 3000, 2, 750 },
		{ 1000000, 10, 977 },
		{ 1ULL << 32, 22, 1024 },	/* 16 TiB of 4 KiB units */
		{ (1ULL << 32) + 1, 23, 513 },
		{ 1ULL << 44, 34, 1024 },	/* 16 TiB of 1-byte units */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		unsigned s = vmap_shift(t[i].nunits);

		if (s != t[i].shift || vmap_cells(t[i].nunits, s) != t[i].cells)
			fail_msg("%" PRIu64 " units: shift %u cells %u, wanted %u %u",
				 t[i].nunits, s, vmap_cells(t[i].nunits, s), t[i].shift,
				 t[i].cells);
	}
}

/* A 16 TiB region's map is small: 1024 cells, whatever the unit. */
static void test_vmap__huge_region(void **state)
{
	struct vmap *m = vmap_new(1ULL << 32, 4096);

	(void)state;
	assert_non_null(m);
	assert_int_equal(m->cells, 1024);
	assert_int_equal((uint64_t)m->unit << m->shift, 16ULL << 30);	/* 16 GiB a cell */
	vmap_tally(m, (1ULL << 32) - 1, 3, 1);	/* the last unit: the last cell */
	assert_int_equal(vmap_verified(m, 1023), 3);
	assert_int_equal(vmap_failed(m, 1023), 1);
	assert_int_equal(vmap_verified(m, 1022), 0);
	vmap_free(m);
	vmap_free(NULL);
}

/* Counts land in the unit's cell; failures by class stay sorted and summed. */
static void test_vmap__counts_and_classes(void **state)
{
	struct vmap *m = vmap_new(3000, 512);	/* 4 units a cell, 750 cells */
	const struct vmap_fail *f;
	size_t nr;

	(void)state;
	assert_non_null(m);
	vmap_tally(m, 0, 1, 0);
	vmap_tally(m, 3, 2, 0);
	vmap_tally(m, 4, 0, 1);
	vmap_tally(m, 2999, 1, 1);
	assert_int_equal(vmap_verified(m, 0), 3);
	assert_int_equal(vmap_failed(m, 0), 0);
	assert_int_equal(vmap_failed(m, 1), 1);
	assert_int_equal(vmap_verified(m, 749), 1);
	assert_int_equal(vmap_failed(m, 749), 1);
	assert_int_equal(vmap_fail(m, 2999, VCLASS_ZEROED), 0);
	assert_int_equal(vmap_fail(m, 4, VCLASS_TORN), 0);
	assert_int_equal(vmap_fail(m, 5, VCLASS_BITFLIP), 0);
	assert_int_equal(vmap_fail(m, 7, VCLASS_TORN), 0);
	f = vmap_fails(m, &nr);
	assert_int_equal(nr, 3);
	/* by cell, then class (VCLASS_BITFLIP sorts before VCLASS_TORN) */
	assert_int_equal(f[0].cell, 1);
	assert_int_equal(f[0].cls, VCLASS_BITFLIP);
	assert_int_equal(f[0].count, 1);
	assert_int_equal(f[1].cell, 1);
	assert_int_equal(f[1].cls, VCLASS_TORN);
	assert_int_equal(f[1].count, 2);
	assert_int_equal(f[2].cell, 749);
	assert_int_equal(f[2].cls, VCLASS_ZEROED);
	assert_int_equal(f[2].count, 1);
	vmap_free(m);
}

/* The written units per cell, from the generation map. */
static void test_vmap__written_from_genmap(void **state)
{
	struct genmap *g = genmap_new(3000);
	uint64_t w[750] = { 0 };

	(void)state;
	assert_non_null(g);
	genmap_set(g, 0, 1);
	genmap_set(g, 1, 2);
	genmap_set(g, 7, 1);
	genmap_set(g, 2999, 5);
	genmap_count_cells(g, vmap_shift(3000), w);
	assert_int_equal(w[0], 2);
	assert_int_equal(w[1], 1);
	assert_int_equal(w[2], 0);
	assert_int_equal(w[749], 1);
	genmap_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmap__cells),
		cmocka_unit_test(test_vmap__huge_region),
		cmocka_unit_test(test_vmap__counts_and_classes),
		cmocka_unit_test(test_vmap__written_from_genmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
