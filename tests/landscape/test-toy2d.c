/* test-toy2d.c — the shared 2-D toy distributions: every preset's sampler against its density
 * (cell by cell), known values, seeds, point sets, and the CSV/.npy loaders with good and
 * malformed files. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "datasets/gs-toy2d.h"

static void test_ids(void)
{
  for (int p = 0; p < GS_TOY2D_N_PRESETS; p++) {
    GsToy2dPreset back;
    g_assert_true(gs_toy2d_preset_from_id(gs_toy2d_preset_id(p), &back));
    g_assert_cmpint(back, ==, p);
    g_assert_nonnull(gs_toy2d_preset_title(p));
  }
  GsToy2dPreset unused;
  g_assert_false(gs_toy2d_preset_from_id("9gaussians", &unused));
  g_assert_false(gs_toy2d_preset_from_id(NULL, &unused));
}

static void test_seeds(void)
{
  for (int p = 0; p < GS_TOY2D_N_PRESETS; p++) {
    g_autoptr(GsToy2d) d = gs_toy2d_new_preset(p);
    float a[64], b[64], c[64];
    gs_rng r1 = gs_rng_new(7), r2 = gs_rng_new(7), r3 = gs_rng_new(8);
    gs_toy2d_sample(d, &r1, 32, a);
    gs_toy2d_sample(d, &r2, 32, b);
    gs_toy2d_sample(d, &r3, 32, c);
    g_assert_cmpmem(a, sizeof a, b, sizeof b);
    g_assert_true(memcmp(a, c, sizeof a) != 0);
    /* the stream advances: the next batch differs */
    gs_toy2d_sample(d, &r1, 32, b);
    g_assert_true(memcmp(a, b, sizeof a) != 0);
  }
}

/* The finest feature of each preset, for the integration grid. */
static double feature_scale(GsToy2dPreset p)
{
  switch (p) {
  case GS_TOY2D_LINE:
    return 0.01;
  case GS_TOY2D_GAUSSIANS_8:
  case GS_TOY2D_GMM8:
    return 0.02;
  case GS_TOY2D_DISJOINT:
    return 0.025;
  case GS_TOY2D_CIRCLES:
    return 0.04;
  case GS_TOY2D_GAUSSIANS:
  case GS_TOY2D_GAUSSIANS_25:
  case GS_TOY2D_MOONS:
  case GS_TOY2D_SPIRALS:
    return 0.05;
  default:
    return 0.1;
  }
}

#define CELLS 6

/* The density integrates to 1 (over the box widened by a third on each side), and the fraction of
 * 40,000 samples in each of 6×6 cells of the box matches the integral of the density there. */
static void test_density_matches_sampler(void)
{
  for (int p = 0; p < GS_TOY2D_N_PRESETS; p++) {
    g_autoptr(GsToy2d) d = gs_toy2d_new_preset(p);
    if (!gs_toy2d_has_density(d)) {
      g_assert_cmpint(p, ==, GS_TOY2D_RING);
      continue;
    }
    double box[4];
    gs_toy2d_box(d, box);
    double w = box[1] - box[0], lo[2] = {box[0] - w / 3, box[2] - w / 3};
    /* k midpoints per cell, no coarser than half the finest feature; the box widened by two
     * cells (a third) on each side is CELLS + 4 cells, so every midpoint is inside one cell */
    int k = (int) ceil(w / CELLS / (feature_scale(p) / 2));
    int n = (CELLS + 4) * k;
    double h = w / (CELLS * k);
    double total = 0, cell_mass[CELLS][CELLS] = {{0}};
    for (int j = 0; j < n; j++)
      for (int i = 0; i < n; i++) {
        double x = lo[0] + (i + 0.5) * h, y = lo[1] + (j + 0.5) * h;
        double m = gs_toy2d_density(d, x, y) * h * h;
        g_assert_true(m >= 0);
        total += m;
        int cx = (int) floor((x - box[0]) / w * CELLS), cy = (int) floor((y - box[2]) / w * CELLS);
        if (cx >= 0 && cx < CELLS && cy >= 0 && cy < CELLS) cell_mass[cy][cx] += m;
      }
    if (fabs(total - 1) > 0.01)
      g_error("%s: the density integrates to %g", gs_toy2d_preset_id(p), total);

    enum { N = 40000 };
    float *xy = g_new(float, 2 * N);
    gs_rng rng = gs_rng_new(1234);
    gs_toy2d_sample(d, &rng, N, xy);
    double count[CELLS][CELLS] = {{0}};
    for (int s = 0; s < N; s++) {
      int cx = (int) floor((xy[2 * s] - box[0]) / w * CELLS);
      int cy = (int) floor((xy[2 * s + 1] - box[2]) / w * CELLS);
      if (cx >= 0 && cx < CELLS && cy >= 0 && cy < CELLS) count[cy][cx] += 1.0 / N;
    }
    g_free(xy);
    for (int cy = 0; cy < CELLS; cy++)
      for (int cx = 0; cx < CELLS; cx++) {
        double q = cell_mass[cy][cx], tol = 5 * sqrt(q * (1 - q) / N) + 0.004;
        if (fabs(count[cy][cx] - q) > tol)
          g_error("%s: cell (%d, %d) holds %.4f of the samples, the density says %.4f",
                  gs_toy2d_preset_id(p), cx, cy, count[cy][cx], q);
      }
  }
}

static void test_known_values(void)
{
  g_autoptr(GsToy2d) g2 = gs_toy2d_new_preset(GS_TOY2D_G2);
  g_assert_cmpfloat_with_epsilon(gs_toy2d_density(g2, 3.5, 3.5), 1 / (2 * G_PI * 1.25 * 1.25),
                                 1e-12);
  int n_modes;
  const GsToy2dMode *m = gs_toy2d_modes(g2, &n_modes);
  g_assert_cmpint(n_modes, ==, 1);
  g_assert_cmpfloat(m[0].sigma, ==, 1.25);

  g_autoptr(GsToy2d) ring8 = gs_toy2d_new_preset(GS_TOY2D_GAUSSIANS_8);
  m = gs_toy2d_modes(ring8, &n_modes);
  g_assert_cmpint(n_modes, ==, 8);
  for (int k = 0; k < 8; k++) {
    g_assert_cmpfloat_with_epsilon(hypot(m[k].x, m[k].y), 2, 1e-12);
    g_assert_cmpfloat(m[k].sigma, ==, 0.02);
  }
  g_autoptr(GsToy2d) gmm8 = gs_toy2d_new_preset(GS_TOY2D_GMM8);
  m = gs_toy2d_modes(gmm8, &n_modes);
  g_assert_cmpint(n_modes, ==, 8);
  g_assert_cmpfloat_with_epsilon(hypot(m[3].x - 0.5, m[3].y - 0.5), 0.35, 1e-12);
  g_autoptr(GsToy2d) grid = gs_toy2d_new_preset(GS_TOY2D_GAUSSIANS_25);
  m = gs_toy2d_modes(grid, &n_modes);
  g_assert_cmpint(n_modes, ==, 25);

  g_autoptr(GsToy2d) board = gs_toy2d_new_preset(GS_TOY2D_CHECKERBOARD);
  g_assert_cmpfloat(gs_toy2d_density(board, 0.5, 0.5), ==, 0.125);
  g_assert_cmpfloat(gs_toy2d_density(board, -0.5, 0.5), ==, 0);
  g_assert_cmpfloat(gs_toy2d_density(board, -1.5, -1.5), ==, 0.125);
  g_assert_cmpfloat(gs_toy2d_density(board, 2.5, 0.5), ==, 0);
  g_assert_null(gs_toy2d_modes(board, &n_modes));
  g_assert_cmpint(n_modes, ==, 0);

  g_autoptr(GsToy2d) annulus = gs_toy2d_new_preset(GS_TOY2D_UNIFORM_RING);
  g_assert_cmpfloat_with_epsilon(gs_toy2d_density(annulus, 0, 1.75), 1 / (G_PI * 1.75), 1e-12);
  g_assert_cmpfloat(gs_toy2d_density(annulus, 0, 1), ==, 0);

  /* a straight segment with noise, far from its ends: (1/L) φ_σ(distance) across it */
  g_autoptr(GsToy2d) line = gs_toy2d_new_preset(GS_TOY2D_LINE);
  double L = hypot(0.75, 0.3), nx = -0.3 / L, ny = -0.75 / L, off = 0.012;
  double x = 0.8 - 0.75 * 0.5 + off * nx, y = 0.6 + 0.3 * 0.5 + off * ny;
  double expect = exp(-off * off / (2e-4)) / (sqrt(2 * G_PI) * 0.01) / L;
  g_assert_cmpfloat(fabs(gs_toy2d_density(line, x, y) / expect - 1), <, 1e-4);
}

static void test_points(void)
{
  const float xy[6] = {0, 0, 1, 0, 0, 2};
  g_autoptr(GsToy2d) exact = gs_toy2d_new_points(xy, 3, 0);
  g_assert_false(gs_toy2d_has_density(exact));
  float s[200];
  gs_rng rng = gs_rng_new(3);
  gs_toy2d_sample(exact, &rng, 100, s);
  int hits[3] = {0};
  for (int i = 0; i < 100; i++) {
    int k = -1;
    for (int j = 0; j < 3; j++)
      if (s[2 * i] == xy[2 * j] && s[2 * i + 1] == xy[2 * j + 1]) k = j;
    g_assert_cmpint(k, >=, 0);
    hits[k]++;
  }
  for (int j = 0; j < 3; j++) g_assert_cmpint(hits[j], >, 15);
  double box[4];
  gs_toy2d_box(exact, box);
  g_assert_cmpfloat(box[0], <, 0);
  g_assert_cmpfloat(box[3], >, 2);
  g_assert_cmpfloat_with_epsilon(box[1] - box[0], box[3] - box[2], 1e-9);

  g_autoptr(GsToy2d) drawn = gs_toy2d_new_points(xy, 3, 0.02);
  g_assert_true(gs_toy2d_has_density(drawn));
  g_assert_cmpfloat_with_epsilon(gs_toy2d_density(drawn, 1, 0), 1 / (3 * 2 * G_PI * 4e-4), 1e-6);
}

/* ---- loaders ---------------------------------------------------------------------------- */

static float *csv(const char *text, gsize *n, GError **error)
{
  return gs_toy2d_parse_csv(text, strlen(text), "pts.csv", n, error);
}

/* Labelled draws are the unlabelled ones, and the label is the component or arm: circles' class 0
 * lies near radius 1 and class 1 near radius 0.5; 8gaussians' class k near its k-th centre. */
static void test_labels(void)
{
  enum { N = 2000 };
  static float a[2 * N], b[2 * N];
  static int32_t labels[N];
  for (int preset = 0; preset < GS_TOY2D_N_PRESETS; preset++) {
    g_autoptr(GsToy2d) d = gs_toy2d_new_preset((GsToy2dPreset) preset);
    gs_rng r1 = gs_rng_new(11), r2 = gs_rng_new(11);
    gs_toy2d_sample(d, &r1, N, a);
    gs_toy2d_sample_labeled(d, &r2, N, b, labels);
    g_assert_cmpmem(a, sizeof a, b, sizeof b);
    int k = gs_toy2d_n_classes(d);
    g_assert_cmpint(k, >=, 1);
    for (int i = 0; i < N; i++) g_assert_true(labels[i] >= 0 && labels[i] < k);
  }
  g_autoptr(GsToy2d) circles = gs_toy2d_new_preset(GS_TOY2D_CIRCLES);
  g_assert_cmpint(gs_toy2d_n_classes(circles), ==, 2);
  gs_rng rng = gs_rng_new(3);
  gs_toy2d_sample_labeled(circles, &rng, N, a, labels);
  gsize count[2] = {0};
  for (int i = 0; i < N; i++) {
    double r = hypot(a[2 * i], a[2 * i + 1]);
    g_assert_cmpfloat(fabs(r - (labels[i] == 0 ? 1.0 : 0.5)), <, 0.25); /* noise σ 0.04 */
    count[labels[i]]++;
  }
  g_assert_cmpuint(count[0], >, N / 3); /* equal weights */
  g_assert_cmpuint(count[1], >, N / 3);
  g_autoptr(GsToy2d) ring = gs_toy2d_new_preset(GS_TOY2D_GAUSSIANS_8);
  g_assert_cmpint(gs_toy2d_n_classes(ring), ==, 8);
  int n_modes;
  const GsToy2dMode *modes = gs_toy2d_modes(ring, &n_modes);
  gs_toy2d_sample_labeled(ring, &rng, N, a, labels);
  for (int i = 0; i < N; i++)
    g_assert_cmpfloat(hypot(a[2 * i] - modes[labels[i]].x, a[2 * i + 1] - modes[labels[i]].y), <,
                      0.2);
  g_autoptr(GsToy2d) board = gs_toy2d_new_preset(GS_TOY2D_CHECKERBOARD);
  g_assert_cmpint(gs_toy2d_n_classes(board), ==, 1);
}

static void test_csv_good(void)
{
  static const char *files[] = {
      "x,y\n1,2\n3.5,-4e1\n",
      "\xEF\xBB\xBF# drawn by hand\r\n1 ; 2\r\n\r\n3.5;-40\r\n",
      "1\t2\n  3.5   -40  \n# trailing comment",
      "\"x\",\"y\"\n\"1\",\"2\"\n3.5, -40",
  };
  for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
    GError *error = NULL;
    gsize n = 0;
    g_autofree float *xy = csv(files[f], &n, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(n, ==, 2);
    g_assert_cmpfloat(xy[0], ==, 1);
    g_assert_cmpfloat(xy[1], ==, 2);
    g_assert_cmpfloat(xy[2], ==, 3.5);
    g_assert_cmpfloat(xy[3], ==, -40);
  }
}

static void expect_csv_error(const char *text, gsize len, int code, const char *fragment)
{
  GError *error = NULL;
  gsize n = 0;
  float *xy = gs_toy2d_parse_csv(text, len, "pts.csv", &n, &error);
  g_assert_null(xy);
  g_assert_error(error, GS_TOY2D_ERROR, code);
  if (!strstr(error->message, fragment))
    g_error("message “%s” lacks “%s”", error->message, fragment);
  g_assert_nonnull(strstr(error->message, "pts.csv"));
  g_error_free(error);
}

/* Drawn strokes as text: read, stroke ends, written back the same; messages word for word. */
static void test_strokes(void)
{
  gsize n;
  guint *ends, n_strokes;
  GError *error = NULL;
  g_autofree float *xy =
      gs_toy2d_parse_strokes("  1 2,3.5   -4 ;; \t-0.125 1e-3 ;", &n, &ends, &n_strokes, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(n, ==, 3);
  g_assert_cmpuint(n_strokes, ==, 2);
  g_assert_cmpuint(ends[0], ==, 2);
  g_assert_cmpuint(ends[1], ==, 3);
  const float want[] = {1, 2, 3.5f, -4, -0.125f, 1e-3f};
  for (int i = 0; i < 6; i++) g_assert_cmpfloat(xy[i], ==, want[i]);
  g_autofree char *text = gs_toy2d_format_strokes(xy, ends, n_strokes);
  g_assert_cmpstr(text, ==, "1 2, 3.5 -4; -0.125 0.001");
  g_free(ends);
  /* formatting what was read gives the same text */
  const float odd[] = {0.1f, -2.3456789f, 1e-7f, 12345.678f};
  guint odd_ends[] = {1, 1, 2}; /* an empty stroke in the middle is dropped */
  g_autofree char *once = gs_toy2d_format_strokes(odd, odd_ends, 3);
  g_autofree float *back = gs_toy2d_parse_strokes(once, &n, &ends, &n_strokes, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(n_strokes, ==, 2);
  g_autofree char *twice = gs_toy2d_format_strokes(back, ends, n_strokes);
  g_assert_cmpstr(once, ==, twice);
  g_free(ends);
  /* nothing drawn is not an error */
  g_assert_null(gs_toy2d_parse_strokes(" ; ", &n, &ends, &n_strokes, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(n, ==, 0);
  g_assert_cmpuint(n_strokes, ==, 0);
  g_free(ends);
  const char *bad[][2] = {
      {"1 2, 3", "stroke 1, point 2: expected x and y separated by a space"},
      {"1 2; 3 4 5", "stroke 2, point 1: expected x and y separated by a space"},
      {"1 2;; 3 4, 5 y", "stroke 2, point 2: “y” is not a number"},
      {"nan 1", "stroke 1, point 1: “nan” is not a finite single-precision number"},
      {"1 1e39", "stroke 1, point 1: “1e39” is not a finite single-precision number"},
      {"1 2,,3 4", "stroke 1, point 2: expected x and y separated by a space"}};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_null(gs_toy2d_parse_strokes(bad[i][0], &n, NULL, NULL, &error));
    g_assert_nonnull(error);
    g_assert_cmpstr(error->message, ==, bad[i][1]);
    g_clear_error(&error);
  }
}

static void test_csv_bad(void)
{
  const char *t;
  t = "1,2\n3,4,5\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_SHAPE,
                   "line 2: expected 2 values (x and y), found 3");
  t = "x,y\n1,2\n3,abc\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_VALUE, "line 3, field 2: “abc” is not a number");
  t = "1,2\n\n7\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_SHAPE,
                   "line 3: expected 2 values (x and y), found 1");
  t = "1,2\nnan,0\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_VALUE, "line 2, field 1: “nan” is not a finite");
  t = "1,2\n1e39,0\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_VALUE, "line 2: the values do not fit");
  t = "1,2\n3,,\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_SHAPE, "line 2: expected 2 values");
  t = "1,\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_VALUE, "line 1, field 2: “” is not a number");
  t = "x,y\n# nothing\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_SHAPE, "no points");
  expect_csv_error("", 0, GS_TOY2D_ERROR_SHAPE, "no points");
  expect_csv_error("1,2\n3\0,4\n", 9, GS_TOY2D_ERROR_FORMAT, "line 2: a NUL byte");
  /* a header is only the first line: a later word is an error */
  t = "1,2\nx,y\n";
  expect_csv_error(t, strlen(t), GS_TOY2D_ERROR_VALUE, "line 2, field 1: “x” is not a number");
}

/* An .npy image: magic, version, padded header, data. */
static GByteArray *npy(int major, const char *header, const void *data, gsize data_len)
{
  GByteArray *b = g_byte_array_new();
  g_byte_array_append(b, (const guint8 *) "\x93NUMPY", 6);
  guint8 ver[2] = {(guint8) major, 0};
  g_byte_array_append(b, ver, 2);
  gsize pre = major == 1 ? 10 : 12, hl = strlen(header) + 1;
  while ((pre + hl) % 64) hl++;
  guint8 len_bytes[4] = {hl & 0xff, (hl >> 8) & 0xff, (hl >> 16) & 0xff, hl >> 24};
  g_byte_array_append(b, len_bytes, major == 1 ? 2 : 4);
  g_byte_array_append(b, (const guint8 *) header, strlen(header));
  for (gsize i = strlen(header); i < hl - 1; i++) g_byte_array_append(b, (const guint8 *) " ", 1);
  g_byte_array_append(b, (const guint8 *) "\n", 1);
  g_byte_array_append(b, data, data_len);
  return b;
}

static float *parse(GByteArray *b, gsize *n, GError **error)
{
  float *xy = gs_toy2d_parse_npy(b->data, b->len, "pts.npy", n, error);
  g_byte_array_unref(b);
  return xy;
}

static void test_npy_good(void)
{
  const double d[6] = {1, 2, 3, 4, 5, -6};
  GError *error = NULL;
  gsize n = 0;
  g_autofree float *a =
      parse(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", d, sizeof d), &n,
            &error);
  g_assert_no_error(error);
  g_assert_cmpuint(n, ==, 3);
  g_assert_cmpfloat(a[5], ==, -6);

  const float col[6] = {1, 3, 5, 2, 4, -6}; /* Fortran order: x column, then y column */
  g_autofree float *b =
      parse(npy(2, "{'shape': (3, 2), 'fortran_order': True, 'descr': '<f4'}", col, sizeof col), &n,
            &error);
  g_assert_no_error(error);
  g_assert_cmpmem(a, 6 * sizeof(float), b, 6 * sizeof(float));

  guint8 be[24] = {0}; /* big-endian int32 */
  const gint32 iv[6] = {1, 2, 3, 4, 5, -6};
  for (int i = 0; i < 6; i++)
    for (int k = 0; k < 4; k++) be[4 * i + k] = (guint8) ((guint32) iv[i] >> (24 - 8 * k));
  g_autofree float *c =
      parse(npy(3, "{\"descr\": \">i4\", \"fortran_order\": False, \"shape\": (3,2)}", be, 24), &n,
            &error);
  g_assert_no_error(error);
  g_assert_cmpmem(a, 6 * sizeof(float), c, 6 * sizeof(float));

  const guint8 u[4] = {0, 255, 7, 8};
  g_autofree float *e = parse(
      npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }", u, 4), &n, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat(e[1], ==, 255);
}

static void expect_npy_error(GByteArray *b, int code, const char *fragment)
{
  GError *error = NULL;
  gsize n = 0;
  g_assert_null(parse(b, &n, &error));
  g_assert_error(error, GS_TOY2D_ERROR, code);
  if (!strstr(error->message, fragment))
    g_error("message “%s” lacks “%s”", error->message, fragment);
  g_error_free(error);
}

static void test_npy_bad(void)
{
  const double d[6] = {1, 2, 3, 4, 5, 6};
  expect_npy_error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", d, 48),
                   GS_TOY2D_ERROR_SHAPE, "shape (2, 3); expected (N, 2)");
  expect_npy_error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (6,), }", d, 48),
                   GS_TOY2D_ERROR_SHAPE, "shape (6,); expected (N, 2)");
  expect_npy_error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2, 1), }", d, 48),
                   GS_TOY2D_ERROR_SHAPE, "shape (3, 2, 1)");
  expect_npy_error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }", d, 48),
                   GS_TOY2D_ERROR_SHAPE,
                   "shape (4, 2) of <f8 needs 64 bytes of data, the file has 48");
  expect_npy_error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 2), }", d, 0),
                   GS_TOY2D_ERROR_SHAPE, "expected 1 to");
  expect_npy_error(npy(1, "{'descr': '<U3', 'fortran_order': False, 'shape': (3, 2), }", d, 48),
                   GS_TOY2D_ERROR_FORMAT, "“<U3” is not supported");
  expect_npy_error(
      npy(1, "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (3,), }", d, 24),
      GS_TOY2D_ERROR_FORMAT, "structured type");
  expect_npy_error(npy(1, "{'descr': '<f8', 'shape': (3, 2), }", d, 48), GS_TOY2D_ERROR_FORMAT,
                   "not a dictionary of descr, fortran_order and shape");
  const double inf[2] = {1, INFINITY};
  expect_npy_error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", inf, 16),
                   GS_TOY2D_ERROR_VALUE, "row 0, column 1 is not a finite number");

  GByteArray *b = g_byte_array_new();
  g_byte_array_append(b, (const guint8 *) "PK\3\4 not numpy", 15);
  expect_npy_error(b, GS_TOY2D_ERROR_FORMAT, "not an .npy file");
  b = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", d, 48);
  b->data[8] = 0xff; /* header length past the end */
  b->data[9] = 0xff;
  expect_npy_error(b, GS_TOY2D_ERROR_FORMAT, "the file ends first");
  b = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", d, 48);
  b->data[6] = 9;
  expect_npy_error(b, GS_TOY2D_ERROR_FORMAT, "version 9.0 is not supported");
}

static void test_load_file(void)
{
  g_autofree char *dir = g_dir_make_tmp("toy2d-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename(dir, "a.csv", NULL);
  g_autofree char *npy_path = g_build_filename(dir, "a.npy", NULL);
  g_assert_true(g_file_set_contents(csv_path, "x,y\n0.5,0.25\n", -1, NULL));
  const double d[2] = {0.5, 0.25};
  GByteArray *b = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", d, 16);
  g_assert_true(g_file_set_contents(npy_path, (const char *) b->data, b->len, NULL));
  g_byte_array_unref(b);
  GError *error = NULL;
  gsize n = 0;
  g_autofree float *p = gs_toy2d_load_points(csv_path, &n, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(n, ==, 1);
  g_autofree float *q = gs_toy2d_load_points(npy_path, &n, &error);
  g_assert_no_error(error);
  g_assert_cmpmem(p, 8, q, 8);
  g_autofree char *missing = g_build_filename(dir, "missing.csv", NULL);
  g_assert_null(gs_toy2d_load_points(missing, &n, &error));
  g_assert_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_IO);
  g_clear_error(&error);
  g_unlink(csv_path);
  g_unlink(npy_path);
  g_rmdir(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/toy2d/ids", test_ids);
  g_test_add_func("/toy2d/seeds", test_seeds);
  g_test_add_func("/toy2d/density-matches-sampler", test_density_matches_sampler);
  g_test_add_func("/toy2d/known-values", test_known_values);
  g_test_add_func("/toy2d/points", test_points);
  g_test_add_func("/toy2d/labels", test_labels);
  g_test_add_func("/toy2d/csv-good", test_csv_good);
  g_test_add_func("/toy2d/csv-bad", test_csv_bad);
  g_test_add_func("/toy2d/strokes", test_strokes);
  g_test_add_func("/toy2d/npy-good", test_npy_good);
  g_test_add_func("/toy2d/npy-bad", test_npy_bad);
  g_test_add_func("/toy2d/load-file", test_load_file);
  return g_test_run();
}
