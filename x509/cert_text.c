/*
 * cert_text.c - a certificate as text for people: openssl -text's order and
 * spirit, improved.  Labels are aligned (every value starts at X509_TXT_COL), names
 * are given in RFC 4514 form and in openssl's one-line form, strings are UTF-8, times
 * ISO 8601 UTC with "expires in N days", OIDs as `name (oid)`, the key size, both
 * fingerprints and the decoder's warnings.  Extension values go through the text
 * sink, so they say exactly what --json says.  The layout helpers are text_util.c's,
 * shared with the request and CRL printers.
 *
 * Fast on purpose: everything is appended to the caller's buffer with memcpy-style
 * writes and table-driven hex; no printf on the per-certificate path.
 */
#include "x509/text_impl.h"

#define DUMP_BYTES 18   /* bytes per hex dump line (openssl: 15 for keys, 18 for signatures) */

void x509_cert_text(const x509_cert *c, buf_t *b, const x509_cert_info *info)
{
    asn1_ctx *ctx = info->ctx;
    x509_txt_intro(b, "Certificate", info->source, info->index, c->version, (uint64_t)(c->version - 1));

    /* Serial Number: colon hex as openssl shows it, then the decimal value */
    x509_txt_label(b, 4, "Serial Number");
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
    buf_putc(b, '\n');
    {
        char num[400];
        size_t dl = x509_int_dec_small(sv, num, sizeof num);
        x509_txt_indent(b, X509_TXT_COL);
        buf_puts(b, "decimal ");
        if (dl) {
            buf_put(b, num, dl);
        } else if (asn1_int_dec(sv, b) != ASN1_OK) {
            buf_puts(b, "?");
        }
        buf_putc(b, '\n');
    }

    x509_txt_alg(b, 4, "Signature Algorithm", &c->tbs_sig_alg);
    x509_txt_name(b, 4, "Issuer", &c->issuer);

    x509_txt_heading(b, 4, "Validity");
    x509_txt_label(b, 8, "Not Before");
    x509_txt_time(b, c->not_before);
    if (info->at < c->not_before) {
        buf_puts(b, " (not yet valid: valid in ");
        x509_txt_days(b, c->not_before - info->at);
        buf_putc(b, ')');
    }
    buf_putc(b, '\n');
    x509_txt_label(b, 8, "Not After");
    x509_txt_time(b, c->not_after);
    if (info->at <= c->not_after) {
        buf_puts(b, " (expires in ");
        x509_txt_days(b, c->not_after - info->at);
    } else {
        buf_puts(b, " (expired ");
        x509_txt_days(b, info->at - c->not_after);
        buf_puts(b, " ago");
    }
    buf_put(b, ")\n", 2);

    x509_txt_name(b, 4, "Subject", &c->subject);
    x509_txt_pubkey(b, 4, &c->pubkey);
    if (c->has_issuer_uid) {
        x509_txt_label(b, 4, "Issuer Unique ID");
        x509_hex_colon(b, c->issuer_uid.p, c->issuer_uid.len, false);
        buf_putc(b, '\n');
    }
    if (c->has_subject_uid) {
        x509_txt_label(b, 4, "Subject Unique ID");
        x509_hex_colon(b, c->subject_uid.p, c->subject_uid.len, false);
        buf_putc(b, '\n');
    }
    if (c->exts.present) {
        x509_txt_heading(b, 4, "Extensions");
        for (unsigned i = 0; i < c->exts.n; i++)
            x509_txt_extension(b, 8, &c->exts.v[i], ctx);
    }

    if (!span_eq(c->sig_alg.der, c->tbs_sig_alg.der))
        x509_txt_alg(b, 4, "Outer Signature Algorithm", &c->sig_alg);
    x509_txt_heading(b, 4, "Signature Value");
    x509_txt_dump(b, 8, c->sig.p, c->sig.len, DUMP_BYTES);

    x509_txt_fingerprints(b, 4, c->der);
    x509_txt_label(b, 4, "Self-issued");
    buf_puts(b, x509_cert_self_issued(c) ? "yes\n" : "no\n");

    x509_txt_warnings(b, 4, ctx);
}
