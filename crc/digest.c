/*
 * digest.c - md5, sha1, sha256, sha512 and sha3-* on OpenSSL 3 libcrypto.
 *
 * The per-I/O path must not allocate, and in OpenSSL 3.0 it would: every
 * EVP_DigestInit_ex2() on a reused EVP_MD_CTX frees the provider's digest
 * context and allocates a new one, even with the same pre-fetched EVP_MD
 * (checked on 3.0.22: one malloc per digest; later releases reuse it).
 * EVP_MD_CTX_copy_ex() and EVP_Digest() allocate too.
 *
 * So csum_ctx_init() fetches the EVP_MD once, asks the provider that
 * implements it for its digest functions (OSSL_PROVIDER_query_operation,
 * the dispatch table libcrypto itself calls through), and creates the
 * provider's digest context once.  Each csum_compute() is then
 * init / update / final on that context: the same provider code as EVP
 * (SHA-NI included), no allocation, and a little faster on small blocks.
 * Should a provider not give us its functions, we fall back to a reused
 * EVP_MD_CTX, which is correct but may allocate per call.
 */
#include "compat.h"

#ifdef CONFIG_LIBCRYPTO
#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#endif

#include "csum.h"
#include "csum-priv.h"

#ifdef CONFIG_LIBCRYPTO

struct digest_state {
	EVP_MD *md;             /* fetched once; keeps its provider loaded */
	void *algctx;           /* the provider's context, or NULL: use evp */
	OSSL_FUNC_digest_init_fn *init;
	OSSL_FUNC_digest_update_fn *update;
	OSSL_FUNC_digest_final_fn *final;
	OSSL_FUNC_digest_freectx_fn *freectx;
	EVP_MD_CTX *evp;        /* fallback only */
	int failed;             /* a step of the digest in progress failed */
};

/* Is one of the colon-separated names in list a name of md? */
static int md_has_name(const EVP_MD *md, const char *list)
{
	char name[128];

	while (list && *list) {
		const char *end = strchr(list, ':');
		size_t n = end ? (size_t)(end - list) : strlen(list);

		if (n < sizeof(name)) {
			memcpy(name, list, n);
			name[n] = '\0';
			if (EVP_MD_is_a(md, name))
				return 1;
		}
		list = end ? end + 1 : NULL;
	}
	return 0;
}

/* Take the functions we need from a dispatch table; 0 if all are there. */
static int take_functions(struct digest_state *s, const OSSL_DISPATCH *d,
			  OSSL_FUNC_digest_newctx_fn **newctx)
{
	for (; d->function_id != 0; d++) {
		switch (d->function_id) {
		case OSSL_FUNC_DIGEST_NEWCTX:
			*newctx = OSSL_FUNC_digest_newctx(d);
			break;
		case OSSL_FUNC_DIGEST_INIT:
			s->init = OSSL_FUNC_digest_init(d);
			break;
		case OSSL_FUNC_DIGEST_UPDATE:
			s->update = OSSL_FUNC_digest_update(d);
			break;
		case OSSL_FUNC_DIGEST_FINAL:
			s->final = OSSL_FUNC_digest_final(d);
			break;
		case OSSL_FUNC_DIGEST_FREECTX:
			s->freectx = OSSL_FUNC_digest_freectx(d);
			break;
		}
	}
	return *newctx && s->init && s->update && s->final && s->freectx ? 0 : -1;
}

/* Set up s->algctx from the provider of s->md; leaves it NULL on failure. */
static void provider_setup(struct digest_state *s)
{
	const OSSL_PROVIDER *prov = EVP_MD_get0_provider(s->md);
	const OSSL_ALGORITHM *algs, *a;
	OSSL_FUNC_digest_newctx_fn *newctx = NULL;
	int no_cache = 0;

	if (!prov)
		return;
	algs = OSSL_PROVIDER_query_operation(prov, OSSL_OP_DIGEST, &no_cache);
	for (a = algs; a && a->algorithm_names; a++) {
		if (!md_has_name(s->md, a->algorithm_names))
			continue;
		if (take_functions(s, a->implementation, &newctx) == 0)
			s->algctx = newctx(OSSL_PROVIDER_get0_provider_ctx(prov));
		break;
	}
	if (algs)
		OSSL_PROVIDER_unquery_operation(prov, OSSL_OP_DIGEST, algs);
}

int digest_ctx_init(struct csum_ctx *c)
{
	struct digest_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->md = EVP_MD_fetch(NULL, c->def->libname, NULL);
	if (!s->md) {
		free(s);
		return -ENOTSUP;
	}
	provider_setup(s);
	if (!s->algctx) {
		s->evp = EVP_MD_CTX_new();
		if (!s->evp) {
			EVP_MD_free(s->md);
			free(s);
			return -ENOMEM;
		}
	}
	c->priv = s;
	return 0;
}

void digest_ctx_release(struct csum_ctx *c)
{
	struct digest_state *s = c->priv;

	if (!s)
		return;
	if (s->algctx)
		s->freectx(s->algctx);
	EVP_MD_CTX_free(s->evp);
	EVP_MD_free(s->md);
	free(s);
	c->priv = NULL;
}

/*
 * Digests cannot fail here (the context exists, the sizes are right);
 * should one ever do, s->failed makes digest_end() write zeros rather
 * than leave stale bytes.
 */
void digest_begin(struct csum_ctx *c)
{
	struct digest_state *s = c->priv;

	if (likely(s->algctx != NULL))
		s->failed = !s->init(s->algctx, NULL);
	else
		s->failed = !EVP_DigestInit_ex2(s->evp, s->md, NULL);
}

void digest_update(struct csum_ctx *c, const void *buf, size_t len)
{
	struct digest_state *s = c->priv;

	if (likely(s->algctx != NULL))
		s->failed |= !s->update(s->algctx, buf, len);
	else
		s->failed |= !EVP_DigestUpdate(s->evp, buf, len);
}

void digest_end(struct csum_ctx *c, uint8_t *digest)
{
	struct digest_state *s = c->priv;
	unsigned int evp_len;
	size_t out_len;

	if (likely(s->algctx != NULL))
		s->failed |= !s->final(s->algctx, digest, &out_len, c->def->digest_len);
	else
		s->failed |= !EVP_DigestFinal_ex(s->evp, digest, &evp_len);
	if (unlikely(s->failed))
		memset(digest, 0, c->def->digest_len);
}

void digest_compute(struct csum_ctx *c, const void *buf, size_t len,
		    uint8_t *digest)
{
	digest_begin(c);
	digest_update(c, buf, len);
	digest_end(c, digest);
}

const char *digest_impl(void)
{
	return "openssl";
}

#else /* !CONFIG_LIBCRYPTO: the entries exist, csum_ctx_init() refuses them */

int digest_ctx_init(struct csum_ctx *c)
{
	(void)c;
	return -ENOTSUP;
}

void digest_ctx_release(struct csum_ctx *c)
{
	(void)c;
}

/* Never reached: csum_ctx_init() fails first. */
void digest_compute(struct csum_ctx *c, const void *buf, size_t len,
		    uint8_t *digest)
{
	(void)buf, (void)len;
	memset(digest, 0, c->def->digest_len);
}

void digest_begin(struct csum_ctx *c)
{
	(void)c;
}

void digest_update(struct csum_ctx *c, const void *buf, size_t len)
{
	(void)c, (void)buf, (void)len;
}

void digest_end(struct csum_ctx *c, uint8_t *digest)
{
	memset(digest, 0, c->def->digest_len);
}

const char *digest_impl(void)
{
	return "unavailable";
}

#endif /* CONFIG_LIBCRYPTO */
