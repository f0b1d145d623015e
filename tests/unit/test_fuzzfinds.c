/* Unit tests for the bugs the fuzzing campaign found (fuzz/README has the list); each
 * test names its harness and the crasher kept in fuzz/crashers/.  The crashers
 * themselves are replayed by `make check` (tests/run-fuzz-replay.sh); these tests pin
 * the behaviour down at the API, with hand-made inputs small enough to read. */
#include <check.h>
#include <string.h>

#include "asn1/asn1.h"
#include "x509/x509.h"

/* SubjectPublicKeyInfo { rsaEncryption NULL, RSAPublicKey { modulus, 65537 } } */
static void rsa_spki(buf_t *out, const uint8_t *mod, size_t n)
{
    static const uint8_t e[] = { 0x01, 0x00, 0x01 };
    size_t spki = derw_begin(out, ASN1_SEQUENCE);
    size_t alg = derw_begin(out, ASN1_SEQUENCE);
    derw_oid(out, OID_rsaEncryption);
    derw_null(out);
    derw_end(out, alg);
    size_t bits = derw_begin(out, ASN1_BIT_STRING);
    buf_putc(out, 0);
    size_t key = derw_begin(out, ASN1_SEQUENCE);
    derw_tlv(out, ASN1_INTEGER, mod, n);       /* as given: no 00 added */
    derw_tlv(out, ASN1_INTEGER, e, sizeof e);
    derw_end(out, key);
    derw_end(out, bits);
    derw_end(out, spki);
}

static void decode_spki(const buf_t *b, asn1_ctx *ctx, ck_pubkey *k)
{
    der_t root;
    asn1_ctx_init(ctx, (const uint8_t *)b->p, b->len);
    der_init(&root, ctx, NULL);
    ck_assert_int_eq(spki_decode(&root, k), ASN1_OK);
}

/*
 * fuzz_key, fuzz/crashers/key/rsa-pss-spki-negative-modulus-rewrite-unequal.der: a
 * modulus without its leading 00 (a "negative" INTEGER) is read as unsigned with a
 * warning; the SPKI writer puts the 00 back, and the key it wrote compared unequal to
 * the key it came from (ck_int_equal compared negative values byte for byte), so
 * keymatch would have called a certificate and its own key a mismatch.
 */
START_TEST(rsa_modulus_without_leading_zero_equals_itself)
{
    static const uint8_t neg[] = { 0xc3, 0x5a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x67 };
    uint8_t pos[sizeof neg + 1];
    pos[0] = 0;
    memcpy(pos + 1, neg, sizeof neg);
    buf_t a = BUF_INIT, b = BUF_INIT, w = BUF_INIT;
    rsa_spki(&a, neg, sizeof neg);
    rsa_spki(&b, pos, sizeof pos);
    asn1_ctx ca, cb, cw;
    ck_pubkey ka, kb, kw;
    decode_spki(&a, &ca, &ka);
    decode_spki(&b, &cb, &kb);
    ck_assert_uint_eq(ca.nwarn, 1);            /* "negative modulus: read as unsigned" */
    ck_assert_ptr_nonnull(strstr(ca.warn[0].msg, "negative modulus"));
    ck_assert_uint_eq(cb.nwarn, 0);
    ck_assert(ck_pubkey_equal(&ka, &kb));
    ck_assert(ck_pubkey_equal(&kb, &ka));
    /* what the writer makes of the lenient key is the same key */
    ck_assert_int_eq(ck_spki_write(&ka, &w), ASN1_OK);
    decode_spki(&w, &cw, &kw);
    ck_assert(ck_pubkey_equal(&ka, &kw));
    ck_assert(ck_pubkey_equal(&kw, &ka));
    /* and a different modulus is still different */
    pos[sizeof pos - 1] ^= 1;
    buf_t c = BUF_INIT;
    asn1_ctx cc;
    ck_pubkey kc;
    rsa_spki(&c, pos, sizeof pos);
    decode_spki(&c, &cc, &kc);
    ck_assert(!ck_pubkey_equal(&ka, &kc));
    buf_free(&a);
    buf_free(&b);
    buf_free(&c);
    buf_free(&w);
}
END_TEST

Suite *suite_fuzzfinds(void)
{
    Suite *s = suite_create("fuzzfinds");
    TCase *t = tcase_create("key");
    tcase_add_test(t, rsa_modulus_without_leading_zero_equals_itself);
    suite_add_tcase(s, t);
    return s;
}
