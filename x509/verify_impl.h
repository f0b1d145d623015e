/*
 * verify_impl.h - what the verify_*.c files share.  Private to x509/verify*.c:
 * include x509/verify.h for the API.
 */
#ifndef CERTKIT_X509_VERIFY_IMPL_H
#define CERTKIT_X509_VERIFY_IMPL_H

#include <tommath.h>

#include "x509/verify.h"

/** ck_hash_name(), or "none". */
const char *ck_hash_label(ck_hash h);
/** True for a hash certkit computes for signatures (not MD2 or MD4: refused on purpose). */
bool ck_hash_usable(ck_hash h);

/** Writes a one-line detail (vsnprintf; nothing when d is NULL or n is 0). */
void ck_detail(char *d, size_t n, const char *fmt, ...) CK_PRINTF(3, 4);

/**
 * Loads a non-negative INTEGER content (two's complement) into an initialised a.
 * False when it is empty, negative or longer than max_bytes.
 */
bool ck_mp_from_int(mp_int *a, span_t v, size_t max_bytes);

/**
 * Reads Ecdsa-Sig-Value / Dss-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
 * strictly (DER only: no trailing bytes, minimal INTEGERs, positive values).
 * False with *why set when it is not; r and s are then untouched.
 */
bool ck_sig_rs_decode(span_t sig, span_t *r, span_t *s, char *why, size_t whylen);

/**
 * Loads the leftmost min(bits, 8*dlen) bits of a digest as an integer
 * (SEC1 4.1.3 step 5, FIPS 186-4 4.6): the ECDSA/DSA "e"/"z".
 */
bool ck_mp_from_digest(mp_int *e, const uint8_t *digest, size_t dlen, int bits);

/** RSA PKCS#1 v1.5 (pss == NULL) or PSS verification of a precomputed digest. */
ck_verify_result ck_verify_rsa(const ck_pubkey *key, ck_hash hash, const ck_pss_params *pss,
                               const uint8_t *digest, size_t dlen, span_t sig,
                               char *detail, size_t n);
/** ECDSA over the curves libtomcrypt 1.18 has (P-192..P-521). */
ck_verify_result ck_verify_ecdsa(const ck_pubkey *key, const uint8_t *digest, size_t dlen,
                                 span_t sig, char *detail, size_t n);
/** DSA (FIPS 186). */
ck_verify_result ck_verify_dsa(const ck_pubkey *key, const uint8_t *digest, size_t dlen,
                               span_t sig, char *detail, size_t n);
/** True when ck_verify_ecdsa can handle this curve. */
bool ck_ecdsa_curve_supported(ck_curve c);

#endif /* CERTKIT_X509_VERIFY_IMPL_H */
