/*
 * cli_out.c - the output of a tool: one buffer written in large chunks to standard
 * output, or, with -o FILE, to a temporary in FILE's folder that is fsync'ed and
 * renamed over FILE only when the run succeeds.  On an error, or on SIGINT, SIGTERM,
 * SIGHUP or SIGPIPE, the temporary is removed: no partial output file is left.
 */
#include "tools/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FLUSH_AT (1u << 20)

/* The temporary's name, for the signal handler (async-signal-safe unlink). */
static char sig_tmp[PATH_MAX];
static volatile sig_atomic_t sig_armed;

static void on_signal(int sig)
{
    if (sig_armed)
        unlink(sig_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void arm(const char *tmp)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT };
    size_t n = strlen(tmp);
    if (n >= sizeof sig_tmp)
        return;
    memcpy(sig_tmp, tmp, n + 1);
    sig_armed = 1;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

static void disarm(void)
{
    sig_armed = 0;
}

bool cli_fd_refuses_binary(int fd)
{
    return isatty(fd) == 1;
}

void cli_out_open(cli_t *c, unsigned flags)
{
    cli_out *o = &c->out;
    const char *path = c->outfile;
    if (!path || strcmp(path, "-") == 0) {
        if ((flags & CLI_OUT_BINARY) && cli_fd_refuses_binary(1)) {
            cli_error(c, CLI_USAGE, "refusing to write DER to a terminal; redirect the output or use -o FILE");
            exit(CLI_USAGE);
        }
        o->fd = 1;
        return;
    }
    /* FILE's folder, for a temporary that rename(2) can move over FILE. */
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        cli_error(c, CLI_USAGE, "out of memory");
        exit(CLI_USAGE);
    }
    memcpy(o->tmp, path, dlen);
    snprintf(o->tmp + dlen, n + 16 - dlen, ".%s.XXXXXX", path + dlen);
    int fd = mkostemp(o->tmp, O_CLOEXEC);
    if (fd < 0) {
        cli_ferror(c, path, CLI_USAGE, "cannot create: %s", strerror(errno));
        exit(CLI_USAGE);
    }
    arm(o->tmp);
    /* mkostemp made it 0600; it stays so while written, and is widened to the usual
     * 0666 & ~umask at the rename unless it holds a secret (cli_out_secret). */
    if (flags & CLI_OUT_SECRET)
        o->secret = true;
    o->fd = fd;
}

static void write_all(cli_t *c, const char *p, size_t n)
{
    cli_out *o = &c->out;
    while (n && !o->failed) {
        ssize_t w = write(o->fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            o->failed = true;
            cli_ferror(c, o->path ? o->path : "(stdout)", CLI_USAGE, "write error: %s", strerror(errno));
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

static void flush(cli_t *c)
{
    cli_out *o = &c->out;
    if (o->buf.oom && !o->failed) {
        o->failed = true;
        cli_error(c, CLI_USAGE, "out of memory");
    }
    fflush(stderr);                     /* the messages about what is about to be written first */
    if (o->fd < 0) {
        if (o->buf.len == 0)
            return;
        o->fd = 1;                       /* tools that never opened: standard output */
    }
    if (o->buf.len)
        write_all(c, o->buf.p, o->buf.len);
    if (o->secret && o->buf.len)
        explicit_bzero(o->buf.p, o->buf.len);   /* a key went through here */
    buf_reset(&o->buf);
}

void cli_out_secret(cli_t *c)
{
    c->out.secret = true;
}

void cli_out_check(cli_t *c)
{
    if (c->out.buf.len >= FLUSH_AT || c->out.buf.oom)
        flush(c);
}

void cli_write(cli_t *c, const void *p, size_t n)
{
    if (c->out.buf.len + n > FLUSH_AT) {
        flush(c);
        if (n >= FLUSH_AT) {
            if (c->out.fd < 0)
                c->out.fd = 1;
            write_all(c, p, n);
            return;
        }
    }
    buf_put(&c->out.buf, p, n);
}

void cli_puts(cli_t *c, const char *s)
{
    cli_write(c, s, strlen(s));
}

void cli_printf(cli_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&c->out.buf, fmt, ap);
    va_end(ap);
    cli_out_check(c);
}

int cli_finish_commit(cli_t *c, bool keep)
{
    cli_out *o = &c->out;
    flush(c);
    if (o->tmp) {
        bool ok = keep && !o->failed;
        if (ok && !o->secret) {
            mode_t um = umask(0);
            umask(um);
            if (fchmod(o->fd, 0666 & ~um) != 0) {
                cli_ferror(c, o->path, CLI_USAGE, "cannot set the file mode: %s", strerror(errno));
                ok = false;
            }
        }
        if (ok && fsync(o->fd) != 0 && errno != EINVAL) {
            cli_ferror(c, o->path, CLI_USAGE, "cannot sync: %s", strerror(errno));
            ok = false;
        }
        if (close(o->fd) != 0 && ok) {
            cli_ferror(c, o->path, CLI_USAGE, "write error: %s", strerror(errno));
            ok = false;
        }
        if (ok && rename(o->tmp, o->path) != 0) {
            cli_ferror(c, o->path, CLI_USAGE, "cannot rename the temporary into place: %s", strerror(errno));
            ok = false;
        }
        if (!ok)
            unlink(o->tmp);
        disarm();
        free(o->tmp);
        free(o->path);
        o->tmp = o->path = NULL;
    }
    o->fd = -1;
    if (o->secret)
        buf_wipe_free(&o->buf);
    else
        buf_free(&o->buf);
    return c->status;
}

int cli_finish(cli_t *c)
{
    return cli_finish_commit(c, c->status == CLI_OK || c->status == CLI_CHECK_FAILED);
}
