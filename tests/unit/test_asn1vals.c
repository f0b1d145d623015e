/* Unit tests for the value codecs of asn1/: strings (string.c), integers (int.c), OIDs
 * (oid.c + oid.def), the DER writer (writer.c), the BER normaliser (ber.c) and the JSON
 * writer (json.c).  Table-driven; the writer and BER outputs are read back through the
 * DER cursor; BER conversion is also run over the corpus's BER PKCS#12/PKCS#7 files. */
#include <check.h>
#include <dirent.h>
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

static const char *tohex(const uint8_t *p, size_t n, buf_t *b)
{
    buf_reset(b);
    buf_hex(b, p, n, NULL);
    return buf_cstr(b);
}

/* ================================================================ strings */

struct str_case {
    uint32_t tag;
    const char *hex;
    asn1_err rc;
    const char *utf8;       /* expected output (rc == OK) */
    const char *dev;        /* substring of the deviation, or NULL for none */
    const char *why;        /* substring of the reason (rc != OK) */
};

static const struct str_case str_cases[] = {
    /* UTF8String */
    { ASN1_UTF8STRING, "", ASN1_OK, "", NULL, NULL },
    { ASN1_UTF8STRING, "68656c6c6f", ASN1_OK, "hello", NULL, NULL },
    { ASN1_UTF8STRING, "c3a9", ASN1_OK, "\xc3\xa9", NULL, NULL },
    { ASN1_UTF8STRING, "e282ac", ASN1_OK, "\xe2\x82\xac", NULL, NULL },
    { ASN1_UTF8STRING, "f09f9880", ASN1_OK, "\xf0\x9f\x98\x80", NULL, NULL },
    { ASN1_UTF8STRING, "f48fbfbf", ASN1_OK, "\xf4\x8f\xbf\xbf", NULL, NULL },
    { ASN1_UTF8STRING, "efbfbd", ASN1_OK, "\xef\xbf\xbd", NULL, NULL },
    { ASN1_UTF8STRING, "610062", ASN1_OK, "a\0b", "NUL", NULL },
    { ASN1_UTF8STRING, "c0af", ASN1_E_VALUE, NULL, NULL, "overlong" },
    { ASN1_UTF8STRING, "c1bf", ASN1_E_VALUE, NULL, NULL, "overlong" },
    { ASN1_UTF8STRING, "e08080", ASN1_E_VALUE, NULL, NULL, "overlong" },
    { ASN1_UTF8STRING, "e09fbf", ASN1_E_VALUE, NULL, NULL, "overlong" },
    { ASN1_UTF8STRING, "f08fbfbf", ASN1_E_VALUE, NULL, NULL, "overlong" },
    { ASN1_UTF8STRING, "eda080", ASN1_E_VALUE, NULL, NULL, "surrogate" },
    { ASN1_UTF8STRING, "edbfbf", ASN1_E_VALUE, NULL, NULL, "surrogate" },
    { ASN1_UTF8STRING, "f4908080", ASN1_E_VALUE, NULL, NULL, "U+10FFFF" },
    { ASN1_UTF8STRING, "f5808080", ASN1_E_VALUE, NULL, NULL, "U+10FFFF" },
    { ASN1_UTF8STRING, "ff", ASN1_E_VALUE, NULL, NULL, "U+10FFFF" },
    { ASN1_UTF8STRING, "80", ASN1_E_VALUE, NULL, NULL, "continuation" },
    { ASN1_UTF8STRING, "61e282", ASN1_E_VALUE, NULL, NULL, "ends inside" },
    { ASN1_UTF8STRING, "c341", ASN1_E_VALUE, NULL, NULL, "invalid" },
    /* PrintableString */
    { ASN1_PRINTABLESTRING, "4578616d706c65204c74642e", ASN1_OK, "Example Ltd.", NULL, NULL },
    { ASN1_PRINTABLESTRING, "27282b2c2d2e2f3a3d3f29", ASN1_OK, "'(+,-./:=?)", NULL, NULL },
    { ASN1_PRINTABLESTRING, "2a2e6578616d706c652e636f6d", ASN1_OK, "*.example.com", "'*'", NULL },
    { ASN1_PRINTABLESTRING, "4154265420496e63", ASN1_OK, "AT&T Inc", "'&'", NULL },
    { ASN1_PRINTABLESTRING, "6140622e6f7267", ASN1_OK, "a@b.org", "'@'", NULL },
    { ASN1_PRINTABLESTRING, "615f62", ASN1_OK, "a_b", "outside its character set", NULL },
    { ASN1_PRINTABLESTRING, "2a5f", ASN1_OK, "*_", "outside its character set", NULL },  /* worst wins */
    { ASN1_PRINTABLESTRING, "610a", ASN1_OK, "a\n", "control", NULL },
    { ASN1_PRINTABLESTRING, "4dc3bc6c6c6572", ASN1_OK, "M\xc3\xbcller", "UTF-8", NULL },
    { ASN1_PRINTABLESTRING, "4dfc6c6c6572", ASN1_OK, "M\xc3\xbcller", "Latin-1", NULL },
    { ASN1_PRINTABLESTRING, "610062", ASN1_OK, "a\0b", "NUL", NULL },
    /* IA5String */
    { ASN1_IA5STRING, "6d61696c406578616d706c652e6f7267", ASN1_OK, "mail@example.org", NULL, NULL },
    { ASN1_IA5STRING, "090a7e", ASN1_OK, "\t\n~", NULL, NULL },
    { ASN1_IA5STRING, "c3a9", ASN1_OK, "\xc3\xa9", "IA5String contains non-ASCII", NULL },
    { ASN1_IA5STRING, "e9", ASN1_OK, "\xc3\xa9", "Latin-1", NULL },
    /* VisibleString, NumericString */
    { ASN1_VISIBLESTRING, "7e2041", ASN1_OK, "~ A", NULL, NULL },
    { ASN1_VISIBLESTRING, "4109", ASN1_OK, "A\t", "control", NULL },
    { ASN1_NUMERICSTRING, "3132203334", ASN1_OK, "12 34", NULL, NULL },
    { ASN1_NUMERICSTRING, "31322d3334", ASN1_OK, "12-34", "digits and space", NULL },
    /* BMPString (UTF-16BE) */
    { ASN1_BMPSTRING, "", ASN1_OK, "", NULL, NULL },
    { ASN1_BMPSTRING, "00480069", ASN1_OK, "Hi", NULL, NULL },
    { ASN1_BMPSTRING, "00e920ac", ASN1_OK, "\xc3\xa9\xe2\x82\xac", NULL, NULL },
    { ASN1_BMPSTRING, "d83dde00", ASN1_OK, "\xf0\x9f\x98\x80", NULL, NULL },
    { ASN1_BMPSTRING, "dbffdfff", ASN1_OK, "\xf4\x8f\xbf\xbf", NULL, NULL },
    { ASN1_BMPSTRING, "0041004200", ASN1_E_VALUE, NULL, NULL, "odd" },
    { ASN1_BMPSTRING, "0041d83d", ASN1_E_VALUE, NULL, NULL, "unpaired high" },
    { ASN1_BMPSTRING, "d83d0041", ASN1_E_VALUE, NULL, NULL, "not followed by a low" },
    { ASN1_BMPSTRING, "de000041", ASN1_E_VALUE, NULL, NULL, "unpaired low" },
    { ASN1_BMPSTRING, "00000041", ASN1_OK, "\0A", "NUL", NULL },
    /* UniversalString (UTF-32BE) */
    { ASN1_UNIVERSALSTRING, "0000004100000042", ASN1_OK, "AB", NULL, NULL },
    { ASN1_UNIVERSALSTRING, "0001f600", ASN1_OK, "\xf0\x9f\x98\x80", NULL, NULL },
    { ASN1_UNIVERSALSTRING, "0010ffff", ASN1_OK, "\xf4\x8f\xbf\xbf", NULL, NULL },
    { ASN1_UNIVERSALSTRING, "00000041000000", ASN1_E_VALUE, NULL, NULL, "multiple of 4" },
    { ASN1_UNIVERSALSTRING, "00110000", ASN1_E_VALUE, NULL, NULL, "above U+10FFFF" },
    { ASN1_UNIVERSALSTRING, "ffffffff", ASN1_E_VALUE, NULL, NULL, "above U+10FFFF" },
    { ASN1_UNIVERSALSTRING, "0000d800", ASN1_E_VALUE, NULL, NULL, "surrogate" },
    /* Latin-1 types */
    { ASN1_T61STRING, "4dfc6c6c6572", ASN1_OK, "M\xc3\xbcller", NULL, NULL },
    { ASN1_T61STRING, "ff", ASN1_OK, "\xc3\xbf", NULL, NULL },
    { ASN1_VIDEOTEXSTRING, "41e9", ASN1_OK, "A\xc3\xa9", NULL, NULL },
    { ASN1_GRAPHICSTRING, "41", ASN1_OK, "A", NULL, NULL },
    { ASN1_GENERALSTRING, "a9", ASN1_OK, "\xc2\xa9", NULL, NULL },
    /* not a string */
    { ASN1_INTEGER, "01", ASN1_E_TAG, NULL, NULL, "not a character string" },
    { ASN1_OCTET_STRING, "41", ASN1_E_TAG, NULL, NULL, "not a character string" },
};

START_TEST(test_strings)
{
    const struct str_case *c = &str_cases[_i];
    uint8_t in[64];
    size_t n = unhex(c->hex, in, sizeof in);
    buf_t out = BUF_INIT;
    buf_puts(&out, "pre:");
    const char *why = "unset", *dev = "unset";
    asn1_err r = asn1_str_to_utf8(c->tag, span_make(in, n), &out, &why, &dev);
    ck_assert_msg(r == c->rc, "case %d (%s): rc %d, wanted %d (why %s)", _i, c->hex, r, c->rc,
                  why ? why : "-");
    if (c->rc == ASN1_OK) {
        size_t want = strlen(c->utf8);
        /* expected strings with an embedded NUL: compare by the known case length */
        if (c->dev && strstr(c->dev, "NUL"))
            want = c->tag == ASN1_BMPSTRING ? 2 : 3;
        ck_assert_msg(out.len == 4 + want && memcmp(out.p + 4, c->utf8, want) == 0,
                      "case %d (%s): decoded %zu bytes [%.*s]", _i, c->hex, out.len - 4,
                      (int)(out.len - 4), out.p + 4);
        ck_assert_ptr_null(why);
        if (c->dev) {
            ck_assert_msg(dev && strstr(dev, c->dev), "case %d: deviation [%s], wanted [%s]", _i,
                          dev ? dev : "(none)", c->dev);
        } else {
            ck_assert_msg(dev == NULL, "case %d: unexpected deviation [%s]", _i, dev);
        }
        /* every successful decode is valid UTF-8 */
        ck_assert(asn1_utf8_valid((const uint8_t *)out.p, out.len));
    } else {
        ck_assert_msg(why && strstr(why, c->why), "case %d: why [%s], wanted [%s]", _i,
                      why ? why : "(null)", c->why);
        ck_assert_msg(out.len == 4, "case %d: output left behind on error", _i);
    }
    buf_free(&out);
}
END_TEST

START_TEST(test_string_tags)
{
    static const uint32_t yes[] = { 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30 };
    static const uint32_t no[] = { 1, 2, 3, 4, 5, 6, 16, 23, 24, ASN1_SEQUENCE, ASN1_CTX_P(0),
                                   12 | ASN1_CONSTRUCTED, ASN1_TAG(ASN1_CLASS_CONTEXT, 0, 12) };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        ck_assert_msg(asn1_is_string_tag(yes[i]), "tag %u", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        ck_assert_msg(!asn1_is_string_tag(no[i]), "tag %x", no[i]);
    uint8_t ok[] = { 'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac };
    ck_assert(asn1_utf8_valid(ok, sizeof ok));
    ck_assert(asn1_utf8_valid(ok, 0));
    ck_assert(!asn1_utf8_valid(ok, 2));     /* cut inside a sequence */
}
END_TEST

START_TEST(test_tag_names)
{
    static const struct { uint32_t tag; const char *name; } t[] = {
        { ASN1_SEQUENCE, "SEQUENCE" }, { ASN1_SET, "SET" }, { ASN1_INTEGER, "INTEGER" },
        { ASN1_UTF8STRING, "UTF8String" }, { ASN1_OID, "OBJECT IDENTIFIER" },
        { ASN1_BIT_STRING, "BIT STRING" }, { ASN1_OCTET_STRING, "OCTET STRING" },
        { ASN1_BMPSTRING, "BMPString" }, { ASN1_GENERALIZEDTIME, "GeneralizedTime" },
        { ASN1_EOC, "EOC" }, { ASN1_CTX_P(0), "[0]" }, { ASN1_CTX_C(3), "[3]" },
        { ASN1_TAG(ASN1_CLASS_APPLICATION, 1, 3), "[APPLICATION 3]" },
        { ASN1_TAG(ASN1_CLASS_PRIVATE, 0, 1), "[PRIVATE 1]" },
        { ASN1_TAG(ASN1_CLASS_UNIVERSAL, 0, 31), "UNIVERSAL 31" },
        { ASN1_TAG(ASN1_CLASS_UNIVERSAL, 0, 15), "UNIVERSAL 15" },
        { ASN1_TAG(ASN1_CLASS_CONTEXT, 0, 1000), "[1000]" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char b[32];
        ck_assert_str_eq(asn1_tag_name(t[i].tag, b, sizeof b), t[i].name);
    }
    char small[4];
    ck_assert_str_eq(asn1_tag_name(ASN1_SEQUENCE, small, sizeof small), "SEQ");
}
END_TEST

/* =============================================================== integers */

struct int_case {
    const char *hex;
    const char *hexout;
    const char *dec;
    bool neg;
    size_t bits;            /* for non-negative values */
};

static const struct int_case int_cases[] = {
    { "00", "0", "0", false, 0 },
    { "", "0", "0", false, 0 },
    { "01", "1", "1", false, 1 },
    { "7f", "7f", "127", false, 7 },
    { "0080", "80", "128", false, 8 },
    { "00ff", "ff", "255", false, 8 },
    { "0100", "100", "256", false, 9 },
    { "ff", "-1", "-1", true, 0 },
    { "80", "-80", "-128", true, 0 },
    { "ff7f", "-81", "-129", true, 0 },
    { "ff80", "-80", "-128", true, 0 },       /* non-minimal, same value */
    { "8000", "-8000", "-32768", true, 0 },
    { "ff00", "-100", "-256", true, 0 },
    { "0000000001", "1", "1", false, 1 },     /* non-minimal padding */
    { "010001", "10001", "65537", false, 17 },
    { "7fffffffffffffff", "7fffffffffffffff", "9223372036854775807", false, 63 },
    { "8000000000000000", "-8000000000000000", "-9223372036854775808", true, 0 },
    { "00ffffffffffffffff", "ffffffffffffffff", "18446744073709551615", false, 64 },
    { "010000000000000000", "10000000000000000", "18446744073709551616", false, 65 },
    { "ff0000000000000000", "-10000000000000000", "-18446744073709551616", true, 0 },
    { "ff7fffffffffffffff", "-8000000000000001", "-9223372036854775809", true, 0 },
    /* a 21-byte serial (RFC 5280 allows 20; real CAs wrote 21) */
    { "00b3c7a4b1c42ad3d4fd9b1cbef5a2a06fbe1c0e1d", "b3c7a4b1c42ad3d4fd9b1cbef5a2a06fbe1c0e1d",
      "1026361543177597682634642465510646309883054132765", false, 160 },
    { "425b555e0a2cf6b5d8f4ea93b1f3e3eb0b1e23c8", "425b555e0a2cf6b5d8f4ea93b1f3e3eb0b1e23c8",
      "378830195231812130394277227203259056519305372616", false, 159 },
    { "ffb3c7a4b1c42ad3d4fd9b1cbef5a2a06fbe1c0e1d", "-4c385b4e3bd52c2b0264e3410a5d5f9041e3f1e3",
      "-435140094153305235569042367205636709772878410211", true, 0 },
    { "80000000000000000000000000000000000000", "-80000000000000000000000000000000000000",
      "-2854495385411919762116571938898990272765493248", true, 0 },
};

START_TEST(test_ints)
{
    const struct int_case *c = &int_cases[_i];
    uint8_t in[64];
    size_t n = unhex(c->hex, in, sizeof in);
    span_t v = span_make(in, n);
    buf_t b = BUF_INIT;
    ck_assert_int_eq(asn1_int_is_negative(v), c->neg);
    asn1_int_hex(v, &b);
    ck_assert_str_eq(buf_cstr(&b), c->hexout);
    buf_reset(&b);
    buf_puts(&b, "x=");
    ck_assert_int_eq(asn1_int_dec(v, &b), ASN1_OK);
    ck_assert_msg(strcmp(buf_cstr(&b) + 2, c->dec) == 0, "case %d: dec %s, wanted %s", _i,
                  buf_cstr(&b) + 2, c->dec);
    if (!c->neg) {
        ck_assert_int_eq(asn1_int_bits(v), c->bits);
        span_t m = asn1_int_magnitude(v);
        ck_assert_int_eq(m.len, (c->bits + 7) / 8);
        if (m.len)
            ck_assert(m.p[0] != 0);
    }
    buf_free(&b);
}
END_TEST

/* Decimal of 2^k and -2^k for k = 0..199, in minimal encodings, against a decimal
 * string doubled by hand: crosses the 64-bit fast path into libtommath. */
static void dec_double(char *d)
{
    int carry = 0;
    for (int i = (int)strlen(d) - 1; i >= 0; i--) {
        int v = (d[i] - '0') * 2 + carry;
        d[i] = (char)('0' + v % 10);
        carry = v / 10;
    }
    if (carry) {
        memmove(d + 1, d, strlen(d) + 1);
        d[0] = (char)('0' + carry);
    }
}

START_TEST(test_int_dec_border)
{
    buf_t b = BUF_INIT;
    uint8_t in[32];
    char want[80] = "1";
    for (int k = 0; k < 200; k++) {
        /* positive: 0x01 << k, with a 0x00 pad when the top bit lands on bit 7 */
        size_t nbytes = (size_t)k / 8 + 1;
        bool pad = (k % 8) == 7;
        memset(in, 0, sizeof in);
        in[pad] = (uint8_t)(1u << (k % 8));
        size_t n = nbytes + pad;
        buf_reset(&b);
        ck_assert_int_eq(asn1_int_dec(span_make(in, n), &b), ASN1_OK);
        ck_assert_msg(strcmp(buf_cstr(&b), want) == 0, "2^%d: %s, wanted %s", k, buf_cstr(&b), want);
        ck_assert_int_eq(asn1_int_bits(span_make(in, n)), (size_t)k + 1);
        /* negative: -2^k is 0x80 << ... in two's complement, or 0xff 0x80.. when minimal needs it */
        memset(in, 0, sizeof in);
        size_t m = (size_t)k / 8 + 1;
        uint8_t top = (uint8_t)(0x100 - (1u << (k % 8)));   /* -(2^(k%8)) in the top byte */
        if (!(top & 0x80)) {
            in[0] = 0xff;
            in[1] = top;
            m++;
        } else {
            in[0] = top;
        }
        buf_reset(&b);
        ck_assert_int_eq(asn1_int_dec(span_make(in, m), &b), ASN1_OK);
        ck_assert_msg(buf_cstr(&b)[0] == '-' && strcmp(buf_cstr(&b) + 1, want) == 0, "-2^%d: %s, wanted -%s",
                      k, buf_cstr(&b), want);
        dec_double(want);
    }
    buf_free(&b);
}
END_TEST

/* ==================================================================== OIDs */

struct oid_case {
    const char *text;
    const char *der;        /* content hex; NULL: from_text fails */
};

static const struct oid_case oid_cases[] = {
    { "1.2.840.113549.1.1.11", "2a864886f70d01010b" },
    { "2.5.4.3", "550403" },
    { "0.9.2342.19200300.100.1.25", "0992268993f22c640119" },
    { "2.999", "8837" },
    { "2.999.3", "883703" },
    { "0.0", "00" },
    { "1.39", "4f" },
    { "2.40", "78" },
    { "2.47", "7f" },
    { "2.48", "8100" },
    { "1.3.6.1.4.1.311.60.2.1.3", "2b0601040182373c020103" },
    { "1.2.18446744073709551615", "2a81ffffffffffffffff7f" },  /* arc 2^64-1 */
    { "2.18446744073709551535", "81ffffffffffffffff7f" },     /* 80 + arc = 2^64-1 */
    { "1.2.18446744073709551616", NULL },                      /* 2^64 */
    { "2.18446744073709551536", NULL },                        /* first subidentifier overflows */
    { "3.1", NULL },
    { "1.40", NULL },
    { "0.40", NULL },
    { "1", NULL },
    { "", NULL },
    { "1.2.", NULL },
    { ".1.2", NULL },
    { "1..2", NULL },
    { "1.2.x", NULL },
    { "1.2 .3", NULL },
    { "-1.2", NULL },
};

START_TEST(test_oid_text)
{
    const struct oid_case *c = &oid_cases[_i];
    buf_t b = BUF_INIT, h = BUF_INIT;
    asn1_err r = asn1_oid_from_text(c->text, &b);
    if (!c->der) {
        ck_assert_msg(r != ASN1_OK, "case %s: accepted", c->text);
    } else {
        ck_assert_msg(r == ASN1_OK, "case %s: rc %d", c->text, r);
        ck_assert_str_eq(tohex((const uint8_t *)b.p, b.len, &h), c->der);
        char txt[128];
        ck_assert_int_eq(asn1_oid_to_text(span_make(b.p, b.len), txt, sizeof txt), ASN1_OK);
        ck_assert_str_eq(txt, c->text);
    }
    buf_free(&b);
    buf_free(&h);
}
END_TEST

START_TEST(test_oid_bad_der)
{
    static const char *const bad[] = {
        "",                         /* empty */
        "2a86",                     /* ends inside an arc */
        "2a8048",                   /* non-minimal arc (leading 0x80) */
        "80",                       /* first arc non-minimal and unterminated */
        "8001",                     /* non-minimal first subidentifier */
        "2a82ffffffffffffffff7f",   /* arc 2^65-1: does not fit in 64 bits */
        "2affffffffffffffffffff7f",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t in[32];
        size_t n = unhex(bad[i], in, sizeof in);
        char txt[128];
        ck_assert_msg(asn1_oid_to_text(span_make(in, n), txt, sizeof txt) != ASN1_OK, "accepted %s", bad[i]);
        buf_t b = BUF_INIT;
        asn1_oid_append(span_make(in, n), &b);
        ck_assert_msg(buf_cstr(&b)[0] == '?', "append of %s: %s", bad[i], buf_cstr(&b));
        buf_free(&b);
    }
    /* a buffer too small is a limit, not a bad value */
    char tiny[6];
    uint8_t rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
    ck_assert_int_eq(asn1_oid_to_text(span_make(rsa, sizeof rsa), tiny, sizeof tiny), ASN1_E_LIMIT);
}
END_TEST

/* Every entry of oid.def: its DER looks up to itself, its dotted text round-trips, names are unique. */
START_TEST(test_oid_table)
{
    buf_t b = BUF_INIT;
    size_t count = 0;
    for (int id = OID_UNKNOWN + 1; id < OID__COUNT; id++) {
        span_t d = oid_der((oid_id)id);
        ck_assert_msg(d.len > 0, "id %d has no DER", id);
        ck_assert_msg(oid_lookup(d) == (oid_id)id, "lookup of %s gives %d, wanted %d", oid_dotted((oid_id)id),
                      oid_lookup(d), id);
        char txt[160];
        ck_assert_int_eq(asn1_oid_to_text(d, txt, sizeof txt), ASN1_OK);
        ck_assert_str_eq(txt, oid_dotted((oid_id)id));
        buf_reset(&b);
        ck_assert_int_eq(asn1_oid_from_text(txt, &b), ASN1_OK);
        ck_assert(span_eq(span_make(b.p, b.len), d));
        const char *name = oid_name((oid_id)id);
        ck_assert(name && name[0]);
        count++;
    }
    ck_assert_msg(count >= 600, "only %zu OIDs in the table", count);
    ck_assert_ptr_null(oid_name(OID_UNKNOWN));
    ck_assert_ptr_null(oid_name(OID__COUNT));
    ck_assert_int_eq(oid_der(OID_UNKNOWN).len, 0);
    /* a prefix or an extension of a known OID is not that OID */
    uint8_t ext[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x01 };
    ck_assert_int_eq(oid_lookup(span_make(ext, sizeof ext)), OID_UNKNOWN);
    ck_assert_int_eq(oid_lookup(span_make(ext, 8)), OID_UNKNOWN);
    ck_assert_int_eq(oid_lookup(span_make(ext, 0)), OID_UNKNOWN);
    buf_free(&b);
}
END_TEST

START_TEST(test_oid_names)
{
    static const struct { const char *dotted; const char *name; } t[] = {
        { "1.2.840.113549.1.1.11", "sha256WithRSAEncryption" },
        { "2.5.4.3", "commonName" },
        { "2.5.29.17", "subjectAltName" },
        { "1.3.6.1.5.5.7.3.1", "serverAuth" },
        { "1.2.840.10045.3.1.7", "prime256v1" },
        { "1.3.101.112", "Ed25519" },
        { "1.2.840.113549.1.12.10.1.2", "pkcs8ShroudedKeyBag" },
        { "2.23.140.1.2.1", "domain-validated" },
        { "2.23.140.1.1", "ev-guidelines" },
        { "1.3.6.1.4.1.311.60.2.1.3", "jurisdictionCountryName" },
        { "1.3.6.1.5.5.7.3.17", "ipsecIKE" },
        { "1.3.6.1.4.1.311.20.2.2", "msSmartcardLogin" },
        { "1.3.6.1.5.2.3.4", "pkInitClientAuth" },
        { "1.3.6.1.5.2.3.5", "pkInitKDC" },
        { "2.16.840.1.101.3.4.3.17", "ML-DSA-44" },
        { "2.16.840.1.101.3.4.4.2", "ML-KEM-768" },
        { "1.3.6.1.4.1.11591.4.11", "id-scrypt" },
        { "2.16.840.1.113730.4.1", "nsSGC" },
        { "1.2.840.113533.7.65.0", "entrustVersInfo" },
        { "0.4.0.1862.1.1", "QcCompliance" },
        { "1.2.840.113549.1.9.16.1.4", "id-ct-TSTInfo" },
        { "1.2.840.113549.1.9.16.2.47", "id-aa-signingCertificateV2" },
        { "2.16.840.1.114412.2.1", "digiCertEV" },
        { "1.3.6.1.4.1.6449.1.2.1.5.1", "sectigoEV" },
        { "1.2.840.10045.3.0.20", "c2tnb431r1" },
        { "1.3.132.0.38", "sect571k1" },
        { "1.3.36.3.3.2.8.1.1.14", "brainpoolP512t1" },
        { "2.5.29.69", "holderNameConstraints" },
        { "1.3.6.1.4.1.311.10.3.4.1", "msEFSRecovery" },
        { "1.3.6.1.4.1.311.21.6", "msKeyRecoveryAgent" },
        { "1.2.840.113635.100.4.1", "appleCodeSigning" },
        { "1.2.840.113583.1.1.5", "adobeAuthenticDocumentsTrust" },
        { "2.16.840.1.101.3.4.1.46", "aes256-GCM" },
        { "1.3.6.1.5.5.7.48.1.2", "ocspNonce" },
        { "2.23.133.8.1", "tcgEKCertificate" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        buf_t b = BUF_INIT;
        ck_assert_int_eq(asn1_oid_from_text(t[i].dotted, &b), ASN1_OK);
        oid_id id = oid_lookup(span_make(b.p, b.len));
        ck_assert_msg(id != OID_UNKNOWN, "%s not in the table", t[i].dotted);
        ck_assert_str_eq(oid_name(id), t[i].name);
        ck_assert_str_eq(oid_dotted(id), t[i].dotted);
        ck_assert(oid_is(span_make(b.p, b.len), id));
        buf_free(&b);
    }
    ck_assert_str_eq(oid_dotted(OID_sha256WithRSAEncryption), "1.2.840.113549.1.1.11");
    ck_assert_str_eq(oid_name(OID_at_commonName), "commonName");
}
END_TEST

/* ================================================================== writer */

/* Walks every element of DER recursively with the strict cursor; counts elements. */
static asn1_err walk(der_t *c, unsigned *count)
{
    while (!der_empty(c)) {
        asn1_elem e;
        TRY(der_next(c, NULL, &e));
        (*count)++;
        if (ASN1_TAG_IS_CONS(e.tag)) {
            der_t child;
            TRY(der_open(c, &e, NULL, (int)c->count - 1, &child));
            TRY(walk(&child, count));
        }
    }
    return ASN1_OK;
}

/* Parses bytes as strict DER: no error, no warning. */
static void assert_strict_der(const uint8_t *p, size_t n, unsigned *count)
{
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, p, n);
    der_t c;
    der_init(&c, &ctx, NULL);
    unsigned k = 0;
    asn1_err r = walk(&c, &k);
    ck_assert_msg(r == ASN1_OK, "not DER: %s at %zu: %s", asn1_err_name(r), ctx.err.offset, ctx.err.msg);
    ck_assert_msg(ctx.nwarn == 0, "DER warning: %s", ctx.warn[0].msg);
    if (count)
        *count = k;
}

START_TEST(test_writer_basic)
{
    buf_t b = BUF_INIT, h = BUF_INIT;
    size_t seq = derw_begin(&b, ASN1_SEQUENCE);
    derw_int64(&b, 0);
    derw_int64(&b, 127);
    derw_int64(&b, 128);
    derw_int64(&b, -1);
    derw_int64(&b, -128);
    derw_int64(&b, -129);
    derw_int64(&b, INT64_MIN);
    derw_int64(&b, INT64_MAX);
    derw_oid(&b, OID_sha256WithRSAEncryption);
    derw_null(&b);
    static const uint8_t mag[] = { 0x00, 0x00, 0x80, 0x01 };
    derw_uint(&b, mag, sizeof mag);
    derw_uint(&b, mag, 2);                  /* all zero -> 0 */
    derw_uint(&b, mag + 3, 1);
    derw_tlv(&b, ASN1_CTX_P(2), "ab", 2);
    derw_tlv(&b, ASN1_TAG(ASN1_CLASS_CONTEXT, 0, 31), "x", 1);
    derw_tlv(&b, ASN1_TAG(ASN1_CLASS_PRIVATE, 1, 200), NULL, 0);
    derw_end(&b, seq);
    ck_assert(!b.oom);
    ck_assert_str_eq(tohex((const uint8_t *)b.p, b.len, &h),
                     "304c"
                     "020100" "02017f" "02020080" "0201ff" "020180" "0202ff7f"
                     "02088000000000000000" "02087fffffffffffffff"
                     "06092a864886f70d01010b" "0500"
                     "0203008001" "020100" "020101"
                     "82026162" "9f1f0178" "ff814800");
    unsigned n;
    assert_strict_der((const uint8_t *)b.p, b.len, &n);
    ck_assert_int_eq(n, 17);

    /* read the values back through the cursor */
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, (const uint8_t *)b.p, b.len);
    der_t root, s;
    der_init(&root, &ctx, NULL);
    ck_assert_int_eq(der_enter(&root, ASN1_SEQUENCE, "s", &s), ASN1_OK);
    static const int64_t want[] = { 0, 127, 128, -1, -128, -129, INT64_MIN, INT64_MAX };
    for (size_t i = 0; i < 8; i++) {
        int64_t v;
        ck_assert_int_eq(der_read_int64(&s, "v", &v), ASN1_OK);
        ck_assert(v == want[i]);
    }
    span_t oid;
    ck_assert_int_eq(der_read_oid(&s, "oid", &oid), ASN1_OK);
    ck_assert(oid_is(oid, OID_sha256WithRSAEncryption));
    ck_assert_int_eq(der_read_null(&s, "null"), ASN1_OK);
    buf_free(&b);
    buf_free(&h);
}
END_TEST

/* derw_end moves content when the length needs 2, 3 or 4 octets; nested ends too. */
START_TEST(test_writer_long)
{
    static const size_t sizes[] = { 0, 1, 126, 127, 128, 129, 255, 256, 65535, 65536, 70000 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t len = sizes[i];
        uint8_t *data = malloc(len + 1);
        for (size_t k = 0; k < len; k++)
            data[k] = (uint8_t)(k * 7 + 3);
        buf_t b = BUF_INIT;
        buf_puts(&b, "XY");                 /* the writer appends after existing bytes */
        size_t outer = derw_begin(&b, ASN1_SEQUENCE);
        size_t inner = derw_begin(&b, ASN1_OCTET_STRING);
        buf_put(&b, data, len);
        derw_end(&b, inner);
        derw_int64(&b, 5);
        derw_end(&b, outer);
        ck_assert(!b.oom);
        ck_assert(memcmp(b.p, "XY", 2) == 0);
        unsigned n;
        assert_strict_der((const uint8_t *)b.p + 2, b.len - 2, &n);
        ck_assert_int_eq(n, 3);
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, (const uint8_t *)b.p + 2, b.len - 2);
        der_t root, s;
        der_init(&root, &ctx, NULL);
        ck_assert_int_eq(der_enter(&root, ASN1_SEQUENCE, "s", &s), ASN1_OK);
        span_t v;
        ck_assert_int_eq(der_read_octets(&s, "o", &v), ASN1_OK);
        ck_assert_int_eq(v.len, len);
        ck_assert(len == 0 || memcmp(v.p, data, len) == 0);
        int64_t five;
        ck_assert_int_eq(der_read_int64(&s, "i", &five), ASN1_OK);
        ck_assert(five == 5);
        ck_assert_int_eq(der_done(&s), ASN1_OK);
        ck_assert_int_eq(der_done(&root), ASN1_OK);
        /* minimal headers: OCTET STRING 1 + lenlen, INTEGER 3, SEQUENCE 1 + its lenlen */
        size_t lenlen = len < 128 ? 1 : len < 256 ? 2 : len < 65536 ? 3 : 4;
        size_t content = 1 + lenlen + len + 3;
        size_t olen = content < 128 ? 1 : content < 256 ? 2 : content < 65536 ? 3 : 4;
        ck_assert_int_eq(b.len, 2 + 1 + olen + content);
        ck_assert(v.p == (const uint8_t *)b.p + 2 + 1 + olen + 1 + lenlen);
        free(data);
        buf_free(&b);
    }
}
END_TEST

START_TEST(test_writer_latch)
{
    buf_t b = BUF_INIT;
    derw_oid(&b, OID_UNKNOWN);
    ck_assert(b.oom);
    size_t len = b.len;
    derw_null(&b);
    derw_int64(&b, 1);
    ck_assert_int_eq(b.len, len);          /* nothing written after the latch */
    buf_free(&b);
    buf_t c = BUF_INIT;
    derw_end(&c, 5);                        /* a mark that is not from this buffer */
    ck_assert(c.oom);
    buf_free(&c);
    buf_t d = BUF_INIT;
    derw_header(&d, ASN1_OCTET_STRING, 0x1234567);
    buf_t h = BUF_INIT;
    ck_assert_str_eq(tohex((const uint8_t *)d.p, d.len, &h), "048401234567");
    buf_free(&d);
    buf_free(&h);
}
END_TEST

/* ===================================================================== BER */

struct ber_case {
    const char *name;
    const char *in;
    asn1_err rc;
    const char *out;        /* DER hex (rc == OK) */
    size_t consumed;        /* 0: the whole input */
    size_t err_off;
    const char *err_path;
};

static const struct ber_case ber_cases[] = {
    { "der-unchanged", "3006020101020102", ASN1_OK, "3006020101020102", 0, 0, NULL },
    { "primitive", "0403616263", ASN1_OK, "0403616263", 0, 0, NULL },
    { "indefinite", "3080020101020102 0000", ASN1_OK, "3006020101020102", 0, 0, NULL },
    { "nested-indefinite", "3080 3080 020101 0000 a080 0500 0000 0000",
      ASN1_OK, "3009 3003020101 a0020500", 0, 0, NULL },
    { "non-minimal-length", "30 8108 020101 02820001 02", ASN1_OK, "3006020101020102", 0, 0, NULL },
    { "long-form-8", "04 88 0000000000000001 41", ASN1_OK, "040141", 0, 0, NULL },
    { "constructed-octets", "2480 040261 62 0401 63 0000", ASN1_OK, "0403616263", 0, 0, NULL },
    { "constructed-octets-definite", "240a 0403616263 0403646566", ASN1_OK, "0406616263646566", 0, 0, NULL },
    { "constructed-octets-nested", "2480 2480 040161 0000 2406 040162 040163 0000",
      ASN1_OK, "0403616263", 0, 0, NULL },
    { "constructed-octets-empty", "2480 0000", ASN1_OK, "0400", 0, 0, NULL },
    { "constructed-octets-in-seq", "3080 2480 040161 040162 0000 020105 0000",
      ASN1_OK, "3007 04026162 020105", 0, 0, NULL },
    { "constructed-utf8", "2c80 0c0268c3 0c01a9 0000", ASN1_OK, "0c0368c3a9", 0, 0, NULL },
    { "constructed-bits", "2380 03030061 62 030204c0 0000", ASN1_OK, "0304046162c0", 0, 0, NULL },
    { "constructed-bits-unused-mid", "2380 030204c0 03020061 0000", ASN1_E_VALUE, NULL, 0, 6, "[1]" },
    { "constructed-bits-no-octet", "2380 0300 0000", ASN1_E_VALUE, NULL, 0, 2, "[0]" },
    { "segment-wrong-type", "2480 0c0161 0000", ASN1_E_TAG, NULL, 0, 2, "[0]" },
    { "trailing-ignored", "0500 ffff", ASN1_OK, "0500", 2, 0, NULL },
    { "ctx-implicit-kept", "a080 040161 040162 0000", ASN1_OK, "a006040161040162", 0, 0, NULL },
    { "long-tag", "bf8148 80 020101 0000", ASN1_OK, "bf814803020101", 0, 0, NULL },
    { "big-content", NULL, ASN1_OK, NULL, 0, 0, NULL },   /* built in the test */
    /* errors */
    { "truncated-content", "3080 0405 6162 0000", ASN1_E_TRUNCATED, NULL, 0, 2, "[0]" },
    { "no-eoc", "3080 020101", ASN1_E_TRUNCATED, NULL, 0, 0, "" },
    { "nested-no-eoc", "3080 3080 020101 0000", ASN1_E_TRUNCATED, NULL, 0, 0, "" },
    { "truncated-header", "30", ASN1_E_TRUNCATED, NULL, 0, 0, "" },
    { "truncated-len", "30 82 01", ASN1_E_TRUNCATED, NULL, 0, 0, "" },
    { "empty", "", ASN1_E_TRUNCATED, NULL, 0, 0, "" },
    { "indefinite-primitive", "3080 0480 0000 0000", ASN1_E_BAD_LENGTH, NULL, 0, 2, "[0]" },
    { "reserved-length", "30ff", ASN1_E_BAD_LENGTH, NULL, 0, 0, "" },
    { "eoc-in-definite", "3004 0000 0500", ASN1_E_BAD_TAG, NULL, 0, 2, "[0]" },
    { "eoc-at-root", "0000", ASN1_E_BAD_TAG, NULL, 0, 0, "" },
    { "bad-eoc", "3080 0001 00 0000", ASN1_E_BAD_TAG, NULL, 0, 2, "[0]" },
    { "child-overruns-definite", "3003 3080 0500 0000", ASN1_E_TRUNCATED, NULL, 0, 4, "[0][0]" },
    { "constructed-int", "3080 2203 020101 0000", ASN1_E_BAD_TAG, NULL, 0, 2, "[0]" },
    { "deep-path", "3080 3080 3080 0409 61 0000 0000 0000", ASN1_E_TRUNCATED, NULL, 0, 6, "[0][0][0]" },
    { "bad-tag", "1f8001 00", ASN1_E_BAD_TAG, NULL, 0, 0, "" },
    { "tag-low-in-high-form", "1f05 00", ASN1_E_BAD_TAG, NULL, 0, 0, "" },
};

START_TEST(test_ber)
{
    const struct ber_case *c = &ber_cases[_i];
    static uint8_t in[1 << 17];
    size_t n;
    buf_t want = BUF_INIT;
    if (!c->in) {
        /* 3080 2480 (0482 1000 <4096 bytes>) x 20 0000 0000 -> 3083 014005 0483 014000 ... */
        n = 0;
        in[n++] = 0x30; in[n++] = 0x80; in[n++] = 0x24; in[n++] = 0x80;
        for (int s = 0; s < 20; s++) {
            in[n++] = 0x04; in[n++] = 0x82; in[n++] = 0x10; in[n++] = 0x00;
            for (int k = 0; k < 4096; k++)
                in[n++] = (uint8_t)(s + k);
        }
        memset(in + n, 0, 4);
        n += 4;
        static const uint8_t hdr[] = { 0x30, 0x83, 0x01, 0x40, 0x05, 0x04, 0x83, 0x01, 0x40, 0x00 };
        buf_put(&want, hdr, sizeof hdr);
        for (int s = 0; s < 20; s++)
            for (int k = 0; k < 4096; k++)
                buf_putc(&want, (char)(uint8_t)(s + k));
    } else {
        n = unhex(c->in, in, sizeof in);
        if (c->out) {
            uint8_t o[256];
            size_t on = unhex(c->out, o, sizeof o);
            buf_put(&want, o, on);
        }
    }
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, n);
    buf_t out = BUF_INIT;
    buf_puts(&out, "pfx");
    size_t used = 12345;
    asn1_err r = asn1_ber_to_der(&ctx, span_make(in, n), &out, &used);
    ck_assert_msg(r == c->rc, "%s: rc %s, wanted %s (%s at %zu %s)", c->name, asn1_err_name(r),
                  asn1_err_name(c->rc), ctx.err.msg, ctx.err.offset, ctx.err.path);
    if (r == ASN1_OK) {
        buf_t h1 = BUF_INIT, h2 = BUF_INIT;
        ck_assert_msg(out.len == 3 + want.len && memcmp(out.p + 3, want.p, want.len) == 0,
                      "%s: got %.200s wanted %.200s (%zu and %zu bytes)", c->name,
                      tohex((uint8_t *)out.p + 3, out.len - 3, &h1), tohex((uint8_t *)want.p, want.len, &h2),
                      out.len - 3, want.len);
        ck_assert_int_eq(used, c->consumed ? c->consumed : n);
        ck_assert_int_eq(ctx.err.code, ASN1_OK);
        assert_strict_der((const uint8_t *)out.p + 3, out.len - 3, NULL);
        ck_assert(!asn1_is_ber(span_make(out.p + 3, out.len - 3), 64));
        bool was_ber = !(n == want.len && memcmp(in, want.p, n) == 0) && !c->consumed;
        ck_assert_msg(asn1_is_ber(span_make(in, n), 64) == was_ber, "%s: asn1_is_ber", c->name);
        /* converting DER output again changes nothing */
        buf_t again = BUF_INIT;
        asn1_ctx_init(&ctx, (const uint8_t *)out.p + 3, out.len - 3);
        ck_assert_int_eq(asn1_ber_to_der(&ctx, span_make(out.p + 3, out.len - 3), &again, &used), ASN1_OK);
        ck_assert(again.len == out.len - 3 && memcmp(again.p, out.p + 3, again.len) == 0);
        buf_free(&again);
        buf_free(&h1);
        buf_free(&h2);
        /* every proper prefix of a BER input that needs all of it fails, offset inside the input */
        if (!c->consumed && n < 64) {
            for (size_t k = 0; k < n; k++) {
                uint8_t *cut = malloc(k ? k : 1);
                memcpy(cut, in, k);
                asn1_ctx_init(&ctx, cut, k);
                buf_t o2 = BUF_INIT;
                asn1_err r2 = asn1_ber_to_der(&ctx, span_make(cut, k), &o2, &used);
                ck_assert_msg(r2 != ASN1_OK, "%s: prefix %zu accepted", c->name, k);
                ck_assert_int_eq(ctx.err.code, r2);
                ck_assert_msg(ctx.err.offset <= k, "%s: prefix %zu: offset %zu", c->name, k, ctx.err.offset);
                ck_assert_int_eq(o2.len, 0);
                buf_free(&o2);
                free(cut);
            }
        }
    } else {
        ck_assert_int_eq(ctx.err.code, c->rc);
        ck_assert_msg(ctx.err.offset == c->err_off, "%s: offset %zu, wanted %zu (%s)", c->name,
                      ctx.err.offset, c->err_off, ctx.err.msg);
        ck_assert_msg(strcmp(ctx.err.path, c->err_path) == 0, "%s: path [%s], wanted [%s]", c->name,
                      ctx.err.path, c->err_path);
        ck_assert_msg(out.len == 3, "%s: output left behind", c->name);
        ck_assert_int_eq(used, 12345);
    }
    buf_free(&out);
    buf_free(&want);
}
END_TEST

/* Offsets are measured from ctx->base when the input lies inside it. */
START_TEST(test_ber_offset_base)
{
    uint8_t in[16];
    size_t n = unhex("aabbcc 3080 0405 6162 0000", in, sizeof in);
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, n);
    buf_t out = BUF_INIT;
    size_t used;
    ck_assert_int_eq(asn1_ber_to_der(&ctx, span_make(in + 3, n - 3), &out, &used), ASN1_E_TRUNCATED);
    ck_assert_int_eq(ctx.err.offset, 5);
    buf_free(&out);
}
END_TEST

static size_t depth_bomb(uint8_t *p, unsigned levels, bool indefinite)
{
    size_t n = 0;
    for (unsigned i = 0; i < levels; i++) {
        p[n++] = 0x30;
        p[n++] = indefinite ? 0x80 : (uint8_t)(2 * (levels - 1 - i) + 2);
    }
    p[n++] = 0x05;
    p[n++] = 0x00;
    if (indefinite)
        for (unsigned i = 0; i < levels; i++) {
            p[n++] = 0;
            p[n++] = 0;
        }
    return n;
}

START_TEST(test_ber_depth)
{
    static uint8_t in[1 << 16];
    asn1_ctx ctx;
    buf_t out = BUF_INIT;
    size_t used;
    /* 64 levels of SEQUENCE + the NULL = 65 elements deep: over the default limit of 64 */
    size_t n = depth_bomb(in, 64, true);
    asn1_ctx_init(&ctx, in, n);
    ck_assert_int_eq(asn1_ber_to_der(&ctx, span_make(in, n), &out, &used), ASN1_E_DEPTH);
    ck_assert_int_eq(ctx.err.offset, 128);
    ck_assert_int_eq(out.len, 0);
    /* 63 levels + NULL = 64: allowed */
    n = depth_bomb(in, 63, true);
    asn1_ctx_init(&ctx, in, n);
    ck_assert_int_eq(asn1_ber_to_der(&ctx, span_make(in, n), &out, &used), ASN1_OK);
    ck_assert_int_eq(used, n);
    ck_assert_int_eq(out.len, 63 * 2 + 2);
    assert_strict_der((const uint8_t *)out.p, out.len, NULL);
    /* a raised limit lets a deep definite one through; a huge bomb stays an error, not a crash */
    buf_reset(&out);
    n = depth_bomb(in, 60, false);
    ck_assert(!asn1_is_ber(span_make(in, n), 64));
    n = depth_bomb(in, 10000, true);
    asn1_ctx_init(&ctx, in, n);
    ck_assert_int_eq(asn1_ber_to_der(&ctx, span_make(in, n), &out, &used), ASN1_E_DEPTH);
    ck_assert_int_eq(ctx.err.offset, 128);
    asn1_ctx_init(&ctx, in, n);
    ctx.max_depth = 20000;
    ck_assert_int_eq(asn1_ber_to_der(&ctx, span_make(in, n), &out, &used), ASN1_OK);
    ck_assert(asn1_is_ber(span_make(in, n), 64));
    buf_free(&out);
}
END_TEST

START_TEST(test_ber_implicit_octets)
{
    uint8_t in[64];
    /* [0] IMPLICIT OCTET STRING, constructed (after conversion: segments are primitive) */
    size_t n = unhex("a008 04026162 04026364", in, sizeof in);
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, n);
    der_t c;
    der_init(&c, &ctx, "encryptedContentInfo");
    asn1_elem e;
    ck_assert_int_eq(der_next(&c, "encryptedContent", &e), ASN1_OK);
    buf_t st = BUF_INIT;
    span_t v;
    ck_assert_int_eq(asn1_ber_implicit_octets(&c, &e, "encryptedContent", &st, &v), ASN1_OK);
    ck_assert_int_eq(v.len, 4);
    ck_assert(memcmp(v.p, "abcd", 4) == 0);
    /* primitive: the body itself, nothing copied */
    n = unhex("8003 616263", in, sizeof in);
    asn1_ctx_init(&ctx, in, n);
    der_init(&c, &ctx, NULL);
    ck_assert_int_eq(der_next(&c, "x", &e), ASN1_OK);
    buf_reset(&st);
    ck_assert_int_eq(asn1_ber_implicit_octets(&c, &e, "x", &st, &v), ASN1_OK);
    ck_assert(v.p == in + 2 && v.len == 3 && st.len == 0);
    /* a segment of another type */
    n = unhex("a006 040161 0c0162", in, sizeof in);
    asn1_ctx_init(&ctx, in, n);
    der_init(&c, &ctx, "eci");
    ck_assert_int_eq(der_next(&c, "encryptedContent", &e), ASN1_OK);
    ck_assert_int_eq(asn1_ber_implicit_octets(&c, &e, "encryptedContent", &st, &v), ASN1_E_TAG);
    ck_assert_int_eq(ctx.err.offset, 5);
    ck_assert_str_eq(ctx.err.path, "eci.encryptedContent");
    buf_free(&st);
}
END_TEST

static const char *corpus_dir(void)
{
    const char *d = getenv("CERTKIT_CORPUS");
    return d ? d : "../shared/corpus";
}

static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(sz > 0 ? (size_t)sz : 1);
    *n = fread(p, 1, (size_t)(sz > 0 ? sz : 0), f);
    fclose(f);
    return p;
}

/* Converts the BER files of the corpus (Java/NSS PKCS#12, PKCS#7), checks the output
 * is strict DER, then converts the content of the authSafe OCTET STRING too. */
START_TEST(test_ber_corpus)
{
    static const char *const files[] = {
        "pkcs12/bssl-nss.p12", "pkcs12/nss-OCSPCA1.p12", "pkcs12/nss-OCSPRoot.p12",
        "pkcs12/nss-TestOldAES128CA.p12", "pkcs12/nss-TestOldCA.p12",
        "p7/bssl-nss.p7c", "p7/gnutls-rfc4134-4.5.p7b", "p7/pyca-amazon-roots.p7b",
    };
    char path[512];
    int done = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", corpus_dir(), files[i]);
        size_t n;
        uint8_t *in = slurp(path, &n);
        if (!in)
            continue;
        ck_assert_msg(asn1_is_ber(span_make(in, n), 64), "%s: not seen as BER", files[i]);
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, in, n);
        buf_t out = BUF_INIT;
        size_t used;
        asn1_err r = asn1_ber_to_der(&ctx, span_make(in, n), &out, &used);
        ck_assert_msg(r == ASN1_OK, "%s: %s at %zu %s: %s", files[i], asn1_err_name(r), ctx.err.offset,
                      ctx.err.path, ctx.err.msg);
        ck_assert_int_eq(used, n);
        assert_strict_der((const uint8_t *)out.p, out.len, NULL);
        ck_assert(!asn1_is_ber(span_make(out.p, out.len), 64));
        ck_assert(out.len < n);
        if (strstr(files[i], ".p12")) {
            /* PFX ::= SEQUENCE { version, authSafe ContentInfo { data, [0] { OCTET STRING } }, mac } */
            asn1_ctx_init(&ctx, (const uint8_t *)out.p, out.len);
            der_t root, pfx, ci, expl;
            span_t v, oid;
            int64_t ver;
            der_init(&root, &ctx, NULL);
            ck_assert_int_eq(der_enter(&root, ASN1_SEQUENCE, "pfx", &pfx), ASN1_OK);
            ck_assert_int_eq(der_read_int64(&pfx, "version", &ver), ASN1_OK);
            ck_assert(ver == 3);
            ck_assert_int_eq(der_enter(&pfx, ASN1_SEQUENCE, "authSafe", &ci), ASN1_OK);
            ck_assert_int_eq(der_read_oid(&ci, "contentType", &oid), ASN1_OK);
            ck_assert(oid_is(oid, OID_pkcs7_data));
            ck_assert_int_eq(der_enter(&ci, ASN1_CTX_C(0), "content", &expl), ASN1_OK);
            ck_assert_int_eq(der_read_octets(&expl, NULL, &v), ASN1_OK);
            ck_assert_int_eq(der_done(&expl), ASN1_OK);
            /* AuthenticatedSafe inside, itself BER from NSS */
            asn1_ctx ictx;
            asn1_ctx_init(&ictx, v.p, v.len);
            buf_t inner = BUF_INIT;
            r = asn1_ber_to_der(&ictx, v, &inner, &used);
            ck_assert_msg(r == ASN1_OK, "%s inner: %s", files[i], ictx.err.msg);
            ck_assert_int_eq(used, v.len);
            unsigned count = 0;
            assert_strict_der((const uint8_t *)inner.p, inner.len, &count);
            ck_assert_msg(count >= 5, "%s: inner has %u elements", files[i], count);
            buf_free(&inner);
        }
        buf_free(&out);
        free(in);
        done++;
    }
    /* BoringSSL's "BER constructed string with too much recursion": refused, not a stack overflow */
    snprintf(path, sizeof path, "%s/malformed/bssl-empty_password_ber_nested.p12", corpus_dir());
    size_t n;
    uint8_t *in = slurp(path, &n);
    if (in) {
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, in, n);
        buf_t out = BUF_INIT;
        size_t used = 0;
        ck_assert_int_eq(asn1_ber_to_der(&ctx, span_make(in, n), &out, &used), ASN1_E_DEPTH);
        ck_assert(ctx.err.offset > 0 && ctx.err.offset < n);
        ck_assert_int_eq(out.len, 0);
        buf_free(&out);
        free(in);
    }
    if (done == 0)
        fprintf(stderr, "test_ber_corpus: corpus not found at %s, skipped\n", corpus_dir());
}
END_TEST

/* ==================================================================== JSON */

struct esc_case {
    const char *in;
    size_t n;               /* 0: strlen */
    const char *out;
};

static const struct esc_case esc_cases[] = {
    { "plain text 123", 0, "plain text 123" },
    { "a\"b\\c/d", 0, "a\\\"b\\\\c/d" },
    { "tab\there\nnl\rcr", 0, "tab\\there\\nnl\\rcr" },        /* RFC 8259 7: short escapes */
    { "\b\f", 0, "\\b\\f" },
    { "\x01\x0b\x1f\x7f", 0, "\\u0001\\u000b\\u001f\\u007f" },
    { "nul\0x", 5, "nul\\u0000x" },
    { "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
    { "a\xff" "b", 0, "a\xef\xbf\xbd" "b" },
    { "a\xc3", 0, "a\xef\xbf\xbd" },                          /* truncated at the end */
    { "\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd" },            /* overlong: each byte */
    { "\xe2\x82" "A", 0, "\xef\xbf\xbd" "A" },                /* maximal subpart -> one U+FFFD */
    { "\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
    { "\xf4\x90\x80\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "\x80\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd" },
    { "", 0, "" },
};

START_TEST(test_json_escape)
{
    const struct esc_case *c = &esc_cases[_i];
    buf_t b = BUF_INIT;
    size_t n = c->n ? c->n : strlen(c->in);
    json_escape(&b, c->in, n);
    ck_assert_msg(strcmp(buf_cstr(&b), c->out) == 0, "case %d: [%s], wanted [%s]", _i, buf_cstr(&b), c->out);
    ck_assert(asn1_utf8_valid((const uint8_t *)b.p, b.len));
    buf_free(&b);
}
END_TEST

START_TEST(test_json_writer)
{
    buf_t b = BUF_INIT;
    json_t j;
    json_init(&j, &b);
    json_obj_begin(&j);
    json_kstr(&j, "type", "certificate");
    json_kint(&j, "index", -3);
    json_key(&j, "big");
    json_uint(&j, UINT64_MAX);
    json_kbool(&j, "ok", true);
    json_knull(&j, "next_update");
    static const uint8_t h[] = { 0xde, 0xad, 0x00, 0x0f };
    json_khex(&j, "sha1", h, sizeof h);
    json_key(&j, "list");
    json_arr_begin(&j);
    json_int(&j, 1);
    json_str(&j, "two");
    json_arr_begin(&j);
    json_arr_end(&j);
    json_obj_begin(&j);
    json_obj_end(&j);
    json_bool(&j, false);
    json_str(&j, NULL);
    json_arr_end(&j);
    json_key(&j, "raw");
    json_raw(&j, "{\"a\":1}", 7);
    json_key(&j, "k\"ey");
    json_strn(&j, "v\nal", 4);
    json_key(&j, "nested");
    json_obj_begin(&j);
    json_key(&j, "x");
    json_arr_begin(&j);
    json_obj_begin(&j);
    json_kstr(&j, "y", "z");
    json_obj_end(&j);
    json_obj_begin(&j);
    json_obj_end(&j);
    json_arr_end(&j);
    json_obj_end(&j);
    json_obj_end(&j);
    ck_assert(!b.oom);
    ck_assert_int_eq(j.depth, 0);
    ck_assert_str_eq(buf_cstr(&b),
                     "{\"type\":\"certificate\",\"index\":-3,\"big\":18446744073709551615,\"ok\":true,"
                     "\"next_update\":null,\"sha1\":\"dead000f\",\"list\":[1,\"two\",[],{},false,null],"
                     "\"raw\":{\"a\":1},\"k\\\"ey\":\"v\\nal\",\"nested\":{\"x\":[{\"y\":\"z\"},{}]}}");
    /* JSON Lines: consecutive top-level objects get no comma */
    buf_reset(&b);
    json_init(&j, &b);
    json_obj_begin(&j);
    json_kint(&j, "a", INT64_MIN);
    json_obj_end(&j);
    buf_putc(&b, '\n');
    json_obj_begin(&j);
    json_obj_end(&j);
    ck_assert_str_eq(buf_cstr(&b), "{\"a\":-9223372036854775808}\n{}");
    /* too deep, and unbalanced: latched */
    buf_reset(&b);
    json_init(&j, &b);
    for (int i = 0; i < 40; i++)
        json_arr_begin(&j);
    ck_assert(b.oom);
    buf_reset(&b);
    json_init(&j, &b);
    json_obj_end(&j);
    ck_assert(b.oom);
    buf_free(&b);
}
END_TEST

/* The word-at-a-time fast path against a byte-by-byte reference: every byte value at
 * every position of a 19-byte string (two words and a tail), ASCII bytes alone. */
START_TEST(test_json_escape_each_byte)
{
    buf_t got = BUF_INIT, want = BUF_INIT;
    for (unsigned v = 0; v < 0x80; v++) {
        for (size_t at = 0; at < 19; at++) {
            char s[19];
            memset(s, 'a', sizeof s);
            s[at] = (char)v;
            buf_reset(&got);
            json_escape(&got, s, sizeof s);
            buf_reset(&want);
            for (size_t i = 0; i < sizeof s; i++)
                json_escape(&want, s + i, 1);           /* one byte at a time: the slow path */
            ck_assert_msg(got.len == want.len && memcmp(got.p, want.p, got.len) == 0,
                          "byte 0x%02x at %zu: got %.*s", v, at, (int)got.len, got.p);
            size_t plain_len = (v >= 0x20 && v < 0x7f && v != '"' && v != '\\') ? 19 : 0;
            if (plain_len)
                ck_assert_uint_eq(got.len, 19);
            else
                ck_assert_uint_gt(got.len, 19);
        }
    }
    buf_free(&got);
    buf_free(&want);
}
END_TEST

/* json_kstrn: the same bytes as json_key + json_strn, whatever the key and value. */
START_TEST(test_json_kstrn)
{
    static const char *const keys[] = { "k", "subject_alt_names", "a\"b", "tab\tkey",
                                         "a_key_longer_than_the_forty_eight_bytes_of_the_fast_path_xx" };
    static const char *const vals[] = { "", "plain value", "two\nlines \"quoted\" \\", "caf\xc3\xa9 \xff" };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
            buf_t a = BUF_INIT, b = BUF_INIT;
            json_t ja, jb;
            json_init(&ja, &a);
            json_init(&jb, &b);
            json_obj_begin(&ja);
            json_obj_begin(&jb);
            for (int twice = 0; twice < 2; twice++) {               /* with and without the comma */
                json_kstrn(&ja, keys[k], vals[v], strlen(vals[v]));
                json_key(&jb, keys[k]);
                json_strn(&jb, vals[v], strlen(vals[v]));
            }
            json_obj_end(&ja);
            json_obj_end(&jb);
            ck_assert_str_eq(buf_cstr(&a), buf_cstr(&b));
            buf_free(&a);
            buf_free(&b);
        }
}
END_TEST

/* json_escape on a long plain string (the fast path) and a long mixed one. */
START_TEST(test_json_escape_long)
{
    size_t n = 100000;
    char *s = malloc(n);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)(' ' + 1 + (i % 90));
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"' || s[i] == '\\')
            s[i] = 'x';
    buf_t b = BUF_INIT;
    json_escape(&b, s, n);
    ck_assert_int_eq(b.len, n);
    ck_assert(memcmp(b.p, s, n) == 0);
    for (size_t i = 0; i < n; i += 100)
        s[i] = (i / 100) % 2 ? '\n' : '\x01';       /* "\\n" one longer, "\\u0001" five */
    buf_reset(&b);
    json_escape(&b, s, n);
    ck_assert_int_eq(b.len, n + 1 * (n / 200) + 5 * (n / 200));
    buf_free(&b);
    free(s);
}
END_TEST

/* ==================================================================== dump */

struct dump_case {
    const char *name;
    const char *hex;
    asn1_err rc;
    unsigned nwarn;         /* DER violations */
    const char *want[4];    /* substrings the output must hold */
};

static const struct dump_case dump_cases[] = {
    { "der", "3006 020105 0101ff", ASN1_OK, 0, { "   0  2    6: SEQUENCE {", "INTEGER 5", "BOOLEAN TRUE", NULL } },
    { "oid", "0603 550403", ASN1_OK, 0, { "OBJECT IDENTIFIER commonName (2.5.4.3)", NULL } },
    { "unknown-oid", "0603 2a0304", ASN1_OK, 0, { "OBJECT IDENTIFIER 1.2.3.4", NULL } },
    { "big-int", "0211 00ffeeddccbbaa99887766554433221100", ASN1_OK, 0, { "INTEGER (128 bit)", "00 ff ee dd", NULL } },
    { "neg-int", "0202 ff7f", ASN1_OK, 0, { "INTEGER -129 (-0x81)", NULL } },
    { "time", "170d 3236313132373039333531385a", ASN1_OK, 0, { "UTCTime 2026-11-27T09:35:18Z ('261127093518Z')", NULL } },
    { "utf8-escape", "0c05 611b5b316d", ASN1_OK, 0, { "UTF8String 'a\\x1b[1m'", NULL } },
    { "bmp", "1e04 00480069", ASN1_OK, 0, { "BMPString 'Hi'", NULL } },
    { "ctx-text", "820b 6578616d706c652e636f6d", ASN1_OK, 0, { "[2] 'example.com'", NULL } },
    { "bits", "0302 0780", ASN1_OK, 0, { "BIT STRING (7 unused bits) '1'B 80", NULL } },
    { "encapsulated", "0403 020107", ASN1_OK, 0, { "OCTET STRING, encapsulates {", "INTEGER 7", NULL } },
    { "not-encapsulated", "0414 0102030405060708090a0b0c0d0e0f1011121314", ASN1_OK, 0,
      { "OCTET STRING", "01 02 03", NULL } },
    { "nonminimal-len", "308103 020105", ASN1_OK, 1, { "non-minimal length encoding", NULL } },
    { "bool-01", "0101 01", ASN1_OK, 1, { "BOOLEAN TRUE (0x01)", "X.690 11.1", NULL } },
    { "int-pad", "0202 0005", ASN1_OK, 1, { "non-minimal INTEGER", NULL } },
    { "set-order", "3106 020102 020101", ASN1_OK, 1, { "not in ascending order", NULL } },
    { "bit-padding", "0302 0101", ASN1_OK, 1, { "padding bits are not zero", NULL } },
    { "null-content", "0501 00", ASN1_OK, 1, { "NULL with 1 content octets", NULL } },
    { "printable-star", "1303 2a2e61", ASN1_OK, 1, { "PrintableString '*.a'", "'*'", NULL } },
    { "bad-time", "170d 3236313332373039333531385a", ASN1_OK, 1, { "month 13", NULL } },
    { "indefinite", "3080 0500 0000", ASN1_OK, 1, { "   0  2  inf: SEQUENCE {", "   4  2    0:   EOC", "indefinite length", NULL } },
    { "constructed-octets", "2480 040161 0000", ASN1_OK, 2, { "constructed OCTET STRING", NULL } },
    { "truncated", "3005 020105 05", ASN1_E_TRUNCATED, 0, { "   0        : ! error: content of 5 bytes runs past the end of its container", NULL } },
    { "two-errors", "300a 3003 020501 3003 020501", ASN1_E_TRUNCATED, 0, { "   2  2    3:   SEQUENCE {", "   7  2    3:   SEQUENCE {", NULL } },
};

static void count_diag(void *arg, const asn1_diag *d, bool warning)
{
    unsigned *n = arg;
    n[warning ? 0 : 1]++;
    (void)d;
}

START_TEST(test_dump)
{
    const struct dump_case *c = &dump_cases[_i];
    uint8_t in[128];
    size_t n = unhex(c->hex, in, sizeof in);
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, n);
    buf_t out = BUF_INIT;
    unsigned counts[2] = { 0, 0 };
    asn1_dump_opts o = { .on_diag = count_diag, .diag_arg = counts };
    asn1_err r = asn1_dump(&ctx, &o, &out);
    const char *txt = buf_cstr(&out);
    ck_assert_msg(r == c->rc, "%s: rc %s\n%s", c->name, asn1_err_name(r), txt);
    ck_assert_int_eq(ctx.err.code, c->rc);
    ck_assert_msg(ctx.nwarn == c->nwarn, "%s: %u warnings, wanted %u\n%s", c->name, ctx.nwarn, c->nwarn, txt);
    ck_assert_int_eq(counts[0], c->nwarn);
    for (int k = 0; k < 4 && c->want[k]; k++)
        ck_assert_msg(strstr(txt, c->want[k]), "%s: no [%s] in\n%s", c->name, c->want[k], txt);
    if (c->rc != ASN1_OK) {
        ck_assert_int_ge(counts[1], 1);
        ck_assert(ctx.err.offset <= n);
    }
    buf_free(&out);
}
END_TEST

/* Every violation reaches on_diag even past the ASN1_MAX_WARNINGS the context keeps;
 * offsets shift by base_offset; no_encapsulated is honoured; errors keep going. */
START_TEST(test_dump_many)
{
    uint8_t in[200];
    size_t n = 0;
    in[n++] = 0x30;
    in[n++] = 40 * 3;
    for (int i = 0; i < 40; i++) {
        in[n++] = 0x01;
        in[n++] = 0x01;
        in[n++] = 0x01;
    }
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in, n);
    buf_t out = BUF_INIT;
    unsigned counts[2] = { 0, 0 };
    asn1_dump_opts o = { .on_diag = count_diag, .diag_arg = counts, .base_offset = 1000 };
    ck_assert_int_eq(asn1_dump(&ctx, &o, &out), ASN1_OK);
    ck_assert_int_eq(counts[0], 40);
    ck_assert_int_eq(ctx.nwarn, ASN1_MAX_WARNINGS);
    ck_assert_int_eq(ctx.nwarn_dropped, 40 - ASN1_MAX_WARNINGS);
    ck_assert(strstr(buf_cstr(&out), "1002  2    1:   BOOLEAN TRUE (0x01)"));
    ck_assert_str_eq(ctx.warn[1].path, "[0][1]");
    ck_assert_int_eq(ctx.warn[1].offset, 5);

    uint8_t enc[] = { 0x04, 0x03, 0x02, 0x01, 0x07 };
    buf_reset(&out);
    asn1_ctx_init(&ctx, enc, sizeof enc);
    asn1_dump_opts o2 = { .no_encapsulated = true };
    ck_assert_int_eq(asn1_dump(&ctx, &o2, &out), ASN1_OK);
    ck_assert(!strstr(buf_cstr(&out), "encapsulates"));
    ck_assert(strstr(buf_cstr(&out), "OCTET STRING 02 01 07"));

    /* a damaged element inside a sound container: the siblings after it still show */
    uint8_t dmg[] = { 0x30, 0x0b, 0x30, 0x03, 0x02, 0x05, 0x01, 0x02, 0x01, 0x09, 0x05, 0x00, 0x00 };
    buf_reset(&out);
    asn1_ctx_init(&ctx, dmg, sizeof dmg);
    ck_assert_int_eq(asn1_dump(&ctx, NULL, &out), ASN1_E_TRUNCATED);
    ck_assert(strstr(buf_cstr(&out), "INTEGER 9"));
    ck_assert(strstr(buf_cstr(&out), "NULL"));
    ck_assert_int_eq(ctx.err.offset, 4);
    ck_assert_str_eq(ctx.err.path, "[0][0][0]");
    buf_free(&out);
}
END_TEST

Suite *suite_asn1vals(void)
{
    Suite *s = suite_create("asn1vals");
    TCase *t = tcase_create("strings");
    tcase_add_loop_test(t, test_strings, 0, (int)(sizeof str_cases / sizeof str_cases[0]));
    tcase_add_test(t, test_string_tags);
    tcase_add_test(t, test_tag_names);
    suite_add_tcase(s, t);
    t = tcase_create("integers");
    tcase_add_loop_test(t, test_ints, 0, (int)(sizeof int_cases / sizeof int_cases[0]));
    tcase_add_test(t, test_int_dec_border);
    suite_add_tcase(s, t);
    t = tcase_create("oids");
    tcase_add_loop_test(t, test_oid_text, 0, (int)(sizeof oid_cases / sizeof oid_cases[0]));
    tcase_add_test(t, test_oid_bad_der);
    tcase_add_test(t, test_oid_table);
    tcase_add_test(t, test_oid_names);
    suite_add_tcase(s, t);
    t = tcase_create("writer");
    tcase_add_test(t, test_writer_basic);
    tcase_add_test(t, test_writer_long);
    tcase_add_test(t, test_writer_latch);
    suite_add_tcase(s, t);
    t = tcase_create("ber");
    tcase_add_loop_test(t, test_ber, 0, (int)(sizeof ber_cases / sizeof ber_cases[0]));
    tcase_add_test(t, test_ber_offset_base);
    tcase_add_test(t, test_ber_depth);
    tcase_add_test(t, test_ber_implicit_octets);
    tcase_add_test(t, test_ber_corpus);
    tcase_set_timeout(t, 30);
    suite_add_tcase(s, t);
    t = tcase_create("json");
    tcase_add_loop_test(t, test_json_escape, 0, (int)(sizeof esc_cases / sizeof esc_cases[0]));
    tcase_add_test(t, test_json_writer);
    tcase_add_test(t, test_json_escape_long);
    tcase_add_test(t, test_json_escape_each_byte);
    tcase_add_test(t, test_json_kstrn);
    suite_add_tcase(s, t);
    t = tcase_create("dump");
    tcase_add_loop_test(t, test_dump, 0, (int)(sizeof dump_cases / sizeof dump_cases[0]));
    tcase_add_test(t, test_dump_many);
    suite_add_tcase(s, t);
    return s;
}
