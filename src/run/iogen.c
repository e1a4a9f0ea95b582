/*
 * iogen.c - decides the next I/O of a job.
 *
 * Sequential jobs walk each file's region with one position per
 * direction (as fio does for rw=rw). Random jobs draw a block from the
 * region; with the random map (the default) a block already touched in
 * this pass is replaced by the next untouched one, so a pass touches
 * every block exactly once. random_generator=lfsr gets the same
 * coverage without a map. A skewed random_distribution draws blocks
 * from lib/distrib.c instead, without a map (as in fio). With
 * percentage_random below 100, some I/Os of a random job continue
 * sequentially instead. zonemode=strided confines the offsets to one
 * zone at a time (strided_zone()). All choices come from PRNGs
 * seeded from the job's seed: the same job replays the same I/O sequence.
 */
#include "compat.h"

#include "io_u.h"
#include "run/iogen.h"
#include "run/iolog.h"
#include "config/options.h"
#include "distrib.h"
#include "parse.h"
#include "randmap.h"
#include "timeutil.h"

static enum rand_kind rand_kind_of(const struct job_options *o)
{
	return o->random_generator == RANDGEN_TAUSWORTHE64 ? RAND_TAUSWORTHE64
							   : RAND_TAUSWORTHE;
}

/* Smallest alignment any direction of the job uses: the map's block. */
static uint64_t job_map_bs(const struct job_options *o)
{
	uint64_t bs = 0;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		uint64_t a;

		unsigned want = d == DDIR_READ ? RW_F_READ : RW_F_WRITE | RW_F_TRIM;

		/* Trims take write's block sizes (iogen_dir_slot()). */
		if (!(o->rw & want))
			continue;
		a = o->blockalign[d] ? o->blockalign[d] : o->min_bs[d];
		if (o->bssplit[d] && o->bssplit_nr[d] && o->bssplit[d][0].bs < a)
			a = o->bssplit[d][0].bs;
		if (!bs || a < bs)
			bs = a;
	}
	return bs ? bs : 4096;
}

/* zonemode=strided applies to one file, as in fio. */
static bool job_strided(const struct job_options *o, unsigned nr_files)
{
	return o->zonemode == ZONE_MODE_STRIDED && o->zonesize && o->zonerange &&
	       nr_files == 1;
}

/* A skewed distribution: NULL for the uniform one, else the spec parsed. */
static struct distrib_spec *job_distrib(const struct job_options *o, int *err)
{
	struct distrib_spec *spec;

	*err = 0;
	if (!o->random_distribution || !(o->rw & RW_F_RAND))
		return NULL;
	spec = malloc(sizeof(*spec));
	if (!spec) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = distrib_parse(spec, o->random_distribution, o->kb_base, NULL, 0);
	if (*err || spec->kind == DISTRIB_RANDOM) {
		free(spec);
		return NULL;
	}
	spec->seq_stride = o->random_sequence_stride;
	return spec;
}

/* Blocks a random offset is drawn from: the region's, or a zone's. */
static uint64_t file_blocks(const struct job_options *o, const struct vfile *f,
			    unsigned nr_files, uint64_t map_bs)
{
	uint64_t span = f->io_size;

	if (job_strided(o, nr_files) && o->zonerange < span)
		span = o->zonerange;
	return span / map_bs;
}

/* Each file's distribution, seeded apart from the other generators. */
static int init_distribs(struct iogen *g, const struct distrib_spec *spec)
{
	uint64_t s = g->seed ^ 0x6a09e667f3bcc909ULL;

	for (unsigned i = 0; i < g->nr_files; i++) {
		struct iogen_file *gf = &g->gfiles[i];

		if (!gf->nblocks)
			continue;
		gf->dist = malloc(sizeof(*gf->dist));
		if (!gf->dist)
			return -ENOMEM;
		if (distrib_init(gf->dist, spec, gf->nblocks, g->map_bs, splitmix64(&s),
				 NULL, 0))
			return -EINVAL;
	}
	return 0;
}

int iogen_check(const struct job_options *o, const struct vfile *files,
		unsigned nr_files, char *err, size_t errlen)
{
	struct distrib_spec *spec;
	struct distrib *d;
	int r = 0;

	spec = job_distrib(o, &r);
	if (!spec)
		return r == -ENOMEM ? 0 : r;
	d = malloc(sizeof(*d));
	for (unsigned i = 0; d && !r && i < nr_files; i++) {
		uint64_t nb = file_blocks(o, &files[i], nr_files, job_map_bs(o));

		if (nb)
			r = distrib_init(d, spec, nb, job_map_bs(o), 0, err, errlen);
	}
	free(d);
	free(spec);
	return r;
}

int iogen_init(struct iogen *g, const struct job_options *o, struct vfile *files,
	       unsigned nr_files, uint64_t pass_target, uint64_t seed)
{
	struct distrib_spec *spec;
	uint64_t s = seed;
	int r;

	memset(g, 0, sizeof(*g));
	g->o = o;
	g->files = files;
	g->nr_files = nr_files;
	g->pass_target = pass_target;
	g->seed = seed;
	g->last_ddir = -1;
	g->win = o->openfiles && o->openfiles < nr_files ? o->openfiles : 0;
	g->map_bs = job_map_bs(o);
	g->strided = job_strided(o, nr_files);
	g->seq_mix = (o->rw & RW_F_RAND) &&
		     (o->perc_rand[DDIR_READ] < 100 || o->perc_rand[DDIR_WRITE] < 100);
	spec = job_distrib(o, &r);
	if (r == -ENOMEM)
		return r;
	/* fio: a skewed distribution implies norandommap */
	g->use_map = (o->rw & RW_F_RAND) && !o->norandommap && !spec &&
		     o->random_generator != RANDGEN_LFSR;
	rand_seed(&g->rnd_off, rand_kind_of(o), splitmix64(&s));
	rand_seed(&g->rnd_dir, rand_kind_of(o), splitmix64(&s));
	rand_seed(&g->rnd_bs, rand_kind_of(o), splitmix64(&s));
	rand_seed(&g->rnd_seq, rand_kind_of(o), splitmix64(&s));

	g->gfiles = calloc(nr_files ? nr_files : 1, sizeof(*g->gfiles));
	if (!g->gfiles) {
		free(spec);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < nr_files; i++) {
		struct iogen_file *gf = &g->gfiles[i];

		gf->nblocks = file_blocks(o, &files[i], nr_files, g->map_bs);
		if (g->use_map && gf->nblocks) {
			files[i].map = randmap_new(gf->nblocks);
			if (!files[i].map) {
				free(spec);
				return -ENOMEM;
			}
		}
		if ((o->rw & RW_F_RAND) && o->random_generator == RANDGEN_LFSR &&
		    gf->nblocks && lfsr_init(&gf->lfsr, gf->nblocks, seed + i) < 0) {
			free(spec);
			return -EINVAL;
		}
	}
	r = spec ? init_distribs(g, spec) : 0;
	free(spec);
	return r;
}

void iogen_release(struct iogen *g)
{
	if (!g)
		return;
	for (unsigned i = 0; g->files && i < g->nr_files; i++) {
		randmap_free(g->files[i].map);
		g->files[i].map = NULL;
	}
	for (unsigned i = 0; g->gfiles && i < g->nr_files; i++)
		free(g->gfiles[i].dist);
	free(g->gfiles);
	g->gfiles = NULL;
}

void iogen_new_pass(struct iogen *g)
{
	g->tw_pending = false;
	g->pass_bytes = 0;
	g->replay_pos = 0;
	g->replay_t0 = 0;
	g->seq_left = 0;
	g->last_file = NULL;
	g->win_base = 0;
	g->zone_base = 0;
	g->zone_bytes = 0;
	if (g->win)
		g->cur_file = 0;
	for (unsigned i = 0; i < g->nr_files; i++) {
		struct vfile *f = &g->files[i];

		g->gfiles[i].pass_done = 0;
		f->next_seq[DDIR_READ] = f->next_seq[DDIR_WRITE] = 0;
		if (f->map)
			randmap_reset(f->map);
		if (g->gfiles[i].nblocks && g->o->random_generator == RANDGEN_LFSR &&
		    (g->o->rw & RW_F_RAND)) {
			lfsr_reset(&g->gfiles[i].lfsr, g->seed + i);
			g->gfiles[i].lfsr_done = false;
		}
	}
}

static enum io_ddir pick_ddir(struct iogen *g)
{
	unsigned rw = g->o->rw;

	if (rw & RW_F_TRIM)
		return DDIR_TRIM;	/* trimwrite: its write follows (iogen_next) */
	if (!(rw & RW_F_WRITE))
		return DDIR_READ;
	if (!(rw & RW_F_READ))
		return DDIR_WRITE;
	return rand_between(&g->rnd_dir, 0, 99) < g->o->rwmix[DDIR_READ]
		       ? DDIR_READ
		       : DDIR_WRITE;
}

static uint64_t pick_bs(struct iogen *g, enum io_ddir d)
{
	const struct job_options *o = g->o;
	uint64_t v;

	if (o->bssplit[d] && o->bssplit_nr[d]) {
		uint64_t r = rand_between(&g->rnd_bs, 0, 99), sum = 0;

		for (size_t i = 0; i < o->bssplit_nr[d]; i++) {
			sum += o->bssplit[d][i].perc;
			if (r < sum)
				return o->bssplit[d][i].bs;
		}
		return o->bssplit[d][o->bssplit_nr[d] - 1].bs;
	}
	if (o->min_bs[d] == o->max_bs[d])
		return o->min_bs[d];
	v = rand_between(&g->rnd_bs, o->min_bs[d], o->max_bs[d]);
	if (!o->bs_unaligned)
		v -= v % o->min_bs[d];
	return v;
}

/* Shorten len so [off, off+len) stays inside the region; 0 if nothing fits. */
static uint64_t clamp_len(const struct iogen *g, const struct vfile *f,
			  uint64_t off, uint64_t len)
{
	uint64_t left;

	if (off >= f->io_size)
		return 0;
	left = f->io_size - off;
	if (len <= left)
		return len;
	if (!g->o->bs_unaligned)
		left -= left % g->map_bs;
	return left;
}

static int next_seq_offset(struct iogen *g, struct vfile *f, enum io_ddir d,
			   uint64_t *off, uint64_t *len)
{
	uint64_t l;

	/* Past the end: wrap (io_size larger than size, or holes). */
	if (f->next_seq[d] >= f->io_size)
		f->next_seq[d] = 0;
	l = clamp_len(g, f, f->next_seq[d], *len);
	if (!l) {
		f->next_seq[d] = 0;
		l = clamp_len(g, f, 0, *len);
		if (!l)
			return -EINVAL;
	}
	*off = f->next_seq[d];
	*len = l;
	f->next_seq[d] += l + g->o->rw_seq_add;
	return 0;
}

/*
 * Claim the blocks [blk, blk + len/map_bs) in the map, stopping at the
 * first one already touched: the I/O is shortened to the run it got.
 */
static uint64_t claim_blocks(struct iogen *g, struct vfile *f, uint64_t blk,
			     uint64_t nblocks, uint64_t len)
{
	uint64_t want = (len + g->map_bs - 1) / g->map_bs, got = 1;

	while (got < want && blk + got < nblocks &&
	       !randmap_test_and_set(f->map, blk + got))
		got++;
	return got < want ? got * g->map_bs : len;
}

/*
 * The random offsets below are drawn as blocks of the file's region, or
 * of the current zone with zonemode=strided (zone_base is then its start,
 * else 0); *off comes out relative to the region, *len clamped to it.
 */
static int place_block(struct iogen *g, struct vfile *f, uint64_t blk,
		       uint64_t *off, uint64_t *len)
{
	*off = g->zone_base + blk * g->map_bs;
	*len = clamp_len(g, f, *off, *len);
	return *len ? 0 : -EINVAL;
}

static int next_map_offset(struct iogen *g, unsigned fi, uint64_t *off,
			   uint64_t *len)
{
	struct vfile *f = &g->files[fi];
	uint64_t nb = g->gfiles[fi].nblocks, blk;

	if (!nb)
		return -EINVAL;
	blk = rand_between(&g->rnd_off, 0, nb - 1);
	if (randmap_test_and_set(f->map, blk)) {
		if (randmap_next_free(f->map, blk, &blk) < 0)
			return -ENOSPC;
		randmap_test_and_set(f->map, blk);
	}
	if (place_block(g, f, blk, off, len))
		return -EINVAL;
	*len = claim_blocks(g, f, blk, nb, *len);
	return 0;
}

static int next_rand_offset(struct iogen *g, unsigned fi, enum io_ddir d,
			    uint64_t *off, uint64_t *len)
{
	struct vfile *f = &g->files[fi];
	struct iogen_file *gf = &g->gfiles[fi];
	uint64_t blk, nb, span;

	if (f->map)
		return next_map_offset(g, fi, off, len);
	if (gf->dist) {
		blk = distrib_next(gf->dist, d);
		/* a strided sequence past the region ends the pass (fio: the job) */
		return blk == DISTRIB_END ? -ENOENT : place_block(g, f, blk, off, len);
	}
	if (g->o->random_generator == RANDGEN_LFSR) {
		if (gf->lfsr_done || lfsr_next(&gf->lfsr, &blk) < 0) {
			gf->lfsr_done = true;
			return -ENOSPC;
		}
		return place_block(g, f, blk, off, len);
	}
	/* norandommap: any aligned offset where the whole I/O fits. */
	span = g->strided ? gf->nblocks * g->map_bs : f->io_size;
	if (*len > span)
		*len = g->strided ? span : clamp_len(g, f, 0, *len);
	if (!*len)
		return -EINVAL;
	nb = (span - *len) / g->map_bs + 1;
	return place_block(g, f, rand_between(&g->rnd_off, 0, nb - 1), off, len);
}

/* Every file's map (or lfsr) is exhausted: start over or end the pass. */
static bool all_exhausted_restart(struct iogen *g)
{
	if (g->pass_bytes + g->map_bs > g->pass_target)
		return false;
	for (unsigned i = 0; i < g->nr_files; i++) {
		if (g->files[i].map)
			randmap_reset(g->files[i].map);
		if (g->gfiles[i].lfsr_done) {
			lfsr_reset(&g->gfiles[i].lfsr, g->seed + i);
			g->gfiles[i].lfsr_done = false;
		}
	}
	return true;
}

/*
 * percentage_random: does this I/O of a random job go on sequentially
 * from the previous one of its direction instead? The blocks it takes
 * are marked in the map, so random I/Os avoid them for the pass.
 */
static bool seq_instead(struct iogen *g, enum io_ddir d)
{
	return g->seq_mix && rand_between(&g->rnd_seq, 1, 100) > g->o->perc_rand[d];
}

/*
 * zonemode=strided, as fio 3.33 moves (its setup_strided_zone_mode()):
 * after zonesize bytes in a zone, go zonerange + zoneskip bytes on, back
 * to the region's start past its end (fio: past the file's end), and
 * this direction starts at the zone's start; within a zone, a direction
 * past zonerange starts over, and every zonerange bytes both directions,
 * the random map and the lfsr start over.
 */
static void strided_zone(struct iogen *g, enum io_ddir d)
{
	const struct job_options *o = g->o;
	struct vfile *f = &g->files[0];
	struct iogen_file *gf = &g->gfiles[0];

	if (g->zone_bytes >= o->zonesize) {
		g->zone_bytes = 0;
		g->zone_base += o->zonerange + o->zoneskip;
		if (g->zone_base >= f->io_size)
			g->zone_base = 0;
		f->next_seq[d] = 0;
	}
	if (f->next_seq[d] >= o->zonerange)
		f->next_seq[d] = 0;
	if (g->zone_bytes % o->zonerange)
		return;
	f->next_seq[DDIR_READ] = f->next_seq[DDIR_WRITE] = 0;
	if (f->map)
		randmap_reset(f->map);
	if (gf->nblocks && (o->rw & RW_F_RAND) && o->random_generator == RANDGEN_LFSR) {
		lfsr_reset(&gf->lfsr, g->seed);
		gf->lfsr_done = false;
	}
}

/* The zone's next sequential offset; -ENOENT past the region's end. */
static int strided_seq_offset(struct iogen *g, enum io_ddir d, uint64_t *off,
			      uint64_t *len)
{
	struct vfile *f = &g->files[0];

	*off = g->zone_base + f->next_seq[d];
	*len = clamp_len(g, f, *off, *len);
	if (!*len)
		return -ENOENT;
	f->next_seq[d] += *len + g->o->rw_seq_add;
	return 0;
}

static int mixed_seq_offset(struct iogen *g, unsigned fi, enum io_ddir d,
			    uint64_t *off, uint64_t *len)
{
	struct vfile *f = &g->files[fi];
	int r = g->strided ? strided_seq_offset(g, d, off, len)
			   : next_seq_offset(g, f, d, off, len);

	if (!r && f->map)
		for (uint64_t b = (*off - g->zone_base) / g->map_bs;
		     b < g->gfiles[fi].nblocks && g->zone_base + b * g->map_bs < *off + *len;
		     b++)
			randmap_test_and_set(f->map, b);
	return r;
}

static int pick_offset(struct iogen *g, enum io_ddir d, unsigned *fi,
		       uint64_t *off, uint64_t *len)
{
	if (!(g->o->rw & RW_F_RAND))
		return g->strided ? strided_seq_offset(g, d, off, len)
				  : next_seq_offset(g, &g->files[*fi], d, off, len);

	/* rw=randX:N issues N-1 sequential I/Os after each random one. */
	if (g->seq_left && g->last_file &&
	    g->last_end + *len <= g->last_file->io_size) {
		g->seq_left--;
		*fi = (unsigned)(g->last_file - g->files);
		*off = g->last_end;
		return 0;
	}
	if (seq_instead(g, d))
		return mixed_seq_offset(g, *fi, d, off, len);
	for (unsigned tries = 0; tries < 2 * g->nr_files + 1; tries++) {
		int r = next_rand_offset(g, *fi, d, off, len);

		if (r != -ENOSPC) {
			g->seq_left = g->o->rw_seq_nr > 1 ? g->o->rw_seq_nr - 1 : 0;
			return r;
		}
		*fi = (*fi + 1) % g->nr_files;
		if (tries + 1 == g->nr_files && !all_exhausted_restart(g))
			return -ENOENT;
	}
	return -ENOENT;
}

/*
 * openfiles= below nrfiles (fio: round robin over the open files, the
 * next file opened when one is done): files are served win at a time,
 * round robin inside the window [win_base, win_base + win); a file is
 * done for the lap when it has had its region's worth of bytes (or its
 * random map ran out), and the window moves on when all of its files
 * are. After the last window a new lap starts from the first file (maps
 * restarted, as all_exhausted_restart() does), or the pass ends: -1.
 */
static int window_pick(struct iogen *g)
{
	for (unsigned laps = 0; laps < 2 * g->nr_files + 2; laps++) {
		unsigned end = g->win_base + g->win < g->nr_files ? g->win_base + g->win
								 : g->nr_files;

		for (unsigned n = g->win_base; n < end; n++) {
			unsigned fi = g->cur_file >= g->win_base && g->cur_file < end
					      ? g->cur_file : g->win_base;

			g->cur_file = fi + 1 < end ? fi + 1 : g->win_base;
			if (g->gfiles[fi].pass_done < g->files[fi].io_size)
				return (int)fi;
		}
		g->win_base = end < g->nr_files ? end : 0;
		g->cur_file = g->win_base;
		if (g->win_base)
			continue;
		if ((g->o->rw & RW_F_RAND) && !all_exhausted_restart(g))
			return -1;
		for (unsigned i = 0; i < g->nr_files; i++)
			g->gfiles[i].pass_done = 0;
	}
	return -1;
}

/* The window's next file and an offset in it (window_pick()). */
static int window_offset(struct iogen *g, enum io_ddir d, unsigned *fi,
			 uint64_t *off, uint64_t *len)
{
	if ((g->o->rw & RW_F_RAND) && g->seq_left && g->last_file &&
	    g->last_end + *len <= g->last_file->io_size) {
		g->seq_left--;
		*fi = (unsigned)(g->last_file - g->files);
		*off = g->last_end;
		return 0;
	}
	for (unsigned tries = 0; tries < 2 * g->nr_files + 2; tries++) {
		int p = window_pick(g), r;

		if (p < 0)
			return -ENOENT;
		*fi = (unsigned)p;
		if (!(g->o->rw & RW_F_RAND))
			return next_seq_offset(g, &g->files[*fi], d, off, len);
		if (seq_instead(g, d))
			return mixed_seq_offset(g, *fi, d, off, len);
		r = next_rand_offset(g, *fi, d, off, len);
		if (r != -ENOSPC) {
			g->seq_left = g->o->rw_seq_nr > 1 ? g->o->rw_seq_nr - 1 : 0;
			return r;
		}
		g->gfiles[*fi].pass_done = g->files[*fi].io_size;	/* map ran out */
	}
	return -ENOENT;
}

void iogen_set_replay(struct iogen *g, const struct iolog *log, unsigned time_pct)
{
	g->replay = log;
	g->replay_pos = 0;
	g->replay_t0 = 0;
	g->replay_pct = time_pct;
}

/* When entry e is due: the pass's start plus its place in the log, scaled. */
static uint64_t replay_due(const struct iogen *g, const struct iolog_entry *e)
{
	uint64_t us = e->ts_us > g->replay->ts_first ? e->ts_us - g->replay->ts_first : 0;

	return g->replay_t0 + us * 1000 * 100 / g->replay_pct;
}

uint64_t iogen_due_in_ns(const struct iogen *g)
{
	uint64_t now = now_ns(), due;

	if (!g->replay || !g->replay_pct || !g->replay_t0 ||
	    g->replay_pos >= g->replay->nr)
		return 0;
	due = replay_due(g, &g->replay->e[g->replay_pos]);
	return due > now ? due - now : 0;
}

/* read_iolog: the log's next I/O, in its order, when it is due. */
static int replay_next(struct iogen *g, struct io_u *io_u)
{
	const struct iolog_entry *e;

	if (g->replay_pos >= g->replay->nr || g->replay->e[g->replay_pos].file >= g->nr_files)
		return -ENOENT;
	e = &g->replay->e[g->replay_pos];
	if (g->replay_pct) {
		if (!g->replay_t0)
			g->replay_t0 = now_ns();
		else if (iogen_due_in_ns(g))
			return -EAGAIN;
	}
	g->replay_pos++;
	io_u->file = &g->files[e->file];
	io_u->ddir = (enum io_ddir)e->ddir;
	io_u->offset = e->offset;
	io_u->len = e->len;
	if (ddir_is_rw(io_u->ddir)) {
		g->pass_bytes += e->len;
		g->nr_issued++;
	}
	return 0;
}

/*
 * trimwrite: the write of the block the last trim discarded. The pair
 * counts once against io_size and number_ios, as fio counts it.
 */
static bool trimwrite_next(struct iogen *g, struct io_u *io_u)
{
	if (!g->tw_pending)
		return false;
	g->tw_pending = false;
	io_u->file = g->tw_file;
	io_u->ddir = DDIR_WRITE;
	io_u->offset = g->tw_offset;
	io_u->len = g->tw_len;
	return true;
}

int iogen_next(struct iogen *g, struct io_u *io_u)
{
	enum io_ddir d;
	unsigned fi;
	uint64_t off, len;
	int r;

	if (g->replay)
		return replay_next(g, io_u);
	if (trimwrite_next(g, io_u))
		return 0;
	if (g->pass_bytes >= g->pass_target || !g->nr_files)
		return -ENOENT;
	d = pick_ddir(g);
	if (g->ddir_hook && d != DDIR_TRIM)
		d = (enum io_ddir)g->ddir_hook(g->ddir_arg, d);
	len = pick_bs(g, iogen_dir_slot(d));
	if (g->pass_target - g->pass_bytes < len && !(g->o->rw & RW_F_RAND))
		len = g->pass_target - g->pass_bytes;
	if (g->strided)
		strided_zone(g, iogen_dir_slot(d));
	if (g->win) {
		r = window_offset(g, iogen_dir_slot(d), &fi, &off, &len);
		if (r < 0)
			return r;
		g->gfiles[fi].pass_done += len;
	} else {
		fi = g->cur_file;
		r = pick_offset(g, iogen_dir_slot(d), &fi, &off, &len);
		if (r < 0)
			return r == -ENOENT ? -ENOENT : r;
		g->cur_file = (fi + 1) % g->nr_files;
	}

	io_u->file = &g->files[fi];
	io_u->ddir = d;
	io_u->offset = g->files[fi].io_offset + off;
	io_u->len = len;
	g->pass_bytes += len;
	g->nr_issued++;
	g->last_file = &g->files[fi];
	g->last_end = off + len;
	g->zone_bytes += len;
	/* percentage_random: a sequential I/O follows the last of its direction */
	if (g->seq_mix)
		g->files[fi].next_seq[iogen_dir_slot(d)] = off + len;
	if (d == DDIR_TRIM && (g->o->rw & RW_F_WRITE)) {
		g->tw_pending = true;
		g->tw_file = io_u->file;
		g->tw_offset = io_u->offset;
		g->tw_len = len;
	}
	return 0;
}
