/*
 * worker.c - a job's thread: set-up, the I/O loop, and tear-down.
 */
#include "compat.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <time.h>

#include "io_u.h"
#include "run/job.h"
#include "config/options.h"
#include "parse.h"
#include "rand.h"
#include "report/stats.h"
#include "run/target.h"
#include "run/worker.h"
#include "timeutil.h"
#include "run/iolog.h"
#include "run/joblog.h"
#include "run/jobhist.h"
#include "run/jobmirror.h"
#include "run/jobverify.h"
#include "run/rate.h"
#include "verify/async.h"
#include "verify/backlog.h"
#include "verify/verifier.h"

/* Largest block any direction of the job can ask for. */
static uint64_t job_max_bs(const struct job_options *o)
{
	uint64_t m = 0;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		m = MAX_OF(m, o->max_bs[d]);
		for (size_t i = 0; o->bssplit[d] && i < o->bssplit_nr[d]; i++)
			m = MAX_OF(m, o->bssplit[d][i].bs);
	}
	return m ? m : 4096;
}

/* Initial buffer content: zeros, the pattern, or random bytes. */
static void fill_initial(struct job *j, uint8_t *p, uint64_t len, uint64_t seed)
{
	const struct job_options *o = &j->o;

	if (o->zero_buffers)
		return;
	if (o->buffer_pattern_len) {
		for (uint64_t i = 0; i < len; i++)
			p[i] = o->buffer_pattern[i % o->buffer_pattern_len];
		return;
	}
	for (uint64_t i = 0; i + 8 <= len; i += 8) {
		uint64_t v = splitmix64(&seed);

		memcpy(p + i, &v, 8);
	}
}

static int alloc_io_us(struct job *j)
{
	unsigned nr = j->o.iodepth ? j->o.iodepth : 1;
	size_t align = 4096;
	void *mem;

	for (unsigned i = 0; i < j->nr_files; i++)
		align = MAX_OF(align, j->files[i].lbs);
	j->buf_size = (job_max_bs(&j->o) + align - 1) / align * align;
	if (posix_memalign(&mem, align, j->buf_size * nr))
		return -ENOMEM;
	memset(mem, 0, j->buf_size * nr);
	j->buf_mem = mem;
	j->io_us = calloc(nr, sizeof(*j->io_us));
	j->free_io_us = calloc(nr, sizeof(*j->free_io_us));
	if (!j->io_us || !j->free_io_us)
		return -ENOMEM;
	for (unsigned i = 0; i < nr; i++) {
		struct io_u *u = &j->io_us[i];

		u->buf = j->buf_mem + i * j->buf_size;
		u->buf_cap = j->buf_size;
		u->index = i;
		fill_initial(j, u->buf, u->buf_cap, j->seed + i);
		j->free_io_us[j->nr_free++] = u;
	}
	j->ectx.io_us = j->io_us;
	j->ectx.nr_io_us = nr;
	return 0;
}

static void free_io_us(struct job *j)
{
	free(j->file_used);
	j->file_used = NULL;
	free(j->io_us);
	free(j->free_io_us);
	free(j->buf_mem);
	j->io_us = NULL;
	j->free_io_us = NULL;
	j->buf_mem = NULL;
}

static void set_error(struct job *j, int err, const char *what)
{
	if (j->error)
		return;
	j->error = err;
	snprintf(j->errmsg, sizeof(j->errmsg), "%s: %s", what, strerror(err));
}

/* engine_ctx.eopts_of: a filter engine's child reads its options here. */
static const void *job_eopts_of(struct engine_ctx *ctx, const struct engine_ops *e)
{
	const void *eo = NULL;

	return options_engine(&((struct job *)ctx->eopts_arg)->o, e, &eo) ? NULL : eo;
}

/* Everything a job needs before its first I/O. 0 or -errno (errmsg set). */
static int job_setup(struct job *j)
{
	int r;

	j->ectx.job_name = j->o.name;
	j->ectx.iodepth = j->o.iodepth ? j->o.iodepth : 1;
	j->ectx.direct = j->o.direct;
	j->ectx.atomic = j->o.atomic;
	j->ectx.files = j->files;
	j->ectx.nr_files = j->nr_files;
	j->ectx.eopts_of = job_eopts_of;
	j->ectx.eopts_arg = j;
	r = options_engine(&j->o, j->ops, &j->ectx.eopts);
	if (r < 0) {
		set_error(j, -r, "cannot set up the engine options");
		return r;
	}
	r = iogen_init(&j->gen, &j->o, j->files, j->nr_files, j->total_io_size,
		       j->seed);
	if (r < 0) {
		set_error(j, -r, "cannot set up the I/O generator");
		return r;
	}
	if (j->replay)
		iogen_set_replay(&j->gen, j->replay,
				 j->o.replay_no_stall ? 0 : j->o.replay_time_scale);
	r = alloc_io_us(j);
	if (r < 0) {
		set_error(j, -r, "cannot allocate I/O buffers");
		return r;
	}
	if (j->o.openfiles && j->o.openfiles < j->nr_files && !(j->ops->flags & ENGINE_F_NOIO)) {
		j->open_max = j->o.openfiles;
		j->file_used = calloc(j->nr_files, sizeof(*j->file_used));
		if (!j->file_used) {
			set_error(j, ENOMEM, "cannot allocate the open-file table");
			return -ENOMEM;
		}
	}
	r = jobverify_setup(j);
	if (r < 0) {
		set_error(j, -r, "cannot set up verification");
		return r;
	}
	r = jobhist_setup(j);
	if (r < 0) {
		set_error(j, -r, "cannot set up the write history");
		return r;
	}
	r = jobmirror_setup(j);		/* mirror=: the filter over j->ops */
	if (r < 0)
		return r;
	if (j->ops->init) {
		r = j->ops->init(&j->ectx);
		if (r < 0) {
			set_error(j, -r, "engine init failed");
			return r;
		}
	}
	r = target_open_all(j);
	if (r < 0 && !j->error)
		j->error = -r;
	if (!r && (r = jobverify_targets_open(j)) < 0)
		set_error(j, -r, "cannot continue the verify state");
	if (r < 0)
		return r;
	r = verifier_journal_start(j->verifier);
	if (r == -EOPNOTSUPP)
		set_error(j, -r, "cannot start the verify journal: the saved verify state "
			  "it continues has trimmed units, which a journal cannot judge after "
			  "a crash (remove the state file to start a new one)");
	else if (r < 0)
		set_error(j, -r, "cannot start the verify journal");
	if (!r && (r = iolog_job_start(j)) < 0)
		set_error(j, -r, "cannot open the write_iolog file");
	if (!r)
		r = joblog_setup(j);	/* names the log in errmsg itself */
	return r;
}

/*
 * The I/O loop.
 *
 * From here to job_thread(), the per-I/O path allocates nothing, takes
 * no lock and formats nothing: io_us and buffers were allocated by
 * job_setup(), statistics go to thread-owned counters, and the only
 * shared writes are relaxed progress counters. Errors are formatted
 * once, when they end the job.
 */
enum phase {
	PHASE_WORK,	/* the job's own workload */
	PHASE_BACKLOG,	/* verify_backlog: reading back recent writes */
	PHASE_VERIFY,	/* after a pass: reading back what it wrote */
};

/*
 * trim_percentage with trim_backlog (fio's meaning, with verify only):
 * trim_percentage of the completed writes are picked, spread evenly (so
 * many of every 100); every trim_backlog writes, trim_backlog_batch picked
 * blocks (when 0: trim_backlog of them) are trimmed, oldest first, and
 * when the work runs out, the rest. A ring made at job start: when it is
 * full, a block picked is not trimmed.
 */
struct tb_entry {
	struct vfile *file;
	uint64_t offset, len;
};

struct trim_backlog {
	struct tb_entry *ring;		/* NULL: no trim backlog */
	unsigned cap, head, n;
	unsigned writes;		/* writes since the last batch began */
	unsigned batch_left;		/* trims still due in this batch */
	unsigned acc;			/* picks: + trim_percentage a write, a pick per 100 */
	bool flush;			/* the work ran out: trim every pick left */
};

#define TB_RING_MAX 65536u

struct loop {
	enum phase phase;
	uint64_t phase_start_ns;	/* when the phase (or accounting) began */
	uint64_t deadline_ns;	/* 0 = no time limit */
	uint64_t ramp_end_ns;	/* 0 = not ramping */
	uint64_t io_start_ns;	/* accounting starts (after ramp) */
	unsigned inflight;
	unsigned writes_since_sync;
	unsigned passes;
	bool fill_done;		/* fill_device hit ENOSPC */
	bool work_done;		/* no more passes after this verify phase */
	struct io_u **pending;	/* queued, not yet committed */
	unsigned nr_pending;
	struct vasync *va;	/* verify_async threads, or NULL */
	bool serialize;		/* no two overlapping I/Os in flight */
	uint64_t ckpt_every_ns;	/* verify_state_interval, 0 = none */
	uint64_t ckpt_due_ns;	/* next verify state checkpoint */
	uint64_t scramble;
	struct rusage ru0;	/* at the start of the I/O: CPU use is counted from it */
	uint64_t t0;		/* when the I/O started */
	uint64_t snap_seen;	/* the last --status-interval copy asked and made */
	struct rate rate;	/* rate=, rate_iops=, rate_min= (run/rate.h) */
	struct think think;	/* thinktime= */
	uint64_t issued_rw;	/* data I/Os issued, and completed: */
	uint64_t done_rw;	/* thinktime_blocks counts one of them */
	bool swap_ok[2];	/* rate=: a drawn d may become !d (rwmix has it) */
	struct trim_backlog tb;	/* trim_percentage / trim_backlog */
};

/*
 * Only the job's own thread writes its progress counters, so a relaxed
 * load and store suffice: no locked read-modify-write on the I/O path.
 */
static inline void progress_add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
			      memory_order_relaxed);
}

static void put_io_u(struct job *j, struct io_u *u)
{
	u->flags &= ~IO_U_F_INFLIGHT;
	j->free_io_us[j->nr_free++] = u;
}

static struct io_u *get_io_u(struct job *j)
{
	return j->nr_free ? j->free_io_us[--j->nr_free] : NULL;
}

/* An I/O failed: end the job, or count it under continue_on_error. */
static void io_error(struct job *j, struct loop *l, struct io_u *u)
{
	unsigned coe = u->ddir == DDIR_READ ? COE_READ : COE_WRITE;
	const char *note = NULL;
	char what[160];

	if (u->ddir == DDIR_WRITE && u->error == -ENOSPC && j->o.fill_device) {
		l->fill_done = true;
		return;
	}
	j->stats.nr_errors++;
	if (!j->stats.first_error)
		j->stats.first_error = -u->error;
	if ((j->o.continue_on_error & coe) && ddir_is_rw(u->ddir))
		return;
	if (j->ops->error_hint)
		note = j->ops->error_hint(j->ectx.eopts, u->error);
	if (!note && u->error == -ENODATA)
		note = "short read: end of file";
	if (j->o.atomic && u->ddir == DDIR_WRITE && u->error == -EOPNOTSUPP)
		note = "atomic=1: the target does not take RWF_ATOMIC writes";
	else if (j->o.atomic && u->ddir == DDIR_WRITE && u->error == -EINVAL)
		note = "atomic=1: the target refused an RWF_ATOMIC write of this size or alignment";
	snprintf(what, sizeof(what), "%s error on '%s' at offset %" PRIu64 ", length %" PRIu64
		 "%s%s%s", u->ddir == DDIR_READ ? "read" : u->ddir == DDIR_WRITE ? "write"
			    : u->ddir == DDIR_TRIM ? "trim" : "sync",
		 u->flags & IO_U_F_MIRROR_ERR ? jobmirror_ref_name(j, u) : u->file->name,
		 u->offset, u->len, note ? " (" : "", note ? note : "",
		 note ? ")" : "");
	set_error(j, -u->error, what);
}

/* The work ran out: are picks left to trim first? (They are, from here.) */
static bool tb_flush(struct trim_backlog *tb)
{
	tb->flush = tb->n > 0;
	return tb->flush;
}

/* A write completed: pick it for a later trim, trim_percentage of them. */
static void tb_pick(const struct job *j, struct trim_backlog *tb, const struct io_u *u)
{
	struct tb_entry *e;

	if (u->flags & IO_U_F_RAMP)
		return;
	tb->writes++;
	tb->acc += j->o.trim_percentage;
	if (tb->acc < 100)
		return;
	tb->acc -= 100;
	if (tb->n == tb->cap)
		return;
	e = &tb->ring[(tb->head + tb->n++) % tb->cap];
	e->file = u->file;
	e->offset = u->offset;
	e->len = u->len;
}

/*
 * Is a trim of the backlog due (a batch started, or trim_backlog writes
 * since the last)? Then fill u with the oldest picked block.
 */
static bool tb_next(const struct job *j, struct trim_backlog *tb, struct io_u *u)
{
	const struct tb_entry *e;

	if (!tb->n) {
		tb->batch_left = 0;
		tb->flush = false;
		return false;
	}
	if (!tb->batch_left && !tb->flush) {
		if (tb->writes < j->o.trim_backlog)
			return false;
		tb->writes = 0;
		tb->batch_left = j->o.trim_backlog_batch ? j->o.trim_backlog_batch
							 : j->o.trim_backlog;
	}
	if (tb->batch_left)
		tb->batch_left--;
	e = &tb->ring[tb->head];
	tb->head = (tb->head + 1) % tb->cap;
	tb->n--;
	u->file = e->file;
	u->ddir = DDIR_TRIM;
	u->offset = e->offset;
	u->len = e->len;
	return true;
}

static void complete_io(struct job *j, struct loop *l, struct io_u *u)
{
	bool check = false;

	jobhist_complete(j, u);
	if (u->ddir == DDIR_READ)
		verifier_read_reaped(j->verifier, u);	/* verify_overlap */
	if (unlikely(u->error)) {
		if (u->ddir == DDIR_WRITE)
			verifier_write_failed(j->verifier, u);
		io_error(j, l, u);
	} else {
		if (j->verifier && u->ddir == DDIR_WRITE) {
			verifier_write_done(j->verifier, u);
			if (unlikely(l->tb.ring))
				tb_pick(j, &l->tb, u);
		} else if (j->verifier && u->ddir == DDIR_TRIM) {
			verifier_trim_done(j->verifier, u);
		} else if (u->ddir == DDIR_READ && verifier_checks_reads(j->verifier) &&
			   !j->stats.verify_not_checked) {
			check = true;
		} else if (u->ddir == DDIR_SYNC || u->ddir == DDIR_DATASYNC) {
			verifier_synced(j->verifier, u->file);
		}
		if (unlikely(j->mfiles) && u->ddir == DDIR_READ) {
			j->stats.mirror.reads++;
			j->stats.mirror.bytes += u->done;
			if (unlikely(u->flags & IO_U_F_MISMATCH) && jobmirror_mismatch(j, u))
				check = false;	/* checked there, for the class */
		}
		stats_account_io(&j->stats, u);
		l->done_rw += ddir_is_rw(u->ddir);
		if (unlikely(j->logs))
			joblog_io(j->logs, u);
		if (ddir_is_rw(u->ddir) && !(u->flags & IO_U_F_RAMP)) {
			progress_add(&j->prog.bytes[u->ddir], u->done);
			progress_add(&j->prog.ios[u->ddir], 1);
		}
	}
	if (check && l->va) {
		vasync_submit(l->va, u);	/* comes back through take_back() */
		return;
	}
	if (check)
		verifier_check(j->verifier, j->vworker, u);
	put_io_u(j, u);
}

static void put_back(void *job, struct io_u *u)
{
	put_io_u(job, u);
}

/* io_us verify threads are done with go back on the free list. */
static unsigned take_back(struct job *j, struct loop *l)
{
	return l->va ? vasync_reap(l->va, put_back, j) : 0;
}

/* Reap at least min completions, at most iodepth_batch_complete_max. */
static int reap(struct job *j, struct loop *l, unsigned min)
{
	unsigned max = l->inflight;
	int n;
	uint64_t now;

	if (!l->inflight)
		return 0;
	if (j->o.iodepth_batch_complete_max && j->o.iodepth_batch_complete_max < max)
		max = j->o.iodepth_batch_complete_max;
	n = j->ops->getevents(&j->ectx, MIN_OF(min, max), max);
	if (n < 0)
		return n;
	if (!l->ramp_end_ns)
		stats_account_complete(&j->stats, (unsigned)n);
	now = now_ns();
	for (int i = 0; i < n; i++) {
		struct io_u *u = j->ops->event(&j->ectx, (unsigned)i);

		u->t_comp = now;
		l->inflight--;
		complete_io(j, l, u);
	}
	stats_sample(&j->stats, now);
	return n;
}

static int commit(struct job *j, struct loop *l)
{
	uint64_t now;
	unsigned n;
	int r;

	if (!l->nr_pending)
		return 0;
	/* verify_journal: the batch's write intents are durable first. */
	r = verifier_journal_commit(j->verifier);
	if (r < 0)
		return r;
	n = l->nr_pending;
	if (!l->ramp_end_ns)
		stats_account_submit(&j->stats, n);
	l->nr_pending = 0;
	r = j->ops->commit ? j->ops->commit(&j->ectx) : 0;
	/*
	 * fio's slat ends when the submission has returned: the submit
	 * system call is in slat, not in clat. The batch's io_us are only
	 * completed by a reap, which comes after this.
	 */
	now = now_ns();
	for (unsigned i = 0; i < n; i++)
		l->pending[i]->t_issue = now;
	return r;
}

/*
 * The queue is full: reap at least iodepth_batch_complete_min, and on
 * down to iodepth_low when that is set (fio's semantics).
 */
static int reap_full(struct job *j, struct loop *l)
{
	unsigned depth = j->ectx.iodepth;
	unsigned low = j->o.iodepth_low && j->o.iodepth_low < depth ? j->o.iodepth_low
								     : depth - 1;
	unsigned min = j->o.iodepth_batch_complete_min ? j->o.iodepth_batch_complete_min : 1;

	int r = commit(j, l);

	if (r < 0)
		return r;
	do {
		r = reap(j, l, min);
		if (r < 0)
			return r;
		min = 1;
	} while (l->inflight > low);
	return 0;
}

/* Wait until something busy (in the engine or a verify thread) is back. */
static int wait_busy(struct job *j, struct loop *l)
{
	if (take_back(j, l))
		return 0;
	if (l->inflight)
		return reap_full(j, l);
	if (vasync_pending(l->va))
		sched_yield();
	return 0;
}

/* Commit and reap everything in flight, and wait for the verify threads. */
static int drain(struct job *j, struct loop *l)
{
	int r = commit(j, l);

	while (!r && l->inflight) {
		int n = reap(j, l, l->inflight);

		r = n < 0 ? n : 0;
	}
	while (vasync_pending(l->va))
		if (!take_back(j, l))
			sched_yield();
	return r;
}

/* Does u overlap an I/O still in the engine or being verified? */
static bool overlaps_busy(const struct job *j, const struct io_u *u)
{
	for (unsigned i = 0; i < j->ectx.nr_io_us; i++) {
		const struct io_u *o = &j->io_us[i];

		if ((o->flags & IO_U_F_INFLIGHT) && o->file == u->file &&
		    o->offset < u->offset + u->len && u->offset < o->offset + o->len)
			return true;
	}
	return false;
}

/* Has f an I/O in the engine or with a verify thread? */
static bool file_busy(const struct job *j, const struct vfile *f)
{
	for (unsigned i = 0; i < j->ectx.nr_io_us; i++)
		if ((j->io_us[i].flags & IO_U_F_INFLIGHT) && j->io_us[i].file == f)
			return true;
	return false;
}

/* The open file used least recently with nothing in flight, or NULL. */
static struct vfile *idle_lru(struct job *j)
{
	struct vfile *best = NULL;
	uint64_t used = UINT64_MAX;

	for (unsigned i = 0; i < j->nr_files; i++) {
		struct vfile *f = &j->files[i];

		if ((f->flags & VFILE_F_OPEN) && j->file_used[i] < used && !file_busy(j, f)) {
			best = f;
			used = j->file_used[i];
		}
	}
	return best;
}

/*
 * openfiles=: f must be open for u. At the limit, the least recently
 * used idle file is closed (synced first when the job writes buffered,
 * or fsync_on_close / end_fsync ask for it); when every open file has
 * I/O in flight, everything is drained first. Only on a change of file.
 */
static int ensure_open(struct job *j, struct loop *l, struct vfile *f)
{
	bool sync = (j->o.rw & RW_F_WRITE) &&
		    (!j->o.direct || j->o.fsync_on_close || j->o.end_fsync);
	struct vfile *v;
	int r;

	j->file_used[f - j->files] = ++j->use_tick;
	if (f->flags & VFILE_F_OPEN)
		return 0;
	while (j->nr_open >= j->open_max) {
		v = idle_lru(j);
		if (!v) {
			r = drain(j, l);
			if (r < 0)
				return r;
			continue;
		}
		r = target_park(j, v, sync);
		j->nr_open--;
		if (r < 0) {
			set_error(j, -r, "fsync before closing a file (openfiles)");
			return r;
		}
		if (sync) {
			jobhist_synced(j, v, true, r);
			verifier_synced(j->verifier, v);
		}
	}
	r = target_unpark(j, f);
	if (r < 0)
		return r;
	j->nr_open++;
	return 0;
}

/* Hand u to the engine; complete it or track it in flight. */
static int submit(struct job *j, struct loop *l, struct io_u *u)
{
	unsigned depth = j->ectx.iodepth, batch = j->o.iodepth_batch_submit;

	if (unlikely(j->open_max)) {
		int r = ensure_open(j, l, u->file);

		if (r < 0)
			return r;
	}

	/* fio's meaning: 0 (or more than the depth) is the depth. */
	if (!batch || batch > depth)
		batch = depth;
	if (unlikely(j->iolog_w))
		iolog_writer_io(j->iolog_w, (unsigned)(u->file - j->files), u);
	if (u->ddir == DDIR_WRITE && verifier_journals(j->verifier)) {
		int r = verifier_journal_intent(j->verifier, u);

		/*
		 * Group commit: the writes queued until the queue is full, or
		 * until the loop must wait for a completion, share one durable
		 * journal append and one submission.
		 */
		batch = depth;

		/* A synchronous engine writes in queue(): durable now. */
		if (!r && ((j->ops->flags & ENGINE_F_SYNC) || !j->ops->commit))
			r = verifier_journal_commit(j->verifier);
		if (r < 0)
			return r;
	}
	jobhist_issue(j, u);
	u->flags |= IO_U_F_INFLIGHT;
	for (;;) {
		enum engine_q q;

		u->depth = l->inflight + 1;
		q = j->ops->queue(&j->ectx, u);
		if (q == ENGINE_Q_COMPLETED) {
			/* fio counts a synchronous I/O as one submit and one reap. */
			if (!l->ramp_end_ns) {
				stats_account_submit(&j->stats, 1);
				stats_account_complete(&j->stats, 1);
			}
			u->t_issue = u->t_prep;
			u->t_comp = now_ns();
			complete_io(j, l, u);
			stats_sample(&j->stats, u->t_comp);
			return 0;
		}
		if (q == ENGINE_Q_QUEUED) {
			u->flags |= IO_U_F_QUEUED;
			l->inflight++;
			l->pending[l->nr_pending++] = u;
			if (l->nr_pending >= batch) {
				int r = commit(j, l);

				if (r < 0)
					return r;
			}
			return l->inflight >= j->ectx.iodepth ? reap_full(j, l) : 0;
		}
		/* Busy: make room, then try again (busy holds something). */
		if (!l->inflight)
			return -EBUSY;
		{
			int r = reap_full(j, l);

			if (r < 0)
				return r;
		}
	}
}

/*
 * Make a write buffer differ from the last one written from it, so
 * devices that deduplicate or compress see fresh data (fio's
 * scramble_buffers): a few words per 512 bytes, cheap enough to keep on.
 */
static void scramble(struct io_u *u, uint64_t salt)
{
	for (uint64_t o = 0; o + 16 <= u->len; o += 512) {
		uint64_t a = u->offset + o, b = salt ^ o;

		memcpy(u->buf + o, &a, 8);
		memcpy(u->buf + o + 8, &b, 8);
	}
}

static void refill(struct io_u *u, uint64_t seed)
{
	for (uint64_t i = 0; i + 8 <= u->len; i += 8) {
		uint64_t v = splitmix64(&seed);

		memcpy(u->buf + i, &v, 8);
	}
}

static void prep_buffer(struct job *j, struct loop *l, struct io_u *u)
{
	const struct job_options *o = &j->o;

	if (u->ddir != DDIR_WRITE) {
		if (u->ddir == DDIR_READ)
			verifier_read_issue(j->verifier, u);	/* verify_overlap */
		return;
	}
	if (verifier_stamps_writes(j->verifier)) {
		verifier_stamp(j->verifier, u);
		return;
	}
	if (j->verifier)
		return;
	l->scramble += 0x9e3779b97f4a7c15ULL;
	/* fio refills every write to keep these percentages. */
	if (j->bufdata.kind == BUFDATA_MIXED) {
		bufdata_block(&j->bufdata, l->scramble, u->buf, u->len);
		return;
	}
	if (o->zero_buffers || o->buffer_pattern_len)
		return;
	if (o->refill_buffers)
		refill(u, l->scramble);
	else if (o->scramble_buffers)
		scramble(u, l->scramble);
}

/* fsync=N / fdatasync=N: after N writes, drain and sync that file. */
static int maybe_sync(struct job *j, struct loop *l, struct io_u *last)
{
	unsigned every = j->o.fsync_blocks ? j->o.fsync_blocks : j->o.fdatasync_blocks;
	struct vfile *f = last->file;
	struct io_u *u;
	int r;

	if (!every || ++l->writes_since_sync < every)
		return 0;
	l->writes_since_sync = 0;
	r = drain(j, l);
	u = get_io_u(j);
	if (r < 0 || !u)
		return r < 0 ? r : -EIO;
	u->ddir = j->o.fsync_blocks ? DDIR_SYNC : DDIR_DATASYNC;
	u->file = f;
	u->offset = 0;
	u->len = 0;
	u->flags = l->ramp_end_ns ? IO_U_F_RAMP : 0;
	u->t_prep = now_ns();
	r = submit(j, l, u);
	return r < 0 ? r : drain(j, l);
}

/* A pass ended: start another one, or say the job is done. */
static bool next_pass(struct job *j, struct loop *l)
{
	l->passes++;
	if (!j->o.time_based && l->passes >= (j->o.loops ? j->o.loops : 1))
		return false;
	if (l->fill_done && !j->o.time_based)
		return false;
	l->fill_done = false;
	iogen_new_pass(&j->gen);
	return true;
}

/* Which directions a phase does: its time counts as their runtime. */
static unsigned phase_dirs(const struct job *j, enum phase p)
{
	unsigned m = 0;

	if (p != PHASE_WORK)
		return 1u << DDIR_READ;
	if (j->o.verify_only)
		return 0;
	if (j->o.rw & RW_F_READ)
		m |= 1u << DDIR_READ;
	if (j->o.rw & RW_F_WRITE)
		m |= 1u << DDIR_WRITE;
	if (j->o.rw & RW_F_TRIM)
		m |= 1u << DDIR_TRIM;
	return m;
}

/* Close the running phase's time (not during ramp) and start anew. */
static void phase_time(struct job *j, struct loop *l, uint64_t now)
{
	unsigned m = phase_dirs(j, l->phase);

	if (!l->ramp_end_ns)
		for (int d = 0; d < DDIR_DATA_CNT; d++)
			if (m & (1u << d))
				j->stats.dir[d].runtime_ns += now - l->phase_start_ns;
	l->phase_start_ns = now;
}

/*
 * The report's phases: one entry per change of phase (a few per pass, one
 * per backlog batch), never per I/O; verify_only's empty workload is none.
 */
static void phase_log_end(struct job *j, uint64_t now)
{
	struct job_phase_log *pl = &j->phases;

	if (pl->nr && !pl->p[job_phase_slot(pl->nr - 1)].end_ns)
		pl->p[job_phase_slot(pl->nr - 1)].end_ns = now;
}

static void phase_log_begin(struct job *j, enum phase p, uint64_t now)
{
	static const unsigned kind[] = {
		[PHASE_WORK] = RESULT_PHASE_WRITE,
		[PHASE_BACKLOG] = RESULT_PHASE_BACKLOG,
		[PHASE_VERIFY] = RESULT_PHASE_VERIFY,
	};
	struct job_phase_log *pl = &j->phases;

	phase_log_end(j, now);
	if (p == PHASE_WORK && j->o.verify_only)
		return;
	pl->p[job_phase_slot(pl->nr)] = (struct job_phase){ .kind = kind[p], .start_ns = now };
	pl->nr++;
}

/* logged: the report lists the new phase (not the job's end, seen as WORK). */
static void change_phase(struct job *j, struct loop *l, enum phase p, bool logged)
{
	if (p != l->phase) {
		uint64_t now = now_ns();

		phase_time(j, l, now);
		if (logged)
			phase_log_begin(j, p, now);
		else
			phase_log_end(j, now);
		l->phase = p;
		/* Reads of a verify phase or a backlog batch are no workload. */
		rate_min_rewind(&l->rate);
	}
}

static void set_phase(struct job *j, struct loop *l, enum phase p)
{
	change_phase(j, l, p, true);
}

/* Leave ramp_time: statistics start from here. */
static void end_ramp(struct job *j, struct loop *l, uint64_t now)
{
	l->ramp_end_ns = 0;
	l->io_start_ns = now;
	l->phase_start_ns = now;
	stats_window_start(&j->stats, now);
	joblog_epoch(j->logs, now);
	j->epoch_ns = now;	/* the report's times count from the logs' zero */
	verifier_set_epoch(j->verifier, now);
	/* fio starts the rates, their checks and thinktime_iotime anew. */
	rate_restart(&l->rate, now);
	l->think.last_ns = now;
	if (j->o.runtime_us)
		l->deadline_ns = now + j->o.runtime_us * 1000;
	atomic_store_explicit(&j->prog.state, JOB_RUNNING, memory_order_relaxed);
}

static bool time_up(struct job *j, struct loop *l, uint64_t now)
{
	if (l->ramp_end_ns && now >= l->ramp_end_ns)
		end_ramp(j, l, now);
	return l->deadline_ns && now >= l->deadline_ns;
}

static bool ios_exhausted(const struct job *j)
{
	/* trimwrite: a trim's write belongs to it (iogen_next()). */
	return j->o.number_ios && j->gen.nr_issued >= j->o.number_ios && !j->gen.tw_pending;
}

/*
 * Buffered reads that follow must come from the device, not the page
 * cache: sync what was written, then drop each target's cached pages
 * over its region (a backlog batch only writes the region back: the
 * device cache flush of fdatasync buys no truer read). Runs at job start and at phase changes,
 * never per I/O; direct I/O needs none of it. After writes, a failed
 * sync is an I/O error (what was written may not be on the device), but
 * the read-back still runs and finds what is missing; a drop that fails
 * is counted for the report, where it matters (the job reads).
 */
enum drop_how {
	DROP_START,	/* job start: sync, errors are not the job's */
	DROP_VERIFY,	/* verify phase: fdatasync / fsync */
	DROP_BACKLOG,	/* backlog batch: write back the region, no flush */
};

static void drop_cache(struct job *j, enum drop_how how)
{
	bool reads = (j->o.rw & RW_F_READ) || j->verifier;
	bool after_writes = how != DROP_START;

	if (j->o.direct)
		return;
	for (unsigned i = 0; i < j->nr_files; i++) {
		struct vfile *f = &j->files[i];
		int r = how == DROP_BACKLOG ? target_writeback(f) : target_sync(f);

		if (r < 0 && after_writes) {
			j->stats.nr_errors++;
			if (!j->stats.first_error)
				j->stats.first_error = -r;
		}
		if (target_invalidate(f) < 0 && reads)
			j->stats.cache_drop_failed++;
	}
}

/*
 * The workload ran out (a pass ended, number_ios, fill_device full):
 * read back what was written if the job verifies, then start another
 * pass if one is due. Returns false when the job is done.
 */
static bool end_of_work(struct job *j, struct loop *l, bool last)
{
	if (l->phase == PHASE_WORK && verifier_has_phase(j->verifier)) {
		drop_cache(j, DROP_VERIFY);
		set_phase(j, l, PHASE_VERIFY);
		l->work_done = last;
		verifier_walk_start(j->verifier);
		return true;
	}
	/* Back to the workload: listed once another pass does begin. */
	change_phase(j, l, PHASE_WORK, false);
	if (last || l->work_done || !next_pass(j, l))
		return false;
	if (j->phases.nr && j->phases.p[job_phase_slot(j->phases.nr - 1)].end_ns)
		phase_log_begin(j, PHASE_WORK, now_ns());
	return true;
}

static int next_io(struct job *j, struct loop *l, struct io_u *u)
{
	if (unlikely(l->tb.ring) && l->phase == PHASE_WORK && tb_next(j, &l->tb, u))
		return 0;
	switch (l->phase) {
	case PHASE_VERIFY:
		return verifier_walk_next(j->verifier, u);
	case PHASE_BACKLOG:
		return verifier_backlog_next(j->verifier, u);
	default:
		return j->o.verify_only ? -ENOENT : iogen_next(&j->gen, u);
	}
}

/* The source of I/O ran dry: change phase. Returns false when done. */
static bool source_done(struct job *j, struct loop *l)
{
	if (l->phase == PHASE_BACKLOG) {
		set_phase(j, l, PHASE_WORK);
		return true;
	}
	return end_of_work(j, l, false);
}

/*
 * read_iolog: wait for the log's next I/O, reaping what completes
 * meanwhile; short sleeps, so a stop or the runtime is seen in time.
 */
static int replay_stall(struct job *j, struct loop *l)
{
	uint64_t ns;
	int r = commit(j, l);

	if (r < 0)
		return r;
	if (l->inflight)
		return reap(j, l, 1) < 0 ? -EIO : 0;
	ns = iogen_due_in_ns(&j->gen);
	if (ns)
		sleep_ns(MIN_OF(ns, 10000000ULL));
	return 0;
}

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000ULL + (uint64_t)tv.tv_usec * 1000ULL;
}

static void cpu_usage(struct job_stats *s, const struct rusage *a, const struct rusage *b,
		      uint64_t wall_ns)
{
	double wall = wall_ns ? (double)wall_ns : 1.0;

	s->usr_cpu = 100.0 * (double)(tv_ns(b->ru_utime) - tv_ns(a->ru_utime)) / wall;
	s->sys_cpu = 100.0 * (double)(tv_ns(b->ru_stime) - tv_ns(a->ru_stime)) / wall;
	s->ctx = (uint64_t)(b->ru_nvcsw - a->ru_nvcsw + b->ru_nivcsw - a->ru_nivcsw);
	s->majf = (uint64_t)(b->ru_majflt - a->ru_majflt);
	s->minf = (uint64_t)(b->ru_minflt - a->ru_minflt);
}

/*
 * --status-interval: the scheduler asked for the stats so far. Copy them,
 * with the runtime and CPU use up to now as the job's end would count
 * them, and publish the copy. Between I/Os, once per request: the copy
 * and getrusage() cost nothing per I/O.
 */
static void status_copy(struct job *j, struct loop *l, uint64_t want)
{
	struct rusage ru;
	uint64_t now = now_ns();

	phase_time(j, l, now);
	*j->snap = j->stats;
	j->snap->runtime_ns = l->ramp_end_ns ? 0 : now - l->io_start_ns;
	getrusage(RUSAGE_THREAD, &ru);
	cpu_usage(j->snap, &l->ru0, &ru, now - l->t0);
	j->snap_elapsed_ns = now - j->start_ns;
	l->snap_seen = want;
	atomic_store_explicit(&j->snap_done, want, memory_order_release);
}

static inline void status_poll(struct job *j, struct loop *l)
{
	uint64_t want;

	if (!j->snap)
		return;
	want = atomic_load_explicit(&j->snap_want, memory_order_acquire);
	if (unlikely(want != l->snap_seen))
		status_copy(j, l, want);
}

/*
 * Pacing (rate=, thinktime=): the job waits between I/Os. The waits
 * sleep in slices, so the runtime, a stop or an error ends them in
 * time. True when the job must end instead of going on.
 */
static bool pause_until(struct job *j, struct loop *l, uint64_t at)
{
	for (;;) {
		uint64_t now = now_ns();

		if (time_up(j, l, now) || j->error || job_gate_stopped(j->gate))
			return true;
		if (now >= at)
			return false;
		sleep_ns(MIN_OF(at - now, 50 * NSEC_PER_MSEC));
	}
}

/* iogen's ddir_hook: a mixed job issues the direction that is due. */
static int rate_ddir_hook(void *loop, int d)
{
	const struct loop *l = loop;

	return rate_pick_ddir(&l->rate, d, l->swap_ok[d], now_ns());
}

/*
 * rate=: wait until d's next I/O is due. Like fio, complete what is in
 * flight before sleeping. 0 when due, 1 when the job must end, -errno.
 */
static int rate_wait(struct job *j, struct loop *l, int d)
{
	uint64_t due = rate_due_ns(&l->rate, d);
	int r;

	if (due <= now_ns())
		return 0;
	r = drain(j, l);
	if (r < 0)
		return r;
	return pause_until(j, l, due) ? 1 : 0;
}

/* rate_min= / rate_iops_min=: formatted once, when it ends the job. */
static void rate_min_failed(struct job *j, int d, uint64_t got, uint64_t win_ns)
{
	const struct job_options *o = &j->o;
	bool bytes = o->rate_min[d] != 0;

	j->error = EIO;
	snprintf(j->errmsg, sizeof(j->errmsg),
		 "%s=%" PRIu64 "%s not met for %s: got %" PRIu64 "%s over %" PRIu64 " ms",
		 bytes ? "rate_min" : "rate_iops_min",
		 bytes ? o->rate_min[d] : o->rate_iops_min[d], bytes ? "B/s" : "",
		 d == DDIR_READ ? "reads" : "writes", got, bytes ? "B/s" : " IOPS",
		 (uint64_t)(win_ns / NSEC_PER_MSEC));
}

/* Check the minimum rates (after ramp). False when one was not met. */
static bool rate_min_ok(struct job *j, struct loop *l)
{
	uint64_t now = now_ns(), got = 0, win = 0;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		const struct dir_stats *ds = &j->stats.dir[d];

		if (ds->bytes &&
		    rate_min_check(&l->rate, d, ds->bytes, ds->ios, now, &got, &win)) {
			rate_min_failed(j, d, got, win);
			return false;
		}
	}
	return true;
}

/*
 * thinktime=: after thinktime_blocks I/Os (or thinktime_iotime), let
 * what is in flight complete, spin thinktime_spin, sleep the rest. The
 * stall ends at the runtime. 0, 1 when the job must end, or -errno.
 */
static int think(struct job *j, struct loop *l)
{
	uint64_t blocks = j->o.thinktime_blocks_type == OPT_THINK_ISSUE ? l->issued_rw
									: l->done_rw;
	uint64_t t0 = now_ns(), end, spin_end, t1;
	bool stop;
	int r;

	if (!think_due(&l->think, blocks, t0))
		return 0;
	r = drain(j, l);
	if (r < 0)
		return r;
	t0 = now_ns();
	end = t0 + l->think.c.think_ns;
	if (l->deadline_ns)
		end = MIN_OF(end, MAX_OF(l->deadline_ns, t0));
	spin_end = MIN_OF(t0 + l->think.c.spin_ns, end);
	while (now_ns() < spin_end)
		;
	stop = pause_until(j, l, end);
	t1 = now_ns();
	if (j->o.rate_ignore_thinktime)
		for (int d = 0; d < DDIR_RWDIR_CNT; d++)
			rate_skip(&l->rate, d, t1 - t0, t1);
	think_done(&l->think, blocks, t1);
	return stop ? 1 : 0;
}

/* After an I/O of the workload was issued: the pacing's turn. */
static int paced(struct job *j, struct loop *l, int d, uint64_t len)
{
	l->issued_rw++;
	if (l->rate.on)
		rate_issued(&l->rate, d, len);
	if (l->rate.min_on && !l->ramp_end_ns && !rate_min_ok(j, l))
		return 1;
	return l->think.c.think_ns ? think(j, l) : 0;
}

static void pacing_init(struct job *j, struct loop *l, uint64_t t0)
{
	const struct job_options *o = &j->o;
	struct rate_conf rc = {
		.poisson = o->rate_process == OPT_RATE_POISSON,
		.seed = j->seed ^ 0x5241544550414345ULL,
		.cycle_ns = ms_to_ns(o->rate_cycle_ms),
	};
	const struct think_conf tc = {
		.think_ns = us_to_ns(o->thinktime_us),
		.spin_ns = us_to_ns(o->thinktime_spin_us),
		.blocks = o->thinktime_blocks,
		.iotime_ns = us_to_ns(o->thinktime_iotime_us),
	};

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		rc.bps[d] = o->rate[d];
		rc.iops[d] = o->rate_iops[d];
		rc.min_bs[d] = o->min_bs[d];
		rc.per_io[d] = o->bssplit_nr[d] != 0;
		rc.min_bps[d] = o->rate_min[d];
		rc.min_iops[d] = o->rate_iops_min[d];
	}
	rate_init(&l->rate, &rc, t0);
	think_init(&l->think, &tc, t0);
	if (l->rate.on && (o->rw & RW_F_READ) && (o->rw & RW_F_WRITE)) {
		l->swap_ok[DDIR_READ] = o->rwmix[DDIR_WRITE] != 0;
		l->swap_ok[DDIR_WRITE] = o->rwmix[DDIR_READ] != 0;
		j->gen.ddir_hook = rate_ddir_hook;
		j->gen.ddir_arg = l;
	}
}

static int do_io(struct job *j, struct loop *l)
{
	int r = 0;

	while (!j->error && !atomic_load_explicit(&j->verify_stop, memory_order_relaxed) &&
	       !job_gate_stopped(j->gate)) {
		uint64_t now = now_ns(), len;
		struct io_u *u;
		bool paced_io;
		int ddir;
		bool trim;

		if (time_up(j, l, now))
			break;
		status_poll(j, l);
		if (l->ckpt_every_ns && now >= l->ckpt_due_ns) {
			/* Between I/Os, nothing in flight: a state checkpoint. */
			if (drain(j, l) < 0)
				break;
			jobverify_checkpoint(j);
			l->ckpt_due_ns = now_ns() + l->ckpt_every_ns;
		}
		if (l->phase == PHASE_WORK && (ios_exhausted(j) || l->fill_done) &&
		    !tb_flush(&l->tb)) {
			if (drain(j, l) < 0 || !end_of_work(j, l, true))
				break;
			continue;
		}
		if (l->phase == PHASE_WORK && verifier_checkpoint_due(j->verifier)) {
			/* The journal is long: checkpoint with nothing in flight. */
			if (drain(j, l) < 0)
				break;
			r = verifier_checkpoint(j->verifier);
			if (r < 0)
				return r;
		}
		if (l->phase == PHASE_WORK && verifier_backlog_due(j->verifier)) {
			if (drain(j, l) < 0)
				break;
			drop_cache(j, DROP_BACKLOG);
			set_phase(j, l, PHASE_BACKLOG);
		}
		u = get_io_u(j);
		if (!u) {
			r = wait_busy(j, l);
			if (r < 0)
				return r;
			continue;
		}
		r = next_io(j, l, u);
		if (r < 0) {
			put_io_u(j, u);
			if (r == -EAGAIN) {	/* a replayed log's next I/O is not due */
				if (replay_stall(j, l) < 0)
					break;
				continue;
			}
			if (r != -ENOENT)
				return r;
			if (l->phase == PHASE_WORK && tb_flush(&l->tb))
				continue;
			if (drain(j, l) < 0 || !source_done(j, l))
				break;
			continue;
		}
		u->flags = l->ramp_end_ns ? IO_U_F_RAMP : 0;
		/*
		 * A replayed sync covers what was written before it; a trim
		 * goes alone, and completes before the next I/O is queued
		 * (below), so that a trimwrite's write lands after its trim.
		 */
		if (unlikely(!ddir_is_rw(u->ddir)) && (r = drain(j, l)) < 0) {
			put_io_u(j, u);
			return r;
		}
		while (l->serialize && overlaps_busy(j, u)) {
			r = wait_busy(j, l);
			if (r < 0) {
				put_io_u(j, u);
				return r;
			}
		}
		paced_io = l->phase == PHASE_WORK && ddir_is_rw(u->ddir);
		if (paced_io && l->rate.on && (r = rate_wait(j, l, u->ddir)) != 0) {
			put_io_u(j, u);
			if (r < 0)
				return r;
			break;
		}
		prep_buffer(j, l, u);
		u->t_prep = now_ns();
		ddir = u->ddir;
		len = u->len;
		trim = ddir == DDIR_TRIM;
		r = submit(j, l, u);
		if (r < 0)
			return r;
		/* A trim an engine queued completes before the next I/O goes. */
		if (trim && l->inflight && (r = drain(j, l)) < 0)
			return r;
		if (ddir == DDIR_WRITE && (r = maybe_sync(j, l, u)) < 0)
			return r;
		if (paced_io && (r = paced(j, l, ddir, len)) != 0) {
			if (r < 0)
				return r;
			break;
		}
	}
	return drain(j, l);
}

static void start_delay(struct job *j)
{
	uint64_t end = now_ns() + j->o.start_delay_us * 1000;

	while (!job_gate_stopped(j->gate)) {
		uint64_t now = now_ns();

		if (now >= end)
			break;
		sleep_ns(MIN_OF(end - now, 50000000ULL));
	}
}

/* The trim backlog's ring, when the job has one (verify, trim_percentage, trim_backlog). */
static int tb_init(const struct job *j, struct trim_backlog *tb)
{
	/* Room for what a small batch leaves over several backlogs. */
	uint64_t cap = 4 * (uint64_t)j->o.trim_backlog + j->o.trim_backlog_batch;

	if (!j->verifier || !j->o.trim_percentage || !j->o.trim_backlog || j->o.verify_only)
		return 0;
	tb->cap = (unsigned)MIN_OF(MAX_OF(cap, 4096), (uint64_t)TB_RING_MAX);
	tb->ring = calloc(tb->cap, sizeof(*tb->ring));
	return tb->ring ? 0 : -ENOMEM;
}

static void run_io(struct job *j)
{
	struct loop l = { 0 };
	struct rusage ru0, ru1;
	uint64_t t0, t1;
	int r;

	l.pending = calloc(j->ectx.iodepth, sizeof(*l.pending));
	if (!l.pending || tb_init(j, &l.tb) < 0) {
		set_error(j, ENOMEM, "cannot allocate the queue");
		free(l.pending);
		return;
	}
	if (j->o.verify_async && verifier_checks_reads(j->verifier) &&
	    !j->stats.verify_not_checked) {
		const struct vasync_conf vc = {
			.threads = j->o.verify_async,
			.cpus = j->o.verify_async_cpus,
			.nr_io_us = j->ectx.nr_io_us,
			.into = &j->stats.verify,
		};

		l.va = vasync_start(j->verifier, &vc, &r);
		if (!l.va) {
			set_error(j, -r, "cannot start the verify threads");
			free(l.pending);
			free(l.tb.ring);
			return;
		}
	}
	/*
	 * With verification, two overlapping I/Os are never in flight at
	 * once: a read could see either side of a write, and the map could
	 * not say which is right -- unless verify_overlap judges every read
	 * against every legal outcome (serialize_overlap=1 still serializes).
	 */
	l.serialize = j->o.serialize_overlap ||
		      (j->verifier && !verifier_overlapping(j->verifier) &&
		       (j->ectx.iodepth > 1 || l.va));
	/* invalidate=1; verify_only drops the cache at its verify phase. */
	if (j->o.invalidate && !j->o.verify_only)
		drop_cache(j, DROP_START);
	getrusage(RUSAGE_THREAD, &ru0);
	t0 = now_ns();
	l.ru0 = ru0;
	l.t0 = t0;
	l.ckpt_every_ns = jobverify_checkpoint_ns(j);
	l.ckpt_due_ns = t0 + l.ckpt_every_ns;
	j->stats.start_wall_ms = now_realtime_ms();
	l.io_start_ns = t0;
	pacing_init(j, &l, t0);
	phase_log_begin(j, PHASE_WORK, t0);
	if (j->o.ramp_time_us) {
		l.ramp_end_ns = t0 + j->o.ramp_time_us * 1000;
		atomic_store_explicit(&j->prog.state, JOB_RAMP, memory_order_relaxed);
	} else {
		end_ramp(j, &l, t0);
	}
	r = do_io(j, &l);
	if (job_gate_stopped(j->gate))
		j->stop_seen_ns = now_ns();
	j->gen.ddir_hook = NULL;	/* l ends here */
	if (r < 0 && !j->error)
		set_error(j, -r, "I/O loop failed");
	/* After an error exit too: nothing may be in flight past here. */
	(void)drain(j, &l);
	/* The journal's last checkpoint, while the targets are open. */
	r = verifier_journal_finish(j->verifier);
	if (r < 0)
		set_error(j, -r, "cannot checkpoint the verify state and journal");
	t1 = now_ns();
	phase_time(j, &l, t1);
	phase_log_end(j, t1);
	stats_sample(&j->stats, t1);
	j->stats.runtime_ns = l.ramp_end_ns ? 0 : t1 - l.io_start_ns;
	getrusage(RUSAGE_THREAD, &ru1);
	cpu_usage(&j->stats, &ru0, &ru1, t1 - t0);
	vasync_stop(l.va);
	free(l.pending);
	free(l.tb.ring);
}

/* write_iolog: the close lines, the last block, the file closed. */
static void finish_iolog(struct job *j)
{
	int r = iolog_job_finish(j);

	if (r < 0)
		set_error(j, -r, "cannot write the write_iolog file");
}

/* write_*_log: the last windows, everything written, the files closed. */
static void finish_logs(struct job *j)
{
	int r = joblog_finish(j);

	if (r < 0)
		set_error(j, -r, "cannot write the bw/iops/lat/hist logs");
}

void *job_thread(void *job)
{
	struct job *j = job;
	const struct job_gate *gate = j->gate;
	bool ok = false;

	atomic_store_explicit(&j->prog.state, JOB_SETUP, memory_order_relaxed);
	j->tid = (int)gettid();
	j->start_ns = now_ns();
	/*
	 * A wait_for job sets up (opens its files, loads its state) once
	 * the job it waits for is done: that job may create them.
	 */
	if (j->wait_for < 0)
		ok = job_setup(j) == 0;
	gate->wait_start(gate->sched, j);
	if (j->wait_for >= 0)
		ok = job_setup(j) == 0;
	if (ok && !job_gate_stopped(gate)) {
		if (j->o.start_delay_us)
			start_delay(j);
		if (!job_gate_stopped(gate))
			run_io(j);
	}
	j->stopped = job_gate_stopped(gate);	/* cut short (or it ended just then) */
	atomic_store_explicit(&j->prog.state, JOB_FINISHING, memory_order_relaxed);
	finish_iolog(j);
	finish_logs(j);
	target_close_all(j, ok && (j->o.end_fsync || j->o.fsync_on_close) &&
				    (j->o.rw & RW_F_WRITE));
	jobmirror_close(j, ok && (j->o.rw & RW_F_WRITE));
	jobhist_finish(j);		/* after end_fsync: its records too */
	if (j->ops->cleanup)
		j->ops->cleanup(&j->ectx);
	jobverify_finish(j);
	free_io_us(j);
	iogen_release(&j->gen);
	j->end_ns = now_ns();
	if (j->o.exitall)
		job_gate_stop_all(gate);
	gate->finished(gate->sched, j);
	return NULL;
}
