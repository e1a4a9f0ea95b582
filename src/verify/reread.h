/*
 * reread.h - reread triage: a unit that failed its check is read once
 * more, with the page cache bypassed and with plain pread(2) (never
 * through the job's engine, so a fault of the read path is not
 * repeated), and checked again.  The verdict says where the corruption
 * lives:
 *
 *   persistent  the reread holds the same bad bytes: on the media
 *   transient   the reread verifies: the read path, cable, host memory
 *   changed     the reread is bad, and differs from the first read
 *   error       the reread itself failed
 *
 * ("off": verify_reread=0; VREREAD_NONE: not reread, the key is absent.)
 *
 * Slow path only: it opens, allocates and reads.  The first read's class
 * and the unit's failure stand whatever the verdict: a transient
 * corruption is still a failure.
 */
#ifndef VERIO_VERIFY_REREAD_H
#define VERIO_VERIFY_REREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vreread {
	VREREAD_NONE = 0,	/* not reread: no "reread" key */
	VREREAD_OFF,		/* verify_reread=0 */
	VREREAD_PERSISTENT,
	VREREAD_TRANSIENT,
	VREREAD_CHANGED,
	VREREAD_ERROR,
	VREREAD_NR,
};

/* How the reread bypassed the cache (messages, tests). */
enum vreread_how {
	VREREAD_DIRECT = 0,	/* a separate O_DIRECT descriptor */
	VREREAD_DROPPED,	/* buffered, after the range was written back
				 * and dropped (POSIX_FADV_DONTNEED) */
};

/* vreread_key() - "persistent", "transient", ...; "" for VREREAD_NONE. */
const char *vreread_key(unsigned r);

/* vreread_of_key() - the verdict of a key (not "": NONE is no key), or -EINVAL. */
int vreread_of_key(const char *key);

/*
 * vreread_judge() - the verdict of a reread (pure): again_ok says the
 * reread passed the check the first read failed; first and again are the
 * len bytes of both reads.
 */
enum vreread vreread_judge(const uint8_t *first, const uint8_t *again, size_t len,
			   bool again_ok);

/*
 * vreread_alloc() - a buffer of len bytes aligned for O_DIRECT (4 KiB,
 * rounded up), or NULL.  free() it.
 */
uint8_t *vreread_alloc(size_t len);

/*
 * vreread_read() - read len bytes at off of path into buf (from
 * vreread_alloc()) with the page cache bypassed: a new O_DIRECT
 * descriptor when the file system (or device) takes one and the range
 * is aligned for it; otherwise a buffered descriptor, after the range
 * was written back and dropped from the cache (fdatasync +
 * posix_fadvise(POSIX_FADV_DONTNEED)).  *how (may be NULL) says which.
 * 0, or -errno (-EIO for a short read: a reread never reports a
 * mismatch it did not read).
 */
int vreread_read(const char *path, uint64_t off, size_t len, uint8_t *buf,
		 enum vreread_how *how);

#endif /* VERIO_VERIFY_REREAD_H */
