/*
 * formats.c - the table of output formats. A format's selection bit is
 * its place in the table (kept: the bits predate json+). Printing order
 * is fio 3.33's, whatever order --output-format named them in: terse,
 * then JSON, then normal.
 */
#include "compat.h"

#include "report/formats.h"
#include "report/report.h"

static const struct report_format formats[] = {
	{ "normal", report_normal, NULL, NULL, NULL },
	{ "json", report_json, NULL, NULL, NULL },
	{ "terse", report_terse, NULL, NULL, NULL },
	/* json+ is json with the bins: both selected print one document */
	{ "json+", report_json_plus, NULL, "json", NULL },
	/* a whole page of its own: not combined with the others (run-args.c) */
#ifdef CONFIG_JANSSON
	{ "html", report_html, NULL, NULL, NULL },
#else
	{ "html", NULL, NULL, NULL, "verio was built without jansson" },
#endif
};

/* Indexes into formats[], in the order fio prints its formats. */
static const unsigned print_order[] = { 2, 3, 1, 0, 4 };

_Static_assert(ARRAY_SIZE(print_order) == ARRAY_SIZE(formats),
	       "every format has its place in the printing order");

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

/* Does a selected format print f's whole document already? */
static bool covered(const struct report_format *f, unsigned selected)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if ((selected & report_format_bit(&formats[i])) && formats[i].covers &&
		    !strcmp(formats[i].covers, f->name))
			return true;
	return false;
}

void report_print(FILE *out, unsigned selected, const struct report *r)
{
	for (size_t k = 0; k < ARRAY_SIZE(print_order); k++) {
		const struct report_format *f = &formats[print_order[k]];

		if (f->print && (selected & report_format_bit(f)) && !covered(f, selected))
			f->print(out, r);
	}
	fflush(out);
}
