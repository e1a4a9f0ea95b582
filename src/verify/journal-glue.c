/*
 * journal-glue.c - a verifier's write-intent journal (verify/journal.h)
 * against its maps and files: intents, completions, syncs, checkpoints.
 *
 * The hot-path calls (intent, commit, done, failed, synced) only encode
 * records into the journal's preallocated buffer; commit writes and syncs
 * it once per batch.  An append that fails (a full buffer flushed early)
 * is kept in v->jerr and returned by the next commit, which the worker
 * turns into a job error: a write is never submitted past a journal that
 * could not record it.
 */
#include "compat.h"

#include "io_u.h"
#include "verify/genmap.h"
#include "verify/journal.h"
#include "verify/overlap.h"
#include "verify/ovjournal.h"
#include "verify/verifier-priv.h"

bool verifier_journals(const struct verifier *v)
{
	return v && (v->jr || v->ovj);
}

/* verify_overlap: an overlap journal record of the unit at byte off of file fi. */
static void ov_add(struct verifier *v, uint8_t type, unsigned fi, uint64_t off, uint32_t ticket)
{
	const struct ovj_rec r = { .type = type, .file = (uint16_t)fi, .blk = off / 512,
				   .ticket = ticket };
	int e = ovj_add(v->ovj, &r);

	if (e < 0 && !v->jerr)
		v->jerr = e;
}

void verifier_ovj_done(struct verifier *v, unsigned fi, uint64_t off, uint32_t ticket)
{
	ov_add(v, OVJ_DONE, fi, off, ticket);
}

static void add(struct verifier *v, const struct vj_rec *r)
{
	int e = vjournal_add(v->jr, r);

	if (e < 0 && !v->jerr)
		v->jerr = e;
}

int verifier_journal_intent(struct verifier *v, const struct io_u *u)
{
	unsigned fi = file_index(v, u->file);

	if (v->ovj) {
		uint32_t U = v->c.geom.unit_len, n = (uint32_t)(u->len / U);

		for (uint32_t k = 0; k < n; k++)
			ov_add(v, OVJ_INTENT, fi, u->offset + (uint64_t)k * U,
			       verifier_ovl_ticket(v, u, k));
		return v->jerr;
	}
	{
	uint64_t unit = unit_index(v, u, 0);
	struct vj_rec r = {
		.type = VJ_INTENT,
		.file = fi,
		.unit = unit,
		.count = (uint32_t)(u->len / v->c.geom.unit_len),
		.gen = genmap_next(v->maps[fi], unit),
	};

	add(v, &r);
	return v->jerr;
	}
}

int verifier_journal_commit(struct verifier *v)
{
	if (v && v->ovj)
		return v->jerr ? v->jerr : ovj_need_flush(v->ovj) ? ovj_flush(v->ovj) : 0;
	if (!v || !v->jr)
		return 0;
	if (v->jerr)
		return v->jerr;
	return vjournal_need_flush(v->jr) ? vjournal_flush(v->jr) : 0;
}

void verifier_journal_done(struct verifier *v, unsigned fi, uint64_t unit, uint32_t n)
{
	if (v->jr) {
		struct vj_rec r = { .type = VJ_DONE, .file = fi, .unit = unit, .count = n };

		add(v, &r);
	}
	/* A unit a crash left open is settled once rewritten (durably: see
	 * verifier_checkpoint() for buffered I/O). */
	for (uint32_t k = 0; v->nr_inflight && k < n; k++) {
		struct vj_inflight *e = vj_inflight_find(v->inflight, v->nr_inflight, fi,
							 unit + k);

		if (e)
			e->resolved = 1;
	}
}

/*
 * Unit (fi, unit) may hold floor or anything up to its map's generation:
 * keep it in the sorted in-flight list (the error path: it may allocate).
 */
static int mark_open(struct verifier *v, unsigned fi, uint64_t unit, uint16_t floor)
{
	struct vj_inflight *e = vj_inflight_find(v->inflight, v->nr_inflight, fi, unit), *n;
	size_t at = 0;

	if (e) {
		e->resolved = 0;	/* its floor stays: older still possible */
		return 0;
	}
	n = realloc(v->inflight, (v->nr_inflight + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	v->inflight = n;
	while (at < v->nr_inflight && (n[at].file < fi || (n[at].file == fi && n[at].unit < unit)))
		at++;
	memmove(n + at + 1, n + at, (v->nr_inflight - at) * sizeof(*n));
	n[at] = (struct vj_inflight){ .unit = unit, .file = fi, .floor = floor };
	v->nr_inflight++;
	return 0;
}

/*
 * With a journal, a write that failed with an I/O error may still have
 * landed, in part: its units may hold the old or the new generation from
 * now on, until a later write settles them.  The map moves on (so the
 * next write stamps above both, as the replay of the FAILED record does),
 * and the units are judged as in flight, also at later checkpoints.
 */
void verifier_write_failed(struct verifier *v, const struct io_u *u)
{
	struct vj_rec r = { .type = VJ_FAILED };
	struct genmap *m;

	if (!v || !v->jr)
		return;
	r.file = file_index(v, u->file);
	r.unit = unit_index(v, u, 0);
	r.count = (uint32_t)(u->len / v->c.geom.unit_len);
	add(v, &r);
	m = v->maps[r.file];
	for (uint64_t k = r.unit; k < r.unit + r.count; k++) {
		int e = mark_open(v, r.file, k, genmap_get(m, k));

		if (e < 0 && !v->jerr)
			v->jerr = e;
		genmap_set(m, k, genmap_next(m, k));
	}
}

void verifier_synced(struct verifier *v, const struct vfile *f)
{
	struct vj_rec r = { .type = VJ_SYNC };

	if (v && v->ovj) {
		ov_add(v, OVJ_SYNC, file_index(v, f), 0, 0);
		return;
	}
	if (!v || !v->jr)
		return;
	r.file = file_index(v, f);
	add(v, &r);
}

bool verifier_checkpoint_due(const struct verifier *v)
{
	return v && v->jr && vjournal_records(v->jr) >= v->c.journal_records;
}

/* Buffered I/O: what was acknowledged is durable only once synced. */
static int sync_files(const struct verifier *v)
{
	for (unsigned i = 0; i < v->nr_files; i++) {
		int fd = v->files[i].fd;

		if (fd >= 0 && (v->files[i].flags & VFILE_F_OPEN) && fdatasync(fd) &&
		    errno != EINVAL && errno != EROFS)
			return -errno;
	}
	return 0;
}

/* Drop the settled crash-open units; the others carry over. */
static struct vj_rec *carry_over(struct verifier *v, size_t *n)
{
	struct vj_rec *c;
	size_t k = 0;

	for (size_t i = 0; i < v->nr_inflight; i++)
		if (!v->inflight[i].resolved)
			v->inflight[k++] = v->inflight[i];
	v->nr_inflight = k;
	c = calloc(k ? k : 1, sizeof(*c));
	if (!c)
		return NULL;
	for (size_t i = 0; i < k; i++) {
		const struct vj_inflight *e = &v->inflight[i];

		c[i] = (struct vj_rec){
			.type = VJ_CARRY,
			.file = e->file,
			.unit = e->unit,
			.count = 1,
			.gen = genmap_get(v->maps[e->file], e->unit),
			.old = e->floor,
		};
	}
	*n = k;
	return c;
}

/*
 * Stage the next journal, save the state it continues, install it.  A
 * crash before the state is saved leaves the old state and journal (the
 * staged file has a seq no state has: ignored); after it, the new state
 * and the staged journal, which replay finds by its seq; after the
 * rename, the new pair.  The old journal is never needed again once the
 * new state is saved: that state holds every write it recorded.
 */
int verifier_checkpoint(struct verifier *v)
{
	struct vj_hdr h = {
		.seq = v->seq + 1,
		.run_id = v->run_id,
		.flags = v->c.journal_buffered ? VJ_F_BUFFERED : 0,
		.unit_len = v->c.geom.unit_len,
		.nr_files = v->nr_files,
		.clone = v->c.clone,
		.name_crc = vj_name_crc(v->name),
		.gen_base = v->gen_base,
	};
	struct vj_rec *carry;
	size_t n = 0;
	int r = v->jerr;

	if (!r)
		r = vjournal_flush(v->jr);
	if (!r && v->c.journal_buffered)
		r = sync_files(v);
	if (r)
		return r;
	carry = carry_over(v, &n);
	if (!carry)
		return -ENOMEM;
	r = vjournal_stage(v->jr, &h, carry, n);
	free(carry);
	if (!r)
		r = verifier_state_save_seq(v, h.seq, v->ending);
	if (!r)
		r = vjournal_install(v->jr);
	return r;
}

/*
 * The journal a replay used was the staged one (a crash inside a
 * checkpoint): make it the journal before staging anything over it.
 */
static int promote(struct verifier *v)
{
	int r = 0;

	if (v->jr_from_next)
		r = vjournal_promote(v->state_path);
	if (!r)
		v->jr_from_next = false;
	return r;
}

/* verify_overlap + verify_journal: a new overlap journal for this run. */
static int ovj_start(struct verifier *v)
{
	const struct ovj_hdr h = {
		.flags = v->c.journal_buffered ? OVJ_F_BUFFERED : 0,
		.unit_len = v->c.geom.unit_len,
		.nr_files = v->nr_files,
		.clone = v->c.clone,
		.name_crc = vj_name_crc(v->name ? v->name : ""),
		.run_id = v->run_id,
		.seed = v->seed,
	};
	char path[4096];
	int r = ovj_path(path, sizeof(path), v->state_path);

	if (r)
		return r;
	v->ovj = ovj_create(path, &h, v->c.journal_batch, &r);
	return v->ovj ? 0 : r;
}

int verifier_journal_start(struct verifier *v)
{
	int r;

	if (v && v->ovl && v->c.journal && v->state_path && v->c.writes && !v->c.verify_only &&
	    !v->ovj)
		return ovj_start(v);
	if (!v || !v->c.journal || !kind_has_header(v->c.kind) || !v->state_path ||
	    !v->c.writes || v->c.verify_only || v->jr)
		return 0;
	/* A crash could not tell a trimmed unit's old content from a lost
	 * write: the journal does not know trims. */
	for (unsigned i = 0; i < v->nr_files; i++)
		if (genmap_nr_trimmed(v->maps[i]))
			return -EOPNOTSUPP;
	r = promote(v);
	if (r)
		return r;
	v->jr = vjournal_new(v->state_path, v->c.journal_batch, &r);
	if (!v->jr)
		return r;
	return verifier_checkpoint(v);
}

/*
 * A state saved without a journal being written, while a replayed one
 * left units undecided: a journal of CARRY records continues the new
 * state, so the next reader still knows.  Nothing when all are settled.
 */
int verifier_journal_carry(struct verifier *v)
{
	struct vj_hdr h = {
		.seq = v->seq + 1,
		.run_id = v->run_id,
		.unit_len = v->c.geom.unit_len,
		.nr_files = v->nr_files,
		.clone = v->c.clone,
		.name_crc = vj_name_crc(v->name),
		.gen_base = v->gen_base,
	};
	struct vjournal *j;
	struct vj_rec *carry;
	size_t n = 0;
	int r;

	r = promote(v);
	if (r)
		return r;
	carry = carry_over(v, &n);
	if (!carry)
		return -ENOMEM;
	if (!n) {
		free(carry);
		return verifier_state_save_seq(v, h.seq, v->ending);
	}
	j = vjournal_new(v->state_path, 1, &r);
	if (j) {
		r = vjournal_stage(j, &h, carry, n);
		if (!r)
			r = verifier_state_save_seq(v, h.seq, v->ending);
		if (!r)
			r = vjournal_install(j);
	}
	vjournal_free(j);
	free(carry);
	return r;
}

int verifier_journal_finish(struct verifier *v)
{
	int r;

	if (v && v->ovj) {
		r = ovj_close(v->ovj);
		v->ovj = NULL;
		return v->jerr ? v->jerr : r;
	}
	if (!v || !v->jr)
		return 0;
	v->ending = true;
	r = verifier_checkpoint(v);
	if (!r)
		v->saved_clean = true;
	vjournal_free(v->jr);
	v->jr = NULL;
	return r;
}
