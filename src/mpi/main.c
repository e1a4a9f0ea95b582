/*
 * main.c - verio-mpi: `mpirun -np N verio-mpi [--cross-verify[=K]]
 * [run options] jobfile...` runs the job file on every rank
 * (cmd/cluster.c, docs/mpi.md). Its own flags are taken out here; the
 * rest is verio's run command line.
 */
#include "compat.h"

#include <mpi.h>

#include "cmd/cluster.h"
#include "mpi/comm.h"
#include "parse.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mpirun -np N verio-mpi [--cross-verify[=K]] [verio run options] jobfile...\n"
		"  every rank runs the job file, with ${RANK}, ${NRANKS} and ${HOST} its own;\n"
		"  --cross-verify=K  rank r verifies what rank (r+K) mod N wrote (bare: K=1)\n"
		"  see docs/mpi.md; `verio --help` lists the run options\n");
}

/*
 * Take verio-mpi's own flags out of argv (in place). Returns 0, 1 (help
 * printed) or 2 (a bad value, printed).
 */
static int own_flags(int *argc, char **argv, unsigned *shift, bool quiet)
{
	int n = 1;

	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		uint64_t v;

		if (!strcmp(a, "--cross-verify")) {
			*shift = 1;
		} else if (!strncmp(a, "--cross-verify=", 15)) {
			if (parse_uint(a + 15, &v) < 0 || v > UINT32_MAX) {
				if (!quiet)
					fprintf(stderr, "verio-mpi: --cross-verify: '%s' is not a "
						"number of ranks\n", a + 15);
				return 2;
			}
			*shift = (unsigned)v;
		} else if (!strcmp(a, "--mpi-help")) {
			if (!quiet)
				usage(stdout);
			return 1;
		} else {
			argv[n++] = argv[i];
		}
	}
	argv[n] = NULL;
	*argc = n;
	return 0;
}

int main(int argc, char **argv)
{
	struct cluster c = { 0 };
	int provided, code;

	if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
		fprintf(stderr, "verio-mpi: MPI_Init_thread failed\n");
		return 3;
	}
	if (comm_open(&c) < 0) {
		fprintf(stderr, "verio-mpi: out of memory\n");
		MPI_Abort(MPI_COMM_WORLD, 3);
	}
	/* rank 0 prints the report (and help, version, --parse-only); the others' stderr stays */
	if (c.rank != 0 && !freopen("/dev/null", "w", stdout))
		fprintf(stderr, "verio-mpi: rank %u: cannot silence stdout: %s\n", c.rank,
			strerror(errno));
	code = own_flags(&argc, argv, &c.shift, c.rank != 0);
	if (code == 1)
		code = 0;
	else if (!code)
		code = cluster_run(&c, argc, argv);
	if (code == -EINTR) {
		/* the others may be gone or waiting: end them all */
		fprintf(stderr, "verio-mpi: rank %u on %s: interrupted while the ranks were "
			"in step; ending every rank\n", c.rank, c.hosts[c.rank]);
		fflush(NULL);
		MPI_Abort(MPI_COMM_WORLD, 4);
	}
	fflush(NULL);
	comm_close(&c);
	MPI_Finalize();
	return code;
}
