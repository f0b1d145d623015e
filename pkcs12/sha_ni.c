/*
 * sha_ni.c - the SHA-1 and SHA-256 compression functions on the x86 SHA extensions
 * (SHA-NI: Intel since Goldmont / Ice Lake, every AMD Zen), about five to ten times
 * libtomcrypt's portable C.  hash.c plugs them under every SHA-1, SHA-224 and
 * SHA-256 computation of the library (ck_hash_memory, ck_hash_ctx, HMAC, and the
 * one-block steps of PBKDF2, the PKCS#12 KDF and PBKDF1); libtomcrypt remains the
 * portable fallback, on other CPUs and other architectures.
 *
 * The CPU is asked once, lazily (cpuid on first use; nothing at start-up).  The round
 * structure follows Intel's "Intel SHA Extensions" white paper (2013): four rounds
 * per sha256rnds2 pair / sha1rnds4, the message schedule with sha256msg1/msg2 and
 * sha1msg1/msg2/nexte.  Known-answer tests: tests/unit/test_digest.c.
 */
#include "pkcs12/crypto.h"

#include <string.h>

_Static_assert(sizeof(ulong32) == 4, "libtomcrypt's state words must be 32-bit");

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CK_SHA_NI_BUILD 1
#include <cpuid.h>
#include <immintrin.h>
#endif

/* 1: usable, 0: not, -1: not asked yet.  Written once with the same value by any
 * thread that gets there first: a benign, idempotent race (relaxed atomics). */
static int ni_cpu = -1;
/* cleared by tests (ck__sha_ni_allow) to run the portable path on a SHA-NI CPU */
static int ni_allowed = 1;

#ifdef CK_SHA_NI_BUILD
static int ask_cpu(void)
{
    unsigned a, b, c, d;
    /* SSSE3 (pshufb) and SSE4.1 (pblendw, pextrd) in leaf 1 ECX; SHA in leaf 7 EBX bit 29 */
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19)))
        return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 29)))
        return 0;
    return 1;
}
#else
static int ask_cpu(void)
{
    return 0;
}
#endif

bool ck__sha_ni_cpu(void)
{
    int v = __atomic_load_n(&ni_cpu, __ATOMIC_RELAXED);
    if (v < 0) {
        v = ask_cpu();
        __atomic_store_n(&ni_cpu, v, __ATOMIC_RELAXED);
    }
    return v == 1;
}

bool ck__sha_ni(void)
{
    return __atomic_load_n(&ni_allowed, __ATOMIC_RELAXED) && ck__sha_ni_cpu();
}

void ck__sha_ni_allow(bool allow)
{
    __atomic_store_n(&ni_allowed, allow ? 1 : 0, __ATOMIC_RELAXED);
}

#ifdef CK_SHA_NI_BUILD

#define SHANI __attribute__((target("sha,sse4.1,ssse3")))

/* ---------------------------------------------------------------- SHA-256 */

static const uint32_t K256[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

SHANI void ck__sha256_ni_blocks(uint32_t st[8], const uint8_t *p, size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&st[0]);
    __m128i s1 = _mm_loadu_si128((const __m128i *)&st[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);             /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1B);               /* EFGH */
    __m128i s0 = _mm_alignr_epi8(tmp, s1, 8);       /* ABEF */
    s1 = _mm_blend_epi16(s1, tmp, 0xF0);            /* CDGH */
    while (nblocks--) {
        __m128i save0 = s0, save1 = s1, w[16];
#pragma GCC unroll 16
        for (int g = 0; g < 16; g++) {
            if (g < 4) {
                w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), bswap);
            } else {
                /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a time */
                __m128i t7 = _mm_alignr_epi8(w[g - 1], w[g - 2], 4);
                __m128i x = _mm_add_epi32(_mm_sha256msg1_epu32(w[g - 4], w[g - 3]), t7);
                w[g] = _mm_sha256msg2_epu32(x, w[g - 1]);
            }
            __m128i m = _mm_add_epi32(w[g], _mm_load_si128((const __m128i *)&K256[4 * g]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, m);
            m = _mm_shuffle_epi32(m, 0x0E);
            s0 = _mm_sha256rnds2_epu32(s0, s1, m);
        }
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
        p += 64;
    }
    tmp = _mm_shuffle_epi32(s0, 0x1B);              /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1);               /* DCHG */
    s0 = _mm_blend_epi16(tmp, s1, 0xF0);            /* DCBA */
    s1 = _mm_alignr_epi8(s1, tmp, 8);               /* HGFE */
    _mm_storeu_si128((__m128i *)&st[0], s0);
    _mm_storeu_si128((__m128i *)&st[4], s1);
}

/* ------------------------------------------------------------------ SHA-1 */

SHANI void ck__sha1_ni_blocks(uint32_t st[5], const uint8_t *p, size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)st), 0x1B);
    __m128i e0 = _mm_set_epi32((int)st[4], 0, 0, 0);
    while (nblocks--) {
        __m128i abcd_save = abcd, e_save = e0, w[20], prev, e;
        for (int g = 0; g < 4; g++)
            w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), bswap);
        e = _mm_add_epi32(e0, w[0]);
        prev = abcd;
        abcd = _mm_sha1rnds4_epu32(abcd, e, 0);
        /* rounds 4g..4g+3; f (the round function and constant) must be an immediate */
#define SHA1_GROUP(g, f)                                                                       \
    do {                                                                                       \
        if ((g) >= 4)                                                                          \
            w[g] = _mm_sha1msg2_epu32(                                                         \
                _mm_xor_si128(_mm_sha1msg1_epu32(w[(g) - 4], w[(g) - 3]), w[(g) - 2]), w[(g) - 1]); \
        e = _mm_sha1nexte_epu32(prev, w[g]);                                                   \
        prev = abcd;                                                                           \
        abcd = _mm_sha1rnds4_epu32(abcd, e, f);                                                \
    } while (0)
        SHA1_GROUP(1, 0); SHA1_GROUP(2, 0); SHA1_GROUP(3, 0); SHA1_GROUP(4, 0);
        SHA1_GROUP(5, 1); SHA1_GROUP(6, 1); SHA1_GROUP(7, 1); SHA1_GROUP(8, 1); SHA1_GROUP(9, 1);
        SHA1_GROUP(10, 2); SHA1_GROUP(11, 2); SHA1_GROUP(12, 2); SHA1_GROUP(13, 2); SHA1_GROUP(14, 2);
        SHA1_GROUP(15, 3); SHA1_GROUP(16, 3); SHA1_GROUP(17, 3); SHA1_GROUP(18, 3); SHA1_GROUP(19, 3);
#undef SHA1_GROUP
        e0 = _mm_sha1nexte_epu32(prev, e_save);
        abcd = _mm_add_epi32(abcd, abcd_save);
        p += 64;
    }
    _mm_storeu_si128((__m128i *)st, _mm_shuffle_epi32(abcd, 0x1B));
    st[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

#else /* no SHA-NI in this build: never called (ck__sha_ni() is false) */

void ck__sha256_ni_blocks(uint32_t st[8], const uint8_t *p, size_t nblocks)
{
    (void)st, (void)p, (void)nblocks;
}

void ck__sha1_ni_blocks(uint32_t st[5], const uint8_t *p, size_t nblocks)
{
    (void)st, (void)p, (void)nblocks;
}

#endif
