/*
 * vstate-glue.c - a verifier's saved state (verify/state.h) against its
 * attached files: what to load, whether it fits, and what to save.
 */
#include "compat.h"

#include "csum.h"
#include "io_u.h"
#include "verify/genmap.h"
#include "verify/journal.h"
#include "verify/state.h"
#include "verify/verifier-priv.h"

const char *verifier_state_path(const struct verifier *v)
{
	return v ? v->state_path : NULL;
}

bool verifier_state_loaded(const struct verifier *v)
{
	return v && v->state_loaded;
}

uint64_t verifier_units_expected(const struct verifier *v)
{
	uint64_t n = 0;

	for (unsigned i = 0; v && i < v->nr_files; i++)
		n += v->map_valid ? genmap_nr_written(v->maps[i]) : genmap_nunits(v->maps[i]);
	return n;
}

/* The state this verifier would save, without maps; files: caller's. */
static void state_want(const struct verifier *v, struct vstate *w,
		       struct vstate_file *files)
{
	memset(w, 0, sizeof(*w));
	w->job_name = v->name;
	w->clone = v->c.clone;
	w->job_index = v->c.job_index;
	w->algo = v->c.geom.csum ? (uint8_t)v->c.geom.csum->id : 0;
	w->unit_len = v->c.geom.unit_len;
	w->sector_size = v->c.geom.sector_size;
	w->hdr_off = v->c.geom.hdr_off;
	w->nr_files = v->nr_files;
	w->files = files;
	for (unsigned i = 0; i < v->nr_files; i++) {
		files[i].name = v->files[i].name;
		files[i].offset = v->files[i].io_offset;
		files[i].size = v->files[i].io_size;
		files[i].nunits = genmap_nunits(v->maps[i]);
		files[i].map = v->maps[i];
	}
}

/* Take over the maps, seed and run id of a loaded state that fits. */
static int adopt_state(struct verifier *v, struct vstate *s, char *why, size_t cap)
{
	struct vstate want;
	struct vstate_file *wf;
	char diff[256];
	int r;

	wf = calloc(v->nr_files ? v->nr_files : 1, sizeof(*wf));
	if (!wf)
		return -ENOMEM;
	state_want(v, &want, wf);
	r = vstate_match(s, &want, diff, sizeof(diff));
	free(wf);
	if (r < 0) {
		snprintf(why, cap, "saved verify state does not match this job: %s", diff);
		return r;
	}
	for (unsigned i = 0; i < v->nr_files; i++) {
		genmap_free(v->maps[i]);
		v->maps[i] = s->files[i].map;
		s->files[i].map = NULL;
	}
	v->seed = s->seed;
	v->run_id = s->run_id;
	v->state_seq = s->seq;
	v->map_valid = true;
	v->state_loaded = true;
	/*
	 * [classes] A version 1 state has one run id, and every rewrite run
	 * that loads it stamps that run id: every unit its map knows was
	 * written by that run.  Not necessarily by this job index, though.
	 */
	v->run_known = true;
	v->writer_known = false;
	return 0;
}

static const char *load_error(int r)
{
	return r == -EILSEQ ? "checksum mismatch, the file is damaged"
	       : r == -EBADMSG ? "not a verio state file, or truncated"
	       : r == -EPROTO ? "made by a newer verio"
			      : strerror(-r);
}

/*
 * After the state: the journal that continues it, if any (whatever the
 * job's own verify_journal says: a crash may have left one).
 */
static int replay_journal(struct verifier *v, char *why, size_t cap)
{
	struct vj_hdr want = {
		.seq = v->state_seq,
		.unit_len = v->c.geom.unit_len,
		.nr_files = v->nr_files,
		.clone = v->c.clone,
		.name_crc = vj_name_crc(v->name),
	};
	struct vj_replay rp;
	int r = vjournal_replay(v->state_path, &want, v->maps, v->nr_files, &rp, why, cap);

	if (r == 0 && rp.used) {
		v->jr_used = true;
		v->jr_from_next = !strcmp(rp.source, VJ_NEXT_SUFFIX);
		v->jr_replayed = rp.records;
		v->inflight = rp.inflight;
		v->nr_inflight = rp.nr_inflight;
		rp.inflight = NULL;
	}
	vj_replay_release(&rp);
	return r;
}

bool verifier_replay_info(const struct verifier *v, uint64_t *records, uint64_t *inflight)
{
	*records = v ? v->jr_replayed : 0;
	*inflight = v ? v->nr_inflight : 0;
	return v && v->jr_used;
}

int verifier_state_load(struct verifier *v, char *why, size_t cap)
{
	struct vstate s;
	int r;

	if (cap)
		why[0] = '\0';
	if (!kind_has_header(v->c.kind) || !(v->c.state_load || v->c.verify_only))
		return 0;
	if (!v->state_path) {
		snprintf(why, cap, "no verify state path");
		return -EINVAL;
	}
	r = vstate_load(v->state_path, &s);
	if (r == -ENOENT && !v->c.state_load)
		return 0;	/* verify_only without state: check headers only */
	if (r < 0) {
		snprintf(why, cap, "cannot load verify state '%s': %s", v->state_path,
			 load_error(r));
		return r;
	}
	r = adopt_state(v, &s, why, cap);
	vstate_release(&s);
	return r < 0 ? r : replay_journal(v, why, cap);
}

int verifier_state_save(struct verifier *v)
{
	int r;

	if (!v->wrote || !v->c.state_save || !kind_has_header(v->c.kind) || !v->state_path ||
	    v->saved_clean)
		return 0;
	/* Without a journal of its own, a replayed one's open units go on. */
	if (v->nr_inflight && !v->jr)
		return verifier_journal_carry(v);
	r = verifier_state_save_seq(v, v->state_seq + 1);
	return r;
}

int verifier_state_save_seq(struct verifier *v, uint64_t seq)
{
	struct vstate s;
	struct vstate_file *f;
	int r;

	if (!kind_has_header(v->c.kind) || !v->state_path)
		return -EINVAL;
	f = calloc(v->nr_files ? v->nr_files : 1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	state_want(v, &s, f);
	s.run_id = v->run_id;
	s.seed = v->seed;
	s.seq = seq;
	r = vstate_save(v->state_path, &s);
	free(f);
	if (r == 0)
		v->state_seq = seq;
	return r;
}
