/*
 * io_uring: Linux io_uring(7) through liburing, one ring per job.
 *
 * queue() fills a submission queue entry and holds it; commit() submits
 * everything held; getevents() waits for and collects completion queue
 * entries. Each entry's user_data is its io_u.
 *
 * The core sees whole completions only. A read or write that completes
 * short (or with -EAGAIN / -EINTR) gets a new entry for what is left,
 * submitted from here; its io_u reaches the ready list once it is done
 * or has failed. So that a resubmission always finds a free entry, the
 * ring has at least as many entries as the job has io_us.
 */
#include "compat.h"

#include <fcntl.h>
#include <liburing.h>
#include <time.h>

#include "engines.h"
#include "io_u.h"
#include "ioengine.h"
#include "optdef.h"
#include "parse.h"

/* Consecutive -EAGAIN / -EINTR results before an io_u is failed. */
#define URING_MAX_RETRIES 1000
/* Completions taken from the ring per peek. */
#define URING_BATCH 32
/* The most a single read or write transfers (Linux MAX_RW_COUNT). */
#define URING_MAX_XFER 0x7ffff000ULL

/* The engine's options (fio's names): uring_options[] below parses them. */
struct io_uring_options {
	bool fixedbufs;		/* registered buffers: read_fixed/write_fixed */
	bool registerfiles;	/* registered files: IOSQE_FIXED_FILE */
	bool sqthread_poll;	/* IORING_SETUP_SQPOLL */
	bool sq_cpu_set;	/* sqthread_poll_cpu given; else any CPU */
	unsigned sq_cpu;	/* sqthread_poll_cpu */
	bool hipri;		/* IORING_SETUP_IOPOLL: polled completions */
	bool nonvectored;	/* read/write, not readv/writev */
	bool nowait;		/* RWF_NOWAIT: -EAGAIN instead of waiting */
	unsigned uncached;	/* not 0: RWF_DONTCACHE when buffered */
};

struct uring_data {
	struct io_uring ring;
	bool ring_ok;
	bool fixedbufs;		/* buffers registered: read_fixed/write_fixed */
	bool regfiles;		/* files registered: IOSQE_FIXED_FILE */
	bool vectored;		/* nonvectored=0: readv/writev */
	int read_flags;		/* rw_flags of reads: RWF_NOWAIT, RWF_DONTCACHE */
	int write_flags;	/* and of writes: those and RWF_ATOMIC */
	bool nowait;		/* -EAGAIN is the I/O's error, not a retry */
	struct iovec *iov;	/* cap, by io_u->index (vectored) */
	struct vfile *files;	/* ctx->files, for registered file indexes */
	unsigned nr_opened;
	bool fsync_inline;	/* the kernel refused IORING_OP_FSYNC */
	bool trim_inline;	/* ... or IORING_OP_FALLOCATE (hole punching) */
	unsigned cap;		/* ctx->nr_io_us */
	unsigned *retries;	/* cap, by io_u->index: results without progress */
	unsigned outstanding;	/* entries prepared whose completion is unseen */
	struct engine_done done;	/* finished io_us, for getevents/event */
};

/* A read or write entry: plain, on a registered buffer, or vectored. */
static void uring_prep_rw(struct uring_data *ud, struct io_uring_sqe *sqe,
			  struct io_u *u, int fd, unsigned len, uint64_t off)
{
	uint8_t *p = u->buf + u->done;
	bool rd = u->ddir == DDIR_READ;

	if (ud->fixedbufs) {
		if (rd)
			io_uring_prep_read_fixed(sqe, fd, p, len, off, (int)u->index);
		else
			io_uring_prep_write_fixed(sqe, fd, p, len, off, (int)u->index);
	} else if (ud->vectored) {
		struct iovec *v = &ud->iov[u->index];

		v->iov_base = p;
		v->iov_len = len;
		if (rd)
			io_uring_prep_readv(sqe, fd, v, 1, off);
		else
			io_uring_prep_writev(sqe, fd, v, 1, off);
	} else if (rd) {
		io_uring_prep_read(sqe, fd, p, len, off);
	} else {
		io_uring_prep_write(sqe, fd, p, len, off);
	}
	sqe->rw_flags = rd ? ud->read_flags : ud->write_flags;
}

/* Fill an entry for what is left of u (all of it at first). 0 or -EBUSY. */
static int uring_prep(struct uring_data *ud, struct io_u *u)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ud->ring);
	unsigned len = (unsigned)MIN_OF(u->len - u->done, URING_MAX_XFER);
	uint64_t off = u->offset + u->done;
	int fd = u->file->fd;

	if (!sqe)
		return -EBUSY;
	if (ud->regfiles)
		fd = (int)(u->file - ud->files);
	switch (u->ddir) {
	case DDIR_READ:
	case DDIR_WRITE:
		uring_prep_rw(ud, sqe, u, fd, len, off);
		break;
	case DDIR_DATASYNC:
		io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
		break;
	case DDIR_TRIM:
		io_uring_prep_fallocate(sqe, fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
					(off_t)u->offset, (off_t)u->len);
		break;
	default:
		io_uring_prep_fsync(sqe, fd, 0);
		break;
	}
	if (ud->regfiles)
		sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data(sqe, u);
	ud->outstanding++;
	return 0;
}

/*
 * Record one result (bytes or -errno) of u. Returns true when u must be
 * submitted again for the rest; otherwise u->done and u->error are final.
 */
static bool uring_result(struct uring_data *ud, struct io_u *u, int res)
{
	if (((res == -EAGAIN && !ud->nowait) || res == -EINTR) &&
	    ++ud->retries[u->index] < URING_MAX_RETRIES)
		return true;
	if (u->ddir == DDIR_TRIM && (res == -EINVAL || res == -EOPNOTSUPP)) {
		/* No IORING_OP_FALLOCATE here (or not on this ring): inline. */
		ud->trim_inline = true;
		engine_do_trim(u);
		return false;
	}
	if (!ddir_is_rw(u->ddir)) {
		if (res == -EINVAL) {
			/* No IORING_OP_FSYNC here: sync inline from now on. */
			ud->fsync_inline = true;
			engine_do_sync(u);
			return false;
		}
		u->done = u->len;
		u->error = res < 0 ? res : 0;
		return false;
	}
	if (res < 0) {
		u->done = 0;
		u->error = res;
		return false;
	}
	if (res == 0) {
		/* End of file, or a write that cannot make progress. */
		u->error = u->ddir == DDIR_READ ? -ENODATA : -ENOSPC;
		return false;
	}
	u->done += (uint64_t)res;
	ud->retries[u->index] = 0;
	if (u->done >= u->len) {
		u->error = 0;
		return false;
	}
	u->flags |= IO_U_F_SHORT;
	return true;
}

static void uring_complete(struct uring_data *ud, const struct io_uring_cqe *cqe)
{
	struct io_u *u = io_uring_cqe_get_data(cqe);

	ud->outstanding--;
	if (!uring_result(ud, u, cqe->res))
		goto done;
	if (!uring_prep(ud, u))
		return;
	/* The submission queue is full of entries: send them, then retry. */
	io_uring_submit(&ud->ring);
	if (!uring_prep(ud, u))
		return;
	u->error = -EBUSY;
done:
	engine_done_push(&ud->done, u);
}

/* Process every completion the ring holds. Returns how many. */
static unsigned uring_collect(struct uring_data *ud)
{
	struct io_uring_cqe *cqes[URING_BATCH];
	unsigned n, total = 0;

	while ((n = io_uring_peek_batch_cqe(&ud->ring, cqes, URING_BATCH)) > 0) {
		for (unsigned i = 0; i < n; i++)
			uring_complete(ud, cqes[i]);
		io_uring_cq_advance(&ud->ring, n);
		total += n;
	}
	return total;
}

/*
 * io_uring_enter() failed with err. -EAGAIN (no memory for requests) and
 * -EBUSY (completions overflowed) pass once completions are reaped, so
 * collect some, waiting for one if need be. 0 to try again, or -errno.
 */
static int uring_busy(struct uring_data *ud, int err, unsigned *tries)
{
	static const struct timespec backoff = { 0, 100000 };
	struct io_uring_cqe *cqe;

	if (err == -EINTR || err == -ETIME)
		return 0;
	if (err != -EAGAIN && err != -EBUSY)
		return err;
	if (++*tries >= URING_MAX_RETRIES)
		return err;
	if (uring_collect(ud))
		return 0;
	if (ud->outstanding > io_uring_sq_ready(&ud->ring))
		io_uring_wait_cqe(&ud->ring, &cqe);	/* if it fails: try again */
	else
		nanosleep(&backoff, NULL);
	return 0;
}

/* Submit every prepared entry, whatever it takes. 0 or -errno. */
static int uring_submit_all(struct uring_data *ud)
{
	unsigned tries = 0;

	while (io_uring_sq_ready(&ud->ring)) {
		int r = io_uring_submit(&ud->ring);

		if (r > 0) {
			tries = 0;
			continue;
		}
		r = uring_busy(ud, r ? r : -EAGAIN, &tries);
		if (r < 0)
			return r;
	}
	return 0;
}

static unsigned roundup_pow2(unsigned n)
{
	unsigned p = 1;

	while (p < n && p < (1U << 31))
		p <<= 1;
	return p;
}

/*
 * One thread submits and reaps, so tell the kernel (COOP_TASKRUN,
 * SINGLE_ISSUER): completion work then runs when we enter the kernel
 * anyway instead of interrupting us. Older kernels refuse the flags:
 * try again without them. The ring is clamped to the kernel's limit;
 * queue() says busy beyond it.
 */
static int uring_setup(struct uring_data *ud, unsigned entries, struct io_uring_params *p)
{
	struct io_uring_params base = *p;
	int r;

	p->flags |= IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SINGLE_ISSUER;
	r = io_uring_queue_init_params(entries, &ud->ring, p);
	if (r == -EINVAL) {
		*p = base;
		r = io_uring_queue_init_params(entries, &ud->ring, p);
	}
	return r;
}

/* fixedbufs: every io_u buffer, registered once. */
static int uring_register_buffers(struct uring_data *ud, struct engine_ctx *ctx)
{
	struct iovec *v = calloc(ctx->nr_io_us, sizeof(*v));
	int r;

	if (!v)
		return -ENOMEM;
	for (unsigned i = 0; i < ctx->nr_io_us; i++) {
		v[i].iov_base = ctx->io_us[i].buf;
		v[i].iov_len = ctx->io_us[i].buf_cap;
	}
	r = io_uring_register_buffers(&ud->ring, v, ctx->nr_io_us);
	free(v);
	return r;
}

static int uring_init(struct engine_ctx *ctx)
{
	const struct io_uring_options *eo = ctx->eopts;
	struct io_uring_params p = { .flags = IORING_SETUP_CLAMP };
	struct uring_data *ud;
	unsigned n = ctx->nr_io_us;
	int r;

	ud = calloc(1, sizeof(*ud));
	if (!ud)
		return -ENOMEM;
	ctx->priv = ud;
	ud->cap = n;
	ud->files = ctx->files;
	ud->vectored = !eo->nonvectored;
	ud->nowait = eo->nowait;
	ud->read_flags = (eo->nowait ? RWF_NOWAIT : 0) |
			 (eo->uncached && !ctx->direct ? RWF_DONTCACHE : 0);
	ud->write_flags = ud->read_flags | (ctx->atomic ? RWF_ATOMIC : 0);
	ud->retries = calloc(n, sizeof(*ud->retries));
	ud->iov = calloc(n, sizeof(*ud->iov));
	if (!ud->retries || !ud->iov || engine_done_init(&ud->done, n))
		return -ENOMEM;
	if (eo->sqthread_poll) {
		p.flags |= IORING_SETUP_SQPOLL;
		p.sq_thread_idle = 1000;	/* ms before the poller sleeps */
		if (eo->sq_cpu_set) {
			p.flags |= IORING_SETUP_SQ_AFF;
			p.sq_thread_cpu = eo->sq_cpu;
		}
	}
	if (eo->hipri)
		p.flags |= IORING_SETUP_IOPOLL;
	r = uring_setup(ud, roundup_pow2(n), &p);
	if (r < 0)
		return r;
	ud->ring_ok = true;
	if (eo->fixedbufs) {
		r = uring_register_buffers(ud, ctx);
		if (r < 0)
			return r;
		ud->fixedbufs = true;
	}
	if (eo->registerfiles && ctx->nr_files) {
		r = io_uring_register_files_sparse(&ud->ring, ctx->nr_files);
		if (r < 0)
			return r;
	}
	return 0;
}

/* registerfiles: each file takes its index in the job's file table. */
static int uring_open_file(struct engine_ctx *ctx, struct vfile *f)
{
	const struct io_uring_options *eo = ctx->eopts;
	struct uring_data *ud = ctx->priv;
	int r;

	if (!eo->registerfiles)
		return 0;
	r = io_uring_register_files_update(&ud->ring, (unsigned)(f - ctx->files), &f->fd, 1);
	if (r < 0)
		return r;
	if (++ud->nr_opened == ctx->nr_files)
		ud->regfiles = true;
	return 0;
}

/* Wait out whatever is still in flight: it may write into io_u buffers. */
static void uring_drain(struct uring_data *ud)
{
	struct io_uring_cqe *cqe;

	while (ud->outstanding) {
		int r = io_uring_submit_and_wait(&ud->ring, 1);

		if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY)
			return;
		while (io_uring_peek_cqe(&ud->ring, &cqe) == 0) {
			io_uring_cqe_seen(&ud->ring, cqe);
			ud->outstanding--;
		}
	}
}

static void uring_cleanup(struct engine_ctx *ctx)
{
	struct uring_data *ud = ctx->priv;

	if (!ud)
		return;
	if (ud->ring_ok) {
		uring_drain(ud);
		io_uring_queue_exit(&ud->ring);
	}
	free(ud->retries);
	engine_done_free(&ud->done);
	free(ud->iov);
	free(ud);
	ctx->priv = NULL;
}

static enum engine_q uring_queue(struct engine_ctx *ctx, struct io_u *u)
{
	struct uring_data *ud = ctx->priv;

	engine_done_settle(&ud->done);
	u->done = 0;
	u->error = 0;
	ud->retries[u->index] = 0;
	if (u->ddir == DDIR_TRIM && ((u->file->flags & VFILE_F_BLOCKDEV) || ud->trim_inline)) {
		/*
		 * A device's discard inline, as fio 3.33 does (the block
		 * layer's io_uring discard command is too new to rely on);
		 * a file's hole goes through the ring (IORING_OP_FALLOCATE).
		 */
		engine_do_trim(u);
		return ENGINE_Q_COMPLETED;
	}
	if (!ddir_is_rw(u->ddir) && u->ddir != DDIR_TRIM) {
		if (u->ddir != DDIR_SYNC && u->ddir != DDIR_DATASYNC) {
			u->error = -EINVAL;
			return ENGINE_Q_COMPLETED;
		}
		if (ud->fsync_inline) {
			engine_do_sync(u);
			return ENGINE_Q_COMPLETED;
		}
	}
	return uring_prep(ud, u) ? ENGINE_Q_BUSY : ENGINE_Q_QUEUED;
}

static int uring_commit(struct engine_ctx *ctx)
{
	struct uring_data *ud = ctx->priv;

	engine_done_settle(&ud->done);
	return uring_submit_all(ud);
}

static int uring_getevents(struct engine_ctx *ctx, unsigned min, unsigned max)
{
	struct uring_data *ud = ctx->priv;
	unsigned tries = 0;
	int r = 0;

	engine_done_settle(&ud->done);
	uring_collect(ud);
	while (ud->done.n < min && ud->outstanding) {
		/* Submits resubmissions too, then waits. */
		r = io_uring_submit_and_wait(&ud->ring,
					     MIN_OF(min - ud->done.n, ud->outstanding));
		if (r < 0 && (r = uring_busy(ud, r, &tries)) < 0)
			return r;
		uring_collect(ud);
	}
	r = uring_submit_all(ud);
	if (r < 0)
		return r;
	return (int)engine_done_take(&ud->done, max);
}

static struct io_u *uring_event(struct engine_ctx *ctx, unsigned i)
{
	struct uring_data *ud = ctx->priv;

	return engine_done_at(&ud->done, i);
}

/* hipri: the kernel polls for completions, which only O_DIRECT I/O has. */
static int uring_check(const void *eopts, bool direct, char *err, size_t len)
{
	const struct io_uring_options *eo = eopts;

	if (eo->hipri && !direct) {
		snprintf(err, len, "hipri (polled I/O) needs direct=1");
		return -EINVAL;
	}
	return 0;
}

static const char *uring_error_hint(const void *eopts, int err)
{
	const struct io_uring_options *eo = eopts;

	if (err == -EOPNOTSUPP && eo && eo->hipri)
		return "hipri: the target does not support polled I/O";
	if (err == -EAGAIN && eo && eo->nowait)
		return "nowait: the I/O would have had to wait (RWF_NOWAIT)";
	if (err == -EOPNOTSUPP && eo && eo->nowait)
		return "nowait: the target does not take RWF_NOWAIT for this I/O";
	if (err == -EOPNOTSUPP && eo && eo->uncached)
		return "uncached: the kernel or filesystem does not take RWF_DONTCACHE";
	return NULL;
}

/* sqthread_poll_cpu: a CPU number; unset means any. */
static int uring_parse_cpu(void *base, const struct option_def *d, const char *v,
			   char *err, size_t len)
{
	struct io_uring_options *eo = base;
	uint64_t n;

	(void)d;
	if (parse_uint(v, &n) < 0 || n > 4095) {
		snprintf(err, len, "invalid CPU '%s' (expected a CPU number such as 1)", v);
		return -EINVAL;
	}
	eo->sq_cpu = (unsigned)n;
	eo->sq_cpu_set = true;
	return 0;
}

#define UFLD(m) OPT_FIELD(struct io_uring_options, m)

static const struct option_def uring_options[] = {
	{ .name = "fixedbufs", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, UFLD(fixedbufs),
	  .def = "0",
	  .help = "register the I/O buffers with the kernel once: read_fixed/write_fixed" },
	{ .name = "registerfiles", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  UFLD(registerfiles), .def = "0",
	  .help = "register the files with the kernel once: IOSQE_FIXED_FILE" },
	{ .name = "sqthread_poll", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  UFLD(sqthread_poll), .def = "0",
	  .help = "a kernel thread polls the submission queue (IORING_SETUP_SQPOLL)" },
	{ .name = "sqthread_poll_cpu", .type = OPT_UINT, .cat = OPT_CAT_ENGINE,
	  UFLD(sq_cpu), OPT_FIELD2(struct io_uring_options, sq_cpu_set),
	  .parse = uring_parse_cpu, .max = 4095,
	  .help = "CPU the submission polling thread runs on (default: any)" },
	{ .name = "hipri", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, UFLD(hipri), .def = "0",
	  .help = "polled completions (IORING_SETUP_IOPOLL): needs direct=1 and a "
		  "polling device" },
	{ .name = "nonvectored", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, UFLD(nonvectored),
	  .def = "1", .help = "plain read/write; 0: readv/writev with one iovec" },
	{ .name = "nowait", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, UFLD(nowait), .def = "0",
	  .help = "fail an I/O with EAGAIN instead of waiting (RWF_NOWAIT)" },
	{ .name = "uncached", .type = OPT_UINT, .cat = OPT_CAT_ENGINE, UFLD(uncached),
	  .def = "0", .help = "not 0: buffered I/O that leaves no pages in the page cache "
			      "(RWF_DONTCACHE, Linux 6.14)" },
	{ .name = NULL },
};

const struct engine_ops engine_io_uring = {
	.name = "io_uring",
	.help = "Linux io_uring(7) via liburing: async reads, writes and syncs",
	.flags = ENGINE_F_ATOMIC,
	.init = uring_init,
	.cleanup = uring_cleanup,
	.queue = uring_queue,
	.commit = uring_commit,
	.getevents = uring_getevents,
	.event = uring_event,
	.open_file = uring_open_file,
	.options = uring_options,
	.option_struct_size = sizeof(struct io_uring_options),
	.check = uring_check,
	.error_hint = uring_error_hint,
};
