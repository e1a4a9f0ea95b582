/*
 * test-fioformat.c - unit tests for src/verify/fioformat.c: stampless
 * pieces and fio's two header layouts, on byte vectors built by hand
 * from the layouts of docs/format.md ("Stampless units", "fio's format").
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "csum.h"
#include "le.h"
#include "verify/fioformat.h"
#include "verify/format.h"

#define SEED	0x0123456789abcdefull
#define RUN_ID	0xfeedfacecafebeefull

static uint32_t fio_crc(const uint8_t *p, size_t n)
{
	return ~csum_crc32c(p, n);	/* fio's crc32c: no final inversion */
}

/* fio <= 3.40: 40 bytes, 16-bit type and numberio, crc at 36. */
static void test_fioformat__v1_vector(void **state)
{
	struct fiohdr h = {
		.layout = 1, .vtype = FIO_VT_CRC32C, .len = 4096,
		.rand_seed = 0x1122334455667788ull, .offset = 0x10000,
		.time_sec = 0x01020304, .time_nsec = 0x05060708,
		.numberio = 0x0a0b, .thread = 3,
	};
	uint8_t want[48] = { 0 }, got[48] = { 0 };	/* room for either layout */
	struct fiohdr d;
	bool other;

	(void)state;
	put_le16(want + 0, 0xacca);
	put_le16(want + 2, FIO_VT_CRC32C);
	put_le32(want + 4, 4096);
	put_le64(want + 8, 0x1122334455667788ull);
	put_le64(want + 16, 0x10000);
	put_le32(want + 24, 0x01020304);
	put_le32(want + 28, 0x05060708);
	put_le16(want + 32, 3);
	put_le16(want + 34, 0x0a0b);
	put_le32(want + 36, fio_crc(want, 36));
	fiohdr_encode(got, &h);
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(fiohdr_decode(want, sizeof(want), 1, &d, &other), 0);
	assert_int_equal(d.numberio, 0x0a0b);
	assert_int_equal(d.thread, 3);
	assert_int_equal(d.offset, 0x10000);
	assert_int_equal(d.rand_seed, 0x1122334455667788ull);
	/* The other layout's reader names it, it does not guess. */
	assert_int_equal(fiohdr_decode(want, sizeof(want), 2, &d, &other), -EPROTO);
	assert_true(other);
	want[20] ^= 1;
	assert_int_equal(fiohdr_decode(want, sizeof(want), 1, &d, &other), -EILSEQ);
	assert_false(other);
	want[0] ^= 1;
	assert_int_equal(fiohdr_decode(want, sizeof(want), 1, &d, &other), -EBADMSG);
	assert_int_equal(fiohdr_decode(want, 39, 1, &d, NULL), -EINVAL);
}

/* fio >= 3.41: 48 bytes, version 0x81, 8-bit type, 64-bit numberio. */
static void test_fioformat__v2_vector(void **state)
{
	struct fiohdr h = {
		.layout = 2, .vtype = FIO_VT_SHA256, .len = 8192,
		.rand_seed = 7, .offset = 0x123456789000ull,
		.time_sec = 1, .time_nsec = 2,
		.numberio = 0x1122334455ull, .thread = 0x0102,
	};
	uint8_t want[48] = { 0 }, got[48];
	struct fiohdr d;
	bool other;

	(void)state;
	put_le16(want + 0, 0xacca);
	want[2] = 0x81;
	want[3] = FIO_VT_SHA256;
	put_le32(want + 4, 8192);
	put_le64(want + 8, 7);
	put_le64(want + 16, 0x123456789000ull);
	put_le32(want + 24, 1);
	put_le32(want + 28, 2);
	put_le64(want + 32, 0x1122334455ull);
	put_le16(want + 40, 0x0102);
	put_le32(want + 44, fio_crc(want, 44));
	fiohdr_encode(got, &h);
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(fiohdr_decode(want, sizeof(want), 2, &d, &other), 0);
	assert_int_equal(d.numberio, 0x1122334455ull);
	assert_int_equal(d.vtype, FIO_VT_SHA256);
	assert_int_equal(fiohdr_decode(want, sizeof(want), 1, &d, &other), -EPROTO);
	assert_true(other);
}

static void test_fioformat__vtypes(void **state)
{
	const char *fl = NULL;

	(void)state;
	assert_int_equal(fio_vtype_of("crc32c-intel", 333, &fl), FIO_VT_CRC32C_INTEL);
	assert_string_equal(fl, "fio-crc32c");
	assert_int_equal(fio_vtype_of("crc7", 333, &fl), FIO_VT_CRC7);
	assert_string_equal(fl, "crc7");
	assert_int_equal(fio_vtype_of("sha512", 338, &fl), FIO_VT_SHA512);
	assert_string_equal(fl, "fio-sha512");
	assert_int_equal(fio_vtype_of("sha512", 339, &fl), FIO_VT_SHA512);
	assert_string_equal(fl, "fio-sha512-339");
	assert_int_equal(fio_vtype_of("meta", 333, &fl), FIO_VT_META);
	assert_null(fl);
	assert_int_equal(fio_vtype_of("xxh3", 333, NULL), 0);
	assert_int_equal(fio_vtype_of("pattern", 333, NULL), 0);
}

/* A unit in fio's layout: a header per piece, the checksum after it. */
static void test_fioformat__fio_unit(void **state)
{
	struct vunit_geom g = {
		.unit_len = 8192, .sector_size = 512, .layout = VLAYOUT_FIO,
		.fio_layout = 1, .fio_vtype = FIO_VT_CRC64, .piece_len = 2048,
		.csum = csum_find("fio-crc64"),
	};
	struct vunit_id id = { .offset = 65536, .gen = 3, .seed = SEED, .job = 1,
			       .time_ns = 1500000000123ull };
	struct vunit_expect e = { .offset = 65536, .gen = 3, .seed = SEED,
				  .seed_known = true, .run_known = true };
	uint8_t *buf = malloc(8192), scratch[512], d[8];
	struct vsector sec[4];
	struct vdiag diag = { .sec = sec, .sec_cap = 4 };
	struct csum_ctx c;
	struct fiohdr h;

	(void)state;
	assert_int_equal(vunit_geom_check(&g), 0);
	assert_int_equal(vunit_hdr_len(&g), 48);
	assert_int_equal(csum_ctx_init(&c, g.csum), 0);
	vunit_build(buf, &g, &id, &c);
	for (int k = 0; k < 4; k++) {
		const uint8_t *p = buf + 2048 * k;

		assert_int_equal(fiohdr_decode(p, 2048, 1, &h, NULL), 0);
		assert_int_equal(h.len, 2048);
		assert_int_equal(h.offset, 65536 + 2048 * k);
		assert_int_equal(h.numberio, 3);
		assert_int_equal(h.thread, 2);
		assert_int_equal(h.time_sec, 1500);
		assert_int_equal(h.time_nsec, 123);
		csum_compute(&c, p + 48, 2048 - 48, d);
		assert_memory_equal(d, p + 40, 8);
	}
	assert_int_equal(vunit_check(buf, &g, &e, &c, NULL), 0);
	e.gen = 4;
	assert_int_equal(vunit_check(buf, &g, &e, &c, NULL), -ESTALE);
	e.run_known = false;	/* fio's media: numberio is not ours */
	assert_int_equal(vunit_check(buf, &g, &e, &c, NULL), 0);
	e.run_known = true;
	e.gen = 3;
	buf[2 * 2048 + 1000] ^= 0x10;
	assert_int_equal(vunit_check(buf, &g, &e, &c, NULL), -EBADE);
	vunit_diagnose(buf, &g, &e, &c, scratch, &diag);
	assert_int_equal(diag.cls, VCLASS_BITFLIP);
	assert_true(diag.coarse);
	assert_int_equal(diag.first_bad, 2);
	assert_int_equal(diag.bad_bits, 1);
	assert_int_equal(diag.first_bad_bit, 8ull * (2 * 2048 + 1000) + 4);
	csum_ctx_release(&c);
	free(buf);
}

/* Stampless: the native header with flag 1 at every piece, no stamps. */
static void test_fioformat__stampless_unit(void **state)
{
	struct vunit_geom g = {
		.unit_len = 8192, .sector_size = 512, .layout = VLAYOUT_STAMPLESS,
		.piece_len = 2222, .csum = csum_find("crc32c"),
	};
	struct vunit_geom native = { .unit_len = 8192, .sector_size = 512,
				     .csum = g.csum };
	struct vunit_id id = { .offset = 8192, .gen = 2, .seed = SEED,
			       .run_id = RUN_ID };
	struct vunit_expect e = { .offset = 8192, .gen = 2, .seed = SEED,
				  .seed_known = true, .run_id = RUN_ID, .run_known = true };
	uint8_t *buf = malloc(8192), scratch[512], d[4];
	struct vsector sec[4];
	struct vdiag diag = { .sec = sec, .sec_cap = 4 };
	struct csum_ctx c;
	struct vhdr h;

	(void)state;
	assert_int_equal(vunit_geom_check(&g), 0);
	assert_int_equal(vunit_diag_entries(&g), 4);
	assert_int_equal(vunit_diag_stride(&g), 2222);
	assert_int_equal(csum_ctx_init(&c, g.csum), 0);
	vunit_build(buf, &g, &id, &c);
	for (int k = 0; k < 4; k++) {
		const uint8_t *p = buf + 2222 * k;
		uint32_t len = k < 3 ? 2222 : 8192 - 3 * 2222;

		assert_memory_equal(p, "VRIO", 4);
		assert_int_equal(p[13], VHDR_F_STAMPLESS);
		assert_int_equal(vhdr_decode(p, len, &h), 0);
		assert_int_equal(h.unit_len, len);
		assert_int_equal(h.offset, 8192 + 2222 * k);
		assert_int_equal(h.gen, 2);
		put_le32(d, csum_crc32c(p + 68, len - 68));
		assert_memory_equal(d, p + 64, 4);
	}
	assert_int_equal(vunit_check(buf, &g, &e, &c, NULL), 0);
	/* A native reader refuses it: not a stamped unit of its geometry. */
	assert_int_not_equal(vunit_check(buf, &native, &e, &c, NULL), 0);
	/* Zeroed piece 3, then a damaged header of piece 1. */
	memset(buf + 3 * 2222, 0, 8192 - 3 * 2222);
	vunit_diagnose(buf, &g, &e, &c, scratch, &diag);
	assert_int_equal(diag.cls, VCLASS_ZEROED);
	assert_int_equal(diag.first_bad, 3);
	vunit_build(buf, &g, &id, &c);
	buf[2222 + 20] ^= 1;
	vunit_diagnose(buf, &g, &e, &c, scratch, &diag);
	assert_int_equal(diag.cls, VCLASS_HEADER);
	assert_int_equal(diag.first_bad, 1);
	/* An older generation: stale, found generation 1. */
	id.gen = 1;
	vunit_build(buf, &g, &id, &c);
	vunit_diagnose(buf, &g, &e, &c, scratch, &diag);
	assert_int_equal(diag.cls, VCLASS_STALE);
	assert_int_equal(diag.found_gen, 1);
	/* Another offset's unit: misdirected, naming it. */
	id.gen = 2;
	id.offset = 65536;
	vunit_build(buf, &g, &id, &c);
	vunit_diagnose(buf, &g, &e, &c, scratch, &diag);
	assert_int_equal(diag.cls, VCLASS_MISDIRECTED);
	assert_int_equal(diag.found_offset, 65536);
	csum_ctx_release(&c);
	free(buf);
}

/* An old reader (flags it does not know) refuses a stampless header. */
static void test_fioformat__old_reader_refuses(void **state)
{
	struct vhdr h = { .version = VHDR_VERSION, .hdr_len = VHDR_LEN, .unit_len = 2222,
			  .sector_shift = 9, .flags = VHDR_F_STAMPLESS };
	uint8_t b[VHDR_LEN];
	struct vhdr d;

	(void)state;
	vhdr_encode(b, &h);
	assert_int_equal(b[13], 1);
	assert_int_equal(vhdr_decode(b, sizeof(b), &d), 0);
	h.flags = 0x02;		/* a flag this reader does not know */
	vhdr_encode(b, &h);
	assert_int_equal(vhdr_decode(b, sizeof(b), &d), -EPROTO);
}

static void test_fioformat__geometry(void **state)
{
	struct vunit_geom g = { .unit_len = 4096, .sector_size = 512,
				.layout = VLAYOUT_STAMPLESS, .piece_len = 60,
				.csum = csum_find("crc32c") };

	(void)state;
	assert_int_equal(vunit_geom_check(&g), -EINVAL);	/* header does not fit */
	g.piece_len = 100;
	assert_int_equal(vunit_geom_check(&g), 0);
	g.layout = VLAYOUT_FIO;
	g.fio_layout = 1;
	g.fio_vtype = FIO_VT_CRC32C;
	g.hdr_off = 8;
	assert_int_equal(vunit_geom_check(&g), -EINVAL);	/* no verify_offset */
	g.hdr_off = 0;
	assert_int_equal(vunit_geom_check(&g), 0);
	g.fio_layout = 3;
	assert_int_equal(vunit_geom_check(&g), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fioformat__v1_vector),
		cmocka_unit_test(test_fioformat__v2_vector),
		cmocka_unit_test(test_fioformat__vtypes),
		cmocka_unit_test(test_fioformat__fio_unit),
		cmocka_unit_test(test_fioformat__stampless_unit),
		cmocka_unit_test(test_fioformat__old_reader_refuses),
		cmocka_unit_test(test_fioformat__geometry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
