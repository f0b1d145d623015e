/*
 * print_impl.h - helpers shared by the certificate printers (cert_print.c for the
 * sink / JSON form, cert_text.c for the text form).  Internal to x509/.
 */
#ifndef CERTKIT_X509_PRINT_IMPL_H
#define CERTKIT_X509_PRINT_IMPL_H

#include "x509/x509.h"

/** SHA-1 and SHA-256 of a certificate's whole DER. */
typedef struct x509_fingerprints {
    uint8_t sha1[20];
    uint8_t sha256[32];
    bool ok;
} x509_fingerprints;

void x509_fingerprints_of(span_t der, x509_fingerprints *fp);

/**
 * The decimal text of an INTEGER's content (two's complement), "-" first when
 * negative.  Writes into out (NUL-terminated) when it fits in n bytes and returns
 * the length; returns 0 when out is too small (the caller then uses asn1_int_dec).
 */
size_t x509_int_dec_small(span_t v, char *out, size_t n);

/** Appends bytes as "aa:bb:cc" (lowercase) or "AA:BB:CC" (upper). */
void x509_hex_colon(buf_t *b, const uint8_t *p, size_t n, bool upper);

/** Appends "offset N: path: msg" for a diagnostic. */
void x509_diag_line(buf_t *b, const asn1_diag *d);

/*
 * The fields every describer (certificate, request, CRL) ends with, and the
 * convenience lists they share (cert_print.c).
 */
/** "source", "index": the header fields of every object. */
void x509_sink_source(x509_sink *s, const char *source, size_t index);
/** "warnings": one string per warning of ctx (an empty list when ctx is NULL). */
void x509_sink_warnings(x509_sink *s, const asn1_ctx *ctx);
/** "fingerprints": {"sha1", "sha256"}, empty when !fp->ok. */
void x509_sink_fingerprints(x509_sink *s, const x509_fingerprints *fp);
/** A name in openssl's RFC 2253 form (-nameopt RFC2253) as the string key. */
void x509_sink_openssl_name(x509_sink *s, const char *key, const char *label, const x509_name *n);
/** "pem": der as PEM with the given label. */
void x509_sink_pem(x509_sink *s, const char *pem_label, span_t der);
/** "subject_alt_names" from a subjectAltName extension (errors were reported at decode time). */
void x509_describe_san(const x509_ext *e, x509_sink *s, asn1_ctx *ctx);
/**
 * A list of strings from an extension: which is OID_ce_extKeyUsage (the purposes),
 * OID_ce_cRLDistributionPoints (the URIs), OID_ad_ocsp or OID_ad_caIssuers (the
 * authorityInfoAccess URIs of that method).
 */
void x509_describe_list(x509_sink *s, const char *key, const char *label, const x509_ext *e, asn1_ctx *ctx,
                        oid_id which);

#endif /* CERTKIT_X509_PRINT_IMPL_H */
