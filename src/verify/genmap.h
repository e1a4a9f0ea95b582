/*
 * genmap.h - the generation map: the generation last written to each
 * verify unit of one target file's region (docs/format.md, "Generation
 * map"; DESIGN.md principle 3).
 *
 * One 16-bit entry per unit.  0 means "never written"; a write gives a
 * unit the generation genmap_next() returns: 1, 2, ... 65535, then 1
 * again (never 0).
 *
 * Beside it, one bit per unit says "trimmed": a trim (discard) covered
 * the unit after its last write.  A trim keeps the entry, so the next
 * write still gets a newer generation than any copy of the unit from
 * before the trim; a write (genmap_set()) clears the bit.  Eight units
 * share a byte, and verify threads read the bits of some units while the
 * job's thread writes or trims others: the bits (and any_trim) are read
 * and changed with relaxed atomic operations.  The order that matters
 * (a unit's trim before the read that checks it) comes from the job's
 * own completion path.
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

#include <stdbool.h>
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
	uint8_t *trim;		/* one bit per unit (bit u % 8 of byte u / 8);
				 * relaxed atomic access (see above) */
	bool any_trim;		/* some bit of trim may be set (atomic too) */
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

/*
 * genmap_count_cells() - add to out[u >> shift] one for each written
 * entry u (not 0): the written units per cell of 2^shift units.  Scans
 * the whole map: for reports, not for the per-I/O path.
 */
void genmap_count_cells(const struct genmap *m, unsigned shift, uint64_t *out);

/*
 * genmap_nr_known() - how many units are written or trimmed (those a
 * verify reads back).  Scans the map: not for the per-I/O path.
 */
uint64_t genmap_nr_known(const struct genmap *m);

/*
 * genmap_nr_trimmed() - how many units are trimmed.  Scans the map: for
 * reports and state files, not for the per-I/O path.
 */
uint64_t genmap_nr_trimmed(const struct genmap *m);

/*
 * genmap_trim_bits() - the trimmed bits, genmap_trim_len() bytes (bit
 * u % 8 of byte u / 8 is unit u; the bits past nunits are 0), for saving
 * and loading (state.c); NULL when the map is empty.  After writing them,
 * call genmap_trim_refresh().
 */
uint8_t *genmap_trim_bits(struct genmap *m);
const uint8_t *genmap_trim_bits_const(const struct genmap *m);
uint64_t genmap_trim_len(const struct genmap *m);
void genmap_trim_refresh(struct genmap *m);

/*
 * genmap_known() - has unit anything to check: a written generation, or a
 * trim (even of a unit never written: it reads back as the trim left it)?
 */
static inline bool genmap_known(const struct genmap *m, uint64_t unit);

/* genmap_clear() - set every entry back to 0 (never written, not trimmed). */
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

/*
 * genmap_set() - record that unit now holds generation gen (a write: the
 * unit is no longer trimmed).
 */
static inline void genmap_set(struct genmap *m, uint64_t unit, uint16_t gen)
{
	m->gen[unit] = gen;
	if (__atomic_load_n(&m->any_trim, __ATOMIC_RELAXED))
		__atomic_fetch_and(&m->trim[unit >> 3], (uint8_t)~(1u << (unit & 7)),
				   __ATOMIC_RELAXED);
}

/*
 * genmap_trim() - record that a trim covered unit: its entry stays (the
 * generation of its last write, or 0), the unit reads as trimmed until
 * the next genmap_set().
 */
static inline void genmap_trim(struct genmap *m, uint64_t unit)
{
	__atomic_store_n(&m->any_trim, true, __ATOMIC_RELAXED);
	__atomic_fetch_or(&m->trim[unit >> 3], (uint8_t)(1u << (unit & 7)), __ATOMIC_RELAXED);
}

/* genmap_trimmed() - was unit trimmed after its last write? */
static inline bool genmap_trimmed(const struct genmap *m, uint64_t unit)
{
	return __atomic_load_n(&m->any_trim, __ATOMIC_RELAXED) &&
	       (__atomic_load_n(&m->trim[unit >> 3], __ATOMIC_RELAXED) >> (unit & 7)) & 1;
}

static inline bool genmap_known(const struct genmap *m, uint64_t unit)
{
	return m->gen[unit] || genmap_trimmed(m, unit);
}

#endif /* VERIO_VERIFY_GENMAP_H */
