/*
 * text_util.c - the layout of the text printers for people (see text_impl.h): the
 * certificate, request and CRL printers all write through these, so the three show
 * names, algorithms, keys, extensions, fingerprints and warnings alike.
 *
 * Fast on purpose: everything is appended to the caller's buffer with memcpy-style
 * writes and table-driven hex; no printf on the per-object path.
 */
#include "x509/text_impl.h"
#include "x509/ext_impl.h"

#include <string.h>

static const char spaces[] = "                                                                ";

void x509_txt_indent(buf_t *b, unsigned n)
{
    while (n > sizeof spaces - 1) {
        buf_put(b, spaces, sizeof spaces - 1);
        n -= (unsigned)(sizeof spaces - 1);
    }
    buf_put(b, spaces, n);
}

void x509_txt_label_col(buf_t *b, unsigned ind, const char *lab, unsigned col)
{
    size_t l = strlen(lab);
    x509_txt_indent(b, ind);
    buf_put(b, lab, l);
    buf_putc(b, ':');
    size_t used = ind + l + 1;
    if (used < col)
        x509_txt_indent(b, (unsigned)(col - used));
    else
        buf_putc(b, ' ');
}

void x509_txt_intro(buf_t *b, const char *title, const char *source, size_t index, int64_t shown, uint64_t raw)
{
    static const char hx[] = "0123456789abcdef";
    char h[16];
    size_t n = sizeof h;
    do {
        h[--n] = hx[raw & 15];
        raw >>= 4;
    } while (raw && n > 0);
    buf_puts(b, title);
    buf_put(b, ":\n", 2);
    x509_txt_label(b, 4, "Source");
    buf_puts(b, source ? source : "-");
    buf_put(b, " #", 2);
    buf_u64(b, index);
    buf_putc(b, '\n');
    x509_txt_label(b, 4, "Version");
    buf_i64(b, shown);
    buf_put(b, " (0x", 4);
    buf_put(b, h + n, sizeof h - n);
    buf_put(b, ")\n", 2);
}

void x509_txt_heading(buf_t *b, unsigned ind, const char *lab)
{
    x509_txt_indent(b, ind);
    buf_puts(b, lab);
    buf_put(b, ":\n", 2);
}

void x509_txt_oid_named(buf_t *b, span_t oid)
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

void x509_txt_dump(buf_t *b, unsigned ind, const uint8_t *p, size_t n, size_t per_line)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i += per_line) {
        size_t k = n - i < per_line ? n - i : per_line;
        if (!buf_reserve(b, ind + k * 3 + 1))
            return;
        x509_txt_indent(b, ind);
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

void x509_txt_time(buf_t *b, int64_t t)
{
    char ts[32];
    asn1_time_rfc3339(t, ts);
    buf_puts(b, ts);
}

void x509_txt_days(buf_t *b, int64_t secs)
{
    int64_t d = secs / 86400;
    buf_i64(b, d);
    buf_puts(b, d == 1 ? " day" : " days");
}

void x509_txt_name(buf_t *b, unsigned ind, const char *lab, const x509_name *n)
{
    x509_name_view nv;              /* the name read once for both forms */
    x509_name_view_init(&nv, n);
    x509_txt_label(b, ind, lab);
    size_t at = b->len;
    x509_name_view_rfc4514(&nv, b);
    if (b->len == at)
        buf_puts(b, "(empty)");
    buf_putc(b, '\n');
    if (n->nattr > 0) {
        x509_txt_indent(b, X509_TXT_COL);
        x509_name_view_oneline(&nv, b);
        buf_putc(b, '\n');
    }
    x509_name_view_done(&nv);
}

/* ------------------------------------------------------ algorithms, keys */

void x509_txt_alg(buf_t *b, unsigned ind, const char *lab, const x509_alg *a)
{
    x509_txt_label(b, ind, lab);
    x509_txt_oid_named(b, a->oid);
    buf_putc(b, '\n');
    if (a->id == OID_rsassa_pss && a->params.len > 0) {
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, a->params.p, a->params.len);
        der_t c;
        der_init(&c, &ctx, "parameters");
        ck_pss_params pss;
        if (ck_pss_params_decode(&c, "parameters", &pss) == ASN1_OK) {
            x509_txt_label(b, ind + 4, "Hash");
            buf_puts(b, ck_hash_name(pss.hash));
            buf_putc(b, '\n');
            x509_txt_label(b, ind + 4, "Mask generation");
            buf_puts(b, "mgf1 with ");
            buf_puts(b, ck_hash_name(pss.mgf_hash));
            buf_putc(b, '\n');
            x509_txt_label(b, ind + 4, "Salt length");
            buf_i64(b, pss.salt_len);
            buf_putc(b, '\n');
            if (pss.trailer != 1) {
                x509_txt_label(b, ind + 4, "Trailer field");
                buf_i64(b, pss.trailer);
                buf_putc(b, '\n');
            }
        } else {
            x509_txt_label(b, ind + 4, "Parameters");
            buf_puts(b, "(not decoded) ");
            buf_hex(b, a->params.p, a->params.len, NULL);
            buf_putc(b, '\n');
        }
    } else if (a->params.len > 0 && !(a->params.len == 2 && a->params.p[0] == 0x05 && a->params.p[1] == 0)) {
        x509_txt_label(b, ind + 4, "Parameters");
        if (a->params.p[0] == ASN1_OID && a->params.len > 2 && a->params.len < 130 &&
            (size_t)a->params.p[1] + 2 == a->params.len)
            x509_txt_oid_named(b, span_make(a->params.p + 2, a->params.len - 2));
        else
            buf_hex(b, a->params.p, a->params.len, NULL);
        buf_putc(b, '\n');
    }
}

static void int_dump(buf_t *b, unsigned ind, const char *lab, span_t v)
{
    x509_txt_heading(b, ind, lab);
    x509_txt_dump(b, ind + 4, v.p, v.len, 15);
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

void x509_txt_pubkey(buf_t *b, unsigned ind, const ck_pubkey *k)
{
    unsigned in2 = ind + 4;
    x509_txt_heading(b, ind, "Subject Public Key Info");
    x509_txt_label(b, in2, "Algorithm");
    if (k->alg_oid.len)
        x509_txt_oid_named(b, k->alg_oid);
    else
        buf_puts(b, "(unknown)");
    buf_putc(b, '\n');
    size_t bits = ck_pubkey_bits(k);
    x509_txt_label(b, in2, "Key");
    buf_puts(b, key_type_text(k->type));
    if (bits) {
        buf_putc(b, ' ');
        buf_u64(b, bits);
        buf_puts(b, " bit");
    }
    buf_putc(b, '\n');
    switch (k->type) {
    case CK_KEY_RSA:
    case CK_KEY_RSA_PSS:
        if (k->type == CK_KEY_RSA_PSS && k->alg_params.len) {
            x509_alg a;
            memset(&a, 0, sizeof a);
            a.oid = k->alg_oid;
            a.id = oid_lookup(a.oid);
            a.params = k->alg_params;
            x509_txt_alg(b, in2, "Restrictions", &a);
        }
        x509_txt_label(b, in2, "Exponent");
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
        buf_putc(b, '\n');
        int_dump(b, in2, "Modulus", k->rsa_n);
        break;
    case CK_KEY_EC:
        x509_txt_label(b, in2, "Curve");
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
                x509_txt_oid_named(b, k->curve_oid);
            } else {
                buf_puts(b, "(unknown)");
            }
        }
        buf_putc(b, '\n');
        x509_txt_heading(b, in2, "Public point");
        x509_txt_dump(b, in2 + 4, k->ec_point.p, k->ec_point.len, 15);
        break;
    case CK_KEY_ED25519:
    case CK_KEY_ED448:
    case CK_KEY_X25519:
    case CK_KEY_X448:
        x509_txt_heading(b, in2, "Public key");
        x509_txt_dump(b, in2 + 4, k->raw.p, k->raw.len, 15);
        break;
    case CK_KEY_DSA:
        if (k->dsa_p.len) {
            int_dump(b, in2, "P", k->dsa_p);
            int_dump(b, in2, "Q", k->dsa_q);
            int_dump(b, in2, "G", k->dsa_g);
        } else {
            x509_txt_label(b, in2, "Parameters");
            buf_puts(b, "(absent: inherited from the issuer)\n");
        }
        int_dump(b, in2, "Y", k->dsa_y);
        break;
    default:
        x509_txt_heading(b, in2, "Public key bits");
        x509_txt_dump(b, in2 + 4, k->key_bits.p, k->key_bits.len, 15);
        break;
    }
    if (k->der.len) {
        uint8_t h[32];
        ck_sha256(k->der.p, k->der.len, h);
        x509_txt_label(b, in2, "SPKI SHA-256");
        buf_hex(b, h, sizeof h, NULL);
        buf_putc(b, '\n');
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

static void u_begin(x509_sink *s, const char *key, const char *lab, bool arr)
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
        u->inner->arr_begin(u->inner, key, lab);
    else
        u->inner->obj_begin(u->inner, key, lab);
}

static void u_obj_begin(x509_sink *s, const char *key, const char *lab)
{
    u_begin(s, key, lab, false);
}

static void u_arr_begin(x509_sink *s, const char *key, const char *lab)
{
    u_begin(s, key, lab, true);
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
static bool u_scalar_key(unwrap_t *u, const char **key, const char **lab)
{
    if (u->drop_depth)
        return false;
    if (u->depth == 1 && wrapper_key(*key))
        return false;
    if (u->depth == 1 && *key && strcmp(*key, "value") == 0 && !*lab)
        *lab = "Value";
    return true;
}

static void u_str(x509_sink *s, const char *key, const char *lab, const char *v, size_t n)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &lab))
        u->inner->str(u->inner, key, lab, v, n);
}

static void u_num(x509_sink *s, const char *key, const char *lab, int64_t v)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &lab))
        u->inner->num(u->inner, key, lab, v);
}

static void u_bool(x509_sink *s, const char *key, const char *lab, bool v)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &lab))
        u->inner->boolean(u->inner, key, lab, v);
}

static void u_null(x509_sink *s, const char *key, const char *lab)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &lab))
        u->inner->null(u->inner, key, lab);
}

static void u_hex(x509_sink *s, const char *key, const char *lab, const uint8_t *p, size_t n)
{
    unwrap_t *u = s->ctx;
    if (u_scalar_key(u, &key, &lab))
        u->inner->hex(u->inner, key, lab, p, n);
}

void x509_txt_extension(buf_t *b, unsigned ind, const x509_ext *e, asn1_ctx *ctx)
{
    x509_txt_indent(b, ind);
    x509_txt_oid_named(b, e->oid);
    if (e->critical)
        buf_puts(b, ", critical");
    if (e->malformed)
        buf_puts(b, ", malformed");
    buf_put(b, ":\n", 2);
    if (!ctx)
        return;
    x509_sink text, filt;
    x509_text_state st;
    unwrap_t u = { &text, 0, 0, 0 };
    x509_sink_text(&text, &st, b, ind + 4);
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
    x509_ext_describe(e, &filt, ctx);
    asn1_ctx_clear_error(ctx);
}

/* ------------------------------------------------------ fingerprints, warnings */

void x509_txt_fingerprint_lines(buf_t *b, unsigned ind, const uint8_t sha1[20], const uint8_t sha256[32])
{
    x509_txt_heading(b, ind, "Fingerprints");
    x509_txt_label(b, ind + 4, "SHA-1");
    x509_hex_colon(b, sha1, 20, true);
    buf_putc(b, '\n');
    x509_txt_label(b, ind + 4, "SHA-256");
    x509_hex_colon(b, sha256, 32, true);
    buf_putc(b, '\n');
}

void x509_txt_fingerprints(buf_t *b, unsigned ind, span_t der)
{
    x509_fingerprints fp;
    x509_fingerprints_of(der, &fp);
    if (fp.ok)
        x509_txt_fingerprint_lines(b, ind, fp.sha1, fp.sha256);
}

void x509_txt_warnings(buf_t *b, unsigned ind, const asn1_ctx *ctx)
{
    if (!ctx || !ctx->nwarn)
        return;
    x509_txt_heading(b, ind, "Warnings");
    unsigned nw = ctx->nwarn < ASN1_MAX_WARNINGS ? ctx->nwarn : ASN1_MAX_WARNINGS;
    for (unsigned i = 0; i < nw; i++) {
        x509_txt_indent(b, ind + 4);
        x509_diag_line(b, &ctx->warn[i]);
        buf_putc(b, '\n');
    }
    if (ctx->nwarn_dropped) {
        x509_txt_indent(b, ind + 4);
        buf_u64(b, ctx->nwarn_dropped);
        buf_puts(b, " more warnings not shown\n");
    }
}
