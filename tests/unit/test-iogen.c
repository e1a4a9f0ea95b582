/*
 * test-iogen.c - unit tests for src/run/iogen.c (the I/O generator),
 * against a fixed seed: options from the option table, files by hand.
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

#define KiB 1024ULL
#define MiB (1024ULL * KiB)
#define SEED 0x5eed1234ULL

/* options_defaults, then each "name=value" of the NULL-ended list. */
static void opts(struct job_options *o, ...)
{
	struct opt_src src = { "iogen.ini", 1 };
	const char *kv;
	va_list ap;

	options_defaults(o);
	va_start(ap, o);
	while ((kv = va_arg(ap, const char *))) {
		char name[64];
		const char *eq = strchr(kv, '=');

		assert_non_null(eq);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - kv), kv);
		assert_int_equal(option_set(o, name, eq + 1, &src), 0);
	}
	va_end(ap);
	assert_int_equal(options_check(o, &src), 0);
}

static struct vfile file_at(uint64_t io_offset, uint64_t io_size)
{
	return (struct vfile){ .name = (char *)"f", .fd = -1, .lbs = 512,
			       .io_offset = io_offset, .io_size = io_size,
			       .real_size = io_offset + io_size };
}

static void test_iogen__seq_read(void **state)
{
	struct job_options o;
	struct vfile f = file_at(1 * MiB, 64 * KiB);
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=read", "bs=4k", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, 64 * KiB, SEED), 0);
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t i = 0; i < 16; i++) {
			assert_int_equal(iogen_next(&g, &u), 0);
			assert_ptr_equal(u.file, &f);
			assert_int_equal(u.ddir, DDIR_READ);
			assert_int_equal(u.offset, 1 * MiB + i * 4 * KiB);
			assert_int_equal(u.len, 4 * KiB);
		}
		assert_int_equal(iogen_next(&g, &u), -ENOENT);
		iogen_new_pass(&g);
	}
	iogen_release(&g);
	options_release(&o);
}

/* rw=trim walks the region with write's block size, every I/O a trim. */
static void test_iogen__seq_trim(void **state)
{
	struct job_options o;
	struct vfile f = file_at(0, 64 * KiB);
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=trim", "bs=4k,16k", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, 64 * KiB, SEED), 0);
	for (uint64_t i = 0; i < 4; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_int_equal(u.ddir, DDIR_TRIM);
		assert_int_equal(u.offset, i * 16 * KiB);
		assert_int_equal(u.len, 16 * KiB);
	}
	assert_int_equal(iogen_next(&g, &u), -ENOENT);
	iogen_release(&g);
	options_release(&o);
}

/*
 * randtrimwrite: each trim is followed by the write of the same block; the
 * pair counts once (io_size), and a pass covers every block once.
 */
static void test_iogen__randtrimwrite_pairs(void **state)
{
	struct job_options o;
	struct vfile f = file_at(4 * KiB, 64 * KiB);
	struct iogen g;
	struct io_u t, w;
	uint32_t seen = 0;

	(void)state;
	opts(&o, "rw=randtrimwrite", "bs=4k", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, 64 * KiB, SEED), 0);
	for (int i = 0; i < 16; i++) {
		assert_int_equal(iogen_next(&g, &t), 0);
		assert_int_equal(t.ddir, DDIR_TRIM);
		assert_int_equal(iogen_next(&g, &w), 0);
		assert_int_equal(w.ddir, DDIR_WRITE);
		assert_ptr_equal(w.file, t.file);
		assert_int_equal(w.offset, t.offset);
		assert_int_equal(w.len, t.len);
		seen |= 1u << ((t.offset - 4 * KiB) / (4 * KiB));
	}
	assert_int_equal(seen, 0xffff);
	assert_int_equal(iogen_next(&g, &t), -ENOENT);
	iogen_release(&g);
	options_release(&o);
}

/* Two files are served round-robin, each walked from its start. */
static void test_iogen__seq_write_two_files(void **state)
{
	struct job_options o;
	struct vfile f[2] = { file_at(0, 32 * KiB), file_at(8 * KiB, 32 * KiB) };
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=write", "bs=8k", NULL);
	assert_int_equal(iogen_init(&g, &o, f, 2, 64 * KiB, SEED), 0);
	for (uint64_t i = 0; i < 8; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_ptr_equal(u.file, &f[i % 2]);
		assert_int_equal(u.ddir, DDIR_WRITE);
		assert_int_equal(u.offset, f[i % 2].io_offset + (i / 2) * 8 * KiB);
		assert_int_equal(u.len, 8 * KiB);
	}
	assert_int_equal(iogen_next(&g, &u), -ENOENT);
	iogen_release(&g);
	options_release(&o);
}

/*
 * openfiles=2 of 4: files 0 and 1 round-robin until both had their
 * region, then 2 and 3 (fio serves the open files; the next is opened
 * when one is done); the next pass starts over from file 0.
 */
static void test_iogen__openfiles_window(void **state)
{
	struct job_options o;
	struct vfile f[4] = { file_at(0, 16 * KiB), file_at(0, 16 * KiB),
			      file_at(0, 16 * KiB), file_at(0, 16 * KiB) };
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=write", "bs=4k", "nrfiles=4", "openfiles=2", NULL);
	assert_int_equal(iogen_init(&g, &o, f, 4, 64 * KiB, SEED), 0);
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t i = 0; i < 16; i++) {
			unsigned want = (unsigned)(i / 8 * 2 + i % 2);

			assert_int_equal(iogen_next(&g, &u), 0);
			assert_ptr_equal(u.file, &f[want]);
			assert_int_equal(u.offset, (i % 8) / 2 * 4 * KiB);
		}
		assert_int_equal(iogen_next(&g, &u), -ENOENT);
		iogen_new_pass(&g);
	}
	iogen_release(&g);
	options_release(&o);
}

/* Random with openfiles=1 of 3: one file's blocks all, then the next's. */
static void test_iogen__openfiles_random_one_at_a_time(void **state)
{
	struct job_options o;
	struct vfile f[3] = { file_at(0, 32 * KiB), file_at(0, 32 * KiB), file_at(0, 32 * KiB) };
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=randwrite", "bs=4k", "nrfiles=3", "openfiles=1", NULL);
	assert_int_equal(iogen_init(&g, &o, f, 3, 96 * KiB, SEED), 0);
	for (unsigned i = 0; i < 24; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_ptr_equal(u.file, &f[i / 8]);
	}
	assert_int_equal(iogen_next(&g, &u), -ENOENT);
	iogen_release(&g);
	options_release(&o);
}

/* With the random map, a pass touches every block once, in a random order. */
static void test_iogen__rand_map_covers_each_block_once(void **state)
{
	enum { NB = 256 };
	struct job_options o;
	struct vfile f = file_at(4 * MiB, NB * 4 * KiB);
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=randwrite", "bs=4k", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, NB * 4 * KiB, SEED), 0);
	for (int pass = 0; pass < 2; pass++) {
		unsigned seen[NB] = { 0 }, in_order = 0;

		for (unsigned i = 0; i < NB; i++) {
			uint64_t blk;

			assert_int_equal(iogen_next(&g, &u), 0);
			assert_int_equal(u.len, 4 * KiB);
			assert_true(u.offset >= f.io_offset);
			assert_int_equal((u.offset - f.io_offset) % (4 * KiB), 0);
			blk = (u.offset - f.io_offset) / (4 * KiB);
			assert_true(blk < NB);
			seen[blk]++;
			in_order += blk == i;
		}
		for (unsigned b = 0; b < NB; b++)
			assert_int_equal(seen[b], 1);
		assert_true(in_order < NB / 4);
		assert_int_equal(iogen_next(&g, &u), -ENOENT);
		iogen_new_pass(&g);
	}
	iogen_release(&g);
	options_release(&o);
}

/* The same seed replays the same sequence; another seed does not. */
static void test_iogen__seed_replays(void **state)
{
	struct job_options o;
	struct vfile f1 = file_at(0, 1 * MiB), f2 = file_at(0, 1 * MiB);
	struct vfile f3 = file_at(0, 1 * MiB);
	struct iogen a, b, c;
	struct io_u ua, ub, uc;
	unsigned differ = 0;

	(void)state;
	opts(&o, "rw=randrw", "bs=4k", NULL);
	assert_int_equal(iogen_init(&a, &o, &f1, 1, 1 * MiB, SEED), 0);
	assert_int_equal(iogen_init(&b, &o, &f2, 1, 1 * MiB, SEED), 0);
	assert_int_equal(iogen_init(&c, &o, &f3, 1, 1 * MiB, SEED + 1), 0);
	for (int i = 0; i < 256; i++) {
		assert_int_equal(iogen_next(&a, &ua), 0);
		assert_int_equal(iogen_next(&b, &ub), 0);
		assert_int_equal(iogen_next(&c, &uc), 0);
		assert_int_equal(ua.offset, ub.offset);
		assert_int_equal(ua.ddir, ub.ddir);
		differ += ua.offset != uc.offset;
	}
	assert_true(differ > 128);
	iogen_release(&a);
	iogen_release(&b);
	iogen_release(&c);
	options_release(&o);
}

static void test_iogen__rwmix_proportions(void **state)
{
	enum { N = 20000 };
	struct job_options o;
	struct vfile f = file_at(0, N * 4 * KiB);
	unsigned reads = 0;
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=randrw", "rwmixread=70", "bs=4k", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, N * 4 * KiB, SEED), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		reads += u.ddir == DDIR_READ;
	}
	/* 70% of 20000: 14000, with a binomial sigma of about 65. */
	assert_in_range(reads, 13600, 14400);
	iogen_release(&g);
	options_release(&o);
}

static void test_iogen__bssplit_proportions(void **state)
{
	enum { N = 20000 };
	struct job_options o;
	struct vfile f = file_at(0, 64 * MiB);
	unsigned n4 = 0, n16 = 0, n64 = 0;
	struct iogen g;
	struct io_u u;

	(void)state;
	/* norandommap: the map would shorten an I/O at a touched block. */
	opts(&o, "rw=randwrite", "bssplit=4k/50:16k/30:64k/20", "norandommap=1", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, UINT64_MAX / 2, SEED), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		switch (u.len) {
		case 4 * KiB: n4++; break;
		case 16 * KiB: n16++; break;
		case 64 * KiB: n64++; break;
		default: fail_msg("unexpected length %" PRIu64, (uint64_t)u.len);
		}
	}
	assert_in_range(n4, 9600, 10400);
	assert_in_range(n16, 5600, 6400);
	assert_in_range(n64, 3600, 4400);
	iogen_release(&g);
	options_release(&o);
}

static void test_iogen__bsrange_bounds(void **state)
{
	struct job_options o;
	struct vfile f = file_at(1 * MiB, 16 * MiB);
	uint64_t lo = UINT64_MAX, hi = 0;
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=randread", "bsrange=4k-64k", "norandommap=1", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, UINT64_MAX / 2, SEED), 0);
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_in_range(u.len, 4 * KiB, 64 * KiB);
		assert_int_equal(u.len % (4 * KiB), 0);
		lo = MIN_OF(lo, (uint64_t)u.len);
		hi = MAX_OF(hi, (uint64_t)u.len);
	}
	assert_int_equal(lo, 4 * KiB);
	/*
	 * Drawn from [4k, 64k] and rounded down to 4k: 64k itself comes
	 * only from a draw of exactly 65536, so the top seen is 60k.
	 */
	assert_true(hi >= 60 * KiB);
	iogen_release(&g);
	options_release(&o);
}

/* Without a map, every I/O is aligned and inside the region. */
static void test_iogen__norandommap_in_range(void **state)
{
	struct job_options o;
	struct vfile f = file_at(512 * KiB, 1 * MiB + 8 * KiB);
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=randwrite", "bs=16k", "norandommap=1", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, UINT64_MAX / 2, SEED), 0);
	assert_null(f.map);
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_int_equal(u.len, 16 * KiB);
		assert_true(u.offset >= f.io_offset);
		assert_true(u.offset + u.len <= f.io_offset + f.io_size);
		assert_int_equal((u.offset - f.io_offset) % (16 * KiB), 0);
	}
	iogen_release(&g);
	options_release(&o);
}

/* rw=write:8k leaves an 8k hole after each I/O, wrapping at the end. */
static void test_iogen__rw_seq_add_holes(void **state)
{
	struct job_options o;
	struct vfile f = file_at(0, 48 * KiB);
	static const uint64_t want[] = { 0, 12, 24, 36, 0, 12 };
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=write:8k", "bs=4k", NULL);
	assert_int_equal(o.rw_seq_add, 8 * KiB);
	assert_int_equal(iogen_init(&g, &o, &f, 1, ARRAY_SIZE(want) * 4 * KiB, SEED), 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_int_equal(u.offset, want[i] * KiB);
		assert_int_equal(u.len, 4 * KiB);
	}
	assert_int_equal(iogen_next(&g, &u), -ENOENT);
	iogen_release(&g);
	options_release(&o);
}

/* zonemode=strided: fio 3.33's walk (two 4k blocks per zone, 16k skipped). */
static void test_iogen__strided_seq(void **state)
{
	static const uint64_t want[] = { 0, 4, 32, 36, 0, 4, 32, 36 };
	struct job_options o;
	struct vfile f = file_at(1 * MiB, 64 * KiB);
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=read", "bs=4k", "zonemode=strided", "zonesize=8k", "zonerange=16k",
	     "zoneskip=16k", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, 32 * KiB, SEED), 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_int_equal(u.offset, 1 * MiB + want[i] * KiB);
	}
	assert_int_equal(iogen_next(&g, &u), -ENOENT);
	iogen_release(&g);
	options_release(&o);
}

/* strided random with the map: each zone's four blocks, once each, in turn. */
static void test_iogen__strided_random_map(void **state)
{
	struct job_options o;
	struct vfile f = file_at(0, 64 * KiB);
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=randread", "bs=4k", "zonemode=strided", "zonesize=16k", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, 128 * KiB, SEED), 0);
	for (unsigned n = 0; n < 8; n++) {
		unsigned seen = 0;

		for (unsigned i = 0; i < 4; i++) {
			assert_int_equal(iogen_next(&g, &u), 0);
			assert_int_equal(u.offset / (16 * KiB), n % 4);
			seen |= 1u << (u.offset % (16 * KiB) / (4 * KiB));
		}
		assert_int_equal(seen, 0xf);
	}
	iogen_release(&g);
	options_release(&o);
}

/* A skewed distribution has no map (fio: norandommap): blocks repeat. */
static void test_iogen__zipf_repeats(void **state)
{
	struct job_options o;
	struct vfile f = file_at(0, 64 * KiB);
	unsigned hits[16] = { 0 }, most = 0;
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=randwrite", "bs=4k", "random_distribution=zipf:1.2", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, 1 * MiB, SEED), 0);
	assert_null(f.map);
	for (unsigned i = 0; i < 256; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_true(u.offset % (4 * KiB) == 0 && u.offset < 64 * KiB);
		hits[u.offset / (4 * KiB)]++;
	}
	assert_int_equal(iogen_next(&g, &u), -ENOENT);
	for (unsigned b = 0; b < 16; b++)
		most = hits[b] > most ? hits[b] : most;
	assert_true(most > 256 / 4);
	iogen_release(&g);
	options_release(&o);
}

/* percentage_random=0 makes a random job sequential; sequence:2,0,1 strided. */
static void test_iogen__seq_mix_and_sequence(void **state)
{
	static const uint64_t want[] = { 2, 0, 1, 5, 3, 4, 8, 6, 7, 11, 9, 10 };
	struct job_options o;
	struct vfile f = file_at(0, 48 * KiB);
	struct iogen g;
	struct io_u u;

	(void)state;
	opts(&o, "rw=randread", "bs=4k", "percentage_random=0", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, 48 * KiB, SEED), 0);
	for (uint64_t i = 0; i < 12; i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_int_equal(u.offset, i * 4 * KiB);
	}
	iogen_release(&g);
	options_release(&o);

	opts(&o, "rw=randread", "bs=4k", "random_distribution=sequence:2,0,1",
	     "random_sequence_stride=1", NULL);
	assert_int_equal(iogen_init(&g, &o, &f, 1, 1 * MiB, SEED), 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(iogen_next(&g, &u), 0);
		assert_int_equal(u.offset, want[i] * 4 * KiB);
	}
	assert_int_equal(iogen_next(&g, &u), -ENOENT);
	iogen_release(&g);
	options_release(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iogen__seq_read),
		cmocka_unit_test(test_iogen__seq_write_two_files),
		cmocka_unit_test(test_iogen__openfiles_window),
		cmocka_unit_test(test_iogen__openfiles_random_one_at_a_time),
		cmocka_unit_test(test_iogen__rand_map_covers_each_block_once),
		cmocka_unit_test(test_iogen__seed_replays),
		cmocka_unit_test(test_iogen__rwmix_proportions),
		cmocka_unit_test(test_iogen__bssplit_proportions),
		cmocka_unit_test(test_iogen__bsrange_bounds),
		cmocka_unit_test(test_iogen__norandommap_in_range),
		cmocka_unit_test(test_iogen__rw_seq_add_holes),
		cmocka_unit_test(test_iogen__strided_seq),
		cmocka_unit_test(test_iogen__strided_random_map),
		cmocka_unit_test(test_iogen__zipf_repeats),
		cmocka_unit_test(test_iogen__seq_mix_and_sequence),
		cmocka_unit_test(test_iogen__seq_trim),
		cmocka_unit_test(test_iogen__randtrimwrite_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
