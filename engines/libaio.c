/*
 * libaio: Linux native asynchronous I/O (io_submit(2) / io_getevents(2)).
 *
 * queue() prepares an iocb and holds it; commit() submits every held
 * iocb; getevents() reaps. Only O_DIRECT I/O is truly asynchronous: on a
 * buffered file the kernel completes the transfer inside io_submit().
 *
 * The core sees whole completions only. A transfer that completes short
 * (or with -EAGAIN / -EINTR) is prepared again for what is left and
 * resubmitted from here; its io_u reaches the ready list once it is
 * done or has failed. Completions reaped while commit() waits for room
 * also wait on the ready list for the next getevents().
 *
 * Kernels without aio fsync (before 4.18, or files whose filesystem
 * lacks it) refuse an fsync iocb with -EINVAL at submission. The first
 * sync a job issues is therefore submitted on its own as a probe; if it
 * is refused, this and every later sync run fsync(2) inline.
 */
#include "compat.h"

#include <libaio.h>
#include <time.h>

#include "engines.h"
#include "io_u.h"
#include "ioengine.h"
#include "optdef.h"

/* Consecutive -EAGAIN / -EINTR results before an io_u is failed. */
#define LAIO_MAX_RETRIES 1000

enum laio_fsync {
	LAIO_FSYNC_UNKNOWN,	/* no sync submitted yet */
	LAIO_FSYNC_AIO,		/* the kernel accepts aio fsync */
	LAIO_FSYNC_INLINE,	/* it refused: fsync(2) in queue() */
};

/* The engine's options (fio's names): laio_options[] below parses them. */
struct libaio_options {
	bool userspace_reap;	/* reap from the shared ring without a call */
	bool nowait;		/* RWF_NOWAIT: -EAGAIN instead of waiting */
};

/* Per-io_u state, indexed by io_u->index. */
struct laio_slot {
	struct iocb iocb;
	unsigned retries;	/* results in a row that made no progress */
};

struct laio_data {
	bool user_reap;			/* userspace_reap: read the ring ourselves */
	int read_flags;			/* aio_rw_flags of reads: RWF_NOWAIT */
	int write_flags;		/* and of writes: that and RWF_ATOMIC */
	bool nowait;			/* -EAGAIN is the I/O's error, not a retry */
	io_context_t ioctx;
	bool ioctx_ok;
	unsigned cap;			/* ctx->nr_io_us */
	struct laio_slot *slots;	/* cap */
	struct iocb **pending;		/* cap: prepared, not yet submitted */
	unsigned nr_pending;
	unsigned nr_kernel;		/* submitted, not yet reaped */
	struct io_event *events;	/* cap: io_getevents() buffer */
	struct engine_done done;	/* finished io_us, for getevents/event */
	enum laio_fsync fsync_mode;
};

/* Prepare the iocb for what is left of u (all of it at first). */
static void laio_prep(struct laio_data *ld, struct io_u *u)
{
	struct laio_slot *s = &ld->slots[u->index];
	int fd = u->file->fd;

	switch (u->ddir) {
	case DDIR_READ:
		io_prep_pread(&s->iocb, fd, u->buf + u->done, u->len - u->done,
			      (long long)(u->offset + u->done));
		s->iocb.aio_rw_flags = ld->read_flags;
		break;
	case DDIR_WRITE:
		io_prep_pwrite(&s->iocb, fd, u->buf + u->done, u->len - u->done,
			       (long long)(u->offset + u->done));
		s->iocb.aio_rw_flags = ld->write_flags;
		break;
	case DDIR_DATASYNC:
		io_prep_fdsync(&s->iocb, fd);
		break;
	default:
		io_prep_fsync(&s->iocb, fd);
		break;
	}
	s->iocb.data = u;
}

/*
 * Record one result (bytes or -errno) of u. Returns true when u must be
 * submitted again for the rest; otherwise u->done and u->error are final.
 */
static bool laio_result(struct laio_data *ld, struct io_u *u, long res)
{
	struct laio_slot *s = &ld->slots[u->index];

	if (((res == -EAGAIN && !ld->nowait) || res == -EINTR) && ++s->retries < LAIO_MAX_RETRIES)
		return true;
	if (!ddir_is_rw(u->ddir)) {
		if (res == -EINVAL) {
			/* No aio fsync for this file after all. */
			ld->fsync_mode = LAIO_FSYNC_INLINE;
			engine_do_sync(u);
			return false;
		}
		u->done = u->len;
		u->error = res < 0 ? (int)res : 0;
		return false;
	}
	if (res < 0) {
		u->done = 0;
		u->error = (int)res;
		return false;
	}
	if (res == 0) {
		/* End of file, or a write that cannot make progress. */
		u->error = u->ddir == DDIR_READ ? -ENODATA : -ENOSPC;
		return false;
	}
	u->done += (uint64_t)res;
	s->retries = 0;
	if (u->done >= u->len) {
		u->error = 0;
		return false;
	}
	u->flags |= IO_U_F_SHORT;
	return true;
}

static void laio_complete(struct laio_data *ld, const struct io_event *ev)
{
	struct io_u *u = ev->data;

	ld->nr_kernel--;
	if (laio_result(ld, u, (long)ev->res)) {
		laio_prep(ld, u);
		ld->pending[ld->nr_pending++] = &ld->slots[u->index].iocb;
	} else {
		engine_done_push(&ld->done, u);
	}
}

/*
 * The completion ring the kernel shares with us at the address of the
 * aio context (userspace_reap): its layout is the kernel's ABI.
 */
struct aio_ring_abi {
	unsigned id;
	unsigned nr;		/* events in the ring */
	unsigned head;		/* next event to read: ours to advance */
	unsigned tail;		/* next event the kernel writes */
	unsigned magic;
	unsigned compat_features;
	unsigned incompat_features;
	unsigned header_length;
	struct io_event events[];
};

#define AIO_RING_MAGIC 0xa10a10a1u

/* userspace_reap: take what the ring holds without a system call. */
static int laio_reap_user(struct laio_data *ld)
{
	struct aio_ring_abi *ring = (struct aio_ring_abi *)ld->ioctx;
	unsigned head, tail;
	int n = 0;

	if (ring->magic != AIO_RING_MAGIC || ring->incompat_features)
		return -ENOTSUP;
	head = ring->head;
	tail = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
	while (head != tail && (unsigned)n < ld->cap) {
		ld->events[n++] = ring->events[head];
		head = head + 1 == ring->nr ? 0 : head + 1;
	}
	__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
	for (int i = 0; i < n; i++)
		laio_complete(ld, &ld->events[i]);
	return n;
}

/* Wait for at least min kernel completions and process them. */
static int laio_reap(struct laio_data *ld, unsigned min)
{
	int r;

	if (!min && ld->user_reap) {
		r = laio_reap_user(ld);
		if (r != -ENOTSUP)
			return r;
		ld->user_reap = false;	/* an unknown ring layout: use the call */
	}
	do {
		r = io_getevents(ld->ioctx, (long)min, (long)ld->cap, ld->events, NULL);
	} while (r == -EINTR);
	if (r < 0)
		return r;
	for (int i = 0; i < r; i++)
		laio_complete(ld, &ld->events[i]);
	return r;
}

static void pending_drop(struct laio_data *ld, unsigned n)
{
	ld->nr_pending -= n;
	memmove(ld->pending, ld->pending + n, ld->nr_pending * sizeof(*ld->pending));
}

/*
 * io_submit() refused the first pending iocb with err. -EAGAIN means
 * no room: reap to make some, or back off when nothing is in flight.
 * Anything else is that I/O's error. 0 or -errno (reaping failed).
 */
static int laio_refused(struct laio_data *ld, int err, unsigned *tries)
{
	static const struct timespec backoff = { 0, 100000 };
	struct io_u *u;

	if (err == -EINTR)
		return 0;
	/*
	 * Under RWF_NOWAIT the kernel refuses the iocb itself with -EAGAIN
	 * when it would block; the ring cannot be full (it holds iodepth).
	 * Retrying would turn nowait into a wait for the readahead the
	 * refusal started: it is the I/O's error.
	 */
	if (err == -EAGAIN && ld->nowait)
		goto failed;
	if (err == -EAGAIN && ld->nr_kernel) {
		int r = laio_reap(ld, 1);

		return r < 0 ? r : 0;
	}
	if (err == -EAGAIN && ++*tries < LAIO_MAX_RETRIES) {
		nanosleep(&backoff, NULL);
		return 0;
	}
failed:
	u = ld->pending[0]->data;
	if (err == -EINVAL && !ddir_is_rw(u->ddir)) {
		/* This file has no aio fsync: sync it here, and from now on. */
		ld->fsync_mode = LAIO_FSYNC_INLINE;
		engine_do_sync(u);
	} else {
		u->done = 0;
		u->error = err;
	}
	engine_done_push(&ld->done, u);
	pending_drop(ld, 1);
	return 0;
}

/* Submit every pending iocb, whatever it takes. 0 or -errno. */
static int laio_flush(struct laio_data *ld)
{
	unsigned tries = 0;

	while (ld->nr_pending) {
		int r = io_submit(ld->ioctx, (long)ld->nr_pending, ld->pending);

		if (r > 0) {
			ld->nr_kernel += (unsigned)r;
			pending_drop(ld, (unsigned)r);
			tries = 0;
			continue;
		}
		r = laio_refused(ld, r ? r : -EAGAIN, &tries);
		if (r < 0)
			return r;
	}
	return 0;
}

static int laio_init(struct engine_ctx *ctx)
{
	struct laio_data *ld;
	unsigned n = ctx->nr_io_us;
	int r;

	ld = calloc(1, sizeof(*ld));
	if (!ld)
		return -ENOMEM;
	ctx->priv = ld;
	ld->cap = n;
	ld->slots = calloc(n, sizeof(*ld->slots));
	ld->pending = calloc(n, sizeof(*ld->pending));
	ld->events = calloc(n, sizeof(*ld->events));
	if (!ld->slots || !ld->pending || !ld->events || engine_done_init(&ld->done, n))
		return -ENOMEM;
	r = io_setup((int)n, &ld->ioctx);
	if (r < 0)
		return r;
	ld->ioctx_ok = true;
	ld->user_reap = ((const struct libaio_options *)ctx->eopts)->userspace_reap;
	ld->nowait = ((const struct libaio_options *)ctx->eopts)->nowait;
	ld->read_flags = ld->nowait ? RWF_NOWAIT : 0;
	ld->write_flags = ld->read_flags | (ctx->atomic ? RWF_ATOMIC : 0);
	return 0;
}

static void laio_cleanup(struct engine_ctx *ctx)
{
	struct laio_data *ld = ctx->priv;

	if (!ld)
		return;
	/* io_destroy() waits for whatever is still in flight. */
	if (ld->ioctx_ok)
		io_destroy(ld->ioctx);
	free(ld->slots);
	free(ld->pending);
	free(ld->events);
	engine_done_free(&ld->done);
	free(ld);
	ctx->priv = NULL;
}

/* The first sync of the job: submit it alone to learn if aio fsync works. */
static enum engine_q laio_probe_fsync(struct laio_data *ld, struct io_u *u)
{
	struct iocb *iocb = &ld->slots[u->index].iocb;
	int r;

	if (ld->nr_pending)
		return ENGINE_Q_BUSY;	/* the core commits them first */
	laio_prep(ld, u);
	r = io_submit(ld->ioctx, 1, &iocb);
	if (r == 1) {
		ld->fsync_mode = LAIO_FSYNC_AIO;
		ld->nr_kernel++;
		return ENGINE_Q_QUEUED;
	}
	if (r == -EINVAL)
		ld->fsync_mode = LAIO_FSYNC_INLINE;
	engine_do_sync(u);
	return ENGINE_Q_COMPLETED;
}

static enum engine_q laio_queue(struct engine_ctx *ctx, struct io_u *u)
{
	struct laio_data *ld = ctx->priv;

	engine_done_settle(&ld->done);
	u->done = 0;
	u->error = 0;
	ld->slots[u->index].retries = 0;
	if (u->ddir == DDIR_TRIM) {
		/* As fio does: a trim inline (the core queues it alone). */
		engine_do_trim(u);
		return ENGINE_Q_COMPLETED;
	}
	if (!ddir_is_rw(u->ddir)) {
		if (u->ddir != DDIR_SYNC && u->ddir != DDIR_DATASYNC) {
			u->error = -EINVAL;
			return ENGINE_Q_COMPLETED;
		}
		if (ld->fsync_mode == LAIO_FSYNC_INLINE) {
			engine_do_sync(u);
			return ENGINE_Q_COMPLETED;
		}
		if (ld->fsync_mode == LAIO_FSYNC_UNKNOWN)
			return laio_probe_fsync(ld, u);
	}
	laio_prep(ld, u);
	ld->pending[ld->nr_pending++] = &ld->slots[u->index].iocb;
	return ENGINE_Q_QUEUED;
}

static int laio_commit(struct engine_ctx *ctx)
{
	struct laio_data *ld = ctx->priv;

	engine_done_settle(&ld->done);
	return laio_flush(ld);
}

static int laio_getevents(struct engine_ctx *ctx, unsigned min, unsigned max)
{
	struct laio_data *ld = ctx->priv;
	int r;

	engine_done_settle(&ld->done);
	/* Resubmit the rest of short transfers before waiting. */
	r = laio_flush(ld);
	if (!r && !min && ld->nr_kernel) {
		r = laio_reap(ld, 0);	/* min 0: take what is there */
		if (r >= 0)
			r = laio_flush(ld);
	}
	while (r >= 0 && ld->done.n < min && ld->nr_kernel) {
		r = laio_reap(ld, MIN_OF(min - ld->done.n, ld->nr_kernel));
		if (r >= 0)
			r = laio_flush(ld);
	}
	if (r < 0)
		return r;
	return (int)engine_done_take(&ld->done, max);
}

static struct io_u *laio_event(struct engine_ctx *ctx, unsigned i)
{
	struct laio_data *ld = ctx->priv;

	return engine_done_at(&ld->done, i);
}

static const char *laio_error_hint(const void *eopts, int err)
{
	const struct libaio_options *o = eopts;

	if (err == -EAGAIN && o && o->nowait)
		return "nowait: the I/O would have had to wait (RWF_NOWAIT)";
	if (err == -EOPNOTSUPP && o && o->nowait)
		return "nowait: the target does not take RWF_NOWAIT for this I/O";
	return NULL;
}

static const struct option_def laio_options[] = {
	{ .name = "userspace_reap", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  OPT_FIELD(struct libaio_options, userspace_reap), .def = "0",
	  .help = "reap completions from the shared ring without a system call "
		  "(when polling for 0 events: iodepth_batch_complete_min=0)" },
	{ .name = "nowait", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  OPT_FIELD(struct libaio_options, nowait), .def = "0",
	  .help = "fail an I/O with EAGAIN instead of waiting (RWF_NOWAIT)" },
	{ .name = NULL },
};

const struct engine_ops engine_libaio = {
	.name = "libaio",
	.help = "Linux native aio: io_submit(2)/io_getevents(2), async with direct=1",
	.flags = ENGINE_F_ATOMIC,
	.init = laio_init,
	.cleanup = laio_cleanup,
	.queue = laio_queue,
	.commit = laio_commit,
	.getevents = laio_getevents,
	.event = laio_event,
	.options = laio_options,
	.option_struct_size = sizeof(struct libaio_options),
	.error_hint = laio_error_hint,
};
