/* gs-cli-common.c — what several subcommands share. */
#include "gs-cli.h"

#include <glib/gi18n.h>

int gs_cli_not_available(int argc, char **argv, const char *arrives_with)
{
  for (int i = 1; i < argc; i++) {
    if (g_str_equal(argv[i], "--help") || g_str_equal(argv[i], "-h")) {
      /* TRANSLATORS: %s is a subcommand name; the second %s names an issue, e.g. "the
       * experiment platform (issue #6)". */
      g_print(_("Usage: ganscape-cli %s …\n\nNot available in this build yet: it arrives with "
                "%s.\n"),
              argv[0], arrives_with);
      return GS_CLI_EXIT_OK;
    }
  }
  /* TRANSLATORS: %s is a subcommand name; the second %s names an issue. */
  g_printerr(_("ganscape-cli %s: not available yet — it arrives with %s\n"), argv[0], arrives_with);
  return GS_CLI_EXIT_UNAVAILABLE;
}
