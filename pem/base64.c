/*
 * base64.c - table-driven base64 (RFC 4648 alphabet) for PEM.
 *
 * Encoding: enc2[] maps 12 bits to two characters, so three input bytes take two
 * lookups; six bytes are read as one big-endian word and written as one 8-byte
 * store.  Decoding: d0..d3[] hold each character's 6 bits already shifted to its
 * place in a 24-bit group, or DBAD (top bit) for a character outside the alphabet,
 * so four characters cost four lookups and three ORs, and one test finds any bad
 * one.  Whitespace, padding and errors fall to a byte-at-a-time path that knows
 * where it is.  On x86-64 an AVX2 path (Muła and Lemire's method: pshufb range
 * lookups, multiply-shift bit packing) takes 24 bytes / 32 characters per step; it
 * is chosen at run time from one cpuid bit, so the binary stays portable.
 *
 * Every table is a compile-time constant built by the macros below: nothing is
 * computed at start-up.
 */
#include "pem/pem.h"

#include <string.h>

/* ------------------------------------------------------------- tables */

/* The character for a 6-bit value, as an integer constant expression. */
#define B64C(v)                                                                            \
    ((v) < 26 ? 'A' + (v) : (v) < 52 ? 'a' + ((v)-26) : (v) < 62 ? '0' + ((v)-52) : (v) == 62 \
                                                                                   ? '+'    \
                                                                                   : '/')

/* Two characters for 12 bits, in memory order (first character at the lower address). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define E2(x) (uint16_t)((unsigned)B64C(((x) >> 6) & 63) << 8 | (unsigned)B64C((x)&63))
#else
#define E2(x) (uint16_t)((unsigned)B64C(((x) >> 6) & 63) | (unsigned)B64C((x)&63) << 8)
#endif
#define E4(x) E2(x), E2((x) + 1), E2((x) + 2), E2((x) + 3)
#define E16(x) E4(x), E4((x) + 4), E4((x) + 8), E4((x) + 12)
#define E64(x) E16(x), E16((x) + 16), E16((x) + 32), E16((x) + 48)
#define E256(x) E64(x), E64((x) + 64), E64((x) + 128), E64((x) + 192)
#define E1024(x) E256(x), E256((x) + 256), E256((x) + 512), E256((x) + 768)

static const uint16_t enc2[4096] = { E1024(0), E1024(1024), E1024(2048), E1024(3072) };

/* The 6-bit value of a character, or -1. */
#define B64V(c)                                                                   \
    ((c) >= 'A' && (c) <= 'Z'   ? (c) - 'A'                                       \
     : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26                                 \
     : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52                                  \
     : (c) == '+'               ? 62                                              \
     : (c) == '/'               ? 63                                              \
                                : -1)

#define DBAD 0x80000000u
#define DT(c, sh) (B64V(c) < 0 ? DBAD : (uint32_t)B64V(c) << (sh))
#define D4(c, sh) DT(c, sh), DT((c) + 1, sh), DT((c) + 2, sh), DT((c) + 3, sh)
#define D16(c, sh) D4(c, sh), D4((c) + 4, sh), D4((c) + 8, sh), D4((c) + 12, sh)
#define D64(c, sh) D16(c, sh), D16((c) + 16, sh), D16((c) + 32, sh), D16((c) + 48, sh)
#define D256(sh) D64(0, sh), D64(64, sh), D64(128, sh), D64(192, sh)

static const uint32_t d0[256] = { D256(18) };
static const uint32_t d1[256] = { D256(12) };
static const uint32_t d2[256] = { D256(6) };
static const uint32_t d3[256] = { D256(0) };

/* Character classes for the slow path: 0..63 a value, C_WS whitespace, C_PAD '=', C_BAD. */
#define C_WS 64
#define C_PAD 65
#define C_BAD 255
#define CL(c)                                                                             \
    (B64V(c) >= 0 ? B64V(c)                                                               \
     : ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n' || (c) == '\v' || (c) == '\f') \
         ? C_WS                                                                           \
     : (c) == '='                                                                         \
         ? C_PAD                                                                          \
         : C_BAD)
#define CLU(c) ((uint8_t)(CL(c)))   /* explicit: clang checks both arms of ?: */
#define CL4(c) CLU(c), CLU((c) + 1), CLU((c) + 2), CLU((c) + 3)
#define CL16(c) CL4(c), CL4((c) + 4), CL4((c) + 8), CL4((c) + 12)
#define CL64(c) CL16(c), CL16((c) + 16), CL16((c) + 32), CL16((c) + 48)

static const uint8_t cls[256] = { CL64(0), CL64(64), CL64(128), CL64(192) };

/* ----------------------------------------------------------- dispatch */

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(CERTKIT_NO_SIMD)
#define B64_AVX2 1
#include <immintrin.h>
#endif

static int simd_state = -1;    /* -1: not asked yet; 0: scalar; 1: AVX2 */

static bool use_simd(void)
{
#ifdef B64_AVX2
    if (simd_state < 0) {
        __builtin_cpu_init();
        simd_state = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return simd_state == 1;
#else
    return false;
#endif
}

bool b64_simd_active(void)
{
    return use_simd();
}

void b64_force_scalar(bool on)
{
    simd_state = -1;
    if (on)
        simd_state = 0;
}

/* ------------------------------------------------------------ scalar */

static inline uint64_t load_be48(const uint8_t *p)
{
    /* Six bytes as the top 48 bits of a word (reads exactly six bytes). */
    return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
           (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16;
}

/* 6 bytes -> 8 characters. */
static inline void enc6(const uint8_t *in, char *out)
{
    uint64_t w = load_be48(in);
    uint16_t c[4] = { enc2[w >> 52], enc2[(w >> 40) & 0xfff], enc2[(w >> 28) & 0xfff],
                      enc2[(w >> 16) & 0xfff] };
    memcpy(out, c, 8);
}

/* 3 bytes -> 4 characters. */
static inline void enc3(const uint8_t *in, char *out)
{
    uint32_t v = (uint32_t)in[0] << 16 | (uint32_t)in[1] << 8 | in[2];
    memcpy(out, &enc2[v >> 12], 2);
    memcpy(out + 2, &enc2[v & 0xfff], 2);
}

/* The last 1 or 2 bytes, padded. */
static size_t enc_tail(const uint8_t *in, size_t n, char *out)
{
    if (n == 0)
        return 0;
    uint32_t v = (uint32_t)in[0] << 16 | (n > 1 ? (uint32_t)in[1] << 8 : 0);
    out[0] = (char)B64C(v >> 18);
    out[1] = (char)B64C((v >> 12) & 63);
    out[2] = n > 1 ? (char)B64C((v >> 6) & 63) : '=';
    out[3] = '=';
    return 4;
}

static size_t enc_scalar(const uint8_t *in, size_t n, char *out)
{
    char *o = out;
    size_t i = 0;
    for (; n - i >= 6; i += 6, o += 8)
        enc6(in + i, o);
    for (; n - i >= 3; i += 3, o += 4)
        enc3(in + i, o);
    o += enc_tail(in + i, n - i, o);
    return (size_t)(o - out);
}

/* One full 64-column line from 48 bytes. */
static inline void enc_line48(const uint8_t *in, char *o)
{
    for (int k = 0; k < 8; k++)
        enc6(in + 6 * k, o + 8 * k);
    o[64] = '\n';
}

/* ------------------------------------------------------------- AVX2 */

#ifdef B64_AVX2
#define AVX2 __attribute__((target("avx2")))

/* 24 bytes at s (reads 28) -> 32 six-bit values, one per byte. */
AVX2 static inline __m256i enc_split(const uint8_t *s)
{
    __m256i in = _mm256_inserti128_si256(
        _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)s)),
        _mm_loadu_si128((const __m128i *)(const void *)(s + 12)), 1);
    in = _mm256_shuffle_epi8(in, _mm256_set_epi8(10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1,
                                                 10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1));
    __m256i t0 = _mm256_and_si256(in, _mm256_set1_epi32(0x0fc0fc00));
    __m256i t1 = _mm256_mulhi_epu16(t0, _mm256_set1_epi32(0x04000040));
    __m256i t2 = _mm256_and_si256(in, _mm256_set1_epi32(0x003f03f0));
    __m256i t3 = _mm256_mullo_epi16(t2, _mm256_set1_epi32(0x01000010));
    return _mm256_or_si256(t1, t3);
}

/* Six-bit values -> characters: one offset per range, picked with pshufb. */
AVX2 static inline __m256i enc_chars(__m256i v)
{
    const __m256i lut = _mm256_setr_epi8(65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16,
                                         0, 0, 65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4,
                                         -19, -16, 0, 0);
    __m256i idx = _mm256_subs_epu8(v, _mm256_set1_epi8(51));
    idx = _mm256_sub_epi8(idx, _mm256_cmpgt_epi8(v, _mm256_set1_epi8(25)));
    return _mm256_add_epi8(v, _mm256_shuffle_epi8(lut, idx));
}

AVX2 static size_t enc_avx2(const uint8_t *in, size_t n, char *out, size_t *used)
{
    size_t i = 0, o = 0;
    for (; n - i >= 28; i += 24, o += 32)
        _mm256_storeu_si256((__m256i *)(void *)(out + o), enc_chars(enc_split(in + i)));
    *used = i;
    return o;
}

/* Whole 64-column lines while at least 52 bytes are left (the last load reads 4 past). */
AVX2 static size_t enc_lines_avx2(const uint8_t *in, size_t n, char *out, size_t *used)
{
    size_t i = 0;
    char *o = out;
    for (; n - i >= 52; i += 48, o += 65) {
        __m256i a = enc_chars(enc_split(in + i));
        __m256i b = enc_chars(enc_split(in + i + 24));
        _mm256_storeu_si256((__m256i *)(void *)o, a);
        _mm256_storeu_si256((__m256i *)(void *)(o + 32), b);
        o[64] = '\n';
    }
    *used = i;
    return (size_t)(o - out);
}

/*
 * 32 characters -> 24 bytes (writes 32).  Returns false, writing nothing, when any
 * of the 32 is outside the alphabet (whitespace, padding, a bad character).
 */
AVX2 static inline bool dec_block_avx2(const char *s, uint8_t *o)
{
    const __m256i lut_lo = _mm256_setr_epi8(
        0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1a, 0x1b, 0x1b, 0x1b, 0x1a,
        0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1a, 0x1b, 0x1b, 0x1b, 0x1a);
    const __m256i lut_hi = _mm256_setr_epi8(
        0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
        0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
    const __m256i lut_roll = _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,
                                              0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i nib = _mm256_set1_epi8(0x0f);
    __m256i str = _mm256_loadu_si256((const __m256i *)(const void *)s);
    __m256i hi_n = _mm256_and_si256(_mm256_srli_epi32(str, 4), nib);
    __m256i lo_n = _mm256_and_si256(str, nib);
    __m256i hi = _mm256_shuffle_epi8(lut_hi, hi_n);
    __m256i lo = _mm256_shuffle_epi8(lut_lo, lo_n);
    if (!_mm256_testz_si256(lo, hi))
        return false;
    __m256i eq2f = _mm256_cmpeq_epi8(str, _mm256_set1_epi8(0x2f));
    __m256i roll = _mm256_shuffle_epi8(lut_roll, _mm256_add_epi8(eq2f, hi_n));
    str = _mm256_add_epi8(str, roll);
    /* Pack: aaaaaa bbbbbb -> 12 bits per 16; two of those -> 24 bits per 32. */
    __m256i m = _mm256_maddubs_epi16(str, _mm256_set1_epi32(0x01400140));
    __m256i w = _mm256_madd_epi16(m, _mm256_set1_epi32(0x00011000));
    w = _mm256_shuffle_epi8(w, _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1,
                                                -1, 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1,
                                                -1, -1));
    w = _mm256_permutevar8x32_epi32(w, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7));
    _mm256_storeu_si256((__m256i *)(void *)o, w);
    return true;
}

/*
 * Decodes 32-character blocks while they are clean and 48 characters are left,
 * stepping over the LF or CRLF that ends each PEM line (called only on a quantum
 * boundary, and blocks are whole quanta, so skipping them is always right).
 */
AVX2 static size_t dec_avx2(const char *in, size_t n, uint8_t *out, size_t *produced)
{
    size_t i = 0, o = 0;
    while (n - i >= 48) {
        if (dec_block_avx2(in + i, out + o)) {
            i += 32;
            o += 24;
        } else if (in[i] == '\n') {
            i++;
        } else if (in[i] == '\r' && in[i + 1] == '\n') {
            i += 2;
        } else {
            break;
        }
    }
    *produced = o;
    return i;
}
#endif /* B64_AVX2 */

/* ----------------------------------------------------------- encoding */

size_t b64_encode(const uint8_t *in, size_t n, char *out)
{
    size_t i = 0, o = 0;
#ifdef B64_AVX2
    if (n >= 28 && use_simd())
        o = enc_avx2(in, n, out, &i);
#endif
    return o + enc_scalar(in + i, n - i, out + o);
}

size_t b64_encode_lines(const uint8_t *in, size_t n, char *out)
{
    size_t i = 0;
    char *o = out;
#ifdef B64_AVX2
    if (n >= 52 && use_simd()) {
        size_t used;
        o += enc_lines_avx2(in, n, out, &used);
        i = used;
    }
#endif
    /* enc6 reads exactly six bytes, so a full line needs only 48. */
    for (; n - i >= 48; i += 48, o += 65)
        enc_line48(in + i, o);
    if (i < n) {
        o += enc_scalar(in + i, n - i, o);
        *o++ = '\n';
    }
    return (size_t)(o - out);
}

/* ----------------------------------------------------------- decoding */

asn1_err b64_decode(const char *in, size_t n, uint8_t *out, size_t *outlen, size_t *errpos,
                    const char **why)
{
    const uint8_t *s = (const uint8_t *)in;
    uint8_t *o = out;
    size_t i = 0;
    uint32_t acc = 0;
    unsigned k = 0;          /* characters in the current quantum */
    unsigned pads = 0;       /* '=' seen */
    unsigned kpad = 0;       /* k when the first '=' came */
    bool simd = use_simd();
    (void)simd;

    while (i < n) {
        if (k == 0 && pads == 0) {
#ifdef B64_AVX2
            if (simd && n - i >= 48) {
                size_t made;
                i += dec_avx2(in + i, n - i, o, &made);
                o += made;
            }
#endif
            while (n - i >= 4) {
                uint32_t x = d0[s[i]] | d1[s[i + 1]] | d2[s[i + 2]] | d3[s[i + 3]];
                if (x & DBAD)
                    break;
                o[0] = (uint8_t)(x >> 16);
                o[1] = (uint8_t)(x >> 8);
                o[2] = (uint8_t)x;
                o += 3;
                i += 4;
            }
            if (i >= n)
                break;
        }
        uint8_t c = cls[s[i]];
        if (c < 64) {
            if (pads) {
                *errpos = i;
                *why = "base64 data after '=' padding";
                return ASN1_E_VALUE;
            }
            acc = acc << 6 | c;
            if (++k == 4) {
                o[0] = (uint8_t)(acc >> 16);
                o[1] = (uint8_t)(acc >> 8);
                o[2] = (uint8_t)acc;
                o += 3;
                k = 0;
                acc = 0;
            }
        } else if (c == C_PAD) {
            if (pads == 0) {
                if (k < 2) {
                    *errpos = i;
                    *why = "misplaced '=' padding";
                    return ASN1_E_VALUE;
                }
                kpad = k;
            }
            if (++pads > 4 - kpad) {
                *errpos = i;
                *why = "too much '=' padding";
                return ASN1_E_VALUE;
            }
        } else if (c != C_WS) {
            *errpos = i;
            *why = "invalid base64 character";
            return ASN1_E_VALUE;
        }
        i++;
    }
    if (k == 1) {
        *errpos = n;
        *why = "base64 text ends in the middle of a byte";
        return ASN1_E_VALUE;
    }
    if (k >= 2) {
        acc <<= 6 * (4 - k);
        *o++ = (uint8_t)(acc >> 16);
        if (k == 3)
            *o++ = (uint8_t)(acc >> 8);
    }
    *outlen = (size_t)(o - out);
    return ASN1_OK;
}
