/*
 * test_pemlegacy.c - pkcs12/pemlegacy.c: legacy encrypted PEM with the ciphers
 * crypto.h's table lacks (CFB and OFB modes, Blowfish, Camellia, SEED, CAST5) and the
 * delegation of the CBC ones to pem_legacy_decrypt().
 *
 * Every expected ciphertext was made by the openssl command (OpenSSL 3.0.19):
 *   printf 'certkit legacy PEM test vector, 40 bytes' |
 *     openssl enc -CIPHER -e -pass pass:secret -md md5 -S IV[0..7] -iv IV \
 *         -provider legacy -provider default
 * which is exactly legacy PEM's derivation: key = EVP_BytesToKey(MD5, password,
 * salt = the first 8 bytes of the IV, 1 round), the IV as given.
 */
#include <check.h>
#include <string.h>

#include "pkcs12/crypto.h"
#include "pkcs12/pemlegacy.h"

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = strlen(hex) / 2;
    ck_assert_uint_le(n, cap);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
    return n;
}

static const char PT[] = "certkit legacy PEM test vector, 40 bytes";

static const struct vec {
    const char *name, *iv, *ct;
} vecs[] = {
    { "AES-128-CFB", "000102030405060708090a0b0c0d0e0f",
      "505ce2e58f13efbab1e09c110345827e32513557e5b70cd05b72721a85a423dd7ea8896bc2d6520a" },
    { "AES-192-OFB", "000102030405060708090a0b0c0d0e0f",
      "6d3db699efd3e1163f30cfdb145eb7feb5a017ac4fc592194fb417b884af6808052e8224c98bb2a2" },
    { "AES-256-CFB", "000102030405060708090a0b0c0d0e0f",
      "abe89315cc90eb10b97f3468984cf1e1a06075beabda923f65900c9df1ad67216e5f4c616b5e46bc" },
    { "DES-CFB", "0001020304050607",
      "b4c53d482952e6363a74b842065eecfd659ca90bc83c08a7782630968d5172cd79409edd02839527" },
    { "DES-OFB", "0001020304050607",
      "b4c53d482952e636e7fbb412938ad33fcbd20ee0c192764e87af4e691f3d16ddc02342360fcc7759" },
    { "DES-EDE-CFB", "0001020304050607",
      "d6f580acda524fd8b444c3037f759c72a34d80a9ffeda203a2d42b2df5e9a51cde36d6ed34e3f644" },
    { "DES-EDE-OFB", "0001020304050607",
      "d6f580acda524fd8a224b75f68a3db9af8dad27cc457ece60e648796cd7f39a3eec1d47870c417e6" },
    { "DES-EDE3-CFB", "0001020304050607",
      "f34b13b1285ecc102d214d356c3089c05be630fc30dbda29d3aa06aa9ec00435b341975aae4d9cfa" },
    { "DES-EDE3-OFB", "0001020304050607",
      "f34b13b1285ecc10f90d3997332760d7c410d54f6fa2a29ee16bbaedca6b5379ff0129aa5adf47dc" },
    { "RC2-CFB", "0001020304050607",
      "acfdfbb42901dbe9a47612ec2692d21df61ea824acff8b8e2fa64c380dd3a0b5d099536ee0114519" },
    { "RC2-OFB", "0001020304050607",
      "acfdfbb42901dbe9c7c80a84103d2cf617e1658b2b024fdf9faef73bf880c54ccf18c3828faf9bbb" },
    { "BF-CBC", "0001020304050607",
      "32a4c1f7217f4dfc7c69d3f1eeb8378ec4142494bc99dc8aba82407860b035ca101780ef868c6c2a1b91f70090ba37e8" },
    { "BF-CFB", "0001020304050607",
      "02d3113b4afb49b8d986d35b14ed254b16436a19aacf41b6fbf137753e2470c8f449ecaa26cbf0d7" },
    { "BF-OFB", "0001020304050607",
      "02d3113b4afb49b8ac16f4004303c4ea5495355c76aed04e6d96a4aa502431ff940192d625a62c94" },
    { "CAMELLIA-128-CBC", "000102030405060708090a0b0c0d0e0f",
      "5c674179d6ca92a3f1953363c7e6f2a72f734525f1fd745b62af18bab004c0c5fe3ba7c71b381771a90afa019504267d" },
    { "CAMELLIA-192-CFB", "000102030405060708090a0b0c0d0e0f",
      "a048d56b260789d10a1567c59ad29883725c30886fea7fa63921ae753bb10365b5ef1693b919a11e" },
    { "CAMELLIA-256-OFB", "000102030405060708090a0b0c0d0e0f",
      "dfeafa2ccd9a810a7e0687d0b97eae839d65fbbc13b4c01b8f965040aa10bb3bb32530cff50ecf87" },
    { "SEED-CBC", "000102030405060708090a0b0c0d0e0f",
      "78ef5ecc1ca16941816b91b5bf3e1527837bf7282d67b992e41b36946b58ab4d71c60d49244a4655f8fc722765779c6f" },
    { "SEED-CFB", "000102030405060708090a0b0c0d0e0f",
      "954cca63d2ddfc5f69badd32034000ee4fbb469dbc640dcc1fba871a8ba83a3ae9e24da5f947116b" },
    { "SEED-OFB", "000102030405060708090a0b0c0d0e0f",
      "954cca63d2ddfc5f69badd32034000ee2bb4dd5e70b5a812d78138bdd4ba1536a917e139c8ec8b43" },
    { "CAST5-CBC", "0001020304050607",
      "572cd60f9d2bba6619a351e40764a28e947d4990a2b68266d05afc613ffc8816a4e973a3e5668ef940d352c56871a602" },
    { "CAST5-CFB", "0001020304050607",
      "660359751b363bcb046e824aa40c25735e4520410830c32f163c1d09ccd390e3bb1f1effbcf7d081" },
    { "CAST5-OFB", "0001020304050607",
      "660359751b363bcb9d2a96747ee7868f9c0758bda81a0ec14bd811392de845bbc39151e79107be7f" },
    { "AES-128-CBC", "000102030405060708090a0b0c0d0e0f",
      "f6b5cd5b8feecc838aeb255d9d29e2d1a1424357bddc3759411051b9c8bfadf159e8df16e8f561725cd19d88dd5a5753" },
    { "DES-EDE3-CBC", "0001020304050607",
      "c7f97e125963c17e15c6ae91a4e7f0211a4c3ab7f060b4665c96528a9aaef6aef0f79f48e807d4911a1103a913aa5c74" },
};

#define PASS ((const uint8_t *)"secret")
#define PASSLEN 6

START_TEST(test_legacy_kat)
{
    const struct vec *v = &vecs[_i];
    uint8_t iv[16], ct[64];
    size_t ivlen = unhex(v->iv, iv, sizeof iv), ctlen = unhex(v->ct, ct, sizeof ct);
    ck_assert_msg(pem_legacy_cipher_known(v->name, strlen(v->name)), "%s unknown", v->name);
    buf_t out = BUF_INIT;
    /* decryption gives the plaintext back */
    asn1_err e = pem_legacy_decrypt_any(v->name, strlen(v->name), span_make(iv, ivlen), PASS, PASSLEN,
                                        span_make(ct, ctlen), &out);
    ck_assert_msg(e == ASN1_OK, "%s: decrypt %d", v->name, e);
    ck_assert_uint_eq(out.len, strlen(PT));
    ck_assert_msg(memcmp(out.p, PT, out.len) == 0, "%s: wrong plaintext", v->name);
    buf_wipe_free(&out);
    /* encryption gives openssl's ciphertext */
    e = pem_legacy_encrypt_any(v->name, strlen(v->name), span_make(iv, ivlen), PASS, PASSLEN,
                               span_make(PT, strlen(PT)), &out);
    ck_assert_msg(e == ASN1_OK, "%s: encrypt %d", v->name, e);
    ck_assert_uint_eq(out.len, ctlen);
    ck_assert_msg(memcmp(out.p, ct, ctlen) == 0, "%s: not openssl's ciphertext", v->name);
    buf_free(&out);
    /* names are case-insensitive */
    char lower[32];
    size_t n = strlen(v->name);
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)(v->name[i] >= 'A' && v->name[i] <= 'Z' ? v->name[i] + 32 : v->name[i]);
    e = pem_legacy_decrypt_any(lower, n, span_make(iv, ivlen), PASS, PASSLEN, span_make(ct, ctlen), &out);
    ck_assert_int_eq(e, ASN1_OK);
    buf_wipe_free(&out);
}
END_TEST

/* A wrong password: CBC padding fails (ASN1_E_CRYPTO, nothing appended); CFB/OFB give other bytes. */
START_TEST(test_legacy_wrong_password)
{
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
        const struct vec *v = &vecs[i];
        uint8_t iv[16], ct[64];
        size_t ivlen = unhex(v->iv, iv, sizeof iv), ctlen = unhex(v->ct, ct, sizeof ct);
        buf_t out = BUF_INIT;
        asn1_err e = pem_legacy_decrypt_any(v->name, strlen(v->name), span_make(iv, ivlen),
                                            (const uint8_t *)"Secret", 6, span_make(ct, ctlen), &out);
        if (strstr(v->name, "-CBC") || strcmp(v->name + strlen(v->name) - 3, "CBC") == 0) {
            ck_assert_msg(e == ASN1_E_CRYPTO, "%s: wrong password gave %d", v->name, e);
            ck_assert_uint_eq(out.len, 0);
        } else {
            ck_assert_int_eq(e, ASN1_OK);
            ck_assert_msg(out.len != strlen(PT) || memcmp(out.p, PT, out.len) != 0, "%s", v->name);
        }
        buf_wipe_free(&out);
    }
}
END_TEST

START_TEST(test_legacy_args)
{
    uint8_t iv[16] = { 0 }, ct[48] = { 0 };
    buf_t out = BUF_INIT;
    /* names certkit does not implement */
    static const char *const unknown[] = { "AES-128-ECB", "DES-EDE3", "AES-128-CFB8", "DES-EDE3-CFB1",
                                           "AES-256-CTR", "IDEA-CBC", "DESX-CBC", "AES-128-CF", "",
                                           "AES-128-CFBX", "BF-CBC-" };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        ck_assert_msg(!pem_legacy_cipher_known(unknown[i], strlen(unknown[i])), "%s known", unknown[i]);
        ck_assert_int_eq(pem_legacy_decrypt_any(unknown[i], strlen(unknown[i]), span_make(iv, 16), PASS, PASSLEN,
                                                span_make(ct, 16), &out),
                         ASN1_E_UNSUPPORTED);
    }
    /* the IV must be one block */
    ck_assert_int_eq(pem_legacy_decrypt_any("BF-CBC", 6, span_make(iv, 16), PASS, PASSLEN, span_make(ct, 16), &out),
                     ASN1_E_VALUE);
    ck_assert_int_eq(pem_legacy_decrypt_any("SEED-OFB", 8, span_make(iv, 8), PASS, PASSLEN, span_make(ct, 16), &out),
                     ASN1_E_VALUE);
    ck_assert_int_eq(pem_legacy_decrypt_any("CAST5-CFB", 9, span_make(NULL, 0), PASS, PASSLEN, span_make(ct, 16), &out),
                     ASN1_E_VALUE);
    /* CBC ciphertext: whole blocks, at least one */
    ck_assert_int_eq(pem_legacy_decrypt_any("BF-CBC", 6, span_make(iv, 8), PASS, PASSLEN, span_make(ct, 13), &out),
                     ASN1_E_VALUE);
    ck_assert_int_eq(pem_legacy_decrypt_any("CAMELLIA-256-CBC", 16, span_make(iv, 16), PASS, PASSLEN,
                                            span_make(ct, 0), &out),
                     ASN1_E_VALUE);
    /* CFB/OFB: any length, none too */
    ck_assert_int_eq(pem_legacy_decrypt_any("AES-128-OFB", 11, span_make(iv, 16), PASS, PASSLEN, span_make(ct, 0), &out),
                     ASN1_OK);
    ck_assert_int_eq(pem_legacy_decrypt_any("DES-CFB", 7, span_make(iv, 8), PASS, PASSLEN, span_make(ct, 1), &out),
                     ASN1_OK);
    ck_assert_uint_eq(out.len, 1);
    /* no output buffer, no password bytes */
    ck_assert_int_eq(pem_legacy_decrypt_any("BF-OFB", 6, span_make(iv, 8), PASS, PASSLEN, span_make(ct, 8), NULL),
                     ASN1_E_VALUE);
    ck_assert_int_eq(pem_legacy_decrypt_any("BF-OFB", 6, span_make(iv, 8), NULL, 3, span_make(ct, 8), &out),
                     ASN1_E_VALUE);
    /* the empty password is a password */
    ck_assert_int_eq(pem_legacy_decrypt_any("BF-OFB", 6, span_make(iv, 8), (const uint8_t *)"", 0,
                                            span_make(ct, 8), &out),
                     ASN1_OK);
    buf_wipe_free(&out);
}
END_TEST

/* The CBC ciphers of crypto.h's table go through pem_legacy_decrypt unchanged. */
/* The DEK-Info IV: even-length hex of 1 to 32 bytes, either case; anything else 0. */
START_TEST(test_legacy_iv_hex)
{
    uint8_t iv[32];
    ck_assert_uint_eq(pem_legacy_iv_from_hex("00FFa5", 6, iv), 3);
    ck_assert(iv[0] == 0x00 && iv[1] == 0xff && iv[2] == 0xa5);
    ck_assert_uint_eq(pem_legacy_iv_from_hex("0123456789abcdef0123456789ABCDEF", 32, iv), 16);
    ck_assert(iv[15] == 0xef);
    char hex[66];
    memset(hex, 'a', 64);
    ck_assert_uint_eq(pem_legacy_iv_from_hex(hex, 64, iv), 32);
    ck_assert_uint_eq(pem_legacy_iv_from_hex(hex, 66, iv), 0);     /* 33 bytes */
    ck_assert_uint_eq(pem_legacy_iv_from_hex("abc", 3, iv), 0);     /* odd */
    ck_assert_uint_eq(pem_legacy_iv_from_hex("", 0, iv), 0);
    ck_assert_uint_eq(pem_legacy_iv_from_hex("0g", 2, iv), 0);      /* not hex */
    ck_assert_uint_eq(pem_legacy_iv_from_hex("g0", 2, iv), 0);
}
END_TEST

START_TEST(test_legacy_shared)
{
    static const char *const shared[] = { "DES-CBC", "DES-EDE3-CBC", "DES-EDE-CBC", "AES-128-CBC", "AES-192-CBC",
                                          "AES-256-CBC", "RC2-CBC", "RC2-40-CBC", "RC2-64-CBC" };
    uint8_t iv[16];
    for (int i = 0; i < 16; i++)
        iv[i] = (uint8_t)(i * 17 + 3);
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        const char *n = shared[i];
        size_t ivlen = strncmp(n, "AES", 3) == 0 ? 16 : 8;
        buf_t a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
        ck_assert(pem_legacy_cipher_known(n, strlen(n)));
        ck_assert_int_eq(pem_legacy_encrypt_any(n, strlen(n), span_make(iv, ivlen), PASS, PASSLEN,
                                                span_make(PT, strlen(PT)), &a),
                         ASN1_OK);
        ck_assert_int_eq(pem_legacy_encrypt(n, strlen(n), span_make(iv, ivlen), PASS, PASSLEN,
                                            span_make(PT, strlen(PT)), &b),
                         ASN1_OK);
        ck_assert(a.len == b.len && memcmp(a.p, b.p, a.len) == 0);
        ck_assert_int_eq(pem_legacy_decrypt_any(n, strlen(n), span_make(iv, ivlen), PASS, PASSLEN,
                                                span_make(a.p, a.len), &c),
                         ASN1_OK);
        ck_assert(c.len == strlen(PT) && memcmp(c.p, PT, c.len) == 0);
        buf_free(&a);
        buf_free(&b);
        buf_wipe_free(&c);
    }
}
END_TEST

/* Round trips over lengths 0..40 for every family and mode. */
START_TEST(test_legacy_roundtrip)
{
    static const char *const names[] = { "AES-192-CFB", "AES-256-OFB", "DES-EDE3-CFB", "DES-EDE-OFB", "RC2-CFB",
                                         "BF-CBC", "BF-OFB", "CAMELLIA-128-CFB", "CAMELLIA-256-CBC", "SEED-CBC",
                                         "SEED-CFB", "CAST5-CBC", "CAST5-OFB", "DES-OFB" };
    uint8_t iv[16], pt[41];
    for (int i = 0; i < 16; i++)
        iv[i] = (uint8_t)(0xa0 + i);
    for (int i = 0; i < 41; i++)
        pt[i] = (uint8_t)(i * 7);
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        const char *n = names[k];
        size_t ivlen = (strncmp(n, "AES", 3) == 0 || strncmp(n, "CAMELLIA", 8) == 0 || strncmp(n, "SEED", 4) == 0) ? 16 : 8;
        for (size_t len = 0; len <= 40; len++) {
            buf_t ct = BUF_INIT, back = BUF_INIT;
            ck_assert_int_eq(pem_legacy_encrypt_any(n, strlen(n), span_make(iv, ivlen), PASS, PASSLEN,
                                                    span_make(pt, len), &ct),
                             ASN1_OK);
            ck_assert_int_eq(pem_legacy_decrypt_any(n, strlen(n), span_make(iv, ivlen), PASS, PASSLEN,
                                                    span_make(ct.p, ct.len), &back),
                             ASN1_OK);
            ck_assert_msg(back.len == len && (len == 0 || memcmp(back.p, pt, len) == 0), "%s len %zu", n, len);
            buf_free(&ct);
            buf_wipe_free(&back);
        }
    }
}
END_TEST

Suite *suite_pemlegacy(void)
{
    Suite *s = suite_create("pemlegacy");
    TCase *tc = tcase_create("pemlegacy");
    tcase_add_loop_test(tc, test_legacy_kat, 0, (int)(sizeof vecs / sizeof vecs[0]));
    tcase_add_test(tc, test_legacy_wrong_password);
    tcase_add_test(tc, test_legacy_args);
    tcase_add_test(tc, test_legacy_iv_hex);
    tcase_add_test(tc, test_legacy_shared);
    tcase_add_test(tc, test_legacy_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
