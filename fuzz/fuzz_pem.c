/*
 * fuzz_pem.c - libFuzzer harness for base64, the PEM reader and the input iterator.
 *
 * For every input (invariants abort, so the fuzzer reports them):
 *   - b64_decode: the scalar and AVX2 paths give the same result, length and error
 *     position; the output fits b64_decoded_max; what decodes re-encodes and decodes
 *     back to the same bytes;
 *   - the PEM reader: every block lies inside the text and after the previous one,
 *     the walk ends; each block that decodes is re-armored by pem_write and read back
 *     to the same label and bytes;
 *   - ber_frame: a frame never claims more bytes than given;
 *   - the input iterator over the bytes as a file (memfd), in every form, with a read
 *     size taken from the first byte: it ends, never fails fatally, and every object
 *     and position lies inside the input.
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c.
 */
#include "pem/pem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void check_b64(const uint8_t *data, size_t size)
{
    size_t cap = b64_decoded_max(size);
    uint8_t *a = malloc(cap + 1), *b = malloc(cap + 1);
    size_t la = 0, lb = 0, ea = 0, eb = 0;
    const char *wa = NULL, *wb = NULL;
    b64_force_scalar(true);
    asn1_err ra = b64_decode((const char *)data, size, a, &la, &ea, &wa);
    b64_force_scalar(false);
    asn1_err rb = b64_decode((const char *)data, size, b, &lb, &eb, &wb);
    if (ra != rb)
        abort();
    if (ra == ASN1_OK) {
        if (la != lb || la > cap || memcmp(a, b, la) != 0)
            abort();
        char *t = malloc(b64_lines_len(la) + 1);
        size_t tl = b64_encode_lines(a, la, t);
        size_t l2, e2;
        const char *w2;
        if (b64_decode(t, tl, b, &l2, &e2, &w2) != ASN1_OK || l2 != la || memcmp(a, b, la) != 0)
            abort();
        free(t);
    } else if (ea != eb || ea > size || wa == NULL) {
        abort();
    }
    free(a);
    free(b);
}

static void check_pem(const uint8_t *data, size_t size)
{
    pem_reader r;
    pem_block blk;
    asn1_diag d;
    size_t last = 0;
    unsigned guard = 0;
    pem_reader_init(&r, (const char *)data, size);
    for (;;) {
        asn1_err e = pem_reader_next(&r, &blk, &d);
        if (e == ASN1_E_NOTFOUND)
            break;
        if (++guard > size + 1 || blk.begin < last || blk.end <= blk.begin || blk.end > size ||
            r.pos != blk.end)
            abort();
        last = blk.end;
        if (e != ASN1_OK)
            continue;
        buf_t der = BUF_INIT, txt = BUF_INIT;
        if (pem_decode(&blk, &der, &d) == ASN1_OK) {
            pem_write(&txt, blk.label, blk.label_len, blk.headers, blk.headers_len,
                      (const uint8_t *)der.p, der.len);
            pem_reader r2;
            pem_block b2;
            buf_t der2 = BUF_INIT;
            pem_reader_init(&r2, txt.p, txt.len);
            if (pem_reader_next(&r2, &b2, &d) != ASN1_OK || pem_decode(&b2, &der2, &d) != ASN1_OK ||
                b2.label_len != blk.label_len || memcmp(b2.label, blk.label, blk.label_len) != 0 ||
                der2.len != der.len || (der.len && memcmp(der2.p, der.p, der.len) != 0))
                abort();
            buf_free(&der2);
        }
        buf_free(&der);
        buf_free(&txt);
    }
}

static void check_input(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0)
        return;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return;
    }
    for (int form = IN_FORM_AUTO; form <= IN_FORM_B64; form++) {
        lseek(fd, 0, SEEK_SET);
        input_t in;
        input_open_fd(&in, fd, "fuzz", (in_form)form);
        input_set_read_size(&in, size ? (size_t)(data[0] % 64) + 1 : 1);
        input_set_max_object(&in, 4096);
        unsigned guard = 0;
        in_status st;
        while ((st = input_next(&in)) != IN_END) {
            if (st == IN_FATAL || ++guard > 2 * size + 4)
                abort();
            if (st == IN_OBJECT) {
                if (in.obj.der.len > size || in.obj.pos.offset >= size || in.obj.der.len > 4096)
                    abort();
            } else if (in.err.pos.offset > size) {
                abort();
            }
        }
        input_close(&in);
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_b64(data, size);
    check_pem(data, size);
    uint64_t total;
    const char *why;
    if (ber_frame(data, size, 64, &total, &why) == ASN1_OK && total > size)
        abort();
    check_input(data, size);
    return 0;
}
