/*
 * inspect-bundle.c - `verio inspect BUNDLE.tar.gz`.
 */
#include "compat.h"

#include "cmd/inspect.h"

bool insp_is_bundle(const char *path)
{
	(void)path;
	return false;
}

int insp_bundle(struct insp *ix, const char *path)
{
	(void)ix; (void)path;
	return 2;
}
