/*
 * pbe_params.c - AlgorithmIdentifier -> password-based scheme: PKCS#12 PBE
 * parameters (RFC 7292 Appendix C), PBES1 (RFC 8018 A.3), PBES2 with PBKDF2
 * (RFC 8018 A.2, A.4) and its encryption schemes (B.2), scrypt (RFC 7914, named
 * only), PBMAC1 (RFC 8018 A.5, RFC 9579), and the classic MAC digest.
 * Decoding never fails for an algorithm certkit does not implement: it is named
 * in p12_alg.unsupported so the structure can still be shown.
 */
#include "pkcs12/p12_impl.h"

#include <stdio.h>
#include <string.h>

static void set_unsupported(p12_alg *a, const char *what, span_t oid)
{
    if (a->unsupported)
        return;
    char dotted[96];
    oid_id id = oid_lookup(oid);
    const char *name = oid_name(id);
    if (!name) {
        if (asn1_oid_to_text(oid, dotted, sizeof dotted) != ASN1_OK)
            snprintf(dotted, sizeof dotted, "an undecodable OID");
        name = dotted;
    }
    p12__msg(a->unsupported_buf, sizeof a->unsupported_buf, "%s%s%s", what ? what : "",
             what ? " " : "", name);
    a->unsupported = a->unsupported_buf;
}

/* iterationCount INTEGER (1..MAX) */
static asn1_err read_iterations(der_t *c, const char *field, uint64_t *out)
{
    der_t save = *c;
    int64_t v;
    TRY(der_read_int64(c, field, &v));
    if (v < 1) {
        *c = save;
        return der_fail(c, der_offset(c), field, ASN1_E_VALUE,
                        "iteration count %lld is not positive", (long long)v);
    }
    *out = (uint64_t)v;
    return ASN1_OK;
}

/* The optional parameters of an AlgorithmIdentifier: absent or NULL. */
static asn1_err read_null_params(der_t *c, const char *field)
{
    if (der_empty(c))
        return ASN1_OK;
    if (der_peek(c, ASN1_NULL))
        TRY(der_read_null(c, field));
    return der_done(c);
}

/*
 * pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
 * PBEParameter     ::= SEQUENCE { salt OCTET STRING (SIZE(8)), iterationCount INTEGER }
 */
static asn1_err pbe_params(der_t *alg, p12_alg *a, bool pbes1)
{
    der_t p;
    TRY(der_enter(alg, ASN1_SEQUENCE, "parameters", &p));
    TRY(der_read_octets(&p, "salt", &a->salt));
    TRY(read_iterations(&p, "iterations", &a->iterations));
    TRY(der_done(&p));
    if (pbes1 && a->salt.len != 8)
        TRY(der_warn(alg, der_offset(alg), "parameters.salt",
                     "PBES1 salt of %zu octets (RFC 8018 A.3 says 8)", a->salt.len));
    return ASN1_OK;
}

/*
 * PBKDF2-params ::= SEQUENCE {
 *     salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier {{PBKDF2-SaltSources}} },
 *     iterationCount INTEGER (1..MAX),
 *     keyLength INTEGER (1..MAX) OPTIONAL,
 *     prf AlgorithmIdentifier {{PBKDF2-PRFs}} DEFAULT algid-hmacWithSHA1 }
 */
static asn1_err pbkdf2_params(der_t *kdf, p12_alg *a)
{
    der_t p;
    TRY(der_enter(kdf, ASN1_SEQUENCE, "parameters", &p));
    if (der_peek(&p, ASN1_SEQUENCE)) {
        /* otherSource: RFC 8018 reserves it; nobody defines a source */
        asn1_elem e;
        TRY(der_read(&p, ASN1_SEQUENCE, "salt.otherSource", &e));
        if (!a->unsupported) {
            snprintf(a->unsupported_buf, sizeof a->unsupported_buf, "PBKDF2 salt source otherSource");
            a->unsupported = a->unsupported_buf;
        }
    } else {
        TRY(der_read_octets(&p, "salt.specified", &a->salt));
    }
    TRY(read_iterations(&p, "iterationCount", &a->iterations));
    if (der_peek(&p, ASN1_INTEGER)) {
        int64_t kl;
        der_t save = p;
        TRY(der_read_int64(&p, "keyLength", &kl));
        if (kl < 1 || kl > 1024)
            return der_fail(&save, der_offset(&save), "keyLength", ASN1_E_VALUE,
                            "keyLength %lld is out of range", (long long)kl);
        a->keylen = (uint64_t)kl;
        a->has_keylen = true;
    }
    a->prf_id = OID_hmacWithSHA1;
    if (der_peek(&p, ASN1_SEQUENCE)) {
        der_t prf;
        TRY(der_enter(&p, ASN1_SEQUENCE, "prf", &prf));
        TRY(der_read_oid(&prf, "algorithm", &a->prf_oid));
        TRY(read_null_params(&prf, "parameters"));
        a->prf_id = oid_lookup(a->prf_oid);
        if (a->prf_id == OID_hmacWithSHA1)
            TRY(der_warn(&p, der_offset(&p), "prf", "DEFAULT value hmacWithSHA1 encoded (X.690 11.5)"));
        if (p12__digest_hash(a->prf_id) == CK_HASH_NONE)
            set_unsupported(a, "PRF", a->prf_oid);
    }
    return der_done(&p);
}

/* scrypt-params ::= SEQUENCE { salt OCTET STRING, costParameter, blockSize, parallelizationParameter INTEGER, keyLength INTEGER OPTIONAL } */
static asn1_err scrypt_params(der_t *kdf, p12_alg *a)
{
    der_t p;
    int64_t v;
    TRY(der_enter(kdf, ASN1_SEQUENCE, "parameters", &p));
    TRY(der_read_octets(&p, "salt", &a->salt));
    der_t at = p;
    TRY(der_read_int64(&p, "costParameter", &v));
    if (v < 2 || (v & (v - 1)) != 0)
        return der_fail(&at, der_offset(&at), "costParameter", ASN1_E_VALUE,
                        "N = %lld is not a power of 2 above 1", (long long)v);
    a->iterations = (uint64_t)v; /* shown as "N" */
    at = p;
    TRY(der_read_int64(&p, "blockSize", &v));
    if (v < 1)
        return der_fail(&at, der_offset(&at), "blockSize", ASN1_E_VALUE, "scrypt block size r = %lld", (long long)v);
    a->scrypt_r = (uint64_t)v;
    at = p;
    TRY(der_read_int64(&p, "parallelizationParameter", &v));
    if (v < 1)
        return der_fail(&at, der_offset(&at), "parallelizationParameter", ASN1_E_VALUE,
                        "scrypt parallelization p = %lld", (long long)v);
    a->scrypt_p = (uint64_t)v;
    if (der_peek(&p, ASN1_INTEGER)) {
        at = p;
        TRY(der_read_int64(&p, "keyLength", &v));
        if (v < 1 || v > 1024)
            return der_fail(&at, der_offset(&at), "keyLength", ASN1_E_VALUE, "keyLength %lld is out of range",
                            (long long)v);
        a->keylen = (uint64_t)v;
        a->has_keylen = true;
    }
    return der_done(&p);
}

/* keyDerivationFunc AlgorithmIdentifier {{PBES2-KDFs}} */
static asn1_err kdf_alg(der_t *params, p12_alg *a)
{
    der_t kdf;
    TRY(der_enter(params, ASN1_SEQUENCE, "keyDerivationFunc", &kdf));
    TRY(der_read_oid(&kdf, "algorithm", &a->kdf_oid));
    a->kdf_id = oid_lookup(a->kdf_oid);
    if (a->kdf_id == OID_pbkdf2) {
        TRY(pbkdf2_params(&kdf, a));
    } else if (a->kdf_id == OID_scrypt) {
        TRY(scrypt_params(&kdf, a));
    } else {
        while (!der_empty(&kdf))
            TRY(der_skip(&kdf, "parameters"));
        set_unsupported(a, "KDF", a->kdf_oid);
    }
    return der_done(&kdf);
}

/*
 * encryptionScheme AlgorithmIdentifier {{PBES2-Encs}}:
 *   desCBC, des-EDE3-CBC, aes*-CBC-Pad: parameters OCTET STRING (the IV)
 *   rc2CBC: RC2-CBC-Parameter ::= SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING (SIZE(8)) }
 */
static asn1_err enc_scheme(der_t *params, p12_alg *a)
{
    der_t enc;
    TRY(der_enter(params, ASN1_SEQUENCE, "encryptionScheme", &enc));
    TRY(der_read_oid(&enc, "algorithm", &a->enc_oid));
    a->enc_id = oid_lookup(a->enc_oid);
    ck_cipher ciph = ck_cipher_from_oid(a->enc_id);
    if (ciph == CK_RC2_CBC) {
        der_t p;
        TRY(der_enter(&enc, ASN1_SEQUENCE, "parameters", &p));
        if (der_peek(&p, ASN1_INTEGER)) {
            TRY(der_read_int64(&p, "rc2ParameterVersion", &a->rc2_version));
            a->has_rc2_version = true;
            unsigned bits;
            if (ck_rc2_version_to_bits(a->rc2_version, &bits) != ASN1_OK)
                return der_fail(&p, der_offset(&p), "rc2ParameterVersion", ASN1_E_VALUE,
                                "rc2ParameterVersion %lld names no key size", (long long)a->rc2_version);
        }
        TRY(der_read_octets(&p, "iv", &a->iv));
        TRY(der_done(&p));
    } else if (ciph != CK_CIPHER_NONE) {
        TRY(der_read_octets(&enc, "parameters", &a->iv));
    } else {
        /* a cipher certkit does not implement: keep an OCTET STRING IV for --info */
        if (der_peek(&enc, ASN1_OCTET_STRING))
            TRY(der_read_octets(&enc, "parameters", &a->iv));
        while (!der_empty(&enc))
            TRY(der_skip(&enc, "parameters"));
        set_unsupported(a, NULL, a->enc_oid);
    }
    TRY(der_done(&enc));
    if (ciph != CK_CIPHER_NONE) {
        const ck_cipher_info *ci = ck_cipher_get(ciph);
        if (ci && a->iv.len != ci->ivlen)
            return der_fail(params, der_offset(params), "encryptionScheme.parameters", ASN1_E_VALUE,
                            "IV of %zu octets for %s (needs %u)", a->iv.len, ci->name, ci->ivlen);
    }
    return ASN1_OK;
}

/* PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier } */
static asn1_err pbes2_params_decode(der_t *alg, p12_alg *a)
{
    der_t p;
    TRY(der_enter(alg, ASN1_SEQUENCE, "parameters", &p));
    TRY(kdf_alg(&p, a));
    TRY(enc_scheme(&p, a));
    ck_cipher ciph = ck_cipher_from_oid(a->enc_id);
    if (a->has_keylen && (ciph == CK_AES128_CBC || ciph == CK_AES192_CBC || ciph == CK_AES256_CBC) &&
        a->keylen != ck_cipher_get(ciph)->keylen && (a->keylen == 16 || a->keylen == 24 || a->keylen == 32)) {
        a->aes_keylen_quirk = true;
        TRY(der_warn(&p, der_offset(&p), "keyDerivationFunc.parameters.keyLength",
                     "keyLength %llu does not fit %s; taken as AES with a %llu-byte key (NSS 3.29 quirk)",
                     (unsigned long long)a->keylen, oid_name(a->enc_id), (unsigned long long)a->keylen));
    }
    return der_done(&p);
}

/* PBMAC1-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, messageAuthScheme AlgorithmIdentifier } */
static asn1_err pbmac1_params(der_t *alg, p12_alg *a)
{
    der_t p, mac;
    TRY(der_enter(alg, ASN1_SEQUENCE, "parameters", &p));
    TRY(kdf_alg(&p, a));
    TRY(der_enter(&p, ASN1_SEQUENCE, "messageAuthScheme", &mac));
    TRY(der_read_oid(&mac, "algorithm", &a->enc_oid));
    TRY(read_null_params(&mac, "parameters"));
    a->enc_id = oid_lookup(a->enc_oid);
    if (p12__digest_hash(a->enc_id) == CK_HASH_NONE)
        set_unsupported(a, "MAC", a->enc_oid);
    return der_done(&p);
}

asn1_err p12_alg_decode(der_t *c, const char *field, p12_alg_use use, p12_alg *out)
{
    memset(out, 0, sizeof *out);
    der_t alg;
    asn1_elem whole;
    der_t save = *c;
    TRY(der_read(c, ASN1_SEQUENCE, field, &whole));
    *c = save;
    TRY(der_enter(c, ASN1_SEQUENCE, field, &alg));
    out->der = whole.der;
    out->offset = whole.offset;
    TRY(der_read_oid(&alg, "algorithm", &out->oid));
    out->id = oid_lookup(out->oid);
    pbe_scheme s = pbe_from_oid(out->id);
    if (use == P12_USE_MAC) {
        if (out->id == OID_pbmac1) {
            out->kind = P12_ALG_PBMAC1;
            TRY(pbmac1_params(&alg, out));
        } else {
            /* DigestInfo.digestAlgorithm: a digest, parameters NULL or absent */
            out->kind = P12_ALG_HMAC;
            out->enc_oid = out->oid;
            out->enc_id = out->id;
            while (!der_empty(&alg))
                TRY(der_skip(&alg, "parameters"));
            if (ck_hash_len(ck_hash_from_oid(out->id)) == 0)
                set_unsupported(out, "MAC digest", out->oid);
        }
    } else if (s != PBE_NONE) {
        const pbe_info *pi = pbe_get(s);
        out->kind = pi->pkcs12 ? P12_ALG_PKCS12_PBE : P12_ALG_PBES1;
        TRY(pbe_params(&alg, out, !pi->pkcs12));
        if (!ck_hash_len(pi->hash))
            set_unsupported(out, NULL, out->oid);
    } else if (out->id == OID_pbes2) {
        out->kind = P12_ALG_PBES2;
        TRY(pbes2_params_decode(&alg, out));
    } else {
        out->kind = P12_ALG_UNKNOWN;
        while (!der_empty(&alg))
            TRY(der_skip(&alg, "parameters"));
        set_unsupported(out, NULL, out->oid);
    }
    return der_done(&alg);
}

/* ---------------------------------------------------------------- naming */

ck_hash p12__digest_hash(oid_id id)
{
    ck_hash h = ck_hash_from_hmac_oid(id);
    if (h == CK_HASH_NONE)
        h = ck_hash_from_oid(id);
    return ck_hash_len(h) ? h : CK_HASH_NONE;
}

static const char *oid_label(span_t oid, oid_id id, char *buf, size_t n)
{
    const char *name = oid_name(id);
    if (name)
        return name;
    if (asn1_oid_to_text(oid, buf, n) != ASN1_OK)
        snprintf(buf, n, "?");
    return buf;
}

const char *p12_alg_cipher_name(const p12_alg *a)
{
    switch (a->kind) {
    case P12_ALG_PKCS12_PBE:
    case P12_ALG_PBES1: {
        const pbe_info *pi = pbe_get(pbe_from_oid(a->id));
        if (!pi)
            return "?";
        if (pi->cipher == CK_RC2_CBC)
            return pi->rc2_bits == 40 ? "rc2-40-cbc" : pi->rc2_bits == 64 ? "rc2-64-cbc" : "rc2-cbc";
        if (pi->cipher == CK_RC4)
            return pi->keylen == 5 ? "rc4-40" : "rc4";
        if (pi->cipher == CK_DES_EDE_CBC)
            return "des-ede-cbc";
        const ck_cipher_info *ci = ck_cipher_get(pi->cipher);
        return ci ? ci->name : "?";
    }
    case P12_ALG_PBES2: {
        const ck_cipher_info *ci = ck_cipher_get(ck_cipher_from_oid(a->enc_id));
        if (ci)
            return ci->name;
        return oid_name(a->enc_id) ? oid_name(a->enc_id) : "?";
    }
    case P12_ALG_HMAC:
    case P12_ALG_PBMAC1: {
        ck_hash h = p12__digest_hash(a->enc_id);
        if (h != CK_HASH_NONE)
            return ck_hash_name(h);
        return oid_name(a->enc_id) ? oid_name(a->enc_id) : "?";
    }
    default:
        return oid_name(a->id) ? oid_name(a->id) : "?";
    }
}

void p12_alg_describe(const p12_alg *a, buf_t *out)
{
    char b1[96], b2[96], b3[96];
    switch (a->kind) {
    case P12_ALG_PKCS12_PBE:
    case P12_ALG_PBES1:
    case P12_ALG_UNKNOWN:
        buf_puts(out, oid_label(a->oid, a->id, b1, sizeof b1));
        break;
    case P12_ALG_PBES2:
        buf_printf(out, "PBES2 (%s", oid_label(a->kdf_oid, a->kdf_id, b1, sizeof b1));
        if (a->kdf_id == OID_pbkdf2)
            buf_printf(out, " %s", a->prf_oid.len ? oid_label(a->prf_oid, a->prf_id, b2, sizeof b2)
                                                  : "hmacWithSHA1");
        buf_printf(out, ", %s)", a->enc_oid.len ? oid_label(a->enc_oid, a->enc_id, b3, sizeof b3) : "?");
        break;
    case P12_ALG_HMAC:
        buf_printf(out, "HMAC-%s", oid_label(a->enc_oid, a->enc_id, b1, sizeof b1));
        break;
    case P12_ALG_PBMAC1:
        buf_printf(out, "PBMAC1 (%s", oid_label(a->kdf_oid, a->kdf_id, b1, sizeof b1));
        if (a->kdf_id == OID_pbkdf2)
            buf_printf(out, " %s", a->prf_oid.len ? oid_label(a->prf_oid, a->prf_id, b2, sizeof b2)
                                                  : "hmacWithSHA1");
        buf_printf(out, ", %s)", a->enc_oid.len ? oid_label(a->enc_oid, a->enc_id, b3, sizeof b3) : "?");
        break;
    }
}

bool p12_alg_supported(const p12_alg *a)
{
    return a->kind != P12_ALG_UNKNOWN && !a->unsupported;
}

asn1_err p12__pbes2_params(const p12_alg *a, pbes2_params *p)
{
    memset(p, 0, sizeof *p);
    if (a->kind != P12_ALG_PBES2 || a->unsupported)
        return ASN1_E_UNSUPPORTED;
    p->scrypt = a->kdf_id == OID_scrypt;
    p->scrypt_n = p->scrypt ? a->iterations : 0;
    p->scrypt_r = a->scrypt_r;
    p->scrypt_p = a->scrypt_p;
    p->prf = p->scrypt ? CK_HASH_SHA256 : p12__digest_hash(a->prf_id);
    p->cipher = ck_cipher_from_oid(a->enc_id);
    if (p->prf == CK_HASH_NONE || p->cipher == CK_CIPHER_NONE)
        return ASN1_E_UNSUPPORTED;
    if (a->aes_keylen_quirk)
        p->cipher = a->keylen == 16 ? CK_AES128_CBC : a->keylen == 24 ? CK_AES192_CBC : CK_AES256_CBC;
    p->salt = a->salt;
    p->iterations = a->iterations;
    p->keylen = a->has_keylen ? (size_t)a->keylen : 0;
    p->iv = a->iv;
    if (p->cipher == CK_RC2_CBC && a->has_rc2_version)
        TRY(ck_rc2_version_to_bits(a->rc2_version, &p->rc2_bits));
    return ASN1_OK;
}
