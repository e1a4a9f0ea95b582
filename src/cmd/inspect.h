/*
 * inspect.h - what the files of `verio inspect` share (src/cmd/inspect*.c):
 *
 *   inspect.c         the command line, dispatch, the document around it
 *   inspect-unit.c    one unit judged (vunit_diagnose) and shown: header,
 *                     sectors, unit verdict, side-by-side hexdump; text or JSON
 *   inspect-dump.c    dump files (<prefix>.received [.expected], .json)
 *   inspect-target.c  a range of a target read now, judged by a saved state
 *   inspect-bundle.c  a repro bundle (.tar.gz, libarchive)
 *
 * Exit status: 0 every unit consistent, 1 something is not, 2 bad
 * arguments or a file that is not what it should be, 3 an I/O error
 * reading the target.
 */
#ifndef VERIO_CMD_INSPECT_H
#define VERIO_CMD_INSPECT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "verify/format.h"

struct vstate;
struct vhist;
struct verify_incident;

/* Differing hexdump rows shown per unit unless --rows / --all say. */
#define INSP_ROWS_DEFAULT 32u

/* Scratch a unit's judgement needs, sized for the largest unit. */
struct insp_scratch {
	struct vsector *sec;		/* VUNIT_MAX_SECTORS entries */
	uint8_t *sector;		/* 4096 bytes */
};

/* Histories one inspection reads (--history given several times). */
#define INSP_HIST_MAX 8u

/* One invocation: options, the output, the totals. */
struct insp {
	bool json;
	uint64_t rows;			/* rows shown per unit; UINT64_MAX: all */
	struct json_writer jw;
	uint64_t units, bad, unwritten;	/* totals over everything shown */
	struct vstate *state;		/* --state (or the bundle's), or NULL */
	const char *state_path;
	/* --history, in the order given (successive runs: oldest first), or
	 * the bundle's */
	struct vhist *hist[INSP_HIST_MAX];
	const char *hist_path[INSP_HIST_MAX];
	unsigned nhist;
	struct insp_scratch scr;
	char strip[4200];		/* a bundle's temporary directory + "/" */
	bool in_units;			/* JSON: the "units" array is open */
};

/* The JSON "units" array: opened before the first unit, closed once. */
void insp_units_begin(struct insp *ix);
void insp_units_end(struct insp *ix);

/* One unit to judge and show. */
struct insp_unit {
	const char *file;		/* the target (a dump's .json names it) */
	const char *dump;		/* the dump file, or NULL */
	uint64_t offset;		/* absolute offset of the unit */
	const uint8_t *rcv;		/* the unit as read */
	uint8_t *exp;			/* expected bytes (geom.unit_len) */
	bool exp_given;			/* exp holds an .expected file's bytes */
	const char *exp_path;		/* that file */
	struct vunit_geom geom;
	struct vunit_expect e;		/* what is expected */
	const char *source;		/* where e came from, for the text */
	bool writer_hint;		/* the expected write's job and clone, for */
	uint32_t hint_job, hint_clone;	/* regenerating it (e.writer_known or not) */
	bool unwritten;			/* the state says never written */
	/* From the dump's .json, when there is one. */
	const struct verify_incident *recorded;
	const char *reread;		/* "persistent", ..., or NULL */
	/* Results. */
	int check;			/* vunit_check() */
	bool exp_ok;			/* exp holds something to compare with */
	struct vdiag d;
};

int insp_scratch_init(struct insp_scratch *s);
void insp_scratch_release(struct insp_scratch *s);

/*
 * insp_judge() - check and diagnose u (u->d, u->check), and fill u->exp
 * with the regenerated expected unit when no file gave it (u->exp_ok:
 * there is something to compare with).  Counts it in ix.  Returns 0, or
 * -ENOTSUP when the unit's checksum is not in this build (printed).
 */
int insp_judge(struct insp *ix, struct insp_unit *u);

/* insp_show() - u as text (stdout) or as a JSON object (an array element). */
void insp_show(struct insp *ix, const struct insp_unit *u);

/* insp_name() - path as shown: without a bundle's temporary directory. */
const char *insp_name(const struct insp *ix, const char *path);

/* The ISO-8601 time with ns of a header's write time, or "unknown". */
void insp_time(char *buf, size_t cap, uint64_t ns);

/* "0x%016" PRIx64 as a JSON string. */
void insp_json_hex(struct json_writer *w, const char *key, uint64_t v);

/* The name of an on-disk checksum id: "crc32c", "none", "unknown". */
const char *insp_algo_name(unsigned id);

/* The modes; each returns the exit status. */
int insp_dumps(struct insp *ix, char **paths, int n);
int insp_dump_one(struct insp *ix, const char *rcv_path, const char *exp_path);
int insp_target(struct insp *ix, const char *path, uint64_t off, uint64_t len,
		uint32_t unit_len);
int insp_bundle(struct insp *ix, const char *path);

/* insp_is_bundle() - whether path looks like a bundle (gzip or tar magic). */
bool insp_is_bundle(const char *path);

/*
 * insp_history_open() - one more --history into ix (2 and a message when
 * it is none, or one too many); insp_history_close() - every one.  insp_history_unit() - the
 * writes of the history around u, when u is not consistent (text lines
 * of its block, or the "history" member of its JSON object).
 */
int insp_history_open(struct insp *ix, const char *path);
void insp_history_close(struct insp *ix);
void insp_history_unit(struct insp *ix, const struct insp_unit *u);

/* insp_load_state() - --state into ix (2 and a message when it is none). */
int insp_load_state(struct insp *ix, const char *path);

#endif /* VERIO_CMD_INSPECT_H */
