/*
 * pkcs7.c - the certificates of a PKCS#7 / CMS SignedData (RFC 5652 5.1), the form
 * of the certs-only ".p7b"/".p7c" bundles Windows, Apple and Java export (often in
 * BER: indefinite lengths, constructed OCTET STRINGs).  BER is converted to DER once,
 * up front; then the one cursor reads the module.  Used by certdump and chaincat.
 */
#include "x509/x509.h"

#include <stdio.h>
#include <string.h>

/*
 * SignedData ::= SEQUENCE {
 *      version CMSVersion,
 *      digestAlgorithms DigestAlgorithmIdentifiers,
 *      encapContentInfo EncapsulatedContentInfo,
 *      certificates [0] IMPLICIT CertificateSet OPTIONAL,
 *      crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
 *      signerInfos SignerInfos }
 *
 * CertificateSet ::= SET OF CertificateChoices
 * CertificateChoices ::= CHOICE {
 *      certificate Certificate,
 *      extendedCertificate [0] IMPLICIT ExtendedCertificate,  -- Obsolete
 *      v1AttrCert [1] IMPLICIT AttributeCertificateV1,        -- Obsolete
 *      v2AttrCert [2] IMPLICIT AttributeCertificateV2,
 *      other [3] IMPLICIT OtherCertificateFormat }
 */
static asn1_err signed_data(der_t *content, pkcs7_cert_fn fn, void *arg)
{
    der_t sd, certs;
    bool present;
    TRY(der_enter(content, ASN1_SEQUENCE, "signedData", &sd));
    /* version CMSVersion */
    int64_t version;
    TRY(der_read_int64(&sd, "version", &version));
    /* digestAlgorithms DigestAlgorithmIdentifiers (SET OF) */
    TRY(der_skip(&sd, "digestAlgorithms"));
    /* encapContentInfo EncapsulatedContentInfo ::= SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL } */
    asn1_elem eci;
    TRY(der_read(&sd, ASN1_SEQUENCE, "encapContentInfo", &eci));
    /* certificates [0] IMPLICIT CertificateSet OPTIONAL */
    TRY(der_enter_opt(&sd, ASN1_CTX_C(0), "certificates", &certs, &present));
    if (present) {
        size_t index = 0;
        while (!der_empty(&certs)) {
            asn1_elem ce;
            TRY(der_next(&certs, NULL, &ce));
            if (ce.tag == ASN1_SEQUENCE) {
                TRY(fn(arg, ce.der, ce.offset, index));
                index++;
            } else {
                char tn[32];
                TRY(der_warn(&certs, ce.offset, NULL, "%s: not an X.509 certificate (attribute or other certificate), skipped",
                             asn1_tag_name(ce.tag, tn, sizeof tn)));
            }
        }
    }
    /* crls [1] IMPLICIT RevocationInfoChoices OPTIONAL */
    asn1_elem crls;
    TRY(der_read_opt(&sd, ASN1_CTX_C(1), "crls", &crls, &present));
    /* signerInfos SignerInfos (SET OF) */
    asn1_elem si;
    TRY(der_read(&sd, ASN1_SET, "signerInfos", &si));
    return der_done(&sd);
}

/*
 * ContentInfo ::= SEQUENCE {
 *      contentType ContentType,
 *      content [0] EXPLICIT ANY DEFINED BY contentType }
 */
static asn1_err content_info(asn1_ctx *ctx, pkcs7_cert_fn fn, void *arg)
{
    der_t root, ci, content;
    der_init(&root, ctx, NULL);
    TRY(der_enter(&root, ASN1_SEQUENCE, "contentInfo", &ci));
    span_t type;
    size_t type_at = der_offset(&ci);
    TRY(der_read_oid(&ci, "contentType", &type));
    if (!oid_is(type, OID_pkcs7_signedData)) {
        char txt[128];
        if (asn1_oid_to_text(type, txt, sizeof txt) != ASN1_OK)
            snprintf(txt, sizeof txt, "?");
        oid_id id = oid_lookup(type);
        return der_fail(&ci, type_at, "contentType", ASN1_E_UNSUPPORTED,
                        "PKCS#7 content type %s%s%s%s holds no certificates (signedData expected)",
                        id ? oid_name(id) : txt, id ? " (" : "", id ? txt : "", id ? ")" : "");
    }
    TRY(der_enter(&ci, ASN1_CTX_C(0), "content", &content));
    TRY(signed_data(&content, fn, arg));
    TRY(der_done(&content));
    TRY(der_done(&ci));
    /* bytes after the ContentInfo are not part of it: named, not fatal (OpenSSL reads on) */
    if (!der_empty(&root))
        return der_warn(&root, der_offset(&root), "", "%zu bytes after the PKCS#7 ContentInfo, ignored",
                        der_left(&root));
    return ASN1_OK;
}

asn1_err pkcs7_certs_each(asn1_ctx *ctx, span_t der, pkcs7_cert_fn fn, void *arg)
{
    asn1_ctx_reset(ctx, der.p, der.len);
    if (!asn1_is_ber(der, ctx->max_depth))
        return content_info(ctx, fn, arg);
    buf_t conv = BUF_INIT;
    size_t consumed = 0;
    asn1_err r = asn1_ber_to_der(ctx, der, &conv, &consumed);
    if (r == ASN1_OK && conv.oom)
        r = asn1_fail_at(ctx, 0, "contentInfo", ASN1_E_NOMEM, "out of memory converting BER");
    if (r == ASN1_OK) {
        size_t trailing = der.len - consumed;
        asn1_ctx_reset(ctx, (const uint8_t *)conv.p, conv.len);
        r = content_info(ctx, fn, arg);
        if (r == ASN1_OK && trailing)
            r = asn1_warn_at(ctx, conv.len, "", "%zu bytes after the PKCS#7 ContentInfo, ignored", trailing);
    }
    buf_free(&conv);
    return r;
}
