/*
 * fioformat.c - units without sector stamps: stampless native pieces and
 * fio's header, both ways (fioformat.h, docs/format.md).  The byte
 * layouts of fio's header come from fio's documentation and from blocks
 * fio 3.33 wrote; no fio code.
 */
#include "compat.h"

#include "csum.h"
#include "fill.h"
#include "le.h"
#include "verify/fioformat.h"

/* ---- fio's verify types ----------------------------------------------- */

static const struct {
	unsigned vt;
	const char *name;	/* fio's verify= name */
	const char *flavour;	/* what verio computes for it */
} vtypes[] = {
	{ FIO_VT_META, "meta", NULL },
	{ FIO_VT_MD5, "md5", "md5" },
	{ FIO_VT_CRC64, "crc64", "fio-crc64" },
	{ FIO_VT_CRC32, "crc32", "fio-crc32" },
	{ FIO_VT_CRC32C, "crc32c", "fio-crc32c" },
	{ FIO_VT_CRC32C_INTEL, "crc32c-intel", "fio-crc32c" },
	{ FIO_VT_CRC16, "crc16", "fio-crc16" },
	{ FIO_VT_CRC7, "crc7", "crc7" },
	{ FIO_VT_SHA256, "sha256", "fio-sha256" },
	{ FIO_VT_SHA512, "sha512", "fio-sha512" },
	{ FIO_VT_SHA3_224, "sha3-224", "sha3-224" },
	{ FIO_VT_SHA3_256, "sha3-256", "sha3-256" },
	{ FIO_VT_SHA3_384, "sha3-384", "sha3-384" },
	{ FIO_VT_SHA3_512, "sha3-512", "sha3-512" },
	{ FIO_VT_XXHASH, "xxhash", "fio-xxhash" },
	{ FIO_VT_SHA1, "sha1", "fio-sha1" },
};

unsigned fio_vtype_of(const char *name, unsigned fio_version, const char **flavour)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(vtypes); i++) {
		if (strcmp(name, vtypes[i].name))
			continue;
		if (flavour)
			*flavour = vtypes[i].flavour;
		/* fio 3.39 finished its sha512 */
		if (flavour && vtypes[i].vt == FIO_VT_SHA512 && fio_version >= 339)
			*flavour = "fio-sha512-339";
		return vtypes[i].vt;
	}
	return 0;
}

/* crc32c as fio stores it (no final inversion): its header crc too. */
static inline uint32_t fio_crc32c(const void *p, size_t n)
{
	return ~csum_crc32c(p, n);
}

/* ---- fio's header ------------------------------------------------------- */

/* Field offsets: docs/format.md, "fio's format". */
enum {
	F_MAGIC = 0, F_TYPE1 = 2, F_VERSION2 = 2, F_TYPE2 = 3, F_LEN = 4,
	F_SEED = 8, F_OFFSET = 16, F_SEC = 24, F_NSEC = 28,
	F1_THREAD = 32, F1_NUMBERIO = 34, F1_CRC = 36,
	F2_NUMBERIO = 32, F2_THREAD = 40, F2_PAD = 42, F2_CRC = 44,
};

_Static_assert(F1_CRC + 4 == FIOHDR_V1_LEN, "fio <= 3.40 header is 40 bytes");
_Static_assert(F2_CRC + 4 == FIOHDR_V2_LEN, "fio >= 3.41 header is 48 bytes");

static inline unsigned fio_base(unsigned layout)
{
	return layout == 2 ? FIOHDR_V2_LEN : FIOHDR_V1_LEN;
}

void fiohdr_encode(uint8_t *p, const struct fiohdr *h)
{
	unsigned crc_off = h->layout == 2 ? F2_CRC : F1_CRC;

	put_le16(p + F_MAGIC, FIOHDR_MAGIC);
	if (h->layout == 2) {
		p[F_VERSION2] = FIOHDR_V2_VERSION;
		p[F_TYPE2] = h->vtype;
	} else {
		put_le16(p + F_TYPE1, h->vtype);
	}
	put_le32(p + F_LEN, h->len);
	put_le64(p + F_SEED, h->rand_seed);
	put_le64(p + F_OFFSET, h->offset);
	put_le32(p + F_SEC, h->time_sec);
	put_le32(p + F_NSEC, h->time_nsec);
	if (h->layout == 2) {
		put_le64(p + F2_NUMBERIO, h->numberio);
		put_le16(p + F2_THREAD, h->thread);
		put_le16(p + F2_PAD, 0);
	} else {
		put_le16(p + F1_THREAD, h->thread);
		put_le16(p + F1_NUMBERIO, (uint16_t)h->numberio);
	}
	put_le32(p + crc_off, fio_crc32c(p, crc_off));
}

int fiohdr_decode(const uint8_t *p, size_t avail, unsigned layout, struct fiohdr *h,
		  bool *other)
{
	unsigned crc_off = layout == 2 ? F2_CRC : F1_CRC;
	bool v2;

	if (other)
		*other = false;
	if (avail < fio_base(layout))
		return -EINVAL;
	if (get_le16(p + F_MAGIC) != FIOHDR_MAGIC)
		return -EBADMSG;
	/* fio <= 3.40 has a 16-bit type (< 0x81) where 3.41 has 0x81. */
	v2 = p[F_VERSION2] == FIOHDR_V2_VERSION;
	if (v2 != (layout == 2)) {
		if (other)
			*other = true;
		return -EPROTO;
	}
	h->layout = (uint8_t)layout;
	h->crc = get_le32(p + crc_off);
	if (h->crc != fio_crc32c(p, crc_off))
		return -EILSEQ;
	h->vtype = layout == 2 ? p[F_TYPE2] : (uint8_t)get_le16(p + F_TYPE1);
	h->len = get_le32(p + F_LEN);
	h->rand_seed = get_le64(p + F_SEED);
	h->offset = get_le64(p + F_OFFSET);
	h->time_sec = get_le32(p + F_SEC);
	h->time_nsec = get_le32(p + F_NSEC);
	if (layout == 2) {
		h->numberio = get_le64(p + F2_NUMBERIO);
		h->thread = get_le16(p + F2_THREAD);
	} else {
		h->numberio = get_le16(p + F1_NUMBERIO);
		h->thread = get_le16(p + F1_THREAD);
	}
	return 0;
}

/* ---- geometry ----------------------------------------------------------- */

static inline uint32_t dlen(const struct vunit_geom *g)
{
	return g->csum ? g->csum->digest_len : 0;
}

static inline uint32_t plen(const struct vunit_geom *g)
{
	return g->piece_len && g->piece_len < g->unit_len ? g->piece_len : g->unit_len;
}

uint32_t vpiece_count(const struct vunit_geom *g)
{
	uint32_t p = plen(g);

	return (g->unit_len + p - 1) / p;
}

uint32_t vpiece_hdr_len(const struct vunit_geom *g)
{
	if (g->layout == VLAYOUT_FIO)
		return fio_base(g->fio_layout) + dlen(g);
	return VHDR_LEN + dlen(g);
}

int vpiece_geom_check(const struct vunit_geom *g)
{
	uint32_t p, last, need;

	if (g->sector_size != 512 && g->sector_size != 4096)
		return -EINVAL;
	if (!g->unit_len || g->unit_len > VUNIT_MAX_LEN || dlen(g) > VHDR_MAX_DIGEST)
		return -EINVAL;
	if (g->layout == VLAYOUT_FIO &&
	    (g->hdr_off || (g->fio_layout != 1 && g->fio_layout != 2) || !g->fio_vtype))
		return -EINVAL;
	if (g->layout != VLAYOUT_FIO && g->layout != VLAYOUT_STAMPLESS)
		return -EINVAL;
	p = plen(g);
	last = g->unit_len - (vpiece_count(g) - 1) * p;
	/* Every piece holds its header and at least one byte of data. */
	need = g->hdr_off + vpiece_hdr_len(g);
	return p > need && last > need ? 0 : -EINVAL;
}

/* Piece k of a unit: unit-relative offset and length. */
static inline void piece_at(const struct vunit_geom *g, uint32_t k, uint32_t *off,
			    uint32_t *len)
{
	uint32_t p = plen(g);

	*off = k * p;
	*len = MIN_OF(p, g->unit_len - *off);
}

/*
 * fio's checksum of a piece: its data after the header.  (fio never has
 * a shorter last piece: it replaces an interval that does not divide the
 * block sizes by their gcd; jobverify.c does the same.)
 */
static void fio_sum(const struct vunit_geom *g, struct csum_ctx *c, const uint8_t *p,
		    uint32_t len, uint8_t *out)
{
	uint32_t hs = fio_base(g->fio_layout) + dlen(g);

	csum_compute(c, p + hs, len - hs, out);
}

/* ---- payload ------------------------------------------------------------ */

/*
 * Bytes [from, from + n) of a unit's payload: sector-sized chunks from
 * the unit start, chunk s keyed by (seed, unit offset + s, generation),
 * the last chunk cut short (docs/format.md, "Stampless units").
 */
static void payload_range(uint8_t *dst, const struct vunit_geom *g, uint64_t unit_off,
			  uint64_t seed, uint64_t gen, uint32_t from, uint32_t n)
{
	uint32_t s = g->sector_size;

	while (n) {
		uint32_t chunk = from / s * s, in = from - chunk;
		uint32_t k = MIN_OF(s - in, n);

		fill_pattern_at(dst, k, fill_key(seed, unit_off + chunk, gen), in);
		dst += k;
		from += k;
		n -= k;
	}
}

/* The digest of a piece's data: [H + L, len) then [0, H). */
static void piece_digest(const struct vunit_geom *g, struct csum_ctx *c,
			 const uint8_t *p, uint32_t len, uint8_t *out)
{
	uint32_t h = g->hdr_off, l = vpiece_hdr_len(g);

	if (!h) {
		csum_compute(c, p + l, len - l, out);
		return;
	}
	csum_begin(c);
	csum_update(c, p + h + l, len - h - l);
	csum_update(c, p, h);
	csum_end(c, out);
}

static void time_split(uint64_t ns, uint32_t *sec, uint32_t *nsec)
{
	*sec = (uint32_t)(ns / 1000000000u);
	*nsec = (uint32_t)(ns % 1000000000u);
}

static void put_piece_hdr(uint8_t *p, const struct vunit_geom *g,
			  const struct vunit_id *id, uint32_t off, uint32_t len,
			  struct csum_ctx *c)
{
	if (g->layout == VLAYOUT_FIO) {
		struct fiohdr f = {
			.layout = g->fio_layout, .vtype = g->fio_vtype, .len = len,
			.rand_seed = id->seed, .offset = id->offset + off,
			.numberio = id->gen, .thread = (uint16_t)(id->job + 1),
		};
		unsigned base = fio_base(g->fio_layout);

		time_split(id->time_ns, &f.time_sec, &f.time_nsec);
		fiohdr_encode(p, &f);
		if (g->csum)
			fio_sum(g, c, p, len, p + base);
		return;
	}
	struct vhdr h = {
		.version = VHDR_VERSION,
		.algo = g->csum ? (uint8_t)g->csum->id : 0,
		.hdr_len = (uint16_t)vpiece_hdr_len(g),
		.unit_len = len,
		.sector_shift = (uint8_t)__builtin_ctz(g->sector_size),
		.flags = VHDR_F_STAMPLESS,
		.clone = (uint16_t)id->clone,
		.offset = id->offset + off,
		.gen = id->gen,
		.run_id = id->run_id,
		.seed = id->seed,
		.time_ns = id->time_ns,
		.job = id->job,
	};

	/* The digest leaves the header out: write it after the digest. */
	if (g->csum)
		piece_digest(g, c, p, len, h.digest);
	vhdr_encode(p + g->hdr_off, &h);
}

void vpiece_build(uint8_t *buf, const struct vunit_geom *g,
		  const struct vunit_id *id, struct csum_ctx *c)
{
	uint32_t n = vpiece_count(g), off, len;

	payload_range(buf, g, id->offset, id->seed, id->gen, 0, g->unit_len);
	for (uint32_t k = 0; k < n; k++) {
		piece_at(g, k, &off, &len);
		put_piece_hdr(buf + off, g, id, off, len, c);
	}
}

/* ---- check -------------------------------------------------------------- */

/* A fio header as a struct vhdr, for the diagnosis and the incident. */
static void vhdr_of_fio(struct vhdr *v, const struct fiohdr *f, const struct vunit_geom *g)
{
	memset(v, 0, sizeof(*v));
	v->version = f->layout;
	v->algo = g->csum ? (uint8_t)g->csum->id : 0;
	v->hdr_len = (uint16_t)vpiece_hdr_len(g);
	v->unit_len = f->len;
	v->offset = f->offset;
	v->gen = f->numberio;
	v->seed = f->rand_seed;
	v->time_ns = (uint64_t)f->time_sec * 1000000000u + f->time_nsec;
	v->job = f->thread ? f->thread - 1u : 0;
}

static bool same_fio_type(unsigned a, unsigned b)
{
	bool ca = a == FIO_VT_CRC32C || a == FIO_VT_CRC32C_INTEL;
	bool cb = b == FIO_VT_CRC32C || b == FIO_VT_CRC32C_INTEL;

	return a == b || (ca && cb);
}

/*
 * The header of one piece (p: its first byte, poff: its unit-relative
 * offset) against e, decoded into h.  0 or a vunit_check() error.
 */
static int piece_hdr(const uint8_t *p, uint32_t poff, uint32_t len,
		     const struct vunit_geom *g, const struct vunit_expect *e,
		     struct vhdr *h, bool *other)
{
	uint64_t want_off = e->offset + poff;
	int r;

	*other = false;
	if (g->layout == VLAYOUT_FIO) {
		struct fiohdr f;

		r = fiohdr_decode(p, len, g->fio_layout, &f, other);
		if (r)
			return r;
		vhdr_of_fio(h, &f, g);
		if (f.offset != want_off)
			return -EXDEV;
		if (f.len != len)
			return -EMSGSIZE;
		if (!same_fio_type(f.vtype, g->fio_vtype))
			return -ENOMSG;
		/* fio's seed and numberio are verio's only when verio wrote
		 * the unit (its own map, or a state it saved). */
		if (e->run_known && e->seed_known && f.rand_seed != e->seed)
			return -ENOKEY;
		if (e->run_known && e->gen && f.numberio != e->gen)
			return -ESTALE;
		return 0;
	}
	r = vhdr_decode(p + g->hdr_off, len - g->hdr_off, h);
	if (r)
		return r;
	if (h->offset != want_off)
		return -EXDEV;
	if (!(h->flags & VHDR_F_STAMPLESS) || h->unit_len != len ||
	    h->sector_shift != (uint8_t)__builtin_ctz(g->sector_size) ||
	    h->hdr_len != vpiece_hdr_len(g))
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

static int piece_sum(const uint8_t *p, uint32_t len, const struct vunit_geom *g,
		     struct csum_ctx *c, const struct vhdr *h)
{
	uint8_t d[VHDR_MAX_DIGEST];
	const uint8_t *stored;

	if (!g->csum)
		return 0;
	if (g->layout == VLAYOUT_FIO) {
		fio_sum(g, c, p, len, d);
		stored = p + fio_base(g->fio_layout);
	} else {
		piece_digest(g, c, p, len, d);
		stored = h->digest;
	}
	return memcmp(d, stored, dlen(g)) ? -EBADE : 0;
}

int vpiece_check(const uint8_t *buf, const struct vunit_geom *g,
		 const struct vunit_expect *e, struct csum_ctx *c, struct vhdr *found)
{
	uint32_t n = vpiece_count(g), off, len;
	struct vhdr h;
	bool other;
	int r;

	for (uint32_t k = 0; k < n; k++) {
		piece_at(g, k, &off, &len);
		r = piece_hdr(buf + off, off, len, g, e, &h, &other);
		if (!r)
			r = piece_sum(buf + off, len, g, c, &h);
		if (found && (k == 0 || r))
			*found = h;
		if (r)
			return r;
	}
	return 0;
}

/* ---- diagnosis ---------------------------------------------------------- */

static bool all_zero(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Is byte i of a piece part of its header (never compared as data)? */
static inline bool in_hdr(const struct vunit_geom *g, uint32_t i)
{
	return i >= g->hdr_off && i < g->hdr_off + vpiece_hdr_len(g);
}

/*
 * Compare a piece's data with what (seed, gen) of the unit at unit_off
 * wrote there, a sector-sized window at a time through scratch.
 */
static void piece_compare(const uint8_t *p, uint32_t poff, uint32_t len,
			  const struct vunit_geom *g, uint64_t unit_off, uint64_t seed,
			  uint64_t gen, uint8_t *scratch, struct vsector *s)
{
	uint32_t w = g->sector_size;

	for (uint32_t at = 0; at < len; at += w) {
		uint32_t n = MIN_OF(w, len - at);

		payload_range(scratch, g, unit_off, seed, gen, poff + at, n);
		for (uint32_t i = 0; i < n; i++) {
			uint8_t x = p[at + i] ^ scratch[i];

			if (!x || in_hdr(g, at + i))
				continue;
			s->bad_bytes++;
			s->bad_bits += (uint32_t)__builtin_popcount(x);
			if (s->nbitpos < VDIAG_BITPOS)
				s->bitpos[s->nbitpos++] = 8 * (at + i) +
					(uint32_t)__builtin_ctz(x);
		}
	}
}

struct pctx {
	const struct vunit_geom *g;
	const struct vunit_expect *e;
	struct csum_ctx *c;
	uint8_t *scratch;
	struct vdiag *out;
};

/* A piece whose header does not decode. */
static enum vclass judge_headless(const struct pctx *x, const uint8_t *p, uint32_t poff,
				  uint32_t len, int r, bool other, struct vsector *s)
{
	const struct vunit_geom *g = x->g;
	const struct vunit_expect *e = x->e;

	if (other) {
		x->out->note = g->fio_layout == 2
			? "written by fio <= 3.40 (no version byte): set verify_fio_version=3.33"
			: "written by fio >= 3.41 (version byte 0x81): set verify_fio_version=3.41";
		return VCLASS_FOREIGN;
	}
	/* Stampless and written by us: how near is it to what was? */
	if (g->layout != VLAYOUT_FIO && e->seed_known && e->gen) {
		piece_compare(p, poff, len, g, e->offset, e->seed, e->gen, x->scratch, s);
		if (!s->bad_bits)
			return VCLASS_HEADER;
		return s->bad_bits <= len ? VCLASS_BITFLIP : VCLASS_FOREIGN;
	}
	return r == -EILSEQ ? VCLASS_HEADER : VCLASS_FOREIGN;
}

/* The seed of this run or of a run of the loaded state? */
static bool known_seed(const struct vunit_expect *e, uint64_t seed)
{
	if (seed == e->seed)
		return true;
	for (uint32_t i = 0; i < e->nr_alt_seeds; i++)
		if (e->alt_seeds[i] == seed)
			return true;
	return false;
}

static enum vclass judge_piece(const struct pctx *x, const uint8_t *p, uint32_t poff,
			       uint32_t len, struct vsector *s, struct vhdr *h, bool *dec)
{
	const struct vunit_geom *g = x->g;
	const struct vunit_expect *e = x->e;
	bool other;
	int r;

	*dec = false;
	if (all_zero(p, len))
		return VCLASS_ZEROED;
	r = piece_hdr(p, poff, len, g, e, h, &other);
	if (r == -EBADMSG || r == -EPROTO || r == -EILSEQ || r == -EINVAL)
		return judge_headless(x, p, poff, len, r, other, s);
	*dec = true;
	s->stamp_ok = true;
	s->found_offset = h->offset - poff;
	s->found_gen = (uint32_t)h->gen;
	/* Another generation of a run the map knows: a lost or a newer write. */
	if ((r == -ENOKEY || r == -ESRCH || r == -ESTALE) && e->gen && h->gen != e->gen &&
	    known_seed(e, h->seed))
		return vgen_newer(h->gen, e->gen) ? VCLASS_NEWER : VCLASS_STALE;
	switch (r) {
	case -EXDEV:
		return VCLASS_MISDIRECTED;
	case -ESRCH:
		return VCLASS_OTHER_RUN;
	case -ENOKEY:
		return VCLASS_OTHER_WRITER;
	case -ESTALE:
		return vgen_newer(h->gen, e->gen) ? VCLASS_NEWER : VCLASS_STALE;
	case -EMSGSIZE:
	case -ENOMSG:
		return VCLASS_HEADER;
	default:
		break;
	}
	if (!piece_sum(p, len, g, x->c, h))
		return VCLASS_OK;
	/* Count the bits when the data can be regenerated: ours. */
	if (g->layout != VLAYOUT_FIO || (e->seed_known && h->seed == e->seed))
		piece_compare(p, poff, len, g, e->offset, h->seed, h->gen, x->scratch, s);
	return VCLASS_BITFLIP;
}

/* The unit's verdict from its pieces, first rule that applies. */
static enum vclass verdict(const struct vdiag *d)
{
	static const enum vclass order[] = {
		VCLASS_OTHER_RUN, VCLASS_OTHER_WRITER, VCLASS_MISDIRECTED,
		VCLASS_STALE, VCLASS_NEWER, VCLASS_BITFLIP, VCLASS_FOREIGN,
		VCLASS_ZEROED, VCLASS_HEADER,
	};

	if (d->counts[VCLASS_ZEROED] == d->nsec)
		return VCLASS_ZEROED;
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (d->counts[order[i]])
			return order[i];
	return VCLASS_OK;
}

static void take_piece(struct vdiag *out, uint32_t k, uint32_t poff,
		       const struct vsector *s, const struct vhdr *h, bool dec)
{
	out->counts[s->cls]++;
	out->bad_bits += s->bad_bits;
	out->bad_bytes += s->bad_bytes;
	if (k < out->sec_cap && out->sec)
		out->sec[k] = *s;
	if (s->cls == VCLASS_OK)
		return;
	if (out->first_bad == VDIAG_NONE)
		out->first_bad = k;
	if (out->first_bad_bit == VDIAG_NOBIT && s->nbitpos)
		out->first_bad_bit = 8ull * poff + s->bitpos[0];
	if (dec && !out->found_known) {
		out->found_known = true;
		out->found_offset = s->found_offset;
		out->found_gen = s->found_gen;
	}
	if (dec && !out->hdr_decoded) {
		out->hdr_decoded = true;
		out->hdr = *h;
	}
}

void vpiece_diagnose(const uint8_t *buf, const struct vunit_geom *g,
		     const struct vunit_expect *e, struct csum_ctx *c,
		     uint8_t *scratch, struct vdiag *out)
{
	struct vsector *sec = out->sec;
	uint32_t cap = sec ? out->sec_cap : 0, off, len;
	struct pctx x = { .g = g, .e = e, .c = c, .scratch = scratch, .out = out };
	struct vhdr h;

	memset(out, 0, sizeof(*out));
	out->sec = sec;
	out->sec_cap = cap;
	out->coarse = true;
	out->nsec = vpiece_count(g);
	out->first_bad = VDIAG_NONE;
	out->first_bad_bit = VDIAG_NOBIT;
	out->hdr_err = vpiece_check(buf, g, e, c, NULL);
	out->exp_gen = e->gen;
	out->gen_from_map = e->gen != 0;
	for (uint32_t k = 0; k < out->nsec; k++) {
		struct vsector s = { 0 };
		bool dec;

		piece_at(g, k, &off, &len);
		s.cls = (uint8_t)judge_piece(&x, buf + off, off, len, &s, &h, &dec);
		take_piece(out, k, off, &s, &h, dec);
	}
	out->cls = verdict(out);
	if (!out->exp_gen && out->hdr_decoded)
		out->exp_gen = out->hdr.gen;
}
