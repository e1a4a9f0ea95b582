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
#include "verify/verifier.h"

struct genmap;
struct vfile;
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
	bool map_valid;			/* maps say what is on the media */
	bool state_loaded;
	bool state_clean;		/* the loaded state ended cleanly */
	bool wrote;			/* something was written */

	/*
	 * The runs table (verify/state.h): the loaded state's runs and, for
	 * a writer, this run's entry (cur_run), whose range is
	 * gen_base..GENMAP_GEN_MAX while it runs.  Read by verifier_check()
	 * on every checking thread; changed only at a save, when no I/O is
	 * in flight.
	 */
	struct vstate_run *runs;
	unsigned nr_runs, runs_cap;
	int cur_run;			/* -1: none (this run does not write) */
	uint16_t gen_base;		/* first generation this run writes */
	uint64_t seq;			/* of the state loaded or last saved */
	uint64_t loaded_run_id;		/* the run that saved the loaded state */
	uint64_t loaded_seed;		/* its data seed */
	uint64_t start_ms;		/* wall clock at verifier_new() */

	struct vb_entry *ring;		/* verify_backlog entries */
	unsigned ring_cap, ring_head, ring_count, batch_left;

	unsigned walk_file;
	uint64_t walk_unit;
};

/* What checking reads needs, once per checking thread. */
struct vworker {
	struct csum_ctx *csum;		/* NULL when the method has no digest */
	uint8_t *scratch;		/* one unit: compare mode, dumps */
	uint8_t *sec_scratch;		/* one sector: diagnosis */
	struct vsector *sectors;	/* one unit's sectors: diagnosis */
	struct verify_stats *st;	/* where results are counted */
};

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
