/*
 * test-journal.c - unit tests for src/verify/journal.c and journal-glue.c:
 * the record codec, the replay of a journal onto generation maps (direct
 * and buffered, failed writes, carried units, damage), and the verdict on
 * units whose write was in flight at a crash (old, new, torn, beyond).
 */
#include "compat.h"

#include <fcntl.h>
#include <limits.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test-util.h"

#include "csum.h"
#include "io_u.h"
#include "le.h"
#include "verify/genmap.h"
#include "verify/incident.h"
#include "verify/journal.h"
#include "verify/verifier.h"

#define U	4096u
#define NUNITS	8u

/* ---- codec ------------------------------------------------------------ */

static void test_journal__header_codec(void **state)
{
	struct vj_hdr h = { .seq = 7, .run_id = 9, .flags = VJ_F_BUFFERED, .unit_len = U,
			    .nr_files = 2, .clone = 1, .name_crc = 0xabcd,
			    .gen_base = 3 }, g;
	uint8_t b[VJ_HDR_LEN];

	(void)state;
	vj_hdr_encode(b, &h);
	assert_memory_equal(b, "VRIOJRNL", 8);
	assert_int_equal(vj_hdr_decode(b, sizeof(b), &g), 0);
	assert_int_equal(g.seq, h.seq);
	assert_int_equal(g.run_id, h.run_id);
	assert_int_equal(g.flags, h.flags);
	assert_int_equal(g.unit_len, h.unit_len);
	assert_int_equal(g.nr_files, h.nr_files);
	assert_int_equal(g.clone, h.clone);
	assert_int_equal(g.name_crc, h.name_crc);
	assert_int_equal(g.gen_base, h.gen_base);
	assert_int_equal(vj_hdr_decode(b, VJ_HDR_LEN - 1, &g), -EBADMSG);
	b[20] ^= 1;
	assert_int_equal(vj_hdr_decode(b, sizeof(b), &g), -EILSEQ);
	b[20] ^= 1;
	put_le32(b + 8, 2);	/* a later version, its crc right */
	put_le32(b + 60, csum_crc32c(b, 60));
	assert_int_equal(vj_hdr_decode(b, sizeof(b), &g), -EPROTO);
	b[0] = 'X';
	assert_int_equal(vj_hdr_decode(b, sizeof(b), &g), -EBADMSG);
}

static void test_journal__record_codec(void **state)
{
	struct vj_rec r = { .type = VJ_CARRY, .file = 3, .unit = 1ULL << 40, .count = 1,
			    .gen = 65535, .old = 65534 }, g;
	uint8_t b[VJ_REC_LEN];

	(void)state;
	vj_rec_encode(b, &r, 5, 17);
	assert_int_equal(vj_rec_decode(b, &g, 5, 17), 0);
	/* field by field: the structs' padding bytes are not part of the value */
	assert_int_equal(g.type, r.type);
	assert_int_equal(g.file, r.file);
	assert_int_equal(g.unit, r.unit);
	assert_int_equal(g.count, r.count);
	assert_int_equal(g.gen, r.gen);
	assert_int_equal(g.old, r.old);
	/* the crc binds the journal's seq and the record's place */
	assert_int_equal(vj_rec_decode(b, &g, 6, 17), -EILSEQ);
	assert_int_equal(vj_rec_decode(b, &g, 5, 18), -EILSEQ);
	b[9] ^= 0x40;
	assert_int_equal(vj_rec_decode(b, &g, 5, 17), -EILSEQ);
	/* a right crc over impossible content */
	r.type = 9;
	vj_rec_encode(b, &r, 5, 17);
	assert_int_equal(vj_rec_decode(b, &g, 5, 17), -EBADMSG);
}

static void test_journal__gen_range(void **state)
{
	static const struct { uint16_t g, floor, top; bool in; } t[] = {
		{ 1, 1, 2, true }, { 2, 1, 2, true }, { 3, 1, 2, false },
		{ 0, 1, 2, false }, { 0, 0, 1, true }, { 1, 0, 1, true },
		{ 2, 0, 1, false }, { 65535, 65535, 1, true }, { 1, 65535, 1, true },
		{ 2, 65535, 1, false }, { 65534, 65535, 2, false }, { 5, 3, 7, true },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(vj_gen_in_range(t[i].g, t[i].floor, t[i].top), t[i].in);
}

/* ---- replay ------------------------------------------------------------ */

struct jfx {
	char dir[PATH_MAX], spath[PATH_MAX + 32];
	struct genmap *maps[2];
	struct vjournal *j;
	struct vj_replay rp;
	char why[512];
};

static const struct vj_hdr base_hdr = { .seq = 4, .unit_len = U, .nr_files = 2,
					 .clone = 0, .name_crc = 0x1234 };

static int jfx_setup(void **state)
{
	struct jfx *fx = calloc(1, sizeof(*fx));
	int err;

	assert_non_null(fx);
	assert_int_equal(test_mkdtemp(fx->dir, sizeof(fx->dir), "journal"), 0);
	snprintf(fx->spath, sizeof(fx->spath), "%s/j.0.verio-state", fx->dir);
	fx->maps[0] = genmap_new(NUNITS);
	fx->maps[1] = genmap_new(NUNITS);
	fx->j = vjournal_new(fx->spath, 4, &err);
	assert_non_null(fx->j);
	*state = fx;
	return 0;
}

static int jfx_teardown(void **state)
{
	struct jfx *fx = *state;
	char p[PATH_MAX + 64];

	vjournal_free(fx->j);
	vj_replay_release(&fx->rp);
	genmap_free(fx->maps[0]);
	genmap_free(fx->maps[1]);
	snprintf(p, sizeof(p), "%s%s", fx->spath, VJ_SUFFIX);
	unlink(p);
	snprintf(p, sizeof(p), "%s%s", fx->spath, VJ_NEXT_SUFFIX);
	unlink(p);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Start a journal with header h (and the carried records). */
static void start(struct jfx *fx, const struct vj_hdr *h, const struct vj_rec *c, size_t n)
{
	assert_int_equal(vjournal_stage(fx->j, h, c, n), 0);
	assert_int_equal(vjournal_install(fx->j), 0);
}

static void rec(struct jfx *fx, uint8_t type, uint32_t file, uint64_t unit, uint32_t count,
		uint16_t gen)
{
	struct vj_rec r = { .type = type, .file = file, .unit = unit, .count = count,
			    .gen = gen };

	assert_int_equal(vjournal_add(fx->j, &r), 0);
}

static int replay(struct jfx *fx, uint64_t seq)
{
	struct vj_hdr want = base_hdr;

	want.seq = seq;
	assert_int_equal(vjournal_flush(fx->j), 0);
	vj_replay_release(&fx->rp);
	return vjournal_replay(fx->spath, &want, fx->maps, 2, &fx->rp, fx->why,
			       sizeof(fx->why));
}

static void test_journal__replay_direct(void **state)
{
	struct jfx *fx = *state;

	genmap_set(fx->maps[0], 6, 9);	/* the state had it at 9 */
	start(fx, &base_hdr, NULL, 0);
	rec(fx, VJ_INTENT, 0, 0, 2, 1);
	rec(fx, VJ_INTENT, 0, 6, 1, 10);
	rec(fx, VJ_DONE, 0, 0, 2, 0);
	rec(fx, VJ_INTENT, 1, 3, 1, 1);
	rec(fx, VJ_FAILED, 1, 3, 1, 0);
	/* units 0, 1 acknowledged; unit 6 in flight (9 or 10); file 1 unit 3
	 * failed (0 or 1) */
	assert_int_equal(replay(fx, 4), 0);
	assert_true(fx->rp.used);
	assert_int_equal(fx->rp.records, 5);
	assert_int_equal(genmap_get(fx->maps[0], 0), 1);
	assert_int_equal(genmap_get(fx->maps[0], 1), 1);
	assert_int_equal(genmap_get(fx->maps[0], 6), 10);
	assert_int_equal(genmap_get(fx->maps[1], 3), 1);
	assert_int_equal(fx->rp.nr_inflight, 2);
	assert_int_equal(fx->rp.inflight[0].file, 0);
	assert_int_equal(fx->rp.inflight[0].unit, 6);
	assert_int_equal(fx->rp.inflight[0].floor, 9);
	assert_int_equal(fx->rp.inflight[1].file, 1);
	assert_int_equal(fx->rp.inflight[1].unit, 3);
	assert_int_equal(fx->rp.inflight[1].floor, 0);
	assert_non_null(vj_inflight_find(fx->rp.inflight, 2, 1, 3));
	assert_null(vj_inflight_find(fx->rp.inflight, 2, 1, 4));
}

static void test_journal__replay_buffered(void **state)
{
	struct jfx *fx = *state;
	struct vj_hdr h = base_hdr;

	h.flags = VJ_F_BUFFERED;
	start(fx, &h, NULL, 0);
	rec(fx, VJ_INTENT, 0, 0, 1, 1);
	rec(fx, VJ_DONE, 0, 0, 1, 0);
	rec(fx, VJ_INTENT, 0, 0, 1, 2);
	rec(fx, VJ_DONE, 0, 0, 1, 0);
	rec(fx, VJ_INTENT, 1, 2, 1, 1);
	rec(fx, VJ_DONE, 1, 2, 1, 0);
	rec(fx, VJ_SYNC, 1, 0, 0, 0);
	/* file 0 unit 0: never synced, anything from 0 to 2; file 1: synced */
	assert_int_equal(replay(fx, 4), 0);
	assert_int_equal(genmap_get(fx->maps[0], 0), 2);
	assert_int_equal(genmap_get(fx->maps[1], 2), 1);
	assert_int_equal(fx->rp.nr_inflight, 1);
	assert_int_equal(fx->rp.inflight[0].unit, 0);
	assert_int_equal(fx->rp.inflight[0].floor, 0);
	rec(fx, VJ_SYNC, 0, 0, 0, 0);
	genmap_clear(fx->maps[0]);
	genmap_clear(fx->maps[1]);
	assert_int_equal(replay(fx, 4), 0);
	assert_int_equal(fx->rp.nr_inflight, 0);
	assert_int_equal(fx->rp.syncs, 2);
}

static void test_journal__replay_carry_and_rewrite(void **state)
{
	struct jfx *fx = *state;
	const struct vj_rec c[] = {
		{ .type = VJ_CARRY, .file = 0, .unit = 2, .count = 1, .gen = 5, .old = 3 },
		{ .type = VJ_CARRY, .file = 0, .unit = 4, .count = 1, .gen = 1, .old = 0 },
	};

	start(fx, &base_hdr, c, 2);
	/* unit 4 is rewritten and acknowledged: settled */
	rec(fx, VJ_INTENT, 0, 4, 1, 2);
	rec(fx, VJ_DONE, 0, 4, 1, 0);
	assert_int_equal(replay(fx, 4), 0);
	assert_int_equal(genmap_get(fx->maps[0], 2), 5);
	assert_int_equal(genmap_get(fx->maps[0], 4), 2);
	assert_int_equal(fx->rp.nr_inflight, 1);
	assert_int_equal(fx->rp.inflight[0].unit, 2);
	assert_int_equal(fx->rp.inflight[0].floor, 3);
}

static void test_journal__replay_refuses(void **state)
{
	struct jfx *fx = *state;
	struct vj_hdr h = base_hdr;

	start(fx, &base_hdr, NULL, 0);
	rec(fx, VJ_INTENT, 0, 0, 1, 2);	/* the map says 0: next is 1 */
	assert_int_equal(replay(fx, 4), -EBADMSG);
	assert_non_null(strstr(fx->why, "record 0 (byte 64): write intent generation"));

	start(fx, &base_hdr, NULL, 0);
	rec(fx, VJ_DONE, 0, 0, 1, 0);
	assert_int_equal(replay(fx, 4), -EBADMSG);
	assert_non_null(strstr(fx->why, "a completion without its write intent"));

	start(fx, &base_hdr, NULL, 0);
	rec(fx, VJ_INTENT, 0, 7, 2, 1);	/* past the region */
	assert_int_equal(replay(fx, 4), -EBADMSG);

	/* a newer journal than the state: refused; an older one: ignored */
	start(fx, &base_hdr, NULL, 0);
	assert_int_equal(replay(fx, 3), -EINVAL);
	assert_non_null(strstr(fx->why, "continues state checkpoint 4 but the state is checkpoint 3"));
	assert_int_equal(replay(fx, 5), 0);
	assert_false(fx->rp.used);
	assert_true(fx->rp.stale);
	/* another job */
	h.name_crc ^= 1;
	start(fx, &h, NULL, 0);
	assert_int_equal(replay(fx, 4), -EINVAL);
	assert_non_null(strstr(fx->why, "does not match this job"));
}

/* A crash after the state of seq 5 was saved, before the rename. */
static void test_journal__replay_staged(void **state)
{
	struct jfx *fx = *state;
	struct vj_hdr h = base_hdr;
	const struct vj_rec c = { .type = VJ_CARRY, .file = 1, .unit = 1, .count = 1,
				  .gen = 2, .old = 1 };

	start(fx, &base_hdr, NULL, 0);
	rec(fx, VJ_INTENT, 0, 0, 1, 1);
	h.seq = 5;
	assert_int_equal(vjournal_stage(fx->j, &h, &c, 1), 0);
	assert_int_equal(replay(fx, 5), 0);
	assert_true(fx->rp.used);
	assert_string_equal(fx->rp.source, VJ_NEXT_SUFFIX);
	assert_int_equal(fx->rp.nr_inflight, 1);
	assert_int_equal(fx->rp.inflight[0].file, 1);
	/* the old state with the old journal: the staged file is no journal yet */
	genmap_clear(fx->maps[1]);
	assert_int_equal(replay(fx, 4), 0);
	assert_string_equal(fx->rp.source, VJ_SUFFIX);
	assert_int_equal(fx->rp.intents_open, 1);
}

static void test_journal__torn_tail(void **state)
{
	struct jfx *fx = *state;
	char p[PATH_MAX + 64];
	int fd;

	start(fx, &base_hdr, NULL, 0);
	rec(fx, VJ_INTENT, 0, 0, 1, 1);
	rec(fx, VJ_DONE, 0, 0, 1, 0);
	rec(fx, VJ_INTENT, 0, 1, 1, 1);
	assert_int_equal(vjournal_flush(fx->j), 0);
	snprintf(p, sizeof(p), "%s%s", fx->spath, VJ_SUFFIX);
	fd = open(p, O_RDWR);
	assert_true(fd >= 0);
	/* half of the last record: ignored */
	assert_int_equal(ftruncate(fd, VJ_HDR_LEN + 2 * VJ_REC_LEN + 16), 0);
	assert_int_equal(replay(fx, 4), 0);
	assert_true(fx->rp.torn_tail);
	assert_int_equal(fx->rp.records, 2);
	assert_int_equal(fx->rp.nr_inflight, 0);
	/* a bad record with a good one after it: damage */
	genmap_clear(fx->maps[0]);
	assert_int_equal(ftruncate(fd, VJ_HDR_LEN + 2 * VJ_REC_LEN), 0);
	assert_int_equal(pwrite(fd, "\xff", 1, VJ_HDR_LEN + 5), 1);
	assert_int_equal(replay(fx, 4), -EBADMSG);
	assert_non_null(strstr(fx->why, "valid records follow"));
	close(fd);
}

/* ---- the verdict on units in flight ---------------------------------- */

struct vfx {
	char path[PATH_MAX], spath[PATH_MAX + 16];
	struct vfile file;
	struct verifier *v;
	struct vworker *w;
	struct verify_stats st;
	struct io_u u;
	uint8_t *oldb, *newb;	/* unit 2 at generation 1 and 2 */
};

static void vconf(struct verify_conf *c, struct vfx *fx, bool writer)
{
	memset(c, 0, sizeof(*c));
	c->kind = VERIFY_CSUM;
	c->geom.unit_len = U;
	c->geom.sector_size = 512;
	c->geom.csum = csum_find("crc32c");
	c->seed = 0x5eed;
	c->run_id = 7;
	c->name = "jv";
	c->state_path = fx->spath;
	c->state_save = true;
	c->journal = writer;
	c->journal_records = 1000;
	c->journal_batch = 8;
	c->writes = true;
	c->verify_only = !writer;
}

static void vmake(struct vfx *fx, const struct verify_conf *c)
{
	char why[512];
	int err;

	fx->v = verifier_new(c, &err);
	assert_non_null(fx->v);
	assert_int_equal(verifier_attach(fx->v, &fx->file, 1, 4), 0);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), 0);
	assert_int_equal(verifier_start(fx->v, U), 0);
	memset(&fx->st, 0, sizeof(fx->st));
	fx->w = vworker_new(fx->v, &fx->st, &err);
	assert_non_null(fx->w);
}

static void vdrop(struct vfx *fx)
{
	vworker_free(fx->w);
	verifier_free(fx->v);
	fx->w = NULL;
	fx->v = NULL;
}

/* Journal, stamp and write unit n; acknowledge it unless crash. */
static void vwrite(struct vfx *fx, uint64_t n, bool crash)
{
	struct io_u *u = &fx->u;

	u->ddir = DDIR_WRITE;
	u->offset = n * U;
	u->len = U;
	verifier_stamp(fx->v, u);
	assert_int_equal(verifier_journal_intent(fx->v, u), 0);
	assert_int_equal(verifier_journal_commit(fx->v), 0);
	assert_int_equal(pwrite(fx->file.fd, u->buf, U, (off_t)u->offset), U);
	if (!crash)
		verifier_write_done(fx->v, u);
}

/*
 * Unit 2 written at generation 1 and acknowledged, then rewritten (gen 2)
 * and "killed" before the completion; unit 5 written and acknowledged.
 */
static int vfx_setup(void **state)
{
	struct vfx *fx = calloc(1, sizeof(*fx));
	struct verify_conf c;
	const char *base = getenv("TMPDIR");

	assert_non_null(fx);
	snprintf(fx->path, sizeof(fx->path), "%s/verio-test-journal.XXXXXX",
		 base && *base ? base : "/tmp");
	fx->file.fd = mkstemp(fx->path);
	assert_true(fx->file.fd >= 0);
	snprintf(fx->spath, sizeof(fx->spath), "%s.state", fx->path);
	assert_int_equal(ftruncate(fx->file.fd, NUNITS * U), 0);
	fx->file.name = fx->path;
	fx->file.io_size = NUNITS * U;
	fx->file.real_size = NUNITS * U;
	fx->file.flags = VFILE_F_OPEN;
	fx->u.buf = aligned_alloc(4096, U);
	fx->oldb = malloc(U);
	fx->newb = malloc(U);
	assert_true(fx->u.buf && fx->oldb && fx->newb);
	fx->u.buf_cap = U;
	fx->u.file = &fx->file;
	vconf(&c, fx, true);
	vmake(fx, &c);
	assert_int_equal(verifier_journal_start(fx->v), 0);
	vwrite(fx, 2, false);
	memcpy(fx->oldb, fx->u.buf, U);
	vwrite(fx, 5, false);
	vwrite(fx, 2, true);
	memcpy(fx->newb, fx->u.buf, U);
	vdrop(fx);	/* the crash */
	vconf(&c, fx, false);
	vmake(fx, &c);
	*state = fx;
	return 0;
}

static int vfx_teardown(void **state)
{
	struct vfx *fx = *state;
	char p[PATH_MAX + 64];

	vdrop(fx);
	close(fx->file.fd);
	unlink(fx->path);
	unlink(fx->spath);
	snprintf(p, sizeof(p), "%s%s", fx->spath, VJ_SUFFIX);
	unlink(p);
	free(fx->u.buf);
	free(fx->oldb);
	free(fx->newb);
	free(fx);
	return 0;
}

/* Check unit n holding the U bytes at b. */
static bool vcheck(struct vfx *fx, uint64_t n, const uint8_t *b)
{
	struct capture ce;
	bool ok;

	fx->u.ddir = DDIR_READ;
	fx->u.offset = n * U;
	fx->u.len = U;
	memcpy(fx->u.buf, b, U);
	capture_start(&ce, STDERR_FILENO);
	ok = verifier_check(fx->v, fx->w, &fx->u);
	{
		const char *e = capture_end(&ce, STDERR_FILENO);

		if (getenv("SHOW"))
			fprintf(stderr, "%s", e);
	}
	return ok;
}

static void test_journal__inflight_verdicts(void **state)
{
	struct vfx *fx = *state;
	uint64_t rec, nin;
	uint8_t *b = malloc(U);

	assert_non_null(b);
	assert_true(verifier_replay_info(fx->v, &rec, &nin));
	assert_int_equal(rec, 5);	/* intent, done, intent, done, intent */
	assert_int_equal(nin, 1);
	assert_true(vcheck(fx, 2, fx->newb));
	assert_int_equal(fx->st.inflight_new, 1);
	assert_true(vcheck(fx, 2, fx->oldb));
	assert_int_equal(fx->st.inflight_old, 1);
	/* sectors 0-2 new (the header with them), 3-7 old: a torn write */
	memcpy(b, fx->newb, U);
	memcpy(b + 1536, fx->oldb + 1536, U - 1536);
	assert_true(vcheck(fx, 2, b));
	/* the header sector old, the rest new */
	memcpy(b, fx->oldb, 512);
	memcpy(b + 512, fx->newb + 512, U - 512);
	assert_true(vcheck(fx, 2, b));
	assert_int_equal(fx->st.inflight_torn, 2);
	assert_int_equal(fx->st.failures, 0);
	/* beyond old and new: a zeroed sector, a flipped bit, garbage */
	memcpy(b, fx->newb, U);
	memset(b + 2048, 0, 512);
	assert_false(vcheck(fx, 2, b));
	assert_int_equal(fx->st.by_class[VCLASS_ZEROED] + fx->st.by_class[VCLASS_TORN], 1);
	memcpy(b, fx->oldb, U);
	b[3000] ^= 4;
	assert_false(vcheck(fx, 2, b));
	memset(b, 0x5a, U);
	assert_false(vcheck(fx, 2, b));
	assert_int_equal(fx->st.by_class[VCLASS_FOREIGN], 1);
	/* the acknowledged unit 5 must be new: its old (unwritten) content fails */
	memset(b, 0, U);
	assert_false(vcheck(fx, 5, b));
	assert_int_equal(fx->st.failures, 4);
	free(b);
}

/* verify_atomic_write_size = the unit: a torn unit is a failure. */
static void test_journal__atomic_unit(void **state)
{
	struct vfx *fx = *state;
	struct verify_conf c;
	uint8_t *b = malloc(U);

	assert_non_null(b);
	vdrop(fx);
	vconf(&c, fx, false);
	c.atomic_write = U;
	vmake(fx, &c);
	memcpy(b, fx->newb, U);
	memcpy(b + 1536, fx->oldb + 1536, U - 1536);
	assert_false(vcheck(fx, 2, b));
	assert_int_equal(fx->st.by_class[VCLASS_TORN], 1);
	/* 2k atomic pieces: a tear at 2k is fine, one at 1.5k is not */
	vdrop(fx);
	c.atomic_write = 2048;
	vmake(fx, &c);
	memcpy(b, fx->newb, U);
	memcpy(b + 2048, fx->oldb + 2048, U - 2048);
	assert_true(vcheck(fx, 2, b));
	assert_int_equal(fx->st.inflight_torn, 1);
	memcpy(b + 1536, fx->oldb + 1536, 512);
	assert_false(vcheck(fx, 2, b));
	free(b);
}

/* A rewrite without a journal saves the state: the open unit carries on. */
static void test_journal__carry_without_journal(void **state)
{
	struct vfx *fx = *state;
	struct verify_conf c;
	uint64_t rec, nin;

	vdrop(fx);
	vconf(&c, fx, false);
	c.verify_only = false;
	c.state_load = true;
	vmake(fx, &c);
	fx->u.ddir = DDIR_WRITE;
	fx->u.offset = 5 * U;
	fx->u.len = U;
	verifier_stamp(fx->v, &fx->u);
	verifier_write_done(fx->v, &fx->u);
	assert_int_equal(verifier_state_save(fx->v, true), 0);
	vdrop(fx);
	vconf(&c, fx, false);
	vmake(fx, &c);
	assert_true(verifier_replay_info(fx->v, &rec, &nin));
	assert_int_equal(rec, 1);	/* one CARRY */
	assert_int_equal(nin, 1);
	assert_true(vcheck(fx, 2, fx->oldb));
	assert_true(vcheck(fx, 2, fx->newb));
	assert_int_equal(fx->st.inflight_old + fx->st.inflight_new, 2);
}

/* A write that failed with an I/O error may have landed: old or new. */
static void test_journal__failed_write(void **state)
{
	struct vfx *fx = *state;
	struct verify_conf c;
	uint8_t *zero = calloc(1, U), *b = malloc(U);
	uint64_t rec, nin;

	assert_true(zero && b);
	vdrop(fx);
	vconf(&c, fx, true);
	c.state_load = true;
	vmake(fx, &c);
	assert_int_equal(verifier_journal_start(fx->v), 0);
	fx->u.ddir = DDIR_WRITE;
	fx->u.offset = 6 * U;
	fx->u.len = U;
	verifier_stamp(fx->v, &fx->u);
	assert_int_equal(verifier_journal_intent(fx->v, &fx->u), 0);
	assert_int_equal(verifier_journal_commit(fx->v), 0);
	memcpy(b, fx->u.buf, U);
	fx->u.error = -EIO;
	verifier_write_failed(fx->v, &fx->u);
	fx->u.error = 0;
	/* in this run: old (never written) or new, both fine */
	assert_true(vcheck(fx, 6, zero));
	assert_true(vcheck(fx, 6, b));
	assert_int_equal(fx->st.inflight_old + fx->st.inflight_new, 2);
	assert_int_equal(verifier_journal_commit(fx->v), 0);
	assert_int_equal(verifier_checkpoint(fx->v), 0);
	vdrop(fx);	/* a crash after a checkpoint: carried */
	vconf(&c, fx, false);
	vmake(fx, &c);
	assert_true(verifier_replay_info(fx->v, &rec, &nin));
	assert_int_equal(nin, 2);	/* unit 2 from the first crash, unit 6 */
	assert_true(vcheck(fx, 6, zero));
	assert_true(vcheck(fx, 6, b));
	assert_true(vcheck(fx, 2, fx->oldb));
	free(zero);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_journal__header_codec),
		cmocka_unit_test(test_journal__record_codec),
		cmocka_unit_test(test_journal__gen_range),
		cmocka_unit_test_setup_teardown(test_journal__replay_direct, jfx_setup, jfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__replay_buffered, jfx_setup, jfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__replay_carry_and_rewrite, jfx_setup,
						jfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__replay_refuses, jfx_setup, jfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__replay_staged, jfx_setup, jfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__torn_tail, jfx_setup, jfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__inflight_verdicts, vfx_setup, vfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__atomic_unit, vfx_setup, vfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__carry_without_journal, vfx_setup,
						vfx_teardown),
		cmocka_unit_test_setup_teardown(test_journal__failed_write, vfx_setup, vfx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
