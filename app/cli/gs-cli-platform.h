/* gs-cli-platform.h — what the platform's subcommands (run, sweep, runs, metrics, export)
 * share: the store option, loading a file with overrides, the training loop with its progress
 * display, and plain tables. */
#ifndef GS_CLI_PLATFORM_H
#define GS_CLI_PLATFORM_H

#include <stdio.h>

#include "gs-cli.h"
#include "platform/gs-session.h"

G_BEGIN_DECLS

/* The store named by --store, else $GANSCAPE_STORE, else the user's. Prints the error. */
GsStore *gs_cli_open_store(const char *cmd, const char *store_option);

/* Parse a GOptionContext; on error print "ganscape-cli CMD: …" and return FALSE. */
gboolean gs_cli_parse(const char *cmd, GOptionContext *context, int *argc, char ***argv);

/* Print "ganscape-cli CMD: message" on stderr. */
void gs_cli_error(const char *cmd, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* Load FILE and apply --set name=value, --steps, --seed, --backend (NULL/negative: keep).
 * Prints warnings (errors with --strict) and errors; NULL on failure. */
GsExperimentFile *gs_cli_load_file(const char *cmd, const char *path, char **sets, gint64 steps,
                                   gint64 seed, const char *backend, gboolean strict);

typedef struct {
  gboolean quiet; /* only the final line */
  gint64 checkpoint_every;
  int threads;
  const char *name;
} GsCliRunOptions;

/* Runs a session to its end with a progress bar on a terminal or plain lines when piped, stops
 * cleanly on SIGINT/SIGTERM, records the outcome. Returns an exit code. */
int gs_cli_drive(const char *cmd, GsSession *session, const GsCliRunOptions *options);

/* A table printed with aligned columns, or as CSV or JSON. */
typedef enum { GS_CLI_TABLE, GS_CLI_CSV, GS_CLI_JSON } GsCliFormat;
gboolean gs_cli_format_from_name(const char *name, GsCliFormat *out);
typedef struct _GsCliTable GsCliTable;
GsCliTable *gs_cli_table_new(const char *const *columns);
void gs_cli_table_add(GsCliTable *table, const char *const *cells); /* one per column */
void gs_cli_table_print(GsCliTable *table, GsCliFormat format, FILE *out);
void gs_cli_table_free(GsCliTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsCliTable, gs_cli_table_free)

char *gs_cli_format_time(gint64 unix_us); /* "2024-05-01 14:03:12" in local time, or "" */
char *gs_cli_format_number(double v);     /* shortest round trip, C locale; "" for NaN */

G_END_DECLS

#endif
