/* cert.c - the X.509 certificate decoder (RFC 5280 4.1), zero-copy: the struct holds
 * spans into the caller's DER.  Reads like the ASN.1 module; the module's lines are
 * the comments above each read. */
#include "x509/x509.h"

#include <string.h>

/*
 * AlgorithmIdentifier  ::=  SEQUENCE  {
 *      algorithm               OBJECT IDENTIFIER,
 *      parameters              ANY DEFINED BY algorithm OPTIONAL  }
 */
asn1_err x509_alg_decode(der_t *c, const char *field, x509_alg *out)
{
    der_t seq;
    memset(out, 0, sizeof *out);
    out->offset = der_offset(c);
    const uint8_t *start = c->p;
    TRY(der_enter(c, ASN1_SEQUENCE, field, &seq));
    out->der = span_make(start, (size_t)(c->p - start));
    TRY(der_read_oid(&seq, "algorithm", &out->oid));
    out->id = oid_lookup(out->oid);
    if (!der_empty(&seq)) {
        asn1_elem p;
        TRY(der_next(&seq, "parameters", &p));
        out->params = p.der;
    }
    return der_done(&seq);
}

/* CertificateSerialNumber  ::=  INTEGER  -- RFC 5280 4.1.2.2: positive, at most 20 octets */
static asn1_err read_serial(der_t *tbs, span_t *serial)
{
    size_t at = der_offset(tbs);
    TRY(der_read_int(tbs, "serialNumber", serial));
    span_t v = *serial;
    if (asn1_int_is_negative(v))
        TRY(der_warn(tbs, at, "serialNumber", "negative serial number (RFC 5280 4.1.2.2)"));
    else if (asn1_int_bits(v) == 0)
        TRY(der_warn(tbs, at, "serialNumber", "serial number is zero (RFC 5280 4.1.2.2)"));
    if (v.len > 20)
        TRY(der_warn(tbs, at, "serialNumber", "serial number of %zu octets, over 20 (RFC 5280 4.1.2.2)",
                     v.len));
    return ASN1_OK;
}

/*
 * Validity ::= SEQUENCE {
 *      notBefore      Time,
 *      notAfter       Time  }
 */
static asn1_err read_validity(der_t *tbs, x509_cert *out)
{
    der_t v;
    size_t at = der_offset(tbs);
    TRY(der_enter(tbs, ASN1_SEQUENCE, "validity", &v));
    TRY(der_read_time(&v, "notBefore", &out->not_before));
    TRY(der_read_time(&v, "notAfter", &out->not_after));
    TRY(der_done(&v));
    if (out->not_before > out->not_after)
        TRY(der_warn(tbs, at, "validity", "notBefore is after notAfter"));
    return ASN1_OK;
}

/* A public key that does not decode is reported, and the rest of the certificate still is. */
static asn1_err read_spki(der_t *tbs, ck_pubkey *key)
{
    der_t save = *tbs;
    asn1_err e = spki_decode(tbs, key);
    if (e == ASN1_OK)
        return ASN1_OK;
    asn1_ctx *ctx = tbs->ctx;
    if (e == ASN1_E_NOMEM || e == ASN1_E_STRICT || e == ASN1_E_DEPTH)
        return e;
    /* keep the message as a warning, skip the element if its TLV is sound */
    asn1_diag d = ctx->err;
    asn1_ctx_clear_error(ctx);
    *tbs = save;
    asn1_elem el;
    der_t spki;
    TRY(der_read(tbs, ASN1_SEQUENCE, "subjectPublicKeyInfo", &el));
    TRY(der_open(tbs, &el, "subjectPublicKeyInfo", -1, &spki));
    memset(key, 0, sizeof *key);
    key->type = CK_KEY_OTHER;
    key->der = el.der;
    x509_alg alg;
    if (x509_alg_decode(&spki, "algorithm", &alg) == ASN1_OK) {
        key->alg_oid = alg.oid;
        key->alg_params = alg.params;
    }
    asn1_ctx_clear_error(ctx);
    return asn1_warn_at(ctx, d.offset, d.path, "public key not decoded: %s", d.msg);
}

static void convenience(asn1_ctx *ctx, x509_cert *out)
{
    for (unsigned i = 0; i < out->exts.n; i++) {
        const x509_ext *e = &out->exts.v[i];
        if (e->malformed || x509_exts_find(&out->exts, e->id) != e)
            continue;       /* a duplicate (warned about): the first one counts, as for every lookup */
        asn1_err r = ASN1_OK;
        switch (e->id) {
        case OID_ce_basicConstraints:
            r = x509_ext_basic_constraints(e, ctx, &out->bc);
            break;
        case OID_ce_keyUsage:
            r = x509_ext_key_usage(e, ctx, &out->key_usage);
            out->has_key_usage = r == ASN1_OK;
            break;
        case OID_ce_subjectKeyIdentifier:
            r = x509_ext_ski(e, ctx, &out->ski);
            break;
        case OID_ce_authorityKeyIdentifier:
            r = x509_ext_aki(e, ctx, &out->aki);
            break;
        default:
            break;
        }
        if (r != ASN1_OK)
            asn1_ctx_clear_error(ctx);      /* already reported by x509_exts_decode */
    }
}

/*
 * Certificate  ::=  SEQUENCE  {
 *      tbsCertificate       TBSCertificate,
 *      signatureAlgorithm   AlgorithmIdentifier,
 *      signatureValue       BIT STRING  }
 */
static asn1_err cert_decode(asn1_ctx *ctx, span_t der, x509_cert *out);

asn1_err x509_cert_decode(asn1_ctx *ctx, span_t der, x509_cert *out)
{
    asn1_err e = cert_decode(ctx, der, out);
    if (e != ASN1_OK && ctx->err.path[0] == '\0')
        memcpy(ctx->err.path, "Certificate", sizeof "Certificate");
    return e;
}

static asn1_err cert_decode(asn1_ctx *ctx, span_t der, x509_cert *out)
{
    der_t root, cert, tbs;
    memset(out, 0, sizeof *out);
    out->bc.path_len = -1;
    asn1_ctx_reset(ctx, der.p, der.len);
    der_init(&root, ctx, NULL);
    out->der = der;
    TRY(der_enter(&root, ASN1_SEQUENCE, "", &cert));
    const uint8_t *tbs_start = cert.p;
    TRY(der_enter(&cert, ASN1_SEQUENCE, "tbsCertificate", &tbs));
    out->tbs = span_make(tbs_start, (size_t)(cert.p - tbs_start));

    /* version         [0]  EXPLICIT Version DEFAULT v1 */
    bool present;
    der_t ver;
    out->version = 1;
    size_t ver_at = der_offset(&tbs);
    TRY(der_enter_opt(&tbs, ASN1_CTX_C(0), "version", &ver, &present));
    if (present) {
        int64_t v;
        TRY(der_read_int64(&ver, "", &v));
        TRY(der_done(&ver));
        if (v < 0 || v > 0x7fff)
            return der_fail(&tbs, ver_at, "version", ASN1_E_VALUE, "certificate version %lld is impossible",
                            (long long)v);
        if (v > 2)      /* decode what follows as v3, the last version defined, and say so */
            TRY(der_warn(&tbs, ver_at, "version", "unknown certificate version %lld (value %lld); decoded as v3",
                         (long long)v + 1, (long long)v));
        out->version = (int)v + 1;
        if (v == 0)
            TRY(der_warn(&tbs, ver_at, "version", "v1 encoded explicitly; DER omits the DEFAULT (X.690 11.5)"));
    }
    /* serialNumber         CertificateSerialNumber */
    TRY(read_serial(&tbs, &out->serial));
    /* signature            AlgorithmIdentifier */
    TRY(x509_alg_decode(&tbs, "signature", &out->tbs_sig_alg));
    /* issuer               Name */
    TRY(x509_name_decode(&tbs, "issuer", &out->issuer));
    /* validity             Validity */
    TRY(read_validity(&tbs, out));
    /* subject              Name */
    TRY(x509_name_decode(&tbs, "subject", &out->subject));
    /* subjectPublicKeyInfo SubjectPublicKeyInfo */
    TRY(read_spki(&tbs, &out->pubkey));
    /* issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL, -- v2 or v3 */
    asn1_elem uid;
    size_t uid_at = der_offset(&tbs);
    TRY(der_read_opt(&tbs, ASN1_CTX_P(1), "issuerUniqueID", &uid, &out->has_issuer_uid));
    if (out->has_issuer_uid) {
        unsigned unused;
        TRY(asn1_check_bits(&tbs, uid.offset, "issuerUniqueID", uid.body, &out->issuer_uid, &unused));
        if (out->version < 2)
            TRY(der_warn(&tbs, uid_at, "issuerUniqueID", "unique identifier in a v1 certificate (RFC 5280 4.1.2.8)"));
    }
    /* subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL, -- v2 or v3 */
    uid_at = der_offset(&tbs);
    TRY(der_read_opt(&tbs, ASN1_CTX_P(2), "subjectUniqueID", &uid, &out->has_subject_uid));
    if (out->has_subject_uid) {
        unsigned unused;
        TRY(asn1_check_bits(&tbs, uid.offset, "subjectUniqueID", uid.body, &out->subject_uid, &unused));
        if (out->version < 2)
            TRY(der_warn(&tbs, uid_at, "subjectUniqueID", "unique identifier in a v1 certificate (RFC 5280 4.1.2.8)"));
    }
    /* extensions      [3]  EXPLICIT Extensions OPTIONAL -- v3 */
    der_t exts;
    size_t ext_at = der_offset(&tbs);
    TRY(der_enter_opt(&tbs, ASN1_CTX_C(3), "extensions", &exts, &present));
    if (present) {
        TRY(x509_exts_decode(&exts, "", &out->exts));
        TRY(der_done(&exts));
        if (out->version < 3)
            TRY(der_warn(&tbs, ext_at, "extensions", "v%d certificate with extensions (RFC 5280 4.1.2.9)",
                         out->version));
    }
    TRY(der_done(&tbs));

    /* signatureAlgorithm   AlgorithmIdentifier */
    TRY(x509_alg_decode(&cert, "signatureAlgorithm", &out->sig_alg));
    /* signatureValue       BIT STRING */
    TRY(der_read_bits(&cert, "signatureValue", &out->sig, &out->sig_unused));
    TRY(der_done(&cert));
    TRY(der_done(&root));
    if (!span_eq(out->sig_alg.der, out->tbs_sig_alg.der))
        TRY(asn1_warn_at(ctx, out->sig_alg.offset, "signatureAlgorithm",
                         "differs from tbsCertificate.signature (RFC 5280 4.1.1.2)"));
    convenience(ctx, out);
    return ASN1_OK;
}

bool x509_cert_self_issued(const x509_cert *c)
{
    return x509_name_equal(&c->issuer, &c->subject);
}

ck_verify_result x509_cert_verify(const x509_cert *cert, const ck_pubkey *issuer_key, char *detail, size_t n)
{
    if (cert->sig_unused != 0) {
        if (detail && n)
            detail[0] = '\0';
        return CK_VERIFY_INVALID;
    }
    return ck_verify(cert->tbs, cert->sig_alg.oid, cert->sig_alg.params, cert->sig, issuer_key, detail, n);
}
