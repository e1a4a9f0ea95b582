/*
 * test-stats.c - unit tests for src/report/stats.c: per-I/O accounting, the
 * bandwidth / IOPS sample windows and group_reporting merges.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "report/stats.h"

/* struct job_stats is large (histograms): keep it off the stack. */
static struct job_stats *stats_new(void)
{
	struct job_stats *s = malloc(sizeof(*s));

	assert_non_null(s);
	job_stats_init(s);
	return s;
}

/* A completed I/O: prepared at t, issued slat ns later, done clat ns later. */
static struct io_u mk_io(enum io_ddir ddir, uint64_t len, uint64_t t,
			 uint64_t slat, uint64_t clat)
{
	struct io_u u;

	memset(&u, 0, sizeof(u));
	u.ddir = ddir;
	u.len = len;
	u.done = len;
	u.depth = 1;
	u.t_prep = t;
	u.t_issue = t + slat;
	u.t_comp = t + slat + clat;
	return u;
}

static void assert_close(double got, double want)
{
	if (fabs(got - want) > fabs(want) * 1e-9 + 1e-9)
		fail_msg("got %.17g, want %.17g", got, want);
}

static void test_stats__depth_bucket(void **state)
{
	static const struct { unsigned depth, bucket; } cases[] = {
		{ 0, 0 }, { 1, 0 }, { 2, 1 }, { 3, 1 }, { 4, 2 }, { 7, 2 },
		{ 8, 3 }, { 15, 3 }, { 16, 4 }, { 31, 4 }, { 32, 5 }, { 63, 5 },
		{ 64, 6 }, { 65, 6 }, { 4096, 6 }, { UINT32_MAX, 6 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(stats_depth_bucket(cases[i].depth), cases[i].bucket);
}

/* fio's submit / complete buckets: 0, 1-4, 5-8, 9-16, 17-32, 33-64, >64. */
static void test_stats__batch_bucket(void **state)
{
	static const struct { unsigned nr, bucket; } cases[] = {
		{ 0, 0 }, { 1, 1 }, { 4, 1 }, { 5, 2 }, { 8, 2 }, { 9, 3 },
		{ 16, 3 }, { 17, 4 }, { 32, 4 }, { 33, 5 }, { 64, 5 },
		{ 65, 6 }, { 4096, 6 }, { UINT32_MAX, 6 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(stats_batch_bucket(cases[i].nr), cases[i].bucket);
}

/* Each call is one count in its bucket; group_reporting adds them up. */
static void test_stats__submit_complete(void **state)
{
	struct job_stats *a = stats_new(), *b = stats_new(), *grp = stats_new();

	(void)state;
	stats_account_submit(a, 1);
	stats_account_submit(a, 8);
	stats_account_complete(a, 0);
	stats_account_complete(a, 16);
	stats_account_complete(a, 100);
	stats_account_submit(b, 3);
	stats_account_complete(b, 3);
	assert_int_equal(a->total_submit, 2);
	assert_int_equal(a->submit[1], 1);
	assert_int_equal(a->submit[2], 1);
	assert_int_equal(a->total_complete, 3);
	assert_int_equal(a->complete[0], 1);
	assert_int_equal(a->complete[3], 1);
	assert_int_equal(a->complete[6], 1);
	job_stats_merge(grp, a);
	job_stats_merge(grp, b);
	assert_int_equal(grp->total_submit, 3);
	assert_int_equal(grp->submit[1], 2);
	assert_int_equal(grp->total_complete, 4);
	assert_int_equal(grp->complete[1], 1);
	assert_int_equal(grp->complete[6], 1);
	free(a);
	free(b);
	free(grp);
}

static void test_stats__init(void **state)
{
	struct job_stats *s = stats_new();

	(void)state;
	assert_int_equal(s->dir[DDIR_READ].ios, 0);
	assert_int_equal(s->dir[DDIR_WRITE].clat.n, 0);
	assert_true(s->dir[DDIR_WRITE].clat.min == UINT64_MAX);
	assert_int_equal(s->dir[DDIR_READ].clat_hist.nr, 0);
	assert_true(s->sync_lat.min == UINT64_MAX);
	free(s);
}

static void test_stats__account_counts_and_latency(void **state)
{
	struct job_stats *s = stats_new();
	struct io_u a = mk_io(DDIR_WRITE, 4096, 1000, 100, 1000);
	struct io_u b = mk_io(DDIR_WRITE, 8192, 5000, 300, 3000);
	struct io_u c = mk_io(DDIR_READ, 512, 9000, 50, 20000);
	const struct dir_stats *w = &s->dir[DDIR_WRITE], *r = &s->dir[DDIR_READ];

	(void)state;
	b.depth = 4;
	stats_account_io(s, &a);
	stats_account_io(s, &b);
	stats_account_io(s, &c);

	assert_int_equal(w->ios, 2);
	assert_int_equal(w->bytes, 4096 + 8192);
	assert_int_equal(r->ios, 1);
	assert_int_equal(r->bytes, 512);
	assert_int_equal(w->short_ios + r->short_ios, 0);

	assert_int_equal(w->slat.n, 2);
	assert_int_equal(w->slat.min, 100);
	assert_int_equal(w->slat.max, 300);
	assert_close(w->slat.mean, 200.0);
	assert_int_equal(w->clat.min, 1000);
	assert_int_equal(w->clat.max, 3000);
	assert_close(w->clat.mean, 2000.0);
	assert_int_equal(w->lat.min, 1100);
	assert_int_equal(w->lat.max, 3300);
	assert_close(w->lat.mean, 2200.0);
	assert_int_equal(r->clat.min, 20000);
	assert_int_equal(r->lat.max, 20050);

	assert_int_equal(w->clat_hist.nr, 2);
	assert_int_equal(w->slat_hist.nr, 2);
	assert_int_equal(w->lat_hist.nr, 2);
	assert_int_equal(r->clat_hist.nr, 1);

	assert_int_equal(s->total_depth_samples, 3);
	assert_int_equal(s->depth[0], 2);
	assert_int_equal(s->depth[2], 1);
	free(s);
}

static void test_stats__ramp_and_errors_skipped(void **state)
{
	struct job_stats *s = stats_new();
	struct io_u ramp = mk_io(DDIR_WRITE, 4096, 0, 10, 100);
	struct io_u bad = mk_io(DDIR_READ, 4096, 0, 10, 100);
	struct io_u sync = mk_io(DDIR_SYNC, 0, 0, 10, 100);

	(void)state;
	ramp.flags = IO_U_F_RAMP;
	bad.error = -EIO;
	sync.flags = IO_U_F_RAMP;
	stats_account_io(s, &ramp);
	stats_account_io(s, &bad);
	stats_account_io(s, &sync);
	for (unsigned d = 0; d < DDIR_RWDIR_CNT; d++) {
		assert_int_equal(s->dir[d].ios, 0);
		assert_int_equal(s->dir[d].bytes, 0);
		assert_int_equal(s->dir[d].clat.n, 0);
		assert_int_equal(s->dir[d].clat_hist.nr, 0);
	}
	assert_int_equal(s->sync_ios, 0);
	assert_int_equal(s->total_depth_samples, 0);
	free(s);
}

static void test_stats__short_counted(void **state)
{
	struct job_stats *s = stats_new();
	struct io_u u = mk_io(DDIR_READ, 4096, 0, 10, 100);

	(void)state;
	u.flags = IO_U_F_SHORT;
	u.done = 4096;
	stats_account_io(s, &u);
	u.flags = 0;
	stats_account_io(s, &u);
	assert_int_equal(s->dir[DDIR_READ].ios, 2);
	assert_int_equal(s->dir[DDIR_READ].short_ios, 1);
	assert_int_equal(s->dir[DDIR_READ].bytes, 8192);
	free(s);
}

/* A synchronous engine sets t_issue = t_prep: no slat, as in fio. */
static void test_stats__sync_engine_has_no_slat(void **state)
{
	struct job_stats *s = stats_new();
	struct io_u u = mk_io(DDIR_WRITE, 4096, 100, 0, 700);

	(void)state;
	stats_account_io(s, &u);
	assert_int_equal(s->dir[DDIR_WRITE].slat.n, 0);
	assert_int_equal(s->dir[DDIR_WRITE].slat_hist.nr, 0);
	assert_int_equal(s->dir[DDIR_WRITE].clat.n, 1);
	assert_int_equal(s->dir[DDIR_WRITE].lat.min, 700);
	free(s);
}

static void test_stats__sync_ddir(void **state)
{
	struct job_stats *s = stats_new();
	struct io_u a = mk_io(DDIR_SYNC, 0, 0, 0, 5000);
	struct io_u b = mk_io(DDIR_DATASYNC, 0, 0, 0, 7000);

	(void)state;
	stats_account_io(s, &a);
	stats_account_io(s, &b);
	assert_int_equal(s->sync_ios, 2);
	assert_int_equal(s->sync_lat.min, 5000);
	assert_int_equal(s->sync_lat.max, 7000);
	assert_int_equal(s->sync_hist.nr, 2);
	assert_int_equal(s->dir[DDIR_WRITE].ios, 0);
	assert_int_equal(s->total_depth_samples, 0);
	free(s);
}

/* Account n writes of bs bytes, all completed by t. */
static void account_writes(struct job_stats *s, unsigned n, uint64_t bs, uint64_t t)
{
	for (unsigned i = 0; i < n; i++) {
		struct io_u u = mk_io(DDIR_WRITE, bs, t, 0, 1);

		stats_account_io(s, &u);
	}
}

static void test_stats__sample_windows(void **state)
{
	struct job_stats *s = stats_new();
	const uint64_t t0 = 1000000000ULL, half = STAT_SAMPLE_NS;
	const struct dir_stats *w = &s->dir[DDIR_WRITE];

	(void)state;
	stats_sample(s, t0);		/* starts the first window */
	assert_int_equal(s->win_start_ns, t0);

	account_writes(s, 1000, 4096, t0);	/* 4096000 B in 0.5 s */
	stats_sample(s, t0 + half - 1);		/* not due yet */
	assert_int_equal(w->bw_samples.n, 0);
	stats_sample(s, t0 + half);
	assert_int_equal(w->bw_samples.n, 1);
	assert_int_equal(w->bw_samples.min, 8000);	/* 8192000 B/s = 8000 KiB/s */
	assert_int_equal(w->iops_samples.min, 2000);
	assert_int_equal(s->dir[DDIR_READ].bw_samples.n, 0);	/* idle: none */

	account_writes(s, 250, 4096, t0 + half);	/* a window of 1 s */
	stats_sample(s, t0 + 3 * half);
	assert_int_equal(w->bw_samples.n, 2);
	assert_int_equal(w->bw_samples.min, 1000);
	assert_int_equal(w->bw_samples.max, 8000);
	assert_int_equal(w->iops_samples.min, 250);
	assert_close(w->iops_samples.mean, 1125.0);

	stats_sample(s, t0 + 4 * half);		/* nothing moved: no sample */
	assert_int_equal(w->bw_samples.n, 2);
	assert_int_equal(s->win_start_ns, t0 + 4 * half);
	free(s);
}

static void test_stats__window_start_resets_base(void **state)
{
	struct job_stats *s = stats_new();

	(void)state;
	account_writes(s, 100, 4096, 0);	/* before the window opens */
	stats_window_start(s, 5 * STAT_SAMPLE_NS);
	account_writes(s, 10, 1024, 0);
	stats_sample(s, 6 * STAT_SAMPLE_NS);
	assert_int_equal(s->dir[DDIR_WRITE].bw_samples.n, 1);
	assert_int_equal(s->dir[DDIR_WRITE].bw_samples.min, 20);	/* 20480 B/s */
	assert_int_equal(s->dir[DDIR_WRITE].iops_samples.min, 20);
	free(s);
}

/* Pseudo-random but reproducible I/Os, split between two jobs. */
static void feed(struct job_stats *one, struct job_stats *all, unsigned seed, unsigned n)
{
	uint64_t x = seed * 2654435761u + 1;

	for (unsigned i = 0; i < n; i++) {
		struct io_u u;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		u = mk_io((x >> 33) & 1 ? DDIR_WRITE : DDIR_READ, 512u << ((x >> 40) & 7),
			  x >> 44, (x >> 20) & 0xfff, (x >> 8) & 0xfffff);
		u.depth = 1u << ((x >> 50) & 7);
		u.flags = ((x >> 56) & 15) == 0 ? IO_U_F_SHORT : 0;
		stats_account_io(one, &u);
		stats_account_io(all, &u);
	}
}

static void assert_runstat_same(const struct runstat *a, const struct runstat *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->min, b->min);
	assert_int_equal(a->max, b->max);
	if (fabs(a->mean - b->mean) > fabs(b->mean) * 1e-9)
		fail_msg("mean %.17g != %.17g", a->mean, b->mean);
	if (fabs(a->m2 - b->m2) > fabs(b->m2) * 1e-9)
		fail_msg("m2 %.17g != %.17g", a->m2, b->m2);
}

static void test_stats__merge_equals_one_job(void **state)
{
	struct job_stats *a = stats_new(), *b = stats_new();
	struct job_stats *all = stats_new(), *grp = stats_new();

	(void)state;
	feed(a, all, 1, 3000);
	feed(b, all, 2, 5000);
	job_stats_merge(grp, a);
	job_stats_merge(grp, b);

	for (unsigned d = 0; d < DDIR_RWDIR_CNT; d++) {
		const struct dir_stats *g = &grp->dir[d], *w = &all->dir[d];

		assert_int_equal(g->ios, w->ios);
		assert_int_equal(g->bytes, w->bytes);
		assert_int_equal(g->short_ios, w->short_ios);
		assert_runstat_same(&g->slat, &w->slat);
		assert_runstat_same(&g->clat, &w->clat);
		assert_runstat_same(&g->lat, &w->lat);
		assert_memory_equal(&g->clat_hist, &w->clat_hist, sizeof(g->clat_hist));
		assert_memory_equal(&g->slat_hist, &w->slat_hist, sizeof(g->slat_hist));
		assert_memory_equal(&g->lat_hist, &w->lat_hist, sizeof(g->lat_hist));
	}
	assert_memory_equal(grp->depth, all->depth, sizeof(grp->depth));
	assert_int_equal(grp->total_depth_samples, all->total_depth_samples);
	assert_true(grp->dir[DDIR_READ].short_ios > 0);
	free(a);
	free(b);
	free(all);
	free(grp);
}

static void test_stats__merge_job_fields(void **state)
{
	struct job_stats *a = stats_new(), *b = stats_new(), *grp = stats_new();

	(void)state;
	a->runtime_ns = 1000;
	a->usr_cpu = 10.0;
	a->sys_cpu = 40.0;
	a->ctx = 5;
	a->majf = 1;
	a->minf = 7;
	a->nr_errors = 2;
	a->start_wall_ms = 500;
	b->runtime_ns = 3000;
	b->usr_cpu = 30.0;
	b->sys_cpu = 0.0;
	b->ctx = 6;
	b->minf = 1;
	b->nr_errors = 1;
	b->first_error = EIO;
	b->start_wall_ms = 400;

	job_stats_merge(grp, a);
	job_stats_merge(grp, b);
	assert_int_equal(grp->runtime_ns, 3000);	/* the max */
	assert_close(grp->usr_cpu, 25.0);		/* weighted by runtime */
	assert_close(grp->sys_cpu, 10.0);
	assert_int_equal(grp->sum_runtime_ns, 4000);
	assert_int_equal(grp->ctx, 11);
	assert_int_equal(grp->majf, 1);
	assert_int_equal(grp->minf, 8);
	assert_int_equal(grp->nr_errors, 3);
	assert_int_equal(grp->first_error, EIO);
	assert_int_equal(grp->start_wall_ms, 400);
	free(a);
	free(b);
	free(grp);
}

/* fio sums bw / iops sample statistics: the group's aggregate rate. */
static void test_stats__merge_sums_samples(void **state)
{
	struct job_stats *a = stats_new(), *b = stats_new(), *grp = stats_new();
	struct runstat *ga = &grp->dir[DDIR_WRITE].bw_samples;

	(void)state;
	runstat_add(&a->dir[DDIR_WRITE].bw_samples, 100);
	runstat_add(&a->dir[DDIR_WRITE].bw_samples, 300);
	runstat_add(&b->dir[DDIR_WRITE].bw_samples, 1000);
	runstat_add(&b->dir[DDIR_WRITE].iops_samples, 50);
	job_stats_merge(grp, a);
	job_stats_merge(grp, b);
	assert_int_equal(ga->n, 3);
	assert_int_equal(ga->min, 1100);
	assert_int_equal(ga->max, 1300);
	assert_close(ga->mean, 1200.0);
	assert_int_equal(grp->dir[DDIR_WRITE].iops_samples.n, 1);
	assert_int_equal(grp->dir[DDIR_WRITE].iops_samples.min, 50);
	assert_int_equal(grp->dir[DDIR_READ].bw_samples.n, 0);
	free(a);
	free(b);
	free(grp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats__depth_bucket),
		cmocka_unit_test(test_stats__batch_bucket),
		cmocka_unit_test(test_stats__submit_complete),
		cmocka_unit_test(test_stats__init),
		cmocka_unit_test(test_stats__account_counts_and_latency),
		cmocka_unit_test(test_stats__ramp_and_errors_skipped),
		cmocka_unit_test(test_stats__short_counted),
		cmocka_unit_test(test_stats__sync_engine_has_no_slat),
		cmocka_unit_test(test_stats__sync_ddir),
		cmocka_unit_test(test_stats__sample_windows),
		cmocka_unit_test(test_stats__window_start_resets_base),
		cmocka_unit_test(test_stats__merge_equals_one_job),
		cmocka_unit_test(test_stats__merge_job_fields),
		cmocka_unit_test(test_stats__merge_sums_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
