/* gs-preferences-window.c — the Preferences window. */
#include "gs-preferences-window.h"

#include "gs-config.h"

struct _GsPreferencesWindow {
  GtkWindow parent_instance;
  GSettings *settings;
  GtkDropDown *backend_dropdown;
  GtkDropDown *theme_dropdown;
  GtkDropDown *export_size_dropdown;
};

G_DEFINE_FINAL_TYPE(GsPreferencesWindow, gs_preferences_window, GTK_TYPE_WINDOW)

/* The schema's choices, in the order of the drop-down items in gs-preferences-window.ui. */
static const char *const backend_ids[] = {"auto", "cpu", "vulkan", NULL};
static const char *const theme_ids[] = {"light", "dark", "transparent", NULL};
static const char *const export_size_ids[] = {"slide-16x9",   "beamer", "paper-single",
                                              "paper-double", "square", NULL};

static gboolean choice_to_index(GValue *value, GVariant *variant, gpointer ids)
{
  const char *id = g_variant_get_string(variant, NULL);
  for (guint i = 0; ((const char *const *) ids)[i]; i++) {
    if (g_str_equal(((const char *const *) ids)[i], id)) {
      g_value_set_uint(value, i);
      return TRUE;
    }
  }
  return FALSE;
}

static GVariant *index_to_choice(const GValue *value, const GVariantType *type, gpointer ids)
{
  guint index = g_value_get_uint(value);
  if (index >= g_strv_length((char **) ids)) return NULL;
  return g_variant_new_string(((const char *const *) ids)[index]);
}

/* Keep a string key with <choices> and a drop-down's selection in step, both ways. */
static void bind_choice(GSettings *settings, const char *key, GtkDropDown *dropdown,
                        const char *const *ids)
{
  g_settings_bind_with_mapping(settings, key, dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                               choice_to_index, index_to_choice, (gpointer) ids, NULL);
}

static void gs_preferences_window_dispose(GObject *object)
{
  GsPreferencesWindow *self = GS_PREFERENCES_WINDOW(object);
  g_clear_object(&self->settings);
  gtk_widget_dispose_template(GTK_WIDGET(self), GS_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS(gs_preferences_window_parent_class)->dispose(object);
}

static void gs_preferences_window_class_init(GsPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = gs_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource(
      widget_class, "/io/github/ganscape/Ganscape/gs-preferences-window.ui");
  gtk_widget_class_bind_template_child(widget_class, GsPreferencesWindow, backend_dropdown);
  gtk_widget_class_bind_template_child(widget_class, GsPreferencesWindow, theme_dropdown);
  gtk_widget_class_bind_template_child(widget_class, GsPreferencesWindow, export_size_dropdown);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void gs_preferences_window_init(GsPreferencesWindow *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  self->settings = g_settings_new(GS_APP_ID);
  bind_choice(self->settings, "compute-backend", self->backend_dropdown, backend_ids);
  bind_choice(self->settings, "figure-theme", self->theme_dropdown, theme_ids);
  bind_choice(self->settings, "export-size", self->export_size_dropdown, export_size_ids);
}

GsPreferencesWindow *gs_preferences_window_new(GtkWindow *parent)
{
  return g_object_new(GS_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
