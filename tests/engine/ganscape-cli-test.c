/* ganscape-cli-test — ganscape-cli's platform subcommands with the synthetic test kind
 * registered, for test-cli (the product's ganscape-cli never has that kind). */
#include <locale.h>
#include <string.h>

#include "gs-cli.h"
#include "gs-test-kind.h"

int main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  gs_test_kind_register();
  static const struct {
    const char *name;
    int (*main)(int, char **);
  } commands[] = {{"run", gs_cli_run},
                  {"sweep", gs_cli_sweep},
                  {"runs", gs_cli_runs},
                  {"metrics", gs_cli_metrics},
                  {"export", gs_cli_export}};
  if (argc < 2) return GS_CLI_EXIT_USAGE;
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    if (strcmp(argv[1], commands[i].name) == 0) return commands[i].main(argc - 1, argv + 1);
  g_printerr("ganscape-cli-test: unknown command %s\n", argv[1]);
  return GS_CLI_EXIT_USAGE;
}
