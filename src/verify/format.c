/*
 * vformat.c - the native on-disk verify format, version 1: encode and
 * decode of the header, unit build and check, and the sector-by-sector
 * diagnosis (docs/format.md; interface and conventions in vformat.h).
 */
#include "compat.h"

#include "csum.h"
#include "fill.h"
#include "le.h"
#include "verify/fioformat.h"
#include "verify/format.h"

/* Header field offsets (docs/format.md, "Header"). */
enum {
	HOFF_MAGIC = 0,
	HOFF_VERSION = 4,
	HOFF_ALGO = 5,
	HOFF_HDR_LEN = 6,
	HOFF_UNIT_LEN = 8,
	HOFF_SHIFT = 12,
	HOFF_FLAGS = 13,
	HOFF_CLONE = 14,
	HOFF_OFFSET = 16,
	HOFF_GEN = 24,
	HOFF_RUN_ID = 32,
	HOFF_SEED = 40,
	HOFF_TIME = 48,
	HOFF_JOB = 56,
	HOFF_CRC = 60,
	HOFF_END = 64,
};

/* Stamp field offsets, from the start of the stamp (S - 16 in a sector). */
enum {
	SOFF_OFFSET = 0,
	SOFF_GEN = 8,
	SOFF_CHECK = 12,
	SOFF_END = 16,
};

_Static_assert(HOFF_END == VHDR_LEN, "header is 64 bytes");
_Static_assert(HOFF_TIME == VHDR_TIME_OFF, "write time offset");
_Static_assert(HOFF_CRC + 4 == HOFF_END, "crc is the last header field");
_Static_assert(SOFF_END == VSTAMP_LEN, "stamp is 16 bytes");
_Static_assert(CSUM_MAX_DIGEST <= VHDR_MAX_DIGEST, "digest fits struct vhdr");
_Static_assert(VHDR_LEN + VHDR_MAX_DIGEST <= UINT16_MAX, "L fits 16 bits");
_Static_assert(VUNIT_MAX_SECTORS == 16384, "8 MiB of 512-byte sectors");

/*
 * ---- little-endian helpers ---------------------------------------------
 * Any alignment, any host: a single load or store on little-endian hosts
 * (memcpy of one integer, which compilers turn into a mov), byte by byte
 * elsewhere.
 */

static void hdr_put_fields(uint8_t *dst, const struct vhdr *h)
{
	put_le32(dst + HOFF_MAGIC, VHDR_MAGIC);
	dst[HOFF_VERSION] = h->version;
	dst[HOFF_ALGO] = h->algo;
	put_le16(dst + HOFF_HDR_LEN, h->hdr_len);
	put_le32(dst + HOFF_UNIT_LEN, h->unit_len);
	dst[HOFF_SHIFT] = h->sector_shift;
	dst[HOFF_FLAGS] = h->flags;
	put_le16(dst + HOFF_CLONE, h->clone);
	put_le64(dst + HOFF_OFFSET, h->offset);
	put_le64(dst + HOFF_GEN, h->gen);
	put_le64(dst + HOFF_RUN_ID, h->run_id);
	put_le64(dst + HOFF_SEED, h->seed);
	put_le64(dst + HOFF_TIME, h->time_ns);
	put_le32(dst + HOFF_JOB, h->job);
}

/* The crc of the fields already at dst, then the digest. */
static void hdr_seal(uint8_t *dst, const struct vhdr *h)
{
	unsigned dlen = h->hdr_len > VHDR_LEN ? h->hdr_len - VHDR_LEN : 0;

	if (dlen > VHDR_MAX_DIGEST)
		dlen = VHDR_MAX_DIGEST;
	put_le32(dst + HOFF_CRC, csum_crc32c(dst, HOFF_CRC));
	memcpy(dst + VHDR_LEN, h->digest, dlen);
}

void vhdr_encode(uint8_t *dst, const struct vhdr *h)
{
	hdr_put_fields(dst, h);
	hdr_seal(dst, h);
}

int vhdr_decode(const uint8_t *src, size_t avail, struct vhdr *h)
{
	if (avail < VHDR_LEN)
		return -EINVAL;
	if (get_le32(src + HOFF_MAGIC) != VHDR_MAGIC)
		return -EBADMSG;
	/* Version before crc: a later version may protect itself otherwise. */
	h->version = src[HOFF_VERSION];
	if (h->version != VHDR_VERSION)
		return -EPROTO;
	h->crc = get_le32(src + HOFF_CRC);
	if (h->crc != csum_crc32c(src, HOFF_CRC))
		return -EILSEQ;
	h->algo = src[HOFF_ALGO];
	h->hdr_len = get_le16(src + HOFF_HDR_LEN);
	h->unit_len = get_le32(src + HOFF_UNIT_LEN);
	h->sector_shift = src[HOFF_SHIFT];
	h->flags = src[HOFF_FLAGS];
	h->clone = get_le16(src + HOFF_CLONE);
	h->offset = get_le64(src + HOFF_OFFSET);
	h->gen = get_le64(src + HOFF_GEN);
	h->run_id = get_le64(src + HOFF_RUN_ID);
	h->seed = get_le64(src + HOFF_SEED);
	h->time_ns = get_le64(src + HOFF_TIME);
	h->job = get_le32(src + HOFF_JOB);
	if (h->flags & ~VHDR_F_KNOWN)
		return -EPROTO;
	if (h->hdr_len < VHDR_LEN || h->hdr_len > VHDR_LEN + VHDR_MAX_DIGEST)
		return -EPROTO;
	if (h->hdr_len > avail)
		return -EMSGSIZE;
	memcpy(h->digest, src + VHDR_LEN, h->hdr_len - VHDR_LEN);
	return 0;
}

/* ---- geometry --------------------------------------------------------- */

static inline uint32_t digest_len(const struct vunit_geom *g)
{
	return g->csum ? g->csum->digest_len : 0;
}

uint32_t vunit_hdr_len(const struct vunit_geom *g)
{
	if (g->layout != VLAYOUT_NATIVE)
		return vpiece_hdr_len(g);
	return VHDR_LEN + digest_len(g);
}

uint32_t vunit_diag_entries(const struct vunit_geom *g)
{
	if (g->layout != VLAYOUT_NATIVE)
		return vpiece_count(g);
	return g->unit_len / g->sector_size;
}

uint32_t vunit_diag_stride(const struct vunit_geom *g)
{
	if (g->layout != VLAYOUT_NATIVE)
		return g->piece_len ? g->piece_len : g->unit_len;
	return g->sector_size;
}

int vunit_geom_check(const struct vunit_geom *g)
{
	uint32_t s;

	if (!g)
		return -EINVAL;
	if (g->layout != VLAYOUT_NATIVE)
		return vpiece_geom_check(g);
	s = g->sector_size;
	if (s != 512 && s != 4096)
		return -EINVAL;
	if (!g->unit_len || g->unit_len % s || g->unit_len > VUNIT_MAX_LEN)
		return -EINVAL;
	if (digest_len(g) > VHDR_MAX_DIGEST || g->hdr_off >= g->unit_len)
		return -EINVAL;
	/* Inside one sector, clear of that sector's stamp. */
	if (g->hdr_off % s + vunit_hdr_len(g) > s - VSTAMP_LEN)
		return -EINVAL;
	return 0;
}

static inline uint8_t sector_shift(const struct vunit_geom *g)
{
	return (uint8_t)__builtin_ctz(g->sector_size);
}

/* ---- build ------------------------------------------------------------ */

/*
 * Sectors are built and fed to the checksum in pieces of this size, so
 * that the checksum reads what the fill has just written while it is
 * still in L1/L2 cache, however large the unit.
 */
#define BUILD_CHUNK	(16u << 10)

/* The stamp check of (offset, gen): docs/format.md, "Sector stamp". */
static inline uint32_t stamp_check(uint64_t stamp_seed, uint64_t off, uint32_t gen)
{
	return (uint32_t)fill_key(stamp_seed, off, gen);
}

static inline void put_stamp(uint8_t *st, uint64_t off, uint32_t gen, uint32_t check)
{
	put_le64(st + SOFF_OFFSET, off);
	put_le32(st + SOFF_GEN, gen);
	put_le32(st + SOFF_CHECK, check);
}

/* One sector of (seed, off, gen): payload, then stamp. */
static inline void build_sector(uint8_t *p, uint32_t s, uint64_t seed,
				uint64_t off, uint32_t gen)
{
	fill_pattern(p, s - VSTAMP_LEN, fill_key(seed, off, gen));
	put_stamp(p + s - VSTAMP_LEN, off, gen,
		  stamp_check(seed ^ VSTAMP_SALT, off, gen));
}

/*
 * Build sectors [s0, s1) in BUILD_CHUNK pieces, adding bytes from
 * max(from, piece start) of each piece to the digest when c is set.
 * With h set, s0 is the header's sector: its fields are written right
 * after the first piece is built (see vunit_build()).
 *
 * The id is copied to locals so that the seed and generation part of
 * fill_key() is computed once, not once per sector (the fill call could
 * otherwise change *id, for all the compiler knows).
 */
static void build_span(uint8_t *buf, const struct vunit_geom *g,
		       const struct vunit_id *id, struct csum_ctx *c,
		       uint32_t s0, uint32_t s1, size_t from,
		       const struct vhdr *h)
{
	const uint32_t ss = g->sector_size, gen = (uint32_t)id->gen;
	const uint32_t per = BUILD_CHUNK > ss ? BUILD_CHUNK / ss : 1;
	const uint64_t seed = id->seed, base = id->offset;

	while (s0 < s1) {
		uint32_t end = s1 - s0 > per ? s0 + per : s1;
		size_t lo = (size_t)s0 * ss;

		for (uint32_t s = s0; s < end; s++)
			build_sector(buf + (size_t)s * ss, ss, seed,
				     base + (uint64_t)s * ss, gen);
		if (h) {
			hdr_put_fields(buf + g->hdr_off, h);
			h = NULL;
		}
		if (c) {
			if (lo < from)
				lo = from;
			csum_update(c, buf + lo, (size_t)end * ss - lo);
		}
		s0 = end;
	}
}

static void hdr_from_id(struct vhdr *h, const struct vunit_geom *g,
			const struct vunit_id *id)
{
	h->version = VHDR_VERSION;
	h->algo = g->csum ? (uint8_t)g->csum->id : 0;
	h->hdr_len = (uint16_t)vunit_hdr_len(g);
	h->unit_len = g->unit_len;
	h->sector_shift = sector_shift(g);
	h->flags = 0;
	h->clone = (uint16_t)id->clone;
	h->offset = id->offset;
	h->gen = id->gen;
	h->run_id = id->run_id;
	h->seed = id->seed;
	h->time_ns = id->time_ns;
	h->job = id->job;
	h->crc = 0;
}

/*
 * The digest covers [H+L, U) then [0, H): build from the header's sector
 * to the end, then from the start up to it, checksumming right behind.
 * A unit of one piece with the header at 0 (the default) takes the
 * one-shot checksum instead: streaming costs more setup (xxh3: ~10 ns).
 *
 * The header's fields go in as soon as its sector is filled, and its crc
 * is computed last: by then those stores have reached the cache, and the
 * crc's loads do not stall on them (~20 ns a unit otherwise).
 */
void vunit_build(uint8_t *buf, const struct vunit_geom *g,
		 const struct vunit_id *id, struct csum_ctx *c)
{
	uint32_t ss = g->sector_size, hs = g->hdr_off / ss;
	size_t h = g->hdr_off, l = vunit_hdr_len(g), u = g->unit_len;
	struct vhdr hdr;

	if (g->layout != VLAYOUT_NATIVE) {
		vpiece_build(buf, g, id, c);
		return;
	}
	hdr_from_id(&hdr, g, id);
	if (!g->csum || (!h && u <= BUILD_CHUNK)) {
		build_span(buf, g, id, NULL, 0, u / ss, 0, &hdr);
		if (g->csum)
			csum_compute(c, buf + l, u - l, hdr.digest);
		hdr_seal(buf + h, &hdr);
		return;
	}
	csum_begin(c);
	build_span(buf, g, id, c, hs, u / ss, h + l, &hdr);
	build_span(buf, g, id, c, 0, hs, 0, NULL);
	if (h > (size_t)hs * ss)
		csum_update(c, buf + (size_t)hs * ss, h - (size_t)hs * ss);
	csum_end(c, hdr.digest);
	hdr_seal(buf + h, &hdr);
}

void vunit_expected(uint8_t *dst, const struct vunit_geom *g,
		    const struct vunit_id *id, struct csum_ctx *c)
{
	vunit_build(dst, g, id, c);
}

/* ---- check ------------------------------------------------------------ */

/* The header against what is expected, in the order vformat.h gives. */
static int hdr_match(const struct vhdr *h, const struct vunit_geom *g,
		     const struct vunit_expect *e)
{
	if (h->offset != e->offset)
		return -EXDEV;
	if (h->unit_len != g->unit_len || h->sector_shift != sector_shift(g) ||
	    h->hdr_len != vunit_hdr_len(g))
		return -EMSGSIZE;
	if (h->algo != (g->csum ? (unsigned)g->csum->id : 0u))
		return -ENOMSG;
	if (e->seed_known && h->seed != e->seed)
		return -ENOKEY;
	if (e->writer_known && (h->job != e->job || h->clone != e->clone))
		return -ENOKEY;
	if (e->run_known && h->run_id != e->run_id)
		return -ESRCH;
	if (e->gen && h->gen != e->gen)
		return -ESTALE;
	return 0;
}

static int hdr_read(const uint8_t *buf, const struct vunit_geom *g,
		    const struct vunit_expect *e, struct vhdr *h)
{
	int ret = vhdr_decode(buf + g->hdr_off, g->unit_len - g->hdr_off, h);

	return ret ? ret : hdr_match(h, g, e);
}

/* 0 if the unit's data matches the digest of h, else -EBADE. */
static int digest_verify(const uint8_t *buf, const struct vunit_geom *g,
			 struct csum_ctx *c, const struct vhdr *h)
{
	size_t hoff = g->hdr_off, l = vunit_hdr_len(g);
	uint8_t d[VHDR_MAX_DIGEST];

	if (!g->csum)
		return 0;
	if (!hoff) {
		csum_compute(c, buf + l, g->unit_len - l, d);
	} else {
		csum_begin(c);
		csum_update(c, buf + hoff + l, g->unit_len - hoff - l);
		csum_update(c, buf, hoff);
		csum_end(c, d);
	}
	return memcmp(d, h->digest, l - VHDR_LEN) ? -EBADE : 0;
}

int vunit_check(const uint8_t *buf, const struct vunit_geom *g,
		const struct vunit_expect *e, struct csum_ctx *c,
		struct vhdr *found)
{
	struct vhdr local;
	struct vhdr *h = found ? found : &local;
	int ret;

	if (g->layout != VLAYOUT_NATIVE)
		return vpiece_check(buf, g, e, c, found);
	ret = hdr_read(buf, g, e, h);
	return ret ? ret : digest_verify(buf, g, c, h);
}

static void id_from_hdr(struct vunit_id *id, const struct vhdr *h)
{
	id->offset = h->offset;
	id->gen = h->gen;
	id->run_id = h->run_id;
	id->seed = h->seed;
	id->time_ns = h->time_ns;
	id->job = h->job;
	id->clone = h->clone;
}

int vunit_compare(const uint8_t *buf, const struct vunit_geom *g,
		  const struct vunit_expect *e, struct csum_ctx *c,
		  struct vhdr *found, uint8_t *scratch)
{
	struct vhdr local;
	struct vhdr *h = found ? found : &local;
	struct vunit_id id;
	size_t t = (size_t)g->hdr_off + VHDR_TIME_OFF, t_end = t + 8;
	int ret;

	/* Stampless and fio pieces: the checksum is the check (fio's
	 * payload cannot be regenerated). */
	if (g->layout != VLAYOUT_NATIVE)
		return vpiece_check(buf, g, e, c, found);
	ret = hdr_read(buf, g, e, h);
	if (ret)
		return ret;
	id_from_hdr(&id, h);
	vunit_build(scratch, g, &id, c);
	if (memcmp(buf, scratch, t) ||
	    memcmp(buf + t_end, scratch + t_end, g->unit_len - t_end))
		return -EBADE;
	return 0;
}

/* ---- diagnosis -------------------------------------------------------- */

const char *vclass_name(enum vclass cls)
{
	static const char *const names[VCLASS_NR] = {
		[VCLASS_OK] = "ok",
		[VCLASS_BITFLIP] = "bit flips",
		[VCLASS_ZEROED] = "zeroed",
		[VCLASS_STALE] = "stale",
		[VCLASS_MISDIRECTED] = "misdirected",
		[VCLASS_TORN] = "torn",
		[VCLASS_FOREIGN] = "foreign",
		[VCLASS_UNWRITTEN] = "unwritten",
		[VCLASS_HEADER] = "header",
		[VCLASS_NEWER] = "newer than recorded",
		[VCLASS_OTHER_RUN] = "from another run",
		[VCLASS_OTHER_WRITER] = "other writer",
		[VCLASS_TRIM_NOT_ZERO] = "not zero after trim",
	};

	return (unsigned)cls < VCLASS_NR ? names[cls] : "unknown";
}

bool vgen_newer(uint64_t a, uint64_t b)
{
	const uint64_t n = 65535;	/* GENMAP_GEN_MAX: 1..n, then 1 */
	uint64_t ahead = ((a + n - 1) % n + n - (b + n - 1) % n) % n;

	return ahead >= 1 && ahead <= n / 2;
}

/* What the diagnosis of one unit works with. */
struct dctx {
	const uint8_t *buf;
	uint8_t *scratch;		/* one sector */
	uint8_t *scratch2;		/* another: tears inside a sector */
	uint64_t base;			/* expected unit offset */
	uint32_t hdr_gen;		/* the header's, for this unit; 0 if none */
	uint64_t seed;
	bool seed_ok;			/* seed known: stamps can be validated */
	const uint64_t *alt;		/* other runs' seeds (vunit_expect) */
	uint32_t nalt;
	uint32_t gen;			/* expected generation, 0 if none */
	uint32_t ss, nsec;
	uint32_t hs, hlo, hhi;		/* header sector, its bytes [hlo, hhi) */
};

/* What the sectors add up to, for the verdict. */
struct dagg {
	uint32_t n_valid;		/* sectors with a valid stamp */
	bool have_first;		/* a stamp of the right offset was seen */
	uint32_t first_gen;		/* ... and its generation */
	bool torn;
	uint32_t torn_sector, torn_gen;
	bool torn_in;			/* a sector torn inside: the first one */
	uint32_t in_sector, in_byte, in_before, in_after;
	uint32_t n_other;		/* stamps of other offsets */
	uint64_t other_base, other_gen;	/* the first of them */
};

static bool all_zero(const uint8_t *p, size_t n)
{
	return !p[0] && !memcmp(p, p + 1, n - 1);
}

/*
 * Read the stamp of sector s: true when it is valid for the expected seed
 * or, failing that, for another run's (*seed: the one that validated it).
 */
static bool stamp_read(const struct dctx *d, uint32_t s, uint64_t *off, uint32_t *gen,
		       uint64_t *seed)
{
	const uint8_t *st = d->buf + (size_t)(s + 1) * d->ss - VSTAMP_LEN;
	uint32_t chk = get_le32(st + SOFF_CHECK);

	*off = get_le64(st + SOFF_OFFSET);
	*gen = get_le32(st + SOFF_GEN);
	*seed = d->seed;
	if (!d->seed_ok)
		return false;
	if (chk == stamp_check(d->seed ^ VSTAMP_SALT, *off, *gen))
		return true;
	for (uint32_t i = 0; i < d->nalt; i++) {
		if (d->alt[i] != d->seed &&
		    chk == stamp_check(d->alt[i] ^ VSTAMP_SALT, *off, *gen)) {
			*seed = d->alt[i];
			return true;
		}
	}
	return false;
}

/*
 * The generation most sectors of the right offset carry (ties: the one
 * seen first), or 0.  A few candidates suffice: a unit holds one
 * generation, or two when torn.
 */
static uint32_t vote_gen(const struct dctx *d)
{
	enum { NCAND = 8 };
	uint32_t gen[NCAND], cnt[NCAND], n = 0, best = 0;

	for (uint32_t s = 0; s < d->nsec; s++) {
		uint64_t off, seed;
		uint32_t sg, i;

		if (!stamp_read(d, s, &off, &sg, &seed) || off != d->base + (uint64_t)s * d->ss)
			continue;
		for (i = 0; i < n && gen[i] != sg; i++)
			;
		if (i < n)
			cnt[i]++;
		else if (n < NCAND) {
			gen[n] = sg;
			cnt[n++] = 1;
		}
	}
	for (uint32_t i = 1; i < n; i++)
		if (cnt[i] > cnt[best])
			best = i;
	return n ? gen[best] : 0;
}

static void diff_range(const uint8_t *a, const uint8_t *b, uint32_t lo,
		       uint32_t hi, struct vsector *r)
{
	if (lo >= hi || !memcmp(a + lo, b + lo, hi - lo))
		return;
	for (uint32_t i = lo; i < hi; i++) {
		unsigned x = a[i] ^ b[i];

		if (!x)
			continue;
		r->bad_bytes++;
		r->bad_bits += (uint32_t)__builtin_popcount(x);
		for (; x && r->nbitpos < VDIAG_BITPOS; x &= x - 1)
			r->bitpos[r->nbitpos++] = i * 8 + (uint32_t)__builtin_ctz(x);
	}
}

/* Regenerate sector s as (off, gen) of seed into scratch; count what differs. */
static void diff_sector(const struct dctx *d, uint32_t s, uint64_t off,
			uint32_t gen, uint64_t seed, struct vsector *r)
{
	const uint8_t *p = d->buf + (size_t)s * d->ss;

	uint64_t U = (uint64_t)d->ss * d->nsec;
	/* The sector's place in its own unit (on the grid of this one's). */
	uint64_t pos = (off % U + U - d->base % U) % U;

	build_sector(d->scratch, d->ss, seed, off, gen);
	/* A header sector's header and digest are judged on their own. */
	if (pos == (uint64_t)d->hs * d->ss) {
		diff_range(p, d->scratch, 0, d->hlo, r);
		diff_range(p, d->scratch, d->hhi, d->ss, r);
	} else {
		diff_range(p, d->scratch, 0, d->ss, r);
	}
}

/*
 * A sector whose stamp is not valid: zeroed, bit flips or foreign.  Bit
 * flips need the damage to be small: at most S/8 bits (1/64 of the
 * sector's bits) differ from the expected sector, or from the sector its
 * stamp names if the stamp's own bits were hit (its offset is this one).
 * Anything more destroyed the stamp with the data: foreign.
 */
static void judge_unstamped(const struct dctx *d, uint32_t s, struct vsector *r)
{
	const uint8_t *st = d->buf + (size_t)(s + 1) * d->ss - VSTAMP_LEN;
	uint64_t want = d->base + (uint64_t)s * d->ss;
	bool zero = all_zero(d->buf + (size_t)s * d->ss, d->ss);
	uint32_t sgen = get_le32(st + SOFF_GEN);

	r->cls = zero ? VCLASS_ZEROED : VCLASS_FOREIGN;
	if (!d->seed_ok || !d->gen)
		return;
	diff_sector(d, s, want, d->gen, d->seed, r);
	if (zero)
		return;
	if (r->bad_bits > d->ss / 8 && get_le64(st + SOFF_OFFSET) == want &&
	    sgen && sgen != d->gen) {
		struct vsector alt = { 0 };

		diff_sector(d, s, want, sgen, d->seed, &alt);
		if (alt.bad_bits < r->bad_bits) {
			*r = alt;
			r->cls = VCLASS_FOREIGN;
		}
	}
	if (r->bad_bits <= d->ss / 8)
		r->cls = VCLASS_BITFLIP;
}

/* Is [lo, hi) of sector bytes inside the header? */
static inline bool in_hdr(const struct dctx *d, uint32_t s, uint32_t i)
{
	return s == d->hs && i >= d->hlo && i < d->hhi;
}

/*
 * Sector s (of this offset) as the first bytes of the write of generation
 * a and the rest of generation b: the byte where b starts, or 0 when it
 * is not that.  The header's bytes are left out of the comparison; they
 * count for a when the header is before the tear and names a.
 */
static uint32_t tear_split(const struct dctx *d, uint32_t s, uint32_t a, uint64_t seed_a,
			   uint32_t b, uint64_t seed_b)
{
	const uint8_t *p = d->buf + (size_t)s * d->ss;
	uint64_t want = d->base + (uint64_t)s * d->ss;
	uint32_t i, k, from_a = 0;

	build_sector(d->scratch, d->ss, seed_a, want, a);
	build_sector(d->scratch2, d->ss, seed_b, want, b);
	for (i = 0; i < d->ss; i++) {
		if (in_hdr(d, s, i))
			continue;
		if (p[i] != d->scratch[i])
			break;
		from_a += p[i] != d->scratch2[i];
	}
	if (i >= d->ss - VSTAMP_LEN)
		return 0;
	for (k = i; k < d->ss; k++)
		if (!in_hdr(d, s, k) && p[k] != d->scratch2[k])
			return 0;
	if (!from_a && !(s == d->hs && d->hlo < i && d->hdr_gen == a))
		return 0;
	return i;
}

/*
 * A stamped sector of this offset whose payload is not the stamp's (of
 * seed, the stamp's run): torn?  The first part may be the header's or
 * the expected write (the expected seed), or a neighbour generation of
 * the stamp's run.
 */
static bool judge_tear(const struct dctx *d, uint32_t s, struct vsector *r, uint64_t seed)
{
	uint32_t g = r->found_gen;
	uint32_t cand[4] = {
		d->hdr_gen, d->gen,
		g == 65535 ? 1 : g + 1, g <= 1 ? 65535 : g - 1,
	};
	uint64_t cseed[4] = { d->seed, d->seed, seed, seed };

	for (unsigned i = 0; i < 4; i++) {
		uint32_t split;

		if (!cand[i] || (cand[i] == g && cseed[i] == seed))
			continue;
		split = tear_split(d, s, cand[i], cseed[i], g, seed);
		if (split) {
			r->cls = VCLASS_TORN;
			r->torn_byte = split;
			r->torn_gen = cand[i];
			r->bad_bits = r->bad_bytes = 0;
			r->nbitpos = 0;
			return true;
		}
	}
	return false;
}

/* Judge sector s into r and add it to a. */
static void judge_sector(const struct dctx *d, uint32_t s, struct vsector *r,
			 struct dagg *a)
{
	uint64_t want = d->base + (uint64_t)s * d->ss;

	uint64_t seed;

	memset(r, 0, sizeof(*r));
	r->stamp_ok = stamp_read(d, s, &r->found_offset, &r->found_gen, &seed);
	if (!r->stamp_ok) {
		r->found_offset = 0;
		r->found_gen = 0;
		judge_unstamped(d, s, r);
		return;
	}
	a->n_valid++;
	diff_sector(d, s, r->found_offset, r->found_gen, seed, r);
	if (r->found_offset != want) {
		r->cls = VCLASS_MISDIRECTED;
		if (!a->n_other++) {
			uint64_t back = (uint64_t)s * d->ss;

			/*
			 * The unit the data came from: the sector's place in
			 * it is its place here, unless that puts the unit
			 * before offset 0 (a sector moved to a later place
			 * than it had): then the unit holding the sector.
			 */
			a->other_base = r->found_offset >= back ? r->found_offset - back
				      : r->found_offset - r->found_offset % ((uint64_t)d->ss * d->nsec);
			a->other_gen = r->found_gen;
		}
	} else {
		r->cls = r->found_gen == d->gen ? VCLASS_OK
			 : vgen_newer(r->found_gen, d->gen) ? VCLASS_NEWER
							    : VCLASS_STALE;
		if (!a->have_first) {
			a->have_first = true;
			a->first_gen = r->found_gen;
		} else if (!a->torn && r->found_gen != a->first_gen) {
			a->torn = true;
			a->torn_sector = s;
			a->torn_gen = r->found_gen;
		}
		if (r->bad_bits && judge_tear(d, s, r, seed)) {
			if (!a->torn_in) {
				a->torn_in = true;
				a->in_sector = s;
				a->in_byte = r->torn_byte;
				a->in_before = r->torn_gen;
				a->in_after = r->found_gen;
			}
			return;
		}
	}
	if (r->bad_bits)
		r->cls = VCLASS_BITFLIP;
}

static void add_sector(struct vdiag *o, uint32_t s, uint32_t ss, const struct vsector *r)
{
	o->counts[r->cls]++;
	if (r->cls != VCLASS_OK && o->first_bad == VDIAG_NONE)
		o->first_bad = s;
	o->bad_bits += r->bad_bits;
	o->bad_bytes += r->bad_bytes;
	if (r->nbitpos && o->first_bad_bit == VDIAG_NOBIT)
		o->first_bad_bit = (uint64_t)s * ss * 8 + r->bitpos[0];
}

/* The unit verdict: the first rule of vformat.h that applies. */
static enum vclass verdict(struct vdiag *o, const struct dctx *d,
			   const struct dagg *a, enum vclass other)
{
	const uint32_t *n = o->counts;

	if (n[VCLASS_ZEROED] == o->nsec)
		return VCLASS_ZEROED;
	/* A tear is a tear, whichever run wrote its parts. */
	if (other != VCLASS_OK && !a->torn && !a->torn_in) {
		o->found_known = true;
		o->found_offset = o->hdr.offset;
		o->found_gen = o->hdr.gen;
		/*
		 * Generations continue across runs: a block of another run at
		 * another generation than the map's is an older write (stale)
		 * or a newer one the map missed, whoever wrote it.
		 */
		if (o->gen_from_map && o->hdr.gen != o->exp_gen)
			return vgen_newer(o->hdr.gen, o->exp_gen) ? VCLASS_NEWER : VCLASS_STALE;
		return other;
	}
	if (!a->n_valid && !n[VCLASS_BITFLIP])
		return VCLASS_FOREIGN;
	if (a->torn || a->torn_in) {
		o->found_known = true;
		o->found_offset = d->base;
		if (a->torn) {
			o->torn_sector = a->torn_sector;
			o->torn_offset = d->base + (uint64_t)a->torn_sector * d->ss;
			o->found_gen = a->torn_gen;
			o->torn_gen_before = a->first_gen;
		} else {
			o->torn_sector = a->in_sector;
			o->torn_offset = d->base + (uint64_t)a->in_sector * d->ss + a->in_byte;
			o->found_gen = a->in_after;
			o->torn_gen_before = a->in_before;
		}
		return VCLASS_TORN;
	}
	if (a->n_other) {
		o->found_known = true;
		o->found_offset = a->other_base;
		o->found_gen = a->other_gen;
		return VCLASS_MISDIRECTED;
	}
	if (a->have_first) {
		o->found_known = true;
		o->found_offset = d->base;
		o->found_gen = a->first_gen;
		if (a->first_gen != d->gen)
			return vgen_newer(a->first_gen, d->gen) ? VCLASS_NEWER : VCLASS_STALE;
	}
	if (n[VCLASS_BITFLIP])
		return VCLASS_BITFLIP;
	if (n[VCLASS_FOREIGN])
		return VCLASS_FOREIGN;
	if (n[VCLASS_ZEROED])
		return VCLASS_ZEROED;
	return o->hdr_err ? VCLASS_HEADER : VCLASS_OK;
}

/* Is seed the expected one or one of vunit_expect.alt_seeds? */
static bool seed_listed(const struct vunit_expect *e, uint64_t seed)
{
	if (e->seed_known && seed == e->seed)
		return true;
	for (uint32_t i = 0; e->alt_seeds && i < e->nr_alt_seeds; i++)
		if (e->alt_seeds[i] == seed)
			return true;
	return false;
}

/*
 * Header, seed and expected generation: fills o's header fields and d.
 * Returns OTHER_RUN or OTHER_WRITER when the header is valid for this
 * unit but names another run or writer (d then judges the sectors as
 * that writer's), else OK.
 */
static enum vclass diag_setup(struct dctx *d, const uint8_t *buf,
			      const struct vunit_geom *g, const struct vunit_expect *e,
			      struct csum_ctx *c, struct vdiag *o)
{
	const struct vhdr *h = &o->hdr;
	enum vclass other = VCLASS_OK;
	bool ours;

	o->hdr_err = vunit_check(buf, g, e, c, &o->hdr);
	o->hdr_decoded = !vhdr_decode(buf + g->hdr_off,
				      g->unit_len - g->hdr_off, &o->hdr);
	d->buf = buf;
	d->base = e->offset;
	d->ss = g->sector_size;
	d->nsec = g->unit_len / g->sector_size;
	d->hs = g->hdr_off / d->ss;
	d->hlo = g->hdr_off % d->ss;
	d->hhi = d->hlo + vunit_hdr_len(g);
	/* A header for this unit, of this geometry and algorithm. */
	ours = o->hdr_decoded && h->offset == e->offset && h->unit_len == g->unit_len &&
	       h->sector_shift == sector_shift(g) && h->hdr_len == vunit_hdr_len(g) &&
	       h->algo == (g->csum ? (unsigned)g->csum->id : 0u);
	if (ours && e->run_known && h->run_id != e->run_id)
		other = VCLASS_OTHER_RUN;
	else if (ours && ((e->seed_known && h->seed != e->seed) ||
			  (e->writer_known && (h->job != e->job || h->clone != e->clone))))
		other = VCLASS_OTHER_WRITER;
	/*
	 * Generations continue across runs: a block of another writer at
	 * another generation than the map's is an older (stale) or newer
	 * write whoever made it; its sectors are judged against the map when
	 * their stamps can be validated (their run's seed is known), else
	 * against the header (verdict()).
	 */
	if (other != VCLASS_OK && e->gen && h->gen != e->gen && seed_listed(e, h->seed))
		other = VCLASS_OK;
	d->seed_ok = e->seed_known || o->hdr_decoded;
	d->alt = e->alt_seeds;
	d->nalt = e->alt_seeds ? e->nr_alt_seeds : 0;
	d->seed = e->seed_known && other == VCLASS_OK ? e->seed
		  : o->hdr_decoded ? h->seed : 0;
	d->hdr_gen = ours && h->gen <= UINT32_MAX ? (uint32_t)h->gen : 0;
	o->gen_from_map = e->gen != 0;
	if (other != VCLASS_OK)
		d->gen = (uint32_t)h->gen;
	else if (e->gen)
		d->gen = (uint32_t)e->gen;
	else if (ours && (!e->seed_known || h->seed == e->seed))
		d->gen = (uint32_t)h->gen;
	else
		d->gen = vote_gen(d);
	o->exp_gen = e->gen ? e->gen : d->gen;
	return other;
}

void vunit_diagnose(const uint8_t *buf, const struct vunit_geom *g,
		    const struct vunit_expect *e, struct csum_ctx *c,
		    uint8_t *scratch, struct vdiag *out)
{
	struct vsector *sec = out->sec;
	uint32_t cap = sec ? out->sec_cap : 0;
	uint8_t scratch2[4096];		/* the largest sector */
	struct dctx d = { .scratch = scratch, .scratch2 = scratch2 };
	struct dagg a = { 0 };
	enum vclass other;

	if (g->layout != VLAYOUT_NATIVE) {
		vpiece_diagnose(buf, g, e, c, scratch, out);
		return;
	}
	memset(out, 0, sizeof(*out));
	out->sec = sec;
	out->sec_cap = cap;
	out->first_bad = VDIAG_NONE;
	out->first_bad_bit = VDIAG_NOBIT;
	out->torn_sector = VDIAG_NONE;
	other = diag_setup(&d, buf, g, e, c, out);
	out->nsec = d.nsec;
	for (uint32_t s = 0; s < d.nsec; s++) {
		struct vsector tmp;
		struct vsector *r = s < cap ? &sec[s] : &tmp;

		judge_sector(&d, s, r, &a);
		add_sector(out, s, d.ss, r);
	}
	out->cls = verdict(out, &d, &a, other);
	if (out->cls == VCLASS_HEADER)
		out->first_bad = d.hs;
}
