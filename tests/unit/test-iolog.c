/*
 * test-iolog.c - unit tests for src/run/iolog.c: fio's text iolog read
 * (v2, v3, replay_* conversions, every malformed-line error with its
 * line number), applied to job options, replayed by the I/O generator,
 * and written (the exact text, read back).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io_u.h"
#include "config/options.h"
#include "run/iogen.h"
#include "run/iolog.h"

static int read_text(const char *text, const struct iolog_conf *c, struct iolog **log,
		     char *err, size_t len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	assert_non_null(f);
	err[0] = '\0';
	r = iolog_read(f, c, log, err, len);
	fclose(f);
	return r;
}

static struct iolog *must_read(const char *text, const struct iolog_conf *c)
{
	static const struct iolog_conf none = { 0 };
	struct iolog *log;
	char err[256];

	assert_int_equal(read_text(text, c ? c : &none, &log, err, sizeof(err)), 0);
	return log;
}

static void test_iolog__v3_as_fio_writes_it(void **state)
{
	struct iolog *log = must_read("fio version 3 iolog\n"
				      "232 /t/f add\n"
				      "996 /t/f open\n"
				      "1104 /t/f write 0 4096\n"
				      "1219 /t/f read 8192 8192\n"
				      "1262 /t/f sync 8192 0\n"
				      "1300 /t/f datasync 0 0\n"
				      "1310 /t/f close\n", NULL);

	(void)state;
	assert_int_equal(log->version, 3);
	assert_int_equal(log->nr_files, 1);
	assert_string_equal(log->files[0], "/t/f");
	assert_int_equal(log->nr, 4);
	assert_int_equal(log->e[0].ddir, DDIR_WRITE);
	assert_int_equal(log->e[0].ts_us, 1104);
	assert_int_equal(log->e[1].ddir, DDIR_READ);
	assert_int_equal(log->e[1].offset, 8192);
	assert_int_equal(log->e[1].len, 8192);
	assert_int_equal(log->e[2].ddir, DDIR_SYNC);
	assert_int_equal(log->e[3].ddir, DDIR_DATASYNC);
	assert_int_equal(log->ts_first, 1104);
	assert_int_equal(log->max_end, 16384);
	assert_int_equal(log->min_len, 4096);
	assert_int_equal(log->bytes, 12288);
	assert_int_equal(log->nr_dir[DDIR_READ], 1);
	assert_int_equal(log->nr_dir[DDIR_WRITE], 1);
	iolog_free(log);
}

static void test_iolog__v2_waits_and_two_files(void **state)
{
	struct iolog *log = must_read("fio version 2 iolog\n"
				      "a add\nb add\na open\nb open\n"
				      "a write 0 512\n"
				      "a wait 1000 0\n"
				      "b read 4096 512\n"
				      "\n"
				      "b wait 500 0\n"
				      "a write 512 512\n", NULL);

	(void)state;
	assert_int_equal(log->version, 2);
	assert_int_equal(log->nr_files, 2);
	assert_int_equal(log->nr, 3);
	assert_int_equal(log->e[0].ts_us, 0);
	assert_int_equal(log->e[1].file, 1);
	assert_int_equal(log->e[1].ts_us, 1000);
	assert_int_equal(log->e[2].ts_us, 1500);
	iolog_free(log);
}

/* fio appends each job's log: a second version line starts it again. */
static void test_iolog__appended_logs(void **state)
{
	struct iolog *log = must_read("fio version 3 iolog\n1 f add\n2 f write 0 4096\n"
				      "fio version 3 iolog\n1 f add\n3 f write 4096 4096\n",
				      NULL);

	(void)state;
	assert_int_equal(log->nr_files, 1);
	assert_int_equal(log->nr, 2);
	iolog_free(log);
}

static void test_iolog__replay_conversions(void **state)
{
	const struct iolog_conf c = { .redirect = "/dev/x", .align = 4096, .scale = 2,
				      .skip = REPLAY_SKIP_SYNC | REPLAY_SKIP_TRIM };
	struct iolog *log = must_read("fio version 2 iolog\n"
				      "a add\nb add\n"
				      "a write 20480 4096\n"	/* /2 = 10240, aligned 8192 */
				      "b read 8192 4096\n"
				      "a sync 0 0\n"
				      "a trim 0 4096\n"
				      "a datasync 0 0\n", &c);

	(void)state;
	assert_int_equal(log->nr_files, 1);
	assert_string_equal(log->files[0], "/dev/x");
	assert_int_equal(log->nr, 3);
	assert_int_equal(log->e[0].offset, 8192);
	assert_int_equal(log->e[1].offset, 4096);
	assert_int_equal(log->e[1].file, 0);
	assert_int_equal(log->e[2].ddir, DDIR_DATASYNC);
	iolog_free(log);
}

/* Each malformed log: the error and the line it names. */
static void test_iolog__malformed(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "", "line 1: not a fio iolog" },
		{ "fio version 1 iolog\n", "line 1: not a fio iolog" },
		{ "fio version 3 iolog\n1 f add\n2 f frobnicate 0 1\n", "line 3: unknown action 'frobnicate'" },
		{ "fio version 3 iolog\n1 f add\n2 g write 0 4096\n", "line 3: file 'g' was not added" },
		{ "fio version 3 iolog\n1 f add\n2 f write x 4096\n", "line 3: bad offset or length" },
		{ "fio version 3 iolog\n1 f add\n2 f write 0 -1\n", "line 3: bad offset or length" },
		{ "fio version 3 iolog\n1 f add\nx f write 0 4096\n", "line 3: bad timestamp 'x'" },
		{ "fio version 3 iolog\n1 f add\n2 f wait 100 0\n", "line 3: 'wait' is not allowed" },
		{ "fio version 3 iolog\n1 f add\n2 f write 0\n", "line 3: expected" },
		{ "fio version 2 iolog\nf add\nf write 0 4096 9\n", "line 3: expected" },
		{ "fio version 2 iolog\nf add\nf remove\n", "line 3: unknown file action 'remove'" },
		{ "fio version 2 iolog\nf add\ng open\n", "line 3: file 'g' was not added" },
		{ "fio version 2 iolog\nf add\nf write 0 0\n", "line 3: write of length 0" },
		{ "fio version 2 iolog\nf add\nf trim 0 4096\n", "no read or write to replay" },
		{ "fio version 2 iolog\nf add\nf trim 0 0\n", "line 3: trim of length 0" },
		{ "fio version 2 iolog\nf add\nf sync 0 0\n", "no read or write to replay" },
		{ "fio version 2 iolog\nf add\n\nf write 18446744073709551615 2\n", "line 4: offset" },
	};
	const struct iolog_conf none = { 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct iolog *log = NULL;
		char err[256];

		assert_int_equal(read_text(cases[i].text, &none, &log, err, sizeof(err)), -EINVAL);
		assert_null(log);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
	}
}

static void test_iolog__apply(void **state)
{
	struct iolog *log = must_read("fio version 3 iolog\n1 /t/a:b add\n2 /t/c add\n"
				      "3 /t/a:b write 8192 8192\n4 /t/c read 0 4096\n", NULL);
	struct job_options o;
	char err[256];

	(void)state;
	options_defaults(&o);
	assert_int_equal(iolog_apply(log, &o, true, err, sizeof(err)), 0);
	assert_string_equal(o.filename, "/t/a\\:b:/t/c");
	assert_int_equal(o.nrfiles, 2);
	assert_int_equal(o.rw, RW_F_READ | RW_F_WRITE);
	assert_int_equal(o.min_bs[DDIR_WRITE], 8192);
	assert_int_equal(o.min_bs[DDIR_READ], 4096);
	assert_int_equal(o.size, 2 * 16384);
	assert_int_equal(o.io_size, 12288);
	options_release(&o);
	iolog_free(log);

	/* With verify, an I/O that is not whole blocks of the smallest is refused. */
	log = must_read("fio version 3 iolog\n1 f add\n2 f write 0 4096\n3 f write 6144 4096\n",
			NULL);
	options_defaults(&o);
	assert_int_equal(iolog_apply(log, &o, true, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "I/O 2 (write at 6144, 4096 bytes)"));
	assert_int_equal(iolog_apply(log, &o, false, err, sizeof(err)), 0);
	options_release(&o);
	iolog_free(log);

	/* Trims: the job trims; with verify, whole blocks too (a part of a
	 * unit trimmed would zero part of its data). */
	log = must_read("fio version 3 iolog\n1 f add\n2 f write 0 8192\n3 f trim 8192 4096\n"
			"4 f trim 0 8192\n", NULL);
	options_defaults(&o);
	assert_int_equal(iolog_apply(log, &o, true, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "I/O 2 (trim at 8192, 4096 bytes)"));
	assert_int_equal(iolog_apply(log, &o, false, err, sizeof(err)), 0);
	assert_int_equal(o.rw, RW_F_WRITE | RW_F_TRIM);
	assert_int_equal(o.size, 12288);
	assert_int_equal(log->nr_trim, 2);
	options_release(&o);
	iolog_free(log);
}

static void test_iolog__clone_names(void **state)
{
	char *n;

	(void)state;
	n = iolog_name_for_clone("a:b\\:c", 1);
	assert_string_equal(n, "b:c");
	free(n);
	n = iolog_name_for_clone("a:b", 2);
	assert_string_equal(n, "a");
	free(n);
}

/* The generator hands out the log's I/Os in order, then -ENOENT; a new pass rewinds. */
static void test_iolog__iogen_replay(void **state)
{
	struct iolog *log = must_read("fio version 3 iolog\n1 a add\n2 b add\n"
				      "3 b write 4096 4096\n4 a sync 0 0\n5 a read 0 8192\n", NULL);
	static char na[] = "a", nb[] = "b";
	struct vfile files[2] = { { .name = na, .io_size = 8192 },
				  { .name = nb, .io_size = 8192 } };
	struct job_options o;
	struct iogen g;
	struct io_u u = { 0 };

	(void)state;
	options_defaults(&o);
	assert_int_equal(iogen_init(&g, &o, files, 2, 16384, 1), 0);
	iogen_set_replay(&g, log, 0);
	for (int pass = 0; pass < 2; pass++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_ptr_equal(u.file, &files[1]);
		assert_int_equal(u.ddir, DDIR_WRITE);
		assert_int_equal(u.offset, 4096);
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_int_equal(u.ddir, DDIR_SYNC);
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_ptr_equal(u.file, &files[0]);
		assert_int_equal(u.len, 8192);
		assert_int_equal(iogen_next(&g, &u), -ENOENT);
		assert_int_equal(g.nr_issued, 2 * (pass + 1));
		iogen_new_pass(&g);
	}
	iogen_release(&g);
	options_release(&o);
	iolog_free(log);
}

/* What the writer writes, exactly, and that it reads back. */
static void test_iolog__writer(void **state)
{
	char path[] = "/tmp/test-iolog-XXXXXX", text[4096];
	static char name[] = "/t/f";
	struct vfile files[1] = { { .name = name } };
	struct iolog_writer *w;
	struct io_u u = { .file = &files[0], .ddir = DDIR_WRITE, .offset = 1048576,
			  .len = 4096, .t_prep = 1000000 + 12345000 };
	struct iolog *log;
	FILE *f;
	size_t n;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(iolog_writer_open(&w, path, files, 1, 1000000), 0);
	iolog_writer_file(w, 0, "open", 1000000 + 5000);
	iolog_writer_io(w, 0, &u);
	u.ddir = DDIR_SYNC;
	u.offset = 0;
	u.len = 0;
	u.t_prep += 1000;
	iolog_writer_io(w, 0, &u);
	for (int i = 0; i < 5000; i++) {	/* past one 64 KiB block */
		u.ddir = DDIR_READ;
		u.offset = (uint64_t)i * 4096;
		u.len = 4096;
		iolog_writer_io(w, 0, &u);
	}
	iolog_writer_file(w, 0, "close", 1000000 + 99000000);
	assert_int_equal(iolog_writer_close(w), 0);

	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	{
		static const char want[] = "fio version 3 iolog\n0 /t/f add\n5 /t/f open\n"
					   "12345 /t/f write 1048576 4096\n12346 /t/f sync 0 0\n"
					   "12346 /t/f read 0 4096\n";

		assert_memory_equal(text, want, sizeof(want) - 1);
		assert_int_equal(fseek(f, -17, SEEK_END), 0);
		n = fread(text, 1, 17, f);
		assert_memory_equal(text, "99000 /t/f close\n", 17);
	}
	rewind(f);
	{
		const struct iolog_conf none = { 0 };
		char err[256];

		assert_int_equal(iolog_read(f, &none, &log, err, sizeof(err)), 0);
	}
	fclose(f);
	assert_int_equal(log->nr, 5002);
	assert_int_equal(log->e[5001].offset, 4999 * 4096ULL);
	iolog_free(log);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iolog__v3_as_fio_writes_it),
		cmocka_unit_test(test_iolog__v2_waits_and_two_files),
		cmocka_unit_test(test_iolog__appended_logs),
		cmocka_unit_test(test_iolog__replay_conversions),
		cmocka_unit_test(test_iolog__malformed),
		cmocka_unit_test(test_iolog__apply),
		cmocka_unit_test(test_iolog__clone_names),
		cmocka_unit_test(test_iolog__iogen_replay),
		cmocka_unit_test(test_iolog__writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
