/* test-i18n.c — Ganscape started under LANGUAGE=ja (the environment comes from meson) shows
 * the Japanese translation: the same start-up as ganscape's main, then the window's texts. */
#include <gtk/gtk.h>

#include "gs-application.h"
#include "gs-i18n.h"
#include "gui-test-util.h"

static GtkWindow *window;

static gboolean inspect_cb(gpointer app)
{
  window = gtk_application_get_active_window(GTK_APPLICATION(app));
  if (!window) return G_SOURCE_CONTINUE;
  g_object_ref(window);
  g_application_quit(G_APPLICATION(app));
  return G_SOURCE_REMOVE;
}

static void activate_cb(GApplication *app)
{
  g_timeout_add(50, inspect_cb, app);
}

static void test_japanese_window(void)
{
  GsApplication *app = gs_application_new();
  g_application_set_flags(G_APPLICATION(app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after(app, "activate", G_CALLBACK(activate_cb), NULL);
  char *args[] = {"ganscape", NULL};
  g_assert_cmpint(g_application_run(G_APPLICATION(app), 1, args), ==, 0);
  g_assert_nonnull(window);

  GtkWidget *root = GTK_WIDGET(window);
  g_assert_nonnull(find_label(root, "実験の種類はまだありません"));
  g_assert_nonnull(find_label(root, "Ganscape へようこそ"));
  /* the app opens on the discriminator landscape (issue 7), so its page is in Japanese too */
  g_assert_nonnull(find_label(root, "識別器の地形"));
  g_assert_null(find_label(root, "No experiment kinds yet"));
  g_assert_null(find_label(root, "Welcome to Ganscape"));
  GtkWidget *reset = find_action_button(gtk_window_get_titlebar(window), "win.reset");
  g_assert_true(g_str_has_prefix(gtk_widget_get_tooltip_text(reset), "リセット"));

  gtk_window_destroy(window);
  g_object_unref(window);
  g_object_unref(app);
}

int main(int argc, char **argv)
{
  gs_i18n_init(); /* as ganscape's main does, before anything else */
  g_test_init(&argc, &argv, NULL);
  if (!gtk_init_check()) {
    if (g_getenv("GANSCAPE_REQUIRE_DISPLAY")) g_error("no display: run under xvfb-run");
    g_test_skip("no display (run under xvfb-run)");
    return g_test_run();
  }
  g_test_add_func("/i18n/japanese-window", test_japanese_window);
  return g_test_run();
}
