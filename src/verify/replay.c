/*
 * replay.c - verify_only without a saved state (see verifier.h,
 * "Replay"): the maps a dry run of the job's generator marks, and the
 * writing run learnt from a sample of the written units' headers.
 *
 * Nothing here is on the per-I/O path: marking runs at set-up, the vote
 * once before the first verify-phase read.
 */
#include "compat.h"

#include "fdio.h"
#include "io_u.h"
#include "verify/genmap.h"
#include "verify/verifier-priv.h"

/* Headers read to learn the writing run. */
#define VOTE_SAMPLES 64

bool verifier_replay_wanted(const struct verifier *v)
{
	/* verify_overlap: its journals say what was written (ovjournal.h). */
	return v && v->c.verify_only && !v->state_loaded && v->c.kind != VERIFY_NULL && !v->ovl;
}

void verifier_replay_mark(struct verifier *v, unsigned fi, uint64_t off, uint64_t len)
{
	const struct vfile *f;
	struct genmap *m;
	uint32_t U = v->c.geom.unit_len;
	uint64_t first, end;

	if (fi >= v->nr_files)
		return;
	f = &v->files[fi];
	m = v->maps[fi];
	if (off < f->io_offset)
		return;
	first = (off - f->io_offset) / U;
	end = (off - f->io_offset + len) / U;
	for (uint64_t u = first; u < end && u < genmap_nunits(m); u++)
		genmap_set(m, u, genmap_next(m, u));
}

void verifier_replay_done(struct verifier *v, uint64_t *written, uint64_t *unwritten)
{
	uint64_t w = 0, n = 0;

	for (unsigned i = 0; i < v->nr_files; i++) {
		w += genmap_nr_written(v->maps[i]);
		n += genmap_nunits(v->maps[i]);
	}
	v->replayed = true;
	v->map_valid = true;
	if (written)
		*written = w;
	if (unwritten)
		*unwritten = n - w;
}

bool verifier_replay_run(const struct verifier *v, uint64_t *run_id, uint64_t *seed)
{
	if (!v || !v->run_known)
		return false;
	*run_id = v->run_id;
	*seed = v->seed;
	return true;
}

/* One sampled header: who wrote it, and its generation against the map. */
struct vote {
	uint64_t run_id, seed, time_ns;
	uint16_t base;		/* found generation - marked count, mod 65535 */
};

/* The header of unit u of file fi into h; 0 or -errno. buf: A bytes. */
static int read_header(const struct verifier *v, unsigned fi, uint64_t u,
		       uint8_t *buf, uint64_t A, struct vhdr *h)
{
	const struct vfile *f = &v->files[fi];
	uint64_t off = f->io_offset + u * v->c.geom.unit_len;
	uint64_t at = off + v->c.geom.hdr_off, start = at / A * A;
	ssize_t n;

	if (f->fd < 0)
		return -EBADF;
	n = pread_full(f->fd, buf, A, start, NULL);
	if (n < 0)
		return (int)n;
	if ((uint64_t)n <= at - start)
		return -ENODATA;
	if (vhdr_decode(buf + (at - start), (size_t)n - (at - start), h) < 0 ||
	    h->offset != off || h->unit_len != v->c.geom.unit_len)
		return -EBADMSG;
	return 0;
}

/* The generations 1..65535 a unit marked count times holds from base on. */
static uint16_t base_of(uint64_t found, uint16_t count)
{
	return (uint16_t)((found % GENMAP_GEN_MAX + GENMAP_GEN_MAX - count % GENMAP_GEN_MAX) %
			  GENMAP_GEN_MAX);
}

/* Collect up to VOTE_SAMPLES headers spread over the written units. */
static unsigned sample(const struct verifier *v, struct vote *out, uint8_t *buf,
		       uint64_t A)
{
	uint64_t total = 0, step, seen = 0;
	unsigned n = 0;

	for (unsigned i = 0; i < v->nr_files; i++)
		total += genmap_nr_written(v->maps[i]);
	step = total / VOTE_SAMPLES + 1;
	for (unsigned i = 0; i < v->nr_files && n < VOTE_SAMPLES; i++) {
		const struct genmap *m = v->maps[i];

		for (uint64_t u = 0; u < genmap_nunits(m) && n < VOTE_SAMPLES; u++) {
			struct vhdr h;
			uint16_t c = genmap_get(m, u);

			if (!c || seen++ % step)
				continue;
			if (read_header(v, i, u, buf, A, &h) < 0)
				continue;
			out[n++] = (struct vote){ h.run_id, h.seed, h.time_ns,
						  base_of(h.gen, c) };
		}
	}
	return n;
}

/* The most common run of the sample; on a tie, the newest write. */
static unsigned winner(const struct vote *s, unsigned n)
{
	unsigned best = 0, best_n = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned k = 0;

		for (unsigned j = 0; j < n; j++)
			k += s[j].run_id == s[i].run_id;
		if (k > best_n || (k == best_n && s[i].time_ns > s[best].time_ns)) {
			best = i;
			best_n = k;
		}
	}
	return best;
}

/* Where the winning run's generations started: its most common base. */
static uint16_t common_base(const struct vote *s, unsigned n, uint64_t run_id)
{
	uint16_t best = 0;
	unsigned best_n = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned k = 0;

		if (s[i].run_id != run_id)
			continue;
		for (unsigned j = 0; j < n; j++)
			k += s[j].run_id == run_id && s[j].base == s[i].base;
		if (k > best_n) {
			best = s[i].base;
			best_n = k;
		}
	}
	return best;
}

/* Shift every written unit's expected generation by base. */
static void apply_base(struct verifier *v, uint16_t base)
{
	for (unsigned i = 0; base && i < v->nr_files; i++) {
		struct genmap *m = v->maps[i];

		for (uint64_t u = 0; u < genmap_nunits(m); u++) {
			uint16_t c = genmap_get(m, u);

			if (c)
				genmap_set(m, u, (uint16_t)((c - 1u + base) % GENMAP_GEN_MAX + 1));
		}
	}
}

void replay_vote(struct verifier *v)
{
	struct vote *s;
	uint64_t A = 4096;
	uint8_t *buf;
	unsigned n, w;

	if (v->voted || !v->replayed || !kind_has_header(v->c.kind))
		return;
	v->voted = true;
	for (unsigned i = 0; i < v->nr_files; i++)
		A = MAX_OF(A, (uint64_t)v->files[i].lbs);
	s = calloc(VOTE_SAMPLES, sizeof(*s));
	buf = aligned_alloc(4096, (size_t)((A + 4095) / 4096 * 4096));
	if (s && buf && (n = sample(v, s, buf, A)) > 0) {
		w = winner(s, n);
		v->run_id = s[w].run_id;
		v->seed = s[w].seed;
		v->run_known = true;
		apply_base(v, common_base(s, n, v->run_id));
	}
	free(buf);
	free(s);
}
