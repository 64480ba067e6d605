/* test-interpolant-gui.c — the interpolant kind in the window under Xvfb: the official g2
 * example runs through the experiment page (20 steps, paused, m changed, 20 more), a live change
 * of m while paused redraws the critic, and every view of the kind draws from its snapshot. With
 * GANSCAPE_SCREENSHOT_DIR set it writes a PNG of each view. */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "gs-application.h"
#include "gui-test-util.h"
#include "gs-config.h"
#include "gs-figure-view.h"
#include "gs-platform-ui.h"

static GsApplication *app;

/* The first widget of type under root (depth first) whose tooltip is tooltip (or any). */
static GtkWidget *find_widget(GtkWidget *root, GType type, const char *tooltip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE(root, type) &&
      (!tooltip || !g_strcmp0(gtk_widget_get_tooltip_text(root), tooltip)))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_widget(c, type, tooltip);
    if (found) return found;
  }
  return NULL;
}

static GsFigure *shown_figure(GtkWidget *page)
{
  GsFigureView *fv = GS_FIGURE_VIEW(find_widget(page, GS_TYPE_FIGURE_VIEW, NULL));
  g_assert_nonnull(fv);
  return gs_figure_view_get_figure(fv);
}

static void test_views(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gs_platform_ui_install(win);
  gtk_window_set_default_size(GTK_WINDOW(win), 1280, 800);
  gtk_window_present(GTK_WINDOW(win));
  gui_pump(200);
  g_autoptr(GError) error = NULL;
  g_autofree char *example = g_build_filename(GS_SOURCE_DIR, "data", "examples",
                                              "interpolant-g2-poly-wgan.ganscape.json", NULL);
  GsExperimentPage *page = gs_platform_ui_open_path(win, example, &error);
  g_assert_no_error(error);
  GsRunner *runner = gs_window_get_runner(win);
  GtkDropDown *views = GTK_DROP_DOWN(find_widget(GTK_WIDGET(page), GTK_TYPE_DROP_DOWN, "View"));
  g_assert_nonnull(views);

  /* 20 steps, then paused: m = 2 redraws the critic (kernel r² log r) on the same batches */
  gs_runner_step(runner, 20);
  gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (gs_runner_get_steps_done(runner) < 20 || gs_runner_get_state(runner) != GS_RUNNER_PAUSED) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    gui_pump(10);
  }
  gui_pump(200);
  /* held, so that the pointer cannot be reused by the next figure */
  GsFigure *before = gs_figure_ref(shown_figure(GTK_WIDGET(page)));
  g_assert_nonnull(strstr(gs_figure_get_title(before), "Poly-WGAN critic — step 20"));
  gui_screenshot(GTK_WIDGET(win), "interpolant-m1.png");
  gs_runner_set_param(runner, "m", g_variant_new_int64(2));
  deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (shown_figure(GTK_WIDGET(page)) == before) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    gui_pump(20);
  }
  gs_figure_unref(before);
  gui_screenshot(GTK_WIDGET(win), "interpolant-m2.png");

  /* back to m = 1 (thin plate on g2 at lr 0.01 runs away), 20 more steps, then every view draws */
  gs_runner_set_param(runner, "m", g_variant_new_int64(1));
  gs_runner_step(runner, 20);
  deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (gs_runner_get_steps_done(runner) < 40 || gs_runner_get_state(runner) != GS_RUNNER_PAUSED) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    gui_pump(10);
  }
  gui_pump(200);
  GListModel *titles = gtk_drop_down_get_model(views);
  const char *expected[] = {"Critic",
                            "Critic surface",
                            "Kernel φ(r)",
                            "W2² and energy distance",
                            "Trained vs closed form",
                            "Samples"};
  for (guint i = 0; i < G_N_ELEMENTS(expected); i++) {
    const char *title = gtk_string_list_get_string(GTK_STRING_LIST(titles), i);
    g_assert_cmpstr(title, ==, expected[i]);
    gtk_drop_down_set_selected(views, i);
    gui_pump(100);
    GsFigure *fig = shown_figure(GTK_WIDGET(page));
    g_assert_nonnull(fig);
    /* the comparison and the sample grids say what they need instead (g2, Poly-WGAN) */
    g_assert_cmpint(gs_figure_get_n_panels(fig), >=, i < 4 ? 1 : 0);
    g_autofree char *name = g_strdup_printf("interpolant-view-%u.png", i);
    gui_screenshot(GTK_WIDGET(win), name);
  }
  /* the 3-D surface as a narrow pane draws it (300 × 420 pt): axis labels and legend inside */
  gtk_drop_down_set_selected(views, 1);
  gui_pump(100);
  const char *dir = g_getenv("GANSCAPE_SCREENSHOT_DIR");
  if (dir) {
    GsRenderOptions opts;
    gs_render_options_init(&opts, 300, 420);
    cairo_surface_t *img =
        gs_figure_render_image(shown_figure(GTK_WIDGET(page)), &opts, 96.0 / 72, NULL);
    g_autofree char *path = g_build_filename(dir, "interpolant-surface-narrow.png", NULL);
    g_assert_cmpint(cairo_surface_write_to_png(img, path), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(img);
  }
  gtk_window_destroy(GTK_WINDOW(win));
  gui_pump(100);
}

/* The first GtkLabel under root whose text contains part, or NULL. */
static GtkWidget *find_label_containing(GtkWidget *root, const char *part)
{
  if (GTK_IS_LABEL(root) && strstr(gtk_label_get_text(GTK_LABEL(root)), part)) return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_label_containing(c, part);
    if (found) return found;
  }
  return NULL;
}

/* A live m that the trained order-m critic does not take is refused, and the window says so
 * (the status line and the row) instead of going on silently with the old m; the form goes
 * back to the m the run uses. */
static void test_order_m_refused(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gs_platform_ui_install(win);
  gtk_window_set_default_size(GTK_WINDOW(win), 1280, 800);
  gtk_window_present(GTK_WINDOW(win));
  gui_pump(100);
  g_autofree char *dir = g_dir_make_tmp("gs-interp-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "order-m.ganscape.json", NULL);
  const char *text = "{\"format\": \"ganscape-experiment\", \"version\": 1, \"kind\": "
                     "\"interpolant\", \"seed\": 2, \"backend\": \"cpu\", \"steps\": 50, "
                     "\"params\": {\"critic\": \"order-m\", \"m\": 4, \"batch\": 16, "
                     "\"grid\": 16, \"d_steps\": 1}}";
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  g_autoptr(GError) error = NULL;
  GsExperimentPage *page = gs_platform_ui_open_path(win, path, &error);
  g_assert_no_error(error);
  g_assert_nonnull(page);
  GsRunner *runner = gs_window_get_runner(win);
  gs_runner_step(runner, 1);
  gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (gs_runner_get_steps_done(runner) < 1 || gs_runner_get_state(runner) != GS_RUNNER_PAUSED) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    gui_pump(10);
  }
  /* as a user does it: m = 5 typed into the form */
  GsParamForm *form = gs_experiment_page_get_form(page);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(gs_param_form_get_editor(form, "m")), 5);
  gui_pump(20);
  deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (!find_label_containing(GTK_WIDGET(win), "a trained order-m critic exists for m ≤ 4")) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    gui_pump(20);
  }
  g_assert_cmpint(gs_param_values_get_int(gs_param_form_get_values(form), "m"), ==, 4);
  g_assert_cmpfloat(gtk_spin_button_get_value(GTK_SPIN_BUTTON(gs_param_form_get_editor(form, "m"))),
                    ==, 4);
  g_assert_nonnull(strstr(gs_param_form_get_message(form, "m"), "m ≤ 4"));
  gui_screenshot(GTK_WIDGET(win), "interpolant-order-m-refused.png");
  gtk_window_destroy(GTK_WINDOW(win));
  gui_pump(100);
  g_unlink(path);
  g_rmdir(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  app = gui_test_app_new("gs-interp-gui");
  if (!app) return g_test_run();
  g_test_add_func("/interpolant-gui/views", test_views);
  g_test_add_func("/interpolant-gui/order-m-refused", test_order_m_refused);
  return gui_test_app_run(app);
}
