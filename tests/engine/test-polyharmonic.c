/* test-polyharmonic.c — the closed-form critic numerics of the interpolant kind: Green's
 * constants against the fundamental solutions of methods.md §2 and the defining identities of
 * (−Δ)^m, the Poly-WGAN weights and normalisation, and the Poly-LSGAN spline (labels reproduced
 * at the centres as λ → 0, polynomials of degree < m reproduced exactly, smoothing as λ grows). */
#include <math.h>
#include <string.h>

#include "experiments/interpolant/gs-polyharmonic.h"

static double green(int m, int n, double r)
{
  gs_rbf phi;
  gs_polyharmonic_kernel(m, n, 0, &phi);
  return gs_polyharmonic_green_constant(m, n) * gs_rbf_eval(&phi, r);
}

/* The four listed in methods.md. */
static void test_green_listed(void)
{
  const double radii[] = {0.3, 1.0, 1.7, 4.2};
  for (guint i = 0; i < G_N_ELEMENTS(radii); i++) {
    double r = radii[i];
    g_assert_cmpfloat_with_epsilon(green(1, 2, r), -log(r) / (2 * G_PI), 1e-14);
    g_assert_cmpfloat_with_epsilon(green(1, 3, r), 1 / (4 * G_PI * r), 1e-14);
    g_assert_cmpfloat_with_epsilon(green(2, 2, r), r * r * log(r) / (8 * G_PI), 1e-13);
    g_assert_cmpfloat_with_epsilon(green(2, 3, r), -r / (8 * G_PI), 1e-14);
  }
}

/* m = 1: the flux of −∇G through every sphere is 1 (−Δ G = δ), by finite differences.
 * m > 1: (−Δ)^(m−1) G_m = G_1 (+ a constant, harmonic, where log terms leave one), applied
 * exactly to F = a r^p + b r^p log r with Δ r^p = p(p+n−2) r^(p−2) and
 * Δ(r^p log r) = p(p+n−2) r^(p−2) log r + (2p+n−2) r^(p−2). */
static void test_green_identities(void)
{
  for (int n = 1; n <= 9; n++) {
    double area = 2 * pow(G_PI, 0.5 * n) / tgamma(0.5 * n);
    for (double r = 0.5; r < 3; r += 0.7) {
      double h = 1e-5;
      double dG = (green(1, n, r + h) - green(1, n, r - h)) / (2 * h);
      double flux = -dG * area * pow(r, n - 1);
      if (fabs(flux - 1) > 1e-6) g_error("m = 1, n = %d, r = %g: flux %.9g, want 1", n, r, flux);
    }
    gs_rbf phi1;
    gs_polyharmonic_kernel(1, n, 0, &phi1);
    double c1 = gs_polyharmonic_green_constant(1, n);
    for (int m = 2; m <= 6; m++) {
      gs_rbf phi;
      gs_polyharmonic_kernel(m, n, 0, &phi);
      double c = gs_polyharmonic_green_constant(m, n);
      double p = phi.k, a = phi.kind == GS_RBF_POW ? c : 0, b = phi.kind == GS_RBF_POW ? 0 : c;
      for (int t = 0; t < m - 1; t++) {
        double q = p * (p + n - 2), na = -(a * q + b * (2 * p + n - 2)), nb = -b * q;
        a = na, b = nb, p -= 2;
      }
      double want_a = phi1.kind == GS_RBF_POW ? c1 : 0, want_b = phi1.kind == GS_RBF_POW ? 0 : c1;
      g_assert_cmpfloat(p, ==, phi1.k);
      if (fabs(b - want_b) > 1e-12 || (p != 0 && fabs(a - want_a) > 1e-12))
        g_error("m = %d, n = %d: (−Δ)^(m−1) G_m = %.12g r^%g + %.12g r^%g log r, want "
                "%.12g r^%g + %.12g r^%g log r",
                m, n, a, p, b, p, want_a, p, want_b, p);
    }
  }
}

static void test_kernels_and_weights(void)
{
  gs_rbf phi;
  gs_polyharmonic_kernel(1, 2, 0, &phi); /* log r */
  g_assert_cmpint(phi.kind, ==, GS_RBF_POW_LOG);
  g_assert_cmpfloat(phi.k, ==, 0);
  g_assert_cmpint(gs_polywgan_generator_sign(&phi), ==, 1);
  gs_polyharmonic_kernel(1, 3, 0, &phi); /* 1/r */
  g_assert_cmpint(phi.kind, ==, GS_RBF_POW);
  g_assert_cmpfloat(phi.k, ==, -1);
  g_assert_cmpint(gs_polywgan_generator_sign(&phi), ==, -1);
  gs_polyharmonic_kernel(392, 784, 0, &phi); /* log r at n = 784 */
  g_assert_cmpint(phi.kind, ==, GS_RBF_POW_LOG);
  gs_polyharmonic_kernel(2, 1, 0, &phi); /* r³ */
  g_assert_cmpint(phi.kind, ==, GS_RBF_POW);
  g_assert_cmpfloat(phi.k, ==, 3);

  float w[5];
  gs_polywgan_weights(2, 3, w);
  g_assert_cmpfloat(w[0], ==, -0.5f);
  g_assert_cmpfloat(w[1], ==, -0.5f);
  g_assert_cmpfloat_with_epsilon(w[4], 1.0f / 3, 1e-7);

  g_assert_cmpfloat(gs_polywgan_normaliser(0.034), ==, 0.1);
  g_assert_cmpfloat(gs_polywgan_normaliser(27.6), ==, 100);
  g_assert_cmpfloat(gs_polywgan_normaliser(1000), ==, 1000);
  g_assert_cmpfloat(gs_polywgan_normaliser(0), ==, 1);
  g_assert_cmpfloat(gs_polywgan_normaliser(NAN), ==, 1);

  g_assert_cmpint(gs_poly_null_space_dim(1, 2), ==, 1);
  g_assert_cmpint(gs_poly_null_space_dim(2, 2), ==, 3);
  g_assert_cmpint(gs_poly_null_space_dim(3, 2), ==, 6);
  g_assert_cmpint(gs_poly_null_space_dim(2, 3), ==, 4);
  g_assert_cmpint(gs_poly_null_space_dim(3, 5), ==, 21);
}

static double *random_centres(GRand *r, int N, int n)
{
  double *c = g_new(double, N *n);
  for (int i = 0; i < N * n; i++) c[i] = g_rand_double_range(r, -1, 1);
  return c;
}

/* λ = 0: the spline interpolates the 1/0 labels at its centres to 1e-4. */
static void test_spline_interpolates(void)
{
  const int orders[][2] = {{1, 2}, {2, 2}, {3, 2}, {1, 3}, {2, 3}, {1, 1}, {2, 5}};
  GRand *rand = g_rand_new_with_seed(4);
  for (guint o = 0; o < G_N_ELEMENTS(orders); o++) {
    int m = orders[o][0], n = orders[o][1], N = 80;
    double *c = random_centres(rand, N, n), y[80];
    for (int i = 0; i < N; i++) y[i] = i < N / 2 ? 1 : 0;
    GError *error = NULL;
    g_autoptr(GsPolySpline) s = gs_poly_spline_fit(c, y, N, n, m, 0, &error);
    g_assert_no_error(error);
    for (int i = 0; i < N; i++) {
      double d = gs_poly_spline_eval(s, c + i * n);
      if (fabs(d - y[i]) > 1e-4)
        g_error("m = %d, n = %d: D(c_%d) = %.8g, label %g", m, n, i, d, y[i]);
    }
    g_free(c);
  }
  g_rand_free(rand);
}

/* Labels that are a polynomial of degree < m lie in the null space: reproduced everywhere. */
static void test_spline_polynomial(void)
{
  GRand *rand = g_rand_new_with_seed(6);
  int N = 40, n = 2;
  double *c = random_centres(rand, N, n), y[40];
  for (int i = 0; i < N; i++) y[i] = 1 + 2 * c[2 * i] - c[2 * i + 1];
  g_autoptr(GsPolySpline) s = gs_poly_spline_fit(c, y, N, n, 2, 0, NULL);
  g_assert_nonnull(s);
  const double probes[][2] = {{0.3, -0.2}, {-0.9, 0.95}, {2.5, 3}};
  for (guint p = 0; p < G_N_ELEMENTS(probes); p++)
    g_assert_cmpfloat_with_epsilon(gs_poly_spline_eval(s, probes[p]),
                                   1 + 2 * probes[p][0] - probes[p][1], 1e-9);
  g_free(c);
  g_rand_free(rand);
}

/* Growing λ trades fit for smoothness: the label residual grows monotonically. This holds for
 * the kernels that are finite at 0 (conditionally positive definite: r, r² log r, r³ …); for
 * the singular ones (log r, 1/r) the excluded self term leaves the matrix indefinite. */
static void test_spline_smoothing(void)
{
  GRand *rand = g_rand_new_with_seed(9);
  const int orders[][2] = {{2, 2}, {3, 2}, {2, 3}, {2, 1}};
  for (guint o = 0; o < G_N_ELEMENTS(orders); o++) {
    int m = orders[o][0], n = orders[o][1], N = 60;
    double *c = random_centres(rand, N, n), y[60];
    for (int i = 0; i < N; i++) y[i] = i % 2;
    const double lambdas[] = {0, 1e-3, 1e-2, 1e-1, 1};
    double last = -1;
    for (guint l = 0; l < G_N_ELEMENTS(lambdas); l++) {
      g_autoptr(GsPolySpline) s = gs_poly_spline_fit(c, y, N, n, m, lambdas[l], NULL);
      g_assert_nonnull(s);
      double res = 0;
      for (int i = 0; i < N; i++) res += pow(gs_poly_spline_eval(s, c + i * n) - y[i], 2);
      if (!(res > last))
        g_error("m = %d, n = %d: residual %g at λ = %g not above %g", m, n, res, lambdas[l], last);
      last = res;
    }
    g_free(c);
  }
  g_rand_free(rand);
}

static void test_spline_errors(void)
{
  GError *error = NULL;
  double c[4] = {0, 0, 1, 1}, y[2] = {1, 0};
  g_assert_null(gs_poly_spline_fit(c, y, 2, 2, 3, 0, &error)); /* needs 6 centres */
  g_assert_nonnull(strstr(error->message, "at least 6 centres"));
  g_clear_error(&error);
  double same[6] = {0.5, 0.5, 0.5, 0.5, 0.1, 0.9}, y3[3] = {1, 0, 1};
  g_assert_null(gs_poly_spline_fit(same, y3, 3, 2, 2, 0, &error)); /* coincident centres */
  g_assert_nonnull(strstr(error->message, "singular"));
  g_clear_error(&error);
}

/* Where the generator moves a fake sample at x: L_G = σ (Dr − Df) and Df averages D over the
 * fakes, so gradient descent moves x along σ ∇D(x) (centres are constants). ∇D by central
 * differences of D = Σ w_i φ(‖x − c_i‖) in double. */
static void generator_push(int m, int n, gboolean green, const double *centres, int n_real,
                           int n_fake, const double *x, double *push)
{
  gs_rbf phi;
  int sign;
  float w[8];
  g_assert_cmpint(n_real + n_fake, <=, 8);
  gs_polywgan_critic(m, n, 0, green, n_real, n_fake, &phi, w, &sign);
  for (int d = 0; d < n; d++) {
    double val[2], h = 1e-6;
    for (int side = 0; side < 2; side++) {
      double y[8];
      memcpy(y, x, sizeof(double) * n);
      y[d] += side ? h : -h;
      val[side] = 0;
      for (int i = 0; i < n_real + n_fake; i++) {
        double r2 = 0;
        for (int e = 0; e < n; e++) r2 += pow(y[e] - centres[i * n + e], 2);
        val[side] += w[i] * gs_rbf_eval(&phi, sqrt(r2));
      }
    }
    push[d] = sign * (val[1] - val[0]) / (2 * h);
  }
}

/* The Green's-constant option changes the scale of the push on the generator, never its
 * direction: for m ≤ 4, n ≤ 5 the push with exact constants is |C| times the official one at
 * random points and centres. And the official direction is the one that closes the gap: a fake
 * 2 away from a lone real centre is pulled toward it, for every k (the theory's literal
 * "maximise D*" — the old behaviour of the option — pushed it away at n = 2, m = 2). */
static void test_green_direction(void)
{
  GRand *rand = g_rand_new_with_seed(8);
  for (int m = 1; m <= 4; m++)
    for (int n = 1; n <= 5; n++) {
      double c = fabs(gs_polyharmonic_green_constant(m, n));
      for (int trial = 0; trial < 5; trial++) {
        double centres[6 * 5], x[5], official[5], exact[5];
        for (int i = 0; i < 6 * n; i++) centres[i] = g_rand_double_range(rand, -2, 2);
        for (int d = 0; d < n; d++) x[d] = g_rand_double_range(rand, -3, 3);
        generator_push(m, n, FALSE, centres, 3, 3, x, official);
        generator_push(m, n, TRUE, centres, 3, 3, x, exact);
        double dot = 0, norm2 = 0, diff = 0;
        for (int d = 0; d < n; d++)
          dot += exact[d] * official[d], norm2 += official[d] * official[d];
        for (int d = 0; d < n; d++) diff = fmax(diff, fabs(exact[d] - c * official[d]));
        /* (r in n = 1 is linear: outside all centres the push is 0 with both) */
        if (!(dot > 0 || norm2 < 1e-18) || diff > 1e-5 * c * sqrt(norm2) + 1e-9)
          g_error("m = %d, n = %d: push with exact constants is not |C| = %g times the official "
                  "one (dot %g, worst difference %g)",
                  m, n, c, dot, diff);
      }
      /* a lone real centre at 0, the fake at distance 2 along a random direction */
      double centre[5] = {0}, x[5], push[5], len = 0;
      for (int d = 0; d < n; d++) x[d] = g_rand_double_range(rand, -1, 1), len += x[d] * x[d];
      for (int d = 0; d < n; d++) x[d] *= 2 / sqrt(len);
      for (int green = 0; green < 2; green++) {
        generator_push(m, n, green, centre, 1, 0, x, push);
        double toward = 0;
        for (int d = 0; d < n; d++) toward -= push[d] * x[d];
        if (!(toward > 0))
          g_error("m = %d, n = %d, green %d: the fake is pushed away from the real centre", m, n,
                  green);
      }
    }
  g_rand_free(rand);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/polyharmonic/green-listed", test_green_listed);
  g_test_add_func("/polyharmonic/green-identities", test_green_identities);
  g_test_add_func("/polyharmonic/kernels-and-weights", test_kernels_and_weights);
  g_test_add_func("/polyharmonic/green-direction", test_green_direction);
  g_test_add_func("/polyharmonic/spline-interpolates", test_spline_interpolates);
  g_test_add_func("/polyharmonic/spline-polynomial", test_spline_polynomial);
  g_test_add_func("/polyharmonic/spline-smoothing", test_spline_smoothing);
  g_test_add_func("/polyharmonic/spline-errors", test_spline_errors);
  return g_test_run();
}
