/*
 * armor.c - PEM (RFC 7468, with RFC 1421 headers) reader and writer.
 *
 * Reading is lenient where real files are sloppy: text before, between and after
 * blocks (openssl's "Bag Attributes", "-text" dumps), CRLF, blanks at line ends or
 * between lines, a missing final newline, "Proc-Type"/"DEK-Info" headers.  It is
 * strict where it matters: the END label must be the BEGIN label, a block needs its
 * END line, bad base64 names its line.  Writing is the strict form: 64 columns, LF.
 */
#include "pem/pem.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <strings.h>

static const char BEGIN[] = "-----BEGIN ";   /* 11 */
static const char END[] = "-----END ";       /* 9 */
static const char DASH5[] = "-----";

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* End of the line starting at pos (offset of '\n', or len). */
static size_t line_end(const char *t, size_t len, size_t pos)
{
    const char *nl = memchr(t + pos, '\n', len - pos);
    return nl ? (size_t)(nl - t) : len;
}

/* Offset after the last non-blank character of t[a..b). */
static size_t rtrim(const char *t, size_t a, size_t b)
{
    while (b > a && is_blank(t[b - 1]))
        b--;
    return b;
}

static size_t ltrim(const char *t, size_t a, size_t b)
{
    while (a < b && is_blank(t[a]))
        a++;
    return a;
}

size_t text_count_nl(const void *text, size_t n)
{
    const uint8_t *p = text;
    size_t c = 0, i = 0;
#if defined(__SSE2__)
    /* Sixteen bytes at a time: a compare gives -1 per '\n', subtracted into byte
     * counters that are summed (psadbw) before any can wrap, every 255 rounds. */
    const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    while (n - i >= 16) {
        __m128i acc = zero;
        size_t rounds = (n - i) / 16 < 255 ? (n - i) / 16 : 255;
        for (size_t r = 0; r < rounds; r++, i += 16)
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + i)), nl));
        __m128i sum = _mm_sad_epu8(acc, zero);
        c += (size_t)_mm_cvtsi128_si64(sum) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sum, sum));
    }
#else
    /* Eight bytes at a time: a byte of x is zero exactly where the text has '\n'. */
    const uint64_t lo7 = 0x7f7f7f7f7f7f7f7full;
    for (; n - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t x = w ^ 0x0a0a0a0a0a0a0a0aull;
        uint64_t y = ~(((x & lo7) + lo7) | x | lo7);
        /* y has 0x80 in each matching byte: their sum by one multiply */
        c += (size_t)(((y >> 7) * 0x0101010101010101ull) >> 56);
    }
#endif
    for (; i < n; i++)
        c += p[i] == '\n';
    return c;
}

#define count_nl text_count_nl

/* Copies a label for a message, replacing what cannot be shown. */
static void show(char *out, size_t cap, const char *s, size_t n)
{
    size_t k = 0;
    if (n > 60)
        n = 60;
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        out[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    out[k] = '\0';
}

static asn1_err fail(asn1_diag *d, asn1_err code, size_t offset, const char *fmt, ...)
    CK_PRINTF(4, 5);
static asn1_err fail(asn1_diag *d, asn1_err code, size_t offset, const char *fmt, ...)
{
    va_list ap;
    d->code = code;
    d->offset = offset;
    d->path[0] = '\0';
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return code;
}

size_t pem_find_begin(const char *text, size_t len, size_t from)
{
    size_t i = from;
    while (i < len) {
        const char *p = memmem(text + i, len - i, BEGIN, sizeof BEGIN - 1);
        if (!p)
            return len;
        size_t at = (size_t)(p - text), j = at;
        while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t'))
            j--;
        if (j == 0 || text[j - 1] == '\n')
            return at;
        i = at + 1;
    }
    return len;
}

/* Is t[pos..) at the start of a line (only blanks before it on its line)? */
static bool at_line_start(const char *t, size_t floor, size_t pos)
{
    while (pos > floor && (t[pos - 1] == ' ' || t[pos - 1] == '\t'))
        pos--;
    return pos == floor || t[pos - 1] == '\n';
}

asn1_err pem_parse(const char *text, size_t len, bool eof, size_t line0, pem_block *b, asn1_diag *d)
{
    memset(b, 0, sizeof *b);
    b->headers = "";
    b->line = line0;
    b->body_line = line0 + 1;
    d->code = ASN1_OK;

    /* -----BEGIN label----- */
    size_t le = line_end(text, len, 0);
    if (le == len && !eof)
        return ASN1_E_TRUNCATED;
    size_t next = le < len ? le + 1 : len;
    size_t lt = rtrim(text, 0, le);
    b->end = next;
    if (lt < sizeof BEGIN - 1 + 5 || memcmp(text, BEGIN, sizeof BEGIN - 1) != 0 ||
        memcmp(text + lt - 5, DASH5, 5) != 0)
        return fail(d, ASN1_E_VALUE, 0, "line %zu: malformed BEGIN line (no closing \"-----\")", line0);
    b->label = text + sizeof BEGIN - 1;
    b->label_len = lt - 5 - (sizeof BEGIN - 1);
    for (size_t i = 0; i < b->label_len; i++)
        if ((unsigned char)b->label[i] < 0x20 || b->label[i] == 0x7f)
            return fail(d, ASN1_E_VALUE, 0, "line %zu: control character in the BEGIN label", line0);
    if (b->label_len > PEM_LABEL_MAX)
        return fail(d, ASN1_E_LIMIT, 0, "line %zu: BEGIN label longer than %d characters", line0,
                    PEM_LABEL_MAX);
    char lab[64];
    show(lab, sizeof lab, b->label, b->label_len);

    /* Optional RFC 1421 headers: "Name: value" lines (and continuations) up to a blank line. */
    size_t pos = next, body = next;
    size_t fe = line_end(text, len, pos);
    if (fe == len && !eof)
        return ASN1_E_TRUNCATED;
    if (pos < len && memchr(text + pos, ':', fe - pos) && !(len - pos >= 5 && memcmp(text + pos, DASH5, 5) == 0)) {
        size_t hstart = pos, hend = pos;
        for (;;) {
            size_t e = line_end(text, len, pos);
            if (e == len && !eof)
                return ASN1_E_TRUNCATED;
            size_t s = ltrim(text, pos, e);
            if (s == e) {                               /* the blank line */
                hend = pos;
                body = e < len ? e + 1 : len;
                break;
            }
            bool cont = text[pos] == ' ' || text[pos] == '\t';
            if (e - s >= 5 && memcmp(text + s, DASH5, 5) == 0) {
                hend = pos;                             /* END right after the headers */
                body = pos;
                break;
            }
            if (!cont && !memchr(text + pos, ':', e - pos)) {
                hend = pos;                             /* no blank line: the body starts here */
                body = pos;
                break;
            }
            if (e == len) {
                hend = len;
                body = len;
                break;
            }
            pos = e + 1;
        }
        b->headers = text + hstart;
        b->headers_len = hend - hstart;
        b->body_line = line0 + 1 + count_nl(text + hstart, body - hstart);
    }
    b->body = text + body;

    /* The body runs to the END line.  Base64 has no '-', so look for dashes. */
    size_t at = body;
    for (;;) {
        const char *p = at < len ? memchr(text + at, '-', len - at) : NULL;
        if (!p) {
            if (!eof)
                return ASN1_E_TRUNCATED;
            b->body_len = len - body;
            b->end = len;
            return fail(d, ASN1_E_MISSING, 0, "line %zu: BEGIN %s has no END line", line0, lab);
        }
        size_t q = (size_t)(p - text);
        if (!at_line_start(text, body, q)) {
            at = q + 1;
            continue;
        }
        if (len - q < sizeof BEGIN - 1 && !eof)
            return ASN1_E_TRUNCATED;
        if (len - q >= sizeof BEGIN - 1 && memcmp(text + q, BEGIN, sizeof BEGIN - 1) == 0) {
            size_t l2 = line0 + 1 + count_nl(text + next, q - next);
            b->body_len = q - body;
            b->end = q;
            return fail(d, ASN1_E_MISSING, 0, "line %zu: BEGIN %s has no END line (a new BEGIN at line %zu)",
                        line0, lab, l2);
        }
        if (len - q >= sizeof END - 1 && memcmp(text + q, END, sizeof END - 1) == 0) {
            size_t e = line_end(text, len, q);
            if (e == len && !eof)
                return ASN1_E_TRUNCATED;
            size_t et = rtrim(text, q, e);
            size_t l2 = line0 + 1 + count_nl(text + next, q - next);
            b->body_len = q - body;
            b->end = e < len ? e + 1 : len;
            while (b->body_len > 0 && (text[body + b->body_len - 1] == ' ' || text[body + b->body_len - 1] == '\t'))
                b->body_len--;
            if (et - q < sizeof END - 1 + 5 || memcmp(text + et - 5, DASH5, 5) != 0)
                return fail(d, ASN1_E_VALUE, q, "line %zu: malformed END line (no closing \"-----\")", l2);
            const char *el = text + q + sizeof END - 1;
            size_t elen = et - 5 - (q + sizeof END - 1);
            if (elen != b->label_len || memcmp(el, b->label, elen) != 0) {
                char lab2[64];
                show(lab2, sizeof lab2, el, elen);
                return fail(d, ASN1_E_VALUE, q, "BEGIN %s (line %zu) closed by END %s (line %zu)", lab,
                            line0, lab2, l2);
            }
            return ASN1_OK;
        }
        at = q + 1;       /* a dash line that is neither: base64 decoding will name it */
    }
}

asn1_err pem_decode(const pem_block *b, buf_t *out, asn1_diag *d)
{
    if (!buf_reserve(out, b64_decoded_max(b->body_len))) {
        fail(d, ASN1_E_NOMEM, 0, "out of memory decoding a PEM block of %zu bytes", b->body_len);
        return ASN1_E_NOMEM;
    }
    size_t n = 0, pos = 0;
    const char *why = NULL;
    asn1_err e = b64_decode(b->body, b->body_len, (uint8_t *)out->p + out->len, &n, &pos, &why);
    if (e == ASN1_OK) {
        out->len += n;
        return ASN1_OK;
    }
    size_t line = b->body_line + count_nl(b->body, pos < b->body_len ? pos : b->body_len);
    if (pos >= b->body_len)
        return fail(d, e, pos, "line %zu: %s", line, why);
    unsigned char c = (unsigned char)b->body[pos];
    const char *ls = pos ? memrchr(b->body, '\n', pos) : NULL;
    size_t col = ls ? (size_t)(b->body + pos - ls) : pos + 1;
    if (c >= 0x21 && c < 0x7f)
        return fail(d, e, pos, "line %zu, column %zu: %s '%c'", line, col, why, c);
    return fail(d, e, pos, "line %zu, column %zu: %s (byte 0x%02x)", line, col, why, c);
}

void pem_reader_init(pem_reader *r, const char *text, size_t len)
{
    r->text = text;
    r->len = len;
    r->pos = 0;
    r->line = 1;
    r->block = 0;
}

asn1_err pem_reader_next(pem_reader *r, pem_block *b, asn1_diag *d)
{
    size_t at = pem_find_begin(r->text, r->len, r->pos);
    if (at >= r->len) {
        r->line += count_nl(r->text + r->pos, r->len - r->pos);
        r->pos = r->len;
        return ASN1_E_NOTFOUND;
    }
    r->line += count_nl(r->text + r->pos, at - r->pos);
    r->block++;
    asn1_err e = pem_parse(r->text + at, r->len - at, true, r->line, b, d);
    b->begin += at;
    d->offset += at;
    r->line += count_nl(r->text + at, b->end);
    b->end += at;
    r->pos = b->end;
    return e;
}

size_t pem_write_len(size_t label_len, size_t n)
{
    return (sizeof BEGIN - 1) + label_len + 6 + b64_lines_len(n) + (sizeof END - 1) + label_len + 6;
}

void pem_write(buf_t *out, const char *label, size_t label_len, const char *headers,
               size_t headers_len, const uint8_t *der, size_t n)
{
    if (!buf_reserve(out, pem_write_len(label_len, n) + headers_len + 2))
        return;
    char *o = out->p + out->len;
    memcpy(o, BEGIN, sizeof BEGIN - 1);
    o += sizeof BEGIN - 1;
    memcpy(o, label, label_len);
    o += label_len;
    memcpy(o, "-----\n", 6);
    o += 6;
    if (headers_len) {
        size_t pos = 0;
        while (pos < headers_len) {
            size_t e = line_end(headers, headers_len, pos);
            size_t t = rtrim(headers, pos, e);
            if (t > pos) {
                memcpy(o, headers + pos, t - pos);
                o += t - pos;
                *o++ = '\n';
            }
            pos = e + 1;
        }
        *o++ = '\n';
    }
    o += b64_encode_lines(der, n, o);
    memcpy(o, END, sizeof END - 1);
    o += sizeof END - 1;
    memcpy(o, label, label_len);
    o += label_len;
    memcpy(o, "-----\n", 6);
    o += 6;
    out->len = (size_t)(o - out->p);
}

const char *pem_label_alias(const char *label, size_t len)
{
    static const struct {
        const char *alias, *label;
    } tab[] = {
        { "X509 CERTIFICATE", "CERTIFICATE" },
        { "X.509 CERTIFICATE", "CERTIFICATE" },
        { "NEW CERTIFICATE REQUEST", "CERTIFICATE REQUEST" },
        { "CRL", "X509 CRL" },
        { "PKCS #7 SIGNED DATA", "PKCS7" },
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strlen(tab[i].alias) == len && memcmp(tab[i].alias, label, len) == 0)
            return tab[i].label;
    return NULL;
}

bool pem_header_get(const char *h, size_t hlen, const char *name, const char **val, size_t *vlen)
{
    size_t nl = strlen(name), pos = 0;
    while (pos < hlen) {
        size_t e = line_end(h, hlen, pos);
        if (e - pos > nl && h[pos + nl] == ':' && strncasecmp(h + pos, name, nl) == 0) {
            size_t vs = ltrim(h, pos + nl + 1, e);
            size_t ve = rtrim(h, vs, e);
            /* continuation lines start with a blank */
            while (e < hlen && e + 1 < hlen && (h[e + 1] == ' ' || h[e + 1] == '\t')) {
                e = line_end(h, hlen, e + 1);
                ve = rtrim(h, vs, e);
            }
            *val = h + vs;
            *vlen = ve - vs;
            return true;
        }
        pos = e + 1;
    }
    return false;
}

/* ------------------------------------------------ one binary object as text */

asn1_err pem_text_object(const char *text, size_t len, buf_t *out, asn1_diag *d)
{
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        i = 3;                                  /* a UTF-8 byte order mark */
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    if (i >= len || (uint8_t)text[i] == 0x30)
        return ASN1_E_NOTFOUND;                 /* empty, or DER already */
    memset(d, 0, sizeof *d);
    if (pem_find_begin(text, len, 0) < len) {
        pem_reader r;
        pem_block b;
        pem_reader_init(&r, text, len);
        asn1_err e = pem_reader_next(&r, &b, d);
        if (e == ASN1_OK)
            e = pem_decode(&b, out, d);
        return e;
    }
    /* base64 of the whole object, wrapped or not (what PowerShell's ToBase64String and
     * key-vault downloads give) */
    for (size_t k = i; k < len; k++) {
        unsigned char c = (unsigned char)text[k];
        if (!(isalnum(c) || c == '+' || c == '/' || c == '=' || c == ' ' || c == '\t' || c == '\r' || c == '\n'))
            return ASN1_E_NOTFOUND;
    }
    if (!buf_reserve(out, b64_decoded_max(len - i)))
        return ASN1_E_NOMEM;
    size_t outlen = 0, errpos = 0;
    const char *why = "";
    asn1_err e = b64_decode(text + i, len - i, (uint8_t *)out->p + out->len, &outlen, &errpos, &why);
    if (e != ASN1_OK) {
        d->code = e;
        d->offset = i + errpos;
        snprintf(d->msg, sizeof d->msg, "base64 text: %s at byte %zu", why, i + errpos);
        return e;
    }
    out->len += outlen;
    return ASN1_OK;
}
