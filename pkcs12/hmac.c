/*
 * hmac.c - HMAC (RFC 2104) over any ck_hash, with the inner and outer states keyed
 * once and copied for each message (the PFX MAC, PBKDF2's PRF).
 */
#include "pkcs12/crypto.h"

#include <string.h>

asn1_err ck_hmac_init(ck_hmac *m, ck_hash h, const uint8_t *key, size_t keylen)
{
    const ck_hash_info *hi = ck__hash_info(h);
    if (!m)
        return ASN1_E_VALUE;
    memset(m, 0, sizeof *m);
    if (!hi || (!key && keylen))
        return ASN1_E_VALUE;
    m->hash = h;

    uint8_t k[CK_HASH_MAX_BLOCK], pad[CK_HASH_MAX_BLOCK];
    asn1_err e = ASN1_OK;
    memset(k, 0, sizeof k);
    if (keylen > hi->block)
        e = ck_hash_memory(h, key, keylen, k); /* K = H(K) for long keys */
    else if (keylen)
        memcpy(k, key, keylen);

    for (unsigned i = 0; e == ASN1_OK && i < hi->block; i++)
        pad[i] = k[i] ^ 0x36;
    if (e == ASN1_OK && (e = ck__hinit(hi, &m->inner)) == ASN1_OK)
        e = ck__hprocess(hi, &m->inner, pad, hi->block);
    for (unsigned i = 0; e == ASN1_OK && i < hi->block; i++)
        pad[i] = k[i] ^ 0x5c;
    if (e == ASN1_OK && (e = ck__hinit(hi, &m->outer)) == ASN1_OK)
        e = ck__hprocess(hi, &m->outer, pad, hi->block);
    if (e == ASN1_OK)
        ck__state_copy(hi, &m->cur, &m->inner);
    explicit_bzero(k, sizeof k);
    explicit_bzero(pad, sizeof pad);
    if (e != ASN1_OK)
        ck_hmac_wipe(m);
    return e;
}

void ck_hmac_update(ck_hmac *m, const void *p, size_t n)
{
    const ck_hash_info *hi = ck__hash_info(m->hash);
    if (!hi || m->failed || n == 0)
        return;
    if (!p || ck__hprocess(hi, &m->cur, p, n) != ASN1_OK)
        m->failed = true;
}

asn1_err ck_hmac_final(ck_hmac *m, uint8_t *out)
{
    const ck_hash_info *hi = ck__hash_info(m->hash);
    if (!hi || !out)
        return ASN1_E_VALUE;
    uint8_t inner[CK_HASH_MAX_LEN];
    hash_state st;
    asn1_err e = m->failed ? ASN1_E_CRYPTO : ASN1_OK;
    if (e == ASN1_OK)
        e = ck__hdone(hi, &m->cur, inner);
    if (e == ASN1_OK) {
        ck__state_copy(hi, &st, &m->outer);
        if ((e = ck__hprocess(hi, &st, inner, hi->len)) == ASN1_OK)
            e = ck__hdone(hi, &st, out);
    }
    ck__state_copy(hi, &m->cur, &m->inner);
    m->failed = false;
    explicit_bzero(inner, sizeof inner);
    explicit_bzero(&st, sizeof st);
    return e;
}

void ck_hmac_wipe(ck_hmac *m)
{
    if (m)
        explicit_bzero(m, sizeof *m);
}

asn1_err ck_hmac_memory(ck_hash h, const uint8_t *key, size_t keylen, const void *p, size_t n,
                        uint8_t *out)
{
    ck_hmac m;
    asn1_err e = ck_hmac_init(&m, h, key, keylen);
    if (e == ASN1_OK) {
        if (!p && n)
            e = ASN1_E_VALUE;
        else {
            ck_hmac_update(&m, p, n);
            e = ck_hmac_final(&m, out);
        }
    }
    ck_hmac_wipe(&m);
    return e;
}
