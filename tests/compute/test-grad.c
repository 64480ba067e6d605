/* test-grad.c — every differentiable op's gradient against central finite differences in F64,
 * and, for the ops that can sit inside a gradient penalty, the gradient of a gradient norm
 * (second order) against finite differences of the first-order gradients.
 *
 * For a case with inputs x and op output y, L = sum(y ⊙ R) with a fixed random R;
 *  - first order:  ∂L/∂x from gs_grad vs (L(x + h e) - L(x - h e)) / 2h;
 *  - second order: P = Σ_i ‖∂L/∂x_i‖², ∂P/∂x from gs_grad(create_graph) twice vs finite
 *    differences of P computed with first-order gradients.
 * Inputs are drawn away from the kinks of piecewise ops (relu, abs, clamp, max, …), so the
 * finite differences never straddle one.
 */
#include "gs-test-util.h"

enum { MODE_ANY = 0, MODE_POS, MODE_KINK_SAFE, MODE_OFFSET_KINK_SAFE };

typedef gs_tensor *(*case_fn)(gs_ctx *ctx, gs_tensor **x);

typedef struct grad_case {
  const char *name;
  case_fn fn;
  int n;
  int ndim[3];
  int64_t shape[3][4];
  int mode[3];
  bool second; /* also the second-order check */
} grad_case;

/* --- the ops under test -------------------------------------------------------------------- */

static gs_tensor *c_add(gs_ctx *c, gs_tensor **x)
{
  return gs_add(c, x[0], x[1]);
}
static gs_tensor *c_sub(gs_ctx *c, gs_tensor **x)
{
  return gs_sub(c, x[0], x[1]);
}
static gs_tensor *c_mul(gs_ctx *c, gs_tensor **x)
{
  return gs_mul(c, x[0], x[1]);
}
static gs_tensor *c_div(gs_ctx *c, gs_tensor **x)
{
  return gs_div(c, x[0], x[1]);
}
static gs_tensor *c_pow(gs_ctx *c, gs_tensor **x)
{
  return gs_pow(c, x[0], x[1]);
}
static gs_tensor *c_minimum(gs_ctx *c, gs_tensor **x)
{
  return gs_minimum(c, x[0], x[1]);
}
static gs_tensor *c_maximum(gs_ctx *c, gs_tensor **x)
{
  return gs_maximum(c, x[0], x[1]);
}
static gs_tensor *c_where(gs_ctx *c, gs_tensor **x)
{
  /* the condition broadcasts along rows: (3, 1) */
  gs_tensor *cond = test_tensor(c, GS_F64, 2, (int64_t[]){3, 1}, (double[]){1, 0, 1});
  return gs_where(c, cond, x[0], x[1]);
}
static gs_tensor *c_mul_leaky_step(gs_ctx *c, gs_tensor **x)
{
  return gs_mul_leaky_step(c, gs_square(c, x[0]), x[1], 0.3);
}
static gs_tensor *c_add_scalar(gs_ctx *c, gs_tensor **x)
{
  return gs_add_scalar(c, x[0], 0.7);
}
static gs_tensor *c_mul_scalar(gs_ctx *c, gs_tensor **x)
{
  return gs_mul_scalar(c, x[0], -1.3);
}
static gs_tensor *c_rsub_scalar(gs_ctx *c, gs_tensor **x)
{
  return gs_rsub_scalar(c, x[0], 2.0);
}
static gs_tensor *c_pow3(gs_ctx *c, gs_tensor **x)
{
  return gs_pow_scalar(c, x[0], 3.0);
}
static gs_tensor *c_pow_half(gs_ctx *c, gs_tensor **x)
{
  return gs_pow_scalar(c, x[0], 0.5);
}
static gs_tensor *c_pow2(gs_ctx *c, gs_tensor **x)
{
  return gs_pow_scalar(c, x[0], 2.0);
}
static gs_tensor *c_pow_neg(gs_ctx *c, gs_tensor **x)
{
  return gs_pow_scalar(c, x[0], -1.5);
}
static gs_tensor *c_min_scalar(gs_ctx *c, gs_tensor **x)
{
  return gs_minimum_scalar(c, x[0], 0.5);
}
static gs_tensor *c_max_scalar(gs_ctx *c, gs_tensor **x)
{
  return gs_maximum_scalar(c, x[0], -0.5);
}
static gs_tensor *c_clamp(gs_ctx *c, gs_tensor **x)
{
  return gs_clamp(c, x[0], -0.5, 1.0);
}
static gs_tensor *c_neg(gs_ctx *c, gs_tensor **x)
{
  return gs_neg(c, x[0]);
}
static gs_tensor *c_exp(gs_ctx *c, gs_tensor **x)
{
  return gs_exp(c, x[0]);
}
static gs_tensor *c_log(gs_ctx *c, gs_tensor **x)
{
  return gs_log(c, x[0]);
}
static gs_tensor *c_sqrt(gs_ctx *c, gs_tensor **x)
{
  return gs_sqrt(c, x[0]);
}
static gs_tensor *c_square(gs_ctx *c, gs_tensor **x)
{
  return gs_square(c, x[0]);
}
static gs_tensor *c_abs(gs_ctx *c, gs_tensor **x)
{
  return gs_abs(c, x[0]);
}
static gs_tensor *c_relu(gs_ctx *c, gs_tensor **x)
{
  return gs_relu(c, x[0]);
}
static gs_tensor *c_leaky(gs_ctx *c, gs_tensor **x)
{
  return gs_leaky_relu(c, x[0], 0.2);
}
static gs_tensor *c_elu(gs_ctx *c, gs_tensor **x)
{
  return gs_elu(c, x[0], 0.8);
}
static gs_tensor *c_tanh(gs_ctx *c, gs_tensor **x)
{
  return gs_tanh(c, x[0]);
}
static gs_tensor *c_sigmoid(gs_ctx *c, gs_tensor **x)
{
  return gs_sigmoid(c, x[0]);
}
static gs_tensor *c_softplus(gs_ctx *c, gs_tensor **x)
{
  return gs_softplus(c, x[0]);
}
static gs_tensor *c_silu(gs_ctx *c, gs_tensor **x)
{
  return gs_silu(c, x[0]);
}
static gs_tensor *c_sum0(gs_ctx *c, gs_tensor **x)
{
  return gs_sum(c, x[0], 0, false);
}
static gs_tensor *c_sum1k(gs_ctx *c, gs_tensor **x)
{
  return gs_sum(c, x[0], -1, true);
}
static gs_tensor *c_mean1(gs_ctx *c, gs_tensor **x)
{
  return gs_mean(c, x[0], 1, false);
}
static gs_tensor *c_max1(gs_ctx *c, gs_tensor **x)
{
  return gs_max(c, x[0], 1, false);
}
static gs_tensor *c_max0k(gs_ctx *c, gs_tensor **x)
{
  return gs_max(c, x[0], 0, true);
}
static gs_tensor *c_sum_all(gs_ctx *c, gs_tensor **x)
{
  return gs_sum_all(c, x[0]);
}
static gs_tensor *c_mean_all(gs_ctx *c, gs_tensor **x)
{
  return gs_mean_all(c, x[0]);
}
static gs_tensor *c_matmul(gs_ctx *c, gs_tensor **x)
{
  return gs_matmul(c, x[0], x[1]);
}
static gs_tensor *c_matmul_tt(gs_ctx *c, gs_tensor **x)
{
  return gs_matmul(c, gs_t(c, x[0]), gs_t(c, x[1]));
}
static gs_tensor *c_linear(gs_ctx *c, gs_tensor **x)
{
  return gs_linear(c, x[0], x[1], x[2]);
}
static gs_tensor *c_linear_nobias(gs_ctx *c, gs_tensor **x)
{
  return gs_linear(c, x[0], x[1], NULL);
}
static gs_tensor *c_linear_leaky(gs_ctx *c, gs_tensor **x)
{
  return gs_linear_leaky_relu(c, x[0], x[1], x[2], 0.2);
}
static gs_tensor *c_linear_relu(gs_ctx *c, gs_tensor **x)
{
  return gs_linear_leaky_relu(c, x[0], x[1], x[2], 0.0);
}
static gs_tensor *c_reshape(gs_ctx *c, gs_tensor **x)
{
  return gs_square(c, gs_reshape(c, x[0], 3, (int64_t[]){2, -1, 3}));
}
static gs_tensor *c_reshape_strided(gs_ctx *c, gs_tensor **x)
{
  return gs_square(c, gs_reshape(c, gs_t(c, x[0]), 1, (int64_t[]){-1}));
}
static gs_tensor *c_permute(gs_ctx *c, gs_tensor **x)
{
  return gs_mul(c, gs_permute(c, x[0], (int[]){2, 0, 1}), gs_permute(c, x[0], (int[]){2, 0, 1}));
}
static gs_tensor *c_slice(gs_ctx *c, gs_tensor **x)
{
  return gs_square(c, gs_slice(c, x[0], 1, 1, -1));
}
static gs_tensor *c_expand(gs_ctx *c, gs_tensor **x)
{
  return gs_square(c, gs_expand(c, x[0], 3, (int64_t[]){2, 3, 4}));
}
static gs_tensor *c_concat(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *parts[3] = {x[0], gs_square(c, x[1]), x[0]};
  return gs_mul(c, gs_concat(c, 3, parts, 1), gs_concat(c, 3, parts, 1));
}
static gs_tensor *c_concat4(gs_ctx *c, gs_tensor **x)
{
  /* more inputs than a node holds inline */
  gs_tensor *parts[5] = {x[0], x[1], gs_exp(c, x[0]), x[2], x[1]};
  return gs_square(c, gs_concat(c, 5, parts, 0));
}
static gs_tensor *c_sum_to(gs_ctx *c, gs_tensor **x)
{
  return gs_square(c, gs_sum_to(c, x[0], 2, (int64_t[]){1, 4}));
}
static gs_tensor *c_contiguous(gs_ctx *c, gs_tensor **x)
{
  return gs_square(c, gs_contiguous(c, gs_transpose(c, x[0], 0, 1)));
}
static gs_tensor *index_tensor(gs_ctx *c, int n, const double *v)
{
  return test_tensor(c, GS_I32, 1, (int64_t[]){n}, v);
}
static gs_tensor *c_gather_rows(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *idx = index_tensor(c, 5, (double[]){2, 0, 2, 3, 1});
  return gs_square(c, gs_gather_rows(c, x[0], idx));
}
static gs_tensor *c_scatter_add_rows(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *idx = index_tensor(c, 4, (double[]){1, 0, 1, 4});
  return gs_square(c, gs_scatter_add_rows(c, x[0], idx, 5));
}
static gs_tensor *c_pick(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *idx = index_tensor(c, 3, (double[]){3, 0, 1});
  return gs_square(c, gs_pick(c, x[0], idx));
}
static gs_tensor *c_unpick(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *idx = index_tensor(c, 3, (double[]){2, 0, 2});
  return gs_square(c, gs_unpick(c, x[0], idx, 4));
}
static gs_tensor *c_softmax(gs_ctx *c, gs_tensor **x)
{
  return gs_softmax(c, x[0], -1);
}
static gs_tensor *c_softmax0(gs_ctx *c, gs_tensor **x)
{
  return gs_softmax(c, x[0], 0);
}
static gs_tensor *c_log_softmax(gs_ctx *c, gs_tensor **x)
{
  return gs_log_softmax(c, x[0], 1);
}
static gs_tensor *c_cross_entropy(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *labels = index_tensor(c, 3, (double[]){3, 0, 2});
  return gs_cross_entropy(c, x[0], labels);
}
static gs_tensor *c_cross_entropy_rows(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *labels = index_tensor(c, 3, (double[]){1, 1, 0});
  return gs_cross_entropy_rows(c, x[0], labels);
}
static gs_tensor *c_bce(gs_ctx *c, gs_tensor **x)
{
  return gs_bce_with_logits(c, x[0], x[1]);
}
static gs_tensor *c_instance_norm(gs_ctx *c, gs_tensor **x)
{
  return gs_instance_norm(c, x[0], 1e-5);
}
static gs_tensor *c_conv2d(gs_ctx *c, gs_tensor **x)
{
  return gs_conv2d(c, x[0], x[1], x[2], 1, 1);
}
static gs_tensor *c_conv2d_s2(gs_ctx *c, gs_tensor **x)
{
  return gs_conv2d(c, x[0], x[1], NULL, 2, 0);
}
static gs_tensor *c_conv_t(gs_ctx *c, gs_tensor **x)
{
  return gs_conv_transpose2d(c, x[0], x[1], x[2], 2, 1);
}
static gs_tensor *c_im2col(gs_ctx *c, gs_tensor **x)
{
  return gs_im2col(c, x[0], 2, 3, 1, 1);
}
static gs_tensor *c_col2im(gs_ctx *c, gs_tensor **x)
{
  return gs_col2im(c, x[0], 4, 4, 3, 3, 2, 1);
}
static gs_tensor *c_max_pool(gs_ctx *c, gs_tensor **x)
{
  return gs_max_pool2d(c, x[0], 2, 2, 0);
}
static gs_tensor *c_max_pool_pad(gs_ctx *c, gs_tensor **x)
{
  return gs_max_pool2d(c, x[0], 3, 2, 1);
}
static gs_tensor *c_avg_pool(gs_ctx *c, gs_tensor **x)
{
  return gs_avg_pool2d(c, x[0], 3, 2, 1);
}
static gs_tensor *c_avg_pool_adj(gs_ctx *c, gs_tensor **x)
{
  return gs_avg_pool2d_adjoint(c, x[0], 5, 5, 3, 2, 1);
}
static gs_tensor *c_pool_gather(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *idx =
      test_tensor(c, GS_I32, 4, (int64_t[]){1, 2, 2, 2}, (double[]){0, 3, 8, 8, 1, 2, 6, 7});
  return gs_square(c, gs_pool_gather(c, x[0], idx));
}
static gs_tensor *c_pool_scatter(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *idx =
      test_tensor(c, GS_I32, 4, (int64_t[]){1, 2, 2, 2}, (double[]){0, 3, 8, 8, 1, 2, 6, 7});
  return gs_square(c, gs_pool_scatter(c, x[0], idx, 3, 3));
}
/* a small critic, as penalties see it: leaky relu MLP with a broadcast bias */
static gs_tensor *c_mlp(gs_ctx *c, gs_tensor **x)
{
  gs_tensor *h = gs_tanh(c, gs_linear(c, x[0], x[1], x[2]));
  return gs_sum(c, gs_softplus(c, h), -1, false);
}

static const grad_case cases[] = {
    {"add", c_add, 2, {2, 1}, {{3, 4}, {4}}, {MODE_ANY, MODE_ANY}, true},
    {"add_broadcast_both", c_add, 2, {2, 2}, {{3, 1}, {1, 4}}, {MODE_ANY, MODE_ANY}, true},
    {"sub", c_sub, 2, {2, 2}, {{3, 4}, {3, 1}}, {MODE_ANY, MODE_ANY}, true},
    {"mul", c_mul, 2, {2, 0}, {{3, 4}, {0}}, {MODE_ANY, MODE_ANY}, true},
    {"div", c_div, 2, {2, 2}, {{3, 4}, {1, 4}}, {MODE_ANY, MODE_POS}, true},
    {"pow", c_pow, 2, {2, 2}, {{3, 4}, {3, 4}}, {MODE_POS, MODE_ANY}, true},
    {"minimum",
     c_minimum,
     2,
     {2, 2},
     {{3, 4}, {3, 4}},
     {MODE_KINK_SAFE, MODE_OFFSET_KINK_SAFE},
     true},
    {"maximum", c_maximum, 2, {2, 1}, {{3, 4}, {4}}, {MODE_KINK_SAFE, MODE_OFFSET_KINK_SAFE}, true},
    {"where", c_where, 2, {2, 2}, {{3, 4}, {3, 4}}, {MODE_ANY, MODE_ANY}, true},
    {"mul_leaky_step",
     c_mul_leaky_step,
     2,
     {2, 1},
     {{3, 4}, {4}},
     {MODE_ANY, MODE_KINK_SAFE},
     true},
    {"add_scalar", c_add_scalar, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"mul_scalar", c_mul_scalar, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"rsub_scalar", c_rsub_scalar, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"pow_scalar_3", c_pow3, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"pow_scalar_half", c_pow_half, 1, {2}, {{3, 4}}, {MODE_POS}, true},
    {"pow_scalar_2", c_pow2, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"pow_scalar_neg", c_pow_neg, 1, {2}, {{3, 4}}, {MODE_POS}, true},
    {"minimum_scalar", c_min_scalar, 1, {2}, {{3, 4}}, {MODE_KINK_SAFE}, true},
    {"maximum_scalar", c_max_scalar, 1, {2}, {{3, 4}}, {MODE_KINK_SAFE}, true},
    {"clamp", c_clamp, 1, {2}, {{3, 4}}, {MODE_KINK_SAFE}, true},
    {"neg", c_neg, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"exp", c_exp, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"log", c_log, 1, {2}, {{3, 4}}, {MODE_POS}, true},
    {"sqrt", c_sqrt, 1, {2}, {{3, 4}}, {MODE_POS}, true},
    {"square", c_square, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"abs", c_abs, 1, {2}, {{3, 4}}, {MODE_KINK_SAFE}, true},
    {"relu", c_relu, 1, {2}, {{3, 4}}, {MODE_KINK_SAFE}, true},
    {"leaky_relu", c_leaky, 1, {2}, {{3, 4}}, {MODE_KINK_SAFE}, true},
    {"elu", c_elu, 1, {2}, {{3, 4}}, {MODE_KINK_SAFE}, true},
    {"tanh", c_tanh, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"sigmoid", c_sigmoid, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"softplus", c_softplus, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"silu", c_silu, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"sum_axis0", c_sum0, 1, {3}, {{3, 4, 2}}, {MODE_ANY}, true},
    {"sum_last_keepdim", c_sum1k, 1, {3}, {{3, 4, 2}}, {MODE_ANY}, true},
    {"mean_axis1", c_mean1, 1, {3}, {{3, 4, 2}}, {MODE_ANY}, true},
    {"max_axis1", c_max1, 1, {3}, {{3, 4, 2}}, {MODE_KINK_SAFE}, true},
    {"max_axis0_keepdim", c_max0k, 1, {2}, {{4, 3}}, {MODE_KINK_SAFE}, true},
    {"sum_all", c_sum_all, 1, {3}, {{2, 3, 2}}, {MODE_ANY}, true},
    {"mean_all", c_mean_all, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"matmul", c_matmul, 2, {2, 2}, {{3, 4}, {4, 5}}, {MODE_ANY, MODE_ANY}, true},
    {"matmul_transposed", c_matmul_tt, 2, {2, 2}, {{4, 3}, {5, 4}}, {MODE_ANY, MODE_ANY}, true},
    {"matmul_batched", c_matmul, 2, {3, 3}, {{2, 3, 4}, {2, 4, 2}}, {MODE_ANY, MODE_ANY}, true},
    {"matmul_broadcast_a", c_matmul, 2, {2, 3}, {{3, 4}, {2, 4, 2}}, {MODE_ANY, MODE_ANY}, true},
    {"matmul_broadcast_b", c_matmul, 2, {3, 3}, {{2, 3, 4}, {1, 4, 2}}, {MODE_ANY, MODE_ANY}, true},
    {"matmul_large", c_matmul, 2, {2, 2}, {{33, 40}, {40, 34}}, {MODE_ANY, MODE_ANY}, false},
    {"linear", c_linear, 3, {2, 2, 1}, {{5, 3}, {4, 3}, {4}}, {MODE_ANY, MODE_ANY, MODE_ANY}, true},
    {"linear_leaky_relu",
     c_linear_leaky,
     3,
     {2, 2, 1},
     {{5, 3}, {4, 3}, {4}},
     {MODE_ANY, MODE_ANY, MODE_ANY},
     true},
    {"linear_relu",
     c_linear_relu,
     3,
     {2, 2, 1},
     {{5, 3}, {4, 3}, {4}},
     {MODE_ANY, MODE_ANY, MODE_ANY},
     true},
    {"linear_nobias", c_linear_nobias, 2, {2, 2}, {{5, 3}, {4, 3}}, {MODE_ANY, MODE_ANY}, true},
    {"reshape", c_reshape, 1, {2}, {{4, 3}}, {MODE_ANY}, true},
    {"reshape_strided", c_reshape_strided, 1, {2}, {{4, 3}}, {MODE_ANY}, true},
    {"permute", c_permute, 1, {3}, {{2, 3, 4}}, {MODE_ANY}, true},
    {"slice", c_slice, 1, {2}, {{3, 5}}, {MODE_ANY}, true},
    {"expand", c_expand, 1, {2}, {{3, 1}}, {MODE_ANY}, true},
    {"concat", c_concat, 2, {2, 2}, {{3, 2}, {3, 1}}, {MODE_ANY, MODE_ANY}, true},
    {"concat_many",
     c_concat4,
     3,
     {2, 2, 2},
     {{1, 3}, {2, 3}, {3, 3}},
     {MODE_ANY, MODE_ANY, MODE_ANY},
     true},
    {"sum_to", c_sum_to, 1, {3}, {{2, 3, 4}}, {MODE_ANY}, true},
    {"contiguous", c_contiguous, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"gather_rows", c_gather_rows, 1, {2}, {{4, 3}}, {MODE_ANY}, true},
    {"scatter_add_rows", c_scatter_add_rows, 1, {2}, {{4, 3}}, {MODE_ANY}, true},
    {"pick", c_pick, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"unpick", c_unpick, 1, {1}, {{3}}, {MODE_ANY}, true},
    {"softmax", c_softmax, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"softmax_axis0", c_softmax0, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"log_softmax", c_log_softmax, 1, {2}, {{3, 4}}, {MODE_ANY}, true},
    {"cross_entropy", c_cross_entropy, 1, {2}, {{3, 5}}, {MODE_ANY}, true},
    {"cross_entropy_rows", c_cross_entropy_rows, 1, {2}, {{3, 2}}, {MODE_ANY}, true},
    {"bce_with_logits", c_bce, 2, {2, 2}, {{3, 2}, {3, 2}}, {MODE_ANY, MODE_POS}, true},
    {"instance_norm", c_instance_norm, 1, {4}, {{2, 2, 3, 3}}, {MODE_ANY}, true},
    {"conv2d",
     c_conv2d,
     3,
     {4, 4, 1},
     {{2, 2, 4, 4}, {3, 2, 3, 3}, {3}},
     {MODE_ANY, MODE_ANY, MODE_ANY},
     true},
    {"conv2d_stride2",
     c_conv2d,
     2,
     {4, 4},
     {{1, 2, 5, 5}, {2, 2, 3, 3}},
     {MODE_ANY, MODE_ANY},
     true},
    {"conv2d_stride2_nobias",
     c_conv2d_s2,
     2,
     {4, 4},
     {{1, 2, 5, 5}, {2, 2, 3, 3}},
     {MODE_ANY, MODE_ANY},
     true},
    {"conv_transpose2d",
     c_conv_t,
     3,
     {4, 4, 1},
     {{2, 3, 3, 3}, {3, 2, 4, 4}, {2}},
     {MODE_ANY, MODE_ANY, MODE_ANY},
     true},
    {"im2col", c_im2col, 1, {4}, {{1, 2, 3, 4}}, {MODE_ANY}, true},
    {"col2im", c_col2im, 1, {3}, {{1, 18, 4}}, {MODE_ANY}, true},
    {"max_pool2d", c_max_pool, 1, {4}, {{2, 2, 4, 4}}, {MODE_KINK_SAFE}, true},
    {"max_pool2d_padded", c_max_pool_pad, 1, {4}, {{1, 2, 5, 5}}, {MODE_KINK_SAFE}, true},
    {"avg_pool2d", c_avg_pool, 1, {4}, {{2, 2, 5, 5}}, {MODE_ANY}, true},
    {"avg_pool2d_adjoint", c_avg_pool_adj, 1, {4}, {{1, 2, 3, 3}}, {MODE_ANY}, true},
    {"pool_gather", c_pool_gather, 1, {4}, {{1, 2, 3, 3}}, {MODE_ANY}, true},
    {"pool_scatter", c_pool_scatter, 1, {4}, {{1, 2, 2, 2}}, {MODE_ANY}, true},
    {"mlp_critic",
     c_mlp,
     3,
     {2, 2, 1},
     {{4, 2}, {5, 2}, {5}},
     {MODE_ANY, MODE_ANY, MODE_ANY},
     true},
};

/* --- the checker --------------------------------------------------------------------------- */

static double draw(gs_rng *rng, int mode)
{
  double u = gs_rng_uniform(rng);
  switch (mode) {
  case MODE_POS:
    return 0.5 + 1.5 * u;
  case MODE_KINK_SAFE:
  case MODE_OFFSET_KINK_SAFE: {
    /* centres of the half-unit cells (±0.25, ±0.75, …) ± 0.1: at least 0.15 from any multiple
     * of 0.5, where every kink of the cases lies; the offset mode sits on the multiples
     * instead, 0.05 away from the other mode's values */
    int k = (int) gs_rng_below(rng, 6) - 3;
    double centre = mode == MODE_KINK_SAFE ? (k + 0.5) * 0.5 : k * 0.5 + 0.0;
    return centre + (u - 0.5) * 0.2;
  }
  default:
    return -1.5 + 3.0 * u;
  }
}

typedef struct checker {
  const grad_case *gc;
  gs_ctx *params, *step;
  gs_tensor *x[3];
  gs_tensor *weights; /* R */
} checker;

/* L = sum(op(x) ⊙ R) */
static gs_tensor *loss(checker *k, gs_ctx *ctx)
{
  gs_tensor *y = k->gc->fn(ctx, k->x);
  if (!k->weights) {
    gs_rng rng = gs_rng_new(99);
    k->weights = gs_rand_uniform(k->params, &rng, GS_F64, y->ndim, y->shape, -1.0, 1.0);
  }
  return gs_sum_all(ctx, gs_mul(ctx, y, k->weights));
}

/* P = Σ_i ‖∂L/∂x_i‖² (with create_graph when it will be differentiated) */
static gs_tensor *grad_norm(checker *k, gs_ctx *ctx, bool create_graph)
{
  gs_tensor **g = gs_grad(ctx, loss(k, ctx), NULL, k->gc->n, k->x, create_graph);
  gs_tensor *p = NULL;
  for (int i = 0; i < k->gc->n; i++) {
    gs_tensor *s = gs_sum_all(ctx, gs_square(ctx, g[i]));
    p = p ? gs_add(ctx, p, s) : s;
  }
  return p;
}

static double objective(checker *k, int order)
{
  gs_ctx_reset(k->step);
  double v = gs_item(order == 1 ? loss(k, k->step) : grad_norm(k, k->step, false));
  gs_ctx_reset(k->step);
  return v;
}

static void check_order(checker *k, int order)
{
  const grad_case *gc = k->gc;
  gs_ctx_reset(k->step);
  gs_tensor *obj = order == 1 ? loss(k, k->step) : grad_norm(k, k->step, true);
  gs_tensor **g = gs_grad(k->step, obj, NULL, gc->n, k->x, false);
  double *analytic[3];
  for (int i = 0; i < gc->n; i++) analytic[i] = test_read_f64(g[i]);
  gs_ctx_reset(k->step);

  const double h = 1e-6;
  for (int i = 0; i < gc->n; i++) {
    gs_tensor *x = k->x[i];
    int64_t n = gs_numel(x);
    double *v = test_read_f64(x);
    for (int64_t j = 0; j < n; j++) {
      double keep = v[j];
      v[j] = keep + h;
      gs_write(x, v);
      double up = objective(k, order);
      v[j] = keep - h;
      gs_write(x, v);
      double down = objective(k, order);
      v[j] = keep;
      gs_write(x, v);
      double numeric = (up - down) / (2 * h);
      double tol = 1e-6 + 1e-5 * fabs(numeric);
      if (!(fabs(analytic[i][j] - numeric) <= tol))
        g_error("%s: order %d, input %d, element %" G_GINT64_FORMAT
                ": autodiff %.10g, finite differences %.10g",
                gc->name, order, i, j, analytic[i][j], numeric);
    }
    g_free(v);
    g_free(analytic[i]);
  }
}

static void run_case(gconstpointer data)
{
  const grad_case *gc = data;
  checker k = {.gc = gc};
  k.params = gs_ctx_new(test_be());
  k.step = gs_ctx_new(test_be());
  gs_rng rng = gs_rng_new(g_str_hash(gc->name));
  for (int i = 0; i < gc->n; i++) {
    k.x[i] = gs_new(k.params, GS_F64, gc->ndim[i], gc->shape[i]);
    int64_t n = gs_numel(k.x[i]);
    double *v = g_new(double, n ? n : 1);
    for (int64_t j = 0; j < n; j++) v[j] = draw(&rng, gc->mode[i]);
    gs_write(k.x[i], v);
    g_free(v);
    gs_set_requires_grad(k.x[i], true);
  }
  check_order(&k, 1);
  if (gc->second) check_order(&k, 2);
  gs_ctx_free(k.step);
  gs_ctx_free(k.params);
}

/* Casts through F32 round, which finite differences cannot see past: check the rule directly,
 * d/dx sum(cast(x, F32)²) = 2 float(x), back in F64, to first and second order. */
static void test_cast(void)
{
  gs_ctx *ctx = gs_ctx_new(test_be());
  double v[4] = {0.3, -1.25, 2.0, 0.7};
  gs_tensor *x = test_tensor(ctx, GS_F64, 1, (int64_t[]){4}, v);
  gs_set_requires_grad(x, true);
  gs_tensor *y = gs_cast(ctx, x, GS_F32);
  g_assert_cmpint(y->dtype, ==, GS_F32);
  g_assert_true(gs_cast(ctx, x, GS_F64) == x);
  gs_tensor *l = gs_sum_all(ctx, gs_square(ctx, y));
  gs_tensor *g = gs_grad(ctx, l, NULL, 1, &x, true)[0];
  g_assert_cmpint(g->dtype, ==, GS_F64);
  double want[4], want2[4];
  for (int i = 0; i < 4; i++) {
    want[i] = 2.0 * (float) v[i];
    want2[i] = 2.0 * want[i] * 2.0; /* d/dx sum(g²) = 2 g · dg/dx = 2 g · 2 */
  }
  test_assert_close("cast gradient", g, want, 1e-6, 1e-6);
  gs_tensor *g2 = gs_grad(ctx, gs_sum_all(ctx, gs_square(ctx, g)), NULL, 1, &x, false)[0];
  test_assert_close("cast second order", g2, want2, 1e-5, 1e-6);
  gs_ctx_free(ctx);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/grad/cast", test_cast);
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *path = g_strdup_printf("/grad/%s", cases[i].name);
    g_test_add_data_func(path, &cases[i], run_case);
    g_free(path);
  }
  int rc = g_test_run();
  gs_backend_free(test_backend);
  return rc;
}
