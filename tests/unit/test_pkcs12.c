/*
 * test_pkcs12.c - the PKCS#12 reader (pkcs12/pkcs12.h) on small inputs built here
 * with the DER writer: algorithm parameters (PKCS#12 PBE, PBES1, PBES2 with every
 * encryption scheme form, scrypt and unknown ciphers named, PBMAC1), password
 * forms, the MAC outcomes (valid, absent, mismatch, unsupported, over the cap, absent
 * vs empty), bags and attributes, nesting limits, the fatal structure errors
 * (version, envelopedData, truncation at every prefix), and encrypted PKCS#8 round
 * trips.  Each test states what would make it fail.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pkcs12/p12_impl.h"

/* ------------------------------------------------------------ DER builders */

static void w_octets(buf_t *b, const void *p, size_t n) { derw_tlv(b, ASN1_OCTET_STRING, p, n); }

/* AlgorithmIdentifier { oid, params (raw DER, may be empty) } */
static void w_alg(buf_t *b, oid_id id, const buf_t *params)
{
    size_t m = derw_begin(b, ASN1_SEQUENCE);
    derw_oid(b, id);
    if (params && params->len)
        buf_put(b, params->p, params->len);
    derw_end(b, m);
}

/* pkcs-12PbeParams / PBEParameter */
static void w_pbe_params(buf_t *b, const uint8_t *salt, size_t sl, int64_t iter)
{
    size_t m = derw_begin(b, ASN1_SEQUENCE);
    w_octets(b, salt, sl);
    derw_int64(b, iter);
    derw_end(b, m);
}

/* PBES2 params with PBKDF2 (prf NULL: default) and an encryption scheme with an OCTET STRING IV */
static void w_pbes2(buf_t *b, const uint8_t *salt, size_t sl, int64_t iter, int64_t keylen, oid_id prf,
                    oid_id enc, const uint8_t *iv, size_t ivl)
{
    buf_t p = BUF_INIT;
    size_t m = derw_begin(&p, ASN1_SEQUENCE);
    size_t k = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, OID_pbkdf2);
    size_t kp = derw_begin(&p, ASN1_SEQUENCE);
    w_octets(&p, salt, sl);
    derw_int64(&p, iter);
    if (keylen)
        derw_int64(&p, keylen);
    if (prf != OID_UNKNOWN) {
        size_t pm = derw_begin(&p, ASN1_SEQUENCE);
        derw_oid(&p, prf);
        derw_null(&p);
        derw_end(&p, pm);
    }
    derw_end(&p, kp);
    derw_end(&p, k);
    size_t e = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, enc);
    if (iv)
        w_octets(&p, iv, ivl);
    derw_end(&p, e);
    derw_end(&p, m);
    w_alg(b, OID_pbes2, &p);
    buf_free(&p);
}

static asn1_err decode_alg(const buf_t *der, p12_alg_use use, p12_alg *a, asn1_ctx *ctx)
{
    asn1_ctx_init(ctx, (const uint8_t *)der->p, der->len);
    der_t c;
    der_init(&c, ctx, "alg");
    return p12_alg_decode(&c, "encryptionAlgorithm", use, a);
}

static const uint8_t SALT8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t IV16[16] = { 0 };

/* --------------------------------------------------------------- parameters */

START_TEST(alg_pkcs12_pbe)
{
    buf_t p = BUF_INIT, d = BUF_INIT;
    w_pbe_params(&p, SALT8, 8, 2048);
    w_alg(&d, OID_pbeWithSHAAnd3_KeyTripleDES_CBC, &p);
    p12_alg a;
    asn1_ctx ctx;
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert_int_eq(a.kind, P12_ALG_PKCS12_PBE);
    ck_assert_uint_eq(a.iterations, 2048);
    ck_assert_uint_eq(a.salt.len, 8);
    ck_assert(p12_alg_supported(&a));
    ck_assert_str_eq(p12_alg_cipher_name(&a), "des-ede3-cbc");
    buf_t t = BUF_INIT;
    p12_alg_describe(&a, &t);
    ck_assert_str_eq(buf_cstr(&t), "pbeWithSHAAnd3-KeyTripleDES-CBC");
    /* RC2-40 is named as openssl users know it */
    buf_reset(&d);
    w_alg(&d, OID_pbeWithSHAAnd40BitRC2_CBC, &p);
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert_str_eq(p12_alg_cipher_name(&a), "rc2-40-cbc");
    buf_free(&t);
    buf_free(&p);
    buf_free(&d);
}
END_TEST

START_TEST(alg_pbes1_salt_warning)
{
    /* PBES1 wants an 8-byte salt: 16 bytes decode with a warning (NSS wrote them) */
    static const uint8_t salt16[16] = { 9 };
    buf_t p = BUF_INIT, d = BUF_INIT;
    w_pbe_params(&p, salt16, 16, 1);
    w_alg(&d, OID_pbeWithMD5AndDES_CBC, &p);
    p12_alg a;
    asn1_ctx ctx;
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert_int_eq(a.kind, P12_ALG_PBES1);
    ck_assert_uint_eq(ctx.nwarn, 1);
    ck_assert_ptr_nonnull(strstr(ctx.warn[0].msg, "PBES1 salt of 16 octets"));
    buf_free(&p);
    buf_free(&d);
}
END_TEST

START_TEST(alg_pbes2_default_prf)
{
    buf_t d = BUF_INIT;
    w_pbes2(&d, SALT8, 8, 600000, 0, OID_UNKNOWN, OID_aes256_cbc, IV16, 16);
    p12_alg a;
    asn1_ctx ctx;
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert_int_eq(a.kind, P12_ALG_PBES2);
    ck_assert_int_eq(a.kdf_id, OID_pbkdf2);
    ck_assert_int_eq(a.prf_id, OID_hmacWithSHA1);   /* the DEFAULT */
    ck_assert_uint_eq(a.prf_oid.len, 0);
    ck_assert_int_eq(a.enc_id, OID_aes256_cbc);
    ck_assert_uint_eq(a.iv.len, 16);
    ck_assert_uint_eq(a.iterations, 600000);
    ck_assert(!a.has_keylen);
    ck_assert(p12_alg_supported(&a));
    pbes2_params pp;
    ck_assert_int_eq(p12__pbes2_params(&a, &pp), ASN1_OK);
    ck_assert_int_eq(pp.prf, CK_HASH_SHA1);
    ck_assert_int_eq(pp.cipher, CK_AES256_CBC);
    buf_t t = BUF_INIT;
    p12_alg_describe(&a, &t);
    ck_assert_str_eq(buf_cstr(&t), "PBES2 (PBKDF2 hmacWithSHA1, aes256-cbc)");
    buf_free(&t);
    buf_free(&d);
}
END_TEST

START_TEST(alg_pbes2_prf_and_keylen)
{
    buf_t d = BUF_INIT;
    w_pbes2(&d, SALT8, 8, 2048, 32, OID_hmacWithSHA256, OID_aes256_cbc, IV16, 16);
    p12_alg a;
    asn1_ctx ctx;
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert_int_eq(a.prf_id, OID_hmacWithSHA256);
    ck_assert(a.has_keylen);
    ck_assert_uint_eq(a.keylen, 32);
    ck_assert(!a.aes_keylen_quirk);
    /* NSS 3.29: keyLength 32 under the AES-128 OID is taken as AES-256, with a warning */
    buf_reset(&d);
    w_pbes2(&d, SALT8, 8, 2048, 32, OID_UNKNOWN, OID_aes128_cbc, IV16, 16);
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert(a.aes_keylen_quirk);
    ck_assert_uint_eq(ctx.nwarn, 1);
    pbes2_params pp;
    ck_assert_int_eq(p12__pbes2_params(&a, &pp), ASN1_OK);
    ck_assert_int_eq(pp.cipher, CK_AES256_CBC);
    buf_free(&d);
}
END_TEST

START_TEST(alg_pbes2_rc2)
{
    /* encryptionScheme rc2CBC: RC2-CBC-Parameter { rc2ParameterVersion 58 (128 bits), iv } */
    buf_t p = BUF_INIT, d = BUF_INIT;
    size_t m = derw_begin(&p, ASN1_SEQUENCE);
    size_t k = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, OID_pbkdf2);
    w_pbe_params(&p, SALT8, 8, 2048);
    derw_end(&p, k);
    size_t e = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, OID_rc2_cbc);
    size_t rp = derw_begin(&p, ASN1_SEQUENCE);
    derw_int64(&p, 58);
    w_octets(&p, SALT8, 8);
    derw_end(&p, rp);
    derw_end(&p, e);
    derw_end(&p, m);
    w_alg(&d, OID_pbes2, &p);
    p12_alg a;
    asn1_ctx ctx;
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert(a.has_rc2_version);
    ck_assert_int_eq(a.rc2_version, 58);
    pbes2_params pp;
    ck_assert_int_eq(p12__pbes2_params(&a, &pp), ASN1_OK);
    ck_assert_uint_eq(pp.rc2_bits, 128);
    buf_free(&p);
    buf_free(&d);
}
END_TEST

START_TEST(alg_unsupported_named)
{
    /* ARIA and IDEA decode (the structure is shown) but are named unsupported;
     * Camellia and scrypt are supported */
    buf_t d = BUF_INIT;
    w_pbes2(&d, SALT8, 8, 2048, 0, OID_hmacWithSHA256, OID_aria128_cbc, IV16, 16);
    p12_alg a;
    asn1_ctx ctx;
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert(!p12_alg_supported(&a));
    ck_assert_str_eq(a.unsupported, "aria-128-cbc");
    buf_reset(&d);
    w_pbes2(&d, SALT8, 8, 2048, 0, OID_hmacWithSHA256, OID_camellia128_cbc, IV16, 16);
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert(p12_alg_supported(&a));
    /* scrypt-params { salt, N, r, p } */
    buf_t p = BUF_INIT;
    buf_reset(&d);
    size_t m = derw_begin(&p, ASN1_SEQUENCE);
    size_t k = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, OID_scrypt);
    size_t sp = derw_begin(&p, ASN1_SEQUENCE);
    w_octets(&p, SALT8, 8);
    derw_int64(&p, 16384);
    derw_int64(&p, 8);
    derw_int64(&p, 1);
    derw_end(&p, sp);
    derw_end(&p, k);
    size_t e = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, OID_aes256_cbc);
    w_octets(&p, IV16, 16);
    derw_end(&p, e);
    derw_end(&p, m);
    w_alg(&d, OID_pbes2, &p);
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert(p12_alg_supported(&a));
    ck_assert_uint_eq(a.iterations, 16384);
    ck_assert_uint_eq(a.scrypt_r, 8);
    ck_assert_uint_eq(a.scrypt_p, 1);
    pbes2_params sp2;
    ck_assert_int_eq(p12__pbes2_params(&a, &sp2), ASN1_OK);
    ck_assert(sp2.scrypt);
    ck_assert_uint_eq(sp2.scrypt_n, 16384);
    /* an unknown algorithm is named by its dotted OID */
    buf_reset(&d);
    buf_reset(&p);
    asn1_err oe = asn1_oid_from_text("1.2.3.4.5", &p);
    ck_assert_int_eq(oe, ASN1_OK);
    size_t am = derw_begin(&d, ASN1_SEQUENCE);
    derw_tlv(&d, ASN1_OID, p.p, p.len);
    derw_end(&d, am);
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    ck_assert_int_eq(a.kind, P12_ALG_UNKNOWN);
    ck_assert_str_eq(a.unsupported, "1.2.3.4.5");
    buf_free(&p);
    buf_free(&d);
}
END_TEST

START_TEST(alg_errors)
{
    p12_alg a;
    asn1_ctx ctx;
    buf_t p = BUF_INIT, d = BUF_INIT;
    /* iteration count 0 */
    w_pbe_params(&p, SALT8, 8, 0);
    w_alg(&d, OID_pbeWithSHAAnd3_KeyTripleDES_CBC, &p);
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_E_VALUE);
    ck_assert_str_eq(ctx.err.path, "alg.encryptionAlgorithm.parameters.iterations");
    ck_assert_ptr_nonnull(strstr(ctx.err.msg, "not positive"));
    /* an AES IV of 8 bytes */
    buf_reset(&d);
    w_pbes2(&d, SALT8, 8, 2048, 0, OID_UNKNOWN, OID_aes128_cbc, IV16, 8);
    ck_assert_int_eq(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_E_VALUE);
    ck_assert_ptr_nonnull(strstr(ctx.err.msg, "IV of 8 octets"));
    /* parameters missing altogether */
    buf_reset(&d);
    w_alg(&d, OID_pbes2, NULL);
    ck_assert_int_ne(decode_alg(&d, P12_USE_ENCRYPTION, &a, &ctx), ASN1_OK);
    buf_free(&p);
    buf_free(&d);
}
END_TEST

START_TEST(alg_mac_and_pbmac1)
{
    p12_alg a;
    asn1_ctx ctx;
    buf_t d = BUF_INIT, p = BUF_INIT, n = BUF_INIT;
    derw_null(&n);
    w_alg(&d, OID_sha256, &n);
    ck_assert_int_eq(decode_alg(&d, P12_USE_MAC, &a, &ctx), ASN1_OK);
    ck_assert_int_eq(a.kind, P12_ALG_HMAC);
    ck_assert_int_eq(a.enc_id, OID_sha256);
    /* MD2 as the MAC digest: decoded, named unsupported */
    buf_reset(&d);
    w_alg(&d, OID_md2, &n);
    ck_assert_int_eq(decode_alg(&d, P12_USE_MAC, &a, &ctx), ASN1_OK);
    ck_assert(!p12_alg_supported(&a) || ck_hash_len(CK_HASH_MD2) > 0);
    /* PBMAC1-params { PBKDF2 { salt, 2048, 32, hmacWithSHA256 }, hmacWithSHA512 } */
    buf_reset(&d);
    size_t m = derw_begin(&p, ASN1_SEQUENCE);
    size_t k = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, OID_pbkdf2);
    size_t kp = derw_begin(&p, ASN1_SEQUENCE);
    w_octets(&p, SALT8, 8);
    derw_int64(&p, 2048);
    derw_int64(&p, 32);
    size_t pm = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, OID_hmacWithSHA256);
    derw_end(&p, pm);
    derw_end(&p, kp);
    derw_end(&p, k);
    size_t ms = derw_begin(&p, ASN1_SEQUENCE);
    derw_oid(&p, OID_hmacWithSHA512);
    derw_end(&p, ms);
    derw_end(&p, m);
    w_alg(&d, OID_pbmac1, &p);
    ck_assert_int_eq(decode_alg(&d, P12_USE_MAC, &a, &ctx), ASN1_OK);
    ck_assert_int_eq(a.kind, P12_ALG_PBMAC1);
    ck_assert_int_eq(a.prf_id, OID_hmacWithSHA256);
    ck_assert_int_eq(a.enc_id, OID_hmacWithSHA512);
    ck_assert_uint_eq(a.keylen, 32);
    buf_t t = BUF_INIT;
    p12_alg_describe(&a, &t);
    ck_assert_str_eq(buf_cstr(&t), "PBMAC1 (PBKDF2 hmacWithSHA256, hmacWithSHA512)");
    buf_free(&t);
    buf_free(&n);
    buf_free(&p);
    buf_free(&d);
}
END_TEST

/* ---------------------------------------------------------------- passwords */

START_TEST(pw_forms)
{
    p12_pw_bytes b;
    bool ok;
    /* ISO-8859-1 of "Mötley Crüe" (Java keystores) */
    ck_assert_int_eq(p12__pw_make("M\xc3\xb6tley Cr\xc3\xbc" "e", P12_FAM_PBKDF2, P12_PWF_LATIN1, &b, &ok), ASN1_OK);
    ck_assert(ok);
    ck_assert_uint_eq(b.bytes.len, 11);
    ck_assert_int_eq((uint8_t)b.bytes.p[1], 0xf6);
    ck_assert_int_eq((uint8_t)b.bytes.p[9], 0xfc);
    p12__pw_wipe(&b);
    /* a character above U+00FF has no ISO-8859-1 form */
    ck_assert_int_eq(p12__pw_make("\xe2\x82\xac", P12_FAM_PBKDF2, P12_PWF_LATIN1, &b, &ok), ASN1_OK);
    ck_assert(!ok);
    /* ASCII: the alternates would repeat the standard bytes, so they are not tried */
    ck_assert_int_eq(p12__pw_make("secret", P12_FAM_PBKDF2, P12_PWF_LATIN1, &b, &ok), ASN1_OK);
    ck_assert(!ok);
    ck_assert_int_eq(p12__pw_make("secret", P12_FAM_PKCS12, P12_PWF_BMP_BYTES, &b, &ok), ASN1_OK);
    ck_assert(!ok);
    /* NSS: the BMPString (with its 00 00) fed to PBKDF2 */
    ck_assert_int_eq(p12__pw_make("nss", P12_FAM_PBKDF2, P12_PWF_BMP_PBES2, &b, &ok), ASN1_OK);
    ck_assert(ok);
    ck_assert_uint_eq(b.bytes.len, 8);
    ck_assert_int_eq(memcmp(b.bytes.p, "\0n\0s\0s\0\0", 8), 0);
    p12__pw_wipe(&b);
    /* OpenSSL before 1.1: each UTF-8 byte one BMP character: "é" (c3 a9) -> U+00C3 U+00A9 */
    ck_assert_int_eq(p12__pw_make("\xc3\xa9", P12_FAM_PKCS12, P12_PWF_BMP_BYTES, &b, &ok), ASN1_OK);
    ck_assert(ok);
    ck_assert_str_eq(b.utf8, "\xc3\x83\xc2\xa9");
    p12__pw_wipe(&b);
    /* the absent password in the PKCS#12 family stays NULL (zero octets), "" does not */
    ck_assert_int_eq(p12__pw_make(NULL, P12_FAM_PKCS12, P12_PWF_BMP, &b, &ok), ASN1_OK);
    ck_assert(ok);
    ck_assert_ptr_null(b.utf8);
    /* standard forms come first */
    p12_pw_form f[4];
    ck_assert_uint_eq(p12__pw_forms(P12_FAM_PBKDF2, f), 3);
    ck_assert_int_eq(f[0], P12_PWF_UTF8);
    ck_assert_uint_eq(p12__pw_forms(P12_FAM_PKCS12, f), 2);
    ck_assert_int_eq(f[0], P12_PWF_BMP);
}
END_TEST

/* ---------------------------------------------------------------------- MAC */

static p12_mac make_mac(ck_hash h, oid_id digest, const char *pw, span_t data, uint8_t *store, uint64_t iter)
{
    p12_mac m;
    memset(&m, 0, sizeof m);
    m.present = true;
    m.alg.kind = P12_ALG_HMAC;
    m.alg.id = m.alg.enc_id = digest;
    m.salt = span_make(SALT8, 8);
    m.iterations = iter;
    asn1_err e = pkcs12_mac(h, pw, m.salt, iter, 0, data, store);
    ck_assert_int_eq(e, ASN1_OK);
    m.digest = span_make(store, ck_hash_len(h));
    return m;
}

START_TEST(mac_outcomes)
{
    span_t data = span_make("authenticated safe", 18);
    uint8_t store[64];
    p12_passwords given = { { "pw" }, { P12_PW_GIVEN }, 1 };
    p12_passwords wrong = { { "px" }, { P12_PW_GIVEN }, 1 };
    p12_mac m = make_mac(CK_HASH_SHA256, OID_sha256, "pw", data, store, 10);
    ck_assert_int_eq(p12__mac_verify(&m, data, &given, -1, 0), ASN1_OK);
    ck_assert_int_eq(m.state, P12_MAC_VALID);
    ck_assert_int_eq(m.pw.cand, 0);
    ck_assert_int_eq(m.pw.form, P12_PWF_BMP);
    ck_assert_int_eq(p12__mac_verify(&m, data, &wrong, -1, 0), ASN1_OK);
    ck_assert_int_eq(m.state, P12_MAC_MISMATCH);
    ck_assert_str_eq(p12_mac_state_msg(m.state), "wrong password, or the file was altered");
    /* altered data, right password: also a mismatch */
    ck_assert_int_eq(p12__mac_verify(&m, span_make("authenticated safE", 18), &given, -1, 0), ASN1_OK);
    ck_assert_int_eq(m.state, P12_MAC_MISMATCH);
    /* over the cap: refused before any work */
    ck_assert_int_eq(p12__mac_verify(&m, data, &given, -1, 9), ASN1_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(m.problem, "iteration count 10 is over the limit of 9"));
    /* absent */
    p12_mac none;
    memset(&none, 0, sizeof none);
    ck_assert_int_eq(p12__mac_verify(&none, data, &given, -1, 0), ASN1_OK);
    ck_assert_int_eq(none.state, P12_MAC_ABSENT);
    ck_assert_str_eq(p12_mac_state_msg(none.state), "no integrity check in this file");
    /* unsupported digest */
    p12_mac u = m;
    u.alg.enc_id = OID_gost3411_94;
    u.alg.unsupported = "MAC digest id-GostR3411-94";
    ck_assert_int_eq(p12__mac_verify(&u, data, &given, -1, 0), ASN1_OK);
    ck_assert_int_eq(u.state, P12_MAC_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(u.problem, "id-GostR3411-94"));
}
END_TEST

START_TEST(mac_absent_vs_empty)
{
    span_t data = span_make("x", 1);
    uint8_t s1[64], s2[64];
    p12_passwords absent_first = { { NULL, "" }, { P12_PW_ABSENT, P12_PW_EMPTY }, 2 };
    p12_passwords only_empty = { { "" }, { P12_PW_EMPTY }, 1 };
    p12_passwords only_absent = { { NULL }, { P12_PW_ABSENT }, 1 };
    /* a MAC made with the empty password: absent fails, empty (the 2nd candidate) matches */
    p12_mac e = make_mac(CK_HASH_SHA1, OID_sha1, "", data, s1, 1);
    ck_assert_int_eq(p12__mac_verify(&e, data, &only_absent, -1, 0), ASN1_OK);
    ck_assert_int_eq(e.state, P12_MAC_MISMATCH);
    ck_assert_int_eq(p12__mac_verify(&e, data, &absent_first, -1, 0), ASN1_OK);
    ck_assert_int_eq(e.state, P12_MAC_VALID);
    ck_assert_int_eq(e.pw.cand, 1);
    /* a MAC made with the absent password: "" does not open it */
    p12_mac a = make_mac(CK_HASH_SHA1, OID_sha1, NULL, data, s2, 1);
    ck_assert_int_eq(p12__mac_verify(&a, data, &only_empty, -1, 0), ASN1_OK);
    ck_assert_int_eq(a.state, P12_MAC_MISMATCH);
    ck_assert_int_eq(p12__mac_verify(&a, data, &absent_first, -1, 0), ASN1_OK);
    ck_assert_int_eq(a.state, P12_MAC_VALID);
    ck_assert_int_eq(a.pw.cand, 0);
}
END_TEST

START_TEST(mac_pbmac1)
{
    /* PBMAC1: key = PBKDF2-HMAC-SHA256(UTF-8 "1234", salt, 2048, 32), MAC = HMAC-SHA256 */
    span_t data = span_make("data", 4);
    uint8_t key[32], mac[32];
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA256, (const uint8_t *)"1234", 4, span_make(SALT8, 8), 2048, 0, key,
                                 32), ASN1_OK);
    ck_assert_int_eq(ck_hmac_memory(CK_HASH_SHA256, key, 32, data.p, data.len, mac), ASN1_OK);
    p12_mac m;
    memset(&m, 0, sizeof m);
    m.present = true;
    m.alg.kind = P12_ALG_PBMAC1;
    m.alg.id = OID_pbmac1;
    m.alg.kdf_id = OID_pbkdf2;
    m.alg.prf_id = OID_hmacWithSHA256;
    m.alg.enc_id = OID_hmacWithSHA256;
    m.alg.salt = span_make(SALT8, 8);
    m.alg.iterations = 2048;
    m.alg.keylen = 32;
    m.alg.has_keylen = true;
    m.digest = span_make(mac, 32);
    p12_passwords pw = { { "1234" }, { P12_PW_GIVEN }, 1 };
    ck_assert_int_eq(p12__mac_verify(&m, data, &pw, -1, 0), ASN1_OK);
    ck_assert_int_eq(m.state, P12_MAC_VALID);
    ck_assert_int_eq(m.pw.form, P12_PWF_UTF8);
    /* RFC 9579: no keyLength, no verification */
    m.alg.has_keylen = false;
    ck_assert_int_eq(p12__mac_verify(&m, data, &pw, -1, 0), ASN1_OK);
    ck_assert_int_eq(m.state, P12_MAC_MISMATCH);
    ck_assert_ptr_nonnull(strstr(m.problem, "keyLength"));
}
END_TEST

/* -------------------------------------------------------------- whole PFXs */

/* Bag attributes: friendlyName (BMPString) and localKeyID */
static void w_attrs(buf_t *b, const char *fname_ascii, const uint8_t *kid, size_t kidlen)
{
    size_t set = derw_begin(b, ASN1_SET);
    if (fname_ascii) {
        size_t a = derw_begin(b, ASN1_SEQUENCE);
        derw_oid(b, OID_pkcs9_friendlyName);
        size_t v = derw_begin(b, ASN1_SET);
        buf_t bmp = BUF_INIT;
        for (const char *p = fname_ascii; *p; p++) {
            buf_putc(&bmp, 0);
            buf_putc(&bmp, *p);
        }
        derw_tlv(b, ASN1_BMPSTRING, bmp.p, bmp.len);
        buf_free(&bmp);
        derw_end(b, v);
        derw_end(b, a);
    }
    if (kid) {
        size_t a = derw_begin(b, ASN1_SEQUENCE);
        derw_oid(b, OID_pkcs9_localKeyID);
        size_t v = derw_begin(b, ASN1_SET);
        w_octets(b, kid, kidlen);
        derw_end(b, v);
        derw_end(b, a);
    }
    derw_end(b, set);
}

/* A tiny PrivateKeyInfo-shaped value (not a usable key: the reader does not decode it) */
static void w_pkcs8(buf_t *b)
{
    size_t m = derw_begin(b, ASN1_SEQUENCE);
    derw_int64(b, 0);
    size_t a = derw_begin(b, ASN1_SEQUENCE);
    derw_oid(b, OID_rsaEncryption);
    derw_null(b);
    derw_end(b, a);
    w_octets(b, "\x30\x03\x02\x01\x00", 5);
    derw_end(b, m);
}

static void w_bag(buf_t *b, oid_id type, const buf_t *value, bool attrs)
{
    static const uint8_t kid[4] = { 1, 0, 0, 0 };
    size_t m = derw_begin(b, ASN1_SEQUENCE);
    derw_oid(b, type);
    size_t v = derw_begin(b, ASN1_CTX_C(0));
    buf_put(b, value->p, value->len);
    derw_end(b, v);
    if (attrs)
        w_attrs(b, "server", kid, sizeof kid);
    derw_end(b, m);
}

/* CertBag { x509Certificate, [0] OCTET STRING { a SEQUENCE } } */
static void w_certbag_value(buf_t *b, oid_id certid, const char *payload)
{
    buf_t c = BUF_INIT;
    size_t s = derw_begin(&c, ASN1_SEQUENCE);
    derw_int64(&c, 42);
    w_octets(&c, payload, strlen(payload));
    derw_end(&c, s);
    size_t m = derw_begin(b, ASN1_SEQUENCE);
    derw_oid(b, certid);
    size_t v = derw_begin(b, ASN1_CTX_C(0));
    w_octets(b, c.p, c.len);
    derw_end(b, v);
    derw_end(b, m);
    buf_free(&c);
}

/* ContentInfo { data, [0] OCTET STRING content } */
static void w_data_ci(buf_t *b, const buf_t *content)
{
    size_t m = derw_begin(b, ASN1_SEQUENCE);
    derw_oid(b, OID_pkcs7_data);
    size_t v = derw_begin(b, ASN1_CTX_C(0));
    w_octets(b, content->p, content->len);
    derw_end(b, v);
    derw_end(b, m);
}

/* ContentInfo { encryptedData, [0] EncryptedData { 0, { data, alg, [0] IMPLICIT ct } } } with pbeWithSHAAnd3-KeyTripleDES */
static void w_encrypted_ci(buf_t *b, const buf_t *plain, const char *pw, int64_t iter)
{
    buf_t ct = BUF_INIT, p = BUF_INIT;
    ck_assert_int_eq(pbe_pkcs12_encrypt(PBE_SHA1_3DES, pw, span_make(SALT8, 8), (uint64_t)iter, 0,
                                        span_make(plain->p, plain->len), &ct), ASN1_OK);
    size_t m = derw_begin(b, ASN1_SEQUENCE);
    derw_oid(b, OID_pkcs7_encryptedData);
    size_t v = derw_begin(b, ASN1_CTX_C(0));
    size_t ed = derw_begin(b, ASN1_SEQUENCE);
    derw_int64(b, 0);
    size_t eci = derw_begin(b, ASN1_SEQUENCE);
    derw_oid(b, OID_pkcs7_data);
    w_pbe_params(&p, SALT8, 8, iter);
    w_alg(b, OID_pbeWithSHAAnd3_KeyTripleDES_CBC, &p);
    derw_tlv(b, ASN1_CTX_P(0), ct.p, ct.len);
    derw_end(b, eci);
    derw_end(b, ed);
    derw_end(b, v);
    derw_end(b, m);
    buf_free(&ct);
    buf_free(&p);
}

typedef struct pfx_spec {
    int version;            /* 3 */
    const char *pw;         /* password of the MAC and the encryption */
    bool mac;
    int64_t mac_iter;
    bool encrypt_certs;
    bool shrouded_key;
    bool enveloped;
    unsigned nest;          /* safeContentsBag levels around one more certificate */
    bool extra_bags;        /* a secretBag, an sdsiCertificate and an unknown bag */
} pfx_spec;

static void build_pfx(const pfx_spec *s, buf_t *out)
{
    buf_t certs = BUF_INIT, keys = BUF_INIT, as = BUF_INIT, v = BUF_INIT;
    /* SafeContents with the certificate(s) */
    size_t sc = derw_begin(&certs, ASN1_SEQUENCE);
    w_certbag_value(&v, OID_pkcs9_x509Certificate, "leaf");
    w_bag(&certs, OID_p12_certBag, &v, true);
    if (s->extra_bags) {
        buf_reset(&v);
        w_certbag_value(&v, OID_pkcs9_sdsiCertificate, "sdsi");
        w_bag(&certs, OID_p12_certBag, &v, false);
        buf_reset(&v);
        size_t sb = derw_begin(&v, ASN1_SEQUENCE);
        derw_oid(&v, OID_pkcs9_x509Crl); /* any type id */
        size_t x = derw_begin(&v, ASN1_CTX_C(0));
        w_octets(&v, "top secret", 10);
        derw_end(&v, x);
        derw_end(&v, sb);
        w_bag(&certs, OID_p12_secretBag, &v, false);
        buf_reset(&v);
        derw_null(&v);
        w_bag(&certs, OID_sha256, &v, false); /* an unknown bagId */
    }
    if (s->nest) {
        /* safeContentsBag { safeContentsBag { ... { certBag } } } */
        buf_t inner = BUF_INIT, tmp = BUF_INIT;
        size_t m = derw_begin(&inner, ASN1_SEQUENCE);
        buf_reset(&v);
        w_certbag_value(&v, OID_pkcs9_x509Certificate, "deep");
        w_bag(&inner, OID_p12_certBag, &v, false);
        derw_end(&inner, m);
        for (unsigned i = 0; i < s->nest; i++) {
            buf_reset(&tmp);
            if (i + 1 < s->nest) {
                size_t mm = derw_begin(&tmp, ASN1_SEQUENCE);
                w_bag(&tmp, OID_p12_safeContentsBag, &inner, false);
                derw_end(&tmp, mm);
            } else {
                w_bag(&tmp, OID_p12_safeContentsBag, &inner, false);
            }
            buf_reset(&inner);
            buf_put(&inner, tmp.p, tmp.len);
        }
        buf_put(&certs, inner.p, inner.len);
        buf_free(&inner);
        buf_free(&tmp);
    }
    derw_end(&certs, sc);
    /* SafeContents with the key */
    buf_reset(&v);
    size_t sk = derw_begin(&keys, ASN1_SEQUENCE);
    if (s->shrouded_key) {
        buf_t p8 = BUF_INIT, ct = BUF_INIT, p = BUF_INIT;
        w_pkcs8(&p8);
        ck_assert_int_eq(pbe_pkcs12_encrypt(PBE_SHA1_3DES, s->pw, span_make(SALT8, 8), 3, 0,
                                            span_make(p8.p, p8.len), &ct), ASN1_OK);
        size_t e = derw_begin(&v, ASN1_SEQUENCE);
        w_pbe_params(&p, SALT8, 8, 3);
        w_alg(&v, OID_pbeWithSHAAnd3_KeyTripleDES_CBC, &p);
        w_octets(&v, ct.p, ct.len);
        derw_end(&v, e);
        w_bag(&keys, OID_p12_pkcs8ShroudedKeyBag, &v, true);
        buf_free(&p8);
        buf_free(&ct);
        buf_free(&p);
    } else {
        w_pkcs8(&v);
        w_bag(&keys, OID_p12_keyBag, &v, true);
    }
    derw_end(&keys, sk);
    /* AuthenticatedSafe */
    size_t a = derw_begin(&as, ASN1_SEQUENCE);
    if (s->encrypt_certs)
        w_encrypted_ci(&as, &certs, s->pw, 4);
    else
        w_data_ci(&as, &certs);
    if (s->enveloped) {
        size_t m = derw_begin(&as, ASN1_SEQUENCE);
        derw_oid(&as, OID_pkcs7_envelopedData);
        derw_end(&as, m);
    }
    w_data_ci(&as, &keys);
    derw_end(&as, a);
    /* PFX */
    size_t pfx = derw_begin(out, ASN1_SEQUENCE);
    derw_int64(out, s->version);
    w_data_ci(out, &as);
    if (s->mac) {
        uint8_t mac[32] = { 0 };
        if (s->mac_iter <= 100000) /* a bomb gets a dummy MAC: it must be refused before it is computed */
            ck_assert_int_eq(pkcs12_mac(CK_HASH_SHA256, s->pw, span_make(SALT8, 8), (uint64_t)s->mac_iter, 0,
                                        span_make(as.p, as.len), mac), ASN1_OK);
        size_t md = derw_begin(out, ASN1_SEQUENCE);
        size_t di = derw_begin(out, ASN1_SEQUENCE);
        buf_t n = BUF_INIT;
        derw_null(&n);
        w_alg(out, OID_sha256, &n);
        buf_free(&n);
        w_octets(out, mac, sizeof mac);
        derw_end(out, di);
        w_octets(out, SALT8, 8);
        derw_int64(out, s->mac_iter);
        derw_end(out, md);
    }
    derw_end(out, pfx);
    ck_assert(!out->oom);
    buf_free(&certs);
    buf_free(&keys);
    buf_free(&as);
    buf_free(&v);
}

static const pfx_spec BASE = { .version = 3, .pw = "pw", .mac = true, .mac_iter = 5, .encrypt_certs = true,
                               .shrouded_key = true };

static asn1_err read_with(const buf_t *pfx, const char *pw, p12_file *f)
{
    p12_passwords pws = { { pw }, { P12_PW_GIVEN }, 1 };
    p12_opts o = { 0 };
    return p12_read(f, span_make(pfx->p, pfx->len), &pws, &o);
}

START_TEST(pfx_full)
{
    buf_t d = BUF_INIT;
    build_pfx(&BASE, &d);
    p12_file f;
    ck_assert_int_eq(read_with(&d, "pw", &f), ASN1_OK);
    ck_assert_int_eq(f.version, 3);
    ck_assert_int_eq(f.mac.state, P12_MAC_VALID);
    ck_assert_uint_eq(f.mac.iterations, 5);
    ck_assert_uint_eq(f.nsafes, 2);
    ck_assert_int_eq(f.safes[0].type, P12_SAFE_ENCRYPTED);
    ck_assert_int_eq(f.safes[0].state, P12_SAFE_OK);
    ck_assert_int_eq(f.safes[1].type, P12_SAFE_DATA);
    ck_assert_uint_eq(f.nbags, 2);
    const p12_bag *cert = NULL, *key = NULL;
    for (unsigned i = 0; i < f.nbags; i++) {
        if (f.bags[i].type == P12_BAG_CERT)
            cert = &f.bags[i];
        if (f.bags[i].type == P12_BAG_SHROUDED_KEY)
            key = &f.bags[i];
    }
    ck_assert_ptr_nonnull(cert);
    ck_assert_ptr_nonnull(key);
    ck_assert_int_eq(cert->state, P12_BAG_OK);
    ck_assert_str_eq(cert->attrs.friendly_name, "server");
    ck_assert_uint_eq(cert->attrs.local_key_id.len, 4);
    ck_assert_int_eq(key->state, P12_BAG_OK);
    ck_assert(p12__looks_like_pkcs8(key->key, NULL));
    ck_assert_int_eq(key->alg.kind, P12_ALG_PKCS12_PBE);
    ck_assert(p12_complete(&f));
    /* openssl's attribute block */
    buf_t t = BUF_INIT;
    p12_print_bag_attrs(cert, &t);
    ck_assert_str_eq(buf_cstr(&t), "Bag Attributes\n    friendlyName: server\n    localKeyID: 01 00 00 00 \n");
    /* --info JSON: one line, the SPEC keys */
    buf_reset(&t);
    p12_info_json(&f, NULL, "x.p12", &t);
    ck_assert_ptr_nonnull(strstr(buf_cstr(&t), "\"type\":\"pkcs12\""));
    ck_assert_ptr_nonnull(strstr(buf_cstr(&t), "\"valid\":true"));
    ck_assert_ptr_nonnull(strstr(buf_cstr(&t), "\"type\":\"pkcs8ShroudedKeyBag\""));
    ck_assert_ptr_eq(strchr(buf_cstr(&t), '\n'), buf_cstr(&t) + t.len - 1);
    buf_free(&t);
    p12_free(&f);
    buf_free(&d);
}
END_TEST

START_TEST(pfx_wrong_password)
{
    buf_t d = BUF_INIT;
    build_pfx(&BASE, &d);
    p12_file f;
    ck_assert_int_eq(read_with(&d, "nope", &f), ASN1_E_CRYPTO);
    ck_assert_str_eq(f.err.path, "macData");
    ck_assert_str_eq(f.err.msg, "wrong password, or the file was altered");
    ck_assert_int_eq(f.mac.state, P12_MAC_MISMATCH);
    p12_free(&f);
    /* without a MAC, the wrong password is found at the encrypted safe and at the key */
    pfx_spec s = BASE;
    s.mac = false;
    buf_reset(&d);
    build_pfx(&s, &d);
    ck_assert_int_eq(read_with(&d, "nope", &f), ASN1_OK);
    ck_assert_int_eq(f.mac.state, P12_MAC_ABSENT);
    ck_assert_int_eq(f.safes[0].state, P12_SAFE_WRONG_PASSWORD);
    ck_assert_ptr_nonnull(strstr(f.safes[0].problem, "pbeWithSHAAnd3-KeyTripleDES-CBC"));
    bool saw = false;
    for (unsigned i = 0; i < f.nbags; i++)
        if (f.bags[i].type == P12_BAG_SHROUDED_KEY) {
            saw = true;
            ck_assert_int_eq(f.bags[i].state, P12_BAG_WRONG_PASSWORD);
            ck_assert_str_eq(f.bags[i].problem, "wrong password for this bag (pbeWithSHAAnd3-KeyTripleDES-CBC)");
        }
    ck_assert(saw);
    ck_assert(!p12_complete(&f));
    p12_free(&f);
    buf_free(&d);
}
END_TEST

START_TEST(pfx_default_passwords)
{
    /* made with the absent password; no password given: absent, then empty, are tried */
    pfx_spec s = BASE;
    s.pw = NULL;
    buf_t d = BUF_INIT;
    build_pfx(&s, &d);
    p12_file f;
    p12_opts o = { 0 };
    ck_assert_int_eq(p12_read(&f, span_make(d.p, d.len), NULL, &o), ASN1_OK);
    ck_assert_int_eq(f.mac.state, P12_MAC_VALID);
    ck_assert_int_eq(f.pws.src[f.pw.cand], P12_PW_ABSENT);
    p12_free(&f);
    /* made with "": the second candidate */
    s.pw = "";
    buf_reset(&d);
    build_pfx(&s, &d);
    ck_assert_int_eq(p12_read(&f, span_make(d.p, d.len), NULL, &o), ASN1_OK);
    ck_assert_int_eq(f.pws.src[f.pw.cand], P12_PW_EMPTY);
    ck_assert(p12_complete(&f));
    p12_free(&f);
    buf_free(&d);
}
END_TEST

START_TEST(pfx_iteration_cap)
{
    pfx_spec s = BASE;
    s.mac_iter = 2147483647; /* never computed: refused first */
    buf_t d = BUF_INIT;
    build_pfx(&s, &d);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    p12_file f;
    ck_assert_int_eq(read_with(&d, "pw", &f), ASN1_E_LIMIT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    ck_assert_msg(ms < 100, "refusing took %.1f ms", ms);
    ck_assert_str_eq(f.err.path, "macData.iterations");
    ck_assert_ptr_nonnull(strstr(f.err.msg, "2147483647 is over the limit of 10000000"));
    ck_assert_int_eq(f.mac.state, P12_MAC_ABSENT); /* never computed */
    p12_free(&f);
    /* --max-iter raises the cap; a cap below a safe's count refuses the safe, before the MAC */
    p12_opts o = { .max_iter = 3 };
    p12_passwords pws = { { "pw" }, { P12_PW_GIVEN }, 1 };
    buf_reset(&d);
    build_pfx(&BASE, &d);
    ck_assert_int_eq(p12_read(&f, span_make(d.p, d.len), &pws, &o), ASN1_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(f.err.msg, "iteration count 5 is over the limit of 3"));
    p12_free(&f);
    buf_free(&d);
}
END_TEST

START_TEST(pfx_structure_errors)
{
    buf_t d = BUF_INIT;
    p12_file f;
    pfx_spec s = BASE;
    s.version = 2;
    build_pfx(&s, &d);
    ck_assert_int_eq(read_with(&d, "pw", &f), ASN1_E_VALUE);
    ck_assert_str_eq(f.err.path, "version");
    ck_assert_ptr_nonnull(strstr(f.err.msg, "must be version 3"));
    p12_free(&f);
    s = BASE;
    s.enveloped = true;
    buf_reset(&d);
    build_pfx(&s, &d);
    ck_assert_int_eq(read_with(&d, "pw", &f), ASN1_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(f.err.msg, "public-key encrypted PFX: not supported"));
    p12_free(&f);
    /* trailing bytes after the PFX: a warning */
    buf_reset(&d);
    build_pfx(&BASE, &d);
    buf_put(&d, "junk", 4);
    ck_assert_int_eq(read_with(&d, "pw", &f), ASN1_OK);
    ck_assert_uint_eq(f.trailing, 4);
    ck_assert(f.nnotes >= 1 && f.notes[0].warning);
    ck_assert_ptr_nonnull(strstr(f.notes[0].d.msg, "4 bytes after the PFX"));
    p12_free(&f);
    buf_free(&d);
}
END_TEST

START_TEST(pfx_every_prefix)
{
    /* every truncation fails cleanly, with an error recorded */
    pfx_spec s = BASE;
    s.mac_iter = 1;
    buf_t d = BUF_INIT;
    build_pfx(&s, &d);
    for (size_t n = 0; n < d.len; n++) {
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, d.p, n);
        p12_file f;
        asn1_err e = read_with(&(buf_t){ (char *)copy, n, n, false }, "pw", &f);
        ck_assert_msg(e != ASN1_OK, "prefix %zu decoded", n);
        ck_assert_int_eq(f.err.code, e);
        p12_free(&f);
        free(copy);
    }
    buf_free(&d);
}
END_TEST

START_TEST(pfx_bags_named_and_skipped)
{
    pfx_spec s = BASE;
    s.encrypt_certs = false;
    s.extra_bags = true;
    buf_t d = BUF_INIT;
    build_pfx(&s, &d);
    p12_file f;
    ck_assert_int_eq(read_with(&d, "pw", &f), ASN1_OK);
    unsigned skipped = 0;
    for (unsigned i = 0; i < f.nbags; i++) {
        const p12_bag *b = &f.bags[i];
        if (b->type == P12_BAG_SECRET) {
            ck_assert_int_eq(b->state, P12_BAG_SKIPPED);
            ck_assert_ptr_nonnull(strstr(b->problem, "not decoded"));
            skipped++;
        } else if (b->type == P12_BAG_CERT && b->type_id == OID_pkcs9_sdsiCertificate) {
            ck_assert_int_eq(b->state, P12_BAG_SKIPPED);
            ck_assert_ptr_nonnull(strstr(b->problem, "sdsiCertificate"));
            skipped++;
        } else if (b->type == P12_BAG_OTHER) {
            ck_assert_int_eq(b->state, P12_BAG_SKIPPED);
            ck_assert_ptr_nonnull(strstr(b->problem, "2.16.840.1.101.3.4.2.1"));
            skipped++;
        }
    }
    ck_assert_uint_eq(skipped, 3);
    ck_assert(p12_complete(&f)); /* skipped bags are not failures */
    p12_free(&f);
    buf_free(&d);
}
END_TEST

START_TEST(pfx_nesting)
{
    pfx_spec s = BASE;
    s.encrypt_certs = false;
    s.nest = 3;
    buf_t d = BUF_INIT;
    build_pfx(&s, &d);
    p12_file f;
    ck_assert_int_eq(read_with(&d, "pw", &f), ASN1_OK);
    unsigned deepest = 0;
    for (unsigned i = 0; i < f.nbags; i++)
        if (f.bags[i].depth > deepest)
            deepest = f.bags[i].depth;
    ck_assert_uint_eq(deepest, 3);
    p12_free(&f);
    /* past the limit (8): a fatal error naming it */
    s.nest = 12;
    buf_reset(&d);
    build_pfx(&s, &d);
    ck_assert_int_eq(read_with(&d, "pw", &f), ASN1_E_DEPTH);
    ck_assert_ptr_nonnull(strstr(f.err.msg, "safeContentsBag nested deeper than 8"));
    p12_free(&f);
    buf_free(&d);
}
END_TEST

START_TEST(epki_round_trip)
{
    buf_t p8 = BUF_INIT, enc = BUF_INIT, out = BUF_INIT;
    w_pkcs8(&p8);
    ck_assert_int_eq(p12_epki_encrypt(span_make(p8.p, p8.len), "k\xc3\xa9y", 1000, &enc), ASN1_OK);
    /* it decodes as PBES2 / PBKDF2 hmacWithSHA256 / aes256-cbc with a 16-byte salt */
    p12_passwords right = { { "k\xc3\xa9y" }, { P12_PW_GIVEN }, 1 };
    p12_passwords wrong = { { "key" }, { P12_PW_GIVEN }, 1 };
    p12_alg a;
    p12_pw_used u;
    char why[ASN1_MSG_MAX];
    ck_assert_int_eq(p12_epki_decrypt(span_make(enc.p, enc.len), &right, 0, &out, &a, &u, why, sizeof why), ASN1_OK);
    ck_assert_int_eq(a.kind, P12_ALG_PBES2);
    ck_assert_int_eq(a.prf_id, OID_hmacWithSHA256);
    ck_assert_int_eq(a.enc_id, OID_aes256_cbc);
    ck_assert_uint_eq(a.salt.len, 16);
    ck_assert_uint_eq(a.iterations, 1000);
    ck_assert_int_eq(u.form, P12_PWF_UTF8);
    ck_assert_uint_eq(out.len, p8.len);
    ck_assert_int_eq(memcmp(out.p, p8.p, p8.len), 0);
    buf_wipe_free(&out);
    ck_assert_int_eq(p12_epki_decrypt(span_make(enc.p, enc.len), &wrong, 0, &out, &a, &u, why, sizeof why),
                     ASN1_E_CRYPTO);
    ck_assert_ptr_nonnull(strstr(why, "wrong password"));
    ck_assert_ptr_nonnull(strstr(why, "aes256-cbc"));
    ck_assert_uint_eq(out.len, 0);
    /* the cap applies to keys too */
    ck_assert_int_eq(p12_epki_decrypt(span_make(enc.p, enc.len), &right, 999, &out, &a, &u, why, sizeof why),
                     ASN1_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(why, "1000"));
    buf_free(&p8);
    buf_free(&enc);
    buf_wipe_free(&out);
}
END_TEST

Suite *suite_pkcs12(void)
{
    Suite *s = suite_create("pkcs12");
    TCase *tc = tcase_create("params");
    tcase_add_test(tc, alg_pkcs12_pbe);
    tcase_add_test(tc, alg_pbes1_salt_warning);
    tcase_add_test(tc, alg_pbes2_default_prf);
    tcase_add_test(tc, alg_pbes2_prf_and_keylen);
    tcase_add_test(tc, alg_pbes2_rc2);
    tcase_add_test(tc, alg_unsupported_named);
    tcase_add_test(tc, alg_errors);
    tcase_add_test(tc, alg_mac_and_pbmac1);
    tcase_add_test(tc, pw_forms);
    suite_add_tcase(s, tc);
    tc = tcase_create("mac");
    tcase_add_test(tc, mac_outcomes);
    tcase_add_test(tc, mac_absent_vs_empty);
    tcase_add_test(tc, mac_pbmac1);
    suite_add_tcase(s, tc);
    tc = tcase_create("pfx");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, pfx_full);
    tcase_add_test(tc, pfx_wrong_password);
    tcase_add_test(tc, pfx_default_passwords);
    tcase_add_test(tc, pfx_iteration_cap);
    tcase_add_test(tc, pfx_structure_errors);
    tcase_add_test(tc, pfx_every_prefix);
    tcase_add_test(tc, pfx_bags_named_and_skipped);
    tcase_add_test(tc, pfx_nesting);
    tcase_add_test(tc, epki_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
