/* oid.c - OBJECT IDENTIFIERs: the compiled-in name table (asn1/oid.def, hashed at build
 * time by asn1/oidgen.c), DER <-> dotted text. */
#include "asn1/asn1.h"

#include <stdio.h>
#include <string.h>

struct oid_row {
    const char *name;
    const char *dotted;
    const char *der;
    unsigned char len;
};
#include "oid_table.h"

oid_id oid_lookup(span_t der)
{
    if (der.len == 0 || !der.p)
        return OID_UNKNOWN;
    /* open addressing (oidgen.c): probe from the hash until a hit or an empty slot */
    for (unsigned h = oid_hash_of(der.p, der.len) & (OID_HASH_SIZE - 1);; h = (h + 1) & (OID_HASH_SIZE - 1)) {
        unsigned k = oid_hash[h];
        if (k == 0)
            return OID_UNKNOWN;
        const struct oid_row *r = &oid_rows[k];
        if (r->len != der.len)
            continue;
        size_t i = 0;                       /* a few bytes: compared in place */
        while (i < der.len && (uint8_t)r->der[i] == der.p[i])
            i++;
        if (i == der.len)
            return (oid_id)k;
    }
}

const char *oid_name(oid_id id)
{
    return (id > OID_UNKNOWN && id < OID__COUNT) ? oid_rows[id].name : NULL;
}

const char *oid_dotted(oid_id id)
{
    return (id > OID_UNKNOWN && id < OID__COUNT) ? oid_rows[id].dotted : NULL;
}

span_t oid_der(oid_id id)
{
    if (id <= OID_UNKNOWN || id >= OID__COUNT)
        return span_make(NULL, 0);
    return span_make(oid_rows[id].der, oid_rows[id].len);
}

asn1_err asn1_oid_to_text(span_t der, char *out, size_t n)
{
    size_t o = 0;
    uint64_t v = 0;
    bool first = true, in_arc = false;
    if (n == 0)
        return ASN1_E_VALUE;
    out[0] = '\0';
    if (der.len == 0)
        return ASN1_E_VALUE;
    for (size_t i = 0; i < der.len; i++) {
        uint8_t b = der.p[i];
        if (!in_arc && b == 0x80)
            return ASN1_E_VALUE;        /* non-minimal arc (X.690 8.19.2) */
        if (v > (UINT64_MAX >> 7))
            return ASN1_E_VALUE;        /* arc does not fit in 64 bits */
        v = (v << 7) | (b & 0x7f);
        in_arc = (b & 0x80) != 0;
        if (in_arc)
            continue;
        int w;
        if (first) {
            unsigned a = v < 40 ? 0 : v < 80 ? 1 : 2;
            w = snprintf(out + o, n - o, "%u.%llu", a, (unsigned long long)(v - 40u * a));
            first = false;
        } else {
            w = snprintf(out + o, n - o, ".%llu", (unsigned long long)v);
        }
        if (w < 0 || (size_t)w >= n - o)
            return ASN1_E_LIMIT;
        o += (size_t)w;
        v = 0;
    }
    return in_arc ? ASN1_E_VALUE : ASN1_OK;
}

void asn1_oid_append(span_t der, buf_t *out)
{
    char tmp[512];
    if (asn1_oid_to_text(der, tmp, sizeof tmp) == ASN1_OK) {
        buf_puts(out, tmp);
    } else {
        buf_puts(out, "?");
        buf_hex(out, der.p, der.len, NULL);
    }
}

asn1_err asn1_oid_from_text(const char *s, buf_t *out)
{
    uint64_t arcs[128];
    size_t n = 0;
    while (*s) {
        uint64_t v = 0;
        if (n == 128 || *s < '0' || *s > '9')
            return ASN1_E_VALUE;
        while (*s >= '0' && *s <= '9') {
            if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
                return ASN1_E_VALUE;
            v = v * 10 + (uint64_t)(*s++ - '0');
        }
        arcs[n++] = v;
        if (*s == '.' && s[1])
            s++;
        else if (*s)
            return ASN1_E_VALUE;
    }
    if (n < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) || arcs[1] > UINT64_MAX - 80)
        return ASN1_E_VALUE;
    for (size_t i = 1; i < n; i++) {
        uint64_t v = i == 1 ? arcs[0] * 40 + arcs[1] : arcs[i];
        uint8_t tmp[10];
        int k = 0;
        do {
            tmp[k++] = v & 0x7f;
            v >>= 7;
        } while (v);
        while (k > 0) {
            --k;
            buf_putc(out, (char)(tmp[k] | (k ? 0x80 : 0)));
        }
    }
    return out->oom ? ASN1_E_NOMEM : ASN1_OK;
}
