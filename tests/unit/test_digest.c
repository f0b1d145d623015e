/* test_digest.c - x509_sha1/x509_sha256 (SHA-NI or libtomcrypt) against libtomcrypt. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "x509/x509.h"

static uint8_t data[1200];

static void fill(void)
{
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof data; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = (uint8_t)x;
    }
}

/* every length from 0 to 300 (padding in one or two blocks), then longer ones */
START_TEST(sha256_matches_ltc)
{
    fill();
    for (size_t n = 0; n < sizeof data; n += (n < 300 ? 1 : 37)) {
        uint8_t a[32], b[32];
        x509_sha256(span_make(data, n), a);
        ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA256, data, n, b), ASN1_OK);
        ck_assert_msg(memcmp(a, b, 32) == 0, "SHA-256 differs at length %zu", n);
    }
}
END_TEST

START_TEST(sha1_matches_ltc)
{
    fill();
    for (size_t n = 0; n < sizeof data; n += (n < 300 ? 1 : 37)) {
        uint8_t a[20], b[20];
        x509_sha1(span_make(data, n), a);
        ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA1, data, n, b), ASN1_OK);
        ck_assert_msg(memcmp(a, b, 20) == 0, "SHA-1 differs at length %zu", n);
    }
}
END_TEST

/* FIPS 180-2 appendix vectors */
START_TEST(known_answers)
{
    uint8_t h[32];
    x509_sha256(span_make("abc", 3), h);
    static const uint8_t abc256[32] = { 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                        0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                        0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };
    ck_assert(memcmp(h, abc256, 32) == 0);
    x509_sha1(span_make("abc", 3), h);
    static const uint8_t abc1[20] = { 0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
                                      0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d };
    ck_assert(memcmp(h, abc1, 20) == 0);
    x509_sha256(span_make(NULL, 0), h);
    ck_assert_int_eq(h[0], 0xe3);
    ck_assert_int_eq(h[31], 0x55);
}
END_TEST

Suite *suite_digest(void)
{
    Suite *s = suite_create("digest");
    TCase *t = tcase_create("digest");
    tcase_add_test(t, sha256_matches_ltc);
    tcase_add_test(t, sha1_matches_ltc);
    tcase_add_test(t, known_answers);
    suite_add_tcase(s, t);
    return s;
}
