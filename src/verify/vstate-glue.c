/*
 * vstate-glue.c - a verifier's saved state (verify/state.h) against its
 * attached files: what to load, whether it fits (job, layout, target
 * identity), how a writer continues it (generations above the saved
 * maximum, one more entry in the runs table), and what to save.
 *
 * Not on the per-I/O path: everything here runs at job start, at a
 * checkpoint (no I/O in flight) or at the job's end.
 */
#include "compat.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>

#include "csum.h"
#include "fdio.h"
#include "io_u.h"
#include "timeutil.h"
#include "verify/genmap.h"
#include "verify/journal.h"
#include "verify/state.h"
#include "verify/verifier-priv.h"

/* Saved maxima this close to the top leave too few generations for a run. */
#define GEN_HEADROOM 1024u

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
		n += v->map_valid ? genmap_nr_known(v->maps[i]) : genmap_nunits(v->maps[i]);
	return n;
}

bool verifier_state_info(const struct verifier *v, bool *clean, uint64_t *seq)
{
	if (clean)
		*clean = v && v->state_clean;
	if (seq)
		*seq = v ? v->seq : 0;
	return v && v->state_loaded;
}

/*
 * What the file is, whatever name reached it: kind, st_dev/st_ino or
 * st_rdev, size, real path (malloc'd, or NULL).  A file that cannot be
 * stat'ed (not created yet) stays VSTATE_KIND_OTHER: matched by name.
 */
static void identity(const struct vfile *f, struct vstate_file *out)
{
	struct stat st;
	char rp[PATH_MAX];
	int r = f->fd >= 0 ? fstat(f->fd, &st) : stat(f->name, &st);

	out->kind = VSTATE_KIND_OTHER;
	out->realpath = realpath(f->name, rp) ? strdup(rp) : NULL;
	if (r)
		return;
	if (S_ISBLK(st.st_mode)) {
		uint64_t size = f->real_size;
		int fd = f->fd >= 0 ? f->fd : open(f->name, O_RDONLY | O_CLOEXEC);

		if (fd >= 0 && ioctl(fd, BLKGETSIZE64, &size))
			size = f->real_size;
		if (fd >= 0 && fd != f->fd)
			close(fd);
		out->kind = VSTATE_KIND_BLOCK;
		out->rdev = (uint64_t)st.st_rdev;
		out->target_size = size;
	} else if (S_ISREG(st.st_mode)) {
		out->kind = VSTATE_KIND_FILE;
		out->target_size = (uint64_t)st.st_size;
	}
	out->dev = (uint64_t)st.st_dev;
	out->ino = (uint64_t)st.st_ino;
}

/* The state this verifier would save, without runs; files: caller's,
 * released with want_release(). */
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
	w->layout = v->c.geom.layout;
	w->fio_layout = v->c.geom.layout == VLAYOUT_FIO ? v->c.geom.fio_layout : 0;
	w->piece_len = v->c.geom.layout ? v->c.geom.piece_len : 0;
	w->nr_files = v->nr_files;
	w->files = files;
	for (unsigned i = 0; i < v->nr_files; i++) {
		files[i].name = v->files[i].name;
		files[i].offset = v->files[i].io_offset;
		files[i].size = v->files[i].io_size;
		files[i].nunits = genmap_nunits(v->maps[i]);
		files[i].map = v->maps[i];
		identity(&v->files[i], &files[i]);
	}
}

static void want_release(struct vstate_file *files, unsigned nr)
{
	for (unsigned i = 0; files && i < nr; i++)
		free(files[i].realpath);
	free(files);
}

/*
 * This run's entry in the runs table: it writes generations
 * base..GENMAP_GEN_MAX (the maps are told).  0 or -ENOMEM.
 */
/*
 * The data seeds of the runs table, for the diagnosis of a tear across
 * runs, and the peers' (verifier_peer_seeds()).
 */
static int refresh_seeds(struct verifier *v)
{
	size_t n = (size_t)v->nr_runs + v->nr_peer_seeds;
	uint64_t *p = realloc(v->run_seeds, (n ? n : 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	v->run_seeds = p;
	for (unsigned i = 0; i < v->nr_runs; i++)
		p[i] = v->runs[i].seed;
	for (unsigned i = 0; i < v->nr_peer_seeds; i++)
		p[v->nr_runs + i] = v->peer_seeds[i];
	v->nr_run_seeds = (uint32_t)n;
	return 0;
}

int verifier_peer_seeds(struct verifier *v, const uint64_t *seeds, unsigned n)
{
	uint64_t *p = malloc((n ? n : 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	memcpy(p, seeds, n * sizeof(*p));
	free(v->peer_seeds);
	v->peer_seeds = p;
	v->nr_peer_seeds = n;
	return refresh_seeds(v);
}

static int begin_run(struct verifier *v, uint16_t base)
{
	struct vstate_run *r;

	if (v->nr_runs == v->runs_cap) {
		unsigned cap = v->runs_cap ? 2 * v->runs_cap : 4;

		r = realloc(v->runs, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		v->runs = r;
		v->runs_cap = cap;
	}
	r = &v->runs[v->nr_runs];
	r->run_id = v->run_id;
	r->seed = v->seed;
	r->start_ms = v->start_ms;
	r->first_gen = base;
	r->last_gen = GENMAP_GEN_MAX;
	v->cur_run = (int)v->nr_runs++;
	v->gen_base = base;
	for (unsigned i = 0; i < v->nr_files; i++)
		genmap_set_base(v->maps[i], base);
	return refresh_seeds(v);
}

int verifier_state_begin(struct verifier *v)
{
	v->start_ms = now_realtime_ms();
	v->cur_run = -1;
	if (!v->c.writes || v->c.verify_only)
		return 0;
	return begin_run(v, 1);
}

/* Is a loaded state one a writer can continue? 0, or -ERANGE with why. */
static int continuable(const struct vstate *s, uint16_t max, char *why, size_t cap)
{
	if (max > GENMAP_GEN_MAX - GEN_HEADROOM) {
		snprintf(why, cap, "its generations are used up (highest %u of %u)",
			 max, GENMAP_GEN_MAX);
		return -ERANGE;
	}
	if (s->nr_runs >= VSTATE_RUNS_MAX) {
		snprintf(why, cap, "its runs table is full (%u runs)", s->nr_runs);
		return -ERANGE;
	}
	return 0;
}

/* Units sampled by a writer before it continues a saved state. */
#define MEDIA_SAMPLES 16

/* Did one of the state's runs write the header found in buf? */
static bool header_of_state(const struct vstate *s, const uint8_t *p, size_t avail,
			    uint64_t off)
{
	struct vhdr h;

	if (vhdr_decode(p, avail, &h) < 0 || h.offset != off)
		return false;
	if (h.run_id == s->run_id)
		return true;
	for (unsigned i = 0; i < s->nr_runs; i++)
		if (s->runs[i].run_id == h.run_id)
			return true;
	return false;
}

/*
 * Does a saved state still describe the media?  A file deleted and made
 * again can get the inode number of the one the state was saved for, and
 * a writer that continued that state would then verify, after its writes,
 * units of the old file the new one never held.  Sample up to
 * MEDIA_SAMPLES written units spread over the maps: when some read back
 * and none carries a header of the state's runs, the files are not the
 * ones the state recorded.  0 (they are, or nothing could be read, or the
 * layout has no native header to tell), -ESTALE with why, -ENOMEM.
 */
static int state_on_media(const struct verifier *v, const struct vstate *s,
			  char *why, size_t cap)
{
	uint64_t A = 4096, total = 0, seen = 0, step;
	unsigned read = 0, ours = 0;
	uint8_t *buf;

	if (s->layout == VLAYOUT_FIO)
		return 0;
	for (unsigned i = 0; i < v->nr_files; i++) {
		A = MAX_OF(A, (uint64_t)v->files[i].lbs);
		total += genmap_nr_written(s->files[i].map);
	}
	if (!total)
		return 0;
	buf = aligned_alloc(4096, (size_t)((A + 4095) / 4096 * 4096));
	if (!buf)
		return -ENOMEM;
	step = (total + MEDIA_SAMPLES - 1) / MEDIA_SAMPLES;
	for (unsigned i = 0; i < v->nr_files && !ours && read < MEDIA_SAMPLES; i++) {
		const struct vfile *f = &v->files[i];
		const struct genmap *m = s->files[i].map;

		for (uint64_t u = 0; u < genmap_nunits(m) && !ours && read < MEDIA_SAMPLES; u++) {
			uint64_t off = f->io_offset + u * s->unit_len;
			uint64_t at = off + s->hdr_off, start = at / A * A;
			ssize_t n;

			/* A trimmed unit holds no header to tell. */
			if (!genmap_get(m, u) || genmap_trimmed(m, u) || seen++ % step ||
			    f->fd < 0)
				continue;
			n = pread_full(f->fd, buf, A, start, NULL);
			if (n < 0)
				continue;	/* an I/O error is for the run to report */
			read++;
			if ((uint64_t)n > at - start &&
			    header_of_state(s, buf + (at - start), (size_t)n - (at - start), off))
				ours++;
		}
	}
	free(buf);
	if (!read || ours)
		return 0;
	snprintf(why, cap, "its files do not hold what it recorded (none of %u written units "
		 "read back carries a header of its runs: the target was made again or "
		 "overwritten)", read);
	return -ESTALE;
}

/*
 * Take over the maps and runs of a loaded state that fits.  A reader
 * takes its seed and run id too (dumps regenerate with them); a writer
 * keeps its own and writes above the saved maximum.
 */
static int adopt_state(struct verifier *v, struct vstate *s, char *why, size_t cap)
{
	bool writer = v->c.writes && !v->c.verify_only;
	struct vstate want;
	struct vstate_file *wf;
	char diff[512];
	uint16_t max = 0;
	int r;

	wf = calloc(v->nr_files ? v->nr_files : 1, sizeof(*wf));
	if (!wf)
		return -ENOMEM;
	state_want(v, &want, wf);
	r = vstate_match(s, &want, diff, sizeof(diff));
	want_release(wf, v->nr_files);
	if (r < 0) {
		snprintf(why, cap, "saved verify state does not match this job: %s", diff);
		return r;
	}
	if (writer) {
		max = vstate_max_gen(s);
		r = continuable(s, max, diff, sizeof(diff));
		if (r < 0) {
			snprintf(why, cap, "saved verify state cannot be continued: %s", diff);
			return r;
		}
		r = state_on_media(v, s, diff, sizeof(diff));
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			snprintf(why, cap, "saved verify state does not match this job: %s", diff);
			return r;
		}
	}
	for (unsigned i = 0; i < v->nr_files; i++) {
		genmap_free(v->maps[i]);
		v->maps[i] = s->files[i].map;
		s->files[i].map = NULL;
	}
	free(v->runs);
	v->runs = s->runs;
	v->nr_runs = v->runs_cap = s->nr_runs;
	s->runs = NULL;
	s->nr_runs = 0;
	if (refresh_seeds(v))
		return -ENOMEM;
	v->cur_run = -1;
	v->seq = s->seq;
	v->loaded_run_id = s->run_id;
	v->loaded_seed = s->seed;
	v->state_clean = s->flags & VSTATE_F_CLEAN;
	v->state_trims = s->flags & VSTATE_F_TRIM;
	v->map_valid = true;
	v->state_loaded = true;
	/* The runs table says which run wrote each generation (verifier_check). */
	v->writer_known = false;
	if (!writer) {
		v->seed = s->seed;
		v->run_id = s->run_id;
		return 0;
	}
	/* This run's generations start above the map's maximum once the
	 * journal (if any) has been replayed into it: begin_loaded_run(). */
	v->begin_pending = true;
	return 0;
}

/* The highest generation at or above floor any map holds, 0 if none (a
 * scan: the setup path and saves only). */
static uint16_t maps_max_gen(const struct verifier *v, uint16_t floor)
{
	uint16_t max = 0;

	for (unsigned i = 0; i < v->nr_files; i++) {
		const uint16_t *g = genmap_data_const(v->maps[i]);
		uint64_t n = genmap_nunits(v->maps[i]);

		for (uint64_t u = 0; g && u < n; u++)
			if (g[u] >= floor && g[u] > max)
				max = g[u];
	}
	return max;
}

/*
 * A writer that loaded a state: its run starts above every generation the
 * state and its journal (acknowledged and in-flight writes) recorded, so
 * no generation of an earlier run is ever given again.
 */
static int begin_loaded_run(struct verifier *v, char *why, size_t cap)
{
	uint16_t max;

	if (!v->begin_pending)
		return 0;
	v->begin_pending = false;
	max = maps_max_gen(v, 0);
	/* A run that crashed left its range open: it ends at what it wrote. */
	for (unsigned i = 0; i < v->nr_runs; i++)
		if (v->runs[i].last_gen > max && v->runs[i].first_gen <= max)
			v->runs[i].last_gen = max;
	if (max > GENMAP_GEN_MAX - GEN_HEADROOM) {
		snprintf(why, cap, "saved verify state '%s' cannot be continued: its generations "
			 "are used up (highest %u of %u)", v->state_path, max, GENMAP_GEN_MAX);
		return -ERANGE;
	}
	return begin_run(v, (uint16_t)(max + 1));
}

/*
 * After the state: the journal that continues it, if any (whatever the
 * job's own verify_journal says: a crash may have left one).
 */
static int replay_journal(struct verifier *v, char *why, size_t cap)
{
	struct vj_hdr want = {
		.seq = v->seq,
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
			 vstate_load_error(r));
		return r;
	}
	r = adopt_state(v, &s, why, cap);
	vstate_release(&s);
	if (r < 0)
		return r;
	r = replay_journal(v, why, cap);
	return r < 0 ? r : begin_loaded_run(v, why, cap);
}

int verifier_state_save(struct verifier *v, bool clean)
{
	if (!v->wrote || !v->c.state_save || !kind_has_header(v->c.kind) || !v->state_path ||
	    v->saved_clean)
		return 0;
	v->ending = clean;
	/* A journal being written: the state and it move on together. */
	if (v->jr)
		return verifier_checkpoint(v);
	/* Without a journal of its own, a replayed one's open units go on. */
	if (v->nr_inflight)
		return verifier_journal_carry(v);
	return verifier_state_save_seq(v, v->seq + 1, clean);
}

/*
 * A writer starts a new state: a journal beside the old one continues that
 * one, and replayed over the new it would move generations no write of the
 * new state made.  Returns ret, or the error removing it.
 */
static int new_state(struct verifier *v, int ret, char *why, size_t cap)
{
	int r = vjournal_discard(v->state_path);

	if (r < 0) {
		snprintf(why, cap, "cannot remove the old journal of verify state '%s': %s",
			 v->state_path, strerror(-r));
		return r;
	}
	return ret;
}

int verifier_state_continue(struct verifier *v, char *why, size_t cap)
{
	struct vstate s;
	uint64_t seq;
	int r;

	if (cap)
		why[0] = '\0';
	if (!kind_has_header(v->c.kind) || !v->c.writes || v->c.verify_only ||
	    !v->c.state_save || v->state_loaded || !v->state_path)
		return 0;
	r = vstate_load(v->state_path, &s);
	if (r == -ENOENT)
		return new_state(v, 0, why, cap);
	if (r < 0) {
		snprintf(why, cap, "cannot load verify state '%s' (%s): starting a new one",
			 v->state_path, vstate_load_error(r));
		return new_state(v, 1, why, cap);
	}
	seq = s.seq;
	r = adopt_state(v, &s, why, cap);
	vstate_release(&s);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		size_t n = strlen(why);

		snprintf(why + n, cap - n, " ('%s'); starting a new one", v->state_path);
		/* Numbered on from the one it replaces. */
		v->seq = seq;
		return new_state(v, 1, why, cap);
	}
	/*
	 * A crashed run's journal continues the state: its acknowledged
	 * writes are in the map, its writes in flight stay undecided (and are
	 * carried on), or this run would judge them against an older map.
	 */
	r = replay_journal(v, why, cap);
	if (r < 0)
		return r;
	return begin_loaded_run(v, why, cap);
}


/* The runs table as saved: this run's range ends at what it wrote (at the
 * job's end; open at a checkpoint). */
static int saved_runs(const struct verifier *v, struct vstate *s, bool clean)
{
	uint16_t last = v->cur_run >= 0 ? maps_max_gen(v, v->gen_base) : 0;

	s->runs = calloc(v->nr_runs ? v->nr_runs : 1, sizeof(*s->runs));
	if (!s->runs)
		return -ENOMEM;
	for (unsigned i = 0; i < v->nr_runs; i++) {
		if ((int)i == v->cur_run) {
			/*
			 * A checkpoint: this run goes on writing (a journal may
			 * record generations up to any value above its base),
			 * so its range stays open; the next run that continues
			 * the state closes it at the map's maximum.
			 */
			if (!clean) {
				s->runs[s->nr_runs++] = v->runs[i];
				continue;
			}
			if (!last)
				continue;	/* wrote nothing */
			s->runs[s->nr_runs] = v->runs[i];
			s->runs[s->nr_runs++].last_gen = last;
		} else {
			s->runs[s->nr_runs++] = v->runs[i];
		}
	}
	return 0;
}

int verifier_state_save_seq(struct verifier *v, uint64_t seq, bool clean)
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
	s.seq = seq;
	s.flags = (clean ? VSTATE_F_CLEAN : 0) | (v->c.trims ? VSTATE_F_TRIM : 0);
	s.save_ms = now_realtime_ms();
	s.run_id = v->run_id;
	s.seed = v->seed;
	s.rand_seed = v->c.rand_seed;
	r = saved_runs(v, &s, clean);
	if (!r)
		r = vstate_save(v->state_path, &s);
	if (!r)
		v->seq = s.seq;
	free(s.runs);
	want_release(f, v->nr_files);
	return r;
}
