/* Unit tests for x509/name.c and the name / value describers of x509/sink.c:
 * RFC 4514 strings (escaping, multi-valued RDNs, unknown types), OpenSSL's RFC2253
 * and one-line forms, string types (BMP, T61, Universal), validation errors with
 * offset and path, warnings, equality under case and space folding, the iterator,
 * and sink_name in both backends. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/ext_impl.h"

/* ------------------------------------------------------------ builders */

typedef struct atv_spec {
    const char *oid;        /* dotted */
    uint32_t tag;
    const char *val;        /* bytes */
    size_t len;             /* 0: strlen(val) */
    bool same_rdn;          /* joins the previous attribute's RDN */
} atv_spec;

#define A(o, t, v) { o, t, v, 0, false }
#define M(o, t, v) { o, t, v, 0, true }
#define AL(o, t, v, n) { o, t, v, n, false }

static uint8_t g_der[65536];
static size_t g_len;
static asn1_ctx g_ctx;

static void put_atv(buf_t *b, const atv_spec *a)
{
    buf_t oid = BUF_INIT;
    ck_assert_int_eq(asn1_oid_from_text(a->oid, &oid), ASN1_OK);
    size_t m = derw_begin(b, ASN1_SEQUENCE);
    derw_tlv(b, ASN1_OID, oid.p, oid.len);
    derw_tlv(b, a->tag, a->val, a->len ? a->len : strlen(a->val));
    derw_end(b, m);
    buf_free(&oid);
}

/* A Name with the attributes in this order (RDNs as given: no sorting). */
static void build_name(const atv_spec *v, size_t n)
{
    buf_t b = BUF_INIT;
    size_t seq = derw_begin(&b, ASN1_SEQUENCE);
    size_t i = 0;
    while (i < n) {
        size_t set = derw_begin(&b, ASN1_SET);
        put_atv(&b, &v[i++]);
        while (i < n && v[i].same_rdn)
            put_atv(&b, &v[i++]);
        derw_end(&b, set);
    }
    derw_end(&b, seq);
    ck_assert(!b.oom && b.len <= sizeof g_der);
    memcpy(g_der, b.p, b.len);
    g_len = b.len;
    buf_free(&b);
}

static asn1_err decode(x509_name *n)
{
    asn1_ctx_init(&g_ctx, g_der, g_len);
    der_t c;
    der_init(&c, &g_ctx, NULL);
    return x509_name_decode(&c, "subject", n);
}

/* Decoded names live in a small pool so several can be compared. */
static uint8_t g_pool[8][8192];
static unsigned g_pool_i;

static x509_name name_of(const atv_spec *v, size_t n)
{
    x509_name nm;
    build_name(v, n);
    ck_assert(g_len <= sizeof g_pool[0]);
    uint8_t *p = g_pool[g_pool_i++ % 8];
    memcpy(p, g_der, g_len);
    asn1_ctx_init(&g_ctx, p, g_len);
    der_t c;
    der_init(&c, &g_ctx, NULL);
    asn1_err r = x509_name_decode(&c, "subject", &nm);
    ck_assert_msg(r == ASN1_OK, "decode failed: %s: %s", g_ctx.err.path, g_ctx.err.msg);
    return nm;
}

static char g_out[65536];

static const char *rfc4514(const x509_name *n)
{
    buf_t b = BUF_INIT;
    x509_name_rfc4514(n, &b);
    snprintf(g_out, sizeof g_out, "%s", buf_cstr(&b));
    buf_free(&b);
    return g_out;
}

static const char *ossl(const x509_name *n)
{
    buf_t b = BUF_INIT;
    x509_name_openssl_rfc2253(n, &b);
    snprintf(g_out, sizeof g_out, "%s", buf_cstr(&b));
    buf_free(&b);
    return g_out;
}

static const char *oneline(const x509_name *n)
{
    buf_t b = BUF_INIT;
    x509_name_oneline(n, &b);
    snprintf(g_out, sizeof g_out, "%s", buf_cstr(&b));
    buf_free(&b);
    return g_out;
}

static size_t find(const void *needle, size_t n)
{
    const uint8_t *p = memmem(g_der, g_len, needle, n);
    ck_assert_msg(p != NULL, "marker not found");
    return (size_t)(p - g_der);
}

static bool has_warning(const char *path, const char *msg_part)
{
    for (unsigned i = 0; i < g_ctx.nwarn; i++)
        if ((!path || strcmp(g_ctx.warn[i].path, path) == 0) && strstr(g_ctx.warn[i].msg, msg_part))
            return true;
    return false;
}

#define C_ "2.5.4.6"
#define O_ "2.5.4.10"
#define OU_ "2.5.4.11"
#define CN_ "2.5.4.3"
#define ST_ "2.5.4.8"
#define UID_ "0.9.2342.19200300.100.1.1"
#define EMAIL_ "1.2.840.113549.1.9.1"
#define STREET_ "2.5.4.9"
#define PS ASN1_PRINTABLESTRING
#define U8 ASN1_UTF8STRING

/* ------------------------------------------------------------ forms */

START_TEST(basic_forms)
{
    atv_spec v[] = { A(C_, PS, "US"), A(O_, U8, "Example"), A(CN_, U8, "vcs.example.com") };
    x509_name n = name_of(v, 3);
    ck_assert_uint_eq(n.nrdn, 3);
    ck_assert_uint_eq(n.nattr, 3);
    ck_assert_uint_eq(n.der.len, g_len);
    ck_assert_str_eq(rfc4514(&n), "CN=vcs.example.com,O=Example,C=US");
    ck_assert_str_eq(ossl(&n), "CN=vcs.example.com,O=Example,C=US");
    ck_assert_str_eq(oneline(&n), "C = US, O = Example, CN = vcs.example.com");
    buf_t cn = BUF_INIT;
    ck_assert(x509_name_cn(&n, &cn));
    ck_assert_str_eq(buf_cstr(&cn), "vcs.example.com");
    buf_free(&cn);
    ck_assert_uint_eq(g_ctx.nwarn, 0);
}
END_TEST

START_TEST(empty_name)
{
    x509_name n = name_of(NULL, 0);
    ck_assert_uint_eq(n.nrdn, 0);
    ck_assert_str_eq(rfc4514(&n), "");
    ck_assert_str_eq(oneline(&n), "");
    buf_t cn = BUF_INIT;
    ck_assert(!x509_name_cn(&n, &cn));
    buf_free(&cn);
}
END_TEST

/* RFC 4514 2.4 escaping vs OpenSSL's */
static const struct {
    const char *val;
    const char *rfc4514;    /* CN=... */
    const char *openssl;    /* RFC2253 */
    const char *one;        /* oneline */
} esc_cases[] = {
    { "Ex, Inc.", "CN=Ex\\, Inc.", "CN=Ex\\, Inc.", "CN = \"Ex, Inc.\"" },
    { "a+b", "CN=a\\+b", "CN=a\\+b", "CN = \"a+b\"" },
    { "q\"x", "CN=q\\\"x", "CN=q\\\"x", "CN = q\\\"x" },
    { "back\\slash", "CN=back\\\\slash", "CN=back\\\\slash", "CN = back\\\\slash" },
    { "<tag>;", "CN=\\<tag\\>\\;", "CN=\\<tag\\>\\;", "CN = \"<tag>;\"" },
    { "#hash", "CN=\\#hash", "CN=\\#hash", "CN = \"#hash\"" },
    { "mid#hash", "CN=mid#hash", "CN=mid#hash", "CN = mid#hash" },
    { " lead", "CN=\\ lead", "CN=\\ lead", "CN = \" lead\"" },
    { "trail ", "CN=trail\\ ", "CN=trail\\ ", "CN = \"trail \"" },
    { "in side", "CN=in side", "CN=in side", "CN = in side" },
    { "a=b", "CN=a=b", "CN=a=b", "CN = a=b" },
    { "caf\xc3\xa9", "CN=caf\xc3\xa9", "CN=caf\\C3\\A9", "CN = caf\xc3\xa9" },
    { "tab\there", "CN=tab\\09here", "CN=tab\\09here", "CN = tab\\09here" },
    { "", "CN=", "CN=", "CN = " },
};

START_TEST(escaping)
{
    for (size_t i = 0; i < sizeof esc_cases / sizeof esc_cases[0]; i++) {
        atv_spec v[] = { A(CN_, U8, esc_cases[i].val) };
        x509_name n = name_of(v, 1);
        ck_assert_msg(strcmp(rfc4514(&n), esc_cases[i].rfc4514) == 0, "case %zu rfc4514: got [%s]", i, g_out);
        ck_assert_msg(strcmp(ossl(&n), esc_cases[i].openssl) == 0, "case %zu openssl: got [%s]", i, g_out);
        ck_assert_msg(strcmp(oneline(&n), esc_cases[i].one) == 0, "case %zu oneline: got [%s]", i, g_out);
    }
}
END_TEST

START_TEST(nul_escaped)
{
    atv_spec v[] = { AL(CN_, U8, "good\0evil", 9) };
    x509_name n = name_of(v, 1);
    ck_assert_str_eq(rfc4514(&n), "CN=good\\00evil");
    ck_assert_str_eq(ossl(&n), "CN=good\\00evil");
    ck_assert(has_warning("subject.rdns[0][0].value", "NUL"));
}
END_TEST

START_TEST(multi_valued)
{
    /* {CN=a + UID=b} in DER order (CN's ATV encodes smaller), then O */
    atv_spec v[] = { A(O_, U8, "Org"), A(CN_, U8, "a"), M(UID_, U8, "b") };
    x509_name n = name_of(v, 3);
    ck_assert_uint_eq(n.nrdn, 2);
    ck_assert_uint_eq(n.nattr, 3);
    ck_assert_str_eq(rfc4514(&n), "CN=a+UID=b,O=Org");
    ck_assert_str_eq(ossl(&n), "UID=b+CN=a,O=Org");        /* OpenSSL reverses inside RDNs too */
    ck_assert_str_eq(oneline(&n), "O = Org, CN = a + UID = b");
    ck_assert_uint_eq(g_ctx.nwarn, 0);

    x509_name_iter it;
    x509_attr a;
    x509_name_iter_init(&it, &n);
    ck_assert(x509_name_iter_next(&it, &a));
    ck_assert_int_eq(a.id, OID_at_organizationName);
    ck_assert_uint_eq(a.rdn, 0);
    ck_assert(!a.multi && a.rdn_first);
    ck_assert(x509_name_iter_next(&it, &a));
    ck_assert_int_eq(a.id, OID_at_commonName);
    ck_assert_uint_eq(a.rdn, 1);
    ck_assert(a.multi && a.rdn_first);
    ck_assert(x509_name_iter_next(&it, &a));
    ck_assert_int_eq(a.id, OID_at_userId);
    ck_assert_uint_eq(a.rdn, 1);
    ck_assert(a.multi && !a.rdn_first);
    ck_assert_uint_eq(a.tag, ASN1_UTF8STRING);
    ck_assert_uint_eq(a.value.len, 1);
    ck_assert(!x509_name_iter_next(&it, &a));
}
END_TEST

START_TEST(set_order_warning)
{
    /* UID's ATV (longer OID) before CN's: not DER SET OF order */
    atv_spec v[] = { A(UID_, U8, "b"), M(CN_, U8, "a") };
    x509_name n = name_of(v, 2);
    ck_assert(has_warning("subject.rdns[0][1]", "DER SET OF order"));
    ck_assert_str_eq(rfc4514(&n), "UID=b+CN=a");
}
END_TEST

START_TEST(string_types)
{
    /* BMPString "é€", T61String 0xE9 (Latin-1), UniversalString U+1F600, IA5 e-mail */
    atv_spec v[] = {
        AL(CN_, ASN1_BMPSTRING, "\x00\xe9\x20\xac", 4),
        AL(O_, ASN1_T61STRING, "Caf\xe9", 4),
        AL(OU_, ASN1_UNIVERSALSTRING, "\x00\x01\xf6\x00", 4),
        A(EMAIL_, ASN1_IA5STRING, "a@b.example"),
    };
    x509_name n = name_of(v, 4);
    ck_assert_str_eq(rfc4514(&n), "emailAddress=a@b.example,OU=\xf0\x9f\x98\x80,O=Caf\xc3\xa9,CN=\xc3\xa9\xe2\x82\xac");
    /* OpenSSL: each code point to UTF-8, then bytes >= 0x80 as \XX */
    ck_assert_str_eq(ossl(&n), "emailAddress=a@b.example,OU=\\F0\\9F\\98\\80,O=Caf\\C3\\A9,CN=\\C3\\A9\\E2\\82\\AC");
    ck_assert_uint_eq(g_ctx.nwarn, 0);
    x509_name_iter it;
    x509_attr a;
    buf_t b = BUF_INIT;
    x509_name_iter_init(&it, &n);
    ck_assert(x509_name_iter_next(&it, &a));
    x509_attr_value_utf8(&a, &b);
    ck_assert_str_eq(buf_cstr(&b), "\xc3\xa9\xe2\x82\xac");
    buf_free(&b);
}
END_TEST

START_TEST(unknown_and_nonstring)
{
    /* an unknown type: dotted OID and #hex of the value's DER (RFC 4514 2.4);
     * a known type with a non-string value: short name, #hex */
    atv_spec v[] = { A("1.2.3.4", U8, "a"), AL(CN_, ASN1_INTEGER, "\x05", 1) };
    x509_name n = name_of(v, 2);
    ck_assert_str_eq(rfc4514(&n), "CN=#020105,1.2.3.4=#0C0161");
    ck_assert_str_eq(ossl(&n), "CN=#020105,1.2.3.4=#0C0161");
    ck_assert_str_eq(oneline(&n), "1.2.3.4 = a, CN = #020105");
    ck_assert(has_warning("subject.rdns[1][0].value", "not a string"));
    x509_name_iter it;
    x509_attr a;
    buf_t b = BUF_INIT;
    x509_name_iter_init(&it, &n);
    ck_assert(x509_name_iter_next(&it, &a));
    ck_assert(x509_name_iter_next(&it, &a));
    x509_attr_value_utf8(&a, &b);
    ck_assert_str_eq(buf_cstr(&b), "#020105");
    buf_free(&b);
}
END_TEST

START_TEST(openssl_names)
{
    /* OpenSSL's short names differ from RFC 4514's for street; both know emailAddress */
    atv_spec v[] = { A(STREET_, U8, "1 Main St"), A(ST_, U8, "CA"), A("1.3.6.1.4.1.311.60.2.1.3", PS, "US") };
    x509_name n = name_of(v, 3);
    ck_assert_str_eq(rfc4514(&n), "jurisdictionC=US,ST=CA,STREET=1 Main St");
    ck_assert_str_eq(ossl(&n), "jurisdictionC=US,ST=CA,street=1 Main St");
    ck_assert_str_eq(x509_attr_short(OID_at_givenName), "GN");
    ck_assert_str_eq(x509_attr_short(OID_at_domainComponent), "DC");
    ck_assert_ptr_null(x509_attr_short(OID_sha256));
}
END_TEST

/* ------------------------------------------------------------ validation */

START_TEST(invalid_utf8_is_error)
{
    atv_spec v[] = { A(C_, PS, "US"), A(O_, U8, "ok"), AL(CN_, U8, "bad\xc0\xafx", 6) };
    build_name(v, 3);
    x509_name n;
    ck_assert_int_eq(decode(&n), ASN1_E_VALUE);
    ck_assert_str_eq(g_ctx.err.path, "subject.rdns[2][0].value");
    ck_assert_uint_eq(g_ctx.err.offset, find("\x0c\x06" "bad", 5));
    ck_assert(strstr(g_ctx.err.msg, "overlong") != NULL);
}
END_TEST

START_TEST(odd_bmp_is_error)
{
    atv_spec v[] = { AL(CN_, ASN1_BMPSTRING, "\x00\x41\x00", 3) };
    build_name(v, 1);
    x509_name n;
    ck_assert_int_eq(decode(&n), ASN1_E_VALUE);
    ck_assert_str_eq(g_ctx.err.path, "subject.rdns[0][0].value");
    ck_assert_uint_eq(g_ctx.err.offset, find("\x1e\x03\x00\x41", 4));
}
END_TEST

START_TEST(structure_errors)
{
    /* an RDN that is a SEQUENCE instead of a SET */
    static const uint8_t bad_rdn[] = { 0x30, 0x0b, 0x30, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03,
                                       0x0c, 0x00 };
    memcpy(g_der, bad_rdn, sizeof bad_rdn);
    g_len = sizeof bad_rdn;
    x509_name n;
    ck_assert_int_eq(decode(&n), ASN1_E_TAG);
    ck_assert_str_eq(g_ctx.err.path, "subject.rdns[0]");
    ck_assert_uint_eq(g_ctx.err.offset, 2);
    /* an ATV with trailing data after its value */
    static const uint8_t trailing[] = { 0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03,
                                        0x0c, 0x00, 0x05, 0x00 };
    memcpy(g_der, trailing, sizeof trailing);
    g_len = sizeof trailing;
    ck_assert_int_eq(decode(&n), ASN1_E_TRAILING);
    ck_assert_str_eq(g_ctx.err.path, "subject.rdns[0][0]");
    ck_assert_uint_eq(g_ctx.err.offset, 13);
    /* the type is not an OID */
    static const uint8_t notoid[] = { 0x30, 0x09, 0x31, 0x07, 0x30, 0x05, 0x02, 0x01, 0x03, 0x0c, 0x00 };
    memcpy(g_der, notoid, sizeof notoid);
    g_len = sizeof notoid;
    ck_assert_int_eq(decode(&n), ASN1_E_TAG);
    ck_assert_str_eq(g_ctx.err.path, "subject.rdns[0][0].type");
    ck_assert_uint_eq(g_ctx.err.offset, 6);
    /* truncated: every prefix fails, none crashes */
    atv_spec v[] = { A(C_, PS, "US"), A(CN_, U8, "x"), M(UID_, U8, "y") };
    build_name(v, 3);
    size_t full = g_len;
    for (size_t k = 0; k < full; k++) {
        uint8_t *copy = malloc(k ? k : 1);
        memcpy(copy, g_der, k);
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, copy, k);
        der_t c;
        der_init(&c, &ctx, NULL);
        ck_assert_int_ne(x509_name_decode(&c, "subject", &n), ASN1_OK);
        ck_assert(ctx.err.offset <= k);
        ck_assert_ptr_eq(c.p, copy);            /* cursor unchanged on failure */
        free(copy);
    }
}
END_TEST

START_TEST(warnings)
{
    atv_spec v[] = {
        A(C_, U8, "USA"),                    /* not PrintableString, not 2 chars */
        A(CN_, ASN1_IA5STRING, "x"),         /* not a DirectoryString type */
        A(EMAIL_, PS, "a@b"),                /* not IA5String; '@' not printable */
    };
    x509_name n = name_of(v, 3);
    ck_assert(has_warning("subject.rdns[0][0].value", "not a PrintableString"));
    ck_assert(has_warning("subject.rdns[0][0].value", "3 characters"));
    ck_assert(has_warning("subject.rdns[1][0].value", "DirectoryString"));
    ck_assert(has_warning("subject.rdns[2][0].value", "not an IA5String"));
    ck_assert(has_warning("subject.rdns[2][0].value", "'@'"));
    ck_assert_str_eq(rfc4514(&n), "emailAddress=a@b,CN=x,C=USA");
    /* strict: the first warning is the error */
    build_name(v, 3);
    asn1_ctx_init(&g_ctx, g_der, g_len);
    g_ctx.strict = true;
    der_t c;
    der_init(&c, &g_ctx, NULL);
    ck_assert_int_eq(x509_name_decode(&c, "subject", &n), ASN1_E_STRICT);
    ck_assert_str_eq(g_ctx.err.path, "subject.rdns[0][0].value");
}
END_TEST

START_TEST(empty_rdn_warns)
{
    static const uint8_t der[] = { 0x30, 0x0d, 0x31, 0x00, 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04,
                                   0x03, 0x0c, 0x00 };
    memcpy(g_der, der, sizeof der);
    g_len = sizeof der;
    x509_name n;
    ck_assert_int_eq(decode(&n), ASN1_OK);
    ck_assert(has_warning("subject.rdns[0]", "empty RelativeDistinguishedName"));
    ck_assert_uint_eq(n.nrdn, 2);
    ck_assert_uint_eq(n.nattr, 1);
    ck_assert_str_eq(rfc4514(&n), "CN=");
}
END_TEST

/* ------------------------------------------------------------ equality */

START_TEST(equality)
{
    atv_spec a[] = { A(C_, PS, "US"), A(O_, PS, "Example  Corp"), A(CN_, U8, " Web Server ") };
    atv_spec b[] = { A(C_, PS, "us"), A(O_, U8, "example corp"), A(CN_, ASN1_BMPSTRING, "\0W\0E\0B\0 \0s\0e\0r\0v\0e\0r") };
    b[2].len = 20;
    x509_name na = name_of(a, 3);
    x509_name nb = name_of(b, 3);
    ck_assert(x509_name_equal(&na, &nb));
    ck_assert(x509_name_equal(&nb, &na));
    ck_assert(x509_name_equal(&nb, &nb));

    atv_spec c[] = { A(C_, PS, "US"), A(O_, PS, "Example Corp"), A(CN_, U8, "Web Servers") };
    x509_name nc = name_of(c, 3);
    ck_assert(!x509_name_equal(&na, &nc));
    atv_spec d[] = { A(C_, PS, "US"), A(O_, PS, "Example Corp") };
    x509_name nd = name_of(d, 2);
    ck_assert(!x509_name_equal(&na, &nd));
    /* same attributes, different RDN structure */
    atv_spec e[] = { A(C_, PS, "US"), A(O_, PS, "Example Corp"), M(CN_, U8, "Web Server") };
    x509_name ne = name_of(e, 3);
    ck_assert(!x509_name_equal(&na, &ne));
}
END_TEST

START_TEST(equality_multi_valued_order)
{
    atv_spec a[] = { A(CN_, U8, "a"), M(UID_, U8, "b") };
    atv_spec b[] = { A(UID_, U8, "B"), M(CN_, U8, "A") };
    x509_name na = name_of(a, 2);
    x509_name nb = name_of(b, 2);
    ck_assert(x509_name_equal(&na, &nb));
    atv_spec c[] = { A(UID_, U8, "B"), M(CN_, U8, "z") };
    x509_name nc = name_of(c, 2);
    ck_assert(!x509_name_equal(&na, &nc));
}
END_TEST

START_TEST(equality_types_must_match)
{
    atv_spec a[] = { A(CN_, U8, "x") };
    atv_spec b[] = { A(OU_, U8, "x") };
    x509_name na = name_of(a, 1);
    x509_name nb = name_of(b, 1);
    ck_assert(!x509_name_equal(&na, &nb));
}
END_TEST

/* ------------------------------------------------------------ sink_name */

START_TEST(sink_name_json)
{
    atv_spec v[] = { A(O_, PS, "Example"), A(CN_, U8, "vcs.example.com"), A("1.2.3.4", ASN1_INTEGER, "\x07") };
    v[2].len = 1;
    x509_name n = name_of(v, 3);
    buf_t out = BUF_INIT;
    json_t j;
    x509_sink s;
    json_init(&j, &out);
    x509_sink_json(&s, &j);
    sink_obj(&s, NULL, NULL);
    sink_name(&s, "subject", "Subject", &n);
    sink_end_obj(&s);
    ck_assert_str_eq(buf_cstr(&out),
                     "{\"subject\":{\"rfc4514\":\"1.2.3.4=#020107,CN=vcs.example.com,O=Example\","
                     "\"oneline\":\"O = Example, CN = vcs.example.com, 1.2.3.4 = #020107\","
                     "\"rdns\":[[{\"oid\":\"2.5.4.10\",\"name\":\"O\",\"type\":\"PrintableString\",\"value\":\"Example\"}],"
                     "[{\"oid\":\"2.5.4.3\",\"name\":\"CN\",\"type\":\"UTF8String\",\"value\":\"vcs.example.com\"}],"
                     "[{\"oid\":\"1.2.3.4\",\"type\":\"INTEGER\",\"value\":{\"der\":\"020107\"}}]]}}");
    buf_free(&out);
}
END_TEST

START_TEST(sink_name_text)
{
    atv_spec v[] = { A(O_, PS, "Example"), A(CN_, U8, "x") };
    x509_name n = name_of(v, 2);
    buf_t out = BUF_INIT;
    x509_sink s;
    x509_text_state st;
    x509_sink_text(&s, &st, &out, 2);
    sink_name(&s, "subject", "Subject", &n);
    ck_assert_str_eq(buf_cstr(&out), "  Subject:\n      RFC 4514: CN=x,O=Example\n      One line: O = Example, CN = x\n");
    buf_free(&out);
}
END_TEST

Suite *suite_x509name(void)
{
    Suite *s = suite_create("x509name");
    TCase *t = tcase_create("forms");
    tcase_add_test(t, basic_forms);
    tcase_add_test(t, empty_name);
    tcase_add_test(t, escaping);
    tcase_add_test(t, nul_escaped);
    tcase_add_test(t, multi_valued);
    tcase_add_test(t, set_order_warning);
    tcase_add_test(t, string_types);
    tcase_add_test(t, unknown_and_nonstring);
    tcase_add_test(t, openssl_names);
    suite_add_tcase(s, t);
    t = tcase_create("validation");
    tcase_add_test(t, invalid_utf8_is_error);
    tcase_add_test(t, odd_bmp_is_error);
    tcase_add_test(t, structure_errors);
    tcase_add_test(t, warnings);
    tcase_add_test(t, empty_rdn_warns);
    suite_add_tcase(s, t);
    t = tcase_create("equality");
    tcase_add_test(t, equality);
    tcase_add_test(t, equality_multi_valued_order);
    tcase_add_test(t, equality_types_must_match);
    suite_add_tcase(s, t);
    t = tcase_create("sink");
    tcase_add_test(t, sink_name_json);
    tcase_add_test(t, sink_name_text);
    suite_add_tcase(s, t);
    return s;
}
