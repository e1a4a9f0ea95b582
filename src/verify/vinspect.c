/*
 * vinspect.c - the pure pieces of `verio inspect` (see vinspect.h).
 */
#include "compat.h"

#include <time.h>

#include "csum.h"
#include "fill.h"
#include "le.h"
#include "verify/vinspect.h"

int vinsp_hdr_raw(const uint8_t *src, size_t avail, struct vhdr *h, bool *crc_ok)
{
	memset(h, 0, sizeof(*h));
	*crc_ok = false;
	if (avail < VHDR_LEN || get_le32(src) != VHDR_MAGIC)
		return -EBADMSG;
	/* The byte layout of docs/format.md, "Header". */
	h->version = src[4];
	h->algo = src[5];
	h->hdr_len = get_le16(src + 6);
	h->unit_len = get_le32(src + 8);
	h->sector_shift = src[12];
	h->flags = src[13];
	h->clone = get_le16(src + 14);
	h->offset = get_le64(src + 16);
	h->gen = get_le64(src + 24);
	h->run_id = get_le64(src + 32);
	h->seed = get_le64(src + 40);
	h->time_ns = get_le64(src + 48);
	h->job = get_le32(src + 56);
	h->crc = get_le32(src + 60);
	*crc_ok = h->crc == csum_crc32c(src, 60);
	return 0;
}

long vinsp_find_hdr(const uint8_t *buf, size_t len, uint32_t sector)
{
	size_t end = MIN_OF(len, (size_t)sector);

	for (size_t i = 0; i + VHDR_LEN + VSTAMP_LEN <= end; i += 8)
		if (get_le32(buf + i) == VHDR_MAGIC)
			return (long)i;
	return -1;
}

void vinsp_stamp_read(const uint8_t *buf, uint32_t ss, uint32_t s, struct vinsp_stamp *st)
{
	const uint8_t *p = buf + (size_t)(s + 1) * ss - VSTAMP_LEN;

	st->offset = get_le64(p);
	st->gen = get_le32(p + 8);
	st->check = get_le32(p + 12);
}

bool vinsp_stamp_valid(const struct vinsp_stamp *st, uint64_t seed)
{
	return st->check == (uint32_t)fill_key(seed ^ VSTAMP_SALT, st->offset, st->gen);
}

uint32_t vinsp_seed_hits(const uint8_t *buf, size_t len, uint32_t ss, uint64_t seed)
{
	uint32_t hits = 0;
	struct vinsp_stamp st;

	for (uint32_t s = 0; ss && (size_t)(s + 1) * ss <= len; s++) {
		vinsp_stamp_read(buf, ss, s, &st);
		hits += vinsp_stamp_valid(&st, seed);
	}
	return hits;
}

/*
 * The base most sectors' stamps of size ss agree on (stamp offset minus
 * the sector's place), and how many agree.  A few candidates suffice:
 * a unit holds its own offset, or a misdirected one, rarely more.
 */
static uint32_t stamp_pattern(const uint8_t *buf, size_t len, uint32_t ss, uint64_t *base)
{
	enum { NCAND = 8 };
	uint64_t cand[NCAND];
	uint32_t cnt[NCAND] = { 0 }, n = 0, best = 0;
	struct vinsp_stamp st;

	for (uint32_t s = 0; (size_t)(s + 1) * ss <= len; s++) {
		uint64_t b;
		uint32_t i;

		vinsp_stamp_read(buf, ss, s, &st);
		if (!st.gen || st.offset % ss || st.offset < (uint64_t)s * ss)
			continue;
		b = st.offset - (uint64_t)s * ss;
		for (i = 0; i < n && cand[i] != b; i++)
			;
		if (i < n)
			cnt[i]++;
		else if (n < NCAND) {
			cand[n] = b;
			cnt[n++] = 1;
		}
	}
	for (uint32_t i = 1; i < n; i++)
		if (cnt[i] > cnt[best])
			best = i;
	*base = n ? cand[best] : 0;
	return n ? cnt[best] : 0;
}

/* A header's geometry, when it is one verio could have written. */
static bool hdr_sane(const struct vhdr *h, size_t len)
{
	return (h->sector_shift == 9 || h->sector_shift == 12) && h->unit_len &&
	       h->unit_len <= VUNIT_MAX_LEN && h->unit_len <= len &&
	       h->unit_len % (1u << h->sector_shift) == 0 && !(h->offset % 512);
}

static void take_hdr(struct vinsp_guess *g, const struct vhdr *h, long at, bool raw)
{
	g->hdr = *h;
	g->hdr_off = (uint32_t)at;
	g->unit_len = h->unit_len;
	g->sector_size = 1u << h->sector_shift;
	g->algo = h->algo;
	g->offset = h->offset;
	g->offset_known = true;
	g->from_header = !raw;
	g->from_raw_header = raw;
}

int vinsp_guess_geom(const uint8_t *buf, size_t len, struct vinsp_guess *out)
{
	static const uint32_t sizes[] = { 512, 4096 };
	long at = vinsp_find_hdr(buf, len, 4096);
	struct vhdr h;
	bool crc_ok;

	memset(out, 0, sizeof(*out));
	if (at >= 0) {
		if (!vhdr_decode(buf + at, len - (size_t)at, &h) && hdr_sane(&h, len))
			take_hdr(out, &h, at, false);
		else if (!vinsp_hdr_raw(buf + at, len - (size_t)at, &h, &crc_ok) &&
			 hdr_sane(&h, len))
			take_hdr(out, &h, at, true);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint32_t ss = sizes[i], nsec = (uint32_t)(len / ss), hits;
		uint64_t base;

		if (!nsec || len % ss || (out->sector_size && out->sector_size != ss))
			continue;
		hits = stamp_pattern(buf, len, ss, &base);
		/* Most sectors, or all but one of a short unit. */
		if (hits * 2 <= nsec && !(nsec <= 2 && hits))
			continue;
		out->stamp_hits = hits;
		if (!out->sector_size) {
			out->sector_size = ss;
			out->from_stamps = true;
		}
		if (!out->offset_known) {
			out->offset = base;
			out->offset_known = true;
		}
		break;
	}
	return out->sector_size ? 0 : -ENOENT;
}

uint16_t vinsp_row_diff(const uint8_t *a, const uint8_t *b, size_t off, size_t n)
{
	uint16_t m = 0;

	for (size_t i = 0; i < n && i < VINSP_ROW; i++)
		if (a[off + i] != b[off + i])
			m |= (uint16_t)(1u << i);
	return m;
}

uint64_t vinsp_count_rows(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint64_t n = 0;

	for (size_t off = 0; off < len; off += VINSP_ROW) {
		size_t k = MIN_OF((size_t)VINSP_ROW, len - off);

		n += memcmp(a + off, b + off, k) != 0;
	}
	return n;
}

/* "xx xx ... " for n bytes, padded to 16 (48 characters). */
static size_t hex_half(char *dst, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t k = 0;

	for (size_t i = 0; i < VINSP_ROW; i++) {
		dst[k++] = i < n ? digits[p[i] >> 4] : ' ';
		dst[k++] = i < n ? digits[p[i] & 15] : ' ';
		dst[k++] = ' ';
	}
	return k;
}

static size_t mark_half(char *dst, uint16_t mask)
{
	size_t k = 0;

	for (size_t i = 0; i < VINSP_ROW; i++) {
		char c = mask & (1u << i) ? '^' : ' ';

		dst[k++] = c;
		dst[k++] = c;
		dst[k++] = ' ';
	}
	return k;
}

size_t vinsp_row_text(char *dst, size_t cap, const char *label, const uint8_t *exp,
		      const uint8_t *rcv, size_t n)
{
	/* label (at most 31) + 2 + 48 + 2 + 48, twice, and the newline. */
	char buf[2 * (32 + 2 + 48 + 2 + 48) + 4];
	uint16_t mask = 0;
	size_t k, w, lab = strlen(label);

	if (lab > 31)
		lab = 31;
	if (n > VINSP_ROW)
		n = VINSP_ROW;
	for (size_t i = 0; i < n; i++)
		if (exp[i] != rcv[i])
			mask |= (uint16_t)(1u << i);
	memcpy(buf, label, lab);
	k = lab;
	buf[k++] = ' ';
	buf[k++] = ' ';
	k += hex_half(buf + k, exp, n);
	buf[k++] = '|';
	buf[k++] = ' ';
	k += hex_half(buf + k, rcv, n);
	while (k && buf[k - 1] == ' ')
		k--;
	buf[k++] = '\n';
	memset(buf + k, ' ', lab + 2);
	k += lab + 2;
	k += mark_half(buf + k, mask);
	buf[k++] = ' ';
	buf[k++] = ' ';
	k += mark_half(buf + k, mask);
	while (k && buf[k - 1] == ' ')
		k--;
	w = MIN_OF(k, cap ? cap - 1 : 0);
	if (cap) {
		memcpy(dst, buf, w);
		dst[w] = '\0';
	}
	return w;
}

void vinsp_time(char *dst, size_t cap, uint64_t ns)
{
	time_t t = (time_t)(ns / 1000000000u);
	struct tm tm;
	size_t n;

	if (!gmtime_r(&t, &tm) || !(n = strftime(dst, cap, "%Y-%m-%dT%H:%M:%S", &tm))) {
		snprintf(dst, cap, "%" PRIu64 " ns", ns);
		return;
	}
	snprintf(dst + n, cap - n, ".%09uZ", (unsigned)(ns % 1000000000u));
}
