/*
 * fuzz-history.c - the write history reader (vhist_open: header, segments,
 * the join of writes with their completions and syncs) and vhist_slice on
 * arbitrary bytes.
 *
 * The input is one control byte, then:
 *   - bit 0 clear: a history file as it is, except that the crcs are made
 *     to check where the layout can be followed (the header's, then each
 *     segment header's and its data crc), as a hand-made file would be;
 *     the compressed data stays as it is (zlib checks its own).
 *   - bit 0 set: raw 32-byte records.  The target writes a valid history
 *     of them (docs/format.md, "Write history": a header naming two files
 *     and three jobs, segments of at most 2048 records, the stream of each
 *     segment from control bits 1-2), so the join sees any record
 *     content.  Such a history must open, untorn.
 * Checked on every input: the result is 0, -EBADMSG or -ENOMEM (why set
 * when not 0); after an open: the writes are in issue-time order,
 * vhist_find() over a whole file calls back once per write of it (of a
 * non-zero length); a slice of file 0 opens and holds exactly those.  Anything else aborts.
 */
#include "fuzz.h"

#include <zlib.h>

#include "csum.h"
#include "le.h"
#include "verify/history.h"
#include "verify/history-priv.h"

#define INPUT_MAX (1u << 20)

static const char *const files[] = { "/nonexistent/f0", "/nonexistent/f1" };
static const char *const jobs[] = { "a", "a", "b" };
static const uint32_t clones[] = { 0, 1, 0 };
static const struct vhist_meta meta = {
	.run_id = 7, .seed = 9, .unit_len = 4096, .sector_size = 512, .files = files,
	.nr_files = 2, .jobs = jobs, .clones = clones, .nr_jobs = 3,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

/* Make the crcs of a history file check where its layout can be followed. */
static void fix_crcs(uint8_t *p, size_t len)
{
	uint32_t hl;
	size_t pos;

	if (len < 16)
		return;
	hl = get_le32(p + 12);
	if (hl < 8 || hl > len)
		return;
	put_le32(p + hl - 4, csum_crc32c(p, hl - 4));
	for (pos = hl; pos + VHIST_SEG_HDR_LEN <= len;) {
		uint8_t *h = p + pos;
		uint32_t clen = get_le32(h + SH_CLEN);

		if (clen > len - pos - VHIST_SEG_HDR_LEN)
			break;
		put_le32(h + SH_CCRC, csum_crc32c(h + VHIST_SEG_HDR_LEN, clen));
		put_le32(h + SH_CRC, csum_crc32c(h, SH_CRC));
		pos += VHIST_SEG_HDR_LEN + clen;
	}
}

/* Write a valid history holding the records of data (n whole ones). */
static void make_history(const uint8_t *data, size_t len, uint8_t c, const char *path)
{
	size_t n = len / VHIST_REC_LEN, hl, cap = vhist_seg_cap();
	uint8_t *hdr = vhist_hdr_encode(&meta, 1, 0, &hl), *out = malloc(cap);
	z_stream z = { 0 };
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (!hdr || !out || fd < 0 || deflateInit(&z, Z_BEST_SPEED) != Z_OK)
		abort();
	if (write(fd, hdr, hl) != (ssize_t)hl)
		abort();
	for (size_t i = 0, seg = 0; i < n; seg++) {
		uint32_t k = (uint32_t)(n - i > VHIST_BUF_RECS ? VHIST_BUF_RECS : n - i);
		uint32_t job = (uint32_t)((c >> 1) + seg) % 3;
		long l = vhist_seg_build(&z, out, cap, data + i * VHIST_REC_LEN, k, job,
					 clones[job], vhist_name_crc(jobs[job]), seg);

		if (l < 0 || write(fd, out, (size_t)l) != l)
			abort();
		i += k;
	}
	deflateEnd(&z);
	close(fd);
	free(hdr);
	free(out);
}

static int count_cb(const struct vhist_write *w, void *arg)
{
	(void)w;
	++*(long *)arg;
	return 0;
}

static void check(const struct vhist *h, const char *path, const char *slice)
{
	const struct vhist_range all = { files[0], 0, UINT64_MAX };
	const struct vhist_write *w;
	struct vhist *s = NULL;
	long in0 = 0, calls = 0;
	char why[512];
	int r;
	size_t n, ns;

	w = vhist_writes(h, &n);
	for (size_t i = 0; i < n; i++) {
		if (i && w[i - 1].t_issue_ns > w[i].t_issue_ns)
			abort();
		in0 += w[i].file == 0 && w[i].len;
	}
	vhist_syncs(h, &ns);
	if (vhist_nr_files(h) < 1 || strcmp(vhist_file_name(h, 0), files[0]))
		return;		/* a raw file with other tables: done */
	if (vhist_find(h, files[0], 0, UINT64_MAX, count_cb, &calls) < 0 || calls != in0)
		abort();
	if (vhist_slice(path, slice, &all, 1, why, sizeof(why)) < 0)
		return;		/* ENOMEM, or the file changed: nothing to check */
	r = vhist_open(slice, &s, why, sizeof(why));
	if (r == -ENOMEM)
		return;
	if (r < 0 || vhist_torn_tail(s))
		abort();	/* a slice must read back, whole */
	vhist_writes(s, &n);
	for (size_t i = 0; i < n; i++)
		calls -= vhist_writes(s, &ns)[i].file == 0 && vhist_writes(s, &ns)[i].len;
	if (calls)
		abort();
	vhist_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX + 64], slice[PATH_MAX + 64], why[512] = "";
	struct vhist *h = NULL;
	uint8_t c, *buf;
	int r;

	if (!size || size > INPUT_MAX)
		return -1;
	c = data[0];
	fuzz_path(path, sizeof(path), "h");
	fuzz_path(slice, sizeof(slice), "s");
	if (c & 1) {
		make_history(data + 1, size - 1, c, path);
	} else {
		buf = malloc(size);
		if (!buf)
			return 0;
		memcpy(buf, data + 1, size - 1);
		fix_crcs(buf, size - 1);
		fuzz_write("h", buf, size - 1);
		free(buf);
	}
	r = vhist_open(path, &h, why, sizeof(why));
	if (r != 0 && r != -EBADMSG && r != -ENOMEM)
		abort();
	if (r && !why[0])
		abort();
	if ((c & 1) && (r || vhist_torn_tail(h)))
		abort();	/* a valid history must read, whole */
	if (!r)
		check(h, path, slice);
	vhist_close(h);
	return 0;
}
