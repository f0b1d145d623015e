/* Unit tests for the extension decoders (x509/ext*.c) and the sink backends:
 * every decoder on good DER (most values made by `openssl req -x509 -addext ...`),
 * malformed values (malformed flag, warning offset and path), duplicates, unknown
 * critical extensions, the limit, the parsed helpers, IPv6 text, SCT lists, and
 * the JSON and text backends. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/ext_impl.h"

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

typedef struct ext_spec {
    const char *oid;        /* dotted */
    int crit;               /* 0 absent, 1 TRUE, 2 explicit FALSE */
    const char *hex;        /* extnValue content */
} ext_spec;

static uint8_t g_der[65536];
static size_t g_len;
static asn1_ctx g_ctx;
static x509_exts g_exts;

static void build(const ext_spec *v, size_t n)
{
    buf_t b = BUF_INIT;
    static uint8_t tmp[16384];
    size_t m = derw_begin(&b, ASN1_SEQUENCE);
    for (size_t i = 0; i < n; i++) {
        buf_t oid = BUF_INIT;
        ck_assert_int_eq(asn1_oid_from_text(v[i].oid, &oid), ASN1_OK);
        size_t e = derw_begin(&b, ASN1_SEQUENCE);
        derw_tlv(&b, ASN1_OID, oid.p, oid.len);
        if (v[i].crit)
            derw_tlv(&b, ASN1_BOOLEAN, v[i].crit == 1 ? "\xff" : "\x00", 1);
        size_t k = unhex(v[i].hex, tmp, sizeof tmp);
        derw_tlv(&b, ASN1_OCTET_STRING, tmp, k);
        derw_end(&b, e);
        buf_free(&oid);
    }
    derw_end(&b, m);
    ck_assert(!b.oom && b.len <= sizeof g_der);
    memcpy(g_der, b.p, b.len);
    g_len = b.len;
    buf_free(&b);
}

static asn1_err decode(const ext_spec *v, size_t n)
{
    build(v, n);
    asn1_ctx_init(&g_ctx, g_der, g_len);
    der_t c;
    der_init(&c, &g_ctx, NULL);
    return x509_exts_decode(&c, "extensions", &g_exts);
}

static char g_out[65536];

static const char *json_of(const x509_ext *e)
{
    buf_t b = BUF_INIT;
    json_t j;
    x509_sink s;
    json_init(&j, &b);
    x509_sink_json(&s, &j);
    x509_ext_describe(e, &s, &g_ctx);
    ck_assert_uint_eq(j.depth, 0);
    snprintf(g_out, sizeof g_out, "%s", buf_cstr(&b));
    buf_free(&b);
    return g_out;
}

static const char *text_of(const x509_ext *e)
{
    buf_t b = BUF_INIT;
    x509_text_state st;
    x509_sink s;
    x509_sink_text(&s, &st, &b, 0);
    x509_ext_describe(e, &s, &g_ctx);
    ck_assert_uint_eq(st.depth, 0);
    ck_assert_uint_eq(st.indent, 0);
    snprintf(g_out, sizeof g_out, "%s", buf_cstr(&b));
    buf_free(&b);
    return g_out;
}

/* The JSON of one extension (decoded alone) that must decode cleanly. */
static const char *one(const char *oid, int crit, const char *hex)
{
    ext_spec v[] = { { oid, crit, hex } };
    asn1_err r = decode(v, 1);
    ck_assert_msg(r == ASN1_OK, "%s: %s", g_ctx.err.path, g_ctx.err.msg);
    ck_assert_uint_eq(g_exts.n, 1);
    ck_assert_msg(!g_exts.v[0].malformed, "malformed: %s %s", g_ctx.nwarn ? g_ctx.warn[0].path : "",
                  g_ctx.nwarn ? g_ctx.warn[0].msg : "");
    return json_of(&g_exts.v[0]);
}

static bool has_warning(const char *path, const char *part)
{
    for (unsigned i = 0; i < g_ctx.nwarn; i++)
        if ((!path || strcmp(g_ctx.warn[i].path, path) == 0) && strstr(g_ctx.warn[i].msg, part))
            return true;
    return false;
}

static const asn1_diag *warning_at(const char *path)
{
    for (unsigned i = 0; i < g_ctx.nwarn; i++)
        if (strcmp(g_ctx.warn[i].path, path) == 0)
            return &g_ctx.warn[i];
    return NULL;
}

/* Absolute offset of the first occurrence of hex in the built DER. */
static size_t at(const char *hex)
{
    uint8_t pat[256];
    size_t n = unhex(hex, pat, sizeof pat);
    for (size_t i = 0; i + n <= g_len; i++)
        if (memcmp(g_der + i, pat, n) == 0)
            return i;
    ck_abort_msg("pattern %s not found", hex);
    return 0;
}

#define SAN "2.5.29.17"

/* Made by openssl: DNS, IPv4, IPv6, email, URI, RID, dirName, otherName UPN */
static const char san_hex[] =
    "3081a8820b6578616d706c652e636f6d8704c0000201871020010db8000000000000000000000001810d61406578616d706c"
    "652e636f6d861568747470733a2f2f6578616d706c652e636f6d2f7888032a0304a4343032310b30090603550406130255"
    "533110300e060355040a0c07446972204f72673111300f06035504030c08446972204e616d65a020060a2b060104018237"
    "140203a0120c1075736572406578616d706c652e636f6d";

/* ------------------------------------------------------------ general names */

START_TEST(san_all_forms)
{
    ck_assert_str_eq(one(SAN, 0, san_hex),
        "{\"oid\":\"2.5.29.17\",\"name\":\"subjectAltName\",\"critical\":false,\"value\":["
        "{\"type\":\"dns\",\"value\":\"example.com\"},"
        "{\"type\":\"ip\",\"value\":\"192.0.2.1\"},"
        "{\"type\":\"ip\",\"value\":\"2001:db8::1\"},"
        "{\"type\":\"email\",\"value\":\"a@example.com\"},"
        "{\"type\":\"uri\",\"value\":\"https://example.com/x\"},"
        "{\"type\":\"rid\",\"value\":\"1.2.3.4\"},"
        "{\"type\":\"dirname\",\"value\":{\"rfc4514\":\"CN=Dir Name,O=Dir Org,C=US\","
        "\"oneline\":\"C = US, O = Dir Org, CN = Dir Name\",\"rdns\":["
        "[{\"oid\":\"2.5.4.6\",\"name\":\"C\",\"type\":\"PrintableString\",\"value\":\"US\"}],"
        "[{\"oid\":\"2.5.4.10\",\"name\":\"O\",\"type\":\"UTF8String\",\"value\":\"Dir Org\"}],"
        "[{\"oid\":\"2.5.4.3\",\"name\":\"CN\",\"type\":\"UTF8String\",\"value\":\"Dir Name\"}]]}},"
        "{\"type\":\"othername\",\"value\":{\"oid\":\"1.3.6.1.4.1.311.20.2.3\",\"name\":\"msUPN\","
        "\"value\":\"user@example.com\"}}]}");
    ck_assert_str_eq(text_of(&g_exts.v[0]),
        "- Extension: subjectAltName\n"
        "  Critical: false\n"
        "  Value:\n"
        "      DNS: example.com\n"
        "      IP Address: 192.0.2.1\n"
        "      IP Address: 2001:db8::1\n"
        "      email: a@example.com\n"
        "      URI: https://example.com/x\n"
        "      Registered ID: 1.2.3.4\n"
        "      DirName: CN=Dir Name,O=Dir Org,C=US\n"
        "      Other name (msUPN): user@example.com\n");
}
END_TEST

static void collect_gname(void *arg, const x509_gname *g)
{
    buf_t *b = arg;
    buf_u64(b, g->type);
    buf_putc(b, ':');
    buf_u64(b, g->value.len);
    buf_putc(b, ' ');
}

START_TEST(san_helpers)
{
    one(SAN, 0, san_hex);
    buf_t b = BUF_INIT;
    ck_assert_int_eq(x509_ext_gnames_each(&g_exts.v[0], &g_ctx, collect_gname, &b), ASN1_OK);
    ck_assert_str_eq(buf_cstr(&b), "2:11 7:4 7:16 1:13 6:21 8:3 4:52 0:32 ");
    buf_free(&b);
    /* x509_general_names_describe: the same list, straight from a cursor */
    buf_t out = BUF_INIT;
    json_t j;
    x509_sink s;
    json_init(&j, &out);
    x509_sink_json(&s, &j);
    der_t c;
    der_init_span(&c, &g_ctx, g_exts.v[0].value, "extnValue");
    sink_obj(&s, NULL, NULL);
    ck_assert_int_eq(x509_general_names_describe(&c, &s, "subject_alt_names", NULL), ASN1_OK);
    sink_end_obj(&s);
    ck_assert(der_empty(&c));
    const char *want = "{\"subject_alt_names\":[{\"type\":\"dns\",\"value\":\"example.com\"},";
    ck_assert_msg(strncmp(buf_cstr(&out), want, strlen(want)) == 0, "got %s", buf_cstr(&out));
    buf_free(&out);
}
END_TEST

START_TEST(othernames_decoded)
{
    /* xmppAddr, SRVName, PermanentIdentifier {identifierValue "42", assigner 1.2.3.4}, 1.2.3.5 [INTEGER 7] */
    const char *h2 =
        "305d"
        "a01906082b06010505070805a00d0c0b6a6964406578616d706c65"
        "a01a06082b06010505070807a00e160c5f7369702e6578616d706c65"
        "a01806082b06010505070803a00c300a0c02343206042a030405"
        "a00a06032a0305a003020107";
    ck_assert_str_eq(one(SAN, 0, h2),
        "{\"oid\":\"2.5.29.17\",\"name\":\"subjectAltName\",\"critical\":false,\"value\":["
        "{\"type\":\"othername\",\"value\":{\"oid\":\"1.3.6.1.5.5.7.8.5\",\"name\":\"xmppAddr\",\"value\":\"jid@example\"}},"
        "{\"type\":\"othername\",\"value\":{\"oid\":\"1.3.6.1.5.5.7.8.7\",\"name\":\"SRVName\",\"value\":\"_sip.example\"}},"
        "{\"type\":\"othername\",\"value\":{\"oid\":\"1.3.6.1.5.5.7.8.3\",\"name\":\"permanentIdentifier\","
        "\"value\":{\"identifier_value\":\"42\",\"assigner\":\"1.2.3.4.5\"}}},"
        "{\"type\":\"othername\",\"value\":{\"oid\":\"1.2.3.5\",\"value\":{\"der\":\"020107\"}}}]}");
}
END_TEST

START_TEST(x400_edi)
{
    /* x400Address [3] (shown as DER), ediPartyName [5] { [0] { PrintableString "as" }, [1] { UTF8String "party" } } */
    ck_assert_str_eq(one(SAN, 0, "3017a30430020500a50fa00413026173a1070c057061727479"),
        "{\"oid\":\"2.5.29.17\",\"name\":\"subjectAltName\",\"critical\":false,\"value\":["
        "{\"type\":\"x400\",\"value\":{\"der\":\"a30430020500\"}},"
        "{\"type\":\"edipartyname\",\"value\":{\"name_assigner\":\"as\",\"party_name\":\"party\"}}]}");
}
END_TEST

START_TEST(san_malformed)
{
    /* [9] is not a GeneralName: the extension is malformed, decoding goes on */
    ext_spec v[] = { { SAN, 0, "3006820161890141" }, { "2.5.29.19", 1, "30030101ff" } };
    ck_assert_int_eq(decode(v, 2), ASN1_OK);
    ck_assert_uint_eq(g_exts.n, 2);
    ck_assert(g_exts.v[0].malformed);
    ck_assert(!g_exts.v[1].malformed);
    const asn1_diag *w = warning_at("extensions[0].extnValue[1]");
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(w->offset, at("890141"));
    ck_assert(strstr(w->msg, "malformed subjectAltName extension") != NULL);
    ck_assert(strstr(w->msg, "not a GeneralName") != NULL);
    ck_assert_str_eq(json_of(&g_exts.v[0]),
        "{\"oid\":\"2.5.29.17\",\"name\":\"subjectAltName\",\"critical\":false,\"malformed\":true,"
        "\"value\":{\"der\":\"3006820161890141\"}}");
    /* x509_general_names_describe reports the error and writes nothing */
    buf_t out = BUF_INIT;
    json_t j;
    x509_sink s;
    json_init(&j, &out);
    x509_sink_json(&s, &j);
    der_t c;
    asn1_ctx_clear_error(&g_ctx);
    der_init_span(&c, &g_ctx, g_exts.v[0].value, "extnValue");
    ck_assert_int_eq(x509_general_names_describe(&c, &s, NULL, NULL), ASN1_E_TAG);
    ck_assert_str_eq(g_ctx.err.path, "extnValue[1]");
    ck_assert_uint_eq(out.len, 0);
    buf_free(&out);
    /* a bad IP length is a warning, shown as hex */
    ck_assert_str_eq(one(SAN, 0, "30058703010203"),
        "{\"oid\":\"2.5.29.17\",\"name\":\"subjectAltName\",\"critical\":false,\"value\":["
        "{\"type\":\"ip\",\"value\":\"010203\"}]}");
    ck_assert(has_warning("extensions[0].extnValue[0]", "iPAddress of 3 octets"));
}
END_TEST

START_TEST(ipv6_text)
{
    static const struct { const char *hex, *want; } t[] = {
        { "20010db8000000000000000000000001", "2001:db8::1" },
        { "00000000000000000000000000000000", "::" },
        { "00000000000000000000000000000001", "::1" },
        { "20010db8000000000001000000000001", "2001:db8::1:0:0:1" },
        { "20010000000000010000000000000001", "2001:0:0:1::1" },
        { "00010000000100000001000000010000", "1:0:1:0:1:0:1:0" },
        { "00000000000000000000ffffc0000201", "::ffff:192.0.2.1" },
        { "fe800000000000000000000000000000", "fe80::" },
        { "20010db8aaaabbbbccccddddeeeeffff", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff" },
        { "20010db8000000000000000100000000", "2001:db8::1:0:0" },
        { "c0a80001", "192.168.0.1" },
        { "0a000000", "10.0.0.0" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint8_t b[16];
        size_t n = unhex(t[i].hex, b, sizeof b);
        buf_t out = BUF_INIT;
        x509_ip_text(b, n, &out);
        ck_assert_msg(strcmp(buf_cstr(&out), t[i].want) == 0, "%s: got %s", t[i].hex, buf_cstr(&out));
        buf_free(&out);
    }
}
END_TEST

START_TEST(name_constraints)
{
    ck_assert_str_eq(one("2.5.29.30", 1,
        "3053a01b300d820b6578616d706c652e636f6d300a87080a000000ff000000a1343022872020010db800000000000000"
        "0000000000ffffffff000000000000000000000000300e810c2e6261642e6578616d706c65"),
        "{\"oid\":\"2.5.29.30\",\"name\":\"nameConstraints\",\"critical\":true,\"value\":{"
        "\"permitted\":[{\"base\":{\"type\":\"dns\",\"value\":\"example.com\"}},"
        "{\"base\":{\"type\":\"ip\",\"value\":\"10.0.0.0/8\"}}],"
        "\"excluded\":[{\"base\":{\"type\":\"ip\",\"value\":\"2001:db8::/32\"}},"
        "{\"base\":{\"type\":\"email\",\"value\":\".bad.example\"}}]}}");
    ck_assert_str_eq(text_of(&g_exts.v[0]),
        "- Extension: nameConstraints\n"
        "  Critical: true\n"
        "  Value:\n"
        "      Permitted:\n"
        "          DNS: example.com\n"
        "          IP Address: 10.0.0.0/8\n"
        "      Excluded:\n"
        "          IP Address: 2001:db8::/32\n"
        "          email: .bad.example\n");
    /* CIDR masks: no warning */
    ck_assert(!has_warning(NULL, "non-contiguous"));
    /* a mask that is not contiguous is shown as address/mask, with a warning (RFC 5280
     * 4.2.1.10 wants a CIDR range) at the iPAddress */
    ck_assert(strstr(one("2.5.29.30", 1, "300ea00c300a87080a000000ff00ff00"), "\"10.0.0.0/255.0.255.0\"") != NULL);
    const asn1_diag *mw = warning_at("extensions[0].extnValue.permittedSubtrees[0][0]");
    ck_assert_ptr_nonnull(mw);
    ck_assert(strstr(mw->msg, "non-contiguous mask 255.0.255.0") != NULL);
    ck_assert_uint_eq(mw->offset, at("87080a000000ff00ff00"));
    /* IPv6 too: ffff:0:ffff:: is not a prefix */
    one("2.5.29.30", 1, "3026a0243022872000000000000000000000000000000000ffff0000ffff00000000000000000000");
    ck_assert(has_warning("extensions[0].extnValue.permittedSubtrees[0][0]", "non-contiguous mask ffff:0:ffff::"));
    /* minimum 0 encoded (a DEFAULT) and a maximum: warnings */
    ck_assert(strstr(one("2.5.29.30", 1, "300da00b3009820178800100810102"),
                     "{\"base\":{\"type\":\"dns\",\"value\":\"x\"},\"minimum\":0,\"maximum\":2}") != NULL);
    ck_assert(has_warning("extensions[0].extnValue.permittedSubtrees[0].minimum", "DEFAULT"));
    ck_assert(has_warning("extensions[0].extnValue.permittedSubtrees[0].maximum", "must be absent"));
}
END_TEST

/* ------------------------------------------------------------ the small ones */

START_TEST(key_usage)
{
    ck_assert_str_eq(one("2.5.29.15", 1, "030202a4"),
        "{\"oid\":\"2.5.29.15\",\"name\":\"keyUsage\",\"critical\":true,\"value\":"
        "[\"digitalSignature\",\"keyEncipherment\",\"keyCertSign\"]}");
    uint16_t bits = 0;
    ck_assert_int_eq(x509_ext_key_usage(&g_exts.v[0], &g_ctx, &bits), ASN1_OK);
    ck_assert_uint_eq(bits, (1u << 0) | (1u << 2) | (1u << 5));
    /* decipherOnly is bit 8: a second octet */
    ck_assert(strstr(one("2.5.29.15", 1, "03030780 80"), "[\"digitalSignature\",\"decipherOnly\"]") != NULL);
    ck_assert_int_eq(x509_ext_key_usage(&g_exts.v[0], &g_ctx, &bits), ASN1_OK);
    ck_assert_uint_eq(bits, 0x101);
    /* trailing zero bits (not DER) and no bit set: warnings */
    one("2.5.29.15", 1, "03020000");
    ck_assert(has_warning("extensions[0].extnValue", "no bit set"));
    ck_assert(has_warning("extensions[0].extnValue", "trailing zero bits"));
    ck_assert_str_eq(x509_key_usage_names[8], "decipherOnly");
}
END_TEST

static void collect_oid(void *arg, span_t oid)
{
    char t[64];
    ck_assert_int_eq(x509_oid_to_text(oid, t, sizeof t), ASN1_OK);
    buf_puts(arg, t);
    buf_putc(arg, ' ');
}

START_TEST(eku)
{
    ck_assert_str_eq(one("2.5.29.37", 0, "301a06082b0601050507030106082b0601050507030206042a030405"),
        "{\"oid\":\"2.5.29.37\",\"name\":\"extKeyUsage\",\"critical\":false,\"value\":"
        "[\"1.3.6.1.5.5.7.3.1\",\"1.3.6.1.5.5.7.3.2\",\"1.2.3.4.5\"]}");
    ck_assert_str_eq(text_of(&g_exts.v[0]),
        "- Extension: extKeyUsage\n  Critical: false\n  Value:\n"
        "      serverAuth: 1.3.6.1.5.5.7.3.1\n      clientAuth: 1.3.6.1.5.5.7.3.2\n      1.2.3.4.5\n");
    buf_t b = BUF_INIT;
    ck_assert_int_eq(x509_ext_eku_each(&g_exts.v[0], &g_ctx, collect_oid, &b), ASN1_OK);
    ck_assert_str_eq(buf_cstr(&b), "1.3.6.1.5.5.7.3.1 1.3.6.1.5.5.7.3.2 1.2.3.4.5 ");
    buf_free(&b);
}
END_TEST

START_TEST(basic_constraints)
{
    ck_assert_str_eq(one("2.5.29.19", 1, "30060101ff020102"),
        "{\"oid\":\"2.5.29.19\",\"name\":\"basicConstraints\",\"critical\":true,\"value\":{\"ca\":true,\"path_len\":2}}");
    x509_bc bc;
    ck_assert_int_eq(x509_ext_basic_constraints(&g_exts.v[0], &g_ctx, &bc), ASN1_OK);
    ck_assert(bc.present && bc.ca);
    ck_assert_int_eq(bc.path_len, 2);
    ck_assert_str_eq(one("2.5.29.19", 1, "3000"),
        "{\"oid\":\"2.5.29.19\",\"name\":\"basicConstraints\",\"critical\":true,\"value\":{\"ca\":false,\"path_len\":null}}");
    ck_assert_int_eq(x509_ext_basic_constraints(&g_exts.v[0], &g_ctx, &bc), ASN1_OK);
    ck_assert(bc.present && !bc.ca && bc.path_len == -1);
    /* explicit FALSE: a warning */
    one("2.5.29.19", 0, "3003010100");
    ck_assert(has_warning("extensions[0].extnValue.cA", "DEFAULT"));
    /* a negative pathLenConstraint: malformed, with the path and offset */
    ext_spec v[] = { { "2.5.29.19", 1, "30060101ff0201ff" } };
    ck_assert_int_eq(decode(v, 1), ASN1_OK);
    ck_assert(g_exts.v[0].malformed);
    const asn1_diag *w = warning_at("extensions[0].extnValue.pathLenConstraint");
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(w->offset, at("0201ff"));
    asn1_ctx_clear_error(&g_ctx);
    ck_assert_int_eq(x509_ext_basic_constraints(&g_exts.v[0], &g_ctx, &bc), ASN1_E_VALUE);
    ck_assert_str_eq(g_ctx.err.path, "extnValue.pathLenConstraint");
}
END_TEST

START_TEST(key_identifiers)
{
    ck_assert_str_eq(one("2.5.29.14", 0, "0414a44a94a5228d2f29314e03a0b08d6272768a06b0"),
        "{\"oid\":\"2.5.29.14\",\"name\":\"subjectKeyIdentifier\",\"critical\":false,"
        "\"value\":\"a44a94a5228d2f29314e03a0b08d6272768a06b0\"}");
    span_t id;
    ck_assert_int_eq(x509_ext_ski(&g_exts.v[0], &g_ctx, &id), ASN1_OK);
    ck_assert_uint_eq(id.len, 20);
    ck_assert_uint_eq(id.p[0], 0xa4);
    ck_assert_str_eq(one("2.5.29.35", 0,
        "30458014a44a94a5228d2f29314e03a0b08d6272768a06b0a117a41530133111300f06035504030c0865787420746573"
        "74821462d1cb100b78f7796c9111008a8186590479233e"),
        "{\"oid\":\"2.5.29.35\",\"name\":\"authorityKeyIdentifier\",\"critical\":false,\"value\":{"
        "\"key_id\":\"a44a94a5228d2f29314e03a0b08d6272768a06b0\","
        "\"issuer\":[{\"type\":\"dirname\",\"value\":{\"rfc4514\":\"CN=ext test\",\"oneline\":\"CN = ext test\","
        "\"rdns\":[[{\"oid\":\"2.5.4.3\",\"name\":\"CN\",\"type\":\"UTF8String\",\"value\":\"ext test\"}]]}}],"
        "\"serial\":\"62d1cb100b78f7796c9111008a8186590479233e\"}}");
    ck_assert_int_eq(x509_ext_aki(&g_exts.v[0], &g_ctx, &id), ASN1_OK);
    ck_assert_uint_eq(id.len, 20);
    /* issuer without serial: warning */
    one("2.5.29.35", 0, "3012a110a40e300c310a300806035504030c0178");
    ck_assert(has_warning(NULL, "both present or both absent"));
}
END_TEST

START_TEST(policies)
{
    ck_assert_str_eq(one("2.5.29.32", 0,
        "3070306406092b06010401868d1f013057302206082b060105050702011616687474703a2f2f6370732e6578616d706c"
        "652e636f6d303106082b06010505070202302530121a084f7267204e616d6530060201010201021a0f4578706c6963"
        "6974206e6f746963653008060667810c010201"),
        "{\"oid\":\"2.5.29.32\",\"name\":\"certificatePolicies\",\"critical\":false,\"value\":["
        "{\"policy\":\"1.3.6.1.4.1.99999.1\",\"qualifiers\":["
        "{\"type\":\"cps\",\"value\":\"http://cps.example.com\"},"
        "{\"type\":\"user_notice\",\"notice_ref\":{\"organization\":\"Org Name\",\"notice_numbers\":[1,2]},"
        "\"explicit_text\":\"Explicit notice\"}]},"
        "{\"policy\":\"2.23.140.1.2.1\",\"name\":\"domain-validated\"}]}");
    /* the same policy twice: a warning */
    one("2.5.29.32", 0, "3010300606042a030405300606042a030405");
    ck_assert(has_warning("extensions[0].extnValue.policies[1].policyIdentifier", "more than once"));
    /* Microsoft application policies: same syntax */
    ck_assert(strstr(one("1.3.6.1.4.1.311.21.10", 0, "300c300a06082b06010505070301"),
                     "\"name\":\"msApplicationPolicies\",\"critical\":false,\"value\":[{\"policy\":\"1.3.6.1.5.5.7.3.1\","
                     "\"name\":\"serverAuth\"}]") != NULL);
}
END_TEST

START_TEST(policy_misc)
{
    ck_assert_str_eq(one("2.5.29.33", 0, "300c300a06032a030406032a0305"),
        "{\"oid\":\"2.5.29.33\",\"name\":\"policyMappings\",\"critical\":false,\"value\":"
        "[{\"issuer_domain\":\"1.2.3.4\",\"subject_domain\":\"1.2.3.5\"}]}");
    ck_assert_str_eq(one("2.5.29.36", 1, "3006800101810102"),
        "{\"oid\":\"2.5.29.36\",\"name\":\"policyConstraints\",\"critical\":true,\"value\":"
        "{\"require_explicit_policy\":1,\"inhibit_policy_mapping\":2}}");
    ck_assert_str_eq(one("2.5.29.36", 1, "3003810100"),
        "{\"oid\":\"2.5.29.36\",\"name\":\"policyConstraints\",\"critical\":true,\"value\":"
        "{\"require_explicit_policy\":null,\"inhibit_policy_mapping\":0}}");
    ck_assert_str_eq(one("2.5.29.54", 1, "020103"),
        "{\"oid\":\"2.5.29.54\",\"name\":\"inhibitAnyPolicy\",\"critical\":true,\"value\":3}");
    /* inhibitAnyPolicy INTEGER with no content octets: malformed */
    ext_spec v[] = { { "2.5.29.54", 1, "0201" } };
    ck_assert_int_eq(decode(v, 1), ASN1_OK);
    ck_assert(g_exts.v[0].malformed);
    ck_assert_ptr_nonnull(warning_at("extensions[0].extnValue"));
    ck_assert_uint_eq(warning_at("extensions[0].extnValue")->offset, g_len - 2);
}
END_TEST

static void collect_uri(void *arg, span_t uri)
{
    buf_put(arg, uri.p, uri.len);
    buf_putc(arg, ' ');
}

START_TEST(access_exts)
{
    ck_assert_str_eq(one("1.3.6.1.5.5.7.1.1", 0,
        "304f302306082b060105050730018617687474703a2f2f6f6373702e6578616d706c652e636f6d302806082b060105050730"
        "02861c687474703a2f2f63612e6578616d706c652e636f6d2f63612e637274"),
        "{\"oid\":\"1.3.6.1.5.5.7.1.1\",\"name\":\"authorityInfoAccess\",\"critical\":false,\"value\":["
        "{\"method\":\"1.3.6.1.5.5.7.48.1\",\"method_name\":\"OCSP\",\"location\":{\"type\":\"uri\",\"value\":\"http://ocsp.example.com\"}},"
        "{\"method\":\"1.3.6.1.5.5.7.48.2\",\"method_name\":\"caIssuers\",\"location\":{\"type\":\"uri\",\"value\":\"http://ca.example.com/ca.crt\"}}]}");
    buf_t b = BUF_INIT;
    ck_assert_int_eq(x509_ext_aia_each(&g_exts.v[0], &g_ctx, OID_ad_caIssuers, collect_uri, &b), ASN1_OK);
    ck_assert_str_eq(buf_cstr(&b), "http://ca.example.com/ca.crt ");
    buf_reset(&b);
    ck_assert_int_eq(x509_ext_aia_each(&g_exts.v[0], &g_ctx, OID_ad_ocsp, collect_uri, &b), ASN1_OK);
    ck_assert_str_eq(buf_cstr(&b), "http://ocsp.example.com ");
    ck_assert_str_eq(text_of(&g_exts.v[0]),
        "- Extension: authorityInfoAccess\n  Critical: false\n  Value:\n"
        "      - Method: OCSP\n        URI: http://ocsp.example.com\n"
        "      - Method: caIssuers\n        URI: http://ca.example.com/ca.crt\n");
    /* CRL distribution points */
    buf_reset(&b);
    ck_assert_str_eq(one("2.5.29.31", 0, "30243022a020a01e861c687474703a2f2f63726c2e6578616d706c652e636f6d2f612e63726c"),
        "{\"oid\":\"2.5.29.31\",\"name\":\"cRLDistributionPoints\",\"critical\":false,\"value\":["
        "{\"full_name\":[{\"type\":\"uri\",\"value\":\"http://crl.example.com/a.crl\"}]}]}");
    ck_assert_int_eq(x509_ext_crldp_each(&g_exts.v[0], &g_ctx, collect_uri, &b), ASN1_OK);
    ck_assert_str_eq(buf_cstr(&b), "http://crl.example.com/a.crl ");
    buf_free(&b);
    /* reasons, cRLIssuer, nameRelativeToCRLIssuer (freshestCRL) */
    ck_assert_str_eq(one("2.5.29.46", 0, "301e301ca00fa10d300b06035504030c0470617274" "81020560" "a2058603682f78"),
        "{\"oid\":\"2.5.29.46\",\"name\":\"freshestCRL\",\"critical\":false,\"value\":[{"
        "\"name_relative_to_crl_issuer\":[{\"oid\":\"2.5.4.3\",\"name\":\"CN\",\"type\":\"UTF8String\",\"value\":\"part\"}],"
        "\"reasons\":[\"keyCompromise\",\"cACompromise\"],"
        "\"crl_issuer\":[{\"type\":\"uri\",\"value\":\"h/x\"}]}]}");
}
END_TEST

START_TEST(misc_small)
{
    ck_assert_str_eq(one("1.3.6.1.5.5.7.1.24", 0, "3003020105"),
        "{\"oid\":\"1.3.6.1.5.5.7.1.24\",\"name\":\"tlsFeature\",\"critical\":false,\"value\":[\"status_request\"]}");
    ck_assert_str_eq(one("2.16.840.1.113730.1.1", 0, "030202f4"),
        "{\"oid\":\"2.16.840.1.113730.1.1\",\"name\":\"nsCertType\",\"critical\":false,\"value\":"
        "[\"SSL Client\",\"SSL Server\",\"S/MIME\",\"Object Signing\",\"SSL CA\"]}");
    ck_assert_str_eq(one("2.16.840.1.113730.1.13", 0, "160b68656c6c6f20776f726c64"),
        "{\"oid\":\"2.16.840.1.113730.1.13\",\"name\":\"nsComment\",\"critical\":false,\"value\":\"hello world\"}");
    ck_assert_str_eq(one("1.3.6.1.5.5.7.48.1.5", 0, "0500"),
        "{\"oid\":\"1.3.6.1.5.5.7.48.1.5\",\"name\":\"ocspNoCheck\",\"critical\":false,\"value\":null}");
    ck_assert_str_eq(one("1.3.6.1.4.1.11129.2.4.3", 1, "0500"),
        "{\"oid\":\"1.3.6.1.4.1.11129.2.4.3\",\"name\":\"ctPrecertificatePoison\",\"critical\":true,\"value\":null}");
    /* Microsoft: template name (BMPString "WebServer"), template, CA version V2.1 */
    ck_assert_str_eq(one("1.3.6.1.4.1.311.20.2", 0, "1e12005700650062005300650072007600650072"),
        "{\"oid\":\"1.3.6.1.4.1.311.20.2\",\"name\":\"msCertificateTemplateName\",\"critical\":false,\"value\":\"WebServer\"}");
    ck_assert_str_eq(one("1.3.6.1.4.1.311.21.7", 0, "300b06032a0304020164020100"),
        "{\"oid\":\"1.3.6.1.4.1.311.21.7\",\"name\":\"msCertificateTemplate\",\"critical\":false,\"value\":"
        "{\"template\":\"1.2.3.4\",\"major\":100,\"minor\":0}}");
    ck_assert_str_eq(one("1.3.6.1.4.1.311.21.1", 0, "0203010002"),
        "{\"oid\":\"1.3.6.1.4.1.311.21.1\",\"name\":\"msCAVersion\",\"critical\":false,\"value\":"
        "{\"cert_index\":2,\"key_index\":1}}");
}
END_TEST

START_TEST(qc_and_pkup)
{
    /* QcCompliance; QcType [web]; QcRetentionPeriod 15; an unknown statement with info */
    ck_assert_str_eq(one("1.3.6.1.5.5.7.1.3", 0,
        "3036" "3008060604008e460101" "3013060604008e4601063009060704008e46010603" "300b060604008e46010302010f"
        "3008" "06032a0305" "020107"),
        "{\"oid\":\"1.3.6.1.5.5.7.1.3\",\"name\":\"qcStatements\",\"critical\":false,\"value\":["
        "{\"oid\":\"0.4.0.1862.1.1\",\"name\":\"QcCompliance\"},"
        "{\"oid\":\"0.4.0.1862.1.6\",\"name\":\"QcType\",\"info\":[\"0.4.0.1862.1.6.3\"]},"
        "{\"oid\":\"0.4.0.1862.1.3\",\"name\":\"QcRetentionPeriod\",\"info\":15},"
        "{\"oid\":\"1.2.3.5\",\"info\":{\"der\":\"020107\"}}]}");
    /* privateKeyUsagePeriod */
    ck_assert_str_eq(one("2.5.29.16", 0, "3022800f32303234303130313030303030305a810f32303236303130313030303030305a"),
        "{\"oid\":\"2.5.29.16\",\"name\":\"privateKeyUsagePeriod\",\"critical\":false,\"value\":"
        "{\"not_before\":\"2024-01-01T00:00:00Z\",\"not_after\":\"2026-01-01T00:00:00Z\"}}");
    /* subjectDirectoryAttributes: dateOfBirth, countryOfCitizenship */
    ck_assert_str_eq(one("2.5.29.9", 0,
        "3031" "301d06082b06010505070901" "3111180f31393730303130313132303030305a"
        "301006082b06010505070904" "310413024445"),
        "{\"oid\":\"2.5.29.9\",\"name\":\"subjectDirectoryAttributes\",\"critical\":false,\"value\":["
        "{\"oid\":\"1.3.6.1.5.5.7.9.1\",\"name\":\"dateOfBirth\",\"values\":[\"1970-01-01T12:00:00Z\"]},"
        "{\"oid\":\"1.3.6.1.5.5.7.9.4\",\"name\":\"countryOfCitizenship\",\"values\":[\"DE\"]}]}");
}
END_TEST

START_TEST(crl_extensions)
{
    ck_assert_str_eq(one("2.5.29.20", 0, "02020100"),
        "{\"oid\":\"2.5.29.20\",\"name\":\"cRLNumber\",\"critical\":false,\"value\":\"256\"}");
    ck_assert_str_eq(one("2.5.29.27", 1, "020900ffffffffffffffff"),
        "{\"oid\":\"2.5.29.27\",\"name\":\"deltaCRLIndicator\",\"critical\":true,\"value\":\"18446744073709551615\"}");
    ck_assert_str_eq(one("2.5.29.21", 0, "0a0101"),
        "{\"oid\":\"2.5.29.21\",\"name\":\"reasonCode\",\"critical\":false,\"value\":\"keyCompromise\"}");
    ck_assert_str_eq(one("2.5.29.21", 0, "0a0108"),
        "{\"oid\":\"2.5.29.21\",\"name\":\"reasonCode\",\"critical\":false,\"value\":\"removeFromCRL\"}");
    ck_assert_str_eq(one("2.5.29.21", 0, "0a0107"),
        "{\"oid\":\"2.5.29.21\",\"name\":\"reasonCode\",\"critical\":false,\"value\":\"7\"}");
    ck_assert(has_warning("extensions[0].extnValue", "CRLReason 7 is not defined"));
    ck_assert_str_eq(one("2.5.29.24", 0, "180f32303234303630313132303030305a"),
        "{\"oid\":\"2.5.29.24\",\"name\":\"invalidityDate\",\"critical\":false,\"value\":\"2024-06-01T12:00:00Z\"}");
    ck_assert_str_eq(one("2.5.29.23", 0, "06072a8648ce380202"),
        "{\"oid\":\"2.5.29.23\",\"name\":\"holdInstructionCode\",\"critical\":false,\"value\":"
        "{\"oid\":\"1.2.840.10040.2.2\",\"name\":\"holdInstructionCallIssuer\"}}");
    /* IDP: fullName URI, onlyContainsUserCerts, onlySomeReasons {keyCompromise, cACompromise} */
    ck_assert_str_eq(one("2.5.29.28", 1, "3018a00fa00d860b687474703a2f2f632f612e8101ff83020560"),
        "{\"oid\":\"2.5.29.28\",\"name\":\"issuingDistributionPoint\",\"critical\":true,\"value\":{"
        "\"full_name\":[{\"type\":\"uri\",\"value\":\"http://c/a.\"}],"
        "\"only_some_reasons\":[\"keyCompromise\",\"cACompromise\"],"
        "\"only_user_certs\":true,\"only_ca_certs\":false,\"indirect_crl\":false,\"only_attribute_certs\":false}}");
    ck_assert_str_eq(one("2.5.29.29", 1, "300d820b6578616d706c652e636f6d"),
        "{\"oid\":\"2.5.29.29\",\"name\":\"certificateIssuer\",\"critical\":true,\"value\":"
        "[{\"type\":\"dns\",\"value\":\"example.com\"}]}");
}
END_TEST

/* ------------------------------------------------------------ SCTs */

static const char sct_hex[] =
    "0481f000ee007500b73efb24df9c4dba75f239c5ba58f46c5dfc42cf7a9f35c49e1d098125edb4990000018ae2e2ba5500"
    "000403004630440220585339f4b40a59224dfea15b43dacf4a9e5c56258a66c9024d3b2735be551766022063a444499e93"
    "16746b7c15de10bad98d9dfd86093a13232adadd52c4b0fa9b1f0075007a328c54d8b72db620ea38e0521ee98416703213"
    "854d3bd22bc13a57a352eb520000018ae2e2ba94000004030046304402205f12bf5b656a304285e5e2a9f255d3b1b29180"
    "951cc18fd217b7307c6522df3d02207e1539c138dfa1539069465a688a4d4d8e0f1080b19c739b9fbb0078f3208e5a";

START_TEST(sct_list)
{
    ck_assert_str_eq(one("1.3.6.1.4.1.11129.2.4.2", 0, sct_hex),
        "{\"oid\":\"1.3.6.1.4.1.11129.2.4.2\",\"name\":\"ctPrecertificateSCTs\",\"critical\":false,\"value\":["
        "{\"version\":1,\"log_id\":\"b73efb24df9c4dba75f239c5ba58f46c5dfc42cf7a9f35c49e1d098125edb499\","
        "\"timestamp\":\"2023-09-29T21:40:24.277Z\",\"hash_algorithm\":\"sha256\",\"signature_algorithm\":\"ecdsa\","
        "\"signature_length\":70},"
        "{\"version\":1,\"log_id\":\"7a328c54d8b72db620ea38e0521ee98416703213854d3bd22bc13a57a352eb52\","
        "\"timestamp\":\"2023-09-29T21:40:24.340Z\",\"hash_algorithm\":\"sha256\",\"signature_algorithm\":\"ecdsa\","
        "\"signature_length\":70}]}");
}
END_TEST

START_TEST(sct_malformed)
{
    /* the second SCT's signature vector claims 0x47 octets: past the end of the SCT */
    char bad[sizeof sct_hex];
    memcpy(bad, sct_hex, sizeof sct_hex);
    char *p = strstr(bad + 300, "0403004630");     /* the second SCT's algorithm + length */
    ck_assert_ptr_nonnull(p);
    p[7] = '7';
    ext_spec v[] = { { "1.3.6.1.4.1.11129.2.4.2", 0, bad } };
    ck_assert_int_eq(decode(v, 1), ASN1_OK);
    ck_assert(g_exts.v[0].malformed);
    const asn1_diag *w = warning_at("extensions[0].extnValue.sctList[1].signature");
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(w->offset, at("0047304402205f12"));
    ck_assert(strstr(w->msg, "runs past the end") != NULL);
    /* the list length larger than the OCTET STRING */
    ext_spec v2[] = { { "1.3.6.1.4.1.11129.2.4.2", 0, "040400100000" } };
    ck_assert_int_eq(decode(v2, 1), ASN1_OK);
    ck_assert(g_exts.v[0].malformed);
    ck_assert_ptr_nonnull(warning_at("extensions[0].extnValue.sctList"));
    /* an SCT of a later version: shown as data */
    ck_assert_str_eq(one("1.3.6.1.4.1.11129.2.4.2", 0, "0407000500030102ff"),
        "{\"oid\":\"1.3.6.1.4.1.11129.2.4.2\",\"name\":\"ctPrecertificateSCTs\",\"critical\":false,\"value\":["
        "{\"version\":2,\"der\":\"0102ff\"}]}");
    /* ... and said: RFC 6962 defines v1 only (at the version octet) */
    const asn1_diag *vw = warning_at("extensions[0].extnValue.sctList[0].version");
    ck_assert_ptr_nonnull(vw);
    ck_assert(strstr(vw->msg, "unknown SCT version v2") != NULL);
    ck_assert_uint_eq(vw->offset, at("0102ff"));
    /* v1 SCTs get no such warning */
    one("1.3.6.1.4.1.11129.2.4.2", 0, sct_hex);
    ck_assert(!has_warning(NULL, "SCT version"));
    /* every prefix of the list: an error, never a crash */
    uint8_t raw[512];
    size_t n = unhex(sct_hex, raw, sizeof raw);
    for (size_t k = 4; k < n; k++) {
        asn1_ctx ctx;
        uint8_t *copy = malloc(k);
        memcpy(copy, raw, k);
        copy[1] = 0x81;
        copy[2] = (uint8_t)(k - 3);             /* keep the OCTET STRING header consistent */
        asn1_ctx_init(&ctx, copy, k);
        der_t c;
        der_init(&c, &ctx, "extnValue");
        ck_assert_int_ne(ext_sct_list(&c, NULL, "value", NULL), ASN1_OK);
        ck_assert(ctx.err.offset <= k);
        free(copy);
    }
}
END_TEST

/* ------------------------------------------------------------ the list */

START_TEST(duplicates)
{
    /* RFC 5280 4.2 forbids it; certkit names it as a warning and goes on (an error with --strict) */
    ext_spec v[] = { { "2.5.29.19", 1, "3000" }, { "2.5.29.15", 1, "03020780" }, { "2.5.29.19", 0, "3000" } };
    ck_assert_int_eq(decode(v, 3), ASN1_OK);
    ck_assert_uint_eq(g_exts.n, 3);
    ck_assert_uint_eq(g_ctx.nwarn, 1);
    const asn1_diag *w = &g_ctx.warn[0];
    ck_assert_str_eq(w->path, "extensions[2].extnID");
    ck_assert(strstr(w->msg, "extensions[0] and extensions[2]") != NULL);
    ck_assert(strstr(w->msg, "basicConstraints") != NULL);
    /* the offset is the third Extension's */
    size_t off = 2 + 0;
    for (int i = 0; i < 2; i++)
        off += 2 + g_der[off + 1];
    ck_assert_uint_eq(w->offset, off);
    /* lookups see the first one */
    ck_assert(x509_exts_find(&g_exts, OID_ce_basicConstraints) == &g_exts.v[0]);
}
END_TEST

START_TEST(unknown_extensions)
{
    ext_spec v[] = { { "1.2.3.4.5", 1, "0c0568656c6c6f" }, { "1.2.3.4.6", 0, "0500" } };
    ck_assert_int_eq(decode(v, 2), ASN1_OK);
    ck_assert(!g_exts.v[0].known && !g_exts.v[0].malformed);
    ck_assert(has_warning("extensions[0].extnID", "unknown critical extension 1.2.3.4.5"));
    ck_assert(!has_warning("extensions[1].extnID", "unknown critical"));
    ck_assert_str_eq(json_of(&g_exts.v[0]),
        "{\"oid\":\"1.2.3.4.5\",\"name\":\"1.2.3.4.5\",\"critical\":true,\"value\":{\"der\":\"0c0568656c6c6f\"}}");
    ck_assert_str_eq(text_of(&g_exts.v[0]),
        "- Extension: 1.2.3.4.5\n  Critical: true\n  Value:\n      DER:\n"
        "          0000  0c 05 68 65 6c 6c 6f                              |..hello|\n");
    ck_assert_ptr_eq(x509_exts_find(&g_exts, OID_UNKNOWN), &g_exts.v[0]);
    ck_assert_ptr_null(x509_exts_find(&g_exts, OID_ce_keyUsage));
    ck_assert_str_eq(x509_ext_label(OID_ce_subjectAltName), "X509v3 Subject Alternative Name");
    ck_assert_ptr_null(x509_ext_label(OID_sha1));
}
END_TEST

START_TEST(list_rules)
{
    /* explicit critical FALSE: warning; more than X509_MAX_EXTS: limit */
    ext_spec v[] = { { "2.5.29.19", 2, "3000" } };
    ck_assert_int_eq(decode(v, 1), ASN1_OK);
    ck_assert(has_warning("extensions[0].critical", "DEFAULT"));
    ck_assert(!g_exts.v[0].critical);
    ck_assert_uint_eq(g_exts.v[0].offset, 2);
    ck_assert_uint_eq(g_exts.v[0].value_offset, g_len - 2);
    ck_assert_uint_eq(g_exts.v[0].index, 0);
    static ext_spec many[X509_MAX_EXTS + 1];
    static char oids[X509_MAX_EXTS + 1][24];
    for (int i = 0; i <= X509_MAX_EXTS; i++) {
        snprintf(oids[i], sizeof oids[i], "1.2.3.%d", i);
        many[i].oid = oids[i];
        many[i].crit = 0;
        many[i].hex = "0500";
    }
    ck_assert_int_eq(decode(many, X509_MAX_EXTS), ASN1_OK);
    ck_assert_uint_eq(g_exts.n, X509_MAX_EXTS);
    ck_assert_int_eq(decode(many, X509_MAX_EXTS + 1), ASN1_E_LIMIT);
    ck_assert_str_eq(g_ctx.err.path, "extensions[64]");
    /* an Extension with something after extnValue */
    static const uint8_t trailing[] = { 0x30, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x04, 0x00, 0x05, 0x00 };
    memcpy(g_der, trailing, sizeof trailing);
    g_len = sizeof trailing;
    asn1_ctx_init(&g_ctx, g_der, g_len);
    der_t c;
    der_init(&c, &g_ctx, NULL);
    ck_assert_int_eq(x509_exts_decode(&c, "extensions", &g_exts), ASN1_E_TRAILING);
    ck_assert_str_eq(g_ctx.err.path, "extensions[0]");
    ck_assert_uint_eq(g_ctx.err.offset, 11);
    ck_assert_ptr_eq(c.p, g_der);
    /* strict mode: a malformed extension fails the decode */
    ext_spec bad[] = { { "2.5.29.19", 1, "30060101ff0201ff" } };
    build(bad, 1);
    asn1_ctx_init(&g_ctx, g_der, g_len);
    g_ctx.strict = true;
    der_init(&c, &g_ctx, NULL);
    ck_assert_int_eq(x509_exts_decode(&c, "extensions", &g_exts), ASN1_E_STRICT);
}
END_TEST

/* ------------------------------------------------------------ backends */

START_TEST(text_backend)
{
    buf_t out = BUF_INIT;
    x509_sink s;
    x509_text_state st;
    x509_sink_text(&s, &st, &out, 0);
    sink_str(&s, "serial_number", NULL, "01");
    sink_num(&s, "n", "Count", 3);
    sink_str(&s, "json_only", X509_HIDE, "x");
    sink_obj(&s, "o", "Object");
    sink_bool(&s, "flag", NULL, true);
    sink_null(&s, "nothing", "Nothing");
    sink_arr(&s, "list", "List");
    sink_str(&s, NULL, NULL, "one");
    sink_obj(&s, NULL, NULL);                   /* a one-line item: no bullet */
    sink_str(&s, "k", "K", "v");
    sink_end_obj(&s);
    sink_obj(&s, NULL, NULL);                   /* a two-line item: bullet */
    sink_str(&s, "a", "A", "1");
    sink_str(&s, "b", "B", "2\n3");
    sink_end_obj(&s);
    sink_end_arr(&s);
    sink_end_obj(&s);
    static const uint8_t h[40] = { 1, 2, 3 };
    sink_hex(&s, "short", "Short", h, 3);
    sink_hex(&s, "long", "Long", h, 40);
    ck_assert_str_eq(buf_cstr(&out),
        "Serial number: 01\n"
        "Count: 3\n"
        "Object:\n"
        "    Flag: true\n"
        "    Nothing: none\n"
        "    List:\n"
        "        one\n"
        "        K: v\n"
        "        - A: 1\n"
        "          B: 2\\x0a3\n"
        "Short: 01:02:03\n"
        "Long:\n"
        "    01:02:03:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:\n"
        "    00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:\n"
        "    00:00:00:00\n");
    ck_assert_uint_eq(st.depth, 0);
    buf_free(&out);
}
END_TEST

START_TEST(json_backend)
{
    buf_t out = BUF_INIT;
    json_t j;
    x509_sink s;
    json_init(&j, &out);
    x509_sink_json(&s, &j);
    sink_obj(&s, NULL, NULL);
    sink_str(&s, "s", "ignored", "a\"b");
    sink_num(&s, "n", NULL, -5);
    sink_bool(&s, "b", NULL, false);
    sink_null(&s, "z", X509_HIDE);
    static const uint8_t h[2] = { 0xab, 0x01 };
    sink_hex(&s, "h", NULL, h, 2);
    sink_arr(&s, "a", NULL);
    sink_num(&s, NULL, NULL, 1);
    sink_str(&s, NULL, "label", "x");
    sink_end_arr(&s);
    sink_time(&s, "t", NULL, 0);
    sink_oid(&s, "oid", NULL, oid_der(OID_ce_keyUsage));
    sink_end_obj(&s);
    ck_assert_str_eq(buf_cstr(&out),
        "{\"s\":\"a\\\"b\",\"n\":-5,\"b\":false,\"z\":null,\"h\":\"ab01\",\"a\":[1,\"x\"],"
        "\"t\":\"1970-01-01T00:00:00Z\",\"oid\":{\"oid\":\"2.5.29.15\",\"name\":\"keyUsage\"}}");
    buf_free(&out);
    /* NULL sinks are fine */
    sink_str(NULL, "a", NULL, "b");
    sink_obj(NULL, "a", NULL);
    sink_end_obj(NULL);
}
END_TEST

START_TEST(alg_and_key)
{
    /* RSA-PSS: sha256, MGF1 sha256, salt 32 */
    static const char pss[] =
        "3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500"
        "a203020120";
    uint8_t p[128];
    size_t n = unhex(pss, p, sizeof p);
    x509_alg a;
    memset(&a, 0, sizeof a);
    a.oid = oid_der(OID_rsassa_pss);
    a.id = OID_rsassa_pss;
    a.params = span_make(p, n);
    buf_t out = BUF_INIT;
    json_t j;
    x509_sink s;
    json_init(&j, &out);
    x509_sink_json(&s, &j);
    sink_alg(&s, NULL, NULL, &a);
    ck_assert_str_eq(buf_cstr(&out),
        "{\"oid\":\"1.2.840.113549.1.1.10\",\"name\":\"rsassaPss\",\"params\":{\"hash\":\"sha256\",\"mgf\":\"mgf1\","
        "\"mgf_hash\":\"sha256\",\"salt_length\":32,\"trailer\":1}}");
    /* sha256WithRSAEncryption with NULL parameters: no params */
    buf_reset(&out);
    json_init(&j, &out);
    a.oid = oid_der(OID_sha256WithRSAEncryption);
    a.id = OID_sha256WithRSAEncryption;
    a.params = span_make("\x05\x00", 2);
    sink_alg(&s, NULL, NULL, &a);
    ck_assert_str_eq(buf_cstr(&out), "{\"oid\":\"1.2.840.113549.1.1.11\",\"name\":\"sha256WithRSAEncryption\"}");
    /* an RSA key: algorithm, bits, exponent, SPKI hash */
    ck_pubkey k;
    memset(&k, 0, sizeof k);
    static const uint8_t mod[] = { 0x00, 0xc1, 0x02, 0x03, 0x04 };
    k.type = CK_KEY_RSA;
    k.rsa_n = span_make(mod, sizeof mod);
    k.rsa_e = span_make("\x01\x00\x01", 3);
    k.der = span_make("abc", 3);
    buf_reset(&out);
    json_init(&j, &out);
    sink_pubkey(&s, NULL, NULL, &k);
    ck_assert_str_eq(buf_cstr(&out),
        "{\"algorithm\":\"rsa\",\"bits\":32,\"exponent\":65537,"
        "\"spki_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}");
    buf_free(&out);
}
END_TEST

Suite *suite_x509ext(void)
{
    Suite *s = suite_create("x509ext");
    TCase *t = tcase_create("names");
    tcase_add_test(t, san_all_forms);
    tcase_add_test(t, san_helpers);
    tcase_add_test(t, othernames_decoded);
    tcase_add_test(t, x400_edi);
    tcase_add_test(t, san_malformed);
    tcase_add_test(t, ipv6_text);
    tcase_add_test(t, name_constraints);
    suite_add_tcase(s, t);
    t = tcase_create("decoders");
    tcase_add_test(t, key_usage);
    tcase_add_test(t, eku);
    tcase_add_test(t, basic_constraints);
    tcase_add_test(t, key_identifiers);
    tcase_add_test(t, policies);
    tcase_add_test(t, policy_misc);
    tcase_add_test(t, access_exts);
    tcase_add_test(t, misc_small);
    tcase_add_test(t, qc_and_pkup);
    tcase_add_test(t, crl_extensions);
    tcase_add_test(t, sct_list);
    tcase_add_test(t, sct_malformed);
    suite_add_tcase(s, t);
    t = tcase_create("list");
    tcase_add_test(t, duplicates);
    tcase_add_test(t, unknown_extensions);
    tcase_add_test(t, list_rules);
    suite_add_tcase(s, t);
    t = tcase_create("backends");
    tcase_add_test(t, text_backend);
    tcase_add_test(t, json_backend);
    tcase_add_test(t, alg_and_key);
    suite_add_tcase(s, t);
    return s;
}
