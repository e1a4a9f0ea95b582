#include "compat.h"

#include "engines.h"
#include "ioengine.h"
#include "optdef.h"

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
	&engine_pvsync,
	&engine_pvsync2,
	&engine_mmap,
#ifdef CONFIG_POSIXAIO
	&engine_posixaio,
#endif
	&engine_faulty,
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

const struct option_def *engine_option_find(const struct engine_ops *e, const char *name)
{
	if (!e || !name)
		return NULL;
	for (const struct option_def *d = e->options; d && d->name; d++) {
		if (!strcmp(d->name, name))
			return d;
		for (size_t a = 0; a < OPT_ALIAS_MAX && d->alias[a]; a++)
			if (!strcmp(d->alias[a], name))
				return d;
	}
	return NULL;
}
