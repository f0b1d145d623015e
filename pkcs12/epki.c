/*
 * epki.c - encrypted PKCS#8 keys (RFC 5958 section 3, RFC 8018):
 *
 *   EncryptedPrivateKeyInfo ::= SEQUENCE {
 *       encryptionAlgorithm  EncryptionAlgorithmIdentifier,
 *       encryptedData        EncryptedData }           -- OCTET STRING
 *
 * Decryption shares the PKCS#12 trial logic (pkcs8ShroudedKeyBag is this very
 * type); encryption writes PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC.
 */
#include "pkcs12/p12_impl.h"

#include <stdio.h>
#include <string.h>

asn1_err p12_epki_decrypt(span_t epki, const p12_passwords *pws, uint64_t max_iter, buf_t *out,
                          p12_alg *alg_out, p12_pw_used *used, char *why, size_t whylen)
{
    p12_alg alg;
    p12_pw_used u = { -1, P12_PWF_NONE };
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, epki.p, epki.len);
    der_t root, s;
    span_t ct;
    der_init(&root, &ctx, "encryptedPrivateKeyInfo");
    asn1_err e = der_enter(&root, ASN1_SEQUENCE, NULL, &s);
    if (e == ASN1_OK)
        e = p12_alg_decode(&s, "encryptionAlgorithm", P12_USE_ENCRYPTION, &alg);
    if (e == ASN1_OK)
        e = der_read_octets(&s, "encryptedData", &ct);
    if (e == ASN1_OK)
        e = der_done(&s);
    if (e == ASN1_OK)
        e = der_done(&root);
    if (e != ASN1_OK) {
        if (why)
            snprintf(why, whylen, "offset %zu: %s: %s", ctx.err.offset, ctx.err.path, ctx.err.msg);
        return e;
    }
    if (alg_out)
        *alg_out = alg;
    p12_passwords def = { { NULL, "" }, { P12_PW_ABSENT, P12_PW_EMPTY }, 2 };
    e = p12__decrypt(&alg, pws && pws->n ? pws : &def, -1, max_iter, ct, p12__looks_like_pkcs8, NULL, out,
                     &u, why, whylen);
    if (used)
        *used = u;
    if (e == ASN1_E_CRYPTO && why) {
        buf_t d = BUF_INIT;
        p12_alg_describe(&alg, &d);
        snprintf(why, whylen, "wrong password for this key (%s)", buf_cstr(&d));
        buf_free(&d);
    }
    return e;
}

asn1_err p12_epki_encrypt(span_t pkcs8, const char *pass_utf8, uint64_t iterations, buf_t *out)
{
    if (!pass_utf8 || !out || (!pkcs8.p && pkcs8.len))
        return ASN1_E_VALUE;
    if (iterations == 0)
        iterations = P12_ENCRYPT_ITER;
    uint8_t salt[16], iv[16];
    TRY(ck_random_bytes(salt, sizeof salt));
    TRY(ck_random_bytes(iv, sizeof iv));
    pbes2_params p = {
        .prf = CK_HASH_SHA256, .salt = span_make(salt, sizeof salt), .iterations = iterations,
        .keylen = 32, .cipher = CK_AES256_CBC, .iv = span_make(iv, sizeof iv),
    };
    buf_t ct = BUF_INIT;
    asn1_err e = pbes2_encrypt(&p, (const uint8_t *)pass_utf8, strlen(pass_utf8), iterations, span_make(pkcs8.p, pkcs8.len), &ct);
    if (e != ASN1_OK || ct.oom) {
        buf_wipe_free(&ct);
        return e != ASN1_OK ? e : ASN1_E_NOMEM;
    }
    /*
     * EncryptedPrivateKeyInfo { AlgorithmIdentifier { PBES2, PBES2-params {
     *     keyDerivationFunc { PBKDF2, PBKDF2-params { salt, iterationCount, keyLength, prf } },
     *     encryptionScheme { aes256-CBC, iv } } }, encryptedData }
     */
    size_t epki = derw_begin(out, ASN1_SEQUENCE);
    size_t alg = derw_begin(out, ASN1_SEQUENCE);
    derw_oid(out, OID_pbes2);
    size_t params = derw_begin(out, ASN1_SEQUENCE);
    size_t kdf = derw_begin(out, ASN1_SEQUENCE);
    derw_oid(out, OID_pbkdf2);
    size_t kp = derw_begin(out, ASN1_SEQUENCE);
    derw_tlv(out, ASN1_OCTET_STRING, salt, sizeof salt);
    derw_int64(out, (int64_t)iterations);
    derw_int64(out, 32);
    size_t prf = derw_begin(out, ASN1_SEQUENCE);
    derw_oid(out, OID_hmacWithSHA256);
    derw_null(out);
    derw_end(out, prf);
    derw_end(out, kp);
    derw_end(out, kdf);
    size_t enc = derw_begin(out, ASN1_SEQUENCE);
    derw_oid(out, OID_aes256_cbc);
    derw_tlv(out, ASN1_OCTET_STRING, iv, sizeof iv);
    derw_end(out, enc);
    derw_end(out, params);
    derw_end(out, alg);
    derw_tlv(out, ASN1_OCTET_STRING, ct.p, ct.len);
    derw_end(out, epki);
    buf_free(&ct); /* ciphertext: not secret */
    explicit_bzero(salt, sizeof salt);
    explicit_bzero(iv, sizeof iv);
    return out->oom ? ASN1_E_NOMEM : ASN1_OK;
}
