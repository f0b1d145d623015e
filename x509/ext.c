/*
 * ext.c - Extensions (RFC 5280 4.1, 4.2; 5.2, 5.3 for CRLs): the list decoder, the
 * table of known extensions (one row each: OID, JSON name, OpenSSL-style display
 * label, decoder), x509_ext_describe, and the parsed helpers tools reason with.
 *
 *   Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
 *   Extension  ::=  SEQUENCE  {
 *        extnID      OBJECT IDENTIFIER,
 *        critical    BOOLEAN DEFAULT FALSE,
 *        extnValue   OCTET STRING }
 *
 * Each decoder (x509/ext_*.c) describes its value to an x509_sink; run with no sink
 * it only validates, which x509_exts_decode does once for every known extension: a
 * value that does not decode marks the extension malformed and becomes a warning
 * with the offset and path of the problem, and decoding of the certificate goes on.
 *
 * The "value" each decoder writes (JSON; the text backend shows the same data):
 *   subjectAltName, issuerAltName, certificateIssuer   general names [{"type","value"}]
 *   keyUsage, nsCertType                    ["digitalSignature", ...] / ["SSL Client", ...]
 *   extKeyUsage                             ["1.3.6.1.5.5.7.3.1", ...] (names in text)
 *   basicConstraints                        {"ca": bool, "path_len": int|null}
 *   nameConstraints                         {"permitted"?: [{"base": gname, "minimum"?, "maximum"?}],
 *                                            "excluded"?: [...]}  (IP ranges as CIDR or addr/mask)
 *   certificatePolicies, msApplicationPolicies
 *                                           [{"policy", "name"?, "qualifiers"?: [{"type": "cps",
 *                                             "value"} | {"type": "user_notice", "notice_ref"?:
 *                                             {"organization", "notice_numbers"}, "explicit_text"?}]}]
 *   policyMappings                          [{"issuer_domain", "subject_domain"}]
 *   policyConstraints                       {"require_explicit_policy", "inhibit_policy_mapping"} (int|null)
 *   inhibitAnyPolicy                        int
 *   cRLDistributionPoints, freshestCRL      [{"full_name"?: gnames | "name_relative_to_crl_issuer"?:
 *                                             [attrs], "reasons"?: [...], "crl_issuer"?: gnames}]
 *   issuingDistributionPoint                {"full_name"?|"name_relative_to_crl_issuer"?,
 *                                            "only_some_reasons"?, "only_user_certs", "only_ca_certs",
 *                                            "indirect_crl", "only_attribute_certs"}
 *   authorityInfoAccess, subjectInfoAccess  [{"method", "method_name"?, "location": gname}]
 *   subjectKeyIdentifier, msPreviousCAHash  hex
 *   authorityKeyIdentifier                  {"key_id"?, "issuer"?: gnames, "serial"?: hex}
 *   subjectDirectoryAttributes              [{"oid", "name"?, "values": [string|time|{"der"}]}]
 *   tlsFeature                              ["status_request", ...]
 *   ctPrecertificatePoison, ocspNoCheck     null
 *   ctPrecertificateSCTs                    [{"version": 1, "log_id", "timestamp" (RFC 3339 with ms),
 *                                             "extensions"?, "hash_algorithm", "signature_algorithm",
 *                                             "signature_length"} | {"version": n, "der"}]
 *   msCertificateTemplateName, nsComment    string
 *   msCertificateTemplate                   {"template", "major"?, "minor"?}
 *   msCAVersion                             {"cert_index", "key_index"}
 *   qcStatements                            [{"oid", "name"?, "info"?}]
 *   privateKeyUsagePeriod                   {"not_before"?, "not_after"?}
 *   cRLNumber, deltaCRLIndicator            decimal string
 *   reasonCode                              RFC 5280 name ("keyCompromise"), or the number as a string
 *   invalidityDate                          time
 *   holdInstructionCode                     {"oid", "name"?}
 *   anything else, or a malformed value     {"der": hex} (text: a hex + ASCII dump)
 */
#include "x509/ext_impl.h"

#include <stdio.h>
#include <string.h>

typedef struct ext_row {
    oid_id id;
    const char *name;       /* JSON "name" */
    const char *label;      /* what openssl -text prints */
    x509_ext_fn fn;
} ext_row;

static const ext_row ext_rows[] = {
    /* RFC 5280 certificate extensions */
    { OID_ce_authorityKeyIdentifier, "authorityKeyIdentifier", "X509v3 Authority Key Identifier", ext_aki },
    { OID_ce_subjectKeyIdentifier, "subjectKeyIdentifier", "X509v3 Subject Key Identifier", ext_ski },
    { OID_ce_keyUsage, "keyUsage", "X509v3 Key Usage", ext_key_usage },
    { OID_ce_certificatePolicies, "certificatePolicies", "X509v3 Certificate Policies", ext_policies },
    { OID_ce_policyMappings, "policyMappings", "X509v3 Policy Mappings", ext_policy_mappings },
    { OID_ce_subjectAltName, "subjectAltName", "X509v3 Subject Alternative Name", ext_gnames },
    { OID_ce_issuerAltName, "issuerAltName", "X509v3 Issuer Alternative Name", ext_gnames },
    { OID_ce_subjectDirectoryAttributes, "subjectDirectoryAttributes", "X509v3 Subject Directory Attributes",
      ext_subject_dir_attrs },
    { OID_ce_basicConstraints, "basicConstraints", "X509v3 Basic Constraints", ext_basic_constraints },
    { OID_ce_nameConstraints, "nameConstraints", "X509v3 Name Constraints", ext_name_constraints },
    { OID_ce_policyConstraints, "policyConstraints", "X509v3 Policy Constraints", ext_policy_constraints },
    { OID_ce_extKeyUsage, "extKeyUsage", "X509v3 Extended Key Usage", ext_eku },
    { OID_ce_cRLDistributionPoints, "cRLDistributionPoints", "X509v3 CRL Distribution Points", ext_crldp },
    { OID_ce_inhibitAnyPolicy, "inhibitAnyPolicy", "X509v3 Inhibit Any Policy", ext_inhibit_any },
    { OID_ce_freshestCRL, "freshestCRL", "X509v3 Freshest CRL", ext_crldp },
    { OID_ce_privateKeyUsagePeriod, "privateKeyUsagePeriod", "X509v3 Private Key Usage Period", ext_pkup },
    { OID_pe_authorityInfoAccess, "authorityInfoAccess", "Authority Information Access", ext_info_access },
    { OID_pe_subjectInfoAccess, "subjectInfoAccess", "Subject Information Access", ext_info_access },
    /* CRL and CRL entry extensions (RFC 5280 5.2, 5.3) */
    { OID_ce_cRLNumber, "cRLNumber", "X509v3 CRL Number", ext_crl_number },
    { OID_ce_deltaCRLIndicator, "deltaCRLIndicator", "X509v3 Delta CRL Indicator", ext_crl_number },
    { OID_ce_issuingDistributionPoint, "issuingDistributionPoint", "X509v3 Issuing Distribution Point", ext_idp },
    { OID_ce_cRLReasons, "reasonCode", "X509v3 CRL Reason Code", ext_reason_code },
    { OID_ce_invalidityDate, "invalidityDate", "Invalidity Date", ext_invalidity_date },
    { OID_ce_certificateIssuer, "certificateIssuer", "X509v3 Certificate Issuer", ext_gnames },
    { OID_ce_holdInstructionCode, "holdInstructionCode", "Hold Instruction Code", ext_hold_instruction },
    /* others */
    { OID_pe_tlsFeature, "tlsFeature", "TLS Feature", ext_tls_feature },
    { OID_pe_qcStatements, "qcStatements", "qcStatements", ext_qc_statements },
    { OID_ct_precertPoison, "ctPrecertificatePoison", "CT Precertificate Poison", ext_null },
    { OID_ct_sctList, "ctPrecertificateSCTs", "CT Precertificate SCTs", ext_sct_list },
    { OID_ocsp_noCheck, "ocspNoCheck", "OCSP No Check", ext_null },
    { OID_ns_certType, "nsCertType", "Netscape Cert Type", ext_ns_cert_type },
    { OID_ns_comment, "nsComment", "Netscape Comment", ext_ia5 },
    { OID_ms_certificateTemplateName, "msCertificateTemplateName", "Microsoft Certificate Template Name",
      ext_ms_template_name },
    { OID_ms_certificateTemplate, "msCertificateTemplate", "Microsoft Certificate Template", ext_ms_template },
    { OID_ms_caVersion, "msCAVersion", "Microsoft CA Version", ext_ms_ca_version },
    { OID_ms_previousCAHash, "msPreviousCAHash", "Microsoft Previous CA Certificate Hash", ext_ski },
    { OID_ms_applicationPolicies, "msApplicationPolicies", "Microsoft Application Policies", ext_policies },
};

static const ext_row *find_row(oid_id id)
{
    if (id == OID_UNKNOWN)
        return NULL;
    for (size_t i = 0; i < sizeof ext_rows / sizeof ext_rows[0]; i++)
        if (ext_rows[i].id == id)
            return &ext_rows[i];
    return NULL;
}

const char *x509_ext_label(oid_id id)
{
    const ext_row *r = find_row(id);
    return r ? r->label : NULL;
}

/* ================================================================ decoding */

#define CHK(x)                  \
    do {                        \
        r = (x);                \
        if (r != ASN1_OK)       \
            goto fail;          \
    } while (0)

/* Decodes e's value once without a sink; a failure marks it malformed and is kept as
 * a warning with the problem's offset and path. */
static asn1_err validate_value(der_t *ext, const asn1_elem *val, const ext_row *row, x509_ext *x)
{
    asn1_ctx *ctx = ext->ctx;
    der_t vc;
    TRY(der_open(ext, val, "extnValue", -1, &vc));
    asn1_err r = row->fn(&vc, NULL, "value", NULL);
    if (r == ASN1_OK)
        r = der_done(&vc);
    if (r == ASN1_OK)
        return ASN1_OK;
    if (r == ASN1_E_STRICT || r == ASN1_E_NOMEM)
        return r;
    asn1_diag d = ctx->err;
    asn1_ctx_clear_error(ctx);
    x->malformed = true;
    return asn1_warn_at(ctx, d.offset, d.path, "malformed %s extension: %s", row->name, d.msg);
}

asn1_err x509_exts_decode(der_t *c, const char *field, x509_exts *out)
{
    der_t save = *c, seq;
    asn1_err r;
    size_t off = der_offset(c);
    out->n = 0;
    out->present = false;
    CHK(der_enter(c, ASN1_SEQUENCE, field, &seq));
    out->present = true;
    if (der_empty(&seq))
        CHK(der_warn(&seq, off, "", "empty Extensions (SEQUENCE SIZE (1..MAX), RFC 5280 4.1)"));
    while (!der_empty(&seq)) {
        if (out->n >= X509_MAX_EXTS)
            CHK(der_fail(&seq, der_offset(&seq), NULL, ASN1_E_LIMIT, "more than %u extensions", X509_MAX_EXTS));
        x509_ext *x = &out->v[out->n];
        unsigned idx = seq.count;
        asn1_elem whole, val;
        der_t ext;
        memset(x, 0, sizeof *x);
        CHK(der_read(&seq, ASN1_SEQUENCE, NULL, &whole));
        CHK(der_open(&seq, &whole, NULL, (int)idx, &ext));
        CHK(der_read_oid(&ext, "extnID", &x->oid));
        if (der_peek(&ext, ASN1_BOOLEAN)) {
            size_t bo = der_offset(&ext);
            CHK(der_read_bool(&ext, "critical", &x->critical));
            if (!x->critical)
                CHK(der_warn(&ext, bo, "critical", "critical FALSE is the DEFAULT and must not be encoded (X.690 11.5)"));
        }
        CHK(der_read(&ext, ASN1_OCTET_STRING, "extnValue", &val));
        CHK(der_done(&ext));
        x->der = whole.der;
        x->id = oid_lookup(x->oid);
        x->value = val.body;
        x->offset = whole.offset;
        x->value_offset = val.offset + val.hdr_len;
        x->index = out->n;
        for (unsigned j = 0; j < out->n; j++)
            if (span_eq(out->v[j].oid, x->oid)) {
                char txt[256];
                if (x509_oid_to_text(x->oid, txt, sizeof txt) != ASN1_OK)
                    snprintf(txt, sizeof txt, "?");
                const char *nm = oid_name(x->id);
                /* RFC 5280 4.2 forbids it, but real producers did it and auditors need both
                 * values: a named warning (an error with --strict); lookups see the first */
                CHK(der_warn(&ext, whole.offset, "extnID",
                             "extension %s%s%s%s appears twice: extensions[%u] and extensions[%u] (RFC 5280 4.2)",
                             nm ? nm : txt, nm ? " (" : "", nm ? txt : "", nm ? ")" : "", out->v[j].index, idx));
                break;
            }
        const ext_row *row = find_row(x->id);
        x->known = row != NULL;
        if (!row && x->critical) {
            char txt[256];
            if (x509_oid_to_text(x->oid, txt, sizeof txt) != ASN1_OK)
                snprintf(txt, sizeof txt, "?");
            const char *nm = oid_name(x->id);
            CHK(der_warn(&ext, whole.offset, "extnID",
                         "unknown critical extension %s%s%s%s (RFC 5280 4.2: a certificate user must reject it)",
                         nm ? nm : txt, nm ? " (" : "", nm ? txt : "", nm ? ")" : ""));
        }
        if (row)
            CHK(validate_value(&ext, &val, row, x));
        out->n++;
    }
    return ASN1_OK;
fail:
    *c = save;
    return r;
}

const x509_ext *x509_exts_find(const x509_exts *e, oid_id id)
{
    for (unsigned i = 0; i < e->n; i++)
        if (e->v[i].id == id)
            return &e->v[i];
    return NULL;
}

/* ================================================================ describe */

/* A sink in front of another that remembers what is open, so a decoder that fails
 * half-way can be closed cleanly (the JSON stays well formed). */
#define BAL_MAX 256
typedef struct bal {
    x509_sink *in;
    unsigned depth;
    bool any;
    uint64_t arr[BAL_MAX / 64];
} bal_t;

static void bal_open(x509_sink *s, bool arr)
{
    bal_t *b = s->ctx;
    b->any = true;
    if (b->depth < BAL_MAX) {
        uint64_t bit = (uint64_t)1 << (b->depth % 64);
        if (arr)
            b->arr[b->depth / 64] |= bit;
        else
            b->arr[b->depth / 64] &= ~bit;
    }
    b->depth++;
}

static void bal_obj_begin(x509_sink *s, const char *key, const char *label)
{
    bal_t *b = s->ctx;
    bal_open(s, false);
    b->in->obj_begin(b->in, key, label);
}

static void bal_arr_begin(x509_sink *s, const char *key, const char *label)
{
    bal_t *b = s->ctx;
    bal_open(s, true);
    b->in->arr_begin(b->in, key, label);
}

static void bal_obj_end(x509_sink *s)
{
    bal_t *b = s->ctx;
    if (b->depth)
        b->depth--;
    b->in->obj_end(b->in);
}

static void bal_arr_end(x509_sink *s)
{
    bal_t *b = s->ctx;
    if (b->depth)
        b->depth--;
    b->in->arr_end(b->in);
}

static void bal_str(x509_sink *s, const char *key, const char *label, const char *v, size_t n)
{
    bal_t *b = s->ctx;
    b->any = true;
    b->in->str(b->in, key, label, v, n);
}

static void bal_num(x509_sink *s, const char *key, const char *label, int64_t v)
{
    bal_t *b = s->ctx;
    b->any = true;
    b->in->num(b->in, key, label, v);
}

static void bal_bool(x509_sink *s, const char *key, const char *label, bool v)
{
    bal_t *b = s->ctx;
    b->any = true;
    b->in->boolean(b->in, key, label, v);
}

static void bal_null(x509_sink *s, const char *key, const char *label)
{
    bal_t *b = s->ctx;
    b->any = true;
    b->in->null(b->in, key, label);
}

static void bal_hex(x509_sink *s, const char *key, const char *label, const uint8_t *p, size_t n)
{
    bal_t *b = s->ctx;
    b->any = true;
    b->in->hex(b->in, key, label, p, n);
}

static void bal_close_all(bal_t *b)
{
    while (b->depth > 0) {
        b->depth--;
        bool arr = b->depth < BAL_MAX && ((b->arr[b->depth / 64] >> (b->depth % 64)) & 1);
        if (arr)
            b->in->arr_end(b->in);
        else
            b->in->obj_end(b->in);
    }
}

void x509_ext_describe(const x509_ext *e, x509_sink *s, asn1_ctx *ctx)
{
    if (!s || !e)
        return;
    const ext_row *row = find_row(e->id);
    char txt[256];
    if (x509_oid_text_id(e->oid, e->id, txt, sizeof txt) != ASN1_OK)
        snprintf(txt, sizeof txt, "?");
    const char *nm = row ? row->name : oid_name(e->id);
    s->obj_begin(s, NULL, NULL);
    s->str(s, "oid", X509_HIDE, txt, strlen(txt));
    if (nm)
        s->str(s, "name", "Extension", nm, strlen(nm));
    else
        s->str(s, "name", "Extension", txt, strlen(txt));
    s->boolean(s, "critical", "Critical", e->critical);
    bool done = false;
    if (row && !e->malformed) {
        asn1_ctx sc;
        x509_ctx_scratch(&sc, ctx, e->value);
        der_t c;
        der_init_span(&c, &sc, e->value, "extnValue");
        bal_t b;
        memset(&b, 0, sizeof b);
        b.in = s;
        x509_sink bs = { bal_obj_begin, bal_obj_end, bal_arr_begin, bal_arr_end, bal_str,
                         bal_num, bal_bool, bal_null, bal_hex, &b };
        asn1_err r = row->fn(&c, &bs, "value", "Value");
        if (r == ASN1_OK)
            r = der_done(&c);
        if (r == ASN1_OK) {
            done = true;
        } else {
            bal_close_all(&b);
            if (b.any)
                done = true;        /* a partial "value" was written */
            s->boolean(s, "malformed", "Malformed", true);
            const char *msg = sc.err.code ? sc.err.msg : asn1_err_name(r);
            s->str(s, "error", "Error", msg, strlen(msg));
        }
    } else if (e->malformed) {
        s->boolean(s, "malformed", "Malformed", true);
    }
    if (!done) {
        /* unknown (or undecodable): the value's DER, shown as a hex + ASCII dump in text */
        s->obj_begin(s, "value", "Value");
        s->hex(s, "der", "DER", e->value.p, e->value.len);
        s->obj_end(s);
    }
    s->obj_end(s);
}

/* ================================================================ parsed helpers */

asn1_err x509_ext_with_value(const x509_ext *e, asn1_ctx *ctx, asn1_err (*fn)(der_t *c, void *arg), void *arg)
{
    asn1_ctx sc;
    x509_ctx_scratch(&sc, ctx, e->value);
    der_t c;
    der_init_span(&c, &sc, e->value, "extnValue");
    asn1_err r = fn(&c, arg);
    if (r == ASN1_OK)
        r = der_done(&c);
    return x509_ctx_carry_error(ctx, &sc, r);
}

typedef struct walk_arg {
    const ext_row *row;     /* validation decoder */
    oid_id method;
    void (*gfn)(void *arg, const x509_gname *g);
    void (*ufn)(void *arg, span_t uri);
    void *arg;
} walk_arg;

static asn1_err validate_fn(der_t *c, void *arg)
{
    return ((const walk_arg *)arg)->row->fn(c, NULL, "value", NULL);
}

/* A validated GeneralName list (content of a SEQUENCE or [n] IMPLICIT): calls back. */
static asn1_err gnames_walk(der_t *list, walk_arg *a, bool uris_only)
{
    while (!der_empty(list)) {
        asn1_elem g;
        TRY(der_next(list, NULL, &g));
        unsigned num = ASN1_TAG_NUMBER(g.tag);
        if (uris_only) {
            if (g.tag == ASN1_CTX_P(6))
                a->ufn(a->arg, g.body);
            continue;
        }
        x509_gname gn = { num, g.body };
        a->gfn(a->arg, &gn);
    }
    return ASN1_OK;
}

static asn1_err gnames_fn(der_t *c, void *arg)
{
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    TRY(gnames_walk(&seq, arg, false));
    return der_done(&seq);
}

asn1_err x509_ext_gnames_each(const x509_ext *e, asn1_ctx *ctx, void (*fn)(void *arg, const x509_gname *g),
                              void *arg)
{
    walk_arg a = { find_row(OID_ce_subjectAltName), OID_UNKNOWN, fn, NULL, arg };
    TRY(x509_ext_with_value(e, ctx, validate_fn, &a));
    return x509_ext_with_value(e, ctx, gnames_fn, &a);
}

static asn1_err aia_fn(der_t *c, void *arg)
{
    walk_arg *a = arg;
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    while (!der_empty(&seq)) {
        der_t ad;
        span_t m;
        asn1_elem loc;
        TRY(der_enter(&seq, ASN1_SEQUENCE, NULL, &ad));
        TRY(der_read_oid(&ad, "accessMethod", &m));
        TRY(der_next(&ad, "accessLocation", &loc));
        if (oid_is(m, a->method) && loc.tag == ASN1_CTX_P(6))
            a->ufn(a->arg, loc.body);
    }
    return der_done(&seq);
}

asn1_err x509_ext_aia_each(const x509_ext *e, asn1_ctx *ctx, oid_id method, void (*fn)(void *arg, span_t uri),
                           void *arg)
{
    walk_arg a = { find_row(OID_pe_authorityInfoAccess), method, NULL, fn, arg };
    TRY(x509_ext_with_value(e, ctx, validate_fn, &a));
    return x509_ext_with_value(e, ctx, aia_fn, &a);
}

static asn1_err crldp_fn(der_t *c, void *arg)
{
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    while (!der_empty(&seq)) {
        der_t dp, dpn, full;
        bool present;
        TRY(der_enter(&seq, ASN1_SEQUENCE, NULL, &dp));
        TRY(der_enter_opt(&dp, ASN1_CTX_C(0), "distributionPoint", &dpn, &present));
        if (!present)
            continue;
        TRY(der_enter_opt(&dpn, ASN1_CTX_C(0), "fullName", &full, &present));
        if (present)
            TRY(gnames_walk(&full, arg, true));
    }
    return der_done(&seq);
}

asn1_err x509_ext_crldp_each(const x509_ext *e, asn1_ctx *ctx, void (*fn)(void *arg, span_t uri), void *arg)
{
    walk_arg a = { find_row(OID_ce_cRLDistributionPoints), OID_UNKNOWN, NULL, fn, arg };
    TRY(x509_ext_with_value(e, ctx, validate_fn, &a));
    return x509_ext_with_value(e, ctx, crldp_fn, &a);
}
