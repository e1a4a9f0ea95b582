/*
 * json.c - the JSON report, with fio 3.33's structure and key
 * names (CI scripts index into it). "fio version" comes first, as in fio,
 * valued "verio-<version>" (scripts read the key, not fio's number), and
 * verio's own "verio version" follows it. The JSON document is the only
 * thing written to the stream. json+ is the same document with fio's
 * latency "bins".
 *
 * Each part of a job's object is one json_job_*() call in json_job();
 * a new per-job object (e.g. "verify") is one more call there.
 */
#include "compat.h"

#include "hist.h"
#include "json.h"
#include "report/priv.h"
#include "report/report.h"
#include "report/result.h"
#include "version.h"

/*
 * json+: how many samples each of fio's histogram buckets holds, keyed by
 * the value fio names the bucket by (ns), non-empty buckets only, in
 * ascending order. verio's finer buckets are summed into fio's, so the
 * keys are the ones fio's tools expect and the counts add up to N.
 */
static void json_bins(struct json_writer *w, const struct hist *h)
{
	uint64_t bins[HIST_FIO_NR];

	hist_fio_bins(h, bins);
	json_obj_begin(w, "bins");
	for (unsigned i = 0; i < HIST_FIO_NR; i++) {
		char k[24];

		if (!bins[i])
			continue;
		snprintf(k, sizeof(k), "%" PRIu64, hist_fio_value(i));
		json_u64(w, k, bins[i]);
	}
	json_obj_end(w);
}

/* {min, max, mean, stddev, N[, percentile[, bins]]} of one latency, in ns. */
static void json_lat(struct json_writer *w, const struct report_cfg *c,
		     const char *key, const struct runstat *rs,
		     const struct hist *h, bool pct)
{
	struct lat_sum ls;
	uint64_t v[RESULT_PCT_MAX];
	unsigned n;

	lat_sum_init(&ls, rs);
	json_obj_begin(w, key);
	json_u64(w, "min", ls.min);
	json_u64(w, "max", ls.max);
	json_double(w, "mean", ls.mean);
	json_double(w, "stddev", ls.stddev);
	json_u64(w, "N", ls.n);
	n = pct && h && ls.n ? report_percentiles(c, h, v) : 0;
	if (n) {
		json_obj_begin(w, "percentile");
		for (unsigned i = 0; i < n; i++) {
			char k[48];

			snprintf(k, sizeof(k), "%f", c->pct[i]);
			json_u64(w, k, v[i]);
		}
		json_obj_end(w);
		if (c->bins)
			json_bins(w, h);
	}
	json_obj_end(w);
}

/* bw_* (KiB/s) and iops_* from the sample windows. */
static void json_samples(struct json_writer *w, const struct runstat *bw_rs,
			 const struct runstat *iops_rs, double bw_agg)
{
	struct lat_sum bw, io;

	lat_sum_init(&bw, bw_rs);
	lat_sum_init(&io, iops_rs);
	json_u64(w, "bw_min", bw.min);
	json_u64(w, "bw_max", bw.max);
	json_double(w, "bw_agg", bw_agg);
	json_double(w, "bw_mean", bw.mean);
	json_double(w, "bw_dev", bw.stddev);
	json_u64(w, "bw_samples", bw.n);
	json_u64(w, "iops_min", io.min);
	json_u64(w, "iops_max", io.max);
	json_double(w, "iops_mean", io.mean);
	json_double(w, "iops_stddev", io.stddev);
	json_u64(w, "iops_samples", io.n);
}

/* "read" / "write" / "trim" (d NULL: all zeros). */
static void json_dir(struct json_writer *w, const struct report_cfg *c,
		     const char *key, const struct dir_stats *d,
		     const struct dir_sum *ds, uint64_t verify_errors)
{
	static const struct runstat none = { .n = 0 };
	static const struct dir_sum zero = { .runtime_ms = 0 };

	if (!d)
		ds = &zero;
	json_obj_begin(w, key);
	json_u64(w, "io_bytes", d ? d->bytes : 0);
	json_u64(w, "io_kbytes", d ? d->bytes >> 10 : 0);
	json_u64(w, "bw_bytes", ds->bw_bytes);
	json_u64(w, "bw", ds->bw_bytes / 1024);
	json_double(w, "iops", ds->iops_f);
	json_u64(w, "runtime", ds->runtime_ms);
	json_u64(w, "total_ios", d ? d->ios : 0);
	json_u64(w, "short_ios", d ? d->short_ios : 0);
	json_u64(w, "drop_ios", 0);
	/* Not fio's: failed verify units, all found by reads (scripts of fio read it). */
	json_u64(w, "verify_errors", verify_errors);
	json_lat(w, c, "slat_ns", d ? &d->slat : &none, d ? &d->slat_hist : NULL, c->slat_pct);
	json_lat(w, c, "clat_ns", d ? &d->clat : &none, d ? &d->clat_hist : NULL, c->clat_pct);
	json_lat(w, c, "lat_ns", d ? &d->lat : &none, d ? &d->lat_hist : NULL, c->lat_pct);
	json_samples(w, d ? &d->bw_samples : &none, d ? &d->iops_samples : &none,
		     ds->bw_agg);
	json_obj_end(w);
}

/* Options as the user wrote them; fio leaves out bare (valueless) flags. */
static void json_kv(struct json_writer *w, const char *key,
		    const struct result_kv *kv, size_t nr)
{
	json_obj_begin(w, key);
	for (size_t i = 0; i < nr; i++)
		if (kv[i].name && kv[i].value)
			json_str(w, kv[i].name, kv[i].value);
	json_obj_end(w);
}

static void json_job_head(struct json_writer *w, const struct report_job *j)
{
	json_str(w, "jobname", j->name ? j->name : "");
	json_u64(w, "groupid", j->groupid);
	json_i64(w, "error", j->error);
	json_bool(w, "interrupted", j->interrupted);
	json_u64(w, "eta", 0);
	json_u64(w, "elapsed", j->elapsed_s);
	json_u64(w, "job_start", j->st.start_wall_ms);
	json_kv(w, "job options", j->kv, j->kv_nr);
}

static void json_job_dirs(struct json_writer *w, const struct report_cfg *c,
			  const struct report_job *j, const struct report_group *g)
{
	struct dir_sum ds[DDIR_DATA_CNT];

	for (unsigned d = 0; d < DDIR_DATA_CNT; d++)
		dir_sum_init(&ds[d], &j->st, d, g);
	/* fio's mixed: the one summed direction stands alone, no "sync". */
	if (j->unified == UNIFIED_MIXED) {
		json_dir(w, c, "mixed", &j->st.dir[DDIR_READ], &ds[DDIR_READ],
			 j->st.verify.failures);
		return;
	}
	json_dir(w, c, "read", &j->st.dir[DDIR_READ], &ds[DDIR_READ],
		 j->st.verify.failures);
	json_dir(w, c, "write", &j->st.dir[DDIR_WRITE], &ds[DDIR_WRITE], 0);
	json_dir(w, c, "trim", &j->st.dir[DDIR_TRIM], &ds[DDIR_TRIM], 0);

	json_obj_begin(w, "sync");
	json_u64(w, "total_ios", j->st.sync_ios);
	json_lat(w, c, "lat_ns", &j->st.sync_lat, &j->st.sync_hist, c->clat_pct);
	json_obj_end(w);
	if (j->unified == UNIFIED_BOTH) {
		struct dir_sum mix;

		dir_sum_mixed(&mix, j, g);
		json_dir(w, c, "mixed", &j->mixed, &mix, j->st.verify.failures);
	}
}

static void json_job_usage(struct json_writer *w, const struct report_job *j)
{
	static const char *const depth_keys[DEPTH_BUCKETS] = {
		"1", "2", "4", "8", "16", "32", ">=64",
	};
	static const char *const batch_keys[DEPTH_BUCKETS] = {
		"0", "4", "8", "16", "32", "64", ">=64",
	};
	const struct job_stats *s = &j->st;

	json_u64(w, "job_runtime", report_ms(s->runtime_ns));
	json_double(w, "usr_cpu", s->usr_cpu);
	json_double(w, "sys_cpu", s->sys_cpu);
	json_u64(w, "ctx", s->ctx);
	json_u64(w, "majf", s->majf);
	json_u64(w, "minf", s->minf);
	json_obj_begin(w, "iodepth_level");
	for (unsigned i = 0; i < DEPTH_BUCKETS; i++)
		json_double(w, depth_keys[i], depth_pct(s, i));
	json_obj_end(w);
	json_obj_begin(w, "iodepth_submit");
	for (unsigned i = 0; i < DEPTH_BUCKETS; i++)
		json_double(w, batch_keys[i], bucket_pct(s->submit, s->total_submit, i));
	json_obj_end(w);
	json_obj_begin(w, "iodepth_complete");
	for (unsigned i = 0; i < DEPTH_BUCKETS; i++)
		json_double(w, batch_keys[i], bucket_pct(s->complete, s->total_complete, i));
	json_obj_end(w);
}

/* "latency_ns" / "latency_us" / "latency_ms": fio's distribution maps. */
static void json_job_latency(struct json_writer *w, const struct report_cfg *c,
			     const struct report_job *j)
{
	static const char *const keys[] = { "latency_ns", "latency_us", "latency_ms" };
	static const unsigned first[] = { 0, LAT_DIST_NS, LAT_DIST_NS + LAT_DIST_US };
	static const unsigned count[] = { LAT_DIST_NS, LAT_DIST_US, LAT_DIST_MS };
	double pct[LAT_DIST_NR];

	lat_dist_calc(&j->st, false, pct);
	for (unsigned u = 0; u < ARRAY_SIZE(keys); u++) {
		json_obj_begin(w, keys[u]);
		for (unsigned i = 0; i < count[u]; i++)
			json_double(w, lat_dist_label(i), pct[first[u] + i]);
		json_obj_end(w);
	}
	json_u64(w, "latency_depth", c->iodepth);
	json_u64(w, "latency_target", 0);
	json_double(w, "latency_percentile", 100.0);
	json_u64(w, "latency_window", 0);
}

/* What the reads were checked against, as the text's "checked" line. */
static void json_verify_state(struct json_writer *w, const struct report_job *j)
{
	static const char *const against[] = {
		[RESULT_VB_NONE] = "nothing",
		[RESULT_VB_RUN] = "run_writes",
		[RESULT_VB_STATE] = "saved_state",
		[RESULT_VB_NO_STATE] = "headers_only",
		[RESULT_VB_PATTERN] = "pattern",
		[RESULT_VB_REPLAY] = "replayed_workload",
		[RESULT_VB_OVERLAP] = "overlap_journals",
	};
	const struct result_vcheck *vc = &j->vcheck;
	unsigned b = vc->basis < ARRAY_SIZE(against) ? vc->basis : RESULT_VB_NONE;

	json_obj_begin(w, "verify_state");
	json_bool(w, "looked_for", b == RESULT_VB_STATE || b == RESULT_VB_NO_STATE ||
			     b == RESULT_VB_REPLAY);
	json_bool(w, "loaded", b == RESULT_VB_STATE);
	if (vc->state_path)
		json_str(w, "path", vc->state_path);
	else
		json_null(w, "path");
	json_str(w, "checked_against", against[b]);
	if (b == RESULT_VB_REPLAY)
		json_u64(w, "replay_units_written", vc->replay_written);
	json_obj_end(w);
}

/* The verify map of one file: counts per cell of its region. */
static void json_vmap(struct json_writer *w, const struct result_vmap *m)
{
	json_obj_begin(w, NULL);
	json_str(w, "file", m->file);
	json_u64(w, "offset", m->offset);
	json_u64(w, "length", m->length);
	json_u64(w, "unit", m->unit);
	json_u64(w, "cell_bytes", m->cell_bytes);
	json_u64(w, "cells", m->cells);
	if (m->written)
		json_u64_row(w, "written", m->written, m->cells);
	json_u64_row(w, "verified", m->verified, m->cells);
	json_u64_row(w, "failed", m->failed, m->cells);
	json_arr_begin(w, "failure_classes");
	for (size_t k = 0; k < m->nr_fails; k++) {
		json_obj_begin(w, NULL);
		json_u64(w, "cell", m->fails[k].cell);
		json_str(w, "class", verify_class_key(m->fails[k].cls));
		json_u64(w, "count", m->fails[k].count);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
}

/* Every file of every job folded into this entry (group_reporting). */
static size_t nr_vmaps(const struct report_job *j)
{
	size_t n = 0;

	for (unsigned k = 0; j->res && k < j->nr_merged; k++)
		n += j->res[k].nr_vmaps;
	return n;
}

static void json_verify_map(struct json_writer *w, const struct report_job *j)
{
	json_arr_begin(w, "map");
	for (unsigned k = 0; k < j->nr_merged; k++)
		for (size_t i = 0; i < j->res[k].nr_vmaps; i++)
			json_vmap(w, &j->res[k].vmaps[i]);
	json_arr_end(w);
}

/* verio's own: what verification checked and found. */
static void json_job_verify(struct json_writer *w, const struct report_job *j)
{
	const struct verify_stats *v = &j->st.verify;

	if (!j->o || !j->o->verify || !strcmp(j->o->verify, "0"))
		return;
	json_obj_begin(w, "verify");
	json_str(w, "method", j->o->verify);
	/* false: the engine does no I/O, so nothing was read back or checked. */
	json_bool(w, "checked", !j->st.verify_not_checked);
	json_u64(w, "units", v->units);
	json_u64(w, "bytes", v->bytes);
	json_u64(w, "unwritten", v->unwritten);
	json_u64(w, "unjudged", v->unjudged);
	json_u64(w, "trimmed", v->trimmed);
	json_u64(w, "failures", v->failures);
	if (j->interrupted)
		json_u64(w, "units_expected", j->vcheck.units_expected);
	json_verify_state(w, j);
	json_obj_begin(w, "journal");
	json_u64(w, "replayed", v->journal_replays);
	json_u64(w, "records", v->journal_records);
	json_u64(w, "inflight_units", v->journal_inflight);
	json_u64(w, "accepted_old", v->inflight_old);
	json_u64(w, "accepted_new", v->inflight_new);
	json_u64(w, "accepted_torn", v->inflight_torn);
	json_obj_end(w);
	json_obj_begin(w, "overlap");
	json_u64(w, "current", v->ovl_current);
	json_u64(w, "older", v->ovl_older);
	json_u64(w, "newer", v->ovl_newer);
	json_u64(w, "before", v->ovl_before);
	json_u64(w, "mixed", v->ovl_mixed);
	json_u64(w, "mixed_illegal", v->ovl_mixed_illegal);
	json_obj_end(w);
	json_obj_begin(w, "classes");
	for (int c = 0; c < VCLASS_NR; c++)
		if (c != VCLASS_OK)
			json_u64(w, verify_class_key((unsigned)c), v->by_class[c]);
	json_obj_end(w);
	/* Reread triage of the failing units (verify/reread.h). */
	json_obj_begin(w, "rereads");
	for (int r = VREREAD_OFF; r < VREREAD_NR; r++)
		json_u64(w, vreread_key((unsigned)r), v->rereads[r]);
	json_obj_end(w);
	/* The 16 lowest-offset failing units are listed; the rest counted. */
	json_u64(w, "incidents_omitted", v->failures - v->nr_inc);
	json_arr_begin(w, "incidents");
	for (unsigned i = 0; i < v->nr_inc; i++)
		incident_json(w, NULL, &v->inc[i]);
	json_arr_end(w);
	if (nr_vmaps(j))
		json_verify_map(w, j);
	json_obj_end(w);
}

static void json_device(struct json_writer *w, const struct result_device *d)
{
	json_obj_begin(w, "device");
	json_str(w, "name", d->name);
	if (d->model[0])
		json_str(w, "model", d->model);
	if (d->vendor[0])
		json_str(w, "vendor", d->vendor);
	if (d->size)
		json_u64(w, "size", d->size);
	if (d->logical_block_size)
		json_u64(w, "logical_block_size", d->logical_block_size);
	if (d->physical_block_size)
		json_u64(w, "physical_block_size", d->physical_block_size);
	if (d->write_cache[0])
		json_str(w, "write_cache", d->write_cache);
	if (d->scheduler[0])
		json_str(w, "scheduler", d->scheduler);
	if (d->rotational >= 0)
		json_bool(w, "rotational", d->rotational);
	json_obj_end(w);
}

/* verio's own, after fio's keys: which job, its seeds, what it ran on. */
static void json_job_identity(struct json_writer *w, const struct job_result *res)
{
	static const char *const types[] = {
		[RESULT_TARGET_FILE] = "file",
		[RESULT_TARGET_BLOCK] = "block",
		[RESULT_TARGET_CHAR] = "char",
	};
	const struct result_seeds *s = &res->seeds;

	json_u64(w, "job_index", res->job_index);
	json_obj_begin(w, "seeds");
	if (s->randseed_known)
		json_u64(w, "randseed", s->randseed);
	json_u64(w, "offset_seed", s->offset_seed);
	json_u64(w, "data_seed", s->data_seed);
	json_u64(w, "run_id", s->run_id);
	json_obj_end(w);
	json_arr_begin(w, "targets");
	for (size_t i = 0; i < res->nr_targets; i++) {
		const struct result_target *t = &res->targets[i];

		json_obj_begin(w, NULL);
		json_str(w, "file", t->file ? t->file : "");
		json_str(w, "type", t->type < ARRAY_SIZE(types) ? types[t->type] : "file");
		json_u64(w, "offset", t->offset);
		json_u64(w, "length", t->length);
		if (t->size)
			json_u64(w, "size", t->size);
		if (t->has_device)
			json_device(w, &t->dev);
		json_obj_end(w);
	}
	json_arr_end(w);
}

/* verio's own, after fio's keys: the job's phases on its logs' time axis. */
static void json_job_times(struct json_writer *w, const struct report_job *j)
{
	static const char *const names[] = {
		[RESULT_PHASE_WRITE] = "write",
		[RESULT_PHASE_VERIFY] = "verify",
		[RESULT_PHASE_BACKLOG] = "backlog",
	};
	const struct result_phases *ph = j->phases;

	if (ph && ph->nr) {
		json_arr_begin(w, "phases");
		for (unsigned i = 0; i < ph->nr; i++) {
			json_obj_begin(w, NULL);
			json_str(w, "name", ph->p[i].kind < ARRAY_SIZE(names)
						    ? names[ph->p[i].kind] : "write");
			json_u64(w, "start_ms", ph->p[i].start_ms);
			json_u64(w, "end_ms", ph->p[i].end_ms);
			json_obj_end(w);
		}
		json_arr_end(w);
		if (ph->omitted)
			json_u64(w, "phases_omitted", ph->omitted);
	}
	if (j->interrupted_known)
		json_u64(w, "interrupted_ms", j->interrupted_ms);
}

static void json_job(struct json_writer *w, const struct report *r,
		     const struct report_job *j, bool bins)
{
	const struct report_group *g = report_find_group(r, j->groupid);
	struct report_cfg c;

	report_cfg_init(&c, j->o);
	c.bins = bins;
	json_obj_begin(w, NULL);
	json_job_head(w, j);
	json_job_dirs(w, &c, j, g);
	json_job_usage(w, j);
	json_job_latency(w, &c, j);
	/* Page cache drops that failed: reads may have come from the cache. */
	json_u64(w, "cache_invalidate_failed", j->st.cache_drop_failed);
	json_job_verify(w, j);
	mirror_stats_json(w, &j->st.mirror);
	if (j->res)
		json_job_identity(w, j->res);
	json_job_times(w, j);
	json_obj_end(w);
}

/*
 * verio's own, last: the version of verio's additions (VERIO_JSON_SCHEMA,
 * docs/json.md), how the run was started, where, and how it ended.
 */
static void json_run_identity(struct json_writer *w, const struct report *r)
{
	json_u64(w, "verio schema", VERIO_JSON_SCHEMA);
	if (r->cmdline)
		json_str(w, "command_line", r->cmdline);
	if (r->hostname[0] || r->kernel[0] || r->machine[0]) {
		json_obj_begin(w, "host");
		if (r->hostname[0])
			json_str(w, "hostname", r->hostname);
		if (r->kernel[0])
			json_str(w, "kernel", r->kernel);
		if (r->machine[0])
			json_str(w, "machine", r->machine);
		json_obj_end(w);
	}
	if (r->mpi_json)
		json_raw(w, "mpi", r->mpi_json);
	if (r->exit_known)
		json_i64(w, "exit_status", r->exit_status);
}

static void json_report(FILE *out, const struct report *r, bool bins)
{
	struct json_writer w;

	json_init(&w, out);
	json_obj_begin(&w, NULL);
	json_str(&w, "fio version", "verio-" VERIO_VERSION);
	json_str(&w, "verio version", "verio-" VERIO_VERSION);
	json_u64(&w, "timestamp", r->timestamp_s);
	json_u64(&w, "timestamp_ms", r->timestamp_ms);
	json_str(&w, "time", r->time_str ? r->time_str : "");
	if (r->global_kv_nr)
		json_kv(&w, "global options", r->global_kv, r->global_kv_nr);
	json_arr_begin(&w, "jobs");
	for (size_t i = 0; i < r->nr_jobs; i++)
		json_job(&w, r, &r->jobs[i], bins);
	json_arr_end(&w);
	report_disks_json(&w, r);
	/* verio's own, after fio's keys: was the run stopped early, and why. */
	json_bool(&w, "interrupted", r->interrupt_reason != NULL);
	if (r->interrupt_reason)
		json_str(&w, "interrupt_reason", r->interrupt_reason);
	json_run_identity(&w, r);
	json_obj_end(&w);
	json_finish(&w);
}

void report_json(FILE *out, const struct report *r)
{
	json_report(out, r, false);
}

void report_json_plus(FILE *out, const struct report *r)
{
	json_report(out, r, true);
}
