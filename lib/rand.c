/*
 * rand.c - seeding for the generators in rand.h.
 */
#include "compat.h"

#include "rand.h"

/*
 * Each Tausworthe component must have a set bit above its "masked" low bits,
 * i.e. be at least this large, or it degenerates to zero.
 */
static const uint32_t taus88_min[3] = { 2, 8, 16 };
static const uint64_t taus258_min[5] = { 2, 512, 4096, 131072, 8388608 };

/* Steps discarded after seeding, so the first outputs are fully mixed. */
#define RAND_WARMUP 16

void rand_seed(struct rand_state *r, enum rand_kind kind, uint64_t seed)
{
	uint64_t sm = seed;
	unsigned i;

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	if (kind == RAND_TAUSWORTHE64) {
		for (i = 0; i < ARRAY_SIZE(taus258_min); i++) {
			uint64_t v = splitmix64(&sm);

			if (v < taus258_min[i])
				v += taus258_min[i];
			r->u.s64[i] = v;
		}
		for (i = 0; i < RAND_WARMUP; i++)
			(void)rand_taus258_next(r);
	} else {
		r->kind = RAND_TAUSWORTHE;
		for (i = 0; i < ARRAY_SIZE(taus88_min); i++) {
			uint32_t v = (uint32_t)(splitmix64(&sm) >> 32);

			if (v < taus88_min[i])
				v += taus88_min[i];
			r->u.s32[i] = v;
		}
		for (i = 0; i < RAND_WARMUP; i++)
			(void)rand_taus88_next(r);
	}
}
