/*
 * io-line.c - where `verio io` gets its command lines when no -c is given:
 * stdin, one command a line.
 *
 * Interactive (stdin a terminal) and built with libedit (CONFIG_LIBEDIT):
 * a prompt with line editing (emacs keys, ~/.editrc applies), history of
 * the session (Up/Down), kept in $HOME/.verio_history when that file is
 * ours, and Tab completion of the command name.  libedit's own API
 * (histedit.h: el_*, history()) rather than its readline emulation: it
 * keeps all its state in the EditLine and History objects, hands the
 * completion callback our struct through EL_CLIENTDATA (no global word
 * list, no rl_* globals), and it is what Debian's libedit-dev documents
 * and tests.
 *
 * Otherwise (a pipe, a file, or a build without libedit): plain lines,
 * with the prompt printed first when stdin is a terminal.
 *
 * Either way, as qemu-io does, a blank line is no command and is skipped.
 * A line whose first non-blank character is '#' is skipped too: a comment
 * in a command file (qemu-io would call it an unknown command, so no
 * script that works with qemu-io changes meaning).
 */
#include "compat.h"

#include <ctype.h>
#include <sys/stat.h>

#ifdef CONFIG_LIBEDIT
#include <histedit.h>
#endif

#include "cmd/io.h"

#define IO_HISTORY_SIZE 500
#define IO_HISTORY_NAME ".verio_history"

struct io_lines {
	bool editing;			/* libedit drives the terminal */
	bool prompt_plain;		/* print the prompt before a plain read */
	char *prompt;
	const char *const *words;	/* completion candidates, NULL-ended */
#ifdef CONFIG_LIBEDIT
	EditLine *el;
	History *hist;
	char *hist_path;		/* NULL: the session only */
#endif
};

/* A line worth handing to the shell: not blank, not a '#' comment. */
static bool io_line_wanted(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return *s && *s != '#';
}

/* Drop the line end (and a '\r' before it) in place. */
static void io_line_chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

#ifdef CONFIG_LIBEDIT

static char *io_el_prompt(EditLine *el)
{
	struct io_lines *l = NULL;

	el_get(el, EL_CLIENTDATA, &l);
	return l ? l->prompt : (char *)"";
}

/*
 * The history file: $HOME/.verio_history, only when HOME is set and the
 * file is either absent or a regular file of ours (never through a link
 * or into somebody else's file: we often run as root).
 */
static char *io_hist_path(void)
{
	const char *home = getenv("HOME");
	struct stat st;
	char *p;

	if (!home || !*home)
		return NULL;
	if (asprintf(&p, "%s/%s", home, IO_HISTORY_NAME) < 0)
		return NULL;
	if (lstat(p, &st) == 0 ? !S_ISREG(st.st_mode) || st.st_uid != geteuid()
			       : errno != ENOENT) {
		free(p);
		return NULL;
	}
	return p;
}

/* The common prefix length of the words starting with w[0..n). */
static size_t io_complete_common(const char *const *words, const char *w, size_t n,
				 const char **first, unsigned *count)
{
	size_t common = 0;

	*first = NULL;
	*count = 0;
	for (const char *const *p = words; *p; p++) {
		if (strncmp(*p, w, n))
			continue;
		if (!*first) {
			*first = *p;
			common = strlen(*p);
		} else {
			size_t i = n;

			while (i < common && (*first)[i] == (*p)[i])
				i++;
			common = i;
		}
		(*count)++;
	}
	return common;
}

/*
 * Tab: complete the command name under the cursor (the first word only).
 * One match: the rest of it and a space.  Several: their common part, or
 * when there is none to add, the list of them under the line.
 */
static unsigned char io_el_complete(EditLine *el, int ch)
{
	const LineInfo *li = el_line(el);
	struct io_lines *l = NULL;
	const char *w = li->buffer, *first;
	size_t n, common;
	unsigned count;
	char add[64];

	(void)ch;
	el_get(el, EL_CLIENTDATA, &l);
	while (w < li->cursor && isspace((unsigned char)*w))
		w++;
	for (const char *p = w; p < li->cursor; p++)
		if (isspace((unsigned char)*p))
			return CC_ERROR;	/* past the command name */
	n = (size_t)(li->cursor - w);
	if (!l || !l->words)
		return CC_ERROR;
	common = io_complete_common(l->words, w, n, &first, &count);
	if (!count)
		return CC_ERROR;
	if (count == 1 || common > n) {
		snprintf(add, sizeof(add), "%.*s%s", (int)(common - n), first + n,
			 count == 1 ? " " : "");
		return el_insertstr(el, add) ? CC_ERROR : CC_REFRESH;
	}
	fputc('\n', stdout);
	for (const char *const *p = l->words; *p; p++)
		if (!strncmp(*p, w, n))
			printf("%s  ", *p);
	fputc('\n', stdout);
	fflush(stdout);
	return CC_REDISPLAY;
}

static int io_el_open(struct io_lines *l)
{
	HistEvent ev;

	l->hist = history_init();
	l->el = el_init("verio", stdin, stdout, stderr);
	if (!l->hist || !l->el)
		return -ENOMEM;
	history(l->hist, &ev, H_SETSIZE, IO_HISTORY_SIZE);
	history(l->hist, &ev, H_SETUNIQUE, 1);
	l->hist_path = io_hist_path();
	if (l->hist_path)
		history(l->hist, &ev, H_LOAD, l->hist_path);	/* absent: fine */
	el_set(l->el, EL_CLIENTDATA, l);
	el_set(l->el, EL_EDITOR, "emacs");
	el_set(l->el, EL_SIGNAL, 1);	/* the terminal back to normal on a signal */
	el_set(l->el, EL_PROMPT, io_el_prompt);
	el_set(l->el, EL_HIST, history, l->hist);
	/* The wide call: el_set() would copy both names and never free them
	 * (LeakSanitizer sees it); el_wset() keeps these static strings. */
	el_wset(l->el, EL_ADDFN, L"verio-complete", L"complete a command name",
		io_el_complete);
	el_set(l->el, EL_BIND, "^I", "verio-complete", NULL);
	el_source(l->el, NULL);		/* the user's ~/.editrc */
	return 0;
}

static char *io_el_next(struct io_lines *l)
{
	for (;;) {
		HistEvent ev;
		int count = 0;
		const char *s = el_gets(l->el, &count);
		char *line;

		if (!s || count <= 0) {
			fputc('\n', stdout);	/* ^D: leave the prompt's line */
			return NULL;
		}
		if (!io_line_wanted(s))
			continue;
		line = strdup(s);
		if (!line)
			return NULL;
		io_line_chomp(line);
		history(l->hist, &ev, H_ENTER, line);
		return line;
	}
}

static void io_el_close(struct io_lines *l)
{
	if (l->hist && l->hist_path) {
		HistEvent ev;

		/* A file of our own only (see io_hist_path()), private. */
		if (history(l->hist, &ev, H_SAVE, l->hist_path) >= 0)
			(void)chmod(l->hist_path, 0600);
	}
	if (l->el)
		el_end(l->el);
	if (l->hist)
		history_end(l->hist);
	free(l->hist_path);
}

#endif /* CONFIG_LIBEDIT */

struct io_lines *io_lines_open(bool interactive, const char *prompt,
			       const char *const *words)
{
	struct io_lines *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->words = words;
	l->prompt = strdup(prompt ? prompt : "verio> ");
	if (!l->prompt) {
		free(l);
		return NULL;
	}
	l->prompt_plain = interactive;
#ifdef CONFIG_LIBEDIT
	if (interactive) {
		if (io_el_open(l)) {
			io_lines_close(l);
			return NULL;
		}
		l->editing = true;
	}
#endif
	return l;
}

static char *io_plain_next(struct io_lines *l)
{
	for (;;) {
		char *line = NULL;
		size_t cap = 0;

		if (l->prompt_plain) {
			fputs(l->prompt, stdout);
			fflush(stdout);
		}
		if (getline(&line, &cap, stdin) < 0) {
			free(line);
			if (l->prompt_plain)
				fputc('\n', stdout);
			return NULL;
		}
		io_line_chomp(line);
		if (io_line_wanted(line))
			return line;
		free(line);
	}
}

char *io_lines_next(struct io_lines *l)
{
	if (!l)
		return NULL;
	/* Output of the last command goes out before the next prompt. */
	fflush(stdout);
#ifdef CONFIG_LIBEDIT
	if (l->editing)
		return io_el_next(l);
#endif
	return io_plain_next(l);
}

void io_lines_close(struct io_lines *l)
{
	if (!l)
		return;
#ifdef CONFIG_LIBEDIT
	io_el_close(l);
#endif
	free(l->prompt);
	free(l);
}
