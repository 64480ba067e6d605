/* gui-test-util.c — finding widgets, running the main loop and taking screenshots, for the GUI
 * tests. */
#include "gui-test-util.h"

#include <glib/gstdio.h>

#include "platform/gs-experiment.h"

GtkWidget *find_label(GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL(root) && g_strcmp0(gtk_label_get_text(GTK_LABEL(root)), text) == 0) return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_label(c, text);
    if (found) return found;
  }
  return NULL;
}

GtkWidget *find_action_button(GtkWidget *root, const char *action)
{
  if (GTK_IS_BUTTON(root) &&
      g_strcmp0(gtk_actionable_get_action_name(GTK_ACTIONABLE(root)), action) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_action_button(c, action);
    if (found) return found;
  }
  return NULL;
}

void gui_pump(int ms)
{
  gint64 end = g_get_monotonic_time() + ms * 1000;
  while (g_get_monotonic_time() < end)
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(1000);
}

void gui_screenshot(GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv("GANSCAPE_SCREENSHOT_DIR");
  if (!dir) return;
  gui_pump(600); /* let pending frames land */
  int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
  GdkPaintable *paintable = gtk_widget_paintable_new(widget);
  GtkSnapshot *snap = gtk_snapshot_new();
  gdk_paintable_snapshot(paintable, snap, w, h);
  GskRenderNode *node = gtk_snapshot_free_to_node(snap);
  GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));
  GdkTexture *texture =
      gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, w, h));
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_assert_true(gdk_texture_save_to_png(texture, path));
  g_object_unref(texture);
  gsk_render_node_unref(node);
  g_object_unref(paintable);
}

static char *test_store_dir, *test_store;

GsApplication *gui_test_app_new(const char *prefix)
{
  g_autofree char *template = g_strconcat(prefix, "-XXXXXX", NULL);
  test_store_dir = g_dir_make_tmp(template, NULL);
  g_assert_nonnull(test_store_dir);
  test_store = g_build_filename(test_store_dir, "runs.sqlite", NULL);
  g_setenv("GANSCAPE_STORE", test_store, TRUE);
  if (!gtk_init_check()) {
    if (g_getenv("GANSCAPE_REQUIRE_DISPLAY")) g_error("no display: run under xvfb-run");
    g_test_skip("no display (run under xvfb-run)");
    g_rmdir(test_store_dir);
    return NULL;
  }
  gs_experiments_register_builtin();
  GsApplication *app = gs_application_new();
  g_application_set_flags(G_APPLICATION(app), G_APPLICATION_NON_UNIQUE);
  g_assert_true(g_application_register(G_APPLICATION(app), NULL, NULL));
  g_application_hold(G_APPLICATION(app));
  return app;
}

int gui_test_app_run(GsApplication *app)
{
  int status = g_test_run();
  g_application_release(G_APPLICATION(app));
  g_object_unref(app);
  g_remove(test_store);
  g_rmdir(test_store_dir);
  g_clear_pointer(&test_store, g_free);
  g_clear_pointer(&test_store_dir, g_free);
  return status;
}
