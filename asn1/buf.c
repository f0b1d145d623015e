/* buf.c - a growable byte buffer with an error latch. */
#include "asn1/asn1.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf_t *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

void buf_free(buf_t *b)
{
    free(b->p);
    buf_init(b);
}

void buf_wipe_free(buf_t *b)
{
    if (b->p)
        explicit_bzero(b->p, b->cap);
    buf_free(b);
}

bool buf_reserve(buf_t *b, size_t more)
{
    if (b->oom)
        return false;
    if (more < b->cap - b->len)
        return true;
    size_t need = b->len + more + 1;            /* room for a NUL from buf_cstr */
    if (need < more) {
        b->oom = true;
        return false;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            b->oom = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

void buf_put(buf_t *b, const void *p, size_t n)
{
    if (n == 0 || !buf_reserve(b, n))
        return;
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

void buf_putc(buf_t *b, char ch)
{
    if (b->len + 1 < b->cap && !b->oom) {
        b->p[b->len++] = ch;
        return;
    }
    buf_put(b, &ch, 1);
}

void buf_puts(buf_t *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    if ((size_t)n < sizeof tmp) {
        buf_put(b, tmp, (size_t)n);
    } else if (buf_reserve(b, (size_t)n + 1)) {
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void buf_printf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_hex(buf_t *b, const uint8_t *p, size_t n, const char *sep)
{
    static const char hx[] = "0123456789abcdef";
    size_t sl = sep ? strlen(sep) : 0;
    if (n == 0 || !buf_reserve(b, n * (2 + sl)))
        return;
    char *o = b->p + b->len;
    for (size_t i = 0; i < n; i++) {
        if (i && sl) {
            memcpy(o, sep, sl);
            o += sl;
        }
        *o++ = hx[p[i] >> 4];
        *o++ = hx[p[i] & 15];
    }
    b->len = (size_t)(o - b->p);
}

void buf_u64(buf_t *b, uint64_t v)
{
    char tmp[24];
    int i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf_put(b, tmp + i, sizeof tmp - (size_t)i);
}

void buf_i64(buf_t *b, int64_t v)
{
    if (v < 0) {
        buf_putc(b, '-');
        buf_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        buf_u64(b, (uint64_t)v);
    }
}

const char *buf_cstr(buf_t *b)
{
    if (b->oom || !buf_reserve(b, 1))
        return "";
    b->p[b->len] = '\0';
    return b->p;
}
