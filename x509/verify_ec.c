/*
 * verify_ec.c - ECDSA verification (SEC1 v2 4.1.4) over the curves libtomcrypt
 * 1.18 carries in ltc_ecc_sets (P-192, P-224, P-256, P-384, P-521: all a = -3).
 * The public point is decoded and checked to lie on the curve here (libtommath),
 * r and s are range-checked, and libtomcrypt's Shamir multiplication computes
 * u1*G + u2*Q.  Other curves (secp256k1, brainpool, SM2, explicit parameters)
 * are reported as unsupported.
 */
#include "x509/verify_impl.h"

#include <string.h>
#include <tomcrypt.h>

static const struct {
    ck_curve curve;
    const char *ltc_name;
} ltc_curves[] = {
    { CK_CURVE_P192, "ECC-192" },
    { CK_CURVE_P224, "ECC-224" },
    { CK_CURVE_P256, "ECC-256" },
    { CK_CURVE_P384, "ECC-384" },
    { CK_CURVE_P521, "ECC-521" },
};

static const ltc_ecc_set_type *find_set(ck_curve c)
{
    for (size_t i = 0; i < sizeof ltc_curves / sizeof ltc_curves[0]; i++) {
        if (ltc_curves[i].curve != c)
            continue;
        for (int j = 0; ltc_ecc_sets[j].size != 0 && ltc_ecc_sets[j].name; j++)
            if (strcmp(ltc_ecc_sets[j].name, ltc_curves[i].ltc_name) == 0)
                return &ltc_ecc_sets[j];
    }
    return NULL;
}

bool ck_ecdsa_curve_supported(ck_curve c)
{
    return find_set(c) != NULL;
}

/* rhs = x^3 - 3x + b mod p */
static bool curve_rhs(const mp_int *x, const mp_int *b, const mp_int *p, mp_int *rhs)
{
    return mp_sqrmod(x, p, rhs) == MP_OKAY && mp_sub_d(rhs, 3, rhs) == MP_OKAY &&
           mp_mulmod(rhs, x, p, rhs) == MP_OKAY && mp_addmod(rhs, b, p, rhs) == MP_OKAY;
}

/*
 * Decodes a SEC1 point (2.3.4) into affine x, y and checks it lies on
 * y^2 = x^3 - 3x + b (the NIST curves have cofactor 1: that is the whole check).
 */
static bool decode_point(span_t pt, const mp_int *p, const mp_int *b, mp_int *x, mp_int *y,
                         char *why, size_t n)
{
    size_t plen = ((size_t)mp_count_bits(p) + 7) / 8;
    mp_int rhs, lhs;
    bool ok = false;

    if (pt.len == 0 || !pt.p) {
        ck_detail(why, n, "the EC point is empty");
        return false;
    }
    uint8_t form = pt.p[0];
    if (form == 0x00) {
        ck_detail(why, n, "the EC point is the point at infinity");
        return false;
    }
    if (mp_init_multi(&rhs, &lhs, NULL) != MP_OKAY) {
        ck_detail(why, n, "out of memory");
        return false;
    }
    if (form == 0x04 || form == 0x06 || form == 0x07) { /* uncompressed, hybrid */
        if (pt.len != 1 + 2 * plen) {
            ck_detail(why, n, "the uncompressed EC point is %zu bytes, not %zu", pt.len, 1 + 2 * plen);
            goto out;
        }
        if (mp_from_ubin(x, pt.p + 1, plen) != MP_OKAY || mp_from_ubin(y, pt.p + 1 + plen, plen) != MP_OKAY)
            goto nomem;
        if (mp_cmp(x, p) != MP_LT || mp_cmp(y, p) != MP_LT) {
            ck_detail(why, n, "an EC point coordinate is not below the field prime");
            goto out;
        }
        if (!curve_rhs(x, b, p, &rhs) || mp_sqrmod(y, p, &lhs) != MP_OKAY)
            goto nomem;
        if (mp_cmp(&lhs, &rhs) != MP_EQ) {
            ck_detail(why, n, "the EC point is not on the curve");
            goto out;
        }
        if (form != 0x04 && (mp_isodd(y) ? 1 : 0) != (form & 1)) {
            ck_detail(why, n, "the hybrid EC point's y parity does not match its first octet");
            goto out;
        }
        ok = true;
    } else if (form == 0x02 || form == 0x03) { /* compressed */
        if (pt.len != 1 + plen) {
            ck_detail(why, n, "the compressed EC point is %zu bytes, not %zu", pt.len, 1 + plen);
            goto out;
        }
        if (mp_from_ubin(x, pt.p + 1, plen) != MP_OKAY)
            goto nomem;
        if (mp_cmp(x, p) != MP_LT) {
            ck_detail(why, n, "the EC point's x is not below the field prime");
            goto out;
        }
        if (!curve_rhs(x, b, p, &rhs))
            goto nomem;
        /* y = sqrt(rhs); mp_sqrtmod_prime fails for a non-residue */
        if (mp_sqrtmod_prime(&rhs, p, y) != MP_OKAY || mp_sqrmod(y, p, &lhs) != MP_OKAY ||
            mp_cmp(&lhs, &rhs) != MP_EQ) {
            ck_detail(why, n, "the compressed EC point is not on the curve");
            goto out;
        }
        if ((mp_isodd(y) ? 1 : 0) != (form & 1)) {
            if (mp_iszero(y)) {
                ck_detail(why, n, "the compressed EC point is not on the curve");
                goto out;
            }
            if (mp_sub(p, y, y) != MP_OKAY)
                goto nomem;
        }
        ok = true;
    } else {
        ck_detail(why, n, "the EC point starts with 0x%02x, not 02, 03 or 04", form);
    }
    goto out;
nomem:
    ck_detail(why, n, "out of memory");
out:
    mp_clear_multi(&rhs, &lhs, NULL);
    return ok;
}

static void curve_label(const ck_pubkey *key, char *out, size_t n)
{
    const char *name = ck_curve_name(key->curve);
    if (key->curve == CK_CURVE_EXPLICIT)
        snprintf(out, n, "explicit curve parameters");
    else if (name)
        snprintf(out, n, "%s", name);
    else if (key->curve_oid.len && asn1_oid_to_text(key->curve_oid, out, n) == ASN1_OK)
        return;
    else
        snprintf(out, n, "an unknown curve");
}

ck_verify_result ck_verify_ecdsa(const ck_pubkey *key, const uint8_t *digest, size_t dlen,
                                 span_t sig, char *detail, size_t n)
{
    const ltc_ecc_set_type *dp = find_set(key->curve);
    mp_int p, b, order, qx, qy, r, s, w, u1, u2, e, v;
    ecc_point *G = NULL, *Q = NULL, *R = NULL;
    ck_verify_result res = CK_VERIFY_ERROR;
    span_t rs, ss;
    char why[160];

    if (!dp) {
        char cl[96];
        curve_label(key, cl, sizeof cl);
        ck_detail(detail, n, "cannot verify: unsupported algorithm ECDSA over %s", cl);
        return CK_VERIFY_UNSUPPORTED;
    }
    ck_crypto_init(); /* ltc_mp, used by libtomcrypt's point arithmetic */
    if (mp_init_multi(&p, &b, &order, &qx, &qy, &r, &s, &w, &u1, &u2, &e, &v, NULL) != MP_OKAY) {
        ck_detail(detail, n, "out of memory");
        return CK_VERIFY_ERROR;
    }
    if (mp_read_radix(&p, dp->prime, 16) != MP_OKAY || mp_read_radix(&b, dp->B, 16) != MP_OKAY ||
        mp_read_radix(&order, dp->order, 16) != MP_OKAY)
        goto nomem;

    if (!decode_point(key->ec_point, &p, &b, &qx, &qy, why, sizeof why)) {
        ck_detail(detail, n, "malformed EC key: %s", why);
        goto out;
    }
    /* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, 0 < r, s < n (SEC1 4.1.4 step 1) */
    if (!ck_sig_rs_decode(sig, &rs, &ss, why, sizeof why)) {
        ck_detail(detail, n, "%s", why);
        res = CK_VERIFY_INVALID;
        goto out;
    }
    size_t max = (size_t)mp_ubin_size(&order);
    if (!ck_mp_from_int(&r, rs, max) || !ck_mp_from_int(&s, ss, max) || mp_iszero(&r) ||
        mp_iszero(&s) || mp_cmp(&r, &order) != MP_LT || mp_cmp(&s, &order) != MP_LT) {
        ck_detail(detail, n, "r or s is zero or not below the group order");
        res = CK_VERIFY_INVALID;
        goto out;
    }
    /* e = leftmost bits of the hash (step 5); w = s^-1, u1 = e w, u2 = r w (mod n) */
    if (!ck_mp_from_digest(&e, digest, dlen, mp_count_bits(&order)) ||
        mp_invmod(&s, &order, &w) != MP_OKAY || mp_mulmod(&e, &w, &order, &u1) != MP_OKAY ||
        mp_mulmod(&r, &w, &order, &u2) != MP_OKAY)
        goto nomem;

    /* R = u1 G + u2 Q (affine on return) */
    G = ltc_ecc_new_point();
    Q = ltc_ecc_new_point();
    R = ltc_ecc_new_point();
    if (!G || !Q || !R)
        goto nomem;
    if (mp_read_radix(G->x, dp->Gx, 16) != MP_OKAY || mp_read_radix(G->y, dp->Gy, 16) != MP_OKAY)
        goto nomem;
    mp_set_u32(G->z, 1);
    if (mp_copy(&qx, Q->x) != MP_OKAY || mp_copy(&qy, Q->y) != MP_OKAY)
        goto nomem;
    mp_set_u32(Q->z, 1);
    int err = ltc_ecc_mul2add(G, &u1, Q, &u2, R, &p);
    if (err == CRYPT_MEM)
        goto nomem;
    if (err != CRYPT_OK) { /* the sum is the point at infinity: z has no inverse */
        ck_detail(detail, n, "signature does not match (u1 G + u2 Q is the point at infinity)");
        res = CK_VERIFY_INVALID;
        goto out;
    }
    /* v = x(R) mod n; valid iff v == r (steps 6-8) */
    if (mp_mod(R->x, &order, &v) != MP_OKAY)
        goto nomem;
    if (mp_cmp(&v, &r) != MP_EQ) {
        ck_detail(detail, n, "signature does not match");
        res = CK_VERIFY_INVALID;
        goto out;
    }
    res = CK_VERIFY_VALID;
    goto out;

nomem:
    ck_detail(detail, n, "EC arithmetic failed (out of memory)");
    res = CK_VERIFY_ERROR;
out:
    if (G)
        ltc_ecc_del_point(G);
    if (Q)
        ltc_ecc_del_point(Q);
    if (R)
        ltc_ecc_del_point(R);
    mp_clear_multi(&p, &b, &order, &qx, &qy, &r, &s, &w, &u1, &u2, &e, &v, NULL);
    return res;
}
