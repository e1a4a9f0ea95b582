/*
 * fuzz.h - what every libFuzzer target in tests/fuzz/ shares.
 *
 * A target is one file, tests/fuzz/fuzz-NAME.c, defining
 * LLVMFuzzerTestOneInput(); `make fuzz` finds it by name, builds it with
 * clang -fsanitize=fuzzer,address,undefined against the library compiled
 * the same way (build-fuzz/), seeds its corpus (tests/fuzz/seed.sh, then
 * tests/fuzz/corpus/NAME/) and runs it for FUZZ_TIME seconds.
 *
 * verio's loaders read files by path, as they do in a run, so the input
 * bytes are written to a file in a private scratch directory first.  The
 * targets print nothing of their own: the loaders' messages go to C's
 * stdout/stderr, which fuzz_init() points at /dev/null; libFuzzer and the
 * sanitizers write to file descriptor 2, which stays open.
 */
#ifndef VERIO_TESTS_FUZZ_FUZZ_H
#define VERIO_TESTS_FUZZ_FUZZ_H

#include "compat.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch directory, made once: $TMPDIR (else /dev/shm, else /tmp)/verio-fuzz.XXXXXX. */
static char fuzz_dir[PATH_MAX];

/* Where the loader reads from: fuzz_dir/name, whole path in buf. */
static inline void fuzz_path(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", fuzz_dir, name);
}

/* Remove the scratch directory (it holds only files the target wrote). */
static void fuzz_cleanup(void)
{
	char path[PATH_MAX + 256];
	struct dirent *e;
	DIR *d;

	if (!fuzz_dir[0] || !(d = opendir(fuzz_dir)))
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", fuzz_dir, e->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(fuzz_dir);
}

/*
 * Make the scratch directory (removed at exit), silence C's stdio,
 * and make stdin /dev/null (so no input can make a loader wait on a
 * terminal).  The current directory stays: libFuzzer's corpus and
 * artifact paths may be relative to it.
 * Aborts on failure: a target that cannot set up must not report runs.
 */
static inline void fuzz_init(void)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	/* tmpfs when there is one: the loaders' fsyncs cost nothing there. */
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/verio-fuzz.XXXXXX", tmp);
	if (!mkdtemp(fuzz_dir))
		abort();
	atexit(fuzz_cleanup);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0 || dup2(fd, 0) < 0)
		abort();
	close(fd);
	stdout = fopen("/dev/null", "w");
	stderr = fopen("/dev/null", "w");
	if (!stdout || !stderr)
		abort();
}

/* Write len bytes of p to fuzz_dir/name (replacing it); aborts on failure. */
static inline void fuzz_write(const char *name, const void *p, size_t len)
{
	char path[PATH_MAX + 64];
	const uint8_t *b = p;
	int fd;

	fuzz_path(path, sizeof(path), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		abort();
	while (len) {
		ssize_t w = write(fd, b, len);

		if (w <= 0)
			abort();
		b += w;
		len -= (size_t)w;
	}
	close(fd);
}

#endif /* VERIO_TESTS_FUZZ_FUZZ_H */
