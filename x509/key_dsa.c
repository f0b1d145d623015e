/*
 * key_dsa.c - DSA private keys: OpenSSL's traditional DSAPrivateKey and the PKCS#8
 * form (Dss-Parms in the AlgorithmIdentifier, INTEGER x as the private key, RFC 3279
 * 2.3.2 / RFC 5958).  x is range-checked (0 < x < q) and y = g^x mod p is computed
 * with libtommath: it is the public part of a PKCS#8 key and checks the y that the
 * traditional form carries.
 */
#include "x509/key_impl.h"

#include <string.h>

/* y is computed for primes up to this size (pub_buf holds it) and subgroups up to 512 bits. */
#define DSA_DERIVE_MAX_P_BITS ((CK_PRIVKEY_PUB_MAX - 8) * 8)
#define DSA_DERIVE_MAX_Q_BITS 512

/* Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }          -- RFC 3279 2.3.2 */
asn1_err ck__dsa_params(der_t *c, ck_privkey *k)
{
    der_t seq;
    TRY(der_enter(c, ASN1_SEQUENCE, "parameters", &seq));
    TRY(ck__read_uint(&seq, "p", &k->dsa_p));
    TRY(ck__read_uint(&seq, "q", &k->dsa_q));
    TRY(ck__read_uint(&seq, "g", &k->dsa_g));
    return der_done(&seq);
}

/* y = g^x mod p into k->pub_buf as INTEGER content (a leading 00 when the top bit is set). */
static bool dsa_derive(ck_privkey *k, span_t *y)
{
    mp_int p, g, x, r;
    bool ok = false;
    if (mp_init_multi(&p, &g, &x, &r, NULL) != MP_OKAY)
        return false;
    if (ck__mp_load(&p, k->dsa_p) && ck__mp_load(&g, k->dsa_g) && ck__mp_load(&x, k->dsa_x) &&
        mp_exptmod(&g, &x, &p, &r) == MP_OKAY) {
        size_t nbits = (size_t)mp_count_bits(&r), n = mp_ubin_size(&r);
        size_t width = n + (nbits > 0 && nbits % 8 == 0);     /* a sign octet before a set top bit */
        *y = ck__pub_put_mp(k, &r, width ? width : 1);
        ok = y->len != 0;
    }
    mp_clear_multi(&p, &g, &x, &r, NULL);
    return ok;
}

asn1_err ck__dsa_finish(der_t *c, size_t at, const char *field, size_t y_at, span_t given_y, bool has_y,
                        ck_privkey *k)
{
    size_t pbits = asn1_int_bits(k->dsa_p), qbits = asn1_int_bits(k->dsa_q);
    if (pbits < 2 || pbits > CK_DSA_MAX_BITS)
        return der_fail(c, at, field, pbits > CK_DSA_MAX_BITS ? ASN1_E_LIMIT : ASN1_E_VALUE,
                        "DSA prime p of %zu bits", pbits);
    if (qbits < 2 || qbits > pbits)
        return der_fail(c, at, field, ASN1_E_VALUE, "DSA subgroup order q of %zu bits (p has %zu)", qbits,
                        pbits);
    /* 1 < g < p */
    mp_int a, b;
    asn1_err r = ASN1_OK;
    if (mp_init_multi(&a, &b, NULL) != MP_OKAY)
        return der_fail(c, at, field, ASN1_E_NOMEM, "out of memory");
    if (!ck__mp_load(&a, k->dsa_g) || !ck__mp_load(&b, k->dsa_p))
        r = der_fail(c, at, field, ASN1_E_NOMEM, "out of memory");
    else if (mp_cmp_d(&a, 1) != MP_GT || mp_cmp(&a, &b) != MP_LT)
        r = der_fail(c, at, field, ASN1_E_VALUE, "DSA generator g is not in 2..p-1");
    /* 0 < x < q */
    else if (!ck__mp_load(&a, k->dsa_x) || !ck__mp_load(&b, k->dsa_q))
        r = der_fail(c, at, field, ASN1_E_NOMEM, "out of memory");
    else if (mp_iszero(&a) || mp_cmp(&a, &b) != MP_LT)
        r = der_fail(c, at, field, ASN1_E_VALUE, "the private key x is not in 1..q-1");
    mp_clear_multi(&a, &b, NULL);
    TRY(r);

    k->bits = pbits;
    ck_pubkey *pub = &k->pub;
    pub->type = CK_KEY_DSA;
    pub->alg_oid = oid_der(OID_dsa);
    pub->dsa_p = k->dsa_p;
    pub->dsa_q = k->dsa_q;
    pub->dsa_g = k->dsa_g;
    if (pbits <= DSA_DERIVE_MAX_P_BITS && qbits <= DSA_DERIVE_MAX_Q_BITS) {
        span_t y;
        if (!dsa_derive(k, &y))
            return der_fail(c, at, field, ASN1_E_CRYPTO, "could not compute y = g^x mod p");
        if (has_y) {
            if (!ck_int_equal(y, given_y))
                return der_fail(c, y_at, "y", ASN1_E_VALUE,
                                "y does not match the private key (g^x mod p differs): the key is damaged");
            pub->dsa_y = given_y;
        } else {
            pub->dsa_y = y;
            k->pub_derived = true;
        }
    } else if (has_y) {
        pub->dsa_y = given_y;
    } else {
        ck__no_pub(k, "DSA key too large to compute y here (p %zu bits, q %zu bits)", pbits, qbits);
        return ASN1_OK;
    }
    k->has_pub = true;
    return ASN1_OK;
}

/*
 * DSAPrivateKey ::= SEQUENCE {          -- OpenSSL's "traditional" form
 *     version   INTEGER,                -- 0
 *     p         INTEGER,
 *     q         INTEGER,
 *     g         INTEGER,
 *     y         INTEGER,                -- pub_key
 *     x         INTEGER                 -- priv_key
 * }
 */
asn1_err ck__dsa_trad_decode(der_t *c, const char *field, ck_privkey *k)
{
    der_t seq;
    int64_t version;
    span_t y;
    TRY(der_enter(c, ASN1_SEQUENCE, field, &seq));
    size_t at = der_offset(&seq);
    TRY(der_read_int64(&seq, "version", &version));
    if (version != 0)
        return der_fail(&seq, at, "version", ASN1_E_VALUE, "version %lld; the DSA private key form has 0",
                        (long long)version);
    TRY(ck__read_uint(&seq, "p", &k->dsa_p));
    TRY(ck__read_uint(&seq, "q", &k->dsa_q));
    TRY(ck__read_uint(&seq, "g", &k->dsa_g));
    size_t y_at = der_offset(&seq);
    TRY(ck__read_uint(&seq, "y", &y));
    size_t x_at = der_offset(&seq);
    TRY(ck__read_uint(&seq, "x", &k->dsa_x));
    TRY(der_done(&seq));
    return ck__dsa_finish(&seq, x_at, "x", y_at, y, true, k);
}
