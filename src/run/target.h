/*
 * target.h - resolving, checking, opening and laying out files and
 * devices.
 *
 * One target (a struct vfile) is checked, opened and closed under a
 * struct target_conf, without a job: the io shell, inspect or a test can
 * use these alike. The job wrappers at the end build the conf from a
 * job's options and loop over its files.
 */
#ifndef VERIO_RUN_TARGET_H
#define VERIO_RUN_TARGET_H

#include <stdbool.h>
#include <stddef.h>

struct bufdata_conf;
struct job;
struct vfile;

/* What the target code needs to know of its user. */
struct target_conf {
	bool writes;		/* files are opened read-write */
	bool readonly;		/* --readonly: never write, create or extend */
	bool lay_out;		/* may create or extend files to their region */
	bool lay_out_fill;	/* lay out with data written (a job that
				 * reads, overwrite=1), not only a size */
	const struct bufdata_conf *lay_out_data; /* that data (fio writes its
				 * buffer contents); NULL = zeroes */
	bool allow_file_create;	/* a missing file may be created */
	bool allow_mounted_write; /* write to in-use or formatted devices */
	bool direct;		/* O_DIRECT */
	bool sync;		/* O_SYNC */
	bool unlink;		/* remove regular files when closed */
	unsigned fallocate;	/* enum fallocate_mode (config/options.h):
				 * how a file being laid out is pre-allocated */
};

/*
 * Look at f->name: set f's VFILE_F_MISSING / _BLOCKDEV / _CHARDEV flags,
 * real_size and lbs (of the device, or of the device holding the file
 * or its directory). Returns 0, -EINVAL (neither a regular file nor a
 * device; err says so) or -errno of stat.
 */
int target_stat(struct vfile *f, char *err, size_t len);

/*
 * target_same() - do paths a and b name the same target: the same name,
 * the same block device (by st_rdev, whatever node), or the same file (by
 * device and inode)?  A path that cannot be stat'ed is only itself.
 */
bool target_same(const char *a, const char *b);

/*
 * May a user with conf c use the target at path? A writer is refused
 * under readonly (-EROFS), and a writer never touches a block device
 * that is mounted, held, or holds a filesystem or partition signature
 * unless allow_mounted_write (-EBUSY). Returns 0, -EROFS, -EBUSY, or
 * -errno when the device cannot be checked; err says why (it may be
 * empty when stat fails).
 */
int target_check_safe(const char *path, const struct target_conf *c,
		      char *err, size_t len);

/*
 * Open f (name, io_offset and io_size set), creating or extending a
 * regular file to cover its region when c allows it. Returns 0 with
 * f->fd open and VFILE_F_OPEN set, or -errno with err saying what
 * failed (-EROFS: a writer under readonly).
 */
int target_open(struct vfile *f, const struct target_conf *c, char *err,
		size_t len);

/*
 * fsync f when do_fsync, close it if open, and unlink it when c->unlink
 * and it is a regular file. Returns 0 or the -errno of a failed fsync
 * (f is closed either way).
 */
int target_close(struct vfile *f, const struct target_conf *c, bool do_fsync);

/*
 * Make what was written to f reach its device: fdatasync a regular file,
 * fsync a device. Returns 0 (also when f is not open) or -errno: an I/O
 * error, what was written may not be on the device.
 */
int target_sync(struct vfile *f);

/*
 * Write f's dirty pages over its region to the device and wait for
 * them (sync_file_range: no journal commit, no device cache flush), so a
 * read after target_invalidate comes from the device. Cheaper than
 * target_sync where durability is not the point (verify_backlog).
 * Returns 0 or -errno (a write-back error).
 */
int target_writeback(struct vfile *f);

/*
 * Drop the page cache of f's region so the next buffered reads come from
 * the device: posix_fadvise(POSIX_FADV_DONTNEED) on a regular file,
 * ioctl(BLKFLSBUF) on a block device (which needs CAP_SYS_ADMIN). Dirty
 * pages are not dropped: target_sync first. Returns 0 (also when f is
 * not open) or -errno when the cache could not be dropped (a character
 * device has none verio can drop: -ENOTTY).
 */
int target_invalidate(struct vfile *f);

/*
 * Does the device (or file) at fd carry a filesystem or partition
 * signature? Its description ("an ext2/3/4 filesystem"), or NULL.
 */
const char *target_probe_signature(int fd);

/* ---- a job's targets -------------------------------------------------- */

/*
 * Work out j's file names, regions and sizes, and its target_conf, and
 * check that they are safe to use (see target_check_safe). Runs for
 * every job before any job starts. Prints what is wrong; returns 0, 2
 * (bad input, refused target: nothing ran) or 3 (setup failure).
 */
int target_prepare(struct job *j, bool readonly);

/*
 * Open j's files, creating and laying them out when needed, and hand
 * each to the engine. Returns 0 or -errno with j->errmsg describing what
 * failed.
 */
int target_open_all(struct job *j);

/*
 * openfiles=: close f for now (the engine's close_file first), without
 * unlinking it; fdatasync it first when sync_first (its buffered writes
 * reach the device before its descriptor goes). f is marked
 * VFILE_F_PARKED: target_sync and target_invalidate still reach it.
 * 0 or the -errno of the sync (f is closed either way).
 */
int target_park(struct job *j, struct vfile *f, bool sync_first);

/* Open a parked f again, for the engine too. 0 or -errno (j->errmsg set). */
int target_unpark(struct job *j, struct vfile *f);

/*
 * Close (fsync first when do_fsync) and unlink (unlink=1) j's files. A
 * failed fsync becomes j's error unless it has one.
 */
void target_close_all(struct job *j, bool do_fsync);

/* Release names and state allocated by target_prepare. */
void target_release(struct job *j);

#endif /* VERIO_RUN_TARGET_H */
