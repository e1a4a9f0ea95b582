/*
 * overlap.c - the legal-outcome registers of verify_overlap (overlap.h):
 * one packed word per unit, changed by compare-and-swap.
 */
#include "compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "verify/overlap.h"

#define GEN_MAX 65535u
#define WIN_MASK ((1u << VOVL_WINDOW) - 1)

#define SH_DONE 16
#define SH_INFL 32
#define SH_LEGAL 42
#define SH_UNTR 52
#define UNTR_MASK 1023u
#define LEGAL_OLD (1ULL << 62)
#define AMBIGUOUS (1ULL << 63)	/* after a crash: not judged (vovl_ambiguous) */

/* Ticket: generation, the inflight window at issue, "older ones too". */
#define T_SH_PRED 16
#define T_PRED_OLD (1u << 26)

struct vovl {
	uint64_t nunits;
	int users;		/* atomic */
	uint64_t *w;		/* nunits words, atomic access */
	uint16_t *top;		/* after a crash: the newest generation issued */
};

struct vovl *vovl_new(uint64_t nunits)
{
	struct vovl *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->w = calloc(nunits ? nunits : 1, sizeof(*t->w));
	if (!t->w) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	t->nunits = nunits;
	t->users = 1;
	return t;
}

void vovl_init_unit(struct vovl *t, uint64_t unit, uint16_t gen)
{
	t->w[unit] = (uint64_t)gen | (uint64_t)gen << SH_DONE;
}

struct vovl *vovl_get(struct vovl *t)
{
	if (t)
		__atomic_fetch_add(&t->users, 1, __ATOMIC_RELAXED);
	return t;
}

void vovl_put(struct vovl *t)
{
	if (!t || __atomic_sub_fetch(&t->users, 1, __ATOMIC_ACQ_REL))
		return;
	free(t->w);
	free(t->top);
	free(t);
}

uint64_t vovl_nunits(const struct vovl *t)
{
	return t->nunits;
}

/* How many writes g is behind a (both 1..65535): 0..65534. */
static inline uint32_t back(uint16_t a, uint16_t g)
{
	return ((uint32_t)a + GEN_MAX - g) % GEN_MAX;
}

static inline uint16_t next_gen(uint16_t g)
{
	return g >= GEN_MAX ? 1 : (uint16_t)(g + 1);
}

static inline uint32_t infl(uint64_t w)
{
	return (uint32_t)(w >> SH_INFL) & WIN_MASK;
}

static inline uint32_t legal(uint64_t w)
{
	return (uint32_t)(w >> SH_LEGAL) & WIN_MASK;
}

static inline uint32_t untracked(uint64_t w)
{
	return (uint32_t)(w >> SH_UNTR) & UNTR_MASK;
}

static inline uint64_t pack(uint16_t issued, uint16_t done, uint32_t inflight, uint32_t lgl,
			    uint32_t untr, bool legal_old)
{
	return (uint64_t)issued | (uint64_t)done << SH_DONE | (uint64_t)inflight << SH_INFL |
	       (uint64_t)lgl << SH_LEGAL | (uint64_t)untr << SH_UNTR |
	       (legal_old ? LEGAL_OLD : 0);
}

uint32_t vovl_write_issue(struct vovl *t, uint64_t unit)
{
	uint64_t *p = &t->w[unit], old = __atomic_load_n(p, __ATOMIC_RELAXED), nw;
	uint32_t ticket;

	do {
		uint16_t g = next_gen(vovl_issued(old));
		uint32_t in = infl(old), out = in >> (VOVL_WINDOW - 1);

		ticket = g | in << T_SH_PRED | (untracked(old) ? T_PRED_OLD : 0);
		/* A count that reached its top sticks there: sound, not exact. */
		nw = pack(g, vovl_done(old), ((in << 1) | 1) & WIN_MASK, legal(old),
			  untracked(old) + out > UNTR_MASK ? UNTR_MASK : untracked(old) + out,
			  old & LEGAL_OLD);
	} while (!__atomic_compare_exchange_n(p, &old, nw, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	return ticket;
}

void vovl_write_done(struct vovl *t, uint64_t unit, uint32_t ticket)
{
	uint64_t *p = &t->w[unit], old = __atomic_load_n(p, __ATOMIC_RELAXED), nw;
	uint16_t g = vovl_ticket_gen(ticket);

	do {
		uint16_t done = vovl_done(old);
		uint32_t k = back(vovl_issued(old), g), in = infl(old), untr = untracked(old);
		uint32_t lgl = legal(old);
		bool lold = old & LEGAL_OLD;

		if (k < VOVL_WINDOW)
			in &= ~(1u << k);
		else if (untr && untr != UNTR_MASK)
			untr--;
		/*
		 * Newer than done if nearer the newest issued: exact however
		 * late g completes (within a cycle), where comparing g with done
		 * by serial order would take a write completed more than 32767
		 * writes after its issue for a newer one.
		 */
		if (!done || k < back(vovl_issued(old), done)) {
			done = g;
			lgl = (ticket >> T_SH_PRED) & WIN_MASK;
			lold = ticket & T_PRED_OLD;
		}
		nw = pack(vovl_issued(old), done, in, lgl, untr, lold);
	} while (!__atomic_compare_exchange_n(p, &old, nw, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
}

uint64_t vovl_snap(const struct vovl *t, uint64_t unit)
{
	return __atomic_load_n(&t->w[unit], __ATOMIC_ACQUIRE);
}

uint64_t vovl_snap_reap(const struct vovl *t, uint64_t unit)
{
	return t->top ? t->top[unit] : vovl_snap(t, unit);
}

int vovl_crash_begin(struct vovl *t)
{
	if (!t->top)
		t->top = calloc(t->nunits ? t->nunits : 1, sizeof(*t->top));
	return t->top ? 0 : -ENOMEM;
}

/* Is a newer than b (0: none, older than anything)? */
static bool newer(uint16_t a, uint16_t b)
{
	return a && (!b || (a != b && back(a, b) <= 32767));
}

/*
 * Journals are replayed one after the other, so a unit's generations come
 * out of order: serial order places them only while they are less than
 * half the cycle apart.  A generation a quarter of the cycle or more from
 * the unit's newest marks the unit ambiguous (rewritten that often in one
 * run): it is not judged.
 */
static bool far(uint16_t a, uint16_t b)
{
	uint32_t d = a && b ? back(a, b) : 0;

	return d >= GEN_MAX / 4 && d <= GEN_MAX - GEN_MAX / 4;
}

void vovl_crash_intent(struct vovl *t, uint64_t unit, uint32_t ticket)
{
	uint16_t g = vovl_ticket_gen(ticket);

	if (far(g, t->top[unit]) || far(g, vovl_done(t->w[unit])))
		t->w[unit] |= AMBIGUOUS;
	if (newer(g, t->top[unit]))
		t->top[unit] = g;
}

void vovl_crash_done(struct vovl *t, uint64_t unit, uint32_t ticket)
{
	uint16_t g = vovl_ticket_gen(ticket);

	vovl_crash_intent(t, unit, ticket);
	if (newer(g, vovl_done(t->w[unit])))
		t->w[unit] = pack(g, g, 0, (ticket >> T_SH_PRED) & WIN_MASK, 0,
				  ticket & T_PRED_OLD) | (t->w[unit] & AMBIGUOUS);
}

bool vovl_ambiguous(uint64_t w)
{
	return w & AMBIGUOUS;
}

/* Older or newer than the read's X, for a write legal as in flight. */
static enum vovl_verdict side(uint16_t done, uint16_t gen)
{
	return !done || back(gen, done) <= 32767 ? VOVL_NEWER : VOVL_OLDER;
}

enum vovl_verdict vovl_judge(uint64_t at_issue, uint64_t at_reap, uint16_t gen)
{
	uint16_t done = vovl_done(at_issue), iss = vovl_issued(at_issue);
	uint32_t d;

	if (!gen)
		return done ? VOVL_STALE : VOVL_BEFORE;
	if (!vovl_issued(at_reap) || back(vovl_issued(at_reap), gen) > 32767)
		return VOVL_FUTURE;
	if (gen == done)
		return VOVL_CURRENT;
	if (!iss || back(iss, gen) > 32767)
		return VOVL_NEWER;	/* issued during the read */
	d = back(iss, gen);
	if (d < VOVL_WINDOW ? (infl(at_issue) >> d) & 1 : untracked(at_issue) > 0)
		return side(done, gen);	/* in flight at the issue */
	if (!done || back(done, gen) > 32767)
		return VOVL_STALE;	/* cannot be: a completed write newer than X */
	d = back(done, gen) - 1;
	if (d < VOVL_WINDOW ? (legal(at_issue) >> d) & 1 : (at_issue & LEGAL_OLD) != 0)
		return VOVL_OLDER;	/* in flight when X was issued */
	return VOVL_STALE;
}

/* Append to buf (cap bytes, *at used), cutting at the end. */
static void add(char *buf, size_t cap, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, cap - *at, fmt, ap);
	va_end(ap);
	*at = n < 0 ? cap : *at + (size_t)n;
}

/* The generations of mask (bit k: top - k), oldest first, as " a b c". */
static void add_mask(char *buf, size_t cap, size_t *at, uint16_t top, uint32_t mask)
{
	for (int k = VOVL_WINDOW - 1; k >= 0; k--)
		if ((mask >> k) & 1)
			add(buf, cap, at, " %u", (unsigned)((top + GEN_MAX - 1 - (unsigned)k) % GEN_MAX + 1));
}

void vovl_legal_text(uint64_t at_issue, uint64_t at_reap, char *buf, size_t cap)
{
	uint16_t done = vovl_done(at_issue), iss = vovl_issued(at_issue);
	uint16_t top = vovl_issued(at_reap);
	size_t at = 0;

	if (!cap)
		return;
	buf[0] = 0;
	if (done)
		add(buf, cap, &at, "%u (last completed)", (unsigned)done);
	else
		add(buf, cap, &at, "what the unit held before (nothing completed)");
	if (done && (legal(at_issue) || (at_issue & LEGAL_OLD))) {
		add(buf, cap, &at, ",");
		add_mask(buf, cap, &at, done == 1 ? GEN_MAX : (uint16_t)(done - 1), legal(at_issue));
		add(buf, cap, &at, "%s (in flight beside it)",
		    at_issue & LEGAL_OLD ? " and older" : "");
	}
	if (infl(at_issue) || untracked(at_issue)) {
		add(buf, cap, &at, ",");
		add_mask(buf, cap, &at, iss, infl(at_issue));
		add(buf, cap, &at, "%s (in flight at the read)",
		    untracked(at_issue) ? " and older" : "");
	}
	if (top && top != iss) {
		uint16_t from = next_gen(iss);

		if (from == top)
			add(buf, cap, &at, ", %u (issued during the read)", (unsigned)top);
		else
			add(buf, cap, &at, ", %u-%u (issued during the read)", (unsigned)from,
			    (unsigned)top);
	}
}

/* Add g to gens (n used, cap) unless there; false when full. */
static bool put_gen(uint16_t *gens, int *n, int cap, uint16_t g)
{
	for (int i = 0; i < *n; i++)
		if (gens[i] == g)
			return true;
	if (*n >= cap)
		return false;
	gens[(*n)++] = g;
	return true;
}

int vovl_legal_gens(uint64_t at_issue, uint64_t at_reap, uint16_t *gens, int cap,
		    bool *before)
{
	uint16_t done = vovl_done(at_issue), iss = vovl_issued(at_issue);
	uint16_t top = vovl_issued(at_reap);
	bool ok = true;
	int n = 0;

	*before = !done;
	if (done)
		ok &= put_gen(gens, &n, cap, done);
	for (uint32_t k = 0; done && k < VOVL_WINDOW; k++)
		if ((legal(at_issue) >> k) & 1)
			ok &= put_gen(gens, &n, cap, (uint16_t)((done + 2 * GEN_MAX - 2 - k) % GEN_MAX + 1));
	for (uint32_t k = 0; iss && k < VOVL_WINDOW; k++)
		if ((infl(at_issue) >> k) & 1)
			ok &= put_gen(gens, &n, cap, (uint16_t)((iss + 2 * GEN_MAX - 1 - k) % GEN_MAX + 1));
	for (uint16_t g = iss; top && g != top && ok;) {
		g = next_gen(g);
		ok &= put_gen(gens, &n, cap, g);
	}
	if ((at_issue & LEGAL_OLD) || untracked(at_issue))
		ok = false;
	return ok ? n : -1;
}
