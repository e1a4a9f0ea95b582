/*
 * test-ovjournal.c - unit tests for src/verify/ovjournal.c (the overlap
 * journal: codec, writer, reader, torn tails, buffered durability) and the
 * crash tables of src/verify/overlap.c that its records rebuild.
 */
#include "compat.h"

#include <fcntl.h>
#include <limits.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "verify/overlap.h"
#include "verify/ovjournal.h"

static const struct ovj_hdr hdr = {
	.flags = OVJ_F_BUFFERED, .unit_len = 4096, .nr_files = 2, .clone = 3,
	.name_crc = 0xabcdef01, .run_id = 0x1122334455667788ULL, .seed = 42,
};

static void test_ovjournal__codec(void **state)
{
	uint8_t b[OVJ_HDR_LEN], r[OVJ_REC_LEN];
	struct ovj_hdr h;
	struct ovj_rec x, y = { .type = OVJ_DONE, .file = 1, .blk = (1ULL << 40) - 1,
				.ticket = 0x7ffffff };

	(void)state;
	ovj_hdr_encode(b, &hdr);
	assert_int_equal(ovj_hdr_decode(b, sizeof(b), &h), 0);
	assert_int_equal(h.flags, hdr.flags);
	assert_int_equal(h.unit_len, hdr.unit_len);
	assert_int_equal(h.nr_files, hdr.nr_files);
	assert_int_equal(h.clone, hdr.clone);
	assert_int_equal(h.name_crc, hdr.name_crc);
	assert_int_equal(h.run_id, hdr.run_id);
	assert_int_equal(h.seed, hdr.seed);
	assert_int_equal(ovj_hdr_decode(b, sizeof(b) - 1, &h), -EBADMSG);
	b[20] ^= 1;
	assert_int_equal(ovj_hdr_decode(b, sizeof(b), &h), -EILSEQ);
	ovj_rec_encode(r, &y, 7);
	assert_int_equal(ovj_rec_decode(r, &x, 7), 0);
	assert_int_equal(x.type, y.type);
	assert_int_equal(x.file, y.file);
	assert_int_equal(x.blk, y.blk);
	assert_int_equal(x.ticket, y.ticket);
	/* The same bytes at another place of the file do not check. */
	assert_int_equal(ovj_rec_decode(r, &x, 8), -EILSEQ);
}

struct seen {
	int n, durable_done, done;
	uint32_t last_ticket;
};

static int count(void *arg, const struct ovj_rec *r, bool durable)
{
	struct seen *s = arg;

	s->n++;
	if (r->type == OVJ_DONE) {
		s->done++;
		s->durable_done += durable;
	}
	s->last_ticket = r->ticket;
	return 0;
}

static void test_ovjournal__write_replay_torn(void **state)
{
	char dir[] = "/tmp/verio-ovj-XXXXXX", path[PATH_MAX], why[256];
	struct ovj_hdr h;
	struct seen s = { 0 };
	struct ovj *j;
	int err, fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/j.ovjournal", dir);
	assert_int_equal(ovj_replay(path, &h, count, &s, why, sizeof(why)), -ENOENT);
	j = ovj_create(path, &hdr, 2, &err);	/* room for two: flushes early */
	assert_non_null(j);
	for (uint32_t i = 1; i <= 5; i++) {
		const struct ovj_rec in = { .type = OVJ_INTENT, .file = 0, .blk = 8 * i, .ticket = i };
		const struct ovj_rec dn = { .type = OVJ_DONE, .file = 0, .blk = 8 * i, .ticket = i };

		assert_int_equal(ovj_add(j, &in), 0);
		assert_true(ovj_need_flush(j));
		assert_int_equal(ovj_flush(j), 0);
		assert_false(ovj_need_flush(j));
		assert_int_equal(ovj_add(j, &dn), 0);
		if (i == 3) {	/* the first three DONEs are covered by a sync */
			const struct ovj_rec sy = { .type = OVJ_SYNC, .file = 0 };

			assert_int_equal(ovj_add(j, &sy), 0);
		}
	}
	assert_int_equal(ovj_close(j), 0);
	assert_int_equal(ovj_replay(path, &h, count, &s, why, sizeof(why)), 11);
	assert_int_equal(s.done, 5);
	assert_int_equal(s.durable_done, 3);
	assert_int_equal(h.run_id, hdr.run_id);
	/* The header only. */
	assert_int_equal(ovj_replay(path, &h, NULL, NULL, why, sizeof(why)), 0);
	/* A torn last record: the ten before it stay. */
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, OVJ_HDR_LEN + 10 * OVJ_REC_LEN + 9), 0);
	close(fd);
	memset(&s, 0, sizeof(s));
	assert_int_equal(ovj_replay(path, &h, count, &s, why, sizeof(why)), 10);
	assert_int_equal(s.last_ticket, 5);	/* the fifth INTENT */
	/* A damaged header. */
	fd = open(path, O_WRONLY);
	assert_int_equal(pwrite(fd, "X", 1, 0), 1);
	close(fd);
	assert_int_equal(ovj_replay(path, &h, count, &s, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "is not a verio overlap journal"));
	unlink(path);
	rmdir(dir);
}

/* Tickets as vovl_write_issue() makes them: gen, the window, older. */
static uint32_t ticket(uint16_t gen, uint32_t pred)
{
	return gen | pred << 16;
}

static void test_ovjournal__crash_table(void **state)
{
	struct vovl *t = vovl_new(4);

	(void)state;
	assert_non_null(t);
	assert_int_equal(vovl_crash_begin(t), 0);
	/* Unit 0: gens 1..6 issued; 2 and 4 durably done; 4 was issued while
	 * 3 was in flight (bit 0 of its window: gen 3). */
	for (uint16_t g = 1; g <= 6; g++)
		vovl_crash_intent(t, 0, ticket(g, 0));
	vovl_crash_done(t, 0, ticket(4, 1));
	vovl_crash_done(t, 0, ticket(2, 0));	/* any order */
	assert_int_equal(vovl_done(vovl_snap(t, 0)), 4);
	assert_int_equal(vovl_issued(vovl_snap_reap(t, 0)), 6);
	assert_int_equal(vovl_judge(vovl_snap(t, 0), vovl_snap_reap(t, 0), 4), VOVL_CURRENT);
	assert_int_equal(vovl_judge(vovl_snap(t, 0), vovl_snap_reap(t, 0), 3), VOVL_OLDER);
	assert_int_equal(vovl_judge(vovl_snap(t, 0), vovl_snap_reap(t, 0), 5), VOVL_NEWER);
	assert_int_equal(vovl_judge(vovl_snap(t, 0), vovl_snap_reap(t, 0), 6), VOVL_NEWER);
	assert_int_equal(vovl_judge(vovl_snap(t, 0), vovl_snap_reap(t, 0), 2), VOVL_STALE);
	assert_int_equal(vovl_judge(vovl_snap(t, 0), vovl_snap_reap(t, 0), 7), VOVL_FUTURE);
	assert_int_equal(vovl_judge(vovl_snap(t, 0), vovl_snap_reap(t, 0), 0), VOVL_STALE);
	/* Unit 1: issued, never durably done: what was there, or any of them. */
	vovl_crash_intent(t, 1, ticket(1, 0));
	vovl_crash_intent(t, 1, ticket(2, 1));
	assert_int_equal(vovl_judge(vovl_snap(t, 1), vovl_snap_reap(t, 1), 0), VOVL_BEFORE);
	assert_int_equal(vovl_judge(vovl_snap(t, 1), vovl_snap_reap(t, 1), 2), VOVL_NEWER);
	/* Unit 2: nothing at all. */
	assert_int_equal(vovl_issued(vovl_snap_reap(t, 2)), 0);
	vovl_put(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ovjournal__codec),
		cmocka_unit_test(test_ovjournal__write_replay_torn),
		cmocka_unit_test(test_ovjournal__crash_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
