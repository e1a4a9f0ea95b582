/*
 * formats.h - the output formats as one table: a name (what
 * --output-format takes) and the function that prints a whole report.
 * A new format is one file and one line in formats[] (formats.c).
 */
#ifndef VERIO_REPORT_FORMATS_H
#define VERIO_REPORT_FORMATS_H

#include <stddef.h>
#include <stdio.h>

struct report;

struct report_format {
	const char *name;
	/* Writes the whole report to out; NULL for a format not built yet. */
	void (*print)(FILE *out, const struct report *r);
	const char *instead;	/* print == NULL: the format to use instead */
	const char *covers;	/* a format whose output this one's includes */
	const char *missing;	/* print == NULL: why, when "use instead" is not it */
};

/* The format called name (built or not), or NULL if there is none. */
const struct report_format *report_format_find(const char *name);

/*
 * The bit of f in a selection of formats (run_config.output_formats):
 * 1 << its position in the table.
 */
unsigned report_format_bit(const struct report_format *f);

/*
 * The built formats' names for a message, "normal, json or terse", into
 * buf (truncated to size). Returns buf.
 */
const char *report_format_names(char *buf, size_t size);

/*
 * Print r to out in every selected format, in fio's order (terse, JSON,
 * normal), then flush. A format another selected one covers (json under
 * json+) is not printed twice.
 */
void report_print(FILE *out, unsigned selected, const struct report *r);

#endif /* VERIO_REPORT_FORMATS_H */
