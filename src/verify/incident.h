/*
 * incident.h - verification results as data: one failing unit (struct
 * verify_incident), the counts of a checker (struct verify_stats), their
 * JSON keys, the one-line text report, and the verify_dump files
 * (<prefix>.received, .expected and .json) with a reader for the .json.
 *
 * Everything here is the slow path: it runs only when a unit failed (or
 * once, when results are merged or reported).
 */
#ifndef VERIO_VERIFY_INCIDENT_H
#define VERIO_VERIFY_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "verify/format.h"
#include "verify/reread.h"

struct json_writer;

/* The incidents a verify_stats lists: the lowest (file, offset) ones. */
#define VERIFY_INCIDENTS_MAX 16

/*
 * One failing unit, as reported in text, JSON and the dump .json: every
 * format prints these fields and nothing else, filled once from the
 * unit's diagnosis (struct vdiag) by the verifier.
 */
struct verify_incident {
	const char *file;
	uint64_t offset, len;		/* the unit */
	uint64_t req_offset, req_len;	/* the I/O that read it */
	uint8_t cls;			/* enum vclass */
	int check;			/* vunit_check() result */
	uint64_t exp_gen;		/* 0: not known */
	bool found_known;		/* found_offset/found_gen are set */
	uint64_t found_gen, found_offset;
	uint64_t bad_bytes, bad_bits;	/* over every sector, as the sector lines */
	uint64_t first_bad_bit;		/* in the unit; VDIAG_NOBIT: none */
	uint32_t first_bad_sector;	/* VDIAG_NONE: none */
	uint64_t first_bad_offset;	/* absolute offset of that sector */
	uint32_t torn_sector;		/* VCLASS_TORN only */
	uint64_t torn_offset;		/* absolute byte offset of the tear */
	uint64_t torn_gen_before;	/* generation before the tear */
	/* The writer its header names (writer_known: the header decodes). */
	bool writer_known;
	uint64_t writer_run, writer_time_ns;
	uint32_t writer_job, writer_clone;
	/* The writer expected (exp_writer_known): this job, this run. */
	bool exp_writer_known;
	uint64_t exp_run;
	uint32_t exp_job, exp_clone;
	/* Stampless or fio layout: first_bad_sector is a verify_interval
	 * piece, and there are no sector stamps (docs/format.md). */
	bool coarse;
	char note[96];			/* e.g. another fio version's header, or "" */
	char algo[16];
	char exp_sum[2 * VHDR_MAX_DIGEST + 1];	/* hex, "" if none */
	char got_sum[2 * VHDR_MAX_DIGEST + 1];
	char dump[512];			/* dump path prefix, "" if none */
	/* Reread triage (verify/reread.h): the verdict, VREREAD_NONE when
	 * the unit was not reread; the reread's class (VREREAD_CHANGED) and
	 * errno (VREREAD_ERROR, positive). */
	uint8_t reread;
	uint8_t reread_cls;
	int reread_errno;
	/* verify_overlap: the writes that would have been legal ("" if none). */
	char legal[160];
	/* When it was found, in ms since the time 0 its verifier was given
	 * (verifier_set_epoch(): the job's logs'); time_known: it had one. */
	bool time_known;
	uint64_t time_ms;
	/*
	 * verio-mpi (docs/mpi.md), set after the run: the host whose rank
	 * found it, and the rank and host of the write its header names
	 * (writer_rank_known: its run id is one of the run's ranks'); "" and
	 * false otherwise.
	 */
	char host[64];
	bool writer_rank_known;
	uint32_t writer_rank;
	char writer_host[64];
};

struct verify_stats {
	uint64_t units;			/* units checked */
	uint64_t bytes;			/* bytes checked */
	uint64_t unwritten;		/* units read that were never written */
	uint64_t unjudged;		/* newer than a checkpointed map: written
					 * after the last checkpoint, not judged */
	uint64_t trimmed;		/* of units, trimmed ones (trim_verify_zero=1:
					 * zeroes checked; 0: anything accepted) */
	uint64_t failures;		/* units that failed */
	uint64_t printed;		/* of them, printed in full on stderr */
	uint64_t by_class[VCLASS_NR];
	/* A journal replayed at load (verify_journal): what it left open. */
	uint64_t journal_replays;	/* jobs that replayed one */
	uint64_t journal_records;	/* records applied */
	uint64_t journal_inflight;	/* units whose write was in flight */
	/* In-flight units checked: holding the old, the new, or a legal mix. */
	uint64_t inflight_old, inflight_new, inflight_torn;
	/* verify_overlap: units judged legal as the write completed last
	 * before the read, an older one in flight beside it, a newer one in
	 * flight during the read, what the unit held before any write, or a
	 * mix of legal writes' sectors; units mixing writes illegally. */
	uint64_t ovl_current, ovl_older, ovl_newer, ovl_before, ovl_mixed;
	uint64_t ovl_mixed_illegal;
	uint64_t rereads[VREREAD_NR];	/* failing units by reread verdict */
	unsigned nr_inc;
	struct verify_incident inc[VERIFY_INCIDENTS_MAX];
};

/*
 * verify_stats_keep() - keep inc among the VERIFY_INCIDENTS_MAX lowest
 * (file, offset) incidents of st, so that the list never depends on how
 * the checking was split over threads.  Counts nothing.  Returns the slot
 * it went to, or NULL when it was not kept.
 */
struct verify_incident *verify_stats_keep(struct verify_stats *st,
					  const struct verify_incident *inc);

/* verify_stats_merge() - add src into dst; dst's incidents end up sorted. */
void verify_stats_merge(struct verify_stats *dst, const struct verify_stats *src);

/* verify_class_key() - a class as a JSON key or value: "bit_flips", not
 * "bit flips"; "unknown" out of range. */
const char *verify_class_key(unsigned cls);

/* verify_class_of_key() - the class of a key, or -EINVAL. */
int verify_class_of_key(const char *key);

/*
 * incident_fill() - the fields of inc that come from the diagnosis d of
 * the unit (class, generations, offsets, bits, writer).  The one place
 * they are set: text, JSON and dumps all print what it filled.
 */
void incident_fill(struct verify_incident *inc, const struct vdiag *d,
		   uint32_t sector_size);

/*
 * incident_reread_text() - the reread verdict of inc in words, as the
 * text report ends its first line: "persistent: the reread with the
 * cache bypassed shows the same data"; "" when there is none (NONE, OFF).
 */
const char *incident_reread_text(const struct verify_incident *inc, char *buf, size_t cap);

/*
 * incident_print() - the report of a failing unit on out: one line naming
 * the unit, the I/O, the class and its details (who: the job name, as
 * "verio: job 'WHO': ..."), then one line per bad sector (at most 8) from
 * d when it is not NULL.  unit_len and sector_size are the reader's.
 */
void incident_print(FILE *out, const char *who, const struct verify_incident *inc,
		    const struct vdiag *d, uint32_t unit_len, uint32_t sector_size);

/*
 * incident_json() - inc as a JSON object (key as for json_obj_begin()),
 * with the keys of the JSON report (docs/format.md, "Incidents"): file,
 * offset, length, request_offset, request_length, class,
 * expected_generation, found_offset and found_generation (when known),
 * bad_bytes, bad_bits, first_bad_bit, first_bad_sector and
 * first_bad_sector_offset (when there is one), torn_sector, torn_offset
 * and torn_generation_before (torn units), writer_run_id, writer_job,
 * writer_clone, writer_time_ns (when the header decodes),
 * expected_run_id, expected_job, expected_clone (when known), algorithm,
 * expected, received, dump_received and dump_expected (when dumped),
 * reread (when reread or off: vreread_key()), reread_class (changed) and
 * reread_errno, reread_error (error), time_ms (when time_known).
 */
void incident_json(struct json_writer *w, const char *key,
		   const struct verify_incident *inc);

/*
 * incident_dump() - verify_dump: set inc->dump to "<dir>/<name>.<offset>"
 * (dir NULL or "" = "."; name: the base name of inc->file with bytes
 * other than [A-Za-z0-9._-] as '_', "target" if empty) and write
 * <prefix>.received (received, len bytes), <prefix>.expected (expected)
 * and <prefix>.json (incident_json() of inc).  Every file is attempted.
 * Returns 0 or the -errno of the first failure.
 */
int incident_dump(struct verify_incident *inc, const char *dir,
		  const uint8_t *received, const uint8_t *expected, size_t len);

/*
 * incident_read_json() - read a .json dump back into out: every field
 * incident_json() writes (a missing first_bad_sector or torn_sector reads
 * as VDIAG_NONE, a missing first_bad_bit as VDIAG_NOBIT; found_*, writer_*
 * and expected_run_id/job/clone set found_known, writer_known and
 * exp_writer_known; "dump_received" gives out->dump; "reread" and
 * "reread_class" an unknown value is -EBADMSG).  The file name goes to namebuf (cap
 * bytes), which out->file then points to.  Unknown keys are skipped.
 * Returns 0, the -errno of open/read, -EBADMSG (not JSON of that shape,
 * an unknown class, a field too long for out, a missing file, offset,
 * length or class, or a file of 64 KiB or more), -ENOMEM, or
 * -ENAMETOOLONG (the name does not fit namebuf).
 */
int incident_read_json(const char *path, struct verify_incident *out,
		       char *namebuf, size_t cap);

#endif /* VERIO_VERIFY_INCIDENT_H */
