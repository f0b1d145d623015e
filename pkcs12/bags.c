/*
 * bags.c - SafeContents and SafeBags (RFC 7292 section 4.2):
 *
 *   SafeContents ::= SEQUENCE OF SafeBag
 *   SafeBag ::= SEQUENCE { bagId OBJECT IDENTIFIER, bagValue [0] EXPLICIT ANY,
 *                          bagAttributes SET OF PKCS12Attribute OPTIONAL }
 *   PKCS12Attribute ::= SEQUENCE { attrId OBJECT IDENTIFIER, attrValues SET OF ANY }
 *   KeyBag ::= PrivateKeyInfo
 *   PKCS8ShroudedKeyBag ::= EncryptedPrivateKeyInfo
 *   CertBag ::= SEQUENCE { certId OBJECT IDENTIFIER, certValue [0] EXPLICIT ANY }
 *   CRLBag ::= SEQUENCE { crlId OBJECT IDENTIFIER, crlValue [0] EXPLICIT ANY }
 *   SecretBag ::= SEQUENCE { secretTypeId OBJECT IDENTIFIER, secretValue [0] EXPLICIT ANY }
 *   SafeContentsBag ::= SafeContents
 *
 * Attributes: friendlyName (BMPString), localKeyID (OCTET STRING), Microsoft's
 * CSP name (BMPString), Oracle's trusted key usage (OIDs), any other by OID.
 */
#include "pkcs12/p12_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *p12_bag_type_name(p12_bag_type t)
{
    switch (t) {
    case P12_BAG_KEY: return "keyBag";
    case P12_BAG_SHROUDED_KEY: return "pkcs8ShroudedKeyBag";
    case P12_BAG_CERT: return "certBag";
    case P12_BAG_CRL: return "crlBag";
    case P12_BAG_SECRET: return "secretBag";
    case P12_BAG_SAFE_CONTENTS: return "safeContentsBag";
    case P12_BAG_OTHER: return "unknown";
    }
    return "?";
}

static p12_bag_type bag_type_of(oid_id id)
{
    switch (id) {
    case OID_p12_keyBag: return P12_BAG_KEY;
    case OID_p12_pkcs8ShroudedKeyBag: return P12_BAG_SHROUDED_KEY;
    case OID_p12_certBag: return P12_BAG_CERT;
    case OID_p12_crlBag: return P12_BAG_CRL;
    case OID_p12_secretBag: return P12_BAG_SECRET;
    case OID_p12_safeContentsBag: return P12_BAG_SAFE_CONTENTS;
    default: return P12_BAG_OTHER;
    }
}

/* ------------------------------------------------------------- attributes */

/* The first value of an attribute as a string decoded to UTF-8 (malloc'd), or NULL. */
static char *first_string(der_t *vals)
{
    asn1_elem e;
    if (der_empty(vals) || der_next(vals, NULL, &e) != ASN1_OK || !asn1_is_string_tag(e.tag))
        return NULL;
    buf_t b = BUF_INIT;
    const char *why = NULL, *dev = NULL;
    if (asn1_str_to_utf8(e.tag, e.body, &b, &why, &dev) != ASN1_OK || b.oom) {
        buf_free(&b);
        return NULL;
    }
    buf_cstr(&b);
    return b.p ? b.p : calloc(1, 1);
}

void p12__attrs_free(p12_attrs *a)
{
    free(a->friendly_name);
    free(a->csp_name);
    a->friendly_name = a->csp_name = NULL;
}

asn1_err p12__attrs_decode(der_t *set, p12_attrs *a)
{
    a->present = true;
    while (!der_empty(set)) {
        der_t at, vals;
        asn1_elem ve;
        TRY(der_enter(set, ASN1_SEQUENCE, NULL, &at));
        span_t oid;
        TRY(der_read_oid(&at, "attrId", &oid));
        der_t save = at;
        TRY(der_read(&at, ASN1_SET, "attrValues", &ve));
        TRY(der_open(&save, &ve, "attrValues", -1, &vals));
        TRY(der_done(&at));
        unsigned nv = 0;
        der_t count = vals;
        while (!der_empty(&count)) {
            TRY(der_skip(&count, NULL));
            nv++;
        }
        oid_id id = oid_lookup(oid);
        if (a->n < P12_MAX_ATTRS) {
            p12_attr *x = &a->v[a->n++];
            x->oid = oid;
            x->id = id;
            x->values = ve.body;
            x->nvalues = nv;
        } else {
            TRY(der_warn(set, der_offset(set), NULL, "more than %u bag attributes: the rest are not shown",
                         P12_MAX_ATTRS));
        }
        der_t v1 = vals;
        switch (id) {
        case OID_pkcs9_friendlyName:
            if (!a->friendly_name)
                a->friendly_name = first_string(&v1);
            break;
        case OID_ms_cspName:
            if (!a->csp_name)
                a->csp_name = first_string(&v1);
            break;
        case OID_pkcs9_localKeyID:
            if (!a->has_local_key_id && der_peek(&v1, ASN1_OCTET_STRING)) {
                TRY(der_read_octets(&v1, NULL, &a->local_key_id));
                a->has_local_key_id = true;
            }
            break;
        case OID_oracle_trustedKeyUsage:
            a->trusted_usage = true;
            if (der_peek(&v1, ASN1_OID))
                TRY(der_read_oid(&v1, NULL, &a->trusted_usage_oid));
            break;
        default:
            break;
        }
    }
    return ASN1_OK;
}

/* ------------------------------------------------------------------- bags */

static p12_bag *new_bag(p12_file *f)
{
    if (f->nbags == f->cap_bags) {
        unsigned cap = f->cap_bags ? f->cap_bags * 2 : 16;
        p12_bag *nb = realloc(f->bags, cap * sizeof *nb);
        if (!nb)
            return NULL;
        f->bags = nb;
        f->cap_bags = cap;
    }
    p12_bag *b = &f->bags[f->nbags++];
    memset(b, 0, sizeof *b);
    b->parent = -1;
    b->pw.cand = -1;
    b->state = P12_BAG_MALFORMED;   /* until its value has decoded */
    snprintf(b->problem, sizeof b->problem, "the bag does not decode");
    return b;
}

/* CertBag / CRLBag / SecretBag ::= SEQUENCE { typeId OID, value [0] EXPLICIT ANY } */
static asn1_err typed_value(der_t *v, const char *idname, p12_bag *b, asn1_elem *inner)
{
    der_t s, val;
    TRY(der_enter(v, ASN1_SEQUENCE, NULL, &s));
    TRY(der_read_oid(&s, idname, &b->type_oid));
    b->type_id = oid_lookup(b->type_oid);
    TRY(der_enter(&s, ASN1_CTX_C(0), "value", &val));
    TRY(der_next(&val, NULL, inner));
    TRY(der_done(&val));
    TRY(der_done(&s));
    return der_done(v);
}

static void set_problem(p12_bag *b, p12_bag_state st, const char *fmt, const char *arg)
{
    b->state = st;
    snprintf(b->problem, sizeof b->problem, fmt, arg);
}

static asn1_err bag_value(p12_file *f, der_t *v, p12_bag *b, unsigned bi, unsigned depth, unsigned safe,
                          const char *where);

static asn1_err safe_contents(p12_file *f, der_t *c, unsigned safe, int parent, unsigned depth,
                              const char *where)
{
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "", &seq));
    unsigned index = 0;
    while (!der_empty(&seq)) {
        der_t bag, valc;
        TRY(der_enter(&seq, ASN1_SEQUENCE, NULL, &bag));
        bag.name = "bag";
        bag.index = (int)index;
        p12_bag *b = new_bag(f);
        if (!b)
            return der_fail(&bag, der_offset(&bag), NULL, ASN1_E_NOMEM, "out of memory");
        unsigned bi = f->nbags - 1;
        b->safe = safe;
        b->parent = parent;
        b->depth = depth;
        b->index = index++;
        TRY(der_read_oid(&bag, "bagId", &f->bags[bi].bag_oid));
        f->bags[bi].type = bag_type_of(oid_lookup(f->bags[bi].bag_oid));
        TRY(der_enter(&bag, ASN1_CTX_C(0), "bagValue", &valc));
        if (der_peek(&bag, ASN1_SET)) {
            der_t set;
            TRY(der_enter(&bag, ASN1_SET, "bagAttributes", &set));
            TRY(p12__attrs_decode(&set, &f->bags[bi].attrs));
        }
        TRY(der_done(&bag));
        /* note: f->bags may move while a nested SafeContents is read */
        TRY(bag_value(f, &valc, &f->bags[bi], bi, depth, safe, where));
    }
    return der_done(&seq);
}

static asn1_err bag_value(p12_file *f, der_t *v, p12_bag *b, unsigned bi, unsigned depth, unsigned safe,
                          const char *where)
{
    asn1_elem e;
    switch (b->type) {
    case P12_BAG_KEY: {
        /* KeyBag ::= PrivateKeyInfo: kept as is; the key layer decodes it */
        TRY(der_read(v, ASN1_SEQUENCE, "keyBag", &e));
        b->value = e.der;
        b->key = e.der;
        b->state = P12_BAG_OK;
        return der_done(v);
    }
    case P12_BAG_SHROUDED_KEY: {
        /* EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING } */
        der_t save = *v, s;
        TRY(der_read(v, ASN1_SEQUENCE, "pkcs8ShroudedKeyBag", &e));
        *v = save;
        TRY(der_enter(v, ASN1_SEQUENCE, "pkcs8ShroudedKeyBag", &s));
        b->value = e.der;
        b->epki = e.der;
        TRY(p12_alg_decode(&s, "encryptionAlgorithm", P12_USE_ENCRYPTION, &b->alg));
        span_t ct;
        TRY(der_read_octets(&s, "encryptedData", &ct));
        TRY(der_done(&s));
        b->state = P12_BAG_NOT_TRIED;
        snprintf(b->problem, sizeof b->problem, "not opened");
        if (!p12_alg_supported(&b->alg)) {
            buf_t d = BUF_INIT;
            p12_alg_describe(&b->alg, &d);
            b->state = P12_BAG_UNSUPPORTED;
            snprintf(b->problem, sizeof b->problem, "unsupported: %s",
                     b->alg.unsupported ? b->alg.unsupported : buf_cstr(&d));
            buf_free(&d);
        }
        return der_done(v);
    }
    case P12_BAG_CERT:
    case P12_BAG_CRL:
    case P12_BAG_SECRET: {
        asn1_elem inner;
        der_t save = *v;
        TRY(der_read(v, ASN1_SEQUENCE, p12_bag_type_name(b->type), &e));
        *v = save;
        b->value = e.der;
        const char *idname = b->type == P12_BAG_CERT ? "certId" : b->type == P12_BAG_CRL ? "crlId" : "secretTypeId";
        TRY(typed_value(v, idname, b, &inner));
        char dotted[96];
        const char *name = oid_name(b->type_id);
        if (!name) {
            if (asn1_oid_to_text(b->type_oid, dotted, sizeof dotted) != ASN1_OK)
                snprintf(dotted, sizeof dotted, "?");
            name = dotted;
        }
        if (b->type == P12_BAG_SECRET) {
            set_problem(b, P12_BAG_SKIPPED, "secret of type %s: not decoded", name);
            b->der = inner.der;
        } else if ((b->type == P12_BAG_CERT && b->type_id == OID_pkcs9_x509Certificate) ||
                   (b->type == P12_BAG_CRL && b->type_id == OID_pkcs9_x509Crl)) {
            /* x509Certificate / x509CRL: an OCTET STRING holding the DER */
            if (inner.tag != ASN1_OCTET_STRING)
                return der_fail(v, inner.offset, "value", ASN1_E_TAG,
                                "%s must be an OCTET STRING", name);
            b->der = inner.body;
            if (b->der.len == 0 || b->der.p[0] != 0x30) {
                set_problem(b, P12_BAG_MALFORMED, "%s does not hold a DER SEQUENCE", name);
            } else {
                b->state = P12_BAG_OK;
            }
        } else {
            set_problem(b, P12_BAG_SKIPPED, "%s: not an X.509 type; skipped", name);
            b->der = inner.der;
        }
        return ASN1_OK;
    }
    case P12_BAG_SAFE_CONTENTS: {
        b->state = P12_BAG_OK;
        if (depth + 1 >= (f->opts.max_nest ? f->opts.max_nest : P12_DEFAULT_MAX_NEST))
            return der_fail(v, der_offset(v), "safeContentsBag", ASN1_E_DEPTH,
                            "safeContentsBag nested deeper than %u levels",
                            f->opts.max_nest ? f->opts.max_nest : P12_DEFAULT_MAX_NEST);
        der_t save = *v;
        TRY(der_read(v, ASN1_SEQUENCE, "safeContentsBag", &e));
        f->bags[bi].value = e.der;
        *v = save;
        TRY(safe_contents(f, v, safe, (int)bi, depth + 1, where));
        return der_done(v);
    }
    case P12_BAG_OTHER:
    default: {
        TRY(der_next(v, NULL, &e));
        b->value = e.der;
        char dotted[96];
        if (asn1_oid_to_text(b->bag_oid, dotted, sizeof dotted) != ASN1_OK)
            snprintf(dotted, sizeof dotted, "?");
        set_problem(b, P12_BAG_SKIPPED, "unknown bag type %s: skipped", dotted);
        return der_done(v);
    }
    }
}

asn1_err p12__bags_decode(p12_file *f, unsigned safe, span_t contents, const char *where, asn1_diag *d)
{
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, contents.p, contents.len);
    ctx.max_depth = f->opts.max_depth ? f->opts.max_depth : ASN1_DEFAULT_MAX_DEPTH;
    der_t c;
    der_init(&c, &ctx, NULL);
    asn1_err e = safe_contents(f, &c, safe, -1, 0, where);
    if (e == ASN1_OK)
        e = der_done(&c);
    for (unsigned i = 0; i < ctx.nwarn && i < ASN1_MAX_WARNINGS; i++) {
        char path[ASN1_PATH_MAX];
        p12__join(path, sizeof path, where, ctx.warn[i].path);
        p12__note(f, true, ASN1_OK, ctx.warn[i].offset, path, "%s", ctx.warn[i].msg);
    }
    if (e != ASN1_OK) {
        *d = ctx.err;
        p12__join(d->path, sizeof d->path, where, ctx.err.path);
    }
    return e;
}

/* ------------------------------------------------------ plaintext checks */

bool p12__looks_like_safecontents(span_t plain, void *arg)
{
    (void)arg;
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, plain.p, plain.len);
    ctx.ber = true;
    der_t c, seq, bag;
    der_init(&c, &ctx, NULL);
    asn1_elem e;
    span_t oid;
    if (der_next(&c, NULL, &e) != ASN1_OK || e.tag != ASN1_SEQUENCE || !der_empty(&c))
        return false;
    if (der_open(&c, &e, NULL, 0, &seq) != ASN1_OK)
        return false;
    if (der_empty(&seq))
        return true;
    if (der_enter(&seq, ASN1_SEQUENCE, NULL, &bag) != ASN1_OK)
        return false;
    return der_read_oid(&bag, NULL, &oid) == ASN1_OK;
}

bool p12__looks_like_pkcs8(span_t plain, void *arg)
{
    (void)arg;
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, plain.p, plain.len);
    ctx.ber = true;
    der_t c, seq, alg;
    der_init(&c, &ctx, NULL);
    asn1_elem e;
    int64_t v;
    span_t oid, key;
    if (der_next(&c, NULL, &e) != ASN1_OK || e.tag != ASN1_SEQUENCE || !der_empty(&c))
        return false;
    if (der_open(&c, &e, NULL, 0, &seq) != ASN1_OK)
        return false;
    if (der_read_int64(&seq, NULL, &v) != ASN1_OK || v < 0 || v > 1)
        return false;
    if (der_enter(&seq, ASN1_SEQUENCE, NULL, &alg) != ASN1_OK || der_read_oid(&alg, NULL, &oid) != ASN1_OK)
        return false;
    if (der_peek(&seq, ASN1_OCTET_STRING))
        return der_read_octets(&seq, NULL, &key) == ASN1_OK;
    /* BER: a constructed OCTET STRING */
    return der_next(&seq, NULL, &e) == ASN1_OK && e.tag == (ASN1_OCTET_STRING | ASN1_CONSTRUCTED);
}
