/*
 * p12_impl.h - internals shared by pkcs12/pfx.c, bags.c, mac.c, decrypt.c,
 * password.c and epki.c (and the unit tests): the bridge from p12_alg (OIDs) to
 * crypto.h's hashes and ciphers, password forms, and trial decryption.
 * Not part of the public API.
 */
#ifndef CERTKIT_PKCS12_IMPL_H
#define CERTKIT_PKCS12_IMPL_H

#include "pkcs12/crypto.h"
#include "pkcs12/pkcs12.h"

/* ---------------------------------------------------------------- passwords */

/** Which key-derivation family an algorithm feeds the password to. */
typedef enum p12_pw_family {
    P12_FAM_PKCS12 = 0,  /* RFC 7292 KDF: BMPString (+ OpenSSL < 1.1's byte-wise form) */
    P12_FAM_PBKDF1,      /* PBES1: bytes (UTF-8, then ISO-8859-1, then BMPString) */
    P12_FAM_PBKDF2,      /* PBES2 / PBMAC1: bytes (UTF-8, then ISO-8859-1, then BMPString) */
} p12_pw_family;

/** The forms to try for a family, standard first; returns the count (at most 4). */
unsigned p12__pw_forms(p12_pw_family fam, p12_pw_form out[4]);
/** The order to try the candidates of pws in: prefer (when valid) first, then the others
 *  in their order.  Returns how many (at most 3) are in order[]. */
unsigned p12__pw_order(const p12_passwords *pws, int prefer, int order[3]);

/**
 * One password in one form.  For the PKCS#12 family `utf8` is the string to hand
 * to crypto.h (which makes the BMPString itself; NULL: absent); for the byte
 * families `bytes` holds the bytes to feed PBKDF1/PBKDF2.  *ok is false when the
 * form does not apply (e.g. ISO-8859-1 of a password with characters above U+00FF,
 * or a form that gives the same bytes as the standard one).  p12__pw_wipe() after use.
 */
typedef struct p12_pw_bytes {
    const char *utf8;    /* PKCS#12 family: points to `text` or the caller's password */
    buf_t text;          /* a re-encoded UTF-8 string (P12_PWF_BMP_BYTES) */
    buf_t bytes;         /* byte families */
} p12_pw_bytes;

asn1_err p12__pw_make(const char *pw, p12_pw_family fam, p12_pw_form form, p12_pw_bytes *out,
                      bool *ok) CK_WUR;
void p12__pw_wipe(p12_pw_bytes *b);

/* --------------------------------------------------------------- decryption */

/** Checks decrypted plaintext (e.g. "does it decode as SafeContents"); true when plausible. */
typedef bool (*p12_plain_check)(span_t plain, void *arg);

/**
 * Decrypts `in` with the algorithm a, trying each candidate password (prefer
 * first, when >= 0) in each form of a's family, standard forms first.  A result
 * counts only when the padding is right AND check (if given) accepts the
 * plaintext.  On success the plaintext is appended to out and *used says what
 * worked.  ASN1_E_CRYPTO when nothing worked; ASN1_E_UNSUPPORTED,
 * ASN1_E_LIMIT (iterations over max_iter, before any work), ASN1_E_VALUE
 * (parameters that do not fit the cipher) as such; why is filled for each failure.
 */
asn1_err p12__decrypt(const p12_alg *a, const p12_passwords *pws, int prefer, uint64_t max_iter,
                      span_t in, p12_plain_check check, void *arg, buf_t *out, p12_pw_used *used,
                      char *why, size_t whylen) CK_WUR;

/** Decrypts with one password form (no trials); the building block of p12__decrypt. */
asn1_err p12__decrypt_one(const p12_alg *a, const p12_pw_bytes *pw, uint64_t max_iter, span_t in,
                          buf_t *out) CK_WUR;

/** The ck_hash of a MAC digest / HMAC OID (a->enc_id for P12_ALG_HMAC), or CK_HASH_NONE. */
ck_hash p12__digest_hash(oid_id id);

/** Fills a pbes2_params from a decoded PBES2 algorithm; ASN1_E_UNSUPPORTED names what in a->unsupported. */
asn1_err p12__pbes2_params(const p12_alg *a, pbes2_params *p) CK_WUR;

/* ---------------------------------------------------------------------- MAC */

/**
 * Verifies mac over data with the candidates (prefer first when >= 0).  Sets
 * mac->state (VALID, MISMATCH, UNSUPPORTED) and mac->pw.  Returns ASN1_E_LIMIT
 * (before any work) when the iterations are over max_iter, else ASN1_OK.
 */
asn1_err p12__mac_verify(p12_mac *mac, span_t data, const p12_passwords *pws, int prefer,
                         uint64_t max_iter) CK_WUR;

/* --------------------------------------------------------------------- bags */

/**
 * Decodes SafeContents ::= SEQUENCE OF SafeBag from contents into f->bags (for
 * safe `safe`, nested bags depth-limited by f->opts.max_nest).  Warnings become
 * notes; a structure error is returned with *d filled (offset into contents, path
 * prefixed with `where`); the caller decides whether it is fatal.
 */
asn1_err p12__bags_decode(p12_file *f, unsigned safe, span_t contents, const char *where,
                          asn1_diag *d) CK_WUR;
/** Decodes one attribute list (bagAttributes SET content) into a. Frees nothing. */
asn1_err p12__attrs_decode(der_t *c, p12_attrs *a) CK_WUR;
void p12__attrs_free(p12_attrs *a);
/** True when plain decodes as a SafeContents (a SEQUENCE of SEQUENCEs starting with an OID). */
bool p12__looks_like_safecontents(span_t plain, void *arg);
/** True when plain decodes as a PrivateKeyInfo (SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING, ... }). */
bool p12__looks_like_pkcs8(span_t plain, void *arg);

/* -------------------------------------------------------------------- file */

/** A new buffer owned by f (wiped on p12_free), or NULL when out of memory. */
buf_t *p12__new_buf(p12_file *f);
/** Adds a note (warning or non-fatal failure). */
void p12__note(p12_file *f, bool warning, asn1_err code, size_t offset, const char *path,
               const char *fmt, ...) CK_PRINTF(6, 7);
/** Records the fatal error (first wins); returns code. */
asn1_err p12__fail(p12_file *f, asn1_err code, size_t offset, const char *path, const char *fmt, ...)
    CK_PRINTF(5, 6);
/** vsnprintf into out (truncating silently: messages are one line, bounded). */
void p12__msg(char *out, size_t n, const char *fmt, ...) CK_PRINTF(3, 4);
/** out = a + "." + b (or whichever is non-empty), truncated to n. */
void p12__join(char *out, size_t n, const char *a, const char *b);
/** Copies the first error of ctx into f->err (prefixing where to the path); returns its code. */
asn1_err p12__fail_ctx(p12_file *f, const asn1_ctx *ctx, const char *where);

#endif /* CERTKIT_PKCS12_IMPL_H */
