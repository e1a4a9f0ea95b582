/*
 * jobverify.c - a job's options made into a verifier (see jobverify.h).
 */
#include "compat.h"

#include "config/options.h"
#include "csum.h"
#include "io_u.h"
#include "parse.h"
#include "run/iogen.h"
#include "run/job.h"
#include "run/jobverify.h"
#include "run/worker.h"
#include "run/target.h"
#include "verify/fioformat.h"
#include "verify/overlap.h"
#include "verify/ovjournal.h"
#include "verify/state.h"
#include "verify/verifier.h"
#include "verify/vmap.h"

const char jobverify_no_state_consequence[] =
	"what was written is learnt by replaying the job's writes (or, for a "
	"time- or size-limited run, not at all: headers and checksums only), so "
	"a write lost by a crash or an earlier run's block is judged with less "
	"certainty than against a saved map";

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

/* verify_fio_version=X.Y as 100 * X + Y; 0 if it is no fio 3 version. */
static unsigned fio_version(const char *s)
{
	unsigned major, minor;
	char end;

	if (!s || sscanf(s, "%u.%u%c", &major, &minor, &end) != 2 || major != 3 ||
	    minor > 99)
		return 0;
	return 100 * major + minor;
}

/*
 * fio's own verify_interval: the smallest write block when bs varies and
 * none is set, at most that block, and replaced by the gcd of the
 * smallest and largest write blocks when it does not divide both (fio
 * does this silently: verify_interval=2222 with bs=4k is a 4096-byte
 * interval in fio).  verify_format=fio must follow it to the byte.
 */
static uint64_t fio_interval(const struct job_options *o)
{
	uint64_t lo = o->min_bs[DDIR_WRITE], hi = o->max_bs[DDIR_WRITE];
	uint64_t vi = o->verify_interval;

	if (!lo || !hi)
		return vi;
	if (hi != lo && !vi)
		vi = lo;
	if (vi > lo)
		vi = lo;
	if (!vi || lo % vi || hi % vi)
		vi = gcd_u64(lo, hi);
	return vi;
}

/* verify_format=fio: fio's header version and verify type. 0 or 2. */
static int fio_geometry(const struct job *j, struct verify_conf *c)
{
	const struct job_options *o = &j->o;
	unsigned ver = fio_version(o->verify_fio_version);
	const char *flavour = NULL;
	unsigned vt;

	if (!ver) {
		job_err(j, "verify_fio_version '%s': want a fio 3 version such as 3.33 or 3.41",
			o->verify_fio_version ? o->verify_fio_version : "");
		return 2;
	}
	vt = fio_vtype_of(o->verify, ver, &flavour);
	if (!vt || (c->kind != VERIFY_CSUM && c->kind != VERIFY_META)) {
		job_err(j, "verify=%s cannot be written in fio %u.%u's format (verify_format=fio "
			"supports md5 crc64 crc32c crc32c-intel crc32 crc16 crc7 sha1 sha256 "
			"sha512 sha3-* xxhash meta)", o->verify,
			ver / 100, ver % 100);
		return 2;
	}
	if (o->verify_offset) {
		job_err(j, "verify_offset is not supported with verify_format=fio");
		return 2;
	}
	c->geom.layout = VLAYOUT_FIO;
	c->geom.fio_layout = ver >= 341 ? 2 : 1;
	c->geom.fio_vtype = (uint8_t)vt;
	c->geom.csum = flavour ? csum_find(flavour) : NULL;
	return 0;
}

/*
 * A unit without sector stamps (verify_format=fio, or a verify_interval
 * or block that is not a multiple of the sector): a header every
 * verify_interval bytes, the last piece of a block shorter, as fio does.
 */
static int piece_geometry(const struct job *j, struct verify_conf *c, uint64_t *unit)
{
	const struct job_options *o = &j->o;
	uint64_t min_bs = job_min_bs(o), vi = o->verify_interval;
	uint32_t s = c->geom.sector_size;

	if (o->verify_format == OPT_VERIFY_FORMAT_FIO) {
		if (fio_geometry(j, c))
			return 2;
		vi = fio_interval(o);
		*unit = vi && vi < min_bs ? vi : min_bs;
	} else if ((!vi || vi % s == 0) && *unit % s == 0) {
		return 0;		/* native */
	} else {
		c->geom.layout = VLAYOUT_STAMPLESS;
	}
	if (vi && vi < min_bs && min_bs % vi) {
		*unit = min_bs;
		c->geom.piece_len = (uint32_t)vi;
	}
	c->geom.unit_len = (uint32_t)MIN_OF(*unit, (uint64_t)UINT32_MAX);
	if (o->verify_journal) {
		job_err(j, "verify_journal needs sector stamps: not with verify_format=fio "
			"or a verify_interval (%" PRIu64 ") that is not a multiple of the "
			"sector (%u)", vi, s);
		return 2;
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
	/*
	 * A pattern has no header for the interval to place: an interval that
	 * does not divide the blocks becomes their gcd, as fio does.
	 */
	if (c->kind == VERIFY_PATTERN && o->verify_interval && min_bs % unit) {
		unit = fio_interval(o);
		unit = unit && unit < min_bs ? unit : min_bs;
		c->geom.unit_len = (uint32_t)unit;
	}
	if (unit > VUNIT_MAX_LEN) {
		job_err(j, "verify unit of %" PRIu64 " bytes is larger than %u; set verify_interval",
			unit, VUNIT_MAX_LEN);
		return 2;
	}
	if ((verify_kind_has_header(c->kind) || o->verify_format == OPT_VERIFY_FORMAT_FIO) &&
	    piece_geometry(j, c, &unit))
		return 2;
	if (verify_kind_has_header(c->kind) && c->geom.layout != VLAYOUT_NATIVE &&
	    vunit_geom_check(&c->geom) < 0) {
		job_err(j, "verify_interval %" PRIu64 ", block %" PRIu64 ": every verify_interval "
			"piece must hold its %u-byte header (at verify_offset %u) and data",
			o->verify_interval, unit, vunit_hdr_len(&c->geom), c->geom.hdr_off);
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
	c->seed = j->data_seed;
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
	c->print_max = o->verify_print_max;
	c->stop = &j->verify_stop;
	c->dump = o->verify_dump;
	c->reread = o->verify_reread;
	c->dump_dir = j->aux_path;
	c->state_save = o->verify_state_save;
	c->state_load = o->verify_state_load;
	c->backlog = o->verify_backlog;
	c->backlog_batch = o->verify_backlog_batch;
	/* A trim changes the media as a write does: the map knows it. */
	c->writes = o->rw & (RW_F_WRITE | RW_F_TRIM);
	c->trims = options_trims(o);
	c->trim_zero = o->trim_verify_zero;
	c->verify_only = o->verify_only;
	c->verify_after_writes = o->do_verify;
	c->journal = o->verify_journal;
	c->journal_buffered = !o->direct;
	c->journal_records = o->verify_journal_records;
	c->journal_batch = 4 * (o->iodepth ? o->iodepth : 1) + 64;
	c->atomic_write = (uint32_t)o->verify_atomic_write_size;
	c->skip_gen_check = !o->verify_write_sequence;
	c->skip_seed_check = !o->verify_header_seed;
	/*
	 * verify_overlap: the legal outcomes live in the run's memory, so no
	 * state is saved (verify_state_load, verify_only and journals are
	 * refused with the option).  RWF_ATOMIC writes cannot be torn inside
	 * a unit.
	 */
	c->overlap = o->verify_overlap && verify_kind_has_header(c->kind);
	if (c->overlap)
		c->state_save = false;
	if (c->overlap && o->atomic && !c->atomic_write)
		c->atomic_write = c->geom.unit_len;
	/*
	 * Only direct I/O to a block device moves whole sectors; a file
	 * system may copy through its page cache.  Atomic pieces (atomic=1,
	 * verify_atomic_write_size) are whole by the job's own word.
	 */
	c->overlap_bytes = c->overlap && !c->atomic_write && !o->direct;
	for (unsigned i = 0; c->overlap && !c->atomic_write && i < j->nr_files; i++)
		c->overlap_bytes |= !(j->files[i].flags & VFILE_F_BLOCKDEV);
}

/* verify_journal and verify_atomic_write_size against the rest. 0 or 2. */
static int check_journal(const struct job *j, const struct verify_conf *c)
{
	const struct job_options *o = &j->o;
	uint64_t a = o->verify_atomic_write_size;

	if (a && (a % c->geom.sector_size || a > UINT32_MAX)) {
		job_err(j, "verify_atomic_write_size=%" PRIu64 " is not a multiple of the "
			"verify sector size (%u)", a, c->geom.sector_size);
		return 2;
	}
	if (!o->verify_journal)
		return 0;
	if (!verify_kind_has_header(c->kind)) {
		job_err(j, "verify_journal needs a verify kind with a header (a checksum, "
			"meta or pattern_hdr), not verify=%s", o->verify);
		return 2;
	}
	if (!o->verify_state_save && !o->verify_only && !o->verify_overlap) {
		job_err(j, "verify_journal needs verify_state_save=1: the journal continues "
			"the saved state");
		return 2;
	}
	return 0;
}

/*
 * verify_policy (fio after 3.42) onto verio's journal: fsynced keeps a
 * durable record of which writes an fsync covered (the journal, on for
 * the job, counting a write only once a completed fsync covers it, with
 * direct I/O too); completed cannot be honoured by a buffered journal.
 * 0 or 2.
 */
static int apply_policy(const struct job *j, struct verify_conf *c)
{
	const struct job_options *o = &j->o;

	if (o->verify_policy == VPOLICY_COMPLETED && o->verify_journal && !o->direct) {
		job_err(j, "verify_policy=completed cannot be honoured with verify_journal=1 "
			"and buffered I/O (direct=0): a completed buffered write is not "
			"durable until an fsync covers it; use verify_policy=fsynced or direct=1");
		return 2;
	}
	if (o->verify_policy != VPOLICY_FSYNCED || o->verify_only || !options_writes(o) ||
	    !c->state_save)
		return 0;
	if (!verify_kind_has_header(c->kind)) {
		job_err(j, "verify_policy=fsynced needs a verify kind with a header (a checksum, "
			"meta or pattern_hdr), not verify=%s: the fsynced writes are kept in "
			"the verify journal", o->verify);
		return 2;
	}
	c->journal = true;
	c->journal_buffered = true;
	return 0;
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
	/* An earlier job of the run may save the state: load it at our turn.
	 * verify_overlap keeps no state: its journals (jobverify_share_overlap). */
	if (j->starts_later || c->overlap)
		return 0;
	r = verifier_state_load(j->verifier, why, sizeof(why));
	if (r < 0 && why[0]) {
		job_err(j, "%s", why);
		return 2;
	}
	return r < 0 ? 3 : 0;
}

/*
 * A job that can verify nothing is refused before any I/O: each file's
 * region must hold one block of the smallest size the job writes (or
 * reads back, verify_only). 0 or 2.
 */
static int check_regions(const struct job *j)
{
	uint64_t min_bs = job_min_bs(&j->o);

	for (unsigned i = 0; i < j->nr_files; i++) {
		const struct vfile *f = &j->files[i];

		if (f->io_size < min_bs) {
			job_err(j, "the region of '%s' (size %" PRIu64 " bytes) is smaller than "
				"the block size bs=%" PRIu64 ": nothing could be verified",
				f->name, f->io_size, min_bs);
			return 2;
		}
	}
	return 0;
}

static const char *not_replayable(const struct job_options *o);

/* verify_only or verify_state_load found no state and checks headers only. */
static void warn_no_state(const struct job *j)
{
	fprintf(stderr, "verio: warning: job '%s': verify_only found no saved verify "
		"state at '%s': %s; set verify_state_required=1 to make this an "
		"error\n", j->o.name, verifier_state_path(j->verifier),
		jobverify_no_state_consequence);
}

/*
 * What the job's reads are checked against, once the state was looked
 * for. A verify_only job that found no state says so loudly, or fails
 * (2) under verify_state_required.
 */
static int note_basis(struct job *j)
{
	struct result_vcheck *vc = &j->vcheck;
	const char *path = verifier_state_path(j->verifier);
	enum verify_kind kind = verify_kind_of(j->o.verify, NULL);

	if (path && !vc->state_path && !(vc->state_path = strdup(path)))
		return 3;
	if (kind == VERIFY_NULL)	/* checks nothing: says nothing */
		vc->basis = RESULT_VB_NONE;
	else if (kind == VERIFY_PATTERN)
		vc->basis = RESULT_VB_PATTERN;
	else if (verifier_state_loaded(j->verifier))
		vc->basis = RESULT_VB_STATE;
	else if (verifier_overlapping(j->verifier) && j->o.verify_only)
		vc->basis = RESULT_VB_OVERLAP;
	else if (loads_state(j, kind))
		vc->basis = RESULT_VB_NO_STATE;
	else
		vc->basis = RESULT_VB_RUN;
	if (vc->basis != RESULT_VB_NO_STATE)
		return 0;
	if (j->o.verify_state_required) {
		job_err(j, "verify_state_required=1: no saved verify state at '%s' "
			"(run the writing job with verify_state_save=1, or point "
			"--aux-path at its state)", path);
		return 2;
	}
	/* A dry replay gives what fio gives: the report says so, stderr stays quiet. */
	if (!verifier_replay_wanted(j->verifier) || not_replayable(&j->o))
		warn_no_state(j);
	return 0;
}

int jobverify_prepare(struct job *j)
{
	struct verify_conf c = { 0 };
	char path[4096];
	int r;

	if (!j->o.verify || !strcmp(j->o.verify, "0"))
		return 0;
	r = geometry(j, &c);
	if (!r)
		r = check_regions(j);
	if (r)
		return r;
	conf_from_options(j, &c);
	if (j->ops->flags & ENGINE_F_NOIO) {
		/*
		 * As fio: writes are stamped and the verify phase is read,
		 * but the engine does no I/O, so what comes back is never
		 * checked (the report says so) and no state is kept.
		 */
		j->stats.verify_not_checked = true;
		c.state_save = false;
		c.state_load = false;
	}
	r = apply_policy(j, &c);
	if (!r)
		r = check_journal(j, &c);
	if (r)
		return r;
	if (vstate_path(path, sizeof(path), j->aux_path, j->o.name, j->jobnum) == 0) {
		c.state_path = path;
	} else if (loads_state(j, c.kind)) {
		job_err(j, "verify state path too long");
		return 2;
	}
	r = make_verifier(j, &c);
	if (r)
		return r;
	/* A later job loads its state at its turn: it says then what it found. */
	return j->starts_later ? 0 : note_basis(j);
}

/*
 * Why a verify_only job's writes cannot be replayed, or NULL: how far a
 * time- or space-limited write got is unknown, and a job without writes
 * has nothing to replay.
 */
static const char *not_replayable(const struct job_options *o)
{
	if (!(o->rw & RW_F_WRITE))
		return "the job has no writes";
	if (o->time_based)
		return "time_based";
	if (o->runtime_us)
		return "runtime";
	if (o->fill_device)
		return "fill_device";
	return NULL;
}

/*
 * Run the job's generator dry over copies of its files, as the worker's
 * passes would (loops, number_ios): count every write, and mark it in the
 * verifier when mark.  0 or -errno.
 */
static int replay_writes(struct job *j, bool mark)
{
	const struct job_options *o = &j->o;
	unsigned loops = o->loops ? o->loops : 1;
	struct vfile *files;
	struct iogen g;
	struct io_u u;
	int r;

	files = calloc(j->nr_files ? j->nr_files : 1, sizeof(*files));
	if (!files)
		return -ENOMEM;
	for (unsigned i = 0; i < j->nr_files; i++) {
		files[i] = j->files[i];
		files[i].map = NULL;
		files[i].next_seq[DDIR_READ] = files[i].next_seq[DDIR_WRITE] = 0;
	}
	j->dry_write_ios = j->dry_write_bytes = 0;
	r = iogen_init(&g, o, files, j->nr_files, j->total_io_size, j->seed);
	for (unsigned pass = 0; !r && pass < loops; pass++) {
		if (pass)
			iogen_new_pass(&g);
		memset(&u, 0, sizeof(u));
		while (!(o->number_ios && g.nr_issued >= o->number_ios) &&
		       !(r = iogen_next(&g, &u)))
			if (u.ddir == DDIR_WRITE) {
				j->dry_write_ios++;
				j->dry_write_bytes += u.len;
				if (mark)
					verifier_replay_mark(j->verifier,
							     (unsigned)(u.file - files),
							     u.offset, u.len);
			}
		if (r == -ENOENT)
			r = 0;
		if (o->number_ios && g.nr_issued >= o->number_ios)
			break;
	}
	iogen_release(&g);
	free(files);
	return r;
}

/* verify_only without a saved state: replay the writes, or say why not. */
static int replay(struct job *j)
{
	const char *why = not_replayable(&j->o);
	uint64_t written, unwritten;
	int r;

	if (!verifier_replay_wanted(j->verifier)) {
		/* A saved state holds the writes: count them, as fio reports a
		 * verify_only job's (dry) writes. */
		if (j->o.verify_only && (j->o.rw & RW_F_WRITE) && !why &&
		    replay_writes(j, false) < 0)
			j->dry_write_ios = j->dry_write_bytes = 0;
		return 0;
	}
	if (why) {
		job_err(j, "no saved verify state, workload not replayable (%s): "
			   "checked headers only", why);
		return 0;
	}
	r = replay_writes(j, true);
	if (r < 0) {
		j->dry_write_ios = j->dry_write_bytes = 0;
		warn_no_state(j);
		job_err(j, "no saved verify state, cannot replay the workload (%s): "
			   "checked headers only", strerror(-r));
		return 0;
	}
	verifier_replay_done(j->verifier, &written, &unwritten);
	j->stats.verify.unwritten += unwritten;
	j->vcheck.basis = RESULT_VB_REPLAY;
	j->vcheck.replay_written = written;
	return 0;
}

int jobverify_setup(struct job *j)
{
	int r;

	if (!j->verifier)
		return 0;
	if (j->starts_later) {
		char why[sizeof(j->errmsg)];

		/* verify_overlap keeps no state: its journals are loaded. */
		r = verifier_overlapping(j->verifier) ? 0
			: verifier_state_load(j->verifier, why, sizeof(why));
		if (r < 0) {
			j->error = -r;
			snprintf(j->errmsg, sizeof(j->errmsg), "%s",
				 why[0] ? why : "cannot load the verify state");
			return r;
		}
		if (note_basis(j)) {
			j->error = EINVAL;
			snprintf(j->errmsg, sizeof(j->errmsg), "no saved verify state");
			return -EINVAL;
		}
	}
	r = replay(j);
	if (r < 0)
		return r;
	r = verifier_start(j->verifier, j->buf_size);
	if (!r)
		r = verifier_overlap_start(j->verifier, j->ectx.nr_io_us, j->buf_size);
	if (r < 0)
		return r;
	for (unsigned i = 0; i < j->ectx.nr_io_us; i++)
		verifier_prefill(j->verifier, j->io_us[i].buf, j->buf_size);
	j->vworker = vworker_new(j->verifier, &j->stats.verify, &r);
	if (!j->vworker)
		return r;
	if (verifier_replay_info(j->verifier, &j->stats.verify.journal_records,
				 &j->stats.verify.journal_inflight))
		j->stats.verify.journal_replays = 1;
	return 0;
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
	else if (r < 0 && why[0])
		fprintf(stderr, "verio: job '%s': %s\n", j->o.name, why);
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

/* One file's verify map, copied out of the verifier. */
static int take_vmap(struct result_vmap *out, const struct job *j, unsigned fi)
{
	const struct vmap *vm = verifier_vmap(j->verifier, fi);
	const struct vmap_fail *f;
	size_t nf;

	out->file = strdup(j->files[fi].name);
	out->cells = vm->cells;
	out->verified = calloc(vm->cells ? vm->cells : 1, sizeof(uint64_t));
	out->failed = calloc(vm->cells ? vm->cells : 1, sizeof(uint64_t));
	out->written = calloc(vm->cells ? vm->cells : 1, sizeof(uint64_t));
	f = vmap_fails(vm, &nf);
	out->fails = calloc(nf ? nf : 1, sizeof(*out->fails));
	if (!out->file || !out->verified || !out->failed || !out->written || !out->fails)
		return -ENOMEM;
	out->unit = vm->unit;
	out->offset = j->files[fi].io_offset;
	out->length = vm->nunits * out->unit;
	out->cell_bytes = out->unit << vm->shift;
	for (uint32_t c = 0; c < vm->cells; c++) {
		out->verified[c] = vmap_verified(vm, c);
		out->failed[c] = vmap_failed(vm, c);
	}
	if (!verifier_vmap_written(j->verifier, fi, out->written)) {
		free(out->written);
		out->written = NULL;
	}
	for (size_t i = 0; i < nf; i++)
		out->fails[i] = (struct result_vmap_fail){
			.cell = f[i].cell, .cls = f[i].cls, .count = f[i].count,
		};
	out->nr_fails = nf;
	return 0;
}

/*
 * The report's verify maps, before the verifier goes. Without memory
 * the report has no map; the run goes on.
 */
static void take_vmaps(struct job *j)
{
	j->vmaps = calloc(j->nr_files ? j->nr_files : 1, sizeof(*j->vmaps));
	if (!j->vmaps)
		return;
	for (unsigned i = 0; i < j->nr_files; i++) {
		if (!verifier_vmap(j->verifier, i))
			continue;
		if (take_vmap(&j->vmaps[j->nr_vmaps++], j, i) < 0) {
			result_vmaps_free(j->vmaps, j->nr_vmaps);
			j->vmaps = NULL;
			j->nr_vmaps = 0;
			return;
		}
	}
}

void jobverify_finish(struct job *j)
{
	int r;

	if (!j->verifier)
		return;
	if (job_gate_stopped(j->gate))	/* how much was there to verify */
		j->vcheck.units_expected = verifier_units_expected(j->verifier);
	/* verify_only: the workload's writes, done dry, counted as fio does. */
	j->stats.dir[DDIR_WRITE].ios += j->dry_write_ios;
	j->stats.dir[DDIR_WRITE].bytes += j->dry_write_bytes;
	j->dry_write_ios = j->dry_write_bytes = 0;
	r = verifier_state_save(j->verifier, true);
	if (r < 0 && j->error) {
		fprintf(stderr, "verio: job '%s': cannot save verify state '%s': %s\n",
			j->o.name, verifier_state_path(j->verifier), strerror(-r));
	} else if (r < 0) {
		/* A later verify would judge by an older state, or none: exit 3
		 * (the message is printed with the job's error). */
		j->error = -r;
		snprintf(j->errmsg, sizeof(j->errmsg), "cannot save verify state '%s': %s",
			 verifier_state_path(j->verifier), strerror(-r));
	}
	take_vmaps(j);
	vworker_free(j->vworker);
	verifier_free(j->verifier);
	j->vworker = NULL;
	j->verifier = NULL;
}

/* A file of a job whose verifier takes part in verify_overlap. */
static bool overlap_file(const struct job *j)
{
	return j->verifier && verifier_overlapping(j->verifier);
}

/* The verify unit of a job's verifier. */
static uint32_t unit_of(const struct job *j)
{
	uint64_t seed;
	uint32_t sector;

	return verifier_hist_info(j->verifier, &seed, &sector);
}

/*
 * One table for every region of target t (jobs[i].files[fi] first) that
 * verify_overlap jobs share: from the lowest region start to the highest
 * end.  Every region must start a whole number of units from the others,
 * with one unit length.  0, 2 or 3.
 */
static int share_target(struct job *jobs, size_t n, size_t i, unsigned fi)
{
	const struct vfile *f0 = &jobs[i].files[fi];
	uint32_t U = unit_of(&jobs[i]);
	uint64_t lo = f0->io_offset, hi = f0->io_offset + f0->io_size;
	struct vovl *t;

	for (size_t k = i; k < n; k++)
		for (unsigned g = 0; overlap_file(&jobs[k]) && g < jobs[k].nr_files; g++) {
			const struct vfile *f = &jobs[k].files[g];

			if (!target_same(f->name, f0->name))
				continue;
			if (jobs[k].o.verify_only != jobs[i].o.verify_only) {
				job_err(&jobs[k], "verify_overlap: '%s' is written by one job and "
					"read back with verify_only by another in the same run: "
					"run the verify_only jobs after the writing run", f->name);
				return 2;
			}
			if (unit_of(&jobs[k]) != U || (f->io_offset > lo ? f->io_offset - lo :
						       lo - f->io_offset) % U) {
				job_err(&jobs[k], "verify_overlap: its region of '%s' (offset %"
					PRIu64 ", verify unit %u) does not line up with that of job "
					"'%s' (offset %" PRIu64 ", verify unit %u): jobs sharing a "
					"file need one verify unit (bs or verify_interval) and "
					"offsets a whole number of units apart",
					f->name, f->io_offset, unit_of(&jobs[k]), jobs[i].o.name,
					f0->io_offset, U);
				return 2;
			}
			lo = MIN_OF(lo, f->io_offset);
			hi = MAX_OF(hi, f->io_offset + f->io_size);
		}
	t = vovl_new((hi - lo + U - 1) / U);
	if (!t) {
		job_err(&jobs[i], "verify_overlap: no memory for the %" PRIu64 " units of '%s'",
			(hi - lo + U - 1) / U, f0->name);
		return 3;
	}
	for (size_t k = i; k < n; k++)
		for (unsigned g = 0; overlap_file(&jobs[k]) && g < jobs[k].nr_files; g++)
			if (target_same(jobs[k].files[g].name, f0->name))
				(void)verifier_overlap_share(jobs[k].verifier, g, t, lo);
	vovl_put(t);
	return 0;
}

/* Has an earlier job (or file) of the run shared target name already? */
static bool shared_before(const struct job *jobs, size_t i, unsigned fi)
{
	for (size_t k = 0; k <= i; k++)
		for (unsigned g = 0; overlap_file(&jobs[k]) && g < jobs[k].nr_files; g++) {
			if (k == i && g == fi)
				return false;
			if (target_same(jobs[k].files[g].name, jobs[i].files[fi].name))
				return true;
		}
	return false;
}

/* The clone of jobs[i]'s job with jobnum n in the run, or NULL. */
static struct job *clone_of(struct job *jobs, size_t n, size_t i, unsigned num)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(jobs[k].o.name, jobs[i].o.name) && jobs[k].jobnum == num &&
		    overlap_file(&jobs[k]))
			return &jobs[k];
	return NULL;
}

/*
 * verify_only of verify_overlap jobs: the overlap journals of every clone
 * the writing run had (jobnum 0, 1, ... while one exists, however many
 * clones this run has) into the tables; each clone of this run marks the
 * units of its own journal for its verify pass.  0, 2 or 3.
 */
static int load_journals(struct job *jobs, size_t n, size_t i)
{
	uint64_t seed = 0, run_id = 0;
	char path[4096], why[1024];
	unsigned num = 0;

	for (;; num++) {
		struct job *c = clone_of(jobs, n, i, num);
		int r;

		if (vstate_path(path, sizeof(path), jobs[i].aux_path, jobs[i].o.name, num))
			return 2;
		r = verifier_overlap_load(c ? c->verifier : jobs[i].verifier, path, c != NULL,
					  &seed, &run_id, why, sizeof(why));
		if (r == -ENOENT && num)
			break;
		if (r == -ENOENT) {
			job_err(&jobs[i], "verify_overlap: no overlap journal at '%s%s' (write "
				"with verify_overlap=1 verify_journal=1 first)", path, OVJ_SUFFIX);
			return 2;
		}
		if (r < 0) {
			job_err(&jobs[i], "verify_overlap: %s", why[0] ? why : strerror(-r));
			return r == -ENOMEM || r == -EIO ? 3 : 2;
		}
	}
	for (size_t k = 0; k < n; k++)
		if (!strcmp(jobs[k].o.name, jobs[i].o.name) && overlap_file(&jobs[k]))
			verifier_overlap_adopt(jobs[k].verifier, seed, run_id);
	return 0;
}

int jobverify_share_overlap(struct job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (unsigned fi = 0; overlap_file(&jobs[i]) && fi < jobs[i].nr_files; fi++) {
			int r;

			if (shared_before(jobs, i, fi))
				continue;
			r = share_target(jobs, n, i, fi);
			if (r)
				return r;
		}
	for (size_t i = 0; i < n; i++) {
		int r;

		if (!overlap_file(&jobs[i]) || !jobs[i].o.verify_only || jobs[i].jobnum ||
		    clone_of(jobs, n, i, 0) != &jobs[i])
			continue;
		r = load_journals(jobs, n, i);
		if (r)
			return r;
	}
	return 0;
}

uint64_t jobverify_overlap_seed(const struct job *jobs, size_t i)
{
	const struct job *j = &jobs[i];

	for (size_t k = 0; j->o.verify_overlap && k < i; k++) {
		if (!jobs[k].o.verify_overlap)
			continue;
		for (unsigned a = 0; a < jobs[k].nr_files; a++)
			for (unsigned b = 0; b < j->nr_files; b++)
				if (target_same(jobs[k].files[a].name, j->files[b].name))
					return jobs[k].data_seed;
	}
	return j->data_seed;
}
