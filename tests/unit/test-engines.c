/*
 * test-engines.c - unit tests for the engine registry (engines/registry.c),
 * the engines' own option tables as the option code parses them
 * (src/config/options.c, optparse.c) and the shared ring of finished
 * io_us (engines/common.c).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "child.h"
#include "engines.h"
#include "io_u.h"
#include "ioengine.h"
#include "optdef.h"
#include "parse.h"
#include "config/options.h"
#include "config/optparse.h"
#include "test-util.h"

/* ---- the registry -------------------------------------------------------- */

static void test_engines__registry_complete(void **state)
{
	size_t n = engine_count();

	(void)state;
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++) {
		const struct engine_ops *e = engine_at(i);

		assert_non_null(e);
		assert_non_null(e->name);
		assert_true(*e->name);
		assert_non_null(e->help);
		assert_true(*e->help);
		assert_null(strchr(e->help, '\n'));
		assert_non_null(e->queue);
		if (!(e->flags & ENGINE_F_SYNC)) {
			assert_non_null(e->getevents);
			assert_non_null(e->event);
		}
		/* A table and the size of the struct it fills go together. */
		assert_int_equal(optdef_count(e->options) != 0, e->option_struct_size != 0);
		if (e->check || e->error_hint)
			assert_non_null(e->options);
		assert_ptr_equal(engine_find(e->name), e);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(engine_at(k)->name, e->name);
	}
	assert_null(engine_at(n));
	assert_null(engine_find("nope"));
	assert_non_null(engine_find("psync"));
	assert_non_null(engine_find("null"));
}

/* ---- option tables ------------------------------------------------------- */

/* d is an entry of the job option table. */
static bool is_job_option(const struct option_def *d)
{
	for (size_t i = 0; i < option_def_count(); i++)
		if (option_def_at(i) == d)
			return true;
	return false;
}

/* The self-check the job table passes, for every engine's table. */
static void test_engines__option_tables_check(void **state)
{
	char err[256] = "";

	(void)state;
	for (size_t i = 0; i < engine_count(); i++) {
		const struct engine_ops *e = engine_at(i);
		size_t n = optdef_count(e->options);

		if (optdef_table_check(e->options, n, e->option_struct_size, err, sizeof(err)))
			fail_msg("engine %s: %s", e->name, err);
		for (size_t k = 0; k < n; k++) {
			const struct option_def *d = &e->options[k];

			assert_true(d->off + d->size <= e->option_struct_size);
			assert_ptr_equal(engine_option_find(e, d->name), d);
			assert_int_equal(d->cat, OPT_CAT_ENGINE);
			/*
			 * The option code finds it, and no job option hides
			 * it: what it finds is this engine's entry or, for a
			 * name two engines share (hipri), another engine's.
			 */
			assert_non_null(option_find(d->name));
			assert_string_equal(option_find(d->name)->name, d->name);
			assert_false(is_job_option(option_find(d->name)));
		}
		assert_null(engine_option_find(e, "bs"));
	}
	/* Engine names clash with no job option (checked with the job table). */
	if (options_table_check(err, sizeof(err)))
		fail_msg("%s", err);
}

/* A field of an engine's option struct, through its table entry. */
static uint64_t eopt_get(const void *eo, const struct option_def *d)
{
	const char *p = (const char *)eo + d->off;

	if (d->size == sizeof(bool))
		return *(const bool *)p;
	if (d->size == sizeof(unsigned))
		return *(const unsigned *)p;
	return *(const uint64_t *)p;
}

static const struct engine_ops *need_engine(const char *name)
{
	const struct engine_ops *e = engine_find(name);

	if (!e)
		skip();
	return e;
}

/* Each io_uring option parses into its field; defaults come from the table. */
static void test_engines__uring_parse(void **state)
{
	static const struct { const char *name, *value; uint64_t want; } cases[] = {
		{ "fixedbufs", "1", 1 }, { "registerfiles", "1", 1 },
		{ "sqthread_poll", "1", 1 }, { "sqthread_poll_cpu", "3", 3 },
		{ "hipri", "1", 1 }, { "nonvectored", "0", 0 },
		{ "nowait", "1", 1 }, { "uncached", "2", 2 },
	};
	const struct engine_ops *e = need_engine("io_uring");
	char err[256];
	void *eo;

	(void)state;
	eo = calloc(1, e->option_struct_size);
	assert_non_null(eo);
	optdef_defaults(e->options, optdef_count(e->options), eo, KB_BASE_1024);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "fixedbufs")), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "nonvectored")), 1);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct option_def *d = engine_option_find(e, cases[i].name);

		assert_non_null(d);
		if (optdef_apply(d, eo, cases[i].value, KB_BASE_1024, err, sizeof(err)))
			fail_msg("%s=%s: %s", cases[i].name, cases[i].value, err);
		assert_int_equal(eopt_get(eo, d), cases[i].want);
	}
	assert_int_equal(optdef_apply(engine_option_find(e, "sqthread_poll_cpu"), eo, "4096",
				      KB_BASE_1024, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "invalid CPU '4096' (expected a CPU number such as 1)");
	assert_int_equal(optdef_apply(engine_option_find(e, "fixedbufs"), eo, "yes!",
				      KB_BASE_1024, err, sizeof(err)), -EINVAL);
	optdef_release(e->options, optdef_count(e->options), eo);
	free(eo);
}

/* As written in a job: before ioengine=, kept through copies, checked by the engine. */
static void test_engines__job_options(void **state)
{
	const struct engine_ops *e = need_engine("io_uring");
	struct opt_src src = { "a.ini", 3 };
	struct job_options o, c;
	const void *eo, *ec;
	struct capture cap;
	const char *msg;

	(void)state;
	options_defaults(&o);
	assert_int_equal(option_parse(&o, "fixedbufs", NULL, NULL, 0), 0);
	assert_int_equal(option_parse(&o, "hipri", "1", NULL, 0), 0);
	assert_int_equal(option_parse(&o, "ioengine", "io_uring", NULL, 0), 0);
	/* hipri needs direct=1: the engine's check, the job's message. */
	capture_start(&cap, STDERR_FILENO);
	assert_int_equal(options_check(&o, &src), -EINVAL);
	msg = capture_end(&cap, STDERR_FILENO);
	assert_string_equal(msg, "verio: job file 'a.ini' line 3: hipri (polled I/O) "
			    "needs direct=1\n");
	assert_int_equal(option_parse(&o, "direct", "1", NULL, 0), 0);
	assert_int_equal(options_check(&o, &src), 0);
	assert_int_equal(options_engine(&o, e, &eo), 0);
	assert_non_null(eo);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "fixedbufs")), 1);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "hipri")), 1);
	/* numjobs clones get their own copy. */
	assert_int_equal(options_copy(&c, &o), 0);
	assert_int_equal(options_engine(&c, e, &ec), 0);
	assert_ptr_not_equal(ec, eo);
	assert_memory_equal(ec, eo, e->option_struct_size);
	options_release(&o);
	assert_null(o.engine_opts);
	options_release(&c);
	/* An engine without options gets none; an unknown one is refused. */
	options_defaults(&o);
	assert_int_equal(options_engine(&o, engine_find("psync"), &eo), 0);
	assert_null(eo);
	assert_int_equal(options_engine(&o, NULL, &eo), -ENOENT);
	/* Another engine's option is accepted and ignored (psync: no hipri check). */
	assert_int_equal(option_parse(&o, "hipri", "1", NULL, 0), 0);
	assert_int_equal(options_check(&o, &src), 0);
	options_release(&o);
}

static void test_engines__job_option_errors(void **state)
{
	static const struct { const char *name, *value, *msg; } cases[] = {
		{ "sqthread_poll_cpu", "x", "verio: job file 'a.ini' line 12: option "
		  "'sqthread_poll_cpu': invalid CPU 'x' (expected a CPU number such as 1)\n" },
		{ "fixedbufs", "2", "verio: job file 'a.ini' line 12: option 'fixedbufs': "
		  "invalid boolean '2' (expected 1 or 0)\n" },
		{ "sqthread_poll_cpu", "", "verio: job file 'a.ini' line 12: option "
		  "'sqthread_poll_cpu' needs a value\n" },
		{ "fixedbuf", "1", "verio: job file 'a.ini' line 12: unknown option "
		  "'fixedbuf' (did you mean 'fixedbufs'?)\n" },
	};
	struct opt_src src = { "a.ini", 12 };
	struct job_options o;
	struct capture c;

	(void)state;
	need_engine("io_uring");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		options_defaults(&o);
		capture_start(&c, STDERR_FILENO);
		assert_int_equal(option_set(&o, cases[i].name, cases[i].value, &src), -EINVAL);
		assert_string_equal(capture_end(&c, STDERR_FILENO), cases[i].msg);
		options_release(&o);
	}
}

static void test_engines__libaio_parse(void **state)
{
	const struct engine_ops *e = need_engine("libaio");
	struct job_options o;
	const void *eo;

	(void)state;
	options_defaults(&o);
	assert_int_equal(options_engine(&o, e, &eo), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "userspace_reap")), 0);
	assert_int_equal(option_parse(&o, "userspace_reap", "1", NULL, 0), 0);
	assert_int_equal(options_engine(&o, e, &eo), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "userspace_reap")), 1);
	/* nowait is libaio's own too: one value reaches every engine that takes it. */
	assert_int_equal(eopt_get(eo, engine_option_find(e, "nowait")), 0);
	assert_int_equal(option_parse(&o, "nowait", "1", NULL, 0), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "nowait")), 1);
	assert_int_equal(options_engine(&o, engine_find("pvsync2"), &eo), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(engine_find("pvsync2"), "nowait")), 1);
	options_release(&o);
}

/*
 * atomic=1 is checked against direct= and against the engine that does
 * the I/O, found through filter engines (faulty) down to the last child.
 */
static void test_engines__atomic_check(void **state)
{
	static const struct { const char *engine, *child; bool direct; const char *msg; } cases[] = {
		{ "pvsync2", NULL, true, "" },
		{ "pvsync2", NULL, false, "verio: job file 'a.ini' line 4: atomic=1 needs "
		  "direct=1 (RWF_ATOMIC writes are direct I/O only)\n" },
		{ "psync", NULL, true, "verio: job file 'a.ini' line 4: atomic=1: ioengine=psync "
		  "cannot write with RWF_ATOMIC (pvsync2, libaio and io_uring can)\n" },
		{ "faulty", "pvsync2", true, "" },
		{ "faulty", NULL, true, "verio: job file 'a.ini' line 4: atomic=1: ioengine=psync "
		  "cannot write with RWF_ATOMIC (pvsync2, libaio and io_uring can)\n" },
		{ "faulty", "mmap", true, "verio: job file 'a.ini' line 4: atomic=1: ioengine=mmap "
		  "cannot write with RWF_ATOMIC (pvsync2, libaio and io_uring can)\n" },
	};
	struct opt_src src = { "a.ini", 4 };
	struct job_options o;
	struct capture c;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		options_defaults(&o);
		assert_int_equal(option_parse(&o, "atomic", NULL, NULL, 0), 0);
		assert_true(o.atomic);
		assert_int_equal(option_parse(&o, "ioengine", cases[i].engine, NULL, 0), 0);
		if (cases[i].child)
			assert_int_equal(option_parse(&o, "faulty_engine", cases[i].child, NULL, 0), 0);
		assert_int_equal(option_parse(&o, "direct", cases[i].direct ? "1" : "0", NULL, 0), 0);
		capture_start(&c, STDERR_FILENO);
		assert_int_equal(options_check(&o, &src), *cases[i].msg ? -EINVAL : 0);
		assert_string_equal(capture_end(&c, STDERR_FILENO), cases[i].msg);
		options_release(&o);
	}
	/* The engines that pass RWF_ATOMIC on say so; the others do not. */
	assert_true(engine_find("pvsync2")->flags & ENGINE_F_ATOMIC);
	assert_false(engine_find("pvsync")->flags & ENGINE_F_ATOMIC);
	if (engine_find("io_uring"))
		assert_true(engine_find("io_uring")->flags & ENGINE_F_ATOMIC);
	if (engine_find("libaio"))
		assert_true(engine_find("libaio")->flags & ENGINE_F_ATOMIC);
}

/* ---- help ---------------------------------------------------------------------- */

/* --enghelp=NAME and --cmdhelp show each option of the engine's table. */
static void test_engines__help(void **state)
{
	struct capture c;
	struct cli_run r;
	char want[256];
	const char *out;

	(void)state;
	for (size_t i = 0; i < engine_count(); i++) {
		const struct engine_ops *e = engine_at(i);
		char arg[64];

		snprintf(arg, sizeof(arg), "--enghelp=%s", e->name);
		cli(&r, arg, NULL);
		assert_int_equal(r.ret, 1);
		for (const struct option_def *d = e->options; d && d->name; d++) {
			snprintf(want, sizeof(want), "  option %-18s %s\n", d->name, d->help);
			if (!strstr(r.out, want))
				fail_msg("%s lacks \"%s\"", arg, want);
		}
		run_config_release(&r.cfg);
	}
	capture_start(&c, STDOUT_FILENO);
	assert_int_equal(options_print_help(stdout, NULL), 0);
	out = capture_end(&c, STDOUT_FILENO);
	for (size_t i = 0; i < engine_count(); i++)
		for (const struct option_def *d = engine_at(i)->options; d && d->name; d++)
			assert_non_null(strstr(out, d->name));
	if (engine_find("io_uring")) {
		assert_non_null(strstr(out, "\nEngine io_uring (ioengine=io_uring):\n"));
		capture_start(&c, STDOUT_FILENO);
		assert_int_equal(options_print_help(stdout, "fixedbufs"), 0);
		out = capture_end(&c, STDOUT_FILENO);
		assert_int_equal(strncmp(out, "fixedbufs: io_uring: ", 21), 0);
		assert_non_null(strstr(out, "  default:  0\n"));
	}
}

/* docs/job-file.md has a heading for every engine option too. */
static void test_engines__reference_doc(void **state)
{
	const char *doc = test_read_doc("docs/job-file.md");

	(void)state;
	if (!doc) {
		skip();
		return;
	}
	for (size_t i = 0; i < engine_count(); i++) {
		for (const struct option_def *d = engine_at(i)->options; d && d->name; d++)
			test_doc_has_heading(doc, "docs/job-file.md", d->name);
	}
}

/* ---- the ring of finished io_us ------------------------------------------------- */

static void test_engines__done_ring(void **state)
{
	struct io_u u[5];
	struct engine_done d;

	(void)state;
	assert_int_equal(engine_done_init(&d, 3), 0);
	assert_int_equal(engine_done_take(&d, 8), 0);
	engine_done_settle(&d);
	engine_done_push(&d, &u[0]);
	engine_done_push(&d, &u[1]);
	assert_int_equal(engine_done_take(&d, 1), 1);
	assert_ptr_equal(engine_done_at(&d, 0), &u[0]);
	/* Until settled, what was handed out stays at the front. */
	engine_done_push(&d, &u[2]);
	assert_int_equal(d.n, 3);
	engine_done_settle(&d);
	assert_int_equal(d.n, 2);
	engine_done_push(&d, &u[3]);	/* wraps around */
	assert_int_equal(engine_done_take(&d, 8), 3);
	assert_ptr_equal(engine_done_at(&d, 0), &u[1]);
	assert_ptr_equal(engine_done_at(&d, 1), &u[2]);
	assert_ptr_equal(engine_done_at(&d, 2), &u[3]);
	engine_done_settle(&d);
	assert_int_equal(d.n, 0);
	for (unsigned k = 0; k < 7; k++) {	/* head goes round several times */
		engine_done_push(&d, &u[k % 5]);
		assert_int_equal(engine_done_take(&d, 8), 1);
		assert_ptr_equal(engine_done_at(&d, 0), &u[k % 5]);
		engine_done_settle(&d);
		assert_true(d.head < d.cap);
	}
	engine_done_free(&d);
	assert_null(d.v);
	engine_done_free(&d);
}

/* ---- a filter engine's child ------------------------------------------------ */

static const void *fake_eopts_of(struct engine_ctx *ctx, const struct engine_ops *e)
{
	const void *eo = NULL;

	return options_engine(ctx->eopts_arg, e, &eo) ? NULL : eo;
}

/* A child psync under a parent context reads and writes its files. */
static void test_engines__child(void **state)
{
	char path[] = "/tmp/verio-child-XXXXXX";
	uint8_t buf[512], back[512];
	struct vfile f = { .name = path, .lbs = 512 };
	struct io_u u = { .buf = buf, .buf_cap = sizeof(buf), .len = 512, .offset = 1024,
			  .ddir = DDIR_WRITE, .file = &f };
	struct job_options o;
	struct engine_ctx parent = { .job_name = "c", .iodepth = 1, .io_us = &u, .nr_io_us = 1,
				     .files = &f, .nr_files = 1, .eopts_of = fake_eopts_of,
				     .eopts_arg = &o };
	struct engine_child c;

	(void)state;
	options_defaults(&o);
	f.fd = mkstemp(path);
	assert_true(f.fd >= 0);
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(engine_child_init(&c, &parent, "nope", NULL, 0, NULL, 0), -ENOENT);
	engine_child_cleanup(&c);
	assert_int_equal(engine_child_init(&c, &parent, "psync", NULL, 0, NULL, 0), 0);
	assert_true(engine_child_sync(&c));
	assert_int_equal(c.ctx.depth, 1);
	assert_ptr_equal(c.ctx.files, &f);
	assert_null(c.ctx.eopts);
	assert_int_equal(engine_child_open_file(&c, &f), 0);
	assert_int_equal(engine_child_queue(&c, &u), ENGINE_Q_COMPLETED);
	assert_int_equal(u.error, 0);
	assert_int_equal(u.done, 512);
	assert_int_equal(engine_child_getevents(&c, 1, 1), 0);
	assert_int_equal(pread(f.fd, back, sizeof(back), 1024), 512);
	assert_memory_equal(back, buf, 512);
	assert_int_equal(engine_child_close_file(&c, &f), 0);
	engine_child_cleanup(&c);
	assert_null(c.ops);
	engine_child_cleanup(&c);
	engine_child_cleanup(NULL);
	/* An engine with options gets the job's; chains are bounded. */
	if (engine_find("io_uring")) {
		parent.depth = ENGINE_CHILD_DEPTH_MAX;
		assert_int_equal(engine_child_init(&c, &parent, "io_uring", NULL, 0, NULL, 0),
				 -ELOOP);
		engine_child_cleanup(&c);
	}
	close(f.fd);
	unlink(path);
	options_release(&o);
}

/* ---- engines over a real file ---------------------------------------------- */

/* Run u through c to its completion: inline, or queued and reaped. */
static void run_one(struct engine_child *c, struct io_u *u)
{
	enum engine_q q = engine_child_queue(c, u);

	assert_int_not_equal(q, ENGINE_Q_BUSY);
	if (q == ENGINE_Q_QUEUED) {
		assert_int_equal(engine_child_commit(c), 0);
		assert_int_equal(engine_child_getevents(c, 1, 1), 1);
		assert_ptr_equal(engine_child_event(c, 0), u);
	}
}

/*
 * Each engine that does file I/O writes blocks at three offsets, syncs,
 * and reads them back byte for byte; a read past the end of the file is
 * short: -ENODATA, never success.
 */
static void test_engines__file_roundtrip(void **state)
{
	static const char *const names[] = { "psync", "sync", "pvsync", "pvsync2", "mmap",
					     "posixaio", "libaio", "io_uring" };
	static const uint64_t offs[] = { 8192, 0, 4096 };

	(void)state;
	for (size_t n = 0; n < ARRAY_SIZE(names); n++) {
		char path[] = "/tmp/verio-engine-XXXXXX";
		uint8_t buf[4096], back[4096];
		struct vfile f = { .name = path, .lbs = 512, .real_size = 12288, .io_size = 12288 };
		struct io_u u = { .buf = buf, .buf_cap = sizeof(buf), .len = sizeof(buf), .file = &f };
		struct job_options o;
		struct engine_ctx parent = { .job_name = "rt", .iodepth = 1, .io_us = &u,
					     .nr_io_us = 1, .files = &f, .nr_files = 1,
					     .eopts_of = fake_eopts_of, .eopts_arg = &o };
		struct engine_child c;

		if (!engine_find(names[n]))
			continue;	/* not in this build */
		options_defaults(&o);
		f.fd = mkstemp(path);
		assert_true(f.fd >= 0);
		assert_int_equal(ftruncate(f.fd, 12288), 0);
		if (engine_child_init(&c, &parent, names[n], NULL, 0, NULL, 0))
			fail_msg("engine %s: init failed", names[n]);
		assert_int_equal(engine_child_open_file(&c, &f), 0);
		for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
			memset(buf, 0x11 * (int)(i + 1), sizeof(buf));
			u.ddir = DDIR_WRITE;
			u.offset = offs[i];
			run_one(&c, &u);
			assert_int_equal(u.error, 0);
			assert_int_equal(u.done, sizeof(buf));
		}
		u.ddir = DDIR_SYNC;
		run_one(&c, &u);
		assert_int_equal(u.error, 0);
		for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
			memset(back, 0x11 * (int)(i + 1), sizeof(back));
			memset(buf, 0, sizeof(buf));
			u.ddir = DDIR_READ;
			u.offset = offs[i];
			run_one(&c, &u);
			assert_int_equal(u.error, 0);
			assert_memory_equal(buf, back, sizeof(buf));
			assert_int_equal(pread(f.fd, back, sizeof(back), (off_t)offs[i]), 4096);
			assert_memory_equal(buf, back, sizeof(buf));
		}
		if (strcmp(names[n], "mmap")) {	/* mmap maps only the file's range */
			u.ddir = DDIR_READ;
			u.offset = 10240;
			run_one(&c, &u);
			assert_int_equal(u.error, -ENODATA);
		}
		assert_int_equal(engine_child_close_file(&c, &f), 0);
		engine_child_cleanup(&c);
		close(f.fd);
		unlink(path);
		options_release(&o);
	}
}

/* pvsync2's options: fio's defaults and ranges. */
static void test_engines__pvsync2_parse(void **state)
{
	const struct engine_ops *e = engine_find("pvsync2");
	struct job_options o;
	char err[256];
	const void *eo;

	(void)state;
	assert_non_null(e);
	options_defaults(&o);
	assert_int_equal(options_engine(&o, e, &eo), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "hipri")), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "hipri_percentage")), 100);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "uncached")), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "nowait")), 0);
	assert_int_equal(option_parse(&o, "hipri", NULL, err, sizeof(err)), 0);
	assert_int_equal(option_parse(&o, "hipri_percentage", "30", err, sizeof(err)), 0);
	assert_int_equal(option_parse(&o, "nowait", "1", err, sizeof(err)), 0);
	assert_int_equal(option_parse(&o, "uncached", "1", err, sizeof(err)), 0);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "hipri")), 1);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "hipri_percentage")), 30);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "nowait")), 1);
	assert_int_equal(eopt_get(eo, engine_option_find(e, "uncached")), 1);
	assert_int_equal(option_parse(&o, "hipri_percentage", "101", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "option 'hipri_percentage'"));
	assert_string_equal(e->error_hint(eo, -EAGAIN),
			    "nowait: the I/O would have had to wait (RWF_NOWAIT)");
	assert_null(e->error_hint(eo, -EIO));
	options_release(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engines__registry_complete),
		cmocka_unit_test(test_engines__file_roundtrip),
		cmocka_unit_test(test_engines__pvsync2_parse),
		cmocka_unit_test(test_engines__atomic_check),
		cmocka_unit_test(test_engines__option_tables_check),
		cmocka_unit_test(test_engines__uring_parse),
		cmocka_unit_test(test_engines__job_options),
		cmocka_unit_test(test_engines__job_option_errors),
		cmocka_unit_test(test_engines__libaio_parse),
		cmocka_unit_test(test_engines__help),
		cmocka_unit_test(test_engines__reference_doc),
		cmocka_unit_test(test_engines__done_ring),
		cmocka_unit_test(test_engines__child),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
