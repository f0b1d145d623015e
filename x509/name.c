/*
 * name.c - X.501 Names (RFC 5280 4.1.2.4): the validating decoder, the iterator,
 * short attribute names, and the string forms: RFC 4514, OpenSSL's RFC2253 and
 * one-line forms, the CN, and comparison under RFC 5280 7.1.
 *
 *   Name ::= CHOICE { -- only one possibility for now --
 *     rdnSequence  RDNSequence }
 *   RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
 *   RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 *   AttributeTypeAndValue ::= SEQUENCE {
 *     type     AttributeType,          -- OBJECT IDENTIFIER
 *     value    AttributeValue }        -- ANY -- DEFINED BY AttributeType
 *
 * The decoder validates everything once (string encodings included); the other
 * functions walk the validated bytes with a small TLV reader and allocate nothing
 * for names of up to 32 attributes.
 */
#include "x509/ext_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_ATTRS 4096     /* attributes in one Name (all RDNs) */

/* ================================================================ TLV reader */

/* Reads one element at *pp (validated DER, but bounds are still checked). */
static bool tlv(const uint8_t **pp, const uint8_t *end, uint32_t *tag, span_t *body, span_t *whole)
{
    const uint8_t *p = *pp, *start = p;
    if (p >= end)
        return false;
    uint8_t b0 = *p++;
    uint32_t num = b0 & 0x1f;
    if (num == 0x1f) {
        num = 0;
        for (int i = 0;; i++) {
            if (p >= end || i > 4)
                return false;
            uint8_t b = *p++;
            num = (num << 7) | (b & 0x7f);
            if (!(b & 0x80))
                break;
        }
    }
    if (p >= end)
        return false;
    size_t len = *p++;
    if (len & 0x80) {
        size_t k = len & 0x7f;
        if (k == 0 || k > sizeof(size_t) || (size_t)(end - p) < k)
            return false;
        len = 0;
        for (size_t i = 0; i < k; i++)
            len = (len << 8) | *p++;
    }
    if (len > (size_t)(end - p))
        return false;
    *tag = ((uint32_t)(b0 >> 6) << 30) | ((b0 & 0x20) ? ASN1_CONSTRUCTED : 0u) | num;
    *body = span_make(p, len);
    if (whole)
        *whole = span_make(start, (size_t)(p + len - start));
    *pp = p + len;
    return true;
}

/* ================================================================ attribute table */

enum akind {
    AK_ANY = 0,
    AK_DIR,         /* DirectoryString: TeletexString, PrintableString, UniversalString, UTF8String, BMPString */
    AK_PRINTABLE,   /* PrintableString (serialNumber, dnQualifier) */
    AK_COUNTRY,     /* PrintableString (SIZE (2)) */
    AK_IA5,         /* IA5String (emailAddress, domainComponent) */
};

struct attr_info {
    const char *sn;
    uint8_t kind;
};

/* RFC 4514's table (CN, L, ST, O, OU, C, STREET, DC, UID), then the usual others. */
static const struct attr_info attr_info[OID__COUNT] = {
    [OID_at_commonName] = { "CN", AK_DIR },
    [OID_at_surname] = { "SN", AK_DIR },
    [OID_at_serialNumber] = { "serialNumber", AK_PRINTABLE },
    [OID_at_countryName] = { "C", AK_COUNTRY },
    [OID_at_localityName] = { "L", AK_DIR },
    [OID_at_stateOrProvinceName] = { "ST", AK_DIR },
    [OID_at_streetAddress] = { "STREET", AK_DIR },
    [OID_at_organizationName] = { "O", AK_DIR },
    [OID_at_organizationalUnitName] = { "OU", AK_DIR },
    [OID_at_title] = { "title", AK_DIR },
    [OID_at_description] = { "description", AK_DIR },
    [OID_at_businessCategory] = { "businessCategory", AK_DIR },
    [OID_at_postalAddress] = { "postalAddress", AK_ANY },
    [OID_at_postalCode] = { "postalCode", AK_DIR },
    [OID_at_postOfficeBox] = { "postOfficeBox", AK_DIR },
    [OID_at_telephoneNumber] = { "telephoneNumber", AK_PRINTABLE },
    [OID_at_name] = { "name", AK_DIR },
    [OID_at_givenName] = { "GN", AK_DIR },
    [OID_at_initials] = { "initials", AK_DIR },
    [OID_at_generationQualifier] = { "generationQualifier", AK_DIR },
    [OID_at_x500UniqueIdentifier] = { "x500UniqueIdentifier", AK_ANY },
    [OID_at_dnQualifier] = { "dnQualifier", AK_PRINTABLE },
    [OID_at_pseudonym] = { "pseudonym", AK_DIR },
    [OID_at_role] = { "role", AK_ANY },
    [OID_at_organizationIdentifier] = { "organizationIdentifier", AK_DIR },
    [OID_at_domainComponent] = { "DC", AK_IA5 },
    [OID_at_userId] = { "UID", AK_ANY },
    [OID_pkcs9_emailAddress] = { "emailAddress", AK_IA5 },
    [OID_pkcs9_unstructuredName] = { "unstructuredName", AK_ANY },
    [OID_pkcs9_unstructuredAddress] = { "unstructuredAddress", AK_ANY },
    [OID_ev_jurisdictionLocalityName] = { "jurisdictionL", AK_DIR },
    [OID_ev_jurisdictionStateOrProvinceName] = { "jurisdictionST", AK_DIR },
    [OID_ev_jurisdictionCountryName] = { "jurisdictionC", AK_COUNTRY },
};

const char *x509_attr_short(oid_id id)
{
    return (id > OID_UNKNOWN && id < OID__COUNT) ? attr_info[id].sn : NULL;
}

/* OpenSSL's short names (OBJ_nid2sn) for the attribute arcs it knows, by prefix. */
static const char *const ossl_x500[101] = {
    [3] = "CN", [4] = "SN", [5] = "serialNumber", [6] = "C", [7] = "L", [8] = "ST", [9] = "street",
    [10] = "O", [11] = "OU", [12] = "title", [13] = "description", [14] = "searchGuide",
    [15] = "businessCategory", [16] = "postalAddress", [17] = "postalCode", [18] = "postOfficeBox",
    [19] = "physicalDeliveryOfficeName", [20] = "telephoneNumber", [21] = "telexNumber",
    [22] = "teletexTerminalIdentifier", [23] = "facsimileTelephoneNumber", [24] = "x121Address",
    [25] = "internationaliSDNNumber", [26] = "registeredAddress", [27] = "destinationIndicator",
    [28] = "preferredDeliveryMethod", [29] = "presentationAddress",
    [30] = "supportedApplicationContext", [31] = "member", [32] = "owner", [33] = "roleOccupant",
    [34] = "seeAlso", [35] = "userPassword", [36] = "userCertificate", [37] = "cACertificate",
    [38] = "authorityRevocationList", [39] = "certificateRevocationList",
    [40] = "crossCertificatePair", [41] = "name", [42] = "GN", [43] = "initials",
    [44] = "generationQualifier", [45] = "x500UniqueIdentifier", [46] = "dnQualifier",
    [47] = "enhancedSearchGuide", [48] = "protocolInformation", [49] = "distinguishedName",
    [50] = "uniqueMember", [51] = "houseIdentifier", [52] = "supportedAlgorithms",
    [53] = "deltaRevocationList", [54] = "dmdName", [65] = "pseudonym", [72] = "role",
    [97] = "organizationIdentifier", [98] = "c3", [99] = "n3", [100] = "dnsName",
};
static const char *const ossl_pilot[57] = {
    [1] = "UID", [2] = "textEncodedORAddress", [3] = "mail", [4] = "info", [5] = "favouriteDrink",
    [6] = "roomNumber", [7] = "photo", [8] = "userClass", [9] = "host", [10] = "manager",
    [11] = "documentIdentifier", [12] = "documentTitle", [13] = "documentVersion",
    [14] = "documentAuthor", [15] = "documentLocation", [20] = "homeTelephoneNumber",
    [21] = "secretary", [22] = "otherMailbox", [23] = "lastModifiedTime", [24] = "lastModifiedBy",
    [25] = "DC", [26] = "aRecord", [27] = "pilotAttributeType27", [28] = "mXRecord",
    [29] = "nSRecord", [30] = "sOARecord", [31] = "cNAMERecord", [37] = "associatedDomain",
    [38] = "associatedName", [39] = "homePostalAddress", [40] = "personalTitle",
    [41] = "mobileTelephoneNumber", [42] = "pagerTelephoneNumber", [43] = "friendlyCountryName",
    [44] = "uid", [45] = "organizationalStatus", [46] = "janetMailbox",
    [47] = "mailPreferenceOption", [48] = "buildingName", [49] = "dSAQuality",
    [50] = "singleLevelQuality", [51] = "subtreeMinimumQuality", [52] = "subtreeMaximumQuality",
    [53] = "personalSignature", [54] = "dITRedirect", [55] = "audio", [56] = "documentPublisher",
};
static const char *const ossl_pkcs9[22] = {
    [1] = "emailAddress", [2] = "unstructuredName", [3] = "contentType", [4] = "messageDigest",
    [5] = "signingTime", [6] = "countersignature", [7] = "challengePassword",
    [8] = "unstructuredAddress", [9] = "extendedCertificateAttributes", [14] = "extReq",
    [15] = "SMIME-CAPS", [16] = "SMIME", [20] = "friendlyName", [21] = "localKeyID",
};
static const char *const ossl_jur[4] = {
    [1] = "jurisdictionL", [2] = "jurisdictionST", [3] = "jurisdictionC",
};

static const char *const ossl_ce[57] = {
    [9] = "subjectDirectoryAttributes", [14] = "subjectKeyIdentifier", [15] = "keyUsage",
    [16] = "privateKeyUsagePeriod", [17] = "subjectAltName", [18] = "issuerAltName",
    [19] = "basicConstraints", [20] = "crlNumber", [21] = "CRLReason", [23] = "holdInstructionCode",
    [24] = "invalidityDate", [27] = "deltaCRL", [28] = "issuingDistributionPoint",
    [29] = "certificateIssuer", [30] = "nameConstraints", [31] = "crlDistributionPoints",
    [32] = "certificatePolicies", [33] = "policyMappings", [35] = "authorityKeyIdentifier",
    [36] = "policyConstraints", [37] = "extendedKeyUsage", [46] = "freshestCRL",
    [54] = "inhibitAnyPolicy", [55] = "targetInformation", [56] = "noRevAvail",
};
/* Russian registration numbers (1.2.643.100.x) */
static const char *const ossl_ru[6] = {
    [1] = "OGRN", [3] = "SNILS", [5] = "OGRNIP",
};
static const char *const ossl_inn[2] = { [1] = "INN" };   /* 1.2.643.3.131.1.1 */

static const struct {
    const char *prefix;
    size_t len;
    const char *const *names;
    size_t n;
} ossl_prefixes[] = {
    { "\x55\x1d", 2, ossl_ce, sizeof ossl_ce / sizeof ossl_ce[0] },
    { "\x2a\x85\x03\x64", 4, ossl_ru, sizeof ossl_ru / sizeof ossl_ru[0] },
    { "\x2a\x85\x03\x03\x81\x03\x01", 7, ossl_inn, sizeof ossl_inn / sizeof ossl_inn[0] },
    { "\x55\x04", 2, ossl_x500, sizeof ossl_x500 / sizeof ossl_x500[0] },
    { "\x09\x92\x26\x89\x93\xf2\x2c\x64\x01", 9, ossl_pilot, sizeof ossl_pilot / sizeof ossl_pilot[0] },
    { "\x2a\x86\x48\x86\xf7\x0d\x01\x09", 8, ossl_pkcs9, sizeof ossl_pkcs9 / sizeof ossl_pkcs9[0] },
    { "\x2b\x06\x01\x04\x01\x82\x37\x3c\x02\x01", 10, ossl_jur, sizeof ossl_jur / sizeof ossl_jur[0] },
};

static const char *ossl_sn(span_t oid)
{
    if (oid.len == 3 && oid.p[0] == 0x55 && oid.p[1] == 0x04)     /* 2.5.4.x: most of them */
        return oid.p[2] < sizeof ossl_x500 / sizeof ossl_x500[0] ? ossl_x500[oid.p[2]] : NULL;
    for (size_t i = 0; i < sizeof ossl_prefixes / sizeof ossl_prefixes[0]; i++) {
        size_t pl = ossl_prefixes[i].len;
        if (oid.len == pl + 1 && memcmp(oid.p, ossl_prefixes[i].prefix, pl) == 0) {
            uint8_t arc = oid.p[pl];
            return arc < ossl_prefixes[i].n ? ossl_prefixes[i].names[arc] : NULL;
        }
    }
    return NULL;
}

/* ================================================================ decoding */

static size_t utf8_chars(const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((uint8_t)p[i] & 0xc0) != 0x80;
    return k;
}

static const char *attr_label(oid_id id, span_t oid, char *tmp, size_t n)
{
    const char *s = x509_attr_short(id);
    if (!s)
        s = oid_name(id);
    if (!s) {
        if (x509_oid_to_text(oid, tmp, n) != ASN1_OK)
            snprintf(tmp, n, "attribute");
        s = tmp;
    }
    return s;
}

/* Validates an AttributeValue: string encodings (errors), charset deviations and
 * the string type the attribute's definition asks for (warnings). */
static asn1_err check_value(der_t *atv, span_t oid, const asn1_elem *v)
{
    oid_id id = oid_lookup(oid);
    uint8_t kind = (id > OID_UNKNOWN && id < OID__COUNT) ? attr_info[id].kind : AK_ANY;
    char tmp[128], ty[32];
    if (!asn1_is_string_tag(v->tag)) {
        if (kind != AK_ANY)
            TRY(der_warn(atv, v->offset, "value", "%s value is a %s, not a string (RFC 5280 A.1)",
                         attr_label(id, oid, tmp, sizeof tmp), x509_tag_type_name(v->tag, ty, sizeof ty)));
        return ASN1_OK;
    }
    buf_t *b = x509_scratch_push();
    if (!b)
        return der_fail(atv, v->offset, "value", ASN1_E_NOMEM, "scratch buffers exhausted");
    const char *why = NULL, *dev = NULL;
    asn1_err r = asn1_str_to_utf8(v->tag, v->body, b, &why, &dev);
    size_t nchars = kind == AK_COUNTRY ? utf8_chars(b->p, b->len) : 0;     /* only a country needs it */
    x509_scratch_pop();
    if (r == ASN1_E_NOMEM)
        return der_fail(atv, v->offset, "value", ASN1_E_NOMEM, "out of memory");
    if (r != ASN1_OK)
        return der_fail(atv, v->offset, "value", ASN1_E_VALUE, "%s", why ? why : "invalid string");
    if (dev)
        TRY(der_warn(atv, v->offset, "value", "%s", dev));
    switch (kind) {
    case AK_DIR:
        if (v->tag != ASN1_UTF8STRING && v->tag != ASN1_PRINTABLESTRING && v->tag != ASN1_BMPSTRING &&
            v->tag != ASN1_T61STRING && v->tag != ASN1_UNIVERSALSTRING)
            TRY(der_warn(atv, v->offset, "value",
                         "%s is a %s, not a DirectoryString type (UTF8String, PrintableString, BMPString, "
                         "UniversalString, TeletexString; RFC 5280 4.1.2.4)",
                         attr_label(id, oid, tmp, sizeof tmp), x509_tag_type_name(v->tag, ty, sizeof ty)));
        break;
    case AK_PRINTABLE:
    case AK_COUNTRY:
        if (v->tag != ASN1_PRINTABLESTRING)
            TRY(der_warn(atv, v->offset, "value", "%s is a %s, not a PrintableString (RFC 5280 A.1)",
                         attr_label(id, oid, tmp, sizeof tmp), x509_tag_type_name(v->tag, ty, sizeof ty)));
        if (kind == AK_COUNTRY && nchars != 2)
            TRY(der_warn(atv, v->offset, "value",
                         "%s has %zu characters, not the 2 of an ISO 3166 alpha-2 code (RFC 5280 A.1)",
                         attr_label(id, oid, tmp, sizeof tmp), nchars));
        break;
    case AK_IA5:
        if (v->tag != ASN1_IA5STRING)
            TRY(der_warn(atv, v->offset, "value", "%s is a %s, not an IA5String (RFC 5280 A.1)",
                         attr_label(id, oid, tmp, sizeof tmp), x509_tag_type_name(v->tag, ty, sizeof ty)));
        break;
    default:
        break;
    }
    return ASN1_OK;
}

/* X.690 11.6: SET OF components in ascending order of their encodings, the shorter
 * one padded at its end with zero octets. */
static int set_order_cmp(span_t a, span_t b)
{
    size_t m = a.len < b.len ? a.len : b.len;
    int c = memcmp(a.p, b.p, m);
    if (c)
        return c;
    const span_t *longer = a.len > b.len ? &a : &b;
    for (size_t i = m; i < longer->len; i++)
        if (longer->p[i])
            return a.len > b.len ? 1 : -1;
    return 0;
}

asn1_err x509_rdn_decode(der_t *c, uint32_t tag, const char *field, unsigned *nattr)
{
    der_t save = *c, set;
    size_t off = der_offset(c);
    *nattr = 0;
    /* RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue */
    asn1_err r = der_enter(c, tag, field, &set);
    if (r)
        return r;
    if (der_empty(&set)) {
        /* real producers write these (zlint's test CAs, some old CAs); OpenSSL shows nothing for it */
        r = der_warn(&set, off, "", "empty RelativeDistinguishedName (SET SIZE (1..MAX), RFC 5280 4.1.2.4)");
        if (r)
            *c = save;
        return r;
    }
    span_t prev = { NULL, 0 };
    unsigned k = 0;
    while (!der_empty(&set)) {
        asn1_elem whole, v;
        der_t atv;
        span_t oid;
        /* AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue } */
        if ((r = der_read(&set, ASN1_SEQUENCE, NULL, &whole)) != ASN1_OK ||
            (r = der_open(&set, &whole, NULL, (int)k, &atv)) != ASN1_OK ||
            (r = der_read_oid(&atv, "type", &oid)) != ASN1_OK ||
            (r = der_next(&atv, "value", &v)) != ASN1_OK || (r = der_done(&atv)) != ASN1_OK ||
            (r = check_value(&atv, oid, &v)) != ASN1_OK) {
            *c = save;
            return r;
        }
        if (k && set_order_cmp(prev, whole.der) > 0 &&
            (r = der_warn(&atv, whole.offset, "",
                          "attributes of a multi-valued RDN are not in DER SET OF order (X.690 11.6)")) != ASN1_OK) {
            *c = save;
            return r;
        }
        prev = whole.der;
        k++;
    }
    *nattr = k;
    return ASN1_OK;
}

asn1_err x509_name_decode(der_t *c, const char *field, x509_name *out)
{
    der_t save = *c, seq, rdns;
    asn1_elem e;
    unsigned idx = c->count;
    memset(out, 0, sizeof *out);
    /* Name ::= CHOICE { rdnSequence RDNSequence }; RDNSequence ::= SEQUENCE OF RelativeDistinguishedName */
    TRY(der_read(c, ASN1_SEQUENCE, field, &e));
    asn1_err r = der_open(c, &e, field, (int)idx, &seq);
    if (r) {
        *c = save;
        return r;
    }
    der_alias(&seq, "rdns", &rdns);
    while (!der_empty(&rdns)) {
        unsigned k;
        if (out->nrdn >= X509_MAX_RDNS) {
            *c = save;
            return der_fail(&rdns, der_offset(&rdns), NULL, ASN1_E_LIMIT, "more than %u RDNs in a name",
                            X509_MAX_RDNS);
        }
        if ((r = x509_rdn_decode(&rdns, ASN1_SET, NULL, &k)) != ASN1_OK) {
            *c = save;
            return r;
        }
        out->nrdn++;
        out->nattr += k;
        if (out->nattr > NAME_MAX_ATTRS) {
            *c = save;
            return der_fail(&rdns, der_offset(&rdns), "", ASN1_E_LIMIT, "more than %u attributes in a name",
                            NAME_MAX_ATTRS);
        }
    }
    out->der = e.der;
    out->body = e.body;
    out->offset = e.offset;
    return ASN1_OK;
}

/* ================================================================ iterator */

void x509_name_iter_init(x509_name_iter *it, const x509_name *n)
{
    memset(it, 0, sizeof *it);
    it->rdn_p = n->body.p;
    it->rdn_end = n->body.p + n->body.len;
    it->atv_p = it->atv_end = it->rdn_end;
}

bool x509_name_iter_next(x509_name_iter *it, x509_attr *a)
{
    uint32_t tag;
    span_t body, whole;
    while (it->atv_p >= it->atv_end) {
        if (!it->rdn_p || it->rdn_p >= it->rdn_end)
            return false;
        if (!tlv(&it->rdn_p, it->rdn_end, &tag, &body, NULL) || tag != ASN1_SET) {
            it->rdn_p = it->rdn_end;
            return false;
        }
        it->rdn++;
        it->atv_p = body.p;
        it->atv_end = body.p + body.len;
        it->first = true;
        const uint8_t *q = it->atv_p;
        it->multi = tlv(&q, it->atv_end, &tag, &whole, NULL) && q < it->atv_end;
    }
    if (!tlv(&it->atv_p, it->atv_end, &tag, &body, NULL) || tag != ASN1_SEQUENCE) {
        it->atv_p = it->atv_end = it->rdn_p = it->rdn_end;
        return false;
    }
    const uint8_t *p = body.p, *end = body.p + body.len;
    span_t oid;
    if (!tlv(&p, end, &tag, &oid, NULL) || tag != ASN1_OID ||
        !tlv(&p, end, &a->tag, &a->value, &a->value_der)) {
        it->atv_p = it->atv_end = it->rdn_p = it->rdn_end;
        return false;
    }
    a->oid = oid;
    a->id = oid_lookup(oid);
    a->rdn = it->rdn ? it->rdn - 1 : 0;
    a->multi = it->multi;
    a->rdn_first = it->first;
    it->first = false;
    return true;
}

/* ================================================================ values */

static void hex_upper(buf_t *b, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789ABCDEF";
    if (n == 0 || !buf_reserve(b, 2 * n))
        return;
    char *o = b->p + b->len;
    for (size_t i = 0; i < n; i++) {
        *o++ = hx[p[i] >> 4];
        *o++ = hx[p[i] & 15];
    }
    b->len += 2 * n;
}

/* Decodes a string value into out; false (out unchanged) for non-strings and bad encodings. */
static bool value_utf8(const x509_attr *a, buf_t *out)
{
    if (!asn1_is_string_tag(a->tag))
        return false;
    const char *why = NULL, *dev = NULL;
    size_t mark = out->len;
    if (asn1_str_to_utf8(a->tag, a->value, out, &why, &dev) != ASN1_OK) {
        if (!out->oom)
            out->len = mark;
        return false;
    }
    return true;
}

void x509_attr_value_utf8(const x509_attr *a, buf_t *out)
{
    if (value_utf8(a, out))
        return;
    buf_putc(out, '#');
    hex_upper(out, a->value_der.p, a->value_der.len);
}

/* ================================================================ the view */

/* The attributes of a name in encoded order, values not decoded (x509_name_view's
 * first half, for the forms that read the raw values). */
static void attrs_collect(const x509_name *n, x509_name_view *nv)
{
    size_t cap = sizeof nv->small / sizeof nv->small[0];
    nv->v = nv->small;
    nv->n = 0;
    nv->text = NULL;
    if (n->nattr > cap) {
        x509_attr_text *h = malloc((size_t)n->nattr * sizeof *h);
        if (h) {
            nv->v = h;
            cap = n->nattr;
        }
    }
    x509_name_iter it;
    x509_name_iter_init(&it, n);
    while (nv->n < cap && x509_name_iter_next(&it, &nv->v[nv->n].a)) {
        nv->v[nv->n].utf8 = NULL;
        nv->v[nv->n].utf8_len = 0;
        nv->n++;
    }
}

/* A value whose UTF-8 form is its own bytes (what asn1_str_to_utf8 would copy): valid
 * UTF-8 in a UTF8String, or only ASCII in one of the 7-bit string types. */
static bool utf8_as_is(const x509_attr *a)
{
    switch (a->tag) {
    case ASN1_UTF8STRING:
        return asn1_utf8_valid(a->value.p, a->value.len);
    case ASN1_PRINTABLESTRING:
    case ASN1_IA5STRING:
    case ASN1_VISIBLESTRING:
    case ASN1_NUMERICSTRING:
        for (size_t i = 0; i < a->value.len; i++)
            if (a->value.p[i] >= 0x80)
                return false;
        return true;
    default:
        return false;
    }
}

void x509_name_view_init(x509_name_view *nv, const x509_name *n)
{
    attrs_collect(n, nv);
    nv->text = x509_scratch_push();
    if (!nv->text)
        return;
    /* every value decoded once into one buffer (offsets first: it may move as it grows) */
    size_t small_off[sizeof nv->small / sizeof nv->small[0]];
    size_t *off = nv->n <= sizeof small_off / sizeof small_off[0] ? small_off : malloc(nv->n * sizeof *off);
    if (!off)
        return;
    enum { FAILED = SIZE_MAX, RAW = SIZE_MAX - 1 };
    for (size_t i = 0; i < nv->n; i++) {
        const x509_attr *a = &nv->v[i].a;
        if (utf8_as_is(a)) {                /* most values: their bytes are their text */
            off[i] = RAW;
            nv->v[i].utf8 = a->value.len ? (const char *)a->value.p : "";
            nv->v[i].utf8_len = a->value.len;
            continue;
        }
        size_t at = nv->text->len;
        off[i] = value_utf8(a, nv->text) ? at : FAILED;
        nv->v[i].utf8_len = off[i] == FAILED ? 0 : nv->text->len - at;
    }
    for (size_t i = 0; i < nv->n; i++)
        if (off[i] < RAW)
            nv->v[i].utf8 = nv->text->oom ? NULL : nv->text->p ? nv->text->p + off[i] : "";
    if (off != small_off)
        free(off);
}

void x509_name_view_done(x509_name_view *nv)
{
    if (nv->text)
        x509_scratch_pop();
    if (nv->v != nv->small)
        free(nv->v);
    nv->v = NULL;
    nv->n = 0;
    nv->text = NULL;
}

/* ================================================================ RFC 4514 */

/* RFC 4514 2.4: escape '"', '+', ',', ';', '<', '>', '\\' anywhere, '#' and ' ' at
 * the start, ' ' at the end, NUL as \00; other control characters are escaped too
 * (allowed: "other characters may be escaped"), as \XX. */
static inline bool rfc4514_special(uint8_t c)
{
    /* the characters escaped anywhere: controls, DEL, and " + , ; < > \\ */
    static const uint64_t bits[2] = {
        0xffffffffull | 1ull << '"' | 1ull << '+' | 1ull << ',' | 1ull << ';' | 1ull << '<' | 1ull << '>',
        1ull << ('\\' - 64) | 1ull << (0x7f - 64),
    };
    return c < 0x80 && (bits[c >> 6] >> (c & 63) & 1);
}

static void rfc4514_escape(buf_t *out, const char *s, size_t n)
{
    static const char hx[] = "0123456789ABCDEF";
    size_t end = n && s[n - 1] == ' ' ? n - 1 : n;     /* a trailing space is escaped */
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        if (!(j == 0 && (s[0] == '#' || s[0] == ' ')))  /* so are a leading '#' or space */
            while (j < end && !rfc4514_special((uint8_t)s[j]))
                j++;
        x509_put(out, s + i, j - i);
        if (j == n)
            break;
        uint8_t c = (uint8_t)s[j];
        if (c < 0x20 || c == 0x7f) {
            char e[3] = { '\\', hx[c >> 4], hx[c & 15] };
            x509_put(out, e, 3);
        } else {
            char e[2] = { '\\', (char)c };
            x509_put(out, e, 2);
        }
        i = j + 1;
    }
}

static void put_oid_text(buf_t *out, span_t oid)
{
    char txt[256];
    if (x509_oid_to_text(oid, txt, sizeof txt) == ASN1_OK)
        x509_put(out, txt, strlen(txt));
    else
        asn1_oid_append(oid, out);
}

static void rfc4514_attr(buf_t *out, const x509_attr_text *t)
{
    const x509_attr *a = &t->a;
    const char *sn = x509_attr_short(a->id);
    if (!sn) {
        /* RFC 4514 2.3/2.4: dotted type, value as '#' + hex of its BER encoding */
        put_oid_text(out, a->oid);
        x509_put(out, "=#", 2);
        hex_upper(out, a->value_der.p, a->value_der.len);
        return;
    }
    x509_put(out, sn, strlen(sn));
    x509_putc(out, '=');
    if (t->utf8) {
        rfc4514_escape(out, t->utf8, t->utf8_len);
        return;
    }
    x509_putc(out, '#');
    hex_upper(out, a->value_der.p, a->value_der.len);
}

void x509_name_view_rfc4514(const x509_name_view *nv, buf_t *out)
{
    /* RDNs last to first; attributes of one RDN in encoded order */
    const x509_attr_text *v = nv->v;
    size_t end = nv->n;
    bool first = true;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && v[start - 1].a.rdn == v[end - 1].a.rdn)
            start--;
        for (size_t i = start; i < end; i++) {
            if (!first)
                x509_putc(out, i == start ? ',' : '+');
            first = false;
            rfc4514_attr(out, &v[i]);
        }
        end = start;
    }
}

void x509_name_rfc4514(const x509_name *n, buf_t *out)
{
    x509_name_view nv;
    x509_name_view_init(&nv, n);
    x509_name_view_rfc4514(&nv, out);
    x509_name_view_done(&nv);
}

/* ================================================================ OpenSSL's forms */

/* Escape flags as OpenSSL's ASN1_STRFLGS_* (a_strex.c, charmap.h). */
enum {
    OE_2253 = 1, OE_CTRL = 2, OE_MSB = 4, OE_QUOTE = 8,
    OC_FIRST = 0x20, OC_LAST = 0x40,
};

/* The bits of OpenSSL's char_type[] that printing uses, for ASCII. */
static unsigned ossl_ctype(uint8_t c)
{
    if (c < 0x20 || c == 0x7f)
        return OE_CTRL;
    switch (c) {
    case ' ': return OE_QUOTE | OC_FIRST | OC_LAST;
    case '#': return OE_QUOTE | OC_FIRST;
    case '"': case '\\': return OE_2253;
    case '+': case ',': case ';': case '<': case '>': return OE_2253 | OE_QUOTE;
    default: return 0;
    }
}

typedef struct ossl_sep {
    const char *s;
    size_t n;
} ossl_sep;
#define SEP(lit) { lit, sizeof lit - 1 }

typedef struct ossl_style {
    bool rev;
    ossl_sep sep_dn, sep_mv, sep_eq;
    unsigned esc;
    bool dump_unknown_fields;
} ossl_style;

static void ossl_char(buf_t *out, uint8_t c, unsigned flags, bool *quotes)
{
    static const char hx[] = "0123456789ABCDEF";
    unsigned ch = c > 0x7f ? (flags & OE_MSB) : (ossl_ctype(c) & flags);
    if (ch & (OE_2253 | OC_FIRST | OC_LAST)) {
        if (ch & OE_QUOTE) {
            *quotes = true;
            x509_putc(out, (char)c);
        } else {
            char e[2] = { '\\', (char)c };
            x509_put(out, e, 2);
        }
    } else if (ch & (OE_CTRL | OE_MSB)) {
        char e[3] = { '\\', hx[c >> 4], hx[c & 15] };
        x509_put(out, e, 3);
    } else if (c == '\\' && (flags & (OE_2253 | OE_CTRL | OE_MSB | OE_QUOTE))) {
        x509_put(out, "\\\\", 2);
    } else {
        x509_putc(out, (char)c);
    }
}

/* A byte of a one-byte-wide value (not the first or last) that ossl_char() copies as
 * it is, with no quoting: printable ASCII outside the escape classes, and with no
 * conversion and no ESC_MSB the bytes of 0x80 and up. */
static inline bool ossl_plain(uint8_t c, unsigned esc, bool conv)
{
    if (c >= 0x80)
        return !conv && !(esc & OE_MSB);
    if (c == '\\')
        return !(esc & (OE_2253 | OE_CTRL | OE_MSB | OE_QUOTE));
    return (ossl_ctype(c) & esc & ~(unsigned)OE_QUOTE) == 0;
}

/* OpenSSL's do_buf() with UTF8_CONVERT: width 1 (bytes, UTF8String taken as bytes),
 * 1 + convert (Latin-1 bytes to UTF-8), 2 (BMP) or 4 (Universal) + convert. */
static void ossl_value(buf_t *out, span_t v, int width, bool conv, unsigned esc)
{
    size_t mark = out->len;
    bool quotes = false;
    const uint8_t *p = v.p, *q = v.p + v.len;
    while (p < q) {
        if (width == 1 && p > v.p && q - p > 1 && ossl_plain(*p, esc, conv)) {
            /* the usual case: a run of bytes copied as they are (the last one is
             * left to the loop, which knows the end-of-value rules) */
            const uint8_t *r = p + 1;
            while (q - r > 1 && ossl_plain(*r, esc, conv))
                r++;
            x509_put(out, p, (size_t)(r - p));
            p = r;
            continue;
        }
        unsigned orflags = (p == v.p && (esc & OE_2253)) ? OC_FIRST : 0;
        uint32_t c;
        if (width == 4 && q - p >= 4) {
            c = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
            p += 4;
        } else if (width == 2 && q - p >= 2) {
            c = (uint32_t)p[0] << 8 | p[1];
            p += 2;
        } else {
            c = *p++;
        }
        if (p == q && (esc & OE_2253))
            orflags = OC_LAST;
        if (!conv) {
            ossl_char(out, (uint8_t)c, esc | orflags, &quotes);
            continue;
        }
        uint8_t u[4];
        int k;
        if (c < 0x80) {
            u[0] = (uint8_t)c;
            k = 1;
        } else if (c < 0x800) {
            u[0] = (uint8_t)(0xc0 | c >> 6);
            u[1] = (uint8_t)(0x80 | (c & 0x3f));
            k = 2;
        } else if (c < 0x10000) {
            if (c >= 0xd800 && c <= 0xdfff)
                continue;               /* UTF8_putc refuses surrogates: nothing printed */
            u[0] = (uint8_t)(0xe0 | c >> 12);
            u[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
            u[2] = (uint8_t)(0x80 | (c & 0x3f));
            k = 3;
        } else if (c < 0x110000) {
            u[0] = (uint8_t)(0xf0 | c >> 18);
            u[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
            u[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
            u[3] = (uint8_t)(0x80 | (c & 0x3f));
            k = 4;
        } else {
            continue;
        }
        for (int i = 0; i < k; i++)
            ossl_char(out, u[i], esc | orflags, &quotes);
    }
    if (quotes && buf_reserve(out, 2)) {
        memmove(out->p + mark + 1, out->p + mark, out->len - mark);
        out->p[mark] = '"';
        out->len++;
        x509_putc(out, '"');
    }
}

static void ossl_attr(buf_t *out, const x509_attr *a, const ossl_style *st)
{
    const char *sn = ossl_sn(a->oid);
    if (sn)
        x509_put(out, sn, strlen(sn));
    else
        put_oid_text(out, a->oid);
    x509_put(out, st->sep_eq.s, st->sep_eq.n);
    int width = -1;
    bool conv = true;
    if (!sn && st->dump_unknown_fields) {
        width = -1;
    } else {
        switch (a->tag) {
        case ASN1_UTF8STRING: width = 1; conv = false; break;
        case ASN1_NUMERICSTRING: case ASN1_PRINTABLESTRING: case ASN1_T61STRING:
        case ASN1_IA5STRING: case ASN1_UTCTIME: case ASN1_GENERALIZEDTIME: case ASN1_VISIBLESTRING:
            width = 1;
            break;
        case ASN1_BMPSTRING: width = (a->value.len % 2) ? -1 : 2; break;
        case ASN1_UNIVERSALSTRING: width = (a->value.len % 4) ? -1 : 4; break;
        default: width = -1; break;
        }
    }
    if (width < 0) {
        x509_putc(out, '#');
        hex_upper(out, a->value_der.p, a->value_der.len);
        return;
    }
    ossl_value(out, a->value, width, conv, st->esc);
}

static void ossl_name(const x509_name_view *nv, buf_t *out, const ossl_style *st)
{
    const x509_attr_text *v = nv->v;
    for (size_t k = 0; k < nv->n; k++) {
        size_t i = st->rev ? nv->n - 1 - k : k;
        if (k) {
            size_t prev = st->rev ? i + 1 : i - 1;
            const ossl_sep *sep = v[prev].a.rdn == v[i].a.rdn ? &st->sep_mv : &st->sep_dn;
            x509_put(out, sep->s, sep->n);
        }
        ossl_attr(out, &v[i].a, st);
    }
}

/* XN_FLAG_RFC2253: ESC_2253 | ESC_CTRL | ESC_MSB | UTF8_CONVERT | DUMP_UNKNOWN | DUMP_DER,
 * SEP_COMMA_PLUS, DN_REV, FN_SN, DUMP_UNKNOWN_FIELDS */
static const ossl_style style_rfc2253 = { true, SEP(","), SEP("+"), SEP("="), OE_2253 | OE_CTRL | OE_MSB, true };
/* XN_FLAG_ONELINE without ESC_MSB (= openssl -nameopt oneline,-esc_msb): UTF-8 kept */
static const ossl_style style_oneline = { false, SEP(", "), SEP(" + "), SEP(" = "), OE_2253 | OE_CTRL | OE_QUOTE,
                                          false };

static void ossl_name_of(const x509_name *n, buf_t *out, const ossl_style *st)
{
    x509_name_view nv;
    attrs_collect(n, &nv);              /* these forms read the raw values */
    ossl_name(&nv, out, st);
    x509_name_view_done(&nv);
}

void x509_name_view_oneline(const x509_name_view *nv, buf_t *out)
{
    ossl_name(nv, out, &style_oneline);
}

void x509_name_openssl_rfc2253(const x509_name *n, buf_t *out)
{
    ossl_name_of(n, out, &style_rfc2253);
}

void x509_name_oneline(const x509_name *n, buf_t *out)
{
    ossl_name_of(n, out, &style_oneline);
}

/* ================================================================ CN, equality */

bool x509_name_cn(const x509_name *n, buf_t *out)
{
    x509_name_iter it;
    x509_attr a, last;
    bool found = false;
    x509_name_iter_init(&it, n);
    while (x509_name_iter_next(&it, &a))
        if (a.id == OID_at_commonName) {
            last = a;
            found = true;
        }
    if (found)
        x509_attr_value_utf8(&last, out);
    return found;
}

/* RFC 5280 7.1 / RFC 4518 (simplified): ASCII case folded, leading and trailing
 * blanks dropped, inner runs of blanks made one space. */
static void fold(const x509_attr *a, buf_t *out)
{
    buf_t *t = x509_scratch_push();
    if (!t)
        return;
    if (!value_utf8(a, t)) {
        x509_scratch_pop();
        buf_put(out, a->value_der.p, a->value_der.len);
        return;
    }
    const char *s = t->p ? t->p : "";
    size_t i = 0, n = t->len;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    bool blank = false;
    for (; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            blank = true;
            continue;
        }
        if (blank)
            buf_putc(out, ' ');
        blank = false;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        buf_putc(out, c);
    }
    x509_scratch_pop();
}

static bool attr_equal(const x509_attr *x, const x509_attr *y)
{
    if (!span_eq(x->oid, y->oid))
        return false;
    bool sx = asn1_is_string_tag(x->tag), sy = asn1_is_string_tag(y->tag);
    if (!sx || !sy)
        return !sx && !sy && span_eq(x->value_der, y->value_der);
    if (x->tag == y->tag && span_eq(x->value, y->value))
        return true;
    buf_t *a = x509_scratch_push();
    buf_t *b = a ? x509_scratch_push() : NULL;
    bool eq = false;
    if (b) {
        fold(x, a);
        fold(y, b);
        eq = !a->oom && !b->oom && a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
        x509_scratch_pop();
    }
    if (a)
        x509_scratch_pop();
    return eq;
}

bool x509_name_equal(const x509_name *a, const x509_name *b)
{
    if (span_eq(a->der, b->der))
        return true;
    if (a->nrdn != b->nrdn || a->nattr != b->nattr)
        return false;
    x509_name_view la, lb;
    attrs_collect(a, &la);
    attrs_collect(b, &lb);
    bool eq = la.n == lb.n;
    size_t i = 0;
    while (eq && i < la.n) {
        /* one RDN: the same attributes, in any order (multi-valued RDNs are sets) */
        size_t j = i;
        while (j < la.n && la.v[j].a.rdn == la.v[i].a.rdn)
            j++;
        size_t jb = i;
        while (jb < lb.n && lb.v[jb].a.rdn == lb.v[i].a.rdn)
            jb++;
        if (jb != j) {
            eq = false;
            break;
        }
        if (j - i == 1) {
            eq = attr_equal(&la.v[i].a, &lb.v[i].a);
        } else {
            uint64_t used = 0;
            size_t cnt = j - i;
            for (size_t k = i; eq && k < j; k++) {
                bool hit = false;
                for (size_t m = i; m < j && !hit; m++) {
                    size_t bit = m - i;
                    if (bit < 64 && (used >> bit) & 1)
                        continue;
                    if (cnt > 64 && m != k)
                        continue;               /* huge RDNs: positional comparison */
                    if (attr_equal(&la.v[k].a, &lb.v[m].a)) {
                        hit = true;
                        if (bit < 64)
                            used |= (uint64_t)1 << bit;
                    }
                }
                eq = hit;
            }
        }
        i = j;
    }
    x509_name_view_done(&la);
    x509_name_view_done(&lb);
    return eq;
}
