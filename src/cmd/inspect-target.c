/*
 * inspect-target.c - `verio inspect --target PATH --offset N --length N`.
 */
#include "compat.h"

#include "cmd/inspect.h"

int insp_target(struct insp *ix, const char *path, uint64_t off, uint64_t len,
		uint32_t unit_len)
{
	(void)ix; (void)path; (void)off; (void)len; (void)unit_len;
	fprintf(stderr, "verio: inspect: --target is not built yet\n");
	return 2;
}
