/* test-rbf.c — gs_rbf_sum and gs_rbf_sum_grad (GS_K_RBF_SUM) against reference loops in double,
 * in both distance paths (direct at n <= 16, GEMM on centred data above), in F32 and F64, with
 * self terms and Plummer softening; gradients in x, c and w against central differences; the
 * float32 precision of the direct path far from the origin; threads giving identical sums. */
#include "gs-test-util.h"

static const gs_rbf kernels[] = {
    {GS_RBF_POW_LOG, 0, 0, 0},   /* log r: n = 2, m = 1 */
    {GS_RBF_POW_LOG, 2, 0, 0},   /* thin plate */
    {GS_RBF_POW_LOG, 4, 0, 0},   /* r⁴ log r: n = 2, m = 3 */
    {GS_RBF_POW_LOG, 6, 0, 0},   /* generic path */
    {GS_RBF_POW, 1, 0, 0},       /* energy distance */
    {GS_RBF_POW, -1, 0, 0},      /* Coulomb, n = 3 */
    {GS_RBF_POW, 2, 0, 0},       /* */
    {GS_RBF_POW, 3, 0, 0},       /* generic */
    {GS_RBF_POW, -3.0, 0, 0.3},  /* generic, softened */
    {GS_RBF_POW_LOG, 0, 0, 0.2}, /* softened log */
    {GS_RBF_GAUSS, 0, 0.7, 0},   /* GMMN */
};

/* φ and ψ = φ'(r)/r in double, with r² = s (softening applied by the caller). */
static double ref_phi(const gs_rbf *p, double s)
{
  if (p->kind == GS_RBF_GAUSS) return exp(-s / (2 * p->sigma * p->sigma));
  if (s == 0) return p->kind == GS_RBF_POW && p->k == 0 ? 1 : 0;
  double r = sqrt(s);
  return p->kind == GS_RBF_POW_LOG ? pow(r, p->k) * log(r) : pow(r, p->k);
}

static double ref_psi(const gs_rbf *p, double s)
{
  if (p->kind == GS_RBF_GAUSS) return -exp(-s / (2 * p->sigma * p->sigma)) / (p->sigma * p->sigma);
  if (s == 0) return 0;
  double r = sqrt(s);
  return p->kind == GS_RBF_POW_LOG ? pow(r, p->k - 2) * (p->k * log(r) + 1)
                                   : p->k * pow(r, p->k - 2);
}

static void ref_sum(const gs_rbf *p, const double *x, const double *c, const double *w, int N,
                    int M, int n, double *val, double *grad)
{
  for (int i = 0; i < N; i++) {
    double v = 0;
    for (int d = 0; d < n; d++) grad[i * n + d] = 0;
    for (int j = 0; j < M; j++) {
      double s = p->eps * p->eps;
      for (int d = 0; d < n; d++)
        s += (x[i * n + d] - c[j * n + d]) * (x[i * n + d] - c[j * n + d]);
      v += w[j] * ref_phi(p, s);
      double ps = ref_psi(p, s);
      for (int d = 0; d < n; d++) grad[i * n + d] += w[j] * ps * (x[i * n + d] - c[j * n + d]);
    }
    val[i] = v;
  }
}

static double *random_values(GRand *r, int count, double lo, double hi)
{
  double *v = g_new(double, count);
  for (int i = 0; i < count; i++) v[i] = g_rand_double_range(r, lo, hi);
  return v;
}

/* Forward values and gradients in x for every kernel, both paths, both dtypes. The first
 * evaluation point is a centre (its self term is excluded or takes φ's limit). */
static void test_forward(void)
{
  const int dims[] = {1, 2, 3, 7, 24, 40};
  GRand *rand = g_rand_new_with_seed(11);
  gs_ctx *ctx = gs_ctx_new(test_be());
  for (guint di = 0; di < G_N_ELEMENTS(dims); di++) {
    int n = dims[di], N = 37, M = 301; /* M not a multiple of 8: the padding lanes */
    double *x = random_values(rand, N * n, -1.5, 1.5), *c = random_values(rand, M * n, -1, 1);
    double *w = random_values(rand, M, -1, 1);
    for (int d = 0; d < n; d++) x[d] = c[5 * n + d];
    double *val = g_new(double, N), *grad = g_new(double, N *n);
    for (guint ki = 0; ki < G_N_ELEMENTS(kernels); ki++) {
      const gs_rbf *p = &kernels[ki];
      ref_sum(p, x, c, w, N, M, n, val, grad);
      for (int dt = 0; dt < 2; dt++) {
        gs_dtype dtype = dt ? GS_F32 : GS_F64;
        /* float: the kernel's own rounding plus that of the inputs; GEMM distances lose more */
        double tol = dt ? (n > 16 ? 2e-3 : 2e-4) : 1e-10;
        gs_tensor *tx = test_tensor(ctx, dtype, 2, (int64_t[]){N, n}, x);
        gs_tensor *tc = test_tensor(ctx, dtype, 2, (int64_t[]){M, n}, c);
        gs_tensor *tw = test_tensor(ctx, dtype, 1, (int64_t[]){M}, w);
        double scale_v = 0, scale_g = 0;
        for (int i = 0; i < N; i++) scale_v = fmax(scale_v, fabs(val[i]));
        for (int i = 0; i < N * n; i++) scale_g = fmax(scale_g, fabs(grad[i]));
        char what[96];
        g_snprintf(what, sizeof what, "value kind %d k %g eps %g n %d %s", p->kind, p->k, p->eps, n,
                   dt ? "f32" : "f64");
        test_assert_close(what, gs_rbf_sum(ctx, tx, tc, tw, p), val, tol * scale_v, tol);
        g_snprintf(what, sizeof what, "grad kind %d k %g eps %g n %d %s", p->kind, p->k, p->eps, n,
                   dt ? "f32" : "f64");
        test_assert_close(what, gs_rbf_sum_grad(ctx, tx, tc, tw, p), grad, tol * scale_g, tol);
        gs_ctx_reset(ctx);
      }
    }
    g_free(x), g_free(c), g_free(w), g_free(val), g_free(grad);
  }
  gs_ctx_free(ctx);
  g_rand_free(rand);
}

/* d/dx, d/dc, d/dw of Σ_i R_i out_i against central differences (F64, no coincident points). */
static void test_gradients(void)
{
  const int dims[] = {2, 3, 20};
  GRand *rand = g_rand_new_with_seed(5);
  gs_ctx *ctx = gs_ctx_new(test_be());
  for (guint di = 0; di < G_N_ELEMENTS(dims); di++) {
    int n = dims[di], N = 6, M = 9;
    for (guint ki = 0; ki < G_N_ELEMENTS(kernels); ki++) {
      const gs_rbf *p = &kernels[ki];
      double *vals[3] = {random_values(rand, N * n, -1, 1), random_values(rand, M * n, -1, 1),
                         random_values(rand, M, -1, 1)};
      double *R = random_values(rand, N, -1, 1);
      int counts[3] = {N * n, M * n, M};
      int64_t shapes[3][2] = {{N, n}, {M, n}, {M, 0}};
      int ndims[3] = {2, 2, 1};
      gs_tensor *in[3];
      for (int a = 0; a < 3; a++) {
        in[a] = test_tensor(ctx, GS_F64, ndims[a], shapes[a], vals[a]);
        gs_set_requires_grad(in[a], true);
      }
      gs_tensor *tR = test_tensor(ctx, GS_F64, 1, (int64_t[]){N}, R);
      gs_tensor *L = gs_sum_all(ctx, gs_mul(ctx, gs_rbf_sum(ctx, in[0], in[1], in[2], p), tR));
      gs_tensor **g = gs_grad(ctx, L, NULL, 3, in, false);
      for (int a = 0; a < 3; a++) {
        double *got = test_read_f64(g[a]);
        for (int e = 0; e < counts[a]; e++) {
          double h = 1e-6, keep = vals[a][e], Lp, Lm;
          gs_tensor *t[3];
          vals[a][e] = keep + h;
          for (int b = 0; b < 3; b++) t[b] = test_tensor(ctx, GS_F64, ndims[b], shapes[b], vals[b]);
          gs_read(gs_sum_all(ctx, gs_mul(ctx, gs_rbf_sum(ctx, t[0], t[1], t[2], p), tR)), &Lp);
          vals[a][e] = keep - h;
          for (int b = 0; b < 3; b++) t[b] = test_tensor(ctx, GS_F64, ndims[b], shapes[b], vals[b]);
          gs_read(gs_sum_all(ctx, gs_mul(ctx, gs_rbf_sum(ctx, t[0], t[1], t[2], p), tR)), &Lm);
          vals[a][e] = keep;
          double fd = (Lp - Lm) / (2 * h);
          if (!(fabs(got[e] - fd) <= 1e-6 + 1e-6 * fabs(fd)))
            g_error("kind %d k %g eps %g n %d: d/d(input %d)[%d] = %.10g, finite difference %.10g",
                    p->kind, p->k, p->eps, n, a, e, got[e], fd);
        }
        g_free(got);
      }
      for (int a = 0; a < 3; a++) g_free(vals[a]);
      g_free(R);
      gs_ctx_reset(ctx);
    }
  }
  gs_ctx_free(ctx);
  g_rand_free(rand);
}

/* Points 1000 units from the origin, 0.01 apart: the GEMM identity in float32 would give
 * distances of pure rounding noise; the direct path keeps them to float precision. */
static void test_float_precision_far_from_origin(void)
{
  GRand *rand = g_rand_new_with_seed(3);
  gs_ctx *ctx = gs_ctx_new(test_be());
  int N = 16, M = 64, n = 2;
  double *x = random_values(rand, N * n, 1000, 1000.01),
         *c = random_values(rand, M * n, 1000, 1000.01);
  double w[64], val[16], grad[32];
  for (int j = 0; j < M; j++) w[j] = j % 2 ? 1.0 / 32 : -1.0 / 32;
  /* the reference sees the float inputs the kernel sees */
  for (int i = 0; i < N * n; i++) x[i] = (float) x[i];
  for (int i = 0; i < M * n; i++) c[i] = (float) c[i];
  const gs_rbf p = {GS_RBF_POW_LOG, 0, 0, 0};
  ref_sum(&p, x, c, w, N, M, n, val, grad);
  gs_tensor *tx = test_tensor(ctx, GS_F32, 2, (int64_t[]){N, n}, x);
  gs_tensor *tc = test_tensor(ctx, GS_F32, 2, (int64_t[]){M, n}, c);
  gs_tensor *tw = test_tensor(ctx, GS_F32, 1, (int64_t[]){M}, w);
  test_assert_close("log kernel at 1000 ± 0.01", gs_rbf_sum(ctx, tx, tc, tw, &p), val, 1e-3, 1e-3);
  gs_ctx_free(ctx);
  g_free(x), g_free(c);
  g_rand_free(rand);
}

/* Two threads split the rows: every row is summed the same way, so the results are identical —
 * in the direct path (n = 2) and in the GEMM path (n = 40, where the threads share each tile's
 * kernel pass; M leaves a partial tile that is not a multiple of 8), values and gradients. */
static void test_threads_identical(void)
{
  gs_error err = {0};
  gs_backend_options o = {.threads = 2, .device_index = -1};
  gs_backend *be2 = gs_backend_new(GS_BACKEND_CPU, &o, &err);
  g_assert_nonnull(be2);
  GRand *rand = g_rand_new_with_seed(8);
  const struct {
    int N, M, n;
  } cases[] = {{512, 4096, 2}, {300, 1500, 40}};
  for (guint ci = 0; ci < G_N_ELEMENTS(cases); ci++) {
    int N = cases[ci].N, M = cases[ci].M, n = cases[ci].n;
    double *x = random_values(rand, N * n, -2, 2), *c = random_values(rand, M * n, -2, 2);
    double *w = random_values(rand, M, -1, 1);
    const gs_rbf p = {GS_RBF_POW_LOG, 2, 0, 0};
    float *out[2], *grad[2];
    gs_backend *bes[2] = {test_be(), be2};
    for (int b = 0; b < 2; b++) {
      gs_ctx *ctx = gs_ctx_new(bes[b]);
      gs_tensor *tx = test_tensor(ctx, GS_F32, 2, (int64_t[]){N, n}, x);
      gs_set_requires_grad(tx, true);
      gs_tensor *v = gs_rbf_sum(ctx, tx, test_tensor(ctx, GS_F32, 2, (int64_t[]){M, n}, c),
                                test_tensor(ctx, GS_F32, 1, (int64_t[]){M}, w), &p);
      gs_tensor *g = gs_grad(ctx, gs_sum_all(ctx, v), NULL, 1, &tx, false)[0];
      out[b] = g_new(float, N), grad[b] = g_new(float, N *n);
      gs_read(v, out[b]);
      gs_read(g, grad[b]);
      gs_ctx_free(ctx);
    }
    g_assert_cmpmem(out[0], sizeof(float) * N, out[1], sizeof(float) * N);
    g_assert_cmpmem(grad[0], sizeof(float) * N * n, grad[1], sizeof(float) * N * n);
    for (int b = 0; b < 2; b++) g_free(out[b]), g_free(grad[b]);
    g_free(x), g_free(c), g_free(w);
  }
  gs_backend_free(be2);
  g_rand_free(rand);
}

static void test_errors(void)
{
  gs_ctx *ctx = gs_ctx_new(test_be());
  test_abort ta;
  gs_tensor *x = gs_new(ctx, GS_F64, 2, (int64_t[]){4, 2});
  gs_tensor *c = gs_new(ctx, GS_F64, 2, (int64_t[]){5, 3});
  gs_tensor *w = gs_new(ctx, GS_F64, 1, (int64_t[]){5});
  gs_fill_(x, 0.5), gs_fill_(c, 0.1), gs_fill_(w, 1);
  const gs_rbf p = {GS_RBF_POW, 1, 0, 0};
  g_assert_true(TEST_EXPECT_ABORT(&ta, gs_rbf_sum(ctx, x, c, w, &p)));
  g_assert_nonnull(strstr(ta.message, "gs_rbf_sum: needs x (N, n)"));
  g_assert_nonnull(strstr(ta.message, "(5, 3)"));
  /* second order is refused with a message, not silently wrong */
  gs_tensor *c2 = gs_new(ctx, GS_F64, 2, (int64_t[]){5, 2});
  gs_fill_(c2, 0.1);
  gs_set_requires_grad(x, true);
  gs_tensor *L = gs_sum_all(ctx, gs_rbf_sum(ctx, x, c2, w, &p));
  gs_tensor *g = gs_grad(ctx, L, NULL, 1, &x, true)[0];
  g_assert_true(
      TEST_EXPECT_ABORT(&ta, gs_grad(ctx, gs_sum_all(ctx, gs_square(ctx, g)), NULL, 1, &x, false)));
  g_assert_nonnull(strstr(ta.message, "second derivatives"));
  gs_ctx_free(ctx);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/rbf/forward", test_forward);
  g_test_add_func("/rbf/gradients", test_gradients);
  g_test_add_func("/rbf/float-precision-far-from-origin", test_float_precision_far_from_origin);
  g_test_add_func("/rbf/threads-identical", test_threads_identical);
  g_test_add_func("/rbf/errors", test_errors);
  return g_test_run();
}
