/*
 * eta.c - the progress line. Reads only the jobs' relaxed progress
 * counters, so it never slows a worker down.
 */
#include "compat.h"

#include "config/runconf.h"
#include "run/eta.h"
#include "run/job.h"
#include "num2str.h"
#include "run/run.h"
#include "timeutil.h"

void eta_init(struct eta *e, struct run *r, int mode)
{
	const struct run_config *cfg = r->cfg;

	memset(e, 0, sizeof(*e));
	e->run = r;
	e->tty = isatty(STDERR_FILENO);
	e->enabled = mode == ETA_ALWAYS || (mode == ETA_AUTO && e->tty);
	e->interval_ns = (cfg && cfg->eta_interval_ms ? cfg->eta_interval_ms : 1000) * 1000000ULL;
	e->newline_ns = cfg ? cfg->eta_newline_ms * 1000000ULL : 0;
	e->start_ns = e->last_ns = e->newline_last_ns = now_ns();
}

/*
 * Write one progress line of n characters. On a terminal it overwrites
 * the last one, blanking what is left of a longer line, unless
 * --eta-newline's period has passed: then the last line is kept and this
 * one starts below it. Elsewhere every line is a line of its own.
 */
static void eta_put(struct eta *e, const char *line, int n, uint64_t now)
{
	if (!e->tty) {
		fprintf(stderr, "%s\n", line);
		fflush(stderr);
		return;
	}
	if (e->newline_ns && e->last_len && now - e->newline_last_ns >= e->newline_ns) {
		fputc('\n', stderr);
		e->last_len = 0;
		e->newline_last_ns = now;
	}
	fprintf(stderr, "\r%s%*s", line, e->last_len > n ? e->last_len - n : 0, "");
	fflush(stderr);
	e->last_len = n;
}

static char phase_char(const struct job *j)
{
	int st = atomic_load_explicit(&j->prog.state, memory_order_relaxed);
	unsigned rw = j->o.rw;

	switch (st) {
	case JOB_CREATED:
		return 'P';
	case JOB_SETUP:
		return 'I';
	case JOB_RAMP:
		return '/';
	case JOB_FINISHING:
		return 'F';
	case JOB_DONE:
		return '_';
	default:
		break;
	}
	if ((rw & RW_F_READ) && (rw & RW_F_WRITE))
		return rw & RW_F_RAND ? 'm' : 'M';
	if (rw & RW_F_WRITE)
		return rw & RW_F_RAND ? 'w' : 'W';
	if (rw & RW_F_TRIM)	/* fio's letters for a trim-only job */
		return rw & RW_F_RAND ? 'd' : 'D';
	return rw & RW_F_RAND ? 'r' : 'R';
}

/* Share of the work done, 0..1, from bytes or elapsed time. */
static double job_fraction(const struct job *j, uint64_t now)
{
	uint64_t done = 0, want;

	if (j->o.time_based && j->o.runtime_us) {
		double t = (double)(now - j->start_ns) / 1000.0;
		double all = (double)(j->o.runtime_us + j->o.ramp_time_us);

		return t >= all ? 1.0 : t / all;
	}
	for (int d = 0; d < DDIR_RWDIR_CNT; d++)
		done += atomic_load_explicit(&j->prog.bytes[d], memory_order_relaxed);
	want = j->total_io_size * (j->o.loops ? j->o.loops : 1);
	return want ? MIN_OF(1.0, (double)done / (double)want) : 0.0;
}

void eta_tick(struct eta *e, uint64_t now)
{
	struct run *r = e->run;
	uint64_t bytes[2] = { 0, 0 }, ios[2] = { 0, 0 };
	double frac = 0, dt;
	char line[512], states[128], bw[2][N2S_BUFSZ], iops[2][N2S_BUFSZ];
	size_t sp = 0, running = 0;
	int n;

	if (!e->enabled || now - e->last_ns < e->interval_ns)
		return;
	for (size_t i = 0; i < r->nr_jobs; i++) {
		const struct job *j = &r->jobs[i];
		int st = atomic_load_explicit(&j->prog.state, memory_order_relaxed);

		if (sp + 2 < sizeof(states))
			states[sp++] = phase_char(j);
		running += st >= JOB_SETUP && st < JOB_DONE;
		frac += st == JOB_DONE ? 1.0 : job_fraction(j, now);
		for (int d = 0; d < 2; d++) {
			bytes[d] += atomic_load_explicit(&j->prog.bytes[d], memory_order_relaxed);
			ios[d] += atomic_load_explicit(&j->prog.ios[d], memory_order_relaxed);
		}
	}
	states[sp] = '\0';
	frac /= r->nr_jobs ? (double)r->nr_jobs : 1.0;
	dt = (double)(now - e->last_ns) / 1e9;
	for (int d = 0; d < 2; d++)
		num2str(bw[d], sizeof(bw[d]),
			(uint64_t)((double)(bytes[d] - e->last_bytes[d]) / dt),
			N2S_SIG_FIGS, true, N2S_BYTEPERSEC);
	for (int d = 0; d < 2; d++)
		num2str(iops[d], sizeof(iops[d]),
			(uint64_t)((double)(ios[d] - e->last_ios[d]) / dt), N2S_SIG_FIGS,
			false, N2S_NONE);
	{
		double el = (double)(now - e->start_ns) / 1e9;
		uint64_t left = frac > 0.001 ? (uint64_t)(el / frac - el) : 0;

		n = snprintf(line, sizeof(line),
			     "Jobs: %zu: [%s][%.1f%%][r=%s,w=%s][r=%s,w=%s IOPS][eta %02um:%02us]",
			     running, states, 100.0 * frac, bw[0], bw[1], iops[0], iops[1],
			     (unsigned)(left / 60), (unsigned)(left % 60));
	}
	eta_put(e, line, n, now);
	e->last_ns = now;
	memcpy(e->last_bytes, bytes, sizeof(bytes));
	memcpy(e->last_ios, ios, sizeof(ios));
}

void eta_finish(struct eta *e)
{
	if (e->enabled && e->tty && e->last_len) {
		fprintf(stderr, "\r%*s\r", e->last_len, "");
		fflush(stderr);
	}
}
