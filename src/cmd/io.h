/*
 * io.h - `verio io`: the shell's pieces, shared by the files of the io
 * command (src/cmd/io*.c).
 *
 *   io.c        command line, open/close of the target (and the mirror),
 *               the command loop, the shared helpers below
 *   io-qemu.c   qemu-io's commands, with qemu-io's options and output
 *   io-verio.c  verio's own commands on stamped data (stamp, verify,
 *               dump, corrupt)
 *   io-line.c   where command lines come from: -c, a pipe, or an
 *               interactive terminal (libedit when built with it)
 *
 * A command prints its own output (stdout) and messages, and returns 0,
 * or a negative errno when it failed: the shell carries on and the batch
 * exit status says that a command failed.
 */
#ifndef VERIO_CMD_IO_H
#define VERIO_CMD_IO_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct io_shell {
	char *path;		/* the open target; NULL when none is open */
	int fd;			/* -1 when closed */
	uint64_t size;		/* its length in bytes */
	unsigned lbs;		/* logical block size (512 if unknown) */
	bool readonly;		/* -r: opened O_RDONLY, writes refused */
	bool direct;		/* -d: O_DIRECT */
	bool force;		/* --force: a mounted or formatted device */
	char *mirror_path;	/* --mirror=REF, or NULL */
	int mirror_fd;		/* -1 when none */
	unsigned failed;	/* commands that failed so far */
	bool quit;		/* quit was asked for */
	void *aio;		/* aio_* state (io-qemu.c), NULL until used */
	bool batch;		/* -c or a pipe: aio_* requests complete (and
				 * print) before the next command runs */
};

struct io_cmd {
	const char *name;
	const char *altname;	/* qemu-io's short name ("r" for read), or NULL */
	const char *args;	/* "[-bCqv] [-P pattern] off len", or NULL */
	const char *oneline;	/* one-line help */
	void (*help)(void);	/* longer help for `help NAME`, or NULL */
	int (*fn)(struct io_shell *sh, int argc, char **argv);
	int argmin, argmax;	/* argument counts after the name; argmax -1: any */
	bool needs_target;	/* refused while no target is open */
	bool writes;		/* refused with -r */
};

/* The command tables, each ended by an entry with a NULL name. */
extern const struct io_cmd io_qemu_cmds[];
extern const struct io_cmd io_verio_cmds[];

/* "name args -- oneline": the usage line qemu-io prints (stdout). */
void io_help_line(const struct io_cmd *c);

/*
 * What a command returns when the data it checked is wrong (verify: a unit
 * failed), as opposed to a failure of the command itself: the batch then
 * exits 1, a data verification failure, as a job does.
 */
#define IO_VERIFY_FAILED (-EILSEQ)

/* The command called name (or altname) in either table, or NULL. */
const struct io_cmd *io_cmd_find(const char *name);
/* Every command name, NULL-ended (for completion). */
const char *const *io_cmd_names(void);

/*
 * io_parse_num() - a number as qemu-io reads it (decimal or 0x hex, with
 * qemu's suffixes b/k/m/g/t/p/e, powers of 1024); prints qemu-io's
 * "Parsing error: ..." line on failure and returns -EINVAL or -ERANGE.
 */
int io_parse_num(const char *s, int64_t *out);

/*
 * io_check_request() - off/len against the open target (end of device,
 * alignment when direct); prints qemu-io's message; 0 or -errno.
 */
int io_check_request(const struct io_shell *sh, int64_t off, int64_t len);

/*
 * io_request_valid() - the same checks, silent: qemu-io's commands print
 * their own "<cmd> failed: <strerror>" line. 0, -EIO (past the end) or
 * -EINVAL (negative, or not aligned under -d).
 */
int io_request_valid(const struct io_shell *sh, int64_t off, int64_t len);

/* A buffer for len bytes, aligned for O_DIRECT, filled with fill; free(). */
void *io_buf_alloc(const struct io_shell *sh, size_t len, int fill);

/*
 * io_shell_open() - open path (and sh->mirror_path, when set) for the
 * shell, after the safety checks jobs use (sh->force lifts them).
 * Prints why it failed; 0, -EBUSY (refused), or -errno.
 */
int io_shell_open(struct io_shell *sh, const char *path, bool readonly,
		  bool direct);
/* Close the target and the mirror (outstanding aio completes first). */
void io_shell_close(struct io_shell *sh);

/* Run one command line (split on blanks; changed in place): 0 or -errno. */
int io_run_line(struct io_shell *sh, char *line);

/* The longest request qemu-io takes (INT_MAX rounded down to 512). */
#define IO_MAX_REQUEST 2147483136LL

/* v in qemu-io's units: "512 bytes", "1 KiB", "1.500 MiB". */
void io_fmt_size(double v, char *buf, size_t cap);
/* Seconds on the monotonic clock. */
double io_now(void);

enum {
	IO_REPORT_QUIET = 1 << 0,	/* -q: nothing */
	IO_REPORT_MACHINE = 1 << 1,	/* -C: one comma-separated line */
};
/*
 * The two lines qemu-io prints after a request: "<verb> done/total bytes
 * at offset off" and the size, ops, time and rates (or the -C line).
 */
void io_print_report(const char *verb, int64_t off, int64_t done,
		     int64_t total, int ops, double secs, unsigned flags);
/* buf in qemu-io's -v layout, addresses starting at off. */
void io_hexdump(const void *buf, int64_t off, size_t len);

/*
 * io_pread() / io_pwrite() - len bytes at off on the target, and on the
 * mirror when there is one: a read compares both and, when they differ,
 * prints blkverify's line and returns -EBADMSG (already reported).
 * 0 or -errno (a short transfer is -EIO).
 */
int io_pread(struct io_shell *sh, void *buf, size_t len, int64_t off);
int io_pwrite(struct io_shell *sh, const void *buf, size_t len, int64_t off,
	      bool fua);

/*
 * The mirror's half alone (0 when there is no mirror): compare buf, read
 * from the target, with the reference (-EBADMSG after blkverify's line),
 * or write buf to the reference.
 */
int io_mirror_check(struct io_shell *sh, const void *buf, size_t len,
		    int64_t off);
int io_mirror_write(struct io_shell *sh, const void *buf, size_t len,
		    int64_t off, bool fua);

/* aio_* requests (io-qemu.c): report those that completed (all when
 * wait), wait for all, free the ring. */
void io_aio_reap(struct io_shell *sh, bool wait);
void io_aio_drain(struct io_shell *sh);
void io_aio_release(struct io_shell *sh);

/* Line source (io-line.c). */
struct io_lines;
/*
 * io_lines_open() - read lines from stdin: with a prompt, line editing,
 * history and completion of words when interactive (a terminal) and
 * libedit is built in; plain lines otherwise. NULL on ENOMEM.
 */
struct io_lines *io_lines_open(bool interactive, const char *prompt,
			       const char *const *words);
/* The next line (malloc'd, no newline), or NULL at end of input. */
char *io_lines_next(struct io_lines *l);
void io_lines_close(struct io_lines *l);

#endif /* VERIO_CMD_IO_H */
