/*
 * pvsync: preadv(2) / pwritev(2) with one iovec, one I/O at a time,
 * completed inline. psync through the vectored calls, as fio's pvsync.
 */
#include "compat.h"

#include "engines.h"
#include "io_u.h"
#include "ioengine.h"

static enum engine_q pvsync_queue(struct engine_ctx *ctx, struct io_u *io_u)
{
	(void)ctx;
	if (!engine_do_inline(io_u))
		engine_rw_vec(io_u, false, 0);
	return ENGINE_Q_COMPLETED;
}

const struct engine_ops engine_pvsync = {
	.name = "pvsync",
	.help = "preadv(2)/pwritev(2), synchronous, one I/O at a time",
	.flags = ENGINE_F_SYNC,
	.queue = pvsync_queue,
};
