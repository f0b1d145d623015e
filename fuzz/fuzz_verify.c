/*
 * fuzz_verify.c - libFuzzer harness for spki_decode() and ck_verify().
 *
 * Input: one selector byte (the signature algorithm, from the table below), then a
 * SubjectPublicKeyInfo (DER), then, for RSASSA-PSS, the parameters element, then
 * the signature bytes.  The message is fixed.  Invariants (abort on violation):
 *   - spki_decode records an error if and only if it fails; offsets lie inside the input;
 *   - ck_verify returns one of its four outcomes, with a non-empty detail line;
 *   - unsupported means "cannot verify: unsupported algorithm ...".
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c (fuzz/corpus/verify).
 */
#include "x509/verify.h"

#include <stdlib.h>
#include <string.h>

static const oid_id algs[] = {
    OID_sha256WithRSAEncryption, OID_sha1WithRSAEncryption, OID_md5WithRSAEncryption,
    OID_rsa_with_SHA3_256,       OID_rsassa_pss,            OID_ecdsa_with_SHA256,
    OID_ecdsa_with_SHA384,       OID_ecdsa_with_SHA512,     OID_ecdsa_with_SHA1,
    OID_Ed25519,                 OID_Ed448,                 OID_dsa_with_SHA256,
    OID_dsa_with_SHA1,           OID_md2WithRSAEncryption,  OID_gost3410_12_256_with_3411_12,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char msg[] = "certkit fuzz message";
    if (size < 2)
        return 0;
    oid_id alg = algs[data[0] % (sizeof algs / sizeof algs[0])];
    span_t in = span_make(data + 1, size - 1);

    asn1_ctx ctx;
    der_t c;
    ck_pubkey key;
    asn1_ctx_init(&ctx, in.p, in.len);
    der_init(&c, &ctx, NULL);
    asn1_err e = spki_decode(&c, &key);
    if ((e != ASN1_OK) != (ctx.err.code != ASN1_OK))
        abort();
    if (e != ASN1_OK && ctx.err.offset > in.len)
        abort();
    if (e != ASN1_OK)
        return 0;

    span_t params = span_make(NULL, 0);
    if (alg == OID_rsassa_pss && !der_empty(&c)) {
        asn1_elem p;
        if (der_next(&c, "parameters", &p) != ASN1_OK)
            return 0;
        params = p.der;
    }
    span_t sig = span_make(c.p, der_left(&c));
    char detail[256];
    memset(detail, 0x55, sizeof detail);
    ck_verify_result r = ck_verify(span_make(msg, sizeof msg - 1), oid_der(alg), params, sig, &key,
                                   detail, sizeof detail);
    if (r != CK_VERIFY_VALID && r != CK_VERIFY_INVALID && r != CK_VERIFY_UNSUPPORTED && r != CK_VERIFY_ERROR)
        abort();
    if (!memchr(detail, 0, sizeof detail) || detail[0] == '\0')
        abort();
    if (r == CK_VERIFY_UNSUPPORTED && strncmp(detail, "cannot verify: unsupported algorithm ", 37) != 0)
        abort();
    return 0;
}
