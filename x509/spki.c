/*
 * spki.c - SubjectPublicKeyInfo (RFC 5280 4.1.2.7) into a ck_pubkey of borrowed
 * spans: RSA (RFC 3279 2.3.1), RSASSA-PSS (RFC 4055 1.2), EC (RFC 5480 2),
 * Ed25519/Ed448/X25519/X448 (RFC 8410 4), DSA (RFC 3279 2.3.2), GOST named.
 */
#include "x509/verify.h"

#include <string.h>

/* A cursor over the BIT STRING's bytes, named after the field, child of c. */
static asn1_err open_bits(der_t *c, span_t bits, size_t offset, der_t *child)
{
    asn1_elem inner;
    memset(&inner, 0, sizeof inner);
    inner.offset = offset;
    inner.body = bits;
    inner.der = bits;
    return der_open(c, &inner, "subjectPublicKey", -1, child);
}

/* A non-negative INTEGER (a key component). */
static asn1_err read_uint(der_t *c, const char *field, span_t *v)
{
    size_t at = der_offset(c);
    TRY(der_read_int(c, field, v));
    if (v->p[0] & 0x80)
        return der_fail(c, at, field, ASN1_E_VALUE, "negative %s", field);
    return ASN1_OK;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static asn1_err rsa_public_key(der_t *kc, ck_pubkey *out)
{
    der_t seq;
    TRY(der_enter(kc, ASN1_SEQUENCE, "", &seq));
    size_t at = der_offset(&seq);
    TRY(der_read_int(&seq, "modulus", &out->rsa_n));
    if (out->rsa_n.p[0] & 0x80)
        TRY(der_warn(&seq, at, "modulus", "negative modulus: read as unsigned (its leading 00 is missing, X.690 8.3.3)"));
    TRY(read_uint(&seq, "publicExponent", &out->rsa_e));
    TRY(der_done(&seq));
    return der_done(kc);
}

/* Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER } */
static asn1_err dss_parms(der_t *alg, ck_pubkey *out)
{
    der_t seq;
    TRY(der_enter(alg, ASN1_SEQUENCE, "parameters", &seq));
    TRY(read_uint(&seq, "p", &out->dsa_p));
    TRY(read_uint(&seq, "q", &out->dsa_q));
    TRY(read_uint(&seq, "g", &out->dsa_g));
    return der_done(&seq);
}

/*
 * ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER, implicitCurve NULL,
 *                           specifiedCurve SpecifiedECDomain }   (RFC 5480 2.1.1)
 */
static asn1_err ec_parameters(der_t *alg, size_t at, ck_pubkey *out)
{
    if (der_empty(alg))
        return der_fail(alg, at, "parameters", ASN1_E_MISSING, "EC key without ECParameters (RFC 5480 2.1.1)");
    if (der_peek(alg, ASN1_OID)) {
        TRY(der_read_oid(alg, "parameters", &out->curve_oid));
        out->curve = ck_curve_from_oid(out->curve_oid);
        return ASN1_OK;
    }
    out->curve = CK_CURVE_EXPLICIT;
    if (der_peek(alg, ASN1_NULL)) {
        TRY(der_read_null(alg, "parameters"));
        return der_warn(alg, at, "parameters", "implicitCurve: the curve is inherited from the issuer (RFC 5480 forbids it)");
    }
    TRY(der_skip(alg, "parameters"));
    return der_warn(alg, at, "parameters", "specifiedCurve: explicit EC parameters (RFC 5480 forbids them)");
}

static asn1_err raw_key(der_t *alg, size_t at, span_t bits, size_t want, const char *what,
                        ck_pubkey *out)
{
    if (!der_empty(alg))
        TRY(der_warn(alg, at, "parameters", "%s key with parameters (RFC 8410 3: absent)", what));
    if (bits.len != want)
        return der_fail(alg, at, "", ASN1_E_VALUE, "%s public key of %zu bytes, not %zu", what, bits.len, want);
    out->raw = bits;
    return ASN1_OK;
}

asn1_err spki_decode(der_t *c, ck_pubkey *out)
{
    der_t spki, alg, kc;
    asn1_elem e;
    span_t bits;
    unsigned unused;
    size_t start = der_offset(c), params_at, bits_at;

    memset(out, 0, sizeof *out);
    /* SubjectPublicKeyInfo ::= SEQUENCE { */
    TRY(der_enter(c, ASN1_SEQUENCE, "subjectPublicKeyInfo", &spki));
    out->der = span_make(c->ctx->base + start, der_offset(c) - start);
    /*   algorithm AlgorithmIdentifier, */
    TRY(der_enter(&spki, ASN1_SEQUENCE, "algorithm", &alg));
    TRY(der_read_oid(&alg, "algorithm", &out->alg_oid));
    params_at = der_offset(&alg);
    if (!der_empty(&alg)) {
        der_t peek = alg;
        TRY(der_next(&peek, "parameters", &e));
        out->alg_params = e.der;
    }
    /*   subjectPublicKey BIT STRING } */
    bits_at = der_offset(&spki);
    TRY(der_read_bits(&spki, "subjectPublicKey", &bits, &unused));
    if (unused != 0)
        return der_fail(&spki, bits_at, "subjectPublicKey", ASN1_E_VALUE,
                        "public key BIT STRING with %u unused bits", unused);
    TRY(der_done(&spki));
    out->key_bits = bits;
    TRY(open_bits(&spki, bits, bits_at, &kc));

    oid_id id = oid_lookup(out->alg_oid);
    switch (id) {
    case OID_rsaEncryption:
        /* parameters NULL (RFC 3279 2.3.1); absent is a common slip */
        out->type = CK_KEY_RSA;
        if (der_empty(&alg))
            TRY(der_warn(&alg, params_at, "parameters", "rsaEncryption without its NULL parameters (RFC 3279 2.3.1)"));
        else
            TRY(der_read_null(&alg, "parameters"));
        TRY(rsa_public_key(&kc, out));
        break;
    case OID_rsassa_pss:
        /* parameters absent (no restriction) or RSASSA-PSS-params (RFC 4055 3.1) */
        out->type = CK_KEY_RSA_PSS;
        if (!der_empty(&alg)) {
            ck_pss_params pss;
            TRY(ck_pss_params_decode(&alg, "parameters", &pss));
        }
        TRY(rsa_public_key(&kc, out));
        break;
    case OID_ecPublicKey:
        out->type = CK_KEY_EC;
        TRY(ec_parameters(&alg, params_at, out));
        /* ECPoint ::= OCTET STRING, its bytes are the BIT STRING's (RFC 5480 2.2) */
        if (bits.len == 0)
            return der_fail(&spki, bits_at, "subjectPublicKey", ASN1_E_VALUE, "empty EC point");
        out->ec_point = bits;
        break;
    case OID_Ed25519:
        out->type = CK_KEY_ED25519;
        TRY(raw_key(&alg, params_at, bits, 32, "Ed25519", out));
        break;
    case OID_Ed448:
        out->type = CK_KEY_ED448;
        TRY(raw_key(&alg, params_at, bits, 57, "Ed448", out));
        break;
    case OID_X25519:
        out->type = CK_KEY_X25519;
        TRY(raw_key(&alg, params_at, bits, 32, "X25519", out));
        break;
    case OID_X448:
        out->type = CK_KEY_X448;
        TRY(raw_key(&alg, params_at, bits, 56, "X448", out));
        break;
    case OID_dsa:
        /* Dss-Parms, or absent: inherited from the issuer (RFC 3279 2.3.2) */
        out->type = CK_KEY_DSA;
        if (!der_empty(&alg))
            TRY(dss_parms(&alg, out));
        /* DSAPublicKey ::= INTEGER */
        TRY(read_uint(&kc, "y", &out->dsa_y));
        TRY(der_done(&kc));
        break;
    case OID_gost3410_2001:
    case OID_gost3410_94:
    case OID_gost3410_12_256:
    case OID_gost3410_12_512:
        out->type = CK_KEY_GOST;
        if (!der_empty(&alg))
            TRY(der_skip(&alg, "parameters"));
        break;
    default:
        out->type = CK_KEY_OTHER;
        if (!der_empty(&alg))
            TRY(der_skip(&alg, "parameters"));
        break;
    }
    return der_done(&alg);
}
