/*
 * pemlegacy.h - legacy encrypted PEM ("Proc-Type: 4,ENCRYPTED", "DEK-Info: NAME,HEXIV",
 * RFC 1421 headers with OpenSSL's EVP_BytesToKey) for every cipher OpenSSL writes
 * there, not only the CBC ones pkcs12/crypto.h's cipher table holds: the CFB and OFB
 * modes of AES, DES, 2- and 3-key triple DES, RC2, and Blowfish, Camellia, SEED and
 * CAST5 in CBC, CFB and OFB.  CBC names the shared table knows (DES-CBC,
 * DES-EDE3-CBC, AES-*-CBC, RC2-*) go to pem_legacy_decrypt() unchanged.
 *
 * Same conventions as crypto.h: ASN1_E_UNSUPPORTED for a cipher name certkit does not
 * implement (ECB modes, CFB1/CFB8, IDEA, DESX...), ASN1_E_VALUE for an IV or a
 * ciphertext that does not fit the cipher, ASN1_E_CRYPTO for bad CBC padding.  CFB
 * and OFB have no padding: a wrong password yields bytes that do not decode, which the
 * caller must treat as a wrong password.  The derived key and cipher states are wiped;
 * the plaintext appended to out is the caller's to wipe.
 *
 * (Kept in its own header while pkcs12/crypto.h is being written by its owner; the
 * declarations can move there.)
 */
#ifndef CERTKIT_PKCS12_PEMLEGACY_H
#define CERTKIT_PKCS12_PEMLEGACY_H

#include "asn1/asn1.h"

/**
 * The IV of a "DEK-Info: NAME,HEXIV" header: hexlen hex digits (an even number, at most
 * 64) into iv.  Returns the IV's length in bytes, 0 when the text is not that.
 */
size_t pem_legacy_iv_from_hex(const char *hex, size_t hexlen, uint8_t iv[32]);

/** True when pem_legacy_decrypt_any() can decrypt a "DEK-Info:" cipher of this name (case-insensitive). */
bool pem_legacy_cipher_known(const char *name, size_t namelen);

/** Decrypts a legacy PEM body: key = EVP_BytesToKey(MD5, pass, salt = iv[0..7], 1); iv from DEK-Info. */
asn1_err pem_legacy_decrypt_any(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                                size_t passlen, span_t in, buf_t *out) CK_WUR;
/** The reverse (for tests and writers): CBC adds PKCS#7 padding, CFB/OFB none. */
asn1_err pem_legacy_encrypt_any(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                                size_t passlen, span_t in, buf_t *out) CK_WUR;

#endif /* CERTKIT_PKCS12_PEMLEGACY_H */
