/* gallery.c — the figures behind the golden images; every number comes from fixed formulas or
 * a fixed-seed generator, so the pictures are the same on every run. */
#include "gallery.h"

#include <math.h>
#include <string.h>

const char *const gallery_names[] = {
    "lines",       "scatter", "heatmap",    "contours", "contours-filled",   "quiver",
    "histogram",   "bars",    "image-grid", "surface",  "surface-wireframe", "annotations",
    "multi-panel", NULL,
};

/* xorshift64*: small, fixed, the same everywhere. */
typedef struct {
  guint64 s;
} Rng;

static double rng_uniform(Rng *r)
{
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return ((r->s * 0x2545F4914F6CDD1Dull) >> 11) * (1.0 / 9007199254740992.0);
}

static double rng_normal(Rng *r)
{
  double u = rng_uniform(r), v = rng_uniform(r);
  return sqrt(-2 * log(MAX(u, 1e-300))) * cos(2 * G_PI * v);
}

/* A smooth "discriminator" on [-2, 2]²: near 1 around two real modes, near 0 elsewhere. */
static double disc(double x, double y)
{
  double a = exp(-((x - 0.8) * (x - 0.8) + (y - 0.6) * (y - 0.6)) / 0.5);
  double b = exp(-((x + 0.9) * (x + 0.9) + (y + 0.7) * (y + 0.7)) / 0.35);
  double f = exp(-((x - 0.2) * (x - 0.2) + (y + 1.2) * (y + 1.2)) / 0.6);
  return 1 / (1 + exp(-(4 * (a + b) - 3 * f - 0.6)));
}

static float *disc_grid(int n)
{
  float *v = g_new(float, n *n);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      v[j * n + i] = (float) disc(-2 + 4.0 * i / (n - 1), -2 + 4.0 * j / (n - 1));
  return v;
}

static GsFigure *build_lines(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Robust overfitting");
  gs_panel_set_xlabel(p, "epoch");
  gs_panel_set_ylabel(p, "error");
  int n = 200;
  double x[200], y[4][200], lo[200], hi[200];
  const char *names[4] = {"train robust", "test robust", "train clean", "test clean"};
  for (int i = 0; i < n; i++) {
    x[i] = i;
    double drop = i < 100 ? 0 : 1;
    y[0][i] = 0.75 - 0.25 * (1 - exp(-i / 30.0)) - 0.3 * drop * (1 - exp(-(i - 100) / 8.0));
    y[1][i] = 0.78 - 0.22 * (1 - exp(-i / 30.0)) - 0.08 * drop * exp(-(i - 100) / 15.0) +
              0.06 * drop * (1 - exp(-(i - 100) / 40.0));
    y[2][i] = 0.5 - 0.3 * (1 - exp(-i / 25.0)) - 0.18 * drop * (1 - exp(-(i - 100) / 6.0));
    y[3][i] = 0.55 - 0.3 * (1 - exp(-i / 25.0)) - 0.08 * drop * (1 - exp(-(i - 100) / 6.0));
    lo[i] = y[1][i] - 0.02 - 0.01 * sin(i / 7.0);
    hi[i] = y[1][i] + 0.02 + 0.01 * cos(i / 5.0);
  }
  for (int k = 0; k < 4; k++) {
    GsLayer *l = gs_panel_add_line(p, x, y[k], n);
    gs_layer_set_run_style(l, gs_run_style_for_id(k));
    gs_layer_set_label(l, names[k]);
    if (k == 1) gs_line_set_band(l, lo, hi);
  }
  gs_panel_add_vline(p, 100, "lr drop");
  gs_panel_add_vline(p, 150, "lr drop");
  gs_panel_add_point(p, 104, y[1][104], GS_MARKER_STAR, "best robust");
  gs_panel_set_yscale(p, GS_SCALE_LOG);
  return fig;
}

static GsFigure *build_scatter(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Samples");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_equal_aspect(p, TRUE);
  Rng r = {42};
  int n = 300;
  double xr[300], yr[300], xf[300], yf[300], score[300], size[300];
  for (int i = 0; i < n; i++) {
    double a = 2 * G_PI * rng_uniform(&r);
    xr[i] = 0.3 * cos(a) + 0.025 * rng_normal(&r);
    yr[i] = 0.3 * sin(a) + 0.025 * rng_normal(&r);
    xf[i] = 0.12 * rng_normal(&r) + 0.1;
    yf[i] = 0.12 * rng_normal(&r) - 0.05;
    score[i] = disc(xf[i] * 4, yf[i] * 4);
    size[i] = fabs(rng_normal(&r));
  }
  GsLayer *real = gs_panel_add_scatter(p, xr, yr, n);
  gs_layer_set_color(real, gs_color_hex(0x1b7837));
  gs_layer_set_label(real, "real");
  gs_layer_set_alpha(real, 0.8);
  GsLayer *fake = gs_panel_add_scatter(p, xf, yf, n);
  gs_layer_set_label(fake, "generated");
  gs_scatter_set_values(fake, score);
  gs_scatter_set_sizes(fake, size, 2.5, 8);
  gs_layer_set_colormap(fake, gs_colormap_get(GS_COLORMAP_MAGMA));
  gs_layer_set_marker(fake, GS_MARKER_DIAMOND, 5);
  gs_layer_add_colorbar(fake, "D(x)");
  return fig;
}

static GsFigure *build_heatmap(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Discriminator D(x)");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_equal_aspect(p, TRUE);
  float *v = disc_grid(30);
  GsField f = {v, 30, 30, -2, 2, -2, 2};
  GsLayer *h = gs_panel_add_heatmap(p, &f);
  gs_layer_set_colormap(h, gs_colormap_get(GS_COLORMAP_PRGN));
  gs_layer_set_range(h, 0, 1, 0.5);
  gs_layer_set_smooth(h, FALSE);
  gs_layer_add_colorbar(h, "D(x)");
  g_free(v);
  return fig;
}

static GsFigure *build_contours(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Landscape with decision boundary");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_equal_aspect(p, TRUE);
  float *v = disc_grid(128);
  GsField f = {v, 128, 128, -2, 2, -2, 2};
  GsLayer *h = gs_panel_add_heatmap(p, &f);
  gs_layer_set_colormap(h, gs_colormap_get(GS_COLORMAP_SUNSET));
  gs_layer_set_range(h, 0, 1, 0.5);
  gs_layer_add_colorbar(h, "D(x)");
  GsLayer *c = gs_panel_add_contours(p, &f, (double[]){0.1, 0.3, 0.7, 0.9}, 4);
  gs_contour_emphasize(c, 0.5, "D = 0.5");
  Rng r = {7};
  double xs[120], ys[120];
  for (int i = 0; i < 120; i++) {
    gboolean first = i % 2;
    xs[i] = (first ? 0.8 : -0.9) + 0.3 * rng_normal(&r);
    ys[i] = (first ? 0.6 : -0.7) + 0.3 * rng_normal(&r);
  }
  GsLayer *s = gs_panel_add_scatter(p, xs, ys, 120);
  gs_layer_set_color(s, gs_color_hex(0x222222));
  gs_layer_set_marker(s, GS_MARKER_CIRCLE, 3.5);
  gs_layer_set_label(s, "real");
  g_free(v);
  return fig;
}

static GsFigure *build_contours_filled(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Critic f(x)");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_equal_aspect(p, TRUE);
  int n = 64;
  float *v = g_new(float, n *n);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) {
      double x = -2 + 4.0 * i / (n - 1), y = -2 + 4.0 * j / (n - 1);
      v[j * n + i] = (float) (sin(1.3 * x) * cos(1.1 * y) + 0.3 * x);
    }
  GsField f = {v, n, n, -2, 2, -2, 2};
  GsLayer *c = gs_panel_add_contours(p, &f, NULL, 9);
  gs_contour_set_filled(c, TRUE);
  gs_layer_set_colormap(c, gs_colormap_get(GS_COLORMAP_CIVIDIS));
  gs_layer_add_colorbar(c, "f(x)");
  GsLayer *lines = gs_panel_add_contours(p, &f, NULL, 9);
  gs_layer_set_color(lines, (GsColor){0, 0, 0, 0.55});
  gs_contour_emphasize(lines, 0, "f = 0");
  gs_panel_set_legend(p, GS_LEGEND_OUTSIDE);
  g_free(v);
  return fig;
}

static GsFigure *build_quiver(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Generator gradients ∇ₓD");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_equal_aspect(p, TRUE);
  float *v = disc_grid(64);
  GsField f = {v, 64, 64, -2, 2, -2, 2};
  GsLayer *h = gs_panel_add_heatmap(p, &f);
  gs_layer_set_colormap(h, gs_colormap_get(GS_COLORMAP_PRGN));
  gs_layer_set_range(h, 0, 1, 0.5);
  gs_layer_set_alpha(h, 0.75);
  int m = 13, n = m * m;
  double x[169], y[169], u[169], w[169];
  for (int j = 0; j < m; j++)
    for (int i = 0; i < m; i++) {
      int k = j * m + i;
      x[k] = -1.8 + 3.6 * i / (m - 1);
      y[k] = -1.8 + 3.6 * j / (m - 1);
      double e = 1e-3;
      u[k] = (disc(x[k] + e, y[k]) - disc(x[k] - e, y[k])) / (2 * e);
      w[k] = (disc(x[k], y[k] + e) - disc(x[k], y[k] - e)) / (2 * e);
    }
  GsLayer *q = gs_panel_add_quiver(p, x, y, u, w, n);
  gs_quiver_set_key(q, NAN, "‖∇D‖");
  gs_layer_set_label(q, "∇ₓD(x)");
  g_free(v);
  return fig;
}

static GsFigure *build_histogram(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "D outputs");
  gs_panel_set_xlabel(p, "D(x)");
  gs_panel_set_ylabel(p, "density");
  Rng r = {3};
  double a[2000], b[2000];
  for (int i = 0; i < 2000; i++) {
    a[i] = 1 / (1 + exp(-(1.2 + 0.9 * rng_normal(&r))));
    b[i] = 1 / (1 + exp(-(-0.8 + 1.1 * rng_normal(&r))));
  }
  GsLayer *h1 = gs_panel_add_histogram(p, a, 2000, 30, 0, 1);
  gs_histogram_set_density(h1, TRUE);
  gs_layer_set_label(h1, "real");
  GsLayer *h2 = gs_panel_add_histogram(p, b, 2000, 30, 0, 1);
  gs_histogram_set_density(h2, TRUE);
  gs_layer_set_label(h2, "generated");
  gs_panel_add_vline(p, 0.5, "D = 0.5");
  return fig;
}

static GsFigure *build_bars(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Precision and recall by loss");
  gs_panel_set_ylabel(p, "score");
  const char *cats[] = {"NS-GAN", "LSGAN", "WGAN-GP", "hinge", "R1"};
  double prec[] = {0.82, 0.78, 0.88, 0.85, 0.9}, rec[] = {0.41, 0.55, 0.72, 0.66, 0.74};
  double err[] = {0.03, 0.05, 0.02, 0.04, 0.02};
  GsLayer *a = gs_panel_add_bars(p, cats, prec, 5);
  gs_layer_set_label(a, "precision");
  gs_bars_set_errors(a, err);
  GsLayer *b = gs_panel_add_bars(p, NULL, rec, 5);
  gs_layer_set_label(b, "recall");
  gs_bars_set_errors(b, err);
  gs_panel_set_ylim(p, 0, 1.15);
  gs_panel_set_legend(p, GS_LEGEND_UPPER_LEFT);
  return fig;
}

static GsFigure *build_image_grid(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Adversarial examples (ε = 0.1)");
  GsLayer *g = gs_panel_add_image_grid(p, 6);
  static const char *labels[] = {"T-shirt", "trouser", "pullover",     "dress",
                                 "coat",    "sandal",  "shirt",        "sneaker",
                                 "bag",     "boot",    "coat → shirt", "bag → sandal"};
  float px[28 * 28 * 3];
  for (int t = 0; t < 12; t++) {
    int channels = t < 10 ? 1 : 3;
    for (int y = 0; y < 28; y++)
      for (int x = 0; x < 28; x++)
        for (int c = 0; c < channels; c++) {
          double dx = (x - 13.5) / 10, dy = (y - 13.5) / (6 + t % 5);
          double v = exp(-(dx * dx + dy * dy) * (1 + 0.3 * (t % 3))) *
                     (0.6 + 0.4 * cos(0.6 * x * (1 + (t % 4)) + c));
          px[(y * 28 + x) * channels + c] = (float) v;
        }
    int idx = gs_image_grid_add(g, px, 28, 28, channels, labels[t]);
    if (t >= 10) gs_image_grid_highlight(g, idx, gs_color_hex(0xd55e00));
  }
  return fig;
}

static GsFigure *build_surface(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Optimal discriminator D*(x)");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_zlabel(p, "D*");
  float *v = disc_grid(40);
  GsField f = {v, 40, 40, -2, 2, -2, 2};
  GsLayer *s = gs_panel_add_surface(p, &f);
  gs_layer_set_colormap(s, gs_colormap_get(GS_COLORMAP_VIRIDIS));
  gs_layer_add_colorbar(s, "D*(x)");
  gs_panel_set_zlim(p, 0, 1);
  Rng r = {11};
  double x[25], y[25], z[25];
  for (int i = 0; i < 25; i++) {
    x[i] = 0.8 + 0.35 * rng_normal(&r);
    y[i] = 0.6 + 0.35 * rng_normal(&r);
    z[i] = disc(x[i], y[i]) + 0.08;
  }
  GsLayer *pts = gs_panel_add_points3d(p, x, y, z, 25);
  gs_layer_set_color(pts, gs_color_hex(0xd55e00));
  gs_layer_set_label(pts, "real samples");
  g_free(v);
  return fig;
}

/* A saddle seen from another side, as a wireframe over magma, with stemless points. */
static GsFigure *build_surface_wireframe(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Interpolant critic, t = 0.5");
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_zlabel(p, "f");
  gs_panel_set_view3d(p, 35, 25);
  int n = 24;
  float v[24 * 24];
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) {
      double x = -1 + 2.0 * i / (n - 1), y = -1 + 2.0 * j / (n - 1);
      v[j * n + i] = (float) (x * x - y * y);
    }
  GsField f = {v, n, n, -1, 1, -1, 1};
  GsLayer *s = gs_panel_add_surface(p, &f);
  gs_layer_set_colormap(s, gs_colormap_get(GS_COLORMAP_MAGMA));
  gs_surface_set_wireframe(s, TRUE);
  double x[4] = {-0.8, 0.8, 0, 0}, y[4] = {0, 0, -0.8, 0.8}, z[4];
  for (int i = 0; i < 4; i++) z[i] = x[i] * x[i] - y[i] * y[i];
  GsLayer *pts = gs_panel_add_points3d(p, x, y, z, 4);
  gs_points3d_set_stems(pts, FALSE);
  gs_layer_set_marker(pts, GS_MARKER_DIAMOND, 7);
  return fig;
}

static GsFigure *build_annotations(void)
{
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, "Losses");
  gs_panel_set_xlabel(p, "step");
  gs_panel_set_ylabel(p, "loss");
  double x[400], d[400], g[400];
  for (int i = 0; i < 400; i++) {
    x[i] = i * 25;
    d[i] = 0.69 + 0.25 * exp(-i / 60.0) * cos(i / 9.0) + (i > 300 ? 0.002 * (i - 300) : 0);
    g[i] = 0.69 + 0.6 * exp(-i / 80.0) - 0.2 * exp(-i / 60.0) * cos(i / 9.0);
  }
  GsLayer *ld = gs_panel_add_line(p, x, d, 400);
  gs_layer_set_run_style(ld, gs_run_style_for_id(0));
  gs_layer_set_marker(ld, GS_MARKER_NONE, 0);
  gs_layer_set_label(ld, "D loss");
  GsLayer *lg = gs_panel_add_line(p, x, g, 400);
  gs_layer_set_run_style(lg, gs_run_style_for_id(1));
  gs_layer_set_marker(lg, GS_MARKER_NONE, 0);
  gs_layer_set_label(lg, "G loss");
  gs_panel_add_hline(p, log(2), "log 2 (D* = ½)");
  gs_panel_add_vline(p, 7500, "mode collapse");
  gs_panel_add_arrow(p, 4000, 1.2, 1000, 0.93, "oscillation");
  GsAnnotation *t = gs_panel_add_text(p, 5500, 0.53, "NS-GAN, k_D = 2");
  gs_annotation_set_align(t, 0.5, 1);
  return fig;
}

static GsFigure *build_multi_panel(void)
{
  GsFigure *fig = gs_figure_new(2, 3);
  gs_figure_set_title(fig, "Step 1200 · seed 7");
  GsPanel *land = gs_figure_panel_span(fig, 0, 0, 2, 2);
  gs_panel_set_title(land, "D(x)");
  gs_panel_set_equal_aspect(land, TRUE);
  gs_panel_set_xlabel(land, "x₁");
  gs_panel_set_ylabel(land, "x₂");
  float *v = disc_grid(96);
  GsField f = {v, 96, 96, -2, 2, -2, 2};
  GsLayer *h = gs_panel_add_heatmap(land, &f);
  gs_layer_set_colormap(h, gs_colormap_get(GS_COLORMAP_PRGN));
  gs_layer_set_range(h, 0, 1, 0.5);
  gs_layer_add_colorbar(h, "D(x)");
  GsLayer *c = gs_panel_add_contours(land, &f, (double[]){0.25, 0.75}, 2);
  gs_contour_emphasize(c, 0.5, "decision boundary");
  GsPanel *loss = gs_figure_panel(fig, 0, 2);
  gs_panel_set_title(loss, "Losses");
  gs_panel_set_xlabel(loss, "step");
  double x[120], y0[120], y1[120];
  for (int i = 0; i < 120; i++) {
    x[i] = i * 10;
    y0[i] = 0.7 + 0.3 * exp(-i / 20.0);
    y1[i] = 0.7 + 0.5 * exp(-i / 30.0) * cos(i / 6.0);
  }
  GsLayer *a = gs_panel_add_line(loss, x, y0, 120);
  gs_layer_set_run_style(a, gs_run_style_for_id(3));
  gs_layer_set_label(a, "D");
  GsLayer *b = gs_panel_add_line(loss, x, y1, 120);
  gs_layer_set_run_style(b, gs_run_style_for_id(4));
  gs_layer_set_label(b, "G");
  GsPanel *hist = gs_figure_panel(fig, 1, 2);
  gs_panel_set_title(hist, "D on samples");
  Rng r = {5};
  double s[500];
  for (int i = 0; i < 500; i++) {
    /* Drawn one per statement: argument order is unspecified, and gcc and clang differ. */
    double sy = 0.3 * rng_normal(&r);
    double sx = 0.3 * rng_normal(&r) + 0.5;
    s[i] = disc(sx, sy);
  }
  gs_panel_add_histogram(hist, s, 500, 20, 0, 1);
  g_free(v);
  return fig;
}

GsFigure *gallery_build(const char *name)
{
  static const struct {
    const char *name;
    GsFigure *(*build)(void);
  } builders[] = {
      {"lines", build_lines},
      {"scatter", build_scatter},
      {"heatmap", build_heatmap},
      {"contours", build_contours},
      {"contours-filled", build_contours_filled},
      {"quiver", build_quiver},
      {"histogram", build_histogram},
      {"bars", build_bars},
      {"image-grid", build_image_grid},
      {"surface", build_surface},
      {"surface-wireframe", build_surface_wireframe},
      {"annotations", build_annotations},
      {"multi-panel", build_multi_panel},
  };
  for (guint i = 0; i < G_N_ELEMENTS(builders); i++)
    if (strcmp(builders[i].name, name) == 0) return builders[i].build();
  return NULL;
}
