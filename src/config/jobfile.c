/*
 * jobfile.c - read fio-syntax job files into sections, and turn
 * sections into jobs. The syntax is described in jobfile.h and
 * docs/job-file.md.
 */
#include "compat.h"

#include "emsg.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "config/jobfile.h"
#include "config/options.h"

/* ---- messages ------------------------------------------------------------- */

VERIO_PRINTF(4, 5)
static void jf_error(struct jobfile *jf, const char *file, unsigned line,
		     const char *fmt, ...)
{
	va_list ap;

	eprintf("verio: job file '%s' line %u: ", file, line);
	va_start(ap, fmt);
	veprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	jf->errors++;
}

VERIO_PRINTF(4, 5)
static void jf_warn(struct jobfile *jf, const char *file, unsigned line,
		    const char *fmt, ...)
{
	va_list ap;

	eprintf("verio: warning: job file '%s' line %u: ", file, line);
	va_start(ap, fmt);
	veprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	jf->warnings++;
}

/* ---- small helpers ----------------------------------------------------------- */

/* Grow *p (of *alloc elements of size elem) to hold at least need. */
static int grow(void *pp, size_t *alloc, size_t need, size_t elem)
{
	void **p = pp;
	size_t n = *alloc ? *alloc : 4;
	void *q;

	if (need <= *alloc)
		return 0;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * elem);
	if (!q)
		return -ENOMEM;
	*p = q;
	*alloc = n;
	return 0;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* Cut s at the first ';' or '#' that is not inside double quotes. */
static void strip_comment(char *s)
{
	bool quoted = false;

	for (; *s; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted && (*s == ';' || *s == '#')) {
			*s = '\0';
			return;
		}
	}
}

static bool is_global_name(const char *name)
{
	return !strncmp(name, "global", 6);
}

struct strbuf {
	char *buf;
	size_t len, alloc;
};

static int sb_add(struct strbuf *sb, const char *s, size_t n)
{
	if (grow(&sb->buf, &sb->alloc, sb->len + n + 1, 1))
		return -ENOMEM;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

/*
 * Replace each ${VAR} in v by the environment variable's value. fio
 * puts an empty string for an unset variable; so does verio, but it
 * warns, as "filename=${DIR}/x" silently becoming "/x" is dangerous.
 * Returns a new string, or NULL if out of memory.
 */
static char *expand_env(struct jobfile *jf, const char *v, const char *file,
			unsigned line)
{
	struct strbuf sb = { NULL, 0, 0 };
	int ret = sb_add(&sb, "", 0);

	while (!ret && *v) {
		const char *end = v[0] == '$' && v[1] == '{' ? strchr(v + 2, '}') : NULL;
		char name[256];
		const char *val;

		if (!end) {
			ret = sb_add(&sb, v++, 1);
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(end - v - 2), v + 2);
		val = *name ? getenv(name) : NULL;
		if (!val && *name)
			jf_warn(jf, file, line, "environment variable '%s' is not set; "
				"'${%s}' expands to nothing", name, name);
		if (val)
			ret = sb_add(&sb, val, strlen(val));
		v = end + 1;
	}
	if (ret) {
		free(sb.buf);
		return NULL;
	}
	return sb.buf;
}

/* ---- building a struct jobfile ---------------------------------------------- */

struct jobfile *jobfile_new(const char *path)
{
	struct jobfile *jf = calloc(1, sizeof(*jf));

	if (!jf)
		return NULL;
	if (path && !(jf->path = strdup(path))) {
		free(jf);
		return NULL;
	}
	return jf;
}

/* Keep a file name for the lifetime of jf (messages point at it). */
static const char *keep_name(struct jobfile *jf, const char *name)
{
	char **files = realloc(jf->files, (jf->nr_files + 1) * sizeof(*files));

	if (!files)
		return NULL;
	jf->files = files;
	files[jf->nr_files] = strdup(name);
	if (!files[jf->nr_files])
		return NULL;
	return files[jf->nr_files++];
}

static int add_section(struct jobfile *jf, const char *name, bool implicit,
		       const char *file, unsigned line)
{
	struct jf_section *s;

	if (grow(&jf->secs, &jf->alloc, jf->nr_secs + 1, sizeof(*jf->secs)))
		return -ENOMEM;
	s = &jf->secs[jf->nr_secs];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	if (!s->name)
		return -ENOMEM;
	s->global = implicit || is_global_name(name);
	s->implicit = implicit;
	s->file = file;
	s->line = line;
	jf->nr_secs++;
	return 0;
}

static int add_option(struct jobfile *jf, const char *name, const char *value,
		      const char *file, unsigned line)
{
	struct jf_section *s;
	struct jf_opt *o;

	if (!jf->nr_secs)
		return -EINVAL;
	s = &jf->secs[jf->nr_secs - 1];
	if (grow(&s->opts, &s->alloc, s->nr_opts + 1, sizeof(*s->opts)))
		return -ENOMEM;
	o = &s->opts[s->nr_opts];
	o->name = strdup(name);
	o->value = value ? strdup(value) : NULL;
	o->file = file;
	o->line = line;
	if (!o->name || (value && !o->value)) {
		free(o->name);
		free(o->value);
		return -ENOMEM;
	}
	s->nr_opts++;
	return 0;
}

int jobfile_add_section(struct jobfile *jf, const char *name, bool implicit,
			unsigned line)
{
	return add_section(jf, name, implicit, jf->nr_files ? jf->files[0] : NULL, line);
}

int jobfile_add_option(struct jobfile *jf, const char *name, const char *value,
		       unsigned line)
{
	return add_option(jf, name, value, jf->nr_files ? jf->files[0] : NULL, line);
}

void jobfile_free(struct jobfile *jf)
{
	if (!jf)
		return;
	for (size_t i = 0; i < jf->nr_secs; i++) {
		struct jf_section *s = &jf->secs[i];

		for (size_t k = 0; k < s->nr_opts; k++) {
			free(s->opts[k].name);
			free(s->opts[k].value);
		}
		free(s->opts);
		free(s->name);
	}
	free(jf->secs);
	for (size_t i = 0; i < jf->nr_files; i++)
		free(jf->files[i]);
	free(jf->files);
	free(jf->path);
	free(jf);
}

/* ---- reading --------------------------------------------------------------- */

struct reader {
	struct jobfile *jf;
	char *stack[JOBFILE_INCLUDE_MAX + 1];	/* real paths being read */
	unsigned depth;				/* 1 = the job file itself */
	bool stopped;				/* too many errors */
};

static int read_path(struct reader *r, const char *path, const char *from,
		     unsigned from_line);

static int handle_section(struct reader *r, char *s, const char *file, unsigned line)
{
	size_t n = strlen(s);
	char *name;

	if (s[n - 1] != ']') {
		jf_error(r->jf, file, line, "malformed section header '%s' (expected "
			 "[name])", s);
		return 0;
	}
	s[n - 1] = '\0';
	name = trim(s + 1);
	if (!*name) {
		jf_error(r->jf, file, line, "empty section name '[]'");
		return 0;
	}
	if (r->depth > 1) {
		jf_error(r->jf, file, line, "section '[%s]' in an included file (included "
			 "files hold options only)", name);
		return 0;
	}
	return add_section(r->jf, name, false, file, line);
}

/* include FILE: from the current directory first, then beside the includer. */
static char *resolve_include(const char *arg, const char *includer)
{
	const char *slash = strrchr(includer, '/');
	char *cand;

	if (arg[0] == '/' || !access(arg, F_OK) || !slash)
		return strdup(arg);
	if (asprintf(&cand, "%.*s/%s", (int)(slash - includer), includer, arg) < 0)
		return NULL;
	if (!access(cand, F_OK))
		return cand;
	free(cand);
	return strdup(arg);
}

static int handle_include(struct reader *r, char *rest, const char *file,
			  unsigned line)
{
	char *arg = expand_env(r->jf, trim(rest), file, line);
	char *path;
	int ret;

	if (!arg)
		return -ENOMEM;
	if (!*arg) {
		jf_error(r->jf, file, line, "include needs a file name");
		free(arg);
		return 0;
	}
	path = resolve_include(arg, file);
	free(arg);
	if (!path)
		return -ENOMEM;
	if (r->depth >= JOBFILE_INCLUDE_MAX + 1) {
		jf_error(r->jf, file, line, "include '%s': includes nest more than %d deep",
			 path, JOBFILE_INCLUDE_MAX);
		free(path);
		return 0;
	}
	ret = read_path(r, path, file, line);
	free(path);
	return ret;
}

/* "name=value" or a bare "name". */
static int handle_option(struct reader *r, char *s, const char *file, unsigned line)
{
	char *eq = strchr(s, '=');
	char *name, *value = NULL;
	int ret;

	if (eq)
		*eq = '\0';
	name = trim(s);
	if (!*name || strpbrk(name, " \t\"'[]")) {
		jf_error(r->jf, file, line, "malformed line '%s%s' (expected option=value)",
			 name, eq ? "=..." : "");
		return 0;
	}
	if (!r->jf->nr_secs) {
		jf_error(r->jf, file, line, "option '%s' is outside a section (start a job "
			 "with a [name] line first)", name);
		return 0;
	}
	if (eq && !(value = expand_env(r->jf, trim(eq + 1), file, line)))
		return -ENOMEM;
	ret = add_option(r->jf, name, value, file, line);
	free(value);
	return ret;
}

static int handle_line(struct reader *r, char *buf, const char *file, unsigned line)
{
	char *s;

	strip_comment(buf);
	s = trim(buf);
	if (!*s)
		return 0;
	if (*s == '[')
		return handle_section(r, s, file, line);
	if (!strncmp(s, "include", 7) && isspace((unsigned char)s[7]))
		return handle_include(r, s + 8, file, line);
	return handle_option(r, s, file, line);
}

static int read_stream(struct reader *r, FILE *f, const char *file)
{
	char *buf = NULL;
	size_t cap = 0;
	unsigned line = 0;
	int ret = 0;

	while (!ret && !r->stopped && getline(&buf, &cap, f) >= 0) {
		ret = handle_line(r, buf, file, ++line);
		if (r->jf->errors >= JOBFILE_ERRORS_MAX && !r->stopped) {
			eprintf("verio: job file '%s': too many errors, stopped "
				"reading\n", file);
			r->stopped = true;
		}
	}
	free(buf);
	return ret;
}

/* Open path; complain as an include of from:from_line, or as a job file. */
static FILE *open_job_file(struct reader *r, const char *path, const char *from,
			   unsigned from_line, int *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	struct stat st;

	*err = f ? 0 : errno;
	if (f && !fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		f = NULL;
		*err = EISDIR;
	}
	if (f)
		return f;
	if (from)
		jf_error(r->jf, from, from_line, "cannot open include file '%s': %s",
			 path, strerror(*err));
	else
		eprintf("verio: cannot open job file '%s': %s\n", path,
			strerror(*err));
	return NULL;
}

static bool in_cycle(struct reader *r, const char *real)
{
	for (unsigned i = 0; real && i < r->depth; i++)
		if (!strcmp(r->stack[i], real))
			return true;
	return false;
}

static int read_path(struct reader *r, const char *path, const char *from,
		     unsigned from_line)
{
	const char *shown;
	char *real;
	FILE *f;
	int err, ret;

	f = open_job_file(r, path, from, from_line, &err);
	if (!f)
		return from ? 0 : -err;
	real = f == stdin ? NULL : realpath(path, NULL);
	if (!real)
		real = strdup(f == stdin ? "-" : path);
	shown = keep_name(r->jf, f == stdin ? "<stdin>" : path);
	if (!real || !shown) {
		ret = -ENOMEM;
	} else if (in_cycle(r, real)) {
		jf_error(r->jf, from, from_line, "include '%s' is already being read "
			 "(include cycle)", path);
		ret = 0;
	} else {
		r->stack[r->depth++] = real;
		ret = read_stream(r, f, shown);
		r->depth--;
	}
	free(real);
	if (f != stdin)
		fclose(f);
	return ret;
}

int jobfile_read(const char *path, struct jobfile **out)
{
	struct reader r = { .jf = jobfile_new(path) };
	int ret;

	*out = NULL;
	if (!r.jf)
		return -ENOMEM;
	ret = read_path(&r, path, NULL, 0);
	if (ret) {
		if (ret == -ENOMEM)
			eprintf("verio: job file '%s': out of memory\n", path);
		jobfile_free(r.jf);
		return ret;
	}
	*out = r.jf;
	return 0;
}

/* ---- option/value lists ------------------------------------------------------ */

void opt_kv_free(struct opt_kv *kv, size_t nr)
{
	for (size_t i = 0; kv && i < nr; i++) {
		free(kv[i].name);
		free(kv[i].value);
	}
	free(kv);
}

static int kv_push(struct opt_kv **kv, size_t *nr, const char *name, const char *value)
{
	struct opt_kv *n = realloc(*kv, (*nr + 1) * sizeof(**kv));

	if (!n)
		return -ENOMEM;
	*kv = n;
	n[*nr].name = strdup(name);
	n[*nr].value = value ? strdup(value) : NULL;
	if (!n[*nr].name || (value && !n[*nr].value)) {
		free(n[*nr].name);
		free(n[*nr].value);
		return -ENOMEM;
	}
	(*nr)++;
	return 0;
}

static int kv_copy(struct opt_kv **dst, size_t *dst_nr, const struct opt_kv *src,
		   size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		if (kv_push(dst, dst_nr, src[i].name, src[i].value))
			return -ENOMEM;
	return 0;
}

/* ---- globals and job definitions --------------------------------------------- */

int job_globals_init(struct job_globals *g)
{
	memset(g, 0, sizeof(*g));
	options_defaults(&g->o);
	return 0;
}

int job_globals_copy(struct job_globals *dst, const struct job_globals *src)
{
	memset(dst, 0, sizeof(*dst));
	if (options_copy(&dst->o, &src->o))
		return -ENOMEM;
	if (kv_copy(&dst->kv, &dst->kv_nr, src->kv, src->kv_nr)) {
		job_globals_release(dst);
		return -ENOMEM;
	}
	return 0;
}

void job_globals_release(struct job_globals *g)
{
	if (!g)
		return;
	options_release(&g->o);
	opt_kv_free(g->kv, g->kv_nr);
	g->kv = NULL;
	g->kv_nr = 0;
}

void job_def_release(struct job_def *jd)
{
	if (!jd)
		return;
	options_release(&jd->o);
	opt_kv_free(jd->kv, jd->kv_nr);
	free(jd->file);
	memset(jd, 0, sizeof(*jd));
}

void job_defs_free(struct job_def *jobs, size_t nr)
{
	for (size_t i = 0; jobs && i < nr; i++)
		job_def_release(&jobs[i]);
	free(jobs);
}

/* ---- sections to jobs ------------------------------------------------------ */

/* Apply a section's options to o, recording each good one in kv. */
static int apply_opts(struct job_options *o, struct opt_kv **kv, size_t *kv_nr,
		      const struct jf_section *s, unsigned *errors)
{
	for (size_t i = 0; i < s->nr_opts; i++) {
		const struct jf_opt *jo = &s->opts[i];
		struct opt_src src = { jo->file, jo->line };

		if (option_set(o, jo->name, jo->value, &src)) {
			(*errors)++;
			continue;
		}
		if (kv_push(kv, kv_nr, jo->name, jo->value))
			return -ENOMEM;
	}
	return 0;
}

/* A job: the globals so far, named after its section, then its own options. */
static int build_job(const struct jf_section *s, const struct job_globals *g,
		     struct job_def *jd, unsigned *errors)
{
	unsigned before = *errors;
	struct opt_src src = { s->file, s->line };

	memset(jd, 0, sizeof(*jd));
	if (options_copy(&jd->o, &g->o))
		return -ENOMEM;
	free(jd->o.name);
	jd->o.name = strdup(s->name);
	jd->file = s->file ? strdup(s->file) : NULL;
	jd->line = s->line;
	jd->kv_global_nr = g->kv_nr;
	if (!jd->o.name || (s->file && !jd->file) ||
	    kv_copy(&jd->kv, &jd->kv_nr, g->kv, g->kv_nr) ||
	    apply_opts(&jd->o, &jd->kv, &jd->kv_nr, s, errors))
		return -ENOMEM;
	if (*errors == before && options_check(&jd->o, &src))
		(*errors)++;
	return 0;
}

static bool selected(const struct jobfile_select *sel, const char *name)
{
	bool hit = false;

	if (!sel || !sel->nr)
		return true;
	for (size_t i = 0; i < sel->nr; i++) {
		if (strcmp(sel->names[i], name))
			continue;
		hit = true;
		if (sel->seen)
			sel->seen[i] = true;
	}
	return hit;
}

static int push_job(struct job_def **jobs, size_t *nr, struct job_def *jd)
{
	struct job_def *n = realloc(*jobs, (*nr + 1) * sizeof(**jobs));

	if (!n)
		return -ENOMEM;
	*jobs = n;
	n[(*nr)++] = *jd;
	return 0;
}

int jobfile_jobs(const struct jobfile *jf, struct job_globals *g,
		 const struct jobfile_select *sel, bool file_stonewall,
		 struct job_def **jobs, size_t *nr_jobs)
{
	unsigned errors = 0, before;
	bool first = true;
	struct job_def jd;

	for (size_t i = 0; i < jf->nr_secs; i++) {
		const struct jf_section *s = &jf->secs[i];

		if (s->global) {
			if (apply_opts(&g->o, &g->kv, &g->kv_nr, s, &errors))
				return -ENOMEM;
			continue;
		}
		if (jf->path && !selected(sel, s->name))
			continue;
		before = errors;
		if (build_job(s, g, &jd, &errors)) {
			job_def_release(&jd);
			return -ENOMEM;
		}
		if (errors != before) {
			job_def_release(&jd);
			continue;
		}
		jd.file_stonewall = file_stonewall && first;
		first = false;
		if (push_job(jobs, nr_jobs, &jd)) {
			job_def_release(&jd);
			return -ENOMEM;
		}
	}
	return errors ? -EINVAL : 0;
}

/* ---- --showcmd --------------------------------------------------------------- */

static bool needs_quotes(const char *v)
{
	if (!*v)
		return true;
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr("_-+.,:/%=@^", *v))
			return true;
	return false;
}

static void put_arg(FILE *out, const char *name, const char *value)
{
	fprintf(out, " --%s", name);
	if (!value)
		return;
	fputc('=', out);
	if (!needs_quotes(value)) {
		fputs(value, out);
		return;
	}
	fputc('\'', out);
	for (; *value; value++) {
		if (*value == '\'')
			fputs("'\\''", out);
		else
			fputc(*value, out);
	}
	fputc('\'', out);
}

void jobfile_showcmd(const struct jobfile *jf, FILE *out)
{
	bool job_seen = false;

	fputs("verio", out);
	for (size_t i = 0; i < jf->nr_secs; i++) {
		const struct jf_section *s = &jf->secs[i];

		/* Globals before the first job need no --name. */
		if (!s->implicit && (!s->global || job_seen))
			put_arg(out, "name", s->name);
		job_seen |= !s->global;
		for (size_t k = 0; k < s->nr_opts; k++)
			put_arg(out, s->opts[k].name, s->opts[k].value);
	}
	fputc('\n', out);
}
