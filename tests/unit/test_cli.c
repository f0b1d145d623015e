/* test_cli.c - the shared tool layer: exit-code ranking, terminal refusal, password
 * sources, operands, and the output buffer. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/cli.h"
#include "pkcs12/pkcs12.h"

START_TEST(cli_exit_code_ranking)
{
    /* environment > bad data > failed check > success */
    ck_assert_int_eq(cli_worst(0, 3), 3);
    ck_assert_int_eq(cli_worst(3, 1), 1);
    ck_assert_int_eq(cli_worst(1, 3), 1);
    ck_assert_int_eq(cli_worst(1, 2), 2);
    ck_assert_int_eq(cli_worst(2, 0), 2);
    ck_assert_int_eq(cli_worst(0, 0), 0);
    cli_t c;
    cli_init(&c, "t", "usage: t\n");
    cli_status(&c, 3);
    cli_status(&c, 0);
    ck_assert_int_eq(c.status, 3);
    cli_status(&c, 1);
    cli_status(&c, 3);
    ck_assert_int_eq(c.status, 1);
}
END_TEST

START_TEST(cli_terminal_refusal)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0)
        return;                         /* no pseudo-terminals here */
    ck_assert_int_eq(grantpt(m), 0);
    ck_assert_int_eq(unlockpt(m), 0);
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(s, 0);
    ck_assert(cli_fd_refuses_binary(s));
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    ck_assert(!cli_fd_refuses_binary(p[1]));
    int n = open("/dev/null", O_WRONLY);
    ck_assert(!cli_fd_refuses_binary(n));
    close(n), close(p[0]), close(p[1]), close(s), close(m);
}
END_TEST

START_TEST(cli_read_one_line_only)
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    const char *data = "s3cret\r\nthe rest stays\n";
    ck_assert_int_eq(write(p[1], data, strlen(data)), (ssize_t)strlen(data));
    close(p[1]);
    cli_pass pw;
    memset(&pw, 0, sizeof pw);
    ck_assert_int_eq(cli_read_line_fd(p[0], &pw), 0);
    ck_assert(pw.given);
    ck_assert_uint_eq(pw.len, 6);
    ck_assert_str_eq(pw.s, "s3cret");
    char rest[64] = { 0 };
    ck_assert_int_eq(read(p[0], rest, sizeof rest - 1), 15);
    ck_assert_str_eq(rest, "the rest stays\n");
    cli_pass_wipe(&pw);
    ck_assert_ptr_null(pw.s);
    ck_assert(!pw.given);
    close(p[0]);
}
END_TEST

/* The candidates a password gives: given, empty (then absent for PKCS#12), or none. */
START_TEST(cli_password_candidates)
{
    char secret[] = "s3cret", empty[] = "";
    cli_pass given = { secret, 6, true }, blank = { empty, 0, true }, none = { NULL, 0, false };
    p12_passwords p;
    cli_pass_candidates(&given, true, &p);
    ck_assert_uint_eq(p.n, 1);
    ck_assert(p.pw[0] == secret && p.src[0] == P12_PW_GIVEN);
    cli_pass_candidates(&blank, true, &p);
    ck_assert_uint_eq(p.n, 2);
    ck_assert(p.pw[0] == empty && p.src[0] == P12_PW_EMPTY);
    ck_assert(p.pw[1] == NULL && p.src[1] == P12_PW_ABSENT);
    cli_pass_candidates(&blank, false, &p);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_int_eq(p.src[0], P12_PW_EMPTY);
    cli_pass_candidates(&none, false, &p);
    ck_assert_uint_eq(p.n, 2);
    ck_assert(p.pw[0] == NULL && p.src[0] == P12_PW_ABSENT);
    ck_assert(p.pw[1] != NULL && p.pw[1][0] == '\0' && p.src[1] == P12_PW_EMPTY);
}
END_TEST

START_TEST(cli_password_sources)
{
    cli_t c;
    cli_init(&c, "t", "usage: t\n");
    cli_pass pw;
    ck_assert_int_eq(cli_pass_get(&c, "pass:abc", NULL, false, &pw), 0);
    ck_assert(pw.given && pw.len == 3 && strcmp(pw.s, "abc") == 0);
    cli_pass_wipe(&pw);
    /* empty is given, with length 0: not the same as absent */
    ck_assert_int_eq(cli_pass_get(&c, "pass:", NULL, false, &pw), 0);
    ck_assert(pw.given && pw.len == 0 && pw.s && pw.s[0] == '\0');
    cli_pass_wipe(&pw);
    setenv("CERTKIT_TEST_PW", "from env", 1);
    ck_assert_int_eq(cli_pass_get(&c, "env:CERTKIT_TEST_PW", NULL, false, &pw), 0);
    ck_assert_str_eq(pw.s, "from env");
    cli_pass_wipe(&pw);
    unsetenv("CERTKIT_TEST_PW");
    ck_assert_int_eq(cli_pass_get(&c, "env:CERTKIT_TEST_PW", NULL, false, &pw), 2);
    ck_assert(!pw.given);
    char path[] = "/tmp/certkit-pw-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "line one\nline two\n", 18), 18);
    close(fd);
    char src[64];
    snprintf(src, sizeof src, "file:%s", path);
    ck_assert_int_eq(cli_pass_get(&c, src, NULL, false, &pw), 0);
    ck_assert_str_eq(pw.s, "line one");
    cli_pass_wipe(&pw);
    fd = open(path, O_RDONLY);
    snprintf(src, sizeof src, "fd:%d", fd);
    ck_assert_int_eq(cli_pass_get(&c, src, NULL, false, &pw), 0);
    ck_assert_str_eq(pw.s, "line one");
    cli_pass_wipe(&pw);
    ck_assert_int_eq(cli_pass_get(&c, src, NULL, false, &pw), 0);   /* the next line */
    ck_assert_str_eq(pw.s, "line two");
    cli_pass_wipe(&pw);
    close(fd);
    unlink(path);
    ck_assert_int_eq(cli_pass_get(&c, "file:/nonexistent/pw", NULL, false, &pw), 2);
    ck_assert_int_eq(cli_pass_get(&c, "fd:x", NULL, false, &pw), 2);
    ck_assert_int_eq(cli_pass_get(&c, "plain", NULL, false, &pw), 2);
    ck_assert(!pw.given);
    if (!isatty(0)) {
        ck_assert_int_eq(cli_pass_get(&c, NULL, NULL, false, &pw), 0);
        ck_assert(!pw.given);                 /* absent */
        ck_assert_ptr_null(pw.s);
    }
    ck_assert_int_eq(c.status, 2);            /* the failures above were recorded */
}
END_TEST

START_TEST(cli_operands)
{
    char *argv[] = { "t", "-x", "a", "b", NULL };
    optind = 4;
    ck_assert_str_eq(cli_operand(4, argv, 0), "-");
    ck_assert_ptr_null(cli_operand(4, argv, 1));
    optind = 2;
    ck_assert_str_eq(cli_operand(4, argv, 0), "a");
    ck_assert_str_eq(cli_operand(4, argv, 1), "b");
    ck_assert_ptr_null(cli_operand(4, argv, 2));
    ck_assert_str_eq(cli_name("-"), "(stdin)");
    ck_assert_str_eq(cli_name("x.pem"), "x.pem");
    optind = 1;
}
END_TEST

/* The atomic writer: the file appears only at the end, with the usual mode or 0600. */
START_TEST(cli_atomic_output)
{
    char dir[] = "/tmp/certkit-out-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/out.pem", dir);
    mode_t old = umask(022);
    cli_t c;
    cli_init(&c, "t", "usage: t\n");
    c.outfile = path;
    cli_out_open(&c, 0);
    cli_puts(&c, "hello\n");
    ck_assert_int_ne(access(path, F_OK), 0);           /* not there yet */
    ck_assert_int_eq(cli_finish(&c), 0);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
    ck_assert_int_eq(st.st_size, 6);
    /* a secret keeps 0600 */
    umask(0);
    cli_init(&c, "t", "usage: t\n");
    c.outfile = path;
    cli_out_open(&c, 0);
    cli_puts(&c, "key\n");
    cli_out_secret(&c);
    ck_assert_int_eq(cli_finish(&c), 0);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(st.st_size, 4);
    /* an error: the old file stays, no temporary is left */
    cli_init(&c, "t", "usage: t\n");
    c.outfile = path;
    cli_out_open(&c, 0);
    for (int i = 0; i < 300000; i++)
        cli_puts(&c, "partial data\n");             /* more than one flush */
    c.status = 1;
    ck_assert_int_eq(cli_finish(&c), 1);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_size, 4);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    ck_assert_int_eq(system(cmd), 0);
    umask(old);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* Runs f with stderr sent to a file; returns what it wrote (static buffer). */
static const char *capture_stderr(void (*f)(cli_t *), cli_t *c)
{
    static char out[4096];
    char path[] = "/tmp/certkit-err-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    f(c);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, out, sizeof out - 1);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return out;
}

/* A v1 CRL's shape: SEQUENCE { SEQUENCE { AlgId, Name, UTCTime }, AlgId, BIT STRING } */
static const uint8_t crl_der[] = { 0x30, 0x1a, 0x30, 0x13, 0x30, 0x00, 0x30, 0x00, 0x17, 0x0d,
                                   '2', '5', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', 'Z',
                                   0x30, 0x00, 0x03, 0x01, 0x00 };

static void say_wrong_kind(cli_t *c)
{
    input_t in;
    memset(&in, 0, sizeof in);
    in.name = "x.pem";
    in_obj o;
    memset(&o, 0, sizeof o);
    o.der = span_make(crl_der, sizeof crl_der);
    o.pos.form = IN_FORM_PEM;
    o.pos.block = 2;
    ck_assert(cli_wrong_kind(c, &in, &o, KIND_CERTIFICATE));
    ck_assert(!cli_wrong_kind(c, &in, &o, KIND_CRL));
}

static void say_diags(cli_t *c)
{
    asn1_diag d;
    memset(&d, 0, sizeof d);
    d.code = ASN1_E_VALUE;
    d.offset = 412;
    snprintf(d.path, sizeof d.path, "tbsCertificate.validity.notAfter");
    snprintf(d.msg, sizeof d.msg, "UTCTime month 13 is invalid");
    in_pos der = { IN_FORM_DER, 1, 0, 0, 1000 };
    in_pos pem = { IN_FORM_PEM, 0, 3, 40, 0 };
    in_pos b64 = { IN_FORM_B64, 0, 0, 7, 0 };
    cli_diag(c, "server.cer", &der, &d, false);
    cli_diag(c, "chain.pem", &pem, &d, true);
    cli_diag(c, "-", &b64, &d, false);
    d.path[0] = '\0';
    cli_diag(c, "a.der", NULL, &d, false);
}

START_TEST(cli_messages)
{
    cli_t c;
    cli_init(&c, "certdump", "usage: certdump\n");
    const char *e = capture_stderr(say_wrong_kind, &c);
    ck_assert_str_eq(e, "certdump: x.pem: block 2: this is a CRL (X509 CRL); use crldump\n");
    ck_assert_int_eq(c.status, 1);
    cli_init(&c, "certdump", "usage: certdump\n");
    e = capture_stderr(say_diags, &c);
    ck_assert_str_eq(e,
        "certdump: server.cer: offset 1412: tbsCertificate.validity.notAfter: UTCTime month 13 is invalid\n"
        "certdump: chain.pem: block 3: offset 412: tbsCertificate.validity.notAfter: warning: UTCTime month 13 is invalid\n"
        "certdump: (stdin): line 7: offset 412: tbsCertificate.validity.notAfter: UTCTime month 13 is invalid\n"
        "certdump: a.der: offset 412: UTCTime month 13 is invalid\n");
    ck_assert_int_eq(c.status, 1);
    /* a warning alone leaves the status at 0; --strict makes it an error */
    cli_init(&c, "certdump", "usage: certdump\n");
    asn1_diag w;
    memset(&w, 0, sizeof w);
    snprintf(w.msg, sizeof w.msg, "negative serial number");
    in_pos p = { IN_FORM_DER, 0, 0, 0, 0 };
    cli_diag(&c, "/dev/null", &p, &w, true);
    ck_assert_int_eq(c.status, 0);
    c.strict = true;
    cli_diag(&c, "/dev/null", &p, &w, true);
    ck_assert_int_eq(c.status, 1);
}
END_TEST

Suite *suite_cli(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_test(tc, cli_exit_code_ranking);
    tcase_add_test(tc, cli_terminal_refusal);
    tcase_add_test(tc, cli_read_one_line_only);
    tcase_add_test(tc, cli_password_sources);
    tcase_add_test(tc, cli_password_candidates);
    tcase_add_test(tc, cli_operands);
    tcase_add_test(tc, cli_atomic_output);
    tcase_add_test(tc, cli_messages);
    suite_add_tcase(s, tc);
    return s;
}
