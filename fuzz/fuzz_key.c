/*
 * fuzz_key.c - libFuzzer harness for the private key decoders (x509/key*.c):
 * PKCS#8 / OneAsymmetricKey, PKCS#1, SEC1, DSA, each RFC 8410 key, and the public
 * key comparison and writers.
 *
 * For every input: ck_privkey_decode (format detected from the shape), and each
 * form forced with ck_privkey_decode_form.  On success every writer runs (PKCS#8,
 * the traditional form, SubjectPublicKeyInfo) and its output is decoded again.
 * Invariants (abort on violation, so the fuzzer reports them):
 *   - an error is recorded in the context if and only if decoding failed, and a
 *     failed decode leaves no key behind (type NONE);
 *   - every recorded offset (error, warnings) lies inside the input;
 *   - a decoded key that has a public part equals itself (ck_pubkey_equal);
 *   - the PKCS#8 the writer makes decodes, as the same algorithm and size, with a
 *     public part equal to the original's; the traditional form too;
 *   - the SPKI the writer makes decodes with spki_decode to an equal public key;
 *   - the input read as a SubjectPublicKeyInfo: error iff failure, the public key
 *     printers (sink_pubkey, JSON valid and text) run, and a key spki.c knows is
 *     written back (ck_spki_write) and decodes equal;
 *   - every decoded key's public part goes through the same printers.
 * Build: make fuzz (clang -fsanitize=fuzzer,address,undefined).  Replay without
 * libFuzzer: fuzz/replay_main.c over fuzz/corpus/key.
 */
#include "x509/x509.h"
#include "fuzz/fuzz_common.h"

#include <stdlib.h>
#include <string.h>

/* Decodes what a writer made; it must be the same key. */
static void redecode(const ck_privkey *k, const buf_t *w)
{
    static ck_privkey k2;
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, (const uint8_t *)w->p, w->len);
    asn1_err e = ck_privkey_decode(&ctx, span_make(w->p, w->len), &k2);
    fz_check_ctx(&ctx, e, w->len);
    if (e != ASN1_OK) {
        /* a key whose curve certkit cannot check may carry a point it re-validates: only
           the NIST curves are checked both times, so any failure is a writer bug */
        abort();
    }
    bool same_type = k2.type == k->type ||
                     ((k->type == CK_KEY_RSA_PSS || k->type == CK_KEY_RSA) && k2.type == CK_KEY_RSA);
    if (!same_type || k2.bits != k->bits)
        abort();
    /* a public part read from the file (Ed448, X448, big DSA) may not survive the canonical
       PKCS#8, which has no room for it; a computed one must come back */
    if (k->has_pub && k2.has_pub && !ck_pubkey_equal(&k->pub, &k2.pub))
        abort();
    if (k->pub_derived && !k2.has_pub)
        abort();
    ck_privkey_free(&k2);
}

static void describe_pub(const ck_pubkey *pub, x509_sink *s, const void *info)
{
    (void)info;
    sink_pubkey(s, "public_key", "Public key", pub);
}

/* The public key printers (sink_pubkey): JSON is one valid object, text runs. */
static void print_pub(const ck_pubkey *pub)
{
    buf_t out = BUF_INIT;
    FZ_JSON_LINE(&out, describe_pub, pub, NULL);
    buf_reset(&out);
    x509_sink s;
    x509_text_state st;
    x509_sink_text(&s, &st, &out, 0);
    sink_pubkey(&s, "public_key", "Public key", pub);
    buf_free(&out);
}

/* The input as a SubjectPublicKeyInfo: printers, and the writer's SPKI decodes equal. */
static void spki(const uint8_t *data, size_t size)
{
    static asn1_ctx ctx;
    der_t root;
    ck_pubkey p, p2;
    asn1_ctx_init(&ctx, data, size);
    der_init(&root, &ctx, NULL);
    asn1_err e = spki_decode(&root, &p);
    fz_check_ctx(&ctx, e, size);
    if (e != ASN1_OK)
        return;
    print_pub(&p);
    FZ_ASSERT(ck_pubkey_equal(&p, &p) || p.type == CK_KEY_OTHER);
    buf_t w = BUF_INIT;
    if (p.type != CK_KEY_OTHER && ck_spki_write(&p, &w) == ASN1_OK && !w.oom) {
        asn1_ctx_init(&ctx, (const uint8_t *)w.p, w.len);
        der_init(&root, &ctx, NULL);
        e = spki_decode(&root, &p2);
        fz_check_ctx(&ctx, e, w.len);
        FZ_ASSERT(e == ASN1_OK);
        FZ_ASSERT(p2.type == CK_KEY_OTHER || ck_pubkey_equal(&p, &p2));
    }
    buf_free(&w);
}

static void writers(const ck_privkey *k)
{
    if (k->has_pub)
        print_pub(&k->pub);
    buf_t w = BUF_INIT;
    if (k->has_pub && !ck_pubkey_equal(&k->pub, &k->pub))
        abort();
    if (ck_privkey_write_pkcs8(k, &w) == ASN1_OK)
        redecode(k, &w);
    buf_wipe_free(&w);
    if (ck_privkey_write_traditional(k, &w) == ASN1_OK)
        redecode(k, &w);
    buf_wipe_free(&w);
    if (k->has_pub && ck_spki_write(&k->pub, &w) == ASN1_OK) {
        asn1_ctx ctx;
        der_t root;
        ck_pubkey p;
        asn1_ctx_init(&ctx, (const uint8_t *)w.p, w.len);
        der_init(&root, &ctx, NULL);
        asn1_err e = spki_decode(&root, &p);
        /* keys on curves spki.c does not know stay opaque there; ours must still decode */
        if (e != ASN1_OK)
            abort();
        if (p.type != CK_KEY_OTHER && !ck_pubkey_equal(&k->pub, &p))
            abort();
    }
    buf_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ck_privkey k;
    asn1_ctx ctx;
    span_t der = span_make(data, size);

    asn1_ctx_init(&ctx, data, size);
    asn1_err e = ck_privkey_decode(&ctx, der, &k);
    fz_check_ctx(&ctx, e, size);
    if (e == ASN1_OK)
        writers(&k);
    else if (k.type != CK_KEY_NONE || k.has_pub)
        abort();
    ck_privkey_free(&k);

    spki(data, size);

    for (int f = CK_PRIV_FORM_PKCS1; f < CK_PRIV_FORM__COUNT; f++) {
        asn1_ctx_init(&ctx, data, size);
        e = ck_privkey_decode_form(&ctx, der, (ck_privkey_form)f, &k);
        fz_check_ctx(&ctx, e, size);
        if (e == ASN1_OK)
            writers(&k);
        else if (k.type != CK_KEY_NONE)
            abort();
        ck_privkey_free(&k);
    }
    return 0;
}
