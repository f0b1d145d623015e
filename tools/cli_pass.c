/*
 * cli_pass.c - password sources (SPEC "Passwords"): pass:TEXT, env:VAR, file:PATH,
 * fd:N, stdin, and a prompt without echo on the terminal.  Buffers that held a
 * password are wiped before they are freed, including the ones left behind when a
 * buffer grows.  "Absent" (no source, no terminal) and "empty" are distinct.
 */
#include "tools/cli.h"
#include "pkcs12/pkcs12.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PASS_MAX 65536

void cli_pass_candidates(const cli_pass *pw, bool absent_too, p12_passwords *out)
{
    memset(out, 0, sizeof *out);
    if (pw->given) {
        out->pw[out->n] = pw->s;
        out->src[out->n++] = pw->len ? P12_PW_GIVEN : P12_PW_EMPTY;
        if (pw->len == 0 && absent_too) {
            out->pw[out->n] = NULL;
            out->src[out->n++] = P12_PW_ABSENT;
        }
    } else {
        out->pw[out->n] = NULL;
        out->src[out->n++] = P12_PW_ABSENT;
        out->pw[out->n] = "";
        out->src[out->n++] = P12_PW_EMPTY;
    }
}

void cli_pass_wipe(cli_pass *p)
{
    if (p->s) {
        explicit_bzero(p->s, p->len + 1);
        free(p->s);
    }
    p->s = NULL;
    p->len = 0;
    p->given = false;
}

static int pass_set(cli_pass *p, const char *s, size_t n)
{
    p->s = malloc(n + 1);
    if (!p->s)
        return ENOMEM;
    memcpy(p->s, s, n);
    p->s[n] = '\0';
    p->len = n;
    p->given = true;
    return 0;
}

int cli_read_line_fd(int fd, cli_pass *out)
{
    size_t cap = 64, n = 0;
    char *s = malloc(cap);
    if (!s)
        return ENOMEM;
    for (;;) {
        char ch;
        ssize_t r = read(fd, &ch, 1);      /* one byte at a time: never read past the line */
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            explicit_bzero(s, cap);
            free(s);
            return e;
        }
        if (r == 0 || ch == '\n')
            break;
        if (n + 1 >= cap) {
            if (cap >= PASS_MAX) {
                explicit_bzero(s, cap);
                free(s);
                return E2BIG;
            }
            char *t = malloc(cap * 2);
            if (!t) {
                explicit_bzero(s, cap);
                free(s);
                return ENOMEM;
            }
            memcpy(t, s, n);
            explicit_bzero(s, cap);
            free(s);
            s = t;
            cap *= 2;
        }
        s[n++] = ch;
        explicit_bzero(&ch, 1);
    }
    if (n && s[n - 1] == '\r')
        n--;
    s[n] = '\0';
    out->s = s;
    out->len = n;
    out->given = true;
    return 0;
}

/* Prompts on the terminal with echo off. */
static int prompt_tty(const char *prompt, cli_pass *out)
{
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct termios old, quiet;
    bool restore = false;
    if (tcgetattr(fd, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHOE | ECHOK | ECHONL);
        quiet.c_lflag |= ICANON;
        restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
    fflush(stderr);                     /* the messages before the question (cli_init buffers them) */
    if (write(fd, prompt, strlen(prompt)) < 0) {
        /* the prompt is a courtesy; reading still works */
    }
    int e = cli_read_line_fd(fd, out);
    if (restore)
        tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) {
    }
    close(fd);
    return e;
}

int cli_pass_get(cli_t *c, const char *src, const char *prompt, bool confirm, cli_pass *out)
{
    memset(out, 0, sizeof *out);
    int e = 0;
    const char *what = src;
    if (!src) {
        if (!isatty(0))
            return 0;                           /* absent: the tool tries absent and empty */
        e = prompt_tty(prompt ? prompt : "Password: ", out);
        what = "the terminal";
        if (!e && confirm) {
            cli_pass again;
            memset(&again, 0, sizeof again);
            e = prompt_tty("Verifying - password: ", &again);
            if (!e && (again.len != out->len || memcmp(again.s, out->s, out->len) != 0)) {
                cli_pass_wipe(&again);
                cli_pass_wipe(out);
                cli_error(c, CLI_USAGE, "the passwords do not match");
                return CLI_USAGE;
            }
            cli_pass_wipe(&again);
        }
    } else if (strncmp(src, "pass:", 5) == 0) {
        e = pass_set(out, src + 5, strlen(src + 5));
    } else if (strncmp(src, "env:", 4) == 0) {
        const char *v = getenv(src + 4);
        if (!v) {
            cli_error(c, CLI_USAGE, "password source %s: the variable is not set", src);
            return CLI_USAGE;
        }
        e = pass_set(out, v, strlen(v));
    } else if (strncmp(src, "file:", 5) == 0) {
        int fd = open(src + 5, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            e = errno;
        } else {
            e = cli_read_line_fd(fd, out);
            close(fd);
        }
    } else if (strncmp(src, "fd:", 3) == 0) {
        char *end;
        errno = 0;
        long fd = strtol(src + 3, &end, 10);
        if (errno || end == src + 3 || *end || fd < 0 || fd > 1 << 20) {
            cli_error(c, CLI_USAGE, "password source '%s': not a file descriptor number", src);
            return CLI_USAGE;
        }
        e = cli_read_line_fd((int)fd, out);
    } else if (strcmp(src, "stdin") == 0) {
        e = cli_read_line_fd(0, out);
    } else {
        /* name only what stands before a colon: after it may come the password itself */
        const char *colon = strchr(src, ':');
        int shown = colon ? (int)(colon - src) : (int)strlen(src);
        if (shown > 12 || !colon)
            cli_error(c, CLI_USAGE, "unknown password source (use pass:, env:, file:, fd:N or stdin)");
        else
            cli_error(c, CLI_USAGE, "unknown password source '%.*s:' (use pass:, env:, file:, fd:N or stdin)",
                      shown, src);
        return CLI_USAGE;
    }
    if (e) {
        cli_pass_wipe(out);
        /* name the source, never the secret: cut pass: sources to their kind */
        if (what && strncmp(what, "pass:", 5) == 0)
            what = "pass:";
        cli_error(c, CLI_USAGE, "cannot read the password from %s: %s", what,
                  e == E2BIG ? "longer than 64 KiB" : strerror(e));
        return CLI_USAGE;
    }
    return 0;
}
