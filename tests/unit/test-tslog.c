/*
 * test-tslog.c - unit tests for src/report/tslog.c (fio's time-series
 * log records, lines, binary samples, windows, the writer thread) and
 * the file names of src/run/joblog.c.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <zlib.h>

#include "le.h"
#include "report/tslog.h"
#include "run/joblog.h"

static void test_tslog__plat_index(void **state)
{
	static const struct { uint64_t ns; unsigned idx; } t[] = {
		{ 0, 0 }, { 1, 1 }, { 127, 127 }, { 128, 128 }, { 129, 128 }, { 130, 129 },
		{ 255, 191 }, { 256, 192 }, { 511, 255 }, { 512, 256 },
		{ 1000000, 64 * 14 + ((1000000 >> 13) & 63) },
		{ UINT64_MAX, TSLOG_PLAT_NR - 1 },
	};

	(void)state;
	assert_int_equal(TSLOG_PLAT_NR, 1856);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(tslog_plat_index(t[i].ns), t[i].idx);
	/* Monotonic, and every bin below the last is reached. */
	for (uint64_t v = 1; v < 1 << 20; v++)
		assert_true(tslog_plat_index(v) - tslog_plat_index(v - 1) <= 1);
}

static void test_tslog__format(void **state)
{
	const struct tslog_rec r = { .time_ms = 12, .value = 3456, .ddir = 1, .bs = 4096,
				     .offset = 8192, .prio = 0 };
	char buf[128];

	(void)state;
	tslog_format(buf, sizeof(buf), &r, 0);
	assert_string_equal(buf, "12, 3456, 1, 4096, 0\n");
	tslog_format(buf, sizeof(buf), &r, TSLOG_F_OFFSET);
	assert_string_equal(buf, "12, 3456, 1, 4096, 8192, 0\n");
	tslog_format(buf, sizeof(buf), &r, TSLOG_F_OFFSET | TSLOG_F_PRIO);
	assert_string_equal(buf, "12, 3456, 1, 4096, 8192, 0x0000\n");
	tslog_format(buf, sizeof(buf), &r, TSLOG_F_PRIO);
	assert_string_equal(buf, "12, 3456, 1, 4096, 0x0000\n");
}

/* Newer fio's columns: value1 after the value, the issue time last. */
static void test_tslog__format_newer(void **state)
{
	const struct tslog_rec r = { .time_ms = 5, .value = 10, .value1 = 30, .ddir = 0,
				     .bs = 0, .offset = 0, .issue_ns = 123456789 };
	const struct tslog_rec neg = { .time_ms = 1, .value = (uint64_t)-7, .ddir = 2,
				       .bs = 512, .prio = 0x2004 };
	char buf[TSLOG_LINE_MAX];

	(void)state;
	tslog_format(buf, sizeof(buf), &r, TSLOG_F_BOTH);
	assert_string_equal(buf, "5, 10, 30, 0, 0, 0\n");
	tslog_format(buf, sizeof(buf), &r, TSLOG_F_BOTH | TSLOG_F_OFFSET | TSLOG_F_ISSUE);
	assert_string_equal(buf, "5, 10, 30, 0, 0, 0, 0, 123456789\n");
	tslog_format(buf, sizeof(buf), &r, TSLOG_F_OFFSET | TSLOG_F_PRIO | TSLOG_F_ISSUE);
	assert_string_equal(buf, "5, 10, 0, 0, 0, 0x0000, 123456789\n");
	tslog_format(buf, sizeof(buf), &neg, TSLOG_F_PRIO);
	assert_string_equal(buf, "1, -7, 2, 512, 0x2004\n");
	/* Cut to the buffer, as snprintf, with the full length returned. */
	assert_int_equal(tslog_format(buf, 5, &r, 0), 15);	/* "5, 10, 0, 0, 0\n" */
	assert_string_equal(buf, "5, 1");
}

static void test_tslog__encode_fio(void **state)
{
	const struct tslog_rec r = { .time_ms = 7, .value = 99, .ddir = 1, .bs = 512,
				     .offset = 1 << 20, .prio = 3 };
	unsigned char b[40];

	(void)state;
	assert_int_equal(tslog_encode_fio(b, &r, 0), 32);
	assert_int_equal(get_le64(b), 7);
	assert_int_equal(get_le64(b + 8), 99);
	assert_int_equal(get_le32(b + 16), 1);
	assert_int_equal(get_le16(b + 20), 3);
	assert_int_equal(get_le64(b + 24), 512);
	assert_int_equal(tslog_encode_fio(b, &r, TSLOG_F_OFFSET | TSLOG_F_PRIO), 40);
	assert_int_equal(get_le32(b + 16), 0xc0000001u);
	assert_int_equal(get_le64(b + 32), 1 << 20);
}

static void test_tslog__window(void **state)
{
	struct tslog_win w = { 0 };
	uint64_t mean = 0, max = 0;

	(void)state;
	assert_false(tslog_win_add(&w, 10, 0, 100, &mean, &max));
	assert_false(tslog_win_add(&w, 11, 99, 100, &mean, &max));
	/* 10, 11, 13: mean 11.33 -> 11; the next window starts at 100. */
	assert_true(tslog_win_add(&w, 13, 130, 100, &mean, &max));
	assert_int_equal(mean, 11);
	assert_int_equal(max, 13);
	assert_int_equal(w.last_ms, 100);
	assert_false(tslog_win_add(&w, 1, 150, 100, &mean, &max));
	assert_true(tslog_win_add(&w, 2, 200, 100, &mean, &max));
	assert_int_equal(mean, 2);	/* 1.5 rounds up, as fio's + 0.5 */
	assert_int_equal(max, 2);
	assert_false(tslog_win_flush(&w, &mean, &max));
	assert_false(tslog_win_add(&w, 4, 250, 100, &mean, &max));
	assert_false(tslog_win_add(&w, 9, 260, 100, &mean, &max));
	assert_true(tslog_win_flush(&w, &mean, &max));
	assert_int_equal(mean, 7);
	assert_int_equal(max, 9);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 24);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 24) - 1, f);
	fclose(f);
	*len = n;
	return buf;
}

/* Many chunks through the writer thread: every line, in order. */
static void test_tslog__writer(void **state)
{
	char path[] = "/tmp/test-tslog-XXXXXX";
	const struct tslog_conf c = { .path = path, .flags = TSLOG_F_OFFSET };
	struct tslog_writer *w;
	struct tslog *l;
	size_t len, lines = 0;
	char *buf, *p;
	int err = 0, fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	l = tslog_open(&c, &err);
	assert_non_null(l);
	assert_int_equal(tslog_writer_start(&w, &l, 1), 0);
	for (uint64_t i = 0; i < 20000; i++)
		tslog_add(l, i, i * 3, (unsigned)(i & 1), 4096, i * 4096);
	assert_int_equal(tslog_writer_stop(w), 0);
	buf = slurp(path, &len);
	p = buf;
	for (char *nl; (nl = strchr(p, '\n')); p = nl + 1, lines++) {
		char want[128];
		const struct tslog_rec r = { .time_ms = lines, .value = lines * 3,
					     .ddir = (uint32_t)(lines & 1), .bs = 4096,
					     .offset = lines * 4096 };

		tslog_format(want, sizeof(want), &r, TSLOG_F_OFFSET);
		assert_memory_equal(p, want, strlen(want));
	}
	assert_int_equal(lines, 20000);
	free(buf);
	unlink(path);
}

/* Histogram lines print the counts since the direction's last line. */
static void test_tslog__hist(void **state)
{
	char path[] = "/tmp/test-tslog-XXXXXX";
	const struct tslog_conf c = { .path = path, .flags = TSLOG_F_HIST,
				      .hist_coarseness = 6 };
	uint64_t *plat = calloc(TSLOG_PLAT_NR, sizeof(*plat));
	struct tslog_writer *w;
	struct tslog *l;
	size_t len;
	char *buf, *second;
	int err = 0, fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	l = tslog_open(&c, &err);
	assert_non_null(l);
	assert_int_equal(tslog_writer_start(&w, &l, 1), 0);
	plat[0] = 2;
	plat[TSLOG_PLAT_NR - 1] = 5;
	for (unsigned i = 0; i < 10; i++)	/* more than a chunk */
		tslog_add_hist(l, 100 + i, 0, 4096, plat);
	assert_int_equal(tslog_writer_stop(w), 0);
	buf = slurp(path, &len);
	/* 29 columns of 64 bins; the first line counts all, the rest none. */
	assert_memory_equal(buf, "100, 0, 4096, 2, 0, ", 20);
	assert_non_null(strstr(buf, ", 0, 5\n101, 0, 4096, 0, 0, "));
	second = strchr(buf, '\n') + 1;
	assert_memory_equal(second, "101, 0, 4096, 0", 15);
	assert_non_null(strstr(second, ", 0, 0\n102, "));
	free(buf);
	free(plat);
	unlink(path);
}

/* log_store_compressed: zlib streams of fio's binary samples. */
static void test_tslog__store_compressed(void **state)
{
	char path[] = "/tmp/test-tslog-XXXXXX";
	const struct tslog_conf c = { .path = path, .flags = TSLOG_F_STORE_GZ,
				      .gz_chunk = 1024 };
	struct tslog_writer *w;
	struct tslog *l;
	size_t len, off = 0, total = 0;
	unsigned streams = 0;
	unsigned char *out = malloc(1 << 20);
	char *buf;
	int err = 0, fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	l = tslog_open(&c, &err);
	assert_non_null(l);
	assert_int_equal(tslog_writer_start(&w, &l, 1), 0);
	for (uint64_t i = 0; i < 1000; i++)
		tslog_add(l, i, 1, 0, 4096, 0);
	assert_int_equal(tslog_writer_stop(w), 0);
	buf = slurp(path, &len);
	while (off < len) {	/* one stream after another */
		z_stream z = { 0 };

		assert_int_equal(inflateInit(&z), Z_OK);
		z.next_in = (Bytef *)buf + off;
		z.avail_in = (uInt)(len - off);
		z.next_out = out + total;
		z.avail_out = (uInt)((1 << 20) - total);
		assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
		off = len - z.avail_in;
		total = (size_t)(z.next_out - out);
		inflateEnd(&z);
		streams++;
	}
	assert_int_equal(total, 1000 * 32);
	assert_true(streams >= 30);	/* 1024 bytes a stream: 32 samples */
	for (uint64_t i = 0; i < 1000; i++)
		assert_int_equal(get_le64(out + i * 32), i);
	free(buf);
	free(out);
	unlink(path);
}

static void test_tslog__names(void **state)
{
	char b[128];

	(void)state;
	joblog_name(b, sizeof(b), "", "job1", "bw", 3, true, false);
	assert_string_equal(b, "job1_bw.3.log");
	joblog_name(b, sizeof(b), "x/p", "job1", "clat_hist", 1, false, false);
	assert_string_equal(b, "x/p_clat_hist.log");
	joblog_name(b, sizeof(b), NULL, "j", "lat", 2, true, true);
	assert_string_equal(b, "j_lat.2.log.fz");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tslog__plat_index),
		cmocka_unit_test(test_tslog__format),
		cmocka_unit_test(test_tslog__format_newer),
		cmocka_unit_test(test_tslog__encode_fio),
		cmocka_unit_test(test_tslog__window),
		cmocka_unit_test(test_tslog__writer),
		cmocka_unit_test(test_tslog__hist),
		cmocka_unit_test(test_tslog__store_compressed),
		cmocka_unit_test(test_tslog__names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
