/*
 * test-options.c - unit tests for the option table (src/config/options.c).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>

#include "config/options.h"
#include "parse.h"
#include "test-util.h"

#define KiB 1024ULL
#define MiB (1024ULL * KiB)
#define GiB (1024ULL * MiB)

/* ---- capturing stderr ------------------------------------------------------ */


/* option_set's message for name=value from a.ini line 12. */
static const char *set_msg(struct job_options *o, const char *name, const char *value,
			   int *ret)
{
	static struct capture c;
	struct opt_src src = { "a.ini", 12 };

	capture_start(&c, STDERR_FILENO);
	*ret = option_set(o, name, value, &src);
	return capture_end(&c, STDERR_FILENO);
}

/* ---- the table ----------------------------------------------------------------- */

static void test_options__table_complete(void **state)
{
	char err[256] = "";
	size_t n = option_def_count();

	(void)state;
	if (options_table_check(err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(n > 50);
	for (size_t i = 0; i < n; i++) {
		const struct option_def *d = option_def_at(i);

		assert_non_null(d->name);
		assert_non_null(d->help);
		assert_true(d->type > 0 && d->type < OPT_TYPE_MAX);
		assert_non_null(option_type_name(d->type));
		assert_non_null(option_cat_name(d->cat));
		assert_true(d->off + d->size <= sizeof(struct job_options));
		assert_ptr_equal(option_find(d->name), d);
		/* One line, no final full stop (STYLE.md). */
		assert_null(strchr(d->help, '\n'));
		assert_int_not_equal(d->help[strlen(d->help) - 1], '.');
	}
	assert_null(option_def_at(n));
}

static void test_options__unsupported_list(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; option_unsupported_at(i); i++) {
		const struct opt_unsupported *u = option_unsupported_at(i);

		assert_non_null(u->name);
		assert_non_null(u->area);
		assert_null(option_find(u->name));
	}
	assert_true(i > 20);
	assert_non_null(option_unsupported_find("verifysort"));
	assert_null(option_unsupported_find("experimental_verify"));
	assert_null(option_unsupported_find("fallocate"));
	assert_null(option_unsupported_find("openfiles"));
	assert_non_null(option_unsupported_find("io_submit_mode"));
	assert_non_null(option_unsupported_find("force_async"));
	assert_null(option_unsupported_find("atomic"));
	assert_null(option_unsupported_find("bs"));
}

/* docs/unsupported-fio-options.md lists every entry (run from the top directory). */
static void test_options__unsupported_doc(void **state)
{
	const char *doc = test_read_doc("docs/unsupported-fio-options.md");
	char row[128];

	(void)state;
	if (!doc) {
		skip();
		return;
	}
	for (size_t i = 0; option_unsupported_at(i); i++) {
		const struct opt_unsupported *u = option_unsupported_at(i);

		snprintf(row, sizeof(row), "| `%s` | %s |", u->name, u->area);
		if (!strstr(doc, row))
			fail_msg("docs/unsupported-fio-options.md lacks \"%s\"", row);
	}
}

/* docs/job-file.md has a heading for every option of the table. */
static void test_options__reference_doc(void **state)
{
	const char *doc = test_read_doc("docs/job-file.md");

	(void)state;
	if (!doc) {
		skip();
		return;
	}
	for (size_t i = 0; i < option_def_count(); i++)
		test_doc_has_heading(doc, "docs/job-file.md", option_def_at(i)->name);
}

static void test_options__aliases(void **state)
{
	static const char *const pairs[][2] = {
		{ "readwrite", "rw" }, { "blocksize", "bs" }, { "blocksize_range", "bsrange" },
		{ "ba", "blockalign" }, { "io_limit", "io_size" }, { "timeout", "runtime" },
		{ "wait_for_previous", "stonewall" }, { "fill_fs", "fill_device" },
		{ "nr_files", "nrfiles" }, { "blocksize_unaligned", "bs_unaligned" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		assert_ptr_equal(option_find(pairs[i][0]), option_find(pairs[i][1]));
	assert_null(option_find("bsize"));
	assert_null(option_find(NULL));
}

static void test_options__defaults(void **state)
{
	struct job_options o;
	struct opt_src src = { "d.ini", 1 };
	static const double pct[] = { 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95,
				      99, 99.5, 99.9, 99.95, 99.99 };

	(void)state;
	options_defaults(&o);
	for (int d = 0; d < 2; d++) {
		assert_int_equal(o.bs[d], 4096);
		assert_int_equal(o.min_bs[d], 4096);
		assert_int_equal(o.max_bs[d], 4096);
		assert_null(o.bssplit[d]);
		assert_int_equal(o.blockalign[d], 0);
	}
	assert_int_equal(o.rw, RW_F_READ);
	assert_int_equal(o.rw_seq_nr, 1);
	assert_int_equal(o.rw_seq_add, 0);
	assert_int_equal(o.iodepth, 1);
	assert_int_equal(o.numjobs, 1);
	assert_int_equal(o.loops, 1);
	assert_int_equal(o.nrfiles, 1);
	/* fio's defaults: fallocate=native on Linux, openfiles = nrfiles */
	assert_int_equal(o.fallocate, FALLOCATE_NATIVE);
	assert_int_equal(o.openfiles, 0);
	assert_false(o.experimental_verify);
	assert_true(o.verify_write_sequence);
	assert_true(o.verify_header_seed);
	assert_int_equal(o.verify_policy, VPOLICY_UNSET);
	assert_string_equal(o.ioengine, "psync");
	assert_string_equal(o.filename_format, "$jobname.$jobnum.$filenum");
	assert_null(o.name);
	assert_null(o.filename);
	assert_int_equal(o.rwmix[0], 50);
	assert_int_equal(o.rwmix[1], 50);
	assert_true(o.randrepeat);
	assert_int_equal(o.rand_seed, 0x89);
	assert_int_equal(o.kb_base, 1024);
	assert_int_equal(o.unit_base, 0);
	assert_true(o.allow_file_create);
	assert_true(o.clat_percentiles);
	assert_false(o.lat_percentiles);
	assert_true(o.scramble_buffers);
	assert_false(o.direct);
	assert_int_equal(o.continue_on_error, COE_NONE);
	assert_int_equal(o.random_generator, RANDGEN_TAUSWORTHE);
	assert_int_equal(o.runtime_us, 0);
	assert_int_equal(o.percentile_nr, ARRAY_SIZE(pct));
	for (size_t i = 0; i < ARRAY_SIZE(pct); i++)
		assert_true(o.percentile_list[i] == pct[i]);
	assert_int_equal(options_check(&o, &src), 0);
	options_release(&o);
}

/* ---- each type ---------------------------------------------------------------- */

struct parse_case {
	const char *name;
	const char *value;
	int ret;
};

static const struct parse_case parse_cases[] = {
	{ "name", "job1", 0 }, { "name", "", -EINVAL }, { "name", NULL, -EINVAL },
	{ "direct", NULL, 0 }, { "direct", "1", 0 }, { "direct", "maybe", -EINVAL },
	{ "iodepth", "32", 0 }, { "iodepth", "0", -EINVAL }, { "iodepth", "x", -EINVAL },
	{ "iodepth", "-1", -EINVAL }, { "iodepth", "99999999999", -EINVAL },
	{ "size", "10g", 0 }, { "size", "50%", 0 }, { "size", "0%", -EINVAL },
	{ "size", "150%", -EINVAL }, { "size", "4q", -EINVAL },
	{ "filesize", "1m-2m", 0 }, { "filesize", "1m", 0 }, { "filesize", "1m-", -EINVAL },
	{ "runtime", "30", 0 }, { "runtime", "2m", 0 }, { "runtime", "5x", -EINVAL },
	{ "startdelay", "1-2", -EINVAL },
	{ "rw", "randrw", 0 }, { "rw", "RandWrite", 0 }, { "rw", "trim", 0 },
	{ "rw", "randtrimwrite", 0 },
	{ "trim_percentage", "100", 0 }, { "trim_percentage", "101", -EINVAL },
	{ "trim_verify_zero", "0", 0 }, { "trim_backlog", "1k", 0 }, { "rw", "bogus", -EINVAL },
	{ "rw", "randread:0", -EINVAL }, { "rw", "write:x", -EINVAL },
	{ "sync", "dsync", -EINVAL }, { "sync", "sync", 0 },
	{ "bs", "", -EINVAL }, { "bs", "0", -EINVAL }, { "bs", ",", -EINVAL },
	{ "bs", "1k,2k,3k", 0 }, { "bs", "1k,2k,3k,4k", -EINVAL },
	{ "bsrange", "4k-1k", 0 }, { "bsrange", "0-4k", -EINVAL },
	{ "bssplit", "4k/60:8k/60", -EINVAL }, { "bssplit", "4k", 0 },
	{ "percentile_list", "50", 0 }, { "percentile_list", "101", -EINVAL },
	{ "percentile_list", "1::2", -EINVAL },
	{ "buffer_pattern", "0xdeadbeef", 0 }, { "buffer_pattern", "'file'", -EINVAL },
	{ "buffer_pattern", "0xzz", -EINVAL },
	{ "ioengine", "null", 0 }, { "ioengine", "splice", -EINVAL },
	{ "ioengine", "nope", -EINVAL },
	{ "kb_base", "1000", 0 }, { "kb_base", "1001", -EINVAL },
	{ "unit_base", "8", 0 }, { "unit_base", "2", -EINVAL },
	{ "continue_on_error", "verify", 0 }, { "continue_on_error", "some", -EINVAL },
	{ "random_generator", "lfsr", 0 },
	{ "rwmixread", "101", -EINVAL }, { "rwmixwrite", "0", 0 },
	{ "offset", "20%", 0 }, { "offset", "1g", 0 },
	{ "bsize", "4k", -ENOENT }, { "experimental_verify", "1", 0 },
	{ "verifysort", "1", -ENOENT },
	{ "fallocate", "keep", 0 }, { "fallocate", "1", 0 }, { "fallocate", "all", -EINVAL },
	{ "openfiles", "2", 0 }, { "verify_policy", "fsynced", 0 },
	{ "verify_policy", "completed", 0 }, { "verify_policy", "durable", -EINVAL },
	{ "verify_write_sequence", "0", 0 }, { "verify_header_seed", "0", 0 },
};

static void test_options__parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct job_options o;
		char err[512] = "";
		int ret;

		options_defaults(&o);
		ret = option_parse(&o, c->name, c->value, err, sizeof(err));
		if (ret != c->ret)
			fail_msg("%s=%s: got %d (%s), want %d", c->name,
				 c->value ? c->value : "(bare)", ret, err, c->ret);
		if (ret)
			assert_true(strlen(err) > 0);
		options_release(&o);
	}
}

static void test_options__scalars(void **state)
{
	struct job_options o;
	char err[256];

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "name", "j", err, sizeof(err)), 0);
	assert_string_equal(o.name, "j");
	assert_int_equal(option_parse(&o, "name", "k", err, sizeof(err)), 0);
	assert_string_equal(o.name, "k");
	assert_int_equal(option_parse(&o, "iodepth", "1k", err, sizeof(err)), 0);
	assert_int_equal(o.iodepth, 1024);
	assert_int_equal(option_parse(&o, "runtime", "2m", err, sizeof(err)), 0);
	assert_int_equal(o.runtime_us, 120 * 1000000ULL);
	assert_int_equal(option_parse(&o, "timeout", "500ms", err, sizeof(err)), 0);
	assert_int_equal(o.runtime_us, 500000);
	assert_int_equal(option_parse(&o, "number_ios", "0x10", err, sizeof(err)), 0);
	assert_int_equal(o.number_ios, 16);
	assert_int_equal(option_parse(&o, "continue_on_error", "io", err, sizeof(err)), 0);
	assert_int_equal(o.continue_on_error, COE_IO);
	assert_int_equal(option_parse(&o, "continue_on_error", "1", err, sizeof(err)), 0);
	assert_int_equal(o.continue_on_error, COE_ALL);
	assert_int_equal(option_parse(&o, "sync", "1", err, sizeof(err)), 0);
	assert_true(o.sync);
	assert_int_equal(option_parse(&o, "random_generator", "tausworthe64", err,
				      sizeof(err)), 0);
	assert_int_equal(o.random_generator, RANDGEN_TAUSWORTHE64);
	assert_int_equal(option_parse(&o, "filesize", "2m-1m", err, sizeof(err)), 0);
	assert_int_equal(o.filesize_min, 1 * MiB);
	assert_int_equal(o.filesize_max, 2 * MiB);
	assert_int_equal(option_parse(&o, "ioengine", "null", err, sizeof(err)), 0);
	assert_string_equal(o.ioengine, "null");
	options_release(&o);
}

static void test_options__bools(void **state)
{
	struct job_options o;
	char err[256];

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "direct", NULL, err, sizeof(err)), 0);
	assert_true(o.direct);
	assert_int_equal(option_parse(&o, "buffered", "1", err, sizeof(err)), 0);
	assert_false(o.direct);
	assert_int_equal(option_parse(&o, "buffered", "0", err, sizeof(err)), 0);
	assert_true(o.direct);
	assert_int_equal(option_parse(&o, "stonewall", NULL, err, sizeof(err)), 0);
	assert_true(o.stonewall);
	assert_int_equal(option_parse(&o, "wait_for_previous", "0", err, sizeof(err)), 0);
	assert_false(o.stonewall);
	assert_int_equal(option_parse(&o, "time_based", "", err, sizeof(err)), 0);
	assert_true(o.time_based);
	options_release(&o);
}

static void test_options__sizes_and_percent(void **state)
{
	struct job_options o;
	char err[256];

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "size", "50%", err, sizeof(err)), 0);
	assert_true(o.size_percent == 50.0);
	assert_int_equal(o.size, 0);
	assert_int_equal(option_parse(&o, "size", "4g", err, sizeof(err)), 0);
	assert_int_equal(o.size, 4 * GiB);
	assert_true(o.size_percent == 0);
	assert_int_equal(option_parse(&o, "offset", "12.5%", err, sizeof(err)), 0);
	assert_true(o.offset_percent == 12.5);
	assert_int_equal(option_parse(&o, "io_limit", "1m", err, sizeof(err)), 0);
	assert_int_equal(o.io_size, 1 * MiB);
	/* kb_base applies to the values after it. */
	assert_int_equal(option_parse(&o, "kb_base", "1000", err, sizeof(err)), 0);
	assert_int_equal(option_parse(&o, "offset_increment", "1k", err, sizeof(err)), 0);
	assert_int_equal(o.offset_increment, 1000);
	options_release(&o);
}

/* ---- per-direction values ------------------------------------------------------- */

struct bs_case {
	const char *value;
	uint64_t r, w;
};

static const struct bs_case bs_cases[] = {
	{ "8k", 8 * KiB, 8 * KiB },
	{ "4k,8k", 4 * KiB, 8 * KiB },
	{ ",8k", 4 * KiB, 8 * KiB },	/* reads keep the default */
	{ "8k,", 8 * KiB, 4 * KiB },	/* writes keep the default */
	{ ",8k,", 4 * KiB, 8 * KiB },
	{ "1k,2k,16k", 1 * KiB, 2 * KiB },	/* trim ignored */
	{ " 1k , 2k ", 1 * KiB, 2 * KiB },
};

static void test_options__bs_per_direction(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bs_cases); i++) {
		struct job_options o;
		char err[256] = "";

		options_defaults(&o);
		if (option_parse(&o, "bs", bs_cases[i].value, err, sizeof(err)))
			fail_msg("bs=%s: %s", bs_cases[i].value, err);
		assert_int_equal(o.bs[0], bs_cases[i].r);
		assert_int_equal(o.bs[1], bs_cases[i].w);
		assert_int_equal(o.min_bs[0], bs_cases[i].r);
		assert_int_equal(o.max_bs[1], bs_cases[i].w);
		options_release(&o);
	}
}

static void test_options__bsrange(void **state)
{
	struct job_options o;
	char err[256];
	struct opt_src src = { NULL, 0 };

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "bsrange", "1k-4k,2k-8k", err, sizeof(err)), 0);
	assert_int_equal(o.min_bs[0], 1 * KiB);
	assert_int_equal(o.max_bs[0], 4 * KiB);
	assert_int_equal(o.min_bs[1], 2 * KiB);
	assert_int_equal(o.max_bs[1], 8 * KiB);
	assert_int_equal(o.bs[1], 2 * KiB);
	assert_int_equal(option_parse(&o, "blocksize_range", "512:1M", err, sizeof(err)), 0);
	assert_int_equal(o.min_bs[1], 512);
	assert_int_equal(o.max_bs[1], 1 * MiB);
	assert_int_equal(options_check(&o, &src), 0);
	/* bs after bsrange fixes the size again. */
	assert_int_equal(option_parse(&o, "bs", "64k", err, sizeof(err)), 0);
	assert_int_equal(o.min_bs[0], 64 * KiB);
	assert_int_equal(o.max_bs[0], 64 * KiB);
	options_release(&o);
}

static void test_options__bssplit(void **state)
{
	struct job_options o;
	char err[256];
	struct opt_src src = { NULL, 0 };

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "bssplit", "64k/50:4k/50,8k/100", err,
				      sizeof(err)), 0);
	assert_int_equal(o.bssplit_nr[0], 2);
	assert_int_equal(o.bssplit_nr[1], 1);
	assert_int_equal(o.bssplit[0][0].bs, 4 * KiB);
	assert_int_equal(o.bssplit[1][0].bs, 8 * KiB);
	assert_int_equal(options_check(&o, &src), 0);
	/* bssplit decides the size range, as in fio. */
	assert_int_equal(o.min_bs[0], 4 * KiB);
	assert_int_equal(o.max_bs[0], 64 * KiB);
	assert_int_equal(o.min_bs[1], 8 * KiB);
	/* One list for both directions; blank percentages share the rest. */
	assert_int_equal(option_parse(&o, "bssplit", "4k/50:1k/:32k/", err, sizeof(err)), 0);
	assert_int_equal(o.bssplit_nr[0], 3);
	assert_int_equal(o.bssplit_nr[1], 3);
	assert_int_equal(options_check(&o, &src), 0);
	assert_int_equal(o.max_bs[1], 32 * KiB);
	options_release(&o);
	assert_null(o.bssplit[0]);
}

/* ---- special options -------------------------------------------------------------- */

static void test_options__rwmix_complement(void **state)
{
	struct job_options o;
	char err[256];

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "rwmixread", "80", err, sizeof(err)), 0);
	assert_int_equal(o.rwmix[0], 80);
	assert_int_equal(o.rwmix[1], 20);
	assert_int_equal(option_parse(&o, "rwmixwrite", "70", err, sizeof(err)), 0);
	assert_int_equal(o.rwmix[0], 30);
	assert_int_equal(o.rwmix[1], 70);
	options_release(&o);
}

struct rw_case {
	const char *value;
	unsigned rw;
	uint64_t add;
	unsigned nr;
};

static const struct rw_case rw_cases[] = {
	{ "read", RW_F_READ, 0, 1 },
	{ "write", RW_F_WRITE, 0, 1 },
	{ "randread", RW_F_READ | RW_F_RAND, 0, 1 },
	{ "randwrite", RW_F_WRITE | RW_F_RAND, 0, 1 },
	{ "rw", RW_F_READ | RW_F_WRITE, 0, 1 },
	{ "readwrite", RW_F_READ | RW_F_WRITE, 0, 1 },
	{ "randrw", RW_F_READ | RW_F_WRITE | RW_F_RAND, 0, 1 },
	{ "write:112k", RW_F_WRITE, 112 * KiB, 1 },
	{ "rw:4k", RW_F_READ | RW_F_WRITE, 4 * KiB, 1 },
	{ "randread:8", RW_F_READ | RW_F_RAND, 0, 8 },
	{ "randrw:16", RW_F_READ | RW_F_WRITE | RW_F_RAND, 0, 16 },
};

static void test_options__rw_suffix(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rw_cases); i++) {
		struct job_options o;
		char err[256] = "";

		options_defaults(&o);
		/* A later rw= resets an earlier suffix. */
		assert_int_equal(option_parse(&o, "rw", "randread:4", err, sizeof(err)), 0);
		if (option_parse(&o, "readwrite", rw_cases[i].value, err, sizeof(err)))
			fail_msg("rw=%s: %s", rw_cases[i].value, err);
		assert_int_equal(o.rw, rw_cases[i].rw);
		assert_int_equal(o.rw_seq_add, rw_cases[i].add);
		assert_int_equal(o.rw_seq_nr, rw_cases[i].nr);
		assert_int_equal(options_writes(&o), (rw_cases[i].rw & RW_F_WRITE) != 0);
		options_release(&o);
	}
}

static void test_options__percentile_list(void **state)
{
	struct job_options o;
	char err[256];

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "percentile_list", "1:5:50:99.9", err,
				      sizeof(err)), 0);
	assert_int_equal(o.percentile_nr, 4);
	assert_true(o.percentile_list[0] == 1.0);
	assert_true(o.percentile_list[3] == 99.9);
	/* Kept in ascending order. */
	assert_int_equal(option_parse(&o, "percentile_list", "99:50", err, sizeof(err)), 0);
	assert_int_equal(o.percentile_nr, 2);
	assert_true(o.percentile_list[0] == 50.0);
	/* A failed parse leaves the list alone. */
	assert_int_equal(option_parse(&o, "percentile_list", "50:x", err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(o.percentile_nr, 2);
	options_release(&o);
}

static void test_options__pattern(void **state)
{
	struct job_options o;
	char err[256];
	static const uint8_t want[] = { 0xde, 0xad, 'a', '#' };

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "buffer_pattern", "0xdead\"a#\"", err,
				      sizeof(err)), 0);
	assert_int_equal(o.buffer_pattern_len, sizeof(want));
	assert_memory_equal(o.buffer_pattern, want, sizeof(want));
	options_release(&o);
}

/* Patterns live on the heap: a copy owns its own, a second value replaces the first. */
static void test_options__pattern_heap(void **state)
{
	struct job_options o, c;
	char err[256];
	char big[2 + 2 * 1024 + 1] = "0x";

	(void)state;
	for (size_t i = 0; i < 1024; i++)
		memcpy(big + 2 + 2 * i, "5a", 2);
	options_defaults(&o);
	assert_null(o.verify_pattern);
	assert_int_equal(option_parse(&o, "verify_pattern", "0x01", err, sizeof(err)), 0);
	assert_int_equal(option_parse(&o, "verify_pattern", big, err, sizeof(err)), 0);
	assert_int_equal(o.verify_pattern_len, 1024);
	assert_int_equal(option_parse(&o, "buffer_pattern", big, err, sizeof(err)), 0);
	assert_int_equal(options_copy(&c, &o), 0);
	assert_ptr_not_equal(c.verify_pattern, o.verify_pattern);
	assert_ptr_not_equal(c.buffer_pattern, o.buffer_pattern);
	assert_int_equal(c.buffer_pattern_len, 1024);
	assert_memory_equal(c.verify_pattern, o.verify_pattern, 1024);
	options_release(&o);
	assert_int_equal(c.verify_pattern[1023], 0x5a);
	assert_int_equal(c.buffer_pattern[0], 0x5a);
	/* a bad value leaves the one before in place */
	assert_int_equal(option_parse(&c, "verify_pattern", "0xzz", err, sizeof(err)), -EINVAL);
	assert_int_equal(c.verify_pattern_len, 1024);
	options_release(&c);
	assert_null(c.verify_pattern);
	assert_int_equal(c.verify_pattern_len, 0);
}

/* ---- messages --------------------------------------------------------------------- */

struct msg_case {
	const char *name;
	const char *value;
	const char *msg;
};

static const struct msg_case msg_cases[] = {
	{ "bs", "4q", "verio: job file 'a.ini' line 12: option 'bs': invalid size '4q' "
		      "(expected a size such as 4k, 1m, 0x1000)\n" },
	{ "bsize", "4k", "verio: job file 'a.ini' line 12: unknown option 'bsize' "
			 "(did you mean 'bs'?)\n" },
	{ "iodeph", "4", "verio: job file 'a.ini' line 12: unknown option 'iodeph' "
			 "(did you mean 'iodepth'?)\n" },
	{ "verifysort", "2", "verio: job file 'a.ini' line 12: option 'verifysort' is a fio "
			      "option verio does not support yet\n" },
	{ "xyzzyplugh", "1", "verio: job file 'a.ini' line 12: unknown option "
			     "'xyzzyplugh'\n" },
	{ "iodepth", NULL, "verio: job file 'a.ini' line 12: option 'iodepth' needs a "
			   "value\n" },
	{ "rw", "randomread", "verio: job file 'a.ini' line 12: option 'rw': invalid value "
			      "'randomread' (expected one of: read, write, randread, "
			      "randwrite, rw, readwrite, randrw, trim, randtrim, trimwrite, "
			      "randtrimwrite)\n" },
	{ "ioengine", "splice", "verio: job file 'a.ini' line 12: option 'ioengine': engine "
			      "'splice' is not available in this build (available: " },
};

static void test_options__messages(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(msg_cases); i++) {
		const struct msg_case *c = &msg_cases[i];
		struct job_options o;
		int ret;
		const char *msg;

		options_defaults(&o);
		msg = set_msg(&o, c->name, c->value, &ret);
		assert_int_equal(ret, -EINVAL);
		if (strncmp(msg, c->msg, strlen(c->msg)))
			fail_msg("%s: got \"%s\", want \"%s\"", c->name, msg, c->msg);
		options_release(&o);
	}
}

static void test_options__command_line_message(void **state)
{
	struct job_options o;
	struct capture c;
	const char *msg;

	(void)state;
	options_defaults(&o);
	capture_start(&c, STDERR_FILENO);
	assert_int_equal(option_set(&o, "size", "x", NULL), -EINVAL);
	msg = capture_end(&c, STDERR_FILENO);
	assert_non_null(strstr(msg, "verio: command line: option 'size': invalid size 'x'"));
	options_release(&o);
}

static void test_options__suggest(void **state)
{
	static const char *const cases[][2] = {
		{ "bsize", "bs" }, { "directt", "direct" }, { "bsplit", "bssplit" },
		{ "iodeph", "iodepth" }, { "numjob", "numjobs" }, { "runtim", "runtime" },
		{ "BS", "bs" }, { "rwmixreads", "rwmixread" }, { "verfy", "verify" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *got = option_suggest(cases[i][0]);

		if (!got || strcmp(got, cases[i][1]))
			fail_msg("%s: got %s, want %s", cases[i][0], got ? got : "NULL",
				 cases[i][1]);
	}
	assert_null(option_suggest("qqqqqqqq"));
	assert_null(option_suggest(""));
}

/*
 * Names far longer than any option (found by fuzzing job files: each took
 * a quadratic distance per option) still get the prefix suggestion, and
 * nothing else.
 */
static void test_options__suggest_long(void **state)
{
	static char name[8192];

	(void)state;
	memset(name, 'q', sizeof(name) - 1);
	assert_null(option_suggest(name));
	name[0] = 'b';
	name[1] = 's';
	assert_string_equal(option_suggest(name), "bs");
}

/* ---- copy, release, checks --------------------------------------------------------- */

static void test_options__copy_release(void **state)
{
	struct job_options a, b;
	char err[256];

	(void)state;
	options_defaults(&a);
	assert_int_equal(option_parse(&a, "filename", "f1:f2", err, sizeof(err)), 0);
	assert_int_equal(option_parse(&a, "bssplit", "4k/50:8k/50", err, sizeof(err)), 0);
	assert_int_equal(option_parse(&a, "wait_for", "w", err, sizeof(err)), 0);
	assert_int_equal(options_copy(&b, &a), 0);
	assert_ptr_not_equal(a.filename, b.filename);
	assert_string_equal(b.filename, "f1:f2");
	assert_ptr_not_equal(a.bssplit[1], b.bssplit[1]);
	assert_int_equal(b.bssplit[1][1].bs, 8 * KiB);
	assert_string_equal(b.ioengine, "psync");
	options_release(&a);
	assert_null(a.filename);
	assert_string_equal(b.wait_for, "w");
	options_release(&b);
	options_release(NULL);
}

static void test_options__check(void **state)
{
	struct job_options o;
	struct opt_src src = { "c.ini", 3 };
	struct capture c;
	const char *msg;

	(void)state;
	options_defaults(&o);
	o.name = strdup("j");
	o.min_bs[1] = 64 * KiB;
	capture_start(&c, STDERR_FILENO);
	assert_int_equal(options_check(&o, &src), -EINVAL);
	msg = capture_end(&c, STDERR_FILENO);
	assert_non_null(strstr(msg, "verio: job file 'c.ini' line 3: job 'j': write block "
				    "size range"));
	o.min_bs[1] = 4 * KiB;
	o.rwmix[0] = 60;
	capture_start(&c, STDERR_FILENO);
	assert_int_equal(options_check(&o, &src), -EINVAL);
	msg = capture_end(&c, STDERR_FILENO);
	assert_non_null(strstr(msg, "must add up to 100"));
	o.rwmix[0] = 50;
	o.iodepth = 0;
	capture_start(&c, STDERR_FILENO);
	assert_int_equal(options_check(&o, &src), -EINVAL);
	capture_end(&c, STDERR_FILENO);
	o.iodepth = 1;
	o.wait_for = strdup("j");
	capture_start(&c, STDERR_FILENO);
	assert_int_equal(options_check(&o, &src), -EINVAL);
	capture_end(&c, STDERR_FILENO);
	free(o.wait_for);
	o.wait_for = NULL;
	assert_int_equal(options_check(&o, &src), 0);
	options_release(&o);
}

/* atomic=1 refuses write sizes no RWF_ATOMIC write can have, naming them. */
static const char *atomic_check_msg(const char *const *set, int *ret)
{
	static struct capture c;
	struct opt_src src = { "c.ini", 5 };
	struct job_options o;

	options_defaults(&o);
	o.name = strdup("j");
	for (; *set; set += 2)
		assert_int_equal(option_set(&o, set[0], set[1], NULL), 0);
	capture_start(&c, STDERR_FILENO);
	*ret = options_check(&o, &src);
	options_release(&o);
	return capture_end(&c, STDERR_FILENO);
}

static void test_options__atomic_sizes(void **state)
{
#define ATOMIC_JOB "atomic", "1", "direct", "1", "ioengine", "pvsync2"
	static const char *const ok1[] = { ATOMIC_JOB, "rw", "randwrite", "bs", "16k", NULL };
	static const char *const ok2[] = { ATOMIC_JOB, "rw", "randrw", "bs", "8k,4k", NULL };
	static const char *const ok3[] = { ATOMIC_JOB, "rw", "randread", "bs", "12k", NULL };
	static const char *const pow2[] = { ATOMIC_JOB, "rw", "write", "bs", "12k", NULL };
	static const char *const split[] = { ATOMIC_JOB, "rw", "randwrite",
					     "bssplit", "4k/50:8k/50", NULL };
	static const char *const range[] = { ATOMIC_JOB, "rw", "write", "bsrange", "4k-16k", NULL };
	static const char *const steps[] = { ATOMIC_JOB, "rw", "randrw", "bs", "4k,8k", NULL };
	static const char *const align[] = { ATOMIC_JOB, "rw", "randwrite", "bs", "8k",
					     "blockalign", "4k", NULL };
	static const char *const zones[] = { ATOMIC_JOB, "rw", "write", "bs", "8k",
					     "zonemode", "strided", "zonesize", "64k",
					     "zoneskip", "4k", NULL };
	const char *msg;
	int r;

	(void)state;
	msg = atomic_check_msg(zones, &r);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(msg, "atomic=1: zonerange and zoneskip must be multiples of "
				    "the write size 8192"));
	msg = atomic_check_msg(ok1, &r);
	assert_int_equal(r, 0);
	msg = atomic_check_msg(ok2, &r);
	assert_int_equal(r, 0);
	msg = atomic_check_msg(ok3, &r);
	assert_int_equal(r, 0);
	msg = atomic_check_msg(pow2, &r);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(msg, "c.ini' line 5: job 'j': atomic=1: bs write size 12288 "
				    "is not a power of two"));
	msg = atomic_check_msg(split, &r);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(msg, "atomic=1: bssplit gives writes of 4096 to 8192 bytes, "
				    "placed on 4096-byte steps"));
	msg = atomic_check_msg(range, &r);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(msg, "atomic=1: bsrange gives writes of 4096 to 16384"));
	msg = atomic_check_msg(steps, &r);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(msg, "atomic=1: I/Os are placed on 4096-byte steps"));
	msg = atomic_check_msg(align, &r);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(msg, "so 8192-byte writes would not be naturally aligned"));
#undef ATOMIC_JOB
}

/* ---- --cmdhelp ------------------------------------------------------------------------ */

static void test_options__help(void **state)
{
	struct capture c;
	const char *out;

	(void)state;
	capture_start(&c, STDOUT_FILENO);
	assert_int_equal(options_print_help(stdout, "blocksize"), 0);
	out = capture_end(&c, STDOUT_FILENO);
	assert_non_null(strstr(out, "bs: block size of each I/O\n"));
	assert_non_null(strstr(out, "  alias:    blocksize\n"));
	assert_non_null(strstr(out, "  default:  4k\n"));

	capture_start(&c, STDOUT_FILENO);
	assert_int_equal(options_print_help(stdout, "continue_on_error"), 0);
	out = capture_end(&c, STDOUT_FILENO);
	assert_non_null(strstr(out, "    verify "));

	capture_start(&c, STDOUT_FILENO);
	assert_int_equal(options_print_help(stdout, NULL), 0);
	out = capture_end(&c, STDOUT_FILENO);
	for (size_t i = 0; i < option_def_count(); i++)
		assert_non_null(strstr(out, option_def_at(i)->name));
	assert_int_equal(options_print_help(stdout, "nope"), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options__table_complete),
		cmocka_unit_test(test_options__unsupported_list),
		cmocka_unit_test(test_options__unsupported_doc),
		cmocka_unit_test(test_options__reference_doc),
		cmocka_unit_test(test_options__aliases),
		cmocka_unit_test(test_options__defaults),
		cmocka_unit_test(test_options__parse_table),
		cmocka_unit_test(test_options__scalars),
		cmocka_unit_test(test_options__bools),
		cmocka_unit_test(test_options__sizes_and_percent),
		cmocka_unit_test(test_options__bs_per_direction),
		cmocka_unit_test(test_options__bsrange),
		cmocka_unit_test(test_options__bssplit),
		cmocka_unit_test(test_options__rwmix_complement),
		cmocka_unit_test(test_options__rw_suffix),
		cmocka_unit_test(test_options__percentile_list),
		cmocka_unit_test(test_options__pattern),
		cmocka_unit_test(test_options__pattern_heap),
		cmocka_unit_test(test_options__messages),
		cmocka_unit_test(test_options__command_line_message),
		cmocka_unit_test(test_options__suggest),
		cmocka_unit_test(test_options__suggest_long),
		cmocka_unit_test(test_options__copy_release),
		cmocka_unit_test(test_options__check),
		cmocka_unit_test(test_options__atomic_sizes),
		cmocka_unit_test(test_options__help),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
