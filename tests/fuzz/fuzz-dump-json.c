/*
 * fuzz-dump-json.c - the verify_dump .json reader (incident_read_json,
 * over lib/json.c's json_read_flat) on arbitrary bytes.
 *
 * A dump is read back long after the run, from wherever the user copied
 * it: it is untrusted.  Besides not crashing, a dump the reader accepts
 * must survive a round trip: written again with incident_json() (what
 * incident_dump() writes) and read back, it gives the same incident.
 * Two members do not round-trip by design and are normalised first:
 * torn_sector/torn_offset are written only for a torn unit.
 * json_read_flat is also run on the bytes in memory with a small scratch
 * buffer, for its -EMSGSIZE paths.
 */
#include "fuzz.h"

#include "json.h"
#include "verify/incident.h"

#define NAME_CAP 4096

static int count_member(void *arg, const struct json_member *m)
{
	(void)m;
	(*(unsigned *)arg)++;
	return 0;
}

/*
 * Strings are compared as strings (a buffer may hold bytes after its
 * terminator from an earlier duplicate key), every other member as
 * bytes, so members added later are compared too.
 */
static bool same_incident(const struct verify_incident *a,
			  const struct verify_incident *b)
{
	struct verify_incident x, y;

	/* memcpy, not assignment: both come from a zeroed reader output, and
	 * only memcpy is sure to carry their (zero) padding along */
	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	if (strcmp(a->file, b->file) || strcmp(a->algo, b->algo) ||
	    strcmp(a->exp_sum, b->exp_sum) || strcmp(a->got_sum, b->got_sum) ||
	    strcmp(a->dump, b->dump))
		return false;
	x.file = y.file = NULL;
	memset(x.algo, 0, sizeof(x.algo));
	memset(y.algo, 0, sizeof(y.algo));
	memset(x.exp_sum, 0, sizeof(x.exp_sum));
	memset(y.exp_sum, 0, sizeof(y.exp_sum));
	memset(x.got_sum, 0, sizeof(x.got_sum));
	memset(y.got_sum, 0, sizeof(y.got_sum));
	memset(x.dump, 0, sizeof(x.dump));
	memset(y.dump, 0, sizeof(y.dump));
	return !memcmp(&x, &y, sizeof(x));
}

/* Write inc as incident_dump() does, read it back, compare. */
static void round_trip(struct verify_incident *inc)
{
	static char name2[NAME_CAP];
	char path[PATH_MAX + 64];
	struct verify_incident back;
	struct json_writer w;
	FILE *f;
	int r;

	/* Fields written only with another (as incident_json() does): what
	 * the reader gives when they are absent. */
	if (inc->cls != VCLASS_TORN) {
		inc->torn_sector = VDIAG_NONE;
		inc->torn_offset = 0;
		inc->torn_gen_before = 0;
	}
	if (inc->first_bad_sector == VDIAG_NONE)
		inc->first_bad_offset = 0;
	fuzz_path(path, sizeof(path), "out.json");
	f = fopen(path, "w");
	if (!f)
		abort();
	json_init(&w, f);
	incident_json(&w, NULL, inc);
	if (json_finish(&w) || fclose(f))
		abort();
	r = incident_read_json(path, &back, name2, sizeof(name2));
	if (r == -ENOMEM)
		return;
	if (r || !same_incident(inc, &back))
		abort();	/* verio cannot read back what it wrote */
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
	static char name[NAME_CAP];
	char path[PATH_MAX + 64], scratch[64];
	struct verify_incident inc;
	unsigned n = 0;

	if (size > 128 * 1024)
		return -1;
	json_read_flat((const char *)data, size, scratch, sizeof(scratch),
		       count_member, &n);
	fuzz_write("in.json", data, size);
	fuzz_path(path, sizeof(path), "in.json");
	if (incident_read_json(path, &inc, name, sizeof(name)) == 0)
		round_trip(&inc);
	return 0;
}
