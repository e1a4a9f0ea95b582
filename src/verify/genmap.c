/*
 * genmap.c - the generation map (see genmap.h).  Everything here is off
 * the hot path: the per-I/O accessors are inline in the header.
 */
#include "compat.h"

#include "verify/genmap.h"

struct genmap *genmap_new(uint64_t nunits)
{
	struct genmap *m;

	if (nunits > SIZE_MAX / sizeof(uint16_t)) {
		errno = ENOMEM;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		errno = ENOMEM;
		return NULL;
	}
	m->nunits = nunits;
	m->base = 1;
	if (nunits) {
		m->gen = calloc((size_t)nunits, sizeof(uint16_t));
		if (!m->gen) {
			free(m);
			errno = ENOMEM;
			return NULL;
		}
	}
	return m;
}

void genmap_free(struct genmap *m)
{
	if (!m)
		return;
	free(m->gen);
	free(m);
}

uint64_t genmap_nunits(const struct genmap *m)
{
	return m->nunits;
}

uint64_t genmap_nr_written(const struct genmap *m)
{
	uint64_t i, n = 0;

	for (i = 0; i < m->nunits; i++)
		n += m->gen[i] != 0;
	return n;
}

void genmap_clear(struct genmap *m)
{
	if (m->nunits)
		memset(m->gen, 0, (size_t)m->nunits * sizeof(uint16_t));
}

uint16_t *genmap_data(struct genmap *m)
{
	return m->gen;
}

const uint16_t *genmap_data_const(const struct genmap *m)
{
	return m->gen;
}
