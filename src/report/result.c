/*
 * result.c - owned memory of a job's result.
 */
#include "compat.h"

#include "report/result.h"

void job_result_release(struct job_result *res)
{
	if (!res)
		return;
	free(res->name);
	free(res->description);
	free(res->errmsg);
	free(res->vcheck.state_path);
	free(res->o.ioengine);
	free(res->o.verify);
	for (unsigned i = 0; i < res->st.verify.nr_inc; i++)
		free((char *)res->st.verify.inc[i].file);
	for (unsigned i = 0; i < res->st.mirror.nr; i++) {
		free((char *)res->st.mirror.r[i].file);
		free((char *)res->st.mirror.r[i].ref);
	}
	for (size_t i = 0; res->kv && i < res->kv_nr; i++) {
		free(res->kv[i].name);
		free(res->kv[i].value);
	}
	free(res->kv);
	result_vmaps_free(res->vmaps, res->nr_vmaps);
	for (size_t i = 0; res->targets && i < res->nr_targets; i++)
		free(res->targets[i].file);
	free(res->targets);
	memset(res, 0, sizeof(*res));
}

void result_vmaps_free(struct result_vmap *m, size_t nr)
{
	for (size_t i = 0; m && i < nr; i++) {
		free(m[i].file);
		free(m[i].written);
		free(m[i].verified);
		free(m[i].failed);
		free(m[i].fails);
	}
	free(m);
}

void job_results_free(struct job_result *res, size_t nr)
{
	for (size_t i = 0; res && i < nr; i++)
		job_result_release(&res[i]);
	free(res);
}
