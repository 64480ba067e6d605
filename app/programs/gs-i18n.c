/* gs-i18n.c — gettext set-up shared by ganscape and ganscape-cli. */
#include "gs-i18n.h"

#include <glib.h>
#include <libintl.h>
#include <locale.h>

#include "gs-config.h"

void gs_i18n_init(void)
{
  setlocale(LC_ALL, "");
  const char *dir = g_getenv("GANSCAPE_LOCALEDIR");
  bindtextdomain(GETTEXT_PACKAGE, dir && *dir ? dir : GS_LOCALEDIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
}
