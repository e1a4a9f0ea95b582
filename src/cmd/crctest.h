/*
 * crctest.h - `verio crctest [ALGO]` (and its alias --crctest[=ALGO]):
 * checksum and data-fill throughput on this machine.
 */
#ifndef VERIO_CMD_CRCTEST_H
#define VERIO_CMD_CRCTEST_H

#include <stdio.h>

/*
 * crctest_run() - time every checksum algorithm, or only algo (a name or
 * alias of csum.h, or "fill" for the payload fill alone), on this CPU and
 * print one line each to out: name, implementation, GB/s (10^9 bytes per
 * second, one core) hashing a cache-resident 1 MiB buffer, and hashing a
 * 64 MiB buffer streamed from memory; then, for a full run, the payload
 * fill in 512 B, 4 KiB and 1 MiB calls.  Each figure is the median of
 * seven runs of ~15 ms; a full run takes about 4 s.
 *
 * Returns 0, -EINVAL for an unknown algo (nothing printed), -ENOMEM, or
 * -EIO if writing to out failed.
 */
int crctest_run(FILE *out, const char *algo);

/*
 * crctest_command() - crctest_run() to stdout, its errors said on stderr.
 * Returns the exit status: 0, 2 for an unknown algo, 3 when out of
 * memory or writing failed.
 */
int crctest_command(const char *algo);

#endif /* VERIO_CMD_CRCTEST_H */
