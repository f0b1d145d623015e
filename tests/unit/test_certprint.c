/*
 * test_certprint.c - the certificate printers' library parts: the decimal of INTEGERs,
 * validity, the JSON field order of x509_cert_describe, the select (-f) sink, the
 * text printer, and the PKCS#7 certificate walker (DER, BER, every prefix).
 * Fixtures: testdata/certdump/ (run from the top of the tree, as `make check` does,
 * or set CERTKIT_TOP).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/print_impl.h"

static uint8_t *slurp(const char *rel, size_t *n)
{
    char path[1024];
    const char *top = getenv("CERTKIT_TOP");
    snprintf(path, sizeof path, "%s/%s", top && *top ? top : ".", rel);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s (run from the top of the tree)", path);
    uint8_t *buf = malloc(1 << 16);
    ck_assert(buf != NULL);
    *n = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

/* ------------------------------------------------------------- decimal */

static const struct {
    const char *hex;
    const char *dec;
} decs[] = {
    { "00", "0" },
    { "7f", "127" },
    { "0080", "128" },
    { "ff", "-1" },
    { "80", "-128" },
    { "ff7f", "-129" },
    { "ed2979", "-1234567" },
    { "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", "57695881630579109672551728465758925132512052583" },
    { "00ffffffffffffffffffffffffffffffff", "340282366920938463463374607431768211455" },
    { "ffffffffffffffffffffffffffffffffff", "-1" },
    { "ff00000000000000000000000000000000", "-340282366920938463463374607431768211456" },
    { "3b9aca00", "1000000000" },
    { "3b9ac9ff", "999999999" },
};

static size_t unhex(const char *h, uint8_t *out)
{
    size_t n = strlen(h) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(h + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
    return n;
}

START_TEST(int_decimal)
{
    for (size_t i = 0; i < sizeof decs / sizeof decs[0]; i++) {
        uint8_t b[64];
        size_t n = unhex(decs[i].hex, b);
        char out[200];
        size_t l = x509_int_dec_small(span_make(b, n), out, sizeof out);
        ck_assert_msg(l == strlen(decs[i].dec) && strcmp(out, decs[i].dec) == 0, "%s: got %s want %s",
                      decs[i].hex, out, decs[i].dec);
        /* the libtommath path agrees */
        buf_t d = BUF_INIT;
        ck_assert_int_eq(asn1_int_dec(span_make(b, n), &d), ASN1_OK);
        ck_assert_str_eq(buf_cstr(&d), decs[i].dec);
        buf_free(&d);
    }
    /* too small an output: 0, never a partial number */
    uint8_t b[] = { 0x3b, 0x9a, 0xca, 0x00 };
    char small[5];
    ck_assert_uint_eq(x509_int_dec_small(span_make(b, 4), small, sizeof small), 0);
    ck_assert_uint_eq(x509_int_dec_small(span_make(b, 0), small, sizeof small), 0);
}
END_TEST

START_TEST(hex_colon)
{
    buf_t b = BUF_INIT;
    uint8_t v[] = { 0x0a, 0xbc, 0xff };
    x509_hex_colon(&b, v, 3, false);
    ck_assert_str_eq(buf_cstr(&b), "0a:bc:ff");
    buf_reset(&b);
    x509_hex_colon(&b, v, 3, true);
    ck_assert_str_eq(buf_cstr(&b), "0A:BC:FF");
    buf_free(&b);
}
END_TEST

/* ---------------------------------------------------------- a certificate */

static uint8_t *leaf_der;
static size_t leaf_len;
static asn1_ctx leaf_ctx;
static x509_cert leaf;

static void load_leaf(void)
{
    leaf_der = slurp("testdata/certdump/ec-leaf.der", &leaf_len);
    asn1_ctx_init(&leaf_ctx, leaf_der, leaf_len);
    ck_assert_int_eq(x509_cert_decode(&leaf_ctx, span_make(leaf_der, leaf_len), &leaf), ASN1_OK);
}

static void free_leaf(void)
{
    free(leaf_der);
}

static x509_cert_info info_at(int64_t at)
{
    x509_cert_info i = { .source = "t", .index = 3, .at = at, .pem = false, .ctx = &leaf_ctx };
    return i;
}

/* 2024-01-01T12:00:00Z .. 2025-01-01T12:00:00Z */
START_TEST(validity)
{
    ck_assert_int_eq(x509_cert_validity(&leaf, 1704110400), X509_VALID);          /* notBefore itself */
    ck_assert_int_eq(x509_cert_validity(&leaf, 1704110399), X509_NOT_YET_VALID);
    ck_assert_int_eq(x509_cert_validity(&leaf, 1735732800), X509_VALID);          /* notAfter itself */
    ck_assert_int_eq(x509_cert_validity(&leaf, 1735732801), X509_EXPIRED);
    ck_assert_str_eq(x509_validity_name(X509_NOT_YET_VALID), "not_yet_valid");
}
END_TEST

/* Every field of the SPEC schema, in the SPEC's order. */
START_TEST(json_order)
{
    buf_t out = BUF_INIT;
    json_t j;
    x509_sink s;
    json_init(&j, &out);
    x509_sink_json(&s, &j);
    x509_cert_info info = info_at(1767225600);
    info.pem = true;
    sink_obj(&s, NULL, NULL);
    x509_cert_describe(&leaf, &s, &info);
    sink_end_obj(&s);
    const char *js = buf_cstr(&out);
    static const char *const order[] = {
        "\"type\":\"certificate\"", "\"source\":\"t\"", "\"index\":3", "\"version\":3", "\"serial\":\"7f\"",
        "\"serial_dec\":\"127\"", "\"signature_algorithm\":", "\"issuer\":", "\"subject\":",
        "\"not_before\":\"2024-01-01T12:00:00Z\"", "\"not_after\":\"2025-01-01T12:00:00Z\"",
        "\"validity_status\":\"expired\"", "\"public_key\":", "\"extensions\":[", "\"subject_alt_names\":[",
        "\"key_usage\":[\"digitalSignature\",\"keyAgreement\"]", "\"extended_key_usage\":[\"1.3.6.1.5.5.7.3.1\"",
        "\"basic_constraints\":{\"ca\":false,\"path_len\":null}", "\"subject_key_id\":\"",
        "\"authority_key_id\":\"", "\"crl_distribution_points\":[\"http://crl.example.com/root.crl\"",
        "\"ocsp\":[\"http://ocsp.example.com/\"]", "\"ca_issuers\":[\"http://ca.example.com/root.crt\"]",
        "\"self_issued\":false", "\"fingerprints\":{\"sha1\":\"", "\"warnings\":[]",
        "\"pem\":\"-----BEGIN CERTIFICATE-----\\n",   /* RFC 8259 short escape */
    };
    const char *at = js;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *f = strstr(at, order[i]);
        ck_assert_msg(f != NULL, "%s missing or out of order in %.200s", order[i], at);
        at = f + strlen(order[i]);
    }
    ck_assert_int_eq(j.depth, 0);
    ck_assert(strchr(js, '\n') == NULL);
    ck_assert(strstr(js, "subject_openssl") == NULL);
    buf_free(&out);
}
END_TEST

/* Runs the select sink over the leaf with a field list, returns the line; the same
 * line must come out when describe skips the fields not asked for (info.only). */
static char *select_line(const char *fields)
{
    x509_select *sel = NULL;
    ck_assert_int_eq(x509_select_new(fields, x509_cert_fields, &sel, NULL, 0), ASN1_OK);
    char *r = NULL;
    for (int only = 0; only < 2; only++) {
        x509_sink s;
        x509_sink_select(&s, sel);
        x509_cert_info info = info_at(1767225600);
        info.openssl_names = true;
        info.only = only ? sel : NULL;
        x509_cert_describe(&leaf, &s, &info);
        buf_t out = BUF_INIT;
        x509_select_line(sel, &out);
        if (!only)
            r = strdup(buf_cstr(&out));
        else
            ck_assert_msg(strcmp(r, buf_cstr(&out)) == 0, "-f %s: [%s] with info.only, [%s] without", fields,
                          buf_cstr(&out), r);
        buf_free(&out);
    }
    x509_select_free(sel);
    return r;
}

START_TEST(select_fields)
{
    static const struct {
        const char *fields, *want;
    } t[] = {
        { "serial", "7f\n" },
        { "serial,serial_dec,version", "7f\t127\t3\n" },
        { "not_after,validity_status", "2025-01-01T12:00:00Z\texpired\n" },
        { "issuer", "CN=Example Root CA,OU=Certdump Fixtures,O=Example CA,C=US\n" },
        { "issuer.oneline", "C = US, O = Example CA, OU = Certdump Fixtures, CN = Example Root CA\n" },
        { "issuer_openssl", "CN=Example Root CA,OU=Certdump Fixtures,O=Example CA,C=US\n" },
        { "key_usage", "digitalSignature,keyAgreement\n" },
        { "basic_constraints", "ca=false,path_len=\n" },
        { "basic_constraints.ca,basic_constraints.path_len", "false\t\n" },
        { "public_key.algorithm,public_key.curve,public_key.bits", "ec\tP-256\t256\n" },
        { "ocsp,ca_issuers", "http://ocsp.example.com/\thttp://ca.example.com/root.crt\n" },
        { "subject_alt_names.type",
          "dns,dns,ip,ip,email,uri,rid,othername,dirname,x400,edipartyname\n" },
        /* a list and fields inside it, at once (nested captures) */
        { "subject_alt_names,subject_alt_names.type",
          "www.example.com,*.example.com,192.168.0.1,2001:db8::1,admin@example.com,https://www.example.com/,"
          "1.2.3.4.5.6,user@example.com,O=Dir Name GmbH,C=DE,der=a3083006610413024445,party_name=EDI party\t"
          "dns,dns,ip,ip,email,uri,rid,othername,dirname,x400,edipartyname\n" },
        { "extensions.critical", "false,true,false,false,false,false,false,false,false,false\n" },
        { "warnings,pem", "\t\n" },                   /* no warnings; pem only with info.pem */
        { "subject_alt_names.nosuch", "\n" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *got = select_line(t[i].fields);
        ck_assert_msg(strcmp(got, t[i].want) == 0, "-f %s: got [%s] want [%s]", t[i].fields, got, t[i].want);
        free(got);
    }
}
END_TEST

START_TEST(select_bad_lists)
{
    static const char *const bad[] = { "", ",", "serial,", "a..b", ".serial", "serial.", "nosuch",
                                       "subject,nosuch.x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        x509_select *sel = (x509_select *)1;
        char why[128] = "";
        ck_assert_msg(x509_select_new(bad[i], x509_cert_fields, &sel, why, sizeof why) == ASN1_E_VALUE,
                      "accepted [%s]", bad[i]);
        ck_assert(sel == NULL);
        ck_assert(why[0] != '\0');
    }
    x509_select *sel = NULL;
    ck_assert_int_eq(x509_select_new(" serial , subject.rfc4514 ", x509_cert_fields, &sel, NULL, 0), ASN1_OK);
    ck_assert(x509_select_wants(sel, "subject"));
    ck_assert(!x509_select_wants(sel, "sub"));
    ck_assert(!x509_select_wants(sel, "pem"));
    x509_select_free(sel);
    /* without a list of known names anything well formed goes */
    ck_assert_int_eq(x509_select_new("anything.at.all", NULL, &sel, NULL, 0), ASN1_OK);
    x509_select_free(sel);
}
END_TEST

/* Values keep one object on one line: tabs and line breaks are escaped. */
START_TEST(select_escapes)
{
    x509_select *sel = NULL;
    ck_assert_int_eq(x509_select_new("a,b.c,l", NULL, &sel, NULL, 0), ASN1_OK);
    x509_sink s;
    x509_sink_select(&s, sel);
    sink_obj(&s, NULL, NULL);
    sink_str(&s, "a", NULL, "x\ty\nz\r");
    sink_obj(&s, "b", NULL);
    sink_num(&s, "c", NULL, -42);
    sink_end_obj(&s);
    sink_arr(&s, "l", NULL);
    sink_bool(&s, NULL, NULL, true);
    sink_null(&s, NULL, NULL);
    uint8_t h[] = { 0xde, 0xad };
    sink_hex(&s, NULL, NULL, h, 2);
    sink_end_arr(&s);
    sink_end_obj(&s);
    buf_t out = BUF_INIT;
    x509_select_line(sel, &out);
    ck_assert_str_eq(buf_cstr(&out), "x\\ty\\nz\\r\t-42\ttrue,,dead\n");
    /* a second object starts afresh */
    x509_sink_select(&s, sel);
    sink_str(&s, "a", NULL, "again");
    buf_reset(&out);
    x509_select_line(sel, &out);
    ck_assert_str_eq(buf_cstr(&out), "again\t\t\n");
    buf_free(&out);
    x509_select_free(sel);
}
END_TEST

START_TEST(text_form)
{
    buf_t out = BUF_INIT;
    x509_cert_info info = info_at(1767225600);
    x509_cert_text(&leaf, &out, &info);
    const char *t = buf_cstr(&out);
    ck_assert(strncmp(t, "Certificate:\n", 13) == 0);
    ck_assert(strstr(t, "\n    Serial Number:        7f\n") != NULL);
    ck_assert(strstr(t, "\n        Not After:        2025-01-01T12:00:00Z (expired 364 days ago)\n") != NULL);
    ck_assert(strstr(t, "\n        subjectAltName (2.5.29.17):\n            DNS: www.example.com\n") != NULL);
    ck_assert(strstr(t, "\n        keyUsage (2.5.29.15), critical:\n") != NULL);
    ck_assert(strstr(t, "\n        Key:              EC 256 bit\n") != NULL);
    /* no wrapper of the extension object leaks into the text */
    ck_assert(strstr(t, "Critical:") == NULL);
    ck_assert(strstr(t, "\n            OID:") == NULL);
    /* "expires in" before notAfter, singular day */
    buf_reset(&out);
    info = info_at(1735732800 - 86400 - 5);
    x509_cert_text(&leaf, &out, &info);
    ck_assert(strstr(buf_cstr(&out), "(expires in 1 day)\n") != NULL);
    buf_free(&out);
}
END_TEST

/* ----------------------------------------------------------------- PKCS#7 */

/* The spans handed to the callback live only during the call (for BER input they point
 * into the normalised copy, freed when pkcs7_certs_each returns), so the callback also
 * records, while they are alive, whether each one is the leaf of the fixture bundle. */
typedef struct p7_seen {
    unsigned n;
    span_t certs[4];
    size_t offs[4];
    bool is_leaf[4];
} p7_seen;

static asn1_err p7_cb(void *arg, span_t cert, size_t offset, size_t index)
{
    p7_seen *s = arg;
    ck_assert_uint_eq(index, s->n);
    if (s->n < 4) {
        s->certs[s->n] = cert;
        s->offs[s->n] = offset;
        s->is_leaf[s->n] = span_eq(cert, span_make(leaf_der, leaf_len));
    }
    s->n++;
    return ASN1_OK;
}

START_TEST(pkcs7_der)
{
    size_t n;
    uint8_t *der = slurp("testdata/certdump/bundle.p7b.der", &n);
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, der, n);
    p7_seen seen = { 0 };
    ck_assert_int_eq(pkcs7_certs_each(&ctx, span_make(der, n), p7_cb, &seen), ASN1_OK);
    ck_assert_uint_eq(seen.n, 2);
    /* DER input: spans point into it, offsets are positions in it */
    ck_assert(seen.certs[0].p == der + seen.offs[0]);
    ck_assert(span_eq(seen.certs[0], span_make(leaf_der, leaf_len)));     /* the leaf comes first */
    ck_assert_uint_eq(ctx.nwarn, 0);
    /* DER with a byte after it: a warning */
    uint8_t *more = malloc(n + 1);
    memcpy(more, der, n);
    more[n] = 0x0a;
    seen.n = 0;
    asn1_ctx_init(&ctx, more, n + 1);
    ck_assert_int_eq(pkcs7_certs_each(&ctx, span_make(more, n + 1), p7_cb, &seen), ASN1_OK);
    ck_assert_uint_eq(seen.n, 2);
    ck_assert_uint_eq(ctx.nwarn, 1);
    ck_assert_uint_eq(ctx.warn[0].offset, n);
    free(more);
    /* every prefix fails cleanly */
    for (size_t k = 0; k < n; k++) {
        uint8_t *cut = malloc(k ? k : 1);
        memcpy(cut, der, k);
        p7_seen s2 = { 0 };
        asn1_ctx c2;
        asn1_ctx_init(&c2, cut, k);
        asn1_err e = pkcs7_certs_each(&c2, span_make(cut, k), p7_cb, &s2);
        ck_assert_msg(e != ASN1_OK, "prefix %zu accepted", k);
        ck_assert(c2.err.code != ASN1_OK);
        ck_assert(s2.n <= 2);
        free(cut);
    }
    free(der);
}
END_TEST

/* The same bundle with the indefinite lengths of Windows and Apple exports. */
START_TEST(pkcs7_ber)
{
    size_t n;
    uint8_t *der = slurp("testdata/certdump/bundle.p7b.der", &n);
    /* ContentInfo ::= 30 len { 06 09 <signedData> , A0 len { SignedData } }: re-frame the
     * outer SEQUENCE and the [0] with indefinite lengths */
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, der, n);
    der_t root, ci;
    der_init(&root, &ctx, NULL);
    ck_assert_int_eq(der_enter(&root, ASN1_SEQUENCE, NULL, &ci), ASN1_OK);
    asn1_elem oid, content;
    ck_assert_int_eq(der_next(&ci, NULL, &oid), ASN1_OK);
    ck_assert_int_eq(der_next(&ci, NULL, &content), ASN1_OK);
    buf_t ber = BUF_INIT;
    buf_put(&ber, "\x30\x80", 2);
    buf_put(&ber, oid.der.p, oid.der.len);
    buf_put(&ber, "\xa0\x80", 2);
    buf_put(&ber, content.body.p, content.body.len);
    buf_put(&ber, "\x00\x00\x00\x00", 4);
    p7_seen seen = { 0 };
    asn1_ctx c2;
    asn1_ctx_init(&c2, (const uint8_t *)ber.p, ber.len);
    ck_assert_int_eq(pkcs7_certs_each(&c2, span_make(ber.p, ber.len), p7_cb, &seen), ASN1_OK);
    ck_assert_uint_eq(seen.n, 2);
    ck_assert(seen.is_leaf[0]);
    ck_assert(!seen.is_leaf[1]);
    ck_assert_uint_eq(c2.nwarn, 0);
    /* bytes after the ContentInfo: a warning, the certificates still come */
    buf_putc(&ber, 0x00);
    seen.n = 0;
    asn1_ctx_init(&c2, (const uint8_t *)ber.p, ber.len);
    ck_assert_int_eq(pkcs7_certs_each(&c2, span_make(ber.p, ber.len), p7_cb, &seen), ASN1_OK);
    ck_assert_uint_eq(seen.n, 2);
    ck_assert_uint_eq(c2.nwarn, 1);
    ck_assert(strstr(c2.warn[0].msg, "1 bytes after the PKCS#7 ContentInfo") != NULL);
    /* and with --strict an error */
    seen.n = 0;
    asn1_ctx_init(&c2, (const uint8_t *)ber.p, ber.len);
    c2.strict = true;
    ck_assert_int_eq(pkcs7_certs_each(&c2, span_make(ber.p, ber.len), p7_cb, &seen), ASN1_E_STRICT);
    buf_free(&ber);
    free(der);
}
END_TEST

START_TEST(pkcs7_not_signed_data)
{
    /* ContentInfo { data, [0] { OCTET STRING "x" } } */
    static const uint8_t data[] = { 0x30, 0x12, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
                                    0xa0, 0x05, 0x04, 0x03, 0x61, 0x62, 0x63 };
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, data, sizeof data);
    p7_seen seen = { 0 };
    ck_assert_int_eq(pkcs7_certs_each(&ctx, span_make(data, sizeof data), p7_cb, &seen), ASN1_E_UNSUPPORTED);
    ck_assert(strstr(ctx.err.msg, "data") != NULL);
    ck_assert_uint_eq(ctx.err.offset, 2);
    ck_assert_uint_eq(seen.n, 0);
}
END_TEST

Suite *suite_certprint(void)
{
    Suite *s = suite_create("certprint");
    TCase *t = tcase_create("pure");
    tcase_add_test(t, int_decimal);
    tcase_add_test(t, hex_colon);
    suite_add_tcase(s, t);
    TCase *c = tcase_create("certificate");
    tcase_add_checked_fixture(c, load_leaf, free_leaf);
    tcase_add_test(c, validity);
    tcase_add_test(c, json_order);
    tcase_add_test(c, select_fields);
    tcase_add_test(c, select_bad_lists);
    tcase_add_test(c, select_escapes);
    tcase_add_test(c, text_form);
    tcase_add_test(c, pkcs7_der);
    tcase_add_test(c, pkcs7_ber);
    tcase_add_test(c, pkcs7_not_signed_data);
    suite_add_tcase(s, c);
    return s;
}
