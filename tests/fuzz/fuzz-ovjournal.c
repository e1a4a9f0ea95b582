/*
 * fuzz-ovjournal.c - the overlap journal reader (ovj_replay) and the crash
 * tables its records rebuild (vovl_crash_*), on arbitrary bytes.
 *
 * The input is one control byte, then a journal file.  With bit 0 set the
 * crcs are made to check first (the header's, then every whole record's
 * at its index), as a hand-made journal would be, so that the records'
 * contents reach the reader.  Checked on every input: the result is a
 * record count, -EBADMSG with why set, or -ENOMEM; each record handed
 * over has a known type and names a file of the header; as many were
 * handed over as the count says; every record fed to a table of 64 units
 * leaves each unit that is not ambiguous judging its newest durable write
 * as current and its newest intent as legal.  Anything else aborts.
 */
#include "fuzz.h"

#include "csum.h"
#include "le.h"
#include "verify/overlap.h"
#include "verify/ovjournal.h"

#define INPUT_MAX (1u << 20)
#define UNITS 64

struct ctx {
	uint32_t files;
	long calls;
	struct vovl *t;
};

static int on_rec(void *arg, const struct ovj_rec *r, bool durable)
{
	struct ctx *c = arg;

	if (r->type < OVJ_INTENT || r->type > OVJ_SYNC || r->file >= c->files)
		abort();
	c->calls++;
	if (r->type == OVJ_INTENT)
		vovl_crash_intent(c->t, r->blk % UNITS, r->ticket);
	else if (r->type == OVJ_DONE && durable)
		vovl_crash_done(c->t, r->blk % UNITS, r->ticket);
	return 0;
}

/* Make the header's and every whole record's crc check. */
static void fix_crcs(uint8_t *p, size_t len)
{
	uint8_t rec[OVJ_REC_LEN];

	if (len < OVJ_HDR_LEN)
		return;
	put_le32(p + 60, csum_crc32c(p, 60));
	for (size_t at = OVJ_HDR_LEN, i = 0; at + OVJ_REC_LEN <= len; at += OVJ_REC_LEN, i++) {
		struct ovj_rec r = { .type = p[at], .file = get_le16(p + at + 1),
				     .blk = get_le32(p + at + 3) | (uint64_t)p[at + 7] << 32,
				     .ticket = get_le32(p + at + 8) };

		ovj_rec_encode(rec, &r, i);
		memcpy(p + at, rec, OVJ_REC_LEN);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX + 64], why[512] = "";
	struct ctx c = { 0 };
	struct ovj_hdr h;
	uint8_t *buf;
	long n;

	if (!size || size > INPUT_MAX)
		return -1;
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (data[0] & 1)
		fix_crcs(buf, size - 1);
	fuzz_write("j", buf, size - 1);
	free(buf);
	fuzz_path(path, sizeof(path), "j");
	c.t = vovl_new(UNITS);
	if (!c.t || vovl_crash_begin(c.t) < 0)
		abort();
	n = ovj_replay(path, &h, NULL, NULL, why, sizeof(why));
	if (!n) {
		c.files = h.nr_files;
		n = ovj_replay(path, &h, on_rec, &c, why, sizeof(why));
	}
	if (n < 0 && n != -EBADMSG && n != -ENOMEM && n != -EILSEQ && n != -EPROTO)
		abort();
	if (n == -EBADMSG && !why[0])
		abort();	/* refused without saying why */
	if (n >= 0 && n != c.calls)
		abort();
	for (uint64_t u = 0; u < UNITS; u++) {
		uint64_t a = vovl_snap(c.t, u), r = vovl_snap_reap(c.t, u);

		if (vovl_ambiguous(a))
			continue;	/* not judged */
		if (vovl_done(a) && vovl_judge(a, r, vovl_done(a)) != VOVL_CURRENT)
			abort();
		if (vovl_issued(r) && !vovl_legal(vovl_judge(a, r, vovl_issued(r))))
			abort();
	}
	vovl_put(c.t);
	return 0;
}
