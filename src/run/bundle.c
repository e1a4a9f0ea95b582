/*
 * bundle.c - repro bundles: what a failing run leaves, gathered into one
 * gzip-compressed tar archive (libarchive) under "verio-bundle/". The
 * layout is documented in docs/format.md, "Repro bundle".
 *
 * Everything here runs once, after the run (bundle_targets() at
 * preflight): none of it is on the I/O path. The files are first listed
 * (and opened, so that MANIFEST.json names only what is really in the
 * archive), then MANIFEST.json and each file are written in order.
 */
#include "compat.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <time.h>

#ifdef CONFIG_LIBARCHIVE
#include <archive.h>
#include <archive_entry.h>
#endif

#include "config/runconf.h"
#include "fdio.h"
#include "io_u.h"
#include "json.h"
#include "report/result.h"
#include "run/bundle.h"
#include "run/job.h"
#include "run/target.h"
#include "verify/history.h"
#include "verify/incident.h"
#include "version.h"

#define BUNDLE_TOP "verio-bundle/"

#ifdef __clang__
#define BUNDLE_COMPILER "clang " __clang_version__
#else
#define BUNDLE_COMPILER "gcc " __VERSION__
#endif

/* ---- checks at start-up -------------------------------------------------------- */

int bundle_check_path(const char *path, char *err, size_t cap)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat sb;

#ifndef CONFIG_LIBARCHIVE
	snprintf(err, cap, "verio was built without libarchive (Debian libarchive-dev): "
		 "it cannot write bundles");
	return -ENOTSUP;
#endif
	if (!*path || (slash && !slash[1])) {
		snprintf(err, cap, "not a file name");
		return -EINVAL;
	}
	if (!stat(path, &sb) && !S_ISREG(sb.st_mode)) {
		snprintf(err, cap, "%s", S_ISDIR(sb.st_mode) ? "is a directory" :
			 "not a regular file (a bundle is never written into a device)");
		return -EINVAL;
	}
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 1,
		 slash ? path : ".");
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode) || access(dir, W_OK | X_OK)) {
		int e = errno ? errno : ENOTDIR;

		snprintf(err, cap, "cannot write in directory '%s': %s", dir, strerror(e));
		return -e;
	}
	return 0;
}

void bundle_init(struct bundle *b, const char *path)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
}

void bundle_release(struct bundle *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nr_targets; i++)
		free(b->targets[i].path);
	free(b->targets);
	b->targets = NULL;
	b->nr_targets = 0;
}

/*
 * path with its directory resolved ("/real/dir/base"), so that two names
 * of a file that may not exist yet compare equal. Returns buf, or NULL.
 */
static const char *canon_path(const char *path, char *buf, size_t cap)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], real[PATH_MAX];

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 1,
		 slash ? path : ".");
	if (!realpath(dir, real))
		return NULL;
	snprintf(buf, cap, "%s/%s", strcmp(real, "/") ? real : "", slash ? slash + 1 : path);
	return buf;
}

/* Would writing the bundle at path write into the target at name? */
static bool is_target(const char *path, const char *name)
{
	char a[PATH_MAX + 256], b[PATH_MAX + 256];
	struct stat sa, sb;

	if (!stat(path, &sa) && !stat(name, &sb))
		return target_same(path, name);
	return canon_path(path, a, sizeof(a)) && canon_path(name, b, sizeof(b)) &&
	       !strcmp(a, b);
}

static int note_target(struct bundle *b, const struct vfile *f)
{
	struct bundle_target *t;

	for (size_t i = 0; i < b->nr_targets; i++)
		if (!strcmp(b->targets[i].path, f->name))
			return 0;
	t = realloc(b->targets, (b->nr_targets + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	b->targets = t;
	t += b->nr_targets;
	t->kind = f->flags & VFILE_F_BLOCKDEV ? BUNDLE_T_BLOCK :
		  f->flags & VFILE_F_CHARDEV ? BUNDLE_T_CHAR : BUNDLE_T_FILE;
	t->size = f->real_size;
	t->path = strdup(f->name);
	if (!t->path)
		return -ENOMEM;
	b->nr_targets++;
	return 0;
}

/* One job's targets and references: refused (2) if the bundle is one. */
static int job_targets(struct bundle *b, const struct job *j)
{
	for (unsigned f = 0; f < j->nr_files; f++) {
		const char *name = j->files[f].name;

		if (is_target(b->path, name) ||
		    (j->mfiles && j->mfiles[f].name && is_target(b->path, j->mfiles[f].name))) {
			fprintf(stderr, "verio: bundle '%s' is %s of job '%s' ('%s'): a bundle "
				"is never written into a target\n", b->path,
				is_target(b->path, name) ? "a target" : "a mirror reference",
				j->o.name, is_target(b->path, name) ? name : j->mfiles[f].name);
			return 2;
		}
		if (note_target(b, &j->files[f]))
			return 3;
	}
	if (j->o.write_history && *j->o.write_history && is_target(b->path, j->o.write_history)) {
		fprintf(stderr, "verio: bundle '%s' is the write history of job '%s': a bundle "
			"never overwrites a file of the run\n", b->path, j->o.name);
		return 2;
	}
	return 0;
}

int bundle_targets(struct bundle *b, const struct job *jobs, size_t nr)
{
	b->started_s = (int64_t)time(NULL);
	for (size_t i = 0; i < nr; i++) {
		int code = job_targets(b, &jobs[i]);

		if (code) {
			if (code == 3)
				fprintf(stderr, "verio: out of memory\n");
			return code;
		}
		b->run_id = jobs[i].run_id;
	}
	return 0;
}

/* ---- the list of files ------------------------------------------------------------ */

struct bentry {
	char *name;		/* under verio-bundle/ */
	const char *role;	/* MANIFEST.json "role" (static) */
	char *src;		/* the file to copy, or NULL: data */
	int fd;			/* src opened, -1 before */
	char *data;		/* the content when src is NULL (owned) */
	size_t len;
};

struct blist {
	struct bentry *e;
	size_t nr;
	int err;		/* -ENOMEM once anything failed to be listed */
};

static bool blist_has(const struct blist *l, const char *name)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->e[i].name, name))
			return true;
	return false;
}

/* Append an entry (name and src are copied, data is taken). */
static struct bentry *blist_add(struct blist *l, const char *name, const char *role,
				const char *src, char *data, size_t len)
{
	struct bentry *n = realloc(l->e, (l->nr + 1) * sizeof(*n));

	if (!n) {
		free(data);
		l->err = -ENOMEM;
		return NULL;
	}
	l->e = n;
	n += l->nr;
	*n = (struct bentry){ .role = role, .fd = -1, .data = data, .len = len };
	n->name = strdup(name);
	n->src = src ? strdup(src) : NULL;
	if (!n->name || (src && !n->src)) {
		free(n->name);
		free(n->src);
		free(data);
		l->err = -ENOMEM;
		return NULL;
	}
	l->nr++;
	return n;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Add the file at src as DIR/<its base name> (".2", ".3"... when taken). */
static void add_file_as(struct blist *l, const char *dir, const char *src, const char *role)
{
	char name[PATH_MAX];
	struct stat sb;

	if (stat(src, &sb) || !S_ISREG(sb.st_mode))
		return;
	for (size_t i = 0; i < l->nr; i++)
		if (l->e[i].src && !strcmp(l->e[i].src, src))
			return;		/* already in */
	snprintf(name, sizeof(name), "%s/%s", dir, base_name(src));
	for (unsigned k = 2; blist_has(l, name); k++)
		snprintf(name, sizeof(name), "%s/%s.%u", dir, base_name(src), k);
	blist_add(l, name, role, src, NULL, 0);
}

static void blist_free(struct blist *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->e[i].name);
		free(l->e[i].src);
		free(l->e[i].data);
		if (l->e[i].fd >= 0)
			close(l->e[i].fd);
	}
	free(l->e);
}

/* ---- what goes in ------------------------------------------------------------------- */

/* One argument as sh reads it back: as is when safe, else single-quoted. */
static void shell_quote(FILE *f, const char *arg)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_-+=./:,@%^";

	if (*arg && strspn(arg, safe) == strlen(arg)) {
		fputs(arg, f);
		return;
	}
	fputc('\'', f);
	for (; *arg; arg++)
		if (*arg == '\'')
			fputs("'\\''", f);
		else
			fputc(*arg, f);
	fputc('\'', f);
}

/* Text written by fn(arg, stream) into memory, added as name. */
static void add_text(struct blist *l, const char *name, const char *role,
		     void (*fn)(FILE *, const void *), const void *arg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		l->err = -ENOMEM;
		return;
	}
	fn(f, arg);
	if (fclose(f) || !text) {
		free(text);
		l->err = -ENOMEM;
		return;
	}
	blist_add(l, name, role, NULL, text, len);
}

static void print_cmdline(FILE *f, const void *arg)
{
	const struct run_config *cfg = arg;

	for (int i = 0; i < cfg->argc; i++) {
		if (i)
			fputc(' ', f);
		shell_quote(f, cfg->argv[i]);
	}
	fputc('\n', f);
}

/* An include that is not where it was named may be beside an earlier file. */
static void add_job_file(struct blist *l, const struct run_config *cfg, size_t i)
{
	const char *p = cfg->job_files[i];
	char alt[PATH_MAX];
	struct stat sb;

	if (p[0] != '/' && stat(p, &sb)) {
		for (size_t k = 0; k < i; k++) {
			const char *s = strrchr(cfg->job_files[k], '/');

			if (!s)
				continue;
			snprintf(alt, sizeof(alt), "%.*s/%s", (int)(s - cfg->job_files[k]),
				 cfg->job_files[k], p);
			if (!stat(alt, &sb)) {
				p = alt;
				break;
			}
		}
	}
	add_file_as(l, "jobs", p, "job_file");
}

static void add_jobs(struct blist *l, const struct run_config *cfg)
{
	char *ini;

	for (size_t i = 0; i < cfg->nr_job_files; i++)
		add_job_file(l, cfg, i);
	if (!cfg->cmd_ini)
		return;
	ini = strdup(cfg->cmd_ini);
	if (ini)
		blist_add(l, "jobs/command-line.ini", "job_file", NULL, ini, strlen(ini));
	else
		l->err = -ENOMEM;
}

/* "<dir>/<name>.<offset>": the three dump files of one unit. */
static void add_dump_prefix(struct blist *l, const char *prefix)
{
	static const char *const ext[][2] = {
		{ "received", "dump_received" },
		{ "expected", "dump_expected" },
		{ "json", "dump_json" },
	};
	char path[sizeof(((struct verify_incident *)0)->dump) + 16];

	for (size_t i = 0; i < ARRAY_SIZE(ext); i++) {
		snprintf(path, sizeof(path), "%s.%s", prefix, ext[i][0]);
		add_file_as(l, "dumps", path, ext[i][1]);
	}
}

/* Is name "<base>.<digits>.received|expected|json"? */
static bool dump_name_of(const char *name, const char *base)
{
	size_t n = strlen(base);
	const char *p = name + n, *dot;

	if (strncmp(name, base, n) || *p != '.' || !isdigit((unsigned char)p[1]))
		return false;
	for (p++; isdigit((unsigned char)*p); p++)
		;
	dot = p;
	return !strcmp(dot, ".received") || !strcmp(dot, ".expected") || !strcmp(dot, ".json");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The JSON report keeps 16 incidents per job, but every failing unit
 * was dumped: the other dumps of the same target in the same directory,
 * written during this run (mtime), go in too, in name order.
 */
static void scan_dumps(struct blist *l, const char *prefix, int64_t since)
{
	const char *slash = strrchr(prefix, '/'), *dot = strrchr(prefix, '.');
	char dir[PATH_MAX], base[NAME_MAX + 1], path[PATH_MAX + NAME_MAX + 2];
	char **names = NULL;
	size_t nr = 0;
	struct dirent *d;
	DIR *dh;

	if (!slash || !dot || dot < slash)
		return;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - prefix), prefix);
	snprintf(base, sizeof(base), "%.*s", (int)(dot - slash - 1), slash + 1);
	dh = opendir(*dir ? dir : "/");
	if (!dh)
		return;
	while ((d = readdir(dh))) {
		struct stat sb;
		char **n;

		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (!dump_name_of(d->d_name, base) || stat(path, &sb) ||
		    (int64_t)sb.st_mtime < since || !(n = realloc(names, (nr + 1) * sizeof(*n))))
			continue;
		names = n;
		if ((names[nr] = strdup(path)))
			nr++;
	}
	closedir(dh);
	qsort(names, nr, sizeof(*names), cmp_str);
	for (size_t i = 0; i < nr; i++) {
		char *e = strrchr(names[i], '.');

		*e = '\0';	/* back to the unit's prefix */
		add_dump_prefix(l, names[i]);
		free(names[i]);
	}
	free(names);
}

static void add_dumps(struct blist *l, const struct bundle *b, const struct bundle_run *r)
{
	/* Mtimes have a coarse clock: a second of slack before preflight. */
	int64_t since = b->started_s - 1;

	for (size_t i = 0; i < r->nr; i++) {
		const struct verify_stats *vs = &r->res[i].st.verify;

		for (unsigned k = 0; k < vs->nr_inc; k++)
			if (vs->inc[k].dump[0])
				add_dump_prefix(l, vs->inc[k].dump);
	}
	for (size_t i = 0; i < r->nr; i++) {
		const struct verify_stats *vs = &r->res[i].st.verify;

		for (unsigned k = 0; k < vs->nr_inc; k++)
			if (vs->inc[k].dump[0])
				scan_dumps(l, vs->inc[k].dump, since);
	}
}

static void add_state(struct blist *l, const struct bundle_run *r)
{
	char journal[PATH_MAX];

	for (size_t i = 0; i < r->nr; i++) {
		const char *p = r->res[i].vcheck.state_path;

		if (!p)
			continue;
		snprintf(journal, sizeof(journal), "%s.journal", p);
		add_file_as(l, "state", p, "state");
		add_file_as(l, "state", journal, "journal");
	}
}

/* ---- history/ ------------------------------------------------------------------------------ */

struct ranges {
	struct vhist_range *r;
	char **names;		/* owned file names, one per range */
	size_t nr;
};

static void ranges_add(struct ranges *g, struct blist *l, const char *file, uint64_t off,
		       uint64_t len)
{
	struct vhist_range *r;
	char **n;

	for (size_t i = 0; i < g->nr; i++)
		if (g->r[i].off == off && g->r[i].len == len && !strcmp(g->names[i], file))
			return;
	r = realloc(g->r, (g->nr + 1) * sizeof(*r));
	if (r)
		g->r = r;
	n = realloc(g->names, (g->nr + 1) * sizeof(*n));
	if (n)
		g->names = n;
	if (!r || !n || !(n[g->nr] = strdup(file))) {
		l->err = -ENOMEM;
		return;
	}
	r[g->nr] = (struct vhist_range){ .file = n[g->nr], .off = off, .len = len };
	g->nr++;
}

static void ranges_free(struct ranges *g)
{
	for (size_t i = 0; i < g->nr; i++)
		free(g->names[i]);
	free(g->names);
	free(g->r);
}

/*
 * The failing units: the report's incidents, and every unit dumped (the
 * dump .json files bundled name the others, beyond the 16 per job).
 */
static void failing_units(struct ranges *g, struct blist *l, const struct bundle_run *r)
{
	struct verify_incident inc;
	char name[PATH_MAX];

	for (size_t i = 0; i < r->nr; i++) {
		const struct verify_stats *vs = &r->res[i].st.verify;

		for (unsigned k = 0; k < vs->nr_inc; k++)
			ranges_add(g, l, vs->inc[k].file, vs->inc[k].offset, vs->inc[k].len);
	}
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->e[i].role, "dump_json") &&
		    !incident_read_json(l->e[i].src, &inc, name, sizeof(name)))
			ranges_add(g, l, inc.file, inc.offset, inc.len);
}

/* Is path the same file as an earlier job's write_history? */
static bool history_seen(const struct run_config *cfg, size_t i)
{
	const char *p = cfg->jobs[i].o.write_history;

	for (size_t k = 0; k < i; k++) {
		const char *q = cfg->jobs[k].o.write_history;

		if (q && *q && (!strcmp(p, q) || is_target(p, q)))
			return true;
	}
	return false;
}

/* One history, sliced into a temporary file beside the bundle (in tmps). */
static void add_one_history(struct blist *l, struct blist *tmps, const char *bundle,
			    const char *path, const struct ranges *g)
{
	char tmp[PATH_MAX], why[256] = "", name[PATH_MAX];
	int fd, e;

	snprintf(tmp, sizeof(tmp), "%s.histXXXXXX", bundle);
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = -errno;
	} else {
		close(fd);
		if (!blist_add(tmps, tmp, "tmp", tmp, NULL, 0)) {
			unlink(tmp);
			return;
		}
		e = vhist_slice(path, tmp, g->r, g->nr, why, sizeof(why));
	}
	if (e) {
		fprintf(stderr, "verio: bundle '%s': cannot slice the write history '%s': %s "
			"(left out)\n", bundle, path, *why ? why : strerror(-e));
		return;
	}
	snprintf(name, sizeof(name), "history/%s", base_name(path));
	for (unsigned k = 2; blist_has(l, name); k++)
		snprintf(name, sizeof(name), "history/%s.%u", base_name(path), k);
	blist_add(l, name, "history", tmp, NULL, 0);
}

/* Each write history of the run, sliced to the failing units (none: left out). */
static void add_history(struct blist *l, struct blist *tmps, const struct bundle *b,
			const struct bundle_run *r)
{
	const struct run_config *cfg = r->cfg;
	struct ranges g = { 0 };

	failing_units(&g, l, r);
	for (size_t i = 0; g.nr && !l->err && i < cfg->nr_jobs; i++) {
		const char *p = cfg->jobs[i].o.write_history;

		if (p && *p && !history_seen(cfg, i))
			add_one_history(l, tmps, b->path, p, &g);
	}
	ranges_free(&g);
}

/* ---- environment.json ----------------------------------------------------------------- */

/* The first line of dir/name, trimmed, into buf ("" when unreadable). */
static const char *sysfs_line(const char *dir, const char *name, char *buf, size_t cap)
{
	char path[PATH_MAX + 64];
	ssize_t n;
	int fd;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return buf;
	n = read_full(fd, buf, cap - 1, NULL);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	for (n = (ssize_t)strlen(buf); n > 0 && isspace((unsigned char)buf[n - 1]); n--)
		buf[n - 1] = '\0';
	return buf;
}

/* The sysfs directory of the disk holding block device dev (a partition's parent). */
static bool sysfs_disk(dev_t dev, char *out, size_t cap)
{
	char link[64], real[PATH_MAX], q[PATH_MAX + 8];
	struct stat sb;
	char *s;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(dev), minor(dev));
	if (!realpath(link, real))
		return false;
	snprintf(q, sizeof(q), "%s/queue", real);
	if (stat(q, &sb)) {
		s = strrchr(real, '/');
		if (!s)
			return false;
		*s = '\0';
		snprintf(q, sizeof(q), "%s/queue", real);
		if (stat(q, &sb))
			return false;
	}
	snprintf(out, cap, "%s", real);
	return true;
}

static void json_num_or_null(struct json_writer *w, const char *key, const char *v)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 10);

	if (*v && !*end)
		json_u64(w, key, n);
	else
		json_null(w, key);
}

static void json_str_or_null(struct json_writer *w, const char *key, const char *v)
{
	if (*v)
		json_str(w, key, v);
	else
		json_null(w, key);
}

/* The device's fields; null when there is no block device (tmpfs...). */
static void json_device(struct json_writer *w, bool have, const char *sys, const char *of)
{
	char v[256];
	const char *open_b, *close_b;

	if (!have)
		sys = "/nonexistent";
	json_str_or_null(w, "device", have ? base_name(sys) : "");
	json_str_or_null(w, "device_of", have ? of : "");
	json_str_or_null(w, "device_model", sysfs_line(sys, "device/model", v, sizeof(v)));
	json_num_or_null(w, "logical_block_size",
			 sysfs_line(sys, "queue/logical_block_size", v, sizeof(v)));
	json_num_or_null(w, "physical_block_size",
			 sysfs_line(sys, "queue/physical_block_size", v, sizeof(v)));
	json_str_or_null(w, "write_cache", sysfs_line(sys, "queue/write_cache", v, sizeof(v)));
	/* "mq-deadline [none]": the one in brackets is in use. */
	sysfs_line(sys, "queue/scheduler", v, sizeof(v));
	open_b = strchr(v, '[');
	close_b = open_b ? strchr(open_b, ']') : NULL;
	if (open_b && close_b) {
		memmove(v, open_b + 1, (size_t)(close_b - open_b - 1));
		v[close_b - open_b - 1] = '\0';
	}
	json_str_or_null(w, "scheduler", v);
	sysfs_line(sys, "queue/rotational", v, sizeof(v));
	if (*v)
		json_bool(w, "rotational", strcmp(v, "0") != 0);
	else
		json_null(w, "rotational");
}

static void json_target(struct json_writer *w, const struct bundle_target *t)
{
	static const char *const kind[] = { "file", "block", "char" };
	char sys[PATH_MAX];
	struct stat sb = { .st_mode = 0 };
	bool have = false;
	uint64_t size = t->size;

	json_obj_begin(w, NULL);
	json_str(w, "path", t->path);
	json_str(w, "type", kind[t->kind]);
	if (!stat(t->path, &sb)) {
		if (S_ISREG(sb.st_mode))
			size = (uint64_t)sb.st_size;
		if (S_ISBLK(sb.st_mode))
			have = sysfs_disk(sb.st_rdev, sys, sizeof(sys));
		else if (S_ISREG(sb.st_mode))
			have = sysfs_disk(sb.st_dev, sys, sizeof(sys));
	}
	json_u64(w, "size", size);
	json_device(w, have, sys, S_ISBLK(sb.st_mode) ? "target" : "filesystem");
	json_obj_end(w);
}

static void print_environment(FILE *f, const void *arg)
{
	const struct bundle *b = arg;
	struct json_writer w;
	struct utsname u;
	bool have = !uname(&u);

	json_init(&w, f);
	json_obj_begin(&w, NULL);
	json_obj_begin(&w, "kernel");
	json_str(&w, "sysname", have ? u.sysname : "");
	json_str(&w, "nodename", have ? u.nodename : "");
	json_str(&w, "release", have ? u.release : "");
	json_str(&w, "version", have ? u.version : "");
	json_str(&w, "machine", have ? u.machine : "");
	json_obj_end(&w);
	json_str(&w, "hostname", have ? u.nodename : "");
	json_arr_begin(&w, "targets");
	for (size_t i = 0; i < b->nr_targets; i++)
		json_target(&w, &b->targets[i]);
	json_arr_end(&w);
	json_obj_end(&w);
	(void)json_finish(&w);
}

/* ---- MANIFEST.json --------------------------------------------------------------------- */

struct manifest_arg {
	const struct bundle *b;
	const struct bundle_run *r;
	const struct blist *l;
	time_t now;
};

static void print_manifest(FILE *f, const void *arg)
{
	const struct manifest_arg *m = arg;
	struct json_writer w;
	struct tm tm;
	char created[32] = "";

	if (gmtime_r(&m->now, &tm))
		strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_init(&w, f);
	json_obj_begin(&w, NULL);
	json_str(&w, "format", "verio-bundle");
	json_u64(&w, "version", 1);
	json_str(&w, "verio_version", VERIO_VERSION);
	json_obj_begin(&w, "build");
	json_str(&w, "compiler", BUNDLE_COMPILER);
#ifdef CONFIG_LIBARCHIVE
	json_str(&w, "libarchive", archive_version_string());
#endif
	json_obj_end(&w);
	json_u64(&w, "run_id", m->b->run_id);
	json_str(&w, "created", created);
	json_i64(&w, "exit_status", m->r->exit_status);
	json_arr_begin(&w, "command_line");
	for (int i = 0; i < m->r->cfg->argc; i++)
		json_str(&w, NULL, m->r->cfg->argv[i]);
	json_arr_end(&w);
	json_arr_begin(&w, "files");
	for (size_t i = 0; i < m->l->nr; i++) {
		json_obj_begin(&w, NULL);
		json_str(&w, "path", m->l->e[i].name);
		json_str(&w, "role", m->l->e[i].role);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	json_obj_end(&w);
	(void)json_finish(&w);
}

/* ---- the archive ------------------------------------------------------------------------ */

/* Open every file to copy; one that cannot be read is left out (warned). */
static void open_sources(struct blist *l, const char *bundle)
{
	size_t k = 0;

	for (size_t i = 0; i < l->nr; i++) {
		struct bentry *e = &l->e[i];

		if (e->src && (e->fd = open(e->src, O_RDONLY | O_CLOEXEC)) < 0) {
			fprintf(stderr, "verio: bundle '%s': cannot read '%s': %s (left out)\n",
				bundle, e->src, strerror(errno));
			free(e->name);
			free(e->src);
			continue;
		}
		l->e[k++] = *e;
	}
	l->nr = k;
}

#ifdef CONFIG_LIBARCHIVE
static int ar_header(struct archive *a, const char *name, int64_t size, time_t mtime)
{
	struct archive_entry *e = archive_entry_new();
	char full[PATH_MAX + 32];
	int r;

	if (!e)
		return -ENOMEM;
	snprintf(full, sizeof(full), BUNDLE_TOP "%s", name);
	archive_entry_set_pathname(e, full);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, mtime, 0);
	r = archive_write_header(a, e);
	archive_entry_free(e);
	return r < ARCHIVE_WARN ? -EIO : 0;
}

static int ar_data(struct archive *a, const void *p, size_t len)
{
	while (len) {
		la_ssize_t n = archive_write_data(a, p, len);

		if (n <= 0)
			return -EIO;
		p = (const char *)p + n;
		len -= (size_t)n;
	}
	return 0;
}

/* A file's content, exactly its size at the header (zeroes if it shrank). */
static int ar_file(struct archive *a, const struct bentry *e)
{
	static char buf[64 * 1024];
	struct stat sb;
	uint64_t left;
	int ret;

	if (fstat(e->fd, &sb))
		return -errno;
	ret = ar_header(a, e->name, sb.st_size, sb.st_mtime);
	for (left = (uint64_t)sb.st_size; !ret && left;) {
		size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		ssize_t n = read_full(e->fd, buf, want, NULL);

		if (n < 0)
			return (int)n;
		memset(buf + n, 0, want - (size_t)n);
		ret = ar_data(a, buf, want);
		left -= want;
	}
	return ret;
}

static int ar_entries(struct archive *a, const struct blist *l, const struct bentry *manifest,
		      time_t now)
{
	int ret = ar_header(a, manifest->name, (int64_t)manifest->len, now);

	if (!ret)
		ret = ar_data(a, manifest->data, manifest->len);
	for (size_t i = 0; !ret && i < l->nr; i++) {
		const struct bentry *e = &l->e[i];

		if (e->src) {
			ret = ar_file(a, e);
		} else {
			ret = ar_header(a, e->name, (int64_t)e->len, now);
			if (!ret)
				ret = ar_data(a, e->data, e->len);
		}
	}
	return ret;
}

/*
 * Where the archive's bytes go. A failed write is remembered here and the
 * bytes are dropped, so libarchive itself never sees a failure: it frees
 * its compressor only on a clean close, and leaks it after a fatal error.
 */
struct ar_sink {
	int fd;
	int err;			/* the first write's errno, else 0 */
};

static la_ssize_t ar_sink_write(struct archive *a, void *arg, const void *p, size_t len)
{
	struct ar_sink *s = arg;

	(void)a;
	if (!s->err) {
		ssize_t n = write_full(s->fd, p, len, NULL);

		if (n < 0)
			s->err = (int)-n;
		else if ((size_t)n < len)
			s->err = ENOSPC;	/* a write that took nothing */
	}
	return (la_ssize_t)len;
}

/* The archive on fd: gzip over pax (ustar where that suffices). */
static int ar_write(int fd, const struct blist *l, const struct bentry *manifest,
		    time_t now, char *err, size_t cap)
{
	struct archive *a = archive_write_new();
	struct ar_sink sink = { .fd = fd };
	int ret;

	if (!a)
		return -ENOMEM;
	ret = archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	      archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	      archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	      archive_write_open2(a, &sink, NULL, ar_sink_write, NULL, NULL) != ARCHIVE_OK
	      ? -EIO : 0;
	if (!ret)
		ret = ar_entries(a, l, manifest, now);
	if (archive_write_close(a) != ARCHIVE_OK && !ret)
		ret = -EIO;
	/* The first failure's reason: the system's when there is one. */
	if (sink.err) {
		ret = -sink.err;
		snprintf(err, cap, "%s", strerror(sink.err));
	} else if (ret && archive_errno(a) > 0) {
		snprintf(err, cap, "%s", strerror(archive_errno(a)));
	} else if (ret && archive_error_string(a)) {
		snprintf(err, cap, "%s", archive_error_string(a));
	}
	archive_write_free(a);
	return ret;
}
#endif /* CONFIG_LIBARCHIVE */

/* Write to a temporary file beside the bundle, then rename it over. */
static int write_archive(const char *path, const struct blist *l,
			 const struct bentry *manifest, time_t now)
{
	char tmp[PATH_MAX], err[256] = "";
	int fd, ret = -ENOTSUP;
	mode_t mask;

	snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = -errno;
		fprintf(stderr, "verio: cannot write bundle '%s': %s: %s\n", path, tmp,
			strerror(-ret));
		return ret;
	}
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
#ifdef CONFIG_LIBARCHIVE
	ret = ar_write(fd, l, manifest, now, err, sizeof(err));
#else
	(void)l;
	(void)manifest;
	(void)now;
#endif
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		fprintf(stderr, "verio: cannot write bundle '%s': %s\n", path,
			*err ? err : strerror(-ret));
	}
	return ret;
}

/* The last line of defence: the bundle never replaces a file it holds. */
static int overwrites_source(const struct blist *l, const char *path)
{
	for (size_t i = 0; i < l->nr; i++) {
		if (l->e[i].src && is_target(path, l->e[i].src)) {
			fprintf(stderr, "verio: bundle '%s' is '%s', a file of the run it would "
				"hold\n", path, l->e[i].src);
			return -EEXIST;
		}
	}
	return 0;
}

/* Every file of the bundle but MANIFEST.json, in archive order. */
static void collect(struct blist *l, struct blist *tmps, const struct bundle *b,
		    const struct bundle_run *r)
{
	add_text(l, "command_line.txt", "command_line", print_cmdline, r->cfg);
	add_jobs(l, r->cfg);
	if (r->report_json) {
		char *copy = malloc(r->report_json_len + 1);

		if (copy) {
			memcpy(copy, r->report_json, r->report_json_len);
			blist_add(l, "report.json", "report", NULL, copy, r->report_json_len);
		} else {
			l->err = -ENOMEM;
		}
	}
	add_dumps(l, b, r);
	add_state(l, r);
	add_history(l, tmps, b, r);
	add_text(l, "environment.json", "environment", print_environment, b);
}

int bundle_write(const struct bundle *b, const struct bundle_run *r)
{
	struct blist l = { 0 }, m = { 0 }, tmps = { 0 };
	struct manifest_arg ma = { .b = b, .r = r, .l = &l, .now = time(NULL) };
	int ret;

	collect(&l, &tmps, b, r);
	if (!l.err)
		open_sources(&l, b->path);
	if (!l.err)
		l.err = overwrites_source(&l, b->path);
	if (!l.err)
		add_text(&m, "MANIFEST.json", "manifest", print_manifest, &ma);
	ret = l.err ? l.err : m.err;
	if (ret)
		fprintf(stderr, "verio: cannot write bundle '%s': %s\n", b->path, strerror(-ret));
	else
		ret = write_archive(b->path, &l, &m.e[0], ma.now);
	if (!ret)
		ret = (int)l.nr;
	blist_free(&m);
	blist_free(&l);
	for (size_t i = 0; i < tmps.nr; i++)
		unlink(tmps.e[i].src);
	blist_free(&tmps);
	return ret;
}
