/*
 * xxhash.c - the xxHash family on libxxhash: xxhash (XXH32), xxh64 and
 * xxh3 (XXH3_64bits), all with seed 0, digests stored little-endian.
 *
 * XXH32 and XXH64 are scalar algorithms: the shared library runs them at
 * full speed.  XXH3 is vectorised, and the distribution's library is built
 * for baseline x86-64 (SSE2), so xxh3-avx2.c and xxh3-avx512.c build the
 * same library header for wider vectors; xxh3_select() picks one once,
 * from csum_init(), and each context keeps the build it started with.
 *
 * Streaming states are allocated by csum_ctx_init(), never per digest.
 */
#include "compat.h"

#include <stdatomic.h>

#ifdef CONFIG_XXHASH
#include <xxhash.h>
#endif

#include "cpu.h"
#include "csum.h"
#include "csum-priv.h"
#include "le.h"

#ifdef CONFIG_XXHASH

static inline void leave_plain(void)
{
}

XXH3_DEFINE_OPS(xxh3_ops_plain, "xxhash", leave_plain);

/*
 * The chosen XXH3 build.  Atomic only so that a context made before
 * csum_init() finished is still race-free; a relaxed load is a plain load
 * and the builds need no data from the thread that stored the pointer.
 */
static const struct xxh3_ops *_Atomic xxh3_best = &xxh3_ops_plain;

void xxh3_select(void)
{
	const struct xxh3_ops *ops = &xxh3_ops_plain;

#ifdef CSUM_XXH3_X86
	if (cpu_has_avx512())
		ops = &xxh3_ops_avx512;
	else if (cpu_has_avx2())
		ops = &xxh3_ops_avx2;
#endif
	atomic_store_explicit(&xxh3_best, ops, memory_order_relaxed);
}

const char *xxh_impl(void)
{
	return "xxhash";
}

const char *xxh3_impl(void)
{
	return atomic_load_explicit(&xxh3_best, memory_order_relaxed)->name;
}

/* ---- xxhash (XXH32) and xxh64: the shared library ----------------------- */

int xxh32_ctx_init(struct csum_ctx *c)
{
	c->priv = XXH32_createState();
	return c->priv ? 0 : -ENOMEM;
}

void xxh32_ctx_release(struct csum_ctx *c)
{
	XXH32_freeState(c->priv);
}

void xxh32_compute(struct csum_ctx *c, const void *buf, size_t len,
		   uint8_t *digest)
{
	(void)c;
	put_le32(digest, XXH32(buf, len, 0));
}

void xxh32_begin(struct csum_ctx *c)
{
	(void)XXH32_reset(c->priv, 0);
}

void xxh32_update(struct csum_ctx *c, const void *buf, size_t len)
{
	(void)XXH32_update(c->priv, buf, len);
}

void xxh32_end(struct csum_ctx *c, uint8_t *digest)
{
	put_le32(digest, XXH32_digest(c->priv));
}

int xxh64_ctx_init(struct csum_ctx *c)
{
	c->priv = XXH64_createState();
	return c->priv ? 0 : -ENOMEM;
}

void xxh64_ctx_release(struct csum_ctx *c)
{
	XXH64_freeState(c->priv);
}

void xxh64_compute(struct csum_ctx *c, const void *buf, size_t len,
		   uint8_t *digest)
{
	(void)c;
	put_le64(digest, XXH64(buf, len, 0));
}

void xxh64_begin(struct csum_ctx *c)
{
	(void)XXH64_reset(c->priv, 0);
}

void xxh64_update(struct csum_ctx *c, const void *buf, size_t len)
{
	(void)XXH64_update(c->priv, buf, len);
}

void xxh64_end(struct csum_ctx *c, uint8_t *digest)
{
	put_le64(digest, XXH64_digest(c->priv));
}

/* ---- xxh3: the build chosen for this CPU -------------------------------- */

struct xxh3_priv {
	const struct xxh3_ops *ops;
	void *state;            /* made by ops->state_new() */
};

int xxh3_ctx_init(struct csum_ctx *c)
{
	struct xxh3_priv *p = malloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->ops = atomic_load_explicit(&xxh3_best, memory_order_relaxed);
	p->state = p->ops->state_new();
	if (!p->state) {
		free(p);
		return -ENOMEM;
	}
	c->priv = p;
	return 0;
}

void xxh3_ctx_release(struct csum_ctx *c)
{
	struct xxh3_priv *p = c->priv;

	p->ops->state_free(p->state);
	free(p);
}

void xxh3_compute(struct csum_ctx *c, const void *buf, size_t len,
		  uint8_t *digest)
{
	const struct xxh3_priv *p = c->priv;

	put_le64(digest, p->ops->hash(buf, len));
}

void xxh3_begin(struct csum_ctx *c)
{
	struct xxh3_priv *p = c->priv;

	p->ops->reset(p->state);
}

void xxh3_update(struct csum_ctx *c, const void *buf, size_t len)
{
	struct xxh3_priv *p = c->priv;

	p->ops->update(p->state, buf, len);
}

void xxh3_end(struct csum_ctx *c, uint8_t *digest)
{
	struct xxh3_priv *p = c->priv;

	put_le64(digest, p->ops->digest(p->state));
}

#else /* !CONFIG_XXHASH: the entries exist, csum_ctx_init() refuses them */

void xxh3_select(void)
{
}

const char *xxh_impl(void)
{
	return "unavailable";
}

const char *xxh3_impl(void)
{
	return "unavailable";
}

/* Never reached: csum_ctx_init() fails first. */
#define XXH_MISSING(name, len)                                               \
	int name##_ctx_init(struct csum_ctx *c)                              \
	{                                                                    \
		(void)c;                                                     \
		return -ENOTSUP;                                             \
	}                                                                    \
	void name##_ctx_release(struct csum_ctx *c)                          \
	{                                                                    \
		(void)c;                                                     \
	}                                                                    \
	void name##_compute(struct csum_ctx *c, const void *buf, size_t n,   \
			    uint8_t *digest)                                 \
	{                                                                    \
		(void)c, (void)buf, (void)n;                                 \
		memset(digest, 0, len);                                      \
	}                                                                    \
	void name##_begin(struct csum_ctx *c)                                \
	{                                                                    \
		(void)c;                                                     \
	}                                                                    \
	void name##_update(struct csum_ctx *c, const void *buf, size_t n)    \
	{                                                                    \
		(void)c, (void)buf, (void)n;                                 \
	}                                                                    \
	void name##_end(struct csum_ctx *c, uint8_t *digest)                 \
	{                                                                    \
		(void)c;                                                     \
		memset(digest, 0, len);                                      \
	}

XXH_MISSING(xxh32, 4)
XXH_MISSING(xxh64, 8)
XXH_MISSING(xxh3, 8)

#endif /* CONFIG_XXHASH */
