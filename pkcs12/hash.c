/*
 * hash.c - the library's one hash layer: hash selection over libtomcrypt's
 * descriptors, one-time registration, one-shot and incremental hashing with the
 * SHA-NI compression (sha_ni.c) under SHA-1/224/256 when the CPU has it, the
 * one-block fast path the iterated KDFs use, and small shared helpers
 * (constant-time compare, random bytes, the iteration cap).
 */
#include "pkcs12/crypto.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/random.h>

#define MEMBER_SIZE(m) sizeof(((hash_state *)0)->m)

/* One row per ck_hash, in enum order.  state_off matters only for the fast path
 * (raw state words read after compressing a pre-padded block). */
#define ROW(id, nm, d, len, blk, v, fast, lf, member, ni)                                \
    { CK_HASH_##id, nm, &d, len, blk, v, fast, lf, offsetof(hash_state, member.state),  \
      MEMBER_SIZE(member), CK_NI_##ni }
#define ROW_SLOW(id, nm, d, len, blk, v, member)                                         \
    { CK_HASH_##id, nm, &d, len, blk, v, CK_FAST_NONE, 0, 0, MEMBER_SIZE(member), CK_NI_NONE }

static const ck_hash_info hash_rows[CK_HASH__COUNT] = {
    { CK_HASH_NONE, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, CK_NI_NONE },
    /* RFC 7292 B.2 gives v = 512 bits for MD2 too, although MD2's block is 16 bytes */
    ROW_SLOW(MD2, "md2", md2_desc, 16, 16, 64, md2),
    ROW(MD4, "md4", md4_desc, 16, 64, 64, CK_FAST_LE32, 8, md4, NONE),
    ROW(MD5, "md5", md5_desc, 16, 64, 64, CK_FAST_LE32, 8, md5, NONE),
    ROW(SHA1, "sha1", sha1_desc, 20, 64, 64, CK_FAST_BE32, 8, sha1, SHA1),
    ROW(SHA224, "sha224", sha224_desc, 28, 64, 64, CK_FAST_BE32, 8, sha256, SHA256),
    ROW(SHA256, "sha256", sha256_desc, 32, 64, 64, CK_FAST_BE32, 8, sha256, SHA256),
    ROW(SHA384, "sha384", sha384_desc, 48, 128, 128, CK_FAST_BE64, 16, sha512, NONE),
    ROW(SHA512, "sha512", sha512_desc, 64, 128, 128, CK_FAST_BE64, 16, sha512, NONE),
    ROW(SHA512_224, "sha512-224", sha512_224_desc, 28, 128, 128, CK_FAST_BE64, 16, sha512, NONE),
    ROW(SHA512_256, "sha512-256", sha512_256_desc, 32, 128, 128, CK_FAST_BE64, 16, sha512, NONE),
    /* SHA-3: the block is the sponge rate, as HMAC (FIPS 202 / RFC 2104) and openssl use */
    ROW_SLOW(SHA3_224, "sha3-224", sha3_224_desc, 28, 144, 144, sha3),
    ROW_SLOW(SHA3_256, "sha3-256", sha3_256_desc, 32, 136, 136, sha3),
    ROW_SLOW(SHA3_384, "sha3-384", sha3_384_desc, 48, 104, 104, sha3),
    ROW_SLOW(SHA3_512, "sha3-512", sha3_512_desc, 64, 72, 72, sha3),
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void do_init(void)
{
    for (int i = 1; i < CK_HASH__COUNT; i++)
        (void)register_hash(hash_rows[i].desc);
    static const struct ltc_cipher_descriptor *const ciphers[] = {
        &aes_desc, &des_desc, &des3_desc, &rc2_desc, &blowfish_desc, &camellia_desc,
    };
    for (size_t i = 0; i < sizeof ciphers / sizeof ciphers[0]; i++)
        (void)register_cipher(ciphers[i]);
    if (ltc_mp.name == NULL)
        ltc_mp = ltm_desc;
}

void ck_crypto_init(void)
{
    (void)pthread_once(&init_once, do_init);
}

const ck_hash_info *ck__hash_info(ck_hash h)
{
    if ((int)h <= CK_HASH_NONE || h >= CK_HASH__COUNT)
        return NULL;
    ck_crypto_init();
    return &hash_rows[h];
}

const struct ltc_hash_descriptor *ck_hash_desc(ck_hash h)
{
    const ck_hash_info *hi = ck__hash_info(h);
    return hi ? hi->desc : NULL;
}

size_t ck_hash_len(ck_hash h)
{
    const ck_hash_info *hi = ck__hash_info(h);
    return hi ? hi->len : 0;
}

size_t ck_hash_block(ck_hash h)
{
    const ck_hash_info *hi = ck__hash_info(h);
    return hi ? hi->block : 0;
}

const char *ck_hash_name(ck_hash h)
{
    const ck_hash_info *hi = ck__hash_info(h);
    return hi ? hi->name : NULL;
}

int ck_hash_ltc_index(ck_hash h)
{
    const ck_hash_info *hi = ck__hash_info(h);
    return hi ? find_hash(hi->desc->name) : -1;
}

static const struct { oid_id oid; ck_hash h; } digest_oids[] = {
    { OID_md2, CK_HASH_MD2 },           { OID_md4, CK_HASH_MD4 },
    { OID_md5, CK_HASH_MD5 },           { OID_sha1, CK_HASH_SHA1 },
    { OID_sha224, CK_HASH_SHA224 },     { OID_sha256, CK_HASH_SHA256 },
    { OID_sha384, CK_HASH_SHA384 },     { OID_sha512, CK_HASH_SHA512 },
    { OID_sha512_224, CK_HASH_SHA512_224 }, { OID_sha512_256, CK_HASH_SHA512_256 },
    { OID_sha3_224, CK_HASH_SHA3_224 }, { OID_sha3_256, CK_HASH_SHA3_256 },
    { OID_sha3_384, CK_HASH_SHA3_384 }, { OID_sha3_512, CK_HASH_SHA3_512 },
}, hmac_oids[] = {
    { OID_hmacWithMD5, CK_HASH_MD5 },
    { OID_hmacWithSHA1, CK_HASH_SHA1 },         { OID_hmacWithSHA224, CK_HASH_SHA224 },
    { OID_hmacWithSHA256, CK_HASH_SHA256 },     { OID_hmacWithSHA384, CK_HASH_SHA384 },
    { OID_hmacWithSHA512, CK_HASH_SHA512 },     { OID_hmacWithSHA512_224, CK_HASH_SHA512_224 },
    { OID_hmacWithSHA512_256, CK_HASH_SHA512_256 },
    { OID_hmacWithSHA3_224, CK_HASH_SHA3_224 }, { OID_hmacWithSHA3_256, CK_HASH_SHA3_256 },
    { OID_hmacWithSHA3_384, CK_HASH_SHA3_384 }, { OID_hmacWithSHA3_512, CK_HASH_SHA3_512 },
};

ck_hash ck_hash_from_oid(oid_id id)
{
    for (size_t i = 0; i < sizeof digest_oids / sizeof digest_oids[0]; i++)
        if (digest_oids[i].oid == id)
            return digest_oids[i].h;
    return CK_HASH_NONE;
}

ck_hash ck_hash_from_hmac_oid(oid_id id)
{
    for (size_t i = 0; i < sizeof hmac_oids / sizeof hmac_oids[0]; i++)
        if (hmac_oids[i].oid == id)
            return hmac_oids[i].h;
    return CK_HASH_NONE;
}

/* ------------------------------------------------------------ the hash layer */

/*
 * libtomcrypt's sha1_state / sha256_state (length in bits, the state words, the
 * bytes buffered, the buffer), seen the same way for both, so that the SHA-NI path
 * keeps exactly the state libtomcrypt would: a state may be started by one path and
 * finished by the other.
 */
typedef struct md_view {
    ulong64 *length;
    ulong32 *state;
    ulong32 *curlen;
    unsigned char *buf;
} md_view;

static md_view md_of(const ck_hash_info *hi, hash_state *st)
{
    md_view v;
    if (hi->ni == CK_NI_SHA1)
        v = (md_view){ &st->sha1.length, st->sha1.state, &st->sha1.curlen, st->sha1.buf };
    else
        v = (md_view){ &st->sha256.length, st->sha256.state, &st->sha256.curlen, st->sha256.buf };
    return v;
}

static void ni_blocks(const ck_hash_info *hi, ulong32 *state, const uint8_t *p, size_t nblocks)
{
    if (hi->ni == CK_NI_SHA1)
        ck__sha1_ni_blocks(state, p, nblocks);
    else
        ck__sha256_ni_blocks(state, p, nblocks);
}

static inline bool use_ni(const ck_hash_info *hi)
{
    return hi->ni != CK_NI_NONE && ck__sha_ni();
}

asn1_err ck__hinit(const ck_hash_info *hi, hash_state *st)
{
    return hi->desc->init(st) == CRYPT_OK ? ASN1_OK : ASN1_E_CRYPTO;
}

asn1_err ck__hprocess(const ck_hash_info *hi, hash_state *st, const uint8_t *p, size_t n)
{
    if (n == 0)
        return ASN1_OK;
    if (!p)
        return ASN1_E_VALUE;
    if (!use_ni(hi))
        return hi->desc->process(st, p, (unsigned long)n) == CRYPT_OK ? ASN1_OK : ASN1_E_CRYPTO;
    md_view v = md_of(hi, st);
    if (*v.curlen >= 64)
        return ASN1_E_CRYPTO;
    /* as libtomcrypt: the message may not reach 2^64 bits */
    if (((ulong64)n >> 61) != 0 || *v.length + (ulong64)n * 8 < *v.length)
        return ASN1_E_CRYPTO;
    while (n > 0) {
        if (*v.curlen == 0 && n >= 64) {
            size_t nb = n / 64;
            ni_blocks(hi, v.state, p, nb);
            *v.length += (ulong64)nb * 512;
            p += nb * 64;
            n -= nb * 64;
            continue;
        }
        size_t k = 64 - *v.curlen < n ? 64 - *v.curlen : n;
        memcpy(v.buf + *v.curlen, p, k);
        *v.curlen += (ulong32)k;
        p += k;
        n -= k;
        if (*v.curlen == 64) {
            ni_blocks(hi, v.state, v.buf, 1);
            *v.length += 512;
            *v.curlen = 0;
        }
    }
    return ASN1_OK;
}

asn1_err ck__hdone(const ck_hash_info *hi, hash_state *st, uint8_t *out)
{
    if (!use_ni(hi))
        return hi->desc->done(st, out) == CRYPT_OK ? ASN1_OK : ASN1_E_CRYPTO;
    md_view v = md_of(hi, st);
    if (*v.curlen >= 64)
        return ASN1_E_CRYPTO;
    /* FIPS 180-4 5.1.1: 0x80, zeros, the bit length big-endian in the last 8 bytes */
    *v.length += (ulong64)*v.curlen * 8;
    v.buf[(*v.curlen)++] = 0x80;
    if (*v.curlen > 56) {
        memset(v.buf + *v.curlen, 0, 64 - *v.curlen);
        ni_blocks(hi, v.state, v.buf, 1);
        *v.curlen = 0;
    }
    memset(v.buf + *v.curlen, 0, 56 - *v.curlen);
    STORE64H(*v.length, v.buf + 56);
    ni_blocks(hi, v.state, v.buf, 1);
    for (unsigned i = 0; i < hi->len / 4; i++)
        STORE32H(v.state[i], out + 4 * i);
    explicit_bzero(st, hi->state_size);
    return ASN1_OK;
}

asn1_err ck_hash_memory(ck_hash h, const void *p, size_t n, uint8_t *out)
{
    const ck_hash_info *hi = ck__hash_info(h);
    if (!hi || !out || (!p && n))
        return ASN1_E_VALUE;
    hash_state st;
    asn1_err e = ck__hinit(hi, &st);
    if (e == ASN1_OK)
        e = ck__hprocess(hi, &st, p, n);
    if (e == ASN1_OK)
        e = ck__hdone(hi, &st, out);
    explicit_bzero(&st, sizeof st);
    return e;
}

void ck_sha1(const void *p, size_t n, uint8_t out[20])
{
    if (ck_hash_memory(CK_HASH_SHA1, p, n, out) != ASN1_OK)
        memset(out, 0, 20);
}

void ck_sha256(const void *p, size_t n, uint8_t out[32])
{
    if (ck_hash_memory(CK_HASH_SHA256, p, n, out) != ASN1_OK)
        memset(out, 0, 32);
}

asn1_err ck_hash_init(ck_hash_ctx *c, ck_hash h)
{
    if (!c)
        return ASN1_E_VALUE;
    memset(c, 0, sizeof *c);
    const ck_hash_info *hi = ck__hash_info(h);
    if (!hi) {
        c->failed = true;
        return ASN1_E_VALUE;
    }
    c->hash = h;
    asn1_err e = ck__hinit(hi, &c->st);
    if (e != ASN1_OK)
        c->failed = true;
    return e;
}

void ck_hash_update(ck_hash_ctx *c, const void *p, size_t n)
{
    const ck_hash_info *hi = ck__hash_info(c->hash);
    if (c->failed || n == 0)
        return;
    if (!hi || ck__hprocess(hi, &c->st, p, n) != ASN1_OK)
        c->failed = true;
}

asn1_err ck_hash_final(ck_hash_ctx *c, uint8_t *out)
{
    const ck_hash_info *hi = ck__hash_info(c->hash);
    asn1_err e = !hi || !out ? ASN1_E_VALUE : c->failed ? ASN1_E_CRYPTO : ck__hdone(hi, &c->st, out);
    explicit_bzero(c, sizeof *c);
    return e;
}

bool ck_hash_accelerated(ck_hash h)
{
    const ck_hash_info *hi = ck__hash_info(h);
    return hi && use_ni(hi);
}

/* ------------------------------------------------------ one-block fast path */

void ck__pad_block(const ck_hash_info *hi, uint8_t *blk, uint64_t prefix, size_t msglen)
{
    uint64_t bits = (prefix + msglen) * 8u;
    memset(blk + msglen, 0, hi->block - msglen);
    blk[msglen] = 0x80;
    if (hi->fast == CK_FAST_LE32) {
        for (int i = 0; i < 8; i++)
            blk[hi->block - 8 + i] = (uint8_t)(bits >> (8 * i));
    } else {
        for (int i = 0; i < 8; i++)
            blk[hi->block - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
}

asn1_err ck__finish_block(const ck_hash_info *hi, hash_state *st, const uint8_t *blk, uint8_t *out)
{
    /* One compression of the prepared block: SHA-NI straight on the state words, or
     * libtomcrypt's process(), which with nothing buffered hands a whole block to
     * its compression function.  The state words are then the digest. */
    if (use_ni(hi))
        ni_blocks(hi, (ulong32 *)((uint8_t *)st + hi->state_off), blk, 1);
    else if (hi->desc->process(st, blk, hi->block) != CRYPT_OK)
        return ASN1_E_CRYPTO;
    const uint8_t *base = (const uint8_t *)st + hi->state_off;
    unsigned len = hi->len;
    switch (hi->fast) {
    case CK_FAST_BE32: {
        const ulong32 *w = (const ulong32 *)(const void *)base;
        for (unsigned i = 0; i < len / 4; i++)
            STORE32H(w[i], out + 4 * i);
        break;
    }
    case CK_FAST_LE32: {
        const ulong32 *w = (const ulong32 *)(const void *)base;
        for (unsigned i = 0; i < len / 4; i++)
            STORE32L(w[i], out + 4 * i);
        break;
    }
    case CK_FAST_BE64: {
        const ulong64 *w = (const ulong64 *)(const void *)base;
        unsigned i = 0;
        for (; i < len / 8; i++)
            STORE64H(w[i], out + 8 * i);
        if (len % 8) { /* SHA-512/224: half a word */
            uint8_t tmp[8];
            STORE64H(w[i], tmp);
            memcpy(out + 8 * i, tmp, len % 8);
        }
        break;
    }
    default:
        return ASN1_E_VALUE;
    }
    return ASN1_OK;
}

/* ------------------------------------------------------------------ helpers */

bool ck_ct_equal(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t d = 0;
    for (size_t i = 0; i < n; i++)
        d |= (uint8_t)(x[i] ^ y[i]);
    return d == 0;
}

asn1_err ck_random_bytes(uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t r = getrandom(p, n, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return ASN1_E_CRYPTO;
        }
        p += r;
        n -= (size_t)r;
    }
    return ASN1_OK;
}

asn1_err ck__check_iter(uint64_t iterations, uint64_t max_iter)
{
    if (max_iter == 0)
        max_iter = CK_MAX_ITER_DEFAULT;
    if (iterations == 0)
        return ASN1_E_VALUE;
    if (iterations > max_iter)
        return ASN1_E_LIMIT;
    return ASN1_OK;
}
