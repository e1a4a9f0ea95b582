/*
 * test-mirror.c - unit tests for the mirror filter engine (engines/mirror.c)
 * over psync and, when built, io_uring: writes reach both sides, reads are
 * compared, a difference or a reference error is flagged; and for the
 * mirror counts (src/report/mirror.c).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io_u.h"
#include "ioengine.h"
#include "mirror.h"
#include "config/options.h"
#include "report/mirror.h"
#include "verify/format.h"

static void test_mirror__first_diff(void **state)
{
	static const struct { uint64_t len, at; } cases[] = {
		{ 0, 0 }, { 1, 0 }, { 63, 62 }, { 64, 63 }, { 65, 64 }, { 4096, 4095 },
		{ 4096, 1000 }, { 4096, 4096 /* none */ },
	};
	uint8_t a[4096], b[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(a, 0x5a, sizeof(a));
		memset(b, 0x5a, sizeof(b));
		if (cases[i].at < cases[i].len)
			b[cases[i].at] ^= 0x10;
		assert_int_equal(mirror_first_diff(a, b, cases[i].len), cases[i].at);
	}
}

static void test_mirror__class_key_and_merge(void **state)
{
	struct mirror_stats a = { 0 }, b = { 0 };

	(void)state;
	assert_string_equal(mirror_class_key(MIRROR_CLS_NONE), "unclassified");
	assert_string_equal(mirror_class_key(MIRROR_CLS_TARGET_OK), "target_ok");
	assert_string_equal(mirror_class_key(VCLASS_BITFLIP), "bit_flips");
	b.enabled = true;
	b.reads = 4;
	b.ranges = 2;
	b.range_bytes = 1024;
	b.first_offset = 9000;
	b.nr = 1;
	b.r[0].offset = 8704;
	mirror_stats_merge(&a, &b);
	b.first_offset = 100;
	mirror_stats_merge(&a, &b);
	assert_true(a.enabled);
	assert_int_equal(a.reads, 8);
	assert_int_equal(a.ranges, 4);
	assert_int_equal(a.range_bytes, 2048);
	assert_int_equal(a.first_offset, 100);
	assert_int_equal(a.nr, 2);
	/* A job without mirror= adds nothing. */
	memset(&b, 0, sizeof(b));
	b.reads = 5;
	mirror_stats_merge(&a, &b);
	assert_int_equal(a.reads, 8);
}

static const void *eopts_of(struct engine_ctx *ctx, const struct engine_ops *e)
{
	const void *eo = NULL;

	return options_engine(ctx->eopts_arg, e, &eo) ? NULL : eo;
}

/* Queue u and wait for it: the io_u back, flags and error set. */
static void run_io(const struct engine_ops *m, struct engine_ctx *ctx, struct io_u *u)
{
	enum engine_q q = m->queue(ctx, u);

	assert_int_not_equal(q, ENGINE_Q_BUSY);
	if (q == ENGINE_Q_COMPLETED)
		return;
	assert_int_equal(m->commit(ctx), 0);
	assert_int_equal(m->getevents(ctx, 1, 1), 1);
	assert_ptr_equal(m->event(ctx, 0), u);
}

static void mirror_over(const char *engine)
{
	char tp[] = "/tmp/verio-mirror-t-XXXXXX", rp[] = "/tmp/verio-mirror-r-XXXXXX";
	struct vfile t = { .name = tp, .lbs = 512 }, r = { .name = rp, .lbs = 512 };
	const struct engine_ops *child = engine_find(engine), *m = mirror_engine_for(child);
	struct io_u u = { .len = 4096, .offset = 8192, .file = &t };
	struct job_options o;
	struct engine_ctx ctx = { .job_name = "m", .iodepth = 1, .io_us = &u, .nr_io_us = 1,
				  .files = &t, .nr_files = 1, .eopts_of = eopts_of,
				  .eopts_arg = &o, .mirror_child = child, .mirror_refs = &r };
	uint8_t back[4096];
	void *mem;

	options_defaults(&o);
	assert_int_equal(options_engine(&o, child, &ctx.eopts), 0);
	assert_int_equal(posix_memalign(&mem, 4096, 4096), 0);
	u.buf = mem;
	u.buf_cap = 4096;
	t.fd = mkstemp(tp);
	r.fd = mkstemp(rp);
	assert_true(t.fd >= 0 && r.fd >= 0);
	assert_non_null(m);
	assert_int_equal(!!(m->flags & ENGINE_F_SYNC), !!(child->flags & ENGINE_F_SYNC));
	assert_int_equal(m->init(&ctx), 0);
	assert_int_equal(m->open_file(&ctx, &t), 0);

	/* A write reaches both sides. */
	memset(u.buf, 0xc3, 4096);
	u.ddir = DDIR_WRITE;
	run_io(m, &ctx, &u);
	assert_int_equal(u.error, 0);
	assert_int_equal(pread(r.fd, back, 4096, 8192), 4096);
	assert_memory_equal(back, u.buf, 4096);

	/* A read of equal sides is not flagged. */
	memset(u.buf, 0, 4096);
	u.ddir = DDIR_READ;
	run_io(m, &ctx, &u);
	assert_int_equal(u.error, 0);
	assert_false(u.flags & IO_U_F_MISMATCH);

	/* The target changed behind its back: flagged, both sides kept. */
	assert_int_equal(pwrite(t.fd, "x", 1, 8192 + 777), 1);
	run_io(m, &ctx, &u);
	assert_int_equal(u.error, 0);
	assert_true(u.flags & IO_U_F_MISMATCH);
	assert_int_equal(mirror_first_diff(u.buf, mirror_ref_buf(&ctx, &u), 4096), 777);
	assert_int_equal(mirror_ref_buf(&ctx, &u)[777], 0xc3);
	assert_int_equal(u.buf[777], 'x');

	/* The reference ends short: its error, flagged as the reference's. */
	assert_int_equal(ftruncate(r.fd, 8192 + 1024), 0);
	u.flags = 0;
	run_io(m, &ctx, &u);
	assert_int_equal(u.error, -ENODATA);
	assert_true(u.flags & IO_U_F_MIRROR_ERR);
	assert_false(u.flags & IO_U_F_MISMATCH);

	assert_int_equal(m->close_file(&ctx, &t), 0);
	m->cleanup(&ctx);
	assert_null(ctx.priv);
	close(t.fd);
	close(r.fd);
	unlink(tp);
	unlink(rp);
	free(mem);
	options_release(&o);
}

static void test_mirror__over_psync(void **state)
{
	(void)state;
	mirror_over("psync");
}

static void test_mirror__over_io_uring(void **state)
{
	(void)state;
	if (!engine_find("io_uring"))
		skip();
	mirror_over("io_uring");
}

static void test_mirror__no_io_engine(void **state)
{
	(void)state;
	assert_null(mirror_engine_for(engine_find("null")));
	assert_null(mirror_engine_for(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mirror__first_diff),
		cmocka_unit_test(test_mirror__class_key_and_merge),
		cmocka_unit_test(test_mirror__over_psync),
		cmocka_unit_test(test_mirror__over_io_uring),
		cmocka_unit_test(test_mirror__no_io_engine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
