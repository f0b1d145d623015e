/* Unit tests for the DER cursor (asn1/der.c, asn1/ctx.c, asn1/time.c, asn1/classify.c):
 * table-driven good and bad encodings with expected code, offset and path; the
 * every-prefix truncation property in exact-size buffers; a failed read leaves the
 * cursor unchanged. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn1/asn1.h"

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (*h) {
        if (*h == ' ') {
            h++;
            continue;
        }
        unsigned v;
        ck_assert_msg(sscanf(h, "%2x", &v) == 1, "bad hex in test table: %s", h);
        ck_assert(n < cap);
        out[n++] = (uint8_t)v;
        h += 2;
    }
    return n;
}

enum reader { R_WALK, R_INT, R_BOOL, R_BITS, R_OID, R_TIME, R_NULL, R_REC, R_INT64 };

/* Walks every element recursively (constructed ones are entered). */
static asn1_err walk(der_t *c)
{
    while (!der_empty(c)) {
        asn1_elem e;
        TRY(der_next(c, NULL, &e));
        if (ASN1_TAG_IS_CONS(e.tag)) {
            der_t child;
            TRY(der_open(c, &e, NULL, (int)c->count - 1, &child));
            TRY(walk(&child));
        }
    }
    return ASN1_OK;
}

/* Rec ::= SEQUENCE { id INTEGER, flag BOOLEAN DEFAULT FALSE, when [0] EXPLICIT UTCTime OPTIONAL,
 *                    items SEQUENCE OF OBJECT IDENTIFIER } */
static asn1_err read_rec(der_t *root)
{
    der_t rec, items, when;
    span_t v;
    bool b, present;
    TRY(der_enter(root, ASN1_SEQUENCE, "rec", &rec));
    TRY(der_read_int(&rec, "id", &v));
    if (der_peek(&rec, ASN1_BOOLEAN))
        TRY(der_read_bool(&rec, "flag", &b));
    TRY(der_enter_opt(&rec, ASN1_CTX_C(0), "when", &when, &present));
    if (present) {
        int64_t t;
        TRY(der_read_time(&when, "", &t));
        TRY(der_done(&when));
    }
    TRY(der_enter(&rec, ASN1_SEQUENCE, "items", &items));
    while (!der_empty(&items))
        TRY(der_read_oid(&items, NULL, &v));
    TRY(der_done(&items));
    TRY(der_done(&rec));
    return der_done(root);
}

static asn1_err run_reader(enum reader r, der_t *c)
{
    span_t v;
    bool b;
    unsigned u;
    int64_t t;
    switch (r) {
    case R_WALK: return walk(c);
    case R_INT: TRY(der_read_int(c, "v", &v)); break;
    case R_INT64: TRY(der_read_int64(c, "v", &t)); break;
    case R_BOOL: TRY(der_read_bool(c, "v", &b)); break;
    case R_BITS: TRY(der_read_bits(c, "v", &v, &u)); break;
    case R_OID: TRY(der_read_oid(c, "v", &v)); break;
    case R_TIME: TRY(der_read_time(c, "v", &t)); break;
    case R_NULL: TRY(der_read_null(c, "v")); break;
    case R_REC: return read_rec(c);
    }
    return der_done(c);
}

static const struct vec {
    const char *name;
    enum reader r;
    const char *hex;
    asn1_err code;        /* expected result */
    size_t offset;        /* expected error offset (when code != OK) */
    const char *path;     /* expected error path (when code != OK) */
    unsigned warnings;    /* expected warnings (when OK) */
} vecs[] = {
    { "seq ok", R_WALK, "30 03 02 01 05", ASN1_OK, 0, NULL, 0 },
    { "empty input", R_INT, "", ASN1_E_MISSING, 0, "x.v", 0 },
    { "length past end", R_WALK, "30 05 02 01 05", ASN1_E_TRUNCATED, 0, "x[0]", 0 },
    { "child past parent", R_WALK, "30 03 02 05 05", ASN1_E_TRUNCATED, 2, "x[0][0]", 0 },
    { "0x84 ffffffff", R_WALK, "30 84 ff ff ff ff 00", ASN1_E_TRUNCATED, 0, "x[0]", 0 },
    { "reserved 0xff length", R_WALK, "30 ff 00", ASN1_E_BAD_LENGTH, 0, "x[0]", 0 },
    { "9 length octets", R_WALK, "30 89 00 00 00 00 00 00 00 00 00", ASN1_E_BAD_LENGTH, 0, "x[0]", 0 },
    { "indefinite in DER", R_WALK, "30 80 02 01 05 00 00", ASN1_E_INDEFINITE, 0, "x[0]", 0 },
    { "non-minimal length warns", R_WALK, "30 81 03 02 01 05", ASN1_OK, 0, NULL, 1 },
    { "non-minimal length 0x82", R_WALK, "30 82 00 03 02 01 05", ASN1_OK, 0, NULL, 1 },
    { "trailing garbage", R_INT, "02 01 05 ff", ASN1_E_TRAILING, 3, "x", 0 },
    { "truncated length octets", R_WALK, "30 82 01", ASN1_E_TRUNCATED, 0, "x[0]", 0 },
    { "tag only", R_WALK, "30", ASN1_E_TRUNCATED, 0, "x[0]", 0 },
    { "high tag ok", R_WALK, "9f 1f 00", ASN1_OK, 0, NULL, 0 },
    { "high tag < 31", R_WALK, "9f 1e 00", ASN1_E_BAD_TAG, 0, "x[0]", 0 },
    { "high tag leading 0x80", R_WALK, "9f 80 1f 00", ASN1_E_BAD_TAG, 0, "x[0]", 0 },
    { "high tag truncated", R_WALK, "9f 81", ASN1_E_TRUNCATED, 0, "x[0]", 0 },
    { "int ok", R_INT, "02 02 00 80", ASN1_OK, 0, NULL, 0 },
    { "zero-length int", R_INT, "02 00", ASN1_E_VALUE, 0, "x.v", 0 },
    { "non-minimal int", R_INT, "02 02 00 05", ASN1_OK, 0, NULL, 1 },
    { "non-minimal negative int", R_INT, "02 02 ff 85", ASN1_OK, 0, NULL, 1 },
    { "int64 too big", R_INT64, "02 09 01 00 00 00 00 00 00 00 00", ASN1_E_VALUE, 0, "x.v", 0 },
    { "int wrong tag", R_INT, "04 01 05", ASN1_E_TAG, 0, "x.v", 0 },
    { "bool ff", R_BOOL, "01 01 ff", ASN1_OK, 0, NULL, 0 },
    { "bool 01 warns", R_BOOL, "01 01 01", ASN1_OK, 0, NULL, 1 },
    { "bool 2 bytes", R_BOOL, "01 02 00 00", ASN1_E_VALUE, 0, "x.v", 0 },
    { "bits ok", R_BITS, "03 02 07 80", ASN1_OK, 0, NULL, 0 },
    { "bits 8 unused", R_BITS, "03 02 08 00", ASN1_E_VALUE, 0, "x.v", 0 },
    { "bits empty", R_BITS, "03 00", ASN1_E_VALUE, 0, "x.v", 0 },
    { "bits empty with unused", R_BITS, "03 01 01", ASN1_E_VALUE, 0, "x.v", 0 },
    { "bits padding set", R_BITS, "03 02 01 81", ASN1_OK, 0, NULL, 1 },
    { "oid ok", R_OID, "06 03 55 1d 11", ASN1_OK, 0, NULL, 0 },
    { "oid empty", R_OID, "06 00", ASN1_E_VALUE, 0, "x.v", 0 },
    { "oid unterminated", R_OID, "06 02 55 9d", ASN1_E_VALUE, 0, "x.v", 0 },
    { "oid leading 0x80", R_OID, "06 03 55 80 01", ASN1_E_VALUE, 0, "x.v", 0 },
    { "null ok", R_NULL, "05 00", ASN1_OK, 0, NULL, 0 },
    { "null with content", R_NULL, "05 01 00", ASN1_E_VALUE, 0, "x.v", 0 },
    { "utctime ok", R_TIME, "17 0d 32 36 31 31 32 37 30 39 33 35 31 38 5a", ASN1_OK, 0, NULL, 0 },
    { "utctime month 13", R_TIME, "17 0d 32 36 31 33 32 37 30 39 33 35 31 38 5a", ASN1_E_VALUE, 0, "x.v", 0 },
    { "utctime feb 30", R_TIME, "17 0d 32 36 30 32 33 30 30 39 33 35 31 38 5a", ASN1_E_VALUE, 0, "x.v", 0 },
    { "utctime hour 24", R_TIME, "17 0d 32 36 30 32 32 30 32 34 33 35 31 38 5a", ASN1_E_VALUE, 0, "x.v", 0 },
    { "utctime no seconds warns", R_TIME, "17 0b 32 36 31 31 32 37 30 39 33 35 5a", ASN1_OK, 0, NULL, 1 },
    { "utctime no Z", R_TIME, "17 0c 32 36 31 31 32 37 30 39 33 35 31 38", ASN1_E_VALUE, 0, "x.v", 0 },
    { "gentime ok", R_TIME, "18 0f 32 30 35 30 30 31 30 31 30 30 30 30 30 30 5a", ASN1_OK, 0, NULL, 0 },
    { "gentime fraction warns", R_TIME, "18 11 32 30 35 30 30 31 30 31 30 30 30 30 30 30 2e 35 5a", ASN1_OK, 0, NULL, 1 },
    { "time wrong tag", R_TIME, "02 01 00", ASN1_E_TAG, 0, "x.v", 0 },
    { "rec ok", R_REC, "30 0a 02 01 01 30 05 06 03 55 1d 11", ASN1_OK, 0, NULL, 0 },
    { "rec bad oid in list", R_REC, "30 0f 02 01 01 30 0a 06 03 55 1d 11 06 03 55 80 01", ASN1_E_VALUE, 12, "x.rec.items[1]", 0 },
    { "rec month 13", R_REC,
      "30 16 02 01 01 a0 0f 17 0d 32 36 31 33 32 37 30 39 33 35 31 38 5a 30 00", ASN1_E_VALUE, 7, "x.rec.when", 0 },
    { "rec missing items", R_REC, "30 03 02 01 01", ASN1_E_MISSING, 5, "x.rec.items", 0 },
    { "rec trailing inside", R_REC, "30 06 02 01 01 30 00 00", ASN1_E_TRAILING, 7, "x.rec", 0 },
    { "rec trailing after", R_REC, "30 05 02 01 01 30 00 00", ASN1_E_TRAILING, 7, "x", 0 },
};

START_TEST(test_vectors)
{
    const struct vec *v = &vecs[_i];
    uint8_t buf[256];
    size_t n = unhex(v->hex, buf, sizeof buf);
    /* exact-size heap copy so ASan catches any read past the end */
    uint8_t *in = malloc(n ? n : 1);
    memcpy(in, buf, n);
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, n);
    der_t c;
    der_init(&c, &ctx, "x");
    asn1_err e = run_reader(v->r, &c);
    ck_assert_msg(e == v->code, "%s: got %s (%s: %s), want %s", v->name, asn1_err_name(e), ctx.err.path,
                  ctx.err.msg, asn1_err_name(v->code));
    ck_assert_msg((e != ASN1_OK) == (ctx.err.code != ASN1_OK), "%s: error recorded iff failed", v->name);
    if (e != ASN1_OK) {
        ck_assert_msg(ctx.err.offset == v->offset, "%s: offset %zu want %zu (%s)", v->name, ctx.err.offset,
                      v->offset, ctx.err.msg);
        ck_assert_msg(strcmp(ctx.err.path, v->path) == 0, "%s: path [%s] want [%s]", v->name, ctx.err.path,
                      v->path);
        ck_assert_msg(ctx.err.msg[0] != '\0', "%s: empty message", v->name);
        ck_assert(ctx.err.offset <= n);
    } else {
        ck_assert_msg(ctx.nwarn == v->warnings, "%s: %u warnings, want %u", v->name, ctx.nwarn, v->warnings);
    }
    /* --strict turns every warning into an error */
    if (e == ASN1_OK && v->warnings) {
        asn1_ctx_init(&ctx, in, n);
        ctx.strict = true;
        der_init(&c, &ctx, "x");
        ck_assert_int_eq(run_reader(v->r, &c), ASN1_E_STRICT);
        ck_assert_int_eq(ctx.err.code, ASN1_E_STRICT);
    }
    free(in);
}
END_TEST

/* Every proper prefix of a good encoding fails cleanly (exact-size buffers). */
START_TEST(test_every_prefix)
{
    const struct vec *v = &vecs[_i];
    if (v->code != ASN1_OK)
        return;
    uint8_t buf[256];
    size_t n = unhex(v->hex, buf, sizeof buf);
    for (size_t k = 0; k < n; k++) {
        uint8_t *in = malloc(k ? k : 1);
        memcpy(in, buf, k);
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, in, k);
        der_t c;
        der_init(&c, &ctx, "x");
        asn1_err e = run_reader(v->r, &c);
        if (v->r == R_WALK && k == 0) {
            ck_assert_int_eq(e, ASN1_OK);          /* walking nothing is fine */
        } else {
            ck_assert_msg(e != ASN1_OK, "%s: prefix %zu/%zu accepted", v->name, k, n);
            ck_assert(ctx.err.code != ASN1_OK);
            ck_assert(k == 0 || ctx.err.offset <= k);
        }
        free(in);
    }
}
END_TEST

START_TEST(test_cursor_unchanged_on_failure)
{
    static const uint8_t in[] = { 0x02, 0x00, 0x01, 0x01, 0x07, 0x04, 0x01, 0xaa };
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, sizeof in);
    der_t c;
    der_init(&c, &ctx, "x");
    der_t before = c;
    span_t v;
    bool b;
    ck_assert_int_ne(der_read_int(&c, "a", &v), ASN1_OK);
    ck_assert(c.p == before.p && c.count == before.count);
    asn1_ctx_clear_error(&ctx);
    ck_assert_int_ne(der_read_bool(&c, "b", &b), ASN1_OK); /* wrong tag */
    ck_assert(c.p == before.p);
    /* skip the bad INTEGER, then the bad BOOLEAN value (0x07 is only a warning) */
    ck_assert_int_eq(der_skip(&c, "a"), ASN1_OK);
    ck_assert_int_eq(der_read_bool(&c, "b", &b), ASN1_OK);
    ck_assert(b);
    ck_assert_int_eq(ctx.nwarn, 1);
    der_t mid = c;
    ck_assert_int_ne(der_read_oid(&c, "c", &v), ASN1_OK);
    ck_assert(c.p == mid.p && c.count == mid.count);
    ck_assert_int_eq(der_read_octets(&c, "c", &v), ASN1_OK);
    ck_assert_int_eq(der_done(&c), ASN1_OK);
}
END_TEST

START_TEST(test_first_error_wins)
{
    static const uint8_t in[] = { 0x05, 0x01, 0x00 };
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, sizeof in);
    der_t c;
    der_init(&c, &ctx, "x");
    ck_assert_int_eq(der_read_null(&c, "first"), ASN1_E_VALUE);
    bool bb;
    ck_assert_int_eq(der_read_bool(&c, "second", &bb), ASN1_E_TAG);
    ck_assert_str_eq(ctx.err.path, "x.first");
}
END_TEST

START_TEST(test_depth_limit)
{
    /* 10,000 nested SEQUENCEs: the walker must stop at the limit, not overflow the stack */
    size_t depth = 10000, n = 0;
    uint8_t *in = malloc(depth * 6);
    /* lengths: innermost 0; each wrapper uses the long form 0x84 */
    for (size_t i = 0; i < depth; i++) {
        size_t inner = (depth - 1 - i) * 6;
        in[n++] = 0x30;
        in[n++] = 0x84;
        in[n++] = (uint8_t)(inner >> 24);
        in[n++] = (uint8_t)(inner >> 16);
        in[n++] = (uint8_t)(inner >> 8);
        in[n++] = (uint8_t)inner;
    }
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, n);
    der_t c;
    der_init(&c, &ctx, "x");
    ck_assert_int_eq(walk(&c), ASN1_E_DEPTH);
    ck_assert_int_eq(ctx.err.code, ASN1_E_DEPTH);
    ck_assert(ctx.err.offset < n);
    free(in);
}
END_TEST

START_TEST(test_depth_at_limit)
{
    /* exactly 64 levels decode; 65 do not */
    for (unsigned levels = 64; levels <= 65; levels++) {
        uint8_t in[300];
        size_t n = sizeof in;
        size_t inner = 0;
        for (unsigned i = 0; i < levels; i++) {   /* build from the inside out */
            if (inner < 0x80) {
                in[--n] = (uint8_t)inner;
            } else {
                in[--n] = (uint8_t)inner;
                in[--n] = 0x81;
            }
            in[--n] = 0x30;
            inner = sizeof in - n;
        }
        memmove(in, in + n, sizeof in - n);
        n = sizeof in - n;
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, in, n);
        der_t c;
        der_init(&c, &ctx, "x");
        asn1_err e = walk(&c);
        ck_assert_msg(levels == 64 ? e == ASN1_OK : e == ASN1_E_DEPTH, "levels %u: %s", levels, ctx.err.msg);
    }
}
END_TEST

START_TEST(test_ber_indefinite)
{
    /* 30 80 (04 80 04 01 aa 00 00) 00 00 */
    static const uint8_t in[] = { 0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 0xaa, 0x00, 0x00, 0x00, 0x00 };
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, sizeof in);
    der_t c;
    der_init(&c, &ctx, "x");
    asn1_elem e;
    ck_assert_int_eq(der_next(&c, NULL, &e), ASN1_E_INDEFINITE);
    asn1_ctx_init(&ctx, in, sizeof in);
    ctx.ber = true;
    der_init(&c, &ctx, "x");
    ck_assert_int_eq(der_next(&c, NULL, &e), ASN1_OK);
    ck_assert(e.indefinite);
    ck_assert_uint_eq(e.der.len, sizeof in);
    ck_assert_uint_eq(e.body.len, sizeof in - 4);
    /* missing end-of-contents */
    asn1_ctx_init(&ctx, in, sizeof in - 2);
    ctx.ber = true;
    der_init(&c, &ctx, "x");
    ck_assert_int_eq(der_next(&c, NULL, &e), ASN1_E_TRUNCATED);
}
END_TEST

START_TEST(test_times)
{
    int64_t t;
    bool len;
    char why[128], out[32];
    static const char *ok[][2] = {
        { "491231235959Z", "2049-12-31T23:59:59Z" },
        { "500101000000Z", "1950-01-01T00:00:00Z" },
        { "000229000000Z", "2000-02-29T00:00:00Z" },
        { "991231235959Z", "1999-12-31T23:59:59Z" },
    };
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(asn1_time_decode(ASN1_UTCTIME, span_make(ok[i][0], strlen(ok[i][0])), &t, &len, why,
                                          sizeof why), ASN1_OK);
        asn1_time_rfc3339(t, out);
        ck_assert_str_eq(out, ok[i][1]);
    }
    ck_assert_int_eq(asn1_time_decode(ASN1_GENERALIZEDTIME, span_make("99991231235959Z", 15), &t, &len, why,
                                      sizeof why), ASN1_OK);
    asn1_time_rfc3339(t, out);
    ck_assert_str_eq(out, "9999-12-31T23:59:59Z");
    ck_assert_int_ne(asn1_time_decode(ASN1_UTCTIME, span_make("010229000000Z", 13), &t, &len, why, sizeof why),
                     ASN1_OK);
    ck_assert(strstr(why, "day 29") != NULL);
    ck_assert_int_ne(asn1_time_decode(ASN1_UTCTIME, span_make("261327093518Z", 13), &t, &len, why, sizeof why),
                     ASN1_OK);
    ck_assert_str_eq(why, "UTCTime month 13 is invalid");
    ck_assert(asn1_time_parse_text("2026-11-27", &t));
    asn1_time_rfc3339(t, out);
    ck_assert_str_eq(out, "2026-11-27T00:00:00Z");
    ck_assert(asn1_time_parse_text("2026-11-27T09:35:18+01:00", &t));
    asn1_time_rfc3339(t, out);
    ck_assert_str_eq(out, "2026-11-27T08:35:18Z");
    ck_assert(!asn1_time_parse_text("2026-13-01", &t));
    ck_assert(!asn1_time_parse_text("2026-11-27X", &t));
    asn1_time_rfc3339(-1, out);
    ck_assert_str_eq(out, "1969-12-31T23:59:59Z");
}
END_TEST

START_TEST(test_classify)
{
    uint8_t b[64];
    struct { const char *hex; asn1_kind k; } cases[] = {
        /* SPKI: SEQ { SEQ { OID }, BIT STRING } */
        { "30 0a 30 05 06 03 2b 65 70 03 01 00", KIND_PUBLIC_KEY },
        /* EncryptedPrivateKeyInfo */
        { "30 0a 30 05 06 03 2b 65 70 04 01 00", KIND_PKCS8_ENCRYPTED },
        /* PKCS#8 */
        { "30 0d 02 01 00 30 05 06 03 2b 65 70 04 01 00", KIND_PKCS8 },
        /* SEC1 */
        { "30 06 02 01 01 04 01 01", KIND_EC_PRIVATE },
        /* PFX */
        { "30 08 02 01 03 30 03 06 01 00", KIND_PKCS12 },
        /* PKCS#7 signedData */
        { "30 0d 06 09 2a 86 48 86 f7 0d 01 07 02 a0 00", KIND_PKCS7 },
        /* RSAPublicKey */
        { "30 08 02 03 00 c0 01 02 01 03", KIND_RSA_PUBLIC },
        /* not a sequence */
        { "02 01 00", KIND_UNKNOWN },
        { "", KIND_UNKNOWN },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = unhex(cases[i].hex, b, sizeof b);
        ck_assert_msg(asn1_classify(span_make(b, n)) == cases[i].k, "case %zu", i);
    }
    ck_assert_int_eq(asn1_kind_from_label("NEW CERTIFICATE REQUEST"), KIND_CSR);
    ck_assert_str_eq(asn1_kind_label(KIND_CRL), "X509 CRL");
    ck_assert_str_eq(asn1_kind_tool(KIND_CRL), "crldump");
}
END_TEST

START_TEST(test_oid_table)
{
    span_t d = oid_der(OID_ce_subjectAltName);
    ck_assert_uint_eq(d.len, 3);
    ck_assert_int_eq(oid_lookup(d), OID_ce_subjectAltName);
    ck_assert_str_eq(oid_name(OID_sha256WithRSAEncryption), "sha256WithRSAEncryption");
    char txt[64];
    ck_assert_int_eq(asn1_oid_to_text(oid_der(OID_sha256WithRSAEncryption), txt, sizeof txt), ASN1_OK);
    ck_assert_str_eq(txt, "1.2.840.113549.1.1.11");
    /* every table entry round-trips and is found by lookup */
    for (int id = 1; id < OID__COUNT; id++) {
        span_t s = oid_der((oid_id)id);
        ck_assert_int_eq(asn1_oid_to_text(s, txt, sizeof txt), ASN1_OK);
        ck_assert_str_eq(txt, oid_dotted((oid_id)id));
        ck_assert_int_eq(oid_lookup(s), id);
    }
    static const uint8_t unknown[] = { 0x2a, 0x03, 0x04 };
    ck_assert_int_eq(oid_lookup(span_make(unknown, 3)), OID_UNKNOWN);
}
END_TEST

Suite *suite_der(void)
{
    Suite *s = suite_create("der");
    TCase *tc = tcase_create("cursor");
    tcase_add_loop_test(tc, test_vectors, 0, (int)(sizeof vecs / sizeof vecs[0]));
    tcase_add_loop_test(tc, test_every_prefix, 0, (int)(sizeof vecs / sizeof vecs[0]));
    tcase_add_test(tc, test_cursor_unchanged_on_failure);
    tcase_add_test(tc, test_first_error_wins);
    tcase_add_test(tc, test_depth_limit);
    tcase_add_test(tc, test_depth_at_limit);
    tcase_add_test(tc, test_ber_indefinite);
    tcase_add_test(tc, test_times);
    tcase_add_test(tc, test_classify);
    tcase_add_test(tc, test_oid_table);
    suite_add_tcase(s, tc);
    return s;
}
