/*
 * b64bench - certkit's base64 as a filter, to time against `openssl base64` and
 * coreutils `base64` on the same bytes, and in memory.
 *   b64bench enc < in > out      64-column lines, LF (what openssl base64 writes)
 *   b64bench dec < in > out      decodes line-wrapped base64
 *   b64bench mem MB              in-memory encode and decode MB/s, scalar and AVX2
 * Built by bench/der2pem.sh: cc -O2 -I. bench/b64bench.c pem/base64.c
 */
#include "pem/pem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (48u * 65536u)     /* 3 MiB of input: whole 64-column lines */

static size_t read_full(int fd, uint8_t *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

static int write_full(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

static int enc(void)
{
    uint8_t *in = malloc(CHUNK);
    char *out = malloc(b64_lines_len(CHUNK));
    size_t n;
    while ((n = read_full(0, in, CHUNK)) > 0) {
        if (write_full(1, out, b64_encode_lines(in, n, out)))
            return 1;
        if (n < CHUNK)
            break;
    }
    free(in);
    free(out);
    return 0;
}

static int dec(void)
{
    size_t cap = 4u << 20, have = 0;
    char *in = malloc(cap);
    uint8_t *out = malloc(b64_decoded_max(cap));
    for (;;) {
        size_t n = read_full(0, (uint8_t *)in + have, cap - have);
        have += n;
        if (have == 0)
            break;
        size_t upto = have;
        if (n > 0) {
            char *nl = memrchr(in, '\n', have);
            if (!nl)
                return 1;
            upto = (size_t)(nl - in) + 1;
        }
        size_t ol, ep;
        const char *why;
        if (b64_decode(in, upto, out, &ol, &ep, &why) != ASN1_OK) {
            fprintf(stderr, "b64bench: %s at %zu\n", why, ep);
            return 1;
        }
        if (write_full(1, out, ol))
            return 1;
        memmove(in, in + upto, have - upto);
        have -= upto;
        if (n == 0)
            break;
    }
    free(in);
    free(out);
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int mem(size_t mb)
{
    size_t n = mb << 20;
    uint8_t *in = malloc(n), *back = malloc(n + 64);
    char *txt = malloc(b64_lines_len(n));
    for (size_t i = 0; i < n; i++)
        in[i] = (uint8_t)(i * 2654435761u >> 13);
    for (int mode = 0; mode < 2; mode++) {
        b64_force_scalar(mode == 0);
        if (mode == 1 && !b64_simd_active())
            break;
        double be = 1e9, bd = 1e9;
        size_t tl = 0, ol = 0;
        for (int r = 0; r < 3; r++) {
            double t0 = now();
            tl = b64_encode_lines(in, n, txt);
            double t1 = now();
            size_t ep;
            const char *why;
            if (b64_decode(txt, tl, back, &ol, &ep, &why) != ASN1_OK || ol != n || memcmp(in, back, n))
                return 1;
            double t2 = now();
            if (t1 - t0 < be)
                be = t1 - t0;
            if (t2 - t1 < bd)
                bd = t2 - t1;
        }
        printf("%s encode %.0f MB/s (of input)  decode %.0f MB/s (of output)\n",
               mode ? "avx2  " : "scalar", (double)n / be / 1e6, (double)n / bd / 1e6);
    }
    free(in);
    free(back);
    free(txt);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "enc") == 0)
        return enc();
    if (argc >= 2 && strcmp(argv[1], "dec") == 0)
        return dec();
    if (argc >= 3 && strcmp(argv[1], "mem") == 0)
        return mem((size_t)atoi(argv[2]));
    fprintf(stderr, "usage: b64bench enc|dec < in > out, b64bench mem MB\n");
    return 2;
}
