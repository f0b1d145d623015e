/* classify.c - what a DER object is, from its shape alone (used to pick PEM labels and
 * to tell a user "this is a CRL; use crldump"). */
#include "asn1/asn1.h"

#include <string.h>

static const struct {
    const char *desc, *label, *tool;
} kinds[KIND__COUNT] = {
    [KIND_UNKNOWN] = { "unrecognised DER object", NULL, "asn1dump" },
    [KIND_CERTIFICATE] = { "certificate (X509)", "CERTIFICATE", "certdump" },
    [KIND_CRL] = { "CRL (X509 CRL)", "X509 CRL", "crldump" },
    [KIND_CSR] = { "certificate request (PKCS#10)", "CERTIFICATE REQUEST", "csrdump" },
    [KIND_PKCS8] = { "private key (PKCS#8)", "PRIVATE KEY", "keyconv" },
    [KIND_PKCS8_ENCRYPTED] = { "encrypted private key (PKCS#8)", "ENCRYPTED PRIVATE KEY", "keyconv" },
    [KIND_RSA_PRIVATE] = { "RSA private key (PKCS#1)", "RSA PRIVATE KEY", "keyconv" },
    [KIND_EC_PRIVATE] = { "EC private key (SEC1)", "EC PRIVATE KEY", "keyconv" },
    [KIND_DSA_PRIVATE] = { "DSA private key", "DSA PRIVATE KEY", "keyconv" },
    [KIND_PUBLIC_KEY] = { "public key (SubjectPublicKeyInfo)", "PUBLIC KEY", "keymatch" },
    [KIND_RSA_PUBLIC] = { "RSA public key (PKCS#1)", "RSA PUBLIC KEY", "keymatch" },
    [KIND_PKCS7] = { "PKCS#7/CMS object", "PKCS7", "certdump" },
    [KIND_PKCS12] = { "PKCS#12 file (PFX)", "PKCS12", "pfxsplit" },
    [KIND_EC_PARAMS] = { "EC parameters", "EC PARAMETERS", "asn1dump" },
    [KIND_DH_PARAMS] = { "DH parameters", "DH PARAMETERS", "asn1dump" },
};

static const struct {
    const char *label;
    asn1_kind kind;
} labels[] = {
    { "CERTIFICATE", KIND_CERTIFICATE },
    { "X509 CERTIFICATE", KIND_CERTIFICATE },
    { "TRUSTED CERTIFICATE", KIND_CERTIFICATE },
    { "X509 CRL", KIND_CRL },
    { "CRL", KIND_CRL },
    { "CERTIFICATE REQUEST", KIND_CSR },
    { "NEW CERTIFICATE REQUEST", KIND_CSR },
    { "PRIVATE KEY", KIND_PKCS8 },
    { "ENCRYPTED PRIVATE KEY", KIND_PKCS8_ENCRYPTED },
    { "RSA PRIVATE KEY", KIND_RSA_PRIVATE },
    { "EC PRIVATE KEY", KIND_EC_PRIVATE },
    { "DSA PRIVATE KEY", KIND_DSA_PRIVATE },
    { "PUBLIC KEY", KIND_PUBLIC_KEY },
    { "RSA PUBLIC KEY", KIND_RSA_PUBLIC },
    { "PKCS7", KIND_PKCS7 },
    { "PKCS #7 SIGNED DATA", KIND_PKCS7 },
    { "CMS", KIND_PKCS7 },
    { "PKCS12", KIND_PKCS12 },
    { "EC PARAMETERS", KIND_EC_PARAMS },
    { "DH PARAMETERS", KIND_DH_PARAMS },
};

const char *asn1_kind_a(asn1_kind k)
{
    /* "an" before a vowel sound: an unrecognised..., an encrypted..., an RSA..., an EC... */
    const char *d = asn1_kind_desc(k);
    return strchr("aeiouAEIOU", d[0]) || strncmp(d, "RSA", 3) == 0 ? "an" : "a";
}

const char *asn1_kind_desc(asn1_kind k)
{
    return (unsigned)k < KIND__COUNT ? kinds[k].desc : kinds[0].desc;
}

const char *asn1_kind_label(asn1_kind k)
{
    return (unsigned)k < KIND__COUNT ? kinds[k].label : NULL;
}

const char *asn1_kind_tool(asn1_kind k)
{
    return (unsigned)k < KIND__COUNT ? kinds[k].tool : NULL;
}

asn1_kind asn1_kind_from_label(const char *label)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].label, label) == 0)
            return labels[i].kind;
    return KIND_UNKNOWN;
}

static bool is_time(uint32_t t)
{
    return t == ASN1_UTCTIME || t == ASN1_GENERALIZEDTIME;
}

/* The TBS part decides among certificate, CRL and request. */
static asn1_kind classify_tbs(der_t *tbs)
{
    asn1_elem f[5];
    unsigned n = 0;
    while (n < 5 && !der_empty(tbs) && der_next(tbs, NULL, &f[n]) == ASN1_OK)
        n++;
    if (n >= 1 && f[0].tag == ASN1_CTX_C(0))
        return KIND_CERTIFICATE;                        /* [0] EXPLICIT Version */
    if (n >= 3 && f[0].tag == ASN1_SEQUENCE && f[1].tag == ASN1_SEQUENCE && is_time(f[2].tag))
        return KIND_CRL;                                /* v1 CRL: signature, issuer, thisUpdate */
    if (n >= 4 && f[0].tag == ASN1_INTEGER) {
        if (f[1].tag == ASN1_SEQUENCE && f[2].tag == ASN1_SEQUENCE && is_time(f[3].tag))
            return KIND_CRL;                            /* v2 CRL */
        if (f[1].tag == ASN1_SEQUENCE && f[2].tag == ASN1_SEQUENCE && f[3].tag == ASN1_CTX_C(0))
            return KIND_CSR;                            /* version, subject, spki, [0] attributes */
        if (n >= 5 && f[1].tag == ASN1_SEQUENCE && f[2].tag == ASN1_SEQUENCE &&
            f[3].tag == ASN1_SEQUENCE && f[4].tag == ASN1_SEQUENCE)
            return KIND_CERTIFICATE;                    /* v1: serial, sig, issuer, validity, subject */
    }
    return KIND_UNKNOWN;
}

static bool int_is(const asn1_elem *e, uint8_t v)
{
    return e->tag == ASN1_INTEGER && e->body.len == 1 && e->body.p[0] == v;
}

asn1_kind asn1_classify(span_t der)
{
    asn1_ctx ctx;               /* not asn1_ctx_init: its memset of the warning slots is most of the cost */
    ctx.max_depth = ASN1_DEFAULT_MAX_DEPTH;
    ctx.strict = false;
    ctx.ber = true;
    asn1_ctx_reset(&ctx, der.p, der.len);
    der_t top, seq;
    der_init(&top, &ctx, NULL);
    if (der_enter(&top, ASN1_SEQUENCE, NULL, &seq) != ASN1_OK) {
        /* EC parameters: a bare namedCurve OID */
        asn1_elem e;
        der_init(&top, &ctx, NULL);
        if (der_next(&top, NULL, &e) == ASN1_OK && e.tag == ASN1_OID && der_empty(&top))
            return KIND_EC_PARAMS;
        return KIND_UNKNOWN;
    }
    asn1_elem e[10];
    unsigned n = 0;
    while (n < 10 && !der_empty(&seq) && der_next(&seq, NULL, &e[n]) == ASN1_OK)
        n++;
    bool all = der_empty(&seq);
    if (n == 0)
        return KIND_UNKNOWN;
    if (e[0].tag == ASN1_SEQUENCE) {
        if (n == 3 && all && e[1].tag == ASN1_SEQUENCE && e[2].tag == ASN1_BIT_STRING) {
            der_t tbs;
            if (der_open(&seq, &e[0], "tbs", -1, &tbs) != ASN1_OK)
                return KIND_UNKNOWN;
            return classify_tbs(&tbs);
        }
        if (n == 2 && all && e[1].tag == ASN1_BIT_STRING)
            return KIND_PUBLIC_KEY;
        if (n == 2 && all && e[1].tag == ASN1_OCTET_STRING)
            return KIND_PKCS8_ENCRYPTED;
        return KIND_UNKNOWN;
    }
    if (e[0].tag == ASN1_OID) {
        span_t oid = e[0].body;
        static const uint8_t pkcs7[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07 };
        static const uint8_t smime_ct[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01 };
        if ((oid.len == sizeof pkcs7 + 1 && memcmp(oid.p, pkcs7, sizeof pkcs7) == 0) ||
            (oid.len > sizeof smime_ct && memcmp(oid.p, smime_ct, sizeof smime_ct) == 0))
            return KIND_PKCS7;
        return KIND_UNKNOWN;
    }
    if (e[0].tag != ASN1_INTEGER)
        return KIND_UNKNOWN;
    unsigned ints = 0;
    while (ints < n && e[ints].tag == ASN1_INTEGER)
        ints++;
    if (int_is(&e[0], 3) && n >= 2 && e[1].tag == ASN1_SEQUENCE)
        return KIND_PKCS12;
    if ((int_is(&e[0], 0) || int_is(&e[0], 1)) && n >= 3 && e[1].tag == ASN1_SEQUENCE &&
        e[2].tag == ASN1_OCTET_STRING)
        return KIND_PKCS8;
    if (int_is(&e[0], 1) && n >= 2 && e[1].tag == ASN1_OCTET_STRING)
        return KIND_EC_PRIVATE;
    if ((int_is(&e[0], 0) || int_is(&e[0], 1)) && ints >= 9)
        return KIND_RSA_PRIVATE;
    if (int_is(&e[0], 0) && ints == 6 && all)
        return KIND_DSA_PRIVATE;
    if (ints == 2 && n == 2 && all && e[1].body.len == 1 && (e[1].body.p[0] == 2 || e[1].body.p[0] == 5))
        return KIND_DH_PARAMS;
    if (ints == 2 && n == 2 && all)
        return KIND_RSA_PUBLIC;
    if (ints == 3 && n == 3 && all && e[1].body.len <= 2)
        return KIND_DH_PARAMS;
    return KIND_UNKNOWN;
}
