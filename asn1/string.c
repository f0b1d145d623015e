/*
 * string.c - ASN.1 character strings to UTF-8, and tag names.
 *
 * Errors (ASN1_E_VALUE + *why) are encodings that cannot be decoded: bad UTF-8 in a
 * UTF8String, an odd-length BMPString or an unpaired surrogate, a UniversalString
 * whose length is not a multiple of 4 or that holds a value above U+10FFFF.
 * Deviations (*deviation, a static description) are characters outside a type's
 * character set that real producers write anyway; the value still decodes:
 *  - '*' and '&' in a PrintableString (Go's encoding/asn1 accepts both: wildcard
 *    names, and CA certificates with "AT&T"-style names), '@' (e-mail addresses);
 *  - other characters outside the PrintableString / NumericString / VisibleString
 *    sets (X.680 41.4, 41.2 and 41.8);
 *  - non-ASCII bytes in the 7-bit types (IA5String, PrintableString, VisibleString,
 *    NumericString): decoded as UTF-8 when they are valid UTF-8, else as Latin-1;
 *  - a NUL character in any string (the "CN=good.example\0.evil.example" trick).
 * T61String, VideotexString, GraphicString, GeneralString and ObjectDescriptor are
 * taken as Latin-1 (what OpenSSL shows; T.61 proper is almost never used).
 */
#include "asn1/asn1.h"
#include "asn1/utf8.h"

#include <stdio.h>

bool asn1_is_string_tag(uint32_t tag)
{
    switch (tag) {
    case ASN1_OBJECT_DESCRIPTOR:
    case ASN1_UTF8STRING:
    case ASN1_NUMERICSTRING:
    case ASN1_PRINTABLESTRING:
    case ASN1_T61STRING:
    case ASN1_VIDEOTEXSTRING:
    case ASN1_IA5STRING:
    case ASN1_GRAPHICSTRING:
    case ASN1_VISIBLESTRING:
    case ASN1_GENERALSTRING:
    case ASN1_UNIVERSALSTRING:
    case ASN1_BMPSTRING:
        return true;
    default:
        return false;
    }
}

bool asn1_utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        enum utf8_why why;
        int k = utf8_decode1(p + i, n - i, &cp, &why);
        if (k < 0)
            return false;
        i += (size_t)k;
    }
    return true;
}

static void put_cp(buf_t *out, uint32_t cp)
{
    uint8_t o[4];
    int k = utf8_encode1(cp, o);
    buf_put(out, o, (size_t)k);
}

static void put_latin1(buf_t *out, span_t v)
{
    size_t i = 0;
    while (i < v.len) {
        size_t j = i;
        while (j < v.len && v.p[j] < 0x80)
            j++;
        buf_put(out, v.p + i, j - i);
        if (j < v.len)
            put_cp(out, v.p[j++]);
        i = j;
    }
}

/* ------------------------------------------------------ 7-bit string types */

enum dev {
    DEV_NONE, DEV_STAR, DEV_AMP, DEV_AT, DEV_CHAR, DEV_CONTROL, DEV_UTF8, DEV_LATIN1, DEV_NUL, DEV__N
};

enum kind7 { K_PRINTABLE, K_IA5, K_VISIBLE, K_NUMERIC, K__N };

static const char *const dev7[K__N][DEV__N] = {
    [K_PRINTABLE] = {
        [DEV_STAR] = "PrintableString contains '*' (not in its character set, X.680 41.4; accepted as Go does for wildcard names)",
        [DEV_AMP] = "PrintableString contains '&' (not in its character set, X.680 41.4; accepted as Go does)",
        [DEV_AT] = "PrintableString contains '@' (not in its character set, X.680 41.4: an e-mail address needs IA5String)",
        [DEV_CHAR] = "PrintableString contains a character outside its character set (X.680 41.4)",
        [DEV_CONTROL] = "PrintableString contains a control character (X.680 41.4)",
        [DEV_UTF8] = "PrintableString contains non-ASCII bytes (X.680 41.4); decoded as UTF-8",
        [DEV_LATIN1] = "PrintableString contains non-ASCII bytes (X.680 41.4); decoded as Latin-1",
        [DEV_NUL] = "PrintableString contains a NUL character",
    },
    [K_IA5] = {
        [DEV_UTF8] = "IA5String contains non-ASCII bytes (IA5 is 7-bit, X.680 41.2); decoded as UTF-8",
        [DEV_LATIN1] = "IA5String contains non-ASCII bytes (IA5 is 7-bit, X.680 41.2); decoded as Latin-1",
        [DEV_NUL] = "IA5String contains a NUL character",
    },
    [K_VISIBLE] = {
        [DEV_CONTROL] = "VisibleString contains a control character (X.680 41.2)",
        [DEV_UTF8] = "VisibleString contains non-ASCII bytes (X.680 41.2); decoded as UTF-8",
        [DEV_LATIN1] = "VisibleString contains non-ASCII bytes (X.680 41.2); decoded as Latin-1",
        [DEV_NUL] = "VisibleString contains a NUL character",
    },
    [K_NUMERIC] = {
        [DEV_CHAR] = "NumericString contains a character other than digits and space (X.680 41.2)",
        [DEV_CONTROL] = "NumericString contains a control character (X.680 41.2)",
        [DEV_UTF8] = "NumericString contains non-ASCII bytes (X.680 41.2); decoded as UTF-8",
        [DEV_LATIN1] = "NumericString contains non-ASCII bytes (X.680 41.2); decoded as Latin-1",
        [DEV_NUL] = "NumericString contains a NUL character",
    },
};

static bool printable_char(uint8_t c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case ' ': case '\'': case '(': case ')': case '+': case ',':
    case '-': case '.': case '/': case ':': case '=': case '?':
        return true;
    default:
        return false;
    }
}

/* Classifies one ASCII byte of a 7-bit type; the worst deviation wins. */
static enum dev ascii_dev(enum kind7 k, uint8_t c)
{
    if (c == 0)
        return DEV_NUL;
    switch (k) {
    case K_PRINTABLE:
        if (printable_char(c))
            return DEV_NONE;
        if (c < 0x20 || c == 0x7f)
            return DEV_CONTROL;
        return c == '*' ? DEV_STAR : c == '&' ? DEV_AMP : c == '@' ? DEV_AT : DEV_CHAR;
    case K_IA5:
        return DEV_NONE;
    case K_VISIBLE:
        return (c < 0x20 || c == 0x7f) ? DEV_CONTROL : DEV_NONE;
    case K_NUMERIC:
        if ((c >= '0' && c <= '9') || c == ' ')
            return DEV_NONE;
        return (c < 0x20 || c == 0x7f) ? DEV_CONTROL : DEV_CHAR;
    default:
        return DEV_NONE;
    }
}

static const char *seven_bit(enum kind7 k, span_t v, buf_t *out)
{
    enum dev worst = DEV_NONE;
    bool high = false;
    for (size_t i = 0; i < v.len; i++) {
        uint8_t c = v.p[i];
        if (c >= 0x80) {
            high = true;
            continue;
        }
        enum dev d = ascii_dev(k, c);
        if (d > worst)
            worst = d;
    }
    if (!high) {
        buf_put(out, v.p, v.len);
    } else if (asn1_utf8_valid(v.p, v.len)) {
        buf_put(out, v.p, v.len);
        if (DEV_UTF8 > worst)
            worst = DEV_UTF8;
    } else {
        put_latin1(out, v);
        if (DEV_LATIN1 > worst)
            worst = DEV_LATIN1;
    }
    return worst == DEV_NONE ? NULL : dev7[k][worst];
}

/* ------------------------------------------------------ Unicode string types */

static const char *utf8_string(span_t v, buf_t *out, const char **deviation)
{
    bool nul = false;
    size_t i = 0;
    while (i < v.len) {
        uint8_t c = v.p[i];
        if (c < 0x80) {
            nul |= c == 0;
            i++;
            continue;
        }
        uint32_t cp;
        enum utf8_why why = UTF8_OK;
        int k = utf8_decode1(v.p + i, v.len - i, &cp, &why);
        if (k < 0) {
            switch (why) {
            case UTF8_OVERLONG:
                return "UTF8String contains an overlong UTF-8 sequence (RFC 3629 3)";
            case UTF8_SURROGATE:
                return "UTF8String contains a UTF-16 surrogate (U+D800..U+DFFF) encoded as UTF-8 (RFC 3629 3)";
            case UTF8_TOO_BIG:
                return "UTF8String contains a code point above U+10FFFF (RFC 3629 3)";
            case UTF8_TRUNCATED:
                return "UTF8String ends inside a UTF-8 sequence";
            case UTF8_BAD_LEAD:
                return "UTF8String contains a UTF-8 continuation byte where a character starts";
            default:
                return "UTF8String contains an invalid UTF-8 sequence";
            }
        }
        i += (size_t)k;
    }
    buf_put(out, v.p, v.len);
    if (nul)
        *deviation = "UTF8String contains a NUL character";
    return NULL;
}

static const char *bmp_string(span_t v, buf_t *out, const char **deviation)
{
    if (v.len % 2)
        return "BMPString has an odd number of octets (UTF-16BE needs pairs)";
    bool nul = false;
    for (size_t i = 0; i < v.len; i += 2) {
        uint32_t u = (uint32_t)v.p[i] << 8 | v.p[i + 1];
        if (u >= 0xd800 && u <= 0xdbff) {
            if (i + 4 > v.len)
                return "BMPString ends with an unpaired high surrogate";
            uint32_t lo = (uint32_t)v.p[i + 2] << 8 | v.p[i + 3];
            if (lo < 0xdc00 || lo > 0xdfff)
                return "BMPString has a high surrogate not followed by a low surrogate";
            u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
            i += 2;
        } else if (u >= 0xdc00 && u <= 0xdfff) {
            return "BMPString has an unpaired low surrogate";
        }
        nul |= u == 0;
        put_cp(out, u);
    }
    if (nul)
        *deviation = "BMPString contains a NUL character";
    return NULL;
}

static const char *universal_string(span_t v, buf_t *out, const char **deviation)
{
    if (v.len % 4)
        return "UniversalString length is not a multiple of 4 (UTF-32BE)";
    bool nul = false;
    for (size_t i = 0; i < v.len; i += 4) {
        uint32_t u = (uint32_t)v.p[i] << 24 | (uint32_t)v.p[i + 1] << 16 |
                     (uint32_t)v.p[i + 2] << 8 | v.p[i + 3];
        if (u > 0x10ffff)
            return "UniversalString contains a value above U+10FFFF";
        if (u >= 0xd800 && u <= 0xdfff)
            return "UniversalString contains a surrogate code point (U+D800..U+DFFF)";
        nul |= u == 0;
        put_cp(out, u);
    }
    if (nul)
        *deviation = "UniversalString contains a NUL character";
    return NULL;
}

asn1_err asn1_str_to_utf8(uint32_t tag, span_t v, buf_t *out, const char **why,
                          const char **deviation)
{
    const char *w = NULL, *d = NULL;
    size_t mark = out->len;
    switch (tag) {
    case ASN1_UTF8STRING:
        w = utf8_string(v, out, &d);
        break;
    case ASN1_PRINTABLESTRING:
        d = seven_bit(K_PRINTABLE, v, out);
        break;
    case ASN1_IA5STRING:
        d = seven_bit(K_IA5, v, out);
        break;
    case ASN1_VISIBLESTRING:
        d = seven_bit(K_VISIBLE, v, out);
        break;
    case ASN1_NUMERICSTRING:
        d = seven_bit(K_NUMERIC, v, out);
        break;
    case ASN1_BMPSTRING:
        w = bmp_string(v, out, &d);
        break;
    case ASN1_UNIVERSALSTRING:
        w = universal_string(v, out, &d);
        break;
    case ASN1_T61STRING:
    case ASN1_VIDEOTEXSTRING:
    case ASN1_GRAPHICSTRING:
    case ASN1_GENERALSTRING:
    case ASN1_OBJECT_DESCRIPTOR:
        put_latin1(out, v);
        for (size_t i = 0; i < v.len; i++)
            if (v.p[i] == 0) {
                d = "string contains a NUL character";
                break;
            }
        break;
    default:
        if (why)
            *why = "not a character string type";
        if (deviation)
            *deviation = NULL;
        return ASN1_E_TAG;
    }
    if (w) {
        if (!out->oom)
            out->len = mark;           /* nothing half-decoded is left behind */
        d = NULL;
    }
    if (why)
        *why = w;
    if (deviation)
        *deviation = d;
    if (out->oom)
        return ASN1_E_NOMEM;
    return w ? ASN1_E_VALUE : ASN1_OK;
}

/* ---------------------------------------------------------------- tag names */

static const char *const universal_names[31] = {
    "EOC", "BOOLEAN", "INTEGER", "BIT STRING", "OCTET STRING", "NULL",
    "OBJECT IDENTIFIER", "ObjectDescriptor", "EXTERNAL", "REAL", "ENUMERATED",
    "EMBEDDED PDV", "UTF8String", "RELATIVE-OID", "TIME", NULL, "SEQUENCE", "SET",
    "NumericString", "PrintableString", "T61String", "VideotexString", "IA5String",
    "UTCTime", "GeneralizedTime", "GraphicString", "VisibleString", "GeneralString",
    "UniversalString", "CHARACTER STRING", "BMPString",
};

const char *asn1_universal_name(uint32_t num)
{
    return num < 31 ? universal_names[num] : NULL;
}

const char *asn1_tag_name(uint32_t tag, char *buf, size_t n)
{
    uint32_t num = ASN1_TAG_NUMBER(tag);
    if (n == 0)
        return "";
    switch (ASN1_TAG_CLASS(tag)) {
    case ASN1_CLASS_UNIVERSAL:
        if (num < 31 && universal_names[num])
            snprintf(buf, n, "%s", universal_names[num]);
        else
            snprintf(buf, n, "UNIVERSAL %u", (unsigned)num);
        break;
    case ASN1_CLASS_APPLICATION:
        snprintf(buf, n, "[APPLICATION %u]", (unsigned)num);
        break;
    case ASN1_CLASS_CONTEXT:
        snprintf(buf, n, "[%u]", (unsigned)num);
        break;
    default:
        snprintf(buf, n, "[PRIVATE %u]", (unsigned)num);
        break;
    }
    return buf;
}
