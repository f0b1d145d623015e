/*
 * verify_rsa.c - RSASSA-PKCS1-v1_5 and RSASSA-PSS verification (RFC 8017 8.1.2,
 * 8.2.2, 9.1.2, 9.2).  The public operation is libtommath's mp_exptmod; the
 * encodings are checked here, byte for byte, so every hash (MD5, SHA-1, SHA-2,
 * SHA-512/t, SHA-3) and every PSS combination (MGF1 hash other than the message
 * hash, any salt length) is handled the same way.
 */
#include "x509/verify_impl.h"

#include <string.h>

#define MAX_K (CK_RSA_MAX_BITS / 8)

/*
 * EMSA-PKCS1-v1_5 (RFC 8017 9.2): EM = 00 01 FF..FF 00 || DigestInfo, where
 *   DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
 * with the hash AlgorithmIdentifier's parameters NULL (with_null) or absent
 * (RFC 8017 9.2 note 2 lets a verifier accept both).  Returns the length, 0 if k is too short.
 */
static size_t emsa_pkcs1(ck_hash hash, const uint8_t *digest, size_t dlen, bool with_null,
                         uint8_t *em, size_t k)
{
    span_t oid;
    switch (hash) { /* the DigestInfo OID of each hash that can be computed */
    case CK_HASH_MD5: oid = oid_der(OID_md5); break;
    case CK_HASH_SHA1: oid = oid_der(OID_sha1); break;
    case CK_HASH_SHA224: oid = oid_der(OID_sha224); break;
    case CK_HASH_SHA256: oid = oid_der(OID_sha256); break;
    case CK_HASH_SHA384: oid = oid_der(OID_sha384); break;
    case CK_HASH_SHA512: oid = oid_der(OID_sha512); break;
    case CK_HASH_SHA512_224: oid = oid_der(OID_sha512_224); break;
    case CK_HASH_SHA512_256: oid = oid_der(OID_sha512_256); break;
    case CK_HASH_SHA3_224: oid = oid_der(OID_sha3_224); break;
    case CK_HASH_SHA3_256: oid = oid_der(OID_sha3_256); break;
    case CK_HASH_SHA3_384: oid = oid_der(OID_sha3_384); break;
    case CK_HASH_SHA3_512: oid = oid_der(OID_sha3_512); break;
    default: return 0;
    }
    if (oid.len == 0 || oid.len > 32 || dlen > CK_HASH_MAX_LEN)
        return 0;
    /* every length here is below 128: short-form lengths */
    size_t alg_content = 2 + oid.len + (with_null ? 2 : 0);  /* OID TLV, NULL TLV */
    size_t di_content = 2 + alg_content + 2 + dlen;          /* AlgorithmIdentifier, OCTET STRING */
    size_t t_len = 2 + di_content;
    if (k < t_len + 11)
        return 0;
    size_t ps = k - t_len - 3, o = 0;
    em[o++] = 0x00;
    em[o++] = 0x01;
    memset(em + o, 0xff, ps);
    o += ps;
    em[o++] = 0x00;
    em[o++] = 0x30; /* DigestInfo */
    em[o++] = (uint8_t)di_content;
    em[o++] = 0x30; /* AlgorithmIdentifier */
    em[o++] = (uint8_t)alg_content;
    em[o++] = 0x06;
    em[o++] = (uint8_t)oid.len;
    memcpy(em + o, oid.p, oid.len);
    o += oid.len;
    if (with_null) {
        em[o++] = 0x05;
        em[o++] = 0x00;
    }
    em[o++] = 0x04;
    em[o++] = (uint8_t)dlen;
    memcpy(em + o, digest, dlen);
    o += dlen;
    return o;
}

/* MGF1 (RFC 8017 B.2.1): mask = Hash(seed || C) for C = 0, 1, ... XORed into out. */
static bool mgf1_xor(ck_hash h, const uint8_t *seed, size_t seed_len, uint8_t *out, size_t len)
{
    uint8_t in[CK_HASH_MAX_LEN + 4], md[CK_HASH_MAX_LEN];
    size_t hlen = ck_hash_len(h);
    if (hlen == 0 || seed_len > CK_HASH_MAX_LEN)
        return false;
    memcpy(in, seed, seed_len);
    for (uint32_t ctr = 0, done = 0; done < len; ctr++) {
        in[seed_len] = (uint8_t)(ctr >> 24);
        in[seed_len + 1] = (uint8_t)(ctr >> 16);
        in[seed_len + 2] = (uint8_t)(ctr >> 8);
        in[seed_len + 3] = (uint8_t)ctr;
        if (!ck_hash_compute(h, span_make(in, seed_len + 4), md))
            return false;
        for (size_t i = 0; i < hlen && done < len; i++)
            out[done++] ^= md[i];
    }
    return true;
}

/* EMSA-PSS-VERIFY (RFC 8017 9.1.2) over EM of em_len bytes, em_bits = modBits - 1. */
static ck_verify_result emsa_pss_verify(const ck_pss_params *pss, const uint8_t *mhash, size_t hlen,
                                        uint8_t *em, size_t em_len, size_t em_bits, char *detail,
                                        size_t n)
{
    uint8_t mprime[8 + CK_HASH_MAX_LEN + MAX_K], hh[CK_HASH_MAX_LEN];
    size_t slen = (size_t)pss->salt_len;
    unsigned zbits = (unsigned)(8 * em_len - em_bits); /* leftmost bits that must be zero */

    if (em_len < hlen + slen + 2) {         /* step 3 */
        ck_detail(detail, n, "PSS encoding too short for a %zu-byte hash and a %zu-byte salt", hlen, slen);
        return CK_VERIFY_INVALID;
    }
    if (em[em_len - 1] != 0xbc) {           /* step 4: trailerField 1 */
        ck_detail(detail, n, "PSS encoding does not end in 0xbc");
        return CK_VERIFY_INVALID;
    }
    size_t db_len = em_len - hlen - 1;
    uint8_t *db = em;                       /* step 5: maskedDB, then DB in place */
    const uint8_t *h = em + db_len;
    if (zbits && (db[0] & (uint8_t)(0xff << (8 - zbits)))) { /* step 6 */
        ck_detail(detail, n, "PSS encoding has its leftmost bits set");
        return CK_VERIFY_INVALID;
    }
    if (!mgf1_xor(pss->mgf_hash, h, hlen, db, db_len)) { /* steps 7-8 */
        ck_detail(detail, n, "MGF1 with %s failed", ck_hash_label(pss->mgf_hash));
        return CK_VERIFY_ERROR;
    }
    if (zbits)                              /* step 9 */
        db[0] &= (uint8_t)(0xff >> zbits);
    size_t ps_len = db_len - slen - 1;      /* step 10 */
    for (size_t i = 0; i < ps_len; i++)
        if (db[i] != 0) {
            ck_detail(detail, n, "PSS padding is not zero (a salt length other than %zu, or the wrong key)", slen);
            return CK_VERIFY_INVALID;
        }
    if (db[ps_len] != 0x01) {
        ck_detail(detail, n, "PSS separator 0x01 missing (a salt length other than %zu, or the wrong key)", slen);
        return CK_VERIFY_INVALID;
    }
    /* steps 11-13: H' = Hash(00 x 8 || mHash || salt); slen < em_len (step 3) */
    memset(mprime, 0, 8);
    memcpy(mprime + 8, mhash, hlen);
    memcpy(mprime + 8 + hlen, db + db_len - slen, slen);
    if (!ck_hash_compute(pss->hash, span_make(mprime, 8 + hlen + slen), hh)) {
        ck_detail(detail, n, "hashing with %s failed", ck_hash_label(pss->hash));
        return CK_VERIFY_ERROR;
    }
    if (memcmp(hh, h, hlen) != 0) {         /* step 14 */
        ck_detail(detail, n, "signature does not match");
        return CK_VERIFY_INVALID;
    }
    return CK_VERIFY_VALID;
}

/*
 * M = S^E mod N for a public exponent of at most 64 bits: left-to-right square and
 * multiply in Montgomery form, set up once.  For e = 65537 this is 1.5 times faster
 * than mp_exptmod, which sizes its windows for long exponents.  N is odd.
 */
static mp_err small_exptmod(const mp_int *S, const mp_int *E, const mp_int *N, mp_int *M)
{
    mp_int R, sR;
    mp_digit rho;
    mp_err err;
    int bits = mp_count_bits(E);
    uint64_t e = mp_get_mag_u64(E);
    if ((err = mp_init_multi(&R, &sR, NULL)) != MP_OKAY)
        return err;
    if ((err = mp_montgomery_setup(N, &rho)) != MP_OKAY ||
        (err = mp_montgomery_calc_normalization(&R, N)) != MP_OKAY ||
        (err = mp_mulmod(S, &R, N, &sR)) != MP_OKAY || /* S in Montgomery form */
        (err = mp_copy(&sR, M)) != MP_OKAY)
        goto out;
    for (int i = bits - 2; i >= 0; i--) {
        if ((err = mp_sqr(M, M)) != MP_OKAY || (err = mp_montgomery_reduce(M, N, rho)) != MP_OKAY)
            goto out;
        if (((e >> i) & 1u) &&
            ((err = mp_mul(M, &sR, M)) != MP_OKAY || (err = mp_montgomery_reduce(M, N, rho)) != MP_OKAY))
            goto out;
    }
    err = mp_montgomery_reduce(M, N, rho); /* out of Montgomery form */
out:
    mp_clear_multi(&R, &sR, NULL);
    return err;
}

ck_verify_result ck_verify_rsa(const ck_pubkey *key, ck_hash hash, const ck_pss_params *pss,
                               const uint8_t *digest, size_t dlen, span_t sig, char *detail,
                               size_t n)
{
    mp_int N, E, S, M;
    uint8_t em[MAX_K], want[MAX_K];
    ck_verify_result r = CK_VERIFY_ERROR;
    int bits;
    size_t k;

    if (mp_init_multi(&N, &E, &S, &M, NULL) != MP_OKAY) {
        ck_detail(detail, n, "out of memory");
        return CK_VERIFY_ERROR;
    }
    /* the key: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
    /* A modulus that lost its leading 00 (old GnuTLS wrote such keys; spki_decode warns) is
     * read as the unsigned number its bytes spell, as GnuTLS reads it. */
    span_t nv = key->rsa_n;
    bool n_ok = nv.len && (nv.p[0] & 0x80) ? nv.len <= MAX_K && mp_from_ubin(&N, nv.p, nv.len) == MP_OKAY
                                           : ck_mp_from_int(&N, nv, MAX_K);
    if (!n_ok) {
        ck_detail(detail, n, "malformed RSA key: the modulus is empty or over %d bits",
                  CK_RSA_MAX_BITS);
        goto out;
    }
    bits = mp_count_bits(&N);
    if (bits < 256 || !mp_isodd(&N)) {
        ck_detail(detail, n, "malformed RSA key: the modulus is %s", bits < 256 ? "under 256 bits" : "even");
        goto out;
    }
    if (!ck_mp_from_int(&E, key->rsa_e, MAX_K) || mp_cmp_d(&E, 3) == MP_LT || !mp_isodd(&E) ||
        mp_cmp(&E, &N) != MP_LT) {
        ck_detail(detail, n, "malformed RSA key: the public exponent is not odd, at least 3 and below the modulus");
        goto out;
    }
    /* a large exponent makes each check as slow as a private-key operation (OpenSSL's limit) */
    if (bits > 3072 && mp_count_bits(&E) > 64) {
        ck_detail(detail, n, "malformed RSA key: a %d-bit public exponent with a %d-bit modulus", mp_count_bits(&E), bits);
        goto out;
    }
    k = ((size_t)bits + 7) / 8;

    /* RSAVP1 (RFC 8017 5.2.2, 8.2.2 step 1: the signature is exactly k octets) */
    if (sig.len != k) {
        ck_detail(detail, n, "the signature is %zu bytes; a %d-bit key makes %zu", sig.len, bits, k);
        r = CK_VERIFY_INVALID;
        goto out;
    }
    if (mp_from_ubin(&S, sig.p, sig.len) != MP_OKAY)
        goto nomem;
    if (mp_cmp(&S, &N) != MP_LT) {
        ck_detail(detail, n, "the signature representative is not below the modulus");
        r = CK_VERIFY_INVALID;
        goto out;
    }
    if ((mp_count_bits(&E) <= 64 ? small_exptmod(&S, &E, &N, &M) : mp_exptmod(&S, &E, &N, &M)) != MP_OKAY)
        goto nomem;
    size_t mlen = mp_ubin_size(&M);
    if (mlen > k)
        goto nomem;
    memset(em, 0, k);
    if (mp_to_ubin(&M, em + (k - mlen), mlen, NULL) != MP_OKAY)
        goto nomem;

    if (!pss) {
        size_t w = emsa_pkcs1(hash, digest, dlen, true, want, k);
        if (w == 0) {
            ck_detail(detail, n, "a %d-bit key is too small for a PKCS#1 v1.5 %s signature", bits, ck_hash_label(hash));
            r = CK_VERIFY_INVALID;
            goto out;
        }
        if (memcmp(em, want, k) == 0) {
            r = CK_VERIFY_VALID;
            goto out;
        }
        w = emsa_pkcs1(hash, digest, dlen, false, want, k);
        if (w != 0 && memcmp(em, want, k) == 0) {
            r = CK_VERIFY_VALID;
            goto out;
        }
        /* Say which part differs: padding, hash algorithm, or the digest. */
        if (em[0] != 0 || em[1] != 1)
            ck_detail(detail, n, "signature does not match (not a PKCS#1 v1.5 signature block: wrong key?)");
        else if (memcmp(em + k - dlen, digest, dlen) == 0)
            ck_detail(detail, n, "signature does not match (the DigestInfo names another hash or is malformed)");
        else
            ck_detail(detail, n, "signature does not match");
        r = CK_VERIFY_INVALID;
        goto out;
    }

    /* RSASSA-PSS-VERIFY (RFC 8017 8.1.2): emBits = modBits - 1, emLen = ceil(emBits / 8) */
    {
        size_t em_bits = (size_t)bits - 1, em_len = (em_bits + 7) / 8;
        uint8_t *e = em;
        if (em_len < k) { /* modBits - 1 is a multiple of 8: the first octet must be zero */
            if (em[0] != 0) {
                ck_detail(detail, n, "signature does not match (PSS encoding too large: wrong key?)");
                r = CK_VERIFY_INVALID;
                goto out;
            }
            e = em + 1;
        }
        r = emsa_pss_verify(pss, digest, dlen, e, em_len, em_bits, detail, n);
    }
    goto out;

nomem:
    ck_detail(detail, n, "RSA arithmetic failed (out of memory)");
    r = CK_VERIFY_ERROR;
out:
    mp_clear_multi(&N, &E, &S, &M, NULL);
    return r;
}
