/* test-figure.c — the figure model: sealing, rendering on other threads, hit testing, zoom, pan
 * and rotation, equal aspect, and bad input that must draw rather than crash. */
#include "gallery.h"
#include "gs-figure-export.h"
#include "gs-figure-impl.h"

#include <math.h>
#include <string.h>

#define SCALE (96.0 / 72)

static GsFigureLayout *render_at(GsFigure *fig, double w_pt, double h_pt, cairo_surface_t **out)
{
  GsRenderOptions opts;
  gs_render_options_init(&opts, w_pt, h_pt);
  GsFigureLayout *layout = NULL;
  cairo_surface_t *img = gs_figure_render_image(fig, &opts, SCALE, &layout);
  g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
  if (out)
    *out = img;
  else
    cairo_surface_destroy(img);
  return layout;
}

static void test_sealed(void)
{
  GsFigure *fig = gallery_build("bars");
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  g_assert_false(gs_figure_is_sealed(fig));
  gs_figure_layout_unref(render_at(fig, 300, 200, NULL));
  g_assert_true(gs_figure_is_sealed(fig));
  g_test_expect_message("GsFigure", G_LOG_LEVEL_CRITICAL, "*sealed*");
  gs_panel_set_title(p, "changed");
  g_test_assert_expected_messages();
  g_assert_cmpstr(p->title, !=, "changed");
  g_test_expect_message("GsFigure", G_LOG_LEVEL_CRITICAL, "*sealed*");
  g_assert_null(gs_panel_add_line(p, NULL, (double[]){1, 2}, 2));
  g_test_assert_expected_messages();
  /* Mixing 2-D and 3-D layers in a panel is refused. */
  GsFigure *other = gs_figure_new(1, 1);
  GsPanel *q = gs_figure_panel(other, 0, 0);
  gs_panel_add_line(q, NULL, (double[]){1, 2}, 2);
  g_test_expect_message("GsFigure", G_LOG_LEVEL_CRITICAL, "*cannot share a panel*");
  g_assert_null(gs_panel_add_points3d(q, (double[]){0}, (double[]){0}, (double[]){0}, 1));
  g_test_assert_expected_messages();
  gs_figure_unref(other);
  gs_figure_unref(fig);
}

/* ---- threads: built here, rendered on four threads at once, same pixels ---- */

typedef struct {
  GsFigure *fig;
  cairo_surface_t *image;
} Job;

static gpointer render_job(gpointer data)
{
  Job *job = data;
  GsRenderOptions opts;
  gs_render_options_init(&opts, 360, 270);
  job->image = gs_figure_render_image(job->fig, &opts, SCALE, NULL);
  return NULL;
}

static gboolean same_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height(a), stride = cairo_image_surface_get_stride(a);
  return cairo_image_surface_get_height(b) == h && cairo_image_surface_get_stride(b) == stride &&
         memcmp(cairo_image_surface_get_data(a), cairo_image_surface_get_data(b),
                (gsize) h * stride) == 0;
}

static void test_threads(void)
{
  static const char *const names[] = {"contours", "surface", "multi-panel"};
  for (guint n = 0; n < G_N_ELEMENTS(names); n++) {
    GsFigure *reference = gallery_build(names[n]);
    Job ref = {reference, NULL};
    render_job(&ref);
    GsFigure *fig = gallery_build(names[n]); /* not yet prepared: threads race to prepare */
    Job jobs[4];
    GThread *threads[4];
    for (int i = 0; i < 4; i++) {
      jobs[i] = (Job){gs_figure_ref(fig), NULL};
      threads[i] = g_thread_new("render", render_job, &jobs[i]);
    }
    gs_figure_unref(fig); /* the threads hold the last references */
    for (int i = 0; i < 4; i++) {
      g_thread_join(threads[i]);
      g_assert_true(same_pixels(jobs[i].image, ref.image));
      cairo_surface_destroy(jobs[i].image);
      gs_figure_unref(jobs[i].fig);
    }
    cairo_surface_destroy(ref.image);
    gs_figure_unref(reference);
  }
}

/* ---- hit testing and interaction ---- */

/* f(x, y) = x + 2y sampled on [-1, 1] × [0, 4]. */
static GsFigure *ramp_figure(void)
{
  int n = 21;
  float v[21 * 21];
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      v[j * n + i] = (float) ((-1 + 2.0 * i / (n - 1)) + 2 * (4.0 * j / (n - 1)));
  GsFigure *fig = gs_figure_new(1, 2);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_xlabel(p, "a");
  gs_panel_set_ylabel(p, "b");
  GsField f = {v, n, n, -1, 1, 0, 4};
  GsLayer *h = gs_panel_add_heatmap(p, &f);
  gs_layer_add_colorbar(h, "f");
  GsPanel *q = gs_figure_panel(fig, 0, 1);
  gs_panel_set_yscale(q, GS_SCALE_LOG);
  gs_panel_add_scatter(q, (double[]){1, 2, 3}, (double[]){10, 100, 1000}, 3);
  return fig;
}

static void test_hit(void)
{
  GsFigure *fig = ramp_figure();
  GsFigureLayout *layout = render_at(fig, 600, 300, NULL);
  g_assert_cmpint(gs_figure_layout_get_n_panels(layout), ==, 2);
  const GsPanelLayout *pl = &layout->panels[0];
  g_assert_cmpint(gs_figure_layout_panel_at(layout, pl->px + 1, pl->py + 1), ==, 0);
  g_assert_cmpint(gs_figure_layout_panel_at(layout, -5, -5), ==, -1);
  g_assert_false(gs_figure_layout_panel_is_3d(layout, 0));
  /* Corners of the plot area are the limits (a field fits its axes exactly). */
  double x, y;
  g_assert_true(gs_figure_layout_to_data(layout, 0, pl->px, pl->py + pl->ph, &x, &y));
  g_assert_cmpfloat_with_epsilon(x, -1, 1e-9);
  g_assert_cmpfloat_with_epsilon(y, 0, 1e-9);
  g_assert_true(gs_figure_layout_to_data(layout, 0, pl->px + pl->pw, pl->py, &x, &y));
  g_assert_cmpfloat_with_epsilon(x, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon(y, 4, 1e-9);
  /* The field value under the pointer: at (0.5, 1) it is 0.5 + 2 = 2.5. */
  double px = pl->px + 0.75 * pl->pw, py = pl->py + 0.75 * pl->ph;
  char *text = gs_figure_layout_describe(layout, px, py);
  g_assert_nonnull(text);
  g_assert_nonnull(strstr(text, "a = 0.5"));
  g_assert_nonnull(strstr(text, "b = 1"));
  g_assert_nonnull(strstr(text, "f = 2.5"));
  g_free(text);
  /* On the log panel: the nearest point. */
  const GsPanelLayout *ql = &layout->panels[1];
  double sx = gs_layout_x(ql, 2), sy = gs_layout_y(ql, 100);
  text = gs_figure_layout_describe(layout, sx + 2, sy - 2);
  g_assert_nonnull(strstr(text, "point (2, 100)"));
  g_free(text);
  g_assert_null(gs_figure_layout_describe(layout, -5, -5));

  /* Zoom in ×2 about the centre: half the range, same centre. */
  GsPanelView view;
  gs_panel_view_init(&view);
  gs_panel_view_zoom(&view, layout, 0, pl->px + pl->pw / 2, pl->py + pl->ph / 2, 2);
  g_assert_cmpfloat_with_epsilon(view.x0, -0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon(view.x1, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon(view.y0, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon(view.y1, 3, 1e-9);
  /* Zoom about a corner keeps the corner. */
  gs_panel_view_init(&view);
  gs_panel_view_zoom(&view, layout, 0, pl->px, pl->py + pl->ph, 4);
  g_assert_cmpfloat_with_epsilon(view.x0, -1, 1e-9);
  g_assert_cmpfloat_with_epsilon(view.x1, -0.5, 1e-9);
  /* Dragging right by half the plot moves the data right: the limits go left by half. */
  gs_panel_view_init(&view);
  gs_panel_view_pan(&view, layout, 0, pl->pw / 2, 0);
  g_assert_cmpfloat_with_epsilon(view.x0, -2, 1e-9);
  g_assert_cmpfloat_with_epsilon(view.x1, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon(view.y0, 0, 1e-9);
  /* Log axes zoom in decades. */
  GsPanelView lv;
  gs_panel_view_init(&lv);
  GsPanelView drawn;
  gs_figure_layout_get_view(layout, 1, &drawn);
  gs_panel_view_zoom(&lv, layout, 1, ql->px + ql->pw / 2, ql->py + ql->ph / 2, 2);
  double mid = sqrt(drawn.y0 * drawn.y1);
  g_assert_cmpfloat_with_epsilon(sqrt(lv.y0 * lv.y1), mid, mid * 1e-9);
  g_assert_cmpfloat_with_epsilon(log10(lv.y1 / lv.y0), 0.5 * log10(drawn.y1 / drawn.y0), 1e-9);

  /* The zoomed view renders with those limits. */
  GsRenderOptions opts;
  gs_render_options_init(&opts, 600, 300);
  GsPanelView views[2];
  gs_panel_view_init(&views[0]);
  gs_panel_view_init(&views[1]);
  gs_panel_view_zoom(&views[0], layout, 0, pl->px + pl->pw / 2, pl->py + pl->ph / 2, 2);
  opts.views = views;
  opts.n_views = 2;
  GsFigureLayout *zoomed = NULL;
  cairo_surface_destroy(gs_figure_render_image(fig, &opts, SCALE, &zoomed));
  gs_figure_layout_get_view(zoomed, 0, &drawn);
  g_assert_cmpfloat_with_epsilon(drawn.x0, -0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon(drawn.y1, 3, 1e-9);
  gs_figure_layout_unref(zoomed);
  gs_figure_layout_unref(layout);
  gs_figure_unref(fig);
}

/* The gradient readout on a known field: f = x² + 3xy − y on [−1, 1] × [0, 2], 41², has
 * ∇f = (2x + 3y, 3x − 1); central differences are exact for a quadratic, and bilinear
 * interpolation of the (linear) node gradients is exact too. */
static void test_gradient_readout(void)
{
  enum { N = 41 };
  float *v = g_new(float, N *N);
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) {
      double x = -1 + 2.0 * i / (N - 1), y = 2.0 * j / (N - 1);
      v[j * N + i] = (float) (x * x + 3 * x * y - y);
    }
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  GsField f = {v, N, N, -1, 1, 0, 2};
  GsLayer *h = gs_panel_add_heatmap(p, &f);
  gs_layer_add_colorbar(h, "D(x)");
  gs_field_set_gradient_readout(h, "∇D");
  g_free(v);
  GsFigureLayout *layout = render_at(fig, 400, 400, NULL);
  const GsLayer *layer = h;
  double points[][2] = {{0.3, 0.7}, {-0.55, 1.45}, {0.1, 0.05}};
  for (guint k = 0; k < G_N_ELEMENTS(points); k++) {
    double x = points[k][0], y = points[k][1], gx, gy;
    g_assert_true(gs_field_gradient(layer, x, y, &gx, &gy));
    g_assert_cmpfloat_with_epsilon(gx, 2 * x + 3 * y, 1e-4);
    g_assert_cmpfloat_with_epsilon(gy, 3 * x - 1, 1e-4);
  }
  /* one-sided on the edge: d/dy at y = 0 is (f(h) − f(0))/h = 3x − 1 exactly (f is linear in y) */
  double gx, gy;
  g_assert_true(gs_field_gradient(layer, 0.5, 0, &gx, &gy));
  g_assert_cmpfloat_with_epsilon(gy, 0.5, 1e-4);
  g_assert_false(gs_field_gradient(layer, 1.5, 0, &gx, &gy));
  /* The readout at (0.5, 1): D = 0.25 + 1.5 − 1 = 0.75, ∇D = (4, 0.5), |∇D| = 4.031. */
  const GsPanelLayout *pl = &layout->panels[0];
  double px = pl->px + 0.75 * pl->pw, py = pl->py + 0.5 * pl->ph;
  g_autofree char *text = gs_figure_layout_describe(layout, px, py);
  g_assert_nonnull(strstr(text, "D(x) = 0.75"));
  g_assert_nonnull(strstr(text, "∇D = (4, 0.5)"));
  g_assert_nonnull(strstr(text, "|∇D| = 4.031"));
  gs_figure_layout_unref(layout);
  gs_figure_unref(fig);
}

static void test_3d(void)
{
  GsFigure *fig = gallery_build("surface");
  GsFigureLayout *layout = render_at(fig, 400, 300, NULL);
  g_assert_true(gs_figure_layout_panel_is_3d(layout, 0));
  GsPanelView view, drawn;
  gs_figure_layout_get_view(layout, 0, &drawn);
  g_assert_cmpfloat(drawn.azimuth, ==, -60);
  g_assert_cmpfloat(drawn.elevation, ==, 30);
  gs_panel_view_init(&view);
  gs_panel_view_rotate(&view, layout, 0, 20, 10);
  g_assert_cmpfloat_with_epsilon(view.azimuth, -70, 1e-9);
  g_assert_cmpfloat_with_epsilon(view.elevation, 35, 1e-9);
  gs_panel_view_rotate(&view, layout, 0, 0, 1000);
  g_assert_cmpfloat(view.elevation, ==, 90); /* clamped */
  /* Zoom and pan do nothing to a 3-D panel. */
  GsPanelView same = view;
  gs_panel_view_zoom(&view, layout, 0, 100, 100, 2);
  g_assert_true(isnan(view.x0) && isnan(same.x0));
  /* The vertex under the projection of (0.8, 0.6, D(0.8, 0.6)) is found. */
  const GsPanelLayout *pl = &layout->panels[0];
  GsLayer *surface = ((GsPanel *) fig->panels->pdata[0])->layers->pdata[0];
  double z = gs_field_sample(surface, 0.8, 0.6), sx, sy, depth;
  gs_proj3_project(&pl->proj, 0.8, 0.6, z, &sx, &sy, &depth);
  char *text = gs_figure_layout_describe(layout, sx, sy);
  g_assert_nonnull(text);
  g_assert_nonnull(strstr(text, "D* = "));
  g_free(text);
  gs_figure_layout_unref(layout);
  gs_figure_unref(fig);
}

/* A canvas that only records how far text reaches: the bounding box of every label drawn. */
typedef struct {
  GsCanvas base;
  double x0, y0, x1, y1;
  char worst[128];
  double width, height, worst_out;
} TextExtentCanvas;

static void ignore_fill(GsCanvas *c, const GsPath *path, GsColor color) {}
static void ignore_stroke(GsCanvas *c, const GsPath *path, const GsStroke *stroke) {}
static void ignore_image(GsCanvas *c, cairo_surface_t *image, double x, double y, double w,
                         double h, gboolean smooth)
{
}
static void ignore_markers(GsCanvas *c, const double *xy, int n, const GsMarkerStyle *style) {}
static void ignore_clip(GsCanvas *c, double x, double y, double w, double h) {}
static void ignore_canvas(GsCanvas *c) {}
static void ignore_group(GsCanvas *c, const char *id) {}

static void record_text(GsCanvas *c, const char *text, double x, double y, double angle,
                        double halign, const GsFont *font, GsColor color)
{
  TextExtentCanvas *t = (TextExtentCanvas *) c;
  double w, ascent, descent;
  gs_text_measure(c->text, text, font, &w, &ascent, &descent);
  /* level labels, or colour-bar labels turned 90° counter-clockwise about (x, y) */
  g_assert_true(angle == 0 || angle == 90);
  double box[4] = {x - halign * w, y - ascent, x + (1 - halign) * w, y + descent};
  if (angle == 90)
    box[0] = x - ascent, box[1] = y - (1 - halign) * w, box[2] = x + descent,
    box[3] = y + halign * w;
  double out = MAX(MAX(-box[0], -box[1]), MAX(box[2] - t->width, box[3] - t->height));
  if (out > t->worst_out) {
    t->worst_out = out;
    g_strlcpy(t->worst, text, sizeof t->worst);
  }
}

static const GsCanvasClass text_extent_class = {
    ignore_fill, ignore_stroke, ignore_image, ignore_markers, record_text,
    ignore_clip, ignore_canvas, ignore_group, ignore_canvas,  NULL};

/* In narrow, wide and small panes every label of a 3-D panel (ticks, the z label, the legend,
 * the title, the colour bar) stays inside the figure, also with long tick labels; before, a fixed
 * margin clipped the z axis's labels at the left edge of narrow panes. */
static void test_3d_labels_inside(void)
{
  const double sizes[][2] = {{200, 420}, {260, 300}, {480, 220}, {220, 180}};
  for (int long_ticks = 0; long_ticks < 2; long_ticks++)
    for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
      GsFigure *fig = gallery_build("surface");
      GsPanel *p = fig->panels->pdata[0];
      if (long_ticks) gs_panel_set_zlim(p, -0.05123, 0.07345);
      GsTextEngine *engine = gs_text_engine_new(NULL);
      TextExtentCanvas canvas = {
          .base = {&text_extent_class, engine}, .width = sizes[i][0], .height = sizes[i][1]};
      GsRenderOptions opts;
      gs_render_options_init(&opts, sizes[i][0], sizes[i][1]);
      gs_figure_layout_unref(gs_figure_draw(fig, &canvas.base, &opts));
      if (canvas.worst_out > 0.5)
        g_error("%g × %g pt%s: “%s” reaches %.1f pt outside the figure", sizes[i][0], sizes[i][1],
                long_ticks ? ", long tick labels" : "", canvas.worst, canvas.worst_out);
      gs_text_engine_free(engine);
      gs_figure_unref(fig);
    }
}

static void test_equal_aspect(void)
{
  float v[4] = {0, 1, 2, 3};
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_equal_aspect(p, TRUE);
  GsField f = {v, 2, 2, -2, 2, -1, 1};
  gs_panel_add_heatmap(p, &f);
  GsFigureLayout *layout = render_at(fig, 300, 300, NULL);
  const GsPanelLayout *pl = &layout->panels[0];
  g_assert_cmpfloat_with_epsilon(pl->pw / pl->ph, 2.0, 1e-9);
  gs_figure_layout_unref(layout);
  gs_figure_unref(fig);
}

/* Empty, NaN-only, constant and single-point data all draw without complaint. */
static void test_degenerate_input(void)
{
  GsFigure *fig = gs_figure_new(2, 3);
  double nan3[3] = {NAN, NAN, NAN};
  GsPanel *a = gs_figure_panel(fig, 0, 0);
  gs_panel_add_line(a, NULL, nan3, 3);
  gs_panel_add_scatter(a, NULL, NULL, 0);
  gs_panel_add_line(a, (double[]){1}, (double[]){1}, 1);
  GsPanel *b = gs_figure_panel(fig, 0, 1);
  float flat[9] = {2, 2, 2, 2, 2, 2, 2, 2, 2}, nanf9[9];
  for (int i = 0; i < 9; i++) nanf9[i] = NAN;
  GsField ff = {flat, 3, 3, 0, 1, 0, 1}, fn = {nanf9, 3, 3, 0, 1, 0, 1};
  gs_layer_add_colorbar(gs_panel_add_heatmap(b, &ff), "flat");
  gs_panel_add_contours(b, &fn, NULL, 0);
  gs_contour_set_filled(gs_panel_add_contours(b, &ff, NULL, 5), TRUE);
  GsPanel *c = gs_figure_panel(fig, 0, 2);
  gs_panel_set_yscale(c, GS_SCALE_LOG);
  gs_panel_add_line(c, NULL, (double[]){-1, 0, 1e-300, 5}, 4);
  gs_panel_add_histogram(c, nan3, 3, 0, NAN, NAN);
  GsPanel *d = gs_figure_panel(fig, 1, 0);
  gs_panel_add_surface(d, &fn);
  GsPanel *e = gs_figure_panel(fig, 1, 1);
  gs_panel_add_image_grid(e, 3);
  gs_panel_add_quiver(e, (double[]){0}, (double[]){0}, (double[]){0}, (double[]){0}, 1);
  GsPanel *g = gs_figure_panel(fig, 1, 2);
  gs_panel_add_bars(g, (const char *[]){"a, with comma", "\"quoted\""}, (double[]){NAN, 1}, 2);
  gs_panel_set_xlim(g, 5, 5);
  /* Tiny and huge canvases. */
  gs_figure_layout_unref(render_at(fig, 20, 10, NULL));
  gs_figure_layout_unref(render_at(fig, 2000, 1500, NULL));
  char *csv = gs_figure_data_csv(fig);
  g_assert_nonnull(strstr(csv, "\"a, with comma\""));
  g_assert_nonnull(strstr(csv, "\"\"\"quoted\"\"\""));
  g_free(csv);
  gs_figure_unref(fig);
}

static void test_sizes_and_themes(void)
{
  double w, h, font;
  gs_size_preset_get(GS_SIZE_SLIDE, &w, &h, &font);
  g_assert_cmpfloat_with_epsilon(w, 13.333 * 72, 1e-6);
  g_assert_cmpfloat_with_epsilon(h, 7.5 * 72, 1e-6);
  gs_size_preset_get(GS_SIZE_BEAMER, &w, &h, &font);
  g_assert_cmpfloat_with_epsilon(w, 160 / 25.4 * 72, 1e-6);
  g_assert_cmpfloat_with_epsilon(h, 90 / 25.4 * 72, 1e-6);
  gs_size_preset_get(GS_SIZE_PAPER_SINGLE, &w, &h, &font);
  g_assert_cmpfloat_with_epsilon(w, 3.5 * 72, 1e-6);
  gs_size_preset_get(GS_SIZE_PAPER_DOUBLE, &w, &h, &font);
  g_assert_cmpfloat_with_epsilon(w, 7 * 72, 1e-6);
  for (int p = 0; p < GS_SIZE_N; p++) {
    GsSizePreset back;
    g_assert_true(gs_size_preset_from_name(gs_size_preset_get_name(p), &back));
    g_assert_cmpint(back, ==, p);
  }
  for (int t = 0; t < GS_THEME_N; t++) {
    GsTheme back;
    g_assert_true(gs_theme_from_name(gs_theme_get_name(t), &back));
    g_assert_cmpint(back, ==, t);
  }
  /* The transparent theme leaves the corners clear; light paints them white. */
  for (int t = 0; t < GS_THEME_N; t++) {
    GsFigure *fig = gallery_build("bars");
    GsRenderOptions opts;
    gs_render_options_init(&opts, 200, 150);
    opts.theme = t;
    cairo_surface_t *img = gs_figure_render_image(fig, &opts, 1, NULL);
    guint32 corner = *(guint32 *) cairo_image_surface_get_data(img);
    if (t == GS_THEME_TRANSPARENT)
      g_assert_cmpuint(corner >> 24, ==, 0);
    else if (t == GS_THEME_LIGHT)
      g_assert_cmphex(corner, ==, 0xffffffff);
    else
      g_assert_cmpuint(corner & 0xff, <, 0x40);
    cairo_surface_destroy(img);
    gs_figure_unref(fig);
  }
}

static void test_bench_runs(void)
{
  GsFigureBench b = gs_figure_bench_frame(320, 240, 3);
  g_assert_cmpint(b.repeats, ==, 3);
  g_assert_cmpfloat(b.median_ms, >, 0);
  g_assert_cmpfloat(b.min_ms, <=, b.median_ms);
  g_assert_cmpfloat(b.max_ms, >=, b.median_ms);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/figure/sealed", test_sealed);
  g_test_add_func("/figure/threads", test_threads);
  g_test_add_func("/figure/hit", test_hit);
  g_test_add_func("/figure/gradient-readout", test_gradient_readout);
  g_test_add_func("/figure/3d", test_3d);
  g_test_add_func("/figure/3d-labels-inside", test_3d_labels_inside);
  g_test_add_func("/figure/equal-aspect", test_equal_aspect);
  g_test_add_func("/figure/degenerate-input", test_degenerate_input);
  g_test_add_func("/figure/sizes-and-themes", test_sizes_and_themes);
  g_test_add_func("/figure/bench-runs", test_bench_runs);
  return g_test_run();
}
