/*
 * wipecheck.c - an LD_PRELOAD shim for tests/cli/t_secrets.sh (issue 8 item 3): it
 * checks that a tool wipes every heap buffer that held a secret before it frees it.
 *
 *   WIPECHECK_SECRET=TEXT   the password; it is looked for as given (UTF-8) and as
 *                           UTF-16BE and UTF-16LE (ASCII TEXT: one zero octet per char),
 *                           the forms RFC 7292 and Windows use
 *   WIPECHECK_HEX=H1,H2...  more secrets as hex (e.g. 16 octets of a private exponent)
 *   WIPECHECK_LOG=FILE      where findings go (appended; default standard error)
 *
 * free() and realloc() are interposed: before a block goes back to malloc, its
 * malloc_usable_size() octets are searched for every secret.  realloc() always moves
 * (malloc, copy, free), so a secret left in a block that a growing buffer abandons is
 * caught even when glibc would have grown it in place.  At exit the whole [heap] is
 * searched once more (live blocks that were never freed).  Each finding is one line,
 *   LEAK free 64 bytes: password (UTF-16BE) at +12 | module+0x1234 module+0x5678 ...
 * with return addresses as "file+offset" (dladdr) for addr2line; the last line is
 *   wipecheck: N blocks checked, M findings
 * The secrets are kept XOR-masked, so the shim's own memory never holds them.
 *
 * The tools are linked statically into bin/, where malloc cannot be interposed: the test
 * uses build/dyn/bin (`make dyn`: the same sources, linked dynamically, no sanitizers).
 * glibc routes its own internal malloc/free calls (stdio buffers...) through the
 * interposed functions too.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXPAT 12
#define PATMAX 512
#define MASK 0x5a

static struct {
    unsigned char b[PATMAX]; /* masked with MASK */
    size_t n;
    char name[40];
} pat[MAXPAT];
static int npat;

static void (*real_free)(void *);
static void *(*real_malloc)(size_t);
static int ready, resolving;
static __thread int busy;
static int logfd = 2;
static unsigned long nchecked, nfound;

static void out(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 1)
        n = sizeof line - 1;
    if (n > 0 && write(logfd, line, (size_t)n) < 0)
        return;
}

static void add(const char *name, const unsigned char *b, size_t n)
{
    if (npat >= MAXPAT || n < 6 || n > PATMAX)
        return;
    for (size_t i = 0; i < n; i++)
        pat[npat].b[i] = b[i] ^ MASK;
    pat[npat].n = n;
    snprintf(pat[npat].name, sizeof pat[npat].name, "%s", name);
    npat++;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Is the masked pattern k at p? */
static int at(const unsigned char *p, int k)
{
    for (size_t i = 0; i < pat[k].n; i++)
        if ((unsigned char)(p[i] ^ MASK) != pat[k].b[i])
            return 0;
    return 1;
}

static void trace(void)
{
    void *frames[12];
    int n = backtrace(frames, 12);
    out(" |");
    for (int i = 2; i < n; i++) {
        Dl_info di;
        if (dladdr(frames[i], &di) && di.dli_fname) {
            const char *f = strrchr(di.dli_fname, '/');
            out(" %s+0x%lx", f ? f + 1 : di.dli_fname,
                (unsigned long)((uintptr_t)frames[i] - (uintptr_t)di.dli_fbase));
        } else {
            out(" %p", frames[i]);
        }
    }
}

static void scan(const unsigned char *p, size_t n, const char *what, int with_trace)
{
    for (int k = 0; k < npat; k++) {
        if (n < pat[k].n)
            continue;
        for (size_t i = 0; i + pat[k].n <= n; i++) {
            if ((unsigned char)(p[i] ^ MASK) == pat[k].b[0] && at(p + i, k)) {
                nfound++;
                out("LEAK %s %zu bytes: %s at +%zu", what, n, pat[k].name, i);
                if (with_trace)
                    trace();
                out("\n");
                break;
            }
        }
    }
}

static void resolve(void)
{
    if (ready || resolving)
        return;
    resolving = 1;
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    resolving = 0;
    ready = real_free && real_malloc;
}

__attribute__((constructor)) static void wipecheck_init(void)
{
    resolve();
    const char *log = getenv("WIPECHECK_LOG");
    if (log) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd >= 0)
            logfd = fd;
    }
    const char *s = getenv("WIPECHECK_SECRET");
    if (s && *s) {
        size_t n = strlen(s);
        unsigned char be[PATMAX], le[PATMAX];
        add("password (UTF-8)", (const unsigned char *)s, n);
        if (2 * n <= PATMAX) {
            for (size_t i = 0; i < n; i++) {
                be[2 * i] = 0, be[2 * i + 1] = (unsigned char)s[i];
                le[2 * i] = (unsigned char)s[i], le[2 * i + 1] = 0;
            }
            add("password (UTF-16BE)", be, 2 * n);
            add("password (UTF-16LE)", le, 2 * n);
            explicit_bzero(be, sizeof be);
            explicit_bzero(le, sizeof le);
        }
    }
    const char *h = getenv("WIPECHECK_HEX");
    int idx = 0;
    while (h && *h) {
        unsigned char b[PATMAX];
        size_t n = 0;
        while (*h && *h != ',' && n < PATMAX) {
            int a = hexval(h[0]), c = h[1] ? hexval(h[1]) : -1;
            if (a < 0 || c < 0)
                break;
            b[n++] = (unsigned char)(a << 4 | c);
            h += 2;
        }
        while (*h && *h != ',')
            h++;
        if (*h == ',')
            h++;
        char name[40];
        snprintf(name, sizeof name, "secret #%d (hex)", ++idx);
        add(name, b, n);
        explicit_bzero(b, sizeof b);
    }
    void *warm[2];
    (void)backtrace(warm, 2);          /* loads libgcc_s now, not inside a hook */
}

void free(void *p)
{
    if (!ready) {
        resolve();
        if (!ready)
            return;                     /* during dlsym itself: leak it */
    }
    if (p && !busy) {
        busy = 1;
        nchecked++;
        scan(p, malloc_usable_size(p), "free", 1);
        busy = 0;
    }
    real_free(p);
}

void *realloc(void *p, size_t n)
{
    if (!ready)
        resolve();
    if (!p)
        return real_malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }
    void *q = real_malloc(n);
    if (!q)
        return NULL;
    size_t old = malloc_usable_size(p);
    memcpy(q, p, old < n ? old : n);
    if (!busy) {
        busy = 1;
        nchecked++;
        scan(p, old, "realloc", 1);
        busy = 0;
    }
    real_free(p);
    return q;
}

/* At exit: whatever of the heap still holds a secret (live blocks, or freed ones glibc
 * handed out again without our seeing them).  /proc/self/maps is read with read(2). */
__attribute__((destructor)) static void wipecheck_fini(void)
{
    char maps[65536];
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    size_t len = 0;
    if (fd >= 0) {
        ssize_t r;
        while (len < sizeof maps - 1 && (r = read(fd, maps + len, sizeof maps - 1 - len)) > 0)
            len += (size_t)r;
        close(fd);
    }
    maps[len] = '\0';
    busy = 1;
    for (char *line = maps; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (strstr(line, "[heap]")) {
            unsigned long lo = 0, hi = 0;
            if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && hi > lo)
                scan((const unsigned char *)lo, hi - lo, "heap-at-exit", 0);
        }
        line = nl ? nl + 1 : NULL;
    }
    out("wipecheck: %lu blocks checked, %lu findings\n", nchecked, nfound);
}
