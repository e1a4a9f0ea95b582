/*
 * jobhist.c - write_history=PATH for the jobs of a run: the files made at
 * preflight (one per path, shared), each job's stream, and the hooks'
 * slow halves (run/jobhist.h).
 */
#include "compat.h"

#include <sys/stat.h>

#include "run/jobhist.h"
#include "run/run.h"
#include "run/target.h"
#include "timeutil.h"
#include "verify/history.h"
#include "verify/verifier.h"

/* A job that never writes (a read job, verify_only) leaves the file alone:
 * an earlier run's history is what a later verify_only is judged by. */
static bool has_history(const struct job *j)
{
	return j->o.write_history && *j->o.write_history && options_writes(&j->o);
}

/* The value checks, and never a target of the run.  0 or 2. */
static int check_job(const struct run *r, const struct job *j)
{
	const char *p = j->o.write_history;
	struct stat st;

	if (j->o.write_history_max && j->o.write_history_max < VHIST_MAX_MIN) {
		job_err(j, "write_history_max=%" PRIu64 " is too small: 0 (unbounded) or at "
			"least %u", j->o.write_history_max, VHIST_MAX_MIN);
		return 2;
	}
	if (!stat(p, &st) && S_ISDIR(st.st_mode)) {
		job_err(j, "write_history '%s' is a directory", p);
		return 2;
	}
	for (size_t k = 0; k < r->nr_jobs; k++)
		for (unsigned i = 0; i < r->jobs[k].nr_files; i++)
			if (target_same(p, r->jobs[k].files[i].name)) {
				job_err(j, "write_history '%s' is a target of job '%s': the "
					"history is never written to a target", p,
					r->jobs[k].o.name);
				return 2;
			}
	return 0;
}

/*
 * Which history a job's path names: its directory resolved (the file may
 * not exist yet), so "h" and "./h" share one file.  NULL on ENOMEM.
 */
static char *history_key(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
	char *real = dir ? realpath(dir, NULL) : NULL, *key = NULL;
	const char *base = slash ? slash + 1 : path;

	if (!real) {
		free(dir);
		return strdup(path);	/* no such directory: creating it fails */
	}
	if (asprintf(&key, "%s/%s", real, base) < 0)
		key = NULL;
	free(real);
	free(dir);
	return key;
}

static bool same_history(char **keys, size_t a, size_t b)
{
	return keys[a] && keys[b] && !strcmp(keys[a], keys[b]);
}

/* The file table of job owner's history: every target of its jobs. */
static int file_table(struct run *r, char **keys, size_t owner, const char ***out,
		      uint32_t *n)
{
	const char **t = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t k = 0; k < r->nr_jobs; k++) {
		struct job *j = &r->jobs[k];

		if (!same_history(keys, k, owner))
			continue;
		j->hist_fmap = calloc(j->nr_files ? j->nr_files : 1, sizeof(*j->hist_fmap));
		if (!j->hist_fmap)
			goto nomem;
		for (unsigned i = 0; i < j->nr_files; i++) {
			uint32_t x = 0;

			while (x < *n && strcmp(t[x], j->files[i].name))
				x++;
			if (x == *n) {
				if (*n == cap) {
					const char **g = realloc(t, (cap = cap * 2 + 8) * sizeof(*t));

					if (!g)
						goto nomem;
					t = g;
				}
				t[(*n)++] = j->files[i].name;
			}
			j->hist_fmap[i] = x;
		}
	}
	*out = t;
	return 0;
nomem:
	free(t);
	return -ENOMEM;
}

/* Create the history at j's path for j and every later job naming it. */
static int open_history(struct run *r, char **keys, struct job *j)
{
	const char **jobs = calloc(r->nr_jobs, sizeof(*jobs)), **files = NULL;
	uint32_t *clones = calloc(r->nr_jobs, sizeof(*clones));
	struct vhist_meta m = { .run_id = j->run_id, .nr_jobs = (uint32_t)r->nr_jobs };
	struct vhist_file *f = NULL, **g;
	int code = 3, e;

	if (!jobs || !clones || file_table(r, keys, j->index, &files, &m.nr_files) < 0)
		goto out;
	for (size_t k = 0; k < r->nr_jobs; k++) {
		struct job *o = &r->jobs[k];

		jobs[k] = o->o.name;
		clones[k] = o->jobnum;
		if (same_history(keys, k, j->index) && !m.unit_len)
			m.unit_len = verifier_hist_info(o->verifier, &m.seed, &m.sector_size);
	}
	m.jobs = jobs;
	m.clones = clones;
	m.files = files;
	g = realloc(r->hists, (r->nr_hists + 1) * sizeof(*g));
	if (!g)
		goto out;
	r->hists = g;
	e = vhist_file_open(j->o.write_history, j->o.write_history_max, &m, &f);
	if (e < 0) {
		job_err(j, "write_history '%s': cannot create it: %s", j->o.write_history,
			strerror(-e));
		code = e == -ENOMEM ? 3 : 2;
		goto out;
	}
	r->hists[r->nr_hists++] = f;
	for (size_t k = j->index; k < r->nr_jobs; k++)
		if (same_history(keys, k, j->index))
			r->jobs[k].hist_file = f;
	code = 0;
out:
	if (code == 3)
		fprintf(stderr, "verio: out of memory\n");
	free(jobs);
	free(clones);
	free(files);
	return code;
}

int jobhist_prepare(struct run *r)
{
	char **keys = calloc(r->nr_jobs ? r->nr_jobs : 1, sizeof(*keys));
	int code = 0;

	for (size_t k = 0; keys && k < r->nr_jobs; k++)
		if (has_history(&r->jobs[k]) && !(keys[k] = history_key(r->jobs[k].o.write_history)))
			code = 3;
	if (!keys || code) {
		fprintf(stderr, "verio: out of memory\n");
		code = 3;
	}
	for (size_t k = 0; !code && k < r->nr_jobs; k++) {
		struct job *j = &r->jobs[k];

		if (!has_history(j) || j->hist_file)
			continue;
		code = check_job(r, j);
		if (!code)
			code = open_history(r, keys, j);
	}
	for (size_t k = 0; keys && k < r->nr_jobs; k++)
		free(keys[k]);
	free(keys);
	return code;
}

int jobhist_close_all(struct run *r)
{
	int code = 0;

	for (size_t i = 0; i < r->nr_hists; i++) {
		const char *p = vhist_file_path(r->hists[i]);
		char *path = strdup(p ? p : "");
		int e = vhist_file_close(r->hists[i]);

		if (e < 0) {
			fprintf(stderr, "verio: write_history '%s': %s\n", path ? path : "",
				strerror(-e));
			code = 3;
		}
		free(path);
	}
	for (size_t k = 0; k < r->nr_jobs; k++) {
		r->jobs[k].hist_file = NULL;
		free(r->jobs[k].hist_fmap);
		r->jobs[k].hist_fmap = NULL;
	}
	free(r->hists);
	r->hists = NULL;
	r->nr_hists = 0;
	return code;
}

int jobhist_setup(struct job *j)
{
	uint64_t seed;
	uint32_t sector;
	int e = 0;

	if (!j->hist_file)
		return 0;
	j->hist_unit = verifier_hist_info(j->verifier, &seed, &sector);
	j->hist = vhist_stream_new(j->hist_file, j->index, j->jobnum, j->o.name, j->hist_fmap,
				   j->nr_files, j->ectx.nr_io_us, &e);
	if (!j->hist)
		snprintf(j->errmsg, sizeof(j->errmsg), "cannot set up the write history: %s",
			 strerror(-e));
	return e;
}

void jobhist_finish(struct job *j)
{
	int e = vhist_stream_close(j->hist);

	j->hist = NULL;
	if (e < 0 && !j->error) {
		j->error = -e;
		snprintf(j->errmsg, sizeof(j->errmsg), "write_history '%s': %s",
			 j->o.write_history, strerror(-e));
	}
}

struct gen_arg {
	const struct verifier *v;
	const struct io_u *u;
};

static uint16_t gen_of(const void *arg, uint32_t k)
{
	const struct gen_arg *a = arg;

	return verifier_unit_gen(a->v, a->u, k);
}

void jobhist_write(struct job *j, const struct io_u *u)
{
	struct gen_arg a = { j->verifier, u };
	bool trim = u->ddir == DDIR_TRIM;

	/* A trim gives no generation: one record for the range. */
	vhist_issue(j->hist, u->index, (unsigned)(u->file - j->files), u->offset, u->len, trim,
		    u->t_prep, j->hist_unit && !trim ? gen_of : NULL, &a,
		    trim ? 0 : j->hist_unit);
}

void jobhist_completed(struct job *j, const struct io_u *u)
{
	if (u->ddir == DDIR_WRITE || u->ddir == DDIR_TRIM)
		vhist_done(j->hist, u->index, u->error, u->t_comp);
	else if (u->ddir == DDIR_SYNC || u->ddir == DDIR_DATASYNC)
		vhist_sync(j->hist, (unsigned)(u->file - j->files), u->ddir == DDIR_DATASYNC,
			   u->error, u->t_comp);
}

void jobhist_file_synced(struct job *j, const struct vfile *f, bool datasync, int result)
{
	vhist_sync(j->hist, (unsigned)(f - j->files), datasync, result, now_ns());
}
