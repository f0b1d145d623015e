/*
 * csr_print.c - a decoded PKCS#10 request described to an x509_sink (SPEC.md's
 * `csrdump --json` schema: the JSON, -f and any other backend), its text form for
 * people (the certdump layout), and the decoders of the request attributes:
 * PKCS#9 (challengePassword, unstructuredName, extensionRequest) and the ones
 * Microsoft's enrollment client adds (OS version, enrollment CSP, client info,
 * certificate template).
 *
 * Nothing here prints: the sink's backend writes into the caller's buffer.
 */
#include "x509/ext_impl.h"
#include "x509/text_impl.h"

#include <string.h>

#define REDACTED "<redacted>"

const char *const x509_csr_fields[] = {
    "type", "source", "index", "version", "subject", "public_key", "signature_algorithm",
    "signature_valid", "signature_status", "attributes", "extensions", "subject_alt_names",
    "key_usage", "extended_key_usage", "basic_constraints", "subject_key_id", "authority_key_id",
    "crl_distribution_points", "ocsp", "ca_issuers", "subject_openssl", "fingerprints", "warnings", "pem",
    NULL,
};

/* ------------------------------------------------------- attribute values */

/* DirectoryString-like values: any string type (a non-string is an error). */
static asn1_err val_string(der_t *c, x509_sink *s, const char *key, const char *label, bool redact)
{
    asn1_elem e;
    TRY(der_read_string(c, NULL, &e));
    buf_t *b = x509_scratch_push();
    if (b) {
        const char *why = NULL, *dev = NULL;
        asn1_err r = asn1_str_to_utf8(e.tag, e.body, b, &why, &dev);
        x509_scratch_pop();
        if (r != ASN1_OK)
            return der_fail(c, e.offset, NULL, ASN1_E_VALUE, "%s", why ? why : "invalid string");
    }
    if (redact)
        sink_str(s, key, label, REDACTED);
    else
        sink_any_string(s, key, label, &e);
    return ASN1_OK;
}

/*
 * EnrollmentCSPProvider ::= SEQUENCE {
 *      keySpec    INTEGER,
 *      cspName    BMPString,
 *      signature  BIT STRING }
 */
static asn1_err val_csp(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    int64_t spec;
    asn1_elem name;
    span_t bits;
    unsigned unused;
    TRY(der_enter(c, ASN1_SEQUENCE, NULL, &seq));
    TRY(der_read_int64(&seq, "keySpec", &spec));
    TRY(der_read_string(&seq, "cspName", &name));
    TRY(der_read_bits(&seq, "signature", &bits, &unused));
    TRY(der_done(&seq));
    sink_obj(s, key, label);
    sink_num(s, "key_spec", "Key spec", spec);
    sink_any_string(s, "csp_name", "CSP name", &name);
    sink_hex(s, "signature", "Signature", bits.p, bits.len);
    sink_end_obj(s);
    return ASN1_OK;
}

/*
 * ClientInformation ::= SEQUENCE {
 *      clientId     INTEGER,
 *      MachineName  UTF8String,
 *      UserName     UTF8String,
 *      ProcessName  UTF8String }
 * (wincrypt.h: szOID_REQUEST_CLIENT_INFO; real files use other string types too)
 */
static asn1_err val_client_info(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    int64_t id;
    asn1_elem m, u, p;
    TRY(der_enter(c, ASN1_SEQUENCE, NULL, &seq));
    TRY(der_read_int64(&seq, "clientId", &id));
    TRY(der_read_string(&seq, "machineName", &m));
    TRY(der_read_string(&seq, "userName", &u));
    TRY(der_read_string(&seq, "processName", &p));
    TRY(der_done(&seq));
    sink_obj(s, key, label);
    sink_num(s, "client_id", "Client ID", id);
    sink_any_string(s, "machine", "Machine", &m);
    sink_any_string(s, "user", "User", &u);
    sink_any_string(s, "process", "Process", &p);
    sink_end_obj(s);
    return ASN1_OK;
}

/*
 * CertificateTemplate ::= SEQUENCE {
 *      templateID              EncodedObjectID,
 *      templateMajorVersion    TemplateVersion,
 *      templateMinorVersion    TemplateVersion OPTIONAL }
 */
static asn1_err val_template(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    span_t oid;
    int64_t major, minor = -1;
    TRY(der_enter(c, ASN1_SEQUENCE, NULL, &seq));
    TRY(der_read_oid(&seq, "templateID", &oid));
    TRY(der_read_int64(&seq, "templateMajorVersion", &major));
    if (!der_empty(&seq))
        TRY(der_read_int64(&seq, "templateMinorVersion", &minor));
    TRY(der_done(&seq));
    sink_obj(s, key, label);
    char txt[256];
    if (asn1_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
        txt[0] = '\0';
    sink_str(s, "template_id", "Template ID", txt);
    sink_num(s, "major_version", "Major version", major);
    if (minor >= 0)
        sink_num(s, "minor_version", "Minor version", minor);
    else
        sink_null(s, "minor_version", "Minor version");
    sink_end_obj(s);
    return ASN1_OK;
}

/* EnrollmentNameValuePair ::= SEQUENCE { name BMPString, value BMPString } */
static asn1_err val_name_value(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    asn1_elem n, v;
    TRY(der_enter(c, ASN1_SEQUENCE, NULL, &seq));
    TRY(der_read_string(&seq, "name", &n));
    TRY(der_read_string(&seq, "value", &v));
    TRY(der_done(&seq));
    sink_obj(s, key, label);
    sink_any_string(s, "name", "Name", &n);
    sink_any_string(s, "value", "Value", &v);
    sink_end_obj(s);
    return ASN1_OK;
}

/* ExtensionRequest ::= Extensions: each extension described as for certificates. */
static asn1_err val_ext_req(der_t *c, x509_sink *s, const char *key, const char *label)
{
    static _Thread_local x509_exts exts;    /* 64 slots: kept off the stack */
    asn1_ctx sc;
    x509_ctx_scratch(&sc, c->ctx, span_make(NULL, 0));
    der_t alias = *c;
    alias.ctx = &sc;
    exts.n = 0;
    exts.present = false;
    asn1_err r = x509_exts_decode(&alias, NULL, &exts);
    if (r != ASN1_OK)
        return x509_ctx_carry_error(c->ctx, &sc, r);
    c->p = alias.p;
    c->count = alias.count;
    sink_arr(s, key, label);
    for (unsigned i = 0; i < exts.n; i++) {
        x509_ext_describe(&exts.v[i], s, &sc);
        asn1_ctx_clear_error(&sc);
    }
    sink_end_arr(s);
    return ASN1_OK;
}

/* One value of attribute a (the next element of c). */
static asn1_err attr_one(der_t *c, const x509_csr_attr *a, x509_sink *s, const char *key, const char *label,
                         bool show_secrets)
{
    switch (a->id) {
    case OID_pkcs9_challengePassword:
        return val_string(c, s, key, label, !show_secrets);
    case OID_pkcs9_unstructuredName:
    case OID_pkcs9_unstructuredAddress:
    case OID_ms_osVersion:
    case OID_ms_certificateTemplateName:
        return val_string(c, s, key, label, false);
    case OID_pkcs9_extensionRequest:
    case OID_ms_certReqExtensions:
        return val_ext_req(c, s, key, label);
    case OID_ms_enrollmentCSP:
        return val_csp(c, s, key, label);
    case OID_ms_requestClientInfo:
        return val_client_info(c, s, key, label);
    case OID_ms_certificateTemplate:
        return val_template(c, s, key, label);
    case OID_ms_enrollmentNameValuePair:
        return val_name_value(c, s, key, label);
    default: {
        asn1_elem e;
        TRY(der_next(c, NULL, &e));
        sink_der(s, key, label, e.der);
        return ASN1_OK;
    }
    }
}

asn1_err x509_csr_attr_value(der_t *c, const x509_csr_attr *a, x509_sink *s, const char *key, const char *label,
                             bool show_secrets)
{
    if (a->nvalues == 1)
        return attr_one(c, a, s, key, label, show_secrets);
    sink_arr(s, key, label);
    asn1_err r = ASN1_OK;
    while (r == ASN1_OK && !der_empty(c))
        r = attr_one(c, a, s, NULL, NULL, show_secrets);
    sink_end_arr(s);                        /* closed even on an error: the output stays balanced */
    return r;
}

/* ------------------------------------------------------------- the walk */

typedef struct attr_walk {
    x509_sink *s;
    const x509_csr *csr;
    const x509_csr_info *info;
    bool text;              /* text backend: values without their wrapper key */
} attr_walk;

/* A cursor over an attribute's values, named attributes[i].values for messages. */
static void values_cursor(const x509_csr *csr, asn1_ctx *sc, const x509_csr_attr *a, der_t *c)
{
    der_init_span(c, sc, a->values, "values");
    (void)csr;
}

/* A value that failed to decode (it was reported as a warning): its DER; a
 * challengePassword stays redacted whatever its encoding. */
static void attr_fallback(x509_sink *s, const char *key, const char *label, const x509_csr_attr *a,
                          bool show_secrets)
{
    if (a->id == OID_pkcs9_challengePassword && !show_secrets)
        sink_str(s, key, label, REDACTED);
    else
        sink_der(s, key, label, a->values);
}

static void put_attr(void *arg, const x509_csr_attr *a)
{
    attr_walk *w = arg;
    x509_sink *s = w->s;
    char txt[256];
    asn1_ctx sc;
    x509_ctx_scratch(&sc, w->info->ctx, w->csr->der);
    sink_obj(s, NULL, NULL);
    if (asn1_oid_to_text(a->oid, txt, sizeof txt) != ASN1_OK)
        txt[0] = '\0';
    sink_str(s, "oid", "OID", txt);
    const char *nm = oid_name(a->id);
    if (nm)
        sink_str(s, "name", "Name", nm);
    else
        sink_null(s, "name", "Name");
    der_t c;
    values_cursor(w->csr, &sc, a, &c);
    /* validate first, so a malformed value shows as its DER, never half-described */
    asn1_err r = x509_csr_attr_value(&c, a, NULL, NULL, NULL, w->info->show_secrets);
    if (r == ASN1_OK) {
        values_cursor(w->csr, &sc, a, &c);
        if (x509_csr_attr_value(&c, a, s, "value", "Value", w->info->show_secrets) != ASN1_OK)
            asn1_ctx_clear_error(&sc);
    } else {
        attr_fallback(s, "value", "Value", a, w->info->show_secrets);
    }
    sink_end_obj(s);
}

/* The certdump convenience fields, from the requested extensions. */
static void convenience(const x509_exts *exts, x509_sink *s, asn1_ctx *ctx)
{
    const x509_ext *e;
    if ((e = x509_exts_find(exts, OID_ce_subjectAltName)) && !e->malformed)
        x509_describe_san(e, s, ctx);
    uint16_t ku;
    if ((e = x509_exts_find(exts, OID_ce_keyUsage)) && !e->malformed) {
        if (x509_ext_key_usage(e, ctx, &ku) == ASN1_OK) {
            sink_arr(s, "key_usage", "Key usage");
            for (unsigned b = 0; b < 9; b++)
                if (ku & (1u << b))
                    sink_str(s, NULL, NULL, x509_key_usage_names[b]);
            sink_end_arr(s);
        } else {
            asn1_ctx_clear_error(ctx);
        }
    }
    if ((e = x509_exts_find(exts, OID_ce_extKeyUsage)) && !e->malformed)
        x509_describe_list(s, "extended_key_usage", "Extended key usage", e, ctx, OID_ce_extKeyUsage);
    x509_bc bc;
    if ((e = x509_exts_find(exts, OID_ce_basicConstraints)) && !e->malformed) {
        if (x509_ext_basic_constraints(e, ctx, &bc) == ASN1_OK) {
            sink_obj(s, "basic_constraints", "Basic constraints");
            sink_bool(s, "ca", "CA", bc.ca);
            if (bc.path_len >= 0)
                sink_num(s, "path_len", "Path length", bc.path_len);
            else
                sink_null(s, "path_len", "Path length");
            sink_end_obj(s);
        } else {
            asn1_ctx_clear_error(ctx);
        }
    }
    span_t id;
    if ((e = x509_exts_find(exts, OID_ce_subjectKeyIdentifier)) && !e->malformed) {
        if (x509_ext_ski(e, ctx, &id) == ASN1_OK)
            sink_hex(s, "subject_key_id", "Subject key ID", id.p, id.len);
        else
            asn1_ctx_clear_error(ctx);
    }
    if ((e = x509_exts_find(exts, OID_ce_authorityKeyIdentifier)) && !e->malformed) {
        if (x509_ext_aki(e, ctx, &id) == ASN1_OK && id.len)
            sink_hex(s, "authority_key_id", "Authority key ID", id.p, id.len);
        else
            sink_null(s, "authority_key_id", "Authority key ID");
        asn1_ctx_clear_error(ctx);
    }
    if ((e = x509_exts_find(exts, OID_ce_cRLDistributionPoints)) && !e->malformed)
        x509_describe_list(s, "crl_distribution_points", "CRL distribution points", e, ctx,
                           OID_ce_cRLDistributionPoints);
    if ((e = x509_exts_find(exts, OID_pe_authorityInfoAccess)) && !e->malformed) {
        x509_describe_list(s, "ocsp", "OCSP", e, ctx, OID_ad_ocsp);
        x509_describe_list(s, "ca_issuers", "CA issuers", e, ctx, OID_ad_caIssuers);
    }
}

void x509_csr_describe(const x509_csr *c, x509_sink *s, const x509_csr_info *info)
{
    asn1_ctx sc;
    asn1_ctx *ctx = info->ctx;
    if (!ctx) {
        x509_ctx_scratch(&sc, NULL, c->der);
        ctx = &sc;
    }
    sink_str(s, "type", "Type", "csr");
    x509_sink_source(s, info->source, info->index);
    sink_num(s, "version", "Version", c->version + 1);
    sink_name(s, "subject", "Subject", &c->subject);
    sink_pubkey(s, "public_key", "Public key", &c->pubkey);
    sink_alg(s, "signature_algorithm", "Signature algorithm", &c->sig_alg);
    if (info->sig == CK_VERIFY_VALID || info->sig == CK_VERIFY_INVALID)
        sink_bool(s, "signature_valid", "Signature valid", info->sig == CK_VERIFY_VALID);
    else
        sink_null(s, "signature_valid", "Signature valid");
    sink_str(s, "signature_status", "Signature status", ck_verify_result_name(info->sig));

    sink_arr(s, "attributes", "Attributes");
    attr_walk w = { s, c, info, false };
    x509_csr_attrs_each(c, put_attr, &w);
    sink_end_arr(s);

    sink_arr(s, "extensions", "Extensions");
    for (unsigned i = 0; i < c->exts.n; i++) {
        x509_ext_describe(&c->exts.v[i], s, ctx);
        asn1_ctx_clear_error(ctx);
    }
    sink_end_arr(s);
    convenience(&c->exts, s, ctx);
    if (info->openssl_names)
        x509_sink_openssl_name(s, "subject_openssl", "Subject (openssl)", &c->subject);
    x509_fingerprints fp;
    x509_fingerprints_of(c->der, &fp);
    x509_sink_fingerprints(s, &fp);
    x509_sink_warnings(s, info->ctx);
    if (info->pem)
        x509_sink_pem(s, "CERTIFICATE REQUEST", c->der);
}

/* ------------------------------------------------------------------ text */

typedef struct text_attr {
    buf_t *b;
    const x509_csr *csr;
    const x509_csr_info *info;
    unsigned n;
} text_attr;

static void text_attr_one(void *arg, const x509_csr_attr *a)
{
    text_attr *t = arg;
    buf_t *b = t->b;
    t->n++;
    x509_txt_indent(b, 8);
    x509_txt_oid_named(b, a->oid);
    buf_put(b, ":\n", 2);
    if (a->id == OID_pkcs9_extensionRequest) {
        x509_txt_indent(b, 12);
        buf_u64(b, t->csr->exts.n);
        buf_puts(b, t->csr->exts.n == 1 ? " extension, under Requested Extensions\n"
                                        : " extensions, under Requested Extensions\n");
        return;
    }
    asn1_ctx sc;
    x509_ctx_scratch(&sc, t->info->ctx, t->csr->der);
    der_t c;
    der_init_span(&c, &sc, a->values, "values");
    x509_sink text;
    x509_text_state st;
    x509_sink_text(&text, &st, b, 12);
    /* "\x01": a flat container, no header line (the text sink's convention) */
    if (x509_csr_attr_value(&c, a, NULL, NULL, NULL, t->info->show_secrets) == ASN1_OK) {
        der_init_span(&c, &sc, a->values, "values");
        if (x509_csr_attr_value(&c, a, &text, "value", "\x01", t->info->show_secrets) != ASN1_OK)
            asn1_ctx_clear_error(&sc);
    } else {
        x509_txt_indent(b, 12);
        buf_puts(b, "(malformed) ");
        if (a->id == OID_pkcs9_challengePassword && !t->info->show_secrets)
            buf_puts(b, REDACTED);
        else
            buf_hex(b, a->values.p, a->values.len, ":");
        buf_putc(b, '\n');
    }
}

void x509_csr_text(const x509_csr *c, buf_t *b, const x509_csr_info *info)
{
    asn1_ctx *ctx = info->ctx;
    asn1_ctx sc;
    if (!ctx) {
        x509_ctx_scratch(&sc, NULL, c->der);
        ctx = &sc;
    }
    x509_txt_intro(b, "Certificate Request", info->source, info->index, c->version + 1, (uint64_t)c->version);
    x509_txt_name(b, 4, "Subject", &c->subject);
    x509_txt_pubkey(b, 4, &c->pubkey);

    x509_txt_indent(b, 4);
    buf_puts(b, "Attributes:");
    if (c->nattrs == 0)
        buf_puts(b, " (none)");
    buf_putc(b, '\n');
    text_attr t = { b, c, info, 0 };
    x509_csr_attrs_each(c, text_attr_one, &t);

    if (c->has_ext_req) {
        x509_txt_heading(b, 4, "Requested Extensions");
        for (unsigned i = 0; i < c->exts.n; i++)
            x509_txt_extension(b, 8, &c->exts.v[i], ctx);
    }
    x509_txt_alg(b, 4, "Signature Algorithm", &c->sig_alg);
    x509_txt_heading(b, 4, "Signature Value");
    x509_txt_dump(b, 8, c->sig.p, c->sig.len, 18);
    x509_txt_label(b, 4, "Signature");
    switch (info->sig) {
    case CK_VERIFY_VALID:
        buf_puts(b, "valid (self-signed with the request's key)");
        break;
    case CK_VERIFY_INVALID:
        buf_puts(b, "INVALID");
        if (info->sig_detail && info->sig_detail[0]) {
            buf_puts(b, ": ");
            buf_puts(b, info->sig_detail);
        }
        break;
    default:
        buf_puts(b, info->sig_detail && info->sig_detail[0] ? info->sig_detail
                    : info->sig == CK_VERIFY_UNSUPPORTED ? "cannot verify: unsupported algorithm"
                                                         : "cannot verify: malformed key or parameters");
        break;
    }
    buf_putc(b, '\n');
    x509_txt_fingerprints(b, 4, c->der);
    x509_txt_warnings(b, 4, info->ctx);
}
