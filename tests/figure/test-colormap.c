/* test-colormap.c — colormap tables, diverging norms and stable run styles. */
#include "gs-colormap.h"

#include <math.h>

static void assert_color(GsColor c, double r, double g, double b, double tol)
{
  g_assert_cmpfloat_with_epsilon(c.r, r, tol);
  g_assert_cmpfloat_with_epsilon(c.g, g, tol);
  g_assert_cmpfloat_with_epsilon(c.b, b, tol);
}

/* Ends and middle of matplotlib's tables (_cm_listed.py). */
static void test_tables(void)
{
  const GsColormap *v = gs_colormap_get(GS_COLORMAP_VIRIDIS);
  assert_color(gs_colormap_eval(v, 0), 0.267004, 0.004874, 0.329415, 1e-6);
  assert_color(gs_colormap_eval(v, 0.5), 0.127568, 0.566949, 0.550556, 1e-6);
  assert_color(gs_colormap_eval(v, 1), 0.993248, 0.906157, 0.143936, 1e-6);
  const GsColormap *m = gs_colormap_get(GS_COLORMAP_MAGMA);
  assert_color(gs_colormap_eval(m, 0), 0.001462, 0.000466, 0.013866, 1e-6);
  assert_color(gs_colormap_eval(m, 0.5), 0.716387, 0.214982, 0.475290, 1e-6);
  assert_color(gs_colormap_eval(m, 1), 0.987053, 0.991438, 0.749504, 1e-6);
  const GsColormap *c = gs_colormap_get(GS_COLORMAP_CIVIDIS);
  assert_color(gs_colormap_eval(c, 0), 0.0, 0.135112, 0.304751, 1e-6);
  assert_color(gs_colormap_eval(c, 0.5), 0.488697, 0.485318, 0.471008, 1e-6);
  assert_color(gs_colormap_eval(c, 1), 0.995737, 0.909344, 0.217772, 1e-6);
  /* Out of range and NaN clip to the ends. */
  assert_color(gs_colormap_eval(v, -3), 0.267004, 0.004874, 0.329415, 1e-6);
  assert_color(gs_colormap_eval(v, NAN), 0.267004, 0.004874, 0.329415, 1e-6);
  g_assert_true(gs_colormap_lookup("Viridis") == v);
  g_assert_null(gs_colormap_lookup("jet"));
}

/* d3.interpolatePRGn is a uniform B-spline through the 11 ColorBrewer colours: it passes through
 * the end colours rgb(64, 0, 75) and rgb(0, 68, 27) but only near the middle one (f7f7f7); at
 * t = 0.5 it is (e7d4e8 + 4 f7f7f7 + d9f0d3) / 6 = rgb(239, 240, 239). */
static void test_prgn(void)
{
  const guint8 *lut = gs_colormap_lut8(gs_colormap_get(GS_COLORMAP_PRGN));
  g_assert_cmpint(lut[0], ==, 64);
  g_assert_cmpint(lut[1], ==, 0);
  g_assert_cmpint(lut[2], ==, 75);
  g_assert_cmpint(lut[3 * 255], ==, 0);
  g_assert_cmpint(lut[3 * 255 + 1], ==, 68);
  g_assert_cmpint(lut[3 * 255 + 2], ==, 27);
  /* Entries 127 and 128 straddle t = 0.5. */
  static const int centre[3] = {239, 240, 239};
  for (int k = 127; k <= 128; k++)
    for (int ch = 0; ch < 3; ch++) g_assert_cmpint(ABS(lut[3 * k + ch] - centre[ch]), <=, 2);
  g_assert_true(gs_colormap_is_diverging(gs_colormap_get(GS_COLORMAP_PRGN)));
  g_assert_true(gs_colormap_is_diverging(gs_colormap_get(GS_COLORMAP_SUNSET)));
  g_assert_false(gs_colormap_is_diverging(gs_colormap_get(GS_COLORMAP_VIRIDIS)));
}

static void test_norm(void)
{
  GsNorm n;
  gs_norm_init(&n, 0, 1, 0.5);
  g_assert_cmpfloat_with_epsilon(gs_norm_apply(&n, 0.5), 0.5, 1e-12);
  /* Lopsided range: the centre still maps to the middle of the map. */
  gs_norm_init(&n, -1, 3, 0);
  g_assert_cmpfloat_with_epsilon(gs_norm_apply(&n, 0), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon(gs_norm_apply(&n, -1), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon(gs_norm_apply(&n, 1.5), 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon(gs_norm_apply(&n, 7), 1, 1e-12);
  g_assert_true(isnan(gs_norm_apply(&n, NAN)));
  /* Automatic limits around a centre are symmetric. */
  float data[] = {0.3f, 0.9f, NAN};
  gs_norm_autoscale(&n, data, 3, NAN, NAN, 0.5);
  g_assert_cmpfloat_with_epsilon(n.vmin, 0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon(n.vmax, 0.9, 1e-6);
  /* Without a centre: the data range; explicit limits win. */
  gs_norm_autoscale(&n, data, 3, NAN, NAN, NAN);
  g_assert_cmpfloat_with_epsilon(n.vmin, 0.3, 1e-6);
  gs_norm_autoscale(&n, data, 3, 0, 1, NAN);
  g_assert_cmpfloat(n.vmin, ==, 0);
  g_assert_cmpfloat(n.vmax, ==, 1);
  /* A constant field still gets a usable range. */
  float flat[] = {2, 2};
  gs_norm_autoscale(&n, flat, 2, NAN, NAN, NAN);
  g_assert_cmpfloat(n.vmax, >, n.vmin);
}

static gboolean same_color(GsColor a, GsColor b)
{
  return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static void test_run_styles(void)
{
  /* Okabe–Ito orange first: a fixed, documented assignment. */
  char hex[8];
  gs_color_to_hex(gs_run_style_for_id(0).color, hex);
  g_assert_cmpstr(hex, ==, "#e69f00");
  gs_color_to_hex(gs_run_style_for_id(1).color, hex);
  g_assert_cmpstr(hex, ==, "#56b4e9");
  g_assert_cmpint(gs_run_style_for_id(1).dash, ==, GS_DASH_DASHED);
  /* 140 consecutive ids: all (colour, dash, marker) triples distinct, and neighbours differ in
   * every cue. */
  for (int a = 0; a < 140; a++) {
    GsRunStyle sa = gs_run_style_for_id(a);
    GsRunStyle next = gs_run_style_for_id(a + 1);
    g_assert_false(same_color(sa.color, next.color));
    g_assert_cmpint(sa.dash, !=, next.dash);
    g_assert_cmpint(sa.marker, !=, next.marker);
    for (int b = a + 1; b < 140; b++) {
      GsRunStyle sb = gs_run_style_for_id(b);
      g_assert_false(same_color(sa.color, sb.color) && sa.dash == sb.dash &&
                     sa.marker == sb.marker);
    }
  }
  /* Stable: same id or key, same style; negative ids are fine. */
  GsRunStyle x = gs_run_style_for_key("run-2024-01-01-a"),
             y = gs_run_style_for_key("run-2024-01-01-a");
  g_assert_true(same_color(x.color, y.color) && x.dash == y.dash);
  GsRunStyle neg = gs_run_style_for_id(-1);
  g_assert_true(neg.dash >= 0 && neg.dash < GS_DASH_N);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/colormap/tables", test_tables);
  g_test_add_func("/colormap/prgn", test_prgn);
  g_test_add_func("/colormap/norm", test_norm);
  g_test_add_func("/colormap/run-styles", test_run_styles);
  return g_test_run();
}
