/*
 * test_verify_digest.c - prehashed verification (ck_sig_alg_hash, ck_verify_digest)
 * and the CRL TBS digest in pieces (x509_crl_tbs_digest, x509_crl_verify_digest).
 * ck_verify() is ck_verify_digest() after hashing, so on every known-answer vector
 * of testdata/verify/vectors.inc (every scheme and hash, RSA-PSS with its parameters,
 * the unsupported ones), with the right key and with another, both must give the
 * same outcome and the same detail line; a changed digest, another hash or another
 * length must not verify; Ed25519 must refuse a digest.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pem/pem.h"
#include "x509/x509.h"

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

/* one test's allocations, freed by the teardown */
static void *pool[256];
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
    size_t len = strlen(h) / 2;
    uint8_t *p = alloc(len);
    for (size_t i = 0; i < len; i++) {
        unsigned v;
        ck_assert(sscanf(h + 2 * i, "%2x", &v) == 1);
        p[i] = (uint8_t)v;
    }
    return span_make(p, len);
}

/* A key from its SubjectPublicKeyInfo (the spans borrow the unhexed bytes). */
static ck_pubkey key_named(const char *name)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(vkeys[i].name, name) != 0)
            continue;
        span_t der = unhex(vkeys[i].spki);
        asn1_ctx *ctx = alloc(sizeof *ctx);
        der_t c;
        ck_pubkey k;
        asn1_ctx_init(ctx, der.p, der.len);
        der_init(&c, ctx, NULL);
        ck_assert_int_eq(spki_decode(&c, &k), ASN1_OK);
        return k;
    }
    ck_abort_msg("no key %s", name);
    ck_pubkey none;
    memset(&none, 0, sizeof none);
    return none;
}

/* A signed object: the bytes, the algorithm, the signature. */
struct sobj {
    span_t tbs, oid, params, sig;
};

static struct sobj csr_parts(span_t der)
{
    struct sobj o;
    asn1_ctx *ctx = alloc(sizeof *ctx);
    der_t c, req, alg;
    asn1_elem e;
    unsigned unused;
    memset(&o, 0, sizeof o);
    asn1_ctx_init(ctx, der.p, der.len);
    der_init(&c, ctx, "request");
    ck_assert_int_eq(der_enter(&c, ASN1_SEQUENCE, "", &req), ASN1_OK);
    ck_assert_int_eq(der_read(&req, ASN1_SEQUENCE, "certificationRequestInfo", &e), ASN1_OK);
    o.tbs = e.der;
    ck_assert_int_eq(der_enter(&req, ASN1_SEQUENCE, "signatureAlgorithm", &alg), ASN1_OK);
    ck_assert_int_eq(der_read_oid(&alg, "algorithm", &o.oid), ASN1_OK);
    if (!der_empty(&alg)) {
        ck_assert_int_eq(der_next(&alg, "parameters", &e), ASN1_OK);
        o.params = e.der;
    }
    ck_assert_int_eq(der_read_bits(&req, "signature", &o.sig, &unused), ASN1_OK);
    return o;
}

/* Both paths on one object and key: same outcome, same detail; then the digest
 * path's own refusals.  Returns the outcome. */
static ck_verify_result both_paths(const char *label, const struct sobj *o, const ck_pubkey *k)
{
    char d1[512], d2[512];
    ck_verify_result r1 = ck_verify(o->tbs, o->oid, o->params, o->sig, k, d1, sizeof d1);
    ck_hash h = CK_HASH__COUNT;
    ck_verify_result rh = ck_sig_alg_hash(o->oid, o->params, &h, d2, sizeof d2);
    if (rh != CK_VERIFY_VALID) {
        /* the algorithm alone decides: ck_verify says the same (unless a key check came first) */
        ck_assert_int_eq(h, CK_HASH_NONE);
        if (r1 == rh)
            ck_assert_str_eq(d1, d2);
        else
            ck_assert_int_eq(r1, CK_VERIFY_INVALID); /* a key of the wrong type is reported first */
        return r1;
    }
    if (h == CK_HASH_NONE) {
        /* Ed25519: no prehash */
        ck_assert_msg(oid_is(o->oid, OID_Ed25519), "%s: no hash for a non-EdDSA algorithm", label);
        uint8_t z[64] = { 0 };
        ck_assert_int_eq(ck_verify_digest(CK_HASH_SHA512, z, 64, o->oid, o->params, o->sig, k, d2, sizeof d2),
                         r1 == CK_VERIFY_VALID ? CK_VERIFY_ERROR : r1);
        return r1;
    }
    /* the digest, fed in pieces of 7 bytes */
    uint8_t dig[CK_HASH_MAX_LEN];
    ck_hash_ctx c;
    ck_assert_int_eq(ck_hash_init(&c, h), ASN1_OK);
    for (size_t off = 0; off < o->tbs.len; off += 7)
        ck_hash_update(&c, o->tbs.p + off, o->tbs.len - off < 7 ? o->tbs.len - off : 7);
    ck_assert_int_eq(ck_hash_final(&c, dig), ASN1_OK);
    size_t dlen = ck_hash_len(h);
    ck_verify_result r2 = ck_verify_digest(h, dig, dlen, o->oid, o->params, o->sig, k, d2, sizeof d2);
    ck_assert_msg(r1 == r2, "%s: ck_verify %s, ck_verify_digest %s (%s / %s)", label, ck_verify_result_name(r1),
                  ck_verify_result_name(r2), d1, d2);
    ck_assert_str_eq(d1, d2);
    if (r1 == CK_VERIFY_VALID) {
        /* a changed digest does not verify (its first byte: ECDSA uses only the
         * leftmost bits of a digest longer than the order) */
        dig[0] ^= 0x10;
        ck_assert_int_eq(ck_verify_digest(h, dig, dlen, o->oid, o->params, o->sig, k, d2, sizeof d2),
                         CK_VERIFY_INVALID);
        dig[0] ^= 0x10;
        /* another hash, another length, no digest: the caller's mistake */
        ck_hash other = h == CK_HASH_SHA256 ? CK_HASH_SHA384 : CK_HASH_SHA256;
        ck_assert_int_eq(ck_verify_digest(other, dig, ck_hash_len(other), o->oid, o->params, o->sig, k, d2,
                                          sizeof d2), CK_VERIFY_ERROR);
        ck_assert_int_eq(ck_verify_digest(h, dig, dlen - 1, o->oid, o->params, o->sig, k, d2, sizeof d2),
                         CK_VERIFY_ERROR);
        ck_assert_int_eq(ck_verify_digest(h, NULL, dlen, o->oid, o->params, o->sig, k, NULL, 0), CK_VERIFY_ERROR);
    }
    return r1;
}

static const char *other_key(const char *k)
{
    if (strncmp(k, "rsa", 3) == 0 || strncmp(k, "pss", 3) == 0)
        return strcmp(k, "rsa2048b") == 0 ? "rsa2048" : "rsa2048b";
    if (k[0] == 'p')
        return strcmp(k, "p256b") == 0 ? "p256" : "p256b";
    if (strncmp(k, "dsa", 3) == 0)
        return strcmp(k, "dsa2048") == 0 ? "dsa1024" : "dsa2048";
    return "p256";
}

static bool unsupported_vector(const char *name)
{
    return strncmp(name, "ed448", 5) == 0 || strncmp(name, "k256", 4) == 0 || strncmp(name, "bp256", 5) == 0;
}

START_TEST(requests_both_paths)
{
    const struct vsig *v = &vsigs[_i];
    struct sobj o = csr_parts(unhex(v->csr));
    ck_pubkey k = key_named(v->key);
    ck_verify_result r = both_paths(v->name, &o, &k);
    ck_assert_msg(r == (unsupported_vector(v->name) ? CK_VERIFY_UNSUPPORTED : CK_VERIFY_VALID), "%s: %s", v->name,
                  ck_verify_result_name(r));
    ck_pubkey other = key_named(other_key(v->key));
    r = both_paths(v->name, &o, &other);
    ck_assert_msg(r != CK_VERIFY_VALID, "%s verifies under another key", v->name);
}
END_TEST

START_TEST(raw_both_paths)
{
    const struct vraw *v = &vraws[_i];
    struct sobj o = { unhex(v->msg), oid_der(v->oid), unhex(v->params), unhex(v->sig) };
    ck_pubkey k = key_named(v->key);
    ck_verify_result r = both_paths(v->name, &o, &k);
    ck_assert_msg(r == CK_VERIFY_VALID || strstr(v->name, "md5") || strstr(v->name, "empty"), "%s: %s", v->name,
                  ck_verify_result_name(r));
}
END_TEST

/* The hash comes from the table, or for PSS from the parameters. */
START_TEST(alg_hash)
{
    ck_hash h;
    char d[256];
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_sha384WithRSAEncryption), unhex("0500"), &h, d, sizeof d),
                     CK_VERIFY_VALID);
    ck_assert_int_eq(h, CK_HASH_SHA384);
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_ecdsa_with_SHA256), span_make(NULL, 0), &h, d, sizeof d),
                     CK_VERIFY_VALID);
    ck_assert_int_eq(h, CK_HASH_SHA256);
    /* PSS: SHA3-256 from its parameters (raw-pss-sha3-256) */
    span_t pss = unhex("3030a00d300b0609608648016503040208a11a301806092a864886f70d010108300b0609608648016503040208"
                       "a203020120");
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_rsassa_pss), pss, &h, d, sizeof d), CK_VERIFY_VALID);
    ck_assert_int_eq(h, CK_HASH_SHA3_256);
    /* PSS with every DEFAULT: SHA-1 */
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_rsassa_pss), unhex("3000"), &h, d, sizeof d), CK_VERIFY_VALID);
    ck_assert_int_eq(h, CK_HASH_SHA1);
    /* PSS without parameters, bad parameters, an unknown hash */
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_rsassa_pss), span_make(NULL, 0), &h, d, sizeof d), CK_VERIFY_ERROR);
    ck_assert_int_eq(h, CK_HASH_NONE);
    ck_assert_ptr_nonnull(strstr(d, "absent"));
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_rsassa_pss), unhex("3003020101"), &h, d, sizeof d), CK_VERIFY_ERROR);
    /* Ed25519: no prehash */
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_Ed25519), span_make(NULL, 0), &h, d, sizeof d), CK_VERIFY_VALID);
    ck_assert_int_eq(h, CK_HASH_NONE);
    /* unsupported on purpose, unknown, bad parameters */
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_md2WithRSAEncryption), span_make(NULL, 0), &h, d, sizeof d),
                     CK_VERIFY_UNSUPPORTED);
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_Ed448), span_make(NULL, 0), &h, d, sizeof d), CK_VERIFY_UNSUPPORTED);
    ck_assert_int_eq(ck_sig_alg_hash(unhex("2a0304"), span_make(NULL, 0), &h, d, sizeof d), CK_VERIFY_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(d, "cannot verify: unsupported algorithm 1.2.3.4"));
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_sha256WithRSAEncryption), unhex("0101ff"), &h, d, sizeof d),
                     CK_VERIFY_ERROR);
    /* NULL h and detail are allowed */
    ck_assert_int_eq(ck_sig_alg_hash(oid_der(OID_sha1WithRSAEncryption), span_make(NULL, 0), NULL, NULL, 0),
                     CK_VERIFY_VALID);
}
END_TEST

/* ------------------------------------------------------------------- CRLs */

static span_t read_der(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s (run from the top of the tree)", path);
    uint8_t *p = alloc(1 << 16);
    size_t n = fread(p, 1, 1 << 16, f);
    fclose(f);
    ck_assert_uint_lt(n, 1 << 16);
    if (n > 10 && memcmp(p, "-----BEGIN", 10) == 0) {
        pem_reader r;
        pem_block b;
        asn1_diag dg;
        buf_t out = BUF_INIT;
        pem_reader_init(&r, (const char *)p, n);
        ck_assert_int_eq(pem_reader_next(&r, &b, &dg), ASN1_OK);
        ck_assert_int_eq(pem_decode(&b, &out, &dg), ASN1_OK);
        uint8_t *q = alloc(out.len);
        memcpy(q, out.p, out.len);
        span_t s = span_make(q, out.len);
        buf_free(&out);
        return s;
    }
    return span_make(p, n);
}

static ck_pubkey cert_key(const char *path)
{
    span_t der = read_der(path);
    asn1_ctx *ctx = alloc(sizeof *ctx);
    x509_cert *cert = alloc(sizeof *cert);
    asn1_ctx_init(ctx, der.p, der.len);
    ck_assert_int_eq(x509_cert_decode(ctx, der, cert), ASN1_OK);
    return cert->pubkey;
}

/* release callback: checks that the pieces move forward and records the last end */
struct rel {
    const uint8_t *last;
    unsigned calls;
};

static void rel_cb(void *arg, const uint8_t *upto)
{
    struct rel *r = arg;
    ck_assert_ptr_ne(upto, NULL);
    if (r->last)
        ck_assert(upto > r->last);
    r->last = upto;
    r->calls++;
}

START_TEST(crl_digest_real)
{
    static const struct { const char *crl, *ca; ck_verify_result want; } v[] = {
        { "testdata/crl/v2.der", "testdata/crl/ca.pem", CK_VERIFY_VALID },
        { "testdata/crl/badsig.der", "testdata/crl/ca.pem", CK_VERIFY_INVALID },
        { "testdata/crl/ec.crl", "testdata/crl/ec-ca.pem", CK_VERIFY_VALID },
        { "testdata/crl/ec.crl", "testdata/crl/ca.pem", CK_VERIFY_INVALID },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        span_t der = read_der(v[i].crl);
        ck_pubkey k = cert_key(v[i].ca);
        asn1_ctx ctx;
        x509_crl crl;
        asn1_ctx_init(&ctx, der.p, der.len);
        ck_assert_int_eq(x509_crl_decode(&ctx, der, &crl), ASN1_OK);
        char d1[256], d2[256];
        ck_verify_result r1 = x509_crl_verify(&crl, &k, d1, sizeof d1);
        ck_assert_msg(r1 == v[i].want, "%s: %s", v[i].crl, d1);
        ck_hash h;
        uint8_t dig[CK_HASH_MAX_LEN], ref[CK_HASH_MAX_LEN];
        size_t dlen;
        struct rel rl = { NULL, 0 };
        ck_assert_int_eq(x509_crl_tbs_digest(&crl, &h, dig, &dlen, rel_cb, &rl, d2, sizeof d2), CK_VERIFY_VALID);
        ck_assert_uint_eq(rl.calls, 1);
        ck_assert_ptr_eq(rl.last, crl.tbs.p + crl.tbs.len);
        ck_assert_uint_eq(dlen, ck_hash_len(h));
        ck_assert_int_eq(ck_hash_memory(h, crl.tbs.p, crl.tbs.len, ref), ASN1_OK);
        ck_assert(memcmp(dig, ref, dlen) == 0);
        ck_verify_result r2 = x509_crl_verify_digest(&crl, h, dig, dlen, &k, d2, sizeof d2);
        ck_assert_int_eq(r1, r2);
        ck_assert_str_eq(d1, d2);
        /* no release callback is fine too */
        ck_assert_int_eq(x509_crl_tbs_digest(&crl, &h, dig, &dlen, NULL, NULL, NULL, 0), CK_VERIFY_VALID);
    }
}
END_TEST

/* A CRL whose TBS is over 2 MiB (built here; its signature is junk): hashed in
 * 1 MiB pieces, release called behind each, the digest the one-shot one. */
START_TEST(crl_digest_pieces)
{
    const size_t nent = 120000;
    buf_t b = BUF_INIT;
    size_t crl = derw_begin(&b, ASN1_SEQUENCE);
    size_t tbs = derw_begin(&b, ASN1_SEQUENCE);
    derw_int64(&b, 1);                                   /* version v2 */
    size_t alg = derw_begin(&b, ASN1_SEQUENCE);
    derw_oid(&b, OID_sha256WithRSAEncryption);
    derw_null(&b);
    derw_end(&b, alg);
    size_t name = derw_begin(&b, ASN1_SEQUENCE);         /* issuer: CN=T */
    size_t rdn = derw_begin(&b, ASN1_SET);
    size_t atv = derw_begin(&b, ASN1_SEQUENCE);
    derw_oid(&b, OID_at_commonName);
    derw_tlv(&b, ASN1_UTF8STRING, "T", 1);
    derw_end(&b, atv);
    derw_end(&b, rdn);
    derw_end(&b, name);
    derw_tlv(&b, ASN1_UTCTIME, "250101000000Z", 13);      /* thisUpdate */
    size_t list = derw_begin(&b, ASN1_SEQUENCE);
    for (size_t i = 0; i < nent; i++) {
        size_t ent = derw_begin(&b, ASN1_SEQUENCE);
        derw_int64(&b, (int64_t)(1000000 + i));
        derw_tlv(&b, ASN1_UTCTIME, "250101000000Z", 13);
        derw_end(&b, ent);
    }
    derw_end(&b, list);
    derw_end(&b, tbs);
    alg = derw_begin(&b, ASN1_SEQUENCE);
    derw_oid(&b, OID_sha256WithRSAEncryption);
    derw_null(&b);
    derw_end(&b, alg);
    uint8_t sig[257] = { 0 };
    derw_tlv(&b, ASN1_BIT_STRING, sig, sizeof sig);
    derw_end(&b, crl);
    ck_assert(!b.oom);

    span_t der = span_make(b.p, b.len);
    asn1_ctx ctx;
    x509_crl c;
    asn1_ctx_init(&ctx, der.p, der.len);
    ck_assert_int_eq(x509_crl_decode(&ctx, der, &c), ASN1_OK);
    ck_assert_uint_eq(c.revoked_count, nent);
    ck_assert_uint_gt(c.tbs.len, 2u << 20);  /* three pieces */
    ck_hash h;
    uint8_t dig[CK_HASH_MAX_LEN], ref[32];
    size_t dlen;
    struct rel rl = { NULL, 0 };
    ck_assert_int_eq(x509_crl_tbs_digest(&c, &h, dig, &dlen, rel_cb, &rl, NULL, 0), CK_VERIFY_VALID);
    ck_assert_int_eq(h, CK_HASH_SHA256);
    ck_assert_uint_eq(rl.calls, (c.tbs.len + (1u << 20) - 1) >> 20);
    ck_assert_ptr_eq(rl.last, c.tbs.p + c.tbs.len);
    ck_sha256(c.tbs.p, c.tbs.len, ref);
    ck_assert(memcmp(dig, ref, 32) == 0);
    ck_pubkey k = key_named("rsa2048");
    char d1[256], d2[256];
    ck_verify_result r1 = x509_crl_verify(&c, &k, d1, sizeof d1);
    ck_assert_int_eq(r1, CK_VERIFY_INVALID);
    ck_assert_int_eq(x509_crl_verify_digest(&c, h, dig, dlen, &k, d2, sizeof d2), r1);
    ck_assert_str_eq(d1, d2);
    buf_free(&b);
}
END_TEST

Suite *suite_verify_digest(void)
{
    Suite *s = suite_create("verify_digest");
    TCase *t = tcase_create("prehashed");
    tcase_add_checked_fixture(t, NULL, teardown);
    tcase_add_loop_test(t, requests_both_paths, 0, (int)NSIGS);
    tcase_add_loop_test(t, raw_both_paths, 0, (int)NRAWS);
    tcase_add_test(t, alg_hash);
    suite_add_tcase(s, t);
    t = tcase_create("crl");
    tcase_add_checked_fixture(t, NULL, teardown);
    tcase_set_timeout(t, 30);
    tcase_add_test(t, crl_digest_real);
    tcase_add_test(t, crl_digest_pieces);
    suite_add_tcase(s, t);
    return s;
}
