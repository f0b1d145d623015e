/*
 * test_p12crypto.c - known-answer and property tests for pkcs12/crypto.h: hashes
 * and the one-block fast path, HMAC, PBKDF2, PBKDF1, the RFC 7292 KDF, the PKCS#12
 * and PBES1/PBES2 schemes, the ciphers, EVP_BytesToKey and legacy PEM, the PFX MAC
 * and the iteration cap.
 *
 * Expected values come from RFCs (6070, 4231, 2202, 2268), BouncyCastle's PKCS#12
 * KDF vectors, and the openssl command (OpenSSL 3.0); each openssl-made value has
 * its command in a comment.  The private key used as plaintext is a P-256 key made
 * once with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pkcs12/crypto.h"

/* ---------------------------------------------------------------- helpers */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes hex into a static ring of buffers (enough for one test's arguments). */
static span_t H(const char *hex)
{
    static uint8_t ring[8][2048];
    static unsigned next;
    uint8_t *o = ring[next++ % 8];
    size_t n = strlen(hex);
    ck_assert_msg(n % 2 == 0 && n / 2 <= sizeof ring[0], "bad test hex");
    for (size_t i = 0; i < n / 2; i++) {
        int a = hexval(hex[2 * i]), b = hexval(hex[2 * i + 1]);
        ck_assert(a >= 0 && b >= 0);
        o[i] = (uint8_t)(a << 4 | b);
    }
    return span_make(o, n / 2);
}

static span_t S(const char *s)
{
    return span_make(s, strlen(s));
}

static void assert_bytes(const void *got, size_t gotlen, span_t want, const char *what)
{
    ck_assert_msg(gotlen == want.len, "%s: length %zu, wanted %zu", what, gotlen, want.len);
    ck_assert_msg(memcmp(got, want.p, want.len) == 0, "%s: bytes differ", what);
}

static void assert_hex(const void *got, size_t gotlen, const char *hex, const char *what)
{
    assert_bytes(got, gotlen, H(hex), what);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* `openssl pkcs8 -topk8 -nocrypt -in k.pem -outform DER`: the plaintext of the PBE vectors */
static const char *const K8_DER =
    "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b02"
    "0101042015ff8f925afa771872aaf73dd3d244bd910f3efe2ad59b93af059886"
    "a5b566ada144034200042858c3f8b98e8dffaa1418b9cda2e938ff8db7b28ba9"
    "ba0461457595777504ab440006cf870844014872a405b9adaa1b7f2cb2f60547"
    "1a353c89ca40af8c6b56";
/* `openssl ec -in k.pem -outform DER`: the plaintext of the legacy PEM vectors */
static const char *const SEC1_DER =
    "3077020101042015ff8f925afa771872aaf73dd3d244bd910f3efe2ad59b93af"
    "059886a5b566ada00a06082a8648ce3d030107a144034200042858c3f8b98e8d"
    "ffaa1418b9cda2e938ff8db7b28ba9ba0461457595777504ab440006cf870844"
    "014872a405b9adaa1b7f2cb2f605471a353c89ca40af8c6b56";

/* ------------------------------------------------------------------ hashes */

START_TEST(test_hash_table)
{
    for (int h = CK_HASH_NONE + 1; h < CK_HASH__COUNT; h++) {
        const ck_hash_info *hi = ck__hash_info((ck_hash)h);
        ck_assert_ptr_nonnull(hi);
        ck_assert_int_eq(hi->id, h);
        ck_assert_uint_eq(hi->len, hi->desc->hashsize);
        ck_assert_uint_eq(hi->block, hi->desc->blocksize);
        ck_assert_uint_le(hi->len, CK_HASH_MAX_LEN);
        ck_assert_uint_le(hi->block, CK_HASH_MAX_BLOCK);
        ck_assert_uint_le(hi->state_size, sizeof(hash_state));
        ck_assert_ptr_nonnull(ck_hash_name((ck_hash)h));
        ck_assert_int_ge(ck_hash_ltc_index((ck_hash)h), 0);
        ck_assert_ptr_eq(ck_hash_desc((ck_hash)h), hi->desc);
    }
    ck_assert_ptr_null(ck__hash_info(CK_HASH_NONE));
    ck_assert_ptr_null(ck__hash_info(CK_HASH__COUNT));
    ck_assert_uint_eq(ck_hash_len(CK_HASH_NONE), 0);
    ck_assert_uint_eq(ck__hash_info(CK_HASH_MD2)->kdf_v, 64); /* RFC 7292 B.2 */
    ck_assert_uint_eq(ck_hash_len(CK_HASH_SHA512_224), 28);
    ck_assert_uint_eq(ck_hash_block(CK_HASH_SHA3_256), 136);
    ck_assert_str_eq(ck_hash_name(CK_HASH_SHA512_256), "sha512-256");
    /* registration is idempotent and makes find_hash() work */
    ck_crypto_init();
    ck_crypto_init();
    ck_assert_int_ge(find_hash("sha256"), 0);
    ck_assert_int_ge(find_cipher("aes"), 0);
    ck_assert_ptr_nonnull(ltc_mp.name);
}
END_TEST

START_TEST(test_hash_oids)
{
    ck_assert_int_eq(ck_hash_from_oid(OID_sha1), CK_HASH_SHA1);
    ck_assert_int_eq(ck_hash_from_oid(OID_sha256), CK_HASH_SHA256);
    ck_assert_int_eq(ck_hash_from_oid(OID_md5), CK_HASH_MD5);
    ck_assert_int_eq(ck_hash_from_oid(OID_sha512_224), CK_HASH_SHA512_224);
    ck_assert_int_eq(ck_hash_from_oid(OID_sha3_384), CK_HASH_SHA3_384);
    ck_assert_int_eq(ck_hash_from_oid(OID_hmacWithSHA256), CK_HASH_NONE);
    ck_assert_int_eq(ck_hash_from_oid(OID_UNKNOWN), CK_HASH_NONE);
    ck_assert_int_eq(ck_hash_from_hmac_oid(OID_hmacWithSHA1), CK_HASH_SHA1);
    ck_assert_int_eq(ck_hash_from_hmac_oid(OID_hmacWithSHA512), CK_HASH_SHA512);
    ck_assert_int_eq(ck_hash_from_hmac_oid(OID_hmacWithSHA3_256), CK_HASH_SHA3_256);
    ck_assert_int_eq(ck_hash_from_hmac_oid(OID_sha256), CK_HASH_NONE);
    ck_assert_str_eq(oid_dotted(OID_hmacWithSHA512_256), "1.2.840.113549.2.13");
}
END_TEST

START_TEST(test_hash_kat)
{
    uint8_t d[CK_HASH_MAX_LEN];
    /* RFC 1319, RFC 1320, RFC 1321 "abc" */
    ck_assert_int_eq(ck_hash_memory(CK_HASH_MD2, "abc", 3, d), ASN1_OK);
    assert_hex(d, 16, "da853b0d3f88d99b30283a69e6ded6bb", "md2");
    ck_assert_int_eq(ck_hash_memory(CK_HASH_MD4, "abc", 3, d), ASN1_OK);
    assert_hex(d, 16, "a448017aaf21d8525fc10ae87aa6729d", "md4");
    ck_assert_int_eq(ck_hash_memory(CK_HASH_MD5, "abc", 3, d), ASN1_OK);
    assert_hex(d, 16, "900150983cd24fb0d6963f7d28e17f72", "md5");
    ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA256, "", 0, d), ASN1_OK);
    assert_hex(d, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256");
    ck_assert_int_eq(ck_hash_memory(CK_HASH_NONE, "abc", 3, d), ASN1_E_VALUE);
    ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA1, NULL, 3, d), ASN1_E_VALUE);
}
END_TEST

/* The one-block fast path (pre-padded block, state words read back) must equal
 * process()+done() for every message length it accepts, after 0 or 1 block. */
START_TEST(test_fast_path)
{
    uint8_t msg[128], blk[128], want[CK_HASH_MAX_LEN], got[CK_HASH_MAX_LEN], key[144];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 3);
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(0xa5 ^ i);
    int tested = 0;
    for (int h = CK_HASH_NONE + 1; h < CK_HASH__COUNT; h++) {
        const ck_hash_info *hi = ck__hash_info((ck_hash)h);
        if (hi->fast == CK_FAST_NONE)
            continue;
        for (int prefix_blocks = 0; prefix_blocks <= 2; prefix_blocks++) {
            for (size_t len = 0; ck__fast_ok(hi, len); len++) {
                hash_state a, b;
                ck_assert_int_eq(hi->desc->init(&a), CRYPT_OK);
                for (int k = 0; k < prefix_blocks; k++)
                    ck_assert_int_eq(hi->desc->process(&a, key, hi->block), CRYPT_OK);
                b = a;
                ck_assert_int_eq(hi->desc->process(&a, msg, (unsigned long)len), CRYPT_OK);
                ck_assert_int_eq(hi->desc->done(&a, want), CRYPT_OK);
                ck__pad_block(hi, blk, (uint64_t)prefix_blocks * hi->block, len);
                memcpy(blk, msg, len);
                ck_assert_int_eq(ck__finish_block(hi, &b, blk, got), ASN1_OK);
                ck_assert_msg(memcmp(got, want, hi->len) == 0, "%s len %zu prefix %d", hi->name, len,
                              prefix_blocks);
                tested++;
            }
        }
        ck_assert(ck__fast_ok(hi, hi->len));
        ck_assert(!ck__fast_ok(hi, hi->block));
    }
    ck_assert_int_gt(tested, 500);
}
END_TEST

/* -------------------------------------------------------------------- HMAC */

START_TEST(test_hmac_kat)
{
    static const struct { ck_hash h; const char *key, *data, *mac; } v[] = {
        /* RFC 4231 test case 1 */
        { CK_HASH_SHA224, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
          "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22" },
        { CK_HASH_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
        { CK_HASH_SHA384, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
          "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
          "faea9ea9076ede7f4af152e8b2fa9cb6" },
        { CK_HASH_SHA512, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
          "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
          "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
        /* RFC 2202 test case 1 */
        { CK_HASH_SHA1, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
          "b617318655057264e28bc0b6fb378c8ef146be00" },
        { CK_HASH_MD5, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", "9294727a3638bb1c13f48ef8158bfc9d" },
        /* printf 'Hi There' | openssl mac -digest SHA3-256 -macopt hexkey:0b*20 HMAC */
        { CK_HASH_SHA3_256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
          "ba85192310dffa96e2a3a40e69774351140bb7185e1202cdcc917589f95e16bb" },
    };
    uint8_t mac[CK_HASH_MAX_LEN];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        span_t k = H(v[i].key);
        ck_assert_int_eq(ck_hmac_memory(v[i].h, k.p, k.len, v[i].data, strlen(v[i].data), mac), ASN1_OK);
        assert_hex(mac, ck_hash_len(v[i].h), v[i].mac, ck_hash_name(v[i].h));
    }
    /* the empty key and message: printf '' | openssl mac -digest SHA256 -macopt hexkey: HMAC */
    ck_assert_int_eq(ck_hmac_memory(CK_HASH_SHA256, NULL, 0, NULL, 0, mac), ASN1_OK);
    assert_hex(mac, 32, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", "empty hmac");
    /* RFC 4231 test case 6: a key longer than the block is hashed first */
    uint8_t longkey[131];
    memset(longkey, 0xaa, sizeof longkey);
    const char *d6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    ck_assert_int_eq(ck_hmac_memory(CK_HASH_SHA256, longkey, sizeof longkey, d6, strlen(d6), mac), ASN1_OK);
    assert_hex(mac, 32, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", "tc6 sha256");
    ck_assert_int_eq(ck_hmac_memory(CK_HASH_SHA512, longkey, sizeof longkey, d6, strlen(d6), mac), ASN1_OK);
    assert_hex(mac, 64,
               "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
               "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
               "tc6 sha512");
}
END_TEST

/* Against libtomcrypt's own hmac_memory, every hash, key lengths around the block,
 * messages in pieces, and the context reused after final. */
START_TEST(test_hmac_vs_ltc)
{
    uint8_t key[300], msg[300], a[CK_HASH_MAX_LEN], b[CK_HASH_MAX_LEN];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i * 13 + 1), msg[i] = (uint8_t)(i * 31 + 7);
    for (int h = CK_HASH_NONE + 1; h < CK_HASH__COUNT; h++) {
        const size_t bl = ck_hash_block((ck_hash)h);
        const size_t klens[] = { 0, 1, 20, bl - 1, bl, bl + 1, 2 * bl + 5 };
        for (size_t ki = 0; ki < sizeof klens / sizeof klens[0]; ki++) {
            ck_hmac m;
            ck_assert_int_eq(ck_hmac_init(&m, (ck_hash)h, key, klens[ki]), ASN1_OK);
            for (size_t mlen = 0; mlen < 300 && klens[ki] > 0; mlen += 97) {
                /* (libtomcrypt refuses an empty key; that case is a KAT above) */
                unsigned long outlen = sizeof b;
                ck_assert_int_eq(hmac_memory(ck_hash_ltc_index((ck_hash)h), key, (unsigned long)klens[ki],
                                             msg, (unsigned long)mlen, b, &outlen),
                                 CRYPT_OK);
                ck_hmac_update(&m, msg, mlen / 3);
                ck_hmac_update(&m, msg + mlen / 3, mlen - mlen / 3);
                ck_assert_int_eq(ck_hmac_final(&m, a), ASN1_OK);
                ck_assert_msg(memcmp(a, b, outlen) == 0, "%s klen %zu mlen %zu", ck_hash_name((ck_hash)h),
                              klens[ki], mlen);
            }
            ck_hmac_wipe(&m);
        }
    }
    ck_hmac m;
    ck_assert_int_eq(ck_hmac_init(&m, CK_HASH_NONE, key, 3), ASN1_E_VALUE);
    ck_assert_int_eq(ck_hmac_init(&m, CK_HASH_SHA1, NULL, 3), ASN1_E_VALUE);
}
END_TEST

START_TEST(test_ct_equal_random)
{
    ck_assert(ck_ct_equal("abcd", "abcd", 4));
    ck_assert(!ck_ct_equal("abcd", "abce", 4));
    ck_assert(!ck_ct_equal("xbcd", "abcd", 4));
    ck_assert(ck_ct_equal("a", "b", 0));
    uint8_t r1[32], r2[32];
    ck_assert_int_eq(ck_random_bytes(r1, sizeof r1), ASN1_OK);
    ck_assert_int_eq(ck_random_bytes(r2, sizeof r2), ASN1_OK);
    ck_assert(memcmp(r1, r2, sizeof r1) != 0);
}
END_TEST

/* ------------------------------------------------------------------ PBKDF2 */

START_TEST(test_pbkdf2_kat)
{
    static const struct {
        ck_hash h;
        const char *pass;
        size_t passlen;
        const char *salt;
        size_t saltlen;
        uint64_t iter;
        const char *dk;
    } v[] = {
        /* RFC 6070 */
        { CK_HASH_SHA1, "password", 8, "salt", 4, 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6" },
        { CK_HASH_SHA1, "password", 8, "salt", 4, 2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957" },
        { CK_HASH_SHA1, "password", 8, "salt", 4, 4096, "4b007901b765489abead49d926f721d065a429c1" },
        { CK_HASH_SHA1, "passwordPASSWORDpassword", 24, "saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096,
          "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038" },
        { CK_HASH_SHA1, "pass\0word", 9, "sa\0lt", 5, 4096, "56fa6aa75548099dcc37d7f03425e0c3" },
        /* PBKDF2-HMAC-SHA256, the widely published companions of RFC 6070 */
        { CK_HASH_SHA256, "password", 8, "salt", 4, 1,
          "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b" },
        { CK_HASH_SHA256, "password", 8, "salt", 4, 4096,
          "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a" },
        /* openssl kdf -keylen 64 -kdfopt digest:SHA512 -kdfopt pass:password -kdfopt hexsalt:73616c74 -kdfopt iter:4096 PBKDF2 */
        { CK_HASH_SHA512, "password", 8, "salt", 4, 4096,
          "d197b1b33db0143e018b12f3d1d1479e6cdebdcc97c5c0f87f6902e072f457b5"
          "143f30602641b3d55cd335988cb36b84376060ecd532e039b742a239434af2d5" },
        /* openssl kdf -keylen N -kdfopt digest:D -kdfopt pass:certkit -kdfopt hexsalt:0102030405060708 -kdfopt iter:100 PBKDF2 */
        { CK_HASH_SHA3_256, "certkit", 7, "\1\2\3\4\5\6\7\10", 8, 100,
          "d1e177bf30f7f0df4ebb6bfd14e4d8ea8904d0af034124bdfddfced40a1a25fd"
          "0a61aed296a784696629bb49ad131a3d5b390308eeb46f2e82ad882589f2fcfc"
          "d712e4c01f8d" },
        { CK_HASH_SHA512_256, "certkit", 7, "\1\2\3\4\5\6\7\10", 8, 100,
          "f97458e3ec815537cf0e9e390177544b17bc39bb92b026d85a628e31e4e54bfd47af0382fd87c565" },
        { CK_HASH_MD5, "certkit", 7, "\1\2\3\4\5\6\7\10", 8, 100,
          "f0989d8007ad93122b41da99456ea08110343033bbf51c141bf0cb4a381a729bca02450c5f64fbe6" },
        { CK_HASH_SHA224, "certkit", 7, "\1\2\3\4\5\6\7\10", 8, 100,
          "6e14d7adf80e64134194f9686b46f1a89f9e3f52d9e46528d12595ab0853121e70" },
        { CK_HASH_SHA384, "certkit", 7, "\1\2\3\4\5\6\7\10", 8, 100,
          "0aee23d965e882839c499336efd683ab8fc2aa935045ae6c995477cad1ab2da1"
          "fef6b097313b96ac0189f074b77e46cd616e" },
        { CK_HASH_SHA512_224, "certkit", 7, "\1\2\3\4\5\6\7\10", 8, 100,
          "0da25b60cd8eaaf05527032e227a77a7f0f9db3099afa622bd5040b453b4" },
        { CK_HASH_SHA3_512, "certkit", 7, "\1\2\3\4\5\6\7\10", 8, 100,
          "d869946c7c838495ae9baf7fdfe3388d1c2349aeaee6fdc9373e84489293" },
        /* openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:x*100 -kdfopt hexsalt:0102030405060708 -kdfopt iter:10 PBKDF2 */
        { CK_HASH_SHA256,
          "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
          100, "\1\2\3\4\5\6\7\10", 8, 10, "c1da17b2a99484696b0a6016caefac1693dbaf5a6488b3130abcd2267ed89996" },
    };
    uint8_t out[128];
    /* the empty password:
     * openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexpass: -kdfopt hexsalt:0102030405060708 -kdfopt iter:10 PBKDF2 */
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA256, NULL, 0, H("0102030405060708"), 10, 0, out, 32), ASN1_OK);
    assert_hex(out, 32, "a2489655a619918ea8d34faad193b5654e037cad79428b04f36031bbedeef1fd", "empty password");
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        span_t want = H(v[i].dk);
        memset(out, 0, sizeof out);
        ck_assert_int_eq(pbkdf2_hmac(v[i].h, (const uint8_t *)v[i].pass, v[i].passlen,
                                     span_make(v[i].salt, v[i].saltlen), v[i].iter, 0, out, want.len),
                         ASN1_OK);
        char what[64];
        snprintf(what, sizeof what, "pbkdf2 vector %zu (%s)", i, ck_hash_name(v[i].h));
        assert_bytes(out, want.len, want, what);
    }
}
END_TEST

/* Against libtomcrypt's pkcs_5_alg2 (the slow reference), every hash and shapes
 * that cross block and output boundaries. */
START_TEST(test_pbkdf2_vs_ltc)
{
    uint8_t pass[200], salt[80], a[200], b[200];
    for (size_t i = 0; i < sizeof pass; i++)
        pass[i] = (uint8_t)(i * 5 + 11);
    for (size_t i = 0; i < sizeof salt; i++)
        salt[i] = (uint8_t)(i * 3 + 1);
    const struct { size_t passlen, saltlen; int iter; size_t outlen; } shapes[] = {
        { 1, 0, 1, 1 }, { 8, 8, 3, 17 }, { 64, 16, 7, 65 }, { 150, 79, 2, 200 }, { 2, 8, 5, 32 },
    };
    for (int h = CK_HASH_NONE + 1; h < CK_HASH__COUNT; h++) {
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            unsigned long outlen = (unsigned long)shapes[s].outlen;
            ck_assert_int_eq(pkcs_5_alg2(pass, (unsigned long)shapes[s].passlen, salt,
                                         (unsigned long)shapes[s].saltlen, shapes[s].iter,
                                         ck_hash_ltc_index((ck_hash)h), b, &outlen),
                             CRYPT_OK);
            ck_assert_int_eq(pbkdf2_hmac((ck_hash)h, pass, shapes[s].passlen,
                                         span_make(salt, shapes[s].saltlen), (uint64_t)shapes[s].iter, 0,
                                         a, shapes[s].outlen),
                             ASN1_OK);
            ck_assert_msg(memcmp(a, b, shapes[s].outlen) == 0, "%s shape %zu", ck_hash_name((ck_hash)h), s);
        }
    }
}
END_TEST

START_TEST(test_pbkdf2_args)
{
    uint8_t out[32];
    span_t salt = S("salt");
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA1, (const uint8_t *)"p", 1, salt, 0, 0, out, 20), ASN1_E_VALUE);
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_NONE, (const uint8_t *)"p", 1, salt, 1, 0, out, 20),
                     ASN1_E_UNSUPPORTED);
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA1, (const uint8_t *)"p", 1, salt, 1, 0, out, 0), ASN1_E_VALUE);
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA1, NULL, 1, salt, 1, 0, out, 20), ASN1_E_VALUE);
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA1, NULL, 0, salt, 1, 0, out, 20), ASN1_OK);
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA1, (const uint8_t *)"p", 1, span_make(NULL, 3), 1, 0, out, 20),
                     ASN1_E_VALUE);
}
END_TEST

/* ------------------------------------------------------------- iteration cap */

/* Every KDF and scheme refuses a count over the cap at once, before any work:
 * the output is untouched and the call returns in well under a second. */
START_TEST(test_iteration_cap)
{
    uint8_t out[32], salt[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    span_t s = span_make(salt, 8);
    const uint8_t *pw = (const uint8_t *)"certkit";
    buf_t b = BUF_INIT;
    const uint64_t over[] = { CK_MAX_ITER_DEFAULT + 1, UINT64_MAX, 1ull << 40 };
    double t0 = now_s();
    for (size_t i = 0; i < sizeof over / sizeof over[0]; i++) {
        memset(out, 0xaa, sizeof out);
        ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA256, pw, 7, s, over[i], 0, out, 32), ASN1_E_LIMIT);
        ck_assert_int_eq(pbkdf1(CK_HASH_SHA1, pw, 7, s, over[i], 0, out, 16), ASN1_E_LIMIT);
        ck_assert_int_eq(pkcs12_kdf(CK_HASH_SHA1, 1, pw, 7, s, over[i], 0, out, 24), ASN1_E_LIMIT);
        for (size_t k = 0; k < sizeof out; k++)
            ck_assert_uint_eq(out[k], 0xaa);
        ck_assert_int_eq(pkcs12_mac(CK_HASH_SHA1, "certkit", s, over[i], 0, S("data"), out), ASN1_E_LIMIT);
        ck_assert_int_eq(pkcs12_mac_verify(CK_HASH_SHA1, "certkit", s, over[i], 0, S("data"), S("x")),
                         ASN1_E_LIMIT);
        ck_assert_int_eq(pbe_pkcs12_decrypt(PBE_SHA1_3DES, "certkit", s, over[i], 0, H("0011223344556677"), &b),
                         ASN1_E_LIMIT);
        ck_assert_int_eq(pbes1_decrypt(PBE_MD5_DES, pw, 7, s, over[i], 0, H("0011223344556677"), &b),
                         ASN1_E_LIMIT);
        pbes2_params p = { CK_HASH_SHA256, s, over[i], 0, CK_AES256_CBC, 0, H("00112233445566778899aabbccddeeff"), false, 0, 0, 0 };
        ck_assert_int_eq(pbes2_decrypt(&p, pw, 7, 0, H("00112233445566778899aabbccddeeff"), &b), ASN1_E_LIMIT);
        ck_assert_uint_eq(b.len, 0);
    }
    ck_assert_msg(now_s() - t0 < 0.5, "refusals took %.3f s", now_s() - t0);

    /* a caller-given cap: equal passes, one more fails */
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA1, pw, 7, s, 1000, 1000, out, 20), ASN1_OK);
    ck_assert_int_eq(pbkdf2_hmac(CK_HASH_SHA1, pw, 7, s, 1001, 1000, out, 20), ASN1_E_LIMIT);
    ck_assert_int_eq(pkcs12_kdf(CK_HASH_SHA1, 1, pw, 7, s, 50, 50, out, 24), ASN1_OK);
    ck_assert_int_eq(pkcs12_kdf(CK_HASH_SHA1, 1, pw, 7, s, 51, 50, out, 24), ASN1_E_LIMIT);
    /* the default cap itself is allowed (not run here: it is the boundary check only) */
    ck_assert_int_eq(ck__check_iter(CK_MAX_ITER_DEFAULT, 0), ASN1_OK);
    ck_assert_int_eq(ck__check_iter(CK_MAX_ITER_DEFAULT + 1, 0), ASN1_E_LIMIT);
    ck_assert_int_eq(ck__check_iter(20000000, 30000000), ASN1_OK);
    ck_assert_int_eq(ck__check_iter(0, 0), ASN1_E_VALUE);
    buf_wipe_free(&b);
}
END_TEST

/* ---------------------------------------------------------- PKCS#12 KDF */

START_TEST(test_pass_bmp)
{
    static const struct { const char *utf8, *bmp; } v[] = {
        { "smeg", "0073006d006500670000" },
        { "", "0000" },
        { "\xc3\xa9", "00e90000" },                 /* U+00E9 */
        { "\xe2\x82\xac", "20ac0000" },             /* U+20AC */
        { "\xf0\x9f\x98\x80", "d83dde000000" },     /* U+1F600: a surrogate pair */
        { "\xf4\x8f\xbf\xbf", "dbffdfff0000" },     /* U+10FFFF */
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        buf_t b = BUF_INIT;
        ck_assert_int_eq(pkcs12_pass_bmp(v[i].utf8, &b), ASN1_OK);
        assert_hex(b.p, b.len, v[i].bmp, v[i].bmp);
        buf_wipe_free(&b);
    }
    buf_t b = BUF_INIT;
    ck_assert_int_eq(pkcs12_pass_bmp(NULL, &b), ASN1_OK); /* absent: nothing at all */
    ck_assert_uint_eq(b.len, 0);
    static const char *const bad[] = {
        "\xc3", "\xc0\x80", "\xe0\x80\x80", "\xed\xa0\x80" /* surrogate */, "\xf4\x90\x80\x80",
        "\xff", "ab\x80", "\xf0\x9f\x98",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(pkcs12_pass_bmp(bad[i], &b), ASN1_E_VALUE);
        ck_assert_uint_eq(b.len, 0);
    }
    buf_wipe_free(&b);
}
END_TEST

START_TEST(test_pkcs12_kdf_kat)
{
    static const char *const SMEG = "0073006d006500670000", *const QUEEG = "007100750065006500670000";
    static const char *const CERTKIT = "0063006500720074006b006900740000";
    static const char *const LONGPASS = /* "a rather long password, longer than one block" */
        "006100200072006100740068006500720020006c006f006e0067002000700061"
        "007300730077006f00720064002c0020006c006f006e00670065007200200074"
        "00680061006e0020006f006e006500200062006c006f0063006b0000";
    static const char *const SALT70 =
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        "404142434445";
    static const struct {
        ck_hash h;
        int id;
        const char *pass, *salt;
        uint64_t iter;
        const char *out;
    } v[] = {
        /* BouncyCastle's PKCS12 KDF vectors (PKCS12Test), confirmed with
         * openssl kdf -keylen N -kdfopt digest:SHA1 -kdfopt hexpass:P -kdfopt hexsalt:S
         *   -kdfopt iter:I -kdfopt id:ID PKCS12KDF */
        { CK_HASH_SHA1, 1, SMEG, "0a58cf64530d823f", 1, "8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3" },
        { CK_HASH_SHA1, 2, SMEG, "0a58cf64530d823f", 1, "79993dfe048d3b76" },
        { CK_HASH_SHA1, 1, SMEG, "642b99ab44fb4b1f", 1, "f3a95fec48d7711e985cfe67908c5ab79fa3d7c5caa5d966" },
        { CK_HASH_SHA1, 2, SMEG, "642b99ab44fb4b1f", 1, "c0a38d64a79bea1d" },
        { CK_HASH_SHA1, 3, SMEG, "3d83c0e4546ac140", 1, "8d967d88f6caa9d714800ab3d48051d63f73a312" },
        { CK_HASH_SHA1, 1, QUEEG, "05dec959acff72f7", 1000, "ed2034e36328830ff09df1e1a07dd357185dac0d4f9eb3d4" },
        { CK_HASH_SHA1, 2, QUEEG, "05dec959acff72f7", 1000, "11dedad7758d4860" },
        { CK_HASH_SHA1, 1, QUEEG, "1682c0fc5b3f7ec5", 1000, "483dd6e919d7de2e8e648ba8f862f3fbfbdc2bcb2c02957f" },
        { CK_HASH_SHA1, 2, QUEEG, "1682c0fc5b3f7ec5", 1000, "9d461d1b00355c50" },
        { CK_HASH_SHA1, 3, QUEEG, "263216fcc2fab31c", 1000, "5ec4c7a80df652294c3925b6489a7ab857c83476" },
        /* same command: several output blocks (I is updated between them) */
        { CK_HASH_SHA256, 1, CERTKIT, "0102030405060708", 2048,
          "2866e0f52686855b875bcaa23273867b8dc7c984a3100a1684b71f5a8b7d1fc4"
          "b6608e6fcd92cf07aa76c802966d82fedcb6af508f3698f70184edff2bc3edc3"
          "10e155a52502a387e349ebd2dc85c28d7cbbe4b1453cf5a5f6439f81768aeeb1"
          "10003c75" },
        { CK_HASH_SHA512, 3, CERTKIT, "0102030405060708", 1000,
          "d25d495c486b28c8000ef0c080b56630a731692b614d231b31f138246c3a26de"
          "cce03874e86d6b6e88cc18ef6bc9a96f205ef6bbc33127639f6611468dfa2660" },
        /* password and salt longer than a block */
        { CK_HASH_SHA1, 1, LONGPASS, SALT70, 3,
          "3c5681fb0161fa1ef6450ac928c1f3dbf4c23aff89e58552556725661ebcf374"
          "0e793653e47239c1818e25e8f295d8ed374a" },
        /* absent password (hexpass: empty), empty password (hexpass:0000), empty salt */
        { CK_HASH_SHA1, 1, "", "0a58cf64530d823f", 1, "9985036e1a31d2812085d6cef9db2e03dcbb6b9cd0100fb5" },
        { CK_HASH_SHA1, 1, "0000", "0a58cf64530d823f", 1, "46dcc1d4aea61e4498f3ea3e6507a7e2572a837acd212182" },
        { CK_HASH_SHA1, 1, SMEG, "", 1, "a851ab66847cd5f61f21cc91da390cabf83a16d9cbfab0e7" },
        /* other hashes: v = 64 (MD5), 136 (SHA3-256), 128 (SHA512/224) */
        { CK_HASH_MD5, 1, SMEG, "0a58cf64530d823f", 5,
          "b706cc719f8f389e84b3e87602826da00ac8cb18c475cace1ceec5119ca16d9a003bda6d533675fe" },
        { CK_HASH_SHA3_256, 1, SMEG, "0a58cf64530d823f", 5,
          "88896d6199cfdf24eea52f35c6250fce9a9ff6c5e69a10e3e2cdaa8f8b03d096b8d40bf403b0c28e" },
        { CK_HASH_SHA512_224, 1, SMEG, "0a58cf64530d823f", 5,
          "c58460d97c57e185bf7208b4f9f680dbba2235c08c095e229ce9d1035d46a4cc4fe799b00d3dfcee" },
    };
    uint8_t out[128];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        span_t pass = H(v[i].pass), salt = H(v[i].salt), want = H(v[i].out);
        memset(out, 0, sizeof out);
        ck_assert_int_eq(pkcs12_kdf(v[i].h, v[i].id, pass.len ? pass.p : NULL, pass.len, salt, v[i].iter, 0,
                                    out, want.len),
                         ASN1_OK);
        char what[64];
        snprintf(what, sizeof what, "pkcs12 kdf vector %zu", i);
        assert_bytes(out, want.len, want, what);
    }
    /* a NULL password is the absent one, whatever length is passed */
    ck_assert_int_eq(pkcs12_kdf(CK_HASH_SHA1, 1, NULL, 5, H("0a58cf64530d823f"), 1, 0, out, 24), ASN1_OK);
    assert_hex(out, 24, "9985036e1a31d2812085d6cef9db2e03dcbb6b9cd0100fb5", "NULL password");
    ck_assert_int_eq(pkcs12_kdf(CK_HASH_SHA1, 0, NULL, 0, H("00"), 1, 0, out, 24), ASN1_E_VALUE);
    ck_assert_int_eq(pkcs12_kdf(CK_HASH_SHA1, 4, NULL, 0, H("00"), 1, 0, out, 24), ASN1_E_VALUE);
    ck_assert_int_eq(pkcs12_kdf(CK_HASH_NONE, 1, NULL, 0, H("00"), 1, 0, out, 24), ASN1_E_UNSUPPORTED);
    ck_assert_int_eq(pkcs12_kdf(CK_HASH_SHA1, 1, NULL, 0, H("00"), 0, 0, out, 24), ASN1_E_VALUE);
}
END_TEST

/* ------------------------------------------------------------------- PFX MAC */

static const struct {
    ck_hash h;
    uint64_t iter;
    const char *salt, *mac, *authsafe;
} mac_vectors[] = {
    /* openssl pkcs12 -export -nocerts -inkey k.pem -passout pass:certkit -out m256.p12
     * openssl pkcs12 -export -legacy -nocerts -inkey k.pem -passout pass:certkit -out m1.p12
     * openssl pkcs12 -export -nocerts -inkey k.pem -passout pass: -out mempty.p12
     * (salt, mac and the authSafe content octets read with openssl asn1parse) */
    /* m256.p12 */
    { CK_HASH_SHA256, 2048, "f2664d2fb658d0b6", "acaf85c51467c2bc53ccb50ed97cfb720539f07508a45869e3d6fb8cbb179c32",
        "3082011d3082011906092a864886f70d010701a082010a048201063082010230"
        "81ff060b2a864886f70d010c0a0102a081ef3081ec305706092a864886f70d01"
        "050d304a302906092a864886f70d01050c301c04086f2e8b46fd251359020208"
        "00300c06082a864886f70d02090500301d060960864801650304012a0410f644"
        "c86760647b531d5d7330f52d21c1048190a8f66011bb5ff14f9d9efe4b1527cc"
        "b455fd81280cf507e159f146d23cbdf0f09cbfa405c4d33b324817e723b007ee"
        "de687970bc060575f72abe5fa6d6185337f8e96f2e456bfd9545f3d4e345317a"
        "0aa6a191e178580cd9ed5bdbe4fe5428f3d5d4742db1ca1a6bf24368fb4e0d6f"
        "8bfb6edd20e06427de3a59303c9dd2c5673f7f4db68929ace1948560df70a481"
        "b1" },
    /* m1.p12 */
    { CK_HASH_SHA1, 2048, "69dc9be0d25790db", "b287aa041d94d3d73ee9f19e1f0f7dedfa5d601b",
        "3081de3081db06092a864886f70d010701a081cd0481ca3081c73081c4060b2a"
        "864886f70d010c0a0102a081b43081b1301c060a2a864886f70d010c0103300e"
        "04088133fed065ee294f02020800048190a6a8f44d09fdb208ba44f52dfd0924"
        "8b2b87a3342ee071c662f8310936433130e90f5e8a73de9cad4864168fd68814"
        "ffeb2b02da1080534704b1d397218d4af802d7cb99f4a7b5c2e1179a224a7023"
        "cafbe4968a3ba9d34c5a72976353d78d8a1627e312a42299a8607775188c83e8"
        "7fa53973ba3e907d6b82316d1fe8f930a206cff86e867b3f413b18772ab5d0eb"
        "4e" },
    /* mempty.p12 */
    { CK_HASH_SHA256, 2048, "5d4f61d59eaa9f9e", "110efcb4c8ad0e76b2f47109d48e8a65743a211b58a98241ddd06eb259d90c1f",
        "3082011d3082011906092a864886f70d010701a082010a048201063082010230"
        "81ff060b2a864886f70d010c0a0102a081ef3081ec305706092a864886f70d01"
        "050d304a302906092a864886f70d01050c301c040887b707f2bde8ec9c020208"
        "00300c06082a864886f70d02090500301d060960864801650304012a04109674"
        "3dce998ca7d7a365dc06f77e453c0481902b2ae1b19dd4657340bb8e10a3bfcb"
        "7142f60203d137941da0404f449de55dcb217b64bd078da8c7cda3324f7e2555"
        "a020697df153484911c3dc0b7c49cf0848cd8e233989229b874504f0ea772878"
        "e7ce2127b7192442835df30a3205c85511f820683b96460d1df9ac2c58954c33"
        "d880bd671524a565601568434322ce335a12e8891cf1162a0dcc2b13f9bb319a"
        "13" },
};

START_TEST(test_pkcs12_mac)
{
    for (size_t i = 0; i < 2; i++) {
        span_t salt = H(mac_vectors[i].salt), mac = H(mac_vectors[i].mac), data = H(mac_vectors[i].authsafe);
        uint8_t got[CK_HASH_MAX_LEN];
        ck_assert_int_eq(pkcs12_mac(mac_vectors[i].h, "certkit", salt, mac_vectors[i].iter, 0, data, got), ASN1_OK);
        assert_bytes(got, ck_hash_len(mac_vectors[i].h), mac, "pfx mac");
        ck_assert_int_eq(pkcs12_mac_verify(mac_vectors[i].h, "certkit", salt, mac_vectors[i].iter, 0, data, mac),
                         ASN1_OK);
        ck_assert_int_eq(pkcs12_mac_verify(mac_vectors[i].h, "certkiT", salt, mac_vectors[i].iter, 0, data, mac),
                         ASN1_E_CRYPTO);
        ck_assert_int_eq(pkcs12_mac_verify(mac_vectors[i].h, NULL, salt, mac_vectors[i].iter, 0, data, mac),
                         ASN1_E_CRYPTO);
        /* one flipped bit in the data, a truncated MAC, another iteration count */
        uint8_t *d = (uint8_t *)(uintptr_t)data.p;
        d[data.len / 2] ^= 0x10;
        ck_assert_int_eq(pkcs12_mac_verify(mac_vectors[i].h, "certkit", salt, mac_vectors[i].iter, 0, data, mac),
                         ASN1_E_CRYPTO);
        d[data.len / 2] ^= 0x10;
        ck_assert_int_eq(pkcs12_mac_verify(mac_vectors[i].h, "certkit", salt, mac_vectors[i].iter, 0, data,
                                           span_make(mac.p, mac.len - 1)),
                         ASN1_E_CRYPTO);
        ck_assert_int_eq(pkcs12_mac_verify(mac_vectors[i].h, "certkit", salt, mac_vectors[i].iter - 1, 0, data,
                                           mac),
                         ASN1_E_CRYPTO);
    }
    /* openssl's "-passout pass:" PFX: MACed with the empty password (BMP 00 00),
     * not the absent one */
    span_t salt = H(mac_vectors[2].salt), mac = H(mac_vectors[2].mac), data = H(mac_vectors[2].authsafe);
    ck_assert_int_eq(pkcs12_mac_verify(mac_vectors[2].h, "", salt, mac_vectors[2].iter, 0, data, mac), ASN1_OK);
    ck_assert_int_eq(pkcs12_mac_verify(mac_vectors[2].h, NULL, salt, mac_vectors[2].iter, 0, data, mac),
                     ASN1_E_CRYPTO);
}
END_TEST

/* ------------------------------------------------------ PKCS#12 PBEs, PBES1 */

static const struct {
    const char *name;
    pbe_scheme s;
    const char *pass;
    uint64_t iter;
    const char *salt, *ct;
} pbe_vectors[] = {
    /* EncryptedPrivateKeyInfo made by openssl from k.pem; salt and ciphertext
     * read with openssl asn1parse.  The plaintext is K8_DER. */
    /* p12_3des: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-3DES -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p12_3des", PBE_SHA1_3DES, "certkit", 2048, "de33f30b0aeb6f09",
        "10e8eef743fa5572daa0dd54d7c10eee7518f206bd1e8b43cca3f6e6b08ee0f9"
        "c805e7007d6410556f2c86b1f64c971891ca402392489e3a0702bbf70a844686"
        "b2a2fef6d992c9f712f7fdfa933568837402c0417d24aa993f923a5609e629dc"
        "02a8badaf5f2f111919a00896ac13e092c2e6c26ecf7e1a17feca64730c4be9a"
        "67ce75abc556f8784b3c06ac482972d3" },
    /* p12_2des: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-2DES -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p12_2des", PBE_SHA1_2DES, "certkit", 2048, "2f6b874c03eded16",
        "38869d496ba1186f6dfb692ee236bb89d1c554f5e715847db42d9f7d10adeed5"
        "5bd77d6501f0c7da00e6bde423d96136db14757e0545612231c31ff3667d63bd"
        "4d55690912296233286c2607b4e2899ebaa29eeba49cffccf348ea87ba3bbf58"
        "88681e4363327198c938c7b50194f528242fe7b0e07bc19cd1f856be0bf78160"
        "2fea6b0295313fb98e1389f7a1fdd54f" },
    /* p12_rc2_128: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-RC2-128 -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p12_rc2_128", PBE_SHA1_RC2_128, "certkit", 2048, "b332d74b36276071",
        "331490277941ac16183b50011202fe48aea814b3d186712eb60a2ce4a7d2fe69"
        "cfb7fa64c0b3a669d981ca2a87ef4297023be1ab7de9a1be177b8312c529c0e2"
        "2df3404999f9e7135d55b3efcb87d860107f4a60a069e32a8f910807998297c8"
        "aa83ed2af7e6563d0e942eb0b60000657f72fa2471586bf38dd7c1517c7d6aee"
        "46d87d5800d50de3396f7097a02e2aae" },
    /* p12_rc2_40: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-RC2-40 -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p12_rc2_40", PBE_SHA1_RC2_40, "certkit", 2048, "7bc69a9a43f89141",
        "85b407c01bee824109c2dddc804311f1bdb9b7aa5ca69c4cb0449aa390b2e5ac"
        "7ccfd520c31592da9f48491ba5f372df7fa143b554be026dba0d25fb9ac939b7"
        "ae345228eef3dc4cbacac6fd0aa1981920c48ba4d472dde1a8afe7ff90712066"
        "8d1e23a083d02c8bed5e55646cf2b542d93703a2244452b55a9061e0e6042f6e"
        "46aa14ba6c041f3aca9be17b0f61dd14" },
    /* p12_rc4_128: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-RC4-128 -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p12_rc4_128", PBE_SHA1_RC4_128, "certkit", 2048, "d6be5d155264f2d1",
        "f0023e4f23d5107a926081c8b355a13fc901b762d583cb0159d3bfd2b5b2606f"
        "49657170d500bb9318c058154d0898fd0b823c326ba7b4c5aac1db6f4749635b"
        "33723032efe70c2594aa927bf8166902e4de63dd54e4f21381a1fb203676b5a8"
        "43ef4f0116d8808cef696a3831e4b6f12dd014daefeac70503083110ac4d411b"
        "a32191512bedb3908935" },
    /* p12_rc4_40: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-RC4-40 -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p12_rc4_40", PBE_SHA1_RC4_40, "certkit", 2048, "ed8fb06cfd0bb935",
        "6f9606548681d8049e04212c108a7cc2a6b1fad05caa982f64ad8a5f1d4cc21a"
        "5db4de69bb2a8151d298f02080055e6f17e712f79d849255cdbfd9b5ca0f6e8a"
        "fbb3e049b923b6ea70abb7267bed7060660063321c9c538f6aebcbedc1419170"
        "e5d6e1b4cf3afa1960f7db1777503800ac0de8dd40b40d50064b824cc9da92a0"
        "f99234aa43e5f3c1c3b5" },
    /* p12_3des_utf8: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-3DES -passout pass:p\xe4ssw\xf6rd\U0001f600 -iter 1000 -provider legacy -provider default */
    { "p12_3des_utf8", PBE_SHA1_3DES, "p\xc3\xa4ssw\xc3\xb6rd\xf0\x9f\x98\x80", 1000, "6d841a5b78b752fa",
        "8c206e01b83e0eedbdfba796601a434ec3e1ecd0f4dad50fd42540e2a092059e"
        "92f28ea3875b21cd7e86aa9dbf13c6a0ca35358d3eb0501ed9154876b2c054ab"
        "540d9c85cc33fbec09a1d2b55e8274ad7e6d89b79869b64aecfc6769b8dacd7f"
        "e119f14e614411d2537143eec19ddbc08adab4d4b5682cacbd990b6191454489"
        "00df9b2c6259fc495fbe8286bbeb0eef" },
    /* p5_md5_des: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-MD5-DES -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p5_md5_des", PBE_MD5_DES, "certkit", 2048, "4f898bafc3645fdf",
        "422563a1a74c0f9ad2576b31962fab3e12f74c2754da49aed80f6bc05e4c57a2"
        "221c0f806dce53d014255f742d1a007d04b56ff95ee54fc6b6184d3679ba0bcc"
        "111487f8fff5cde53c67688a6f8aedb32329836e5803ef80c18fa775905a4ae5"
        "008691f97ed06fd5e35690c7554026cd05f5e575845a0bde71fd08a32948398f"
        "74de9f91ed11b55a3d4dad2df5c295f1" },
    /* p5_sha1_des: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-DES -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p5_sha1_des", PBE_SHA1_DES, "certkit", 2048, "ece956224d3dbb59",
        "d9714ea09c545fa3d33978659dc29207421e5b1d3f3c6081584228a557d0b6e7"
        "5307f8d96c49579a3e9cd036a0421c077731f8945bedd0f07ad47cad696e6518"
        "3f8d354f6162fba082bfb0099fd9489429a111c5fd78b2944144d7954fb985f4"
        "4d7e819e4a76616962e1887e96b658f61f9f5ecf4036f1f08cda7d6d91bc51a8"
        "bc72df683689f565c0df8ca042a56f65" },
    /* p5_md5_rc2: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-MD5-RC2-64 -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p5_md5_rc2", PBE_MD5_RC2_64, "certkit", 2048, "39119d244baa837d",
        "0cdbf548518a131383c6187973f3bdab53b86e0bd5d94db07c2b5aa2eb961af0"
        "decdf4bd881adfe3531df097ae62434cb0c1d6ac6f92a5cb205411314602035b"
        "7dc978a083401ca3ce01db4c26353494687e8531a7d5d84960381313271714ce"
        "13c84bc57284f6e45576017ac656a4698824dcf2cee82ec72379e2a8b7d2a4be"
        "edc1db5cfcbf13969fe02796e3367512" },
    /* p5_sha1_rc2: openssl pkcs8 -topk8 -in k.pem -outform DER -v1 PBE-SHA1-RC2-64 -passout pass:certkit -iter 2048 -provider legacy -provider default */
    { "p5_sha1_rc2", PBE_SHA1_RC2_64, "certkit", 2048, "e460789b253da835",
        "cc403e8c32d312492dcd9bc2560191cb13af9de8a74ebdecfc8e0687de1ebdd7"
        "3f2ac2b5efdc7b90670ecae0c658fd1e6fef055ef812b98a6e9b2a494df76376"
        "d1ed0d6dfd4fdce81b8d957008b29b8fde99452a359aa688098b3ae697f74a37"
        "0a3f24dd2fad8b4ad163ab71ef8b98e0190c2a62586340bec4b5270ffa0e2c1c"
        "6fbdfcf30a4e09faa518ad6149409b7c" },
};

START_TEST(test_pbe_openssl)
{
    span_t k8 = H(K8_DER);
    uint8_t plain[256];
    memcpy(plain, k8.p, k8.len);
    k8 = span_make(plain, k8.len);
    for (size_t i = 0; i < sizeof pbe_vectors / sizeof pbe_vectors[0]; i++) {
        const pbe_info *pi = pbe_get(pbe_vectors[i].s);
        ck_assert_ptr_nonnull(pi);
        span_t salt = H(pbe_vectors[i].salt), ct = H(pbe_vectors[i].ct);
        const char *pw = pbe_vectors[i].pass;
        buf_t b = BUF_INIT;
        if (pi->pkcs12)
            ck_assert_int_eq(pbe_pkcs12_decrypt(pbe_vectors[i].s, pw, salt, pbe_vectors[i].iter, 0, ct, &b), ASN1_OK);
        else
            ck_assert_int_eq(pbes1_decrypt(pbe_vectors[i].s, (const uint8_t *)pw, strlen(pw), salt,
                                           pbe_vectors[i].iter, 0, ct, &b),
                             ASN1_OK);
        assert_bytes(b.p, b.len, k8, pbe_vectors[i].name);
        buf_reset(&b);
        /* the dispatcher picks the same path */
        ck_assert_int_eq(pbe_decrypt(pbe_vectors[i].s, pw, salt, pbe_vectors[i].iter, 0, ct, &b), ASN1_OK);
        assert_bytes(b.p, b.len, k8, pbe_vectors[i].name);
        buf_reset(&b);
        /* encryption with the same salt and count gives openssl's bytes */
        if (pi->pkcs12)
            ck_assert_int_eq(pbe_pkcs12_encrypt(pbe_vectors[i].s, pw, salt, pbe_vectors[i].iter, 0, k8, &b), ASN1_OK);
        else
            ck_assert_int_eq(pbes1_encrypt(pbe_vectors[i].s, (const uint8_t *)pw, strlen(pw), salt,
                                           pbe_vectors[i].iter, 0, k8, &b),
                             ASN1_OK);
        assert_bytes(b.p, b.len, ct, pbe_vectors[i].name);
        buf_reset(&b);
        /* a wrong password fails (bad padding), or at least does not give the key */
        asn1_err e = pbe_decrypt(pbe_vectors[i].s, "wrong", salt, pbe_vectors[i].iter, 0, ct, &b);
        ck_assert(e == ASN1_E_CRYPTO || (e == ASN1_OK && (b.len != k8.len || memcmp(b.p, k8.p, k8.len) != 0)));
        if (pi->cipher != CK_RC4)
            ck_assert_int_eq(e, ASN1_E_CRYPTO);
        if (e != ASN1_OK)
            ck_assert_uint_eq(b.len, 0);
        buf_wipe_free(&b);
    }
    /* the schemes are the wrong kind for the other function */
    buf_t b = BUF_INIT;
    ck_assert_int_eq(pbe_pkcs12_decrypt(PBE_MD5_DES, "x", H("00"), 1, 0, H("0011223344556677"), &b), ASN1_E_VALUE);
    ck_assert_int_eq(pbes1_decrypt(PBE_SHA1_3DES, (const uint8_t *)"x", 1, H("00"), 1, 0, H("0011223344556677"), &b),
                     ASN1_E_VALUE);
    ck_assert_int_eq(pbe_decrypt(PBE_NONE, "x", H("00"), 1, 0, H("0011223344556677"), &b), ASN1_E_UNSUPPORTED);
    buf_wipe_free(&b);
}
END_TEST

/* MD2 PBES1 (openssl 3 has no MD2 any more): round trip and a PBKDF1 check
 * against the definition, T = MD2(MD2(P || S)). */
START_TEST(test_pbes1_md2_pbkdf1)
{
    uint8_t dk[16], t[16], in[64];
    span_t salt = H("0102030405060708");
    ck_assert_int_eq(pbkdf1(CK_HASH_MD2, (const uint8_t *)"certkit", 7, salt, 2, 0, dk, 16), ASN1_OK);
    memcpy(in, "certkit", 7);
    memcpy(in + 7, salt.p, 8);
    ck_assert_int_eq(ck_hash_memory(CK_HASH_MD2, in, 15, t), ASN1_OK);
    ck_assert_int_eq(ck_hash_memory(CK_HASH_MD2, t, 16, t), ASN1_OK);
    ck_assert(memcmp(dk, t, 16) == 0);
    /* PBKDF1 with SHA-1, 3 iterations, against the definition (fast path) */
    uint8_t d20[20], t20[20];
    ck_assert_int_eq(pbkdf1(CK_HASH_SHA1, (const uint8_t *)"certkit", 7, salt, 3, 0, d20, 20), ASN1_OK);
    ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA1, in, 15, t20), ASN1_OK);
    ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA1, t20, 20, t20), ASN1_OK);
    ck_assert_int_eq(ck_hash_memory(CK_HASH_SHA1, t20, 20, t20), ASN1_OK);
    ck_assert(memcmp(d20, t20, 20) == 0);
    ck_assert_int_eq(pbkdf1(CK_HASH_SHA1, (const uint8_t *)"certkit", 7, salt, 3, 0, d20, 21), ASN1_E_VALUE);

    span_t k8 = H(K8_DER);
    for (pbe_scheme s = PBE_MD2_DES; s <= PBE_MD2_RC2_64; s++) {
        buf_t c = BUF_INIT, p = BUF_INIT;
        ck_assert_int_eq(pbes1_encrypt(s, (const uint8_t *)"pw", 2, salt, 100, 0, k8, &c), ASN1_OK);
        ck_assert_uint_eq(c.len, (k8.len / 8 + 1) * 8);
        ck_assert_int_eq(pbes1_decrypt(s, (const uint8_t *)"pw", 2, salt, 100, 0, span_make(c.p, c.len), &p), ASN1_OK);
        assert_bytes(p.p, p.len, k8, "md2 pbes1");
        buf_wipe_free(&c);
        buf_wipe_free(&p);
    }
}
END_TEST

START_TEST(test_pbe_table)
{
    for (int s = PBE_NONE + 1; s < PBE__COUNT; s++) {
        const pbe_info *pi = pbe_get((pbe_scheme)s);
        ck_assert_ptr_nonnull(pi);
        ck_assert_int_eq(pi->id, s);
        const ck_cipher_info *ci = ck_cipher_get(pi->cipher);
        ck_assert_ptr_nonnull(ci);
        ck_assert_uint_eq(pi->ivlen, ci->ivlen);
        ck_assert_uint_le(pi->keylen, 24);
    }
    ck_assert_int_eq(pbe_from_oid(OID_pbeWithSHAAnd3_KeyTripleDES_CBC), PBE_SHA1_3DES);
    ck_assert_int_eq(pbe_from_oid(OID_pbeWithSHAAnd2_KeyTripleDES_CBC), PBE_SHA1_2DES);
    ck_assert_int_eq(pbe_from_oid(OID_pbeWithSHAAnd40BitRC2_CBC), PBE_SHA1_RC2_40);
    ck_assert_int_eq(pbe_from_oid(OID_pbeWithSHAAnd128BitRC4), PBE_SHA1_RC4_128);
    ck_assert_int_eq(pbe_from_oid(OID_pbeWithMD5AndDES_CBC), PBE_MD5_DES);
    ck_assert_int_eq(pbe_from_oid(OID_pbeWithSHA1AndRC2_CBC), PBE_SHA1_RC2_64);
    ck_assert_int_eq(pbe_from_oid(OID_pbes2), PBE_NONE);
    ck_assert_uint_eq(pbe_get(PBE_SHA1_RC2_40)->keylen, 5);
    ck_assert_uint_eq(pbe_get(PBE_SHA1_RC2_40)->rc2_bits, 40);
    ck_assert_uint_eq(pbe_get(PBE_SHA1_2DES)->keylen, 16);
    ck_assert_uint_eq(pbe_get(PBE_MD5_RC2_64)->rc2_bits, 64);
    ck_assert_ptr_null(pbe_get(PBE_NONE));
    ck_assert_ptr_null(pbe_get(PBE__COUNT));
}
END_TEST

/* ------------------------------------------------------------------- PBES2 */

static const struct {
    const char *name;
    ck_hash prf;
    ck_cipher cipher;
    size_t keylen;          /* keyLength in the PBKDF2 params, 0 when absent */
    int64_t rc2_version;    /* -1 when not RC2 */
    uint64_t iter;
    const char *salt, *iv, *ct;
} pbes2_vectors[] = {
    /* openssl pkcs8 -topk8 -in k.pem -outform DER -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout pass:certkit -iter 1000 (-provider legacy -provider default) */
    { "aes-256-cbc", CK_HASH_SHA256, CK_AES256_CBC, 0, -1, 1000, "d2bacca9b3d7ae80", "7a5b7ad6d287d98f7942887ad9300ad3",
        "183b7af0ab175b731506557d4b6e64eb3295ab4d860d02dc8b8d4d680bebcbe8"
        "626e019cdee7114ac0fda89cef2951f3457ea097fa2e62176ec5d19bfaeb0158"
        "ffaa0dc40b22caee9065f79ff7ddab1047af3035cd2c0f09ae19b2af2b9f47bc"
        "708713c7a57cd7211307fcf831832daba5087225f91101520cfdb100cecf4386"
        "8419902bdf8299d78fb2f224b7ce0f52" },
    /* openssl pkcs8 -topk8 -in k.pem -outform DER -v2 aes-128-cbc -v2prf hmacWithSHA512 -passout pass:certkit -iter 1000 (-provider legacy -provider default) */
    { "aes-128-cbc", CK_HASH_SHA512, CK_AES128_CBC, 0, -1, 1000, "25472e316d0ebbc7", "9117351aae9b56f61e64c53c9ece971b",
        "3f6b43d51421afb384aac5a953896e759581599884d973c00016e86ee1a4cbbe"
        "63fd24f745de81a066f0c76152fcffb213634388a5a15f78368346ffad3f4a07"
        "3823d04b83c8ca599c63b6a812c5962bace63fc484d22a2f96c04a033047f35c"
        "4999079fb6bd2813953135f9fc6f36a3ffd49ca62a5398598891a15ab3ca3dad"
        "28c9483febda3b9149aa600fc7daf45f" },
    /* openssl pkcs8 -topk8 -in k.pem -outform DER -v2 aes-192-cbc -v2prf hmacWithSHA384 -passout pass:certkit -iter 1000 (-provider legacy -provider default) */
    { "aes-192-cbc", CK_HASH_SHA384, CK_AES192_CBC, 0, -1, 1000, "16a546e1860015e1", "161a21f155654695418990e605eab450",
        "5acbeff926f354dc83eb74fb8f76b2673d33a51bc515a30f6c0184164791bc12"
        "0439d23ccd09d8bc5268815f5fa247de3717a6e353214b05e17fdf021150dd86"
        "5b3ecd41260d2ca9ae53759a5a16e018aca2ee0382958671bd790055f66f1f56"
        "1878bec70b4176ffe2c2ce501aabff660770833ad34230046b033ca30f999316"
        "5be26d38e39fe60d3934676841c5d520" },
    /* openssl pkcs8 -topk8 -in k.pem -outform DER -v2 des3 -v2prf hmacWithSHA1 -passout pass:certkit -iter 1000 (-provider legacy -provider default) */
    { "des3", CK_HASH_SHA1, CK_DES_EDE3_CBC, 0, -1, 1000, "f2485f90330ca8ad", "4035572d629afae9",
        "0c1a57c836a61a3d418dc36451e0ce9a79ef71c6e2fb5521d8b26976c5195761"
        "b081458afb862dc7252010040567e69ca59952300a91df55cdd95408d7089573"
        "35ad9a0639ccf01726d5115cd12d0b129495e350d6a831b3a851ca06162f1930"
        "d875cdac1748c5073af571059e3c6862b8b3537dfe854d158449aad3d3f211a6"
        "7d961d677d3eed818d12ef7cfc70a9f7" },
    /* openssl pkcs8 -topk8 -in k.pem -outform DER -v2 des-cbc -v2prf hmacWithSHA224 -passout pass:certkit -iter 1000 (-provider legacy -provider default) */
    { "des-cbc", CK_HASH_SHA224, CK_DES_CBC, 0, -1, 1000, "1c6f77e10193843b", "1130f3b10f831c93",
        "600e52c3878488be26cdc744e397c3982377f27733899a032860c79a3cacde37"
        "118bbfc234fe84d749708a77a74c23f40584b02b4413ff80076d80b25e59158c"
        "f2d4e909f4c454ebaacb0ae81217eebf98ee5f24411ad8041ad6cceaacb98628"
        "e0e0f19e343e63ee167301274ff3fd31886b620e114e4a5f0b8d69a1b555c97b"
        "5777735abd459ffda6c8f58caa3b443f" },
    /* openssl pkcs8 -topk8 -in k.pem -outform DER -v2 rc2-40-cbc -v2prf hmacWithSHA1 -passout pass:certkit -iter 1000 (-provider legacy -provider default) */
    { "rc2-40-cbc", CK_HASH_SHA1, CK_RC2_CBC, 5, 160, 1000, "d7b4fec9c0a12392", "5c14b0eb9811879c",
        "a332e679e2f2b1013588134f9f5baa30907154541e36c89e28cd0b0c9e4d9d90"
        "33a6904bd77904a4d8968dbba3a33115ba01bd54cdbb746f24fd0e614fe4b868"
        "00d4e2e25fa03a3b1e5b865109d154f2d28db935cda52ffc70f6e931220da66e"
        "36a325cc4fca2df8b1eb308742dcc8c3f380d7522f30ea3e231211af06e262b3"
        "afe85ca853001c216dddc1f85ed79480" },
    /* openssl pkcs8 -topk8 -in k.pem -outform DER -v2 rc2-cbc -v2prf hmacWithSHA256 -passout pass:certkit -iter 1000 (-provider legacy -provider default) */
    { "rc2-cbc", CK_HASH_SHA256, CK_RC2_CBC, 16, 58, 1000, "845b7d5a1dc3231e", "61a235087a633ec1",
        "42fe06aebb501b3b906f2e21a65472d49ce56258f060d79f41b2e9fccb835667"
        "f0f602a520eb5d923b5bc6d7514068fd396c860469ade57413312bd71198b0e5"
        "615eb27cb489cf1b486ddeb459d9caa384b5225b6b16e5c8531b202f791de9a1"
        "eb76966abb42407871234ae6e61320442ee63da82c0669e1306ee06f3da46f41"
        "e66987fdc36019badef69180739f5b1e" },
    /* openssl pkcs8 -topk8 -in k.pem -outform DER -v2 rc2-64-cbc -v2prf hmacWithSHA1 -passout pass:certkit -iter 1000 (-provider legacy -provider default) */
    { "rc2-64-cbc", CK_HASH_SHA1, CK_RC2_CBC, 8, 120, 1000, "8333ecabdd3605fd", "d439dff7acbb348c",
        "01c2a06ea2fa335f8a44edfb1a546dd0066ebf25148242d385a9d2f5184e9e82"
        "d1d7b4502ab8addf0bf02e8e93c86173a332b550a2ba5045132a50b426b6551b"
        "2777d52e84142bd9730d17be7ec30e9e9b8abb103e1ecc1ddc636042db936b6a"
        "5b702ffbb90a658f86ae7a23f65ae502d0b93111a81206c394158cb4f7f35183"
        "6563a5dd76346d0ea33f0a9732a2f287" },
};

START_TEST(test_pbes2_openssl)
{
    span_t k8 = H(K8_DER);
    uint8_t plain[256];
    memcpy(plain, k8.p, k8.len);
    k8 = span_make(plain, k8.len);
    for (size_t i = 0; i < sizeof pbes2_vectors / sizeof pbes2_vectors[0]; i++) {
        pbes2_params p = { pbes2_vectors[i].prf, H(pbes2_vectors[i].salt), pbes2_vectors[i].iter,
                           pbes2_vectors[i].keylen, pbes2_vectors[i].cipher, 0, H(pbes2_vectors[i].iv),
                           false, 0, 0, 0 };
        if (pbes2_vectors[i].rc2_version >= 0)
            ck_assert_int_eq(ck_rc2_version_to_bits(pbes2_vectors[i].rc2_version, &p.rc2_bits), ASN1_OK);
        span_t ct = H(pbes2_vectors[i].ct);
        buf_t b = BUF_INIT;
        ck_assert_int_eq(pbes2_decrypt(&p, (const uint8_t *)"certkit", 7, 0, ct, &b), ASN1_OK);
        assert_bytes(b.p, b.len, k8, pbes2_vectors[i].name);
        buf_reset(&b);
        ck_assert_int_eq(pbes2_encrypt(&p, (const uint8_t *)"certkit", 7, 0, k8, &b), ASN1_OK);
        assert_bytes(b.p, b.len, ct, pbes2_vectors[i].name);
        buf_reset(&b);
        ck_assert_int_eq(pbes2_decrypt(&p, (const uint8_t *)"certkiu", 7, 0, ct, &b), ASN1_E_CRYPTO);
        ck_assert_uint_eq(b.len, 0);
        buf_wipe_free(&b);
    }
    /* keyLength that contradicts the cipher, RC4, an IV of the wrong length */
    buf_t b = BUF_INIT;
    pbes2_params p = { CK_HASH_SHA256, H("0102030405060708"), 10, 16, CK_AES256_CBC, 0,
                       H("00112233445566778899aabbccddeeff"), false, 0, 0, 0 };
    ck_assert_int_eq(pbes2_decrypt(&p, (const uint8_t *)"x", 1, 0, H("00112233445566778899aabbccddeeff"), &b),
                     ASN1_E_VALUE);
    p.keylen = 0;
    p.iv = H("0011");
    ck_assert_int_eq(pbes2_decrypt(&p, (const uint8_t *)"x", 1, 0, H("00112233445566778899aabbccddeeff"), &b),
                     ASN1_E_VALUE);
    p.cipher = CK_RC4;
    ck_assert_int_eq(pbes2_decrypt(&p, (const uint8_t *)"x", 1, 0, H("00112233445566778899aabbccddeeff"), &b),
                     ASN1_E_UNSUPPORTED);
    ck_assert_uint_eq(b.len, 0);
    buf_wipe_free(&b);
}
END_TEST

START_TEST(test_rc2_version)
{
    unsigned bits = 0;
    int64_t ver = 0;
    ck_assert_int_eq(ck_rc2_version_to_bits(160, &bits), ASN1_OK);
    ck_assert_uint_eq(bits, 40);
    ck_assert_int_eq(ck_rc2_version_to_bits(120, &bits), ASN1_OK);
    ck_assert_uint_eq(bits, 64);
    ck_assert_int_eq(ck_rc2_version_to_bits(58, &bits), ASN1_OK);
    ck_assert_uint_eq(bits, 128);
    ck_assert_int_eq(ck_rc2_version_to_bits(256, &bits), ASN1_OK);
    ck_assert_uint_eq(bits, 256);
    ck_assert_int_eq(ck_rc2_version_to_bits(1024, &bits), ASN1_OK);
    ck_assert_uint_eq(bits, 1024);
    ck_assert_int_eq(ck_rc2_version_to_bits(0xbd, &bits), ASN1_E_VALUE); /* names 0 bits */
    ck_assert_int_eq(ck_rc2_version_to_bits(1025, &bits), ASN1_E_VALUE);
    ck_assert_int_eq(ck_rc2_version_to_bits(-1, &bits), ASN1_E_VALUE);
    for (unsigned b = 1; b <= 1024; b++) {
        ck_assert_int_eq(ck_rc2_bits_to_version(b, &ver), ASN1_OK);
        ck_assert_int_eq(ck_rc2_version_to_bits(ver, &bits), ASN1_OK);
        ck_assert_uint_eq(bits, b);
    }
    ck_assert_int_eq(ck_rc2_bits_to_version(40, &ver), ASN1_OK);
    ck_assert_int_eq(ver, 160);
    ck_assert_int_eq(ck_rc2_bits_to_version(0, &ver), ASN1_E_VALUE);
}
END_TEST

/* ------------------------------------------------------------------ ciphers */

static const char *const MSG = "certkit: the quick brown fox jumps over the lazy dog";
static const struct {
    ck_cipher c;
    const char *name, *key;
    unsigned rc2_bits;
    const char *iv, *ct;
} enc_vectors[] = {
    /* printf '%s' "$MSG" | openssl enc -NAME -e -K KEY -iv IV -provider legacy -provider default | xxd -p */
    { CK_DES_CBC, "des-cbc", "0001020304050607", 0, "f0e1d2c3b4a59687",
      "2db9b0efc3a426dfc6c0bebb6863161ed6c57f8f5ed5a2c597ba16c271e598b2ea48363f673560c5ef2507e850b37c4e22adeb1433359df0" },
    { CK_DES_EDE3_CBC, "des-ede3-cbc", "000102030405060708090a0b0c0d0e0f1011121314151617", 0, "f0e1d2c3b4a59687",
      "0090507f62a33fb1f0ecd180b82e4f06cca3a8fde91d8a318580ce47d8907eeff98162b7fd44ed939977ba185b1729640c9b7eec9163b733" },
    { CK_DES_EDE_CBC, "des-ede-cbc", "000102030405060708090a0b0c0d0e0f", 0, "f0e1d2c3b4a59687",
      "44b7a9c891059c6fcdd1afc95fab6600c762d352fa8f0b9435dbab8e35c83b68ec80bd9c8c202913afb185bbeea7d476193efcfa128dc5d1" },
    { CK_RC2_CBC, "rc2-cbc", "000102030405060708090a0b0c0d0e0f", 128, "f0e1d2c3b4a59687",
      "75717923236e3d29267bac4a8d673f164f80a02d175cd09ac760d52cccc5211ad67629aff633454a922279153282af49c9d04014e47837f2" },
    { CK_RC2_CBC, "rc2-40-cbc", "0001020304", 40, "f0e1d2c3b4a59687",
      "1fe9f40732e76aac5b593bc04f51c8eb9e2e526a8f7a229197fefcd3bab927736a0795d349859679f8e9bb34a77d66ff669d9fb453d3a85e" },
    { CK_RC2_CBC, "rc2-64-cbc", "0001020304050607", 64, "f0e1d2c3b4a59687",
      "3e6c8c557914cf97ebd83a6f5af701c5168cd7e6608ced259cd0dc84e715fe18c16898285ca43110d160ebf3bebd320c4f82dc2be2524ddf" },
    { CK_RC4, "rc4", "000102030405060708090a0b0c0d0e0f", 0, "",
      "8af9328d2c8b6df626afffa32eac5f26b01aa13d80d83580aff8caa1d95d966f2b496b7046669038f53f58fbde2c8313a7f13ce9" },
    { CK_RC4, "rc4-40", "0001020304", 0, "",
      "9d7879478f782ea826a8efa1cd34be2e0e9ef0ed651aef2199ffd6280e8e06d318c900db71bf2624950c6f8a031c9aa576c8dfdf" },
    { CK_AES128_CBC, "aes-128-cbc", "000102030405060708090a0b0c0d0e0f", 0, "f0e1d2c3b4a5968778695a4b3c2d1e0f",
      "1d6ba04a4e0285069caae420ddc8b5ff04ccbe83bf2aec13b9faefb3d9dcee0b"
      "08c9b155075251aa1b6540b12f6bdabbe6f7e45888bdd2ea6e52ab2a53f51561" },
    { CK_AES192_CBC, "aes-192-cbc", "000102030405060708090a0b0c0d0e0f1011121314151617", 0,
      "f0e1d2c3b4a5968778695a4b3c2d1e0f",
      "f931e0a50c3f16b9d561e87128751411f223f17bdfc7c64f13cd31dac63c3f53"
      "d1560d31536f8e5ede6b30df2f0806723e9027657f631beacaa83e1defbd44fe" },
    { CK_AES256_CBC, "aes-256-cbc", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0,
      "f0e1d2c3b4a5968778695a4b3c2d1e0f",
      "7f36d919a162e9e82cb1b4c6f0e0f0f90e3a7f61f33ae29ce2a150995b85126f"
      "8423a282670b2e97c531dbae6a4807a2e456109e246758108b7950bc2fccf227" },
};

START_TEST(test_cipher_openssl)
{
    for (size_t i = 0; i < sizeof enc_vectors / sizeof enc_vectors[0]; i++) {
        span_t key = H(enc_vectors[i].key), iv = H(enc_vectors[i].iv), ct = H(enc_vectors[i].ct);
        if (iv.len == 0)
            iv.p = NULL;
        buf_t b = BUF_INIT;
        ck_assert_int_eq(ck_cipher_decrypt(enc_vectors[i].c, key, enc_vectors[i].rc2_bits, iv, ct, &b), ASN1_OK);
        assert_bytes(b.p, b.len, S(MSG), enc_vectors[i].name);
        buf_reset(&b);
        ck_assert_int_eq(ck_cipher_encrypt(enc_vectors[i].c, key, enc_vectors[i].rc2_bits, iv, S(MSG), &b), ASN1_OK);
        assert_bytes(b.p, b.len, ct, enc_vectors[i].name);
        /* appending keeps what was there */
        ck_assert_int_eq(ck_cipher_decrypt(enc_vectors[i].c, key, enc_vectors[i].rc2_bits, iv, ct, &b), ASN1_OK);
        ck_assert_uint_eq(b.len, ct.len + strlen(MSG));
        ck_assert(memcmp(b.p + ct.len, MSG, strlen(MSG)) == 0);
        buf_wipe_free(&b);
    }
}
END_TEST

/* RFC 2268 section 5: RC2 with effective key lengths 63, 64, 128 and 129 bits;
 * the first CBC block under a zero IV is the ECB block. */
START_TEST(test_rc2_rfc2268)
{
    static const struct { const char *key; unsigned bits; const char *pt, *ct; } v[] = {
        { "0000000000000000", 63, "0000000000000000", "ebb773f993278eff" },
        { "ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49" },
        { "3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2" },
        { "88", 64, "0000000000000000", "61a8a244adacccf0" },
        { "88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f" },
        { "88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1" },
        { "88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6" },
        { "88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129, "0000000000000000",
          "5b78d3a43dfff1f1" },
    };
    uint8_t zero[8] = { 0 };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        buf_t b = BUF_INIT;
        ck_assert_int_eq(ck_cipher_encrypt(CK_RC2_CBC, H(v[i].key), v[i].bits, span_make(zero, 8), H(v[i].pt), &b),
                         ASN1_OK);
        ck_assert_uint_eq(b.len, 16);
        assert_hex(b.p, 8, v[i].ct, v[i].ct);
        buf_free(&b);
    }
}
END_TEST

START_TEST(test_cipher_roundtrip)
{
    uint8_t key[32], iv[16], msg[80];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i + 0x40);
    for (size_t i = 0; i < sizeof iv; i++)
        iv[i] = (uint8_t)(0xf0 - i);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 11);
    for (int c = CK_CIPHER_NONE + 1; c < CK_CIPHER__COUNT; c++) {
        const ck_cipher_info *ci = ck_cipher_get((ck_cipher)c);
        ck_assert_ptr_nonnull(ci);
        ck_assert_int_eq(ci->id, c);
        span_t k = span_make(key, ci->keylen), v = span_make(ci->ivlen ? iv : NULL, ci->ivlen);
        for (size_t len = 0; len <= sizeof msg; len++) {
            buf_t e = BUF_INIT, d = BUF_INIT;
            ck_assert_int_eq(ck_cipher_encrypt((ck_cipher)c, k, 0, v, span_make(msg, len), &e), ASN1_OK);
            if (ci->block > 1)
                ck_assert_uint_eq(e.len, (len / ci->block + 1) * ci->block);
            else
                ck_assert_uint_eq(e.len, len);
            ck_assert_int_eq(ck_cipher_decrypt((ck_cipher)c, k, 0, v, span_make(e.p, e.len), &d),
                             ci->block > 1 || len ? ASN1_OK : ASN1_OK);
            ck_assert_uint_eq(d.len, len);
            ck_assert(len == 0 || memcmp(d.p, msg, len) == 0);
            buf_free(&e);
            buf_wipe_free(&d);
        }
    }
}
END_TEST

/* PKCS#7 padding is checked: a single block of "abc" + 5 x 05 under DES, with the
 * IV's last byte changed so that the last plaintext byte becomes other values. */
START_TEST(test_cipher_padding)
{
    span_t key = H("0001020304050607");
    uint8_t iv[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, iv2[8];
    buf_t ct = BUF_INIT, out = BUF_INIT;
    ck_assert_int_eq(ck_cipher_encrypt(CK_DES_CBC, key, 0, span_make(iv, 8), S("abc"), &ct), ASN1_OK);
    ck_assert_uint_eq(ct.len, 8);
    buf_puts(&out, "keep");
    const struct { uint8_t last; asn1_err e; size_t len; } cases[] = {
        { 0x05, ASN1_OK, 3 },   { 0x01, ASN1_OK, 7 },         { 0x00, ASN1_E_CRYPTO, 0 },
        { 0x04, ASN1_E_CRYPTO, 0 }, { 0x06, ASN1_E_CRYPTO, 0 }, { 0x09, ASN1_E_CRYPTO, 0 },
        { 0x08, ASN1_E_CRYPTO, 0 }, { 0xff, ASN1_E_CRYPTO, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(iv2, iv, 8);
        iv2[7] ^= (uint8_t)(0x05 ^ cases[i].last);
        out.len = 4;
        ck_assert_int_eq(ck_cipher_decrypt(CK_DES_CBC, key, 0, span_make(iv2, 8), span_make(ct.p, ct.len), &out),
                         cases[i].e);
        ck_assert_uint_eq(out.len, 4 + cases[i].len);
        ck_assert(memcmp(out.p, "keep", 4) == 0);
    }
    /* a whole block of padding (8 x 08) decrypts to nothing */
    buf_reset(&ct);
    ck_assert_int_eq(ck_cipher_encrypt(CK_DES_CBC, key, 0, span_make(iv, 8), span_make("", 0), &ct), ASN1_OK);
    ck_assert_uint_eq(ct.len, 8);
    out.len = 0;
    ck_assert_int_eq(ck_cipher_decrypt(CK_DES_CBC, key, 0, span_make(iv, 8), span_make(ct.p, ct.len), &out), ASN1_OK);
    ck_assert_uint_eq(out.len, 0);
    /* lengths that are not whole blocks, and nothing at all */
    ck_assert_int_eq(ck_cipher_decrypt(CK_DES_CBC, key, 0, span_make(iv, 8), span_make(ct.p, 7), &out), ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_decrypt(CK_DES_CBC, key, 0, span_make(iv, 8), span_make(ct.p, 0), &out), ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_decrypt(CK_AES128_CBC, H("000102030405060708090a0b0c0d0e0f"), 0,
                                       H("000102030405060708090a0b0c0d0e0f"), H("000102030405060708090a0b0c0d0e0f0001"),
                                       &out),
                     ASN1_E_VALUE);
    ck_assert_uint_eq(out.len, 0);
    buf_free(&ct);
    buf_free(&out);
}
END_TEST

/* Bad keys and IVs are errors, never libtomcrypt's abort(). */
START_TEST(test_cipher_args)
{
    buf_t b = BUF_INIT;
    span_t iv8 = H("0001020304050607"), iv16 = H("000102030405060708090a0b0c0d0e0f"), m = S("message");
    ck_assert_int_eq(ck_cipher_encrypt(CK_DES_CBC, H("00010203040506"), 0, iv8, m, &b), ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_DES_EDE3_CBC, H("000102030405060708090a0b0c0d0e0f"), 0, iv8, m, &b),
                     ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_DES_EDE_CBC, H("000102030405060708090a0b0c0d0e0f1011121314151617"), 0, iv8,
                                       m, &b),
                     ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_AES128_CBC, H("000102030405060708090a0b0c0d0e0f"), 0, iv8, m, &b),
                     ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_AES256_CBC, H("000102030405060708090a0b0c0d0e0f"), 0, iv16, m, &b),
                     ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_RC4, H("00010203"), 0, span_make(NULL, 0), m, &b), ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_RC4, H("0001020304"), 0, iv8, m, &b), ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_RC2_CBC, span_make("", 0), 0, iv8, m, &b), ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_RC2_CBC, H("0001020304"), 2000, iv8, m, &b), ASN1_E_VALUE);
    ck_assert_int_eq(ck_cipher_encrypt(CK_CIPHER_NONE, H("0001020304"), 0, iv8, m, &b), ASN1_E_UNSUPPORTED);
    ck_assert_int_eq(ck_cipher_encrypt(CK_CIPHER__COUNT, H("0001020304"), 0, iv8, m, &b), ASN1_E_UNSUPPORTED);
    ck_assert_uint_eq(b.len, 0);
    /* RC2 effective bits 0 means 8 x key length */
    buf_t a = BUF_INIT;
    ck_assert_int_eq(ck_cipher_encrypt(CK_RC2_CBC, H("0001020304"), 0, iv8, m, &a), ASN1_OK);
    ck_assert_int_eq(ck_cipher_encrypt(CK_RC2_CBC, H("0001020304"), 40, iv8, m, &b), ASN1_OK);
    assert_bytes(a.p, a.len, span_make(b.p, b.len), "rc2 default bits");
    buf_free(&a);
    buf_free(&b);
    /* tables */
    ck_assert_int_eq(ck_cipher_from_oid(OID_des_ede3_cbc), CK_DES_EDE3_CBC);
    ck_assert_int_eq(ck_cipher_from_oid(OID_aes256_cbc), CK_AES256_CBC);
    ck_assert_int_eq(ck_cipher_from_oid(OID_rc2_cbc), CK_RC2_CBC);
    ck_assert_int_eq(ck_cipher_from_oid(OID_des_cbc), CK_DES_CBC);
    ck_assert_int_eq(ck_cipher_from_oid(OID_sha1), CK_CIPHER_NONE);
    ck_cipher c;
    size_t kl;
    unsigned bits;
    ck_assert_int_eq(ck_cipher_from_pem_name("aes-256-cbc", 11, &c, &kl, &bits), ASN1_OK);
    ck_assert_int_eq(c, CK_AES256_CBC);
    ck_assert_uint_eq(kl, 32);
    ck_assert_int_eq(ck_cipher_from_pem_name("RC2-40-CBC,IVHEX", 10, &c, &kl, &bits), ASN1_OK);
    ck_assert_int_eq(c, CK_RC2_CBC);
    ck_assert_uint_eq(kl, 5);
    ck_assert_uint_eq(bits, 40);
    ck_assert_int_eq(ck_cipher_from_pem_name("DES-EDE3", 8, &c, &kl, &bits), ASN1_E_UNSUPPORTED);
    ck_assert_int_eq(ck_cipher_from_pem_name("BF-CBC", 6, &c, &kl, &bits), ASN1_E_UNSUPPORTED);
}
END_TEST

/* ---------------------------------------------------- EVP_BytesToKey, PEM */

START_TEST(test_evp_bytes_to_key)
{
    uint8_t key[32], iv[16];
    span_t salt = H("0102030405060708");
    /* openssl enc -aes-256-cbc -P -md md5 -S 0102030405060708 -pass pass:certkit */
    ck_assert_int_eq(evp_bytes_to_key(CK_HASH_MD5, (const uint8_t *)"certkit", 7, salt.p, 1, key, 32, iv, 16), ASN1_OK);
    assert_hex(key, 32, "2e29bb9892e60e64a88272a9fb2bd66b7c870e590d69344318fdb34545d63e84", "md5 key");
    assert_hex(iv, 16, "f62d849c21c5f534d96f79805577ad24", "md5 iv");
    /* openssl enc -aes-256-cbc -P -md sha256 -S 0102030405060708 -pass pass:certkit */
    ck_assert_int_eq(evp_bytes_to_key(CK_HASH_SHA256, (const uint8_t *)"certkit", 7, salt.p, 1, key, 32, iv, 16),
                     ASN1_OK);
    assert_hex(key, 32, "409287b060ad55b6f2137d41bdf07fe71308be133223e70278b622bfb978bc24", "sha256 key");
    assert_hex(iv, 16, "26b516688806cf33ae6fbab2d944a627", "sha256 iv");
    /* openssl enc -des-ede3-cbc -P -md md5 -nosalt -pass pass:certkit */
    ck_assert_int_eq(evp_bytes_to_key(CK_HASH_MD5, (const uint8_t *)"certkit", 7, NULL, 1, key, 24, iv, 8), ASN1_OK);
    assert_hex(key, 24, "3e72500d6a9a0c68687590e628f69ef02b7d2534b5ab3c6d", "nosalt key");
    assert_hex(iv, 8, "f899f76f935897d2", "nosalt iv");
    /* count > 1 against the definition: D_1 = MD5(MD5(P || S)) */
    uint8_t d[16], in[15];
    memcpy(in, "certkit", 7);
    memcpy(in + 7, salt.p, 8);
    ck_assert_int_eq(ck_hash_memory(CK_HASH_MD5, in, 15, d), ASN1_OK);
    ck_assert_int_eq(ck_hash_memory(CK_HASH_MD5, d, 16, d), ASN1_OK);
    ck_assert_int_eq(evp_bytes_to_key(CK_HASH_MD5, (const uint8_t *)"certkit", 7, salt.p, 2, key, 16, NULL, 0), ASN1_OK);
    ck_assert(memcmp(key, d, 16) == 0);
    ck_assert_int_eq(evp_bytes_to_key(CK_HASH_MD5, (const uint8_t *)"x", 1, NULL, 0, key, 16, NULL, 0), ASN1_E_VALUE);
}
END_TEST

START_TEST(test_pem_legacy)
{
    /* openssl ec -in k.pem -CIPHER -passout pass:certkit (-provider legacy -provider default):
     * the DEK-Info line and the base64 body, decoded */
    static const struct { const char *dek, *iv, *ct; } v[] = {
        { "AES-128-CBC", "a37868e5f5c6421f5d6cebfe5d9885cc",
          "eeb914795e62a848c7fce17b1ef30206744ba7f40a7cb481a70d86f44ab57475"
          "b88f826f81b2da09407610cc867cd6062e326d5b5ba68b21c7d7a32b6af76e46"
          "67d4571993026b36099ff328481ffbb2af79d77ae9a176502a95631cce621b5d"
          "e016b1f58d5ca2dfa1345d75880de934c3b33e7349f6ff6830398b60e740a0e9" },
        { "DES-EDE3-CBC", "b6a5aeafbc86a9d5",
          "a36aca35cba37a3467ba0a0784510abbcede820a8a64d4ad1b10ec041b2f15ef"
          "f0579ecbf8ddf5ba758d7675f046a7731241acb139b494c70b0ad65faeb6c3f0"
          "8b0a24fc8716df39e70bb02fef8d3b42902145c12a3bece8596ea0751055faa8"
          "c719471dd44f1da993c512ddc67d2942342e13499df82d4c942c990d3eebf61c" },
        { "AES-256-CBC", "20215209c06155b6ea45c1e8da4a3b75",
          "30328511b18f5b0d1d373a5b8e548bbb4b9bb5824cdea5d64e86622ec02a455a"
          "bb77b269210668e672e4cdffbb899b077b404b9fe361e08579618492e357b408"
          "1a4a4eb274a4582967b437f88edf472240d6a368b854c49386302afda7254a20"
          "d870a2d69f31c3d10667f6d81bc8fb54ef2a1bf4770c62c2f506c4c6e6990ab7" },
        { "DES-CBC", "b00a2c5dc6ac5be6",
          "cb0d744954cdd610f53d005171d0f17c2a4906c4305ddacf4f1eb850c529879a"
          "29d2a4544b1a51194da784cd64a8006ddca2e58486a130838aed23fbf3d39546"
          "bc0375b35dc7b8178cdbedf5b2bb1863939bb9fbb1e496dafb34c55086b7313f"
          "b130e9d70a0d87a592183a73e4273cb036d81361292e5a2c3229462c7525dfaa" },
    };
    span_t sec1 = H(SEC1_DER);
    uint8_t plain[200];
    memcpy(plain, sec1.p, sec1.len);
    sec1 = span_make(plain, sec1.len);
    const uint8_t *pw = (const uint8_t *)"certkit";
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        span_t iv = H(v[i].iv), ct = H(v[i].ct);
        buf_t b = BUF_INIT;
        ck_assert_int_eq(pem_legacy_decrypt(v[i].dek, strlen(v[i].dek), iv, pw, 7, ct, &b), ASN1_OK);
        assert_bytes(b.p, b.len, sec1, v[i].dek);
        buf_reset(&b);
        ck_assert_int_eq(pem_legacy_encrypt(v[i].dek, strlen(v[i].dek), iv, pw, 7, sec1, &b), ASN1_OK);
        assert_bytes(b.p, b.len, ct, v[i].dek);
        buf_reset(&b);
        ck_assert_int_eq(pem_legacy_decrypt(v[i].dek, strlen(v[i].dek), iv, (const uint8_t *)"certkiu", 7, ct, &b),
                         ASN1_E_CRYPTO);
        ck_assert_uint_eq(b.len, 0);
        buf_wipe_free(&b);
    }
    buf_t b = BUF_INIT;
    ck_assert_int_eq(pem_legacy_decrypt("aes-128-cbc", 11, H(v[0].iv), pw, 7, H(v[0].ct), &b), ASN1_OK);
    buf_reset(&b);
    ck_assert_int_eq(pem_legacy_decrypt("AES-128-CBC", 11, H("a37868e5f5c6421f"), pw, 7, H(v[0].ct), &b), ASN1_E_VALUE);
    ck_assert_int_eq(pem_legacy_decrypt("CAST5-CBC", 9, H(v[1].iv), pw, 7, H(v[1].ct), &b), ASN1_E_UNSUPPORTED);
    buf_wipe_free(&b);
}
END_TEST

/* RFC 7914 section 12 (the vectors openssl kdf SCRYPT gives too), and the limits. */
START_TEST(test_scrypt)
{
    uint8_t dk[64];
    ck_assert_int_eq(scrypt_kdf((const uint8_t *)"", 0, span_make(NULL, 0), 16, 1, 1, 0, dk, 64), ASN1_OK);
    span_t want = H("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                    "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
    ck_assert_mem_eq(dk, want.p, 64);
    ck_assert_int_eq(scrypt_kdf((const uint8_t *)"password", 8, S("NaCl"), 1024, 8, 16, 0, dk, 64), ASN1_OK);
    want = H("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
             "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    ck_assert_mem_eq(dk, want.p, 64);
    /* N not a power of two, zero r or p: refused; over the memory or work limits: refused
     * before any allocation */
    ck_assert_int_eq(scrypt_check(1000, 8, 1, 0), ASN1_E_VALUE);
    ck_assert_int_eq(scrypt_check(1, 8, 1, 0), ASN1_E_VALUE);
    ck_assert_int_eq(scrypt_check(1024, 0, 1, 0), ASN1_E_VALUE);
    ck_assert_int_eq(scrypt_check(1024, 8, 0, 0), ASN1_E_VALUE);
    ck_assert_int_eq(scrypt_check(16384, 8, 1, 0), ASN1_OK);
    ck_assert_int_eq(scrypt_check((uint64_t)1 << 22, 8, 1, 0), ASN1_E_LIMIT);       /* 4 GiB */
    ck_assert_int_eq(scrypt_check(16384, 8, 1000, 0), ASN1_E_LIMIT);                /* work */
    ck_assert_int_eq(scrypt_check((uint64_t)1 << 62, 1, 1, 0), ASN1_E_LIMIT);
    /* the work limit follows the iteration limit: 2048 iterations allow N*r*p <= 16384 */
    ck_assert_uint_eq(scrypt_work_limit(2048), 16384);
    ck_assert_uint_eq(scrypt_work_limit(0), CK_SCRYPT_MAX_WORK);
    ck_assert_uint_eq(scrypt_work_limit(10000000), CK_SCRYPT_MAX_WORK);
    ck_assert_int_eq(scrypt_check(2048, 8, 1, scrypt_work_limit(2048)), ASN1_OK);
    ck_assert_int_eq(scrypt_check(2048, 8, 2, scrypt_work_limit(2048)), ASN1_E_LIMIT);
    ck_assert_int_eq(scrypt_kdf((const uint8_t *)"x", 1, S("s"), (uint64_t)1 << 40, 8, 1, 0, dk, 64), ASN1_E_LIMIT);
}
END_TEST

/* Blowfish, CAST5, Camellia and SEED in CBC mode: openssl enc's ciphertexts of one
 * plaintext (the legacy provider for BF, CAST5, SEED), both ways. */
START_TEST(test_more_cbc_ciphers)
{
    static const struct {
        ck_cipher c;
        const char *key, *iv, *ct;
    } v[] = {
        { CK_BF_CBC, "000102030405060708090a0b0c0d0e0f", "0001020304050607",
          "72d53e0d1c5908a6865d3bb094a33236f6df7b3e1e5528a55e8b7231fb424f59" },
        { CK_CAST5_CBC, "000102030405060708090a0b0c0d0e0f", "0001020304050607",
          "3f0ae10a35eafc8b3b921536af11dc4f91775e9721eab34a15fdd77d61490b05" },
        { CK_CAMELLIA128_CBC, "000102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f",
          "32ae885e645601f850418d9c756026710b45b3ce555e4ace990b0e60a25ace90" },
        { CK_CAMELLIA256_CBC, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
          "000102030405060708090a0b0c0d0e0f",
          "349f3056b3e5fddf279671431d73fd4d19d04e8be793515a20a36fffad957e55" },
        { CK_SEED_CBC, "000102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f",
          "772d5bc2e70f84ed7bf861901ec8619b54377062c1926aafba2f48f77f3fb177" },
    };
    const char *pt = "certkit cipher test vector";
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        buf_t b = BUF_INIT;
        span_t key = H(v[i].key), iv = H(v[i].iv), ct = H(v[i].ct);
        ck_assert_int_eq(ck_cipher_decrypt(v[i].c, key, 0, iv, ct, &b), ASN1_OK);
        ck_assert_uint_eq(b.len, strlen(pt));
        ck_assert_mem_eq(b.p, pt, strlen(pt));
        buf_reset(&b);
        ck_assert_int_eq(ck_cipher_encrypt(v[i].c, key, 0, iv, S(pt), &b), ASN1_OK);
        ck_assert_uint_eq(b.len, ct.len);
        ck_assert_mem_eq(b.p, ct.p, ct.len);
        /* the wrong key size is refused, not truncated */
        buf_reset(&b);
        ck_assert_int_eq(ck_cipher_decrypt(v[i].c, span_make(key.p, 3), 0, iv, ct, &b), ASN1_E_VALUE);
        buf_free(&b);
    }
    ck_assert_int_eq(ck_cipher_from_oid(OID_camellia192_cbc), CK_CAMELLIA192_CBC);
    ck_assert_int_eq(ck_cipher_from_oid(OID_seed_cbc), CK_SEED_CBC);
    ck_assert_str_eq(ck_cipher_get(CK_BF_CBC)->name, "bf-cbc");
}
END_TEST

Suite *suite_p12crypto(void)
{
    Suite *s = suite_create("p12crypto");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_hash_table);
    tcase_add_test(tc, test_hash_oids);
    tcase_add_test(tc, test_hash_kat);
    tcase_add_test(tc, test_fast_path);
    tcase_add_test(tc, test_hmac_kat);
    tcase_add_test(tc, test_hmac_vs_ltc);
    tcase_add_test(tc, test_ct_equal_random);
    tcase_add_test(tc, test_pbkdf2_kat);
    tcase_add_test(tc, test_pbkdf2_vs_ltc);
    tcase_add_test(tc, test_pbkdf2_args);
    tcase_add_test(tc, test_iteration_cap);
    tcase_add_test(tc, test_pass_bmp);
    tcase_add_test(tc, test_pkcs12_kdf_kat);
    tcase_add_test(tc, test_pkcs12_mac);
    tcase_add_test(tc, test_pbe_openssl);
    tcase_add_test(tc, test_pbes1_md2_pbkdf1);
    tcase_add_test(tc, test_pbe_table);
    tcase_add_test(tc, test_pbes2_openssl);
    tcase_add_test(tc, test_rc2_version);
    tcase_add_test(tc, test_cipher_openssl);
    tcase_add_test(tc, test_rc2_rfc2268);
    tcase_add_test(tc, test_cipher_roundtrip);
    tcase_add_test(tc, test_cipher_padding);
    tcase_add_test(tc, test_cipher_args);
    tcase_add_test(tc, test_evp_bytes_to_key);
    tcase_add_test(tc, test_pem_legacy);
    tcase_add_test(tc, test_scrypt);
    tcase_add_test(tc, test_more_cbc_ciphers);
    suite_add_tcase(s, tc);
    return s;
}
