/*
 * ext_policy.c - certificatePolicies (RFC 5280 4.2.1.4), also Microsoft's
 * application policies (same syntax, EKU-like OIDs), policyMappings (4.2.1.5),
 * policyConstraints (4.2.1.11), inhibitAnyPolicy (4.2.1.14).
 */
#include "x509/ext_impl.h"

#include <stdio.h>
#include <string.h>

/* An OID as a dotted string under key, and its name under name_key when known. */
static void oid_pair(x509_sink *s, span_t oid, const char *key, const char *label, const char *name_key)
{
    char txt[256];
    if (!s)
        return;
    if (x509_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
        snprintf(txt, sizeof txt, "?");
    sink_str(s, key, label, txt);
    const char *nm = oid_name(oid_lookup(oid));
    if (nm && name_key)
        sink_str(s, name_key, "Name", nm);
}

/* DisplayText ::= CHOICE { ia5String IA5String (SIZE (1..200)), visibleString VisibleString,
 *                          bmpString BMPString, utf8String UTF8String } */
static asn1_err display_text(der_t *c, const char *field, x509_sink *s, const char *key, const char *label)
{
    asn1_elem e;
    der_t save = *c;
    TRY(der_read_string(c, field, &e));
    if (e.tag != ASN1_IA5STRING && e.tag != ASN1_VISIBLESTRING && e.tag != ASN1_BMPSTRING &&
        e.tag != ASN1_UTF8STRING) {
        char t[32];
        TRY(der_warn(&save, e.offset, field, "DisplayText is a %s (IA5String, VisibleString, BMPString or "
                     "UTF8String expected, RFC 5280 4.2.1.4)", x509_tag_type_name(e.tag, t, sizeof t)));
    }
    buf_t *b = x509_scratch_push();
    if (!b)
        return der_fail(&save, e.offset, field, ASN1_E_NOMEM, "scratch buffers exhausted");
    const char *why = NULL, *dev = NULL;
    asn1_err r = asn1_str_to_utf8(e.tag, e.body, b, &why, &dev);
    if (r == ASN1_E_VALUE)
        r = der_fail(&save, e.offset, field, ASN1_E_VALUE, "%s", why ? why : "invalid string");
    else if (r == ASN1_OK && dev)
        r = der_warn(&save, e.offset, field, "%s", dev);
    if (r == ASN1_OK && e.body.len > 200)
        r = der_warn(&save, e.offset, field, "DisplayText of %zu octets (at most 200, RFC 5280 4.2.1.4)",
                     e.body.len);
    if (r == ASN1_OK)
        sink_strn(s, key, label, b->p ? b->p : "", b->len);
    x509_scratch_pop();
    if (r != ASN1_OK)
        *c = save;
    return r;
}

/*
 * UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL }
 * NoticeReference ::= SEQUENCE { organization DisplayText, noticeNumbers SEQUENCE OF INTEGER }
 */
static asn1_err user_notice(der_t *c, x509_sink *s)
{
    der_t un, ref, nums;
    bool present;
    TRY(der_enter(c, ASN1_SEQUENCE, "qualifier", &un));
    sink_str(s, "type", X509_HIDE, "user_notice");
    TRY(der_enter_opt(&un, ASN1_SEQUENCE, "noticeRef", &ref, &present));
    if (present) {
        sink_obj(s, "notice_ref", "Notice reference");
        TRY(display_text(&ref, "organization", s, "organization", "Organization"));
        TRY(der_enter(&ref, ASN1_SEQUENCE, "noticeNumbers", &nums));
        sink_arr(s, "notice_numbers", "Notice numbers");
        while (!der_empty(&nums)) {
            int64_t n;
            TRY(der_read_int64(&nums, NULL, &n));
            sink_num(s, NULL, NULL, n);
        }
        sink_end_arr(s);
        TRY(der_done(&nums));
        TRY(der_done(&ref));
        sink_end_obj(s);
    }
    if (!der_empty(&un))
        TRY(display_text(&un, "explicitText", s, "explicit_text", "Explicit text"));
    return der_done(&un);
}

/*
 * PolicyQualifierInfo ::= SEQUENCE { policyQualifierId PolicyQualifierId,
 *                                    qualifier ANY DEFINED BY policyQualifierId }
 * Qualifier ::= CHOICE { cPSuri CPSuri, userNotice UserNotice }; CPSuri ::= IA5String
 */
static asn1_err qualifier(der_t *list, x509_sink *s)
{
    der_t q;
    span_t id;
    TRY(der_enter(list, ASN1_SEQUENCE, NULL, &q));
    TRY(der_read_oid(&q, "policyQualifierId", &id));
    sink_obj(s, NULL, NULL);
    if (oid_is(id, OID_qt_cps)) {
        asn1_elem e;
        TRY(der_read(&q, ASN1_IA5STRING, "qualifier", &e));
        buf_t *b = x509_scratch_push();
        if (!b)
            return der_fail(&q, e.offset, "qualifier", ASN1_E_NOMEM, "scratch buffers exhausted");
        const char *why = NULL, *dev = NULL;
        asn1_err r = asn1_str_to_utf8(e.tag, e.body, b, &why, &dev);
        if (r == ASN1_OK && dev)
            r = der_warn(&q, e.offset, "qualifier", "%s", dev);
        sink_str(s, "type", X509_HIDE, "cps");
        if (r == ASN1_OK)
            sink_strn(s, "value", "CPS", b->p ? b->p : "", b->len);
        x509_scratch_pop();
        TRY(r);
    } else if (oid_is(id, OID_qt_unotice)) {
        TRY(user_notice(&q, s));
    } else {
        asn1_elem e;
        oid_pair(s, id, "type", "Qualifier", NULL);
        if (!der_empty(&q)) {
            TRY(der_next(&q, "qualifier", &e));
            sink_der(s, "value", "Value", e.der);
        }
    }
    sink_end_obj(s);
    return der_done(&q);
}

/*
 * certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
 * PolicyInformation ::= SEQUENCE {
 *      policyIdentifier   CertPolicyId,
 *      policyQualifiers   SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL }
 */
asn1_err ext_policies(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq, list;
    size_t off = der_offset(c);
    span_t seen[32];
    unsigned nseen = 0;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty certificatePolicies (SIZE (1..MAX), RFC 5280 4.2.1.4)"));
    der_alias(&seq, "policies", &list);
    sink_arr(s, key, label);
    while (!der_empty(&list)) {
        der_t pi, quals;
        span_t id;
        bool present;
        size_t po = der_offset(&list);
        TRY(der_enter(&list, ASN1_SEQUENCE, NULL, &pi));
        TRY(der_read_oid(&pi, "policyIdentifier", &id));
        for (unsigned i = 0; i < nseen; i++)
            if (span_eq(seen[i], id)) {
                TRY(der_warn(&pi, po, "policyIdentifier",
                             "policy appears more than once (RFC 5280 4.2.1.4)"));
                break;
            }
        if (nseen < sizeof seen / sizeof seen[0])
            seen[nseen++] = id;
        sink_obj(s, NULL, NULL);
        oid_pair(s, id, "policy", "Policy", "name");
        TRY(der_enter_opt(&pi, ASN1_SEQUENCE, "policyQualifiers", &quals, &present));
        if (present) {
            if (der_empty(&quals))
                TRY(der_warn(&quals, der_offset(&pi), "", "empty policyQualifiers (SIZE (1..MAX))"));
            sink_arr(s, "qualifiers", "Qualifiers");
            while (!der_empty(&quals))
                TRY(qualifier(&quals, s));
            sink_end_arr(s);
            TRY(der_done(&quals));
        }
        TRY(der_done(&pi));
        sink_end_obj(s);
    }
    sink_end_arr(s);
    return der_done(&list);
}

/*
 * PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
 *      issuerDomainPolicy      CertPolicyId,
 *      subjectDomainPolicy     CertPolicyId }
 */
asn1_err ext_policy_mappings(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    size_t off = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty policyMappings (SIZE (1..MAX), RFC 5280 4.2.1.5)"));
    sink_arr(s, key, label);
    while (!der_empty(&seq)) {
        der_t m;
        span_t a, b;
        TRY(der_enter(&seq, ASN1_SEQUENCE, NULL, &m));
        TRY(der_read_oid(&m, "issuerDomainPolicy", &a));
        TRY(der_read_oid(&m, "subjectDomainPolicy", &b));
        if (oid_is(a, OID_ce_anyPolicy) || oid_is(b, OID_ce_anyPolicy))
            TRY(der_warn(&m, der_offset(&seq), "", "anyPolicy must not be mapped (RFC 5280 4.2.1.5)"));
        TRY(der_done(&m));
        sink_obj(s, NULL, NULL);
        oid_pair(s, a, "issuer_domain", "Issuer domain", NULL);
        oid_pair(s, b, "subject_domain", "Subject domain", NULL);
        sink_end_obj(s);
    }
    sink_end_arr(s);
    return der_done(&seq);
}

/* SkipCerts ::= INTEGER (0..MAX) with an optional [n] IMPLICIT tag. */
static asn1_err skip_certs(der_t *c, uint32_t tag, const char *field, int64_t *v)
{
    size_t off = der_offset(c);
    span_t raw;
    der_t save = *c;
    TRY(der_read_int_tagged(c, tag, field, &raw));
    if (asn1_int_is_negative(raw) || asn1_int_magnitude(raw).len > 7) {
        *c = save;
        return der_fail(c, off, field, ASN1_E_VALUE, "SkipCerts out of range (INTEGER (0..MAX))");
    }
    span_t m = asn1_int_magnitude(raw);
    int64_t x = 0;
    for (size_t i = 0; i < m.len; i++)
        x = x << 8 | m.p[i];
    *v = x;
    return ASN1_OK;
}

/*
 * PolicyConstraints ::= SEQUENCE {
 *      requireExplicitPolicy           [0] SkipCerts OPTIONAL,
 *      inhibitPolicyMapping            [1] SkipCerts OPTIONAL }
 */
asn1_err ext_policy_constraints(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    int64_t v;
    size_t off = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty policyConstraints (RFC 5280 4.2.1.11)"));
    sink_obj(s, key, label);
    if (der_peek(&seq, ASN1_CTX_P(0))) {
        TRY(skip_certs(&seq, ASN1_CTX_P(0), "requireExplicitPolicy", &v));
        sink_num(s, "require_explicit_policy", "Require explicit policy", v);
    } else {
        sink_null(s, "require_explicit_policy", X509_HIDE);
    }
    if (der_peek(&seq, ASN1_CTX_P(1))) {
        TRY(skip_certs(&seq, ASN1_CTX_P(1), "inhibitPolicyMapping", &v));
        sink_num(s, "inhibit_policy_mapping", "Inhibit policy mapping", v);
    } else {
        sink_null(s, "inhibit_policy_mapping", X509_HIDE);
    }
    sink_end_obj(s);
    return der_done(&seq);
}

/* InhibitAnyPolicy ::= SkipCerts */
asn1_err ext_inhibit_any(der_t *c, x509_sink *s, const char *key, const char *label)
{
    int64_t v;
    TRY(skip_certs(c, ASN1_INTEGER, "", &v));
    sink_num(s, key, label, v);
    return ASN1_OK;
}
