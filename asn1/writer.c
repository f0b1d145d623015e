/*
 * writer.c - a small DER writer on buf_t.  Lengths are always definite and minimal
 * (X.690 10.1); tags use the low form below 31 and the base-128 high form above.
 * An element is begun with one length octet reserved; derw_end() fills it in and,
 * when the content is 128 bytes or more, shifts the content right to make room for
 * the long form.  Errors latch in the buffer (b->oom): once set, nothing is written.
 */
#include "asn1/asn1.h"

#include <string.h>

/* Identifier octets (X.690 8.1.2); returns their count. */
static size_t tag_bytes(uint32_t tag, uint8_t out[6])
{
    uint8_t b0 = (uint8_t)(ASN1_TAG_CLASS(tag) << 6) | (ASN1_TAG_IS_CONS(tag) ? 0x20 : 0);
    uint32_t num = ASN1_TAG_NUMBER(tag);
    if (num < 31) {
        out[0] = b0 | (uint8_t)num;
        return 1;
    }
    out[0] = b0 | 0x1f;
    uint8_t tmp[5];
    size_t k = 0;
    do {
        tmp[k++] = num & 0x7f;
        num >>= 7;
    } while (num);
    size_t n = 1;
    while (k > 0) {
        k--;
        out[n++] = tmp[k] | (k ? 0x80 : 0);
    }
    return n;
}

/* Length octets (X.690 8.1.3, minimal); returns their count. */
static size_t len_bytes(size_t len, uint8_t out[9])
{
    if (len < 0x80) {
        out[0] = (uint8_t)len;
        return 1;
    }
    size_t k = 0;
    for (size_t l = len; l; l >>= 8)
        k++;
    out[0] = (uint8_t)(0x80 | k);
    for (size_t i = 0; i < k; i++)
        out[1 + i] = (uint8_t)(len >> (8 * (k - 1 - i)));
    return 1 + k;
}

void derw_header(buf_t *b, uint32_t tag, size_t len)
{
    uint8_t h[15];
    size_t n = tag_bytes(tag, h);
    n += len_bytes(len, h + n);
    buf_put(b, h, n);
}

size_t derw_begin(buf_t *b, uint32_t tag)
{
    uint8_t h[7];
    size_t n = tag_bytes(tag, h);
    h[n++] = 0;                         /* length placeholder, fixed by derw_end */
    buf_put(b, h, n);
    return b->len;
}

void derw_end(buf_t *b, size_t mark)
{
    if (b->oom)
        return;
    if (mark == 0 || mark > b->len) {
        b->oom = true;                  /* not a mark from derw_begin on this buffer */
        return;
    }
    size_t len = b->len - mark;
    uint8_t l[9];
    size_t n = len_bytes(len, l);
    if (n > 1) {
        if (!buf_reserve(b, n - 1))
            return;
        memmove(b->p + mark + n - 1, b->p + mark, len);
        b->len += n - 1;
    }
    memcpy(b->p + mark - 1, l, n);
}

void derw_tlv(buf_t *b, uint32_t tag, const void *p, size_t n)
{
    derw_header(b, tag, n);
    buf_put(b, p, n);
}

void derw_uint(buf_t *b, const uint8_t *mag, size_t n)
{
    while (n > 0 && mag[0] == 0) {
        mag++;
        n--;
    }
    if (n == 0) {
        static const uint8_t zero[3] = { 0x02, 0x01, 0x00 };
        buf_put(b, zero, sizeof zero);
        return;
    }
    bool pad = (mag[0] & 0x80) != 0;
    derw_header(b, ASN1_INTEGER, n + pad);
    if (pad)
        buf_putc(b, 0);
    buf_put(b, mag, n);
}

void derw_int64(buf_t *b, int64_t v)
{
    uint8_t tmp[8];
    uint64_t u = (uint64_t)v;
    for (int i = 7; i >= 0; i--) {
        tmp[i] = (uint8_t)u;
        u >>= 8;
    }
    size_t i = 0;
    /* minimal two's complement (X.690 8.3.2): drop redundant sign octets */
    while (i < 7 && ((tmp[i] == 0x00 && !(tmp[i + 1] & 0x80)) || (tmp[i] == 0xff && (tmp[i + 1] & 0x80))))
        i++;
    derw_tlv(b, ASN1_INTEGER, tmp + i, 8 - i);
}

void derw_oid(buf_t *b, oid_id id)
{
    span_t d = oid_der(id);
    if (d.len == 0) {
        b->oom = true;                  /* OID_UNKNOWN or out of range: latch the error */
        return;
    }
    derw_tlv(b, ASN1_OID, d.p, d.len);
}

void derw_null(buf_t *b)
{
    static const uint8_t null[2] = { 0x05, 0x00 };
    buf_put(b, null, sizeof null);
}
