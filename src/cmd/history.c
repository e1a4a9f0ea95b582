/*
 * history.c - `verio history export [--format=v2|v3] HISTORY [-o FILE]`:
 * a write history (write_history=, verify/history.h) as a fio iolog that
 * fio (`fio --read_iolog=FILE`) or verio can replay.
 *
 * The iolog holds the history's completed writes and syncs, in the order
 * they completed (the run-wide completion counter), one line each: the
 * pieces of one write that got different generations are joined again.
 * A write that failed or was still in flight when the history ended, or
 * a failed sync, is left out (a note on stderr counts them). Version 3
 * (the default, as fio 3.33 writes) stamps each line with the completion
 * time in microseconds since the first; version 2 has no times (a replay
 * goes as fast as it can).
 *
 * Exit status: 0 written; 2 usage, or a file that is not a readable
 * history; 3 the iolog cannot be written.
 */
#include "compat.h"

#include "cmd/cmd.h"
#include "verify/history.h"

static const char history_usage[] =
	"usage: verio history export [--format=v2|v3] HISTORY [-o FILE]\n";

/* One line of the iolog: a write (or trim) or a sync, by completion. */
struct hx_event {
	uint64_t order;		/* run-wide completion counter */
	uint64_t t_ns;		/* completion, wall time */
	uint64_t off, len;	/* sync: 0, 0 */
	uint32_t file;
	enum { HX_WRITE, HX_TRIM, HX_SYNC, HX_DATASYNC } kind;
};

struct hx_skipped {
	size_t failed, inflight, syncs;
};

static int by_order(const void *a, const void *b)
{
	const struct hx_event *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* Are a and b pieces (runs of equal generations) of one write? */
static bool same_write(const struct vhist_write *a, const struct vhist_write *b)
{
	return a && a->job == b->job && a->clone == b->clone && a->seq == b->seq &&
	       a->file == b->file;
}

/* The completed writes and syncs, in completion order. 0 or -ENOMEM. */
static int collect(const struct vhist *h, struct hx_event **out, size_t *nr,
		   struct hx_skipped *sk)
{
	size_t nw, ns, n = 0;
	const struct vhist_write *w = vhist_writes(h, &nw), *prev = NULL;
	const struct vhist_sync *s = vhist_syncs(h, &ns);
	struct hx_event *ev = calloc(nw + ns + 1, sizeof(*ev));
	bool prev_kept = false;

	if (!ev)
		return -ENOMEM;
	/* The pieces of one write are next to each other (one issue time). */
	for (size_t i = 0; i < nw; i++) {
		bool more = same_write(prev, &w[i]);

		prev = &w[i];
		if (more) {
			if (prev_kept && ev[n - 1].off + ev[n - 1].len == w[i].offset)
				ev[n - 1].len += w[i].len;
			continue;
		}
		prev_kept = w[i].t_done_ns && !w[i].result;
		if (!prev_kept) {
			if (w[i].t_done_ns)
				sk->failed++;
			else
				sk->inflight++;
			continue;
		}
		ev[n++] = (struct hx_event){ .order = w[i].done_order, .t_ns = w[i].t_done_ns,
					     .off = w[i].offset, .len = w[i].len, .file = w[i].file,
					     .kind = w[i].trim ? HX_TRIM : HX_WRITE };
	}
	for (size_t i = 0; i < ns; i++) {
		if (s[i].result) {
			sk->syncs++;
			continue;
		}
		ev[n++] = (struct hx_event){ .order = s[i].order, .t_ns = s[i].t_ns,
					     .file = s[i].file,
					     .kind = s[i].datasync ? HX_DATASYNC : HX_SYNC };
	}
	qsort(ev, n, sizeof(*ev), by_order);
	*out = ev;
	*nr = n;
	return 0;
}

static void put_head(FILE *out, int version, uint64_t us)
{
	if (version == 3)
		fprintf(out, "%" PRIu64 " ", us);
}

static void print_iolog(FILE *out, const struct vhist *h, int version,
			const struct hx_event *ev, size_t n)
{
	static const char *const act[] = { "write", "trim", "sync", "datasync" };
	uint64_t t0 = n ? ev[0].t_ns : 0, last = 0;
	unsigned nf = vhist_nr_files(h);

	fprintf(out, "fio version %d iolog\n", version);
	for (unsigned f = 0; f < nf; f++) {
		put_head(out, version, 0);
		fprintf(out, "%s add\n", vhist_file_name(h, f));
	}
	for (unsigned f = 0; f < nf; f++) {
		put_head(out, version, 0);
		fprintf(out, "%s open\n", vhist_file_name(h, f));
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t us = ev[i].t_ns > t0 ? (ev[i].t_ns - t0) / 1000 : 0;

		last = us > last ? us : last;	/* never backwards across jobs */
		put_head(out, version, last);
		fprintf(out, "%s %s %" PRIu64 " %" PRIu64 "\n", vhist_file_name(h, ev[i].file),
			act[ev[i].kind], ev[i].off, ev[i].len);
	}
	for (unsigned f = 0; f < nf; f++) {
		put_head(out, version, last);
		fprintf(out, "%s close\n", vhist_file_name(h, f));
	}
}

struct export_args {
	int version;
	const char *in, *out;
};

static int parse_export(int argc, char **argv, struct export_args *a)
{
	a->version = 3;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (!strcmp(s, "--format=v2") || !strcmp(s, "--format=v3")) {
			a->version = s[10] - '0';
		} else if (!strncmp(s, "--format=", 9)) {
			fprintf(stderr, "verio: history export: unknown format '%s' (v2 or v3)\n", s + 9);
			return 2;
		} else if ((!strcmp(s, "-o") || !strcmp(s, "--output")) && i + 1 < argc) {
			a->out = argv[++i];
		} else if (!strncmp(s, "--output=", 9)) {
			a->out = s + 9;
		} else if (s[0] == '-' && s[1]) {
			fprintf(stderr, "verio: history export: unknown option '%s'\n%s", s,
				history_usage);
			return 2;
		} else if (!a->in) {
			a->in = s;
		} else {
			fprintf(stderr, "verio: history export: one history at a time\n%s",
				history_usage);
			return 2;
		}
	}
	if (!a->in) {
		fputs(history_usage, stderr);
		return 2;
	}
	return 0;
}

static int history_export(int argc, char **argv)
{
	struct export_args a = { 0 };
	struct hx_skipped sk = { 0 };
	struct hx_event *ev = NULL;
	struct vhist *h = NULL;
	char why[256] = "";
	FILE *out = stdout;
	size_t n = 0;
	int r = parse_export(argc, argv, &a);

	if (r)
		return r;
	r = vhist_open(a.in, &h, why, sizeof(why));
	if (r < 0) {
		fprintf(stderr, "verio: history export: '%s' is not a readable history: %s\n", a.in,
			why[0] ? why : strerror(-r));
		return r == -ENOMEM ? 3 : 2;
	}
	if (collect(h, &ev, &n, &sk) < 0) {
		fprintf(stderr, "verio: history export: out of memory\n");
		vhist_close(h);
		return 3;
	}
	if (a.out && !(out = fopen(a.out, "w"))) {
		fprintf(stderr, "verio: history export: cannot create '%s': %s\n", a.out,
			strerror(errno));
		r = 3;
		goto done;
	}
	print_iolog(out, h, a.version, ev, n);
	if (fflush(out) || ferror(out) || (out != stdout && fclose(out))) {
		fprintf(stderr, "verio: history export: cannot write '%s': %s\n",
			a.out ? a.out : "standard output", strerror(errno));
		r = 3;
	}
	if (vhist_torn_tail(h))
		fprintf(stderr, "verio: history export: '%s' ends in a torn segment: what "
			"precedes it is exported\n", a.in);
	if (sk.failed || sk.inflight || sk.syncs)
		fprintf(stderr, "verio: history export: left out %zu failed write(s), %zu write(s) "
			"in flight at the end, %zu failed sync(s)\n", sk.failed, sk.inflight,
			sk.syncs);
done:
	free(ev);
	vhist_close(h);
	return r;
}

int cmd_history(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "export"))
		return history_export(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(history_usage, stdout);
		return 0;
	}
	fprintf(stderr, "%s", history_usage);
	return 2;
}
