/*
 * report-build.c - turns finished jobs into the report every output
 * format reads: one entry per job, or per group under group_reporting,
 * and one total per group.
 */
#include "compat.h"

#include <time.h>

#include "run/job.h"
#include "report/build.h"
#include "report/report.h"
#include "timeutil.h"

static void fill_entry(struct report_job *rj, const struct job *j)
{
	rj->name = j->o.name;
	rj->description = j->o.description;
	rj->groupid = j->groupid;
	rj->jobnum = j->jobnum;
	rj->nr_merged = 1;
	rj->error = j->error ? j->error : j->stats.first_error;
	if (!rj->error && j->stats.verify.failures)
		rj->error = EILSEQ;	/* as fio reports a verify failure */
	rj->o = &j->o;
	rj->kv = j->def ? j->def->kv : NULL;
	rj->kv_nr = j->def ? j->def->kv_nr : 0;
	rj->st = j->stats;
	rj->pid = j->tid;
	rj->errmsg = j->errmsg[0] ? j->errmsg : NULL;
	rj->elapsed_s = (j->end_ns - j->start_ns + 999999999ULL) / 1000000000ULL;
}

/* Does j fold into the entry before it (same group, group_reporting)? */
static bool merges_into_previous(const struct job *jobs, size_t i)
{
	return i > 0 && jobs[i].o.group_reporting &&
	       jobs[i - 1].groupid == jobs[i].groupid;
}

static void merge_entry(struct report_job *rj, const struct job *j)
{
	job_stats_merge(&rj->st, &j->stats);
	rj->nr_merged++;
	if (!rj->error)
		rj->error = j->error ? j->error : j->stats.first_error;
	if (!rj->error && j->stats.verify.failures)
		rj->error = EILSEQ;
	if (!rj->error && j->stats.verify.failures)
		rj->error = EILSEQ;	/* as fio reports a verify failure */
	rj->elapsed_s = MAX_OF(rj->elapsed_s,
			       (j->end_ns - j->start_ns + 999999999ULL) / 1000000000ULL);
}

static int build_groups(struct report *rep)
{
	unsigned ngroups = 0;

	for (size_t i = 0; i < rep->nr_jobs; i++)
		ngroups = MAX_OF(ngroups, rep->jobs[i].groupid + 1);
	rep->groups = calloc(ngroups ? ngroups : 1, sizeof(*rep->groups));
	if (!rep->groups)
		return -ENOMEM;
	rep->nr_groups = ngroups;
	for (unsigned g = 0; g < ngroups; g++)
		report_group_init(&rep->groups[g], g);
	for (size_t i = 0; i < rep->nr_jobs; i++)
		report_group_add(&rep->groups[rep->jobs[i].groupid], &rep->jobs[i]);
	for (unsigned g = 0; g < ngroups; g++)
		report_group_finish(&rep->groups[g]);
	return 0;
}

int report_build(struct report *rep, const struct job *jobs, size_t nr)
{
	char tbuf[64];
	time_t now = time(NULL);
	struct tm tm;

	memset(rep, 0, sizeof(*rep));
	rep->jobs = calloc(nr ? nr : 1, sizeof(*rep->jobs));
	if (!rep->jobs)
		return -ENOMEM;
	for (size_t i = 0; i < nr; i++) {
		if (merges_into_previous(jobs, i))
			merge_entry(&rep->jobs[rep->nr_jobs - 1], &jobs[i]);
		else
			fill_entry(&rep->jobs[rep->nr_jobs++], &jobs[i]);
	}
	rep->timestamp_s = (uint64_t)now;
	rep->timestamp_ms = now_realtime_ms();
	localtime_r(&now, &tm);
	strftime(tbuf, sizeof(tbuf), "%a %b %e %H:%M:%S %Y", &tm);
	rep->time_str = strdup(tbuf);
	return build_groups(rep);
}

void report_release(struct report *rep)
{
	if (!rep)
		return;
	free(rep->jobs);
	free(rep->groups);
	free((char *)rep->time_str);
	rep->time_str = NULL;
	rep->jobs = NULL;
	rep->groups = NULL;
}
