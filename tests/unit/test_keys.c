/* Unit tests for private keys (x509/key*.c) and the key loader (tools/keyload.c):
 *  - every form of every fixture in testdata/keys/ (made by testdata/gen-keys.sh with
 *    openssl, keytool and certtool) decodes with the right algorithm, size and curve,
 *    and its public part is byte-identical to what `openssl pkey -pubout` wrote;
 *  - the writers reproduce openssl's PKCS#8 and traditional DER byte for byte, and
 *    round-trip;
 *  - known-answer derivations (RFC 6979 P-256 key, RFC 8032 Ed25519, RFC 7748 X25519,
 *    small RSA and DSA keys);
 *  - malformed keys: code, offset and path from a table;
 *  - every-prefix truncation in exact-size buffers fails cleanly;
 *  - ck_pubkey_equal (compressed vs uncompressed points, leading zeros, RSA vs RSA-PSS);
 *  - a differential run over ../shared/corpus/keys against the openssl command.
 * The fixtures are found from the working directory (the repository top, as `make
 * check` runs it) or $CERTKIT_TOP. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asn1/asn1.h"
#include "pem/pem.h"
#include "tools/keyload.h"
#include "x509/x509.h"

/* ------------------------------------------------------------- helpers */

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (*h) {
        if (*h == ' ') {
            h++;
            continue;
        }
        unsigned v;
        ck_assert_msg(sscanf(h, "%2x", &v) == 1, "bad hex in test table: %s", h);
        ck_assert(n < cap);
        out[n++] = (uint8_t)v;
        h += 2;
    }
    return n;
}

static const char *top(void)
{
    const char *t = getenv("CERTKIT_TOP");
    return t && *t ? t : ".";
}

static const char *keys_dir(void)
{
    static char dir[1024];
    snprintf(dir, sizeof dir, "%s/testdata/keys", top());
    return dir;
}

static bool have_fixtures(void)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/rsa2048.pkcs8.pem", keys_dir());
    return access(p, R_OK) == 0;
}

/* The first object of a file (PEM or DER), copied into an exact-size malloc'd buffer. */
typedef struct obj {
    uint8_t *der;
    size_t len;
    char label[PEM_LABEL_MAX + 1];
} obj_t;

static bool read_obj(const char *path, obj_t *o)
{
    input_t in;
    memset(o, 0, sizeof *o);
    if (input_open(&in, path, IN_FORM_AUTO) != 0)
        return false;
    bool ok = false;
    in_status st;
    while ((st = input_next(&in)) != IN_END) {
        if (st != IN_OBJECT)
            continue;
        o->len = in.obj.der.len;
        o->der = malloc(o->len ? o->len : 1);
        ck_assert_ptr_nonnull(o->der);
        memcpy(o->der, in.obj.der.p, o->len);
        snprintf(o->label, sizeof o->label, "%s", in.obj.label ? in.obj.label : "");
        ok = true;
        break;
    }
    input_close(&in);
    return ok;
}

static bool read_fixture(const char *name, obj_t *o)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/%s", keys_dir(), name);
    return read_obj(p, o);
}

static void obj_free(obj_t *o)
{
    free(o->der);
    memset(o, 0, sizeof *o);
}

static asn1_err decode(const uint8_t *p, size_t n, asn1_ctx *ctx, ck_privkey *k)
{
    asn1_ctx_init(ctx, p, n);
    memset(k, 0, sizeof *k);
    return ck_privkey_decode(ctx, span_make(p, n), k);
}

/* --------------------------------------------------- fixtures from gen-keys.sh */

static const struct fixture {
    const char *name;
    ck_key_type type;
    size_t bits;
    ck_curve curve;
    bool has_trad;      /* a .trad form exists */
    bool has_pub;       /* certkit can produce the public key */
} fixtures[] = {
    { "rsa2048", CK_KEY_RSA, 2048, CK_CURVE_NONE, true, true },
    { "other-rsa2048", CK_KEY_RSA, 2048, CK_CURVE_NONE, true, true },
    { "rsa3p", CK_KEY_RSA, 2048, CK_CURVE_NONE, true, true },
    { "rsapss", CK_KEY_RSA_PSS, 2048, CK_CURVE_NONE, false, true },
    { "rsapss-sha256", CK_KEY_RSA_PSS, 2048, CK_CURVE_NONE, false, true },
    { "p256", CK_KEY_EC, 256, CK_CURVE_P256, true, true },
    { "other-p256", CK_KEY_EC, 256, CK_CURVE_P256, true, true },
    { "p384", CK_KEY_EC, 384, CK_CURVE_P384, true, true },
    { "p224", CK_KEY_EC, 224, CK_CURVE_P224, true, true },
    { "p521", CK_KEY_EC, 521, CK_CURVE_P521, true, true },
    { "secp256k1", CK_KEY_EC, 256, CK_CURVE_SECP256K1, true, true },
    { "bp256", CK_KEY_EC, 256, CK_CURVE_BRAINPOOL_P256R1, true, true },
    { "ed25519", CK_KEY_ED25519, 253, CK_CURVE_NONE, false, true },
    { "other-ed25519", CK_KEY_ED25519, 253, CK_CURVE_NONE, false, true },
    { "x25519", CK_KEY_X25519, 253, CK_CURVE_NONE, false, true },
    { "ed448", CK_KEY_ED448, 456, CK_CURVE_NONE, false, false },
    { "x448", CK_KEY_X448, 448, CK_CURVE_NONE, false, false },
    { "dsa", CK_KEY_DSA, 2048, CK_CURVE_NONE, true, true },
    { "other-dsa", CK_KEY_DSA, 2048, CK_CURVE_NONE, true, true },
};
#define NFIX (sizeof fixtures / sizeof fixtures[0])

/* Decodes NAME.SUFFIX and checks it against the fixture row and openssl's outputs. */
static void check_form(const struct fixture *f, const char *suffix, ck_privkey_form want_form)
{
    char name[256];
    obj_t o, pub, p8, trad;
    asn1_ctx ctx;
    ck_privkey k;

    snprintf(name, sizeof name, "%s.%s", f->name, suffix);
    ck_assert_msg(read_fixture(name, &o), "%s: cannot read (run testdata/gen-keys.sh)", name);
    asn1_err e = decode(o.der, o.len, &ctx, &k);
    ck_assert_msg(e == ASN1_OK, "%s: %s at %zu: %s", name, ctx.err.path, ctx.err.offset, ctx.err.msg);
    ck_assert_msg(k.form == want_form, "%s: form %s", name, ck_privkey_form_name(k.form));
    /* RSA-PSS in PKCS#1 form loses its OID: the trad file is plain RSA to the decoder */
    ck_assert_msg(k.type == f->type, "%s: type %s", name, ck_key_type_name(k.type));
    ck_assert_msg(k.bits == f->bits, "%s: %zu bits, want %zu", name, k.bits, f->bits);
    if (f->type == CK_KEY_EC)
        ck_assert_msg(k.curve == f->curve, "%s: curve %s", name, ck_curve_name(k.curve));
    ck_assert_msg(k.has_pub == f->has_pub, "%s: has_pub %d (%s)", name, k.has_pub, k.pub_why);

    /* the public part, written as SPKI, is byte-identical to `openssl pkey -pubout -outform DER` */
    if (f->has_pub) {
        snprintf(name, sizeof name, "%s.pub.der", f->name);
        ck_assert(read_fixture(name, &pub));
        buf_t b = BUF_INIT;
        ck_assert_int_eq(ck_spki_write(&k.pub, &b), ASN1_OK);
        ck_assert_msg(b.len == pub.len && memcmp(b.p, pub.der, pub.len) == 0, "%s.%s: SPKI differs from openssl's",
                      f->name, suffix);
        /* and equal to the SPKI decoded by spki_decode */
        asn1_ctx c2;
        der_t root;
        ck_pubkey theirs;
        asn1_ctx_init(&c2, pub.der, pub.len);
        der_init(&root, &c2, NULL);
        ck_assert_int_eq(spki_decode(&root, &theirs), ASN1_OK);
        ck_assert(ck_pubkey_equal(&k.pub, &theirs));
        ck_assert(ck_pubkey_equal(&theirs, &k.pub));
        buf_free(&b);
        obj_free(&pub);
    }

    /* writers: byte-identical to openssl's PKCS#8 (pkcs8 -topk8 -nocrypt) and traditional DER */
    snprintf(name, sizeof name, "%s.pkcs8.der", f->name);
    ck_assert(read_fixture(name, &p8));
    buf_t w = BUF_INIT;
    ck_assert_int_eq(ck_privkey_write_pkcs8(&k, &w), ASN1_OK);
    ck_assert_msg(w.len == p8.len && memcmp(w.p, p8.der, p8.len) == 0, "%s.%s: PKCS#8 differs from openssl's",
                  f->name, suffix);
    /* round trip: the written key decodes to the same key */
    asn1_ctx c3;
    ck_privkey k2;
    ck_assert_int_eq(decode((const uint8_t *)w.p, w.len, &c3, &k2), ASN1_OK);
    ck_assert_int_eq(k2.type, k.type);
    ck_assert_int_eq(k2.bits, k.bits);
    if (k.has_pub)
        ck_assert(ck_pubkey_equal(&k.pub, &k2.pub));
    ck_privkey_free(&k2);
    buf_wipe_free(&w);
    obj_free(&p8);
    if (f->has_trad) {
        snprintf(name, sizeof name, "%s.trad.der", f->name);
        ck_assert(read_fixture(name, &trad));
        ck_assert_int_eq(ck_privkey_write_traditional(&k, &w), ASN1_OK);
        ck_assert_msg(w.len == trad.len && memcmp(w.p, trad.der, trad.len) == 0,
                      "%s.%s: traditional form differs from openssl's", f->name, suffix);
        buf_wipe_free(&w);
        obj_free(&trad);
    }
    ck_privkey_free(&k);
    obj_free(&o);
}

START_TEST(fixture_forms)
{
    if (!have_fixtures())
        ck_abort_msg("testdata/keys/ is missing: run sh testdata/gen-keys.sh");
    const struct fixture *f = &fixtures[_i];
    check_form(f, "pkcs8.pem", CK_PRIV_FORM_PKCS8);
    check_form(f, "pkcs8.der", CK_PRIV_FORM_PKCS8);
    if (f->has_trad) {
        ck_privkey_form tf = f->type == CK_KEY_RSA ? CK_PRIV_FORM_PKCS1
                           : f->type == CK_KEY_EC  ? CK_PRIV_FORM_SEC1
                                                   : CK_PRIV_FORM_DSA;
        check_form(f, "trad.pem", tf);
        check_form(f, "trad.der", tf);
    }
}
END_TEST

/* SEC1 without publicKey: the point is computed, and equals openssl's -pubout. */
START_TEST(fixture_ec_nopub)
{
    static const char *const names[][2] = {
        { "p224.nopub.pem", "p224.pub.der" },
        { "p256.nopub.pem", "p256.pub.der" },
        { "p384.nopub.der", "p384.pub.der" },
        { "p521.nopub.pem", "p521.pub.der" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        obj_t o, pub;
        asn1_ctx ctx;
        ck_privkey k;
        ck_assert_msg(read_fixture(names[i][0], &o), "%s missing", names[i][0]);
        ck_assert(read_fixture(names[i][1], &pub));
        ck_assert_int_eq(decode(o.der, o.len, &ctx, &k), ASN1_OK);
        ck_assert(k.has_pub);
        ck_assert(k.pub_derived);
        ck_assert(!k.ec_has_pub);
        buf_t b = BUF_INIT;
        ck_assert_int_eq(ck_spki_write(&k.pub, &b), ASN1_OK);
        ck_assert_msg(b.len == pub.len && memcmp(b.p, pub.der, pub.len) == 0, "%s: derived point differs",
                      names[i][0]);
        /* the SEC1 writer now includes the computed publicKey: it equals openssl's full form */
        buf_free(&b);
        ck_privkey_free(&k);
        obj_free(&o);
        obj_free(&pub);
    }
}
END_TEST

/* Compressed point in SEC1 vs the uncompressed SPKI: the same key. */
START_TEST(fixture_compressed)
{
    obj_t o, pub, cpub;
    asn1_ctx ctx, c2, c3;
    ck_privkey k;
    ck_pubkey up, cp;
    der_t root;
    ck_assert(read_fixture("p256.compressed.pem", &o));
    ck_assert(read_fixture("p256.pub.der", &pub));
    ck_assert(read_fixture("p256.compressed.pub.pem", &cpub));
    ck_assert_int_eq(decode(o.der, o.len, &ctx, &k), ASN1_OK);
    ck_assert(k.has_pub && !k.pub_derived);
    ck_assert(k.pub.ec_point.len == 33);
    asn1_ctx_init(&c2, pub.der, pub.len);
    der_init(&root, &c2, NULL);
    ck_assert_int_eq(spki_decode(&root, &up), ASN1_OK);
    asn1_ctx_init(&c3, cpub.der, cpub.len);
    der_init(&root, &c3, NULL);
    ck_assert_int_eq(spki_decode(&root, &cp), ASN1_OK);
    ck_assert(ck_pubkey_equal(&k.pub, &up));
    ck_assert(ck_pubkey_equal(&up, &k.pub));
    ck_assert(ck_pubkey_equal(&cp, &up));
    /* the writer keeps the file's compressed form, as openssl does */
    buf_t b = BUF_INIT;
    ck_assert_int_eq(ck_spki_write(&k.pub, &b), ASN1_OK);
    ck_assert(b.len == cpub.len && memcmp(b.p, cpub.der, cpub.len) == 0);
    buf_free(&b);
    /* another P-256 key does not compare equal */
    obj_t other;
    asn1_ctx c4;
    ck_privkey k2;
    ck_assert(read_fixture("other-p256.pkcs8.pem", &other));
    ck_assert_int_eq(decode(other.der, other.len, &c4, &k2), ASN1_OK);
    ck_assert(!ck_pubkey_equal(&k.pub, &k2.pub));
    ck_privkey_free(&k2);
    ck_privkey_free(&k);
    obj_free(&o);
    obj_free(&other);
    obj_free(&pub);
    obj_free(&cpub);
}
END_TEST

/* Explicit curve parameters: recognised as the named curve they spell out. */
START_TEST(fixture_explicit)
{
    static const struct {
        const char *key, *pub;
        ck_curve curve;
        bool derived;
    } rows[] = {
        { "p256.explicit.pem", "p256.pub.der", CK_CURVE_P256, false },
        { "p256.explicit-nopub.der", "p256.pub.der", CK_CURVE_P256, true },
        { "secp256k1.explicit.pem", "secp256k1.pub.der", CK_CURVE_SECP256K1, false },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        obj_t o, pub;
        asn1_ctx ctx, c2;
        ck_privkey k;
        der_t root;
        ck_pubkey theirs;
        ck_assert_msg(read_fixture(rows[i].key, &o), "%s missing (run testdata/gen-keys.sh)", rows[i].key);
        ck_assert(read_fixture(rows[i].pub, &pub));
        ck_assert_msg(decode(o.der, o.len, &ctx, &k) == ASN1_OK, "%s: %s", rows[i].key, ctx.err.msg);
        ck_assert_int_eq(k.curve, rows[i].curve);
        ck_assert_int_eq(k.pub_derived, rows[i].derived);
        ck_assert_uint_eq(ctx.nwarn, 1);        /* "explicit EC parameters of ..." */
        ck_assert_ptr_nonnull(strstr(ctx.warn[0].msg, ck_curve_name(rows[i].curve)));
        asn1_ctx_init(&c2, pub.der, pub.len);
        der_init(&root, &c2, NULL);
        ck_assert_int_eq(spki_decode(&root, &theirs), ASN1_OK);
        ck_assert(ck_pubkey_equal(&k.pub, &theirs));
        ck_assert(ck_pubkey_equal(&theirs, &k.pub));
        /* the SPKI keeps the explicit parameters, and is the same key as the named one */
        buf_t b = BUF_INIT;
        ck_assert_int_eq(ck_spki_write(&k.pub, &b), ASN1_OK);
        ck_assert_uint_gt(b.len, pub.len);
        asn1_ctx c3;
        ck_pubkey mine;
        asn1_ctx_init(&c3, (const uint8_t *)b.p, b.len);
        der_init(&root, &c3, NULL);
        ck_assert_int_eq(spki_decode(&root, &mine), ASN1_OK);
        ck_assert_int_eq(mine.curve, CK_CURVE_EXPLICIT);
        ck_assert(ck_pubkey_equal(&mine, &theirs));
        ck_assert_int_eq(ck_ec_explicit_curve(mine.alg_params), rows[i].curve);
        /* the key size as openssl gives it: the named curve the parameters spell out */
        ck_assert_uint_eq(ck_pubkey_bits(&mine), 256);
        /* another curve (the order made 255 bits long): the bit length of its order n */
        {
            asn1_ctx pc;
            der_t pr, dom;
            asn1_elem skip, order;
            uint8_t *params = (uint8_t *)b.p + (mine.alg_params.p - (const uint8_t *)b.p);
            asn1_ctx_init(&pc, params, mine.alg_params.len);
            der_init(&pr, &pc, NULL);
            ck_assert_int_eq(der_enter(&pr, ASN1_SEQUENCE, "", &dom), ASN1_OK);
            for (int f = 0; f < 4; f++)     /* version, fieldID, curve, base */
                ck_assert_int_eq(der_next(&dom, NULL, &skip), ASN1_OK);
            ck_assert_int_eq(der_read(&dom, ASN1_INTEGER, "order", &order), ASN1_OK);
            size_t z = order.body.p[0] == 0 ? 1 : 0;            /* past a sign octet */
            params[order.body.p + z - params] = 0x7f;
            ck_assert_int_eq(ck_ec_explicit_curve(mine.alg_params), CK_CURVE_EXPLICIT);
            ck_assert_uint_eq(ck_pubkey_bits(&mine), 255);
            ck_assert_uint_eq(ck_ec_explicit_order_bits(mine.alg_params), 255);
            /* unreadable parameters: no size */
            ck_assert_uint_eq(ck_ec_explicit_order_bits(span_make(params, 5)), 0);
        }
        buf_free(&b);
        ck_privkey_free(&k);
        obj_free(&o);
        obj_free(&pub);
    }
}
END_TEST

/* Keys from Java keytool and GnuTLS certtool, and the RFC 8410 v2 example, through the loader. */
START_TEST(fixture_producers)
{
    static const struct {
        const char *key, *cert;
        ck_key_type type;
        size_t bits;
    } rows[] = {
        { "java-rsa.key", "java-rsa.crt", CK_KEY_RSA, 2048 },
        { "java-ec.key", "java-ec.crt", CK_KEY_EC, 256 },
        { "gnutls-rsa.key", "gnutls-rsa.crt", CK_KEY_RSA, 2048 },
        { "gnutls-p256.key", "gnutls-p256.crt", CK_KEY_EC, 256 },
        { "gnutls-ed25519.key", "gnutls-ed25519.crt", CK_KEY_ED25519, 253 },
        { "rfc8410-v2.pem", NULL, CK_KEY_ED25519, 253 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char p[1200];
        snprintf(p, sizeof p, "%s/%s", keys_dir(), rows[i].key);
        if (access(p, R_OK) != 0)
            continue;   /* keytool or certtool was not installed when the fixtures were made */
        obj_t o;
        ck_assert(read_fixture(rows[i].key, &o));
        asn1_ctx ctx;
        ck_privkey k;
        ck_assert_msg(decode(o.der, o.len, &ctx, &k) == ASN1_OK, "%s: %s: %s", rows[i].key, ctx.err.path,
                      ctx.err.msg);
        ck_assert_int_eq(k.type, rows[i].type);
        ck_assert_int_eq(k.bits, rows[i].bits);
        ck_assert(k.has_pub);
        if (rows[i].cert) {
            obj_t c;
            x509_cert *cert = calloc(1, sizeof *cert);
            asn1_ctx cc;
            ck_assert(read_fixture(rows[i].cert, &c));
            asn1_ctx_init(&cc, c.der, c.len);
            ck_assert_int_eq(x509_cert_decode(&cc, span_make(c.der, c.len), cert), ASN1_OK);
            ck_assert_msg(ck_pubkey_equal(&k.pub, &cert->pubkey), "%s does not match %s", rows[i].key,
                          rows[i].cert);
            free(cert);
            obj_free(&c);
        }
        ck_privkey_free(&k);
        obj_free(&o);
    }
}
END_TEST

/* Encrypted keys: refused without passwords, opened with the right one, refused with a wrong one. */
START_TEST(fixture_encrypted)
{
    static const char *const files[] = { "rsa2048.enc-pkcs8.pem", "p256.enc-pkcs8.der", "rsa2048.enc-trad.pem",
                                         "p256.enc-trad.pem" };
    static const char *const plain[] = { "rsa2048.pkcs8.pem", "p256.pkcs8.pem", "rsa2048.pkcs8.pem",
                                         "p256.pkcs8.pem" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[1200];
        snprintf(p, sizeof p, "%s/%s", keys_dir(), files[i]);
        input_t in;
        ck_assert_int_eq(input_open(&in, p, IN_FORM_AUTO), 0);
        ck_assert_int_eq(input_next(&in), IN_OBJECT);
        asn1_ctx ctx;
        ck_keyobj o;
        ck_keyload_opts opts;
        memset(&o, 0, sizeof o);
        memset(&opts, 0, sizeof opts);
        asn1_ctx_init(&ctx, NULL, 0);
        /* no passwords: refused, and says so */
        ck_assert_int_eq(ck_keyobj_load(&o, &ctx, &in.obj, &opts), ASN1_E_UNSUPPORTED);
        ck_assert_msg(strstr(ctx.err.msg, "use keyconv") != NULL, "%s: %s", files[i], ctx.err.msg);
        ck_assert(o.enc != CK_KEY_ENC_NONE);
        /* a wrong password */
        p12_passwords pws = { { "wrong" }, { P12_PW_GIVEN }, 1 };
        opts.pws = &pws;
        ck_assert_int_eq(ck_keyobj_load(&o, &ctx, &in.obj, &opts), ASN1_E_CRYPTO);
        ck_assert_msg(strstr(ctx.err.msg, "wrong password") != NULL, "%s: %s", files[i], ctx.err.msg);
        /* the right one */
        p12_passwords good = { { "secret" }, { P12_PW_GIVEN }, 1 };
        opts.pws = &good;
        ck_assert_msg(ck_keyobj_load(&o, &ctx, &in.obj, &opts) == ASN1_OK, "%s: %s", files[i], ctx.err.msg);
        ck_assert_int_eq(o.kind, CK_KEYOBJ_PRIVATE);
        obj_t pl;
        asn1_ctx c2;
        ck_privkey k;
        ck_assert(read_fixture(plain[i], &pl));
        ck_assert_int_eq(decode(pl.der, pl.len, &c2, &k), ASN1_OK);
        ck_assert(ck_pubkey_equal(&k.pub, ck_keyobj_public(&o)));
        ck_privkey_free(&k);
        obj_free(&pl);
        ck_keyobj_free(&o);
        input_close(&in);
    }
}
END_TEST

/* --------------------------------------------------------- known answers */

#define P256_PARAMS "a00a06082a8648ce3d030107"

START_TEST(kat_ec_p256)
{
    /* RFC 6979 A.2.5: x, and Ux, Uy */
    uint8_t der[256];
    size_t n = unhex("3031 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721" P256_PARAMS,
                     der, sizeof der);
    uint8_t want[65];
    unhex("04 60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
          "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299",
          want, sizeof want);
    asn1_ctx ctx;
    ck_privkey k;
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_OK);
    ck_assert(k.pub_derived);
    ck_assert(span_eq(k.pub.ec_point, span_make(want, sizeof want)));
    ck_assert_int_eq(k.bits, 256);

    /* d = 1: Q = G */
    n = unhex("3031 020101 0420 0000000000000000000000000000000000000000000000000000000000000001" P256_PARAMS, der,
              sizeof der);
    unhex("04 6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
          "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5",
          want, sizeof want);
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_OK);
    ck_assert(span_eq(k.pub.ec_point, span_make(want, sizeof want)));

    /* with the right publicKey: accepted; the point is kept as given */
    n = unhex("3077 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721" P256_PARAMS
              "a144034200 04 60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
              "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299",
              der, sizeof der);
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_OK);
    ck_assert(!k.pub_derived && k.ec_has_pub);
    ck_assert(k.pub.ec_point.p == der + 56);
    /* its compressed form (y is odd: 03) is the same key */
    n = unhex("3057 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721" P256_PARAMS
              "a124032200 03 60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6",
              der, sizeof der);
    ck_assert_msg(decode(der, n, &ctx, &k) == ASN1_OK, "%s: %s", ctx.err.path, ctx.err.msg);
    /* the wrong parity is another point: the key is damaged */
    der[56] = 0x02;
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_E_VALUE);
    ck_assert_str_eq(ctx.err.path, "publicKey");
    ck_assert_int_eq(ctx.err.offset, 51);
    ck_privkey_free(&k);
}
END_TEST

START_TEST(kat_ed25519_x25519)
{
    /* RFC 8032 7.1 TEST 1 */
    uint8_t der[200], pk[32];
    size_t n = unhex("302e 020100 3005 06032b6570 0422 0420"
                     "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                     der, sizeof der);
    unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", pk, sizeof pk);
    asn1_ctx ctx;
    ck_privkey k;
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_OK);
    ck_assert_int_eq(k.type, CK_KEY_ED25519);
    ck_assert(k.pub_derived);
    ck_assert(span_eq(k.pub.raw, span_make(pk, 32)));
    /* OneAsymmetricKey v2 with the matching publicKey */
    n = unhex("3051 020101 3005 06032b6570 0422 0420"
              "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
              "8121 00 d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
              der, sizeof der);
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_OK);
    ck_assert_int_eq(k.pkcs8_version, 1);
    ck_assert(!k.pub_derived);
    /* ... and with a wrong one */
    der[n - 1] ^= 1;
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_E_VALUE);
    ck_assert_str_eq(ctx.err.path, "publicKey");
    ck_assert_int_eq(ctx.err.offset, 48);

    /* RFC 7748 6.1: Alice */
    n = unhex("302e 020100 3005 06032b656e 0422 0420"
              "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
              der, sizeof der);
    unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", pk, sizeof pk);
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_OK);
    ck_assert_int_eq(k.type, CK_KEY_X25519);
    ck_assert(span_eq(k.pub.raw, span_make(pk, 32)));
    ck_privkey_free(&k);
}
END_TEST

/* n = 61 * 53, e = 17, d = 2753 (the textbook key) */
#define TINY_RSA "301d 020100 02020ca1 020111 02020ac1 02013d 020135 020135 020131 020126"
/* p = 23, q = 11, g = 4, y = 4^3 mod 23 = 18, x = 3 */
#define TINY_DSA "3012 020100 020117 02010b 020104 020112 020103"

START_TEST(kat_small_rsa_dsa)
{
    uint8_t der[200];
    asn1_ctx ctx;
    ck_privkey k;
    size_t n = unhex(TINY_RSA, der, sizeof der);
    ck_assert_int_eq(decode(der, n, &ctx, &k), ASN1_OK);
    ck_assert_int_eq(k.form, CK_PRIV_FORM_PKCS1);
    ck_assert_int_eq(k.bits, 12);
    ck_assert_int_eq(k.rsa_nprimes, 2);
    /* the writers give back the same bytes, and a PKCS#8 around them */
    buf_t w = BUF_INIT;
    ck_assert_int_eq(ck_privkey_write_pkcs1(&k, &w), ASN1_OK);
    ck_assert(w.len == n && memcmp(w.p, der, n) == 0);
    buf_reset(&w);
    ck_assert_int_eq(ck_privkey_write_pkcs8(&k, &w), ASN1_OK);
    uint8_t want[200];
    size_t wn = unhex("3033 020100 300d06092a864886f70d0101010500 041f" TINY_RSA, want, sizeof want);
    ck_assert(w.len == wn && memcmp(w.p, want, wn) == 0);
    buf_wipe_free(&w);

    /* multi-prime: n = 61 * 53 * 67, version 1 */
    n = unhex("302a 020101 020303 4e23 020111 020105 02013d 020135 020101 020101 020101"
              "300b 3009 020143 020101 020101",
              der, sizeof der);
    ck_assert_msg(decode(der, n, &ctx, &k) == ASN1_OK, "%s: %s", ctx.err.path, ctx.err.msg);
    ck_assert_int_eq(k.rsa_nprimes, 3);
    ck_assert_int_eq(k.rsa_version, 1);
    ck_assert_int_eq(ck_privkey_write_pkcs1(&k, &w), ASN1_OK);
    ck_assert(w.len == n && memcmp(w.p, der, n) == 0);
    buf_wipe_free(&w);

    n = unhex(TINY_DSA, der, sizeof der);
    ck_assert_msg(decode(der, n, &ctx, &k) == ASN1_OK, "%s: %s", ctx.err.path, ctx.err.msg);
    ck_assert_int_eq(k.form, CK_PRIV_FORM_DSA);
    ck_assert_int_eq(k.bits, 5);
    /* PKCS#8 DSA: y is computed */
    n = unhex("301e 020100 3014 06072a8648ce380401 3009 020117 02010b 020104 0403 020103", der, sizeof der);
    ck_assert_msg(decode(der, n, &ctx, &k) == ASN1_OK, "%s: %s", ctx.err.path, ctx.err.msg);
    ck_assert(k.pub_derived);
    ck_assert_int_eq(k.pub.dsa_y.len, 1);
    ck_assert_int_eq(k.pub.dsa_y.p[0], 18);
    ck_assert_int_eq(ck_privkey_write_dsa(&k, &w), ASN1_OK);
    n = unhex(TINY_DSA, want, sizeof want);
    ck_assert(w.len == n && memcmp(w.p, want, n) == 0);
    buf_wipe_free(&w);
    ck_privkey_free(&k);
}
END_TEST

/* ------------------------------------------------------------- malformed */

static const struct bad {
    const char *name, *hex;
    asn1_err code;
    size_t offset;
    const char *path;
    const char *msg;        /* a substring of the message, or NULL */
} bad[] = {
    /* PKCS#8 */
    { "pkcs8 version 2", "302e 020102 3005 06032b6570 0422 0420 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      ASN1_E_VALUE, 2, "version", "RFC 5958" },
    { "pkcs8 Ed25519 key of 31 bytes", "302d 020100 3005 06032b6570 0421 041f 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f",
      ASN1_E_VALUE, 14, "privateKey", "31 bytes" },
    { "pkcs8 Ed25519 without the inner OCTET STRING", "302c 020100 3005 06032b6570 0420 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      ASN1_E_TRUNCATED, 14, "privateKey", NULL },
    { "pkcs8 Ed25519 raw key read as DER", "302c 020100 3005 06032b6570 0420 0201009deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      ASN1_E_TAG, 14, "privateKey", NULL },
    { "pkcs8 EC without parameters", "3037 020100 3009 06072a8648ce3d0201 0427 3025 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
      ASN1_E_MISSING, 5, "privateKeyAlgorithm.parameters", "curve" },
    { "pkcs8 inner curve differs", "304a 020100 3013 06072a8648ce3d0201 06082a8648ce3d030107 0430 302e 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721 a007 06052b81040022",
      ASN1_E_VALUE, 67, "privateKey.parameters", "differs" },
    { "pkcs8 privateKey missing", "300a 020100 3005 06032b6570", ASN1_E_MISSING, 12, "privateKey", NULL },
    { "pkcs8 trailing bytes in privateKey", "3030 020100 3005 06032b6570 0424 0420 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60 0500",
      ASN1_E_TRAILING, 48, "privateKey", NULL },
    { "pkcs8 RSA parameters not NULL", "3034 020100 300e 06092a864886f70d010101 020100 041f" TINY_RSA,
      ASN1_E_VALUE, 5, "privateKeyAlgorithm.parameters", "NULL" },
    { "encrypted", "300e 3005 06032b6570 0405 0102030405", ASN1_E_UNSUPPORTED, 0, "EncryptedPrivateKeyInfo", "use keyconv" },
    { "a public key", "302a 3005 06032b6570 032100 d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
      ASN1_E_UNSUPPORTED, 0, "", "public key" },
    /* PKCS#1 */
    { "rsa version 2", "301d 020102 02020ca1 020111 02020ac1 02013d 020135 020135 020131 020126", ASN1_E_VALUE, 2, "version", NULL },
    { "rsa multi without otherPrimeInfos", "301d 020101 02020ca1 020111 02020ac1 02013d 020135 020135 020131 020126",
      ASN1_E_VALUE, 2, "version", "otherPrimeInfos" },
    { "rsa two-prime with otherPrimeInfos", "302a 020100 020303 4e23 020111 020105 02013d 020135 020101 020101 020101 300b 3009 020143 020101 020101",
      ASN1_E_VALUE, 2, "version", "two-prime" },
    { "rsa missing prime2", "3011 020100 02020ca1 020111 02020ac1 02013d", ASN1_E_MISSING, 19, "prime2", NULL },
    { "rsa primes do not multiply to n", "301d 020100 02020ca1 020111 02020ac1 02013b 020135 020135 020131 020126",
      ASN1_E_VALUE, 5, "modulus", "product" },
    { "rsa negative modulus", "301d 020100 0202f3a1 020111 02020ac1 02013d 020135 020135 020131 020126",
      ASN1_E_VALUE, 5, "modulus", "negative" },
    { "rsa truncated", "301d 020100 02020ca1 020111 02020ac1 02013d 020135 020135 020131 0201",
      ASN1_E_TRUNCATED, 0, "RSAPrivateKey", NULL },
    /* SEC1 */
    { "ec version 0", "3031 020100 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721" P256_PARAMS,
      ASN1_E_VALUE, 2, "version", "ecPrivkeyVer1" },
    { "ec scalar zero", "3031 020101 0420 0000000000000000000000000000000000000000000000000000000000000000" P256_PARAMS,
      ASN1_E_VALUE, 5, "privateKey", "zero" },
    { "ec scalar = n", "3031 020101 0420 FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551" P256_PARAMS,
      ASN1_E_VALUE, 5, "privateKey", "order" },
    { "ec without curve", "3025 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
      ASN1_E_MISSING, 39, "parameters", NULL },
    { "ec implicitCurve", "3029 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721 a002 0500",
      ASN1_E_UNSUPPORTED, 41, "parameters.implicitCurve", NULL },
    { "ec publicKey of the wrong length", "3057 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721" P256_PARAMS
      "a124032200 04 60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6",
      ASN1_E_VALUE, 51, "publicKey", "point" },
    { "ec publicKey of another key", "3077 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721" P256_PARAMS
      "a144034200 04 6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
      "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5",
      ASN1_E_VALUE, 51, "publicKey", "does not match" },
    /* DSA */
    { "dsa x = q", "3012 020100 020117 02010b 020104 020112 02010b", ASN1_E_VALUE, 17, "x", "q-1" },
    { "dsa x = 0", "3012 020100 020117 02010b 020104 020112 020100", ASN1_E_VALUE, 17, "x", NULL },
    { "dsa y does not match", "3012 020100 020117 02010b 020104 020113 020103", ASN1_E_VALUE, 14, "y", "does not match" },
    { "dsa version 1", "3012 020101 020117 02010b 020104 020112 020103", ASN1_E_VALUE, 2, "version", NULL },
    { "pkcs8 dsa x >= q", "301e 020100 3014 06072a8648ce380401 3009 020117 02010b 020104 0403 02010c",
      ASN1_E_VALUE, 29, "privateKey.x", NULL },
    /* not a key at all */
    { "not DER", "0102", ASN1_E_UNSUPPORTED, 0, "", NULL },
    { "empty sequence", "3000", ASN1_E_UNSUPPORTED, 0, "", NULL },
};

START_TEST(malformed)
{
    const struct bad *b = &bad[_i];
    uint8_t buf[512];
    size_t n = unhex(b->hex, buf, sizeof buf);
    uint8_t *der = malloc(n);   /* exact size: ASan sees any overread */
    memcpy(der, buf, n);
    asn1_ctx ctx;
    ck_privkey k;
    asn1_err e = decode(der, n, &ctx, &k);
    ck_assert_msg(e == b->code, "%s: got %s (%s: %s), want %s", b->name, asn1_err_name(e), ctx.err.path, ctx.err.msg,
                  asn1_err_name(b->code));
    ck_assert_msg(ctx.err.code == b->code, "%s: ctx code %d", b->name, ctx.err.code);
    ck_assert_msg(ctx.err.offset == b->offset, "%s: offset %zu, want %zu (%s: %s)", b->name, ctx.err.offset,
                  b->offset, ctx.err.path, ctx.err.msg);
    ck_assert_msg(strcmp(ctx.err.path, b->path) == 0, "%s: path [%s], want [%s]", b->name, ctx.err.path, b->path);
    if (b->msg)
        ck_assert_msg(strstr(ctx.err.msg, b->msg) != NULL, "%s: message [%s] lacks [%s]", b->name, ctx.err.msg,
                      b->msg);
    ck_assert_int_eq(k.type, CK_KEY_NONE);      /* nothing half-decoded is left */
    free(der);
}
END_TEST

/* ---------------------------------------------------------- truncation */

START_TEST(every_prefix)
{
    static const char *const names[] = { "rsa3p.trad.der", "rsa2048.pkcs8.der", "p256.trad.der", "p521.pkcs8.der",
                                         "ed25519.pkcs8.der", "x448.pkcs8.der", "dsa.pkcs8.der", "dsa.trad.der",
                                         "rsapss-sha256.pkcs8.der", "rfc8410-v2.pem", "p384.nopub.der" };
    unsigned tried = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        obj_t o;
        ck_assert_msg(read_fixture(names[i], &o), "%s missing", names[i]);
        for (size_t len = 0; len < o.len; len++) {
            uint8_t *p = malloc(len ? len : 1);
            memcpy(p, o.der, len);
            asn1_ctx ctx;
            ck_privkey k;
            asn1_err e = decode(p, len, &ctx, &k);
            ck_assert_msg(e != ASN1_OK, "%s: prefix of %zu bytes decoded", names[i], len);
            ck_assert_msg(ctx.err.code != ASN1_OK, "%s[%zu]: no error recorded", names[i], len);
            ck_assert_msg(ctx.err.offset <= len, "%s[%zu]: offset %zu past the end", names[i], len, ctx.err.offset);
            ck_assert(k.type == CK_KEY_NONE && !k.has_pub);
            free(p);
            tried++;
        }
        /* the whole object decodes */
        asn1_ctx ctx;
        ck_privkey k;
        ck_assert_int_eq(decode(o.der, o.len, &ctx, &k), ASN1_OK);
        ck_privkey_free(&k);
        obj_free(&o);
    }
    ck_assert_uint_gt(tried, 5000);
}
END_TEST

/* ----------------------------------------------------------- equality */

START_TEST(pubkey_equal)
{
    static const uint8_t n1[] = { 0x00, 0xc1, 0x02 }, n2[] = { 0x00, 0x00, 0xc1, 0x02 }, n3[] = { 0x00, 0xc1, 0x03 };
    static const uint8_t e1[] = { 0x01, 0x00, 0x01 }, e2[] = { 0x00, 0x01, 0x00, 0x01 };
    ck_pubkey a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.type = CK_KEY_RSA;
    a.rsa_n = span_make(n1, sizeof n1);
    a.rsa_e = span_make(e1, sizeof e1);
    b.type = CK_KEY_RSA_PSS;
    b.rsa_n = span_make(n2, sizeof n2);
    b.rsa_e = span_make(e2, sizeof e2);
    ck_assert(ck_pubkey_equal(&a, &b));      /* leading zeros, RSA vs RSA-PSS */
    b.rsa_n = span_make(n3, sizeof n3);
    ck_assert(!ck_pubkey_equal(&a, &b));
    /* EC: uncompressed (y even) vs compressed 02 and 03; another curve */
    static const uint8_t u[] = { 0x04, 0x00, 0x05, 0x00, 0x08 }, c2[] = { 0x02, 0x00, 0x05 }, c3[] = { 0x03, 0x00, 0x05 },
                         h[] = { 0x06, 0x00, 0x05, 0x00, 0x08 };
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.type = b.type = CK_KEY_EC;
    a.curve = b.curve = CK_CURVE_P256;
    a.ec_point = span_make(u, sizeof u);
    b.ec_point = span_make(c2, sizeof c2);
    ck_assert(ck_pubkey_equal(&a, &b));
    ck_assert(ck_pubkey_equal(&b, &a));
    b.ec_point = span_make(h, sizeof h);
    ck_assert(ck_pubkey_equal(&a, &b));
    b.ec_point = span_make(c3, sizeof c3);
    ck_assert(!ck_pubkey_equal(&a, &b));
    b.ec_point = span_make(c2, sizeof c2);
    b.curve = CK_CURVE_P384;
    ck_assert(!ck_pubkey_equal(&a, &b));
    /* Ed25519 vs X25519 with the same bytes: different keys */
    static const uint8_t raw[32] = { 1 };
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.type = CK_KEY_ED25519;
    b.type = CK_KEY_X25519;
    a.raw = b.raw = span_make(raw, sizeof raw);
    ck_assert(!ck_pubkey_equal(&a, &b));
    b.type = CK_KEY_ED25519;
    ck_assert(ck_pubkey_equal(&a, &b));
    ck_assert(!ck_pubkey_equal(&a, NULL));
}
END_TEST

/* A moved key keeps a valid public part. */
START_TEST(move_keeps_pub)
{
    uint8_t der[100];
    size_t n = unhex("3031 020101 0420 C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721" P256_PARAMS,
                     der, sizeof der);
    asn1_ctx ctx;
    ck_privkey *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    asn1_ctx_init(&ctx, der, n);
    ck_assert_int_eq(ck_privkey_decode(&ctx, span_make(der, n), a), ASN1_OK);
    ck_privkey_move(b, a);
    ck_assert(b->pub.ec_point.p >= b->pub_buf && b->pub.ec_point.p < b->pub_buf + sizeof b->pub_buf);
    ck_assert_int_eq(b->pub.ec_point.p[0], 0x04);
    ck_assert_int_eq(a->type, CK_KEY_NONE);
    ck_privkey_free(b);
    free(a);
    free(b);
}
END_TEST

/* --------------------------------------------------------- differential */

static const char *corpus_dir(void)
{
    static char dir[1024];
    const char *c = getenv("CERTKIT_CORPUS");
    if (c && *c)
        snprintf(dir, sizeof dir, "%s", c);
    else
        snprintf(dir, sizeof dir, "%s/../shared/corpus", top());
    return dir;
}

/* Runs a command and captures its standard output (binary). */
static size_t run(const char *cmd, uint8_t *out, size_t cap)
{
    FILE *f = popen(cmd, "r");
    if (!f)
        return 0;
    size_t n = fread(out, 1, cap, f);
    if (pclose(f) != 0)
        return 0;
    return n;
}

START_TEST(corpus_differential)
{
    char path[1200], line[8192], cmd[2600];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", corpus_dir());
    FILE *m = fopen(path, "r");
    if (!m) {
        fprintf(stderr, "keys corpus: %s not found, skipped\n", path);
        return;
    }
    unsigned total = 0, ok_agree = 0, rejected_clean = 0, rejected_opaque = 0, accepted_lenient = 0,
             unsupported = 0, underivable = 0, encrypted = 0, stricter = 0, formats = 0, failures = 0;
    static uint8_t spki[1 << 16], text[4096];
    while (fgets(line, sizeof line, m)) {
        char *col[16] = { 0 };
        int nc = 0;
        for (char *p = line, *s; nc < 16 && (s = strsep(&p, "\t\n")); )
            col[nc++] = s;
        if (nc < 8 || strncmp(col[0], "keys/", 5) != 0)
            continue;
        bool priv = strcmp(col[5], "private-key") == 0, pub = strcmp(col[5], "public-key") == 0;
        if (!priv && !pub)
            continue;
        total++;
        bool ossl_ok = strncmp(col[7], "yes", 3) == 0;
        const char *inform = strcmp(col[6], "DER") == 0 ? "-inform DER" : "";
        snprintf(path, sizeof path, "%s/%s", corpus_dir(), col[0]);

        /* ours: the first object that holds a key (files may start with EC PARAMETERS) */
        input_t in;
        asn1_ctx ctx;
        ck_keyobj o;
        ck_keyload_opts opts;
        memset(&o, 0, sizeof o);
        memset(&opts, 0, sizeof opts);
        asn1_ctx_init(&ctx, NULL, 0);
        asn1_err e = ASN1_E_MISSING;
        if (input_open(&in, path, IN_FORM_AUTO) == 0) {
            in_status st;
            while ((st = input_next(&in)) != IN_END && st != IN_FATAL) {
                if (st != IN_OBJECT)
                    continue;
                e = ck_keyobj_load(&o, &ctx, &in.obj, &opts);
                if (e == ASN1_E_UNSUPPORTED && strstr(ctx.err.msg, "holds no key"))
                    continue;
                break;
            }
            input_close(&in);
        }
        const ck_pubkey *ours = e == ASN1_OK ? ck_keyobj_public(&o) : NULL;
        bool opaque = e == ASN1_OK && (!ours || ours->type == CK_KEY_OTHER ||
                                       (o.kind == CK_KEYOBJ_PRIVATE && o.priv.type == CK_KEY_OTHER));
        if (!ossl_ok) {
            if (e != ASN1_OK) {
                rejected_clean++;
            } else if (opaque) {
                rejected_opaque++;      /* e.g. GOST, ML-DSA: read as an opaque key, nothing to compare */
            } else {
                accepted_lenient++;
                fprintf(stderr, "keys corpus: %s: openssl rejects it, certkit reads a %s key\n", col[0],
                        ck_keyobj_alg(&o));
            }
            ck_keyobj_free(&o);
            continue;
        }
        if (e != ASN1_OK) {
            const char *cat = NULL;
            if (o.enc != CK_KEY_ENC_NONE) {
                cat = "encrypted (no password here)";
                encrypted++;
            } else if (e == ASN1_E_VALUE && (strstr(ctx.err.msg, "group order") || strstr(ctx.err.msg, "does not match"))) {
                cat = "invalid key certkit refuses";
                stricter++;
            } else if (e == ASN1_E_UNSUPPORTED && strstr(ctx.err.msg, "not a private key")) {
                cat = "format certkit does not read";
                formats++;
            }
            if (cat) {
                fprintf(stderr, "keys corpus: %s: %s: %s\n", col[0], cat, ctx.err.msg);
            } else {
                failures++;
                fprintf(stderr, "keys corpus: FAIL %s: %s at %zu: %s\n", col[0], ctx.err.path, ctx.err.offset,
                        ctx.err.msg);
            }
            ck_keyobj_free(&o);
            continue;
        }
        if (opaque) {
            const char *why = o.kind == CK_KEYOBJ_PRIVATE && o.priv.type != CK_KEY_OTHER ? o.priv.pub_why
                              : "algorithm certkit does not decode";
            if (o.kind == CK_KEYOBJ_PRIVATE && o.priv.type != CK_KEY_OTHER && o.priv.type != CK_KEY_ED448 &&
                o.priv.type != CK_KEY_X448)
                underivable++;
            else if (o.kind == CK_KEYOBJ_PRIVATE && o.priv.type != CK_KEY_OTHER)
                underivable++;
            else
                unsupported++;
            fprintf(stderr, "keys corpus: %s: no public part: %s\n", col[0], why);
            ck_keyobj_free(&o);
            continue;
        }
        /* theirs: the public key as SPKI, and the size line (the manifest's kind is not always right) */
        pub = o.kind != CK_KEYOBJ_PRIVATE;
        snprintf(cmd, sizeof cmd, "openssl pkey %s %s -in '%s' -pubout -outform DER 2>/dev/null", pub ? "-pubin" : "",
                 inform, path);
        size_t sn = run(cmd, spki, sizeof spki);
        snprintf(cmd, sizeof cmd, "openssl pkey %s %s -in '%s' -noout -text 2>/dev/null | head -1", pub ? "-pubin" : "",
                 inform, path);
        size_t tn = run(cmd, text, sizeof text - 1);
        text[tn] = 0;
        if (sn == 0) {
            fprintf(stderr, "keys corpus: %s: openssl gave no public key\n", col[0]);
            ck_keyobj_free(&o);
            continue;
        }
        asn1_ctx c2;
        der_t root;
        ck_pubkey theirs;
        asn1_ctx_init(&c2, spki, sn);
        der_init(&root, &c2, NULL);
        bool agree = spki_decode(&root, &theirs) == ASN1_OK;
        const char *why = "their SPKI does not decode";
        if (agree) {
            ck_key_type mine = o.kind == CK_KEYOBJ_PRIVATE ? o.priv.type : o.pub.type;
            /* openssl calls an RSA-PSS key read from "RSA PRIVATE KEY" plain RSA */
            bool rsa_any = (mine == CK_KEY_RSA || mine == CK_KEY_RSA_PSS) &&
                           (theirs.type == CK_KEY_RSA || theirs.type == CK_KEY_RSA_PSS);
            if (mine != theirs.type && !rsa_any) {
                agree = false;
                why = "algorithms differ";
            }
        }
        if (agree && !ck_pubkey_equal(ours, &theirs)) {
            agree = false;
            why = "public keys differ";
        }
        /* bits: "Private-Key: (2048 bit" / "Public-Key: (256 bit" */
        const char *bp = strstr((const char *)text, "(");
        if (agree && bp) {
            size_t bits = strtoul(bp + 1, NULL, 10);
            if (bits && bits != ck_keyobj_bits(&o)) {
                agree = false;
                why = "sizes differ";
            }
        }
        if (agree) {
            ok_agree++;
        } else {
            failures++;
            fprintf(stderr, "keys corpus: FAIL %s: %s (certkit: %s %zu; openssl: %s)\n", col[0], why,
                    ck_keyobj_alg(&o), ck_keyobj_bits(&o), (const char *)text);
        }
        ck_keyobj_free(&o);
    }
    fclose(m);
    fprintf(stderr,
            "keys corpus: %u files; openssl reads %u: %u agree (algorithm, bits, public key), %u algorithm not "
            "decoded, %u public part not derivable here, %u encrypted, %u invalid keys refused, %u other formats, "
            "%u fail; openssl rejects %u: %u rejected, %u opaque, %u read anyway\n",
            total, ok_agree + unsupported + underivable + encrypted + stricter + formats + failures, ok_agree,
            unsupported, underivable, encrypted, stricter, formats, failures,
            rejected_clean + rejected_opaque + accepted_lenient, rejected_clean, rejected_opaque, accepted_lenient);
    ck_assert_uint_gt(total, 100);
    ck_assert_msg(failures == 0, "%u corpus keys disagree with openssl", failures);
}
END_TEST

Suite *suite_keys(void)
{
    Suite *s = suite_create("keys");
    TCase *t = tcase_create("fixtures");
    tcase_set_timeout(t, 60);
    tcase_add_loop_test(t, fixture_forms, 0, NFIX);
    tcase_add_test(t, fixture_ec_nopub);
    tcase_add_test(t, fixture_compressed);
    tcase_add_test(t, fixture_explicit);
    tcase_add_test(t, fixture_producers);
    tcase_add_test(t, fixture_encrypted);
    suite_add_tcase(s, t);
    t = tcase_create("kat");
    tcase_add_test(t, kat_ec_p256);
    tcase_add_test(t, kat_ed25519_x25519);
    tcase_add_test(t, kat_small_rsa_dsa);
    tcase_add_test(t, pubkey_equal);
    tcase_add_test(t, move_keeps_pub);
    suite_add_tcase(s, t);
    t = tcase_create("malformed");
    tcase_set_timeout(t, 120);
    tcase_add_loop_test(t, malformed, 0, sizeof bad / sizeof bad[0]);
    tcase_add_test(t, every_prefix);
    suite_add_tcase(s, t);
    t = tcase_create("corpus");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, corpus_differential);
    suite_add_tcase(s, t);
    return s;
}
