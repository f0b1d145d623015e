/*
 * sink.c - the value sink: the JSON backend (over json_t), the indented text
 * backend, the NULL-safe sink_* wrappers, and the describers shared by every
 * printer (names, algorithms, times, OIDs, public keys).
 *
 * Hot path (100,000 certificates a second): no printf, no allocation after
 * warm-up; strings are built in per-thread scratch buffers (x509_scratch_push).
 *
 * Text layout (see x509.h): "Label: value" lines; a named container is a "Label:"
 * line with its contents 4 spaces deeper; an unnamed container (an array item) adds
 * no line of its own, and when it turns out to take more than one line its first
 * line gets a "- " bullet and the following ones 2 more spaces (decided when the
 * second line comes: the bullet is inserted into the first line then).  A label of
 * "" hides the value (and everything inside it) from the text.
 */
#include "x509/ext_impl.h"

#include <string.h>

/* ================================================================ scratch */

#define SCRATCH_DEPTH 16
static _Thread_local buf_t scratch_bufs[SCRATCH_DEPTH];
static _Thread_local unsigned scratch_top;

buf_t *x509_scratch_push(void)
{
    if (scratch_top >= SCRATCH_DEPTH)
        return NULL;
    buf_t *b = &scratch_bufs[scratch_top++];
    buf_reset(b);
    return b;
}

void x509_scratch_pop(void)
{
    if (scratch_top > 0)
        scratch_top--;
}

void x509_ctx_scratch(asn1_ctx *sc, const asn1_ctx *like, span_t fallback)
{
    sc->base = like ? like->base : fallback.p;
    sc->base_len = like ? like->base_len : fallback.len;
    sc->max_depth = like && like->max_depth ? like->max_depth : ASN1_DEFAULT_MAX_DEPTH;
    sc->strict = false;
    sc->ber = false;
    sc->err.code = ASN1_OK;
    sc->err.offset = 0;
    sc->err.path[0] = '\0';
    sc->err.msg[0] = '\0';
    sc->nwarn = 0;
    sc->nwarn_dropped = 0;
}

asn1_err x509_ctx_carry_error(asn1_ctx *ctx, const asn1_ctx *sc, asn1_err r)
{
    if (r != ASN1_OK && ctx && ctx->err.code == ASN1_OK) {
        if (sc->err.code != ASN1_OK)
            ctx->err = sc->err;
        else
            asn1_fail_at(ctx, 0, "", r, "%s", asn1_err_name(r));
    }
    return r;
}

/* ================================================================ JSON backend */

/* The JSON writer behind s, the key (when there is one) already written: labels are
 * for the text backend only. */
static json_t *jkey(x509_sink *s, const char *key)
{
    json_t *j = s->ctx;
    if (key)
        json_key(j, key);
    return j;
}

static void j_obj_begin(x509_sink *s, const char *key, const char *label) { json_obj_begin(jkey(s, key)); }
static void j_obj_end(x509_sink *s) { json_obj_end(s->ctx); }
static void j_arr_begin(x509_sink *s, const char *key, const char *label) { json_arr_begin(jkey(s, key)); }
static void j_arr_end(x509_sink *s) { json_arr_end(s->ctx); }
static void j_num(x509_sink *s, const char *key, const char *label, int64_t v) { json_int(jkey(s, key), v); }
static void j_bool(x509_sink *s, const char *key, const char *label, bool v) { json_bool(jkey(s, key), v); }
static void j_null(x509_sink *s, const char *key, const char *label) { json_null(jkey(s, key)); }

static void j_hex(x509_sink *s, const char *key, const char *label, const uint8_t *p, size_t n)
{
    json_hex(jkey(s, key), p, n);
}

static void j_str(x509_sink *s, const char *key, const char *label, const char *v, size_t n)
{
    json_t *j = s->ctx;
    if (key)
        json_kstrn(j, key, v ? v : "", v ? n : 0);     /* key and value in one step */
    else
        json_strn(j, v ? v : "", v ? n : 0);
}

json_t *x509_sink_json_of(const x509_sink *s)
{
    return s && s->str == j_str && s->obj_begin == j_obj_begin ? s->ctx : NULL;
}

void x509_sink_json(x509_sink *s, json_t *j)
{
    s->obj_begin = j_obj_begin;
    s->obj_end = j_obj_end;
    s->arr_begin = j_arr_begin;
    s->arr_end = j_arr_end;
    s->str = j_str;
    s->num = j_num;
    s->boolean = j_bool;
    s->null = j_null;
    s->hex = j_hex;
    s->ctx = j;
}

/* ================================================================ text backend */

#define T_LEVELS 16
enum {
    LF_HIDDEN = 1,      /* this level and everything inside is not shown */
    LF_ITEM = 2,        /* an unnamed container: no header line */
    LF_LINE1 = 4,       /* an item that has printed its first line */
    LF_BULLET = 8,      /* an item whose first line got its "- " */
};

static void spaces(buf_t *b, unsigned n)
{
    static const char sp[] = "                                                                ";
    while (n > 0) {
        unsigned k = n < sizeof sp - 1 ? n : (unsigned)(sizeof sp - 1);
        buf_put(b, sp, k);
        n -= k;
    }
}

static bool t_hidden(const x509_text_state *st)
{
    unsigned d = st->depth < T_LEVELS ? st->depth : T_LEVELS;
    return d > 0 && (st->lvl_flags[d] & LF_HIDDEN);
}

/* Starts a visible line: bullets items that reach their second line, then indents. */
static void t_line(x509_text_state *st)
{
    buf_t *b = st->out;
    unsigned top = st->depth < T_LEVELS ? st->depth : T_LEVELS;
    for (unsigned d = 1; d <= top; d++) {
        uint8_t f = st->lvl_flags[d];
        if ((f & (LF_ITEM | LF_LINE1 | LF_BULLET)) != (LF_ITEM | LF_LINE1))
            continue;
        /* second line of item d: put "- " in front of its first line */
        size_t pos = st->lvl_pos[d];
        if (pos <= b->len && buf_reserve(b, 2)) {
            memmove(b->p + pos + 2, b->p + pos, b->len - pos);
            b->p[pos] = '-';
            b->p[pos + 1] = ' ';
            b->len += 2;
            for (unsigned k = 1; k <= top; k++)
                if (k != d && st->lvl_pos[k] >= pos && (st->lvl_flags[k] & LF_LINE1))
                    st->lvl_pos[k] += 2;
        }
        st->lvl_flags[d] |= LF_BULLET;
        st->lvl_inc[d] += 2;
        st->indent += 2;
    }
    for (unsigned d = 1; d <= top; d++) {
        uint8_t f = st->lvl_flags[d];
        if ((f & (LF_ITEM | LF_LINE1)) == LF_ITEM) {
            st->lvl_flags[d] |= LF_LINE1;
            st->lvl_pos[d] = b->len + st->indent;
        }
    }
    spaces(b, st->indent);
}

/* Writes the label: the given one, or the key with '_' as ' ' and a capital first letter. */
static void t_label(buf_t *b, const char *key, const char *label)
{
    if (label) {
        buf_puts(b, label);
        return;
    }
    size_t n = strlen(key);
    if (!buf_reserve(b, n))
        return;
    char *o = b->p + b->len;
    for (size_t i = 0; i < n; i++) {
        char ch = key[i];
        if (ch == '_')
            ch = ' ';
        else if (i == 0 && ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        o[i] = ch;
    }
    b->len += n;
}

static bool is_flat(const char *label)
{
    return label && label[0] == '\x01';
}

static bool named(const char *key, const char *label)
{
    return (label && label[0] && !is_flat(label)) || (!label && key);
}

/* The common start of a scalar: false when it is hidden. */
static bool t_scalar(x509_text_state *st, const char *key, const char *label)
{
    if (t_hidden(st) || (label && !label[0]))
        return false;
    t_line(st);
    if (named(key, label)) {
        t_label(st->out, key, label);
        buf_put(st->out, ": ", 2);
    }
    return true;
}

static void t_push(x509_sink *s, const char *key, const char *label, bool arr)
{
    x509_text_state *st = s->ctx;
    bool deep = st->depth >= T_LEVELS;      /* past the tracked levels: plain nesting */
    bool hidden = t_hidden(st) || (!deep && label && !label[0]);
    bool flat = is_flat(label);
    bool item = !flat && !named(key, label);
    unsigned inc = 0;
    if (!hidden && !item && !flat) {
        t_line(st);
        t_label(st->out, key, label);
        buf_put(st->out, ":\n", 2);
        inc = 4;
    }
    st->depth++;
    if (st->depth <= T_LEVELS) {
        unsigned d = st->depth;
        st->lvl_flags[d] = (uint8_t)((hidden ? LF_HIDDEN : 0) | (item && !hidden ? LF_ITEM : 0));
        st->lvl_inc[d] = (uint8_t)inc;
        st->lvl_pos[d] = 0;
        st->in_arr[d - 1] = arr;
        st->arr_index[d - 1] = 0;
    } else if (!hidden) {
        inc = 4;
        if (item) {
            t_line(st);
            buf_put(st->out, "-\n", 2);
        }
    }
    st->indent += inc;
}

static void t_pop(x509_sink *s)
{
    x509_text_state *st = s->ctx;
    if (st->depth == 0)
        return;
    unsigned inc;
    if (st->depth <= T_LEVELS)
        inc = st->lvl_inc[st->depth];
    else
        inc = (st->lvl_flags[T_LEVELS] & LF_HIDDEN) ? 0 : 4;
    st->indent = st->indent >= inc ? st->indent - inc : 0;
    st->depth--;
}

static void t_obj_begin(x509_sink *s, const char *key, const char *label) { t_push(s, key, label, false); }
static void t_arr_begin(x509_sink *s, const char *key, const char *label) { t_push(s, key, label, true); }

/* Text values: control characters are shown as \xNN so one value stays one line. */
static void t_text(buf_t *b, const char *v, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && (uint8_t)v[j] >= 0x20 && v[j] != 0x7f)
            j++;
        buf_put(b, v + i, j - i);
        if (j < n) {
            uint8_t c = (uint8_t)v[j++];
            char e[4] = { '\\', 'x', hx[c >> 4], hx[c & 15] };
            buf_put(b, e, 4);
        }
        i = j;
    }
}

static void t_str(x509_sink *s, const char *key, const char *label, const char *v, size_t n)
{
    x509_text_state *st = s->ctx;
    if (!t_scalar(st, key, label))
        return;
    t_text(st->out, v ? v : "", v ? n : 0);
    buf_putc(st->out, '\n');
}

static void t_num(x509_sink *s, const char *key, const char *label, int64_t v)
{
    x509_text_state *st = s->ctx;
    if (!t_scalar(st, key, label))
        return;
    buf_i64(st->out, v);
    buf_putc(st->out, '\n');
}

static void t_bool(x509_sink *s, const char *key, const char *label, bool v)
{
    x509_text_state *st = s->ctx;
    if (!t_scalar(st, key, label))
        return;
    buf_puts(st->out, v ? "true\n" : "false\n");
}

static void t_null(x509_sink *s, const char *key, const char *label)
{
    x509_text_state *st = s->ctx;
    if (!t_scalar(st, key, label))
        return;
    buf_puts(st->out, "none\n");
}

#define T_HEX_INLINE 32     /* bytes shown on the label's line */
#define T_HEX_LINE 18       /* bytes per continuation line (openssl's layout) */

/* Raw DER (key "der"): a hex + ASCII dump, 16 octets a line, "0000  30 0a ...  |0.|" */
static void t_dump(x509_text_state *st, const char *key, const char *label, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    bool nm = named(key, label);
    if (nm) {
        t_line(st);
        t_label(st->out, key, label);
        buf_put(st->out, ":\n", 2);
        st->indent += 4;
    }
    for (size_t i = 0; i < n; i += 16) {
        char line[80];
        size_t o = 0;
        size_t k = n - i < 16 ? n - i : 16;
        for (int sh = 12; sh >= 0; sh -= 4)
            line[o++] = hx[(i >> sh) & 15];
        line[o++] = ' ';
        for (size_t j = 0; j < 16; j++) {
            line[o++] = ' ';
            if (j == 8)
                line[o++] = ' ';
            if (j < k) {
                line[o++] = hx[p[i + j] >> 4];
                line[o++] = hx[p[i + j] & 15];
            } else {
                line[o++] = ' ';
                line[o++] = ' ';
            }
        }
        line[o++] = ' ';
        line[o++] = ' ';
        line[o++] = '|';
        for (size_t j = 0; j < k; j++)
            line[o++] = (p[i + j] >= 0x20 && p[i + j] < 0x7f) ? (char)p[i + j] : '.';
        line[o++] = '|';
        line[o++] = '\n';
        t_line(st);
        buf_put(st->out, line, o);
    }
    if (nm)
        st->indent -= 4;
}

static void t_hex(x509_sink *s, const char *key, const char *label, const uint8_t *p, size_t n)
{
    x509_text_state *st = s->ctx;
    if (t_hidden(st) || (label && !label[0]))
        return;
    if (key && strcmp(key, "der") == 0 && n > 0) {
        t_dump(st, key, label, p, n);
        return;
    }
    if (n <= T_HEX_INLINE) {
        t_scalar(st, key, label);
        buf_hex(st->out, p, n, ":");
        buf_putc(st->out, '\n');
        return;
    }
    bool nm = named(key, label);
    if (nm) {
        t_line(st);
        t_label(st->out, key, label);
        buf_put(st->out, ":\n", 2);
        st->indent += 4;
    }
    for (size_t i = 0; i < n; i += T_HEX_LINE) {
        size_t k = n - i < T_HEX_LINE ? n - i : T_HEX_LINE;
        t_line(st);
        buf_hex(st->out, p + i, k, ":");
        if (i + k < n)
            buf_putc(st->out, ':');
        buf_putc(st->out, '\n');
    }
    if (nm)
        st->indent -= 4;
}

void x509_sink_text(x509_sink *s, x509_text_state *st, buf_t *out, unsigned indent)
{
    memset(st, 0, sizeof *st);
    st->out = out;
    st->indent = indent;
    s->obj_begin = t_obj_begin;
    s->obj_end = t_pop;
    s->arr_begin = t_arr_begin;
    s->arr_end = t_pop;
    s->str = t_str;
    s->num = t_num;
    s->boolean = t_bool;
    s->null = t_null;
    s->hex = t_hex;
    s->ctx = st;
}

/* ================================================================ wrappers */

void sink_str(x509_sink *s, const char *key, const char *label, const char *v)
{
    if (s)
        s->str(s, key, label, v ? v : "", v ? strlen(v) : 0);
}

void sink_strn(x509_sink *s, const char *key, const char *label, const char *v, size_t n)
{
    if (s)
        s->str(s, key, label, v ? v : "", v ? n : 0);
}

void sink_num(x509_sink *s, const char *key, const char *label, int64_t v)
{
    if (s)
        s->num(s, key, label, v);
}

void sink_bool(x509_sink *s, const char *key, const char *label, bool v)
{
    if (s)
        s->boolean(s, key, label, v);
}

void sink_null(x509_sink *s, const char *key, const char *label)
{
    if (s)
        s->null(s, key, label);
}

void sink_hex(x509_sink *s, const char *key, const char *label, const uint8_t *p, size_t n)
{
    if (s)
        s->hex(s, key, label, p, n);
}

void sink_obj(x509_sink *s, const char *key, const char *label)
{
    if (s)
        s->obj_begin(s, key, label);
}

void sink_end_obj(x509_sink *s)
{
    if (s)
        s->obj_end(s);
}

void sink_arr(x509_sink *s, const char *key, const char *label)
{
    if (s)
        s->arr_begin(s, key, label);
}

void sink_end_arr(x509_sink *s)
{
    if (s)
        s->arr_end(s);
}

/* ================================================================ describers */

const char *x509_tag_type_name(uint32_t tag, char *tmp, size_t n)
{
    /* the named universal types without a copy (asn1_tag_name writes into tmp) */
    const char *nm = ASN1_TAG_CLASS(tag) == ASN1_CLASS_UNIVERSAL ? asn1_universal_name(ASN1_TAG_NUMBER(tag)) : NULL;
    return nm ? nm : asn1_tag_name(tag, tmp, n);
}

void sink_der(x509_sink *s, const char *key, const char *label, span_t der)
{
    if (!s)
        return;
    s->obj_begin(s, key, label);
    s->hex(s, "der", "DER", der.p, der.len);
    s->obj_end(s);
}

void sink_any_string(x509_sink *s, const char *key, const char *label, const asn1_elem *e)
{
    if (!s)
        return;
    if (asn1_is_string_tag(e->tag)) {
        buf_t *b = x509_scratch_push();
        if (b) {
            const char *why = NULL, *dev = NULL;
            if (asn1_str_to_utf8(e->tag, e->body, b, &why, &dev) == ASN1_OK) {
                s->str(s, key, label, b->p ? b->p : "", b->len);
                x509_scratch_pop();
                return;
            }
            x509_scratch_pop();
        }
    }
    sink_der(s, key, label, e->der);
}

asn1_err x509_sink_string_elem(der_t *c, const asn1_elem *e, const char *field, x509_sink *s, const char *key,
                               const char *label)
{
    buf_t *b = x509_scratch_push();
    if (!b)
        return der_fail(c, e->offset, field, ASN1_E_NOMEM, "scratch buffers exhausted");
    const char *why = NULL, *dev = NULL;
    asn1_err r = asn1_str_to_utf8(e->tag, e->body, b, &why, &dev);
    if (r == ASN1_E_VALUE)
        r = der_fail(c, e->offset, field, ASN1_E_VALUE, "%s", why ? why : "invalid string");
    else if (r == ASN1_OK && dev)
        r = der_warn(c, e->offset, field, "%s", dev);
    if (r == ASN1_OK)
        sink_strn(s, key, label, b->p ? b->p : "", b->len);
    x509_scratch_pop();
    return r;
}

void sink_oid(x509_sink *s, const char *key, const char *label, span_t oid)
{
    if (!s)
        return;
    char txt[256];
    s->obj_begin(s, key, label);
    if (x509_oid_to_text(oid, txt, sizeof txt) == ASN1_OK) {
        s->str(s, "oid", "OID", txt, strlen(txt));
    } else {
        buf_t *b = x509_scratch_push();
        if (b) {
            asn1_oid_append(oid, b);
            s->str(s, "oid", "OID", b->p ? b->p : "", b->len);
            x509_scratch_pop();
        }
    }
    const char *nm = oid_name(oid_lookup(oid));
    if (nm)
        s->str(s, "name", "Name", nm, strlen(nm));
    s->obj_end(s);
}

void sink_time(x509_sink *s, const char *key, const char *label, int64_t t)
{
    if (!s)
        return;
    char txt[32];
    asn1_time_rfc3339(t, txt);
    s->str(s, key, label, txt, strlen(txt));
}

asn1_err x509_oid_text_id(span_t oid, oid_id id, char *txt, size_t n)
{
    const char *d = oid_dotted(id);
    if (d) {
        size_t l = strlen(d);
        if (l < n) {
            memcpy(txt, d, l + 1);
            return ASN1_OK;
        }
    }
    return x509_oid_to_text(oid, txt, n);
}

#define PUT_LIT(b, lit) x509_put((b), (lit), sizeof(lit) - 1)

/* rdn_attr's JSON written straight into the record (the names' attributes are the
 * bulk of a certificate's JSON): one object, its parts escaped as json_strn would. */
static void rdn_attr_json(json_t *j, const x509_attr_text *t, const char *oid, const char *nm, const char *ty)
{
    static const char hx[] = "0123456789abcdef";
    buf_t *o = j->out;
    json_raw(j, "", 0);                     /* the comma, when one is due */
    PUT_LIT(o, "{\"oid\":\"");
    json_escape(o, oid, strlen(oid));
    if (nm) {
        PUT_LIT(o, "\",\"name\":\"");
        json_escape(o, nm, strlen(nm));
    }
    PUT_LIT(o, "\",\"type\":\"");
    json_escape(o, ty, strlen(ty));
    if (t->utf8) {
        PUT_LIT(o, "\",\"value\":\"");
        json_escape(o, t->utf8, t->utf8_len);
        PUT_LIT(o, "\"}");
        return;
    }
    span_t d = t->a.value_der;
    PUT_LIT(o, "\",\"value\":{\"der\":\"");
    if (d.len < SIZE_MAX / 2 && buf_reserve(o, 2 * d.len)) {
        char *w = o->p + o->len;
        for (size_t i = 0; i < d.len; i++) {
            *w++ = hx[d.p[i] >> 4];
            *w++ = hx[d.p[i] & 15];
        }
        o->len = (size_t)(w - o->p);
    }
    PUT_LIT(o, "\"}}");
}

/* One attribute as {oid, name, type, value}: value its UTF-8 text, or {der} for a
 * value that is not a string. */
static void rdn_attr(x509_sink *s, const x509_attr_text *t)
{
    const x509_attr *a = &t->a;
    char tmp[32], txt[256];
    const char *dotted = oid_dotted(a->id);            /* the table's text, when known: no copy */
    if (!dotted && x509_oid_to_text(a->oid, txt, sizeof txt) != ASN1_OK)
        txt[0] = '\0';
    if (!dotted)
        dotted = txt;
    json_t *j = x509_sink_json_of(s);
    if (j) {
        const char *nm = x509_attr_short(a->id);
        rdn_attr_json(j, t, dotted, nm ? nm : oid_name(a->id), x509_tag_type_name(a->tag, tmp, sizeof tmp));
        return;
    }
    s->obj_begin(s, NULL, NULL);
    s->str(s, "oid", X509_HIDE, dotted, strlen(dotted));
    const char *nm = x509_attr_short(a->id);
    if (!nm)
        nm = oid_name(a->id);
    if (nm)
        s->str(s, "name", X509_HIDE, nm, strlen(nm));
    const char *ty = x509_tag_type_name(a->tag, tmp, sizeof tmp);
    s->str(s, "type", X509_HIDE, ty, strlen(ty));
    if (t->utf8) {
        s->str(s, "value", nm ? nm : dotted, t->utf8, t->utf8_len);
    } else {
        s->obj_begin(s, "value", nm ? nm : dotted);
        s->hex(s, "der", "DER", a->value_der.p, a->value_der.len);
        s->obj_end(s);
    }
    s->obj_end(s);
}

/* The attributes of one RDN (its SET content) as [{oid, name, type, value}]. */
void sink_rdn_attrs(x509_sink *s, const char *key, const char *label, span_t set_body)
{
    if (!s)
        return;
    s->arr_begin(s, key, label);
    x509_name_iter it;
    memset(&it, 0, sizeof it);
    it.atv_p = set_body.p;
    it.atv_end = set_body.p + set_body.len;
    it.rdn_p = it.rdn_end = it.atv_end;
    x509_attr_text t;
    while (x509_name_iter_next(&it, &t.a)) {
        buf_t *b = x509_scratch_push();
        const char *why = NULL, *dev = NULL;
        bool text = b && asn1_is_string_tag(t.a.tag) && asn1_str_to_utf8(t.a.tag, t.a.value, b, &why, &dev) == ASN1_OK;
        t.utf8 = text ? (b->p ? b->p : "") : NULL;
        t.utf8_len = text ? b->len : 0;
        rdn_attr(s, &t);
        if (b)
            x509_scratch_pop();
    }
    s->arr_end(s);
}

/*
 * {rfc4514, oneline, rdns}: the name walked once (x509_name_view: each attribute read
 * once, each value decoded to UTF-8 once) and shown three ways.  Inside another value
 * (inner) the object is flat and the text shows the RFC 4514 form under label.
 */
static void name_obj(x509_sink *s, const char *key, const char *label, const x509_name *n, bool inner)
{
    x509_name_view nv;
    x509_name_view_init(&nv, n);
    buf_t *b = x509_scratch_push();
    if (!b) {
        x509_name_view_done(&nv);
        return;
    }
    s->obj_begin(s, key, inner ? X509_FLAT : label);
    x509_name_view_rfc4514(&nv, b);
    s->str(s, "rfc4514", inner ? label : "RFC 4514", b->p ? b->p : "", b->len);
    buf_reset(b);
    x509_name_view_oneline(&nv, b);
    s->str(s, "oneline", inner ? X509_HIDE : "One line", b->p ? b->p : "", b->len);
    x509_scratch_pop();
    /* rdns: JSON only; one list per RDN (an empty SET, which the decoder lets pass
     * with a warning, as an empty list) */
    s->arr_begin(s, "rdns", X509_HIDE);
    size_t nrdn = n->nrdn, i = 0;
    if (nv.n && nv.v[nv.n - 1].a.rdn >= nrdn)
        nrdn = nv.v[nv.n - 1].a.rdn + 1;
    for (size_t r = 0; r < nrdn; r++) {
        s->arr_begin(s, NULL, NULL);
        for (; i < nv.n && nv.v[i].a.rdn == r; i++)
            rdn_attr(s, &nv.v[i]);
        s->arr_end(s);
    }
    s->arr_end(s);
    s->obj_end(s);
    x509_name_view_done(&nv);
}

void sink_name(x509_sink *s, const char *key, const char *label, const x509_name *n)
{
    if (s)
        name_obj(s, key, label, n, false);
}

void x509_sink_name_as(x509_sink *s, const char *key, const char *label, const x509_name *n)
{
    if (s)
        name_obj(s, key, label, n, true);
}

/* Algorithm parameters worth showing: RSA-PSS, EC curves; other non-NULL ones as DER. */
static void alg_params(x509_sink *s, const x509_alg *a)
{
    if (a->params.len == 0)
        return;
    if (a->params.len == 2 && a->params.p[0] == ASN1_NULL && a->params.p[1] == 0)
        return;                                         /* NULL: nothing to say */
    asn1_ctx sc;
    x509_ctx_scratch(&sc, NULL, a->params);
    der_t c;
    der_init_span(&c, &sc, a->params, "parameters");
    if (a->id == OID_rsassa_pss) {
        ck_pss_params p;
        if (ck_pss_params_decode(&c, "", &p) == ASN1_OK && der_empty(&c)) {
            s->obj_begin(s, "params", "Parameters");
            const char *h = ck_hash_name(p.hash);
            s->str(s, "hash", "Hash", h, strlen(h));
            s->str(s, "mgf", "Mask generation", "mgf1", 4);
            h = ck_hash_name(p.mgf_hash);
            s->str(s, "mgf_hash", "MGF1 hash", h, strlen(h));
            s->num(s, "salt_length", "Salt length", p.salt_len);
            s->num(s, "trailer", "Trailer field", p.trailer);
            s->obj_end(s);
            return;
        }
    } else if (a->id == OID_ecPublicKey && a->params.p[0] == ASN1_OID) {
        span_t oid;
        if (der_read_oid(&c, "", &oid) == ASN1_OK && der_empty(&c)) {
            s->obj_begin(s, "params", "Parameters");
            ck_curve cv = ck_curve_from_oid(oid);
            const char *cn = ck_curve_name(cv);
            char txt[256];
            if (x509_oid_to_text(oid, txt, sizeof txt) != ASN1_OK)
                txt[0] = '\0';
            s->str(s, "curve", "Curve", cn ? cn : txt, strlen(cn ? cn : txt));
            s->str(s, "curve_oid", "Curve OID", txt, strlen(txt));
            s->obj_end(s);
            return;
        }
    }
    sink_der(s, "params", "Parameters", a->params);
}

void sink_alg(x509_sink *s, const char *key, const char *label, const x509_alg *a)
{
    if (!s)
        return;
    char txt[256];
    s->obj_begin(s, key, label);
    if (x509_oid_text_id(a->oid, a->id, txt, sizeof txt) != ASN1_OK)
        txt[0] = '\0';
    s->str(s, "oid", "OID", txt, strlen(txt));
    const char *nm = oid_name(a->id != OID_UNKNOWN ? a->id : oid_lookup(a->oid));
    if (nm)
        s->str(s, "name", "Name", nm, strlen(nm));
    alg_params(s, a);
    s->obj_end(s);
}

void sink_pubkey(x509_sink *s, const char *key, const char *label, const ck_pubkey *k)
{
    if (!s)
        return;
    char txt[256];
    s->obj_begin(s, key, label);
    if (k->type == CK_KEY_OTHER || k->type == CK_KEY_NONE) {
        if (k->alg_oid.len && x509_oid_to_text(k->alg_oid, txt, sizeof txt) == ASN1_OK)
            s->str(s, "algorithm", "Algorithm", txt, strlen(txt));
        else
            s->str(s, "algorithm", "Algorithm", "other", 5);
    } else {
        const char *nm = ck_key_type_name(k->type);
        s->str(s, "algorithm", "Algorithm", nm, strlen(nm));
    }
    size_t bits = ck_pubkey_bits(k);
    if (bits)
        s->num(s, "bits", "Bits", (int64_t)bits);
    if (k->type == CK_KEY_EC) {
        const char *cn = ck_curve_name(k->curve);
        if (cn)
            s->str(s, "curve", "Curve", cn, strlen(cn));
        else if (k->curve_oid.len && x509_oid_to_text(k->curve_oid, txt, sizeof txt) == ASN1_OK)
            s->str(s, "curve", "Curve", txt, strlen(txt));
    }
    if ((k->type == CK_KEY_RSA || k->type == CK_KEY_RSA_PSS) && k->rsa_e.len) {
        span_t m = asn1_int_magnitude(k->rsa_e);
        if (!asn1_int_is_negative(k->rsa_e) && m.len <= 8 && !(m.len == 8 && (m.p[0] & 0x80))) {
            uint64_t v = 0;
            for (size_t i = 0; i < m.len; i++)
                v = v << 8 | m.p[i];
            s->num(s, "exponent", "Exponent", (int64_t)v);
        } else {
            s->hex(s, "exponent", "Exponent", m.p, m.len);
        }
    }
    if (k->der.len) {
        uint8_t h[32];
        ck_sha256(k->der.p, k->der.len, h);  /* SHA-NI where the CPU has it (pkcs12/hash.c) */
        s->hex(s, "spki_sha256", "SPKI SHA-256", h, sizeof h);
    }
    s->obj_end(s);
}

/* ================================================================ OIDs */

static size_t put_dec(char *o, uint64_t v)
{
    char t[24];
    size_t k = 0, i = 0;
    do {
        t[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k)
        o[i++] = t[--k];
    return i;
}

asn1_err x509_oid_to_text(span_t oid, char *out, size_t n)
{
    oid_id id = oid_lookup(oid);
    if (id != OID_UNKNOWN) {
        const char *d = oid_dotted(id);
        size_t l = strlen(d);
        if (l < n) {
            memcpy(out, d, l + 1);
            return ASN1_OK;
        }
    }
    if (oid.len == 0 || (oid.p[oid.len - 1] & 0x80) || n < 48)
        return asn1_oid_to_text(oid, out, n);
    size_t o = 0;
    uint64_t v = 0;
    bool first = true, in_arc = false;
    for (size_t i = 0; i < oid.len; i++) {
        uint8_t b = oid.p[i];
        if ((!in_arc && b == 0x80) || v > (UINT64_MAX >> 7))
            return asn1_oid_to_text(oid, out, n);
        v = (v << 7) | (b & 0x7f);
        in_arc = (b & 0x80) != 0;
        if (in_arc)
            continue;
        if (o + 44 >= n)
            return asn1_oid_to_text(oid, out, n);
        if (first) {
            unsigned a = v < 40 ? 0 : v < 80 ? 1 : 2;
            out[o++] = (char)('0' + a);
            out[o++] = '.';
            o += put_dec(out + o, v - 40u * a);
            first = false;
        } else {
            out[o++] = '.';
            o += put_dec(out + o, v);
        }
        v = 0;
    }
    out[o] = '\0';
    return ASN1_OK;
}

/* ================================================================ IP addresses */

static void put_u8dec(buf_t *b, unsigned v)
{
    char t[3];
    int n = 0;
    if (v >= 100)
        t[n++] = (char)('0' + v / 100);
    if (v >= 10)
        t[n++] = (char)('0' + v / 10 % 10);
    t[n++] = (char)('0' + v % 10);
    buf_put(b, t, (size_t)n);
}

static void put_v4(buf_t *b, const uint8_t *p)
{
    for (int i = 0; i < 4; i++) {
        if (i)
            buf_putc(b, '.');
        put_u8dec(b, p[i]);
    }
}

static void put_h16(buf_t *b, unsigned v)
{
    static const char hx[] = "0123456789abcdef";
    char t[4];
    int n = 0;
    bool lead = true;
    for (int sh = 12; sh >= 0; sh -= 4) {
        unsigned d = (v >> sh) & 15;
        if (lead && d == 0 && sh)
            continue;
        lead = false;
        t[n++] = hx[d];
    }
    buf_put(b, t, (size_t)n);
}

/* RFC 5952: lowercase, no leading zeros, the longest run (>= 2) of zero groups as "::"
 * (the first when tied); ::ffff:a.b.c.d for IPv4-mapped addresses (section 5). */
void x509_ip_text(const uint8_t *p, size_t n, buf_t *out)
{
    if (n == 4) {
        put_v4(out, p);
        return;
    }
    if (n != 16) {
        buf_hex(out, p, n, NULL);
        return;
    }
    unsigned g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)p[2 * i] << 8 | p[2 * i + 1];
    if (!g[0] && !g[1] && !g[2] && !g[3] && !g[4] && g[5] == 0xffff) {
        buf_puts(out, "::ffff:");
        put_v4(out, p + 12);
        return;
    }
    int best = -1, bestlen = 0;
    for (int i = 0; i < 8;) {
        if (g[i]) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && !g[j])
            j++;
        if (j - i > bestlen && j - i >= 2) {
            best = i;
            bestlen = j - i;
        }
        i = j;
    }
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            buf_put(out, "::", 2);
            i += bestlen - 1;
            continue;
        }
        if (i && i != best + bestlen)
            buf_putc(out, ':');
        put_h16(out, g[i]);
    }
}
