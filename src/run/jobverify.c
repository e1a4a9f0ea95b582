/*
 * jobverify.c - a job's options made into a verifier (see jobverify.h).
 */
#include "compat.h"

#include "config/options.h"
#include "csum.h"
#include "io_u.h"
#include "parse.h"
#include "run/job.h"
#include "run/jobverify.h"
#include "verify/state.h"
#include "verify/verifier.h"

/* Smallest block any direction of the job uses. */
static uint64_t job_min_bs(const struct job_options *o)
{
	uint64_t m = 0;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		uint64_t b = o->min_bs[d];

		if (o->bssplit[d] && o->bssplit_nr[d])
			b = o->bssplit[d][0].bs;
		if (b && (!m || b < m))
			m = b;
	}
	return m ? m : 4096;
}

/* Every block size the job can issue must be whole units. */
static int check_bs_multiple(const struct job *j, uint64_t unit)
{
	const struct job_options *o = &j->o;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		if (o->min_bs[d] % unit || (o->max_bs[d] % unit && !o->bssplit[d]) ||
		    (o->bs_unaligned && o->min_bs[d] != o->max_bs[d])) {
			job_err(j, "block sizes must be multiples of the verify unit (%" PRIu64
				  " bytes); set verify_interval or use aligned sizes", unit);
			return 2;
		}
		for (size_t i = 0; o->bssplit[d] && i < o->bssplit_nr[d]; i++)
			if (o->bssplit[d][i].bs % unit) {
				job_err(j, "bssplit size %" PRIu64 " is not a multiple of the verify unit (%" PRIu64 " bytes)",
					  o->bssplit[d][i].bs, unit);
				return 2;
			}
	}
	return 0;
}

/* The kind and unit geometry of the job's verify options. 0 or 2. */
static int geometry(const struct job *j, struct verify_conf *c)
{
	const struct job_options *o = &j->o;
	uint64_t min_bs = job_min_bs(o), unit;
	const void *csum = NULL;

	unit = o->verify_interval && o->verify_interval < min_bs ? o->verify_interval
								 : min_bs;
	c->kind = verify_kind_of(o->verify, &csum);
	c->geom.unit_len = (uint32_t)unit;
	c->geom.sector_size = (uint32_t)(o->verify_sector_size ? o->verify_sector_size : 512);
	c->geom.hdr_off = (uint32_t)o->verify_offset;
	c->geom.csum = c->kind == VERIFY_CSUM ? csum : NULL;
	if (c->kind == VERIFY_PATTERN && !o->verify_pattern_len) {
		job_err(j, "verify=pattern needs verify_pattern");
		return 2;
	}
	if (unit > VUNIT_MAX_LEN) {
		job_err(j, "verify unit of %" PRIu64 " bytes is larger than %u; set verify_interval",
			unit, VUNIT_MAX_LEN);
		return 2;
	}
	if (verify_kind_has_header(c->kind) && vunit_geom_check(&c->geom) < 0) {
		job_err(j, "verify unit %" PRIu64 " bytes, sector %u, verify_offset %u: the unit "
			"must be a multiple of the sector size (512 or 4k) and the header (%u bytes) "
			"must fit inside one sector before its 16-byte stamp",
			unit, c->geom.sector_size, c->geom.hdr_off,
			VHDR_LEN + (c->geom.csum ? c->geom.csum->digest_len : 0));
		return 2;
	}
	return check_bs_multiple(j, unit);
}

/* Everything but the geometry and the state path, from the options. */
static void conf_from_options(struct job *j, struct verify_conf *c)
{
	const struct job_options *o = &j->o;

	c->mode = o->verify_mode == OPT_VERIFY_MODE_COMPARE ? VERIFY_MODE_COMPARE
							     : VERIFY_MODE_CHECKSUM;
	c->seed = j->seed;
	c->run_id = j->run_id;
	c->rand_seed = j->seed;
	c->job_index = j->index;
	c->clone = j->jobnum;
	c->name = o->name;
	c->pattern = o->verify_pattern;
	c->pattern_len = o->verify_pattern_len;
	c->pattern_ofs = o->verify_pattern_ofs;
	c->pattern_nofs = o->verify_pattern_nofs;
	c->pattern_interval = o->verify_pattern_interval;
	c->fatal = o->verify_fatal;
	c->stop = &j->verify_stop;
	c->dump = o->verify_dump;
	c->dump_dir = j->aux_path;
	c->state_save = o->verify_state_save;
	c->state_load = o->verify_state_load;
	c->backlog = o->verify_backlog;
	c->backlog_batch = o->verify_backlog_batch;
	c->writes = o->rw & RW_F_WRITE;
	c->verify_only = o->verify_only;
	c->verify_after_writes = o->do_verify;
}

/* Does the job load a saved state (verify_state_load, or verify_only)? */
static bool loads_state(const struct job *j, enum verify_kind k)
{
	return verify_kind_has_header(k) && (j->o.verify_state_load || j->o.verify_only);
}

/* Make, attach and load. 0, 2 or 3. */
static int make_verifier(struct job *j, const struct verify_conf *c)
{
	unsigned nr_io_us = j->o.iodepth ? j->o.iodepth : 1;
	char why[512];
	int r;

	j->verifier = verifier_new(c, &r);
	if (!j->verifier)
		return r == -ENOMEM ? 3 : 2;
	r = verifier_attach(j->verifier, j->files, j->nr_files, nr_io_us);
	if (r < 0)
		return 3;
	r = verifier_state_load(j->verifier, why, sizeof(why));
	if (r < 0 && why[0]) {
		job_err(j, "%s", why);
		return 2;
	}
	return r < 0 ? 3 : 0;
}

int jobverify_prepare(struct job *j)
{
	struct verify_conf c = { 0 };
	char path[4096];
	int r;

	if (!j->o.verify || !strcmp(j->o.verify, "0"))
		return 0;
	r = geometry(j, &c);
	if (r)
		return r;
	conf_from_options(j, &c);
	if (vstate_path(path, sizeof(path), j->aux_path, j->o.name, j->jobnum) == 0) {
		c.state_path = path;
	} else if (loads_state(j, c.kind)) {
		job_err(j, "verify state path too long");
		return 2;
	}
	return make_verifier(j, &c);
}

int jobverify_setup(struct job *j)
{
	int r;

	if (!j->verifier)
		return 0;
	r = verifier_start(j->verifier, j->buf_size);
	if (r < 0)
		return r;
	for (unsigned i = 0; i < j->ectx.nr_io_us; i++)
		verifier_prefill(j->verifier, j->io_us[i].buf, j->buf_size);
	j->vworker = vworker_new(j->verifier, &j->stats.verify, &r);
	return j->vworker ? 0 : r;
}

int jobverify_targets_open(struct job *j)
{
	char why[1024];
	int r;

	if (!j->verifier)
		return 0;
	r = verifier_state_continue(j->verifier, why, sizeof(why));
	if (r == 1)
		fprintf(stderr, "verio: job '%s': warning: %s\n", j->o.name, why);
	return r < 0 ? r : 0;
}

/* Does the job save a state it writes (the kind has headers)? */
static bool saves_state(const struct job *j)
{
	return j->verifier && j->o.verify_state_save && options_writes(&j->o) &&
	       verifier_stamps_writes(j->verifier) && verifier_state_path(j->verifier);
}

uint64_t jobverify_checkpoint_ns(const struct job *j)
{
	return saves_state(j) ? j->o.verify_state_interval_us * 1000 : 0;
}

/* fdatasync every open file of the job; 0 or the first -errno. */
static int sync_files(struct job *j)
{
	int ret = 0;

	for (unsigned i = 0; i < j->nr_files; i++)
		if (j->files[i].fd >= 0 && fdatasync(j->files[i].fd) && !ret)
			ret = -errno;
	return ret;
}

void jobverify_checkpoint(struct job *j)
{
	int r = 0;

	if (!saves_state(j))
		return;
	if (!j->o.direct)
		r = sync_files(j);
	if (r < 0) {
		fprintf(stderr, "verio: job '%s': cannot sync before a verify state "
			"checkpoint: %s\n", j->o.name, strerror(-r));
		return;
	}
	r = verifier_state_save(j->verifier, false);
	if (r < 0)
		fprintf(stderr, "verio: job '%s': cannot checkpoint verify state '%s': %s\n",
			j->o.name, verifier_state_path(j->verifier), strerror(-r));
}

void jobverify_finish(struct job *j)
{
	int r;

	if (!j->verifier)
		return;
	r = verifier_state_save(j->verifier, true);
	if (r < 0)
		fprintf(stderr, "verio: job '%s': cannot save verify state '%s': %s\n",
			j->o.name, verifier_state_path(j->verifier), strerror(-r));
	vworker_free(j->vworker);
	verifier_free(j->verifier);
	j->vworker = NULL;
	j->verifier = NULL;
}
