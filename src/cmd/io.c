/*
 * io.c - `verio io TARGET`: I/O commands typed against a target, with the
 * verifier's view of each block (as qemu-io opens an image without a VM).
 * Not built yet: it says so and fails as a usage error.
 */
#include "compat.h"

#include "cmd/cmd.h"

int cmd_io(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "verio: the 'io' command is not built yet\n");
	return 2;
}
