/*
 * job.c - small helpers shared by the modules that set a job up.
 */
#include "compat.h"

#include <stdarg.h>

#include "run/job.h"

void job_err(const struct job *j, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "verio: job '%s': ", j->o.name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
