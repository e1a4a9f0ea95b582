/*
 * csum.c - the one table of checksum algorithms, and its lookups.
 *
 * Adding an algorithm: give it the next free id in include/csum.h, write
 * its operations in a new file of crc/, add one entry here, its check
 * values to tests/unit/test-csum.c and its row to docs/checksums.md.
 */
#include "compat.h"

#include <pthread.h>

#include "csum.h"
#include "csum-priv.h"

#define CRC_ENTRY(nm, al, i, len, lib, def, ops, impl_fn)               \
	{ .name = nm, .alias = al, .id = i, .digest_len = len,          \
	  .definition = def, .libname = lib, .compute = ops##_compute,  \
	  .begin = crc_begin, .update = ops##_update, .end = ops##_end, \
	  .impl = impl_fn }

#define XXH_ENTRY(nm, i, len, lib, def, ops, impl_fn)                   \
	{ .name = nm, .id = i, .digest_len = len, .definition = def,    \
	  .libname = lib, .ctx_init = ops##_ctx_init,                   \
	  .ctx_release = ops##_ctx_release, .compute = ops##_compute,   \
	  .begin = ops##_begin, .update = ops##_update, .end = ops##_end, \
	  .impl = impl_fn }

#define DIGEST_ENTRY(nm, i, len, lib, def)                              \
	{ .name = nm, .id = i, .digest_len = len, .definition = def,    \
	  .libname = lib, .ctx_init = digest_ctx_init,                  \
	  .ctx_release = digest_ctx_release, .compute = digest_compute, \
	  .begin = digest_begin, .update = digest_update,               \
	  .end = digest_end, .impl = digest_impl }

/* In id order.  Definitions: the Rocksoft CRC model (reveng catalogue
 * names), or the standard that defines the hash. */
static const struct csum_def csum_table[] = {
	CRC_ENTRY("crc32c", "crc32c-intel", CSUM_CRC32C, 4, "crc32_iscsi",
		  "CRC-32/ISCSI (Castagnoli): poly 0x1EDC6F41, init 0xFFFFFFFF, "
		  "refin/refout, xorout 0xFFFFFFFF, check 0xE3069283",
		  crc32c, crc_isal_impl),
	CRC_ENTRY("crc32", NULL, CSUM_CRC32, 4, "crc32_gzip_refl",
		  "CRC-32/ISO-HDLC (zlib, IEEE 802.3): poly 0x04C11DB7, "
		  "init 0xFFFFFFFF, refin/refout, xorout 0xFFFFFFFF, check 0xCBF43926",
		  crc32, crc_isal_impl),
	CRC_ENTRY("crc64", NULL, CSUM_CRC64, 8, "crc64_ecma_refl",
		  "CRC-64/XZ (ECMA-182 polynomial, reflected): poly 0x42F0E1EBA9EA3693, "
		  "init 0xFFFFFFFFFFFFFFFF, refin/refout, xorout 0xFFFFFFFFFFFFFFFF, "
		  "check 0x995DC9BBDF1939FA",
		  crc64, crc_isal_impl),
	CRC_ENTRY("crc16", NULL, CSUM_CRC16, 2, "crc16_t10dif",
		  "CRC-16/T10-DIF: poly 0x8BB7, init 0, no reflection, xorout 0, "
		  "check 0xD0DB",
		  crc16, crc_isal_impl),
	CRC_ENTRY("crc7", NULL, CSUM_CRC7, 1, NULL,
		  "CRC-7/MMC (MMC/SD): poly 0x09, init 0, no reflection, xorout 0, "
		  "check 0x75",
		  crc7, crc_table_impl),
	XXH_ENTRY("xxhash", CSUM_XXH32, 4, "XXH32",
		  "XXH32, seed 0 (xxHash 0.8), check 0x937BAD67",
		  xxh32, xxh_impl),
	XXH_ENTRY("xxh64", CSUM_XXH64, 8, "XXH64",
		  "XXH64, seed 0 (xxHash 0.8), check 0x8CB841DB40E6AE83",
		  xxh64, xxh_impl),
	XXH_ENTRY("xxh3", CSUM_XXH3, 8, "XXH3_64bits",
		  "XXH3_64bits, seed 0, default secret (xxHash 0.8), "
		  "check 0x72DCB18B67A17DFF",
		  xxh3, xxh3_impl),
	DIGEST_ENTRY("md5", CSUM_MD5, 16, "MD5", "MD5 (RFC 1321)"),
	DIGEST_ENTRY("sha1", CSUM_SHA1, 20, "SHA1", "SHA-1 (FIPS 180-4)"),
	DIGEST_ENTRY("sha256", CSUM_SHA256, 32, "SHA2-256", "SHA-256 (FIPS 180-4)"),
	DIGEST_ENTRY("sha512", CSUM_SHA512, 64, "SHA2-512", "SHA-512 (FIPS 180-4)"),
	DIGEST_ENTRY("sha3-224", CSUM_SHA3_224, 28, "SHA3-224", "SHA3-224 (FIPS 202)"),
	DIGEST_ENTRY("sha3-256", CSUM_SHA3_256, 32, "SHA3-256", "SHA3-256 (FIPS 202)"),
	DIGEST_ENTRY("sha3-384", CSUM_SHA3_384, 48, "SHA3-384", "SHA3-384 (FIPS 202)"),
	DIGEST_ENTRY("sha3-512", CSUM_SHA3_512, 64, "SHA3-512", "SHA3-512 (FIPS 202)"),
	/* fio's flavours (verify_format=fio), crc/fio-flavours.c */
	CRC_ENTRY("fio-crc32c", NULL, CSUM_FIO_CRC32C, 4, NULL,
		  "fio's crc32c: CRC-32/ISCSI without the final inversion: poly 0x1EDC6F41, "
		  "init 0xFFFFFFFF, refin/refout, xorout 0, check 0x1CF96D7C",
		  fio_crc32c, fio_table_impl),
	CRC_ENTRY("fio-crc32", NULL, CSUM_FIO_CRC32, 4, NULL,
		  "fio's crc32: poly 0x04C11DB7, init 0, no reflection, xorout 0, "
		  "check 0x89A1897F",
		  fio_crc32, fio_table_impl),
	CRC_ENTRY("fio-crc64", NULL, CSUM_FIO_CRC64, 8, NULL,
		  "fio's crc64: CRC-64/REDIS: poly 0xAD93D23594C935A9, init 0, "
		  "refin/refout, xorout 0, check 0xE9C6D914C4B8D9CA",
		  fio_crc64, fio_table_impl),
	CRC_ENTRY("fio-crc16", NULL, CSUM_FIO_CRC16, 2, NULL,
		  "fio's crc16: CRC-16/ARC: poly 0x8005, init 0, refin/refout, xorout 0, "
		  "check 0xBB3D",
		  fio_crc16, fio_table_impl),
	XXH_ENTRY("fio-xxhash", CSUM_FIO_XXHASH, 4, "XXH32",
		  "fio's xxhash: XXH32 with seed 1",
		  fio_xxh32, xxh_impl),
	{ .name = "fio-sha1", .id = CSUM_FIO_SHA1, .digest_len = 20,
	  .definition = "fio's sha1: SHA-1 with each 32-bit word of the digest "
			"stored little-endian",
	  .libname = "SHA1", .ctx_init = digest_ctx_init,
	  .ctx_release = digest_ctx_release, .compute = fio_sha1_compute,
	  .begin = digest_begin, .update = digest_update, .end = fio_sha1_end,
	  .impl = digest_impl },
	{ .name = "fio-sha256", .id = CSUM_FIO_SHA256, .digest_len = 64,
	  .definition = "fio's sha256: the last 64-byte block SHA-256 compressed "
			"(bit count little-endian), its first 8 bytes the low byte "
			"of each state word",
	  .ctx_init = fio_sha256_ctx_init, .ctx_release = fio_sha256_ctx_release,
	  .compute = fio_sha256_compute, .begin = fio_sha256_begin,
	  .update = fio_sha256_update, .end = fio_sha256_end, .impl = fio_table_impl },
	{ .name = "fio-sha512", .id = CSUM_FIO_SHA512, .digest_len = 128,
	  .definition = "fio's sha512 up to fio 3.38: no hash, the 128-byte block "
			"buffer its unfinished implementation leaves",
	  .ctx_init = fio_sha512_ctx_init, .ctx_release = fio_sha512_ctx_release,
	  .compute = fio_sha512_compute, .begin = fio_sha512_begin,
	  .update = fio_sha512_update, .end = fio_sha512_end, .impl = fio_table_impl },
	{ .name = "fio-sha512-339", .id = CSUM_FIO_SHA512_339, .digest_len = 128,
	  .definition = "fio's sha512 from fio 3.39: SHA-512 (FIPS 180-4), then bytes "
			"64..127 of the padded last block",
	  .libname = "SHA2-512", .ctx_init = fio_sha512b_ctx_init,
	  .ctx_release = fio_sha512b_ctx_release, .compute = fio_sha512b_compute,
	  .begin = fio_sha512b_begin, .update = fio_sha512b_update,
	  .end = fio_sha512b_end, .impl = digest_impl },
};

static pthread_once_t csum_once = PTHREAD_ONCE_INIT;

/*
 * Choose implementations, and make every library settle its own dispatch
 * here, in one thread at start-up: ISA-L picks its code on the first call
 * of each function, the portable tables are built on first use.
 */
static void csum_init_once(void)
{
	static const uint8_t probe[16];

	xxh3_select();
	fio_flavours_init();
	(void)csum_crc32c(probe, sizeof(probe));
	(void)csum_crc32(probe, sizeof(probe));
	(void)csum_crc64(probe, sizeof(probe));
	(void)csum_crc16(probe, sizeof(probe));
	(void)csum_crc7(probe, sizeof(probe));
	(void)crc32c_portable(0, probe, sizeof(probe));
}

void csum_init(void)
{
	pthread_once(&csum_once, csum_init_once);
}

size_t csum_count(void)
{
	return ARRAY_SIZE(csum_table);
}

const struct csum_def *csum_at(size_t i)
{
	return i < ARRAY_SIZE(csum_table) ? &csum_table[i] : NULL;
}

const struct csum_def *csum_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(csum_table); i++) {
		const struct csum_def *d = &csum_table[i];

		if (!strcmp(d->name, name) || (d->alias && !strcmp(d->alias, name)))
			return d;
	}
	return NULL;
}

const struct csum_def *csum_by_id(unsigned id)
{
	for (size_t i = 0; i < ARRAY_SIZE(csum_table); i++)
		if ((unsigned)csum_table[i].id == id)
			return &csum_table[i];
	return NULL;
}

int csum_available(const struct csum_def *d)
{
	/* impl() says "unavailable" exactly when the library was missing. */
	return d && strcmp(d->impl(), "unavailable") != 0;
}

const char *csum_impl_name(const struct csum_def *d)
{
	if (!d)
		return "unavailable";
	csum_init();
	return d->impl();
}

int csum_ctx_init(struct csum_ctx *c, const struct csum_def *d)
{
	int ret = 0;

	if (!c || !d)
		return -EINVAL;
	csum_init();
	c->def = d;
	c->priv = NULL;
	if (d->ctx_init)
		ret = d->ctx_init(c);
	if (ret) {
		c->def = NULL;
		c->priv = NULL;
	}
	return ret;
}

void csum_ctx_release(struct csum_ctx *c)
{
	if (!c || !c->def)
		return;
	if (c->def->ctx_release)
		c->def->ctx_release(c);
	c->priv = NULL;
	c->def = NULL;
}
