/*
 * fuzz_common.h - invariant checks shared by the libFuzzer harnesses (header only,
 * every function static so that each harness stays one translation unit).
 *
 *  - fz_check_ctx: an error is recorded in the context if and only if the decoder
 *    failed; the error's and every kept warning's offset lie inside the input.
 *  - fz_json_valid: a small strict RFC 8259 validator.  The text must be exactly one
 *    JSON value (an object when want_object), optionally followed by one line feed:
 *    balanced brackets, commas and colons in place, strings without raw control
 *    characters, only the escapes JSON has, valid UTF-8 (the writer promises U+FFFD
 *    for anything else), numbers in JSON's grammar.  Nesting is capped at 256.
 *  - FZ_ASSERT: abort() with the failed condition on stderr, so that a replay log
 *    says which invariant broke.
 *  - FZ_JSON_LINE, FZ_SELECT_LINE, fz_cert_print: an object through the printers
 *    (JSON, -f, text) with the checks above, the same in every harness.
 */
#ifndef CERTKIT_FUZZ_COMMON_H
#define CERTKIT_FUZZ_COMMON_H

#include "asn1/asn1.h"
#include "x509/x509.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_ASSERT(cond)                                                               \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* An error iff failure; offsets of the error and of the kept warnings within limit. */
static inline void fz_check_ctx(const asn1_ctx *ctx, asn1_err e, size_t limit)
{
    FZ_ASSERT((e != ASN1_OK) == (ctx->err.code != ASN1_OK));
    if (e != ASN1_OK) {
        FZ_ASSERT(ctx->err.offset <= limit);
        FZ_ASSERT(ctx->err.code < ASN1_E__COUNT);
        FZ_ASSERT(__builtin_memchr(ctx->err.msg, 0, sizeof ctx->err.msg) != NULL);
        FZ_ASSERT(__builtin_memchr(ctx->err.path, 0, sizeof ctx->err.path) != NULL);
    }
    unsigned nw = ctx->nwarn < ASN1_MAX_WARNINGS ? ctx->nwarn : ASN1_MAX_WARNINGS;
    for (unsigned i = 0; i < nw; i++)
        FZ_ASSERT(ctx->warn[i].offset <= limit);
}

/* ------------------------------------------------------------ JSON check */

typedef struct fz_json {
    const uint8_t *p, *end;
    unsigned depth;
} fz_json;

static inline void fz_ws(fz_json *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static inline bool fz_lit(fz_json *j, const char *s)
{
    size_t n = __builtin_strlen(s);
    if ((size_t)(j->end - j->p) < n || __builtin_memcmp(j->p, s, n) != 0)
        return false;
    j->p += n;
    return true;
}

/* One UTF-8 sequence at j->p (the first byte >= 0x80): well-formed per Unicode 3.9. */
static inline bool fz_utf8(fz_json *j)
{
    const uint8_t *p = j->p;
    size_t left = (size_t)(j->end - p);
    uint8_t c = p[0];
    size_t n;
    uint8_t lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf)
        n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        if (c == 0xe0)
            lo = 0xa0;
        if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        if (c == 0xf0)
            lo = 0x90;
        if (c == 0xf4)
            hi = 0x8f;
    } else
        return false;
    if (left < n + 1)
        return false;
    if (p[1] < lo || p[1] > hi)
        return false;
    for (size_t i = 2; i <= n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return false;
    j->p += n + 1;
    return true;
}

static inline bool fz_string(fz_json *j)
{
    if (j->p >= j->end || *j->p != '"')
        return false;
    j->p++;
    while (j->p < j->end) {
        uint8_t c = *j->p;
        if (c == '"') {
            j->p++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            j->p++;
            if (j->p >= j->end)
                return false;
            c = *j->p++;
            if (c == 'u') {
                if (j->end - j->p < 4)
                    return false;
                for (int i = 0; i < 4; i++) {
                    uint8_t h = j->p[i];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')))
                        return false;
                }
                j->p += 4;
            } else if (!(c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
                         c == 't')) {
                return false;
            }
            continue;
        }
        if (c >= 0x80) {
            if (!fz_utf8(j))
                return false;
            continue;
        }
        j->p++;
    }
    return false;
}

static inline bool fz_digits(fz_json *j)
{
    const uint8_t *s = j->p;
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
        j->p++;
    return j->p > s;
}

static inline bool fz_number(fz_json *j)
{
    if (j->p < j->end && *j->p == '-')
        j->p++;
    if (j->p >= j->end)
        return false;
    if (*j->p == '0')
        j->p++;
    else if (!fz_digits(j))
        return false;
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (!fz_digits(j))
            return false;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (!fz_digits(j))
            return false;
    }
    return true;
}

static bool fz_value(fz_json *j);

static inline bool fz_container(fz_json *j, bool obj)
{
    if (++j->depth > 256)
        return false;
    j->p++; /* '{' or '[' */
    fz_ws(j);
    if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
        j->p++;
        j->depth--;
        return true;
    }
    for (;;) {
        fz_ws(j);
        if (obj) {
            if (!fz_string(j))
                return false;
            fz_ws(j);
            if (j->p >= j->end || *j->p != ':')
                return false;
            j->p++;
            fz_ws(j);
        }
        if (!fz_value(j))
            return false;
        fz_ws(j);
        if (j->p >= j->end)
            return false;
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p != (obj ? '}' : ']'))
            return false;
        j->p++;
        j->depth--;
        return true;
    }
}

static bool fz_value(fz_json *j)
{
    if (j->p >= j->end)
        return false;
    switch (*j->p) {
    case '{':
        return fz_container(j, true);
    case '[':
        return fz_container(j, false);
    case '"':
        return fz_string(j);
    case 't':
        return fz_lit(j, "true");
    case 'f':
        return fz_lit(j, "false");
    case 'n':
        return fz_lit(j, "null");
    default:
        return fz_number(j);
    }
}

/*
 * True when text[0..n) is exactly one JSON value (an object when want_object) with no
 * whitespace around it, followed by at most one line feed (JSON Lines).
 */
static inline bool fz_json_valid(const char *text, size_t n, bool want_object)
{
    if (n && text[n - 1] == '\n')
        n--;
    fz_json j = { (const uint8_t *)text, (const uint8_t *)text + n, 0 };
    if (n == 0 || (want_object && text[0] != '{'))
        return false;
    if (!fz_value(&j))
        return false;
    return j.p == j.end && j.depth == 0;
}

/* Asserts a JSON Lines record: valid, one object, no line feed inside. */
static inline void fz_check_json_line(const buf_t *out)
{
    if (out->oom)
        return;
    FZ_ASSERT(fz_json_valid(out->p, out->len, true));
    const char *nl = out->len ? __builtin_memchr(out->p, '\n', out->len) : NULL;
    FZ_ASSERT(nl == NULL || nl == out->p + out->len - 1);
}

/* ------------------------------------------------------------- printers */

/*
 * The JSON record of one object through its describer (x509_cert_describe,
 * x509_crl_describe, x509_csr_describe) into out: the writer ends balanced and the
 * record is one valid JSON line.  Macros, as the describers take different types.
 */
#define FZ_JSON_LINE(out, describe, obj, info)                                          \
    do {                                                                                \
        json_t fz_j_;                                                                   \
        x509_sink fz_s_;                                                                \
        buf_reset(out);                                                                 \
        json_init(&fz_j_, (out));                                                       \
        x509_sink_json(&fz_s_, &fz_j_);                                                 \
        sink_obj(&fz_s_, NULL, NULL);                                                   \
        describe((obj), &fz_s_, (info));                                                \
        sink_end_obj(&fz_s_);                                                           \
        FZ_ASSERT((out)->oom || fz_j_.depth == 0);                                      \
        fz_check_json_line(out);                                                        \
    } while (0)

/* The -f line of one object (select sel) through its describer: exactly one line. */
#define FZ_SELECT_LINE(out, sel, describe, obj, info)                                   \
    do {                                                                                \
        x509_sink fz_s_;                                                                \
        buf_reset(out);                                                                 \
        x509_sink_select(&fz_s_, (sel));                                                \
        describe((obj), &fz_s_, (info));                                                \
        x509_select_line((sel), (out));                                                 \
        FZ_ASSERT((out)->oom || memchr((out)->p, '\n', (out)->len) == (out)->p + (out)->len - 1); \
    } while (0)

/*
 * A certificate: decoded into cert with ctx (fz_check_ctx), and on success through
 * the text and JSON printers into out, with info (whose ctx is set to ctx).
 */
static inline asn1_err fz_cert_print(span_t der, x509_cert *cert, asn1_ctx *ctx, x509_cert_info *info, buf_t *out)
{
    asn1_ctx_init(ctx, der.p, der.len);
    asn1_err e = x509_cert_decode(ctx, der, cert);
    fz_check_ctx(ctx, e, der.len);
    if (e != ASN1_OK)
        return e;
    info->ctx = ctx;
    buf_reset(out);
    x509_cert_text(cert, out, info);
    FZ_JSON_LINE(out, x509_cert_describe, cert, info);
    return ASN1_OK;
}

#endif /* CERTKIT_FUZZ_COMMON_H */
