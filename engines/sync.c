/*
 * sync: lseek(2) then read(2) / write(2), completed inline. Slower than
 * psync by one system call per I/O; kept because fio users ask for it.
 */
#include "compat.h"

#include "engines.h"
#include "fdio.h"
#include "io_u.h"
#include "ioengine.h"

static enum engine_q sync_queue(struct engine_ctx *ctx, struct io_u *io_u)
{
	int fd = io_u->file->fd;
	unsigned calls = 0;
	ssize_t r;

	(void)ctx;
	if (engine_do_inline(io_u))
		return ENGINE_Q_COMPLETED;
	if (lseek(fd, (off_t)io_u->offset, SEEK_SET) < 0) {
		engine_set_result(io_u, -errno, 1);
		return ENGINE_Q_COMPLETED;
	}
	if (io_u->ddir == DDIR_READ)
		r = read_full(fd, io_u->buf, io_u->len, &calls);
	else
		r = write_full(fd, io_u->buf, io_u->len, &calls);
	engine_set_result(io_u, r, calls);
	return ENGINE_Q_COMPLETED;
}

const struct engine_ops engine_sync = {
	.name = "sync",
	.help = "lseek(2) + read(2)/write(2), synchronous, one I/O at a time",
	.flags = ENGINE_F_SYNC,
	.queue = sync_queue,
};
