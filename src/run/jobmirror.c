/*
 * jobmirror.c - mirror=: the reference files of a job, and what is said
 * when a read differs from its reference (run/jobmirror.h).
 */
#include "compat.h"

#include <ctype.h>
#include <limits.h>
#include <sys/stat.h>

#include "io_u.h"
#include "mirror.h"
#include "parse.h"
#include "report/stats.h"	/* struct mirror_stats, mirror_class_key */
#include "run/job.h"
#include "run/jobmirror.h"
#include "run/target.h"
#include "verify/reread.h"
#include "verify/verifier.h"

/* Mismatching ranges are whole sectors of this size (as blkverify's I/O). */
#define MIRROR_SECTOR 512

/* Stat reference m of target f and refuse what the job may not use. 0, 2 or 3. */
static int check_ref(struct job *j, struct vfile *m, const struct vfile *f)
{
	char err[PATH_MAX + 256];
	int r;

	for (unsigned i = 0; i < j->nr_files; i++) {
		if (target_same(m->name, j->files[i].name)) {
			job_err(j, "mirror '%s' is a target of the job: it would be compared "
				"with itself", m->name);
			return 2;
		}
	}
	r = target_stat(m, err, sizeof(err));
	if (r == -EINVAL)
		job_err(j, "mirror: %s", err);
	else if (r < 0)
		job_err(j, "mirror: cannot stat '%s': %s", m->name, strerror(-r));
	if (r < 0)
		return r == -EINVAL ? 2 : 3;
	if (m->flags & VFILE_F_CHARDEV) {
		job_err(j, "mirror '%s' is a character device: a reference must keep what is "
			"written", m->name);
		return 2;
	}
	if (m->flags & VFILE_F_MISSING) {
		const char *why = !j->mconf.allow_file_create ? "allow_file_create=0"
				  : !strncmp(m->name, "/dev/", 5) ? "verio never creates files under /dev"
				  : !j->mconf.lay_out && !j->mconf.writes && !j->starts_later
				  ? "the job never creates files" : NULL;

		if (why) {
			job_err(j, "mirror '%s' does not exist (%s)", m->name, why);
			return 2;
		}
	}
	if ((m->flags & VFILE_F_BLOCKDEV) && m->real_size < f->io_offset + f->io_size) {
		job_err(j, "mirror '%s' (%" PRIu64 " bytes) is smaller than the region of '%s' "
			"it mirrors (up to byte %" PRIu64 ")", m->name, m->real_size, f->name,
			f->io_offset + f->io_size);
		return 2;
	}
	if (j->mconf.writes && (m->flags & VFILE_F_BLOCKDEV)) {
		r = target_check_safe(m->name, &j->mconf, err, sizeof(err));
		if (r < 0 && err[0])
			job_err(j, "mirror: %s", err);
		if (r < 0)
			return r == -EBUSY ? 2 : 3;
	}
	return 0;
}

int jobmirror_prepare(struct job *j)
{
	char **items = NULL;
	size_t nr = 0;
	int code = 0;

	if (!j->o.mirror)
		return 0;
	if (!*j->o.mirror) {
		job_err(j, "mirror: no reference file named");
		return 2;
	}
	if (!mirror_engine_for(j->ops)) {
		job_err(j, "mirror: ioengine '%s' does no I/O: there is nothing to compare",
			j->ops->name);
		return 2;
	}
	if (split_list(j->o.mirror, ':', true, &items, &nr) < 0) {
		job_err(j, "out of memory");
		return 3;
	}
	if (nr != j->nr_files) {
		job_err(j, "mirror names %zu reference file%s for %u target file%s: give one "
			"per target, ':'-separated", nr, nr == 1 ? "" : "s", j->nr_files,
			j->nr_files == 1 ? "" : "s");
		free_list(items, nr);
		return 2;
	}
	j->stats.mirror.enabled = true;
	j->mconf = j->tconf;
	j->mconf.unlink = false;	/* the reference is kept, always */
	j->mfiles = calloc(nr, sizeof(*j->mfiles));
	for (size_t i = 0; j->mfiles && i < nr; i++) {
		j->mfiles[i].name = items[i];
		items[i] = NULL;
		j->mfiles[i].fd = -1;
		j->mfiles[i].lbs = 512;
		j->mfiles[i].io_offset = j->files[i].io_offset;
		j->mfiles[i].io_size = j->files[i].io_size;
	}
	free_list(items, nr);
	if (!j->mfiles) {
		job_err(j, "out of memory");
		return 3;
	}
	for (unsigned i = 0; !code && i < j->nr_files; i++)
		code = check_ref(j, &j->mfiles[i], &j->files[i]);
	return code;
}

int jobmirror_setup(struct job *j)
{
	if (!j->mfiles)
		return 0;
	for (unsigned i = 0; i < j->nr_files; i++) {
		char err[sizeof(j->errmsg) - 16];
		int r = target_open(&j->mfiles[i], &j->mconf, err, sizeof(err));

		if (r < 0) {
			j->error = -r;
			snprintf(j->errmsg, sizeof(j->errmsg), "mirror: %s", err);
			return r;
		}
	}
	j->ectx.mirror_child = j->ops;
	j->ectx.mirror_refs = j->mfiles;
	j->ops = mirror_engine_for(j->ops);
	return 0;
}

void jobmirror_close(struct job *j, bool do_fsync)
{
	for (unsigned i = 0; j->mfiles && i < j->nr_files; i++) {
		int r = target_close(&j->mfiles[i], &j->mconf, do_fsync);

		if (r < 0 && !j->error) {
			j->error = -r;
			snprintf(j->errmsg, sizeof(j->errmsg), "fsync of mirror '%s' failed: %s",
				 j->mfiles[i].name, strerror(-r));
		}
	}
}

void jobmirror_release(struct job *j)
{
	for (unsigned i = 0; j->mfiles && i < j->nr_files; i++)
		free(j->mfiles[i].name);
	free(j->mfiles);
	j->mfiles = NULL;
}

const char *jobmirror_ref_name(const struct job *j, const struct io_u *u)
{
	return j->mfiles[u->file - j->files].name;
}

/* <dir>/<target base name>.mirror.<offset>: .received (target), .expected (reference). */
static void dump_sides(const struct job *j, const struct io_u *u, const uint8_t *ref,
		       char *prefix, size_t cap)
{
	const char *base = strrchr(u->file->name, '/');
	char clean[256], path[600];
	size_t n = 0;

	base = base ? base + 1 : u->file->name;
	for (; *base && n + 1 < sizeof(clean); base++)
		clean[n++] = (isalnum((unsigned char)*base) || strchr("._-", *base)) ? *base : '_';
	clean[n] = '\0';
	snprintf(prefix, cap, "%s/%s.mirror.%" PRIu64, j->aux_path && *j->aux_path ? j->aux_path
		 : ".", n ? clean : "target", u->offset);
	for (int side = 0; side < 2; side++) {
		FILE *fp;

		snprintf(path, sizeof(path), "%s.%s", prefix, side ? "expected" : "received");
		fp = fopen(path, "wb");
		if (!fp || fwrite(side ? ref : u->buf, 1, u->done, fp) != u->done)
			job_err(j, "mirror: cannot write dump '%s': %s", path, strerror(errno));
		if (fp)
			fclose(fp);
	}
}

/*
 * The class of range [off, off + len) of target f: the class of the
 * verifier's failing unit over it, else target_ok when the verifier
 * passed the read, else the first class the check counted (before: the
 * counts before it).
 */
static uint8_t range_class(const struct job *j, const struct io_u *u, uint64_t off, uint64_t len,
			   bool checked, bool ok, const uint64_t *before)
{
	const struct verify_stats *v = &j->stats.verify;

	if (!checked)
		return MIRROR_CLS_NONE;
	for (unsigned i = 0; i < v->nr_inc; i++) {
		const struct verify_incident *inc = &v->inc[i];

		if (inc->file && !strcmp(inc->file, u->file->name) && inc->offset < off + len &&
		    off < inc->offset + inc->len)
			return inc->cls;
	}
	if (ok)
		return MIRROR_CLS_TARGET_OK;
	for (unsigned c = 0; c < VCLASS_NR; c++)
		if (v->by_class[c] > before[c])
			return (uint8_t)c;
	return MIRROR_CLS_NONE;
}

/*
 * Reread triage of a mismatching read (verify/reread.h): both sides of
 * it read again with the cache bypassed and plain pread, never through
 * the job's engine.  tr/rr: the rereads of the target and the reference
 * (u->done bytes each), or err (-errno) when either failed.
 */
struct mirror_reread {
	bool on;			/* verify_reread */
	int err;
	uint8_t *tr, *rr;
};

static void reread_sides(const struct job *j, const struct io_u *u, struct mirror_reread *x)
{
	x->on = j->o.verify_reread;
	if (!x->on)
		return;
	x->tr = vreread_alloc(u->done);
	x->rr = vreread_alloc(u->done);
	x->err = !x->tr || !x->rr ? -ENOMEM
		 : vreread_read(u->file->name, u->offset, u->done, x->tr, NULL);
	if (!x->err)
		x->err = vreread_read(jobmirror_ref_name(j, u), u->offset, u->done, x->rr, NULL);
}

/* The verdict of range [s, s + n) of u (offsets in the read). */
static void judge_range(const struct io_u *u, const uint8_t *ref, uint64_t s, uint64_t n,
			const struct mirror_reread *x, struct mirror_range *r)
{
	if (!x->on) {
		r->reread = VREREAD_OFF;
		return;
	}
	if (x->err) {
		r->reread = VREREAD_ERROR;
		r->reread_errno = -x->err;
		return;
	}
	r->reread_side = (uint8_t)((memcmp(x->tr + s, u->buf + s, n) ? MIRROR_SIDE_TARGET : 0) |
				   (memcmp(x->rr + s, ref + s, n) ? MIRROR_SIDE_REFERENCE : 0));
	if (!memcmp(x->tr + s, x->rr + s, n))
		r->reread = VREREAD_TRANSIENT;
	else
		r->reread = r->reread_side ? VREREAD_CHANGED : VREREAD_PERSISTENT;
}

/* Record (and print) each run of differing sectors of u, from byte first. */
static void note_ranges(struct job *j, const struct io_u *u, const uint8_t *ref, uint64_t first,
			bool checked, bool ok, const uint64_t *before, const char *dump,
			const struct mirror_reread *x)
{
	char why[160];
	struct mirror_stats *m = &j->stats.mirror;
	uint64_t s = first / MIRROR_SECTOR * MIRROR_SECTOR;

	while (s < u->done) {
		uint64_t e = s, n, diff = mirror_first_diff(u->buf + s, ref + s,
							   MIN_OF(MIRROR_SECTOR, u->done - s));
		uint8_t cls;
		struct mirror_range rr = { 0 };
		const char *said;

		if (diff == MIN_OF(MIRROR_SECTOR, u->done - s)) {
			s += MIRROR_SECTOR;
			continue;
		}
		while (e < u->done && memcmp(u->buf + e, ref + e, MIN_OF(MIRROR_SECTOR, u->done - e)))
			e += MIRROR_SECTOR;
		e = MIN_OF(e, u->done);
		n = e - s;
		cls = range_class(j, u, u->offset + s, n, checked, ok, before);
		judge_range(u, ref, s, n, x, &rr);
		said = mirror_reread_text(&rr, why, sizeof(why));
		m->rereads[rr.reread]++;
		if (!m->ranges)
			m->first_offset = u->offset + s + diff;
		m->ranges++;
		m->range_bytes += n;
		if (m->nr < MIRROR_RANGES_MAX) {
			struct mirror_range *r = &m->r[m->nr++];

			*r = (struct mirror_range){
				.file = u->file->name, .ref = jobmirror_ref_name(j, u),
				.offset = u->offset + s, .len = n, .req_offset = u->offset,
				.req_len = u->len, .first_diff = u->offset + s + diff, .cls = cls,
				.reread = rr.reread, .reread_side = rr.reread_side,
				.reread_errno = rr.reread_errno,
			};
			snprintf(r->dump, sizeof(r->dump), "%s", dump);
		}
		fprintf(stderr, "verio: job '%s': mirror: '%s' offset %" PRIu64 ", length %" PRIu64
			" differs from reference '%s' (first byte at %" PRIu64 "): %s%s%s%s\n",
			j->o.name, u->file->name, u->offset + s, n, jobmirror_ref_name(j, u),
			u->offset + s + diff, mirror_class_key(cls), *said ? " (" : "", said,
			*said ? ")" : "");
		s = e;
	}
}

bool jobmirror_mismatch(struct job *j, struct io_u *u)
{
	const uint8_t *ref = mirror_ref_buf(&j->ectx, u);
	struct mirror_stats *m = &j->stats.mirror;
	uint64_t first = mirror_first_diff(u->buf, ref, u->done);
	uint64_t before[VCLASS_NR];
	bool checked = false, ok = true;
	struct mirror_reread x = { 0 };
	char dump[512] = "";

	/* Stopping at the first: the reads still in flight say no more. */
	if (!j->o.mirror_continue && m->ranges)
		return false;
	/* QEMU's blkverify line, as it prints it, so tools and eyes can compare. */
	fprintf(stderr, "blkverify: read offset=%" PRIu64 " bytes=%" PRIu64
		" contents mismatch at offset %" PRIu64 "\n", u->offset, u->len, u->offset + first);
	if (j->verifier && verifier_checks_reads(j->verifier) && !j->stats.verify_not_checked) {
		memcpy(before, j->stats.verify.by_class, sizeof(before));
		ok = verifier_check(j->verifier, j->vworker, u);
		checked = true;
	}
	if (m->nr < MIRROR_RANGES_MAX)
		dump_sides(j, u, ref, dump, sizeof(dump));
	m->mismatched_reads++;
	reread_sides(j, u, &x);
	note_ranges(j, u, ref, first, checked, ok, before, dump, &x);
	free(x.tr);
	free(x.rr);
	if (!j->o.mirror_continue)
		atomic_store(&j->verify_stop, true);
	return checked;
}
