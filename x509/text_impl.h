/*
 * text_impl.h - the layout of the text printers for people (cert_text.c for
 * certificates, csr_print.c for requests, crl_print.c for CRLs): labels padded so
 * values start at column 26, names in RFC 4514 and one-line form, OIDs as
 * `name (dotted)`, colon hex dumps, RFC 3339 times, keys, fingerprints, warnings,
 * and extension values through the text sink (so they say exactly what --json says).
 * One implementation, text_util.c.  Internal to x509/.
 */
#ifndef CERTKIT_X509_TEXT_IMPL_H
#define CERTKIT_X509_TEXT_IMPL_H

#include "x509/print_impl.h"

#define X509_TXT_COL 26         /* column where values start */

/** "<title>:", then "Source: <source> #<index>" and "Version: <shown> (0x<raw>)" at indent 4. */
void x509_txt_intro(buf_t *b, const char *title, const char *source, size_t index, int64_t shown, uint64_t raw);
void x509_txt_indent(buf_t *b, unsigned n);
/** "<indent>Label:" padded so that the value starts at column col. */
void x509_txt_label_col(buf_t *b, unsigned ind, const char *lab, unsigned col);
static inline void x509_txt_label(buf_t *b, unsigned ind, const char *lab)
{
    x509_txt_label_col(b, ind, lab, X509_TXT_COL);
}
/** "<indent>Label:" and a line feed. */
void x509_txt_heading(buf_t *b, unsigned ind, const char *lab);
/** "name (dotted)", or the dotted form alone for an unknown OID. */
void x509_txt_oid_named(buf_t *b, span_t oid);
/** Hex dump "aa:bb:..." in lines of per_line bytes at ind. */
void x509_txt_dump(buf_t *b, unsigned ind, const uint8_t *p, size_t n, size_t per_line);
/** A time in RFC 3339 UTC form. */
void x509_txt_time(buf_t *b, int64_t t);
/** "N day(s)". */
void x509_txt_days(buf_t *b, int64_t secs);
/** "Label: RFC 4514" and the one-line form on the next line at the value column. */
void x509_txt_name(buf_t *b, unsigned ind, const char *lab, const x509_name *n);
/** An AlgorithmIdentifier with its parameters (RSA-PSS decoded). */
void x509_txt_alg(buf_t *b, unsigned ind, const char *lab, const x509_alg *a);
/** "Subject Public Key Info:" and the key (type, size, exponent, modulus, curve...). */
void x509_txt_pubkey(buf_t *b, unsigned ind, const ck_pubkey *k);
/**
 * One extension: "<ind>name (oid)[, critical][, malformed]:" and its decoded value
 * through the text sink at ind + 4 (nothing more when ctx is NULL).
 */
void x509_txt_extension(buf_t *b, unsigned ind, const x509_ext *e, asn1_ctx *ctx);
/** "Fingerprints:" SHA-1 and SHA-256 (uppercase colon hex, as openssl). */
void x509_txt_fingerprint_lines(buf_t *b, unsigned ind, const uint8_t sha1[20], const uint8_t sha256[32]);
/** The same for the fingerprints of der. */
void x509_txt_fingerprints(buf_t *b, unsigned ind, span_t der);
/** "Warnings:" and one line per warning of ctx (nothing when there is none). */
void x509_txt_warnings(buf_t *b, unsigned ind, const asn1_ctx *ctx);

#endif /* CERTKIT_X509_TEXT_IMPL_H */
