/*
 * status.c - the periodic reports of --status-interval (see status.h).
 */
#include "compat.h"

#include "config/runconf.h"
#include "report/result.h"
#include "run/job.h"
#include "run/run.h"
#include "run/status.h"
#include "timeutil.h"

/* Longest wait for the workers' copies: a job busy elsewhere is skipped. */
#define STATUS_WAIT_MAX_NS 500000000ULL

int status_init(struct run *r, const struct run_hooks *hooks,
		const struct job_result *res)
{
	if (!r->cfg->status_interval_ms || !hooks || !hooks->status)
		return 0;
	r->hooks = hooks;
	r->res = res;
	r->status = calloc(r->nr_jobs ? r->nr_jobs : 1, sizeof(*r->status));
	if (!r->status)
		return -ENOMEM;
	for (size_t i = 0; i < r->nr_jobs; i++) {
		r->status[i] = res[i];	/* shares names and options: never freed here */
		r->jobs[i].snap = malloc(sizeof(*r->jobs[i].snap));
		if (!r->jobs[i].snap)
			return -ENOMEM;
	}
	r->status_next_ns = now_ns() + r->cfg->status_interval_ms * 1000000ULL;
	return 0;
}

/* A finished job: its final stats (JOB_DONE is stored after its last write). */
static void take_final(struct job_result *s, const struct job *j)
{
	s->st = j->stats;
	s->error = j->error;
	s->pid = j->tid;
	s->elapsed_ns = j->end_ns - j->start_ns;
}

/* Has j answered the request want? Then take its copy. */
static bool take_copy(struct job_result *s, struct job *j, uint64_t want)
{
	if (atomic_load_explicit(&j->snap_done, memory_order_acquire) != want)
		return false;
	s->st = *j->snap;
	s->pid = j->tid;
	s->elapsed_ns = j->snap_elapsed_ns;
	return true;
}

/* Ask each running job for a copy; returns how many were asked. */
static size_t ask(struct run *r, bool *asked)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nr_jobs; i++) {
		struct job *j = &r->jobs[i];
		int st = atomic_load(&j->prog.state);

		asked[i] = false;
		if (st == JOB_DONE) {
			take_final(&r->status[i], j);
		} else if (st >= JOB_SETUP) {
			uint64_t want = atomic_load_explicit(&j->snap_want,
							     memory_order_relaxed) + 1;

			atomic_store_explicit(&j->snap_want, want, memory_order_release);
			asked[i] = true;
			n++;
		}
	}
	return n;
}

/* Collect the copies asked for, until all came or the wait is over. */
static void collect(struct run *r, bool *asked, size_t n, uint64_t until)
{
	while (n) {
		for (size_t i = 0; i < r->nr_jobs; i++) {
			struct job *j = &r->jobs[i];
			uint64_t want = atomic_load_explicit(&j->snap_want, memory_order_relaxed);

			if (!asked[i])
				continue;
			if (atomic_load(&j->prog.state) == JOB_DONE)
				take_final(&r->status[i], j);
			else if (!take_copy(&r->status[i], j, want))
				continue;
			asked[i] = false;
			n--;
		}
		if (!n || now_ns() >= until || run_should_stop(r))
			break;
		sleep_ns(1000000);
	}
}

void status_tick(struct run *r, uint64_t now)
{
	uint64_t every, wait;
	bool *asked;

	if (!r->status || now < r->status_next_ns)
		return;
	every = r->cfg->status_interval_ms * 1000000ULL;
	r->status_next_ns += every;
	if (r->status_next_ns <= now)	/* behind: the next one a full interval on */
		r->status_next_ns = now + every;
	asked = calloc(r->nr_jobs ? r->nr_jobs : 1, sizeof(*asked));
	if (!asked)
		return;		/* this report is skipped; the run goes on */
	wait = MIN_OF(every / 2, STATUS_WAIT_MAX_NS);
	collect(r, asked, ask(r, asked), now + wait);
	free(asked);
	r->hooks->status(r->hooks->arg, r->status, r->nr_jobs);
}

void status_release(struct run *r)
{
	for (size_t i = 0; r->jobs && i < r->nr_jobs; i++) {
		free(r->jobs[i].snap);
		r->jobs[i].snap = NULL;
	}
	free(r->status);	/* its strings are res's */
	r->status = NULL;
}
