/*
 * key_impl.h - what x509/key*.c share.  Private to those files: include x509/x509.h
 * (or x509/key.h) for the API.
 */
#ifndef CERTKIT_X509_KEY_IMPL_H
#define CERTKIT_X509_KEY_IMPL_H

#include <tommath.h>

#include "x509/key.h"

/** Reads an INTEGER that must not be negative (RSA/DSA key material). */
asn1_err ck__read_uint(der_t *c, const char *field, span_t *v) CK_WUR;

/** Loads a non-negative INTEGER content (or raw big-endian bytes) into an initialised a. */
bool ck__mp_load(mp_int *a, span_t v);
/** Writes a as big-endian into k->pub_buf at its end, left-padded with zeros to width bytes
 *  (width 0: minimal); returns the span or an empty span when it does not fit. */
span_t ck__pub_put_mp(ck_privkey *k, const mp_int *a, size_t width);
/** Appends bytes to k->pub_buf; an empty span when they do not fit. */
span_t ck__pub_put(ck_privkey *k, const void *p, size_t n);
/** Marks the public key as unavailable with a reason. */
void ck__no_pub(ck_privkey *k, const char *fmt, ...) CK_PRINTF(2, 3);

/**
 * RSAPrivateKey (RFC 8017 A.1.2), the next element of c; field names it.  Fills the
 * rsa_* fields, bits and the public part (n, e spans into the input).
 */
asn1_err ck__rsa_decode(der_t *c, const char *field, ck_privkey *k) CK_WUR;

/**
 * ECParameters (RFC 5480 2.1.1: namedCurve, or specifiedCurve shown as explicit), the
 * next element of c; sets k->ec_params, curve, curve_oid (ec_order for explicit ones).
 */
asn1_err ck__ec_params(der_t *c, ck_privkey *k) CK_WUR;

/**
 * ECPrivateKey (RFC 5915), the next element of c.  outer_params is true when a PKCS#8
 * AlgorithmIdentifier already set the curve (the inner [0] must then agree); pkcs8_pub
 * is the PKCS#8 v2 publicKey when there is one.
 */
asn1_err ck__ec_decode(der_t *c, const char *field, bool outer_params, ck_privkey *k) CK_WUR;

/** DSAPrivateKey (OpenSSL: SEQUENCE { version 0, p, q, g, y, x }), the next element of c. */
asn1_err ck__dsa_trad_decode(der_t *c, const char *field, ck_privkey *k) CK_WUR;
/** Dss-Parms ::= SEQUENCE { p, q, g }, the next element of c. */
asn1_err ck__dsa_params(der_t *c, ck_privkey *k) CK_WUR;
/**
 * Checks p, q, g and x (0 < x < q) and computes y, or checks the given one (has_y;
 * y_at locates it); at/field locate x for errors.
 */
asn1_err ck__dsa_finish(der_t *c, size_t at, const char *field, size_t y_at, span_t given_y, bool has_y,
                        ck_privkey *k) CK_WUR;

/**
 * CurvePrivateKey ::= OCTET STRING (RFC 8410 7) inside PKCS#8's privateKey: the raw key
 * of k->type (Ed25519, Ed448, X25519, X448), public part derived or taken from pkcs8_pub.
 */
asn1_err ck__ecx_decode(der_t *c, const char *field, ck_privkey *k) CK_WUR;

/** The same SEC1 point in any encoding (x, and y or its parity)? */
bool ck__ec_point_equal(span_t a, span_t b);
/** Two unsigned big-endian numbers (INTEGER contents or octets) equal, leading zeros ignored. */
bool ck__mag_eq(span_t a, span_t b);
/** The same explicit curve (p, a, b, G, n compared as numbers and points)? */
bool ck__ec_params_equal(span_t a, span_t b);

/** Points k->pub's internal spans (into pub_buf) at k's own pub_buf after a move. */
void ck__rebase_pub(ck_privkey *k, const uint8_t *old_buf);

#endif /* CERTKIT_X509_KEY_IMPL_H */
