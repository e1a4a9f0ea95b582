/*
 * inspect-history.c - "who wrote this?": with --history (a write history,
 * verify/history.h; several for successive runs, oldest first), for each
 * unit that is not consistent, the writes that touched it:
 *
 *   should be there   the write of the expected generation (the state's
 *                     map, the dump's .json), else the last completed one
 *   on the media      the write whose stamp the data carries, matched by
 *                     offset and generation, in the history of the run
 *                     the unit's header names when it names one (a
 *                     misdirected sector: the write to the offset its
 *                     stamp names)
 *   last completed    the last write to complete (the last history's
 *                     completion order)
 *   in flight         writes issued and never completed when a history
 *                     ended
 *   in between        the writes issued after the one on the media up to
 *                     the one that should be there (capped)
 *
 * each with its run, job and clone, generation, issue and completion wall
 * times, completion order and result.
 */
#include "compat.h"

#include "cmd/inspect.h"
#include "verify/history.h"
#include "verify/vinspect.h"

#define BETWEEN_MAX	8	/* writes in between, listed */
#define FLIGHT_MAX	8	/* writes in flight, listed */
#define MEDIA_MAX	4	/* distinct writes found on the media */

int insp_history_open(struct insp *ix, const char *path)
{
	char why[256] = "";
	int r;

	if (ix->nhist >= INSP_HIST_MAX) {
		fprintf(stderr, "verio: inspect: option '--history': at most %u histories\n",
			INSP_HIST_MAX);
		return 2;
	}
	r = vhist_open(path, &ix->hist[ix->nhist], why, sizeof(why));
	if (r) {
		fprintf(stderr, "verio: inspect: '%s' is not a readable verio write history: %s\n",
			path, why[0] ? why : strerror(-r));
		return 2;
	}
	ix->hist_path[ix->nhist++] = path;
	return 0;
}

void insp_history_close(struct insp *ix)
{
	for (unsigned i = 0; i < ix->nhist; i++)
		vhist_close(ix->hist[i]);
	ix->nhist = 0;
}

/* A write and the history (run) it is of. */
struct hw {
	const struct vhist_write *w;
	unsigned hist;
};

/* The writes to one range, histories in order, each in issue order. */
struct wlist {
	struct hw *w;
	size_t n, cap;
	unsigned hist;		/* the history being collected */
};

static int collect(const struct vhist_write *w, void *arg)
{
	struct wlist *l = arg;

	if (w->trim)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct hw *p = realloc(l->w, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->w = p;
		l->cap = cap;
	}
	l->w[l->n].w = w;
	l->w[l->n++].hist = l->hist;
	return 0;
}

/* The history's name of the unit's file: as named, else its only file. */
static const char *hist_file(const struct vhist *h, const char *file)
{
	int i = file ? vhist_file_index(h, file) : -1;

	if (i >= 0)
		return vhist_file_name(h, (unsigned)i);
	return vhist_nr_files(h) == 1 ? vhist_file_name(h, 0) : NULL;
}

/* Every history's writes overlapping [off, off + len) of file. */
static size_t gather(const struct insp *ix, const char *file, uint64_t off, uint64_t len,
		     struct wlist *l)
{
	size_t files = 0;

	for (unsigned i = 0; i < ix->nhist; i++) {
		const char *name = hist_file(ix->hist[i], file);

		l->hist = i;
		if (name && vhist_find(ix->hist[i], name, off, len, collect, l) >= 0)
			files++;
	}
	return files;
}

/*
 * The last write of l of generation gen, of the history of run run_id
 * when one has that run (generations continue across the runs of a
 * state, so the newest such write is the one), or NULL.
 */
static const struct hw *of_gen(const struct insp *ix, const struct wlist *l, uint64_t gen,
			       bool run_known, uint64_t run_id)
{
	for (size_t i = l->n; gen && i-- > 0;)
		if (l->w[i].w->gen == gen &&
		    (!run_known || vhist_run_id(ix->hist[l->w[i].hist]) == run_id))
			return &l->w[i];
	return NULL;
}

/* The last write to complete well: of the newest history that has one. */
static const struct hw *last_done(const struct wlist *l)
{
	const struct hw *best = NULL;

	for (size_t i = 0; i < l->n; i++) {
		const struct vhist_write *w = l->w[i].w;

		if (!w->t_done_ns || w->result)
			continue;
		if (!best || l->w[i].hist > best->hist ||
		    (l->w[i].hist == best->hist && w->done_order > best->w->done_order))
			best = &l->w[i];
	}
	return best;
}

/* What the histories say of the writes around one unit. */
struct who {
	struct wlist l;
	const struct hw *should, *last, *media[MEDIA_MAX];
	uint64_t media_off[MEDIA_MAX], media_gen[MEDIA_MAX];
	struct hw elsewhere[MEDIA_MAX];	/* media writes to other units */
	unsigned nmedia;
	bool should_from_gen;
	size_t between_lo, between_hi;	/* indexes into l: after media, to should */
};

/* Whether a history knows the header's run (else: match by generation). */
static bool run_in_histories(const struct insp *ix, uint64_t run_id)
{
	for (unsigned i = 0; i < ix->nhist; i++)
		if (vhist_run_id(ix->hist[i]) == run_id)
			return true;
	return false;
}

/* The writes whose stamps are on the media: one per distinct (unit, gen). */
static void find_media(const struct insp *ix, const struct insp_unit *u, struct who *x)
{
	uint32_t U = u->geom.unit_len, stride = vunit_diag_stride(&u->geom);
	const struct vhdr *h = &u->d.hdr;
	/* The header names the run of the data, when it decodes for it. */
	bool run = u->d.hdr_decoded && run_in_histories(ix, h->run_id);

	for (uint32_t s = 0; s < u->d.nsec && s < u->d.sec_cap && x->nmedia < MEDIA_MAX; s++) {
		const struct vsector *sec = &u->d.sec[s];
		struct wlist one = { 0 };
		const struct hw *m;
		bool seen = false;

		if (!sec->stamp_ok)
			continue;
		for (unsigned i = 0; i < x->nmedia; i++)
			seen |= x->media_gen[i] == sec->found_gen &&
				x->media_off[i] / U == sec->found_offset / U;
		if (seen)
			continue;
		gather(ix, u->file, sec->found_offset, stride, &one);
		m = of_gen(ix, &one, sec->found_gen,
			   run && h->offset / U == sec->found_offset / U &&
			   h->gen == sec->found_gen, h->run_id);
		/* The same write in the unit's own list, so that the writes in
		 * between can be found by position. */
		x->media[x->nmedia] = NULL;
		for (size_t i = 0; m && i < x->l.n; i++)
			if (x->l.w[i].w == m->w)
				x->media[x->nmedia] = &x->l.w[i];
		if (m && !x->media[x->nmedia]) {
			/* Misdirected: a write to another unit; keep a copy. */
			x->elsewhere[x->nmedia] = *m;
			x->media[x->nmedia] = &x->elsewhere[x->nmedia];
		}
		x->media_off[x->nmedia] = sec->found_offset;
		x->media_gen[x->nmedia++] = sec->found_gen;
		free(one.w);
	}
}

/* [lo, hi): after the write on the media, up to the one that should be there. */
static void between(struct who *x)
{
	size_t lo = 0, hi = x->l.n;

	if (x->nmedia && x->media[0] && x->media[0] >= x->l.w && x->media[0] < x->l.w + x->l.n)
		lo = (size_t)(x->media[0] - x->l.w) + 1;
	if (x->should)
		hi = (size_t)(x->should - x->l.w) + 1;
	x->between_lo = lo;
	x->between_hi = hi > lo ? hi : lo;
}

static int who_find(const struct insp *ix, const struct insp_unit *u, struct who *x)
{
	if (!gather(ix, u->file, u->offset, u->geom.unit_len, &x->l))
		return -ENOENT;
	x->last = last_done(&x->l);
	/* Only a generation someone expected (a map, a .json), not the
	 * header's own: without one, the last completed write. */
	x->should = u->e.gen ? of_gen(ix, &x->l, u->e.gen,
					   u->e.run_known && run_in_histories(ix, u->e.run_id),
					   u->e.run_id) : NULL;
	x->should_from_gen = x->should != NULL;
	if (!x->should)
		x->should = x->last;
	find_media(ix, u, x);
	between(x);
	return 0;
}

/* ---- text ------------------------------------------------------------- */

static void write_text(const struct insp *ix, const char *what, const struct hw *hw)
{
	const struct vhist *h = ix->hist[hw->hist];
	const struct vhist_write *w = hw->w;
	const char *job = vhist_job_name(h, w->job);
	char t1[64], t2[64];

	vinsp_time(t1, sizeof(t1), w->t_issue_ns);
	printf("    %-16s generation %u, bytes %" PRIu64 "-%" PRIu64 ", run 0x%016" PRIx64
	       ", job '%s' (index %u) clone %u, issued %s", what, w->gen, w->offset,
	       w->offset + w->len - 1, vhist_run_id(h), job ? job : "?", w->job, w->clone, t1);
	if (w->t_done_ns) {
		vinsp_time(t2, sizeof(t2), w->t_done_ns);
		printf(", completed %s (completion #%" PRIu64 ")", t2, w->done_order);
		if (w->result)
			printf(", failed: %s", strerror(-w->result));
	} else {
		printf(", never completed (in flight at the end)");
	}
	printf("\n");
}

static void who_text(const struct insp *ix, const struct insp_unit *u, const struct who *x)
{
	unsigned flight = 0;
	size_t n = 0;

	printf("  history: %zu write%s touched bytes %" PRIu64 "-%" PRIu64 "\n", x->l.n,
	       x->l.n == 1 ? "" : "s", u->offset, u->offset + u->geom.unit_len - 1);
	if (x->should)
		write_text(ix, "should be there:", x->should);
	else if (u->e.gen)
		printf("    should be there: generation %" PRIu64 ": no such write in the "
		       "histories\n", u->e.gen);
	if (x->should && !x->should_from_gen)
		printf("    %-16s (the last completed write: no expected generation known)\n", "");
	for (unsigned i = 0; i < x->nmedia; i++) {
		if (x->media[i])
			write_text(ix, "on the media:", x->media[i]);
		else
			printf("    %-16s generation %" PRIu64 " of offset %" PRIu64 ": no such write "
			       "in the histories (another run's, or before they began)\n",
			       "on the media:", x->media_gen[i], x->media_off[i]);
	}
	if (!x->nmedia)
		printf("    %-16s no valid stamp names a write\n", "on the media:");
	if (x->last && x->last != x->should)
		write_text(ix, "last completed:", x->last);
	for (size_t i = 0; i < x->l.n; i++) {
		if (x->l.w[i].w->t_done_ns)
			continue;
		if (flight++ < FLIGHT_MAX)
			write_text(ix, "in flight:", &x->l.w[i]);
	}
	if (flight > FLIGHT_MAX)
		printf("    ... %u more in flight\n", flight - FLIGHT_MAX);
	if (!flight)
		printf("    %-16s none\n", "in flight:");
	for (size_t i = x->between_lo; i < x->between_hi; i++) {
		if (&x->l.w[i] == x->should)
			continue;
		if (n++ < BETWEEN_MAX)
			write_text(ix, "in between:", &x->l.w[i]);
	}
	if (n > BETWEEN_MAX)
		printf("    ... %zu more in between\n", n - BETWEEN_MAX);
}

/* ---- JSON ------------------------------------------------------------- */

static void write_json(struct json_writer *jw, const struct insp *ix, const char *key,
		       const struct hw *hw)
{
	const struct vhist *h;
	const struct vhist_write *w;
	char t[64];

	if (!hw) {
		json_null(jw, key);
		return;
	}
	h = ix->hist[hw->hist];
	w = hw->w;
	json_obj_begin(jw, key);
	json_str(jw, "history", insp_name(ix, ix->hist_path[hw->hist]));
	insp_json_hex(jw, "run_id", vhist_run_id(h));
	json_u64(jw, "generation", w->gen);
	json_u64(jw, "offset", w->offset);
	json_u64(jw, "length", w->len);
	json_str(jw, "job", vhist_job_name(h, w->job));
	json_u64(jw, "job_index", w->job);
	json_u64(jw, "clone", w->clone);
	json_u64(jw, "seq", w->seq);
	vinsp_time(t, sizeof(t), w->t_issue_ns);
	json_str(jw, "issued", t);
	json_u64(jw, "issued_ns", w->t_issue_ns);
	json_bool(jw, "completed", w->t_done_ns != 0);
	if (w->t_done_ns) {
		vinsp_time(t, sizeof(t), w->t_done_ns);
		json_str(jw, "completed_at", t);
		json_u64(jw, "completed_ns", w->t_done_ns);
		json_u64(jw, "completion_order", w->done_order);
		json_i64(jw, "result", w->result);
	}
	json_obj_end(jw);
}

static void who_json(struct json_writer *jw, const struct insp *ix, const struct who *x)
{
	size_t n = 0;

	json_obj_begin(jw, "history");
	json_u64(jw, "writes", x->l.n);
	write_json(jw, ix, "should_be_there", x->should);
	json_str(jw, "should_be_there_by", !x->should ? "none" : x->should_from_gen
		 ? "generation" : "last_completed");
	json_arr_begin(jw, "on_media");
	for (unsigned i = 0; i < x->nmedia; i++) {
		json_obj_begin(jw, NULL);
		json_u64(jw, "stamp_offset", x->media_off[i]);
		json_u64(jw, "stamp_generation", x->media_gen[i]);
		write_json(jw, ix, "write", x->media[i]);
		json_obj_end(jw);
	}
	json_arr_end(jw);
	write_json(jw, ix, "last_completed", x->last);
	json_arr_begin(jw, "in_flight");
	for (size_t i = 0; i < x->l.n; i++)
		if (!x->l.w[i].w->t_done_ns)
			write_json(jw, ix, NULL, &x->l.w[i]);
	json_arr_end(jw);
	json_arr_begin(jw, "in_between");
	for (size_t i = x->between_lo; i < x->between_hi; i++) {
		if (&x->l.w[i] == x->should)
			continue;
		if (n++ < BETWEEN_MAX)
			write_json(jw, ix, NULL, &x->l.w[i]);
	}
	json_arr_end(jw);
	json_u64(jw, "in_between_omitted", n > BETWEEN_MAX ? n - BETWEEN_MAX : 0);
	json_obj_end(jw);
}

void insp_history_unit(struct insp *ix, const struct insp_unit *u)
{
	struct who x = { 0 };

	if (!ix->nhist || u->d.cls == VCLASS_OK || u->unwritten)
		return;
	if (who_find(ix, u, &x)) {
		if (ix->json) {
			json_obj_begin(&ix->jw, "history");
			json_str(&ix->jw, "error", "no history names this file");
			json_obj_end(&ix->jw);
		} else {
			printf("  history: no history names '%s'\n", u->file);
		}
	} else if (ix->json) {
		who_json(&ix->jw, ix, &x);
	} else {
		who_text(ix, u, &x);
	}
	free(x.l.w);
}
