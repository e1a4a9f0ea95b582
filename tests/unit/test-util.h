/*
 * test-util.h - helpers shared by the unit tests: capturing what code
 * prints to stdout/stderr, and running run_args_parse() over an argument
 * list.
 * Include after cmocka.h.
 */
#ifndef VERIO_TESTS_TEST_UTIL_H
#define VERIO_TESTS_TEST_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/run-args.h"
#include "config/runconf.h"

/* One redirected descriptor: what was written to it ends up in text. */
struct capture {
	int saved;
	FILE *tmp;
	char text[32768];
};

static VERIO_UNUSED void capture_start(struct capture *c, int fd)
{
	fflush(NULL);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	c->saved = dup(fd);
	assert_true(c->saved >= 0);
	assert_true(dup2(fileno(c->tmp), fd) >= 0);
}

/* Put fd back; returns what was captured (valid until c is reused). */
static VERIO_UNUSED const char *capture_end(struct capture *c, int fd)
{
	size_t n;

	fflush(NULL);
	assert_true(dup2(c->saved, fd) >= 0);
	close(c->saved);
	rewind(c->tmp);
	n = fread(c->text, 1, sizeof(c->text) - 1, c->tmp);
	c->text[n] = '\0';
	fclose(c->tmp);
	return c->text;
}

/* run_args_parse() over a NULL-ended argument list, keeping stdout and stderr. */
struct cli_run {
	struct run_config cfg;
	int ret;
	char out[32768], err[16384];
};

static VERIO_UNUSED void cli(struct cli_run *r, ...)
{
	char *argv[32] = { (char *)"verio" };
	int argc = 1;
	struct capture co, ce;
	va_list ap;

	va_start(ap, r);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	capture_start(&co, STDOUT_FILENO);
	capture_start(&ce, STDERR_FILENO);
	r->ret = run_args_parse(argc, argv, &r->cfg);
	snprintf(r->err, sizeof(r->err), "%s", capture_end(&ce, STDERR_FILENO));
	snprintf(r->out, sizeof(r->out), "%s", capture_end(&co, STDOUT_FILENO));
}

/*
 * Make a fresh directory $TMPDIR/verio-test-TAG.XXXXXX (TMPDIR defaults to
 * /tmp) into buf. 0, or -1 if it cannot be made.
 */
static VERIO_UNUSED int test_mkdtemp(char *buf, size_t cap, const char *tag)
{
	const char *base = getenv("TMPDIR");
	int n = snprintf(buf, cap, "%s/verio-test-%s.XXXXXX",
			 base && *base ? base : "/tmp", tag);

	return n < 0 || (size_t)n >= cap || !mkdtemp(buf) ? -1 : 0;
}

/*
 * The whole text of a documentation file (tests run from the top of the
 * tree), NUL-terminated in a static buffer; NULL if it cannot be read.
 */
static VERIO_UNUSED const char *test_read_doc(const char *path)
{
	static char doc[262144];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(doc, 1, sizeof(doc) - 1, f);
	doc[n] = '\0';
	fclose(f);
	return doc;
}

/* Fail unless doc (the text of path) has the heading "#### `name`". */
static VERIO_UNUSED void test_doc_has_heading(const char *doc, const char *path,
					      const char *name)
{
	char head[128];

	snprintf(head, sizeof(head), "\n#### `%s`\n", name);
	if (!strstr(doc, head))
		fail_msg("%s lacks the heading \"#### `%s`\"", path, name);
}

#endif /* VERIO_TESTS_TEST_UTIL_H */
