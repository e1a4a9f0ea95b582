/*
 * test-rate.c - unit tests for src/run/rate.c: schedules, direction
 * choice, minimum-rate checks and thinktime triggers, on a made-up clock.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "run/rate.h"
#include "timeutil.h"

#define T0 (5 * NSEC_PER_SEC)	/* any start: nothing may assume 0 */
#define MS NSEC_PER_MSEC

static struct rate make(const struct rate_conf *c)
{
	struct rate r;

	rate_init(&r, c, T0);
	return r;
}

static void test_rate__off(void **state)
{
	struct rate_conf c = { .min_bs = { 4096, 4096 }, .cycle_ns = 1000 * MS };
	struct rate r = make(&c);

	(void)state;
	assert_false(r.on);
	assert_false(r.min_on);
	rate_issued(&r, 0, 1 << 20);
	assert_int_equal(rate_due_ns(&r, 0), T0);
	assert_int_equal(rate_due_ns(&r, 1), T0);
}

/* Linear: the I/O after B bytes is due at B / rate. */
static void test_rate__linear_bytes(void **state)
{
	struct rate_conf c = { .bps = { 1 << 20, 0 }, .min_bs = { 4096, 4096 } };
	struct rate r = make(&c);

	(void)state;
	assert_true(r.on);
	assert_int_equal(rate_due_ns(&r, 0), T0);
	for (int i = 0; i < 256; i++)
		rate_issued(&r, 0, 4096);
	assert_int_equal(rate_due_ns(&r, 0), T0 + NSEC_PER_SEC);
	rate_issued(&r, 0, 512 << 10);	/* a bigger block takes longer */
	assert_int_equal(rate_due_ns(&r, 0), T0 + NSEC_PER_SEC + NSEC_PER_SEC / 2);
	/* writes are not throttled */
	rate_issued(&r, 1, 1 << 30);
	assert_int_equal(rate_due_ns(&r, 1), T0);
}

/* rate_iops is the smallest block times the IOPS, in bytes (fio). */
static void test_rate__iops_as_bytes(void **state)
{
	struct rate_conf c = { .iops = { 0, 100 }, .min_bs = { 512, 8192 } };
	struct rate r = make(&c);

	(void)state;
	assert_int_equal(r.d[1].bps, 819200);
	rate_issued(&r, 1, 8192);
	assert_int_equal(rate_due_ns(&r, 1), T0 + 10 * MS);
	rate_issued(&r, 1, 16384);	/* a block of twice the size: 2 slots */
	assert_int_equal(rate_due_ns(&r, 1), T0 + 30 * MS);
	/* rate= wins over rate_iops= in a direction */
	c.bps[1] = 8192;
	r = make(&c);
	rate_issued(&r, 1, 8192);
	assert_int_equal(rate_due_ns(&r, 1), T0 + NSEC_PER_SEC);
}

/* rate_iops with bssplit: one interval per I/O, whatever its size. */
static void test_rate__iops_per_io(void **state)
{
	struct rate_conf c = { .iops = { 200, 0 }, .min_bs = { 4096, 4096 },
			       .per_io = { true, false } };
	struct rate r = make(&c);

	(void)state;
	rate_issued(&r, 0, 4096);
	rate_issued(&r, 0, 65536);
	assert_int_equal(rate_due_ns(&r, 0), T0 + 10 * MS);
}

/* Poisson: random gaps whose mean is one smallest block at the rate. */
static void test_rate__poisson_mean(void **state)
{
	struct rate_conf c = { .iops = { 1000, 0 }, .min_bs = { 4096, 4096 },
			       .poisson = true, .seed = 42 };
	struct rate r = make(&c), r2 = make(&c);
	uint64_t prev = T0, shorter = 0, n = 20000;
	double mean;

	(void)state;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t due;

		rate_issued(&r, 0, 4096);
		due = rate_due_ns(&r, 0);
		assert_true(due >= prev);
		shorter += due - prev < MS;
		prev = due;
	}
	mean = (double)(prev - T0) / (double)n;
	assert_true(mean > 0.97 * MS && mean < 1.03 * MS);
	/* exponential: P(gap < mean) = 1 - 1/e = 0.632 */
	assert_true(shorter > n * 60 / 100 && shorter < n * 66 / 100);
	/* the same seed gives the same schedule */
	for (uint64_t i = 0; i < n; i++)
		rate_issued(&r2, 0, 4096);
	assert_int_equal(rate_due_ns(&r2, 0), prev);
}

/* A mixed job issues the direction that is due (fio's rate_ddir). */
static void test_rate__pick_ddir(void **state)
{
	struct rate_conf c = { .bps = { 4096, 8192 }, .min_bs = { 4096, 4096 } };
	struct rate r = make(&c);

	(void)state;
	assert_int_equal(rate_pick_ddir(&r, 0, true, T0), 0);
	rate_issued(&r, 0, 4096);	/* reads due at +1 s */
	assert_int_equal(rate_pick_ddir(&r, 0, true, T0), 1);
	assert_int_equal(rate_pick_ddir(&r, 0, false, T0), 0);
	rate_issued(&r, 1, 8192);	/* writes due at +1 s too: keep the draw */
	assert_int_equal(rate_pick_ddir(&r, 0, true, T0), 0);
	rate_issued(&r, 1, 8192);	/* writes at +2 s: reads are sooner */
	assert_int_equal(rate_pick_ddir(&r, 1, true, T0 + 10 * MS), 0);
	assert_int_equal(rate_pick_ddir(&r, 1, true, T0 + 2 * NSEC_PER_SEC), 1);
}

/* rate_ignore_thinktime: a stall moves the schedule, no burst follows. */
static void test_rate__skip(void **state)
{
	struct rate_conf c = { .bps = { 4096, 0 }, .min_bs = { 4096, 4096 } };
	struct rate r = make(&c);

	(void)state;
	rate_issued(&r, 0, 4096);			/* due at +1 s */
	rate_skip(&r, 0, 3 * NSEC_PER_SEC, T0 + 3 * NSEC_PER_SEC);
	assert_int_equal(rate_due_ns(&r, 0), T0 + 3 * NSEC_PER_SEC);
	/* a short stall before the due time leaves the schedule alone */
	rate_issued(&r, 0, 4096);			/* +4 s */
	rate_skip(&r, 0, 500 * MS, T0 + 3500 * MS);
	assert_int_equal(rate_due_ns(&r, 0), T0 + 4 * NSEC_PER_SEC);
	/* 3 s late after a 2 s stall: the 1 s of other delay is made up */
	rate_skip(&r, 0, 2 * NSEC_PER_SEC, T0 + 7 * NSEC_PER_SEC);
	assert_int_equal(rate_due_ns(&r, 0), T0 + 6 * NSEC_PER_SEC);
	/* unthrottled directions do not move */
	rate_skip(&r, 1, NSEC_PER_SEC, T0 + 9 * NSEC_PER_SEC);
	assert_int_equal(rate_due_ns(&r, 1), T0);
}

static void test_rate__min_bps(void **state)
{
	struct rate_conf c = { .min_bps = { 1000, 0 }, .min_bs = { 4096, 4096 },
			       .cycle_ns = 1000 * MS };
	struct rate r = make(&c);
	uint64_t got = 0, win = 0;

	(void)state;
	assert_true(r.min_on);
	assert_false(r.on);
	/* nothing during the first 2 s, however slow */
	assert_int_equal(rate_min_check(&r, 0, 0, 0, T0 + 1999 * MS, &got, &win), 0);
	/* the first check only starts a window */
	assert_int_equal(rate_min_check(&r, 0, 10, 1, T0 + 2000 * MS, &got, &win), 0);
	/* within the cycle: not judged */
	assert_int_equal(rate_min_check(&r, 0, 10, 1, T0 + 2900 * MS, &got, &win), 0);
	/* 2000 bytes over 1 s: fine, and a new window */
	assert_int_equal(rate_min_check(&r, 0, 2010, 2, T0 + 3000 * MS, &got, &win), 0);
	/* 999 bytes over 1 s: below */
	assert_int_equal(rate_min_check(&r, 0, 3009, 3, T0 + 4000 * MS, &got, &win), 1);
	assert_int_equal(got, 999);
	assert_int_equal(win, 1000 * MS);
	/* a verify phase ran: no window spans it */
	rate_min_rewind(&r);
	assert_int_equal(rate_min_check(&r, 0, 3009, 3, T0 + 9000 * MS, &got, &win), 0);
	assert_int_equal(rate_min_check(&r, 0, 5009, 4, T0 + 10000 * MS, &got, &win), 0);
	/* the other direction has no minimum */
	assert_int_equal(rate_min_check(&r, 1, 0, 0, T0 + 9000 * MS, &got, &win), 0);
}

static void test_rate__min_iops(void **state)
{
	struct rate_conf c = { .min_iops = { 0, 50 }, .min_bs = { 4096, 4096 },
			       .cycle_ns = 500 * MS };
	struct rate r = make(&c);
	uint64_t got = 0, win = 0;

	(void)state;
	assert_int_equal(rate_min_check(&r, 1, 0, 0, T0 + 2000 * MS, &got, &win), 0);
	assert_int_equal(rate_min_check(&r, 1, 1 << 20, 25, T0 + 2500 * MS, &got, &win), 0);
	assert_int_equal(rate_min_check(&r, 1, 1 << 20, 49, T0 + 3000 * MS, &got, &win), 1);
	assert_int_equal(got, 48);
	assert_int_equal(win, 500 * MS);
}

/* After ramp_time: schedules, windows and the settling start anew. */
static void test_rate__restart(void **state)
{
	struct rate_conf c = { .bps = { 4096, 4096 }, .min_bs = { 4096, 4096 },
			       .min_bps = { 1, 0 }, .cycle_ns = 1000 * MS };
	struct rate r = make(&c);
	uint64_t t1 = T0 + 10 * NSEC_PER_SEC, got, win;

	(void)state;
	rate_issued(&r, 0, 4 * 4096);
	rate_issued(&r, 1, 4096);
	rate_skip(&r, 1, NSEC_PER_SEC, T0 + 3 * NSEC_PER_SEC);
	assert_int_equal(rate_min_check(&r, 0, 100, 1, T0 + 3 * NSEC_PER_SEC, &got, &win), 0);
	rate_restart(&r, t1);
	assert_int_equal(rate_due_ns(&r, 0), t1);
	assert_int_equal(rate_due_ns(&r, 1), t1);
	rate_issued(&r, 0, 4096);
	assert_int_equal(rate_due_ns(&r, 0), t1 + NSEC_PER_SEC);
	/* settling again: no check until t1 + 2 s, then a new window */
	assert_int_equal(rate_min_check(&r, 0, 100, 1, t1 + 1999 * MS, &got, &win), 0);
	assert_false(r.d[0].have_ref);
	assert_int_equal(rate_min_check(&r, 0, 100, 1, t1 + 2000 * MS, &got, &win), 0);
	assert_true(r.d[0].have_ref);
}

static void test_rate__think_blocks(void **state)
{
	struct think_conf c = { .think_ns = 10 * MS, .blocks = 4 };
	struct think t;

	(void)state;
	think_init(&t, &c, T0);
	assert_false(think_due(&t, 3, T0 + 100 * NSEC_PER_SEC));
	assert_true(think_due(&t, 4, T0));
	think_done(&t, 4, T0 + MS);
	assert_false(think_due(&t, 7, T0));
	assert_true(think_due(&t, 8, T0));
	/* blocks not set: every I/O */
	c.blocks = 0;
	think_init(&t, &c, T0);
	assert_false(think_due(&t, 0, T0));
	assert_true(think_due(&t, 1, T0));
	/* no thinktime: never */
	c.think_ns = 0;
	think_init(&t, &c, T0);
	assert_false(think_due(&t, 100, T0));
	/* spin is at most the thinktime */
	c = (struct think_conf){ .think_ns = 5, .spin_ns = 9 };
	think_init(&t, &c, T0);
	assert_int_equal(t.c.spin_ns, 5);
}

static void test_rate__think_iotime(void **state)
{
	struct think_conf c = { .think_ns = MS, .iotime_ns = 9 * MS };
	struct think t;

	(void)state;
	think_init(&t, &c, T0);
	/* iotime alone: the block count does not trigger */
	assert_false(think_due(&t, 1000, T0 + 8 * MS));
	assert_true(think_due(&t, 1000, T0 + 9 * MS));
	think_done(&t, 1000, T0 + 10 * MS);
	assert_false(think_due(&t, 5000, T0 + 18 * MS));
	assert_true(think_due(&t, 5000, T0 + 19 * MS));
	/* with blocks too: whichever comes first */
	c.blocks = 10;
	think_init(&t, &c, T0);
	assert_false(think_due(&t, 9, T0 + MS));
	assert_true(think_due(&t, 10, T0 + MS));
	assert_true(think_due(&t, 0, T0 + 9 * MS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate__off),
		cmocka_unit_test(test_rate__linear_bytes),
		cmocka_unit_test(test_rate__iops_as_bytes),
		cmocka_unit_test(test_rate__iops_per_io),
		cmocka_unit_test(test_rate__poisson_mean),
		cmocka_unit_test(test_rate__pick_ddir),
		cmocka_unit_test(test_rate__skip),
		cmocka_unit_test(test_rate__min_bps),
		cmocka_unit_test(test_rate__min_iops),
		cmocka_unit_test(test_rate__restart),
		cmocka_unit_test(test_rate__think_blocks),
		cmocka_unit_test(test_rate__think_iotime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
