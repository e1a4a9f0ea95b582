/*
 * run-args.c - the run command's arguments, fio style:
 *
 *   verio [flags] [--opt=value...] [--name=JOB --opt=value...]... [jobfile...]
 *
 * Job options before the first --name act like a [global] section for
 * every job, from the command line and from the job files; --name=X
 * starts a job (or, if X starts with "global", a global section for
 * the command-line jobs after it). Job files are read after the command
 * line, in order; each file after the first starts with a stonewall.
 */
#include "compat.h"

#include "emsg.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/crctest.h"
#include "cmd/run-args.h"
#include "config/jobfile.h"
#include "config/options.h"
#include "config/runconf.h"
#include "ioengine.h"
#include "parse.h"
#include "report/formats.h"
#include "report/tslog.h"
#include "run/bundle.h"
#include "version.h"

static const char usage_text[] =
"usage: verio [options] [jobfile]...\n"
"\n"
"Runs the jobs described in fio-syntax job files, or on the command line,\n"
"and checks that every byte read back is the byte that was written.\n"
"\n"
"Options:\n"
"  --output=FILE          write the report to FILE instead of standard output\n"
"  --output-format=FMT    normal, json, json+, terse or html (alone); several separated by ','\n"
"  --minimal              same as --output-format=terse\n"
"  --parse-only           check the job files and options, run nothing\n"
"  --showcmd              print each job file as a verio command line\n"
"  --section=NAME         run only the job section NAME (may be repeated)\n"
"  --readonly             refuse every job that would write\n"
"  --warnings-fatal       treat warnings as errors\n"
"  --aux-path=DIR         keep state files in DIR (an existing directory)\n"
"  --bundle=FILE          when the run fails verification (or has an I/O\n"
"                         error), write a repro bundle (.tar.gz) to FILE\n"
"  --max-jobs=N           refuse job sets of more than N jobs (numjobs summed)\n"
"  --trigger-file=FILE    stop the run when FILE appears (it is removed)\n"
"  --trigger-timeout=T    stop the run T after the jobs start (e.g. 10s)\n"
"  --trigger=CMD          after a trigger stopped the run and the verify\n"
"                         state was saved, run CMD with the shell\n"
"  --eta=WHEN             progress line: auto, always or never\n"
"  --eta-interval=T       a progress line every T (default 1s, at least 250ms)\n"
"  --eta-newline=T        start a new progress line every T\n"
"  --status-interval=T    a full report every T while the jobs run (at least 1s)\n"
"  --terse-version=3      the terse format version (verio writes fio's 3)\n"
"  --append-terse         add the terse lines to the output formats\n"
"  --bandwidth-log        log the run's read/write/trim bandwidth every 500 ms\n"
"                         to agg-read_bw.log, agg-write_bw.log, agg-trim_bw.log\n"
"  --cmdhelp[=OPTION]     list the job options, or describe one\n"
"  --enghelp[=ENGINE]     list the I/O engines, or describe one\n"
"  --crctest[=ALGO]       measure checksum and data-fill throughput (GB/s)\n"
"  --inflate-log=FILE     print a log_store_compressed log (.log.fz) as text\n"
"  --version              print the version\n"
"  -h, --help             print this help\n"
"\n"
"Jobs on the command line:\n"
"  --name=NAME            start a job; the job options after it are its own\n"
"  --OPTION=VALUE         any job-file option (see --cmdhelp); before the\n"
"                         first --name it applies to every job\n"
"\n"
"Exit status: 0 all good, 1 data verification failure, 2 bad usage, job\n"
"file or option (nothing ran), 3 I/O error or setup failure, 4 interrupted\n"
"(a signal or a trigger stopped the run before it finished).\n";

void run_args_usage(FILE *out)
{
	fputs(usage_text, out);
	fputc('\n', out);
	commands_print(out);
}

struct cli_state {
	struct run_config *cfg;
	struct jobfile *cmd;		/* command-line global and job sections */
	char **files;			/* job file arguments (argv pointers) */
	size_t nr_files;
	const char **sections;		/* --section values (argv pointers) */
	size_t nr_sections;
	bool formats_set;
	bool showcmd;
	bool bundle_flag;		/* --bundle given (not verify_bundle) */
};

/* ---- flags ---------------------------------------------------------------- */

enum flag_arg { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL };

/* A flag handler: 0 go on, 1 done (exit 0), 2 error (printed). */
typedef int (*flag_fn)(struct cli_state *st, const char *val);

struct cli_flag {
	const char *name;
	enum flag_arg arg;
	flag_fn fn;
};

static int flag_help(struct cli_state *st, const char *val)
{
	(void)st;
	(void)val;
	run_args_usage(stdout);
	return 1;
}

static int flag_version(struct cli_state *st, const char *val)
{
	(void)st;
	(void)val;
	printf("verio-%s\n", VERIO_VERSION);
	return 1;
}

static int set_string(char **dst, const char *val)
{
	char *s = strdup(val);

	if (!s)
		return 2;
	free(*dst);
	*dst = s;
	return 0;
}

static int flag_output(struct cli_state *st, const char *val)
{
	return set_string(&st->cfg->output_file, val);
}

static int flag_aux_path(struct cli_state *st, const char *val)
{
	struct stat sb;
	const char *bad = NULL;

	/* State files go there at the job's end: refuse now, before any I/O. */
	if (stat(val, &sb))
		bad = strerror(errno);
	else if (!S_ISDIR(sb.st_mode))
		bad = "not a directory";
	if (bad) {
		fprintf(stderr, "verio: --aux-path '%s': %s\n", val, bad);
		return -EINVAL;
	}
	return set_string(&st->cfg->aux_path, val);
}

static int flag_bundle(struct cli_state *st, const char *val)
{
	if (!*val) {
		fprintf(stderr, "verio: option '--bundle' needs a file name\n");
		return 2;
	}
	st->bundle_flag = true;
	return set_string(&st->cfg->bundle, val);
}

static int flag_trigger_file(struct cli_state *st, const char *val)
{
	if (!*val) {
		fprintf(stderr, "verio: option '--trigger-file' needs a file name\n");
		return 2;
	}
	return set_string(&st->cfg->trigger_file, val);
}

static int flag_trigger_cmd(struct cli_state *st, const char *val)
{
	if (!*val) {
		fprintf(stderr, "verio: option '--trigger' needs a command\n");
		return 2;
	}
	return set_string(&st->cfg->trigger_cmd, val);
}

/* fio's --trigger-timeout: a time, in seconds when it has no unit. */
static int flag_trigger_timeout(struct cli_state *st, const char *val)
{
	uint64_t us;

	if (parse_time_us(val, 1000000, &us) < 0 || !us) {
		fprintf(stderr, "verio: invalid --trigger-timeout value '%s' (expected a "
			"time greater than 0, e.g. 10s or 500ms)\n", val);
		return 2;
	}
	st->cfg->trigger_timeout_us = us;
	return 0;
}

static int output_format_one(const char *s, unsigned *fmt)
{
	const struct report_format *f = report_format_find(s);
	char names[128];

	if (!f) {
		eprintf("verio: unknown output format '%s' (expected %s)\n", s,
			report_format_names(names, sizeof(names)));
		return 2;
	}
	if (!f->print && f->missing) {
		eprintf("verio: output format '%s': %s\n", s, f->missing);
		return 2;
	}
	if (!f->print) {
		eprintf("verio: output format '%s' is not supported yet "
			"(use %s)\n", s, f->instead);
		return 2;
	}
	*fmt |= report_format_bit(f);
	return 0;
}

static int flag_output_format(struct cli_state *st, const char *val)
{
	char **items;
	size_t nr;
	unsigned fmt = 0;
	int ret = 0;

	if (split_list(val, ',', false, &items, &nr))
		return 2;
	for (size_t i = 0; i < nr && !ret; i++)
		ret = output_format_one(items[i], &fmt);
	free_list(items, nr);
	if (ret)
		return ret;
	/* Several --output-format flags add up, as fio's do. */
	st->cfg->output_formats = (st->formats_set ? st->cfg->output_formats : 0) | fmt;
	st->formats_set = true;
	return 0;
}

static int flag_minimal(struct cli_state *st, const char *val)
{
	(void)val;
	return flag_output_format(st, "terse");
}

static int flag_eta(struct cli_state *st, const char *val)
{
	if (!strcmp(val, "auto"))
		st->cfg->eta = ETA_AUTO;
	else if (!strcmp(val, "always"))
		st->cfg->eta = ETA_ALWAYS;
	else if (!strcmp(val, "never"))
		st->cfg->eta = ETA_NEVER;
	else {
		eprintf("verio: invalid --eta value '%s' (expected auto, always "
			"or never)\n", val);
		return 2;
	}
	return 0;
}

/* A period in ms of at least min_ms (seconds without a unit, as fio), or 2. */
static int eta_time(const char *flag, const char *val, uint64_t min_ms, uint64_t *ms)
{
	uint64_t us;

	if (parse_time_us(val, 1000000, &us) < 0 || us / 1000 < min_ms) {
		eprintf("verio: invalid --%s value '%s' (expected a time of at least "
			"%" PRIu64 "ms, e.g. 5s)\n", flag, val, min_ms);
		return 2;
	}
	*ms = us / 1000;
	return 0;
}

/* fio's floor: the line cannot come faster than its sampling (250 ms). */
static int flag_eta_interval(struct cli_state *st, const char *val)
{
	return eta_time("eta-interval", val, 250, &st->cfg->eta_interval_ms);
}

static int flag_eta_newline(struct cli_state *st, const char *val)
{
	return eta_time("eta-newline", val, 1, &st->cfg->eta_newline_ms);
}

/* fio's floor: one second. */
static int flag_status_interval(struct cli_state *st, const char *val)
{
	return eta_time("status-interval", val, 1000, &st->cfg->status_interval_ms);
}

/*
 * fio takes terse versions 2 to 5; verio writes version 3's fields
 * (docs/terse.md), so 3 is the only one it can honestly print.
 */
static int flag_terse_version(struct cli_state *st, const char *val)
{
	(void)st;
	if (!strcmp(val, "3"))
		return 0;
	if (!strcmp(val, "2") || !strcmp(val, "4") || !strcmp(val, "5"))
		eprintf("verio: --terse-version=%s: verio writes terse version 3 only "
			"(fio's versions 2, 4 and 5 are not supported)\n", val);
	else
		eprintf("verio: invalid --terse-version value '%s' (fio's versions are "
			"2 to 5; verio writes 3)\n", val);
	return 2;
}

/*
 * fio's older spelling of adding "terse" to the output formats: the
 * formats chosen so far (normal by default) stay.
 */
static int flag_append_terse(struct cli_state *st, const char *val)
{
	(void)val;
	st->cfg->output_formats |= report_format_bit(report_format_find("terse"));
	st->formats_set = true;
	return 0;
}

static int flag_section(struct cli_state *st, const char *val)
{
	const char **n = realloc(st->sections, (st->nr_sections + 1) * sizeof(*n));

	if (!n)
		return 2;
	st->sections = n;
	n[st->nr_sections++] = val;
	return 0;
}

static int flag_readonly(struct cli_state *st, const char *val)
{
	(void)val;
	st->cfg->readonly = true;
	return 0;
}

static int flag_bandwidth_log(struct cli_state *st, const char *val)
{
	(void)val;
	st->cfg->bandwidth_log = true;
	return 0;
}

static int flag_max_jobs(struct cli_state *st, const char *val)
{
	uint64_t n;

	if (parse_uint(val, &n) || !n || n > UINT32_MAX) {
		eprintf("verio: invalid --max-jobs value '%s' (expected a whole number "
			"from 1)\n", val);
		return 2;
	}
	st->cfg->max_jobs = n;
	return 0;
}

static int flag_warnings_fatal(struct cli_state *st, const char *val)
{
	(void)val;
	st->cfg->warnings_fatal = true;
	return 0;
}

static int flag_parse_only(struct cli_state *st, const char *val)
{
	(void)val;
	st->cfg->parse_only = true;
	return 0;
}

static int flag_showcmd(struct cli_state *st, const char *val)
{
	(void)val;
	st->showcmd = true;
	return 0;
}

static int flag_cmdhelp(struct cli_state *st, const char *val)
{
	const char *hint;

	(void)st;
	if (!options_print_help(stdout, val))
		return 1;
	if (option_unsupported_find(val))
		eprintf("verio: '%s' is a fio option verio does not support yet\n",
			val);
	else if ((hint = option_suggest(val)))
		eprintf("verio: unknown option '%s' (did you mean '%s'?)\n", val, hint);
	else
		eprintf("verio: unknown option '%s'\n", val);
	return 2;
}

static void engine_flags(FILE *out, unsigned flags)
{
	if (flags & ENGINE_F_SYNC)
		fprintf(out, "  synchronous: each I/O completes before the next is issued\n");
	if (flags & ENGINE_F_NOIO)
		fprintf(out, "  does no I/O: target files are not opened\n");
	if (flags & ENGINE_F_RAWIO)
		fprintf(out, "  needs O_DIRECT-aligned buffers\n");
}

static int flag_enghelp(struct cli_state *st, const char *val)
{
	const struct engine_ops *e;

	(void)st;
	if (!val || !*val) {
		printf("Available I/O engines:\n");
		for (size_t i = 0; i < engine_count(); i++)
			printf("  %-12s %s\n", engine_at(i)->name, engine_at(i)->help);
		return 1;
	}
	e = engine_find(val);
	if (!e) {
		eprintf("verio: unknown I/O engine '%s' (see 'verio --enghelp')\n",
			val);
		return 2;
	}
	printf("%s: %s\n", e->name, e->help);
	engine_flags(stdout, e->flags);
	for (const struct option_def *d = e->options; d && d->name; d++)
		printf("  option %-18s %s\n", d->name, d->help);
	return 1;
}

/* The alias of `verio crctest [ALGO]`, with the same output. */
/* fio's --inflate-log=FILE: a log_store_compressed log as text, on stdout. */
static int flag_inflate_log(struct cli_state *st, const char *val)
{
	int fd = open(val, O_RDONLY | O_CLOEXEC), r;

	(void)st;
	if (fd < 0) {
		eprintf("verio: cannot open '%s': %s\n", val, strerror(errno));
		return 3;
	}
	fflush(stdout);
	r = tslog_inflate(fd, STDOUT_FILENO);
	close(fd);
	if (r == -EINVAL) {
		eprintf("verio: '%s' is not a compressed log (log_store_compressed)\n", val);
		return 2;
	}
	if (r < 0) {
		eprintf("verio: cannot inflate '%s': %s\n", val, strerror(-r));
		return 3;
	}
	return 1;
}

static int flag_crctest(struct cli_state *st, const char *val)
{
	int code;

	(void)st;
	code = crctest_command(val && *val ? val : NULL);
	return code ? code : 1;
}

static const struct cli_flag flags[] = {
	{ "help", ARG_NONE, flag_help },
	{ "version", ARG_NONE, flag_version },
	{ "output", ARG_REQUIRED, flag_output },
	{ "output-format", ARG_REQUIRED, flag_output_format },
	{ "minimal", ARG_NONE, flag_minimal },
	{ "parse-only", ARG_NONE, flag_parse_only },
	{ "showcmd", ARG_NONE, flag_showcmd },
	{ "section", ARG_REQUIRED, flag_section },
	{ "readonly", ARG_NONE, flag_readonly },
	{ "warnings-fatal", ARG_NONE, flag_warnings_fatal },
	{ "aux-path", ARG_REQUIRED, flag_aux_path },
	{ "max-jobs", ARG_REQUIRED, flag_max_jobs },
	{ "bundle", ARG_REQUIRED, flag_bundle },
	{ "trigger-file", ARG_REQUIRED, flag_trigger_file },
	{ "trigger-timeout", ARG_REQUIRED, flag_trigger_timeout },
	{ "trigger", ARG_REQUIRED, flag_trigger_cmd },
	{ "eta", ARG_REQUIRED, flag_eta },
	{ "eta-interval", ARG_REQUIRED, flag_eta_interval },
	{ "eta-newline", ARG_REQUIRED, flag_eta_newline },
	{ "status-interval", ARG_REQUIRED, flag_status_interval },
	{ "terse-version", ARG_REQUIRED, flag_terse_version },
	{ "append-terse", ARG_OPTIONAL, flag_append_terse },
	{ "bandwidth-log", ARG_NONE, flag_bandwidth_log },
	{ "cmdhelp", ARG_OPTIONAL, flag_cmdhelp },
	{ "enghelp", ARG_OPTIONAL, flag_enghelp },
	{ "crctest", ARG_OPTIONAL, flag_crctest },
	{ "inflate-log", ARG_REQUIRED, flag_inflate_log },
};

static const struct cli_flag *flag_find(const char *name, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (strlen(flags[i].name) == n && !strncmp(flags[i].name, name, n))
			return &flags[i];
	return NULL;
}

/*
 * fio's command-line flags verio does not take: refused by name, so a
 * fio user learns it is fio's, not a typo. docs/unsupported-fio-options.md
 * lists them (test-run-args checks it).
 */
static const char *const fio_only_flags[] = {
	"alloc-size", "client", "cpuclock-test", "daemonize",
	"debug", "idle-prof", "latency-log", "memcpytest",
	"merge-blktrace-only", "profile", "remote-config", "server",
	"server-internal", "trigger-remote",
};

const char *run_args_fio_only_flag(size_t i)
{
	return i < ARRAY_SIZE(fio_only_flags) ? fio_only_flags[i] : NULL;
}

static bool fio_only(const char *key, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(fio_only_flags); i++)
		if (strlen(fio_only_flags[i]) == n && !strncmp(fio_only_flags[i], key, n))
			return true;
	return false;
}

/* ---- one argument ----------------------------------------------------------- */

static int unknown_flag(const char *arg, const char *key, size_t n)
{
	char name[128];
	const char *best = NULL;
	unsigned best_d = 0, limit;

	snprintf(name, sizeof(name), "%.*s", (int)n, key);
	limit = MAX_OF(2u, (unsigned)(strlen(name) / 3));
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		unsigned d = edit_distance(name, flags[i].name);
		if (d <= limit && (!best || d < best_d)) {
			best = flags[i].name;
			best_d = d;
		}
	}
	if (!best)
		best = option_suggest(name);
	if (best)
		eprintf("verio: unknown option '%s' (did you mean '--%s'?)\n", arg, best);
	else
		eprintf("verio: unknown option '%s' (see 'verio --help')\n", arg);
	return 2;
}

static int run_flag(struct cli_state *st, const struct cli_flag *f, const char *arg,
		    const char *val, int argc, char **argv, int *i)
{
	if (f->arg == ARG_NONE && val) {
		eprintf("verio: option '--%s' takes no value\n", f->name);
		return 2;
	}
	if (f->arg == ARG_REQUIRED && !val) {
		if (*i + 1 >= argc) {
			eprintf("verio: option '%s' needs a value\n", arg);
			return 2;
		}
		val = argv[++*i];
	}
	return f->fn(st, val);
}

/* --name=X, or a job option: goes into the command-line job file. */
static int job_arg(struct cli_state *st, const char *key, const char *val,
		   int argc, char **argv, int *i)
{
	const struct option_def *d = option_find(key);
	bool is_name = !strcmp(key, "name");
	int ret;

	if (!val && (is_name || (d && d->type != OPT_BOOL)) && *i + 1 < argc)
		val = argv[++*i];
	if (is_name && (!val || !*val)) {
		eprintf("verio: option '--name' needs a job name\n");
		return 2;
	}
	if (is_name) {
		ret = jobfile_add_section(st->cmd, val, false, (unsigned)*i);
		/* fio lists a command-line job's name among its options. */
		if (ret || st->cmd->secs[st->cmd->nr_secs - 1].global)
			return ret ? 2 : 0;
	}
	ret = jobfile_add_option(st->cmd, key, val, (unsigned)*i);
	return ret ? 2 : 0;
}

static int one_arg(struct cli_state *st, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *key, *eq, *val = NULL;
	const struct cli_flag *f;
	char name[128];
	size_t n;

	if (!strcmp(arg, "-h"))
		return flag_help(st, NULL);
	key = arg + (arg[1] == '-' ? 2 : 1);	/* fio also takes -name=x */
	eq = strchr(key, '=');
	n = eq ? (size_t)(eq - key) : strlen(key);
	if (eq)
		val = eq + 1;
	if (!n || (arg[1] != '-' && n < 2))
		return unknown_flag(arg, key, n);
	f = flag_find(key, n);
	if (f)
		return run_flag(st, f, arg, val, argc, argv, i);
	if (fio_only(key, n)) {
		eprintf("verio: option '--%.*s' is a fio option verio does not support "
			"(see docs/unsupported-fio-options.md)\n", (int)n, key);
		return 2;
	}
	snprintf(name, sizeof(name), "%.*s", (int)n, key);
	if (!strcmp(name, "name") || option_find(name) || option_unsupported_find(name))
		return job_arg(st, name, val, argc, argv, i);
	return unknown_flag(arg, key, n);
}

static int add_file(struct cli_state *st, char *path)
{
	char **n = realloc(st->files, (st->nr_files + 1) * sizeof(*n));

	if (!n)
		return 2;
	st->files = n;
	n[st->nr_files++] = path;
	return 0;
}

static int walk_argv(struct cli_state *st, int argc, char **argv)
{
	bool only_files = false;
	int ret = 0;

	for (int i = 1; i < argc && !ret; i++) {
		char *arg = argv[i];

		if (!only_files && !strcmp(arg, "--"))
			only_files = true;
		else if (only_files || arg[0] != '-' || !arg[1])
			ret = add_file(st, arg);
		else
			ret = one_arg(st, argc, argv, &i);
	}
	return ret;
}

/* ---- from arguments to jobs --------------------------------------------------- */

static char *join_argv(int argc, char **argv)
{
	size_t len = 1;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = p = malloc(len);
	if (!s)
		return NULL;
	*s = '\0';
	for (int i = 0; i < argc; i++)
		p += snprintf(p, len - (size_t)(p - s), "%s%s", i ? " " : "", argv[i]);
	return s;
}

struct build {
	struct job_globals g;		/* defaults + command-line globals */
	struct jobfile **docs;		/* one per job file, NULL if unreadable */
	unsigned errors, warnings;
	bool *seen;			/* per --section */
};

static int build_files(struct cli_state *st, struct build *b)
{
	struct jobfile_select sel = { st->sections, st->nr_sections, b->seen };
	struct run_config *cfg = st->cfg;

	for (size_t i = 0; i < st->nr_files; i++) {
		struct job_globals gf;
		int ret = jobfile_read(st->files[i], &b->docs[i]);

		if (ret == -ENOMEM)
			return ret;
		if (ret) {
			b->errors++;
			continue;
		}
		b->errors += b->docs[i]->errors;
		b->warnings += b->docs[i]->warnings;
		if (job_globals_copy(&gf, &b->g))
			return -ENOMEM;
		ret = jobfile_jobs(b->docs[i], &gf, &sel, i > 0, &cfg->jobs, &cfg->nr_jobs);
		job_globals_release(&gf);
		if (ret == -ENOMEM)
			return ret;
		b->errors += ret != 0;
	}
	return 0;
}

static int build_jobs(struct cli_state *st, struct build *b)
{
	struct run_config *cfg = st->cfg;
	int ret;

	if (job_globals_init(&b->g))
		return -ENOMEM;
	ret = jobfile_jobs(st->cmd, &b->g, NULL, false, &cfg->jobs, &cfg->nr_jobs);
	if (ret == -ENOMEM)
		return ret;
	b->errors += ret != 0;
	b->docs = calloc(st->nr_files + 1, sizeof(*b->docs));
	b->seen = calloc(st->nr_sections + 1, sizeof(*b->seen));
	if (!b->docs || !b->seen)
		return -ENOMEM;
	ret = build_files(st, b);
	if (ret)
		return ret;
	for (size_t i = 0; i < st->nr_sections; i++) {
		if (b->seen[i])
			continue;
		eprintf("verio: --section '%s' matches no job section\n",
			st->sections[i]);
		b->errors++;
	}
	return 0;
}

static int check_readonly(const struct run_config *cfg)
{
	int ret = 0;

	for (size_t i = 0; i < cfg->nr_jobs; i++) {
		const struct job_options *o = &cfg->jobs[i].o;

		/* As fio: a trim backlog may trim, whatever the job does. */
		if (!options_writes(o) && o->trim_percentage && o->trim_backlog) {
			eprintf("verio: job '%s': trim_percentage with trim_backlog refused "
				"under --readonly\n", o->name);
			ret = 2;
		}
		if (!options_writes(o))
			continue;
		eprintf("verio: job '%s': write job refused under --readonly\n", o->name);
		ret = 2;
	}
	return ret;
}

/* --max-jobs: the threads the job set needs (numjobs summed) fit. 0 or 2. */
static int check_max_jobs(const struct run_config *cfg)
{
	uint64_t need = 0;

	if (!cfg->max_jobs)
		return 0;
	for (size_t i = 0; i < cfg->nr_jobs; i++)
		need += cfg->jobs[i].o.numjobs;
	if (need <= cfg->max_jobs)
		return 0;
	eprintf("verio: the jobs need %" PRIu64 " threads (numjobs summed), more than "
		"--max-jobs=%" PRIu64 "\n", need, cfg->max_jobs);
	return 2;
}

/* ---- --bundle ----------------------------------------------------------------- */

/* The bundle: --bundle, else the one verify_bundle the jobs name. 0 or 2. */
static int bundle_pick(struct run_config *cfg)
{
	const char *pick = NULL;

	if (cfg->bundle)
		return 0;
	for (size_t i = 0; i < cfg->nr_jobs; i++) {
		const char *p = cfg->jobs[i].o.verify_bundle;

		if (!p || !*p)
			continue;
		if (pick && strcmp(pick, p)) {
			eprintf("verio: verify_bundle: the jobs name two bundles, '%s' and "
				"'%s' (a run writes one: set it in [global])\n", pick, p);
			return 2;
		}
		pick = p;
	}
	return pick ? set_string(&cfg->bundle, pick) : 0;
}

static int add_job_file(struct run_config *cfg, const char *path)
{
	char **n = realloc(cfg->job_files, (cfg->nr_job_files + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	cfg->job_files = n;
	n[cfg->nr_job_files] = strdup(path);
	if (!n[cfg->nr_job_files])
		return -ENOMEM;
	cfg->nr_job_files++;
	return 0;
}

/* The command-line jobs as a job file, for the bundle; NULL when none. */
static char *cmdline_ini(const struct jobfile *jf)
{
	char *text = NULL;
	size_t len = 0, nr = 0;
	FILE *f;

	for (size_t i = 0; i < jf->nr_secs; i++)
		nr += jf->secs[i].nr_opts + !jf->secs[i].implicit;
	if (!nr || !(f = open_memstream(&text, &len)))
		return NULL;
	fprintf(f, "; the command-line options of verio's run, as a job file\n");
	for (size_t i = 0; i < jf->nr_secs; i++) {
		const struct jf_section *sec = &jf->secs[i];

		fprintf(f, "[%s]\n", sec->name);
		for (size_t k = 0; k < sec->nr_opts; k++) {
			const struct jf_opt *o = &sec->opts[k];

			if (!sec->global && !strcmp(o->name, "name"))
				continue;	/* the section header says it */
			fprintf(f, o->value ? "%s=%s\n" : "%s\n", o->name, o->value);
		}
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/*
 * --bundle / verify_bundle: pick the path and check it (exit 2 before any
 * I/O), and note what the bundle records: the job files read (each file,
 * then its includes) and the command-line jobs. 0 or 2.
 */
static int bundle_settle(struct cli_state *st, struct build *b)
{
	struct run_config *cfg = st->cfg;
	char err[256];
	int ret = bundle_pick(cfg);

	if (ret || !cfg->bundle)
		return ret;
	if (bundle_check_path(cfg->bundle, err, sizeof(err))) {
		eprintf("verio: %s '%s': %s\n", st->bundle_flag ? "--bundle" : "verify_bundle",
			cfg->bundle, err);
		return 2;
	}
	for (size_t i = 0; i < st->nr_files && !ret; i++) {
		if (!b->docs[i] || !strcmp(st->files[i], "-"))
			continue;
		ret = add_job_file(cfg, st->files[i]);
		for (size_t k = 1; k < b->docs[i]->nr_files && !ret; k++)
			ret = add_job_file(cfg, b->docs[i]->files[k]);
	}
	cfg->cmd_ini = cmdline_ini(st->cmd);
	if (ret) {
		eprintf("verio: out of memory\n");
		return 2;
	}
	return 0;
}

/* What to do once every job is built: 0 run, 1 done, 2 error. */
static int finish(struct cli_state *st, struct build *b)
{
	struct run_config *cfg = st->cfg;

	if (b->errors)
		return 2;
	if (cfg->trigger_cmd && !cfg->trigger_file && !cfg->trigger_timeout_us) {
		fprintf(stderr, "verio: warning: --trigger runs only after a trigger: give "
			"--trigger-file or --trigger-timeout\n");
		b->warnings++;
	}
	if (b->warnings && cfg->warnings_fatal) {
		eprintf("verio: stopping: warnings are fatal (--warnings-fatal)\n");
		return 2;
	}
	if (st->showcmd) {
		for (size_t i = 0; i < st->nr_files; i++)
			jobfile_showcmd(b->docs[i], stdout);
		return 1;
	}
	if (!cfg->nr_jobs) {
		eprintf("verio: no jobs to run (give a job file, or --name=NAME "
			"and job options; see 'verio --help')\n");
		return 2;
	}
	if (cfg->readonly && check_readonly(cfg))
		return 2;
	if (check_max_jobs(cfg))
		return 2;
	if (bundle_settle(st, b))
		return 2;
	return cfg->parse_only ? 1 : 0;
}

/*
 * The HTML page is a document of its own: after or before another format
 * in one stream, neither could be opened. The page embeds the JSON report,
 * and `verio report` makes a page from a JSON output, for both.
 */
static int check_html_alone(const struct run_config *cfg)
{
	const struct report_format *html = report_format_find("html");
	unsigned bit = report_format_bit(html);

	if ((cfg->output_formats & bit) && (cfg->output_formats & ~bit)) {
		eprintf("verio: --output-format=html writes a whole page and takes no other "
			"format (the page holds the JSON report; 'verio report RUN.json' makes "
			"a page from a JSON output)\n");
		return 2;
	}
	return 0;
}

static void build_release(struct cli_state *st, struct build *b)
{
	job_globals_release(&b->g);
	for (size_t i = 0; b->docs && i < st->nr_files; i++)
		jobfile_free(b->docs[i]);
	free(b->docs);
	free(b->seen);
}

static int cli_run(struct cli_state *st, int argc, char **argv)
{
	struct build b = { .errors = 0 };
	int ret;

	ret = walk_argv(st, argc, argv);
	if (ret)
		return ret;
	if (check_html_alone(st->cfg))
		return 2;
	if (st->showcmd && !st->nr_files) {
		eprintf("verio: --showcmd needs job files to print\n");
		return 2;
	}
	ret = build_jobs(st, &b);
	if (ret == -ENOMEM)
		eprintf("verio: out of memory\n");
	if (!ret)
		ret = finish(st, &b);
	build_release(st, &b);
	return ret;
}

int run_args_parse(int argc, char **argv, struct run_config *cfg)
{
	struct cli_state st = { .cfg = cfg };
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->output_formats = report_format_bit(report_format_find("normal"));
	cfg->eta = ETA_AUTO;
	cfg->cmdline = join_argv(argc, argv);
	cfg->argc = argc;
	cfg->argv = argv;
	st.cmd = jobfile_new(NULL);
	if (!cfg->cmdline || !st.cmd ||
	    jobfile_add_section(st.cmd, "global", true, 0)) {
		jobfile_free(st.cmd);
		eprintf("verio: out of memory\n");
		return 2;
	}
	ret = cli_run(&st, argc, argv);
	jobfile_free(st.cmd);
	free(st.files);
	free((void *)st.sections);
	return ret < 0 ? 2 : ret;
}
