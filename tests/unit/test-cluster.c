/*
 * test-cluster.c - unit tests for src/cmd/cluster.c (verio-mpi's run of
 * one job file on many ranks, docs/mpi.md): the exit status the ranks
 * agree on, and whole runs on one rank through fake cluster_ops (no
 * MPI): the write pass, the verify pass, the JSON and normal reports and
 * the verify state; a flipped bit found and its writer named; a fatal
 * error that stops every rank, a stop from another rank, and bad input
 * or what verio-mpi refuses (--status-interval, --bundle).
 * Needs jansson to read the report; without it only the status is tested.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <sys/stat.h>

#include "cmd/cluster.h"
#include "test-util.h"

/*
 * The status every rank exits with: data loss, then an I/O or set-up
 * error, bad input, an interruption; bits above the low byte (the "sent
 * stops" flag) do not count; a status no rank gives counts as an error.
 */
static void test_cluster__status(void **state)
{
	static const struct {
		uint32_t codes[4];
		unsigned nr;
		int want;
	} t[] = {
		{ { 0 }, 1, 0 },
		{ { 0, 0, 0, 0 }, 4, 0 },
		{ { 0, 4 }, 2, 4 },
		{ { 4, 2 }, 2, 2 },
		{ { 2, 3 }, 2, 3 },
		{ { 3, 1 }, 2, 1 },
		{ { 1, 3 }, 2, 1 },
		{ { 4, 0, 0, 3 }, 4, 3 },
		{ { 0, 0, 2, 4 }, 4, 2 },
		{ { 0x100 }, 1, 0 },
		{ { 0x101 }, 1, 1 },
		{ { 0x104, 0x102 }, 2, 2 },
		{ { 0x100, 0, 0x100, 0 }, 4, 0 },
		{ { 7 }, 1, 3 },
		{ { 0, 7, 4 }, 3, 4 },		/* a known status first */
		{ { 7, 1 }, 2, 1 },
		{ { 0xff }, 1, 3 },
		{ { 1, 0 }, 1, 1 },		/* only nranks entries count */
		{ { 0, 1 }, 1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int got = cluster_status(t[i].codes, t[i].nr);

		if (got != t[i].want)
			fail_msg("case %zu: status %d, wanted %d", i, got, t[i].want);
	}
}

#ifdef CONFIG_JANSSON
#include <jansson.h>

/* ---- one rank, no MPI ---------------------------------------------------- */

/* What the fake ops were told, and stops to hand out (c->impl). */
struct fake {
	unsigned stop_at_poll;		/* that poll (1-based) says "rank 0 failed"; 0: none */
	unsigned sent[3];		/* stop_send calls, by tag (pass 1, pass 2) */
	unsigned polls;
};

static int fake_allgather(struct cluster *c, uint32_t mine, uint32_t *all)
{
	(void)c;
	all[0] = mine;
	return 0;
}

static int fake_same(struct cluster *c, uint64_t v, bool *same)
{
	(void)c;
	(void)v;
	*same = true;
	return 0;
}

static int fake_bcast(struct cluster *c, uint64_t *v)
{
	(void)c;
	(void)v;
	return 0;
}

static int fake_gather(struct cluster *c, const void *buf, size_t len, void ***bufs,
		       size_t **lens)
{
	(void)c;
	*bufs = calloc(1, sizeof(**bufs));
	*lens = calloc(1, sizeof(**lens));
	assert_non_null(*bufs);
	assert_non_null(*lens);
	(*bufs)[0] = malloc(len ? len : 1);
	assert_non_null((*bufs)[0]);
	if (len)
		memcpy((*bufs)[0], buf, len);
	(*lens)[0] = len;
	return 0;
}

static int fake_exchange(struct cluster *c, unsigned to, const void *buf, size_t len,
			 unsigned from, void **in, size_t *in_len)
{
	(void)c;
	(void)to;
	(void)from;
	*in = malloc(len ? len : 1);
	assert_non_null(*in);
	if (len)
		memcpy(*in, buf, len);
	*in_len = len;
	return 0;
}

static void fake_stop_send(struct cluster *c, unsigned tag)
{
	struct fake *f = c->impl;

	f->sent[tag < ARRAY_SIZE(f->sent) ? tag : 0]++;
}

static bool fake_stop_poll(struct cluster *c, unsigned tag, unsigned *from)
{
	struct fake *f = c->impl;

	(void)tag;
	if (++f->polls != f->stop_at_poll)
		return false;
	*from = 0;
	return true;
}

static void fake_stops_recv(struct cluster *c, unsigned tag, unsigned nr)
{
	(void)c;
	(void)tag;
	(void)nr;
}

static const struct cluster_ops fake_ops = {
	.allgather = fake_allgather,
	.same = fake_same,
	.bcast = fake_bcast,
	.gather = fake_gather,
	.exchange = fake_exchange,
	.stop_send = fake_stop_send,
	.stop_poll = fake_stop_poll,
	.stops_recv = fake_stops_recv,
};

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * One run on one rank: how (fake, text: zero for a JSON report and no
 * stops), then what it left: its status, stderr, report and files.
 */
struct one_run {
	struct fake fake;
	bool text;			/* --output-format=normal, not json */
	int code;
	char err[16384];
	json_t *json;			/* out.json, NULL: none */
	char *out;			/* the normal report (text), malloc'd */
	bool state_saved;		/* rank0/w.0.verio-state was there */
};

/* The whole of a small file, NUL-terminated, malloc'd; NULL if it cannot be read. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = malloc(1 << 20);
	size_t n = 0;

	if (f && buf)
		n = fread(buf, 1, (1 << 20) - 1, f);
	if (f)
		fclose(f);
	if (!f || !buf) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * cluster_run() on one rank "testhost" in a fresh directory (the current
 * one meanwhile, so that the report and rank0/ land there): job w
 * writes 1 MiB in 4 KiB blocks with verify=crc32c, plus the options in
 * extra (NULL-ended; a later --size wins); everything is removed after.
 */
static void run_one(struct one_run *out, ...)
{
	char dir[4096], file[4200], old[4096];
	char *hosts[] = { (char *)"testhost" };
	struct cluster c = { .rank = 0, .nranks = 1, .hosts = hosts, .ops = &fake_ops,
			     .impl = &out->fake };
	char *argv[32] = {
		(char *)"verio-mpi",
		(char *)(out->text ? "--output-format=normal" : "--output-format=json"),
		(char *)(out->text ? "--output=out.txt" : "--output=out.json"),
		(char *)"--name=w", file, (char *)"--size=1m",
		(char *)"--bs=4k", (char *)"--rw=write", (char *)"--verify=crc32c",
	};
	int argc = 9;
	struct capture ce;
	struct stat st;
	json_error_t jerr;
	va_list ap;

	va_start(ap, out);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	assert_int_equal(test_mkdtemp(dir, sizeof(dir), "cluster"), 0);
	snprintf(file, sizeof(file), "--filename=%s/f", dir);
	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(dir), 0);

	capture_start(&ce, STDERR_FILENO);
	out->code = cluster_run(&c, argc, argv);
	snprintf(out->err, sizeof(out->err), "%s", capture_end(&ce, STDERR_FILENO));

	out->state_saved = stat("rank0/w.0.verio-state", &st) == 0 && S_ISREG(st.st_mode);
	/* run ids are 64-bit unsigned: jansson reads them only as reals */
	out->json = out->text ? NULL : json_load_file("out.json", JSON_DECODE_INT_AS_REAL, &jerr);
	out->out = out->text ? slurp("out.txt") : NULL;
	assert_int_equal(chdir(old), 0);
	assert_int_equal(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	if (!out->text && !out->json)
		fail_msg("out.json: %s (line %d); status %d, stderr:\n%s", jerr.text, jerr.line,
			 out->code, out->err);
	if (out->text && !out->out)
		fail_msg("no report; status %d, stderr:\n%s", out->code, out->err);
}

/* j's member key (an object) or element key (an array, "0", "1"...); NULL: none. */
static json_t *at(json_t *j, const char *key)
{
	if (json_is_array(j))
		return json_array_get(j, strtoul(key, NULL, 10));
	return json_object_get(j, key);
}

/* The value at a path of keys (NULL-ended), which must be there. */
static json_t *path(json_t *root, ...)
{
	json_t *j = root;
	const char *k;
	char where[256] = "";
	va_list ap;

	va_start(ap, root);
	while (j && (k = va_arg(ap, const char *))) {
		size_t n = strlen(where);

		snprintf(where + n, sizeof(where) - n, "/%s", k);
		j = at(j, k);
	}
	va_end(ap);
	if (!j)
		fail_msg("JSON report: no %s", where);
	return j;
}

static double num(json_t *j)
{
	if (!json_is_number(j))
		fail_msg("JSON report: not a number where one is wanted");
	return json_number_value(j);
}

static const char *str(json_t *j)
{
	if (!json_is_string(j))
		fail_msg("JSON report: not a string where one is wanted");
	return json_string_value(j);
}

/* The top level and the one host's entry agree on the run as a whole. */
static void check_mpi(json_t *root, int code)
{
	json_t *mpi = path(root, "mpi", NULL);
	json_t *host = path(mpi, "hosts", "0", NULL);

	assert_int_equal(num(path(mpi, "ranks", NULL)), 1);
	assert_int_equal(num(path(mpi, "cross_verify", NULL)), 0);
	assert_int_equal(num(path(mpi, "exit_status", NULL)), code);
	assert_int_equal(json_array_size(path(mpi, "hosts", NULL)), 1);
	assert_int_equal(num(path(host, "rank", NULL)), 0);
	assert_string_equal(str(path(host, "host", NULL)), "testhost");
	assert_int_equal(num(path(host, "verified_rank", NULL)), 0);
	assert_int_equal(num(path(host, "exit_status", NULL)), code);
	/* rank 0's run id is the base itself (the rank in its low bits) */
	assert_true(num(path(host, "run_id", NULL)) == num(path(mpi, "run_id_base", NULL)));
	assert_string_equal(str(path(host, "report", "jobs", "0", "jobname", NULL)), "w");
	assert_int_equal(num(path(root, "exit_status", NULL)), code);
}

/*
 * A job that writes and verifies runs as two passes (write with the
 * state saved, then verify_only from it), folded into one job: 1 MiB
 * written, 1 MiB read back and checked, nothing failed; the verify state
 * is in rank0/; the "mpi" object names the one rank.
 */
static void test_cluster__one_rank(void **state)
{
	struct one_run r = { 0 };
	json_t *job;

	(void)state;
	run_one(&r, NULL);
	if (r.code != 0)
		fail_msg("status %d, stderr:\n%s", r.code, r.err);
	assert_true(r.state_saved);
	check_mpi(r.json, 0);
	assert_int_equal(json_array_size(path(r.json, "jobs", NULL)), 1);
	job = path(r.json, "jobs", "0", NULL);
	assert_string_equal(str(path(job, "jobname", NULL)), "w");
	assert_int_equal(num(path(job, "read", "io_bytes", NULL)), 1048576);
	assert_int_equal(num(path(job, "verify", "units", NULL)), 256);
	assert_int_equal(num(path(job, "verify", "failures", NULL)), 0);
	assert_string_equal(str(path(job, "verify", "verify_state", "checked_against", NULL)),
			    "saved_state");
	assert_int_equal(json_array_size(json_object_get(path(job, "verify", NULL), "incidents")), 0);
	json_decref(r.json);
}

/*
 * The two passes folded into one job wrote 1 MiB, as verio's one
 * process run of the job reports: pass 2's verify_only counts the
 * workload's writes, done dry (as fio does), and they are no second MiB,
 * neither in the sums nor in the host's own report.
 */
static void test_cluster__one_rank_writes_counted_once(void **state)
{
	struct one_run r = { 0 };
	double sum, own;

	(void)state;
	run_one(&r, NULL);
	if (r.code != 0)
		fail_msg("status %d, stderr:\n%s", r.code, r.err);
	sum = num(path(r.json, "jobs", "0", "write", "io_bytes", NULL));
	own = num(path(r.json, "mpi", "hosts", "0", "report", "jobs", "0", "write", "io_bytes",
		       NULL));
	json_decref(r.json);
	if (sum != 1048576 || own != 1048576)
		fail_msg("write io_bytes %.0f (the host's own report: %.0f), wanted 1048576: "
			 "the verify pass's dry writes counted again", sum, own);
}

/*
 * A bit flipped on its way to the media is found by the verify pass:
 * status 1, one incident at the unit, found on "testhost", written by
 * rank 0 (a flip in the unit's header: no writer can be named).
 */
static void test_cluster__one_rank_flip(void **state)
{
	static const struct {
		const char *rule;
		const char *cls;
		uint64_t first_bad_bit;
		bool writer;		/* writer_rank and writer_host named */
	} t[] = {
		/* byte 100 of the unit's second sector: the data */
		{ "--faulty_rule=flip on=write offset=64k count=1 bit=4899", "bit_flips", 4899,
		  true },
		/* byte 0: the header; it no longer says who wrote it */
		{ "--faulty_rule=flip on=write offset=64k count=1 bit=7", "header", 0, false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct one_run r = { 0 };
		json_t *inc;

		run_one(&r, "--ioengine=faulty", t[i].rule, NULL);
		if (r.code != 1)
			fail_msg("%s: status %d, stderr:\n%s", t[i].rule, r.code, r.err);
		assert_non_null(strstr(r.err, "verify failed at file"));
		assert_true(r.state_saved);
		check_mpi(r.json, 1);
		assert_int_equal(num(path(r.json, "jobs", "0", "verify", "failures", NULL)), 1);
		assert_int_equal(json_array_size(path(r.json, "jobs", "0", "verify", "incidents",
						      NULL)), 1);
		inc = path(r.json, "jobs", "0", "verify", "incidents", "0", NULL);
		assert_string_equal(str(path(inc, "class", NULL)), t[i].cls);
		assert_int_equal(num(path(inc, "offset", NULL)), 65536);
		assert_string_equal(str(path(inc, "host", NULL)), "testhost");
		if (t[i].writer) {
			assert_int_equal(num(path(inc, "first_bad_bit", NULL)), t[i].first_bad_bit);
			assert_int_equal(num(path(inc, "writer_rank", NULL)), 0);
			assert_string_equal(str(path(inc, "writer_host", NULL)), "testhost");
			assert_true(num(path(inc, "writer_run_id", NULL)) ==
				    num(path(r.json, "mpi", "run_id_base", NULL)));
		} else {
			assert_null(json_object_get(inc, "writer_rank"));
			assert_null(json_object_get(inc, "writer_host"));
		}
		/* the host's own report has it too */
		assert_string_equal(str(path(r.json, "mpi", "hosts", "0", "report", "jobs", "0",
					     "verify", "incidents", "0", "class", NULL)),
				    t[i].cls);
		json_decref(r.json);
	}
}

/*
 * The normal report: rank 0's own section under its heading, then the
 * sums over the ranks under theirs, each with the job and its verify.
 */
static void test_cluster__normal_sections(void **state)
{
	struct one_run r = { .text = true };
	const char *own, *all;

	(void)state;
	run_one(&r, NULL);
	if (r.code != 0)
		fail_msg("status %d, stderr:\n%s", r.code, r.err);
	own = strstr(r.out, "\nverio-mpi: rank 0 on testhost\n");
	all = strstr(r.out, "\nverio-mpi: all 1 ranks\n");
	if (!own || !all || own > all)
		fail_msg("no rank 0 section then sums in:\n%s", r.out);
	assert_non_null(strstr(own, "w: (groupid=0, jobs=1)"));
	assert_true(strstr(own, "w: (groupid=0, jobs=1)") < all);
	assert_non_null(strstr(own, "verify       : crc32c, units=256, bytes=1048576"));
	assert_true(strstr(own, "verify       : crc32c, units=256, bytes=1048576") < all);
	assert_non_null(strstr(all, "w: (groupid=0, jobs=1)"));
	assert_non_null(strstr(all, "verify       : crc32c, units=256, bytes=1048576"));
	assert_null(strstr(r.out, "\"mpi\""));
	free(r.out);
}

/*
 * A fatal write error: this rank tells the others to stop (once, in
 * pass 1), nothing is verified, every rank exits 3.
 */
static void test_cluster__io_error_stops(void **state)
{
	struct one_run r = { 0 };

	(void)state;
	run_one(&r, "--ioengine=faulty", "--faulty_rule=eio on=write offset=64k", NULL);
	if (r.code != 3)
		fail_msg("status %d, stderr:\n%s", r.code, r.err);
	assert_int_equal(r.fake.sent[1], 1);
	assert_int_equal(r.fake.sent[2], 0);
	assert_non_null(strstr(r.err, "rank 0 on testhost: a job failed, stopping every rank"));
	check_mpi(r.json, 3);
	assert_int_equal(num(path(r.json, "jobs", "0", "error", NULL)), EIO);
	assert_int_equal(num(path(r.json, "jobs", "0", "read", "io_bytes", NULL)), 0);
	json_decref(r.json);
}

/*
 * Another rank failed (the fake's stop_poll says so at the third poll,
 * once some blocks are written): this rank's job is interrupted, its
 * verify state saved, nothing is verified, and every rank exits 4.
 * Unstopped, the job would take 4 s.
 */
static void test_cluster__stopped_by_another_rank(void **state)
{
	struct one_run r = { .fake.stop_at_poll = 3 };

	(void)state;
	run_one(&r, "--size=8m", "--ioengine=faulty", "--faulty_rule=delay usec=2ms", NULL);
	if (r.code != 4)
		fail_msg("status %d, stderr:\n%s", r.code, r.err);
	assert_true(r.fake.polls >= 3);
	assert_int_equal(r.fake.sent[1] + r.fake.sent[2], 0);
	assert_non_null(strstr(r.err, "interrupted (rank 0 on testhost failed)"));
	assert_true(r.state_saved);
	check_mpi(r.json, 4);
	assert_true(json_is_true(path(r.json, "interrupted", NULL)));
	assert_true(json_is_true(path(r.json, "jobs", "0", "interrupted", NULL)));
	assert_true(num(path(r.json, "jobs", "0", "write", "io_bytes", NULL)) > 0);
	assert_true(num(path(r.json, "jobs", "0", "write", "io_bytes", NULL)) < 8 << 20);
	assert_int_equal(num(path(r.json, "jobs", "0", "read", "io_bytes", NULL)), 0);
	json_decref(r.json);
}

/*
 * Bad input on the command line, or what verio-mpi does not do: status 2
 * from every rank, the reason on stderr, nothing run, no report.
 */
static void test_cluster__bad_input(void **state)
{
	static const struct {
		const char *arg;
		const char *err;
	} t[] = {
		{ "--bsize=4k", "unknown option '--bsize=4k'" },
		{ "--status-interval=1s", "verio-mpi: --status-interval is not supported" },
		{ "--bundle=b.tar", "verio-mpi: --bundle (or verify_bundle=) is not supported" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char dir[4096], old[4096];
		char *hosts[] = { (char *)"testhost" };
		struct fake f = { 0 };
		struct cluster c = { .rank = 0, .nranks = 1, .hosts = hosts, .ops = &fake_ops,
				     .impl = &f };
		char *argv[] = { (char *)"verio-mpi", (char *)"--output=out.json", (char *)t[i].arg,
				 (char *)"--name=w", (char *)"--filename=f", (char *)"--size=1m",
				 NULL };
		struct capture ce;
		struct stat st;
		char err[16384];
		bool made;
		int code;

		assert_int_equal(test_mkdtemp(dir, sizeof(dir), "cluster"), 0);
		assert_non_null(getcwd(old, sizeof(old)));
		assert_int_equal(chdir(dir), 0);
		capture_start(&ce, STDERR_FILENO);
		code = cluster_run(&c, 6, argv);
		snprintf(err, sizeof(err), "%s", capture_end(&ce, STDERR_FILENO));
		made = !stat("f", &st) || !stat("rank0", &st) || !stat("out.json", &st);
		assert_int_equal(chdir(old), 0);
		assert_int_equal(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
		if (code != 2 || !strstr(err, t[i].err) || made)
			fail_msg("%s: status %d (wanted 2), %s made; stderr:\n%s", t[i].arg, code,
				 made ? "files" : "nothing", err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cluster__status),
		cmocka_unit_test(test_cluster__one_rank),
		cmocka_unit_test(test_cluster__one_rank_writes_counted_once),
		cmocka_unit_test(test_cluster__one_rank_flip),
		cmocka_unit_test(test_cluster__normal_sections),
		cmocka_unit_test(test_cluster__io_error_stops),
		cmocka_unit_test(test_cluster__stopped_by_another_rank),
		cmocka_unit_test(test_cluster__bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else /* !CONFIG_JANSSON */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cluster__status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* CONFIG_JANSSON */
