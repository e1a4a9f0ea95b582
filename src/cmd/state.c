/*
 * state.c - `verio state show [--output-format=json] FILE` and
 * `verio state diff A B`: what a saved verify state holds (docs/format.md,
 * "Verify state file"), and how two of them differ.
 *
 * Exit status: 0 (shown; diff: the same), 1 (diff: they differ),
 * 2 (usage, or a file that is not a readable state: truncated, damaged,
 * of another version).
 */
#include "compat.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "cmd/cmd.h"
#include "csum.h"
#include "json.h"
#include "verify/genmap.h"
#include "verify/journal.h"
#include "verify/state.h"

/* Units whose generation differs, listed per file by diff. */
#define DIFF_LIST 5
/* Units in flight listed by show in text (JSON lists every one). */
#define INFLIGHT_LIST 32

static const char state_usage[] =
	"usage: verio state show [--output-format=normal|json] FILE\n"
	"       verio state diff A B\n";

static int load(const char *path, struct vstate *s)
{
	int r = vstate_load(path, s);

	if (r < 0) {
		fprintf(stderr, "verio: state: cannot load '%s': %s\n", path,
			vstate_load_error(r));
		return 2;
	}
	return 0;
}

static const char *algo_name(unsigned id)
{
	const struct csum_def *d = csum_by_id(id);

	return d ? d->name : id ? "unknown" : "none";
}

static const char *kind_name(unsigned k)
{
	return k == VSTATE_KIND_FILE ? "regular file"
	       : k == VSTATE_KIND_BLOCK ? "block device" : "unknown";
}

/* "2026-11-30 21:00:00 UTC" */
static void fmt_time(char *buf, size_t cap, uint64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!ms || !gmtime_r(&t, &tm) || !strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, cap, "unknown");
}

/* The journal next to the state, if any: its size, or -1. */
static int64_t journal_bytes(const char *path, char *jpath, size_t cap)
{
	struct stat st;

	snprintf(jpath, cap, "%s%s", path, VJ_SUFFIX);
	return stat(jpath, &st) ? -1 : (int64_t)st.st_size;
}

/*
 * The journal replayed as a verify run would (onto the state's maps, which
 * it changes: call after the files are shown).  0 with rp filled (rp->used
 * false: none, or an older one), or -errno with why.
 */
static int journal_replay(const char *path, struct vstate *s, struct vj_replay *rp,
			  char *why, size_t cap)
{
	struct vj_hdr want = {
		.seq = s->seq,
		.unit_len = s->unit_len,
		.nr_files = s->nr_files,
		.clone = s->clone,
		.name_crc = vj_name_crc(s->job_name),
	};
	struct genmap **maps = calloc(s->nr_files ? s->nr_files : 1, sizeof(*maps));
	int r;

	if (!maps) {
		memset(rp, 0, sizeof(*rp));
		snprintf(why, cap, "out of memory");
		return -ENOMEM;
	}
	for (unsigned i = 0; i < s->nr_files; i++)
		maps[i] = s->files[i].map;
	r = vjournal_replay(path, &want, maps, s->nr_files, rp, why, cap);
	free(maps);
	return r;
}

/* The generations an in-flight unit may hold: "3" or "2-3" or "never-3". */
static void inflight_gens(char *buf, size_t cap, const struct vstate *s,
			  const struct vj_inflight *e)
{
	uint16_t top = genmap_get(s->files[e->file].map, e->unit);

	if (!e->floor)
		snprintf(buf, cap, "never written-%u", top);
	else if (e->floor == top)
		snprintf(buf, cap, "%u", top);
	else
		snprintf(buf, cap, "%u-%u", e->floor, top);
}

static uint64_t inflight_offset(const struct vstate *s, const struct vj_inflight *e)
{
	return s->files[e->file].offset + e->unit * s->unit_len;
}

static void journal_text(const char *path, struct vstate *s)
{
	char jpath[4200], why[512], gens[48];
	int64_t jlen = journal_bytes(path, jpath, sizeof(jpath));
	struct vj_replay rp;
	int r;

	if (jlen < 0) {
		printf("journal      : none\n");
		return;
	}
	printf("journal      : '%s', %" PRId64 " bytes\n", jpath, jlen);
	r = journal_replay(path, s, &rp, why, sizeof(why));
	if (r < 0) {
		printf("  cannot replay: %s\n", why);
	} else if (!rp.used) {
		printf("  %s\n", rp.stale ? "older than the state (a checkpoint finished): ignored"
					  : "not for this state: ignored");
	} else {
		printf("  records    : %" PRIu64 " from '%s%s'%s: %" PRIu64 " acknowledged, %"
		       PRIu64 " failed, %" PRIu64 " syncs, %" PRIu64 " writes open\n",
		       rp.records, path, rp.source, rp.torn_tail ? " (a torn last record ignored)"
								: "", rp.acked, rp.failed,
		       rp.syncs, rp.intents_open);
		printf("  in flight  : %zu units (their content may be the old or the new write%s)\n",
		       rp.nr_inflight, rp.buffered ? "; buffered I/O: an acknowledged write "
						     "is durable only after a sync" : "");
		for (size_t i = 0; i < rp.nr_inflight && i < INFLIGHT_LIST; i++) {
			const struct vj_inflight *e = &rp.inflight[i];

			inflight_gens(gens, sizeof(gens), s, e);
			printf("    file %u unit %" PRIu64 " offset %" PRIu64 ": generation %s\n",
			       e->file + 1, e->unit, inflight_offset(s, e), gens);
		}
		if (rp.nr_inflight > INFLIGHT_LIST)
			printf("    ... and %zu more (--output-format=json lists all)\n",
			       rp.nr_inflight - INFLIGHT_LIST);
	}
	vj_replay_release(&rp);
}

static void journal_json(struct json_writer *w, const char *path, struct vstate *s)
{
	char jpath[4200], why[512];
	int64_t jlen = journal_bytes(path, jpath, sizeof(jpath));
	struct vj_replay rp;
	int r;

	if (jlen < 0) {
		json_null(w, "journal");
		return;
	}
	json_obj_begin(w, "journal");
	json_str(w, "path", jpath);
	json_u64(w, "bytes", (uint64_t)jlen);
	r = journal_replay(path, s, &rp, why, sizeof(why));
	if (r < 0) {
		json_str(w, "status", "damaged");
		json_str(w, "error", why);
	} else if (!rp.used) {
		json_str(w, "status", rp.stale ? "stale" : "other");
	} else {
		json_str(w, "status", "replayed");
		json_str(w, "source", rp.source);
		json_u64(w, "records", rp.records);
		json_bool(w, "torn_tail", rp.torn_tail);
		json_bool(w, "buffered", rp.buffered);
		json_u64(w, "acknowledged", rp.acked);
		json_u64(w, "failed", rp.failed);
		json_u64(w, "syncs", rp.syncs);
		json_u64(w, "writes_open", rp.intents_open);
		json_arr_begin(w, "inflight");
		for (size_t i = 0; i < rp.nr_inflight; i++) {
			const struct vj_inflight *e = &rp.inflight[i];

			json_obj_begin(w, NULL);
			json_u64(w, "file", e->file + 1);
			json_u64(w, "unit", e->unit);
			json_u64(w, "offset", inflight_offset(s, e));
			json_u64(w, "oldest_generation", e->floor);
			json_u64(w, "newest_generation", genmap_get(s->files[e->file].map, e->unit));
			json_obj_end(w);
		}
		json_arr_end(w);
	}
	json_obj_end(w);
	vj_replay_release(&rp);
}

/* Units per generation, gen 0 excluded: hist[65536], zeroed by the caller. */
static void gen_hist(const struct genmap *m, uint64_t *hist)
{
	const uint16_t *g = genmap_data_const(m);
	uint64_t n = genmap_nunits(m);

	for (uint64_t u = 0; g && u < n; u++)
		hist[g[u]]++;
}

static void show_file_text(const struct vstate *s, unsigned i, uint64_t *hist)
{
	const struct vstate_file *f = &s->files[i];
	bool first = true;

	printf("file %-8u: '%s'", i + 1, f->name);
	if (f->realpath && *f->realpath)
		printf(" (real path '%s')", f->realpath);
	printf(", %s", kind_name(f->kind));
	if (f->kind == VSTATE_KIND_BLOCK)
		printf(" %u:%u", major(f->rdev), minor(f->rdev));
	else if (f->kind == VSTATE_KIND_FILE)
		printf(", device %u:%u inode %" PRIu64, major(f->dev), minor(f->dev), f->ino);
	printf(", size %" PRIu64 "\n", f->target_size);
	printf("  region     : offset %" PRIu64 ", size %" PRIu64 ", %" PRIu64
	       " units, %" PRIu64 " written", f->offset, f->size, f->nunits,
	       genmap_nr_written(f->map));
	if (genmap_nr_trimmed(f->map))
		printf(", %" PRIu64 " trimmed", genmap_nr_trimmed(f->map));
	putchar('\n');
	memset(hist, 0, 65536 * sizeof(*hist));
	gen_hist(f->map, hist);
	printf("  generations:");
	for (unsigned g = 1; g < 65536; g++) {
		if (!hist[g])
			continue;
		printf(" %u=%" PRIu64, g, hist[g]);
		first = false;
	}
	printf(first ? " none written\n" : "\n");
}

static int show_text(const char *path, struct vstate *s, uint64_t *hist)
{
	char when[64];

	fmt_time(when, sizeof(when), s->save_ms);
	printf("state file   : %s\n", path);
	printf("saved        : seq %" PRIu64 ", %s, %s, by run 0x%016" PRIx64 "\n", s->seq,
	       s->flags & VSTATE_F_CLEAN ? "clean (the job ended)"
					 : "not clean (a checkpoint: the job did not end)",
	       when, s->run_id);
	printf("job          : '%s', index %" PRIu32 ", clone %" PRIu32 "\n", s->job_name,
	       s->job_index, s->clone);
	printf("seeds        : data 0x%016" PRIx64 ", random 0x%016" PRIx64 "\n", s->seed,
	       s->rand_seed);
	printf("unit         : %" PRIu32 " bytes, sector %" PRIu32 ", verify_offset %" PRIu32
	       ", %s\n", s->unit_len, s->sector_size, s->hdr_off, algo_name(s->algo));
	printf("layout       : %s", vstate_layout_name(s->layout, s->fio_layout));
	if (s->layout && s->piece_len)
		printf(", a header every %" PRIu32 " bytes", s->piece_len);
	printf("\n");
	printf("runs         : %u\n", s->nr_runs);
	for (unsigned i = 0; i < s->nr_runs; i++) {
		const struct vstate_run *r = &s->runs[i];

		fmt_time(when, sizeof(when), r->start_ms);
		printf("  run 0x%016" PRIx64 ": generations %u-%u, started %s, data seed 0x%016"
		       PRIx64 "\n", r->run_id, r->first_gen, r->last_gen, when, r->seed);
	}
	for (unsigned i = 0; i < s->nr_files; i++)
		show_file_text(s, i, hist);
	journal_text(path, s);
	return 0;
}

static void json_hex(struct json_writer *w, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016" PRIx64, v);
	json_str(w, key, buf);
}

static void show_file_json(struct json_writer *w, const struct vstate_file *f,
			   uint64_t *hist)
{
	char buf[32];

	json_obj_begin(w, NULL);
	json_str(w, "name", f->name);
	json_str(w, "realpath", f->realpath);
	json_str(w, "kind", kind_name(f->kind));
	snprintf(buf, sizeof(buf), "%u:%u", major(f->dev), minor(f->dev));
	json_str(w, "dev", buf);
	json_u64(w, "ino", f->ino);
	snprintf(buf, sizeof(buf), "%u:%u", major(f->rdev), minor(f->rdev));
	json_str(w, "rdev", buf);
	json_u64(w, "target_size", f->target_size);
	json_u64(w, "offset", f->offset);
	json_u64(w, "size", f->size);
	json_u64(w, "units", f->nunits);
	json_u64(w, "written", genmap_nr_written(f->map));
	json_u64(w, "trimmed", genmap_nr_trimmed(f->map));
	memset(hist, 0, 65536 * sizeof(*hist));
	gen_hist(f->map, hist);
	json_obj_begin(w, "generations");
	for (unsigned g = 1; g < 65536; g++) {
		if (!hist[g])
			continue;
		snprintf(buf, sizeof(buf), "%u", g);
		json_u64(w, buf, hist[g]);
	}
	json_obj_end(w);
	json_obj_end(w);
}

static int show_json(const char *path, struct vstate *s, uint64_t *hist)
{
	struct json_writer w;

	json_init(&w, stdout);
	json_obj_begin(&w, NULL);
	json_str(&w, "state_file", path);
	json_u64(&w, "version", VSTATE_VERSION);
	json_u64(&w, "seq", s->seq);
	json_bool(&w, "clean", s->flags & VSTATE_F_CLEAN);
	json_u64(&w, "save_time_ms", s->save_ms);
	json_hex(&w, "run_id", s->run_id);
	json_str(&w, "job", s->job_name);
	json_u64(&w, "job_index", s->job_index);
	json_u64(&w, "clone", s->clone);
	json_hex(&w, "data_seed", s->seed);
	json_hex(&w, "rand_seed", s->rand_seed);
	json_u64(&w, "unit_len", s->unit_len);
	json_u64(&w, "sector_size", s->sector_size);
	json_u64(&w, "verify_offset", s->hdr_off);
	json_str(&w, "algorithm", algo_name(s->algo));
	json_str(&w, "layout", vstate_layout_name(s->layout, s->fio_layout));
	json_u64(&w, "interval", s->layout ? s->piece_len : 0);
	json_arr_begin(&w, "runs");
	for (unsigned i = 0; i < s->nr_runs; i++) {
		json_obj_begin(&w, NULL);
		json_hex(&w, "run_id", s->runs[i].run_id);
		json_u64(&w, "first_generation", s->runs[i].first_gen);
		json_u64(&w, "last_generation", s->runs[i].last_gen);
		json_u64(&w, "start_time_ms", s->runs[i].start_ms);
		json_hex(&w, "data_seed", s->runs[i].seed);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	json_arr_begin(&w, "files");
	for (unsigned i = 0; i < s->nr_files; i++)
		show_file_json(&w, &s->files[i], hist);
	json_arr_end(&w);
	journal_json(&w, path, s);
	json_obj_end(&w);
	fputc('\n', stdout);
	return json_finish(&w) ? 3 : 0;
}

static int state_show(int argc, char **argv)
{
	const char *path = NULL;
	bool json = false;
	struct vstate s;
	uint64_t *hist;
	int r;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--output-format=json")) {
			json = true;
		} else if (!strcmp(argv[i], "--output-format=normal")) {
			json = false;
		} else if (argv[i][0] == '-' || path) {
			fprintf(stderr, "verio: state show: unexpected argument '%s'\n%s",
				argv[i], state_usage);
			return 2;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fprintf(stderr, "verio: state show: no state file given\n%s", state_usage);
		return 2;
	}
	r = load(path, &s);
	if (r)
		return r;
	hist = malloc(65536 * sizeof(*hist));
	if (!hist) {
		vstate_release(&s);
		fprintf(stderr, "verio: state show: out of memory\n");
		return 3;
	}
	r = json ? show_json(path, &s, hist) : show_text(path, &s, hist);
	free(hist);
	vstate_release(&s);
	return r;
}

/* ---- diff -------------------------------------------------------------- */

static unsigned differ_u64(const char *what, uint64_t a, uint64_t b, bool hex)
{
	if (a == b)
		return 0;
	if (hex)
		printf("%s: 0x%016" PRIx64 " vs 0x%016" PRIx64 "\n", what, a, b);
	else
		printf("%s: %" PRIu64 " vs %" PRIu64 "\n", what, a, b);
	return 1;
}

static unsigned differ_str(const char *what, const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	if (!strcmp(a, b))
		return 0;
	printf("%s: '%s' vs '%s'\n", what, a, b);
	return 1;
}

static unsigned diff_header(const struct vstate *a, const struct vstate *b)
{
	unsigned n = 0;

	n += differ_str("job", a->job_name, b->job_name);
	n += differ_u64("job index", a->job_index, b->job_index, false);
	n += differ_u64("clone", a->clone, b->clone, false);
	n += differ_u64("seq", a->seq, b->seq, false);
	if ((a->flags ^ b->flags) & VSTATE_F_CLEAN) {
		printf("clean: %s vs %s\n", a->flags & VSTATE_F_CLEAN ? "yes" : "no",
		       b->flags & VSTATE_F_CLEAN ? "yes" : "no");
		n++;
	}
	n += differ_u64("run id", a->run_id, b->run_id, true);
	n += differ_u64("data seed", a->seed, b->seed, true);
	n += differ_u64("random seed", a->rand_seed, b->rand_seed, true);
	n += differ_str("algorithm", algo_name(a->algo), algo_name(b->algo));
	n += differ_u64("unit length", a->unit_len, b->unit_len, false);
	n += differ_u64("sector size", a->sector_size, b->sector_size, false);
	n += differ_u64("verify_offset", a->hdr_off, b->hdr_off, false);
	n += differ_u64("runs", a->nr_runs, b->nr_runs, false);
	for (unsigned i = 0; i < a->nr_runs && i < b->nr_runs; i++) {
		const struct vstate_run *x = &a->runs[i], *y = &b->runs[i];

		if (x->run_id != y->run_id || x->first_gen != y->first_gen ||
		    x->last_gen != y->last_gen || x->seed != y->seed) {
			printf("run %u: 0x%016" PRIx64 " generations %u-%u vs 0x%016" PRIx64
			       " generations %u-%u\n", i + 1, x->run_id, x->first_gen,
			       x->last_gen, y->run_id, y->first_gen, y->last_gen);
			n++;
		}
	}
	n += differ_u64("files", a->nr_files, b->nr_files, false);
	return n;
}

static unsigned diff_file(const struct vstate *sa, const struct vstate *sb, unsigned i)
{
	const struct vstate_file *a = &sa->files[i], *b = &sb->files[i];
	uint64_t units = MIN_OF(a->nunits, b->nunits), differ = 0;
	unsigned n = 0;
	char what[64];

#define FIELD(name) (snprintf(what, sizeof(what), "file %u " name, i + 1), what)
	n += differ_str(FIELD("name"), a->name, b->name);
	n += differ_str(FIELD("real path"), a->realpath, b->realpath);
	n += differ_str(FIELD("kind"), kind_name(a->kind), kind_name(b->kind));
	n += differ_u64(FIELD("device"), a->dev, b->dev, false);
	n += differ_u64(FIELD("inode"), a->ino, b->ino, false);
	n += differ_u64(FIELD("rdev"), a->rdev, b->rdev, false);
	n += differ_u64(FIELD("size"), a->target_size, b->target_size, false);
	n += differ_u64(FIELD("region offset"), a->offset, b->offset, false);
	n += differ_u64(FIELD("region size"), a->size, b->size, false);
	n += differ_u64(FIELD("units"), a->nunits, b->nunits, false);
#undef FIELD
	for (uint64_t u = 0; u < units; u++) {
		uint16_t ga = genmap_get(a->map, u), gb = genmap_get(b->map, u);

		if (ga == gb)
			continue;
		if (differ++ < DIFF_LIST)
			printf("file %u unit %" PRIu64 " (offset %" PRIu64 "): generation %u vs %u\n",
			       i + 1, u, a->offset + u * sa->unit_len, ga, gb);
	}
	if (differ) {
		printf("file %u: %" PRIu64 " of %" PRIu64 " units differ in generation%s\n",
		       i + 1, differ, units, differ > DIFF_LIST ? " (first 5 listed)" : "");
		n++;
	}
	return n;
}

static int state_diff(int argc, char **argv)
{
	struct vstate a, b;
	unsigned n;
	int r;

	if (argc != 3) {
		fprintf(stderr, "verio: state diff: needs two state files\n%s", state_usage);
		return 2;
	}
	r = load(argv[1], &a);
	if (r)
		return r;
	r = load(argv[2], &b);
	if (r) {
		vstate_release(&a);
		return r;
	}
	n = diff_header(&a, &b);
	for (unsigned i = 0; i < a.nr_files && i < b.nr_files; i++)
		n += diff_file(&a, &b, i);
	if (!n)
		printf("the states are the same\n");
	vstate_release(&a);
	vstate_release(&b);
	return n ? 1 : 0;
}

int cmd_state(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return state_show(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "diff"))
		return state_diff(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(state_usage, stdout);
		return 0;
	}
	if (argc < 2)
		fprintf(stderr, "verio: state: no subcommand given\n%s", state_usage);
	else
		fprintf(stderr, "verio: state: unknown subcommand '%s'\n%s", argv[1],
			state_usage);
	return 2;
}
