/*
 * test-hist.c - unit tests for lib/hist.c.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "hist.h"
#include "rand.h"

/* fio's default percentile list, plus the edges. */
static const double pcts[] = { 0,  1,  5,  10, 20, 30,	 33.333, 40,   50,    60,    70,
			       80, 90, 95, 99, 99.5, 99.9, 99.95,  99.99, 99.999, 100 };

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Samples spread evenly in log scale over [1, 2^maxbits). */
static uint64_t log_uniform(struct rand_state *r, unsigned maxbits)
{
	double e = rand_double(r) * maxbits;
	uint64_t v = (uint64_t)exp2(e);

	return v ? v : 1;
}

struct bucket_case {
	uint64_t v;
	unsigned idx;
};

static const struct bucket_case bucket_cases[] = {
	{ 0, 0 },	  { 1, 1 },	    { 127, 127 },	  { 128, 128 },
	{ 255, 255 }, { 256, 256 },	    { 257, 256 },	  { 511, 383 },
	{ 512, 384 }, { 1000, 378 + 128 }, { UINT64_MAX, HIST_NR_BUCKETS - 1 },
};

static void test_hist__bucket_index(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bucket_cases); i++) {
		if (hist_bucket_index(bucket_cases[i].v) != bucket_cases[i].idx)
			fail_msg("index(%" PRIu64 ") = %u, want %u", bucket_cases[i].v,
				 hist_bucket_index(bucket_cases[i].v), bucket_cases[i].idx);
	}
}

/* Buckets tile [0, UINT64_MAX] with no gap or overlap, each <= 1/128 wide. */
static void test_hist__buckets_tile_the_range(void **state)
{
	unsigned i;

	(void)state;
	assert_int_equal(hist_bucket_lo(0), 0);
	for (i = 0; i + 1 < HIST_NR_BUCKETS; i++) {
		uint64_t lo = hist_bucket_lo(i), w = hist_bucket_width(i);

		assert_true(hist_bucket_lo(i + 1) == lo + w);
		assert_int_equal(hist_bucket_index(lo), i);
		assert_int_equal(hist_bucket_index(lo + w - 1), i);
		assert_true(w == 1 || w * 128 <= lo);
		assert_true(hist_bucket_value(i) >= lo && hist_bucket_value(i) < lo + w);
	}
	assert_true(hist_bucket_lo(i) + (hist_bucket_width(i) - 1) == UINT64_MAX);
}

static void test_hist__random_values_in_bucket(void **state)
{
	struct rand_state r;
	int i;

	(void)state;
	rand_seed(&r, RAND_TAUSWORTHE64, 5);
	for (i = 0; i < 1000000; i++) {
		uint64_t v = rand_u64(&r) >> rand_between(&r, 0, 63);
		unsigned idx = hist_bucket_index(v);
		uint64_t lo = hist_bucket_lo(idx);

		assert_true(idx < HIST_NR_BUCKETS);
		assert_true(v >= lo && v - lo < hist_bucket_width(idx));
		/* the reported value is within 1/256 of any value in its bucket */
		assert_true(fabs((double)hist_bucket_value(idx) - (double)v) <= (double)v / 256.0);
	}
}

static void check_against_oracle(uint64_t *samples, size_t n, const struct hist *h)
{
	uint64_t got[ARRAY_SIZE(pcts)];
	size_t i;

	hist_percentiles(h, pcts, ARRAY_SIZE(pcts), got);
	qsort(samples, n, sizeof(*samples), cmp_u64);
	for (i = 0; i < ARRAY_SIZE(pcts); i++) {
		uint64_t rank = hist_rank(pcts[i], n);
		uint64_t exact = samples[rank - 1];
		double err = fabs((double)got[i] - (double)exact);

		if (err > (double)exact * 0.01)
			fail_msg("n=%zu p%g: histogram %" PRIu64 ", exact %" PRIu64, n, pcts[i],
				 got[i], exact);
		/* fio semantics: at least pct % of the samples are <= the answer's bucket */
		assert_true((double)rank >= pcts[i] / 100.0 * (double)n * (1 - 1e-12));
	}
	/* p100 is the maximum's bucket */
	assert_int_equal(hist_bucket_index(got[ARRAY_SIZE(pcts) - 1]),
			 hist_bucket_index(samples[n - 1]));
}

static void test_hist__percentiles_vs_sorted(void **state)
{
	static const size_t sizes[] = { 1, 2, 3, 10, 99, 1000, 12345, 200000 };
	static const unsigned maxbits[] = { 8, 20, 40, 63 };
	struct rand_state r;
	size_t s, b, i;

	(void)state;
	rand_seed(&r, RAND_TAUSWORTHE64, 11);
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (b = 0; b < ARRAY_SIZE(maxbits); b++) {
			struct hist *h = malloc(sizeof(*h));
			uint64_t *v = malloc(sizes[s] * sizeof(*v));

			assert_non_null(h);
			assert_non_null(v);
			hist_init(h);
			for (i = 0; i < sizes[s]; i++) {
				v[i] = log_uniform(&r, maxbits[b]);
				hist_add(h, v[i]);
			}
			assert_int_equal(h->nr, sizes[s]);
			check_against_oracle(v, sizes[s], h);
			free(v);
			free(h);
		}
	}
}

static void test_hist__small_values_exact(void **state)
{
	struct hist *h = malloc(sizeof(*h));
	const double p[] = { 1, 50, 100 };
	uint64_t out[3];
	uint64_t v;

	(void)state;
	assert_non_null(h);
	hist_init(h);
	for (v = 1; v <= 100; v++)
		hist_add(h, v);
	hist_percentiles(h, p, 3, out);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 50);
	assert_int_equal(out[2], 100);
	free(h);
}

static void test_hist__empty(void **state)
{
	struct hist *h = malloc(sizeof(*h));
	uint64_t out[ARRAY_SIZE(pcts)];
	size_t i;

	(void)state;
	assert_non_null(h);
	hist_init(h);
	hist_percentiles(h, pcts, ARRAY_SIZE(pcts), out);
	for (i = 0; i < ARRAY_SIZE(pcts); i++)
		assert_int_equal(out[i], 0);
	free(h);
}

struct rank_case {
	double pct;
	uint64_t nr, want;
};

static const struct rank_case rank_cases[] = {
	{ 50, 0, 0 },	 { 0, 10, 1 },	    { 50, 10, 5 },	   { 50, 11, 6 },
	{ 99.9, 1000, 999 }, { 99.99, 1000, 1000 }, { 100, 7, 7 },  { 150, 7, 7 },
	{ -5, 7, 1 },	     { 1, 1, 1 },	    { 33.333, 3, 1 },	   { 90, 10, 9 },
};

static void test_hist__rank(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rank_cases); i++) {
		const struct rank_case *c = &rank_cases[i];

		if (hist_rank(c->pct, c->nr) != c->want)
			fail_msg("hist_rank(%g, %" PRIu64 ") = %" PRIu64 ", want %" PRIu64, c->pct,
				 c->nr, hist_rank(c->pct, c->nr), c->want);
	}
}

static void test_hist__merge_equals_adding_all(void **state)
{
	struct hist *all = malloc(sizeof(*all));
	struct hist *part[3], *merged = malloc(sizeof(*merged));
	struct rand_state r;
	int i;

	(void)state;
	assert_non_null(all);
	assert_non_null(merged);
	hist_init(all);
	hist_init(merged);
	for (i = 0; i < 3; i++) {
		part[i] = malloc(sizeof(*part[i]));
		assert_non_null(part[i]);
		hist_init(part[i]);
	}
	rand_seed(&r, RAND_TAUSWORTHE, 8);
	for (i = 0; i < 100000; i++) {
		uint64_t v = log_uniform(&r, 50);

		hist_add(all, v);
		hist_add(part[i % 3], v);
	}
	for (i = 0; i < 3; i++) {
		hist_merge(merged, part[i]);
		free(part[i]);
	}
	assert_int_equal(merged->nr, all->nr);
	assert_memory_equal(merged->buckets, all->buckets, sizeof(all->buckets));
	free(all);
	free(merged);
}

/* fio's plat buckets: index and name of known values (fio's stat.h scheme). */
static void test_hist__fio_buckets(void **state)
{
	static const struct { uint64_t v; unsigned idx; } idx_cases[] = {
		{ 0, 0 }, { 1, 1 }, { 127, 127 }, { 128, 128 }, { 129, 128 },
		{ 130, 129 }, { 255, 191 }, { 256, 192 }, { 259, 192 }, { 260, 193 },
		{ 1000000, 954 }, { (1ULL << 34) - 1, 1855 }, { 1ULL << 34, 1855 },
		{ UINT64_MAX, 1855 },
	};
	static const struct { unsigned idx; uint64_t val; } val_cases[] = {
		{ 0, 0 }, { 127, 127 }, { 128, 129 }, { 129, 131 }, { 191, 255 },
		{ 192, 258 }, { 954, 1003520 },
		{ 1855, (1ULL << 33) + (63ULL << 27) + (1ULL << 26) },
	};

	(void)state;
	assert_int_equal(HIST_FIO_NR, 1856);
	for (size_t i = 0; i < ARRAY_SIZE(idx_cases); i++)
		assert_int_equal(hist_fio_index(idx_cases[i].v), idx_cases[i].idx);
	for (size_t i = 0; i < ARRAY_SIZE(val_cases); i++)
		assert_int_equal(hist_fio_value(val_cases[i].idx), val_cases[i].val);
	/* Each bucket's name is a value of that bucket. */
	for (unsigned i = 0; i < HIST_FIO_NR; i++)
		assert_int_equal(hist_fio_index(hist_fio_value(i)), i);
}

/* verio's finer buckets convert to fio's exactly: as if counted by fio. */
static void test_hist__fio_bins_exact(void **state)
{
	static struct hist h;
	static uint64_t want[HIST_FIO_NR], got[HIST_FIO_NR];
	struct rand_state r;
	uint64_t sum = 0;

	(void)state;
	hist_init(&h);
	memset(want, 0, sizeof(want));
	rand_seed(&r, RAND_TAUSWORTHE64, 11);
	for (int i = 0; i < 200000; i++) {
		uint64_t v = log_uniform(&r, 40);

		hist_add(&h, v);
		want[hist_fio_index(v)]++;
	}
	hist_fio_bins(&h, got);
	for (unsigned i = 0; i < HIST_FIO_NR; i++) {
		if (got[i] != want[i])
			fail_msg("fio bucket %u: %" PRIu64 ", want %" PRIu64, i, got[i], want[i]);
		sum += got[i];
	}
	assert_int_equal(sum, h.nr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hist__bucket_index),
		cmocka_unit_test(test_hist__buckets_tile_the_range),
		cmocka_unit_test(test_hist__random_values_in_bucket),
		cmocka_unit_test(test_hist__percentiles_vs_sorted),
		cmocka_unit_test(test_hist__small_values_exact),
		cmocka_unit_test(test_hist__empty),
		cmocka_unit_test(test_hist__rank),
		cmocka_unit_test(test_hist__merge_equals_adding_all),
		cmocka_unit_test(test_hist__fio_buckets),
		cmocka_unit_test(test_hist__fio_bins_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
