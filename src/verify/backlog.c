/*
 * backlog.c - verify_backlog batches and the verify-phase walk (see
 * backlog.h).
 */
#include "compat.h"

#include "io_u.h"
#include "verify/backlog.h"
#include "verify/genmap.h"
#include "verify/verifier-priv.h"

bool verifier_backlog_due(const struct verifier *v)
{
	return v && v->ring && v->ring_count >= v->c.backlog;
}

static void read_io(struct io_u *u, struct vfile *f, uint64_t off, uint64_t len)
{
	u->file = f;
	u->ddir = DDIR_READ;
	u->offset = off;
	u->len = len;
}

int verifier_backlog_next(struct verifier *v, struct io_u *u)
{
	struct vb_entry *e;

	if (!v->batch_left) {
		unsigned b = v->c.backlog_batch ? v->c.backlog_batch : v->ring_count;

		v->batch_left = b < v->ring_count ? b : v->ring_count;
		if (!v->batch_left) {
			v->ring_count = 0;
			return -ENOENT;
		}
	}
	e = &v->ring[v->ring_head];
	read_io(u, &v->files[e->file], e->offset, e->len);
	v->ring_head = (v->ring_head + 1) % v->ring_cap;
	v->ring_count--;
	if (!--v->batch_left) {
		/* Batch done: anything the batch did not cover is dropped. */
		v->ring_head = (v->ring_head + v->ring_count) % v->ring_cap;
		v->ring_count = 0;
		v->batch_left = 0;
	}
	return 0;
}

void verifier_walk_start(struct verifier *v)
{
	if (!v)
		return;
	v->walk_file = 0;
	v->walk_unit = 0;
	v->batch_left = 0;
	replay_vote(v);
}

/* The next run of units to read in the current file, or false at its end. */
static bool walk_run(struct verifier *v, const struct genmap *m, uint64_t *start,
		     uint64_t *cnt)
{
	uint64_t n = genmap_nunits(m), max_units = v->max_read / v->c.geom.unit_len;

	while (v->walk_unit < n && v->map_valid && !genmap_known(m, v->walk_unit))
		v->walk_unit++;
	if (v->walk_unit >= n)
		return false;
	*start = v->walk_unit;
	*cnt = 0;
	while (*start + *cnt < n && *cnt < max_units &&
	       (!v->map_valid || genmap_known(m, *start + *cnt)))
		(*cnt)++;
	v->walk_unit = *start + *cnt;
	return true;
}

int verifier_walk_next(struct verifier *v, struct io_u *u)
{
	uint32_t U = v->c.geom.unit_len;

	/* verify_only writes nothing: its backlog stays empty, walk the map. */
	if (v->ring && !v->c.verify_only) {
		if (!v->ring_count)
			return -ENOENT;
		v->batch_left = v->ring_count;
		return verifier_backlog_next(v, u);
	}
	while (v->walk_file < v->nr_files) {
		struct vfile *f = &v->files[v->walk_file];
		uint64_t start, cnt;

		if (!walk_run(v, v->maps[v->walk_file], &start, &cnt)) {
			v->walk_file++;
			v->walk_unit = 0;
			continue;
		}
		read_io(u, f, f->io_offset + start * U, cnt * U);
		return 0;
	}
	return -ENOENT;
}
