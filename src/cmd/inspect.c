/*
 * inspect.c - `verio inspect TARGET`: decode the verify headers and
 * stamps found on a target, offline. Not built yet: it says so and fails
 * as a usage error (it never reads a job file named "inspect").
 */
#include "compat.h"

#include "cmd/cmd.h"

int cmd_inspect(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "verio: the 'inspect' command is not built yet\n");
	return 2;
}
