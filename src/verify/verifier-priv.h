/*
 * verifier-priv.h - the verifier's insides, shared by verifier.c,
 * backlog.c and vstate-glue.c only.
 */
#ifndef VERIO_VERIFY_VERIFIER_PRIV_H
#define VERIO_VERIFY_VERIFIER_PRIV_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "csum.h"
#include "io_u.h"
#include "verify/verifier.h"

struct genmap;
struct vmap;
struct vfile;
struct vjournal;
struct vj_inflight;
struct ovj;
struct vstate_run;

/* One block written, waiting for the backlog to read it back. */
struct vb_entry {
	uint32_t file;
	uint64_t offset, len;
};

struct verifier {
	struct verify_conf c;		/* strings and pattern: our copies */
	char *name, *dump_dir, *state_path;
	uint8_t *pat;			/* conf pattern bytes */
	uint32_t pat_ofs[VERIFY_PATTERN_OFS_MAX];
	uint8_t *pattern;		/* VERIFY_PATTERN: one unit of it */

	struct csum_ctx csum;		/* the writer's: stamping */
	bool csum_ready;
	uint64_t run_id, seed;		/* conf's, or a loaded state's */
	uint64_t wall0_ns, mono0_ns;	/* to stamp write times cheaply */
	uint64_t max_read;		/* longest verify-phase read */

	struct vfile *files;		/* attached, not owned */
	unsigned nr_files;
	struct genmap **maps;		/* per file */
	struct vmap **vmaps;		/* per file: the report's verify map */
	bool map_valid;			/* maps say what is on the media */
	/*
	 * The run that wrote every unit the map knows is run_id, and this job
	 * and clone (c.job_index, c.clone) wrote it: set when the verifier
	 * wrote the map itself; a replay sets run_known once its vote
	 * found the writing run, a loaded state from its runs.
	 */
	bool run_known;
	bool writer_known;		/* every unit in the map is this job's */
	atomic_uint_fast64_t printed;	/* failing units printed in full */
	bool state_loaded;
	bool state_clean;		/* the loaded state ended cleanly */
	bool state_trims;		/* the loaded state's job trims */
	bool wrote;			/* something was written */

	/* Replay (verify_only without state): see verifier_replay_mark(). */
	bool replayed;			/* the maps come from a dry run */
	bool voted;			/* the writing run was looked for (and,
					 * found, run_known set, run_id and seed
					 * are its) */
	/*
	 * The runs table (verify/state.h): the loaded state's runs and, for
	 * a writer, this run's entry (cur_run), whose range is
	 * gen_base..GENMAP_GEN_MAX while it runs.  Read by verifier_check()
	 * on every checking thread; changed only at a save, when no I/O is
	 * in flight.
	 */
	struct vstate_run *runs;
	unsigned nr_runs, runs_cap;
	uint64_t *run_seeds;		/* their data seeds (vunit_expect.alt_seeds), */
	uint32_t nr_run_seeds;		/* then peer_seeds */
	uint64_t *peer_seeds;		/* verifier_peer_seeds() */
	uint32_t nr_peer_seeds;
	int cur_run;			/* -1: none (this run does not write) */
	uint16_t gen_base;		/* first generation this run writes */
	uint64_t seq;			/* of the state loaded or last saved */
	uint64_t loaded_run_id;		/* the run that saved the loaded state */
	uint64_t loaded_seed;		/* its data seed */
	uint64_t start_ms;		/* wall clock at verifier_new() */
	/* verifier_set_epoch(): incidents' time 0 (now_ns()), 0 = none; set
	 * by the job's thread while verify threads may read it */
	_Atomic uint64_t epoch_ns;

	struct vb_entry *ring;		/* verify_backlog entries */
	unsigned ring_cap, ring_head, ring_count, batch_left;

	unsigned walk_file;
	uint64_t walk_unit;

	/* Saved state and journal (vstate-glue.c, journal-glue.c). */
	bool saved_clean;		/* the journal's last checkpoint has it all */
	bool ending;			/* the save in progress is the job's end */
	bool begin_pending;		/* a loaded state's writer: begin its run
					 * once the journal is replayed */
	struct vjournal *jr;		/* verify_journal=1 writer, or NULL */
	int jerr;			/* a failed append, reported at the next commit */
	uint64_t jr_replayed;		/* records a loaded journal applied */
	bool jr_used;			/* a journal was replayed */
	bool jr_from_next;		/* ... from the staged ".journal.next" */
	/* Units whose content a crash left open (sorted by file, unit). */
	struct vj_inflight *inflight;
	size_t nr_inflight;

	/* verify_overlap: per file, the shared register table and the byte
	 * offset of its unit 0; per io_u and unit of it, two words: a write's
	 * ticket, or a read's snapshots at issue and at reap. */
	struct vovl **ovl;
	uint64_t *ovl_base;
	uint64_t *ovl_slots;
	uint32_t ovl_units;		/* units per io_u */
	struct ovj *ovj;		/* verify_journal of an overlap writer */
};

static inline uint64_t unit_index(const struct verifier *v, const struct io_u *u,
				  uint32_t k)
{
	return (u->offset - u->file->io_offset) / v->c.geom.unit_len + k;
}

static inline unsigned file_index(const struct verifier *v, const struct vfile *f)
{
	return (unsigned)(f - v->files);
}

/*
 * journal-glue.c, hot path: write [unit, unit + n) of file fi completed
 * (its map entries already advanced): journal it, and mark crash-open
 * units it rewrote as settled.
 */
void verifier_journal_done(struct verifier *v, unsigned fi, uint64_t unit, uint32_t n);

/*
 * journal-glue.c: save the state, for a job that writes no journal while a
 * replayed one left units undecided: a journal of CARRY records goes with
 * the new state (staged first, as at a checkpoint).  0 or -errno.
 */
int verifier_journal_carry(struct verifier *v);

/* vstate-glue.c: save the state as checkpoint seq, whatever was written. */
int verifier_state_save_seq(struct verifier *v, uint64_t seq, bool clean);

/* verify_overlap: the ticket of write u's unit k (verifier.c), and the
 * overlap journal's DONE of a unit at byte offset off (journal-glue.c). */
uint32_t verifier_ovl_ticket(const struct verifier *v, const struct io_u *u, uint32_t k);
void verifier_ovj_done(struct verifier *v, unsigned fi, uint64_t off, uint32_t ticket);

/* What checking reads needs, once per checking thread. */
struct vworker {
	char legal[160];		/* verify_overlap: a failing unit's legal
					 * writes, for its incident ("" if none) */
	uint8_t *explained;		/* verify_overlap, overlap_bytes: one unit */
	struct csum_ctx *csum;		/* NULL when the method has no digest */
	uint8_t *scratch;		/* one unit: compare mode, dumps */
	uint8_t *sec_scratch;		/* one sector: diagnosis */
	struct vsector *sectors;	/* one unit's sectors: diagnosis */
	struct verify_stats *st;	/* where results are counted */
};

/* replay.c: learn the writing run from a sample of headers (once). */
void replay_vote(struct verifier *v);
/*
 * verifier_state_begin() - at attach: the run's start time, and for a
 * writer its entry in the runs table (generations from 1).  0 or -ENOMEM.
 */
int verifier_state_begin(struct verifier *v);

static inline bool kind_has_header(enum verify_kind k)
{
	return k == VERIFY_CSUM || k == VERIFY_META || k == VERIFY_PATTERN_HDR;
}

/* Hot path: remember a completed write for the backlog, if it has room. */
static inline void backlog_push(struct verifier *v, unsigned file, uint64_t off,
				uint64_t len)
{
	if (v->ring && v->ring_count < v->ring_cap) {
		struct vb_entry *e = &v->ring[(v->ring_head + v->ring_count) % v->ring_cap];

		e->file = file;
		e->offset = off;
		e->len = len;
		v->ring_count++;
	}
}

#endif /* VERIO_VERIFY_VERIFIER_PRIV_H */
