/*
 * run.c - `verio [run] [options] [jobfile]...`: parse the fio-style
 * arguments (run-args.c), run the jobs (run/), then build the report
 * from their results and print it in every selected format.
 */
#include "compat.h"

#include "cmd/cmd.h"
#include "cmd/run-args.h"
#include "cmd/run-out.h"
#include "config/runconf.h"
#include "report/build.h"
#include "report/formats.h"
#include "report/report.h"
#include "report/result.h"
#include "run/bundle.h"
#include "run/diskutil.h"
#include "run/run.h"
#include "timeutil.h"
#include "version.h"

static FILE *open_output(const struct run_config *cfg)
{
	FILE *out;

	if (!cfg->output_file)
		return stdout;
	out = fopen(cfg->output_file, "w");
	if (!out)
		fprintf(stderr, "verio: cannot open output file '%s': %s\n",
			cfg->output_file, strerror(errno));
	return out;
}

/* fio's lines before the jobs start: one per job (clones as "..."). */
static void print_headers(FILE *out, const struct job_result *res, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		if (res[i].jobnum == 0)
			report_job_header(out, &res[i]);
		else if (res[i].jobnum == 1)
			fprintf(out, "...\n");
	}
	fprintf(out, "verio-%s\nStarting %zu thread%s\n", VERIO_VERSION, nr,
		nr == 1 ? "" : "s");
	fflush(out);
}

int run_output_start(void *arg, const struct job_result *res, size_t nr)
{
	struct run_output *ro = arg;
	const struct report_format *normal = report_format_find("normal");

	ro->out = open_output(ro->cfg);
	if (!ro->out)
		return 3;
	if (ro->cfg->output_formats & report_format_bit(normal))
		print_headers(ro->out, res, nr);
	return 0;
}

/* --status-interval: a full report of the jobs so far, in every format chosen. */
static void print_status(void *arg, const struct job_result *res, size_t nr)
{
	struct run_output *ro = arg;
	struct disk_util_set du = { 0 };
	struct report rep;

	if (report_build(&rep, res, nr) == 0) {
		rep.cmdline = ro->cfg->cmdline;
		/* the devices so far, as fio's periodic reports have them */
		if (diskutil_peek(ro->disks, &du, now_ns() / 1000000) == 0) {
			rep.disks = du.d;
			rep.nr_disks = du.nr;
		}
		/* a page is made once, at the end */
		report_print(ro->out, ro->cfg->output_formats &
			     ~report_format_bit(report_format_find("html")), &rep);
	}
	diskutil_release(&du);
	report_release(&rep);
}

/*
 * --bundle: after a verification failure (1) or an I/O error (3), the
 * repro bundle, with the JSON report rendered from the same report the
 * run printed. Its own failure is printed and leaves the exit status.
 */
static void write_bundle(const struct run_config *cfg, const struct bundle *b,
			 const struct report *rep, const struct job_result *res,
			 size_t nr, int code)
{
	struct bundle_run br = { .cfg = cfg, .res = res, .nr = nr, .exit_status = code };
	char *json = NULL;
	size_t len = 0;
	FILE *f;
	int n;

	if (code != 1 && code != 3)
		return;
	f = open_memstream(&json, &len);
	if (f) {
		report_json(f, rep);
		if (fclose(f)) {
			free(json);
			json = NULL;
		}
	}
	br.report_json = json;
	br.report_json_len = json ? len : 0;
	n = bundle_write(b, &br);
	if (n >= 0)
		fprintf(stderr, "verio: bundle written to '%s' (%d file%s and MANIFEST.json)\n",
			b->path, n, n == 1 ? "" : "s");
	free(json);
}

static int run_and_report(const struct run_config *cfg)
{
	struct disk_util_set du = { 0 };
	struct run_output ro = { .cfg = cfg, .disks = &du };
	struct run_hooks hooks = { .start = run_output_start, .status = print_status, .arg = &ro,
				   .disk_util = &du };
	struct job_result *res;
	struct bundle bundle;
	struct report rep;
	size_t nr;
	int code;

	bundle_init(&bundle, cfg->bundle);
	if (cfg->bundle)
		hooks.bundle = &bundle;
	code = run_jobs(cfg, &hooks, &res, &nr);
	if (res) {
		if (report_build(&rep, res, nr) == 0) {
			rep.disks = du.d;
			rep.nr_disks = du.nr;
			rep.cmdline = cfg->cmdline;
			rep.exit_known = true;	/* what main() returns from here on */
			rep.exit_status = code;
			report_print(ro.out, cfg->output_formats, &rep);
			if (cfg->bundle)
				write_bundle(cfg, &bundle, &rep, res, nr, code);
		} else {
			code = 3;
		}
		report_release(&rep);
	}
	bundle_release(&bundle);
	diskutil_release(&du);
	job_results_free(res, nr);
	if (ro.out && ro.out != stdout)
		fclose(ro.out);
	return code;
}

int cmd_run(int argc, char **argv)
{
	struct run_config cfg;
	int code;

	code = run_args_parse(argc, argv, &cfg);
	if (code == 0) {
		clock_init();
		code = run_and_report(&cfg);
	} else if (code == 1) {
		code = 0;
	}
	run_config_release(&cfg);
	return code;
}
