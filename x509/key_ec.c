/*
 * key_ec.c - ECPrivateKey (RFC 5915 / SEC1 C.4) and ECParameters (RFC 5480 2.1.1).
 * The private scalar is range-checked against the group order (known for the NIST
 * curves through libtomcrypt's ltc_ecc_sets, for secp256k1, brainpool and SM2 from
 * a table here, and for explicit parameters from the parameters themselves).  On
 * P-192/224/256/384/521 the public point Q = d*G is computed with libtomcrypt's
 * ltc_ecc_mulmod (timing-resistant ladder): it fills in an absent publicKey and
 * checks a present one.
 */
#include "x509/key_impl.h"

#include <string.h>
#include <tomcrypt.h>

/* --------------------------------------------------------------- curves */

/*
 * Curves with known domain parameters: the NIST ones through libtomcrypt's
 * ltc_ecc_sets (a = p - 3, and the point arithmetic to derive public keys), the others
 * spelled out here (SEC 2, RFC 5639, GM/T 0003; checked against `openssl ecparam
 * -param_enc explicit`) for range checks and for recognising explicit parameters.
 */
static const struct curve_domain {
    ck_curve curve;
    const char *ltc_name;    /* its name in ltc_ecc_sets, for the NIST curves */
    const char *p, *a, *b, *gx, *gy, *order;    /* hex, for the others */
} orders[] = {
    { CK_CURVE_P192, "ECC-192", NULL, NULL, NULL, NULL, NULL, NULL },
    { CK_CURVE_P224, "ECC-224", NULL, NULL, NULL, NULL, NULL, NULL },
    { CK_CURVE_P256, "ECC-256", NULL, NULL, NULL, NULL, NULL, NULL },
    { CK_CURVE_P384, "ECC-384", NULL, NULL, NULL, NULL, NULL, NULL },
    { CK_CURVE_P521, "ECC-521", NULL, NULL, NULL, NULL, NULL, NULL },
    { CK_CURVE_SECP256K1, NULL,
      "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", "0", "7",
      "79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798",
      "483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8",
      "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141" },
    { CK_CURVE_BRAINPOOL_P256R1, NULL,
      "A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377",
      "7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9",
      "26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6",
      "8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262",
      "547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997",
      "A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7" },
    { CK_CURVE_BRAINPOOL_P384R1, NULL,
      "8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B412B1DA197FB71123ACD3A729901D1A71874700133107EC53",
      "7BC382C63D8C150C3C72080ACE05AFA0C2BEA28E4FB22787139165EFBA91F90F8AA5814A503AD4EB04A8C7DD22CE2826",
      "04A8C7DD22CE28268B39B55416F0447C2FB77DE107DCD2A62E880EA53EEB62D57CB4390295DBC9943AB78696FA504C11",
      "1D1C64F068CF45FFA2A63A81B7C13F6B8847A3E77EF14FE3DB7FCAFE0CBD10E8E826E03436D646AAEF87B2E247D4AF1E",
      "8ABE1D7520F9C2A45CB1EB8E95CFD55262B70B29FEEC5864E19C054FF99129280E4646217791811142820341263C5315",
      "8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B31F166E6CAC0425A7CF3AB6AF6B7FC3103B883202E9046565" },
    { CK_CURVE_BRAINPOOL_P512R1, NULL,
      "AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA703308717D4D9B009BC66842AECDA12AE6A380E62881FF2F2D82C68528AA6056583A48F3",
      "7830A3318B603B89E2327145AC234CC594CBDD8D3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CA",
      "3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CADC083E67984050B75EBAE5DD2809BD638016F723",
      "81AEE4BDD82ED9645A21322E9C4C6A9385ED9F70B5D916C1B43B62EEF4D0098EFF3B1F78E2D0D48D50D1687B93B97D5F7C6D5047406A5E688B352209BCB9F822",
      "7DDE385D566332ECC0EABFA9CF7822FDF209F70024A57B1AA000C55B881F8111B2DCDE494A5F485E5BCA4BD88A2763AED1CA2B2FA8F0540678CD1E0F3AD80892",
      "AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA70330870553E5C414CA92619418661197FAC10471DB1D381085DDADDB58796829CA90069" },
    { CK_CURVE_SM2, NULL,
      "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF",
      "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC",
      "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93",
      "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7",
      "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0",
      "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123" },
};

static const ltc_ecc_set_type *ltc_set(ck_curve c)
{
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        if (orders[i].curve != c || !orders[i].ltc_name)
            continue;
        for (int j = 0; ltc_ecc_sets[j].size != 0; j++)
            if (ltc_ecc_sets[j].name && strcmp(ltc_ecc_sets[j].name, orders[i].ltc_name) == 0)
                return &ltc_ecc_sets[j];
    }
    return NULL;
}

/*
 * Order sizes (as openssl reports a key's bits) of named prime curves certkit has no
 * other table for: SEC 2 (secp*), X9.62 (prime192v2..prime239v3) and the brainpool
 * twisted curves.  Keys on them decode; their public point must be in the file.
 */
static const struct {
    const char *dotted;
    unsigned bits;
} other_curve_bits[] = {
    { "1.3.132.0.6", 112 },  { "1.3.132.0.7", 110 },  { "1.3.132.0.28", 128 }, { "1.3.132.0.29", 126 },
    { "1.3.132.0.9", 161 },  { "1.3.132.0.8", 161 },  { "1.3.132.0.30", 161 }, { "1.3.132.0.31", 192 },
    { "1.3.132.0.32", 225 }, { "1.2.840.10045.3.1.2", 192 }, { "1.2.840.10045.3.1.3", 192 },
    { "1.2.840.10045.3.1.4", 239 }, { "1.2.840.10045.3.1.5", 239 }, { "1.2.840.10045.3.1.6", 239 },
    { "1.3.36.3.3.2.8.1.1.1", 160 }, { "1.3.36.3.3.2.8.1.1.2", 160 }, { "1.3.36.3.3.2.8.1.1.3", 192 },
    { "1.3.36.3.3.2.8.1.1.4", 192 }, { "1.3.36.3.3.2.8.1.1.5", 224 }, { "1.3.36.3.3.2.8.1.1.6", 224 },
    { "1.3.36.3.3.2.8.1.1.8", 256 }, { "1.3.36.3.3.2.8.1.1.9", 320 }, { "1.3.36.3.3.2.8.1.1.10", 320 },
    { "1.3.36.3.3.2.8.1.1.12", 384 }, { "1.3.36.3.3.2.8.1.1.14", 512 },
};

static size_t other_bits(span_t oid)
{
    char dotted[64];
    if (!oid.len || asn1_oid_to_text(oid, dotted, sizeof dotted) != ASN1_OK)
        return 0;
    for (size_t i = 0; i < sizeof other_curve_bits / sizeof other_curve_bits[0]; i++)
        if (strcmp(dotted, other_curve_bits[i].dotted) == 0)
            return other_curve_bits[i].bits;
    return 0;
}

/* The group order of a named curve, as hex; NULL when unknown. */
static const char *order_hex(ck_curve c)
{
    const ltc_ecc_set_type *dp = ltc_set(c);
    if (dp)
        return dp->order;
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++)
        if (orders[i].curve == c && orders[i].order)
            return orders[i].order;
    return NULL;
}

/*
 * SpecifiedECDomain ::= SEQUENCE {                  -- SEC1 C.2
 *     version   SpecifiedECDomainVersion,
 *     fieldID   FieldID {{FieldTypes}},             -- { fieldType OID, parameters ANY }
 *     curve     Curve,                              -- { a OCTET STRING, b OCTET STRING, seed BIT STRING OPTIONAL }
 *     base      ECPoint,                            -- OCTET STRING
 *     order     INTEGER,
 *     cofactor  INTEGER OPTIONAL,
 *     hash      HashAlgorithm OPTIONAL, ...
 * }
 */
typedef struct ec_domain {
    span_t prime;           /* prime-field p (INTEGER content), empty for other fields */
    span_t a, b, base, order;
} ec_domain;

static const uint8_t oid_prime_field[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x01, 0x01 }; /* 1.2.840.10045.1.1 */

static asn1_err specified_domain(der_t *c, ec_domain *d)
{
    der_t seq, field, curve;
    span_t type;
    int64_t version;
    memset(d, 0, sizeof *d);
    TRY(der_enter(c, ASN1_SEQUENCE, "specifiedCurve", &seq));
    TRY(der_read_int64(&seq, "version", &version));
    TRY(der_enter(&seq, ASN1_SEQUENCE, "fieldID", &field));
    TRY(der_read_oid(&field, "fieldType", &type));
    if (span_eq(type, span_make(oid_prime_field, sizeof oid_prime_field)))
        TRY(ck__read_uint(&field, "parameters", &d->prime));
    else
        while (!der_empty(&field))
            TRY(der_skip(&field, "parameters"));
    TRY(der_done(&field));
    TRY(der_enter(&seq, ASN1_SEQUENCE, "curve", &curve));
    TRY(der_read_octets(&curve, "a", &d->a));
    TRY(der_read_octets(&curve, "b", &d->b));
    while (!der_empty(&curve))
        TRY(der_skip(&curve, "seed"));
    TRY(der_read_octets(&seq, "base", &d->base));
    TRY(ck__read_uint(&seq, "order", &d->order));
    while (!der_empty(&seq))
        TRY(der_skip(&seq, NULL));
    return ASN1_OK;
}

/* mp value of hex == the big-endian bytes v (leading zeros ignored)? */
static bool hex_eq(const char *hex, span_t v, mp_int *t1, mp_int *t2)
{
    while (v.len && v.p[0] == 0) {
        v.p++;
        v.len--;
    }
    if (mp_read_radix(t1, hex, 16) != MP_OKAY)
        return false;
    if (v.len == 0)
        return mp_iszero(t1);
    return mp_from_ubin(t2, v.p, v.len) == MP_OKAY && mp_cmp(t1, t2) == MP_EQ;
}

/* One curve's parameters as hex (the NIST ones from ltc_ecc_sets, with a = p - 3). */
typedef struct dom_hex {
    const char *p, *a, *b, *gx, *gy, *n;
    size_t size;
} dom_hex;

static bool domain_hex(const struct curve_domain *row, dom_hex *h, mp_int *a_nist, char *a_buf, size_t a_len)
{
    const ltc_ecc_set_type *dp = row->ltc_name ? ltc_set(row->curve) : NULL;
    if (dp) {
        /* a = p - 3, as hex */
        if (mp_read_radix(a_nist, dp->prime, 16) != MP_OKAY || mp_sub_d(a_nist, 3, a_nist) != MP_OKAY ||
            mp_to_radix(a_nist, a_buf, a_len, NULL, 16) != MP_OKAY)
            return false;
        *h = (dom_hex){ dp->prime, a_buf, dp->B, dp->Gx, dp->Gy, dp->order, (size_t)dp->size };
        return true;
    }
    if (!row->p)
        return false;
    *h = (dom_hex){ row->p, row->a, row->b, row->gx, row->gy, row->order, (strlen(row->p) + 1) / 2 };
    return true;
}

/* The named curve whose parameters these are (p, a, b, G, n), or CK_CURVE_EXPLICIT. */
static ck_curve match_domain(const ec_domain *d)
{
    ck_curve found = CK_CURVE_EXPLICIT;
    mp_int t1, t2, an;
    char a_buf[200];
    if (!d->prime.len || mp_init_multi(&t1, &t2, &an, NULL) != MP_OKAY)
        return found;
    for (size_t i = 0; i < sizeof orders / sizeof orders[0] && found == CK_CURVE_EXPLICIT; i++) {
        dom_hex h;
        if (!domain_hex(&orders[i], &h, &an, a_buf, sizeof a_buf))
            continue;
        if (!hex_eq(h.p, asn1_int_magnitude(d->prime), &t1, &t2) || !hex_eq(h.a, d->a, &t1, &t2) ||
            !hex_eq(h.b, d->b, &t1, &t2) || !hex_eq(h.n, asn1_int_magnitude(d->order), &t1, &t2))
            continue;
        span_t g = d->base;
        size_t size = h.size;
        if (g.len == 1 + 2 * size && (g.p[0] == 0x04 || g.p[0] == 0x06 || g.p[0] == 0x07)) {
            if (!hex_eq(h.gx, span_make(g.p + 1, size), &t1, &t2) ||
                !hex_eq(h.gy, span_make(g.p + 1 + size, size), &t1, &t2))
                continue;
        } else if (g.len == 1 + size && (g.p[0] == 0x02 || g.p[0] == 0x03)) {
            /* compressed base: x and the parity of y */
            if (!hex_eq(h.gx, span_make(g.p + 1, size), &t1, &t2) || mp_read_radix(&t1, h.gy, 16) != MP_OKAY ||
                (mp_isodd(&t1) ? 1 : 0) != (g.p[0] & 1))
                continue;
        } else {
            continue;
        }
        found = orders[i].curve;
    }
    mp_clear_multi(&t1, &t2, &an, NULL);
    return found;
}

static bool domain_of(span_t params, ec_domain *d)
{
    asn1_ctx ctx;
    der_t c;
    if (params.len == 0 || params.p[0] != 0x30)
        return false;
    asn1_ctx_init(&ctx, params.p, params.len);
    der_init(&c, &ctx, NULL);
    return specified_domain(&c, d) == ASN1_OK && der_empty(&c);
}

bool ck__mag_eq(span_t a, span_t b)
{
    a = asn1_int_magnitude(a);
    b = asn1_int_magnitude(b);
    while (a.len && a.p[0] == 0) {
        a.p++;
        a.len--;
    }
    while (b.len && b.p[0] == 0) {
        b.p++;
        b.len--;
    }
    return span_eq(a, b);
}

bool ck__ec_params_equal(span_t a, span_t b)
{
    ec_domain da, db;
    if (span_eq(a, b))
        return true;
    if (!domain_of(a, &da) || !domain_of(b, &db))
        return false;
    /* field elements as numbers (OCTET STRINGs of any padding), the base point in any form */
    return da.prime.len && ck__mag_eq(da.prime, db.prime) && ck__mag_eq(da.a, db.a) &&
           ck__mag_eq(da.b, db.b) && ck__mag_eq(da.order, db.order) && ck__ec_point_equal(da.base, db.base);
}

ck_curve ck_ec_explicit_curve(span_t params)
{
    ec_domain d;
    if (!domain_of(params, &d))
        return CK_CURVE_EXPLICIT;
    return match_domain(&d);
}

size_t ck_ec_explicit_order_bits(span_t params)
{
    ec_domain d;
    return domain_of(params, &d) ? asn1_int_bits(d.order) : 0;
}

/*
 * ECParameters ::= CHOICE {                         -- RFC 5480 2.1.1
 *     namedCurve      OBJECT IDENTIFIER,
 *     implicitCurve   NULL,
 *     specifiedCurve  SpecifiedECDomain }
 */
asn1_err ck__ec_params(der_t *c, ck_privkey *k)
{
    uint32_t tag;
    size_t at = der_offset(c);
    const uint8_t *start = c->p;
    if (!der_peek_tag(c, &tag))
        return der_fail(c, at, "parameters", der_empty(c) ? ASN1_E_MISSING : ASN1_E_BAD_TAG,
                        "ECParameters missing or unreadable");
    if (tag == ASN1_OID) {
        TRY(der_read_oid(c, "namedCurve", &k->curve_oid));
        k->curve = ck_curve_from_oid(k->curve_oid);
    } else if (tag == ASN1_NULL) {
        return der_fail(c, at, "implicitCurve", ASN1_E_UNSUPPORTED,
                        "implicitCurve: the curve is not stated in the key (RFC 5480 forbids it)");
    } else if (tag == ASN1_SEQUENCE) {
        ec_domain d;
        TRY(specified_domain(c, &d));
        k->ec_order = d.order;
        /* parameters that spell out a NIST curve are that curve (openssl matches them too) */
        k->curve = match_domain(&d);
        TRY(der_warn(c, at, "specifiedCurve", "explicit EC parameters%s%s (RFC 5480 2.1.1 forbids them)",
                     k->curve != CK_CURVE_EXPLICIT ? " of " : "",
                     k->curve != CK_CURVE_EXPLICIT ? ck_curve_name(k->curve) : ""));
    } else {
        return der_fail(c, at, "parameters", ASN1_E_TAG,
                        "ECParameters must be a namedCurve OID, NULL or a SpecifiedECDomain");
    }
    k->ec_params = span_make(start, (size_t)(c->p - start));
    return ASN1_OK;
}

/* ------------------------------------------------------------- derivation */

/* Q = d*G on a NIST curve, written uncompressed (04 || X || Y) into out[1 + 2 * size]. */
static bool ec_derive(const ltc_ecc_set_type *dp, span_t d, uint8_t *out)
{
    mp_int kk, p, one;
    ecc_point *G = NULL, *R = NULL;
    bool ok = false;
    size_t size = (size_t)dp->size, w;

    ck_crypto_init();
    if (ltc_mp.name == NULL)            /* no math provider: libtomcrypt would abort */
        return false;
    if (mp_init_multi(&kk, &p, &one, NULL) != MP_OKAY)
        return false;
    G = ltc_ecc_new_point();
    R = ltc_ecc_new_point();
    if (!G || !R)
        goto out;
    if (mp_from_ubin(&kk, d.p, d.len) != MP_OKAY || mp_read_radix(&p, dp->prime, 16) != MP_OKAY ||
        mp_read_radix(G->x, dp->Gx, 16) != MP_OKAY || mp_read_radix(G->y, dp->Gy, 16) != MP_OKAY)
        goto out;
    mp_set(G->z, 1);
    if (ltc_ecc_mulmod(&kk, G, R, &p, 1) != CRYPT_OK)
        goto out;
    if (mp_ubin_size(R->x) > size || mp_ubin_size(R->y) > size)
        goto out;
    memset(out, 0, 1 + 2 * size);
    out[0] = 0x04;
    if (mp_to_ubin(R->x, out + 1 + size - mp_ubin_size(R->x), size, &w) != MP_OKAY ||
        mp_to_ubin(R->y, out + 1 + 2 * size - mp_ubin_size(R->y), size, &w) != MP_OKAY)
        goto out;
    ok = true;
out:
    if (G)
        ltc_ecc_del_point(G);
    if (R)
        ltc_ecc_del_point(R);
    mp_clear_multi(&kk, &p, &one, NULL);    /* libtommath zeroes digits on clear */
    return ok;
}

/* Is pt a well-formed SEC1 encoding (compressed, uncompressed or hybrid) for a field of size bytes? */
static bool point_form_ok(span_t pt, size_t size)
{
    if (pt.len == 0)
        return false;
    switch (pt.p[0]) {
    case 0x02:
    case 0x03: return pt.len == 1 + size;
    case 0x04:
    case 0x06:
    case 0x07: return pt.len == 1 + 2 * size;
    default: return false;
    }
}

/*
 * The private scalar's checks (1 <= d < n, RFC 5915 3 / SEC1 3.2.1), the size, and the
 * public part: derived on the NIST curves (and compared with the one in the file),
 * taken from the file elsewhere.
 */
static asn1_err ec_finish(der_t *c, size_t d_at, size_t pub_at, span_t given, bool has_given,
                          ck_privkey *k)
{
    span_t d = k->ec_d;                        /* big-endian octets, leading zeros allowed */
    while (d.len && d.p[0] == 0) {
        d.p++;
        d.len--;
    }
    if (d.len == 0)
        return der_fail(c, d_at, "privateKey", ASN1_E_VALUE, "the private scalar is zero");

    /* the order n */
    mp_int n, dv;
    const char *hex = k->curve == CK_CURVE_EXPLICIT ? NULL : order_hex(k->curve);
    bool have_n = false;
    if (mp_init_multi(&n, &dv, NULL) != MP_OKAY)
        return der_fail(c, d_at, "privateKey", ASN1_E_NOMEM, "out of memory");
    if (hex)
        have_n = mp_read_radix(&n, hex, 16) == MP_OKAY;
    else if (k->curve == CK_CURVE_EXPLICIT && k->ec_order.len)
        have_n = ck__mp_load(&n, k->ec_order) && !mp_iszero(&n);
    asn1_err r = ASN1_OK;
    if (have_n) {
        size_t nbits = (size_t)mp_count_bits(&n), nbytes = (nbits + 7) / 8;
        k->bits = nbits;
        if (mp_from_ubin(&dv, d.p, d.len) != MP_OKAY) {
            r = der_fail(c, d_at, "privateKey", ASN1_E_NOMEM, "out of memory");
        } else if (mp_cmp(&dv, &n) != MP_LT) {
            r = der_fail(c, d_at, "privateKey", ASN1_E_VALUE,
                         "the private scalar is not below the group order (RFC 5915 3)");
        } else if (k->ec_d.len < nbytes) {
            /* longer, with leading zeros, is what GnuTLS writes: harmless, accepted silently */
            r = der_warn(c, d_at, "privateKey", "privateKey is %zu octets; RFC 5915 wants %zu (ceiling(log2(n)/8))",
                         k->ec_d.len, nbytes);
        }
    } else {
        ck_pubkey tmp = { .type = CK_KEY_EC, .curve = k->curve };
        k->bits = k->curve == CK_CURVE_OTHER ? other_bits(k->curve_oid) : ck_pubkey_bits(&tmp);
    }
    mp_clear_multi(&n, &dv, NULL);
    TRY(r);

    /* the public part */
    ck_pubkey *pub = &k->pub;
    pub->type = CK_KEY_EC;
    pub->alg_oid = oid_der(OID_ecPublicKey);
    pub->alg_params = k->ec_params;
    pub->curve = k->curve;
    pub->curve_oid = k->curve_oid;
    const ltc_ecc_set_type *dp = k->curve == CK_CURVE_EXPLICIT ? NULL : ltc_set(k->curve);
    if (dp) {
        size_t size = (size_t)dp->size;
        if (has_given && !point_form_ok(given, size))
            return der_fail(c, pub_at, "publicKey", ASN1_E_VALUE,
                            "publicKey is not a valid point encoding for %s (%zu bytes)",
                            ck_curve_name(k->curve), given.len);
        uint8_t q[1 + 2 * 66];
        if (1 + 2 * size > sizeof q || !ec_derive(dp, d, q))
            return der_fail(c, d_at, "privateKey", ASN1_E_CRYPTO,
                            "could not compute the public point from the private scalar");
        span_t derived = ck__pub_put(k, q, 1 + 2 * size);
        explicit_bzero(q, sizeof q);
        if (!derived.len)
            return der_fail(c, d_at, "privateKey", ASN1_E_NOMEM, "no room for the public point");
        if (has_given) {
            ck_pubkey a = *pub, b = *pub;
            a.ec_point = derived;
            b.ec_point = given;
            if (!ck_pubkey_equal(&a, &b))
                return der_fail(c, pub_at, "publicKey", ASN1_E_VALUE,
                                "publicKey does not match the private key (d*G differs): the key is damaged");
            pub->ec_point = given;          /* keep the file's own encoding */
        } else {
            pub->ec_point = derived;
            k->pub_derived = true;
        }
    } else if (has_given) {
        if (given.len == 0 || (given.p[0] != 0x02 && given.p[0] != 0x03 && given.p[0] != 0x04 &&
                               given.p[0] != 0x06 && given.p[0] != 0x07))
            return der_fail(c, pub_at, "publicKey", ASN1_E_VALUE, "publicKey is not a SEC1 point encoding");
        pub->ec_point = given;
    } else {
        const char *cn = ck_curve_name(k->curve);
        ck__no_pub(k, "the key holds no publicKey and certkit cannot derive one on %s",
                   cn ? cn : "this curve");
        return ASN1_OK;
    }
    pub->key_bits = pub->ec_point;
    k->has_pub = true;
    return ASN1_OK;
}

/*
 * ECPrivateKey ::= SEQUENCE {                                     -- RFC 5915 3
 *     version        INTEGER { ecPrivkeyVer1(1) } (ecPrivkeyVer1),
 *     privateKey     OCTET STRING,
 *     parameters [0] ECParameters {{ NamedCurve }} OPTIONAL,
 *     publicKey  [1] BIT STRING OPTIONAL
 * }
 */
asn1_err ck__ec_decode(der_t *c, const char *field, bool outer_params, ck_privkey *k)
{
    der_t seq, tagged;
    bool present;
    int64_t version;
    span_t given = { NULL, 0 };
    bool has_given = false;

    TRY(der_enter(c, ASN1_SEQUENCE, field, &seq));
    size_t at = der_offset(&seq);
    TRY(der_read_int64(&seq, "version", &version));
    if (version != 1)
        return der_fail(&seq, at, "version", ASN1_E_VALUE,
                        "version %lld; RFC 5915 requires ecPrivkeyVer1 (1)", (long long)version);
    size_t d_at = der_offset(&seq);
    TRY(der_read_octets(&seq, "privateKey", &k->ec_d));

    size_t p_at = der_offset(&seq);
    TRY(der_enter_opt(&seq, ASN1_CTX_C(0), "parameters", &tagged, &present));
    if (present) {
        if (outer_params) {
            /* inside PKCS#8 the curve is in privateKeyAlgorithm; a copy here must agree */
            const uint8_t *s = tagged.p;
            asn1_elem e;
            TRY(der_next(&tagged, "ECParameters", &e));
            if (!span_eq(span_make(s, (size_t)(tagged.p - s)), k->ec_params))
                return der_fail(&seq, p_at, "parameters", ASN1_E_VALUE,
                                "the curve differs from privateKeyAlgorithm's");
        } else {
            TRY(ck__ec_params(&tagged, k));
        }
        TRY(der_done(&tagged));
    } else if (!outer_params) {
        return der_fail(&seq, p_at, "parameters", ASN1_E_MISSING,
                        "no curve: an ECPrivateKey outside PKCS#8 needs its [0] parameters");
    }

    size_t pub_at = der_offset(&seq);
    TRY(der_enter_opt(&seq, ASN1_CTX_C(1), "publicKey", &tagged, &present));
    if (present) {
        unsigned unused;
        size_t b_at = der_offset(&tagged);
        TRY(der_read_bits(&tagged, "", &given, &unused));
        if (unused != 0)
            return der_fail(&tagged, b_at, "", ASN1_E_VALUE, "publicKey has %u unused bits", unused);
        TRY(der_done(&tagged));
        has_given = true;
    } else if (k->has_pkcs8_pub) {
        given = k->pkcs8_pub;           /* OneAsymmetricKey v2 publicKey */
        has_given = true;
        pub_at = k->pkcs8_pub_offset;
    }
    TRY(der_done(&seq));
    k->ec_has_pub = has_given;
    return ec_finish(&seq, d_at, pub_at, given, has_given, k);
}
