/*
 * verify_speed - signature verifications per second through ck_verify(), the path
 * every tool takes (hashing a ~300-byte request body included), on the known-answer
 * vectors of testdata/verify/vectors.inc.  Compare with `openssl speed -seconds 1
 * rsa2048 ecdsap256` (bench/verify.sh prints both).  Rates are per second of CPU time.
 *   verify_speed [SECONDS]      default 1 second per scheme
 * Built by bench/verify.sh:
 *   cc -O2 -I. -Ibuild/gen ... bench/verify_speed.c build/rel/libcertkit.a -ltomcrypt -ltommath -lsodium
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "x509/verify.h"

struct vkey {
    const char *name;
    ck_key_type type;
    ck_curve curve;
    const char *spki, *n, *e, *point, *raw, *p, *q, *g, *y;
};
struct vsig {
    const char *name, *key, *csr;
};
struct vraw {
    const char *name, *key;
    oid_id oid;
    const char *params, *msg, *sig;
};
#include "testdata/verify/vectors.inc"

static uint8_t *unhex(const char *h, size_t *n)
{
    size_t len = strlen(h) / 2;
    uint8_t *p = malloc(len ? len : 1);
    for (size_t i = 0; i < len; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1)
            exit(2);
        p[i] = (uint8_t)v;
    }
    *n = len;
    return p;
}

/* Process CPU time, as `openssl speed` counts, so a busy machine does not skew the ratio. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Times one request of the vectors: its signature checked with the key inside it. */
static int bench(const char *name, double seconds)
{
    const struct vsig *v = NULL;
    for (size_t i = 0; i < sizeof vsigs / sizeof vsigs[0]; i++)
        if (strcmp(vsigs[i].name, name) == 0)
            v = &vsigs[i];
    if (!v) {
        fprintf(stderr, "verify_speed: no vector %s\n", name);
        return 1;
    }
    size_t len;
    uint8_t *der = unhex(v->csr, &len);
    asn1_ctx ctx;
    der_t c, req, info, alg;
    asn1_elem e, body;
    span_t oid, params = { NULL, 0 }, sig, ver;
    unsigned unused;
    bool has_params = false;
    ck_pubkey key;
    asn1_ctx_init(&ctx, der, len);
    der_init(&c, &ctx, NULL);
    if (der_enter(&c, ASN1_SEQUENCE, "", &req) || der_read(&req, ASN1_SEQUENCE, "info", &body) ||
        der_open(&req, &body, "info", -1, &info) || der_read_int(&info, "version", &ver) ||
        der_skip(&info, "subject") || spki_decode(&info, &key) ||
        der_enter(&req, ASN1_SEQUENCE, "alg", &alg) || der_read_oid(&alg, "oid", &oid) ||
        (!der_empty(&alg) && ((has_params = true), der_next(&alg, "params", &e))) ||
        der_read_bits(&req, "signature", &sig, &unused)) {
        fprintf(stderr, "verify_speed: %s does not parse\n", name);
        return 1;
    }
    if (has_params)
        params = e.der;
    char detail[256];
    if (ck_verify(body.der, oid, params, sig, &key, detail, sizeof detail) != CK_VERIFY_VALID) {
        fprintf(stderr, "verify_speed: %s: %s\n", name, detail);
        return 1;
    }
    unsigned long n = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 8; i++)
            if (ck_verify(body.der, oid, params, sig, &key, NULL, 0) != CK_VERIFY_VALID)
                return 1;
        n += 8;
        t = now() - t0;
    } while (t < seconds);
    printf("| %-22s | %10.0f | %8.1f |\n", name, n / t, 1e6 * t / n);
    free(der);
    return 0;
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 1.0;
    static const char *const names[] = {
        "rsa2048-sha256", "pss-sha256-salt32", "rsa4096-sha512", "p256-sha256",
        "p384-sha384", "p521-sha512", "ed25519", "dsa2048-sha256",
    };
    int rc = 0;
    if (secs <= 0)
        secs = 1.0;
    printf("| ck_verify              | verify/s   | us/op    |\n|---|---:|---:|\n");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        rc |= bench(names[i], secs);
    return rc;
}
