#include "compat.h"

#include "fdio.h"

/*
 * One loop for all four variants: positioned or not, read or write.
 * A zero return from read means end of file; from write it means no
 * progress is possible, so stop rather than spin.
 */
static ssize_t xfer_full(int fd, void *buf, size_t len, int64_t off, bool wr,
			 unsigned *calls)
{
	size_t done = 0;
	unsigned n = 0;

	while (done < len) {
		uint8_t *p = (uint8_t *)buf + done;
		size_t left = len - done;
		ssize_t r;

		if (off >= 0)
			r = wr ? pwrite(fd, p, left, off + (int64_t)done)
			       : pread(fd, p, left, off + (int64_t)done);
		else
			r = wr ? write(fd, p, left) : read(fd, p, left);
		n++;
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (calls)
				*calls = n;
			return -errno;
		}
		if (r == 0)
			break;
		done += (size_t)r;
	}
	if (calls)
		*calls = n;
	return (ssize_t)done;
}

ssize_t pread_full(int fd, void *buf, size_t len, uint64_t off, unsigned *calls)
{
	return xfer_full(fd, buf, len, (int64_t)off, false, calls);
}

ssize_t pwrite_full(int fd, const void *buf, size_t len, uint64_t off,
		    unsigned *calls)
{
	return xfer_full(fd, (void *)buf, len, (int64_t)off, true, calls);
}

ssize_t read_full(int fd, void *buf, size_t len, unsigned *calls)
{
	return xfer_full(fd, buf, len, -1, false, calls);
}

ssize_t write_full(int fd, const void *buf, size_t len, unsigned *calls)
{
	return xfer_full(fd, (void *)buf, len, -1, true, calls);
}
