/*
 * report.c - `verio report RUN.json [--logs DIR] [-o FILE]`: the HTML
 * page of a run (report/html.h) from its JSON report and the fio logs
 * its jobs wrote.
 *
 * The page goes to RUN.html beside RUN.json unless -o names a file
 * (`-o -`: standard output). The logs are looked for in --logs DIR,
 * by default RUN.json's directory. The JSON may follow other text (the
 * output of --output-format=normal,json): it starts at the first line
 * that begins with '{'.
 *
 * Exit status: 0 written; 2 usage, a report that cannot be read or is
 * not JSON, or verio built without jansson; 3 the page cannot be written.
 */
#include "compat.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "report/html.h"

static const char report_usage[] = "usage: verio report RUN.json [--logs DIR] [-o FILE|-]\n";

/* The whole file at path, NUL-terminated, into *buf. 0 or -errno. */
static int slurp(const char *path, char **buf, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap), *nb;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;
	ssize_t r;

	if (fd < 0 || !b) {
		err = fd < 0 ? -errno : -ENOMEM;
		goto fail;
	}
	for (;;) {
		if (cap - n < 2) {
			nb = realloc(b, cap * 2);
			if (!nb) {
				err = -ENOMEM;
				goto fail;
			}
			b = nb;
			cap *= 2;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			goto fail;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(b);
	return err;
}

/* Where the JSON starts: the first line beginning with '{'; lines skipped in *skipped. */
static size_t json_start(const char *s, size_t len, int *skipped)
{
	size_t i = 0;

	*skipped = 0;
	while (i < len && s[i] != '{') {
		const char *nl = memchr(s + i, '\n', len - i);

		if (!nl)
			return len;
		i = (size_t)(nl - s) + 1;
		++*skipped;
	}
	return i;
}

/* RUN.json → RUN.html; any other name gets ".html" appended. */
static char *default_output(const char *in)
{
	size_t n = strlen(in);
	char *out = malloc(n + 6);

	if (!out)
		return NULL;
	memcpy(out, in, n + 1);
	if (n > 5 && !strcmp(in + n - 5, ".json"))
		n -= 5;
	memcpy(out + n, ".html", 6);
	return out;
}

/* The directory part of path ("." for a bare name). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

struct report_args {
	const char *in, *out, *logs;
};

/* 0, 1 for --help, 2 after a usage message. */
static int parse_args(int argc, char **argv, struct report_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		const char **dst = NULL;

		if (!strcmp(s, "-h") || !strcmp(s, "--help"))
			return 1;
		if (!strcmp(s, "-o") || !strcmp(s, "--output"))
			dst = &a->out;
		else if (!strcmp(s, "--logs"))
			dst = &a->logs;
		if (dst) {
			if (++i == argc) {
				fprintf(stderr, "verio: report: '%s' needs a value\n%s", s,
					report_usage);
				return 2;
			}
			*dst = argv[i];
		} else if (!strncmp(s, "--output=", 9)) {
			a->out = s + 9;
		} else if (!strncmp(s, "--logs=", 7)) {
			a->logs = s + 7;
		} else if (s[0] == '-' && s[1]) {
			fprintf(stderr, "verio: report: unknown option '%s'\n%s", s, report_usage);
			return 2;
		} else if (a->in) {
			fprintf(stderr, "verio: report: one report at a time ('%s' and '%s')\n%s",
				a->in, s, report_usage);
			return 2;
		} else {
			a->in = s;
		}
	}
	if (!a->in) {
		fputs(report_usage, stderr);
		return 2;
	}
	return 0;
}

/* Render text into the file out ("-" = stdout). The exit status. */
static int write_page(const char *out, const char *text, size_t len,
		      const struct html_opts *o)
{
	FILE *f = strcmp(out, "-") ? fopen(out, "w") : stdout;
	int ret;

	if (!f) {
		fprintf(stderr, "verio: report: cannot write '%s': %s\n", out, strerror(errno));
		return 3;
	}
	ret = html_report_text(f, text, len, o);
	if (f == stdout ? fflush(f) : fclose(f))
		ret = ret ? ret : -errno;
	if (ret) {
		fprintf(stderr, "verio: report: cannot write '%s': %s\n", out, strerror(-ret));
		if (f != stdout)
			unlink(out);
		return 3;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	struct report_args a = { 0 };
	char *text = NULL, *out = NULL, *logs = NULL, why[256];
	size_t len = 0, start, used;
	int code, skipped, ret;

	code = parse_args(argc, argv, &a);
	if (code) {
		if (code == 1)
			fputs(report_usage, stdout);
		return code == 1 ? 0 : code;
	}
	ret = slurp(a.in, &text, &len);
	if (ret) {
		fprintf(stderr, "verio: report: cannot read '%s': %s\n", a.in, strerror(-ret));
		return 2;
	}
	start = json_start(text, len, &skipped);
	ret = html_json_load(text + start, len - start, NULL, &used, why, sizeof(why));
	if (ret == -ENOTSUP) {
		fprintf(stderr, "verio: report: %s\n", why);
		code = 2;
		goto out;
	}
	if (ret) {
		/* jansson counts lines from the JSON's start, the user from the file's */
		int line = 0, col = 0, n = 0;

		if (sscanf(why, "line %d column %d: %n", &line, &col, &n) == 2 && n)
			fprintf(stderr, "verio: report: '%s' is not a JSON report: line %d "
				"column %d: %s\n", a.in, line + skipped, col, why + n);
		else
			fprintf(stderr, "verio: report: '%s' is not a JSON report: %s\n", a.in,
				why);
		code = 2;
		goto out;
	}

	out = a.out ? strdup(a.out) : default_output(a.in);
	logs = a.logs ? strdup(a.logs) : dir_of(a.in);
	if (!out || !logs) {
		fprintf(stderr, "verio: report: %s\n", strerror(ENOMEM));
		code = 3;
		goto out;
	}
	code = write_page(out, text + start, used, &(struct html_opts){ .logdir = logs,
									 .source = a.in });
out:
	free(out);
	free(logs);
	free(text);
	return code;
}
