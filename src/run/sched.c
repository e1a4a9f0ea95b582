/*
 * sched.c - turns parsed jobs into running ones: numjobs expansion,
 * groups, stonewall / wait_for ordering, preflight checks, threads,
 * signals, and each job's flat result at the end (the command reports).
 */
#include "compat.h"

#include <pthread.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "config/runconf.h"
#include "run/bundle.h"
#include "run/diskutil.h"
#include "run/eta.h"
#include "run/iogen.h"
#include "ioengine.h"
#include "run/job.h"
#include "config/options.h"
#include "rand.h"
#include "report/result.h"
#include "run/results.h"
#include "run/run.h"
#include "run/status.h"
#include "run/target.h"
#include "run/worker.h"
#include "signals.h"
#include "timeutil.h"
#include "run/jobhist.h"
#include "run/jobmirror.h"
#include "run/iolog.h"
#include "run/joblog.h"
#include "run/jobverify.h"
#include "verify/verifier.h"

volatile sig_atomic_t verio_signals;

static void on_signal(int sig)
{
	/*
	 * A second SIGINT means "now": no report, no clean-up, and never
	 * status 0 (130, as a shell reports a SIGINT death).
	 */
	if (verio_signals && sig == SIGINT)
		_exit(130);
	verio_signals = sig;
}

static uint64_t job_seed(const struct job_options *o, unsigned index)
{
	uint64_t s = o->randrepeat ? o->rand_seed : (now_ns() ^ (uint64_t)getpid());

	s += 0x9e3779b97f4a7c15ULL * (index + 1);
	return splitmix64(&s);
}

/* Was randseed= written in the job (or its globals)? */
static bool seed_pinned(const struct job_def *def)
{
	for (size_t i = 0; i < def->kv_nr; i++)
		if (!strcmp(def->kv[i].name, "randseed"))
			return true;
	return false;
}

/*
 * The seed of the data a job's verify writes: the offset seed mixed with
 * the run id, so that a rewrite run's blocks differ from the run's they
 * overwrite even with randrepeat=1 (which repeats the offsets, as fio
 * does).  An explicit randseed= pins it to the offset seed.
 */
static uint64_t job_data_seed(const struct job_def *def, uint64_t seed, uint64_t run_id)
{
	uint64_t s = seed ^ run_id;

	return seed_pinned(def) ? seed : splitmix64(&s);
}

/* The run id every unit this run writes carries (docs/format.md). */
static uint64_t new_run_id(void)
{
	uint64_t id;

	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		id = now_ns() ^ ((uint64_t)getpid() << 32);
	return id;
}

static int find_job_by_name(const struct run *r, size_t before, const char *name)
{
	for (size_t i = 0; i < before; i++)
		if (!strcmp(r->jobs[i].o.name, name))
			return (int)i;
	return -1;
}

/* Expand numjobs and assign groups. Returns 0, 2 (bad wait_for) or 3. */
static int build_jobs(struct run *r, const struct run_config *cfg)
{
	size_t total = 0, k = 0;
	unsigned groupid = 0;
	uint64_t run_id = cfg->run_id ? cfg->run_id : new_run_id();

	for (size_t i = 0; i < cfg->nr_jobs; i++)
		total += cfg->jobs[i].o.numjobs ? cfg->jobs[i].o.numjobs : 1;
	r->jobs = calloc(total ? total : 1, sizeof(*r->jobs));
	if (!r->jobs)
		return 3;
	for (size_t i = 0; i < cfg->nr_jobs; i++) {
		const struct job_def *def = &cfg->jobs[i];
		unsigned n = def->o.numjobs ? def->o.numjobs : 1;
		bool barrier = def->o.stonewall || def->file_stonewall;

		if (k && (barrier || def->o.new_group))
			groupid++;
		for (unsigned c = 0; c < n; c++, k++) {
			struct job *j = &r->jobs[k];

			if (options_copy(&j->o, &def->o) < 0)
				return 3;
			j->def = def;
			j->run = r;
			j->gate = &r->gate;
			j->index = (unsigned)k;
			j->jobnum = c;
			j->groupid = groupid;
			j->stonewall = c == 0 && barrier && k;
			j->seed = job_seed(&def->o, (unsigned)k);
			j->run_id = run_id;
			j->data_seed = job_data_seed(def, j->seed, run_id);
			j->aux_path = cfg->aux_path;
			j->ops = engine_find(j->o.ioengine ? j->o.ioengine : "psync");
			j->wait_for = -1;
			job_stats_init(&j->stats);
			r->nr_jobs = k + 1;
			if (!j->ops) {
				fprintf(stderr, "verio: job '%s': unknown ioengine '%s'\n",
					j->o.name, j->o.ioengine);
				return 2;
			}
			if (j->o.read_iolog) {
				int code = iolog_job_load(j, cfg->readonly);

				if (code)
					return code;
			}
			if (j->o.wait_for && *j->o.wait_for) {
				j->wait_for = find_job_by_name(r, k - c, j->o.wait_for);
				if (j->wait_for < 0) {
					fprintf(stderr, "verio: job '%s': wait_for='%s' names no earlier job\n",
						j->o.name, j->o.wait_for);
					return 2;
				}
			}
		}
	}
	return 0;
}

/* Does j write stamped, verified blocks? */
static bool stamps_writes(const struct job *j)
{
	return j->verifier && verifier_stamps_writes(j->verifier) && options_writes(&j->o);
}

/*
 * Verify jobs that run at the same time (no stonewall between them) and
 * write overlapping regions of one target are refused, unless both allow
 * it (verify_allow_overlap): each one's generation map knows only its own
 * writes, so every unit the other rewrote would fail.  Jobs that both set
 * verify_overlap share one register table per target instead (legal
 * outcomes across all their writes).  Returns 0 or 2.
 */
static int overlap_check(const struct run *r)
{
	size_t seg_start = 0;

	for (size_t k = 0; k < r->nr_jobs; k++) {
		const struct job *b = &r->jobs[k];

		if (b->stonewall)
			seg_start = k;
		if (!stamps_writes(b) || b->o.verify_allow_overlap)
			continue;
		for (size_t i = seg_start; i < k; i++) {
			const struct job *a = &r->jobs[i];

			if (!stamps_writes(a) || a->o.verify_allow_overlap ||
			    (a->o.verify_overlap && b->o.verify_overlap) ||
			    b->wait_for == (int)i)
				continue;
			for (unsigned fa = 0; fa < a->nr_files; fa++)
				for (unsigned fb = 0; fb < b->nr_files; fb++) {
					const struct vfile *x = &a->files[fa], *y = &b->files[fb];
					uint64_t lo = MAX_OF(x->io_offset, y->io_offset);
					uint64_t hi = MIN_OF(x->io_offset + x->io_size,
							     y->io_offset + y->io_size);

					if (lo >= hi || !target_same(x->name, y->name))
						continue;
					fprintf(stderr, "verio: job '%s' (clone %u) and job '%s' (clone %u) "
						"both write bytes %" PRIu64 "..%" PRIu64 " of '%s' with "
						"verification: each would find the other's blocks (use "
						"offset_increment or size to split the region, or "
						"verify_allow_overlap=1)\n", a->o.name, a->jobnum,
						b->o.name, b->jobnum, lo, hi - 1, y->name);
					return 2;
				}
		}
	}
	return 0;
}

/* Access options that depend on the regions (zoned_abs zones): exit 2. */
static int access_check(struct job *j)
{
	char err[256];

	if (!iogen_check(&j->o, j->files, j->nr_files, err, sizeof(err)))
		return 0;
	job_err(j, "option 'random_distribution': %s", err);
	return 2;
}

/*
 * verio-mpi: the data seeds the same job writes with on every rank
 * (rank q's run id: run_id with q in the low bits, config/runconf.h),
 * so that a block another rank misdirected here is known as such.
 */
static int peer_seeds(const struct run *r, struct job *j)
{
	const struct run_config *cfg = r->cfg;
	uint64_t base = cfg->run_id & ~(uint64_t)(RUN_RANKS_MAX - 1), *s;
	int e;

	if (cfg->nranks <= 1 || !j->verifier)
		return 0;
	s = calloc(cfg->nranks, sizeof(*s));
	if (!s)
		return 3;
	for (unsigned q = 0; q < cfg->nranks; q++)
		s[q] = job_data_seed(j->def, j->seed, base | q);
	e = verifier_peer_seeds(j->verifier, s, cfg->nranks);
	free(s);
	return e < 0 ? 3 : 0;
}

/* Every target of every job is checked before anything runs. */
static int preflight(struct run *r, bool readonly)
{
	bool barrier = false;
	int code;

	for (size_t i = 0; i < r->nr_jobs; i++) {
		barrier |= i > 0 && r->jobs[i].stonewall;
		r->jobs[i].starts_later = barrier || r->jobs[i].wait_for >= 0;
		code = target_prepare(&r->jobs[i], readonly);

		if (!code)
			code = access_check(&r->jobs[i]);
		if (!code)
			code = jobmirror_prepare(&r->jobs[i]);
		if (!code) {
			r->jobs[i].data_seed = jobverify_overlap_seed(r->jobs, i);
			code = jobverify_prepare(&r->jobs[i]);
		}
		if (!code)
			code = peer_seeds(r, &r->jobs[i]);
		if (code)
			return code;
	}
	if (overlap_check(r))
		return 2;
	code = jobverify_share_overlap(r->jobs, r->nr_jobs);
	/* The histories last: they create files. */
	return code ? code : jobhist_prepare(r);
}

static bool job_is_done(const struct job *j)
{
	return atomic_load(&j->prog.state) == JOB_DONE;
}

/* The gate's "finished" (sched is the run). */
static void run_job_finished(void *sched, struct job *j)
{
	struct run *r = sched;

	pthread_mutex_lock(&r->lock);
	atomic_store(&j->prog.state, JOB_DONE);
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

/* True when every clone of the job named by j->wait_for has finished. */
static bool wait_for_done(const struct run *r, const struct job *j)
{
	const char *name = r->jobs[j->wait_for].o.name;

	for (size_t i = 0; i < j->index; i++)
		if (!strcmp(r->jobs[i].o.name, name) && !job_is_done(&r->jobs[i]))
			return false;
	return true;
}

/* The gate's "wait_start" (sched is the run). */
static void run_wait_start(void *sched, struct job *j)
{
	struct run *r = sched;

	pthread_mutex_lock(&r->lock);
	r->seg_ready++;
	pthread_cond_broadcast(&r->cond);
	while (r->seg_ready < r->seg_end - r->seg_first && !run_should_stop(r))
		pthread_cond_wait(&r->cond, &r->lock);
	while (j->wait_for >= 0 && !wait_for_done(r, j) && !run_should_stop(r))
		pthread_cond_wait(&r->cond, &r->lock);
	pthread_mutex_unlock(&r->lock);
}

/* Set up r's lock and the gate each job's worker is handed. */
static void run_init(struct run *r, const struct run_config *cfg)
{
	r->cfg = cfg;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->gate = (struct job_gate){
		.wait_start = run_wait_start,
		.finished = run_job_finished,
		.sched = r,
		.stop = &r->stop,
		.signals = &verio_signals,
	};
}

static void start_thread(struct run *r, struct job *j)
{
	if (pthread_create(&j->thread, NULL, job_thread, j) == 0) {
		j->thread_started = true;
		return;
	}
	j->error = EAGAIN;
	snprintf(j->errmsg, sizeof(j->errmsg), "cannot start a thread");
	pthread_mutex_lock(&r->lock);
	r->seg_ready++;
	pthread_mutex_unlock(&r->lock);
	run_job_finished(r, j);
}

static const char *signal_reason(int sig)
{
	return sig == SIGINT ? "signal SIGINT" : sig == SIGTERM ? "signal SIGTERM"
							  : "signal";
}

/*
 * --trigger-file / --trigger-timeout, polled by the main thread with the
 * progress line (never on the I/O path): on a trigger every job stops as
 * on SIGINT, and the run says why. fio removes the file it saw.
 */
static void poll_triggers(struct run *r, uint64_t now)
{
	const struct run_config *cfg = r->cfg;
	const char *why = NULL;

	if (r->interrupt_reason)
		return;
	if (cfg->trigger_file && access(cfg->trigger_file, F_OK) == 0) {
		why = "trigger-file";
		if (unlink(cfg->trigger_file) < 0 && errno != ENOENT)
			fprintf(stderr, "verio: cannot remove trigger file '%s': %s\n",
				cfg->trigger_file, strerror(errno));
	} else if (r->trigger_at_ns && now >= r->trigger_at_ns) {
		why = "trigger-timeout";
	}
	if (!why)
		return;
	r->interrupt_reason = why;
	r->interrupt_ns = now;
	atomic_store(&r->stop, true);
}

/* Stop every job for a reason of the command's (verio-mpi's ranks). */
static void stop_for(struct run *r, const char *why)
{
	if (!why || r->interrupt_reason)
		return;
	r->interrupt_reason = why;
	r->interrupt_ns = now_ns();
	atomic_store(&r->stop, true);
}

/* Has a job ended in failure: an error, or a failed verify under verify_fatal? */
static bool run_failed(const struct run *r)
{
	for (size_t i = 0; i < r->nr_jobs; i++) {
		const struct job *j = &r->jobs[i];

		if (job_is_done(j) && (j->error || (j->o.verify_fatal && j->stats.verify.failures)))
			return true;
	}
	return false;
}

/*
 * Once the run is interrupted: note why (first cause wins), and mark each
 * job not yet done, or done because the stop reached it, so the report
 * can say which were cut short. Called with r->lock held (a done job's
 * "stopped" was written before it said it was done, under that lock).
 */
static void note_interrupt(struct run *r)
{
	int sig = verio_signals;

	if (!r->interrupt_reason && sig) {
		r->interrupt_reason = signal_reason(sig);
		r->interrupt_ns = now_ns();
	}
	if (!r->interrupt_reason || r->interrupt_seen)
		return;
	r->interrupt_seen = true;
	for (size_t i = 0; i < r->nr_jobs; i++)
		if (!job_is_done(&r->jobs[i]) || r->jobs[i].stopped)
			r->jobs[i].interrupted = true;
}

static bool segment_done(const struct run *r)
{
	for (size_t i = r->seg_first; i < r->seg_end; i++)
		if (!job_is_done(&r->jobs[i]))
			return false;
	return true;
}

/* --bandwidth-log: the bytes every job has moved, from its progress counters. */
static void agg_tick(struct run *r)
{
	uint64_t bytes[2] = { 0, 0 };

	if (!r->agg)
		return;
	for (size_t i = 0; i < r->nr_jobs; i++)
		for (unsigned d = 0; d < 2; d++)
			bytes[d] += atomic_load_explicit(&r->jobs[i].prog.bytes[d],
							 memory_order_relaxed);
	agglog_tick(r->agg, now_ns(), bytes);
}

/* Run jobs [first, end) together; the main thread keeps the ETA line. */
static void run_segment(struct run *r, size_t first, size_t end, struct eta *eta)
{
	sigset_t all, old;

	pthread_mutex_lock(&r->lock);
	r->seg_first = first;
	r->seg_end = end;
	r->seg_ready = 0;
	pthread_mutex_unlock(&r->lock);

	/* Workers never take the signals: the main thread does. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (size_t i = first; i < end; i++)
		start_thread(r, &r->jobs[i]);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	pthread_mutex_lock(&r->lock);
	while (!segment_done(r)) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&r->cond, &r->lock, &ts);
		poll_triggers(r, now_ns());
		if (r->hooks && r->hooks->tick)
			stop_for(r, r->hooks->tick(r->hooks->arg, run_failed(r)));
		note_interrupt(r);
		if (run_should_stop(r))
			pthread_cond_broadcast(&r->cond);
		pthread_mutex_unlock(&r->lock);
		eta_tick(eta, now_ns());
		status_tick(r, now_ns());
		agg_tick(r);
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	for (size_t i = first; i < end; i++)
		if (r->jobs[i].thread_started)
			pthread_join(r->jobs[i].thread, NULL);
}

static void run_all_segments(struct run *r, struct eta *eta)
{
	uint64_t t = r->cfg->trigger_timeout_us;
	size_t first = 0;

	if (t)	/* a deadline past the clock's range is "never" */
		r->trigger_at_ns = t < (UINT64_MAX - now_ns()) / 1000 ? now_ns() + t * 1000 : 0;
	while (first < r->nr_jobs) {
		size_t end = first + 1;

		/* every rank asks, a stopping one too: none waits alone */
		if (first && r->hooks && r->hooks->segment) {
			const char *why = r->hooks->segment(r->hooks->arg, run_should_stop(r));

			pthread_mutex_lock(&r->lock);
			stop_for(r, why);
			pthread_mutex_unlock(&r->lock);
		}
		if (run_should_stop(r))
			break;

		while (end < r->nr_jobs && !r->jobs[end].stonewall)
			end++;
		run_segment(r, first, end, eta);
		first = end;
	}
}

/*
 * Each job's result as far as it is known before the run (name, group,
 * options): what the start hook prints the job header lines from.
 */
static int results_begin(const struct run *r, struct job_result **out)
{
	struct job_result *res = calloc(r->nr_jobs ? r->nr_jobs : 1, sizeof(*res));

	*out = res;
	if (!res)
		return -ENOMEM;
	for (size_t i = 0; i < r->nr_jobs; i++)
		if (job_result_begin(&res[i], &r->jobs[i]))
			return -ENOMEM;
	return 0;
}

static int results_end(struct run *r, struct job_result *res)
{
	for (size_t i = 0; i < r->nr_jobs; i++) {
		if (job_result_end(&res[i], &r->jobs[i]))
			return -ENOMEM;
		res[i].interrupt_reason = r->interrupt_reason;
		job_result_interrupt(&res[i], &r->jobs[i], r->interrupt_ns);
		job_result_take_maps(&res[i], &r->jobs[i]);
	}
	return 0;
}

/*
 * Say what ended each failed job, on stderr, and pick the exit status:
 * 1 (data loss outranks everything), then 3 (an I/O or setup error),
 * then 4 (interrupted: stopped before it finished), else 0.
 */
static int job_errors(const struct run *r)
{
	int code = 0;
	bool verify_failed = false;

	for (size_t i = 0; i < r->nr_jobs; i++) {
		const struct job *j = &r->jobs[i];

		if (j->error) {
			fprintf(stderr, "verio: job '%s'%s: %s\n", j->o.name,
				j->jobnum ? " (clone)" : "",
				j->errmsg[0] ? j->errmsg : strerror(j->error));
			code = 3;
		} else if (j->stats.nr_errors) {
			fprintf(stderr, "verio: job '%s': %" PRIu64 " I/O error%s (first: %s), continued\n",
				j->o.name, j->stats.nr_errors, j->stats.nr_errors == 1 ? "" : "s",
				strerror(j->stats.first_error));
			code = 3;
		}
		if (j->stats.verify.failures) {
			fprintf(stderr, "verio: job '%s': %" PRIu64 " unit%s failed verification\n",
				j->o.name, j->stats.verify.failures,
				j->stats.verify.failures == 1 ? "" : "s");
			if (j->stats.verify.printed < j->stats.verify.failures)
				fprintf(stderr, "verio: job '%s': ... and %" PRIu64 " more failing "
					"unit%s (full list: JSON report / dumps)\n", j->o.name,
					j->stats.verify.failures - j->stats.verify.printed,
					j->stats.verify.failures - j->stats.verify.printed == 1 ? "" : "s");
			verify_failed = true;
		}
		if (j->stats.mirror.ranges) {
			fprintf(stderr, "verio: job '%s': %" PRIu64 " range%s differ%s from the mirror "
				"(%" PRIu64 " bytes)\n", j->o.name, j->stats.mirror.ranges,
				j->stats.mirror.ranges == 1 ? "" : "s",
				j->stats.mirror.ranges == 1 ? "s" : "", j->stats.mirror.range_bytes);
			verify_failed = true;
		}
	}
	/* Lost data outranks an I/O error: CI must see the corruption. */
	if (verify_failed)
		return 1;
	return code ? code : r->interrupt_reason ? 4 : 0;
}

/*
 * --trigger=CMD, after a trigger stopped every job and each saved its
 * verify state (a harness cuts power here). Its status is reported, not
 * folded into the exit status: the run ends 4 (or 1, 3) either way.
 */
static void run_trigger_cmd(const struct run *r)
{
	const char *cmd = r->cfg->trigger_cmd;
	int st;

	if (!cmd || !r->interrupt_reason || strncmp(r->interrupt_reason, "trigger", 7))
		return;
	fprintf(stderr, "verio: %s: verify state saved, running '%s'\n",
		r->interrupt_reason, cmd);
	fflush(NULL);
	st = system(cmd);
	if (st == -1)
		fprintf(stderr, "verio: cannot run trigger command '%s': %s\n", cmd,
			strerror(errno));
	else if (!WIFEXITED(st) || WEXITSTATUS(st))
		fprintf(stderr, "verio: trigger command '%s' failed (status %d)\n", cmd,
			WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static void run_release(struct run *r)
{
	(void)jobhist_close_all(r);	/* a failed run's, unreported */
	status_release(r);
	for (size_t i = 0; i < r->nr_jobs; i++) {
		jobverify_finish(&r->jobs[i]);
		result_vmaps_free(r->jobs[i].vmaps, r->jobs[i].nr_vmaps);
		free(r->jobs[i].vcheck.state_path);
		jobmirror_release(&r->jobs[i]);	/* before: it reads nr_files */
		iolog_job_release(&r->jobs[i]);
		target_release(&r->jobs[i]);
		options_release(&r->jobs[i].o);
	}
	free(r->jobs);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->cond);
}

/* Build the jobs, check every target, then let the command start its output. */
static int run_prepare(struct run *r, const struct run_config *cfg,
		       const struct run_hooks *hooks, struct job_result **res)
{
	int code = build_jobs(r, cfg);

	if (!code)
		code = preflight(r, cfg->readonly);
	if (!code && hooks && hooks->bundle)
		code = bundle_targets(hooks->bundle, r->jobs, r->nr_jobs);
	if (!code && results_begin(r, res)) {
		fprintf(stderr, "verio: out of memory\n");
		code = 3;
	}
	if (!code && status_init(r, hooks, *res)) {
		fprintf(stderr, "verio: out of memory\n");
		code = 3;
	}
	if (!code && hooks && hooks->start)
		code = hooks->start(hooks->arg, *res, r->nr_jobs);
	return code;
}

/*
 * fio's disk_util: the devices under the file targets of the jobs that
 * want it, sampled before the first segment and after the last. A
 * device that cannot be found or read is left out, as fio does.
 */
static void disk_util_begin(const struct run *r, const struct run_hooks *hooks)
{
	struct disk_util_set *set = hooks ? hooks->disk_util : NULL;

	if (!set)
		return;
	for (size_t i = 0; i < r->nr_jobs; i++) {
		const struct job *j = &r->jobs[i];

		if (!j->o.disk_util || (j->ops->flags & ENGINE_F_NOIO))
			continue;
		for (unsigned k = 0; k < j->nr_files; k++)
			if (diskutil_add_path(set, j->files[k].name))
				break;
	}
	if (diskutil_begin(set, now_ns() / 1000000))
		diskutil_release(set);
}

static void disk_util_end(const struct run_hooks *hooks)
{
	struct disk_util_set *set = hooks ? hooks->disk_util : NULL;

	if (set && diskutil_end(set, now_ns() / 1000000))
		diskutil_release(set);
}

int run_jobs(const struct run_config *cfg, const struct run_hooks *hooks,
	     struct job_result **results, size_t *nr_results)
{
	struct run r = { 0 };
	struct job_result *res = NULL;
	struct eta eta;
	bool agg_failed;
	int code;

	*results = NULL;
	*nr_results = 0;
	run_init(&r, cfg);
	r.hooks = hooks;
	code = run_prepare(&r, cfg, hooks, &res);
	if (code) {
		job_results_free(res, r.nr_jobs);
		run_release(&r);
		return code;
	}
	if (cfg->bandwidth_log && !(r.agg = agglog_open(now_ns(), &code))) {
		fprintf(stderr, "verio: cannot create the --bandwidth-log files: %s\n",
			strerror(-code));
		job_results_free(res, r.nr_jobs);
		run_release(&r);
		return 3;
	}
	catch_stop_signals(on_signal);
	disk_util_begin(&r, hooks);
	eta_init(&eta, &r, cfg->eta);
	run_all_segments(&r, &eta);
	/* a job that failed after the last poll still tells the command */
	if (hooks && hooks->tick) {
		pthread_mutex_lock(&r.lock);
		stop_for(&r, hooks->tick(hooks->arg, run_failed(&r)));
		pthread_mutex_unlock(&r.lock);
	}
	disk_util_end(hooks);
	eta_finish(&eta);
	agg_failed = agglog_close(r.agg) < 0;
	r.agg = NULL;
	if (agg_failed)
		fprintf(stderr, "verio: cannot write the --bandwidth-log files\n");
	pthread_mutex_lock(&r.lock);
	note_interrupt(&r);	/* a signal after the last poll counts too */
	pthread_mutex_unlock(&r.lock);
	if (r.interrupt_reason)
		fprintf(stderr, "verio: interrupted (%s), jobs stopped\n", r.interrupt_reason);
	run_trigger_cmd(&r);
	code = job_errors(&r);
	if ((jobhist_close_all(&r) || agg_failed) && !code)
		code = 3;
	if (results_end(&r, res) == 0) {
		*results = res;
		*nr_results = r.nr_jobs;
	} else {
		job_results_free(res, r.nr_jobs);
		code = 3;
	}
	run_release(&r);
	return code;
}
