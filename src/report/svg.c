/*
 * svg.c - chart primitives as inline SVG (report/svg.h).
 */
#include "compat.h"

#include <math.h>

#include "report/html-priv.h"
#include "report/svg.h"

#define M_LEFT 72.0
#define M_RIGHT 16.0
#define M_TOP 40.0		/* two rows of legend */
#define M_BOTTOM 40.0
#define LEGEND_W 128.0

double svg_x(const struct svg_plot *p, double x)
{
	double f;

	if (p->logx)
		f = (log10(x) - log10(p->x0)) / (log10(p->x1) - log10(p->x0));
	else
		f = (x - p->x0) / (p->x1 - p->x0);
	return p->left + f * p->width;
}

double svg_y(const struct svg_plot *p, double y)
{
	double f;

	if (p->logy)
		f = (log10(y > p->y0 ? y : p->y0) - log10(p->y0)) / (log10(p->y1) - log10(p->y0));
	else
		f = (y - p->y0) / (p->y1 - p->y0);
	return p->top + p->height - f * p->height;
}

double svg_step(double range, unsigned n)
{
	double raw = range / (n ? n : 1), mag, f;

	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

static struct svg_unit pick(double max, const char *const *names, double base, unsigned n)
{
	struct svg_unit u = { names[0], 1 };

	for (unsigned i = 1; i < n && max >= base * u.div; i++) {
		u.name = names[i];
		u.div *= base;
	}
	return u;
}

struct svg_unit svg_unit_rate(double max)
{
	static const char *const n[] = { "B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s" };

	return pick(max, n, 1024, ARRAY_SIZE(n));
}

struct svg_unit svg_unit_ns(double max)
{
	static const char *const n[] = { "ns", "\xc2\xb5s", "ms", "s" };

	return pick(max, n, 1000, ARRAY_SIZE(n));
}

struct svg_unit svg_unit_count(double max)
{
	static const char *const n[] = { "", "k", "M" };

	return pick(max, n, 1000, ARRAY_SIZE(n));
}

void svg_begin(FILE *f, unsigned w, unsigned h, const char *cls, const char *label,
	       struct svg_plot *p)
{
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" width=\"%u\" "
		   "height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" aria-label=\"%s\" "
		   "font-family=\"sans-serif\" font-size=\"11\">\n",
		cls, w, h, w, h, label);
	/* linear axes until the caller says otherwise; the data range is its to set */
	*p = (struct svg_plot){ .left = M_LEFT, .top = M_TOP, .width = w - M_LEFT - M_RIGHT,
				.height = h - M_TOP - M_BOTTOM };
}

void svg_end(FILE *f)
{
	fputs("</svg>\n", f);
}

/* A tick value in unit u, with the decimals the step needs. */
static void tick_label(FILE *f, double v, double step)
{
	int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);

	fprintf(f, "%.*f", dec > 6 ? 6 : dec, fabs(v) < step / 1e6 ? 0.0 : v);
}

static void xtick(FILE *f, const struct svg_plot *p, double v, struct svg_unit xu, double step)
{
	double x = svg_x(p, v * xu.div), bottom = p->top + p->height;

	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>", x,
		bottom, x, bottom + 4);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, bottom + 15);
	tick_label(f, v, step);
	fputs("</text>\n", f);
}

/* Log scale: each decade, and 2 and 5 times it when there are few. */
static void xticks_log(FILE *f, const struct svg_plot *p, struct svg_unit xu)
{
	static const unsigned fine[] = { 1, 2, 5 };
	unsigned nm = p->x1 / p->x0 < 1000 ? 3 : 1;
	double d = pow(10, floor(log10(p->x0)));

	for (unsigned n = 0; d <= p->x1 && n < 40; d *= 10, n++)
		for (unsigned i = 0; i < nm; i++) {
			double v = d * fine[i];

			if (v >= p->x0 * 0.9999 && v <= p->x1 * 1.0001)
				xtick(f, p, v / xu.div, xu, v / xu.div);
		}
}

static void xticks(FILE *f, const struct svg_plot *p, struct svg_unit xu)
{
	double step = svg_step((p->x1 - p->x0) / xu.div, 8);

	if (p->logx) {
		xticks_log(f, p, xu);
		return;
	}
	/* Counted: a step below the values' precision would never reach the end. */
	for (unsigned i = 0; i <= 2 * 8 + 1; i++) {
		double v = (ceil(p->x0 / xu.div / step) + i) * step;

		if (v > p->x1 / xu.div + step / 1e6)
			break;
		xtick(f, p, v, xu, step);
	}
}

static void ytick(FILE *f, const struct svg_plot *p, double v, struct svg_unit yu, double step)
{
	double y = svg_y(p, v * yu.div);

	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>",
		p->left, y, p->left + p->width, y);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", p->left - 5, y + 4);
	tick_label(f, v, step);
	fputs("</text>\n", f);
}

static void yticks(FILE *f, const struct svg_plot *p, struct svg_unit yu)
{
	static const unsigned fine[] = { 1, 2, 5 };
	double r = (p->y1 - p->y0) / yu.div, step = svg_step(r, 5);

	if (p->logy) {
		unsigned nm = p->y1 / p->y0 < 1000 ? 3 : 1;
		double d = pow(10, floor(log10(p->y0)));

		for (unsigned n = 0; d <= p->y1 && n < 40; d *= 10, n++)
			for (unsigned i = 0; i < nm; i++) {
				double v = d * fine[i];

				if (v >= p->y0 * 0.9999 && v <= p->y1 * 1.0001)
					ytick(f, p, v / yu.div, yu, v / yu.div);
			}
		return;
	}
	for (unsigned i = 0; i <= 2 * 5 + 1; i++) {
		double v = (ceil(p->y0 / yu.div / step) + i) * step;

		if (v > p->y1 / yu.div + step / 1e6)
			break;
		ytick(f, p, v, yu, step);
	}
}

void svg_axes(FILE *f, const struct svg_plot *p, const char *xlabel, struct svg_unit xu,
	      const char *ylabel, struct svg_unit yu)
{
	double bottom = p->top + p->height;

	fputs("<g class=\"axes\">\n", f);
	yticks(f, p, yu);
	xticks(f, p, xu);
	fprintf(f, "<path d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" stroke=\"#444\"/>\n", p->left,
		p->top, bottom, p->left + p->width);
	fprintf(f, "<text class=\"xlabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s (%s)"
		   "</text>\n", p->left + p->width / 2, bottom + 32, xlabel, xu.name);
	fprintf(f, "<text class=\"ylabel\" transform=\"translate(14 %.1f) rotate(-90)\" "
		   "text-anchor=\"middle\">%s%s%s%s</text>\n", p->top + p->height / 2, ylabel,
		*yu.name ? " (" : "", yu.name, *yu.name ? ")" : "");
	fputs("</g>\n", f);
}

void svg_line(FILE *f, const struct svg_plot *p, const double *x, const double *y, size_t n,
	      const char *cls, const char *color, const char *dash)
{
	bool open = false;

	for (size_t i = 0; i < n; i++) {
		if (isnan(y[i])) {
			if (open)
				fputs("\"/>\n", f);
			open = false;
			continue;
		}
		if (!open) {
			fprintf(f, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" "
				   "stroke-width=\"1.5\"%s%s%s points=\"", cls, color,
				dash ? " stroke-dasharray=\"" : "", dash ? dash : "",
				dash ? "\"" : "");
			open = true;
		} else {
			fputc(' ', f);
		}
		fprintf(f, "%.1f,%.1f", svg_x(p, x[i]), svg_y(p, y[i]));
	}
	if (open)
		fputs("\"/>\n", f);
}

void svg_span_open(FILE *f, const struct svg_plot *p, double x0, double x1, const char *cls,
		   const char *fill)
{
	double a = svg_x(p, x0 < p->x0 ? p->x0 : x0), b = svg_x(p, x1 > p->x1 ? p->x1 : x1);

	fprintf(f, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		   "fill=\"%s\">", cls, a, p->top, b > a ? b - a : 0, p->height, fill);
}

void svg_span_close(FILE *f)
{
	fputs("</rect>\n", f);
}

void svg_bar(FILE *f, const struct svg_plot *p, double x0, double x1, double y,
	     const char *cls, const char *fill, const char *title)
{
	double a = svg_x(p, x0), b = svg_x(p, x1), top = svg_y(p, y), base = svg_y(p, p->y0);

	fprintf(f, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		   "fill=\"%s\"><title>", cls, a, top, b > a ? b - a : 0, base - top, fill);
	html_esc(f, title);
	fputs("</title></rect>\n", f);
}

void svg_legend(FILE *f, const struct svg_plot *p, unsigned i, const char *color,
		const char *dash, bool box, const char *label)
{
	unsigned per_row = (unsigned)(p->width / LEGEND_W);
	double x, y;

	if (!per_row)
		per_row = 1;
	x = p->left + (i % per_row) * LEGEND_W;
	y = 12 + (i / per_row) * 14.0;
	fputs("<g class=\"legend\">", f);
	if (box)
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"9\" fill=\"%s\" "
			   "stroke=\"#999\"/>", x, y - 8, color);
	else
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			   "stroke-width=\"2\"%s%s%s/>", x, y - 4, x + 18, y - 4, color,
			dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s</text></g>\n", x + 22, y, label);
}
