/*
 * result.h - what a finished job hands to the reports: flat data, with
 * copies of every option the output formats read, and no pointer into a
 * live job. The run fills one struct job_result per job (numjobs clones
 * included) after the jobs have ended; report_build() (report/build.h)
 * folds them into a report.
 */
#ifndef VERIO_REPORT_RESULT_H
#define VERIO_REPORT_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/stats.h"

/* A job's rw= as flags, for the job header line ("rw=randwrite"). */
enum {
	RESULT_RW_READ = 1 << 0,
	RESULT_RW_WRITE = 1 << 1,
	RESULT_RW_RAND = 1 << 2,
	RESULT_RW_TRIM = 1 << 3,
};

/* unified_rw_reporting=: fio's values (none / mixed / both). */
enum {
	UNIFIED_NONE = 0,
	UNIFIED_MIXED = 1,	/* all directions summed into one "mixed" */
	UNIFIED_BOTH = 2,	/* each direction, then the "mixed" sum */
};

/* Room for a percentile_list= (the option parser's limit is no larger). */
#define RESULT_PCT_MAX 64

/* One option as the user wrote it, for JSON "job options". */
struct result_kv {
	char *name;
	char *value;			/* NULL for a bare flag (left out of JSON) */
};

/* Copies of the job options the output formats read. */
struct result_opts {
	char *ioengine;			/* NULL = "psync" */
	char *verify;			/* verify= as given, NULL = none */
	unsigned rw;			/* RESULT_RW_* */
	uint64_t min_bs[2], max_bs[2];	/* read, write (bsrange) */
	unsigned iodepth;
	unsigned kb_base;		/* 1024 or 1000 */
	unsigned unit_base;		/* 1 = rates in bits */
	double percentile_list[RESULT_PCT_MAX];
	unsigned percentile_nr;		/* 0 = fio's default list */
	bool clat_percentiles, lat_percentiles, slat_percentiles;
	bool continue_on_error;		/* any continue_on_error= but none */
	bool group_reporting;
	unsigned unified_rw_rep;	/* UNIFIED_* */
};

/* What a verify job's reads were checked against ("say what was checked"). */
enum result_vbasis {
	RESULT_VB_NONE = 0,	/* the job does not verify */
	RESULT_VB_RUN,		/* the generation map of this run's own writes */
	RESULT_VB_STATE,	/* a saved state, loaded from state_path */
	RESULT_VB_NO_STATE,	/* a state was looked for and not found */
	RESULT_VB_PATTERN,	/* verify=pattern: the pattern, no header */
	RESULT_VB_REPLAY,	/* no state found: a dry replay of the job's writes */
	RESULT_VB_OVERLAP,	/* verify_overlap: the writing run's overlap journals */
};

struct result_vcheck {
	unsigned basis;			/* enum result_vbasis */
	char *state_path;		/* looked for / loaded / saved; NULL = none */
	/*
	 * The units a full verify would have checked (the written units of
	 * a valid map, else every unit of the region); known only for a job
	 * that was stopped early (0 otherwise).
	 */
	uint64_t units_expected;
	uint64_t replay_written;	/* RESULT_VB_REPLAY: units the replay found written */
};

/*
 * What the job's thread was doing when (verio's JSON "phases"), in ms
 * since the job's statistics began (the zero of its fio logs): the
 * workload, the verify phase after it, or a verify_backlog batch. A long
 * run with many backlog batches keeps the first and the last
 * RESULT_PHASES_KEEP of them; omitted counts those in between.
 */
enum result_phase_kind {
	RESULT_PHASE_WRITE = 0,	/* the workload (reads and writes as rw= says) */
	RESULT_PHASE_VERIFY,	/* do_verify's read-back after a pass */
	RESULT_PHASE_BACKLOG,	/* verify_backlog draining */
};

#define RESULT_PHASES_KEEP 64
struct result_phase {
	unsigned kind;			/* enum result_phase_kind */
	uint64_t start_ms, end_ms;
};

struct result_phases {
	struct result_phase p[2 * RESULT_PHASES_KEEP];	/* in time order */
	unsigned nr;
	uint64_t omitted;		/* phases left out between the two halves */
};

/*
 * The block device under a target (verio's JSON "device"), from sysfs:
 * the target itself, or the whole disk holding its file's filesystem.
 * Strings "" and numbers 0 (rotational -1) are not known.
 */
#define RESULT_DEV_STR 64
struct result_device {
	char name[RESULT_DEV_STR];
	char model[RESULT_DEV_STR], vendor[RESULT_DEV_STR];
	uint64_t size;			/* bytes */
	uint32_t logical_block_size, physical_block_size;
	char write_cache[24];		/* "write back" / "write through" */
	char scheduler[32];		/* the one in use, "none" included */
	int rotational;			/* 0, 1, -1 */
};

/* What a job ran on (verio's JSON "targets"). */
enum result_target_type {
	RESULT_TARGET_FILE = 0,
	RESULT_TARGET_BLOCK,
	RESULT_TARGET_CHAR,
};

struct result_target {
	char *file;			/* as the job names it */
	unsigned type;			/* enum result_target_type */
	uint64_t offset, length;	/* the job's region */
	uint64_t size;			/* of the file or device, 0 = not known */
	bool has_device;
	struct result_device dev;
};

/*
 * The verify map of one file (verio's JSON "map"; verify/vmap.h): the
 * region in cells of cell_bytes (a power-of-two number of units), and
 * per cell the units known written at the end (NULL: not known), the
 * unit reads that verified good and those that failed, and the failures
 * by class (cell, class, count: sorted by cell).
 */
struct result_vmap_fail {
	uint32_t cell;
	unsigned cls;			/* enum vclass */
	uint64_t count;
};

struct result_vmap {
	char *file;
	uint64_t offset, length;	/* the region mapped */
	uint64_t unit, cell_bytes;
	uint32_t cells;
	uint64_t *written;		/* cells entries, or NULL */
	uint64_t *verified, *failed;	/* cells entries */
	struct result_vmap_fail *fails;
	size_t nr_fails;
};

/* Free nr maps and the array. NULL is fine. */
void result_vmaps_free(struct result_vmap *m, size_t nr);

struct job_result {
	char *name;
	char *description;		/* NULL if none */
	unsigned groupid;
	unsigned jobnum;		/* numjobs clone index */
	int error;			/* positive errno of a fatal error, 0 = none */
	char *errmsg;			/* what failed, NULL = strerror(error) */
	int pid;			/* worker thread id (gettid), 0 = none */
	uint64_t elapsed_ns;		/* wall time of the whole job */
	/*
	 * The run was stopped early (a signal or a trigger): why, as
	 * "signal SIGINT", "trigger-file" or "trigger-timeout" (a static
	 * string), in every job's result; NULL when it ran to its end.
	 * interrupted: this job was still set up or running then.
	 */
	const char *interrupt_reason;
	bool interrupted;
	struct result_vcheck vcheck;	/* its state_path is owned */
	struct result_phases phases;
	/* When the run's interruption told it to stop, ms as phases; known
	 * only for an interrupted job whose I/O had begun. */
	bool interrupted_known;
	uint64_t interrupted_ms;
	struct job_stats st;		/* its incidents' file names are owned */
	struct result_vmap *vmaps;	/* one per verified file, owned */
	size_t nr_vmaps;
	/* verio's own: the job's index in the run (clones counted), the seeds
	 * that make it repeatable, and its targets (owned) */
	unsigned job_index;
	struct result_seeds {
		bool randseed_known;	/* randrepeat: randseed= drew the offsets */
		uint64_t randseed;
		uint64_t offset_seed;	/* the job's offset and mix generator */
		uint64_t data_seed;	/* what verify writes (seed and run id) */
		uint64_t run_id;	/* stamped in every unit the run writes */
	} seeds;
	struct result_target *targets;
	size_t nr_targets;
	struct result_opts o;
	/*
	 * Options as written, in order: the kv_global_nr inherited from
	 * global sections first, then the job's own.
	 */
	struct result_kv *kv;
	size_t kv_nr, kv_global_nr;
};

/* Free what res owns and zero it. NULL is fine. */
void job_result_release(struct job_result *res);

/* Release nr results and free the array. NULL is fine. */
void job_results_free(struct job_result *res, size_t nr);

/*
 * One block device's counters over the run, from /proc/diskstats
 * (run/diskutil.c), as fio's "disk_util": [0] read, [1] write; ticks and
 * in_queue in ms; msec is the wall time between the two samples.
 * A device with slaves (dm, md, a partitioned loop's disk) has them
 * right after it, depth first, each naming its master by index.
 */
#define DISK_UTIL_NAME_MAX 64
struct disk_util_result {
	char name[DISK_UTIL_NAME_MAX];
	uint64_t ios[2], merges[2], ticks[2];
	uint64_t io_ticks, in_queue, msec;
	int master;			/* index of its master, -1 = none */
	bool sampled;			/* listed at the start (else all zero) */
	unsigned nr_slaves;
};

/* The devices of a run, owned by whoever sampled them. */
struct disk_util_set {
	struct disk_util_result *d;
	size_t nr;
};

#endif /* VERIO_REPORT_RESULT_H */
