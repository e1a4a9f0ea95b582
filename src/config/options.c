/*
 * options.c - the option table, and everything it drives: parsing one
 * "name=value", defaults, copying and freeing, cross-option checks,
 * --cmdhelp and the table self-check used by the unit test.
 *
 * Option names, meanings and defaults follow fio's HOWTO. An option is
 * one entry in opts[] below; a fio option verio does not take yet is one
 * line in unsupported[] (and docs/unsupported-fio-options.md). Engine
 * options live in each engine's own table (include/ioengine.h): they are
 * found through the engine registry and parsed here into the engine's
 * option struct. The generic parsing is in optparse.c.
 */
#include "compat.h"

#include "emsg.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>

#include "csum.h"
#include "distrib.h"
#include "ioengine.h"
#include "config/options.h"
#include "config/optparse.h"
#include "parse.h"

#define FLD(m)  OPT_FIELD(struct job_options, m)
#define FLD2(m) OPT_FIELD2(struct job_options, m)
#define FLD3(m) OPT_FIELD3(struct job_options, m)

#define SEC_US 1000000ULL

/* ---- enum values --------------------------------------------------------- */

static const struct opt_enum_val rw_vals[] = {
	{ "read", RW_F_READ, "sequential reads", false },
	{ "write", RW_F_WRITE, "sequential writes", false },
	{ "randread", RW_F_READ | RW_F_RAND, "random reads", false },
	{ "randwrite", RW_F_WRITE | RW_F_RAND, "random writes", false },
	{ "rw", RW_F_READ | RW_F_WRITE, "sequential mixed reads and writes", false },
	{ "readwrite", RW_F_READ | RW_F_WRITE, "same as rw", false },
	{ "randrw", RW_F_READ | RW_F_WRITE | RW_F_RAND,
	  "random mixed reads and writes", false },
	{ "trim", RW_F_TRIM, "sequential trims (discards)", false },
	{ "randtrim", RW_F_TRIM | RW_F_RAND, "random trims", false },
	{ "trimwrite", RW_F_TRIM | RW_F_WRITE, "trim then write each block", false },
	{ "randtrimwrite", RW_F_TRIM | RW_F_WRITE | RW_F_RAND,
	  "trimwrite at random offsets", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val sync_vals[] = {
	{ "none", 0, "buffered or direct writes as usual", false },
	{ "0", 0, "same as none", false },
	{ "sync", 1, "open the files O_SYNC", false },
	{ "1", 1, "same as sync", false },
	{ "dsync", 0, "open the files O_DSYNC", true },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val coe_vals[] = {
	{ "none", COE_NONE, "stop the job at the first error", false },
	{ "read", COE_READ, "carry on after read errors", false },
	{ "write", COE_WRITE, "carry on after write errors", false },
	{ "io", COE_IO, "carry on after any I/O error", false },
	{ "verify", COE_VERIFY, "carry on after verification failures", false },
	{ "all", COE_ALL, "carry on after I/O errors and verification failures", false },
	{ "0", COE_NONE, "same as none", false },
	{ "1", COE_ALL, "same as all", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val verify_format_vals[] = {
	{ "native", OPT_VERIFY_FORMAT_NATIVE,
	  "verio's format: header, checksum and a stamp in every sector", false },
	{ "fio", OPT_VERIFY_FORMAT_FIO,
	  "fio's verify header and checksums: media fio writes and verifies", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val verify_mode_vals[] = {
	{ "checksum", OPT_VERIFY_MODE_CHECKSUM, "check each unit's header and checksum", false },
	{ "compare", OPT_VERIFY_MODE_COMPARE,
	  "regenerate each unit and compare every byte", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val rank_split_vals[] = {
	{ "auto", RANK_SPLIT_AUTO,
	  "region when every rank names the same files, else none", false },
	{ "region", RANK_SPLIT_REGION, "rank r of N takes the r-th of N equal parts", false },
	{ "none", RANK_SPLIT_NONE, "every rank takes the whole region", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val fallocate_vals[] = {
	{ "none", FALLOCATE_NONE, "do not pre-allocate space", false },
	{ "native", FALLOCATE_NATIVE,
	  "fallocate(2); where the file system cannot, as none", false },
	{ "posix", FALLOCATE_POSIX, "posix_fallocate(3)", false },
	{ "keep", FALLOCATE_KEEP, "fallocate(2) with FALLOC_FL_KEEP_SIZE: blocks, no size", false },
	{ "truncate", FALLOCATE_TRUNCATE, "ftruncate(2) to the size, no blocks", false },
	{ "0", FALLOCATE_NONE, "same as none", false },
	{ "1", FALLOCATE_POSIX, "same as posix", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val vpolicy_vals[] = {
	{ "completed", VPOLICY_COMPLETED, "a saved state counts every completed write", false },
	{ "fsynced", VPOLICY_FSYNCED,
	  "a saved state counts a write once a completed fsync covers it (journal)", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val randgen_vals[] = {
	{ "tausworthe", RANDGEN_TAUSWORTHE, "strong 2^88 cycle generator", false },
	{ "lfsr", RANDGEN_LFSR, "linear feedback shift register: never repeats an offset", false },
	{ "tausworthe64", RANDGEN_TAUSWORTHE64, "64-bit 2^258 cycle generator", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val zonemode_vals[] = {
	{ "none", ZONE_MODE_NONE, "no zones: zonesize, zonerange, zoneskip unused", false },
	{ "strided", ZONE_MODE_STRIDED,
	  "zonesize bytes in each zone of zonerange bytes, zoneskip between zones", false },
	{ "zbd", ZONE_MODE_ZBD, "zoned block devices", true },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val rate_process_vals[] = {
	{ "linear", OPT_RATE_LINEAR, "evenly spaced I/Os", false },
	{ "poisson", OPT_RATE_POISSON, "random gaps: a Poisson process of the same mean", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val think_type_vals[] = {
	{ "complete", OPT_THINK_COMPLETE, "count completed I/Os", false },
	{ "issue", OPT_THINK_ISSUE, "count issued I/Os", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val kb_base_vals[] = {
	{ "1024", 1024, "k, m, g are powers of 2; ki, mi, gi powers of 10 (fio compatible)", false },
	{ "1000", 1000, "k, m, g are powers of 10; ki, mi, gi powers of 2 (SI and IEC)", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val unit_base_vals[] = {
	{ "0", 0, "choose automatically", false },
	{ "8", 8, "report in bytes", false },
	{ "1", 1, "report in bits", false },
	{ NULL, 0, NULL, false },
};

/*
 * unified_rw_reporting: fio's names, and its former boolean values as
 * aliases; the values are UNIFIED_* of report/result.h (the report reads them).
 */
static const struct opt_enum_val unified_vals[] = {
	{ "none", 0, "report each direction on its own", false },
	{ "mixed", 1, "sum all directions into one \"mixed\" one", false },
	{ "both", 2, "each direction, then the mixed sum", false },
	{ "0", 0, "alias for none", false },
	{ "1", 1, "alias for mixed", false },
	{ "2", 2, "alias for both", false },
	{ NULL, 0, NULL, false },
};

/* ---- special parsers (defined below the table) ------------------------- */

static int parse_rw(void *base, const struct option_def *d,
		    const char *v, char *err, size_t len);
static int parse_rwmix(void *base, const struct option_def *d,
		       const char *v, char *err, size_t len);
static int parse_ioengine(void *base, const struct option_def *d,
			  const char *v, char *err, size_t len);
static int parse_verify(void *base, const struct option_def *d,
			const char *v, char *err, size_t len);
static int parse_vpattern(void *base, const struct option_def *d,
			  const char *v, char *err, size_t len);
static int parse_replay_skip(void *base, const struct option_def *d,
			     const char *v, char *err, size_t len);
static int parse_pow2(void *base, const struct option_def *d,
		      const char *v, char *err, size_t len);
static int parse_rdist(void *base, const struct option_def *d,
		       const char *v, char *err, size_t len);
static int parse_perc_rand(void *base, const struct option_def *d,
			   const char *v, char *err, size_t len);

/* ---- the table ------------------------------------------------------------ */

static const struct opt_enum_val log_window_vals[] = {
	{ "avg", LOG_WINDOW_AVG, "the window's mean", false },
	{ "max", LOG_WINDOW_MAX, "the window's maximum", false },
	{ "both", LOG_WINDOW_BOTH, "the mean, then the maximum", false },
	{ "0", LOG_WINDOW_AVG, "same as avg", false },
	{ "1", LOG_WINDOW_MAX, "same as max", false },
	{ NULL, 0, NULL, false },
};

static const struct option_def opts[] = {
	/* Job description */
	{ .name = "name", .type = OPT_STR, .cat = OPT_CAT_DESC, FLD(name),
	  .help = "job name (on the command line, --name starts a new job)" },
	{ .name = "description", .type = OPT_STR, .cat = OPT_CAT_DESC, FLD(description),
	  .help = "free text shown with the job's results" },

	/* Target files and devices */
	{ .name = "filename", .type = OPT_STR, .cat = OPT_CAT_FILE, FLD(filename),
	  .help = "file or device to use; several separated by ':' (escape a ':' as '\\:')" },
	{ .name = "directory", .type = OPT_STR, .cat = OPT_CAT_FILE, FLD(directory),
	  .help = "directory the job's files are placed in" },
	{ .name = "filename_format", .type = OPT_STR, .cat = OPT_CAT_FILE,
	  FLD(filename_format), .def = "$jobname.$jobnum.$filenum",
	  .help = "name of generated files ($jobname, $jobnum, $filenum are replaced)" },
	{ .name = "nrfiles", .alias = { "nr_files" }, .type = OPT_UINT, .cat = OPT_CAT_FILE,
	  FLD(nrfiles), .def = "1", .min = 1,
	  .help = "number of files the job's I/O is spread over" },
	{ .name = "create_on_open", .type = OPT_BOOL, .cat = OPT_CAT_FILE,
	  FLD(create_on_open), .def = "0",
	  .help = "create files when they are opened for I/O instead of before the job" },
	{ .name = "allow_file_create", .type = OPT_BOOL, .cat = OPT_CAT_FILE,
	  FLD(allow_file_create), .def = "1",
	  .help = "allow creating files that do not exist" },
	{ .name = "fallocate", .type = OPT_ENUM, .cat = OPT_CAT_FILE, FLD(fallocate),
	  .vals = fallocate_vals, .def = "native",
	  .help = "how space is pre-allocated when a file is laid out" },
	{ .name = "openfiles", .type = OPT_UINT, .cat = OPT_CAT_FILE, FLD(openfiles),
	  .def = "0", .help = "keep at most this many of the job's files open at once (0 = nrfiles)" },
	{ .name = "unlink", .type = OPT_BOOL, .cat = OPT_CAT_FILE, FLD(unlink), .def = "0",
	  .help = "delete the job's files when it is done" },
	{ .name = "overwrite", .type = OPT_BOOL, .cat = OPT_CAT_FILE, FLD(overwrite),
	  .def = "0", .help = "lay out files fully before writing to them" },
	{ .name = "invalidate", .type = OPT_BOOL, .cat = OPT_CAT_FILE, FLD(invalidate),
	  .def = "1", .help = "drop the page cache of each target's region before the job starts "
			       "(buffered I/O)" },

	/* I/O type */
	{ .name = "rw", .alias = { "readwrite" }, .type = OPT_ENUM, .cat = OPT_CAT_IOTYPE,
	  FLD(rw), FLD2(rw_seq_add), FLD3(rw_seq_nr), .vals = rw_vals, .def = "read",
	  .parse = parse_rw,
	  .help = "I/O pattern; a ':N' suffix adds an N byte hole after each sequential "
		  "I/O, or makes N sequential I/Os per random offset" },
	{ .name = "rwmixread", .type = OPT_UINT, .cat = OPT_CAT_IOTYPE,
	  FLD(rwmix[0]), FLD2(rwmix[1]), .def = "50", .min = 0, .max = 100,
	  .parse = parse_rwmix,
	  .help = "percentage of a mixed workload that is reads (sets rwmixwrite to the rest)" },
	{ .name = "rwmixwrite", .type = OPT_UINT, .cat = OPT_CAT_IOTYPE,
	  FLD(rwmix[1]), FLD2(rwmix[0]), .def = "50", .min = 0, .max = 100,
	  .parse = parse_rwmix,
	  .help = "percentage of a mixed workload that is writes (sets rwmixread to the rest)" },
	{ .name = "write_iolog", .type = OPT_STR, .cat = OPT_CAT_IOTYPE, FLD(write_iolog),
	  .help = "log every I/O issued to this file in fio's iolog v3 format (appended)" },
	{ .name = "read_iolog", .type = OPT_STR, .cat = OPT_CAT_IOTYPE, FLD(read_iolog),
	  .help = "replay the I/O of a fio iolog (v2 or v3); ':'-separated: one per numjobs clone" },
	{ .name = "read_iolog_chunked", .type = OPT_BOOL, .cat = OPT_CAT_IOTYPE,
	  FLD(read_iolog_chunked), .def = "0",
	  .help = "fio: read the iolog in parts; verio reads it whole at set-up (no effect)" },
	{ .name = "replay_no_stall", .type = OPT_BOOL, .cat = OPT_CAT_IOTYPE,
	  FLD(replay_no_stall), .def = "0",
	  .help = "replay the iolog as fast as possible, ignoring its timestamps and waits" },
	{ .name = "replay_redirect", .type = OPT_STR, .cat = OPT_CAT_IOTYPE,
	  FLD(replay_redirect), .help = "replay every I/O of the iolog onto this one file or device" },
	{ .name = "replay_align", .type = OPT_SIZE, .cat = OPT_CAT_IOTYPE, FLD(replay_align),
	  .def = "0", .parse = parse_pow2,
	  .help = "round the iolog's offsets down to this power of 2 (0 = as logged)" },
	{ .name = "replay_scale", .type = OPT_UINT, .cat = OPT_CAT_IOTYPE, FLD(replay_scale),
	  .def = "1", .min = 1, .help = "divide the iolog's offsets by this" },
	{ .name = "replay_time_scale", .type = OPT_UINT, .cat = OPT_CAT_IOTYPE,
	  FLD(replay_time_scale), .def = "100", .min = 1,
	  .help = "replay the iolog at this percentage of its recorded pace (200 = twice as fast)" },
	{ .name = "replay_skip", .type = OPT_STR, .cat = OPT_CAT_IOTYPE, FLD(replay_skip),
	  FLD2(replay_skip_mask), .parse = parse_replay_skip,
	  .help = "leave these actions of the iolog out: a list of read, write, trim, sync" },
	{ .name = "direct", .type = OPT_BOOL, .cat = OPT_CAT_IOTYPE, FLD(direct), .def = "0",
	  .help = "use non-buffered I/O (O_DIRECT)" },
	{ .name = "buffered", .type = OPT_BOOL, .cat = OPT_CAT_IOTYPE, FLD(direct),
	  .flags = OPT_F_INVERT, .def = "1",
	  .help = "use buffered I/O: the opposite of direct" },
	{ .name = "atomic", .type = OPT_BOOL, .cat = OPT_CAT_IOTYPE, FLD(atomic), .def = "0",
	  .help = "write with torn-write protection (RWF_ATOMIC): needs direct=1 and "
		  "ioengine=pvsync2, libaio or io_uring" },

	/* Block size */
	{ .name = "bs", .alias = { "blocksize" }, .type = OPT_BS_LIST, .cat = OPT_CAT_BS,
	  FLD(bs), FLD2(min_bs), FLD3(max_bs), .flags = OPT_F_SET_MINMAX, .def = "4k",
	  .min = 1, .help = "block size of each I/O" },
	{ .name = "bsrange", .alias = { "blocksize_range" }, .type = OPT_BS_RANGE,
	  .cat = OPT_CAT_BS, FLD(min_bs), FLD2(max_bs), FLD3(bs), .min = 1,
	  .help = "range of block sizes: each I/O picks a size in LO-HI, a multiple of LO" },
	{ .name = "bssplit", .type = OPT_BSSPLIT, .cat = OPT_CAT_BS,
	  FLD(bssplit), FLD2(bssplit_nr),
	  .help = "weighted block sizes SIZE/PERCENT:SIZE/PERCENT:...; "
		  "overrides bs and bsrange" },
	{ .name = "blockalign", .alias = { "ba" }, .type = OPT_BS_LIST, .cat = OPT_CAT_BS,
	  FLD(blockalign), .min = 1,
	  .help = "boundary random I/O offsets are aligned to (default: the minimum block size)" },
	{ .name = "bs_unaligned", .alias = { "blocksize_unaligned" }, .type = OPT_BOOL,
	  .cat = OPT_CAT_BS, FLD(bs_unaligned), .def = "0",
	  .help = "with bsrange, allow any size in the range, not only multiples of LO" },

	/* Where and how much */
	{ .name = "size", .type = OPT_SIZE_PCT, .cat = OPT_CAT_SIZE, FLD(size),
	  FLD2(size_percent),
	  .help = "total bytes of the job's region, or N% of the target (default: whole files)" },
	{ .name = "filesize", .type = OPT_SIZE_RANGE, .cat = OPT_CAT_SIZE,
	  FLD(filesize_min), FLD2(filesize_max),
	  .help = "size of each file, or a LO-HI range (default: size / nrfiles)" },
	{ .name = "fill_device", .alias = { "fill_fs" }, .type = OPT_BOOL, .cat = OPT_CAT_SIZE,
	  FLD(fill_device), .def = "0",
	  .help = "write until the device or file system is full (ENOSPC)" },
	{ .name = "offset", .type = OPT_SIZE_PCT, .cat = OPT_CAT_SIZE, FLD(offset),
	  FLD2(offset_percent),
	  .help = "start of the I/O region in each file, in bytes or as N% of the target" },
	{ .name = "offset_increment", .type = OPT_SIZE, .cat = OPT_CAT_SIZE,
	  FLD(offset_increment), .def = "0",
	  .help = "added to offset once per numjobs clone: clone N starts at offset + N * this" },
	{ .name = "rank_split", .type = OPT_ENUM, .cat = OPT_CAT_SIZE, FLD(rank_split),
	  .vals = rank_split_vals, .def = "auto",
	  .help = "verio-mpi: how the ranks share each file's region (one rank: no effect)" },
	{ .name = "io_size", .alias = { "io_limit" }, .type = OPT_SIZE, .cat = OPT_CAT_SIZE,
	  FLD(io_size),
	  .help = "bytes of I/O to do, if not size (wraps around the region)" },
	{ .name = "number_ios", .type = OPT_UINT, .cat = OPT_CAT_SIZE, FLD(number_ios),
	  .def = "0", .help = "stop after this many I/Os (0: no limit)" },

	/* Engine, depth and syncing */
	{ .name = "ioengine", .type = OPT_STR, .cat = OPT_CAT_ENGINE, FLD(ioengine),
	  .def = "psync", .parse = parse_ioengine,
	  .help = "how I/O is issued (see --enghelp)" },
	{ .name = "iodepth", .type = OPT_UINT, .cat = OPT_CAT_ENGINE, FLD(iodepth),
	  .def = "1", .min = 1, .help = "I/Os kept in flight at once" },
	{ .name = "iodepth_batch_submit", .alias = { "iodepth_batch" }, .type = OPT_UINT,
	  .cat = OPT_CAT_ENGINE, FLD(iodepth_batch_submit), .def = "1",
	  .help = "submit queued I/Os in batches of this many (0 = iodepth)" },
	{ .name = "iodepth_batch_complete_min", .alias = { "iodepth_batch_complete" },
	  .type = OPT_UINT, .cat = OPT_CAT_ENGINE, FLD(iodepth_batch_complete_min), .def = "1",
	  .help = "completions to wait for at least when the queue is full" },
	{ .name = "iodepth_batch_complete_max", .type = OPT_UINT, .cat = OPT_CAT_ENGINE,
	  FLD(iodepth_batch_complete_max), .def = "0",
	  .help = "completions to reap at most at once (0 = iodepth)" },
	{ .name = "iodepth_low", .type = OPT_UINT, .cat = OPT_CAT_ENGINE, FLD(iodepth_low),
	  .def = "0", .help = "when the queue is full, reap down to this depth (0 = iodepth)" },
	{ .name = "serialize_overlap", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  FLD(serialize_overlap), .def = "0",
	  .help = "never have two overlapping I/Os in flight (always on when verifying)" },
	{ .name = "sync", .type = OPT_ENUM, .cat = OPT_CAT_ENGINE, FLD(sync), .def = "none",
	  .vals = sync_vals, .help = "open files for synchronous writes" },
	{ .name = "fsync", .type = OPT_UINT, .cat = OPT_CAT_ENGINE, FLD(fsync_blocks),
	  .def = "0", .help = "fsync after every N writes (0: never)" },
	{ .name = "fdatasync", .type = OPT_UINT, .cat = OPT_CAT_ENGINE,
	  FLD(fdatasync_blocks), .def = "0", .help = "fdatasync after every N writes (0: never)" },
	{ .name = "end_fsync", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, FLD(end_fsync),
	  .def = "0", .help = "fsync the files when the job's writes are done" },
	{ .name = "fsync_on_close", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  FLD(fsync_on_close), .def = "0", .help = "fsync each written file when closing it" },

	/* Time and repetition */
	{ .name = "runtime", .alias = { "timeout" }, .type = OPT_TIME, .cat = OPT_CAT_TIME,
	  FLD(runtime_us), .time_unit_us = SEC_US, .def = "0",
	  .help = "stop the job after this long (0: no limit)" },
	{ .name = "time_based", .type = OPT_BOOL, .cat = OPT_CAT_TIME, FLD(time_based),
	  .def = "0", .help = "keep going over the region until runtime has passed" },
	{ .name = "ramp_time", .type = OPT_TIME, .cat = OPT_CAT_TIME, FLD(ramp_time_us),
	  .time_unit_us = SEC_US, .def = "0",
	  .help = "run this long before statistics are counted" },
	{ .name = "startdelay", .type = OPT_TIME, .cat = OPT_CAT_TIME, FLD(start_delay_us),
	  .time_unit_us = SEC_US, .def = "0", .help = "wait this long before starting the job" },
	{ .name = "loops", .type = OPT_UINT, .cat = OPT_CAT_TIME, FLD(loops), .def = "1",
	  .min = 1, .help = "run the whole workload this many times" },

	/* Rate and think time (run/rate.c) */
	{ .name = "rate", .type = OPT_BS_LIST, .cat = OPT_CAT_TIME, FLD(rate),
	  .help = "cap the bandwidth, in bytes per second: read[,write]" },
	{ .name = "rate_iops", .type = OPT_BS_LIST, .cat = OPT_CAT_TIME, FLD(rate_iops),
	  .help = "cap the I/Os per second (of the smallest block): read[,write]" },
	{ .name = "rate_min", .alias = { "ratemin" }, .type = OPT_BS_LIST, .cat = OPT_CAT_TIME,
	  FLD(rate_min),
	  .help = "fail the job when its bandwidth falls below this (bytes/s): read[,write]" },
	{ .name = "rate_iops_min", .type = OPT_BS_LIST, .cat = OPT_CAT_TIME,
	  FLD(rate_iops_min),
	  .help = "fail the job when its I/Os per second fall below this: read[,write]" },
	{ .name = "rate_process", .type = OPT_ENUM, .cat = OPT_CAT_TIME, FLD(rate_process),
	  .vals = rate_process_vals, .def = "linear", .help = "how rated I/Os are spaced" },
	{ .name = "rate_cycle", .alias = { "ratecycle" }, .type = OPT_UINT, .cat = OPT_CAT_TIME,
	  FLD(rate_cycle_ms), .def = "1000", .min = 1,
	  .help = "milliseconds over which rate_min and rate_iops_min are averaged" },
	{ .name = "rate_ignore_thinktime", .type = OPT_BOOL, .cat = OPT_CAT_TIME,
	  FLD(rate_ignore_thinktime), .def = "0",
	  .help = "after a thinktime stall, go on at the rate instead of catching up" },
	{ .name = "thinktime", .type = OPT_TIME, .cat = OPT_CAT_TIME, FLD(thinktime_us),
	  .time_unit_us = 1, .def = "0",
	  .help = "stall this long after each thinktime_blocks I/Os" },
	{ .name = "thinktime_spin", .type = OPT_TIME, .cat = OPT_CAT_TIME,
	  FLD(thinktime_spin_us), .time_unit_us = 1, .def = "0",
	  .help = "spend this much of each thinktime spinning on the CPU, then sleep" },
	{ .name = "thinktime_blocks", .type = OPT_UINT, .cat = OPT_CAT_TIME,
	  FLD(thinktime_blocks), .min = 1, .help = "I/Os between thinktime stalls (default 1)" },
	{ .name = "thinktime_blocks_type", .type = OPT_ENUM, .cat = OPT_CAT_TIME,
	  FLD(thinktime_blocks_type), .vals = think_type_vals, .def = "complete",
	  .help = "whether thinktime_blocks counts completed or issued I/Os" },
	{ .name = "thinktime_iotime", .type = OPT_TIME, .cat = OPT_CAT_TIME,
	  FLD(thinktime_iotime_us), .time_unit_us = SEC_US, .def = "0",
	  .help = "stall for thinktime after each period this long of doing I/O" },

	/* Jobs, groups and ordering */
	{ .name = "numjobs", .type = OPT_UINT, .cat = OPT_CAT_JOBS, FLD(numjobs), .def = "1",
	  .min = 1, .help = "run this many clones of the job" },
	{ .name = "thread", .type = OPT_BOOL, .cat = OPT_CAT_JOBS, FLD(thread), .def = "0",
	  .help = "accepted for fio compatibility: verio always runs jobs as threads" },
	{ .name = "group_reporting", .type = OPT_BOOL, .cat = OPT_CAT_JOBS,
	  FLD(group_reporting), .def = "0",
	  .help = "report each group as a whole instead of job by job" },
	{ .name = "new_group", .type = OPT_BOOL, .cat = OPT_CAT_JOBS, FLD(new_group),
	  .def = "0", .help = "start a new reporting group with this job" },
	{ .name = "stonewall", .alias = { "wait_for_previous" }, .type = OPT_BOOL,
	  .cat = OPT_CAT_JOBS, FLD(stonewall), .def = "0",
	  .help = "wait for every earlier job to finish before starting (starts a new group)" },
	{ .name = "wait_for", .type = OPT_STR, .cat = OPT_CAT_JOBS, FLD(wait_for),
	  .help = "start only when the named earlier job has finished" },
	{ .name = "exitall", .type = OPT_BOOL, .cat = OPT_CAT_JOBS, FLD(exitall), .def = "0",
	  .help = "stop all jobs when this one finishes" },

	/* Random offsets */
	{ .name = "randrepeat", .type = OPT_BOOL, .cat = OPT_CAT_RANDOM, FLD(randrepeat),
	  .def = "1", .help = "seed the offset generator the same way on every run" },
	{ .name = "randseed", .type = OPT_UINT, .cat = OPT_CAT_RANDOM, FLD(rand_seed),
	  .def = "0x89", .help = "seed of the random generators" },
	{ .name = "norandommap", .type = OPT_BOOL, .cat = OPT_CAT_RANDOM, FLD(norandommap),
	  .def = "0",
	  .help = "do not track which blocks were done: random I/O may repeat or skip blocks" },
	{ .name = "random_generator", .type = OPT_ENUM, .cat = OPT_CAT_RANDOM,
	  FLD(random_generator), .vals = randgen_vals, .def = "tausworthe",
	  .help = "generator of random offsets" },
	{ .name = "random_distribution", .type = OPT_STR, .cat = OPT_CAT_RANDOM,
	  FLD(random_distribution), .parse = parse_rdist, .def = "random",
	  .help = "random offsets: random, zipf[:theta], pareto[:h], normal[:dev] (each "
		  "with [:center]), zoned:A/S[:...], zoned_abs:A/SIZE[:...], sequence:B[,B...]" },
	{ .name = "random_sequence_stride", .type = OPT_BOOL, .cat = OPT_CAT_RANDOM,
	  FLD(random_sequence_stride), .def = "0",
	  .help = "random_distribution=sequence: each round moves on by the sequence's length" },
	{ .name = "percentage_random", .type = OPT_UINT, .cat = OPT_CAT_RANDOM,
	  FLD(perc_rand[0]), FLD2(perc_rand[1]), .def = "100", .max = 100,
	  .parse = parse_perc_rand,
	  .help = "percent of a random job's I/Os at random offsets, the rest sequential "
		  "(read[,write])" },
	{ .name = "zonemode", .type = OPT_ENUM, .cat = OPT_CAT_RANDOM, FLD(zonemode),
	  .vals = zonemode_vals, .def = "none", .help = "how zonesize, zonerange and zoneskip apply" },
	{ .name = "zonesize", .type = OPT_SIZE, .cat = OPT_CAT_RANDOM, FLD(zonesize),
	  .def = "0", .help = "zonemode=strided: bytes of I/O in a zone before moving on" },
	{ .name = "zonerange", .type = OPT_SIZE, .cat = OPT_CAT_RANDOM, FLD(zonerange),
	  .def = "0", .help = "zonemode=strided: size of a zone (0 = zonesize)" },
	{ .name = "zoneskip", .type = OPT_SIZE, .cat = OPT_CAT_RANDOM, FLD(zoneskip),
	  .def = "0", .help = "zonemode=strided: bytes skipped after each zone" },

	/* Buffer contents */
	{ .name = "zero_buffers", .type = OPT_BOOL, .cat = OPT_CAT_BUFFER,
	  FLD(zero_buffers), .def = "0", .help = "fill write buffers with zeros" },
	{ .name = "refill_buffers", .type = OPT_BOOL, .cat = OPT_CAT_BUFFER,
	  FLD(refill_buffers), .def = "0", .help = "refill write buffers before every write" },
	{ .name = "scramble_buffers", .type = OPT_BOOL, .cat = OPT_CAT_BUFFER,
	  FLD(scramble_buffers), .def = "1",
	  .help = "vary write buffers slightly on every write to defeat deduplication" },
	{ .name = "buffer_pattern", .type = OPT_PATTERN, .cat = OPT_CAT_BUFFER,
	  FLD(buffer_pattern), FLD2(buffer_pattern_len), .max = PATTERN_MAX,
	  .help = "fill write buffers with this pattern: 0xHEX, \"text\", a number, or a mix" },
	{ .name = "buffer_compress_percentage", .type = OPT_UINT, .cat = OPT_CAT_BUFFER,
	  FLD(buffer_compress_percentage), .min = 1, .max = 100,
	  .help = "make write buffers (and laid-out files) compress to this percentage" },
	{ .name = "buffer_compress_chunk", .type = OPT_SIZE, .cat = OPT_CAT_BUFFER,
	  FLD(buffer_compress_chunk), .def = "512",
	  .help = "size of each random-then-compressible region (0: the block)" },
	{ .name = "dedupe_percentage", .type = OPT_UINT, .cat = OPT_CAT_BUFFER,
	  FLD(dedupe_percentage), .min = 1, .max = 100,
	  .help = "make this percentage of write blocks copies of one block" },

	/* Verification */
	{ .name = "verify", .type = OPT_STR, .cat = OPT_CAT_VERIFY, FLD(verify),
	  .parse = parse_verify, .def = "0",
	  .help = "verify written data: md5 crc64 crc32c crc32c-intel crc32 crc16 crc7 "
		  "sha1 sha256 sha512 sha3-224 sha3-256 sha3-384 sha3-512 xxhash xxh64 "
		  "xxh3 meta pattern pattern_hdr null, or 0" },
	{ .name = "do_verify", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY, FLD(do_verify),
	  .def = "1", .help = "run a verify phase after the writes of each pass" },
	{ .name = "verify_only", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY, FLD(verify_only),
	  .def = "0", .help = "do not write: only verify what an earlier run of this job wrote" },
	{ .name = "verify_interval", .type = OPT_SIZE, .cat = OPT_CAT_VERIFY,
	  FLD(verify_interval), .def = "0",
	  .help = "verify unit length: split blocks into units of this size (0 = the block)" },
	{ .name = "verify_offset", .type = OPT_SIZE, .cat = OPT_CAT_VERIFY,
	  FLD(verify_offset), .def = "0", .help = "place the verify header this far into each unit" },
	{ .name = "verify_pattern", .type = OPT_PATTERN, .cat = OPT_CAT_VERIFY,
	  FLD(verify_pattern), FLD2(verify_pattern_len), .max = PATTERN_MAX,
	  .parse = parse_vpattern,
	  .help = "payload of verified units: 0xHEX, \"text\", a number, or a mix" },
	{ .name = "verify_pattern_interval", .type = OPT_SIZE, .cat = OPT_CAT_VERIFY,
	  FLD(verify_pattern_interval), .def = "0",
	  .help = "restart verify_pattern every this many bytes (0 = at each unit)" },
	{ .name = "verify_fatal", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY, FLD(verify_fatal),
	  .def = "0", .help = "stop the job at the first verification failure" },
	{ .name = "verify_dump", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY, FLD(verify_dump),
	  .def = "0",
	  .help = "dump received and expected data of failing units to the aux path" },
	{ .name = "verify_reread", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_reread), .def = "1",
	  .help = "reread a failing unit with the cache bypassed: persistent or transient" },
	{ .name = "verify_bundle", .type = OPT_STR, .cat = OPT_CAT_VERIFY, FLD(verify_bundle),
	  .help = "write a repro bundle (.tar.gz) here when the run fails verification" },
	{ .name = "verify_print_max", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(verify_print_max), .def = "10",
	  .help = "print at most this many failing units in full per job (0 = all)" },
	{ .name = "mirror", .type = OPT_STR, .cat = OPT_CAT_VERIFY, FLD(mirror),
	  .help = "reference file per target (':'-separated): writes go to both, reads are compared" },
	{ .name = "mirror_continue", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(mirror_continue), .def = "0",
	  .help = "report every mirror mismatch and go on, instead of stopping at the first" },
	{ .name = "write_history", .type = OPT_STR, .cat = OPT_CAT_VERIFY, FLD(write_history),
	  .help = "log every write, its completion and the syncs to this file (docs/format.md)" },
	{ .name = "write_history_max", .type = OPT_SIZE, .cat = OPT_CAT_VERIFY,
	  FLD(write_history_max), .def = "0",
	  .help = "bound the write history: past half of it, PATH becomes PATH.1 (0 = unbounded)" },
	{ .name = "verify_allow_overlap", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_allow_overlap), .def = "0",
	  .help = "let verify jobs and clones write overlapping regions of one file" },
	{ .name = "verify_overlap", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_overlap), .def = "0",
	  .help = "overlapping writes in flight together, across clones and jobs: every read judged against every legal outcome" },
	{ .name = "verify_backlog", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(verify_backlog), .def = "0",
	  .help = "verify written blocks after every this many writes (0 = after the pass)" },
	{ .name = "verify_backlog_batch", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(verify_backlog_batch), .def = "0",
	  .help = "blocks verified each time the backlog is due (0 = verify_backlog)" },
	{ .name = "trim_verify_zero", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(trim_verify_zero), .def = "1",
	  .help = "a trimmed block must read back as zeroes (0: anything is accepted)" },
	{ .name = "trim_percentage", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(trim_percentage), .def = "0", .min = 0, .max = 100,
	  .help = "percentage of the verified writes trimmed later (with trim_backlog)" },
	{ .name = "trim_backlog", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(trim_backlog), .def = "0",
	  .help = "trim the picked blocks after this many writes (0 = never)" },
	{ .name = "trim_backlog_batch", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(trim_backlog_batch), .def = "0",
	  .help = "blocks trimmed each time the trim backlog is due (0 = trim_backlog)" },
	{ .name = "verify_state_save", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_state_save), .def = "1",
	  .help = "save the generation map of a verified write job for a later run" },
	{ .name = "verify_state_load", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_state_load), .def = "0",
	  .help = "load the state an earlier run of this job saved, and verify against it" },
	{ .name = "verify_state_required", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_state_required), .def = "0",
	  .help = "verify_only: refuse to run when no saved state is found (else a warning)" },
	{ .name = "verify_state_interval", .type = OPT_TIME, .cat = OPT_CAT_VERIFY,
	  FLD(verify_state_interval_us), .time_unit_us = SEC_US, .def = "10",
	  .help = "checkpoint the verify state this often during a write job (0 = at its end only)" },
	{ .name = "verify_mode", .type = OPT_ENUM, .cat = OPT_CAT_VERIFY, FLD(verify_mode),
	  .vals = verify_mode_vals, .def = "checksum",
	  .help = "how a unit is checked: its checksum, or every regenerated byte" },
	{ .name = "verify_format", .type = OPT_ENUM, .cat = OPT_CAT_VERIFY, FLD(verify_format),
	  .vals = verify_format_vals, .def = "native",
	  .help = "on-disk format of verified units: native, or fio's header (fio can verify it)" },
	{ .name = "verify_fio_version", .type = OPT_STR, .cat = OPT_CAT_VERIFY,
	  FLD(verify_fio_version), .def = "3.33",
	  .help = "verify_format=fio: the fio version whose header to write and read "
		  "(3.0-3.40: 40-byte header, 3.41 on: 48-byte header with version byte 0x81)" },
	{ .name = "verify_async", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(verify_async), .def = "0", .max = 64,
	  .help = "verify completed reads in this many threads (0 = in the job's thread)" },
	{ .name = "verify_async_cpus", .type = OPT_STR, .cat = OPT_CAT_VERIFY,
	  FLD(verify_async_cpus), .help = "CPUs the verify threads run on: 0,2-3" },
	{ .name = "verify_sector_size", .type = OPT_SIZE, .cat = OPT_CAT_VERIFY,
	  FLD(verify_sector_size), .def = "512",
	  .help = "sector size of the per-sector stamps: 512 or 4k" },
	{ .name = "verify_journal", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_journal), .def = "0",
	  .help = "log write intents durably, so a crash leaves a state that verifies" },
	{ .name = "verify_journal_records", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(verify_journal_records), .def = "65536", .min = 16,
	  .help = "checkpoint the state when the journal holds this many records" },
	{ .name = "verify_atomic_write_size", .type = OPT_SIZE, .cat = OPT_CAT_VERIFY,
	  FLD(verify_atomic_write_size), .def = "0",
	  .help = "bytes the device writes atomically: a torn write mixes only such pieces (0 = the sector size)" },

	{ .name = "experimental_verify", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(experimental_verify), .def = "0",
	  .help = "fio: verify by replaying the workload; verio always does (no headers kept)" },
	{ .name = "verify_write_sequence", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_write_sequence), .def = "1",
	  .help = "check the generation (write sequence) in each unit's header" },
	{ .name = "verify_header_seed", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_header_seed), .def = "1",
	  .help = "check the data seed (and writer) in each unit's header" },
	{ .name = "verify_policy", .type = OPT_ENUM, .cat = OPT_CAT_VERIFY,
	  FLD(verify_policy), .vals = vpolicy_vals,
	  .help = "which writes a saved verify state counts: completed or fsynced" },

	/* Errors and safety */
	{ .name = "continue_on_error", .type = OPT_ENUM, .cat = OPT_CAT_ERROR,
	  FLD(continue_on_error), .vals = coe_vals, .def = "none",
	  .help = "which errors do not stop the job" },
	{ .name = "allow_mounted_write", .type = OPT_BOOL, .cat = OPT_CAT_ERROR,
	  FLD(allow_mounted_write), .def = "0",
	  .help = "allow writing to a mounted device or one holding a file system" },

	/* Units and reporting */
	{ .name = "kb_base", .type = OPT_ENUM, .cat = OPT_CAT_REPORT, FLD(kb_base),
	  .vals = kb_base_vals, .def = "1024",
	  .help = "meaning of unit prefixes in the values that follow it" },
	{ .name = "unit_base", .type = OPT_ENUM, .cat = OPT_CAT_REPORT, FLD(unit_base),
	  .vals = unit_base_vals, .def = "0", .help = "report bandwidth in bytes or bits" },
	{ .name = "percentile_list", .type = OPT_FLOAT_LIST, .cat = OPT_CAT_REPORT,
	  FLD(percentile_list), FLD2(percentile_nr), .min = 0, .max = 100,
	  .def = "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99",
	  .help = "latency percentiles to report, separated by ':'" },
	{ .name = "clat_percentiles", .type = OPT_BOOL, .cat = OPT_CAT_REPORT,
	  FLD(clat_percentiles), .def = "1", .help = "report completion latency percentiles" },
	{ .name = "lat_percentiles", .type = OPT_BOOL, .cat = OPT_CAT_REPORT,
	  FLD(lat_percentiles), .def = "0", .help = "report total latency percentiles" },
	{ .name = "slat_percentiles", .type = OPT_BOOL, .cat = OPT_CAT_REPORT,
	  FLD(slat_percentiles), .def = "0", .help = "report submission latency percentiles" },
	{ .name = "unified_rw_reporting", .type = OPT_ENUM, .cat = OPT_CAT_REPORT,
	  FLD(unified_rw_rep), .vals = unified_vals, .def = "none",
	  .help = "report directions apart, summed (mixed) or both" },
	{ .name = "disk_util", .type = OPT_BOOL, .cat = OPT_CAT_REPORT, FLD(disk_util),
	  .def = "1", .help = "report the utilisation of the block devices under the targets" },

	/* fio's time-series logs (run/joblog.c, report/tslog.c) */
	{ .name = "write_bw_log", .type = OPT_STR, .cat = OPT_CAT_REPORT, FLD(write_bw_log),
	  .flags = OPT_F_BARE, .help = "log bandwidth to PREFIX_bw.N.log (bare: the job's name)" },
	{ .name = "write_lat_log", .type = OPT_STR, .cat = OPT_CAT_REPORT, FLD(write_lat_log),
	  .flags = OPT_F_BARE, .help = "log latencies to PREFIX_slat.N.log, PREFIX_clat.N.log, PREFIX_lat.N.log" },
	{ .name = "write_iops_log", .type = OPT_STR, .cat = OPT_CAT_REPORT, FLD(write_iops_log),
	  .flags = OPT_F_BARE, .help = "log IOPS to PREFIX_iops.N.log" },
	{ .name = "write_hist_log", .type = OPT_STR, .cat = OPT_CAT_REPORT, FLD(write_hist_log),
	  .flags = OPT_F_BARE, .help = "log clat histograms to PREFIX_clat_hist.N.log every log_hist_msec" },
	{ .name = "log_avg_msec", .type = OPT_UINT, .cat = OPT_CAT_REPORT, FLD(log_avg_msec),
	  .def = "0", .help = "average the bw/iops/lat logs over windows of this many ms (0 = every I/O)" },
	{ .name = "log_hist_msec", .type = OPT_UINT, .cat = OPT_CAT_REPORT, FLD(log_hist_msec),
	  .def = "0", .help = "write a clat histogram line every this many ms (0 = none)" },
	{ .name = "log_hist_coarseness", .type = OPT_UINT, .cat = OPT_CAT_REPORT,
	  FLD(log_hist_coarseness), .def = "0", .max = 6,
	  .help = "merge 2^N histogram bins per column (0..6: 1856 down to 29 columns)" },
	{ .name = "log_max_value", .type = OPT_BOOL, .cat = OPT_CAT_REPORT, FLD(log_max_value),
	  .def = "0", .help = "log a window's maximum instead of its mean" },
	{ .name = "log_window_value", .type = OPT_ENUM, .cat = OPT_CAT_REPORT,
	  FLD(log_window_value), .vals = log_window_vals, .def = "avg",
	  .help = "what a log_avg_msec window logs: avg, max or both (newer fio)" },
	{ .name = "log_issue_time", .type = OPT_BOOL, .cat = OPT_CAT_REPORT,
	  FLD(log_issue_time), .def = "0",
	  .help = "add the issue time (ns) to the slat and clat logs' lines, 0 to others (newer fio)" },
	{ .name = "log_offset", .type = OPT_BOOL, .cat = OPT_CAT_REPORT, FLD(log_offset),
	  .def = "0", .help = "add the I/O's offset to each log line" },
	{ .name = "log_prio", .type = OPT_BOOL, .cat = OPT_CAT_REPORT, FLD(log_prio),
	  .def = "0", .help = "log the I/O priority value (hex) instead of the RT-class flag" },
	{ .name = "log_unix_epoch", .type = OPT_BOOL, .cat = OPT_CAT_REPORT, FLD(log_unix_epoch),
	  .def = "0", .help = "log times in ms since the Unix epoch (of log_alternate_epoch_clock_id)" },
	{ .name = "log_alternate_epoch", .type = OPT_BOOL, .cat = OPT_CAT_REPORT,
	  FLD(log_alternate_epoch), .def = "0",
	  .help = "log times in ms since the epoch of log_alternate_epoch_clock_id" },
	{ .name = "log_alternate_epoch_clock_id", .type = OPT_UINT, .cat = OPT_CAT_REPORT,
	  FLD(log_alternate_epoch_clock_id), .def = "0",
	  .help = "clock_gettime() clock id of the logs' epoch (0 = CLOCK_REALTIME)" },
	{ .name = "per_job_logs", .type = OPT_BOOL, .cat = OPT_CAT_REPORT, FLD(per_job_logs),
	  .def = "1", .help = "a log file per job (.N in the name); 0: one file, appended to" },
	{ .name = "log_entries", .type = OPT_UINT, .cat = OPT_CAT_REPORT, FLD(log_entries),
	  .def = "1024", .min = 1024,
	  .help = "fio: the first log allocation; verio's writer keeps chunks ready (no effect)" },
	{ .name = "log_compression", .type = OPT_SIZE, .cat = OPT_CAT_REPORT,
	  FLD(log_compression), .def = "0",
	  .help = "compress the logs in zlib streams of this many bytes of samples (1k..512m)" },
	{ .name = "log_store_compressed", .type = OPT_BOOL, .cat = OPT_CAT_REPORT,
	  FLD(log_store_compressed), .def = "0",
	  .help = "with log_compression: write fio's compressed .log.fz files (fio --inflate-log reads them)" },
};

/*
 * fio options verio does not take yet, with what will add them. Keep in
 * step with docs/unsupported-fio-options.md (tests/e2e/t0100 reads it).
 * When an option is implemented, delete its line here and add it to opts[].
 */
#define A_VERIFY "verify core"
#define A_ASYNC "async engines"
#define A_RATE "rate and think time"
#define A_CPU "cpu and scheduling"
#define A_LOG "logs"
#define A_FILE "file handling"
#define A_WORK "workload shaping"
#define A_MISC "not planned yet"

static const struct opt_unsupported unsupported[] = {
	{ "verifysort", A_VERIFY }, { "verifysort_nr", A_VERIFY },
	{ "io_submit_mode", A_ASYNC },
	{ "force_async", A_ASYNC },
	{ "cmd_type", A_ASYNC }, { "cmdprio_percentage", A_ASYNC },
	{ "cmdprio_class", A_ASYNC }, { "cmdprio", A_ASYNC },
	{ "cmdprio_bssplit", A_ASYNC },
	{ "latency_target", A_RATE },
	{ "latency_window", A_RATE }, { "latency_percentile", A_RATE },
	{ "max_latency", A_RATE },
	{ "cpus_allowed", A_CPU }, { "cpus_allowed_policy", A_CPU }, { "cpumask", A_CPU },
	{ "numa_cpu_nodes", A_CPU }, { "numa_mem_policy", A_CPU }, { "nice", A_CPU },
	{ "prio", A_CPU }, { "prioclass", A_CPU }, { "ioscheduler", A_CPU },
	{ "cgroup", A_CPU }, { "gtod_reduce", A_CPU }, { "gtod_cpu", A_CPU },
	{ "clocksource", A_CPU },
	{ "bwavgtime", A_LOG }, { "iopsavgtime", A_LOG }, { "disable_lat", A_LOG },
	{ "disable_clat", A_LOG }, { "disable_slat", A_LOG },
	{ "disable_bw_measurement", A_LOG }, { "merge_blktrace_file", A_LOG },
	{ "merge_blktrace_scalars", A_LOG }, { "merge_blktrace_iters", A_LOG },
	{ "create_serialize", A_FILE }, { "create_fsync", A_FILE },
	{ "create_only", A_FILE }, { "pre_read", A_FILE }, { "unlink_each_loop", A_FILE },
	{ "fadvise_hint", A_FILE }, { "write_hint", A_FILE },
	{ "file_service_type", A_FILE }, { "lockfile", A_FILE },
	{ "opendir", A_FILE }, { "unique_filename", A_FILE }, { "offset_align", A_FILE },
	{ "rw_sequencer", A_WORK }, { "bs_is_seq_rand", A_WORK },
	{ "allrandrepeat", A_WORK }, { "softrandommap", A_WORK },
	{ "dedupe_mode", A_WORK }, { "dedupe_working_set_percentage", A_WORK },
	{ "dedupe_global", A_WORK }, { "ignore_error", A_WORK },
	{ "error_dump", A_WORK }, { "exitall_on_error", A_WORK },
	{ "mem", A_MISC }, { "iomem", A_MISC }, { "iomem_align", A_MISC },
	{ "mem_align", A_MISC }, { "hugepage-size", A_MISC }, { "lockmem", A_MISC },
	{ "exec_prerun", A_MISC }, { "exec_postrun", A_MISC },
	{ "steadystate", A_MISC }, { "flow", A_MISC }, { "stats", A_MISC },
	{ "uid", A_MISC }, { "gid", A_MISC }, { "write_barrier", A_MISC },
	{ "sync_file_range", A_MISC }, { "significant_figures", A_MISC },
	{ "threads", A_MISC },	/* fio's tiobench profile option; 'thread' is supported */
};

/* fio engines that this build does not have (for a clearer message). */
static const char *const fio_engines[] = {
	"libaio", "io_uring", "io_uring_cmd", "posixaio", "pvsync", "pvsync2", "vsync",
	"mmap", "splice", "sg", "net", "netsplice", "cpuio", "rdma", "falloc",
	"ftruncate", "filecreate", "filestat", "filedelete", "e4defrag", "external",
	"libcufile", "xnvme", "nbd", "http", "rbd", "rados", "dev-dax", "libpmem",
	"windowsaio", "solarisaio", "exec",
};

/* ---- iteration and lookup ------------------------------------------------ */

size_t option_def_count(void)
{
	return ARRAY_SIZE(opts);
}

const struct option_def *option_def_at(size_t i)
{
	return i < ARRAY_SIZE(opts) ? &opts[i] : NULL;
}

static const struct option_def *engine_option_any(const char *name);

const struct option_def *option_find(const char *name)
{
	const struct option_def *d = optdef_find(opts, ARRAY_SIZE(opts), name);

	return d ? d : engine_option_any(name);
}

const struct opt_unsupported *option_unsupported_at(size_t i)
{
	return i < ARRAY_SIZE(unsupported) ? &unsupported[i] : NULL;
}

const struct opt_unsupported *option_unsupported_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(unsupported); i++)
		if (!strcmp(unsupported[i].name, name))
			return &unsupported[i];
	return NULL;
}

static const char *const cat_names[OPT_CAT_MAX] = {
	[OPT_CAT_DESC] = "Job description",
	[OPT_CAT_FILE] = "Target files and devices",
	[OPT_CAT_IOTYPE] = "I/O type",
	[OPT_CAT_BS] = "Block size",
	[OPT_CAT_SIZE] = "I/O region and amount",
	[OPT_CAT_ENGINE] = "I/O engine, depth and syncing",
	[OPT_CAT_TIME] = "Time and repetition",
	[OPT_CAT_JOBS] = "Jobs, groups and ordering",
	[OPT_CAT_RANDOM] = "Random offsets",
	[OPT_CAT_BUFFER] = "Buffer contents",
	[OPT_CAT_VERIFY] = "Verification",
	[OPT_CAT_ERROR] = "Errors and safety",
	[OPT_CAT_REPORT] = "Units and reporting",
};

const char *option_cat_name(enum opt_cat cat)
{
	return (unsigned)cat < OPT_CAT_MAX ? cat_names[cat] : NULL;
}

const char *option_type_name(enum opt_type type)
{
	return optdef_type_name(type);
}


/* ---- suggestions ----------------------------------------------------------- */

struct suggest {
	const char *input;
	size_t in_len;
	unsigned limit;
	const char *best;
	unsigned score;
};

/*
 * A known name that is a prefix of what was typed ("bsize" -> "bs",
 * "directt" -> "direct"), or that what was typed is a prefix of, counts
 * as one edit. Ties go to a name with the same first letter (people
 * rarely mistype that one), then to the longer name.
 */
static void suggest_try(struct suggest *s, const char *name)
{
	size_t n = strlen(name);
	size_t diff = n > s->in_len ? n - s->in_len : s->in_len - n;
	/*
	 * The distance is at least the difference in length: past the limit
	 * the quadratic edit_distance() cannot change the outcome, and a
	 * long garbage name (found by fuzzing) would cost it for every option.
	 */
	unsigned score = diff > s->limit ? s->limit + 1 : edit_distance(s->input, name);

	if (n >= 2 && n < s->in_len && !strncasecmp(s->input, name, n) && score > 1)
		score = 1;
	if (s->in_len >= 3 && s->in_len < n && !strncasecmp(s->input, name, s->in_len)
	    && score > 1)
		score = 1;
	if (score > s->limit)
		return;
	if (s->best && score == s->score) {
		bool first = tolower((unsigned char)name[0]) ==
			     tolower((unsigned char)s->input[0]);
		bool best_first = tolower((unsigned char)s->best[0]) ==
				  tolower((unsigned char)s->input[0]);
		if (first != best_first ? !first : n <= strlen(s->best))
			return;
	} else if (s->best && score > s->score) {
		return;
	}
	s->best = name;
	s->score = score;
}

const char *option_suggest(const char *name)
{
	struct suggest s = { .input = name };

	if (!name || !*name)
		return NULL;
	s.in_len = strlen(name);
	s.limit = MAX_OF(2u, (unsigned)(s.in_len / 3));
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		suggest_try(&s, opts[i].name);
		for (size_t a = 0; a < OPT_ALIAS_MAX && opts[i].alias[a]; a++)
			suggest_try(&s, opts[i].alias[a]);
	}
	for (size_t i = 0; i < engine_count(); i++)
		for (const struct option_def *d = engine_at(i)->options; d && d->name; d++)
			suggest_try(&s, d->name);
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		suggest_try(&s, unsupported[i].name);
	return s.best;
}

/* ---- special options ------------------------------------------------------ */

/* rw=MODE[:N]: N is a hole size for sequential modes, a count for random. */
static int parse_rw(void *base, const struct option_def *d,
		    const char *v, char *err, size_t len)
{
	struct job_options *o = base;
	const struct opt_enum_val *e;
	const char *colon = strchr(v, ':');
	size_t n = colon ? (size_t)(colon - v) : strlen(v);
	uint64_t num = 0;

	if (optdef_lookup_enum(d, v, n, &e, err, len))
		return -EINVAL;
	if (colon && (e->value & RW_F_RAND)) {
		if (parse_uint(colon + 1, &num) || !num || num > UINT_MAX)
			return optdef_err(err, len, "invalid count '%s' after '%s:' (expected the "
					  "number of sequential I/Os per random offset, such as 8)",
					  colon + 1, e->name);
	} else if (colon) {
		if (parse_size(colon + 1, o->kb_base, &num))
			return optdef_err(err, len, "invalid size '%s' after '%s:' (expected the "
					  "hole after each I/O, such as 4k)", colon + 1, e->name);
	}
	optdef_store_uint(optdef_field(base, d->off), d->size, e->value);
	optdef_store_uint(optdef_field(base, d->off2), d->size2, (e->value & RW_F_RAND) ? 0 : num);
	optdef_store_uint(optdef_field(base, d->off3), d->size3, (e->value & RW_F_RAND) && num ? num : 1);
	return 0;
}

/* rwmixread=N also sets rwmixwrite=100-N (and the other way round). */
static int parse_rwmix(void *base, const struct option_def *d,
		       const char *v, char *err, size_t len)
{
	uint64_t n;

	if (optdef_get_uint(d, d->size, v, &n, err, len))
		return -EINVAL;
	optdef_store_uint(optdef_field(base, d->off), d->size, n);
	optdef_store_uint(optdef_field(base, d->off2), d->size2, 100 - n);
	return 0;
}

static void engine_list(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < engine_count(); i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 engine_at(i)->name);
		if (w < 0 || (size_t)w >= len - used)
			return;
		used += (size_t)w;
	}
}

static int parse_ioengine(void *base, const struct option_def *d,
			  const char *v, char *err, size_t len)
{
	char list[256];

	if (engine_find(v))
		return optdef_set_str(base, d, v, err, len);
	engine_list(list, sizeof(list));
	for (size_t i = 0; i < ARRAY_SIZE(fio_engines); i++)
		if (!strcmp(fio_engines[i], v))
			return optdef_err(err, len, "engine '%s' is not available in this build "
					  "(available: %s)", v, list);
	return optdef_err(err, len, "unknown engine '%s' (available: %s)", v, list);
}

/*
 * The verify= methods that are no checksum name (the verifier's kinds,
 * verify/verifier.h: verify_kind_of() takes the same names).
 */
static const char *const verify_special[] = { "meta", "pattern", "pattern_hdr", "null" };

static int parse_verify(void *base, const struct option_def *d,
			const char *v, char *err, size_t len)
{
	const struct csum_def *csum;

	((struct job_options *)base)->verify_given = true;
	if (!strcmp(v, "0") || !strcmp(v, "none"))
		return optdef_set_str(base, d, "0", err, len);
	for (size_t i = 0; i < ARRAY_SIZE(verify_special); i++)
		if (!strcmp(v, verify_special[i]))
			return optdef_set_str(base, d, v, err, len);
	csum = csum_find(v);
	if (!csum)
		return optdef_err(err, len, "unknown verify method '%s' (see 'verio --cmdhelp=verify')", v);
	if (!csum_available(csum))
		return optdef_err(err, len, "verify method '%s' is not available in this build", v);
	return optdef_set_str(base, d, v, err, len);
}

/* random_distribution=: checked here (exit 2), kept as given for iogen. */
static int parse_rdist(void *base, const struct option_def *d,
		       const char *v, char *err, size_t len)
{
	const struct job_options *o = base;
	struct distrib_spec *spec = malloc(sizeof(*spec));
	int r;

	if (!spec)
		return optdef_err(err, len, "out of memory");
	r = distrib_parse(spec, v, o->kb_base, err, len);
	free(spec);
	if (r)
		return r == -ENOMEM ? optdef_err(err, len, "out of memory") : -EINVAL;
	return optdef_set_str(base, d, v, err, len);
}

/*
 * percentage_random=R[,W[,T]] (fio's per-direction list): one value
 * serves both directions, an empty one keeps what was set; trims have
 * none here.
 */
static int parse_perc_rand(void *base, const struct option_def *d,
			   const char *v, char *err, size_t len)
{
	struct job_options *o = base;
	const char *p = v;
	uint64_t n;

	for (int i = 0; i < 3 && p; i++) {
		size_t k = strcspn(p, ",");
		char one[32];

		if (k >= sizeof(one))
			return optdef_err(err, len, "bad percentage '%.*s'", (int)k, p);
		memcpy(one, p, k);
		one[k] = '\0';
		if (k) {
			if (optdef_get_uint(d, d->size, one, &n, err, len))
				return -EINVAL;
			if (i < 2)
				o->perc_rand[i] = (unsigned)n;
			if (!i && !p[k])
				o->perc_rand[1] = (unsigned)n;
		}
		p = p[k] ? p + k + 1 : NULL;
	}
	return 0;
}

/* verify_pattern: as buffer_pattern, plus %o (the block offset). */
/* replay_skip=read,write,trim,sync (fio's names): the string, and its mask at off2 */
static int parse_replay_skip(void *base, const struct option_def *d,
			     const char *v, char *err, size_t len)
{
	static const char *const names[] = { "read", "write", "sync", "trim" };
	unsigned set = 0;
	const char *p = v;

	while (*p) {
		size_t n = strcspn(p, ",");
		size_t k;

		for (k = 0; k < ARRAY_SIZE(names); k++)
			if (n == strlen(names[k]) && !strncmp(p, names[k], n))
				break;
		if (k == ARRAY_SIZE(names))
			return optdef_err(err, len, "unknown action '%.*s' (read, write, trim, sync)",
					  (int)n, p);
		set |= 1u << k;
		p += n + (p[n] == ',');
	}
	{
		char **str = optdef_field(base, d->off), *s = strdup(v);

		if (!s)
			return optdef_err(err, len, "out of memory");
		free(*str);
		*str = s;
	}
	optdef_store_uint(optdef_field(base, d->off2), d->size2, set);
	return 0;
}

/* A size that must be 0 or a power of 2 (replay_align). */
static int parse_pow2(void *base, const struct option_def *d,
		      const char *v, char *err, size_t len)
{
	uint64_t n = 0;
	int r = strcmp(v, "0") ? parse_size(v, ((struct job_options *)base)->kb_base, &n) : 0;

	if (r < 0)
		return optdef_err(err, len, "bad size '%s'", v);
	if (n & (n - 1))
		return optdef_err(err, len, "'%s' is not a power of 2", v);
	optdef_store_uint(optdef_field(base, d->off), d->size, n);
	return 0;
}

static int parse_vpattern(void *base, const struct option_def *d,
			  const char *v, char *err, size_t len)
{
	struct job_options *o = base;
	uint32_t ofs[ARRAY_SIZE(o->verify_pattern_ofs)];
	uint8_t *buf;
	size_t n, no = 0;
	int ret = parse_pattern_alloc(v, d->max, &buf, &n, ofs, ARRAY_SIZE(ofs), &no);

	if (ret == -ENOTSUP)
		return optdef_err(err, len, "pattern '%s': at most %zu %%o", v,
				  ARRAY_SIZE(o->verify_pattern_ofs));
	if (ret == -ENOSPC)
		return optdef_err(err, len, "pattern '%s' is longer than %" PRIu64 " bytes",
				  v, d->max);
	if (ret == -ENOENT || ret == -EACCES || ret == -EISDIR)
		return optdef_err(err, len, "pattern '%s': cannot read the file: %s", v, strerror(-ret));
	if (ret == -ENOMEM)
		return optdef_err(err, len, "pattern '%s': out of memory", v);
	if (ret)
		return optdef_err(err, len, "invalid pattern '%s' (expected 0xHEX, \"text\", 'file', "
				  "%%o or a decimal number, or several of them)", v);
	free(o->verify_pattern);
	o->verify_pattern = buf;
	o->verify_pattern_len = n;
	memcpy(o->verify_pattern_ofs, ofs, no * sizeof(ofs[0]));
	o->verify_pattern_nofs = no;
	return 0;
}

/* ---- engine options --------------------------------------------------------- */

/* An option of some registered engine's table named name; NULL if none. */
static const struct option_def *engine_option_any(const char *name)
{
	for (size_t i = 0; i < engine_count(); i++) {
		const struct option_def *d = engine_option_find(engine_at(i), name);

		if (d)
			return d;
	}
	return NULL;
}

/* The registered engine whose table holds d; NULL for a job option. */
static const struct engine_ops *engine_of(const struct option_def *d)
{
	for (size_t i = 0; i < engine_count(); i++) {
		const struct engine_ops *e = engine_at(i);

		for (const struct option_def *x = e->options; x && x->name; x++)
			if (x == d)
				return e;
	}
	return NULL;
}

/*
 * Slot i of o->engine_opts: engine i's option struct, made with its
 * defaults if need be. 0 with *out set (NULL: the engine has no
 * options), or -ENOMEM.
 */
static int engine_slot(struct job_options *o, size_t i, void **out)
{
	const struct engine_ops *e = engine_at(i);
	size_t n = optdef_count(e->options);
	void *p;

	*out = NULL;
	if (!n || !e->option_struct_size)
		return 0;
	if (!o->engine_opts) {
		o->engine_opts = calloc(engine_count(), sizeof(*o->engine_opts));
		if (!o->engine_opts)
			return -ENOMEM;
	}
	if (!o->engine_opts[i]) {
		p = calloc(1, e->option_struct_size);
		if (!p)
			return -ENOMEM;
		optdef_defaults(e->options, n, p, o->kb_base);
		o->engine_opts[i] = p;
	}
	*out = o->engine_opts[i];
	return 0;
}

/*
 * name=value into the struct of every engine that knows name: ioengine=
 * may come later, and an engine that does not know it ignores it. 0,
 * -ENOENT if no engine knows name, -EINVAL with the reason in err.
 */
static int engine_option_parse(struct job_options *o, const char *name, const char *value,
			       char *err, size_t len)
{
	int ret = -ENOENT;

	for (size_t i = 0; i < engine_count(); i++) {
		const struct option_def *d = engine_option_find(engine_at(i), name);
		void *eo;

		if (!d)
			continue;
		if (engine_slot(o, i, &eo))
			return optdef_err(err, len, "out of memory");
		if (eo && optdef_apply(d, eo, value, o->kb_base, err, len))
			return -EINVAL;
		ret = 0;
	}
	return ret;
}

int options_engine(struct job_options *o, const struct engine_ops *e,
		   const void **eopts)
{
	void *p;

	*eopts = NULL;
	for (size_t i = 0; i < engine_count(); i++) {
		if (engine_at(i) != e)
			continue;
		if (engine_slot(o, i, &p))
			return -ENOMEM;
		*eopts = p;
		return 0;
	}
	return -ENOENT;
}

static void engine_opts_release(struct job_options *o)
{
	for (size_t i = 0; o->engine_opts && i < engine_count(); i++) {
		const struct engine_ops *e = engine_at(i);

		optdef_release(e->options, optdef_count(e->options), o->engine_opts[i]);
		free(o->engine_opts[i]);
	}
	free(o->engine_opts);
	o->engine_opts = NULL;
}

/* dst->engine_opts: copies of src's. 0 or -ENOMEM (dst keeps what it got). */
static int engine_opts_copy(struct job_options *dst, const struct job_options *src)
{
	dst->engine_opts = NULL;
	if (!src->engine_opts)
		return 0;
	dst->engine_opts = calloc(engine_count(), sizeof(*dst->engine_opts));
	if (!dst->engine_opts)
		return -ENOMEM;
	for (size_t i = 0; i < engine_count(); i++) {
		const struct engine_ops *e = engine_at(i);
		void *p;

		if (!src->engine_opts[i])
			continue;
		p = malloc(e->option_struct_size);
		if (!p)
			return -ENOMEM;
		memcpy(p, src->engine_opts[i], e->option_struct_size);
		if (optdef_copy_heap(e->options, optdef_count(e->options), p,
				     src->engine_opts[i])) {
			free(p);
			return -ENOMEM;
		}
		dst->engine_opts[i] = p;
	}
	return 0;
}

/* ---- parse one option ------------------------------------------------------ */

int option_parse(struct job_options *o, const char *name, const char *value,
		 char *err, size_t errlen)
{
	const struct option_def *d = option_find(name);
	char why[384];
	int ret;

	if (!d) {
		optdef_err(err, errlen, "unknown option '%s'", name ? name : "");
		return -ENOENT;
	}
	if (d->type != OPT_BOOL && !(d->flags & OPT_F_BARE) && (!value || !*value))
		return optdef_err(err, errlen, "option '%s' needs a value", name);
	if (!value)
		value = "";
	if (optdef_find(opts, ARRAY_SIZE(opts), name))
		ret = optdef_apply(d, o, value, o->kb_base, why, sizeof(why));
	else
		ret = engine_option_parse(o, name, value, why, sizeof(why));
	if (ret)
		return optdef_err(err, errlen, "option '%s': %s", name, why);
	return 0;
}

static void print_src(const struct opt_src *src)
{
	if (src && src->file)
		eprintf("verio: job file '%s' line %u: ", src->file, src->line);
	else
		eprintf("verio: command line: ");
}

int option_set(struct job_options *o, const char *name, const char *value,
	       const struct opt_src *src)
{
	char err[512];
	const char *hint;
	int ret = option_parse(o, name, value, err, sizeof(err));

	if (!ret)
		return 0;
	print_src(src);
	if (ret != -ENOENT) {
		eprintf("%s\n", err);
	} else if (option_unsupported_find(name)) {
		eprintf("option '%s' is a fio option verio does not support yet\n",
			name);
	} else if ((hint = option_suggest(name))) {
		eprintf("unknown option '%s' (did you mean '%s'?)\n", name, hint);
	} else {
		eprintf("unknown option '%s'\n", name);
	}
	return -EINVAL;
}

/* ---- defaults, copy, release ------------------------------------------------ */

void options_defaults(struct job_options *o)
{
	memset(o, 0, sizeof(*o));
	o->kb_base = KB_BASE_1024;
	optdef_defaults(opts, ARRAY_SIZE(opts), o, o->kb_base);
	o->verify_given = false;	/* the defaults went through parse_verify() */
}

void options_release(struct job_options *o)
{
	if (!o)
		return;
	optdef_release(opts, ARRAY_SIZE(opts), o);
	engine_opts_release(o);
}

int options_copy(struct job_options *dst, const struct job_options *src)
{
	memcpy(dst, src, sizeof(*dst));
	dst->engine_opts = NULL;
	if (optdef_copy_heap(opts, ARRAY_SIZE(opts), dst, src))
		return -ENOMEM;
	if (engine_opts_copy(dst, src)) {
		options_release(dst);
		return -ENOMEM;
	}
	return 0;
}

/* ---- cross-option checks ------------------------------------------------------ */

VERIO_PRINTF(3, 4)
static int check_fail(const struct job_options *o, const struct opt_src *src,
		      const char *fmt, ...)
{
	va_list ap;

	print_src(src);
	if (o->name)
		eprintf("job '%s': ", o->name);
	va_start(ap, fmt);
	veprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -EINVAL;
}

static const char *const dir_name[2] = { "read", "write" };

/* bssplit wins over bs and bsrange (as in fio): its sizes set min/max. */
static void bssplit_minmax(struct job_options *o, int d)
{
	uint64_t lo = UINT64_MAX, hi = 0;

	for (size_t i = 0; i < o->bssplit_nr[d]; i++) {
		lo = MIN_OF(lo, o->bssplit[d][i].bs);
		hi = MAX_OF(hi, o->bssplit[d][i].bs);
	}
	o->min_bs[d] = lo;
	o->max_bs[d] = hi;
	o->bs[d] = lo;
}

static int check_bs(struct job_options *o, const struct opt_src *src)
{
	for (int d = 0; d < 2; d++) {
		uint32_t total = 0;

		if (o->bssplit[d] && o->bssplit_nr[d]) {
			for (size_t i = 0; i < o->bssplit_nr[d]; i++)
				total += o->bssplit[d][i].perc;
			if (total != 100)
				return check_fail(o, src, "bssplit %s percentages add up "
						  "to %u, not 100", dir_name[d], total);
			bssplit_minmax(o, d);
		}
		if (!o->bs[d] || !o->min_bs[d] || !o->max_bs[d])
			return check_fail(o, src, "%s block size is 0", dir_name[d]);
		if (o->min_bs[d] > o->max_bs[d])
			return check_fail(o, src, "%s block size range %" PRIu64 "-%"
					  PRIu64 " is reversed", dir_name[d],
					  o->min_bs[d], o->max_bs[d]);
	}
	return 0;
}

/* Slots of the per-direction options (bs, bssplit, blockalign). */
enum { BS_READ, BS_WRITE };

/* The option that set the write block sizes, for messages. */
static const char *write_bs_option(const struct job_options *o)
{
	if (o->bssplit[BS_WRITE] && o->bssplit_nr[BS_WRITE])
		return "bssplit";
	return o->min_bs[BS_WRITE] == o->max_bs[BS_WRITE] ? "bs" : "bsrange";
}

/*
 * atomic=1: the kernel takes an RWF_ATOMIC write only when its length is
 * a power of two and its offset a multiple of that length, whatever the
 * target (whose own limits target.c checks). verio places a job's I/Os
 * on steps of its smallest block size or blockalign (the iogen's map
 * block), so writes of several sizes cannot all be aligned, nor can
 * writes on steps that are not multiples of their size.
 */
static int check_atomic_sizes(const struct job_options *o, const struct opt_src *src)
{
	const struct bssplit *v = o->bssplit[BS_WRITE];
	uint64_t lo = o->min_bs[BS_WRITE], hi = o->max_bs[BS_WRITE], step = 0;

	if (!(o->rw & RW_F_WRITE))
		return 0;	/* no write carries the flag */
	if (o->bs_unaligned && lo != hi)
		return check_fail(o, src, "atomic=1 cannot take bs_unaligned with a bsrange: "
				  "RWF_ATOMIC writes are a power of two in size");
	for (size_t i = 0; v && i < o->bssplit_nr[BS_WRITE]; i++)
		if (v[i].perc && (v[i].bs & (v[i].bs - 1)))
			return check_fail(o, src, "atomic=1: bssplit write size %" PRIu64
					  " is not a power of two (RWF_ATOMIC needs one)", v[i].bs);
	if (lo & (lo - 1))
		return check_fail(o, src, "atomic=1: %s write size %" PRIu64 " is not a power "
				  "of two (RWF_ATOMIC needs one)", write_bs_option(o), lo);
	if (lo != hi)
		return check_fail(o, src, "atomic=1: %s gives writes of %" PRIu64 " to %" PRIu64
				  " bytes, placed on %" PRIu64 "-byte steps: the larger ones "
				  "would not be naturally aligned as RWF_ATOMIC needs (use one "
				  "write size)", write_bs_option(o), lo, hi, lo);
	/* The map block of iogen.c's job_map_bs(): reads may make it smaller. */
	for (int d = 0; d < 2; d++) {
		uint64_t a = o->blockalign[d] ? o->blockalign[d] : o->min_bs[d];

		if (!(o->rw & (d == BS_READ ? RW_F_READ : RW_F_WRITE | RW_F_TRIM)))
			continue;
		if (o->bssplit[d] && o->bssplit_nr[d] && o->bssplit[d][0].bs < a)
			a = o->bssplit[d][0].bs;
		if (!step || a < step)
			step = a;
	}
	if (step % lo)
		return check_fail(o, src, "atomic=1: I/Os are placed on %" PRIu64 "-byte steps "
				  "(the job's smallest block size or blockalign), so %" PRIu64
				  "-byte writes would not be naturally aligned as RWF_ATOMIC "
				  "needs", step, lo);
	/* Strided zones start every zonerange + zoneskip bytes (check_zones
	 * sets zonerange later: unset, it is zonesize). */
	if (o->zonemode == ZONE_MODE_STRIDED &&
	    (((o->zonerange ? o->zonerange : o->zonesize) % lo) || o->zoneskip % lo))
		return check_fail(o, src, "atomic=1: zonerange and zoneskip must be multiples "
				  "of the write size %" PRIu64 " (RWF_ATOMIC writes are "
				  "naturally aligned)", lo);
	return 0;
}

/*
 * atomic=1: RWF_ATOMIC is for direct writes, and only some engines pass
 * it on. Under a filter engine the one that does the I/O is the last of
 * its chain of children.
 */
static int check_atomic(struct job_options *o, const struct opt_src *src,
			const struct engine_ops *e, const void *eo)
{
	for (unsigned depth = 0; e && e->child_name && depth < 8; depth++) {
		const char *child = e->child_name(eo);

		e = child ? engine_find(child) : NULL;
		if (e && options_engine(o, e, &eo))
			return check_fail(o, src, "out of memory");
	}
	if (!o->direct)
		return check_fail(o, src, "atomic=1 needs direct=1 (RWF_ATOMIC writes are "
				  "direct I/O only)");
	if (e && !(e->flags & ENGINE_F_ATOMIC))
		return check_fail(o, src, "atomic=1: ioengine=%s cannot write with RWF_ATOMIC "
				  "(pvsync2, libaio and io_uring can)", e->name);
	return check_atomic_sizes(o, src);
}

/*
 * verify_overlap judges reads by the per-sector stamps of this run's
 * writes, against a register table the jobs share in memory (or, for
 * verify_only, rebuilt from their overlap journals): a saved state, trims
 * and layouts without stamps have no place in it.
 */
static int check_overlap(const struct job_options *o, const struct opt_src *src)
{
	const char *v = o->verify ? o->verify : "0";
	const char *no = NULL;

	if (!o->verify_overlap || !strcmp(v, "0") || !strcmp(v, "null"))
		return 0;
	if (!strcmp(v, "pattern") || !strcmp(v, "pattern_hdr") || o->verify_pattern_len)
		no = "verify_pattern (a pattern has no stamps naming the write)";
	else if (o->verify_format == OPT_VERIFY_FORMAT_FIO)
		no = "verify_format=fio (fio's header has no sector stamps)";
	else if (o->verify_state_load)
		no = "verify_state_load (no state is saved: verify_journal=1 keeps the writes, "
		     "verify_only=1 reads them back)";
	else if (options_trims(o))
		no = "trims";
	if (no)
		return check_fail(o, src, "verify_overlap=1 does not take %s", no);
	return 0;
}

/* fio's rules: a cap by bytes or by I/Os, and a minimum under the cap. */
static int check_rate(const struct job_options *o, const struct opt_src *src)
{
	bool bytes = o->rate[0] || o->rate[1], ios = o->rate_iops[0] || o->rate_iops[1];

	if (bytes && ios)
		return check_fail(o, src, "rate and rate_iops are mutually exclusive");
	if ((o->rate_min[0] || o->rate_min[1]) && (o->rate_iops_min[0] || o->rate_iops_min[1]))
		return check_fail(o, src, "rate_min and rate_iops_min are mutually exclusive");
	for (int d = 0; d < 2; d++) {
		if (o->rate[d] && o->rate[d] < o->rate_min[d])
			return check_fail(o, src, "%s rate_min (%" PRIu64 ") exceeds rate (%"
					  PRIu64 ")", dir_name[d], o->rate_min[d], o->rate[d]);
		if (o->rate_iops[d] && o->rate_iops[d] < o->rate_iops_min[d])
			return check_fail(o, src, "%s rate_iops_min (%" PRIu64 ") exceeds "
					  "rate_iops (%" PRIu64 ")", dir_name[d],
					  o->rate_iops_min[d], o->rate_iops[d]);
	}
	return 0;
}

/* Make the job engine's option struct, and let the engine check it. */
static int check_engine(struct job_options *o, const struct opt_src *src)
{
	const struct engine_ops *e = engine_find(o->ioengine ? o->ioengine : "psync");
	const void *eo;
	char why[256];

	if (!e)
		return 0;	/* parse_ioengine let no such name in */
	if (options_engine(o, e, &eo))
		return check_fail(o, src, "out of memory");
	if (e->check && e->check(eo, o->direct, why, sizeof(why)))
		return check_fail(o, src, "%s", why);
	if (o->atomic && check_atomic(o, src, e, eo))
		return -EINVAL;
	return 0;
}

/* zonemode=strided needs a zonesize, and a zonesize needs it (fio's rules). */
static int check_zones(struct job_options *o, const struct opt_src *src)
{
	if (o->zonemode == ZONE_MODE_NONE && o->zonesize)
		return check_fail(o, src, "zonesize needs zonemode=strided");
	if (o->zonemode != ZONE_MODE_STRIDED)
		return 0;
	if (!o->zonesize)
		return check_fail(o, src, "zonemode=strided needs zonesize");
	if (!o->zonerange)
		o->zonerange = o->zonesize;
	return 0;
}

/*
 * Trims: rw=trim, randtrim, trimwrite, randtrimwrite, or a verified job's
 * trim backlog (trim_percentage and trim_backlog): what they cannot go with.
 */
static int check_trim(const struct job_options *o, const struct opt_src *src)
{
	bool verifies = o->verify && strcmp(o->verify, "0");

	if (!options_trims(o))
		return 0;
	if (o->mirror)
		return check_fail(o, src, "mirror= compares reads with a reference "
				  "that is written alike: it does not take trims (%s)",
				  o->rw & RW_F_TRIM ? "rw=trim, randtrim, trimwrite or randtrimwrite"
						    : "trim_percentage with trim_backlog");
	if (verifies && o->verify_journal)
		return check_fail(o, src, "verify_journal does not take trims: after a "
				  "crash a trimmed block could not be told from a lost write");
	if (verifies && o->verify_only && !o->verify_state_load)
		return check_fail(o, src, "a verify_only job that trims needs its saved "
				  "state (verify_state_load=1): trims cannot be replayed from the "
				  "job alone");
	return 0;
}

int options_check(struct job_options *o, const struct opt_src *src)
{
	if (check_bs(o, src))
		return -EINVAL;
	if (o->rwmix[0] + o->rwmix[1] != 100)
		return check_fail(o, src, "rwmixread (%u) and rwmixwrite (%u) must add "
				  "up to 100", o->rwmix[0], o->rwmix[1]);
	if (!o->iodepth)
		return check_fail(o, src, "iodepth must be at least 1");
	if (check_engine(o, src))
		return -EINVAL;
	if (!o->numjobs)
		return check_fail(o, src, "numjobs must be at least 1");
	if (!o->nrfiles)
		return check_fail(o, src, "nrfiles must be at least 1");
	if (!o->loops)
		return check_fail(o, src, "loops must be at least 1");
	if (o->kb_base != KB_BASE_1024 && o->kb_base != KB_BASE_1000)
		return check_fail(o, src, "kb_base must be 1024 or 1000");
	if (o->filesize_min > o->filesize_max)
		return check_fail(o, src, "filesize range is reversed");
	if (!o->rw)
		return check_fail(o, src, "rw is not set");
	if (check_zones(o, src) || check_trim(o, src))
		return -EINVAL;
	if (o->wait_for && o->name && !strcmp(o->wait_for, o->name))
		return check_fail(o, src, "wait_for names the job itself");
	if (check_rate(o, src) || check_overlap(o, src))
		return -EINVAL;
	if (o->log_compression && (o->log_compression < 1024 ||
				   o->log_compression > 512ULL * 1024 * 1024))
		return check_fail(o, src, "log_compression must be from 1k to 512m");
	if (o->log_store_compressed && o->log_compression &&
	    (o->write_hist_log || o->log_issue_time || o->log_window_value == LOG_WINDOW_BOTH))
		return check_fail(o, src, "log_store_compressed does not take write_hist_log, "
				  "log_issue_time or log_window_value=both");
	/* fio: a verify_pattern without verify= verifies it, with a header. */
	if (o->verify_pattern_len && !o->verify_given) {
		char *v = strdup("pattern_hdr");

		if (!v)
			return check_fail(o, src, "out of memory");
		free(o->verify);
		o->verify = v;
		o->verify_given = true;
	}
	return 0;
}

/* ---- --cmdhelp ------------------------------------------------------------- */

static void help_all(FILE *out)
{
	for (int c = 0; c < OPT_CAT_MAX; c++) {
		bool header = false;

		for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
			if (opts[i].cat != (enum opt_cat)c)
				continue;
			if (!header)
				fprintf(out, "%s%s:\n", c ? "\n" : "", cat_names[c]);
			header = true;
			fprintf(out, "  %-20s %s\n", opts[i].name, opts[i].help);
		}
	}
	for (size_t i = 0; i < engine_count(); i++) {
		const struct engine_ops *e = engine_at(i);

		if (!optdef_count(e->options))
			continue;
		fprintf(out, "\nEngine %s (ioengine=%s):\n", e->name, e->name);
		for (const struct option_def *d = e->options; d->name; d++)
			fprintf(out, "  %-20s %s\n", d->name, d->help);
	}
	fprintf(out, "\nThe bare name of a boolean option means 1. "
		"'verio --cmdhelp=NAME' details one option.\n");
}

int options_print_help(FILE *out, const char *name)
{
	const struct option_def *d;
	const struct engine_ops *e;

	if (!name || !*name || !strcmp(name, "all")) {
		help_all(out);
		return 0;
	}
	d = option_find(name);
	if (!d)
		return -ENOENT;
	e = engine_of(d);
	optdef_print_help(out, d, e ? e->name : NULL);
	return 0;
}

/* ---- table self-check ---------------------------------------------------------- */

static int check_unsupported(char *err, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		const struct option_def *d = &opts[i];

		if (option_unsupported_find(d->name))
			return optdef_err(err, len, "option '%s' is also listed as unsupported", d->name);
		for (size_t a = 0; a < OPT_ALIAS_MAX && d->alias[a]; a++)
			if (option_unsupported_find(d->alias[a]))
				return optdef_err(err, len, "alias '%s' clashes", d->alias[a]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		if (option_unsupported_find(unsupported[i].name) != &unsupported[i])
			return optdef_err(err, len, "'%s' is listed twice as unsupported",
					  unsupported[i].name);
	return 0;
}

/* An engine option's name or alias is no job option and no unsupported one. */
static int check_engine_names(char *err, size_t len)
{
	for (size_t i = 0; i < engine_count(); i++) {
		const struct engine_ops *e = engine_at(i);

		for (const struct option_def *d = e->options; d && d->name; d++) {
			const char *const names[] = { d->name, d->alias[0], d->alias[1] };

			_Static_assert(OPT_ALIAS_MAX == 2, "names[] lists every alias");
			for (size_t k = 0; k < ARRAY_SIZE(names) && names[k]; k++)
				if (optdef_find(opts, ARRAY_SIZE(opts), names[k]) ||
				    option_unsupported_find(names[k]))
					return optdef_err(err, len, "engine %s option '%s' clashes "
							  "with a job option", e->name, names[k]);
		}
	}
	return 0;
}

int options_table_check(char *err, size_t errlen)
{
	if (optdef_table_check(opts, ARRAY_SIZE(opts), sizeof(struct job_options),
			       err, errlen))
		return -EINVAL;
	if (check_unsupported(err, errlen))
		return -EINVAL;
	return check_engine_names(err, errlen);
}
