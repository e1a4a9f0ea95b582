/*
 * build.c - turns finished jobs' results into the report every output
 * format reads: one entry per job, or per group under group_reporting,
 * and one total per group.
 */
#include "compat.h"

#include <sys/utsname.h>
#include <time.h>

#include "report/build.h"
#include "report/report.h"
#include "report/result.h"
#include "timeutil.h"

/* The error a job's entry shows: fatal, else first I/O error, else EILSEQ. */
static int entry_error(const struct job_result *res)
{
	int error = res->error ? res->error : res->st.first_error;

	if (!error && res->st.verify.failures)
		error = EILSEQ;	/* as fio reports a verify failure */
	return error;
}

static uint64_t elapsed_s(const struct job_result *res)
{
	return (res->elapsed_ns + 999999999ULL) / 1000000000ULL;
}

static void fill_entry(struct report_job *rj, const struct job_result *res)
{
	rj->name = res->name;
	rj->description = res->description;
	rj->groupid = res->groupid;
	rj->jobnum = res->jobnum;
	rj->nr_merged = 1;
	rj->error = entry_error(res);
	rj->o = &res->o;
	rj->kv = res->kv;
	rj->kv_nr = res->kv_nr;
	rj->st = res->st;
	rj->pid = res->pid;
	rj->errmsg = res->errmsg;
	rj->elapsed_s = elapsed_s(res);
	rj->interrupted = res->interrupted;
	rj->vcheck = res->vcheck;
	rj->phases = &res->phases;
	rj->res = res;
	rj->interrupted_known = res->interrupted_known;
	rj->interrupted_ms = res->interrupted_ms;
}

/* Does res[i] fold into the entry before it (same group, group_reporting)? */
static bool merges_into_previous(const struct job_result *res, size_t i)
{
	return i > 0 && res[i].o.group_reporting &&
	       res[i - 1].groupid == res[i].groupid;
}

static void merge_entry(struct report_job *rj, const struct job_result *res)
{
	job_stats_merge(&rj->st, &res->st);
	rj->nr_merged++;
	if (!rj->error)
		rj->error = entry_error(res);
	rj->elapsed_s = MAX_OF(rj->elapsed_s, elapsed_s(res));
	rj->interrupted |= res->interrupted;
	rj->vcheck.units_expected += res->vcheck.units_expected;
}

/*
 * unified_rw_reporting, applied after group_reporting merged the jobs:
 * the directions are summed as fio sums them (report/stats.h).
 */
static void apply_unified(struct report_job *rj)
{
	struct dir_stats sum;

	rj->unified = rj->o ? rj->o->unified_rw_rep : UNIFIED_NONE;
	if (rj->unified == UNIFIED_NONE)
		return;
	dir_stats_init(&sum);
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++)
		dir_stats_merge(&sum, &rj->st.dir[d]);
	if (rj->unified == UNIFIED_BOTH) {
		rj->mixed = sum;
		return;
	}
	rj->st.dir[DDIR_READ] = sum;
	for (unsigned d = DDIR_READ + 1; d < DDIR_DATA_CNT; d++)
		dir_stats_init(&rj->st.dir[d]);
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

/* The machine the run ran on, for verio's JSON "host". */
static void host_identity(struct report *rep)
{
	struct utsname u;

	if (uname(&u) < 0)
		return;
	snprintf(rep->hostname, sizeof(rep->hostname), "%s", u.nodename);
	snprintf(rep->kernel, sizeof(rep->kernel), "%s", u.release);
	snprintf(rep->machine, sizeof(rep->machine), "%s", u.machine);
}

int report_build(struct report *rep, const struct job_result *res, size_t nr)
{
	char tbuf[64];
	time_t now = time(NULL);
	struct tm tm;

	memset(rep, 0, sizeof(*rep));
	rep->jobs = calloc(nr ? nr : 1, sizeof(*rep->jobs));
	if (!rep->jobs)
		return -ENOMEM;
	for (size_t i = 0; i < nr; i++) {
		if (!rep->interrupt_reason)
			rep->interrupt_reason = res[i].interrupt_reason;
		if (merges_into_previous(res, i))
			merge_entry(&rep->jobs[rep->nr_jobs - 1], &res[i]);
		else
			fill_entry(&rep->jobs[rep->nr_jobs++], &res[i]);
	}
	for (size_t i = 0; i < rep->nr_jobs; i++)
		apply_unified(&rep->jobs[i]);
	rep->timestamp_s = (uint64_t)now;
	rep->timestamp_ms = now_realtime_ms();
	localtime_r(&now, &tm);
	strftime(tbuf, sizeof(tbuf), "%a %b %e %H:%M:%S %Y", &tm);
	rep->time_str = strdup(tbuf);
	host_identity(rep);
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
