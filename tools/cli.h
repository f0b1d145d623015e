/*
 * cli.h - the shared tool layer: what every certkit tool main uses to parse its
 * options, read its operands, print errors and warnings in the one SPEC form,
 * write its output (buffered; atomically with -o) and obtain passwords.
 *
 * Only tools/ prints, exits or talks to the terminal.
 *
 * A tool main reads like this:
 *
 *     cli_t c;
 *     cli_init(&c, "der2pem", usage);
 *     static const struct option lo[] = { CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM,
 *                                         CLI_OPT_OUTPUT, { "label", required_argument, NULL, 'l' },
 *                                         { NULL, 0, NULL, 0 } };
 *     int ch;
 *     while ((ch = cli_getopt(&c, argc, argv, "hVi:o:l:", lo)) != -1)
 *         switch (ch) { case 'l': label = optarg; break; }
 *     cli_out_open(&c, 0);
 *     const char *path;
 *     for (int k = 0; (path = cli_operand(argc, argv, k)); k++) {
 *         input_t in;
 *         if (!cli_input_open(&c, &in, path))
 *             continue;
 *         while (cli_next_object(&c, &in))
 *             ... in.obj ...
 *         input_close(&in);
 *     }
 *     return cli_finish(&c);
 *
 * Messages (SPEC "Errors and exit codes"):
 *     TOOL: FILE: [block N: ]offset X: PATH: WHAT            an error in an object
 *     TOOL: FILE: [block N: ]offset X: PATH: warning: WHAT   a warning
 *     TOOL: FILE: block N: line L, column C: WHAT            a text (PEM/base64) problem
 * X is the offset in the object's decoded DER for PEM and base64 input, and the
 * offset in the file for DER input (the same number for a one-object file).
 * Standard input is named "(stdin)".
 */
#ifndef CERTKIT_CLI_H
#define CERTKIT_CLI_H

#include "asn1/asn1.h"
#include "pem/pem.h"

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef CERTKIT_VERSION
#define CERTKIT_VERSION "0.0.0"
#endif

/* Exit codes (SPEC). */
#define CLI_OK 0
#define CLI_BAD_DATA 1
#define CLI_USAGE 2           /* also environment: files, memory, terminal */
#define CLI_CHECK_FAILED 3

/* Long-only option codes handled by cli_getopt.  Tools use codes >= CLI_OPT_TOOL for theirs. */
enum {
    CLI_O_OUTFORM = 0x100,
    CLI_O_STRICT,
    CLI_O_JSON,
    CLI_O_PEM,
    CLI_O_AT,
    CLI_O_PASS,
    CLI_O_PASS_OUT,
    CLI_OPT_TOOL = 0x200,
};

/* struct option entries for the common options (use the matching short letters). */
#define CLI_OPT_HELP     { "help", no_argument, NULL, 'h' }
#define CLI_OPT_VERSION  { "version", no_argument, NULL, 'V' }
#define CLI_OPT_INFORM   { "inform", required_argument, NULL, 'i' }
#define CLI_OPT_OUTPUT   { "output", required_argument, NULL, 'o' }
#define CLI_OPT_OUTFORM  { "outform", required_argument, NULL, CLI_O_OUTFORM }
#define CLI_OPT_STRICT   { "strict", no_argument, NULL, CLI_O_STRICT }
#define CLI_OPT_JSON     { "json", no_argument, NULL, CLI_O_JSON }
#define CLI_OPT_PEM      { "pem", no_argument, NULL, CLI_O_PEM }
#define CLI_OPT_FIELDS   { "fields", required_argument, NULL, 'f' }
#define CLI_OPT_AT       { "at", required_argument, NULL, CLI_O_AT }
#define CLI_OPT_PASS     { "pass", required_argument, NULL, CLI_O_PASS }
#define CLI_OPT_PASS_OUT { "pass-out", required_argument, NULL, CLI_O_PASS_OUT }

typedef enum cli_outform { CLI_OUTFORM_DEFAULT = 0, CLI_OUTFORM_PEM, CLI_OUTFORM_DER } cli_outform;

/* cli_out_open flags */
#define CLI_OUT_BINARY 1u     /* DER: never to a terminal */
#define CLI_OUT_SECRET 2u     /* holds a private key: file mode 0600 */

/** The output: one buffer flushed in large writes; with -o a temporary renamed at the end. */
typedef struct cli_out {
    int fd;                 /* -1 until opened */
    buf_t buf;              /* pending bytes (tools may append to it: cli_outbuf) */
    char *path;             /* the -o file, NULL for standard output */
    char *tmp;              /* the temporary beside it */
    bool failed;            /* a write failed (reported once) */
    bool secret;            /* the -o file keeps mode 0600 */
} cli_out;

typedef struct cli {
    const char *prog;
    const char *usage;      /* full usage text, ending in a newline */
    int status;             /* worst exit code so far (cli_status) */
    /* common options as parsed */
    in_form inform;
    cli_outform outform;
    const char *outfile;
    bool strict, json, pem;
    const char *fields;
    bool have_at;
    int64_t at;
    const char *pass_src, *pass_out_src;
    cli_out out;
} cli_t;

void cli_init(cli_t *c, const char *prog, const char *usage);

/**
 * getopt_long over argv that handles the common options itself (-h/--help, -V/--version,
 * -i/--inform, -o/--output, --outform, --strict, --json, --pem, -f/--fields, --at, --pass,
 * --pass-out: those the tool lists in shortopts/longopts) and returns the others.  Unknown
 * options and missing arguments print the reason and the usage, exit 2.  Returns -1 at
 * the end of the options ("--" ends them); optind is then the first operand.
 */
int cli_getopt(cli_t *c, int argc, char **argv, const char *shortopts, const struct option *longopts);

/** Prints "TOOL: reason" and the usage on stderr and exits 2. */
_Noreturn void cli_usage_error(cli_t *c, const char *fmt, ...) CK_PRINTF(2, 3);
/** Prints the usage on stdout and exits 0. */
_Noreturn void cli_help(cli_t *c);
/** Prints "TOOL (certkit) VERSION" and exits 0. */
_Noreturn void cli_version(cli_t *c);

/* ------------------------------------------------------------ status */

/** Records an exit code: the worst wins (2 > 1 > 3 > 0: environment, bad data, failed check). */
void cli_status(cli_t *c, int code);
/** Ranks exit codes the way cli_status does (for tests). */
int cli_worst(int a, int b);

/* ---------------------------------------------------------- messages */

/** The name shown for an input path ("(stdin)" for "-" or NULL). */
const char *cli_name(const char *path);
/** "TOOL: WHAT"; records code. */
void cli_error(cli_t *c, int code, const char *fmt, ...) CK_PRINTF(3, 4);
/** "TOOL: FILE: WHAT"; records code. */
void cli_ferror(cli_t *c, const char *file, int code, const char *fmt, ...) CK_PRINTF(4, 5);
/** "TOOL: FILE: [block N: ]WHAT" for an object's position; records code. */
void cli_perror(cli_t *c, const char *file, const in_pos *pos, int code, const char *fmt, ...)
    CK_PRINTF(5, 6);

/**
 * Prints a diagnostic about an object at pos in file: an error (records 1) or, with
 * warning, a warning line (which --strict turns into an error).
 */
void cli_diag(cli_t *c, const char *file, const in_pos *pos, const asn1_diag *d, bool warning);

/**
 * Prints every warning and then the error of a decoding context for an object
 * (warnings count as errors with --strict).  Returns the exit code it recorded (0 or 1).
 */
int cli_report_ctx(cli_t *c, const char *file, const in_pos *pos, const asn1_ctx *ctx);

/**
 * Reports a problem input_next() returned (IN_BAD: exit 1, IN_WARN: a warning, IN_FATAL:
 * exit 2).  Returns true when reading this input must stop (IN_FATAL).
 */
bool cli_input_problem(cli_t *c, const input_t *in, in_status st);

/**
 * The next object of an input, the problems met on the way reported through
 * cli_input_problem(): true with in->obj set, false at the end of the input or after
 * a problem that ends it.  The loop of every tool: while (cli_next_object(c, &in)) ...
 */
bool cli_next_object(cli_t *c, input_t *in);

/**
 * When the object is not of kind `want`, says what it is and which tool reads it
 * ("this is a CRL (X509 CRL); use crldump"), records 1 and returns true.
 */
bool cli_wrong_kind(cli_t *c, const input_t *in, const in_obj *o, asn1_kind want);

/**
 * For an object read from PEM (DER and base64 lines are framed by the reader itself):
 * checks that the block's bytes are exactly one DER/BER element.  Legacy encrypted
 * blocks (Proc-Type: 4,ENCRYPTED) hold ciphertext and pass.  On failure prints
 * "block N: offset X: the DER is truncated..." (or trailing bytes), records 1 and
 * returns false - for tools that pass bytes on without decoding them (der2pem, pem2der).
 */
bool cli_check_framing(cli_t *c, const input_t *in, const in_obj *o);

/* -------------------------------------------------------------- input */

/** Opens an operand; on failure prints "TOOL: FILE: cannot open: why", records 2, returns false. */
bool cli_input_open(cli_t *c, input_t *in, const char *path);

/** The k-th operand (0-based): argv[optind + k]; "-" for k == 0 when there is none; NULL after. */
const char *cli_operand(int argc, char **argv, int k);

/* ------------------------------------------------------------- output */

/**
 * Opens the output: c->outfile (-o) as a temporary in its folder, or standard output.
 * CLI_OUT_BINARY refuses a terminal (exit 2).  The temporary is created 0600 and
 * gets 0666 & ~umask at the rename unless CLI_OUT_SECRET (or cli_out_secret) said it
 * holds a private key, whatever the umask.  On failure prints why and exits 2.
 */
void cli_out_open(cli_t *c, unsigned flags);
/** Marks the output as holding a private key: an -o file keeps mode 0600. */
void cli_out_secret(cli_t *c);
/** The output buffer: append, then call cli_out_check(). */
static inline buf_t *cli_outbuf(cli_t *c) { return &c->out.buf; }
/** Writes the buffer out when it has grown large (1 MiB). */
void cli_out_check(cli_t *c);
void cli_write(cli_t *c, const void *p, size_t n);
void cli_puts(cli_t *c, const char *s);
void cli_printf(cli_t *c, const char *fmt, ...) CK_PRINTF(2, 3);
/** True when fd is a terminal a binary format must not go to. */
bool cli_fd_refuses_binary(int fd);

/**
 * Ends the run: flushes the output; with -o renames the temporary into place when the
 * status is 0 or 3, and removes it otherwise (no partial file).  Returns the exit code.
 */
int cli_finish(cli_t *c);
/** Like cli_finish, choosing whether an -o file is kept. */
int cli_finish_commit(cli_t *c, bool keep);

/* ---------------------------------------------------------- passwords */

/** A password: absent (given == false) is not the same as empty (given, len 0). */
typedef struct cli_pass {
    char *s;                /* NUL-terminated; NULL when absent */
    size_t len;
    bool given;
} cli_pass;

/**
 * Gets a password from src: "pass:TEXT", "env:VAR", "file:PATH" (first line), "fd:N"
 * (first line), "stdin" (first line).  With src NULL: prompts without echo on the
 * terminal when standard input is one (twice when confirm), else leaves it absent.
 * Returns 0, or prints why and returns 2.
 */
int cli_pass_get(cli_t *c, const char *src, const char *prompt, bool confirm, cli_pass *out);
/** Wipes and frees. */
void cli_pass_wipe(cli_pass *p);

struct p12_passwords;
/**
 * The password candidates for pw, in the order to try them: the given one ("empty"
 * when it is empty, and with absent_too the absent password after it: a PKCS#12 file
 * made "without a password" may have used either, RFC 7292 B.1); when none was given,
 * absent then empty.  out borrows pw's text.
 */
void cli_pass_candidates(const cli_pass *pw, bool absent_too, struct p12_passwords *out);
/** Reads the first line of fd (not past it), wiping whatever it discards. 0 or an errno. */
int cli_read_line_fd(int fd, cli_pass *out);

#endif /* CERTKIT_CLI_H */
