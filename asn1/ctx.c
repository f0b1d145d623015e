/* ctx.c - decoding contexts: the first error and the warnings, with offsets and paths. */
#include "asn1/asn1.h"

#include <stdio.h>
#include <string.h>

static const char *const err_names[ASN1_E__COUNT] = {
    [ASN1_OK] = "ok",
    [ASN1_E_TRUNCATED] = "truncated",
    [ASN1_E_TAG] = "unexpected tag",
    [ASN1_E_BAD_TAG] = "bad tag",
    [ASN1_E_BAD_LENGTH] = "bad length",
    [ASN1_E_INDEFINITE] = "indefinite length",
    [ASN1_E_TRAILING] = "trailing data",
    [ASN1_E_DEPTH] = "nesting too deep",
    [ASN1_E_LIMIT] = "over a limit",
    [ASN1_E_VALUE] = "invalid value",
    [ASN1_E_MISSING] = "missing element",
    [ASN1_E_UNSUPPORTED] = "unsupported",
    [ASN1_E_STRICT] = "DER violation (--strict)",
    [ASN1_E_NOMEM] = "out of memory",
    [ASN1_E_CRYPTO] = "cryptographic failure",
    [ASN1_E_NOTFOUND] = "not found",
};

const char *asn1_err_name(asn1_err e)
{
    return ((unsigned)e < ASN1_E__COUNT && err_names[e]) ? err_names[e] : "error";
}

void asn1_ctx_reset(asn1_ctx *ctx, const uint8_t *base, size_t len)
{
    ctx->base = base;
    ctx->base_len = len;
    ctx->err.code = ASN1_OK;
    ctx->err.offset = 0;
    ctx->err.path[0] = '\0';
    ctx->err.msg[0] = '\0';
    ctx->nwarn = 0;
    ctx->nwarn_dropped = 0;
}

void asn1_ctx_init(asn1_ctx *ctx, const uint8_t *base, size_t len)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->max_depth = ASN1_DEFAULT_MAX_DEPTH;
    asn1_ctx_reset(ctx, base, len);
}

void asn1_ctx_clear_error(asn1_ctx *ctx)
{
    ctx->err.code = ASN1_OK;
    ctx->err.path[0] = '\0';
    ctx->err.msg[0] = '\0';
}

static void fill(asn1_diag *d, asn1_err code, size_t offset, const char *path, const char *fmt,
                 va_list ap)
{
    d->code = code;
    d->offset = offset;
    snprintf(d->path, sizeof d->path, "%s", path ? path : "");
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
}

asn1_err asn1_fail_at(asn1_ctx *ctx, size_t offset, const char *path, asn1_err code,
                      const char *fmt, ...)
{
    if (code == ASN1_OK)
        code = ASN1_E_VALUE;
    if (ctx->err.code == ASN1_OK) {
        va_list ap;
        va_start(ap, fmt);
        fill(&ctx->err, code, offset, path, fmt, ap);
        va_end(ap);
    }
    return code;
}

static asn1_err vwarn(asn1_ctx *ctx, size_t offset, const char *path, const char *fmt, va_list ap)
{
    if (ctx->strict) {
        if (ctx->err.code == ASN1_OK)
            fill(&ctx->err, ASN1_E_STRICT, offset, path, fmt, ap);
        return ASN1_E_STRICT;
    }
    if (ctx->nwarn < ASN1_MAX_WARNINGS) {
        fill(&ctx->warn[ctx->nwarn], ASN1_OK, offset, path, fmt, ap);
        ctx->nwarn++;
    } else {
        ctx->nwarn_dropped++;
    }
    return ASN1_OK;
}

asn1_err asn1_warn_at(asn1_ctx *ctx, size_t offset, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    asn1_err e = vwarn(ctx, offset, path, fmt, ap);
    va_end(ap);
    return e;
}

/* ------------------------------------------------------------- paths */

void der_path(const der_t *c, const char *field, int index, char *out, size_t n)
{
    const der_t *chain[ASN1_DEFAULT_MAX_DEPTH * 4];
    size_t k = 0, o = 0;
    if (n == 0)
        return;
    out[0] = '\0';
    for (const der_t *d = c; d && k < sizeof chain / sizeof chain[0]; d = d->parent)
        chain[k++] = d;
#define APPEND(...)                                                     \
    do {                                                                \
        if (o < n) {                                                    \
            int w_ = snprintf(out + o, n - o, __VA_ARGS__);             \
            o = (w_ < 0) ? n : (o + (size_t)w_ >= n ? n - 1 : o + (size_t)w_); \
        }                                                               \
    } while (0)
    while (k > 0) {
        const der_t *d = chain[--k];
        if (d->name && d->name[0])
            APPEND("%s%s", o ? "." : "", d->name);
        if (d->index >= 0)
            APPEND("[%d]", d->index);
    }
    if (field && field[0])
        APPEND("%s%s", o ? "." : "", field);
    else if (!field && index >= 0)
        APPEND("[%d]", index);
#undef APPEND
}

asn1_err der_fail(const der_t *c, size_t offset, const char *field, asn1_err code,
                  const char *fmt, ...)
{
    asn1_ctx *ctx = c->ctx;
    if (code == ASN1_OK)
        code = ASN1_E_VALUE;
    if (ctx->err.code == ASN1_OK) {
        char path[ASN1_PATH_MAX];
        der_path(c, field, field ? -1 : (int)c->count, path, sizeof path);
        va_list ap;
        va_start(ap, fmt);
        fill(&ctx->err, code, offset, path, fmt, ap);
        va_end(ap);
    }
    return code;
}

asn1_err der_warn(const der_t *c, size_t offset, const char *field, const char *fmt, ...)
{
    char path[ASN1_PATH_MAX];
    der_path(c, field, field ? -1 : (int)c->count, path, sizeof path);
    va_list ap;
    va_start(ap, fmt);
    asn1_err e = vwarn(c->ctx, offset, path, fmt, ap);
    va_end(ap);
    return e;
}
