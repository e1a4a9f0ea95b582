/*
 * vstate-1t.c - measure saving and loading the verify state of a 1 TiB
 * target at 4 KiB units (268,435,456 map entries): bytes on disk, seconds,
 * and peak memory.  Not part of `make test` (it takes seconds and half a
 * GiB per map); run it by hand:
 *
 *   make && cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -I. \
 *       tests/perf/vstate-1t.c build/libverio.a $(LIBS of config-host.mak) \
 *       -o /tmp/vstate-1t
 *   /usr/bin/time -v /tmp/vstate-1t DIR seq|rand save|load
 *
 * One process does one step, so that the peak memory of a save and of a
 * load are measured apart (the "Maximum resident set size" of time -v).
 * "seq": every unit written once (generation 1: the map of a sequential
 * write pass); "rand": random generations 1..4096 (a map of noise, stored
 * raw: the worst case for size).
 */
#include "compat.h"

#include <sys/stat.h>

#include "timeutil.h"
#include "verify/genmap.h"
#include "verify/state.h"

#define UNITS (1ull << 28)	/* 1 TiB / 4 KiB */

static double secs(uint64_t t0)
{
	return (double)(now_ns() - t0) / 1e9;
}

int main(int argc, char **argv)
{
	char path[4096];
	struct vstate s;
	struct stat st;
	uint64_t t0, x = 88172645463325252ull;
	int r;

	if (argc != 4)
		return 2;
	snprintf(path, sizeof(path), "%s/big-%s.verio-state", argv[1], argv[2]);
	if (!strcmp(argv[3], "load")) {
		t0 = now_ns();
		r = vstate_load(path, &s);
		printf("load %s: %d, %.2f s, %" PRIu64 " written\n", argv[2], r, secs(t0),
		       r ? 0 : genmap_nr_written(s.files[0].map));
		/* Every unit was saved written: the load must say so. */
		if (!r && (s.nr_files != 1 || s.files[0].nunits != UNITS ||
			   genmap_nr_written(s.files[0].map) != UNITS)) {
			fprintf(stderr, "load %s: the map read back is not the one saved\n", argv[2]);
			r = 1;
		}
		vstate_release(&s);
		return r ? 1 : 0;
	}
	memset(&s, 0, sizeof(s));
	s.job_name = (char *)"big";
	s.unit_len = 4096;
	s.sector_size = 512;
	s.algo = 1;
	s.nr_files = 1;
	s.files = calloc(1, sizeof(*s.files));
	s.files[0].name = (char *)"/dev/big";
	s.files[0].size = UNITS * 4096;
	s.files[0].nunits = UNITS;
	s.files[0].map = genmap_new(UNITS);
	if (!s.files[0].map)
		return 3;
	for (uint64_t u = 0; u < UNITS; u++) {
		uint16_t g = 1;

		if (argv[2][0] == 'r') {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			g = (uint16_t)(1 + x % 4096);
		}
		genmap_set(s.files[0].map, u, g);
	}
	t0 = now_ns();
	r = vstate_save(path, &s);
	if (r || stat(path, &st))
		return 1;
	printf("save %s: %.2f s, %lld bytes\n", argv[2], secs(t0), (long long)st.st_size);
	genmap_free(s.files[0].map);
	free(s.files);
	return 0;
}
