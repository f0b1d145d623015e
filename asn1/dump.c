/*
 * dump.c - the dumpasn1-style tree behind asn1dump: every element with its offset,
 * header length, content length ("inf" for a BER indefinite length), tag and decoded
 * value, indented by depth; DER found inside OCTET and BIT STRINGs shown as a subtree.
 *
 * Reading goes through the one cursor (der.c) in BER mode, so BER files display;
 * every DER rule an element breaks (X.690 clause 10/11 and the value rules of clause 8)
 * is written inline under the element and recorded as a warning in the context, so the
 * tool can list them and --strict can fail on them.  Structural damage (a length past
 * the end of its container, a bad tag) is written inline where it is met; the rest of
 * that container is skipped and the dump goes on with the parent's next element.  The
 * first such error is the context's error and the return value.
 *
 * The output is text for people: string values are UTF-8 with control characters
 * (C0, DEL, C1) escaped, so a hostile certificate cannot drive the terminal.
 */
#include "asn1/asn1.h"
#include "asn1/utf8.h"

#include <stdio.h>
#include <string.h>

#define HEX_PER_LINE 16

struct dumper {
    asn1_ctx *ctx;
    const asn1_dump_opts *o;
    buf_t *out;
    int offw, lenw;         /* column widths */
    asn1_diag first;        /* the first structural error (restored into ctx at the end) */
    bool have_first;
};

static void maybe_flush(struct dumper *d)
{
    if (d->o->flush && d->out->len > (1u << 20))
        d->o->flush(d->o->flush_arg);
}

static void indent(struct dumper *d, unsigned depth)
{
    for (unsigned i = 0; i < depth; i++)
        buf_put(d->out, "  ", 2);
}

/* "  OFF HL  LEN: " + indentation */
static void head(struct dumper *d, size_t off, size_t hl, size_t len, bool indef, unsigned depth)
{
    char lb[24];
    if (indef)
        snprintf(lb, sizeof lb, "inf");
    else
        snprintf(lb, sizeof lb, "%zu", len);
    buf_printf(d->out, "%*llu %2zu %*s: ", d->offw, (unsigned long long)(d->o->base_offset + off), hl,
               d->lenw, lb);
    indent(d, depth);
}

/* The blank columns of a continuation line + indentation. */
static void cont(struct dumper *d, unsigned depth)
{
    buf_printf(d->out, "%*s %2s %*s: ", d->offw, "", "", d->lenw, "");
    indent(d, depth);
}

static void endline(struct dumper *d)
{
    buf_putc(d->out, '\n');
    maybe_flush(d);
}

/* A DER violation: shown under the element, recorded as a warning for its path. */
static void violation(struct dumper *d, const der_t *ec, size_t off, unsigned depth, const char *fmt, ...)
    CK_PRINTF(5, 6);
static void violation(struct dumper *d, const der_t *ec, size_t off, unsigned depth, const char *fmt, ...)
{
    char msg[ASN1_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cont(d, depth + 1);
    buf_printf(d->out, "! warning: %s", msg);
    endline(d);
    if (d->o->on_diag) {
        asn1_diag dg;
        memset(&dg, 0, sizeof dg);
        dg.offset = off;
        der_path(ec, "", -1, dg.path, sizeof dg.path);
        snprintf(dg.msg, sizeof dg.msg, "%s", msg);
        d->o->on_diag(d->o->diag_arg, &dg, true);
    }
    asn1_err r = der_warn(ec, off, "", "%s", msg);
    (void)r;                /* the dump context is never strict: the tool decides */
}

/* Takes the error just recorded (ctx->err) so that the next one is recorded too. */
static void take_error(struct dumper *d)
{
    if (d->ctx->err.code == ASN1_OK)
        return;
    if (!d->have_first) {
        d->first = d->ctx->err;
        d->have_first = true;
    }
    asn1_ctx_clear_error(d->ctx);
}

/* ------------------------------------------------------------- values */

/* Appends s[0..n) (valid UTF-8) quoted, control characters escaped. */
static void put_quoted(buf_t *out, const char *s, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    const uint8_t *p = (const uint8_t *)s;
    buf_putc(out, '\'');
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
            size_t j = i;
            while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '\\' && p[j] != '\'')
                j++;
            buf_put(out, p + i, j - i);
            i = j;
            continue;
        }
        if (c == '\\' || c == '\'') {
            char e[2] = { '\\', (char)c };
            buf_put(out, e, 2);
            i++;
        } else if (c < 0x80) {
            char e[4] = { '\\', 'x', hx[c >> 4], hx[c & 15] };
            buf_put(out, e, 4);
            i++;
        } else {
            uint32_t cp = 0;
            enum utf8_why why;
            int k = utf8_decode1(p + i, n - i, &cp, &why);
            if (k <= 0) {
                char e[4] = { '\\', 'x', hx[c >> 4], hx[c & 15] };
                buf_put(out, e, 4);
                i++;
            } else if (cp >= 0x80 && cp <= 0x9f) {
                buf_printf(out, "\\u%04x", (unsigned)cp);    /* C1 controls (CSI is 0x9b) */
                i += (size_t)k;
            } else {
                buf_put(out, p + i, (size_t)k);
                i += (size_t)k;
            }
        }
    }
    buf_putc(out, '\'');
}

static bool printable_ascii(span_t v)
{
    if (v.len == 0)
        return false;
    for (size_t i = 0; i < v.len; i++)
        if (v.p[i] < 0x20 || v.p[i] > 0x7e)
            return false;
    return true;
}

/* Hex of v: inline when short, else lines of 16 bytes under the element (max_hex caps it). */
static void hex_value(struct dumper *d, span_t v, unsigned depth)
{
    if (v.len <= HEX_PER_LINE) {
        if (v.len) {
            buf_putc(d->out, ' ');
            buf_hex(d->out, v.p, v.len, " ");
        }
        endline(d);
        return;
    }
    endline(d);
    size_t shown = v.len;
    if (d->o->max_hex && shown > d->o->max_hex)
        shown = d->o->max_hex;
    for (size_t i = 0; i < shown; i += HEX_PER_LINE) {
        size_t n = shown - i < HEX_PER_LINE ? shown - i : HEX_PER_LINE;
        cont(d, depth + 1);
        buf_hex(d->out, v.p + i, n, " ");
        endline(d);
    }
    if (shown < v.len) {
        cont(d, depth + 1);
        buf_printf(d->out, "[ %zu more bytes not shown ]", v.len - shown);
        endline(d);
    }
}

/* Arcs of a RELATIVE-OID, or false when badly encoded. */
static bool relative_oid_text(span_t v, buf_t *out)
{
    uint64_t a = 0;
    bool in_arc = false, first = true;
    if (v.len == 0)
        return false;
    for (size_t i = 0; i < v.len; i++) {
        if (!in_arc && v.p[i] == 0x80)
            return false;
        if (a > (UINT64_MAX >> 7))
            return false;
        a = (a << 7) | (v.p[i] & 0x7f);
        in_arc = (v.p[i] & 0x80) != 0;
        if (!in_arc) {
            buf_printf(out, "%s%llu", first ? "" : ".", (unsigned long long)a);
            first = false;
            a = 0;
        }
    }
    return !in_arc;
}

/* Why an OBJECT IDENTIFIER's content breaks X.690 8.19, or NULL. */
static const char *oid_problem(span_t v)
{
    if (v.len == 0)
        return "empty OBJECT IDENTIFIER (X.690 8.19)";
    if (v.p[v.len - 1] & 0x80)
        return "OBJECT IDENTIFIER ends inside an arc (X.690 8.19.2)";
    for (size_t i = 0; i < v.len; i++)
        if (v.p[i] == 0x80 && (i == 0 || !(v.p[i - 1] & 0x80)))
            return "OBJECT IDENTIFIER arc with a leading 0x80 octet (X.690 8.19.2)";
    return NULL;
}

/* Why an INTEGER's content breaks X.690 8.3, or NULL. */
static const char *int_problem(span_t v)
{
    if (v.len == 0)
        return "zero-length INTEGER (X.690 8.3.1)";
    if (v.len > 1 && ((v.p[0] == 0x00 && !(v.p[1] & 0x80)) || (v.p[0] == 0xff && (v.p[1] & 0x80))))
        return "non-minimal INTEGER encoding (X.690 8.3.2)";
    return NULL;
}

/* True when the whole of content is one element that is DER (or BER in BER mode). */
static bool structure_ok(asn1_ctx *t, der_t *c)
{
    while (!der_empty(c)) {
        asn1_elem e;
        if (der_next(c, NULL, &e) != ASN1_OK)
            return false;
        if (ASN1_TAG_IS_CONS(e.tag)) {
            der_t child;
            if (der_open(c, &e, NULL, -1, &child) != ASN1_OK || !structure_ok(t, &child))
                return false;
        }
    }
    return t->err.code == ASN1_OK;
}

/*
 * Does content hold encapsulated DER?  One element spanning all of it; a constructed
 * one must parse completely; a primitive one must be a universal type whose value is
 * valid (so random bytes such as a key identifier are rarely taken for DER).  Inside a
 * BIT STRING only a constructed element counts (an EC point starting 04 is not an
 * OCTET STRING).
 */
static bool encapsulates(struct dumper *d, const der_t *ec, span_t content, bool bits)
{
    if (content.len < 2 || d->o->no_encapsulated)
        return false;
    asn1_ctx t;
    memset(&t, 0, sizeof t);
    asn1_ctx_reset(&t, d->ctx->base, d->ctx->base_len);
    t.max_depth = d->ctx->max_depth;
    t.ber = d->ctx->ber;
    der_t c;
    der_init_span(&c, &t, content, NULL);
    c.depth = ec->depth;
    asn1_elem e;
    if (der_next(&c, NULL, &e) != ASN1_OK || !der_empty(&c))
        return false;
    if (ASN1_TAG_IS_CONS(e.tag)) {
        der_t child;
        return der_open(&c, &e, NULL, -1, &child) == ASN1_OK && structure_ok(&t, &child);
    }
    if (bits || ASN1_TAG_CLASS(e.tag) != ASN1_CLASS_UNIVERSAL)
        return false;
    span_t v = e.body;
    switch (e.tag) {
    case ASN1_BOOLEAN:
        return v.len == 1 && (v.p[0] == 0 || v.p[0] == 0xff);
    case ASN1_INTEGER:
    case ASN1_ENUMERATED:
        return int_problem(v) == NULL;
    case ASN1_BIT_STRING:
        return v.len >= 1 && v.p[0] <= 7 && !(v.len == 1 && v.p[0]);
    case ASN1_OCTET_STRING:
        return true;
    case ASN1_NULL:
        return v.len == 0;
    case ASN1_OID:
        return oid_problem(v) == NULL;
    case ASN1_UTCTIME:
    case ASN1_GENERALIZEDTIME: {
        int64_t tt;
        bool len;
        char why[8];
        return asn1_time_decode(e.tag, v, &tt, &len, why, sizeof why) == ASN1_OK;
    }
    default:
        if (asn1_is_string_tag(e.tag) && e.tag != ASN1_OBJECT_DESCRIPTOR) {
            buf_t tmp = BUF_INIT;
            const char *why = NULL, *dev = NULL;
            asn1_err r = asn1_str_to_utf8(e.tag, v, &tmp, &why, &dev);
            buf_free(&tmp);
            return r == ASN1_OK && dev == NULL;
        }
        return false;
    }
}

/* Universal types whose constructed form is BER-only (X.690 10.2). */
static bool string_like(uint32_t num)
{
    return num == ASN1_BIT_STRING || num == ASN1_OCTET_STRING || num == ASN1_UTCTIME ||
           num == ASN1_GENERALIZEDTIME || asn1_is_string_tag(num);
}

static asn1_err walk(struct dumper *d, der_t *c, unsigned depth);

/* An OCTET or BIT STRING holding DER: " , encapsulates {" + the subtree + "}". */
static void encapsulated(struct dumper *d, der_t *ec, span_t content, unsigned depth)
{
    buf_puts(d->out, ", encapsulates {");
    endline(d);
    der_t inner = *ec;
    inner.p = content.p;
    inner.end = content.p + content.len;
    inner.count = 0;
    asn1_err r = walk(d, &inner, depth + 1);
    (void)r;                /* shown inline; the first error is kept */
    cont(d, depth);
    buf_putc(d->out, '}');
    endline(d);
}

/* Writes the value of a primitive element (the tag name is already out) and its checks. */
static void primitive(struct dumper *d, der_t *ec, const asn1_elem *e, unsigned depth)
{
    span_t v = e->body;
    size_t at = e->offset;
    buf_t *out = d->out;
    if (ASN1_TAG_CLASS(e->tag) != ASN1_CLASS_UNIVERSAL) {
        if (printable_ascii(v)) {
            buf_putc(out, ' ');
            put_quoted(out, (const char *)v.p, v.len);
            endline(d);
        } else {
            hex_value(d, v, depth);
        }
        return;
    }
    switch (e->tag) {
    case ASN1_EOC:
        endline(d);
        violation(d, ec, at, depth, "end-of-contents octets outside an indefinite-length element (X.690 8.1.5)");
        return;
    case ASN1_BOOLEAN:
        if (v.len != 1) {
            hex_value(d, v, depth);
            violation(d, ec, at, depth, "BOOLEAN of %zu octets (X.690 8.2.1)", v.len);
            return;
        }
        buf_puts(out, v.p[0] ? " TRUE" : " FALSE");
        if (v.p[0] && v.p[0] != 0xff) {
            buf_printf(out, " (0x%02x)", v.p[0]);
            endline(d);
            violation(d, ec, at, depth, "BOOLEAN TRUE encoded as 0x%02x, not 0xff (X.690 11.1)", v.p[0]);
            return;
        }
        endline(d);
        return;
    case ASN1_INTEGER:
    case ASN1_ENUMERATED: {
        const char *bad = int_problem(v);
        span_t m = asn1_int_magnitude(v);
        if (v.len > 0 && (asn1_int_is_negative(v) ? v.len <= 8 : m.len <= 8)) {
            buf_putc(out, ' ');
            if (asn1_int_dec(v, out) != ASN1_OK)
                buf_puts(out, "?");
            if (m.len > 1 || (m.len == 1 && m.p[0] > 9) || asn1_int_is_negative(v)) {
                buf_t h = BUF_INIT;
                asn1_int_hex(v, &h);
                const char *hs = buf_cstr(&h);
                buf_printf(out, " (%s0x%s)", hs[0] == '-' ? "-" : "", hs + (hs[0] == '-'));
                buf_free(&h);
            }
            endline(d);
        } else if (v.len > 0) {
            buf_printf(out, " (%zu bit%s)", asn1_int_bits(v), asn1_int_is_negative(v) ? ", negative" : "");
            hex_value(d, v, depth);
        } else {
            endline(d);
        }
        if (bad)
            violation(d, ec, at, depth, "%s", bad);
        return;
    }
    case ASN1_BIT_STRING: {
        if (v.len == 0) {
            endline(d);
            violation(d, ec, at, depth, "BIT STRING without its unused-bits octet (X.690 8.6.2)");
            return;
        }
        unsigned unused = v.p[0];
        span_t bits = span_make(v.p + 1, v.len - 1);
        if (unused > 7 || (bits.len == 0 && unused)) {
            hex_value(d, v, depth);
            violation(d, ec, at, depth, unused > 7 ? "BIT STRING with %u unused bits (X.690 8.6.2.2)"
                                                   : "empty BIT STRING with %u unused bits (X.690 8.6.2.3)",
                      unused);
            return;
        }
        if (unused == 0 && encapsulates(d, ec, bits, true)) {
            encapsulated(d, ec, bits, depth);
            return;
        }
        if (unused)
            buf_printf(out, " (%u unused bit%s)", unused, unused == 1 ? "" : "s");
        if (bits.len > 0 && bits.len <= 4) {
            buf_puts(out, " '");
            size_t nbits = bits.len * 8 - unused;
            for (size_t i = 0; i < nbits; i++)
                buf_putc(out, (bits.p[i / 8] >> (7 - i % 8)) & 1 ? '1' : '0');
            buf_puts(out, "'B");
        }
        hex_value(d, bits, depth);
        if (unused && (bits.p[bits.len - 1] & ((1u << unused) - 1)))
            violation(d, ec, at, depth, "BIT STRING padding bits are not zero (X.690 11.2.1)");
        return;
    }
    case ASN1_OCTET_STRING:
        if (encapsulates(d, ec, v, false)) {
            encapsulated(d, ec, v, depth);
        } else if (printable_ascii(v) && v.len >= 4) {
            buf_putc(out, ' ');
            put_quoted(out, (const char *)v.p, v.len);
            endline(d);
        } else {
            hex_value(d, v, depth);
        }
        return;
    case ASN1_NULL:
        if (v.len) {
            hex_value(d, v, depth);
            violation(d, ec, at, depth, "NULL with %zu content octets (X.690 8.8.2)", v.len);
        } else {
            endline(d);
        }
        return;
    case ASN1_OID: {
        const char *bad = oid_problem(v);
        if (bad) {
            hex_value(d, v, depth);
            violation(d, ec, at, depth, "%s", bad);
            return;
        }
        oid_id id = oid_lookup(v);
        buf_putc(out, ' ');
        if (id != OID_UNKNOWN) {
            buf_puts(out, oid_name(id));
            buf_puts(out, " (");
            buf_puts(out, oid_dotted(id));
            buf_putc(out, ')');
            endline(d);
            return;
        }
        char txt[512];
        if (asn1_oid_to_text(v, txt, sizeof txt) == ASN1_OK) {
            buf_puts(out, txt);
            endline(d);
        } else {
            asn1_oid_append(v, out);
            endline(d);
            violation(d, ec, at, depth, "OBJECT IDENTIFIER arc does not fit in 64 bits");
        }
        return;
    }
    case ASN1_RELATIVE_OID: {
        size_t mark = out->len;
        buf_putc(out, ' ');
        if (relative_oid_text(v, out)) {
            endline(d);
        } else {
            out->len = out->oom ? out->len : mark;
            hex_value(d, v, depth);
            violation(d, ec, at, depth, "badly encoded RELATIVE-OID (X.690 8.20)");
        }
        return;
    }
    case ASN1_UTCTIME:
    case ASN1_GENERALIZEDTIME: {
        int64_t t;
        bool lenient = false;
        char why[128];
        asn1_err r = asn1_time_decode(e->tag, v, &t, &lenient, why, sizeof why);
        buf_putc(out, ' ');
        if (r == ASN1_OK) {
            char iso[32];
            asn1_time_rfc3339(t, iso);
            buf_puts(out, iso);
            buf_puts(out, " (");
        }
        buf_t raw = BUF_INIT;
        const char *w = NULL, *dev = NULL;
        if (asn1_str_to_utf8(ASN1_VISIBLESTRING, v, &raw, &w, &dev) == ASN1_OK)
            put_quoted(out, raw.p ? raw.p : "", raw.len);
        buf_free(&raw);
        if (r == ASN1_OK)
            buf_putc(out, ')');
        endline(d);
        if (r != ASN1_OK || lenient)
            violation(d, ec, at, depth, "%s", why);
        return;
    }
    default:
        break;
    }
    if (asn1_is_string_tag(e->tag)) {
        buf_t s = BUF_INIT;
        const char *why = NULL, *dev = NULL;
        asn1_err r = asn1_str_to_utf8(e->tag, v, &s, &why, &dev);
        if (r == ASN1_OK) {
            buf_putc(out, ' ');
            put_quoted(out, s.p ? s.p : "", s.len);
            endline(d);
            if (dev)
                violation(d, ec, at, depth, "%s", dev);
        } else {
            hex_value(d, v, depth);
            violation(d, ec, at, depth, "%s", why ? why : "undecodable string");
        }
        buf_free(&s);
        return;
    }
    if (e->tag == ASN1_SEQUENCE - ASN1_CONSTRUCTED || e->tag == ASN1_SET - ASN1_CONSTRUCTED) {
        hex_value(d, v, depth);
        violation(d, ec, at, depth, "%s must be constructed (X.690 8.9.1, 8.11.1)",
                  e->tag == ASN1_SEQUENCE - ASN1_CONSTRUCTED ? "SEQUENCE" : "SET");
        return;
    }
    hex_value(d, v, depth);
}

/* X.690 11.6: the encodings of a SET OF's elements in ascending order (shorter ones
 * padded with trailing zero octets).  Returns <0, 0, >0. */
static int set_cmp(span_t a, span_t b)
{
    size_t m = a.len < b.len ? a.len : b.len;
    int c = m ? memcmp(a.p, b.p, m) : 0;
    if (c)
        return c;
    const span_t *l = a.len > b.len ? &a : &b;
    for (size_t i = m; i < l->len; i++)
        if (l->p[i])
            return l == &a ? 1 : -1;
    return 0;
}

static void check_set_order(struct dumper *d, der_t *ec, unsigned depth)
{
    der_t c = *ec;
    span_t prev = { NULL, 0 };
    while (!der_empty(&c)) {
        asn1_elem e;
        if (der_next(&c, NULL, &e) != ASN1_OK) {
            asn1_ctx_clear_error(d->ctx);   /* already reported by the walk */
            return;
        }
        if (prev.p && set_cmp(prev, e.der) > 0) {
            violation(d, ec, e.offset, depth, "SET OF elements not in ascending order (X.690 11.6)");
            return;
        }
        prev = e.der;
    }
}

/* Tag octets of the element at p (already validated by the cursor). */
static size_t tag_len(const uint8_t *p)
{
    size_t n = 1;
    if ((p[0] & 0x1f) == 0x1f)
        while (p[n++] & 0x80)
            ;
    return n;
}

static asn1_err walk(struct dumper *d, der_t *c, unsigned depth)
{
    asn1_err ret = ASN1_OK;
    while (!der_empty(c)) {
        take_error(d);
        size_t at = der_offset(c);
        asn1_elem e;
        asn1_err r = der_next(c, NULL, &e);
        if (r != ASN1_OK) {
            buf_printf(d->out, "%*llu %2s %*s: ", d->offw, (unsigned long long)(d->o->base_offset + at), "",
                       d->lenw, "");
            indent(d, depth);
            buf_printf(d->out, "! error: %s", d->ctx->err.msg[0] ? d->ctx->err.msg : asn1_err_name(r));
            endline(d);
            if (d->o->on_diag && d->ctx->err.code != ASN1_OK)
                d->o->on_diag(d->o->diag_arg, &d->ctx->err, false);
            take_error(d);
            return r;       /* the rest of this container cannot be framed */
        }
        unsigned idx = c->count - 1;
        der_t ec;
        if (der_open(c, &e, NULL, (int)idx, &ec) != ASN1_OK) {
            take_error(d);
            return ASN1_E_DEPTH;
        }
        char name[40];
        head(d, e.offset, e.hdr_len, e.body.len, e.indefinite, depth);
        buf_puts(d->out, asn1_tag_name(e.tag, name, sizeof name));

        bool cons = ASN1_TAG_IS_CONS(e.tag);
        if (cons) {
            buf_puts(d->out, " {");
            endline(d);
        } else {
            primitive(d, &ec, &e, depth);
        }

        /* header rules (X.690 10.1, 10.2) */
        const uint8_t *lp = e.der.p + tag_len(e.der.p);
        if (e.indefinite) {
            violation(d, &ec, e.offset, depth, "indefinite length (X.690 10.1: DER lengths are definite)");
        } else if (lp[0] & 0x80) {
            size_t k = lp[0] & 0x7f;
            if (lp[1] == 0 || e.body.len < 0x80)
                violation(d, &ec, e.offset, depth, "non-minimal length encoding: %zu length octets for %zu (X.690 10.1)",
                          k, e.body.len);
        }
        if (cons && ASN1_TAG_CLASS(e.tag) == ASN1_CLASS_UNIVERSAL) {
            uint32_t num = ASN1_TAG_NUMBER(e.tag);
            if (string_like(num))
                violation(d, &ec, e.offset, depth, "constructed %s (X.690 10.2: DER strings are primitive)", name);
            else if (num == ASN1_BOOLEAN || num == ASN1_INTEGER || num == ASN1_NULL || num == ASN1_OID ||
                     num == ASN1_ENUMERATED || num == ASN1_REAL || num == ASN1_RELATIVE_OID)
                violation(d, &ec, e.offset, depth, "constructed %s (it is always primitive, X.690 8)", name);
            else if (num == ASN1_EOC)
                violation(d, &ec, e.offset, depth, "constructed end-of-contents octets (X.690 8.1.5)");
        }

        if (cons) {
            der_t ec0 = ec;
            r = walk(d, &ec, depth + 1);
            if (r == ASN1_E_NOMEM)
                return r;
            if (r != ASN1_OK && ret == ASN1_OK)
                ret = r;
            if (r == ASN1_OK && e.tag == ASN1_SET)
                check_set_order(d, &ec0, depth);
            if (e.indefinite) {
                head(d, e.body.p + e.body.len - d->ctx->base, 2, 0, false, depth + 1);
                buf_puts(d->out, "EOC");
                endline(d);
            }
            cont(d, depth);
            buf_putc(d->out, '}');
            endline(d);
        }
        if (d->out->oom)
            return ASN1_E_NOMEM;
    }
    take_error(d);
    return ret;
}

static int digits(unsigned long long v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

asn1_err asn1_dump(asn1_ctx *ctx, const asn1_dump_opts *o, buf_t *out)
{
    static const asn1_dump_opts defaults;
    struct dumper d = { .ctx = ctx, .o = o ? o : &defaults, .out = out };
    ctx->ber = true;
    d.offw = digits(d.o->base_offset + ctx->base_len);
    if (d.offw < 4)
        d.offw = 4;
    d.lenw = digits(ctx->base_len);
    if (d.lenw < 4)
        d.lenw = 4;
    der_t root;
    der_init(&root, ctx, NULL);
    asn1_err r = walk(&d, &root, 0);
    if (d.have_first)
        ctx->err = d.first;
    if (out->oom)
        return ASN1_E_NOMEM;
    return d.have_first ? d.first.code : r;
}
