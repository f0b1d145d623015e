/*
 * kdf.c - the PKCS#12 key derivation (RFC 7292 Appendix B), the BMPString form of
 * a password (B.1), and the PFX MAC built on them (section 5, B.4).
 */
#include "pkcs12/crypto.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- passwords */

/* Decodes one UTF-8 sequence at s[*i]; false on any invalid form (overlong,
 * surrogate, above U+10FFFF, truncated). */
static bool utf8_next(const uint8_t *s, size_t n, size_t *i, uint32_t *cp)
{
    uint8_t c = s[*i];
    uint32_t v, min;
    size_t len;
    if (c < 0x80) {
        *cp = c;
        *i += 1;
        return true;
    } else if ((c & 0xe0) == 0xc0) {
        v = c & 0x1f, len = 2, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        v = c & 0x0f, len = 3, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        v = c & 0x07, len = 4, min = 0x10000;
    } else {
        return false;
    }
    if (n - *i < len)
        return false;
    for (size_t k = 1; k < len; k++) {
        uint8_t cc = s[*i + k];
        if ((cc & 0xc0) != 0x80)
            return false;
        v = (v << 6) | (cc & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return false;
    *cp = v;
    *i += len;
    return true;
}

asn1_err pkcs12_pass_bmp(const char *utf8, buf_t *out)
{
    if (!out)
        return ASN1_E_VALUE;
    if (!utf8) /* absent password: a zero-length string, no terminator */
        return ASN1_OK;
    const uint8_t *s = (const uint8_t *)utf8;
    size_t n = strlen(utf8), i = 0;
    /* at most 2 bytes of UTF-16 per UTF-8 byte, plus the terminator */
    if (n > (SIZE_MAX - 2) / 2 || !buf_reserve(out, 2 * n + 2))
        return ASN1_E_NOMEM;
    const size_t start = out->len;
    uint8_t u[4];
    while (i < n) {
        uint32_t cp;
        if (!utf8_next(s, n, &i, &cp)) {
            explicit_bzero(out->p + start, out->len - start);
            out->len = start;
            return ASN1_E_VALUE;
        }
        if (cp >= 0x10000) { /* surrogate pair */
            uint32_t v = cp - 0x10000;
            uint32_t hi = 0xd800 | (v >> 10), lo = 0xdc00 | (v & 0x3ff);
            u[0] = (uint8_t)(hi >> 8), u[1] = (uint8_t)hi, u[2] = (uint8_t)(lo >> 8), u[3] = (uint8_t)lo;
            buf_put(out, u, 4);
        } else {
            u[0] = (uint8_t)(cp >> 8), u[1] = (uint8_t)cp;
            buf_put(out, u, 2);
        }
    }
    u[0] = u[1] = 0;
    buf_put(out, u, 2);
    explicit_bzero(u, sizeof u);
    return out->oom ? ASN1_E_NOMEM : ASN1_OK;
}

/* ----------------------------------------------------------------- the KDF */

/* A = H^r(D || I): the first hash over the whole input, then r-1 hashes of a
 * digest, each one compression of a pre-padded block where the hash allows. */
static asn1_err hash_iterated(const ck_hash_info *hi, const uint8_t *d, const uint8_t *in,
                              size_t inlen, uint64_t iterations, uint8_t *a)
{
    hash_state st, init;
    uint8_t blk[128];
    asn1_err e = ASN1_OK;
    if ((e = ck__hinit(hi, &st)) != ASN1_OK || (e = ck__hprocess(hi, &st, d, hi->kdf_v)) != ASN1_OK ||
        (e = ck__hprocess(hi, &st, in, inlen)) != ASN1_OK || (e = ck__hdone(hi, &st, a)) != ASN1_OK)
        goto out;
    if (iterations > 1 && (e = ck__hinit(hi, &init)) != ASN1_OK)
        goto out;
    if (ck__fast_ok(hi, hi->len)) {
        ck__pad_block(hi, blk, 0, hi->len);
        memcpy(blk, a, hi->len);
        for (uint64_t j = 1; j < iterations && e == ASN1_OK; j++) {
            ck__state_copy(hi, &st, &init);
            e = ck__finish_block(hi, &st, blk, blk); /* digest lands where the message was */
        }
        memcpy(a, blk, hi->len);
    } else {
        for (uint64_t j = 1; j < iterations; j++) {
            ck__state_copy(hi, &st, &init);
            if ((e = ck__hprocess(hi, &st, a, hi->len)) != ASN1_OK || (e = ck__hdone(hi, &st, a)) != ASN1_OK)
                break;
        }
    }
out:
    explicit_bzero(&st, sizeof st);
    explicit_bzero(&init, sizeof init);
    explicit_bzero(blk, sizeof blk);
    return e;
}

/* Fills dst (a multiple of v bytes long) with copies of src (RFC 7292 B.2 steps 2, 3). */
static void repeat_fill(uint8_t *dst, size_t dstlen, const uint8_t *src, size_t srclen)
{
    for (size_t i = 0; i < dstlen; i++)
        dst[i] = src[i % srclen];
}

asn1_err pkcs12_kdf(ck_hash h, int id, const uint8_t *pass, size_t passlen, span_t salt,
                    uint64_t iterations, uint64_t max_iter, uint8_t *out, size_t outlen)
{
    TRY(ck__check_iter(iterations, max_iter));
    const ck_hash_info *hi = ck__hash_info(h);
    if (!hi)
        return ASN1_E_UNSUPPORTED;
    if (id < 1 || id > 3 || !out || outlen == 0 || (!salt.p && salt.len))
        return ASN1_E_VALUE;
    if (!pass)
        passlen = 0;

    const size_t v = hi->kdf_v, u = hi->len;
    /* S and P: the salt and password repeated to a whole number of v-byte blocks */
    if (salt.len > SIZE_MAX / 4 || passlen > SIZE_MAX / 4)
        return ASN1_E_LIMIT;
    const size_t slen = v * ((salt.len + v - 1) / v), plen = v * ((passlen + v - 1) / v);
    const size_t ilen = slen + plen;
    uint8_t stackbuf[512], d[CK_HASH_MAX_BLOCK], a[CK_HASH_MAX_LEN], b[CK_HASH_MAX_BLOCK];
    uint8_t *in = ilen <= sizeof stackbuf ? stackbuf : malloc(ilen);
    if (!in)
        return ASN1_E_NOMEM;
    memset(d, id, v); /* D: v copies of the ID byte */
    if (salt.len)
        repeat_fill(in, slen, salt.p, salt.len);
    if (passlen)
        repeat_fill(in + slen, plen, pass, passlen);

    asn1_err e = ASN1_OK;
    size_t done = 0;
    while (done < outlen) {
        if ((e = hash_iterated(hi, d, in, ilen, iterations, a)) != ASN1_OK)
            break;
        size_t n = outlen - done < u ? outlen - done : u;
        memcpy(out + done, a, n);
        done += n;
        if (done >= outlen || ilen == 0)
            break;
        /* B: A repeated to v bytes; every v-byte block I_j of I becomes
         * (I_j + B + 1) mod 2^(8v), big-endian. */
        repeat_fill(b, v, a, u);
        for (size_t j = 0; j < ilen; j += v) {
            unsigned carry = 1;
            for (size_t k = v; k-- > 0;) {
                carry += (unsigned)in[j + k] + b[k];
                in[j + k] = (uint8_t)carry;
                carry >>= 8;
            }
        }
    }
    if (e != ASN1_OK)
        explicit_bzero(out, outlen);
    explicit_bzero(in, ilen);
    if (in != stackbuf)
        free(in);
    explicit_bzero(a, sizeof a);
    explicit_bzero(b, sizeof b);
    explicit_bzero(d, sizeof d);
    return e;
}

/* ------------------------------------------------------------------ the MAC */

asn1_err pkcs12_mac(ck_hash h, const char *pass_utf8, span_t salt, uint64_t iterations,
                    uint64_t max_iter, span_t data, uint8_t *mac)
{
    TRY(ck__check_iter(iterations, max_iter));
    const size_t len = ck_hash_len(h);
    if (len == 0)
        return ASN1_E_UNSUPPORTED;
    if (!mac || (!data.p && data.len))
        return ASN1_E_VALUE;
    buf_t pw = BUF_INIT;
    uint8_t key[CK_HASH_MAX_LEN];
    asn1_err e = pkcs12_pass_bmp(pass_utf8, &pw);
    if (e == ASN1_OK)
        e = pkcs12_kdf(h, PKCS12_KDF_MAC, (const uint8_t *)pw.p, pw.len, salt, iterations, max_iter,
                       key, len);
    if (e == ASN1_OK)
        e = ck_hmac_memory(h, key, len, data.p, data.len, mac);
    explicit_bzero(key, sizeof key);
    buf_wipe_free(&pw);
    return e;
}

asn1_err pkcs12_mac_verify(ck_hash h, const char *pass_utf8, span_t salt, uint64_t iterations,
                           uint64_t max_iter, span_t data, span_t expected)
{
    uint8_t mac[CK_HASH_MAX_LEN];
    asn1_err e = pkcs12_mac(h, pass_utf8, salt, iterations, max_iter, data, mac);
    if (e == ASN1_OK && (expected.len != ck_hash_len(h) || !ck_ct_equal(mac, expected.p, expected.len)))
        e = ASN1_E_CRYPTO;
    explicit_bzero(mac, sizeof mac);
    return e;
}
