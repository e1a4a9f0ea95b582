/*
 * fuzz-report.c - `verio report`'s readers on arbitrary bytes: a run's
 * JSON report rendered as the HTML page (report/html.h), and the fio
 * logs the page's charts read (report/logread.h).
 *
 * A report and its logs come from wherever the user copied them: they
 * are untrusted. The first byte chooses what the rest is:
 *   0  the JSON report: html_json_load, then the whole page (html_report_text)
 *   1  a value log, read by logread_text with the flags of the second byte
 *   2  a histogram log, read by logread_hist
 *   3  the bw, clat and hist logs of one job, rendered on the page of a
 *      fixed report that names them (the series, with their windows)
 * What is checked is that nothing crashes, leaks or reads out of
 * bounds; what the page says about such bytes is the unit tests' to judge.
 */
#include "fuzz.h"

#include "report/html.h"
#include "report/logread.h"

#ifdef CONFIG_JANSSON
static const char job_report[] =
	"{\"verio schema\":1,\"exit_status\":0,\"jobs\":[{\"jobname\":\"j\",\"job_index\":0,"
	"\"job options\":{\"write_bw_log\":\"j\",\"write_lat_log\":\"j\","
	"\"write_hist_log\":\"j\"},\"phases\":[{\"name\":\"write\",\"start_ms\":0,"
	"\"end_ms\":500},{\"name\":\"verify\",\"start_ms\":500,\"end_ms\":900}],"
	"\"interrupted_ms\":800,\"verify\":{\"failures\":1,\"incidents\":[{\"file\":\"f\","
	"\"offset\":4096,\"class\":\"torn\",\"time_ms\":600}]}}]}";

static void render(const char *text, size_t len)
{
	FILE *out = fopen("/dev/null", "w");
	struct html_opts o = { .logdir = fuzz_dir, .source = "fuzz.json" };

	if (!out)
		abort();
	(void)html_report_text(out, text, len, &o);
	fclose(out);
}
#endif

static void read_log(const uint8_t *data, size_t size, bool hist)
{
	struct logread lr = { 0 };
	FILE *f = fmemopen((void *)data, size, "r");

	if (!f)
		return;	/* fmemopen wants a size above 0 */
	if (size)
		lr.flags = data[0] & (LOGREAD_F_VALUE1 | LOGREAD_F_REBASE);
	if (hist)
		logread_hist(f, &lr);
	else
		logread_text(f, &lr);
	fclose(f);
	logread_free(&lr);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] & 3) {
	case 0:
#ifdef CONFIG_JANSSON
		render((const char *)data + 1, size - 1);
#endif
		break;
	case 1:
		read_log(data + 1, size - 1, false);
		break;
	case 2:
		read_log(data + 1, size - 1, true);
		break;
	case 3:
#ifdef CONFIG_JANSSON
		/* the same bytes as each log: value lines and histogram lines */
		fuzz_write("j_bw.1.log", data + 1, size - 1);
		fuzz_write("j_clat.1.log", data + 1, size - 1);
		fuzz_write("j_clat_hist.1.log", data + 1, size - 1);
		render(job_report, sizeof(job_report) - 1);
#endif
		break;
	}
	return 0;
}
