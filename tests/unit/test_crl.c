/* Unit tests for the CRL entry reader's fast path (x509/crl.c), the revocation
 * lookup (x509/crl_lookup.c) and the fingerprint hashes (ck_hash_ctx, pkcs12/hash.c):
 *  - entries the fast path takes and entries it must leave to the general path
 *    (undefined reason, time without seconds, non-minimal serial, duplicate
 *    extension...) give the values and warnings the general path gives;
 *  - lookups: listed, not listed, other issuer, indirect CRL scope, non-minimal
 *    serials compare equal;
 *  - SHA-1/SHA-256 in one pass equal libtomcrypt's, whatever the lengths and the
 *    way the bytes are fed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/x509.h"

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (*h) {
        if (*h == ' ') {
            h++;
            continue;
        }
        unsigned v;
        ck_assert_msg(sscanf(h, "%2x", &v) == 1, "bad hex: %s", h);
        ck_assert(n < cap);
        out[n++] = (uint8_t)v;
        h += 2;
    }
    return n;
}

/* A v2 CRL of "CN=T" with the given entries (hex, concatenated), unsigned (decoding does not verify). */
static size_t make_crl(const char *entries_hex, uint8_t *out, size_t cap)
{
    uint8_t ent[4096];
    size_t en = unhex(entries_hex, ent, sizeof ent);
    buf_t b = BUF_INIT;
    size_t m0 = derw_begin(&b, ASN1_SEQUENCE);
    size_t m1 = derw_begin(&b, ASN1_SEQUENCE);
    derw_int64(&b, 1);
    size_t a = derw_begin(&b, ASN1_SEQUENCE);
    derw_oid(&b, OID_sha256WithRSAEncryption);
    derw_null(&b);
    derw_end(&b, a);
    /* issuer CN=T */
    static const uint8_t name[] = { 0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 'T' };
    buf_put(&b, name, sizeof name);
    derw_tlv(&b, ASN1_UTCTIME, "250301000000Z", 13);
    derw_tlv(&b, ASN1_SEQUENCE, ent, en);
    derw_end(&b, m1);
    a = derw_begin(&b, ASN1_SEQUENCE);
    derw_oid(&b, OID_sha256WithRSAEncryption);
    derw_null(&b);
    derw_end(&b, a);
    derw_tlv(&b, ASN1_BIT_STRING, "\0\1", 2);
    derw_end(&b, m0);
    ck_assert(!b.oom && b.len <= cap);
    memcpy(out, b.p, b.len);
    size_t n = b.len;
    buf_free(&b);
    return n;
}

/* "250101000000Z" */
#define T_UTC "170d3235303130313030303030305a"
#define REASON(r) "300a0603551d1504030a01" r

static const struct entry_case {
    const char *name;
    const char *hex;            /* one entry */
    const char *serial_hex;     /* asn1_int_hex of the serial */
    const char *date;
    int reason;
    const char *inval;          /* NULL: none */
    unsigned warnings;
    asn1_err err;
} entry_cases[] = {
    { "plain", "3012 020105 " T_UTC, "5", "2025-01-01T00:00:00Z", -1, NULL, 0, ASN1_OK },
    { "reason", "3020 020105 " T_UTC " 300c " REASON("01"), "5", "2025-01-01T00:00:00Z", 1, NULL, 0, ASN1_OK },
    { "reason-inval",
      "303a 020105 " T_UTC " 3026 " REASON("01") " 30180603551d180411180f32303234313233313030303030305a",
      "5", "2025-01-01T00:00:00Z", 1, "2024-12-31T00:00:00Z", 0, ASN1_OK },
    { "generalized", "3014 020105 180f32303235303130313030303030305a", "5", "2025-01-01T00:00:00Z", -1, NULL, 0,
      ASN1_OK },
    { "long-serial", "3026 021500ab00000000000000000000000000000000000001 " T_UTC, "ab00000000000000000000000000000000000001",
      "2025-01-01T00:00:00Z", -1, NULL, 0, ASN1_OK },
    /* left to the general path: the same values, plus its warning */
    { "reason-7", "3020 020105 " T_UTC " 300c " REASON("07"), "5", "2025-01-01T00:00:00Z", 7, NULL, 1, ASN1_OK },
    { "no-seconds", "3010 020105 170b323530313031303030305a", "5", "2025-01-01T00:00:00Z", -1, NULL, 1, ASN1_OK },
    { "non-minimal-serial", "3013 02020005 " T_UTC, "5", "2025-01-01T00:00:00Z", -1, NULL, 1, ASN1_OK },
    { "negative-serial", "3012 0201ff " T_UTC, "-1", "2025-01-01T00:00:00Z", -1, NULL, 0, ASN1_OK },
    { "non-minimal-length", "308112 020105 " T_UTC, "5", "2025-01-01T00:00:00Z", -1, NULL, 1, ASN1_OK },
    { "critical-reason", "3023 020105 " T_UTC " 300f 300d0603551d150101ff04030a0101", "5", "2025-01-01T00:00:00Z", 1,
      NULL, 0, ASN1_OK },
    /* a duplicated entry extension: a warning (RFC 5280 4.2), the first one counts */
    { "dup-reason", "302c 020105 " T_UTC " 3018 " REASON("01") " " REASON("02"), "5", "2025-01-01T00:00:00Z", 1, NULL,
      1, ASN1_OK },
    /* errors stay errors */
    { "bad-month", "3012 020105 170d3235313330313030303030305a", NULL, NULL, 0, NULL, 0, ASN1_E_VALUE },
    { "empty-serial", "3011 0200 " T_UTC, NULL, NULL, 0, NULL, 0, ASN1_E_VALUE },
    { "trailing", "3015 020105 " T_UTC " 050000 ", NULL, NULL, 0, NULL, 0, ASN1_E_TAG },
};

START_TEST(entry_paths)
{
    const struct entry_case *tc = &entry_cases[_i];
    uint8_t der[8192];
    size_t n = make_crl(tc->hex, der, sizeof der);
    static asn1_ctx ctx;
    static x509_crl crl;
    asn1_ctx_init(&ctx, der, n);
    asn1_err e = x509_crl_decode(&ctx, span_make(der, n), &crl);
    if (tc->err != ASN1_OK) {
        ck_assert_msg(e != ASN1_OK, "%s: decoded", tc->name);
        if (tc->err != ASN1_E_TAG)
            ck_assert_msg(e == tc->err, "%s: error %d, wanted %d (%s)", tc->name, e, tc->err, ctx.err.msg);
        return;
    }
    ck_assert_msg(e == ASN1_OK, "%s: %s at %s", tc->name, ctx.err.msg, ctx.err.path);
    ck_assert_uint_eq(crl.revoked_count, 1);
    ck_assert_msg(ctx.nwarn == tc->warnings, "%s: %u warnings (%s)", tc->name, ctx.nwarn,
                  ctx.nwarn ? ctx.warn[0].msg : "");
    /* the iterator (a second walk) gives the same entry */
    asn1_ctx ictx;
    asn1_ctx_init(&ictx, der, n);
    x509_crl_iter it;
    x509_crl_iter_init(&it, &ictx, &crl);
    static x509_crl_entry ent;
    ck_assert_int_eq(x509_crl_next(&it, &ent), ASN1_OK);
    buf_t b = BUF_INIT;
    asn1_int_hex(ent.serial, &b);
    ck_assert_str_eq(buf_cstr(&b), tc->serial_hex);
    buf_free(&b);
    char ts[32];
    asn1_time_rfc3339(ent.date, ts);
    ck_assert_str_eq(ts, tc->date);
    ck_assert_int_eq(ent.reason, tc->reason);
    ck_assert_int_eq(ent.has_invalidity_date, tc->inval != NULL);
    if (tc->inval) {
        asn1_time_rfc3339(ent.invalidity_date, ts);
        ck_assert_str_eq(ts, tc->inval);
    }
    unsigned want_exts = 0;           /* every encoded reasonCode / invalidityDate, duplicates included */
    for (const char *q = tc->hex; (q = strstr(q, "551d15")) != NULL; q++)
        want_exts++;
    for (const char *q = tc->hex; (q = strstr(q, "551d18")) != NULL; q++)
        want_exts++;
    ck_assert_uint_eq(ent.exts.n, want_exts);
    for (unsigned i = 0; i < ent.exts.n; i++) {
        /* the extension slots say what x509_exts_decode would */
        const x509_ext *x = &ent.exts.v[i];
        ck_assert(x->known && !x->malformed);
        ck_assert(x->id == OID_ce_cRLReasons || x->id == OID_ce_invalidityDate);
        ck_assert(x->value.p > x->der.p && x->value.p + x->value.len == x->der.p + x->der.len);
        ck_assert_uint_eq(x->offset, (size_t)(x->der.p - der));
        ck_assert_uint_eq(x->value_offset, (size_t)(x->value.p - der));
    }
    ck_assert_int_eq(x509_crl_next(&it, &ent), ASN1_E_NOTFOUND);
}
END_TEST

/* ------------------------------------------------------------------ lookup */

static uint8_t *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s (run from the top of the tree)", path);
    static uint8_t buf[1 << 16];
    *n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
}

START_TEST(lookup_v2)
{
    size_t n;
    uint8_t *der = read_file("testdata/crl/v2.der", &n);
    static asn1_ctx ctx;
    static x509_crl crl;
    asn1_ctx_init(&ctx, der, n);
    ck_assert_int_eq(x509_crl_decode(&ctx, span_make(der, n), &crl), ASN1_OK);
    /* an issuer name that differs */
    static const uint8_t other_der[] = { 0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 'X' };
    asn1_ctx nctx;
    asn1_ctx_init(&nctx, other_der, sizeof other_der);
    der_t c;
    der_init(&c, &nctx, NULL);
    x509_name other;
    ck_assert_int_eq(x509_name_decode(&c, "issuer", &other), ASN1_OK);
    static const uint8_t s1001[] = { 0x10, 0x01 }, s1001nm[] = { 0x00, 0x10, 0x01 }, s1004[] = { 0x10, 0x04 },
                         s10ff[] = { 0x10, 0xff };
    x509_revocation q[5] = {
        { .issuer = &crl.issuer, .serial = span_make(s1001, 2) },
        { .issuer = &crl.issuer, .serial = span_make(s1004, 2) },
        { .issuer = &other, .serial = span_make(s1001, 2) },
        { .issuer = &crl.issuer, .serial = span_make(s1001nm, 3) },
        { .issuer = &crl.issuer, .serial = span_make(s10ff, 2) },
    };
    ck_assert_int_eq(x509_crl_lookup(&crl, &ctx, q, 5), ASN1_OK);
    ck_assert(q[0].covered && q[0].listed && q[0].reason == 1 && q[0].entry_index == 0 && q[0].has_invalidity_date);
    ck_assert(q[1].covered && !q[1].listed);
    ck_assert(!q[2].covered && !q[2].listed);
    ck_assert(q[3].covered && q[3].listed && q[3].entry_index == 0);   /* non-minimal serial compares equal */
    ck_assert(q[4].listed && q[4].reason == 5 && q[4].entry_index == 3);
    char ts[32];
    asn1_time_rfc3339(q[0].date, ts);
    ck_assert_str_eq(ts, "2025-02-01T10:15:00Z");
    ck_assert_uint_eq(ctx.nwarn, 0);                /* the lookup leaves the context's warnings alone */
}
END_TEST

/* An indirect CRL: entries after a certificateIssuer belong to that issuer. */
START_TEST(lookup_indirect)
{
    /* CRL of CN=T: 05 (CN=T), 06 with certificateIssuer CN=X, 07 (inherits CN=X) */
    uint8_t der[8192];
    size_t n = make_crl("3012 020105 " T_UTC
                        "3032 020106 " T_UTC " 301e 301c 0603551d1d 0101ff 0412 3010 a40e 300c310a300806035504030c0158"
                        "3012 020107 " T_UTC,
                        der, sizeof der);
    static asn1_ctx ctx;
    static x509_crl crl;
    asn1_ctx_init(&ctx, der, n);
    ck_assert_int_eq(x509_crl_decode(&ctx, span_make(der, n), &crl), ASN1_OK);
    ck_assert_uint_eq(crl.revoked_count, 3);
    /* the name CN=X */
    static const uint8_t x_der[] = { 0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 'X' };
    asn1_ctx nctx;
    asn1_ctx_init(&nctx, x_der, sizeof x_der);
    der_t c;
    der_init(&c, &nctx, NULL);
    x509_name x;
    ck_assert_int_eq(x509_name_decode(&c, "issuer", &x), ASN1_OK);
    static const uint8_t s5[] = { 5 }, s6[] = { 6 }, s7[] = { 7 };
    x509_revocation q[5] = {
        { .issuer = &crl.issuer, .serial = span_make(s5, 1) },
        { .issuer = &crl.issuer, .serial = span_make(s7, 1) },
        { .issuer = &x, .serial = span_make(s7, 1) },
        { .issuer = &x, .serial = span_make(s6, 1) },
        { .issuer = &x, .serial = span_make(s5, 1) },
    };
    ck_assert_int_eq(x509_crl_lookup(&crl, &ctx, q, 5), ASN1_OK);
    ck_assert(q[0].covered && q[0].listed);
    ck_assert(q[1].covered && !q[1].listed);    /* 07 is CN=X's: it follows a certificateIssuer */
    ck_assert(q[2].covered && q[2].listed && q[2].entry_index == 2);
    ck_assert(q[3].covered && q[3].listed && q[3].entry_index == 1);
    ck_assert(q[4].covered && !q[4].listed);    /* 05 is CN=T's */
}
END_TEST

START_TEST(lookup_indirect_fixture)
{
    /* testdata/crl/indirect.crl as DER: 1001 (CN=CRL Test CA), 2002 and 2003 (CN=Other CA) */
    FILE *p = popen("openssl crl -in testdata/crl/indirect.crl -outform DER 2>/dev/null", "r");
    ck_assert(p != NULL);
    static uint8_t der[8192];
    size_t n = fread(der, 1, sizeof der, p);
    pclose(p);
    if (n == 0)
        return;                 /* no openssl: covered by tests/cli/t_crldump.sh */
    static asn1_ctx ctx;
    static x509_crl crl;
    asn1_ctx_init(&ctx, der, n);
    ck_assert_int_eq(x509_crl_decode(&ctx, span_make(der, n), &crl), ASN1_OK);
    /* the name of "Other CA", from the entry's certificateIssuer */
    asn1_ctx ictx;
    asn1_ctx_init(&ictx, der, n);
    x509_crl_iter it;
    x509_crl_iter_init(&it, &ictx, &crl);
    static x509_crl_entry ent;
    ck_assert_int_eq(x509_crl_next(&it, &ent), ASN1_OK);
    ck_assert_int_eq(x509_crl_next(&it, &ent), ASN1_OK);
    x509_name other;
    ck_assert(x509_crl_entry_issuer_name(&ent, &ictx, &other));
    static const uint8_t s1001[] = { 0x10, 0x01 }, s2003[] = { 0x20, 0x03 };
    x509_revocation q[3] = {
        { .issuer = &crl.issuer, .serial = span_make(s1001, 2) },
        { .issuer = &other, .serial = span_make(s1001, 2) },
        { .issuer = &other, .serial = span_make(s2003, 2) },
    };
    ck_assert_int_eq(x509_crl_lookup(&crl, &ctx, q, 3), ASN1_OK);
    ck_assert(q[0].covered && q[0].listed);
    ck_assert(q[1].covered && !q[1].listed);    /* same serial, other issuer */
    ck_assert(q[2].covered && q[2].listed && q[2].reason == 5);
}
END_TEST

/* ------------------------------------------------------------ fingerprints */

START_TEST(fp_equals_libtomcrypt)
{
    static uint8_t d[70000];
    for (size_t i = 0; i < sizeof d; i++)
        d[i] = (uint8_t)(i * 131 + (i >> 7));
    static const size_t lens[] = { 0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 65537, 70000 };
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        size_t n = lens[k];
        uint8_t r1[20], r256[32];
        ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA1, d, n, r1), ASN1_OK);
        ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA256, d, n, r256), ASN1_OK);
        for (size_t step = 1; step <= 97; step += 32) {
            ck_hash_ctx f1, f256;
            ck_assert_int_eq(ck_hash_init(&f1, CK_HASH_SHA1), ASN1_OK);
            ck_assert_int_eq(ck_hash_init(&f256, CK_HASH_SHA256), ASN1_OK);
            for (size_t off = 0; off < n; off += step) {
                ck_hash_update(&f1, d + off, n - off < step ? n - off : step);
                ck_hash_update(&f256, d + off, n - off < step ? n - off : step);
            }
            uint8_t h1[20], h256[32];
            ck_assert_int_eq(ck_hash_final(&f1, h1), ASN1_OK);
            ck_assert_int_eq(ck_hash_final(&f256, h256), ASN1_OK);
            ck_assert_msg(memcmp(h1, r1, 20) == 0, "SHA-1 of %zu bytes fed by %zu", n, step);
            ck_assert_msg(memcmp(h256, r256, 32) == 0, "SHA-256 of %zu bytes fed by %zu", n, step);
        }
    }
}
END_TEST

Suite *suite_crl(void)
{
    Suite *s = suite_create("crl");
    TCase *tc = tcase_create("entries");
    tcase_add_loop_test(tc, entry_paths, 0, (int)(sizeof entry_cases / sizeof entry_cases[0]));
    suite_add_tcase(s, tc);
    tc = tcase_create("lookup");
    tcase_add_test(tc, lookup_v2);
    tcase_add_test(tc, lookup_indirect);
    tcase_add_test(tc, lookup_indirect_fixture);
    suite_add_tcase(s, tc);
    tc = tcase_create("fphash");
    tcase_add_test(tc, fp_equals_libtomcrypt);
    suite_add_tcase(s, tc);
    return s;
}
