/*
 * test-history.c - unit tests for src/verify/history.c and
 * history-read.c: the write history written through streams and read
 * back (writes split into runs of generations, completions, syncs and
 * epochs, writes left in flight), many segments, a torn or damaged tail,
 * damaged headers, rotation under write_history_max, and slices.
 */
#include "compat.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "le.h"
#include "verify/history.h"

#define U 4096u

struct fx {
	char dir[64];
	char path[128];
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/verio-hist-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/h.vhist", f->dir);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static const char *const files[] = { "/dev/fake0", "/tmp/target-b" };
static const char *const jobs[] = { "writer", "writer", "other" };
static const uint32_t clones[] = { 0, 1, 0 };

static const struct vhist_meta meta = {
	.run_id = 0x1122334455667788ULL, .seed = 42, .unit_len = U, .sector_size = 512,
	.files = files, .nr_files = 2, .jobs = jobs, .clones = clones, .nr_jobs = 3,
};

/* Generations of the units of a write: gens[k]. */
static uint16_t gen_at(const void *arg, uint32_t k)
{
	return ((const uint16_t *)arg)[k];
}

static struct vhist_file *open_file(const char *path, uint64_t max)
{
	struct vhist_file *f = NULL;

	assert_int_equal(vhist_file_open(path, max, &meta, &f), 0);
	assert_non_null(f);
	return f;
}

static struct vhist_stream *stream(struct vhist_file *f, uint32_t job, uint32_t clone)
{
	static const uint32_t map[] = { 0, 1 };
	int err = 1;
	struct vhist_stream *s = vhist_stream_new(f, job, clone, jobs[job], map, 2, 4, &err);

	assert_non_null(s);
	assert_int_equal(err, 0);
	return s;
}

static void test_history__round_trip(void **state)
{
	struct fx *x = *state;
	struct vhist_file *f = open_file(x->path, 0);
	struct vhist_stream *a = stream(f, 0, 0), *b = stream(f, 2, 0);
	static const uint16_t g3[] = { 5, 5, 7 };
	const struct vhist_write *w;
	const struct vhist_sync *s;
	struct vhist *h = NULL;
	char why[256];
	size_t n, ns;

	/* a: a 3-unit write whose units got 5, 5, 7 (two runs, one seq). */
	vhist_issue(a, 0, 0, 8 * U, 3 * U, false, 1000, gen_at, g3, U);
	vhist_issue(b, 1, 1, 0, U, false, 1500, NULL, NULL, 0);
	vhist_done(a, 0, 0, 2000);
	vhist_sync(a, 0, true, 0, 3000);
	vhist_done(b, 1, -5, 3500);
	vhist_issue(a, 2, 0, 0, U, false, 4000, NULL, NULL, 0);	/* never completes */
	assert_int_equal(vhist_stream_close(a), 0);
	assert_int_equal(vhist_stream_close(b), 0);
	assert_int_equal(vhist_file_close(f), 0);

	assert_int_equal(vhist_open(x->path, &h, why, sizeof(why)), 0);
	assert_int_equal(vhist_run_id(h), meta.run_id);
	assert_int_equal(vhist_seed(h), 42);
	assert_int_equal(vhist_unit_len(h), U);
	assert_int_equal(vhist_sector_size(h), 512);
	assert_true(vhist_created_ns(h) > 0);
	assert_int_equal(vhist_nr_files(h), 2);
	assert_string_equal(vhist_file_name(h, 1), "/tmp/target-b");
	assert_null(vhist_file_name(h, 2));
	assert_int_equal(vhist_file_index(h, "/dev/fake0"), 0);
	assert_int_equal(vhist_file_index(h, "/nonexistent"), -1);
	assert_int_equal(vhist_nr_jobs(h), 3);
	assert_string_equal(vhist_job_name(h, 2), "other");
	assert_int_equal(vhist_job_clone(h, 1), 1);
	assert_false(vhist_torn_tail(h));
	assert_false(vhist_rotated(h));

	w = vhist_writes(h, &n);
	assert_int_equal(n, 4);
	/* Issue order: a's two runs, b's write, a's last write. */
	assert_int_equal(w[0].job, 0);
	assert_int_equal(w[0].seq, 1);
	assert_int_equal(w[0].offset, 8 * U);
	assert_int_equal(w[0].len, 2 * U);
	assert_int_equal(w[0].gen, 5);
	assert_int_equal(w[1].seq, 1);
	assert_int_equal(w[1].offset, 10 * U);
	assert_int_equal(w[1].len, U);
	assert_int_equal(w[1].gen, 7);
	assert_int_equal(w[0].done_order, 1);
	assert_int_equal(w[1].done_order, 1);
	assert_int_equal(w[0].t_done_ns - w[0].t_issue_ns, 1000);
	assert_int_equal(w[0].result, 0);
	assert_int_equal(w[0].epoch_before, 0);
	assert_int_equal(w[0].synced_epoch, 1);
	assert_int_equal(w[2].job, 2);
	assert_int_equal(w[2].file, 1);
	assert_int_equal(w[2].gen, 0);
	assert_int_equal(w[2].result, -5);
	assert_int_equal(w[2].done_order, 3);
	assert_int_equal(w[2].synced_epoch, 0);	/* the sync was of the other file */
	assert_int_equal(w[3].seq, 2);
	assert_int_equal(w[3].t_done_ns, 0);	/* in flight at the end */
	assert_int_equal(w[3].done_order, 0);

	s = vhist_syncs(h, &ns);
	assert_int_equal(ns, 1);
	assert_int_equal(s[0].file, 0);
	assert_int_equal(s[0].epoch, 1);
	assert_int_equal(s[0].order, 2);
	assert_true(s[0].datasync);
	assert_int_equal(s[0].t_ns - w[0].t_issue_ns, 2000);
	vhist_close(h);
}

static int count_cb(const struct vhist_write *w, void *arg)
{
	(void)w;
	++*(int *)arg;
	return 0;
}

/* n writes of stream s, one per unit of file 0, each completed. */
static void many(struct vhist_stream *s, unsigned n, uint64_t t0)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t g = (uint16_t)(i / 64 + 1);

		vhist_issue(s, i % 4, 0, (uint64_t)(i % 64) * U, U, false, t0 + 10 * i, gen_at,
			    &g, U);
		vhist_done(s, i % 4, 0, t0 + 10 * i + 5);
	}
}

static void test_history__segments_and_find(void **state)
{
	struct fx *x = *state;
	struct vhist_file *f = open_file(x->path, 0);
	struct vhist_stream *a = stream(f, 0, 0), *b = stream(f, 1, 1);
	struct vhist *h = NULL;
	size_t n;
	int calls = 0;

	many(a, 5000, 0);	/* 10000 records: several segments */
	many(b, 3000, 1);
	assert_int_equal(vhist_stream_close(a), 0);
	assert_int_equal(vhist_stream_close(b), 0);
	assert_int_equal(vhist_file_close(f), 0);
	assert_int_equal(vhist_open(x->path, &h, NULL, 0), 0);
	vhist_writes(h, &n);
	assert_int_equal(n, 8000);
	/* Unit 3 of file 0: written every 64th write by each stream. */
	assert_int_equal(vhist_find(h, "/dev/fake0", 3 * U + 100, 1, count_cb, &calls),
			 (5000 + 63 - 3) / 64 + (3000 + 63 - 3) / 64);
	assert_int_equal(vhist_find(h, "/nope", 0, 1, count_cb, &calls), -ENOENT);
	vhist_close(h);
}

/* Writes that touch no byte a file can have (a damaged writer's) are dropped;
 * vhist_find over every offset then finds each write that stays. */
static void test_history__impossible_offsets(void **state)
{
	struct fx *x = *state;
	struct vhist_file *f = open_file(x->path, 0);
	struct vhist_stream *a = stream(f, 0, 0);
	const struct vhist_write *w;
	struct vhist *h = NULL;
	int calls = 0;
	size_t n;

	vhist_issue(a, 0, 0, UINT64_MAX, U, false, 1000, NULL, NULL, 0);
	vhist_issue(a, 1, 0, (uint64_t)INT64_MAX - U + 2, U, false, 1100, NULL, NULL, 0);
	vhist_issue(a, 2, 0, (uint64_t)INT64_MAX - U + 1, U, false, 1200, NULL, NULL, 0);
	vhist_issue(a, 3, 0, 2 * U, U, false, 1300, NULL, NULL, 0);
	assert_int_equal(vhist_stream_close(a), 0);
	assert_int_equal(vhist_file_close(f), 0);
	assert_int_equal(vhist_open(x->path, &h, NULL, 0), 0);
	w = vhist_writes(h, &n);
	assert_int_equal(n, 2);
	assert_int_equal(w[0].offset, (uint64_t)INT64_MAX - U + 1);	/* ends at 2^63 */
	assert_int_equal(w[1].offset, 2 * U);
	assert_int_equal(vhist_find(h, "/dev/fake0", 0, UINT64_MAX, count_cb, &calls), 2);
	vhist_close(h);
}

static off_t file_size(const char *p)
{
	struct stat st;

	assert_int_equal(stat(p, &st), 0);
	return st.st_size;
}

static void test_history__torn_tail(void **state)
{
	struct fx *x = *state;
	struct vhist_file *f = open_file(x->path, 0);
	struct vhist_stream *a = stream(f, 0, 0);
	struct vhist *h = NULL;
	size_t n, full;
	char why[256];
	off_t size;
	int fd;

	many(a, 3000, 0);	/* 6000 records: segments of 2048, 2048, 1904 */
	assert_int_equal(vhist_stream_close(a), 0);
	assert_int_equal(vhist_file_close(f), 0);
	assert_int_equal(vhist_open(x->path, &h, NULL, 0), 0);
	vhist_writes(h, &full);
	vhist_close(h);
	assert_int_equal(full, 3000);

	/* A flipped byte in the last segment's data: the first two stay. */
	size = file_size(x->path);
	fd = open(x->path, O_RDWR);
	assert_true(fd >= 0);
	{
		uint8_t b;

		assert_int_equal(pread(fd, &b, 1, size - 30), 1);
		b ^= 0x10;
		assert_int_equal(pwrite(fd, &b, 1, size - 30), 1);
	}
	close(fd);
	assert_int_equal(vhist_open(x->path, &h, why, sizeof(why)), 0);
	assert_true(vhist_torn_tail(h));
	vhist_writes(h, &n);
	assert_int_equal(n, 2048);	/* 4096 records: 2048 WRITE + 2048 DONE */
	vhist_close(h);

	/* The last segment cut short (a crash while appending): the same. */
	assert_int_equal(truncate(x->path, size - 10), 0);
	assert_int_equal(vhist_open(x->path, &h, why, sizeof(why)), 0);
	assert_true(vhist_torn_tail(h));
	vhist_writes(h, &n);
	assert_int_equal(n, 2048);
	vhist_close(h);

	/* Into the header: not readable, and why says so. */
	assert_int_equal(truncate(x->path, 40), 0);
	assert_int_equal(vhist_open(x->path, &h, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "damaged write history"));
	assert_null(h);
}

static void test_history__not_a_history(void **state)
{
	struct fx *x = *state;
	struct vhist_file *f = NULL;
	struct vhist *h = NULL;
	char why[256];
	FILE *fp = fopen(x->path, "w");

	assert_non_null(fp);
	fputs("this is not a write history, but it is long enough for a header ......\n", fp);
	fclose(fp);
	assert_int_equal(vhist_open(x->path, &h, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "is not a verio write history"));
	assert_int_equal(vhist_open(x->dir, &h, why, sizeof(why)), -EISDIR);
	assert_int_equal(vhist_open("/nonexistent/h", &h, why, sizeof(why)), -ENOENT);
	assert_int_equal(vhist_file_open(x->dir, 0, &meta, &f), -EISDIR);
	assert_int_equal(vhist_file_open("/nonexistent/dir/h", 0, &meta, &f), -ENOENT);
	assert_null(f);
	/* A damaged header checksum. */
	f = open_file(x->path, 0);
	assert_int_equal(vhist_file_close(f), 0);
	{
		int fd = open(x->path, O_RDWR);
		uint8_t b = 0x99;

		assert_int_equal(pwrite(fd, &b, 1, 20), 1);
		close(fd);
	}
	assert_int_equal(vhist_open(x->path, &h, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "checksum"));
}

static void test_history__rotation(void **state)
{
	struct fx *x = *state;
	const uint64_t max = VHIST_MAX_MIN;
	struct vhist_file *f = open_file(x->path, max);
	struct vhist_stream *a = stream(f, 0, 0);
	const struct vhist_write *w;
	struct vhist *h = NULL;
	char p1[160];
	size_t n;

	/* An old ".1" of another run is removed when the history starts. */
	snprintf(p1, sizeof(p1), "%s.1", x->path);
	many(a, 60000, 0);
	assert_int_equal(vhist_stream_close(a), 0);
	assert_int_equal(vhist_file_close(f), 0);
	assert_true((uint64_t)file_size(x->path) <= max / 2);
	assert_true((uint64_t)file_size(p1) <= max / 2);
	assert_int_equal(vhist_open(x->path, &h, NULL, 0), 0);
	assert_true(vhist_rotated(h));
	assert_false(vhist_torn_tail(h));
	w = vhist_writes(h, &n);
	/* The newest writes are all there, in order, up to the last. */
	assert_true(n > 0 && n < 60000);
	assert_int_equal(w[n - 1].seq, 60000);
	for (size_t i = 1; i < n; i++)
		assert_int_equal(w[i].seq, w[i - 1].seq + 1);
	vhist_close(h);

	/* A new history at the same path drops the old ".1". */
	f = open_file(x->path, 0);
	assert_int_equal(vhist_file_close(f), 0);
	assert_int_equal(access(p1, F_OK), -1);
}

static void test_history__slice(void **state)
{
	struct fx *x = *state;
	struct vhist_file *f = open_file(x->path, 0);
	struct vhist_stream *a = stream(f, 0, 0), *b = stream(f, 2, 0);
	const struct vhist_range rr[] = { { "/dev/fake0", 5 * U, U }, { "/tmp/target-b", 0, 1 } };
	const struct vhist_write *w;
	struct vhist *h = NULL;
	char out[160], why[256];
	size_t n, ns;

	many(a, 640, 0);	/* unit 5 written 10 times */
	vhist_sync(a, 0, false, 0, 100000);
	vhist_issue(b, 0, 1, 0, U, false, 200000, NULL, NULL, 0);
	vhist_done(b, 0, 0, 200010);
	vhist_sync(b, 1, false, 0, 200020);
	assert_int_equal(vhist_stream_close(a), 0);
	assert_int_equal(vhist_stream_close(b), 0);
	assert_int_equal(vhist_file_close(f), 0);
	snprintf(out, sizeof(out), "%s/slice", x->dir);
	assert_int_equal(vhist_slice(x->path, out, rr, 2, why, sizeof(why)), 0);
	assert_int_equal(vhist_open(out, &h, why, sizeof(why)), 0);
	assert_int_equal(vhist_run_id(h), meta.run_id);
	assert_int_equal(vhist_nr_files(h), 2);
	w = vhist_writes(h, &n);
	assert_int_equal(n, 11);
	for (size_t i = 0; i < 10; i++) {
		assert_int_equal(w[i].offset, 5 * U);
		assert_int_equal(w[i].gen, i + 1);
		assert_true(w[i].t_done_ns > 0);
	}
	assert_int_equal(w[10].file, 1);
	assert_int_equal(w[10].synced_epoch, 1);
	vhist_syncs(h, &ns);
	assert_int_equal(ns, 2);
	vhist_close(h);
	/* A slice of nothing is a valid, empty history. */
	assert_int_equal(vhist_slice(x->path, out, rr, 0, why, sizeof(why)), 0);
	assert_int_equal(vhist_open(out, &h, why, sizeof(why)), 0);
	vhist_writes(h, &n);
	assert_int_equal(n, 0);
	vhist_close(h);
	assert_int_equal(vhist_slice("/nonexistent", out, rr, 1, why, sizeof(why)), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_history__round_trip, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_history__segments_and_find, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_history__impossible_offsets, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_history__torn_tail, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_history__not_a_history, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_history__rotation, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_history__slice, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
