/*
 * psync: pread(2) / pwrite(2), one I/O at a time, completed inline.
 */
#include "compat.h"

#include "engines.h"
#include "fdio.h"
#include "io_u.h"
#include "ioengine.h"

static enum engine_q psync_queue(struct engine_ctx *ctx, struct io_u *io_u)
{
	int fd = io_u->file->fd;
	unsigned calls = 0;
	ssize_t r;

	(void)ctx;
	switch (io_u->ddir) {
	case DDIR_READ:
		r = pread_full(fd, io_u->buf, io_u->len, io_u->offset, &calls);
		break;
	case DDIR_WRITE:
		r = pwrite_full(fd, io_u->buf, io_u->len, io_u->offset, &calls);
		break;
	case DDIR_TRIM:
		engine_do_trim(io_u);
		return ENGINE_Q_COMPLETED;
	default:
		engine_do_sync(io_u);
		return ENGINE_Q_COMPLETED;
	}
	engine_set_result(io_u, r, calls);
	return ENGINE_Q_COMPLETED;
}

const struct engine_ops engine_psync = {
	.name = "psync",
	.help = "pread(2)/pwrite(2), synchronous, one I/O at a time",
	.flags = ENGINE_F_SYNC,
	.queue = psync_queue,
};
