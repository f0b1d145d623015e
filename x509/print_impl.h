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

#endif /* CERTKIT_X509_PRINT_IMPL_H */
