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

const char *mirror_side_key(unsigned side)
{
	static const char *const keys[] = { "none", "target", "reference", "both" };

	return keys[side & MIRROR_SIDE_BOTH];
}

const char *mirror_reread_text(const struct mirror_range *r, char *buf, size_t cap)
{
	static const char *const whose[] = {
		"neither side's", "the target's", "the reference's", "both sides'",
	};

	switch (r->reread) {
	case VREREAD_PERSISTENT:
		return "persistent: the reread with the cache bypassed shows the same data on "
		       "both sides";
	case VREREAD_TRANSIENT:
		snprintf(buf, cap, "transient: the reread with the cache bypassed agrees; %s "
			 "first read changed", whose[r->reread_side & MIRROR_SIDE_BOTH]);
		return buf;
	case VREREAD_CHANGED:
		snprintf(buf, cap, "changed: the reread with the cache bypassed differs "
			 "otherwise; %s data changed", whose[r->reread_side & MIRROR_SIDE_BOTH]);
		return buf;
	case VREREAD_ERROR:
		snprintf(buf, cap, "error: the reread with the cache bypassed failed: %s",
			 strerror(r->reread_errno));
		return buf;
	default:
		return "";
	}
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
	for (int k = 0; k < VREREAD_NR; k++)
		dst->rereads[k] += src->rereads[k];
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
		if (r->reread != VREREAD_NONE)
			json_str(w, "reread", vreread_key(r->reread));
		if (r->reread == VREREAD_TRANSIENT || r->reread == VREREAD_CHANGED)
			json_str(w, "reread_changed", mirror_side_key(r->reread_side));
		if (r->reread == VREREAD_ERROR) {
			json_u64(w, "reread_errno", (uint64_t)r->reread_errno);
			json_str(w, "reread_error", strerror(r->reread_errno));
		}
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_begin(w, "rereads");
	for (int k = VREREAD_OFF; k < VREREAD_NR; k++)
		json_u64(w, vreread_key((unsigned)k), m->rereads[k]);
	json_obj_end(w);
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
