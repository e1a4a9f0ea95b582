/*
 * diskutil.h - fio's disk utilisation: the block devices under a run's
 * targets (the device itself, or the one holding a file's filesystem,
 * with its slaves) and their /proc/diskstats counters sampled before
 * and after the run on the main thread, never on the I/O path.
 */
#ifndef VERIO_RUN_DISKUTIL_H
#define VERIO_RUN_DISKUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/result.h"

/* The counters of one /proc/diskstats line that fio reports. */
struct diskstat {
	uint64_t ios[2], merges[2], ticks[2];
	uint64_t io_ticks, in_queue;
};

/*
 * Find device name in text (the contents of /proc/diskstats) and parse
 * its counters into *s. Returns 0, -ENOENT if the device is not listed,
 * -EINVAL if its line is malformed.
 */
int diskstats_lookup(const char *text, const char *name, struct diskstat *s);

/*
 * Add the device under path (a block device, or the filesystem device
 * holding a file) and its slaves to set, once each; a partition counts
 * as its disk. A path on no block device (tmpfs, overlay) adds nothing.
 * Returns 0 or -ENOMEM.
 */
int diskutil_add_path(struct disk_util_set *set, const char *path);

/*
 * What diskutil_add_path() does once it has the device's sysfs directory
 * (resolved, e.g. /sys/devices/.../block/vda/vda1): the disk's name is
 * that directory's, or its parent's for a partition (a "partition" file
 * inside); its slaves are the links in its "slaves" directory, added after
 * it, depth first. Returns 0 or -ENOMEM.
 */
int diskutil_add_sysdir(struct disk_util_set *set, const char *sysdir);

/*
 * The identity of the block device under path, as diskutil_add_path()
 * finds it (a partition as its disk; a dm or md device as itself), read
 * from sysfs into *out: name, device/model and device/vendor, size,
 * queue/logical_block_size, physical_block_size, write_cache, the
 * scheduler in use and rotational. What is not there stays unknown
 * (result.h). diskutil_identify_sysdir() - the same from the device's
 * resolved sysfs directory. 0, or -ENOENT: no block device (tmpfs).
 */
int diskutil_identify(const char *path, struct result_device *out);
int diskutil_identify_sysdir(const char *sysdir, struct result_device *out);

/*
 * diskutil_begin() samples every device of set (counters stored as the
 * base, time noted), diskutil_end() turns them into the deltas since.
 * Returns 0 or -errno (/proc/diskstats unreadable).
 */
int diskutil_begin(struct disk_util_set *set, uint64_t now_ms);
int diskutil_end(struct disk_util_set *set, uint64_t now_ms);

/*
 * --status-interval: the change from set's base (after diskutil_begin())
 * to now, into *now (released by the caller); set is not touched.
 * Returns 0 or -errno.
 */
int diskutil_peek(const struct disk_util_set *set, struct disk_util_set *now,
		  uint64_t now_ms);

/*
 * What both do with text (the contents of /proc/diskstats): end = false
 * stores it as the base, true the change since (32-bit wraps undone).
 */
void diskutil_sample(struct disk_util_set *set, const char *text, uint64_t now_ms,
		     bool end);

void diskutil_release(struct disk_util_set *set);

#endif /* VERIO_RUN_DISKUTIL_H */
