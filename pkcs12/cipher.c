/*
 * cipher.c - the symmetric ciphers behind PKCS#12, PKCS#8 and legacy PEM
 * encryption: DES, 3-key and 2-key triple DES, RC2 with any effective key length
 * (RFC 2268), AES, Blowfish, CAST5, Camellia and SEED in CBC mode with PKCS#7
 * padding, and RC4.  CBC is done here over
 * libtomcrypt's ECB primitives, so no descriptor registration is needed.
 */
#include "pkcs12/crypto.h"

#include <string.h>
#include <strings.h>

static const ck_cipher_info cipher_rows[CK_CIPHER__COUNT] = {
    { CK_CIPHER_NONE, NULL, 0, 0, 0 },
    { CK_DES_CBC, "des-cbc", 8, 8, 8 },
    { CK_DES_EDE3_CBC, "des-ede3-cbc", 8, 24, 8 },
    { CK_DES_EDE_CBC, "des-ede-cbc", 8, 16, 8 },
    { CK_RC2_CBC, "rc2-cbc", 8, 16, 8 },
    { CK_RC4, "rc4", 1, 16, 0 },
    { CK_AES128_CBC, "aes-128-cbc", 16, 16, 16 },
    { CK_AES192_CBC, "aes-192-cbc", 16, 24, 16 },
    { CK_AES256_CBC, "aes-256-cbc", 16, 32, 16 },
    { CK_BF_CBC, "bf-cbc", 8, 16, 8 },
    { CK_CAST5_CBC, "cast5-cbc", 8, 16, 8 },
    { CK_CAMELLIA128_CBC, "camellia-128-cbc", 16, 16, 16 },
    { CK_CAMELLIA192_CBC, "camellia-192-cbc", 16, 24, 16 },
    { CK_CAMELLIA256_CBC, "camellia-256-cbc", 16, 32, 16 },
    { CK_SEED_CBC, "seed-cbc", 16, 16, 16 },
};

const ck_cipher_info *ck_cipher_get(ck_cipher c)
{
    if ((int)c <= CK_CIPHER_NONE || c >= CK_CIPHER__COUNT)
        return NULL;
    return &cipher_rows[c];
}

/* A keyed block cipher (or RC4 stream). */
typedef struct sched {
    const ck_cipher_info *ci;
    int (*ecb_enc)(const unsigned char *, unsigned char *, symmetric_key *);
    int (*ecb_dec)(const unsigned char *, unsigned char *, symmetric_key *);
    symmetric_key key;
    rc4_state rc4;
} sched_t;

static void sched_wipe(sched_t *s)
{
    explicit_bzero(s, sizeof *s);
}

/* Validates the key (and IV) and runs the key schedule. */
static asn1_err sched_init(sched_t *s, ck_cipher c, span_t key, unsigned rc2_bits, span_t iv)
{
    memset(s, 0, sizeof *s);
    const ck_cipher_info *ci = ck_cipher_get(c);
    if (!ci)
        return ASN1_E_UNSUPPORTED;
    s->ci = ci;
    if (!key.p || iv.len != ci->ivlen || (ci->ivlen && !iv.p))
        return ASN1_E_VALUE;
    int rc = CRYPT_INVALID_KEYSIZE;
    switch (c) {
    case CK_DES_CBC:
        if (key.len == 8)
            rc = des_setup(key.p, 8, 0, &s->key);
        s->ecb_enc = des_ecb_encrypt, s->ecb_dec = des_ecb_decrypt;
        break;
    case CK_DES_EDE3_CBC:
        if (key.len == 24)
            rc = des3_setup(key.p, 24, 0, &s->key);
        s->ecb_enc = des3_ecb_encrypt, s->ecb_dec = des3_ecb_decrypt;
        break;
    case CK_DES_EDE_CBC:
        if (key.len == 16) { /* K1 K2 K1 */
            uint8_t k3[24];
            memcpy(k3, key.p, 16);
            memcpy(k3 + 16, key.p, 8);
            rc = des3_setup(k3, 24, 0, &s->key);
            explicit_bzero(k3, sizeof k3);
        }
        s->ecb_enc = des3_ecb_encrypt, s->ecb_dec = des3_ecb_decrypt;
        break;
    case CK_RC2_CBC: {
        unsigned bits = rc2_bits ? rc2_bits : (unsigned)key.len * 8u;
        if (key.len >= 1 && key.len <= 128 && bits >= 1 && bits <= 1024)
            rc = rc2_setup_ex(key.p, (int)key.len, (int)bits, 0, &s->key);
        s->ecb_enc = rc2_ecb_encrypt, s->ecb_dec = rc2_ecb_decrypt;
        break;
    }
    case CK_RC4:
        if (key.len >= 5 && key.len <= 256) /* rc4_stream_setup aborts below 5 */
            rc = rc4_stream_setup(&s->rc4, key.p, (unsigned long)key.len);
        break;
    case CK_AES128_CBC:
    case CK_AES192_CBC:
    case CK_AES256_CBC:
        if (key.len == ci->keylen)
            rc = aes_setup(key.p, (int)key.len, 0, &s->key);
        s->ecb_enc = aes_ecb_encrypt, s->ecb_dec = aes_ecb_decrypt;
        break;
    case CK_BF_CBC:
        if (key.len >= 4 && key.len <= 56)
            rc = blowfish_setup(key.p, (int)key.len, 0, &s->key);
        s->ecb_enc = blowfish_ecb_encrypt, s->ecb_dec = blowfish_ecb_decrypt;
        break;
    case CK_CAST5_CBC:
        if (key.len >= 5 && key.len <= 16)
            rc = cast5_setup(key.p, (int)key.len, 0, &s->key);
        s->ecb_enc = cast5_ecb_encrypt, s->ecb_dec = cast5_ecb_decrypt;
        break;
    case CK_CAMELLIA128_CBC:
    case CK_CAMELLIA192_CBC:
    case CK_CAMELLIA256_CBC:
        if (key.len == ci->keylen)
            rc = camellia_setup(key.p, (int)key.len, 0, &s->key);
        s->ecb_enc = camellia_ecb_encrypt, s->ecb_dec = camellia_ecb_decrypt;
        break;
    case CK_SEED_CBC:
        if (key.len == 16)
            rc = kseed_setup(key.p, 16, 0, &s->key);
        s->ecb_enc = kseed_ecb_encrypt, s->ecb_dec = kseed_ecb_decrypt;
        break;
    default:
        return ASN1_E_UNSUPPORTED;
    }
    if (rc != CRYPT_OK) {
        sched_wipe(s);
        return ASN1_E_VALUE;
    }
    return ASN1_OK;
}

static asn1_err rc4_run(sched_t *s, span_t in, buf_t *out)
{
    if (in.len == 0)
        return ASN1_OK;
    if (!in.p)
        return ASN1_E_VALUE;
    if (!buf_reserve(out, in.len))
        return ASN1_E_NOMEM;
    if (rc4_stream_crypt(&s->rc4, in.p, (unsigned long)in.len, (unsigned char *)out->p + out->len) !=
        CRYPT_OK) {
        explicit_bzero(out->p + out->len, in.len);
        return ASN1_E_CRYPTO;
    }
    out->len += in.len;
    return ASN1_OK;
}

asn1_err ck_cbc_decrypt_unpad(int (*dec)(const unsigned char *, unsigned char *, symmetric_key *),
                              symmetric_key *key, size_t bs, span_t iv, span_t in, uint8_t *pt, size_t *ptlen)
{
    uint8_t prev[16], cur[16];
    asn1_err e = ASN1_OK;
    if (bs == 0 || bs > sizeof prev || in.len == 0 || in.len % bs != 0 || iv.len < bs)
        return ASN1_E_VALUE;
    memcpy(prev, iv.p, bs);
    for (size_t off = 0; off < in.len; off += bs) {
        memcpy(cur, in.p + off, bs); /* in and out may overlap */
        if (dec(cur, pt + off, key) != CRYPT_OK) {
            e = ASN1_E_CRYPTO;
            break;
        }
        for (size_t i = 0; i < bs; i++)
            pt[off + i] ^= prev[i];
        memcpy(prev, cur, bs);
    }
    /* PKCS#7 padding: 1..bs bytes, each holding the count; checked without
     * branching on the secret bytes. */
    if (e == ASN1_OK) {
        unsigned pad = pt[in.len - 1];
        unsigned bad = (unsigned)(pad == 0) | (unsigned)(pad > bs);
        for (size_t i = 0; i < bs; i++)
            bad |= (unsigned)(i < pad) & (unsigned)(pt[in.len - 1 - i] != pad);
        if (bad)
            e = ASN1_E_CRYPTO;
        else
            *ptlen = in.len - pad;
    }
    explicit_bzero(prev, sizeof prev);
    explicit_bzero(cur, sizeof cur);
    return e;
}

asn1_err ck_cipher_decrypt(ck_cipher c, span_t key, unsigned rc2_bits, span_t iv, span_t in,
                           buf_t *out)
{
    if (!out)
        return ASN1_E_VALUE;
    sched_t s;
    TRY(sched_init(&s, c, key, rc2_bits, iv));
    if (c == CK_RC4) {
        asn1_err e = rc4_run(&s, in, out);
        sched_wipe(&s);
        return e;
    }
    const size_t bs = s.ci->block;
    if (in.len == 0 || in.len % bs != 0 || !in.p) {
        sched_wipe(&s);
        return ASN1_E_VALUE;
    }
    if (!buf_reserve(out, in.len)) {
        sched_wipe(&s);
        return ASN1_E_NOMEM;
    }
    uint8_t *pt = (uint8_t *)out->p + out->len;
    size_t ptlen = 0;
    asn1_err e = ck_cbc_decrypt_unpad(s.ecb_dec, &s.key, bs, iv, in, pt, &ptlen);
    if (e == ASN1_OK) {
        explicit_bzero(pt + ptlen, in.len - ptlen);         /* the padding */
        out->len += ptlen;
    } else {
        explicit_bzero(pt, in.len);
    }
    sched_wipe(&s);
    return e;
}

asn1_err ck_cipher_encrypt(ck_cipher c, span_t key, unsigned rc2_bits, span_t iv, span_t in,
                           buf_t *out)
{
    if (!out)
        return ASN1_E_VALUE;
    sched_t s;
    TRY(sched_init(&s, c, key, rc2_bits, iv));
    asn1_err e = ASN1_OK;
    if (c == CK_RC4) {
        e = rc4_run(&s, in, out);
        sched_wipe(&s);
        return e;
    }
    const size_t bs = s.ci->block;
    const size_t pad = bs - in.len % bs, total = in.len + pad;
    if ((!in.p && in.len) || total < in.len) {
        sched_wipe(&s);
        return ASN1_E_VALUE;
    }
    if (!buf_reserve(out, total)) {
        sched_wipe(&s);
        return ASN1_E_NOMEM;
    }
    uint8_t *ct = (uint8_t *)out->p + out->len;
    uint8_t x[16];
    const uint8_t *prev = iv.p;
    for (size_t off = 0; off < total; off += bs) {
        for (size_t i = 0; i < bs; i++) {
            size_t k = off + i;
            x[i] = (uint8_t)((k < in.len ? in.p[k] : (uint8_t)pad) ^ prev[i]);
        }
        if (s.ecb_enc(x, ct + off, &s.key) != CRYPT_OK) {
            e = ASN1_E_CRYPTO;
            break;
        }
        prev = ct + off;
    }
    if (e == ASN1_OK)
        out->len += total;
    else
        explicit_bzero(ct, total);
    explicit_bzero(x, sizeof x);
    sched_wipe(&s);
    return e;
}

/* ------------------------------------------------------------ name tables */

static const struct { oid_id oid; ck_cipher c; } cipher_oids[] = {
    { OID_des_cbc, CK_DES_CBC },         { OID_des_ede3_cbc, CK_DES_EDE3_CBC },
    { OID_rc2_cbc, CK_RC2_CBC },         { OID_aes128_cbc, CK_AES128_CBC },
    { OID_aes192_cbc, CK_AES192_CBC },   { OID_aes256_cbc, CK_AES256_CBC },
    { OID_bf_cbc, CK_BF_CBC },           { OID_cast5_cbc, CK_CAST5_CBC },
    { OID_camellia128_cbc, CK_CAMELLIA128_CBC }, { OID_camellia192_cbc, CK_CAMELLIA192_CBC },
    { OID_camellia256_cbc, CK_CAMELLIA256_CBC }, { OID_seed_cbc, CK_SEED_CBC },
};

ck_cipher ck_cipher_from_oid(oid_id id)
{
    for (size_t i = 0; i < sizeof cipher_oids / sizeof cipher_oids[0]; i++)
        if (cipher_oids[i].oid == id)
            return cipher_oids[i].c;
    return CK_CIPHER_NONE;
}

/* OpenSSL's names in "DEK-Info:" (PEM_write_bio_PrivateKey with -des3, -aes256, ...) */
static const struct {
    const char *name;
    ck_cipher c;
    unsigned keylen, rc2_bits;
} pem_names[] = {
    { "DES-CBC", CK_DES_CBC, 8, 0 },
    { "DES-EDE3-CBC", CK_DES_EDE3_CBC, 24, 0 },
    { "DES-EDE-CBC", CK_DES_EDE_CBC, 16, 0 },
    { "RC2-CBC", CK_RC2_CBC, 16, 128 },
    { "RC2-64-CBC", CK_RC2_CBC, 8, 64 },
    { "RC2-40-CBC", CK_RC2_CBC, 5, 40 },
    { "AES-128-CBC", CK_AES128_CBC, 16, 0 },
    { "AES-192-CBC", CK_AES192_CBC, 24, 0 },
    { "AES-256-CBC", CK_AES256_CBC, 32, 0 },
};

asn1_err ck_cipher_from_pem_name(const char *name, size_t namelen, ck_cipher *c, size_t *keylen,
                                 unsigned *rc2_bits)
{
    if (!name || !c || !keylen || !rc2_bits)
        return ASN1_E_VALUE;
    for (size_t i = 0; i < sizeof pem_names / sizeof pem_names[0]; i++) {
        if (strlen(pem_names[i].name) == namelen && strncasecmp(pem_names[i].name, name, namelen) == 0) {
            *c = pem_names[i].c;
            *keylen = pem_names[i].keylen;
            *rc2_bits = pem_names[i].rc2_bits;
            return ASN1_OK;
        }
    }
    return ASN1_E_UNSUPPORTED;
}

/* RFC 2268 section 6: the RC2 parameter version for effective key bits below 256. */
static const uint8_t rc2_ekb_table[256] = {
    0xbd, 0x56, 0xea, 0xf2, 0xa2, 0xf1, 0xac, 0x2a, 0xb0, 0x93, 0xd1, 0x9c, 0x1b, 0x33, 0xfd, 0xd0,
    0x30, 0x04, 0xb6, 0xdc, 0x7d, 0xdf, 0x32, 0x4b, 0xf7, 0xcb, 0x45, 0x9b, 0x31, 0xbb, 0x21, 0x5a,
    0x41, 0x9f, 0xe1, 0xd9, 0x4a, 0x4d, 0x9e, 0xda, 0xa0, 0x68, 0x2c, 0xc3, 0x27, 0x5f, 0x80, 0x36,
    0x3e, 0xee, 0xfb, 0x95, 0x1a, 0xfe, 0xce, 0xa8, 0x34, 0xa9, 0x13, 0xf0, 0xa6, 0x3f, 0xd8, 0x0c,
    0x78, 0x24, 0xaf, 0x23, 0x52, 0xc1, 0x67, 0x17, 0xf5, 0x66, 0x90, 0xe7, 0xe8, 0x07, 0xb8, 0x60,
    0x48, 0xe6, 0x1e, 0x53, 0xf3, 0x92, 0xa4, 0x72, 0x8c, 0x08, 0x15, 0x6e, 0x86, 0x00, 0x84, 0xfa,
    0xf4, 0x7f, 0x8a, 0x42, 0x19, 0xf6, 0xdb, 0xcd, 0x14, 0x8d, 0x50, 0x12, 0xba, 0x3c, 0x06, 0x4e,
    0xec, 0xb3, 0x35, 0x11, 0xa1, 0x88, 0x8e, 0x2b, 0x94, 0x99, 0xb7, 0x71, 0x74, 0xd3, 0xe4, 0xbf,
    0x3a, 0xde, 0x96, 0x0e, 0xbc, 0x0a, 0xed, 0x77, 0xfc, 0x37, 0x6b, 0x03, 0x79, 0x89, 0x62, 0xc6,
    0xd7, 0xc0, 0xd2, 0x7c, 0x6a, 0x8b, 0x22, 0xa3, 0x5b, 0x05, 0x5d, 0x02, 0x75, 0xd5, 0x61, 0xe3,
    0x18, 0x8f, 0x55, 0x51, 0xad, 0x1f, 0x0b, 0x5e, 0x85, 0xe5, 0xc2, 0x57, 0x63, 0xca, 0x3d, 0x6c,
    0xb4, 0xc5, 0xcc, 0x70, 0xb2, 0x91, 0x59, 0x0d, 0x47, 0x20, 0xc8, 0x4f, 0x58, 0xe0, 0x01, 0xe2,
    0x16, 0x38, 0xc4, 0x6f, 0x3b, 0x0f, 0x65, 0x46, 0xbe, 0x7e, 0x2d, 0x7b, 0x82, 0xf9, 0x40, 0xb5,
    0x1d, 0x73, 0xf8, 0xeb, 0x26, 0xc7, 0x87, 0x97, 0x25, 0x54, 0xb1, 0x28, 0xaa, 0x98, 0x9d, 0xa5,
    0x64, 0x6d, 0x7a, 0xd4, 0x10, 0x81, 0x44, 0xef, 0x49, 0xd6, 0xae, 0x2e, 0xdd, 0x76, 0x5c, 0x2f,
    0xa7, 0x1c, 0xc9, 0x09, 0x69, 0x9a, 0x83, 0xcf, 0x29, 0x39, 0xb9, 0xe9, 0x4c, 0xff, 0x43, 0xab,
};

asn1_err ck_rc2_version_to_bits(int64_t version, unsigned *bits)
{
    if (!bits || version < 0 || version > 1024)
        return ASN1_E_VALUE;
    if (version >= 256) {
        *bits = (unsigned)version;
        return ASN1_OK;
    }
    for (unsigned ekb = 0; ekb < 256; ekb++) {
        if (rc2_ekb_table[ekb] == version) {
            if (ekb == 0) /* effective key bits 0: not a usable RC2 key */
                return ASN1_E_VALUE;
            *bits = ekb;
            return ASN1_OK;
        }
    }
    return ASN1_E_VALUE; /* unreachable: the table is a permutation */
}

asn1_err ck_rc2_bits_to_version(unsigned bits, int64_t *version)
{
    if (!version || bits == 0 || bits > 1024)
        return ASN1_E_VALUE;
    *version = bits >= 256 ? (int64_t)bits : (int64_t)rc2_ekb_table[bits];
    return ASN1_OK;
}
