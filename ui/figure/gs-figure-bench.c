/* gs-figure-bench.c — frame time of a live landscape view (the `figure-frame` benchmark). */
#include "gs-figure.h"

#include <math.h>

#define BENCH_GRID     256
#define BENCH_POINTS   1000
#define BENCH_VARIANTS 4

/* A snapshot of a training landscape: D on a grid and real/generated samples, drifting with
 * the phase as training would. */
typedef struct {
  float field[BENCH_GRID * BENCH_GRID];
  double x[BENCH_POINTS], y[BENCH_POINTS];
} Snapshot;

static void make_snapshot(Snapshot *s, double phase)
{
  for (int j = 0; j < BENCH_GRID; j++)
    for (int i = 0; i < BENCH_GRID; i++) {
      double x = -2 + 4.0 * i / (BENCH_GRID - 1), y = -2 + 4.0 * j / (BENCH_GRID - 1);
      double a =
          exp(-((x - 0.8 * cos(phase)) * (x - 0.8 * cos(phase)) + (y - 0.6) * (y - 0.6)) / 0.5);
      double b =
          exp(-((x + 0.9) * (x + 0.9) + (y + 0.7 * sin(phase)) * (y + 0.7 * sin(phase))) / 0.35);
      s->field[j * BENCH_GRID + i] =
          (float) (1 / (1 + exp(-(4 * (a + b) - 0.8 + 0.3 * sin(3 * x + phase)))));
    }
  guint32 state = 12345u + (guint32) (phase * 1000);
  for (int k = 0; k < BENCH_POINTS; k++) {
    state = state * 1664525u + 1013904223u;
    double u = (state >> 8) / 16777216.0;
    state = state * 1664525u + 1013904223u;
    double v = (state >> 8) / 16777216.0;
    double r = 0.35 * sqrt(-2 * log(u + 1e-12));
    s->x[k] = (k % 2 ? 0.8 : -0.9) + r * cos(2 * G_PI * v);
    s->y[k] = (k % 2 ? 0.6 : -0.7) + r * sin(2 * G_PI * v);
  }
}

static GsFigure *build_frame(const Snapshot *s)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Discriminator D(x)");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_equal_aspect(p, TRUE);
  GsField f = {s->field, BENCH_GRID, BENCH_GRID, -2, 2, -2, 2};
  GsLayer *h = gs_panel_add_heatmap(p, &f);
  gs_layer_set_colormap(h, gs_colormap_get(GS_COLORMAP_PRGN));
  gs_layer_set_range(h, 0, 1, 0.5);
  gs_layer_add_colorbar(h, "D(x)");
  GsLayer *c = gs_panel_add_contours(p, &f, (double[]){0.1, 0.3, 0.7, 0.9}, 4);
  gs_contour_emphasize(c, 0.5, "D = 0.5");
  GsLayer *real = gs_panel_add_scatter(p, s->x, s->y, BENCH_POINTS / 2);
  gs_layer_set_label(real, "real");
  GsLayer *fake =
      gs_panel_add_scatter(p, s->x + BENCH_POINTS / 2, s->y + BENCH_POINTS / 2, BENCH_POINTS / 2);
  gs_layer_set_label(fake, "generated");
  return fig;
}

static int compare_doubles(gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double median(double *v, int n)
{
  qsort(v, n, sizeof(double), compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

GsFigureBench gs_figure_bench_frame(int width, int height, int repeats)
{
  GsFigureBench r = {0};
  repeats = MAX(1, repeats);
  Snapshot *snaps = g_new(Snapshot, BENCH_VARIANTS);
  for (int k = 0; k < BENCH_VARIANTS; k++) make_snapshot(&snaps[k], 0.4 * k);
  double scale = 96.0 / 72;
  GsRenderOptions opts;
  gs_render_options_init(&opts, width / scale, height / scale);
  cairo_surface_t *target = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  double *total = g_new(double, repeats), *build = g_new(double, repeats),
         *render = g_new(double, repeats);
  /* One untimed frame warms fontconfig and Pango's caches, as a running GUI would have. */
  for (int rep = -1; rep < repeats; rep++) {
    gint64 t0 = g_get_monotonic_time();
    GsFigure *fig = build_frame(&snaps[(rep + BENCH_VARIANTS) % BENCH_VARIANTS]);
    gint64 t1 = g_get_monotonic_time();
    cairo_t *cr = cairo_create(target);
    cairo_scale(cr, scale, scale);
    gs_figure_layout_unref(gs_figure_render(fig, cr, &opts));
    cairo_destroy(cr);
    cairo_surface_flush(target);
    gint64 t2 = g_get_monotonic_time();
    gs_figure_unref(fig);
    if (rep >= 0) {
      build[rep] = (t1 - t0) / 1000.0;
      render[rep] = (t2 - t1) / 1000.0;
      total[rep] = (t2 - t0) / 1000.0;
    }
  }
  r.repeats = repeats;
  r.build_median_ms = median(build, repeats);
  r.render_median_ms = median(render, repeats);
  r.median_ms = median(total, repeats);
  r.min_ms = total[0];
  r.max_ms = total[repeats - 1];
  cairo_surface_destroy(target);
  g_free(total);
  g_free(build);
  g_free(render);
  g_free(snaps);
  return r;
}
