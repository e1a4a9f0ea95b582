#include "compat.h"

#include "json.h"
#include "report/mirror.h"
#include "verify/incident.h"

const char *mirror_class_key(unsigned cls)
{
	if (cls == MIRROR_CLS_NONE)
		return "unclassified";
	if (cls == MIRROR_CLS_TARGET_OK)
		return "target_ok";
	return verify_class_key(cls);
}

void mirror_stats_merge(struct mirror_stats *dst, const struct mirror_stats *src)
{
	if (!src->enabled)
		return;
	if (!dst->ranges || (src->ranges && src->first_offset < dst->first_offset))
		dst->first_offset = src->first_offset;
	dst->enabled = true;
	dst->reads += src->reads;
	dst->bytes += src->bytes;
	dst->mismatched_reads += src->mismatched_reads;
	dst->ranges += src->ranges;
	dst->range_bytes += src->range_bytes;
	for (unsigned i = 0; i < src->nr && dst->nr < MIRROR_RANGES_MAX; i++)
		dst->r[dst->nr++] = src->r[i];
}

void mirror_stats_json(struct json_writer *w, const struct mirror_stats *m)
{
	if (!m->enabled)
		return;
	json_obj_begin(w, "mirror");
	json_u64(w, "reads", m->reads);
	json_u64(w, "bytes", m->bytes);
	json_u64(w, "mismatched_reads", m->mismatched_reads);
	json_u64(w, "mismatches", m->ranges);
	json_u64(w, "mismatch_bytes", m->range_bytes);
	if (m->ranges)
		json_u64(w, "first_mismatch_offset", m->first_offset);
	json_arr_begin(w, "ranges");
	for (unsigned i = 0; i < m->nr; i++) {
		const struct mirror_range *r = &m->r[i];

		json_obj_begin(w, NULL);
		json_str(w, "file", r->file ? r->file : "");
		json_str(w, "reference", r->ref ? r->ref : "");
		json_u64(w, "offset", r->offset);
		json_u64(w, "length", r->len);
		json_u64(w, "request_offset", r->req_offset);
		json_u64(w, "request_length", r->req_len);
		json_u64(w, "first_diff_offset", r->first_diff);
		json_str(w, "class", mirror_class_key(r->cls));
		if (r->dump[0]) {
			char path[600];

			snprintf(path, sizeof(path), "%s.received", r->dump);
			json_str(w, "dump_target", path);
			snprintf(path, sizeof(path), "%s.expected", r->dump);
			json_str(w, "dump_reference", path);
		}
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
}

void mirror_stats_print(FILE *out, const struct mirror_stats *m)
{
	if (!m->enabled)
		return;
	fprintf(out, "  mirror       : reads=%" PRIu64 ", bytes=%" PRIu64 ", mismatches=%" PRIu64
		" (%" PRIu64 " bytes in %" PRIu64 " read%s)", m->reads, m->bytes, m->ranges,
		m->range_bytes, m->mismatched_reads, m->mismatched_reads == 1 ? "" : "s");
	if (m->ranges)
		fprintf(out, ", first at offset %" PRIu64, m->first_offset);
	fputc('\n', out);
}
