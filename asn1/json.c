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

/* The separator before a value (or a key) at the current level. */
static void sep(json_t *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth == 0 || j->depth >= JSON_MAX_DEPTH)
        return;
    if (!j->first[j->depth])
        buf_putc(j->out, ',');
    j->first[j->depth] = false;
}

static void nest_open(json_t *j, char ch)
{
    sep(j);
    buf_putc(j->out, ch);
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
    buf_putc(j->out, ch);
}

void json_obj_begin(json_t *j) { nest_open(j, '{'); }
void json_obj_end(json_t *j) { nest_close(j, '}'); }
void json_arr_begin(json_t *j) { nest_open(j, '['); }
void json_arr_end(json_t *j) { nest_close(j, ']'); }

/* Bytes that need no escaping: printable ASCII except '"' and '\\'. */
static inline bool plain(uint8_t c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void json_escape(buf_t *out, const char *s, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    const uint8_t *p = (const uint8_t *)s;
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

void json_key(json_t *j, const char *k)
{
    sep(j);
    buf_putc(j->out, '"');
    json_escape(j->out, k, strlen(k));
    buf_put(j->out, "\":", 2);
    j->after_key = true;
}

void json_strn(json_t *j, const char *s, size_t n)
{
    sep(j);
    buf_putc(j->out, '"');
    json_escape(j->out, s, n);
    buf_putc(j->out, '"');
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
    sep(j);
    buf_putc(j->out, '"');
    buf_hex(j->out, p, n, NULL);
    buf_putc(j->out, '"');
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
