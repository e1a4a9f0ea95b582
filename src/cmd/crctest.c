/*
 * crctest.c - `verio crctest` (alias --crctest): how fast each checksum
 * and the payload fill run on this machine, in the spirit of fio's
 * --crctest.
 *
 * Each line is measured twice: on a 1 MiB buffer that stays in cache, and
 * on a 64 MiB buffer walked 1 MiB at a time, so that every chunk was last
 * touched 63 MiB earlier and comes from memory (larger than the L3 caches
 * of current CPUs).  A run is calibrated to last about REPEAT_NS; the
 * figure is the median of REPEATS runs, which shrugs off a stray
 * interrupt or frequency step.
 */
#include "compat.h"

#include "cmd/cmd.h"
#include "cmd/crctest.h"
#include "csum.h"
#include "fill.h"
#include "timeutil.h"

#define SMALL_LEN  ((size_t)1 << 20)
#define BIG_LEN    ((size_t)64 << 20)
#define CHUNK      ((size_t)1 << 20)    /* bytes per call of a work function */
#define REPEATS    7
#define REPEAT_NS  (15 * NSEC_PER_MSEC)
#define MAX_CHUNKS 100000u

/* What is timed: fn() processes p[0..CHUNK). */
struct work {
	void (*fn)(void *arg, uint8_t *p, size_t len);
	void *arg;
};

/* A buffer and where the next chunk starts (it cycles). */
struct arena {
	uint8_t *buf;
	size_t len, pos;
};

static uint8_t *arena_next(struct arena *a)
{
	uint8_t *p = a->buf + a->pos;

	a->pos += CHUNK;
	if (a->pos >= a->len)
		a->pos = 0;
	return p;
}

static uint64_t run_chunks(const struct work *w, struct arena *a, uint64_t n)
{
	uint64_t t0 = now_ns();

	while (n--)
		w->fn(w->arg, arena_next(a), CHUNK);
	return now_ns() - t0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* GB/s of w on a: warm up, calibrate, then the median of REPEATS runs. */
static double measure(const struct work *w, struct arena *a)
{
	double rate[REPEATS];
	uint64_t ns, n;

	run_chunks(w, a, 1);
	ns = run_chunks(w, a, 4) / 4;
	n = ns ? REPEAT_NS / ns : MAX_CHUNKS;
	n = n < 1 ? 1 : n > MAX_CHUNKS ? MAX_CHUNKS : n;
	for (int i = 0; i < REPEATS; i++) {
		ns = run_chunks(w, a, n);
		rate[i] = (double)(n * CHUNK) / (double)(ns ? ns : 1);
	}
	qsort(rate, REPEATS, sizeof(rate[0]), cmp_double);
	return rate[REPEATS / 2];       /* bytes per ns == GB/s */
}

static void hash_chunk(void *arg, uint8_t *p, size_t len)
{
	uint8_t digest[CSUM_MAX_DIGEST];

	csum_compute(arg, p, len, digest);
}

/* Fill as the verify layer does: each unit its own key. */
struct fill_arg {
	size_t unit;
	uint64_t seed, gen;
};

static void fill_chunk(void *arg, uint8_t *p, size_t len)
{
	const struct fill_arg *f = arg;

	for (size_t off = 0; off < len; off += f->unit)
		fill_pattern(p + off, f->unit,
			     fill_key(f->seed, (uint64_t)(uintptr_t)(p + off), f->gen));
}

static void print_line(FILE *out, const char *name, const char *impl,
		       const struct work *w, struct arena *small, struct arena *big)
{
	double in_cache = measure(w, small);
	double memory = measure(w, big);

	fprintf(out, "%-12s %-15s %9.2f %9.2f\n", name, impl, in_cache, memory);
	fflush(out);
}

static int bench_csum(FILE *out, const struct csum_def *d,
		      struct arena *small, struct arena *big)
{
	struct csum_ctx c;
	struct work w = { hash_chunk, &c };
	int ret;

	if (!csum_available(d)) {
		fprintf(out, "%-12s %-15s %9s %9s\n", d->name, "unavailable", "-", "-");
		return 0;
	}
	ret = csum_ctx_init(&c, d);
	if (ret)
		return ret;
	print_line(out, d->name, csum_impl_name(d), &w, small, big);
	csum_ctx_release(&c);
	return 0;
}

static void bench_fill(FILE *out, struct arena *small, struct arena *big)
{
	static const struct { const char *name; size_t unit; } units[] = {
		{ "fill 512 B", 512 }, { "fill 4 KiB", 4096 }, { "fill 1 MiB", CHUNK },
	};

	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		struct fill_arg f = { units[i].unit, 0x5eed, 1 };
		struct work w = { fill_chunk, &f };

		print_line(out, units[i].name, fill_impl_name(), &w, small, big);
	}
}

static int bench_all(FILE *out, const struct csum_def *only, int fill_only,
		     struct arena *small, struct arena *big)
{
	int ret = 0;

	fprintf(out, "GB/s on one core (10^9 bytes/s), median of %d runs; checksums in 1 MiB\n"
		"calls over a 1 MiB buffer (in cache) and a 64 MiB one (from memory)\n",
		REPEATS);
	fprintf(out, "%-12s %-15s %9s %9s\n", "algorithm", "implementation",
		"in cache", "64 MiB");
	for (size_t i = 0; i < csum_count() && !fill_only && !ret; i++)
		if (!only || csum_at(i) == only)
			ret = bench_csum(out, csum_at(i), small, big);
	if (!ret && !only)
		bench_fill(out, small, big);
	return ret;
}

int crctest_run(FILE *out, const char *algo)
{
	const struct csum_def *only = NULL;
	int fill_only = algo && !strcmp(algo, "fill");
	struct arena small = { NULL, SMALL_LEN, 0 }, big = { NULL, BIG_LEN, 0 };
	int ret;

	if (algo && !fill_only && !(only = csum_find(algo)))
		return -EINVAL;
	csum_init();
	fill_init();
	if (posix_memalign((void **)&small.buf, 4096, SMALL_LEN) ||
	    posix_memalign((void **)&big.buf, 4096, BIG_LEN)) {
		free(small.buf);
		return -ENOMEM;
	}
	/* Touch every page, and give the hashes real data. */
	fill_pattern(small.buf, SMALL_LEN, 1);
	fill_pattern(big.buf, BIG_LEN, 2);
	ret = bench_all(out, only, fill_only, &small, &big);
	free(small.buf);
	free(big.buf);
	if (!ret && (fflush(out) || ferror(out)))
		ret = -EIO;
	return ret;
}

int crctest_command(const char *algo)
{
	int r = crctest_run(stdout, algo);

	if (r == -EINVAL) {
		fprintf(stderr, "verio: unknown checksum '%s' (see 'verio --cmdhelp=verify')\n",
			algo);
		return 2;
	}
	return r < 0 ? 3 : 0;	/* memory or I/O: a setup failure */
}

int cmd_crctest(int argc, char **argv)
{
	const struct command *self = command_find("crctest");

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: %s\n%s\n", self->usage, self->summary);
		return 0;
	}
	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "verio: crctest takes one checksum name at most "
			"(usage: verio crctest [ALGO])\n");
		return 2;
	}
	return crctest_command(argc == 2 && *argv[1] ? argv[1] : NULL);
}
