/*
 * job.h - a job at run time: its options (a private copy), its targets,
 * io_us, engine, generator state and statistics.
 *
 * Each job is owned by its worker thread while it runs. Other threads
 * read only the progress counters (relaxed atomics) and, after the job
 * has ended, its stats.
 */
#ifndef VERIO_RUN_JOB_H
#define VERIO_RUN_JOB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ioengine.h"
#include "run/bufdata.h"
#include "run/iogen.h"
#include "run/target.h"
#include "config/options.h"
#include "report/result.h"
#include "report/stats.h"

struct iolog;
struct iolog_writer;
struct joblog;
struct job_gate;
struct run;
struct verifier;
struct vhist_file;
struct vhist_stream;
struct vworker;

enum job_state {
	JOB_CREATED = 0,
	JOB_SETUP,	/* opening and laying out files */
	JOB_RAMP,	/* running, not yet accounted */
	JOB_RUNNING,
	JOB_FINISHING,	/* draining, end_fsync, closing */
	JOB_DONE,
};

/* Progress counters the ETA line reads while the job runs. */
struct job_progress {
	_Atomic uint64_t bytes[DDIR_RWDIR_CNT];
	_Atomic uint64_t ios[DDIR_RWDIR_CNT];
	_Atomic int state;	/* enum job_state */
};

/*
 * The job's phases as its thread moves between them (worker.c), for the
 * report's "phases": the first RESULT_PHASES_KEEP, then a ring of the
 * latest RESULT_PHASES_KEEP (job_phase_slot()), so that recording one
 * never allocates. nr counts every phase begun.
 */
struct job_phase {
	unsigned kind;			/* enum result_phase_kind */
	uint64_t start_ns, end_ns;	/* end_ns 0: still running */
};

struct job_phase_log {
	struct job_phase p[2 * RESULT_PHASES_KEEP];
	uint64_t nr;
};

/* Where phase i (0-based, in time order) is kept. */
static inline unsigned job_phase_slot(uint64_t i)
{
	return i < RESULT_PHASES_KEEP ? (unsigned)i
				      : RESULT_PHASES_KEEP + (unsigned)((i - RESULT_PHASES_KEEP) %
									RESULT_PHASES_KEEP);
}

struct job {
	struct job_options o;		/* private copy; numjobs clone applied */
	const struct job_def *def;	/* as parsed: kv, file, line */
	struct run *run;
	const struct job_gate *gate;	/* the scheduler, as the worker sees it */
	unsigned index;			/* position in the run */
	unsigned jobnum;		/* numjobs clone index */
	unsigned groupid;
	bool stonewall;			/* waits for every earlier job */
	int wait_for;			/* index of a job to wait for, or -1 */
	bool starts_later;		/* after a stonewall or wait_for: what an
					 * earlier job makes is checked at its turn */

	struct vfile *files;
	unsigned nr_files;
	uint64_t total_io_size;		/* bytes per pass over all files */
	struct target_conf tconf;	/* set by target_prepare */
	struct bufdata_conf bufdata;	/* write buffers and laid-out data */
	/* openfiles= below nrfiles: at most open_max files open (0 = all);
	 * file_used[i] is when file i was last used (LRU of idle files). */
	unsigned open_max, nr_open;
	uint64_t *file_used, use_tick;

	const struct engine_ops *ops;
	struct engine_ctx ectx;
	struct io_u *io_us;
	struct io_u **free_io_us;	/* stack of idle io_us */
	unsigned nr_free;
	uint8_t *buf_mem;
	uint64_t buf_size;		/* per io_u */

	uint64_t seed;			/* from randseed and the job index */
	uint64_t data_seed;		/* of verify data: seed and run id (sched.c) */
	struct iogen gen;

	/* Verification (run/jobverify.c) */
	uint64_t run_id;		/* of the whole run (sched.c) */
	const char *aux_path;		/* --aux-path: state and dumps; NULL = . */
	struct verifier *verifier;	/* NULL without verify= */
	/* write_history= (run/jobhist.c): the run's file, this job's stream
	 * (NULL: none), its files' indexes in the history's file table, and
	 * the unit whose generations writes record (0: none). */
	struct vhist_file *hist_file;
	struct vhist_stream *hist;
	uint32_t *hist_fmap;
	uint32_t hist_unit;
	struct vworker *vworker;	/* the job thread's checker */
	atomic_bool verify_stop;	/* verify_fatal tripped (any thread) */
	struct result_vcheck vcheck;	/* what it checks against; path owned */
	/* The verifier's maps, taken as it is freed (jobverify_finish()),
	 * until the results take them; owned. */
	struct result_vmap *vmaps;
	size_t nr_vmaps;
	/* verify_only: the writes of the workload, run dry (not issued), which
	 * the report counts as fio does (its verify_only "pretends" them). */
	uint64_t dry_write_ios, dry_write_bytes;

	/* mirror= (run/jobmirror.c): one reference per file, NULL = none. */
	struct vfile *mfiles;
	struct target_conf mconf;

	/* read_iolog= / write_iolog= (run/iolog.c) */
	struct iolog *replay;		/* the log replayed, NULL = none */
	struct iolog_writer *iolog_w;	/* open while the job runs */
	struct joblog *logs;		/* write_*_log (run/joblog.c), NULL = none */

	struct job_stats stats;
	struct job_progress prog;

	/*
	 * --status-interval: the scheduler asks for a copy of the stats by
	 * raising snap_want; the worker, between two I/Os, copies them into
	 * snap (allocated by the scheduler) with the runtime and CPU use so
	 * far, then publishes snap_done = snap_want (release). Neither
	 * touches snap while the other may: the worker only between seeing
	 * a new snap_want and publishing, the scheduler only after seeing
	 * snap_done equal to what it asked and before it asks again.
	 */
	struct job_stats *snap;		/* NULL: no --status-interval */
	_Atomic uint64_t snap_want, snap_done;
	uint64_t snap_elapsed_ns;	/* job wall time at the copy */

	pthread_t thread;
	bool thread_started;
	int tid;			/* kernel thread id, for the report */
	int error;			/* positive errno of a fatal error, 0 = none */
	bool stopped;			/* the run's stop was set when its I/O ended */
	bool interrupted;		/* stopped, or not done, by the run's interruption */
	char errmsg[256];		/* what failed, printed after the run */
	uint64_t start_ns, end_ns;	/* wall time of the whole job */
	/* When its statistics began (ramp_time over): time 0 of its fio
	 * logs and of the report's times; 0 = its I/O never began. */
	uint64_t epoch_ns;
	/* When its I/O loop ended on the run's stop (now_ns()), 0 = it did
	 * not: a signal is seen here before the main thread notes it. */
	uint64_t stop_seen_ns;
	struct job_phase_log phases;
};

/* "verio: job 'NAME': <message>" on stderr (setup errors, not the I/O path). */
void job_err(const struct job *j, const char *fmt, ...) VERIO_PRINTF(2, 3);

#endif /* VERIO_RUN_JOB_H */
