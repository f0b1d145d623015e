/*
 * ext_names.c - GeneralName(s) (RFC 5280 4.2.1.6) and the extensions made of them:
 * subjectAltName, issuerAltName, certificateIssuer, nameConstraints (4.2.1.10).
 *
 *   GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
 *   GeneralName ::= CHOICE {
 *        otherName                 [0]  OtherName,
 *        rfc822Name                [1]  IA5String,
 *        dNSName                   [2]  IA5String,
 *        x400Address               [3]  ORAddress,
 *        directoryName             [4]  Name,
 *        ediPartyName              [5]  EDIPartyName,
 *        uniformResourceIdentifier [6]  IA5String,
 *        iPAddress                 [7]  OCTET STRING,
 *        registeredID              [8]  OBJECT IDENTIFIER }
 *   OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
 *   EDIPartyName ::= SEQUENCE { nameAssigner [0] DirectoryString OPTIONAL,
 *                               partyName    [1] DirectoryString }
 * The module is IMPLICIT TAGS: [0], [3], [5] are constructed IMPLICIT, [4] is explicit
 * (Name is a CHOICE), [1], [2], [6], [7], [8] primitive IMPLICIT.
 *
 * JSON: {"type": "email"|"dns"|"x400"|"dirname"|"edipartyname"|"uri"|"ip"|"rid"|
 * "othername", "value": ...}; text: "DNS: example.com", "IP Address: 192.0.2.1", ...
 */
#include "x509/ext_impl.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *type;       /* JSON */
    const char *label;      /* text */
    bool constructed;
} gn_kinds[9] = {
    [0] = { "othername", "Other name", true },
    [1] = { "email", "email", false },
    [2] = { "dns", "DNS", false },
    [3] = { "x400", "X400Name", true },
    [4] = { "dirname", "DirName", true },
    [5] = { "edipartyname", "EdiPartyName", true },
    [6] = { "uri", "URI", false },
    [7] = { "ip", "IP Address", false },
    [8] = { "rid", "Registered ID", false },
};

/* An IA5String name: ASCII expected (a deviation is a warning), shown as UTF-8. */
static asn1_err ia5_value(der_t *c, const asn1_elem *e, const char *field, x509_sink *s, const char *label)
{
    bool plain = true;
    for (size_t i = 0; i < e->body.len; i++)
        if (e->body.p[i] >= 0x80 || e->body.p[i] == 0) {
            plain = false;
            break;
        }
    if (plain) {
        sink_strn(s, "value", label, (const char *)e->body.p, e->body.len);
        return ASN1_OK;
    }
    buf_t *b = x509_scratch_push();
    if (!b)
        return der_fail(c, e->offset, field, ASN1_E_NOMEM, "scratch buffers exhausted");
    const char *why = NULL, *dev = NULL;
    asn1_err r = asn1_str_to_utf8(ASN1_IA5STRING, e->body, b, &why, &dev);
    if (r == ASN1_OK && dev)
        r = der_warn(c, e->offset, field, "%s", dev);
    if (r == ASN1_OK)
        sink_strn(s, "value", label, b->p ? b->p : "", b->len);
    x509_scratch_pop();
    return r;
}

/* A netmask of n octets: true when its ones come first (a CIDR prefix of *bits bits). */
static bool mask_contiguous(const uint8_t *m, size_t n, unsigned *bits)
{
    bool zero = false;
    *bits = 0;
    for (size_t i = 0; i < n; i++)
        for (int b = 7; b >= 0; b--) {
            if (!((m[i] >> b) & 1))
                zero = true;
            else if (zero)
                return false;
            else
                ++*bits;
        }
    return true;
}

/* Name constraints: address and mask, as CIDR when the mask is contiguous. */
static void ip_constraint_text(const uint8_t *p, size_t n, buf_t *out)
{
    size_t half = n / 2;
    unsigned bits;
    x509_ip_text(p, half, out);
    buf_putc(out, '/');
    if (mask_contiguous(p + half, half, &bits))
        buf_u64(out, bits);
    else
        x509_ip_text(p + half, half, out);
}

static asn1_err ip_value(der_t *c, const asn1_elem *e, const char *field, x509_sink *s, bool constraint)
{
    size_t n = e->body.len;
    bool ok = constraint ? (n == 8 || n == 32) : (n == 4 || n == 16);
    if (!ok) {
        TRY(der_warn(c, e->offset, field, "iPAddress of %zu octets (%s expected, RFC 5280 %s)", n,
                     constraint ? "8 or 32" : "4 or 16", constraint ? "4.2.1.10" : "4.2.1.6"));
        sink_hex(s, "value", gn_kinds[7].label, e->body.p, n);
        return ASN1_OK;
    }
    unsigned bits;
    if (constraint && !mask_contiguous(e->body.p + n / 2, n / 2, &bits)) {
        buf_t *m = x509_scratch_push();
        if (m) {
            x509_ip_text(e->body.p + n / 2, n / 2, m);
            buf_putc(m, '\0');
        }
        asn1_err r = der_warn(c, e->offset, field, "iPAddress constraint with a non-contiguous mask %s "
                              "(RFC 5280 4.2.1.10: an address range in CIDR style, RFC 4632)", m ? m->p : "");
        if (m)
            x509_scratch_pop();
        TRY(r);
    }
    if (!s)
        return ASN1_OK;
    buf_t *b = x509_scratch_push();
    if (!b)
        return ASN1_OK;
    if (constraint)
        ip_constraint_text(e->body.p, n, b);
    else
        x509_ip_text(e->body.p, n, b);
    sink_strn(s, "value", gn_kinds[7].label, b->p ? b->p : "", b->len);
    x509_scratch_pop();
    return ASN1_OK;
}

/* One string element (any string type) read from c as `field`, described under key. */
static asn1_err string_elem(der_t *c, const char *field, x509_sink *s, const char *key, const char *label)
{
    asn1_elem e;
    TRY(der_read_string(c, field, &e));
    return x509_sink_string_elem(c, &e, field, s, key, label);
}

/*
 * OtherName values certkit knows:
 *   msUPN, xmppAddr (RFC 6120), SmtpUTF8Mailbox (RFC 8398): UTF8String
 *   SRVName (RFC 4985): IA5String
 *   PermanentIdentifier (RFC 4043) ::= SEQUENCE { identifierValue UTF8String OPTIONAL,
 *                                                 assigner OBJECT IDENTIFIER OPTIONAL }
 *   HardwareModuleName (RFC 4108) ::= SEQUENCE { hwType OBJECT IDENTIFIER, hwSerialNum OCTET STRING }
 *   msNTDSReplication: OCTET STRING (a GUID)
 * Anything else: {"der": hex} of the value.
 */
static asn1_err other_name(der_t *c, const asn1_elem *e, x509_sink *s)
{
    der_t on, val;
    span_t oid;
    char txt[256];
    TRY(der_open(c, e, "otherName", -1, &on));
    TRY(der_read_oid(&on, "type-id", &oid));
    TRY(der_enter(&on, ASN1_CTX_C(0), "value", &val));
    TRY(der_done(&on));
    oid_id id = oid_lookup(oid);
    const char *nm = oid_name(id);
    /* text: "Other name (msUPN): user@example.com", or "Other name: 1.2.3" + the value */
    char vlbuf[96];
    sink_obj(s, "value", X509_FLAT);
    if (x509_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
        snprintf(txt, sizeof txt, "?");
    sink_str(s, "oid", nm ? X509_HIDE : gn_kinds[0].label, txt);
    if (nm) {
        sink_str(s, "name", X509_HIDE, nm);
        size_t l = strlen(nm);
        if (l > sizeof vlbuf - 16)
            l = sizeof vlbuf - 16;
        memcpy(vlbuf, "Other name (", 12);
        memcpy(vlbuf + 12, nm, l);
        memcpy(vlbuf + 12 + l, ")", 2);
    }
    const char *vl = nm ? vlbuf : "Value";
    der_t save = val;
    asn1_elem v;
    switch (id) {
    case OID_ms_upn:
    case OID_on_xmppAddr:
    case OID_on_smtpUTF8Mailbox:
    case OID_on_SRVName: {
        uint32_t want = id == OID_on_SRVName ? ASN1_IA5STRING : ASN1_UTF8STRING;
        uint32_t tag = 0;
        if (der_peek_tag(&val, &tag) && tag != want && asn1_is_string_tag(tag)) {
            char a[32], b[32];
            TRY(der_warn(&val, der_offset(&val), "", "%s is a %s, not a %s", nm,
                         x509_tag_type_name(tag, a, sizeof a), x509_tag_type_name(want, b, sizeof b)));
        }
        if (asn1_is_string_tag(tag)) {
            TRY(string_elem(&val, "", s, "value", vl));
            break;
        }
        TRY(der_next(&val, "", &v));
        sink_der(s, "value", vl, v.der);
        break;
    }
    case OID_on_permanentIdentifier: {
        der_t seq;
        span_t a;
        bool present;
        TRY(der_enter(&val, ASN1_SEQUENCE, "", &seq));
        sink_obj(s, "value", vl);
        if (der_peek(&seq, ASN1_UTF8STRING))
            TRY(string_elem(&seq, "identifierValue", s, "identifier_value", "Identifier"));
        if (der_peek(&seq, ASN1_OID)) {
            TRY(der_read_oid(&seq, "assigner", &a));
            present = x509_oid_to_text(a, txt, sizeof txt) == ASN1_OK;
            sink_str(s, "assigner", "Assigner", present ? txt : "?");
        }
        TRY(der_done(&seq));
        sink_end_obj(s);
        break;
    }
    case OID_on_hardwareModuleName: {
        der_t seq;
        span_t a, serial;
        TRY(der_enter(&val, ASN1_SEQUENCE, "", &seq));
        TRY(der_read_oid(&seq, "hwType", &a));
        TRY(der_read_octets(&seq, "hwSerialNum", &serial));
        TRY(der_done(&seq));
        sink_obj(s, "value", vl);
        if (x509_oid_to_text(a, txt, sizeof txt) != ASN1_OK)
            snprintf(txt, sizeof txt, "?");
        sink_str(s, "hw_type", "Hardware type", txt);
        sink_hex(s, "hw_serial", "Hardware serial", serial.p, serial.len);
        sink_end_obj(s);
        break;
    }
    case OID_ms_ntdsReplication:
        if (der_peek(&val, ASN1_OCTET_STRING)) {
            span_t g;
            TRY(der_read_octets(&val, "", &g));
            sink_hex(s, "value", vl, g.p, g.len);
            break;
        }
        /* fall through */
    default:
        val = save;
        TRY(der_next(&val, "", &v));
        sink_der(s, "value", vl, v.der);
        break;
    }
    TRY(der_done(&val));
    sink_end_obj(s);
    return ASN1_OK;
}

static asn1_err edi_party(der_t *c, const asn1_elem *e, x509_sink *s)
{
    der_t ep, x;
    bool present;
    TRY(der_open(c, e, "ediPartyName", -1, &ep));
    if (der_peek(&ep, ASN1_CTX_P(0)))
        return der_fail(&ep, der_offset(&ep), "nameAssigner", ASN1_E_TAG,
                        "nameAssigner [0] is primitive; a DirectoryString is explicitly tagged (constructed)");
    sink_obj(s, "value", gn_kinds[5].label);
    TRY(der_enter_opt(&ep, ASN1_CTX_C(0), "nameAssigner", &x, &present));
    if (present) {
        TRY(string_elem(&x, "", s, "name_assigner", "Name assigner"));
        TRY(der_done(&x));
    }
    if (der_peek(&ep, ASN1_CTX_P(1)))
        return der_fail(&ep, der_offset(&ep), "partyName", ASN1_E_TAG,
                        "partyName [1] is primitive; a DirectoryString is explicitly tagged (constructed)");
    TRY(der_enter(&ep, ASN1_CTX_C(1), "partyName", &x));
    TRY(string_elem(&x, "", s, "party_name", "Party name"));
    TRY(der_done(&x));
    TRY(der_done(&ep));
    sink_end_obj(s);
    return ASN1_OK;
}

asn1_err x509_gname_one(der_t *c, x509_sink *s, const char *key, const char *label, bool constraint)
{
    der_t save = *c;
    asn1_elem e;
    unsigned idx = c->count;
    TRY(der_next(c, NULL, &e));
    unsigned num = ASN1_TAG_NUMBER(e.tag);
    if (ASN1_TAG_CLASS(e.tag) != ASN1_CLASS_CONTEXT || num > 8) {
        char t[32];
        *c = save;
        return der_fail(c, e.offset, NULL, ASN1_E_TAG, "%s is not a GeneralName ([0]..[8])",
                        asn1_tag_name(e.tag, t, sizeof t));
    }
    if (ASN1_TAG_IS_CONS(e.tag) != gn_kinds[num].constructed) {
        *c = save;
        return der_fail(c, e.offset, NULL, ASN1_E_TAG, "GeneralName [%u] must be %s", num,
                        gn_kinds[num].constructed ? "constructed" : "primitive");
    }
    /* a cursor naming this element for nested errors: "...[2].directoryName" */
    der_t here;
    der_alias(c, NULL, &here);
    here.index = (int)idx;
    sink_obj(s, key, label);
    sink_str(s, "type", X509_HIDE, gn_kinds[num].type);
    asn1_err r = ASN1_OK;
    switch (num) {
    case 0:
        r = other_name(&here, &e, s);
        break;
    case 1:
    case 2:
    case 6:
        r = ia5_value(&here, &e, "", s, gn_kinds[num].label);
        break;
    case 3:
        sink_der(s, "value", gn_kinds[3].label, e.der);
        break;
    case 4: {
        der_t dn;
        x509_name n;
        r = der_open(&here, &e, "directoryName", -1, &dn);
        if (r == ASN1_OK)
            r = x509_name_decode(&dn, "", &n);
        if (r == ASN1_OK)
            r = der_done(&dn);
        if (r == ASN1_OK)
            x509_sink_name_as(s, "value", gn_kinds[4].label, &n);
        break;
    }
    case 5:
        r = edi_party(&here, &e, s);
        break;
    case 7:
        r = ip_value(&here, &e, "", s, constraint);
        break;
    case 8: {
        char txt[256];
        const char *why = "registeredID is not a valid OBJECT IDENTIFIER";
        if (e.body.len == 0 || (e.body.p[e.body.len - 1] & 0x80) ||
            x509_oid_to_text(e.body, txt, sizeof txt) != ASN1_OK) {
            r = der_fail(&here, e.offset, "", ASN1_E_VALUE, "%s", why);
            break;
        }
        sink_str(s, "value", gn_kinds[8].label, txt);
        break;
    }
    }
    if (r != ASN1_OK) {
        *c = save;
        return r;
    }
    sink_end_obj(s);
    return ASN1_OK;
}

asn1_err x509_gnames_body(der_t *list, x509_sink *s, const char *key, const char *label)
{
    sink_arr(s, key, label);
    while (!der_empty(list))
        TRY(x509_gname_one(list, s, NULL, NULL, false));
    sink_end_arr(s);
    return ASN1_OK;
}

/* subjectAltName, issuerAltName, certificateIssuer: GeneralNames */
asn1_err ext_gnames(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    size_t off = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty GeneralNames (SIZE (1..MAX), RFC 5280 4.2.1.6)"));
    TRY(x509_gnames_body(&seq, s, key, label));
    return der_done(&seq);
}

asn1_err x509_general_names_describe(der_t *c, x509_sink *s, const char *key, const char *label)
{
    /* validate first (errors reach c's context; warnings were given when the
     * extension was decoded), so the sink never sees half a list */
    asn1_ctx sc;
    x509_ctx_scratch(&sc, c->ctx, span_make(c->p, der_left(c)));
    der_t v = *c;
    v.ctx = &sc;
    asn1_err r = ext_gnames(&v, NULL, key, label);
    if (r != ASN1_OK)
        return x509_ctx_carry_error(c->ctx, &sc, r);
    x509_ctx_scratch(&sc, c->ctx, span_make(c->p, der_left(c)));
    v = *c;
    v.ctx = &sc;
    r = ext_gnames(&v, s, key, label);
    if (r == ASN1_OK) {
        c->p = v.p;
        c->count = v.count;
    }
    return x509_ctx_carry_error(c->ctx, &sc, r);
}

/*
 * NameConstraints ::= SEQUENCE {
 *      permittedSubtrees       [0]     GeneralSubtrees OPTIONAL,
 *      excludedSubtrees        [1]     GeneralSubtrees OPTIONAL }
 * GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
 * GeneralSubtree ::= SEQUENCE {
 *      base                    GeneralName,
 *      minimum         [0]     BaseDistance DEFAULT 0,
 *      maximum         [1]     BaseDistance OPTIONAL }
 */
static asn1_err subtrees(der_t *c, unsigned n, const char *field, x509_sink *s, const char *key,
                         const char *label)
{
    der_t list;
    bool present;
    size_t off = der_offset(c);
    TRY(der_enter_opt(c, ASN1_CTX_C(n), field, &list, &present));
    if (!present)
        return ASN1_OK;
    if (der_empty(&list))
        TRY(der_warn(&list, off, "", "empty GeneralSubtrees (SIZE (1..MAX), RFC 5280 4.2.1.10)"));
    sink_arr(s, key, label);
    while (!der_empty(&list)) {
        der_t st;
        span_t v;
        TRY(der_enter(&list, ASN1_SEQUENCE, NULL, &st));
        sink_obj(s, NULL, NULL);
        TRY(x509_gname_one(&st, s, "base", X509_FLAT, true));
        if (der_peek(&st, ASN1_CTX_P(0))) {
            size_t mo = der_offset(&st);
            TRY(der_read_int_tagged(&st, ASN1_CTX_P(0), "minimum", &v));
            int64_t m = 0;
            for (size_t i = 0; i < v.len && i < 8; i++)
                m = (int64_t)((uint64_t)m << 8 | v.p[i]);
            if (v.len > 8 || asn1_int_is_negative(v))
                return der_fail(&st, mo, "minimum", ASN1_E_VALUE, "BaseDistance out of range");
            if (m == 0)
                TRY(der_warn(&st, mo, "minimum", "minimum 0 is the DEFAULT and must not be encoded (X.690 11.5)"));
            else
                TRY(der_warn(&st, mo, "minimum", "minimum must be 0 (RFC 5280 4.2.1.10)"));
            sink_num(s, "minimum", "Minimum", m);
        }
        if (der_peek(&st, ASN1_CTX_P(1))) {
            size_t mo = der_offset(&st);
            int64_t m = 0;
            TRY(der_read_int_tagged(&st, ASN1_CTX_P(1), "maximum", &v));
            for (size_t i = 0; i < v.len && i < 8; i++)
                m = (int64_t)((uint64_t)m << 8 | v.p[i]);
            if (v.len > 8 || asn1_int_is_negative(v))
                return der_fail(&st, mo, "maximum", ASN1_E_VALUE, "BaseDistance out of range");
            TRY(der_warn(&st, mo, "maximum", "maximum must be absent (RFC 5280 4.2.1.10)"));
            sink_num(s, "maximum", "Maximum", m);
        }
        TRY(der_done(&st));
        sink_end_obj(s);
    }
    sink_end_arr(s);
    return der_done(&list);
}

asn1_err ext_name_constraints(der_t *c, x509_sink *s, const char *key, const char *label)
{
    der_t seq;
    size_t off = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    if (der_empty(&seq))
        TRY(der_warn(&seq, off, "", "empty nameConstraints (RFC 5280 4.2.1.10: at least one of permitted, excluded)"));
    sink_obj(s, key, label);
    TRY(subtrees(&seq, 0, "permittedSubtrees", s, "permitted", "Permitted"));
    TRY(subtrees(&seq, 1, "excludedSubtrees", s, "excluded", "Excluded"));
    sink_end_obj(s);
    return der_done(&seq);
}
