/*
 * run-args.h - the run command's arguments, fio style: flags,
 * command-line jobs and job files, turned into a run configuration.
 */
#ifndef VERIO_CMD_RUN_ARGS_H
#define VERIO_CMD_RUN_ARGS_H

#include <stddef.h>
#include <stdio.h>

struct run_config;

/*
 * Parse argv (argv[0] is the program or command name, skipped) into cfg,
 * which is overwritten, and read every job file.
 * Returns
 *   0  run the jobs in cfg,
 *   1  done: help, version, --cmdhelp, --enghelp, --crctest, --showcmd
 *      or --parse-only printed what they print; the caller exits 0,
 *   2  usage, job-file or option error, already printed; exit 2,
 *   3  --crctest failed (out of memory, or writing its output).
 * (Out of memory is reported and returns 2.) Any return may leave
 * things in cfg: call run_config_release().
 */
int run_args_parse(int argc, char **argv, struct run_config *cfg);

/*
 * The i-th of fio's command-line flags that verio refuses as fio's
 * (without the leading "--"), NULL past the last one.
 */
const char *run_args_fio_only_flag(size_t i);

/* The text of --help: the run options, then the commands. */
void run_args_usage(FILE *out);

#endif /* VERIO_CMD_RUN_ARGS_H */
