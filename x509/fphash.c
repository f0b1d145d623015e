/*
 * fphash.c - SHA-1 and SHA-256 together (fingerprints): the x86 SHA extensions
 * (SHA-NI) when cpuid says so, else libtomcrypt's sha1/sha256.  The SHA-NI round
 * structure follows Intel's "Intel SHA Extensions" white paper (2013): four rounds
 * per instruction pair, the message schedule with sha256msg1/msg2 and
 * sha1msg1/msg2/nexte.
 */
#include "x509/fphash.h"

#include <stdlib.h>
#include <string.h>
#include <tomcrypt.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CK_HAVE_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

typedef struct ltc_states {
    hash_state h1, h256;
} ltc_states;

/* ------------------------------------------------------------- SHA-NI */

#ifdef CK_HAVE_X86
static int ni_state = -1;       /* -1 unknown, 0 no, 1 yes */

static bool have_ni(void)
{
    if (ni_state < 0) {
        unsigned a, b, c, d;
        bool ok = false;
        if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29))) {     /* SHA */
            unsigned a1, b1, c1, d1;
            if (__get_cpuid(1, &a1, &b1, &c1, &d1))
                ok = (c1 & (1u << 19)) && (c1 & (1u << 9));                      /* SSE4.1, SSSE3 */
        }
        ni_state = ok;
    }
    return ni_state == 1;
}

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_ni(uint32_t st[8], const uint8_t *data, size_t nblocks)
{
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&st[0]);
    __m128i s1 = _mm_loadu_si128((const __m128i *)&st[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);                 /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1B);                   /* EFGH */
    __m128i s0 = _mm_alignr_epi8(tmp, s1, 8);           /* ABEF */
    s1 = _mm_blend_epi16(s1, tmp, 0xF0);                /* CDGH */
    while (nblocks--) {
        __m128i abef = s0, cdgh = s1, w[16];
#pragma GCC unroll 16
        for (int i = 0; i < 16; i++) {
            if (i < 4) {
                w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), mask);
            } else {
                __m128i t = _mm_sha256msg1_epu32(w[i - 4], w[i - 3]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(w[i - 1], w[i - 2], 4));
                w[i] = _mm_sha256msg2_epu32(t, w[i - 1]);
            }
            __m128i m = _mm_add_epi32(w[i], _mm_loadu_si128((const __m128i *)&K256[4 * i]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, m);
            m = _mm_shuffle_epi32(m, 0x0E);
            s0 = _mm_sha256rnds2_epu32(s0, s1, m);
        }
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
        data += 64;
    }
    tmp = _mm_shuffle_epi32(s0, 0x1B);                  /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1);                   /* DCHG */
    s0 = _mm_blend_epi16(tmp, s1, 0xF0);                /* DCBA */
    s1 = _mm_alignr_epi8(s1, tmp, 8);                   /* HGFE */
    _mm_storeu_si128((__m128i *)&st[0], s0);
    _mm_storeu_si128((__m128i *)&st[4], s1);
}

#define SHA1_ROUNDS4(abcd, e, f)                                  \
    do {                                                          \
        switch (f) {                                              \
        case 0: abcd = _mm_sha1rnds4_epu32(abcd, e, 0); break;    \
        case 1: abcd = _mm_sha1rnds4_epu32(abcd, e, 1); break;    \
        case 2: abcd = _mm_sha1rnds4_epu32(abcd, e, 2); break;    \
        default: abcd = _mm_sha1rnds4_epu32(abcd, e, 3); break;   \
        }                                                         \
    } while (0)

__attribute__((target("sha,sse4.1,ssse3")))
static void sha1_ni(uint32_t st[5], const uint8_t *data, size_t nblocks)
{
    const __m128i mask = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)st), 0x1B);
    __m128i e0 = _mm_set_epi32((int)st[4], 0, 0, 0);
    while (nblocks--) {
        __m128i abcd_save = abcd, e_save = e0, w[20], e[2];
        e[0] = e0;
        e[1] = _mm_setzero_si128();
#pragma GCC unroll 20
        for (int i = 0; i < 20; i++) {
            if (i < 4) {
                w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), mask);
            } else {
                __m128i t = _mm_xor_si128(_mm_sha1msg1_epu32(w[i - 4], w[i - 3]), w[i - 2]);
                w[i] = _mm_sha1msg2_epu32(t, w[i - 1]);
            }
            if (i == 0)
                e[0] = _mm_add_epi32(e[0], w[0]);
            else
                e[i & 1] = _mm_sha1nexte_epu32(e[i & 1], w[i]);
            e[(i + 1) & 1] = abcd;
            SHA1_ROUNDS4(abcd, e[i & 1], i / 5);
        }
        e0 = _mm_sha1nexte_epu32(e[0], e_save);
        abcd = _mm_add_epi32(abcd, abcd_save);
        data += 64;
    }
    abcd = _mm_shuffle_epi32(abcd, 0x1B);
    _mm_storeu_si128((__m128i *)st, abcd);
    st[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}
#else
static bool have_ni(void)
{
    return false;
}
#endif

bool ck_fp_accelerated(void)
{
    return have_ni();
}

/* --------------------------------------------------------------- streaming */

static void blocks(ck_fp *f, const uint8_t *p, size_t nblocks)
{
#ifdef CK_HAVE_X86
    if (f->ni) {
        sha1_ni(f->s1, p, nblocks);
        sha256_ni(f->s256, p, nblocks);
        return;
    }
#endif
    ltc_states *l = f->ltc;
    (void)sha1_process(&l->h1, p, (unsigned long)(nblocks * 64));
    (void)sha256_process(&l->h256, p, (unsigned long)(nblocks * 64));
}

bool ck_fp_init(ck_fp *f)
{
    static const uint32_t i1[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    static const uint32_t i256[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memset(f, 0, sizeof *f);
    memcpy(f->s1, i1, sizeof i1);
    memcpy(f->s256, i256, sizeof i256);
    f->ni = have_ni();
    if (!f->ni) {
        ltc_states *l = malloc(sizeof *l);
        if (!l)
            return false;
        sha1_init(&l->h1);
        sha256_init(&l->h256);
        f->ltc = l;
    }
    return true;
}

void ck_fp_update(ck_fp *f, const uint8_t *p, size_t n)
{
    f->len += n;
    if (f->nbuf) {
        size_t k = 64 - f->nbuf < n ? 64 - f->nbuf : n;
        memcpy(f->buf + f->nbuf, p, k);
        f->nbuf += k;
        p += k;
        n -= k;
        if (f->nbuf < 64)
            return;
        blocks(f, f->buf, 1);
        f->nbuf = 0;
    }
    if (n >= 64) {
        blocks(f, p, n / 64);
        p += n / 64 * 64;
        n %= 64;
    }
    memcpy(f->buf, p, n);
    f->nbuf = n;
}

static void put32(uint8_t *o, uint32_t v)
{
    o[0] = (uint8_t)(v >> 24);
    o[1] = (uint8_t)(v >> 16);
    o[2] = (uint8_t)(v >> 8);
    o[3] = (uint8_t)v;
}

void ck_fp_final(ck_fp *f, uint8_t sha1[20], uint8_t sha256[32])
{
    if (!f->ni) {
        ltc_states *l = f->ltc;
        if (l && f->nbuf) {
            (void)sha1_process(&l->h1, f->buf, (unsigned long)f->nbuf);
            (void)sha256_process(&l->h256, f->buf, (unsigned long)f->nbuf);
        }
        if (l) {
            (void)sha1_done(&l->h1, sha1);
            (void)sha256_done(&l->h256, sha256);
            free(l);
        }
        f->ltc = NULL;
        return;
    }
    /* padding: 0x80, zeros, the bit length (big-endian), in one or two blocks */
    uint8_t pad[128];
    size_t n = f->nbuf;
    memcpy(pad, f->buf, n);
    pad[n++] = 0x80;
    size_t total = n <= 56 ? 64 : 128;
    memset(pad + n, 0, total - n);
    uint64_t bits = f->len * 8;
    for (int i = 0; i < 8; i++)
        pad[total - 1 - i] = (uint8_t)(bits >> (8 * i));
    blocks(f, pad, total / 64);
    for (int i = 0; i < 5; i++)
        put32(sha1 + 4 * i, f->s1[i]);
    for (int i = 0; i < 8; i++)
        put32(sha256 + 4 * i, f->s256[i]);
}
