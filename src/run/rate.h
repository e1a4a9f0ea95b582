/*
 * rate.h - pacing of a job's I/O, with fio's meanings: rate= and
 * rate_iops= (a schedule of when each direction's next I/O may go,
 * rate_process= linear or poisson), rate_min= and rate_iops_min= (the
 * job fails when a direction falls below them over rate_cycle), and the
 * thinktime= stalls.
 *
 * Pure arithmetic over times the caller reads (nanoseconds of one
 * monotonic clock): no clock, no sleep, no allocation. The worker asks
 * when the next I/O is due, sleeps itself, and says what it issued.
 */
#ifndef VERIO_RUN_RATE_H
#define VERIO_RUN_RATE_H

#include <stdbool.h>
#include <stdint.h>

#include "rand.h"

/* What a job asked for, per direction (0 = read, 1 = write). */
struct rate_conf {
	uint64_t bps[2];	/* rate= in bytes/s, 0 = none */
	uint64_t iops[2];	/* rate_iops=, 0 = none (rate= wins) */
	uint64_t min_bs[2];	/* smallest block of the direction */
	bool per_io[2];		/* rate_iops with bssplit: one interval per I/O */
	bool poisson;		/* rate_process=poisson */
	uint64_t seed;		/* of the poisson intervals */
	uint64_t min_bps[2];	/* rate_min=, 0 = none */
	uint64_t min_iops[2];	/* rate_iops_min=, 0 = none */
	uint64_t cycle_ns;	/* rate_cycle: window of the minimum checks */
};

struct rate_dir {
	uint64_t bps;		/* 0 = not throttled */
	uint64_t gap_ns;	/* mean (poisson) or fixed interval per I/O;
				 * 0 = linear in bytes */
	bool poisson;		/* gap_ns is the mean of random intervals */
	uint64_t issued;	/* bytes issued so far */
	uint64_t next_ns;	/* per-I/O processes: next due, from t0 */
	uint64_t shift_ns;	/* rate_ignore_thinktime: schedule moved on */
	struct rand_state rnd;	/* poisson */

	uint64_t min_bps, min_iops;
	bool have_ref;		/* a minimum window has started */
	uint64_t ref_bytes, ref_ios, ref_ns;
};

struct rate {
	struct rate_dir d[2];
	uint64_t t0;		/* when the schedule starts */
	uint64_t cycle_ns;
	bool on;		/* a direction is throttled */
	bool min_on;		/* a minimum is checked */
};

/* fio leaves a job this long before it checks a minimum rate. */
#define RATE_MIN_SETTLE_NS (2000ULL * 1000000ULL)

/* Set r up from c; the schedule starts at t0. */
void rate_init(struct rate *r, const struct rate_conf *c, uint64_t t0);

/*
 * Start the schedules and the minimum checks over from t0, as fio does
 * when ramp_time ends (the poisson draws go on).
 */
void rate_restart(struct rate *r, uint64_t t0);

/*
 * Begin new minimum-check windows: the time since the last check was
 * not the workload's (a verify phase ran, or a backlog batch).
 */
void rate_min_rewind(struct rate *r);

/* When direction d's next I/O may be issued (t0 or later). */
uint64_t rate_due_ns(const struct rate *r, int d);

/*
 * The direction to issue next, given the one the workload drew and the
 * time: d when it is due; else the other one when other_ok (a mixed job
 * with a share for it) and that one is due, or is due sooner.
 */
int rate_pick_ddir(const struct rate *r, int d, bool other_ok, uint64_t now);

/* An I/O of len bytes in direction d was issued: move its schedule on. */
void rate_issued(struct rate *r, int d, uint64_t len);

/*
 * rate_ignore_thinktime: a stall of slept_ns ended at now. Move d's
 * schedule on by up to slept_ns, not past now, so the time stalled is
 * not made up by a burst afterwards.
 */
void rate_skip(struct rate *r, int d, uint64_t slept_ns, uint64_t now);

/*
 * rate_min / rate_iops_min for direction d, which has completed bytes
 * and ios (accounted, so far) at now. After the settling time, every
 * rate_cycle the rate over the cycle is compared with the minimum.
 * Returns 0, or 1 when it fell below: *got is the rate it made (bytes/s
 * for rate_min, I/Os per second for rate_iops_min), *window_ns the
 * window measured.
 */
int rate_min_check(struct rate *r, int d, uint64_t bytes, uint64_t ios, uint64_t now,
		   uint64_t *got, uint64_t *window_ns);

/* thinktime= and its companions. */
struct think_conf {
	uint64_t think_ns;	/* 0 = no thinktime */
	uint64_t spin_ns;	/* of it, spent spinning (at most think_ns) */
	uint64_t blocks;	/* I/Os between stalls; 0 = not set (1, or
				 * by iotime alone when that is set) */
	uint64_t iotime_ns;	/* stall after this long doing I/O, 0 = none */
};

struct think {
	struct think_conf c;
	uint64_t last_blocks;	/* counter at the last stall */
	uint64_t last_ns;	/* end of the last stall (iotime) */
};

void think_init(struct think *t, const struct think_conf *c, uint64_t t0);

/* Is a stall due, with the block counter at blocks (issued or completed)? */
bool think_due(const struct think *t, uint64_t blocks, uint64_t now);

/* A stall ended at now, with the counter at blocks. */
void think_done(struct think *t, uint64_t blocks, uint64_t now);

#endif /* VERIO_RUN_RATE_H */
