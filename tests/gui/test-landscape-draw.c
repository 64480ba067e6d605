/* test-landscape-draw.c — draw-your-own data in the window under Xvfb (issue 7): with Draw on,
 * strokes through the figure view's pen API become the landscape kind's real data (a new run
 * whose real samples are the drawn points), Undo removes the last stroke, Clear everything, and
 * the drawing is saved in the experiment file and read back. With GANSCAPE_SCREENSHOT_DIR set it
 * writes a PNG of the window while drawing. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "experiments/landscape/gs-landscape.h"
#include "gs-application.h"
#include "gui-test-util.h"
#include "gs-experiment-page.h"
#include "gs-platform-ui.h"
#include "gs-window.h"
#include "platform/gs-snapshot.h"

static GsApplication *app;

/* Pump until cond or 60 s (shared CI machines are slow); asserts what happened, not how fast. */
static void wait_for(gboolean (*cond)(gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (!cond(data)) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(1000);
  }
}

static gboolean has_frame(gpointer view)
{
  return gs_figure_view_get_frames(view) > 0 && gs_figure_view_get_shown_figure(view);
}

static gboolean shows_newest(gpointer view)
{
  GsFigure *fig = gs_figure_view_get_figure(view);
  return fig && gs_figure_view_get_shown_figure(view) == fig;
}

static gboolean has_snapshot(gpointer runner)
{
  return GS_IS_SNAPSHOT(gs_runner_get_snapshot(runner));
}

/* What the pen reported, in data coordinates. */
typedef struct {
  double x0, x1, y0, y1, unit;
  int events;
} PenSeen;

static void pen_seen_cb(GsFigureView *view, int phase, double x, double y, double unit,
                        PenSeen *seen)
{
  if (!seen->events++) seen->x0 = seen->x1 = x, seen->y0 = seen->y1 = y;
  seen->x0 = MIN(seen->x0, x), seen->x1 = MAX(seen->x1, x);
  seen->y0 = MIN(seen->y0, y), seen->y1 = MAX(seen->y1, y);
  seen->unit = unit;
}

/* A horizontal stroke across the middle of the widget, from fraction a to b of its width. */
static void stroke(GsFigureView *view, double a, double b, double height_fraction)
{
  double w = gtk_widget_get_width(GTK_WIDGET(view)), h = gtk_widget_get_height(GTK_WIDGET(view));
  double y = h * height_fraction;
  g_assert_true(gs_figure_view_pen(view, GS_PEN_DOWN, w * a, y));
  for (int i = 1; i <= 10; i++)
    g_assert_true(gs_figure_view_pen(view, GS_PEN_MOVE, w * (a + (b - a) * i / 10), y));
  g_assert_true(gs_figure_view_pen(view, GS_PEN_UP, w * b, y));
}

static const char *form_string(GsExperimentPage *page, const char *name)
{
  return gs_param_values_get_string(gs_param_form_get_values(gs_experiment_page_get_form(page)),
                                    name);
}

static void test_draw(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gs_platform_ui_install(win);
  gtk_window_set_default_size(GTK_WINDOW(win), 1200, 760);
  gtk_window_present(GTK_WINDOW(win));
  gui_pump(200);
  g_autoptr(GsExperimentFile) f = gs_experiment_file_new(&gs_landscape_kind);
  f->seed = 1;
  g_free(f->backend);
  f->backend = g_strdup("cpu");
  g_assert_true(gs_param_values_parse(f->params, "grid", "64", NULL));
  GsExperimentPage *page = gs_platform_ui_open(win, f, NULL);
  GsDrawBar *bar = gs_experiment_page_get_draw_bar(page);
  GsFigureView *view = gs_experiment_page_get_figure_view(page);
  g_assert_nonnull(bar);
  GsRunner *before = gs_window_get_runner(win);
  g_assert_null(gs_runner_get_snapshot(before)); /* not started: nothing to draw on yet */

  /* Draw on: the idle run is reset so that its step 0 is shown, and the pen is on. */
  gs_draw_bar_set_active(bar, TRUE);
  g_assert_true(gs_figure_view_get_pen(view));
  wait_for(has_frame, view);
  PenSeen seen = {0};
  g_signal_connect(view, "pen", G_CALLBACK(pen_seen_cb), &seen);
  g_assert_false(gs_figure_view_pen(view, GS_PEN_DOWN, -50, -50)); /* outside every panel */

  GsRunner *old = gs_window_get_runner(win);
  stroke(view, 0.30, 0.45, 0.5);
  g_assert_cmpint(seen.events, ==, 12);
  g_assert_true(seen.unit > 0);
  g_assert_cmpuint(gs_draw_bar_get_n_strokes(bar), ==, 1);
  gsize n1;
  gs_draw_bar_get_points(bar, &n1);
  g_assert_cmpuint(n1, >, 10);
  /* the form holds the drawing, the dataset is "drawn", and a new run has started */
  g_assert_cmpstr(form_string(page, "dataset"), ==, "drawn");
  g_autofree char *text = gs_draw_bar_dup_text(bar);
  g_assert_cmpstr(form_string(page, "drawn_points"), ==, text);
  GsRunner *runner = gs_window_get_runner(win);
  g_assert_true(runner != old);
  gui_screenshot(GTK_WIDGET(win), "landscape-draw.png");

  /* The new run's real samples are drawn points (jitter 0), all near the stroke. */
  gs_runner_step(runner, 1);
  wait_for(has_snapshot, runner);
  GsSnapshot *snap = GS_SNAPSHOT(gs_runner_get_snapshot(runner));
  int ndim;
  gint64 shape[4];
  const float *real = gs_snapshot_get_floats(snap, "real", &ndim, shape);
  g_assert_nonnull(real);
  gsize n;
  const float *drawn = gs_draw_bar_get_points(bar, &n);
  double r = 6 * seen.unit * 1.01; /* the brush radius */
  for (gint64 i = 0; i < shape[0]; i++) {
    double x = real[2 * i], y = real[2 * i + 1];
    g_assert_true(x >= seen.x0 - r && x <= seen.x1 + r && y >= seen.y0 - r && y <= seen.y1 + r);
    gboolean found = FALSE;
    for (gsize k = 0; k < n && !found; k++)
      found = fabs(x - drawn[2 * k]) <= 1e-5 * (1 + fabs(x)) &&
              fabs(y - drawn[2 * k + 1]) <= 1e-5 * (1 + fabs(y));
    g_assert_true(found);
  }

  /* The readout under the pointer gives D and its gradient (issue 7, item 2). */
  wait_for(shows_newest, view);
  gs_figure_view_hover(view, gtk_widget_get_width(GTK_WIDGET(view)) * 0.55,
                       gtk_widget_get_height(GTK_WIDGET(view)) * 0.5);
  const char *status = gs_figure_view_get_status(view);
  g_assert_nonnull(status);
  g_test_message("readout: %s", status);
  g_assert_nonnull(strstr(status, "D(x) = "));
  g_assert_nonnull(strstr(status, "∇D = ("));
  g_assert_nonnull(strstr(status, "|∇D| = "));
  gui_screenshot(GTK_WIDGET(win), "landscape-draw-readout.png");

  /* A second stroke, then Undo: back to the first stroke's points, and a new run again. */
  stroke(view, 0.30, 0.45, 0.35);
  g_assert_cmpuint(gs_draw_bar_get_n_strokes(bar), ==, 2);
  gsize n2;
  gs_draw_bar_get_points(bar, &n2);
  g_assert_cmpuint(n2, >, n1);
  old = gs_window_get_runner(win);
  gs_draw_bar_undo(bar);
  g_assert_cmpuint(gs_draw_bar_get_n_strokes(bar), ==, 1);
  gs_draw_bar_get_points(bar, &n);
  g_assert_cmpuint(n, ==, n1);
  g_assert_cmpstr(form_string(page, "drawn_points"), ==, text);
  g_assert_true(gs_window_get_runner(win) != old);

  /* A stroke cut off by leaving Draw is dropped; Draw on again for the rest. */
  double w = gtk_widget_get_width(GTK_WIDGET(view)), h = gtk_widget_get_height(GTK_WIDGET(view));
  g_assert_true(gs_figure_view_pen(view, GS_PEN_DOWN, w * 0.3, h * 0.7));
  g_assert_true(gs_figure_view_pen(view, GS_PEN_MOVE, w * 0.4, h * 0.7));
  gs_draw_bar_set_active(bar, FALSE);
  g_assert_false(gs_figure_view_get_pen(view));
  gs_draw_bar_get_points(bar, &n);
  g_assert_cmpuint(n, ==, n1);
  g_assert_false(gs_figure_view_pen(view, GS_PEN_DOWN, w * 0.3, h * 0.7)); /* pen is off */
  gs_draw_bar_set_active(bar, TRUE);

  /* Saved in the experiment file and read back. */
  stroke(view, 0.5, 0.6, 0.6);
  g_autofree char *two = gs_draw_bar_dup_text(bar);
  g_autofree char *dir = g_dir_make_tmp("gs-draw-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "drawn.ganscape.json", NULL);
  GError *error = NULL;
  g_assert_true(gs_experiment_page_save(page, path, &error));
  g_assert_no_error(error);
  g_autoptr(GsExperimentFile) back = gs_experiment_file_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(gs_param_values_get_string(back->params, "drawn_points"), ==, two);
  g_assert_cmpstr(gs_param_values_get_string(back->params, "dataset"), ==, "drawn");
  GsExperimentPage *reopened = gs_platform_ui_open(win, back, path);
  GsDrawBar *bar2 = gs_experiment_page_get_draw_bar(reopened);
  g_assert_cmpuint(gs_draw_bar_get_n_strokes(bar2), ==, 2);
  g_autofree char *two_again = gs_draw_bar_dup_text(bar2);
  g_assert_cmpstr(two_again, ==, two);

  /* Clear: nothing drawn, the form says so, and the run is left as it was (nothing to train). */
  old = gs_window_get_runner(win);
  gs_draw_bar_clear(bar2);
  gs_draw_bar_get_points(bar2, &n);
  g_assert_cmpuint(n, ==, 0);
  g_assert_cmpuint(gs_draw_bar_get_n_strokes(bar2), ==, 0);
  g_assert_cmpstr(form_string(reopened, "drawn_points"), ==, "");
  g_assert_true(gs_window_get_runner(win) == old);

  g_unlink(path);
  g_rmdir(dir);
  gtk_window_destroy(GTK_WINDOW(win));
  gui_pump(100);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  app = gui_test_app_new("gs-gui-draw");
  if (!app) return g_test_run();
  g_test_add_func("/landscape-gui/draw", test_draw);
  return gui_test_app_run(app);
}
