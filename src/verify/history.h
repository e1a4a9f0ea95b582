/*
 * history.h - the write history (write_history=PATH): a compact binary
 * log of every write a run issues, its completion, and the syncs of its
 * files.  docs/format.md, "Write history", gives the byte layout.
 *
 * The file holds a checksummed header (run id, data seed, geometry,
 * creation wall time, the file table and the job table), then segments:
 * each a small checksummed segment header and the zlib stream of a
 * buffer of fixed 32-byte records written by one job (clone).  Records:
 *   WRITE  a write was issued: the stream's seq, file, byte range and the
 *          generation its units got (an I/O whose units got different
 *          generations gives one WRITE per run of equal generations, all
 *          with the same seq), issue time
 *   DONE   that write (seq) completed: time, result (0 or -errno), and a
 *          run-wide completion counter (one shared atomic: orders
 *          completions across jobs)
 *   SYNC   an fsync/fdatasync of a file completed: the file's flush
 *          epoch after it, time, result, completion counter
 *   TRIM   a trim was issued (as WRITE, generation 0); its DONE as above
 * Times are CLOCK_REALTIME nanoseconds, as the time in a unit header.
 * A write with no DONE was in flight when the history ended.
 *
 * Writing: one struct vhist_file per path per run (opened at preflight,
 * before any I/O), shared by every job naming it; one struct vhist_stream
 * per job.  The hot path (vhist_issue, vhist_done, vhist_sync) encodes
 * into a preallocated buffer: no allocation, lock or system call.  A full
 * buffer is handed (one lock per segment) to the file's writer thread,
 * which compresses it (zlib level 1) and appends the segment with one
 * write(2).  With a size bound, a file that would exceed half the bound
 * is renamed to "PATH.1" (replacing an older one) and PATH starts again
 * with a fresh header.
 *
 * Reading: vhist_open() reads PATH.1 (when present and of the same run)
 * then PATH; a torn or damaged last segment (a crash while appending) is
 * ignored and everything before it kept.
 *
 * Every function returns 0 or a negative errno unless said otherwise.
 */
#ifndef VERIO_VERIFY_HISTORY_H
#define VERIO_VERIFY_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VHIST_MAGIC		"VRIOHIST"
#define VHIST_VERSION		1
#define VHIST_REC_LEN		32
#define VHIST_SEG_HDR_LEN	48
#define VHIST_BUF_RECS		2048	/* records per segment (64 KiB) */
#define VHIST_ROTATED_SUFFIX	".1"
#define VHIST_MAX_MIN		(64u * 1024)	/* smallest write_history_max */

/* ---- writing ----------------------------------------------------------- */

/* What the header says; the strings are copied. */
struct vhist_meta {
	uint64_t run_id;
	uint64_t seed;			/* data seed of the first verifying job */
	uint32_t unit_len;		/* 0: no verify unit */
	uint32_t sector_size;		/* 0: no verify unit */
	const char *const *files;	/* file table: index -> target path */
	uint32_t nr_files;
	const char *const *jobs;	/* job table: run job index -> name */
	const uint32_t *clones;		/* job index -> numjobs clone */
	uint32_t nr_jobs;
};

struct vhist_file;
struct vhist_stream;

/*
 * vhist_file_open() - create (truncate) path, remove an older "path.1",
 * write the header and start the writer thread.  max: write_history_max
 * in bytes (0 = unbounded).  -EISDIR for a directory, else the -errno of
 * creating it; -ENOMEM.
 */
int vhist_file_open(const char *path, uint64_t max, const struct vhist_meta *m,
		    struct vhist_file **out);

/*
 * vhist_file_close() - after every stream is closed: stop the writer,
 * sync and close.  Returns the first error the writer met (or of the
 * sync); NULL is fine (0).
 */
int vhist_file_close(struct vhist_file *f);

/* vhist_file_path() - the path as given. */
const char *vhist_file_path(const struct vhist_file *f);

/*
 * vhist_stream_new() - a job's stream into f: job is the run's job index
 * (the header's job table), file_map[i] the header's file index of the
 * job's file i (copied), nr_slots the job's io_u slots (a write's seq is
 * kept per slot until its DONE).  NULL with *err = -ENOMEM.
 */
struct vhist_stream *vhist_stream_new(struct vhist_file *f, uint32_t job, uint32_t clone,
				      const char *name, const uint32_t *file_map,
				      unsigned nr_files, unsigned nr_slots, int *err);

/*
 * vhist_stream_close() - hand the last buffer to the writer, wait until
 * every buffer of the stream is written, free.  Returns the writer's
 * first error; NULL is fine (0).
 */
int vhist_stream_close(struct vhist_stream *s);

/*
 * Hot path (the stream's thread only).  Times are the caller's
 * monotonic now_ns() values; the stream stores them as wall time.
 *
 * vhist_issue() - a write (trim: true = a trim) from slot of the job's
 * file fi: a new seq, one WRITE record per run of equal generations.
 * gen_of(arg, k) gives the generation of unit k of the nr_units units of
 * unit_len bytes the write covers (NULL, or unit_len 0: generation 0,
 * one record).
 */
void vhist_issue(struct vhist_stream *s, unsigned slot, unsigned fi, uint64_t off,
		 uint64_t len, bool trim, uint64_t t_mono,
		 uint16_t (*gen_of)(const void *arg, uint32_t k), const void *arg,
		 uint32_t unit_len);

/* vhist_done() - the write of slot completed with result (0 or -errno). */
void vhist_done(struct vhist_stream *s, unsigned slot, int result, uint64_t t_mono);

/* vhist_sync() - an fsync (datasync: fdatasync) of file fi completed. */
void vhist_sync(struct vhist_stream *s, unsigned fi, bool datasync, int result,
		uint64_t t_mono);

/* ---- reading ----------------------------------------------------------- */

enum vhist_rec_type {
	VHIST_R_WRITE = 1,
	VHIST_R_DONE = 2,
	VHIST_R_SYNC = 3,
	VHIST_R_TRIM = 4,
};

/*
 * One write as the reader joins it: its WRITE record (one per run of
 * equal generations) and its DONE, when there was one.
 */
struct vhist_write {
	uint64_t seq;		/* per stream (job, clone); runs of one I/O share it */
	uint32_t job;		/* run job index (vhist_job_name) */
	uint32_t clone;
	uint32_t file;		/* header file index (vhist_file_name) */
	bool trim;
	uint16_t gen;		/* generation of every unit in the range (0: none) */
	uint64_t offset;	/* absolute byte offset in the file */
	uint64_t len;
	uint64_t t_issue_ns;	/* wall time */
	uint64_t t_done_ns;	/* wall time; 0: never completed (in flight at the end) */
	int32_t result;		/* 0 or -errno (valid when t_done_ns) */
	uint64_t done_order;	/* run-wide completion counter (from 1); 0: not completed */
	/* Syncs of the file around it (completion counter order): the
	 * file's flush epoch when the write completed (syncs completed
	 * before it), and the first sync epoch completed after it (the one
	 * that made it durable with buffered I/O; 0 = none). */
	uint64_t epoch_before;
	uint64_t synced_epoch;
};

struct vhist_sync {
	uint32_t job, clone, file;
	bool datasync;
	uint64_t epoch;		/* the file's flush epoch after it (1, 2, ...) */
	uint64_t t_ns;		/* completion, wall time */
	int32_t result;
	uint64_t order;		/* run-wide completion counter */
};

struct vhist;

/*
 * vhist_open() - read a history: "path.1" first when it exists and
 * continues into path (same run id), then path.  0; -EBADMSG when path is
 * not a history or its header is damaged (why says which); -ENOENT and
 * other -errno of reading; -ENOMEM.  A damaged or torn segment ends the
 * reading of that file (vhist_torn_tail() then says so).
 */
int vhist_open(const char *path, struct vhist **out, char *why, size_t cap);

/* vhist_close() - NULL is fine. */
void vhist_close(struct vhist *h);

/* Header. */
uint64_t vhist_run_id(const struct vhist *h);
uint64_t vhist_seed(const struct vhist *h);
uint32_t vhist_unit_len(const struct vhist *h);
uint32_t vhist_sector_size(const struct vhist *h);
uint64_t vhist_created_ns(const struct vhist *h);	/* wall time of the first part */
unsigned vhist_nr_files(const struct vhist *h);
const char *vhist_file_name(const struct vhist *h, unsigned i);	/* NULL out of range */
/* vhist_file_index() - index of the file named name (as given at the
 * run, or the same file by stat), or -1. */
int vhist_file_index(const struct vhist *h, const char *name);
unsigned vhist_nr_jobs(const struct vhist *h);
const char *vhist_job_name(const struct vhist *h, unsigned job);	/* NULL out of range */
uint32_t vhist_job_clone(const struct vhist *h, unsigned job);

/*
 * The writes, sorted by (t_issue_ns, job, clone, seq, offset): issue
 * order; within one stream that is seq order.  Valid until vhist_close().
 */
const struct vhist_write *vhist_writes(const struct vhist *h, size_t *n);

/* The syncs, sorted by completion counter. */
const struct vhist_sync *vhist_syncs(const struct vhist *h, size_t *n);

/*
 * vhist_find() - call fn for every write (array order) to file_name that
 * overlaps [off, off + len); fn returns non-zero to stop.  Returns the
 * number of calls, or -ENOENT when the history has no such file.
 */
long vhist_find(const struct vhist *h, const char *file_name, uint64_t off, uint64_t len,
		int (*fn)(const struct vhist_write *w, void *arg), void *arg);

/* vhist_torn_tail() - was a partial or damaged last segment ignored? */
bool vhist_torn_tail(const struct vhist *h);

/* vhist_rotated() - was "path.1" read too? */
bool vhist_rotated(const struct vhist *h);

/* ---- slicing ----------------------------------------------------------- */

struct vhist_range {
	const char *file;	/* as in the file table (or the same file by stat) */
	uint64_t off, len;
};

/*
 * vhist_slice() - write out_path: a valid history with in_path's header
 * and only the records of the writes (WRITE and DONE) overlapping one of
 * the n ranges, and every SYNC of the files they name.  0, or -errno with
 * why (cap bytes) as vhist_open() says it, or the -errno of writing.
 */
int vhist_slice(const char *in_path, const char *out_path, const struct vhist_range *r,
		size_t n, char *why, size_t cap);

#endif /* VERIO_VERIFY_HISTORY_H */
