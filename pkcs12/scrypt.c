/*
 * scrypt.c - the scrypt key derivation function (RFC 7914), for PBES2 files whose
 * keyDerivationFunc is id-scrypt (OpenSSL's `pkcs12 -export -keypbe ... -scrypt`,
 * `pkcs8 -scrypt`):
 *
 *   B = PBKDF2-HMAC-SHA256(P, S, 1, p * 128 * r)
 *   B_i = scryptROMix(r, B_i, N) for each of the p blocks
 *   DK = PBKDF2-HMAC-SHA256(P, B, 1, dkLen)
 *
 * The cost is refused before any work when N is not a power of two above 1 or when
 * the memory (128 * r * N bytes) or the work (N * r * p) is over the limits (crypto.h;
 * the work limit follows the iteration limit, --max-iter, at 8 units an iteration).
 * The big buffers are wiped before they are freed: they are derived from the password.
 */
#include "pkcs12/crypto.h"

#include <stdlib.h>
#include <string.h>

#define ROTL(a, b) (((a) << (b)) | ((a) >> (32 - (b))))

/* RFC 7914 section 3: Salsa20/8 core on 16 little-endian words */
static void salsa20_8(uint32_t b[16])
{
    uint32_t x[16];
    memcpy(x, b, sizeof x);
    for (int i = 8; i > 0; i -= 2) {
        x[4] ^= ROTL(x[0] + x[12], 7);   x[8] ^= ROTL(x[4] + x[0], 9);
        x[12] ^= ROTL(x[8] + x[4], 13);  x[0] ^= ROTL(x[12] + x[8], 18);
        x[9] ^= ROTL(x[5] + x[1], 7);    x[13] ^= ROTL(x[9] + x[5], 9);
        x[1] ^= ROTL(x[13] + x[9], 13);  x[5] ^= ROTL(x[1] + x[13], 18);
        x[14] ^= ROTL(x[10] + x[6], 7);  x[2] ^= ROTL(x[14] + x[10], 9);
        x[6] ^= ROTL(x[2] + x[14], 13);  x[10] ^= ROTL(x[6] + x[2], 18);
        x[3] ^= ROTL(x[15] + x[11], 7);  x[7] ^= ROTL(x[3] + x[15], 9);
        x[11] ^= ROTL(x[7] + x[3], 13);  x[15] ^= ROTL(x[11] + x[7], 18);
        x[1] ^= ROTL(x[0] + x[3], 7);    x[2] ^= ROTL(x[1] + x[0], 9);
        x[3] ^= ROTL(x[2] + x[1], 13);   x[0] ^= ROTL(x[3] + x[2], 18);
        x[6] ^= ROTL(x[5] + x[4], 7);    x[7] ^= ROTL(x[6] + x[5], 9);
        x[4] ^= ROTL(x[7] + x[6], 13);   x[5] ^= ROTL(x[4] + x[7], 18);
        x[11] ^= ROTL(x[10] + x[9], 7);  x[8] ^= ROTL(x[11] + x[10], 9);
        x[9] ^= ROTL(x[8] + x[11], 13);  x[10] ^= ROTL(x[9] + x[8], 18);
        x[12] ^= ROTL(x[15] + x[14], 7); x[13] ^= ROTL(x[12] + x[15], 9);
        x[14] ^= ROTL(x[13] + x[12], 13); x[15] ^= ROTL(x[14] + x[13], 18);
    }
    for (int i = 0; i < 16; i++)
        b[i] += x[i];
    explicit_bzero(x, sizeof x);
}

/* RFC 7914 section 4: scryptBlockMix of the 2r 64-byte blocks of b, through y */
static void block_mix(uint32_t *b, uint32_t *y, size_t r)
{
    uint32_t x[16];
    memcpy(x, b + (2 * r - 1) * 16, sizeof x);
    for (size_t i = 0; i < 2 * r; i++) {
        for (int k = 0; k < 16; k++)
            x[k] ^= b[i * 16 + k];
        salsa20_8(x);
        /* even blocks to the first half, odd ones to the second */
        memcpy(y + ((i & 1) * r + i / 2) * 16, x, sizeof x);
    }
    memcpy(b, y, 2 * r * 64);
    explicit_bzero(x, sizeof x);
}

/* RFC 7914 section 5: scryptROMix of the 128r bytes at p, with v (N blocks) and y */
static void ro_mix(uint8_t *p, size_t r, uint64_t n, uint32_t *x, uint32_t *v, uint32_t *y)
{
    const size_t words = 32 * r;
    for (size_t k = 0; k < words; k++)
        x[k] = (uint32_t)p[4 * k] | (uint32_t)p[4 * k + 1] << 8 | (uint32_t)p[4 * k + 2] << 16 |
               (uint32_t)p[4 * k + 3] << 24;
    for (uint64_t i = 0; i < n; i++) {
        memcpy(v + i * words, x, words * 4);
        block_mix(x, y, r);
    }
    for (uint64_t i = 0; i < n; i++) {
        /* Integerify: the first word of the last 64-byte block, mod N (N <= 2^32 here) */
        uint64_t j = x[(2 * r - 1) * 16] & (n - 1);
        for (size_t k = 0; k < words; k++)
            x[k] ^= v[j * words + k];
        block_mix(x, y, r);
    }
    for (size_t k = 0; k < words; k++) {
        p[4 * k] = (uint8_t)x[k];
        p[4 * k + 1] = (uint8_t)(x[k] >> 8);
        p[4 * k + 2] = (uint8_t)(x[k] >> 16);
        p[4 * k + 3] = (uint8_t)(x[k] >> 24);
    }
}

uint64_t scrypt_work_limit(uint64_t max_iter)
{
    if (max_iter == 0 || max_iter > CK_SCRYPT_MAX_WORK / CK_SCRYPT_WORK_PER_ITER)
        return CK_SCRYPT_MAX_WORK;
    return max_iter * CK_SCRYPT_WORK_PER_ITER;
}

asn1_err scrypt_check(uint64_t n, uint64_t r, uint64_t p, uint64_t max_work)
{
    if (n < 2 || (n & (n - 1)) != 0 || r == 0 || p == 0)
        return ASN1_E_VALUE;
    if (max_work == 0 || max_work > CK_SCRYPT_MAX_WORK)
        max_work = CK_SCRYPT_MAX_WORK;
    if (n > CK_SCRYPT_MAX_MEM / 128 || r > CK_SCRYPT_MAX_MEM / 128 / n || n > max_work || r > max_work / n ||
        p > max_work / n / r)
        return ASN1_E_LIMIT;
    return ASN1_OK;
}

asn1_err scrypt_kdf(const uint8_t *pass, size_t passlen, span_t salt, uint64_t n, uint64_t r, uint64_t p,
                    uint64_t max_work, uint8_t *out, size_t outlen)
{
    TRY(scrypt_check(n, r, p, max_work));
    if (!out || outlen == 0 || (!salt.p && salt.len))
        return ASN1_E_VALUE;
    const size_t blk = 128 * (size_t)r, blen = blk * (size_t)p;
    uint8_t *b = malloc(blen);
    uint32_t *x = malloc(blk), *y = malloc(blk), *v = malloc(blk * (size_t)n);
    asn1_err e = ASN1_E_NOMEM;
    if (b && x && y && v) {
        e = pbkdf2_hmac(CK_HASH_SHA256, pass, passlen, salt, 1, 1, b, blen);
        for (uint64_t i = 0; e == ASN1_OK && i < p; i++)
            ro_mix(b + i * blk, (size_t)r, n, x, v, y);
        if (e == ASN1_OK)
            e = pbkdf2_hmac(CK_HASH_SHA256, pass, passlen, span_make(b, blen), 1, 1, out, outlen);
    }
    if (b)
        explicit_bzero(b, blen);
    if (x)
        explicit_bzero(x, blk);
    if (y)
        explicit_bzero(y, blk);
    if (v)
        explicit_bzero(v, blk * (size_t)n);
    free(b);
    free(x);
    free(y);
    free(v);
    return e;
}
