/*
 * test-csum.c - unit tests for the checksum module (crc/).
 *
 * Known answers for every algorithm (the "123456789" check values of the
 * CRC catalogue, FIPS / RFC digests of "", "abc" and 1,000,000 x 'a'),
 * a bit-at-a-time CRC written from the Rocksoft model as a third opinion,
 * ISA-L against the portable tables on random lengths and misalignments,
 * the XXH3 AVX2 / AVX-512 builds against the shared library, the table's
 * integrity, and that computing an OpenSSL digest allocates nothing.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#ifdef CONFIG_XXHASH
#include <xxhash.h>
#endif
#ifdef CONFIG_LIBCRYPTO
#include <openssl/crypto.h>
#endif

#include "cpu.h"
#include "csum.h"
#include "csum-priv.h"
#include "rand.h"

#define CHECK_INPUT "123456789"

/* ---- helpers ------------------------------------------------------------ */

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void to_hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Digest of buf by algorithm name, through a fresh context, as hex. */
static void digest_hex(const char *algo, const void *buf, size_t len, char *hex)
{
	const struct csum_def *d = csum_find(algo);
	uint8_t dig[CSUM_MAX_DIGEST];
	struct csum_ctx c;

	assert_non_null(d);
	assert_int_equal(csum_ctx_init(&c, d), 0);
	csum_compute(&c, buf, len, dig);
	to_hex(dig, d->digest_len, hex);
	csum_ctx_release(&c);
}

static uint8_t *random_buf(size_t len, uint64_t seed)
{
	uint8_t *b = malloc(len);

	assert_non_null(b);
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)(splitmix64(&seed) >> 56);
	return b;
}

/*
 * Vector state hygiene.  Code using 256/512-bit registers must return with
 * VZEROUPPER, or legacy-SSE code run later in the thread gets slower (4x
 * for libxxhash, 15% for OpenSSL's SHA-256 here).  XGETBV(1) reads XINUSE:
 * bits 2 and 6 say the upper halves of ymm0-15 / zmm0-15 are in use.
 */
#if (defined(__x86_64__) || defined(__i386__)) && defined(CONFIG_BUILTIN_CPU_SUPPORTS)
#include <cpuid.h>
#include <immintrin.h>

#define DIRTY_UPPER ((1u << 2) | (1u << 6))

static uint64_t xinuse(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(1));
	return (uint64_t)hi << 32 | lo;
}

__attribute__((target("avx"))) static void zero_upper(void)
{
	_mm256_zeroupper();
}

/* 1 if XINUSE can be read here and is exact after a VZEROUPPER. */
static int xinuse_usable(void)
{
	unsigned a, b, c, d;

	if (!__builtin_cpu_supports("avx") || !__get_cpuid_count(0xd, 1, &a, &b, &c, &d) ||
	    !(a & (1u << 2)))
		return 0;
	zero_upper();
	return !(xinuse() & DIRTY_UPPER);
}

/* Run expr from a clean state; fail if it leaves the upper state dirty. */
#define ASSERT_LEAVES_CLEAN(expr)                                           \
	do {                                                                 \
		zero_upper();                                                \
		expr;                                                        \
		assert_int_equal(xinuse() & DIRTY_UPPER, 0);                 \
	} while (0)
#endif

/* ---- a bit-at-a-time CRC from the Rocksoft model ------------------------ */

struct crc_model {
	const char *algo;
	unsigned width;
	uint64_t poly, init, xorout;
	int refin, refout;
	uint64_t check;         /* of "123456789" */
};

static const struct crc_model models[] = {
	{ "crc32c", 32, 0x1edc6f41, 0xffffffff, 0xffffffff, 1, 1, 0xe3069283 },
	{ "crc32", 32, 0x04c11db7, 0xffffffff, 0xffffffff, 1, 1, 0xcbf43926 },
	{ "crc64", 64, 0x42f0e1eba9ea3693ULL, ~0ULL, ~0ULL, 1, 1, 0x995dc9bbdf1939faULL },
	{ "crc16", 16, 0x8bb7, 0, 0, 0, 0, 0xd0db },
	{ "crc7", 7, 0x09, 0, 0, 0, 0, 0x75 },
};

static uint64_t reflect(uint64_t v, unsigned bits)
{
	uint64_t r = 0;

	for (unsigned i = 0; i < bits; i++, v >>= 1)
		r = r << 1 | (v & 1);
	return r;
}

static uint64_t crc_bitwise(const struct crc_model *m, const uint8_t *p, size_t len)
{
	uint64_t mask = m->width == 64 ? ~0ULL : (1ULL << m->width) - 1;
	uint64_t crc = m->init;

	for (size_t i = 0; i < len; i++) {
		unsigned byte = m->refin ? (unsigned)reflect(p[i], 8) : p[i];

		for (int b = 7; b >= 0; b--) {
			uint64_t fb = ((crc >> (m->width - 1)) ^ (byte >> b)) & 1;

			crc = (crc << 1) & mask;
			if (fb)
				crc ^= m->poly;
		}
	}
	if (m->refout)
		crc = reflect(crc, m->width);
	return (crc ^ m->xorout) & mask;
}

/* The flat (ISA-L) and portable CRCs behind one signature, by model. */
struct crc_pair {
	const char *algo;
	uint64_t (*fast)(uint64_t crc, const void *buf, size_t len);
	uint64_t (*portable)(uint64_t crc, const void *buf, size_t len);
};

static uint64_t f_crc32c(uint64_t c, const void *b, size_t n) { return csum_crc32c_update((uint32_t)c, b, n); }
static uint64_t p_crc32c(uint64_t c, const void *b, size_t n) { return crc32c_portable((uint32_t)c, b, n); }
static uint64_t f_crc32(uint64_t c, const void *b, size_t n) { return csum_crc32_update((uint32_t)c, b, n); }
static uint64_t p_crc32(uint64_t c, const void *b, size_t n) { return crc32_portable((uint32_t)c, b, n); }
static uint64_t f_crc64(uint64_t c, const void *b, size_t n) { return csum_crc64_update(c, b, n); }
static uint64_t p_crc64(uint64_t c, const void *b, size_t n) { return crc64_portable(c, b, n); }
static uint64_t f_crc16(uint64_t c, const void *b, size_t n) { return csum_crc16_update((uint16_t)c, b, n); }
static uint64_t p_crc16(uint64_t c, const void *b, size_t n) { return crc16_portable((uint16_t)c, b, n); }
static uint64_t f_crc7(uint64_t c, const void *b, size_t n) { return csum_crc7_update((uint8_t)c, b, n); }
static uint64_t p_crc7(uint64_t c, const void *b, size_t n) { return crc7_portable((uint8_t)c, b, n); }

static const struct crc_pair pairs[] = {
	{ "crc32c", f_crc32c, p_crc32c },
	{ "crc32", f_crc32, p_crc32 },
	{ "crc64", f_crc64, p_crc64 },
	{ "crc16", f_crc16, p_crc16 },
	{ "crc7", f_crc7, p_crc7 },
};

/* ---- the table ---------------------------------------------------------- */

/* The on-disk ids: renumbering any of these breaks every written medium. */
static const struct {
	const char *name;
	unsigned id;
	unsigned len;
} stable_ids[] = {
	{ "crc32c", 1, 4 }, { "crc32", 2, 4 }, { "crc64", 3, 8 },
	{ "crc16", 4, 2 }, { "crc7", 5, 1 }, { "xxhash", 6, 4 },
	{ "xxh64", 7, 8 }, { "xxh3", 8, 8 }, { "md5", 9, 16 },
	{ "sha1", 10, 20 }, { "sha256", 11, 32 }, { "sha512", 12, 64 },
	{ "sha3-224", 13, 28 }, { "sha3-256", 14, 32 }, { "sha3-384", 15, 48 },
	{ "sha3-512", 16, 64 },
	{ "fio-crc32c", 17, 4 }, { "fio-crc32", 18, 4 }, { "fio-crc64", 19, 8 },
	{ "fio-crc16", 20, 2 }, { "fio-xxhash", 21, 4 }, { "fio-sha1", 22, 20 },
	{ "fio-sha256", 23, 64 }, { "fio-sha512", 24, 128 }, { "fio-sha512-339", 25, 128 },
};

static void test_csum__stable_ids(void **state)
{
	(void)state;
	assert_int_equal(csum_count(), ARRAY_SIZE(stable_ids));
	for (size_t i = 0; i < ARRAY_SIZE(stable_ids); i++) {
		const struct csum_def *d = csum_find(stable_ids[i].name);

		assert_non_null(d);
		assert_int_equal(d->id, stable_ids[i].id);
		assert_int_equal(d->digest_len, stable_ids[i].len);
		assert_ptr_equal(csum_by_id(stable_ids[i].id), d);
	}
}

static void test_csum__table_complete(void **state)
{
	(void)state;
	for (size_t i = 0; i < csum_count(); i++) {
		const struct csum_def *d = csum_at(i);

		assert_non_null(d);
		assert_non_null(d->name);
		assert_non_null(d->definition);
		assert_non_null(d->compute);
		assert_non_null(d->impl);
		assert_true(d->id != CSUM_NONE);
		assert_true(d->digest_len >= 1 && d->digest_len <= CSUM_MAX_DIGEST);
		assert_ptr_equal(csum_find(d->name), d);
		if (d->alias)
			assert_ptr_equal(csum_find(d->alias), d);
		/* Ids and names are unique: each lookup lands on this entry. */
		assert_ptr_equal(csum_by_id(d->id), d);
		if (i > 0)
			assert_true(csum_at(i - 1)->id < d->id);
	}
	assert_null(csum_at(csum_count()));
}

static void test_csum__find(void **state)
{
	(void)state;
	assert_ptr_equal(csum_find("crc32c-intel"), csum_find("crc32c"));
	assert_null(csum_find("CRC32C"));       /* case-sensitive, as fio */
	assert_null(csum_find("sha-256"));
	assert_null(csum_find(""));
	assert_null(csum_find(NULL));
	assert_null(csum_by_id(CSUM_NONE));
	assert_null(csum_by_id(26));
	assert_null(csum_by_id(~0u));
}

static void test_csum__impl_names(void **state)
{
	const char *x3;

	(void)state;
	csum_init();
	csum_init();                            /* idempotent */
#ifdef CONFIG_ISAL
	assert_string_equal(csum_impl_name(csum_find("crc32c")), "isa-l");
	assert_string_equal(csum_impl_name(csum_find("crc64")), "isa-l");
#else
	assert_string_equal(csum_impl_name(csum_find("crc32c")), "table");
#endif
	assert_string_equal(csum_impl_name(csum_find("crc7")), "table");
	x3 = csum_impl_name(csum_find("xxh3"));
#ifdef CONFIG_XXHASH
	if (cpu_has_avx512())
		assert_string_equal(x3, "xxhash-avx512");
	else if (cpu_has_avx2())
		assert_string_equal(x3, "xxhash-avx2");
	else
		assert_string_equal(x3, "xxhash");
#else
	assert_string_equal(x3, "unavailable");
#endif
	assert_string_equal(csum_impl_name(NULL), "unavailable");
}

/* ---- known answers ------------------------------------------------------ */

/* Integer check values of "123456789", through the table (little-endian
 * digest) for every CRC and xxHash. */
static const struct {
	const char *algo;
	uint64_t check;
} int_checks[] = {
	{ "crc32c", 0xe3069283 },
	{ "crc32", 0xcbf43926 },
	{ "crc64", 0x995dc9bbdf1939faULL },
	{ "crc16", 0xd0db },
	{ "crc7", 0x75 },
	{ "xxhash", 0x937bad67 },
	{ "xxh64", 0x8cb841db40e6ae83ULL },
	{ "xxh3", 0x72dcb18b67a17dffULL },
	{ "fio-crc32c", 0x1cf96d7c },
	{ "fio-crc32", 0x89a1897f },
	{ "fio-crc64", 0xe9c6d914c4b8d9caULL },
	{ "fio-crc16", 0xbb3d },
};

static void test_csum__check_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(int_checks); i++) {
		const struct csum_def *d = csum_find(int_checks[i].algo);
		uint8_t dig[CSUM_MAX_DIGEST];
		struct csum_ctx c;

		assert_non_null(d);
		if (!csum_available(d))
			continue;
		assert_int_equal(csum_ctx_init(&c, d), 0);
		csum_compute(&c, CHECK_INPUT, 9, dig);
		assert_true(get_le(dig, d->digest_len) == int_checks[i].check);
		csum_ctx_release(&c);
	}
	assert_true(csum_crc32c(CHECK_INPUT, 9) == 0xe3069283);
	assert_true(csum_crc32(CHECK_INPUT, 9) == 0xcbf43926);
	assert_true(csum_crc64(CHECK_INPUT, 9) == 0x995dc9bbdf1939faULL);
	assert_true(csum_crc16(CHECK_INPUT, 9) == 0xd0db);
	assert_true(csum_crc7(CHECK_INPUT, 9) == 0x75);
}

/* Empty input: the CRCs give their init ^ xorout, i.e. 0 for all five. */
static void test_csum__empty_input(void **state)
{
	(void)state;
	assert_true(csum_crc32c(NULL, 0) == 0);
	assert_true(csum_crc32("", 0) == 0);
	assert_true(csum_crc64("", 0) == 0);
	assert_true(csum_crc16("", 0) == 0);
	assert_true(csum_crc7("", 0) == 0);
#ifdef CONFIG_XXHASH
	{
		static const struct { const char *algo; uint64_t v; } e[] = {
			{ "xxhash", 0x02cc5d05 },
			{ "xxh64", 0xef46db3751d8e999ULL },
			{ "xxh3", 0x2d06800538d394c2ULL },
		};
		for (size_t i = 0; i < ARRAY_SIZE(e); i++) {
			const struct csum_def *d = csum_find(e[i].algo);
			uint8_t dig[8];
			struct csum_ctx c;

			assert_int_equal(csum_ctx_init(&c, d), 0);
			csum_compute(&c, "", 0, dig);
			assert_true(get_le(dig, d->digest_len) == e[i].v);
			csum_ctx_release(&c);
		}
	}
#endif
}

/* Published CRC vectors beyond the check string. */
static void test_csum__crc_vectors(void **state)
{
	uint8_t b[32];
	static const uint8_t cmd0[] = { 0x40, 0, 0, 0, 0 };
	static const uint8_t cmd8[] = { 0x48, 0, 0, 0x01, 0xaa };
	static const char fox[] = "The quick brown fox jumps over the lazy dog";

	(void)state;
	/* RFC 3720 (iSCSI) appendix B.4. */
	memset(b, 0, sizeof(b));
	assert_true(csum_crc32c(b, 32) == 0x8a9136aa);
	memset(b, 0xff, sizeof(b));
	assert_true(csum_crc32c(b, 32) == 0x62a8ab43);
	for (int i = 0; i < 32; i++)
		b[i] = (uint8_t)i;
	assert_true(csum_crc32c(b, 32) == 0x46dd794e);
	for (int i = 0; i < 32; i++)
		b[i] = (uint8_t)(31 - i);
	assert_true(csum_crc32c(b, 32) == 0x113fdb5c);
	/* zlib crc32 of the pangram. */
	assert_true(csum_crc32(fox, strlen(fox)) == 0x414fa339);
	/* SD commands: CMD0 and CMD8 carry CRC bytes 0x95 and 0x87. */
	assert_int_equal((csum_crc7(cmd0, 5) << 1) | 1, 0x95);
	assert_int_equal((csum_crc7(cmd8, 5) << 1) | 1, 0x87);
}

/* md5 and sha*: standard digests of four messages each. */
static const struct {
	const char *algo;
	const char *msg;        /* NULL: 1,000,000 x 'a' */
	const char *hex;
} digest_vectors[] = {
	{ "md5", CHECK_INPUT, "25f9e794323b453885f5181f1b624d0b" },
	{ "md5", "", "d41d8cd98f00b204e9800998ecf8427e" },
	{ "md5", "abc", "900150983cd24fb0d6963f7d28e17f72" },
	{ "md5", NULL, "7707d6ae4e027c70eea2a935c2296f21" },
	{ "sha1", CHECK_INPUT, "f7c3bc1d808e04732adf679965ccc34ca7ae3441" },
	{ "sha1", "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
	{ "sha1", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ "sha1", NULL, "34aa973cd4c4daa4f61eeb2bdbad27316534016f" },
	{ "sha256", CHECK_INPUT, "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225" },
	{ "sha256", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "sha256", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "sha256", NULL, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
	{ "sha512", CHECK_INPUT, "d9e6762dd1c8eaf6d61b3c6192fc408d4d6d5f1176d0c29169bc24e71c3f274a"
				 "d27fcd5811b313d681f7e55ec02d73d499c95455b6b5bb503acf574fba8ffe85" },
	{ "sha512", "", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
			"47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
	{ "sha512", "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
			   "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	{ "sha512", NULL, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
			  "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b" },
	{ "sha3-224", CHECK_INPUT, "5795c3d628fd638c9835a4c79a55809f265068c88729a1a3fcdf8522" },
	{ "sha3-224", "", "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7" },
	{ "sha3-224", "abc", "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf" },
	{ "sha3-224", NULL, "d69335b93325192e516a912e6d19a15cb51c6ed5c15243e7a7fd653c" },
	{ "sha3-256", CHECK_INPUT, "87cd084d190e436f147322b90e7384f6a8e0676c99d21ef519ea718e51d45f9c" },
	{ "sha3-256", "", "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a" },
	{ "sha3-256", "abc", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532" },
	{ "sha3-256", NULL, "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1" },
	{ "sha3-384", CHECK_INPUT, "8b90ede4d095409f1a12492c2520599683a9478dc70b7566"
				   "d23b3e41ece8538c6cde92382a5e38786490375c54672abf" },
	{ "sha3-384", "", "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61"
			  "995e71bbee983a2ac3713831264adb47fb6bd1e058d5f004" },
	{ "sha3-384", "abc", "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c25"
			     "96da7cf0e49be4b298d88cea927ac7f539f1edf228376d25" },
	{ "sha3-384", NULL, "eee9e24d78c1855337983451df97c8ad9eedf256c6334f8e"
			    "948d252d5e0e76847aa0774ddb90a842190d2c558b4b8340" },
	{ "sha3-512", CHECK_INPUT, "e1e44d20556e97a180b6dd3ed7ae5c465cafd553fa8747dca038fb95635b77a3"
				   "7318f7ddf7aec1f6c3c14bb160ba2497007decf38dd361cab199e3b8c8fe1f5c" },
	{ "sha3-512", "", "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
			  "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26" },
	{ "sha3-512", "abc", "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
			     "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0" },
	{ "sha3-512", NULL, "3c3a876da14034ab60627c077bb98f7e120a2a5370212dffb3385a18d4f38859"
			    "ed311d0a9d5141ce9cc5c66ee689b266a8aa18ace8282a0e0db596c90b0a7b87" },
};

static void test_csum__digest_vectors(void **state)
{
	char *million = malloc(1000000);
	char hex[2 * CSUM_MAX_DIGEST + 1];

	(void)state;
	assert_non_null(million);
	memset(million, 'a', 1000000);
	for (size_t i = 0; i < ARRAY_SIZE(digest_vectors); i++) {
		const char *msg = digest_vectors[i].msg;
		size_t len = msg ? strlen(msg) : 1000000;

		if (!csum_available(csum_find(digest_vectors[i].algo)))
			continue;
		digest_hex(digest_vectors[i].algo, msg ? msg : million, len, hex);
		assert_string_equal(hex, digest_vectors[i].hex);
	}
	free(million);
}

/*
 * Blocks written by Debian's fio 3.33: bs=4k, verify=<fio name>,
 * verify_pattern=0x0123456789abcdef, so that byte i of the block is byte
 * i % 8 of the pattern; fio's 40-byte header and the checksum field (n
 * bytes) come first and the checksum covers bytes [40 + n, 4096).  The
 * stored field, in hex, must be what verio's flavour computes.
 */
static const struct {
	const char *flavour;
	const char *hex;
} fio_blocks[] = {
	{ "md5", "e5ae79534c0250a5f623878c656fec61" },
	{ "fio-crc64", "a1d804508a821b30" },
	{ "fio-crc32c", "f4222f5c" },
	{ "fio-crc32", "4bf31721" },
	{ "fio-crc16", "53b1" },
	{ "crc7", "38" },
	{ "fio-xxhash", "2450333e" },
	{ "fio-sha512", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
	{ "fio-sha256", "a032a75881be21eb0123456789abcdef0123456789abcdef8000000000000000"
			"000000000000000000000000000000000000000000000000c07c000000000000" },
	{ "fio-sha1", "7cdedb22f51cebf90f104326f5d4cadb9ed68246" },
	{ "sha3-224", "beef4a1e7082c69a019bf47be6aea5dad6fe127134d934c4a1e0f49a" },
	{ "sha3-256", "b3b4c5683c8707701d0061a3cd1b4a37c2e2ae41a0e072ce6d83d90bf5d6fa58" },
	{ "sha3-384", "d0ff4b2fcf20c775bb9f84a3581bb5c14e3f3ecd1139a1c389126efde3e53bb1"
		      "d9f422793b9544d49fad5a794c801aa6" },
	{ "sha3-512", "c5c7cf937998aec43fcb2bb0aea549f521d0e674782706712618a8577a570b8f"
		      "9d0a584baf6d1a9b5b192a327a1902f1014fbf91604523840cbb499ebe339588" },
};

/*
 * fio-sha512-339, from its definition (fio >= 3.39, docs/checksums.md):
 * SHA-512, then bytes 64..127 of the padded last block.  Data: "123456789",
 * and 200 and 250 bytes of (7 i + 3) mod 256 (last blocks of 72 and 122
 * bytes: data in the second half, and padding spilled into a block of
 * its own).  Computed with Python's hashlib.
 */
static void test_csum__fio_sha512_339(void **state)
{
	static const struct {
		size_t len;
		const char *hex;
	} v[] = {
		{ 9, "d9e6762dd1c8eaf6d61b3c6192fc408d4d6d5f1176d0c29169bc24e71c3f274a"
		     "d27fcd5811b313d681f7e55ec02d73d499c95455b6b5bb503acf574fba8ffe85"
		     "0000000000000000000000000000000000000000000000000000000000000000"
		     "0000000000000000000000000000000000000000000000000000000000000048" },
		{ 200, "cca3c0276046ef9f2897bdfc3ec330f77f4959914b1462bd581b232ddb3e9aa9"
		       "8acf5f5a2b21c7f49d2e43721daa61a2b5cee6af6052dfeb766e66ddb0d1719c"
		       "434a51585f666d74800000000000000000000000000000000000000000000000"
		       "0000000000000000000000000000000000000000000000000000000000000640" },
		{ 250, "7e749b5e0ee9531c7f8833115d61638fb15cba0c0c7f341e3143b60de8f1e7ba"
		       "aabaa78fd20e758eb049c85b69f985174ce9a1b05daae441397ed96d7c246c25"
		       "0000000000000000000000000000000000000000000000000000000000000000"
		       "00000000000000000000000000000000000000000000000000000000000007d0" },
	};
	const struct csum_def *d = csum_find("fio-sha512-339");
	uint8_t data[256], dig[CSUM_MAX_DIGEST];
	char hex[2 * CSUM_MAX_DIGEST + 1];
	struct csum_ctx c;

	(void)state;
	assert_non_null(d);
	if (!csum_available(d))
		skip();
	assert_int_equal(csum_ctx_init(&c, d), 0);
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		for (size_t k = 0; k < sizeof(data); k++)
			data[k] = (uint8_t)(7 * k + 3);
		if (v[i].len == 9)
			memcpy(data, CHECK_INPUT, 9);
		csum_compute(&c, data, v[i].len, dig);
		for (unsigned k = 0; k < 128; k++)
			snprintf(hex + 2 * k, 3, "%02x", dig[k]);
		assert_string_equal(hex, v[i].hex);
	}
	csum_ctx_release(&c);
}

static void test_csum__fio_written_blocks(void **state)
{
	static const uint8_t pat[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
	uint8_t block[4096], dig[CSUM_MAX_DIGEST];
	char hex[2 * CSUM_MAX_DIGEST + 1];

	(void)state;
	for (size_t i = 0; i < sizeof(block); i++)
		block[i] = pat[i % 8];
	for (size_t i = 0; i < ARRAY_SIZE(fio_blocks); i++) {
		const struct csum_def *d = csum_find(fio_blocks[i].flavour);
		size_t hs;
		struct csum_ctx c;

		assert_non_null(d);
		if (!csum_available(d))
			continue;
		hs = 40 + d->digest_len;
		assert_int_equal(csum_ctx_init(&c, d), 0);
		csum_compute(&c, block + hs, sizeof(block) - hs, dig);
		csum_ctx_release(&c);
		for (unsigned k = 0; k < d->digest_len; k++)
			snprintf(hex + 2 * k, 3, "%02x", dig[k]);
		assert_string_equal(hex, fio_blocks[i].hex);
	}
}

/* ---- implementations agree ---------------------------------------------- */

/* The model's check value, and the bitwise CRC against both
 * implementations on random data. */
static void test_csum__crc_bitwise_reference(void **state)
{
	uint8_t *buf = random_buf(3 + 2048, 7);
	const uint8_t *p = buf + 3;             /* and misaligned */

	(void)state;
	for (size_t m = 0; m < ARRAY_SIZE(models); m++) {
		assert_string_equal(models[m].algo, pairs[m].algo);
		assert_true(crc_bitwise(&models[m], (const uint8_t *)CHECK_INPUT, 9) ==
			    models[m].check);
		for (size_t len = 0; len <= 2048; len = len * 2 + 1) {
			uint64_t want = crc_bitwise(&models[m], p, len);

			assert_true(pairs[m].fast(0, p, len) == want);
			assert_true(pairs[m].portable(0, p, len) == want);
		}
	}
	free(buf);
}

/* Fast path and portable fallback on random lengths (0..9000) and
 * misalignments (0..63), whole and continued from a random split. */
static void test_csum__fast_vs_portable(void **state)
{
	uint8_t *buf = random_buf(9000 + 64, 11);
	uint64_t rng = 12345;

	(void)state;
	for (int iter = 0; iter < 400; iter++) {
		size_t len = (size_t)(splitmix64(&rng) % 9001);
		size_t off = (size_t)(splitmix64(&rng) % 64);
		size_t cut = len ? (size_t)(splitmix64(&rng) % (len + 1)) : 0;
		const uint8_t *p = buf + off;

		for (size_t k = 0; k < ARRAY_SIZE(pairs); k++) {
			uint64_t whole = pairs[k].portable(0, p, len);

			assert_true(pairs[k].fast(0, p, len) == whole);
			assert_true(pairs[k].fast(pairs[k].fast(0, p, cut), p + cut,
						  len - cut) == whole);
			assert_true(pairs[k].portable(pairs[k].portable(0, p, cut),
						      p + cut, len - cut) == whole);
		}
	}
	free(buf);
}

/* A header crc: crc32c over the header with its crc field zeroed, built
 * by continuing across the field, equals the crc of the zeroed copy. */
static void test_csum__crc32c_update_header(void **state)
{
	uint8_t hdr[64], copy[64];
	static const uint8_t zero[4];
	uint32_t crc;

	(void)state;
	for (size_t i = 0; i < sizeof(hdr); i++)
		hdr[i] = (uint8_t)(i * 37 + 1);
	memcpy(copy, hdr, sizeof(copy));
	memset(copy + 60, 0, 4);
	crc = csum_crc32c_update(0, hdr, 60);
	crc = csum_crc32c_update(crc, zero, 4);
	assert_true(crc == csum_crc32c(copy, sizeof(copy)));
	assert_true(csum_crc32c_update(0, hdr, 0) == 0);
}

#ifdef CONFIG_XXHASH
/* One XXH3 build, one-shot and streamed in random pieces, on p[0..len). */
static void check_xxh3_build(const struct xxh3_ops *ops, void *st,
			     const uint8_t *p, size_t len, uint64_t want,
			     uint64_t *rng)
{
	size_t done = 0;

	assert_true(ops->hash(p, len) == want);
	ops->reset(st);
	while (done < len) {
		size_t n = (size_t)(splitmix64(rng) % (len - done + 1));

		ops->update(st, p + done, n);
		done += n;
	}
	assert_true(ops->digest(st) == want);
}

/* The AVX2 / AVX-512 builds of XXH3 against the plain library call. */
static void test_csum__xxh3_variants(void **state)
{
	const struct xxh3_ops *builds[3] = { &xxh3_ops_plain };
	uint8_t *buf = random_buf(9000 + 64, 13);
	void *st[3];
	size_t nb = 1;
	uint64_t rng = 99;

	(void)state;
	if (cpu_has_avx2())
		builds[nb++] = &xxh3_ops_avx2;
	if (cpu_has_avx512())
		builds[nb++] = &xxh3_ops_avx512;
	for (size_t b = 0; b < nb; b++)
		assert_non_null(st[b] = builds[b]->state_new());
	for (int iter = 0; iter < 1500; iter++) {
		size_t len = iter < 300 ? (size_t)iter : (size_t)(splitmix64(&rng) % 9001);
		const uint8_t *p = buf + splitmix64(&rng) % 64;
		uint64_t want = XXH3_64bits(p, len);

		for (size_t b = 0; b < nb; b++)
			check_xxh3_build(builds[b], st[b], p, len, want, &rng);
	}
	for (size_t b = 0; b < nb; b++)
		builds[b]->state_free(st[b]);
	free(buf);
	if (nb == 1)
		skip();                         /* no wider build on this CPU */
}

static void test_csum__xxh_table_vs_library(void **state)
{
	uint8_t *buf = random_buf(5000, 17);
	struct csum_ctx c32, c64, c3;
	uint8_t d[8];

	(void)state;
	assert_int_equal(csum_ctx_init(&c32, csum_find("xxhash")), 0);
	assert_int_equal(csum_ctx_init(&c64, csum_find("xxh64")), 0);
	assert_int_equal(csum_ctx_init(&c3, csum_find("xxh3")), 0);
	for (size_t len = 0; len <= 5000; len += 97) {
		csum_compute(&c32, buf, len, d);
		assert_true(get_le(d, 4) == XXH32(buf, len, 0));
		csum_compute(&c64, buf, len, d);
		assert_true(get_le(d, 8) == XXH64(buf, len, 0));
		csum_compute(&c3, buf, len, d);
		assert_true(get_le(d, 8) == XXH3_64bits(buf, len));
	}
	csum_ctx_release(&c32);
	csum_ctx_release(&c64);
	csum_ctx_release(&c3);
	free(buf);
}
#endif

/* csum_begin / csum_update... / csum_end equals csum_compute, for every
 * algorithm, over random pieces (empty ones too); a csum_begin() drops
 * what came before it. */
static void test_csum__streaming_matches_oneshot(void **state)
{
	uint8_t *buf = random_buf(20000, 29);
	uint64_t rng = 31;

	(void)state;
	for (size_t i = 0; i < csum_count(); i++) {
		const struct csum_def *d = csum_at(i);
		uint8_t want[CSUM_MAX_DIGEST], got[CSUM_MAX_DIGEST];
		struct csum_ctx c;

		if (!csum_available(d))
			continue;
		assert_int_equal(csum_ctx_init(&c, d), 0);
		for (int iter = 0; iter < 40; iter++) {
			size_t len = (size_t)(splitmix64(&rng) % 20001), done = 0;

			csum_compute(&c, buf, len, want);
			csum_begin(&c);
			csum_update(&c, buf + 7, 1000);         /* abandoned */
			csum_begin(&c);
			while (done < len) {
				size_t n = (size_t)(splitmix64(&rng) % 3000);

				n = MIN_OF(n, len - done);
				csum_update(&c, buf + done, n);
				done += n;
			}
			csum_end(&c, got);
			assert_memory_equal(want, got, d->digest_len);
		}
		csum_ctx_release(&c);
	}
	free(buf);
}

/* Every algorithm returns with a clean upper vector state: ISA-L does
 * not, so crc.c cleans up after it; gcc's XXH3 builds needed it too. */
static void test_csum__leaves_vector_state_clean(void **state)
{
#if (defined(__x86_64__) || defined(__i386__)) && defined(CONFIG_BUILTIN_CPU_SUPPORTS)
	static const size_t lens[] = { 17, 512, 4096, 1 << 20 };
	uint8_t *buf = random_buf(1 << 20, 37), dig[CSUM_MAX_DIGEST];
	volatile uint64_t sink = 0;

	(void)state;
	if (!xinuse_usable()) {
		free(buf);
		skip();
	}
	for (size_t l = 0; l < ARRAY_SIZE(lens); l++) {
		size_t n = lens[l];

		ASSERT_LEAVES_CLEAN(sink += csum_crc32c(buf, n));
		ASSERT_LEAVES_CLEAN(sink += csum_crc32(buf, n));
		ASSERT_LEAVES_CLEAN(sink += csum_crc64(buf, n));
		ASSERT_LEAVES_CLEAN(sink += csum_crc16(buf, n));
		for (size_t i = 0; i < csum_count(); i++) {
			const struct csum_def *d = csum_at(i);
			struct csum_ctx c;

			if (!csum_available(d) || csum_ctx_init(&c, d))
				continue;
			ASSERT_LEAVES_CLEAN(csum_compute(&c, buf, n, dig));
			ASSERT_LEAVES_CLEAN(csum_begin(&c));
			ASSERT_LEAVES_CLEAN(csum_update(&c, buf, n));
			ASSERT_LEAVES_CLEAN(csum_end(&c, dig));
			csum_ctx_release(&c);
		}
	}
	(void)sink;
	free(buf);
#else
	(void)state;
	skip();
#endif
}

/* ---- contexts ----------------------------------------------------------- */

static void test_csum__ctx_lifecycle(void **state)
{
	uint8_t *buf = random_buf(4096, 19);

	(void)state;
	assert_int_equal(csum_ctx_init(NULL, csum_find("crc32c")), -EINVAL);
	for (size_t i = 0; i < csum_count(); i++) {
		const struct csum_def *d = csum_at(i);
		uint8_t a[CSUM_MAX_DIGEST], b[CSUM_MAX_DIGEST];
		struct csum_ctx c;
		int ret = csum_ctx_init(&c, d);

		if (!csum_available(d)) {
			assert_int_equal(ret, -ENOTSUP);
			continue;
		}
		assert_int_equal(ret, 0);
		/* Reuse gives the same digest; a changed bit changes it. */
		csum_compute(&c, buf, 4096, a);
		csum_compute(&c, buf + 1, 100, b);
		csum_compute(&c, buf, 4096, b);
		assert_memory_equal(a, b, d->digest_len);
		/* fio-sha512 (fio <= 3.38) covers only the bytes its buffer
		 * keeps: the first 128 of a 4096-byte block. */
		buf[d->id == CSUM_FIO_SHA512 ? 100 : 1000] ^= 4;
		csum_compute(&c, buf, 4096, b);
		buf[d->id == CSUM_FIO_SHA512 ? 100 : 1000] ^= 4;
		assert_memory_not_equal(a, b, d->digest_len);
		csum_ctx_release(&c);
		csum_ctx_release(&c);           /* harmless */
	}
	csum_ctx_release(NULL);
	free(buf);
}

#ifdef CONFIG_LIBCRYPTO
/* Count OpenSSL's allocations, set up in main() before its first one. */
static long ossl_allocs;
static int ossl_counting;

static void *count_malloc(size_t n, const char *file, int line)
{
	(void)file, (void)line;
	ossl_allocs++;
	return malloc(n);
}

static void *count_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file, (void)line;
	ossl_allocs++;
	return realloc(p, n);
}

static void count_free(void *p, const char *file, int line)
{
	(void)file, (void)line;
	free(p);
}

/* The per-I/O promise: computing an OpenSSL digest allocates nothing. */
static void test_csum__digest_compute_no_alloc(void **state)
{
	uint8_t *buf = random_buf(65536, 23);

	(void)state;
	if (!ossl_counting)
		skip();
	for (size_t i = 0; i < csum_count(); i++) {
		const struct csum_def *d = csum_at(i);
		uint8_t dig[CSUM_MAX_DIGEST];
		struct csum_ctx c;
		long before;

		if (d->ctx_init != digest_ctx_init)
			continue;
		assert_int_equal(csum_ctx_init(&c, d), 0);
		csum_compute(&c, buf, 512, dig);
		before = ossl_allocs;
		for (size_t len = 0; len <= 65536; len = len * 3 + 1) {
			csum_compute(&c, buf, len, dig);
			csum_begin(&c);
			csum_update(&c, buf, len / 2);
			csum_update(&c, buf + len / 2, len - len / 2);
			csum_end(&c, dig);
		}
		assert_int_equal(ossl_allocs, before);
		csum_ctx_release(&c);
	}
	free(buf);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csum__stable_ids),
		cmocka_unit_test(test_csum__table_complete),
		cmocka_unit_test(test_csum__find),
		cmocka_unit_test(test_csum__fio_written_blocks),
		cmocka_unit_test(test_csum__fio_sha512_339),
		cmocka_unit_test(test_csum__impl_names),
		cmocka_unit_test(test_csum__check_values),
		cmocka_unit_test(test_csum__empty_input),
		cmocka_unit_test(test_csum__crc_vectors),
		cmocka_unit_test(test_csum__digest_vectors),
		cmocka_unit_test(test_csum__crc_bitwise_reference),
		cmocka_unit_test(test_csum__fast_vs_portable),
		cmocka_unit_test(test_csum__crc32c_update_header),
		cmocka_unit_test(test_csum__streaming_matches_oneshot),
#ifdef CONFIG_XXHASH
		cmocka_unit_test(test_csum__xxh3_variants),
		cmocka_unit_test(test_csum__xxh_table_vs_library),
#endif
		cmocka_unit_test(test_csum__leaves_vector_state_clean),
		cmocka_unit_test(test_csum__ctx_lifecycle),
#ifdef CONFIG_LIBCRYPTO
		cmocka_unit_test(test_csum__digest_compute_no_alloc),
#endif
	};

#ifdef CONFIG_LIBCRYPTO
	ossl_counting = CRYPTO_set_mem_functions(count_malloc, count_realloc,
						 count_free);
#endif
	return cmocka_run_group_tests(tests, NULL, NULL);
}
