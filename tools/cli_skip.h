/*
 * cli_skip.h - objects of another kind in a tool's input (certdump's rule, shared):
 * in an input that holds objects of the tool's kind too (a CRL file that carries its
 * CA certificate, a server.pem with its key) they are skipped with a warning; in an
 * input that holds none they are errors that name the tool to use.  Until the first
 * object of the tool's kind is seen, the messages wait here.
 */
#ifndef CERTKIT_CLI_SKIP_H
#define CERTKIT_CLI_SKIP_H

#include "tools/cli.h"

typedef struct cli_skip {
    const char *what;           /* the tool's kind, for messages: "certificate request" */
    struct {
        in_pos pos;
        char msg[200];
    } pending[8];
    unsigned npending, ndropped;
} cli_skip;

/** An object of kind k that is not the tool's; seen: objects of the tool's kind met so far in this input. */
void cli_skip_other(cli_t *c, cli_skip *s, const input_t *in, const in_obj *o, asn1_kind k, size_t seen);
/** Prints the held-back messages: warnings when seen > 0, else errors (exit 1).  Call after
 *  each object of the tool's kind and at the end of each input. */
void cli_skip_flush(cli_t *c, cli_skip *s, const input_t *in, size_t seen);

#endif /* CERTKIT_CLI_SKIP_H */
