/*
 * test-verifier.c - unit tests for src/verify/verifier.c, backlog.c and
 * vstate-glue.c: a verifier made from a verify_conf alone (no job), on a
 * temporary file, stamping writes and checking reads, finding injected
 * corruption, walking what was written, and saving / loading its state.
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
#include "timeutil.h"
#include "verify/backlog.h"
#include "verify/incident.h"
#include "verify/overlap.h"
#include "verify/verifier.h"
#include "verify/vmap.h"

#define U	4096u		/* the verify unit */
#define NUNITS	8u		/* units in the file */
#define BUFSZ	(4 * U)		/* one I/O buffer: the longest read */

/* A verifier on a temporary file of NUNITS units. */
struct fixture {
	char path[PATH_MAX];
	struct vfile file;
	struct verifier *v;
	struct vworker *w;
	struct verify_stats st;
	struct io_u u;
	atomic_bool stop;
	char err[32768];	/* what the last check() printed */
};

static void conf_init(struct verify_conf *c, struct fixture *fx)
{
	memset(c, 0, sizeof(*c));
	c->kind = VERIFY_CSUM;
	c->geom.unit_len = U;
	c->geom.sector_size = 512;
	c->geom.csum = csum_find("crc32c");
	c->mode = VERIFY_MODE_CHECKSUM;
	c->seed = 0x5eed;
	c->run_id = 0x1234;
	c->job_index = 3;
	c->name = "t";
	c->fatal = true;
	c->stop = &fx->stop;
	c->writes = true;
	c->verify_after_writes = true;
}

static void fx_verifier(struct fixture *fx, const struct verify_conf *c)
{
	int err;

	fx->v = verifier_new(c, &err);
	assert_non_null(fx->v);
	assert_int_equal(err, 0);
	assert_int_equal(verifier_attach(fx->v, &fx->file, 1, 4), 0);
	assert_int_equal(verifier_start(fx->v, BUFSZ), 0);
	memset(&fx->st, 0, sizeof(fx->st));
	fx->w = vworker_new(fx->v, &fx->st, &err);
	assert_non_null(fx->w);
}

static int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const char *base = getenv("TMPDIR");
	struct verify_conf c;

	assert_non_null(fx);
	snprintf(fx->path, sizeof(fx->path), "%s/verio-test-verifier.XXXXXX",
		 base && *base ? base : "/tmp");
	fx->file.fd = mkstemp(fx->path);
	assert_true(fx->file.fd >= 0);
	assert_int_equal(ftruncate(fx->file.fd, NUNITS * U), 0);
	fx->file.name = fx->path;
	fx->file.io_size = NUNITS * U;
	fx->file.real_size = NUNITS * U;
	fx->file.lbs = 512;
	fx->u.buf = aligned_alloc(4096, BUFSZ);
	assert_non_null(fx->u.buf);
	fx->u.buf_cap = BUFSZ;
	fx->u.file = &fx->file;
	conf_init(&c, fx);
	fx_verifier(fx, &c);
	*state = fx;
	return 0;
}

static void fx_drop_verifier(struct fixture *fx)
{
	vworker_free(fx->w);
	verifier_free(fx->v);
	fx->w = NULL;
	fx->v = NULL;
}

static int fx_teardown(void **state)
{
	struct fixture *fx = *state;

	fx_drop_verifier(fx);
	close(fx->file.fd);
	unlink(fx->path);
	free(fx->u.buf);
	free(fx);
	return 0;
}

/* Write units [first, first + n) through the verifier, to the file. */
static void do_write(struct fixture *fx, uint64_t first, uint64_t n)
{
	struct io_u *u = &fx->u;

	u->ddir = DDIR_WRITE;
	u->offset = first * U;
	u->len = n * U;
	verifier_stamp(fx->v, u);
	assert_int_equal(pwrite(fx->file.fd, u->buf, u->len, (off_t)u->offset),
			 (ssize_t)u->len);
	u->done = u->len;
	verifier_write_done(fx->v, u);
}

/* Read units [first, first + n) of the file into the io_u. */
static void do_read(struct fixture *fx, uint64_t first, uint64_t n)
{
	struct io_u *u = &fx->u;

	u->ddir = DDIR_READ;
	u->offset = first * U;
	u->len = n * U;
	assert_int_equal(pread(fx->file.fd, u->buf, u->len, (off_t)u->offset),
			 (ssize_t)u->len);
	u->done = u->len;
}

/* verifier_check() of the io_u, with stderr captured into fx->err. */
static bool check(struct fixture *fx)
{
	struct capture ce;
	bool ok;

	capture_start(&ce, STDERR_FILENO);
	ok = verifier_check(fx->v, fx->w, &fx->u);
	snprintf(fx->err, sizeof(fx->err), "%s", capture_end(&ce, STDERR_FILENO));
	return ok;
}

static void test_verifier__write_then_read(void **state)
{
	struct fixture *fx = *state;
	assert_true(verifier_stamps_writes(fx->v));
	assert_true(verifier_checks_reads(fx->v));
	assert_true(verifier_has_phase(fx->v));
	do_write(fx, 0, 2);
	do_write(fx, 4, 1);
	do_read(fx, 0, 2);
	assert_true(check(fx));
	assert_string_equal(fx->err, "");
	do_read(fx, 4, 1);
	assert_true(check(fx));
	assert_int_equal(fx->st.units, 3);
	assert_int_equal(fx->st.bytes, 3 * U);
	assert_int_equal(fx->st.failures, 0);
	/* never written: counted as such, not checked */
	do_read(fx, 2, 2);
	assert_true(check(fx));
	assert_int_equal(fx->st.unwritten, 2);
	assert_int_equal(fx->st.units, 3);
	assert_false(atomic_load(&fx->stop));
}

/* Damage done to the units read (units 0..3 of the buffer, unit 2 is
 * written twice so it is generation 2; old holds its generation 1). */
enum damage { FLIP, ZERO_SECTOR, OLDER_GEN };

static void damage(struct fixture *fx, enum damage d, const uint8_t *old)
{
	uint8_t *b = fx->u.buf;

	switch (d) {
	case FLIP:
		b[1 * U + 1000] ^= 0x08;
		break;
	case ZERO_SECTOR:
		memset(b + 3 * U + 1024, 0, 512);
		break;
	case OLDER_GEN:
		memcpy(b + 2 * U, old, U);
		break;
	}
}

static void test_verifier__corruption_classes(void **state)
{
	static const struct {
		enum damage d;
		unsigned cls;
		uint64_t offset;
		const char *says;
	} t[] = {
		{ FLIP, VCLASS_BITFLIP, 1 * U, "offset 4096, length 4096 (requested block: "
		  "offset=0, length=16384): bit flips (1 bits in 1 bytes, first at bit 8003 of the unit)" },
		{ ZERO_SECTOR, VCLASS_ZEROED, 3 * U, "offset 12288, length 4096 (requested "
		  "block: offset=0, length=16384): zeroed" },
		{ OLDER_GEN, VCLASS_STALE, 2 * U, "offset 8192, length 4096 (requested block: "
		  "offset=0, length=16384): stale (generation 1, expected 2: a lost write)" },
	};
	struct fixture *fx = *state;
	uint8_t old[U];

	do_write(fx, 0, 4);
	do_read(fx, 2, 1);
	memcpy(old, fx->u.buf, U);
	do_write(fx, 2, 1);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		memset(&fx->st, 0, sizeof(fx->st));
		atomic_store(&fx->stop, false);
		do_read(fx, 0, 4);
		assert_true(check(fx));
		damage(fx, t[i].d, old);
		assert_false(check(fx));
		assert_int_equal(fx->st.failures, 1);
		assert_int_equal(fx->st.units, 8);
		assert_int_equal(fx->st.by_class[t[i].cls], 1);
		assert_int_equal(fx->st.nr_inc, 1);
		assert_int_equal(fx->st.inc[0].cls, t[i].cls);
		assert_int_equal(fx->st.inc[0].offset, t[i].offset);
		assert_string_equal(fx->st.inc[0].file, fx->path);
		assert_string_equal(fx->st.inc[0].algo, "crc32c");
		if (!strstr(fx->err, t[i].says) ||
		    !strstr(fx->err, "verio: job 't': verify failed"))
			fail_msg("case %zu printed:\n%s", i, fx->err);
		assert_true(atomic_load(&fx->stop));	/* fatal */
	}
	assert_int_equal(fx->st.inc[0].found_gen, 1);
	assert_int_equal(fx->st.inc[0].exp_gen, 2);
}

/*
 * The verify map: each unit read judged counts in its cell as verified
 * or failed (never-written units in neither), the failure by class, the
 * written units from the generation map; an incident found after the
 * epoch carries its time.
 */
static void test_verifier__map(void **state)
{
	static const uint64_t want_written[NUNITS] = { 1, 1, 1, 1, 1, 1, 0, 0 };
	static const uint64_t want_verified[NUNITS] = { 2, 1, 2, 2, 0, 0, 0, 0 };
	static const uint64_t want_failed[NUNITS] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	struct fixture *fx = *state;
	const struct vmap *m;
	const struct vmap_fail *f;
	uint64_t written[NUNITS] = { 0 };
	size_t nr;

	do_write(fx, 0, 4);
	do_write(fx, 4, 2);
	verifier_set_epoch(fx->v, now_ns());
	do_read(fx, 0, 4);
	assert_true(check(fx));
	damage(fx, FLIP, NULL);		/* unit 1 */
	assert_false(check(fx));
	do_read(fx, 6, 2);		/* never written */
	assert_true(check(fx));
	m = verifier_vmap(fx->v, 0);
	assert_non_null(m);
	assert_int_equal(m->cells, NUNITS);	/* 8 units: one a cell */
	assert_int_equal(m->unit, U);
	for (uint32_t c = 0; c < NUNITS; c++) {
		assert_int_equal(vmap_verified(m, c), want_verified[c]);
		assert_int_equal(vmap_failed(m, c), want_failed[c]);
	}
	f = vmap_fails(m, &nr);
	assert_int_equal(nr, 1);
	assert_int_equal(f[0].cell, 1);
	assert_int_equal(f[0].cls, VCLASS_BITFLIP);
	assert_int_equal(f[0].count, 1);
	assert_true(verifier_vmap_written(fx->v, 0, written));
	assert_memory_equal(written, want_written, sizeof(written));
	assert_int_equal(fx->st.nr_inc, 1);
	assert_true(fx->st.inc[0].time_known);
	assert_true(fx->st.inc[0].time_ms < 60000);
	assert_null(verifier_vmap(fx->v, 1));
}

/*
 * The writer's own map knows the run and the writer (run_known): a valid
 * unit of another run is "from another run", one of another clone "other
 * writer", never foreign or passed; and only print_max units print.
 */
static void test_verifier__other_run_and_writer(void **state)
{
	struct fixture *fx = *state;
	struct verify_conf c;
	struct vunit_geom g = { .unit_len = U, .sector_size = 512,
				.csum = csum_find("crc32c") };
	struct vunit_id other = { .offset = 1 * U, .gen = 1, .run_id = 0x9999,
				  .seed = 0x5eed, .job = 3 };
	struct csum_ctx cc;

	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.fatal = false;
	c.print_max = 1;
	fx_verifier(fx, &c);
	assert_int_equal(csum_ctx_init(&cc, g.csum), 0);
	do_write(fx, 0, 4);
	do_read(fx, 0, 4);
	vunit_build(fx->u.buf + 1 * U, &g, &other, &cc);	/* another run */
	other.offset = 2 * U;
	other.run_id = 0x1234;
	other.clone = 1;					/* another clone */
	vunit_build(fx->u.buf + 2 * U, &g, &other, &cc);
	assert_false(check(fx));
	assert_int_equal(fx->st.failures, 2);
	assert_int_equal(fx->st.by_class[VCLASS_OTHER_RUN], 1);
	assert_int_equal(fx->st.by_class[VCLASS_OTHER_WRITER], 1);
	assert_int_equal(fx->st.inc[0].writer_run, 0x9999);
	assert_int_equal(fx->st.inc[0].exp_run, 0x1234);
	assert_true(fx->st.inc[0].exp_writer_known);
	assert_int_equal(fx->st.inc[1].writer_clone, 1);
	/* print_max = 1: the first in full, the second only counted */
	assert_int_equal(fx->st.printed, 1);
	assert_non_null(strstr(fx->err, "from another run (written by run 0000000000009999 at "));
	assert_null(strstr(fx->err, "other writer"));
	csum_ctx_release(&cc);
}

/* The verify phase reads back runs of written units, one buffer at most. */
static void test_verifier__walk(void **state)
{
	static const struct {
		uint64_t offset, len;
	} want[] = {
		{ 0, 4 * U }, { 4 * U, 1 * U }, { 6 * U, 2 * U },
	};
	struct fixture *fx = *state;

	do_write(fx, 0, 4);
	do_write(fx, 4, 1);
	do_write(fx, 6, 2);
	do_write(fx, 0, 1);
	assert_false(verifier_backlog_due(fx->v));
	verifier_walk_start(fx->v);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
			assert_int_equal(verifier_walk_next(fx->v, &fx->u), 0);
			assert_ptr_equal(fx->u.file, &fx->file);
			assert_int_equal(fx->u.ddir, DDIR_READ);
			assert_int_equal(fx->u.offset, want[i].offset);
			assert_int_equal(fx->u.len, want[i].len);
		}
		assert_int_equal(verifier_walk_next(fx->v, &fx->u), -ENOENT);
		verifier_walk_start(fx->v);
	}
}

/* verify_backlog=2: due after two writes; a batch reads them back in order. */
static void test_verifier__backlog(void **state)
{
	struct fixture *fx = *state;
	struct verify_conf c;

	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.backlog = 2;
	fx_verifier(fx, &c);
	do_write(fx, 5, 1);
	assert_false(verifier_backlog_due(fx->v));
	do_write(fx, 1, 2);
	assert_true(verifier_backlog_due(fx->v));
	assert_int_equal(verifier_backlog_next(fx->v, &fx->u), 0);
	assert_int_equal(fx->u.offset, 5 * U);
	assert_int_equal(fx->u.len, U);
	assert_int_equal(verifier_backlog_next(fx->v, &fx->u), 0);
	assert_int_equal(fx->u.offset, 1 * U);
	assert_int_equal(fx->u.len, 2 * U);
	assert_int_equal(verifier_backlog_next(fx->v, &fx->u), -ENOENT);
	assert_false(verifier_backlog_due(fx->v));
	/* the verify phase takes what is left of the backlog, then ends */
	do_write(fx, 7, 1);
	verifier_walk_start(fx->v);
	assert_int_equal(verifier_walk_next(fx->v, &fx->u), 0);
	assert_int_equal(fx->u.offset, 7 * U);
	assert_int_equal(verifier_walk_next(fx->v, &fx->u), -ENOENT);
}

/* Saved by a writer, loaded by a verify_only reader: same verdicts. */
static void test_verifier__state_round_trip(void **state)
{
	struct fixture *fx = *state;
	struct verify_conf c;
	char spath[PATH_MAX + 16], why[512];

	snprintf(spath, sizeof(spath), "%s.state", fx->path);
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.state_path = spath;
	c.state_save = true;
	fx_verifier(fx, &c);
	do_write(fx, 1, 1);
	assert_string_equal(verifier_state_path(fx->v), spath);
	assert_int_equal(verifier_state_save(fx->v, true), 0);

	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.state_path = spath;
	c.verify_only = true;
	c.seed = 0;		/* both come from the state */
	c.run_id = 0;
	fx_verifier(fx, &c);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), 0);
	do_read(fx, 0, 2);
	assert_true(check(fx));
	assert_int_equal(fx->st.units, 1);
	assert_int_equal(fx->st.unwritten, 1);

	/* another unit length: refused, and said why */
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.state_path = spath;
	c.state_load = true;
	c.geom.unit_len = 2 * U;
	fx_verifier(fx, &c);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "saved verify state does not match this job: "));
	unlink(spath);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "cannot load verify state"));
}

/* Trim units [first, first + n): a hole in the file, then the verifier. */
static void do_trim(struct fixture *fx, uint64_t first, uint64_t n)
{
	struct io_u *u = &fx->u;

	u->ddir = DDIR_TRIM;
	u->offset = first * U;
	u->len = n * U;
	assert_int_equal(fallocate(fx->file.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				   (off_t)u->offset, (off_t)u->len), 0);
	u->done = u->len;
	verifier_trim_done(fx->v, u);
}

/*
 * A trimmed unit reads back as zeroes and passes (counted as trimmed),
 * whatever it held, also never written; data there fails as "not zero
 * after trim", and says so when it is the write from before the trim;
 * a write makes it an ordinary unit again; trim_verify_zero=0 accepts
 * anything; a saved and loaded state keeps the trims.
 */
static void test_verifier__trimmed_units(void **state)
{
	struct fixture *fx = *state;
	struct verify_conf c;
	char spath[PATH_MAX + 16], why[512];
	uint8_t *old = malloc(U);

	assert_non_null(old);
	snprintf(spath, sizeof(spath), "%s.state", fx->path);
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.trims = true;
	c.trim_zero = true;
	c.state_path = spath;
	c.state_save = true;
	fx_verifier(fx, &c);
	do_write(fx, 0, 4);
	memcpy(old, fx->u.buf + U, U);		/* unit 1 as written */
	do_trim(fx, 1, 2);
	do_trim(fx, 6, 1);			/* never written */
	do_read(fx, 0, 4);
	assert_true(check(fx));
	do_read(fx, 6, 1);
	assert_true(check(fx));
	assert_int_equal(fx->st.units, 5);
	assert_int_equal(fx->st.trimmed, 3);
	assert_int_equal(fx->st.failures, 0);

	/* the trim did not take: its old write is still there */
	assert_int_equal(pwrite(fx->file.fd, old, U, U), (ssize_t)U);
	do_read(fx, 1, 1);
	assert_false(check(fx));
	assert_int_equal(fx->st.by_class[VCLASS_TRIM_NOT_ZERO], 1);
	assert_non_null(strstr(fx->err, "offset 4096, length 4096 (requested block: "
			       "offset=4096, length=4096): not zero after trim (trimmed: "
			       "zeroes expected; "));
	assert_non_null(strstr(fx->err, "the trim did not take"));
	/* one byte: no note, the first bad sector named */
	assert_int_equal(pwrite(fx->file.fd, "x", 1, 2 * U + 1500), 1);
	do_read(fx, 2, 1);
	assert_false(check(fx));
	assert_non_null(strstr(fx->err, "1 bytes are not zero, the first in the sector "
			       "at offset 9216)"));
	assert_null(strstr(fx->err, "did not take"));
	assert_int_equal(fx->st.failures, 2);

	/* written again: an ordinary unit, of the next generation */
	do_write(fx, 2, 1);
	do_read(fx, 2, 1);
	assert_true(check(fx));
	assert_int_equal(fx->st.failures, 2);
	assert_int_equal(verifier_state_save(fx->v, true), 0);

	/* trim_verify_zero=0, from the saved state: unit 1 (old data) passes */
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.state_path = spath;
	c.verify_only = true;
	c.trim_zero = false;
	fx_verifier(fx, &c);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), 0);
	assert_int_equal(verifier_units_expected(fx->v), 5);
	do_read(fx, 0, 4);
	assert_true(check(fx));
	assert_int_equal(fx->st.trimmed, 1);
	assert_int_equal(fx->st.units, 4);

	/* and with trim_verify_zero=1 it fails again: the trim was kept */
	fx_drop_verifier(fx);
	c.trim_zero = true;
	fx_verifier(fx, &c);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), 0);
	do_read(fx, 1, 1);
	assert_false(check(fx));
	do_read(fx, 6, 1);
	assert_true(check(fx));
	assert_int_equal(fx->st.trimmed, 2);
	unlink(spath);
	free(old);
}

/* A verify_only verifier without state that replays marks m[] (units). */
static void fx_replay(struct fixture *fx, const unsigned *m, size_t n)
{
	struct verify_conf c;
	uint64_t w, nw;

	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.verify_only = true;
	c.seed = 0;		/* unknown: learnt from the headers */
	c.run_id = 0;
	fx_verifier(fx, &c);
	assert_true(verifier_replay_wanted(fx->v));
	for (size_t i = 0; i < n; i++)
		verifier_replay_mark(fx->v, 0, (uint64_t)m[i] * U, U);
	verifier_replay_mark(fx->v, 1, 0, U);		/* no such file: ignored */
	verifier_replay_done(fx->v, &w, &nw);
	assert_int_equal(w + nw, NUNITS);
}

/*
 * verify_only without state: the replayed writes are what is checked
 * (unit 3 written twice holds generation 2), unwritten units are never
 * read, and the run and seed come from the headers, so a unit another
 * run wrote fails.
 */
static void test_verifier__replay(void **state)
{
	static const unsigned marks[] = { 1, 2, 3, 3 };
	struct fixture *fx = *state;
	struct verify_conf c;
	uint64_t run, seed;

	do_write(fx, 1, 3);
	do_write(fx, 3, 1);
	fx_replay(fx, marks, ARRAY_SIZE(marks));
	assert_false(verifier_replay_run(fx->v, &run, &seed));
	verifier_walk_start(fx->v);
	assert_true(verifier_replay_run(fx->v, &run, &seed));
	assert_int_equal(run, 0x1234);
	assert_int_equal(seed, 0x5eed);
	assert_int_equal(verifier_walk_next(fx->v, &fx->u), 0);
	assert_int_equal(fx->u.offset, 1 * U);
	assert_int_equal(fx->u.len, 3 * U);
	assert_int_equal(verifier_walk_next(fx->v, &fx->u), -ENOENT);
	do_read(fx, 0, 4);
	assert_true(check(fx));
	assert_int_equal(fx->st.units, 3);
	assert_int_equal(fx->st.unwritten, 1);

	/* another run (own seed) rewrites unit 1: caught */
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.run_id = 0x9999;
	c.seed = 0x7777;
	fx_verifier(fx, &c);
	do_write(fx, 1, 1);
	fx_replay(fx, marks, ARRAY_SIZE(marks));
	verifier_walk_start(fx->v);
	assert_true(verifier_replay_run(fx->v, &run, &seed));
	assert_int_equal(run, 0x1234);
	do_read(fx, 1, 3);
	assert_false(check(fx));
	assert_int_equal(fx->st.failures, 1);
	assert_int_equal(fx->st.inc[0].offset, 1 * U);
	assert_int_equal(fx->st.units, 3);
}

/* Generations that started above 1 (a run after a saved state) replay too. */
static void test_verifier__replay_base(void **state)
{
	static const unsigned marks[] = { 0, 1 };
	struct fixture *fx = *state;

	do_write(fx, 0, 2);
	do_write(fx, 0, 2);
	do_write(fx, 0, 2);	/* generation 3, the replay counts 1 */
	fx_replay(fx, marks, ARRAY_SIZE(marks));
	verifier_walk_start(fx->v);
	do_read(fx, 0, 2);
	assert_true(check(fx));
	assert_int_equal(fx->st.units, 2);
	assert_false(verifier_replay_wanted(NULL));
}

/*
 * verify=pattern without %o: every write gets the pattern, even when the
 * buffer last held a read (rw=readwrite wrote back what it had read).
 */
static void test_verifier__pattern_after_read(void **state)
{
	static const uint8_t pat[] = { 0xde, 0xad, 0xfa, 0xce };
	struct fixture *fx = *state;
	struct verify_conf c;

	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.kind = VERIFY_PATTERN;
	c.geom.csum = NULL;
	c.pattern = pat;
	c.pattern_len = sizeof(pat);
	fx_verifier(fx, &c);
	assert_true(verifier_stamps_writes(fx->v));
	verifier_prefill(fx->v, fx->u.buf, BUFSZ);
	do_read(fx, 4, 2);		/* zeros land in the buffer */
	do_write(fx, 0, 2);
	do_read(fx, 0, 2);
	assert_true(check(fx));
	assert_int_equal(fx->u.buf[U + 5], 0xad);
	assert_int_equal(fx->st.units, 2);
}

/* What a stopped job's report reads: was a state loaded, how much to check. */
static void test_verifier__loaded_and_expected(void **state)
{
	struct fixture *fx = *state;
	struct verify_conf c;
	char spath[PATH_MAX + 16], why[512];

	snprintf(spath, sizeof(spath), "%s.state", fx->path);
	/* A writer's map says what is on the media: the written units. */
	assert_false(verifier_state_loaded(fx->v));
	assert_int_equal(verifier_units_expected(fx->v), 0);
	do_write(fx, 2, 3);
	assert_int_equal(verifier_units_expected(fx->v), 3);

	/* verify_only without a state: every unit of the region, none loaded. */
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.state_path = spath;
	c.verify_only = true;
	fx_verifier(fx, &c);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), 0);
	assert_false(verifier_state_loaded(fx->v));
	assert_int_equal(verifier_units_expected(fx->v), NUNITS);

	/* With one: loaded, and the units it says were written. */
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.state_path = spath;
	c.state_save = true;
	fx_verifier(fx, &c);
	do_write(fx, 0, 2);
	assert_int_equal(verifier_state_save(fx->v, true), 0);
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.state_path = spath;
	c.verify_only = true;
	fx_verifier(fx, &c);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), 0);
	assert_true(verifier_state_loaded(fx->v));
	assert_int_equal(verifier_units_expected(fx->v), 2);
	unlink(spath);
	assert_false(verifier_state_loaded(NULL));
	assert_int_equal(verifier_units_expected(NULL), 0);
}

/* A reader of spath, a state saved by the fixture's file. */
static void fx_reader(struct fixture *fx, const char *spath, uint32_t hdr_off)
{
	struct verify_conf c;
	char why[512];

	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.geom.hdr_off = hdr_off;
	c.state_path = spath;
	c.verify_only = true;
	c.state_load = true;
	c.seed = 0;
	c.run_id = 0;
	fx_verifier(fx, &c);
	assert_int_equal(verifier_state_load(fx->v, why, sizeof(why)), 0);
}

/*
 * A checkpoint (not clean): a unit this run wrote after it is unjudged,
 * not failed; the same unit against a clean state is a failure.  A second
 * run continues the generations, and its reader checks each unit against
 * the run that wrote it.
 */
static void checkpoint_and_runs(struct fixture *fx, uint32_t hdr_off)
{
	struct verify_conf c;
	char spath[PATH_MAX + 16], why[512];
	bool clean;
	uint64_t seq;

	snprintf(spath, sizeof(spath), "%s.ckpt", fx->path);
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.geom.hdr_off = hdr_off;
	c.state_path = spath;
	c.state_save = true;
	fx_verifier(fx, &c);
	do_write(fx, 0, 2);
	assert_int_equal(verifier_state_save(fx->v, false), 0);
	do_write(fx, 0, 1);		/* after the checkpoint: generation 2 */

	fx_reader(fx, spath, hdr_off);
	assert_true(verifier_state_info(fx->v, &clean, &seq));
	assert_false(clean);
	assert_int_equal(seq, 1);
	do_read(fx, 0, 2);
	assert_true(check(fx));
	assert_int_equal(fx->st.unjudged, 1);
	assert_int_equal(fx->st.units, 1);
	assert_int_equal(fx->st.failures, 0);

	/* the second run: continues above generation 1 of the saved map */
	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.geom.hdr_off = hdr_off;
	c.state_path = spath;
	c.state_save = true;
	c.seed = 0x5eee;
	c.run_id = 0x9999;
	fx_verifier(fx, &c);
	assert_int_equal(verifier_state_continue(fx->v, why, sizeof(why)), 0);
	do_write(fx, 1, 1);		/* generation 2, run 0x9999 */
	assert_int_equal(verifier_state_save(fx->v, true), 0);

	/* unit 0 holds generation 2 of the first run: the map says 1 */
	fx_reader(fx, spath, hdr_off);
	assert_true(verifier_state_info(fx->v, &clean, &seq));
	assert_true(clean);
	assert_int_equal(seq, 2);
	do_read(fx, 1, 1);
	assert_true(check(fx));		/* run 0x9999's seed and id */
	do_read(fx, 0, 1);
	assert_false(check(fx));	/* clean: newer than the map fails */
	assert_int_equal(fx->st.unjudged, 0);
	assert_int_equal(fx->st.failures, 1);
	unlink(spath);
}

static void test_verifier__checkpoint_and_runs(void **state)
{
	checkpoint_and_runs(*state, 0);
	checkpoint_and_runs(*state, 1024);	/* verify_offset: header inside */
}

/* ---- verify_overlap ---------------------------------------------------- */

/* An overlap verifier on the fixture's file, its table, io_us 0..3. */
struct ovfx {
	struct io_u io[4];
	uint8_t *buf[4];
	struct vovl *t;
};

static void ov_setup(struct fixture *fx, struct ovfx *o, uint32_t atomic_write)
{
	struct verify_conf c;

	fx_drop_verifier(fx);
	conf_init(&c, fx);
	c.overlap = true;
	c.atomic_write = atomic_write;
	c.overlap_bytes = atomic_write == 1;	/* 1: a page cache's byte mixes */
	if (atomic_write == 1)
		c.atomic_write = 0;
	fx_verifier(fx, &c);
	o->t = vovl_new(NUNITS);
	assert_non_null(o->t);
	assert_int_equal(verifier_overlap_start(fx->v, 4, BUFSZ), -EINVAL);	/* no table */
	assert_int_equal(verifier_overlap_share(fx->v, 0, o->t, 0), 0);
	assert_int_equal(verifier_overlap_share(fx->v, 0, o->t, 0), -EINVAL);	/* twice */
	vovl_put(o->t);		/* the verifier holds it */
	assert_int_equal(verifier_overlap_start(fx->v, 4, BUFSZ), 0);
	assert_true(verifier_overlapping(fx->v));
	for (unsigned i = 0; i < 4; i++) {
		o->buf[i] = aligned_alloc(4096, BUFSZ);
		assert_non_null(o->buf[i]);
		o->io[i] = (struct io_u){ .buf = o->buf[i], .buf_cap = BUFSZ, .index = i,
					  .file = &fx->file, .len = U };
	}
}

static void ov_free(struct ovfx *o)
{
	for (unsigned i = 0; i < 4; i++)
		free(o->buf[i]);
}

/* io_u i issues a write of unit (stamped: its content in buf[i]). */
static void ov_issue_write(struct fixture *fx, struct ovfx *o, unsigned i, uint64_t unit)
{
	o->io[i].ddir = DDIR_WRITE;
	o->io[i].offset = unit * U;
	verifier_stamp(fx->v, &o->io[i]);
}

static void ov_done(struct fixture *fx, struct ovfx *o, unsigned i)
{
	o->io[i].done = U;
	verifier_write_done(fx->v, &o->io[i]);
}

/* io_u 3 reads unit: issued now, reaped (and checked) by ov_check(). */
static void ov_read(struct fixture *fx, struct ovfx *o, uint64_t unit)
{
	o->io[3].ddir = DDIR_READ;
	o->io[3].offset = unit * U;
	verifier_read_issue(fx->v, &o->io[3]);
}

/* The read finds sectors [0, cut) of write a's content, the rest of b's. */
static bool ov_check(struct fixture *fx, struct ovfx *o, unsigned a, unsigned b, unsigned cut)
{
	struct capture ce;
	bool ok;

	memcpy(o->buf[3], o->buf[a], cut * 512);
	memcpy(o->buf[3] + cut * 512, o->buf[b] + cut * 512, U - cut * 512);
	o->io[3].done = U;
	verifier_read_reaped(fx->v, &o->io[3]);
	capture_start(&ce, STDERR_FILENO);
	ok = verifier_check(fx->v, fx->w, &o->io[3]);
	snprintf(fx->err, sizeof(fx->err), "%s", capture_end(&ce, STDERR_FILENO));
	return ok;
}

static void test_verifier__overlap_legal(void **state)
{
	struct fixture *fx = *state;
	struct ovfx o;

	ov_setup(fx, &o, 0);
	/* Nothing issued yet: unwritten, not judged. */
	memset(o.buf[0], 0, U);
	ov_read(fx, &o, 0);
	assert_true(ov_check(fx, &o, 0, 0, 0));
	assert_int_equal(fx->st.unwritten, 1);

	/* W1 (gen 1) and W2 (gen 2) of unit 0 in flight together; a read
	 * issued meanwhile may see what was there (zeroes) or either. */
	ov_issue_write(fx, &o, 0, 0);
	ov_issue_write(fx, &o, 1, 0);
	memset(o.buf[2], 0, U);
	ov_read(fx, &o, 0);
	assert_true(ov_check(fx, &o, 2, 2, 0));
	ov_read(fx, &o, 0);
	assert_true(ov_check(fx, &o, 1, 1, 0));
	assert_int_equal(fx->st.ovl_before, 1);
	assert_int_equal(fx->st.ovl_newer, 1);

	/* W1 completes, then W2: W2 is the last, W1 was beside it. */
	ov_done(fx, &o, 0);
	ov_done(fx, &o, 1);
	ov_read(fx, &o, 0);
	assert_true(ov_check(fx, &o, 1, 1, 0));
	assert_int_equal(fx->st.ovl_current, 1);
	ov_read(fx, &o, 0);
	assert_true(ov_check(fx, &o, 0, 0, 0));
	assert_int_equal(fx->st.ovl_older, 1);
	/* Sector by sector: W2's first half (its header), W1's second; and
	 * the other way round. */
	ov_read(fx, &o, 0);
	assert_true(ov_check(fx, &o, 1, 0, 4));
	ov_read(fx, &o, 0);
	assert_true(ov_check(fx, &o, 0, 1, 3));
	assert_int_equal(fx->st.ovl_mixed, 2);
	/* The zeroes from before are gone for good. */
	ov_read(fx, &o, 0);
	assert_false(ov_check(fx, &o, 2, 2, 0));
	assert_int_equal(fx->st.by_class[VCLASS_ZEROED], 1);
	assert_non_null(strstr(fx->err, "legal generations for this read (verify_overlap): "
				     "2 (last completed), 1 (in flight beside it)"));
	assert_int_equal(fx->st.failures, 1);
	assert_int_equal(fx->st.units, 7);
	ov_free(&o);
}

static void test_verifier__overlap_illegal(void **state)
{
	struct fixture *fx = *state;
	struct ovfx o;

	ov_setup(fx, &o, 0);
	/* W1 then W2 of unit 1, one after the other: W1 is superseded. */
	ov_issue_write(fx, &o, 0, 1);
	ov_done(fx, &o, 0);
	ov_issue_write(fx, &o, 1, 1);
	ov_done(fx, &o, 1);
	ov_read(fx, &o, 1);
	assert_false(ov_check(fx, &o, 0, 0, 0));
	assert_int_equal(fx->st.by_class[VCLASS_STALE], 1);
	assert_non_null(strstr(fx->err, "offset 4096, length 4096"));
	assert_non_null(strstr(fx->err, "(verify_overlap): 2 (last completed)\n"));
	/* Half of each: the older half is stale, the unit torn. */
	ov_read(fx, &o, 1);
	assert_false(ov_check(fx, &o, 1, 0, 4));
	assert_int_equal(fx->st.by_class[VCLASS_TORN], 1);
	assert_int_equal(fx->st.ovl_mixed_illegal, 1);
	/* W3 issued after the read was reaped cannot be there. */
	ov_read(fx, &o, 1);
	o.io[3].done = U;
	verifier_read_reaped(fx->v, &o.io[3]);
	ov_issue_write(fx, &o, 2, 1);
	memcpy(o.buf[3], o.buf[2], U);
	assert_false(verifier_check(fx->v, fx->w, &o.io[3]));
	assert_int_equal(fx->st.by_class[VCLASS_NEWER], 1);
	/* ... but one issued before the reap can. */
	ov_read(fx, &o, 1);
	assert_true(ov_check(fx, &o, 2, 2, 0));
	assert_int_equal(fx->st.ovl_newer, 1);
	assert_int_equal(fx->st.failures, 3);
	ov_free(&o);
}

/* Atomic writes: a mix of two legal writes inside a unit is torn. */
static void test_verifier__overlap_atomic(void **state)
{
	struct fixture *fx = *state;
	struct ovfx o;

	ov_setup(fx, &o, U);
	ov_issue_write(fx, &o, 0, 2);
	ov_issue_write(fx, &o, 1, 2);
	ov_done(fx, &o, 1);
	ov_done(fx, &o, 0);
	ov_read(fx, &o, 2);
	assert_true(ov_check(fx, &o, 0, 0, 0));		/* W1 whole: legal */
	ov_read(fx, &o, 2);
	assert_false(ov_check(fx, &o, 1, 0, 4));
	assert_int_equal(fx->st.by_class[VCLASS_TORN], 1);
	assert_int_equal(fx->st.ovl_older, 1);
	ov_free(&o);
}

/* Through a page cache: bytes of two legal writes, mixed inside sectors. */
static void test_verifier__overlap_bytes(void **state)
{
	struct fixture *fx = *state;
	struct ovfx o;

	for (int bytes = 0; bytes < 2; bytes++) {
		ov_setup(fx, &o, bytes ? 1 : 0);
		ov_issue_write(fx, &o, 0, 3);
		ov_issue_write(fx, &o, 1, 3);
		ov_done(fx, &o, 0);
		ov_done(fx, &o, 1);
		ov_read(fx, &o, 3);
		memcpy(o.buf[2], o.buf[1], U);
		for (unsigned b = 700; b < 3000; b += 3)	/* every third byte */
			o.buf[2][b] = o.buf[0][b];
		assert_int_equal(ov_check(fx, &o, 2, 2, 0), bytes == 1);
		assert_int_equal(fx->st.ovl_mixed, bytes == 1);
		/* A byte neither wrote: a failure either way. */
		o.buf[2][2000] = (uint8_t)~(o.buf[0][2000] | o.buf[1][2000]);
		ov_read(fx, &o, 3);
		assert_false(ov_check(fx, &o, 2, 2, 0));
		assert_int_equal(fx->st.failures, bytes ? 1 : 2);
		ov_free(&o);
	}
}

static void test_verifier__bad_conf(void **state)
{
	struct fixture *fx = *state;
	struct verify_conf c;
	int err;

	conf_init(&c, fx);
	c.kind = VERIFY_NONE;
	assert_null(verifier_new(&c, &err));
	assert_int_equal(err, -EINVAL);
	conf_init(&c, fx);
	c.geom.unit_len = 1000;		/* not whole sectors */
	assert_null(verifier_new(&c, &err));
	assert_int_equal(err, -EINVAL);
	conf_init(&c, fx);
	c.kind = VERIFY_PATTERN;	/* without a pattern */
	assert_null(verifier_new(&c, &err));
	assert_int_equal(err, -EINVAL);
	verifier_free(NULL);
	vworker_free(NULL);
	assert_false(verifier_stamps_writes(NULL));
	assert_false(verifier_checks_reads(NULL));
	assert_false(verifier_has_phase(NULL));
	assert_int_equal(verify_kind_of("crc32c", NULL), VERIFY_CSUM);
	assert_int_equal(verify_kind_of("pattern_hdr", NULL), VERIFY_PATTERN_HDR);
	assert_int_equal(verify_kind_of("nope", NULL), VERIFY_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_verifier__write_then_read, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__trimmed_units, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__other_run_and_writer, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__corruption_classes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__map, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__walk, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__backlog, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__state_round_trip, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__replay, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__replay_base, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__pattern_after_read, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__loaded_and_expected, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__checkpoint_and_runs, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__overlap_legal, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__overlap_illegal, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__overlap_atomic, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__overlap_bytes, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_verifier__bad_conf, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
