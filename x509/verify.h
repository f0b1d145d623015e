/*
 * verify.h - signature verification: the one entry point every tool uses
 * (certificates, requests, CRLs, chains), the table of signature algorithms,
 * public keys as borrowed spans, and the SubjectPublicKeyInfo decoder.
 *
 * An internal header of x509/; x509/x509.h includes it.
 *
 * Crypto: libtomcrypt 1.18 (hashes, EC point arithmetic), libtommath (RSA, DSA,
 * ECDSA scalar arithmetic, done here so every check is explicit) and libsodium
 * (Ed25519).  Nothing here prints, exits or aborts: every argument is validated
 * before libtomcrypt sees it (its LTC_ARGCHK aborts).
 *
 * Outcomes are four, and never confused:
 *   CK_VERIFY_VALID        the signature verifies with this key;
 *   CK_VERIFY_INVALID      it does not (wrong key, altered data, malformed signature,
 *                          a key of the wrong type for the algorithm);
 *   CK_VERIFY_UNSUPPORTED  "cannot verify: unsupported algorithm X" (MD2, Ed448, GOST,
 *                          brainpool, secp256k1, an unknown OID...): never "invalid";
 *   CK_VERIFY_ERROR        the key or the algorithm parameters are malformed.
 */
#ifndef CERTKIT_X509_VERIFY_H
#define CERTKIT_X509_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asn1/asn1.h"
#include "pkcs12/crypto.h"

/*
 * Hashes (ck_hash, ck_hash_len, ck_hash_name, ck_hash_from_oid, ck_hash_memory) and
 * the one-time libtomcrypt set-up (ck_crypto_init) are shared with pkcs12/: see
 * pkcs12/crypto.h.
 */

/**
 * Hashes data (empty allowed) into out (ck_hash_len(h) bytes).  False for MD2 and
 * MD4 (refused on purpose for signatures) and for CK_HASH_NONE.
 */
bool ck_hash_compute(ck_hash h, span_t data, uint8_t *out) CK_WUR;

/* ------------------------------------------------------ signature algorithms */

typedef enum ck_sig_scheme {
    CK_SIG_NONE = 0,
    CK_SIG_RSA_PKCS1,    /* RSASSA-PKCS1-v1_5 (RFC 8017 8.2) */
    CK_SIG_RSA_PSS,      /* RSASSA-PSS (RFC 8017 8.1, parameters RFC 4055) */
    CK_SIG_ECDSA,        /* X9.62 / SEC1, Ecdsa-Sig-Value (RFC 3279, RFC 5758) */
    CK_SIG_DSA,          /* FIPS 186, Dss-Sig-Value (RFC 3279, RFC 5758) */
    CK_SIG_ED25519,      /* RFC 8032 / RFC 8410 */
    CK_SIG_ED448,
    CK_SIG_GOST,
    CK_SIG_SM2,
    CK_SIG__COUNT
} ck_sig_scheme;

typedef enum ck_key_type {
    CK_KEY_NONE = 0,
    CK_KEY_RSA,          /* rsaEncryption */
    CK_KEY_RSA_PSS,      /* id-RSASSA-PSS: an RSA key restricted to PSS (RFC 4055) */
    CK_KEY_EC,           /* id-ecPublicKey */
    CK_KEY_ED25519,
    CK_KEY_ED448,
    CK_KEY_X25519,
    CK_KEY_X448,
    CK_KEY_DSA,
    CK_KEY_GOST,
    CK_KEY_OTHER,        /* an algorithm certkit does not know (see alg_oid) */
    CK_KEY__COUNT
} ck_key_type;

/** One row of the signature algorithm table. */
typedef struct ck_sig_alg {
    oid_id oid;          /* the AlgorithmIdentifier OID (asn1/oid.def) */
    ck_sig_scheme scheme;
    ck_key_type key;     /* the key type it needs (RSA also covers RSA-PSS keys for PSS) */
    ck_hash hash;        /* CK_HASH_NONE for PSS (from the parameters), EdDSA, GOST, SM2 */
    bool supported;      /* false: "cannot verify: unsupported algorithm" */
} ck_sig_alg;

/** The table row for a signature AlgorithmIdentifier OID (content bytes), or NULL. */
const ck_sig_alg *ck_sig_alg_find(span_t oid);
/** The table row for an oid_id, or NULL. */
const ck_sig_alg *ck_sig_alg_by_id(oid_id id);

/** RSASSA-PSS-params (RFC 4055 3.1), defaults filled in. */
typedef struct ck_pss_params {
    ck_hash hash;            /* hashAlgorithm, default sha1 */
    ck_hash mgf_hash;        /* maskGenAlgorithm mgf1's hash, default sha1 */
    int64_t salt_len;        /* saltLength, default 20 */
    int64_t trailer;         /* trailerField, default 1 (the only value allowed) */
    span_t hash_oid;         /* as encoded (empty when defaulted) */
    span_t mgf_oid;
    span_t mgf_hash_oid;
} ck_pss_params;

/**
 * Reads RSASSA-PSS-params (a SEQUENCE, the next element of c) with the module's
 * rules: DEFAULT values, hash parameters NULL or absent, MGF1 only, trailerField 1,
 * 0 <= saltLength <= 8192.  An unknown hash or MGF gives ASN1_E_UNSUPPORTED.
 * Explicitly encoded DEFAULT values are warnings (X.690 11.5).
 */
asn1_err ck_pss_params_decode(der_t *c, const char *field, ck_pss_params *out) CK_WUR;

/* ------------------------------------------------------------ public keys */

typedef enum ck_curve {
    CK_CURVE_NONE = 0,
    CK_CURVE_P192,
    CK_CURVE_P224,
    CK_CURVE_P256,
    CK_CURVE_P384,
    CK_CURVE_P521,
    CK_CURVE_SECP256K1,
    CK_CURVE_BRAINPOOL_P256R1,
    CK_CURVE_BRAINPOOL_P384R1,
    CK_CURVE_BRAINPOOL_P512R1,
    CK_CURVE_SM2,
    CK_CURVE_OTHER,      /* a named curve certkit does not know (see curve_oid) */
    CK_CURVE_EXPLICIT,   /* specifiedCurve / ECParameters: shown, never verified */
    CK_CURVE__COUNT
} ck_curve;

/**
 * A public key as borrowed spans into the caller's DER.  INTEGER spans are the
 * INTEGER content bytes (two's complement, so a leading 00 may be present).
 */
typedef struct ck_pubkey {
    ck_key_type type;
    span_t der;              /* the whole SubjectPublicKeyInfo, when decoded from one */
    span_t alg_oid;          /* its algorithm OID content */
    span_t alg_params;       /* the parameters element (whole TLV), or empty */
    span_t key_bits;         /* the subjectPublicKey BIT STRING bytes */
    /* RSA, RSA-PSS: RSAPublicKey */
    span_t rsa_n, rsa_e;
    /* EC */
    ck_curve curve;
    span_t curve_oid;        /* namedCurve content, empty for explicit parameters */
    span_t ec_point;         /* SEC1 encoding: 04||X||Y, 02/03||X, 06/07||X||Y */
    /* Ed25519, Ed448, X25519, X448: the raw key */
    span_t raw;
    /* DSA: Dss-Parms (may be absent: inherited from the issuer) and the INTEGER y */
    span_t dsa_p, dsa_q, dsa_g, dsa_y;
} ck_pubkey;

/** "rsa", "rsa-pss", "ec", "ed25519", "ed448", "x25519", "x448", "dsa", "gost", "other". */
const char *ck_key_type_name(ck_key_type t);
/** "P-256", "secp256k1", "brainpoolP256r1"..., "explicit", or NULL for none/other. */
const char *ck_curve_name(ck_curve c);
/** The curve with this namedCurve OID content, CK_CURVE_OTHER when unknown. */
ck_curve ck_curve_from_oid(span_t oid);
/** Key size in bits: RSA modulus, EC field, DSA p; Ed25519/X25519 253, Ed448 456, X448 448 (as OpenSSL says); 0 unknown. */
size_t ck_pubkey_bits(const ck_pubkey *key);

/**
 * Decodes a SubjectPublicKeyInfo (the next element of c) into out (spans into
 * c's bytes):
 *   SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 *                                       subjectPublicKey BIT STRING }
 * RSA: RSAPublicKey inside the BIT STRING; EC: namedCurve OID (explicit parameters:
 * CK_CURVE_EXPLICIT with a warning), the point; Ed25519/Ed448/X25519/X448: the raw
 * key (32/57/32/56 bytes); DSA: Dss-Parms p, q, g and INTEGER y.  An unknown
 * algorithm is not an error: type CK_KEY_OTHER.
 */
asn1_err spki_decode(der_t *c, ck_pubkey *out) CK_WUR;

/* ----------------------------------------------------------- verification */

typedef enum ck_verify_result {
    CK_VERIFY_VALID = 0,
    CK_VERIFY_INVALID,
    CK_VERIFY_UNSUPPORTED,
    CK_VERIFY_ERROR,
} ck_verify_result;

/** "valid", "invalid", "unsupported", "error". */
const char *ck_verify_result_name(ck_verify_result r);

/** RSA moduli larger than this are refused (CK_VERIFY_ERROR). */
#define CK_RSA_MAX_BITS 16384
/** DSA primes larger than this are refused (CK_VERIFY_ERROR). */
#define CK_DSA_MAX_BITS 16384

/**
 * Verifies a signature: the one function every tool calls.
 *   signed_bytes    the exact DER that was signed (tbsCertificate, ...)
 *   sig_alg_oid     the signature AlgorithmIdentifier's OID content bytes
 *   sig_alg_params  the DER of its parameters element (e.g. 05 00, or the
 *                   RSASSA-PSS-params SEQUENCE), or an empty span when absent
 *   signature       the signature BIT STRING's bytes after the unused-bits octet
 *                   (callers treat a non-zero unused-bits count as invalid)
 *   key             the signer's public key
 *   detail          receives a one-line explanation (NUL-terminated; may be NULL)
 * Initialises the crypto libraries itself (ck_crypto_init(), sodium_init(), once).
 */
ck_verify_result ck_verify(span_t signed_bytes, span_t sig_alg_oid, span_t sig_alg_params,
                           span_t signature, const ck_pubkey *key, char *detail,
                           size_t detail_len);

/**
 * The hash a signature AlgorithmIdentifier needs the signed bytes hashed with, for
 * callers that hash them themselves (in pieces) and then call ck_verify_digest():
 * the table's hash, or for RSASSA-PSS the hashAlgorithm of its parameters.
 * CK_VERIFY_VALID with *h set when the algorithm can be verified prehashed;
 * CK_VERIFY_VALID with *h = CK_HASH_NONE for Ed25519, which signs the message
 * itself (use ck_verify() on the whole message); otherwise the outcome and detail
 * ck_verify() would give for these algorithm bytes (UNSUPPORTED, ERROR).
 */
ck_verify_result ck_sig_alg_hash(span_t sig_alg_oid, span_t sig_alg_params, ck_hash *h, char *detail,
                                 size_t detail_len);

/**
 * Verifies a signature over a digest the caller computed: the same checks, schemes
 * and details as ck_verify() (which is this after hashing), for RSA PKCS#1 v1.5,
 * RSA-PSS, ECDSA and DSA.  h must be the hash ck_sig_alg_hash() names and dlen
 * ck_hash_len(h), else CK_VERIFY_ERROR; Ed25519 cannot be prehashed: CK_VERIFY_ERROR.
 */
ck_verify_result ck_verify_digest(ck_hash h, const uint8_t *digest, size_t dlen, span_t sig_alg_oid,
                                  span_t sig_alg_params, span_t signature, const ck_pubkey *key,
                                  char *detail, size_t detail_len);

#endif /* CERTKIT_X509_VERIFY_H */
