/*
 * fuzz_cert.c - libFuzzer harness for the certificate decoder and its printers.
 *
 * For every input: x509_cert_decode; on success the text printer, the JSON printer
 * and the select (-f) printer all run over the result.  The input is also tried as
 * a PKCS#7 bundle, each certificate in it going the same way.  Invariants (abort on
 * violation, so the fuzzer reports them):
 *   - an error is recorded in the context if and only if decoding failed;
 *   - every recorded offset (error, warnings) lies inside the input;
 *   - the JSON writer ends balanced, and its output is one line of valid JSON
 *     (fz_json_valid: brackets, commas, string escapes, UTF-8, numbers);
 *   - the -f output is one line, the same whether or not describe skips the fields
 *     nobody asked for (x509_cert_info.only).
 * Build: make fuzz (clang -fsanitize=fuzzer,address,undefined).  Replay without
 * libFuzzer: fuzz/replay_main.c.
 */
#include "x509/x509.h"
#include "fuzz/fuzz_common.h"

#include <stdlib.h>
#include <string.h>

static void one(span_t der)
{
    static x509_cert cert;
    asn1_ctx ctx;
    x509_cert_info info = { .source = "fuzz", .index = 0, .at = 1700000000, .pem = true };
    buf_t out = BUF_INIT;
    if (fz_cert_print(der, &cert, &ctx, &info, &out) != ASN1_OK) {
        buf_free(&out);
        return;
    }

    /* -f, with and without skipping the fields not asked for */
    x509_select *sel = NULL;
    if (x509_select_new("subject.rfc4514,serial,subject_alt_names,extensions.name,fingerprints.sha256,"
                        "public_key,basic_constraints.path_len,issuer_openssl",
                        x509_cert_fields, &sel, NULL, 0) == ASN1_OK) {
        buf_t line1 = BUF_INIT;
        info.openssl_names = true;
        for (int only = 0; only < 2; only++) {
            info.only = only ? sel : NULL;
            FZ_SELECT_LINE(&out, sel, x509_cert_describe, &cert, &info);
            if (out.oom)
                break;
            if (!only)
                buf_put(&line1, out.p, out.len);
            else
                FZ_ASSERT(line1.oom || (line1.len == out.len && memcmp(line1.p, out.p, out.len) == 0));
        }
        buf_free(&line1);
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
    FZ_ASSERT((e != ASN1_OK) == (p7.err.code != ASN1_OK));
    return 0;
}
