/*
 * test-vformat.c - unit tests for src/verify/format.c: the native on-disk
 * verify format (docs/format.md).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "csum.h"
#include "fill.h"
#include "verify/format.h"

#define SEED	0x0123456789abcdefull
#define RUN_ID	0xfeedfacecafebeefull
#define OFFSET	(1ull << 30)

/* ---- helpers -------------------------------------------------------- */

struct unit {
	struct vunit_geom g;
	struct csum_ctx c;
	bool have_ctx;
	uint8_t *buf;
	uint8_t *scratch;
	struct vsector *sec;
};

static uint64_t xs_state = 88172645463325252ull;

static uint64_t xs64(void)
{
	xs_state ^= xs_state << 13;
	xs_state ^= xs_state >> 7;
	xs_state ^= xs_state << 17;
	return xs_state;
}

static void fill_random(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)xs64();
}

static const struct csum_def *algo(const char *name)
{
	const struct csum_def *d;

	if (!name)
		return NULL;
	d = csum_find(name);
	assert_non_null(d);
	return d;
}

/* A unit of the given geometry, with buffers and a checksum context. */
static void unit_init(struct unit *u, uint32_t ulen, uint32_t ss, uint32_t hoff,
		      const char *alg)
{
	memset(u, 0, sizeof(*u));
	u->g.unit_len = ulen;
	u->g.sector_size = ss;
	u->g.hdr_off = hoff;
	u->g.csum = algo(alg);
	assert_int_equal(vunit_geom_check(&u->g), 0);
	if (u->g.csum) {
		assert_int_equal(csum_ctx_init(&u->c, u->g.csum), 0);
		u->have_ctx = true;
	}
	u->buf = malloc(ulen);
	u->scratch = malloc(ulen);
	u->sec = calloc(ulen / ss, sizeof(*u->sec));
	assert_non_null(u->buf);
	assert_non_null(u->scratch);
	assert_non_null(u->sec);
}

static void unit_release(struct unit *u)
{
	if (u->have_ctx)
		csum_ctx_release(&u->c);
	free(u->buf);
	free(u->scratch);
	free(u->sec);
}

static struct csum_ctx *ctx(struct unit *u)
{
	return u->have_ctx ? &u->c : NULL;
}

static struct vunit_id make_id(uint64_t offset, uint64_t gen)
{
	struct vunit_id id = {
		.offset = offset, .gen = gen, .run_id = RUN_ID, .seed = SEED,
		.time_ns = 1700000000123456789ull, .job = 3, .clone = 2,
	};

	return id;
}

static struct vunit_expect make_expect(uint64_t offset, uint64_t gen)
{
	struct vunit_expect e = {
		.offset = offset, .gen = gen, .seed = SEED, .seed_known = true,
		.run_id = RUN_ID, .run_known = true,
	};

	return e;
}

static void build(struct unit *u, uint64_t offset, uint64_t gen)
{
	struct vunit_id id = make_id(offset, gen);

	vunit_build(u->buf, &u->g, &id, ctx(u));
}

static void diagnose(struct unit *u, const struct vunit_expect *e, struct vdiag *d)
{
	d->sec = u->sec;
	d->sec_cap = u->g.unit_len / u->g.sector_size;
	vunit_diagnose(u->buf, &u->g, e, ctx(u), u->scratch, d);
}

static void flip_bit(uint8_t *buf, size_t byte, unsigned bit)
{
	buf[byte] ^= (uint8_t)(1u << bit);
}

/* The digest computed in one piece over [H+L, U) || [0, H). */
static void oneshot_digest(struct unit *u, uint8_t *out)
{
	size_t h = u->g.hdr_off, l = vunit_hdr_len(&u->g), U = u->g.unit_len;
	uint8_t *tmp = malloc(U);

	assert_non_null(tmp);
	memcpy(tmp, u->buf + h + l, U - h - l);
	memcpy(tmp + U - h - l, u->buf, h);
	csum_compute(&u->c, tmp, U - l, out);
	free(tmp);
}

/* ---- header --------------------------------------------------------- */

static void test_vformat__sizes(void **state)
{
	struct vhdr h;

	(void)state;
	assert_int_equal(VHDR_LEN, 64);
	assert_int_equal(VSTAMP_LEN, 16);
	assert_true(sizeof(h.digest) >= CSUM_MAX_DIGEST);
	assert_int_equal(VUNIT_MAX_SECTORS * 512ull, VUNIT_MAX_LEN);
	for (size_t i = 0; i < csum_count(); i++)
		assert_true(csum_at(i)->digest_len <= VHDR_MAX_DIGEST);
}

/* The bytes of docs/format.md, field by field. */
static void test_vformat__hdr_layout(void **state)
{
	static const uint8_t want[64] = {
		0x56, 0x52, 0x49, 0x4f, 0x01, 0x07, 0x48, 0x00,
		0x00, 0x10, 0x00, 0x00, 0x09, 0x00, 0x02, 0x01,
		0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		0x2a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
		0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80,
		0x04, 0x03, 0x02, 0x01,
	};
	struct vhdr h = {
		.version = 1, .algo = CSUM_XXH64, .hdr_len = 72,
		.unit_len = 4096, .sector_shift = 9, .flags = 0,
		.clone = 0x0102, .offset = 0x0102030405060708ull, .gen = 42,
		.run_id = 0x8877665544332211ull, .seed = SEED,
		.time_ns = 0x8070605040302010ull, .job = 0x01020304,
		.digest = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7 },
	};
	uint8_t out[80];

	(void)state;
	memset(out, 0xee, sizeof(out));
	vhdr_encode(out, &h);
	assert_memory_equal(out, want, 60);
	assert_int_equal(out[60] | out[61] << 8 | out[62] << 16 | (uint32_t)out[63] << 24,
			 csum_crc32c(out, 60));
	assert_memory_equal(out + 64, h.digest, 8);
	for (size_t i = 72; i < sizeof(out); i++)
		assert_int_equal(out[i], 0xee);
}

static void test_vformat__hdr_roundtrip(void **state)
{
	static const char *const algos[] = {
		NULL, "crc32c", "crc7", "crc16", "xxh3", "md5", "sha256", "sha512",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(algos); i++) {
		const struct csum_def *d = algo(algos[i]);
		unsigned dlen = d ? d->digest_len : 0;
		struct vhdr h = {
			.version = VHDR_VERSION, .algo = d ? (uint8_t)d->id : 0,
			.hdr_len = (uint16_t)(VHDR_LEN + dlen), .unit_len = 1u << 20,
			.sector_shift = 12, .clone = 65535, .offset = xs64(),
			.gen = 65535, .run_id = xs64(), .seed = xs64(),
			.time_ns = xs64(), .job = UINT32_MAX,
		};
		struct vhdr got;
		uint8_t out[VHDR_LEN + VHDR_MAX_DIGEST];

		fill_random(h.digest, dlen);
		vhdr_encode(out, &h);
		memset(&got, 0x5a, sizeof(got));
		assert_int_equal(vhdr_decode(out, VHDR_LEN + dlen, &got), 0);
		assert_int_equal(got.version, h.version);
		assert_int_equal(got.algo, h.algo);
		assert_int_equal(got.hdr_len, h.hdr_len);
		assert_int_equal(got.unit_len, h.unit_len);
		assert_int_equal(got.sector_shift, h.sector_shift);
		assert_int_equal(got.flags, 0);
		assert_int_equal(got.clone, h.clone);
		assert_int_equal(got.offset, h.offset);
		assert_int_equal(got.gen, h.gen);
		assert_int_equal(got.run_id, h.run_id);
		assert_int_equal(got.seed, h.seed);
		assert_int_equal(got.time_ns, h.time_ns);
		assert_int_equal(got.job, h.job);
		assert_int_equal(got.crc, csum_crc32c(out, 60));
		if (dlen)
			assert_memory_equal(got.digest, h.digest, dlen);
	}
}

enum hdr_fault {
	HF_NONE, HF_MAGIC, HF_VERSION_BYTE, HF_VERSION2, HF_FLAGS, HF_CRC,
	HF_FIELD, HF_HDR_LEN_SHORT, HF_HDR_LEN_LONG, HF_AVAIL_SHORT,
	HF_DIGEST_PAST, HF_DIGEST_BYTE,
};

static void test_vformat__hdr_decode_errors(void **state)
{
	static const struct {
		enum hdr_fault fault;
		int want;
	} cases[] = {
		{ HF_NONE, 0 },
		{ HF_MAGIC, -EBADMSG },
		{ HF_VERSION_BYTE, -EPROTO },	/* version checked before crc */
		{ HF_VERSION2, -EPROTO },
		{ HF_FLAGS, -EPROTO },
		{ HF_CRC, -EILSEQ },
		{ HF_FIELD, -EILSEQ },
		{ HF_HDR_LEN_SHORT, -EPROTO },
		{ HF_HDR_LEN_LONG, -EPROTO },
		{ HF_AVAIL_SHORT, -EINVAL },
		{ HF_DIGEST_PAST, -EMSGSIZE },
		{ HF_DIGEST_BYTE, 0 },		/* the digest is not the header's */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vhdr h = {
			.version = VHDR_VERSION, .algo = CSUM_CRC32C, .hdr_len = 68,
			.unit_len = 4096, .sector_shift = 9, .offset = 4096, .gen = 1,
			.digest = { 1, 2, 3, 4 },
		}, got;
		uint8_t out[VHDR_LEN + VHDR_MAX_DIGEST] = { 0 };
		size_t avail = sizeof(out);

		switch (cases[i].fault) {
		case HF_VERSION2: h.version = 2; break;
		case HF_FLAGS: h.flags = 0x80; break;
		case HF_HDR_LEN_SHORT: h.hdr_len = 63; break;
		case HF_HDR_LEN_LONG: h.hdr_len = VHDR_LEN + VHDR_MAX_DIGEST + 1; break;
		default: break;
		}
		vhdr_encode(out, &h);
		switch (cases[i].fault) {
		case HF_MAGIC: out[0] ^= 0x20; break;
		case HF_VERSION_BYTE: out[4] ^= 0x04; break;
		case HF_CRC: out[62] ^= 0x01; break;
		case HF_FIELD: flip_bit(out, 17, 5); break;
		case HF_AVAIL_SHORT: avail = 63; break;
		case HF_DIGEST_PAST: avail = 67; break;
		case HF_DIGEST_BYTE: out[65] ^= 0xff; break;
		default: break;
		}
		assert_int_equal(vhdr_decode(out, avail, &got), cases[i].want);
	}
}

static void test_vformat__geom_check(void **state)
{
	static const struct {
		uint32_t ulen, ss, hoff;
		const char *alg;
		int want;
	} cases[] = {
		{ 512, 512, 0, "crc32c", 0 },
		{ 4096, 4096, 0, "sha512", 0 },
		{ 4096, 512, 3584, "crc32c", 0 },
		{ VUNIT_MAX_LEN, 512, 0, "xxh3", 0 },
		{ 4096, 512, 0, NULL, 0 },
		/* header ends exactly 16 bytes before the sector end */
		{ 512, 512, 512 - 16 - 68, "crc32c", 0 },
		{ 512, 512, 512 - 16 - 68 + 1, "crc32c", -EINVAL },
		{ 512, 512, 512 - 16 - 128, "sha512", 0 },
		{ 512, 512, 512 - 16 - 127, "sha512", -EINVAL },
		{ 1024, 512, 500, "crc32c", -EINVAL },	/* straddles sectors */
		{ 1024, 512, 1024, "crc32c", -EINVAL },	/* outside the unit */
		{ 0, 512, 0, "crc32c", -EINVAL },
		{ 1000, 512, 0, "crc32c", -EINVAL },	/* not a sector multiple */
		{ 2048, 1024, 0, "crc32c", -EINVAL },	/* sector size */
		{ 512, 4096, 0, "crc32c", -EINVAL },	/* unit < sector */
		{ VUNIT_MAX_LEN + 512, 512, 0, "crc32c", -EINVAL },
	};

	(void)state;
	assert_int_equal(vunit_geom_check(NULL), -EINVAL);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vunit_geom g = {
			.unit_len = cases[i].ulen, .sector_size = cases[i].ss,
			.hdr_off = cases[i].hoff, .csum = algo(cases[i].alg),
		};

		assert_int_equal(vunit_geom_check(&g), cases[i].want);
	}
}

/* ---- build and check ------------------------------------------------ */

static const struct {
	uint32_t ulen, ss, hoff;
	const char *alg;
} geoms[] = {
	{ 512, 512, 0, "crc32c" },
	{ 512, 512, 40, "xxh64" },
	{ 4096, 512, 0, "crc32c" },
	{ 4096, 512, 1536 + 200, "sha256" },
	{ 4096, 4096, 0, "xxh3" },
	{ 4096, 4096, 1000, "md5" },
	{ 65536, 512, 0, "crc64" },
	{ 65536, 512, 40960 + 8, "sha512" },
	{ 65536, 4096, 0, "crc32c" },
	{ 65536, 4096, 3 * 4096 + 512, "xxhash" },
	{ 65536, 4096, 0, NULL },
	{ 1 << 20, 4096, 5 * 4096 + 16, "crc32c" },	/* several build chunks */
};

/* Stamps and payload of every sector, as docs/format.md defines them. */
static void check_layout(struct unit *u, const struct vunit_id *id)
{
	uint32_t ss = u->g.sector_size, n = u->g.unit_len / ss;
	uint32_t hlo = u->g.hdr_off, hhi = hlo + vunit_hdr_len(&u->g);
	uint8_t *want = malloc(ss);

	assert_non_null(want);
	for (uint32_t s = 0; s < n; s++) {
		const uint8_t *p = u->buf + (size_t)s * ss, *st = p + ss - 16;
		uint64_t off = id->offset + (uint64_t)s * ss;
		uint64_t got_off = 0;

		for (int b = 7; b >= 0; b--)
			got_off = got_off << 8 | st[b];
		assert_int_equal(got_off, off);
		assert_int_equal(st[8] | st[9] << 8 | st[10] << 16 | (uint32_t)st[11] << 24,
				 (uint32_t)id->gen);
		assert_int_equal(st[12] | st[13] << 8 | st[14] << 16 | (uint32_t)st[15] << 24,
				 (uint32_t)fill_key(id->seed ^ 0x5354414d50000000ull, off, id->gen));
		fill_pattern(want, ss - 16, fill_key(id->seed, off, id->gen));
		for (uint32_t i = 0; i < ss - 16; i++) {
			size_t ub = (size_t)s * ss + i;

			if (ub >= hlo && ub < hhi)
				continue;
			assert_int_equal(p[i], want[i]);
		}
	}
	free(want);
}

static void test_vformat__build_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(geoms); i++) {
		struct unit u;
		struct vunit_id id = make_id(OFFSET + geoms[i].ulen * 7ull, 9);
		struct vunit_expect e = make_expect(id.offset, 9);
		struct vhdr h;
		uint8_t dg[VHDR_MAX_DIGEST];

		unit_init(&u, geoms[i].ulen, geoms[i].ss, geoms[i].hoff, geoms[i].alg);
		vunit_build(u.buf, &u.g, &id, ctx(&u));
		check_layout(&u, &id);
		assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), &h), 0);
		assert_int_equal(h.offset, id.offset);
		assert_int_equal(h.gen, 9);
		assert_int_equal(h.seed, SEED);
		assert_int_equal(h.run_id, RUN_ID);
		assert_int_equal(h.time_ns, id.time_ns);
		assert_int_equal(h.job, 3);
		assert_int_equal(h.clone, 2);
		assert_int_equal(h.unit_len, geoms[i].ulen);
		assert_int_equal(1u << h.sector_shift, geoms[i].ss);
		assert_int_equal(h.hdr_len, vunit_hdr_len(&u.g));
		if (u.g.csum) {
			assert_int_equal(h.algo, u.g.csum->id);
			oneshot_digest(&u, dg);
			assert_memory_equal(h.digest, dg, u.g.csum->digest_len);
		}
		assert_int_equal(vunit_compare(u.buf, &u.g, &e, ctx(&u), NULL, u.scratch), 0);
		e.gen = 0;
		e.seed_known = e.run_known = false;
		assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), 0);
		unit_release(&u);
	}
}

/* vunit_expected() is vunit_build(), byte for byte. */
static void test_vformat__expected(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(geoms); i++) {
		struct unit u;
		struct vunit_id id = make_id(OFFSET, 77);

		unit_init(&u, geoms[i].ulen, geoms[i].ss, geoms[i].hoff, geoms[i].alg);
		fill_random(u.buf, u.g.unit_len);
		memset(u.scratch, 0xa5, u.g.unit_len);
		vunit_build(u.buf, &u.g, &id, ctx(&u));
		vunit_expected(u.scratch, &u.g, &id, ctx(&u));
		assert_memory_equal(u.buf, u.scratch, u.g.unit_len);
		id.gen = 78;
		vunit_expected(u.scratch, &u.g, &id, ctx(&u));
		assert_memory_not_equal(u.buf, u.scratch, u.g.unit_len);
		unit_release(&u);
	}
}

enum check_fault {
	CF_NONE, CF_OFFSET, CF_GEN, CF_GEN_UNKNOWN, CF_SEED, CF_SEED_UNKNOWN,
	CF_RUN, CF_UNIT_LEN, CF_ALGO, CF_PAYLOAD, CF_STAMP, CF_DIGEST,
	CF_HDR_CRC, CF_MAGIC, CF_WRITE_TIME,
};

static void test_vformat__check_errors(void **state)
{
	static const struct {
		enum check_fault fault;
		int want;
		int want_cmp;	/* vunit_compare() */
	} cases[] = {
		{ CF_NONE, 0, 0 },
		{ CF_OFFSET, -EXDEV, -EXDEV },
		{ CF_GEN, -ESTALE, -ESTALE },
		{ CF_GEN_UNKNOWN, 0, 0 },
		{ CF_SEED, -ENOKEY, -ENOKEY },
		{ CF_SEED_UNKNOWN, 0, 0 },
		{ CF_RUN, -ESRCH, -ESRCH },
		{ CF_UNIT_LEN, -EMSGSIZE, -EMSGSIZE },
		{ CF_ALGO, -ENOMSG, -ENOMSG },
		{ CF_PAYLOAD, -EBADE, -EBADE },
		{ CF_STAMP, -EBADE, -EBADE },
		{ CF_DIGEST, -EBADE, -EBADE },
		{ CF_HDR_CRC, -EILSEQ, -EILSEQ },
		{ CF_MAGIC, -EBADMSG, -EBADMSG },
		{ CF_WRITE_TIME, -EILSEQ, -EILSEQ },	/* crc covers it */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, 5);
		struct vunit_geom g;
		const uint32_t hoff = 1024 + 64;

		/* 8 KiB buffers: room for a checker that expects 8 KiB units */
		unit_init(&u, 8192, 512, hoff, "crc32c");
		u.g.unit_len = 4096;
		build(&u, OFFSET, 5);
		g = u.g;
		switch (cases[i].fault) {
		case CF_OFFSET: e.offset += 4096; break;
		case CF_GEN: e.gen = 4; break;
		case CF_GEN_UNKNOWN: e.gen = 0; break;
		case CF_SEED: e.seed ^= 1; break;
		case CF_SEED_UNKNOWN: e.seed ^= 1; e.seed_known = false; break;
		case CF_RUN: e.run_id ^= 1ull << 63; break;
		case CF_UNIT_LEN: g.unit_len = 8192; break;
		case CF_ALGO: g.csum = algo("xxhash"); break;
		case CF_PAYLOAD: flip_bit(u.buf, 3000, 0); break;
		case CF_STAMP: flip_bit(u.buf, 511, 7); break;
		case CF_DIGEST: flip_bit(u.buf, hoff + 64 + 2, 1); break;
		case CF_HDR_CRC: flip_bit(u.buf, hoff + 60, 4); break;
		case CF_MAGIC: flip_bit(u.buf, hoff + 1, 0); break;
		case CF_WRITE_TIME: flip_bit(u.buf, hoff + VHDR_TIME_OFF, 0); break;
		default: break;
		}
		assert_int_equal(vunit_check(u.buf, &g, &e, ctx(&u), NULL), cases[i].want);
		assert_int_equal(vunit_compare(u.buf, &g, &e, ctx(&u), NULL, u.scratch),
				 cases[i].want_cmp);
		unit_release(&u);
	}
}

/* Compare mode sees every byte, even with no digest to catch a change. */
static void test_vformat__compare(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 2);
	struct vhdr h;

	(void)state;
	unit_init(&u, 4096, 512, 0, NULL);	/* no digest: only compare sees data */
	build(&u, OFFSET, 2);
	assert_int_equal(vunit_compare(u.buf, &u.g, &e, NULL, &h, u.scratch), 0);
	assert_int_equal(h.time_ns, make_id(0, 0).time_ns);
	flip_bit(u.buf, 2049, 6);
	assert_int_equal(vunit_check(u.buf, &u.g, &e, NULL, NULL), 0);
	assert_int_equal(vunit_compare(u.buf, &u.g, &e, NULL, NULL, u.scratch), -EBADE);
	unit_release(&u);
}

/* ---- diagnosis ------------------------------------------------------ */

static void assert_sectors_ok(const struct vdiag *d, uint32_t except)
{
	for (uint32_t s = 0; s < d->nsec; s++) {
		if (s == except)
			continue;
		assert_int_equal(d->sec[s].cls, VCLASS_OK);
		assert_int_equal(d->sec[s].bad_bits, 0);
	}
}

static void test_vformat__diag_ok(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 7);
	struct vdiag d;

	(void)state;
	unit_init(&u, 4096, 512, 0, "crc32c");
	build(&u, OFFSET, 7);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_OK);
	assert_int_equal(d.hdr_err, 0);
	assert_true(d.hdr_decoded);
	assert_int_equal(d.nsec, 8);
	assert_int_equal(d.first_bad, VDIAG_NONE);
	assert_int_equal(d.counts[VCLASS_OK], 8);
	assert_int_equal(d.exp_gen, 7);
	assert_true(d.gen_from_map);
	assert_sectors_ok(&d, VDIAG_NONE);
	for (uint32_t s = 0; s < 8; s++) {
		assert_true(d.sec[s].stamp_ok);
		assert_int_equal(d.sec[s].found_offset, OFFSET + s * 512ull);
		assert_int_equal(d.sec[s].found_gen, 7);
	}
	unit_release(&u);
}

/* One flipped bit anywhere: payload, stamp, the header's sector. */
static void test_vformat__diag_bitflip(void **state)
{
	static const struct {
		uint32_t ulen, ss, hoff;
		size_t byte;
		unsigned bit;
	} cases[] = {
		{ 4096, 512, 0, 2 * 512 + 100, 3 },
		{ 4096, 512, 0, 100, 0 },		/* header sector, after the header */
		{ 4096, 512, 1024 + 200, 1024 + 10, 7 },	/* header sector, before it */
		{ 4096, 512, 0, 5 * 512 + 511, 2 },	/* the stamp's check field */
		{ 4096, 512, 0, 6 * 512 + 496, 0 },	/* the stamp's offset field */
		{ 65536, 4096, 8192 + 16, 60000, 5 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, 3);
		struct vdiag d;
		uint32_t ss = cases[i].ss, s = (uint32_t)(cases[i].byte / ss);

		unit_init(&u, cases[i].ulen, ss, cases[i].hoff, "crc32c");
		build(&u, OFFSET, 3);
		flip_bit(u.buf, cases[i].byte, cases[i].bit);
		assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), -EBADE);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, VCLASS_BITFLIP);
		assert_int_equal(d.bad_bits, 1);
		assert_int_equal(d.bad_bytes, 1);
		assert_int_equal(d.first_bad, s);
		assert_int_equal(d.counts[VCLASS_BITFLIP], 1);
		assert_int_equal(d.sec[s].cls, VCLASS_BITFLIP);
		assert_int_equal(d.sec[s].bad_bits, 1);
		assert_int_equal(d.sec[s].nbitpos, 1);
		assert_int_equal(d.sec[s].bitpos[0],
				 (cases[i].byte % ss) * 8 + cases[i].bit);
		assert_int_equal(d.hdr_err, -EBADE);
		assert_sectors_ok(&d, s);
		unit_release(&u);
	}
}

/* Several flipped bits in one sector: counts and the first positions. */
static void test_vformat__diag_bitflips_many(void **state)
{
	static const size_t bits[] = { 8 * 20 + 1, 8 * 20 + 6, 8 * 33, 8 * 200 + 7, 8 * 300 };
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 3);
	struct vdiag d;

	(void)state;
	unit_init(&u, 4096, 512, 0, "xxh64");
	build(&u, OFFSET, 3);
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		flip_bit(u.buf + 4 * 512, bits[i] / 8, bits[i] % 8);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_BITFLIP);
	assert_int_equal(d.bad_bits, 5);
	assert_int_equal(d.bad_bytes, 4);
	assert_int_equal(d.sec[4].nbitpos, VDIAG_BITPOS);
	for (unsigned i = 0; i < VDIAG_BITPOS; i++)
		assert_int_equal(d.sec[4].bitpos[i], bits[i]);
	unit_release(&u);
}

static void test_vformat__diag_zeroed_sector(void **state)
{
	static const struct {
		uint32_t ss, hoff, zero;
	} cases[] = {
		{ 512, 0, 3 },
		{ 512, 0, 0 },			/* the header's sector */
		{ 512, 2048 + 32, 7 },
		{ 4096, 0, 1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, 3);
		struct vdiag d;
		uint32_t ss = cases[i].ss, z = cases[i].zero;

		unit_init(&u, 8 * ss, ss, cases[i].hoff, "crc32c");
		build(&u, OFFSET, 3);
		memset(u.buf + (size_t)z * ss, 0, ss);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, VCLASS_ZEROED);
		assert_int_equal(d.first_bad, z);
		assert_int_equal(d.counts[VCLASS_ZEROED], 1);
		assert_int_equal(d.counts[VCLASS_OK], 7);
		assert_int_equal(d.sec[z].cls, VCLASS_ZEROED);
		assert_false(d.sec[z].stamp_ok);
		assert_true(d.sec[z].bad_bits > 0);
		assert_int_equal(d.hdr_err, z == cases[i].hoff / ss ? -EBADMSG : -EBADE);
		assert_sectors_ok(&d, z);
		unit_release(&u);
	}
}

static void test_vformat__diag_zeroed_unit(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 3);
	struct vdiag d;

	(void)state;
	unit_init(&u, 65536, 4096, 0, "sha256");
	memset(u.buf, 0, u.g.unit_len);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_ZEROED);
	assert_int_equal(d.counts[VCLASS_ZEROED], 16);
	assert_int_equal(d.first_bad, 0);
	assert_int_equal(d.hdr_err, -EBADMSG);
	assert_false(d.hdr_decoded);
	unit_release(&u);
}

/* Unit A written over unit B: misdirected, naming A. */
static void test_vformat__diag_misdirected(void **state)
{
	static const struct {
		uint32_t ulen, ss, hoff;
		uint64_t a, b, gen_a, gen_b;
	} cases[] = {
		{ 4096, 512, 0, OFFSET, OFFSET + 4096, 4, 4 },
		{ 4096, 512, 0, OFFSET + 8 * 4096, OFFSET, 9, 2 },
		{ 65536, 4096, 4096 + 100, 0, 3 * 65536, 1, 65535 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(cases[i].b, cases[i].gen_b);
		struct vdiag d;
		uint32_t n = cases[i].ulen / cases[i].ss;

		unit_init(&u, cases[i].ulen, cases[i].ss, cases[i].hoff, "crc32c");
		build(&u, cases[i].a, cases[i].gen_a);
		assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), -EXDEV);
		for (int known = 1; known >= 0; known--) {
			e.gen = known ? cases[i].gen_b : 0;
			diagnose(&u, &e, &d);
			assert_int_equal(d.cls, VCLASS_MISDIRECTED);
			assert_int_equal(d.found_offset, cases[i].a);
			assert_int_equal(d.found_gen, cases[i].gen_a);
			assert_int_equal(d.counts[VCLASS_MISDIRECTED], n);
			assert_int_equal(d.first_bad, 0);
			assert_int_equal(d.hdr_err, -EXDEV);
			assert_int_equal(d.sec[n - 1].found_offset,
					 cases[i].a + cases[i].ulen - cases[i].ss);
			assert_int_equal(d.bad_bits, 0);
		}
		unit_release(&u);
	}
}

/*
 * One sector moved to a later place than it had (sector 0 of the unit at
 * 0, header included, over sector 1 of the unit at 8192): misdirected,
 * naming the unit that holds the sector, never an offset below 0.
 */
static void test_vformat__diag_misdirected_sector(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(8192, 3);
	struct vdiag d;
	uint8_t first[512];

	(void)state;
	unit_init(&u, 4096, 512, 0, "crc32c");
	build(&u, 0, 5);
	memcpy(first, u.buf, sizeof(first));
	build(&u, 8192, 3);
	memcpy(u.buf + 512, first, sizeof(first));
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_MISDIRECTED);
	assert_true(d.found_known);
	assert_int_equal(d.found_offset, 0);
	assert_int_equal(d.found_gen, 5);
	assert_int_equal(d.counts[VCLASS_MISDIRECTED], 1);
	assert_int_equal(d.first_bad, 1);
	assert_int_equal(d.sec[1].found_offset, 0);
	unit_release(&u);
}

/* An older generation put back: stale, naming it. */
static void test_vformat__diag_stale(void **state)
{
	static const struct {
		uint32_t ss, hoff;
		uint64_t old_gen, want_gen;
	} cases[] = {
		{ 512, 0, 4, 5 },
		{ 512, 1536 + 100, 65534, 65535 },
		{ 4096, 0, 65535, 1 },		/* across the wrap */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, cases[i].want_gen);
		struct vdiag d;

		unit_init(&u, 8 * cases[i].ss, cases[i].ss, cases[i].hoff, "xxh3");
		build(&u, OFFSET, cases[i].old_gen);
		assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), -ESTALE);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, VCLASS_STALE);
		assert_int_equal(d.found_gen, cases[i].old_gen);
		assert_int_equal(d.exp_gen, cases[i].want_gen);
		assert_int_equal(d.counts[VCLASS_STALE], 8);
		assert_int_equal(d.first_bad, 0);
		assert_int_equal(d.bad_bits, 0);
		assert_int_equal(d.hdr_err, -ESTALE);
		unit_release(&u);
	}
}

/* New first half, old second half: torn at the half. */
static void test_vformat__diag_torn(void **state)
{
	static const struct {
		uint32_t ulen, ss, hoff;
		bool new_first;
		bool gen_known;
	} cases[] = {
		{ 4096, 512, 0, true, true },
		{ 4096, 512, 0, true, false },		/* header gives the gen */
		{ 65536, 4096, 0, true, true },
		{ 4096, 512, 3072 + 8, true, true },	/* header in the old half */
		{ 4096, 512, 3072 + 8, true, false },
		{ 4096, 512, 0, false, true },		/* old first, new second */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, cases[i].gen_known ? 12 : 0);
		struct vdiag d;
		size_t half = cases[i].ulen / 2;
		uint32_t n = cases[i].ulen / cases[i].ss;
		uint64_t first = cases[i].new_first ? 12 : 11;

		unit_init(&u, cases[i].ulen, cases[i].ss, cases[i].hoff, "crc32c");
		build(&u, OFFSET, cases[i].new_first ? 11 : 12);
		memcpy(u.scratch, u.buf + half, half);
		build(&u, OFFSET, first);
		memcpy(u.buf + half, u.scratch, half);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, VCLASS_TORN);
		assert_int_equal(d.torn_sector, n / 2);
		assert_int_equal(d.torn_offset, OFFSET + half);
		assert_int_equal(d.found_gen, first == 12 ? 11 : 12);
		assert_int_equal(d.torn_gen_before, first);
		assert_int_equal(d.counts[VCLASS_OK] + d.counts[VCLASS_STALE] +
				 d.counts[VCLASS_NEWER], n);
		assert_int_equal(d.bad_bits, 0);
		unit_release(&u);
	}
}

static void test_vformat__diag_foreign(void **state)
{
	static const struct {
		uint32_t ulen, ss;
		bool gen_known;
	} cases[] = {
		{ 4096, 512, true },
		{ 4096, 512, false },
		{ 65536, 4096, true },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, cases[i].gen_known ? 5 : 0);
		struct vdiag d;
		uint32_t n = cases[i].ulen / cases[i].ss;

		unit_init(&u, cases[i].ulen, cases[i].ss, 0, "crc32c");
		fill_random(u.buf, u.g.unit_len);
		assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), -EBADMSG);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, VCLASS_FOREIGN);
		assert_int_equal(d.counts[VCLASS_FOREIGN], n);
		assert_int_equal(d.first_bad, 0);
		assert_false(d.hdr_decoded);
		unit_release(&u);
	}
}

/* Same data seed expected, another one found: nothing validates. */
static void test_vformat__diag_foreign_seed(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 5);
	struct vdiag d;

	(void)state;
	unit_init(&u, 4096, 512, 0, "crc32c");
	build(&u, OFFSET, 5);
	e.seed ^= 0x100;
	flip_bit(u.buf, 20, 0);		/* and the header names nobody */
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_FOREIGN);
	assert_int_equal(d.hdr_err, -EILSEQ);
	assert_int_equal(d.counts[VCLASS_FOREIGN], 8);
	unit_release(&u);
}

/* A foreign sector inside an otherwise good unit. */
static void test_vformat__diag_foreign_sector(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 5);
	struct vdiag d;

	(void)state;
	unit_init(&u, 4096, 512, 0, "crc32c");
	build(&u, OFFSET, 5);
	fill_random(u.buf + 6 * 512, 512);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_FOREIGN);
	assert_int_equal(d.first_bad, 6);
	assert_int_equal(d.counts[VCLASS_FOREIGN], 1);
	assert_sectors_ok(&d, 6);
	unit_release(&u);
}

/* Only the header (or digest) is damaged: every sector is fine. */
static void test_vformat__diag_header(void **state)
{
	static const struct {
		uint32_t hoff;
		size_t byte;		/* from the header start */
		bool gen_known;
		int hdr_err;
	} cases[] = {
		{ 0, 60, true, -EILSEQ },		/* header crc */
		{ 0, 61, false, -EILSEQ },		/* gen from the stamps */
		{ 0, 24, true, -EILSEQ },		/* generation field */
		{ 2048 + 64, 62, true, -EILSEQ },
		{ 2048 + 64, 62, false, -EILSEQ },
		{ 0, 0, true, -EBADMSG },		/* magic */
		{ 0, 64 + 3, true, -EBADE },		/* digest */
		{ 1024, 64, false, -EBADE },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, cases[i].gen_known ? 21 : 0);
		struct vdiag d;

		unit_init(&u, 4096, 512, cases[i].hoff, "sha1");
		build(&u, OFFSET, 21);
		flip_bit(u.buf, cases[i].hoff + cases[i].byte, 2);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, VCLASS_HEADER);
		assert_int_equal(d.hdr_err, cases[i].hdr_err);
		assert_int_equal(d.first_bad, cases[i].hoff / 512);
		assert_int_equal(d.counts[VCLASS_OK], 8);
		assert_int_equal(d.exp_gen, 21);
		assert_int_equal(d.gen_from_map, cases[i].gen_known);
		assert_sectors_ok(&d, VDIAG_NONE);
		unit_release(&u);
	}
}

/* Generation unknown and header damaged: the stamps' majority decides. */
static void test_vformat__diag_gen_unknown(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 0);
	struct vdiag d;

	(void)state;
	unit_init(&u, 4096, 512, 0, "crc32c");

	/* intact: the header's generation, verdict ok */
	build(&u, OFFSET, 30);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_OK);
	assert_int_equal(d.exp_gen, 30);
	assert_false(d.gen_from_map);

	/* header gone and a bit flipped: the majority's generation */
	memset(u.buf, 0, 64);
	flip_bit(u.buf, 3 * 512 + 7, 1);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_BITFLIP);
	assert_int_equal(d.exp_gen, 30);
	assert_int_equal(d.bad_bits, 1);
	assert_int_equal(d.first_bad, 3);
	assert_int_equal(d.sec[3].bitpos[0], 7 * 8 + 1);

	/* header gone, 3 sectors older: torn, the majority is the expectation */
	build(&u, OFFSET, 29);
	memcpy(u.scratch, u.buf, 3 * 512);
	build(&u, OFFSET, 30);
	memcpy(u.buf, u.scratch, 3 * 512);
	memset(u.buf, 0, 64);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_TORN);
	assert_int_equal(d.exp_gen, 30);
	assert_int_equal(d.torn_sector, 3);
	assert_int_equal(d.found_gen, 30);
	assert_int_equal(d.counts[VCLASS_STALE], 3);
	unit_release(&u);
}

/* Seed unknown: taken from the header; with no header, nothing validates. */
static void test_vformat__diag_seed_unknown(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 8);
	struct vdiag d;

	(void)state;
	unit_init(&u, 4096, 512, 512, "crc32c");
	build(&u, OFFSET, 8);
	e.seed_known = false;
	e.seed = 0;
	flip_bit(u.buf, 4000, 4);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_BITFLIP);
	assert_int_equal(d.bad_bits, 1);
	flip_bit(u.buf, 512 + 60, 0);	/* header crc */
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_FOREIGN);
	assert_int_equal(d.hdr_err, -EILSEQ);
	unit_release(&u);
}

/* A short per-sector array: the verdict and counts still cover the unit. */
static void test_vformat__diag_short_array(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 3);
	struct vdiag d = { 0 };
	struct vsector two[2];

	(void)state;
	unit_init(&u, 65536, 512, 0, "crc32c");
	build(&u, OFFSET, 3);
	flip_bit(u.buf, 100 * 512 + 5, 5);
	d.sec = two;
	d.sec_cap = 2;
	vunit_diagnose(u.buf, &u.g, &e, ctx(&u), u.scratch, &d);
	assert_int_equal(d.cls, VCLASS_BITFLIP);
	assert_int_equal(d.first_bad, 100);
	assert_int_equal(d.counts[VCLASS_OK], 127);
	assert_ptr_equal(d.sec, two);
	assert_int_equal(two[1].cls, VCLASS_OK);
	d.sec = NULL;
	vunit_diagnose(u.buf, &u.g, &e, ctx(&u), u.scratch, &d);
	assert_int_equal(d.cls, VCLASS_BITFLIP);
	assert_int_equal(d.bad_bits, 1);
	unit_release(&u);
}

/* A newer generation than the map: its own class, not stale (and wrap). */
static void test_vformat__diag_newer(void **state)
{
	static const struct {
		uint32_t ss;
		uint64_t found, want;
		enum vclass cls;
	} cases[] = {
		{ 512, 6, 5, VCLASS_NEWER },
		{ 4096, 2, 1, VCLASS_NEWER },
		{ 512, 1, 65535, VCLASS_NEWER },	/* 65535 -> 1 is one write */
		{ 512, 65535, 1, VCLASS_STALE },
		{ 512, 32768, 1, VCLASS_NEWER },	/* 32767 writes ahead */
		{ 512, 32769, 1, VCLASS_STALE },	/* 32768 ahead: older */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, cases[i].want);
		struct vdiag d;

		unit_init(&u, 8 * cases[i].ss, cases[i].ss, 0, "crc32c");
		build(&u, OFFSET, cases[i].found);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, cases[i].cls);
		assert_true(d.found_known);
		assert_int_equal(d.found_gen, cases[i].found);
		assert_int_equal(d.found_offset, OFFSET);
		assert_int_equal(d.counts[cases[i].cls], 8);
		assert_int_equal(d.sec[0].cls, cases[i].cls);
		unit_release(&u);
	}
	assert_true(vgen_newer(2, 1));
	assert_false(vgen_newer(1, 2));
	assert_false(vgen_newer(7, 7));
	assert_true(vgen_newer(1, 65535));
	assert_false(vgen_newer(65535, 1));
}

/* A valid unit of this offset, written by another run: other run. */
static void test_vformat__diag_other_run(void **state)
{
	static const bool same_seed[] = { true, false };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(same_seed); i++) {
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, 1);
		struct vunit_id id = make_id(OFFSET, 1);
		struct vdiag d;

		unit_init(&u, 4096, 512, 0, "crc32c");
		id.run_id = RUN_ID ^ 0x55;
		if (!same_seed[i])
			id.seed ^= 0x1234;	/* randrepeat=0: a new seed per run */
		vunit_build(u.buf, &u.g, &id, ctx(&u));
		assert_int_not_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), 0);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, VCLASS_OTHER_RUN);
		assert_true(d.hdr_decoded);
		assert_int_equal(d.hdr.run_id, RUN_ID ^ 0x55);
		assert_true(d.found_known);
		assert_int_equal(d.found_gen, 1);
		assert_int_equal(d.found_offset, OFFSET);
		/* judged as that run's write: every sector is fine */
		assert_int_equal(d.counts[VCLASS_OK], 8);
		assert_int_equal(d.bad_bits, 0);
		/* without knowing the run, the same unit passes its checks */
		e.run_known = false;
		e.seed = id.seed;
		assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), 0);
		unit_release(&u);
	}
}

/* Another job or clone's valid unit: other writer, never foreign. */
static void test_vformat__diag_other_writer(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 1);
	struct vunit_id id = make_id(OFFSET, 1);
	struct vdiag d;

	(void)state;
	unit_init(&u, 4096, 512, 0, "crc32c");
	/* another clone: its own data seed */
	id.clone = 1;
	id.seed ^= 0x77;
	vunit_build(u.buf, &u.g, &id, ctx(&u));
	assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), -ENOKEY);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_OTHER_WRITER);
	assert_int_equal(d.hdr.clone, 1);
	assert_int_equal(d.counts[VCLASS_OK], 8);
	/* same seed, another job index, when the writer is known */
	id = make_id(OFFSET, 1);
	id.job = 9;
	vunit_build(u.buf, &u.g, &id, ctx(&u));
	e.writer_known = true;
	e.job = 3;
	e.clone = 2;
	assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), -ENOKEY);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_OTHER_WRITER);
	assert_int_equal(d.hdr.job, 9);
	/* ... and this job's own unit passes */
	id.job = 3;
	vunit_build(u.buf, &u.g, &id, ctx(&u));
	assert_int_equal(vunit_check(u.buf, &u.g, &e, ctx(&u), NULL), 0);
	unit_release(&u);
}

/*
 * A write torn inside one stamp sector (bs = sector): the first bytes of
 * one generation, the rest (stamp included) of the other.  Torn, at the
 * byte, and the sector line agrees.
 */
static void test_vformat__diag_torn_in_sector(void **state)
{
	static const struct {
		uint32_t ss, split;
		uint64_t before, after, want;
	} cases[] = {
		{ 512, 200, 2, 1, 2 },		/* new head, old tail (stamp 1) */
		{ 512, 300, 1, 2, 2 },		/* old head, new tail */
		{ 4096, 1000, 5, 4, 5 },
		{ 4096, 3000, 4, 5, 5 },
		{ 512, 100, 2, 1, 0 },		/* no map: the header's gen */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		uint32_t ss = cases[i].ss, sp = cases[i].split;
		struct vunit_expect e = make_expect(OFFSET, cases[i].want);
		struct vdiag d;

		unit_init(&u, ss, ss, 0, "crc32c");
		build(&u, OFFSET, cases[i].after);
		memcpy(u.scratch, u.buf + sp, ss - sp);
		build(&u, OFFSET, cases[i].before);
		memcpy(u.buf + sp, u.scratch, ss - sp);
		diagnose(&u, &e, &d);
		assert_int_equal(d.cls, VCLASS_TORN);
		assert_int_equal(d.sec[0].cls, VCLASS_TORN);
		assert_int_equal(d.sec[0].torn_byte, sp);
		assert_int_equal(d.sec[0].torn_gen, cases[i].before);
		assert_int_equal(d.sec[0].found_gen, cases[i].after);
		assert_int_equal(d.torn_sector, 0);
		assert_int_equal(d.torn_offset, OFFSET + sp);
		assert_int_equal(d.found_gen, cases[i].after);
		assert_int_equal(d.torn_gen_before, cases[i].before);
		assert_int_equal(d.bad_bits, 0);
		assert_int_equal(d.counts[VCLASS_TORN], 1);
		unit_release(&u);
	}
}

/*
 * Damage that destroys a stamp: foreign when large, bit flips when small
 * (at most S/8 bits), a single bit in the stamp included.
 */
static void test_vformat__diag_stamp_destroyed(void **state)
{
	static const struct {
		uint32_t ss;
		size_t at, len;		/* random bytes at sector 1 + at */
		enum vclass cls;
	} cases[] = {
		{ 4096, 4096 - 512, 512, VCLASS_FOREIGN },	/* 512 B over the stamp */
		{ 512, 512 - 64, 64, VCLASS_FOREIGN },
		{ 4096, 4096 - 8, 8, VCLASS_BITFLIP },		/* 8 bytes of the stamp */
		{ 512, 512 - 4, 2, VCLASS_BITFLIP },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct unit u;
		uint32_t ss = cases[i].ss;
		struct vunit_expect e = make_expect(OFFSET, 3);
		struct vdiag d;

		unit_init(&u, 4 * ss, ss, 0, "crc32c");
		build(&u, OFFSET, 3);
		fill_random(u.buf + ss + cases[i].at, cases[i].len);
		diagnose(&u, &e, &d);
		assert_false(d.sec[1].stamp_ok);
		assert_int_equal(d.sec[1].cls, cases[i].cls);
		assert_int_equal(d.cls, cases[i].cls);
		assert_int_equal(d.first_bad, 1);
		if (cases[i].cls == VCLASS_FOREIGN)
			assert_true(d.sec[1].bad_bits > ss / 8);
		else
			assert_true(d.sec[1].bad_bits <= ss / 8);
		unit_release(&u);
	}
	/* one flipped bit inside a stamp of a stale sector: still bit flips */
	{
		struct unit u;
		struct vunit_expect e = make_expect(OFFSET, 3);
		struct vdiag d;

		unit_init(&u, 4096, 512, 0, "crc32c");
		build(&u, OFFSET, 2);
		flip_bit(u.buf, 2 * 512 + 510, 4);
		diagnose(&u, &e, &d);
		assert_int_equal(d.sec[2].cls, VCLASS_BITFLIP);
		assert_int_equal(d.sec[2].bad_bits, 1);
		assert_int_equal(d.first_bad_bit, (2 * 512 + 510) * 8ull + 4);
		unit_release(&u);
	}
}

/* Totals: a zeroed sector's bits count, as its sector line says. */
static void test_vformat__diag_totals(void **state)
{
	struct unit u;
	struct vunit_expect e = make_expect(OFFSET, 3);
	struct vdiag d;

	(void)state;
	unit_init(&u, 4096, 512, 0, "crc32c");
	build(&u, OFFSET, 3);
	memset(u.buf + 3 * 512, 0, 512);
	flip_bit(u.buf, 5 * 512 + 7, 1);
	diagnose(&u, &e, &d);
	assert_int_equal(d.cls, VCLASS_BITFLIP);
	assert_int_equal(d.bad_bits, d.sec[3].bad_bits + 1);
	assert_true(d.sec[3].bad_bits > 1000);
	assert_int_equal(d.bad_bytes, d.sec[3].bad_bytes + 1);
	assert_int_equal(d.first_bad, 3);
	assert_int_equal(d.first_bad_bit, 3 * 512 * 8ull + d.sec[3].bitpos[0]);
	unit_release(&u);
}

static void test_vformat__vclass_name(void **state)
{
	static const struct {
		enum vclass cls;
		const char *name;
	} cases[] = {
		{ VCLASS_OK, "ok" },
		{ VCLASS_BITFLIP, "bit flips" },
		{ VCLASS_ZEROED, "zeroed" },
		{ VCLASS_STALE, "stale" },
		{ VCLASS_MISDIRECTED, "misdirected" },
		{ VCLASS_TORN, "torn" },
		{ VCLASS_FOREIGN, "foreign" },
		{ VCLASS_UNWRITTEN, "unwritten" },
		{ VCLASS_HEADER, "header" },
		{ VCLASS_NEWER, "newer than recorded" },
		{ VCLASS_OTHER_RUN, "from another run" },
		{ VCLASS_OTHER_WRITER, "other writer" },
		{ VCLASS_TRIM_NOT_ZERO, "not zero after trim" },
		{ VCLASS_NR, "unknown" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		assert_string_equal(vclass_name(cases[i].cls), cases[i].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vformat__sizes),
		cmocka_unit_test(test_vformat__hdr_layout),
		cmocka_unit_test(test_vformat__hdr_roundtrip),
		cmocka_unit_test(test_vformat__hdr_decode_errors),
		cmocka_unit_test(test_vformat__geom_check),
		cmocka_unit_test(test_vformat__build_check),
		cmocka_unit_test(test_vformat__expected),
		cmocka_unit_test(test_vformat__check_errors),
		cmocka_unit_test(test_vformat__compare),
		cmocka_unit_test(test_vformat__diag_ok),
		cmocka_unit_test(test_vformat__diag_bitflip),
		cmocka_unit_test(test_vformat__diag_bitflips_many),
		cmocka_unit_test(test_vformat__diag_zeroed_sector),
		cmocka_unit_test(test_vformat__diag_zeroed_unit),
		cmocka_unit_test(test_vformat__diag_misdirected),
		cmocka_unit_test(test_vformat__diag_misdirected_sector),
		cmocka_unit_test(test_vformat__diag_stale),
		cmocka_unit_test(test_vformat__diag_torn),
		cmocka_unit_test(test_vformat__diag_foreign),
		cmocka_unit_test(test_vformat__diag_foreign_seed),
		cmocka_unit_test(test_vformat__diag_foreign_sector),
		cmocka_unit_test(test_vformat__diag_header),
		cmocka_unit_test(test_vformat__diag_gen_unknown),
		cmocka_unit_test(test_vformat__diag_seed_unknown),
		cmocka_unit_test(test_vformat__diag_short_array),
		cmocka_unit_test(test_vformat__diag_newer),
		cmocka_unit_test(test_vformat__diag_other_run),
		cmocka_unit_test(test_vformat__diag_other_writer),
		cmocka_unit_test(test_vformat__diag_torn_in_sector),
		cmocka_unit_test(test_vformat__diag_stamp_destroyed),
		cmocka_unit_test(test_vformat__diag_totals),
		cmocka_unit_test(test_vformat__vclass_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
