/*
 * pbkdf2.c - PBKDF2 (RFC 8018 section 5.2) with an HMAC PRF.
 *
 * The HMAC inner and outer states are keyed once.  Each iteration then costs two
 * compressions: the pre-keyed state is copied, and U_(j-1), already laid out in a
 * block carrying its own final padding, is compressed into it; the state words are
 * the digest (see ck__finish_block).  Hashes without that fast path (SHA-3) copy
 * the keyed states and use process/done.
 */
#include "pkcs12/crypto.h"

#include <string.h>

/* U_2 .. U_c, XORed into t. u holds U_1 on entry. */
static asn1_err iterate_fast(const ck_hash_info *hi, const ck_hmac *m, uint64_t iterations,
                             const uint8_t *u, uint8_t *t)
{
    uint8_t iblk[128], oblk[128];
    hash_state st;
    asn1_err e = ASN1_OK;
    const unsigned len = hi->len;

    /* Both messages are len bytes after one block of key. */
    ck__pad_block(hi, iblk, hi->block, len);
    ck__pad_block(hi, oblk, hi->block, len);
    memcpy(iblk, u, len);
    for (uint64_t j = 1; j < iterations; j++) {
        ck__state_copy(hi, &st, &m->inner);
        if ((e = ck__finish_block(hi, &st, iblk, oblk)) != ASN1_OK)
            break;
        ck__state_copy(hi, &st, &m->outer);
        if ((e = ck__finish_block(hi, &st, oblk, iblk)) != ASN1_OK)
            break;
        for (unsigned i = 0; i < len; i++)
            t[i] ^= iblk[i];
    }
    explicit_bzero(iblk, sizeof iblk);
    explicit_bzero(oblk, sizeof oblk);
    explicit_bzero(&st, sizeof st);
    return e;
}

static asn1_err iterate_slow(const ck_hash_info *hi, const ck_hmac *m, uint64_t iterations,
                             const uint8_t *u1, uint8_t *t)
{
    uint8_t u[CK_HASH_MAX_LEN], x[CK_HASH_MAX_LEN];
    hash_state st;
    asn1_err e = ASN1_OK;
    const unsigned len = hi->len;

    memcpy(u, u1, len);
    for (uint64_t j = 1; j < iterations; j++) {
        ck__state_copy(hi, &st, &m->inner);
        if ((e = ck__hprocess(hi, &st, u, len)) != ASN1_OK || (e = ck__hdone(hi, &st, x)) != ASN1_OK)
            break;
        ck__state_copy(hi, &st, &m->outer);
        if ((e = ck__hprocess(hi, &st, x, len)) != ASN1_OK || (e = ck__hdone(hi, &st, u)) != ASN1_OK)
            break;
        for (unsigned i = 0; i < len; i++)
            t[i] ^= u[i];
    }
    explicit_bzero(u, sizeof u);
    explicit_bzero(x, sizeof x);
    explicit_bzero(&st, sizeof st);
    return e;
}

asn1_err pbkdf2_hmac(ck_hash prf, const uint8_t *pass, size_t passlen, span_t salt,
                     uint64_t iterations, uint64_t max_iter, uint8_t *out, size_t outlen)
{
    TRY(ck__check_iter(iterations, max_iter));
    const ck_hash_info *hi = ck__hash_info(prf);
    if (!hi)
        return ASN1_E_UNSUPPORTED;
    if (!out || outlen == 0 || (!pass && passlen) || (!salt.p && salt.len))
        return ASN1_E_VALUE;
    /* dkLen <= (2^32 - 1) * hLen (RFC 8018 5.2 step 1) */
    if ((uint64_t)outlen / hi->len >= 0xffffffffu)
        return ASN1_E_VALUE;

    ck_hmac m;
    uint8_t u[CK_HASH_MAX_LEN], t[CK_HASH_MAX_LEN];
    asn1_err e = ck_hmac_init(&m, prf, pass, passlen);
    const bool fast = ck__fast_ok(hi, hi->len);
    uint8_t *o = out;
    size_t left = outlen;
    for (uint32_t block = 1; e == ASN1_OK && left > 0; block++) {
        const uint8_t ctr[4] = { (uint8_t)(block >> 24), (uint8_t)(block >> 16),
                                 (uint8_t)(block >> 8), (uint8_t)block };
        /* U_1 = PRF(P, S || INT(i)) */
        ck_hmac_update(&m, salt.p, salt.len);
        ck_hmac_update(&m, ctr, sizeof ctr);
        if ((e = ck_hmac_final(&m, u)) != ASN1_OK)
            break;
        memcpy(t, u, hi->len);
        e = fast ? iterate_fast(hi, &m, iterations, u, t) : iterate_slow(hi, &m, iterations, u, t);
        if (e != ASN1_OK)
            break;
        size_t n = left < hi->len ? left : hi->len;
        memcpy(o, t, n);
        o += n;
        left -= n;
    }
    if (e != ASN1_OK)
        explicit_bzero(out, outlen);
    ck_hmac_wipe(&m);
    explicit_bzero(u, sizeof u);
    explicit_bzero(t, sizeof t);
    return e;
}
