/* test_pem.c - base64, PEM armor, encoding detection and the streaming input iterator. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pem/pem.h"

/* ------------------------------------------------------------ helpers */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint8_t rnd8(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint8_t)(rng_state >> 24);
}

/* The obvious byte-at-a-time encoder, as the reference. */
static size_t ref_encode(const uint8_t *in, size_t n, char *out, bool lines)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0, col = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0) |
                     (i + 2 < n ? in[i + 2] : 0);
        char q[4] = { a[v >> 18], a[(v >> 12) & 63], i + 1 < n ? a[(v >> 6) & 63] : '=',
                      i + 2 < n ? a[v & 63] : '=' };
        for (int k = 0; k < 4; k++) {
            out[o++] = q[k];
            if (lines && ++col == 64) {
                out[o++] = '\n';
                col = 0;
            }
        }
    }
    if (lines && col)
        out[o++] = '\n';
    return o;
}

static void roundtrip_all(bool scalar)
{
    b64_force_scalar(scalar);
    static uint8_t in[2048];
    static char e1[4096], e2[4096];
    static uint8_t d[4096];
    for (size_t n = 0; n <= 300; n++) {
        for (size_t i = 0; i < n; i++)
            in[i] = rnd8();
        size_t rl = ref_encode(in, n, e1, false);
        size_t l = b64_encode(in, n, e2);
        ck_assert_uint_eq(l, rl);
        ck_assert_uint_eq(l, b64_len(n));
        ck_assert(memcmp(e1, e2, l) == 0);
        rl = ref_encode(in, n, e1, true);
        l = b64_encode_lines(in, n, e2);
        ck_assert_uint_eq(l, rl);
        ck_assert_uint_eq(l, b64_lines_len(n));
        ck_assert(memcmp(e1, e2, l) == 0);
        size_t dl = 9999, ep = 0;
        const char *why = NULL;
        ck_assert_int_eq(b64_decode(e2, l, d, &dl, &ep, &why), ASN1_OK);
        ck_assert_uint_eq(dl, n);
        ck_assert(memcmp(d, in, n) == 0);
        ck_assert_uint_le(dl, b64_decoded_max(l));
    }
    b64_force_scalar(false);
}

START_TEST(b64_roundtrip_scalar) { roundtrip_all(true); }
END_TEST

START_TEST(b64_roundtrip_simd) { roundtrip_all(false); }
END_TEST

START_TEST(b64_random_large)
{
    for (int mode = 0; mode < 2; mode++) {
        b64_force_scalar(mode == 0);
        size_t n = 100000 + (size_t)mode * 77;
        uint8_t *in = malloc(n), *d = malloc(b64_decoded_max(b64_lines_len(n)));
        char *e = malloc(b64_lines_len(n)), *r = malloc(b64_lines_len(n));
        for (size_t i = 0; i < n; i++)
            in[i] = rnd8();
        size_t l = b64_encode_lines(in, n, e);
        ck_assert_uint_eq(l, ref_encode(in, n, r, true));
        ck_assert(memcmp(e, r, l) == 0);
        size_t dl, ep;
        const char *why;
        ck_assert_int_eq(b64_decode(e, l, d, &dl, &ep, &why), ASN1_OK);
        ck_assert_uint_eq(dl, n);
        ck_assert(memcmp(d, in, n) == 0);
        free(in), free(d), free(e), free(r);
    }
    b64_force_scalar(false);
}
END_TEST

static asn1_err dec(const char *s, uint8_t *out, size_t *n, size_t *ep, const char **why)
{
    return b64_decode(s, strlen(s), out, n, ep, why);
}

START_TEST(b64_whitespace_and_padding)
{
    uint8_t o[64];
    size_t n, ep;
    const char *why;
    ck_assert_int_eq(dec("QU JD\r\nRA==\n", o, &n, &ep, &why), ASN1_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert(memcmp(o, "ABCD", 4) == 0);
    ck_assert_int_eq(dec("QUI=", o, &n, &ep, &why), ASN1_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(dec("QUI", o, &n, &ep, &why), ASN1_OK);      /* unpadded tail */
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(dec("QQ", o, &n, &ep, &why), ASN1_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(dec("", o, &n, &ep, &why), ASN1_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(dec("Q\tQ =\r\n= \n", o, &n, &ep, &why), ASN1_OK);
    ck_assert_uint_eq(n, 1);
    /* errors, with their positions */
    ck_assert_int_eq(dec("QUJD*EFG", o, &n, &ep, &why), ASN1_E_VALUE);
    ck_assert_uint_eq(ep, 4);
    ck_assert_str_eq(why, "invalid base64 character");
    ck_assert_int_eq(dec("QQ==QUJD", o, &n, &ep, &why), ASN1_E_VALUE);
    ck_assert_uint_eq(ep, 4);
    ck_assert_int_eq(dec("Q===", o, &n, &ep, &why), ASN1_E_VALUE);
    ck_assert_uint_eq(ep, 1);
    ck_assert_int_eq(dec("=QQQ", o, &n, &ep, &why), ASN1_E_VALUE);
    ck_assert_uint_eq(ep, 0);
    ck_assert_int_eq(dec("QUI==", o, &n, &ep, &why), ASN1_E_VALUE);
    ck_assert_uint_eq(ep, 4);
    ck_assert_int_eq(dec("QUJDR", o, &n, &ep, &why), ASN1_E_VALUE);
    ck_assert_uint_eq(ep, 5);
    ck_assert_int_eq(dec("QUJD-", o, &n, &ep, &why), ASN1_E_VALUE);   /* base64url is not PEM */
    ck_assert_uint_eq(ep, 4);
}
END_TEST

/* Every byte value at every position of a 200-character text, scalar and SIMD paths. */
START_TEST(b64_bad_char_positions)
{
    char s[200];
    uint8_t o[256];
    for (int mode = 0; mode < 2; mode++) {
        b64_force_scalar(mode == 0);
        for (size_t pos = 0; pos < sizeof s; pos += 7) {
            for (int c = 0; c < 256; c++) {
                for (size_t i = 0; i < sizeof s; i++)
                    s[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 7) & 63];
                s[pos] = (char)c;
                size_t n, ep = 12345;
                const char *why = NULL;
                asn1_err e = b64_decode(s, sizeof s, o, &n, &ep, &why);
                bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                             c == '+' || c == '/';
                bool ws = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
                if (alpha) {
                    ck_assert_int_eq(e, ASN1_OK);
                    ck_assert_uint_eq(n, 150);
                } else if (ws) {
                    /* 199 characters: the quantum left at the end has 3 characters */
                    ck_assert_int_eq(e, ASN1_OK);
                    ck_assert_uint_eq(n, 149);
                } else {
                    ck_assert_msg(e == ASN1_E_VALUE, "byte %d at %zu accepted", c, pos);
                    if (c != '=')
                        ck_assert_uint_eq(ep, pos);
                    else
                        ck_assert_uint_le(ep, pos + 4);
                }
            }
        }
    }
    b64_force_scalar(false);
}
END_TEST

/* ---------------------------------------------------------------- PEM */

/* text_count_nl (sixteen bytes at a time, byte counters summed every 255 rounds)
 * against a plain loop: every length up to 70 and long texts past the 255-round mark,
 * at every alignment, newlines dense, sparse and absent. */
START_TEST(count_nl_vs_loop)
{
    static uint8_t t[16 * 300 + 100];
    for (int density = 0; density < 3; density++) {
        for (size_t i = 0; i < sizeof t; i++)
            t[i] = density == 0 ? 'a' : density == 1 ? (i % 7 == 3 ? '\n' : 'x') : (i % 2 ? '\n' : 0xff);
        size_t lens[] = { 0, 1, 15, 16, 17, 31, 32, 33, 70, 16 * 255 - 1, 16 * 255, 16 * 255 + 1, 16 * 300 + 37 };
        for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
            for (size_t off = 0; off < 16; off++) {
                size_t n = lens[li], want = 0;
                for (size_t i = 0; i < n; i++)
                    want += t[off + i] == '\n';
                ck_assert_uint_eq(text_count_nl(t + off, n), want);
            }
    }
}
END_TEST

START_TEST(pem_basic_lf_crlf_nofinal)
{
    const char *texts[] = {
        "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\r\nMAMCAQE=\r\n-----END CERTIFICATE-----\r\n",
        "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----",
        "-----BEGIN CERTIFICATE-----  \n  MAMC AQE=  \n\n-----END CERTIFICATE-----   \t\n",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        pem_reader r;
        pem_block b;
        asn1_diag d;
        pem_reader_init(&r, texts[t], strlen(texts[t]));
        ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
        ck_assert_uint_eq(b.label_len, 11);
        ck_assert(memcmp(b.label, "CERTIFICATE", 11) == 0);
        ck_assert_uint_eq(b.line, 1);
        ck_assert_uint_eq(b.begin, 0);
        ck_assert_uint_eq(b.end, strlen(texts[t]));
        buf_t out = BUF_INIT;
        ck_assert_int_eq(pem_decode(&b, &out, &d), ASN1_OK);
        ck_assert_uint_eq(out.len, 5);
        ck_assert(memcmp(out.p, "\x30\x03\x02\x01\x01", 5) == 0);
        buf_free(&out);
        ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_NOTFOUND);
    }
}
END_TEST

START_TEST(pem_headers)
{
    const char *t = "-----BEGIN RSA PRIVATE KEY-----\r\n"
                    "Proc-Type: 4,ENCRYPTED\r\n"
                    "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\r\n"
                    "\r\n"
                    "MAMCAQE=\r\n"
                    "-----END RSA PRIVATE KEY-----\r\n";
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
    ck_assert_uint_eq(b.body_line, 5);
    const char *v;
    size_t vl;
    ck_assert(pem_header_get(b.headers, b.headers_len, "proc-type", &v, &vl));
    ck_assert_uint_eq(vl, 11);
    ck_assert(memcmp(v, "4,ENCRYPTED", 11) == 0);
    ck_assert(pem_header_get(b.headers, b.headers_len, "DEK-Info", &v, &vl));
    ck_assert_uint_eq(vl, strlen("AES-128-CBC,0123456789ABCDEF0123456789ABCDEF"));
    ck_assert(!pem_header_get(b.headers, b.headers_len, "Comment", &v, &vl));
    buf_t out = BUF_INIT;
    ck_assert_int_eq(pem_decode(&b, &out, &d), ASN1_OK);
    ck_assert_uint_eq(out.len, 5);
    /* the writer keeps the headers, normalised */
    buf_t w = BUF_INIT;
    pem_write(&w, "RSA PRIVATE KEY", 15, b.headers, b.headers_len, (const uint8_t *)out.p, out.len);
    const char *want = "-----BEGIN RSA PRIVATE KEY-----\n"
                       "Proc-Type: 4,ENCRYPTED\n"
                       "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n"
                       "\n"
                       "MAMCAQE=\n"
                       "-----END RSA PRIVATE KEY-----\n";
    ck_assert_uint_eq(w.len, strlen(want));
    ck_assert(memcmp(w.p, want, w.len) == 0);
    buf_free(&w);
    buf_free(&out);
}
END_TEST

START_TEST(pem_text_between_blocks)
{
    const char *t = "Bag Attributes\n"
                    "    localKeyID: 01 02 03\n"
                    "subject=/CN=x -----BEGIN NOT A BLOCK-----\n"
                    "-----BEGIN CERTIFICATE-----\n"
                    "MAMCAQE=\n"
                    "-----END CERTIFICATE-----\n"
                    "Certificate:\n    Data: -----\n"
                    "  -----BEGIN X509 CRL-----\n"
                    "MAMCAQI=\n"
                    "-----END X509 CRL-----\n"
                    "trailing text\n";
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
    ck_assert_uint_eq(b.line, 4);
    ck_assert_uint_eq(r.block, 1);
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
    ck_assert_uint_eq(b.line, 9);
    ck_assert(b.label_len == 8 && memcmp(b.label, "X509 CRL", 8) == 0);
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_NOTFOUND);
    ck_assert_uint_eq(r.line, 13);
}
END_TEST

START_TEST(pem_mismatch_and_continue)
{
    const char *t = "-----BEGIN CERTIFICATE-----\n"
                    "MAMCAQE=\n"
                    "-----END X509 CRL-----\n"
                    "-----BEGIN CERTIFICATE-----\n"
                    "MAMCAQE=\n"
                    "-----END CERTIFICATE-----\n";
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_VALUE);
    ck_assert_str_eq(d.msg, "BEGIN CERTIFICATE (line 1) closed by END X509 CRL (line 3)");
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
    ck_assert_uint_eq(b.line, 4);
    ck_assert_uint_eq(r.block, 2);
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_NOTFOUND);
}
END_TEST

START_TEST(pem_truncated)
{
    const char *t = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n";
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_MISSING);
    ck_assert_str_eq(d.msg, "line 1: BEGIN CERTIFICATE has no END line");
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_NOTFOUND);

    /* a BEGIN inside a block: that block is reported, the next one still read */
    t = "-----BEGIN CERTIFICATE-----\nMAMC\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_MISSING);
    ck_assert_str_eq(d.msg, "line 1: BEGIN CERTIFICATE has no END line (a new BEGIN at line 3)");
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
    ck_assert_uint_eq(b.line, 3);
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_NOTFOUND);

    /* pem_parse asks for more when the text ends before the END line */
    ck_assert_int_eq(pem_parse(t, 40, false, 1, &b, &d), ASN1_E_TRUNCATED);
    /* a malformed BEGIN line */
    t = "-----BEGIN CERTIFICATE\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_VALUE);
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_NOTFOUND);
}
END_TEST

START_TEST(pem_empty_and_no_blocks)
{
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, "", 0);
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_NOTFOUND);
    const char *t = "just some text\nwith -----BEGIN in the middle-----\n";
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_E_NOTFOUND);
    /* empty body */
    t = "-----BEGIN X-----\n-----END X-----\n";
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
    buf_t out = BUF_INIT;
    ck_assert_int_eq(pem_decode(&b, &out, &d), ASN1_OK);
    ck_assert_uint_eq(out.len, 0);
    buf_free(&out);
}
END_TEST

START_TEST(pem_bad_base64_line)
{
    const char *t = "text\n"
                    "-----BEGIN CERTIFICATE-----\n"
                    "MAMCAQEA\n"
                    "MAMC*QE=\n"
                    "-----END CERTIFICATE-----\n";
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, t, strlen(t));
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
    buf_t out = BUF_INIT;
    ck_assert_int_eq(pem_decode(&b, &out, &d), ASN1_E_VALUE);
    ck_assert_str_eq(d.msg, "line 4, column 5: invalid base64 character '*'");
    buf_free(&out);
}
END_TEST

START_TEST(pem_writer_strict)
{
    uint8_t der[100];
    for (size_t i = 0; i < sizeof der; i++)
        der[i] = (uint8_t)i;
    buf_t w = BUF_INIT;
    pem_write(&w, "CERTIFICATE", 11, "", 0, der, sizeof der);
    ck_assert_uint_eq(w.len, pem_write_len(11, sizeof der));
    const char *want = "-----BEGIN CERTIFICATE-----\n"
                       "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v\n"
                       "MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f\n"
                       "YGFiYw==\n"
                       "-----END CERTIFICATE-----\n";
    ck_assert_uint_eq(w.len, strlen(want));
    ck_assert(memcmp(w.p, want, w.len) == 0);
    /* read back */
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, w.p, w.len);
    ck_assert_int_eq(pem_reader_next(&r, &b, &d), ASN1_OK);
    buf_t out = BUF_INIT;
    ck_assert_int_eq(pem_decode(&b, &out, &d), ASN1_OK);
    ck_assert_uint_eq(out.len, sizeof der);
    ck_assert(memcmp(out.p, der, sizeof der) == 0);
    buf_free(&out);
    buf_free(&w);
    ck_assert_str_eq(pem_label_alias("X509 CERTIFICATE", 16), "CERTIFICATE");
    ck_assert_str_eq(pem_label_alias("NEW CERTIFICATE REQUEST", 23), "CERTIFICATE REQUEST");
    ck_assert_ptr_null(pem_label_alias("CERTIFICATE", 11));
    ck_assert_ptr_null(pem_label_alias("TRUSTED CERTIFICATE", 19));
}
END_TEST

/* -------------------------------------------------------------- input */

/* A DER element: tag, minimal length, content. */
static void der_elem(buf_t *b, uint8_t tag, const uint8_t *p, size_t n)
{
    buf_putc(b, (char)tag);
    if (n < 128) {
        buf_putc(b, (char)n);
    } else {
        int k = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
        buf_putc(b, (char)(0x80 | k));
        for (int i = k - 1; i >= 0; i--)
            buf_putc(b, (char)(n >> (8 * i)));
    }
    buf_put(b, p, n);
}

/* SEQUENCE { INTEGER i, OCTET STRING of size bytes } */
static void make_obj(buf_t *b, unsigned i, size_t size)
{
    buf_t c = BUF_INIT;
    uint8_t iv[2] = { (uint8_t)(i >> 8), (uint8_t)i };
    der_elem(&c, 0x02, iv, 2);
    uint8_t *oct = malloc(size ? size : 1);
    for (size_t k = 0; k < size; k++)
        oct[k] = (uint8_t)(k * 31 + i);
    der_elem(&c, 0x04, oct, size);
    free(oct);
    der_elem(b, 0x30, (const uint8_t *)c.p, c.len);
    buf_free(&c);
}

static char tmpl_dir[] = "/tmp/certkit-test-pem-XXXXXX";
static const char *tmpdir(void)
{
    static bool made;
    if (!made) {
        ck_assert_ptr_nonnull(mkdtemp(tmpl_dir));
        made = true;
    }
    return tmpl_dir;
}

static char *write_tmp(const char *name, const void *p, size_t n)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir(), name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(p, 1, n, f), n);
    fclose(f);
    return path;
}

typedef struct collected {
    unsigned objects, bad, warn;
    in_form form;
    size_t sizes[64];
    uint64_t offsets[64];
    size_t lines[64], blocks[64];
    char labels[64][32];
    char msg[64][192];
} collected;

static void collect(const char *path, in_form forced, size_t read_size, size_t max_obj, collected *c)
{
    memset(c, 0, sizeof *c);
    input_t in;
    ck_assert_int_eq(input_open(&in, path, forced), 0);
    if (read_size)
        input_set_read_size(&in, read_size);
    if (max_obj)
        input_set_max_object(&in, max_obj);
    in_status st;
    unsigned guard = 0;
    while ((st = input_next(&in)) != IN_END) {
        ck_assert_uint_lt(++guard, 1000);
        unsigned k = c->objects + c->bad + c->warn;
        ck_assert_uint_lt(k, 64);
        if (st == IN_OBJECT) {
            c->sizes[k] = in.obj.der.len;
            c->offsets[k] = in.obj.pos.offset;
            c->lines[k] = in.obj.pos.line;
            c->blocks[k] = in.obj.pos.block;
            snprintf(c->labels[k], sizeof c->labels[k], "%s", in.obj.label);
            c->objects++;
        } else {
            ck_assert_int_ne(st, IN_FATAL);
            snprintf(c->msg[k], sizeof c->msg[k], "%s", in.err.d.msg);
            c->offsets[k] = in.err.pos.offset;
            c->lines[k] = in.err.pos.line;
            c->blocks[k] = in.err.pos.block;
            if (st == IN_BAD)
                c->bad++;
            else
                c->warn++;
        }
    }
    c->form = in.form;
    input_close(&in);
}

START_TEST(input_der_bundle_any_read_size)
{
    buf_t b = BUF_INIT;
    size_t sizes[] = { 0, 1, 100, 127, 128, 255, 256, 300, 4000, 70000, 5 };
    uint64_t offs[16];
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        offs[i] = b.len;
        make_obj(&b, i, sizes[i]);
    }
    const char *path = write_tmp("bundle.der", b.p, b.len);
    size_t rs[] = { 1, 2, 3, 7, 64, 1000, 65536, 0 };
    for (size_t r = 0; r < sizeof rs / sizeof rs[0]; r++) {
        collected c;
        collect(path, IN_FORM_AUTO, rs[r], 0, &c);
        ck_assert_int_eq(c.form, IN_FORM_DER);
        ck_assert_uint_eq(c.objects, 11);
        ck_assert_uint_eq(c.bad, 0);
        for (unsigned i = 0; i < 11; i++)
            ck_assert_uint_eq(c.offsets[i], offs[i]);
    }
    /* the bytes themselves, through a pipe, in 5-byte reads */
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        size_t off = 0;
        while (off < b.len) {
            ssize_t w = write(fds[1], b.p + off, b.len - off < 333 ? b.len - off : 333);
            if (w <= 0)
                _exit(1);
            off += (size_t)w;
        }
        _exit(0);
    }
    close(fds[1]);
    input_t in;
    input_open_fd(&in, fds[0], "pipe", IN_FORM_AUTO);
    input_set_read_size(&in, 5);
    unsigned n = 0;
    in_status st;
    while ((st = input_next(&in)) == IN_OBJECT) {
        ck_assert(memcmp(in.obj.der.p, b.p + offs[n], in.obj.der.len) == 0);
        n++;
    }
    ck_assert_int_eq(st, IN_END);
    ck_assert_uint_eq(n, 11);
    input_close(&in);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    buf_free(&b);
}
END_TEST

START_TEST(input_der_indefinite)
{
    /* 30 80 { 30 80 { 02 01 05 } 00 00, 04 02 aa bb } 00 00, then a definite object */
    static const uint8_t ber[] = { 0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00,
                                   0x04, 0x02, 0xaa, 0xbb, 0x00, 0x00, 0x30, 0x03, 0x02, 0x01, 0x07 };
    const char *path = write_tmp("ber.der", ber, sizeof ber);
    for (size_t rs = 1; rs < 24; rs++) {
        collected c;
        collect(path, IN_FORM_AUTO, rs, 0, &c);
        ck_assert_uint_eq(c.objects, 2);
        ck_assert_uint_eq(c.sizes[0], 15);
        ck_assert_uint_eq(c.sizes[1], 5);
        ck_assert_uint_eq(c.offsets[1], 15);
    }
    uint64_t total;
    const char *why;
    ck_assert_int_eq(ber_frame(ber, sizeof ber, 64, &total, &why), ASN1_OK);
    ck_assert_uint_eq(total, 15);
    ck_assert_int_eq(ber_frame(ber, 14, 64, &total, &why), ASN1_E_TRUNCATED);
    ck_assert_int_eq(ber_frame(ber, sizeof ber, 1, &total, &why), ASN1_E_DEPTH);
    static const uint8_t prim_indef[] = { 0x04, 0x80, 0x00, 0x00 };
    ck_assert_int_eq(ber_frame(prim_indef, 4, 64, &total, &why), ASN1_E_BAD_LENGTH);
    static const uint8_t ff[] = { 0x30, 0xff, 0x00 };
    ck_assert_int_eq(ber_frame(ff, 3, 64, &total, &why), ASN1_E_BAD_LENGTH);
    static const uint8_t big[] = { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00 };
    ck_assert_int_eq(ber_frame(big, sizeof big, 64, &total, &why), ASN1_E_TRUNCATED);
    ck_assert_uint_eq(total, 6 + 0xffffffffull);
}
END_TEST

START_TEST(input_der_limits_and_damage)
{
    buf_t b = BUF_INIT;
    make_obj(&b, 1, 10);
    make_obj(&b, 2, 5000);        /* over a 1000-byte limit: reported, skipped */
    make_obj(&b, 3, 10);
    const char *path = write_tmp("limit.der", b.p, b.len);
    collected c;
    collect(path, IN_FORM_AUTO, 100, 1000, &c);
    ck_assert_uint_eq(c.objects, 2);
    ck_assert_uint_eq(c.bad, 1);
    ck_assert(strstr(c.msg[1], "over the limit") != NULL);
    ck_assert_uint_eq(c.offsets[1], 18);
    ck_assert_uint_eq(c.sizes[2], 18);

    /* a truncated last element */
    buf_reset(&b);
    make_obj(&b, 1, 10);
    make_obj(&b, 2, 300);
    path = write_tmp("trunc.der", b.p, b.len - 7);
    collect(path, IN_FORM_AUTO, 64, 0, &c);
    ck_assert_uint_eq(c.objects, 1);
    ck_assert_uint_eq(c.bad, 1);
    ck_assert(strstr(c.msg[1], "truncated") != NULL);

    /* trailing bytes after the last object: a warning */
    buf_reset(&b);
    make_obj(&b, 1, 10);
    buf_put(&b, "\0\0\0\n", 4);
    path = write_tmp("trail.der", b.p, b.len);
    collect(path, IN_FORM_AUTO, 0, 0, &c);
    ck_assert_uint_eq(c.objects, 1);
    ck_assert_uint_eq(c.warn, 1);
    ck_assert_str_eq(c.msg[1], "4 bytes after the last object are not DER");

    /* junk after an object that happens to frame as elements: one warning, not a flood */
    buf_reset(&b);
    make_obj(&b, 1, 10);
    buf_put(&b, "\x02\x02\x02\x02\x03\x02\x01\x00\x02\x01", 10);
    path = write_tmp("junk-tlv.der", b.p, b.len);
    collect(path, IN_FORM_AUTO, 3, 0, &c);
    ck_assert_uint_eq(c.objects, 1);
    ck_assert_uint_eq(c.bad, 0);
    ck_assert_uint_eq(c.warn, 1);
    ck_assert_str_eq(c.msg[1], "10 bytes after the last object are not DER");
    ck_assert_uint_eq(c.offsets[1], 18);
    buf_free(&b);

    /* empty input */
    path = write_tmp("empty", "", 0);
    collect(path, IN_FORM_AUTO, 0, 0, &c);
    ck_assert_uint_eq(c.objects, 0);
    ck_assert_uint_eq(c.bad, 1);
    ck_assert_str_eq(c.msg[0], "empty input");
}
END_TEST

START_TEST(input_pem_stream)
{
    buf_t obj = BUF_INIT, t = BUF_INIT;
    buf_puts(&t, "Bag Attributes\r\n    friendlyName: x\r\n");
    size_t want_size[6];
    for (unsigned i = 0; i < 6; i++) {
        buf_reset(&obj);
        make_obj(&obj, i, i * 97);
        want_size[i] = obj.len;
        pem_write(&t, i == 3 ? "X509 CRL" : "CERTIFICATE", i == 3 ? 8 : 11, "", 0, (const uint8_t *)obj.p,
                  obj.len);
        if (i == 2)
            buf_puts(&t, "subject=CN = -----\nissuer=CN = x\n");
    }
    buf_puts(&t, "-----BEGIN CERTIFICATE-----\nMAMC*QE=\n-----END CERTIFICATE-----\n");
    buf_puts(&t, "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END X509 CRL-----\n");
    buf_puts(&t, "-----BEGIN CERTIFICATE-----\nMAMCAQE=");   /* truncated, no final newline */
    const char *path = write_tmp("stream.pem", t.p, t.len);
    for (size_t rs = 1; rs < 40; rs += (rs < 12 ? 1 : 9)) {
        collected c;
        collect(path, IN_FORM_AUTO, rs, 0, &c);
        ck_assert_int_eq(c.form, IN_FORM_PEM);
        ck_assert_uint_eq(c.objects, 6);
        ck_assert_uint_eq(c.bad, 3);
        ck_assert_str_eq(c.labels[3], "X509 CRL");
        for (unsigned i = 0; i < 6; i++) {
            ck_assert_uint_eq(c.blocks[i], i + 1);
            ck_assert_uint_eq(c.sizes[i], want_size[i]);
        }
        ck_assert_uint_eq(c.lines[0], 3);
        ck_assert_uint_eq(c.blocks[6], 7);
        ck_assert(strstr(c.msg[6], "invalid base64 character '*'") != NULL);
        ck_assert(strstr(c.msg[7], "closed by END X509 CRL") != NULL);
        ck_assert(strstr(c.msg[8], "has no END line") != NULL);
        /* the bad base64 line's number: count the lines before it */
        size_t line = 1;
        const char *bad = strstr(t.p, "MAMC*");
        for (const char *p = t.p; p < bad; p++)
            line += *p == '\n';
        char want[64];
        snprintf(want, sizeof want, "line %zu, column 5:", line);
        ck_assert_msg(strncmp(c.msg[6], want, strlen(want)) == 0, "%s vs %s", c.msg[6], want);
    }
    buf_free(&obj);
    buf_free(&t);
}
END_TEST

START_TEST(input_detection)
{
    collected c;
    /* base64 lines (CT dumps) */
    const char *b64 = "MAMCAQE=\r\n\nMAYCAQICAQM=\n   \nMAMCAQQ=";
    const char *path = write_tmp("lines.b64", b64, strlen(b64));
    collect(path, IN_FORM_AUTO, 3, 0, &c);
    ck_assert_int_eq(c.form, IN_FORM_B64);
    ck_assert_uint_eq(c.objects, 3);
    ck_assert_uint_eq(c.sizes[1], 8);
    ck_assert_uint_eq(c.lines[0], 1);
    ck_assert_uint_eq(c.lines[1], 3);
    ck_assert_uint_eq(c.lines[2], 5);
    /* a bad line among good ones */
    b64 = "MAMCAQE=\nMAMCA*E=\nMAMCAQEA\nMAMCAQQ=\n";
    path = write_tmp("lines2.b64", b64, strlen(b64));
    collect(path, IN_FORM_AUTO, 0, 0, &c);
    ck_assert_int_eq(c.form, IN_FORM_B64);
    ck_assert_uint_eq(c.objects, 2);
    ck_assert_uint_eq(c.bad, 2);
    ck_assert_str_eq(c.msg[1], "line 2, column 6: invalid base64 character '*'");
    ck_assert(strstr(c.msg[2], "line 3: the base64 does not decode to one DER object") != NULL);
    /* a PEM body line alone is not a base64 object: text without blocks */
    const char *txt = "hello\nworld\n";
    path = write_tmp("text.txt", txt, strlen(txt));
    collect(path, IN_FORM_AUTO, 0, 0, &c);
    ck_assert_int_eq(c.form, IN_FORM_PEM);
    ck_assert_uint_eq(c.objects, 0);
    ck_assert_uint_eq(c.bad, 1);
    ck_assert_str_eq(c.msg[0], "no PEM block, DER or base64 object found");
    /* binary that is not DER */
    const uint8_t junk[] = { 0x01, 0x02, 0x03 };
    path = write_tmp("junk.bin", junk, sizeof junk);
    collect(path, IN_FORM_AUTO, 0, 0, &c);
    ck_assert_uint_eq(c.objects, 0);
    ck_assert_uint_eq(c.bad, 1);
    ck_assert(strstr(c.msg[0], "truncated") != NULL || strstr(c.msg[0], "not PEM, DER") != NULL);
    /* forcing: DER bytes read as PEM find no block; PEM read as DER is not DER */
    const uint8_t der[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
    path = write_tmp("one.der", der, sizeof der);
    collect(path, IN_FORM_PEM, 0, 0, &c);
    ck_assert_uint_eq(c.objects, 0);
    ck_assert_uint_eq(c.bad, 1);
    collect(path, IN_FORM_DER, 0, 0, &c);
    ck_assert_uint_eq(c.objects, 1);
    const char *pem = "\xef\xbb\xbf-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    path = write_tmp("bom.pem", pem, strlen(pem));
    collect(path, IN_FORM_AUTO, 0, 0, &c);
    ck_assert_uint_eq(c.objects, 1);
    ck_assert_uint_eq(c.offsets[0], 3);
    collect(path, IN_FORM_B64, 0, 0, &c);      /* as lines: the body line is an object */
    ck_assert_uint_eq(c.objects, 1);
    ck_assert_uint_eq(c.bad, 2);
    /* a first byte above 0x7f: a DER tag ([0] is 0xa0) or UTF-8 text */
    const uint8_t ctx0[] = { 0xa0, 0x03, 0x02, 0x01, 0x01 };
    path = write_tmp("ctx0.der", ctx0, sizeof ctx0);
    collect(path, IN_FORM_AUTO, 0, 0, &c);
    ck_assert_int_eq(c.form, IN_FORM_DER);
    ck_assert_uint_eq(c.objects, 1);
    const char *utf = "\xc3\x84nderung:\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    path = write_tmp("utf8.pem", utf, strlen(utf));
    collect(path, IN_FORM_AUTO, 0, 0, &c);
    ck_assert_int_eq(c.form, IN_FORM_PEM);
    ck_assert_uint_eq(c.objects, 1);
    ck_assert_uint_eq(c.lines[0], 2);
    in_form f;
    ck_assert(in_form_parse("b64", &f) && f == IN_FORM_B64);
    ck_assert(in_form_parse("der", &f) && f == IN_FORM_DER);
    ck_assert(!in_form_parse("txt", &f));
    /* opening a missing file or a folder gives errno */
    input_t in;
    ck_assert_int_eq(input_open(&in, "/nonexistent/x", IN_FORM_AUTO), ENOENT);
    ck_assert_int_eq(input_open(&in, "/", IN_FORM_AUTO), EISDIR);
}
END_TEST

/* Memory stays bounded by the largest object: 20,000 objects through 4 KiB reads. */
START_TEST(input_bounded_window)
{
    buf_t b = BUF_INIT;
    for (unsigned i = 0; i < 20000; i++)
        make_obj(&b, i, 200 + i % 300);
    const char *path = write_tmp("many.der", b.p, b.len);
    input_t in;
    ck_assert_int_eq(input_open(&in, path, IN_FORM_AUTO), 0);
    input_set_read_size(&in, 4096);
    unsigned n = 0;
    size_t maxcap = 0;
    while (input_next(&in) == IN_OBJECT) {
        n++;
        if (in.cap > maxcap)
            maxcap = in.cap;
    }
    ck_assert_uint_eq(n, 20000);
    ck_assert_uint_le(maxcap, 16384);
    input_close(&in);
    /* the same as PEM */
    buf_t t = BUF_INIT;
    for (unsigned i = 0; i < 3000; i++) {
        buf_reset(&b);
        make_obj(&b, i, 200 + i % 300);
        pem_write(&t, "CERTIFICATE", 11, "", 0, (const uint8_t *)b.p, b.len);
    }
    path = write_tmp("many.pem", t.p, t.len);
    ck_assert_int_eq(input_open(&in, path, IN_FORM_AUTO), 0);
    input_set_read_size(&in, 4096);
    n = 0;
    maxcap = 0;
    while (input_next(&in) == IN_OBJECT) {
        n++;
        if (in.cap > maxcap)
            maxcap = in.cap;
    }
    ck_assert_uint_eq(n, 3000);
    ck_assert_uint_le(maxcap, 16384);
    input_close(&in);
    buf_free(&b);
    buf_free(&t);
}
END_TEST

/* What is decided at a limit never depends on how far a read went. */
START_TEST(input_limits_any_read_size)
{
    /* an indefinite-length element longer than a 1000-byte limit, then a small object */
    buf_t b = BUF_INIT;
    buf_put(&b, "\x30\x80", 2);
    for (int i = 0; i < 30; i++)
        make_obj(&b, (unsigned)i, 60);
    buf_put(&b, "\x00\x00", 2);
    make_obj(&b, 99, 10);
    const char *path = write_tmp("indef-big.der", b.p, b.len);
    size_t rs[] = { 1, 7, 64, 999, 1000, 1001, 4096, 1 << 20 };
    for (size_t r = 0; r < sizeof rs / sizeof rs[0]; r++) {
        collected c;
        collect(path, IN_FORM_AUTO, rs[r], 1000, &c);
        ck_assert_uint_eq(c.objects, 0);
        ck_assert_uint_eq(c.bad, 1);
        ck_assert_str_eq(c.msg[0], "an indefinite-length element over the limit of 1000 bytes");
    }
    /* a PEM block over the window limit (about 1 MiB for a 1000-byte object limit), then a good one */
    buf_t t = BUF_INIT;
    buf_puts(&t, "-----BEGIN CERTIFICATE-----\n");
    for (int i = 0; i < 20000; i++)
        buf_puts(&t, "MAMCAQEwAwIBATADAgEBMAMCAQEwAwIBATADAgEBMAMCAQEwAwIBATADAgEBMAMC\n");
    buf_puts(&t, "-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n");
    path = write_tmp("big.pem", t.p, t.len);
    size_t rs2[] = { 4096, 65536, 1000003, 3 << 20 };
    for (size_t r = 0; r < sizeof rs2 / sizeof rs2[0]; r++) {
        collected c;
        collect(path, IN_FORM_AUTO, rs2[r], 1000, &c);
        ck_assert_uint_eq(c.bad, 1);
        ck_assert(strstr(c.msg[0], "PEM block larger than the limit") != NULL);
        ck_assert_uint_eq(c.objects, 1);
        ck_assert_uint_eq(c.lines[1], 20003);
        ck_assert_uint_eq(c.blocks[1], 2);
    }
    /* a base64 line over the limit, then a good line */
    buf_reset(&t);
    buf_puts(&t, "MAMCAQE=\n");
    for (int i = 0; i < 20000; i++)
        buf_puts(&t, "MAMCAQEwAwIBATADAgEBMAMCAQEwAwIBATADAgEBMAMCAQEwAwIBATADAgEBMAMC");
    buf_puts(&t, "\nMAMCAQE=\n");
    path = write_tmp("long.b64", t.p, t.len);
    for (size_t r = 0; r < sizeof rs2 / sizeof rs2[0]; r++) {
        collected c;
        collect(path, IN_FORM_AUTO, rs2[r], 1000, &c);
        ck_assert_int_eq(c.form, IN_FORM_B64);
        ck_assert_uint_eq(c.objects, 2);
        ck_assert_uint_eq(c.bad, 1);
        ck_assert(strstr(c.msg[1], "line 2: longer than the limit") != NULL);
        ck_assert_uint_eq(c.lines[2], 3);
    }
    buf_free(&b);
    buf_free(&t);
}
END_TEST

/* Formats certkit does not read are named by their first bytes or PEM label; the forms
 * it reads never are (a DER SEQUENCE, PEM, base64 lines). */
START_TEST(foreign_formats)
{
    static const struct {
        const char *bytes;
        size_t n;
        const char *want;       /* a word of the description, or NULL */
    } cases[] = {
        { "\xfe\xed\xfe\xed\x00\x00\x00\x02", 8, "JKS" },
        { "\xce\xce\xce\xce\x00", 5, "JCEKS" },
        { "PuTTY-User-Key-File-2: ssh-rsa\n", 31, "PuTTY" },
        { "\n  ssh-rsa AAAAB3Nza", 20, "OpenSSH public key" },
        { "ecdsa-sha2-nistp256 AAAA", 24, "OpenSSH public key" },
        { "---- BEGIN SSH2 PUBLIC KEY ----", 31, "RFC 4716" },
        { "PK\x03\x04", 4, "ZIP" },
        { "\x1f\x8b\x08", 3, "gzip" },
        { "\x30\x82\x01\x00", 4, NULL },
        { "-----BEGIN CERTIFICATE-----", 27, NULL },
        { "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 44, NULL },
        { "ssh-rsa", 7, NULL },             /* no space: not the key-line form */
        { "\xfe\xed\xfe", 3, NULL },         /* too short to be the magic */
        { "", 0, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = input_foreign((const uint8_t *)cases[i].bytes, cases[i].n);
        if (!cases[i].want)
            ck_assert_msg(got == NULL, "case %zu: %s", i, got);
        else
            ck_assert_msg(got && strstr(got, cases[i].want), "case %zu: %s", i, got ? got : "(null)");
    }
    ck_assert_ptr_nonnull(strstr(pem_label_foreign("OPENSSH PRIVATE KEY"), "ssh-keygen -p -m PKCS8"));
    ck_assert_ptr_nonnull(pem_label_foreign("PGP PUBLIC KEY BLOCK"));
    ck_assert_ptr_null(pem_label_foreign("PRIVATE KEY"));
    ck_assert_ptr_null(pem_label_foreign("CERTIFICATE"));
}
END_TEST

Suite *suite_pem(void)
{
    Suite *s = suite_create("pem");
    TCase *tc = tcase_create("base64");
    tcase_add_test(tc, b64_roundtrip_scalar);
    tcase_add_test(tc, b64_roundtrip_simd);
    tcase_add_test(tc, b64_random_large);
    tcase_add_test(tc, count_nl_vs_loop);
    tcase_add_test(tc, b64_whitespace_and_padding);
    tcase_add_test(tc, b64_bad_char_positions);
    suite_add_tcase(s, tc);
    tc = tcase_create("armor");
    tcase_add_test(tc, pem_basic_lf_crlf_nofinal);
    tcase_add_test(tc, pem_headers);
    tcase_add_test(tc, pem_text_between_blocks);
    tcase_add_test(tc, pem_mismatch_and_continue);
    tcase_add_test(tc, pem_truncated);
    tcase_add_test(tc, pem_empty_and_no_blocks);
    tcase_add_test(tc, pem_bad_base64_line);
    tcase_add_test(tc, pem_writer_strict);
    suite_add_tcase(s, tc);
    tc = tcase_create("input");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, input_der_bundle_any_read_size);
    tcase_add_test(tc, input_der_indefinite);
    tcase_add_test(tc, input_der_limits_and_damage);
    tcase_add_test(tc, input_pem_stream);
    tcase_add_test(tc, input_detection);
    tcase_add_test(tc, input_bounded_window);
    tcase_add_test(tc, input_limits_any_read_size);
    tcase_add_test(tc, foreign_formats);
    suite_add_tcase(s, tc);
    return s;
}
