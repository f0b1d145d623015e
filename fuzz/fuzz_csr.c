/*
 * fuzz_csr.c - libFuzzer harness for the PKCS#10 request decoder and its printers.
 *
 * For every input: x509_csr_decode; on success the self-signature check, the text
 * printer, the JSON printer and the select (-f) printer all run over the result,
 * with the challengePassword shown and redacted.  Invariants (abort on violation,
 * so the fuzzer reports them):
 *   - an error is recorded in the context if and only if decoding failed;
 *   - every recorded offset (error, warnings) lies inside the input;
 *   - the JSON writer ends balanced and its output is one line of valid JSON (fz_json_valid);
 *   - the redacted outputs never hold the challengePassword's bytes when it has
 *     at least 4 (checked on the JSON);
 *   - the -f line is one line.
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c.
 */
#include "x509/x509.h"
#include "fuzz/fuzz_common.h"

#include <stdlib.h>
#include <string.h>

/* The challengePassword's first value when it is a plain printable string of 4+
 * bytes (so that its JSON form is the bytes themselves), to check the redaction. */
typedef struct pw {
    span_t v;
} pw_t;

static void find_pw(void *arg, const x509_csr_attr *a)
{
    pw_t *p = arg;
    if (a->id != OID_pkcs9_challengePassword || a->values.len < 2)
        return;
    const uint8_t *q = a->values.p;
    if ((q[0] != ASN1_UTF8STRING && q[0] != ASN1_PRINTABLESTRING) || q[1] >= 0x80 || q[1] < 4 ||
        (size_t)q[1] + 2 > a->values.len)
        return;
    for (size_t i = 0; i < q[1]; i++)
        if (q[2 + i] < 0x20 || q[2 + i] > 0x7e || q[2 + i] == '"' || q[2 + i] == '\\')
            return;
    p->v = span_make(q + 2, q[1]);
}

static size_t count(const buf_t *b, span_t needle)
{
    size_t n = 0;
    const char *p = b->p, *end = b->p + b->len;
    while (p && (size_t)(end - p) >= needle.len) {
        const char *hit = memmem(p, (size_t)(end - p), needle.p, needle.len);
        if (!hit)
            break;
        n++;
        p = hit + 1;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static x509_csr csr;
    static asn1_ctx ctx;
    span_t der = span_make(data, size);
    asn1_ctx_init(&ctx, data, size);
    asn1_err e = x509_csr_decode(&ctx, der, &csr);
    fz_check_ctx(&ctx, e, size);
    if (e != ASN1_OK)
        return 0;

    char detail[256];
    x509_csr_info info = { .source = "fuzz", .index = 0, .pem = true, .ctx = &ctx };
    info.sig = x509_csr_verify(&csr, detail, sizeof detail);
    info.sig_detail = detail;
    buf_t out = BUF_INIT;

    /* text, both ways */
    x509_csr_text(&csr, &out, &info);
    info.show_secrets = true;
    buf_reset(&out);
    x509_csr_text(&csr, &out, &info);
    info.show_secrets = false;

    /* JSON: balanced, one line; the password redacted (fewer copies than shown) */
    buf_t shown = BUF_INIT;
    info.show_secrets = true;
    FZ_JSON_LINE(&shown, x509_csr_describe, &csr, &info);
    info.show_secrets = false;
    FZ_JSON_LINE(&out, x509_csr_describe, &csr, &info);
    pw_t pw = { { NULL, 0 } };
    x509_csr_attrs_each(&csr, find_pw, &pw);
    if (!out.oom && !shown.oom && pw.v.len && count(&out, pw.v) >= count(&shown, pw.v))
        abort();
    buf_free(&shown);

    /* -f */
    x509_select *sel = NULL;
    if (x509_select_new("subject.rfc4514,signature_valid,attributes.name,attributes.value,subject_alt_names,"
                        "extensions.name,public_key,subject_openssl",
                        x509_csr_fields, &sel, NULL, 0) == ASN1_OK) {
        info.openssl_names = true;
        FZ_SELECT_LINE(&out, sel, x509_csr_describe, &csr, &info);
        x509_select_free(sel);
    }
    buf_free(&out);
    return 0;
}
