/*
 * key.h - private keys: one decoder for every unencrypted private key format real
 * files use, one key type that says its algorithm, size, curve and public part,
 * writers for the standard forms, and the mathematical comparison of public keys.
 *
 * Formats read (auto-detected from the DER's shape, or forced by a PEM label):
 *   PKCS#1  RSAPrivateKey (RFC 8017 A.1.2), two-prime (version 0) and multi-prime (1)
 *   SEC1    ECPrivateKey (RFC 5915)
 *   DSA     OpenSSL's traditional DSAPrivateKey SEQUENCE { 0, p, q, g, y, x }
 *   PKCS#8  PrivateKeyInfo / OneAsymmetricKey (RFC 5208, RFC 5958: v1 with attributes,
 *           v2 with publicKey [1]) holding RSA, RSA-PSS (RFC 4055), EC (RFC 5480/5915),
 *           Ed25519/Ed448/X25519/X448 (RFC 8410) or DSA (RFC 3279) keys.
 * EncryptedPrivateKeyInfo is recognised and refused (ASN1_E_UNSUPPORTED,
 * "encrypted key: use keyconv"): decryption is the caller's (see tools/keyload.h).
 *
 * The public part is always made available when it can be: read from the key
 * (RSA n/e, DSA y, SEC1/PKCS#8 v2 publicKey) or computed from the private part
 * (EC P-192/224/256/384/521 with libtomcrypt, Ed25519 and X25519 with libsodium,
 * DSA y = g^x mod p with libtommath).  A public key embedded in the file is checked
 * against the one computed from the private key: a mismatch is an error.
 *
 * Zero-copy: every span points into the caller's DER; a computed public value lives
 * in pub_buf inside the struct.  ck_privkey_free() wipes the struct (and frees the
 * decrypted DER a loader may have moved into `owned` after decoding from it).  The
 * decoders overwrite the whole struct: free a key before decoding another into it.
 * The struct holds pointers into itself (pub spans into pub_buf): do not copy it by
 * assignment, use ck_privkey_move().
 */
#ifndef CERTKIT_X509_KEY_H
#define CERTKIT_X509_KEY_H

#include "asn1/asn1.h"
#include "x509/verify.h"

/** The container a private key was read from. */
typedef enum ck_privkey_form {
    CK_PRIV_FORM_NONE = 0,
    CK_PRIV_FORM_PKCS1,     /* RSAPrivateKey ("RSA PRIVATE KEY") */
    CK_PRIV_FORM_SEC1,      /* ECPrivateKey ("EC PRIVATE KEY") */
    CK_PRIV_FORM_DSA,       /* OpenSSL's DSAPrivateKey ("DSA PRIVATE KEY") */
    CK_PRIV_FORM_PKCS8,     /* PrivateKeyInfo / OneAsymmetricKey ("PRIVATE KEY") */
    CK_PRIV_FORM__COUNT
} ck_privkey_form;

/** "pkcs1", "sec1", "dsa", "pkcs8" ("none"). */
const char *ck_privkey_form_name(ck_privkey_form f);

/** Room for a computed public value: an EC point up to P-521 uncompressed, or DSA y up to 8192 bits. */
#define CK_PRIVKEY_PUB_MAX 1032

typedef struct ck_privkey {
    ck_key_type type;
    ck_privkey_form form;
    span_t der;             /* the whole decoded object (PKCS#8, PKCS#1, SEC1 or DSA) */
    size_t bits;            /* as openssl reports it: RSA modulus, EC order, DSA p; 253/456/253/448 for Ed/X */

    /* PKCS#8 (form == CK_PRIV_FORM_PKCS8) */
    int pkcs8_version;      /* 0 (v1) or 1 (v2); -1 when not PKCS#8 */
    span_t alg_der;         /* privateKeyAlgorithm, the whole AlgorithmIdentifier */
    span_t alg_oid;         /* its OID content */
    span_t alg_params;      /* its parameters element (whole TLV), empty when absent */
    span_t inner;           /* privateKey OCTET STRING content: the algorithm's own private key DER */
    span_t attributes;      /* attributes [0] (whole TLV), empty when absent */
    span_t pkcs8_pub;       /* publicKey [1] BIT STRING bytes (v2), empty when absent */
    bool has_pkcs8_pub;
    size_t pkcs8_pub_offset; /* offset of the publicKey element */

    /* RSA and RSA-PSS: RSAPrivateKey INTEGER contents (spans into der) */
    int rsa_version;        /* 0 two-prime, 1 multi-prime */
    span_t rsa_n, rsa_e, rsa_d, rsa_p, rsa_q, rsa_dp, rsa_dq, rsa_qinv;
    span_t rsa_others;      /* otherPrimeInfos (whole TLV), empty when absent */
    unsigned rsa_nprimes;   /* 2 + the number of OtherPrimeInfo */

    /* EC */
    ck_curve curve;
    span_t ec_params;       /* ECParameters (whole TLV): namedCurve OID or specifiedCurve */
    span_t curve_oid;       /* namedCurve content, empty for explicit parameters */
    span_t ec_d;            /* privateKey octets (big-endian scalar) */
    span_t ec_order;        /* explicit parameters: the order n (INTEGER content), else empty */
    bool ec_has_pub;        /* the SEC1 [1] publicKey (or PKCS#8 v2 publicKey) was present */

    /* Ed25519, Ed448, X25519, X448: CurvePrivateKey content */
    span_t raw;

    /* DSA: Dss-Parms and the private INTEGER x */
    span_t dsa_p, dsa_q, dsa_g, dsa_x;

    /* the public part */
    bool has_pub;           /* pub is valid */
    bool pub_derived;       /* computed here from the private part (else read from the file) */
    char pub_why[128];      /* when !has_pub: why the public key is not available */
    ck_pubkey pub;
    uint8_t pub_buf[CK_PRIVKEY_PUB_MAX];
    size_t pub_buf_len;

    /* a loader's copy of the DER the spans point into (e.g. a decrypted key), moved in
       after a successful decode; wiped and freed by ck_privkey_free */
    buf_t owned;
} ck_privkey;

/**
 * Decodes a private key of any supported form, detected from its shape.  Resets
 * ctx to der (keeping strict/limits).  Errors carry offset and path, e.g.
 * "privateKey.privateExponent".  EncryptedPrivateKeyInfo: ASN1_E_UNSUPPORTED with
 * "encrypted key: use keyconv".  A structure that is no private key: ASN1_E_UNSUPPORTED
 * naming what it is.  An unknown PKCS#8 algorithm decodes (type CK_KEY_OTHER, no public part).
 */
asn1_err ck_privkey_decode(asn1_ctx *ctx, span_t der, ck_privkey *out) CK_WUR;

/** Decodes der as exactly this form (e.g. chosen by a PEM label). */
asn1_err ck_privkey_decode_form(asn1_ctx *ctx, span_t der, ck_privkey_form form, ck_privkey *out) CK_WUR;

/** The form a PEM label names ("RSA PRIVATE KEY" -> PKCS1 ...), CK_PRIV_FORM_NONE otherwise. */
ck_privkey_form ck_privkey_form_from_label(const char *label);

/** Wipes the whole struct (and frees/wipes `owned`).  Safe on a zeroed struct. */
void ck_privkey_free(ck_privkey *k);

/** Moves src into dst (fixing dst's internal pointers); src is left zeroed. */
void ck_privkey_move(ck_privkey *dst, ck_privkey *src);

/** The PKCS#8 DER of a key read as PKCS#8 (a span into the input), else an empty span. */
span_t ck_privkey_pkcs8_der(const ck_privkey *k);
/** The key's public part, or NULL when it is not available (see pub_why). */
const ck_pubkey *ck_privkey_public(const ck_privkey *k);
/** The key's algorithm name as SPEC spells it ("rsa", "ec", "ed25519"...). */
const char *ck_privkey_alg_name(const ck_privkey *k);

/* ---------------------------------------------------------------- writers */

/*
 * Writers append DER to out; they produce the canonical form openssl writes
 * (minimal INTEGERs, the EC scalar padded to the order's length).  ASN1_E_UNSUPPORTED
 * when the key cannot be written in that form (e.g. PKCS#1 from an EC key),
 * ASN1_E_NOMEM when out could not grow.  Output that holds private material must be
 * wiped by the caller (buf_wipe_free).
 */

/** PrivateKeyInfo (v1, no attributes), as `openssl pkey` writes it. */
asn1_err ck_privkey_write_pkcs8(const ck_privkey *k, buf_t *out) CK_WUR;
/** RSAPrivateKey, as `openssl rsa -traditional` writes it (RSA and RSA-PSS keys). */
asn1_err ck_privkey_write_pkcs1(const ck_privkey *k, buf_t *out) CK_WUR;
/** ECPrivateKey with [0] parameters and [1] publicKey, as `openssl ec` writes it. */
asn1_err ck_privkey_write_sec1(const ck_privkey *k, buf_t *out) CK_WUR;
/** OpenSSL's traditional DSAPrivateKey, as `openssl dsa` writes it. */
asn1_err ck_privkey_write_dsa(const ck_privkey *k, buf_t *out) CK_WUR;
/** The traditional form of the key's type (PKCS#1, SEC1 or DSA); PKCS#8 for Ed/X keys. */
asn1_err ck_privkey_write_traditional(const ck_privkey *k, buf_t *out) CK_WUR;

/** SubjectPublicKeyInfo from a public key's parts (`--pubout`). */
asn1_err ck_spki_write(const ck_pubkey *k, buf_t *out) CK_WUR;

/* ------------------------------------------------------------- comparison */

/**
 * True when a and b are the same public key, compared mathematically:
 *  RSA / RSA-PSS: n and e as integers (leading zeros ignored; an RSA and an RSA-PSS
 *    key with the same n, e are the same key);
 *  EC: the same curve (named OID, or byte-equal explicit parameters) and the same
 *    point, whatever its SEC1 form: compressed, uncompressed and hybrid encodings of
 *    one point compare equal (x and the parity of y);
 *  Ed25519 / Ed448 / X25519 / X448: the raw bytes;
 *  DSA: p, q, g (when both carry them) and y as integers;
 *  other algorithms: the same algorithm OID, parameters and key bytes.
 */
bool ck_pubkey_equal(const ck_pubkey *a, const ck_pubkey *b);

/**
 * The NIST curve (P-192 ... P-521) that explicit ECParameters (a specifiedCurve
 * SEQUENCE, whole TLV) spell out, or CK_CURVE_EXPLICIT when they are another curve.
 */
ck_curve ck_ec_explicit_curve(span_t params);
/** The bit length of the order n of explicit ECParameters (0 when they are unreadable). */
size_t ck_ec_explicit_order_bits(span_t params);

/** Magnitude comparison of two non-negative INTEGER contents, ignoring leading zeros. */
bool ck_int_equal(span_t a, span_t b);

#endif /* CERTKIT_X509_KEY_H */
