/* Unit tests for signature verification (x509/verify*.c) and SubjectPublicKeyInfo
 * decoding (x509/spki.c).  Known answers come from testdata/verify/vectors.inc,
 * written by testdata/gen-verify-vectors.sh with the openssl command: requests
 * signed with every scheme (RSA PKCS#1 v1.5 with every hash, RSA-PSS with several
 * salt lengths and MGF hashes, ECDSA on P-192..P-521 with plain and compressed
 * points, Ed25519, DSA; Ed448, secp256k1 and brainpool for "unsupported"), and
 * bare signatures from `openssl pkeyutl`.  Each good signature must verify; the
 * same signature with a flipped bit, over a flipped message, under another key or
 * another hash must not; malformed keys, parameters and signatures must give
 * ERROR or INVALID, never a crash. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pem/pem.h"
#include "x509/verify.h"
#include "x509/verify_impl.h"

struct vkey {
    const char *name;
    ck_key_type type;
    ck_curve curve;
    const char *spki, *n, *e, *point, *raw, *p, *q, *g, *y;
};
struct vsig {
    const char *name, *key, *csr;
};
struct vraw {
    const char *name, *key;
    oid_id oid;
    const char *params, *msg, *sig;
};
#include "testdata/verify/vectors.inc"

#define NKEYS (sizeof vkeys / sizeof vkeys[0])
#define NSIGS (sizeof vsigs / sizeof vsigs[0])
#define NRAWS (sizeof vraws / sizeof vraws[0])

/* ------------------------------------------------------------- helpers */

/* Allocations of a test, freed by the teardown. */
static void *pool[4096];
static size_t npool;

static void *alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_lt(npool, sizeof pool / sizeof pool[0]);
    pool[npool++] = p;
    return p;
}

static void teardown(void)
{
    while (npool)
        free(pool[--npool]);
}

static span_t unhex(const char *h)
{
    size_t len = strlen(h);
    ck_assert_msg(len % 2 == 0, "odd hex length");
    uint8_t *p = alloc(len / 2);
    for (size_t i = 0; i < len / 2; i++) {
        unsigned v;
        ck_assert_msg(sscanf(h + 2 * i, "%2x", &v) == 1, "bad hex: %.20s", h + 2 * i);
        p[i] = (uint8_t)v;
    }
    return span_make(p, len / 2);
}

static span_t copy(span_t s)
{
    uint8_t *p = alloc(s.len);
    if (s.len)
        memcpy(p, s.p, s.len);
    return span_make(p, s.len);
}

static span_t flip(span_t s, size_t at, uint8_t mask)
{
    span_t c = copy(s);
    ck_assert_uint_lt(at, c.len);
    ((uint8_t *)c.p)[at] ^= mask;
    return c;
}

static const struct vkey *find_key(const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(vkeys[i].name, name) == 0)
            return &vkeys[i];
    ck_abort_msg("no key %s", name);
    return NULL;
}

static const struct vsig *find_sig(const char *name)
{
    for (size_t i = 0; i < NSIGS; i++)
        if (strcmp(vsigs[i].name, name) == 0)
            return &vsigs[i];
    ck_abort_msg("no vector %s", name);
    return NULL;
}

/* The key from openssl's printed components (independent of spki_decode). */
static ck_pubkey key_of(const struct vkey *k)
{
    ck_pubkey pk;
    memset(&pk, 0, sizeof pk);
    pk.type = k->type;
    pk.curve = k->curve;
    pk.rsa_n = unhex(k->n);
    pk.rsa_e = unhex(k->e);
    pk.ec_point = unhex(k->point);
    pk.raw = unhex(k->raw);
    pk.dsa_p = unhex(k->p);
    pk.dsa_q = unhex(k->q);
    pk.dsa_g = unhex(k->g);
    pk.dsa_y = unhex(k->y);
    return pk;
}

/* A signed object cut out of a PKCS#10 request with the DER cursor. */
struct signed_obj {
    span_t tbs, oid, params, sig, spki;
};

static struct signed_obj csr_parse(span_t der)
{
    struct signed_obj o;
    asn1_ctx ctx;
    der_t c, req, info, alg;
    asn1_elem e;
    span_t v;
    unsigned unused;
    memset(&o, 0, sizeof o);
    asn1_ctx_init(&ctx, der.p, der.len);
    der_init(&c, &ctx, "request");
    /* CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature } */
    ck_assert_int_eq(der_enter(&c, ASN1_SEQUENCE, "", &req), ASN1_OK);
    ck_assert_int_eq(der_read(&req, ASN1_SEQUENCE, "certificationRequestInfo", &e), ASN1_OK);
    o.tbs = e.der;
    ck_assert_int_eq(der_open(&req, &e, "certificationRequestInfo", -1, &info), ASN1_OK);
    ck_assert_int_eq(der_read_int(&info, "version", &v), ASN1_OK);
    ck_assert_int_eq(der_skip(&info, "subject"), ASN1_OK);
    ck_assert_int_eq(der_read(&info, ASN1_SEQUENCE, "subjectPKInfo", &e), ASN1_OK);
    o.spki = e.der;
    ck_assert_int_eq(der_enter(&req, ASN1_SEQUENCE, "signatureAlgorithm", &alg), ASN1_OK);
    ck_assert_int_eq(der_read_oid(&alg, "algorithm", &o.oid), ASN1_OK);
    if (!der_empty(&alg)) {
        ck_assert_int_eq(der_next(&alg, "parameters", &e), ASN1_OK);
        o.params = e.der;
    }
    ck_assert_int_eq(der_read_bits(&req, "signature", &o.sig, &unused), ASN1_OK);
    ck_assert_uint_eq(unused, 0);
    ck_assert_int_eq(der_done(&req), ASN1_OK);
    return o;
}

static asn1_err spki_of(span_t der, ck_pubkey *k, asn1_ctx *ctx)
{
    der_t c;
    asn1_ctx_init(ctx, der.p, der.len);
    der_init(&c, ctx, NULL);
    TRY(spki_decode(&c, k));
    return der_done(&c);
}

static bool unsupported_vector(const char *name)
{
    return strncmp(name, "ed448", 5) == 0 || strncmp(name, "k256", 4) == 0 ||
           strncmp(name, "bp256", 5) == 0;
}

static char detail[512];

static ck_verify_result verify(const struct signed_obj *o, const ck_pubkey *k)
{
    return ck_verify(o->tbs, o->oid, o->params, o->sig, k, detail, sizeof detail);
}

#define ASSERT_VERIFY(o, k, want, label)                                                          \
    do {                                                                                          \
        ck_verify_result r_ = verify((o), (k));                                                   \
        ck_assert_msg(r_ == (want), "%s: got %s, wanted %s (%s)", (label), ck_verify_result_name(r_), \
                      ck_verify_result_name(want), detail);                                       \
    } while (0)

/* Another key of the same type that did not make the signature. */
static const char *other_key(const char *k)
{
    if (strncmp(k, "rsa", 3) == 0 || strncmp(k, "pss", 3) == 0)
        return strcmp(k, "rsa2048b") == 0 ? "rsa2048" : "rsa2048b";
    if (k[0] == 'p')
        return strcmp(k, "p256b") == 0 ? "p256" : "p256b";
    if (strncmp(k, "ed25519", 7) == 0)
        return strcmp(k, "ed25519b") == 0 ? "ed25519" : "ed25519b";
    if (strncmp(k, "dsa", 3) == 0)
        return strcmp(k, "dsa2048") == 0 ? "dsa1024" : "dsa2048";
    return NULL;
}

/* ------------------------------------------------------ known answers */

START_TEST(test_vectors_verify)
{
    /* every request verifies (or is unsupported) with openssl's components and with spki_decode's */
    size_t valid = 0, unsupported = 0;
    for (size_t i = 0; i < NSIGS; i++) {
        const struct vsig *v = &vsigs[i];
        struct signed_obj o = csr_parse(unhex(v->csr));
        ck_pubkey k = key_of(find_key(v->key)), d;
        asn1_ctx ctx;
        ck_verify_result want = unsupported_vector(v->name) ? CK_VERIFY_UNSUPPORTED : CK_VERIFY_VALID;
        ASSERT_VERIFY(&o, &k, want, v->name);
        if (want == CK_VERIFY_UNSUPPORTED) {
            ck_assert_msg(strncmp(detail, "cannot verify: unsupported algorithm ", 37) == 0, "%s: %s", v->name, detail);
            unsupported++;
        } else {
            ck_assert_msg(strncmp(detail, "valid: ", 7) == 0, "%s: %s", v->name, detail);
            valid++;
        }
        ck_assert_int_eq(spki_of(o.spki, &d, &ctx), ASN1_OK);
        ASSERT_VERIFY(&o, &d, want, v->name);
    }
    ck_assert_uint_eq(valid + unsupported, NSIGS);
    ck_assert_uint_eq(unsupported, 3);
}
END_TEST

START_TEST(test_raw_vectors)
{
    for (size_t i = 0; i < NRAWS; i++) {
        const struct vraw *v = &vraws[i];
        struct signed_obj o = { unhex(v->msg), oid_der(v->oid), unhex(v->params), unhex(v->sig), { NULL, 0 } };
        ck_pubkey k = key_of(find_key(v->key));
        if (strstr(v->name, "-md5-oid")) { /* a DigestInfo naming MD5 around a SHA-256 digest */
            ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, v->name);
            ck_assert_ptr_nonnull(strstr(detail, "DigestInfo"));
            continue;
        }
        ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, v->name);
        /* a changed message */
        struct signed_obj m = o;
        m.tbs = o.tbs.len ? flip(o.tbs, o.tbs.len / 2, 0x01) : span_make("x", 1);
        ASSERT_VERIFY(&m, &k, CK_VERIFY_INVALID, v->name);
    }
}
END_TEST

START_TEST(test_tampered_signature)
{
    for (size_t i = 0; i < NSIGS; i++) {
        const struct vsig *v = &vsigs[i];
        if (unsupported_vector(v->name))
            continue;
        struct signed_obj o = csr_parse(unhex(v->csr)), t = o;
        ck_pubkey k = key_of(find_key(v->key));
        /* one flipped bit, last byte, middle byte */
        t.sig = flip(o.sig, o.sig.len - 1, 0x01);
        ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, v->name);
        t.sig = flip(o.sig, o.sig.len / 2, 0x10);
        ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, v->name);
        ck_assert_msg(strncmp(detail, "invalid ", 8) == 0 || strstr(detail, "signature") != NULL, "%s", detail);
    }
}
END_TEST

START_TEST(test_tampered_message)
{
    for (size_t i = 0; i < NSIGS; i++) {
        const struct vsig *v = &vsigs[i];
        if (unsupported_vector(v->name))
            continue;
        struct signed_obj o = csr_parse(unhex(v->csr)), t = o;
        ck_pubkey k = key_of(find_key(v->key));
        t.tbs = flip(o.tbs, o.tbs.len - 1, 0x80);
        ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, v->name);
        t.tbs = span_make(o.tbs.p, o.tbs.len - 1); /* one byte short */
        ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, v->name);
    }
}
END_TEST

START_TEST(test_wrong_key)
{
    for (size_t i = 0; i < NSIGS; i++) {
        const struct vsig *v = &vsigs[i];
        if (unsupported_vector(v->name))
            continue;
        const char *ok = other_key(v->key);
        ck_assert_msg(ok != NULL, "no other key for %s", v->key);
        struct signed_obj o = csr_parse(unhex(v->csr));
        ck_pubkey k = key_of(find_key(ok));
        ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, v->name);
    }
    /* a key of another type altogether */
    struct signed_obj o = csr_parse(unhex(find_sig("rsa2048-sha256")->csr));
    ck_pubkey ec = key_of(find_key("p256")), ed = key_of(find_key("ed25519"));
    ASSERT_VERIFY(&o, &ec, CK_VERIFY_INVALID, "RSA signature, EC key");
    ck_assert_ptr_nonnull(strstr(detail, "needs an RSA key"));
    o = csr_parse(unhex(find_sig("ed25519")->csr));
    ASSERT_VERIFY(&o, &ec, CK_VERIFY_INVALID, "Ed25519 signature, EC key");
    o = csr_parse(unhex(find_sig("p256-sha256")->csr));
    ASSERT_VERIFY(&o, &ed, CK_VERIFY_INVALID, "ECDSA signature, Ed25519 key");
    /* the right EC key on the wrong curve */
    o = csr_parse(unhex(find_sig("p384-sha384")->csr));
    ec = key_of(find_key("p384"));
    ec.curve = CK_CURVE_P256;
    ASSERT_VERIFY(&o, &ec, CK_VERIFY_ERROR, "P-384 point called P-256");
}
END_TEST

START_TEST(test_wrong_hash)
{
    static const struct { const char *vec; oid_id claim; } cases[] = {
        { "rsa2048-sha256", OID_sha384WithRSAEncryption },
        { "rsa2048-sha256", OID_sha224WithRSAEncryption },
        { "rsa2048-sha256", OID_rsa_with_SHA3_256 },
        { "rsa2048-sha1", OID_md5WithRSAEncryption },
        { "rsa2048-sha512-224", OID_sha224WithRSAEncryption },
        { "p256-sha256", OID_ecdsa_with_SHA384 },
        { "p256-sha256", OID_ecdsa_with_SHA3_256 },
        { "p384-sha384", OID_ecdsa_with_SHA512 },
        { "p521-sha512", OID_ecdsa_with_SHA256 },
        { "dsa2048-sha256", OID_dsa_with_SHA224 },
        { "dsa1024-sha1", OID_dsa_with_SHA256 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct signed_obj o = csr_parse(unhex(find_sig(cases[i].vec)->csr));
        ck_pubkey k = key_of(find_key(find_sig(cases[i].vec)->key));
        o.oid = oid_der(cases[i].claim);
        o.params = span_make(NULL, 0);
        ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, cases[i].vec);
    }
    /* the RSA case says the DigestInfo is the problem when only the hash differs */
    struct signed_obj o = csr_parse(unhex(find_sig("rsa2048-sha256")->csr));
    ck_pubkey k = key_of(find_key("rsa2048"));
    o.oid = oid_der(OID_sha256WithRSAEncryption);
    o.params = span_make(NULL, 0); /* absent instead of NULL: accepted (RFC 4055 2.1) */
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "absent parameters");
    /* PKCS#1 v1.5 signature presented as PSS and the reverse */
    o.oid = oid_der(OID_rsassa_pss);
    o.params = unhex("3000");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, "v1.5 as PSS");
    o = csr_parse(unhex(find_sig("pss-sha256-salt32")->csr));
    o.oid = oid_der(OID_sha256WithRSAEncryption);
    o.params = unhex("0500");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, "PSS as v1.5");
}
END_TEST

/* RSASSA-PSS-params for SHA-256 / MGF1-SHA-256 with this salt length. */
static span_t pss_sha256(unsigned salt)
{
    char h[256];
    snprintf(h, sizeof h,
             "3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108"
             "300d06096086480165030402010500a2030201%02x", salt);
    return unhex(h);
}

START_TEST(test_pss)
{
    /* openssl's parameters are what we would write */
    struct signed_obj o = csr_parse(unhex(find_sig("pss-sha256-salt32")->csr));
    ck_assert(span_eq(o.params, pss_sha256(32)));
    ck_pubkey k = key_of(find_key("rsa2048"));
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "salt 32");
    ck_assert_ptr_nonnull(strstr(detail, "salt 32"));
    /* the salt length must match exactly */
    o.params = pss_sha256(20);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, "salt 32 claimed as 20");
    o.params = pss_sha256(0);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, "salt 32 claimed as 0");
    o = csr_parse(unhex(find_sig("pss-sha256-salt0")->csr));
    ck_assert(span_eq(o.params, pss_sha256(0)));
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "salt 0");
    /* saltlen:max on a 2048-bit key with SHA-256: 256 - 32 - 2 = 222 */
    o = csr_parse(unhex(find_sig("pss-sha256-saltmax")->csr));
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "salt max");
    ck_assert_ptr_nonnull(strstr(detail, "salt 222"));
    /* SHA-1 with every value defaulted: openssl writes an empty SEQUENCE */
    o = csr_parse(unhex(find_sig("pss-sha1-default")->csr));
    ck_assert(span_eq(o.params, unhex("3000")));
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "defaults");
    /* the MGF1 hash differs from the message hash */
    o = csr_parse(unhex(find_sig("pss-sha512-mgf1sha256")->csr));
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "sha512 + mgf1-sha256");
    ck_assert_ptr_nonnull(strstr(detail, "MGF1-sha256"));

    /* malformed parameters: ERROR; unknown algorithms inside: UNSUPPORTED */
    o = csr_parse(unhex(find_sig("pss-sha256-salt32")->csr));
    static const struct { const char *params; ck_verify_result want; const char *what; } bad[] = {
        { "", CK_VERIFY_ERROR, "absent" },
        { "0500", CK_VERIFY_ERROR, "NULL" },
        { "3003a20102", CK_VERIFY_ERROR, "truncated" },
        { "3006a20402012000", CK_VERIFY_ERROR, "a byte after saltLength's INTEGER" },
        { "3005a303020102", CK_VERIFY_ERROR, "trailerField 2" },
        { "3005a2030201ff", CK_VERIFY_ERROR, "saltLength -1" },
        { "3005a2030201200500", CK_VERIFY_ERROR, "an element after the SEQUENCE" },
        { "3007a2030201203000", CK_VERIFY_ERROR, "an unknown element in the SEQUENCE" },
        { "300aa0083006060429ffff00", CK_VERIFY_UNSUPPORTED, "unknown hash" },
        { "3016a114301206032a0304300b0609608648016503040201", CK_VERIFY_UNSUPPORTED, "unknown MGF" },
        { "300ea00c300a06082a864886f70d0202", CK_VERIFY_UNSUPPORTED, "MD2" },
        { "3012a010300e0609608648016503040201020100", CK_VERIFY_ERROR, "hash parameters not NULL" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        o.params = unhex(bad[i].params);
        ASSERT_VERIFY(&o, &k, bad[i].want, bad[i].what);
    }
}
END_TEST

START_TEST(test_pss_params_decode)
{
    static const struct { const char *hex; ck_hash h, mgf; int64_t salt; unsigned warnings; } cases[] = {
        { "3000", CK_HASH_SHA1, CK_HASH_SHA1, 20, 0 },
        { "3005a203020140", CK_HASH_SHA1, CK_HASH_SHA1, 64, 0 },
        { "3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108"
          "300d06096086480165030402010500a203020120", CK_HASH_SHA256, CK_HASH_SHA256, 32, 0 },
        /* SHA-3 with absent hash parameters */
        { "3030a00d300b0609608648016503040208a11a301806092a864886f70d010108300b0609608648016503040208a203020120",
          CK_HASH_SHA3_256, CK_HASH_SHA3_256, 32, 0 },
        /* explicit DEFAULT values: decoded, with warnings (X.690 11.5) */
        { "300aa203020114a303020101", CK_HASH_SHA1, CK_HASH_SHA1, 20, 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        span_t der = unhex(cases[i].hex);
        asn1_ctx ctx;
        der_t c;
        ck_pss_params p;
        asn1_ctx_init(&ctx, der.p, der.len);
        der_init(&c, &ctx, NULL);
        ck_assert_int_eq(ck_pss_params_decode(&c, "params", &p), ASN1_OK);
        ck_assert_int_eq(p.hash, cases[i].h);
        ck_assert_int_eq(p.mgf_hash, cases[i].mgf);
        ck_assert_int_eq(p.salt_len, cases[i].salt);
        ck_assert_int_eq(p.trailer, 1);
        ck_assert_uint_eq(ctx.nwarn, cases[i].warnings);
    }
    /* an error names its field */
    span_t der = unhex("3005a303020102");
    asn1_ctx ctx;
    der_t c;
    ck_pss_params p;
    asn1_ctx_init(&ctx, der.p, der.len);
    der_init(&c, &ctx, NULL);
    ck_assert_int_eq(ck_pss_params_decode(&c, "params", &p), ASN1_E_VALUE);
    ck_assert_str_eq(ctx.err.path, "params.trailerField");
    ck_assert_uint_eq(ctx.err.offset, 2);
}
END_TEST

START_TEST(test_pss_key_restrictions)
{
    /* an id-RSASSA-PSS key restricted to SHA-256 / MGF1-SHA-256 / salt >= 32 */
    struct signed_obj o = csr_parse(unhex(find_sig("psskeyr-sha256")->csr));
    ck_pubkey d;
    asn1_ctx ctx;
    ck_assert_int_eq(spki_of(o.spki, &d, &ctx), ASN1_OK);
    ck_assert_int_eq(d.type, CK_KEY_RSA_PSS);
    ck_assert_uint_gt(d.alg_params.len, 2);
    ASSERT_VERIFY(&o, &d, CK_VERIFY_VALID, "restricted key, matching");
    /* the same key, a signature claiming other parameters: refused before any arithmetic */
    o.params = unhex("3000");
    ASSERT_VERIFY(&o, &d, CK_VERIFY_INVALID, "restricted key, sha1");
    ck_assert_ptr_nonnull(strstr(detail, "restricted"));
    /* a PSS key never verifies PKCS#1 v1.5 */
    o.oid = oid_der(OID_sha256WithRSAEncryption);
    o.params = unhex("0500");
    ASSERT_VERIFY(&o, &d, CK_VERIFY_INVALID, "PSS key, v1.5");
    /* an unrestricted RSA-PSS key */
    o = csr_parse(unhex(find_sig("psskey-sha256")->csr));
    ck_assert_int_eq(spki_of(o.spki, &d, &ctx), ASN1_OK);
    ck_assert_int_eq(d.type, CK_KEY_RSA_PSS);
    ck_assert_uint_eq(d.alg_params.len, 0);
    ASSERT_VERIFY(&o, &d, CK_VERIFY_VALID, "unrestricted PSS key");
}
END_TEST

START_TEST(test_unsupported)
{
    struct signed_obj o = csr_parse(unhex(find_sig("rsa2048-sha256")->csr));
    ck_pubkey k = key_of(find_key("rsa2048"));
    static const struct { oid_id id; const char *name; } algs[] = {
        { OID_md2WithRSAEncryption, "md2WithRSAEncryption" },
        { OID_md4WithRSAEncryption, "md4WithRSAEncryption" },
        { OID_Ed448, "Ed448" },
        { OID_gost3411_94_with_gost3410_2001, "id-GostR3411-94-with-GostR3410-2001" },
        { OID_gost3410_12_256_with_3411_12, "id-tc26-signwithdigest-gost3410-12-256" },
        { OID_sm2_with_sm3, "SM2-with-SM3" },
        { OID_rsaEncryption, "rsaEncryption" }, /* a key algorithm, not a signature one */
    };
    for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
        char want[160];
        o.oid = oid_der(algs[i].id);
        ASSERT_VERIFY(&o, &k, CK_VERIFY_UNSUPPORTED, algs[i].name);
        snprintf(want, sizeof want, "cannot verify: unsupported algorithm %s", algs[i].name);
        ck_assert_str_eq(detail, want);
    }
    o.oid = unhex("2a0304"); /* 1.2.3.4 */
    ASSERT_VERIFY(&o, &k, CK_VERIFY_UNSUPPORTED, "unknown OID");
    ck_assert_str_eq(detail, "cannot verify: unsupported algorithm 1.2.3.4");
    /* curves libtomcrypt lacks */
    o = csr_parse(unhex(find_sig("bp256-sha256")->csr));
    k = key_of(find_key("bp256"));
    ASSERT_VERIFY(&o, &k, CK_VERIFY_UNSUPPORTED, "brainpool");
    ck_assert_ptr_nonnull(strstr(detail, "brainpoolP256r1"));
    k.curve = CK_CURVE_OTHER;
    k.curve_oid = unhex("2b2403030208010105"); /* brainpoolP224r1 */
    ASSERT_VERIFY(&o, &k, CK_VERIFY_UNSUPPORTED, "other curve");
    k.curve = CK_CURVE_OTHER;
    k.curve_oid = unhex("2a0304");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_UNSUPPORTED, "unknown curve");
    ck_assert_ptr_nonnull(strstr(detail, "1.2.3.4"));
    k.curve = CK_CURVE_EXPLICIT;
    ASSERT_VERIFY(&o, &k, CK_VERIFY_UNSUPPORTED, "explicit curve");
    o = csr_parse(unhex(find_sig("k256-sha256")->csr));
    k = key_of(find_key("k256"));
    ASSERT_VERIFY(&o, &k, CK_VERIFY_UNSUPPORTED, "secp256k1");
    ck_assert_ptr_nonnull(strstr(detail, "secp256k1"));
    o = csr_parse(unhex(find_sig("ed448")->csr));
    k = key_of(find_key("ed448"));
    ASSERT_VERIFY(&o, &k, CK_VERIFY_UNSUPPORTED, "Ed448");
}
END_TEST

/* ----------------------------------------------------- malformed input */

/* An Ecdsa-Sig-Value with these INTEGER contents (hex) and extra bytes inside and after. */
static span_t ecdsa_sig(const char *r, const char *s, const char *inside, const char *after)
{
    char h[1024];
    size_t body = (strlen(r) + strlen(s) + strlen(inside)) / 2 + 4;
    ck_assert_uint_lt(body, 128);
    snprintf(h, sizeof h, "30%02zx02%02zx%s02%02zx%s%s%s", body, strlen(r) / 2, r, strlen(s) / 2, s,
             inside, after);
    return unhex(h);
}

static void hex_of(span_t s, char *out)
{
    for (size_t i = 0; i < s.len; i++)
        sprintf(out + 2 * i, "%02x", s.p[i]);
    out[2 * s.len] = '\0';
}

START_TEST(test_malformed_ecdsa_signature)
{
    struct signed_obj o = csr_parse(unhex(find_sig("p256-sha256")->csr)), t = o;
    ck_pubkey k = key_of(find_key("p256"));
    span_t r, s;
    char rh[200], sh[200], why[200];
    ck_assert(ck_sig_rs_decode(o.sig, &r, &s, why, sizeof why));
    hex_of(r, rh);
    hex_of(s, sh);
    /* re-encoding the same values verifies: the builder is right */
    t.sig = ecdsa_sig(rh, sh, "", "");
    ASSERT_VERIFY(&t, &k, CK_VERIFY_VALID, "re-encoded");

    static const char n[] = "00ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    static const char n_plus_1[] = "00ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632552";
    const struct { span_t sig; const char *what; } bad[] = {
        { ecdsa_sig(rh, sh, "", "00"), "a byte after the SEQUENCE" },
        { ecdsa_sig(rh, sh, "0500", ""), "an element after s" },
        { ecdsa_sig("00", sh, "", ""), "r = 0" },
        { ecdsa_sig(rh, "00", "", ""), "s = 0" },
        { ecdsa_sig(n, sh, "", ""), "r = n" },
        { ecdsa_sig(rh, n_plus_1, "", ""), "s = n + 1" },
        { ecdsa_sig("ff", sh, "", ""), "r negative" },
        { ecdsa_sig(rh, "ff", "", ""), "s negative" },
        { unhex("3000"), "empty SEQUENCE" },
        { unhex(""), "empty signature" },
        { unhex("30800201010201010000"), "indefinite length (BER)" },
        { unhex("308106020101020101"), "non-minimal length" },
        { unhex("310602010102010100"), "a SET, not a SEQUENCE" },
        { unhex("3007020101020101"), "truncated" },
        { span_make(o.sig.p, o.sig.len - 1), "last byte missing" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t.sig = bad[i].sig;
        ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, bad[i].what);
        /* each is refused for its form, before any curve arithmetic */
        ck_assert_msg(strstr(detail, "malformed signature value") || strstr(detail, "not below the group order"),
                      "%s: %s", bad[i].what, detail);
    }
    /* well formed and in range, but no signature */
    t.sig = unhex("3006020101020101");
    ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "r = s = 1");
    ck_assert_ptr_nonnull(strstr(detail, "does not match"));
    /* a non-minimal INTEGER (a needless 00) is not DER: invalid */
    char padded[210];
    snprintf(padded, sizeof padded, "00%s", rh);
    t.sig = ecdsa_sig(padded, sh, "", "");
    ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "non-minimal r");
    /* r + n: same value mod n, but out of range */
    {
        mp_int a, b;
        uint8_t buf[80];
        size_t w;
        ck_assert_int_eq(mp_init_multi(&a, &b, NULL), MP_OKAY);
        span_t ns = unhex(n);
        ck_assert(ck_mp_from_int(&a, r, 80));
        ck_assert(ck_mp_from_int(&b, ns, 80));
        ck_assert_int_eq(mp_add(&a, &b, &a), MP_OKAY);
        buf[0] = 0;
        ck_assert_int_eq(mp_to_ubin(&a, buf + 1, sizeof buf - 1, &w), MP_OKAY);
        char big[200];
        hex_of(span_make(buf, w + 1), big);
        t.sig = ecdsa_sig(big, sh, "", "");
        ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "r + n");
        /* high s (n - s) is the other valid signature: X.509 does not forbid it */
        ck_assert(ck_mp_from_int(&a, s, 80));
        ck_assert_int_eq(mp_sub(&b, &a, &a), MP_OKAY);
        ck_assert_int_eq(mp_to_ubin(&a, buf + 1, sizeof buf - 1, &w), MP_OKAY);
        hex_of(buf[1] & 0x80 ? span_make(buf, w + 1) : span_make(buf + 1, w), big);
        t.sig = ecdsa_sig(rh, big, "", "");
        ASSERT_VERIFY(&t, &k, CK_VERIFY_VALID, "n - s");
        mp_clear_multi(&a, &b, NULL);
    }
    /* the same damage in DSA signatures */
    o = csr_parse(unhex(find_sig("dsa2048-sha256")->csr));
    k = key_of(find_key("dsa2048"));
    ck_assert(ck_sig_rs_decode(o.sig, &r, &s, why, sizeof why));
    hex_of(r, rh);
    hex_of(s, sh);
    t = o;
    t.sig = ecdsa_sig(rh, sh, "", "");
    ASSERT_VERIFY(&t, &k, CK_VERIFY_VALID, "DSA re-encoded");
    t.sig = ecdsa_sig(rh, sh, "", "00");
    ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "DSA trailing byte");
    t.sig = ecdsa_sig("00", sh, "", "");
    ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "DSA r = 0");
    t.sig = ecdsa_sig(rh, "01", "", "");
    ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "DSA s = 1");
}
END_TEST

START_TEST(test_malformed_ecdsa_params)
{
    struct signed_obj o = csr_parse(unhex(find_sig("p256-sha256")->csr));
    ck_pubkey k = key_of(find_key("p256"));
    o.params = unhex("0500"); /* NULL: tolerated */
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "NULL parameters");
    o.params = unhex("020101");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "INTEGER parameters");
    o.params = unhex("050100");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "bad NULL");
}
END_TEST

START_TEST(test_malformed_keys)
{
    struct signed_obj o = csr_parse(unhex(find_sig("rsa2048-sha256")->csr));
    const struct vkey *vk = find_key("rsa2048");
    ck_pubkey k = key_of(vk);
    size_t nl = k.rsa_n.len;

    k.rsa_n = flip(key_of(vk).rsa_n, nl - 1, 0x01); /* even modulus */
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "even modulus");
    /* without its leading 00 the INTEGER is negative; read as unsigned (old GnuTLS keys) */
    k.rsa_n = span_make(key_of(vk).rsa_n.p + 1, nl - 1);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "modulus without its 00");
    k.rsa_n = span_make(NULL, 0);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "empty modulus");
    k = key_of(vk);
    k.rsa_e = unhex("01");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "e = 1");
    k.rsa_e = unhex("010000");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "even e");
    k.rsa_e = k.rsa_n;
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "e = n");
    /* 16385 bits: over the limit */
    {
        uint8_t *big = alloc(2050);
        big[0] = 0x00;
        big[1] = 0x01;
        memset(big + 2, 0xff, 2048);
        k = key_of(vk);
        k.rsa_n = span_make(big, 2050);
        ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "16385-bit modulus");
        /* 16384 bits is accepted; this signature is then the wrong size */
        big[1] = 0x00;
        k.rsa_n = span_make(big + 1, 2049);
        ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, "16384-bit modulus");
        ck_assert_ptr_nonnull(strstr(detail, "16384-bit key makes 2048"));
        /* a 65-bit exponent with a modulus over 3072 bits */
        k.rsa_e = unhex("010000000000000001");
        ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "large exponent");
        /* ... is fine with a 2048-bit modulus (a wrong key, then) */
        k = key_of(vk);
        k.rsa_e = unhex("010000000000000001");
        ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, "large exponent, 2048 bits");
    }
    /* the signature must be exactly k bytes, and below n */
    k = key_of(vk);
    struct signed_obj t = o;
    t.sig = span_make(o.sig.p + 1, o.sig.len - 1);
    ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "short RSA signature");
    t.sig = span_make(k.rsa_n.p + 1, k.rsa_n.len - 1);
    ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "signature = n");
    ck_assert_ptr_nonnull(strstr(detail, "not below the modulus"));
    t.sig = copy(o.sig);
    memset((uint8_t *)t.sig.p, 0, t.sig.len);
    ASSERT_VERIFY(&t, &k, CK_VERIFY_INVALID, "zero signature");

    /* EC points */
    o = csr_parse(unhex(find_sig("p256-sha256")->csr));
    const struct vkey *ek = find_key("p256");
    k = key_of(ek);
    span_t pt = k.ec_point;
    k.ec_point = flip(pt, pt.len - 1, 0x01);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "point off the curve");
    ck_assert_ptr_nonnull(strstr(detail, "not on the curve"));
    k.ec_point = span_make(pt.p, pt.len - 1);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "short point");
    k.ec_point = unhex("00");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "point at infinity");
    k.ec_point = span_make(NULL, 0);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "empty point");
    k.ec_point = flip(pt, 0, 0x01); /* 05 */
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "bad point form");
    /* hybrid form (06/07 by y's parity) is accepted, the wrong parity is not */
    uint8_t ylast = pt.p[pt.len - 1];
    k.ec_point = flip(pt, 0, (ylast & 1) ? 0x03 : 0x02);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "hybrid point");
    k.ec_point = flip(pt, 0, (ylast & 1) ? 0x02 : 0x03);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "hybrid point, wrong parity");
    /* x = p (not below the field prime) */
    k.ec_point = unhex("04ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
                       "0000000000000000000000000000000000000000000000000000000000000001");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "x = p");
    /* compressed points: the other parity is another point (INVALID), some x are not on the curve */
    o = csr_parse(unhex(find_sig("p256c-sha256")->csr));
    k = key_of(find_key("p256c"));
    ck_assert_uint_eq(k.ec_point.len, 33);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_VALID, "compressed");
    pt = k.ec_point;
    k.ec_point = flip(pt, 0, 0x01);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_INVALID, "compressed, other y");
    unsigned errors = 0;
    for (unsigned i = 1; i <= 16; i++) {
        k.ec_point = flip(pt, pt.len - 1, (uint8_t)i);
        ck_verify_result r = verify(&o, &k);
        ck_assert_msg(r == CK_VERIFY_ERROR || r == CK_VERIFY_INVALID, "%s", detail);
        errors += r == CK_VERIFY_ERROR;
    }
    ck_assert_uint_gt(errors, 0); /* about half the x are not on the curve */

    /* Ed25519 */
    o = csr_parse(unhex(find_sig("ed25519")->csr));
    k = key_of(find_key("ed25519"));
    k.raw = span_make(k.raw.p, 31);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "31-byte Ed25519 key");
    k = key_of(find_key("ed25519"));
    struct signed_obj e = o;
    e.sig = span_make(o.sig.p, 63);
    ASSERT_VERIFY(&e, &k, CK_VERIFY_INVALID, "63-byte Ed25519 signature");
    e.params = unhex("0500");
    e.sig = o.sig;
    ASSERT_VERIFY(&e, &k, CK_VERIFY_VALID, "Ed25519 with NULL parameters");

    /* DSA */
    o = csr_parse(unhex(find_sig("dsa2048-sha256")->csr));
    k = key_of(find_key("dsa2048"));
    k.dsa_p = span_make(NULL, 0);
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "DSA without parameters");
    k = key_of(find_key("dsa2048"));
    k.dsa_g = unhex("01");
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "DSA g = 1");
    k = key_of(find_key("dsa2048"));
    k.dsa_y = k.dsa_p;
    ASSERT_VERIFY(&o, &k, CK_VERIFY_ERROR, "DSA y = p");

    /* no key */
    ck_assert_int_eq(ck_verify(o.tbs, o.oid, o.params, o.sig, NULL, detail, sizeof detail), CK_VERIFY_ERROR);
    /* a NULL detail buffer is allowed */
    k = key_of(find_key("dsa2048"));
    ck_assert_int_eq(ck_verify(o.tbs, o.oid, o.params, o.sig, &k, NULL, 0), CK_VERIFY_VALID);
}
END_TEST

/* ------------------------------------------------------- spki_decode */

START_TEST(test_spki_matches_openssl)
{
    for (size_t i = 0; i < NKEYS; i++) {
        const struct vkey *v = &vkeys[i];
        ck_pubkey want = key_of(v), got;
        asn1_ctx ctx;
        span_t der = unhex(v->spki);
        ck_assert_msg(spki_of(der, &got, &ctx) == ASN1_OK, "%s: %s: %s", v->name, ctx.err.path, ctx.err.msg);
        ck_assert_msg(got.type == want.type, "%s: type %s", v->name, ck_key_type_name(got.type));
        ck_assert_msg(got.curve == want.curve, "%s: curve %d", v->name, got.curve);
        ck_assert(span_eq(got.der, der));
        ck_assert_msg(span_eq(got.rsa_n, want.rsa_n) && span_eq(got.rsa_e, want.rsa_e), "%s: RSA", v->name);
        ck_assert_msg(span_eq(got.ec_point, want.ec_point), "%s: point", v->name);
        ck_assert_msg(span_eq(got.raw, want.raw), "%s: raw", v->name);
        ck_assert_msg(span_eq(got.dsa_p, want.dsa_p) && span_eq(got.dsa_q, want.dsa_q) &&
                      span_eq(got.dsa_g, want.dsa_g) && span_eq(got.dsa_y, want.dsa_y), "%s: DSA", v->name);
        ck_assert_uint_eq(ctx.nwarn, 0);
        /* every proper prefix is an error, never a crash (exact-size copies for ASan) */
        for (size_t n = 0; n < der.len; n++) {
            uint8_t *p = malloc(n ? n : 1);
            memcpy(p, der.p, n);
            asn1_ctx c2;
            ck_assert_msg(spki_of(span_make(p, n), &got, &c2) != ASN1_OK, "%s: prefix %zu", v->name, n);
            ck_assert_uint_le(c2.err.offset, n);
            free(p);
        }
    }
    /* sizes as openssl reports them */
    ck_assert_uint_eq(ck_pubkey_bits(&(ck_pubkey){ .type = CK_KEY_ED25519 }), 253);
    ck_pubkey k = key_of(find_key("rsa2047"));
    ck_assert_uint_eq(ck_pubkey_bits(&k), 2047);
    k = key_of(find_key("p521"));
    ck_assert_uint_eq(ck_pubkey_bits(&k), 521);
    k = key_of(find_key("dsa1024"));
    ck_assert_uint_eq(ck_pubkey_bits(&k), 1024);
    k = key_of(find_key("rsa1537")); /* 8k+1 bits: the PSS case where emLen = k - 1 */
    ck_assert_uint_eq(ck_pubkey_bits(&k), 1537);
}
END_TEST

START_TEST(test_spki_errors)
{
    static const struct { const char *hex; asn1_err want; const char *path; unsigned warn; ck_key_type type; } t[] = {
        /* RSA: negative modulus: a warning (old GnuTLS keys) */
        { "301a300d06092a864886f70d01010105000309003006020181020103", ASN1_OK, NULL, 1, CK_KEY_RSA },
        /* RSA: negative exponent */
        { "301a300d06092a864886f70d01010105000309003006020101020183", ASN1_E_VALUE,
          "subjectPublicKeyInfo.subjectPublicKey.publicExponent", 0, 0 },
        /* RSA: absent NULL parameters: a warning */
        { "3018300b06092a864886f70d0101010309003006020101020103", ASN1_OK, NULL, 1, CK_KEY_RSA },
        /* RSA: a byte after RSAPublicKey inside the BIT STRING */
        { "301b300d06092a864886f70d0101010500030a00300602010102010300", ASN1_E_TRAILING,
          "subjectPublicKeyInfo.subjectPublicKey", 0, 0 },
        /* unused bits in the key BIT STRING */
        { "301a300d06092a864886f70d01010105000309013006020101020102", ASN1_E_VALUE,
          "subjectPublicKeyInfo.subjectPublicKey", 0, 0 },
        /* Ed25519 key of 31 bytes */
        { "3029300506032b6570032000" "00000000000000000000000000000000000000000000000000000000000000",
          ASN1_E_VALUE, NULL, 0, 0 },
        /* X25519, 32 bytes */
        { "302a300506032b656e032100" "0000000000000000000000000000000000000000000000000000000000000009",
          ASN1_OK, NULL, 0, CK_KEY_X25519 },
        /* EC without parameters */
        { "3013300906072a8648ce3d02010306000401020304", ASN1_E_MISSING,
          "subjectPublicKeyInfo.algorithm.parameters", 0, 0 },
        /* EC with explicit parameters (an empty SEQUENCE stands for them): a warning */
        { "3015300b06072a8648ce3d020130000306000401020304", ASN1_OK, NULL, 1, CK_KEY_EC },
        /* an unknown algorithm: fine, CK_KEY_OTHER */
        { "3010300706032a0304050003050000010203", ASN1_OK, NULL, 0, CK_KEY_OTHER },
        /* an element after subjectPublicKey */
        { "3012300706032a03040500030500000102030500", ASN1_E_TRAILING, "subjectPublicKeyInfo", 0, 0 },
        /* DSA without parameters (inherited from the issuer), y = 5 */
        { "3011300906072a8648ce380401030400020105", ASN1_OK, NULL, 0, CK_KEY_DSA },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char clean[512];
        size_t o = 0;
        for (const char *h = t[i].hex; *h && o < sizeof clean - 1; h++)
            if (*h != ' ')
                clean[o++] = *h;
        clean[o] = '\0';
        span_t der = unhex(clean);
        ck_pubkey k;
        asn1_ctx ctx;
        der_t c;
        asn1_ctx_init(&ctx, der.p, der.len);
        der_init(&c, &ctx, NULL);
        asn1_err e = spki_decode(&c, &k);
        ck_assert_msg(e == t[i].want, "case %zu: got %d (%s: %s)", i, e, ctx.err.path, ctx.err.msg);
        if (t[i].path)
            ck_assert_str_eq(ctx.err.path, t[i].path);
        if (e == ASN1_OK) {
            ck_assert_int_eq(k.type, t[i].type);
            ck_assert_uint_eq(ctx.nwarn, t[i].warn);
        }
    }
}
END_TEST

/* ------------------------------------------------- the real-world corpus */

static const char *corpus_dir(void)
{
    const char *d = getenv("CERTKIT_CORPUS");
    return d && *d ? d : "../shared/corpus";
}

/* Reads a file whole; NULL when it cannot be read. */
static span_t slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return span_make(NULL, 0);
    buf_t b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    fclose(f);
    ck_assert(!b.oom);
    span_t out = copy(span_make(b.p, b.len));
    buf_free(&b);
    return out;
}

/* The first certificate of a corpus file (PEM, PEM with text, or DER). */
static bool first_cert(span_t file, span_t *der)
{
    if (file.len && file.p[0] == 0x30) {
        *der = file;
        return true;
    }
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, (const char *)file.p, file.len);
    for (;;) {
        asn1_err e = pem_reader_next(&r, &b, &d);
        if (e == ASN1_E_NOTFOUND)
            return false;
        if (e != ASN1_OK || !memmem(b.label, b.label_len, "CERTIFICATE", 11) ||
            memmem(b.label, b.label_len, "REQUEST", 7))
            continue;
        buf_t out = BUF_INIT;
        if (pem_decode(&b, &out, &d) != ASN1_OK) {
            buf_free(&out);
            continue;
        }
        *der = copy(span_make(out.p, out.len));
        buf_free(&out);
        return true;
    }
}

/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }, cut with
 * the cursor; the key is decoded with spki_decode.  False when it does not parse. */
static bool cert_parse(span_t der, struct signed_obj *o, ck_pubkey *key, bool *self_issued)
{
    asn1_ctx ctx;
    der_t c, cert, tbs, alg;
    asn1_elem e, tb, issuer, subject;
    unsigned unused;
    memset(o, 0, sizeof *o);
    asn1_ctx_init(&ctx, der.p, der.len);
    der_init(&c, &ctx, "certificate");
    if (der_enter(&c, ASN1_SEQUENCE, "", &cert) || der_read(&cert, ASN1_SEQUENCE, "tbsCertificate", &tb) ||
        der_open(&cert, &tb, "tbsCertificate", -1, &tbs))
        return false;
    if (der_peek(&tbs, ASN1_CTX_C(0)) && der_skip(&tbs, "version"))
        return false;
    if (der_skip(&tbs, "serialNumber") || der_skip(&tbs, "signature") ||
        der_next(&tbs, "issuer", &issuer) || der_skip(&tbs, "validity") ||
        der_next(&tbs, "subject", &subject) || spki_decode(&tbs, key))
        return false;
    if (der_enter(&cert, ASN1_SEQUENCE, "signatureAlgorithm", &alg) ||
        der_read_oid(&alg, "algorithm", &o->oid))
        return false;
    if (!der_empty(&alg)) {
        if (der_next(&alg, "parameters", &e))
            return false;
        o->params = e.der;
    }
    if (der_read_bits(&cert, "signatureValue", &o->sig, &unused) || unused != 0)
        return false;
    o->tbs = tb.der;
    o->spki = key->der;
    *self_issued = span_eq(issuer.der, subject.der);
    return true;
}

/* Self-signed certificates whose outcome was checked against `openssl dgst -verify`
 * (or is a documented certkit choice). */
START_TEST(test_corpus_known)
{
    static const struct { const char *file; ck_verify_result want; const char *detail; } cases[] = {
        { "certs/bssl-pss_sha1.pem", CK_VERIFY_VALID, "salt 20" },
        { "certs/bssl-pss_sha256_mgf1_sha384.pem", CK_VERIFY_VALID, "MGF1-sha384" },
        { "certs/bssl-pss_sha256_omit_nulls.pem", CK_VERIFY_VALID, NULL },
        { "certs/bssl-pss_sha256_salt31.pem", CK_VERIFY_VALID, "salt 31" },
        { "certs/bssl-pss_sha512.pem", CK_VERIFY_VALID, NULL },
        { "certs/bssl-pss_sha256_unknown_mgf.pem", CK_VERIFY_UNSUPPORTED, "mask generation" },
        { "certs/bssl-pss_sha256_wrong_trailer.pem", CK_VERIFY_ERROR, "trailerField" },
        { "certs/bssl-pss_sha256_salt_overflow.pem", CK_VERIFY_ERROR, "saltLength" },
        { "certs/kario-168-rsa-pss_2048_sha256_restrict.crt", CK_VERIFY_VALID, "RSA-PSS key" },
        { "certs/pyca-custom-rsa_pss.pem", CK_VERIFY_INVALID, "restricted" },
        { "certs/nss-TestCA-bogus-rsa-pss2.crt", CK_VERIFY_INVALID, NULL },
        { "certs/openssl-root-ed25519.pem", CK_VERIFY_VALID, "Ed25519" },
        { "certs/pyca-root-ed448.pem", CK_VERIFY_UNSUPPORTED, "Ed448" },
        { "certs/pyca-verisign_md2_root.pem", CK_VERIFY_UNSUPPORTED, "md2WithRSAEncryption" },
        { "certs/limbo-explicit_curve_ca.pem", CK_VERIFY_UNSUPPORTED, "explicit" },
        { "certs/openssl-sm2-ca-cert.pem", CK_VERIFY_UNSUPPORTED, "SM2" },
        { "certs/gnutls-grfc.crt", CK_VERIFY_UNSUPPORTED, "Gost" },
        /* an X25519 key cannot have made an Ed25519 signature (RFC 8410's example) */
        { "certs/pyca-ed25519-rfc8410.pem", CK_VERIFY_INVALID, "x25519" },
        /* a modulus without its leading 00, read as unsigned: openssl fails, GnuTLS verifies */
        { "certs/gnutls-ca-no-keyid.pem", CK_VERIFY_VALID, "512-bit RSA" },
        { "certs/gnutls-commonName.cer", CK_VERIFY_VALID, "md5WithRSAEncryption" },
        /* signatures that openssl dgst -verify rejects too */
        { "certs/bssl-parsecert-extensions_real.pem", CK_VERIFY_INVALID, "sha1WithRSAEncryption" },
        { "certs/zlint-smime-rsa_strict_digital_signature_cert_sign_ku.pem", CK_VERIFY_INVALID, "needs an EC key" },
        { "certs/mbedtls-cert_example_multi_nocn.crt", CK_VERIFY_INVALID, "256 bytes" },
    };
    char path[1024];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", corpus_dir());
    if (access(path, R_OK) != 0)
        return; /* no corpus on this machine */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct signed_obj o;
        ck_pubkey k;
        bool self;
        span_t der;
        snprintf(path, sizeof path, "%s/%s", corpus_dir(), cases[i].file);
        span_t file = slurp(path);
        ck_assert_msg(file.p != NULL, "cannot read %s", path);
        ck_assert_msg(first_cert(file, &der), "%s: no certificate", cases[i].file);
        ck_assert_msg(cert_parse(der, &o, &k, &self), "%s: does not parse", cases[i].file);
        ck_assert_msg(self, "%s is not self-issued", cases[i].file);
        ASSERT_VERIFY(&o, &k, cases[i].want, cases[i].file);
        if (cases[i].detail)
            ck_assert_msg(strstr(detail, cases[i].detail), "%s: \"%s\" lacks \"%s\"", cases[i].file, detail,
                          cases[i].detail);
    }
}
END_TEST

/* Every certificate of the corpus: no crash, and the self-signed ones mostly verify. */
START_TEST(test_corpus_sweep)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", corpus_dir());
    span_t manifest = slurp(path);
    if (!manifest.p)
        return;
    size_t counts[4][2] = { { 0 } }, parsed = 0;
    const char *p = (const char *)manifest.p, *end = p + manifest.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        char line[2048];
        size_t n = (size_t)(nl - p) < sizeof line - 1 ? (size_t)(nl - p) : sizeof line - 1;
        memcpy(line, p, n);
        line[n] = '\0';
        p = nl + 1;
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "certs/", 6) != 0)
            continue;
        *tab = '\0';
        snprintf(path, sizeof path, "%.500s/%.500s", corpus_dir(), line);
        span_t file = slurp(path), der;
        struct signed_obj o;
        ck_pubkey k;
        bool self;
        if (!file.p || !first_cert(file, &der) || !cert_parse(der, &o, &k, &self))
            continue;
        parsed++;
        ck_verify_result r = verify(&o, &k);
        ck_assert_int_le(r, CK_VERIFY_ERROR);
        ck_assert(detail[0] != '\0');
        counts[r][self]++;
    }
    /* measured 2026-11-27: 711 parse; self-issued: 221 valid, 47 invalid, 15 unsupported, 1 error */
    ck_assert_uint_ge(parsed, 700);
    ck_assert_uint_ge(counts[CK_VERIFY_VALID][1], 215);
    ck_assert_uint_le(counts[CK_VERIFY_ERROR][1], 3);
    ck_assert_uint_le(counts[CK_VERIFY_INVALID][1], 50);
}
END_TEST

/* ------------------------------------------------------------ helpers */

START_TEST(test_digest_truncation)
{
    uint8_t d[64];
    mp_int e, want;
    for (int i = 0; i < 64; i++)
        d[i] = (uint8_t)(0xa5 ^ i);
    ck_assert_int_eq(mp_init_multi(&e, &want, NULL), MP_OKAY);
    /* bits >= 8 * dlen: the whole digest */
    ck_assert(ck_mp_from_digest(&e, d, 64, 521));
    ck_assert_int_eq(mp_from_ubin(&want, d, 64), MP_OKAY);
    ck_assert_int_eq(mp_cmp(&e, &want), MP_EQ);
    /* whole bytes: the leftmost 32 */
    ck_assert(ck_mp_from_digest(&e, d, 64, 256));
    ck_assert_int_eq(mp_from_ubin(&want, d, 32), MP_OKAY);
    ck_assert_int_eq(mp_cmp(&e, &want), MP_EQ);
    /* 161 bits of a 32-byte digest: 21 bytes shifted right by 7 */
    ck_assert(ck_mp_from_digest(&e, d, 32, 161));
    ck_assert_int_eq(mp_from_ubin(&want, d, 21), MP_OKAY);
    ck_assert_int_eq(mp_div_2d(&want, 7, &want, NULL), MP_OKAY);
    ck_assert_int_eq(mp_cmp(&e, &want), MP_EQ);
    ck_assert_int_le(mp_count_bits(&e), 161);
    mp_clear_multi(&e, &want, NULL);
}
END_TEST

START_TEST(test_table)
{
    const ck_sig_alg *a = ck_sig_alg_by_id(OID_sha256WithRSAEncryption);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->scheme, CK_SIG_RSA_PKCS1);
    ck_assert_int_eq(a->hash, CK_HASH_SHA256);
    ck_assert(a->supported);
    a = ck_sig_alg_find(oid_der(OID_ecdsa_with_SHA3_384));
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->scheme, CK_SIG_ECDSA);
    ck_assert_int_eq(a->hash, CK_HASH_SHA3_384);
    ck_assert(!ck_sig_alg_by_id(OID_md2WithRSAEncryption)->supported);
    ck_assert_ptr_null(ck_sig_alg_by_id(OID_rsaEncryption));
    ck_assert_str_eq(ck_verify_result_name(CK_VERIFY_UNSUPPORTED), "unsupported");
    ck_assert_str_eq(ck_curve_name(ck_curve_from_oid(oid_der(OID_secp384r1))), "P-384");
    ck_assert_int_eq(ck_curve_from_oid(unhex("2a0304")), CK_CURVE_OTHER);
    ck_assert_str_eq(ck_key_type_name(CK_KEY_RSA_PSS), "rsa-pss");
}
END_TEST

Suite *suite_verify(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("verify");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_vectors_verify);
    tcase_add_test(tc, test_raw_vectors);
    tcase_add_test(tc, test_tampered_signature);
    tcase_add_test(tc, test_tampered_message);
    tcase_add_test(tc, test_wrong_key);
    tcase_add_test(tc, test_wrong_hash);
    tcase_add_test(tc, test_pss);
    tcase_add_test(tc, test_pss_params_decode);
    tcase_add_test(tc, test_pss_key_restrictions);
    tcase_add_test(tc, test_unsupported);
    tcase_add_test(tc, test_malformed_ecdsa_signature);
    tcase_add_test(tc, test_malformed_ecdsa_params);
    tcase_add_test(tc, test_malformed_keys);
    tcase_add_test(tc, test_spki_matches_openssl);
    tcase_add_test(tc, test_spki_errors);
    tcase_add_test(tc, test_digest_truncation);
    tcase_add_test(tc, test_corpus_known);
    tcase_add_test(tc, test_corpus_sweep);
    suite_add_tcase(s, tc);
    return s;
}
