/*
 * fuzz-state.c - the verify state loader (vstate_load) on arbitrary bytes.
 *
 * A state file is checksummed, so random bytes would almost never get
 * past the envelope.  The target therefore first makes the envelope
 * consistent, as a damaged-but-recomputed or hand-made file would be:
 * the length field (bytes 16..23) is set to the input's length and the
 * trailing crc32c to that of every byte before it.  The magic and the
 * version are left as they are (the seed corpus holds real files).
 * The envelope's offsets are the same in every version of the format
 * (docs/format.md, "Verify state file").
 *
 * When a file loads, it must also survive a round trip: saved again and
 * reloaded, it must save to the same bytes (load(save(s)) == s).  A
 * state verio loads but cannot save, or that changes on the way, aborts.
 */
#include "fuzz.h"

#include "csum.h"
#include "le.h"
#include "verify/state.h"

#define ENV_FILE_LEN 16		/* 8 bytes: the whole file's length */
#define ENV_MIN 28		/* envelope (24) + crc32c trailer (4) */
#define INPUT_MAX (1u << 20)	/* bigger inputs teach nothing new */

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(INPUT_MAX + 1);
	size_t n = 0;

	if (!f || !buf)
		abort();
	n = fread(buf, 1, INPUT_MAX + 1, f);
	fclose(f);
	*len = n;
	return buf;
}

/* Save s to a, load it back, save that to b: a and b must be equal. */
static void round_trip(const struct vstate *s)
{
	char a[PATH_MAX + 64], b[PATH_MAX + 64];
	struct vstate back;
	uint8_t *ba, *bb;
	size_t la, lb;
	int r;

	fuzz_path(a, sizeof(a), "a.verio-state");
	fuzz_path(b, sizeof(b), "b.verio-state");
	r = vstate_save(a, s);
	if (r == -ENOMEM)
		return;
	if (r)
		abort();	/* loaded but cannot be saved */
	r = vstate_load(a, &back);
	if (r == -ENOMEM)
		return;
	if (r)
		abort();	/* verio cannot read what it wrote */
	r = vstate_save(b, &back);
	vstate_release(&back);
	if (r)
		abort();
	ba = slurp(a, &la);
	bb = slurp(b, &lb);
	if (la != lb || memcmp(ba, bb, la))
		abort();	/* the round trip changed the state */
	free(ba);
	free(bb);
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
	char path[PATH_MAX + 64];
	struct vstate s;
	uint8_t *buf;

	if (size > INPUT_MAX)
		return -1;	/* not added to the corpus */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (size >= ENV_MIN) {
		put_le64(buf + ENV_FILE_LEN, size);
		put_le32(buf + size - 4, csum_crc32c(buf, size - 4));
	}
	fuzz_write("in.verio-state", buf, size);
	free(buf);
	fuzz_path(path, sizeof(path), "in.verio-state");
	if (vstate_load(path, &s) == 0) {
		char why[256];

		if (vstate_match(&s, &s, why, sizeof(why)))
			abort();	/* a state must match itself */
		round_trip(&s);
	}
	vstate_release(&s);
	return 0;
}
