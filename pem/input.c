/*
 * input.c - the input iterator: a file or standard input, its encoding detected
 * (PEM with any text around the blocks; DER, one element or several concatenated,
 * BER indefinite lengths included; one base64 DER object per line), and its objects
 * yielded one at a time.
 *
 * Streaming: the bytes live in one refillable window buf[start..end) filled by
 * read(2) in large chunks; consumed bytes are dropped by compaction, and the window
 * grows only when one object (or one PEM block, or one base64 line) needs it, up to
 * the object limit.  A pipe of 100,000 certificates runs in constant memory.
 * mmap(2) was tried and measured: on a 106 MB bundle its page faults cost as much CPU
 * as read(2)'s copy (52.6 against 51.0 ms), and a file truncated while mapped would
 * kill the tool with SIGBUS, so files are read.
 */
#include "pem/pem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_READ_SIZE (1u << 20)
#define SNIFF_BYTES 4096u

static const char BEGIN_PFX[] = "-----BEGIN ";

/* ------------------------------------------------------------- framing */

typedef struct hdr {
    size_t hl;          /* header length */
    bool cons;
    bool indef;
    bool eoc;           /* universal tag 0 */
    uint64_t len;
} hdr_t;

#define LEN_LIMIT (UINT64_C(1) << 62)

/* One tag + length header.  TRUNCATED when n bytes do not hold it all. */
static asn1_err read_hdr(const uint8_t *p, size_t n, hdr_t *h, const char **why)
{
    if (n < 1)
        return ASN1_E_TRUNCATED;
    size_t i = 1;
    h->cons = (p[0] & 0x20) != 0;
    h->eoc = p[0] == 0;
    if ((p[0] & 0x1f) == 0x1f) {
        unsigned k = 0;
        uint8_t c;
        do {
            if (i >= n)
                return ASN1_E_TRUNCATED;
            c = p[i++];
            if (++k > 5) {
                *why = "tag number too large";
                return ASN1_E_BAD_TAG;
            }
        } while (c & 0x80);
    }
    if (i >= n)
        return ASN1_E_TRUNCATED;
    uint8_t l = p[i++];
    h->indef = false;
    if (l < 0x80) {
        h->len = l;
    } else if (l == 0x80) {
        if (!h->cons) {
            *why = "indefinite length on a primitive element";
            return ASN1_E_BAD_LENGTH;
        }
        h->indef = true;
        h->len = 0;
    } else if (l == 0xff) {
        *why = "reserved length octet 0xff";
        return ASN1_E_BAD_LENGTH;
    } else {
        unsigned k = l & 0x7f;
        if (k > 8) {
            *why = "length of more than 8 octets";
            return ASN1_E_BAD_LENGTH;
        }
        if (n - i < k)
            return ASN1_E_TRUNCATED;
        uint64_t v = 0;
        for (unsigned j = 0; j < k; j++)
            v = v << 8 | p[i + j];
        i += k;
        if (v >= LEN_LIMIT) {
            *why = "length over 2^62";
            return ASN1_E_LIMIT;
        }
        h->len = v;
    }
    h->hl = i;
    return ASN1_OK;
}

asn1_err ber_frame(const uint8_t *p, size_t n, unsigned max_depth, uint64_t *total, const char **why)
{
    hdr_t h;
    *total = 0;
    asn1_err e = read_hdr(p, n, &h, why);
    if (e != ASN1_OK)
        return e;
    if (h.eoc) {
        *why = "end-of-contents octets where an element should start";
        return ASN1_E_BAD_TAG;
    }
    if (!h.indef) {
        *total = h.hl + h.len;
        return *total <= n ? ASN1_OK : ASN1_E_TRUNCATED;
    }
    /* Indefinite: follow the elements to the matching end-of-contents. */
    uint64_t pos = h.hl;
    unsigned level = 1;
    if (max_depth == 0)
        max_depth = ASN1_DEFAULT_MAX_DEPTH;
    while (level > 0) {
        if (pos >= n)
            return ASN1_E_TRUNCATED;
        e = read_hdr(p + pos, n - (size_t)pos, &h, why);
        if (e != ASN1_OK)
            return e;
        if (h.eoc) {
            if (h.len != 0 || h.cons || h.indef) {
                *why = "malformed end-of-contents octets";
                return ASN1_E_BAD_LENGTH;
            }
            level--;
            pos += h.hl;
        } else if (h.indef) {
            if (++level > max_depth) {
                *why = "indefinite-length nesting deeper than the limit";
                return ASN1_E_DEPTH;
            }
            pos += h.hl;
        } else {
            pos += h.hl + h.len;
            if (pos >= LEN_LIMIT) {
                *why = "length over 2^62";
                return ASN1_E_LIMIT;
            }
        }
    }
    if (pos > n)
        return ASN1_E_TRUNCATED;
    *total = pos;
    return ASN1_OK;
}

/* ------------------------------------------------------------ the window */

static in_status fatal(input_t *in, int err, const char *what)
{
    in->sys_errno = err;
    in->err.d.code = ASN1_E_LIMIT;
    in->err.d.offset = 0;
    in->err.d.path[0] = '\0';
    snprintf(in->err.d.msg, sizeof in->err.d.msg, "%s: %s", what, strerror(err));
    in->done = true;
    return IN_FATAL;
}

static void set_err(input_t *in, asn1_err code, const char *fmt, ...) CK_PRINTF(3, 4);
static void set_err(input_t *in, asn1_err code, const char *fmt, ...)
{
    va_list ap;
    in->err.d.code = code;
    in->err.d.offset = (size_t)in->err.pos.offset;
    in->err.d.path[0] = '\0';
    va_start(ap, fmt);
    vsnprintf(in->err.d.msg, sizeof in->err.d.msg, fmt, ap);
    va_end(ap);
}

static size_t avail(const input_t *in)
{
    return in->end - in->start;
}

/* The largest window the current form may need. */
static size_t window_limit(const input_t *in)
{
    size_t m = in->max_object;
    if (in->form == IN_FORM_DER)
        return m;
    /* base64 of m bytes, line breaks (CRLF at 64 columns), headers and blanks */
    return m / 3 * 4 + m / 24 + (1u << 20);
}

/*
 * Reads until the window holds `want` bytes or the input ends.  Grows the buffer
 * (compacting first) as needed.  Returns errno on a read failure or ENOMEM, else 0.
 */
static int fill(input_t *in, size_t want)
{
    while (avail(in) < want && !in->eof) {
        if (in->cap - in->end < in->read_size || in->cap - in->start < want) {
            if (in->start > 0) {
                size_t n = avail(in);
                memmove(in->buf, in->buf + in->start, n);
                in->file_off += in->start;
                in->start = 0;
                in->end = n;
            }
            size_t need = (want > in->end ? want : in->end) + in->read_size;
            if (need > in->cap) {
                size_t nc = in->cap ? in->cap : in->read_size;
                while (nc < need)
                    nc = nc > SIZE_MAX / 2 ? need : nc * 2;
                uint8_t *nb = realloc(in->buf, nc);
                if (!nb)
                    return ENOMEM;
                in->buf = nb;
                in->cap = nc;
            }
        }
        size_t room = in->cap - in->end;
        if (room > in->read_size)
            room = in->read_size;
        ssize_t r = read(in->fd, in->buf + in->end, room);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (r == 0)
            in->eof = true;
        in->end += (size_t)r;
    }
    return 0;
}

/* Drops n window bytes, counting their lines. */
static void consume(input_t *in, size_t n, bool text)
{
    if (text)
        in->line += text_count_nl(in->buf + in->start, n);
    in->start += n;
}

/* ------------------------------------------------------------ detection */

static bool is_b64_char(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=';
}

static bool is_blank(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Does the line p[0..n) (blanks trimmed) decode to exactly one DER SEQUENCE? */
static bool line_is_b64_der(input_t *in, const uint8_t *p, size_t n)
{
    while (n && is_blank(p[n - 1]))
        n--;
    while (n && is_blank(*p))
        p++, n--;
    if (n < 4 || p[0] != 'M')            /* 0x30 encodes to 'M' */
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_b64_char(p[i]))
            return false;
    buf_reset(&in->dec);
    if (!buf_reserve(&in->dec, b64_decoded_max(n)))
        return false;
    size_t dl, ep;
    const char *why;
    if (b64_decode((const char *)p, n, (uint8_t *)in->dec.p, &dl, &ep, &why) != ASN1_OK)
        return false;
    uint64_t total;
    return ber_frame((const uint8_t *)in->dec.p, dl, in->max_depth, &total, &why) == ASN1_OK &&
           total == dl && (uint8_t)in->dec.p[0] == 0x30;
}

/* Picks the form from the first bytes.  Returns 0 or an errno. */
static int detect(input_t *in)
{
    int err = fill(in, SNIFF_BYTES);
    if (err)
        return err;
    const uint8_t *p = in->buf + in->start;
    size_t n = avail(in);
    in->foreign = input_foreign(p, n);
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        in->form = IN_FORM_PEM;                  /* a UTF-8 byte order mark: text */
        consume(in, 3, false);
        p += 3;
        n -= 3;
    } else if (n == 0 || p[0] == 0x30) {
        in->form = IN_FORM_DER;
        return 0;
    }
    /* A first byte that cannot start UTF-8 text (a DER tag such as [0] is 0xa0). */
    if (p[0] >= 0x80) {
        size_t k = p[0] >= 0xf0 ? 3 : p[0] >= 0xe0 ? 2 : 1;
        bool utf8 = p[0] >= 0xc2 && p[0] <= 0xf4 && n > k;
        for (size_t j = 1; utf8 && j <= k; j++)
            utf8 = (p[j] & 0xc0) == 0x80;
        if (!utf8) {
            in->form = IN_FORM_DER;
            return 0;
        }
    }
    /* Text has no control bytes other than whitespace in its first bytes -- unless a
     * BEGIN line starts in them: then it is PEM with a stray control byte (a NUL in the
     * body, binary junk in a header), reported on its line rather than read as DER. */
    size_t look = n < 512 ? n : 512;
    for (size_t i = 0; i < look; i++) {
        uint8_t c = p[i];
        if (c < 0x20 && c != '\n' && !is_blank(c)) {
            in->form = IN_FORM_DER;
            for (size_t j = 0; j + 11 <= look; j++)
                if ((j == 0 || p[j - 1] == '\n') && memcmp(p + j, "-----BEGIN ", 11) == 0)
                    in->form = IN_FORM_PEM;
            return 0;
        }
    }
    /* The first non-blank line: base64 of one DER SEQUENCE means base64 lines. */
    size_t i = 0;
    while (i < n && (p[i] == '\n' || is_blank(p[i])))
        i++;
    in->form = IN_FORM_PEM;
    if (i < n && p[i] == 'M') {
        size_t off = i;
        const uint8_t *nl;
        size_t lim = window_limit(in);
        while (!(nl = memchr(in->buf + in->start + off, '\n', (avail(in) < lim ? avail(in) : lim) - off)) &&
               !in->eof && avail(in) < lim) {
            if ((err = fill(in, avail(in) * 2)))
                return err;
        }
        p = in->buf + in->start;
        size_t le = nl ? (size_t)(nl - p) : (avail(in) < lim ? avail(in) : lim);
        if (line_is_b64_der(in, p + off, le - off))
            in->form = IN_FORM_B64;
    }
    return 0;
}

/* ------------------------------------------------------------------ DER */

static in_status next_der(input_t *in)
{
    int err;
    while (in->skip) {
        if (avail(in) == 0) {
            if ((err = fill(in, 1)))
                return fatal(in, err, "read error");
            if (avail(in) == 0) {
                in->done = true;
                return IN_END;
            }
        }
        size_t k = avail(in) < in->skip ? avail(in) : (size_t)in->skip;
        consume(in, k, false);
        in->skip -= k;
    }
    if ((err = fill(in, 16)))
        return fatal(in, err, "read error");
    if (avail(in) == 0) {
        in->done = true;
        return IN_END;
    }
    in->err.pos = (in_pos){ IN_FORM_DER, in->index, 0, 0, in->file_off + in->start };
    if (in->index == 0 && in->forced == IN_FORM_AUTO && in->foreign && in->buf[in->start] != 0x30) {
        /* a keystore or an archive: its magic may even frame as BER; say what it is */
        set_err(in, ASN1_E_TAG, "this is %s", in->foreign);
        in->done = true;
        return IN_BAD;
    }
    for (;;) {
        const uint8_t *p = in->buf + in->start;
        uint64_t total = 0;
        const char *why = "";
        /* After the first object a bundle goes on only with SEQUENCEs (every PKI object
         * is one): anything else is trailing data, even when it happens to frame. */
        /* Frame within at most max_object bytes, so that what is decided never depends
         * on how far the last read happened to go. */
        size_t view = avail(in) < in->max_object ? avail(in) : in->max_object;
        asn1_err e = in->index > 0 && p[0] != 0x30 ? ASN1_E_TAG
                                                    : ber_frame(p, view, in->max_depth, &total, &why);
        if (e == ASN1_E_TRUNCATED && view < avail(in) && !total) {
            set_err(in, ASN1_E_LIMIT, "an indefinite-length element over the limit of %zu bytes",
                    in->max_object);
            in->done = true;
            return IN_BAD;
        }
        if (e == ASN1_E_TRUNCATED && total > in->max_object) {
            set_err(in, ASN1_E_LIMIT, "an element of %llu bytes is over the limit of %zu bytes",
                    (unsigned long long)total, in->max_object);
            in->skip = total;
            in->index++;
            return IN_BAD;
        }
        if (e == ASN1_E_TRUNCATED && !in->eof) {
            size_t want = total ? (size_t)total : avail(in) * 2;
            if (!total && avail(in) >= in->max_object) {
                set_err(in, ASN1_E_LIMIT, "an indefinite-length element over the limit of %zu bytes",
                        in->max_object);
                in->done = true;
                return IN_BAD;
            }
            if (want > in->max_object)
                want = in->max_object;
            if ((err = fill(in, want)))
                return fatal(in, err, "read error");
            continue;
        }
        if (e == ASN1_OK && total > in->max_object) {
            set_err(in, ASN1_E_LIMIT, "an element of %llu bytes is over the limit of %zu bytes",
                    (unsigned long long)total, in->max_object);
            consume(in, (size_t)total, false);
            in->index++;
            return IN_BAD;
        }
        if (e == ASN1_OK) {
            in->obj.der = span_make(p, (size_t)total);
            in->obj.label = "";
            in->obj.headers = "";
            in->obj.headers_len = 0;
            in->obj.pos = in->err.pos;
            consume(in, (size_t)total, false);
            in->index++;
            return IN_OBJECT;
        }
        /* Bad or truncated at the end of the input. */
        bool seq = p[0] == 0x30;
        if (in->index > 0 && !seq) {
            /* Not an element: bytes after the last object (padding, a newline...). */
            uint64_t extra = avail(in);
            consume(in, avail(in), false);
            while (!in->eof) {
                if ((err = fill(in, in->read_size)))
                    return fatal(in, err, "read error");
                extra += avail(in);
                consume(in, avail(in), false);
            }
            set_err(in, ASN1_E_TRAILING, "%llu bytes after the last object are not DER",
                    (unsigned long long)extra);
            in->done = true;
            return IN_WARN;
        }
        if (e == ASN1_E_TRUNCATED) {
            if (total)
                set_err(in, ASN1_E_TRUNCATED,
                        "truncated: the element needs %llu bytes, the input has %zu",
                        (unsigned long long)total, avail(in));
            else
                set_err(in, ASN1_E_TRUNCATED,
                        "truncated: the input ends inside the element (%zu bytes left)", avail(in));
        } else if (in->index == 0 && in->forced == IN_FORM_AUTO && in->foreign) {
            set_err(in, e, "this is %s", in->foreign);
        } else if (in->index == 0 && in->forced == IN_FORM_AUTO) {
            set_err(in, e, "not PEM, DER or base64 (%s)", why);
        } else {
            set_err(in, e, "not DER: %s", why);
        }
        in->done = true;
        return IN_BAD;
    }
}

/* ------------------------------------------------------------------ PEM */

static in_status next_pem(input_t *in)
{
    int err;
    for (;;) {
        if (in->midline) {
            const uint8_t *nl = memchr(in->buf + in->start, '\n', avail(in));
            if (!nl) {
                consume(in, avail(in), true);
                if (in->eof)
                    break;
                if ((err = fill(in, 1)))
                    return fatal(in, err, "read error");
                continue;
            }
            consume(in, (size_t)(nl - (in->buf + in->start)) + 1, true);
            in->midline = false;
        }
        const char *w = (const char *)in->buf + in->start;
        size_t n = avail(in);
        size_t at = pem_find_begin(w, n, 0);
        if (at >= n) {
            if (in->eof) {
                consume(in, n, true);
                break;
            }
            /* Drop whole lines; keep a last partial line only if it may grow into a BEGIN. */
            const char *nl = memrchr(w, '\n', n);
            if (nl)
                consume(in, (size_t)(nl - w) + 1, true);
            w = (const char *)in->buf + in->start;
            n = avail(in);
            size_t s = 0;
            while (s < n && is_blank((uint8_t)w[s]))
                s++;
            size_t k = n - s < sizeof BEGIN_PFX - 1 ? n - s : sizeof BEGIN_PFX - 1;
            if (memcmp(w + s, BEGIN_PFX, k) != 0 || n > 4096) {
                consume(in, n, true);
                in->midline = n > 0;
            }
            if ((err = fill(in, avail(in) + 1)))
                return fatal(in, err, "read error");
            continue;
        }
        consume(in, at, true);
        w = (const char *)in->buf + in->start;
        n = avail(in);
        pem_block b;
        asn1_diag d;
        /* A block must end within the window limit, wherever the last read stopped. */
        size_t lim = window_limit(in);
        asn1_err e = pem_parse(w, n < lim ? n : lim, in->eof && n <= lim, in->line, &b, &d);
        if (e == ASN1_E_TRUNCATED) {
            if (n >= lim) {
                in->blocks++;
                in->err.pos = (in_pos){ IN_FORM_PEM, in->index, in->blocks, in->line,
                                        in->file_off + in->start };
                set_err(in, ASN1_E_LIMIT, "line %zu: PEM block larger than the limit of %zu bytes",
                        in->line, in->max_object);
                /* drop exactly the limit's worth, then the rest of that line */
                in->midline = w[lim - 1] != '\n';
                consume(in, lim, true);
                in->index++;
                return IN_BAD;
            }
            size_t want = n * 2 > lim ? lim : n * 2;
            if ((err = fill(in, want < n + 1 ? n + 1 : want)))
                return fatal(in, err, "read error");
            continue;
        }
        in->blocks++;
        in->err.pos = (in_pos){ IN_FORM_PEM, in->index, in->blocks, b.line, in->file_off + in->start };
        if (e == ASN1_OK) {
            buf_reset(&in->dec);
            e = pem_decode(&b, &in->dec, &d);
            if (e == ASN1_OK && in->dec.len > in->max_object) {
                e = ASN1_E_LIMIT;
                snprintf(d.msg, sizeof d.msg, "line %zu: the block holds %zu bytes, over the limit of %zu",
                         b.line, in->dec.len, in->max_object);
            }
        }
        if (e != ASN1_OK) {
            set_err(in, e, "%s", d.msg);
            consume(in, b.end, true);
            in->index++;
            return IN_BAD;
        }
        memcpy(in->label, b.label, b.label_len);
        in->label[b.label_len] = '\0';
        in->obj.der = span_make(in->dec.p, in->dec.len);
        in->obj.label = in->label;
        in->obj.headers = b.headers_len ? b.headers : "";
        in->obj.headers_len = b.headers_len;
        in->obj.pos = in->err.pos;
        consume(in, b.end, true);      /* the bytes stay put until the next call */
        in->index++;
        return IN_OBJECT;
    }
    in->done = true;
    if (in->blocks == 0) {
        in->err.pos = (in_pos){ IN_FORM_PEM, 0, 0, 0, 0 };
        if (in->forced == IN_FORM_AUTO && in->foreign)
            set_err(in, ASN1_E_MISSING, "this is %s", in->foreign);
        else if (in->forced == IN_FORM_PEM)
            set_err(in, ASN1_E_MISSING, "no PEM block found");
        else
            set_err(in, ASN1_E_MISSING, "no PEM block, DER or base64 object found");
        return IN_BAD;
    }
    return IN_END;
}

/* ------------------------------------------------------- base64 lines */

static in_status next_b64(input_t *in)
{
    int err;
    for (;;) {
        if ((err = fill(in, 1)))
            return fatal(in, err, "read error");
        const uint8_t *w = in->buf + in->start;
        size_t lim = window_limit(in);
        const uint8_t *nl = memchr(w, '\n', avail(in) < lim ? avail(in) : lim);
        if (!nl && (!in->eof || avail(in) > lim)) {
            if (avail(in) >= lim && in->midline) {
                consume(in, lim, true);       /* more of a line already reported */
                continue;
            }
            if (avail(in) >= lim) {
                in->err.pos = (in_pos){ IN_FORM_B64, in->index, 0, in->line, in->file_off + in->start };
                set_err(in, ASN1_E_LIMIT, "line %zu: longer than the limit of %zu bytes", in->line, lim);
                consume(in, lim, true);       /* no newline in there: the rest of the line is skipped */
                in->midline = true;
                in->index++;
                return IN_BAD;
            }
            if ((err = fill(in, avail(in) * 2 > lim ? lim : avail(in) * 2)))
                return fatal(in, err, "read error");
            continue;
        }
        if (!nl && avail(in) == 0) {
            in->done = true;
            if (in->index == 0) {
                in->err.pos = (in_pos){ IN_FORM_B64, 0, 0, 0, 0 };
                set_err(in, ASN1_E_MISSING, "no base64 object found");
                return IN_BAD;
            }
            return IN_END;
        }
        size_t le = nl ? (size_t)(nl - w) : avail(in);
        size_t lineno = in->line;
        uint64_t off = in->file_off + in->start;
        bool mid = in->midline;
        in->midline = false;
        size_t s = 0, e = le;
        while (s < e && is_blank(w[s]))
            s++;
        while (e > s && is_blank(w[e - 1]))
            e--;
        if (mid || s == e) {
            consume(in, nl ? le + 1 : le, true);
            continue;
        }
        in->err.pos = (in_pos){ IN_FORM_B64, in->index, 0, lineno, off };
        buf_reset(&in->dec);
        if (!buf_reserve(&in->dec, b64_decoded_max(e - s))) {
            consume(in, nl ? le + 1 : le, true);
            return fatal(in, ENOMEM, "decoding a base64 line");
        }
        size_t dl = 0, ep = 0;
        const char *why = "";
        asn1_err r = b64_decode((const char *)w + s, e - s, (uint8_t *)in->dec.p, &dl, &ep, &why);
        uint64_t total = 0;
        if (r != ASN1_OK) {
            if (s + ep < e && w[s + ep] >= 0x21 && w[s + ep] < 0x7f)
                set_err(in, r, "line %zu, column %zu: %s '%c'", lineno, s + ep + 1, why, w[s + ep]);
            else if (s + ep < e)
                set_err(in, r, "line %zu, column %zu: %s (byte 0x%02x)", lineno, s + ep + 1, why, w[s + ep]);
            else
                set_err(in, r, "line %zu: %s", lineno, why);
        } else if ((r = ber_frame((const uint8_t *)in->dec.p, dl, in->max_depth, &total, &why)) != ASN1_OK ||
                   total != dl) {
            if (r == ASN1_OK)
                r = ASN1_E_TRAILING;
            set_err(in, r, "line %zu: the base64 does not decode to one DER object (%s)", lineno,
                    r == ASN1_E_TRAILING ? "bytes after its end" : r == ASN1_E_TRUNCATED ? "truncated" : why);
        }
        consume(in, nl ? le + 1 : le, true);
        in->index++;
        if (r != ASN1_OK)
            return IN_BAD;
        in->dec.len = dl;
        in->obj.der = span_make(in->dec.p, dl);
        in->obj.label = "";
        in->obj.headers = "";
        in->obj.headers_len = 0;
        in->obj.pos = in->err.pos;
        return IN_OBJECT;
    }
}

/* ---------------------------------------------------------------- API */

bool in_form_parse(const char *s, in_form *f)
{
    if (strcmp(s, "pem") == 0 || strcmp(s, "PEM") == 0)
        *f = IN_FORM_PEM;
    else if (strcmp(s, "der") == 0 || strcmp(s, "DER") == 0)
        *f = IN_FORM_DER;
    else if (strcmp(s, "b64") == 0 || strcmp(s, "base64") == 0)
        *f = IN_FORM_B64;
    else
        return false;
    return true;
}

/* ------------------------------------------------------ foreign formats */

static bool starts(const uint8_t *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(p, prefix, k) == 0;
}

const char *input_foreign(const uint8_t *p, size_t n)
{
    static const struct {
        const char *magic;
        const char *what;
    } tab[] = {
        { "\xfe\xed\xfe\xed", "a Java KeyStore (JKS), not PKCS#12; keytool -importkeystore -srckeystore FILE "
                            "-destkeystore FILE.p12 -deststoretype pkcs12 converts it (then pfxsplit)" },
        { "\xce\xce\xce\xce", "a Java JCEKS keystore, not PKCS#12; keytool -importkeystore -srckeystore FILE "
                            "-srcstoretype jceks -destkeystore FILE.p12 -deststoretype pkcs12 converts it" },
        { "PuTTY-User-Key-File-", "a PuTTY private key (.ppk); puttygen FILE -O private-openssh -o KEY.pem "
                                  "writes one certkit reads" },
        { "---- BEGIN SSH2 PUBLIC KEY", "an SSH2 (RFC 4716) public key; ssh-keygen -i -f FILE > KEY.pub, then "
                                       "ssh-keygen -e -m PKCS8 -f KEY.pub writes it as a PEM public key" },
        { "ssh-rsa ", "an OpenSSH public key; ssh-keygen -e -m PKCS8 -f FILE writes it as a PEM public key" },
        { "ssh-dss ", "an OpenSSH public key; ssh-keygen -e -m PKCS8 -f FILE writes it as a PEM public key" },
        { "ssh-ed25519 ", "an OpenSSH public key; ssh-keygen -e -m PKCS8 -f FILE writes it as a PEM public key" },
        { "ecdsa-sha2-", "an OpenSSH public key; ssh-keygen -e -m PKCS8 -f FILE writes it as a PEM public key" },
        { "PK\x03\x04", "a ZIP archive; unpack it first" },
        { "\x1f\x8b", "gzip-compressed; zcat FILE | TOOL reads it" },
    };
    while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        p++;
        n--;
    }
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (starts(p, n, tab[i].magic))
            return tab[i].what;
    return NULL;
}

const char *pem_label_foreign(const char *label)
{
    if (strcmp(label, "OPENSSH PRIVATE KEY") == 0)
        return "an OpenSSH private key; ssh-keygen -p -m PKCS8 -f FILE rewrites it (in place) as PKCS#8";
    if (strncmp(label, "PGP ", 4) == 0)
        return "an OpenPGP block, not X.509 or PKCS";
    if (strcmp(label, "SSH2 ENCRYPTED PRIVATE KEY") == 0)
        return "an ssh.com private key; ssh-keygen -i -f FILE converts it";
    return NULL;
}

const char *in_form_name(in_form f)
{
    switch (f) {
    case IN_FORM_PEM: return "pem";
    case IN_FORM_DER: return "der";
    case IN_FORM_B64: return "b64";
    default: return "auto";
    }
}

void input_open_fd(input_t *in, int fd, const char *name, in_form forced)
{
    memset(in, 0, sizeof *in);
    in->fd = fd;
    in->name = name ? name : "-";
    in->forced = forced;
    in->form = forced;
    in->max_object = ASN1_DEFAULT_MAX_OBJECT;
    in->read_size = DEFAULT_READ_SIZE;
    in->max_depth = ASN1_DEFAULT_MAX_DEPTH;
    in->line = 1;
    buf_init(&in->dec);
    in->obj.label = "";
    in->obj.headers = "";
}

int input_open(input_t *in, const char *path, in_form forced)
{
    if (!path || strcmp(path, "-") == 0) {
        input_open_fd(in, 0, "-", forced);
        return 0;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return EISDIR;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    if (S_ISREG(st.st_mode))
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    input_open_fd(in, fd, path, forced);
    in->own_fd = true;
    return 0;
}

void input_set_read_size(input_t *in, size_t n)
{
    in->read_size = n ? n : 1;
}

void input_set_max_object(input_t *in, size_t n)
{
    in->max_object = n;
}

in_status input_next(input_t *in)
{
    if (in->done)
        return IN_END;
    if (!in->started) {
        in->started = true;
        int err = in->form == IN_FORM_AUTO ? detect(in) : fill(in, 1);
        if (err)
            return fatal(in, err, "read error");
        if (avail(in) == 0 && in->eof) {
            in->done = true;
            in->err.pos = (in_pos){ in->form, 0, 0, 0, 0 };
            set_err(in, ASN1_E_MISSING, "empty input");
            return IN_BAD;
        }
    }
    switch (in->form) {
    case IN_FORM_DER: return next_der(in);
    case IN_FORM_B64: return next_b64(in);
    default: return next_pem(in);
    }
}

void input_close(input_t *in)
{
    free(in->buf);
    in->buf = NULL;
    buf_free(&in->dec);
    if (in->own_fd && in->fd >= 0)
        close(in->fd);
    in->fd = -1;
    in->own_fd = false;
}
