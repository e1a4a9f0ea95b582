/*
 * test-incident.c - unit tests for src/verify/incident.c: keeping and
 * merging incidents, class keys, the text report, and the dump files
 * written and read back.
 */
#include "compat.h"

#include <limits.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test-util.h"

#include "json.h"
#include "verify/incident.h"

/* The scratch directory of this run (group setup / teardown). */
static char tdir[PATH_MAX];

static void tpath(char *buf, size_t cap, const char *name)
{
	int n = snprintf(buf, cap, "%s/%s", tdir, name);

	assert_true(n > 0 && (size_t)n < cap);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static struct verify_incident one(const char *file, uint64_t off, unsigned cls)
{
	struct verify_incident inc = {
		.file = file, .offset = off, .len = 4096, .req_offset = off,
		.req_len = 8192, .cls = (uint8_t)cls, .exp_gen = 2, .found_gen = 1,
		.found_offset = off, .found_known = true, .first_bad_sector = VDIAG_NONE,
		.first_bad_bit = VDIAG_NOBIT, .torn_sector = VDIAG_NONE,
	};

	return inc;
}

static void test_incident__class_keys(void **state)
{
	(void)state;
	for (unsigned c = 0; c < VCLASS_NR; c++)
		assert_int_equal(verify_class_of_key(verify_class_key(c)), (int)c);
	assert_string_equal(verify_class_key(VCLASS_BITFLIP), "bit_flips");
	assert_string_equal(verify_class_key(VCLASS_NR), "unknown");
	assert_int_equal(verify_class_of_key("bit flips"), -EINVAL);
	assert_int_equal(verify_class_of_key("unknown"), -EINVAL);
}

/* The 16 lowest (file, offset) are kept, whatever the order they come in. */
static void test_incident__keep_lowest_and_merge(void **state)
{
	struct verify_stats a, b;
	struct verify_incident inc;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (uint64_t i = 40; i-- > 0;) {
		struct verify_stats *st = i % 2 ? &a : &b;

		inc = one("f", i * 4096, VCLASS_STALE);
		verify_stats_keep(st, &inc);
		st->failures++;
		st->by_class[VCLASS_STALE]++;
	}
	assert_int_equal(a.nr_inc, VERIFY_INCIDENTS_MAX);
	inc = one("f", 1000 * 4096, VCLASS_STALE);
	assert_null(verify_stats_keep(&a, &inc));
	inc = one("e", 1000 * 4096, VCLASS_STALE);	/* "e" < "f" */
	assert_non_null(verify_stats_keep(&b, &inc));
	verify_stats_merge(&a, &b);
	assert_int_equal(a.failures, 40);
	assert_int_equal(a.by_class[VCLASS_STALE], 40);
	assert_int_equal(a.nr_inc, VERIFY_INCIDENTS_MAX);
	assert_string_equal(a.inc[0].file, "e");
	for (unsigned i = 1; i < VERIFY_INCIDENTS_MAX; i++) {
		assert_string_equal(a.inc[i].file, "f");
		assert_int_equal(a.inc[i].offset, (uint64_t)(i - 1) * 4096);
	}
}

static void test_incident__print(void **state)
{
	static const struct {
		unsigned cls;
		const char *detail;
	} t[] = {
		{ VCLASS_STALE, ": stale (generation 1, expected 2: a lost write; written by run "
		  "00000000000000ab at 2023-11-14T22:13:20.500Z)\n" },
		{ VCLASS_NEWER, ": newer than recorded (generation 1, recorded 2: the data "
		  "is newer than the generation map; a lost state update, not lost data; "
		  "written by run 00000000000000ab at 2023-11-14T22:13:20.500Z)\n" },
		{ VCLASS_MISDIRECTED, ": misdirected (data of offset 8192 generation 1)\n" },
		{ VCLASS_BITFLIP, ": bit flips (3 bits in 2 bytes, first at bit 4100 of the unit)\n" },
		/* the generation before the tear is its own, not the expected one */
		{ VCLASS_TORN, ": torn (from sector 4 at offset 10240 generation 1, before it 3)\n" },
		{ VCLASS_ZEROED, ": zeroed\n" },
		{ VCLASS_OTHER_RUN, ": from another run (written by run 00000000000000ab at "
		  "2023-11-14T22:13:20.500Z (job 1 clone 2); this data is of run 00000000000000cd)\n" },
		{ VCLASS_OTHER_WRITER, ": other writer (the block belongs to job 1 clone 2's write "
		  "at 2023-11-14T22:13:20.500Z; this job is 0 clone 0); crc32c 1234abcd matches "
		  "its header\n" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct verify_incident inc = one("t.dat", 8192, t[i].cls);
		char *buf = NULL, want[512];
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		inc.bad_bits = 3;
		inc.bad_bytes = 2;
		inc.first_bad_bit = 4100;
		inc.torn_sector = 4;
		inc.torn_offset = 10240;
		inc.torn_gen_before = 3;
		inc.writer_known = true;
		inc.writer_run = 0xab;
		inc.writer_time_ns = 1700000000500000000ull;
		inc.writer_job = 1;
		inc.writer_clone = 2;
		inc.exp_writer_known = true;
		inc.exp_run = 0xcd;
		if (t[i].cls == VCLASS_OTHER_WRITER) {
			/* the same checksum twice is no mismatch */
			snprintf(inc.algo, sizeof(inc.algo), "crc32c");
			snprintf(inc.exp_sum, sizeof(inc.exp_sum), "1234abcd");
			snprintf(inc.got_sum, sizeof(inc.got_sum), "1234abcd");
		}
		incident_print(f, "w", &inc, NULL, 4096, 512);
		fclose(f);
		snprintf(want, sizeof(want), "verio: job 'w': verify failed at file 't.dat' "
			 "offset 8192, length 4096 (requested block: offset=8192, length=8192)%s",
			 t[i].detail);
		assert_string_equal(buf, want);
		free(buf);
	}
}

static void strip_blanks(char *s)
{
	for (char *o = s;; s++) {
		if (*s != ' ' && *s != '\n' && *s != '\t')
			*o++ = *s;
		if (!*s)
			break;
	}
}

/* The reread verdict ends the first line, and is the JSON key "reread". */
static void test_incident__reread(void **state)
{
	static const struct {
		uint8_t reread, cls;
		int err;
		const char *text, *json;
	} t[] = {
		{ VREREAD_NONE, 0, 0, "", NULL },
		{ VREREAD_OFF, 0, 0, "", "\"reread\":\"off\"" },
		{ VREREAD_PERSISTENT, 0, 0, " (persistent: the reread with the cache bypassed "
		  "shows the same data)", "\"reread\":\"persistent\"" },
		{ VREREAD_TRANSIENT, 0, 0, " (transient: the reread with the cache bypassed "
		  "verifies; the read path or host memory changed the data)",
		  "\"reread\":\"transient\"" },
		{ VREREAD_CHANGED, VCLASS_TORN, 0, " (changed: the reread with the cache "
		  "bypassed fails differently (torn))",
		  "\"reread\":\"changed\",\"reread_class\":\"torn\"" },
		{ VREREAD_ERROR, 0, EIO, " (error: the reread with the cache bypassed failed: "
		  "Input/output error)",
		  "\"reread\":\"error\",\"reread_errno\":5,\"reread_error\":\"Input/output error\"" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct verify_incident inc = one("t.dat", 8192, VCLASS_ZEROED);
		struct json_writer w;
		char *buf = NULL, want[512];
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		inc.reread = t[i].reread;
		inc.reread_cls = t[i].cls;
		inc.reread_errno = t[i].err;
		incident_print(f, "w", &inc, NULL, 4096, 512);
		fclose(f);
		snprintf(want, sizeof(want), "verio: job 'w': verify failed at file 't.dat' "
			 "offset 8192, length 4096 (requested block: offset=8192, length=8192)"
			 ": zeroed%s\n", t[i].text);
		assert_string_equal(buf, want);
		free(buf);
		f = open_memstream(&buf, &len);
		assert_non_null(f);
		json_init(&w, f);
		incident_json(&w, NULL, &inc);
		assert_int_equal(json_finish(&w), 0);
		fclose(f);
		/* compare without blanks: the writer's layout is not the point */
		strip_blanks(buf);
		snprintf(want, sizeof(want), "%s", t[i].json ? t[i].json : "");
		strip_blanks(want);
		if (t[i].json)
			assert_non_null(strstr(buf, want));
		else
			assert_null(strstr(buf, "reread"));
		free(buf);
	}
}

static void assert_same(const struct verify_incident *a, const struct verify_incident *b)
{
	assert_string_equal(a->file, b->file);
	assert_int_equal(a->offset, b->offset);
	assert_int_equal(a->len, b->len);
	assert_int_equal(a->req_offset, b->req_offset);
	assert_int_equal(a->req_len, b->req_len);
	assert_int_equal(a->cls, b->cls);
	assert_int_equal(a->exp_gen, b->exp_gen);
	assert_int_equal(a->found_gen, b->found_gen);
	assert_int_equal(a->found_offset, b->found_offset);
	assert_int_equal(a->bad_bytes, b->bad_bytes);
	assert_int_equal(a->bad_bits, b->bad_bits);
	assert_int_equal(a->found_known, b->found_known);
	assert_int_equal(a->first_bad_bit, b->first_bad_bit);
	assert_int_equal(a->first_bad_sector, b->first_bad_sector);
	assert_int_equal(a->first_bad_offset, b->first_bad_offset);
	assert_int_equal(a->torn_sector, b->torn_sector);
	assert_int_equal(a->torn_offset, b->torn_offset);
	assert_int_equal(a->torn_gen_before, b->torn_gen_before);
	assert_int_equal(a->writer_known, b->writer_known);
	assert_int_equal(a->writer_run, b->writer_run);
	assert_int_equal(a->writer_job, b->writer_job);
	assert_int_equal(a->writer_clone, b->writer_clone);
	assert_int_equal(a->writer_time_ns, b->writer_time_ns);
	assert_int_equal(a->exp_writer_known, b->exp_writer_known);
	assert_int_equal(a->exp_run, b->exp_run);
	assert_int_equal(a->exp_job, b->exp_job);
	assert_int_equal(a->exp_clone, b->exp_clone);
	assert_string_equal(a->algo, b->algo);
	assert_string_equal(a->exp_sum, b->exp_sum);
	assert_string_equal(a->got_sum, b->got_sum);
	assert_string_equal(a->dump, b->dump);
	assert_int_equal(a->reread, b->reread);
	assert_int_equal(a->reread_cls, b->reread_cls);
	assert_int_equal(a->reread_errno, b->reread_errno);
}

/* Dump a torn and a stale unit of a target named a"b\c; read them back. */
static void test_incident__dump_round_trip(void **state)
{
	static const unsigned classes[] = { VCLASS_TORN, VCLASS_STALE };
	uint8_t recv[512], exp[512];
	char path[PATH_MAX + 64], name[64];

	(void)state;
	memset(recv, 0xaa, sizeof(recv));
	memset(exp, 0x55, sizeof(exp));
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
		struct verify_incident inc = one("dir/a\"b\\c", 1 << 20, classes[i]), back;
		struct stat st;

		inc.len = sizeof(recv);
		inc.first_bad_sector = classes[i] == VCLASS_TORN ? 3 : VDIAG_NONE;
		inc.first_bad_offset = classes[i] == VCLASS_TORN ? (1 << 20) + 1536 : 0;
		inc.torn_sector = classes[i] == VCLASS_TORN ? 3 : VDIAG_NONE;
		inc.torn_offset = classes[i] == VCLASS_TORN ? (1 << 20) + 1536 + 100 : 0;
		inc.torn_gen_before = classes[i] == VCLASS_TORN ? 9 : 0;
		inc.bad_bits = 7;
		inc.first_bad_bit = classes[i] == VCLASS_TORN ? 12345 : VDIAG_NOBIT;
		/* the stale one has no header: no writer, nothing found */
		inc.found_known = classes[i] == VCLASS_TORN;
		inc.found_offset = inc.found_known ? inc.found_offset : 0;
		inc.found_gen = inc.found_known ? inc.found_gen : 0;
		inc.writer_known = classes[i] == VCLASS_TORN;
		inc.writer_run = inc.writer_known ? 0x1122334455667788ull : 0;
		inc.writer_job = inc.writer_known ? 4 : 0;
		inc.writer_clone = inc.writer_known ? 5 : 0;
		inc.writer_time_ns = inc.writer_known ? 1700000000123456789ull : 0;
		inc.exp_writer_known = true;
		inc.exp_run = 0x99;
		inc.exp_job = 6;
		inc.exp_clone = 7;
		snprintf(inc.algo, sizeof(inc.algo), "crc32c");
		snprintf(inc.exp_sum, sizeof(inc.exp_sum), "0badcafe");
		snprintf(inc.got_sum, sizeof(inc.got_sum), "deadbeef");
		/* the torn one's reread failed differently, the stale one's failed */
		inc.reread = classes[i] == VCLASS_TORN ? VREREAD_CHANGED : VREREAD_ERROR;
		inc.reread_cls = classes[i] == VCLASS_TORN ? VCLASS_ZEROED : 0;
		inc.reread_errno = classes[i] == VCLASS_TORN ? 0 : EIO;
		assert_int_equal(incident_dump(&inc, tdir, recv, exp, sizeof(recv)), 0);
		tpath(path, sizeof(path), "a_b_c.1048576");
		assert_string_equal(inc.dump, path);
		tpath(path, sizeof(path), "a_b_c.1048576.received");
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, sizeof(recv));
		tpath(path, sizeof(path), "a_b_c.1048576.json");
		assert_int_equal(incident_read_json(path, &back, name, sizeof(name)), 0);
		assert_ptr_equal(back.file, name);
		assert_string_equal(name, "dir/a\"b\\c");
		assert_same(&inc, &back);
		/* the name must fit */
		assert_int_equal(incident_read_json(path, &back, name, 9), -ENAMETOOLONG);
		assert_int_equal(incident_read_json(path, &back, name, 10), 0);
	}
	for (const char *const *s = (const char *const[]){ "received", "expected", "json", NULL };
	     *s; s++) {
		snprintf(name, sizeof(name), "a_b_c.1048576.%s", *s);
		tpath(path, sizeof(path), name);
		assert_int_equal(unlink(path), 0);
	}
}

/* What incident_read_json() refuses. */
static void test_incident__read_bad(void **state)
{
	static const struct {
		const char *text;
		int err;
	} t[] = {
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"stale\"}", 0 },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"stale\",\"new\":\"x\"}", 0 },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2}", -EBADMSG },
		{ "{\"offset\":1,\"length\":2,\"class\":\"stale\"}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"odd\"}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":\"1\",\"length\":2,\"class\":\"stale\"}", -EBADMSG },
		{ "{\"file\":1,\"offset\":1,\"length\":2,\"class\":\"stale\"}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"stale\","
		  "\"torn_sector\":4294967296}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"stale\","
		  "\"algorithm\":\"a-name-longer-than-16\"}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"stale\","
		  "\"dump_received\":\"x.expected\"}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"stale\","
		  "\"reread\":\"sometimes\"}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"stale\","
		  "\"reread\":\"changed\",\"reread_class\":\"odd\"}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":1,\"length\":2,\"class\":\"stale\","
		  "\"reread\":1}", -EBADMSG },
		{ "{\"file\":\"f\",\"offset\":1,", -EBADMSG },
		{ "", -EBADMSG },
	};
	struct verify_incident back;
	char path[PATH_MAX + 64], name[64];

	(void)state;
	tpath(path, sizeof(path), "bad.json");
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int r;

		write_text(path, t[i].text);
		r = incident_read_json(path, &back, name, sizeof(name));
		if (r != t[i].err)
			fail_msg("case %zu '%s': %d, wanted %d", i, t[i].text, r, t[i].err);
	}
	/* defaults of what a minimal dump leaves out */
	write_text(path, t[0].text);
	assert_int_equal(incident_read_json(path, &back, name, sizeof(name)), 0);
	assert_int_equal(back.first_bad_sector, VDIAG_NONE);
	assert_int_equal(back.cls, VCLASS_STALE);
	assert_string_equal(back.dump, "");
	assert_int_equal(back.reread, VREREAD_NONE);	/* not reread */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(incident_read_json(path, &back, name, sizeof(name)), -ENOENT);
}

static int group_setup(void **state)
{
	(void)state;
	return test_mkdtemp(tdir, sizeof(tdir), "incident");
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(tdir) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incident__class_keys),
		cmocka_unit_test(test_incident__keep_lowest_and_merge),
		cmocka_unit_test(test_incident__print),
		cmocka_unit_test(test_incident__reread),
		cmocka_unit_test(test_incident__dump_round_trip),
		cmocka_unit_test(test_incident__read_bad),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
