/*
 * test-overlap-model.c - src/verify/overlap.c (verify_overlap's checker)
 * against a reference model, over random histories; and a few direct
 * tests of its API.
 *
 * The model is written from the rule alone (overlap.h's header comment
 * and issue 13), with explicit event times and brute force: a history is
 * a sequence of events on one unit (write issue, write completion, read
 * issue, read reap) and the time of an event is its index.  Writes take
 * generations in issue order.  A read issued at I and reaped at C may
 * find a write W iff
 *
 *	W was issued before C, and no write W2 was issued after W completed
 *	and completed before I
 *
 * (a write never completed completes at +infinity), or what the unit held
 * before any write, iff no write completed before I.  A unit that starts
 * at a generation (vovl_init_unit()) holds a write that completed long
 * before the history.
 *
 * The simulated device answers each read with a legal value chosen at
 * random, or, in some histories, one read with an illegal one (a
 * superseded write, a write issued after the reap, or "before" when that
 * is no longer legal).  The checker is driven with the same events in the
 * same order and must agree with the model: accept every legal value with
 * the model's class, and reject every illegal one.  The one looseness
 * overlap.h documents is counted apart, never as agreement: a unit whose
 * in-flight window overflowed may accept an older generation.  Every read
 * is also judged against every generation (the sweep), not only the
 * device's answer, and the rule is cross-checked against overlap.h's own
 * wording of it (X, the writes in flight beside X, those in flight during
 * the read), and vovl_legal_gens() must name exactly the legal values.
 * The same histories cut by a crash check the table verify_only builds
 * from an overlap journal (its records replayed in a shuffled order).
 * Last, threads issue and complete writes of one unit at once.
 *
 * VOVL_MODEL_SEED and VOVL_MODEL_N override the seed and the number of
 * histories.  A disagreement is shrunk (events dropped while it persists)
 * and the minimal history printed before the test fails.
 */
#include "compat.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "verify/overlap.h"

#define MAX_W 40		/* writes in a history */
#define MAX_R 24		/* reads in a history */
#define MAX_EV (2 * MAX_W + 2 * MAX_R)
#define MAX_CONC 16		/* writes in flight at once (> VOVL_WINDOW) */
#define NEVER INT_MAX		/* completion time of a write never completed */
#define AHEAD 3			/* never-issued generations the sweep tries */

/* ---- histories ------------------------------------------------------------ */

enum ev_kind { EV_WISSUE, EV_WDONE, EV_RISSUE, EV_RREAP };

/* One event; id names the write or read, and survives shrinking. */
struct ev {
	uint8_t kind;
	uint8_t id;
};

struct hist {
	uint16_t start;		/* the unit's start generation (0: unwritten) */
	bool crash;		/* a crash, then read 0 (crash_hist()) */
	uint64_t shuffle;	/* crash: the order of the journal's records */
	int nev;
	struct ev ev[MAX_EV];
};

/* What a read found, by identity so that it survives shrinking. */
enum found_kind {
	F_ZERO,			/* generation 0: none of the table's writes */
	F_START,		/* the start generation */
	F_WRITE,		/* write id arg */
	F_AHEAD,		/* arg generations past the last one issued */
	F_GENS,			/* not a value: the read's vovl_legal_gens(), cap arg */
};

struct found {
	uint8_t kind;
	uint8_t arg;
};

/* A seeded generator (splitmix64): histories reproduce from their seed. */
static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int rnd(uint64_t *s, int n)
{
	return (int)(splitmix(s) % (uint64_t)n);
}

/* ---- the model ------------------------------------------------------------ */

struct mwrite {
	int issue, done;	/* event times; done = NEVER if never */
	int id;
};

struct mread {
	int issue, reap;	/* -1: not in this history */
};

/*
 * A history's times.  Writes are numbered by issue order, 1..nw; w[0] is
 * the start write (issued and completed before time 0) when the unit
 * starts at a generation.  A value is such a number: -1 stands for
 * generation 0, nw + k for the k-th generation never issued.
 */
struct timeline {
	uint16_t start;
	bool crash;
	int nw;
	struct mwrite w[MAX_W + 1];
	int seq_of[MAX_W];	/* write id -> number (0: not in the history) */
	struct mread r[MAX_R];
	uint8_t inflight[MAX_EV];	/* writes in flight right after each event */
};

static uint16_t gen_of(uint16_t start, int v)
{
	if (v < 0)
		return 0;
	if (v == 0)
		return start;
	/* 1..65535, then 1 again: generation 0 is never a write's */
	return (uint16_t)(((uint32_t)start + (uint32_t)v - 1) % 65535u + 1u);
}

/* Writes in flight right after the event at time t. */
static int inflight_after(const struct timeline *tl, int t)
{
	int s, n = 0;

	for (s = 1; s <= tl->nw; s++)
		n += tl->w[s].issue <= t && tl->w[s].done > t;
	return n;
}

static void timeline_build(struct timeline *tl, const struct hist *h)
{
	int i;

	memset(tl, 0, sizeof(*tl));
	tl->start = h->start;
	tl->crash = h->crash;
	tl->w[0] = (struct mwrite){ .issue = -2, .done = -1, .id = -1 };
	for (i = 0; i < MAX_R; i++)
		tl->r[i] = (struct mread){ -1, -1 };
	for (i = 0; i < h->nev; i++) {
		const struct ev *e = &h->ev[i];

		switch (e->kind) {
		case EV_WISSUE:
			tl->nw++;
			tl->seq_of[e->id] = tl->nw;
			tl->w[tl->nw] = (struct mwrite){ i, NEVER, e->id };
			break;
		case EV_WDONE:
			tl->w[tl->seq_of[e->id]].done = i;
			break;
		case EV_RISSUE:
			tl->r[e->id].issue = i;
			break;
		default:
			tl->r[e->id].reap = i;
			break;
		}
	}
	for (i = 0; i < h->nev; i++)
		tl->inflight[i] = (uint8_t)inflight_after(tl, i);
}

/* The first write number that exists: the start write, or write 1. */
static int first_write(const struct timeline *tl)
{
	return tl->start ? 0 : 1;
}

/* Whether v names a value in tl (0 is the start write only if there is one). */
static bool valid_value(const struct timeline *tl, int v)
{
	return v != 0 || tl->start;
}

/* The rule, literally. */
static bool model_legal(const struct timeline *tl, const struct mread *rd, int v)
{
	int s;

	if (v < 0) {
		/* "before": a unit that starts at a generation has none */
		if (tl->start)
			return false;
		for (s = 1; s <= tl->nw; s++)
			if (tl->w[s].done < rd->issue)
				return false;
		return true;
	}
	if (v > tl->nw || tl->w[v].issue > rd->reap)
		return false;
	for (s = first_write(tl); s <= tl->nw; s++)
		if (tl->w[v].done < tl->w[s].issue && tl->w[s].done < rd->issue)
			return false;
	return true;
}

/* X: the newest write (by issue order) completed before t; -1 if none. */
static int model_x(const struct timeline *tl, int t)
{
	int s, x = -1;

	for (s = first_write(tl); s <= tl->nw; s++)
		if (tl->w[s].done < t)
			x = s;
	return x;
}

/* The verdict the model gives value v, X being x (model_x() at the read's issue). */
static enum vovl_verdict model_verdict(const struct timeline *tl, const struct mread *rd,
				       int x, int v)
{
	if (model_legal(tl, rd, v)) {
		if (v < 0)
			return VOVL_BEFORE;
		if (v == x)
			return VOVL_CURRENT;
		return v > x ? VOVL_NEWER : VOVL_OLDER;
	}
	if (v < 0)
		return VOVL_STALE;
	if (v > tl->nw || tl->w[v].issue > rd->reap)
		return VOVL_FUTURE;
	/* issued before the reap, not legal: a newer completed write hides it */
	return VOVL_STALE;
}

/*
 * The same rule as overlap.h words it, to cross-check the model: X; a
 * write in flight when X was issued; one in flight at I or issued between
 * I and C; "before" while nothing completed and the unit started
 * unwritten.
 */
static bool doc_legal(const struct timeline *tl, const struct mread *rd, int x, int v)
{
	const struct mwrite *w;

	if (v < 0)
		return !tl->start && x < 0;
	if (v > tl->nw)
		return false;
	w = &tl->w[v];
	if (v == x)
		return true;
	if (x >= 0 && w->issue < tl->w[x].issue && w->done > tl->w[x].issue)
		return true;
	return (w->issue < rd->issue && w->done > rd->issue) ||
	       (w->issue > rd->issue && w->issue < rd->reap);
}

/* The newest write issued at or before time t (0 if none). */
static int model_issued(const struct timeline *tl, int t)
{
	int s, n = 0;

	for (s = 1; s <= tl->nw; s++)
		if (tl->w[s].issue <= t)
			n = s;
	return n;
}

/*
 * overlap.h's looseness: right after the event at time t, a write is in
 * flight that is at least depth generations older than the newest one
 * issued.  With depth 10, it fell out of the exact in-flight window
 * ("untracked": older than issued - 9); when X was issued, depth 11 is
 * legal_old's "older than done - 10".
 */
static bool untracked_after(const struct timeline *tl, int t, int depth)
{
	int s, newest = model_issued(tl, t);

	for (s = 1; s <= newest - depth; s++)
		if (tl->w[s].issue <= t && tl->w[s].done > t)
			return true;
	return false;
}

/* What the model knows of one read, beyond its legal values. */
struct rctx {
	const struct mread *rd;
	int x;			/* X: newest completed before the issue (-1: none) */
	int issued;		/* the newest write issued at the read's issue */
	int issued_reap;	/* and at its reap */
	bool untr_issue;	/* a write untracked at the read's issue */
	bool untr_x;		/* one older than X - 10 in flight when X was issued */
	bool full;		/* > VOVL_WINDOW writes in flight at once, by the reap */
	bool crash;		/* the read is after a crash */
};

static void rctx_init(struct rctx *rc, const struct timeline *tl, int r)
{
	int t;

	rc->rd = &tl->r[r];
	rc->crash = tl->crash;
	rc->x = model_x(tl, rc->rd->issue);
	rc->issued = model_issued(tl, rc->rd->issue);
	rc->issued_reap = model_issued(tl, rc->rd->reap);
	rc->untr_issue = untracked_after(tl, rc->rd->issue, VOVL_WINDOW);
	rc->untr_x = rc->x >= 1 && untracked_after(tl, tl->w[rc->x].issue, VOVL_WINDOW + 1);
	rc->full = false;
	for (t = 0; t <= rc->rd->reap && !rc->full; t++)
		rc->full = tl->inflight[t] > VOVL_WINDOW;
}

/*
 * Whether accepting v, an illegal older generation, is overlap.h's
 * documented looseness: v is older than the exact window (issued - 9)
 * while a write that fell out of that window is in flight at the read's
 * issue, or v is older than done - 10 while X has legal_old.
 */
static bool excused(const struct rctx *rc, int v)
{
	/* after a crash, only legal_old: the table knows nothing in flight */
	return (!rc->crash && rc->untr_issue && v <= rc->issued - (int)VOVL_WINDOW) ||
	       (rc->untr_x && v <= rc->x - (int)VOVL_WINDOW - 1);
}

/* ---- the checker, driven with a history ----------------------------------- */

struct drive {
	uint64_t at_issue[MAX_R], at_reap[MAX_R];
	bool gen_ok;		/* every ticket had the model's generation */
};

/*
 * After a crash: the journal holds an intent per write issued and a
 * completion per write completed (each with the write's ticket from the
 * run), replayed in a shuffled order into a fresh table; read 0 takes
 * vovl_snap() and vovl_snap_reap() of it.
 */
static void drive_crash(struct drive *d, const struct hist *h, struct vovl *live)
{
	struct jrec { bool done; uint32_t ticket; } rec[MAX_EV], tmp;
	uint32_t ticket[MAX_W] = { 0 };
	uint64_t g = h->shuffle;
	struct vovl *t = vovl_new(1);
	int i, k, n = 0;

	assert_non_null(t);
	for (i = 0; i < h->nev; i++) {
		const struct ev *e = &h->ev[i];

		if (e->kind == EV_WISSUE) {
			ticket[e->id] = vovl_write_issue(live, 0);
			rec[n++] = (struct jrec){ false, ticket[e->id] };
		} else if (e->kind == EV_WDONE) {
			vovl_write_done(live, 0, ticket[e->id]);
			rec[n++] = (struct jrec){ true, ticket[e->id] };
		}
	}
	for (i = n - 1; i > 0; i--) {
		k = rnd(&g, i + 1);
		tmp = rec[i];
		rec[i] = rec[k];
		rec[k] = tmp;
	}
	assert_int_equal(vovl_crash_begin(t), 0);
	for (i = 0; i < n; i++) {
		if (rec[i].done)
			vovl_crash_done(t, 0, rec[i].ticket);
		else
			vovl_crash_intent(t, 0, rec[i].ticket);
	}
	d->at_issue[0] = vovl_snap(t, 0);
	d->at_reap[0] = vovl_snap_reap(t, 0);
	if (vovl_ambiguous(d->at_issue[0]))
		d->gen_ok = false;
	vovl_put(t);
}

static void drive(struct drive *d, const struct hist *h, const struct timeline *tl)
{
	struct vovl *t = vovl_new(1);
	uint32_t ticket[MAX_W] = { 0 };
	int i;

	assert_non_null(t);
	vovl_init_unit(t, 0, h->start);
	d->gen_ok = true;
	if (h->crash) {
		drive_crash(d, h, t);
		vovl_put(t);
		return;
	}
	for (i = 0; i < h->nev; i++) {
		const struct ev *e = &h->ev[i];

		switch (e->kind) {
		case EV_WISSUE:
			ticket[e->id] = vovl_write_issue(t, 0);
			if (vovl_ticket_gen(ticket[e->id]) != gen_of(h->start, tl->seq_of[e->id]))
				d->gen_ok = false;
			break;
		case EV_WDONE:
			vovl_write_done(t, 0, ticket[e->id]);
			break;
		case EV_RISSUE:
			d->at_issue[e->id] = vovl_snap(t, 0);
			break;
		default:
			d->at_reap[e->id] = vovl_snap(t, 0);
			break;
		}
	}
	vovl_put(t);
}

/* ---- comparing ------------------------------------------------------------ */

static const char *const verdict_name[] = {
	[VOVL_CURRENT] = "CURRENT", [VOVL_OLDER] = "OLDER",  [VOVL_NEWER] = "NEWER",
	[VOVL_BEFORE] = "BEFORE",   [VOVL_STALE] = "STALE",  [VOVL_FUTURE] = "FUTURE",
};

static const char *vname(enum vovl_verdict v)
{
	return (unsigned)v < ARRAY_SIZE(verdict_name) ? verdict_name[v] : "?";
}

enum outcome { AGREE, EXCUSED, FALSE_FAILURE, MISS, WRONG_CLASS, WRONG_FIELDS };

struct judged {
	enum vovl_verdict model, got;
	enum outcome out;
};

static int value_of(const struct timeline *tl, struct found f)
{
	switch (f.kind) {
	case F_ZERO:
		return -1;
	case F_START:
		return 0;
	case F_WRITE:
		return tl->seq_of[f.arg];
	case F_GENS:
		return -1;
	default:
		return tl->nw + f.arg;
	}
}

static struct found found_of(const struct timeline *tl, int v)
{
	if (v < 0)
		return (struct found){ F_ZERO, 0 };
	if (v == 0)
		return (struct found){ F_START, 0 };
	if (v <= tl->nw)
		return (struct found){ F_WRITE, (uint8_t)tl->w[v].id };
	return (struct found){ F_AHEAD, (uint8_t)(v - tl->nw) };
}

/*
 * The snapshots' documented fields: issued is the newest generation
 * issued, done X's (a unit's start generation is both until a write of
 * the history is issued or completed; 0 for a unit never written); and
 * every ticket carried the model's generation.
 */
static bool fields_ok(const struct timeline *tl, const struct rctx *rc, const struct drive *d,
		      int r)
{
	if (tl->crash)	/* vovl_snap(): X; vovl_snap_reap(): the newest issued */
		return d->gen_ok && vovl_done(d->at_issue[r]) == gen_of(tl->start, rc->x) &&
		       vovl_issued(d->at_reap[r]) == gen_of(tl->start, rc->issued_reap);
	return d->gen_ok && vovl_issued(d->at_issue[r]) == gen_of(tl->start, rc->issued) &&
	       vovl_issued(d->at_reap[r]) == gen_of(tl->start, rc->issued_reap) &&
	       vovl_done(d->at_issue[r]) == gen_of(tl->start, rc->x);
}

static struct judged judge(const struct timeline *tl, const struct rctx *rc, const struct drive *d,
			   int r, int v)
{
	struct judged j;

	j.model = model_verdict(tl, rc->rd, rc->x, v);
	j.got = vovl_judge(d->at_issue[r], d->at_reap[r], gen_of(tl->start, v));
	if (!fields_ok(tl, rc, d, r))
		j.out = WRONG_FIELDS;
	else if (vovl_legal(j.model) && !vovl_legal(j.got))
		j.out = FALSE_FAILURE;
	else if (!vovl_legal(j.model) && vovl_legal(j.got))
		/* only an older generation, only as overlap.h says */
		j.out = j.model == VOVL_STALE && v >= 0 && j.got == VOVL_OLDER && excused(rc, v) ?
				EXCUSED : MISS;
	else
		j.out = j.model == j.got ? AGREE : WRONG_CLASS;
	return j;
}

/*
 * Whether vovl_legal_gens(), given cap, names other than the model's legal
 * values (each once, "before" apart).  It may give up (-1) only as
 * overlap.h says: more than cap of them, or older writes outside the
 * window.
 */
static bool gens_wrong(const struct timeline *tl, const struct rctx *rc, const struct drive *d,
		       int r, int cap)
{
	uint16_t gens[2 * MAX_W];
	bool before = false, seen[MAX_W + 1] = { false };
	int n, i, v, nlegal = 0;

	n = vovl_legal_gens(d->at_issue[r], d->at_reap[r], gens, cap, &before);
	for (v = first_write(tl); v <= tl->nw; v++)
		nlegal += model_legal(tl, rc->rd, v);
	if (n < 0)
		return !(rc->untr_issue || rc->untr_x || nlegal > cap);
	if (n > cap || n != nlegal || before != model_legal(tl, rc->rd, -1))
		return true;
	for (i = 0; i < n; i++) {
		for (v = first_write(tl); v <= tl->nw && gen_of(tl->start, v) != gens[i]; v++)
			;
		if (v > tl->nw || seen[v] || !model_legal(tl, rc->rd, v))
			return true;
		seen[v] = true;
	}
	return false;
}

static bool disagrees(const struct hist *h, int r, struct found f)
{
	struct timeline tl;
	struct drive d;
	struct rctx rc;

	timeline_build(&tl, h);
	if (f.kind == F_WRITE && !tl.seq_of[f.arg])
		return false;
	if (f.kind == F_START && !h->start)
		return false;
	drive(&d, h, &tl);
	rctx_init(&rc, &tl, r);
	if (f.kind == F_GENS)
		return gens_wrong(&tl, &rc, &d, r, f.arg);
	switch (judge(&tl, &rc, &d, r, value_of(&tl, f)).out) {
	case AGREE:
	case EXCUSED:
		return false;
	default:
		return true;
	}
}

/* ---- shrinking and printing ----------------------------------------------- */

/* c = h without event i, and without its write's or read's other events. */
static void drop_event(struct hist *c, const struct hist *h, int i)
{
	struct ev e = h->ev[i];
	bool read = e.kind == EV_RISSUE || e.kind == EV_RREAP;
	int k;

	*c = *h;
	c->nev = 0;
	for (k = 0; k < h->nev; k++) {
		const struct ev *o = &h->ev[k];
		bool same = o->id == e.id && (read ? o->kind >= EV_RISSUE : o->kind < EV_RISSUE);

		/* dropping a completion keeps the write: it never completes */
		if (k == i || (same && e.kind != EV_WDONE))
			continue;
		c->ev[c->nev++] = *o;
	}
}

static void shrink(struct hist *h, int r, struct found f)
{
	struct hist c;
	bool progress = true;
	int i;

	while (progress) {
		progress = false;
		for (i = 0; i < h->nev; i++) {
			const struct ev *e = &h->ev[i];

			if (e->kind >= EV_RISSUE && e->id == r)
				continue;
			drop_event(&c, h, i);
			if (disagrees(&c, r, f)) {
				*h = c;
				progress = true;
				i--;
			}
		}
		if (h->start && f.kind != F_START) {
			c = *h;
			c.start = 0;
			if (disagrees(&c, r, f)) {
				*h = c;
				progress = true;
			}
		}
	}
}

static const char *const outcome_name[] = {
	[AGREE] = "agrees with the model", [EXCUSED] = "excused (window overflow)",
	[FALSE_FAILURE] = "FALSE FAILURE (a legal value rejected)",
	[MISS] = "MISS (an illegal value accepted)",
	[WRONG_CLASS] = "WRONG VERDICT CLASS",
	[WRONG_FIELDS] = "WRONG SNAPSHOT FIELDS (issued/done/ticket generation)",
};

static void print_hist(const char *title, const struct hist *h, int r, struct found f)
{
	struct timeline tl;
	struct drive d;
	struct judged j;
	struct rctx rc;
	int i, s, v;

	timeline_build(&tl, h);
	drive(&d, h, &tl);
	rctx_init(&rc, &tl, r);
	v = value_of(&tl, f);
	j = judge(&tl, &rc, &d, r, v);
	if (f.kind == F_GENS)
		printf("overlap model: %s: vovl_legal_gens(cap %u) differs\n", title, f.arg);
	else
		printf("overlap model: %s: checker: %s\n", title, outcome_name[j.out]);
	if (h->crash)
		printf("  a crash after these writes; the journal's records replayed in"
		       " shuffle order %#" PRIx64 ", then the read\n", h->shuffle);
	if (h->start)
		printf("  the unit starts at generation %u (a write completed long before)\n",
		       h->start);
	else
		printf("  the unit starts unwritten\n");
	for (i = 0; i < h->nev; i++) {
		const struct ev *e = &h->ev[i];

		s = tl.seq_of[e->id];
		switch (e->kind) {
		case EV_WISSUE:
			printf("  t=%-3d write W%d issued (generation %u)\n", i, s, gen_of(h->start, s));
			break;
		case EV_WDONE:
			printf("  t=%-3d write W%d completed\n", i, s);
			break;
		case EV_RISSUE:
			printf("  t=%-3d read issued    snapshot issued=%u done=%u\n", i,
			       vovl_issued(d.at_issue[e->id]), vovl_done(d.at_issue[e->id]));
			break;
		default:
			printf("  t=%-3d read reaped    snapshot issued=%u done=%u\n", i,
			       vovl_issued(d.at_reap[e->id]), vovl_done(d.at_reap[e->id]));
			break;
		}
	}
	for (s = 1; s <= tl.nw; s++)
		if (tl.w[s].done == NEVER)
			printf("  (W%d never completes)\n", s);
	if (f.kind == F_GENS) {
		uint16_t gens[2 * MAX_W];
		bool before = false;
		int n = vovl_legal_gens(d.at_issue[r], d.at_reap[r], gens, f.arg, &before);

		printf("  vovl_legal_gens: %d%s:", n, before ? ", before" : "");
		for (i = 0; i < n; i++)
			printf(" %u", gens[i]);
		printf("\n");
	} else {
		printf("  the read found generation %u: model %s, checker %s\n",
		       gen_of(h->start, v), vname(j.model), vname(j.got));
	}
	printf("  legal for the read (model):");
	for (s = -1; s <= tl.nw; s++)
		if (valid_value(&tl, s) && model_legal(&tl, &tl.r[r], s))
			printf(" %u", gen_of(h->start, s));
	printf("\n  words: at issue %#" PRIx64 ", at reap %#" PRIx64 "\n", d.at_issue[r],
	       d.at_reap[r]);
}

/* ---- random histories ----------------------------------------------------- */

static uint16_t random_start(uint64_t *g)
{
	switch (rnd(g, 4)) {
	case 0:
		return (uint16_t)(65535 - rnd(g, 12));	/* wraps within the history */
	case 1:
		return (uint16_t)(1 + rnd(g, 65535));
	default:
		return 0;
	}
}

/*
 * Writes and reads issued and completed in random order, at most conc
 * writes in flight; some writes never complete (a failed write stays in
 * flight).  Every read is reaped.
 */
static void random_hist(struct hist *h, uint64_t *g)
{
	int nw = 1 + rnd(g, MAX_W), nr = rnd(g, MAX_R + 1);
	int conc = 1 + rnd(g, MAX_CONC), rconc = 1 + rnd(g, 4);
	int p_issue = 20 + rnd(g, 75), p_read = 10 + rnd(g, 40);
	int p_lost = rnd(g, 4) ? 0 : rnd(g, 25);
	int wfly[MAX_W], rfly[MAX_R];
	int nwfly = 0, nlost = 0, nrfly = 0, wi = 0, ri = 0, k;

	h->start = random_start(g);
	h->crash = false;
	h->shuffle = 0;
	h->nev = 0;
	for (;;) {
		bool can_wi = wi < nw && nwfly + nlost < conc, can_wd = nwfly > 0;
		bool can_ri = ri < nr && nrfly < rconc, can_rd = nrfly > 0;
		bool w_ok = can_wi || can_wd, r_ok = can_ri || can_rd;

		if (!w_ok && !r_ok)
			break;
		if (r_ok && (!w_ok || rnd(g, 100) < p_read)) {
			if (can_ri && (!can_rd || rnd(g, 2))) {
				h->ev[h->nev++] = (struct ev){ EV_RISSUE, (uint8_t)ri };
				rfly[nrfly++] = ri++;
			} else {
				k = rnd(g, nrfly);
				h->ev[h->nev++] = (struct ev){ EV_RREAP, (uint8_t)rfly[k] };
				rfly[k] = rfly[--nrfly];
			}
		} else if (can_wi && (!can_wd || rnd(g, 100) < p_issue)) {
			h->ev[h->nev++] = (struct ev){ EV_WISSUE, (uint8_t)wi };
			if (rnd(g, 100) < p_lost)
				nlost++;
			else
				wfly[nwfly++] = wi;
			wi++;
		} else {
			k = rnd(g, nwfly);
			h->ev[h->nev++] = (struct ev){ EV_WDONE, (uint8_t)wfly[k] };
			wfly[k] = wfly[--nwfly];
		}
	}
}

/*
 * A crash after the first events of h: its writes issued and completed by
 * then (the reads left out), one in ten completions lost with the page
 * cache (the write stays in flight), then read 0 after the crash.  The
 * crash table starts unwritten.
 */
static void crash_hist(struct hist *c, const struct hist *h, uint64_t *g)
{
	int i, end = rnd(g, h->nev + 1);

	c->start = 0;
	c->crash = true;
	c->shuffle = splitmix(g);
	c->nev = 0;
	for (i = 0; i < end; i++) {
		const struct ev *e = &h->ev[i];

		if (e->kind == EV_WISSUE || (e->kind == EV_WDONE && rnd(g, 10)))
			c->ev[c->nev++] = *e;
	}
	c->ev[c->nev++] = (struct ev){ EV_RISSUE, 0 };
	c->ev[c->nev++] = (struct ev){ EV_RREAP, 0 };
}

/*
 * The simulated device: a legal value at random, or an illegal one of a
 * kind chosen at random: superseded, issued after the reap (or never), 0.
 */
static int device_value(const struct timeline *tl, int r, bool illegal, uint64_t *g)
{
	const struct mread *rd = &tl->r[r];
	int legal[MAX_W + 2], stale[MAX_W + 1], later[MAX_W];
	int nl = 0, ns = 0, nf = 0, v;

	for (v = -1; v <= tl->nw; v++) {
		if (!valid_value(tl, v))
			continue;
		if (model_legal(tl, rd, v))
			legal[nl++] = v;
		else if (v >= 0 && tl->w[v].issue < rd->reap)
			stale[ns++] = v;
		else if (v >= 0)
			later[nf++] = v;
	}
	if (!illegal)
		return legal[rnd(g, nl)];
	switch (rnd(g, 3)) {
	case 0:
		if (ns)
			return stale[rnd(g, ns)];
		break;
	case 1:
		return nf && rnd(g, 2) ? later[rnd(g, nf)] : tl->nw + 1 + rnd(g, AHEAD);
	default:
		break;
	}
	if (!model_legal(tl, rd, -1))
		return -1;
	return ns ? stale[rnd(g, ns)] : tl->nw + 1;
}

/* ---- the model test ------------------------------------------------------- */

struct counts {
	uint64_t hists, wrapped, overflowed, reads;
	uint64_t dev_legal, dev_illegal, dev_excused, dev_class[VOVL_FUTURE + 1];
	uint64_t sweep, sweep_legal, sweep_illegal, sweep_excused, excused_full;
	uint64_t gens_named;	/* reads whose legal generations could all be named */
};

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

/* Shrinks and prints a disagreement, then fails the test. */
static void report(const struct hist *h, int r, struct found f, uint64_t seed, uint64_t n)
{
	struct hist m = *h;

	printf("overlap model: disagreement in history %" PRIu64 " of seed %" PRIu64
	       " (VOVL_MODEL_SEED=%" PRIu64 " VOVL_MODEL_N=%" PRIu64 " reproduces it)\n",
	       n, seed, seed, n + 1);
	shrink(&m, r, f);
	print_hist("shrunk history", &m, r, f);
	fflush(stdout);
	fail_msg("verify_overlap's checker disagrees with the model");
}

static void check_read(struct counts *c, const struct hist *h, const struct timeline *tl,
		       const struct drive *d, int r, int dev, uint64_t seed, uint64_t n)
{
	uint16_t gens[2 * MAX_W];
	struct judged j;
	struct rctx rc;
	bool before;
	int v;

	rctx_init(&rc, tl, r);
	c->reads++;
	j = judge(tl, &rc, d, r, dev);
	if (j.out != AGREE && j.out != EXCUSED)
		report(h, r, found_of(tl, dev), seed, n);
	c->dev_legal += vovl_legal(j.model);
	c->dev_illegal += !vovl_legal(j.model);
	c->dev_excused += j.out == EXCUSED;
	c->dev_class[j.got]++;
	/* the names a failure report gives: all of them, and too few room */
	if (gens_wrong(tl, &rc, d, r, 2 * MAX_W))
		report(h, r, (struct found){ F_GENS, 2 * MAX_W }, seed, n);
	if (gens_wrong(tl, &rc, d, r, 2))
		report(h, r, (struct found){ F_GENS, 2 }, seed, n);
	c->gens_named += vovl_legal_gens(d->at_issue[r], d->at_reap[r], gens, 2 * MAX_W,
					 &before) >= 0;
	for (v = -1; v <= tl->nw + AHEAD; v++) {
		if (!valid_value(tl, v))
			continue;
		j = judge(tl, &rc, d, r, v);
		if (j.out != AGREE && j.out != EXCUSED)
			report(h, r, found_of(tl, v), seed, n);
		if (doc_legal(tl, rc.rd, rc.x, v) != vovl_legal(j.model)) {
			print_hist("the rule's two wordings differ in", h, r, found_of(tl, v));
			fflush(stdout);
			fail_msg("history %" PRIu64 ": the rule as overlap.h words it and as the"
				 " issue does differ", n);
		}
		c->sweep++;
		c->sweep_legal += vovl_legal(j.model);
		c->sweep_illegal += !vovl_legal(j.model);
		if (j.out == EXCUSED) {
			c->sweep_excused++;
			c->excused_full += rc.full;
		}
	}
}

static void test_overlap_model__random_histories(void **state)
{
	uint64_t seed = env_u64("VOVL_MODEL_SEED", 20261202);
	uint64_t nh = env_u64("VOVL_MODEL_N", 100000);
	struct counts c = { 0 };
	struct hist h;
	struct timeline tl;
	struct drive d;
	uint64_t n, g;
	int r, bad, dev, nr;

	(void)state;
	printf("overlap model: seed %" PRIu64 ", %" PRIu64 " histories\n", seed, nh);
	for (n = 0; n < nh; n++) {
		g = seed ^ (n * 0xd1b54a32d192ed03ull);
		random_hist(&h, &g);
		timeline_build(&tl, &h);
		drive(&d, &h, &tl);
		c.hists++;
		c.wrapped += h.start && gen_of(h.start, tl.nw) < h.start;
		/* half the histories have one read that finds an illegal value */
		for (nr = 0; nr < MAX_R && tl.r[nr].reap >= 0; nr++)
			;
		bad = nr && rnd(&g, 2) ? rnd(&g, nr) : -1;
		for (r = 0; r < MAX_R; r++) {
			if (tl.r[r].reap < 0)
				continue;
			dev = device_value(&tl, r, r == bad, &g);
			check_read(&c, &h, &tl, &d, r, dev, seed, n);
		}
		for (r = 0; r < h.nev; r++)
			if (untracked_after(&tl, r, VOVL_WINDOW)) {
				c.overflowed++;
				break;
			}
	}
	printf("overlap model: %" PRIu64 " histories (%" PRIu64 " wrap past 65535, %" PRIu64
	       " overflow the window), %" PRIu64 " reads\n",
	       c.hists, c.wrapped, c.overflowed, c.reads);
	printf("overlap model: device: %" PRIu64 " legal values, %" PRIu64
	       " illegal injected, %" PRIu64 " of them excused (window overflow);"
	       " 0 false failures, 0 misses\n",
	       c.dev_legal, c.dev_illegal, c.dev_excused);
	printf("overlap model: verdicts CURRENT %" PRIu64 " OLDER %" PRIu64 " NEWER %" PRIu64
	       " BEFORE %" PRIu64 " STALE %" PRIu64 " FUTURE %" PRIu64 "\n",
	       c.dev_class[VOVL_CURRENT], c.dev_class[VOVL_OLDER], c.dev_class[VOVL_NEWER],
	       c.dev_class[VOVL_BEFORE], c.dev_class[VOVL_STALE], c.dev_class[VOVL_FUTURE]);
	printf("overlap model: sweep: %" PRIu64 " judged, %" PRIu64 " legal, %" PRIu64
	       " illegal, %" PRIu64 " excused (%" PRIu64 " with > %u in flight at once)\n",
	       c.sweep, c.sweep_legal, c.sweep_illegal, c.sweep_excused, c.excused_full,
	       VOVL_WINDOW);
	printf("overlap model: vovl_legal_gens named every legal generation of %" PRIu64
	       " reads, gave up (documented) on %" PRIu64 "\n", c.gens_named, c.reads - c.gens_named);
	/* the generator must reach what the test is for */
	if (nh >= 10000) {
		assert_true(c.wrapped > 0);
		assert_true(c.overflowed > 0);
		assert_true(c.dev_illegal > nh / 4);
		assert_true(c.dev_class[VOVL_BEFORE] > 0 && c.dev_class[VOVL_FUTURE] > 0);
		assert_true(c.dev_class[VOVL_OLDER] > 0 && c.dev_class[VOVL_NEWER] > 0);
		assert_true(c.dev_class[VOVL_STALE] > 0 && c.dev_class[VOVL_CURRENT] > 0);
	}
}

/* ---- the API, directly --------------------------------------------------- */

/* A read issued and reaped at once, finding gen. */
static enum vovl_verdict read_now(const struct vovl *t, uint64_t unit, uint16_t gen)
{
	uint64_t w = vovl_snap(t, unit);

	return vovl_judge(w, w, gen);
}

static void test_overlap__table(void **state)
{
	struct vovl *t = vovl_new(3);

	(void)state;
	assert_non_null(t);
	assert_int_equal(vovl_nunits(t), 3);
	assert_ptr_equal(vovl_get(t), t);
	vovl_put(t);
	assert_int_equal(vovl_nunits(t), 3);	/* still held once */
	vovl_put(t);
	vovl_put(NULL);
	assert_null(vovl_get(NULL));
}

/*
 * A write completed long after its issue (here 40,000 writes of its unit
 * later) is older than done: done must not go back to it.
 */
static void test_overlap__late_completion(void **state)
{
	struct vovl *t = vovl_new(1);
	uint32_t slow, w;
	int i;

	(void)state;
	assert_non_null(t);
	slow = vovl_write_issue(t, 0);
	for (i = 0; i < 40000; i++) {
		w = vovl_write_issue(t, 0);
		vovl_write_done(t, 0, w);
	}
	vovl_write_done(t, 0, slow);
	assert_int_equal(vovl_done(vovl_snap(t, 0)), 40001);
	assert_int_equal(read_now(t, 0, 40001), VOVL_CURRENT);
	w = vovl_write_issue(t, 0);
	vovl_write_done(t, 0, w);
	assert_int_equal(read_now(t, 0, 40002), VOVL_CURRENT);
	assert_int_equal(read_now(t, 0, 40001), VOVL_STALE);
	vovl_put(t);
}

static void test_overlap__one_write(void **state)
{
	struct vovl *t = vovl_new(2);
	uint64_t before;
	uint32_t w1;

	(void)state;
	assert_non_null(t);
	assert_int_equal(read_now(t, 0, 0), VOVL_BEFORE);
	assert_int_equal(read_now(t, 0, 1), VOVL_FUTURE);
	before = vovl_snap(t, 0);
	w1 = vovl_write_issue(t, 0);
	assert_int_equal(vovl_ticket_gen(w1), 1);
	/* a read issued before the write, reaped while it is in flight */
	assert_int_equal(vovl_judge(before, vovl_snap(t, 0), 1), VOVL_NEWER);
	assert_int_equal(vovl_judge(before, vovl_snap(t, 0), 0), VOVL_BEFORE);
	assert_int_equal(read_now(t, 0, 1), VOVL_NEWER);
	vovl_write_done(t, 0, w1);
	assert_int_equal(read_now(t, 0, 1), VOVL_CURRENT);
	assert_int_equal(read_now(t, 0, 0), VOVL_STALE);
	assert_int_equal(read_now(t, 0, 2), VOVL_FUTURE);
	/* the other unit saw none of it */
	assert_int_equal(read_now(t, 1, 0), VOVL_BEFORE);
	assert_int_equal(read_now(t, 1, 1), VOVL_FUTURE);
	assert_int_equal(vovl_issued(vovl_snap(t, 1)), 0);
	vovl_put(t);
}

static void test_overlap__concurrent_and_superseded(void **state)
{
	struct vovl *t = vovl_new(1);
	uint32_t w1, w2, w3;

	(void)state;
	assert_non_null(t);
	w1 = vovl_write_issue(t, 0);
	w2 = vovl_write_issue(t, 0);
	vovl_write_done(t, 0, w2);
	/* w1 was in flight beside w2: the device may have applied it last */
	vovl_write_done(t, 0, w1);
	assert_int_equal(vovl_done(vovl_snap(t, 0)), 2);
	assert_int_equal(read_now(t, 0, 2), VOVL_CURRENT);
	assert_int_equal(read_now(t, 0, 1), VOVL_OLDER);
	/* w3, issued after both completed, supersedes both once it completes */
	w3 = vovl_write_issue(t, 0);
	assert_int_equal(read_now(t, 0, 3), VOVL_NEWER);
	assert_int_equal(read_now(t, 0, 1), VOVL_OLDER);
	vovl_write_done(t, 0, w3);
	assert_int_equal(read_now(t, 0, 3), VOVL_CURRENT);
	assert_int_equal(read_now(t, 0, 2), VOVL_STALE);
	assert_int_equal(read_now(t, 0, 1), VOVL_STALE);
	assert_int_equal(read_now(t, 0, 0), VOVL_STALE);
	vovl_put(t);
}

/* A write never completed (it failed) stays in flight: legal for ever. */
static void test_overlap__failed_write_stays_legal(void **state)
{
	struct vovl *t = vovl_new(1);
	uint32_t w;
	int i;

	(void)state;
	assert_non_null(t);
	(void)vovl_write_issue(t, 0);
	for (i = 0; i < 5; i++) {
		w = vovl_write_issue(t, 0);
		vovl_write_done(t, 0, w);
	}
	assert_int_equal(read_now(t, 0, 6), VOVL_CURRENT);
	assert_int_equal(read_now(t, 0, 1), VOVL_OLDER);
	assert_int_equal(read_now(t, 0, 2), VOVL_STALE);
	vovl_put(t);
}

static void test_overlap__start_generation_and_wrap(void **state)
{
	struct vovl *t = vovl_new(1);
	uint32_t w;

	(void)state;
	assert_non_null(t);
	vovl_init_unit(t, 0, 65535);
	assert_int_equal(vovl_done(vovl_snap(t, 0)), 65535);
	assert_int_equal(read_now(t, 0, 65535), VOVL_CURRENT);
	assert_int_equal(read_now(t, 0, 0), VOVL_STALE);	/* the unit was written */
	assert_int_equal(read_now(t, 0, 1), VOVL_FUTURE);
	w = vovl_write_issue(t, 0);
	assert_int_equal(vovl_ticket_gen(w), 1);		/* 0 is skipped */
	assert_int_equal(read_now(t, 0, 1), VOVL_NEWER);
	assert_int_equal(read_now(t, 0, 65535), VOVL_CURRENT);
	vovl_write_done(t, 0, w);
	assert_int_equal(read_now(t, 0, 1), VOVL_CURRENT);
	assert_int_equal(read_now(t, 0, 65535), VOVL_STALE);
	assert_int_equal(read_now(t, 0, 2), VOVL_FUTURE);
	vovl_put(t);
}

/* Generations more than 32767 writes away cannot be placed. */
static void test_overlap__far_generations(void **state)
{
	struct vovl *t = vovl_new(1);

	(void)state;
	assert_non_null(t);
	vovl_init_unit(t, 0, 40000);
	assert_int_equal(read_now(t, 0, 40000), VOVL_CURRENT);
	assert_int_equal(read_now(t, 0, 10000), VOVL_STALE);	/* 30000 behind */
	assert_int_equal(read_now(t, 0, 4465), VOVL_FUTURE);	/* 30000 ahead, wrapped */
	assert_int_equal(read_now(t, 0, 40001), VOVL_FUTURE);
	vovl_put(t);
}

/*
 * Threads issuing and completing writes of one unit at once, up to
 * THR_DEPTH each (more than the window in all): no update may be lost to
 * the compare-and-swap, every write a thread has in flight across a read
 * must be legal for that read (unless it fell more than 32767 writes
 * behind), and once all completed the word has nothing in flight (nor
 * untracked) and done is the last generation.
 */
#define THR_N 4
#define THR_DEPTH 6
#define THR_WRITES 20000

struct thr_arg {
	struct vovl *t;
	uint64_t seed;
	int bad;		/* in-flight writes judged illegal */
	int far;		/* in-flight writes too far behind to judge */
};

static void *thr_main(void *p)
{
	struct thr_arg *a = p;
	uint32_t fly[THR_DEPTH];
	uint64_t at_issue, at_reap;
	uint16_t g;
	int n = 0, issued = 0, k;

	while (issued < THR_WRITES || n) {
		if (n < THR_DEPTH && issued < THR_WRITES && (!n || rnd(&a->seed, 2))) {
			fly[n++] = vovl_write_issue(a->t, 0);
			issued++;
			continue;
		}
		k = rnd(&a->seed, n);
		at_issue = vovl_snap(a->t, 0);
		at_reap = vovl_snap(a->t, 0);
		g = vovl_ticket_gen(fly[k]);
		/*
		 * A thread descheduled while the others issue 32768 writes
		 * leaves its write unplaceable (overlap.h: more than 32767
		 * writes away): only counted.
		 */
		if ((vovl_issued(at_reap) + 65535u - g) % 65535u > 32767)
			a->far++;
		else if (!vovl_legal(vovl_judge(at_issue, at_reap, g)))
			a->bad++;
		vovl_write_done(a->t, 0, fly[k]);
		fly[k] = fly[--n];
	}
	return NULL;
}

static void test_overlap__threads(void **state)
{
	struct vovl *t = vovl_new(1);
	struct thr_arg a[THR_N];
	pthread_t th[THR_N];
	uint64_t w;
	int i, far = 0;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < THR_N; i++) {
		a[i] = (struct thr_arg){ .t = t, .seed = (uint64_t)i + 1 };
		assert_int_equal(pthread_create(&th[i], NULL, thr_main, &a[i]), 0);
	}
	for (i = 0; i < THR_N; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(a[i].bad, 0);
		far += a[i].far;
	}
	printf("overlap threads: %d writes in flight across a read fell too far behind to judge\n",
	       far);
	w = vovl_snap(t, 0);
	assert_int_equal(vovl_issued(w), gen_of(0, THR_N * THR_WRITES));
	assert_int_equal(vovl_done(w), vovl_issued(w));
	/* overlap.h's layout: bits 32-41 in flight, 52-61 untracked */
	assert_int_equal((w >> 32) & 1023, 0);
	assert_int_equal((w >> 52) & 1023, 0);
	vovl_put(t);
}

/*
 * After a crash (verify_only of an overlap journal): legal are X, the
 * newest durably completed write, the writes in flight beside it and every
 * write issued after it -- the same rule as a read issued after every
 * event, reaped never.  Same histories, cut at a random point.
 */
static void test_overlap_model__crash_histories(void **state)
{
	uint64_t seed = env_u64("VOVL_MODEL_SEED", 20261202);
	uint64_t nh = env_u64("VOVL_MODEL_N", 100000);
	struct counts c = { 0 };
	struct hist h, ch;
	struct timeline tl;
	struct drive d;
	uint64_t n, g;

	(void)state;
	for (n = 0; n < nh; n++) {
		g = seed ^ (n * 0xd1b54a32d192ed03ull);
		random_hist(&h, &g);
		crash_hist(&ch, &h, &g);
		timeline_build(&tl, &ch);
		drive(&d, &ch, &tl);
		c.hists++;
		check_read(&c, &ch, &tl, &d, 0, device_value(&tl, 0, rnd(&g, 2), &g), seed, n);
	}
	printf("overlap model, crash: %" PRIu64 " histories; device: %" PRIu64 " legal values, %"
	       PRIu64 " illegal injected, %" PRIu64 " excused; sweep: %" PRIu64 " judged, %"
	       PRIu64 " legal, %" PRIu64 " illegal, %" PRIu64 " excused (legal_old)\n",
	       c.hists, c.dev_legal, c.dev_illegal, c.dev_excused, c.sweep, c.sweep_legal,
	       c.sweep_illegal, c.sweep_excused);
	printf("overlap model, crash: verdicts CURRENT %" PRIu64 " OLDER %" PRIu64 " NEWER %"
	       PRIu64 " BEFORE %" PRIu64 " STALE %" PRIu64 " FUTURE %" PRIu64 "\n",
	       c.dev_class[VOVL_CURRENT], c.dev_class[VOVL_OLDER], c.dev_class[VOVL_NEWER],
	       c.dev_class[VOVL_BEFORE], c.dev_class[VOVL_STALE], c.dev_class[VOVL_FUTURE]);
	if (nh >= 10000) {
		assert_true(c.dev_illegal > nh / 4);
		assert_true(c.dev_class[VOVL_OLDER] > 0 && c.dev_class[VOVL_NEWER] > 0);
		assert_true(c.dev_class[VOVL_STALE] > 0 && c.dev_class[VOVL_FUTURE] > 0);
		assert_true(c.dev_class[VOVL_BEFORE] > 0 && c.dev_class[VOVL_CURRENT] > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlap__table),
		cmocka_unit_test(test_overlap__late_completion),
		cmocka_unit_test(test_overlap__one_write),
		cmocka_unit_test(test_overlap__concurrent_and_superseded),
		cmocka_unit_test(test_overlap__failed_write_stays_legal),
		cmocka_unit_test(test_overlap__start_generation_and_wrap),
		cmocka_unit_test(test_overlap__far_generations),
		cmocka_unit_test(test_overlap__threads),
		cmocka_unit_test(test_overlap_model__random_histories),
		cmocka_unit_test(test_overlap_model__crash_histories),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
