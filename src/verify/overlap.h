/*
 * overlap.h - verify_overlap: the legal outcomes of each verify unit under
 * overlapping, concurrent writes (docs/format.md, "Overlapping writes").
 *
 * Every unit of a region is a register.  Writes of it are numbered in the
 * order they are issued (generations, 1..65535 then 1 again, as the
 * generation map's); a write is "in flight" from its issue (before the
 * engine sees it) until its completion is reaped.  A read issued at time
 * I and reaped at time C may legally find, in a sector of the unit:
 *
 *   - the write X that is the newest (by issue order) of those completed
 *     before I; X is never superseded by an older write: an older write W
 *     that completed after X was issued was in flight beside X, and the
 *     device may have applied them in either order, so
 *   - any write that was in flight when X was issued (it completed after
 *     X's issue, or has not completed yet);
 *   - any write in flight at I, or issued between I and C.
 *
 * Nothing else: a write that completed before a newer completed write was
 * issued is superseded (stale), and a write issued after C cannot be
 * there.  Before any write of this run completed, what the unit held
 * before is legal too (VOVL_BEFORE).  Moving I earlier or C later only
 * adds legal outcomes, so the caller may take the issue snapshot before
 * its engine submits the read and the reap snapshot after the completion
 * is seen: the verdict never fails a legal outcome.
 *
 * State: one 64-bit word per unit, changed with compare-and-swap only (no
 * lock), so that any number of threads (the clones of a job, several
 * jobs) may issue, complete and read the units of one table at once:
 *
 *   bits  0-15  issued: the newest generation issued (0: none yet)
 *   bits 16-31  done:   the newest generation completed, X (0: none yet)
 *   bits 32-41  inflight: bit k set = generation issued - k in flight
 *   bits 42-51  legal:  bit k set = generation done - 1 - k was in flight
 *                       when done was issued
 *   bits 52-61  untracked: writes in flight that are older than
 *                       issued - 9 (they fell out of the inflight window)
 *   bit  62     legal_old: when done was issued, a write older than
 *                       done - 10 was in flight (untracked > 0): every
 *                       generation older than that is legal
 *   bit  63     after a crash only: ambiguous (vovl_ambiguous())
 *
 * A write still in flight when 10 newer writes of its unit have been
 * issued falls out of the window: more than 10 in flight at once does
 * it, and so does one slow (or failed) write beside 10 short ones.  The
 * unit keeps exact verdicts for the newest 10 and accepts any older
 * generation while such a write is in flight, or was in flight when done
 * was issued (counted by the caller as VOVL_OLDER).  The count of such
 * writes stops at 1023: past it (or with writes that failed and never
 * complete) older generations of the unit stay legal for good -- loose,
 * never a false failure.
 *
 * A write's "ticket" (vovl_write_issue()) carries its generation and the
 * writes in flight at its issue; the writer keeps it until it calls
 * vovl_write_done() with it.  A read keeps the word vovl_snap() gave at
 * its issue, and takes a second one when its completion is reaped; the
 * pair judges any generation found (vovl_judge()).
 *
 * Hot path: vovl_write_issue(), vovl_write_done() and vovl_snap() are a
 * load and one compare-and-swap per unit (retried only when another
 * thread changed the same unit in between); vovl_judge() is arithmetic.
 * Nothing allocates, locks or prints.
 */
#ifndef VERIO_VERIFY_OVERLAP_H
#define VERIO_VERIFY_OVERLAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes of one unit in the exact window. */
#define VOVL_WINDOW 10u

struct vovl;

/*
 * vovl_new() - a table of nunits units, never written (start generation
 * 0; vovl_init_unit() sets another).  NULL with errno = ENOMEM.
 * The table is shared: every user calls vovl_get() and vovl_put().
 */
struct vovl *vovl_new(uint64_t nunits);

/* vovl_init_unit() - before any thread uses the table: unit's start generation. */
void vovl_init_unit(struct vovl *t, uint64_t unit, uint16_t gen);

/* vovl_get() / vovl_put() - one more user; the last vovl_put() frees it. */
struct vovl *vovl_get(struct vovl *t);
void vovl_put(struct vovl *t);

uint64_t vovl_nunits(const struct vovl *t);

/* vovl_write_issue() - a write of unit is about to be issued: its ticket. */
uint32_t vovl_write_issue(struct vovl *t, uint64_t unit);

/* vovl_ticket_gen() - the generation the write carries (stamp it). */
static inline uint16_t vovl_ticket_gen(uint32_t ticket)
{
	return (uint16_t)ticket;
}

/*
 * vovl_write_done() - the write of ticket completed.  A write that failed
 * is not given: it may reach the media at any time, so it stays in flight
 * (its unit's older generations stay legal; the run ends with exit 3).
 */
void vovl_write_done(struct vovl *t, uint64_t unit, uint32_t ticket);

/* vovl_snap() - the unit's word now (a read's issue, then its reap). */
uint64_t vovl_snap(const struct vovl *t, uint64_t unit);

/* The fields of a word (for reports, tests and the state saved). */
static inline uint16_t vovl_issued(uint64_t w)
{
	return (uint16_t)w;
}

static inline uint16_t vovl_done(uint64_t w)
{
	return (uint16_t)(w >> 16);
}

/*
 * After a crash (verify_only of an overlap journal, verify/ovjournal.h):
 * vovl_crash_begin() makes the table hold, per unit, the newest write
 * that durably completed (X, with the writes in flight beside it, from
 * its ticket) and the newest write issued at all; vovl_crash_intent() and
 * vovl_crash_done() feed it the journals' records, in any order and from
 * any number of journals (single-threaded, before any read).  A read's
 * snapshots are then vovl_snap() (X) and vovl_snap_reap() (the newest
 * issued): legal are X, the writes beside it and every write issued
 * after X -- each may or may not have reached the media.
 * vovl_crash_begin() returns 0 or -ENOMEM.
 */
int vovl_crash_begin(struct vovl *t);
void vovl_crash_intent(struct vovl *t, uint64_t unit, uint32_t ticket);
void vovl_crash_done(struct vovl *t, uint64_t unit, uint32_t ticket);

/*
 * vovl_ambiguous() - after a crash: the journals' generations of the unit
 * are a quarter of the cycle or more apart (it was rewritten some 16000
 * times in the run), so their order is not known: the unit is not judged.
 */
bool vovl_ambiguous(uint64_t w);

/* vovl_snap_reap() - a read's second snapshot (vovl_snap() but after a crash). */
uint64_t vovl_snap_reap(const struct vovl *t, uint64_t unit);

enum vovl_verdict {
	VOVL_CURRENT = 0,	/* done at the read's issue: X */
	VOVL_OLDER,		/* older than X, in flight beside X or during the read */
	VOVL_NEWER,		/* newer than X, in flight during the read */
	VOVL_BEFORE,		/* what the unit held before this table's first write,
				 * while no write of it had completed at the issue */
	VOVL_STALE,		/* illegal: superseded before the read was issued */
	VOVL_FUTURE,		/* illegal: not issued by the reap, or no such write */
};

/* vovl_legal() - whether a verdict is a legal outcome. */
static inline bool vovl_legal(enum vovl_verdict v)
{
	return v <= VOVL_BEFORE;
}

/*
 * vovl_judge() - what finding generation gen means for a read whose
 * snapshots were at_issue and at_reap.  gen 0 stands for "none of the
 * table's writes" (never written, another run's, no valid stamp): legal
 * (VOVL_BEFORE) only while no write had completed at the issue and the
 * unit started unwritten, else VOVL_STALE.  A unit's start generation
 * (vovl_init_unit()) is judged as a write that completed long ago.  A
 * generation more than 32767 writes away from the newest issued one
 * cannot be placed: VOVL_FUTURE when it is ahead, VOVL_STALE behind.
 */
enum vovl_verdict vovl_judge(uint64_t at_issue, uint64_t at_reap, uint16_t gen);

/*
 * vovl_legal_gens() - the legal generations of a read (at_issue, at_reap),
 * at most cap of them into gens: the write completed last, those beside
 * it, those in flight at the issue and those issued before the reap.
 * Returns how many, or -1 when they cannot all be named (more than cap,
 * or older writes outside the window: VOVL_WINDOW).  *before: what the
 * unit held before is legal too.
 */
int vovl_legal_gens(uint64_t at_issue, uint64_t at_reap, uint16_t *gens, int cap,
		    bool *before);

/*
 * vovl_legal_text() - the legal generations of a read (at_issue, at_reap)
 * as text for a failure: "12 (last completed), 10 11 (in flight beside
 * it), 13-15 (in flight during the read)", cut to fit cap bytes.
 */
void vovl_legal_text(uint64_t at_issue, uint64_t at_reap, char *buf, size_t cap);

#endif /* VERIO_VERIFY_OVERLAP_H */
