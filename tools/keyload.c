/*
 * keyload.c - one input object to a key (see keyload.h): PEM labels and headers,
 * decryption of encrypted PKCS#8 (pkcs12/'s p12_epki_decrypt) and of legacy
 * OpenSSL PEM encryption (pem_legacy_decrypt: EVP_BytesToKey with MD5), and the
 * public keys of certificates, requests, SubjectPublicKeyInfo and RSAPublicKey.
 */
#include "tools/keyload.h"

#include "pkcs12/pemlegacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    [CK_KEYOBJ_NONE] = "object",     [CK_KEYOBJ_PRIVATE] = "private key", [CK_KEYOBJ_PUBLIC] = "public key",
    [CK_KEYOBJ_CERT] = "certificate", [CK_KEYOBJ_CSR] = "request",
};

const char *ck_keyobj_kind_name(ck_keyobj_kind k)
{
    return (unsigned)k <= CK_KEYOBJ_CSR ? kind_names[k] : "object";
}

bool ck_pem_is_encrypted(const in_obj *obj)
{
    const char *v;
    size_t n;
    if (!obj->headers || !obj->headers_len)
        return false;
    if (!pem_header_get(obj->headers, obj->headers_len, "Proc-Type", &v, &n))
        return false;
    /* "4,ENCRYPTED" */
    for (size_t i = 0; i + 9 <= n; i++)
        if (strncasecmp(v + i, "ENCRYPTED", 9) == 0)
            return true;
    return false;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }   -- RFC 8017 A.1.1 */
asn1_err ck_rsa_public_decode(asn1_ctx *ctx, span_t der, ck_pubkey *out)
{
    static const uint8_t null_der[2] = { 0x05, 0x00 };
    der_t root, seq;
    memset(out, 0, sizeof *out);
    asn1_ctx_reset(ctx, der.p, der.len);
    der_init(&root, ctx, NULL);
    TRY(der_enter(&root, ASN1_SEQUENCE, "RSAPublicKey", &seq));
    size_t at = der_offset(&seq);
    TRY(der_read_int(&seq, "modulus", &out->rsa_n));
    TRY(der_read_int(&seq, "publicExponent", &out->rsa_e));
    TRY(der_done(&seq));
    TRY(der_done(&root));
    if (asn1_int_is_negative(out->rsa_n) || asn1_int_bits(out->rsa_n) < 2)
        return der_fail(&seq, at, "modulus", ASN1_E_VALUE, "the modulus is not a positive number");
    out->type = CK_KEY_RSA;
    out->alg_oid = oid_der(OID_rsaEncryption);
    out->alg_params = span_make(null_der, sizeof null_der);
    return ASN1_OK;
}

/* OpenSSL's "DSA PUBLIC KEY": SEQUENCE { y INTEGER, p INTEGER, q INTEGER, g INTEGER } */
static asn1_err dsa_public_decode(asn1_ctx *ctx, span_t der, ck_pubkey *out)
{
    der_t root, seq;
    memset(out, 0, sizeof *out);
    asn1_ctx_reset(ctx, der.p, der.len);
    der_init(&root, ctx, NULL);
    TRY(der_enter(&root, ASN1_SEQUENCE, "DSAPublicKey", &seq));
    TRY(der_read_int(&seq, "y", &out->dsa_y));
    TRY(der_read_int(&seq, "p", &out->dsa_p));
    TRY(der_read_int(&seq, "q", &out->dsa_q));
    TRY(der_read_int(&seq, "g", &out->dsa_g));
    TRY(der_done(&seq));
    TRY(der_done(&root));
    out->type = CK_KEY_DSA;
    out->alg_oid = oid_der(OID_dsa);
    return ASN1_OK;
}

/* Copies the object's DER (wiped on free). */
static asn1_err copy_der(buf_t *dst, span_t der)
{
    buf_wipe_free(dst);
    if (!buf_reserve(dst, der.len + 1))
        return ASN1_E_NOMEM;
    buf_put(dst, der.p, der.len);
    return dst->oom ? ASN1_E_NOMEM : ASN1_OK;
}

/*
 * Decodes a private key from a buffer of ours (a copy or a decrypted key) and, on
 * success, hands the buffer to the key (priv.owned) so its spans stay valid; on
 * failure the buffer is wiped.
 */
static asn1_err decode_owned(asn1_ctx *ctx, buf_t *plain, ck_privkey_form form, ck_privkey *k)
{
    span_t der = span_make(plain->p, plain->len);
    asn1_err e = form != CK_PRIV_FORM_NONE ? ck_privkey_decode_form(ctx, der, form, k)
                                           : ck_privkey_decode(ctx, der, k);
    if (e == ASN1_OK) {
        k->owned = *plain;
        buf_init(plain);
    } else {
        buf_wipe_free(plain);
    }
    return e;
}

static char *dup_buf(buf_t *b)
{
    const char *s = buf_cstr(b);
    return strdup(s);
}

/* --------------------------------------------------------- private keys */

/* The label's form, with a warning when the content is something else. */
static asn1_err check_label(asn1_ctx *ctx, const in_obj *obj, ck_privkey *k)
{
    if (!obj->label || !obj->label[0])
        return ASN1_OK;
    if (strcmp(obj->label, "RSA-PSS PRIVATE KEY") == 0 && k->type == CK_KEY_RSA &&
        k->form == CK_PRIV_FORM_PKCS1) {
        /* openssl's label for an RSA-PSS key in PKCS#1 form: the restriction, without parameters */
        k->type = CK_KEY_RSA_PSS;
        k->pub.type = CK_KEY_RSA_PSS;
        k->pub.alg_oid = oid_der(OID_rsassa_pss);
        k->pub.alg_params = span_make(NULL, 0);
        return ASN1_OK;
    }
    ck_privkey_form want = ck_privkey_form_from_label(obj->label);
    if (want != CK_PRIV_FORM_NONE && want != k->form)
        return asn1_warn_at(ctx, 0, "", "the PEM label says %s but the content is %s", obj->label,
                            ck_privkey_form_name(k->form));
    return ASN1_OK;
}

/* Legacy "Proc-Type: 4,ENCRYPTED" / "DEK-Info: CIPHER,HEXIV" PEM. */
static asn1_err load_legacy(ck_keyobj *o, asn1_ctx *ctx, const in_obj *obj, const ck_keyload_opts *opts)
{
    const char *v;
    size_t n;
    o->enc = CK_KEY_ENC_LEGACY_PEM;
    asn1_ctx_reset(ctx, obj->der.p, obj->der.len);
    if (!pem_header_get(obj->headers, obj->headers_len, "DEK-Info", &v, &n))
        return asn1_fail_at(ctx, 0, "DEK-Info", ASN1_E_MISSING,
                            "Proc-Type: 4,ENCRYPTED without a DEK-Info header");
    const char *comma = memchr(v, ',', n);
    if (!comma)
        return asn1_fail_at(ctx, 0, "DEK-Info", ASN1_E_VALUE, "DEK-Info without an IV (CIPHER,HEX)");
    size_t namelen = (size_t)(comma - v);
    snprintf(o->enc_alg, sizeof o->enc_alg, "%.*s", (int)namelen, v);
    for (char *p = o->enc_alg; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    const char *hex = comma + 1;
    size_t hexlen = n - namelen - 1;
    while (hexlen && (hex[hexlen - 1] == ' ' || hex[hexlen - 1] == '\t' || hex[hexlen - 1] == '\r'))
        hexlen--;
    uint8_t iv[32];
    size_t ivlen = pem_legacy_iv_from_hex(hex, hexlen, iv);
    if (ivlen == 0)
        return asn1_fail_at(ctx, 0, "DEK-Info", ASN1_E_VALUE, "DEK-Info IV is not hex of 8 or 16 bytes");
    if (!opts || !opts->pws)
        return asn1_fail_at(ctx, 0, "", ASN1_E_UNSUPPORTED, "encrypted key (%s): use keyconv, or give --pass",
                            o->enc_alg);
    asn1_err last = ASN1_E_CRYPTO;
    ck_privkey_form form = ck_privkey_form_from_label(obj->label);
    for (unsigned i = 0; i < opts->pws->n; i++) {
        const char *pw = opts->pws->pw[i];
        if (!pw)
            continue;   /* legacy PEM has no "absent password": EVP_BytesToKey needs bytes */
        buf_t plain = BUF_INIT;
        if (!buf_reserve(&plain, obj->der.len + 64))   /* never grown while it holds the key */
            return ASN1_E_NOMEM;
        asn1_err e = pem_legacy_decrypt(v, namelen, span_make(iv, ivlen), (const uint8_t *)pw, strlen(pw),
                                        obj->der, &plain);
        if (e == ASN1_E_UNSUPPORTED)    /* CFB/OFB modes, Blowfish, Camellia, SEED, CAST5: pkcs12/pemlegacy.c */
            e = pem_legacy_decrypt_any(v, namelen, span_make(iv, ivlen), (const uint8_t *)pw, strlen(pw),
                                       obj->der, &plain);
        if (e == ASN1_E_UNSUPPORTED || e == ASN1_E_VALUE) {
            buf_wipe_free(&plain);
            explicit_bzero(iv, sizeof iv);
            asn1_ctx_reset(ctx, obj->der.p, obj->der.len);
            return asn1_fail_at(ctx, 0, "DEK-Info", e, "cannot decrypt %s: %s", o->enc_alg,
                                e == ASN1_E_UNSUPPORTED ? "unsupported cipher" : "bad parameters or data");
        }
        if (e != ASN1_OK) {
            buf_wipe_free(&plain);
            last = e;
            continue;
        }
        /* the padding was right; garbage that decodes by chance still fails here */
        e = decode_owned(ctx, &plain, form, &o->priv);
        if (e == ASN1_OK) {
            explicit_bzero(iv, sizeof iv);
            o->pw_cand = (int)i;
            o->kind = CK_KEYOBJ_PRIVATE;
            return check_label(ctx, obj, &o->priv);
        }
        last = e;
    }
    explicit_bzero(iv, sizeof iv);
    asn1_ctx_reset(ctx, obj->der.p, obj->der.len);
    return asn1_fail_at(ctx, 0, "", last == ASN1_E_NOMEM ? last : ASN1_E_CRYPTO,
                        "wrong password for this key (%s, legacy PEM encryption)", o->enc_alg);
}

/* EncryptedPrivateKeyInfo (PKCS#8 / RFC 5958 3). */
static asn1_err load_epki(ck_keyobj *o, asn1_ctx *ctx, const in_obj *obj, const ck_keyload_opts *opts)
{
    o->enc = CK_KEY_ENC_PKCS8;
    asn1_ctx_reset(ctx, obj->der.p, obj->der.len);
    if (!opts || !opts->pws)
        return asn1_fail_at(ctx, 0, "EncryptedPrivateKeyInfo", ASN1_E_UNSUPPORTED,
                            "encrypted key: use keyconv, or give --pass");
    p12_alg alg;
    p12_pw_used used;
    char why[160] = "";
    memset(&alg, 0, sizeof alg);
    memset(&used, 0, sizeof used);
    buf_t plain = BUF_INIT;
    if (!buf_reserve(&plain, obj->der.len + 64))       /* never grown while it holds the key */
        return ASN1_E_NOMEM;
    asn1_err e = p12_epki_decrypt(obj->der, opts->pws, opts->max_iter ? opts->max_iter : CK_MAX_ITER_DEFAULT,
                                  &plain, &alg, &used, why, sizeof why);
    buf_t d = BUF_INIT;
    p12_alg_describe(&alg, &d);
    snprintf(o->enc_alg, sizeof o->enc_alg, "%s", buf_cstr(&d));
    buf_free(&d);
    if (e != ASN1_OK) {
        buf_wipe_free(&plain);
        asn1_ctx_reset(ctx, obj->der.p, obj->der.len);
        const char *what = e == ASN1_E_CRYPTO ? "wrong password for this key" : "cannot decrypt the key";
        if (strncmp(why, what, strlen(what)) == 0)
            return asn1_fail_at(ctx, 0, "EncryptedPrivateKeyInfo", e, "%s", why);
        return asn1_fail_at(ctx, 0, "EncryptedPrivateKeyInfo", e, "%s%s%s", what, why[0] ? ": " : "", why);
    }
    o->pw_cand = used.cand;
    TRY(decode_owned(ctx, &plain, CK_PRIV_FORM_PKCS8, &o->priv));
    o->kind = CK_KEYOBJ_PRIVATE;
    return ASN1_OK;
}

/* ------------------------------------------------------ public keys */

static asn1_err load_cert(ck_keyobj *o, asn1_ctx *ctx, span_t der)
{
    x509_cert *cert = calloc(1, sizeof *cert);
    if (!cert)
        return ASN1_E_NOMEM;
    asn1_err e = x509_cert_decode(ctx, der, cert);
    if (e == ASN1_OK) {
        buf_t b = BUF_INIT;
        o->pub = cert->pubkey;
        x509_name_rfc4514(&cert->subject, &b);
        o->subject = dup_buf(&b);
        buf_reset(&b);
        if (x509_name_cn(&cert->subject, &b))
            o->cn = dup_buf(&b);
        buf_free(&b);
        o->kind = CK_KEYOBJ_CERT;
    }
    free(cert);
    return e;
}

static asn1_err load_csr(ck_keyobj *o, asn1_ctx *ctx, span_t der)
{
    x509_csr *csr = calloc(1, sizeof *csr);
    if (!csr)
        return ASN1_E_NOMEM;
    asn1_err e = x509_csr_decode(ctx, der, csr);
    if (e == ASN1_OK) {
        buf_t b = BUF_INIT;
        o->pub = csr->pubkey;
        x509_name_rfc4514(&csr->subject, &b);
        o->subject = dup_buf(&b);
        buf_reset(&b);
        if (x509_name_cn(&csr->subject, &b))
            o->cn = dup_buf(&b);
        buf_free(&b);
        o->kind = CK_KEYOBJ_CSR;
    }
    free(csr);
    return e;
}

static asn1_err load_spki(ck_keyobj *o, asn1_ctx *ctx, span_t der)
{
    der_t root;
    asn1_ctx_reset(ctx, der.p, der.len);
    der_init(&root, ctx, NULL);
    TRY(spki_decode(&root, &o->pub));
    TRY(der_done(&root));
    o->kind = CK_KEYOBJ_PUBLIC;
    return ASN1_OK;
}

/* ------------------------------------------------------------- entry */

static asn1_kind label_kind(const in_obj *obj)
{
    if (!obj->label || !obj->label[0])
        return KIND_UNKNOWN;
    const char *alias = pem_label_alias(obj->label, strlen(obj->label));
    if (strcmp(obj->label, "RSA-PSS PRIVATE KEY") == 0)
        return KIND_RSA_PRIVATE;
    if (strcmp(obj->label, "ANY PRIVATE KEY") == 0)
        return KIND_PKCS8;
    return asn1_kind_from_label(alias ? alias : obj->label);
}

asn1_err ck_keyobj_load(ck_keyobj *o, asn1_ctx *ctx, const in_obj *obj, const ck_keyload_opts *opts)
{
    ck_keyobj_free(o);
    o->pw_cand = -1;
    span_t der = obj->der;
    asn1_ctx_reset(ctx, der.p, der.len);
    if (der.len == 0)
        return asn1_fail_at(ctx, 0, "", ASN1_E_TRUNCATED, "empty object");

    const char *foreign = obj->label && obj->label[0] ? pem_label_foreign(obj->label) : NULL;
    if (foreign)
        return asn1_fail_at(ctx, 0, "", ASN1_E_UNSUPPORTED, "this is %s", foreign);
    if (ck_pem_is_encrypted(obj))
        return load_legacy(o, ctx, obj, opts);
    if (obj->label && strcmp(obj->label, "DSA PUBLIC KEY") == 0 && !(opts && opts->want_private)) {
        TRY(copy_der(&o->der, der));
        TRY(dsa_public_decode(ctx, span_make(o->der.p, o->der.len), &o->pub));
        o->kind = CK_KEYOBJ_PUBLIC;
        return ASN1_OK;
    }
    asn1_kind lk = label_kind(obj);
    asn1_kind ck = asn1_classify(der);
    asn1_kind kind = lk != KIND_UNKNOWN ? lk : ck;
    /* the content decides between the private key forms; the label only when the content is damaged */
    switch (kind) {
    case KIND_PKCS8_ENCRYPTED:
        return load_epki(o, ctx, obj, opts);
    case KIND_PKCS8:
    case KIND_RSA_PRIVATE:
    case KIND_EC_PRIVATE:
    case KIND_DSA_PRIVATE: {
        if (ck == KIND_PKCS8_ENCRYPTED)
            return load_epki(o, ctx, obj, opts);
        buf_t mine = BUF_INIT;
        TRY(copy_der(&mine, der));
        ck_privkey_form lf = CK_PRIV_FORM_NONE;
        if (obj->label && obj->label[0])
            lf = ck_privkey_form_from_label(strcmp(obj->label, "RSA-PSS PRIVATE KEY") == 0 ? "RSA PRIVATE KEY"
                                                                                         : obj->label);
        /* the content decides the form; the label only when the content is damaged */
        TRY(decode_owned(ctx, &mine, ck == KIND_UNKNOWN ? lf : CK_PRIV_FORM_NONE, &o->priv));
        o->kind = CK_KEYOBJ_PRIVATE;
        return check_label(ctx, obj, &o->priv);
    }
    default:
        break;
    }
    if (opts && opts->want_private) {
        if (kind == KIND_UNKNOWN) {
            /* the decoder says what is wrong, with offset and path (or finds a key classify missed) */
            buf_t mine = BUF_INIT;
            TRY(copy_der(&mine, der));
            TRY(decode_owned(ctx, &mine, CK_PRIV_FORM_NONE, &o->priv));
            o->kind = CK_KEYOBJ_PRIVATE;
            return ASN1_OK;
        }
        return asn1_fail_at(ctx, 0, "", ASN1_E_UNSUPPORTED, "this is %s %s, not a private key", asn1_kind_a(kind), asn1_kind_desc(kind));
    }
    switch (kind) {
    case KIND_CERTIFICATE: {
        /* "TRUSTED CERTIFICATE" carries OpenSSL's trust data after the certificate */
        uint64_t total;
        const char *why;
        if (ber_frame(der.p, der.len, ASN1_DEFAULT_MAX_DEPTH, &total, &why) == ASN1_OK && total < der.len &&
            obj->label && strcmp(obj->label, "TRUSTED CERTIFICATE") == 0)
            der.len = (size_t)total;
        TRY(copy_der(&o->der, der));
        return load_cert(o, ctx, span_make(o->der.p, o->der.len));
    }
    case KIND_CSR:
        TRY(copy_der(&o->der, der));
        return load_csr(o, ctx, span_make(o->der.p, o->der.len));
    case KIND_PUBLIC_KEY:
        TRY(copy_der(&o->der, der));
        return load_spki(o, ctx, span_make(o->der.p, o->der.len));
    case KIND_RSA_PUBLIC:
        TRY(copy_der(&o->der, der));
        TRY(ck_rsa_public_decode(ctx, span_make(o->der.p, o->der.len), &o->pub));
        o->kind = CK_KEYOBJ_PUBLIC;
        return ASN1_OK;
    case KIND_UNKNOWN: {
        /* damaged: let the private key decoder say where, if it looks like one */
        buf_t mine = BUF_INIT;
        TRY(copy_der(&mine, der));
        TRY(decode_owned(ctx, &mine, CK_PRIV_FORM_NONE, &o->priv));
        o->kind = CK_KEYOBJ_PRIVATE;
        return ASN1_OK;
    }
    default: {
        const char *tool = asn1_kind_tool(kind);
        if (tool && strcmp(tool, "keymatch") != 0 && strcmp(tool, "keyconv") != 0 && strcmp(tool, "asn1dump") != 0)
            return asn1_fail_at(ctx, 0, "", ASN1_E_UNSUPPORTED, "this is %s %s; it holds no key here (use %s)",
                                asn1_kind_a(kind), asn1_kind_desc(kind), tool);
        return asn1_fail_at(ctx, 0, "", ASN1_E_UNSUPPORTED, "this is %s %s; it holds no key",
                            asn1_kind_a(kind), asn1_kind_desc(kind));
    }
    }
}

const ck_pubkey *ck_keyobj_public(const ck_keyobj *o)
{
    switch (o->kind) {
    case CK_KEYOBJ_PRIVATE: return ck_privkey_public(&o->priv);
    case CK_KEYOBJ_PUBLIC:
    case CK_KEYOBJ_CERT:
    case CK_KEYOBJ_CSR: return &o->pub;
    default: return NULL;
    }
}

const char *ck_keyobj_alg(const ck_keyobj *o)
{
    if (o->kind == CK_KEYOBJ_PRIVATE)
        return ck_privkey_alg_name(&o->priv);
    return ck_key_type_name(o->kind == CK_KEYOBJ_NONE ? CK_KEY_NONE : o->pub.type);
}

size_t ck_keyobj_bits(const ck_keyobj *o)
{
    if (o->kind == CK_KEYOBJ_PRIVATE)
        return o->priv.bits;
    return o->kind == CK_KEYOBJ_NONE ? 0 : ck_pubkey_bits(&o->pub);
}

void ck_keyobj_free(ck_keyobj *o)
{
    ck_privkey_free(&o->priv);
    buf_wipe_free(&o->der);
    free(o->subject);
    free(o->cn);
    explicit_bzero(o, sizeof *o);
}
