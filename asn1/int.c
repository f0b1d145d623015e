/*
 * int.c - INTEGER content (two's complement, big-endian) as text: hex and decimal of
 * any length, magnitude and bit length.  Values up to 8 magnitude bytes take a fast
 * path; longer ones go through libtommath for decimal.
 *
 * A negative value is shown as "-" and its magnitude: the magnitude of the two's
 * complement x is (~x + 1), which can be produced byte by byte from the most
 * significant end once the last non-zero byte k is known:
 *   mag[i] = ~x[i] (i < k),  (0 - x[k]) & 0xff (i == k),  0x00 (i > k).
 */
#include "asn1/asn1.h"

#include <stdlib.h>
#include <string.h>
#include <tommath.h>

bool asn1_int_is_negative(span_t v)
{
    return v.len > 0 && (v.p[0] & 0x80);
}

/* Index of the last non-zero byte of v (v negative, so one exists). */
static size_t last_nonzero(span_t v)
{
    size_t k = v.len;
    while (k > 0 && v.p[k - 1] == 0)
        k--;
    return k - 1;
}

static uint8_t neg_mag_byte(span_t v, size_t k, size_t i)
{
    if (i < k)
        return (uint8_t)~v.p[i];
    if (i == k)
        return (uint8_t)(0u - v.p[i]);
    return 0;
}

/* Writes the magnitude (without leading zeros) to a fresh array; *n its length. */
static uint8_t *magnitude_copy(span_t v, size_t *n)
{
    bool neg = asn1_int_is_negative(v);
    size_t k = neg ? last_nonzero(v) : 0;
    size_t i = 0;
    while (i < v.len && (neg ? neg_mag_byte(v, k, i) : v.p[i]) == 0)
        i++;
    *n = v.len - i;
    uint8_t *m = malloc(*n ? *n : 1);
    if (!m)
        return NULL;
    for (size_t j = i; j < v.len; j++)
        m[j - i] = neg ? neg_mag_byte(v, k, j) : v.p[j];
    return m;
}

/* The magnitude as a uint64_t when it fits in 8 bytes. */
static bool small_magnitude(span_t v, uint64_t *out)
{
    bool neg = asn1_int_is_negative(v);
    size_t k = neg ? last_nonzero(v) : 0;
    uint64_t m = 0;
    for (size_t i = 0; i < v.len; i++) {
        uint8_t b = neg ? neg_mag_byte(v, k, i) : v.p[i];
        if (m >> 56)
            return false;
        m = (m << 8) | b;
    }
    *out = m;
    return true;
}

void asn1_int_hex(span_t v, buf_t *out)
{
    static const char hx[] = "0123456789abcdef";
    bool neg = asn1_int_is_negative(v);
    size_t k = neg ? last_nonzero(v) : 0;
    size_t i = 0;
    while (i < v.len && (neg ? neg_mag_byte(v, k, i) : v.p[i]) == 0)
        i++;
    if (i == v.len) {
        buf_putc(out, '0');
        return;
    }
    if (!buf_reserve(out, 2 * (v.len - i) + 1))
        return;
    char *o = out->p + out->len;
    if (neg)
        *o++ = '-';
    uint8_t b = neg ? neg_mag_byte(v, k, i) : v.p[i];
    if (b >> 4)
        *o++ = hx[b >> 4];
    *o++ = hx[b & 15];
    for (i++; i < v.len; i++) {
        b = neg ? neg_mag_byte(v, k, i) : v.p[i];
        *o++ = hx[b >> 4];
        *o++ = hx[b & 15];
    }
    out->len = (size_t)(o - out->p);
}

asn1_err asn1_int_dec(span_t v, buf_t *out)
{
    bool neg = asn1_int_is_negative(v);
    uint64_t small;
    if (small_magnitude(v, &small)) {
        if (neg && small)
            buf_putc(out, '-');
        buf_u64(out, small);
        return out->oom ? ASN1_E_NOMEM : ASN1_OK;
    }
    size_t n;
    uint8_t *mag = magnitude_copy(v, &n);
    if (!mag)
        return ASN1_E_NOMEM;
    asn1_err r = ASN1_E_NOMEM;
    mp_int a;
    if (mp_init(&a) != MP_OKAY) {
        free(mag);
        return ASN1_E_NOMEM;
    }
    int size = 0;
    if (mp_from_ubin(&a, mag, n) == MP_OKAY && mp_radix_size(&a, 10, &size) == MP_OKAY && size > 0) {
        /* size counts the NUL terminator */
        if (neg)
            buf_putc(out, '-');
        size_t written = 0;
        if (buf_reserve(out, (size_t)size) &&
            mp_to_radix(&a, out->p + out->len, (size_t)size, &written, 10) == MP_OKAY) {
            out->len += strlen(out->p + out->len);
            r = ASN1_OK;
        }
    }
    mp_clear(&a);
    free(mag);
    return out->oom ? ASN1_E_NOMEM : r;
}

span_t asn1_int_magnitude(span_t v)
{
    if (asn1_int_is_negative(v))
        return v;
    while (v.len > 0 && v.p[0] == 0) {
        v.p++;
        v.len--;
    }
    return v;
}

size_t asn1_int_bits(span_t v)
{
    span_t m = asn1_int_magnitude(v);
    if (m.len == 0)
        return 0;
    size_t bits = (m.len - 1) * 8;
    for (uint8_t b = m.p[0]; b; b >>= 1)
        bits++;
    return bits;
}
