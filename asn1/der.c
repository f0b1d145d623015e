/*
 * der.c - the bounded cursor.  Every read goes through parse_header(), one bounds
 * check; a failed read leaves the cursor where it was and records the first error
 * (code, absolute byte offset, field path) in the context.  DER rules are checked
 * here (X.690 clause numbers cited); the deviations real producers make are warnings.
 */
#include "asn1/asn1.h"

#include <string.h>

void der_init(der_t *c, asn1_ctx *ctx, const char *name)
{
    der_init_span(c, ctx, span_make(ctx->base, ctx->base_len), name);
}

void der_init_span(der_t *c, asn1_ctx *ctx, span_t s, const char *name)
{
    c->p = s.p;
    c->end = s.p + s.len;
    c->ctx = ctx;
    c->parent = NULL;
    c->name = name;
    c->index = -1;
    c->depth = 0;
    c->count = 0;
}

static size_t off_of(const der_t *c, const uint8_t *p)
{
    return (size_t)(p - c->ctx->base);
}

/* Reads the identifier octets at p (X.690 8.1.2).  Returns bytes used, 0 on error. */
static size_t read_tag(const uint8_t *p, const uint8_t *end, uint32_t *tag, bool *bad)
{
    *bad = false;
    if (p >= end)
        return 0;
    uint8_t b0 = p[0];
    uint32_t cls = b0 >> 6, cons = (b0 & 0x20) ? ASN1_CONSTRUCTED : 0;
    uint32_t num = b0 & 0x1f;
    size_t n = 1;
    if (num == 0x1f) {
        /* high-tag-number form: base-128, no leading 0x80 (8.1.2.4.2 c), >= 31 (DER 10.?) */
        num = 0;
        for (;;) {
            if (p + n >= end)
                return 0;
            uint8_t b = p[n++];
            if (num == 0 && b == 0x80) {
                *bad = true;
                return 0;
            }
            if (num > (0x1fffffffu >> 7)) {
                *bad = true;
                return 0;
            }
            num = (num << 7) | (b & 0x7f);
            if (!(b & 0x80))
                break;
        }
        if (num < 31) {
            *bad = true;
            return 0;
        }
    }
    *tag = (cls << 30) | cons | num;
    return n;
}

bool der_peek_tag(const der_t *c, uint32_t *tag)
{
    bool bad;
    return read_tag(c->p, c->end, tag, &bad) != 0;
}

bool der_peek(const der_t *c, uint32_t tag)
{
    uint32_t t;
    return der_peek_tag(c, &t) && t == tag;
}

static asn1_err parse_header(der_t *c, const char *field, asn1_elem *e, unsigned depth);

/* Finds the end of an indefinite-length element's content (BER only): the offset of
 * its end-of-contents octets, walking nested elements (depth-limited). */
static asn1_err find_eoc(der_t *c, const uint8_t *p, const char *field, unsigned depth,
                         const uint8_t **eoc)
{
    der_t sub = *c;
    sub.p = p;
    for (;;) {
        if (sub.p + 2 <= sub.end && sub.p[0] == 0 && sub.p[1] == 0) {
            *eoc = sub.p;
            return ASN1_OK;
        }
        if (sub.p >= sub.end)
            return der_fail(c, off_of(c, p), field, ASN1_E_TRUNCATED,
                            "indefinite-length content has no end-of-contents octets");
        asn1_elem child;
        TRY(parse_header(&sub, field, &child, depth + 1));
        sub.p = child.der.p + child.der.len;
    }
}

/*
 * Parses the element at c->p without moving c.  Checks the tag, the length
 * (X.690 8.1.3; DER 10.1 minimal, definite) and that the content fits in c.
 */
static asn1_err parse_header(der_t *c, const char *field, asn1_elem *e, unsigned depth)
{
    const uint8_t *p = c->p, *end = c->end;
    size_t at = off_of(c, p);
    bool bad;
    uint32_t tag;
    if (depth > c->ctx->max_depth)
        return der_fail(c, at, field, ASN1_E_DEPTH, "nesting deeper than %u levels",
                        c->ctx->max_depth);
    if (p >= end)
        return der_fail(c, at, field, ASN1_E_MISSING, "no element where one is required");
    size_t tl = read_tag(p, end, &tag, &bad);
    if (tl == 0)
        return bad ? der_fail(c, at, field, ASN1_E_BAD_TAG, "badly encoded tag number (X.690 8.1.2.4)")
                   : der_fail(c, at, field, ASN1_E_TRUNCATED, "tag runs past the end of the data");
    if (p + tl >= end)
        return der_fail(c, at, field, ASN1_E_TRUNCATED, "length octets missing");
    const uint8_t *lp = p + tl;
    uint8_t l0 = *lp;
    size_t len = 0, ll = 1;
    bool indefinite = false, nonminimal = false;
    if (l0 < 0x80) {
        len = l0;
    } else if (l0 == 0x80) {
        if (!c->ctx->ber)
            return der_fail(c, at, field, ASN1_E_INDEFINITE,
                            "indefinite length is not allowed in DER (X.690 10.1)");
        if (!ASN1_TAG_IS_CONS(tag))
            return der_fail(c, at, field, ASN1_E_INDEFINITE,
                            "indefinite length on a primitive element (X.690 8.1.3.2)");
        indefinite = true;
    } else if (l0 == 0xff) {
        return der_fail(c, at, field, ASN1_E_BAD_LENGTH, "reserved length octet 0xff (X.690 8.1.3.5)");
    } else {
        size_t n = l0 & 0x7f;
        if (n > 8)
            return der_fail(c, at, field, ASN1_E_BAD_LENGTH, "length of %zu octets", n);
        if ((size_t)(end - lp - 1) < n)
            return der_fail(c, at, field, ASN1_E_TRUNCATED, "length octets run past the end of the data");
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v = (v << 8) | lp[1 + i];
        if (lp[1] == 0 || v < 0x80)
            nonminimal = true;
        if (v > (uint64_t)(end - lp - 1 - n))
            return der_fail(c, at, field, ASN1_E_TRUNCATED,
                            "length %llu runs past the end of its container (%zu bytes left)",
                            (unsigned long long)v, (size_t)(end - lp - 1 - n));
        len = (size_t)v;
        ll = 1 + n;
    }
    const uint8_t *body = lp + ll;
    if (!indefinite && (size_t)(end - body) < len)
        return der_fail(c, at, field, ASN1_E_TRUNCATED,
                        "content of %zu bytes runs past the end of its container (%zu bytes left)",
                        len, (size_t)(end - body));
    e->tag = tag;
    e->offset = at;
    e->hdr_len = tl + ll;
    e->indefinite = indefinite;
    if (indefinite) {
        const uint8_t *eoc = NULL;
        TRY(find_eoc(c, body, field, depth, &eoc));
        e->body = span_make(body, (size_t)(eoc - body));
        e->der = span_make(p, (size_t)(eoc + 2 - p));
    } else {
        e->body = span_make(body, len);
        e->der = span_make(p, (size_t)(body + len - p));
    }
    if (nonminimal && !c->ctx->ber)
        TRY(der_warn(c, at, field, "non-minimal length encoding (X.690 10.1)"));
    return ASN1_OK;
}

asn1_err der_next(der_t *c, const char *field, asn1_elem *e)
{
    TRY(parse_header(c, field, e, c->depth + 1));
    c->p = e->der.p + e->der.len;
    c->count++;
    return ASN1_OK;
}

static const char *expect_name(uint32_t tag, char *buf, size_t n)
{
    return asn1_tag_name(tag, buf, n);
}

asn1_err der_read(der_t *c, uint32_t tag, const char *field, asn1_elem *e)
{
    char want[32], got[32];
    if (der_empty(c))
        return der_fail(c, der_offset(c), field, ASN1_E_MISSING, "missing (expected %s)",
                        expect_name(tag, want, sizeof want));
    /* parsed straight into *e: a copy through a temporary cost a store-forwarding
     * stall on every read (the struct copied as 16-byte words just after its fields
     * were stored one by one).  On failure *e holds what was read; the cursor, as
     * always, has not moved. */
    TRY(parse_header(c, field, e, c->depth + 1));
    if (e->tag != tag)
        return der_fail(c, e->offset, field, ASN1_E_TAG, "expected %s, found %s",
                        expect_name(tag, want, sizeof want), expect_name(e->tag, got, sizeof got));
    c->p = e->der.p + e->der.len;
    c->count++;
    return ASN1_OK;
}

asn1_err der_read_opt(der_t *c, uint32_t tag, const char *field, asn1_elem *e, bool *present)
{
    *present = false;
    if (!der_peek(c, tag))
        return ASN1_OK;
    TRY(der_read(c, tag, field, e));
    *present = true;
    return ASN1_OK;
}

asn1_err der_open(const der_t *c, const asn1_elem *e, const char *field, int index, der_t *child)
{
    if (c->depth + 1 > c->ctx->max_depth)
        return der_fail(c, e->offset, field, ASN1_E_DEPTH, "nesting deeper than %u levels",
                        c->ctx->max_depth);
    child->p = e->body.p;
    child->end = e->body.p + e->body.len;
    child->ctx = c->ctx;
    child->parent = c;
    child->name = field;
    child->index = field ? -1 : index;
    child->depth = c->depth + 1;
    child->count = 0;
    return ASN1_OK;
}

asn1_err der_enter(der_t *c, uint32_t tag, const char *field, der_t *child)
{
    asn1_elem e;
    der_t save = *c;
    unsigned idx = c->count;
    TRY(der_read(c, tag, field, &e));
    asn1_err r = der_open(c, &e, field, (int)idx, child);
    if (r != ASN1_OK)
        *c = save;
    return r;
}

asn1_err der_enter_opt(der_t *c, uint32_t tag, const char *field, der_t *child, bool *present)
{
    *present = false;
    if (!der_peek(c, tag))
        return ASN1_OK;
    TRY(der_enter(c, tag, field, child));
    *present = true;
    return ASN1_OK;
}

asn1_err der_done(der_t *c)
{
    if (c->p == c->end)
        return ASN1_OK;
    return der_fail(c, der_offset(c), "", ASN1_E_TRAILING,
                    "%zu unexpected bytes after the last field", der_left(c));
}

asn1_err der_skip(der_t *c, const char *field)
{
    asn1_elem e;
    return der_next(c, field, &e);
}

/* ------------------------------------------------------------ typed reads */

asn1_err der_read_bool(der_t *c, const char *field, bool *v)
{
    asn1_elem e;
    der_t save = *c;
    TRY(der_read(c, ASN1_BOOLEAN, field, &e));
    if (e.body.len != 1) {
        *c = save;
        return der_fail(c, e.offset, field, ASN1_E_VALUE, "BOOLEAN of %zu octets (X.690 8.2.1)",
                        e.body.len);
    }
    uint8_t b = e.body.p[0];
    if (b != 0x00 && b != 0xff) {
        asn1_err r = der_warn(&save, e.offset, field, "BOOLEAN TRUE encoded as 0x%02x, not 0xff (X.690 11.1)", b);
        if (r) {
            *c = save;
            return r;
        }
    }
    *v = b != 0;
    return ASN1_OK;
}

asn1_err asn1_check_int(const der_t *c, size_t offset, const char *field, span_t v)
{
    if (v.len == 0)
        return der_fail(c, offset, field, ASN1_E_VALUE, "zero-length INTEGER (X.690 8.3.1)");
    if (v.len > 1 && ((v.p[0] == 0x00 && !(v.p[1] & 0x80)) || (v.p[0] == 0xff && (v.p[1] & 0x80))))
        return der_warn(c, offset, field, "non-minimal INTEGER encoding (X.690 8.3.2)");
    return ASN1_OK;
}

asn1_err der_read_int_tagged(der_t *c, uint32_t tag, const char *field, span_t *v)
{
    asn1_elem e;
    der_t save = *c;
    TRY(der_read(c, tag, field, &e));
    asn1_err r = asn1_check_int(&save, e.offset, field, e.body);
    if (r) {
        *c = save;
        return r;
    }
    *v = e.body;
    return ASN1_OK;
}

asn1_err der_read_int(der_t *c, const char *field, span_t *v)
{
    return der_read_int_tagged(c, ASN1_INTEGER, field, v);
}

static asn1_err small_int(der_t *c, uint32_t tag, const char *field, int64_t *out)
{
    der_t save = *c;
    span_t v;
    TRY(der_read_int_tagged(c, tag, field, &v));
    /* skip redundant sign octets of a non-minimal encoding (already warned) */
    while (v.len > 1 && ((v.p[0] == 0 && !(v.p[1] & 0x80)) || (v.p[0] == 0xff && (v.p[1] & 0x80))))
        v = span_make(v.p + 1, v.len - 1);
    if (v.len > 8) {
        *c = save;
        return der_fail(c, der_offset(c), field, ASN1_E_VALUE, "INTEGER of %zu octets is too large here",
                        v.len);
    }
    uint64_t u = (v.p[0] & 0x80) ? UINT64_MAX : 0;
    for (size_t i = 0; i < v.len; i++)
        u = (u << 8) | v.p[i];
    *out = (int64_t)u;
    return ASN1_OK;
}

asn1_err der_read_int64(der_t *c, const char *field, int64_t *v)
{
    return small_int(c, ASN1_INTEGER, field, v);
}

asn1_err der_read_enum(der_t *c, const char *field, int64_t *v)
{
    return small_int(c, ASN1_ENUMERATED, field, v);
}

asn1_err der_read_oid(der_t *c, const char *field, span_t *oid)
{
    asn1_elem e;
    der_t save = *c;
    TRY(der_read(c, ASN1_OID, field, &e));
    const char *why = NULL;
    if (e.body.len == 0)
        why = "empty OBJECT IDENTIFIER (X.690 8.19)";
    else if (e.body.p[e.body.len - 1] & 0x80)
        why = "OBJECT IDENTIFIER ends inside an arc (X.690 8.19.2)";
    else
        for (size_t i = 0; i < e.body.len; i++)
            if (e.body.p[i] == 0x80 && (i == 0 || !(e.body.p[i - 1] & 0x80))) {
                why = "OBJECT IDENTIFIER arc with a leading 0x80 octet (X.690 8.19.2)";
                break;
            }
    if (why) {
        *c = save;
        return der_fail(c, e.offset, field, ASN1_E_VALUE, "%s", why);
    }
    /* X.690 puts no bound on arcs; certkit shows arcs of up to 64 bits as numbers and
     * larger ones as raw bytes, and says so */
    size_t arc_start = 0;
    for (size_t i = 0; i < e.body.len; i++) {
        if (e.body.p[i] & 0x80)
            continue;                       /* not the last octet of this arc */
        size_t n = i + 1 - arc_start;       /* 7 bits each; 64 bits need at most 10, the first <= 1 */
        if (n > 10 || (n == 10 && (e.body.p[arc_start] & 0x7f) > 1)) {
            asn1_err r = der_warn(&save, e.offset, field,
                                  "OBJECT IDENTIFIER arc does not fit in 64 bits; it is shown as raw bytes");
            if (r) {
                *c = save;
                return r;
            }
            break;
        }
        arc_start = i + 1;
    }
    *oid = e.body;
    return ASN1_OK;
}

asn1_err asn1_check_bits(const der_t *c, size_t offset, const char *field, span_t content,
                         span_t *bits, unsigned *unused)
{
    if (content.len == 0)
        return der_fail(c, offset, field, ASN1_E_VALUE, "BIT STRING without its unused-bits octet (X.690 8.6.2)");
    unsigned u = content.p[0];
    if (u > 7)
        return der_fail(c, offset, field, ASN1_E_VALUE, "BIT STRING with %u unused bits (X.690 8.6.2.2)", u);
    if (content.len == 1 && u != 0)
        return der_fail(c, offset, field, ASN1_E_VALUE, "empty BIT STRING with %u unused bits (X.690 8.6.2.3)", u);
    if (u && (content.p[content.len - 1] & ((1u << u) - 1)))
        TRY(der_warn(c, offset, field, "BIT STRING padding bits are not zero (X.690 11.2.1)"));
    *bits = span_make(content.p + 1, content.len - 1);
    *unused = u;
    return ASN1_OK;
}

asn1_err der_read_bits(der_t *c, const char *field, span_t *bits, unsigned *unused)
{
    asn1_elem e;
    der_t save = *c;
    TRY(der_read(c, ASN1_BIT_STRING, field, &e));
    asn1_err r = asn1_check_bits(&save, e.offset, field, e.body, bits, unused);
    if (r)
        *c = save;
    return r;
}

asn1_err der_read_octets(der_t *c, const char *field, span_t *v)
{
    asn1_elem e;
    TRY(der_read(c, ASN1_OCTET_STRING, field, &e));
    *v = e.body;
    return ASN1_OK;
}

asn1_err der_read_null(der_t *c, const char *field)
{
    asn1_elem e;
    der_t save = *c;
    TRY(der_read(c, ASN1_NULL, field, &e));
    if (e.body.len != 0) {
        *c = save;
        return der_fail(c, e.offset, field, ASN1_E_VALUE, "NULL with %zu content octets (X.690 8.8.2)",
                        e.body.len);
    }
    return ASN1_OK;
}

asn1_err der_read_time(der_t *c, const char *field, int64_t *t)
{
    asn1_elem e;
    der_t save = *c;
    uint32_t tag;
    if (der_peek_tag(c, &tag) && tag != ASN1_UTCTIME && tag != ASN1_GENERALIZEDTIME) {
        char got[32];
        TRY(der_next(c, field, &e));
        *c = save;
        return der_fail(c, e.offset, field, ASN1_E_TAG, "expected UTCTime or GeneralizedTime, found %s",
                        asn1_tag_name(tag, got, sizeof got));
    }
    TRY(der_next(c, field, &e));
    char why[128];
    bool lenient = false;
    asn1_err r = asn1_time_decode(e.tag, e.body, t, &lenient, why, sizeof why);
    if (r) {
        *c = save;
        return der_fail(c, e.offset, field, r, "%s", why);
    }
    if (lenient) {
        r = der_warn(&save, e.offset, field, "%s", why);
        if (r) {
            *c = save;
            return r;
        }
    }
    return ASN1_OK;
}

asn1_err der_read_string(der_t *c, const char *field, asn1_elem *e)
{
    der_t save = *c;
    TRY(der_next(c, field, e));
    if (!asn1_is_string_tag(e->tag)) {
        char got[32];
        *c = save;
        return der_fail(c, e->offset, field, ASN1_E_TAG, "expected a string type, found %s",
                        asn1_tag_name(e->tag, got, sizeof got));
    }
    return ASN1_OK;
}
