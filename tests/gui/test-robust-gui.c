/* test-robust-gui.c — the robust kind in the window under Xvfb: a short run through the
 * window's runner (Fashion-MNIST, and two moons in 2-D), then every one of its views chosen in
 * the page's view menu (each must build a figure without a warning). With
 * GANSCAPE_SCREENSHOT_DIR set it writes a PNG of each. The 2-D view's layers are checked on
 * the figure itself. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "experiments/robust/gs-robust.h"
#include "figure/gs-figure-export.h"
#include "platform/gs-session.h"
#include "views/robust/gs-view-robust.h"
#include "gs-application.h"
#include "gui-test-util.h"
#include "gs-config.h"
#include "gs-figure-view.h"
#include "gs-platform-ui.h"
#include "gs-runs-browser.h"
#include "gs-window.h"
#include "views/gs-view.h"

static GsApplication *app;

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

/* A short run of dataset (fashion-mnist or a 2-D preset) through the window's runner, then
 * every view of the kind chosen in the view menu; screenshots are named prefix-VIEW.png. */
static void run_page(const char *dataset, const char *prefix)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gs_platform_ui_install(win);
  gtk_window_set_default_size(GTK_WINDOW(win), 1200, 760);
  gtk_window_present(GTK_WINDOW(win));
  gui_pump(200);
  g_autoptr(GsExperimentFile) f = gs_experiment_file_new(&gs_robust_kind);
  f->seed = 1;
  f->steps = 6;
  g_free(f->backend);
  f->backend = g_strdup("cpu");
  const char *sets[][2] = {{"train_size", "300"},      {"val_size", "100"}, {"test_size", "200"},
                           {"train_eval_size", "100"}, {"hidden", "128"},   {"train_steps", "5"},
                           {"eval_steps", "5"},        {"lr", "0.1"},       {"dataset", dataset}};
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
  gui_pump(300);
  GtkDropDown *menu = view_menu(GTK_WIDGET(win));
  g_assert_nonnull(menu);
  guint n_views = 0;
  g_autofree const GsView **views = gs_views_for_kind("robust", &n_views);
  g_assert_cmpuint(n_views, >=, 7); /* six of its own and "metrics" */
  for (guint i = 0; i < n_views; i++) {
    gtk_drop_down_set_selected(menu, i);
    g_autofree char *name = g_strdup_printf("%s-%s.png", prefix, views[i]->name);
    gui_screenshot(GTK_WIDGET(win), name);
  }
  g_assert_nonnull(find_widget(GTK_WIDGET(win), GTK_TYPE_DROP_DOWN));
  gtk_window_destroy(GTK_WINDOW(win));
  gui_pump(100);
}

static void test_robust_page(void)
{
  g_autofree char *probe =
      g_build_filename("/usr/share/datasets/fashion-mnist", "t10k-labels-idx1-ubyte.gz", NULL);
  if (!g_file_test(probe, G_FILE_TEST_EXISTS)) {
    g_test_skip("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
    return;
  }
  run_page("fashion-mnist", "robust");
}

/* The same page on two moons: every view builds, the 2-D one included. */
static void test_plane_page(void)
{
  run_page("moons", "robust-moons");
}

/* The robust-2d view of a short two-moons run (no data files needed): the figure has the
 * decision heatmap, the boundary, one ε-ball outline per shown test point drawn to scale (ℓ∞
 * squares: corners at ±ε; ℓ2 discs: radius ε), the perturbation arrows and the points by class;
 * an image run's snapshot gives a figure that says what is missing. */
static void test_plane_view(void)
{
  const char *norms[] = {"linf", "l2"};
  for (int k = 0; k < 2; k++) {
    g_autoptr(GsExperimentFile) f = gs_experiment_file_new(&gs_robust_kind);
    f->seed = 2;
    f->steps = 5;
    g_free(f->backend);
    f->backend = g_strdup("cpu");
    const char *sets[][2] = {{"dataset", "moons"}, {"train_size", "200"}, {"val_size", "0"},
                             {"test_size", "80"},  {"hidden", "32,32"},   {"train_steps", "3"},
                             {"eval_steps", "5"},  {"epsilon", "0.3"},    {"norm", norms[k]}};
    for (guint i = 0; i < G_N_ELEMENTS(sets); i++)
      g_assert_true(gs_param_values_parse(f->params, sets[i][0], sets[i][1], NULL));
    g_autoptr(GError) error = NULL;
    g_autoptr(GsSession) session = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
    g_assert_no_error(error);
    while (!gs_session_is_finished(session)) g_assert_true(gs_session_step(session, &error));
    g_autoptr(GsSnapshot) snap = gs_session_snapshot(session);
    g_assert_nonnull(snap);
    GsFigure *fig = gs_view_robust_plane_build(snap, NULL);
    g_assert_cmpint(gs_figure_get_n_panels(fig), ==, 1);
    g_autofree char *csv = gs_figure_data_csv(fig);
    /* layer kinds and legend labels, in drawing order */
    g_assert_nonnull(strstr(csv, ",heatmap,"));
    g_assert_nonnull(strstr(csv, "contour-level,decision boundary"));
    g_assert_nonnull(strstr(csv, ",quiver,"));
    g_assert_nonnull(strstr(csv, "perturbation (evaluation attack)"));
    g_assert_nonnull(strstr(csv, "class 0"));
    g_assert_nonnull(strstr(csv, "class 1"));
    g_assert_nonnull(strstr(csv, k ? "ℓ2 disc" : "ℓ∞ square"));
    /* the ε-ball outlines: every vertex at distance ε from its point (ℓ∞: in the max norm) */
    int nd;
    gint64 shape[4];
    const float *pts = gs_snapshot_get_floats(snap, "plane_points", &nd, shape);
    g_assert_nonnull(pts);
    g_auto(GStrv) lines = g_strsplit(csv, "\n", -1);
    int ball = 0, vertices = 0;
    for (int i = 0; lines[i]; i++) {
      /* the balls' rows: panel,layer,line,"label, with a comma",i,,x,y,… */
      const char *quote = strrchr(lines[i], '"');
      if (!strstr(lines[i], ",line,\"") || !quote) continue;
      g_auto(GStrv) c = g_strsplit(quote + 1, ",", -1);
      g_assert_cmpuint(g_strv_length(c), >=, 5);
      if (g_ascii_strcasecmp(c[3], "nan") == 0) { /* the break between two balls */
        ball++;
        continue;
      }
      double dx = g_ascii_strtod(c[3], NULL) - pts[ball * 7],
             dy = g_ascii_strtod(c[4], NULL) - pts[ball * 7 + 1];
      double r = k ? hypot(dx, dy) : MAX(fabs(dx), fabs(dy));
      g_assert_cmpfloat(fabs(r - 0.3), <, 1e-4);
      vertices++;
    }
    g_assert_cmpint(ball, ==, (int) shape[0]);
    g_assert_cmpint(vertices, ==, (int) shape[0] * (k ? 37 : 5));
    gs_figure_unref(fig);
  }
  /* a snapshot without the plane's data (an image run) */
  g_autoptr(GsSnapshot) empty = gs_snapshot_builder_end(gs_snapshot_builder_new("robust", 1));
  g_autoptr(GsFigure) none = gs_view_robust_plane_build(empty, NULL);
  g_assert_nonnull(strstr(gs_figure_get_title(none), "2-D"));
}

static GtkWidget *find_named(GtkWidget *root, const char *name)
{
  if (g_strcmp0(gtk_widget_get_name(root), name) == 0) return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_named(c, name);
    if (found) return found;
  }
  return NULL;
}

static void wait_terminal(GsRunner *runner)
{
  gint64 deadline = g_get_monotonic_time() + 120 * G_USEC_PER_SEC;
  while (!gs_runner_state_is_terminal(gs_runner_get_state(runner))) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(500);
  }
}

/* "Run with ablations" on two moons: one click trains the standard run, its three ablations and
 * the weak/strong ε pair one after another on the window's runner, recorded as one group; the
 * curves view then draws each run's robust curves, named by its ablation. Clicking again and
 * stopping ends the group. */
static void test_group_launch(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gs_platform_ui_install(win);
  gtk_window_set_default_size(GTK_WINDOW(win), 1280, 760);
  gtk_window_present(GTK_WINDOW(win));
  gui_pump(200);
  g_autoptr(GsExperimentFile) f = gs_experiment_file_new(&gs_robust_kind);
  f->seed = 2;
  f->steps = 12;
  g_free(f->backend);
  f->backend = g_strdup("cpu");
  const char *sets[][2] = {{"dataset", "moons"}, {"train_size", "200"},      {"val_size", "60"},
                           {"test_size", "200"}, {"train_eval_size", "200"}, {"hidden", "32,32"},
                           {"lr", "0.1"},        {"epsilon", "0.2"},         {"lr_drops", "50,75"}};
  for (guint i = 0; i < G_N_ELEMENTS(sets); i++)
    g_assert_true(gs_param_values_parse(f->params, sets[i][0], sets[i][1], NULL));
  GsExperimentPage *page = gs_platform_ui_open(win, f, NULL);
  GtkWidget *button = find_named(GTK_WIDGET(win), "run-group");
  g_assert_nonnull(button);
  g_assert_cmpstr(gtk_button_get_label(GTK_BUTTON(button)), ==, "Run with _ablations");
  g_signal_emit_by_name(button, "clicked");
  GsRunner *runner = gs_window_get_runner(win);
  wait_terminal(runner); /* one click: it runs, without Play */
  g_assert_cmpint(gs_runner_get_state(runner), ==, GS_RUNNER_FINISHED);
  g_assert_cmpuint(gs_runner_get_steps_done(runner), ==, 6 * 12);
  gui_pump(300);

  /* the store: six runs of one group, in order */
  g_autoptr(GError) error = NULL;
  g_autoptr(GsStore) store = gs_store_open(g_getenv("GANSCAPE_STORE"), &error);
  g_assert_no_error(error);
  g_autoptr(GPtrArray) all = gs_store_list_runs(store, NULL, &error);
  g_assert_cmpuint(all->len, >=, 6);
  const char *group = ((GsRunInfo *) all->pdata[0])->group; /* newest first */
  g_assert_nonnull(group);
  g_autoptr(GPtrArray) runs = gs_store_list_group(store, group, &error);
  g_assert_cmpuint(runs->len, ==, 6);
  const char *suffix[] = {": standard", ": natural",  ": perturbation",
                          ": strong",   ": weak-eps", ": strong-eps"};
  for (guint i = 0; i < 6; i++) {
    GsRunInfo *r = runs->pdata[i];
    g_assert_true(g_str_has_suffix(r->name, suffix[i]));
    g_assert_cmpint(r->status, ==, GS_RUN_FINISHED);
    g_assert_cmpint(r->last_step, ==, 12);
  }

  /* the curves view: one robust test and one robust train curve per run, named by ablation */
  GtkDropDown *menu = view_menu(GTK_WIDGET(win));
  g_assert_nonnull(menu);
  guint n_views = 0;
  g_autofree const GsView **views = gs_views_for_kind("robust", &n_views);
  guint curves = G_MAXUINT;
  for (guint i = 0; i < n_views; i++)
    if (g_str_equal(views[i]->name, "robust-curves")) curves = i;
  g_assert_cmpuint(curves, <, n_views);
  gtk_drop_down_set_selected(menu, curves);
  gui_pump(300);
  GsFigure *fig = gs_figure_view_get_figure(gs_experiment_page_get_figure_view(page));
  g_assert_nonnull(fig);
  g_autofree char *csv = gs_figure_data_csv(fig);
  const char *labels[] = {"Standard",
                          "Natural-data ablation",
                          "Perturbation ablation",
                          "Larger ε_a on small-loss examples",
                          "Weak adversary, ε × 0.5",
                          "Strong adversary, ε × 2"};
  for (guint i = 0; i < G_N_ELEMENTS(labels); i++) {
    g_autofree char *entry = g_strdup_printf(",\"%s\",", labels[i]);
    g_autofree char *plain = g_strdup_printf(",%s,", labels[i]);
    g_assert_true(strstr(csv, entry) || strstr(csv, plain));
  }
  g_assert_null(strstr(csv, "test clean")); /* the group figure shows the robust curves */
  /* two curves a run (robust test and train): twelve line layers */
  g_auto(GStrv) rows = g_strsplit(csv, "\n", -1);
  g_autoptr(GHashTable) line_layers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; rows[i]; i++) {
    g_auto(GStrv) c = g_strsplit(rows[i], ",", 4);
    if (g_strv_length(c) >= 3 && g_str_equal(c[2], "line"))
      g_hash_table_add(line_layers, g_strdup_printf("%s,%s", c[0], c[1]));
  }
  g_assert_cmpuint(g_hash_table_size(line_layers), ==, 12);
  const char *dir = g_getenv("GANSCAPE_SCREENSHOT_DIR");
  if (dir) {
    g_autofree char *png = g_build_filename(dir, "robust-group-curves.png", NULL);
    GsExportOptions opts;
    gs_export_options_init(&opts, GS_SIZE_PAPER_SINGLE, GS_EXPORT_PNG);
    g_assert_true(gs_figure_export(fig, png, &opts, &error));
    g_assert_no_error(error);
  }
  gui_screenshot(GTK_WIDGET(win), "robust-group-window.png");

  /* robust accuracy against ε and per class overlay the group too, one legend entry a run */
  const char *overlay_views[] = {"robust-epsilon", "robust-classes"};
  for (guint v = 0; v < G_N_ELEMENTS(overlay_views); v++) {
    guint at = G_MAXUINT;
    for (guint i = 0; i < n_views; i++)
      if (g_str_equal(views[i]->name, overlay_views[v])) at = i;
    g_assert_cmpuint(at, <, n_views);
    gtk_drop_down_set_selected(menu, at);
    gui_pump(300);
    GsFigure *vf = gs_figure_view_get_figure(gs_experiment_page_get_figure_view(page));
    g_assert_nonnull(vf);
    g_autofree char *vcsv = gs_figure_data_csv(vf);
    for (guint i = 0; i < G_N_ELEMENTS(labels); i++) g_assert_nonnull(strstr(vcsv, labels[i]));
    if (dir) {
      g_autofree char *name = g_strdup_printf("robust-group-%s.png", overlay_views[v]);
      g_autofree char *png = g_build_filename(dir, name, NULL);
      GsExportOptions opts;
      gs_export_options_init(&opts, GS_SIZE_PAPER_DOUBLE, GS_EXPORT_PNG);
      g_assert_true(gs_figure_export(vf, png, &opts, &error));
    }
    g_autofree char *shot = g_strdup_printf("robust-group-window-%s.png", overlay_views[v]);
    gui_screenshot(GTK_WIDGET(win), shot);
  }

  /* the runs browser: each row names its group, the filter keeps one group, and "Overlay
   * Group" compares exactly the group's runs */
  g_action_group_activate_action(G_ACTION_GROUP(win), "show-runs", NULL);
  GsRunsBrowser *browser =
      GS_RUNS_BROWSER(gtk_stack_get_child_by_name(gs_window_get_content(win), "runs"));
  gs_runs_browser_refresh(browser);
  gui_pump(100);
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, all->len);
  g_autofree char *row_text = g_strdup_printf("robust · finished · 12/12 · seed 2 · %s", group);
  g_assert_nonnull(find_label(GTK_WIDGET(browser), row_text));
  GtkDropDown *group_menu = GTK_DROP_DOWN(find_named(GTK_WIDGET(browser), "group-filter"));
  g_assert_nonnull(group_menu);
  g_assert_true(gtk_widget_get_visible(GTK_WIDGET(group_menu)));
  GListModel *groups = gtk_drop_down_get_model(group_menu);
  g_assert_cmpuint(g_list_model_get_n_items(groups), ==, 2); /* all runs, this group */
  g_autofree char *group_label = g_strdup_printf("%s (6 runs)", group);
  g_assert_cmpstr(gtk_string_list_get_string(GTK_STRING_LIST(groups), 1), ==, group_label);
  gtk_drop_down_set_selected(group_menu, 1);
  g_assert_cmpstr(gs_runs_browser_get_group_filter(browser), ==, group);
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, 6);
  /* a run outside the group is ticked first; the group action replaces it */
  GsRunInfo *outsider = NULL;
  for (guint i = 0; i < all->len && !outsider; i++)
    if (g_strcmp0(((GsRunInfo *) all->pdata[i])->group, group)) outsider = all->pdata[i];
  g_assert_nonnull(outsider);
  gs_runs_browser_set_overlaid(browser, outsider->id, TRUE);
  gs_runs_browser_set_metric(browser, "test_robust_acc");
  gs_runs_browser_select(browser, ((GsRunInfo *) runs->pdata[4])->id);
  GtkWidget *overlay_group = find_named(GTK_WIDGET(browser), "overlay-group");
  g_assert_nonnull(overlay_group);
  g_assert_true(gtk_widget_get_sensitive(overlay_group));
  g_signal_emit_by_name(overlay_group, "clicked");
  g_assert_cmpuint(gs_runs_browser_get_n_overlaid(browser), ==, 6);
  gui_pump(300);
  GsFigure *overlay_fig = gs_runs_browser_get_figure(browser);
  g_assert_nonnull(overlay_fig);
  g_autofree char *overlay_csv = gs_figure_data_csv(overlay_fig);
  for (guint i = 0; i < runs->len; i++) {
    GsRunInfo *r = runs->pdata[i];
    g_autofree char *entry = g_strdup_printf("#%" G_GINT64_FORMAT " %s", r->id, r->name);
    g_assert_nonnull(strstr(overlay_csv, entry));
  }
  g_autofree char *outsider_entry = g_strdup_printf("#%" G_GINT64_FORMAT " ", outsider->id);
  g_assert_null(strstr(overlay_csv, outsider_entry));
  gui_screenshot(GTK_WIDGET(win), "runs-browser-group.png");
  gs_runs_browser_set_group_filter(browser, NULL);
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, all->len);
  g_assert_cmpuint(gtk_drop_down_get_selected(group_menu), ==, 0);

  /* a long group, Reset in its first run: that run is recorded as stopped, no later one starts */
  f->steps = 100000;
  GsExperimentPage *long_page = gs_platform_ui_open(win, f, NULL);
  button = find_named(GTK_WIDGET(long_page), "run-group");
  g_assert_nonnull(button);
  g_signal_emit_by_name(button, "clicked");
  GsRunner *group_runner = gs_window_get_runner(win);
  while (gs_runner_get_steps_done(group_runner) < 2) g_main_context_iteration(NULL, TRUE);
  gtk_widget_activate_action(GTK_WIDGET(win), "win.reset", NULL);
  g_assert_true(gs_window_get_runner(win) != group_runner);
  g_assert_cmpint(gs_runner_get_state(gs_window_get_runner(win)), ==, GS_RUNNER_IDLE);
  g_autoptr(GPtrArray) after = gs_store_list_runs(store, NULL, &error);
  g_assert_cmpuint(after->len, ==, all->len + 1);
  GsRunInfo *stopped = after->pdata[0];
  g_assert_true(g_str_has_suffix(stopped->name, ": standard"));
  g_assert_cmpint(stopped->status, ==, GS_RUN_STOPPED);
  g_assert_nonnull(stopped->group);
  g_assert_cmpstr(stopped->group, !=, group);
  gtk_window_destroy(GTK_WINDOW(win));
  gui_pump(100);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  app = gui_test_app_new("gs-gui-robust");
  if (!app) return g_test_run();
  g_test_add_func("/robust-gui/page-and-views", test_robust_page);
  g_test_add_func("/robust-gui/plane-view", test_plane_view);
  g_test_add_func("/robust-gui/plane-page", test_plane_page);
  g_test_add_func("/robust-gui/group-launch", test_group_launch);
  return gui_test_app_run(app);
}
