/*
 * pkcs12.h - certkit's PKCS#12 (PFX, RFC 7292) reader: the PFX in BER, the
 * AuthenticatedSafe, SafeContents and SafeBags, bag attributes, the integrity MAC
 * (RFC 7292 HMAC and RFC 9579 PBMAC1), password-based decryption of safes and
 * shrouded keys (RFC 7292 Appendix C, PBES1, PBES2), and the password rules that
 * real producers need (absent vs empty, UTF-8 / BMPString / ISO-8859-1).
 *
 * The cryptographic primitives are pkcs12/crypto.h's; algorithms are described
 * here by their OIDs (oid_id).  Splitting a file into what a server needs (each
 * key, its certificate, the CA certificates in chain order) is p12_split_build().
 *
 * Memory: a p12_file owns every byte it points into (the PFX normalised from BER
 * to DER, each decrypted SafeContents, each decrypted private key); p12_free()
 * wipes the decrypted buffers (explicit_bzero) before freeing them.
 *
 * Like asn1/, this layer never prints, exits or aborts.
 */
#ifndef CERTKIT_PKCS12_H
#define CERTKIT_PKCS12_H

#include "asn1/asn1.h"
#include "x509/x509.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ algorithms */

typedef enum p12_alg_kind {
    P12_ALG_UNKNOWN = 0,   /* an algorithm certkit does not implement (see unsupported) */
    P12_ALG_PKCS12_PBE,    /* RFC 7292 Appendix C: pkcs-12PbeParams {salt, iterations} */
    P12_ALG_PBES1,         /* RFC 8018 6.1: PBEParameter {salt (8), iterationCount} */
    P12_ALG_PBES2,         /* RFC 8018 6.2: keyDerivationFunc + encryptionScheme */
    P12_ALG_HMAC,          /* the classic PFX MAC: a digest OID, PKCS#12 KDF, HMAC */
    P12_ALG_PBMAC1,        /* RFC 8018 7.1 / RFC 9579: PBKDF2 + HMAC */
} p12_alg_kind;

/**
 * A decoded password-based algorithm (encryption or MAC).  Spans borrow the
 * p12_file's (or the caller's) bytes.  Decoding never fails for an unknown
 * algorithm: kind is P12_ALG_UNKNOWN (or the part that cannot be computed is
 * named in `unsupported`), so --info can still show the structure.
 */
typedef struct p12_alg {
    p12_alg_kind kind;
    span_t der;             /* the whole AlgorithmIdentifier */
    size_t offset;          /* its offset in the bytes it was decoded from */
    span_t oid;             /* algorithm OID content */
    oid_id id;
    span_t salt;            /* PBE / PBKDF2 / MAC salt */
    uint64_t iterations;    /* PBE / PBKDF2 / MAC iteration count */
    /* PBES2 and PBMAC1 */
    span_t kdf_oid;         /* keyDerivationFunc: PBKDF2 or scrypt */
    oid_id kdf_id;
    uint64_t scrypt_r, scrypt_p;    /* scrypt blockSize and parallelization (N in iterations) */
    span_t prf_oid;         /* PBKDF2 prf; empty when defaulted (hmacWithSHA1) */
    oid_id prf_id;          /* OID_hmacWithSHA1 when defaulted */
    uint64_t keylen;        /* PBKDF2 keyLength, 0 when absent */
    bool has_keylen;
    span_t enc_oid;         /* PBES2 encryptionScheme, PBMAC1 messageAuthScheme, or the MAC digest */
    oid_id enc_id;
    span_t iv;              /* PBES2 CBC IV */
    int64_t rc2_version;    /* RC2-CBC rc2ParameterVersion */
    bool has_rc2_version;
    /* PBES2 naming one AES size with the keyLength of another: NSS 3.29 wrote
       AES-256 under the AES-128 OID; the keyLength is believed */
    bool aes_keylen_quirk;
    /* a part certkit cannot compute (cipher, KDF, PRF, digest), or NULL */
    const char *unsupported;
    char unsupported_buf[96];
} p12_alg;

/** How an algorithm is used, for decoding its parameters. */
typedef enum p12_alg_use {
    P12_USE_ENCRYPTION = 0, /* a safe's contentEncryptionAlgorithm, a shrouded key's encryptionAlgorithm */
    P12_USE_MAC,            /* MacData's digestAlgorithm (a digest OID, or PBMAC1) */
} p12_alg_use;

/**
 * Decodes an AlgorithmIdentifier (the next element of c) into out, with the
 * parameters of PKCS#12 PBEs, PBES1, PBES2 (PBKDF2 with salt, iterations,
 * keyLength, prf; AES-CBC / DES / 3DES IV; RC2-CBC {rc2ParameterVersion, IV}),
 * and PBMAC1.  Malformed parameters are errors (offset and path in c's ctx);
 * unknown algorithms are not.
 */
asn1_err p12_alg_decode(der_t *c, const char *field, p12_alg_use use, p12_alg *out) CK_WUR;

/** One-line description: "pbeWithSHAAnd40BitRC2-CBC", "PBES2 (PBKDF2 hmacWithSHA256, aes256-cbc)", "HMAC-sha256", "PBMAC1 (PBKDF2 hmacWithSHA256, hmacWithSHA512)". */
void p12_alg_describe(const p12_alg *a, buf_t *out);
/** The name openssl users know for the cipher or digest ("aes-256-cbc", "rc2-40-cbc", "sha256"), or the OID's name. */
const char *p12_alg_cipher_name(const p12_alg *a);
/** True when certkit can compute this algorithm (kind known and nothing unsupported). */
bool p12_alg_supported(const p12_alg *a);

/* -------------------------------------------------------------- passwords */

/** What a password was given as. */
typedef enum p12_pw_src {
    P12_PW_GIVEN = 0,       /* a password the user gave */
    P12_PW_EMPTY,           /* the empty password "" (BMPString 00 00) */
    P12_PW_ABSENT,          /* no password at all (a zero-length BMPString) */
} p12_pw_src;

/** How the password's bytes were formed for the algorithm that accepted them. */
typedef enum p12_pw_form {
    P12_PWF_NONE = 0,       /* nothing accepted yet */
    P12_PWF_BMP,            /* RFC 7292 B.1: UTF-16BE + 00 00 (PKCS#12 KDF) */
    P12_PWF_UTF8,           /* UTF-8 bytes (PBES1, PBES2, PBMAC1) */
    P12_PWF_LATIN1,         /* ISO-8859-1 bytes for PBES2 (Java keystores) */
    P12_PWF_BMP_PBES2,      /* the BMPString form fed to PBKDF1/PBKDF2 (NSS 3.21 quirk) */
    P12_PWF_BMP_BYTES,      /* each UTF-8 byte as one BMP character (OpenSSL before 1.1) */
} p12_pw_form;

/** Up to three candidate passwords, tried in order (e.g. absent, then empty). */
typedef struct p12_passwords {
    const char *pw[3];      /* UTF-8, NUL-terminated; NULL = the absent password */
    p12_pw_src src[3];
    unsigned n;
} p12_passwords;

/** Which candidate and which form an operation accepted. */
typedef struct p12_pw_used {
    int cand;               /* index into p12_passwords, -1 when none was accepted */
    p12_pw_form form;
} p12_pw_used;

/** "given", "empty", "absent". */
const char *p12_pw_src_name(p12_pw_src s);
/** "BMPString (RFC 7292)", "UTF-8", "ISO-8859-1 (Java keystore)", ... */
const char *p12_pw_form_name(p12_pw_form f);

/* ------------------------------------------------------------- attributes */

/** One bag attribute: PKCS12Attribute ::= SEQUENCE { attrId OID, attrValues SET OF ANY } */
typedef struct p12_attr {
    span_t oid;
    oid_id id;
    span_t values;          /* the SET's content: the values' DER, one after the other */
    unsigned nvalues;
} p12_attr;

#define P12_MAX_ATTRS 16

typedef struct p12_attrs {
    p12_attr v[P12_MAX_ATTRS];
    unsigned n;
    bool present;           /* bagAttributes was encoded */
    /* convenience */
    char *friendly_name;    /* friendlyName (BMPString) as UTF-8, malloc'd; NULL when absent */
    span_t local_key_id;    /* localKeyID octets; empty when absent */
    bool has_local_key_id;
    char *csp_name;         /* Microsoft CSP name (BMPString) as UTF-8, malloc'd, or NULL */
    bool trusted_usage;     /* Oracle trusted key usage attribute present */
    span_t trusted_usage_oid; /* its first value's OID content (e.g. anyExtendedKeyUsage) */
} p12_attrs;

/* ------------------------------------------------------------------- bags */

typedef enum p12_bag_type {
    P12_BAG_OTHER = 0,      /* an unknown bagId (named by OID, skipped) */
    P12_BAG_KEY,            /* keyBag: PrivateKeyInfo */
    P12_BAG_SHROUDED_KEY,   /* pkcs8ShroudedKeyBag: EncryptedPrivateKeyInfo */
    P12_BAG_CERT,           /* certBag */
    P12_BAG_CRL,            /* crlBag */
    P12_BAG_SECRET,         /* secretBag: shown, never decoded */
    P12_BAG_SAFE_CONTENTS,  /* safeContentsBag: nested SafeContents */
} p12_bag_type;

/** "keyBag", "pkcs8ShroudedKeyBag", "certBag", "crlBag", "secretBag", "safeContentsBag", "unknown". */
const char *p12_bag_type_name(p12_bag_type t);

/** The state of a bag's payload. */
typedef enum p12_bag_state {
    P12_BAG_OK = 0,         /* usable: key decrypted / certificate present */
    P12_BAG_SKIPPED,        /* a type certkit names and skips (sdsiCertificate, unknown bag, secret) */
    P12_BAG_WRONG_PASSWORD, /* decryption failed (bad padding or undecodable plaintext) */
    P12_BAG_UNSUPPORTED,    /* its encryption algorithm is not implemented */
    P12_BAG_MALFORMED,      /* its value does not decode */
    P12_BAG_NOT_TRIED,      /* no password could be tried (e.g. the safe around it failed) */
} p12_bag_state;

typedef struct p12_bag {
    p12_bag_type type;
    span_t bag_oid;         /* bagId */
    unsigned safe;          /* index of its AuthenticatedSafe element */
    int parent;             /* index (in p12_file.bags) of the safeContentsBag holding it, or -1 */
    unsigned depth;         /* 0 for a bag directly in a safe */
    unsigned index;         /* position in its SafeContents */
    span_t value;           /* bagValue's inner element (whole TLV) */
    p12_attrs attrs;
    p12_bag_state state;
    char problem[ASN1_MSG_MAX]; /* why state != OK, one line */
    /* certBag / crlBag / secretBag: the certId / crlId / secretTypeId */
    span_t type_oid;
    oid_id type_id;
    /* certBag x509Certificate, crlBag x509CRL: the DER */
    span_t der;
    /* keyBag / pkcs8ShroudedKeyBag: the PrivateKeyInfo DER (secret; owned by the file) */
    span_t key;
    /* pkcs8ShroudedKeyBag */
    p12_alg alg;
    span_t epki;            /* the EncryptedPrivateKeyInfo */
    p12_pw_used pw;
} p12_bag;

/* ------------------------------------------------------------------ safes */

typedef enum p12_safe_type {
    P12_SAFE_DATA = 0,      /* data: plain SafeContents */
    P12_SAFE_ENCRYPTED,     /* encryptedData: password-encrypted SafeContents */
    P12_SAFE_ENVELOPED,     /* envelopedData: public-key encrypted (not supported) */
    P12_SAFE_OTHER,         /* anything else (named, not supported) */
} p12_safe_type;

typedef enum p12_safe_state {
    P12_SAFE_OK = 0,
    P12_SAFE_WRONG_PASSWORD,
    P12_SAFE_UNSUPPORTED,
    P12_SAFE_MALFORMED,
    P12_SAFE_NOT_TRIED,
} p12_safe_state;

typedef struct p12_safe {
    p12_safe_type type;
    span_t content_type;    /* the ContentInfo's contentType OID */
    p12_alg alg;            /* encryptedData: contentEncryptionAlgorithm */
    span_t ciphertext;      /* encryptedData: encryptedContent */
    span_t contents;        /* SafeContents DER (plain or decrypted), empty until available */
    p12_safe_state state;
    char problem[ASN1_MSG_MAX];
    p12_pw_used pw;
    unsigned first_bag, nbags; /* its bags (all depths) in p12_file.bags */
} p12_safe;

/* -------------------------------------------------------------------- MAC */

typedef enum p12_mac_state {
    P12_MAC_ABSENT = 0,     /* "no integrity check in this file" */
    P12_MAC_VALID,
    P12_MAC_MISMATCH,       /* "wrong password, or the file was altered" */
    P12_MAC_UNSUPPORTED,    /* the digest or PBMAC1 part is not implemented (named) */
    P12_MAC_NOT_CHECKED,    /* not verified (p12_opts.skip_mac) */
} p12_mac_state;

typedef struct p12_mac {
    bool present;
    p12_alg alg;            /* P12_ALG_HMAC (enc_id = the digest) or P12_ALG_PBMAC1 */
    span_t digest;          /* the MAC value */
    span_t salt;            /* macSalt */
    uint64_t iterations;    /* iterations (DEFAULT 1) */
    bool iterations_present;
    size_t offset;          /* of macData in the PFX */
    size_t iterations_offset;
    p12_mac_state state;
    p12_pw_used pw;
    char problem[ASN1_MSG_MAX];
} p12_mac;

/** The one-line message for a MAC state ("MAC valid", "no integrity check in this file", ...). */
const char *p12_mac_state_msg(p12_mac_state s);

/* ------------------------------------------------------------------- file */

typedef struct p12_opts {
    uint64_t max_iter;      /* 0: 10,000,000 (SPEC "Safety limits") */
    unsigned max_nest;      /* safeContentsBag nesting; 0: P12_DEFAULT_MAX_NEST */
    unsigned max_depth;     /* BER/DER nesting; 0: ASN1_DEFAULT_MAX_DEPTH */
    bool no_mac_verify;     /* a MAC mismatch is a warning and decryption goes on */
    bool skip_mac;          /* do not compute the MAC at all */
    bool no_decrypt;        /* structure only: no key derivation at all */
    unsigned threads;       /* key derivations at once (MAC, safes, keys); 0: CPUs online + 1, at most 4;
                               1: one after the other on the caller's thread */
} p12_opts;

#define P12_DEFAULT_MAX_NEST 8
#define P12_DEFAULT_MAX_ITER 10000000u

/** A problem met on the way: the first fatal one is p12_file.err; the others are listed. */
typedef struct p12_note {
    bool warning;           /* a warning (deviation) rather than a failure of a part */
    asn1_diag d;            /* code, offset (in the bytes named by `where`), path, message */
} p12_note;

#define P12_MAX_NOTES 64

typedef struct p12_file {
    p12_opts opts;
    buf_t pfx;              /* the PFX as DER (BER normalised) */
    size_t consumed;        /* input bytes the PFX took */
    size_t trailing;        /* input bytes after it (a warning) */
    bool was_ber;           /* the input used BER-only encodings */
    int64_t version;
    span_t auth_safe;       /* the authSafe content (the bytes the MAC covers) */
    p12_mac mac;
    p12_safe *safes;
    unsigned nsafes;
    p12_bag *bags;
    unsigned nbags, cap_bags;
    /* every buffer the spans above may point into */
    buf_t **bufs;
    unsigned nbufs;
    /* a fatal error (structure, limits): err.code != ASN1_OK */
    asn1_diag err;
    p12_note notes[P12_MAX_NOTES];
    unsigned nnotes, nnotes_dropped;
    /* the password candidates that were tried and the first accepted anywhere */
    p12_passwords pws;
    p12_pw_used pw;
} p12_file;

/**
 * Reads a PFX from in (BER or DER), verifies the MAC and decrypts what the
 * passwords open.  Returns ASN1_OK when the structure was read (even if a MAC,
 * safe or bag failed: see mac.state, safes[i].state, bags[i].state and notes),
 * or the code of the fatal error in f->err (malformed PFX, version != 3,
 * envelopedData / signedData authSafe, an iteration count over the cap - refused
 * before any key derivation - or a MAC mismatch without opts->no_mac_verify).
 * pws may be NULL (absent, then empty).  p12_free() must be called either way.
 */
asn1_err p12_read(p12_file *f, span_t in, const p12_passwords *pws, const p12_opts *opts) CK_WUR;
void p12_free(p12_file *f);

/** True when every safe and every bag with a payload was opened (nothing wrong, nothing unsupported). */
bool p12_complete(const p12_file *f);

/* ------------------------------------------------- encrypted PKCS#8 keys */

/**
 * Decrypts an EncryptedPrivateKeyInfo (PKCS#8 / RFC 5958):
 *   EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,
 *                                          encryptedData OCTET STRING }
 * with the password rules above (candidates in order, alternate forms after the
 * standard one).  The PrivateKeyInfo DER is appended to out (wipe it with
 * buf_wipe_free).  ASN1_E_CRYPTO: wrong password (why names the algorithm);
 * ASN1_E_UNSUPPORTED: why names the algorithm; ASN1_E_LIMIT: iterations.
 * alg (may be NULL) receives the decoded algorithm (spans into epki); used the
 * password that worked.
 */
asn1_err p12_epki_decrypt(span_t epki, const p12_passwords *pws, uint64_t max_iter, buf_t *out,
                          p12_alg *alg, p12_pw_used *used, char *why, size_t whylen) CK_WUR;

/**
 * Encrypts a PrivateKeyInfo as an EncryptedPrivateKeyInfo with PBES2: PBKDF2 with
 * HMAC-SHA256 (iterations; 0: P12_ENCRYPT_ITER, the OWASP 2023 figure), a random
 * 16-byte salt and AES-256-CBC with a random IV, both from getrandom(2); the password
 * is used as its UTF-8 bytes (RFC 8018).  Appends the DER to out.
 */
#define P12_ENCRYPT_ITER 600000u
asn1_err p12_epki_encrypt(span_t pkcs8, const char *pass_utf8, uint64_t iterations, buf_t *out) CK_WUR;

/* -------------------------------------------------- splitting (select.c) */

/** One certificate of the file (a certBag holding an x509Certificate). */
typedef struct p12_cert_item {
    unsigned bag;           /* index in p12_file.bags */
    x509_cert cert;         /* valid when ok */
    bool ok;
    bool is_ca;             /* basicConstraints cA = TRUE */
    char problem[ASN1_MSG_MAX];
} p12_cert_item;

/** One private key of the file (keyBag, or a decrypted pkcs8ShroudedKeyBag). */
typedef struct p12_key_item {
    unsigned bag;
    ck_privkey key;         /* valid when ok (spans into the file) */
    bool ok;
    char problem[ASN1_MSG_MAX];
} p12_key_item;

/** How a leaf was chosen for a key. */
typedef enum p12_leaf_how {
    P12_LEAF_NONE = 0,      /* no certificate for this key */
    P12_LEAF_PUBKEY,        /* its public key equals the key's (ck_pubkey_equal) */
    P12_LEAF_KEYID,         /* the same localKeyID (the key's public part is unknown) */
    P12_LEAF_NOT_CA,        /* the only certificate that is not a CA */
    P12_LEAF_CHAIN_END,     /* no key in the file: the one end-entity certificate */
} p12_leaf_how;

const char *p12_leaf_how_name(p12_leaf_how h);

/** A key with its leaf certificate and CA certificates, or (key == -1) the certificates of a key-less file. */
typedef struct p12_pair {
    int key;                /* index in p12_split.keys, -1 for none */
    int leaf;               /* index in p12_split.certs, -1 for none */
    p12_leaf_how how;
    unsigned *ca;           /* indices in certs: the leaf's issuer up to the root, then the rest */
    unsigned nca;
    unsigned nchain;        /* ca[0..nchain) is the leaf's chain; ca[nchain..nca) are unrelated */
    bool chain_complete;    /* the chain ends at a self-signed certificate */
    char note[ASN1_MSG_MAX];/* e.g. a localKeyID that points at a certificate of another key */
} p12_pair;

typedef struct p12_split {
    p12_cert_item *certs;
    unsigned ncerts;
    p12_key_item *keys;
    unsigned nkeys;
    p12_pair *pairs;        /* one per key; one with key == -1 when the file holds no key */
    unsigned npairs;
} p12_split;

/**
 * Decodes every certificate and opened key of f and pairs them: the leaf of a key
 * is the certificate whose public key equals the key's (then the one with the same
 * localKeyID when the key's public part cannot be known, then the only non-CA
 * certificate); the CA certificates follow the leaf's chain (issuer first, built
 * with x509/'s chain search: AKI/SKI, names, signatures), then the certificates
 * outside that chain.  Never fails on bad certificates or keys (they are marked);
 * ASN1_E_NOMEM only.
 */
asn1_err p12_split_build(const p12_file *f, p12_split *s) CK_WUR;
void p12_split_free(p12_split *s);

/* ---------------------------------------------------- showing (print.c) */

/** openssl's "Bag Attributes" block ("Bag Attributes: <No Attributes>" when none). */
void p12_print_bag_attrs(const p12_bag *b, buf_t *out);
/** openssl's "Key Attributes" block for a PrivateKeyInfo's attributes [0] (whole TLV or empty). */
void p12_print_key_attrs(span_t attributes, buf_t *out);
/** The --info text: MAC, safes, bags (attributes, subject, key summary); no secrets. s may be NULL. */
void p12_info_text(const p12_file *f, const p12_split *s, buf_t *out);
/** The --info --json line (SPEC "pfxsplit --info --json"), newline-terminated. s may be NULL. */
void p12_info_json(const p12_file *f, const p12_split *s, const char *source, buf_t *out);

#endif /* CERTKIT_PKCS12_H */
