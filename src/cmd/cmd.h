/*
 * cmd.h - verio's commands: `verio <command> [args]`, one file each in
 * src/cmd/, dispatched by main() from the commands[] table (commands.c).
 * A first word that names no command is a job file or an option: that
 * is the run command, as fio users expect (`verio job.fio`).
 *
 * Each cmd_<name>() gets argv[0] = the command's name (or the program's,
 * for the implicit run), prints what it prints, and returns the exit
 * status: 0 ok, 1 data verification failure, 2 usage, job-file or option
 * error, 3 I/O error or setup failure, 4 interrupted (run: a signal or
 * a trigger stopped it). Only main() exits.
 */
#ifndef VERIO_CMD_CMD_H
#define VERIO_CMD_CMD_H

#include <stdio.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;		/* synopsis: "verio crctest [ALGO]" */
	const char *summary;		/* what it does, for the list */
};

/* The command called name, or NULL. */
const struct command *command_find(const char *name);

/* "Commands:" and every command's usage line, for help and --help. */
void commands_print(FILE *out);

int cmd_run(int argc, char **argv);	/* run jobs (the default) */
int cmd_crctest(int argc, char **argv);	/* checksum throughput */
int cmd_io(int argc, char **argv);	/* the qemu-io-style shell */
int cmd_inspect(int argc, char **argv);	/* dumps, target ranges, bundles */
int cmd_selftest(int argc, char **argv); /* fault injection self-check */
int cmd_state(int argc, char **argv);	/* show / diff saved verify state */
int cmd_history(int argc, char **argv);	/* export a write history as a fio iolog */
int cmd_report(int argc, char **argv);	/* a run's HTML page from its JSON */
int cmd_help(int argc, char **argv);	/* list the commands */

#endif /* VERIO_CMD_CMD_H */
