/*
 * key_write.c - DER writers for decoded keys: PKCS#8 PrivateKeyInfo, PKCS#1
 * RSAPrivateKey, SEC1 ECPrivateKey, OpenSSL's DSAPrivateKey and
 * SubjectPublicKeyInfo, in the canonical form openssl writes (minimal INTEGERs,
 * the EC scalar padded to the order's length, rsaEncryption with NULL parameters).
 *
 * Private material must not be left behind in freed memory: each writer reserves
 * room for its whole output before writing, so `out` is never reallocated while it
 * holds a secret (unless the estimate is exceeded, which the bound below excludes).
 */
#include "x509/key_impl.h"

#include <string.h>

static size_t bound(const ck_privkey *k)
{
    return 2 * k->der.len + k->pub_buf_len + 512;
}

static asn1_err done(buf_t *out)
{
    return out->oom ? ASN1_E_NOMEM : ASN1_OK;
}

static void uint_tlv(buf_t *out, span_t v)
{
    span_t m = asn1_int_magnitude(v);
    derw_uint(out, m.p, m.len);
}

/* ------------------------------------------------------------------ RSA */

static void rsa_body(const ck_privkey *k, buf_t *out)
{
    size_t m = derw_begin(out, ASN1_SEQUENCE);
    derw_int64(out, k->rsa_others.len ? 1 : 0);
    uint_tlv(out, k->rsa_n);
    uint_tlv(out, k->rsa_e);
    uint_tlv(out, k->rsa_d);
    uint_tlv(out, k->rsa_p);
    uint_tlv(out, k->rsa_q);
    uint_tlv(out, k->rsa_dp);
    uint_tlv(out, k->rsa_dq);
    uint_tlv(out, k->rsa_qinv);
    if (k->rsa_others.len) {
        /* OtherPrimeInfos re-encoded with minimal INTEGERs (it decoded, so it is well formed) */
        asn1_ctx ctx;
        der_t c, seq, info;
        asn1_ctx_init(&ctx, k->rsa_others.p, k->rsa_others.len);
        der_init(&c, &ctx, NULL);
        size_t mo = derw_begin(out, ASN1_SEQUENCE);
        if (der_enter(&c, ASN1_SEQUENCE, NULL, &seq) == ASN1_OK) {
            while (!der_empty(&seq) && der_enter(&seq, ASN1_SEQUENCE, NULL, &info) == ASN1_OK) {
                size_t mi = derw_begin(out, ASN1_SEQUENCE);
                span_t v;
                while (!der_empty(&info) && der_read_int(&info, NULL, &v) == ASN1_OK)
                    uint_tlv(out, v);
                derw_end(out, mi);
            }
        }
        derw_end(out, mo);
        explicit_bzero(&ctx, sizeof ctx);
    }
    derw_end(out, m);
}

asn1_err ck_privkey_write_pkcs1(const ck_privkey *k, buf_t *out)
{
    if (k->type != CK_KEY_RSA && k->type != CK_KEY_RSA_PSS)
        return ASN1_E_UNSUPPORTED;
    if (!buf_reserve(out, bound(k)))
        return ASN1_E_NOMEM;
    rsa_body(k, out);
    return done(out);
}

/* ------------------------------------------------------------------- EC */

/* The scalar padded to the order's byte length (what openssl writes). */
static void ec_scalar(const ck_privkey *k, buf_t *out)
{
    span_t d = k->ec_d;
    if (k->bits == 0) {                 /* order unknown: as it came */
        derw_tlv(out, ASN1_OCTET_STRING, d.p, d.len);
        return;
    }
    while (d.len && d.p[0] == 0) {
        d.p++;
        d.len--;
    }
    size_t want = (k->bits + 7) / 8;
    if (want < d.len)
        want = d.len;
    derw_header(out, ASN1_OCTET_STRING, want);
    for (size_t i = d.len; i < want; i++)
        buf_putc(out, 0);
    buf_put(out, d.p, d.len);
}

static void ec_body(const ck_privkey *k, bool with_params, buf_t *out)
{
    size_t m = derw_begin(out, ASN1_SEQUENCE);
    derw_int64(out, 1);
    ec_scalar(k, out);
    if (with_params) {
        size_t p = derw_begin(out, ASN1_CTX_C(0));
        buf_put(out, k->ec_params.p, k->ec_params.len);
        derw_end(out, p);
    }
    if (k->has_pub && k->pub.ec_point.len) {
        size_t p = derw_begin(out, ASN1_CTX_C(1));
        derw_header(out, ASN1_BIT_STRING, k->pub.ec_point.len + 1);
        buf_putc(out, 0);
        buf_put(out, k->pub.ec_point.p, k->pub.ec_point.len);
        derw_end(out, p);
    }
    derw_end(out, m);
}

asn1_err ck_privkey_write_sec1(const ck_privkey *k, buf_t *out)
{
    if (k->type != CK_KEY_EC || !k->ec_params.len)
        return ASN1_E_UNSUPPORTED;
    if (!buf_reserve(out, bound(k)))
        return ASN1_E_NOMEM;
    ec_body(k, true, out);
    return done(out);
}

/* ------------------------------------------------------------------ DSA */

static void dss_parms(buf_t *out, span_t p, span_t q, span_t g)
{
    size_t m = derw_begin(out, ASN1_SEQUENCE);
    uint_tlv(out, p);
    uint_tlv(out, q);
    uint_tlv(out, g);
    derw_end(out, m);
}

asn1_err ck_privkey_write_dsa(const ck_privkey *k, buf_t *out)
{
    if (k->type != CK_KEY_DSA || !k->has_pub)
        return ASN1_E_UNSUPPORTED;
    if (!buf_reserve(out, bound(k)))
        return ASN1_E_NOMEM;
    size_t m = derw_begin(out, ASN1_SEQUENCE);
    derw_int64(out, 0);
    uint_tlv(out, k->dsa_p);
    uint_tlv(out, k->dsa_q);
    uint_tlv(out, k->dsa_g);
    uint_tlv(out, k->pub.dsa_y);
    uint_tlv(out, k->dsa_x);
    derw_end(out, m);
    return done(out);
}

/* --------------------------------------------------------------- PKCS#8 */

/*
 * AlgorithmIdentifier of a key: the type's OID and its parameters - RSA: NULL; RSA-PSS
 * and EC: params as they came (the PSS restrictions, the ECParameters); DSA: Dss-Parms
 * when p is known (a certificate's DSA key may inherit them); Ed25519/Ed448/X25519/X448:
 * none (RFC 8410 3).
 */
static void key_alg_id(buf_t *out, ck_key_type t, span_t params, span_t p, span_t q, span_t g)
{
    size_t a = derw_begin(out, ASN1_SEQUENCE);
    switch (t) {
    case CK_KEY_RSA:
        derw_oid(out, OID_rsaEncryption);
        derw_null(out);
        break;
    case CK_KEY_RSA_PSS:
        derw_oid(out, OID_rsassa_pss);
        buf_put(out, params.p, params.len);
        break;
    case CK_KEY_EC:
        derw_oid(out, OID_ecPublicKey);
        buf_put(out, params.p, params.len);
        break;
    case CK_KEY_ED25519: derw_oid(out, OID_Ed25519); break;
    case CK_KEY_ED448: derw_oid(out, OID_Ed448); break;
    case CK_KEY_X25519: derw_oid(out, OID_X25519); break;
    case CK_KEY_X448: derw_oid(out, OID_X448); break;
    case CK_KEY_DSA:
        derw_oid(out, OID_dsa);
        if (p.len)
            dss_parms(out, p, q, g);
        break;
    default:
        out->oom = true;
        break;
    }
    derw_end(out, a);
}

/*
 * PrivateKeyInfo ::= SEQUENCE { version 0, privateKeyAlgorithm, privateKey OCTET STRING }
 * as `openssl pkey` writes it: EC keys without the inner [0] parameters (they are in
 * the AlgorithmIdentifier), Ed/X keys as CurvePrivateKey, DSA as INTEGER x.
 */
asn1_err ck_privkey_write_pkcs8(const ck_privkey *k, buf_t *out)
{
    if (k->type == CK_KEY_NONE)
        return ASN1_E_UNSUPPORTED;
    if (k->type == CK_KEY_OTHER && !k->alg_der.len)
        return ASN1_E_UNSUPPORTED;
    if (k->type == CK_KEY_EC && !k->ec_params.len)
        return ASN1_E_UNSUPPORTED;
    if (!buf_reserve(out, bound(k)))
        return ASN1_E_NOMEM;
    size_t m = derw_begin(out, ASN1_SEQUENCE);
    derw_int64(out, 0);
    /* privateKeyAlgorithm */
    if (k->type == CK_KEY_OTHER)
        buf_put(out, k->alg_der.p, k->alg_der.len);
    else
        key_alg_id(out, k->type, k->type == CK_KEY_EC ? k->ec_params : k->alg_params, k->dsa_p, k->dsa_q,
                   k->dsa_g);
    /* privateKey */
    size_t o = derw_begin(out, ASN1_OCTET_STRING);
    switch (k->type) {
    case CK_KEY_RSA:
    case CK_KEY_RSA_PSS: rsa_body(k, out); break;
    case CK_KEY_EC: ec_body(k, false, out); break;
    case CK_KEY_ED25519:
    case CK_KEY_ED448:
    case CK_KEY_X25519:
    case CK_KEY_X448: derw_tlv(out, ASN1_OCTET_STRING, k->raw.p, k->raw.len); break;
    case CK_KEY_DSA: uint_tlv(out, k->dsa_x); break;
    default: buf_put(out, k->inner.p, k->inner.len); break;
    }
    derw_end(out, o);
    derw_end(out, m);
    return done(out);
}

asn1_err ck_privkey_write_traditional(const ck_privkey *k, buf_t *out)
{
    switch (k->type) {
    case CK_KEY_RSA:
    case CK_KEY_RSA_PSS: return ck_privkey_write_pkcs1(k, out);
    case CK_KEY_EC: return ck_privkey_write_sec1(k, out);
    case CK_KEY_DSA: return ck_privkey_write_dsa(k, out);
    default: return ck_privkey_write_pkcs8(k, out);
    }
}

/* ------------------------------------------------------------------ SPKI */

/*
 * SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 */
asn1_err ck_spki_write(const ck_pubkey *k, buf_t *out)
{
    if (!k || k->type == CK_KEY_NONE)
        return ASN1_E_UNSUPPORTED;
    if (k->type == CK_KEY_OTHER || k->type == CK_KEY_GOST) {
        if (!k->der.len)
            return ASN1_E_UNSUPPORTED;
        buf_put(out, k->der.p, k->der.len);     /* opaque: as it came */
        return done(out);
    }
    if (k->type == CK_KEY_EC && (!k->alg_params.len || !k->ec_point.len))
        return ASN1_E_UNSUPPORTED;
    if ((k->type == CK_KEY_RSA || k->type == CK_KEY_RSA_PSS) && !k->rsa_n.len)
        return ASN1_E_UNSUPPORTED;
    if (k->type == CK_KEY_DSA && !k->dsa_y.len)
        return ASN1_E_UNSUPPORTED;
    size_t m = derw_begin(out, ASN1_SEQUENCE);
    key_alg_id(out, k->type, k->alg_params, k->dsa_p, k->dsa_q, k->dsa_g);
    size_t b = derw_begin(out, ASN1_BIT_STRING);
    buf_putc(out, 0);
    switch (k->type) {
    case CK_KEY_RSA:
    case CK_KEY_RSA_PSS: {
        size_t s = derw_begin(out, ASN1_SEQUENCE);
        uint_tlv(out, k->rsa_n);
        uint_tlv(out, k->rsa_e);
        derw_end(out, s);
        break;
    }
    case CK_KEY_EC: buf_put(out, k->ec_point.p, k->ec_point.len); break;
    case CK_KEY_DSA: uint_tlv(out, k->dsa_y); break;
    default: buf_put(out, k->raw.p, k->raw.len); break;
    }
    derw_end(out, b);
    derw_end(out, m);
    return done(out);
}
