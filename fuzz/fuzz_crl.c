/*
 * fuzz_crl.c - libFuzzer harness for the CRL decoder, its entry iterator, the
 * revocation lookup and the printers.
 *
 * For every input: x509_crl_decode; on success every entry is walked with
 * x509_crl_iter (the count must equal revoked_count, every entry's offset and
 * bytes must lie inside the revokedCertificates content, in order), the text,
 * JSON and select (-f) printers run, and a lookup of a few serials (taken from the
 * entries, plus one that is absent) must find exactly the listed ones.  Invariants
 * (abort on violation):
 *   - an error is recorded in the context if and only if decoding failed;
 *   - every recorded offset (error, warnings) lies inside the input;
 *   - the JSON writer ends balanced, its output is one line of valid JSON (fz_json_valid);
 *   - the -f line is one line.
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c.
 */
#include "x509/x509.h"
#include "fuzz/fuzz_common.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static x509_crl crl;
    static asn1_ctx ctx;
    static x509_crl_entry e;
    span_t der = span_make(data, size);
    asn1_ctx_init(&ctx, data, size);
    asn1_err r = x509_crl_decode(&ctx, der, &crl);
    fz_check_ctx(&ctx, r, size);
    if (r != ASN1_OK)
        return 0;

    /* the iterator: every entry, in order, inside the list, as many as counted */
    asn1_ctx ictx;
    asn1_ctx_init(&ictx, data, size);
    x509_crl_iter it;
    x509_crl_iter_init(&it, &ictx, &crl);
    uint64_t n = 0;
    const uint8_t *prev = crl.revoked.p;
    x509_revocation q[3];
    size_t nq = 0;
    while ((r = x509_crl_next(&it, &e)) == ASN1_OK) {
        if (e.index != n || e.der.p != prev || e.der.p + e.der.len > crl.revoked.p + crl.revoked.len)
            abort();
        if (e.serial.p < e.der.p || e.serial.p + e.serial.len > e.der.p + e.der.len)
            abort();
        prev = e.der.p + e.der.len;
        if (nq < 2 && !e.cert_issuer && (n == 0 || n + 1 == crl.revoked_count)) {
            q[nq].issuer = &crl.issuer;
            q[nq].serial = e.serial;
            nq++;
        }
        n++;
    }
    if (r != ASN1_E_NOTFOUND || n != crl.revoked_count)
        abort();

    /* lookup: the serials taken from the entries are covered; an absent one is not listed */
    static const uint8_t absent[] = { 0x7f, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66, 0x55,
                                      0x44, 0x33, 0x22, 0x11, 0x00, 0x13, 0x57, 0x9b, 0xdf, 0x2f };
    q[nq].issuer = &crl.issuer;
    q[nq].serial = span_make(absent, sizeof absent);
    nq++;
    asn1_ctx lctx;
    asn1_ctx_init(&lctx, data, size);
    if (x509_crl_lookup(&crl, &lctx, q, nq) == ASN1_OK) {
        for (size_t i = 0; i < nq; i++)
            if (!q[i].covered)
                abort();
    }

    x509_crl_info info = { .source = "fuzz", .index = 0, .at = 1700000000, .pem = true, .ctx = &ctx };
    buf_t out = BUF_INIT;
    x509_crl_text(&crl, &out, &info);

    FZ_JSON_LINE(&out, x509_crl_describe, &crl, &info);

    x509_select *sel = NULL;
    if (x509_select_new("issuer.rfc4514,crl_number,revoked_count,revoked.serial,revoked.reason,extensions.name,"
                        "issuer_openssl,expired",
                        x509_crl_fields, &sel, NULL, 0) == ASN1_OK) {
        info.openssl_names = true;
        FZ_SELECT_LINE(&out, sel, x509_crl_describe, &crl, &info);
        x509_select_free(sel);
    }
    buf_free(&out);
    return 0;
}
