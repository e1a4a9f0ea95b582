/*
 * results.c - copies what reports need out of a job, so the job can be
 * freed before the report is printed and the report never reaches into
 * a live job.
 */
#include "compat.h"

#include <sys/stat.h>

#include "config/jobfile.h"
#include "config/options.h"
#include "report/result.h"
#include "run/diskutil.h"
#include "run/job.h"
#include "run/results.h"

_Static_assert(PCT_LIST_MAX <= RESULT_PCT_MAX, "a result holds every percentile");

static int dup_or_null(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return src && !*dst ? -ENOMEM : 0;
}

static unsigned result_rw(unsigned rw)
{
	return (rw & RW_F_READ ? RESULT_RW_READ : 0) |
	       (rw & RW_F_WRITE ? RESULT_RW_WRITE : 0) |
	       (rw & RW_F_RAND ? RESULT_RW_RAND : 0) |
	       (rw & RW_F_TRIM ? RESULT_RW_TRIM : 0);
}

static int copy_opts(struct result_opts *ro, const struct job_options *o)
{
	ro->rw = result_rw(o->rw);
	for (unsigned d = 0; d < 2; d++) {
		ro->min_bs[d] = o->min_bs[d];
		ro->max_bs[d] = o->max_bs[d];
	}
	ro->iodepth = o->iodepth;
	ro->kb_base = o->kb_base;
	ro->unit_base = o->unit_base;
	ro->unified_rw_rep = o->unified_rw_rep;
	ro->percentile_nr = MIN_OF(o->percentile_nr, (unsigned)PCT_LIST_MAX);
	memcpy(ro->percentile_list, o->percentile_list,
	       ro->percentile_nr * sizeof(ro->percentile_list[0]));
	ro->clat_percentiles = o->clat_percentiles;
	ro->lat_percentiles = o->lat_percentiles;
	ro->slat_percentiles = o->slat_percentiles;
	ro->continue_on_error = o->continue_on_error != COE_NONE;
	ro->group_reporting = o->group_reporting;
	if (dup_or_null(&ro->ioengine, o->ioengine) || dup_or_null(&ro->verify, o->verify))
		return -ENOMEM;
	return 0;
}

static int copy_kv(struct job_result *res, const struct job_def *def)
{
	if (!def)
		return 0;
	res->kv = calloc(def->kv_nr ? def->kv_nr : 1, sizeof(*res->kv));
	if (!res->kv)
		return -ENOMEM;
	res->kv_global_nr = def->kv_global_nr;
	for (size_t i = 0; i < def->kv_nr; i++) {
		res->kv_nr = i + 1;
		if (dup_or_null(&res->kv[i].name, def->kv[i].name) ||
		    dup_or_null(&res->kv[i].value, def->kv[i].value))
			return -ENOMEM;
	}
	return 0;
}

int job_result_begin(struct job_result *res, const struct job *j)
{
	res->groupid = j->groupid;
	res->jobnum = j->jobnum;
	res->job_index = j->index;
	res->seeds = (struct result_seeds){
		.randseed_known = j->o.randrepeat,
		.randseed = j->o.rand_seed,
		.offset_seed = j->seed,
		.data_seed = j->data_seed,
		.run_id = j->run_id,
	};
	job_stats_init(&res->st);
	if (dup_or_null(&res->name, j->o.name) ||
	    dup_or_null(&res->description, j->o.description) ||
	    copy_opts(&res->o, &j->o))
		return -ENOMEM;
	return copy_kv(res, j->def);
}

/* Incidents name their file by a pointer into the job's targets: copy it. */
static int own_incident_files(struct verify_stats *v)
{
	int ret = 0;

	for (unsigned i = 0; i < v->nr_inc; i++) {
		char *copy = NULL;

		if (!ret && dup_or_null(&copy, v->inc[i].file))
			ret = -ENOMEM;
		v->inc[i].file = copy;
	}
	return ret;
}

/* Mirror ranges name their target and reference: copy them. */
static int own_mirror_files(struct mirror_stats *m)
{
	int ret = 0;

	for (unsigned i = 0; i < m->nr; i++) {
		char *f = NULL, *r = NULL;

		if (!ret && (dup_or_null(&f, m->r[i].file) || dup_or_null(&r, m->r[i].ref)))
			ret = -ENOMEM;
		m->r[i].file = f;
		m->r[i].ref = r;
	}
	return ret;
}

/* A time of the job's thread (now_ns()) as ms on its logs' axis, not below 0. */
static uint64_t job_ms(const struct job *j, uint64_t ns)
{
	return ns > j->epoch_ns ? (ns - j->epoch_ns) / 1000000 : 0;
}

/*
 * The phases in time order: the first half as kept, then the ring of the
 * latest from its oldest entry (job.h). A phase still open ends with the job.
 */
static void copy_phases(struct result_phases *rp, const struct job *j)
{
	const struct job_phase_log *pl = &j->phases;
	uint64_t first_late = pl->nr > 2 * RESULT_PHASES_KEEP ? pl->nr - RESULT_PHASES_KEEP
							       : RESULT_PHASES_KEEP;

	memset(rp, 0, sizeof(*rp));
	if (!j->epoch_ns)
		return;		/* no I/O was accounted: no time axis */
	for (uint64_t i = 0; i < pl->nr; i++) {
		const struct job_phase *p = &pl->p[job_phase_slot(i)];

		if (i >= RESULT_PHASES_KEEP && i < first_late)
			continue;
		rp->p[rp->nr++] = (struct result_phase){
			.kind = p->kind,
			.start_ms = job_ms(j, p->start_ns),
			.end_ms = job_ms(j, p->end_ns ? p->end_ns : j->end_ns),
		};
	}
	rp->omitted = first_late - RESULT_PHASES_KEEP;
}

void job_result_take_maps(struct job_result *res, struct job *j)
{
	result_vmaps_free(res->vmaps, res->nr_vmaps);
	res->vmaps = j->vmaps;
	res->nr_vmaps = j->nr_vmaps;
	j->vmaps = NULL;
	j->nr_vmaps = 0;
}

void job_result_interrupt(struct job_result *res, const struct job *j, uint64_t stop_ns)
{
	/* the job may have seen a signal before the main thread did */
	if (j->stop_seen_ns && j->stop_seen_ns < stop_ns)
		stop_ns = j->stop_seen_ns;
	res->interrupted_known = j->interrupted && j->epoch_ns && stop_ns;
	res->interrupted_ms = res->interrupted_known ? job_ms(j, stop_ns) : 0;
}

/* A file's size at the end (clones may have grown it), else as opened. */
static uint64_t target_size_now(const struct vfile *f)
{
	struct stat st;

	if (!(f->flags & (VFILE_F_BLOCKDEV | VFILE_F_CHARDEV)) && f->name &&
	    stat(f->name, &st) == 0 && S_ISREG(st.st_mode))
		return (uint64_t)st.st_size;
	return f->real_size;
}

/*
 * What the job ran on: each file's region and size, and the block device
 * under it from sysfs (read here, once the job has ended: the main
 * thread, not the I/O path).
 */
static int copy_targets(struct job_result *res, const struct job *j)
{
	res->targets = calloc(j->nr_files ? j->nr_files : 1, sizeof(*res->targets));
	if (!res->targets)
		return -ENOMEM;
	for (unsigned i = 0; i < j->nr_files; i++) {
		const struct vfile *f = &j->files[i];
		struct result_target *t = &res->targets[i];

		res->nr_targets = i + 1;
		if (dup_or_null(&t->file, f->name))
			return -ENOMEM;
		t->type = f->flags & VFILE_F_BLOCKDEV ? RESULT_TARGET_BLOCK
			  : f->flags & VFILE_F_CHARDEV ? RESULT_TARGET_CHAR : RESULT_TARGET_FILE;
		t->offset = f->io_offset;
		t->length = f->io_size;
		t->size = target_size_now(f);
		t->has_device = t->type != RESULT_TARGET_CHAR && f->name &&
				diskutil_identify(f->name, &t->dev) == 0;
	}
	return 0;
}

int job_result_end(struct job_result *res, const struct job *j)
{
	res->error = j->error;
	res->pid = j->tid;
	res->elapsed_ns = j->end_ns - j->start_ns;
	res->st = j->stats;
	res->interrupted = j->interrupted;
	copy_phases(&res->phases, j);
	res->vcheck.basis = j->vcheck.basis;
	res->vcheck.units_expected = j->vcheck.units_expected;
	res->vcheck.replay_written = j->vcheck.replay_written;
	free(res->vcheck.state_path);
	if (dup_or_null(&res->vcheck.state_path, j->vcheck.state_path))
		return -ENOMEM;
	free(res->errmsg);
	if (own_incident_files(&res->st.verify) || own_mirror_files(&res->st.mirror))
		return -ENOMEM;
	if (!res->targets && copy_targets(res, j))
		return -ENOMEM;
	return dup_or_null(&res->errmsg, j->errmsg[0] ? j->errmsg : NULL);
}
