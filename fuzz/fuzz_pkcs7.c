/*
 * fuzz_pkcs7.c - libFuzzer harness for the PKCS#7 / CMS certificate walker
 * (pkcs7_certs_each, x509/pkcs7.c) and the certificates it yields.
 *
 * For every input (invariants abort, so the fuzzer reports them):
 *   - pkcs7_certs_each fails iff the context records an error; the offset lies
 *     inside the bytes it was measured in (the input, or the DER converted from BER);
 *   - each certificate it yields lies inside the (converted) object at the offset it
 *     says, starts with a SEQUENCE, and the indexes run 0, 1, 2...;
 *   - each certificate goes through x509_cert_decode (error iff failure, offsets
 *     inside the certificate) and, on success, the text printer and the JSON printer,
 *     whose output is one valid JSON object (fuzz_common.h's validator);
 *   - a callback that fails stops the walk at once with its error: a second walk
 *     that fails at the k-th certificate (k from the last input byte) returns that
 *     error after exactly k+1 calls when the first walk saw more than k.
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c.
 */
#include "x509/x509.h"
#include "fuzz/fuzz_common.h"

#include <string.h>

typedef struct walk_state {
    asn1_ctx *ctx;
    size_t next;            /* expected index */
    size_t stop_at;         /* fail at this index ((size_t)-1: never) */
    bool print;
} walk_state;

static void print_cert(span_t der)
{
    static x509_cert cert;
    static asn1_ctx ctx;
    x509_cert_info info = { .source = "fuzz.p7b", .index = 0, .at = 1700000000, .pem = true };
    buf_t out = BUF_INIT;
    (void)fz_cert_print(der, &cert, &ctx, &info, &out);
    buf_free(&out);
}

static asn1_err on_cert(void *arg, span_t cert, size_t offset, size_t index)
{
    walk_state *w = arg;
    const asn1_ctx *ctx = w->ctx;
    FZ_ASSERT(index == w->next);
    w->next++;
    FZ_ASSERT(cert.len >= 2 && cert.p[0] == 0x30);
    FZ_ASSERT(cert.p >= ctx->base && cert.p + cert.len <= ctx->base + ctx->base_len);
    FZ_ASSERT((size_t)(cert.p - ctx->base) == offset);
    if (index == w->stop_at)
        return asn1_fail_at(w->ctx, offset, "fuzz", ASN1_E_LIMIT, "stop requested by the harness");
    if (w->print)
        print_cert(cert);
    return ASN1_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static asn1_ctx ctx;
    asn1_ctx_init(&ctx, data, size);
    walk_state w = { .ctx = &ctx, .stop_at = (size_t)-1, .print = true };
    asn1_err e = pkcs7_certs_each(&ctx, span_make(data, size), on_cert, &w);
    size_t limit = size > ctx.base_len ? size : ctx.base_len;
    fz_check_ctx(&ctx, e, limit);
    size_t seen = w.next;

    /* stopping: the callback's error ends the walk */
    size_t k = size ? data[size - 1] % 4 : 0;
    if (seen > k) {
        asn1_ctx_init(&ctx, data, size);
        walk_state w2 = { .ctx = &ctx, .stop_at = k, .print = false };
        asn1_err e2 = pkcs7_certs_each(&ctx, span_make(data, size), on_cert, &w2);
        FZ_ASSERT(e2 == ASN1_E_LIMIT && ctx.err.code == ASN1_E_LIMIT && w2.next == k + 1);
    }
    return 0;
}
