/*
 * inspect.c - `verio inspect`: explain what a dump, a range of a target
 * or a repro bundle holds, unit by unit and sector by sector (the other
 * files of the command: inspect.h).
 *
 *   verio inspect [OPTIONS] FILE.received [FILE.expected]
 *   verio inspect [OPTIONS] --target PATH --offset N --length N
 *                 [--state FILE] [--history FILE] [--bs N]
 *   verio inspect [OPTIONS] BUNDLE.tar.gz
 *
 * One JSON document with --output-format=json (--json); text otherwise.
 * Exit status: 0 consistent, 1 not, 2 bad arguments or input, 3 I/O
 * error reading the target.
 */
#include "compat.h"

#include "cmd/cmd.h"
#include "cmd/inspect.h"
#include "parse.h"
#include "verify/state.h"

static const char inspect_usage[] =
	"usage: verio inspect [OPTIONS] FILE.received [FILE.expected]\n"
	"       verio inspect [OPTIONS] --target PATH --offset N --length N [--state FILE]\n"
	"                     [--history FILE] [--bs N]\n"
	"       verio inspect [OPTIONS] BUNDLE.tar.gz\n"
	"options:\n"
	"  --output-format=normal|json, --json   text (default) or one JSON document\n"
	"  --rows N    differing 16-byte rows shown per unit (default 32)\n"
	"  --all       every differing row\n"
	"  --state FILE    judge by this saved verify state's generation map\n"
	"  --history FILE  name the writes from this write history\n"
	"  --bs N, --unit N  the verify unit of --target (default: the state's, else the "
	"first header's)\n"
	"exit status: 0 consistent, 1 a unit is not, 2 bad arguments or input, "
	"3 I/O error\n";

struct insp_args {
	const char *files[3];
	int nfiles;
	const char *target, *state, *format;
	const char *history[INSP_HIST_MAX];
	unsigned nhistory;
	const char *offset_s, *length_s, *bs_s, *rows_s;
	bool all;
};

/* "--name=value" or "--name value": the value, or NULL (not this option). */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static int parse_args(int argc, char **argv, struct insp_args *a)
{
	static const struct { const char *name; size_t off; } vals[] = {
		{ "--target", offsetof(struct insp_args, target) },
		{ "--state", offsetof(struct insp_args, state) },
		{ "--output-format", offsetof(struct insp_args, format) },
		{ "--offset", offsetof(struct insp_args, offset_s) },
		{ "--length", offsetof(struct insp_args, length_s) },
		{ "--bs", offsetof(struct insp_args, bs_s) },
		{ "--unit", offsetof(struct insp_args, bs_s) },
		{ "--rows", offsetof(struct insp_args, rows_s) },
	};

	for (int i = 1; i < argc; i++) {
		bool missing = false, done = false;
		const char *v;

		for (size_t k = 0; k < ARRAY_SIZE(vals) && !done; k++) {
			const char *val = opt_value(argc, argv, &i, vals[k].name, &missing);

			if (missing) {
				fprintf(stderr, "verio: inspect: option '%s' wants a value\n%s",
					vals[k].name, inspect_usage);
				return 2;
			}
			if (val) {
				*(const char **)((char *)a + vals[k].off) = val;
				done = true;
			}
		}
		if (done)
			continue;
		v = opt_value(argc, argv, &i, "--history", &missing);
		if (missing) {
			fprintf(stderr, "verio: inspect: option '--history' wants a value\n%s",
				inspect_usage);
			return 2;
		}
		if (v && a->nhistory >= INSP_HIST_MAX) {
			fprintf(stderr, "verio: inspect: option '--history': at most %u histories\n",
				INSP_HIST_MAX);
			return 2;
		}
		if (v) {
			a->history[a->nhistory++] = v;
		} else if (!strcmp(argv[i], "--json")) {
			a->format = "json";
		} else if (!strcmp(argv[i], "--all")) {
			a->all = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "verio: inspect: unknown option '%s'\n%s", argv[i],
				inspect_usage);
			return 2;
		} else if (a->nfiles >= 3) {
			fprintf(stderr, "verio: inspect: too many files ('%s')\n%s", argv[i],
				inspect_usage);
			return 2;
		} else {
			a->files[a->nfiles++] = argv[i];
		}
	}
	return 0;
}

/* A size option: 0, or 2 (printed) when it is none. */
static int size_opt(const char *name, const char *s, uint64_t *out)
{
	if (!s)
		return 0;
	if (parse_size(s, 1024, out)) {
		fprintf(stderr, "verio: inspect: option '%s': '%s' is not a size\n", name, s);
		return 2;
	}
	return 0;
}

static int check_args(const struct insp_args *a, struct insp *ix)
{
	uint64_t rows = INSP_ROWS_DEFAULT;

	if (a->format && strcmp(a->format, "json") && strcmp(a->format, "normal")) {
		fprintf(stderr, "verio: inspect: option '--output-format': '%s' is not normal "
			"or json\n", a->format);
		return 2;
	}
	ix->json = a->format && !strcmp(a->format, "json");
	if (a->rows_s && (parse_uint(a->rows_s, &rows) || !rows)) {
		fprintf(stderr, "verio: inspect: option '--rows': '%s' is not a number of rows "
			"(1 or more)\n", a->rows_s);
		return 2;
	}
	ix->rows = a->all ? UINT64_MAX : rows;
	if (a->target && a->nfiles) {
		fprintf(stderr, "verio: inspect: '--target' takes no file ('%s')\n%s",
			a->files[0], inspect_usage);
		return 2;
	}
	if (!a->target && (a->offset_s || a->length_s || a->bs_s)) {
		fprintf(stderr, "verio: inspect: '--offset', '--length' and '--bs' go with "
			"'--target'\n%s", inspect_usage);
		return 2;
	}
	if (!a->target && !a->nfiles) {
		fprintf(stderr, "verio: inspect: nothing to inspect: give a dump, a bundle or "
			"--target\n%s", inspect_usage);
		return 2;
	}
	if (a->target && (!a->offset_s || !a->length_s)) {
		fprintf(stderr, "verio: inspect: '--target' needs '--offset' and '--length'\n%s",
			inspect_usage);
		return 2;
	}
	return 0;
}

int insp_load_state(struct insp *ix, const char *path)
{
	struct vstate *s = calloc(1, sizeof(*s));
	int r;

	if (!s) {
		fprintf(stderr, "verio: inspect: out of memory\n");
		return 3;
	}
	r = vstate_load(path, s);
	if (r) {
		fprintf(stderr, "verio: inspect: '%s' is not a verio state file: %s\n", path,
			vstate_load_error(r));
		free(s);
		return 2;
	}
	ix->state = s;
	ix->state_path = path;
	return 0;
}

static int run(struct insp *ix, const struct insp_args *a)
{
	uint64_t off = 0, len = 0, bs = 0;
	int r;

	if (a->target) {
		if ((r = size_opt("--offset", a->offset_s, &off)) ||
		    (r = size_opt("--length", a->length_s, &len)) ||
		    (r = size_opt("--bs", a->bs_s, &bs)))
			return r;
		if (!len || (a->bs_s && (!bs || bs > VUNIT_MAX_LEN))) {
			fprintf(stderr, "verio: inspect: %s\n", !len ? "option '--length' is 0"
				: "option '--bs': not a verify unit (1 byte to 8m)");
			return 2;
		}
		return insp_target(ix, a->target, off, len, (uint32_t)bs);
	}
	if (a->nfiles == 1 && insp_is_bundle(a->files[0]))
		return insp_bundle(ix, a->files[0]);
	return insp_dumps(ix, (char **)a->files, a->nfiles);
}

void insp_units_begin(struct insp *ix)
{
	if (ix->json && !ix->in_units) {
		json_arr_begin(&ix->jw, "units");
		ix->in_units = true;
	}
}

void insp_units_end(struct insp *ix)
{
	if (ix->json && ix->in_units) {
		json_arr_end(&ix->jw);
		ix->in_units = false;
	}
}

/* The JSON document's end: the totals and the verdict. */
static void json_tail(struct insp *ix, int status)
{
	json_u64(&ix->jw, "units_inspected", ix->units);
	json_u64(&ix->jw, "units_inconsistent", ix->bad);
	json_u64(&ix->jw, "units_unwritten", ix->unwritten);
	json_bool(&ix->jw, "consistent", status == 0);
	json_u64(&ix->jw, "exit_status", (uint64_t)status);
	json_obj_end(&ix->jw);
}

int cmd_inspect(int argc, char **argv)
{
	struct insp_args a = { 0 };
	struct insp ix = { 0 };
	int r;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(inspect_usage, stdout);
		return 0;
	}
	r = parse_args(argc, argv, &a);
	if (!r)
		r = check_args(&a, &ix);
	if (!r && a.state)
		r = insp_load_state(&ix, a.state);
	for (unsigned i = 0; !r && i < a.nhistory; i++)
		r = insp_history_open(&ix, a.history[i]);
	if (r) {
		insp_history_close(&ix);
		vstate_release(ix.state);
		free(ix.state);
		return r;
	}
	if (insp_scratch_init(&ix.scr)) {
		fprintf(stderr, "verio: inspect: out of memory\n");
		insp_scratch_release(&ix.scr);
		return 3;
	}
	if (ix.json) {
		json_init(&ix.jw, stdout);
		json_obj_begin(&ix.jw, NULL);
		json_u64(&ix.jw, "inspect_version", 1);
	}
	r = run(&ix, &a);
	if (!r && ix.bad)
		r = 1;
	if (ix.json) {
		insp_units_end(&ix);
		json_tail(&ix, r);
		if (json_finish(&ix.jw) && !r)
			r = 3;
	} else if (r <= 1) {
		printf("%" PRIu64 " unit%s inspected: %" PRIu64 " not consistent%s\n", ix.units,
		       ix.units == 1 ? "" : "s", ix.bad, ix.unwritten ? ", some never written" : "");
	}
	insp_scratch_release(&ix.scr);
	insp_history_close(&ix);
	vstate_release(ix.state);
	free(ix.state);
	return r;
}
