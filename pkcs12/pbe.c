/*
 * pbe.c - password-based encryption schemes: the PKCS#12 PBEs (RFC 7292
 * Appendix C), PBES1 (RFC 8018 section 6.1) and PBES2 (section 6.2).
 */
#include "pkcs12/crypto.h"

#include <string.h>

static const pbe_info pbe_rows[PBE__COUNT] = {
    { PBE_NONE, NULL, false, CK_HASH_NONE, CK_CIPHER_NONE, 0, 0, 0 },
    /* RFC 7292 Appendix C */
    { PBE_SHA1_RC4_128, "pbeWithSHAAnd128BitRC4", true, CK_HASH_SHA1, CK_RC4, 16, 0, 0 },
    { PBE_SHA1_RC4_40, "pbeWithSHAAnd40BitRC4", true, CK_HASH_SHA1, CK_RC4, 5, 0, 0 },
    { PBE_SHA1_3DES, "pbeWithSHAAnd3-KeyTripleDES-CBC", true, CK_HASH_SHA1, CK_DES_EDE3_CBC, 24, 8, 0 },
    { PBE_SHA1_2DES, "pbeWithSHAAnd2-KeyTripleDES-CBC", true, CK_HASH_SHA1, CK_DES_EDE_CBC, 16, 8, 0 },
    { PBE_SHA1_RC2_128, "pbeWithSHAAnd128BitRC2-CBC", true, CK_HASH_SHA1, CK_RC2_CBC, 16, 8, 128 },
    { PBE_SHA1_RC2_40, "pbewithSHAAnd40BitRC2-CBC", true, CK_HASH_SHA1, CK_RC2_CBC, 5, 8, 40 },
    /* RFC 8018 section 6.1 and Appendix A.3; RC2 with 64 effective key bits */
    { PBE_MD2_DES, "pbeWithMD2AndDES-CBC", false, CK_HASH_MD2, CK_DES_CBC, 8, 8, 0 },
    { PBE_MD2_RC2_64, "pbeWithMD2AndRC2-CBC", false, CK_HASH_MD2, CK_RC2_CBC, 8, 8, 64 },
    { PBE_MD5_DES, "pbeWithMD5AndDES-CBC", false, CK_HASH_MD5, CK_DES_CBC, 8, 8, 0 },
    { PBE_MD5_RC2_64, "pbeWithMD5AndRC2-CBC", false, CK_HASH_MD5, CK_RC2_CBC, 8, 8, 64 },
    { PBE_SHA1_DES, "pbeWithSHA1AndDES-CBC", false, CK_HASH_SHA1, CK_DES_CBC, 8, 8, 0 },
    { PBE_SHA1_RC2_64, "pbeWithSHA1AndRC2-CBC", false, CK_HASH_SHA1, CK_RC2_CBC, 8, 8, 64 },
};

static const struct { oid_id oid; pbe_scheme s; } pbe_oids[] = {
    { OID_pbeWithSHAAnd128BitRC4, PBE_SHA1_RC4_128 },
    { OID_pbeWithSHAAnd40BitRC4, PBE_SHA1_RC4_40 },
    { OID_pbeWithSHAAnd3_KeyTripleDES_CBC, PBE_SHA1_3DES },
    { OID_pbeWithSHAAnd2_KeyTripleDES_CBC, PBE_SHA1_2DES },
    { OID_pbeWithSHAAnd128BitRC2_CBC, PBE_SHA1_RC2_128 },
    { OID_pbeWithSHAAnd40BitRC2_CBC, PBE_SHA1_RC2_40 },
    { OID_pbeWithMD2AndDES_CBC, PBE_MD2_DES },
    { OID_pbeWithMD2AndRC2_CBC, PBE_MD2_RC2_64 },
    { OID_pbeWithMD5AndDES_CBC, PBE_MD5_DES },
    { OID_pbeWithMD5AndRC2_CBC, PBE_MD5_RC2_64 },
    { OID_pbeWithSHA1AndDES_CBC, PBE_SHA1_DES },
    { OID_pbeWithSHA1AndRC2_CBC, PBE_SHA1_RC2_64 },
};

const pbe_info *pbe_get(pbe_scheme s)
{
    if ((int)s <= PBE_NONE || s >= PBE__COUNT)
        return NULL;
    return &pbe_rows[s];
}

pbe_scheme pbe_from_oid(oid_id id)
{
    for (size_t i = 0; i < sizeof pbe_oids / sizeof pbe_oids[0]; i++)
        if (pbe_oids[i].oid == id)
            return pbe_oids[i].s;
    return PBE_NONE;
}

/* ---------------------------------------------------------- PKCS#12 PBEs */

static asn1_err pbe12_crypt(pbe_scheme s, const char *pass_utf8, span_t salt, uint64_t iterations,
                            uint64_t max_iter, span_t in, buf_t *out, bool enc)
{
    TRY(ck__check_iter(iterations, max_iter));
    const pbe_info *pi = pbe_get(s);
    if (!pi)
        return ASN1_E_UNSUPPORTED;
    if (!pi->pkcs12 || !out)
        return ASN1_E_VALUE;
    buf_t pw = BUF_INIT;
    uint8_t key[32], iv[16];
    asn1_err e = pkcs12_pass_bmp(pass_utf8, &pw);
    if (e == ASN1_OK)
        e = pkcs12_kdf(pi->hash, PKCS12_KDF_KEY, (const uint8_t *)pw.p, pw.len, salt, iterations,
                       max_iter, key, pi->keylen);
    if (e == ASN1_OK && pi->ivlen)
        e = pkcs12_kdf(pi->hash, PKCS12_KDF_IV, (const uint8_t *)pw.p, pw.len, salt, iterations,
                       max_iter, iv, pi->ivlen);
    if (e == ASN1_OK) {
        span_t k = span_make(key, pi->keylen), v = span_make(pi->ivlen ? iv : NULL, pi->ivlen);
        e = enc ? ck_cipher_encrypt(pi->cipher, k, pi->rc2_bits, v, in, out)
                : ck_cipher_decrypt(pi->cipher, k, pi->rc2_bits, v, in, out);
    }
    explicit_bzero(key, sizeof key);
    explicit_bzero(iv, sizeof iv);
    buf_wipe_free(&pw);
    return e;
}

asn1_err pbe_pkcs12_decrypt(pbe_scheme s, const char *pass_utf8, span_t salt, uint64_t iterations,
                            uint64_t max_iter, span_t in, buf_t *out)
{
    return pbe12_crypt(s, pass_utf8, salt, iterations, max_iter, in, out, false);
}

asn1_err pbe_pkcs12_encrypt(pbe_scheme s, const char *pass_utf8, span_t salt, uint64_t iterations,
                            uint64_t max_iter, span_t in, buf_t *out)
{
    return pbe12_crypt(s, pass_utf8, salt, iterations, max_iter, in, out, true);
}

/* ------------------------------------------------------------------ PBES1 */

static asn1_err pbes1_crypt(pbe_scheme s, const uint8_t *pass, size_t passlen, span_t salt,
                            uint64_t iterations, uint64_t max_iter, span_t in, buf_t *out, bool enc)
{
    TRY(ck__check_iter(iterations, max_iter));
    const pbe_info *pi = pbe_get(s);
    if (!pi)
        return ASN1_E_UNSUPPORTED;
    if (pi->pkcs12 || !out)
        return ASN1_E_VALUE;
    /* DK = PBKDF1(P, S, c, 16); K = DK<0..7>, IV = DK<8..15> */
    uint8_t dk[16];
    asn1_err e = pbkdf1(pi->hash, pass, passlen, salt, iterations, max_iter, dk, sizeof dk);
    if (e == ASN1_OK) {
        span_t k = span_make(dk, 8), v = span_make(dk + 8, 8);
        e = enc ? ck_cipher_encrypt(pi->cipher, k, pi->rc2_bits, v, in, out)
                : ck_cipher_decrypt(pi->cipher, k, pi->rc2_bits, v, in, out);
    }
    explicit_bzero(dk, sizeof dk);
    return e;
}

asn1_err pbes1_decrypt(pbe_scheme s, const uint8_t *pass, size_t passlen, span_t salt,
                       uint64_t iterations, uint64_t max_iter, span_t in, buf_t *out)
{
    return pbes1_crypt(s, pass, passlen, salt, iterations, max_iter, in, out, false);
}

asn1_err pbes1_encrypt(pbe_scheme s, const uint8_t *pass, size_t passlen, span_t salt,
                       uint64_t iterations, uint64_t max_iter, span_t in, buf_t *out)
{
    return pbes1_crypt(s, pass, passlen, salt, iterations, max_iter, in, out, true);
}

asn1_err pbe_decrypt(pbe_scheme s, const char *pass_utf8, span_t salt, uint64_t iterations,
                     uint64_t max_iter, span_t in, buf_t *out)
{
    const pbe_info *pi = pbe_get(s);
    if (!pi)
        return ASN1_E_UNSUPPORTED;
    if (pi->pkcs12)
        return pbe_pkcs12_decrypt(s, pass_utf8, salt, iterations, max_iter, in, out);
    const char *p = pass_utf8 ? pass_utf8 : "";
    return pbes1_decrypt(s, (const uint8_t *)p, strlen(p), salt, iterations, max_iter, in, out);
}

/* ------------------------------------------------------------------ PBES2 */

static asn1_err pbes2_crypt(const pbes2_params *p, const uint8_t *pass, size_t passlen,
                            uint64_t max_iter, span_t in, buf_t *out, bool enc)
{
    if (!p)
        return ASN1_E_VALUE;
    if (!p->scrypt)
        TRY(ck__check_iter(p->iterations, max_iter));
    const ck_cipher_info *ci = ck_cipher_get(p->cipher);
    if (!ci || p->cipher == CK_RC4 || (!p->scrypt && !ck_hash_desc(p->prf)))
        return ASN1_E_UNSUPPORTED;
    size_t keylen = p->keylen ? p->keylen : ci->keylen;
    /* RC2, Blowfish and CAST5 have variable key lengths; elsewhere keyLength must match */
    bool variable = p->cipher == CK_RC2_CBC || p->cipher == CK_BF_CBC || p->cipher == CK_CAST5_CBC;
    if (keylen == 0 || keylen > 128 || (!variable && keylen != ci->keylen))
        return ASN1_E_VALUE;
    unsigned bits = p->cipher == CK_RC2_CBC ? (p->rc2_bits ? p->rc2_bits : 32u) : 0u;
    uint8_t key[128];
    asn1_err e = p->scrypt ? scrypt_kdf(pass, passlen, p->salt, p->scrypt_n, p->scrypt_r, p->scrypt_p,
                                        scrypt_work_limit(max_iter), key, keylen)
                           : pbkdf2_hmac(p->prf, pass, passlen, p->salt, p->iterations, max_iter, key, keylen);
    if (e == ASN1_OK) {
        span_t k = span_make(key, keylen);
        e = enc ? ck_cipher_encrypt(p->cipher, k, bits, p->iv, in, out)
                : ck_cipher_decrypt(p->cipher, k, bits, p->iv, in, out);
    }
    explicit_bzero(key, sizeof key);
    return e;
}

asn1_err pbes2_decrypt(const pbes2_params *p, const uint8_t *pass, size_t passlen,
                       uint64_t max_iter, span_t in, buf_t *out)
{
    return pbes2_crypt(p, pass, passlen, max_iter, in, out, false);
}

asn1_err pbes2_encrypt(const pbes2_params *p, const uint8_t *pass, size_t passlen,
                       uint64_t max_iter, span_t in, buf_t *out)
{
    return pbes2_crypt(p, pass, passlen, max_iter, in, out, true);
}
