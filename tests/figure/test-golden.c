/* test-golden.c — every plot type rendered at a fixed size and compared with a golden PNG.
 *
 * A pixel counts as different when a channel is off by more than 32 (anti-aliasing noise is
 * smaller); a figure fails when more than 0.02 % of its pixels differ (a lost tick label is
 * more) or the mean difference exceeds 0.5. On failure the rendered image and a difference
 * image are written to <build>/tests/figure/golden-out/. To accept an intended change:
 *     GS_UPDATE_GOLDEN=1 meson test -C _build golden
 * then look at every changed PNG in tests/figure/golden/ before committing (golden/README.md).
 */
#include "gallery.h"

#include "gs-config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define WIDTH                  480
#define HEIGHT                 360
#define CHANNEL_TOLERANCE      32
#define MAX_DIFFERENT_FRACTION 0.0002
#define MAX_MEAN_DIFFERENCE    0.5

typedef struct {
  const char *figure;
  GsTheme theme;
} Case;

static cairo_surface_t *render(const Case *c)
{
  GsFigure *fig = gallery_build(c->figure);
  g_assert_nonnull(fig);
  double scale = 96.0 / 72;
  GsRenderOptions opts;
  gs_render_options_init(&opts, WIDTH / scale, HEIGHT / scale);
  opts.theme = c->theme;
  cairo_surface_t *img = gs_figure_render_image(fig, &opts, scale, NULL);
  gs_figure_unref(fig);
  return img;
}

static char *case_name(const Case *c)
{
  return g_strdup_printf("%s-%s", c->figure, gs_theme_get_name(c->theme));
}

static void test_golden(gconstpointer data)
{
  const Case *c = data;
  char *name = case_name(c);
  char *file = g_strdup_printf("%s.png", name);
  char *golden = g_build_filename(GS_SOURCE_DIR, "tests", "figure", "golden", file, NULL);
  cairo_surface_t *actual = render(c);
  g_assert_cmpint(cairo_image_surface_get_width(actual), ==, WIDTH);
  g_assert_cmpint(cairo_image_surface_get_height(actual), ==, HEIGHT);

  if (g_getenv("GS_UPDATE_GOLDEN")) {
    g_assert_cmpint(cairo_surface_write_to_png(actual, golden), ==, CAIRO_STATUS_SUCCESS);
    g_test_message("wrote %s", golden);
  } else {
    cairo_surface_t *expected = cairo_image_surface_create_from_png(golden);
    if (cairo_surface_status(expected) != CAIRO_STATUS_SUCCESS)
      g_error("cannot read %s (%s): regenerate with GS_UPDATE_GOLDEN=1", golden,
              cairo_status_to_string(cairo_surface_status(expected)));
    g_assert_cmpint(cairo_image_surface_get_width(expected), ==, WIDTH);
    g_assert_cmpint(cairo_image_surface_get_height(expected), ==, HEIGHT);
    cairo_surface_flush(actual);
    const guint8 *a = cairo_image_surface_get_data(actual);
    const guint8 *e = cairo_image_surface_get_data(expected);
    int sa = cairo_image_surface_get_stride(actual), se = cairo_image_surface_get_stride(expected);
    cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    guint8 *d = cairo_image_surface_get_data(diff);
    int sd = cairo_image_surface_get_stride(diff);
    long different = 0;
    double total = 0;
    for (int y = 0; y < HEIGHT; y++)
      for (int x = 0; x < WIDTH; x++) {
        const guint8 *pa = a + (gsize) y * sa + 4 * x, *pe = e + (gsize) y * se + 4 * x;
        int worst = 0;
        for (int ch = 0; ch < 4; ch++) {
          int delta = ABS(pa[ch] - pe[ch]);
          worst = MAX(worst, delta);
          total += delta;
        }
        different += worst > CHANNEL_TOLERANCE;
        guint32 v =
            worst > CHANNEL_TOLERANCE ? 0xffff0000u : 0xff000000u | (guint32) worst * 0x010101u;
        *(guint32 *) (d + (gsize) y * sd + 4 * x) = v;
      }
    cairo_surface_mark_dirty(diff);
    double fraction = (double) different / (WIDTH * HEIGHT);
    double mean = total / (4.0 * WIDTH * HEIGHT);
    if (fraction > MAX_DIFFERENT_FRACTION || mean > MAX_MEAN_DIFFERENCE) {
      char *dir = g_build_filename(GS_BUILD_DIR, "tests", "figure", "golden-out", NULL);
      g_mkdir_with_parents(dir, 0755);
      char *out = g_strdup_printf("%s/%s.png", dir, name);
      char *dout = g_strdup_printf("%s/%s-diff.png", dir, name);
      cairo_surface_write_to_png(actual, out);
      cairo_surface_write_to_png(diff, dout);
      g_error("%s: %ld pixels (%.3f %%) differ from %s, mean difference %.3f; see %s and %s", name,
              different, 100 * fraction, golden, mean, out, dout);
    }
    cairo_surface_destroy(diff);
    cairo_surface_destroy(expected);
  }
  cairo_surface_destroy(actual);
  g_free(golden);
  g_free(file);
  g_free(name);
}

/* The comparison itself must be able to fail: a figure with one label changed is caught. */
static void test_detects_change(void)
{
  Case c = {"bars", GS_THEME_LIGHT};
  cairo_surface_t *a = render(&c);
  GsFigure *fig = gallery_build("bars");
  /* Same figure, one extra word in the title. */
  gs_figure_set_title(fig, "changed");
  double scale = 96.0 / 72;
  GsRenderOptions opts;
  gs_render_options_init(&opts, WIDTH / scale, HEIGHT / scale);
  cairo_surface_t *b = gs_figure_render_image(fig, &opts, scale, NULL);
  gs_figure_unref(fig);
  const guint8 *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
  long different = 0;
  for (int i = 0; i < WIDTH * HEIGHT; i++) {
    int worst = 0;
    for (int ch = 0; ch < 4; ch++) worst = MAX(worst, ABS(pa[4 * i + ch] - pb[4 * i + ch]));
    different += worst > CHANNEL_TOLERANCE;
  }
  g_assert_cmpfloat((double) different / (WIDTH * HEIGHT), >, MAX_DIFFERENT_FRACTION);
  cairo_surface_destroy(a);
  cairo_surface_destroy(b);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  GPtrArray *cases = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; gallery_names[i]; i++) {
    Case *c = g_new(Case, 1);
    *c = (Case){gallery_names[i], GS_THEME_LIGHT};
    g_ptr_array_add(cases, c);
  }
  static const Case themed[] = {
      {"contours", GS_THEME_DARK},
      {"surface", GS_THEME_DARK},
      {"lines", GS_THEME_TRANSPARENT},
  };
  for (guint i = 0; i < G_N_ELEMENTS(themed); i++)
    g_ptr_array_add(cases, g_memdup2(&themed[i], sizeof(Case)));
  for (guint i = 0; i < cases->len; i++) {
    char *name = case_name(cases->pdata[i]);
    char *path = g_strdup_printf("/golden/%s", name);
    g_test_add_data_func(path, cases->pdata[i], test_golden);
    g_free(path);
    g_free(name);
  }
  g_test_add_func("/golden/detects-change", test_detects_change);
  int status = g_test_run();
  g_ptr_array_unref(cases);
  return status;
}
