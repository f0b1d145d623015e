/*
 * verify.c - the signature algorithm table, hashes, one-time crypto set-up,
 * RSASSA-PSS parameters, Ed25519, and the one verification path: prepare() checks
 * the algorithm, its parameters and the key and finds the hash, finish() hands the
 * digest to the scheme (verify_rsa.c, verify_ec.c, verify_dsa.c).  ck_verify()
 * hashes the signed bytes between the two; ck_verify_digest() takes a digest the
 * caller computed (in pieces, e.g. over a mapped CRL of 46 MB).
 */
#include "x509/verify_impl.h"
#include "x509/key.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ set-up */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static bool sodium_ok;

static void sodium_init_once(void)
{
    sodium_ok = sodium_init() >= 0;
}

/* libtomcrypt (shared with pkcs12/, idempotent) and libsodium, once. */
static bool verify_init(void)
{
    ck_crypto_init();
    pthread_once(&sodium_once, sodium_init_once);
    return sodium_ok;
}

const char *ck_hash_label(ck_hash h)
{
    const char *n = ck_hash_name(h);
    return n ? n : "none";
}

bool ck_hash_usable(ck_hash h)
{
    /* MD2 and MD4 are refused on purpose: collisions and preimages are practical */
    return h != CK_HASH_NONE && h != CK_HASH_MD2 && h != CK_HASH_MD4 && ck_hash_len(h) != 0;
}

bool ck_hash_compute(ck_hash h, span_t data, uint8_t *out)
{
    static const uint8_t empty[1];
    if (!ck_hash_usable(h))
        return false;
    return ck_hash_memory(h, data.len ? data.p : empty, data.len, out) == ASN1_OK;
}

/* ------------------------------------------------------- signature table */

#define ROW(o, scheme, key, hash, ok) { OID_##o, CK_SIG_##scheme, CK_KEY_##key, CK_HASH_##hash, ok }
static const ck_sig_alg sig_algs[] = {
    /* RSASSA-PKCS1-v1_5 (RFC 8017, RFC 4055, NIST CSOR for SHA-3) */
    ROW(md2WithRSAEncryption,        RSA_PKCS1, RSA, MD2, false),
    ROW(md4WithRSAEncryption,        RSA_PKCS1, RSA, MD4, false),
    ROW(md5WithRSAEncryption,        RSA_PKCS1, RSA, MD5, true),
    ROW(oiw_md5WithRSASignature,     RSA_PKCS1, RSA, MD5, true),
    ROW(sha1WithRSAEncryption,       RSA_PKCS1, RSA, SHA1, true),
    ROW(oiw_sha1WithRSASignature,    RSA_PKCS1, RSA, SHA1, true),
    ROW(sha224WithRSAEncryption,     RSA_PKCS1, RSA, SHA224, true),
    ROW(sha256WithRSAEncryption,     RSA_PKCS1, RSA, SHA256, true),
    ROW(sha384WithRSAEncryption,     RSA_PKCS1, RSA, SHA384, true),
    ROW(sha512WithRSAEncryption,     RSA_PKCS1, RSA, SHA512, true),
    ROW(sha512_224WithRSAEncryption, RSA_PKCS1, RSA, SHA512_224, true),
    ROW(sha512_256WithRSAEncryption, RSA_PKCS1, RSA, SHA512_256, true),
    ROW(rsa_with_SHA3_224,           RSA_PKCS1, RSA, SHA3_224, true),
    ROW(rsa_with_SHA3_256,           RSA_PKCS1, RSA, SHA3_256, true),
    ROW(rsa_with_SHA3_384,           RSA_PKCS1, RSA, SHA3_384, true),
    ROW(rsa_with_SHA3_512,           RSA_PKCS1, RSA, SHA3_512, true),
    /* RSASSA-PSS: the hashes come from the parameters */
    ROW(rsassa_pss,                  RSA_PSS, RSA, NONE, true),
    /* ECDSA (RFC 3279, RFC 5758, NIST CSOR) */
    ROW(ecdsa_with_SHA1,             ECDSA, EC, SHA1, true),
    ROW(ecdsa_with_SHA224,           ECDSA, EC, SHA224, true),
    ROW(ecdsa_with_SHA256,           ECDSA, EC, SHA256, true),
    ROW(ecdsa_with_SHA384,           ECDSA, EC, SHA384, true),
    ROW(ecdsa_with_SHA512,           ECDSA, EC, SHA512, true),
    ROW(ecdsa_with_SHA3_224,         ECDSA, EC, SHA3_224, true),
    ROW(ecdsa_with_SHA3_256,         ECDSA, EC, SHA3_256, true),
    ROW(ecdsa_with_SHA3_384,         ECDSA, EC, SHA3_384, true),
    ROW(ecdsa_with_SHA3_512,         ECDSA, EC, SHA3_512, true),
    /* DSA (RFC 3279, RFC 5758, NIST CSOR) */
    ROW(dsa_with_SHA1,               DSA, DSA, SHA1, true),
    ROW(oiw_dsaWithSHA1,             DSA, DSA, SHA1, true),
    ROW(dsa_with_SHA224,             DSA, DSA, SHA224, true),
    ROW(dsa_with_SHA256,             DSA, DSA, SHA256, true),
    ROW(dsa_with_SHA384,             DSA, DSA, SHA384, true),
    ROW(dsa_with_SHA512,             DSA, DSA, SHA512, true),
    ROW(dsa_with_SHA3_224,           DSA, DSA, SHA3_224, true),
    ROW(dsa_with_SHA3_256,           DSA, DSA, SHA3_256, true),
    ROW(dsa_with_SHA3_384,           DSA, DSA, SHA3_384, true),
    ROW(dsa_with_SHA3_512,           DSA, DSA, SHA3_512, true),
    /* EdDSA (RFC 8410): the message itself is signed */
    ROW(Ed25519,                     ED25519, ED25519, NONE, true),
    ROW(Ed448,                       ED448, ED448, NONE, false),
    /* named so that they are reported as unsupported, not as unknown */
    ROW(gost3411_94_with_gost3410_2001, GOST, GOST, NONE, false),
    ROW(gost3411_94_with_gost3410_94,   GOST, GOST, NONE, false),
    ROW(gost3410_12_256_with_3411_12,   GOST, GOST, NONE, false),
    ROW(gost3410_12_512_with_3411_12,   GOST, GOST, NONE, false),
    ROW(sm2_with_sm3,                   SM2, EC, NONE, false),
};
#undef ROW

const ck_sig_alg *ck_sig_alg_by_id(oid_id id)
{
    if (id == OID_UNKNOWN)
        return NULL;
    for (size_t i = 0; i < sizeof sig_algs / sizeof sig_algs[0]; i++)
        if (sig_algs[i].oid == id)
            return &sig_algs[i];
    return NULL;
}

const ck_sig_alg *ck_sig_alg_find(span_t oid)
{
    return ck_sig_alg_by_id(oid_lookup(oid));
}

/* ------------------------------------------------------------ key helpers */

static const char *const key_names[CK_KEY__COUNT] = {
    [CK_KEY_NONE] = "none",       [CK_KEY_RSA] = "rsa",       [CK_KEY_RSA_PSS] = "rsa-pss",
    [CK_KEY_EC] = "ec",           [CK_KEY_ED25519] = "ed25519", [CK_KEY_ED448] = "ed448",
    [CK_KEY_X25519] = "x25519",   [CK_KEY_X448] = "x448",     [CK_KEY_DSA] = "dsa",
    [CK_KEY_GOST] = "gost",       [CK_KEY_OTHER] = "other",
};

const char *ck_key_type_name(ck_key_type t)
{
    return (unsigned)t < CK_KEY__COUNT ? key_names[t] : "?";
}

static const struct curve_row {
    const char *name;
    oid_id oid;
    size_t bits;
} curves[CK_CURVE__COUNT] = {
    [CK_CURVE_NONE]             = { NULL, OID_UNKNOWN, 0 },
    [CK_CURVE_P192]             = { "P-192", OID_prime192v1, 192 },
    [CK_CURVE_P224]             = { "P-224", OID_secp224r1, 224 },
    [CK_CURVE_P256]             = { "P-256", OID_prime256v1, 256 },
    [CK_CURVE_P384]             = { "P-384", OID_secp384r1, 384 },
    [CK_CURVE_P521]             = { "P-521", OID_secp521r1, 521 },
    [CK_CURVE_SECP256K1]        = { "secp256k1", OID_secp256k1, 256 },
    [CK_CURVE_BRAINPOOL_P256R1] = { "brainpoolP256r1", OID_brainpoolP256r1, 256 },
    [CK_CURVE_BRAINPOOL_P384R1] = { "brainpoolP384r1", OID_brainpoolP384r1, 384 },
    [CK_CURVE_BRAINPOOL_P512R1] = { "brainpoolP512r1", OID_brainpoolP512r1, 512 },
    [CK_CURVE_SM2]              = { "SM2", OID_sm2, 256 },
    [CK_CURVE_OTHER]            = { NULL, OID_UNKNOWN, 0 },
    [CK_CURVE_EXPLICIT]         = { "explicit", OID_UNKNOWN, 0 },
};

const char *ck_curve_name(ck_curve c)
{
    return (unsigned)c < CK_CURVE__COUNT ? curves[c].name : NULL;
}

ck_curve ck_curve_from_oid(span_t oid)
{
    oid_id id = oid_lookup(oid);
    if (id != OID_UNKNOWN)
        for (int c = 1; c < CK_CURVE__COUNT; c++)
            if (curves[c].oid == id)
                return (ck_curve)c;
    return CK_CURVE_OTHER;
}

/* The size of an EC key as OpenSSL reports it (EC_GROUP_order_bits): the named curve's,
 * for explicit parameters the curve they spell out or else the bit length of their order. */
static size_t ec_bits(const ck_pubkey *key)
{
    ck_curve c = key->curve == CK_CURVE_EXPLICIT ? ck_ec_explicit_curve(key->alg_params) : key->curve;
    if ((unsigned)c < CK_CURVE__COUNT && curves[c].bits)
        return curves[c].bits;
    return key->curve == CK_CURVE_EXPLICIT ? ck_ec_explicit_order_bits(key->alg_params) : 0;
}

size_t ck_pubkey_bits(const ck_pubkey *key)
{
    if (!key)
        return 0;
    switch (key->type) {
    case CK_KEY_RSA:
    case CK_KEY_RSA_PSS: return asn1_int_bits(key->rsa_n);
    case CK_KEY_EC: return ec_bits(key);
    case CK_KEY_DSA: return asn1_int_bits(key->dsa_p);
    /* as OpenSSL reports them (EVP_PKEY_get_bits) */
    case CK_KEY_ED25519: return 253;
    case CK_KEY_X25519: return 253;
    case CK_KEY_ED448: return 456;
    case CK_KEY_X448: return 448;
    default: return 0;
    }
}

/* --------------------------------------------------------- shared helpers */

void ck_detail(char *d, size_t n, const char *fmt, ...)
{
    if (!d || n == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d, n, fmt, ap);
    va_end(ap);
}

bool ck_mp_from_int(mp_int *a, span_t v, size_t max_bytes)
{
    if (v.len == 0 || !v.p || (v.p[0] & 0x80))
        return false;
    while (v.len > 0 && v.p[0] == 0) {
        v.p++;
        v.len--;
    }
    if (v.len > max_bytes)
        return false;
    if (v.len == 0) {
        mp_zero(a);
        return true;
    }
    return mp_from_ubin(a, v.p, v.len) == MP_OKAY;
}

bool ck_mp_from_digest(mp_int *e, const uint8_t *digest, size_t dlen, int bits)
{
    if (bits <= 0)
        return false;
    size_t take = dlen;
    if ((size_t)bits < dlen * 8)
        take = ((size_t)bits + 7) / 8;
    if (take == 0) {
        mp_zero(e);
        return true;
    }
    if (mp_from_ubin(e, digest, take) != MP_OKAY)
        return false;
    /* keep only the leftmost `bits` bits when the cut falls inside a byte */
    if (take * 8 > (size_t)bits && (size_t)bits < dlen * 8)
        if (mp_div_2d(e, (int)(take * 8 - (size_t)bits), e, NULL) != MP_OKAY)
            return false;
    return true;
}

bool ck_sig_rs_decode(span_t sig, span_t *r, span_t *s, char *why, size_t whylen)
{
    asn1_ctx ctx;
    der_t c, seq;
    span_t rv, sv;
    asn1_ctx_init(&ctx, sig.p, sig.len);
    ctx.strict = true; /* a signature has one encoding: no BER, no non-minimal INTEGER */
    der_init(&c, &ctx, "signature");
    if (der_enter(&c, ASN1_SEQUENCE, "", &seq) != ASN1_OK || der_read_int(&seq, "r", &rv) != ASN1_OK ||
        der_read_int(&seq, "s", &sv) != ASN1_OK || der_done(&seq) != ASN1_OK || der_done(&c) != ASN1_OK) {
        ck_detail(why, whylen, "malformed signature value: offset %zu: %s: %s", ctx.err.offset,
                  ctx.err.path, ctx.err.msg);
        return false;
    }
    if ((rv.p[0] & 0x80) || (sv.p[0] & 0x80)) {
        ck_detail(why, whylen, "malformed signature value: negative %s", (rv.p[0] & 0x80) ? "r" : "s");
        return false;
    }
    *r = rv;
    *s = sv;
    return true;
}

/* ---------------------------------------------------------- PSS parameters */

/* HashAlgorithm ::= AlgorithmIdentifier { {HashAlgorithms} }: parameters NULL or absent. */
static asn1_err read_hash_alg(der_t *c, const char *field, ck_hash *h, span_t *oid)
{
    der_t alg;
    TRY(der_enter(c, ASN1_SEQUENCE, field, &alg));
    size_t at = der_offset(&alg);
    TRY(der_read_oid(&alg, "algorithm", oid));
    if (!der_empty(&alg))
        TRY(der_read_null(&alg, "parameters"));
    TRY(der_done(&alg));
    *h = ck_hash_from_oid(oid_lookup(*oid));
    if (*h == CK_HASH_NONE) {
        char txt[96];
        if (asn1_oid_to_text(*oid, txt, sizeof txt) != ASN1_OK)
            snprintf(txt, sizeof txt, "?");
        return der_fail(&alg, at, "algorithm", ASN1_E_UNSUPPORTED, "unknown hash algorithm %s", txt);
    }
    return ASN1_OK;
}

asn1_err ck_pss_params_decode(der_t *c, const char *field, ck_pss_params *out)
{
    der_t seq, t, mgf;
    bool present;
    size_t at;
    memset(out, 0, sizeof *out);
    out->hash = CK_HASH_SHA1;
    out->mgf_hash = CK_HASH_SHA1;
    out->salt_len = 20;
    out->trailer = 1;

    /* RSASSA-PSS-params ::= SEQUENCE { */
    TRY(der_enter(c, ASN1_SEQUENCE, field, &seq));
    /*   hashAlgorithm [0] HashAlgorithm DEFAULT sha1, */
    at = der_offset(&seq);
    TRY(der_enter_opt(&seq, ASN1_CTX_C(0), "hashAlgorithm", &t, &present));
    if (present) {
        TRY(read_hash_alg(&t, "", &out->hash, &out->hash_oid));
        TRY(der_done(&t));
        if (out->hash == CK_HASH_SHA1)
            TRY(der_warn(&seq, at, "hashAlgorithm", "DEFAULT value sha1 encoded (X.690 11.5)"));
    }
    /*   maskGenAlgorithm [1] MaskGenAlgorithm DEFAULT mgf1SHA1, */
    at = der_offset(&seq);
    TRY(der_enter_opt(&seq, ASN1_CTX_C(1), "maskGenAlgorithm", &t, &present));
    if (present) {
        TRY(der_enter(&t, ASN1_SEQUENCE, "", &mgf));
        size_t oid_at = der_offset(&mgf);
        TRY(der_read_oid(&mgf, "algorithm", &out->mgf_oid));
        if (!oid_is(out->mgf_oid, OID_mgf1)) {
            char txt[96];
            if (asn1_oid_to_text(out->mgf_oid, txt, sizeof txt) != ASN1_OK)
                snprintf(txt, sizeof txt, "?");
            return der_fail(&mgf, oid_at, "algorithm", ASN1_E_UNSUPPORTED,
                            "unknown mask generation function %s", txt);
        }
        /* MGF1's parameters: the HashAlgorithm */
        TRY(read_hash_alg(&mgf, "parameters", &out->mgf_hash, &out->mgf_hash_oid));
        TRY(der_done(&mgf));
        TRY(der_done(&t));
        if (out->mgf_hash == CK_HASH_SHA1)
            TRY(der_warn(&seq, at, "maskGenAlgorithm", "DEFAULT value mgf1SHA1 encoded (X.690 11.5)"));
    }
    /*   saltLength [2] INTEGER DEFAULT 20, */
    at = der_offset(&seq);
    TRY(der_enter_opt(&seq, ASN1_CTX_C(2), "saltLength", &t, &present));
    if (present) {
        TRY(der_read_int64(&t, "", &out->salt_len));
        TRY(der_done(&t));
        if (out->salt_len < 0 || out->salt_len > 8192)
            return der_fail(&seq, at, "saltLength", ASN1_E_VALUE, "saltLength %lld is out of range",
                            (long long)out->salt_len);
        if (out->salt_len == 20)
            TRY(der_warn(&seq, at, "saltLength", "DEFAULT value 20 encoded (X.690 11.5)"));
    }
    /*   trailerField [3] TrailerField DEFAULT trailerFieldBC } */
    at = der_offset(&seq);
    TRY(der_enter_opt(&seq, ASN1_CTX_C(3), "trailerField", &t, &present));
    if (present) {
        TRY(der_read_int64(&t, "", &out->trailer));
        TRY(der_done(&t));
        if (out->trailer != 1)
            return der_fail(&seq, at, "trailerField", ASN1_E_VALUE,
                            "trailerField %lld (RFC 4055 allows only 1)", (long long)out->trailer);
        TRY(der_warn(&seq, at, "trailerField", "DEFAULT value 1 encoded (X.690 11.5)"));
    }
    return der_done(&seq);
}

/* ------------------------------------------------------------------ verify */

const char *ck_verify_result_name(ck_verify_result r)
{
    switch (r) {
    case CK_VERIFY_VALID: return "valid";
    case CK_VERIFY_INVALID: return "invalid";
    case CK_VERIFY_UNSUPPORTED: return "unsupported";
    case CK_VERIFY_ERROR: return "error";
    }
    return "?";
}

/* The algorithm's name for messages: its table name, or its dotted OID. */
static void alg_label(span_t oid, char *out, size_t n)
{
    const char *name = oid_name(oid_lookup(oid));
    if (name) {
        snprintf(out, n, "%s", name);
        return;
    }
    if (asn1_oid_to_text(oid, out, n) != ASN1_OK)
        snprintf(out, n, "(malformed OID)");
}

/* Decodes PSS parameters from their DER; fills detail and returns the outcome on failure. */
static ck_verify_result pss_params(span_t der, const char *what, ck_pss_params *pss, char *detail,
                                   size_t n)
{
    asn1_ctx ctx;
    der_t c;
    asn1_ctx_init(&ctx, der.p, der.len);
    der_init(&c, &ctx, NULL);
    asn1_err e = ck_pss_params_decode(&c, "RSASSA-PSS-params", pss);
    if (e == ASN1_OK)
        e = der_done(&c);
    if (e == ASN1_OK)
        return CK_VERIFY_VALID;
    if (e == ASN1_E_UNSUPPORTED) {
        ck_detail(detail, n, "cannot verify: unsupported algorithm rsassaPss (%s: %s)", what,
                  ctx.err.msg);
        return CK_VERIFY_UNSUPPORTED;
    }
    ck_detail(detail, n, "malformed %s: offset %zu: %s: %s", what, ctx.err.offset, ctx.err.path,
              ctx.err.msg);
    return CK_VERIFY_ERROR;
}

static ck_verify_result verify_ed25519(const ck_pubkey *key, span_t msg, span_t sig, char *detail,
                                       size_t n)
{
    static const uint8_t empty[1];
    if (key->raw.len != crypto_sign_PUBLICKEYBYTES) {
        ck_detail(detail, n, "malformed Ed25519 key: %zu bytes, not 32", key->raw.len);
        return CK_VERIFY_ERROR;
    }
    if (sig.len != crypto_sign_BYTES) {
        ck_detail(detail, n, "Ed25519 signature is %zu bytes, not 64", sig.len);
        return CK_VERIFY_INVALID;
    }
    if (!verify_init()) {
        ck_detail(detail, n, "libsodium could not be initialised");
        return CK_VERIFY_ERROR;
    }
    if (crypto_sign_verify_detached(sig.p, msg.len ? msg.p : empty, msg.len, key->raw.p) != 0) {
        ck_detail(detail, n, "Ed25519 signature does not match");
        return CK_VERIFY_INVALID;
    }
    return CK_VERIFY_VALID;
}

/* A short description of the key for messages: "2048-bit RSA", "P-256 EC", "Ed25519". */
static void key_label(const ck_pubkey *key, char *out, size_t n)
{
    switch (key->type) {
    case CK_KEY_RSA:
    case CK_KEY_RSA_PSS:
    case CK_KEY_DSA:
        snprintf(out, n, "%zu-bit %s", ck_pubkey_bits(key),
                 key->type == CK_KEY_DSA ? "DSA" : key->type == CK_KEY_RSA ? "RSA" : "RSA-PSS");
        break;
    case CK_KEY_EC:
        snprintf(out, n, "%s EC", ck_curve_name(key->curve) ? ck_curve_name(key->curve) : "unknown-curve");
        break;
    case CK_KEY_ED25519: snprintf(out, n, "Ed25519"); break;
    default: snprintf(out, n, "%s", ck_key_type_name(key->type)); break;
    }
}

static bool key_fits(const ck_sig_alg *alg, const ck_pubkey *key)
{
    if (alg->scheme == CK_SIG_RSA_PSS)
        return key->type == CK_KEY_RSA || key->type == CK_KEY_RSA_PSS;
    return key->type == alg->key;
}

/* Checks a PSS signature's parameters against an id-RSASSA-PSS key's restrictions (RFC 4055 3.3). */
static ck_verify_result pss_key_restrictions(const ck_pubkey *key, const ck_pss_params *sig,
                                             char *detail, size_t n)
{
    ck_pss_params kp;
    if (key->type != CK_KEY_RSA_PSS || key->alg_params.len == 0)
        return CK_VERIFY_VALID;
    ck_verify_result r = pss_params(key->alg_params, "RSASSA-PSS key parameters", &kp, detail, n);
    if (r != CK_VERIFY_VALID)
        return r;
    if (kp.hash != sig->hash || kp.mgf_hash != sig->mgf_hash || sig->salt_len < kp.salt_len) {
        ck_detail(detail, n, "the key is restricted to RSASSA-PSS with %s, MGF1-%s, salt >= %lld; "
                  "the signature uses %s, MGF1-%s, salt %lld", ck_hash_label(kp.hash),
                  ck_hash_label(kp.mgf_hash), (long long)kp.salt_len, ck_hash_label(sig->hash),
                  ck_hash_label(sig->mgf_hash), (long long)sig->salt_len);
        return CK_VERIFY_INVALID;
    }
    return CK_VERIFY_VALID;
}

/*
 * What every verification shares, in one place: the algorithm row, its hash (for PSS
 * from the parameters), and, when a key is given, the key checks.  The order of the
 * checks, and so which message a bad input gets, is the one ck_verify() always had:
 * algorithm, key, parameters, hash.
 */
typedef struct prepared {
    const ck_sig_alg *alg;
    ck_hash hash;            /* CK_HASH_NONE for Ed25519 (the message itself is signed) */
    ck_pss_params pss;       /* RSA-PSS only */
    char name[96];           /* the algorithm's name for messages */
} prepared;

static ck_verify_result prepare(span_t sig_alg_oid, span_t sig_alg_params, bool with_key,
                                const ck_pubkey *key, prepared *p, char *detail, size_t detail_len)
{
    ck_verify_result r;
    memset(p, 0, sizeof *p);
    ck_detail(detail, detail_len, "%s", "");
    verify_init();
    alg_label(sig_alg_oid, p->name, sizeof p->name);
    const char *name = p->name;

    const ck_sig_alg *alg = ck_sig_alg_find(sig_alg_oid);
    if (!alg || !alg->supported) {
        ck_detail(detail, detail_len, "cannot verify: unsupported algorithm %s", name);
        return CK_VERIFY_UNSUPPORTED;
    }
    p->alg = alg;
    if (with_key) {
        if (!key || key->type == CK_KEY_NONE) {
            ck_detail(detail, detail_len, "no public key to verify %s with", name);
            return CK_VERIFY_ERROR;
        }
        if (!key_fits(alg, key)) {
            ck_detail(detail, detail_len, "%s needs %s key; this key is %s", name,
                      alg->key == CK_KEY_RSA ? "an RSA" : alg->key == CK_KEY_EC ? "an EC"
                      : alg->key == CK_KEY_DSA ? "a DSA" : "an Ed25519", ck_key_type_name(key->type));
            return CK_VERIFY_INVALID;
        }
        if (alg->scheme == CK_SIG_RSA_PKCS1 && key->type == CK_KEY_RSA_PSS) {
            ck_detail(detail, detail_len, "%s: the key is restricted to RSASSA-PSS (RFC 4055)", name);
            return CK_VERIFY_INVALID;
        }
    }

    /* parameters */
    if (alg->scheme == CK_SIG_RSA_PSS) {
        if (sig_alg_params.len == 0) {
            ck_detail(detail, detail_len, "malformed rsassaPss: the parameters are absent (RFC 4055 3.1)");
            return CK_VERIFY_ERROR;
        }
        r = pss_params(sig_alg_params, "RSASSA-PSS parameters", &p->pss, detail, detail_len);
        if (r != CK_VERIFY_VALID)
            return r;
        if (!ck_hash_usable(p->pss.hash) || !ck_hash_usable(p->pss.mgf_hash)) {
            ck_detail(detail, detail_len, "cannot verify: unsupported algorithm rsassaPss with %s, MGF1-%s",
                      ck_hash_label(p->pss.hash), ck_hash_label(p->pss.mgf_hash));
            return CK_VERIFY_UNSUPPORTED;
        }
        if (with_key && (r = pss_key_restrictions(key, &p->pss, detail, detail_len)) != CK_VERIFY_VALID)
            return r;
        p->hash = p->pss.hash;
    } else {
        /* RFC 4055 2.1 / RFC 5758 3.2 / RFC 8410 3: NULL or absent */
        if (sig_alg_params.len != 0 &&
            !(sig_alg_params.len == 2 && sig_alg_params.p[0] == 0x05 && sig_alg_params.p[1] == 0x00)) {
            ck_detail(detail, detail_len, "malformed %s: unexpected algorithm parameters", name);
            return CK_VERIFY_ERROR;
        }
        p->hash = alg->hash;
    }
    if (alg->scheme != CK_SIG_ED25519 && !ck_hash_usable(p->hash)) {
        ck_detail(detail, detail_len, "cannot verify: unsupported algorithm %s (hash %s)", name,
                  ck_hash_label(p->hash));
        return CK_VERIFY_UNSUPPORTED;
    }
    return CK_VERIFY_VALID;
}

/* The scheme's check of a prepared verification (digest, or for Ed25519 the message),
 * and the one-line detail every outcome gets. */
static ck_verify_result finish(const prepared *p, const ck_pubkey *key, const uint8_t *digest, size_t dlen,
                               span_t message, span_t signature, char *detail, size_t detail_len)
{
    char kl[48];
    ck_verify_result r;
    const char *name = p->name;
    key_label(key, kl, sizeof kl);
    switch (p->alg->scheme) {
    case CK_SIG_ED25519:
        r = verify_ed25519(key, message, signature, detail, detail_len);
        break;
    case CK_SIG_RSA_PKCS1:
        r = ck_verify_rsa(key, p->hash, NULL, digest, dlen, signature, detail, detail_len);
        break;
    case CK_SIG_RSA_PSS:
        r = ck_verify_rsa(key, p->hash, &p->pss, digest, dlen, signature, detail, detail_len);
        break;
    case CK_SIG_ECDSA:
        r = ck_verify_ecdsa(key, digest, dlen, signature, detail, detail_len);
        break;
    case CK_SIG_DSA:
        r = ck_verify_dsa(key, digest, dlen, signature, detail, detail_len);
        break;
    default:
        ck_detail(detail, detail_len, "cannot verify: unsupported algorithm %s", name);
        r = CK_VERIFY_UNSUPPORTED;
        break;
    }
    if (r == CK_VERIFY_VALID) {
        if (p->alg->scheme == CK_SIG_RSA_PSS)
            ck_detail(detail, detail_len, "valid: %s (%s, MGF1-%s, salt %lld), %s key", name,
                      ck_hash_label(p->pss.hash), ck_hash_label(p->pss.mgf_hash), (long long)p->pss.salt_len, kl);
        else
            ck_detail(detail, detail_len, "valid: %s, %s key", name, kl);
    } else if (r == CK_VERIFY_INVALID && detail && detail_len > 0) {
        /* prefix the reason with the algorithm and key, once */
        char why[160];
        snprintf(why, sizeof why, "%s", detail);
        ck_detail(detail, detail_len, "invalid %s signature (%s key): %s", name, kl, why);
    }
    return r;
}

ck_verify_result ck_sig_alg_hash(span_t sig_alg_oid, span_t sig_alg_params, ck_hash *h, char *detail,
                                 size_t detail_len)
{
    prepared p;
    if (h)
        *h = CK_HASH_NONE;
    ck_verify_result r = prepare(sig_alg_oid, sig_alg_params, false, NULL, &p, detail, detail_len);
    if (r == CK_VERIFY_VALID && h)
        *h = p.hash;
    return r;
}

ck_verify_result ck_verify_digest(ck_hash h, const uint8_t *digest, size_t dlen, span_t sig_alg_oid,
                                  span_t sig_alg_params, span_t signature, const ck_pubkey *key,
                                  char *detail, size_t detail_len)
{
    prepared p;
    ck_verify_result r = prepare(sig_alg_oid, sig_alg_params, true, key, &p, detail, detail_len);
    if (r != CK_VERIFY_VALID)
        return r;
    if (p.alg->scheme == CK_SIG_ED25519) {
        ck_detail(detail, detail_len, "%s signs the message itself, not a digest: verify it whole (ck_verify)",
                  p.name);
        return CK_VERIFY_ERROR;
    }
    if (h != p.hash) {
        ck_detail(detail, detail_len, "%s needs a %s digest; this one is %s", p.name, ck_hash_label(p.hash),
                  ck_hash_label(h));
        return CK_VERIFY_ERROR;
    }
    if (!digest || dlen != ck_hash_len(h)) {
        ck_detail(detail, detail_len, "a %s digest is %zu bytes, not %zu", ck_hash_label(h), ck_hash_len(h), dlen);
        return CK_VERIFY_ERROR;
    }
    return finish(&p, key, digest, dlen, span_make(NULL, 0), signature, detail, detail_len);
}

ck_verify_result ck_verify(span_t signed_bytes, span_t sig_alg_oid, span_t sig_alg_params,
                           span_t signature, const ck_pubkey *key, char *detail, size_t detail_len)
{
    prepared p;
    uint8_t digest[CK_HASH_MAX_LEN];
    ck_verify_result r = prepare(sig_alg_oid, sig_alg_params, true, key, &p, detail, detail_len);
    if (r != CK_VERIFY_VALID)
        return r;
    if (p.alg->scheme == CK_SIG_ED25519) /* cannot be prehashed: the one-shot path */
        return finish(&p, key, NULL, 0, signed_bytes, signature, detail, detail_len);
    if (!ck_hash_compute(p.hash, signed_bytes, digest)) {
        ck_detail(detail, detail_len, "cannot verify: unsupported algorithm %s (hash %s)", p.name,
                  ck_hash_label(p.hash));
        return CK_VERIFY_UNSUPPORTED;
    }
    r = finish(&p, key, digest, ck_hash_len(p.hash), span_make(NULL, 0), signature, detail, detail_len);
    explicit_bzero(digest, sizeof digest);
    return r;
}
