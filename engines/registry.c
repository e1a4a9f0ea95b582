#include "compat.h"

#include "engines.h"
#include "ioengine.h"

/*
 * Every engine verio has, in --enghelp order. Adding an engine is one
 * new file and one line here; configure decides which are built.
 */
static const struct engine_ops *const engines[] = {
	&engine_psync,
	&engine_sync,
	&engine_null,
#ifdef CONFIG_LIBAIO
	&engine_libaio,
#endif
#ifdef CONFIG_LIBURING
	&engine_io_uring,
#endif
};

size_t engine_count(void)
{
	return ARRAY_SIZE(engines);
}

const struct engine_ops *engine_at(size_t i)
{
	return i < ARRAY_SIZE(engines) ? engines[i] : NULL;
}

const struct engine_ops *engine_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(engines); i++)
		if (!strcmp(engines[i]->name, name))
			return engines[i];
	return NULL;
}
