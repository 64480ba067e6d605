/* test-robust-gui.c — the robust kind in the window under Xvfb: a short run through the
 * window's runner, then every one of its views chosen in the page's view menu (each must build
 * a figure without a warning). With GANSCAPE_SCREENSHOT_DIR set it writes a PNG of each. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "experiments/robust/gs-robust.h"
#include "gs-application.h"
#include "gs-config.h"
#include "gs-platform-ui.h"
#include "gs-window.h"
#include "views/gs-view.h"

static GsApplication *app;

static void pump(int ms)
{
  gint64 end = g_get_monotonic_time() + ms * 1000;
  while (g_get_monotonic_time() < end)
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(1000);
}

static void screenshot(GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv("GANSCAPE_SCREENSHOT_DIR");
  if (!dir) return;
  pump(600);
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

static GtkWidget *find_widget(GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE(root, type)) return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_widget(c, type);
    if (found) return found;
  }
  return NULL;
}

/* The view menu: the drop-down whose entries include the kind's first view's title. */
static GtkDropDown *view_menu(GtkWidget *root)
{
  if (GTK_IS_DROP_DOWN(root)) {
    GListModel *m = gtk_drop_down_get_model(GTK_DROP_DOWN(root));
    for (guint i = 0; m && i < g_list_model_get_n_items(m); i++)
      if (GTK_IS_STRING_LIST(m) &&
          g_str_equal(gtk_string_list_get_string(GTK_STRING_LIST(m), i), "Accuracy curves"))
        return GTK_DROP_DOWN(root);
  }
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkDropDown *found = view_menu(c);
    if (found) return found;
  }
  return NULL;
}

static void test_robust_page(void)
{
  g_autofree char *probe =
      g_build_filename("/usr/share/datasets/fashion-mnist", "t10k-labels-idx1-ubyte.gz", NULL);
  if (!g_file_test(probe, G_FILE_TEST_EXISTS)) {
    g_test_skip("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
    return;
  }
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gs_platform_ui_install(win);
  gtk_window_set_default_size(GTK_WINDOW(win), 1200, 760);
  gtk_window_present(GTK_WINDOW(win));
  pump(200);
  g_autoptr(GsExperimentFile) f = gs_experiment_file_new(&gs_robust_kind);
  f->seed = 1;
  f->steps = 6;
  g_free(f->backend);
  f->backend = g_strdup("cpu");
  const char *sets[][2] = {{"train_size", "300"},      {"val_size", "100"}, {"test_size", "200"},
                           {"train_eval_size", "100"}, {"hidden", "128"},   {"train_steps", "5"},
                           {"eval_steps", "5"},        {"lr", "0.1"}};
  for (guint i = 0; i < G_N_ELEMENTS(sets); i++)
    g_assert_true(gs_param_values_parse(f->params, sets[i][0], sets[i][1], NULL));
  gs_platform_ui_open(win, f, NULL);
  GsRunner *runner = gs_window_get_runner(win);
  gtk_widget_activate_action(GTK_WIDGET(win), "win.play", NULL);
  gint64 deadline = g_get_monotonic_time() + 120 * G_USEC_PER_SEC;
  while (!gs_runner_state_is_terminal(gs_runner_get_state(runner))) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(500);
  }
  g_assert_cmpint(gs_runner_get_state(runner), ==, GS_RUNNER_FINISHED);
  g_assert_cmpint(gs_runner_get_steps_done(runner), ==, 6);
  pump(300);
  GtkDropDown *menu = view_menu(GTK_WIDGET(win));
  g_assert_nonnull(menu);
  guint n_views = 0;
  g_autofree const GsView **views = gs_views_for_kind("robust", &n_views);
  g_assert_cmpuint(n_views, >=, 7); /* six of its own and "metrics" */
  for (guint i = 0; i < n_views; i++) {
    gtk_drop_down_set_selected(menu, i);
    g_autofree char *name = g_strdup_printf("robust-%s.png", views[i]->name);
    screenshot(GTK_WIDGET(win), name);
  }
  g_assert_nonnull(find_widget(GTK_WIDGET(win), GTK_TYPE_DROP_DOWN));
  gtk_window_destroy(GTK_WINDOW(win));
  pump(100);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_autofree char *tmp = g_dir_make_tmp("gs-gui-robust-XXXXXX", NULL);
  g_autofree char *store = g_build_filename(tmp, "runs.sqlite", NULL);
  g_setenv("GANSCAPE_STORE", store, TRUE);
  if (!gtk_init_check()) {
    if (g_getenv("GANSCAPE_REQUIRE_DISPLAY")) g_error("no display: run under xvfb-run");
    g_test_skip("no display (run under xvfb-run)");
    return g_test_run();
  }
  gs_experiments_register_builtin();
  app = gs_application_new();
  g_application_set_flags(G_APPLICATION(app), G_APPLICATION_NON_UNIQUE);
  g_assert_true(g_application_register(G_APPLICATION(app), NULL, NULL));
  g_application_hold(G_APPLICATION(app));
  g_test_add_func("/robust-gui/page-and-views", test_robust_page);
  int status = g_test_run();
  g_application_release(G_APPLICATION(app));
  g_object_unref(app);
  g_remove(store);
  g_rmdir(tmp);
  return status;
}
