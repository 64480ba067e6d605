/* gs-cli.h — the subcommands of ganscape-cli, one per file (app/cli/gs-cli-<name>.c).
 *
 * app/programs/ganscape-cli.c dispatches `ganscape-cli NAME ARGS…` to gs_cli_<name>() with
 * argv[0] = NAME, so a subcommand parses its own options (GOptionContext works as is):
 *
 *     int gs_cli_runs(int argc, char **argv)   // argv = { "runs", "list", "--store", … }
 *
 * Every subcommand answers `--help` with its usage on stdout and exit status 0, and returns
 * one of the exit codes below (ganscape-cli --help lists them). `bench` is declared in
 * app/bench/gs-bench.h.
 */
#ifndef GS_CLI_H
#define GS_CLI_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  GS_CLI_EXIT_OK = 0,          /* success */
  GS_CLI_EXIT_FAILED = 1,      /* the run, sweep or export failed */
  GS_CLI_EXIT_USAGE = 2,       /* unknown command or option, bad value */
  GS_CLI_EXIT_UNAVAILABLE = 3, /* not available in this build */
} GsCliExit;

int gs_cli_run(int argc, char **argv);
int gs_cli_sweep(int argc, char **argv);
int gs_cli_runs(int argc, char **argv);
int gs_cli_export(int argc, char **argv);
int gs_cli_metrics(int argc, char **argv);
int gs_cli_import_curves(int argc, char **argv);

/* For a subcommand whose issue has not landed: says so (naming what brings it, e.g. "the
 * experiment platform (issue #6)") and returns GS_CLI_EXIT_UNAVAILABLE; with --help, says the
 * same on stdout and returns GS_CLI_EXIT_OK. */
int gs_cli_not_available(int argc, char **argv, const char *arrives_with);

G_END_DECLS

#endif /* GS_CLI_H */
