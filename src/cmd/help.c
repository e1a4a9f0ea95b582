/*
 * help.c - `verio help [COMMAND]`: the commands and their usage lines.
 */
#include "compat.h"

#include "cmd/cmd.h"

int cmd_help(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		printf("usage: verio <command> [args], or verio [options] [jobfile]... "
		       "to run jobs\n\n");
		commands_print(stdout);
		printf("\n'verio --help' lists the options of the run command.\n");
		return 0;
	}
	c = command_find(argv[1]);
	if (!c || argc > 2) {
		if (c)
			fprintf(stderr, "verio: help takes one command name at most\n");
		else
			fprintf(stderr, "verio: unknown command '%s' (see 'verio help')\n",
				argv[1]);
		return 2;
	}
	printf("usage: %s\n%s\n", c->usage, c->summary);
	if (c->fn == cmd_run)
		printf("'verio --help' lists its options.\n");
	return 0;
}
