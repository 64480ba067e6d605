/* test-gan-common.c — the code the experiment kinds share (app/experiments/common): every GAN
 * loss against its formula, every penalty against a closed form on a tiny polynomial critic
 * (and its gradient in a parameter against finite differences), W₂² against closed forms in
 * n = 1, 2, 5, the energy distance of known sets. */
#include <math.h>

#include "experiments/common/gs-gan-loss.h"
#include "experiments/common/gs-sample-metrics.h"
#include "../compute/gs-test-util.h"

enum { N = 6 };
static const float points[N * 2] = {0.3f,  -0.7f, 1.1f,  0.4f, -0.5f, -1.2f,
                                    0.05f, 0.9f,  -1.4f, 0.2f, 0.8f,  -0.1f};

/* The tiny critic f_w(x) = w (x₀³/3 + x₁³/3 + (x₀ + x₁)/2 + x₀x₁): ∇f = w (x₀² + ½ + x₁,
 * x₁² + ½ + x₀), ∇²f = w [[2x₀, 1], [1, 2x₁]]. */
static gs_tensor *poly_critic(gs_ctx *c, gs_tensor *x, gs_tensor *w)
{
  gs_tensor *cube = gs_mul_scalar(c, gs_mul(c, gs_square(c, x), x), 1.0 / 3);
  gs_tensor *lin = gs_mul_scalar(c, x, 0.5);
  gs_tensor *row = gs_sum(c, gs_add(c, cube, lin), -1, false);
  gs_tensor *cross = gs_reshape(c, gs_mul(c, gs_slice(c, x, 1, 0, 1), gs_slice(c, x, 1, 1, 2)), 1,
                                (int64_t[]){x->shape[0]});
  return gs_mul(c, gs_add(c, row, cross), w);
}

static void poly_grad(const float *p, double w, double g[2])
{
  g[0] = w * (p[0] * p[0] + 0.5 + p[1]);
  g[1] = w * (p[1] * p[1] + 0.5 + p[0]);
}

typedef enum { PEN_SQ, PEN_GP, PEN_LP, PEN_HESS } Pen;

/* The penalty's value by the shared functions, and its derivative in w when dw is given. */
static double penalty_value(Pen pen, double w, double *dw)
{
  gs_ctx *c = gs_ctx_new(test_be());
  gs_tensor *tw = gs_from_data(c, GS_F32, 1, (int64_t[]){1}, (float[]){(float) w});
  gs_set_requires_grad(tw, true);
  gs_tensor *x = gs_from_data(c, GS_F32, 2, (int64_t[]){N, 2}, points);
  gs_set_requires_grad(x, true);
  gs_tensor *g = gs_gan_input_grad(c, poly_critic(c, x, tw), x), *v;
  switch (pen) {
  case PEN_SQ:
    v = gs_gan_grad_sq_mean(c, g);
    break;
  case PEN_GP:
  case PEN_LP:
    v = gs_gan_gp_one_centred(c, g, pen == PEN_LP, NULL);
    break;
  default:
    v = gs_gan_hessian_sq_mean(c, g, x);
    break;
  }
  double value = gs_item(v);
  if (dw) *dw = gs_item(gs_grad(c, v, NULL, 1, &tw, false)[0]);
  gs_ctx_free(c);
  return value;
}

static double penalty_closed_form(Pen pen, double w)
{
  double s = 0;
  for (int i = 0; i < N; i++) {
    const float *p = points + 2 * i;
    double g[2];
    poly_grad(p, w, g);
    double sq = g[0] * g[0] + g[1] * g[1], norm = sqrt(sq + 1e-12);
    switch (pen) {
    case PEN_SQ:
      s += sq;
      break;
    case PEN_GP:
      s += (norm - 1) * (norm - 1);
      break;
    case PEN_LP:
      s += norm > 1 ? (norm - 1) * (norm - 1) : 0;
      break;
    default:
      s += w * w * (4 * p[0] * p[0] + 4 * p[1] * p[1] + 2);
      break;
    }
  }
  return s / N;
}

static void test_penalties(void)
{
  const char *names[] = {"E‖∇f‖²", "E(‖∇f‖−1)²", "E relu(‖∇f‖−1)²", "E‖∇²f‖²_F"};
  for (Pen pen = PEN_SQ; pen <= PEN_HESS; pen++)
    for (int k = 0; k < 2; k++) {
      double w = k ? 0.45 : 1.3, h = 1e-3, dw; /* w = 0.45 puts some rows below norm 1 */
      double v = penalty_value(pen, w, &dw), want = penalty_closed_form(pen, w);
      g_test_message("%s at w = %g: %g (closed form %g)", names[pen], w, v, want);
      g_assert_cmpfloat(fabs(v - want), <=, 1e-5 * (1 + fabs(want)));
      /* the penalty trains the critic: its derivative in w against central differences */
      double fd = (penalty_closed_form(pen, w + h) - penalty_closed_form(pen, w - h)) / (2 * h);
      g_assert_cmpfloat(fabs(dw - fd), <=, 1e-3 * (1 + fabs(fd)));
    }
  /* one-sided: zero when every gradient norm is at most 1 (w tiny), unlike the two-sided one */
  g_assert_cmpfloat(penalty_value(PEN_LP, 0.01, NULL), ==, 0);
  g_assert_cmpfloat(penalty_value(PEN_GP, 0.01, NULL), >, 0.5);
}

/* d^m/du^m tanh u, m = 1 … 4, in terms of t = tanh u. */
static double tanh_derivative(int m, double u)
{
  double t = tanh(u), s = 1 - t * t;
  switch (m) {
  case 1:
    return s;
  case 2:
    return -2 * t * s;
  case 3:
    return -2 * s * (1 - 3 * t * t);
  default:
    return 8 * t * s * (2 - 3 * t * t);
  }
}

/* The order-m penalty of the ridge critic f_a(x) = tanh(a·x): ∇^m f = t^(m)(a·x) a⊗…⊗a, so
 * E ‖∇^m f‖²_F = E t^(m)(a·x)² ‖a‖^(2m). */
static double ridge_penalty_closed_form(int m, const double a[2])
{
  double s = 0, norm2 = a[0] * a[0] + a[1] * a[1];
  for (int i = 0; i < N; i++) {
    double d = tanh_derivative(m, a[0] * points[2 * i] + a[1] * points[2 * i + 1]);
    s += d * d * pow(norm2, m);
  }
  return s / N;
}

/* gs_gan_order_m_sq_mean for m = 1 … 4 on the ridge critic: the value against the closed form,
 * and its gradient in the critic's parameters a (derivatives of order m + 1 through the graph)
 * against central differences of the closed form; m = 1, 2 agree with the named penalties. */
static void test_order_m_penalty(void)
{
  const double a[2] = {0.7, -0.55};
  for (int m = 1; m <= 4; m++) {
    gs_ctx *c = gs_ctx_new(test_be());
    gs_tensor *ta = gs_from_data(c, GS_F32, 2, (int64_t[]){2, 1}, (float[]){0.7f, -0.55f});
    gs_set_requires_grad(ta, true);
    gs_tensor *x = gs_from_data(c, GS_F32, 2, (int64_t[]){N, 2}, points);
    gs_set_requires_grad(x, true);
    gs_tensor *f = gs_tanh(c, gs_matmul(c, x, ta));
    gs_tensor *g = gs_gan_input_grad(c, f, x);
    gs_tensor *pen = gs_gan_order_m_sq_mean(c, g, x, m);
    double value = gs_item(pen), want = ridge_penalty_closed_form(m, a);
    g_test_message("order %d: E‖∇^m f‖² = %.9g (closed form %.9g)", m, value, want);
    g_assert_cmpfloat(fabs(value - want), <=, 1e-5 * (1 + want));
    if (m <= 2) {
      gs_tensor *named = m == 1 ? gs_gan_grad_sq_mean(c, g) : gs_gan_hessian_sq_mean(c, g, x);
      g_assert_cmpfloat(gs_item(named), ==, value);
    }
    float grad[2];
    gs_read(gs_grad(c, pen, NULL, 1, &ta, false)[0], grad);
    for (int k = 0; k < 2; k++) {
      double h = 1e-4, ap[2] = {a[0], a[1]}, am[2] = {a[0], a[1]};
      ap[k] += h, am[k] -= h;
      double fd = (ridge_penalty_closed_form(m, ap) - ridge_penalty_closed_form(m, am)) / (2 * h);
      if (fabs(grad[k] - fd) > 1e-3 * (1 + fabs(fd)))
        g_error("order %d: ∂/∂a%d %.7g, central differences %.7g", m, k, grad[k], fd);
    }
    gs_ctx_free(c);
  }
}

static double mean_of(const float *v, int n, double (*f)(double))
{
  double s = 0;
  for (int i = 0; i < n; i++) s += f(v[i]);
  return s / n;
}

static const float fr_data[N] = {0.4f, -1.3f, 2.2f, 0.0f, -0.2f, 3.1f};
static const float ff_data[N] = {-0.9f, 0.6f, -2.5f, 1.7f, 0.1f, -0.3f};
static double sp(double t)
{
  return log1p(exp(-fabs(t))) + fmax(t, 0);
}
static double sp_neg(double t)
{
  return sp(-t);
}
static double sp_smooth(double t)
{
  return 0.9 * sp(-t) + 0.1 * sp(t);
}
static double sp_ganlab(double t)
{
  return 0.9 * sp(-t);
}
static double sq_minus_1(double t)
{
  return (t - 1) * (t - 1);
}
static double sq(double t)
{
  return t * t;
}
static double hinge_real(double t)
{
  return fmax(1 - t, 0);
}
static double hinge_fake(double t)
{
  return fmax(1 + t, 0);
}
static double ident(double t)
{
  return t;
}

static void test_losses(void)
{
  gs_ctx *c = gs_ctx_new(test_be());
  gs_tensor *fr = gs_from_data(c, GS_F32, 2, (int64_t[]){N, 1}, fr_data);
  gs_tensor *ff = gs_from_data(c, GS_F32, 2, (int64_t[]){N, 1}, ff_data);
  struct {
    const char *name;
    gs_tensor *got;
    double want;
  } cases[] = {
      {"logistic", gs_gan_d_loss_logistic(c, fr, ff, 1, false),
       mean_of(fr_data, N, sp_neg) + mean_of(ff_data, N, sp)},
      {"logistic, s = 0.9", gs_gan_d_loss_logistic(c, fr, ff, 0.9, false),
       mean_of(fr_data, N, sp_smooth) + mean_of(ff_data, N, sp)},
      {"logistic, GAN Lab s = 0.9", gs_gan_d_loss_logistic(c, fr, ff, 0.9, true),
       mean_of(fr_data, N, sp_ganlab) + mean_of(ff_data, N, sp)},
      {"D lsgan", gs_gan_d_loss_lsgan(c, fr, ff),
       mean_of(fr_data, N, sq_minus_1) + mean_of(ff_data, N, sq)},
      {"D hinge", gs_gan_d_loss_hinge(c, fr, ff),
       mean_of(fr_data, N, hinge_real) + mean_of(ff_data, N, hinge_fake)},
      {"D wasserstein", gs_gan_d_loss_wasserstein(c, fr, ff),
       mean_of(ff_data, N, ident) - mean_of(fr_data, N, ident)},
      {"G ns", gs_gan_g_loss_ns(c, ff), mean_of(ff_data, N, sp_neg)},
      {"G minimax", gs_gan_g_loss_minimax(c, ff), -mean_of(ff_data, N, sp)},
      {"G lsgan", gs_gan_g_loss_lsgan(c, ff), mean_of(ff_data, N, sq_minus_1)},
      {"G wasserstein", gs_gan_g_loss_wasserstein(c, ff), -mean_of(ff_data, N, ident)},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    double got = gs_item(cases[i].got);
    if (fabs(got - cases[i].want) > 1e-6 * (1 + fabs(cases[i].want)))
      g_error("%s: %.9g, want %.9g", cases[i].name, got, cases[i].want);
  }
  gs_ctx_free(c);
}

static void test_interpolates(void)
{
  gs_ctx *c = gs_ctx_new(test_be());
  gs_rng rng = gs_rng_new(11);
  gs_tensor *x = gs_from_data(c, GS_F32, 2, (int64_t[]){N / 2, 2}, points);
  gs_tensor *y = gs_from_data(c, GS_F32, 2, (int64_t[]){N / 2, 2}, points + N);
  gs_tensor *xh = gs_gan_interpolates(c, &rng, x, y);
  g_assert_true(gs_requires_grad(xh));
  float got[N];
  gs_read(xh, got);
  /* x̂ = a x + (1 − a) y: the same a ∈ [0, 1] in both coordinates of a row */
  for (int i = 0; i < N / 2; i++) {
    const float *p = points + 2 * i, *q = points + N + 2 * i;
    double a0 = (got[2 * i] - q[0]) / (p[0] - q[0]), a1 = (got[2 * i + 1] - q[1]) / (p[1] - q[1]);
    g_assert_cmpfloat(fabs(a0 - a1), <, 1e-5);
    g_assert_cmpfloat(a0, >=, -1e-6);
    g_assert_cmpfloat(a0, <=, 1 + 1e-6);
  }
  gs_ctx_free(c);
}

/* Normal samples with an arbitrary covariance: x = L z + μ, rows of N points in n dimensions. */
static double *gaussian_set(GRand *r, int count, int n, double scale, double shift)
{
  double *x = g_new(double, (gsize) count *n);
  for (int i = 0; i < count * n; i++) {
    double u1 = g_rand_double_range(r, 1e-12, 1), u2 = g_rand_double(r);
    x[i] = sqrt(-2 * log(u1)) * cos(2 * G_PI * u2);
  }
  for (int i = 0; i < count; i++) /* mix the coordinates: a non-diagonal covariance */
    for (int d = n - 1; d > 0; d--)
      x[i * n + d] = scale * (x[i * n + d] + 0.6 * x[i * n + d - 1]) + shift * d;
  for (int i = 0; i < count; i++) x[i * n] = scale * x[i * n] + shift;
  return x;
}

static void test_w22_closed_forms(void)
{
  GRand *r = g_rand_new_with_seed(7);
  enum { M = 400 };
  /* n = 1: (μa − μb)² + (σa − σb)² */
  g_autofree double *a1 = gaussian_set(r, M, 1, 1, 0), *b1 = gaussian_set(r, M, 1, 2.5, 1);
  double ma[1], va[1], mb[1], vb[1];
  gs_sample_moments(a1, M, 1, ma, va);
  gs_sample_moments(b1, M, 1, mb, vb);
  double want1 = pow(ma[0] - mb[0], 2) + pow(sqrt(va[0]) - sqrt(vb[0]), 2);
  g_assert_cmpfloat_with_epsilon(gs_w22_gaussian(a1, M, b1, M, 1), want1, 1e-10);

  /* n = 2, covariances that do not commute: the 2×2 closed form
   * ‖Δμ‖² + tr Σa + tr Σb − 2 √(tr(Σa Σb) + 2 √(det Σa det Σb)) */
  g_autofree double *a2 = gaussian_set(r, M, 2, 1, 0), *b2 = g_new(double, 2 * M);
  for (int i = 0; i < M; i++) { /* a rotation and stretch of an independent set */
    double u = sqrt(-2 * log(g_rand_double_range(r, 1e-12, 1))) * cos(2 * G_PI * g_rand_double(r));
    double v = g_rand_double_range(r, -1, 1);
    b2[2 * i] = 2 * u - 0.3 * v + 0.5;
    b2[2 * i + 1] = 0.4 * u + 1.5 * v - 1;
  }
  double m2a[2], c2a[4], m2b[2], c2b[4];
  gs_sample_moments(a2, M, 2, m2a, c2a);
  gs_sample_moments(b2, M, 2, m2b, c2b);
  double tr_ab = c2a[0] * c2b[0] + 2 * c2a[1] * c2b[1] + c2a[3] * c2b[3];
  double det_a = c2a[0] * c2a[3] - c2a[1] * c2a[1], det_b = c2b[0] * c2b[3] - c2b[1] * c2b[1];
  double want2 = pow(m2a[0] - m2b[0], 2) + pow(m2a[1] - m2b[1], 2) + c2a[0] + c2a[3] + c2b[0] +
                 c2b[3] - 2 * sqrt(tr_ab + 2 * sqrt(det_a * det_b));
  g_test_message("n = 2: W₂² %.12g, closed form %.12g", gs_w22_gaussian(a2, M, b2, M, 2), want2);
  g_assert_cmpfloat_with_epsilon(gs_w22_gaussian(a2, M, b2, M, 2), want2, 1e-9);

  /* n = 5: b = s a + δ gives Σb = s² Σa, so W₂² = ‖μb − μa‖² + (1 − s)² tr Σa */
  enum { n5 = 5 };
  g_autofree double *a5 = gaussian_set(r, M, n5, 1, 0), *b5 = g_new(double, M *n5);
  const double s = 1.7, delta[n5] = {0.5, -1, 2, 0, 0.25};
  for (int i = 0; i < M; i++)
    for (int d = 0; d < n5; d++) b5[i * n5 + d] = s * a5[i * n5 + d] + delta[d];
  double m5[n5], c5[n5 * n5], mb5[n5], cb5[n5 * n5];
  gs_sample_moments(a5, M, n5, m5, c5);
  gs_sample_moments(b5, M, n5, mb5, cb5);
  double want5 = 0;
  for (int d = 0; d < n5; d++) want5 += pow(mb5[d] - m5[d], 2) + pow(1 - s, 2) * c5[d * n5 + d];
  g_assert_cmpfloat_with_epsilon(gs_w22_gaussian(a5, M, b5, M, n5), want5, 1e-9);
  g_assert_cmpfloat(gs_w22_gaussian(a5, M, a5, M, n5), <, 1e-10);
  /* floats: the same number as the doubles they hold */
  g_autofree float *fa = g_new(float, M *n5), *fb = g_new(float, M *n5);
  for (int i = 0; i < M * n5; i++) fa[i] = (float) a5[i], fb[i] = (float) b5[i];
  g_autofree double *da = gs_samples_to_double(fa, M * n5), *db = gs_samples_to_double(fb, M * n5);
  g_assert_cmpfloat(da[7], ==, fa[7]);
  g_assert_cmpfloat(gs_w22_gaussian_f32(fa, M, fb, M, n5), ==, gs_w22_gaussian(da, M, db, M, n5));
  g_assert_cmpfloat(gs_w22_gaussian_f32(fa, M, fa, M, n5), <, 1e-10);
  g_assert_true(isnan(gs_w22_gaussian(a5, 1, b5, M, n5)));
  g_rand_free(r);
}

static void test_energy_known(void)
{
  /* single points 1 apart: 2·1 − 0 − 0; two-point sets {0, 2} and {1}: 2·1 − 1 − 0 = 1 */
  double p0 = 0, p1 = 1, two[2] = {0, 2};
  g_assert_cmpfloat_with_epsilon(gs_energy_distance(&p0, 1, &p1, 1, 1), 2, 1e-15);
  g_assert_cmpfloat_with_epsilon(gs_energy_distance(two, 2, &p1, 1, 1), 1, 1e-15);
  /* in 3-D: points at distance 5 */
  double a[3] = {0, 0, 0}, b[3] = {3, 4, 0};
  g_assert_cmpfloat_with_epsilon(gs_energy_distance(a, 1, b, 1, 3), 10, 1e-12);
  g_assert_true(isnan(gs_energy_distance(a, 0, b, 1, 3)));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/gan-common/order-m-penalty", test_order_m_penalty);
  g_test_add_func("/gan-common/losses", test_losses);
  g_test_add_func("/gan-common/penalties", test_penalties);
  g_test_add_func("/gan-common/interpolates", test_interpolates);
  g_test_add_func("/gan-common/w22-closed-forms", test_w22_closed_forms);
  g_test_add_func("/gan-common/energy-known", test_energy_known);
  int rc = g_test_run();
  gs_backend_free(test_backend);
  return rc;
}
