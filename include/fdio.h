/*
 * fdio.h - whole transfers on file descriptors.
 *
 * The one place where short transfers and EINTR are handled: every
 * engine and every setup step that reads or writes a descriptor goes
 * through these.
 */
#ifndef VERIO_INCLUDE_FDIO_H
#define VERIO_INCLUDE_FDIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Transfer len bytes at off, retrying after short transfers and EINTR.
 * Returns the bytes transferred (less than len only at end of file for
 * reads, or when a write makes no progress) or a negative errno.
 * *calls, if not NULL, receives the number of system calls it took.
 */
ssize_t pread_full(int fd, void *buf, size_t len, uint64_t off, unsigned *calls);
ssize_t pwrite_full(int fd, const void *buf, size_t len, uint64_t off,
		    unsigned *calls);

/* As above, at the descriptor's current position. */
ssize_t read_full(int fd, void *buf, size_t len, unsigned *calls);
ssize_t write_full(int fd, const void *buf, size_t len, unsigned *calls);

#endif /* VERIO_INCLUDE_FDIO_H */
