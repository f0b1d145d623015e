/*
 * key.c - the private key decoder's entry points: format detection, PKCS#8
 * (RFC 5208 / RFC 5958 OneAsymmetricKey), the key struct's life cycle and the
 * mathematical comparison of public keys.  The algorithms' own private key
 * structures are in key_rsa.c, key_ec.c and key_dsa.c (DSA, Ed/X25519/448).
 */
#include "x509/key_impl.h"
#include "x509/x509.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ small helpers */

static const char *const form_names[CK_PRIV_FORM__COUNT] = {
    [CK_PRIV_FORM_NONE] = "none", [CK_PRIV_FORM_PKCS1] = "pkcs1", [CK_PRIV_FORM_SEC1] = "sec1",
    [CK_PRIV_FORM_DSA] = "dsa",   [CK_PRIV_FORM_PKCS8] = "pkcs8",
};

const char *ck_privkey_form_name(ck_privkey_form f)
{
    return (unsigned)f < CK_PRIV_FORM__COUNT ? form_names[f] : "none";
}

ck_privkey_form ck_privkey_form_from_label(const char *label)
{
    if (!label)
        return CK_PRIV_FORM_NONE;
    if (strcmp(label, "RSA PRIVATE KEY") == 0)
        return CK_PRIV_FORM_PKCS1;
    if (strcmp(label, "EC PRIVATE KEY") == 0)
        return CK_PRIV_FORM_SEC1;
    if (strcmp(label, "DSA PRIVATE KEY") == 0)
        return CK_PRIV_FORM_DSA;
    if (strcmp(label, "PRIVATE KEY") == 0)
        return CK_PRIV_FORM_PKCS8;
    return CK_PRIV_FORM_NONE;
}

asn1_err ck__read_uint(der_t *c, const char *field, span_t *v)
{
    size_t at = der_offset(c);
    TRY(der_read_int(c, field, v));
    if (asn1_int_is_negative(*v))
        return der_fail(c, at, field, ASN1_E_VALUE, "negative INTEGER in key material");
    return ASN1_OK;
}

bool ck__mp_load(mp_int *a, span_t v)
{
    span_t m = asn1_int_magnitude(v);
    if (m.len == 0) {
        mp_zero(a);
        return true;
    }
    return mp_from_ubin(a, m.p, m.len) == MP_OKAY;
}

span_t ck__pub_put(ck_privkey *k, const void *p, size_t n)
{
    span_t s = { NULL, 0 };
    if (n > CK_PRIVKEY_PUB_MAX - k->pub_buf_len)
        return s;
    memcpy(k->pub_buf + k->pub_buf_len, p, n);
    s = span_make(k->pub_buf + k->pub_buf_len, n);
    k->pub_buf_len += n;
    return s;
}

span_t ck__pub_put_mp(ck_privkey *k, const mp_int *a, size_t width)
{
    span_t s = { NULL, 0 };
    size_t n = mp_ubin_size(a);
    if (width == 0)
        width = n ? n : 1;
    if (n > width || width > CK_PRIVKEY_PUB_MAX - k->pub_buf_len)
        return s;
    uint8_t *dst = k->pub_buf + k->pub_buf_len;
    memset(dst, 0, width - n);
    size_t written = 0;
    if (n && mp_to_ubin(a, dst + (width - n), n, &written) != MP_OKAY)
        return s;
    k->pub_buf_len += width;
    return span_make(dst, width);
}

void ck__no_pub(ck_privkey *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->pub_why, sizeof k->pub_why, fmt, ap);
    va_end(ap);
    k->has_pub = false;
}

/* Moves a span that pointed into old_buf so it points into k->pub_buf. */
static void rebase(span_t *s, const uint8_t *old_buf, const uint8_t *new_buf)
{
    if (s->p && s->p >= old_buf && s->p < old_buf + CK_PRIVKEY_PUB_MAX)
        s->p = new_buf + (s->p - old_buf);
}

void ck__rebase_pub(ck_privkey *k, const uint8_t *old_buf)
{
    ck_pubkey *p = &k->pub;
    span_t *spans[] = { &p->der,      &p->alg_oid, &p->alg_params, &p->key_bits, &p->rsa_n,
                        &p->rsa_e,    &p->curve_oid, &p->ec_point, &p->raw,      &p->dsa_p,
                        &p->dsa_q,    &p->dsa_g,   &p->dsa_y };
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
        rebase(spans[i], old_buf, k->pub_buf);
}

void ck_privkey_free(ck_privkey *k)
{
    if (!k)
        return;
    buf_wipe_free(&k->owned);
    explicit_bzero(k, sizeof *k);
}

void ck_privkey_move(ck_privkey *dst, ck_privkey *src)
{
    if (dst == src)
        return;
    memcpy(dst, src, sizeof *dst);
    ck__rebase_pub(dst, src->pub_buf);
    explicit_bzero(src, sizeof *src);
}

span_t ck_privkey_pkcs8_der(const ck_privkey *k)
{
    if (k && k->form == CK_PRIV_FORM_PKCS8)
        return k->der;
    return span_make(NULL, 0);
}

const ck_pubkey *ck_privkey_public(const ck_privkey *k)
{
    return k && k->has_pub ? &k->pub : NULL;
}

const char *ck_privkey_alg_name(const ck_privkey *k)
{
    return ck_key_type_name(k ? k->type : CK_KEY_NONE);
}

/* ---------------------------------------------------------------- PKCS#8 */

static const uint8_t der_null[2] = { 0x05, 0x00 };

/* PrivateKeyAlgorithmIdentifier ::= AlgorithmIdentifier { OID, parameters ANY OPTIONAL }: x509_alg_decode */
static asn1_err pkcs8_inner(der_t *seq, const x509_alg *alg, const asn1_elem *pk, ck_privkey *k)
{
    der_t in;
    TRY(der_open(seq, pk, "privateKey", -1, &in));
    switch (alg->id) {
    case OID_rsaEncryption:
        /* RFC 8017 A.1: parameters shall be NULL */
        if (alg->params.len == 0)
            TRY(der_warn(seq, alg->offset, "privateKeyAlgorithm.parameters",
                         "rsaEncryption without its NULL parameters (RFC 8017 A.1)"));
        else if (!span_eq(alg->params, span_make(der_null, sizeof der_null)))
            return der_fail(seq, alg->offset, "privateKeyAlgorithm.parameters", ASN1_E_VALUE,
                            "rsaEncryption parameters must be NULL (RFC 8017 A.1)");
        k->type = CK_KEY_RSA;
        TRY(ck__rsa_decode(&in, "", k));
        break;
    case OID_rsassa_pss:
        /* RFC 4055 1.2: parameters absent (no restriction) or RSASSA-PSS-params */
        if (alg->params.len) {
            asn1_ctx *ctx = seq->ctx;
            der_t pc;
            ck_pss_params pss;
            der_init_span(&pc, ctx, alg->params, "privateKeyAlgorithm");
            TRY(ck_pss_params_decode(&pc, "parameters", &pss));
        }
        k->type = CK_KEY_RSA_PSS;
        TRY(ck__rsa_decode(&in, "", k));
        k->pub.type = CK_KEY_RSA_PSS;
        k->pub.alg_oid = oid_der(OID_rsassa_pss);
        k->pub.alg_params = alg->params;
        break;
    case OID_ecPublicKey: {
        /* RFC 5480 2.1.1: ECParameters, required */
        if (alg->params.len == 0)
            return der_fail(seq, alg->offset, "privateKeyAlgorithm.parameters", ASN1_E_MISSING,
                            "ecPublicKey without ECParameters: the curve is not named");
        der_t pc;
        der_init_span(&pc, seq->ctx, alg->params, "privateKeyAlgorithm.parameters");
        k->type = CK_KEY_EC;
        TRY(ck__ec_params(&pc, k));
        TRY(der_done(&pc));
        TRY(ck__ec_decode(&in, "", true, k));
        break;
    }
    case OID_Ed25519:
    case OID_Ed448:
    case OID_X25519:
    case OID_X448:
        /* RFC 8410 3: parameters MUST be absent */
        if (alg->params.len)
            TRY(der_warn(seq, alg->offset, "privateKeyAlgorithm.parameters",
                         "%s parameters present; RFC 8410 says they MUST be absent", oid_name(alg->id)));
        k->type = alg->id == OID_Ed25519 ? CK_KEY_ED25519
                : alg->id == OID_Ed448   ? CK_KEY_ED448
                : alg->id == OID_X25519  ? CK_KEY_X25519
                                         : CK_KEY_X448;
        TRY(ck__ecx_decode(&in, "", k));
        break;
    case OID_dsa: {
        /* RFC 3279 2.3.2: Dss-Parms; the private key is INTEGER x */
        if (alg->params.len == 0)
            return der_fail(seq, alg->offset, "privateKeyAlgorithm.parameters", ASN1_E_MISSING,
                            "DSA key without Dss-Parms (p, q, g)");
        der_t pc;
        der_init_span(&pc, seq->ctx, alg->params, "privateKeyAlgorithm");
        k->type = CK_KEY_DSA;
        TRY(ck__dsa_params(&pc, k));
        TRY(der_done(&pc));
        size_t at = der_offset(&in);
        TRY(ck__read_uint(&in, "x", &k->dsa_x));
        k->pub.alg_params = alg->params;
        TRY(ck__dsa_finish(&in, at, "x", 0, span_make(NULL, 0), false, k));
        break;
    }
    default: {
        /* an algorithm certkit does not know: the container is fine, the key is opaque */
        char dotted[128];
        k->type = CK_KEY_OTHER;
        if (asn1_oid_to_text(alg->oid, dotted, sizeof dotted) != ASN1_OK)
            snprintf(dotted, sizeof dotted, "an unknown algorithm");
        const char *nm = oid_name(alg->id);
        ck__no_pub(k, "unsupported private key algorithm %s%s%s%s", dotted, nm ? " (" : "", nm ? nm : "",
                   nm ? ")" : "");
        in.p = in.end;
        break;
    }
    }
    return der_done(&in);
}

/*
 * OneAsymmetricKey ::= SEQUENCE {                              -- RFC 5958 2
 *     version                   Version,                       -- v1(0), v2(1)
 *     privateKeyAlgorithm       PrivateKeyAlgorithmIdentifier,
 *     privateKey                PrivateKey,                    -- OCTET STRING
 *     attributes            [0] Attributes OPTIONAL,
 *     ...,
 *     [[2: publicKey        [1] PublicKey OPTIONAL ]],         -- BIT STRING
 *     ...
 * }
 */
static asn1_err pkcs8_decode(der_t *root, ck_privkey *k)
{
    der_t seq;
    x509_alg alg;
    asn1_elem pk, el;
    bool present;
    int64_t version;

    TRY(der_enter(root, ASN1_SEQUENCE, "", &seq));
    size_t at = der_offset(&seq);
    TRY(der_read_int64(&seq, "version", &version));
    if (version != 0 && version != 1)
        return der_fail(&seq, at, "version", ASN1_E_VALUE,
                        "version %lld; RFC 5958 defines v1 (0) and v2 (1)", (long long)version);
    k->pkcs8_version = (int)version;
    TRY(x509_alg_decode(&seq, "privateKeyAlgorithm", &alg));
    k->alg_der = alg.der;
    k->alg_oid = alg.oid;
    k->alg_params = alg.params;
    TRY(der_read(&seq, ASN1_OCTET_STRING, "privateKey", &pk));
    k->inner = pk.body;
    /* attributes [0] IMPLICIT SET OF Attribute */
    TRY(der_read_opt(&seq, ASN1_CTX_C(0), "attributes", &el, &present));
    if (present)
        k->attributes = el.der;
    /* publicKey [1] IMPLICIT BIT STRING */
    at = der_offset(&seq);
    TRY(der_read_opt(&seq, ASN1_CTX_P(1), "publicKey", &el, &present));
    if (present) {
        unsigned unused;
        TRY(asn1_check_bits(&seq, at, "publicKey", el.body, &k->pkcs8_pub, &unused));
        if (unused != 0)
            return der_fail(&seq, at, "publicKey", ASN1_E_VALUE, "publicKey has %u unused bits", unused);
        k->has_pkcs8_pub = true;
        k->pkcs8_pub_offset = at;
        if (version == 0)
            TRY(der_warn(&seq, at, "publicKey", "publicKey in a v1 key (RFC 5958: version must be v2)"));
    }
    TRY(der_done(&seq));
    TRY(pkcs8_inner(&seq, &alg, &pk, k));
    return ASN1_OK;
}

/* -------------------------------------------------------------- detection */

/*
 * Looks at the first elements inside the outer SEQUENCE, tolerating a truncated
 * input, to tell the forms apart: tags of up to three elements and the first
 * INTEGER's value when it is one octet.
 */
typedef struct shape {
    bool seq;               /* the input starts with a SEQUENCE */
    unsigned n;             /* elements seen */
    uint8_t tag[3];
    int first_int;          /* value of a one-octet first INTEGER, else -1 */
    unsigned ints;          /* leading INTEGERs */
} shape;

static void peek_shape(span_t der, shape *s)
{
    memset(s, 0, sizeof *s);
    s->first_int = -1;
    const uint8_t *p = der.p, *end = der.p + der.len;
    if (der.len < 2 || p[0] != 0x30)
        return;
    s->seq = true;
    size_t l = p[1];
    p += 2;
    if (l & 0x80) {
        size_t nl = l & 0x7f;
        if (nl > 8 || (size_t)(end - p) < nl)
            return;
        p += nl;
    }
    /* walk elements with low tag numbers until the data ends */
    bool ints = true;
    while (p + 2 <= end && s->n < 16) {
        uint8_t tag = p[0];
        size_t len = p[1], hl = 2;
        if (len & 0x80) {
            size_t nl = len & 0x7f;
            if (nl == 0 || nl > 8 || (size_t)(end - p) < 2 + nl)
                break;
            len = 0;
            for (size_t i = 0; i < nl; i++)
                len = (len << 8) | p[2 + i];
            hl += nl;
        }
        if (s->n < 3)
            s->tag[s->n] = tag;
        if (s->n == 0 && tag == 0x02 && len == 1 && p + 3 <= end)
            s->first_int = p[2];
        if (ints && tag == 0x02)
            s->ints++;
        else
            ints = false;
        s->n++;
        if (len > (size_t)(end - p) - hl)
            break;
        p += hl + len;
    }
}

static ck_privkey_form guess_form(span_t der, bool *encrypted)
{
    shape s;
    *encrypted = false;
    switch (asn1_classify(der)) {
    case KIND_PKCS8: return CK_PRIV_FORM_PKCS8;
    case KIND_RSA_PRIVATE: return CK_PRIV_FORM_PKCS1;
    case KIND_EC_PRIVATE: return CK_PRIV_FORM_SEC1;
    case KIND_DSA_PRIVATE: return CK_PRIV_FORM_DSA;
    case KIND_PKCS8_ENCRYPTED: *encrypted = true; return CK_PRIV_FORM_NONE;
    case KIND_UNKNOWN: break;
    default: return CK_PRIV_FORM_NONE;
    }
    /* damaged or truncated: decide from what is there, so the error names the right field */
    peek_shape(der, &s);
    if (!s.seq || s.n == 0)
        return CK_PRIV_FORM_NONE;
    if (s.tag[0] == 0x02) {
        if (s.n < 2)
            return CK_PRIV_FORM_PKCS8;       /* version only: the most common form */
        if (s.tag[1] == 0x30)
            return CK_PRIV_FORM_PKCS8;
        if (s.tag[1] == 0x04)
            return CK_PRIV_FORM_SEC1;
        if (s.tag[1] == 0x02)
            return s.ints == 6 && s.n == 6 ? CK_PRIV_FORM_DSA : CK_PRIV_FORM_PKCS1;
        return CK_PRIV_FORM_PKCS8;
    }
    if (s.tag[0] == 0x30 && s.n >= 2 && s.tag[1] == 0x04)
        *encrypted = true;
    return CK_PRIV_FORM_NONE;
}

static const char *form_type_name(ck_privkey_form f)
{
    switch (f) {
    case CK_PRIV_FORM_PKCS1: return "RSAPrivateKey";
    case CK_PRIV_FORM_SEC1: return "ECPrivateKey";
    case CK_PRIV_FORM_DSA: return "DSAPrivateKey";
    case CK_PRIV_FORM_PKCS8: return "PrivateKeyInfo";
    default: return "privateKey";
    }
}

static asn1_err decode_form(asn1_ctx *ctx, span_t der, ck_privkey_form form, ck_privkey *k)
{
    der_t root;
    der_init(&root, ctx, NULL);
    k->der = der;
    k->form = form;
    switch (form) {
    case CK_PRIV_FORM_PKCS8:
        TRY(pkcs8_decode(&root, k));
        break;
    case CK_PRIV_FORM_PKCS1:
        k->type = CK_KEY_RSA;
        TRY(ck__rsa_decode(&root, "", k));
        break;
    case CK_PRIV_FORM_SEC1:
        k->type = CK_KEY_EC;
        TRY(ck__ec_decode(&root, "", false, k));
        break;
    case CK_PRIV_FORM_DSA:
        k->type = CK_KEY_DSA;
        TRY(ck__dsa_trad_decode(&root, "", k));
        break;
    default:
        return asn1_fail_at(ctx, 0, "", ASN1_E_UNSUPPORTED, "not a private key");
    }
    /* the element must be the whole input */
    if (!der_empty(&root))
        return der_fail(&root, der_offset(&root), NULL, ASN1_E_TRAILING, "%zu bytes after the %s",
                        der_left(&root), form_type_name(form));
    return ASN1_OK;
}

static void reset(ck_privkey *k)
{
    explicit_bzero(k, sizeof *k);
    k->pkcs8_version = -1;
    k->rsa_version = -1;
}

asn1_err ck_privkey_decode_form(asn1_ctx *ctx, span_t der, ck_privkey_form form, ck_privkey *out)
{
    reset(out);
    asn1_ctx_reset(ctx, der.p, der.len);
    asn1_err e = decode_form(ctx, der, form, out);
    if (e != ASN1_OK) {
        if (ctx->err.code == ASN1_OK)
            asn1_fail_at(ctx, 0, "", e, "%s", asn1_err_name(e));
        if (ctx->err.path[0] == '\0')
            snprintf(ctx->err.path, sizeof ctx->err.path, "%s", form_type_name(form));
        reset(out);     /* nothing half-decoded is left */
    }
    return e;
}

asn1_err ck_privkey_decode(asn1_ctx *ctx, span_t der, ck_privkey *out)
{
    bool encrypted;
    ck_privkey_form form = guess_form(der, &encrypted);
    if (form != CK_PRIV_FORM_NONE)
        return ck_privkey_decode_form(ctx, der, form, out);
    reset(out);
    asn1_ctx_reset(ctx, der.p, der.len);
    if (encrypted)
        return asn1_fail_at(ctx, 0, "EncryptedPrivateKeyInfo", ASN1_E_UNSUPPORTED,
                            "encrypted key: use keyconv");
    asn1_kind kind = asn1_classify(der);
    if (kind != KIND_UNKNOWN)
        return asn1_fail_at(ctx, 0, "", ASN1_E_UNSUPPORTED, "this is %s %s, not a private key",
                            asn1_kind_a(kind), asn1_kind_desc(kind));
    return asn1_fail_at(ctx, 0, "", ASN1_E_UNSUPPORTED,
                        "not a private key (PKCS#8, PKCS#1, SEC1 or DSA)");
}

/* ------------------------------------------------------------- comparison */

bool ck_int_equal(span_t a, span_t b)
{
    if (asn1_int_is_negative(a) || asn1_int_is_negative(b))
        return span_eq(a, b);
    return span_eq(asn1_int_magnitude(a), asn1_int_magnitude(b));
}

/* A SEC1 point (2.3.3): x, and y or only its parity. */
typedef struct ec_pt {
    span_t x, y;            /* y empty for a compressed point */
    int parity;
} ec_pt;

static bool pt_parse(span_t pt, ec_pt *o)
{
    memset(o, 0, sizeof *o);
    if (pt.len < 2)
        return false;
    switch (pt.p[0]) {
    case 0x04:
    case 0x06:
    case 0x07: {
        if ((pt.len - 1) % 2)
            return false;
        size_t half = (pt.len - 1) / 2;
        o->x = span_make(pt.p + 1, half);
        o->y = span_make(pt.p + 1 + half, half);
        o->parity = pt.p[pt.len - 1] & 1;
        if (pt.p[0] != 0x04 && (pt.p[0] & 1) != o->parity)
            return false;   /* hybrid form whose first octet contradicts y */
        return true;
    }
    case 0x02:
    case 0x03:
        o->x = span_make(pt.p + 1, pt.len - 1);
        o->parity = pt.p[0] & 1;
        return true;
    default:
        return false;
    }
}

bool ck__ec_point_equal(span_t a, span_t b)
{
    ec_pt pa, pb;
    if (!pt_parse(a, &pa) || !pt_parse(b, &pb))
        return span_eq(a, b);
    if (!ck__mag_eq(pa.x, pb.x))
        return false;
    if (pa.y.len && pb.y.len)
        return ck__mag_eq(pa.y, pb.y);
    return pa.parity == pb.parity;
}

static bool ec_curve_equal(const ck_pubkey *a, const ck_pubkey *b)
{
    /* explicit parameters that spell out a named curve are that curve */
    ck_curve ca = a->curve == CK_CURVE_EXPLICIT ? ck_ec_explicit_curve(a->alg_params) : a->curve;
    ck_curve cb = b->curve == CK_CURVE_EXPLICIT ? ck_ec_explicit_curve(b->alg_params) : b->curve;
    if (ca != cb)
        return false;
    if (ca == CK_CURVE_OTHER)
        return span_eq(a->curve_oid, b->curve_oid);
    if (ca == CK_CURVE_EXPLICIT)
        return ck__ec_params_equal(a->alg_params, b->alg_params);
    return true;
}

static bool is_rsa(ck_key_type t)
{
    return t == CK_KEY_RSA || t == CK_KEY_RSA_PSS;
}

/*
 * RSA moduli compare as unsigned numbers: spki.c reads a modulus whose leading 00 is
 * missing (a "negative" INTEGER, with a warning) as unsigned, and the key writers put
 * the 00 back, so the same key may come with and without it (found by fuzz_key).
 */
static bool rsa_modulus_equal(span_t a, span_t b)
{
    while (a.len && a.p[0] == 0)
        a.p++, a.len--;
    while (b.len && b.p[0] == 0)
        b.p++, b.len--;
    return span_eq(a, b);
}

bool ck_pubkey_equal(const ck_pubkey *a, const ck_pubkey *b)
{
    if (!a || !b)
        return false;
    if (is_rsa(a->type) && is_rsa(b->type))
        return a->rsa_n.len && rsa_modulus_equal(a->rsa_n, b->rsa_n) && ck_int_equal(a->rsa_e, b->rsa_e);
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case CK_KEY_EC:
        return ec_curve_equal(a, b) && a->ec_point.len && ck__ec_point_equal(a->ec_point, b->ec_point);
    case CK_KEY_ED25519:
    case CK_KEY_ED448:
    case CK_KEY_X25519:
    case CK_KEY_X448:
        return a->raw.len && span_eq(a->raw, b->raw);
    case CK_KEY_DSA:
        if (!a->dsa_y.len || !ck_int_equal(a->dsa_y, b->dsa_y))
            return false;
        if (a->dsa_p.len && b->dsa_p.len)
            return ck_int_equal(a->dsa_p, b->dsa_p) && ck_int_equal(a->dsa_q, b->dsa_q) &&
                   ck_int_equal(a->dsa_g, b->dsa_g);
        return true;
    case CK_KEY_NONE:
        return false;
    default:
        return a->alg_oid.len && span_eq(a->alg_oid, b->alg_oid) && span_eq(a->alg_params, b->alg_params) &&
               span_eq(a->key_bits, b->key_bits);
    }
}
