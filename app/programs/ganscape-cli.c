/* ganscape-cli — Ganscape without a display: dispatches `ganscape-cli COMMAND …` to the
 * subcommands of app/cli/ and app/bench/. Links no GTK (tests/layering checks it). */
#include <glib/gi18n.h>

#include "gs-bench.h"
#include "gs-cli.h"
#include "gs-config.h"
#include "gs-i18n.h"

typedef struct {
  const char *name;
  int (*main)(int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
    {"run", gs_cli_run, N_("Train one experiment from an experiment file")},
    {"sweep", gs_cli_sweep, N_("Train an experiment over a grid of parameter values and seeds")},
    {"runs", gs_cli_runs, N_("List, show, export, merge or delete recorded runs")},
    {"export", gs_cli_export, N_("Export a view of a recorded run as PDF, SVG or PNG")},
    {"metrics", gs_cli_metrics, N_("Print the metric rows of recorded runs")},
    {"bench", gs_cli_bench, N_("Measure the speed of the compute kernels and training steps")},
    {"import-curves", gs_cli_import_curves,
     N_("Record accuracy curves from a CSV file or an output.log as a robust run")},
};

static void print_help(void)
{
  GString *out = g_string_new(NULL);
  g_string_append(out, _("Usage: ganscape-cli COMMAND [OPTION…]\n\n"));
  g_string_append(out, _("Run Ganscape experiments, sweeps, exports and benchmarks without a "
                         "display.\n\n"));
  g_string_append(out, _("Commands:\n"));
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    g_string_append_printf(out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append(out, _("\nOptions:\n"
                         "  -h, --help     Show this help\n"
                         "  -V, --version  Show the version\n\n"));
  g_string_append(out, _("Run “ganscape-cli COMMAND --help” or “ganscape-cli help COMMAND” for "
                         "the options of a command.\n\n"));
  g_string_append(out, _("Exit status:\n"
                         "  0  success\n"
                         "  1  the run, sweep or export failed\n"
                         "  2  usage error (unknown command or option, bad value)\n"
                         "  3  not available in this build\n"));
  g_print("%s", out->str);
  g_string_free(out, TRUE);
}

static const Command *find_command(const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    if (g_str_equal(commands[i].name, name)) return &commands[i];
  return NULL;
}

static int unknown_command(const char *name)
{
  /* TRANSLATORS: %s is what the user typed as a command name. */
  g_printerr(_("ganscape-cli: unknown command “%s”. Run “ganscape-cli --help” for the list.\n"),
             name);
  return GS_CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
  gs_i18n_init();

  if (argc < 2) {
    g_printerr(_("Usage: ganscape-cli COMMAND [OPTION…]\n"
                 "Run “ganscape-cli --help” for the commands.\n"));
    return GS_CLI_EXIT_USAGE;
  }
  const char *arg = argv[1];
  if (g_str_equal(arg, "--help") || g_str_equal(arg, "-h")) {
    print_help();
    return GS_CLI_EXIT_OK;
  }
  if (g_str_equal(arg, "--version") || g_str_equal(arg, "-V")) {
    g_print("ganscape-cli %s\n", GS_VERSION);
    return GS_CLI_EXIT_OK;
  }
  if (g_str_equal(arg, "help")) {
    if (argc < 3) {
      print_help();
      return GS_CLI_EXIT_OK;
    }
    const Command *cmd = find_command(argv[2]);
    if (!cmd) return unknown_command(argv[2]);
    char *help_argv[] = {argv[2], "--help", NULL};
    return cmd->main(2, help_argv);
  }
  if (arg[0] == '-') {
    /* TRANSLATORS: %s is an option the user typed. */
    g_printerr(_("ganscape-cli: unknown option “%s”. Run “ganscape-cli --help”.\n"), arg);
    return GS_CLI_EXIT_USAGE;
  }
  const Command *cmd = find_command(arg);
  if (!cmd) return unknown_command(arg);
  return cmd->main(argc - 1, argv + 1);
}
