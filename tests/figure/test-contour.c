/* test-contour.c — marching squares against known level sets. */
#include "gs-contour.h"

#include <math.h>

typedef struct {
  double area;
  int polygons;
} AreaSum;

static void add_area(const double *xy, int n, gpointer data)
{
  AreaSum *a = data;
  double area = gs_polygon_area(xy, n);
  /* Counter-clockwise; zero only for slivers where the level passes through a corner. */
  g_assert_cmpfloat(area, >=, -1e-12);
  a->area += area;
  a->polygons++;
}

/* f = x² + y² on [-1, 1]², level r²: one closed line on the circle of radius r. */
static void test_circle(void)
{
  int n = 101;
  double h = 2.0 / (n - 1), r = 0.5;
  float *v = g_new(float, n *n);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) {
      double x = -1 + i * h, y = -1 + j * h;
      v[j * n + i] = (float) (x * x + y * y);
    }
  GPtrArray *lines = gs_contour_lines(v, n, n, r * r);
  g_assert_cmpuint(lines->len, ==, 1);
  GsPolyline *pl = lines->pdata[0];
  g_assert_true(pl->closed);
  g_assert_cmpint(pl->n_points, >, 100);
  double *data = g_new(double, 2 * pl->n_points);
  for (int k = 0; k < pl->n_points; k++) {
    data[2 * k] = -1 + pl->xy[2 * k] * h;
    data[2 * k + 1] = -1 + pl->xy[2 * k + 1] * h;
    /* Linear interpolation of x² + y² along a cell edge errs by at most h²/(8r). */
    g_assert_cmpfloat(fabs(hypot(data[2 * k], data[2 * k + 1]) - r), <, h * h / (8 * r) + 1e-6);
  }
  g_assert_cmpfloat(fabs(fabs(gs_polygon_area(data, pl->n_points)) - G_PI * r * r), <, 2e-3);
  g_free(data);
  g_ptr_array_unref(lines);

  /* The region above the level is the square minus the disc (in grid units). */
  AreaSum sum = {0};
  gs_contour_region(v, n, n, r * r, add_area, &sum);
  double disc = G_PI * (r / h) * (r / h), square = (n - 1.0) * (n - 1.0);
  g_assert_cmpfloat(fabs(sum.area - (square - disc)) / disc, <, 3e-3);
  /* Everything: level -inf covers the whole grid. */
  AreaSum all = {0};
  gs_contour_region(v, n, n, -INFINITY, add_area, &all);
  g_assert_cmpfloat_with_epsilon(all.area, square, 1e-9);
  g_free(v);
}

static gboolean segment_is(const GsPolyline *pl, double ax, double ay, double bx, double by)
{
  if (pl->n_points != 2) return FALSE;
  const double *p = pl->xy;
  double e = 1e-6;
  gboolean fwd =
      fabs(p[0] - ax) < e && fabs(p[1] - ay) < e && fabs(p[2] - bx) < e && fabs(p[3] - by) < e;
  gboolean rev =
      fabs(p[0] - bx) < e && fabs(p[1] - by) < e && fabs(p[2] - ax) < e && fabs(p[3] - ay) < e;
  return fwd || rev;
}

static gboolean has_segment(GPtrArray *lines, double ax, double ay, double bx, double by)
{
  for (guint i = 0; i < lines->len; i++)
    if (segment_is(lines->pdata[i], ax, ay, bx, by)) return TRUE;
  return FALSE;
}

/* A single saddle cell: corners (0,0) = 1, (1,0) = 0, (1,1) = 1, (0,1) = 0; centre 0.5. */
static void test_saddle(void)
{
  const float v[4] = {1, 0, 0, 1}; /* row 0: (0,0) (1,0); row 1: (0,1) (1,1) */
  /* Level 0.5: the centre (0.5) counts as above, so the high corners join and the lines cut
   * off the low corners (1,0) and (0,1). */
  GPtrArray *lines = gs_contour_lines(v, 2, 2, 0.5);
  g_assert_cmpuint(lines->len, ==, 2);
  g_assert_true(has_segment(lines, 0.5, 0, 1, 0.5));
  g_assert_true(has_segment(lines, 0.5, 1, 0, 0.5));
  g_ptr_array_unref(lines);
  AreaSum sum = {0};
  gs_contour_region(v, 2, 2, 0.5, add_area, &sum);
  g_assert_cmpint(sum.polygons, ==, 1);
  g_assert_cmpfloat_with_epsilon(sum.area, 0.75, 1e-9);

  /* Level 0.6: the centre is below; the lines cut off the high corners instead. */
  lines = gs_contour_lines(v, 2, 2, 0.6);
  g_assert_cmpuint(lines->len, ==, 2);
  g_assert_true(has_segment(lines, 0, 0.4, 0.4, 0));
  g_assert_true(has_segment(lines, 1, 0.6, 0.6, 1));
  g_ptr_array_unref(lines);
  AreaSum two = {0};
  gs_contour_region(v, 2, 2, 0.6, add_area, &two);
  g_assert_cmpint(two.polygons, ==, 2);
  g_assert_cmpfloat_with_epsilon(two.area, 2 * 0.5 * 0.4 * 0.4, 1e-9);
}

/* Lines and filled regions agree: every line vertex lies on the region's boundary, so the
 * region area changes continuously with the level (checked against the exact area of a
 * linear ramp). */
static void test_ramp(void)
{
  int nx = 11, ny = 5;
  float *v = g_new(float, nx *ny);
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) v[j * nx + i] = (float) i;
  GPtrArray *lines = gs_contour_lines(v, nx, ny, 3.25);
  g_assert_cmpuint(lines->len, ==, 1);
  GsPolyline *pl = lines->pdata[0];
  g_assert_false(pl->closed);
  g_assert_cmpint(pl->n_points, ==, ny);
  for (int k = 0; k < pl->n_points; k++) g_assert_cmpfloat_with_epsilon(pl->xy[2 * k], 3.25, 1e-6);
  g_ptr_array_unref(lines);
  AreaSum sum = {0};
  gs_contour_region(v, nx, ny, 3.25, add_area, &sum);
  g_assert_cmpfloat_with_epsilon(sum.area, (10 - 3.25) * 4, 1e-6);
  g_free(v);
}

/* NaN samples: cells touching them are skipped, nothing crashes, nothing is invented. */
static void test_nan(void)
{
  int n = 9;
  float *v = g_new(float, n *n);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) v[j * n + i] = (float) hypot(i - 4, j - 4);
  v[4 * n + 4] = NAN;
  GPtrArray *lines = gs_contour_lines(v, n, n, 0.5);
  g_assert_cmpuint(lines->len, ==, 0); /* the only crossing is in the NaN's cells */
  g_ptr_array_unref(lines);
  lines = gs_contour_lines(v, n, n, 2.5);
  g_assert_cmpuint(lines->len, ==, 1);
  g_assert_true(((GsPolyline *) lines->pdata[0])->closed);
  g_ptr_array_unref(lines);
  AreaSum all = {0};
  gs_contour_region(v, n, n, -INFINITY, add_area, &all);
  g_assert_cmpfloat_with_epsilon(all.area, 64 - 4, 1e-9);
  g_free(v);
  /* Degenerate grids. */
  float one[1] = {0};
  lines = gs_contour_lines(one, 1, 1, 0);
  g_assert_cmpuint(lines->len, ==, 0);
  g_ptr_array_unref(lines);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/contour/circle", test_circle);
  g_test_add_func("/contour/saddle", test_saddle);
  g_test_add_func("/contour/ramp", test_ramp);
  g_test_add_func("/contour/nan", test_nan);
  return g_test_run();
}
