/* test-vulkan.c — the Vulkan backend against the CPU backend: every kernel through its ops with
 * odd sizes, strided and broadcast operands; first- and second-order gradients; the random
 * stream; the fused radial-basis kernel sums (every φ, n = 1 … 784, self terms, gradients);
 * optimizer steps; a 50-step gan2d run; and the out-of-memory path. Each case builds
 * the same inputs (host-drawn, so identical bits) on both backends, checks that NaN and Inf sit
 * in the same places, then that the normalised MSE of the finite values is at most 1e-7.
 *
 * Runs on any Vulkan device including lavapipe (allow_cpu_device). Without one every test is
 * skipped with "skipped: no Vulkan device" — never a silent pass. */
#include <glib.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-compute.h"
#include "vulkan/gs-vk-impl.h" /* gs_vk_validation_errors */

static gs_backend *cpu, *vk;
static gs_ctx *cctx, *vctx;
static char no_device[256];

static bool need_vulkan(void)
{
  if (vk) return true;
  g_test_skip_printf("skipped: no Vulkan device (%s)", no_device);
  return false;
}

/* --- comparing ----------------------------------------------------------------------------- */

static float *read_f32(const gs_tensor *t)
{
  int64_t n = gs_numel(t);
  float *v = g_new0(float, n ? n : 1);
  if (t->dtype == GS_F32) {
    gs_read(t, v);
  } else {
    int32_t *iv = g_new0(int32_t, n ? n : 1);
    gs_read(t, iv);
    for (int64_t j = 0; j < n; j++) v[j] = (float) iv[j];
    g_free(iv);
  }
  return v;
}

/* NaN/Inf in the same places, then normalised MSE of the rest ≤ limit. */
static void compare(const char *what, const gs_tensor *c, const gs_tensor *v, double limit)
{
  g_assert_cmpint(gs_numel(c), ==, gs_numel(v));
  g_assert_null(gs_backend_failure(vk));
  int64_t n = gs_numel(c);
  float *a = read_f32(c), *b = read_f32(v);
  double err = 0, ref = 0;
  for (int64_t j = 0; j < n; j++) {
    bool fa = isfinite(a[j]), fb = isfinite(b[j]);
    if (!fa || !fb) {
      if (isnan(a[j]) != isnan(b[j]) || (isinf(a[j]) && a[j] != b[j]))
        g_error("%s: element %" G_GINT64_FORMAT ": cpu %g, vulkan %g", what, j, a[j], b[j]);
      continue;
    }
    err += ((double) a[j] - b[j]) * ((double) a[j] - b[j]);
    ref += (double) a[j] * a[j];
  }
  double nmse = err / (ref > 1e-30 ? ref : 1.0);
  if (g_test_verbose()) g_test_message("%s: %" G_GINT64_FORMAT " values, nmse %.3g", what, n, nmse);
  if (!(nmse <= limit))
    g_error("%s: normalised MSE %.3g > %.1g over %" G_GINT64_FORMAT " values", what, nmse, limit,
            n);
  g_free(a);
  g_free(b);
}

/* --- inputs (drawn on the host, so both backends get the same bits) ------------------------ */

static gs_tensor *host_uniform(gs_ctx *ctx, uint64_t seed, int ndim, const int64_t *shape,
                               double lo, double hi)
{
  int64_t n = 1;
  for (int d = 0; d < ndim; d++) n *= shape[d];
  float *v = g_new(float, n ? n : 1);
  gs_rng r = gs_rng_new(seed);
  for (int64_t j = 0; j < n; j++) v[j] = (float) (lo + (hi - lo) * gs_rng_uniform(&r));
  gs_tensor *t = gs_from_data(ctx, GS_F32, ndim, shape, v);
  g_free(v);
  return t;
}

static gs_tensor *host_labels(gs_ctx *ctx, uint64_t seed, int64_t n, int32_t limit)
{
  int32_t *v = g_new(int32_t, n);
  gs_rng r = gs_rng_new(seed);
  for (int64_t j = 0; j < n; j++) v[j] = (int32_t) gs_rng_below(&r, (uint32_t) limit);
  gs_tensor *t = gs_from_data(ctx, GS_I32, 1, (int64_t[]){n}, v);
  g_free(v);
  return t;
}

#define U(seed, lo, hi, ...)                                                                       \
  host_uniform(ctx, seed, sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t),                      \
               (int64_t[]){__VA_ARGS__}, lo, hi)

typedef gs_tensor *(*case_fn)(gs_ctx *ctx);

/* Build a case on both backends and compare the results. */
static void run_case(const char *name, case_fn fn, double limit)
{
  gs_tensor *c = fn(cctx), *v = fn(vctx);
  compare(name, c, v, limit);
  gs_ctx_reset(cctx);
  gs_ctx_reset(vctx);
}

/* --- unary ---------------------------------------------------------------------------------- */

/* A strided (transposed) source of odd shape. */
static gs_tensor *tsrc(gs_ctx *ctx, double lo, double hi)
{
  return gs_t(ctx, U(11, lo, hi, 13, 7));
}

#define UNARY(NAME, EXPR, LO, HI)                                                                  \
  static gs_tensor *u_##NAME(gs_ctx *ctx)                                                          \
  {                                                                                                \
    gs_tensor *x = tsrc(ctx, LO, HI);                                                              \
    return (EXPR);                                                                                 \
  }
UNARY(neg, gs_neg(ctx, x), -3, 3)
UNARY(exp, gs_exp(ctx, x), -5, 5)
UNARY(log, gs_log(ctx, x), 0.01, 50)
UNARY(sqrt, gs_sqrt(ctx, x), 0, 50)
UNARY(square, gs_square(ctx, x), -3, 3)
UNARY(abs, gs_abs(ctx, x), -3, 3)
UNARY(sign, gs_sign(ctx, x), -3, 3)
UNARY(relu, gs_relu(ctx, x), -3, 3)
UNARY(leaky_relu, gs_leaky_relu(ctx, x, 0.2), -3, 3)
UNARY(elu, gs_elu(ctx, x, 0.7), -3, 3)
UNARY(tanh, gs_tanh(ctx, x), -30, 30)
UNARY(sigmoid, gs_sigmoid(ctx, x), -90, 90)
UNARY(softplus, gs_softplus(ctx, x), -90, 90)
UNARY(silu, gs_silu(ctx, x), -20, 20)
UNARY(step, gs_step(ctx, x, 0.5), -3, 3)
UNARY(leaky_step, gs_leaky_step(ctx, x, 0.2), -3, 3)
UNARY(clamp_mask, gs_clamp_mask(ctx, x, -1, 0.5), -3, 3)
UNARY(add_scalar, gs_add_scalar(ctx, x, 1.25), -3, 3)
UNARY(mul_scalar, gs_mul_scalar(ctx, x, -0.75), -3, 3)
UNARY(rsub_scalar, gs_rsub_scalar(ctx, x, 2.5), -3, 3)
UNARY(pow_int, gs_pow_scalar(ctx, x, 3.0), -3, 3)
UNARY(pow_frac, gs_pow_scalar(ctx, x, 0.5), 0, 3)
UNARY(min_scalar, gs_minimum_scalar(ctx, x, 0.3), -3, 3)
UNARY(max_scalar, gs_maximum_scalar(ctx, x, 0.3), -3, 3)
UNARY(clamp, gs_clamp(ctx, x, -1, 0.5), -3, 3)
UNARY(log_neg_nan, gs_log(ctx, x), -3, 3) /* NaN where x < 0, in both */
UNARY(div_zero_inf, gs_div(ctx, gs_sign(ctx, x), gs_relu(ctx, x)), -3, 3) /* ±Inf, NaN */

static const struct {
  const char *name;
  case_fn fn;
} unary_cases[] = {
    {"neg", u_neg},
    {"exp", u_exp},
    {"log", u_log},
    {"sqrt", u_sqrt},
    {"square", u_square},
    {"abs", u_abs},
    {"sign", u_sign},
    {"relu", u_relu},
    {"leaky_relu", u_leaky_relu},
    {"elu", u_elu},
    {"tanh", u_tanh},
    {"sigmoid", u_sigmoid},
    {"softplus", u_softplus},
    {"silu", u_silu},
    {"step", u_step},
    {"leaky_step", u_leaky_step},
    {"clamp_mask", u_clamp_mask},
    {"add_scalar", u_add_scalar},
    {"mul_scalar", u_mul_scalar},
    {"rsub_scalar", u_rsub_scalar},
    {"pow_int", u_pow_int},
    {"pow_frac", u_pow_frac},
    {"min_scalar", u_min_scalar},
    {"max_scalar", u_max_scalar},
    {"clamp", u_clamp},
    {"log_neg_nan", u_log_neg_nan},
    {"div_zero_inf", u_div_zero_inf},
};

static void test_unary(void)
{
  if (!need_vulkan()) return;
  for (size_t i = 0; i < G_N_ELEMENTS(unary_cases); i++)
    run_case(unary_cases[i].name, unary_cases[i].fn, 1e-7);
}

/* --- binary, broadcasting, where, copies, fills ---------------------------------------------- */

static gs_tensor *A3(gs_ctx *ctx)
{
  return U(21, 0.5, 2, 3, 5, 7);
}
static gs_tensor *Bb(gs_ctx *ctx) /* (5, 1) from a transposed (1, 5): broadcast and strided */
{
  return gs_t(ctx, U(22, 0.5, 2, 1, 5));
}

#define BINARY(NAME, EXPR)                                                                         \
  static gs_tensor *b_##NAME(gs_ctx *ctx)                                                          \
  {                                                                                                \
    gs_tensor *a = A3(ctx), *b = Bb(ctx);                                                          \
    (void) a, (void) b;                                                                            \
    return (EXPR);                                                                                 \
  }
BINARY(add, gs_add(ctx, a, b))
BINARY(sub, gs_sub(ctx, b, a))
BINARY(mul, gs_mul(ctx, a, b))
BINARY(div, gs_div(ctx, a, b))
BINARY(pow, gs_pow(ctx, a, b))
BINARY(minimum, gs_minimum(ctx, a, b))
BINARY(maximum, gs_maximum(ctx, b, a))
BINARY(gt, gs_gt(ctx, a, b))
BINARY(ge, gs_ge(ctx, a, gs_mul_scalar(ctx, gs_add_scalar(ctx, b, 0), 1)))
BINARY(eq, gs_eq(ctx, gs_minimum(ctx, a, b), b))
BINARY(where, gs_where(ctx, gs_gt(ctx, a, b), a, gs_neg(ctx, b)))
BINARY(mul_leaky_step, gs_mul_leaky_step(ctx, a, gs_add_scalar(ctx, b, -1.2), 0.2))
BINARY(scalar_left, gs_sub(ctx, gs_scalar(ctx, GS_F32, 2.0), a))
BINARY(contiguous, gs_contiguous(ctx, gs_permute(ctx, a, (int[]){2, 0, 1})))
BINARY(cast_roundtrip,
       gs_cast(ctx, gs_cast(ctx, gs_mul_scalar(ctx, gs_add_scalar(ctx, a, -1.3), 7), GS_I32),
               GS_F32))
BINARY(fill, gs_add(ctx, gs_full(ctx, GS_F32, 2, (int64_t[]){3, 4}, -2.5),
                    gs_zeros(ctx, GS_F32, 1, (int64_t[]){4})))
BINARY(concat, gs_concat(ctx, 2, (gs_tensor *[]){a, gs_expand(ctx, b, 3, (int64_t[]){3, 5, 7})}, 1))
BINARY(sum_to, gs_sum_to(ctx, a, 2, (int64_t[]){5, 1}))

static gs_tensor *b_linear_leaky(gs_ctx *ctx)
{
  gs_tensor *x = U(23, -1, 1, 33, 19), *w = U(24, -1, 1, 11, 19), *b = U(25, -1, 1, 11);
  return gs_linear_leaky_relu(ctx, x, w, b, 0.2);
}

static gs_tensor *b_inplace_clamp(gs_ctx *ctx)
{
  gs_tensor *x = U(26, -3, 3, 9, 9);
  gs_clamp_(x, -1, 1);
  gs_tensor *y = gs_new_like(ctx, x);
  gs_copy_(y, gs_t(ctx, x));
  return y;
}

static const struct {
  const char *name;
  case_fn fn;
} binary_cases[] = {
    {"add", b_add},
    {"sub", b_sub},
    {"mul", b_mul},
    {"div", b_div},
    {"pow", b_pow},
    {"minimum", b_minimum},
    {"maximum", b_maximum},
    {"gt", b_gt},
    {"ge", b_ge},
    {"eq", b_eq},
    {"where", b_where},
    {"mul_leaky_step", b_mul_leaky_step},
    {"scalar_left", b_scalar_left},
    {"contiguous", b_contiguous},
    {"cast_roundtrip", b_cast_roundtrip},
    {"fill", b_fill},
    {"concat", b_concat},
    {"sum_to", b_sum_to},
    {"linear_leaky_relu", b_linear_leaky},
    {"inplace_clamp", b_inplace_clamp},
};

static void test_binary(void)
{
  if (!need_vulkan()) return;
  for (size_t i = 0; i < G_N_ELEMENTS(binary_cases); i++)
    run_case(binary_cases[i].name, binary_cases[i].fn, 1e-7);
}

/* --- reductions, softmax, matmul ------------------------------------------------------------ */

static gs_tensor *r_sum0(gs_ctx *ctx)
{
  return gs_sum(ctx, U(31, -1, 1, 9, 301, 5), 0, false);
}
static gs_tensor *r_sum1(gs_ctx *ctx) /* long axis: a workgroup per output */
{
  return gs_sum(ctx, U(31, -1, 1, 9, 301, 5), 1, false);
}
static gs_tensor *r_sum2(gs_ctx *ctx)
{
  return gs_mean(ctx, gs_t(ctx, U(31, -1, 1, 9, 301, 5)), 1, true);
}
static gs_tensor *r_max1(gs_ctx *ctx)
{
  return gs_max(ctx, U(32, -5, 5, 9, 301, 5), 1, false);
}
static gs_tensor *r_max2(gs_ctx *ctx)
{
  return gs_max(ctx, U(32, -5, 5, 9, 301, 5), 2, true);
}
static gs_tensor *r_sum_all(gs_ctx *ctx)
{
  return gs_sum_all(ctx, U(33, 0, 1, 70001));
}
static gs_tensor *r_softmax(gs_ctx *ctx)
{
  return gs_softmax(ctx, U(34, -10, 10, 13, 37), -1);
}
static gs_tensor *r_log_softmax(gs_ctx *ctx)
{
  return gs_log_softmax(ctx, U(35, -30, 30, 5, 1000), -1);
}
static gs_tensor *r_softmax_axis0(gs_ctx *ctx)
{
  return gs_softmax(ctx, U(34, -10, 10, 13, 37), 0);
}
static gs_tensor *r_softmax_many_rows(gs_ctx *ctx) /* more workgroups than one grid row */
{
  return gs_log_softmax(ctx, U(30, -3, 3, 70001, 3), -1);
}
static gs_tensor *r_cross_entropy(gs_ctx *ctx)
{
  return gs_cross_entropy_rows(ctx, U(36, -4, 4, 29, 10), host_labels(ctx, 37, 29, 10));
}
static gs_tensor *r_bce(gs_ctx *ctx)
{
  return gs_bce_with_logits(ctx, U(38, -4, 4, 17, 3), U(39, 0, 1, 17, 3));
}

static gs_tensor *m_plain(gs_ctx *ctx)
{
  return gs_matmul(ctx, U(41, -1, 1, 37, 53), U(42, -1, 1, 53, 29));
}
static gs_tensor *m_trans_a(gs_ctx *ctx)
{
  return gs_matmul(ctx, gs_t(ctx, U(41, -1, 1, 53, 37)), U(42, -1, 1, 53, 29));
}
static gs_tensor *m_trans_b(gs_ctx *ctx)
{
  return gs_matmul(ctx, U(41, -1, 1, 37, 53), gs_t(ctx, U(42, -1, 1, 29, 53)));
}
static gs_tensor *m_trans_ab(gs_ctx *ctx)
{
  return gs_matmul(ctx, gs_t(ctx, U(41, -1, 1, 53, 37)), gs_t(ctx, U(42, -1, 1, 29, 53)));
}
static gs_tensor *m_batched(gs_ctx *ctx)
{
  return gs_matmul(ctx, U(43, -1, 1, 3, 17, 33), U(44, -1, 1, 3, 33, 19));
}
static gs_tensor *m_broadcast(gs_ctx *ctx)
{
  return gs_matmul(ctx, U(43, -1, 1, 3, 17, 33), U(44, -1, 1, 33, 19));
}
static gs_tensor *m_vector(gs_ctx *ctx)
{
  return gs_matmul(ctx, U(45, -1, 1, 1, 300), U(46, -1, 1, 300, 1));
}
static gs_tensor *m_large(gs_ctx *ctx)
{
  return gs_matmul(ctx, U(47, -1, 1, 130, 257), U(48, -1, 1, 257, 70));
}

static const struct {
  const char *name;
  case_fn fn;
} reduce_cases[] = {
    {"sum axis 0", r_sum0},
    {"sum axis 1", r_sum1},
    {"mean strided", r_sum2},
    {"max axis 1", r_max1},
    {"max axis 2", r_max2},
    {"sum_all 70001", r_sum_all},
    {"softmax", r_softmax},
    {"log_softmax", r_log_softmax},
    {"softmax axis 0", r_softmax_axis0},
    {"log_softmax 70001 rows", r_softmax_many_rows},
    {"cross_entropy", r_cross_entropy},
    {"bce_with_logits", r_bce},
    {"matmul", m_plain},
    {"matmul a^T", m_trans_a},
    {"matmul b^T", m_trans_b},
    {"matmul a^T b^T", m_trans_ab},
    {"matmul batched", m_batched},
    {"matmul broadcast", m_broadcast},
    {"matmul dot", m_vector},
    {"matmul 130x257x70", m_large},
};

static void test_reduce_matmul(void)
{
  if (!need_vulkan()) return;
  for (size_t i = 0; i < G_N_ELEMENTS(reduce_cases); i++)
    run_case(reduce_cases[i].name, reduce_cases[i].fn, 1e-7);
}

/* --- indexing, convolution, pooling, norm ----------------------------------------------------- */

static gs_tensor *i_pick(gs_ctx *ctx)
{
  return gs_pick(ctx, gs_t(ctx, U(51, -1, 1, 10, 23)), host_labels(ctx, 52, 23, 10));
}
static gs_tensor *i_unpick(gs_ctx *ctx)
{
  return gs_unpick(ctx, U(53, -1, 1, 23), host_labels(ctx, 52, 23, 10), 10);
}
static gs_tensor *i_gather(gs_ctx *ctx)
{
  return gs_gather_rows(ctx, U(54, -1, 1, 12, 7), host_labels(ctx, 55, 31, 12));
}
static gs_tensor *i_gather_i32(gs_ctx *ctx)
{
  gs_tensor *labels = gs_reshape(ctx, host_labels(ctx, 56, 40, 1000), 2, (int64_t[]){20, 2});
  return gs_gather_rows(ctx, labels, host_labels(ctx, 57, 9, 20));
}
static gs_tensor *i_scatter(gs_ctx *ctx)
{
  return gs_scatter_add_rows(ctx, gs_t(ctx, U(58, -1, 1, 7, 31)), host_labels(ctx, 55, 31, 12), 12);
}
static gs_tensor *c_im2col(gs_ctx *ctx)
{
  return gs_im2col(ctx, U(61, -1, 1, 2, 3, 9, 11), 3, 2, 2, 1);
}
static gs_tensor *c_col2im(gs_ctx *ctx)
{
  /* H 9, W 11, kh 3, kw 2, stride 2, pad 1: OH 5, OW 6 */
  return gs_col2im(ctx, U(62, -1, 1, 2, 18, 30), 9, 11, 3, 2, 2, 1);
}
static gs_tensor *c_conv(gs_ctx *ctx)
{
  return gs_conv2d(ctx, U(63, -1, 1, 2, 3, 9, 11), U(64, -1, 1, 4, 3, 3, 3), U(65, -1, 1, 4), 2, 1);
}
static gs_tensor *c_conv_t(gs_ctx *ctx)
{
  return gs_conv_transpose2d(ctx, U(66, -1, 1, 2, 4, 5, 6), U(67, -1, 1, 4, 3, 4, 4),
                             U(68, -1, 1, 3), 2, 1);
}
static gs_tensor *c_max_pool(gs_ctx *ctx)
{
  return gs_max_pool2d(ctx, U(69, -1, 1, 2, 3, 9, 11), 3, 2, 1);
}
static gs_tensor *c_max_pool_grad(gs_ctx *ctx)
{
  gs_tensor *x = U(69, -1, 1, 2, 3, 9, 11);
  gs_set_requires_grad(x, true);
  gs_tensor *y = gs_max_pool2d(ctx, x, 3, 2, 1);
  gs_tensor *w = U(70, -1, 1, 2, 3, 5, 6);
  return gs_grad(ctx, gs_sum_all(ctx, gs_mul(ctx, y, w)), NULL, 1, &x, false)[0];
}
static gs_tensor *c_avg_pool(gs_ctx *ctx)
{
  return gs_avg_pool2d(ctx, U(71, -1, 1, 2, 3, 9, 11), 3, 2, 1);
}
static gs_tensor *c_avg_pool_adj(gs_ctx *ctx)
{
  return gs_avg_pool2d_adjoint(ctx, U(72, -1, 1, 2, 3, 5, 6), 9, 11, 3, 2, 1);
}
static gs_tensor *c_instance_norm(gs_ctx *ctx)
{
  return gs_instance_norm(ctx, U(73, -2, 3, 2, 3, 7, 9), 1e-5);
}

static const struct {
  const char *name;
  case_fn fn;
} index_cases[] = {
    {"pick", i_pick},
    {"unpick", i_unpick},
    {"gather_rows", i_gather},
    {"gather_rows I32", i_gather_i32},
    {"scatter_add_rows", i_scatter},
    {"im2col", c_im2col},
    {"col2im", c_col2im},
    {"conv2d", c_conv},
    {"conv_transpose2d", c_conv_t},
    {"max_pool2d", c_max_pool},
    {"max_pool2d backward", c_max_pool_grad},
    {"avg_pool2d", c_avg_pool},
    {"avg_pool2d adjoint", c_avg_pool_adj},
    {"instance_norm", c_instance_norm},
};

static void test_index_conv(void)
{
  if (!need_vulkan()) return;
  for (size_t i = 0; i < G_N_ELEMENTS(index_cases); i++)
    run_case(index_cases[i].name, index_cases[i].fn, 1e-7);
}

/* --- scatters (atomic on Vulkan, so summed in no fixed order) -------------------------------- */

/* Every element of out (rows × D) against the exact sum of the g rows (N × D, row-major) sent
 * to it (target[n]): a float sum of k terms in any order is within γ(k−1) Σ|g| of the exact one
 * (γ(m) = m u / (1 − m u), u = 2⁻²⁴), so a lone term must come back exact, an untouched element
 * zero, and anything else within the bound whatever order the device's atomics took. */
static void check_scatter_bound(const char *what, const float *g, const int64_t *target, int64_t N,
                                int64_t D, int64_t rows, const gs_tensor *out)
{
  g_assert_cmpint(gs_numel(out), ==, rows * D);
  double *sum = g_new0(double, rows *D), *mag = g_new0(double, rows *D);
  int64_t *terms = g_new0(int64_t, rows);
  for (int64_t n = 0; n < N; n++) {
    terms[target[n]]++;
    for (int64_t j = 0; j < D; j++) {
      sum[target[n] * D + j] += g[n * D + j];
      mag[target[n] * D + j] += fabs(g[n * D + j]);
    }
  }
  float *got = read_f32(out);
  const double u = ldexp(1, -24);
  double worst = 0;
  for (int64_t r = 0; r < rows; r++)
    for (int64_t j = 0; j < D; j++) {
      double m = (double) (terms[r] > 0 ? terms[r] - 1 : 0), bound = m * u / (1 - m * u);
      double e = fabs(got[r * D + j] - sum[r * D + j]);
      if (!(e <= bound * mag[r * D + j]))
        g_error("%s: element (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "), %" G_GINT64_FORMAT
                " terms: %.9g, exact %.9g, bound %.3g",
                what, r, j, terms[r], got[r * D + j], sum[r * D + j], bound * mag[r * D + j]);
      if (mag[r * D + j] > 0 && e / mag[r * D + j] > worst) worst = e / mag[r * D + j];
    }
  if (g_test_verbose()) g_test_message("%s: worst |error| / Σ|g| %.3g", what, worst);
  g_free(got);
  g_free(sum);
  g_free(mag);
  g_free(terms);
}

static float *host_floats(uint64_t seed, int64_t n)
{
  float *v = g_new(float, n);
  gs_rng r = gs_rng_new(seed);
  for (int64_t j = 0; j < n; j++) v[j] = (float) (2 * gs_rng_uniform(&r) - 1);
  return v;
}

static int32_t *host_ints(uint64_t seed, int64_t n, int32_t limit)
{
  int32_t *v = g_new(int32_t, n);
  gs_rng r = gs_rng_new(seed);
  for (int64_t j = 0; j < n; j++) v[j] = (int32_t) gs_rng_below(&r, (uint32_t) limit);
  return v;
}

/* scatter_add_rows with many sources per row (20,000 into 5 rows, 3 columns, g a transposed
 * view) and with many rows (4,099 sources over 1,000 rows, most of them touched once). */
static void test_scatter_rows(void)
{
  if (!need_vulkan()) return;
  static const int64_t shapes[2][3] = {{20000, 3, 5}, {4099, 7, 1000}}; /* N, D, rows */
  for (int c = 0; c < 2; c++) {
    int64_t N = shapes[c][0], D = shapes[c][1], R = shapes[c][2];
    float *g = host_floats(131 + c, N * D); /* (N, D) */
    float *gt = g_new(float, N *D);         /* the same, stored (D, N) */
    for (int64_t n = 0; n < N; n++)
      for (int64_t j = 0; j < D; j++) gt[j * N + n] = g[n * D + j];
    int32_t *idx = host_ints(141 + c, N, (int32_t) R);
    int64_t *target = g_new(int64_t, N);
    for (int64_t n = 0; n < N; n++) target[n] = idx[n];
    gs_tensor *out[2];
    gs_ctx *ctxs[2] = {cctx, vctx};
    for (int b = 0; b < 2; b++) {
      gs_ctx *ctx = ctxs[b];
      gs_tensor *tg = gs_t(ctx, gs_from_data(ctx, GS_F32, 2, (int64_t[]){D, N}, gt));
      gs_tensor *ti = gs_from_data(ctx, GS_I32, 1, (int64_t[]){N}, idx);
      out[b] = gs_scatter_add_rows(ctx, tg, ti, R);
      check_scatter_bound(b ? "scatter_add_rows, vulkan" : "scatter_add_rows, cpu", g, target, N, D,
                          R, out[b]);
    }
    compare("scatter_add_rows, many sources", out[0], out[1], 1e-7);
    gs_ctx_reset(cctx);
    gs_ctx_reset(vctx);
    g_free(g);
    g_free(gt);
    g_free(idx);
    g_free(target);
  }
}

/* pool_scatter with indices crowded onto a few pixels of each plane (up to 1,024 pooled
 * gradients into one pixel), and through a max-pool gradient with overlapping windows. */
static gs_tensor *pool_grad_overlap(gs_ctx *ctx)
{
  gs_tensor *x = U(151, -1, 1, 4, 5, 17, 19);
  gs_set_requires_grad(x, true);
  gs_tensor *y = gs_max_pool2d(ctx, x, 3, 1, 1); /* each pixel in up to 9 windows */
  return gs_grad(ctx, gs_sum_all(ctx, gs_mul(ctx, y, U(152, -1, 1, 4, 5, 17, 19))), NULL, 1, &x,
                 false)[0];
}

static void test_pool_scatter(void)
{
  if (!need_vulkan()) return;
  const int64_t P = 6, OH = 32, OW = 32, H = 9, W = 7, crowd = 5; /* planes, pooled, image */
  int64_t n = P * OH * OW;
  float *g = host_floats(161, n);
  int32_t *idx = host_ints(162, n, (int32_t) crowd); /* pixels 0 … 4 of each plane */
  int64_t *target = g_new(int64_t, n);
  for (int64_t s = 0; s < n; s++) target[s] = s / (OH * OW) * H * W + idx[s];
  gs_tensor *out[2];
  gs_ctx *ctxs[2] = {cctx, vctx};
  for (int b = 0; b < 2; b++) {
    gs_ctx *ctx = ctxs[b];
    int64_t shape[4] = {2, 3, OH, OW};
    out[b] = gs_pool_scatter(ctx, gs_from_data(ctx, GS_F32, 4, shape, g),
                             gs_from_data(ctx, GS_I32, 4, shape, idx), H, W);
    check_scatter_bound(b ? "pool_scatter, vulkan" : "pool_scatter, cpu", g, target, n, 1,
                        P * H * W, out[b]);
  }
  compare("pool_scatter, crowded", out[0], out[1], 1e-7);
  gs_ctx_reset(cctx);
  gs_ctx_reset(vctx);
  g_free(g);
  g_free(idx);
  g_free(target);
  run_case("max_pool2d backward, overlapping windows", pool_grad_overlap, 1e-7);
}

/* --- random stream ---------------------------------------------------------------------------- */

static gs_tensor *rng_uniform(gs_ctx *ctx)
{
  gs_rng r = gs_rng_new(0x1234567890abcdefull);
  r.counter = 0xfffffffeull; /* the block counter carries into its high word */
  return gs_rand_uniform(ctx, &r, GS_F32, 2, (int64_t[]){37, 29}, -2, 3);
}
static gs_tensor *rng_normal(gs_ctx *ctx)
{
  gs_rng r = gs_rng_new(99);
  return gs_rand_normal(ctx, &r, GS_F32, 1, (int64_t[]){1001}, 0.5, 2);
}

static void test_rng(void)
{
  if (!need_vulkan()) return;
  run_case("rand_uniform", rng_uniform, 1e-12);
  run_case("rand_normal", rng_normal, 1e-10);
}

/* --- gradients ------------------------------------------------------------------------------ */

static gs_tensor *mlp_loss(gs_ctx *ctx, gs_tensor *x, gs_tensor *w1, gs_tensor *w2)
{
  gs_tensor *h = gs_tanh(ctx, gs_matmul(ctx, x, w1));
  gs_tensor *o = gs_softplus(ctx, gs_matmul(ctx, gs_leaky_relu(ctx, h, 0.2), w2));
  return gs_mean_all(ctx, gs_square(ctx, o));
}

static gs_tensor *grad1(gs_ctx *ctx)
{
  gs_tensor *x = U(81, -1, 1, 17, 5), *w1 = U(82, -1, 1, 5, 13), *w2 = U(83, -1, 1, 13, 3);
  gs_set_requires_grad(w1, true);
  gs_set_requires_grad(w2, true);
  gs_tensor **g = gs_grad(ctx, mlp_loss(ctx, x, w1, w2), NULL, 2, (gs_tensor *[]){w1, w2}, false);
  return gs_concat(ctx, 2, (gs_tensor *[]){gs_flatten(ctx, g[0]), gs_flatten(ctx, g[1])}, 0);
}

/* second order: the gradient of the input-gradient's squared norm (a gradient penalty) */
static gs_tensor *grad2(gs_ctx *ctx)
{
  gs_tensor *x = U(81, -1, 1, 17, 5), *w1 = U(82, -1, 1, 5, 13), *w2 = U(83, -1, 1, 13, 3);
  gs_set_requires_grad(x, true);
  gs_set_requires_grad(w1, true);
  gs_tensor *gx = gs_grad(ctx, mlp_loss(ctx, x, w1, w2), NULL, 1, &x, true)[0];
  gs_tensor *pen = gs_sum_all(ctx, gs_square(ctx, gx));
  return gs_grad(ctx, pen, NULL, 1, &w1, false)[0];
}

static gs_tensor *grad_conv(gs_ctx *ctx)
{
  gs_tensor *x = U(84, -1, 1, 2, 3, 8, 7), *w = U(85, -1, 1, 4, 3, 3, 3);
  gs_set_requires_grad(x, true);
  gs_set_requires_grad(w, true);
  gs_tensor *y = gs_avg_pool2d(ctx, gs_relu(ctx, gs_conv2d(ctx, x, w, NULL, 1, 1)), 2, 2, 0);
  gs_tensor **g =
      gs_grad(ctx, gs_sum_all(ctx, gs_square(ctx, y)), NULL, 2, (gs_tensor *[]){x, w}, false);
  return gs_concat(ctx, 2, (gs_tensor *[]){gs_flatten(ctx, g[0]), gs_flatten(ctx, g[1])}, 0);
}

static void test_gradients(void)
{
  if (!need_vulkan()) return;
  run_case("first-order gradients", grad1, 1e-7);
  run_case("second-order gradients", grad2, 1e-7);
  run_case("conv and pooling gradients", grad_conv, 1e-7);
}

/* --- fused radial-basis kernel sums (GS_K_RBF_SUM) ------------------------------------------ */

/* Every φ case of the CPU kernel (its specialised loops and the generic power), with and
 * without Plummer softening. */
static const struct {
  const char *name;
  gs_rbf phi;
} rbf_kernels[] = {
    {"log r", {GS_RBF_POW_LOG, 0, 0, 0}},
    {"r^2 log r", {GS_RBF_POW_LOG, 2, 0, 0}},
    {"r^4 log r", {GS_RBF_POW_LOG, 4, 0, 0}},
    {"r", {GS_RBF_POW, 1, 0, 0}},
    {"1/r", {GS_RBF_POW, -1, 0, 0}},
    {"r^2", {GS_RBF_POW, 2, 0, 0}},
    {"r^3", {GS_RBF_POW, 3, 0, 0}},
    {"r^0", {GS_RBF_POW, 0, 0, 0}},
    {"softened r^-3", {GS_RBF_POW, -3, 0, 0.3}},
    {"softened log r", {GS_RBF_POW_LOG, 0, 0, 0.1}},
    {"softened 1/r", {GS_RBF_POW, -1, 0, 0.2}},
    {"Gaussian", {GS_RBF_GAUSS, 0, 0.7, 0}},
    {"softened Gaussian", {GS_RBF_GAUSS, 0, 0.7, 0.5}},
};

static gs_rbf rbf_phi;
static int64_t rbf_n;
static bool rbf_self;     /* the first centres are rows of x: coincident pairs, self terms */
static double rbf_offset; /* every coordinate shifted (float32 far from the origin) */

enum { RBF_N = 77, RBF_M = 131, RBF_SELF = 9 };

/* x (N, n), centres (M, n), weights (M) and an output weighting g (N), drawn on the host. */
static void rbf_inputs(gs_ctx *ctx, gs_tensor **x, gs_tensor **c, gs_tensor **w, gs_tensor **g)
{
  int64_t n = rbf_n, N = RBF_N, M = rbf_n > 100 ? 71 : RBF_M; /* fewer centres at n = 784 */
  float *xv = g_new(float, N *n), *cv = g_new(float, M *n), *wv = g_new(float, M),
        *gv = g_new(float, N);
  gs_rng r = gs_rng_new(1000 + (uint64_t) n);
  for (int64_t j = 0; j < N * n; j++) xv[j] = (float) (rbf_offset + 2 * gs_rng_uniform(&r) - 1);
  for (int64_t j = 0; j < M * n; j++) cv[j] = (float) (rbf_offset + 2 * gs_rng_uniform(&r) - 1);
  for (int64_t j = 0; j < M; j++) wv[j] = (float) (2 * gs_rng_uniform(&r) - 1);
  for (int64_t j = 0; j < N; j++) gv[j] = (float) (2 * gs_rng_uniform(&r) - 1);
  if (rbf_self) memcpy(cv, xv + 3 * n, sizeof(float) * (size_t) (RBF_SELF * n));
  *x = gs_from_data(ctx, GS_F32, 2, (int64_t[]){N, n}, xv);
  *c = gs_from_data(ctx, GS_F32, 2, (int64_t[]){M, n}, cv);
  *w = gs_from_data(ctx, GS_F32, 1, (int64_t[]){M}, wv);
  *g = gs_from_data(ctx, GS_F32, 1, (int64_t[]){N}, gv);
  g_free(xv);
  g_free(cv);
  g_free(wv);
  g_free(gv);
}

static gs_rbf rbf_scaled_phi(void)
{
  gs_rbf phi = rbf_phi; /* a Gaussian width that sees the points at any n */
  if (phi.kind == GS_RBF_GAUSS) phi.sigma *= sqrt((double) rbf_n);
  return phi;
}

/* which: 0 the values, 1 the gradient kernel itself, 2..4 ∂/∂x, ∂/∂c, ∂/∂w of Σ g_i f(x_i),
 * 5 a second-order gradient: ∂/∂x of ‖∂/∂w‖² (through the kernel sum that is ∂/∂w) */
static int rbf_which;

static gs_tensor *rbf_case(gs_ctx *ctx)
{
  gs_tensor *x, *c, *w, *g;
  rbf_inputs(ctx, &x, &c, &w, &g);
  gs_rbf phi = rbf_scaled_phi();
  if (rbf_which == 0) return gs_rbf_sum(ctx, x, c, w, &phi);
  if (rbf_which == 1) return gs_rbf_sum_grad(ctx, x, c, w, &phi);
  gs_set_requires_grad(x, true);
  gs_set_requires_grad(c, true);
  gs_set_requires_grad(w, true);
  gs_tensor *loss = gs_sum_all(ctx, gs_mul(ctx, gs_rbf_sum(ctx, x, c, w, &phi), g));
  if (rbf_which <= 4) {
    gs_tensor *in[3] = {x, c, w};
    return gs_grad(ctx, loss, NULL, 1, &in[rbf_which - 2], false)[0];
  }
  gs_tensor *gw = gs_grad(ctx, loss, NULL, 1, &w, true)[0];
  return gs_grad(ctx, gs_sum_all(ctx, gs_square(ctx, gw)), NULL, 1, &x, false)[0];
}

static void rbf_check_all(const char *dim_label)
{
  static const char *what[] = {"value", "gradient kernel",           "d/dx", "d/dc",
                               "d/dw",  "second order d/dx |d/dw|^2"};
  for (size_t k = 0; k < G_N_ELEMENTS(rbf_kernels); k++) {
    rbf_phi = rbf_kernels[k].phi;
    for (int self = 0; self < 2; self++) {
      rbf_self = self;
      for (rbf_which = 0; rbf_which < 6; rbf_which++) {
        char name[160];
        g_snprintf(name, sizeof name, "rbf %s, %s, %s: %s", rbf_kernels[k].name, dim_label,
                   self ? "self terms" : "no self terms", what[rbf_which]);
        run_case(name, rbf_case, 1e-7);
      }
    }
  }
}

static void test_rbf_sum(gconstpointer data)
{
  if (!need_vulkan()) return;
  rbf_n = GPOINTER_TO_INT(data);
  rbf_offset = 0;
  char label[32];
  g_snprintf(label, sizeof label, "n = %" PRId64, rbf_n);
  rbf_check_all(label);
}

/* n = 2 around (1000, 1000): the distances must come from coordinate differences (the GEMM
 * identity ‖x‖² + ‖c‖² − 2 x·c would leave no correct digit in float32). */
static void test_rbf_sum_far(void)
{
  if (!need_vulkan()) return;
  rbf_n = 2;
  rbf_offset = 1000;
  rbf_check_all("n = 2 at 1000");
  rbf_offset = 0;
}

/* More rows than one grid row of workgroups and no centres at all. */
static void test_rbf_sum_shapes(void)
{
  if (!need_vulkan()) return;
  gs_rbf tps = {GS_RBF_POW_LOG, 2, 0, 0};
  gs_ctx *ctxs[2] = {cctx, vctx};
  gs_tensor *out[2][2];
  for (int b = 0; b < 2; b++) {
    gs_ctx *ctx = ctxs[b];
    gs_tensor *x = U(121, -1, 1, 1, 3), *c = U(122, -1, 1, 0, 3), *w = U(123, -1, 1, 0);
    out[b][0] = gs_rbf_sum_grad(ctx, x, c, w, &tps);
    gs_tensor *xs = U(124, -2, 2, 65537 * 2 + 5, 2), *cs = U(125, -2, 2, 5, 2),
              *ws = U(126, -1, 1, 5);
    out[b][1] = gs_rbf_sum(ctx, xs, cs, ws, &tps);
  }
  float z[3] = {1, 1, 1};
  gs_read(out[1][0], z);
  for (int d = 0; d < 3; d++) g_assert_cmpfloat(z[d], ==, 0);
  compare("rbf over 131,079 rows", out[0][1], out[1][1], 1e-7);
  gs_ctx_reset(cctx);
  gs_ctx_reset(vctx);
}

/* --- optimizers ----------------------------------------------------------------------------- */

static gs_optim_kind optim_kind;

static gs_tensor *optim_steps(gs_ctx *ctx)
{
  gs_tensor *w = U(91, -1, 1, 7, 13);
  gs_params p = {0};
  gs_params_add(&p, "w", w);
  gs_optim_config c = gs_optim_config_default(optim_kind);
  c.weight_decay = 0.01;
  if (optim_kind == GS_OPTIM_SGD) {
    c.momentum = 0.9;
    c.nesterov = true;
  }
  gs_optim *o = gs_optim_new(ctx, &c, &p);
  for (int s = 0; s < 3; s++) {
    gs_tensor *g = U(92 + s, -1, 1, 7, 13);
    gs_optim_step(o, &g, c.lr);
  }
  gs_optim_free(o);
  gs_params_clear(&p);
  return w;
}

static void test_optimizers(void)
{
  if (!need_vulkan()) return;
  for (int k = 0; k < GS_OPTIM_COUNT; k++) {
    optim_kind = (gs_optim_kind) k;
    run_case(gs_optim_kind_name(optim_kind), optim_steps, 1e-7);
  }
}

/* --- a 50-step gan2d run ---------------------------------------------------------------------- */

/* The model of app/bench/gs-bench-gan.c (G and D MLPs 2→64→64→·, leaky ReLU 0.2, Adam
 * lr 1e-3, β 0.5/0.999), batch 64 here to keep the suite quick on lavapipe. */
typedef struct gan {
  gs_ctx *model, *step;
  gs_mlp *G, *D;
  gs_params gp, dp;
  gs_optim *gopt, *dopt;
  gs_rng data_rng, noise_rng;
} gan;

enum { GAN_BATCH = 64, GAN_STEPS = 50 };

static void gan_init(gan *g, gs_backend *be)
{
  memset(g, 0, sizeof *g);
  g->model = gs_ctx_new(be);
  g->step = gs_ctx_new(be);
  gs_rng root = gs_rng_new(7), init = gs_rng_fork(&root, 0);
  g->data_rng = gs_rng_fork(&root, 1);
  g->noise_rng = gs_rng_fork(&root, 2);
  gs_mlp_config mc = {.hidden = GS_ACT_LEAKY_RELU,
                      .hidden_param = 0.2,
                      .output = GS_ACT_NONE,
                      .bias = true,
                      .init = GS_INIT_UNIFORM_FANIN};
  g->G = gs_mlp_new(g->model, &init, 4, (int64_t[]){2, 64, 64, 2}, &mc);
  g->D = gs_mlp_new(g->model, &init, 4, (int64_t[]){2, 64, 64, 1}, &mc);
  gs_mlp_collect(g->G, "g.", &g->gp);
  gs_mlp_collect(g->D, "d.", &g->dp);
  gs_optim_config oc = {
      .kind = GS_OPTIM_ADAM, .lr = 1e-3, .beta1 = 0.5, .beta2 = 0.999, .eps = 1e-8};
  g->gopt = gs_optim_new(g->model, &oc, &g->gp);
  g->dopt = gs_optim_new(g->model, &oc, &g->dp);
}

static void gan_iteration(gan *g, double losses[2])
{
  gs_ctx *s = g->step;
  float centres[GAN_BATCH * 2];
  for (int i = 0; i < GAN_BATCH; i++) {
    double a = 2 * G_PI * gs_rng_below(&g->data_rng, 8) / 8.0;
    centres[2 * i] = (float) (2 * cos(a));
    centres[2 * i + 1] = (float) (2 * sin(a));
  }
  gs_tensor *x =
      gs_add(s, gs_from_data(s, GS_F32, 2, (int64_t[]){GAN_BATCH, 2}, centres),
             gs_rand_normal(s, &g->data_rng, GS_F32, 2, (int64_t[]){GAN_BATCH, 2}, 0, 0.02));
  bool was = gs_set_grad_enabled(s, false);
  gs_tensor *z = gs_rand_normal(s, &g->noise_rng, GS_F32, 2, (int64_t[]){GAN_BATCH, 2}, 0, 1);
  gs_tensor *fake = gs_mlp_forward(s, g->G, z);
  gs_set_grad_enabled(s, was);
  gs_tensor *d_loss =
      gs_add(s, gs_mean_all(s, gs_softplus(s, gs_neg(s, gs_mlp_forward(s, g->D, x)))),
             gs_mean_all(s, gs_softplus(s, gs_mlp_forward(s, g->D, fake))));
  gs_optim_step(g->dopt, gs_grad(s, d_loss, NULL, g->dp.n, g->dp.tensors, false), 1e-3);
  losses[0] = gs_item(d_loss);
  gs_ctx_reset(s);
  z = gs_rand_normal(s, &g->noise_rng, GS_F32, 2, (int64_t[]){GAN_BATCH, 2}, 0, 1);
  gs_tensor *g_loss = gs_mean_all(
      s, gs_softplus(s, gs_neg(s, gs_mlp_forward(s, g->D, gs_mlp_forward(s, g->G, z)))));
  gs_optim_step(g->gopt, gs_grad(s, g_loss, NULL, g->gp.n, g->gp.tensors, false), 1e-3);
  losses[1] = gs_item(g_loss);
  gs_ctx_reset(s);
}

static void gan_clear(gan *g)
{
  gs_optim_free(g->gopt);
  gs_optim_free(g->dopt);
  gs_params_clear(&g->gp);
  gs_params_clear(&g->dp);
  gs_ctx_free(g->step);
  gs_ctx_free(g->model);
}

static void test_gan2d(void)
{
  if (!need_vulkan()) return;
  gan a, b;
  gan_init(&a, cpu);
  gan_init(&b, vk);
  double worst = 0;
  for (int s = 0; s < GAN_STEPS; s++) {
    double la[2], lb[2];
    gan_iteration(&a, la);
    gan_iteration(&b, lb);
    for (int j = 0; j < 2; j++) {
      double rel = fabs(la[j] - lb[j]) / fmax(fabs(la[j]), 1e-3);
      worst = fmax(worst, rel);
      if (rel > 1e-3)
        g_error("gan2d step %d %s loss: cpu %.7f, vulkan %.7f", s, j ? "G" : "D", la[j], lb[j]);
    }
  }
  g_test_message("gan2d: %d steps, worst relative loss difference %.3g", GAN_STEPS, worst);
  for (int i = 0; i < a.gp.n; i++) compare(a.gp.names[i], a.gp.tensors[i], b.gp.tensors[i], 1e-7);
  for (int i = 0; i < a.dp.n; i++) compare(a.dp.names[i], a.dp.tensors[i], b.dp.tensors[i], 1e-7);
  gan_clear(&a);
  gan_clear(&b);
}

/* --- steady memory, failures ------------------------------------------------------------------ */

/* A pool limit far below what a step needs: the failure is sticky and reported, reads give
 * zeros, kernels do nothing, and nothing crashes. The limit is read when a backend is made. */
static void test_out_of_memory(void)
{
  if (!need_vulkan()) return;
  g_setenv("GANSCAPE_VK_POOL_LIMIT", "65536", TRUE);
  gs_backend_options o = {.device_index = -1, .allow_cpu_device = true};
  gs_error err = {0};
  gs_backend *small = gs_backend_new(GS_BACKEND_VULKAN, &o, &err);
  g_unsetenv("GANSCAPE_VK_POOL_LIMIT");
  g_assert_nonnull(small);
  gs_ctx *ctx = gs_ctx_new(small);
  gs_tensor *a = U(101, -1, 1, 300, 300); /* 360 KB: more than the pool */
  gs_tensor *b = gs_matmul(ctx, a, a);
  float v[4] = {1, 1, 1, 1};
  gs_read(gs_slice(ctx, gs_flatten(ctx, b), 0, 0, 4), v);
  const char *why = gs_backend_failure(small);
  g_assert_nonnull(why);
  g_test_message("failure: %s", why);
  g_assert_nonnull(strstr(why, "out of device memory"));
  for (int j = 0; j < 4; j++) g_assert_cmpfloat(v[j], ==, 0);
  gs_ctx_free(ctx);
  gs_backend_free(small);
}

/* Vulkan declines F64: the op layer refuses with a message naming the op and backend. */
static void abort_to(const char *message, void *user_data)
{
  g_strlcpy(user_data, message, 256);
  longjmp(*(jmp_buf *) ((char *) user_data + 256), 1);
}

static void test_f64_declined(void)
{
  if (!need_vulkan()) return;
  static char buf[256 + sizeof(jmp_buf)];
  gs_tensor *x = gs_new(vctx, GS_F64, 1, (int64_t[]){3});
  gs_set_abort_handler(abort_to, buf);
  if (setjmp(*(jmp_buf *) (buf + 256)) == 0) {
    gs_exp(vctx, x);
    gs_set_abort_handler(NULL, NULL);
    g_error("gs_exp on an F64 tensor ran on Vulkan");
  }
  gs_set_abort_handler(NULL, NULL);
  g_assert_nonnull(strstr(buf, "vulkan backend has no EXP kernel for F64"));
  gs_ctx_reset(vctx);
  /* what code checks before it relies on a kernel (the interpolant kind: RBF_SUM) */
  g_assert_false(gs_backend_supports_kernel(vk, "EXP", GS_F64));
  g_assert_true(gs_backend_supports_kernel(cpu, "EXP", GS_F64));
  g_assert_true(gs_backend_supports_kernel(vk, "RBF_SUM", GS_F32));
  g_assert_false(gs_backend_supports_kernel(vk, "RBF_SUM", GS_F64));
  g_assert_false(gs_backend_supports_kernel(vk, "NO_SUCH_KERNEL", GS_F32));
}

/* A training loop allocates no new device memory after its first step. */
static void test_steady_pool(void)
{
  if (!need_vulkan()) return;
  gan g;
  gan_init(&g, vk);
  double l[2];
  for (int s = 0; s < 3; s++) gan_iteration(&g, l);
  size_t reserved = gs_ctx_bytes_reserved(g.step) + gs_ctx_bytes_reserved(g.model);
  for (int s = 0; s < 5; s++) gan_iteration(&g, l);
  g_assert_cmpuint(gs_ctx_bytes_reserved(g.step) + gs_ctx_bytes_reserved(g.model), ==, reserved);
  gan_clear(&g);
}

/* With timestamps, device time is gathered per kernel kind. */
static void test_timestamps(void)
{
  if (!need_vulkan()) return;
  gs_backend_options o = {.device_index = -1, .allow_cpu_device = true, .timestamps = true};
  gs_error err = {0};
  gs_backend *timed = gs_backend_new(GS_BACKEND_VULKAN, &o, &err);
  g_assert_nonnull(timed);
  gs_ctx *ctx = gs_ctx_new(timed);
  gs_tensor *a = U(111, -1, 1, 64, 64);
  for (int i = 0; i < 3; i++) a = gs_tanh(ctx, gs_matmul(ctx, a, a));
  gs_kernel_time t[8];
  int n = gs_backend_kernel_times(timed, t, 8);
  bool saw_matmul = false;
  for (int i = 0; i < n; i++) {
    g_test_message("%s: %" G_GUINT64_FORMAT " dispatches, %.3g s", t[i].kernel, t[i].count,
                   t[i].seconds);
    if (strcmp(t[i].kernel, "MATMUL") == 0) {
      saw_matmul = true;
      g_assert_cmpuint(t[i].count, ==, 3);
      g_assert_cmpfloat(t[i].seconds, >, 0);
    }
  }
  g_assert_true(saw_matmul);
  gs_backend_kernel_times_reset(timed);
  g_assert_cmpint(gs_backend_kernel_times(timed, t, 8), ==, 0);
  /* the CPU backend records none */
  g_assert_cmpint(gs_backend_kernel_times(cpu, t, 8), ==, 0);
  gs_ctx_free(ctx);
  gs_backend_free(timed);
}

/* --- pipelines on first use ------------------------------------------------------------------ */

static int pipelines_made(const gs_backend *be)
{
  const gs_vk *impl = be->impl;
  int n = 0;
  for (int s = 0; s < VK_SH_COUNT; s++) n += impl->pipelines[s] != VK_NULL_HANDLE;
  return n;
}

/* A new backend has made no pipeline; an op makes only its own shader's. */
static void test_pipelines_on_first_use(void)
{
  if (!need_vulkan()) return;
  gs_backend_options o = {.device_index = -1, .allow_cpu_device = true};
  gs_error err = {0};
  gs_backend *be = gs_backend_new(GS_BACKEND_VULKAN, &o, &err);
  g_assert_nonnull(be);
  const gs_vk *impl = be->impl;
  g_assert_cmpint(pipelines_made(be), ==, 0);
  gs_ctx *ctx = gs_ctx_new(be);
  gs_tensor *a = U(121, -1, 1, 5, 7);
  float v[35], want[35];
  gs_read(a, want);
  gs_read(gs_add(ctx, a, a), v);
  for (int j = 0; j < 35; j++) g_assert_cmpfloat(v[j], ==, 2 * want[j]);
  g_assert_cmpint(pipelines_made(be), ==, 1);
  g_assert_true(impl->pipelines[VK_SH_BINARY] != VK_NULL_HANDLE);
  gs_read(gs_add(ctx, gs_exp(ctx, a), a), v); /* binary again: only unary is new */
  g_assert_cmpint(pipelines_made(be), ==, 2);
  g_assert_true(impl->pipelines[VK_SH_UNARY] != VK_NULL_HANDLE);
  g_assert_true(impl->pipelines[VK_SH_RBF] == VK_NULL_HANDLE);
  /* a kernel sum makes the rbf pipeline, and nothing else */
  gs_rbf tps = {GS_RBF_POW_LOG, 2, 0, 0};
  gs_read(gs_rbf_sum(ctx, U(126, -1, 1, 9, 7), a, U(127, -1, 1, 5), &tps), v);
  g_assert_cmpint(pipelines_made(be), ==, 3);
  g_assert_true(impl->pipelines[VK_SH_RBF] != VK_NULL_HANDLE);
  g_assert_null(gs_backend_failure(be));
  gs_ctx_free(ctx);
  gs_backend_free(be);
}

/* A backend used on a worker thread (its first ops make pipelines there) while another thread
 * makes and uses a second backend: both agree with the CPU. */
typedef struct {
  gs_backend *be;
  case_fn fn;
  float *out;
  int64_t n;
} thread_job;

static gpointer run_job(gpointer data)
{
  thread_job *j = data;
  gs_ctx *ctx = gs_ctx_new(j->be);
  gs_tensor *t = j->fn(ctx);
  j->n = gs_numel(t);
  j->out = read_f32(t);
  gs_ctx_free(ctx);
  return NULL;
}

static gs_tensor *job_mlp(gs_ctx *ctx)
{
  gs_tensor *x = U(122, -1, 1, 33, 9), *w = U(123, -1, 1, 9, 17);
  return gs_log_softmax(ctx, gs_tanh(ctx, gs_matmul(ctx, x, w)), 1);
}

static gs_tensor *job_conv(gs_ctx *ctx)
{
  gs_tensor *x = U(124, -1, 1, 2, 3, 9, 11), *w = U(125, -1, 1, 4, 3, 3, 3);
  return gs_sum(ctx, gs_max_pool2d(ctx, gs_conv2d(ctx, x, w, NULL, 1, 1), 2, 2, 0), 1, false);
}

static void check_job(const char *what, const thread_job *j, case_fn fn)
{
  gs_ctx *ctx = gs_ctx_new(cpu);
  gs_tensor *want = fn(ctx);
  g_assert_cmpint(gs_numel(want), ==, j->n);
  float *w = read_f32(want);
  double err = 0, ref = 0;
  for (int64_t i = 0; i < j->n; i++) {
    err += ((double) w[i] - j->out[i]) * ((double) w[i] - j->out[i]);
    ref += (double) w[i] * w[i];
  }
  if (!(err <= 1e-7 * ref)) g_error("%s: normalised MSE %.3g", what, err / ref);
  g_free(w);
  gs_ctx_free(ctx);
}

static gpointer free_backend(gpointer be)
{
  gs_backend_free(be);
  return NULL;
}

static void test_pipelines_threads(void)
{
  if (!need_vulkan()) return;
  gs_backend_options o = {.device_index = -1, .allow_cpu_device = true};
  gs_error err = {0};
  thread_job a = {.be = gs_backend_new(GS_BACKEND_VULKAN, &o, &err), .fn = job_mlp};
  g_assert_nonnull(a.be);
  GThread *worker = g_thread_new("vk-worker", run_job, &a);
  thread_job b = {.be = gs_backend_new(GS_BACKEND_VULKAN, &o, &err), .fn = job_conv};
  g_assert_nonnull(b.be);
  run_job(&b);
  g_thread_join(worker);
  g_assert_null(gs_backend_failure(a.be));
  g_assert_null(gs_backend_failure(b.be));
  check_job("worker thread", &a, job_mlp);
  check_job("main thread", &b, job_conv);
  g_free(a.out);
  g_free(b.out);
  /* freed from two threads at once: both save the pipeline cache */
  GThread *closer = g_thread_new("vk-free", free_backend, a.be);
  gs_backend_free(b.be);
  g_thread_join(closer);
}

/* The Khronos validation layer (on in the suite when installed) saw no error in the cases of
 * /vulkan itself; main() checks again after the subsuites. */
static void test_validation_clean(void)
{
  if (!need_vulkan()) return;
  g_assert_cmpuint(gs_vk_validation_errors(), ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  gs_backend_options o = {.threads = 1, .device_index = -1, .allow_cpu_device = true};
  gs_error err = {0};
  cpu = gs_backend_new(GS_BACKEND_CPU, &o, &err);
  g_assert_nonnull(cpu);
  if (gs_vulkan_available(&o, no_device, sizeof no_device)) {
    vk = gs_backend_new(GS_BACKEND_VULKAN, &o, &err);
    if (!vk) g_error("a Vulkan device is reported but cannot be opened: %s", err.msg);
    const gs_vk *impl = vk->impl;
    printf("# vulkan device: %s; memory: %s\n", gs_backend_device(vk),
           impl->uma ? "unified (mapped storage)" : "device-local with staging copies");
    if (g_strcmp0(g_getenv("GANSCAPE_VK_FORCE_STAGING"), "1") == 0) g_assert_false(impl->uma);
    vctx = gs_ctx_new(vk);
  } else {
    printf("# skipped: no Vulkan device (%s)\n", no_device);
  }
  cctx = gs_ctx_new(cpu);
  g_test_add_func("/vulkan/unary", test_unary);
  g_test_add_func("/vulkan/binary", test_binary);
  g_test_add_func("/vulkan/reduce-matmul", test_reduce_matmul);
  g_test_add_func("/vulkan/index-conv", test_index_conv);
  g_test_add_func("/vulkan/scatter/rows", test_scatter_rows);
  g_test_add_func("/vulkan/scatter/pool", test_pool_scatter);
  g_test_add_func("/vulkan/rng", test_rng);
  g_test_add_func("/vulkan/gradients", test_gradients);
  g_test_add_data_func("/vulkan/rbf-sum/n1", GINT_TO_POINTER(1), test_rbf_sum);
  g_test_add_data_func("/vulkan/rbf-sum/n2", GINT_TO_POINTER(2), test_rbf_sum);
  g_test_add_data_func("/vulkan/rbf-sum/n3", GINT_TO_POINTER(3), test_rbf_sum);
  g_test_add_data_func("/vulkan/rbf-sum/n17", GINT_TO_POINTER(17), test_rbf_sum);
  g_test_add_data_func("/vulkan/rbf-sum/n784", GINT_TO_POINTER(784), test_rbf_sum);
  g_test_add_func("/vulkan/rbf-sum/far", test_rbf_sum_far);
  g_test_add_func("/vulkan/rbf-sum/shapes", test_rbf_sum_shapes);
  g_test_add_func("/vulkan/optimizers", test_optimizers);
  g_test_add_func("/vulkan/gan2d", test_gan2d);
  g_test_add_func("/vulkan/steady-pool", test_steady_pool);
  g_test_add_func("/vulkan/f64-declined", test_f64_declined);
  g_test_add_func("/vulkan/out-of-memory", test_out_of_memory);
  g_test_add_func("/vulkan/timestamps", test_timestamps);
  g_test_add_func("/vulkan/pipelines/first-use", test_pipelines_on_first_use);
  g_test_add_func("/vulkan/pipelines/threads", test_pipelines_threads);
  g_test_add_func("/vulkan/validation-clean", test_validation_clean);
  int rc = g_test_run();
  gs_ctx_free(cctx);
  if (vctx) gs_ctx_free(vctx);
  gs_backend_free(vk);
  gs_backend_free(cpu);
  /* GLib runs a suite's own cases before its subsuites (rbf-sum, scatter, pipelines), so
   * /vulkan/validation-clean does not see those: count again once everything, teardown
   * included, has run */
  if (vk && gs_vk_validation_errors() > 0) {
    printf("Bail out! %u Vulkan validation errors (the messages are on stderr)\n",
           gs_vk_validation_errors());
    rc = 1;
  }
  return rc;
}
