/*
 * commands.c - the table of verio's commands (git's commands[] in
 * git.c). A new command is one file in src/cmd/ and one line here.
 *
 * The table lives in the command layer, not in main.c, because help and
 * the run command's --help list it, and they are linked (and unit
 * tested) without main.c.
 */
#include "compat.h"

#include "cmd/cmd.h"

static const struct command commands[] = {
	{ "run", cmd_run, "verio [run] [options] [jobfile]...",
	  "run jobs (the default)" },
	{ "crctest", cmd_crctest, "verio crctest [ALGO]",
	  "measure checksum and data-fill throughput (GB/s)" },
	{ "io", cmd_io, "verio io [-r] [-d] [-f] [-c CMD]... [--mirror=REF] TARGET",
	  "a qemu-io-style shell on a file or device: qemu-io's commands and verio's, from -c or stdin" },
	{ "inspect", cmd_inspect, "verio inspect [--json] DUMP.received [DUMP.expected] | --target PATH --offset N --length N [--state F] [--history F] | BUNDLE",
	  "explain units sector by sector: a dump, a range of a target now, a repro bundle; who wrote them" },
	{ "selftest", cmd_selftest, "verio selftest [-d DIR] [-e ENGINE]",
	  "inject each fault (ioengine=faulty) and check verio reports it right" },
	{ "state", cmd_state, "verio state show|diff ...",
	  "show a saved verify state (show [--output-format=json] FILE), or compare two (diff A B)" },
	{ "history", cmd_history, "verio history export [--format=v2|v3] HISTORY [-o FILE]",
	  "write a write history's completed writes and syncs as a fio iolog (fio --read_iolog)" },
	{ "report", cmd_report, "verio report RUN.json [--logs DIR] [-o FILE|-]",
	  "one self-contained HTML page of a run from its JSON report (and its fio logs)" },
	{ "help", cmd_help, "verio help [COMMAND]",
	  "list the commands, or show one's usage" },
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void commands_print(FILE *out)
{
	fputs("Commands:\n", out);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-36s %s\n", commands[i].usage, commands[i].summary);
}
