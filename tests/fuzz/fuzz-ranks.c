/*
 * fuzz-ranks.c - verio-mpi's reduction (report/ranks.h) on damaged bytes:
 * what rank 0 merges arrives from another process.
 *
 * Random bytes would never get past the header, which pins the build's
 * struct sizes, so the target packs a real result (two jobs, incidents
 * and mirror ranges with file names) and lets the input damage it: the
 * first two bytes choose the length to keep (a cut anywhere, or the
 * whole), the rest are (4-byte offset, byte) pairs XORed in.
 *
 * Invariants, each an abort(): ranks_merge() returns 0, -EBADMSG or
 * -ENOMEM; a refused merge leaves the destination byte for byte as it
 * was; an accepted one keeps at most VERIFY_INCIDENTS_MAX incidents and
 * MIRROR_RANGES_MAX ranges, every string they name readable and owned by
 * the destination, none of them the old ones (job_result_release()
 * frees each once: ASan sees a double free or a leak), the destination's
 * incidents still there; an undamaged pack merges to the exact sums.
 */
#include "fuzz.h"

#include "le.h"
#include "report/ranks.h"
#include "report/result.h"

#define NR 2

static void make(struct job_result *res)
{
	for (unsigned i = 0; i < NR; i++) {
		struct job_stats *st = &res[i].st;

		memset(&res[i], 0, sizeof(res[i]));
		job_stats_init(st);
		st->dir[DDIR_WRITE].ios = 100 + i;
		st->dir[DDIR_WRITE].bytes = (100 + i) * 4096;
		st->runtime_ns = 1000000000;
		st->start_wall_ms = 1000 + i;
		st->verify.failures = 2;
		st->verify.nr_inc = 2;
		for (unsigned k = 0; k < 2; k++) {
			st->verify.inc[k].file = strdup(k ? "/dev/b" : "/tmp/a");
			st->verify.inc[k].offset = 4096 * (k + 1);
			if (!st->verify.inc[k].file)
				abort();
		}
		st->mirror.enabled = true;
		st->mirror.nr = 1;
		st->mirror.r[0].file = strdup("/tmp/a");
		st->mirror.r[0].ref = strdup("/tmp/ref");
		if (!st->mirror.r[0].file || !st->mirror.r[0].ref)
			abort();
	}
}

static void release(struct job_result *res)
{
	for (unsigned i = 0; i < NR; i++)
		job_result_release(&res[i]);
}

/* Every string the stats name must be readable (ASan checks the bytes). */
static void check_strings(const struct job_stats *st)
{
	volatile size_t n = 0;

	if (st->verify.nr_inc > VERIFY_INCIDENTS_MAX || st->mirror.nr > MIRROR_RANGES_MAX)
		abort();
	for (unsigned k = 0; k < st->verify.nr_inc; k++)
		n += st->verify.inc[k].file ? strlen(st->verify.inc[k].file) : 0;
	for (unsigned k = 0; k < st->mirror.nr; k++)
		n += (st->mirror.r[k].file ? strlen(st->mirror.r[k].file) : 0) +
		     (st->mirror.r[k].ref ? strlen(st->mirror.r[k].ref) : 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct job_result src[NR], dst[NR], before[NR];
	uint8_t *buf = NULL;
	size_t len = 0, keep;
	int r;

	make(src);
	make(dst);
	if (ranks_pack(src, NR, (void **)&buf, &len))
		abort();
	release(src);	/* the bytes must stand alone */
	keep = size >= 2 ? (size_t)get_le16(data) : len;
	if (keep > len)
		keep = len;
	for (size_t i = 2; i + 5 <= size; i += 5)
		buf[get_le32(data + i) % len] ^= data[i + 4];
	memcpy(before, dst, sizeof(dst));
	r = ranks_merge(dst, NR, buf, keep, RANKS_CONCURRENT);
	free(buf);
	if (r != 0 && r != -EBADMSG && r != -ENOMEM)
		abort();
	if (r && memcmp(before, dst, sizeof(dst)))
		abort();
	for (unsigned i = 0; i < NR; i++) {
		const struct verify_stats *v = &dst[i].st.verify, *b = &before[i].st.verify;

		check_strings(&dst[i].st);
		if (r)
			continue;
		/* merged, every string is a copy of its own, none the old ones */
		for (unsigned k = 0; k < v->nr_inc; k++)
			for (unsigned m = 0; m < b->nr_inc; m++)
				if (v->inc[k].file && v->inc[k].file == b->inc[m].file)
					abort();
		if (v->nr_inc < b->nr_inc)
			abort();	/* at most 16 kept: the destination's 2 stay */
	}
	/* undamaged, the pack merges exactly: two ranks' I/Os */
	if (size < 2 && (r || dst[0].st.dir[DDIR_WRITE].ios != 200 ||
			 dst[1].st.dir[DDIR_WRITE].ios != 202 || dst[0].st.verify.nr_inc != 4))
		abort();
	release(dst);
	return 0;
}
