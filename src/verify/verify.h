/*
 * verify.h - a job's verification: stamping writes, checking reads
 * against the generation map, the verify phase and backlog, incidents,
 * dumps and saved state.
 *
 * The per-I/O entry points (verify_stamp, verify_write_done,
 * verify_read_done) allocate nothing and print nothing while the data
 * is right; a failing unit takes the slow path (diagnosis, message,
 * dump), which may.
 */
#ifndef VERIO_VERIFY_VERIFY_H
#define VERIO_VERIFY_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "verify/format.h"

struct io_u;
struct job;
struct job_options;

enum verify_kind {
	VERIFY_NONE = 0,
	VERIFY_CSUM,		/* header + checksum digest (md5, crc32c, ...) */
	VERIFY_META,		/* header and stamps only, no digest */
	VERIFY_PATTERN,		/* verify_pattern, no header */
	VERIFY_PATTERN_HDR,	/* header + verify_pattern payload */
	VERIFY_NULL,		/* pretend: write plain buffers, check nothing */
};

enum verify_mode {
	VERIFY_MODE_CHECKSUM = 0,
	VERIFY_MODE_COMPARE = 1,
};

#define VERIFY_INCIDENTS_MAX 16

/* One failing unit, as reported in text and JSON. */
struct verify_incident {
	const char *file;
	uint64_t offset, len;		/* the unit */
	uint64_t req_offset, req_len;	/* the I/O that read it */
	uint8_t cls;			/* enum vclass */
	int check;			/* vunit_check() result */
	uint64_t exp_gen, found_gen, found_offset;
	uint64_t bad_bytes, bad_bits;
	uint32_t first_bad_sector;
	uint32_t torn_sector;
	uint64_t torn_offset;
	char algo[16];
	char exp_sum[2 * VHDR_MAX_DIGEST + 1];	/* hex, "" if none */
	char got_sum[2 * VHDR_MAX_DIGEST + 1];
	char dump[512];			/* dump path prefix, "" if none */
};

struct verify_stats {
	uint64_t units;			/* units checked */
	uint64_t bytes;			/* bytes checked */
	uint64_t unwritten;		/* units read that were never written */
	uint64_t failures;		/* units that failed */
	uint64_t by_class[VCLASS_NR];
	unsigned nr_inc;
	struct verify_incident inc[VERIFY_INCIDENTS_MAX];
};

/*
 * What checking reads needs, once per checking thread: the job thread
 * has one, each verify_async thread its own.
 */
struct vworker {
	struct csum_ctx *csum;		/* NULL when the method has no digest */
	uint8_t *scratch;		/* one unit: compare mode, dumps */
	uint8_t *sec_scratch;		/* one sector: diagnosis */
	struct vsector *sectors;	/* one unit's sectors: diagnosis */
	struct verify_stats *st;	/* where results are counted */
};

/* Set up w for j's geometry, counting into st. 0 or -errno. */
int verify_worker_init(struct job *j, struct vworker *w, struct verify_stats *st);
void verify_worker_release(struct vworker *w);

/* Check every unit of a completed read with w. True if all were right. */
bool verify_check_read(struct job *j, struct vworker *w, struct io_u *u);

/* Add src into dst (group_reporting). */
void verify_stats_merge(struct verify_stats *dst, const struct verify_stats *src);

/* A class as a JSON key or value: "bit_flips", not "bit flips". */
const char *verify_class_key(unsigned cls);

/* Kind of a verify= value; the csum_def for VERIFY_CSUM goes to *csum. */
enum verify_kind verify_kind_of(const char *name, const void **csum);

/*
 * Check a job's verify options against its block sizes (preflight).
 * Prints what is wrong; returns 0 or 2.
 */
int verify_prepare(struct job *j);

/* Set up maps, checksum context, buffers, state. 0 or -errno (errmsg set). */
int verify_setup(struct job *j);

/* Save state (when asked) and free everything. */
void verify_finish(struct job *j);

/* Does the job stamp its writes / check its reads? */
bool verify_stamps_writes(const struct job *j);
bool verify_checks_reads(const struct job *j);

/* Write path: stamp every unit of a write buffer. Hot path. */
void verify_stamp(struct job *j, struct io_u *u);

/* A write landed: record its generations (and queue it for backlog). */
void verify_write_done(struct job *j, struct io_u *u);

/* A read completed: check every unit. Returns true if all were right. */
bool verify_read_done(struct job *j, struct io_u *u);

/* Backlog: is a batch due? Then fill io_us from it until -ENOENT. */
bool verify_backlog_due(const struct job *j);
int verify_backlog_next(struct job *j, struct io_u *u);

/* The verify phase: restart the walk; next read of it, or -ENOENT. */
void verify_walk_start(struct job *j);
int verify_walk_next(struct job *j, struct io_u *u);

/* Does the job run a verify phase after each pass of its workload? */
bool verify_has_phase(const struct job *j);

#endif /* VERIO_VERIFY_VERIFY_H */
