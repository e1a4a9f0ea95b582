/*
 * journal.h - the verify journal (verify_journal=1): a write-intent log
 * next to a job's state file, so that after a crash (kill -9, power
 * loss, panic) a later run knows which writes may have been in flight.
 * docs/format.md, "Verify journal", gives the byte layout.
 *
 * The file "<state path>.journal" holds a header naming the state it
 * continues (the state's seq, verify/state.h) and fixed 32-byte records,
 * each with its own crc32c:
 *   INTENT  a write of units [unit, unit + count) of a file is about to
 *           be submitted; the first unit gets generation gen (each unit
 *           gets the generation after the one its map holds).  Durable
 *           before the write is submitted.
 *   DONE    that write completed with a good status (acknowledged).
 *   FAILED  that write completed with an I/O error.
 *   SYNC    an fsync/fdatasync of a file completed: with buffered I/O,
 *           every write acknowledged before it is durable.
 *   CARRY   unit may hold any generation from old to gen: an ambiguity a
 *           earlier crash left, carried over to a new journal.
 *
 * Writing (struct vjournal): records go to a preallocated buffer; one
 * pwrite to the O_DSYNC journal makes the buffer durable (vjournal_flush,
 * before a batch of writes is submitted).  A checkpoint stages a new journal as
 * "<path>.next" (header with the next seq, CARRY records), the caller
 * saves the state with that seq, then vjournal_install() renames it over
 * the journal.  Crash at any point: the state's seq picks the journal
 * that continues it (the journal, else "<path>.next"); an older one is
 * ignored because the state already holds everything it says.
 *
 * Hot path: vjournal_add() encodes into the preallocated buffer (no
 * allocation, no lock, no system call unless the buffer is full);
 * vjournal_flush() is one write and one sync.  Everything else runs at
 * job start, checkpoints and job end, and may allocate.
 */
#ifndef VERIO_VERIFY_JOURNAL_H
#define VERIO_VERIFY_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct genmap;

#define VJ_MAGIC	"VRIOJRNL"
#define VJ_VERSION	1
#define VJ_HDR_LEN	64
#define VJ_REC_LEN	32
#define VJ_SUFFIX	".journal"
#define VJ_NEXT_SUFFIX	".journal.next"

/* Header flags. */
enum {
	VJ_F_BUFFERED = 1u << 0,	/* direct=0: only a SYNC makes a DONE durable */
	VJ_F_KNOWN = VJ_F_BUFFERED,
};

enum vj_type {
	VJ_INTENT = 1,
	VJ_DONE = 2,
	VJ_FAILED = 3,
	VJ_SYNC = 4,
	VJ_CARRY = 5,
};

/* The header: which state and job the records belong to. */
struct vj_hdr {
	uint64_t seq;		/* the state's seq this journal continues */
	uint64_t run_id;	/* the run that started the journal (information) */
	uint32_t flags;		/* VJ_F_* */
	uint32_t unit_len;	/* U of the job */
	uint32_t nr_files;
	uint32_t clone;
	uint32_t name_crc;	/* crc32c of the job name */
	uint16_t gen_base;	/* the writing run's first generation (0: 1) */
};

/* One record. */
struct vj_rec {
	uint8_t type;		/* enum vj_type */
	uint32_t file;		/* index of the file in the job */
	uint64_t unit;		/* first unit, relative to the file's region */
	uint32_t count;		/* units (1 for CARRY; 0 for SYNC) */
	uint16_t gen;		/* INTENT: the first unit's new gen; CARRY: newest */
	uint16_t old;		/* CARRY: oldest generation the unit may hold */
};

/* Codec.  Encoders never fail. */
void vj_hdr_encode(uint8_t *dst, const struct vj_hdr *h);
/*
 * vj_hdr_decode() - 0, -EBADMSG (short, or bad magic), -EPROTO (a version
 * or flag this build does not know), -EILSEQ (header crc mismatch).
 */
int vj_hdr_decode(const uint8_t *src, size_t len, struct vj_hdr *h);
/* Record number index of the journal with seq: both are in its crc. */
void vj_rec_encode(uint8_t *dst, const struct vj_rec *r, uint64_t seq, uint64_t index);
/*
 * vj_rec_decode() - 0, -EILSEQ (crc mismatch: torn, damaged, or not
 * record index of this journal), -EBADMSG (crc right, content impossible:
 * unknown type, reserved bytes set).
 */
int vj_rec_decode(const uint8_t *src, struct vj_rec *r, uint64_t seq, uint64_t index);

/* crc32c of a job name, for vj_hdr.name_crc. */
uint32_t vj_name_crc(const char *name);

/* ---- writing ----------------------------------------------------------- */

struct vjournal;

/*
 * vjournal_new() - a writer for "<state_path>.journal", with room for
 * cap records between flushes (a full buffer is flushed early).  Creates
 * no file.  NULL with *err = -ENOMEM or -ENAMETOOLONG.
 */
struct vjournal *vjournal_new(const char *state_path, unsigned cap, int *err);

/* vjournal_free() - close and free (the file stays); NULL is fine. */
void vjournal_free(struct vjournal *j);

/*
 * vjournal_stage() - write "<path>.next" (opened O_DSYNC): header h, then
 * the n CARRY records, durable on return.  0 or -errno.
 */
int vjournal_stage(struct vjournal *j, const struct vj_hdr *h,
		   const struct vj_rec *carry, size_t n);

/*
 * vjournal_install() - after the state with h->seq is saved: rename the
 * staged file over the journal, sync the directory, and append from now
 * on to it.  0 or -errno.
 */
int vjournal_install(struct vjournal *j);

/*
 * vjournal_promote() - a replay used "<state_path>.journal.next" (a crash
 * between a checkpoint's state save and its rename): finish that rename
 * before a writer stages the next one over it.  0 or -errno.
 */
int vjournal_promote(const char *state_path);

/*
 * vjournal_discard() - remove "<state_path>.journal" and ".journal.next": a
 * writer starting a new state (none saved, or the saved one unusable) must
 * not leave a journal of the old one to be replayed over the new.  0 (also
 * when there was none) or -errno.
 */
int vjournal_discard(const char *state_path);

/* Hot path: add a record to the buffer; flushes first when full. 0 or -errno. */
int vjournal_add(struct vjournal *j, const struct vj_rec *r);

/* Hot path: has the buffer an INTENT that is not durable yet? */
bool vjournal_need_flush(const struct vjournal *j);

/* Hot path: write the buffer and make it durable.  0 or -errno. */
int vjournal_flush(struct vjournal *j);

/* Records in the journal (durable or buffered) since its header. */
uint64_t vjournal_records(const struct vjournal *j);

/* ---- replay ------------------------------------------------------------ */

/* A unit that may hold any generation from floor to the map's (cyclic). */
struct vj_inflight {
	uint64_t unit;
	uint32_t file;
	uint16_t floor;		/* 0: the unit was never written before */
	uint8_t resolved;	/* rewritten since (writer's bookkeeping) */
};

struct vj_replay {
	bool used;		/* a journal continued the state and was applied */
	bool torn_tail;		/* a torn last record was ignored */
	bool stale;		/* a journal was found for an older state: ignored */
	bool buffered;		/* written with buffered I/O: acknowledged is not
				 * durable until a SYNC record */
	const char *source;	/* which file was used (static suffix) */
	uint64_t records;	/* valid records applied */
	uint64_t acked, failed, syncs, intents_open;
	struct vj_inflight *inflight;	/* sorted by (file, unit); malloc'd */
	size_t nr_inflight;
};

/*
 * vjournal_replay() - apply the journal of state_path (or its staged
 * ".next") that continues the state want describes (same seq, job name
 * crc, clone, unit length, files) to maps (nr of them, the loaded
 * state's, changed in place: every unit gets the newest generation it may
 * hold) and list the units whose content is not known in out->inflight.
 * Returns 0 (out->used says whether a journal applied; none or an older
 * one is not an error), or -errno with the reason in why:
 *   -EBADMSG  the journal is damaged (bad header, a bad record that is
 *             not the last, a record that cannot follow the ones before)
 *   -EINVAL   the journal belongs to another job or to a newer state
 *   -ENOMEM, or the -errno of reading it.
 * Call vj_replay_release() on out in every case.
 */
int vjournal_replay(const char *state_path, const struct vj_hdr *want,
		    struct genmap **maps, unsigned nr, struct vj_replay *out,
		    char *why, size_t cap);

void vj_replay_release(struct vj_replay *r);

/*
 * vj_gen_in_range() - may a unit whose legal generations run from floor
 * to top (cyclically, 1..65535 then 1) hold generation g?  g == 0 (never
 * written) only when floor is 0.
 */
bool vj_gen_in_range(uint16_t g, uint16_t floor, uint16_t top);

/* vj_inflight_find() - the entry of (file, unit) in a sorted array, or NULL. */
struct vj_inflight *vj_inflight_find(struct vj_inflight *a, size_t n,
				     uint32_t file, uint64_t unit);

#endif /* VERIO_VERIFY_JOURNAL_H */
