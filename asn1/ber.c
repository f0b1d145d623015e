/*
 * ber.c - BER to DER-shaped bytes, for the entry points where real files carry BER
 * (PKCS#12 and PKCS#7 from Java, NSS and Windows).  Done once, up front, so every
 * decoder after it reads strict DER through the one cursor.
 *
 * What changes (X.690 clause 8 -> clause 10):
 *  - indefinite lengths (8.1.3.6) become definite, and every length minimal (10.1);
 *  - constructed OCTET STRING, BIT STRING, character strings and times (8.7.3, 8.6.3,
 *    8.23.6, 8.25, 8.26) become one primitive element holding the concatenated
 *    segments (10.2); for BIT STRING only the last segment may have unused bits
 *    (8.6.4) and they become the unused-bits octet of the whole.
 * What does not: SET OF order, BOOLEAN values, INTEGER padding (the DER decoder
 * checks and warns about those).  A context-specific constructed element stays
 * constructed: whether it is an EXPLICIT tag or an IMPLICIT OCTET STRING in
 * segments depends on the module; asn1_ber_implicit_octets() resolves the latter.
 *
 * The walk is iterative over the input with an explicit frame stack (one frame per
 * open constructed element, at most ctx->max_depth), so hostile nesting costs heap
 * in proportion to the limit, never C stack.  Output lengths are patched by
 * derw_end(), which shifts the content when its length needs the long form.
 */
#include "asn1/asn1.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hdr {
    uint32_t tag;
    size_t hlen;            /* identifier + length octets */
    size_t len;             /* content length (0 when indefinite) */
    bool indef;
    bool nonminimal;        /* a length in more octets than needed */
};

/*
 * Parses the header at p (avail bytes up to the container's limit).  On failure
 * returns the code and a static-or-formatted reason in why.
 */
static asn1_err parse_hdr(const uint8_t *p, size_t avail, struct hdr *h, char *why, size_t whylen)
{
    if (avail == 0) {
        snprintf(why, whylen, "no element where one is required");
        return ASN1_E_TRUNCATED;
    }
    uint8_t b0 = p[0];
    uint32_t num = b0 & 0x1f;
    size_t n = 1;
    if (num == 0x1f) {
        num = 0;
        for (;;) {
            if (n >= avail) {
                snprintf(why, whylen, "tag runs past the end of the data");
                return ASN1_E_TRUNCATED;
            }
            uint8_t b = p[n++];
            if (num == 0 && b == 0x80) {
                snprintf(why, whylen, "tag number with a leading 0x80 octet (X.690 8.1.2.4.2)");
                return ASN1_E_BAD_TAG;
            }
            if (num > (0x1fffffffu >> 7)) {
                snprintf(why, whylen, "tag number too large");
                return ASN1_E_BAD_TAG;
            }
            num = (num << 7) | (b & 0x7f);
            if (!(b & 0x80))
                break;
        }
        if (num < 31) {
            snprintf(why, whylen, "tag number %u in the high-tag-number form (X.690 8.1.2.2)", (unsigned)num);
            return ASN1_E_BAD_TAG;
        }
    }
    h->tag = ASN1_TAG(b0 >> 6, b0 & 0x20, num);
    if (n >= avail) {
        snprintf(why, whylen, "length octets missing");
        return ASN1_E_TRUNCATED;
    }
    uint8_t l0 = p[n++];
    h->indef = false;
    h->nonminimal = false;
    h->len = 0;
    if (l0 < 0x80) {
        h->len = l0;
    } else if (l0 == 0x80) {
        if (!ASN1_TAG_IS_CONS(h->tag)) {
            snprintf(why, whylen, "indefinite length on a primitive element (X.690 8.1.3.2)");
            return ASN1_E_BAD_LENGTH;
        }
        h->indef = true;
    } else if (l0 == 0xff) {
        snprintf(why, whylen, "reserved length octet 0xff (X.690 8.1.3.5)");
        return ASN1_E_BAD_LENGTH;
    } else {
        size_t k = l0 & 0x7f;
        if (avail - n < k) {
            snprintf(why, whylen, "length octets run past the end of the data");
            return ASN1_E_TRUNCATED;
        }
        uint64_t v = 0;
        for (size_t i = 0; i < k; i++) {
            if (v >> 56) {
                snprintf(why, whylen, "length does not fit in 64 bits");
                return ASN1_E_BAD_LENGTH;
            }
            v = (v << 8) | p[n + i];
        }
        n += k;
        h->nonminimal = p[n - k] == 0 || v < 0x80;
        if (v > avail - n) {
            snprintf(why, whylen, "length %llu runs past the end of its container (%zu bytes left)",
                     (unsigned long long)v, avail - n);
            return ASN1_E_TRUNCATED;
        }
        h->len = (size_t)v;
    }
    h->hlen = n;
    if (!h->indef && h->len > avail - n) {
        snprintf(why, whylen, "content of %zu bytes runs past the end of its container (%zu bytes left)",
                 h->len, avail - n);
        return ASN1_E_TRUNCATED;
    }
    return ASN1_OK;
}

/* Universal types whose constructed BER form is a list of segments (X.690 8.6.3, 8.7.3, 8.23.6). */
static bool segmented_type(uint32_t tag)
{
    if (ASN1_TAG_CLASS(tag) != ASN1_CLASS_UNIVERSAL || !ASN1_TAG_IS_CONS(tag))
        return false;
    uint32_t num = ASN1_TAG_NUMBER(tag);
    return num == ASN1_BIT_STRING || num == ASN1_OCTET_STRING || num == ASN1_UTCTIME ||
           num == ASN1_GENERALIZEDTIME || asn1_is_string_tag(num);
}

/* Universal types that are always primitive (X.690 8.2, 8.3, 8.4, 8.5, 8.8, 8.19, 8.20). */
static bool primitive_type(uint32_t tag)
{
    if (ASN1_TAG_CLASS(tag) != ASN1_CLASS_UNIVERSAL)
        return false;
    switch (ASN1_TAG_NUMBER(tag)) {
    case ASN1_BOOLEAN: case ASN1_INTEGER: case ASN1_NULL: case ASN1_OID:
    case ASN1_REAL: case ASN1_ENUMERATED: case ASN1_RELATIVE_OID:
        return true;
    default:
        return false;
    }
}

enum mode { M_NORMAL, M_FLAT_ROOT, M_FLAT_INNER };

struct frame {
    size_t start;           /* offset of the element in the input */
    size_t end;             /* definite: end of content; indefinite: the container's limit */
    size_t mark;            /* derw_begin mark (M_NORMAL, M_FLAT_ROOT) */
    unsigned index;         /* this element's index among its siblings */
    unsigned nchild;        /* children read so far */
    bool indef;
    enum mode mode;
};

struct conv {
    asn1_ctx *ctx;
    span_t in;
    size_t base;            /* offset of in.p from ctx->base */
    buf_t *out;
    struct frame *st;
    size_t sp, cap, max;
    /* the one string being flattened (segments cannot hold other types) */
    uint32_t seg_tag;       /* primitive tag every segment must have */
    bool bits;
    size_t unused_pos;      /* offset in out of the unused-bits octet */
    int last_unused;        /* unused bits of the last BIT STRING segment, -1 before any */
};

static asn1_err fail(struct conv *cv, size_t at, unsigned child, asn1_err code, const char *fmt, ...)
    CK_PRINTF(5, 6);

#define SELF ((unsigned)-1)

/*
 * Records an error.  The path is the list of child indexes from the root element
 * ("[1][0][3]"): the open frames below the root, then child (the element being
 * read in the top frame), or nothing more when child is SELF (the top frame itself).
 */
static asn1_err fail(struct conv *cv, size_t at, unsigned child, asn1_err code, const char *fmt, ...)
{
    char path[ASN1_PATH_MAX], msg[ASN1_MSG_MAX];
    size_t o = 0;
    path[0] = '\0';
    for (size_t i = 1; i <= cv->sp && o < sizeof path; i++) {
        if (i == cv->sp && child == SELF)
            break;
        unsigned idx = i < cv->sp ? cv->st[i].index : child;
        int w = snprintf(path + o, sizeof path - o, "[%u]", idx);
        if (w < 0)
            break;
        o += (size_t)w;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return asn1_fail_at(cv->ctx, cv->base + at, path, code, "%s", msg);
}

static asn1_err push(struct conv *cv, const struct frame *f)
{
    if (cv->sp == cv->cap) {
        size_t ncap = cv->cap ? cv->cap * 2 : 16;
        struct frame *n = realloc(cv->st, ncap * sizeof *n);
        if (!n)
            return fail(cv, f->start, SELF, ASN1_E_NOMEM, "out of memory");
        cv->st = n;
        cv->cap = ncap;
    }
    cv->st[cv->sp++] = *f;
    return ASN1_OK;
}

/* Closes the top frame: patches the length (and a flattened BIT STRING's unused bits). */
static void pop(struct conv *cv)
{
    struct frame *f = &cv->st[--cv->sp];
    if (f->mode == M_FLAT_INNER)
        return;
    if (f->mode == M_FLAT_ROOT && cv->bits && !cv->out->oom)
        cv->out->p[cv->unused_pos] = (char)(cv->last_unused < 0 ? 0 : cv->last_unused);
    derw_end(cv->out, f->mark);
}

/* One segment of a string being flattened: a primitive element of seg_tag. */
static asn1_err segment(struct conv *cv, size_t at, unsigned child, const uint8_t *body, size_t len)
{
    if (!cv->bits) {
        buf_put(cv->out, body, len);
        return ASN1_OK;
    }
    if (len == 0)
        return fail(cv, at, child, ASN1_E_VALUE,
                    "BIT STRING segment without its unused-bits octet (X.690 8.6.2)");
    if (body[0] > 7)
        return fail(cv, at, child, ASN1_E_VALUE, "BIT STRING segment with %u unused bits (X.690 8.6.2.2)",
                    body[0]);
    if (cv->last_unused > 0)
        return fail(cv, at, child, ASN1_E_VALUE,
                    "only the last segment of a constructed BIT STRING may have unused bits (X.690 8.6.4)");
    buf_put(cv->out, body + 1, len - 1);
    cv->last_unused = body[0];
    return ASN1_OK;
}

static asn1_err convert(struct conv *cv, size_t *consumed)
{
    const uint8_t *in = cv->in.p;
    size_t pos = 0;
    bool started = false;
    char why[160];
    for (;;) {
        if (cv->sp == 0 && started)
            break;
        struct frame *top = cv->sp ? &cv->st[cv->sp - 1] : NULL;
        size_t limit = top ? top->end : cv->in.len;
        if (top) {
            if (top->indef) {
                if (pos + 2 <= limit && in[pos] == 0 && in[pos + 1] == 0) {
                    pos += 2;
                    pop(cv);
                    continue;
                }
                if (pos >= limit)
                    return fail(cv, top->start, SELF, ASN1_E_TRUNCATED,
                                "indefinite-length element has no end-of-contents octets (X.690 8.1.5)");
            } else if (pos == limit) {
                pop(cv);
                continue;
            }
        }
        unsigned child = top ? top->nchild : 0;
        struct hdr h;
        asn1_err r = parse_hdr(in + pos, limit - pos, &h, why, sizeof why);
        if (r)
            return fail(cv, pos, child, r, "%s", why);
        if (h.tag == ASN1_EOC)
            return fail(cv, pos, child, ASN1_E_BAD_TAG,
                        top && top->indef ? "malformed end-of-contents octets (X.690 8.1.5)"
                                          : "end-of-contents octets outside an indefinite-length element");
        if (cv->sp + 1 > cv->max)
            return fail(cv, pos, child, ASN1_E_DEPTH, "nesting deeper than %zu levels", cv->max);
        if (top)
            top->nchild++;
        started = true;
        struct frame f = {
            .start = pos, .index = child, .indef = h.indef,
            .end = h.indef ? limit : pos + h.hlen + h.len, .mode = M_NORMAL,
        };
        bool flattening = top && top->mode != M_NORMAL;
        if (flattening) {
            if ((h.tag & ~ASN1_CONSTRUCTED) != cv->seg_tag) {
                char want[32], got[32];
                return fail(cv, pos, child, ASN1_E_TAG,
                            "segment of a constructed %s is a %s (X.690 8.7.3.2)",
                            asn1_tag_name(cv->seg_tag, want, sizeof want),
                            asn1_tag_name(h.tag, got, sizeof got));
            }
            if (!ASN1_TAG_IS_CONS(h.tag)) {
                TRY(segment(cv, pos, child, in + pos + h.hlen, h.len));
                pos += h.hlen + h.len;
                continue;
            }
            f.mode = M_FLAT_INNER;
            TRY(push(cv, &f));
            pos += h.hlen;
            continue;
        }
        if (!ASN1_TAG_IS_CONS(h.tag)) {
            derw_header(cv->out, h.tag, h.len);
            buf_put(cv->out, in + pos + h.hlen, h.len);
            pos += h.hlen + h.len;
            continue;
        }
        if (primitive_type(h.tag)) {
            char name[32];
            return fail(cv, pos, child, ASN1_E_BAD_TAG, "constructed %s (this type is always primitive, X.690 8)",
                        asn1_tag_name(h.tag, name, sizeof name));
        }
        if (segmented_type(h.tag)) {
            cv->seg_tag = h.tag & ~ASN1_CONSTRUCTED;
            cv->bits = ASN1_TAG_NUMBER(h.tag) == ASN1_BIT_STRING;
            cv->last_unused = -1;
            f.mode = M_FLAT_ROOT;
            f.mark = derw_begin(cv->out, cv->seg_tag);
            if (cv->bits) {
                cv->unused_pos = cv->out->len;
                buf_putc(cv->out, 0);
            }
        } else {
            f.mark = derw_begin(cv->out, h.tag);
        }
        TRY(push(cv, &f));
        pos += h.hlen;
        if (cv->out->oom)
            return fail(cv, f.start, SELF, ASN1_E_NOMEM, "out of memory");
    }
    if (cv->out->oom)
        return fail(cv, 0, SELF, ASN1_E_NOMEM, "out of memory");
    *consumed = pos;
    return ASN1_OK;
}

static size_t base_offset(const asn1_ctx *ctx, span_t in)
{
    if (ctx->base && in.p >= ctx->base && in.p <= ctx->base + ctx->base_len)
        return (size_t)(in.p - ctx->base);
    return 0;
}

asn1_err asn1_ber_to_der(asn1_ctx *ctx, span_t in, buf_t *out, size_t *consumed)
{
    struct conv cv = {
        .ctx = ctx, .in = in, .base = base_offset(ctx, in), .out = out,
        .max = ctx->max_depth ? ctx->max_depth : ASN1_DEFAULT_MAX_DEPTH,
    };
    size_t start = out->len, used = 0;
    asn1_err r = convert(&cv, &used);
    free(cv.st);
    if (r != ASN1_OK) {
        if (!out->oom)
            out->len = start;
        return r;
    }
    if (consumed)
        *consumed = used;
    return ASN1_OK;
}

bool asn1_is_ber(span_t in, unsigned max_depth)
{
    /* A linear walk: descend into every constructed element, skip primitive content. */
    size_t ends[ASN1_DEFAULT_MAX_DEPTH + 1];
    size_t limit = max_depth && max_depth < ASN1_DEFAULT_MAX_DEPTH ? max_depth : ASN1_DEFAULT_MAX_DEPTH;
    size_t sp = 0, pos = 0;
    bool started = false;
    char why[160];
    for (;;) {
        while (sp > 0 && pos == ends[sp - 1])
            sp--;
        if (sp == 0 && started)
            return false;
        struct hdr h;
        size_t lim = sp ? ends[sp - 1] : in.len;
        if (parse_hdr(in.p + pos, lim - pos, &h, why, sizeof why) != ASN1_OK)
            return false;             /* malformed, not BER: the DER decoder will say why */
        started = true;
        if (h.indef || h.nonminimal || segmented_type(h.tag))
            return true;
        if (!ASN1_TAG_IS_CONS(h.tag)) {
            pos += h.hlen + h.len;
            continue;
        }
        if (sp == limit)
            return true;              /* deeper than we look: let the converter decide */
        ends[sp++] = pos + h.hlen + h.len;
        pos += h.hlen;
    }
}

asn1_err asn1_ber_implicit_octets(const der_t *c, const asn1_elem *e, const char *field,
                                  buf_t *storage, span_t *v)
{
    if (!ASN1_TAG_IS_CONS(e->tag)) {
        *v = e->body;
        return ASN1_OK;
    }
    /* constructed: a list of OCTET STRING segments (already flattened by the converter) */
    size_t start = storage->len, pos = 0;
    char why[160];
    while (pos < e->body.len) {
        struct hdr h;
        asn1_err r = parse_hdr(e->body.p + pos, e->body.len - pos, &h, why, sizeof why);
        if (r == ASN1_OK && (h.tag != ASN1_OCTET_STRING || h.indef)) {
            r = ASN1_E_TAG;
            snprintf(why, sizeof why, "segment of a constructed [%u] IMPLICIT OCTET STRING is not "
                     "a primitive OCTET STRING (X.690 8.7.3.2)", (unsigned)ASN1_TAG_NUMBER(e->tag));
        }
        if (r) {
            storage->len = storage->oom ? storage->len : start;
            return der_fail(c, e->offset + e->hdr_len + pos, field, r, "%s", why);
        }
        buf_put(storage, e->body.p + pos + h.hlen, h.len);
        pos += h.hlen + h.len;
    }
    if (storage->oom)
        return der_fail(c, e->offset, field, ASN1_E_NOMEM, "out of memory");
    *v = span_make(storage->len > start ? (const void *)(storage->p + start) : (const void *)e->body.p,
                   storage->len - start);
    return ASN1_OK;
}
