/*
 * cluster.c - verio-mpi's run of one job file on every rank
 * (cmd/cluster.h, docs/mpi.md).
 *
 * Every rank parses the job file with ${RANK}, ${NRANKS} and ${HOST} set
 * to its own, and the ranks agree that it is good before any I/O. The
 * jobs that would read back what they wrote run in two passes, with the
 * ranks in lockstep between them: pass 1 runs every job with its verify
 * phase held back and its verify state saved; once every rank has
 * finished writing, pass 2 verifies, each rank the writes of rank
 * (rank + shift) mod N: the job file as that rank parsed it, its part of
 * each region, its verify state (sent over, shift > 0). A stonewall is a
 * barrier of all ranks; a rank whose job fails tells the others to stop.
 * Each rank's results are its two passes folded together; rank 0
 * gathers every rank's report and statistics and prints one report:
 * each host's section, then the sums over the ranks. The exit status
 * is agreed, the same on every rank.
 */
#include "compat.h"

#include <sys/random.h>
#include <sys/stat.h>

#include "cmd/cluster.h"
#include "cmd/run-args.h"
#include "cmd/run-out.h"
#include "config/jobfile.h"
#include "config/options.h"
#include "config/runconf.h"
#include "json.h"
#include "report/build.h"
#include "report/formats.h"
#include "report/ranks.h"
#include "report/report.h"
#include "report/result.h"
#include "report/stats.h"
#include "run/diskutil.h"
#include "run/run.h"
#include "timeutil.h"
#include "verify/state.h"

/* The low bits of every rank's run id are its rank (docs/mpi.md). */
#define RANKS_MAX RUN_RANKS_MAX

int cluster_status(const uint32_t *codes, unsigned nranks)
{
	static const int order[] = { 1, 3, 2, 4 };

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (unsigned r = 0; r < nranks; r++)
			if ((int)(codes[r] & 0xff) == order[k])
				return order[k];
	for (unsigned r = 0; r < nranks; r++)
		if (codes[r] & 0xff)
			return 3;	/* a status no rank should give */
	return 0;
}

/* One pass of jobs on this rank, and what its hooks learnt. */
struct pass {
	struct cluster *c;
	unsigned tag;			/* its stop messages' */
	struct run_output *ro;		/* rank 0's output, NULL: none */
	uint32_t *all;			/* every rank's word, scratch (nranks) */
	bool started;			/* the start hook ran */
	bool lost;			/* a wait was cut by a signal: talk no more */
	bool sent;			/* this rank told the others to stop */
	unsigned received;		/* stop messages taken */
	char *why;			/* the interruption's reason: the results
					 * point at it, so it outlives the pass */
};

#define WHY_MAX 160

static const char *lost(struct pass *p)
{
	p->lost = true;
	return "signal while waiting for the other ranks";
}

/* The start hook: rank 0 opens the output; the ranks agree to start. */
static int pass_start(void *arg, const struct job_result *res, size_t nr)
{
	struct pass *p = arg;
	struct cluster *c = p->c;
	int code = 0;

	p->started = true;
	if (p->ro)
		code = run_output_start(p->ro, res, nr);
	if (c->ops->allgather(c, (uint32_t)code, p->all) < 0) {
		lost(p);
		return 4;
	}
	return cluster_status(p->all, c->nranks);
}

/* Before each later segment: go on only if no rank is stopping. */
static const char *pass_segment(void *arg, bool stopping)
{
	struct pass *p = arg;
	struct cluster *c = p->c;

	if (p->lost)
		return "signal while waiting for the other ranks";
	if (c->ops->allgather(c, stopping, p->all) < 0)
		return lost(p);
	for (unsigned r = 0; r < c->nranks; r++) {
		if (p->all[r] && r != c->rank) {
			snprintf(p->why, WHY_MAX, "rank %u on %s stopped", r, c->hosts[r]);
			return p->why;
		}
	}
	return NULL;
}

/* Every progress poll: a failed job stops every rank. */
static const char *pass_tick(void *arg, bool failed)
{
	struct pass *p = arg;
	struct cluster *c = p->c;
	unsigned from;

	if (failed && !p->sent) {
		c->ops->stop_send(c, p->tag);
		p->sent = true;
		fprintf(stderr, "verio-mpi: rank %u on %s: a job failed, stopping every rank\n",
			c->rank, c->hosts[c->rank]);
		return "a job of this rank failed";
	}
	if (!c->ops->stop_poll(c, p->tag, &from))
		return NULL;
	p->received++;
	snprintf(p->why, WHY_MAX, "rank %u on %s failed", from, c->hosts[from]);
	return p->why;
}

/*
 * Run cfg's jobs as one pass; then the ranks agree on how it ended
 * (p->all: every rank's status, 0x100 when it sent stops). Returns this
 * rank's status, or -EINTR.
 */
static int run_pass(struct pass *p, const struct run_config *cfg, struct disk_util_set *du,
		    struct job_result **res, size_t *nr)
{
	struct cluster *c = p->c;
	uint32_t *all = p->all;
	struct run_hooks hooks = { .start = pass_start, .segment = pass_segment,
				   .tick = pass_tick, .arg = p, .disk_util = du };
	unsigned sent = 0;
	int code;

	code = run_jobs(cfg, &hooks, res, nr);
	/* a rank that failed before its start hook still agrees to it */
	if (!p->started && !p->lost) {
		if (c->ops->allgather(c, (uint32_t)code, all) < 0)
			p->lost = true;
	}
	if (p->lost)
		return -EINTR;
	if (c->ops->allgather(c, (uint32_t)code | (p->sent ? 0x100u : 0), all) < 0)
		return -EINTR;
	for (unsigned r = 0; r < c->nranks; r++)
		if (r != c->rank && (all[r] & 0x100u))
			sent++;
	if (sent > p->received)
		c->ops->stops_recv(c, p->tag, sent - p->received);
	return code;
}

/* ---- the job file, as each rank sees it --------------------------------- */

static int set_rank_env(const struct cluster *c, unsigned rank)
{
	char v[16];

	snprintf(v, sizeof(v), "%u", rank);
	if (setenv("RANK", v, 1))
		return -errno;
	snprintf(v, sizeof(v), "%u", c->nranks);
	if (setenv("NRANKS", v, 1) || setenv("HOST", c->hosts[rank], 1))
		return -errno;
	return 0;
}

/* FNV-1a over a string (NULL and "" alike), continued from h. */
static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (h ^ 0xff) * 0x100000001b3ull;
}

/*
 * rank_split=auto: region when every rank's job names the same files
 * (one target shared), none when they differ (files of their own).
 */
static int resolve_split(struct cluster *c, struct run_config *cfg)
{
	for (size_t i = 0; i < cfg->nr_jobs; i++) {
		struct job_options *o = &cfg->jobs[i].o;
		uint64_t h = hash_str(hash_str(0xcbf29ce484222325ull, o->directory), o->filename);
		bool same;
		int r = c->ops->same(c, h, &same);

		if (r < 0)
			return r;
		if (o->rank_split == RANK_SPLIT_AUTO)
			o->rank_split = same ? RANK_SPLIT_REGION : RANK_SPLIT_NONE;
	}
	return 0;
}

/* The jobs' count, clones and stonewalls, hashed: ranks must agree. */
static uint64_t job_shape(const struct run_config *cfg)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < cfg->nr_jobs; i++) {
		const struct job_def *d = &cfg->jobs[i];
		uint64_t v = (uint64_t)d->o.numjobs << 2 | (uint64_t)d->o.stonewall << 1 |
			     (d->file_stonewall || d->o.new_group);

		h = (h ^ v) * 0x100000001b3ull;
	}
	return (h ^ cfg->nr_jobs) * 0x100000001b3ull;
}

/* Would the job read back its writes after them (a verify phase)? */
static bool has_verify_phase(const struct job_options *o)
{
	return o->verify && strcmp(o->verify, "0") && strcmp(o->verify, "null") &&
	       (o->rw & RW_F_WRITE) && o->do_verify && !o->verify_only;
}

/* mkdir, fine if it is there. */
static int make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "verio-mpi: cannot create '%s': %s\n", path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* ---- verify state sent to the rank that verifies it --------------------- */

static int append(FILE *f, const void *p, size_t n)
{
	return fwrite(p, 1, n, f) == n ? 0 : -ENOMEM;
}

/* The state files of the deferred jobs, each as [u64 length][bytes]. */
static int pack_states(const struct run_config *cfg, const bool *deferred, void **buf,
		       size_t *len)
{
	char *out = NULL, path[4096];
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	int r = 0;

	if (!f)
		return -ENOMEM;
	for (size_t i = 0; !r && i < cfg->nr_jobs; i++) {
		const struct job_options *o = &cfg->jobs[i].o;
		unsigned clones = o->numjobs ? o->numjobs : 1;

		for (unsigned k = 0; !r && deferred[i] && k < clones; k++) {
			uint64_t size = UINT64_MAX;
			void *data = NULL;
			FILE *sf;

			r = vstate_path(path, sizeof(path), cfg->aux_path, o->name, k);
			if (r < 0)
				break;
			sf = fopen(path, "rb");
			if (sf) {
				struct stat st;

				if (fstat(fileno(sf), &st) == 0 && (data = malloc(st.st_size + 1)) &&
				    fread(data, 1, st.st_size, sf) == (size_t)st.st_size)
					size = (uint64_t)st.st_size;
				fclose(sf);
			}
			r = append(f, &size, sizeof(size));
			if (!r && size != UINT64_MAX)
				r = append(f, data, size);
			free(data);
		}
	}
	if (fclose(f) && !r)
		r = -ENOMEM;
	if (r) {
		free(out);
		return r;
	}
	*buf = out;
	*len = n;
	return 0;
}

/* Write what pack_states() packed as the state files of aux_path. */
static int unpack_states(const struct run_config *cfg, const bool *deferred,
			 const char *in, size_t len)
{
	char path[4096];
	size_t at = 0;

	for (size_t i = 0; i < cfg->nr_jobs; i++) {
		const struct job_options *o = &cfg->jobs[i].o;
		unsigned clones = o->numjobs ? o->numjobs : 1;

		for (unsigned k = 0; deferred[i] && k < clones; k++) {
			uint64_t size;
			FILE *f;

			if (len - at < sizeof(size) || vstate_path(path, sizeof(path),
								   cfg->aux_path, o->name, k))
				return -EBADMSG;
			memcpy(&size, in + at, sizeof(size));
			at += sizeof(size);
			if (unlink(path) < 0 && errno != ENOENT)
				return -errno;
			if (size == UINT64_MAX)
				continue;	/* that rank saved none */
			if (size > len - at)
				return -EBADMSG;
			f = fopen(path, "wb");
			if (!f)
				return -errno;
			if (fwrite(in + at, 1, size, f) != size) {
				fclose(f);
				return -EIO;
			}
			if (fclose(f))
				return -errno;
			at += size;
		}
	}
	return 0;
}

/* ---- the run ------------------------------------------------------------- */

struct crun {
	struct cluster *c;
	int argc;
	char **argv;
	char *aux_root;			/* --aux-path, or "." */
	char rank_dir[4096];		/* <aux>/rank<R>: this rank's state, dumps */
	uint64_t run_id_base;
	unsigned peer;			/* whose writes this rank verifies */
	bool *deferred;			/* per job def: verify phase held back */
	bool any_deferred;
	unsigned *splits;		/* per job def: rank_split as resolved */
	struct run_config cfg;		/* pass 1's */
	struct job_result *res;		/* this rank's results, both passes */
	size_t nr;
	struct disk_util_set du;
	struct run_output ro;
	uint32_t *all;			/* every rank's word, scratch */
	char **argv_as[2];		/* argv as this rank and as the peer see it */
	char why[2][WHY_MAX];		/* each pass's interruption reason */
	int code;			/* this rank's status so far */
};

static int worst(int a, int b)
{
	uint32_t two[2] = { (uint32_t)a, (uint32_t)b };

	return cluster_status(two, 2);
}

/*
 * arg with ${RANK}, ${NRANKS} and ${HOST} replaced by rank's: on the
 * command line, where the launching shell left them (quoted), they mean
 * what they mean in a job file. NULL if out of memory.
 */
static char *expand_rank_vars(const struct cluster *c, unsigned rank, const char *arg)
{
	static const char *const names[] = { "${RANK}", "${NRANKS}", "${HOST}" };
	char *out = NULL, num[2][16];
	const char *vals[3] = { num[0], num[1], c->hosts[rank] };
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	snprintf(num[0], sizeof(num[0]), "%u", rank);
	snprintf(num[1], sizeof(num[1]), "%u", c->nranks);
	while (*arg) {
		size_t k = 0;

		while (k < 3 && strncmp(arg, names[k], strlen(names[k])))
			k++;
		if (k < 3) {
			fputs(vals[k], f);
			arg += strlen(names[k]);
		} else {
			fputc(*arg++, f);
		}
	}
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

/* Parse the job file and command line as rank sees them. Returns the parser's status. */
static int parse_as(struct crun *cr, unsigned rank, struct run_config *cfg, char ***argv)
{
	if (set_rank_env(cr->c, rank)) {
		fprintf(stderr, "verio-mpi: cannot set RANK, NRANKS, HOST: %s\n", strerror(errno));
		return 3;
	}
	*argv = calloc((size_t)cr->argc + 1, sizeof(**argv));
	for (int i = 0; *argv && i < cr->argc; i++) {
		if (!((*argv)[i] = expand_rank_vars(cr->c, rank, cr->argv[i]))) {
			fprintf(stderr, "verio-mpi: out of memory\n");
			return 3;
		}
	}
	if (!*argv) {
		fprintf(stderr, "verio-mpi: out of memory\n");
		return 3;
	}
	return run_args_parse(cr->argc, *argv, cfg);
}

static void free_argv(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Pass 1's configuration: this rank's region, state kept, verify held back. */
static int prepare_pass1(struct crun *cr)
{
	struct run_config *cfg = &cr->cfg;
	struct cluster *c = cr->c;

	cr->aux_root = strdup(cfg->aux_path && *cfg->aux_path ? cfg->aux_path : ".");
	cr->deferred = calloc(cfg->nr_jobs + 1, sizeof(*cr->deferred));
	cr->splits = calloc(cfg->nr_jobs + 1, sizeof(*cr->splits));
	if (!cr->aux_root || !cr->deferred || !cr->splits)
		return -ENOMEM;
	snprintf(cr->rank_dir, sizeof(cr->rank_dir), "%s/rank%u", cr->aux_root, c->rank);
	if (make_dir(cr->rank_dir) < 0)
		return 3;
	free(cfg->aux_path);
	cfg->aux_path = strdup(cr->rank_dir);
	if (!cfg->aux_path)
		return -ENOMEM;
	cfg->run_id = cr->run_id_base | c->rank;
	cfg->rank = c->rank;
	cfg->nranks = c->nranks;
	for (size_t i = 0; i < cfg->nr_jobs; i++) {
		struct job_options *o = &cfg->jobs[i].o;

		cr->splits[i] = o->rank_split;
		if (!has_verify_phase(o))
			continue;
		cr->deferred[i] = true;
		cr->any_deferred = true;
		o->do_verify = false;
		o->verify_state_save = true;
	}
	return 0;
}

/*
 * Pass 2's configuration: the job file as the peer parsed it, only the
 * deferred jobs, each a verify_only of the peer's part with its state.
 */
static int prepare_pass2(struct crun *cr, struct run_config *cfg, const char *aux)
{
	struct job_def *keep;
	size_t n = 0;
	int code = parse_as(cr, cr->peer, cfg, &cr->argv_as[1]);

	if (code)
		return code == 1 ? 2 : code;
	if (cfg->nr_jobs != cr->cfg.nr_jobs) {
		fprintf(stderr, "verio-mpi: rank %u's job file has %zu jobs, rank %u's %zu\n",
			cr->peer, cfg->nr_jobs, cr->c->rank, cr->cfg.nr_jobs);
		return 2;
	}
	keep = calloc(cfg->nr_jobs + 1, sizeof(*keep));
	if (!keep)
		return 3;
	for (size_t i = 0; i < cfg->nr_jobs; i++) {
		struct job_def *d = &cfg->jobs[i];

		if (!cr->deferred[i]) {
			job_def_release(d);
			continue;
		}
		d->o.verify_only = true;
		d->o.do_verify = true;
		d->o.verify_state_load = true;
		d->o.verify_state_save = false;
		d->o.rank_split = cr->splits[i];
		free(d->o.wait_for);	/* may name a job pass 2 does not run */
		d->o.wait_for = NULL;
		keep[n++] = *d;
	}
	free(cfg->jobs);
	cfg->jobs = keep;
	cfg->nr_jobs = n;
	free(cfg->aux_path);
	cfg->aux_path = strdup(aux);
	cfg->run_id = cr->run_id_base | cr->c->rank;
	cfg->rank = cr->peer;
	cfg->nranks = cr->c->nranks;
	free(cfg->output_file);
	cfg->output_file = NULL;
	free(cfg->bundle);
	cfg->bundle = NULL;
	return cfg->aux_path ? 0 : 3;
}

/*
 * Send this rank's states to the rank verifying them, take the peer's
 * into aux. Every rank exchanges, one that could not pack sends nothing
 * (its verifier then finds no state).
 */
static int swap_states(struct crun *cr, char *aux, size_t cap)
{
	struct cluster *c = cr->c;
	unsigned to = (c->rank + c->nranks - c->shift % c->nranks) % c->nranks;
	void *out = NULL, *in = NULL;
	size_t out_len = 0, in_len = 0;
	int r, packed;

	snprintf(aux, cap, "%s/from%u", cr->rank_dir, cr->peer);
	packed = pack_states(&cr->cfg, cr->deferred, &out, &out_len);
	if (packed < 0)
		fprintf(stderr, "verio-mpi: rank %u: cannot read its verify state: %s\n",
			c->rank, strerror(-packed));
	r = c->ops->exchange(c, to, out, packed < 0 ? 0 : out_len, cr->peer, &in, &in_len);
	free(out);
	if (r < 0)
		return r;
	r = make_dir(aux);
	if (!r) {
		struct run_config tmp = cr->cfg;	/* its jobs and names, aux swapped */

		tmp.aux_path = aux;
		r = unpack_states(&tmp, cr->deferred, in, in_len);
		if (r < 0)
			fprintf(stderr, "verio-mpi: cannot write rank %u's verify state in '%s': %s\n",
				cr->peer, aux, strerror(-r));
	}
	free(in);
	return r < 0 ? r : packed < 0 ? packed : 0;
}

/*
 * Fold pass 2's results (the deferred jobs' clones, in order) into
 * pass 1's: the reads and their checks, the verify phase on the time
 * axis, what was checked against, the verify maps.
 */
static int fold_pass2(struct crun *cr, struct job_result *r2, size_t n2)
{
	size_t at = 0, k = 0;

	for (size_t i = 0; i < cr->cfg.nr_jobs; i++) {
		const struct job_options *o = &cr->cfg.jobs[i].o;
		unsigned clones = o->numjobs ? o->numjobs : 1;

		for (unsigned c = 0; c < clones; c++, at++) {
			struct job_result *a, *b;
			void *buf;
			size_t len;
			int r;

			if (!cr->deferred[i])
				continue;
			if (k >= n2 || at >= cr->nr)
				return -EBADMSG;
			a = &cr->res[at];
			b = &r2[k++];
			/* verify_only goes through the writes dry: pass 1 did them */
			dir_stats_init(&b->st.dir[DDIR_WRITE]);
			dir_stats_init(&b->st.dir[DDIR_TRIM]);
			r = ranks_pack(b, 1, &buf, &len);
			if (!r)
				r = ranks_merge(a, 1, buf, len, RANKS_SEQUENTIAL);
			free(buf);
			if (r < 0)
				return r;
			if (!a->errmsg && b->errmsg) {
				a->errmsg = b->errmsg;
				b->errmsg = NULL;
			}
			/* pass 2's phases after pass 1's, on pass 1's time axis */
			for (unsigned p = 0; p < b->phases.nr && a->phases.nr < 2 * RESULT_PHASES_KEEP; p++) {
				struct result_phase ph = b->phases.p[p];
				uint64_t off = b->st.start_wall_ms > a->st.start_wall_ms
						       ? b->st.start_wall_ms - a->st.start_wall_ms : 0;

				ph.start_ms += off;
				ph.end_ms += off;
				a->phases.p[a->phases.nr++] = ph;
			}
			free(a->vcheck.state_path);
			a->vcheck = b->vcheck;
			b->vcheck.state_path = NULL;
			result_vmaps_free(a->vmaps, a->nr_vmaps);
			a->vmaps = b->vmaps;
			a->nr_vmaps = b->nr_vmaps;
			b->vmaps = NULL;
			b->nr_vmaps = 0;
			if (b->interrupt_reason)
				a->interrupt_reason = b->interrupt_reason;
		}
	}
	return 0;
}

/* The rank and host of a write whose header names run id run. */
static void name_writers(struct crun *cr)
{
	struct cluster *c = cr->c;

	for (size_t i = 0; i < cr->nr; i++) {
		struct verify_stats *v = &cr->res[i].st.verify;

		for (unsigned k = 0; k < v->nr_inc; k++) {
			struct verify_incident *inc = &v->inc[k];
			uint64_t rank = inc->writer_run & (RANKS_MAX - 1);

			snprintf(inc->host, sizeof(inc->host), "%s", c->hosts[c->rank]);
			if (!inc->writer_known || (inc->writer_run & ~(uint64_t)(RANKS_MAX - 1)) !=
							  cr->run_id_base || rank >= c->nranks)
				continue;
			inc->writer_rank_known = true;
			inc->writer_rank = (uint32_t)rank;
			snprintf(inc->writer_host, sizeof(inc->writer_host), "%s", c->hosts[rank]);
		}
	}
}

/* ---- one report ---------------------------------------------------------- */

/* A report of res as text in the formats of mask, into *out. */
static int render(const struct crun *cr, struct job_result *res, size_t nr, unsigned mask,
		  int code, char **out)
{
	struct report rep;
	size_t len;
	FILE *f = open_memstream(out, &len);

	if (!f)
		return -ENOMEM;
	if (report_build(&rep, res, nr) == 0) {
		rep.cmdline = cr->cfg.cmdline;
		rep.disks = cr->du.d;
		rep.nr_disks = cr->du.nr;
		rep.exit_known = true;
		rep.exit_status = code;
		report_print(f, mask, &rep);
		report_release(&rep);
	}
	if (fclose(f))
		return -ENOMEM;
	return 0;
}

/* What rank r sends rank 0: its status, its report as JSON and as text, its stats. */
struct rank_msg {
	uint32_t code, peer;
	uint64_t json_len, text_len, stats_len;
};

static int pack_rank(struct crun *cr, void **buf, size_t *len)
{
	unsigned json = report_format_bit(report_format_find("json"));
	unsigned normal = report_format_bit(report_format_find("normal"));
	struct rank_msg m = { .code = (uint32_t)cr->code, .peer = cr->peer };
	char *js = NULL, *txt = NULL, *out = NULL;
	void *stats = NULL;
	size_t stats_len = 0, n = 0;
	FILE *f;
	int r;

	r = render(cr, cr->res, cr->nr, json, cr->code, &js);
	if (!r)
		r = render(cr, cr->res, cr->nr, normal, cr->code, &txt);
	if (!r)
		r = ranks_pack(cr->res, cr->nr, &stats, &stats_len);
	f = r ? NULL : open_memstream(&out, &n);
	if (f) {
		m.json_len = strlen(js);
		m.text_len = strlen(txt);
		m.stats_len = stats_len;
		r = append(f, &m, sizeof(m));
		if (!r)
			r = append(f, js, m.json_len);
		if (!r)
			r = append(f, txt, m.text_len);
		if (!r)
			r = append(f, stats, stats_len);
		if (fclose(f) && !r)
			r = -ENOMEM;
	} else if (!r) {
		r = -ENOMEM;
	}
	free(js);
	free(txt);
	free(stats);
	if (r) {
		free(out);
		return r;
	}
	*buf = out;
	*len = n;
	return 0;
}

static int read_msg(const void *buf, size_t len, struct rank_msg *m, const char **json,
		    const char **text, const void **stats)
{
	const char *p = buf;

	if (len < sizeof(*m))
		return -EBADMSG;
	memcpy(m, p, sizeof(*m));
	if (m->json_len > len || m->text_len > len || m->stats_len > len ||
	    sizeof(*m) + m->json_len + m->text_len + m->stats_len != len)
		return -EBADMSG;
	*json = p + sizeof(*m);
	*text = *json + m->json_len;
	*stats = *text + m->text_len;
	return 0;
}

/* The "mpi" object: the ranks, and each host's own report. */
static char *mpi_json(const struct crun *cr, int code, void **bufs, size_t *lens)
{
	const struct cluster *c = cr->c;
	struct json_writer w;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	if (!f)
		return NULL;
	json_init(&w, f);
	json_obj_begin(&w, NULL);
	json_u64(&w, "ranks", c->nranks);
	json_u64(&w, "cross_verify", c->shift);
	json_u64(&w, "run_id_base", cr->run_id_base);
	json_i64(&w, "exit_status", code);
	json_arr_begin(&w, "hosts");
	for (unsigned r = 0; r < c->nranks; r++) {
		struct rank_msg m;
		const char *js, *txt;
		const void *st;
		char *copy;

		if (read_msg(bufs[r], lens[r], &m, &js, &txt, &st))
			continue;
		copy = strndup(js, m.json_len);
		json_obj_begin(&w, NULL);
		json_u64(&w, "rank", r);
		json_str(&w, "host", c->hosts[r]);
		json_u64(&w, "run_id", cr->run_id_base | r);
		json_u64(&w, "verified_rank", m.peer);
		json_i64(&w, "exit_status", (int)m.code);
		if (copy && *copy)
			json_raw(&w, "report", copy);
		free(copy);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	json_obj_end(&w);
	if (json_finish(&w) || fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

/* The jobs' sums over the ranks: no one rank's targets, maps or phases. */
static void strip_rank_own(struct job_result *res, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		struct job_result *j = &res[i];

		result_vmaps_free(j->vmaps, j->nr_vmaps);
		j->vmaps = NULL;
		j->nr_vmaps = 0;
		for (size_t k = 0; k < j->nr_targets; k++)
			free(j->targets[k].file);
		free(j->targets);
		j->targets = NULL;
		j->nr_targets = 0;
		j->phases.nr = 0;
		j->phases.omitted = 0;
		j->interrupted_known = false;
	}
}

/* Rank 0: every host's section, then the sums, in the chosen formats. */
static int print_report(struct crun *cr, int code, void **bufs, size_t *lens)
{
	struct cluster *c = cr->c;
	unsigned normal = report_format_bit(report_format_find("normal"));
	FILE *out = cr->ro.out ? cr->ro.out : stdout;
	struct report rep;
	char *mj;
	int r = 0;

	for (unsigned k = 0; k < c->nranks; k++) {
		struct rank_msg m;
		const char *js, *txt;
		const void *st;

		if (read_msg(bufs[k], lens[k], &m, &js, &txt, &st)) {
			fprintf(stderr, "verio-mpi: rank %u's report is damaged\n", k);
			return 3;
		}
		if (m.code)
			fprintf(stderr, "verio-mpi: rank %u on %s ended with status %u\n", k,
				c->hosts[k], m.code);
		if ((cr->cfg.output_formats & normal) && m.peer != k)
			fprintf(out, "\nverio-mpi: rank %u on %s (verified the writes of rank %u on %s)\n%.*s",
				k, c->hosts[k], m.peer, c->hosts[m.peer % c->nranks], (int)m.text_len, txt);
		else if (cr->cfg.output_formats & normal)
			fprintf(out, "\nverio-mpi: rank %u on %s\n%.*s", k, c->hosts[k],
				(int)m.text_len, txt);
		if (k && (r = ranks_merge(cr->res, cr->nr, st, m.stats_len, RANKS_CONCURRENT))) {
			fprintf(stderr, "verio-mpi: cannot add up rank %u's results: %s\n", k,
				strerror(-r));
			return 3;
		}
	}
	strip_rank_own(cr->res, cr->nr);
	mj = mpi_json(cr, code, bufs, lens);
	if (!mj)
		return 3;
	if (cr->cfg.output_formats & normal)
		fprintf(out, "\nverio-mpi: all %u ranks\n", c->nranks);
	if (report_build(&rep, cr->res, cr->nr) == 0) {
		rep.cmdline = cr->cfg.cmdline;
		rep.exit_known = true;
		rep.exit_status = code;
		rep.mpi_json = mj;
		report_print(out, cr->cfg.output_formats, &rep);
		report_release(&rep);
	} else {
		r = 3;
	}
	free(mj);
	fflush(out);
	return r;
}

/* Gather to rank 0 and print there; agree on the final status. */
static int finish(struct crun *cr)
{
	struct cluster *c = cr->c;
	void *mine = NULL, **bufs = NULL;
	size_t len = 0, *lens = NULL;
	int code, r;

	name_writers(cr);
	if (c->ops->allgather(c, (uint32_t)cr->code, cr->all) < 0)
		return -EINTR;
	code = cluster_status(cr->all, c->nranks);
	r = pack_rank(cr, &mine, &len);
	if (r < 0) {
		fprintf(stderr, "verio-mpi: rank %u: cannot pack its report: %s\n", c->rank,
			strerror(-r));
		len = 0;	/* rank 0 names it damaged */
	}
	r = c->ops->gather(c, mine, len, &bufs, &lens);
	free(mine);
	if (r < 0)
		return -EINTR;
	if (c->rank == 0) {
		code = worst(code, print_report(cr, code, bufs, lens));
		for (unsigned k = 0; k < c->nranks; k++)
			free(bufs[k]);
		free(bufs);
		free(lens);
	}
	/* rank 0's printing can fail: every rank exits as it says */
	if (c->ops->allgather(c, (uint32_t)code, cr->all) < 0)
		return -EINTR;
	return cluster_status(cr->all, c->nranks);
}

/* Pass 2, when every rank finished pass 1 well enough to read back. */
static int verify_pass(struct crun *cr)
{
	struct cluster *c = cr->c;
	struct run_config cfg2 = { 0 };
	struct pass p = { .c = c, .tag = 2, .all = cr->all, .why = cr->why[1] };
	struct job_result *r2 = NULL;
	struct disk_util_set du2 = { 0 };
	char aux[4096 + 16];
	size_t n2 = 0;
	uint32_t word;
	int code = 0, r;

	cr->peer = (c->rank + c->shift) % c->nranks;
	snprintf(aux, sizeof(aux), "%s", cr->rank_dir);
	if (cr->peer != c->rank) {
		r = swap_states(cr, aux, sizeof(aux));
		if (r == -EINTR)
			return -EINTR;
		code = r < 0 ? 3 : 0;
	}
	if (!code)
		code = prepare_pass2(cr, &cfg2, aux);
	/* a rank that cannot run pass 2 says so and runs nothing */
	word = (uint32_t)code;
	if (c->ops->allgather(c, word, cr->all) < 0) {
		run_config_release(&cfg2);
		return -EINTR;
	}
	if (cluster_status(cr->all, c->nranks)) {
		run_config_release(&cfg2);
		return code ? code : 0;
	}
	code = run_pass(&p, &cfg2, &du2, &r2, &n2);
	diskutil_release(&du2);
	if (code != -EINTR && r2 && fold_pass2(cr, r2, n2) < 0) {
		fprintf(stderr, "verio-mpi: cannot fold the verify pass into the results\n");
		code = worst(code, 3);
	}
	job_results_free(r2, n2);
	run_config_release(&cfg2);
	return code;
}

/* What verio-mpi does not do: said before anything runs (exit 2). */
static int refused(const struct crun *cr)
{
	const char *what = NULL;

	if (cr->c->nranks > RANKS_MAX)
		what = "more than 65536 ranks";
	else if (cr->cfg.bundle)
		what = "--bundle (or verify_bundle=)";
	else if (cr->cfg.status_interval_ms)
		what = "--status-interval";
	if (what && cr->c->rank == 0)
		fprintf(stderr, "verio-mpi: %s is not supported (docs/mpi.md)\n", what);
	return what ? 2 : 0;
}

static int cluster_main(struct crun *cr)
{
	struct cluster *c = cr->c;
	struct pass p1 = { .c = c, .tag = 1, .all = cr->all, .why = cr->why[0] };
	bool same;
	int code, r;

	code = parse_as(cr, c->rank, &cr->cfg, &cr->argv_as[0]);
	if (code == 1)
		code = 0;	/* help, version, --parse-only: printed */
	else if (!code)
		code = refused(cr);
	if (c->ops->allgather(c, (uint32_t)code, cr->all) < 0)
		return -EINTR;
	if (code)	/* its own messages came first: say whose they were */
		fprintf(stderr, "verio-mpi: rank %u on %s: the job file or command line is "
			"refused (status %d); no rank runs\n", c->rank, c->hosts[c->rank], code);
	if (cluster_status(cr->all, c->nranks) || !cr->cfg.nr_jobs)
		return cluster_status(cr->all, c->nranks);
	/* rank 0 draws the run id; each rank's is it with the rank below */
	if (c->rank == 0) {
		uint64_t id = 0;

		if (getrandom(&id, sizeof(id), 0) != sizeof(id))
			id = now_ns();
		cr->run_id_base = id & ~(uint64_t)(RANKS_MAX - 1);
	}
	if (c->ops->bcast(c, &cr->run_id_base) < 0)
		return -EINTR;
	/* the same jobs and stonewalls everywhere, or the ranks cannot keep step */
	r = c->ops->same(c, job_shape(&cr->cfg), &same);
	if (!r && !same) {
		if (c->rank == 0)
			fprintf(stderr, "verio-mpi: the ranks' job files differ in their jobs, "
				"numjobs or stonewalls (through ${RANK}, ${HOST}?)\n");
		return 2;
	}
	if (!r)
		r = resolve_split(c, &cr->cfg);
	if (r < 0)
		return -EINTR;
	r = prepare_pass1(cr);
	code = r < 0 ? 3 : r;
	if (c->ops->allgather(c, (uint32_t)code, cr->all) < 0)
		return -EINTR;
	if ((code = cluster_status(cr->all, c->nranks)))
		return code;
	cr->ro.cfg = &cr->cfg;
	cr->ro.disks = &cr->du;
	p1.ro = c->rank == 0 ? &cr->ro : NULL;
	cr->peer = c->rank;
	code = run_pass(&p1, &cr->cfg, &cr->du, &cr->res, &cr->nr);
	if (code == -EINTR)
		return -EINTR;
	cr->code = code;
	/* verify when every rank wrote to its end: no error, no stop, no interruption */
	if (cr->any_deferred && cr->res) {
		bool go = true;

		for (unsigned k = 0; k < c->nranks; k++)
			if ((cr->all[k] & 0xff) > 1 || (cr->all[k] & 0x100))
				go = false;
		if (go) {
			code = verify_pass(cr);
			if (code == -EINTR)
				return -EINTR;
			cr->code = worst(cr->code, code);
		}
	}
	if (!cr->res)
		return cluster_status(cr->all, c->nranks);
	return finish(cr);
}

int cluster_run(struct cluster *c, int argc, char **argv)
{
	struct crun cr = { .c = c, .argc = argc, .argv = argv };
	int code;

	cr.all = calloc(c->nranks, sizeof(*cr.all));
	if (!cr.all)
		return 3;
	clock_init();
	code = cluster_main(&cr);
	if (cr.ro.out && cr.ro.out != stdout)
		fclose(cr.ro.out);
	job_results_free(cr.res, cr.nr);
	diskutil_release(&cr.du);
	run_config_release(&cr.cfg);
	free_argv(cr.argv_as[0]);
	free_argv(cr.argv_as[1]);
	free(cr.deferred);
	free(cr.splits);
	free(cr.aux_root);
	free(cr.all);
	return code;
}
