/* time.c - UTCTime and GeneralizedTime (X.690 11.7/11.8, RFC 5280 4.1.2.5) to
 * seconds since the epoch, and RFC 3339 text both ways. */
#include "asn1/asn1.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil. */
int64_t asn1_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* Howard Hinnant's civil_from_days. */
void asn1_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static bool digits(const uint8_t *p, size_t n, unsigned *v)
{
    unsigned x = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        x = x * 10 + (unsigned)(p[i] - '0');
    }
    *v = x;
    return true;
}

#define WHY(...) (snprintf(why, whylen, __VA_ARGS__), ASN1_E_VALUE)

asn1_err asn1_time_decode(uint32_t tag, span_t v, int64_t *t, bool *lenient, char *why, size_t whylen)
{
    const char *tn = tag == ASN1_UTCTIME ? "UTCTime" : "GeneralizedTime";
    const uint8_t *p = v.p, *end = v.p + v.len;
    unsigned yy, mo, dd, hh, mi, ss = 0;
    int64_t year;
    *lenient = false;
    if (whylen)
        why[0] = '\0';
    if (tag != ASN1_UTCTIME && tag != ASN1_GENERALIZEDTIME)
        return WHY("not a time type");
    size_t ylen = tag == ASN1_UTCTIME ? 2 : 4;
    if (v.len < ylen + 8)
        return WHY("%s \"%.*s\" is too short", tn, (int)(v.len > 40 ? 40 : v.len), (const char *)v.p);
    if (!digits(p, ylen, &yy) || !digits(p + ylen, 2, &mo) || !digits(p + ylen + 2, 2, &dd) ||
        !digits(p + ylen + 4, 2, &hh) || !digits(p + ylen + 6, 2, &mi))
        return WHY("%s has a non-digit in its date or time", tn);
    p += ylen + 8;
    year = tag == ASN1_UTCTIME ? (yy >= 50 ? 1900 + yy : 2000 + yy) : yy;
    bool have_secs = false;
    if (end - p >= 2 && p[0] >= '0' && p[0] <= '9') {
        if (!digits(p, 2, &ss))
            return WHY("%s has a non-digit in its seconds", tn);
        p += 2;
        have_secs = true;
    }
    if (!have_secs) {
        *lenient = true;
        snprintf(why, whylen, "%s without seconds (RFC 5280 4.1.2.5)", tn);
    }
    if (p < end && (*p == '.' || *p == ',')) {
        if (tag == ASN1_UTCTIME)
            return WHY("UTCTime with fractional seconds");
        const uint8_t *f = ++p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        if (p == f)
            return WHY("GeneralizedTime with an empty fraction");
        *lenient = true;
        snprintf(why, whylen, "GeneralizedTime with fractional seconds (RFC 5280 4.1.2.5.2)");
    }
    int64_t tzoff = 0;
    if (p < end && *p == 'Z') {
        p++;
    } else if (p < end && (*p == '+' || *p == '-')) {
        unsigned oh, om;
        if (end - p < 5 || !digits(p + 1, 2, &oh) || !digits(p + 3, 2, &om) || oh > 23 || om > 59)
            return WHY("%s has a bad time-zone offset", tn);
        tzoff = (int64_t)(oh * 3600 + om * 60) * (*p == '+' ? 1 : -1);
        p += 5;
        *lenient = true;
        snprintf(why, whylen, "%s with a time-zone offset instead of Z (RFC 5280 4.1.2.5)", tn);
    } else {
        return WHY("%s without the Z time zone", tn);
    }
    if (p != end)
        return WHY("%s has %zu unexpected characters at the end", tn, (size_t)(end - p));
    if (mo < 1 || mo > 12)
        return WHY("%s month %u is invalid", tn, mo);
    if (dd < 1 || dd > days_in_month(year, mo))
        return WHY("%s day %u of month %u is invalid", tn, dd, mo);
    if (hh > 23)
        return WHY("%s hour %u is invalid", tn, hh);
    if (mi > 59)
        return WHY("%s minute %u is invalid", tn, mi);
    if (ss > 59)
        return WHY("%s second %u is invalid", tn, ss);
    *t = asn1_days_from_civil(year, mo, dd) * 86400 + hh * 3600 + mi * 60 + ss - tzoff;
    return ASN1_OK;
}

static char *put2(char *o, unsigned v)
{
    o[0] = (char)('0' + v / 10 % 10);
    o[1] = (char)('0' + v % 10);
    return o + 2;
}

/* Formats without snprintf: this runs for every time of every certificate printed. */
void asn1_time_rfc3339(int64_t t, char out[32])
{
    int64_t days = t / 86400, rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    int64_t y;
    unsigned m, d;
    asn1_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    char *o = out;
    o = put2(o, (unsigned)(y / 100));
    o = put2(o, (unsigned)(y % 100));
    *o++ = '-';
    o = put2(o, m);
    *o++ = '-';
    o = put2(o, d);
    *o++ = 'T';
    o = put2(o, (unsigned)(rem / 3600));
    *o++ = ':';
    o = put2(o, (unsigned)(rem / 60 % 60));
    *o++ = ':';
    o = put2(o, (unsigned)(rem % 60));
    *o++ = 'Z';
    *o = '\0';
}

static bool num(const char **s, int n, unsigned *v)
{
    unsigned x = 0;
    for (int i = 0; i < n; i++) {
        char ch = (*s)[i];
        if (ch < '0' || ch > '9')
            return false;
        x = x * 10 + (unsigned)(ch - '0');
    }
    *s += n;
    *v = x;
    return true;
}

bool asn1_time_parse_text(const char *s, int64_t *t)
{
    unsigned y, mo, d, h = 0, mi = 0, sec = 0;
    if (!num(&s, 4, &y) || *s++ != '-' || !num(&s, 2, &mo) || *s++ != '-' || !num(&s, 2, &d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return false;
    int64_t off = 0;
    if (*s == 'T' || *s == 't' || *s == ' ') {
        s++;
        if (!num(&s, 2, &h) || *s++ != ':' || !num(&s, 2, &mi))
            return false;
        if (*s == ':') {
            s++;
            if (!num(&s, 2, &sec))
                return false;
            if (*s == '.')
                for (s++; *s >= '0' && *s <= '9'; s++)
                    ;
        }
        if (h > 23 || mi > 59 || sec > 60)
            return false;
        if (*s == 'Z' || *s == 'z') {
            s++;
        } else if (*s == '+' || *s == '-') {
            int sign = *s++ == '+' ? 1 : -1;
            unsigned oh, om;
            if (!num(&s, 2, &oh) || *s++ != ':' || !num(&s, 2, &om) || oh > 23 || om > 59)
                return false;
            off = sign * (int64_t)(oh * 3600 + om * 60);
        } else if (*s) {
            return false;
        }
    }
    if (*s)
        return false;
    *t = asn1_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + (sec > 59 ? 59 : sec) - off;
    return true;
}
