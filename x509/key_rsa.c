/*
 * key_rsa.c - RSAPrivateKey (RFC 8017 A.1.2), two-prime and multi-prime, with the
 * consistency check n = p * q * r_3 * ... (a key whose primes do not multiply to
 * its modulus is damaged).
 */
#include "x509/key_impl.h"

#include <string.h>

static const uint8_t der_null[2] = { 0x05, 0x00 };

/* n == product of the primes (p, q and each OtherPrimeInfo.prime). */
static asn1_err check_product(der_t *c, size_t at, ck_privkey *k, span_t *primes, unsigned np)
{
    mp_int n, prod, t;
    asn1_err r = ASN1_OK;
    if (mp_init_multi(&n, &prod, &t, NULL) != MP_OKAY)
        return der_fail(c, at, NULL, ASN1_E_NOMEM, "out of memory");
    if (!ck__mp_load(&n, k->rsa_n)) {
        r = der_fail(c, at, NULL, ASN1_E_NOMEM, "out of memory");
        goto out;
    }
    mp_set(&prod, 1);
    for (unsigned i = 0; i < np; i++) {
        if (!ck__mp_load(&t, primes[i]) || mp_mul(&prod, &t, &prod) != MP_OKAY) {
            r = der_fail(c, at, NULL, ASN1_E_NOMEM, "out of memory");
            goto out;
        }
    }
    if (mp_cmp(&n, &prod) != MP_EQ)
        r = der_fail(c, at, "modulus", ASN1_E_VALUE,
                     "the modulus is not the product of the primes: the key is damaged");
out:
    mp_clear_multi(&n, &prod, &t, NULL);
    return r;
}

#define RSA_MAX_PRIMES 16

/*
 * RSAPrivateKey ::= SEQUENCE {
 *     version           Version,            -- two-prime(0), multi(1)
 *     modulus           INTEGER,            -- n
 *     publicExponent    INTEGER,            -- e
 *     privateExponent   INTEGER,            -- d
 *     prime1            INTEGER,            -- p
 *     prime2            INTEGER,            -- q
 *     exponent1         INTEGER,            -- d mod (p-1)
 *     exponent2         INTEGER,            -- d mod (q-1)
 *     coefficient       INTEGER,            -- (inverse of q) mod p
 *     otherPrimeInfos   OtherPrimeInfos OPTIONAL
 * }
 * OtherPrimeInfos ::= SEQUENCE SIZE(1..MAX) OF OtherPrimeInfo
 * OtherPrimeInfo ::= SEQUENCE {
 *     prime             INTEGER,            -- ri
 *     exponent          INTEGER,            -- di
 *     coefficient       INTEGER             -- ti
 * }
 */
asn1_err ck__rsa_decode(der_t *c, const char *field, ck_privkey *k)
{
    der_t seq;
    int64_t version;
    span_t primes[RSA_MAX_PRIMES];

    TRY(der_enter(c, ASN1_SEQUENCE, field, &seq));
    size_t at = der_offset(&seq);
    TRY(der_read_int64(&seq, "version", &version));
    if (version != 0 && version != 1)
        return der_fail(&seq, at, "version", ASN1_E_VALUE,
                        "version %lld; RFC 8017 defines two-prime (0) and multi (1)", (long long)version);
    k->rsa_version = (int)version;
    size_t n_at = der_offset(&seq);
    TRY(ck__read_uint(&seq, "modulus", &k->rsa_n));
    size_t e_at = der_offset(&seq);
    TRY(ck__read_uint(&seq, "publicExponent", &k->rsa_e));
    TRY(ck__read_uint(&seq, "privateExponent", &k->rsa_d));
    TRY(ck__read_uint(&seq, "prime1", &k->rsa_p));
    TRY(ck__read_uint(&seq, "prime2", &k->rsa_q));
    TRY(ck__read_uint(&seq, "exponent1", &k->rsa_dp));
    TRY(ck__read_uint(&seq, "exponent2", &k->rsa_dq));
    TRY(ck__read_uint(&seq, "coefficient", &k->rsa_qinv));
    primes[0] = k->rsa_p;
    primes[1] = k->rsa_q;
    k->rsa_nprimes = 2;
    if (!der_empty(&seq)) {
        der_t others;
        size_t o_at = der_offset(&seq);
        const uint8_t *o_start = seq.p;
        TRY(der_enter(&seq, ASN1_SEQUENCE, "otherPrimeInfos", &others));
        k->rsa_others = span_make(o_start, (size_t)(seq.p - o_start));
        if (der_empty(&others))
            return der_fail(&seq, o_at, "otherPrimeInfos", ASN1_E_VALUE,
                            "otherPrimeInfos is empty (SIZE(1..MAX))");
        while (!der_empty(&others)) {
            der_t info;
            span_t r, d, t;
            size_t i_at = der_offset(&others);
            if (k->rsa_nprimes >= RSA_MAX_PRIMES)
                return der_fail(&others, i_at, NULL, ASN1_E_LIMIT, "more than %d primes", RSA_MAX_PRIMES);
            TRY(der_enter(&others, ASN1_SEQUENCE, NULL, &info));
            TRY(ck__read_uint(&info, "prime", &r));
            TRY(ck__read_uint(&info, "exponent", &d));
            TRY(ck__read_uint(&info, "coefficient", &t));
            TRY(der_done(&info));
            primes[k->rsa_nprimes++] = r;
        }
        if (version != 1)
            return der_fail(&seq, at, "version", ASN1_E_VALUE,
                            "otherPrimeInfos present but version is two-prime (0), not multi (1)");
    } else if (version == 1) {
        return der_fail(&seq, at, "version", ASN1_E_VALUE,
                        "version is multi (1) but otherPrimeInfos is absent (RFC 8017 A.1.2)");
    }
    TRY(der_done(&seq));

    /* sanity: a modulus and an exponent worth the name */
    size_t bits = asn1_int_bits(k->rsa_n);
    if (bits < 2)
        return der_fail(&seq, n_at, "modulus", ASN1_E_VALUE, "the modulus is %s",
                        bits ? "one" : "zero");
    if (bits > CK_RSA_MAX_BITS)
        return der_fail(&seq, n_at, "modulus", ASN1_E_LIMIT, "a %zu-bit modulus, over the %d-bit limit",
                        bits, CK_RSA_MAX_BITS);
    if (asn1_int_bits(k->rsa_e) == 0)
        return der_fail(&seq, e_at, "publicExponent", ASN1_E_VALUE, "the public exponent is zero");
    if (asn1_int_bits(k->rsa_d) == 0)
        return der_fail(&seq, e_at, "privateExponent", ASN1_E_VALUE, "the private exponent is zero");
    /* keys that carry only n, e, d (zero CRT parts) exist; check the product when the primes are there */
    if (asn1_int_bits(k->rsa_p) && asn1_int_bits(k->rsa_q))
        TRY(check_product(&seq, n_at, k, primes, k->rsa_nprimes));
    else
        TRY(der_warn(&seq, n_at, "prime1", "the key has no primes (only n, e and d)"));

    k->bits = bits;
    /* the public part: n and e, spans into the input */
    ck_pubkey *pub = &k->pub;
    pub->type = CK_KEY_RSA;
    pub->alg_oid = oid_der(OID_rsaEncryption);
    pub->alg_params = span_make(der_null, sizeof der_null);
    pub->rsa_n = k->rsa_n;
    pub->rsa_e = k->rsa_e;
    k->has_pub = true;
    return ASN1_OK;
}
