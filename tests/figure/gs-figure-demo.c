/* gs-figure-demo — a live landscape in the figure view, new figure every 16 ms, to look at and
 * to measure how many frames the view shows per second:
 *   gs-figure-demo [--seconds N] [--screenshot FILE.png] [--dark]
 * With --screenshot it hovers over the landscape, zooms once, and saves the window after N
 * seconds (default 3), printing the frames shown per second. */
#include "gs-figure-view.h"

#include <math.h>
#include <stdio.h>

typedef struct {
  GtkWidget *window;
  GsFigureView *land, *loss;
  double t0;
  int built;
  double losses[2][4000];
  int n_loss;
} Demo;

static GsFigure *build_landscape(double t)
{
  enum { N = 256 };
  static float v[N * N];
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) {
      double x = -2 + 4.0 * i / (N - 1), y = -2 + 4.0 * j / (N - 1);
      double a = exp(-((x - 0.8 * cos(t)) * (x - 0.8 * cos(t)) + (y - 0.6) * (y - 0.6)) / 0.5);
      double b = exp(-((x + 0.9) * (x + 0.9) + (y + 0.7 * sin(t)) * (y + 0.7 * sin(t))) / 0.35);
      v[j * N + i] = (float) (1 / (1 + exp(-(4 * (a + b) - 0.8 + 0.3 * sin(3 * x + t)))));
    }
  double xs[1000], ys[1000];
  guint32 s = 7;
  for (int k = 0; k < 1000; k++) {
    s = s * 1664525u + 1013904223u;
    double u = (s >> 8) / 16777216.0;
    s = s * 1664525u + 1013904223u;
    double w = (s >> 8) / 16777216.0;
    double r = 0.3 * sqrt(-2 * log(u + 1e-12));
    xs[k] = (k % 2 ? 0.8 * cos(t) : -0.9) + r * cos(2 * G_PI * w);
    ys[k] = (k % 2 ? 0.6 : -0.7 * sin(t)) + r * sin(2 * G_PI * w);
  }
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Discriminator D(x)");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_equal_aspect(p, TRUE);
  GsField f = {v, N, N, -2, 2, -2, 2};
  GsLayer *h = gs_panel_add_heatmap(p, &f);
  gs_layer_set_colormap(h, gs_colormap_get(GS_COLORMAP_PRGN));
  gs_layer_set_range(h, 0, 1, 0.5);
  gs_layer_add_colorbar(h, "D(x)");
  GsLayer *c = gs_panel_add_contours(p, &f, (double[]){0.1, 0.3, 0.7, 0.9}, 4);
  gs_contour_emphasize(c, 0.5, "D = 0.5");
  GsLayer *real = gs_panel_add_scatter(p, xs, ys, 500);
  gs_layer_set_label(real, "real");
  GsLayer *fake = gs_panel_add_scatter(p, xs + 500, ys + 500, 500);
  gs_layer_set_label(fake, "generated");
  return fig;
}

static GsFigure *build_loss(Demo *d)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Losses");
  gs_panel_set_xlabel(p, "step");
  const char *names[2] = {"D loss", "G loss"};
  for (int k = 0; k < 2; k++) {
    GsLayer *l = gs_panel_add_line(p, NULL, d->losses[k], d->n_loss);
    gs_layer_set_run_style(l, gs_run_style_for_id(k));
    gs_layer_set_label(l, names[k]);
  }
  return fig;
}

static gboolean on_timer(gpointer data)
{
  Demo *d = data;
  double t = g_get_monotonic_time() / 1e6 - d->t0;
  GsFigure *fig = build_landscape(t);
  gs_figure_view_set_figure(d->land, fig);
  gs_figure_unref(fig);
  if (d->n_loss < 4000) {
    d->losses[0][d->n_loss] = 0.69 + 0.3 * exp(-d->n_loss / 300.0) * cos(d->n_loss / 20.0);
    d->losses[1][d->n_loss] = 0.9 + 0.4 * exp(-d->n_loss / 400.0) * sin(d->n_loss / 25.0);
    d->n_loss++;
  }
  fig = build_loss(d);
  gs_figure_view_set_figure(d->loss, fig);
  gs_figure_unref(fig);
  d->built++;
  return G_SOURCE_CONTINUE;
}

static void save_window(GtkWidget *window, const char *path)
{
  GdkPaintable *paintable = gtk_widget_paintable_new(window);
  int w = gtk_widget_get_width(window), h = gtk_widget_get_height(window);
  GtkSnapshot *snapshot = gtk_snapshot_new();
  gdk_paintable_snapshot(paintable, snapshot, w, h);
  GskRenderNode *node = gtk_snapshot_free_to_node(snapshot);
  GskRenderer *renderer = gtk_native_get_renderer(GTK_NATIVE(window));
  GdkTexture *texture = gsk_renderer_render_texture(renderer, node, NULL);
  gdk_texture_save_to_png(texture, path);
  g_object_unref(texture);
  gsk_render_node_unref(node);
  g_object_unref(paintable);
}

int main(int argc, char **argv)
{
  double seconds = 3;
  const char *shot = NULL;
  gboolean dark = FALSE;
  GOptionEntry entries[] = {
      {"seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "How long to run", "N"},
      {"screenshot", 0, 0, G_OPTION_ARG_FILENAME, &shot, "Save the window as PNG", "FILE"},
      {"dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark theme", NULL},
      {NULL},
  };
  GError *error = NULL;
  GOptionContext *ctx = g_option_context_new(NULL);
  g_option_context_add_main_entries(ctx, entries, NULL);
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    fprintf(stderr, "%s\n", error->message);
    return 2;
  }
  g_option_context_free(ctx);
  if (!gtk_init_check()) {
    fprintf(stderr, "cannot open a display (try xvfb-run -a)\n");
    return 1;
  }

  Demo d = {0};
  d.t0 = g_get_monotonic_time() / 1e6;
  d.window = gtk_window_new();
  gtk_window_set_default_size(GTK_WINDOW(d.window), 1100, 560);
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
  d.land = GS_FIGURE_VIEW(gs_figure_view_new());
  d.loss = GS_FIGURE_VIEW(gs_figure_view_new());
  gtk_widget_set_hexpand(GTK_WIDGET(d.land), TRUE);
  gtk_widget_set_hexpand(GTK_WIDGET(d.loss), TRUE);
  gtk_box_append(GTK_BOX(box), GTK_WIDGET(d.land));
  gtk_box_append(GTK_BOX(box), GTK_WIDGET(d.loss));
  gtk_window_set_child(GTK_WINDOW(d.window), box);
  if (dark) {
    gs_figure_view_set_theme(d.land, GS_THEME_DARK);
    gs_figure_view_set_theme(d.loss, GS_THEME_DARK);
  }
  gtk_window_present(GTK_WINDOW(d.window));
  g_timeout_add(16, on_timer, &d);

  gint64 start = g_get_monotonic_time(), end = start + (gint64) (seconds * 1e6);
  guint frames0 = 0;
  gboolean hovered = FALSE;
  while (g_get_monotonic_time() < end) {
    g_main_context_iteration(NULL, TRUE);
    if (!hovered && g_get_monotonic_time() > start + 1e6) {
      frames0 = gs_figure_view_get_frames(d.land);
      start = g_get_monotonic_time();
      hovered = TRUE;
      int w = gtk_widget_get_width(GTK_WIDGET(d.land));
      int h = gtk_widget_get_height(GTK_WIDGET(d.land));
      gs_figure_view_hover(d.land, w * 0.55, h * 0.4);
    }
  }
  double elapsed = (g_get_monotonic_time() - start) / 1e6;
  printf("figures built: %d; landscape frames shown: %.1f per second\n", d.built,
         (gs_figure_view_get_frames(d.land) - frames0) / elapsed);
  if (shot) {
    int w = gtk_widget_get_width(GTK_WIDGET(d.land));
    int h = gtk_widget_get_height(GTK_WIDGET(d.land));
    gs_figure_view_hover(d.land, w * 0.55, h * 0.4);
    save_window(d.window, shot);
    printf("%s\n", shot);
  }
  gtk_window_destroy(GTK_WINDOW(d.window));
  return 0;
}
