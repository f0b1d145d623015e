/*
 * ext_access.c - authorityInfoAccess and subjectInfoAccess (RFC 5280 4.2.2.1-2),
 * cRLDistributionPoints and freshestCRL (4.2.1.13, 4.2.1.15), and the CRL's
 * issuingDistributionPoint (5.2.5).
 */
#include "x509/ext_impl.h"

#include <stdio.h>
#include <string.h>

/*
 * AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 */
asn1_err ext_info_access(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    size_t off = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty access description list (SIZE (1..MAX), RFC 5280 4.2.2.1)"));
    sink_arr(s, key, label);
    while (!der_empty(&seq)) {
        der_t ad;
        span_t m;
        char txt[256];
        TRY(der_enter(&seq, ASN1_SEQUENCE, NULL, &ad));
        TRY(der_read_oid(&ad, "accessMethod", &m));
        sink_obj(s, NULL, NULL);
        if (s) {
            if (x509_oid_to_text(m, txt, sizeof txt) != ASN1_OK)
                snprintf(txt, sizeof txt, "?");
            const char *nm = oid_name(oid_lookup(m));
            sink_str(s, "method", nm ? X509_HIDE : "Method", txt);
            if (nm)
                sink_str(s, "method_name", "Method", nm);
        }
        TRY(x509_gname_one(&ad, s, "location", X509_FLAT, false));
        TRY(der_done(&ad));
        sink_end_obj(s);
    }
    sink_end_arr(s);
    return der_done(&seq);
}

/*
 * DistributionPointName ::= CHOICE {
 *      fullName                [0]     GeneralNames,
 *      nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
 * (the content of the explicit [0] distributionPoint)
 */
static asn1_err dp_name(der_t *c, x509_sink *s)
{
    der_t dpn, list;
    bool present;
    TRY(der_enter(c, ASN1_CTX_C(0), "distributionPoint", &dpn));
    TRY(der_enter_opt(&dpn, ASN1_CTX_C(0), "fullName", &list, &present));
    if (present) {
        if (der_empty(&list))
            TRY(der_warn(&list, der_offset(c), "", "empty fullName GeneralNames (SIZE (1..MAX))"));
        TRY(x509_gnames_body(&list, s, "full_name", "Full name"));
        TRY(der_done(&list));
    } else {
        const uint8_t *start = dpn.p;
        unsigned n;
        TRY(x509_rdn_decode(&dpn, ASN1_CTX_C(1), "nameRelativeToCRLIssuer", &n));
        if (s) {
            /* the SET's content: skip the [1] header */
            const uint8_t *p = start + 1;
            size_t len = *p++;
            if (len & 0x80) {
                size_t k = len & 0x7f;
                len = 0;
                while (k--)
                    len = len << 8 | *p++;
            }
            sink_rdn_attrs(s, "name_relative_to_crl_issuer", "Name relative to CRL issuer", span_make(p, len));
        }
    }
    return der_done(&dpn);
}

/*
 * CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
 * DistributionPoint ::= SEQUENCE {
 *      distributionPoint       [0]     DistributionPointName OPTIONAL,
 *      reasons                 [1]     ReasonFlags OPTIONAL,
 *      cRLIssuer               [2]     GeneralNames OPTIONAL }
 */
asn1_err ext_crldp(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    size_t off = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty CRLDistributionPoints (SIZE (1..MAX), RFC 5280 4.2.1.13)"));
    sink_arr(s, key, label);
    while (!der_empty(&seq)) {
        der_t dp, iss;
        asn1_elem e;
        bool present, has_dp, has_issuer;
        size_t dpo = der_offset(&seq);
        TRY(der_enter(&seq, ASN1_SEQUENCE, NULL, &dp));
        sink_obj(s, NULL, NULL);
        has_dp = der_peek(&dp, ASN1_CTX_C(0));
        if (has_dp)
            TRY(dp_name(&dp, s));
        TRY(der_read_opt(&dp, ASN1_CTX_P(1), "reasons", &e, &present));
        if (present)
            TRY(x509_bits_list(&dp, &e, "reasons", x509_reason_flag_names, 9, s, "reasons", "Reasons"));
        TRY(der_enter_opt(&dp, ASN1_CTX_C(2), "cRLIssuer", &iss, &has_issuer));
        if (has_issuer) {
            TRY(x509_gnames_body(&iss, s, "crl_issuer", "CRL issuer"));
            TRY(der_done(&iss));
        }
        TRY(der_done(&dp));
        if (!has_dp && !has_issuer)
            TRY(der_warn(&dp, dpo, "", "DistributionPoint with neither distributionPoint nor cRLIssuer "
                         "(RFC 5280 4.2.1.13)"));
        sink_end_obj(s);
    }
    sink_end_arr(s);
    return der_done(&seq);
}

/* [n] IMPLICIT BOOLEAN DEFAULT FALSE */
static asn1_err opt_bool(der_t *c, unsigned n, const char *field, bool *v)
{
    asn1_elem e;
    bool present;
    *v = false;
    TRY(der_read_opt(c, ASN1_CTX_P(n), field, &e, &present));
    if (!present)
        return ASN1_OK;
    if (e.body.len != 1)
        return der_fail(c, e.offset, field, ASN1_E_VALUE, "BOOLEAN of %zu octets (X.690 8.2.1)", e.body.len);
    if (e.body.p[0] != 0x00 && e.body.p[0] != 0xff)
        TRY(der_warn(c, e.offset, field, "BOOLEAN TRUE encoded as 0x%02x, not 0xff (X.690 11.1)", e.body.p[0]));
    *v = e.body.p[0] != 0;
    if (!*v)
        TRY(der_warn(c, e.offset, field, "FALSE is the DEFAULT and must not be encoded (X.690 11.5)"));
    return ASN1_OK;
}

/*
 * IssuingDistributionPoint ::= SEQUENCE {
 *      distributionPoint          [0] DistributionPointName OPTIONAL,
 *      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
 *      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
 *      onlySomeReasons            [3] ReasonFlags OPTIONAL,
 *      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
 *      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
 */
asn1_err ext_idp(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    asn1_elem e;
    bool present, user, ca, indirect, attr;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    sink_obj(s, key, label);
    if (der_peek(&seq, ASN1_CTX_C(0)))
        TRY(dp_name(&seq, s));
    TRY(opt_bool(&seq, 1, "onlyContainsUserCerts", &user));
    TRY(opt_bool(&seq, 2, "onlyContainsCACerts", &ca));
    TRY(der_read_opt(&seq, ASN1_CTX_P(3), "onlySomeReasons", &e, &present));
    if (present)
        TRY(x509_bits_list(&seq, &e, "onlySomeReasons", x509_reason_flag_names, 9, s, "only_some_reasons",
                           "Only some reasons"));
    TRY(opt_bool(&seq, 4, "indirectCRL", &indirect));
    TRY(opt_bool(&seq, 5, "onlyContainsAttributeCerts", &attr));
    sink_bool(s, "only_user_certs", "Only user certificates", user);
    sink_bool(s, "only_ca_certs", "Only CA certificates", ca);
    sink_bool(s, "indirect_crl", "Indirect CRL", indirect);
    sink_bool(s, "only_attribute_certs", "Only attribute certificates", attr);
    sink_end_obj(s);
    if ((user && ca) || (user && attr) || (ca && attr))
        TRY(der_warn(&seq, der_offset(c), "", "at most one of onlyContainsUserCerts, onlyContainsCACerts "
                     "and onlyContainsAttributeCerts may be TRUE (RFC 5280 5.2.5)"));
    return der_done(&seq);
}
