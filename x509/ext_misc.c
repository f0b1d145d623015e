/*
 * ext_misc.c - the small extensions: keyUsage, extKeyUsage, basicConstraints,
 * subject/authority key identifiers, subjectDirectoryAttributes, TLS feature,
 * NULL-valued markers (CT poison, OCSP no-check), Microsoft template name /
 * template / CA version / previous CA hash, Netscape cert type and comment, QC
 * statements, privateKeyUsagePeriod; and the CRL ones: cRLNumber,
 * deltaCRLIndicator, reasonCode, invalidityDate, holdInstructionCode.
 */
#include "x509/ext_impl.h"

#include <stdio.h>
#include <string.h>

const char *const x509_key_usage_names[9] = {
    "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
    "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
};

const char *const x509_reason_flag_names[9] = {
    "unused", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
    "cessationOfOperation", "certificateHold", "privilegeWithdrawn", "aACompromise",
};

static const char *const ns_cert_type_names[8] = {
    "SSL Client", "SSL Server", "S/MIME", "Object Signing", "Unused", "SSL CA", "S/MIME CA",
    "Object Signing CA",
};

static const char *const crl_reasons[11] = {
    "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
    "cessationOfOperation", "certificateHold", NULL, "removeFromCRL", "privilegeWithdrawn",
    "aACompromise",
};

static const char *reason_name(int64_t v)
{
    return (v >= 0 && v < 11) ? crl_reasons[v] : NULL;
}

/* "bit 12" without printf */
static void bit_label(char *out, size_t n, unsigned bit)
{
    char tmp[16];
    int k = 0;
    do {
        tmp[k++] = (char)('0' + bit % 10);
        bit /= 10;
    } while (bit && k < 10);
    size_t o = 0;
    const char *pre = "bit ";
    while (*pre && o + 1 < n)
        out[o++] = *pre++;
    while (k > 0 && o + 1 < n)
        out[o++] = tmp[--k];
    out[o] = '\0';
}

asn1_err x509_bits_list(der_t *c, const asn1_elem *e, const char *field, const char *const *names,
                        unsigned nnames, x509_sink *s, const char *key, const char *label)
{
    span_t bits;
    unsigned unused;
    TRY(asn1_check_bits(c, e->offset, field, e->body, &bits, &unused));
    /* a named bit list has no trailing zero bits in DER (X.690 11.2.2) */
    if (bits.len && !((bits.p[bits.len - 1] >> unused) & 1))
        TRY(der_warn(c, e->offset, field, "named bit list with trailing zero bits (X.690 11.2.2)"));
    size_t total = bits.len * 8 - unused;
    sink_arr(s, key, label);
    for (size_t i = 0; s && i < total; i++) {
        if (!((bits.p[i / 8] >> (7 - i % 8)) & 1))
            continue;
        if (i < nnames && names[i]) {
            sink_str(s, NULL, NULL, names[i]);
        } else {
            char tmp[24];
            bit_label(tmp, sizeof tmp, (unsigned)i);
            sink_str(s, NULL, NULL, tmp);
        }
    }
    sink_end_arr(s);
    return ASN1_OK;
}

/* ------------------------------------------------------------------ keyUsage */

/* KeyUsage ::= BIT STRING { digitalSignature (0), ... decipherOnly (8) } */
static asn1_err key_usage_bits(der_t *c, uint16_t *out, asn1_elem *e)
{
    span_t bits;
    unsigned unused;
    TRY(der_read(c, ASN1_BIT_STRING, "", e));
    TRY(asn1_check_bits(c, e->offset, "", e->body, &bits, &unused));
    uint16_t v = 0;
    size_t total = bits.len * 8 - unused;
    for (size_t i = 0; i < total; i++)
        if ((bits.p[i / 8] >> (7 - i % 8)) & 1) {
            if (i > 8)
                TRY(der_warn(c, e->offset, "", "keyUsage bit %zu is not defined (RFC 5280 4.2.1.3)", i));
            else
                v |= (uint16_t)(1u << i);
        }
    if (v == 0)
        TRY(der_warn(c, e->offset, "", "keyUsage with no bit set (RFC 5280 4.2.1.3: at least one)"));
    *out = v;
    return ASN1_OK;
}

asn1_err ext_key_usage(der_t *c, x509_sink *s, const char *key, const char *label)
{
    asn1_elem e;
    uint16_t v;
    TRY(key_usage_bits(c, &v, &e));
    return x509_bits_list(c, &e, "", x509_key_usage_names, 9, s, key, label);
}

/* ------------------------------------------------------------------ EKU */

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId; JSON: dotted OIDs, text: names. */
asn1_err ext_eku(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    size_t off = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty extKeyUsage (SIZE (1..MAX), RFC 5280 4.2.1.12)"));
    sink_arr(s, key, label);
    while (!der_empty(&seq)) {
        span_t oid;
        char txt[256];
        TRY(der_read_oid(&seq, NULL, &oid));
        if (!s)
            continue;
        if (x509_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
            snprintf(txt, sizeof txt, "?");
        sink_str(s, NULL, oid_name(oid_lookup(oid)), txt);
    }
    sink_end_arr(s);
    return der_done(&seq);
}

/* ------------------------------------------------------------------ basicConstraints */

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
static asn1_err bc_parse(der_t *c, x509_bc *bc)
{
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    bc->present = true;
    bc->ca = false;
    bc->path_len = -1;
    if (der_peek(&seq, ASN1_BOOLEAN)) {
        size_t o = der_offset(&seq);
        TRY(der_read_bool(&seq, "cA", &bc->ca));
        if (!bc->ca)
            TRY(der_warn(&seq, o, "cA", "cA FALSE is the DEFAULT and must not be encoded (X.690 11.5)"));
    }
    if (!der_empty(&seq)) {
        size_t o = der_offset(&seq);
        span_t v;
        TRY(der_read_int(&seq, "pathLenConstraint", &v));
        span_t m = asn1_int_magnitude(v);
        if (asn1_int_is_negative(v) || m.len > 7)
            return der_fail(&seq, o, "pathLenConstraint", ASN1_E_VALUE, "pathLenConstraint out of range (0..MAX)");
        int64_t x = 0;
        for (size_t i = 0; i < m.len; i++)
            x = x << 8 | m.p[i];
        bc->path_len = x;
        if (!bc->ca)
            TRY(der_warn(&seq, o, "pathLenConstraint",
                         "pathLenConstraint without cA TRUE (RFC 5280 4.2.1.9)"));
    }
    return der_done(&seq);
}

asn1_err ext_basic_constraints(der_t *c, x509_sink *s, const char *key, const char *label)
{
    x509_bc bc;
    TRY(bc_parse(c, &bc));
    sink_obj(s, key, label);
    sink_bool(s, "ca", "CA", bc.ca);
    if (bc.path_len >= 0)
        sink_num(s, "path_len", "Path length", bc.path_len);
    else
        sink_null(s, "path_len", X509_HIDE);
    sink_end_obj(s);
    return ASN1_OK;
}

/* ------------------------------------------------------------------ key identifiers */

/* SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING, shown as hex (so is Microsoft's
 * previous CA hash, an OCTET STRING too) */
asn1_err ext_ski(der_t *c, x509_sink *s, const char *key, const char *label)
{
    span_t v;
    TRY(der_read_octets(c, "", &v));
    sink_hex(s, key, label, v.p, v.len);
    return ASN1_OK;
}

/*
 * AuthorityKeyIdentifier ::= SEQUENCE {
 *      keyIdentifier             [0] KeyIdentifier           OPTIONAL,
 *      authorityCertIssuer       [1] GeneralNames            OPTIONAL,
 *      authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL }
 */
static asn1_err aki_body(der_t *c, x509_sink *s, const char *key, const char *label, span_t *keyid)
{
    der_t seq, iss;
    asn1_elem e;
    bool present, has_issuer, has_serial;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    sink_obj(s, key, label);
    TRY(der_read_opt(&seq, ASN1_CTX_P(0), "keyIdentifier", &e, &present));
    if (present) {
        if (keyid)
            *keyid = e.body;
        sink_hex(s, "key_id", "Key ID", e.body.p, e.body.len);
    }
    if (der_peek(&seq, ASN1_CTX_P(1))) {
        /* a primitive [1] (Go-made test CRLs): the GeneralNames read from its content */
        TRY(der_read(&seq, ASN1_CTX_P(1), "authorityCertIssuer", &e));
        TRY(der_warn(&seq, e.offset, "authorityCertIssuer",
                     "authorityCertIssuer [1] is primitive; IMPLICIT GeneralNames must be constructed (X.690 8.14)"));
        TRY(der_open(&seq, &e, "authorityCertIssuer", -1, &iss));
        has_issuer = true;
    } else {
        TRY(der_enter_opt(&seq, ASN1_CTX_C(1), "authorityCertIssuer", &iss, &has_issuer));
    }
    if (has_issuer) {
        TRY(x509_gnames_body(&iss, s, "issuer", "Issuer"));
        TRY(der_done(&iss));
    }
    size_t so = der_offset(&seq);
    has_serial = der_peek(&seq, ASN1_CTX_P(2));
    if (has_serial) {
        span_t v;
        TRY(der_read_int_tagged(&seq, ASN1_CTX_P(2), "authorityCertSerialNumber", &v));
        if (s) {
            buf_t *b = x509_scratch_push();
            if (b) {
                asn1_int_hex(v, b);
                sink_strn(s, "serial", "Serial", b->p ? b->p : "", b->len);
                x509_scratch_pop();
            }
        }
    }
    sink_end_obj(s);
    if (has_issuer != has_serial)
        TRY(der_warn(&seq, so, "", "authorityCertIssuer and authorityCertSerialNumber must be both present or "
                     "both absent (RFC 5280 4.2.1.1)"));
    return der_done(&seq);
}

asn1_err ext_aki(der_t *c, x509_sink *s, const char *key, const char *label)
{
    return aki_body(c, s, key, label, NULL);
}

/* ------------------------------------------------------------------ subjectDirectoryAttributes */

/* SubjectDirectoryAttributes ::= SEQUENCE SIZE (1..MAX) OF Attribute
 * Attribute ::= SEQUENCE { type AttributeType, values SET OF AttributeValue } */
asn1_err ext_subject_dir_attrs(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    size_t off = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty subjectDirectoryAttributes (SIZE (1..MAX), RFC 5280 4.2.1.8)"));
    sink_arr(s, key, label);
    while (!der_empty(&seq)) {
        der_t at, vals;
        span_t oid;
        char txt[256];
        TRY(der_enter(&seq, ASN1_SEQUENCE, NULL, &at));
        TRY(der_read_oid(&at, "type", &oid));
        TRY(der_enter(&at, ASN1_SET, "values", &vals));
        const char *nm = oid_name(oid_lookup(oid));
        sink_obj(s, NULL, NULL);
        if (x509_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
            snprintf(txt, sizeof txt, "?");
        sink_str(s, "oid", nm ? X509_HIDE : "Attribute", txt);
        if (nm)
            sink_str(s, "name", "Attribute", nm);
        sink_arr(s, "values", "Values");
        while (!der_empty(&vals)) {
            asn1_elem v;
            uint32_t tag = 0;
            if (der_peek_tag(&vals, &tag) && tag == ASN1_GENERALIZEDTIME) {
                int64_t t;
                TRY(der_read_time(&vals, NULL, &t));
                sink_time(s, NULL, NULL, t);
                continue;
            }
            TRY(der_next(&vals, NULL, &v));
            if (asn1_is_string_tag(v.tag)) {
                buf_t *b = x509_scratch_push();
                const char *why = NULL, *dev = NULL;
                asn1_err r = b ? asn1_str_to_utf8(v.tag, v.body, b, &why, &dev) : ASN1_OK;
                if (b)
                    x509_scratch_pop();
                if (r == ASN1_E_VALUE)
                    return der_fail(&vals, v.offset, NULL, ASN1_E_VALUE, "%s", why ? why : "invalid string");
                if (dev)
                    TRY(der_warn(&vals, v.offset, "", "%s", dev));
            }
            sink_any_string(s, NULL, NULL, &v);
        }
        sink_end_arr(s);
        TRY(der_done(&vals));
        TRY(der_done(&at));
        sink_end_obj(s);
    }
    sink_end_arr(s);
    return der_done(&seq);
}

/* ------------------------------------------------------------------ TLS feature */

/* Features ::= SEQUENCE OF INTEGER (RFC 7633): TLS extension numbers */
asn1_err ext_tls_feature(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    sink_arr(s, key, label);
    while (!der_empty(&seq)) {
        int64_t v;
        TRY(der_read_int64(&seq, NULL, &v));
        if (v == 5) {
            sink_str(s, NULL, NULL, "status_request");
        } else if (v == 17) {
            sink_str(s, NULL, NULL, "status_request_v2");
        } else if (s) {
            buf_t *b = x509_scratch_push();
            if (b) {
                buf_i64(b, v);
                sink_strn(s, NULL, NULL, b->p, b->len);
                x509_scratch_pop();
            }
        }
    }
    sink_end_arr(s);
    return der_done(&seq);
}

/* ------------------------------------------------------------------ markers */

/* CT precertificate poison, OCSP no-check: NULL */
asn1_err ext_null(der_t *c, x509_sink *s, const char *key, const char *label)
{
    TRY(der_read_null(c, ""));
    sink_null(s, key, label);
    return ASN1_OK;
}

/* ------------------------------------------------------------------ Microsoft */

/* certificateTemplateName ::= BMPString (other string types are taken, with a warning) */
asn1_err ext_ms_template_name(der_t *c, x509_sink *s, const char *key, const char *label)
{
    asn1_elem e;
    der_t save = *c;
    TRY(der_read_string(c, "", &e));
    if (e.tag != ASN1_BMPSTRING) {
        char t[32];
        TRY(der_warn(&save, e.offset, "", "certificate template name is a %s, not a BMPString",
                     x509_tag_type_name(e.tag, t, sizeof t)));
    }
    return x509_sink_string_elem(&save, &e, "", s, key, label);
}

/* CertificateTemplate ::= SEQUENCE { templateID OBJECT IDENTIFIER,
 *     templateMajorVersion INTEGER OPTIONAL, templateMinorVersion INTEGER OPTIONAL } */
asn1_err ext_ms_template(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    span_t oid;
    int64_t major = -1, minor = -1;
    char txt[256];
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    TRY(der_read_oid(&seq, "templateID", &oid));
    if (!der_empty(&seq))
        TRY(der_read_int64(&seq, "templateMajorVersion", &major));
    if (!der_empty(&seq))
        TRY(der_read_int64(&seq, "templateMinorVersion", &minor));
    TRY(der_done(&seq));
    sink_obj(s, key, label);
    if (x509_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
        snprintf(txt, sizeof txt, "?");
    sink_str(s, "template", "Template", txt);
    if (major >= 0)
        sink_num(s, "major", "Major version", major);
    if (minor >= 0)
        sink_num(s, "minor", "Minor version", minor);
    sink_end_obj(s);
    return ASN1_OK;
}

/* CA version (szOID_CERTSRV_CA_VERSION): INTEGER, key index << 16 | certificate index */
asn1_err ext_ms_ca_version(der_t *c, x509_sink *s, const char *key, const char *label)
{
    int64_t v;
    size_t o = der_offset(c);
    TRY(der_read_int64(c, "", &v));
    if (v < 0 || v > 0xffffffffll)
        return der_fail(c, o, "", ASN1_E_VALUE, "CA version out of range");
    sink_obj(s, key, label);
    sink_num(s, "cert_index", "Certificate index", v & 0xffff);
    sink_num(s, "key_index", "Key index", v >> 16);
    sink_end_obj(s);
    return ASN1_OK;
}

/* ------------------------------------------------------------------ Netscape */

/* NetscapeCertType ::= BIT STRING { sslClient (0), sslServer (1), smime (2), objectSigning (3),
 *                                   reserved (4), sslCA (5), smimeCA (6), objectSigningCA (7) } */
asn1_err ext_ns_cert_type(der_t *c, x509_sink *s, const char *key, const char *label)
{
    asn1_elem e;
    TRY(der_read(c, ASN1_BIT_STRING, "", &e));
    return x509_bits_list(c, &e, "", ns_cert_type_names, 8, s, key, label);
}

/* nsComment ::= IA5String */
asn1_err ext_ia5(der_t *c, x509_sink *s, const char *key, const char *label)
{
    asn1_elem e;
    der_t save = *c;
    TRY(der_read_string(c, "", &e));
    if (e.tag != ASN1_IA5STRING) {
        char t[32];
        TRY(der_warn(&save, e.offset, "", "%s where an IA5String is expected", x509_tag_type_name(e.tag, t, sizeof t)));
    }
    return x509_sink_string_elem(&save, &e, "", s, key, label);
}

/* ------------------------------------------------------------------ QC statements */

static void oid_str(x509_sink *s, const char *key, const char *label, span_t oid, bool name_as_label)
{
    char txt[256];
    if (!s)
        return;
    if (x509_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
        snprintf(txt, sizeof txt, "?");
    const char *nm = oid_name(oid_lookup(oid));
    sink_str(s, key, name_as_label && nm ? nm : label, txt);
}

/*
 * QCStatements ::= SEQUENCE OF QCStatement
 * QCStatement ::= SEQUENCE { statementId OBJECT IDENTIFIER, statementInfo ANY DEFINED BY statementId OPTIONAL }
 * Decoded infos: QcType (SEQUENCE OF OBJECT IDENTIFIER), QcRetentionPeriod (INTEGER),
 * QcPDS (SEQUENCE OF PdsLocation { url IA5String, language PrintableString }),
 * SemanticsInformation (pkixQCSyntax v1/v2: { semanticsIdentifier OID OPTIONAL,
 * nameRegistrationAuthorities GeneralNames OPTIONAL }); others as {"der": hex}.
 */
static asn1_err qc_info(der_t *st, oid_id id, x509_sink *s)
{
    der_t save = *st, q;
    switch (id) {
    case OID_etsi_qcsType:
        TRY(der_enter(st, ASN1_SEQUENCE, "statementInfo", &q));
        sink_arr(s, "info", "Types");
        while (!der_empty(&q)) {
            span_t t;
            TRY(der_read_oid(&q, NULL, &t));
            oid_str(s, NULL, NULL, t, true);
        }
        sink_end_arr(s);
        return der_done(&q);
    case OID_etsi_qcsRetentionPeriod: {
        int64_t v;
        TRY(der_read_int64(st, "statementInfo", &v));
        sink_num(s, "info", "Retention period (years)", v);
        return ASN1_OK;
    }
    case OID_etsi_qcsPDS:
        TRY(der_enter(st, ASN1_SEQUENCE, "statementInfo", &q));
        sink_arr(s, "info", "PKI disclosure statements");
        while (!der_empty(&q)) {
            der_t loc;
            asn1_elem url, lang;
            TRY(der_enter(&q, ASN1_SEQUENCE, NULL, &loc));
            TRY(der_read(&loc, ASN1_IA5STRING, "url", &url));
            TRY(der_read(&loc, ASN1_PRINTABLESTRING, "language", &lang));
            TRY(der_done(&loc));
            sink_obj(s, NULL, NULL);
            sink_strn(s, "url", "URL", (const char *)url.body.p, url.body.len);
            sink_strn(s, "language", "Language", (const char *)lang.body.p, lang.body.len);
            sink_end_obj(s);
        }
        sink_end_arr(s);
        return der_done(&q);
    case OID_pkix_qcsV1:
    case OID_pkix_qcsV2: {
        der_t ras;
        bool present;
        TRY(der_enter(st, ASN1_SEQUENCE, "statementInfo", &q));
        sink_obj(s, "info", "Semantics");
        if (der_peek(&q, ASN1_OID)) {
            span_t t;
            TRY(der_read_oid(&q, "semanticsIdentifier", &t));
            oid_str(s, "semantics", "Semantics identifier", t, false);
        }
        TRY(der_enter_opt(&q, ASN1_SEQUENCE, "nameRegistrationAuthorities", &ras, &present));
        if (present) {
            TRY(x509_gnames_body(&ras, s, "registration_authorities", "Name registration authorities"));
            TRY(der_done(&ras));
        }
        sink_end_obj(s);
        return der_done(&q);
    }
    default: {
        asn1_elem e;
        *st = save;
        TRY(der_next(st, "statementInfo", &e));
        sink_der(s, "info", "Info", e.der);
        return ASN1_OK;
    }
    }
}

asn1_err ext_qc_statements(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    sink_arr(s, key, label);
    while (!der_empty(&seq)) {
        der_t st;
        span_t oid;
        char txt[256];
        TRY(der_enter(&seq, ASN1_SEQUENCE, NULL, &st));
        TRY(der_read_oid(&st, "statementId", &oid));
        oid_id id = oid_lookup(oid);
        const char *nm = oid_name(id);
        sink_obj(s, NULL, NULL);
        if (s) {
            if (x509_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
                snprintf(txt, sizeof txt, "?");
            sink_str(s, "oid", nm ? X509_HIDE : "Statement", txt);
            if (nm)
                sink_str(s, "name", "Statement", nm);
        }
        if (!der_empty(&st))
            TRY(qc_info(&st, id, s));
        TRY(der_done(&st));
        sink_end_obj(s);
    }
    sink_end_arr(s);
    return der_done(&seq);
}

/* ------------------------------------------------------------------ privateKeyUsagePeriod */

static asn1_err gtime_implicit(der_t *c, unsigned n, const char *field, x509_sink *s, const char *key,
                               const char *label)
{
    asn1_elem e;
    bool present, lenient = false;
    char why[128];
    int64_t t;
    TRY(der_read_opt(c, ASN1_CTX_P(n), field, &e, &present));
    if (!present)
        return ASN1_OK;
    asn1_err r = asn1_time_decode(ASN1_GENERALIZEDTIME, e.body, &t, &lenient, why, sizeof why);
    if (r)
        return der_fail(c, e.offset, field, r, "%s", why);
    if (lenient)
        TRY(der_warn(c, e.offset, field, "%s", why));
    sink_time(s, key, label, t);
    return ASN1_OK;
}

/* PrivateKeyUsagePeriod ::= SEQUENCE { notBefore [0] GeneralizedTime OPTIONAL,
 *                                      notAfter  [1] GeneralizedTime OPTIONAL } */
asn1_err ext_pkup(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    sink_obj(s, key, label);
    TRY(gtime_implicit(&seq, 0, "notBefore", s, "not_before", "Not before"));
    TRY(gtime_implicit(&seq, 1, "notAfter", s, "not_after", "Not after"));
    sink_end_obj(s);
    return der_done(&seq);
}

/* ------------------------------------------------------------------ CRL extensions */

/* CRLNumber ::= INTEGER (0..MAX), BaseCRLNumber ::= CRLNumber: decimal text */
asn1_err ext_crl_number(der_t *c, x509_sink *s, const char *key, const char *label)
{
    span_t v;
    size_t o = der_offset(c);
    TRY(der_read_int(c, "", &v));
    if (asn1_int_is_negative(v))
        TRY(der_warn(c, o, "", "negative CRL number (INTEGER (0..MAX), RFC 5280 5.2.3)"));
    else if (asn1_int_magnitude(v).len > 20)
        TRY(der_warn(c, o, "", "CRL number longer than 20 octets (RFC 5280 5.2.3)"));
    if (!s)
        return ASN1_OK;
    buf_t *b = x509_scratch_push();
    if (!b)
        return ASN1_OK;
    if (asn1_int_dec(v, b) == ASN1_OK)
        sink_strn(s, key, label, b->p ? b->p : "", b->len);
    x509_scratch_pop();
    return ASN1_OK;
}

/* CRLReason ::= ENUMERATED { unspecified (0), ..., aACompromise (10) } (7 is not used) */
asn1_err ext_reason_code(der_t *c, x509_sink *s, const char *key, const char *label)
{
    int64_t v;
    size_t o = der_offset(c);
    TRY(der_read_enum(c, "", &v));
    const char *nm = reason_name(v);
    if (!nm) {
        TRY(der_warn(c, o, "", "CRLReason %lld is not defined (RFC 5280 5.3.1)", (long long)v));
        if (s) {
            buf_t *b = x509_scratch_push();
            if (b) {
                buf_i64(b, v);
                sink_strn(s, key, label, b->p, b->len);
                x509_scratch_pop();
            }
        }
        return ASN1_OK;
    }
    sink_str(s, key, label, nm);
    return ASN1_OK;
}

/* InvalidityDate ::= GeneralizedTime */
asn1_err ext_invalidity_date(der_t *c, x509_sink *s, const char *key, const char *label)
{
    int64_t t;
    size_t o = der_offset(c);
    bool utc = der_peek(c, ASN1_UTCTIME);
    TRY(der_read_time(c, "", &t));
    if (utc)
        TRY(der_warn(c, o, "", "invalidityDate is a UTCTime, not a GeneralizedTime (RFC 5280 5.3.2)"));
    sink_time(s, key, label, t);
    return ASN1_OK;
}

/* HoldInstructionCode ::= OBJECT IDENTIFIER */
asn1_err ext_hold_instruction(der_t *c, x509_sink *s, const char *key, const char *label)
{
    span_t oid;
    TRY(der_read_oid(c, "", &oid));
    sink_oid(s, key, label, oid);
    return ASN1_OK;
}

/* ------------------------------------------------------------------ parsed helpers */

static asn1_err bc_fn(der_t *c, void *arg)
{
    return bc_parse(c, arg);
}

asn1_err x509_ext_basic_constraints(const x509_ext *e, asn1_ctx *ctx, x509_bc *out)
{
    x509_bc bc = { false, false, -1 };
    asn1_err r = x509_ext_with_value(e, ctx, bc_fn, &bc);
    if (r == ASN1_OK)
        *out = bc;
    return r;
}

static asn1_err ku_fn(der_t *c, void *arg)
{
    asn1_elem e;
    return key_usage_bits(c, arg, &e);
}

asn1_err x509_ext_key_usage(const x509_ext *e, asn1_ctx *ctx, uint16_t *bits)
{
    uint16_t v = 0;
    asn1_err r = x509_ext_with_value(e, ctx, ku_fn, &v);
    if (r == ASN1_OK)
        *bits = v;
    return r;
}

struct eku_arg {
    void (*fn)(void *arg, span_t oid);
    void *arg;
    bool call;
};

static asn1_err eku_fn(der_t *c, void *arg)
{
    struct eku_arg *a = arg;
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    while (!der_empty(&seq)) {
        span_t oid;
        TRY(der_read_oid(&seq, NULL, &oid));
        if (a->call)
            a->fn(a->arg, oid);
    }
    return der_done(&seq);
}

asn1_err x509_ext_eku_each(const x509_ext *e, asn1_ctx *ctx, void (*fn)(void *arg, span_t oid), void *arg)
{
    struct eku_arg a = { fn, arg, false };
    TRY(x509_ext_with_value(e, ctx, eku_fn, &a));        /* all or nothing */
    a.call = true;
    return x509_ext_with_value(e, ctx, eku_fn, &a);
}

static asn1_err ski_fn(der_t *c, void *arg)
{
    return der_read_octets(c, "", arg);
}

asn1_err x509_ext_ski(const x509_ext *e, asn1_ctx *ctx, span_t *keyid)
{
    span_t v = { NULL, 0 };
    asn1_err r = x509_ext_with_value(e, ctx, ski_fn, &v);
    if (r == ASN1_OK)
        *keyid = v;
    return r;
}

static asn1_err aki_fn(der_t *c, void *arg)
{
    return aki_body(c, NULL, NULL, NULL, arg);
}

asn1_err x509_ext_aki(const x509_ext *e, asn1_ctx *ctx, span_t *keyid)
{
    span_t v = { NULL, 0 };
    asn1_err r = x509_ext_with_value(e, ctx, aki_fn, &v);
    if (r == ASN1_OK)
        *keyid = v;
    return r;
}
