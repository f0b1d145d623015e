/*
 * verify_dsa.c - DSA verification (FIPS 186-4 4.7) with libtommath:
 *   w = s^-1 mod q, u1 = z w mod q, u2 = r w mod q, v = (g^u1 y^u2 mod p) mod q, v == r.
 * The domain parameters are range-checked (not proven prime: a bad p or q only
 * makes signatures fail), sizes are capped so a hostile key cannot stall a tool.
 */
#include "x509/verify_impl.h"

#define MAX_P_BYTES (CK_DSA_MAX_BITS / 8)
#define MAX_Q_BITS 512

ck_verify_result ck_verify_dsa(const ck_pubkey *key, const uint8_t *digest, size_t dlen,
                               span_t sig, char *detail, size_t n)
{
    mp_int p, q, g, y, r, s, w, u1, u2, z, v, t;
    ck_verify_result res = CK_VERIFY_ERROR;
    span_t rs, ss;
    char why[160];

    if (key->dsa_p.len == 0 || key->dsa_q.len == 0 || key->dsa_g.len == 0) {
        ck_detail(detail, n, "malformed DSA key: no domain parameters (p, q, g inherited from the "
                  "issuer are not supported)");
        return CK_VERIFY_ERROR;
    }
    if (mp_init_multi(&p, &q, &g, &y, &r, &s, &w, &u1, &u2, &z, &v, &t, NULL) != MP_OKAY) {
        ck_detail(detail, n, "out of memory");
        return CK_VERIFY_ERROR;
    }
    if (!ck_mp_from_int(&p, key->dsa_p, MAX_P_BYTES) || !ck_mp_from_int(&q, key->dsa_q, MAX_Q_BITS / 8) ||
        !ck_mp_from_int(&g, key->dsa_g, MAX_P_BYTES) || !ck_mp_from_int(&y, key->dsa_y, MAX_P_BYTES)) {
        ck_detail(detail, n, "malformed DSA key: p, q, g or y is empty, negative or too large "
                  "(p up to %d bits, q up to %d)", CK_DSA_MAX_BITS, MAX_Q_BITS);
        goto out;
    }
    if (mp_count_bits(&p) < 512 || !mp_isodd(&p) || mp_count_bits(&q) < 160 || !mp_isodd(&q) ||
        mp_cmp(&q, &p) != MP_LT) {
        ck_detail(detail, n, "malformed DSA key: p (%d bits) or q (%d bits) is out of range",
                  mp_count_bits(&p), mp_count_bits(&q));
        goto out;
    }
    /* 1 < g < p and 1 < y < p */
    if (mp_cmp_d(&g, 1) != MP_GT || mp_cmp(&g, &p) != MP_LT || mp_cmp_d(&y, 1) != MP_GT ||
        mp_cmp(&y, &p) != MP_LT) {
        ck_detail(detail, n, "malformed DSA key: g or y is not in 2..p-1");
        goto out;
    }
    /* Dss-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, 0 < r, s < q */
    if (!ck_sig_rs_decode(sig, &rs, &ss, why, sizeof why)) {
        ck_detail(detail, n, "%s", why);
        res = CK_VERIFY_INVALID;
        goto out;
    }
    size_t max = mp_ubin_size(&q);
    if (!ck_mp_from_int(&r, rs, max) || !ck_mp_from_int(&s, ss, max) || mp_iszero(&r) ||
        mp_iszero(&s) || mp_cmp(&r, &q) != MP_LT || mp_cmp(&s, &q) != MP_LT) {
        ck_detail(detail, n, "r or s is zero or not below q");
        res = CK_VERIFY_INVALID;
        goto out;
    }
    if (mp_invmod(&s, &q, &w) != MP_OKAY) { /* q is not prime: nothing verifies */
        ck_detail(detail, n, "signature does not match (s has no inverse modulo q)");
        res = CK_VERIFY_INVALID;
        goto out;
    }
    if (!ck_mp_from_digest(&z, digest, dlen, mp_count_bits(&q)) ||
        mp_mulmod(&z, &w, &q, &u1) != MP_OKAY || mp_mulmod(&r, &w, &q, &u2) != MP_OKAY ||
        mp_exptmod(&g, &u1, &p, &v) != MP_OKAY || mp_exptmod(&y, &u2, &p, &t) != MP_OKAY ||
        mp_mulmod(&v, &t, &p, &v) != MP_OKAY || mp_mod(&v, &q, &v) != MP_OKAY) {
        ck_detail(detail, n, "DSA arithmetic failed (out of memory)");
        goto out;
    }
    if (mp_cmp(&v, &r) != MP_EQ) {
        ck_detail(detail, n, "signature does not match");
        res = CK_VERIFY_INVALID;
        goto out;
    }
    res = CK_VERIFY_VALID;
out:
    mp_clear_multi(&p, &q, &g, &y, &r, &s, &w, &u1, &u2, &z, &v, &t, NULL);
    return res;
}
