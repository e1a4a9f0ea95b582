/*
 * html-map.c - the page's device map (report/html-priv.h): each verified
 * file's region as an SVG grid of cells, from the "map" objects of the
 * jobs' "verify" (docs/json.md). Jobs that map the same file, region and
 * cell size are summed into one map; the maps of one file on the same
 * grid of cells (numjobs clones splitting it) are joined into one over
 * their span. A cell is grey when no unit in it
 * is known written, blue when written but never read back good, green
 * when verified good, and in its failure class's colour (striped when
 * several classes failed in it). Misdirected incidents are arrows from
 * the cell their data was written for to the cell it was found in.
 *
 * Every cell is one <rect> with its hover text in <title> (no script)
 * and data-offset / data-end / data-state / data-classes for tests and
 * scripts. A map has at most 1024 cells by the schema, so a 16 TiB
 * device costs the same few hundred bytes per cell as a small file.
 */
#include "compat.h"

#include "report/html-priv.h"

#ifdef CONFIG_JANSSON
#include <jansson.h>

#define MAP_COLS 32
#define MAX_CELLS 4096		/* more than the schema allows: not drawn */
#define MAX_CLASSES 32		/* class names a page tells apart */
#define MAX_ARROWS 512

/* The failure classes verio knows, in its order, with their colours. */
static const char *const known_class[] = {
	"bit_flips", "zeroed", "stale", "misdirected", "torn", "foreign", "unwritten",
	"header", "newer", "other_run", "other_writer", "trim_not_zero",
};
static const char *const palette[] = {
	"#e6194b", "#111111", "#f58231", "#911eb4", "#e6c619", "#f032e6", "#9a6324",
	"#800000", "#469990", "#808000", "#000075", "#fabed4",
	/* names verio did not know when this was written */
	"#aaffc3", "#ffd8b1", "#dcbeff", "#bcf60c", "#008080", "#e6beff",
};

struct class_names {
	const char *name[MAX_CLASSES];
	size_t nr;
};

/* A class name's index on this page; names past the table share the last. */
static size_t class_index(struct class_names *cn, const char *name)
{
	size_t i;

	for (i = 0; i < cn->nr; i++)
		if (!strcmp(cn->name[i], name))
			return i;
	if (cn->nr == MAX_CLASSES)
		return MAX_CLASSES - 1;
	cn->name[cn->nr] = name;
	return cn->nr++;
}

struct hmap {
	const char *file;
	uint64_t off, len, unit, cell_bytes;
	size_t cells;
	uint64_t *written, *verified, *failed;	/* per cell, summed over the jobs */
	uint32_t *classes;			/* per cell: bit per class index */
	uint64_t (*class_count)[MAX_CLASSES];	/* per cell: units per class */
};

struct maps {
	struct hmap *m;
	size_t nr, cap;
	struct class_names cn;
};

/* A map's per-cell arrays for m->cells cells, zeroed: false when short of memory. */
static bool map_alloc(struct hmap *m)
{
	m->written = calloc(m->cells, sizeof(uint64_t));
	m->verified = calloc(m->cells, sizeof(uint64_t));
	m->failed = calloc(m->cells, sizeof(uint64_t));
	m->classes = calloc(m->cells, sizeof(uint32_t));
	m->class_count = calloc(m->cells, sizeof(*m->class_count));
	return m->written && m->verified && m->failed && m->classes && m->class_count;
}

static void map_release(struct hmap *m)
{
	free(m->written);
	free(m->verified);
	free(m->failed);
	free(m->classes);
	free(m->class_count);
}

static void maps_free(struct maps *ms)
{
	for (size_t i = 0; i < ms->nr; i++)
		map_release(&ms->m[i]);
	free(ms->m);
}

/* The map for this file, region and geometry: found, or a new empty one. */
static struct hmap *map_for(struct maps *ms, const char *file, uint64_t off, uint64_t len,
			    uint64_t cell_bytes, size_t cells)
{
	struct hmap *m;

	for (size_t i = 0; i < ms->nr; i++) {
		m = &ms->m[i];
		if (!strcmp(m->file, file) && m->off == off && m->len == len &&
		    m->cell_bytes == cell_bytes && m->cells == cells)
			return m;
	}
	if (ms->nr == ms->cap) {
		size_t cap = ms->cap ? 2 * ms->cap : 4;
		struct hmap *n = realloc(ms->m, cap * sizeof(*n));

		if (!n)
			return NULL;
		ms->m = n;
		ms->cap = cap;
	}
	m = &ms->m[ms->nr];
	*m = (struct hmap){ .file = file, .off = off, .len = len, .cell_bytes = cell_bytes,
			    .cells = cells };
	ms->nr++;	/* freed with the rest even when a calloc failed */
	return map_alloc(m) ? m : NULL;
}

/* Add a JSON array of per-cell counts into sum (extra or odd items ignored). */
static void add_counts(uint64_t *sum, size_t cells, const json_t *arr)
{
	const json_t *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		uint64_t n;

		if (i == cells)
			break;
		if (hj_count(v, &n))
			sum[i] += n;
	}
}

/* One "map" object into its summed map; one that makes no sense is skipped. */
static int add_map(struct maps *ms, const json_t *jm)
{
	const char *file = hj_str(jm, "file");
	uint64_t off, len, cb, cells, unit = 0;
	const json_t *fc;
	struct hmap *m;
	size_t i, k;

	if (!file || !hj_u64(jm, "offset", &off) || !hj_u64(jm, "length", &len) ||
	    !hj_u64(jm, "cell_bytes", &cb) || !hj_u64(jm, "cells", &cells) || !cb || !cells ||
	    cells > MAX_CELLS)
		return 0;
	hj_u64(jm, "unit", &unit);
	m = map_for(ms, file, off, len, cb, (size_t)cells);
	if (!m)
		return -ENOMEM;
	m->unit = unit;
	add_counts(m->written, m->cells, hj_get(jm, "written"));
	add_counts(m->verified, m->cells, hj_get(jm, "verified"));
	add_counts(m->failed, m->cells, hj_get(jm, "failed"));
	json_array_foreach(hj_get(jm, "failure_classes"), i, fc) {
		const char *cls = hj_str(fc, "class");
		uint64_t cell, count = 0;

		if (!cls || !hj_u64(fc, "cell", &cell) || cell >= m->cells)
			continue;
		hj_u64(fc, "count", &count);
		k = class_index(&ms->cn, cls);
		m->class_count[cell][k] += count;
		m->classes[cell] |= 1u << k;
	}
	return 0;
}

/* Do maps a and b cut the same file into cells on the same grid? */
static bool same_grid(const struct hmap *a, const struct hmap *b)
{
	return !strcmp(a->file, b->file) && a->cell_bytes == b->cell_bytes &&
	       a->off % a->cell_bytes == b->off % b->cell_bytes;
}

/*
 * Fold map a (cells of a->cell_bytes from a->off) into j, whose cells are
 * a power-of-two multiple of a's and start a whole number of a's cells
 * before a->off.
 */
static void fold_into(struct hmap *j, const struct hmap *a)
{
	uint64_t first = (a->off - j->off) / a->cell_bytes, f = j->cell_bytes / a->cell_bytes;

	for (size_t c = 0; c < a->cells; c++) {
		size_t d = (size_t)((first + c) / f);

		j->written[d] += a->written[c];
		j->verified[d] += a->verified[c];
		j->failed[d] += a->failed[c];
		j->classes[d] |= a->classes[c];
		for (size_t k = 0; k < MAX_CLASSES; k++)
			j->class_count[d][k] += a->class_count[c][k];
	}
}

/*
 * The maps of one file whose cells line up (same cell size, offsets a
 * whole number of cells apart) joined into one map over their span, as
 * numjobs clones splitting a device with offset_increment make them:
 * one picture of the device, cells between the regions never written.
 * Past 1024 cells, a joined cell holds a power of two of the old ones.
 */
static int join_maps(struct maps *ms)
{
	for (size_t i = 0; i < ms->nr; i++) {
		struct hmap *a = &ms->m[i], j;
		uint64_t lo = a->off, hi = a->off + a->len, cb = a->cell_bytes, cells;
		size_t n = 0;

		for (size_t k = i; k < ms->nr; k++) {
			struct hmap *b = &ms->m[k];

			if (!same_grid(a, b))
				continue;
			if (b->off < lo)
				lo = b->off;
			if (b->off + b->len > hi)
				hi = b->off + b->len;
			n++;
		}
		if (n < 2)
			continue;
		j = (struct hmap){ .file = a->file, .off = lo, .len = hi - lo, .unit = a->unit,
				   .cell_bytes = cb };
		cells = (hi - lo + cb - 1) / cb;
		while (cells > 1024) {
			j.cell_bytes *= 2;
			cells = (hi - lo + j.cell_bytes - 1) / j.cell_bytes;
		}
		j.cells = (size_t)cells;
		if (!map_alloc(&j)) {
			map_release(&j);
			return -ENOMEM;
		}
		/* fold the group into j, dropping its maps; j takes the first's place */
		for (size_t k = ms->nr; k-- > i;) {
			struct hmap *b = &ms->m[k];

			if (!same_grid(a, b))
				continue;
			fold_into(&j, b);
			if (b->unit != j.unit)
				j.unit = 0;
			map_release(b);
			if (k != i)
				memmove(b, b + 1, (--ms->nr - k) * sizeof(*b));
		}
		ms->m[i] = j;
	}
	return 0;
}

static const char *class_colour(const struct class_names *cn, size_t i)
{
	for (size_t k = 0; k < ARRAY_SIZE(known_class); k++)
		if (!strcmp(cn->name[i], known_class[k]))
			return palette[k];
	/* an unknown name: the next spare colour by its place on the page */
	return palette[ARRAY_SIZE(known_class) +
		       i % (ARRAY_SIZE(palette) - ARRAY_SIZE(known_class))];
}

static const char *cell_state(const struct hmap *m, size_t c)
{
	if (m->failed[c] || m->classes[c])
		return "failed";
	if (m->verified[c])
		return "verified";
	if (m->written[c])
		return "written";
	return "unwritten";
}

/* A failed cell's colour class: its one failure class, or "x" (several). */
static void cell_css(FILE *f, const struct hmap *m, size_t c)
{
	uint32_t k = m->classes[c];

	if (!k)
		return;	/* the state's colour (data-state) */
	if (!(k & (k - 1)))
		fprintf(f, " class=\"c%d\"", __builtin_ctz(k));
	else
		fputs(" class=\"x\"", f);
}

/*
 * A byte range in the largest unit that holds both ends exactly:
 * "16368-16384 GiB", "8192-12288 B" (the hover text; the exact bytes
 * are in the cell's attributes).
 */
static void put_range(FILE *f, uint64_t start, uint64_t end)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned u = 0;

	while (u + 1 < ARRAY_SIZE(units) && !(start & ((1ULL << (10 * (u + 1))) - 1)) &&
	       !(end & ((1ULL << (10 * (u + 1))) - 1)))
		u++;
	fprintf(f, "%" PRIu64 "-%" PRIu64 " %s", start >> (10 * u), end >> (10 * u), units[u]);
}

/* One cell; the caller has opened its row's <g> (y). */
static void draw_cell(FILE *f, const struct maps *ms, const struct hmap *m, size_t c)
{
	uint64_t start = m->off + c * m->cell_bytes;
	uint64_t end = start + m->cell_bytes;
	bool first = true;

	if (end > m->off + m->len || end < start)
		end = m->off + m->len;
	fprintf(f, "<rect x=\"%zu\"", c % MAP_COLS);
	cell_css(f, m, c);
	fprintf(f, " data-offset=\"%" PRIu64 "\" data-end=\"%" PRIu64 "\" data-state=\"%s\" "
		"data-classes=\"", start, end, cell_state(m, c));
	for (size_t k = 0; k < ms->cn.nr; k++) {
		if (!(m->classes[c] & 1u << k))
			continue;
		fputs(first ? "" : " ", f);
		html_esc(f, ms->cn.name[k]);
		first = false;
	}
	fputs("\"><title>", f);
	put_range(f, start, end);
	fprintf(f, ": %" PRIu64 " written, %" PRIu64 " good", m->written[c],
		m->verified[c]);
	if (m->failed[c])
		fprintf(f, ", %" PRIu64 " failed", m->failed[c]);
	for (size_t k = 0; k < ms->cn.nr; k++) {
		if (!(m->classes[c] & 1u << k))
			continue;
		fputs(" (", f);
		html_esc(f, ms->cn.name[k]);
		fprintf(f, " %" PRIu64 ")", m->class_count[c][k]);
	}
	fputs("</title></rect>", f);
}

/* Arrows for the misdirected incidents inside this map, source to destination. */
static void draw_arrows(FILE *f, const struct hmap *m, const json_t *jobs, size_t *drawn)
{
	const json_t *job, *inc;
	size_t i, k;

	json_array_foreach(jobs, i, job) {
		json_array_foreach(hj_get(hj_get(job, "verify"), "incidents"), k, inc) {
			const char *cls = hj_str(inc, "class"), *file = hj_str(inc, "file");
			uint64_t dst, src, s, d;

			if (!cls || strcmp(cls, "misdirected") || !file || strcmp(file, m->file) ||
			    !hj_u64(inc, "offset", &dst) || !hj_u64(inc, "found_offset", &src) ||
			    dst < m->off || src < m->off || dst - m->off >= m->len ||
			    src - m->off >= m->len || *drawn >= MAX_ARROWS)
				continue;
			s = (src - m->off) / m->cell_bytes;
			d = (dst - m->off) / m->cell_bytes;
			if (s == d)	/* within one cell: its colour says it */
				continue;
			fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
				"marker-end=\"url(#arrow)\" data-from=\"%" PRIu64 "\" "
				"data-to=\"%" PRIu64 "\"><title>misdirected: the data written for "
				"%" PRIu64 " was found at %" PRIu64 "</title></line>\n",
				(double)(s % MAP_COLS) + .45, (double)(s / MAP_COLS) + .45,
				(double)(d % MAP_COLS) + .45, (double)(d / MAP_COLS) + .45,
				src, dst, src, dst);
			(*drawn)++;
		}
	}
}

static void legend(FILE *f, const struct maps *ms, uint32_t used, bool mixed)
{
	fputs("<p class=\"legend\"><span class=\"sw\" style=\"background:#d0d0d0\"></span>"
	      "never written<span class=\"sw\" style=\"background:#9ecae1\"></span>written, "
	      "not read back good<span class=\"sw\" style=\"background:#2ca02c\"></span>"
	      "verified good", f);
	for (size_t k = 0; k < ms->cn.nr; k++) {
		if (!(used & 1u << k))
			continue;
		fprintf(f, "<span class=\"sw\" style=\"background:%s\"></span>",
			class_colour(&ms->cn, k));
		html_esc(f, ms->cn.name[k]);
	}
	if (mixed)
		fputs("<span class=\"sw\" style=\"background:repeating-linear-gradient(45deg,"
		      "#e6194b 0 3px,#111 3px 6px)\"></span>several classes", f);
	fputs("</p>\n", f);
}

/* At most this many rows in a map's table of failing cells. */
#define FAILED_ROWS 256

/*
 * The failing cells as a table, folded (<details>, no script): their byte
 * ranges and counts, for a reader who wants offsets rather than hover.
 */
static void failed_table(FILE *f, const struct maps *ms, const struct hmap *m)
{
	size_t nr = 0, shown = 0;

	for (size_t c = 0; c < m->cells; c++)
		nr += m->failed[c] || m->classes[c];
	if (!nr)
		return;
	fprintf(f, "<details><summary>%zu failing cell%s</summary>\n<table><tr><th>from byte</th>"
		"<th>to byte</th><th>units failed</th><th>classes</th></tr>\n", nr,
		nr == 1 ? "" : "s");
	for (size_t c = 0; c < m->cells && shown < FAILED_ROWS; c++) {
		uint64_t start = m->off + c * m->cell_bytes, end = start + m->cell_bytes;

		if (!m->failed[c] && !m->classes[c])
			continue;
		if (end > m->off + m->len || end < start)
			end = m->off + m->len;
		fprintf(f, "<tr><td>%" PRIu64 "</td><td>%" PRIu64 "</td><td>%" PRIu64 "</td><td>",
			start, end, m->failed[c]);
		for (size_t k = 0, first = 1; k < ms->cn.nr; k++) {
			if (!(m->classes[c] & 1u << k))
				continue;
			fputs(first ? "" : ", ", f);
			html_esc(f, ms->cn.name[k]);
			fprintf(f, " %" PRIu64, m->class_count[c][k]);
			first = 0;
		}
		fputs("</td></tr>\n", f);
		shown++;
	}
	fputs("</table>\n", f);
	if (shown < nr)
		fprintf(f, "<p>%zu more (the JSON report has them all).</p>\n", nr - shown);
	fputs("</details>\n", f);
}

static void draw_map(FILE *f, const struct maps *ms, const struct hmap *m, const json_t *jobs)
{
	size_t rows = (m->cells + MAP_COLS - 1) / MAP_COLS, drawn = 0;
	uint64_t w = 0, v = 0, x = 0;
	uint32_t used = 0;
	bool mixed = false;

	for (size_t c = 0; c < m->cells; c++) {
		w += m->written[c];
		v += m->verified[c];
		x += m->failed[c];
		used |= m->classes[c];
		mixed |= (m->classes[c] & (m->classes[c] - 1)) != 0;
	}
	fputs("<h3>", f);
	html_esc(f, m->file);
	fputs("</h3>\n<p>Region ", f);
	fprintf(f, "%" PRIu64 " + ", m->off);
	html_bytes(f, m->len);
	fprintf(f, "; %zu cells of ", m->cells);
	html_bytes(f, m->cell_bytes);
	if (m->unit)
		fprintf(f, ", verify unit %" PRIu64, m->unit);
	fprintf(f, "; units written %" PRIu64 ", reads verified good %" PRIu64 ", failed %" PRIu64
		". Cells go left to right, then down.</p>\n", w, v, x);
	fprintf(f, "<svg class=\"map\" viewBox=\"-.05 -.05 %d "
		"%zu.1\" width=\"%d\" height=\"%zu\">\n<style>", MAP_COLS, rows,
		MAP_COLS * 18, rows * 18 + 2);
	/* by state, then a failed cell's class (same weight, later wins) */
	fputs("[data-state=unwritten]{fill:#d0d0d0}[data-state=written]{fill:#9ecae1}"
	      "[data-state=verified]{fill:#2ca02c}[data-state=failed]{fill:#e6194b}"
	      ".x{fill:url(#mixed)}", f);
	for (size_t k = 0; k < ms->cn.nr; k++)
		if (used & 1u << k)
			fprintf(f, ".c%zu{fill:%s}", k, class_colour(&ms->cn, k));
	fputs("</style>\n<defs><pattern id=\"mixed\" width=\".3\" height=\".3\" "
	      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	      "<rect width=\".15\" height=\".3\" fill=\"#e6194b\"/>"
	      "<rect x=\".15\" width=\".15\" height=\".3\" fill=\"#111\"/></pattern>"
	      "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"4\" "
	      "markerHeight=\"4\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\"/></marker></defs>\n",
	      f);
	for (size_t c = 0; c < m->cells; c++) {
		if (c % MAP_COLS == 0)
			fprintf(f, "%s<g transform=\"translate(0,%zu)\">\n", c ? "\n</g>" : "",
				c / MAP_COLS);
		draw_cell(f, ms, m, c);
	}
	fputs("\n</g>\n", f);
	draw_arrows(f, m, jobs, &drawn);
	fputs("</svg>\n", f);
	legend(f, ms, used, mixed);
	failed_table(f, ms, m);
}

/* Does any job have incidents (so a missing map deserves a word)? */
static bool any_incidents(const json_t *jobs)
{
	const json_t *job;
	size_t i;

	json_array_foreach(jobs, i, job)
		if (json_array_size(hj_get(hj_get(job, "verify"), "incidents")))
			return true;
	return false;
}

int html_maps(FILE *f, const json_t *run)
{
	const json_t *jobs = hj_get(run, "jobs"), *job, *jm;
	struct maps ms = { 0 };
	size_t i, k;
	int ret = 0;

	json_array_foreach(jobs, i, job) {
		json_array_foreach(hj_get(hj_get(job, "verify"), "map"), k, jm) {
			ret = add_map(&ms, jm);
			if (ret)
				goto out;
		}
	}
	ret = join_maps(&ms);
	if (ret)
		goto out;
	fputs("<section id=\"map\"><h2>Device map</h2>\n", f);
	if (!ms.nr)
		fprintf(f, "<p>No device map: the report has no \"map\" in its jobs' "
			"verification (none verified, or an older verio, or fio's report)%s.</p>\n",
			any_incidents(jobs) ? "; the incidents are listed below" : "");
	for (i = 0; i < ms.nr; i++)
		draw_map(f, &ms, &ms.m[i], jobs);
	fputs("</section>\n", f);
out:
	maps_free(&ms);
	return ret;
}

#endif /* CONFIG_JANSSON */
