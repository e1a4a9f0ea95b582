/*
 * runconf.c - the run configuration's owned memory.
 */
#include "compat.h"

#include "config/jobfile.h"
#include "config/runconf.h"

void run_config_release(struct run_config *cfg)
{
	if (!cfg)
		return;
	job_defs_free(cfg->jobs, cfg->nr_jobs);
	free(cfg->output_file);
	free(cfg->aux_path);
	free(cfg->trigger_file);
	free(cfg->trigger_cmd);
	free(cfg->cmdline);
	free(cfg->bundle);
	for (size_t i = 0; i < cfg->nr_job_files; i++)
		free(cfg->job_files[i]);
	free(cfg->job_files);
	free(cfg->cmd_ini);
	memset(cfg, 0, sizeof(*cfg));
}
