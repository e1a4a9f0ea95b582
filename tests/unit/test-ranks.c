/*
 * test-ranks.c - unit tests for src/report/ranks.c (verio-mpi's results
 * of one rank as bytes, folded into another's): counts, histograms and
 * incidents summed with the incidents' strings owned by the destination,
 * the run times of ranks side by side and of passes one after the other,
 * and damaged or foreign bytes refused with the destination untouched.
 * Run it under ASan or valgrind: a string left pointing into the packed
 * bytes or the source result is a use after free here.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "report/ranks.h"
#include "report/result.h"
#include "report/stats.h"

#define MS 1000000ULL
#define SEC 1000000000ULL

/* A job_result on the heap (its stats are too big for the stack), stats initialised. */
static struct job_result *result_new(void)
{
	struct job_result *res = calloc(1, sizeof(*res));

	assert_non_null(res);
	job_stats_init(&res->st);
	return res;
}

static void result_free(struct job_result *res)
{
	job_result_release(res);
	free(res);
}

/* Keep one incident of class cls at offset in file (a copy the result owns). */
static void add_incident(struct job_result *res, const char *file, uint64_t offset,
			 unsigned cls)
{
	struct verify_incident inc = { 0 };

	inc.file = strdup(file);
	assert_non_null(inc.file);
	inc.offset = offset;
	inc.len = 4096;
	inc.cls = (uint8_t)cls;
	assert_non_null(verify_stats_keep(&res->st.verify, &inc));
	res->st.verify.failures++;
	res->st.verify.by_class[cls]++;
}

/* A job that wrote ios blocks of 4 KiB, each taking lat_ns, and checked units. */
static void fill(struct job_result *res, uint64_t ios, uint64_t lat_ns, uint64_t units)
{
	struct dir_stats *w = &res->st.dir[DDIR_WRITE];

	w->ios = ios;
	w->bytes = ios * 4096;
	for (uint64_t i = 0; i < ios; i++)
		hist_add(&w->clat_hist, lat_ns);
	res->st.verify.units = units;
	res->st.verify.bytes = units * 4096;
}

/* Is p inside the len bytes at base? */
static bool points_into(const void *p, const void *base, size_t len)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && a < b + len;
}

/*
 * Counts and histograms add up; both results' incidents are there,
 * sorted, with their hosts and writers (verio-mpi's), and with strings
 * the destination owns: the packed bytes and the source are freed before
 * they are read, and releasing the destination frees each once.
 */
static void test_ranks__merge_counts_and_incidents(void **state)
{
	struct job_result *dst = result_new(), *src = result_new();
	const struct verify_stats *v;
	void *buf = NULL;
	size_t len = 0;

	(void)state;
	fill(dst, 10, 1000, 10);
	fill(src, 6, 50000, 6);
	add_incident(dst, "/dev/shm/a", 8192, VCLASS_BITFLIP);
	add_incident(src, "/dev/shm/b", 4096, VCLASS_ZEROED);
	add_incident(src, "/dev/shm/a", 0, VCLASS_MISDIRECTED);
	/* what verio-mpi names: the finder's host, the writer's rank and host */
	snprintf(src->st.verify.inc[1].host, sizeof(src->st.verify.inc[1].host), "node1");
	src->st.verify.inc[1].found_known = true;
	src->st.verify.inc[1].found_offset = 12288;
	src->st.verify.inc[1].writer_rank_known = true;
	src->st.verify.inc[1].writer_rank = 3;
	snprintf(src->st.verify.inc[1].writer_host, sizeof(src->st.verify.inc[1].writer_host),
		 "node3");

	assert_int_equal(ranks_pack(src, 1, &buf, &len), 0);
	assert_non_null(buf);
	assert_int_equal(ranks_merge(dst, 1, buf, len, RANKS_CONCURRENT), 0);

	v = &dst->st.verify;
	assert_int_equal(v->nr_inc, 3);
	for (unsigned i = 0; i < v->nr_inc; i++) {
		assert_false(points_into(v->inc[i].file, buf, len));
		for (unsigned k = 0; k < src->st.verify.nr_inc; k++)
			assert_ptr_not_equal(v->inc[i].file, src->st.verify.inc[k].file);
	}
	free(buf);
	result_free(src);

	assert_int_equal(dst->st.dir[DDIR_WRITE].ios, 16);
	assert_int_equal(dst->st.dir[DDIR_WRITE].bytes, 16 * 4096);
	assert_int_equal(dst->st.dir[DDIR_WRITE].clat_hist.nr, 16);
	assert_int_equal(dst->st.dir[DDIR_WRITE].clat_hist.buckets[hist_bucket_index(1000)], 10);
	assert_int_equal(dst->st.dir[DDIR_WRITE].clat_hist.buckets[hist_bucket_index(50000)], 6);
	assert_int_equal(dst->st.dir[DDIR_READ].ios, 0);
	assert_int_equal(v->units, 16);
	assert_int_equal(v->bytes, 16 * 4096);
	assert_int_equal(v->failures, 3);
	assert_int_equal(v->by_class[VCLASS_BITFLIP], 1);
	assert_int_equal(v->by_class[VCLASS_ZEROED], 1);
	assert_int_equal(v->by_class[VCLASS_MISDIRECTED], 1);
	/* sorted by (file, offset) */
	assert_string_equal(v->inc[0].file, "/dev/shm/a");
	assert_int_equal(v->inc[0].offset, 0);
	assert_int_equal(v->inc[0].cls, VCLASS_MISDIRECTED);
	assert_string_equal(v->inc[0].host, "node1");
	assert_true(v->inc[0].found_known);
	assert_int_equal(v->inc[0].found_offset, 12288);
	assert_true(v->inc[0].writer_rank_known);
	assert_int_equal(v->inc[0].writer_rank, 3);
	assert_string_equal(v->inc[0].writer_host, "node3");
	assert_string_equal(v->inc[1].host, "");
	assert_false(v->inc[1].writer_rank_known);
	assert_string_equal(v->inc[1].file, "/dev/shm/a");
	assert_int_equal(v->inc[1].offset, 8192);
	assert_int_equal(v->inc[1].cls, VCLASS_BITFLIP);
	assert_string_equal(v->inc[2].file, "/dev/shm/b");
	assert_int_equal(v->inc[2].offset, 4096);
	assert_int_equal(v->inc[2].cls, VCLASS_ZEROED);
	/* two incidents name one file: two strings, each freed once */
	assert_ptr_not_equal(v->inc[0].file, v->inc[1].file);
	result_free(dst);
}

/* A fatal error and an interruption of the source carry over; the destination's first error stays. */
static void test_ranks__merge_error_and_interruption(void **state)
{
	struct job_result *dst = result_new(), *src = result_new();
	void *buf = NULL;
	size_t len = 0;

	(void)state;
	src->error = EIO;
	src->interrupted = true;
	assert_int_equal(ranks_pack(src, 1, &buf, &len), 0);
	assert_int_equal(ranks_merge(dst, 1, buf, len, RANKS_CONCURRENT), 0);
	assert_int_equal(dst->error, EIO);
	assert_true(dst->interrupted);

	src->error = ENOSPC;
	src->interrupted = false;
	free(buf);
	assert_int_equal(ranks_pack(src, 1, &buf, &len), 0);
	assert_int_equal(ranks_merge(dst, 1, buf, len, RANKS_CONCURRENT), 0);
	assert_int_equal(dst->error, EIO);
	assert_true(dst->interrupted);
	free(buf);
	result_free(src);
	result_free(dst);
}

/*
 * Ranks side by side span the earliest start to the latest end (either
 * way round); passes one after the other add up. The wall time is the
 * earlier start either way.
 */
static void test_ranks__run_times(void **state)
{
	static const struct {
		enum ranks_time how;
		uint64_t dst_start_ms, src_start_ms;
		uint64_t dst_rt, src_rt;		/* job and write direction, ns */
		uint64_t dst_elapsed, src_elapsed;
		uint64_t rt, start_ms, elapsed;	/* merged */
	} t[] = {
		{ RANKS_CONCURRENT, 1000, 1500, SEC, SEC, 2 * SEC, 1200 * MS,
		  1500 * MS, 1000, 2 * SEC },
		{ RANKS_CONCURRENT, 1500, 1000, SEC, SEC, 1200 * MS, 2 * SEC,
		  1500 * MS, 1000, 2 * SEC },
		/* one inside the other: the outer one's span */
		{ RANKS_CONCURRENT, 1000, 1200, 3 * SEC, SEC, 3 * SEC, SEC,
		  3 * SEC, 1000, 3 * SEC },
		/* the source did not run: the destination's times */
		{ RANKS_CONCURRENT, 1000, 0, SEC, 0, SEC, 0, SEC, 1000, SEC },
		{ RANKS_SEQUENTIAL, 1000, 1500, SEC, SEC, 2 * SEC, 1200 * MS,
		  2 * SEC, 1000, 3200 * MS },
		{ RANKS_SEQUENTIAL, 1500, 1000, SEC, 500 * MS, 1200 * MS, 2 * SEC,
		  1500 * MS, 1000, 3200 * MS },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct job_result *dst = result_new(), *src = result_new();
		void *buf = NULL;
		size_t len = 0;

		dst->st.start_wall_ms = t[i].dst_start_ms;
		src->st.start_wall_ms = t[i].src_start_ms;
		dst->st.runtime_ns = dst->st.dir[DDIR_WRITE].runtime_ns = t[i].dst_rt;
		src->st.runtime_ns = src->st.dir[DDIR_WRITE].runtime_ns = t[i].src_rt;
		dst->elapsed_ns = t[i].dst_elapsed;
		src->elapsed_ns = t[i].src_elapsed;
		assert_int_equal(ranks_pack(src, 1, &buf, &len), 0);
		assert_int_equal(ranks_merge(dst, 1, buf, len, t[i].how), 0);
		if (dst->st.runtime_ns != t[i].rt || dst->st.dir[DDIR_WRITE].runtime_ns != t[i].rt ||
		    dst->st.start_wall_ms != t[i].start_ms || dst->elapsed_ns != t[i].elapsed)
			fail_msg("case %zu: runtime %" PRIu64 " write runtime %" PRIu64
				 " start %" PRIu64 " elapsed %" PRIu64 ", wanted %" PRIu64
				 " %" PRIu64 " %" PRIu64 " %" PRIu64,
				 i, dst->st.runtime_ns, dst->st.dir[DDIR_WRITE].runtime_ns,
				 dst->st.start_wall_ms, dst->elapsed_ns, t[i].rt, t[i].rt,
				 t[i].start_ms, t[i].elapsed);
		/* a direction neither ran stays "did not run" */
		assert_int_equal(dst->st.dir[DDIR_READ].runtime_ns, 0);
		free(buf);
		result_free(src);
		result_free(dst);
	}
}

/* Several jobs: each folds into its own, in order. */
static void test_ranks__several_jobs(void **state)
{
	struct job_result *dst = calloc(2, sizeof(*dst)), *src = calloc(2, sizeof(*src));
	void *buf = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(dst);
	assert_non_null(src);
	for (unsigned i = 0; i < 2; i++) {
		job_stats_init(&dst[i].st);
		job_stats_init(&src[i].st);
		fill(&dst[i], 1 + i, 1000, 0);
		fill(&src[i], 10 * (1 + i), 1000, 0);
	}
	add_incident(&src[1], "/dev/shm/second", 0, VCLASS_STALE);
	assert_int_equal(ranks_pack(src, 2, &buf, &len), 0);
	job_results_free(src, 2);
	assert_int_equal(ranks_merge(dst, 2, buf, len, RANKS_CONCURRENT), 0);
	free(buf);
	assert_int_equal(dst[0].st.dir[DDIR_WRITE].ios, 11);
	assert_int_equal(dst[1].st.dir[DDIR_WRITE].ios, 22);
	assert_int_equal(dst[0].st.verify.nr_inc, 0);
	assert_int_equal(dst[1].st.verify.nr_inc, 1);
	assert_string_equal(dst[1].st.verify.inc[0].file, "/dev/shm/second");
	job_results_free(dst, 2);
}

/* ranks_merge() must refuse buf and leave dst as it was, byte for byte. */
static void expect_refused(struct job_result *dst, size_t nr, const void *buf, size_t len,
			   const char *what)
{
	struct job_result *before = malloc(nr ? nr * sizeof(*before) : 1);
	int r;

	assert_non_null(before);
	memcpy(before, dst, nr * sizeof(*before));
	r = ranks_merge(dst, nr, buf, len, RANKS_CONCURRENT);
	if (r != -EBADMSG)
		fail_msg("%s: ranks_merge() returned %d, wanted -EBADMSG", what, r);
	if (memcmp(before, dst, nr * sizeof(*before)))
		fail_msg("%s: the destination changed", what);
	free(before);
}

/*
 * Bytes of another build or another job list, cut short, or naming more
 * incidents than a result holds are refused, and the destination
 * (incidents and their strings included) is left as it was.
 */
static void test_ranks__refused(void **state)
{
	struct job_result *dst = result_new(), *src = result_new();
	struct job_result *two = calloc(2, sizeof(*two));
	unsigned char *bad;
	void *buf = NULL, *buf2 = NULL;
	size_t len = 0, len2 = 0;
	uint32_t magic;

	(void)state;
	assert_non_null(two);
	job_stats_init(&two[0].st);
	job_stats_init(&two[1].st);
	fill(dst, 3, 1000, 3);
	add_incident(dst, "/dev/shm/mine", 4096, VCLASS_TORN);
	fill(src, 5, 2000, 5);
	add_incident(src, "/dev/shm/theirs", 0, VCLASS_FOREIGN);
	assert_int_equal(ranks_pack(src, 1, &buf, &len), 0);
	bad = malloc(len);
	assert_non_null(bad);

	/* bad magic (the first word) */
	memcpy(bad, buf, len);
	memcpy(&magic, bad, sizeof(magic));
	magic ^= 1;
	memcpy(bad, &magic, sizeof(magic));
	expect_refused(dst, 1, bad, len, "bad magic");

	/* truncated: in the header, in the job record, in the last string */
	expect_refused(dst, 1, buf, 4, "4 bytes");
	expect_refused(dst, 1, buf, len - strlen("/dev/shm/theirs") - 2, "the job record cut");
	expect_refused(dst, 1, buf, len - strlen("/dev/shm/theirs") - 1, "no strings");
	expect_refused(dst, 1, buf, len - 1, "the last string cut");
	expect_refused(dst, 1, buf, 0, "no bytes");

	/* another job list: packed for one job, merged into two, and the other way */
	expect_refused(dst, 0, buf, len, "merged into no job");
	assert_int_equal(ranks_pack(two, 2, &buf2, &len2), 0);
	expect_refused(dst, 1, buf2, len2, "two jobs into one");
	free(buf2);

	/* what was refused did not stick: a good merge still works */
	assert_int_equal(ranks_merge(dst, 1, buf, len, RANKS_CONCURRENT), 0);
	assert_int_equal(dst->st.dir[DDIR_WRITE].ios, 8);
	assert_int_equal(dst->st.verify.nr_inc, 2);
	free(bad);
	free(buf);
	job_results_free(two, 2);
	result_free(src);
	result_free(dst);
}

/*
 * A packed job claiming more incidents (or mirror ranges) than a result
 * has room for is refused, even when the bytes hold a string for each.
 * One job's packed bytes end with its raw struct job_stats and then its
 * strings (ranks.c's layout), which locates the counts to change.
 */
static void test_ranks__too_many_incidents(void **state)
{
	const size_t extra = sizeof("/dev/shm/f16") + 2 * 2 * (MIRROR_RANGES_MAX + 1);
	struct job_result *dst = result_new(), *src = result_new();
	unsigned char *buf;
	void *packed = NULL;
	size_t len = 0, strings = 0, st_at;
	char name[32];
	uint64_t units;
	unsigned nr;

	(void)state;
	fill(dst, 1, 1000, 1);
	add_incident(dst, "/dev/shm/mine", 0, VCLASS_BITFLIP);
	for (unsigned i = 0; i < VERIFY_INCIDENTS_MAX; i++) {
		snprintf(name, sizeof(name), "/dev/shm/f%02u", i);
		add_incident(src, name, 0, VCLASS_ZEROED);
		strings += strlen(name) + 1;
	}
	src->st.verify.units = 77;
	assert_int_equal(ranks_pack(src, 1, &packed, &len), 0);
	/* more strings: a 17th incident's, 17 mirror ranges' (file, reference) */
	buf = realloc(packed, len + extra);
	assert_non_null(buf);
	memcpy(buf + len, "/dev/shm/f16", sizeof("/dev/shm/f16"));
	for (size_t i = sizeof("/dev/shm/f16"); i < extra; i += 2)
		memcpy(buf + len + i, "m", 2);
	assert_true(len > strings + sizeof(struct job_stats));
	st_at = len - strings - sizeof(struct job_stats);
	/* it is the stats: the units and incidents where they should be */
	memcpy(&units, buf + st_at + offsetof(struct job_stats, verify.units), sizeof(units));
	assert_int_equal(units, 77);
	memcpy(&nr, buf + st_at + offsetof(struct job_stats, verify.nr_inc), sizeof(nr));
	assert_int_equal(nr, VERIFY_INCIDENTS_MAX);

	nr = VERIFY_INCIDENTS_MAX + 1;
	memcpy(buf + st_at + offsetof(struct job_stats, verify.nr_inc), &nr, sizeof(nr));
	expect_refused(dst, 1, buf, len + extra, "17 incidents, 17 strings");
	nr = UINT32_MAX;
	memcpy(buf + st_at + offsetof(struct job_stats, verify.nr_inc), &nr, sizeof(nr));
	expect_refused(dst, 1, buf, len + extra, "2^32-1 incidents");
	nr = VERIFY_INCIDENTS_MAX;
	memcpy(buf + st_at + offsetof(struct job_stats, verify.nr_inc), &nr, sizeof(nr));

	/* mirror ranges likewise: 17 of them after the 16 incidents, strings for all */
	nr = MIRROR_RANGES_MAX + 1;
	memcpy(buf + st_at + offsetof(struct job_stats, mirror.nr), &nr, sizeof(nr));
	expect_refused(dst, 1, buf, len + extra, "17 mirror ranges");
	nr = 0;
	memcpy(buf + st_at + offsetof(struct job_stats, mirror.nr), &nr, sizeof(nr));

	/* as packed, it merges: 16 incidents kept of the 17 */
	assert_int_equal(ranks_merge(dst, 1, buf, len, RANKS_CONCURRENT), 0);
	assert_int_equal(dst->st.verify.units, 78);
	assert_int_equal(dst->st.verify.nr_inc, VERIFY_INCIDENTS_MAX);
	assert_int_equal(dst->st.verify.failures, VERIFY_INCIDENTS_MAX + 1);
	free(buf);
	result_free(src);
	result_free(dst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranks__merge_counts_and_incidents),
		cmocka_unit_test(test_ranks__merge_error_and_interruption),
		cmocka_unit_test(test_ranks__run_times),
		cmocka_unit_test(test_ranks__several_jobs),
		cmocka_unit_test(test_ranks__refused),
		cmocka_unit_test(test_ranks__too_many_incidents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
