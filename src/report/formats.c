/*
 * formats.c - the table of output formats. Printing order is table
 * order, whatever order --output-format named them in (as fio does).
 */
#include "compat.h"

#include "report/formats.h"
#include "report/report.h"

static const struct report_format formats[] = {
	{ "normal", report_normal, NULL },
	{ "json", report_json, NULL },
	{ "terse", report_terse, NULL },
	{ "json+", NULL, "json" },
};

_Static_assert(ARRAY_SIZE(formats) <= 32, "a selection is an unsigned bit mask");

const struct report_format *report_format_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(formats); i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

unsigned report_format_bit(const struct report_format *f)
{
	return 1u << (unsigned)(f - formats);
}

const char *report_format_names(char *buf, size_t size)
{
	size_t built = 0, len = 0;

	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		built += formats[i].print != NULL;
	if (size)
		buf[0] = '\0';
	for (size_t i = 0, k = 0; i < ARRAY_SIZE(formats) && len < size; i++) {
		if (!formats[i].print)
			continue;
		k++;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					k == 1 ? "" : k == built ? " or " : ", ",
					formats[i].name);
	}
	return buf;
}

void report_print(FILE *out, unsigned selected, const struct report *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].print && (selected & report_format_bit(&formats[i])))
			formats[i].print(out, r);
	fflush(out);
}
