/*
 * json.c - a JSON writer into a buf_t (RFC 8259).  Commas come from a small stack:
 * first[d] is true until the first value or key at nesting level d is written.
 * Strings are escaped: '"' and '\\', \b \t \n \f \r as such (RFC 8259 7), the
 * other control characters (and DEL) as \u00XX, '/' as is; valid UTF-8 passes
 * through; each maximal ill-formed subsequence of bytes becomes one U+FFFD.  Nesting
 * deeper than the stack latches the error in the buffer (out->oom), as every other
 * write failure does.
 */
#include "asn1/asn1.h"
#include "asn1/utf8.h"

#include <string.h>

#define JSON_MAX_DEPTH ((unsigned)(sizeof ((json_t *)0)->first / sizeof(bool)))

void json_init(json_t *j, buf_t *out)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    j->first[0] = true;
}

/* Room for n more bytes: the common case inline, growth through buf_reserve. */
static inline bool room(buf_t *b, size_t n)
{
    return (!b->oom && n < b->cap - b->len) || buf_reserve(b, n);
}

/* Whether the next value (or key) at the current level needs a comma before it; the
 * level's state moves on. */
static inline bool comma_due(json_t *j)
{
    if (j->after_key) {
        j->after_key = false;
        return false;
    }
    if (j->depth == 0 || j->depth >= JSON_MAX_DEPTH)
        return false;
    bool c = !j->first[j->depth];
    j->first[j->depth] = false;
    return c;
}

/* The separator before a value (or a key) at the current level. */
static void sep(json_t *j)
{
    if (comma_due(j))
        buf_putc(j->out, ',');
}

static void nest_open(json_t *j, char ch)
{
    bool comma = comma_due(j);
    if (room(j->out, 2)) {
        char *o = j->out->p + j->out->len;
        if (comma)
            *o++ = ',';
        *o++ = ch;
        j->out->len = (size_t)(o - j->out->p);
    }
    j->depth++;
    if (j->depth >= JSON_MAX_DEPTH)
        j->out->oom = true;
    else
        j->first[j->depth] = true;
}

static void nest_close(json_t *j, char ch)
{
    if (j->depth == 0) {
        j->out->oom = true;             /* unbalanced: latch */
        return;
    }
    j->depth--;
    j->after_key = false;
    if (room(j->out, 1))
        j->out->p[j->out->len++] = ch;
}

void json_obj_begin(json_t *j) { nest_open(j, '{'); }
void json_obj_end(json_t *j) { nest_close(j, '}'); }
void json_arr_begin(json_t *j) { nest_open(j, '['); }
void json_arr_end(json_t *j) { nest_close(j, ']'); }

/* Bytes that need no escaping: printable ASCII except '"' and '\\' (a table: one load
 * per byte in the copy loops). */
static const uint8_t plain_tab[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static inline bool plain(uint8_t c)
{
    return plain_tab[c] != 0;
}

/* The escaping of p[0..n), run by run: the slow path, from the first byte that is not plain. */
static void escape_rest(buf_t *out, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    size_t i = 0;
    while (i < n) {
        /* fast path: a run of plain bytes is copied at once */
        size_t j = i;
        while (j < n && plain(p[j]))
            j++;
        if (j > i) {
            buf_put(out, p + i, j - i);
            i = j;
            if (i == n)
                break;
        }
        uint8_t c = p[i];
        if (c == '"' || c == '\\') {
            char e[2] = { '\\', (char)c };
            buf_put(out, e, 2);
            i++;
        } else if (c < 0x80) {
            /* RFC 8259 7: the two-character escapes where there is one, else \u00XX */
            static const char short_esc[0x20] = {
                ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r',
            };
            if (c < 0x20 && short_esc[c]) {
                char e[2] = { '\\', short_esc[c] };
                buf_put(out, e, 2);
            } else {
                char e[6] = { '\\', 'u', '0', '0', hx[c >> 4], hx[c & 15] };
                buf_put(out, e, 6);
            }
            i++;
        } else {
            uint32_t cp;
            enum utf8_why why;
            int k = utf8_decode1(p + i, n - i, &cp, &why);
            if (k > 0) {
                buf_put(out, p + i, (size_t)k);
                i += (size_t)k;
            } else {
                buf_put(out, "\xef\xbf\xbd", 3);
                i += (size_t)-k;
            }
        }
    }
}

/* Eight bytes with none that needs escaping (none below 0x20, none of 0x7f and up,
 * no '"', no '\\'): the word tests of "Bit Twiddling Hacks" (hasless, haszero). */
static inline bool plain8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = w ^ 0x2222222222222222ull, b = w ^ 0x5c5c5c5c5c5c5c5cull;
    uint64_t bad = ((w - 0x20 * ones) & ~w) | ((w + ones) | w) | ((q - ones) & ~q) | ((b - ones) & ~b);
    return (bad & high) == 0;
}

/* Copies the plain prefix of p[0..n) to o (room for n bytes); returns its length. */
static inline size_t copy_plain(char *o, const uint8_t *p, size_t n)
{
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (!plain8(w))
            break;
        memcpy(o + i, &w, 8);
    }
    while (i < n && plain(p[i])) {
        o[i] = (char)p[i];
        i++;
    }
    return i;
}

/*
 * The hot path of every string: room for the plain case reserved once, plain bytes
 * copied a word at a time; at the first byte that needs escaping the rest goes the slow way.
 * pre (0 or ',') and open ('"') come before, close (up to 2 bytes) after.
 */
static void put_string(buf_t *out, char pre, const char *s, size_t n, const char *close, size_t nclose)
{
    if (n > SIZE_MAX / 2)
        out->oom = true;
    if (!room(out, n + 2 + nclose))
        return;
    char *o = out->p + out->len;
    if (pre)
        *o++ = pre;
    *o++ = '"';
    const uint8_t *p = (const uint8_t *)s;
    size_t i = copy_plain(o, p, n);
    o += i;
    if (i == n) {
        o[0] = close[0];
        if (nclose > 1)
            o[1] = close[1];
        out->len = (size_t)(o + nclose - out->p);
        return;
    }
    out->len = (size_t)(o - out->p);
    escape_rest(out, p + i, n - i);
    buf_put(out, close, nclose);
}

void json_escape(buf_t *out, const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    if (n && room(out, n)) {
        i = copy_plain(out->p + out->len, p, n);
        out->len += i;
    }
    if (i < n)
        escape_rest(out, p + i, n - i);
}

/*
 * The fast start of a member: pre (0 or ','), then "k": with k copied while it is
 * measured (keys are short identifiers: no strlen), and room for extra more bytes.
 * Returns where the value goes, or NULL when k is long or needs escaping (or there
 * is no room): the caller then takes the long way, nothing having been written.
 */
static char *short_key(buf_t *out, char pre, const char *k, size_t extra)
{
    enum { SHORT_KEY = 48 };
    if (extra > SIZE_MAX / 2 || !room(out, SHORT_KEY + 4 + extra))
        return NULL;
    char *o = out->p + out->len;
    if (pre)
        *o++ = pre;
    *o++ = '"';
    size_t i = 0;
    while (i < SHORT_KEY && plain((uint8_t)k[i])) {         /* NUL is not plain */
        o[i] = k[i];
        i++;
    }
    if (k[i] != '\0')
        return NULL;
    o += i;
    *o++ = '"';
    *o++ = ':';
    return o;
}

void json_key(json_t *j, const char *k)
{
    char pre = comma_due(j) ? ',' : 0;
    char *o = short_key(j->out, pre, k, 0);
    j->after_key = true;
    if (o)
        j->out->len = (size_t)(o - j->out->p);
    else
        put_string(j->out, pre, k, strlen(k), "\":", 2);
}

void json_kstrn(json_t *j, const char *k, const char *s, size_t n)
{
    /* "key":"value" with one reservation, the value copied a word at a time */
    char pre = comma_due(j) ? ',' : 0;
    buf_t *out = j->out;
    char *o = short_key(out, pre, k, n + 2);
    if (!o) {
        put_string(out, pre, k, strlen(k), "\":", 2);
        put_string(out, 0, s, n, "\"", 1);
        return;
    }
    *o++ = '"';
    size_t m = copy_plain(o, (const uint8_t *)s, n);
    o += m;
    if (m == n) {
        *o++ = '"';
        out->len = (size_t)(o - out->p);
        return;
    }
    out->len = (size_t)(o - out->p);
    escape_rest(out, (const uint8_t *)s + m, n - m);
    buf_putc(out, '"');
}

void json_strn(json_t *j, const char *s, size_t n)
{
    put_string(j->out, comma_due(j) ? ',' : 0, s, n, "\"", 1);
}

void json_str(json_t *j, const char *s)
{
    if (!s) {
        json_null(j);
        return;
    }
    json_strn(j, s, strlen(s));
}

void json_int(json_t *j, int64_t v)
{
    sep(j);
    buf_i64(j->out, v);
}

void json_uint(json_t *j, uint64_t v)
{
    sep(j);
    buf_u64(j->out, v);
}

void json_bool(json_t *j, bool v)
{
    sep(j);
    buf_puts(j->out, v ? "true" : "false");
}

void json_null(json_t *j)
{
    sep(j);
    buf_puts(j->out, "null");
}

void json_hex(json_t *j, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    bool comma = comma_due(j);
    if (n > (SIZE_MAX - 3) / 2)
        j->out->oom = true;
    if (!room(j->out, 2 * n + 3))
        return;
    char *o = j->out->p + j->out->len;
    if (comma)
        *o++ = ',';
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        *o++ = hx[p[i] >> 4];
        *o++ = hx[p[i] & 15];
    }
    *o++ = '"';
    j->out->len = (size_t)(o - j->out->p);
}

void json_raw(json_t *j, const char *s, size_t n)
{
    sep(j);
    buf_put(j->out, s, n);
}

void json_kstr(json_t *j, const char *k, const char *v)
{
    json_key(j, k);
    json_str(j, v);
}

void json_kint(json_t *j, const char *k, int64_t v)
{
    json_key(j, k);
    json_int(j, v);
}

void json_kbool(json_t *j, const char *k, bool v)
{
    json_key(j, k);
    json_bool(j, v);
}

void json_knull(json_t *j, const char *k)
{
    json_key(j, k);
    json_null(j);
}

void json_khex(json_t *j, const char *k, const uint8_t *p, size_t n)
{
    json_key(j, k);
    json_hex(j, p, n);
}
