/*
 * cert_print.c - a decoded certificate described to an x509_sink, field by field in
 * the order of SPEC.md's `certdump --json` schema.  The same walk feeds the JSON
 * backend (--json), the select backend (-f FIELD,...) and any other sink, so the
 * three never disagree.  Also the helpers the text printer shares (print_impl.h).
 *
 * Nothing here prints: the sink's backend writes into the caller's buffer.
 */
#include "x509/ext_impl.h"
#include "x509/print_impl.h"
#include "pem/pem.h"

#include <string.h>

/* ---------------------------------------------------------------- helpers */

void x509_fingerprints_of(span_t der, x509_fingerprints *fp)
{
    ck_sha1(der.p, der.len, fp->sha1);
    ck_sha256(der.p, der.len, fp->sha256);
    fp->ok = true;
}

size_t x509_int_dec_small(span_t v, char *out, size_t n)
{
    uint8_t mag[128];
    if (v.len == 0 || v.len > sizeof mag || n < 2)
        return 0;
    memcpy(mag, v.p, v.len);
    bool neg = (mag[0] & 0x80) != 0;
    if (neg) {                          /* magnitude = ~x + 1 */
        unsigned carry = 1;
        for (size_t i = v.len; i-- > 0;) {
            unsigned t = (unsigned)(uint8_t)~mag[i] + carry;
            mag[i] = (uint8_t)t;
            carry = t >> 8;
        }
    }
    size_t start = 0;
    while (start < v.len && mag[start] == 0)
        start++;
    /* base 10^9 digits, least significant first, by long division of mag */
    char rev[sizeof mag * 3 + 2];
    size_t nd = 0;
    while (start < v.len) {
        uint64_t rem = 0;
        for (size_t i = start; i < v.len; i++) {
            uint64_t cur = (rem << 8) | mag[i];
            mag[i] = (uint8_t)(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        while (start < v.len && mag[start] == 0)
            start++;
        for (int k = 0; k < 9; k++) {
            rev[nd++] = (char)('0' + rem % 10);
            rem /= 10;
            if (start == v.len && rem == 0)
                break;
        }
    }
    if (nd == 0)
        rev[nd++] = '0';
    size_t len = nd + (neg ? 1 : 0);
    if (len + 1 > n)
        return 0;
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    while (nd > 0)
        out[o++] = rev[--nd];
    out[o] = '\0';
    return o;
}

void x509_hex_colon(buf_t *b, const uint8_t *p, size_t n, bool upper)
{
    const char *hx = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    if (n == 0 || !buf_reserve(b, n * 3))
        return;
    char *o = b->p + b->len;
    for (size_t i = 0; i < n; i++) {
        if (i)
            *o++ = ':';
        *o++ = hx[p[i] >> 4];
        *o++ = hx[p[i] & 15];
    }
    b->len = (size_t)(o - b->p);
}

void x509_diag_line(buf_t *b, const asn1_diag *d)
{
    buf_put(b, "offset ", 7);
    buf_u64(b, d->offset);
    buf_put(b, ": ", 2);
    if (d->path[0]) {
        buf_puts(b, d->path);
        buf_put(b, ": ", 2);
    }
    buf_puts(b, d->msg);
}

x509_validity x509_cert_validity(const x509_cert *c, int64_t at)
{
    if (at < c->not_before)
        return X509_NOT_YET_VALID;
    if (at > c->not_after)
        return X509_EXPIRED;
    return X509_VALID;
}

const char *x509_validity_name(x509_validity v)
{
    switch (v) {
    case X509_VALID:
        return "valid";
    case X509_EXPIRED:
        return "expired";
    case X509_NOT_YET_VALID:
        return "not_yet_valid";
    }
    return "valid";
}

/* ------------------------------------------------- shared describer parts */

void x509_sink_source(x509_sink *s, const char *source, size_t index)
{
    sink_str(s, "source", "Source", source ? source : "-");
    sink_num(s, "index", "Index", (int64_t)index);
}

void x509_sink_warnings(x509_sink *s, const asn1_ctx *ctx)
{
    sink_arr(s, "warnings", "Warnings");
    buf_t *b = ctx ? x509_scratch_push() : NULL;
    if (b) {
        unsigned nw = ctx->nwarn < ASN1_MAX_WARNINGS ? ctx->nwarn : ASN1_MAX_WARNINGS;
        for (unsigned i = 0; i < nw; i++) {
            buf_reset(b);
            x509_diag_line(b, &ctx->warn[i]);
            sink_strn(s, NULL, NULL, b->p ? b->p : "", b->len);
        }
        if (ctx->nwarn_dropped) {
            buf_reset(b);
            buf_u64(b, ctx->nwarn_dropped);
            buf_puts(b, " more warnings not shown");
            sink_strn(s, NULL, NULL, b->p, b->len);
        }
        x509_scratch_pop();
    }
    sink_end_arr(s);
}

void x509_sink_fingerprints(x509_sink *s, const x509_fingerprints *fp)
{
    sink_obj(s, "fingerprints", "Fingerprints");
    if (fp->ok) {
        sink_hex(s, "sha1", "SHA-1", fp->sha1, sizeof fp->sha1);
        sink_hex(s, "sha256", "SHA-256", fp->sha256, sizeof fp->sha256);
    }
    sink_end_obj(s);
}

void x509_sink_openssl_name(x509_sink *s, const char *key, const char *label, const x509_name *n)
{
    buf_t *b = x509_scratch_push();
    if (!b)
        return;
    x509_name_openssl_rfc2253(n, b);
    sink_strn(s, key, label, b->p ? b->p : "", b->len);
    x509_scratch_pop();
}

void x509_sink_pem(x509_sink *s, const char *pem_label, span_t der)
{
    buf_t *b = x509_scratch_push();
    if (!b)
        return;
    pem_write(b, pem_label, strlen(pem_label), NULL, 0, der.p, der.len);
    sink_strn(s, "pem", "PEM", b->p ? b->p : "", b->len);
    x509_scratch_pop();
}

/* Callbacks that put each URI / OID into the current list of the sink. */
static void put_uri(void *arg, span_t uri)
{
    sink_strn((x509_sink *)arg, NULL, NULL, (const char *)uri.p, uri.len);
}

static void put_oid(void *arg, span_t oid)
{
    char txt[160];
    if (x509_oid_to_text(oid, txt, sizeof txt) == ASN1_OK) {
        sink_str((x509_sink *)arg, NULL, NULL, txt);
    } else {
        buf_t b = BUF_INIT;
        asn1_oid_append(oid, &b);
        sink_strn((x509_sink *)arg, NULL, NULL, b.p ? b.p : "", b.len);
        buf_free(&b);
    }
}

/* A cursor over an extension's value, for the decoders that read one. */
static void ext_cursor(const x509_ext *e, asn1_ctx *ctx, der_t *c)
{
    der_init_span(c, ctx, e->value, "extnValue");
}

void x509_describe_san(const x509_ext *e, x509_sink *s, asn1_ctx *ctx)
{
    der_t c;
    ext_cursor(e, ctx, &c);
    if (x509_general_names_describe(&c, s, "subject_alt_names", "Subject alternative names") != ASN1_OK)
        asn1_ctx_clear_error(ctx);      /* already reported when the extension was decoded */
}

void x509_describe_list(x509_sink *s, const char *key, const char *label, const x509_ext *e, asn1_ctx *ctx,
                        oid_id which)
{
    sink_arr(s, key, label);
    asn1_err r;
    switch (which) {
    case OID_ce_extKeyUsage:
        r = x509_ext_eku_each(e, ctx, put_oid, s);
        break;
    case OID_ce_cRLDistributionPoints:
        r = x509_ext_crldp_each(e, ctx, put_uri, s);
        break;
    case OID_ad_ocsp:
    case OID_ad_caIssuers:
        r = x509_ext_aia_each(e, ctx, which, put_uri, s);
        break;
    default:
        r = ASN1_OK;
        break;
    }
    if (r != ASN1_OK)
        asn1_ctx_clear_error(ctx);
    sink_end_arr(s);
}

const char *const x509_cert_fields[] = {
    "type", "source", "index", "version", "serial", "serial_dec", "signature_algorithm",
    "issuer", "subject", "not_before", "not_after", "validity_status", "public_key",
    "extensions", "subject_alt_names", "key_usage", "extended_key_usage", "basic_constraints",
    "subject_key_id", "authority_key_id", "crl_distribution_points", "ocsp", "ca_issuers",
    "self_issued", "subject_openssl", "issuer_openssl", "fingerprints", "warnings", "pem", NULL,
};

/* ------------------------------------------------------------- the walk */

/* serial: lowercase hex without leading zeros, "-" first when negative; and decimal */
static void describe_serial(const x509_cert *c, x509_sink *s)
{
    char num[400];
    buf_t tmp = BUF_INIT;
    asn1_int_hex(c->serial, &tmp);
    sink_strn(s, "serial", "Serial", tmp.p ? tmp.p : "", tmp.len);
    size_t dl = x509_int_dec_small(c->serial, num, sizeof num);
    if (dl) {
        sink_strn(s, "serial_dec", "Serial (decimal)", num, dl);
    } else {
        buf_reset(&tmp);
        if (asn1_int_dec(c->serial, &tmp) == ASN1_OK)
            sink_strn(s, "serial_dec", "Serial (decimal)", tmp.p ? tmp.p : "", tmp.len);
        else
            sink_null(s, "serial_dec", "Serial (decimal)");
    }
    buf_free(&tmp);
}

/* With info->only (the -f fields), the fields nobody asked for are skipped. */
#define WANT(f) (!info->only || x509_select_wants(info->only, (f)))

void x509_cert_describe(const x509_cert *c, x509_sink *s, const x509_cert_info *info)
{
    asn1_ctx *ctx = info->ctx;

    sink_str(s, "type", "Type", "certificate");
    x509_sink_source(s, info->source, info->index);
    sink_num(s, "version", "Version", c->version);
    if (WANT("serial") || WANT("serial_dec"))
        describe_serial(c, s);

    if (WANT("signature_algorithm"))
        sink_alg(s, "signature_algorithm", "Signature algorithm", &c->sig_alg);
    if (WANT("issuer"))
        sink_name(s, "issuer", "Issuer", &c->issuer);
    if (WANT("subject"))
        sink_name(s, "subject", "Subject", &c->subject);
    sink_time(s, "not_before", "Not before", c->not_before);
    sink_time(s, "not_after", "Not after", c->not_after);
    sink_str(s, "validity_status", "Validity status",
             x509_validity_name(x509_cert_validity(c, info->at)));
    if (WANT("public_key"))
        sink_pubkey(s, "public_key", "Public key", &c->pubkey);

    if (WANT("extensions")) {
        sink_arr(s, "extensions", "Extensions");
        for (unsigned i = 0; i < c->exts.n; i++) {
            x509_ext_describe(&c->exts.v[i], s, ctx);
            asn1_ctx_clear_error(ctx);
        }
        sink_end_arr(s);
    }

    /* convenience fields, present when the extension is (and decoded) */
    const x509_ext *e;
    if (WANT("subject_alt_names") && (e = x509_exts_find(&c->exts, OID_ce_subjectAltName)) && !e->malformed)
        x509_describe_san(e, s, ctx);
    if (c->has_key_usage) {
        sink_arr(s, "key_usage", "Key usage");
        for (unsigned b = 0; b < 9; b++)
            if (c->key_usage & (1u << b))
                sink_str(s, NULL, NULL, x509_key_usage_names[b]);
        sink_end_arr(s);
    }
    if ((e = x509_exts_find(&c->exts, OID_ce_extKeyUsage)) && !e->malformed)
        x509_describe_list(s, "extended_key_usage", "Extended key usage", e, ctx, OID_ce_extKeyUsage);
    if (c->bc.present) {
        sink_obj(s, "basic_constraints", "Basic constraints");
        sink_bool(s, "ca", "CA", c->bc.ca);
        if (c->bc.path_len >= 0)
            sink_num(s, "path_len", "Path length", c->bc.path_len);
        else
            sink_null(s, "path_len", "Path length");
        sink_end_obj(s);
    }
    if ((e = x509_exts_find(&c->exts, OID_ce_subjectKeyIdentifier)) && !e->malformed)
        sink_hex(s, "subject_key_id", "Subject key ID", c->ski.p, c->ski.len);
    if ((e = x509_exts_find(&c->exts, OID_ce_authorityKeyIdentifier)) && !e->malformed) {
        if (c->aki.len)
            sink_hex(s, "authority_key_id", "Authority key ID", c->aki.p, c->aki.len);
        else
            sink_null(s, "authority_key_id", "Authority key ID");
    }
    if ((e = x509_exts_find(&c->exts, OID_ce_cRLDistributionPoints)) && !e->malformed)
        x509_describe_list(s, "crl_distribution_points", "CRL distribution points", e, ctx,
                           OID_ce_cRLDistributionPoints);
    if ((e = x509_exts_find(&c->exts, OID_pe_authorityInfoAccess)) && !e->malformed) {
        x509_describe_list(s, "ocsp", "OCSP", e, ctx, OID_ad_ocsp);
        x509_describe_list(s, "ca_issuers", "CA issuers", e, ctx, OID_ad_caIssuers);
    }

    sink_bool(s, "self_issued", "Self-issued", x509_cert_self_issued(c));

    if (info->openssl_names) {
        x509_sink_openssl_name(s, "subject_openssl", "Subject (openssl)", &c->subject);
        x509_sink_openssl_name(s, "issuer_openssl", "Issuer (openssl)", &c->issuer);
    }

    if (WANT("fingerprints")) {
        x509_fingerprints fp;
        x509_fingerprints_of(c->der, &fp);
        x509_sink_fingerprints(s, &fp);
    }
    x509_sink_warnings(s, ctx);
    if (info->pem && WANT("pem"))
        x509_sink_pem(s, "CERTIFICATE", c->der);
}
