/*
 * options.c - the option table, and everything it drives: parsing one
 * "name=value", defaults, copying and freeing, cross-option checks,
 * --cmdhelp and the table self-check used by the unit test.
 *
 * Option names, meanings and defaults follow fio's HOWTO. An option is
 * one entry in opts[] below; a fio option verio does not take yet is one
 * line in unsupported[] (and docs/unsupported-fio-options.md).
 */
#include "compat.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>

#include "csum.h"
#include "ioengine.h"
#include "config/options.h"
#include "parse.h"

#define FLD(m)  .off = offsetof(struct job_options, m), \
		.size = sizeof(((struct job_options *)0)->m)
#define FLD2(m) .off2 = offsetof(struct job_options, m), \
		.size2 = sizeof(((struct job_options *)0)->m)
#define FLD3(m) .off3 = offsetof(struct job_options, m), \
		.size3 = sizeof(((struct job_options *)0)->m)

#define SEC_US 1000000ULL

/* ---- messages ---------------------------------------------------------- */

VERIO_PRINTF(3, 4)
static int bad(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

#define EXPECT_SIZE "expected a size such as 4k, 1m, 0x1000"
#define EXPECT_UINT "expected a whole number such as 8"
#define EXPECT_BOOL "expected 1 or 0"
#define EXPECT_TIME "expected a time such as 30 (seconds), 500ms, 2m"
#define EXPECT_PCT  "expected a size such as 4k, 1m, or a percentage such as 50%%"

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
	{ "trim", 0, "sequential trims", true },
	{ "randtrim", 0, "random trims", true },
	{ "trimwrite", 0, "trim then write each block", true },
	{ "randtrimwrite", 0, "trimwrite at random offsets", true },
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

static const struct opt_enum_val verify_mode_vals[] = {
	{ "checksum", OPT_VERIFY_MODE_CHECKSUM, "check each unit's header and checksum", false },
	{ "compare", OPT_VERIFY_MODE_COMPARE,
	  "regenerate each unit and compare every byte", false },
	{ NULL, 0, NULL, false },
};

static const struct opt_enum_val randgen_vals[] = {
	{ "tausworthe", RANDGEN_TAUSWORTHE, "strong 2^88 cycle generator", false },
	{ "lfsr", RANDGEN_LFSR, "linear feedback shift register: never repeats an offset", false },
	{ "tausworthe64", RANDGEN_TAUSWORTHE64, "64-bit 2^258 cycle generator", false },
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

/* ---- special parsers (defined below the table) ------------------------- */

static int parse_rw(struct job_options *o, const struct option_def *d,
		    const char *v, char *err, size_t len);
static int parse_rwmix(struct job_options *o, const struct option_def *d,
		       const char *v, char *err, size_t len);
static int parse_ioengine(struct job_options *o, const struct option_def *d,
			  const char *v, char *err, size_t len);
static int parse_verify(struct job_options *o, const struct option_def *d,
			const char *v, char *err, size_t len);
static int parse_cpu(struct job_options *o, const struct option_def *d,
		     const char *v, char *err, size_t len);
static int parse_vpattern(struct job_options *o, const struct option_def *d,
			  const char *v, char *err, size_t len);

/* ---- the table ------------------------------------------------------------ */

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
	{ .name = "unlink", .type = OPT_BOOL, .cat = OPT_CAT_FILE, FLD(unlink), .def = "0",
	  .help = "delete the job's files when it is done" },
	{ .name = "overwrite", .type = OPT_BOOL, .cat = OPT_CAT_FILE, FLD(overwrite),
	  .def = "0", .help = "lay out files fully before writing to them" },

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
	{ .name = "direct", .type = OPT_BOOL, .cat = OPT_CAT_IOTYPE, FLD(direct), .def = "0",
	  .help = "use non-buffered I/O (O_DIRECT)" },
	{ .name = "buffered", .type = OPT_BOOL, .cat = OPT_CAT_IOTYPE, FLD(direct),
	  .flags = OPT_F_INVERT, .def = "1",
	  .help = "use buffered I/O: the opposite of direct" },

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
	  .help = "submit queued I/Os in batches of this many (0 = 1)" },
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
	{ .name = "userspace_reap", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  FLD(userspace_reap), .def = "0",
	  .help = "libaio: reap completions from the ring without a system call" },
	{ .name = "fixedbufs", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, FLD(fixedbufs),
	  .def = "0", .help = "io_uring: register the I/O buffers with the kernel" },
	{ .name = "registerfiles", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  FLD(registerfiles), .def = "0", .help = "io_uring: register the files with the kernel" },
	{ .name = "sqthread_poll", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE,
	  FLD(sqthread_poll), .def = "0",
	  .help = "io_uring: a kernel thread polls the submission queue" },
	{ .name = "sqthread_poll_cpu", .type = OPT_UINT, .cat = OPT_CAT_ENGINE,
	  FLD(sqthread_poll_cpu), .parse = parse_cpu,
	  .help = "io_uring: CPU the submission polling thread runs on" },
	{ .name = "hipri", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, FLD(hipri), .def = "0",
	  .help = "io_uring: polled completions (needs direct=1 and a polling device)" },
	{ .name = "nonvectored", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, FLD(nonvectored),
	  .def = "1", .help = "io_uring: plain read/write instead of readv/writev" },
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

	/* Buffer contents */
	{ .name = "zero_buffers", .type = OPT_BOOL, .cat = OPT_CAT_BUFFER,
	  FLD(zero_buffers), .def = "0", .help = "fill write buffers with zeros" },
	{ .name = "refill_buffers", .type = OPT_BOOL, .cat = OPT_CAT_BUFFER,
	  FLD(refill_buffers), .def = "0", .help = "refill write buffers before every write" },
	{ .name = "scramble_buffers", .type = OPT_BOOL, .cat = OPT_CAT_BUFFER,
	  FLD(scramble_buffers), .def = "1",
	  .help = "vary write buffers slightly on every write to defeat deduplication" },
	{ .name = "buffer_pattern", .type = OPT_PATTERN, .cat = OPT_CAT_BUFFER,
	  FLD(buffer_pattern), FLD2(buffer_pattern_len),
	  .help = "fill write buffers with this pattern: 0xHEX, \"text\", a number, or a mix" },

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
	  FLD(verify_pattern), FLD2(verify_pattern_len), .parse = parse_vpattern,
	  .help = "payload of verified units: 0xHEX, \"text\", a number, or a mix" },
	{ .name = "verify_pattern_interval", .type = OPT_SIZE, .cat = OPT_CAT_VERIFY,
	  FLD(verify_pattern_interval), .def = "0",
	  .help = "restart verify_pattern every this many bytes (0 = at each unit)" },
	{ .name = "verify_fatal", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY, FLD(verify_fatal),
	  .def = "0", .help = "stop the job at the first verification failure" },
	{ .name = "verify_dump", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY, FLD(verify_dump),
	  .def = "0",
	  .help = "dump received and expected data of failing units to the aux path" },
	{ .name = "verify_backlog", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(verify_backlog), .def = "0",
	  .help = "verify written blocks after every this many writes (0 = after the pass)" },
	{ .name = "verify_backlog_batch", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(verify_backlog_batch), .def = "0",
	  .help = "blocks verified each time the backlog is due (0 = verify_backlog)" },
	{ .name = "verify_state_save", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_state_save), .def = "1",
	  .help = "save the generation map of a verified write job for a later run" },
	{ .name = "verify_state_load", .type = OPT_BOOL, .cat = OPT_CAT_VERIFY,
	  FLD(verify_state_load), .def = "0",
	  .help = "load the state an earlier run of this job saved, and verify against it" },
	{ .name = "verify_mode", .type = OPT_ENUM, .cat = OPT_CAT_VERIFY, FLD(verify_mode),
	  .vals = verify_mode_vals, .def = "checksum",
	  .help = "how a unit is checked: its checksum, or every regenerated byte" },
	{ .name = "verify_async", .type = OPT_UINT, .cat = OPT_CAT_VERIFY,
	  FLD(verify_async), .def = "0", .max = 64,
	  .help = "verify completed reads in this many threads (0 = in the job's thread)" },
	{ .name = "verify_async_cpus", .type = OPT_STR, .cat = OPT_CAT_VERIFY,
	  FLD(verify_async_cpus), .help = "CPUs the verify threads run on: 0,2-3" },
	{ .name = "verify_sector_size", .type = OPT_SIZE, .cat = OPT_CAT_VERIFY,
	  FLD(verify_sector_size), .def = "512",
	  .help = "sector size of the per-sector stamps: 512 or 4k" },

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
	{ "verify_write_sequence", A_VERIFY }, { "verify_header_seed", A_VERIFY },
	{ "verifysort", A_VERIFY }, { "verifysort_nr", A_VERIFY },
	{ "experimental_verify", A_VERIFY }, { "trim_percentage", A_VERIFY },
	{ "trim_verify_zero", A_VERIFY }, { "trim_backlog", A_VERIFY },
	{ "trim_backlog_batch", A_VERIFY },
	{ "io_submit_mode", A_ASYNC },
	{ "hipri_percentage", A_ASYNC },
	{ "force_async", A_ASYNC }, { "uncached", A_ASYNC }, { "atomic", A_ASYNC },
	{ "cmd_type", A_ASYNC }, { "cmdprio_percentage", A_ASYNC },
	{ "cmdprio_class", A_ASYNC }, { "cmdprio", A_ASYNC },
	{ "rate", A_RATE }, { "rate_min", A_RATE }, { "rate_iops", A_RATE },
	{ "rate_iops_min", A_RATE }, { "rate_process", A_RATE }, { "rate_cycle", A_RATE },
	{ "rate_ignore_thinktime", A_RATE }, { "thinktime", A_RATE },
	{ "thinktime_spin", A_RATE }, { "thinktime_blocks", A_RATE },
	{ "thinktime_blocks_type", A_RATE }, { "latency_target", A_RATE },
	{ "latency_window", A_RATE }, { "latency_percentile", A_RATE },
	{ "max_latency", A_RATE },
	{ "cpus_allowed", A_CPU }, { "cpus_allowed_policy", A_CPU }, { "cpumask", A_CPU },
	{ "numa_cpu_nodes", A_CPU }, { "numa_mem_policy", A_CPU }, { "nice", A_CPU },
	{ "prio", A_CPU }, { "prioclass", A_CPU }, { "ioscheduler", A_CPU },
	{ "cgroup", A_CPU }, { "gtod_reduce", A_CPU }, { "gtod_cpu", A_CPU },
	{ "clocksource", A_CPU },
	{ "write_bw_log", A_LOG }, { "write_lat_log", A_LOG }, { "write_iops_log", A_LOG },
	{ "write_hist_log", A_LOG }, { "log_avg_msec", A_LOG }, { "log_hist_msec", A_LOG },
	{ "log_offset", A_LOG }, { "log_compression", A_LOG }, { "per_job_logs", A_LOG },
	{ "bwavgtime", A_LOG }, { "iopsavgtime", A_LOG }, { "disable_lat", A_LOG },
	{ "disable_clat", A_LOG }, { "disable_slat", A_LOG },
	{ "disable_bw_measurement", A_LOG }, { "write_iolog", A_LOG },
	{ "read_iolog", A_LOG }, { "replay_no_stall", A_LOG },
	{ "invalidate", A_FILE }, { "create_serialize", A_FILE }, { "create_fsync", A_FILE },
	{ "create_only", A_FILE }, { "pre_read", A_FILE }, { "unlink_each_loop", A_FILE },
	{ "fallocate", A_FILE }, { "fadvise_hint", A_FILE }, { "write_hint", A_FILE },
	{ "openfiles", A_FILE }, { "file_service_type", A_FILE }, { "lockfile", A_FILE },
	{ "opendir", A_FILE }, { "unique_filename", A_FILE }, { "offset_align", A_FILE },
	{ "random_distribution", A_WORK }, { "percentage_random", A_WORK },
	{ "rw_sequencer", A_WORK }, { "bs_is_seq_rand", A_WORK },
	{ "allrandrepeat", A_WORK }, { "softrandommap", A_WORK },
	{ "buffer_compress_percentage", A_WORK }, { "buffer_compress_chunk", A_WORK },
	{ "dedupe_percentage", A_WORK }, { "zonemode", A_WORK }, { "zonesize", A_WORK },
	{ "zonerange", A_WORK }, { "zoneskip", A_WORK }, { "ignore_error", A_WORK },
	{ "error_dump", A_WORK }, { "exitall_on_error", A_WORK },
	{ "mem", A_MISC }, { "iomem", A_MISC }, { "iomem_align", A_MISC },
	{ "mem_align", A_MISC }, { "hugepage-size", A_MISC }, { "lockmem", A_MISC },
	{ "exec_prerun", A_MISC }, { "exec_postrun", A_MISC }, { "unified_rw_reporting", A_MISC },
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

const struct option_def *option_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		if (!strcmp(opts[i].name, name))
			return &opts[i];
		for (size_t a = 0; a < OPT_ALIAS_MAX && opts[i].alias[a]; a++)
			if (!strcmp(opts[i].alias[a], name))
				return &opts[i];
	}
	return NULL;
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

static const char *const type_names[OPT_TYPE_MAX] = {
	[OPT_STR] = "string",
	[OPT_BOOL] = "boolean (1 or 0; the bare name means 1)",
	[OPT_UINT] = "whole number (k, m, g suffixes allowed)",
	[OPT_SIZE] = "size in bytes (4k, 1m, 0x1000; see kb_base)",
	[OPT_SIZE_PCT] = "size in bytes, or a percentage of the target (50%)",
	[OPT_SIZE_RANGE] = "size, or a range of sizes LO-HI (LO:HI)",
	[OPT_TIME] = "time (plain numbers are seconds; us, ms, s, m, h, d suffixes)",
	[OPT_ENUM] = "one of the values below",
	[OPT_FLOAT] = "number",
	[OPT_BS_LIST] = "size, or read,write sizes (bs=4k,64k; bs=,64k sets writes only)",
	[OPT_BS_RANGE] = "size range LO-HI, or read,write ranges (1k-4k,2k-8k)",
	[OPT_BSSPLIT] = "SIZE/PERCENT:SIZE/PERCENT..., or read,write lists separated by ','",
	[OPT_FLOAT_LIST] = "numbers separated by ':'",
	[OPT_PATTERN] = "byte pattern: 0xHEX, \"text\", a decimal number, or a mix of them",
};

const char *option_type_name(enum opt_type type)
{
	return (unsigned)type < OPT_TYPE_MAX ? type_names[type] : NULL;
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
	unsigned score = edit_distance(s->input, name);

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
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		suggest_try(&s, unsupported[i].name);
	return s.best;
}

/* ---- storing into fields ------------------------------------------------- */

static void *field(struct job_options *o, size_t off)
{
	return (char *)o + off;
}

static uint64_t field_max(size_t size)
{
	return size == sizeof(uint64_t) ? UINT64_MAX :
	       size == sizeof(unsigned) ? UINT_MAX : 1;
}

static void store_uint(void *p, size_t size, uint64_t v)
{
	if (size == sizeof(uint64_t))
		*(uint64_t *)p = v;
	else if (size == sizeof(unsigned))
		*(unsigned *)p = (unsigned)v;
	else
		*(bool *)p = v != 0;
}

/* ---- generic parsers, one per type --------------------------------------- */

static int get_size(const struct job_options *o, const struct option_def *d,
		    const char *v, uint64_t *out, char *err, size_t len)
{
	int ret = parse_size(v, o->kb_base, out);

	if (ret == -ERANGE)
		return bad(err, len, "size '%s' is too large", v);
	if (ret)
		return bad(err, len, "invalid size '%s' (" EXPECT_SIZE ")", v);
	if (d->min && *out < d->min)
		return bad(err, len, "size '%s' is too small (at least %" PRIu64 ")",
			   v, d->min);
	return 0;
}

static int get_uint(const struct option_def *d, size_t size, const char *v,
		    uint64_t *out, char *err, size_t len)
{
	uint64_t max = d->max ? d->max : field_max(size);
	int ret = parse_uint(v, out);

	if (ret == -EINVAL)
		return bad(err, len, "invalid number '%s' (" EXPECT_UINT ")", v);
	if (ret || *out < d->min || *out > max) {
		if (max == field_max(size))
			return bad(err, len, "'%s' is out of range (expected at least %"
				   PRIu64 ")", v, d->min);
		return bad(err, len, "'%s' is out of range (expected %" PRIu64
			   " to %" PRIu64 ")", v, d->min, max);
	}
	return 0;
}

static int set_str(struct job_options *o, const struct option_def *d, const char *v,
		   char *err, size_t len)
{
	char **p = field(o, d->off);
	char *s = strdup(v);

	if (!s)
		return bad(err, len, "out of memory");
	free(*p);
	*p = s;
	return 0;
}

static int set_bool(struct job_options *o, const struct option_def *d, const char *v,
		    char *err, size_t len)
{
	bool b;

	if (parse_bool(v, &b))
		return bad(err, len, "invalid boolean '%s' (" EXPECT_BOOL ")", v);
	if (d->flags & OPT_F_INVERT)
		b = !b;
	store_uint(field(o, d->off), d->size, b);
	return 0;
}

static int set_uint(struct job_options *o, const struct option_def *d, const char *v,
		    char *err, size_t len)
{
	uint64_t n;
	int ret = get_uint(d, d->size, v, &n, err, len);

	if (!ret)
		store_uint(field(o, d->off), d->size, n);
	return ret;
}

static int set_size(struct job_options *o, const struct option_def *d, const char *v,
		    char *err, size_t len)
{
	uint64_t n;
	int ret = get_size(o, d, v, &n, err, len);

	if (!ret)
		*(uint64_t *)field(o, d->off) = n;
	return ret;
}

static int set_size_pct(struct job_options *o, const struct option_def *d,
			const char *v, char *err, size_t len)
{
	double pct;
	uint64_t n;
	int ret;

	if (strchr(v, '%')) {
		ret = parse_percent(v, &pct);
		if (ret || pct <= 0)
			return bad(err, len, "invalid percentage '%s' (expected more than "
				   "0%% and at most 100%%)", v);
		*(uint64_t *)field(o, d->off) = 0;
		*(double *)field(o, d->off2) = pct;
		return 0;
	}
	ret = parse_size(v, o->kb_base, &n);
	if (ret == -ERANGE)
		return bad(err, len, "size '%s' is too large", v);
	if (ret)
		return bad(err, len, "invalid size '%s' (" EXPECT_PCT ")", v);
	*(uint64_t *)field(o, d->off) = n;
	*(double *)field(o, d->off2) = 0;
	return 0;
}

static int set_size_range(struct job_options *o, const struct option_def *d,
			  const char *v, char *err, size_t len)
{
	uint64_t lo, hi;
	int ret = parse_size_range(v, o->kb_base, &lo, &hi);

	if (ret == -ERANGE)
		return bad(err, len, "size '%s' is too large", v);
	if (ret)
		return bad(err, len, "invalid size or range '%s' (expected a size "
			   "such as 4k, or a range such as 4k-64k)", v);
	*(uint64_t *)field(o, d->off) = lo;
	*(uint64_t *)field(o, d->off2) = hi;
	return 0;
}

static int set_time(struct job_options *o, const struct option_def *d, const char *v,
		    char *err, size_t len)
{
	uint64_t us;
	int ret = parse_time_us(v, d->time_unit_us, &us);

	if (ret == -ERANGE)
		return bad(err, len, "time '%s' is too long", v);
	if (ret && strpbrk(v, "-:"))
		return bad(err, len, "time ranges such as '%s' are not supported yet", v);
	if (ret)
		return bad(err, len, "invalid time '%s' (" EXPECT_TIME ")", v);
	*(uint64_t *)field(o, d->off) = us;
	return 0;
}

static const struct opt_enum_val *enum_find(const struct opt_enum_val *vals,
					    const char *v, size_t n)
{
	for (const struct opt_enum_val *e = vals; e->name; e++)
		if (strlen(e->name) == n && !strncasecmp(e->name, v, n))
			return e;
	return NULL;
}

/* "invalid value 'x' (expected one of: a, b, c)", listing supported values. */
static int bad_enum(const struct opt_enum_val *vals, const char *v, size_t n,
		    char *err, size_t len)
{
	char list[256];
	size_t used = 0;

	list[0] = '\0';
	for (const struct opt_enum_val *e = vals; e->name; e++) {
		if (e->unsupported)
			continue;
		int w = snprintf(list + used, sizeof(list) - used, "%s%s",
				 used ? ", " : "", e->name);
		if (w < 0 || (size_t)w >= sizeof(list) - used)
			break;
		used += (size_t)w;
	}
	return bad(err, len, "invalid value '%.*s' (expected one of: %s)", (int)n, v, list);
}

static int lookup_enum(const struct option_def *d, const char *v, size_t n,
		       const struct opt_enum_val **out, char *err, size_t len)
{
	const struct opt_enum_val *e = enum_find(d->vals, v, n);

	if (!e)
		return bad_enum(d->vals, v, n, err, len);
	if (e->unsupported)
		return bad(err, len, "value '%s' is not supported yet", e->name);
	*out = e;
	return 0;
}

static int set_enum(struct job_options *o, const struct option_def *d, const char *v,
		    char *err, size_t len)
{
	const struct opt_enum_val *e;
	size_t n = strlen(v);

	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	while (n && isspace((unsigned char)*v))
		v++, n--;
	if (lookup_enum(d, v, n, &e, err, len))
		return -EINVAL;
	store_uint(field(o, d->off), d->size, e->value);
	return 0;
}

static int set_float(struct job_options *o, const struct option_def *d, const char *v,
		     char *err, size_t len)
{
	double x;

	if (parse_double(v, &x))
		return bad(err, len, "invalid number '%s' (expected a number such as 0.5)", v);
	if ((d->min || d->max) && (x < (double)d->min || x > (double)d->max))
		return bad(err, len, "'%s' is out of range (expected %" PRIu64 " to %"
			   PRIu64 ")", v, d->min, d->max);
	*(double *)field(o, d->off) = x;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int set_float_list(struct job_options *o, const struct option_def *d,
			  const char *v, char *err, size_t len)
{
	double tmp[PCT_LIST_MAX];
	size_t cap = MIN_OF(d->size / sizeof(double), ARRAY_SIZE(tmp));
	char **items;
	size_t nr;
	int ret = 0;

	if (split_list(v, ':', false, &items, &nr))
		return bad(err, len, "out of memory");
	if (nr > cap)
		ret = bad(err, len, "too many values in '%s' (at most %zu)", v, cap);
	for (size_t i = 0; !ret && i < nr; i++) {
		if (parse_double(items[i], &tmp[i]) || tmp[i] < (double)d->min ||
		    tmp[i] > (double)d->max)
			ret = bad(err, len, "invalid value '%s' in '%s' (expected numbers "
				  "from %" PRIu64 " to %" PRIu64 " separated by ':', such as "
				  "50:99:99.9)", items[i], v, d->min, d->max);
	}
	free_list(items, nr);
	if (ret)
		return ret;
	qsort(tmp, nr, sizeof(tmp[0]), cmp_double);
	memcpy(field(o, d->off), tmp, nr * sizeof(tmp[0]));
	store_uint(field(o, d->off2), d->size2, nr);
	return 0;
}

static int set_pattern(struct job_options *o, const struct option_def *d,
		       const char *v, char *err, size_t len)
{
	size_t n;
	int ret = parse_pattern(v, field(o, d->off), d->size, &n);

	if (ret == -ENOTSUP)
		return bad(err, len, "pattern '%s': %%o is taken by verify_pattern only", v);
	if (ret == -ENOENT || ret == -EACCES || ret == -EISDIR)
		return bad(err, len, "pattern '%s': cannot read the file: %s", v, strerror(-ret));
	if (ret == -ENOSPC)
		return bad(err, len, "pattern '%s' is longer than %zu bytes", v, d->size);
	if (ret)
		return bad(err, len, "invalid pattern '%s' (expected 0xHEX, \"text\" or a "
			   "decimal number, or several of them)", v);
	store_uint(field(o, d->off2), d->size2, n);
	return 0;
}

/* ---- per-direction values: "read[,write[,trim]]" --------------------------- */

/*
 * fio's rule: a single value is for reads and writes; "r,w" sets each;
 * an empty item keeps what was there ("bs=,8k" changes writes only).
 * The trim item is accepted and ignored: verio does not trim.
 */
struct dirs {
	char **items;
	size_t nr;
	const char *val[2];	/* NULL = leave this direction alone */
};

static int dirs_split(const char *v, struct dirs *dv, char *err, size_t len)
{
	memset(dv, 0, sizeof(*dv));
	if (split_list(v, ',', false, &dv->items, &dv->nr))
		return bad(err, len, "out of memory");
	if (dv->nr > 3) {
		free_list(dv->items, dv->nr);
		return bad(err, len, "too many values in '%s' (expected read[,write[,trim]])", v);
	}
	for (size_t d = 0; d < 2; d++) {
		const char *s = dv->items[dv->nr == 1 ? 0 : d < dv->nr ? d : 0];

		if (d >= dv->nr && dv->nr != 1)
			continue;
		while (isspace((unsigned char)*s))
			s++;
		dv->val[d] = *s ? s : NULL;
	}
	if (!dv->val[0] && !dv->val[1]) {
		free_list(dv->items, dv->nr);
		return bad(err, len, "no value in '%s'", v);
	}
	return 0;
}

static void dirs_free(struct dirs *dv)
{
	free_list(dv->items, dv->nr);
}

static int set_bs_list(struct job_options *o, const struct option_def *d,
		       const char *v, char *err, size_t len)
{
	struct dirs dv;
	uint64_t n[2];
	int ret = 0;

	if (dirs_split(v, &dv, err, len))
		return -EINVAL;
	for (size_t i = 0; i < 2 && !ret; i++)
		if (dv.val[i])
			ret = get_size(o, d, dv.val[i], &n[i], err, len);
	for (size_t i = 0; i < 2 && !ret; i++) {
		if (!dv.val[i])
			continue;
		((uint64_t *)field(o, d->off))[i] = n[i];
		if (d->flags & OPT_F_SET_MINMAX) {
			((uint64_t *)field(o, d->off2))[i] = n[i];
			((uint64_t *)field(o, d->off3))[i] = n[i];
		}
	}
	dirs_free(&dv);
	return ret;
}

static int set_bs_range(struct job_options *o, const struct option_def *d,
			const char *v, char *err, size_t len)
{
	struct dirs dv;
	uint64_t lo[2], hi[2];
	int ret = 0;

	if (dirs_split(v, &dv, err, len))
		return -EINVAL;
	for (size_t i = 0; i < 2 && !ret; i++) {
		if (!dv.val[i])
			continue;
		ret = parse_size_range(dv.val[i], o->kb_base, &lo[i], &hi[i]);
		if (ret || !lo[i])
			ret = bad(err, len, "invalid block size range '%s' (expected a "
				  "range such as 4k-64k)", dv.val[i]);
	}
	for (size_t i = 0; i < 2 && !ret; i++) {
		if (!dv.val[i])
			continue;
		((uint64_t *)field(o, d->off))[i] = lo[i];
		((uint64_t *)field(o, d->off2))[i] = hi[i];
		((uint64_t *)field(o, d->off3))[i] = lo[i];
	}
	dirs_free(&dv);
	return ret;
}

static int bssplit_one(const struct job_options *o, const char *s,
		       struct bssplit **out, size_t *nr, char *err, size_t len)
{
	int ret = parse_bssplit(s, o->kb_base, out, nr);

	if (ret == -E2BIG)
		return bad(err, len, "too many block sizes in '%s' (at most %d)", s,
			   BSSPLIT_MAX);
	if (ret == -ENOMEM)
		return bad(err, len, "out of memory");
	if (ret)
		return bad(err, len, "invalid block size split '%s' (expected SIZE/PERCENT"
			   ":SIZE/PERCENT... adding up to 100, such as 4k/75:64k/25)", s);
	return 0;
}

static int set_bssplit(struct job_options *o, const struct option_def *d,
		       const char *v, char *err, size_t len)
{
	struct bssplit **split = field(o, d->off), *nsplit[2] = { NULL, NULL };
	size_t *split_nr = field(o, d->off2), nnr[2] = { 0, 0 };
	struct dirs dv;
	int ret = 0;

	if (dirs_split(v, &dv, err, len))
		return -EINVAL;
	for (size_t i = 0; i < 2 && !ret; i++)
		if (dv.val[i])
			ret = bssplit_one(o, dv.val[i], &nsplit[i], &nnr[i], err, len);
	for (size_t i = 0; i < 2; i++) {
		if (ret || !dv.val[i]) {
			free(nsplit[i]);
			continue;
		}
		free(split[i]);
		split[i] = nsplit[i];
		split_nr[i] = nnr[i];
	}
	dirs_free(&dv);
	return ret;
}

/* ---- special options ------------------------------------------------------ */

/* rw=MODE[:N]: N is a hole size for sequential modes, a count for random. */
static int parse_rw(struct job_options *o, const struct option_def *d,
		    const char *v, char *err, size_t len)
{
	const struct opt_enum_val *e;
	const char *colon = strchr(v, ':');
	size_t n = colon ? (size_t)(colon - v) : strlen(v);
	uint64_t num = 0;

	if (lookup_enum(d, v, n, &e, err, len))
		return -EINVAL;
	if (colon && (e->value & RW_F_RAND)) {
		if (parse_uint(colon + 1, &num) || !num || num > UINT_MAX)
			return bad(err, len, "invalid count '%s' after '%s:' (expected the "
				   "number of sequential I/Os per random offset, such as 8)",
				   colon + 1, e->name);
	} else if (colon) {
		if (parse_size(colon + 1, o->kb_base, &num))
			return bad(err, len, "invalid size '%s' after '%s:' (expected the "
				   "hole after each I/O, such as 4k)", colon + 1, e->name);
	}
	store_uint(field(o, d->off), d->size, e->value);
	store_uint(field(o, d->off2), d->size2, (e->value & RW_F_RAND) ? 0 : num);
	store_uint(field(o, d->off3), d->size3, (e->value & RW_F_RAND) && num ? num : 1);
	return 0;
}

/* rwmixread=N also sets rwmixwrite=100-N (and the other way round). */
static int parse_rwmix(struct job_options *o, const struct option_def *d,
		       const char *v, char *err, size_t len)
{
	uint64_t n;

	if (get_uint(d, d->size, v, &n, err, len))
		return -EINVAL;
	store_uint(field(o, d->off), d->size, n);
	store_uint(field(o, d->off2), d->size2, 100 - n);
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

static int parse_ioengine(struct job_options *o, const struct option_def *d,
			  const char *v, char *err, size_t len)
{
	char list[256];

	if (engine_find(v))
		return set_str(o, d, v, err, len);
	engine_list(list, sizeof(list));
	for (size_t i = 0; i < ARRAY_SIZE(fio_engines); i++)
		if (!strcmp(fio_engines[i], v))
			return bad(err, len, "engine '%s' is not available in this build "
				   "(available: %s)", v, list);
	return bad(err, len, "unknown engine '%s' (available: %s)", v, list);
}

/*
 * The verify= methods that are no checksum name (the verifier's kinds,
 * verify/verifier.h: verify_kind_of() takes the same names).
 */
static const char *const verify_special[] = { "meta", "pattern", "pattern_hdr", "null" };

static int parse_verify(struct job_options *o, const struct option_def *d,
			const char *v, char *err, size_t len)
{
	const struct csum_def *csum;

	if (!strcmp(v, "0") || !strcmp(v, "none"))
		return set_str(o, d, "0", err, len);
	for (size_t i = 0; i < ARRAY_SIZE(verify_special); i++)
		if (!strcmp(v, verify_special[i]))
			return set_str(o, d, v, err, len);
	csum = csum_find(v);
	if (!csum)
		return bad(err, len, "unknown verify method '%s' (see 'verio --cmdhelp=verify')", v);
	if (!csum_available(csum))
		return bad(err, len, "verify method '%s' is not available in this build", v);
	return set_str(o, d, v, err, len);
}

/* verify_pattern: as buffer_pattern, plus %o (the block offset). */
static int parse_vpattern(struct job_options *o, const struct option_def *d,
			  const char *v, char *err, size_t len)
{
	size_t n, no = 0;
	int ret = parse_pattern_ex(v, o->verify_pattern, sizeof(o->verify_pattern), &n,
				   o->verify_pattern_ofs, ARRAY_SIZE(o->verify_pattern_ofs),
				   &no);

	(void)d;
	if (ret == -ENOTSUP)
		return bad(err, len, "pattern '%s': at most %zu %%o", v,
			   ARRAY_SIZE(o->verify_pattern_ofs));
	if (ret == -ENOSPC)
		return bad(err, len, "pattern '%s' is longer than %zu bytes", v,
			   sizeof(o->verify_pattern));
	if (ret == -ENOENT || ret == -EACCES || ret == -EISDIR)
		return bad(err, len, "pattern '%s': cannot read the file: %s", v, strerror(-ret));
	if (ret)
		return bad(err, len, "invalid pattern '%s' (expected 0xHEX, \"text\", 'file', "
			   "%%o or a decimal number, or several of them)", v);
	o->verify_pattern_len = n;
	o->verify_pattern_nofs = no;
	return 0;
}

/* sqthread_poll_cpu: a CPU number; unset means any (-1). */
static int parse_cpu(struct job_options *o, const struct option_def *d,
		     const char *v, char *err, size_t len)
{
	uint64_t n;

	(void)d;
	if (parse_uint(v, &n) < 0 || n > 4095)
		return bad(err, len, "invalid CPU '%s' (expected a CPU number such as 1)", v);
	o->sqthread_poll_cpu = (int)n;
	return 0;
}

/* ---- parse one option ------------------------------------------------------ */

typedef int (*setter_fn)(struct job_options *, const struct option_def *, const char *,
			 char *, size_t);

static const setter_fn setters[OPT_TYPE_MAX] = {
	[OPT_STR] = set_str,
	[OPT_BOOL] = set_bool,
	[OPT_UINT] = set_uint,
	[OPT_SIZE] = set_size,
	[OPT_SIZE_PCT] = set_size_pct,
	[OPT_SIZE_RANGE] = set_size_range,
	[OPT_TIME] = set_time,
	[OPT_ENUM] = set_enum,
	[OPT_FLOAT] = set_float,
	[OPT_BS_LIST] = set_bs_list,
	[OPT_BS_RANGE] = set_bs_range,
	[OPT_BSSPLIT] = set_bssplit,
	[OPT_FLOAT_LIST] = set_float_list,
	[OPT_PATTERN] = set_pattern,
};

static int option_apply(struct job_options *o, const struct option_def *d,
			const char *value, char *err, size_t len)
{
	int ret;

	if (d->parse)
		ret = d->parse(o, d, value, err, len);
	else
		ret = setters[d->type](o, d, value, err, len);
	return ret ? -EINVAL : 0;
}

int option_parse(struct job_options *o, const char *name, const char *value,
		 char *err, size_t errlen)
{
	const struct option_def *d = option_find(name);
	char why[384];

	if (!d) {
		bad(err, errlen, "unknown option '%s'", name ? name : "");
		return -ENOENT;
	}
	if (d->type != OPT_BOOL && (!value || !*value))
		return bad(err, errlen, "option '%s' needs a value", name);
	if (option_apply(o, d, value, why, sizeof(why)))
		return bad(err, errlen, "option '%s': %s", name, why);
	return 0;
}

static void print_src(const struct opt_src *src)
{
	if (src && src->file)
		fprintf(stderr, "verio: job file '%s' line %u: ", src->file, src->line);
	else
		fprintf(stderr, "verio: command line: ");
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
		fprintf(stderr, "%s\n", err);
	} else if (option_unsupported_find(name)) {
		fprintf(stderr, "option '%s' is a fio option verio does not support yet\n",
			name);
	} else if ((hint = option_suggest(name))) {
		fprintf(stderr, "unknown option '%s' (did you mean '%s'?)\n", name, hint);
	} else {
		fprintf(stderr, "unknown option '%s'\n", name);
	}
	return -EINVAL;
}

/* ---- defaults, copy, release ------------------------------------------------ */

void options_defaults(struct job_options *o)
{
	char err[256];

	memset(o, 0, sizeof(*o));
	o->kb_base = KB_BASE_1024;
	o->sqthread_poll_cpu = -1;	/* no default text: "any CPU" */
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (opts[i].def)
			(void)option_apply(o, &opts[i], opts[i].def, err, sizeof(err));
}

void options_release(struct job_options *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		const struct option_def *d = &opts[i];

		if (d->type == OPT_STR) {
			char **p = field(o, d->off);
			free(*p);
			*p = NULL;
		} else if (d->type == OPT_BSSPLIT) {
			struct bssplit **p = field(o, d->off);
			size_t *nr = field(o, d->off2);
			for (size_t k = 0; k < 2; k++) {
				free(p[k]);
				p[k] = NULL;
				nr[k] = 0;
			}
		}
	}
}

/* Copy the heap parts of one table entry's field; 0 or -ENOMEM. */
static int copy_heap(struct job_options *dst, const struct job_options *src,
		     const struct option_def *d)
{
	const char *base = (const char *)src;

	if (d->type == OPT_STR) {
		char **p = field(dst, d->off);
		const char *s;

		memcpy(&s, base + d->off, sizeof(s));
		*p = s ? strdup(s) : NULL;
		return s && !*p ? -ENOMEM : 0;
	}
	if (d->type == OPT_BSSPLIT) {
		struct bssplit **p = field(dst, d->off), *s[2];
		size_t nr[2];

		memcpy(s, base + d->off, sizeof(s));
		memcpy(nr, base + d->off2, sizeof(nr));
		for (size_t k = 0; k < 2; k++) {
			if (!s[k])
				continue;
			p[k] = malloc(nr[k] * sizeof(*s[k]));
			if (!p[k])
				return -ENOMEM;
			memcpy(p[k], s[k], nr[k] * sizeof(*s[k]));
		}
	}
	return 0;
}

int options_copy(struct job_options *dst, const struct job_options *src)
{
	memcpy(dst, src, sizeof(*dst));
	/* Own nothing yet, so a failure half way releases only our copies. */
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		if (opts[i].type == OPT_STR)
			*(char **)field(dst, opts[i].off) = NULL;
		else if (opts[i].type == OPT_BSSPLIT)
			memset(field(dst, opts[i].off), 0, opts[i].size);
	}
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		if (copy_heap(dst, src, &opts[i])) {
			options_release(dst);
			return -ENOMEM;
		}
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
		fprintf(stderr, "job '%s': ", o->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
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

int options_check(struct job_options *o, const struct opt_src *src)
{
	if (check_bs(o, src))
		return -EINVAL;
	if (o->rwmix[0] + o->rwmix[1] != 100)
		return check_fail(o, src, "rwmixread (%u) and rwmixwrite (%u) must add "
				  "up to 100", o->rwmix[0], o->rwmix[1]);
	if (!o->iodepth)
		return check_fail(o, src, "iodepth must be at least 1");
	if (o->hipri && !o->direct)
		return check_fail(o, src, "hipri (polled I/O) needs direct=1");
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
	if (o->wait_for && o->name && !strcmp(o->wait_for, o->name))
		return check_fail(o, src, "wait_for names the job itself");
	return 0;
}

/* ---- --cmdhelp ------------------------------------------------------------- */

static void help_aliases(FILE *out, const struct option_def *d)
{
	if (!d->alias[0])
		return;
	fprintf(out, "  alias:    ");
	for (size_t a = 0; a < OPT_ALIAS_MAX && d->alias[a]; a++)
		fprintf(out, "%s%s", a ? ", " : "", d->alias[a]);
	fputc('\n', out);
}

static void help_range(FILE *out, const struct option_def *d)
{
	if (d->type == OPT_UINT || d->type == OPT_FLOAT || d->type == OPT_FLOAT_LIST) {
		if (d->max)
			fprintf(out, "  range:    %" PRIu64 " to %" PRIu64 "\n", d->min, d->max);
		else if (d->min)
			fprintf(out, "  range:    at least %" PRIu64 "\n", d->min);
	}
	if (!d->vals)
		return;
	fprintf(out, "  values:\n");
	for (const struct opt_enum_val *e = d->vals; e->name; e++)
		fprintf(out, "    %-14s %s%s\n", e->name, e->help,
			e->unsupported ? " (not supported yet)" : "");
}

static void help_one(FILE *out, const struct option_def *d)
{
	fprintf(out, "%s: %s\n", d->name, d->help);
	help_aliases(out, d);
	fprintf(out, "  type:     %s\n", option_type_name(d->type));
	fprintf(out, "  default:  %s\n", d->def ? d->def : "(none)");
	help_range(out, d);
}

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
	fprintf(out, "\nThe bare name of a boolean option means 1. "
		"'verio --cmdhelp=NAME' details one option.\n");
}

int options_print_help(FILE *out, const char *name)
{
	const struct option_def *d;

	if (!name || !*name || !strcmp(name, "all")) {
		help_all(out);
		return 0;
	}
	d = option_find(name);
	if (!d)
		return -ENOENT;
	help_one(out, d);
	return 0;
}

/* ---- table self-check ---------------------------------------------------------- */

static bool field_ok(size_t off, size_t size)
{
	return size && off + size <= sizeof(struct job_options);
}

static int check_entry_fields(const struct option_def *d, char *err, size_t len)
{
	static const size_t need[OPT_TYPE_MAX] = {
		[OPT_STR] = sizeof(char *), [OPT_SIZE] = sizeof(uint64_t),
		[OPT_SIZE_PCT] = sizeof(uint64_t), [OPT_SIZE_RANGE] = sizeof(uint64_t),
		[OPT_TIME] = sizeof(uint64_t), [OPT_FLOAT] = sizeof(double),
		[OPT_BS_LIST] = 2 * sizeof(uint64_t), [OPT_BS_RANGE] = 2 * sizeof(uint64_t),
		[OPT_BSSPLIT] = 2 * sizeof(struct bssplit *),
	};

	if (!field_ok(d->off, d->size))
		return bad(err, len, "option '%s': bad field offset or size", d->name);
	if (need[d->type] && d->size != need[d->type])
		return bad(err, len, "option '%s': field size %zu does not fit its type",
			   d->name, d->size);
	if ((d->type == OPT_UINT || d->type == OPT_ENUM || d->type == OPT_BOOL) &&
	    d->size != sizeof(bool) && d->size != sizeof(unsigned) &&
	    d->size != sizeof(uint64_t))
		return bad(err, len, "option '%s': field size %zu is no integer", d->name,
			   d->size);
	if (d->size2 && !field_ok(d->off2, d->size2))
		return bad(err, len, "option '%s': bad second field", d->name);
	if (d->size3 && !field_ok(d->off3, d->size3))
		return bad(err, len, "option '%s': bad third field", d->name);
	return 0;
}

static int check_entry(const struct option_def *d, char *err, size_t len)
{
	struct job_options o;
	char why[256];

	if (!d->name || !*d->name || !d->help || !*d->help)
		return bad(err, len, "entry '%s' lacks a name or help", d->name ? d->name : "");
	if (d->type <= 0 || d->type >= OPT_TYPE_MAX || (unsigned)d->cat >= OPT_CAT_MAX)
		return bad(err, len, "option '%s': bad type or category", d->name);
	if (check_entry_fields(d, err, len))
		return -EINVAL;
	if (d->type == OPT_ENUM && (!d->vals || !d->vals[0].name))
		return bad(err, len, "option '%s': enum without values", d->name);
	if (option_unsupported_find(d->name))
		return bad(err, len, "option '%s' is also listed as unsupported", d->name);
	if (!d->def)
		return 0;
	options_defaults(&o);
	if (option_apply(&o, d, d->def, why, sizeof(why))) {
		options_release(&o);
		return bad(err, len, "option '%s': default '%s' does not parse: %s",
			   d->name, d->def, why);
	}
	options_release(&o);
	return 0;
}

static int check_names_unique(char *err, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		const struct option_def *d = &opts[i];

		if (option_find(d->name) != d)
			return bad(err, len, "option '%s' is defined twice", d->name);
		for (size_t a = 0; a < OPT_ALIAS_MAX && d->alias[a]; a++)
			if (option_find(d->alias[a]) != d ||
			    option_unsupported_find(d->alias[a]))
				return bad(err, len, "alias '%s' clashes", d->alias[a]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++)
		if (option_unsupported_find(unsupported[i].name) != &unsupported[i])
			return bad(err, len, "'%s' is listed twice as unsupported",
				   unsupported[i].name);
	return 0;
}

int options_table_check(char *err, size_t errlen)
{
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (check_entry(&opts[i], err, errlen))
			return -EINVAL;
	return check_names_unique(err, errlen);
}
