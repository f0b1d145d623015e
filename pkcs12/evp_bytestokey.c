/*
 * evp_bytestokey.c - OpenSSL's EVP_BytesToKey key derivation and the legacy
 * encrypted PEM it serves ("Proc-Type: 4,ENCRYPTED" + "DEK-Info: CIPHER,IV"):
 * key = EVP_BytesToKey(MD5, password, salt = the first 8 bytes of the IV, 1).
 */
#include "pkcs12/crypto.h"

#include <string.h>

asn1_err evp_bytes_to_key(ck_hash h, const uint8_t *pass, size_t passlen, const uint8_t *salt,
                          unsigned count, uint8_t *key, size_t keylen, uint8_t *iv, size_t ivlen)
{
    const ck_hash_info *hi = ck__hash_info(h);
    if (!hi)
        return ASN1_E_UNSUPPORTED;
    if (count == 0 || (!pass && passlen) || (!key && keylen) || (!iv && ivlen))
        return ASN1_E_VALUE;
    if (keylen > 1024 || ivlen > 1024)
        return ASN1_E_LIMIT;

    uint8_t d[CK_HASH_MAX_LEN];
    hash_state st;
    asn1_err e = ASN1_OK;
    size_t dlen = 0, kdone = 0, vdone = 0;
    while (e == ASN1_OK && (kdone < keylen || vdone < ivlen)) {
        /* D_i = H^count(D_(i-1) || data || salt) */
        if (hi->desc->init(&st) != CRYPT_OK ||
            (dlen && hi->desc->process(&st, d, (unsigned long)dlen) != CRYPT_OK) ||
            (passlen && hi->desc->process(&st, pass, (unsigned long)passlen) != CRYPT_OK) ||
            (salt && hi->desc->process(&st, salt, 8) != CRYPT_OK) || hi->desc->done(&st, d) != CRYPT_OK) {
            e = ASN1_E_CRYPTO;
            break;
        }
        dlen = hi->len;
        for (unsigned j = 1; j < count; j++) {
            if (hi->desc->init(&st) != CRYPT_OK || hi->desc->process(&st, d, (unsigned long)dlen) != CRYPT_OK ||
                hi->desc->done(&st, d) != CRYPT_OK) {
                e = ASN1_E_CRYPTO;
                break;
            }
        }
        /* the bytes go to the key first, then to the IV */
        size_t used = 0;
        while (used < dlen && kdone < keylen)
            key[kdone++] = d[used++];
        while (used < dlen && vdone < ivlen)
            iv[vdone++] = d[used++];
    }
    if (e != ASN1_OK) {
        if (keylen)
            explicit_bzero(key, keylen);
        if (ivlen)
            explicit_bzero(iv, ivlen);
    }
    explicit_bzero(d, sizeof d);
    explicit_bzero(&st, sizeof st);
    return e;
}

static asn1_err legacy_crypt(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                             size_t passlen, span_t in, buf_t *out, bool enc)
{
    ck_cipher c;
    size_t keylen;
    unsigned bits;
    TRY(ck_cipher_from_pem_name(dek_name, namelen, &c, &keylen, &bits));
    const ck_cipher_info *ci = ck_cipher_get(c);
    if (!ci || iv.len != ci->ivlen || iv.len < 8 || !iv.p || !out)
        return ASN1_E_VALUE;
    uint8_t key[32];
    asn1_err e = evp_bytes_to_key(CK_HASH_MD5, pass, passlen, iv.p, 1, key, keylen, NULL, 0);
    if (e == ASN1_OK) {
        span_t k = span_make(key, keylen);
        e = enc ? ck_cipher_encrypt(c, k, bits, iv, in, out) : ck_cipher_decrypt(c, k, bits, iv, in, out);
    }
    explicit_bzero(key, sizeof key);
    return e;
}

asn1_err pem_legacy_decrypt(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                            size_t passlen, span_t in, buf_t *out)
{
    return legacy_crypt(dek_name, namelen, iv, pass, passlen, in, out, false);
}

asn1_err pem_legacy_encrypt(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                            size_t passlen, span_t in, buf_t *out)
{
    return legacy_crypt(dek_name, namelen, iv, pass, passlen, in, out, true);
}
