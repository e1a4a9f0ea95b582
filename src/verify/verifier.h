/*
 * verifier.h - the verifier: stamping writes, checking reads against the
 * generation map, diagnosing, reporting and dumping failing units, and
 * the saved state.  It is made from a struct verify_conf the caller fills
 * in (a job, the io shell, a mirror and inspect alike): it knows nothing
 * of jobs, options or runs.
 *
 * Life: verifier_new(), verifier_attach() (the target regions; maps),
 * optionally verifier_state_load(), verifier_start() (before the first
 * I/O, on the thread that stamps), then the per-I/O calls, then
 * verifier_state_save() and verifier_free().  Reads are checked through a
 * struct vworker: one per checking thread.
 *
 * Hot path: verifier_stamp(), verifier_write_done() and verifier_check()
 * allocate nothing, take no lock and print nothing while the data is
 * right; a failing unit takes the slow path (diagnosis, message, dump),
 * which may.  verifier_stamp() and verifier_write_done() belong to one
 * thread (the writer); verifier_check() may run on several threads at
 * once, each with its own vworker, as long as no write of the units it
 * checks is in flight.
 */
#ifndef VERIO_VERIFY_VERIFIER_H
#define VERIO_VERIFY_VERIFIER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verify/format.h"

struct io_u;
struct vfile;
struct verifier;
struct vworker;
struct verify_stats;

enum verify_kind {
	VERIFY_NONE = 0,
	VERIFY_CSUM,		/* header + checksum digest (md5, crc32c, ...) */
	VERIFY_META,		/* header and stamps only, no digest */
	VERIFY_PATTERN,		/* verify_pattern, no header */
	VERIFY_PATTERN_HDR,	/* header + verify_pattern payload */
	VERIFY_NULL,		/* pretend: write plain buffers, check nothing */
};

enum verify_mode {
	VERIFY_MODE_CHECKSUM = 0,	/* header and digest */
	VERIFY_MODE_COMPARE = 1,	/* regenerate and compare every byte */
};

/* Most %o positions a pattern may have. */
#define VERIFY_PATTERN_OFS_MAX 8

/*
 * Everything a verifier needs.  Strings and the pattern are copied by
 * verifier_new(): the conf may go away after it.
 */
struct verify_conf {
	enum verify_kind kind;
	struct vunit_geom geom;		/* csum: the digest for VERIFY_CSUM */
	enum verify_mode mode;
	uint64_t seed;			/* data seed (a loaded state has its own) */
	uint64_t run_id;		/* of this run (a loaded state has its own) */
	uint64_t rand_seed;		/* the workload's random seed (saved, informative) */
	uint32_t job_index;		/* the writer, stamped in every header */
	uint32_t clone;
	const char *name;		/* in messages: "job 'NAME'"; NULL = "" */

	/* VERIFY_PATTERN: the payload; the pattern repeats from each unit
	 * start and every pattern_interval bytes (0 = the unit), each copy
	 * holding the unit's offset at pattern_ofs[] (%o, 8 bytes LE). */
	const uint8_t *pattern;
	size_t pattern_len;
	const uint32_t *pattern_ofs;
	size_t pattern_nofs;		/* at most VERIFY_PATTERN_OFS_MAX */
	uint64_t pattern_interval;

	bool fatal;			/* a failure sets *stop */
	atomic_bool *stop;		/* may be NULL */
	bool dump;			/* write .received/.expected/.json */
	unsigned print_max;		/* failing units printed in full, 0 = all */
	const char *dump_dir;		/* NULL = "." */
	/* verify_reread: a failing unit is read again with the cache
	 * bypassed and checked again (verify/reread.h); else "off". */
	bool reread;

	const char *state_path;		/* NULL = no state */
	bool state_save;		/* save at the end if anything was written */
	bool state_load;		/* a missing state file is an error */
	bool journal;			/* verify_journal: a write-intent journal */
	bool journal_buffered;		/* direct=0: durable only once fsynced */
	uint32_t journal_records;	/* checkpoint after this many records */
	uint32_t journal_batch;		/* most records between two flushes */
	uint32_t atomic_write;		/* bytes written atomically (0 = sector) */

	/* fio's verify_write_sequence=0: a unit's header may carry any
	 * generation of its offset (that write's run and seed then apply);
	 * verify_header_seed=0: its seed, run and writer are not checked.
	 * Offset, geometry and checksum still are. */
	bool skip_gen_check;
	bool skip_seed_check;

	/* Trims (rw=trim, trimwrite, ...): the workload trims (its saved
	 * state says so), and trim_verify_zero: a trimmed unit must read
	 * back as zeroes (else any content is accepted). */
	bool trims;
	bool trim_zero;

	/* verify_overlap (verify/overlap.h): writes take their generations
	 * from register tables shared with other verifiers
	 * (verifier_overlap_share()), and every read is judged against the
	 * legal outcomes its issue and reap snapshots allow. */
	bool overlap;
	/* ... through a page cache (buffered I/O, or a file system whose
	 * direct I/O may copy): a read may mix the legal writes byte by byte. */
	bool overlap_bytes;

	unsigned backlog;		/* verify_backlog: read back after N writes */
	unsigned backlog_batch;		/* reads per backlog batch, 0 = all */

	/* The map policy.  A caller that writes knows what is on the media:
	 * its map is authoritative, and unwritten units are not checked. */
	bool writes;			/* the workload has writes */
	bool verify_only;		/* ... but this run only reads back */
	bool verify_after_writes;	/* do_verify: a verify phase after writes */
};

/*
 * verifier_new() - a verifier for c.  NULL with *err = -EINVAL (kind
 * VERIFY_NONE, a zero unit or sector, no pattern for VERIFY_PATTERN, too
 * many %o, a geometry vunit_geom_check() refuses for a kind with a header,
 * a digest missing for VERIFY_CSUM) or -ENOMEM.
 */
struct verifier *verifier_new(const struct verify_conf *c, int *err);

/*
 * The verify map of attached file fi (verify/vmap.h): its unit reads
 * verified and failed per cell, and its failures by class.  Read once
 * the checking is over.  verifier_vmap() - NULL if there is none.
 * verifier_vmap_written() - into written[] (the map's cells), the units
 * of each cell the generation map knows written; false (written left
 * alone) when the maps do not say what is on the media.  Scans the map:
 * not for the I/O path.
 */
struct vmap;
const struct vmap *verifier_vmap(const struct verifier *v, unsigned fi);
bool verifier_vmap_written(const struct verifier *v, unsigned fi, uint64_t *written);

/* verifier_free() - release everything; NULL is fine. */
void verifier_free(struct verifier *v);

/*
 * verifier_set_epoch() - the time 0 (now_ns()) of the caller's report: a
 * failing unit found from then on carries its time_ms (a job's: when its
 * statistics and fio logs began).  Any thread; NULL is fine.
 */
void verifier_set_epoch(struct verifier *v, uint64_t t0_ns);

/*
 * verifier_peer_seeds() - the data seeds of other writers whose blocks
 * may turn up in v's region (verio-mpi's other ranks): a sector stamped
 * with one of them is recognised, so a block one of them misdirected
 * here is judged misdirected, with the offset it was written for, not
 * foreign. Before any I/O. Returns 0 or -ENOMEM.
 */
int verifier_peer_seeds(struct verifier *v, const uint64_t *seeds, unsigned n);

/*
 * verifier_attach() - the target regions: one generation map per file
 * (io_size / unit_len units from io_offset), and room for the backlog of
 * nr_io_us I/Os in flight.  files must outlive the verifier; io_u->file
 * of every I/O later given is one of them.  0, -EBUSY (attached already)
 * or -ENOMEM.
 */
int verifier_attach(struct verifier *v, struct vfile *files, unsigned nr,
		    unsigned nr_io_us);

/*
 * verifier_start() - just before the first I/O, on the writing thread:
 * the stamping checksum context, the time base of write stamps, and the
 * longest read the verify phase may issue (max_read_len bytes, the size
 * of one I/O buffer).  0 or -errno.
 */
int verifier_start(struct verifier *v, uint64_t max_read_len);

/*
 * verifier_prefill() - give an I/O buffer of len bytes its content for
 * kinds whose writes never change (VERIFY_PATTERN without %o: whole units
 * of the pattern); nothing for the others.  After verifier_start().
 */
void verifier_prefill(const struct verifier *v, uint8_t *buf, uint64_t len);

/*
 * Saved state (verify/state.h) against the attached files.
 *
 * verifier_state_load() - when the kind has a header and state_load or
 * verify_only is set, load conf.state_path and adopt its maps, seed and
 * run id.  No file is fine without state_load (verify_only then replays
 * the workload, see "Replay", or checks headers only).  Returns 0, or -errno with the reason in why (cap bytes),
 * e.g. "cannot load verify state 'p': checksum mismatch, the file is
 * damaged" or "saved verify state does not match this job: ...".
 */
int verifier_state_load(struct verifier *v, char *why, size_t cap);

/*
 * verifier_state_continue() - for a writer that saves state and loaded
 * none: once its files are open, continue the state an earlier run of the
 * job saved, if it matches (same job, layout and target identity): adopt
 * its maps and runs, and write generations above its maximum.  Returns 0
 * (continued, or no state to continue), or 1 with why (cap bytes) saying
 * why a state that exists was not continued (the run starts fresh: a
 * warning for the caller to print).  Not on the per-I/O path.
 */
int verifier_state_continue(struct verifier *v, char *why, size_t cap);

/*
 * verifier_state_save() - when state_save is set, the kind has a header
 * and something was written: save the state to conf.state_path, with
 * VSTATE_F_CLEAN when clean (the job's normal end), without it for a
 * checkpoint during the run.  Every save takes the next seq.  The caller
 * makes sure no write is in flight.  0 (also when there is nothing to
 * save) or the -errno of vstate_save().
 */
int verifier_state_save(struct verifier *v, bool clean);

/*
 * verifier_state_info() - for "say what was checked": whether a state was
 * loaded, whether it had ended cleanly, and its seq.  Any pointer may be
 * NULL.  Returns whether a state was loaded.
 */
bool verifier_state_info(const struct verifier *v, bool *clean, uint64_t *seq);

/*
 * verify_overlap.  verifier_overlap_share() - file's units come from
 * table t, whose unit 0 starts at byte base of the file (base + k * unit
 * is a unit start of the file's region for every unit of the region).
 * Takes a reference on t.  Before verifier_overlap_start().
 *
 * verifier_overlap_start() - after the tables, before the first I/O: room
 * for the snapshots of nr_io_us I/Os (io_u->index below it) of at most
 * max_len bytes.  0, -EINVAL (a file without a table) or -ENOMEM.
 *
 * verifier_read_issue() - a read is about to be issued (before its engine
 * sees it); verifier_read_reaped() - its completion was seen, on the
 * thread that reaps, before verifier_check() (any thread).  Both do
 * nothing without verify_overlap.
 */
struct vovl;
bool verifier_overlapping(const struct verifier *v);
int verifier_overlap_share(struct verifier *v, unsigned file, struct vovl *t, uint64_t base);
int verifier_overlap_start(struct verifier *v, unsigned nr_io_us, uint64_t max_len);
void verifier_read_issue(struct verifier *v, const struct io_u *u);
void verifier_read_reaped(struct verifier *v, const struct io_u *u);

/*
 * verify_overlap, verify_only after a writing run with verify_journal=1
 * (verify/ovjournal.h).  verifier_overlap_load() - after the tables are
 * shared: replay the overlap journal of state_path into them (the first
 * load of a table makes it a crash table: vovl_crash_begin()); with mark,
 * this verifier's map learns the units the journal wrote, for its verify
 * pass.  *seed and *run_id: the writing run's (the first load sets them,
 * later ones must agree).  0, -ENOENT (no journal), or -errno with why.
 * verifier_overlap_adopt() - check against that run's seed and run id.
 */
int verifier_overlap_load(struct verifier *v, const char *state_path, bool mark,
			  uint64_t *seed, uint64_t *run_id, char *why, size_t cap);
void verifier_overlap_adopt(struct verifier *v, uint64_t seed, uint64_t run_id);

/* verifier_state_path() - conf.state_path as copied, or NULL. */
const char *verifier_state_path(const struct verifier *v);

/* verifier_state_loaded() - did verifier_state_load() adopt a saved state? */
bool verifier_state_loaded(const struct verifier *v);

/*
 * verifier_units_expected() - the units a complete verify would check:
 * the written units of the maps when they say what is on the media,
 * else every unit of the regions.  Scans the maps: not for the I/O path.
 */
uint64_t verifier_units_expected(const struct verifier *v);

/*
 * Replay: verify_only without a saved state (docs/job-file.md,
 * verify_only).  The caller runs the job's generator dry and marks every
 * write it would issue; the maps then say which units were written and
 * how often, i.e. the generation each holds (a run without a state
 * writes generation 1 first).  Unwritten units are not checked.  Before
 * the first verify-phase read, a sample of written units' headers is read
 * to learn the run that wrote them (the most common run in the sample;
 * on a tie, the newest write time), its data seed and where its
 * generations started: a unit of another run then fails.
 *
 * verifier_replay_wanted() - true when the verifier is a verify_only one
 * without a loaded state, for a kind that checks reads.
 * verifier_replay_mark() - the dry run would write len bytes at absolute
 * offset off of attached file fi (units outside the region are ignored).
 * verifier_replay_done() - the marks are complete: the maps are now
 * authoritative.  *written and *unwritten (may be NULL) receive the
 * number of units of every file marked and not marked.
 * All three: set-up path only, before verifier_start()'s first reads.
 */
bool verifier_replay_wanted(const struct verifier *v);
void verifier_replay_mark(struct verifier *v, unsigned fi, uint64_t off, uint64_t len);
void verifier_replay_done(struct verifier *v, uint64_t *written, uint64_t *unwritten);

/*
 * verifier_replay_run() - after the first verify phase started: whether
 * the run that wrote the replayed units was learnt from their headers
 * (true: *run_id, *seed set), false otherwise (a header-less kind, no
 * readable header, or not a replay).
 */
bool verifier_replay_run(const struct verifier *v, uint64_t *run_id, uint64_t *seed);

/*
 * vworker_new() - what one checking thread needs (checksum context,
 * scratch buffers), counting into st.  NULL with *err = -errno.
 * vworker_free() - NULL is fine.
 */
struct vworker *vworker_new(const struct verifier *v, struct verify_stats *st, int *err);
void vworker_free(struct vworker *w);

/* Does the verifier stamp writes / check reads / run a verify phase?
 * false for NULL. */
bool verifier_stamps_writes(const struct verifier *v);
bool verifier_checks_reads(const struct verifier *v);
bool verifier_has_phase(const struct verifier *v);

/* Hot path: stamp every unit of a write buffer (u->offset, u->len). */
void verifier_stamp(struct verifier *v, struct io_u *u);

/*
 * For the write history: the unit length whose generations a write's
 * units carry in their headers (0: the kind has no header), and the
 * data seed, sector size.  verifier_unit_gen() - hot path, between
 * verifier_stamp() and verifier_write_done() of u: the generation unit k
 * of u got.
 */
uint32_t verifier_hist_info(const struct verifier *v, uint64_t *seed, uint32_t *sector);
uint16_t verifier_unit_gen(const struct verifier *v, const struct io_u *u, uint32_t k);

/* Hot path: a write landed; record its generations (and the backlog). */
void verifier_write_done(struct verifier *v, struct io_u *u);

/*
 * Hot path: a trim of u->offset, u->len completed: the units it covers
 * whole are trimmed in the map (their generation stays).  A read of a
 * trimmed unit must be zeroes (conf.trim_zero) or may hold anything, and
 * is never judged against the data written before the trim.
 */
void verifier_trim_done(struct verifier *v, const struct io_u *u);

/*
 * Hot path: check every unit of a completed read with w.  A failing
 * unit is diagnosed, printed on stderr, counted and kept in w's stats,
 * and dumped when asked.  Every unit judged is counted, good or failed,
 * in its cell of the file's verify map.  True if every unit was right.
 */
bool verifier_check(struct verifier *v, struct vworker *w, struct io_u *u);

/*
 * The write-intent journal (verify/journal.h; conf.journal with a kind
 * that has a header, a state path and writes).
 *
 * verifier_journal_start() - before the first I/O: save the state as a
 * new checkpoint and start a journal that continues it.  0 or -errno
 * (-EOPNOTSUPP: the state has trimmed units, which a journal cannot
 * judge after a crash).
 * verifier_journals() - is a journal being written?  false for NULL.
 * Every call below but verifier_checkpoint() does nothing on NULL.
 *
 * Hot path: verifier_journal_intent() adds the intent of write u (after
 * verifier_stamp(), before the engine sees it); verifier_journal_commit()
 * makes the added intents durable (before the engine submits them; one
 * write and one sync per batch, nothing when there is no new intent).
 * verifier_write_done() records the completion, verifier_write_failed()
 * an I/O error, verifier_synced() a completed fsync of file f.  0 or
 * -errno (an append that failed is returned by the next commit).
 *
 * verifier_checkpoint_due() / verifier_checkpoint() - when the journal
 * has grown past conf.journal_records: with nothing in flight, sync the
 * files (buffered I/O), save the state as the next checkpoint and restart
 * the journal.  verifier_journal_finish() - the job's last checkpoint
 * (nothing in flight, files still open); verifier_state_save() then has
 * nothing left to do.  0 or -errno.
 */
int verifier_journal_start(struct verifier *v);
bool verifier_journals(const struct verifier *v);
int verifier_journal_intent(struct verifier *v, const struct io_u *u);
int verifier_journal_commit(struct verifier *v);
void verifier_write_failed(struct verifier *v, const struct io_u *u);
void verifier_synced(struct verifier *v, const struct vfile *f);
bool verifier_checkpoint_due(const struct verifier *v);
int verifier_checkpoint(struct verifier *v);
int verifier_journal_finish(struct verifier *v);

/*
 * verifier_replay_info() - what loading the state replayed from a journal:
 * records applied and units left in flight (whose old or new content is
 * accepted).  false when no journal was replayed.
 */
bool verifier_replay_info(const struct verifier *v, uint64_t *records,
			  uint64_t *inflight);

/* Kind of a verify= value; the csum_def for VERIFY_CSUM goes to *csum
 * (when csum is not NULL). VERIFY_NONE if there is no such kind. */
enum verify_kind verify_kind_of(const char *name, const void **csum);

/* Does a kind put a header in every unit (csum, meta, pattern_hdr)? */
bool verify_kind_has_header(enum verify_kind k);

#endif /* VERIO_VERIFY_VERIFIER_H */
