/*
 * posixaio: POSIX asynchronous I/O, aio_read(3) / aio_write(3) /
 * aio_fsync(3), reaped with aio_error(3) / aio_return(3) and waited for
 * with aio_suspend(3), as fio's posixaio engine.
 *
 * queue() starts the request at once (POSIX aio has no batch submit, so
 * commit() has nothing to do); getevents() looks at every request in
 * flight and sleeps in aio_suspend() until enough have finished. The
 * core sees whole completions only: the rest of a short transfer, or a
 * request that came back -EAGAIN / -EINTR, is started again from here.
 *
 * glibc runs POSIX aio on its own helper threads, which take a lock and
 * reuse request records they allocated earlier: that cost is the
 * library's, and part of what this engine measures.
 */
#include "compat.h"

#ifdef CONFIG_POSIXAIO

#include <aio.h>
#include <fcntl.h>
#include <time.h>

#include "engines.h"
#include "io_u.h"
#include "ioengine.h"

/* Consecutive -EAGAIN / -EINTR results before an io_u is failed. */
#define PAIO_MAX_RETRIES 1000

struct paio_data {
	struct aiocb *cbs;		/* cap, by io_u->index */
	unsigned *retries;		/* cap, by io_u->index */
	struct io_u **inflight;		/* nr_inflight started, not yet reaped */
	unsigned nr_inflight;
	const struct aiocb **wait;	/* cap: aio_suspend()'s list */
	unsigned cap;
	struct engine_done done;	/* finished io_us, for getevents/event */
};

/* Start what is left of u (all of it at first). 0 or -errno. */
static int paio_start(struct paio_data *pd, struct io_u *u)
{
	struct aiocb *cb = &pd->cbs[u->index];
	int r;

	memset(cb, 0, sizeof(*cb));
	cb->aio_fildes = u->file->fd;
	cb->aio_sigevent.sigev_notify = SIGEV_NONE;
	switch (u->ddir) {
	case DDIR_READ:
	case DDIR_WRITE:
		cb->aio_buf = u->buf + u->done;
		cb->aio_nbytes = (size_t)(u->len - u->done);
		cb->aio_offset = (off_t)(u->offset + u->done);
		r = u->ddir == DDIR_READ ? aio_read(cb) : aio_write(cb);
		break;
	case DDIR_DATASYNC:
		r = aio_fsync(O_DSYNC, cb);
		break;
	default:
		r = aio_fsync(O_SYNC, cb);
		break;
	}
	return r < 0 ? -errno : 0;
}

/*
 * Record one result (bytes or -errno) of u. Returns true when u must be
 * started again for the rest; otherwise u->done and u->error are final.
 */
static bool paio_result(struct paio_data *pd, struct io_u *u, ssize_t res)
{
	if ((res == -EAGAIN || res == -EINTR) && ++pd->retries[u->index] < PAIO_MAX_RETRIES)
		return true;
	if (!ddir_is_rw(u->ddir)) {
		u->done = u->len;
		u->error = res < 0 ? (int)res : 0;
		return false;
	}
	if (res <= 0) {
		engine_set_result(u, res < 0 ? res : (ssize_t)u->done, 1);
		return false;
	}
	u->done += (uint64_t)res;
	pd->retries[u->index] = 0;
	if (u->done >= u->len) {
		u->error = 0;
		return false;
	}
	u->flags |= IO_U_F_SHORT;
	return true;
}

/* The i-th request in flight has finished: take it out, finish or restart it. */
static void paio_reap_one(struct paio_data *pd, unsigned i, int err)
{
	struct io_u *u = pd->inflight[i];
	ssize_t res = aio_return(&pd->cbs[u->index]);
	int r;

	pd->inflight[i] = pd->inflight[--pd->nr_inflight];
	if (err)
		res = -err;
	if (paio_result(pd, u, res)) {
		r = paio_start(pd, u);
		if (!r) {
			pd->inflight[pd->nr_inflight++] = u;
			return;
		}
		u->error = r;
	}
	engine_done_push(&pd->done, u);
}

/* Reap every finished request. */
static void paio_reap(struct paio_data *pd)
{
	unsigned i = 0;

	while (i < pd->nr_inflight) {
		int err = aio_error(&pd->cbs[pd->inflight[i]->index]);

		if (err == EINPROGRESS) {
			i++;
			continue;
		}
		paio_reap_one(pd, i, err < 0 ? errno : err);	/* slot i is refilled */
	}
}

/* Sleep until one of the requests in flight finishes. 0 or -errno. */
static int paio_wait(struct paio_data *pd)
{
	for (unsigned i = 0; i < pd->nr_inflight; i++)
		pd->wait[i] = &pd->cbs[pd->inflight[i]->index];
	if (aio_suspend(pd->wait, (int)pd->nr_inflight, NULL) < 0 && errno != EINTR &&
	    errno != EAGAIN)
		return -errno;
	return 0;
}

static int paio_init(struct engine_ctx *ctx)
{
	unsigned n = ctx->nr_io_us;
	struct paio_data *pd = calloc(1, sizeof(*pd));

	if (!pd)
		return -ENOMEM;
	ctx->priv = pd;
	pd->cap = n;
	pd->cbs = calloc(n, sizeof(*pd->cbs));
	pd->retries = calloc(n, sizeof(*pd->retries));
	pd->inflight = calloc(n, sizeof(*pd->inflight));
	pd->wait = calloc(n, sizeof(*pd->wait));
	if (!pd->cbs || !pd->retries || !pd->inflight || !pd->wait ||
	    engine_done_init(&pd->done, n))
		return -ENOMEM;
	return 0;
}

/* Let whatever is still in flight finish: it may write into io_u buffers. */
static void paio_cleanup(struct engine_ctx *ctx)
{
	struct paio_data *pd = ctx->priv;

	if (!pd)
		return;
	while (pd->nr_inflight) {
		struct io_u *u = pd->inflight[pd->nr_inflight - 1];
		struct aiocb *cb = &pd->cbs[u->index];

		if (aio_error(cb) == EINPROGRESS) {
			if (aio_suspend((const struct aiocb *const[]){ cb }, 1, NULL) < 0 &&
			    errno != EINTR && errno != EAGAIN)
				break;
			continue;
		}
		(void)aio_return(cb);
		pd->nr_inflight--;
	}
	free(pd->cbs);
	free(pd->retries);
	free(pd->inflight);
	free(pd->wait);
	engine_done_free(&pd->done);
	free(pd);
	ctx->priv = NULL;
}

static enum engine_q paio_queue(struct engine_ctx *ctx, struct io_u *u)
{
	static const struct timespec backoff = { 0, 100000 };
	struct paio_data *pd = ctx->priv;
	int r;

	engine_done_settle(&pd->done);
	u->done = 0;
	u->error = 0;
	pd->retries[u->index] = 0;
	if (u->ddir == DDIR_TRIM) {
		/* As libaio: a trim inline (the core queues it alone). */
		engine_do_trim(u);
		return ENGINE_Q_COMPLETED;
	}
	if (!ddir_is_rw(u->ddir) && u->ddir != DDIR_SYNC && u->ddir != DDIR_DATASYNC) {
		u->error = -EINVAL;
		return ENGINE_Q_COMPLETED;
	}
	for (unsigned tries = 0; (r = paio_start(pd, u)) == -EAGAIN; tries++) {
		/* The library is out of resources: let ours finish first. */
		if (pd->nr_inflight)
			return ENGINE_Q_BUSY;
		if (tries >= PAIO_MAX_RETRIES)
			break;
		nanosleep(&backoff, NULL);
	}
	if (r < 0) {
		u->error = r;
		return ENGINE_Q_COMPLETED;
	}
	pd->inflight[pd->nr_inflight++] = u;
	return ENGINE_Q_QUEUED;
}

static int paio_getevents(struct engine_ctx *ctx, unsigned min, unsigned max)
{
	struct paio_data *pd = ctx->priv;

	engine_done_settle(&pd->done);
	paio_reap(pd);
	while (pd->done.n < min && pd->nr_inflight) {
		int r = paio_wait(pd);

		if (r < 0)
			return r;
		paio_reap(pd);
	}
	return (int)engine_done_take(&pd->done, max);
}

static struct io_u *paio_event(struct engine_ctx *ctx, unsigned i)
{
	struct paio_data *pd = ctx->priv;

	return engine_done_at(&pd->done, i);
}

const struct engine_ops engine_posixaio = {
	.name = "posixaio",
	.help = "POSIX aio: aio_read(3)/aio_write(3)/aio_fsync(3), reaped with aio_suspend(3)",
	.flags = 0,
	.init = paio_init,
	.cleanup = paio_cleanup,
	.queue = paio_queue,
	.getevents = paio_getevents,
	.event = paio_event,
};

#endif /* CONFIG_POSIXAIO */
