/*
 * selftest.c - `verio selftest [-d DIR] [-e ENGINE]`: proof that the
 * checker works on this machine, this build and this kernel.
 *
 * Each case runs a small job (a 64 KiB scratch file, 4 KiB blocks,
 * verify=crc32c) through ioengine=faulty with one fault rule
 * (docs/faulty-rules.md), in this process, and checks that verio reports
 * exactly what the fault did: the exit status, the I/O error and its
 * offset, or the verify incidents (class and offset of each, and no
 * other). The flips are then read again by a verify_only job without
 * faults: a read flip must be gone (transient), a write flip still there
 * (persistent). One line per fault; exit 0 when every fault was reported
 * right, 1 naming the ones that were not, 2 on bad usage, 3 when the
 * scratch directory cannot be made.
 *
 * What the jobs print (verify failures, I/O errors) goes to a log file in
 * the scratch directory, shown for a case that fails.
 */
#include "compat.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>

#include "cmd/cmd.h"
#include "cmd/run-args.h"
#include "config/runconf.h"
#include "ioengine.h"
#include "report/result.h"
#include "run/run.h"
#include "timeutil.h"
#include "verify/incident.h"

#define ST_SIZE "64k"
#define ST_BS 4096u
#define ST_INC_MAX 2

/* A verify incident the case must report. */
struct st_inc {
	uint64_t offset;
	const char *cls;		/* verify_class_key() */
	uint64_t found_offset;		/* misdirected: where the data is from */
};

struct st_case {
	const char *name;
	const char *rule;
	bool twice;			/* loops=2: a unit holds an older generation */
	int exit;			/* status of the faulted run */
	int err;			/* its I/O error (positive errno), 0 none */
	uint64_t err_off;		/* offset of that error */
	unsigned nr_inc;
	struct st_inc inc[ST_INC_MAX];
	int reread;			/* -1: none; else the verify_only run's status */
};

/*
 * The 3rd write or read is the block at 8 KiB; with loops=2, the 20th
 * write is the second pass's block at 12 KiB (a unit of generation 1 is
 * there, generation 2 expected).
 */
static const struct st_case cases[] = {
	{ "eio", "eio on=write nth=3", false, 3, EIO, 8192, 0, { { 0 } }, -1 },
	{ "enospc", "enospc on=write nth=3", false, 3, ENOSPC, 8192, 0, { { 0 } }, -1 },
	{ "short-read", "short on=read nth=3", false, 3, ENODATA, 8192, 0, { { 0 } }, -1 },
	{ "short-write", "short on=write nth=3", false, 3, ENOSPC, 8192, 0, { { 0 } }, -1 },
	{ "drop", "drop nth=20", true, 1, 0, 0, 1, { { 12288, "stale", 0 } }, -1 },
	{ "misdirect", "misdirect nth=20 to=4k", true, 1, 0, 0, 2,
	  { { 4096, "misdirected", 12288 }, { 12288, "stale", 0 } }, -1 },
	{ "tear", "tear nth=20", true, 1, 0, 0, 1, { { 12288, "torn", 0 } }, -1 },
	{ "flip-read", "flip on=read nth=3 bit=1000", false, 1, 0, 0, 1,
	  { { 8192, "bit_flips", 0 } }, 0 },
	{ "flip-write", "flip on=write nth=3 bit=1000", false, 1, 0, 0, 1,
	  { { 8192, "bit_flips", 0 } }, 1 },
	{ "delay", "delay nth=3 usec=1ms", false, 0, 0, 0, 0, { { 0 } }, -1 },
};

struct st_ctx {
	const char *dir;		/* the scratch directory (made here) */
	const char *engine;		/* faulty's child */
	char log[PATH_MAX + 16];
	char why[320];			/* what was wrong, for the FAIL line */
};

/* Run the job of c (faulty: through the fault; else a clean re-read). */
static int st_run(struct st_ctx *x, const struct st_case *c, bool faulty,
		  struct job_result **res, size_t *nr)
{
	char name[64], file[PATH_MAX], aux[PATH_MAX + 16], rule[128], eng[64], child[80];
	const char *argv[16] = { "selftest", name, file, "--size=" ST_SIZE, "--bs=4k", "--rw=write",
			   "--verify=crc32c", "--eta=never", aux, eng,
			   c->twice ? "--loops=2" : "--loops=1" };
	int argc = 11;
	struct run_config cfg;
	int code;

	if (faulty) {
		argv[argc++] = child;
		argv[argc++] = rule;
	} else {
		argv[argc++] = "--verify_only=1";
	}
	argv[argc] = NULL;
	snprintf(name, sizeof(name), "--name=%s", c->name);
	snprintf(file, sizeof(file), "--filename=%s/%s.dat", x->dir, c->name);
	snprintf(aux, sizeof(aux), "--aux-path=%s", x->dir);
	snprintf(eng, sizeof(eng), "--ioengine=%s", faulty ? "faulty" : x->engine);
	snprintf(child, sizeof(child), "--faulty_engine=%s", x->engine);
	snprintf(rule, sizeof(rule), "--faulty_rule=%s", c->rule);
	*res = NULL;
	*nr = 0;
	code = run_args_parse(argc, (char **)argv, &cfg);	/* it only reads them */
	if (code == 0)
		code = run_jobs(&cfg, NULL, res, nr);
	run_config_release(&cfg);
	return code;
}

static const struct verify_incident *find_inc(const struct verify_stats *vs, uint64_t off)
{
	for (unsigned i = 0; i < vs->nr_inc; i++)
		if (vs->inc[i].offset == off)
			return &vs->inc[i];
	return NULL;
}

/* Are the incidents of res those of c, and only those? */
static bool st_incidents(struct st_ctx *x, const struct st_case *c,
			 const struct job_result *res)
{
	const struct verify_stats *vs = &res->st.verify;

	if (vs->failures != c->nr_inc || vs->nr_inc != c->nr_inc) {
		snprintf(x->why, sizeof(x->why), "%" PRIu64 " units failed, wanted %u",
			 vs->failures, c->nr_inc);
		return false;
	}
	for (unsigned i = 0; i < c->nr_inc; i++) {
		const struct st_inc *w = &c->inc[i];
		const struct verify_incident *g = find_inc(vs, w->offset);

		if (!g) {
			snprintf(x->why, sizeof(x->why), "nothing reported at offset %" PRIu64,
				 w->offset);
			return false;
		}
		if (strcmp(verify_class_key(g->cls), w->cls) ||
		    (w->found_offset && (!g->found_known || g->found_offset != w->found_offset))) {
			snprintf(x->why, sizeof(x->why), "offset %" PRIu64 ": %s, wanted %s",
				 w->offset, verify_class_key(g->cls), w->cls);
			return false;
		}
	}
	return true;
}

/* Is the verdict of one run of c right? */
static bool st_verdict(struct st_ctx *x, const struct st_case *c, int code, int want,
		       const struct job_result *res, size_t nr)
{
	char at[48];

	if (code != want || !res || nr != 1) {
		snprintf(x->why, sizeof(x->why), "exit status %d, wanted %d", code, want);
		return false;
	}
	if (want == 3) {
		snprintf(at, sizeof(at), " at offset %" PRIu64 ",", c->err_off);
		if (res->error != c->err || !res->errmsg || !strstr(res->errmsg, at)) {
			snprintf(x->why, sizeof(x->why), "I/O error %d (%s), wanted %d%s",
				 res->error, res->errmsg ? res->errmsg : "", c->err, at);
			return false;
		}
		if (res->st.verify.failures) {
			snprintf(x->why, sizeof(x->why), "an I/O error reported as corruption");
			return false;
		}
		return true;
	}
	if (res->error && want != 1) {
		snprintf(x->why, sizeof(x->why), "error %d", res->error);
		return false;
	}
	if (!want && res->st.verify.failures) {
		snprintf(x->why, sizeof(x->why), "%" PRIu64 " units failed, wanted none",
			 res->st.verify.failures);
		return false;
	}
	return !want || st_incidents(x, c, res);
}

/* One case: the faulted run, then its re-read. True if reported right. */
static bool st_case_run(struct st_ctx *x, const struct st_case *c)
{
	struct job_result *res;
	size_t nr;
	bool ok;
	int code;

	x->why[0] = '\0';
	code = st_run(x, c, true, &res, &nr);
	ok = st_verdict(x, c, code, c->exit, res, nr);
	job_results_free(res, nr);
	if (!ok || c->reread < 0)
		return ok;
	code = st_run(x, c, false, &res, &nr);
	ok = st_verdict(x, c, code, c->reread, res, nr);
	job_results_free(res, nr);
	if (!ok) {
		char first[256];

		memcpy(first, x->why, sizeof(first));
		snprintf(x->why, sizeof(x->why), "read again: %s (%s)", first,
			 c->reread ? "a persistent flip must stay" : "a transient flip must go");
	}
	return ok;
}

/* Job output to the log while fn runs; stderr back after. */
static int st_quiet(struct st_ctx *x, int *saved)
{
	int fd = open(x->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	fflush(stderr);
	*saved = dup(STDERR_FILENO);
	if (fd < 0 || *saved < 0 || dup2(fd, STDERR_FILENO) < 0) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	close(fd);
	return 0;
}

static void st_loud(int saved)
{
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* The log of a failed case, indented, on stderr. */
static void st_show_log(const struct st_ctx *x)
{
	char line[512];
	FILE *f = fopen(x->log, "r");

	for (unsigned n = 0; f && n < 20 && fgets(line, sizeof(line), f); n++)
		fprintf(stderr, "    | %s", line);
	if (f)
		fclose(f);
}

static int rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

static int usage(FILE *out)
{
	fputs("usage: verio selftest [-d DIR] [-e ENGINE]\n"
	      "  -d DIR     make the scratch directory in DIR (default: $TMPDIR, else /tmp)\n"
	      "  -e ENGINE  the engine the faults are injected over (default: psync)\n", out);
	return out == stdout ? 0 : 2;
}

static int st_all(struct st_ctx *x)
{
	unsigned failed = 0;
	char names[256] = "";

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int saved, r = st_quiet(x, &saved);
		bool ok;

		if (r < 0) {
			fprintf(stderr, "verio: selftest: cannot write '%s': %s\n", x->log,
				strerror(-r));
			return 3;
		}
		ok = st_case_run(x, &cases[i]);
		st_loud(saved);
		printf("selftest: %-12s %s%s%s\n", cases[i].name, ok ? "pass" : "FAIL",
		       ok ? "" : ": ", ok ? "" : x->why);
		fflush(stdout);
		if (!ok) {
			st_show_log(x);
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 failed ? ", " : "", cases[i].name);
			failed++;
		}
	}
	if (failed) {
		printf("selftest: FAIL: %u of %zu faults not reported right: %s\n", failed,
		       ARRAY_SIZE(cases), names);
		return 1;
	}
	printf("selftest: all %zu faults reported right (engine %s)\n", ARRAY_SIZE(cases),
	       x->engine);
	return 0;
}

int cmd_selftest(int argc, char **argv)
{
	const char *parent = getenv("TMPDIR");
	char dir[PATH_MAX];
	struct st_ctx x = { .engine = "psync" };
	int opt, code;

	optind = 1;
	while ((opt = getopt(argc, argv, "+d:e:h")) != -1) {
		if (opt == 'd')
			parent = optarg;
		else if (opt == 'e')
			x.engine = optarg;
		else
			return usage(opt == 'h' ? stdout : stderr);
	}
	if (optind != argc)
		return usage(stderr);
	if (!engine_find(x.engine) || !strcmp(x.engine, "faulty")) {
		fprintf(stderr, "verio: selftest: -e '%s': no such engine (see --enghelp)\n",
			x.engine);
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/verio-selftest.XXXXXX",
		 parent && *parent ? parent : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "verio: selftest: cannot make a scratch directory '%s': %s\n",
			dir, strerror(errno));
		return 3;
	}
	x.dir = dir;
	snprintf(x.log, sizeof(x.log), "%s/job.log", dir);
	clock_init();
	code = st_all(&x);
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	return code;
}
