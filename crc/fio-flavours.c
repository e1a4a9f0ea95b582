/*
 * fio-flavours.c - fio's own checksum flavours, where fio's stored value
 * is not the standard algorithm of the same name (verify_format=fio;
 * docs/checksums.md, "fio's flavours").  Learnt from fio's documented
 * parameters and checked against blocks written by fio 3.33
 * (tests/unit/test-csum.c, tests/e2e/t0760).  Written from those facts:
 * no fio code.
 *
 *   fio-crc32c   CRC-32C without the final inversion (init ~0, xorout 0)
 *   fio-crc32    poly 0x04C11DB7, MSB first, init 0, xorout 0
 *   fio-crc64    poly 0xAD93D23594C935A9 reflected, init 0, xorout 0
 *                (CRC-64/REDIS)
 *   fio-crc16    poly 0x8005 reflected, init 0 (CRC-16/ARC)
 *   fio-xxhash   XXH32 with seed 1
 *   fio-sha1     SHA-1, each 32-bit word of the digest stored little-endian
 *   fio-sha256   64 bytes: the last 64-byte block SHA-256 compressed (data
 *                tail, 0x80, zeros, the bit count little-endian), with its
 *                first 8 bytes replaced by the low byte of each of the 8
 *                state words
 *   fio-sha512   fio up to 3.38: no hash at all; 128 bytes holding the
 *                data's last partial 128-byte block over the bytes of its
 *                first block (what fio's unfinished implementation leaves)
 *   fio-sha512-339  fio from 3.39: SHA-512, then bytes 64..127 of the
 *                padded last block
 *
 * crc7, md5 and sha3-* are the standard ones.  Hot path: no allocation,
 * lock or system call once the context is made.
 */
#include "compat.h"

#include <pthread.h>

#ifdef CONFIG_XXHASH
#include <xxhash.h>
#endif

#include "csum.h"
#include "csum-priv.h"
#include "le.h"

/* ---- table CRCs -------------------------------------------------------- */

static uint64_t tab64[256];
static uint32_t tab32[256];
static uint16_t tab16[256];
static pthread_once_t tabs_once = PTHREAD_ONCE_INIT;

static void tabs_build(void)
{
	for (unsigned i = 0; i < 256; i++) {
		uint64_t r64 = i;
		uint32_t m32 = (uint32_t)i << 24;
		uint16_t r16 = (uint16_t)i;

		for (int b = 0; b < 8; b++) {
			r64 = r64 & 1 ? (r64 >> 1) ^ 0x95AC9329AC4BC9B5ull : r64 >> 1;
			m32 = m32 & 0x80000000u ? (m32 << 1) ^ 0x04C11DB7u : m32 << 1;
			r16 = r16 & 1 ? (uint16_t)((r16 >> 1) ^ 0xA001u) : (uint16_t)(r16 >> 1);
		}
		tab64[i] = r64;
		tab32[i] = m32;
		tab16[i] = r16;
	}
}

void fio_flavours_init(void)
{
	pthread_once(&tabs_once, tabs_build);
}

static uint64_t fcrc64(uint64_t crc, const uint8_t *p, size_t n)
{
	while (n--)
		crc = tab64[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

static uint32_t fcrc32(uint32_t crc, const uint8_t *p, size_t n)
{
	while (n--)
		crc = (crc << 8) ^ tab32[((crc >> 24) ^ *p++) & 0xff];
	return crc;
}

static uint16_t fcrc16(uint16_t crc, const uint8_t *p, size_t n)
{
	while (n--)
		crc = (uint16_t)((crc >> 8) ^ tab16[(crc ^ *p++) & 0xff]);
	return crc;
}

void fio_crc64_update(struct csum_ctx *c, const void *buf, size_t len)
{
	c->crc = fcrc64(c->crc, buf, len);
}

void fio_crc64_end(struct csum_ctx *c, uint8_t *digest)
{
	put_le64(digest, c->crc);
}

void fio_crc64_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	(void)c;
	put_le64(digest, fcrc64(0, buf, len));
}

void fio_crc32_update(struct csum_ctx *c, const void *buf, size_t len)
{
	c->crc = fcrc32((uint32_t)c->crc, buf, len);
}

void fio_crc32_end(struct csum_ctx *c, uint8_t *digest)
{
	put_le32(digest, (uint32_t)c->crc);
}

void fio_crc32_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	(void)c;
	put_le32(digest, fcrc32(0, buf, len));
}

void fio_crc16_update(struct csum_ctx *c, const void *buf, size_t len)
{
	c->crc = fcrc16((uint16_t)c->crc, buf, len);
}

void fio_crc16_end(struct csum_ctx *c, uint8_t *digest)
{
	put_le16(digest, (uint16_t)c->crc);
}

void fio_crc16_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	(void)c;
	put_le16(digest, fcrc16(0, buf, len));
}

/* fio's crc32c is the standard one without its final inversion. */
void fio_crc32c_update(struct csum_ctx *c, const void *buf, size_t len)
{
	c->crc = csum_crc32c_update((uint32_t)c->crc, buf, len);
}

void fio_crc32c_end(struct csum_ctx *c, uint8_t *digest)
{
	put_le32(digest, ~(uint32_t)c->crc);
}

void fio_crc32c_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	(void)c;
	put_le32(digest, ~csum_crc32c(buf, len));
}

const char *fio_table_impl(void)
{
	return "table";
}

/* ---- xxhash with seed 1 ------------------------------------------------- */

#ifdef CONFIG_XXHASH
int fio_xxh32_ctx_init(struct csum_ctx *c)
{
	c->priv = XXH32_createState();
	return c->priv ? 0 : -ENOMEM;
}

void fio_xxh32_ctx_release(struct csum_ctx *c)
{
	XXH32_freeState(c->priv);
}

void fio_xxh32_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	(void)c;
	put_le32(digest, XXH32(buf, len, 1));
}

void fio_xxh32_begin(struct csum_ctx *c)
{
	(void)XXH32_reset(c->priv, 1);
}

void fio_xxh32_update(struct csum_ctx *c, const void *buf, size_t len)
{
	(void)XXH32_update(c->priv, buf, len);
}

void fio_xxh32_end(struct csum_ctx *c, uint8_t *digest)
{
	put_le32(digest, XXH32_digest(c->priv));
}
#else
int fio_xxh32_ctx_init(struct csum_ctx *c)
{
	(void)c;
	return -ENOTSUP;
}

void fio_xxh32_ctx_release(struct csum_ctx *c)
{
	(void)c;
}

void fio_xxh32_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	(void)c, (void)buf, (void)len;
	memset(digest, 0, 4);
}

void fio_xxh32_begin(struct csum_ctx *c)
{
	(void)c;
}

void fio_xxh32_update(struct csum_ctx *c, const void *buf, size_t len)
{
	(void)c, (void)buf, (void)len;
}

void fio_xxh32_end(struct csum_ctx *c, uint8_t *digest)
{
	(void)c;
	memset(digest, 0, 4);
}
#endif

/* ---- sha1 with little-endian words -------------------------------------- */

static void swap_words(uint8_t *d, unsigned n)
{
	for (unsigned i = 0; i + 4 <= n; i += 4)
		put_le32(d + i, get_be32(d + i));
}

void fio_sha1_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	digest_compute(c, buf, len, digest);
	swap_words(digest, 20);
}

void fio_sha1_end(struct csum_ctx *c, uint8_t *digest)
{
	digest_end(c, digest);
	swap_words(digest, 20);
}

/* ---- fio's sha256: the last block, with 8 state bytes --------------------- */

struct fsha256 {
	uint32_t st[8];
	uint64_t count;		/* bytes so far */
	uint8_t blk[64];	/* the block being filled, then the last one */
};

static const uint32_t K256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned r)
{
	return (x >> r) | (x << (32 - r));
}

/* The SHA-256 compression function (FIPS 180-4, 6.2.2) of one block. */
static void sha256_block(uint32_t st[8], const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;

	for (int i = 0; i < 16; i++)
		w[i] = get_be32(p + 4 * i);
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = st[0], b = st[1], c = st[2], d = st[3];
	e = st[4], f = st[5], g = st[6], h = st[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
			      ((e & f) ^ (~e & g)) + K256[i] + w[i];
		uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +
			      ((a & b) ^ (a & c) ^ (b & c));

		h = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	st[0] += a, st[1] += b, st[2] += c, st[3] += d;
	st[4] += e, st[5] += f, st[6] += g, st[7] += h;
}

int fio_sha256_ctx_init(struct csum_ctx *c)
{
	c->priv = calloc(1, sizeof(struct fsha256));
	return c->priv ? 0 : -ENOMEM;
}

void fio_sha256_ctx_release(struct csum_ctx *c)
{
	free(c->priv);
}

void fio_sha256_begin(struct csum_ctx *c)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	struct fsha256 *s = c->priv;

	memcpy(s->st, h0, sizeof(h0));
	s->count = 0;
}

void fio_sha256_update(struct csum_ctx *c, const void *buf, size_t len)
{
	struct fsha256 *s = c->priv;
	const uint8_t *p = buf;

	while (len) {
		size_t at = s->count % 64, n = MIN_OF(64 - at, len);

		memcpy(s->blk + at, p, n);
		s->count += n;
		p += n;
		len -= n;
		if (at + n == 64)
			sha256_block(s->st, s->blk);
	}
}

void fio_sha256_end(struct csum_ctx *c, uint8_t *digest)
{
	struct fsha256 *s = c->priv;
	/* fio counts bytes in 32 bits and appends the bit count little-endian */
	uint64_t bits = (uint64_t)(uint32_t)s->count << 3;
	size_t at = s->count % 64;
	uint8_t pad[72] = { 0x80 };
	size_t padlen = at < 56 ? 56 - at : 120 - at;

	put_le64(pad + padlen, bits);
	fio_sha256_update(c, pad, padlen + 8);
	memcpy(digest, s->blk, 64);
	for (int i = 0; i < 8; i++)
		digest[i] = (uint8_t)s->st[i];
}

void fio_sha256_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	fio_sha256_begin(c);
	fio_sha256_update(c, buf, len);
	fio_sha256_end(c, digest);
}

/* ---- fio's sha512 up to 3.38: the buffer it leaves ------------------------ */

/*
 * Given all the data in one call (as fio's verify does), fio's unfinished
 * sha512 copies the first 128 bytes into its buffer, runs over the whole
 * blocks, and copies the last partial block to the buffer's start: the
 * result is that tail followed by the rest of the first 128 bytes (the
 * first 128 bytes alone when the length is a multiple of 128; the data
 * and zeros when shorter than 128).  Streamed here with the same result.
 */
struct fsha512 {
	uint64_t count;
	uint8_t first[128];	/* the first 128 bytes */
	uint8_t tail[128];	/* the bytes since the last 128-byte boundary */
};

int fio_sha512_ctx_init(struct csum_ctx *c)
{
	c->priv = calloc(1, sizeof(struct fsha512));
	return c->priv ? 0 : -ENOMEM;
}

void fio_sha512_ctx_release(struct csum_ctx *c)
{
	free(c->priv);
}

void fio_sha512_begin(struct csum_ctx *c)
{
	struct fsha512 *s = c->priv;

	memset(s, 0, sizeof(*s));
}

void fio_sha512_update(struct csum_ctx *c, const void *buf, size_t len)
{
	struct fsha512 *s = c->priv;
	const uint8_t *p = buf;

	if (s->count < 128) {
		size_t n = MIN_OF(128 - s->count, len);

		memcpy(s->first + s->count, p, n);
	}
	if (s->count % 128) {
		size_t at = s->count % 128, n = MIN_OF(128 - at, len);

		memcpy(s->tail + at, p, n);
		s->count += n;
		p += n;
		len -= n;
	}
	/* Only the last partial block can still matter. */
	s->count += len / 128 * 128;
	p += len / 128 * 128;
	len %= 128;
	memcpy(s->tail, p, len);
	s->count += len;
}

void fio_sha512_end(struct csum_ctx *c, uint8_t *digest)
{
	struct fsha512 *s = c->priv;
	size_t t = s->count % 128;

	if (s->count < 128) {
		memcpy(digest, s->first, 128);
		return;
	}
	memcpy(digest, s->tail, t);
	memcpy(digest + t, s->first + t, 128 - t);
}

void fio_sha512_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	fio_sha512_begin(c);
	fio_sha512_update(c, buf, len);
	fio_sha512_end(c, digest);
}

/* ---- fio's sha512 from 3.39: the digest, then half of the last block ------ */

/*
 * fio 3.39 finished its sha512: the first 64 bytes are the standard
 * SHA-512 digest; the other 64 still hold bytes 64..127 of the last block
 * hashed (the padded final block: data tail, 0x80, zeros, the 128-bit
 * big-endian bit count).  The digest comes from libcrypto; the tail is
 * kept here.
 */
struct fsha512b {
	void *digest;		/* digest.c's state for SHA2-512 */
	uint64_t count;
	uint8_t tail[128];
};

/* Run a digest.c operation on the inner state. */
#define WITH_INNER(c, s, call)		\
	do {				\
		(c)->priv = (s)->digest;	\
		call;			\
		(s)->digest = (c)->priv;	\
		(c)->priv = (s);	\
	} while (0)

int fio_sha512b_ctx_init(struct csum_ctx *c)
{
	struct fsha512b *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return -ENOMEM;
	r = digest_ctx_init(c);
	if (r) {
		free(s);
		return r;
	}
	s->digest = c->priv;
	c->priv = s;
	return 0;
}

void fio_sha512b_ctx_release(struct csum_ctx *c)
{
	struct fsha512b *s = c->priv;

	if (!s)
		return;
	WITH_INNER(c, s, digest_ctx_release(c));
	free(s);
}

void fio_sha512b_begin(struct csum_ctx *c)
{
	struct fsha512b *s = c->priv;

	s->count = 0;
	WITH_INNER(c, s, digest_begin(c));
}

void fio_sha512b_update(struct csum_ctx *c, const void *buf, size_t len)
{
	struct fsha512b *s = c->priv;
	const uint8_t *p = buf;
	size_t n = len;

	WITH_INNER(c, s, digest_update(c, buf, len));
	if (s->count % 128) {
		size_t at = s->count % 128, k = MIN_OF(128 - at, n);

		memcpy(s->tail + at, p, k);
		s->count += k;
		p += k;
		n -= k;
	}
	s->count += n / 128 * 128;
	p += n / 128 * 128;
	n %= 128;
	memcpy(s->tail, p, n);
	s->count += n;
}

void fio_sha512b_end(struct csum_ctx *c, uint8_t *digest)
{
	struct fsha512b *s = c->priv;
	size_t t = s->count % 128;
	uint8_t blk[128] = { 0 };

	WITH_INNER(c, s, digest_end(c, digest));
	if (t < 112) {
		memcpy(blk, s->tail, t);
		blk[t] = 0x80;
	}
	/* 128-bit big-endian bit count; the high 64 bits are 0 here */
	for (int i = 0; i < 8; i++)
		blk[127 - i] = (uint8_t)((s->count << 3) >> (8 * i));
	memcpy(digest + 64, blk + 64, 64);
}

void fio_sha512b_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest)
{
	fio_sha512b_begin(c);
	fio_sha512b_update(c, buf, len);
	fio_sha512b_end(c, digest);
}
