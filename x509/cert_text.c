/*
 * cert_text.c - a certificate as text for people: openssl -text's order and
 * spirit, improved.  Labels are aligned (every value starts at VALUE_COL), names are
 * given in RFC 4514 form and in openssl's one-line form, strings are UTF-8, times
 * ISO 8601 UTC with "expires in N days", OIDs as `name (oid)`, the key size, both
 * fingerprints and the decoder's warnings.  Extension values go through the text
 * sink, so they say exactly what --json says.
 *
 * Fast on purpose: everything is appended to the caller's buffer with memcpy-style
 * writes and table-driven hex; no printf on the per-certificate path.
 */
#include "x509/print_impl.h"

#include <string.h>

#define VALUE_COL 26    /* column where values start */
#define DUMP_BYTES 18   /* bytes per hex dump line (openssl: 15 for keys, 18 for signatures) */

static const char spaces[] = "                                                                ";

static void indent(buf_t *b, unsigned n)
{
    while (n > sizeof spaces - 1) {
        buf_put(b, spaces, sizeof spaces - 1);
        n -= (unsigned)(sizeof spaces - 1);
    }
    buf_put(b, spaces, n);
}

/* "<indent>Label:" padded so that the value starts at VALUE_COL. */
static void label(buf_t *b, unsigned ind, const char *lab)
{
    size_t l = strlen(lab);
    indent(b, ind);
    buf_put(b, lab, l);
    buf_putc(b, ':');
    size_t used = ind + l + 1;
    if (used < VALUE_COL)
        indent(b, (unsigned)(VALUE_COL - used));
    else
        buf_putc(b, ' ');
}

/* A heading line "<indent>Label:" with nothing after it. */
static void heading(buf_t *b, unsigned ind, const char *lab)
{
    indent(b, ind);
    buf_puts(b, lab);
    buf_put(b, ":\n", 2);
}

static void nl(buf_t *b)
{
    buf_putc(b, '\n');
}

/* Continuation line: value column, no label. */
static void cont(buf_t *b)
{
    indent(b, VALUE_COL);
}

/* "name (dotted)" or just the dotted form for an unknown OID. */
static void oid_named(buf_t *b, span_t oid)
{
    oid_id id = oid_lookup(oid);
    if (id != OID_UNKNOWN) {
        buf_puts(b, oid_name(id));
        buf_put(b, " (", 2);
        buf_puts(b, oid_dotted(id));
        buf_putc(b, ')');
    } else {
        asn1_oid_append(oid, b);
    }
}

/* A hex dump in lines of DUMP_BYTES "aa:bb:" at ind. */
static void dump(buf_t *b, unsigned ind, const uint8_t *p, size_t n, size_t per_line)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i += per_line) {
        size_t k = n - i < per_line ? n - i : per_line;
        if (!buf_reserve(b, ind + k * 3 + 1))
            return;
        indent(b, ind);
        char *o = b->p + b->len;
        for (size_t j = 0; j < k; j++) {
            uint8_t v = p[i + j];
            *o++ = hx[v >> 4];
            *o++ = hx[v & 15];
            if (i + j + 1 < n)
                *o++ = ':';
        }
        *o++ = '\n';
        b->len = (size_t)(o - b->p);
    }
}

static void put_time(buf_t *b, int64_t t)
{
    char ts[32];
    asn1_time_rfc3339(t, ts);
    buf_puts(b, ts);
}

static void put_days(buf_t *b, int64_t secs)
{
    int64_t d = secs / 86400;
    buf_i64(b, d);
    buf_puts(b, d == 1 ? " day" : " days");
}

static void put_name(buf_t *b, const char *lab, const x509_name *n)
{
    label(b, 4, lab);
    size_t at = b->len;
    x509_name_rfc4514(n, b);
    if (b->len == at)
        buf_puts(b, "(empty)");
    nl(b);
    if (n->nattr > 0) {
        cont(b);
        x509_name_oneline(n, b);
        nl(b);
    }
}

/* ------------------------------------------------------ algorithms, keys */

static void put_alg(buf_t *b, unsigned ind, const char *lab, const x509_alg *a)
{
    label(b, ind, lab);
    oid_named(b, a->oid);
    nl(b);
    if (a->id == OID_rsassa_pss && a->params.len > 0) {
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, a->params.p, a->params.len);
        der_t c;
        der_init(&c, &ctx, "parameters");
        ck_pss_params pss;
        if (ck_pss_params_decode(&c, "parameters", &pss) == ASN1_OK) {
            label(b, ind + 4, "Hash");
            buf_puts(b, ck_hash_name(pss.hash));
            nl(b);
            label(b, ind + 4, "Mask generation");
            buf_puts(b, "mgf1 with ");
            buf_puts(b, ck_hash_name(pss.mgf_hash));
            nl(b);
            label(b, ind + 4, "Salt length");
            buf_i64(b, pss.salt_len);
            nl(b);
            if (pss.trailer != 1) {
                label(b, ind + 4, "Trailer field");
                buf_i64(b, pss.trailer);
                nl(b);
            }
        } else {
            label(b, ind + 4, "Parameters");
            buf_puts(b, "(not decoded) ");
            buf_hex(b, a->params.p, a->params.len, NULL);
            nl(b);
        }
    } else if (a->params.len > 0 && !(a->params.len == 2 && a->params.p[0] == 0x05 && a->params.p[1] == 0)) {
        label(b, ind + 4, "Parameters");
        if (a->params.p[0] == ASN1_OID && a->params.len > 2 && a->params.len < 130 &&
            (size_t)a->params.p[1] + 2 == a->params.len)
            oid_named(b, span_make(a->params.p + 2, a->params.len - 2));
        else
            buf_hex(b, a->params.p, a->params.len, NULL);
        nl(b);
    }
}

static void put_int_dump(buf_t *b, const char *lab, span_t v)
{
    heading(b, 8, lab);
    dump(b, 12, v.p, v.len, 15);
}

static const char *key_type_text(ck_key_type t)
{
    switch (t) {
    case CK_KEY_RSA:
        return "RSA";
    case CK_KEY_RSA_PSS:
        return "RSA-PSS";
    case CK_KEY_EC:
        return "EC";
    case CK_KEY_ED25519:
        return "Ed25519";
    case CK_KEY_ED448:
        return "Ed448";
    case CK_KEY_X25519:
        return "X25519";
    case CK_KEY_X448:
        return "X448";
    case CK_KEY_DSA:
        return "DSA";
    default:
        return ck_key_type_name(t);
    }
}

static void put_pubkey(buf_t *b, const ck_pubkey *k)
{
    heading(b, 4, "Subject Public Key Info");
    label(b, 8, "Algorithm");
    if (k->alg_oid.len)
        oid_named(b, k->alg_oid);
    else
        buf_puts(b, "(unknown)");
    nl(b);
    size_t bits = ck_pubkey_bits(k);
    label(b, 8, "Key");
    buf_puts(b, key_type_text(k->type));
    if (bits) {
        buf_putc(b, ' ');
        buf_u64(b, bits);
        buf_puts(b, " bit");
    }
    nl(b);
    switch (k->type) {
    case CK_KEY_RSA:
    case CK_KEY_RSA_PSS:
        if (k->type == CK_KEY_RSA_PSS && k->alg_params.len) {
            x509_alg a;
            memset(&a, 0, sizeof a);
            a.oid = k->alg_oid;
            a.id = oid_lookup(a.oid);
            a.params = k->alg_params;
            put_alg(b, 8, "Restrictions", &a);
        }
        label(b, 8, "Exponent");
        {
            char num[400];
            size_t dl = x509_int_dec_small(k->rsa_e, num, sizeof num);
            if (dl && k->rsa_e.len <= 8) {
                buf_put(b, num, dl);
                buf_put(b, " (0x", 4);
                asn1_int_hex(k->rsa_e, b);
                buf_putc(b, ')');
            } else {
                buf_puts(b, "0x");
                asn1_int_hex(k->rsa_e, b);
            }
        }
        nl(b);
        put_int_dump(b, "Modulus", k->rsa_n);
        break;
    case CK_KEY_EC:
        label(b, 8, "Curve");
        if (k->curve == CK_CURVE_EXPLICIT) {
            buf_puts(b, "explicit parameters");
        } else {
            const char *cn = ck_curve_name(k->curve);
            if (cn) {
                buf_puts(b, cn);
                if (k->curve_oid.len) {
                    oid_id cid = oid_lookup(k->curve_oid);
                    buf_put(b, " (", 2);
                    if (cid != OID_UNKNOWN) {
                        buf_puts(b, oid_name(cid));
                        buf_put(b, ", ", 2);
                    }
                    asn1_oid_append(k->curve_oid, b);
                    buf_putc(b, ')');
                }
            } else if (k->curve_oid.len) {
                oid_named(b, k->curve_oid);
            } else {
                buf_puts(b, "(unknown)");
            }
        }
        nl(b);
        heading(b, 8, "Public point");
        dump(b, 12, k->ec_point.p, k->ec_point.len, 15);
        break;
    case CK_KEY_ED25519:
    case CK_KEY_ED448:
    case CK_KEY_X25519:
    case CK_KEY_X448:
        heading(b, 8, "Public key");
        dump(b, 12, k->raw.p, k->raw.len, 15);
        break;
    case CK_KEY_DSA:
        if (k->dsa_p.len) {
            put_int_dump(b, "P", k->dsa_p);
            put_int_dump(b, "Q", k->dsa_q);
            put_int_dump(b, "G", k->dsa_g);
        } else {
            label(b, 8, "Parameters");
            buf_puts(b, "(absent: inherited from the issuer)\n");
        }
        put_int_dump(b, "Y", k->dsa_y);
        break;
    default:
        heading(b, 8, "Public key bits");
        dump(b, 12, k->key_bits.p, k->key_bits.len, 15);
        break;
    }
    if (k->der.len) {
        uint8_t h[32];
        ck_sha256(k->der.p, k->der.len, h);
        label(b, 8, "SPKI SHA-256");
        buf_hex(b, h, sizeof h, NULL);
        nl(b);
    }
}

/* ------------------------------------------------------------ extensions */

/*
 * The extension's value through the text sink: a thin filter in front of it drops
 * the {"oid","name","critical"} wrapper that x509_ext_describe emits (the header
 * line already says them) and unwraps "value", so only the decoded value is shown.
 */
typedef struct unwrap {
    x509_sink *inner;
    unsigned depth;         /* 0 outside; 1 inside the extension object */
    unsigned value_depth;   /* depth of the unwrapped "value" container, 0 none */
    unsigned drop_depth;    /* depth of a dropped container (oid/name/critical), 0 none */
} unwrap_t;

static bool wrapper_key(const char *key)
{
    return key && (strcmp(key, "oid") == 0 || strcmp(key, "name") == 0 || strcmp(key, "critical") == 0);
}

static void u_begin(x509_sink *s, const char *key, const char *label_, bool arr)
{
    unwrap_t *u = s->ctx;
    u->depth++;
    if (u->depth == 1 || u->drop_depth)
        return;
    if (u->depth == 2 && wrapper_key(key)) {
        u->drop_depth = 2;
        return;
    }
    if (u->depth == 2 && key && strcmp(key, "value") == 0) {
        u->value_depth = 2;
        return;
    }
    if (arr)
        u->inner->arr_begin(u->inner, key, label_);
    else
        u->inner->obj_begin(u->inner, key, label_);
}

static void u_obj_begin(x509_sink *s, const char *key, const char *label_)
{
    u_begin(s, key, label_, false);
}

static void u_arr_begin(x509_sink *s, const char *key, const char *label_)
{
    u_begin(s, key, label_, true);
}

static void u_end(x509_sink *s, bool arr)
{
    unwrap_t *u = s->ctx;
    if (u->depth == 0)
        return;
    unsigned d = u->depth--;
    if (d == 1)
        return;
    if (u->drop_depth) {
        if (d == u->drop_depth)
            u->drop_depth = 0;
        return;
    }
    if (d == u->value_depth) {
        u->value_depth = 0;
        return;
    }
    if (arr)
        u->inner->arr_end(u->inner);
    else
        u->inner->obj_end(u->inner);
}

static void u_obj_end(x509_sink *s)
{
    u_end(s, false);
}

static void u_arr_end(x509_sink *s)
{
    u_end(s, true);
}

/* Scalars: the wrapper's own are dropped; a scalar "value" is shown with its label. */
static bool u_scalar_key(unwrap_t *u, const char **key, const char **label_)
{
    if (u->drop_depth)
        return false;
    if (u->depth == 1 && wrapper_key(*key))
        return false;
    if (u->depth == 1 && *key && strcmp(*key, "value") == 0 && !*label_)
        *label_ = "Value";
    return true;
}

static void u_str(x509_sink *s, const char *key, const char *label_, const char *v, size_t n)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &label_))
        u->inner->str(u->inner, key, label_, v, n);
}

static void u_num(x509_sink *s, const char *key, const char *label_, int64_t v)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &label_))
        u->inner->num(u->inner, key, label_, v);
}

static void u_bool(x509_sink *s, const char *key, const char *label_, bool v)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &label_))
        u->inner->boolean(u->inner, key, label_, v);
}

static void u_null(x509_sink *s, const char *key, const char *label_)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &label_))
        u->inner->null(u->inner, key, label_);
}

static void u_hex(x509_sink *s, const char *key, const char *label_, const uint8_t *p, size_t n)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &label_))
        u->inner->hex(u->inner, key, label_, p, n);
}

static void put_extensions(buf_t *b, const x509_cert *c, asn1_ctx *ctx)
{
    if (!c->exts.present)
        return;
    heading(b, 4, "Extensions");
    for (unsigned i = 0; i < c->exts.n; i++) {
        const x509_ext *e = &c->exts.v[i];
        indent(b, 8);
        oid_named(b, e->oid);
        if (e->critical)
            buf_puts(b, ", critical");
        if (e->malformed)
            buf_puts(b, ", malformed");
        buf_put(b, ":\n", 2);
        x509_sink text, filt;
        x509_text_state st;
        unwrap_t u = { &text, 0, 0, 0 };
        x509_sink_text(&text, &st, b, 12);
        filt.obj_begin = u_obj_begin;
        filt.obj_end = u_obj_end;
        filt.arr_begin = u_arr_begin;
        filt.arr_end = u_arr_end;
        filt.str = u_str;
        filt.num = u_num;
        filt.boolean = u_bool;
        filt.null = u_null;
        filt.hex = u_hex;
        filt.ctx = &u;
        if (ctx)
            x509_ext_describe(e, &filt, ctx);
        if (ctx)
            asn1_ctx_clear_error(ctx);
    }
}

/* ------------------------------------------------------------------ text */

void x509_cert_text(const x509_cert *c, buf_t *b, const x509_cert_info *info)
{
    asn1_ctx *ctx = info->ctx;
    buf_puts(b, "Certificate:\n");
    label(b, 4, "Source");
    buf_puts(b, info->source ? info->source : "-");
    buf_put(b, " #", 2);
    buf_u64(b, info->index);
    nl(b);

    label(b, 4, "Version");
    buf_u64(b, (uint64_t)c->version);
    buf_put(b, " (0x", 4);
    buf_u64(b, (uint64_t)(c->version - 1));
    buf_put(b, ")\n", 2);

    /* Serial Number: colon hex as openssl shows it, then the decimal value */
    label(b, 4, "Serial Number");
    span_t sv = c->serial;
    if (asn1_int_is_negative(sv)) {
        /* the magnitude, ~x + 1, with a minus sign (openssl: "(Negative)") */
        uint8_t mag[128];
        if (sv.len <= sizeof mag) {
            unsigned carry = 1;
            for (size_t i = sv.len; i-- > 0;) {
                unsigned t = (unsigned)(uint8_t)~sv.p[i] + carry;
                mag[i] = (uint8_t)t;
                carry = t >> 8;
            }
            size_t z = 0;
            while (z + 1 < sv.len && mag[z] == 0)
                z++;
            buf_putc(b, '-');
            x509_hex_colon(b, mag + z, sv.len - z, false);
            buf_puts(b, " (negative)");
        } else {
            buf_puts(b, "(negative, two's complement) ");
            x509_hex_colon(b, sv.p, sv.len, false);
        }
    } else {
        span_t m = asn1_int_magnitude(sv);
        if (m.len == 0)
            buf_puts(b, "00");
        else
            x509_hex_colon(b, m.p, m.len, false);
    }
    nl(b);
    {
        char num[400];
        size_t dl = x509_int_dec_small(sv, num, sizeof num);
        cont(b);
        buf_puts(b, "decimal ");
        if (dl) {
            buf_put(b, num, dl);
        } else if (asn1_int_dec(sv, b) != ASN1_OK) {
            buf_puts(b, "?");
        }
        nl(b);
    }

    put_alg(b, 4, "Signature Algorithm", &c->tbs_sig_alg);
    put_name(b, "Issuer", &c->issuer);

    heading(b, 4, "Validity");
    label(b, 8, "Not Before");
    put_time(b, c->not_before);
    if (info->at < c->not_before) {
        buf_puts(b, " (not yet valid: valid in ");
        put_days(b, c->not_before - info->at);
        buf_putc(b, ')');
    }
    nl(b);
    label(b, 8, "Not After");
    put_time(b, c->not_after);
    if (info->at <= c->not_after) {
        buf_puts(b, " (expires in ");
        put_days(b, c->not_after - info->at);
    } else {
        buf_puts(b, " (expired ");
        put_days(b, info->at - c->not_after);
        buf_puts(b, " ago");
    }
    buf_put(b, ")\n", 2);

    put_name(b, "Subject", &c->subject);
    put_pubkey(b, &c->pubkey);
    if (c->has_issuer_uid) {
        label(b, 4, "Issuer Unique ID");
        x509_hex_colon(b, c->issuer_uid.p, c->issuer_uid.len, false);
        nl(b);
    }
    if (c->has_subject_uid) {
        label(b, 4, "Subject Unique ID");
        x509_hex_colon(b, c->subject_uid.p, c->subject_uid.len, false);
        nl(b);
    }
    put_extensions(b, c, ctx);

    if (!span_eq(c->sig_alg.der, c->tbs_sig_alg.der))
        put_alg(b, 4, "Outer Signature Algorithm", &c->sig_alg);
    heading(b, 4, "Signature Value");
    dump(b, 8, c->sig.p, c->sig.len, DUMP_BYTES);

    x509_fingerprints fp;
    x509_fingerprints_of(c->der, &fp);
    if (fp.ok) {
        heading(b, 4, "Fingerprints");
        label(b, 8, "SHA-1");
        x509_hex_colon(b, fp.sha1, sizeof fp.sha1, true);
        nl(b);
        label(b, 8, "SHA-256");
        x509_hex_colon(b, fp.sha256, sizeof fp.sha256, true);
        nl(b);
    }
    label(b, 4, "Self-issued");
    buf_puts(b, x509_cert_self_issued(c) ? "yes\n" : "no\n");

    if (ctx && ctx->nwarn) {
        heading(b, 4, "Warnings");
        unsigned nw = ctx->nwarn < ASN1_MAX_WARNINGS ? ctx->nwarn : ASN1_MAX_WARNINGS;
        for (unsigned i = 0; i < nw; i++) {
            indent(b, 8);
            x509_diag_line(b, &ctx->warn[i]);
            nl(b);
        }
        if (ctx->nwarn_dropped) {
            indent(b, 8);
            buf_u64(b, ctx->nwarn_dropped);
            buf_puts(b, " more warnings not shown\n");
        }
    }
}
