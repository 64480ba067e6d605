/* test-figure-view.c — the GTK figure view (suite 'gui', under Xvfb): frames arrive from a
 * worker, the newest figure wins, the value under the pointer, zoom, pan, rotation, reset, and
 * the export dialog writing files. */
#include "gallery.h"
#include "gs-figure-export-dialog.h"
#include "gs-figure-view.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

typedef struct {
  GtkWidget *window;
  GsFigureView *view;
} Fixture;

/* Runs the main loop until cond(data) holds or 10 s pass. */
static gboolean wait_for(gboolean (*cond)(gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (!cond(data) && g_get_monotonic_time() < deadline) g_main_context_iteration(NULL, TRUE);
  return cond(data);
}

typedef struct {
  GsFigureView *view;
  GsFigure *figure;
  guint frames;
} Want;

static gboolean shows(gpointer data)
{
  Want *w = data;
  return gs_figure_view_get_shown_figure(w->view) == w->figure &&
         gs_figure_view_get_frames(w->view) >= w->frames;
}

static void wait_shown(GsFigureView *view, GsFigure *fig)
{
  Want w = {view, fig, 0};
  g_assert_true(wait_for(shows, &w));
}

/* A frame newer than the current one. */
static void wait_next_frame(GsFigureView *view)
{
  Want w = {view, gs_figure_view_get_shown_figure(view), gs_figure_view_get_frames(view) + 1};
  g_assert_true(wait_for(shows, &w));
}

static void fixture_set_up(Fixture *f, gconstpointer data)
{
  f->window = gtk_window_new();
  f->view = GS_FIGURE_VIEW(gs_figure_view_new());
  gtk_window_set_child(GTK_WINDOW(f->window), GTK_WIDGET(f->view));
  gtk_window_set_default_size(GTK_WINDOW(f->window), 480, 360);
  gtk_window_present(GTK_WINDOW(f->window));
}

static void fixture_tear_down(Fixture *f, gconstpointer data)
{
  gtk_window_destroy(GTK_WINDOW(f->window));
  for (int i = 0; i < 20; i++) g_main_context_iteration(NULL, FALSE);
}

static GsFigure *landscape(double shift)
{
  int n = 64;
  float *v = g_new(float, n *n);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) {
      double x = -2 + 4.0 * i / (n - 1), y = -2 + 4.0 * j / (n - 1);
      v[j * n + i] = (float) (1 / (1 + exp(-(x + shift - y))));
    }
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  GsField field = {v, n, n, -2, 2, -2, 2};
  GsLayer *h = gs_panel_add_heatmap(p, &field);
  gs_layer_add_colorbar(h, "D(x)");
  gs_contour_emphasize(gs_panel_add_contours(p, &field, NULL, 3), 0.5, "D = 0.5");
  g_free(v);
  return fig;
}

static void test_frames(Fixture *f, gconstpointer data)
{
  GsFigure *first = landscape(0);
  gs_figure_view_set_figure(f->view, first);
  g_assert_true(gs_figure_is_sealed(first));
  wait_shown(f->view, first);
  g_assert_cmpuint(gs_figure_view_get_frames(f->view), >=, 1);

  /* Fifty snapshots in a burst: set_figure only swaps a pointer, the worker renders the newest
   * one and the stale ones are never drawn. */
  guint before = gs_figure_view_get_frames(f->view);
  GsFigure *last = NULL;
  for (int i = 0; i < 50; i++) {
    GsFigure *fig = landscape(i * 0.02);
    gs_figure_view_set_figure(f->view, fig);
    if (i == 49)
      last = fig;
    else
      gs_figure_unref(fig);
  }
  g_assert_cmpuint(gs_figure_view_get_frames(f->view), ==, before); /* nothing drawn inline */
  wait_shown(f->view, last);
  g_assert_cmpuint(gs_figure_view_get_frames(f->view) - before, <=, 2);
  g_assert_true(gs_figure_view_get_figure(f->view) == last);

  /* A theme change renders again. */
  gs_figure_view_set_theme(f->view, GS_THEME_DARK);
  wait_next_frame(f->view);
  gs_figure_unref(last);
  gs_figure_unref(first);
}

static void test_pointer(Fixture *f, gconstpointer data)
{
  GsFigure *fig = landscape(0);
  gs_figure_view_set_figure(f->view, fig);
  wait_shown(f->view, fig);
  int w = gtk_widget_get_width(GTK_WIDGET(f->view)), h = gtk_widget_get_height(GTK_WIDGET(f->view));
  g_assert_cmpint(w, >, 100);
  /* Mid-plot: a value of the field is shown. */
  double cx = w * 0.45, cy = h * 0.5;
  gs_figure_view_hover(f->view, cx, cy);
  const char *status = gs_figure_view_get_status(f->view);
  g_assert_nonnull(status);
  g_assert_nonnull(strstr(status, "x₁ = "));
  g_assert_nonnull(strstr(status, "D(x) = "));

  /* Zoom in twice as much about the pointer: the view halves. */
  gs_figure_view_zoom_at(f->view, cx, cy, 2);
  int n = 0;
  const GsPanelView *views = gs_figure_view_get_panel_views(f->view, &n);
  g_assert_cmpint(n, ==, 1);
  g_assert_cmpfloat_with_epsilon(views[0].x1 - views[0].x0, 2, 1e-9);
  wait_next_frame(f->view);
  double x0 = views[0].x0;
  /* Dragging right moves the data right: the view slides left. */
  gs_figure_view_drag(f->view, cx, cy, 40, 0);
  views = gs_figure_view_get_panel_views(f->view, &n);
  g_assert_cmpfloat(views[0].x0, <, x0);
  g_assert_cmpfloat_with_epsilon(views[0].x1 - views[0].x0, 2, 1e-9);
  wait_next_frame(f->view);
  /* A double click (or the action) resets it. */
  gs_figure_view_reset_panel_at(f->view, cx, cy);
  views = gs_figure_view_get_panel_views(f->view, &n);
  g_assert_true(isnan(views[0].x0));
  gs_figure_view_zoom_at(f->view, cx, cy, 3);
  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(f->view), "figure.reset-view", NULL));
  gs_figure_view_get_panel_views(f->view, &n);
  g_assert_cmpint(n, ==, 0);
  wait_next_frame(f->view);
  gs_figure_unref(fig);
}

static void test_rotate(Fixture *f, gconstpointer data)
{
  GsFigure *fig = gallery_build("surface");
  gs_figure_view_set_figure(f->view, fig);
  wait_shown(f->view, fig);
  int w = gtk_widget_get_width(GTK_WIDGET(f->view)), h = gtk_widget_get_height(GTK_WIDGET(f->view));
  gs_figure_view_drag(f->view, w * 0.4, h * 0.5, 30, -10);
  int n = 0;
  const GsPanelView *views = gs_figure_view_get_panel_views(f->view, &n);
  g_assert_cmpint(n, ==, 1);
  g_assert_false(isnan(views[0].azimuth));
  g_assert_cmpfloat(views[0].azimuth, !=, -60);
  g_assert_cmpfloat(views[0].elevation, <, 30);
  wait_next_frame(f->view);
  gs_figure_unref(fig);
}

typedef struct {
  gboolean done, ok;
  char *message;
} Finished;

static void on_finished(GtkWidget *dialog, gboolean ok, const char *message, Finished *fin)
{
  fin->done = TRUE;
  fin->ok = ok;
  fin->message = g_strdup(message);
}

static gboolean finished(gpointer data)
{
  return ((Finished *) data)->done;
}

static void test_export_dialog(Fixture *f, gconstpointer data)
{
  GsFigure *fig = landscape(0.3);
  gs_figure_view_set_figure(f->view, fig);
  gs_figure_view_set_provenance(f->view,
                                (const char *[]){"experiment", "landscape", "seed", "3", NULL});
  gs_figure_view_set_export_name(f->view, "landscape");
  wait_shown(f->view, fig);
  gs_figure_view_zoom_at(f->view, 200, 180, 2);

  GtkWidget *dialog = gs_figure_view_open_export_dialog(f->view);
  g_assert_true(GS_IS_FIGURE_EXPORT_DIALOG(dialog));
  GsFigureExportDialog *d = GS_FIGURE_EXPORT_DIALOG(dialog);
  /* The suggested name carries the view's export name and the format's extension. */
  char *base = g_file_get_basename(gs_figure_export_dialog_get_file(d));
  g_assert_cmpstr(base, ==, "landscape.pdf");
  g_free(base);
  gs_figure_export_dialog_set_format(d, GS_EXPORT_PNG);
  gs_figure_export_dialog_set_preset(d, GS_SIZE_BEAMER);
  gs_figure_export_dialog_set_theme(d, GS_THEME_TRANSPARENT);
  gs_figure_export_dialog_set_dpi(d, 150);
  GsExportOptions o;
  gs_figure_export_dialog_get_options(d, &o);
  g_assert_cmpint(o.format, ==, GS_EXPORT_PNG);
  g_assert_cmpfloat_with_epsilon(o.width_in, 160 / 25.4, 1e-9);
  g_assert_cmpfloat(o.font_pt, ==, 9);
  g_assert_cmpint(o.theme, ==, GS_THEME_TRANSPARENT);
  g_assert_cmpint(o.n_views, ==, 1); /* the zoom goes along */

  char *dir = g_dir_make_tmp("gs-view-XXXXXX", NULL);
  char *path = g_build_filename(dir, "slide.png", NULL);
  GFile *file = g_file_new_for_path(path);
  gs_figure_export_dialog_set_file(d, file);
  g_object_unref(file);
  Finished fin = {0};
  g_signal_connect(dialog, "finished", G_CALLBACK(on_finished), &fin);
  gs_figure_export_dialog_export(d); /* closes the dialog on success */
  g_assert_true(wait_for(finished, &fin));
  g_assert_true(fin.ok);
  g_assert_cmpstr(fin.message, ==, path);
  g_free(fin.message);
  cairo_surface_t *png = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(cairo_image_surface_get_width(png), ==, (int) ceil(160 / 25.4 * 150 - 1e-6));
  cairo_surface_destroy(png);
  char *json_path = g_build_filename(dir, "slide.json", NULL);
  char *json = NULL;
  g_assert_true(g_file_get_contents(json_path, &json, NULL, NULL));
  g_assert_nonnull(strstr(json, "\"seed\": \"3\""));
  g_free(json);
  char *csv_path = g_build_filename(dir, "slide.csv", NULL);
  g_assert_true(g_file_test(csv_path, G_FILE_TEST_EXISTS));

  /* Into a folder that does not exist: the error is shown, the dialog stays. */
  dialog = gs_figure_view_open_export_dialog(f->view);
  d = GS_FIGURE_EXPORT_DIALOG(dialog);
  file = g_file_new_for_path("/nonexistent-folder/figure.svg");
  gs_figure_export_dialog_set_file(d, file);
  g_object_unref(file);
  Finished fail = {0};
  g_signal_connect(dialog, "finished", G_CALLBACK(on_finished), &fail);
  gs_figure_export_dialog_export(d);
  g_assert_true(wait_for(finished, &fail));
  g_assert_false(fail.ok);
  g_assert_nonnull(strstr(fail.message, "figure"));
  g_free(fail.message);
  gtk_window_destroy(GTK_WINDOW(dialog));

  g_unlink(csv_path);
  g_unlink(json_path);
  g_unlink(path);
  g_rmdir(dir);
  g_free(csv_path);
  g_free(json_path);
  g_free(path);
  g_free(dir);
  gs_figure_unref(fig);
}

/* Destroying the view while a frame is being rendered is safe. */
static void test_destroy_in_flight(void)
{
  for (int round = 0; round < 5; round++) {
    GtkWidget *window = gtk_window_new();
    GtkWidget *view = gs_figure_view_new();
    gtk_window_set_child(GTK_WINDOW(window), view);
    gtk_window_set_default_size(GTK_WINDOW(window), 400, 300);
    gtk_window_present(GTK_WINDOW(window));
    GsFigure *fig = gallery_build("multi-panel");
    gs_figure_view_set_figure(GS_FIGURE_VIEW(view), fig);
    gs_figure_unref(fig);
    for (int i = 0; i < round * 3; i++) g_main_context_iteration(NULL, FALSE);
    gtk_window_destroy(GTK_WINDOW(window));
  }
  gint64 until = g_get_monotonic_time() + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time() < until) g_main_context_iteration(NULL, FALSE);
}

int main(int argc, char **argv)
{
  gtk_test_init(&argc, &argv, NULL);
  g_test_add("/figure-view/frames", Fixture, NULL, fixture_set_up, test_frames, fixture_tear_down);
  g_test_add("/figure-view/pointer", Fixture, NULL, fixture_set_up, test_pointer,
             fixture_tear_down);
  g_test_add("/figure-view/rotate", Fixture, NULL, fixture_set_up, test_rotate, fixture_tear_down);
  g_test_add("/figure-view/export-dialog", Fixture, NULL, fixture_set_up, test_export_dialog,
             fixture_tear_down);
  g_test_add_func("/figure-view/destroy-in-flight", test_destroy_in_flight);
  return g_test_run();
}
