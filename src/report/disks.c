/*
 * disks.c - fio's disk utilisation in each format: the JSON "disk_util"
 * array, the text report's "Disk stats (read/write):" lines and terse's
 * disk fields (fio 3.33's layouts). A device with slaves also shows
 * their averages and the busiest slave's utilisation ("aggr").
 */
#include "compat.h"

#include "json.h"
#include "report/priv.h"
#include "report/report.h"

/* Averages over a device's direct slaves; n = 0 when it has none. */
struct disk_agg {
	uint64_t ios[2], merges[2], ticks[2], in_queue;
	double max_util;
	unsigned n;
};

/* Percent of the sampled time the device had I/O in flight, at most 100. */
static double disk_pct(const struct disk_util_result *d)
{
	double u = d->msec ? 100.0 * (double)d->io_ticks / (double)d->msec : 0;

	return u > 100.0 ? 100.0 : u;
}

static void disk_agg_calc(const struct report *r, size_t master, struct disk_agg *a)
{
	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < r->nr_disks; i++) {
		const struct disk_util_result *s = &r->disks[i];
		double u;

		if (s->master != (int)master)
			continue;
		for (int k = 0; k < 2; k++) {
			a->ios[k] += s->ios[k];
			a->merges[k] += s->merges[k];
			a->ticks[k] += s->ticks[k];
		}
		a->in_queue += s->in_queue;
		/* the array is as busy as its busiest member */
		u = s->msec ? 100.0 * (double)s->io_ticks / (double)s->msec : 0;
		if (u > a->max_util)
			a->max_util = u;
		a->n++;
	}
	if (a->max_util > 100.0)
		a->max_util = 100.0;
	if (!a->n)
		return;
	for (int k = 0; k < 2; k++) {
		a->ios[k] /= a->n;
		a->merges[k] /= a->n;
		a->ticks[k] /= a->n;
	}
	a->in_queue /= a->n;
}

void report_disks_json(struct json_writer *w, const struct report *r)
{
	json_arr_begin(w, "disk_util");
	for (size_t i = 0; i < r->nr_disks; i++) {
		const struct disk_util_result *d = &r->disks[i];
		struct disk_agg a;

		disk_agg_calc(r, i, &a);
		json_obj_begin(w, NULL);
		json_str(w, "name", d->name);
		json_u64(w, "read_ios", d->ios[0]);
		json_u64(w, "write_ios", d->ios[1]);
		json_u64(w, "read_merges", d->merges[0]);
		json_u64(w, "write_merges", d->merges[1]);
		json_u64(w, "read_ticks", d->ticks[0]);
		json_u64(w, "write_ticks", d->ticks[1]);
		json_u64(w, "in_queue", d->in_queue);
		json_double(w, "util", disk_pct(d));
		if (a.n) {
			json_u64(w, "aggr_read_ios", a.ios[0]);
			json_u64(w, "aggr_write_ios", a.ios[1]);
			json_u64(w, "aggr_read_merges", a.merges[0]);
			json_u64(w, "aggr_write_merge", a.merges[1]);	/* sic, fio's key */
			json_u64(w, "aggr_read_ticks", a.ticks[0]);
			json_u64(w, "aggr_write_ticks", a.ticks[1]);
			json_u64(w, "aggr_in_queue", a.in_queue);
			json_double(w, "aggr_util", a.max_util);
		}
		json_obj_end(w);
	}
	json_arr_end(w);
}

void report_disks_text(FILE *out, const struct report *r)
{
	if (!r->nr_disks)
		return;
	fputs("\nDisk stats (read/write):\n", out);
	for (size_t i = 0; i < r->nr_disks; i++) {
		const struct disk_util_result *d = &r->disks[i];
		struct disk_agg a;

		disk_agg_calc(r, i, &a);
		fprintf(out, "%s  %s: ios=%" PRIu64 "/%" PRIu64 ", merge=%" PRIu64 "/%" PRIu64
			", ticks=%" PRIu64 "/%" PRIu64 ", in_queue=%" PRIu64 ", util=%3.2f%%",
			a.n ? "  " : "", d->name, d->ios[0], d->ios[1], d->merges[0],
			d->merges[1], d->ticks[0], d->ticks[1], d->in_queue, disk_pct(d));
		if (a.n)
			fprintf(out, ", aggrios=%" PRIu64 "/%" PRIu64 ", aggrmerge=%" PRIu64 "/%" PRIu64
				", aggrticks=%" PRIu64 "/%" PRIu64 ", aggrin_queue=%" PRIu64
				", aggrutil=%3.2f%%", a.ios[0], a.ios[1], a.merges[0], a.merges[1],
				a.ticks[0], a.ticks[1], a.in_queue, a.max_util);
		fputc('\n', out);
	}
}

void report_disks_terse(FILE *out, const struct report *r)
{
	for (size_t i = 0; i < r->nr_disks; i++) {
		const struct disk_util_result *d = &r->disks[i];
		struct disk_agg a;

		disk_agg_calc(r, i, &a);
		fprintf(out, ";%s;%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64
			";%" PRIu64 ";%" PRIu64 ";%3.2f%%", d->name, d->ios[0], d->ios[1],
			d->merges[0], d->merges[1], d->ticks[0], d->ticks[1], d->in_queue,
			disk_pct(d));
		if (a.n)
			fprintf(out, ";slaves;%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64
				";%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%3.2f%%", a.ios[0],
				a.ios[1], a.merges[0], a.merges[1], a.ticks[0], a.ticks[1],
				a.in_queue, a.max_util);
	}
}
