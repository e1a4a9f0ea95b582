/*
 * normal.c - the human-readable report, laid out as fio 3.33 lays
 * out its "normal" output (users and their scripts read both), and the
 * line printed when a job starts.
 */
#include "compat.h"

#include <math.h>

#include "num2str.h"
#include "report/priv.h"
#include "report/report.h"
#include "report/result.h"

static const char *rw_name(unsigned rw)
{
	bool rnd = rw & RESULT_RW_RAND;

	if (rw & RESULT_RW_TRIM) {
		if (rw & RESULT_RW_WRITE)
			return rnd ? "randtrimwrite" : "trimwrite";
		return rnd ? "randtrim" : "trim";
	}
	if ((rw & RESULT_RW_READ) && (rw & RESULT_RW_WRITE))
		return rnd ? "randrw" : "rw";
	if (rw & RESULT_RW_WRITE)
		return rnd ? "randwrite" : "write";
	return rnd ? "randread" : "read";
}

void report_job_header(FILE *out, const struct job_result *res)
{
	const struct result_opts *o = &res->o;
	bool pow2 = o->kb_base != 1000;
	char b[6][N2S_BUFSZ];

	/* fio shows trim's block size too; verio has none, it equals write's. */
	num2str(b[0], N2S_BUFSZ, o->min_bs[DDIR_READ], N2S_SIG_FIGS, pow2, N2S_BYTE);
	num2str(b[1], N2S_BUFSZ, o->max_bs[DDIR_READ], N2S_SIG_FIGS, pow2, N2S_BYTE);
	num2str(b[2], N2S_BUFSZ, o->min_bs[DDIR_WRITE], N2S_SIG_FIGS, pow2, N2S_BYTE);
	num2str(b[3], N2S_BUFSZ, o->max_bs[DDIR_WRITE], N2S_SIG_FIGS, pow2, N2S_BYTE);
	fprintf(out, "%s: (g=%u): rw=%s, bs=(R) %s-%s, (W) %s-%s, (T) %s-%s, "
		"ioengine=%s, iodepth=%u\n", res->name ? res->name : "", res->groupid,
		rw_name(o->rw), b[0], b[1], b[2], b[3], b[2], b[3],
		o->ioengine ? o->ioengine : "psync", o->iodepth);
}

/* "t: (groupid=0, jobs=1): err= 0: pid=N: <date>" and the description. */
static void show_title(FILE *out, const struct report *r, const struct report_job *j)
{
	int pid = j->pid ? j->pid : (int)getpid();
	const char *when = r->time_str ? r->time_str : "";
	char ebuf[256];

	if (!j->error)
		fprintf(out, "%s: (groupid=%u, jobs=%u): err=%2d: pid=%d: %s\n",
			j->name ? j->name : "", j->groupid, MAX_OF(j->nr_merged, 1u),
			j->error, pid, when);
	else
		fprintf(out, "%s: (groupid=%u, jobs=%u): err=%2d (%s): pid=%d: %s\n",
			j->name ? j->name : "", j->groupid, MAX_OF(j->nr_merged, 1u),
			j->error, report_errstr(j, ebuf, sizeof(ebuf)), pid, when);
	if (j->description && *j->description)
		fprintf(out, "  Description  : [%s]\n", j->description);
}

/* "    clat (usec): min=..., max=..., avg=..., stdev=..." */
static void show_lat(FILE *out, const char *name, const struct runstat *rs)
{
	struct lat_sum ls;
	const char *unit = "nsec";
	uint64_t div = 1;
	char mn[N2S_BUFSZ], mx[N2S_BUFSZ];

	lat_sum_init(&ls, rs);
	if (!ls.n)
		return;
	/* fio's rule for picking the unit: only clearly larger ranges scale. */
	if (ls.min > 2000000 && ls.max > 99999999ULL && ls.stddev > 1000000.0) {
		unit = "msec";
		div = 1000000;
	} else if (ls.min > 2000 && ls.max > 99999 && ls.stddev > 1000.0) {
		unit = "usec";
		div = 1000;
	}
	fprintf(out, "    %s (%s): min=%s, max=%s, avg=%5.02f, stdev=%5.02f\n",
		name, unit, num2str(mn, sizeof(mn), ls.min / div, 6, false, N2S_NONE),
		num2str(mx, sizeof(mx), ls.max / div, 6, false, N2S_NONE),
		ls.mean / (double)div, ls.stddev / (double)div);
}

/* "    clat percentiles (usec):" and its "     |  1.00th=[   51], ..." rows. */
static void show_pct(FILE *out, const struct report_cfg *c, const char *name,
		     const struct hist *h)
{
	uint64_t v[RESULT_PCT_MAX], minv = UINT64_MAX, maxv = 0;
	unsigned n = report_percentiles(c, h, v), per_line;
	struct pct_scale ps;

	if (!n)
		return;
	for (unsigned i = 0; i < n; i++) {
		minv = MIN_OF(minv, v[i]);
		maxv = MAX_OF(maxv, v[i]);
	}
	report_pct_scale(&ps, minv, maxv);
	per_line = c->pct_prec > 3 ? 3 : 4;

	fprintf(out, "    %s percentiles (%s):\n", name, ps.unit);
	for (unsigned i = 0; i < n; i++) {
		uint64_t val = report_pct_value(&ps, v[i]);
		bool last = i == n - 1;

		if (i % per_line == 0)
			fputs("     |", out);
		fprintf(out, " %*.*fth=[%*" PRIu64 "]%c", (int)c->pct_prec + 3,
			(int)c->pct_prec, c->pct[i], (int)ps.width, val, last ? '\n' : ',');
		if (!last && i % per_line == per_line - 1)
			fputc('\n', out);
	}
}

/* "   bw (  KiB/s): ..." and "   iops        : ..." from the sample windows. */
static void show_samples(FILE *out, const struct report_cfg *c,
			 const struct dir_stats *d, const struct dir_sum *ds)
{
	struct lat_sum bw, io;
	double scale = 1024.0 / (double)c->kb_base;	/* samples are KiB/s */
	const char *unit = c->pow2 ? "KiB" : "kB";

	lat_sum_init(&bw, &d->bw_samples);
	if (bw.n) {
		double mn = (double)bw.min * scale, mx = (double)bw.max * scale;
		double mean = bw.mean * scale, dev = bw.stddev * scale;
		double base = (double)c->kb_base;

		if (mean > base * base) {
			mn /= base;
			mx /= base;
			mean /= base;
			dev /= base;
			unit = c->pow2 ? "MiB" : "MB";
		}
		fprintf(out, "   bw (%5s/s): min=%5" PRIu64 ", max=%5" PRIu64
			", per=%3.2f%%, avg=%5.02f, stdev=%5.02f, samples=%" PRIu64 "\n",
			unit, (uint64_t)mn, (uint64_t)mx, ds->bw_agg, mean, dev, bw.n);
	}
	lat_sum_init(&io, &d->iops_samples);
	if (io.n)
		fprintf(out, "   iops        : min=%5" PRIu64 ", max=%5" PRIu64
			", avg=%5.02f, stdev=%5.02f, samples=%" PRIu64 "\n",
			io.min, io.max, io.mean, io.stddev, io.n);
}

/* "  write: IOPS=123k, BW=480MiB/s (503MB/s)(1024MiB/2134msec)" */
static void show_dir_head(FILE *out, const struct report_cfg *c, const char *name,
			  const struct dir_stats *d, const struct dir_sum *ds)
{
	enum n2s_unit bwu = c->bits ? N2S_BITPERSEC : N2S_BYTEPERSEC;
	char iops[N2S_BUFSZ], bw[N2S_BUFSZ], bw_alt[N2S_BUFSZ], io[N2S_BUFSZ];

	num2str(iops, sizeof(iops), ds->iops, N2S_SIG_FIGS, false, N2S_NONE);
	num2str(bw, sizeof(bw), ds->bw_bytes, N2S_SIG_FIGS, c->pow2, bwu);
	num2str(bw_alt, sizeof(bw_alt), ds->bw_bytes, N2S_SIG_FIGS, !c->pow2, bwu);
	num2str(io, sizeof(io), d->bytes, N2S_SIG_FIGS, c->pow2, N2S_BYTE);
	fprintf(out, "  %s: IOPS=%s, BW=%s (%s)(%s/%" PRIu64 "msec)\n",
		name, iops, bw, bw_alt, io, ds->runtime_ms);
}

/* One direction's section: its head line, latencies, percentiles, samples. */
static void show_dir_stats(FILE *out, const struct report_cfg *c, const char *name,
			   const struct dir_stats *d, const struct dir_sum *ds)
{
	show_dir_head(out, c, name, d, ds);
	show_lat(out, "slat", &d->slat);
	show_lat(out, "clat", &d->clat);
	show_lat(out, " lat", &d->lat);
	if (c->slat_pct)
		show_pct(out, c, "slat", &d->slat_hist);
	if (c->clat_pct)
		show_pct(out, c, "clat", &d->clat_hist);
	if (c->lat_pct)
		show_pct(out, c, "lat", &d->lat_hist);
	show_samples(out, c, d, ds);
}

static void show_dir(FILE *out, const struct report_cfg *c,
		     const struct report_job *j, unsigned ddir,
		     const struct report_group *g)
{
	static const char *const names[] = { "read", "write", "trim" };
	const struct dir_stats *d = &j->st.dir[ddir];
	struct dir_sum ds;

	if (!d->ios && !d->bytes)
		return;
	dir_sum_init(&ds, &j->st, ddir, g);
	show_dir_stats(out, c, j->unified == UNIFIED_MIXED ? "mixed" : names[ddir], d, &ds);
}

/* unified_rw_reporting=both: the summed directions, after the others. */
static void show_mixed(FILE *out, const struct report_cfg *c,
		       const struct report_job *j, const struct report_group *g)
{
	struct dir_sum ds;

	if (j->unified != UNIFIED_BOTH || (!j->mixed.ios && !j->mixed.bytes))
		return;
	dir_sum_mixed(&ds, j, g);
	show_dir_stats(out, c, "mixed", &j->mixed, &ds);
}

/* "  lat (usec)   : 4=27.88%, 10=13.98%, ..." five to a line, per unit. */
static void show_lat_dist(FILE *out, const struct job_stats *s)
{
	static const char *const units[] = { "nsec", "usec", "msec" };
	static const unsigned first[] = { 0, LAT_DIST_NS, LAT_DIST_NS + LAT_DIST_US };
	static const unsigned count[] = { LAT_DIST_NS, LAT_DIST_US, LAT_DIST_MS };
	double pct[LAT_DIST_NR];

	lat_dist_calc(s, false, pct);
	for (unsigned u = 0; u < ARRAY_SIZE(units); u++) {
		unsigned on_line = 0;

		for (unsigned i = 0; i < count[u]; i++) {
			double p = pct[first[u] + i];

			if (p <= 0.0)
				continue;
			if (on_line == 5) {
				fputc('\n', out);
				on_line = 0;
			}
			if (on_line)
				fputs(", ", out);
			else
				fprintf(out, "  lat (%s)   : ", units[u]);
			fprintf(out, "%s=%3.2f%%", lat_dist_label(i), p);
			on_line++;
		}
		if (on_line)
			fputc('\n', out);
	}
}

/* fsync / fdatasync latency, as fio shows its sync section. */
static void show_sync(FILE *out, const struct report_cfg *c, const struct job_stats *s)
{
	if (!s->sync_ios)
		return;
	fputs("  fsync/fdatasync/sync_file_range:\n", out);
	show_lat(out, "sync", &s->sync_lat);
	if (c->clat_pct)
		show_pct(out, c, "sync", &s->sync_hist);
}

/* fio's "submit" / "complete" line: I/Os per engine call. */
static void show_batches(FILE *out, const char *label, const uint64_t *map, uint64_t total)
{
	fprintf(out, "     %-10s: 0=%3.1f%%, 4=%3.1f%%, 8=%3.1f%%, 16=%3.1f%%, "
		"32=%3.1f%%, 64=%3.1f%%, >=64=%3.1f%%\n", label,
		bucket_pct(map, total, 0), bucket_pct(map, total, 1), bucket_pct(map, total, 2),
		bucket_pct(map, total, 3), bucket_pct(map, total, 4), bucket_pct(map, total, 5),
		bucket_pct(map, total, 6));
}

/* cpu, IO depths, submit / complete, issued counts and the latency-target line. */
static void show_tail(FILE *out, const struct report_cfg *c, const struct job_stats *s)
{
	const struct dir_stats *rd = &s->dir[DDIR_READ], *wr = &s->dir[DDIR_WRITE];
	const struct dir_stats *tr = &s->dir[DDIR_TRIM];

	fprintf(out, "  cpu          : usr=%3.2f%%, sys=%3.2f%%, ctx=%" PRIu64
		", majf=%" PRIu64 ", minf=%" PRIu64 "\n",
		s->usr_cpu, s->sys_cpu, s->ctx, s->majf, s->minf);
	fprintf(out, "  IO depths    : 1=%3.1f%%, 2=%3.1f%%, 4=%3.1f%%, 8=%3.1f%%, "
		"16=%3.1f%%, 32=%3.1f%%, >=64=%3.1f%%\n",
		depth_pct(s, 0), depth_pct(s, 1), depth_pct(s, 2), depth_pct(s, 3),
		depth_pct(s, 4), depth_pct(s, 5), depth_pct(s, 6));
	show_batches(out, "submit", s->submit, s->total_submit);
	show_batches(out, "complete", s->complete, s->total_complete);
	fprintf(out, "     issued rwts: total=%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		" short=%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",0 dropped=0,0,0,0\n",
		rd->ios, wr->ios, tr->ios, s->sync_ios, rd->short_ios, wr->short_ios,
		tr->short_ios);
	fprintf(out, "     latency   : target=0, window=0, percentile=100.00%%, depth=%u\n",
		c->iodepth);
}

static bool job_verifies(const struct report_job *j)
{
	return j->o && j->o->verify && strcmp(j->o->verify, "0");
}

/* What the reads were checked against: whether a state was loaded, and where. */
static void show_vbasis(FILE *out, const struct report_job *j)
{
	const struct result_vcheck *vc = &j->vcheck;
	const char *p = vc->state_path ? vc->state_path : "";

	switch (vc->basis) {
	case RESULT_VB_RUN:
		fputs("  checked      : against this run's writes (no saved state loaded)\n", out);
		break;
	case RESULT_VB_STATE:
		fprintf(out, "  checked      : against the saved generation map loaded from "
			"'%s'\n", p);
		break;
	case RESULT_VB_NO_STATE:
		fprintf(out, "  checked      : headers and checksums only: no saved state at "
			"'%s' (a stale block can pass)\n", p);
		break;
	case RESULT_VB_REPLAY:
		fprintf(out, "  checked      : against a dry replay of the job's writes: no saved "
			"state at '%s'; %" PRIu64 " units written, %" PRIu64 " never written "
			"(not checked)\n", p, vc->replay_written, j->st.verify.unwritten);
		break;
	case RESULT_VB_PATTERN:
		fputs("  checked      : against verify_pattern (no header, no saved state)\n", out);
		break;
	case RESULT_VB_OVERLAP:
		fputs("  checked      : against every legal outcome of the writing run's overlap "
		      "journals (verify_overlap)\n", out);
		break;
	default:
		break;
	}
}

/* "  verify       : units=N, bytes=N, unwritten=N, failures=N (torn=1, ...)" */
static void show_verify(FILE *out, const struct report_job *j)
{
	const struct verify_stats *v = &j->st.verify;
	bool first = true;

	if (!job_verifies(j))
		return;
	if (j->st.verify_not_checked) {
		fprintf(out, "  verify       : %s, not checked: the engine does no I/O\n",
			j->o->verify);
		return;
	}
	fprintf(out, "  verify       : %s, units=%" PRIu64 ", bytes=%" PRIu64
		", unwritten=%" PRIu64, j->o->verify, v->units, v->bytes, v->unwritten);
	if (v->trimmed)
		fprintf(out, ", trimmed=%" PRIu64, v->trimmed);
	fprintf(out, ", failures=%" PRIu64, v->failures);
	for (int c = 0; c < VCLASS_NR; c++) {
		if (!v->by_class[c])
			continue;
		fprintf(out, "%s%s=%" PRIu64, first ? " (" : ", ", vclass_name(c), v->by_class[c]);
		first = false;
	}
	fputs(first ? "\n" : ")\n", out);
	if (v->journal_replays || v->inflight_old || v->inflight_new || v->inflight_torn)
		fprintf(out, "  journal      : replayed %" PRIu64 " records, %" PRIu64
			" units in flight at the crash; accepted as old=%" PRIu64 ", as new=%"
			PRIu64 ", torn=%" PRIu64 "\n", v->journal_records, v->journal_inflight,
			v->inflight_old, v->inflight_new, v->inflight_torn);
	if (v->ovl_older || v->ovl_newer || v->ovl_before || v->ovl_mixed || v->ovl_mixed_illegal)
		fprintf(out, "  overlap      : units legal as the last completed write=%" PRIu64
			", an older one in flight beside it=%" PRIu64 ", a newer one in flight=%"
			PRIu64 ", the content before=%" PRIu64 ", a legal mix=%" PRIu64
			"; illegal mixes=%" PRIu64 "\n", v->ovl_current, v->ovl_older, v->ovl_newer,
			v->ovl_before, v->ovl_mixed, v->ovl_mixed_illegal);
	if (v->unjudged)
		fprintf(out, "  verify       : %" PRIu64 " units written after the last checkpoint "
			"could not be judged; use verify_journal=1\n", v->unjudged);
	show_vbasis(out, j);
}

/* "  interrupted (signal SIGINT): verified N of M units" */
static void show_interrupted(FILE *out, const struct report *r, const struct report_job *j)
{
	if (!j->interrupted || !r->interrupt_reason)
		return;
	fprintf(out, "  interrupted (%s)", r->interrupt_reason);
	if (!j->pid)
		fputs(": stopped before it started\n", out);
	else if (job_verifies(j) && j->st.verify.units <= j->vcheck.units_expected)
		fprintf(out, ": verified %" PRIu64 " of %" PRIu64 " units\n",
			j->st.verify.units, j->vcheck.units_expected);
	else if (job_verifies(j))	/* several passes, or reads of a mixed workload */
		fprintf(out, ": verified %" PRIu64 " units (a full pass checks %" PRIu64 ")\n",
			j->st.verify.units, j->vcheck.units_expected);
	else
		fputs(": stopped before it finished\n", out);
}

static void show_job(FILE *out, const struct report *r, const struct report_job *j)
{
	const struct report_group *g = report_find_group(r, j->groupid);
	struct report_cfg c;

	report_cfg_init(&c, j->o);
	show_title(out, r, j);
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++)
		show_dir(out, &c, j, d, g);
	show_mixed(out, &c, j, g);
	show_lat_dist(out, &j->st);
	show_sync(out, &c, &j->st);
	show_verify(out, j);
	mirror_stats_print(out, &j->st.mirror);
	if (j->st.cache_drop_failed)
		fprintf(out, "  page cache   : %" PRIu64 " drop%s failed: reads may have come "
			"from the cache, not the device\n", j->st.cache_drop_failed,
			j->st.cache_drop_failed == 1 ? "" : "s");
	show_interrupted(out, r, j);
	show_tail(out, &c, &j->st);
}

/* One "Run status" line; bandwidths in bytes/s, runs in ns. */
struct group_line {
	uint64_t agg_bw, min_bw, max_bw, io_bytes, min_run_ns, max_run_ns;
};

static void show_group_line(FILE *out, const struct report_group *g, const char *name,
			    const struct group_line *l)
{
	bool pow2 = g->kb_base != 1000;
	enum n2s_unit bwu = g->unit_base == 1 ? N2S_BITPERSEC : N2S_BYTEPERSEC;
	char agg[2][N2S_BUFSZ], mn[2][N2S_BUFSZ], mx[2][N2S_BUFSZ], io[2][N2S_BUFSZ];

	for (unsigned k = 0; k < 2; k++) {
		bool p2 = k ? !pow2 : pow2;	/* k = 1: the alternate base */

		num2str(agg[k], N2S_BUFSZ, l->agg_bw, N2S_SIG_FIGS, p2, bwu);
		num2str(mn[k], N2S_BUFSZ, l->min_bw, N2S_SIG_FIGS, p2, bwu);
		num2str(mx[k], N2S_BUFSZ, l->max_bw, N2S_SIG_FIGS, p2, bwu);
		num2str(io[k], N2S_BUFSZ, l->io_bytes, N2S_SIG_FIGS, p2, N2S_BYTE);
	}
	fprintf(out, "%s: bw=%s (%s), %s-%s (%s-%s), io=%s (%s), run=%" PRIu64
		"-%" PRIu64 "msec\n", name, agg[0], agg[1], mn[0], mx[0],
		mn[1], mx[1], io[0], io[1], report_ms(l->min_run_ns),
		report_ms(l->max_run_ns));
}

/*
 * "Run status group 0 (all jobs):" and one line per direction with I/O;
 * unified_rw_reporting=mixed names its one direction MIXED, =both adds a
 * MIXED line as fio builds it: io and aggregate bandwidth summed over the
 * directions, the lowest minimum and highest maximum of them.
 */
static void show_group(FILE *out, const struct report_group *g)
{
	static const char *const names[] = { "   READ", "  WRITE", "   TRIM" };
	struct group_line mix = { .min_bw = UINT64_MAX, .min_run_ns = UINT64_MAX };

	fprintf(out, "\nRun status group %u (all jobs):\n", g->groupid);
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++) {
		struct group_line l = {
			g->agg_bw[d], g->min_bw[d], g->max_bw[d], g->io_bytes[d],
			g->min_run_ns[d], g->max_run_ns[d],
		};

		if (!g->max_run_ns[d])
			continue;
		show_group_line(out, g, g->unified == UNIFIED_MIXED ? "  MIXED" : names[d], &l);
		mix.agg_bw += l.agg_bw;
		mix.io_bytes += l.io_bytes;
		mix.min_bw = MIN_OF(mix.min_bw, l.min_bw);
		mix.max_bw = MAX_OF(mix.max_bw, l.max_bw);
		mix.min_run_ns = MIN_OF(mix.min_run_ns, l.min_run_ns);
		mix.max_run_ns = MAX_OF(mix.max_run_ns, l.max_run_ns);
	}
	if (g->unified == UNIFIED_BOTH && mix.max_run_ns)
		show_group_line(out, g, "  MIXED", &mix);
}

void report_normal(FILE *out, const struct report *r)
{
	for (size_t i = 0; i < r->nr_jobs; i++)
		show_job(out, r, &r->jobs[i]);
	for (size_t i = 0; i < r->nr_groups; i++)
		show_group(out, &r->groups[i]);
	report_disks_text(out, r);
	if (r->interrupt_reason)
		fprintf(out, "\nRun interrupted (%s): the jobs were stopped before they "
			"finished\n", r->interrupt_reason);
}
