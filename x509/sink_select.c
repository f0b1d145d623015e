/*
 * sink_select.c - the "select" backend of x509_sink, behind `-f FIELD[,FIELD...]`.
 *
 * The describe functions walk an object once, key by key; this backend keeps the
 * dotted path of where the walk is (object keys joined by dots; list positions are
 * not part of it) and captures every value whose path is one of the fields.  A
 * captured list or object is kept as a small tree until it closes, then rendered:
 *   scalar   its text: strings as they are, numbers in decimal, true/false, hex,
 *            null as the empty string;
 *   list     its elements joined by commas;
 *   object   its "rfc4514" member (a name), else its "value" member (a general
 *            name, an extension), else "key=value" for each member, joined by commas.
 * Several matches of one field (extensions.name) are joined by commas too.  Tabs and
 * line breaks inside values are written as \t, \n, \r so one object stays one line.
 */
#include "x509/x509.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define SEL_MAX_DEPTH 32
#define SEL_PATH_MAX 512

enum { N_SCALAR, N_OBJ, N_ARR };

typedef struct sel_node {
    int kind;
    size_t key_off, key_len;    /* in arena; key_len 0 inside lists */
    size_t txt_off, txt_len;    /* scalars: rendered text in arena */
    int first, last, next;      /* children (containers), next sibling; -1 none */
} sel_node;

typedef struct sel_field {
    char *path;
    size_t path_len;
    buf_t val;
    unsigned hits;
} sel_field;

struct x509_select {
    sel_field *f;
    unsigned nf;
    /* where the walk is */
    char path[SEL_PATH_MAX];
    size_t plen[SEL_MAX_DEPTH + 1];
    unsigned depth;
    unsigned overflow;          /* levels entered past SEL_MAX_DEPTH / SEL_PATH_MAX */
    /* the captures under way (nested: "subject" and "subject.rdns" at once) */
    struct sel_cap {
        int field;
        int root;               /* its container's node */
        unsigned depth;         /* depth outside the captured container */
    } cap[SEL_MAX_DEPTH];
    unsigned ncap;
    sel_node *nodes;
    size_t nnodes, capnodes;
    int open[SEL_MAX_DEPTH + 1];
    unsigned nopen;
    buf_t arena;
    bool oom;
};

/* ------------------------------------------------------------------ setup */

asn1_err x509_select_new(const char *fields, const char *const *known, x509_select **out, char *why,
                         size_t whylen)
{
    *out = NULL;
    if (why && whylen)
        why[0] = '\0';
    x509_select *sel = calloc(1, sizeof *sel);
    if (!sel)
        return ASN1_E_NOMEM;
    const char *p = fields ? fields : "";
    for (;;) {
        const char *q = strchr(p, ',');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        /* trim blanks */
        while (n && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        bool bad = n == 0 || n >= SEL_PATH_MAX || p[0] == '.' || p[n - 1] == '.';
        for (size_t i = 0; !bad && i + 1 < n; i++)
            if (p[i] == '.' && p[i + 1] == '.')
                bad = true;
        if (!bad && known) {
            size_t head = 0;
            while (head < n && p[head] != '.')
                head++;
            bad = true;
            for (const char *const *k = known; *k; k++)
                if (strlen(*k) == head && memcmp(*k, p, head) == 0)
                    bad = false;
            if (bad && why)
                snprintf(why, whylen, "unknown field '%.*s'", (int)(n < 200 ? n : 200), p);
        } else if (bad && why) {
            snprintf(why, whylen, "bad field list '%.200s'", fields ? fields : "");
        }
        if (bad) {
            x509_select_free(sel);
            return ASN1_E_VALUE;
        }
        sel_field *nf = realloc(sel->f, (sel->nf + 1) * sizeof *nf);
        if (!nf) {
            x509_select_free(sel);
            return ASN1_E_NOMEM;
        }
        sel->f = nf;
        sel_field *f = &sel->f[sel->nf];
        memset(f, 0, sizeof *f);
        f->path = malloc(n + 1);
        if (!f->path) {
            x509_select_free(sel);
            return ASN1_E_NOMEM;
        }
        memcpy(f->path, p, n);
        f->path[n] = '\0';
        f->path_len = n;
        buf_init(&f->val);
        sel->nf++;
        if (!q)
            break;
        p = q + 1;
    }
    *out = sel;
    return ASN1_OK;
}

void x509_select_free(x509_select *sel)
{
    if (!sel)
        return;
    for (unsigned i = 0; i < sel->nf; i++) {
        free(sel->f[i].path);
        buf_free(&sel->f[i].val);
    }
    free(sel->f);
    free(sel->nodes);
    buf_free(&sel->arena);
    free(sel);
}

/* ------------------------------------------------------------ rendering */

/* Appends v with tabs and line breaks escaped. */
static void put_text(buf_t *b, const char *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && v[j] != '\t' && v[j] != '\n' && v[j] != '\r')
            j++;
        buf_put(b, v + i, j - i);
        if (j == n)
            break;
        buf_put(b, v[j] == '\t' ? "\\t" : v[j] == '\n' ? "\\n" : "\\r", 2);
        i = j + 1;
    }
}

static int find_child(const x509_select *sel, const sel_node *n, const char *key)
{
    size_t kl = strlen(key);
    for (int c = n->first; c >= 0; c = sel->nodes[c].next) {
        const sel_node *k = &sel->nodes[c];
        if (k->key_len == kl && memcmp(sel->arena.p + k->key_off, key, kl) == 0)
            return c;
    }
    return -1;
}

static void render(const x509_select *sel, int idx, buf_t *out, unsigned depth)
{
    const sel_node *n = &sel->nodes[idx];
    if (depth > SEL_MAX_DEPTH)
        return;
    if (n->kind == N_SCALAR) {
        put_text(out, sel->arena.p + n->txt_off, n->txt_len);
        return;
    }
    if (n->kind == N_OBJ) {
        int c = find_child(sel, n, "rfc4514");
        if (c < 0)
            c = find_child(sel, n, "value");
        if (c >= 0) {
            render(sel, c, out, depth + 1);
            return;
        }
    }
    bool first = true;
    for (int c = n->first; c >= 0; c = sel->nodes[c].next) {
        if (!first)
            buf_putc(out, ',');
        first = false;
        const sel_node *k = &sel->nodes[c];
        if (n->kind == N_OBJ && k->key_len) {
            buf_put(out, sel->arena.p + k->key_off, k->key_len);
            buf_putc(out, '=');
        }
        render(sel, c, out, depth + 1);
    }
}

/* ------------------------------------------------------------- capture */

static int add_node(x509_select *sel, int kind, const char *key)
{
    if (sel->nnodes == sel->capnodes) {
        size_t cap = sel->capnodes ? sel->capnodes * 2 : 64;
        sel_node *nn = realloc(sel->nodes, cap * sizeof *nn);
        if (!nn) {
            sel->oom = true;
            return -1;
        }
        sel->nodes = nn;
        sel->capnodes = cap;
    }
    int idx = (int)sel->nnodes++;
    sel_node *n = &sel->nodes[idx];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->first = n->last = n->next = -1;
    n->key_off = sel->arena.len;
    if (key) {
        n->key_len = strlen(key);
        buf_put(&sel->arena, key, n->key_len);
    }
    n->txt_off = sel->arena.len;
    if (sel->nopen > 0) {
        sel_node *parent = &sel->nodes[sel->open[sel->nopen - 1]];
        if (parent->last >= 0)
            sel->nodes[parent->last].next = idx;
        else
            parent->first = idx;
        parent->last = idx;
    }
    return idx;
}

/* The field whose path is the current path + "." + key (or the current path), or -1. */
static int match(const x509_select *sel, const char *key)
{
    /* list elements (no key) are never a field: the list is */
    if (sel->overflow || !key)
        return -1;
    size_t pl = sel->plen[sel->depth];
    size_t kl = key ? strlen(key) : 0;
    size_t total = key ? (pl ? pl + 1 + kl : kl) : pl;
    if (total == 0)
        return -1;
    for (unsigned i = 0; i < sel->nf; i++) {
        const sel_field *f = &sel->f[i];
        if (f->path_len != total)
            continue;
        if (!key) {
            if (memcmp(f->path, sel->path, pl) == 0)
                return (int)i;
            continue;
        }
        if (pl && (memcmp(f->path, sel->path, pl) != 0 || f->path[pl] != '.'))
            continue;
        if (memcmp(f->path + (pl ? pl + 1 : 0), key, kl) == 0)
            return (int)i;
    }
    return -1;
}

static void field_add(x509_select *sel, int fi, const char *v, size_t n, bool raw)
{
    sel_field *f = &sel->f[fi];
    if (f->hits++)
        buf_putc(&f->val, ',');
    if (raw)
        buf_put(&f->val, v, n);
    else
        put_text(&f->val, v, n);
}

/* A scalar value at key: into the tree of the captures under way, and matched directly. */
static void scalar(x509_select *sel, const char *key, const char *v, size_t n)
{
    if (sel->ncap > 0) {
        int idx = add_node(sel, N_SCALAR, key);
        if (idx >= 0) {
            buf_put(&sel->arena, v, n);
            sel->nodes[idx].txt_off = sel->arena.len - n;
            sel->nodes[idx].txt_len = n;
            if (sel->arena.oom)
                sel->oom = true;
        }
    }
    int fi = match(sel, key);
    if (fi >= 0)
        field_add(sel, fi, v, n, false);
}

static void push(x509_select *sel, const char *key)
{
    if (sel->overflow || sel->depth >= SEL_MAX_DEPTH) {
        sel->overflow++;
        return;
    }
    size_t pl = sel->plen[sel->depth];
    size_t kl = key ? strlen(key) : 0;
    if (key && pl + 1 + kl >= SEL_PATH_MAX) {
        sel->overflow++;
        return;
    }
    if (key) {
        if (pl)
            sel->path[pl++] = '.';
        memcpy(sel->path + pl, key, kl);
        pl += kl;
    }
    sel->depth++;
    sel->plen[sel->depth] = pl;
}

static void pop(x509_select *sel)
{
    if (sel->overflow) {
        sel->overflow--;
        return;
    }
    if (sel->depth > 0)
        sel->depth--;
}

static void container_begin(x509_select *sel, int kind, const char *key)
{
    int fi = match(sel, key);
    if (fi >= 0 && sel->ncap == 0) {
        sel->nnodes = 0;
        sel->nopen = 0;
        buf_reset(&sel->arena);
        sel->oom = false;
    }
    if (sel->ncap > 0 || fi >= 0) {
        int idx = add_node(sel, kind, key);
        if (idx >= 0 && sel->nopen < SEL_MAX_DEPTH)
            sel->open[sel->nopen++] = idx;
        if (fi >= 0 && idx >= 0 && sel->ncap < SEL_MAX_DEPTH) {
            sel->cap[sel->ncap].field = fi;
            sel->cap[sel->ncap].root = idx;
            sel->cap[sel->ncap].depth = sel->depth;
            sel->ncap++;
        }
    }
    push(sel, key);
}

static void container_end(x509_select *sel)
{
    pop(sel);
    if (sel->ncap == 0 || sel->overflow)
        return;
    if (sel->nopen > 0)
        sel->nopen--;
    struct sel_cap *c = &sel->cap[sel->ncap - 1];
    if (sel->depth != c->depth)
        return;
    if (!sel->oom) {
        buf_t tmp = BUF_INIT;
        render(sel, c->root, &tmp, 0);
        field_add(sel, c->field, tmp.p ? tmp.p : "", tmp.len, true);
        buf_free(&tmp);
    }
    sel->ncap--;
}

/* --------------------------------------------------------------- backend */

static void s_obj_begin(x509_sink *s, const char *key, const char *label)
{
    container_begin(s->ctx, N_OBJ, key);
}

static void s_arr_begin(x509_sink *s, const char *key, const char *label)
{
    container_begin(s->ctx, N_ARR, key);
}

static void s_end(x509_sink *s)
{
    container_end(s->ctx);
}

static void s_str(x509_sink *s, const char *key, const char *label, const char *v, size_t n)
{
    scalar(s->ctx, key, v ? v : "", v ? n : 0);
}

static void s_num(x509_sink *s, const char *key, const char *label, int64_t v)
{
    char tmp[24];
    int i = sizeof tmp;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--i] = '-';
    scalar(s->ctx, key, tmp + i, sizeof tmp - (size_t)i);
}

static void s_bool(x509_sink *s, const char *key, const char *label, bool v)
{
    scalar(s->ctx, key, v ? "true" : "false", v ? 4 : 5);
}

static void s_null(x509_sink *s, const char *key, const char *label)
{
    scalar(s->ctx, key, "", 0);
}

static void s_hex(x509_sink *s, const char *key, const char *label, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    char small[130];
    char *t = n * 2 <= sizeof small ? small : malloc(n * 2 + 1);
    if (!t || n == 0) {
        if (t && t != small)
            free(t);
        scalar(s->ctx, key, "", 0);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        t[2 * i] = hx[p[i] >> 4];
        t[2 * i + 1] = hx[p[i] & 15];
    }
    scalar(s->ctx, key, t, n * 2);
    if (t != small)
        free(t);
}

void x509_sink_select(x509_sink *s, x509_select *sel)
{
    s->obj_begin = s_obj_begin;
    s->obj_end = s_end;
    s->arr_begin = s_arr_begin;
    s->arr_end = s_end;
    s->str = s_str;
    s->num = s_num;
    s->boolean = s_bool;
    s->null = s_null;
    s->hex = s_hex;
    s->ctx = sel;
    for (unsigned i = 0; i < sel->nf; i++) {
        buf_reset(&sel->f[i].val);
        sel->f[i].hits = 0;
    }
    sel->depth = 0;
    sel->plen[0] = 0;
    sel->overflow = 0;
    sel->ncap = 0;
    sel->nopen = 0;
    sel->nnodes = 0;
    sel->oom = false;
}

void x509_select_line(x509_select *sel, buf_t *out)
{
    for (unsigned i = 0; i < sel->nf; i++) {
        if (i)
            buf_putc(out, '\t');
        buf_put(out, sel->f[i].val.p, sel->f[i].val.len);
    }
    buf_putc(out, '\n');
}

bool x509_select_wants(const x509_select *sel, const char *top)
{
    size_t n = strlen(top);
    for (unsigned i = 0; i < sel->nf; i++) {
        const sel_field *f = &sel->f[i];
        if (f->path_len >= n && memcmp(f->path, top, n) == 0 && (f->path[n] == '\0' || f->path[n] == '.'))
            return true;
    }
    return false;
}
