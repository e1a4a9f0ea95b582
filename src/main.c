/*
 * main.c - verio's entry point: pick the command, run it, exit with the
 * status it earned (0 ok, 1 verify failure, 2 bad usage, 3 I/O or setup
 * error). Only main() exits.
 *
 * `verio <command> [args]` runs a command of the commands[] table
 * (src/cmd/commands.c). A first word that names no command is a job file
 * or an option, as with fio: `verio job.fio` and `verio --name=x ...`
 * are the run command, exactly like `verio run job.fio`.
 */
#include "compat.h"

#include "cmd/cmd.h"

int main(int argc, char **argv)
{
	const struct command *c = argc > 1 ? command_find(argv[1]) : NULL;

	if (c)
		return c->fn(argc - 1, argv + 1);
	return cmd_run(argc, argv);
}
