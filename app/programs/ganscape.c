/* ganscape — the GTK 4 application; everything but main lives in ui/. */
#include <glib/gi18n.h>

#include "gs-application.h"
#include "gs-config.h"
#include "gs-i18n.h"

int main(int argc, char **argv)
{
  gs_i18n_init();

  /* Without its settings schema the app cannot start: say how to get one. */
  g_autoptr(GSettingsSchema) schema =
      g_settings_schema_source_lookup(g_settings_schema_source_get_default(), GS_APP_ID, TRUE);
  if (!schema) {
    g_printerr(_("ganscape: the settings schema %s is not installed. Install Ganscape "
                 "(meson install) or start it from the build folder with “meson devenv -C "
                 "_build ganscape”.\n"),
               GS_APP_ID);
    return 1;
  }

  g_autoptr(GsApplication) app = gs_application_new();
  return g_application_run(G_APPLICATION(app), argc, argv);
}
