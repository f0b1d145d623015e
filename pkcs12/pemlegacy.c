/*
 * pemlegacy.c - every cipher OpenSSL writes in a legacy PEM "DEK-Info:" header
 * (see pemlegacy.h).  The CBC ciphers of crypto.h's table are left to
 * pem_legacy_decrypt(); the others run here over libtomcrypt's ECB primitives (no
 * descriptor registration): Blowfish, Camellia, SEED and CAST5 in CBC, and the
 * full-block CFB (OpenSSL's CFB64 / CFB128) and OFB modes of every family.
 *
 * OpenSSL's names are FAMILY-MODE: "AES-128-CFB", "DES-EDE3-OFB", "BF-CBC",
 * "CAMELLIA-256-CBC", "SEED-OFB", "CAST5-CFB", "RC2-OFB".
 */
#include "pkcs12/pemlegacy.h"

#include "pkcs12/crypto.h"

#include <string.h>
#include <strings.h>

typedef enum fam_kind { F_AES, F_DES, F_DES_EDE, F_DES_EDE3, F_RC2, F_BF, F_CAMELLIA, F_SEED, F_CAST5 } fam_kind;

/* A cipher family: the name before "-MODE", its key length (EVP_BytesToKey's output), block size. */
static const struct fam {
    const char *prefix;
    fam_kind kind;
    unsigned keylen;
    unsigned block;
} fams[] = {
    { "AES-128", F_AES, 16, 16 },           { "AES-192", F_AES, 24, 16 },
    { "AES-256", F_AES, 32, 16 },           { "DES", F_DES, 8, 8 },
    { "DES-EDE", F_DES_EDE, 16, 8 },        { "DES-EDE3", F_DES_EDE3, 24, 8 },
    { "RC2", F_RC2, 16, 8 },                { "BF", F_BF, 16, 8 },
    { "CAMELLIA-128", F_CAMELLIA, 16, 16 }, { "CAMELLIA-192", F_CAMELLIA, 24, 16 },
    { "CAMELLIA-256", F_CAMELLIA, 32, 16 }, { "SEED", F_SEED, 16, 16 },
    { "CAST5", F_CAST5, 16, 8 },
};

typedef enum mode { M_CBC, M_CFB, M_OFB } lmode;

static const struct { const char *name; lmode m; } modes[] = { { "CBC", M_CBC }, { "CFB", M_CFB }, { "OFB", M_OFB } };

/* Finds FAMILY-MODE. */
static bool lookup(const char *name, size_t n, const struct fam **f, lmode *m)
{
    if (!name)
        return false;
    for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++) {
        size_t pl = strlen(fams[i].prefix);
        if (n != pl + 4 || strncasecmp(name, fams[i].prefix, pl) != 0 || name[pl] != '-')
            continue;
        for (size_t j = 0; j < sizeof modes / sizeof modes[0]; j++)
            if (strncasecmp(name + pl + 1, modes[j].name, 3) == 0) {
                *f = &fams[i];
                *m = modes[j].m;
                return true;
            }
    }
    return false;
}

/* True when crypto.h's own table has the name (its CBC ciphers). */
static bool shared_known(const char *name, size_t n)
{
    ck_cipher c;
    size_t kl;
    unsigned bits;
    return ck_cipher_from_pem_name(name, n, &c, &kl, &bits) == ASN1_OK;
}

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

size_t pem_legacy_iv_from_hex(const char *hex, size_t hexlen, uint8_t iv[32])
{
    if (hexlen == 0 || hexlen % 2 || hexlen / 2 > 32)
        return 0;
    for (size_t i = 0; i < hexlen / 2; i++) {
        int h = hexval(hex[2 * i]), l = hexval(hex[2 * i + 1]);
        if (h < 0 || l < 0)
            return 0;
        iv[i] = (uint8_t)(h << 4 | l);
    }
    return hexlen / 2;
}

bool pem_legacy_cipher_known(const char *name, size_t namelen)
{
    const struct fam *f;
    lmode m;
    return shared_known(name, namelen) || lookup(name, namelen, &f, &m);
}

/* A keyed block cipher. */
typedef struct sched {
    int (*enc)(const unsigned char *, unsigned char *, symmetric_key *);
    int (*dec)(const unsigned char *, unsigned char *, symmetric_key *);
    symmetric_key key;
} sched_t;

static asn1_err sched_init(sched_t *s, const struct fam *f, const uint8_t *key)
{
    int rc = CRYPT_INVALID_ARG;
    memset(s, 0, sizeof *s);
    switch (f->kind) {
    case F_AES:
        rc = aes_setup(key, (int)f->keylen, 0, &s->key);
        s->enc = aes_ecb_encrypt, s->dec = aes_ecb_decrypt;
        break;
    case F_DES:
        rc = des_setup(key, 8, 0, &s->key);
        s->enc = des_ecb_encrypt, s->dec = des_ecb_decrypt;
        break;
    case F_DES_EDE: { /* K1 K2 K1 */
        uint8_t k3[24];
        memcpy(k3, key, 16);
        memcpy(k3 + 16, key, 8);
        rc = des3_setup(k3, 24, 0, &s->key);
        explicit_bzero(k3, sizeof k3);
        s->enc = des3_ecb_encrypt, s->dec = des3_ecb_decrypt;
        break;
    }
    case F_DES_EDE3:
        rc = des3_setup(key, 24, 0, &s->key);
        s->enc = des3_ecb_encrypt, s->dec = des3_ecb_decrypt;
        break;
    case F_RC2:
        rc = rc2_setup_ex(key, (int)f->keylen, (int)f->keylen * 8, 0, &s->key);
        s->enc = rc2_ecb_encrypt, s->dec = rc2_ecb_decrypt;
        break;
    case F_BF:
        rc = blowfish_setup(key, (int)f->keylen, 0, &s->key);
        s->enc = blowfish_ecb_encrypt, s->dec = blowfish_ecb_decrypt;
        break;
    case F_CAMELLIA:
        rc = camellia_setup(key, (int)f->keylen, 0, &s->key);
        s->enc = camellia_ecb_encrypt, s->dec = camellia_ecb_decrypt;
        break;
    case F_SEED:
        rc = kseed_setup(key, (int)f->keylen, 0, &s->key);
        s->enc = kseed_ecb_encrypt, s->dec = kseed_ecb_decrypt;
        break;
    case F_CAST5:
        rc = cast5_setup(key, (int)f->keylen, 0, &s->key);
        s->enc = cast5_ecb_encrypt, s->dec = cast5_ecb_decrypt;
        break;
    }
    if (rc != CRYPT_OK) {
        explicit_bzero(s, sizeof *s);
        return ASN1_E_VALUE;
    }
    return ASN1_OK;
}

static asn1_err blk_cbc_encrypt(sched_t *s, size_t bs, span_t iv, span_t in, uint8_t *ct, size_t total)
{
    const size_t pad = total - in.len;
    uint8_t x[16];
    const uint8_t *prev = iv.p;
    for (size_t off = 0; off < total; off += bs) {
        for (size_t i = 0; i < bs; i++) {
            size_t k = off + i;
            x[i] = (uint8_t)((k < in.len ? in.p[k] : (uint8_t)pad) ^ prev[i]);
        }
        if (s->enc(x, ct + off, &s->key) != CRYPT_OK) {
            explicit_bzero(x, sizeof x);
            return ASN1_E_CRYPTO;
        }
        prev = ct + off;
    }
    explicit_bzero(x, sizeof x);
    return ASN1_OK;
}

/*
 * Full-block CFB and OFB: the keystream block is E(register); CFB's register is the
 * previous ciphertext block (the IV first), OFB's the previous keystream block.
 */
static asn1_err stream_run(sched_t *s, lmode m, bool enc, size_t bs, span_t iv, span_t in, uint8_t *out)
{
    uint8_t reg[16], ks[16];
    asn1_err e = ASN1_OK;
    memcpy(reg, iv.p, bs);
    for (size_t off = 0; off < in.len; off += bs) {
        size_t n = in.len - off < bs ? in.len - off : bs;
        if (s->enc(reg, ks, &s->key) != CRYPT_OK) {
            e = ASN1_E_CRYPTO;
            break;
        }
        if (m == M_OFB) {
            memcpy(reg, ks, bs);
            for (size_t i = 0; i < n; i++)
                out[off + i] = (uint8_t)(in.p[off + i] ^ ks[i]);
        } else {
            for (size_t i = 0; i < n; i++) {
                uint8_t c = in.p[off + i];
                out[off + i] = (uint8_t)(c ^ ks[i]);
                reg[i] = enc ? out[off + i] : c;
            }
        }
    }
    explicit_bzero(reg, sizeof reg);
    explicit_bzero(ks, sizeof ks);
    return e;
}

static asn1_err crypt_any(const char *name, size_t namelen, span_t iv, const uint8_t *pass, size_t passlen,
                          span_t in, buf_t *out, bool enc)
{
    if (!out || (!pass && passlen) || (!in.p && in.len))
        return ASN1_E_VALUE;
    if (shared_known(name, namelen))
        return enc ? pem_legacy_encrypt(name, namelen, iv, pass, passlen, in, out)
                   : pem_legacy_decrypt(name, namelen, iv, pass, passlen, in, out);
    const struct fam *f;
    lmode m;
    if (!lookup(name, namelen, &f, &m))
        return ASN1_E_UNSUPPORTED;
    const size_t bs = f->block;
    if (iv.len != bs || !iv.p)
        return ASN1_E_VALUE;
    if (m == M_CBC && !enc && (in.len == 0 || in.len % bs != 0))
        return ASN1_E_VALUE;
    const size_t total = m == M_CBC && enc ? in.len + (bs - in.len % bs) : in.len;
    if (total < in.len)
        return ASN1_E_VALUE;
    if (!buf_reserve(out, total ? total : 1))
        return ASN1_E_NOMEM;

    uint8_t key[32];
    sched_t s;
    asn1_err e = evp_bytes_to_key(CK_HASH_MD5, pass, passlen, iv.p, 1, key, f->keylen, NULL, 0);
    if (e == ASN1_OK)
        e = sched_init(&s, f, key);
    explicit_bzero(key, sizeof key);
    if (e != ASN1_OK)
        return e;
    uint8_t *dst = (uint8_t *)out->p + out->len;
    size_t produced = total;
    if (m == M_CBC && enc)
        e = blk_cbc_encrypt(&s, bs, iv, in, dst, total);
    else if (m == M_CBC)
        e = ck_cbc_decrypt_unpad(s.dec, &s.key, bs, iv, in, dst, &produced);
    else
        e = stream_run(&s, m, enc, bs, iv, in, dst);
    if (e == ASN1_OK) {
        if (produced < total)
            explicit_bzero(dst + produced, total - produced);   /* the padding */
        out->len += produced;
    } else {
        explicit_bzero(dst, total);
    }
    explicit_bzero(&s, sizeof s);
    return e;
}

asn1_err pem_legacy_decrypt_any(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                                size_t passlen, span_t in, buf_t *out)
{
    return crypt_any(dek_name, namelen, iv, pass, passlen, in, out, false);
}

asn1_err pem_legacy_encrypt_any(const char *dek_name, size_t namelen, span_t iv, const uint8_t *pass,
                                size_t passlen, span_t in, buf_t *out)
{
    return crypt_any(dek_name, namelen, iv, pass, passlen, in, out, true);
}
