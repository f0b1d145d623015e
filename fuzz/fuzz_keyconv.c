/*
 * fuzz_keyconv.c - libFuzzer harness for what keyconv decodes before the key
 * decoders: legacy PEM encryption ("Proc-Type: 4,ENCRYPTED" / "DEK-Info:" header
 * parsing, EVP_BytesToKey, every cipher and mode of pkcs12/pemlegacy.c) and
 * EncryptedPrivateKeyInfo decryption (PBES1, PBES2, PKCS#12 PBEs), through the one
 * loader keyconv and keymatch share (tools/keyload.c), with the fixed passwords
 * "secret" and the empty one, and the iteration cap lowered to FUZZ_MAX_ITER so an
 * input cannot make one run slow.
 *
 * Each input is read three ways:
 *   1. as PEM text: every block (label, headers, body) is loaded as keyconv loads it;
 *   2. as "DEK-Info value" + LF + ciphertext: an "RSA PRIVATE KEY" block with
 *      "Proc-Type: 4,ENCRYPTED" and that DEK-Info, whose body is the rest of the input
 *      (so the fuzzer reaches the ciphers without having to write base64);
 *   3. as one DER object (an EncryptedPrivateKeyInfo, or any key).
 * Invariants (abort on violation):
 *   - an error is recorded in the context if and only if loading failed, at an
 *     offset inside the bytes it was decoded from;
 *   - a loaded private key that was encrypted says how (enc), a plain one does not;
 *   - the PKCS#8 a loaded key is written as decodes again as the same algorithm and size;
 *   - for a DEK-Info cipher certkit knows, encrypting the ciphertext bytes and
 *     decrypting them again gives them back (pem_legacy_*_any).
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c over fuzz/corpus/keyconv.
 */
#include "pkcs12/pemlegacy.h"
#include "tools/keyload.h"
#include "fuzz/fuzz_common.h"

#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_ITER 64

static const p12_passwords pws = { { "secret", "", NULL }, { P12_PW_GIVEN, P12_PW_EMPTY, P12_PW_GIVEN }, 2 };

/* The PKCS#8 the key is written as must decode as the same key type and size. */
static void rewrite(const ck_privkey *k)
{
    buf_t w = BUF_INIT;
    if (ck_privkey_write_pkcs8(k, &w) == ASN1_OK && !w.oom) {
        ck_privkey k2;
        memset(&k2, 0, sizeof k2);
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, (const uint8_t *)w.p, w.len);
        asn1_err e = ck_privkey_decode(&ctx, span_make(w.p, w.len), &k2);
        fz_check_ctx(&ctx, e, ctx.base_len);
        if (e != ASN1_OK)
            abort();
        bool same = k2.type == k->type || (k->type == CK_KEY_RSA_PSS && k2.type == CK_KEY_RSA);
        if (!same || k2.bits != k->bits)
            abort();
        ck_privkey_free(&k2);
    }
    buf_wipe_free(&w);
}

static void load(const in_obj *obj, bool legacy)
{
    ck_keyobj o;
    memset(&o, 0, sizeof o);
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, NULL, 0);
    ck_keyload_opts opts = { &pws, FUZZ_MAX_ITER, false };
    asn1_err e = ck_keyobj_load(&o, &ctx, obj, &opts);
    fz_check_ctx(&ctx, e, ctx.base_len);
    if (e == ASN1_OK) {
        if (o.kind == CK_KEYOBJ_NONE)
            abort();
        if (legacy && (o.kind != CK_KEYOBJ_PRIVATE || o.enc != CK_KEY_ENC_LEGACY_PEM))
            abort();
        if (o.kind == CK_KEYOBJ_PRIVATE)
            rewrite(&o.priv);
    }
    ck_keyobj_free(&o);
}

/* 1. PEM text */
static void as_pem(const uint8_t *data, size_t size)
{
    pem_reader r;
    pem_block b;
    asn1_diag d;
    pem_reader_init(&r, (const char *)data, size);
    for (unsigned n = 0; n < 8; n++) {
        asn1_err e = pem_reader_next(&r, &b, &d);
        if (e == ASN1_E_NOTFOUND)
            break;
        if (e != ASN1_OK)
            continue;
        buf_t der = BUF_INIT;
        if (pem_decode(&b, &der, &d) == ASN1_OK && !der.oom) {
            char label[PEM_LABEL_MAX + 1];
            size_t ll = b.label_len < PEM_LABEL_MAX ? b.label_len : PEM_LABEL_MAX;
            memcpy(label, b.label, ll);
            label[ll] = 0;
            in_obj obj;
            memset(&obj, 0, sizeof obj);
            obj.der = span_make(der.p, der.len);
            obj.label = label;
            obj.headers = b.headers_len ? b.headers : "";
            obj.headers_len = b.headers_len;
            obj.pos.form = IN_FORM_PEM;
            load(&obj, false);
        }
        buf_wipe_free(&der);
    }
}

/* The round trip of a known cipher over the given bytes. */
static void cipher_roundtrip(const char *name, size_t namelen, const char *hex, size_t hexlen, span_t data)
{
    uint8_t iv[32];
    size_t ivlen = pem_legacy_iv_from_hex(hex, hexlen, iv);
    if (ivlen == 0 || !pem_legacy_cipher_known(name, namelen))
        return;
    buf_t ct = BUF_INIT, back = BUF_INIT;
    span_t ivs = span_make(iv, ivlen);
    asn1_err e = pem_legacy_encrypt_any(name, namelen, ivs, (const uint8_t *)"secret", 6, data, &ct);
    if (e == ASN1_OK) {
        e = pem_legacy_decrypt_any(name, namelen, ivs, (const uint8_t *)"secret", 6, span_make(ct.p, ct.len), &back);
        if (e != ASN1_OK || back.len != data.len || (data.len && memcmp(back.p, data.p, data.len) != 0))
            abort();
    } else if (e != ASN1_E_VALUE) {
        abort();    /* a known cipher refuses only parameters that do not fit */
    }
    buf_free(&ct);
    buf_wipe_free(&back);
}

/* 2. "DEK-Info value" LF ciphertext */
static void as_legacy(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size < 128 ? size : 128);
    if (!nl)
        return;
    size_t vlen = (size_t)(nl - data);
    char headers[256];
    int hl = snprintf(headers, sizeof headers, "Proc-Type: 4,ENCRYPTED\nDEK-Info: %.*s\n", (int)vlen,
                      (const char *)data);
    if (hl < 0 || (size_t)hl >= sizeof headers || memchr(data, 0, vlen))
        return;
    in_obj obj;
    memset(&obj, 0, sizeof obj);
    obj.der = span_make(nl + 1, size - vlen - 1);
    obj.label = "RSA PRIVATE KEY";
    obj.headers = headers;
    obj.headers_len = (size_t)hl;
    obj.pos.form = IN_FORM_PEM;
    load(&obj, true);
    const char *comma = memchr(data, ',', vlen);
    if (comma) {
        size_t namelen = (size_t)(comma - (const char *)data);
        cipher_roundtrip((const char *)data, namelen, comma + 1, vlen - namelen - 1, obj.der);
    }
}

/* 3. one DER object */
static void as_der(const uint8_t *data, size_t size)
{
    in_obj obj;
    memset(&obj, 0, sizeof obj);
    obj.der = span_make(data, size);
    obj.label = "";
    obj.headers = "";
    obj.pos.form = IN_FORM_DER;
    load(&obj, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    as_pem(data, size);
    as_legacy(data, size);
    as_der(data, size);
    return 0;
}
