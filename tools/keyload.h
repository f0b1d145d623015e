/*
 * keyload.h - from one input object (a PEM block or a DER object, as input_next()
 * yields it) to a key: a private key in any form certkit reads (PKCS#8, PKCS#1, SEC1,
 * DSA; encrypted PKCS#8 and legacy "Proc-Type: 4,ENCRYPTED" PEM decrypted with the
 * given passwords), a public key (SubjectPublicKeyInfo, PKCS#1 RSAPublicKey), or the
 * public key of a certificate or a request.  Used by keymatch, keyconv, certcheck
 * and chaincat, so they accept the same keys and say the same things about them.
 *
 * The object's bytes are copied into the keyobj (wiped on free): a loaded key stays
 * valid after the input moves on.  Library code: it never prints or exits.
 */
#ifndef CERTKIT_TOOLS_KEYLOAD_H
#define CERTKIT_TOOLS_KEYLOAD_H

#include "asn1/asn1.h"
#include "pem/pem.h"
#include "pkcs12/pkcs12.h"
#include "x509/x509.h"

typedef enum ck_keyobj_kind {
    CK_KEYOBJ_NONE = 0,
    CK_KEYOBJ_PRIVATE,      /* a private key (priv) */
    CK_KEYOBJ_PUBLIC,       /* SubjectPublicKeyInfo or RSAPublicKey */
    CK_KEYOBJ_CERT,         /* a certificate: its subjectPublicKeyInfo */
    CK_KEYOBJ_CSR,          /* a PKCS#10 request: its subjectPKInfo */
} ck_keyobj_kind;

/** "private key", "public key", "certificate", "request". */
const char *ck_keyobj_kind_name(ck_keyobj_kind k);

/** How an encrypted key was protected (for messages and keyconv). */
typedef enum ck_key_enc {
    CK_KEY_ENC_NONE = 0,
    CK_KEY_ENC_PKCS8,       /* EncryptedPrivateKeyInfo ("ENCRYPTED PRIVATE KEY") */
    CK_KEY_ENC_LEGACY_PEM,  /* Proc-Type: 4,ENCRYPTED with DEK-Info */
} ck_key_enc;

typedef struct ck_keyobj {
    ck_keyobj_kind kind;
    ck_privkey priv;        /* CK_KEYOBJ_PRIVATE (its `owned` holds the DER it spans) */
    ck_pubkey pub;          /* the public key of PUBLIC, CERT and CSR objects */
    buf_t der;              /* a copy of the object's DER (PUBLIC, CERT, CSR) */
    char *subject;          /* CERT/CSR: the subject, RFC 4514 (malloc'd), else NULL */
    char *cn;               /* CERT/CSR: the last CN (malloc'd), else NULL */
    ck_key_enc enc;         /* how the key was encrypted (CK_KEY_ENC_NONE: it was not) */
    char enc_alg[96];       /* the encryption algorithm, as openssl names it */
    int pw_cand;            /* the password candidate that opened it (-1: none needed) */
} ck_keyobj;

/** Options for loading. */
typedef struct ck_keyload_opts {
    /*
     * Passwords to try on an encrypted key, in order; NULL refuses encrypted keys with
     * ASN1_E_UNSUPPORTED "encrypted key: use keyconv" (and sets o->enc), so a tool can
     * ask for a password and load again.
     */
    const p12_passwords *pws;
    uint64_t max_iter;      /* KDF iteration cap; 0: the SPEC default */
    bool want_private;      /* refuse anything but a private key ("this is a certificate, not a private key") */
} ck_keyload_opts;

/**
 * Loads the key of one object.  ctx receives errors and warnings with offsets into the
 * DER that was decoded (for a decrypted key: the decrypted DER) and paths.
 * Returns ASN1_OK, or:
 *   ASN1_E_UNSUPPORTED  an encrypted key without passwords (o->enc set), an object that
 *                       holds no key ("this is a CRL ..."), an unsupported algorithm;
 *   ASN1_E_CRYPTO       no password opened it ("wrong password ..." in ctx);
 *   others              the decoders' errors.
 * o must be zeroed (or freed) before; ck_keyobj_free() it either way.
 */
asn1_err ck_keyobj_load(ck_keyobj *o, asn1_ctx *ctx, const in_obj *obj, const ck_keyload_opts *opts) CK_WUR;

/** The public key an object holds (a private key's public part), or NULL. */
const ck_pubkey *ck_keyobj_public(const ck_keyobj *o);

/** Algorithm name (SPEC: "rsa", "ec", ...) and size in bits of the object's key. */
const char *ck_keyobj_alg(const ck_keyobj *o);
size_t ck_keyobj_bits(const ck_keyobj *o);

/** Wipes and frees everything the object holds. */
void ck_keyobj_free(ck_keyobj *o);

/** True when a PEM block's headers say "Proc-Type: 4,ENCRYPTED". */
bool ck_pem_is_encrypted(const in_obj *obj);

/** Decodes a PKCS#1 RSAPublicKey ::= SEQUENCE { modulus, publicExponent } (the whole of der). */
asn1_err ck_rsa_public_decode(asn1_ctx *ctx, span_t der, ck_pubkey *out) CK_WUR;

#endif /* CERTKIT_TOOLS_KEYLOAD_H */
