/*
 * vmap.c - the verify map's cells and counts (see vmap.h).  Nothing here
 * is on the hot path but what vmap.h has inline.
 */
#include "compat.h"

#include "verify/vmap.h"

unsigned vmap_shift(uint64_t nunits)
{
	unsigned s = 0;

	/* Smallest s with ceil(nunits / 2^s) <= VMAP_CELLS_MAX. */
	while (s < 63 && (nunits >> s) + !!(nunits & ((1ULL << s) - 1)) > VMAP_CELLS_MAX)
		s++;
	return s;
}

uint32_t vmap_cells(uint64_t nunits, unsigned shift)
{
	return (uint32_t)((nunits >> shift) + !!(nunits & ((1ULL << shift) - 1)));
}

struct vmap *vmap_new(uint64_t nunits, uint32_t unit)
{
	struct vmap *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->nunits = nunits;
	m->unit = unit;
	m->shift = vmap_shift(nunits);
	m->cells = vmap_cells(nunits, m->shift);
	m->verified = calloc(m->cells ? m->cells : 1, sizeof(*m->verified));
	m->failed = calloc(m->cells ? m->cells : 1, sizeof(*m->failed));
	if (!m->verified || !m->failed || pthread_mutex_init(&m->lock, NULL)) {
		free(m->verified);
		free(m->failed);
		free(m);
		return NULL;
	}
	return m;
}

void vmap_free(struct vmap *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	free(m->verified);
	free(m->failed);
	free(m->fails);
	free(m);
}

int vmap_fail(struct vmap *m, uint64_t unit, unsigned cls)
{
	uint32_t cell = (uint32_t)(unit >> m->shift);
	size_t i;
	int r = 0;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->nr_fails; i++) {
		const struct vmap_fail *f = &m->fails[i];

		if (f->cell > cell || (f->cell == cell && f->cls >= cls))
			break;
	}
	if (i < m->nr_fails && m->fails[i].cell == cell && m->fails[i].cls == cls) {
		m->fails[i].count++;
		goto out;
	}
	if (m->nr_fails == m->cap_fails) {
		size_t cap = m->cap_fails ? 2 * m->cap_fails : 16;
		struct vmap_fail *n = realloc(m->fails, cap * sizeof(*n));

		if (!n) {
			r = -ENOMEM;
			goto out;
		}
		m->fails = n;
		m->cap_fails = cap;
	}
	memmove(&m->fails[i + 1], &m->fails[i], (m->nr_fails - i) * sizeof(*m->fails));
	m->fails[i] = (struct vmap_fail){ .cell = cell, .cls = cls, .count = 1 };
	m->nr_fails++;
out:
	pthread_mutex_unlock(&m->lock);
	return r;
}

uint64_t vmap_verified(const struct vmap *m, uint32_t c)
{
	return atomic_load_explicit(&m->verified[c], memory_order_relaxed);
}

uint64_t vmap_failed(const struct vmap *m, uint32_t c)
{
	return atomic_load_explicit(&m->failed[c], memory_order_relaxed);
}

const struct vmap_fail *vmap_fails(const struct vmap *m, size_t *nr)
{
	*nr = m->nr_fails;
	return m->fails;
}
