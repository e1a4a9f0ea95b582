#include "compat.h"

#include <sys/uio.h>

#include "engines.h"
#include "io_u.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>

void engine_set_result(struct io_u *io_u, ssize_t ret, unsigned calls)
{
	if (calls > 1)
		io_u->flags |= IO_U_F_SHORT;
	if (ret < 0) {
		io_u->done = 0;
		io_u->error = (int)ret;
		return;
	}
	io_u->done = (uint64_t)ret;
	if (io_u->done == io_u->len)
		io_u->error = 0;
	else
		io_u->error = io_u->ddir == DDIR_READ ? -ENODATA : -ENOSPC;
}

void engine_do_sync(struct io_u *io_u)
{
	int fd = io_u->file->fd;
	int r = io_u->ddir == DDIR_DATASYNC ? fdatasync(fd) : fsync(fd);

	io_u->done = io_u->len;
	io_u->error = r ? -errno : 0;
}

void engine_do_trim(struct io_u *io_u)
{
	int fd = io_u->file->fd;
	int r;

	if (io_u->file->flags & VFILE_F_BLOCKDEV) {
		uint64_t range[2] = { io_u->offset, io_u->len };

		r = ioctl(fd, BLKDISCARD, range);
	} else {
		r = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      (off_t)io_u->offset, (off_t)io_u->len);
	}
	io_u->done = r ? 0 : io_u->len;
	io_u->error = r ? -errno : 0;
}

bool engine_do_inline(struct io_u *io_u)
{
	if (io_u->ddir == DDIR_TRIM)
		engine_do_trim(io_u);
	else if (!ddir_is_rw(io_u->ddir))
		engine_do_sync(io_u);
	else
		return false;
	return true;
}

int engine_done_init(struct engine_done *d, unsigned cap)
{
	memset(d, 0, sizeof(*d));
	d->v = calloc(cap ? cap : 1, sizeof(*d->v));
	if (!d->v)
		return -ENOMEM;
	d->cap = cap ? cap : 1;
	return 0;
}

void engine_done_free(struct engine_done *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* One preadv/pwritev call, or its v2 form; bytes or -errno. */
static ssize_t rw_vec_once(int fd, const struct iovec *iov, uint64_t off, bool wr,
			   bool v2, int flags)
{
	ssize_t r;

	if (v2)
		r = wr ? pwritev2(fd, iov, 1, (off_t)off, flags)
		       : preadv2(fd, iov, 1, (off_t)off, flags);
	else
		r = wr ? pwritev(fd, iov, 1, (off_t)off) : preadv(fd, iov, 1, (off_t)off);
	return r < 0 ? -errno : r;
}

void engine_rw_vec(struct io_u *io_u, bool v2, int flags)
{
	bool wr = io_u->ddir == DDIR_WRITE;
	uint64_t done = 0;
	unsigned calls = 0;
	ssize_t r = 0;

	while (done < io_u->len) {
		struct iovec iov = { io_u->buf + done, io_u->len - done };

		r = rw_vec_once(io_u->file->fd, &iov, io_u->offset + done, wr, v2, flags);
		calls++;
		if (r == -EINTR || (r == -EAGAIN && !(flags & RWF_NOWAIT)))
			continue;
		if (r <= 0)
			break;
		done += (uint64_t)r;
	}
	engine_set_result(io_u, r < 0 ? r : (ssize_t)done, calls);
}
