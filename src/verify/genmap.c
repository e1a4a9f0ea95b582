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
		/* One bit per unit; calloc: no memory used until a trim. */
		m->trim = calloc((size_t)(nunits / 8 + 1), 1);
		if (!m->gen || !m->trim) {
			genmap_free(m);
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
	free(m->trim);
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

void genmap_count_cells(const struct genmap *m, unsigned shift, uint64_t *out)
{
	for (uint64_t i = 0; i < m->nunits; i++)
		out[i >> shift] += m->gen[i] != 0;
}

uint64_t genmap_nr_known(const struct genmap *m)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < m->nunits; i++)
		n += genmap_known(m, i);
	return n;
}

uint64_t genmap_nr_trimmed(const struct genmap *m)
{
	uint64_t n = 0;

	for (uint64_t i = 0; m->any_trim && i < m->nunits; i++)
		n += genmap_trimmed(m, i);
	return n;
}

uint8_t *genmap_trim_bits(struct genmap *m)
{
	return m->trim;
}

const uint8_t *genmap_trim_bits_const(const struct genmap *m)
{
	return m->trim;
}

uint64_t genmap_trim_len(const struct genmap *m)
{
	return (m->nunits + 7) / 8;
}

void genmap_trim_refresh(struct genmap *m)
{
	uint64_t len = genmap_trim_len(m);

	m->any_trim = false;
	for (uint64_t i = 0; i < len; i++)
		if (m->trim[i]) {
			m->any_trim = true;
			break;
		}
}

void genmap_clear(struct genmap *m)
{
	if (m->nunits) {
		memset(m->gen, 0, (size_t)m->nunits * sizeof(uint16_t));
		memset(m->trim, 0, (size_t)genmap_trim_len(m));
	}
	m->any_trim = false;
}

uint16_t *genmap_data(struct genmap *m)
{
	return m->gen;
}

const uint16_t *genmap_data_const(const struct genmap *m)
{
	return m->gen;
}
