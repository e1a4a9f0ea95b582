/*
 * null: transfers nothing and touches no file. Every I/O succeeds at
 * once, so a null job measures verio's own cost per I/O (generation,
 * buffer fill, accounting) and nothing else.
 *
 * At iodepth 1 I/Os complete inline; deeper, they are held until
 * commit() and handed back by getevents(), as an asynchronous engine's
 * would be, so the core's queueing path is exercised too.
 */
#include "compat.h"

#include "engines.h"
#include "io_u.h"
#include "ioengine.h"

struct null_data {
	struct io_u **queued;	/* accepted, not yet committed */
	struct io_u **ready;	/* committed: the next getevents() batch */
	unsigned nr_queued;
	unsigned nr_ready;
};

static int null_init(struct engine_ctx *ctx)
{
	struct null_data *nd;

	if (ctx->iodepth <= 1)
		return 0;
	nd = calloc(1, sizeof(*nd));
	if (!nd)
		return -ENOMEM;
	nd->queued = calloc(ctx->iodepth, sizeof(*nd->queued));
	nd->ready = calloc(ctx->iodepth, sizeof(*nd->ready));
	ctx->priv = nd;
	if (!nd->queued || !nd->ready)
		return -ENOMEM;
	return 0;
}

static void null_cleanup(struct engine_ctx *ctx)
{
	struct null_data *nd = ctx->priv;

	if (!nd)
		return;
	free(nd->queued);
	free(nd->ready);
	free(nd);
	ctx->priv = NULL;
}

static enum engine_q null_queue(struct engine_ctx *ctx, struct io_u *io_u)
{
	struct null_data *nd = ctx->priv;

	io_u->done = io_u->len;
	io_u->error = 0;
	if (!nd)
		return ENGINE_Q_COMPLETED;
	if (nd->nr_queued + nd->nr_ready >= ctx->iodepth)
		return ENGINE_Q_BUSY;
	nd->queued[nd->nr_queued++] = io_u;
	return ENGINE_Q_QUEUED;
}

static int null_commit(struct engine_ctx *ctx)
{
	struct null_data *nd = ctx->priv;

	if (!nd)
		return 0;
	for (unsigned i = 0; i < nd->nr_queued; i++)
		nd->ready[nd->nr_ready++] = nd->queued[i];
	nd->nr_queued = 0;
	return 0;
}

static int null_getevents(struct engine_ctx *ctx, unsigned min, unsigned max)
{
	struct null_data *nd = ctx->priv;
	unsigned n;

	(void)min;
	if (!nd)
		return 0;
	n = nd->nr_ready < max ? nd->nr_ready : max;
	/* event(i) reads ready[i]; the rest move down after the batch. */
	nd->nr_ready -= n;
	return (int)n;
}

static struct io_u *null_event(struct engine_ctx *ctx, unsigned i)
{
	struct null_data *nd = ctx->priv;

	/* getevents() took the batch from the top of ready[]. */
	return nd->ready[nd->nr_ready + i];
}

const struct engine_ops engine_null = {
	.name = "null",
	.help = "no I/O: every request completes at once (measures verio itself)",
	.flags = ENGINE_F_NOIO,
	.init = null_init,
	.cleanup = null_cleanup,
	.queue = null_queue,
	.commit = null_commit,
	.getevents = null_getevents,
	.event = null_event,
};
