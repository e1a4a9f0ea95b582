/*
 * vmap.h - the verify map of one target file: its region cut into at
 * most VMAP_CELLS_MAX cells of a power-of-two number of verify units, and
 * per cell how many unit reads verified good, how many failed, and the
 * failures by class (docs/json.md, "map").
 *
 * The verifier keeps one per attached file.  vmap_tally() is on the hot
 * path: relaxed atomic adds into arrays made by vmap_new(), because
 * verify threads judge reads at the same time; the cell of a unit is a
 * shift.  vmap_fail() is the failure path only: it takes the map's lock
 * and may allocate.
 */
#ifndef VERIO_VERIFY_VMAP_H
#define VERIO_VERIFY_VMAP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* The most cells a map has, however large the region. */
#define VMAP_CELLS_MAX 1024u

/* Failures of one class in one cell. */
struct vmap_fail {
	uint32_t cell;
	unsigned cls;			/* enum vclass */
	uint64_t count;
};

/* Public only so that vmap_tally() can be inline: use the functions. */
struct vmap {
	uint64_t nunits;
	uint32_t unit;			/* bytes per unit */
	unsigned shift;			/* a cell is 1 << shift units */
	uint32_t cells;
	_Atomic uint64_t *verified, *failed;	/* cells each */
	pthread_mutex_t lock;		/* the failure path's: fails */
	struct vmap_fail *fails;	/* sorted by cell, then class */
	size_t nr_fails, cap_fails;
};

/*
 * vmap_shift() - the fewest doublings of one unit that cut nunits units
 * into at most VMAP_CELLS_MAX cells; vmap_cells() - how many cells they
 * make (the last may be partial; 0 for an empty region).
 */
unsigned vmap_shift(uint64_t nunits);
uint32_t vmap_cells(uint64_t nunits, unsigned shift);

/* vmap_new() - a map of nunits units of unit bytes, all counts 0; NULL:
 * no memory. */
struct vmap *vmap_new(uint64_t nunits, uint32_t unit);

/* vmap_free() - NULL is fine. */
void vmap_free(struct vmap *m);

/* Hot path: ok units verified good and bad ones failed in the cell of unit. */
static inline void vmap_tally(struct vmap *m, uint64_t unit, uint64_t ok, uint64_t bad)
{
	uint64_t c = unit >> m->shift;

	if (ok)
		atomic_fetch_add_explicit(&m->verified[c], ok, memory_order_relaxed);
	if (bad)
		atomic_fetch_add_explicit(&m->failed[c], bad, memory_order_relaxed);
}

/* Failure path: one failure of class cls at unit.  0 or -ENOMEM. */
int vmap_fail(struct vmap *m, uint64_t unit, unsigned cls);

/* After the checking ended: the counts of cell c. */
uint64_t vmap_verified(const struct vmap *m, uint32_t c);
uint64_t vmap_failed(const struct vmap *m, uint32_t c);

/* After the checking ended: the failures by cell and class, *nr of them. */
const struct vmap_fail *vmap_fails(const struct vmap *m, size_t *nr);

#endif /* VERIO_VERIFY_VMAP_H */
