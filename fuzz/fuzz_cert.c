/*
 * fuzz_cert.c - libFuzzer harness for the certificate decoder and its printers.
 *
 * For every input: x509_cert_decode; on success the text printer, the JSON printer
 * and the select (-f) printer all run over the result.  The input is also tried as
 * a PKCS#7 bundle, each certificate in it going the same way.  Invariants (abort on
 * violation, so the fuzzer reports them):
 *   - an error is recorded in the context if and only if decoding failed;
 *   - every recorded offset (error, warnings) lies inside the input;
 *   - the JSON writer ends balanced, and its output is one line.
 * Build: make fuzz (clang -fsanitize=fuzzer,address,undefined).  Replay without
 * libFuzzer: fuzz/replay_main.c.
 */
#include "x509/x509.h"

#include <stdlib.h>
#include <string.h>

static void check_ctx(const asn1_ctx *ctx, asn1_err e, size_t size)
{
    if ((e != ASN1_OK) != (ctx->err.code != ASN1_OK))
        abort();
    if (e != ASN1_OK && ctx->err.offset > size)
        abort();
    unsigned nw = ctx->nwarn < ASN1_MAX_WARNINGS ? ctx->nwarn : ASN1_MAX_WARNINGS;
    for (unsigned i = 0; i < nw; i++)
        if (ctx->warn[i].offset > size)
            abort();
}

static void one(span_t der)
{
    static x509_cert cert;
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, der.p, der.len);
    asn1_err e = x509_cert_decode(&ctx, der, &cert);
    check_ctx(&ctx, e, der.len);
    if (e != ASN1_OK)
        return;

    x509_cert_info info = { .source = "fuzz", .index = 0, .at = 1700000000, .pem = true, .ctx = &ctx };
    buf_t out = BUF_INIT;

    /* text */
    x509_cert_text(&cert, &out, &info);

    /* JSON: balanced, one line */
    buf_reset(&out);
    json_t j;
    x509_sink s;
    json_init(&j, &out);
    x509_sink_json(&s, &j);
    sink_obj(&s, NULL, NULL);
    x509_cert_describe(&cert, &s, &info);
    sink_end_obj(&s);
    if (!out.oom && (j.depth != 0 || memchr(out.p, '\n', out.len) != NULL))
        abort();

    /* -f */
    x509_select *sel = NULL;
    if (x509_select_new("subject.rfc4514,serial,subject_alt_names,extensions.name,fingerprints.sha256,"
                        "public_key,basic_constraints.path_len",
                        x509_cert_fields, &sel, NULL, 0) == ASN1_OK) {
        buf_reset(&out);
        x509_sink_select(&s, sel);
        x509_cert_describe(&cert, &s, &info);
        x509_select_line(sel, &out);
        if (!out.oom && memchr(out.p, '\n', out.len) != out.p + out.len - 1)
            abort();
        x509_select_free(sel);
    }
    buf_free(&out);
}

static asn1_err p7_cert(void *arg, span_t cert, size_t offset, size_t index)
{
    (void)arg;
    (void)offset;
    (void)index;
    one(cert);
    return ASN1_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    span_t in = span_make(data, size);
    one(in);
    asn1_ctx p7;
    asn1_ctx_init(&p7, data, size);
    asn1_err e = pkcs7_certs_each(&p7, in, p7_cert, NULL);
    if ((e != ASN1_OK) != (p7.err.code != ASN1_OK))
        abort();
    return 0;
}
