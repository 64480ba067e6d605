/* test-kernels.c — forward values of the ops (and so of the CPU kernels behind them) against
 * plain reference loops in double, in F32 and F64, with strided, transposed and broadcast
 * operands; numerically stable forms at extreme inputs; adjoint identities of the convolution
 * and pooling helpers; the random fills' exact stream; one step of every optimizer. */
#include "gs-test-util.h"

static gs_ctx *ctx;

static gs_tensor *rnd(gs_dtype dtype, uint64_t seed, int ndim, const int64_t *shape, double lo,
                      double hi)
{
  gs_rng r = gs_rng_new(seed);
  return gs_rand_uniform(ctx, &r, dtype, ndim, shape, lo, hi);
}

static double tol_of(gs_dtype dtype)
{
  return dtype == GS_F32 ? 2e-5 : 1e-12;
}

/* --- elementwise --------------------------------------------------------------------------- */

typedef struct unary_ref {
  const char *name;
  gs_tensor *(*op)(gs_ctx *, gs_tensor *);
  double (*ref)(double);
  double lo, hi;
} unary_ref;

static double r_neg(double x)
{
  return -x;
}
static double r_sqr(double x)
{
  return x * x;
}
static double r_relu(double x)
{
  return x > 0 ? x : 0;
}
static double r_sign(double x)
{
  return (x > 0) - (x < 0);
}
static double r_sigmoid(double x)
{
  return 1 / (1 + exp(-x));
}
static double r_softplus(double x)
{
  return log1p(exp(x));
}
static double r_silu(double x)
{
  return x / (1 + exp(-x));
}

static const unary_ref unary_refs[] = {
    {"neg", gs_neg, r_neg, -3, 3},
    {"exp", gs_exp, exp, -3, 3},
    {"log", gs_log, log, 0.1, 5},
    {"sqrt", gs_sqrt, sqrt, 0.1, 5},
    {"square", gs_square, r_sqr, -3, 3},
    {"abs", gs_abs, fabs, -3, 3},
    {"sign", gs_sign, r_sign, -3, 3},
    {"relu", gs_relu, r_relu, -3, 3},
    {"tanh", gs_tanh, tanh, -3, 3},
    {"sigmoid", gs_sigmoid, r_sigmoid, -8, 8},
    {"softplus", gs_softplus, r_softplus, -8, 8},
    {"silu", gs_silu, r_silu, -8, 8},
};

static void test_unary(void)
{
  for (int dt = 0; dt < 2; dt++) {
    gs_dtype dtype = dt ? GS_F64 : GS_F32;
    for (size_t i = 0; i < G_N_ELEMENTS(unary_refs); i++) {
      const unary_ref *u = &unary_refs[i];
      gs_tensor *x = rnd(dtype, i + 1, 2, (int64_t[]){5, 7}, u->lo, u->hi);
      gs_tensor *xt = gs_t(ctx, x); /* strided source */
      double *xv = test_values(xt);
      double want[35];
      for (int j = 0; j < 35; j++) want[j] = u->ref(xv[j]);
      test_assert_close(u->name, u->op(ctx, xt), want, tol_of(dtype), tol_of(dtype));
      g_free(xv);
    }
    gs_tensor *x = rnd(dtype, 50, 1, (int64_t[]){40}, -3, 3);
    double *xv = test_values(x);
    double w[8][40];
    for (int j = 0; j < 40; j++) {
      double v = xv[j];
      w[0][j] = v > 0 ? v : 0.2 * v;
      w[1][j] = v > 0 ? v : 0.7 * expm1(v);
      w[2][j] = v > 0.5 ? 1 : 0;
      w[3][j] = v > 0 ? 1 : 0.2;
      w[4][j] = (-1 <= v && v <= 0.5) ? 1 : 0;
      w[5][j] = v < -1 ? -1 : v > 0.5 ? 0.5 : v;
      w[6][j] = v < 0.3 ? v : 0.3;
      w[7][j] = 2.5 - v;
    }
    test_assert_close("leaky_relu", gs_leaky_relu(ctx, x, 0.2), w[0], tol_of(dtype), tol_of(dtype));
    test_assert_close("elu", gs_elu(ctx, x, 0.7), w[1], tol_of(dtype), tol_of(dtype));
    test_assert_close("step", gs_step(ctx, x, 0.5), w[2], 0, 0);
    test_assert_close("leaky_step", gs_leaky_step(ctx, x, 0.2), w[3], tol_of(dtype), 0);
    test_assert_close("clamp_mask", gs_clamp_mask(ctx, x, -1, 0.5), w[4], 0, 0);
    gs_tensor *gv = gs_mul_leaky_step(ctx, gs_add_scalar(ctx, x, 1.0), x, 0.2);
    double ml[40];
    for (int j = 0; j < 40; j++) ml[j] = (xv[j] + 1.0) * w[3][j];
    test_assert_close("mul_leaky_step", gv, ml, tol_of(dtype), tol_of(dtype));
    test_assert_close("clamp", gs_clamp(ctx, x, -1, 0.5), w[5], tol_of(dtype), tol_of(dtype));
    test_assert_close("minimum_scalar", gs_minimum_scalar(ctx, x, 0.3), w[6], tol_of(dtype),
                      tol_of(dtype));
    test_assert_close("rsub_scalar", gs_rsub_scalar(ctx, x, 2.5), w[7], tol_of(dtype),
                      tol_of(dtype));
    g_free(xv);
  }
}

static void test_binary_broadcast(void)
{
  for (int dt = 0; dt < 2; dt++) {
    gs_dtype dtype = dt ? GS_F64 : GS_F32;
    gs_tensor *a = rnd(dtype, 1, 3, (int64_t[]){2, 3, 4}, 0.5, 2);
    gs_tensor *b = gs_t(ctx, rnd(dtype, 2, 2, (int64_t[]){4, 1}, 0.5, 2)); /* (1, 4) strided */
    double *av = test_values(a), *bv = test_values(b);
    double want[7][24];
    for (int i = 0; i < 24; i++) {
      double x = av[i], y = bv[i % 4];
      want[0][i] = x + y;
      want[1][i] = x - y;
      want[2][i] = x * y;
      want[3][i] = x / y;
      want[4][i] = pow(x, y);
      want[5][i] = x < y ? x : y;
      want[6][i] = x > y ? 1 : 0;
    }
    double t = tol_of(dtype);
    test_assert_close("add", gs_add(ctx, a, b), want[0], t, t);
    test_assert_close("sub", gs_sub(ctx, a, b), want[1], t, t);
    test_assert_close("mul", gs_mul(ctx, a, b), want[2], t, t);
    test_assert_close("div", gs_div(ctx, a, b), want[3], t, t);
    test_assert_close("pow", gs_pow(ctx, a, b), want[4], t, t);
    test_assert_close("minimum", gs_minimum(ctx, a, b), want[5], t, t);
    test_assert_close("gt", gs_gt(ctx, a, b), want[6], 0, 0);
    /* broadcast on the left operand as well, and a scalar */
    gs_tensor *s = gs_scalar(ctx, dtype, 2.0);
    gs_tensor *r = gs_sub(ctx, s, a);
    for (int i = 0; i < 24; i++) want[0][i] = 2.0 - av[i];
    test_assert_close("scalar - a", r, want[0], t, t);
    gs_tensor *c = gs_where(ctx, gs_ge(ctx, a, b), a, b);
    for (int i = 0; i < 24; i++) want[0][i] = av[i] >= bv[i % 4] ? av[i] : bv[i % 4];
    test_assert_close("where", c, want[0], t, t);
    g_free(av);
    g_free(bv);
  }
}

/* --- reductions ---------------------------------------------------------------------------- */

static void test_reductions(void)
{
  for (int dt = 0; dt < 2; dt++) {
    gs_dtype dtype = dt ? GS_F64 : GS_F32;
    int64_t shape[4] = {3, 4, 2, 5};
    gs_tensor *x = rnd(dtype, 7, 4, shape, -2, 2);
    gs_tensor *xp = gs_permute(ctx, x, (int[]){3, 1, 0, 2}); /* (5, 4, 3, 2), strided */
    double *v = test_values(xp);
    for (int axis = 0; axis < 4; axis++) {
      int64_t n = xp->shape[axis];
      int64_t outer = 1, inner = 1;
      for (int d = 0; d < axis; d++) outer *= xp->shape[d];
      for (int d = axis + 1; d < 4; d++) inner *= xp->shape[d];
      double *ws = g_new(double, outer *inner), *wm = g_new(double, outer *inner);
      for (int64_t o = 0; o < outer; o++)
        for (int64_t i = 0; i < inner; i++) {
          double s = 0, m = -INFINITY;
          for (int64_t r = 0; r < n; r++) {
            double e = v[(o * n + r) * inner + i];
            s += e;
            m = e > m ? e : m;
          }
          ws[o * inner + i] = s;
          wm[o * inner + i] = m;
        }
      gs_tensor *s = gs_sum(ctx, xp, axis, false), *m = gs_max(ctx, xp, axis, true);
      g_assert_cmpint(s->ndim, ==, 3);
      g_assert_cmpint(m->ndim, ==, 4);
      g_assert_cmpint(m->shape[axis], ==, 1);
      test_assert_close("sum", s, ws, tol_of(dtype) * 10, tol_of(dtype));
      test_assert_close("max", m, wm, 0, 0);
      g_free(ws);
      g_free(wm);
    }
    double total = 0;
    for (int i = 0; i < 120; i++) total += v[i];
    test_assert_close("sum_all", gs_sum_all(ctx, xp), &total, 1e-4, 1e-6);
    double mean = total / 120;
    test_assert_close("mean_all", gs_mean_all(ctx, x), &mean, 1e-5, 1e-6);
    g_free(v);
  }
  /* F32 sums accumulate in double: a million ones plus small values stay exact */
  gs_tensor *big = gs_full(ctx, GS_F32, 1, (int64_t[]){1 << 20}, 1.0);
  double want = 1 << 20;
  test_assert_close("long F32 sum", gs_sum_all(ctx, big), &want, 0, 0);
}

static void test_softmax_stable(void)
{
  for (int dt = 0; dt < 2; dt++) {
    gs_dtype dtype = dt ? GS_F64 : GS_F32;
    double v[6] = {1000, 1001, 999, -1000, -1001, -999};
    gs_tensor *x = test_tensor(ctx, dtype, 2, (int64_t[]){2, 3}, v);
    double w[6], lw[6];
    for (int r = 0; r < 2; r++) {
      double m = v[r * 3 + 1] > v[r * 3] ? v[r * 3 + 1] : v[r * 3];
      m = v[r * 3 + 2] > m ? v[r * 3 + 2] : m;
      double s = 0;
      for (int j = 0; j < 3; j++) s += exp(v[r * 3 + j] - m);
      for (int j = 0; j < 3; j++) {
        lw[r * 3 + j] = v[r * 3 + j] - m - log(s);
        w[r * 3 + j] = exp(lw[r * 3 + j]);
      }
    }
    test_assert_close("softmax", gs_softmax(ctx, x, -1), w, 1e-6, 1e-6);
    test_assert_close("log_softmax", gs_log_softmax(ctx, x, 1), lw, 1e-4, 1e-6);
    /* along axis 0 of the transpose gives the same numbers transposed */
    gs_tensor *s0 = gs_contiguous(ctx, gs_t(ctx, gs_softmax(ctx, gs_t(ctx, x), 0)));
    test_assert_close("softmax axis 0", s0, w, 1e-6, 1e-6);

    double big[4] = {1000, -1000, 30, -30};
    gs_tensor *b = test_tensor(ctx, dtype, 1, (int64_t[]){4}, big);
    double sp[4] = {1000, 0, 30 + log1p(exp(-30)), log1p(exp(-30))};
    test_assert_close("softplus at extremes", gs_softplus(ctx, b), sp, 1e-6, 1e-6);
    double sg[4] = {1, 0, 1 / (1 + exp(-30)), exp(-30) / (1 + exp(-30))};
    test_assert_close("sigmoid at extremes", gs_sigmoid(ctx, b), sg, 1e-7, 1e-5);
    /* BCE with logits: target 1 at logit -1000 costs 1000, target 0 at -1000 costs 0 */
    gs_tensor *t = test_tensor(ctx, dtype, 1, (int64_t[]){4}, (double[]){0, 1, 1, 0});
    double bce = (1000 + 1000 + log1p(exp(-30)) + log1p(exp(-30))) / 4;
    test_assert_close("bce_with_logits", gs_bce_with_logits(ctx, b, t), &bce, 1e-4, 1e-6);
    gs_tensor *labels = test_tensor(ctx, GS_I32, 1, (int64_t[]){2}, (double[]){0, 2});
    double ce = -(lw[0] + lw[5]) / 2;
    test_assert_close("cross_entropy", gs_cross_entropy(ctx, x, labels), &ce, 1e-4, 1e-6);
  }
}

/* --- matrix products ----------------------------------------------------------------------- */

static void ref_matmul(const double *a, const double *b, double *c, int64_t M, int64_t K, int64_t N)
{
  for (int64_t m = 0; m < M; m++)
    for (int64_t n = 0; n < N; n++) {
      double s = 0;
      for (int64_t k = 0; k < K; k++) s += a[m * K + k] * b[k * N + n];
      c[m * N + n] = s;
    }
}

static void check_matmul(gs_dtype dtype, int64_t M, int64_t K, int64_t N, bool ta, bool tb,
                         uint64_t seed)
{
  gs_tensor *a = ta ? gs_t(ctx, rnd(dtype, seed, 2, (int64_t[]){K, M}, -1, 1))
                    : rnd(dtype, seed, 2, (int64_t[]){M, K}, -1, 1);
  gs_tensor *b = tb ? gs_t(ctx, rnd(dtype, seed + 1, 2, (int64_t[]){N, K}, -1, 1))
                    : rnd(dtype, seed + 1, 2, (int64_t[]){K, N}, -1, 1);
  double *av = test_values(a), *bv = test_values(b), *want = g_new(double, M *N);
  ref_matmul(av, bv, want, M, K, N);
  char what[96];
  g_snprintf(what, sizeof what, "matmul %s %lldx%lldx%lld%s%s", gs_dtype_name(dtype), (long long) M,
             (long long) K, (long long) N, ta ? " Aᵀ" : "", tb ? " Bᵀ" : "");
  double t = dtype == GS_F32 ? 1e-5 * sqrt((double) K + 1) : 1e-12;
  test_assert_close(what, gs_matmul(ctx, a, b), want, t, t);
  g_free(av);
  g_free(bv);
  g_free(want);
}

static void test_matmul(void)
{
  static const int64_t sizes[][3] = {{1, 1, 1},    {1, 7, 1},   {5, 1, 3},
                                     {3, 4, 5},    {8, 16, 1},  {40, 33, 35},
                                     {64, 64, 64}, {7, 40, 50}, {70, 3, 64}};
  for (int dt = 0; dt < 2; dt++)
    for (size_t s = 0; s < G_N_ELEMENTS(sizes); s++)
      for (int t = 0; t < 4; t++)
        check_matmul(dt ? GS_F64 : GS_F32, sizes[s][0], sizes[s][1], sizes[s][2], t & 1, t & 2,
                     s * 10 + t);

  /* batched with a broadcast batch on either side */
  for (int dt = 0; dt < 2; dt++) {
    gs_dtype dtype = dt ? GS_F64 : GS_F32;
    gs_tensor *a = rnd(dtype, 3, 3, (int64_t[]){3, 4, 5}, -1, 1);
    gs_tensor *b = rnd(dtype, 4, 2, (int64_t[]){5, 2}, -1, 1);
    double *av = test_values(a), *bv = test_values(b), want[24];
    for (int i = 0; i < 3; i++) ref_matmul(av + i * 20, bv, want + i * 8, 4, 5, 2);
    gs_tensor *b3 = gs_reshape(ctx, b, 3, (int64_t[]){1, 5, 2});
    test_assert_close("batched, B broadcast", gs_matmul(ctx, a, b3), want, 1e-5, 1e-5);
    test_assert_close("batched, B 2-D", gs_matmul(ctx, a, b), want, 1e-5, 1e-5);
    g_free(av);
    g_free(bv);
  }
}

/* The fused linear + leaky relu gives the unfused values, and records one node. */
static void test_linear_leaky_relu(void)
{
  for (int dt = 0; dt < 2; dt++) {
    gs_dtype dtype = dt ? GS_F64 : GS_F32;
    gs_tensor *x = rnd(dtype, 31, 2, (int64_t[]){40, 33}, -1, 1);
    gs_tensor *w = rnd(dtype, 32, 2, (int64_t[]){20, 33}, -1, 1);
    gs_tensor *b = rnd(dtype, 33, 1, (int64_t[]){20}, -1, 1);
    for (int k = 0; k < 2; k++) {
      double slope = k ? 0.2 : 0.0;
      double *want = test_values(gs_leaky_relu(ctx, gs_linear(ctx, x, w, b), slope));
      gs_set_requires_grad(w, true);
      size_t tape = gs_tape_length(ctx);
      gs_tensor *y = gs_linear_leaky_relu(ctx, x, w, b, slope);
      g_assert_cmpuint(gs_tape_length(ctx), ==, tape + 1);
      gs_set_requires_grad(w, false);
      test_assert_close("linear_leaky_relu", y, want, tol_of(dtype) * 10, tol_of(dtype) * 10);
      g_free(want);
    }
  }
}

/* --- indexing ------------------------------------------------------------------------------ */

static void test_indexing(void)
{
  for (int dt = 0; dt < 2; dt++) {
    gs_dtype dtype = dt ? GS_F64 : GS_F32;
    double av[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    gs_tensor *a = test_tensor(ctx, dtype, 2, (int64_t[]){4, 3}, av);
    gs_tensor *idx = test_tensor(ctx, GS_I32, 1, (int64_t[]){3}, (double[]){3, 0, 3});
    test_assert_close("gather_rows", gs_gather_rows(ctx, a, idx),
                      (double[]){9, 10, 11, 0, 1, 2, 9, 10, 11}, 0, 0);
    gs_tensor *g3 = gs_gather_rows(ctx, gs_t(ctx, a), gs_slice(ctx, idx, 0, 1, 2));
    test_assert_close("gather_rows of a transpose", g3, (double[]){0, 3, 6, 9}, 0, 0);
    gs_tensor *g = test_tensor(ctx, dtype, 2, (int64_t[]){3, 2}, (double[]){1, 2, 3, 4, 5, 6});
    test_assert_close("scatter_add_rows", gs_scatter_add_rows(ctx, g, idx, 4),
                      (double[]){3, 4, 0, 0, 0, 0, 6, 8}, 0, 0);
    gs_tensor *pi = test_tensor(ctx, GS_I32, 1, (int64_t[]){4}, (double[]){2, 0, 1, 2});
    test_assert_close("pick", gs_pick(ctx, a, pi), (double[]){2, 3, 7, 11}, 0, 0);
    gs_tensor *gv = test_tensor(ctx, dtype, 1, (int64_t[]){4}, (double[]){1, 2, 3, 4});
    test_assert_close("unpick", gs_unpick(ctx, gv, pi, 3),
                      (double[]){0, 0, 1, 2, 0, 0, 0, 3, 0, 0, 0, 4}, 0, 0);
  }
  /* I32 data: labels gathered by a permutation */
  gs_tensor *labels = test_tensor(ctx, GS_I32, 1, (int64_t[]){5}, (double[]){7, 8, 9, 10, 11});
  gs_tensor *perm = test_tensor(ctx, GS_I32, 1, (int64_t[]){3}, (double[]){4, 0, 2});
  test_assert_close("gather I32", gs_gather_rows(ctx, labels, perm), (double[]){11, 7, 9}, 0, 0);
}

/* --- views, copies, casts ------------------------------------------------------------------ */

static void test_views_and_copies(void)
{
  double v[6] = {1, 2, 3, 4, 5, 6};
  gs_tensor *a = test_tensor(ctx, GS_F32, 2, (int64_t[]){2, 3}, v);
  gs_tensor *t = gs_t(ctx, a);
  g_assert_true(t->storage == a->storage);
  g_assert_false(gs_is_contiguous(t));
  test_assert_close("transpose read", t, (double[]){1, 4, 2, 5, 3, 6}, 0, 0);
  gs_tensor *s = gs_slice(ctx, a, 1, -2, 3);
  g_assert_true(s->storage == a->storage);
  test_assert_close("slice", s, (double[]){2, 3, 5, 6}, 0, 0);
  gs_tensor *r = gs_reshape(ctx, a, 2, (int64_t[]){3, -1});
  g_assert_true(r->storage == a->storage);
  gs_tensor *rt = gs_reshape(ctx, t, 1, (int64_t[]){6}); /* a copy: t is strided */
  g_assert_false(rt->storage == a->storage);
  test_assert_close("reshape of a transpose", rt, (double[]){1, 4, 2, 5, 3, 6}, 0, 0);
  gs_tensor *e = gs_expand(ctx, gs_slice(ctx, a, 0, 1, 2), 3, (int64_t[]){2, 2, 3});
  g_assert_cmpint(e->stride[0], ==, 0);
  test_assert_close("expand", e, (double[]){4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6}, 0, 0);

  /* copy into a strided view, with a dtype conversion */
  gs_tensor *dst = gs_zeros(ctx, GS_F64, 2, (int64_t[]){3, 2});
  gs_copy_(gs_t(ctx, dst), a);
  test_assert_close("copy into a transpose", dst, (double[]){1, 4, 2, 5, 3, 6}, 0, 0);
  gs_fill_(gs_slice(ctx, dst, 0, 1, 2), -1.0);
  test_assert_close("fill a slice", dst, (double[]){1, 4, -1, -1, 3, 6}, 0, 0);
  gs_tensor *i =
      gs_cast(ctx, test_tensor(ctx, GS_F32, 1, (int64_t[]){3}, (double[]){1.9, -1.9, 0}), GS_I32);
  test_assert_close("float to int truncates", i, (double[]){1, -1, 0}, 0, 0);
  gs_tensor *cat = gs_concat(ctx, 2, (gs_tensor *[]){a, gs_mul_scalar(ctx, a, 10)}, 0);
  test_assert_close("concat", cat, (double[]){1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60}, 0, 0);
  gs_tensor *st = gs_sum_to(ctx, cat, 2, (int64_t[]){1, 3});
  test_assert_close("sum_to", st, (double[]){55, 77, 99}, 1e-5, 0);
  gs_clamp_(cat, 0, 25);
  test_assert_close("clamp_", cat, (double[]){1, 2, 3, 4, 5, 6, 10, 20, 25, 25, 25, 25}, 0, 0);
  double item = gs_item(gs_slice(ctx, gs_flatten(ctx, a), 0, 4, 5));
  g_assert_cmpfloat(item, ==, 5);
}

/* --- convolution and pooling --------------------------------------------------------------- */

static double dot(const gs_tensor *a, const gs_tensor *b)
{
  double *x = test_values(a), *y = test_values(b), s = 0;
  for (int64_t i = 0; i < gs_numel(a); i++) s += x[i] * y[i];
  g_free(x);
  g_free(y);
  return s;
}

static void test_conv(void)
{
  /* conv2d against the direct sum, stride 2, padding 1 */
  int64_t N = 2, C = 3, H = 6, W = 5, O = 4, K = 3;
  gs_tensor *x = rnd(GS_F64, 1, 4, (int64_t[]){N, C, H, W}, -1, 1);
  gs_tensor *w = rnd(GS_F64, 2, 4, (int64_t[]){O, C, K, K}, -1, 1);
  gs_tensor *b = rnd(GS_F64, 3, 1, (int64_t[]){O}, -1, 1);
  gs_tensor *y = gs_conv2d(ctx, x, w, b, 2, 1);
  int64_t OH = (H + 2 - K) / 2 + 1, OW = (W + 2 - K) / 2 + 1;
  test_assert_shape(y, 4, (int64_t[]){N, O, OH, OW});
  double *xv = test_values(x), *wv = test_values(w), *bv = test_values(b);
  double *want = g_new0(double, N *O *OH *OW);
  for (int64_t n = 0; n < N; n++)
    for (int64_t o = 0; o < O; o++)
      for (int64_t oy = 0; oy < OH; oy++)
        for (int64_t ox = 0; ox < OW; ox++) {
          double s = bv[o];
          for (int64_t c = 0; c < C; c++)
            for (int64_t ky = 0; ky < K; ky++)
              for (int64_t kx = 0; kx < K; kx++) {
                int64_t iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                s += xv[((n * C + c) * H + iy) * W + ix] * wv[((o * C + c) * K + ky) * K + kx];
              }
          want[((n * O + o) * OH + oy) * OW + ox] = s;
        }
  test_assert_close("conv2d", y, want, 1e-12, 1e-12);
  g_free(want);

  /* conv_transpose2d is the adjoint of conv2d in x: <conv(x), u> = <x, convT(u)> */
  gs_tensor *u = rnd(GS_F64, 4, 4, (int64_t[]){N, O, OH, OW}, -1, 1);
  gs_tensor *ct = gs_conv_transpose2d(ctx, u, w, NULL, 2, 1);
  /* convT's output size (OH-1)*2 - 2 + 3 may be smaller than H when stride drops a row */
  int64_t TH = (OH - 1) * 2 - 2 + K, TW = (OW - 1) * 2 - 2 + K;
  test_assert_shape(ct, 4, (int64_t[]){N, C, TH, TW});
  gs_tensor *xs = gs_contiguous(ctx, gs_slice(ctx, gs_slice(ctx, x, 2, 0, TH), 3, 0, TW));
  double lhs = dot(gs_conv2d(ctx, xs, w, NULL, 2, 1), u), rhs = dot(xs, ct);
  g_assert_cmpfloat_with_epsilon(lhs, rhs, 1e-10);

  /* im2col / col2im adjoint pair */
  gs_tensor *cols = gs_im2col(ctx, x, 2, 3, 1, 1);
  gs_tensor *v = rnd(GS_F64, 5, 3, cols->shape, -1, 1);
  g_assert_cmpfloat_with_epsilon(dot(cols, v), dot(x, gs_col2im(ctx, v, H, W, 2, 3, 1, 1)), 1e-10);

  /* pools against direct loops, and their adjoints */
  gs_tensor *mp = gs_max_pool2d(ctx, x, 3, 2, 1), *ap = gs_avg_pool2d(ctx, x, 3, 2, 1);
  int64_t PH = mp->shape[2], PW = mp->shape[3];
  double *wm = g_new(double, N *C *PH *PW), *wa = g_new(double, N *C *PH *PW);
  for (int64_t p = 0; p < N * C; p++)
    for (int64_t oy = 0; oy < PH; oy++)
      for (int64_t ox = 0; ox < PW; ox++) {
        double m = -INFINITY, s = 0;
        for (int ky = 0; ky < 3; ky++)
          for (int kx = 0; kx < 3; kx++) {
            int64_t iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            double e = xv[(p * H + iy) * W + ix];
            m = e > m ? e : m;
            s += e;
          }
        wm[(p * PH + oy) * PW + ox] = m;
        wa[(p * PH + oy) * PW + ox] = s / 9;
      }
  test_assert_close("max_pool2d", mp, wm, 0, 0);
  test_assert_close("avg_pool2d", ap, wa, 1e-12, 1e-12);
  gs_tensor *q = rnd(GS_F64, 6, 4, ap->shape, -1, 1);
  g_assert_cmpfloat_with_epsilon(dot(ap, q), dot(x, gs_avg_pool2d_adjoint(ctx, q, H, W, 3, 2, 1)),
                                 1e-10);
  g_free(wm);
  g_free(wa);
  g_free(xv);
  g_free(wv);
  g_free(bv);

  /* instance norm: every plane to mean 0, variance 1 */
  gs_tensor *in = gs_instance_norm(ctx, x, 0.0);
  gs_tensor *flat = gs_reshape(ctx, in, 3, (int64_t[]){N, C, H * W});
  double zeros[6] = {0}, ones[6] = {1, 1, 1, 1, 1, 1};
  test_assert_close("instance norm mean", gs_mean(ctx, flat, -1, false), zeros, 1e-12, 0);
  test_assert_close("instance norm variance", gs_mean(ctx, gs_square(ctx, flat), -1, false), ones,
                    1e-12, 1e-12);
}

/* --- random fills: the exact stream of gs-rng.h -------------------------------------------- */

static void test_rand_stream(void)
{
  gs_rng r = gs_rng_new(1234);
  r.counter = 77;
  gs_tensor *u = gs_rand_uniform(ctx, &r, GS_F64, 1, (int64_t[]){10}, -2, 3);
  g_assert_cmpuint(r.counter, ==, 77 + 3); /* ceil(10 / 4) blocks */
  double want[10];
  for (int i = 0; i < 10; i++) {
    uint32_t w[4];
    gs_philox4x32(1234, 77 + (uint64_t) (i / 4), w);
    want[i] = -2 + 5 * (double) gs_rng_word_to_uniform(w[i % 4]);
  }
  test_assert_close("uniform stream", u, want, 0, 0);
  gs_tensor *n = gs_rand_normal(ctx, &r, GS_F64, 1, (int64_t[]){5}, 1, 2);
  g_assert_cmpuint(r.counter, ==, 80 + 3); /* ceil(5 / 2) */
  for (int i = 0; i < 5; i++) {
    uint32_t w[4];
    gs_philox4x32(1234, 80 + (uint64_t) (i / 2), w);
    double rr = sqrt(-2 * log((double) gs_rng_word_to_uniform(w[0])));
    double th = 2 * M_PI * (double) gs_rng_word_to_uniform(w[1]);
    want[i] = 1 + 2 * rr * (i % 2 ? sin(th) : cos(th));
  }
  test_assert_close("normal stream", n, want, 1e-12, 1e-12);
  /* F32 gets the same values rounded once */
  gs_rng r2 = gs_rng_new(1234);
  r2.counter = 77;
  gs_tensor *u32 = gs_rand_uniform(ctx, &r2, GS_F32, 1, (int64_t[]){10}, -2, 3);
  double *got = test_values(u32);
  double *exact = test_values(u);
  for (int i = 0; i < 10; i++) g_assert_cmpfloat(got[i], ==, (float) exact[i]);
  g_free(got);
  g_free(exact);
  /* moments of a large normal fill */
  gs_tensor *big = gs_rand_normal(ctx, &r, GS_F64, 1, (int64_t[]){200000}, 0.5, 2);
  double mean = gs_item(gs_mean_all(ctx, big));
  double var = gs_item(gs_mean_all(ctx, gs_square(ctx, gs_add_scalar(ctx, big, -mean))));
  g_assert_cmpfloat(fabs(mean - 0.5), <, 0.03);
  g_assert_cmpfloat(fabs(var - 4), <, 0.08);
}

/* --- optimizers: one fused step against the formulas --------------------------------------- */

static void reference_step(const gs_optim_config *c, int t, double *p, double g, double *s1,
                           double *s2, double lr)
{
  switch (c->kind) {
  case GS_OPTIM_SGD: {
    double gg = g + c->weight_decay * *p;
    if (c->momentum != 0) {
      *s1 = c->momentum * *s1 + gg;
      gg = c->nesterov ? gg + c->momentum * *s1 : *s1;
    }
    *p -= lr * gg;
    break;
  }
  case GS_OPTIM_ADAM:
  case GS_OPTIM_ADAMW: {
    bool decoupled = c->kind == GS_OPTIM_ADAMW;
    double gg = decoupled ? g : g + c->weight_decay * *p;
    *s1 = c->beta1 * *s1 + (1 - c->beta1) * gg;
    *s2 = c->beta2 * *s2 + (1 - c->beta2) * gg * gg;
    double mh = *s1 / (1 - pow(c->beta1, t)), vh = *s2 / (1 - pow(c->beta2, t));
    double step = mh / (sqrt(vh) + c->eps) + (decoupled ? c->weight_decay * *p : 0);
    *p -= lr * step;
    break;
  }
  case GS_OPTIM_RMSPROP: {
    double gg = g + c->weight_decay * *p;
    *s1 = c->alpha * *s1 + (1 - c->alpha) * gg * gg;
    *p -= lr * gg / (sqrt(*s1) + c->eps);
    break;
  }
  default:
    g_assert_not_reached();
  }
}

static void test_optimizers(void)
{
  gs_optim_config configs[] = {
      {.kind = GS_OPTIM_SGD},
      {.kind = GS_OPTIM_SGD, .momentum = 0.9, .weight_decay = 0.1},
      {.kind = GS_OPTIM_SGD, .momentum = 0.9, .nesterov = true},
      {.kind = GS_OPTIM_ADAM, .beta1 = 0.5, .beta2 = 0.999, .eps = 1e-8, .weight_decay = 0.01},
      {.kind = GS_OPTIM_ADAMW, .beta1 = 0.9, .beta2 = 0.99, .eps = 1e-6, .weight_decay = 0.1},
      {.kind = GS_OPTIM_RMSPROP, .alpha = 0.9, .eps = 1e-8, .weight_decay = 0.01},
  };
  for (int dt = 0; dt < 2; dt++)
    for (size_t k = 0; k < G_N_ELEMENTS(configs); k++) {
      gs_dtype dtype = dt ? GS_F64 : GS_F32;
      gs_optim_config *c = &configs[k];
      double pv[4] = {0.5, -1, 2, 0.1},
             gv[3][4] = {{1, -2, 0.5, 0}, {0.3, 0.1, -1, 2}, {-1, 1, 1, -1}};
      gs_tensor *p = test_tensor(ctx, dtype, 2, (int64_t[]){2, 2}, pv);
      gs_params params = {0};
      gs_params_add(&params, "w", p);
      gs_optim *opt = gs_optim_new(ctx, c, &params);
      double s1[4] = {0}, s2[4] = {0};
      for (int t = 1; t <= 3; t++) {
        gs_tensor *g = test_tensor(ctx, dtype, 2, (int64_t[]){2, 2}, gv[t - 1]);
        gs_optim_step(opt, &g, 0.01 * t);
        for (int i = 0; i < 4; i++)
          reference_step(c, t, &pv[i], gv[t - 1][i], &s1[i], &s2[i], 0.01 * t);
      }
      g_assert_cmpint(gs_optim_steps(opt), ==, 3);
      char what[64];
      g_snprintf(what, sizeof what, "%s %s (config %zu)", gs_optim_kind_name(c->kind),
                 gs_dtype_name(dtype), k);
      test_assert_close(what, p, pv, tol_of(dtype) * 10, tol_of(dtype) * 10);
      const gs_params *state = gs_optim_state(opt);
      if (c->kind == GS_OPTIM_ADAM || c->kind == GS_OPTIM_ADAMW) {
        g_assert_nonnull(gs_params_find(state, "m.w"));
        test_assert_close("adam v", gs_params_find(state, "v.w"), s2, 1e-6, 1e-5);
      }
      gs_optim_reset(opt);
      g_assert_cmpint(gs_optim_steps(opt), ==, 0);
      gs_optim_free(opt);
      gs_params_clear(&params);
    }
}

static void test_schedules_and_clipping(void)
{
  gs_schedule cst = {.kind = GS_SCHEDULE_CONSTANT, .lr = 0.1};
  g_assert_cmpfloat(gs_lr_at(&cst, 50, 100), ==, 0.1);
  gs_schedule pw = {
      .kind = GS_SCHEDULE_PIECEWISE, .lr = 1, .factor = 0.1, .n_drops = 2, .drop_at = {0.5, 0.75}};
  g_assert_cmpfloat_with_epsilon(gs_lr_at(&pw, 49, 100), 1, 1e-15);
  g_assert_cmpfloat_with_epsilon(gs_lr_at(&pw, 50, 100), 0.1, 1e-15);
  g_assert_cmpfloat_with_epsilon(gs_lr_at(&pw, 99, 100), 0.01, 1e-15);
  gs_schedule cs = {.kind = GS_SCHEDULE_COSINE, .lr = 1, .min_lr = 0.1};
  g_assert_cmpfloat_with_epsilon(gs_lr_at(&cs, 0, 100), 1, 1e-15);
  g_assert_cmpfloat_with_epsilon(gs_lr_at(&cs, 50, 100), 0.55, 1e-12);
  g_assert_cmpfloat_with_epsilon(gs_lr_at(&cs, 100, 100), 0.1, 1e-12);

  gs_tensor *g[2] = {test_tensor(ctx, GS_F64, 1, (int64_t[]){2}, (double[]){3, 0}),
                     test_tensor(ctx, GS_F64, 1, (int64_t[]){1}, (double[]){4})};
  gs_tensor *norm = gs_clip_grad_norm(ctx, g, 2, 1.0);
  g_assert_cmpfloat_with_epsilon(gs_item(norm), 5, 1e-12);
  double k = 1.0 / (5 + 1e-6);
  test_assert_close("clipped 0", g[0], (double[]){3 * k, 0}, 1e-12, 0);
  test_assert_close("clipped 1", g[1], (double[]){4 * k}, 1e-12, 0);
  gs_tensor *small[1] = {test_tensor(ctx, GS_F64, 1, (int64_t[]){2}, (double[]){0.3, 0.4})};
  gs_clip_grad_norm(ctx, small, 1, 1.0);
  test_assert_close("under the limit", small[0], (double[]){0.3, 0.4}, 0, 0);

  gs_params params = {0};
  gs_tensor *w = test_tensor(ctx, GS_F32, 1, (int64_t[]){3}, (double[]){-0.5, 0.005, 0.2});
  gs_params_add(&params, "w", w);
  gs_clip_weights_(&params, 0.01);
  test_assert_close("weight clipping", w, (double[]){-0.01, 0.005, 0.01}, 1e-9, 0);
  gs_params_clear(&params);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ctx = gs_ctx_new(test_be());
  g_test_add_func("/kernels/unary", test_unary);
  g_test_add_func("/kernels/binary-broadcast", test_binary_broadcast);
  g_test_add_func("/kernels/reductions", test_reductions);
  g_test_add_func("/kernels/softmax-and-stable-forms", test_softmax_stable);
  g_test_add_func("/kernels/matmul", test_matmul);
  g_test_add_func("/kernels/linear-leaky-relu", test_linear_leaky_relu);
  g_test_add_func("/kernels/indexing", test_indexing);
  g_test_add_func("/kernels/views-and-copies", test_views_and_copies);
  g_test_add_func("/kernels/conv-and-pool", test_conv);
  g_test_add_func("/kernels/rand-stream", test_rand_stream);
  g_test_add_func("/kernels/optimizers", test_optimizers);
  g_test_add_func("/kernels/schedules-and-clipping", test_schedules_and_clipping);
  int rc = g_test_run();
  gs_ctx_free(ctx);
  gs_backend_free(test_backend);
  return rc;
}
