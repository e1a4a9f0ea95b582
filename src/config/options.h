/*
 * options.h - a job's options, and the one table that parses them.
 *
 * struct job_options holds only what the user asked for (after defaults
 * and inheritance). Runtime state lives in struct job (job.h) and
 * statistics in struct job_stats (stats.h).
 */
#ifndef VERIO_CONFIG_OPTIONS_H
#define VERIO_CONFIG_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "optdef.h"

struct bssplit;
struct engine_ops;

/* rw= is a set of these flags. */
enum rw_flags {
	RW_F_READ = 1 << 0,
	RW_F_WRITE = 1 << 1,
	RW_F_RAND = 1 << 2,
	RW_F_TRIM = 1 << 3,	/* trims; with RW_F_WRITE: trimwrite */
};

/* verify_mode= (run/jobverify.c makes it the verifier's enum verify_mode) */
enum {
	OPT_VERIFY_MODE_CHECKSUM = 0,
	OPT_VERIFY_MODE_COMPARE = 1,
};

/* rank_split= (verio-mpi: run/target.c splits a job's region by rank) */
enum {
	RANK_SPLIT_AUTO = 0,	/* region if every rank names the same targets */
	RANK_SPLIT_REGION = 1,	/* rank r of N: the r-th of N equal parts */
	RANK_SPLIT_NONE = 2,	/* every rank: the whole region */
};

/* verify_format= (run/jobverify.c, verify/fioformat.h) */
enum {
	OPT_VERIFY_FORMAT_NATIVE = 0,
	OPT_VERIFY_FORMAT_FIO = 1,
};

/* continue_on_error= is a set of these flags (fio: none read write io verify all). */
enum coe_flags {
	COE_NONE = 0,
	COE_READ = 1 << 0,
	COE_WRITE = 1 << 1,
	COE_VERIFY = 1 << 2,
	COE_IO = COE_READ | COE_WRITE,
	COE_ALL = COE_READ | COE_WRITE | COE_VERIFY,
};

/* fallocate= (fio's modes; run/target.c applies them when laying out files) */
enum fallocate_mode {
	FALLOCATE_NONE = 0,
	FALLOCATE_NATIVE = 1,	/* fallocate(2), falling back to none */
	FALLOCATE_POSIX = 2,	/* posix_fallocate(3) */
	FALLOCATE_KEEP = 3,	/* fallocate(2) with FALLOC_FL_KEEP_SIZE */
	FALLOCATE_TRUNCATE = 4,	/* ftruncate(2) only */
};

/* verify_policy= (fio after 3.42): which writes a saved state counts */
enum verify_policy {
	VPOLICY_UNSET = 0,	/* completed; fsynced for a buffered journal */
	VPOLICY_COMPLETED = 1,
	VPOLICY_FSYNCED = 2,
};

/* rate_process= and thinktime_blocks_type= (run/rate.h) */
enum { OPT_RATE_LINEAR = 0, OPT_RATE_POISSON = 1 };
enum { OPT_THINK_COMPLETE = 0, OPT_THINK_ISSUE = 1 };

enum random_generator {
	RANDGEN_TAUSWORTHE = 0,
	RANDGEN_LFSR = 1,
	RANDGEN_TAUSWORTHE64 = 2,
};

/* zonemode= (fio's; zbd is refused) */
enum zone_mode {
	ZONE_MODE_NONE = 0,
	ZONE_MODE_STRIDED = 1,
	ZONE_MODE_ZBD = 2,
};

/* replay_skip= is a set of these (fio: read, write, trim, sync) */
enum replay_skip_flags {
	REPLAY_SKIP_READ = 1 << 0,
	REPLAY_SKIP_WRITE = 1 << 1,
	REPLAY_SKIP_SYNC = 1 << 2,
	REPLAY_SKIP_TRIM = 1 << 3,
};

#define PCT_LIST_MAX 64
#define PATTERN_MAX (128u << 20)	/* fio's limit on one pattern */

/* log_window_value: what a log_avg_msec window logs (newer fio's). */
enum log_window {
	LOG_WINDOW_AVG = 0,
	LOG_WINDOW_MAX,
	LOG_WINDOW_BOTH,	/* the mean, then the maximum as a column */
};

struct job_options {
	char *name;
	char *description;
	char *filename;		/* as given: ':'-separated, '\:' escapes */
	char *directory;
	char *filename_format;	/* default "$jobname.$jobnum.$filenum" */
	char *ioengine;		/* default "psync" */
	char *wait_for;		/* name of a job to wait for */

	unsigned nrfiles;
	uint64_t size;		/* 0 = from the files */
	double size_percent;	/* size=N%: share of the target, 0 if unset */
	uint64_t filesize_min, filesize_max; /* 0 = size / nrfiles */
	bool fill_device;
	uint64_t offset;
	double offset_percent;	/* offset=N% */
	uint64_t offset_increment;
	unsigned rank_split;	/* RANK_SPLIT_* */
	uint64_t io_size;	/* io_size / io_limit, 0 = size */
	uint64_t number_ios;	/* 0 = unlimited */

	unsigned rw;		/* RW_F_* */
	uint64_t rw_seq_add;	/* rw=write:4k: hole added after each I/O */
	unsigned rw_seq_nr;	/* rw=randread:8: I/Os per new random offset */
	unsigned rwmix[2];	/* read, write percentages (sum 100) */

	uint64_t bs[2];		/* read, write: fixed block size */
	uint64_t min_bs[2], max_bs[2]; /* bsrange; equal to bs when fixed */
	struct bssplit *bssplit[2]; /* NULL when unset */
	size_t bssplit_nr[2];
	uint64_t blockalign[2];	/* 0 = min_bs */
	bool bs_unaligned;

	unsigned iodepth;
	bool direct;		/* buffered = !direct */
	bool atomic;		/* atomic=: writes with RWF_ATOMIC (direct only) */
	bool sync;		/* O_SYNC */
	unsigned fsync_blocks;	/* fsync every N writes, 0 = never */
	unsigned fdatasync_blocks;
	bool end_fsync;
	bool fsync_on_close;

	unsigned numjobs;
	bool group_reporting;
	bool disk_util;	/* fio's disk_util: sample the targets' devices */
	bool stonewall;		/* also wait_for_previous */
	bool new_group;

	uint64_t runtime_us;	/* runtime / timeout, 0 = none */
	bool time_based;
	uint64_t ramp_time_us;
	uint64_t start_delay_us;
	unsigned loops;

	/* Rate and think time (run/rate.c; per direction: read, write) */
	uint64_t rate[2];		/* bytes/s, 0 = not throttled */
	uint64_t rate_iops[2];		/* I/Os per second of the smallest block */
	uint64_t rate_min[2];		/* bytes/s the job must keep up */
	uint64_t rate_iops_min[2];
	unsigned rate_process;		/* OPT_RATE_* */
	unsigned rate_cycle_ms;		/* window of the minimum checks */
	bool rate_ignore_thinktime;
	uint64_t thinktime_us;		/* 0 = none */
	uint64_t thinktime_spin_us;
	unsigned thinktime_blocks;	/* 0 = not set: 1 (or iotime alone) */
	unsigned thinktime_blocks_type;	/* OPT_THINK_* */
	uint64_t thinktime_iotime_us;

	bool randrepeat;
	uint64_t rand_seed;
	bool norandommap;
	unsigned random_generator; /* enum random_generator */
	/* Access shaping (run/iogen.c, lib/distrib.c) */
	char *random_distribution;	/* as given, checked; NULL = uniform */
	bool random_sequence_stride;	/* sequence: move on each round */
	unsigned perc_rand[2];		/* percentage_random: reads, writes */
	unsigned zonemode;		/* enum zone_mode */
	uint64_t zonesize, zonerange, zoneskip;	/* zonemode=strided */

	bool create_on_open;
	unsigned fallocate;	/* enum fallocate_mode */
	unsigned openfiles;	/* files open at once, 0 = nrfiles */
	bool allow_file_create;
	bool unlink;
	bool overwrite;
	bool invalidate;	/* drop the targets' cached pages at job start */
	bool zero_buffers;
	bool refill_buffers;
	bool scramble_buffers;
	uint8_t *buffer_pattern;	/* allocated; NULL = none */
	size_t buffer_pattern_len;	/* 0 = no pattern */
	unsigned buffer_compress_percentage;	/* 0 = not set (run/bufdata.c) */
	uint64_t buffer_compress_chunk;	/* 0 = the block */
	unsigned dedupe_percentage;	/* 0 = not set */

	unsigned continue_on_error; /* COE_* */
	bool exitall;
	bool thread;
	unsigned kb_base;	/* 1024 or 1000 */
	unsigned unit_base;	/* 0 auto, 8 bits, 1 bytes */
	unsigned unified_rw_rep;	/* UNIFIED_* (report/result.h) */

	double percentile_list[PCT_LIST_MAX];
	unsigned percentile_nr;
	bool clat_percentiles;
	bool lat_percentiles;
	bool slat_percentiles;

	bool allow_mounted_write;

	/* Queue depth control and async engines (fio semantics) */
	unsigned iodepth_batch_submit;	/* commit after this many queued (0 = 1) */
	unsigned iodepth_batch_complete_min;
	unsigned iodepth_batch_complete_max;	/* 0 = iodepth */
	unsigned iodepth_low;		/* 0 = iodepth */
	bool serialize_overlap;
	unsigned verify_async;		/* verify threads */
	char *verify_async_cpus;	/* CPU list for them */

	/* Verification (run/jobverify.c, src/verify/, docs/format.md) */
	char *verify;		/* verify= as given; NULL = none; "0" = off */
	bool verify_given;	/* verify= was set, not left at its default */
	bool do_verify;
	bool verify_only;
	uint64_t verify_interval;	/* 0 = the block */
	uint64_t verify_offset;
	uint8_t *verify_pattern;	/* allocated; NULL = none */
	size_t verify_pattern_len;	/* 0 = none */
	uint32_t verify_pattern_ofs[8];	/* where %o puts the block offset */
	size_t verify_pattern_nofs;
	uint64_t verify_pattern_interval;
	bool verify_fatal;
	bool verify_dump;
	bool verify_reread;		/* reread triage of failing units */
	unsigned verify_print_max;	/* failing units printed in full, 0 = all */
	bool verify_allow_overlap;	/* verify jobs may write one region */
	bool verify_overlap;		/* overlapping I/O judged by legal outcomes */
	unsigned verify_backlog;
	unsigned verify_backlog_batch;
	bool trim_verify_zero;		/* a trimmed unit must read back as zeroes */
	unsigned trim_percentage;	/* of the verified writes, trimmed later */
	unsigned trim_backlog;		/* trim after this many writes (0: never) */
	unsigned trim_backlog_batch;	/* trims per backlog batch, 0 = trim_backlog */
	bool verify_state_save;
	bool verify_state_load;
	bool verify_state_required;	/* verify_only: no state found = error */
	uint64_t verify_state_interval_us;	/* checkpoint period, 0 = end only */
	unsigned verify_mode;	/* OPT_VERIFY_MODE_* */
	uint64_t verify_sector_size;
	bool verify_journal;		/* write-intent journal (verify/journal.h) */
	unsigned verify_journal_records;	/* checkpoint after this many records */
	uint64_t verify_atomic_write_size;	/* 0 = the sector size */
	bool experimental_verify;	/* accepted: verio never stores headers */
	bool verify_write_sequence;	/* check the header's generation */
	bool verify_header_seed;	/* check the header's seed and writer */
	unsigned verify_policy;		/* enum verify_policy */
	unsigned verify_format;		/* OPT_VERIFY_FORMAT_* */
	char *verify_fio_version;	/* fio whose media verify_format=fio matches */
	char *mirror;			/* reference files, ':'-separated; NULL = none */
	bool mirror_continue;		/* go on after a mirror mismatch */
	char *verify_bundle;		/* repro bundle of a failing run; NULL = none */
	char *write_history;		/* write history path (run/jobhist.c); NULL = none */
	uint64_t write_history_max;	/* bytes, 0 = unbounded */

	/* I/O logs and replay (run/iolog.c, fio's meanings) */
	char *write_iolog;	/* every I/O issued, appended to this file */
	char *read_iolog;	/* replay this log (':'-separated: one per clone) */
	bool read_iolog_chunked;	/* accepted: the log is read whole at set-up */
	bool replay_no_stall;	/* ignore the log's timing */
	char *replay_redirect;	/* every I/O of the log to this one file */
	uint64_t replay_align;	/* offsets rounded down to this power of 2 */
	uint64_t replay_scale;	/* offsets divided by this */
	unsigned replay_time_scale;	/* percent of the log's pace */
	char *replay_skip;	/* as given: "read,sync" */
	unsigned replay_skip_mask;	/* REPLAY_SKIP_*: the actions it leaves out */

	/* fio's time-series logs (run/joblog.c); a path "" = the job's name */
	char *write_bw_log, *write_lat_log, *write_iops_log, *write_hist_log;
	unsigned log_avg_msec;		/* 0 = a line per I/O */
	unsigned log_hist_msec;		/* 0 = no histogram lines */
	unsigned log_hist_coarseness;	/* 0..6 */
	bool log_max_value, log_offset, log_prio;
	unsigned log_window_value;	/* LOG_WINDOW_*: newer fio's */
	bool log_issue_time;		/* newer fio's issue-time column */
	bool log_unix_epoch, log_alternate_epoch;
	unsigned log_alternate_epoch_clock_id;
	bool per_job_logs;
	unsigned log_entries;		/* accepted: fio's first allocation */
	uint64_t log_compression;	/* bytes per zlib stream, 0 = plain */
	bool log_store_compressed;

	/*
	 * Engine options (each engine's own table: `options` in
	 * include/ioengine.h), parsed into one struct per registered engine
	 * that has options, by registry index: an option is parsed for every
	 * engine that knows it, since ioengine= may come later. A slot is
	 * made (defaults first) on the first option for it, or by
	 * options_engine(). NULL until then.
	 */
	void **engine_opts;
};

/* One option as the user wrote it, for "job options" in JSON and --showcmd. */
struct opt_kv {
	char *name;
	char *value;	/* NULL for a bare boolean */
};

/* A job as parsed, before numjobs expansion. */
struct job_def {
	struct job_options o;
	/*
	 * Options as written, in order: first the kv_global_nr inherited
	 * from global sections (and command-line options before the first
	 * --name), then the job's own. fio's JSON "global options" are
	 * kv[0 .. kv_global_nr), its "job options" the rest.
	 */
	struct opt_kv *kv;
	size_t kv_nr;
	size_t kv_global_nr;
	char *file;		/* job file it came from, NULL for the command line */
	unsigned line;		/* line of its [section] */
	bool file_stonewall;	/* first job of a later job file */
};

/* Where a bad option came from, for error messages. */
struct opt_src {
	const char *file;	/* NULL = command line */
	unsigned line;
};

/* Fill o with verio's (fio's) defaults. */
void options_defaults(struct job_options *o);

/*
 * Parse "name[=value]" into o. On error, prints
 * "verio: job file 'F' line N: <what>" (or "verio: command line: ...")
 * to stderr and returns -EINVAL; returns 0 on success. `kb_base`
 * decisions use o->kb_base as set so far.
 */
int option_set(struct job_options *o, const char *name, const char *value,
	       const struct opt_src *src);

/* Deep copy (strings, bssplit, engine option structs). 0 or -ENOMEM. */
int options_copy(struct job_options *dst, const struct job_options *src);

/* Free what options_copy/option_set allocated. NULL is fine. */
void options_release(struct job_options *o);

/*
 * Cross-option checks after a whole job is parsed, and the job engine's
 * own (its check hook); makes that engine's option struct. 0, or prints
 * and returns -EINVAL.
 */
int options_check(struct job_options *o, const struct opt_src *src);

/*
 * The option table (src/config/options.c). One entry per option drives
 * parsing, defaults, --cmdhelp, docs/job-file.md and the unit test that
 * checks the table is complete. Adding an option is one entry there; an
 * engine's option is one entry in that engine's table. The entry type is
 * in include/optdef.h; its callbacks get a struct job_options as base.
 */

/* A fio option verio knows of but does not support yet. */
struct opt_unsupported {
	const char *name;
	const char *area;	/* what will add it: "verify core", ... */
};

/* Iterate the job table (engine options are not in it): NULL past the end. */
const struct option_def *option_def_at(size_t i);
size_t option_def_count(void);

/*
 * Find an option by name or alias: in the job table, else in the table
 * of the first registered engine that has it. NULL if none.
 */
const struct option_def *option_find(const char *name);

/*
 * The parsed options of engine e for this job: e's struct with its
 * defaults and every option of e's table the job set. Made on first use
 * (options_check makes the job engine's). 0 with *eopts set (NULL when
 * e has no options), -ENOENT if e is not registered, or -ENOMEM.
 */
int options_engine(struct job_options *o, const struct engine_ops *e,
		   const void **eopts);

/* The unsupported-option list: NULL past the end; find returns NULL if absent. */
const struct opt_unsupported *option_unsupported_at(size_t i);
const struct opt_unsupported *option_unsupported_find(const char *name);

/* Category title ("Block size"), type description ("size list ..."). */
const char *option_cat_name(enum opt_cat cat);
const char *option_type_name(enum opt_type type);

/*
 * The closest known option name to `name` for a "did you mean"
 * suggestion (a known name that is a prefix of it, else the nearest by
 * edit distance within about a third of its length), or NULL.
 */
const char *option_suggest(const char *name);

/*
 * Parse value into o without printing: 0, or -EINVAL with the reason in
 * err (no "verio:" prefix). -ENOENT if name is no option at all. An
 * engine option is parsed for every registered engine that knows it.
 */
int option_parse(struct job_options *o, const char *name, const char *value,
		 char *err, size_t errlen);

/*
 * --cmdhelp: with name NULL or "all", every option with its one-line
 * help, by category, then each engine's options; else one option in
 * detail (type, default, aliases, allowed values). Returns 0, or -ENOENT
 * if name is no option (nothing printed; the caller says so).
 */
int options_print_help(FILE *out, const char *name);

/*
 * Check that every table entry is complete and consistent (name, help,
 * type, field offsets and sizes, enum values, default parses), and that
 * no engine option takes a job option's name. Returns 0, or -EINVAL with
 * the first problem in err. For the unit test.
 */
int options_table_check(char *err, size_t errlen);

/*
 * Does the job trim: rw=trim and friends, or, verified, a trim backlog
 * (trim_percentage of its writes trimmed every trim_backlog writes)?
 */
static inline bool options_trims(const struct job_options *o)
{
	bool verifies = o->verify && o->verify[0] && strcmp(o->verify, "0");

	return (o->rw & RW_F_TRIM) ||
	       (verifies && o->trim_percentage && o->trim_backlog && (o->rw & RW_F_WRITE));
}

/* Does the job write (or trim)? verify_only never does, whatever rw= says. */
static inline bool options_writes(const struct job_options *o)
{
	return (o->rw & (RW_F_WRITE | RW_F_TRIM)) && !o->verify_only;
}

#endif /* VERIO_CONFIG_OPTIONS_H */
