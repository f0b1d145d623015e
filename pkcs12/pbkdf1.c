/*
 * pbkdf1.c - PBKDF1 (RFC 8018 section 5.1), the key derivation of PBES1:
 * T_1 = H(P || S), T_i = H(T_(i-1)), DK = the first dkLen bytes of T_c.
 */
#include "pkcs12/crypto.h"

#include <string.h>

asn1_err pbkdf1(ck_hash h, const uint8_t *pass, size_t passlen, span_t salt, uint64_t iterations,
                uint64_t max_iter, uint8_t *out, size_t outlen)
{
    TRY(ck__check_iter(iterations, max_iter));
    const ck_hash_info *hi = ck__hash_info(h);
    if (!hi)
        return ASN1_E_UNSUPPORTED;
    if (!out || outlen == 0 || outlen > hi->len || (!pass && passlen) || (!salt.p && salt.len))
        return ASN1_E_VALUE;

    hash_state st, init;
    uint8_t t[CK_HASH_MAX_BLOCK];
    asn1_err e = ASN1_OK;
    if (hi->desc->init(&init) != CRYPT_OK) {
        e = ASN1_E_CRYPTO;
        goto out;
    }
    ck__state_copy(hi, &st, &init);
    if ((passlen && hi->desc->process(&st, pass, (unsigned long)passlen) != CRYPT_OK) ||
        (salt.len && hi->desc->process(&st, salt.p, (unsigned long)salt.len) != CRYPT_OK) ||
        hi->desc->done(&st, t) != CRYPT_OK) {
        e = ASN1_E_CRYPTO;
        goto out;
    }
    if (ck__fast_ok(hi, hi->len)) {
        /* T_i = H(T_(i-1)): one compression of a block that carries its own padding */
        ck__pad_block(hi, t, 0, hi->len);
        for (uint64_t j = 1; j < iterations && e == ASN1_OK; j++) {
            ck__state_copy(hi, &st, &init);
            e = ck__finish_block(hi, &st, t, t);
        }
    } else {
        for (uint64_t j = 1; j < iterations; j++) {
            ck__state_copy(hi, &st, &init);
            if (hi->desc->process(&st, t, hi->len) != CRYPT_OK || hi->desc->done(&st, t) != CRYPT_OK) {
                e = ASN1_E_CRYPTO;
                break;
            }
        }
    }
    if (e == ASN1_OK)
        memcpy(out, t, outlen);
out:
    explicit_bzero(&st, sizeof st);
    explicit_bzero(&init, sizeof init);
    explicit_bzero(t, sizeof t);
    return e;
}
