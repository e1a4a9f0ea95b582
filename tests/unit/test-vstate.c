/*
 * test-vstate.c - unit tests for src/verify/state.c (the saved verify state).
 */
#include "compat.h"

#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test-util.h"

#include "csum.h"
#include "verify/genmap.h"
#include "verify/state.h"

/* The scratch directory of this run (group setup / teardown). */
static char tdir[PATH_MAX];

/* ---- helpers ----------------------------------------------------------- */

static uint64_t rng_next(uint64_t *x)
{
	/* xorshift64*: enough to scatter test data */
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545F4914F6CDD1DULL;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

static void tpath(char *buf, size_t cap, const char *name)
{
	int n = snprintf(buf, cap, "%s/%s", tdir, name);

	assert_true(n > 0 && (size_t)n < cap);
}

/*
 * A heap-owned state of nr files, file i having units[i] units; fill
 * chooses each entry: 0 = all unwritten, 1 = random small generations
 * with some holes, 2 = random 16-bit noise.
 */
static void make_state(struct vstate *s, unsigned nr, const uint64_t *units,
		       int fill, uint64_t seed)
{
	unsigned i;
	uint64_t u, x = seed | 1;

	memset(s, 0, sizeof(*s));
	s->seq = 17;
	s->flags = VSTATE_F_CLEAN;
	s->save_ms = 1700000000123ULL;
	s->run_id = 0x0123456789abcdefULL;
	s->seed = seed;
	s->rand_seed = 0xfeedULL;
	s->nr_runs = 2;
	s->runs = calloc(2, sizeof(*s->runs));
	assert_non_null(s->runs);
	s->runs[0] = (struct vstate_run){ 0x1111, 5, 1600000000000ULL, 1, 1 };
	s->runs[1] = (struct vstate_run){ 0x0123456789abcdefULL, seed,
					  1700000000000ULL, 2, 9 };
	s->job_name = xstrdup("write-phase");
	s->job_index = 3;
	s->clone = 2;
	s->algo = CSUM_CRC32C;
	s->unit_len = 4096;
	s->sector_size = 512;
	s->hdr_off = 1024;
	s->nr_files = nr;
	s->files = calloc(nr ? nr : 1, sizeof(*s->files));
	assert_non_null(s->files);
	for (i = 0; i < nr; i++) {
		struct vstate_file *f = &s->files[i];
		char name[64];

		snprintf(name, sizeof(name), "/dev/target%u", i);
		f->name = xstrdup(name);
		snprintf(name, sizeof(name), "/real/target%u", i);
		f->realpath = xstrdup(name);
		f->kind = VSTATE_KIND_FILE;
		f->dev = makedev(8, 1);
		f->ino = 1000 + i;
		f->target_size = 8ULL << 30;
		f->offset = (uint64_t)i << 30;
		f->size = units[i] * s->unit_len;
		f->nunits = units[i];
		f->map = genmap_new(units[i]);
		assert_non_null(f->map);
		for (u = 0; fill && u < units[i]; u++) {
			uint64_t r = rng_next(&x);

			if (fill == 2)
				genmap_set(f->map, u, (uint16_t)r);
			else if (r % 4)
				genmap_set(f->map, u, (uint16_t)(1 + r % 9));
		}
	}
}

static void assert_state_equal(const struct vstate *a, const struct vstate *b)
{
	unsigned i;

	assert_true(a->seq == b->seq);
	assert_int_equal(a->flags, b->flags);
	assert_true(a->save_ms == b->save_ms);
	assert_true(a->run_id == b->run_id);
	assert_true(a->seed == b->seed);
	assert_true(a->rand_seed == b->rand_seed);
	assert_int_equal(a->nr_runs, b->nr_runs);
	for (i = 0; i < a->nr_runs; i++) {
		assert_true(a->runs[i].run_id == b->runs[i].run_id);
		assert_true(a->runs[i].seed == b->runs[i].seed);
		assert_true(a->runs[i].start_ms == b->runs[i].start_ms);
		assert_int_equal(a->runs[i].first_gen, b->runs[i].first_gen);
		assert_int_equal(a->runs[i].last_gen, b->runs[i].last_gen);
	}
	assert_string_equal(a->job_name, b->job_name);
	assert_int_equal(a->job_index, b->job_index);
	assert_int_equal(a->clone, b->clone);
	assert_int_equal(a->algo, b->algo);
	assert_int_equal(a->unit_len, b->unit_len);
	assert_int_equal(a->sector_size, b->sector_size);
	assert_int_equal(a->hdr_off, b->hdr_off);
	assert_int_equal(a->nr_files, b->nr_files);
	for (i = 0; i < a->nr_files; i++) {
		const struct vstate_file *f = &a->files[i], *g = &b->files[i];

		assert_string_equal(f->name, g->name);
		assert_string_equal(f->realpath, g->realpath);
		assert_int_equal(f->kind, g->kind);
		assert_true(f->dev == g->dev && f->ino == g->ino && f->rdev == g->rdev);
		assert_true(f->target_size == g->target_size);
		assert_true(f->offset == g->offset);
		assert_true(f->size == g->size);
		assert_true(f->nunits == g->nunits);
		assert_true(genmap_nunits(g->map) == f->nunits);
		if (f->nunits)
			assert_memory_equal(genmap_data_const(f->map),
					    genmap_data_const(g->map),
					    (size_t)f->nunits * 2);
	}
}

static uint8_t *slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, f), st.st_size);
	fclose(f);
	*len = (size_t)st.st_size;
	return buf;
}

static void spit(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Seal an edited image: recompute its trailing crc32c. */
static void reseal(uint8_t *buf, size_t len)
{
	put_le32(buf + len - 4, csum_crc32c(buf, len - 4));
}

static void assert_no_tmp_left(void)
{
	DIR *d = opendir(tdir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		assert_false(n > 4 && !strcmp(e->d_name + n - 4, ".tmp"));
	}
	closedir(d);
}

/* A small saved state, loaded back into memory as bytes. */
static uint8_t *small_image(const char *path, size_t *len)
{
	static const uint64_t units[] = { 100, 37 };
	struct vstate s;

	make_state(&s, 2, units, 1, 99);
	assert_int_equal(vstate_save(path, &s), 0);
	vstate_release(&s);
	return slurp(path, len);
}

/* ---- tests ------------------------------------------------------------- */

static void test_vstate__round_trip(void **state)
{
	static const uint64_t units[] = { 5000, 1, 0, 77777 };
	struct vstate s, l;
	char path[PATH_MAX];
	int fill;

	(void)state;
	tpath(path, sizeof(path), "rt.verio-state");
	for (fill = 0; fill <= 2; fill++) {
		make_state(&s, 4, units, fill, 1234 + (uint64_t)fill);
		assert_int_equal(vstate_save(path, &s), 0);
		assert_int_equal(vstate_load(path, &l), 0);
		assert_state_equal(&s, &l);
		assert_int_equal(vstate_match(&l, &s, NULL, 0), 0);
		vstate_release(&l);
		vstate_release(&s);
	}
	/* a job with no files at all */
	make_state(&s, 0, units, 0, 1);
	assert_int_equal(vstate_save(path, &s), 0);
	assert_int_equal(vstate_load(path, &l), 0);
	assert_state_equal(&s, &l);
	vstate_release(&l);
	vstate_release(&s);
	assert_null(s.job_name);
	vstate_release(NULL);
	unlink(path);
}

static void test_vstate__sparse_map_compresses(void **state)
{
	static const uint64_t units[] = { 1u << 22, 1u << 20 };
	struct vstate s, l;
	char path[PATH_MAX];
	struct stat st;
	uint64_t u, x = 7;

	(void)state;
#ifndef CONFIG_ZLIB
	skip();
#endif
	tpath(path, sizeof(path), "sparse.verio-state");
	make_state(&s, 2, units, 0, 5);
	/* file 0: a few hundred scattered writes in 4M units */
	for (u = 0; u < 300; u++) {
		uint64_t unit = rng_next(&x) % units[0];

		genmap_set(s.files[0].map, unit, genmap_next(s.files[0].map, unit));
	}
	/* file 1: sequential passes, the second stopped half way */
	for (u = 0; u < units[1]; u++)
		genmap_set(s.files[1].map, u, u < units[1] / 2 ? 2 : 1);
	assert_int_equal(vstate_save(path, &s), 0);
	assert_int_equal(stat(path, &st), 0);
	print_message("sparse: %" PRIu64 " units in %lld bytes\n",
		      units[0] + units[1], (long long)st.st_size);
	/* 10 MiB of raw entries; deflate cannot beat ~1000:1 */
	assert_true((uint64_t)st.st_size < (units[0] + units[1]) * 2 / 200);
	assert_int_equal(vstate_load(path, &l), 0);
	assert_state_equal(&s, &l);
	assert_true(genmap_nr_written(l.files[1].map) == units[1]);
	vstate_release(&l);
	vstate_release(&s);
	unlink(path);
}

/* A map of noise does not compress: it is stored raw, and still loads. */
static void test_vstate__noise_stored_raw(void **state)
{
	static const uint64_t units[] = { 20000 };
	const size_t rec = 96 + strlen("write-phase") + 2 * 32;
	char path[PATH_MAX];
	struct vstate s, l;
	uint8_t *img;
	size_t len;

	(void)state;
	tpath(path, sizeof(path), "noise.verio-state");
	make_state(&s, 1, units, 2, 77);
	assert_int_equal(vstate_save(path, &s), 0);
	img = slurp(path, &len);
	assert_int_equal(img[rec + 76], 0);
	assert_int_equal(get_le(img + rec + 32, 8), units[0] * 2);
	assert_int_equal(len, rec + 80 + strlen("/dev/target0") +
			 strlen("/real/target0") + units[0] * 2 + 4);
	/* entries are little-endian on disk */
	assert_int_equal(get_le(img + len - 4 - 2, 2),
			 genmap_get(s.files[0].map, units[0] - 1));
	assert_int_equal(vstate_load(path, &l), 0);
	assert_state_equal(&s, &l);
	vstate_release(&l);
	vstate_release(&s);
	free(img);
	unlink(path);
}

static void test_vstate__atomic_write(void **state)
{
	static const uint64_t units[] = { 300 };
	struct vstate s, l;
	char path[PATH_MAX];

	(void)state;
	tpath(path, sizeof(path), "atomic.verio-state");
	make_state(&s, 1, units, 1, 11);
	assert_int_equal(vstate_save(path, &s), 0);
	assert_no_tmp_left();
	/* overwriting replaces the whole file */
	s.seed = 42;
	genmap_set(s.files[0].map, 0, 9);
	assert_int_equal(vstate_save(path, &s), 0);
	assert_no_tmp_left();
	assert_int_equal(vstate_load(path, &l), 0);
	assert_state_equal(&s, &l);
	vstate_release(&l);
	unlink(path);
	/* a missing directory fails cleanly */
	tpath(path, sizeof(path), "no/such/dir/x.verio-state");
	assert_int_equal(vstate_save(path, &s), -ENOENT);
	assert_no_tmp_left();
	/* a state that cannot be saved is refused before any file exists */
	tpath(path, sizeof(path), "bad.verio-state");
	s.files[0].nunits++;
	assert_int_equal(vstate_save(path, &s), -EINVAL);
	s.files[0].nunits--;
	assert_int_equal(vstate_load(path, &l), -ENOENT);
	assert_null(l.job_name);
	assert_int_equal(vstate_save(NULL, &s), -EINVAL);
	assert_int_equal(vstate_save(path, NULL), -EINVAL);
	vstate_release(&s);
}

/* Every single-byte change is caught: as damage or as not-a-state-file. */
static void test_vstate__corrupt_any_byte(void **state)
{
	char path[PATH_MAX], bad[PATH_MAX];
	struct vstate l;
	size_t len, i;
	uint8_t *img;
	int ret;

	(void)state;
	tpath(path, sizeof(path), "corrupt.verio-state");
	tpath(bad, sizeof(bad), "corrupt-edit.verio-state");
	img = small_image(path, &len);
	for (i = 0; i < len; i++) {
		uint8_t old = img[i];

		img[i] ^= (uint8_t)(1u << (i % 8));
		spit(bad, img, len);
		ret = vstate_load(bad, &l);
		if (ret != -EILSEQ && ret != -EBADMSG)
			fail_msg("byte %zu flipped: got %d", i, ret);
		assert_null(l.job_name);
		assert_null(l.files);
		img[i] = old;
	}
	spit(bad, img, len);
	assert_int_equal(vstate_load(bad, &l), 0);
	vstate_release(&l);
	free(img);
	unlink(bad);
	unlink(path);
}

static void test_vstate__truncated_or_extended(void **state)
{
	char path[PATH_MAX], bad[PATH_MAX];
	static const uint8_t junk[8] = { 1, 2, 3 };
	size_t len, cut[6], i;
	struct vstate l;
	uint8_t *img, *big;

	(void)state;
	tpath(path, sizeof(path), "trunc.verio-state");
	tpath(bad, sizeof(bad), "trunc-edit.verio-state");
	img = small_image(path, &len);
	cut[0] = 0;
	cut[1] = 7;
	cut[2] = 27;
	cut[3] = 96;
	cut[4] = len / 2;
	cut[5] = len - 1;
	for (i = 0; i < ARRAY_SIZE(cut); i++) {
		spit(bad, img, cut[i]);
		assert_int_equal(vstate_load(bad, &l), -EBADMSG);
	}
	/* bytes appended after the checksum */
	big = malloc(len + sizeof(junk));
	assert_non_null(big);
	memcpy(big, img, len);
	memcpy(big + len, junk, sizeof(junk));
	spit(bad, big, len + sizeof(junk));
	assert_int_equal(vstate_load(bad, &l), -EBADMSG);
	/* not a state file at all */
	spit(bad, (const uint8_t *)"[global]\nrw=write\n", 18);
	assert_int_equal(vstate_load(bad, &l), -EBADMSG);
	tpath(bad, sizeof(bad), "missing.verio-state");
	assert_int_equal(vstate_load(bad, &l), -ENOENT);
	free(big);
	free(img);
	tpath(bad, sizeof(bad), "trunc-edit.verio-state");
	unlink(bad);
	unlink(path);
}

/* A sealed file from a newer verio: refused as such, not as damage. */
static void test_vstate__unknown_version_or_flag(void **state)
{
	char path[PATH_MAX];
	struct vstate l;
	uint8_t *img;
	size_t len;

	(void)state;
	tpath(path, sizeof(path), "version.verio-state");
	img = small_image(path, &len);
	put_le32(img + 8, 3);
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EPROTO);
	/* version 1 (no target identity) is refused as older, with a hint */
	put_le32(img + 8, 1);
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EPROTONOSUPPORT);
	assert_non_null(strstr(vstate_load_error(-EPROTONOSUPPORT), "older verio"));
	put_le32(img + 8, 0);
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EPROTO);
	put_le32(img + 8, VSTATE_VERSION);
	put_le32(img + 12, 1u << 5);		/* a flag nobody defined */
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EPROTO);
	assert_null(l.job_name);
	free(img);
	unlink(path);
}

/*
 * The bytes sit where docs/format.md says, and a sealed file whose
 * fields disagree with each other is refused.
 */
static void test_vstate__documented_layout(void **state)
{
	char path[PATH_MAX];
	const size_t name_len = strlen("write-phase");
	size_t len, rec, runs;
	struct vstate l;
	uint8_t *img;

	(void)state;
	tpath(path, sizeof(path), "layout.verio-state");
	img = small_image(path, &len);
	assert_memory_equal(img, "VRIOSTAT", 8);
	assert_int_equal(get_le(img + 8, 4), 2);
	assert_int_equal(get_le(img + 12, 4), VSTATE_F_CLEAN);
	assert_true(get_le(img + 16, 8) == len);
	assert_int_equal(get_le(img + 24, 8), 17);			/* seq */
	assert_true(get_le(img + 32, 8) == 0x0123456789abcdefULL);
	assert_int_equal(get_le(img + 40, 8), 99);
	assert_int_equal(get_le(img + 48, 8), 0xfeed);
	assert_true(get_le(img + 56, 8) == 1700000000123ULL);
	assert_int_equal(get_le(img + 64, 4), 3);
	assert_int_equal(get_le(img + 68, 4), 2);
	assert_int_equal(get_le(img + 72, 4), 4096);
	assert_int_equal(get_le(img + 76, 4), 512);
	assert_int_equal(get_le(img + 80, 4), 1024);
	assert_int_equal(get_le(img + 84, 2), name_len);
	assert_int_equal(img[86], CSUM_CRC32C);
	assert_int_equal(get_le(img + 88, 4), 2);
	assert_int_equal(get_le(img + 92, 4), 2);			/* runs */
	assert_memory_equal(img + 96, "write-phase", name_len);
	runs = 96 + name_len;
	assert_int_equal(get_le(img + runs, 8), 0x1111);
	assert_int_equal(get_le(img + runs + 8, 8), 5);
	assert_true(get_le(img + runs + 16, 8) == 1600000000000ULL);
	assert_int_equal(get_le(img + runs + 32 + 24, 2), 2);
	assert_int_equal(get_le(img + runs + 32 + 26, 2), 9);
	rec = runs + 2 * 32;
	assert_int_equal(get_le(img + rec + 0, 8), 0);		/* offset */
	assert_int_equal(get_le(img + rec + 8, 8), 100 * 4096);	/* size */
	assert_int_equal(get_le(img + rec + 16, 8), 100);	/* units */
	assert_true(get_le(img + rec + 40, 8) == makedev(8, 1));
	assert_int_equal(get_le(img + rec + 48, 8), 1000);
	assert_int_equal(get_le(img + rec + 56, 8), 0);
	assert_true(get_le(img + rec + 64, 8) == 8ULL << 30);
	assert_int_equal(get_le(img + rec + 72, 2), strlen("/dev/target0"));
	assert_int_equal(get_le(img + rec + 74, 2), strlen("/real/target0"));
	assert_int_equal(img[rec + 77], VSTATE_KIND_FILE);
	assert_memory_equal(img + rec + 80, "/dev/target0", 12);
	assert_memory_equal(img + rec + 92, "/real/target0", 13);
#ifdef CONFIG_ZLIB
	assert_int_equal(img[rec + 76], 1);			/* zlib */
	assert_true(get_le(img + rec + 32, 8) < 100 * 2);
#else
	assert_int_equal(img[rec + 76], 0);			/* raw */
	assert_int_equal(get_le(img + rec + 32, 8), 100 * 2);
#endif
	assert_true(get_le(img + len - 4, 4) == csum_crc32c(img, len - 4));
	/* "units written" that the map does not bear out */
	img[rec + 24] ^= 1;
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EBADMSG);
	img[rec + 24] ^= 1;
	/* an unknown map encoding */
	img[rec + 76] = 9;
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EBADMSG);
	free(img);
	unlink(path);
}

struct match_case {
	const char *what;	/* expected at the start of the reason */
	void (*edit)(struct vstate *w);
};

static void edit_name(struct vstate *w) { w->job_name[0] = 'X'; }
static void edit_clone(struct vstate *w) { w->clone++; }
static void edit_algo(struct vstate *w) { w->algo = CSUM_MD5; }
static void edit_unit(struct vstate *w) { w->unit_len *= 2; }
static void edit_sector(struct vstate *w) { w->sector_size = 4096; }
static void edit_hdr_off(struct vstate *w) { w->hdr_off = 0; }
static void edit_nr_files(struct vstate *w) { w->nr_files--; }
static void edit_ino(struct vstate *w) { w->files[1].ino++; }
static void edit_dev(struct vstate *w) { w->files[0].dev = makedev(8, 2); }
static void edit_kind(struct vstate *w) { w->files[0].kind = VSTATE_KIND_BLOCK; }
static void edit_other_name(struct vstate *w)
{
	w->files[1].kind = VSTATE_KIND_OTHER;
	w->files[1].name[1] = 'X';
}
static void edit_offset(struct vstate *w) { w->files[1].offset += 4096; }
static void edit_size(struct vstate *w) { w->files[0].size -= 4096; }
static void edit_nunits(struct vstate *w) { w->files[0].nunits--; }

static void test_vstate__match_names_each_field(void **state)
{
	static const struct match_case cases[] = {
		{ "job name: saved 'write-phase', wanted 'Xrite-phase'", edit_name },
		{ "clone: saved 2, wanted 3", edit_clone },
		{ "algorithm: saved crc32c (1), wanted md5 (9)", edit_algo },
		{ "unit length: saved 4096, wanted 8192", edit_unit },
		{ "sector size: saved 512, wanted 4096", edit_sector },
		{ "verify_offset: saved 1024, wanted 0", edit_hdr_off },
		{ "number of files: saved 2, wanted 1", edit_nr_files },
		{ "file '/dev/target1' is another file (device 8:1 inode 1002) than the saved "
		  "'/dev/target1' (device 8:1 inode 1001)", edit_ino },
		{ "file '/dev/target0' is another file (device 8:2 inode 1000) than the saved "
		  "'/dev/target0' (device 8:1 inode 1000)", edit_dev },
		{ "file '/dev/target0' is a block device, the saved '/dev/target0' was a "
		  "regular file", edit_kind },
		{ "file name: saved '/dev/target1', wanted '/Xev/target1'", edit_other_name },
		{ "file '/dev/target1' region offset: saved 1073741824, wanted 1073745920",
		  edit_offset },
		{ "file '/dev/target0' region size: saved 409600, wanted 405504", edit_size },
		{ "file '/dev/target0' number of units: saved 100, wanted 99", edit_nunits },
	};
	static const uint64_t units[] = { 100, 37 };
	struct vstate s, w;
	char why[512], tiny[8];
	size_t i;

	(void)state;
	make_state(&s, 2, units, 1, 99);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		make_state(&w, 2, units, 0, 5);
		memcpy(why, "junk", 5);
		assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), 0);
		assert_string_equal(why, "");
		cases[i].edit(&w);
		assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), -EINVAL);
		assert_string_equal(why, cases[i].what);
		/* a short buffer still gets a terminated start of it */
		assert_int_equal(vstate_match(&s, &w, tiny, sizeof(tiny)), -EINVAL);
		assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
		assert_int_equal(vstate_match(&s, &w, NULL, 0), -EINVAL);
		if (cases[i].edit == edit_nr_files)
			w.nr_files++;
		vstate_release(&w);
	}
	/* run id, seed, job index and maps are what is loaded, not compared */
	make_state(&w, 2, units, 2, 6);
	w.run_id = 1;
	w.seed = 2;
	w.job_index = 0;
	assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), 0);
	/* the same file by another name (a symlink, ../x): accepted; a file
	 * that grew (another job extended it) or was cut short (data lost:
	 * for the verify run to find): accepted */
	w.files[0].name[1] = 'X';
	w.files[0].target_size *= 2;
	assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), 0);
	w.files[0].target_size = 4096;
	assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), 0);
	vstate_release(&w);
	/* a block device: the device number and its exact size */
	make_state(&w, 2, units, 0, 6);
	s.files[0].kind = w.files[0].kind = VSTATE_KIND_BLOCK;
	s.files[0].rdev = w.files[0].rdev = makedev(7, 3);
	assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), 0);
	w.files[0].rdev = makedev(7, 4);
	assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "file '/dev/target0' is another device (7:4) than the "
			    "saved '/dev/target0' (7:3)");
	w.files[0].rdev = makedev(7, 3);
	w.files[0].target_size += 512;
	assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "device '/dev/target0' size: saved 8589934592, now "
			    "8589935104");
	vstate_release(&w);
	vstate_release(&s);
}

struct path_case {
	const char *aux;
	const char *job;
	unsigned clone;
	const char *want;
};

static void test_vstate__path(void **state)
{
	static const struct path_case cases[] = {
		{ NULL, "write", 0, "write.0.verio-state" },
		{ "", "write", 3, "write.3.verio-state" },
		{ "/var/tmp", "job", 1, "/var/tmp/job.1.verio-state" },
		{ "/var/tmp/", "job", 1, "/var/tmp/job.1.verio-state" },
		{ "/", "job", 0, "/job.0.verio-state" },
		{ "st", "a.B-c_9", 12, "st/a.B-c_9.12.verio-state" },
		{ NULL, "my job/1", 0, "my_job_1.0.verio-state" },
		{ NULL, "../../etc/passwd", 0, ".._.._etc_passwd.0.verio-state" },
		{ NULL, "r\xc3\xa9sum\xc3\xa9:*?", 4294967295u,
		  "r__sum_____.4294967295.verio-state" },
	};
	char buf[PATH_MAX];
	size_t i, need;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct path_case *c = &cases[i];

		assert_int_equal(vstate_path(buf, sizeof(buf), c->aux, c->job,
					     c->clone), 0);
		assert_string_equal(buf, c->want);
		/* exactly enough room, and one byte less */
		need = strlen(c->want) + 1;
		assert_int_equal(vstate_path(buf, need, c->aux, c->job, c->clone), 0);
		assert_string_equal(buf, c->want);
		assert_int_equal(vstate_path(buf, need - 1, c->aux, c->job,
					     c->clone), -ENAMETOOLONG);
		assert_string_equal(buf, "");
	}
	assert_int_equal(vstate_path(buf, sizeof(buf), NULL, NULL, 0), -EINVAL);
	assert_int_equal(vstate_path(buf, sizeof(buf), NULL, "", 0), -EINVAL);
	assert_int_equal(vstate_path(NULL, 10, NULL, "a", 0), -EINVAL);
	assert_int_equal(vstate_path(buf, 0, NULL, "a", 0), -EINVAL);
	assert_int_equal(vstate_path(buf, 3, "/a/b/c", "a", 0), -ENAMETOOLONG);
	assert_string_equal(buf, "");
}

/* The runs table answers which run gave a generation. */
static void test_vstate__runs_and_max_gen(void **state)
{
	static const uint64_t units[] = { 10, 10 };
	struct vstate s;

	(void)state;
	make_state(&s, 2, units, 0, 1);
	assert_int_equal(vstate_max_gen(&s), 0);
	genmap_set(s.files[1].map, 3, 7);
	genmap_set(s.files[0].map, 9, 2);
	assert_int_equal(vstate_max_gen(&s), 7);
	assert_int_equal(vstate_find_run(&s, 1), 0);
	assert_int_equal(vstate_find_run(&s, 2), 1);
	assert_int_equal(vstate_find_run(&s, 9), 1);
	assert_int_equal(vstate_find_run(&s, 10), -1);
	assert_int_equal(vstate_find_run(&s, 0), -1);
	vstate_release(&s);
}

/* A runs table entry that makes no sense is refused, sealed or not. */
static void test_vstate__bad_runs_refused(void **state)
{
	char path[PATH_MAX];
	struct vstate l;
	size_t len, runs = 96 + strlen("write-phase");
	uint8_t *img;

	(void)state;
	tpath(path, sizeof(path), "runs.verio-state");
	img = small_image(path, &len);
	/* first generation above the last */
	img[runs + 32 + 24] = 10;
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EBADMSG);
	img[runs + 32 + 24] = 2;
	/* more runs than the file holds */
	put_le32(img + 92, 1000);
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EBADMSG);
	assert_null(l.runs);
	free(img);
	unlink(path);
}

/*
 * A stampless or fio layout is saved in the layout block (flag 2, eight
 * bytes after the job name), read back, and bound: another layout or
 * interval does not match; a bad block is refused.
 */
static void test_vstate__layout_block(void **state)
{
	static const uint64_t units[] = { 12 };
	char path[PATH_MAX], why[200];
	struct vstate s, l, w;
	size_t len, blk = 96 + strlen("write-phase");
	uint8_t *img;

	(void)state;
	tpath(path, sizeof(path), "layout.verio-state");
	make_state(&s, 1, units, 1, 5);
	s.layout = 2;
	s.fio_layout = 2;
	s.piece_len = 2222;
	assert_int_equal(vstate_save(path, &s), 0);
	img = slurp(path, &len);
	assert_int_equal(get_le(img + 12, 4), VSTATE_F_CLEAN | VSTATE_F_LAYOUT);
	assert_int_equal(img[blk], 2);
	assert_int_equal(img[blk + 1], 2);
	assert_int_equal(get_le(img + blk + 2, 2), 0);
	assert_int_equal(get_le(img + blk + 4, 4), 2222);
	assert_int_equal(vstate_load(path, &l), 0);
	assert_int_equal(l.layout, 2);
	assert_int_equal(l.fio_layout, 2);
	assert_int_equal(l.piece_len, 2222);
	assert_int_equal(vstate_match(&l, &s, why, sizeof(why)), 0);
	vstate_release(&l);
	w = s;
	w.piece_len = 3791;
	assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "verify_interval"));
	w = s;
	w.layout = 0;
	w.fio_layout = 0;
	w.piece_len = 0;
	assert_int_equal(vstate_match(&s, &w, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "unit layout: saved fio (fio >= 3.41 headers), wanted native"));
	/* a layout this reader does not know, reserved bytes set */
	img[blk] = 7;
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EBADMSG);
	img[blk] = 2;
	img[blk + 2] = 1;
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EBADMSG);
	/* a native state has no block and no flag */
	s.layout = 0;
	s.fio_layout = 0;
	s.piece_len = 0;
	assert_int_equal(vstate_save(path, &s), 0);
	free(img);
	img = slurp(path, &len);
	assert_int_equal(get_le(img + 12, 4), VSTATE_F_CLEAN);
	free(img);
	vstate_release(&s);
	unlink(path);
}

/*
 * Trimmed units survive a save and a load (flag TRIM, a block after each
 * map); a state without trims has neither; a job that trims may ask for
 * the block with none trimmed; a block whose count or padding disagrees
 * with its bits is refused.
 */
static void test_vstate__trimmed_units(void **state)
{
	static const uint64_t units[] = { 100, 37 };
	static const uint64_t trimmed0[] = { 0, 7, 8, 63, 99 };
	char path[PATH_MAX];
	struct vstate s, l;
	size_t len;
	uint8_t *img;

	(void)state;
	tpath(path, sizeof(path), "trim.verio-state");
	make_state(&s, 2, units, 1, 7);
	for (size_t i = 0; i < ARRAY_SIZE(trimmed0); i++)
		genmap_trim(s.files[0].map, trimmed0[i]);
	genmap_trim(s.files[1].map, 36);
	assert_int_equal(vstate_save(path, &s), 0);
	img = slurp(path, &len);
	assert_int_equal(get_le(img + 12, 4), VSTATE_F_CLEAN | VSTATE_F_TRIM);
	/* file 1's block ends the file: count, length, 5 bytes of bits, crc */
	assert_int_equal(get_le(img + len - 4 - 5 - 16, 8), 1);
	assert_int_equal(get_le(img + len - 4 - 5 - 8, 8), 5);
	assert_int_equal(img[len - 4 - 1], 1u << 4);
	assert_int_equal(vstate_load(path, &l), 0);
	assert_true(l.flags & VSTATE_F_TRIM);	/* set by the save itself */
	s.flags |= VSTATE_F_TRIM;
	assert_state_equal(&s, &l);
	s.flags &= ~(uint32_t)VSTATE_F_TRIM;
	for (unsigned f = 0; f < 2; f++) {
		assert_int_equal(genmap_nr_trimmed(l.files[f].map),
				 genmap_nr_trimmed(s.files[f].map));
		for (uint64_t u = 0; u < units[f]; u++)
			assert_int_equal(genmap_trimmed(l.files[f].map, u),
					 genmap_trimmed(s.files[f].map, u));
	}
	vstate_release(&l);

	/* a pad bit past the last unit, or a count that disagrees: refused */
	img[len - 4 - 1] |= 1u << 6;
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EBADMSG);
	img[len - 4 - 1] = 1u << 4;
	img[len - 4 - 5 - 16] = 2;
	reseal(img, len);
	spit(path, img, len);
	assert_int_equal(vstate_load(path, &l), -EBADMSG);
	free(img);
	vstate_release(&s);

	/* no trims, no flag and no block; asked for, a block of none */
	make_state(&s, 2, units, 1, 7);
	assert_int_equal(vstate_save(path, &s), 0);
	img = slurp(path, &len);
	assert_int_equal(get_le(img + 12, 4), VSTATE_F_CLEAN);
	free(img);
	s.flags |= VSTATE_F_TRIM;
	assert_int_equal(vstate_save(path, &s), 0);
	img = slurp(path, &len);
	assert_int_equal(get_le(img + 12, 4), VSTATE_F_CLEAN | VSTATE_F_TRIM);
	assert_int_equal(get_le(img + len - 4 - 5 - 16, 8), 0);
	assert_int_equal(vstate_load(path, &l), 0);
	assert_true(l.flags & VSTATE_F_TRIM);
	assert_int_equal(genmap_nr_trimmed(l.files[0].map), 0);
	assert_int_equal(genmap_nr_trimmed(l.files[1].map), 0);
	vstate_release(&l);
	free(img);
	vstate_release(&s);
	unlink(path);
}

/* ---- main -------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	return test_mkdtemp(tdir, sizeof(tdir), "vstate");
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(tdir) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vstate__round_trip),
		cmocka_unit_test(test_vstate__sparse_map_compresses),
		cmocka_unit_test(test_vstate__noise_stored_raw),
		cmocka_unit_test(test_vstate__atomic_write),
		cmocka_unit_test(test_vstate__corrupt_any_byte),
		cmocka_unit_test(test_vstate__truncated_or_extended),
		cmocka_unit_test(test_vstate__unknown_version_or_flag),
		cmocka_unit_test(test_vstate__documented_layout),
		cmocka_unit_test(test_vstate__match_names_each_field),
		cmocka_unit_test(test_vstate__path),
		cmocka_unit_test(test_vstate__runs_and_max_gen),
		cmocka_unit_test(test_vstate__bad_runs_refused),
		cmocka_unit_test(test_vstate__layout_block),
		cmocka_unit_test(test_vstate__trimmed_units),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
