/*
 * svg.h - the few chart primitives the HTML page draws with: a plot area
 * mapping data to pixels, axes with round ticks, lines, bars, shaded
 * spans, markers and legends, written as inline SVG. Coordinates are
 * printed with one decimal, so a chart of a thousand points stays small.
 * Label texts are the caller's constants; a string from a report or a
 * file goes through html_esc() before it is written.
 */
#ifndef VERIO_REPORT_SVG_H
#define VERIO_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct svg_plot {
	double left, top, width, height;	/* the plot area, px */
	double x0, x1, y0, y1;			/* the data it shows */
	bool logx;				/* x on a log10 scale (x0 > 0) */
	bool logy;				/* y on a log10 scale (y0 > 0) */
};

/* A data point's pixel. */
double svg_x(const struct svg_plot *p, double x);
double svg_y(const struct svg_plot *p, double y);

/* A round step (1, 2 or 5 times a power of ten) giving about n ticks. */
double svg_step(double range, unsigned n);

/* A unit for values up to @max: its name and its size in the base unit. */
struct svg_unit {
	const char *name;
	double div;
};

/* Bytes/s as B/s, KiB/s, MiB/s, GiB/s; ns as ns, µs, ms, s; counts as is or in k, M. */
struct svg_unit svg_unit_rate(double max);
struct svg_unit svg_unit_ns(double max);
struct svg_unit svg_unit_count(double max);

/*
 * <svg> of w x h px with class @cls and an aria-label @label, and its
 * end. The plot area is w, h less margins for the axes and the legend;
 * *p is set whole: that area, linear axes, no data range yet.
 */
void svg_begin(FILE *f, unsigned w, unsigned h, const char *cls, const char *label,
	       struct svg_plot *p);
void svg_end(FILE *f);

/* Axes with ticks; values on them in @xu / @yu (x log: decades). */
void svg_axes(FILE *f, const struct svg_plot *p, const char *xlabel, struct svg_unit xu,
	      const char *ylabel, struct svg_unit yu);

/*
 * A polyline through n points (data units); a NaN y breaks it.
 * @cls: its class; @color its stroke; @dash a stroke-dasharray or NULL.
 */
void svg_line(FILE *f, const struct svg_plot *p, const double *x, const double *y, size_t n,
	      const char *cls, const char *color, const char *dash);

/* A filled rectangle spanning x0..x1 over the plot's height. */
void svg_span_open(FILE *f, const struct svg_plot *p, double x0, double x1, const char *cls,
		   const char *fill);
void svg_span_close(FILE *f);	/* after a <title> the caller may write */

/* A bar from y0 (the axis) to y over x0..x1, with @title as its tooltip (escaped). */
void svg_bar(FILE *f, const struct svg_plot *p, double x0, double x1, double y,
	     const char *cls, const char *fill, const char *title);

/* The i-th legend entry above the plot: a swatch (line or box) and a label. */
void svg_legend(FILE *f, const struct svg_plot *p, unsigned i, const char *color,
		const char *dash, bool box, const char *label);

#endif /* VERIO_REPORT_SVG_H */
