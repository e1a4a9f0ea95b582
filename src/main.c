/*
 * main.c - verio's entry point: parse, run, exit with the status the
 * run earned (0 ok, 1 verify failure, 2 bad usage, 3 I/O or setup error).
 */
#include "compat.h"

#include "config/cli.h"
#include "run/run.h"
#include "timeutil.h"

int main(int argc, char **argv)
{
	struct run_config cfg;
	int code;

	memset(&cfg, 0, sizeof(cfg));
	code = cli_parse(argc, argv, &cfg);
	if (code == 0) {
		clock_init();
		code = run_jobs(&cfg);
	}
	else if (code == 1)
		code = 0;
	run_config_release(&cfg);
	return code;
}
