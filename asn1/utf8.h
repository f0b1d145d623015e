/*
 * utf8.h - private to asn1/: one UTF-8 sequence decoder shared by the string
 * decoder (string.c) and the JSON escaper (json.c).  Not part of the public API.
 */
#ifndef CERTKIT_ASN1_UTF8_H
#define CERTKIT_ASN1_UTF8_H

#include <stddef.h>
#include <stdint.h>

enum utf8_why {
    UTF8_OK = 0,
    UTF8_BAD_LEAD,      /* a continuation byte 0x80..0xbf where a sequence starts */
    UTF8_OVERLONG,      /* 0xc0, 0xc1, 0xe0 0x80..0x9f, 0xf0 0x80..0x8f */
    UTF8_SURROGATE,     /* 0xed 0xa0..0xbf: U+D800..U+DFFF */
    UTF8_TOO_BIG,       /* 0xf4 0x90.., 0xf5..: above U+10FFFF */
    UTF8_TRUNCATED,     /* the sequence stops before its last continuation byte */
    UTF8_BAD_CONT       /* a byte that should be a continuation byte is not */
};

/*
 * Decodes the sequence at p (n > 0 bytes available), following the well-formed
 * byte table of Unicode 15 section 3.9 (table 3-7).  On success returns its length
 * (1..4) and the code point in *cp.  On failure returns minus the length of the
 * maximal subpart (at least 1: the number of bytes one U+FFFD replaces, as the
 * Unicode "best practice" and WHATWG decoders do) and sets *why.
 */
static inline int utf8_decode1(const uint8_t *p, size_t n, uint32_t *cp, enum utf8_why *why)
{
    uint8_t b0 = p[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    int need;
    uint8_t lo = 0x80, hi = 0xbf;
    uint32_t v;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
        need = 1;
        v = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
        need = 2;
        v = b0 & 0x0f;
        if (b0 == 0xe0)
            lo = 0xa0;
        else if (b0 == 0xed)
            hi = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        need = 3;
        v = b0 & 0x07;
        if (b0 == 0xf0)
            lo = 0x90;
        else if (b0 == 0xf4)
            hi = 0x8f;
    } else {
        *why = (b0 == 0xc0 || b0 == 0xc1) ? UTF8_OVERLONG : b0 >= 0xf5 ? UTF8_TOO_BIG : UTF8_BAD_LEAD;
        return -1;
    }
    for (int i = 1; i <= need; i++) {
        if ((size_t)i >= n) {
            *why = UTF8_TRUNCATED;
            return -i;
        }
        uint8_t b = p[i];
        if (b < lo || b > hi) {
            if (i == 1 && b >= 0x80 && b <= 0xbf) {
                /* a continuation byte outside the narrowed range */
                *why = b0 == 0xe0 || b0 == 0xf0 ? UTF8_OVERLONG : b0 == 0xed ? UTF8_SURROGATE : UTF8_TOO_BIG;
            } else {
                *why = UTF8_BAD_CONT;
            }
            return -i;
        }
        v = (v << 6) | (b & 0x3f);
        lo = 0x80;
        hi = 0xbf;
    }
    *cp = v;
    return need + 1;
}

/* Appends the UTF-8 encoding of cp (<= 0x10ffff, not a surrogate) to o; returns its length. */
static inline int utf8_encode1(uint32_t cp, uint8_t o[4])
{
    if (cp < 0x80) {
        o[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (uint8_t)(0xc0 | (cp >> 6));
        o[1] = (uint8_t)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (uint8_t)(0xe0 | (cp >> 12));
        o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (uint8_t)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (uint8_t)(0xf0 | (cp >> 18));
    o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (uint8_t)(0x80 | (cp & 0x3f));
    return 4;
}

#endif /* CERTKIT_ASN1_UTF8_H */
