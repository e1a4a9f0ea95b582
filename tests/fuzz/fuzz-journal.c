/*
 * fuzz-journal.c - the verify journal replay (vjournal_replay: header
 * and record decoding, the application of INTENT, DONE, FAILED, SYNC and
 * CARRY records to generation maps, the in-flight set) on arbitrary bytes.
 *
 * The input is one control byte, then the journal file.  The job is
 * fixed: name "j", clone 0, unit length 4096, one or two files of 3000
 * and 300 units (the first big enough that one record's units outgrow
 * the replay's first hash table), maps all 0 (a state of a first run).
 * The header and every record carry a crc32c, so the target makes them
 * consistent first, as a hand-made or recomputed journal would be
 * (docs/format.md, "Verify journal", gives the offsets):
 *   - the header's job fields (unit length, files, clone, name crc) are
 *     set to the job's unless control bit 4 is set, and the header crc is
 *     recomputed; magic, version, flags, seq and bytes 48..59 (reserved,
 *     or what a later format puts there) stay as they are.
 *   - control bit 0: every whole record gets its index (bit 1 too) and a
 *     crc that checks (over the header's seq); bit 2 leaves the last one
 *     as it is (a torn tail, or a damaged last record).
 *   - bits 5-6: the state's seq is the header's (0), one newer (1: an
 *     older journal, ignored), one older (2: a journal newer than the
 *     state, refused) or the header's again (3).
 *   - bit 7: the bytes are the staged "<state>.journal.next", not the
 *     journal; bit 3: two files instead of one.
 * Real journals (seed.sh: SIGKILLed runs) come with control byte 0 (010
 * with two files): their own crcs already check.
 *
 * Checked on every input: the result is 0, -EBADMSG, -EINVAL or -ENOMEM,
 * with a reason when it is not 0; the same bytes replayed again onto
 * fresh maps give the same result, maps and in-flight set.  After a
 * replay that applied: the counts add up, and the in-flight set is
 * sorted without duplicates, every entry names a unit inside a file's
 * region whose map entry is not 0 and differs from its floor, and
 * vj_inflight_find() finds each.  Anything else aborts.
 */
#include "fuzz.h"

#include "csum.h"
#include "le.h"
#include "verify/genmap.h"
#include "verify/journal.h"

#define INPUT_MAX (1u << 20)	/* bigger inputs teach nothing new */
#define UNIT_LEN 4096u
#define MAX_FILES 2

/* Control byte. */
enum {
	C_FIX_CRC = 1u << 0,
	C_FIX_INDEX = 1u << 1,
	C_KEEP_LAST = 1u << 2,
	C_TWO_FILES = 1u << 3,
	C_KEEP_JOB = 1u << 4,
	C_SEQ_SHIFT = 5,	/* 2 bits */
	C_NEXT = 1u << 7,
};

static const uint64_t nunits[MAX_FILES] = { 3000, 300 };

/* One replay's outcome, kept to compare with the second. */
struct outcome {
	int r;
	struct vj_replay rp;
	struct genmap *maps[MAX_FILES];
	char why[512];
};

static char state_path[PATH_MAX + 64];

/* Write the journal (or, next, the staged one) and remove the other. */
static void put_input(bool next, const uint8_t *buf, size_t len)
{
	char other[PATH_MAX + 128];

	snprintf(other, sizeof(other), "%s%s", state_path, next ? VJ_SUFFIX : VJ_NEXT_SUFFIX);
	unlink(other);
	fuzz_write(next ? "j.verio-state" VJ_NEXT_SUFFIX : "j.verio-state" VJ_SUFFIX, buf, len);
}

static void replay_once(struct outcome *o, const struct vj_hdr *want, unsigned nr)
{
	for (unsigned i = 0; i < MAX_FILES; i++) {
		o->maps[i] = i < nr ? genmap_new(nunits[i]) : NULL;
		if (i < nr && !o->maps[i])
			abort();
	}
	o->why[0] = '\0';
	o->r = vjournal_replay(state_path, want, o->maps, nr, &o->rp, o->why, sizeof(o->why));
}

static void outcome_release(struct outcome *o)
{
	vj_replay_release(&o->rp);
	for (unsigned i = 0; i < MAX_FILES; i++)
		genmap_free(o->maps[i]);
}

static void check(const struct outcome *o, unsigned nr, uint64_t whole)
{
	const struct vj_replay *rp = &o->rp;

	if (o->r != 0 && o->r != -EBADMSG && o->r != -EINVAL && o->r != -ENOMEM)
		abort();
	if (o->r && o->r != -ENOMEM && !o->why[0])
		abort();	/* refused without saying why */
	if (!memchr(o->why, '\0', sizeof(o->why)))
		abort();
	if (o->r || !rp->used) {
		if (rp->nr_inflight)
			abort();
		return;
	}
	if (rp->records > whole || rp->acked + rp->failed + rp->syncs > rp->records ||
	    rp->intents_open > rp->records)
		abort();
	for (size_t i = 0; i < rp->nr_inflight; i++) {
		const struct vj_inflight *e = &rp->inflight[i];
		uint16_t g;

		if (e->file >= nr || e->unit >= genmap_nunits(o->maps[e->file]) || e->resolved)
			abort();	/* outside the job */
		if (i && (rp->inflight[i - 1].file > e->file ||
			  (rp->inflight[i - 1].file == e->file && rp->inflight[i - 1].unit >= e->unit)))
			abort();	/* not sorted, or twice */
		g = genmap_get(o->maps[e->file], e->unit);
		if (!g || g == e->floor)
			abort();	/* undecided, yet the newest it may hold is known */
		if (vj_inflight_find(rp->inflight, rp->nr_inflight, e->file, e->unit) != e)
			abort();
	}
}

static bool same(const struct outcome *a, const struct outcome *b, unsigned nr)
{
	if (a->r != b->r || strcmp(a->why, b->why) || a->rp.used != b->rp.used ||
	    a->rp.torn_tail != b->rp.torn_tail || a->rp.stale != b->rp.stale ||
	    a->rp.records != b->rp.records || a->rp.acked != b->rp.acked ||
	    a->rp.failed != b->rp.failed || a->rp.syncs != b->rp.syncs ||
	    a->rp.intents_open != b->rp.intents_open || a->rp.nr_inflight != b->rp.nr_inflight)
		return false;
	if (a->rp.nr_inflight &&
	    memcmp(a->rp.inflight, b->rp.inflight, a->rp.nr_inflight * sizeof(*a->rp.inflight)))
		return false;
	for (unsigned i = 0; i < nr; i++)
		if (memcmp(genmap_data_const(a->maps[i]), genmap_data_const(b->maps[i]),
			   nunits[i] * sizeof(uint16_t)))
			return false;
	return true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	fuzz_path(state_path, sizeof(state_path), "j.verio-state");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vj_hdr want = { .unit_len = UNIT_LEN, .name_crc = vj_name_crc("j") };
	struct outcome a, b;
	uint64_t whole = 0, seq = 0;
	unsigned nr;
	uint8_t c, *buf;
	size_t len;

	if (!size || size > INPUT_MAX)
		return -1;	/* not added to the corpus */
	c = data[0];
	len = size - 1;
	nr = c & C_TWO_FILES ? 2 : 1;
	want.nr_files = nr;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	if (len)
		memcpy(buf, data + 1, len);
	if (len >= VJ_HDR_LEN) {
		if (!(c & C_KEEP_JOB)) {
			put_le32(buf + 32, want.unit_len);
			put_le32(buf + 36, want.nr_files);
			put_le32(buf + 40, want.clone);
			put_le32(buf + 44, want.name_crc);
		}
		put_le32(buf + 60, csum_crc32c(buf, 60));
		seq = get_le64(buf + 16);
		whole = (len - VJ_HDR_LEN) / VJ_REC_LEN;
	}
	for (uint64_t i = 0; (c & C_FIX_CRC) && i < whole; i++) {
		uint8_t *rec = buf + VJ_HDR_LEN + i * VJ_REC_LEN;
		uint8_t s[8];

		if ((c & C_KEEP_LAST) && i + 1 == whole)
			break;
		if (c & C_FIX_INDEX)
			put_le32(rec + 24, (uint32_t)i);
		put_le64(s, seq);
		put_le32(rec + 28, csum_crc32c_update(csum_crc32c(rec, 28), s, sizeof(s)));
	}
	switch ((c >> C_SEQ_SHIFT) & 3) {
	case 1:
		want.seq = seq + 1;
		break;
	case 2:
		want.seq = seq - 1;
		break;
	default:
		want.seq = seq;
		break;
	}
	put_input(c & C_NEXT, buf, len);
	free(buf);

	replay_once(&a, &want, nr);
	check(&a, nr, whole);
	replay_once(&b, &want, nr);
	if (a.r != -ENOMEM && b.r != -ENOMEM && !same(&a, &b, nr))
		abort();	/* the same bytes replayed differently */
	outcome_release(&a);
	outcome_release(&b);
	return 0;
}
