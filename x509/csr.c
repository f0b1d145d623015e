/* csr.c - the PKCS#10 certification request decoder (RFC 2986 4), zero-copy. */
#include "x509/ext_impl.h"

#include <stdio.h>
#include <string.h>

/*
 * Attribute { ATTRIBUTE:IOSet } ::= SEQUENCE {
 *      type   ATTRIBUTE.&id({IOSet}),
 *      values SET SIZE(1..MAX) OF ATTRIBUTE.&Type({IOSet}{@type}) }
 */
static asn1_err read_attr(der_t *list, x509_csr_attr *a)
{
    der_t seq, set;
    a->offset = der_offset(list);
    TRY(der_enter(list, ASN1_SEQUENCE, NULL, &seq));
    TRY(der_read_oid(&seq, "type", &a->oid));
    a->id = oid_lookup(a->oid);
    a->values_offset = der_offset(&seq);
    TRY(der_enter(&seq, ASN1_SET, "values", &set));
    a->values = span_make(set.p, der_left(&set));
    a->nvalues = 0;
    while (!der_empty(&set)) {
        TRY(der_skip(&set, NULL));
        a->nvalues++;
    }
    if (a->nvalues == 0)
        TRY(der_warn(&seq, a->values_offset, "values", "empty SET of attribute values (RFC 2986: SIZE(1..MAX))"));
    return der_done(&seq);
}

/*
 * Validates an attribute's values with its decoder (csr_print.c): a malformed value
 * is a warning naming the attribute, offset and path; the request still decodes and
 * the value is shown as its DER.
 */
static asn1_err check_attr_values(const der_t *attrs, const x509_csr_attr *a, unsigned index)
{
    asn1_ctx sc;
    x509_ctx_scratch(&sc, attrs->ctx, span_make(NULL, 0));
    char path[ASN1_PATH_MAX];
    der_path(attrs, NULL, (int)index, path, sizeof path);
    size_t n = strlen(path);
    snprintf(path + n, sizeof path - n, ".values");
    der_t vals;
    der_init_span(&vals, &sc, a->values, path);
    asn1_err r = x509_csr_attr_value(&vals, a, NULL, NULL, NULL, false);
    if (r == ASN1_OK)
        return ASN1_OK;
    const char *nm = oid_name(a->id);
    char txt[128];
    if (!nm)
        nm = asn1_oid_to_text(a->oid, txt, sizeof txt) == ASN1_OK ? txt : "attribute";
    if (sc.err.code != ASN1_OK)
        return asn1_warn_at(attrs->ctx, sc.err.offset, sc.err.path, "malformed %s value: %s", nm, sc.err.msg);
    return asn1_warn_at(attrs->ctx, a->values_offset, path, "malformed %s value: %s", nm, asn1_err_name(r));
}

/*
 * CertificationRequestInfo ::= SEQUENCE {
 *      version       INTEGER { v1(0) } (v1,...),
 *      subject       Name,
 *      subjectPKInfo SubjectPublicKeyInfo{{ PKInfoAlgorithms }},
 *      attributes    [0] Attributes{{ CRIAttributes }} }
 */
static asn1_err csr_decode(asn1_ctx *ctx, span_t der, x509_csr *out)
{
    der_t root, req, info;
    memset(out, 0, sizeof *out);
    asn1_ctx_reset(ctx, der.p, der.len);
    der_init(&root, ctx, NULL);
    out->der = der;
    TRY(der_enter(&root, ASN1_SEQUENCE, "", &req));
    const uint8_t *info_start = req.p;
    TRY(der_enter(&req, ASN1_SEQUENCE, "certificationRequestInfo", &info));
    out->info = span_make(info_start, (size_t)(req.p - info_start));
    size_t ver_at = der_offset(&info);
    TRY(der_read_int64(&info, "version", &out->version));
    if (out->version != 0)
        TRY(der_warn(&info, ver_at, "version", "request version %lld; PKCS#10 defines only v1 (0)",
                     (long long)out->version));
    TRY(x509_name_decode(&info, "subject", &out->subject));
    TRY(spki_decode(&info, &out->pubkey));
    /* attributes [0] IMPLICIT SET OF Attribute - some producers omit it entirely */
    der_t attrs;
    bool present;
    size_t at = der_offset(&info);
    TRY(der_enter_opt(&info, ASN1_CTX_C(0), "attributes", &attrs, &present));
    if (!present) {
        if (!der_empty(&info))
            TRY(der_enter(&info, ASN1_CTX_C(0), "attributes", &attrs));   /* reports the wrong tag */
        TRY(der_warn(&info, at, "attributes", "attributes field absent (RFC 2986 requires it, even empty)"));
    } else {
        out->attrs = span_make(attrs.p, der_left(&attrs));
        out->attrs_offset = der_offset(&attrs);
        while (!der_empty(&attrs)) {
            x509_csr_attr a;
            TRY(read_attr(&attrs, &a));
            out->nattrs++;
            if (a.id != OID_pkcs9_extensionRequest)
                TRY(check_attr_values(&attrs, &a, out->nattrs - 1));
            if (a.id == OID_pkcs9_extensionRequest) {
                if (out->has_ext_req)
                    return der_fail(&attrs, a.offset, NULL, ASN1_E_VALUE, "second extensionRequest attribute");
                /* ExtensionRequest ::= Extensions (one value) */
                asn1_elem el = { 0 };
                el.body = a.values;
                el.offset = a.values_offset;
                der_t vals;
                TRY(der_open(&attrs, &el, "extensionRequest", -1, &vals));
                if (a.nvalues != 1)
                    TRY(der_warn(&attrs, a.offset, NULL, "extensionRequest with %u values, expected 1", a.nvalues));
                if (!der_empty(&vals)) {
                    TRY(x509_exts_decode(&vals, "", &out->exts));
                    out->has_ext_req = true;
                }
            }
        }
    }
    TRY(der_done(&info));
    TRY(x509_alg_decode(&req, "signatureAlgorithm", &out->sig_alg));
    TRY(der_read_bits(&req, "signature", &out->sig, &out->sig_unused));
    TRY(der_done(&req));
    return der_done(&root);
}

asn1_err x509_csr_decode(asn1_ctx *ctx, span_t der, x509_csr *out)
{
    asn1_err e = csr_decode(ctx, der, out);
    if (e != ASN1_OK && ctx->err.path[0] == '\0')
        memcpy(ctx->err.path, "CertificationRequest", sizeof "CertificationRequest");
    return e;
}

void x509_csr_attrs_each(const x509_csr *csr, void (*fn)(void *arg, const x509_csr_attr *a), void *arg)
{
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, csr->der.p, csr->der.len);
    der_t attrs;
    der_init_span(&attrs, &ctx, csr->attrs, "attributes");
    while (!der_empty(&attrs)) {
        x509_csr_attr a;
        if (read_attr(&attrs, &a) != ASN1_OK)
            break;                  /* cannot happen on a decoded request */
        fn(arg, &a);
    }
}

ck_verify_result x509_csr_verify(const x509_csr *csr, char *detail, size_t n)
{
    if (csr->sig_unused != 0) {
        if (detail && n)
            detail[0] = '\0';
        return CK_VERIFY_INVALID;
    }
    return ck_verify(csr->info, csr->sig_alg.oid, csr->sig_alg.params, csr->sig, &csr->pubkey, detail, n);
}
