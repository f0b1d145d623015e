/*
 * fuzz_der.c - libFuzzer harness for the DER codec (asn1/): the cursor, the typed
 * reads, the dump printer, the BER converter and the classifier.
 *
 * For every input (invariants abort, so the fuzzer reports them):
 *   - a generic walk with der_next/der_open over every element, once in DER mode and
 *     once in BER mode: every element lies inside its container and its body inside
 *     the element; the walk fails iff the context records an error, at an offset
 *     inside the input; BER mode accepts everything DER mode accepts;
 *   - each primitive universal element is read again with its typed reader
 *     (der_read_bool/int/enum/oid/bits/null/time/string...) on a fresh context: a
 *     failed read records an error at an offset inside the element and leaves the
 *     cursor where it was; a successful read consumes exactly the element; what it
 *     returns is printed (OID text and name, integer hex and decimal, UTF-8, RFC 3339);
 *   - asn1_dump, with the default options and with no encapsulation and short hex:
 *     it fails iff the context records an error; every diagnostic it reports lies
 *     inside the input; the same input gives the same dump twice;
 *   - asn1_ber_to_der: it fails iff an error is recorded (offset inside the input);
 *     on success it consumed at most the input, its output walks as strict DER
 *     without indefinite lengths, converts again to the very same bytes, is not BER
 *     by asn1_is_ber, and equals the input when the input was not BER already;
 *   - asn1_classify names a known kind with a description.
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c.
 */
#include "asn1/asn1.h"
#include "fuzz/fuzz_common.h"

#include <string.h>

static const uint8_t *g_data;
static size_t g_size;

/* ------------------------------------------------------------ typed reads */

static void typed_read(const asn1_elem *e)
{
    static asn1_ctx v;
    uint32_t tag = e->tag;
    if (ASN1_TAG_CLASS(tag) != ASN1_CLASS_UNIVERSAL || ASN1_TAG_IS_CONS(tag))
        return;
    asn1_ctx_reset(&v, g_data, g_size);   /* a full init (memset) per element is too slow */
    v.max_depth = ASN1_DEFAULT_MAX_DEPTH;
    der_t c;
    der_init_span(&c, &v, e->der, "value");
    const uint8_t *before = c.p;
    asn1_err r = ASN1_OK;
    buf_t out = BUF_INIT;
    switch (ASN1_TAG_NUMBER(tag)) {
    case ASN1_BOOLEAN: {
        bool b;
        r = der_read_bool(&c, "b", &b);
        break;
    }
    case ASN1_INTEGER: {
        span_t i;
        r = der_read_int(&c, "i", &i);
        if (r == ASN1_OK) {
            asn1_int_hex(i, &out);
            (void)asn1_int_is_negative(i);
            if (!asn1_int_is_negative(i)) {
                span_t m = asn1_int_magnitude(i);
                FZ_ASSERT(m.len <= i.len);
                FZ_ASSERT(asn1_int_bits(i) <= 8 * m.len);
            }
            if (i.len <= 256) {
                buf_reset(&out);
                if (asn1_int_dec(i, &out) == ASN1_OK)
                    FZ_ASSERT(out.oom || out.len > 0);
            }
            /* the int64 reader agrees on the sign of what fits */
            static asn1_ctx v2;   /* zero: reset sets what matters */
            der_t c2;
            asn1_ctx_reset(&v2, g_data, g_size);
            v2.max_depth = ASN1_DEFAULT_MAX_DEPTH;
            der_init_span(&c2, &v2, e->der, "value");
            int64_t x;
            asn1_err r2 = der_read_int64(&c2, "x", &x);
            fz_check_ctx(&v2, r2, g_size);
            if (r2 == ASN1_OK)
                FZ_ASSERT((x < 0) == asn1_int_is_negative(i));
        }
        break;
    }
    case ASN1_ENUMERATED: {
        int64_t x;
        r = der_read_enum(&c, "e", &x);
        break;
    }
    case ASN1_OID: {
        span_t o;
        r = der_read_oid(&c, "oid", &o);
        if (r == ASN1_OK) {
            char txt[512];
            if (asn1_oid_to_text(o, txt, sizeof txt) == ASN1_OK) {
                FZ_ASSERT(memchr(txt, 0, sizeof txt) != NULL);
                /* dotted text goes back to the same bytes */
                buf_t back = BUF_INIT;
                if (asn1_oid_from_text(txt, &back) == ASN1_OK && !back.oom)
                    FZ_ASSERT(back.len == o.len && memcmp(back.p, o.p, o.len) == 0);
                buf_free(&back);
            }
            asn1_oid_append(o, &out);
            oid_id id = oid_lookup(o);
            FZ_ASSERT(id < OID__COUNT);
            if (id != OID_UNKNOWN) {
                FZ_ASSERT(oid_is(o, id));
                FZ_ASSERT(oid_name(id) != NULL && oid_dotted(id) != NULL);
            }
        }
        break;
    }
    case ASN1_BIT_STRING: {
        span_t bits;
        unsigned unused;
        r = der_read_bits(&c, "bits", &bits, &unused);
        if (r == ASN1_OK)
            FZ_ASSERT(unused <= 7 && (bits.len > 0 || unused == 0));
        break;
    }
    case ASN1_OCTET_STRING: {
        span_t s;
        r = der_read_octets(&c, "octets", &s);
        break;
    }
    case ASN1_NULL:
        r = der_read_null(&c, "null");
        break;
    case ASN1_UTCTIME:
    case ASN1_GENERALIZEDTIME: {
        int64_t t;
        r = der_read_time(&c, "time", &t);
        if (r == ASN1_OK) {
            char txt[32];
            asn1_time_rfc3339(t, txt);
            FZ_ASSERT(memchr(txt, 0, sizeof txt) != NULL);
            int64_t back;
            if (t >= 0 && t < INT64_C(253402300800)) /* years 1970..9999 print as RFC 3339 */
                FZ_ASSERT(asn1_time_parse_text(txt, &back) && back == t);
        }
        break;
    }
    default:
        if (asn1_is_string_tag(ASN1_TAG_NUMBER(tag))) {
            asn1_elem s;
            r = der_read_string(&c, "string", &s);
            if (r == ASN1_OK) {
                const char *why = NULL, *dev = NULL;
                if (asn1_str_to_utf8(s.tag, s.body, &out, &why, &dev) == ASN1_OK && !out.oom)
                    FZ_ASSERT(asn1_utf8_valid((const uint8_t *)out.p, out.len));
                else if (!out.oom)
                    FZ_ASSERT(why != NULL);
            }
        } else {
            buf_free(&out);
            return;
        }
    }
    fz_check_ctx(&v, r, g_size);
    if (r != ASN1_OK) {
        FZ_ASSERT(c.p == before);
        FZ_ASSERT(v.err.offset >= e->offset && v.err.offset <= e->offset + e->der.len);
    } else {
        FZ_ASSERT(c.p == e->der.p + e->der.len);
    }
    buf_free(&out);
}

/* -------------------------------------------------------------- the walk */

static asn1_err walk(der_t *c, bool typed, unsigned *budget)
{
    while (!der_empty(c)) {
        asn1_elem e;
        const uint8_t *before = c->p;
        asn1_err r = der_next(c, NULL, &e);
        if (r != ASN1_OK) {
            FZ_ASSERT(c->p == before);
            return r;
        }
        FZ_ASSERT(e.der.p == before && e.der.p + e.der.len == c->p && c->p <= c->end);
        FZ_ASSERT(e.offset == (size_t)(before - c->ctx->base));
        FZ_ASSERT(e.body.p == e.der.p + e.hdr_len);
        FZ_ASSERT(e.body.p + e.body.len <= e.der.p + e.der.len);
        FZ_ASSERT(e.indefinite ? e.body.p + e.body.len + 2 == e.der.p + e.der.len
                               : e.body.p + e.body.len == e.der.p + e.der.len);
        if (typed && *budget) {
            (*budget)--;
            typed_read(&e);
        }
        if (ASN1_TAG_IS_CONS(e.tag)) {
            der_t child;
            TRY(der_open(c, &e, NULL, (int)c->count - 1, &child));
            TRY(walk(&child, typed, budget));
        }
    }
    return ASN1_OK;
}

static asn1_err walk_mode(const uint8_t *data, size_t size, bool ber, bool typed)
{
    static asn1_ctx ctx;
    asn1_ctx_init(&ctx, data, size);
    ctx.ber = ber;
    der_t root;
    der_init(&root, &ctx, "input");
    unsigned budget = 2000;
    asn1_err r = walk(&root, typed, &budget);
    fz_check_ctx(&ctx, r, size);
    return r;
}

/* ------------------------------------------------------------------ dump */

static void on_diag(void *arg, const asn1_diag *d, bool warning)
{
    size_t size = *(const size_t *)arg;
    FZ_ASSERT(d->offset <= size);
    FZ_ASSERT(warning ? 1 : d->code != ASN1_OK);
    FZ_ASSERT(memchr(d->msg, 0, sizeof d->msg) != NULL);
}

static void dump(const uint8_t *data, size_t size)
{
    static asn1_ctx ctx;
    buf_t a = BUF_INIT, b = BUF_INIT;
    asn1_dump_opts o = { .on_diag = on_diag, .diag_arg = &size };
    asn1_ctx_init(&ctx, data, size);
    asn1_err r = asn1_dump(&ctx, &o, &a);
    if (!a.oom)
        fz_check_ctx(&ctx, r, size);

    /* deterministic */
    asn1_ctx_init(&ctx, data, size);
    asn1_err r2 = asn1_dump(&ctx, &o, &b);
    FZ_ASSERT(r2 == r);
    if (!a.oom && !b.oom)
        FZ_ASSERT(a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0));

    /* other options */
    buf_reset(&b);
    asn1_dump_opts o2 = { .no_encapsulated = true, .max_hex = 8, .base_offset = 1000,
                          .on_diag = on_diag, .diag_arg = &size };
    asn1_ctx_init(&ctx, data, size);
    r2 = asn1_dump(&ctx, &o2, &b);
    if (!b.oom)
        fz_check_ctx(&ctx, r2, size);
    buf_free(&a);
    buf_free(&b);
}

/* ------------------------------------------------------------------- BER */

static void ber(const uint8_t *data, size_t size)
{
    static asn1_ctx ctx, c2;
    buf_t out = BUF_INIT, again = BUF_INIT;
    size_t used = (size_t)-1;
    asn1_ctx_init(&ctx, data, size);
    asn1_err r = asn1_ber_to_der(&ctx, span_make(data, size), &out, &used);
    fz_check_ctx(&ctx, r, size);
    if (r != ASN1_OK) {
        buf_free(&out);
        return;
    }
    FZ_ASSERT(used > 0 && used <= size);
    FZ_ASSERT(!out.oom);
    span_t d = span_make(out.p, out.len);

    /* strict DER structure: the walk succeeds without BER mode */
    asn1_ctx_init(&c2, d.p, d.len);
    der_t root;
    der_init(&root, &c2, NULL);
    unsigned budget = 0;
    asn1_err w = walk(&root, false, &budget);
    if (w != ASN1_OK)
        FZ_ASSERT(c2.err.code == ASN1_E_DEPTH);
    FZ_ASSERT(c2.nwarn == 0 || w != ASN1_OK);

    /* idempotent */
    size_t used2 = 0;
    asn1_ctx_init(&c2, d.p, d.len);
    asn1_err r2 = asn1_ber_to_der(&c2, d, &again, &used2);
    FZ_ASSERT(r2 == ASN1_OK);
    FZ_ASSERT(used2 == d.len && again.len == d.len && memcmp(again.p, d.p, d.len) == 0);
    FZ_ASSERT(!asn1_is_ber(d, ASN1_DEFAULT_MAX_DEPTH) || w != ASN1_OK);

    /* input that was not BER comes out unchanged */
    if (!asn1_is_ber(span_make(data, used), ASN1_DEFAULT_MAX_DEPTH))
        FZ_ASSERT(used == d.len && memcmp(data, d.p, used) == 0);

    buf_free(&again);
    buf_free(&out);
}

/* -------------------------------------------------------------- classify */

static void classify(const uint8_t *data, size_t size)
{
    asn1_kind k = asn1_classify(span_make(data, size));
    FZ_ASSERT(k < KIND__COUNT);
    FZ_ASSERT(asn1_kind_desc(k) != NULL);
    const char *label = asn1_kind_label(k);
    if (label && k != KIND_UNKNOWN)
        FZ_ASSERT(asn1_kind_from_label(label) == k || asn1_kind_from_label(label) != KIND_UNKNOWN);
    (void)asn1_kind_tool(k);
    char name[32];
    if (size >= 1)
        FZ_ASSERT(asn1_tag_name((uint32_t)data[0] << 24 | (size > 1 ? data[1] : 0u), name, sizeof name) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_data = data;
    g_size = size;
    asn1_err d = walk_mode(data, size, false, true);
    asn1_err b = walk_mode(data, size, true, false);
    /* BER mode is a superset of DER mode (except for warnings) */
    if (d == ASN1_OK)
        FZ_ASSERT(b == ASN1_OK);
    dump(data, size);
    ber(data, size);
    classify(data, size);
    return 0;
}
