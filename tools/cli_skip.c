/* cli_skip.c - objects of another kind in a tool's input (see cli_skip.h). */
#include "tools/cli_skip.h"

#include <stdio.h>
#include <string.h>

void cli_skip_other(cli_t *c, cli_skip *s, const input_t *in, const in_obj *o, asn1_kind k, size_t seen)
{
    char msg[200];
    const char *tool = asn1_kind_tool(k);
    const char *foreign = k == KIND_UNKNOWN && o->label[0] ? pem_label_foreign(o->label) : NULL;
    if (foreign)
        snprintf(msg, sizeof msg, "this is %s", foreign);
    else if (k == KIND_UNKNOWN)
        snprintf(msg, sizeof msg, "this is not a %s: unrecognised structure%s%s%s; asn1dump shows it", s->what,
                 o->label[0] ? " (PEM label \"" : "", o->label, o->label[0] ? "\")" : "");
    else if (tool && strcmp(tool, c->prog) != 0)
        snprintf(msg, sizeof msg, "this is %s %s; use %s", asn1_kind_a(k), asn1_kind_desc(k), tool);
    else
        snprintf(msg, sizeof msg, "this is %s %s, not a %s", asn1_kind_a(k), asn1_kind_desc(k), s->what);
    if (seen > 0) {
        cli_perror(c, in->name, &o->pos, CLI_OK, "warning: skipped: %s", msg);
        return;
    }
    if (s->npending < sizeof s->pending / sizeof s->pending[0]) {
        s->pending[s->npending].pos = o->pos;
        memcpy(s->pending[s->npending].msg, msg, sizeof msg);
        s->npending++;
    } else {
        s->ndropped++;
    }
}

void cli_skip_flush(cli_t *c, cli_skip *s, const input_t *in, size_t seen)
{
    bool warn = seen > 0;
    for (unsigned i = 0; i < s->npending; i++)
        cli_perror(c, in->name, &s->pending[i].pos, warn ? CLI_OK : CLI_BAD_DATA, "%s%s",
                   warn ? "warning: skipped: " : "", s->pending[i].msg);
    if (s->ndropped)
        cli_ferror(c, in->name, warn ? CLI_OK : CLI_BAD_DATA, "%s%u more objects that are not %ss",
                   warn ? "warning: skipped " : "", s->ndropped, s->what);
    s->npending = s->ndropped = 0;
}
