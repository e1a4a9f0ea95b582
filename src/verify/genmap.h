/*
 * genmap.h - the generation map: the generation last written to each
 * verify unit of one target file's region (docs/format.md, "Generation
 * map"; DESIGN.md principle 3).
 *
 * One 16-bit entry per unit.  0 means "never written"; a write gives a
 * unit the generation genmap_next() returns: 1, 2, ... 65535, then 1
 * again (never 0).
 *
 * One map per target file: a job with several files keeps one map in
 * each file's state (struct vstate_file has one map per file, too), and
 * unit u of a file covers bytes [offset + u * U, offset + (u + 1) * U) of
 * that file's region, U being the verify unit length.
 *
 * Hot path: genmap_get(), genmap_next() and genmap_set() are inline
 * array accesses with no lock, no branch on the map's state and no
 * bounds check: the caller passes unit < genmap_nunits() (the I/O
 * generator only produces offsets inside the region).  A map belongs to
 * one job thread; the only allocation is in genmap_new().
 */
#ifndef VERIO_VERIFY_GENMAP_H
#define VERIO_VERIFY_GENMAP_H

#include <stddef.h>
#include <stdint.h>

/* The largest generation; the one after it is 1. */
#define GENMAP_GEN_MAX 65535u

/*
 * Public only so that the accessors below can be inline: use the
 * functions, never the members.
 */
struct genmap {
	uint64_t nunits;
	uint16_t *gen;		/* nunits entries, host byte order */
	uint16_t base;		/* first generation of this run (1 by default) */
};

/*
 * genmap_new() - a map of nunits entries, all 0 (never written).
 * nunits may be 0 (an empty region).  Returns NULL with errno = ENOMEM
 * when the entries cannot be allocated.  The entries come from calloc,
 * so a large map costs memory only where units get written.
 */
struct genmap *genmap_new(uint64_t nunits);

/* genmap_free() - release the map; NULL is fine. */
void genmap_free(struct genmap *m);

/* genmap_nunits() - the number of entries the map was created with. */
uint64_t genmap_nunits(const struct genmap *m);

/*
 * genmap_nr_written() - how many entries are not 0.  Scans the whole
 * map: for reports and state files, not for the per-I/O path.
 */
uint64_t genmap_nr_written(const struct genmap *m);

/* genmap_clear() - set every entry back to 0 (never written). */
void genmap_clear(struct genmap *m);

/*
 * genmap_data() / genmap_data_const() - the raw entries, genmap_nunits()
 * of them in host byte order, for saving and loading the map (vstate.c).
 * NULL when the map is empty.
 */
uint16_t *genmap_data(struct genmap *m);
const uint16_t *genmap_data_const(const struct genmap *m);

/* genmap_get() - the generation last written to unit (0: never). */
static inline uint16_t genmap_get(const struct genmap *m, uint64_t unit)
{
	return m->gen[unit];
}

/*
 * genmap_next_gen() - the generation after g: g + 1, with GENMAP_GEN_MAX
 * followed by 1.  0 (never written) is followed by 1.
 */
static inline uint16_t genmap_next_gen(uint16_t g)
{
	return g == GENMAP_GEN_MAX ? 1 : (uint16_t)(g + 1);
}

/*
 * genmap_next() - the generation a new write of unit gets.  Does not
 * change the map: the writer stamps the buffer with it, then records it
 * with genmap_set().  A unit whose generation is below the map's base
 * (genmap_set_base(): written by an earlier run, or never) gets the base;
 * others the next one, GENMAP_GEN_MAX being followed by the base.  With
 * the default base 1 that is genmap_next_gen() of the entry.
 */
static inline uint16_t genmap_next(const struct genmap *m, uint64_t unit)
{
	uint16_t g = m->gen[unit];

	return g < m->base || g == GENMAP_GEN_MAX ? m->base : (uint16_t)(g + 1);
}

/*
 * genmap_set_base() - the first generation of this run (1..GENMAP_GEN_MAX):
 * a run that continues a saved state passes the saved maximum + 1, so
 * that every unit it writes reads as newer than anything an earlier run
 * left, and the generations of one run never mix with an earlier run's.
 */
static inline void genmap_set_base(struct genmap *m, uint16_t base)
{
	m->base = base ? base : 1;
}

/* genmap_set() - record that unit now holds generation gen. */
static inline void genmap_set(struct genmap *m, uint64_t unit, uint16_t gen)
{
	m->gen[unit] = gen;
}

#endif /* VERIO_VERIFY_GENMAP_H */
