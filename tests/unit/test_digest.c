/*
 * test_digest.c - the one hash layer (pkcs12/hash.c, pkcs12/sha_ni.c): SHA-1, SHA-224
 * and SHA-256 on the x86 SHA extensions when the CPU has them, libtomcrypt otherwise.
 * Known answers (FIPS 180 / NIST CSRC examples, one million 'a'), every length 0..200
 * and every split of the short messages against libtomcrypt's own code, long
 * messages fed in odd pieces, the raw compression functions, the one-block KDF step,
 * and PBKDF2 / the PKCS#12 KDF / HMAC with SHA-NI on and off.  Each check runs on
 * both paths: ck__sha_ni_allow(false) forces the portable one on a SHA-NI CPU.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkcs12/crypto.h"

static const ck_hash ni_hashes[] = { CK_HASH_SHA1, CK_HASH_SHA224, CK_HASH_SHA256 };
#define NHASH (sizeof ni_hashes / sizeof ni_hashes[0])

static void xorshift_fill(uint8_t *p, size_t n, uint32_t seed)
{
    uint32_t x = seed;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)x;
    }
}

static void unhex(const char *h, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        ck_assert(sscanf(h + 2 * i, "%2x", &v) == 1);
        out[i] = (uint8_t)v;
    }
}

/* libtomcrypt's own code, straight through its descriptor: the reference. */
static void ltc_ref(ck_hash h, const uint8_t *p, size_t n, uint8_t *out)
{
    const ck_hash_info *hi = ck__hash_info(h);
    hash_state st;
    ck_assert_ptr_nonnull(hi);
    ck_assert_int_eq(hi->desc->init(&st), CRYPT_OK);
    if (n)
        ck_assert_int_eq(hi->desc->process(&st, p, (unsigned long)n), CRYPT_OK);
    ck_assert_int_eq(hi->desc->done(&st, out), CRYPT_OK);
}

/* The paths to run: SHA-NI (when the CPU has it) and the portable one. */
static int npaths(void)
{
    return ck__sha_ni_cpu() ? 2 : 1;
}

static void set_path(int i)
{
    ck__sha_ni_allow(i == 1);
}

/* ---------------------------------------------------------- known answers */

static const struct kat {
    const char *name;
    const char *msg;        /* NULL: one million 'a' */
    const char *sha1, *sha224, *sha256;
} kats[] = {
    { "empty", "", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
      "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d",
      "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "448 bits", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
      "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
    { "896 bits",
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "a49b2446a02c645bf419f995b67091253a04a259",
      "c97ca9a559850ce97a04a96def6d99a9e0e0e2ab14e6b8df265fc0b3",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
    { "one million a", NULL, "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
      "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67",
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

START_TEST(known_answers)
{
    const struct kat *k = &kats[_i];
    static uint8_t million[1000000];
    memset(million, 'a', sizeof million);
    const uint8_t *msg = k->msg ? (const uint8_t *)k->msg : million;
    size_t n = k->msg ? strlen(k->msg) : sizeof million;
    for (int path = 0; path < npaths(); path++) {
        set_path(path);
        for (size_t j = 0; j < NHASH; j++) {
            ck_hash h = ni_hashes[j];
            const char *hex = h == CK_HASH_SHA1 ? k->sha1 : h == CK_HASH_SHA224 ? k->sha224 : k->sha256;
            size_t len = ck_hash_len(h);
            uint8_t want[32], got[32];
            unhex(hex, want, len);
            ck_assert_int_eq(ck_hash_memory(h, msg, n, got), ASN1_OK);
            ck_assert_msg(memcmp(got, want, len) == 0, "%s %s (SHA-NI %d)", ck_hash_name(h), k->name, path);
            /* the same, fed in pieces of 1, 63, 64, 65 and 1000 bytes */
            static const size_t steps[] = { 1, 63, 64, 65, 1000 };
            for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
                if (steps[s] == 1 && n > 5000)
                    continue;
                ck_hash_ctx c;
                ck_assert_int_eq(ck_hash_init(&c, h), ASN1_OK);
                for (size_t off = 0; off < n; off += steps[s])
                    ck_hash_update(&c, msg + off, n - off < steps[s] ? n - off : steps[s]);
                memset(got, 0, sizeof got);
                ck_assert_int_eq(ck_hash_final(&c, got), ASN1_OK);
                ck_assert_msg(memcmp(got, want, len) == 0, "%s %s by %zu (SHA-NI %d)", ck_hash_name(h),
                              k->name, steps[s], path);
            }
        }
    }
    ck__sha_ni_allow(true);
}
END_TEST

/* Every length 0..200 (padding in one or two blocks, every boundary), one-shot and
 * split in two at every point up to 130 bytes, against libtomcrypt. */
START_TEST(every_length_vs_ltc)
{
    uint8_t data[200];
    xorshift_fill(data, sizeof data, 2463534242u);
    for (int path = 0; path < npaths(); path++) {
        set_path(path);
        for (size_t j = 0; j < NHASH; j++) {
            ck_hash h = ni_hashes[j];
            size_t len = ck_hash_len(h);
            for (size_t n = 0; n <= sizeof data; n++) {
                uint8_t want[32], got[32];
                ltc_ref(h, data, n, want);
                ck_assert_int_eq(ck_hash_memory(h, data, n, got), ASN1_OK);
                ck_assert_msg(memcmp(got, want, len) == 0, "%s of %zu bytes (SHA-NI %d)", ck_hash_name(h), n, path);
                if (n > 130)
                    continue;
                for (size_t cut = 0; cut <= n; cut++) {
                    ck_hash_ctx c;
                    ck_assert_int_eq(ck_hash_init(&c, h), ASN1_OK);
                    ck_hash_update(&c, data, cut);
                    ck_hash_update(&c, data + cut, n - cut);
                    ck_assert_int_eq(ck_hash_final(&c, got), ASN1_OK);
                    ck_assert_msg(memcmp(got, want, len) == 0, "%s of %zu bytes cut at %zu (SHA-NI %d)",
                                  ck_hash_name(h), n, cut, path);
                }
            }
        }
    }
    ck__sha_ni_allow(true);
}
END_TEST

/* Long messages: 8 MiB + 13 bytes fed in irregular pieces (1 byte to 300 KiB), both
 * paths against libtomcrypt, and ck_sha1/ck_sha256 on the whole. */
START_TEST(long_messages)
{
    const size_t n = (8u << 20) + 13;
    uint8_t *d = malloc(n);
    ck_assert_ptr_nonnull(d);
    xorshift_fill(d, n, 0x9e3779b9u);
    uint8_t want1[20], want256[32], got[32];
    ltc_ref(CK_HASH_SHA1, d, n, want1);
    ltc_ref(CK_HASH_SHA256, d, n, want256);
    for (int path = 0; path < npaths(); path++) {
        set_path(path);
        ck_hash_ctx c1, c256;
        ck_assert_int_eq(ck_hash_init(&c1, CK_HASH_SHA1), ASN1_OK);
        ck_assert_int_eq(ck_hash_init(&c256, CK_HASH_SHA256), ASN1_OK);
        size_t off = 0, step = 1;
        while (off < n) {
            size_t k = n - off < step ? n - off : step;
            ck_hash_update(&c1, d + off, k);
            ck_hash_update(&c256, d + off, k);
            off += k;
            step = step * 7 + 3;
            if (step > 300000)
                step = step % 977;
        }
        ck_assert_int_eq(ck_hash_final(&c1, got), ASN1_OK);
        ck_assert_msg(memcmp(got, want1, 20) == 0, "SHA-1 of 8 MiB (SHA-NI %d)", path);
        ck_assert_int_eq(ck_hash_final(&c256, got), ASN1_OK);
        ck_assert_msg(memcmp(got, want256, 32) == 0, "SHA-256 of 8 MiB (SHA-NI %d)", path);
        ck_sha1(d, n, got);
        ck_assert(memcmp(got, want1, 20) == 0);
        ck_sha256(d, n, got);
        ck_assert(memcmp(got, want256, 32) == 0);
    }
    ck__sha_ni_allow(true);
    free(d);
}
END_TEST

/* The raw SHA-NI compression functions against libtomcrypt's, over 1..9 blocks. */
START_TEST(compress_vs_ltc)
{
    if (!ck__sha_ni_cpu()) {
        ck_assert(!ck_hash_accelerated(CK_HASH_SHA256));
        return;                     /* nothing to compare on this CPU */
    }
    uint8_t blocks[9 * 64];
    xorshift_fill(blocks, sizeof blocks, 77u);
    for (size_t nb = 1; nb <= 9; nb++) {
        hash_state a, b;
        sha1_init(&a);
        sha1_init(&b);
        ck_assert_int_eq(sha1_process(&a, blocks, (unsigned long)(nb * 64)), CRYPT_OK);
        ck__sha1_ni_blocks(b.sha1.state, blocks, nb);
        ck_assert(memcmp(a.sha1.state, b.sha1.state, sizeof a.sha1.state) == 0);
        sha256_init(&a);
        sha256_init(&b);
        ck_assert_int_eq(sha256_process(&a, blocks, (unsigned long)(nb * 64)), CRYPT_OK);
        ck__sha256_ni_blocks(b.sha256.state, blocks, nb);
        ck_assert(memcmp(a.sha256.state, b.sha256.state, sizeof a.sha256.state) == 0);
        sha224_init(&a);
        sha224_init(&b);
        ck_assert_int_eq(sha224_process(&a, blocks, (unsigned long)(nb * 64)), CRYPT_OK);
        ck__sha256_ni_blocks(b.sha256.state, blocks, nb);
        ck_assert(memcmp(a.sha256.state, b.sha256.state, sizeof a.sha256.state) == 0);
    }
}
END_TEST

/* A state started by one path and finished by the other gives the same digest. */
START_TEST(paths_share_state)
{
    uint8_t d[300], want[32], got[32];
    xorshift_fill(d, sizeof d, 5u);
    for (size_t j = 0; j < NHASH; j++) {
        ck_hash h = ni_hashes[j];
        ltc_ref(h, d, sizeof d, want);
        for (int first = 0; first < npaths(); first++) {
            ck_hash_ctx c;
            set_path(first);
            ck_assert_int_eq(ck_hash_init(&c, h), ASN1_OK);
            ck_hash_update(&c, d, 100);
            set_path(npaths() - 1 - first);
            ck_hash_update(&c, d + 100, sizeof d - 100);
            ck_assert_int_eq(ck_hash_final(&c, got), ASN1_OK);
            ck_assert_msg(memcmp(got, want, ck_hash_len(h)) == 0, "%s mixed paths", ck_hash_name(h));
        }
    }
    ck__sha_ni_allow(true);
}
END_TEST

/* The one-block step of the iterated KDFs (ck__finish_block) on both paths. */
START_TEST(finish_block_paths)
{
    for (size_t j = 0; j < NHASH; j++) {
        const ck_hash_info *hi = ck__hash_info(ni_hashes[j]);
        uint8_t prefix[64], msg[64], blk[64], want[32], got[32];
        xorshift_fill(prefix, sizeof prefix, 11u);
        xorshift_fill(msg, sizeof msg, 12u);
        for (size_t len = 0; ck__fast_ok(hi, len); len++) {
            hash_state ref;
            ck_assert_int_eq(hi->desc->init(&ref), CRYPT_OK);
            ck_assert_int_eq(hi->desc->process(&ref, prefix, 64), CRYPT_OK);
            ck_assert_int_eq(hi->desc->process(&ref, msg, (unsigned long)len), CRYPT_OK);
            ck_assert_int_eq(hi->desc->done(&ref, want), CRYPT_OK);
            for (int path = 0; path < npaths(); path++) {
                hash_state st;
                set_path(path);
                ck_assert_int_eq(ck__hinit(hi, &st), ASN1_OK);
                ck_assert_int_eq(ck__hprocess(hi, &st, prefix, 64), ASN1_OK);
                ck__pad_block(hi, blk, 64, len);
                memcpy(blk, msg, len);
                ck_assert_int_eq(ck__finish_block(hi, &st, blk, got), ASN1_OK);
                ck_assert_msg(memcmp(got, want, hi->len) == 0, "%s one block of %zu (SHA-NI %d)", hi->name,
                              len, path);
            }
        }
    }
    ck__sha_ni_allow(true);
}
END_TEST

/* PBKDF2 (RFC 6070 and RFC 7914 vectors), the PKCS#12 KDF and HMAC agree on both paths. */
START_TEST(kdfs_both_paths)
{
    static const struct {
        ck_hash h;
        const char *pw, *salt;
        uint64_t iter;
        const char *dk;
    } v[] = {
        { CK_HASH_SHA1, "password", "salt", 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6" },
        { CK_HASH_SHA1, "password", "salt", 4096, "4b007901b765489abead49d926f721d065a429c1" },
        { CK_HASH_SHA1, "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
          "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038" },
        { CK_HASH_SHA256, "passwd", "salt", 1,
          "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
          "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
        { CK_HASH_SHA256, "Password", "NaCl", 80000,
          "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
          "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d" },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t want[64], got[64];
        size_t n = strlen(v[i].dk) / 2;
        unhex(v[i].dk, want, n);
        for (int path = 0; path < npaths(); path++) {
            set_path(path);
            memset(got, 0, sizeof got);
            ck_assert_int_eq(pbkdf2_hmac(v[i].h, (const uint8_t *)v[i].pw, strlen(v[i].pw),
                                         span_make(v[i].salt, strlen(v[i].salt)), v[i].iter, 0, got, n),
                             ASN1_OK);
            ck_assert_msg(memcmp(got, want, n) == 0, "PBKDF2 vector %zu (SHA-NI %d)", i, path);
        }
    }
    /* the PKCS#12 KDF and HMAC: the portable path's answer is the reference */
    static const uint8_t bmp[] = { 0, 's', 0, 'm', 0, 'e', 0, 'g', 0, 0 };
    static const uint8_t salt[8] = { 0x0a, 0x58, 0xcf, 0x64, 0x53, 0x0d, 0x82, 0x3f };
    for (size_t j = 0; j < NHASH; j++) {
        uint8_t ref[48], got[48], mref[32], mgot[32];
        for (int path = 0; path < npaths(); path++) {
            set_path(path);
            uint8_t *o = path == 0 ? ref : got, *m = path == 0 ? mref : mgot;
            ck_assert_int_eq(pkcs12_kdf(ni_hashes[j], PKCS12_KDF_KEY, bmp, sizeof bmp, span_make(salt, 8), 2000, 0,
                                        o, sizeof ref), ASN1_OK);
            ck_assert_int_eq(ck_hmac_memory(ni_hashes[j], o, 48, bmp, sizeof bmp, m), ASN1_OK);
        }
        if (npaths() == 2) {
            ck_assert_msg(memcmp(ref, got, sizeof ref) == 0, "PKCS#12 KDF %s", ck_hash_name(ni_hashes[j]));
            ck_assert_msg(memcmp(mref, mgot, ck_hash_len(ni_hashes[j])) == 0, "HMAC %s", ck_hash_name(ni_hashes[j]));
        }
    }
    /* RFC 7292's KDF with SHA-1 (a known answer from the PKCS#12 test suites):
     * password "smeg", the salt above, 1 iteration, ID 1, 24 bytes */
    uint8_t want[24], got[24];
    unhex("8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3", want, 24);
    for (int path = 0; path < npaths(); path++) {
        set_path(path);
        ck_assert_int_eq(pkcs12_kdf(CK_HASH_SHA1, PKCS12_KDF_KEY, bmp, sizeof bmp, span_make(salt, 8), 1, 0, got,
                                    sizeof got), ASN1_OK);
        ck_assert_msg(memcmp(got, want, sizeof want) == 0, "PKCS#12 KDF smeg (SHA-NI %d)", path);
    }
    ck__sha_ni_allow(true);
}
END_TEST

START_TEST(api_edges)
{
    ck_hash_ctx c;
    uint8_t out[64];
    ck_assert_int_eq(ck_hash_init(&c, CK_HASH_NONE), ASN1_E_VALUE);
    ck_assert_int_eq(ck_hash_final(&c, out), ASN1_E_VALUE);
    ck_assert_int_eq(ck_hash_init(&c, CK_HASH__COUNT), ASN1_E_VALUE);
    /* NULL with a length: the context fails, final reports it */
    ck_assert_int_eq(ck_hash_init(&c, CK_HASH_SHA256), ASN1_OK);
    ck_hash_update(&c, NULL, 5);
    ck_assert_int_eq(ck_hash_final(&c, out), ASN1_E_CRYPTO);
    /* NULL without a length is the empty message */
    ck_assert_int_eq(ck_hash_init(&c, CK_HASH_SHA256), ASN1_OK);
    ck_hash_update(&c, NULL, 0);
    ck_assert_int_eq(ck_hash_final(&c, out), ASN1_OK);
    ck_assert_int_eq(out[0], 0xe3);
    ck_assert_int_eq(out[31], 0x55);
    ck_sha256(NULL, 0, out);
    ck_assert_int_eq(out[0], 0xe3);
    /* the other hashes go through the same API (libtomcrypt) */
    ck_assert_int_eq(ck_hash_init(&c, CK_HASH_SHA512), ASN1_OK);
    ck_hash_update(&c, "ab", 2);
    ck_hash_update(&c, "c", 1);
    ck_assert_int_eq(ck_hash_final(&c, out), ASN1_OK);
    ck_assert_int_eq(out[0], 0xdd);
    ck_assert_int_eq(out[63], 0x9f);
    ck_assert(!ck_hash_accelerated(CK_HASH_SHA512));
    ck_assert(!ck_hash_accelerated(CK_HASH_NONE));
    /* accelerated exactly when the CPU says so, and off when a test turns it off */
    ck_assert_int_eq(ck_hash_accelerated(CK_HASH_SHA256), ck__sha_ni_cpu());
    ck_assert_int_eq(ck_hash_accelerated(CK_HASH_SHA1), ck__sha_ni_cpu());
    ck__sha_ni_allow(false);
    ck_assert(!ck_hash_accelerated(CK_HASH_SHA256));
    ck__sha_ni_allow(true);
    ck_assert_int_eq(ck_hash_accelerated(CK_HASH_SHA224), ck__sha_ni_cpu());
}
END_TEST

Suite *suite_digest(void)
{
    Suite *s = suite_create("digest");
    TCase *t = tcase_create("digest");
    tcase_set_timeout(t, 60);
    tcase_add_loop_test(t, known_answers, 0, (int)(sizeof kats / sizeof kats[0]));
    tcase_add_test(t, every_length_vs_ltc);
    tcase_add_test(t, long_messages);
    tcase_add_test(t, compress_vs_ltc);
    tcase_add_test(t, paths_share_state);
    tcase_add_test(t, finish_block_paths);
    tcase_add_test(t, kdfs_both_paths);
    tcase_add_test(t, api_edges);
    suite_add_tcase(s, t);
    return s;
}
