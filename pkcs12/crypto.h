/*
 * crypto.h - the cryptographic primitives under PKCS#12, PKCS#8 and legacy PEM
 * encryption, on libtomcrypt: hash selection, HMAC with pre-keyed states, PBKDF2
 * (RFC 8018), PBKDF1/PBES1, the RFC 7292 Appendix B key derivation, PKCS#12 PBEs
 * (RFC 7292 Appendix C), PBES2, CBC block ciphers with PKCS#7 padding, RC4, and
 * OpenSSL's EVP_BytesToKey for "Proc-Type: 4,ENCRYPTED" PEM.
 *
 * No DER parsing here: callers hand over the decoded parameters.
 *
 * Conventions
 *  - Every fallible function returns asn1_err: ASN1_E_VALUE for bad arguments
 *    (wrong key or IV length, ciphertext not a multiple of the block, zero iterations),
 *    ASN1_E_LIMIT for an iteration count over the cap (refused before any work),
 *    ASN1_E_CRYPTO for a failed decryption (bad padding: usually a wrong password)
 *    or a MAC mismatch, ASN1_E_UNSUPPORTED for an unknown algorithm, ASN1_E_NOMEM.
 *  - Iteration caps: max_iter == 0 means CK_MAX_ITER_DEFAULT (SPEC: 10,000,000).
 *  - Passwords for the PKCS#12 KDF and PBEs are UTF-8 C strings, NULL meaning
 *    "absent" (a zero-length BMPString) and "" meaning the empty password (00 00).
 *    PBKDF1/PBKDF2/EVP_BytesToKey take the password bytes as they are.
 *  - Derived keys, IVs, HMAC states and intermediate buffers are wiped
 *    (explicit_bzero) before return; decrypted output appended to a buf_t is
 *    the caller's to wipe (buf_wipe_free).  Give decryption an empty buf_t (or one
 *    with room): growing a buffer that already holds secrets leaves a copy behind.
 *  - libtomcrypt's LTC_ARGCHK aborts; every argument is validated before a call.
 */
#ifndef CERTKIT_PKCS12_CRYPTO_H
#define CERTKIT_PKCS12_CRYPTO_H

#include "asn1/asn1.h"

#include <tomcrypt.h>

/** The default cap on PBKDF / PKCS#12 KDF iterations (SPEC "Safety limits"). */
#define CK_MAX_ITER_DEFAULT 10000000u

/* ------------------------------------------------------------------ init */

/**
 * Registers libtomcrypt's hash and cipher descriptors (for code that uses
 * find_hash()/find_cipher(), e.g. signature verification) and sets ltc_mp to
 * libtommath when no math provider is set.  Idempotent and cheap; the functions
 * in this header that use hashes call it lazily (the ciphers need no registration),
 * so calling it is needed only before using libtomcrypt directly (find_hash(),
 * rsa_verify_hash_ex(), ECC).  Thread-safe (pthread_once).
 */
void ck_crypto_init(void);

/* ---------------------------------------------------------------- hashes */

typedef enum ck_hash {
    CK_HASH_NONE = 0,
    CK_HASH_MD2,
    CK_HASH_MD4,
    CK_HASH_MD5,
    CK_HASH_SHA1,
    CK_HASH_SHA224,
    CK_HASH_SHA256,
    CK_HASH_SHA384,
    CK_HASH_SHA512,
    CK_HASH_SHA512_224,
    CK_HASH_SHA512_256,
    CK_HASH_SHA3_224,
    CK_HASH_SHA3_256,
    CK_HASH_SHA3_384,
    CK_HASH_SHA3_512,
    CK_HASH__COUNT
} ck_hash;

#define CK_HASH_MAX_LEN   64u   /* largest digest (SHA-512) */
#define CK_HASH_MAX_BLOCK 144u  /* largest block (SHA3-224's rate) */

/** libtomcrypt's descriptor, or NULL for CK_HASH_NONE / out of range. */
const struct ltc_hash_descriptor *ck_hash_desc(ck_hash h);
/** Digest length in bytes (0 for an invalid h). */
size_t ck_hash_len(ck_hash h);
/** Block length in bytes (the HMAC "B"; the rate for SHA-3). */
size_t ck_hash_block(ck_hash h);
/** Name as openssl spells it: "md5", "sha1", "sha256", "sha512-224", "sha3-256". */
const char *ck_hash_name(ck_hash h);
/** libtomcrypt's index for find_hash()-style APIs (after registration), or -1. */
int ck_hash_ltc_index(ck_hash h);
/** The hash named by a digest-algorithm OID (md5, sha1, sha256, ...), or CK_HASH_NONE. */
ck_hash ck_hash_from_oid(oid_id id);
/** The hash of an HMAC PRF OID (hmacWithSHA1, hmacWithSHA256, ...), or CK_HASH_NONE. */
ck_hash ck_hash_from_hmac_oid(oid_id id);
/**
 * Hashes n bytes at p into out (ck_hash_len(h) bytes).  This, ck_hash_ctx and the
 * HMAC and KDFs below are the library's one hash layer: SHA-1, SHA-224 and SHA-256
 * run on the x86 SHA extensions when the CPU has them (asked once, on first use),
 * everything else and every other CPU on libtomcrypt.
 */
asn1_err ck_hash_memory(ck_hash h, const void *p, size_t n, uint8_t *out) CK_WUR;

/** SHA-1 / SHA-256 of n bytes (fingerprints): they cannot fail on valid pointers. */
void ck_sha1(const void *p, size_t n, uint8_t out[20]);
void ck_sha256(const void *p, size_t n, uint8_t out[32]);

/** Incremental hashing, fed in pieces of any size (large CRLs, fingerprints). */
typedef struct ck_hash_ctx {
    ck_hash hash;
    bool failed;            /* a bad argument or a libtomcrypt failure; final reports it */
    hash_state st;
} ck_hash_ctx;

/** Starts a hash: ASN1_E_VALUE for CK_HASH_NONE or an out-of-range h. */
asn1_err ck_hash_init(ck_hash_ctx *c, ck_hash h) CK_WUR;
void ck_hash_update(ck_hash_ctx *c, const void *p, size_t n);
/** Writes ck_hash_len() bytes to out and wipes the context. */
asn1_err ck_hash_final(ck_hash_ctx *c, uint8_t *out) CK_WUR;
/** True when h runs on the CPU's SHA extensions (benchmarks, tests). */
bool ck_hash_accelerated(ck_hash h);

/* ------------------------------------------------------------------ HMAC */

/**
 * HMAC (RFC 2104) with the inner and outer states keyed once: init costs two
 * compressions, then each message costs only its own blocks plus the finals.
 * ck_hmac_final() leaves the context ready for another message under the same key.
 */
typedef struct ck_hmac {
    ck_hash hash;
    bool failed;            /* a libtomcrypt call failed; final reports it */
    hash_state inner;       /* after (K ^ ipad) */
    hash_state outer;       /* after (K ^ opad) */
    hash_state cur;         /* inner + the message so far */
} ck_hmac;

asn1_err ck_hmac_init(ck_hmac *m, ck_hash h, const uint8_t *key, size_t keylen) CK_WUR;
void ck_hmac_update(ck_hmac *m, const void *p, size_t n);
/** Writes ck_hash_len() bytes to out and resets the context to the keyed state. */
asn1_err ck_hmac_final(ck_hmac *m, uint8_t *out) CK_WUR;
/** Wipes every state. */
void ck_hmac_wipe(ck_hmac *m);
/** One-shot HMAC. */
asn1_err ck_hmac_memory(ck_hash h, const uint8_t *key, size_t keylen, const void *p, size_t n,
                        uint8_t *out) CK_WUR;

/** Compares n bytes in time independent of where they differ. True when equal. */
bool ck_ct_equal(const void *a, const void *b, size_t n);

/** Fills p with n bytes from the kernel's CSPRNG (getrandom). */
asn1_err ck_random_bytes(uint8_t *p, size_t n) CK_WUR;

/* -------------------------------------------------------------------- KDFs */

/**
 * PBKDF2 (RFC 8018 section 5.2) with PRF = HMAC over prf.  The pre-keyed HMAC
 * states are computed once and copied for each of the iterations.
 */
asn1_err pbkdf2_hmac(ck_hash prf, const uint8_t *pass, size_t passlen, span_t salt,
                     uint64_t iterations, uint64_t max_iter, uint8_t *out, size_t outlen) CK_WUR;

/**
 * scrypt's limits: memory 128 * r * N bytes; work N * r * p at most CK_SCRYPT_MAX_WORK
 * (about 3 s) and at most CK_SCRYPT_WORK_PER_ITER times the iteration limit in force
 * (scrypt_work_limit), so that lowering --max-iter lowers it too.
 */
#define CK_SCRYPT_MAX_MEM ((uint64_t)256 << 20)
#define CK_SCRYPT_MAX_WORK ((uint64_t)1 << 24)
#define CK_SCRYPT_WORK_PER_ITER 8u

/** The work limit for an iteration limit (0: the default). */
uint64_t scrypt_work_limit(uint64_t max_iter);

/**
 * ASN1_E_VALUE unless N is a power of two above 1 and r, p >= 1; ASN1_E_LIMIT over the
 * memory limit or over max_work (0 or above CK_SCRYPT_MAX_WORK: CK_SCRYPT_MAX_WORK).
 */
asn1_err scrypt_check(uint64_t n, uint64_t r, uint64_t p, uint64_t max_work) CK_WUR;

/** scrypt (RFC 7914) into out[0..outlen); the cost checked first (scrypt_check). */
asn1_err scrypt_kdf(const uint8_t *pass, size_t passlen, span_t salt, uint64_t n, uint64_t r, uint64_t p,
                    uint64_t max_work, uint8_t *out, size_t outlen) CK_WUR;

/**
 * PBKDF1 (RFC 8018 section 5.1): T = H^c(P || S), first outlen bytes
 * (outlen <= ck_hash_len(h)).
 */
asn1_err pbkdf1(ck_hash h, const uint8_t *pass, size_t passlen, span_t salt, uint64_t iterations,
                uint64_t max_iter, uint8_t *out, size_t outlen) CK_WUR;

/** RFC 7292 Appendix B.3 purpose bytes. */
#define PKCS12_KDF_KEY 1
#define PKCS12_KDF_IV  2
#define PKCS12_KDF_MAC 3

/**
 * The PKCS#12 key derivation (RFC 7292 Appendix B.2).  pass is the password
 * already in BMPString form (pkcs12_pass_bmp()); pass == NULL or passlen == 0 is
 * the absent password.  id is PKCS12_KDF_KEY, _IV or _MAC.
 */
asn1_err pkcs12_kdf(ck_hash h, int id, const uint8_t *pass, size_t passlen, span_t salt,
                    uint64_t iterations, uint64_t max_iter, uint8_t *out, size_t outlen) CK_WUR;

/**
 * Appends the RFC 7292 B.1 form of a UTF-8 password to out: UTF-16BE (code points
 * above U+FFFF as surrogate pairs) plus two zero bytes.  utf8 == NULL (absent)
 * appends nothing; "" appends 00 00.  Invalid UTF-8: ASN1_E_VALUE.
 * Wipe out with buf_wipe_free().
 */
asn1_err pkcs12_pass_bmp(const char *utf8, buf_t *out) CK_WUR;

/**
 * The PFX MAC (RFC 7292 section 5 / B.4): key = pkcs12_kdf(h, MAC, password,
 * salt, iterations, ck_hash_len(h)), mac = HMAC-h(key, data).  mac receives
 * ck_hash_len(h) bytes.
 */
asn1_err pkcs12_mac(ck_hash h, const char *pass_utf8, span_t salt, uint64_t iterations,
                    uint64_t max_iter, span_t data, uint8_t *mac) CK_WUR;
/** Computes the PFX MAC and compares it (constant time): ASN1_OK or ASN1_E_CRYPTO. */
asn1_err pkcs12_mac_verify(ck_hash h, const char *pass_utf8, span_t salt, uint64_t iterations,
                           uint64_t max_iter, span_t data, span_t expected) CK_WUR;

/**
 * OpenSSL's EVP_BytesToKey: D_i = H^count(D_(i-1) || pass || salt), concatenated and
 * split into key then iv.  salt is 8 bytes, or NULL for none.
 */
asn1_err evp_bytes_to_key(ck_hash h, const uint8_t *pass, size_t passlen, const uint8_t *salt,
                          unsigned count, uint8_t *key, size_t keylen, uint8_t *iv,
                          size_t ivlen) CK_WUR;

/* ----------------------------------------------------------------- ciphers */

typedef enum ck_cipher {
    CK_CIPHER_NONE = 0,
    CK_DES_CBC,          /* 8-byte key */
    CK_DES_EDE3_CBC,     /* 24-byte key: K1 K2 K3 */
    CK_DES_EDE_CBC,      /* 16-byte key: K1 K2, used as K1 K2 K1 (2-key 3DES) */
    CK_RC2_CBC,          /* 1..128-byte key, effective key bits given separately */
    CK_RC4,              /* stream, 5..256-byte key, no IV, no padding */
    CK_AES128_CBC,
    CK_AES192_CBC,
    CK_AES256_CBC,
    CK_BF_CBC,           /* Blowfish, 4..56-byte key (openssl's default 16) */
    CK_CAST5_CBC,        /* CAST5, 5..16-byte key (default 16) */
    CK_CAMELLIA128_CBC,
    CK_CAMELLIA192_CBC,
    CK_CAMELLIA256_CBC,
    CK_SEED_CBC,         /* SEED (RFC 4269), 16-byte key */
    CK_CIPHER__COUNT
} ck_cipher;

typedef struct ck_cipher_info {
    ck_cipher id;
    const char *name;    /* openssl's: "des-ede3-cbc", "rc2-cbc", "aes-256-cbc", "rc4" */
    unsigned block;      /* block length; 1 for a stream cipher */
    unsigned keylen;     /* default key length */
    unsigned ivlen;      /* 0 for RC4 */
} ck_cipher_info;

/** The cipher's row, or NULL. */
const ck_cipher_info *ck_cipher_get(ck_cipher c);

/**
 * Decrypts in and appends the plaintext to out.  CBC ciphers need a whole number of
 * blocks (else ASN1_E_VALUE) and remove PKCS#7 padding, checked in constant time
 * (bad padding: ASN1_E_CRYPTO, nothing appended).  rc2_bits is RC2's effective key
 * length in bits (0: 8 * key.len); ignored for the others.
 */
asn1_err ck_cipher_decrypt(ck_cipher c, span_t key, unsigned rc2_bits, span_t iv, span_t in,
                           buf_t *out) CK_WUR;
/**
 * CBC decryption of in (whole bs-byte blocks, bs <= 16) into pt (room for in.len; in
 * and pt may overlap) with the block function dec under key, the PKCS#7 padding
 * checked without branching on the plaintext: *ptlen is the length without it.
 * ASN1_E_CRYPTO for a bad padding or a cipher failure (pt then holds garbage: wipe it).
 */
asn1_err ck_cbc_decrypt_unpad(int (*dec)(const unsigned char *, unsigned char *, symmetric_key *),
                              symmetric_key *key, size_t bs, span_t iv, span_t in, uint8_t *pt, size_t *ptlen) CK_WUR;
/** Encrypts in (adding PKCS#7 padding for CBC) and appends the ciphertext to out. */
asn1_err ck_cipher_encrypt(ck_cipher c, span_t key, unsigned rc2_bits, span_t iv, span_t in,
                           buf_t *out) CK_WUR;

/**
 * The cipher for a PBES2 encryption-scheme OID (desCBC, des-EDE3-CBC, rc2CBC,
 * aes128/192/256-CBC, bf-cbc, cast5-cbc, camellia128/192/256-cbc, seed-cbc), or
 * CK_CIPHER_NONE.
 */
ck_cipher ck_cipher_from_oid(oid_id id);

/**
 * The cipher named in a legacy PEM "DEK-Info:" header (case-insensitive:
 * DES-CBC, DES-EDE3-CBC, DES-EDE-CBC, RC2-CBC, RC2-40-CBC, RC2-64-CBC,
 * AES-128-CBC, AES-192-CBC, AES-256-CBC), with its key length and RC2 bits.
 */
asn1_err ck_cipher_from_pem_name(const char *name, size_t namelen, ck_cipher *c, size_t *keylen,
                                 unsigned *rc2_bits) CK_WUR;

/**
 * RC2-CBC parameter version to effective key bits (RFC 8018 B.2.3 / RFC 2268
 * section 6): 160 -> 40, 120 -> 64, 58 -> 128, other values below 256 through
 * RFC 2268's table, values 256..1024 are the bits themselves.  Negative, above
 * 1024, or naming 0 bits: ASN1_E_VALUE.
 */
asn1_err ck_rc2_version_to_bits(int64_t version, unsigned *bits) CK_WUR;
/** Effective key bits to the RC2-CBC parameter version (the reverse mapping). */
asn1_err ck_rc2_bits_to_version(unsigned bits, int64_t *version) CK_WUR;

/* -------------------------------------------------------------------- PBEs */

/** Password-based encryption schemes with an OID of their own. */
typedef enum pbe_scheme {
    PBE_NONE = 0,
    /* RFC 7292 Appendix C: PKCS#12 KDF with SHA-1, BMPString password */
    PBE_SHA1_RC4_128,    /* pbeWithSHAAnd128BitRC4 */
    PBE_SHA1_RC4_40,     /* pbeWithSHAAnd40BitRC4 */
    PBE_SHA1_3DES,       /* pbeWithSHAAnd3-KeyTripleDES-CBC */
    PBE_SHA1_2DES,       /* pbeWithSHAAnd2-KeyTripleDES-CBC */
    PBE_SHA1_RC2_128,    /* pbeWithSHAAnd128BitRC2-CBC */
    PBE_SHA1_RC2_40,     /* pbewithSHAAnd40BitRC2-CBC */
    /* RFC 8018 PBES1: PBKDF1, password bytes as given, 64-bit RC2 */
    PBE_MD2_DES,         /* pbeWithMD2AndDES-CBC */
    PBE_MD2_RC2_64,      /* pbeWithMD2AndRC2-CBC */
    PBE_MD5_DES,         /* pbeWithMD5AndDES-CBC */
    PBE_MD5_RC2_64,      /* pbeWithMD5AndRC2-CBC */
    PBE_SHA1_DES,        /* pbeWithSHA1AndDES-CBC */
    PBE_SHA1_RC2_64,     /* pbeWithSHA1AndRC2-CBC */
    PBE__COUNT
} pbe_scheme;

typedef struct pbe_info {
    pbe_scheme id;
    const char *name;    /* the OID's name in its RFC */
    bool pkcs12;         /* RFC 7292 KDF (else PBES1's PBKDF1) */
    ck_hash hash;
    ck_cipher cipher;
    unsigned keylen;
    unsigned ivlen;
    unsigned rc2_bits;   /* effective key bits for RC2, else 0 */
} pbe_info;

/** The scheme's row, or NULL. */
const pbe_info *pbe_get(pbe_scheme s);
/** The scheme for an algorithm OID, or PBE_NONE (PBES2 is not one of them). */
pbe_scheme pbe_from_oid(oid_id id);

/**
 * Decrypts with a PKCS#12 PBE (pbe_get(s)->pkcs12): key (and IV) from pkcs12_kdf
 * over the BMPString form of pass_utf8 (NULL: absent password).
 */
asn1_err pbe_pkcs12_decrypt(pbe_scheme s, const char *pass_utf8, span_t salt, uint64_t iterations,
                            uint64_t max_iter, span_t in, buf_t *out) CK_WUR;
asn1_err pbe_pkcs12_encrypt(pbe_scheme s, const char *pass_utf8, span_t salt, uint64_t iterations,
                            uint64_t max_iter, span_t in, buf_t *out) CK_WUR;

/** Decrypts with a PBES1 scheme (RFC 8018 6.1): DK = PBKDF1(pass, salt, c, 16), key = DK[0..7], IV = DK[8..15]. */
asn1_err pbes1_decrypt(pbe_scheme s, const uint8_t *pass, size_t passlen, span_t salt,
                       uint64_t iterations, uint64_t max_iter, span_t in, buf_t *out) CK_WUR;
asn1_err pbes1_encrypt(pbe_scheme s, const uint8_t *pass, size_t passlen, span_t salt,
                       uint64_t iterations, uint64_t max_iter, span_t in, buf_t *out) CK_WUR;

/** Decrypts either kind of scheme (PKCS#12 PBEs take the password as UTF-8 text). */
asn1_err pbe_decrypt(pbe_scheme s, const char *pass_utf8, span_t salt, uint64_t iterations,
                     uint64_t max_iter, span_t in, buf_t *out) CK_WUR;

/** PBES2 (RFC 8018 6.2) parameters, as decoded by the caller. */
typedef struct pbes2_params {
    ck_hash prf;          /* PBKDF2's PRF hash (hmacWithSHA1 default: CK_HASH_SHA1) */
    span_t salt;
    uint64_t iterations;
    size_t keylen;        /* 0: the cipher's default (RC2: 16) */
    ck_cipher cipher;
    unsigned rc2_bits;    /* RC2 effective bits (ck_rc2_version_to_bits); 0: 32 (RFC 8018 default) */
    span_t iv;
    bool scrypt;          /* the KDF is scrypt (RFC 7914) with N, r, p, not PBKDF2 */
    uint64_t scrypt_n, scrypt_r, scrypt_p;
} pbes2_params;

/** PBES2 with password bytes as given (UTF-8 in practice). */
asn1_err pbes2_decrypt(const pbes2_params *p, const uint8_t *pass, size_t passlen,
                       uint64_t max_iter, span_t in, buf_t *out) CK_WUR;
asn1_err pbes2_encrypt(const pbes2_params *p, const uint8_t *pass, size_t passlen,
                       uint64_t max_iter, span_t in, buf_t *out) CK_WUR;

/**
 * Legacy encrypted PEM ("Proc-Type: 4,ENCRYPTED", "DEK-Info: NAME,HEXIV"): the key
 * is EVP_BytesToKey(MD5, pass, salt = iv[0..7], 1 iteration); iv is the decoded hex.
 */
asn1_err pem_legacy_decrypt(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                            size_t passlen, span_t in, buf_t *out) CK_WUR;
asn1_err pem_legacy_encrypt(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                            size_t passlen, span_t in, buf_t *out) CK_WUR;

/* ------------------------------------------------- internal to pkcs12/ */

/* How a hash's raw state words are stored, for the one-block fast path. */
enum { CK_FAST_NONE = 0, CK_FAST_BE32, CK_FAST_BE64, CK_FAST_LE32 };

/** One row of the hash table (pkcs12/hash.c). */
typedef struct ck_hash_info {
    ck_hash id;
    const char *name;
    const struct ltc_hash_descriptor *desc;
    unsigned len;          /* digest bytes */
    unsigned block;        /* compression block bytes */
    unsigned kdf_v;        /* RFC 7292 B.2 "v" (64 for MD2 although its block is 16) */
    unsigned fast;         /* CK_FAST_* */
    unsigned lenfield;     /* bytes of the message-length field in the padding (8 or 16) */
    size_t state_off;      /* offsetof(hash_state, <member>.state) */
    size_t state_size;     /* sizeof the union member */
    unsigned ni;           /* CK_NI_*: the SHA-NI compression that can run this hash */
} ck_hash_info;

enum { CK_NI_NONE = 0, CK_NI_SHA1, CK_NI_SHA256 };

/* pkcs12/sha_ni.c */
/** True when the CPU has the SHA extensions (cpuid on the first call, then cached). */
bool ck__sha_ni_cpu(void);
/** ck__sha_ni_cpu() unless a test turned SHA-NI off with ck__sha_ni_allow(false). */
bool ck__sha_ni(void);
/** Tests: false runs every hash on libtomcrypt even on a SHA-NI CPU; true undoes it. */
void ck__sha_ni_allow(bool allow);
/** Compresses nblocks 64-byte blocks into st (a..e / a..h); only when ck__sha_ni(). */
void ck__sha1_ni_blocks(uint32_t st[5], const uint8_t *p, size_t nblocks);
void ck__sha256_ni_blocks(uint32_t st[8], const uint8_t *p, size_t nblocks);

/*
 * The hash primitives over a libtomcrypt hash_state, with SHA-NI under SHA-1/224/256
 * (same state layout either way, so states mix freely): every hash of pkcs12/ goes
 * through these rather than hi->desc->process/done.
 */
asn1_err ck__hinit(const ck_hash_info *hi, hash_state *st) CK_WUR;
asn1_err ck__hprocess(const ck_hash_info *hi, hash_state *st, const uint8_t *p, size_t n) CK_WUR;
asn1_err ck__hdone(const ck_hash_info *hi, hash_state *st, uint8_t *out) CK_WUR;

/** The row for h (calls ck_crypto_init()), or NULL. */
const ck_hash_info *ck__hash_info(ck_hash h);
/** Copies a hash state (only the member the hash uses). */
static inline void ck__state_copy(const ck_hash_info *hi, hash_state *dst, const hash_state *src)
{
    __builtin_memcpy(dst, src, hi->state_size);
}
/**
 * Prepares blk (hi->block bytes) as the final padded block of a message of which
 * prefix bytes (a multiple of the block) are already in the state and whose last
 * msglen bytes go at blk[0..msglen).  Needs hi->fast and msglen + 1 + lenfield <= block.
 */
void ck__pad_block(const ck_hash_info *hi, uint8_t *blk, uint64_t prefix, size_t msglen);
/**
 * Compresses the prepared block into st (which must hold no buffered bytes) and
 * writes the digest (hi->len bytes) to out.  st is consumed.
 */
asn1_err ck__finish_block(const ck_hash_info *hi, hash_state *st, const uint8_t *blk,
                          uint8_t *out) CK_WUR;
/** True when the one-block fast path applies to a message of msglen bytes. */
static inline bool ck__fast_ok(const ck_hash_info *hi, size_t msglen)
{
    return hi->fast != CK_FAST_NONE && msglen + 1 + hi->lenfield <= hi->block;
}
/** Iteration count check shared by the KDFs: 0 -> ASN1_E_VALUE, over the cap -> ASN1_E_LIMIT. */
asn1_err ck__check_iter(uint64_t iterations, uint64_t max_iter) CK_WUR;

#endif /* CERTKIT_PKCS12_CRYPTO_H */
