/*
 * io_u.h - the I/O unit and the target file, as shared by the core and
 * the engines.
 *
 * An io_u is allocated once per queue slot when a job starts and reused
 * for its whole life: the per-I/O path only rewrites its fields.
 */
#ifndef VERIO_INCLUDE_IO_U_H
#define VERIO_INCLUDE_IO_U_H

#include <stdbool.h>
#include <stdint.h>

struct randmap;

enum io_ddir {
	DDIR_READ = 0,
	DDIR_WRITE = 1,
	DDIR_TRIM = 2,		/* discard [offset, offset + len): no buffer */
	DDIR_SYNC = 3,		/* fsync(2) of io_u->file */
	DDIR_DATASYNC = 4,	/* fdatasync(2) of io_u->file */
	DDIR_INVAL = 5,
};

/* Number of data directions that carry bytes (read, write). */
#define DDIR_RWDIR_CNT 2

/* Directions with their own statistics, as fio reports them: read, write, trim. */
#define DDIR_DATA_CNT 3

static inline bool ddir_is_rw(enum io_ddir d)
{
	return d == DDIR_READ || d == DDIR_WRITE;
}

enum vfile_flags {
	VFILE_F_BLOCKDEV = 1 << 0,	/* target is a block device */
	VFILE_F_OPEN = 1 << 1,		/* fd is valid */
	VFILE_F_CREATED = 1 << 2,	/* verio created (and laid out) it */
	VFILE_F_CHARDEV = 1 << 3,	/* a character device (e.g. /dev/null) */
	VFILE_F_MISSING = 1 << 4,	/* did not exist at preflight: create it */
	VFILE_F_PARKED = 1 << 5,	/* closed for openfiles=, opened again on use */
};

/* One target file or device of a job. */
struct vfile {
	char *name;		/* path as opened */
	int fd;			/* -1 when closed */
	unsigned flags;		/* VFILE_F_* */
	uint64_t real_size;	/* size of the file or device in bytes */
	uint64_t io_offset;	/* first byte of this job's region */
	uint64_t io_size;	/* length of this job's region */
	/*
	 * Several processes share the file (verio-mpi's rank_split=region):
	 * the end of the whole region they split, which each lays the file
	 * out to, only ever growing it; 0 = this job's region alone.
	 */
	uint64_t shared_end;
	uint64_t next_seq[DDIR_RWDIR_CNT]; /* next sequential offset, relative */
	unsigned lbs;		/* logical block size (512 if unknown) */
	struct randmap *map;	/* blocks touched this pass, or NULL */
	void *engine_data;	/* per-file engine state */
};

enum io_u_flags {
	IO_U_F_SHORT = 1 << 0,	/* the transfer needed more than one syscall */
	IO_U_F_RAMP = 1 << 1,	/* issued during ramp_time: not accounted */
	IO_U_F_QUEUED = 1 << 2,	/* went through queue+commit: slat is real */
	IO_U_F_INFLIGHT = 1 << 3, /* handed to the engine (or a verify thread) */
	IO_U_F_MISMATCH = 1 << 4, /* mirror=: the read differs from the reference */
	IO_U_F_MIRROR_ERR = 1 << 5, /* mirror=: io_u->error is the reference's */
};

struct io_u {
	uint8_t *buf;		/* aligned buffer, buf_cap bytes */
	uint64_t buf_cap;

	uint64_t offset;	/* absolute byte offset in file */
	uint64_t len;		/* bytes requested */
	uint64_t done;		/* bytes transferred (== len when complete) */
	enum io_ddir ddir;
	struct vfile *file;

	int error;		/* 0 or a negative errno from the engine */
	unsigned flags;		/* IO_U_F_* */
	unsigned depth;		/* queue depth when it was queued */

	uint64_t t_prep;	/* ns: buffer prepared, about to queue */
	uint64_t t_issue;	/* ns: handed to the device (submitted) */
	uint64_t t_comp;	/* ns: completion seen */

	uint32_t index;		/* slot number in the job's io_u array */
	void *engine_data;	/* per-io_u engine state (iocb, sqe user data) */

	/* Set when the buffer was stamped for verification (next layer). */
	uint64_t gen;
};

#endif /* VERIO_INCLUDE_IO_U_H */
