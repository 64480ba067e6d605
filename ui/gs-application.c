/* gs-application.c — the Ganscape GtkApplication. */
#include "gs-application.h"

#include <glib/gi18n.h>

#include "gs-config.h"
#include "gs-platform-ui.h"
#include "gs-preferences-window.h"
#include "gs-window.h"

struct _GsApplication {
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE(GsApplication, gs_application, GTK_TYPE_APPLICATION)

static void quit_activated(GSimpleAction *action, GVariant *param, gpointer app)
{
  /* Closing the windows (not g_application_quit) lets each save its size and stop its run. */
  GList *windows = g_list_copy(gtk_application_get_windows(GTK_APPLICATION(app)));
  for (GList *l = windows; l; l = l->next) gtk_window_close(l->data);
  g_list_free(windows);
}

static void about_activated(GSimpleAction *action, GVariant *param, gpointer app)
{
  static const char *developers[] = {"The Ganscape developers", NULL};
  gtk_show_about_dialog(
      gtk_application_get_active_window(GTK_APPLICATION(app)), "program-name", _("Ganscape"),
      "logo-icon-name", GS_APP_ID, "version", GS_VERSION, "comments",
      _("A desktop lab for watching how GANs and robust models "
        "learn"),
      "website", "https://github.com/ganscape/ganscape", "license-type", GTK_LICENSE_GPL_3_0,
      "copyright", "© 2026 The Ganscape developers", "authors", developers,
      /* TRANSLATORS: your names, one per line. */
      "translator-credits", _("translator-credits"), NULL);
}

static void preferences_activated(GSimpleAction *action, GVariant *param, gpointer app)
{
  GtkWindow *parent = gtk_application_get_active_window(GTK_APPLICATION(app));
  gtk_window_present(GTK_WINDOW(gs_preferences_window_new(parent)));
}

static const GActionEntry app_actions[] = {
    {.name = "quit", .activate = quit_activated},
    {.name = "about", .activate = about_activated},
    {.name = "preferences", .activate = preferences_activated},
};

/* Accelerators in one table; the shortcuts window and the tooltips read them back. */
static const struct {
  const char *action;
  const char *accel;
} accels[] = {
    {"app.quit", "<Control>q"},
    {"app.preferences", "<Control>comma"},
    {"window.close", "<Control>w"},
    {"win.show-help-overlay", "<Control>question"},
    {"win.play", "F5"},
    {"win.pause", "F6"},
    {"win.step", "F7"},
    {"win.reset", "<Control>r"},
};

static void gs_application_startup(GApplication *application)
{
  G_APPLICATION_CLASS(gs_application_parent_class)->startup(application);

  g_set_application_name(_("Ganscape"));
  gtk_window_set_default_icon_name(GS_APP_ID);
  g_action_map_add_action_entries(G_ACTION_MAP(application), app_actions, G_N_ELEMENTS(app_actions),
                                  application);
  for (gsize i = 0; i < G_N_ELEMENTS(accels); i++) {
    const char *list[] = {accels[i].accel, NULL};
    gtk_application_set_accels_for_action(GTK_APPLICATION(application), accels[i].action, list);
  }

  GtkCssProvider *css = gtk_css_provider_new();
  gtk_css_provider_load_from_resource(css, "/io/github/ganscape/Ganscape/style.css");
  gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref(css);
}

/* The first impression (issue 7): a GAN training live on the 8-Gaussian ring, non-saturating
 * loss, the landscape filling the window. GANSCAPE_NO_AUTOPLAY=1 opens it paused. */
static void open_first_experiment(GsWindow *window)
{
  const GsExperimentKind *kind = gs_experiment_kind_lookup("landscape");
  if (!kind) return;
  g_autoptr(GsExperimentFile) file = gs_experiment_file_new(kind);
  file->seed = 1;
  gs_platform_ui_open(window, file, NULL);
  if (!g_getenv("GANSCAPE_NO_AUTOPLAY"))
    gtk_widget_activate_action(GTK_WIDGET(window), "win.play", NULL);
}

static void gs_application_activate(GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window(GTK_APPLICATION(application));
  if (!window) {
    window = GTK_WINDOW(gs_window_new(GTK_APPLICATION(application)));
    gs_platform_ui_install(GS_WINDOW(window));
    open_first_experiment(GS_WINDOW(window));
  }
  gtk_window_present(window);
}

static void gs_application_class_init(GsApplicationClass *klass)
{
  G_APPLICATION_CLASS(klass)->startup = gs_application_startup;
  G_APPLICATION_CLASS(klass)->activate = gs_application_activate;
}

static void gs_application_init(GsApplication *self) {}

GsApplication *gs_application_new(void)
{
  return g_object_new(GS_TYPE_APPLICATION, "application-id", GS_APP_ID, "flags",
                      G_APPLICATION_DEFAULT_FLAGS, "resource-base-path",
                      "/io/github/ganscape/Ganscape", NULL);
}
