/*
 * inspect-bundle.c - `verio inspect BUNDLE.tar.gz`: a repro bundle (the
 * layout in docs/format.md, "Repro bundle"), read with libarchive into a
 * private temporary directory (mkdtemp, removed after), its manifest
 * summarised (version, command line, environment), then every dump in it
 * inspected as `verio inspect X.received X.expected` would, with the
 * bundle's saved state (the one whose target and region hold the unit)
 * and its write histories.
 *
 * Extraction is defensive: only regular files and directories under the
 * top directory "verio-bundle/", no "..", no absolute path, no link, at
 * most BUNDLE_MAX bytes in all.
 */
#include "compat.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>

#ifdef CONFIG_LIBARCHIVE
#include <archive.h>
#include <archive_entry.h>
#endif

#include "cmd/inspect.h"
#include "fdio.h"
#include "verify/incident.h"
#include "verify/state.h"

#define BUNDLE_TOP	"verio-bundle/"
#define BUNDLE_MAX	(1ull << 30)	/* bytes extracted, at most */
#define BUNDLE_FILES	256		/* dumps, states, histories: at most */

bool insp_is_bundle(const char *path)
{
	uint8_t b[512];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = pread_full(fd, b, sizeof(b), 0, NULL);
	close(fd);
	/* gzip, or a plain tar ("ustar" at 257). */
	return (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) ||
	       (n >= 262 && !memcmp(b + 257, "ustar", 5));
}

/* ---- a small JSON walker for the manifest and environment ------------- */

/*
 * Calls fn(arg, path, value, is_string) for every scalar of a JSON text,
 * path like "files[2].role" or "kernel.release" (truncated past 128
 * bytes).  Strings are unescaped loosely (\uXXXX above 0x7f becomes '?').
 * Returns 0, or -EBADMSG on malformed input.
 */
struct jwalk {
	const char *p, *end;
	void (*fn)(void *arg, const char *path, const char *val, bool is_str);
	void *arg;
	int depth;
};

static void jw_ws(struct jwalk *w)
{
	while (w->p < w->end && strchr(" \t\r\n", *w->p))
		w->p++;
}

static int jw_string(struct jwalk *w, char *out, size_t cap)
{
	size_t n = 0;

	if (w->p >= w->end || *w->p != '"')
		return -EBADMSG;
	for (w->p++; w->p < w->end && *w->p != '"'; w->p++) {
		char c = *w->p;

		if (c == '\\') {
			if (++w->p >= w->end)
				return -EBADMSG;
			c = *w->p;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'r' || c == 'b' || c == 'f')
				c = ' ';
			else if (c == 'u') {
				unsigned v = 0;

				if (w->end - w->p < 5 || sscanf(w->p + 1, "%4x", &v) != 1)
					return -EBADMSG;
				w->p += 4;
				c = v >= 0x20 && v < 0x7f ? (char)v : '?';
			}
		}
		if (n + 1 < cap)
			out[n++] = c;
	}
	if (w->p >= w->end)
		return -EBADMSG;
	w->p++;
	out[n] = '\0';
	return 0;
}

static int jw_value(struct jwalk *w, char *path, size_t plen);

static int jw_container(struct jwalk *w, char *path, size_t plen, bool arr)
{
	char key[256];
	int r;

	if (++w->depth > 32)
		return -EBADMSG;
	w->p++;
	jw_ws(w);
	for (unsigned i = 0; w->p < w->end && *w->p != (arr ? ']' : '}'); i++) {
		if (i) {
			if (*w->p != ',')
				return -EBADMSG;
			w->p++;
			jw_ws(w);
		}
		if (arr) {
			snprintf(key, sizeof(key), "[%u]", i);
		} else {
			key[0] = '.';
			if ((r = jw_string(w, key + !!plen, sizeof(key) - 1)))
				return r;
			jw_ws(w);
			if (w->p >= w->end || *w->p++ != ':')
				return -EBADMSG;
		}
		snprintf(path + plen, 128 > plen ? 128 - plen : 0, "%s", key);
		jw_ws(w);
		if ((r = jw_value(w, path, strlen(path))))
			return r;
		path[plen] = '\0';
		jw_ws(w);
	}
	if (w->p >= w->end)
		return -EBADMSG;
	w->p++;
	w->depth--;
	return 0;
}

static int jw_value(struct jwalk *w, char *path, size_t plen)
{
	char val[4096];
	size_t n = 0;
	int r;

	if (w->p >= w->end)
		return -EBADMSG;
	if (*w->p == '{' || *w->p == '[')
		return jw_container(w, path, plen, *w->p == '[');
	if (*w->p == '"') {
		if ((r = jw_string(w, val, sizeof(val))))
			return r;
		w->fn(w->arg, path, val, true);
		return 0;
	}
	while (w->p < w->end && !strchr(",]} \t\r\n", *w->p) && n + 1 < sizeof(val))
		val[n++] = *w->p++;
	if (!n)
		return -EBADMSG;
	val[n] = '\0';
	w->fn(w->arg, path, val, false);
	return 0;
}

static int jwalk(const char *text, size_t len,
		 void (*fn)(void *arg, const char *path, const char *val, bool is_str), void *arg)
{
	struct jwalk w = { .p = text, .end = text + len, .fn = fn, .arg = arg };
	char path[160] = "";
	int r;

	jw_ws(&w);
	if (w.p >= w.end || *w.p != '{')
		return -EBADMSG;
	r = jw_value(&w, path, 0);
	jw_ws(&w);
	return r ? r : w.p == w.end ? 0 : -EBADMSG;
}

/* ---- the bundle ------------------------------------------------------- */

struct bundle {
	const char *path;
	char dir[4096];			/* the temporary directory */
	char top[4200];			/* dir/verio-bundle */
	/* From MANIFEST.json. */
	bool is_verio;
	uint64_t version, exit_status;
	char verio_version[64], run_id[32], created[64];
	char cmdline[4096];		/* command_line.txt, else the argv joined */
	/* Files found. */
	char *dumps[BUNDLE_FILES], *states[BUNDLE_FILES], *hists[BUNDLE_FILES];
	unsigned ndumps, nstates, nhists;
};

static void on_manifest(void *arg, const char *path, const char *val, bool is_str)
{
	struct bundle *b = arg;
	size_t n;

	if (!strcmp(path, "format"))
		b->is_verio = is_str && !strcmp(val, "verio-bundle");
	else if (!strcmp(path, "version"))
		b->version = strtoull(val, NULL, 10);
	else if (!strcmp(path, "exit_status"))
		b->exit_status = strtoull(val, NULL, 10);
	else if (!strcmp(path, "verio_version"))
		snprintf(b->verio_version, sizeof(b->verio_version), "%s", val);
	else if (!strcmp(path, "run_id") && !is_str && val[0] >= '0' && val[0] <= '9')
		snprintf(b->run_id, sizeof(b->run_id), "0x%016llx", strtoull(val, NULL, 10));
	else if (!strcmp(path, "run_id"))
		snprintf(b->run_id, sizeof(b->run_id), "%s", val);
	else if (!strcmp(path, "created"))
		snprintf(b->created, sizeof(b->created), "%s", val);
	else if (!strncmp(path, "command_line[", 13)) {
		/* argv joined; command_line.txt replaces it when present */
		n = strlen(b->cmdline);
		snprintf(b->cmdline + n, sizeof(b->cmdline) - n, "%s%s", n ? " " : "", val);
	}
}

/* A file of the bundle into memory (text, NUL-terminated). */
static char *read_text(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *t;
	ssize_t n;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || st.st_size > (16 << 20)) {
		close(fd);
		return NULL;
	}
	t = malloc((size_t)st.st_size + 1);
	n = t ? read_full(fd, t, (size_t)st.st_size, NULL) : -ENOMEM;
	close(fd);
	if (n < 0) {
		free(t);
		return NULL;
	}
	t[n] = '\0';
	*len = (size_t)n;
	return t;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path) ? -1 : 0;
}

static void bundle_cleanup(struct bundle *b)
{
	if (b->dir[0])
		(void)nftw(b->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	for (unsigned i = 0; i < b->ndumps; i++)
		free(b->dumps[i]);
	for (unsigned i = 0; i < b->nstates; i++)
		free(b->states[i]);
	for (unsigned i = 0; i < b->nhists; i++)
		free(b->hists[i]);
}

#ifdef CONFIG_LIBARCHIVE
/* An entry's path is safe: under the top directory, no "..", no "//". */
static bool safe_path(const char *p)
{
	if (strncmp(p, BUNDLE_TOP, strlen(BUNDLE_TOP)) && strcmp(p, "verio-bundle"))
		return false;
	for (const char *s = p; *s; s++)
		if ((s == p || s[-1] == '/') && s[0] == '.' && s[1] == '.' &&
		    (s[2] == '/' || !s[2]))
			return false;
	return !strstr(p, "//");
}

/* Make the directories of rel (a path under dir) that are missing. */
static int make_dirs(const char *dir, const char *rel, bool last_too)
{
	char p[8300];
	size_t n = (size_t)snprintf(p, sizeof(p), "%s/%s", dir, rel);

	if (n >= sizeof(p))
		return -ENAMETOOLONG;
	for (char *s = p + strlen(dir) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (last_too && mkdir(p, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

static int extract_entry(struct archive *a, struct archive_entry *e, const char *dir,
			 uint64_t *total)
{
	const char *name = archive_entry_pathname(e);
	char p[8300];
	uint8_t buf[65536];
	la_ssize_t n;
	int fd, r;

	if (!name || !safe_path(name))
		return -EPERM;
	if (archive_entry_filetype(e) == AE_IFDIR)
		return make_dirs(dir, name, true);
	if (archive_entry_filetype(e) != AE_IFREG)
		return -EPERM;
	if ((r = make_dirs(dir, name, false)))
		return r;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	r = 0;
	while (!r && (n = archive_read_data(a, buf, sizeof(buf))) > 0) {
		*total += (uint64_t)n;
		if (*total > BUNDLE_MAX)
			r = -EFBIG;
		else if (write_full(fd, buf, (size_t)n, NULL) != n)
			r = -EIO;
	}
	if (!r && n < 0)
		r = -EBADMSG;
	if (close(fd) && !r)
		r = -EIO;
	return r;
}

/* 0, or 2 with a message: not a readable archive, or an unsafe one. */
static int extract(struct bundle *b)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	uint64_t total = 0;
	int r = 0, ar;

	if (!a)
		return 3;
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_none(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, b->path, 65536) != ARCHIVE_OK) {
		fprintf(stderr, "verio: inspect: '%s' is not a verio bundle: %s\n", b->path,
			archive_error_string(a) ? archive_error_string(a) : "not an archive");
		archive_read_free(a);
		return 2;
	}
	while (!r && (ar = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		r = extract_entry(a, e, b->dir, &total);
	if (!r && ar != ARCHIVE_EOF)
		r = -EBADMSG;
	if (r) {
		fprintf(stderr, "verio: inspect: '%s' is not a verio bundle: %s\n", b->path,
			r == -EPERM ? "an entry outside 'verio-bundle/', or not a regular file"
			: r == -EFBIG ? "more than 1 GiB inside"
			: r == -EBADMSG ? (archive_error_string(a) ? archive_error_string(a)
					   : "a damaged archive")
			: strerror(-r));
		r = 2;
	}
	archive_read_free(a);
	return r;
}
#else
static int extract(struct bundle *b)
{
	fprintf(stderr, "verio: inspect: '%s' looks like a bundle, but this verio was built "
		"without libarchive (apt-get install libarchive-dev, then ./configure)\n", b->path);
	return 2;
}
#endif

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in top/sub with suffix (or without ".journal": states), sorted. */
static void list_dir(const struct bundle *b, const char *sub, const char *suffix,
		     char **out, unsigned *n)
{
	char p[8400];
	DIR *d;
	struct dirent *de;

	snprintf(p, sizeof(p), "%s/%s", b->top, sub);
	d = opendir(p);
	while (d && (de = readdir(d)) && *n < BUNDLE_FILES) {
		size_t l = strlen(de->d_name), k = strlen(suffix);
		bool journal = l > 8 && !strcmp(de->d_name + l - 8, ".journal");

		if (de->d_name[0] == '.')
			continue;
		if (suffix[0] ? l <= k || strcmp(de->d_name + l - k, suffix) : journal)
			continue;
		if (asprintf(&out[*n], "%s/%s", p, de->d_name) >= 0)
			(*n)++;
	}
	if (d)
		closedir(d);
	qsort(out, *n, sizeof(*out), cmp_str);
}

static int read_manifest(struct bundle *b)
{
	char p[8400];
	size_t len;
	char *t;
	int r;

	snprintf(p, sizeof(p), "%s/MANIFEST.json", b->top);
	t = read_text(p, &len);
	r = t ? jwalk(t, len, on_manifest, b) : -ENOENT;
	free(t);
	if (r || !b->is_verio) {
		fprintf(stderr, "verio: inspect: '%s' is not a verio bundle: %s\n", b->path,
			r == -ENOENT ? "no verio-bundle/MANIFEST.json in it"
			: r ? "its MANIFEST.json is not JSON"
			: "its MANIFEST.json does not say \"format\" : \"verio-bundle\"");
		return 2;
	}
	snprintf(p, sizeof(p), "%s/command_line.txt", b->top);
	t = read_text(p, &len);
	if (t) {
		while (len && (t[len - 1] == '\n' || t[len - 1] == '\r'))
			t[--len] = '\0';
		snprintf(b->cmdline, sizeof(b->cmdline), "%s", t);
		free(t);
	}
	list_dir(b, "dumps", ".received", b->dumps, &b->ndumps);
	list_dir(b, "state", "", b->states, &b->nstates);
	list_dir(b, "history", "", b->hists, &b->nhists);
	return 0;
}

/* ---- the summary ------------------------------------------------------ */

struct env_print {
	struct insp *ix;
	char group[64];		/* the text line being built: its group */
	char line[2048];
};

static void env_flush(struct env_print *ep)
{
	if (ep->line[0])
		printf("  %s: %s\n", ep->group, ep->line);
	ep->line[0] = '\0';
	ep->group[0] = '\0';
}

/* Text: one line per top-level key or array element of environment.json. */
static void on_env(void *arg, const char *path, const char *val, bool is_str)
{
	struct env_print *ep = arg;
	char group[64];
	const char *leaf;
	size_t gl = strcspn(path, "."), n;

	(void)is_str;
	if (ep->ix->json) {
		json_str(&ep->ix->jw, path, val);
		return;
	}
	snprintf(group, sizeof(group), "%.*s", (int)MIN_OF(gl, sizeof(group) - 1), path);
	if (strcmp(group, ep->group)) {
		env_flush(ep);
		snprintf(ep->group, sizeof(ep->group), "%s", group);
	}
	leaf = path[gl] ? path + gl + 1 : NULL;
	n = strlen(ep->line);
	if (leaf)
		snprintf(ep->line + n, sizeof(ep->line) - n, "%s%s=%s", n ? ", " : "", leaf, val);
	else
		snprintf(ep->line + n, sizeof(ep->line) - n, "%s%s", n ? " " : "", val);
}

static void summary(struct insp *ix, const struct bundle *b)
{
	struct env_print ep = { .ix = ix };
	char p[8400];
	size_t len;
	char *t;

	snprintf(p, sizeof(p), "%s/environment.json", b->top);
	t = read_text(p, &len);
	if (ix->json) {
		json_obj_begin(&ix->jw, "bundle");
		json_str(&ix->jw, "path", b->path);
		json_u64(&ix->jw, "version", b->version);
		json_str(&ix->jw, "verio_version", b->verio_version);
		json_str(&ix->jw, "run_id", b->run_id);
		json_str(&ix->jw, "created", b->created);
		json_u64(&ix->jw, "exit_status", b->exit_status);
		json_str(&ix->jw, "command_line", b->cmdline);
		json_u64(&ix->jw, "dumps", b->ndumps);
		json_u64(&ix->jw, "states", b->nstates);
		json_u64(&ix->jw, "histories", b->nhists);
		json_obj_begin(&ix->jw, "environment");
		if (t)
			(void)jwalk(t, len, on_env, &ep);
		json_obj_end(&ix->jw);
		json_obj_end(&ix->jw);
		free(t);
		return;
	}
	printf("bundle '%s': verio-bundle version %" PRIu64 ", verio %s, run %s, created %s, "
	       "exit status %" PRIu64 "\n", b->path, b->version,
	       b->verio_version[0] ? b->verio_version : "?", b->run_id[0] ? b->run_id : "?",
	       b->created[0] ? b->created : "?", b->exit_status);
	printf("  command line: %s\n", b->cmdline[0] ? b->cmdline : "(none recorded)");
	if (!t || jwalk(t, len, on_env, &ep))
		printf("  environment: %s\n", t ? "environment.json is not JSON" : "not recorded");
	env_flush(&ep);
	printf("  holds %u dump%s, %u state file%s, %u write histor%s\n", b->ndumps,
	       b->ndumps == 1 ? "" : "s", b->nstates, b->nstates == 1 ? "" : "s", b->nhists,
	       b->nhists == 1 ? "y" : "ies");
	free(t);
}

/* ---- the dumps -------------------------------------------------------- */

/* The loaded states; the one for a dump is the one whose region holds it. */
struct states {
	struct vstate s[BUNDLE_FILES];
	const char *path[BUNDLE_FILES];
	unsigned n;
};

static int load_states(const struct bundle *b, struct states *st)
{
	for (unsigned i = 0; i < b->nstates; i++) {
		int r = vstate_load(b->states[i], &st->s[st->n]);

		if (r) {
			fprintf(stderr, "verio: inspect: '%s' in bundle '%s' is not a verio state "
				"file: %s\n", strrchr(b->states[i], '/') + 1, b->path,
				vstate_load_error(r));
			return 2;
		}
		st->path[st->n++] = b->states[i];
	}
	return 0;
}

/* The base name of a target path. */
static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static struct vstate *state_for(struct states *st, const char *json_path, const char **path)
{
	struct verify_incident inc;
	char name[4096];

	*path = NULL;
	if (st->n == 1) {
		*path = st->path[0];
		return &st->s[0];
	}
	if (incident_read_json(json_path, &inc, name, sizeof(name)))
		return NULL;
	for (unsigned i = 0; i < st->n; i++) {
		for (unsigned f = 0; f < st->s[i].nr_files; f++) {
			const struct vstate_file *vf = &st->s[i].files[f];

			if (!strcmp(base_name(vf->name), base_name(inc.file)) &&
			    inc.offset >= vf->offset && inc.offset < vf->offset + vf->size) {
				*path = st->path[i];
				return &st->s[i];
			}
		}
	}
	return NULL;
}

static int inspect_dumps(struct insp *ix, const struct bundle *b, struct states *st)
{
	struct vstate *given = ix->state;	/* --state: used when the bundle has none */
	const char *given_path = ix->state_path;
	int r = 0;

	insp_units_begin(ix);
	for (unsigned i = 0; i < b->ndumps && r != 2 && r != 3; i++) {
		char exp[8400], js[8400];
		size_t n = strlen(b->dumps[i]) - strlen(".received");
		struct stat sb;
		int q;

		snprintf(exp, sizeof(exp), "%.*s.expected", (int)n, b->dumps[i]);
		snprintf(js, sizeof(js), "%.*s.json", (int)n, b->dumps[i]);
		ix->state = st->n ? state_for(st, js, &ix->state_path) : given;
		if (!st->n)
			ix->state_path = given_path;
		q = insp_dump_one(ix, b->dumps[i], stat(exp, &sb) ? NULL : exp);
		r = q > r ? q : r;
	}
	ix->state = given;
	ix->state_path = given_path;
	return r;
}

int insp_bundle(struct insp *ix, const char *path)
{
	struct bundle *b = calloc(1, sizeof(*b));
	struct states *st = calloc(1, sizeof(*st));
	const char *tmp = getenv("TMPDIR");
	int r = 0;

	if (!b || !st) {
		free(b);
		free(st);
		return 3;
	}
	b->path = path;
	snprintf(b->dir, sizeof(b->dir), "%s/verio-inspect.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(b->dir)) {
		fprintf(stderr, "verio: inspect: cannot make a temporary directory '%s': %s\n",
			b->dir, strerror(errno));
		b->dir[0] = '\0';
		r = 3;
	}
	snprintf(b->top, sizeof(b->top), "%s/verio-bundle", b->dir);
	/* Files are named as in the bundle: "verio-bundle/dumps/...". */
	snprintf(ix->strip, sizeof(ix->strip), "%s/", b->dir);
	if (!r)
		r = extract(b);
	if (!r)
		r = read_manifest(b);
	if (!r)
		r = load_states(b, st);
	for (unsigned i = 0; !r && i < b->nhists && i < INSP_HIST_MAX; i++)
		r = insp_history_open(ix, b->hists[i]);
	if (!r) {
		summary(ix, b);
		r = inspect_dumps(ix, b, st);
	}
	for (unsigned i = 0; i < st->n; i++)
		vstate_release(&st->s[i]);
	bundle_cleanup(b);
	ix->strip[0] = '\0';
	free(st);
	free(b);
	return r;
}
