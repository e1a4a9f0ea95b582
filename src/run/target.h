/*
 * target.h - resolving, checking, opening and laying out a job's files
 * and devices.
 */
#ifndef VERIO_RUN_TARGET_H
#define VERIO_RUN_TARGET_H

#include <stdbool.h>

struct job;

/*
 * Work out j's file names, regions and sizes and check that they are
 * safe to use (a write job never touches a mounted or formatted block
 * device unless allow_mounted_write=1). Runs for every job before any
 * job starts. Prints what is wrong; returns 0, 2 (bad input, refused
 * target: nothing ran) or 3 (setup failure).
 */
int target_prepare(struct job *j, bool readonly);

/*
 * Open j's files, creating and laying them out when needed. Returns 0
 * or -errno with j->errmsg describing what failed.
 */
int target_open_all(struct job *j);

/* fsync (when asked), close, and unlink (unlink=1) j's files. */
void target_close_all(struct job *j, bool do_fsync);

/* Release names and state allocated by target_prepare. */
void target_release(struct job *j);

/* Does the block device at fd carry a filesystem or partition signature? */
const char *target_probe_signature(int fd);

#endif /* VERIO_RUN_TARGET_H */
