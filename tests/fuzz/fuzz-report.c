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
 * Checked on every input, besides no crash, leak or read out of bounds
 * (anything else aborts):
 *   - bytes html_json_load refuses are refused by html_report_text too
 *     (-EINVAL), and nothing is written;
 *   - a report it accepts makes a whole page (0, or -ENOMEM): it starts
 *     with the doctype, ends with </html>, and holds exactly one script
 *     element in any letter case (the embedded report), so nothing in
 *     the input opened or closed one;
 *   - every line of a log is read (lines), the bad ones counted among
 *     them, and no direction holds more than LOGREAD_BINS windows.
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

/* Occurrences of needle in the page, letter case ignored. */
static size_t count_ci(const char *page, const char *needle)
{
	size_t n = 0;

	for (const char *p = page; (p = strcasestr(p, needle)); p++)
		n++;
	return n;
}

static void render(const char *text, size_t len)
{
	struct html_opts o = { .logdir = fuzz_dir, .source = "fuzz.json" };
	char *page = NULL;
	size_t plen = 0, used;
	FILE *out = open_memstream(&page, &plen);
	int loaded, r;

	if (!out)
		abort();
	loaded = html_json_load(text, len, NULL, &used, NULL, 0);
	r = html_report_text(out, text, len, &o);
	if (fclose(out))
		abort();
	if (loaded == -EINVAL && (r != -EINVAL || plen))
		abort();
	if (!loaded && !r) {
		static const char head[] = "<!DOCTYPE html>\n", tail[] = "</body></html>\n";

		if (plen < sizeof(head) + sizeof(tail) || memcmp(page, head, sizeof(head) - 1) ||
		    strcmp(page + plen - (sizeof(tail) - 1), tail) ||
		    count_ci(page, "<script") != 1 || count_ci(page, "</script") != 1)
			abort();
	} else if (!loaded && r != -ENOMEM) {
		abort();
	}
	free(page);
}
#endif

/* Lines as getline() cuts them: each '\n' ends one, and a tail without it is one more. */
static uint64_t lines_in(const uint8_t *data, size_t size)
{
	uint64_t n = 0;

	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + (size && data[size - 1] != '\n');
}

static void read_log(const uint8_t *data, size_t size, bool hist)
{
	struct logread lr = { 0 };
	FILE *f = fmemopen((void *)data, size, "r");
	int r;

	if (!f)
		return;	/* fmemopen wants a size above 0 */
	if (size)
		lr.flags = data[0] & (LOGREAD_F_VALUE1 | LOGREAD_F_REBASE);
	r = hist ? logread_hist(f, &lr) : logread_text(f, &lr);
	fclose(f);
	if (r && r != -ENOMEM)
		abort();
	if (lr.bad > lr.lines || (!r && lr.lines != lines_in(data, size)))
		abort();
	for (unsigned d = 0; d < LOGREAD_DIRS; d++)
		if (lr.d[d].nbins > LOGREAD_BINS)
			abort();
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
