/*
 * rate.c - pacing arithmetic: rate schedules, minimum-rate checks and
 * thinktime triggers (rate.h). Times are the caller's nanoseconds.
 */
#include "compat.h"

#include <math.h>

#include "run/rate.h"
#include "timeutil.h"

/* a * b / c without overflow (c > 0), saturating at UINT64_MAX. */
static uint64_t muldiv(uint64_t a, uint64_t b, uint64_t c)
{
	unsigned __int128 v = (unsigned __int128)a * b / c;

	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

static void dir_init(struct rate_dir *rd, const struct rate_conf *c, int d)
{
	uint64_t bs = c->min_bs[d] ? c->min_bs[d] : 1;

	memset(rd, 0, sizeof(*rd));
	rd->bps = c->bps[d];
	if (!rd->bps && c->iops[d])
		rd->bps = c->iops[d] > UINT64_MAX / bs ? UINT64_MAX : c->iops[d] * bs;
	/*
	 * fio's processes: linear spaces I/Os by the bytes issued; with
	 * rate_iops and bssplit each I/O gets the same interval, whatever
	 * its size; poisson draws each interval around the mean of one
	 * smallest block at the rate.
	 */
	if (rd->bps && c->poisson) {
		rd->gap_ns = MAX_OF(muldiv(NSEC_PER_SEC, bs, rd->bps), 1);
		rd->poisson = true;
	} else if (rd->bps && !c->bps[d] && c->per_io[d])
		rd->gap_ns = MAX_OF(NSEC_PER_SEC / c->iops[d], 1);
	rand_seed(&rd->rnd, RAND_TAUSWORTHE, c->seed + (uint64_t)d);
	rd->min_bps = c->min_bps[d];
	rd->min_iops = c->min_iops[d];
}

void rate_init(struct rate *r, const struct rate_conf *c, uint64_t t0)
{
	memset(r, 0, sizeof(*r));
	r->t0 = t0;
	r->cycle_ns = c->cycle_ns;
	for (int d = 0; d < 2; d++) {
		dir_init(&r->d[d], c, d);
		r->on |= r->d[d].bps != 0;
		r->min_on |= r->d[d].min_bps || r->d[d].min_iops;
	}
}

void rate_restart(struct rate *r, uint64_t t0)
{
	r->t0 = t0;
	for (int d = 0; d < 2; d++) {
		struct rate_dir *rd = &r->d[d];

		rd->issued = rd->next_ns = rd->shift_ns = 0;
		rd->have_ref = false;
	}
}

void rate_min_rewind(struct rate *r)
{
	r->d[0].have_ref = r->d[1].have_ref = false;
}

uint64_t rate_due_ns(const struct rate *r, int d)
{
	const struct rate_dir *rd = &r->d[d];
	uint64_t at;

	if (!rd->bps)
		return r->t0;
	if (rd->gap_ns)
		at = rd->next_ns;
	else
		at = muldiv(rd->issued, NSEC_PER_SEC, rd->bps);
	at += rd->shift_ns;
	return at > UINT64_MAX - r->t0 ? UINT64_MAX : r->t0 + at;
}

int rate_pick_ddir(const struct rate *r, int d, bool other_ok, uint64_t now)
{
	uint64_t mine = rate_due_ns(r, d), theirs;

	if (mine <= now || !other_ok)
		return d;
	theirs = rate_due_ns(r, !d);
	return theirs < mine ? !d : d;
}

/* An exponential interval around the mean: a Poisson process's gaps. */
static uint64_t poisson_gap(struct rate_dir *rd)
{
	double u = 1.0 - rand_double(&rd->rnd);	/* (0, 1]: log is finite */

	return (uint64_t)((double)rd->gap_ns * -log(u));
}

void rate_issued(struct rate *r, int d, uint64_t len)
{
	struct rate_dir *rd = &r->d[d];

	rd->issued += len;
	if (rd->gap_ns)
		rd->next_ns += rd->poisson ? poisson_gap(rd) : rd->gap_ns;
}

void rate_skip(struct rate *r, int d, uint64_t slept_ns, uint64_t now)
{
	uint64_t due = rate_due_ns(r, d), to;

	if (!r->d[d].bps)
		return;
	/* Late already: only the part of the stall after due is skipped. */
	to = due > UINT64_MAX - slept_ns ? UINT64_MAX : due + slept_ns;
	to = MIN_OF(to, MAX_OF(due, now));
	r->d[d].shift_ns += to - due;
}

int rate_min_check(struct rate *r, int d, uint64_t bytes, uint64_t ios, uint64_t now,
		   uint64_t *got, uint64_t *window_ns)
{
	struct rate_dir *rd = &r->d[d];

	if ((!rd->min_bps && !rd->min_iops) || now < r->t0 + RATE_MIN_SETTLE_NS)
		return 0;
	if (rd->have_ref) {
		uint64_t spent = now - rd->ref_ns;

		if (!spent || spent < r->cycle_ns)
			return 0;
		*window_ns = spent;
		if (rd->min_bps) {
			*got = muldiv(bytes - rd->ref_bytes, NSEC_PER_SEC, spent);
			if (*got < rd->min_bps)
				return 1;
		} else {
			*got = muldiv(ios - rd->ref_ios, NSEC_PER_SEC, spent);
			if (*got < rd->min_iops)
				return 1;
		}
	}
	rd->have_ref = true;
	rd->ref_bytes = bytes;
	rd->ref_ios = ios;
	rd->ref_ns = now;
	return 0;
}

void think_init(struct think *t, const struct think_conf *c, uint64_t t0)
{
	t->c = *c;
	t->c.spin_ns = MIN_OF(c->spin_ns, c->think_ns);
	t->last_blocks = 0;
	t->last_ns = t0;
}

bool think_due(const struct think *t, uint64_t blocks, uint64_t now)
{
	if (!t->c.think_ns)
		return false;
	if (t->c.iotime_ns) {
		if (now - t->last_ns >= t->c.iotime_ns)
			return true;
		/* iotime alone: the blocks count only when they were set. */
		if (!t->c.blocks)
			return false;
	}
	return blocks >= t->last_blocks + (t->c.blocks ? t->c.blocks : 1);
}

void think_done(struct think *t, uint64_t blocks, uint64_t now)
{
	t->last_blocks = blocks;
	t->last_ns = now;
}
