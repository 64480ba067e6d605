/* gs-ops.h — the differentiable ops.
 *
 * Every op takes the context that receives its result first, allocates its output there, runs
 * one or more backend kernels, and — when gradients are enabled in that context and an input
 * requires them — records a node on the context's tape. Every backward rule is itself written
 * with these ops, so a gradient can be differentiated again (see gs-autodiff.h).
 *
 *     gs_tensor *h = gs_leaky_relu(ctx, gs_linear(ctx, x, w1, b1), 0.2);   // (N, 64)
 *     gs_tensor *logit = gs_linear(ctx, h, w2, b2);                        // (N, 1)
 *     gs_tensor *loss = gs_mean_all(ctx, gs_softplus(ctx, gs_neg(ctx, logit)));
 *
 * Conventions:
 *  - Binary ops broadcast numpy-style (shapes aligned on the right; size-1 dimensions stretch).
 *    Their gradients are summed back to each input's shape (gs_sum_to).
 *  - Axes may be negative (-1 is the last).
 *  - Outputs are fresh contiguous tensors, except the views (reshape of a contiguous tensor,
 *    transpose, permute, slice, expand, detach), which share storage and copy nothing.
 *  - Comparisons and masks (gs_gt, gs_step, gs_sign, …) have zero gradient.
 *  - Inputs may live in any context on the same backend (parameters usually live in a context
 *    that is never reset); outputs live in ctx.
 *  - Shape, dtype or axis errors abort through the handler of gs-tensor.h with the op's name
 *    and the shapes involved.
 */
#ifndef GS_OPS_H
#define GS_OPS_H

#include "gs-tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gs_rng gs_rng;

/* --- views and shape ----------------------------------------------------------------------- */

/* A view when a is contiguous, otherwise a contiguous copy. One entry of shape may be -1. */
gs_tensor *gs_reshape(gs_ctx *ctx, gs_tensor *a, int ndim, const int64_t *shape);
gs_tensor *gs_flatten(gs_ctx *ctx, gs_tensor *a); /* to 1-D */
gs_tensor *gs_transpose(gs_ctx *ctx, gs_tensor *a, int axis0, int axis1);
gs_tensor *gs_t(gs_ctx *ctx, gs_tensor *a); /* transpose of the last two axes */
gs_tensor *gs_permute(gs_ctx *ctx, gs_tensor *a, const int *perm);
/* Elements start..stop-1 along axis (negative indices count from the end). */
gs_tensor *gs_slice(gs_ctx *ctx, gs_tensor *a, int axis, int64_t start, int64_t stop);
/* Broadcast view with stride 0 on stretched dimensions. */
gs_tensor *gs_expand(gs_ctx *ctx, gs_tensor *a, int ndim, const int64_t *shape);
gs_tensor *gs_contiguous(gs_ctx *ctx, gs_tensor *a); /* a itself when already contiguous */
gs_tensor *gs_detach(gs_ctx *ctx, gs_tensor *a);     /* same data, no gradient */
gs_tensor *gs_cast(gs_ctx *ctx, gs_tensor *a, gs_dtype dtype);
gs_tensor *gs_concat(gs_ctx *ctx, int n, gs_tensor *const *ts, int axis);
/* Sum a over the dimensions that broadcasting stretched, giving the target shape. */
gs_tensor *gs_sum_to(gs_ctx *ctx, gs_tensor *a, int ndim, const int64_t *shape);

/* --- elementwise, broadcasting ------------------------------------------------------------- */

gs_tensor *gs_add(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
gs_tensor *gs_sub(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
gs_tensor *gs_mul(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
gs_tensor *gs_div(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
gs_tensor *gs_pow(gs_ctx *ctx, gs_tensor *a, gs_tensor *b); /* a > 0 where b is not an integer */
gs_tensor *gs_minimum(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
gs_tensor *gs_maximum(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
/* cond != 0 ? a : b; no gradient to cond. */
gs_tensor *gs_where(gs_ctx *ctx, gs_tensor *cond, gs_tensor *a, gs_tensor *b);

/* Comparisons: 1 where true, 0 elsewhere, in the dtype of a; zero gradient. */
gs_tensor *gs_gt(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
gs_tensor *gs_ge(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
gs_tensor *gs_eq(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);

/* --- with a scalar ------------------------------------------------------------------------- */

gs_tensor *gs_add_scalar(gs_ctx *ctx, gs_tensor *a, double s);
gs_tensor *gs_mul_scalar(gs_ctx *ctx, gs_tensor *a, double s);
gs_tensor *gs_rsub_scalar(gs_ctx *ctx, gs_tensor *a, double s); /* s - a */
gs_tensor *gs_pow_scalar(gs_ctx *ctx, gs_tensor *a, double p);
gs_tensor *gs_minimum_scalar(gs_ctx *ctx, gs_tensor *a, double s);
gs_tensor *gs_maximum_scalar(gs_ctx *ctx, gs_tensor *a, double s);
gs_tensor *gs_clamp(gs_ctx *ctx, gs_tensor *a, double lo, double hi);
/* a > threshold ? 1 : 0; zero gradient. gs_step(ctx, a, 0) is the Heaviside step. */
gs_tensor *gs_step(gs_ctx *ctx, gs_tensor *a, double threshold);
/* a > 0 ? 1 : slope (the derivative of leaky relu); zero gradient. */
gs_tensor *gs_leaky_step(gs_ctx *ctx, gs_tensor *a, double slope);
/* g * gs_leaky_step(x, slope) in one pass: the backward of relu (slope 0) and leaky relu.
 * Differentiable in g (its gradient is gs_mul_leaky_step(gg, x, slope)); zero gradient to x. */
gs_tensor *gs_mul_leaky_step(gs_ctx *ctx, gs_tensor *g, gs_tensor *x, double slope);
/* lo <= a <= hi ? 1 : 0 (the derivative of clamp); zero gradient. */
gs_tensor *gs_clamp_mask(gs_ctx *ctx, gs_tensor *a, double lo, double hi);

/* --- unary --------------------------------------------------------------------------------- */

gs_tensor *gs_neg(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_exp(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_log(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_sqrt(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_square(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_abs(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_sign(gs_ctx *ctx, gs_tensor *a); /* zero gradient */
gs_tensor *gs_relu(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_leaky_relu(gs_ctx *ctx, gs_tensor *a, double slope);
gs_tensor *gs_elu(gs_ctx *ctx, gs_tensor *a, double alpha);
gs_tensor *gs_tanh(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_sigmoid(gs_ctx *ctx, gs_tensor *a);
gs_tensor *gs_softplus(gs_ctx *ctx, gs_tensor *a); /* log(1 + e^a), stable for large |a| */
gs_tensor *gs_silu(gs_ctx *ctx, gs_tensor *a);

/* --- reductions ---------------------------------------------------------------------------- */

gs_tensor *gs_sum(gs_ctx *ctx, gs_tensor *a, int axis, bool keepdim);
gs_tensor *gs_mean(gs_ctx *ctx, gs_tensor *a, int axis, bool keepdim);
/* Gradient goes to the maximal elements, shared equally among ties. */
gs_tensor *gs_max(gs_ctx *ctx, gs_tensor *a, int axis, bool keepdim);
gs_tensor *gs_sum_all(gs_ctx *ctx, gs_tensor *a);  /* scalar */
gs_tensor *gs_mean_all(gs_ctx *ctx, gs_tensor *a); /* scalar */

/* --- linear algebra ------------------------------------------------------------------------ */

/* (M, K) @ (K, N) -> (M, N), or batched (B, M, K) @ (B, K, N) -> (B, M, N) where either batch
 * may be 1 (broadcast). Transposed views (gs_t) are used as they are, without a copy. */
gs_tensor *gs_matmul(gs_ctx *ctx, gs_tensor *a, gs_tensor *b);
/* x (N, in) @ wᵀ with w (out, in), plus b (out) when b is not NULL -> (N, out). */
gs_tensor *gs_linear(gs_ctx *ctx, gs_tensor *x, gs_tensor *w, gs_tensor *b);
/* gs_leaky_relu(gs_linear(x, w, b), slope) with slope >= 0 (0: relu), the bias and activation
 * applied in one pass over the product: the same values and gradients, one node. */
gs_tensor *gs_linear_leaky_relu(gs_ctx *ctx, gs_tensor *x, gs_tensor *w, gs_tensor *b,
                                double slope);

/* --- indexing ------------------------------------------------------------------------------ */

/* out[i, ...] = a[idx[i], ...]; idx is I32 (N). */
gs_tensor *gs_gather_rows(gs_ctx *ctx, gs_tensor *a, gs_tensor *idx);
/* out[i] = a[i, idx[i]] for a (N, C), idx I32 (N). */
gs_tensor *gs_pick(gs_ctx *ctx, gs_tensor *a, gs_tensor *idx);
/* The adjoints, which the backward rules of the two above are made of (and differentiable in
 * turn): out (nrows, D) = sum of the rows g[i] with idx[i] = r; out (N, ncols) = zeros with
 * out[i, idx[i]] = g[i]. Indices out of range abort naming the op. */
gs_tensor *gs_scatter_add_rows(gs_ctx *ctx, gs_tensor *g, gs_tensor *idx, int64_t nrows);
gs_tensor *gs_unpick(gs_ctx *ctx, gs_tensor *g, gs_tensor *idx, int64_t ncols);

/* --- losses and normalisation -------------------------------------------------------------- */

gs_tensor *gs_softmax(gs_ctx *ctx, gs_tensor *a, int axis);
gs_tensor *gs_log_softmax(gs_ctx *ctx, gs_tensor *a, int axis);
/* Mean over rows of -log softmax(logits)[label]; logits (N, C), labels I32 (N). */
gs_tensor *gs_cross_entropy(gs_ctx *ctx, gs_tensor *logits, gs_tensor *labels);
/* Per-row cross-entropy (N), for per-example losses. */
gs_tensor *gs_cross_entropy_rows(gs_ctx *ctx, gs_tensor *logits, gs_tensor *labels);
/* Mean binary cross-entropy of sigmoid(logits) against targets in [0, 1], computed stably. */
gs_tensor *gs_bce_with_logits(gs_ctx *ctx, gs_tensor *logits, gs_tensor *targets);
/* Each (n, c) plane of x (N, C, H, W) to zero mean and unit variance (biased), no affine. */
gs_tensor *gs_instance_norm(gs_ctx *ctx, gs_tensor *x, double eps);

/* --- convolution and pooling (NCHW) -------------------------------------------------------- */

/* x (N, C, H, W), w (O, C, kh, kw), b (O) or NULL -> (N, O, OH, OW) by im2col + GEMM. */
gs_tensor *gs_conv2d(gs_ctx *ctx, gs_tensor *x, gs_tensor *w, gs_tensor *b, int stride, int pad);
/* The adjoint of gs_conv2d in x: x (N, C, H, W), w (C, O, kh, kw) -> (N, O, OH, OW) with
 * OH = (H - 1) * stride - 2 * pad + kh. */
gs_tensor *gs_conv_transpose2d(gs_ctx *ctx, gs_tensor *x, gs_tensor *w, gs_tensor *b, int stride,
                               int pad);
gs_tensor *gs_max_pool2d(gs_ctx *ctx, gs_tensor *x, int kernel, int stride, int pad);
/* Padding counts as zeros in the average (PyTorch's count_include_pad = true). */
gs_tensor *gs_avg_pool2d(gs_ctx *ctx, gs_tensor *x, int kernel, int stride, int pad);

/* The pieces the ops above and their backward rules are made of; each is differentiable, its
 * gradient being the other of its pair.
 * x (N, C, H, W) -> (N, C*kh*kw, OH*OW), rows (c*kh + y)*kw + x, zeros outside the image. */
gs_tensor *gs_im2col(gs_ctx *ctx, gs_tensor *x, int kh, int kw, int stride, int pad);
/* The adjoint: (N, C*kh*kw, OH*OW) -> (N, C, H, W), summing overlaps. */
gs_tensor *gs_col2im(gs_ctx *ctx, gs_tensor *cols, int64_t H, int64_t W, int kh, int kw, int stride,
                     int pad);
/* g (N, C, OH, OW) placed at the max-pool argmax idx (I32, y*W + x in each plane) of an
 * (N, C, H, W) image, and the reverse gather. */
gs_tensor *gs_pool_scatter(gs_ctx *ctx, gs_tensor *g, gs_tensor *idx, int64_t H, int64_t W);
gs_tensor *gs_pool_gather(gs_ctx *ctx, gs_tensor *g, gs_tensor *idx);
/* The adjoint of gs_avg_pool2d: (N, C, OH, OW) -> (N, C, H, W). */
gs_tensor *gs_avg_pool2d_adjoint(gs_ctx *ctx, gs_tensor *g, int64_t H, int64_t W, int kernel,
                                 int stride, int pad);

/* --- radial-basis kernel sums ------------------------------------------------------------- */

/* φ(r) of a kernel sum. POW: r^k (any real k; r^0 = 1); POW_LOG: r^k log r (the polyharmonic
 * kernels of even dimension); GAUSS: exp(−r² / 2σ²). eps > 0 softens r to √(r² + ε²) (the
 * Plummer form). */
typedef enum gs_rbf_kind { GS_RBF_POW = 0, GS_RBF_POW_LOG = 1, GS_RBF_GAUSS = 2 } gs_rbf_kind;

typedef struct gs_rbf {
  gs_rbf_kind kind;
  double k;     /* POW, POW_LOG */
  double sigma; /* GAUSS */
  double eps;   /* Plummer softening, 0 for none */
} gs_rbf;

/* out (N) with out[i] = Σ_j w[j] φ(‖x_i − c_j‖) for x (N, n), centres c (M, n), weights w (M),
 * fused: memory O(N + M), no (N, M) matrix. A term whose (softened) r is 0 contributes φ's
 * limit at 0 where that is finite (r^k, k > 0: 0; r^0 and Gaussians: 1) and nothing where it is
 * not (log r, negative powers): the self term of a point that is also a centre is excluded.
 * Differentiable in x, c and w (the gradients are kernel sums themselves); the gradient in x
 * is gs_rbf_sum_grad, whose own gradient is not implemented (first order only). */
gs_tensor *gs_rbf_sum(gs_ctx *ctx, gs_tensor *x, gs_tensor *c, gs_tensor *w, const gs_rbf *phi);
/* ∇ₓ of gs_rbf_sum: out (N, n), out[i] = Σ_j w[j] ψ(r_ij) (x_i − c_j), ψ = φ'(r)/r; 0 for
 * coincident pairs. Not differentiable again (asking for it aborts with a message). */
gs_tensor *gs_rbf_sum_grad(gs_ctx *ctx, gs_tensor *x, gs_tensor *c, gs_tensor *w,
                           const gs_rbf *phi);

/* --- random tensors (see gs-rng.h for the stream; not differentiable) ---------------------- */

gs_tensor *gs_rand_uniform(gs_ctx *ctx, gs_rng *rng, gs_dtype dtype, int ndim, const int64_t *shape,
                           double lo, double hi);
gs_tensor *gs_rand_normal(gs_ctx *ctx, gs_rng *rng, gs_dtype dtype, int ndim, const int64_t *shape,
                          double mean, double std);

/* --- in place, never recorded (optimizers, data loading, weight clipping) ------------------ */

void gs_copy_(gs_tensor *dst, const gs_tensor *src); /* same shape; any strides and dtypes */
void gs_fill_(gs_tensor *dst, double value);
void gs_clamp_(gs_tensor *dst, double lo, double hi);
/* Refill a contiguous tensor from the stream, exactly as gs_rand_uniform / gs_rand_normal would
 * make it (initializers, noise buffers reused across steps). */
void gs_rand_uniform_(gs_tensor *dst, gs_rng *rng, double lo, double hi);
void gs_rand_normal_(gs_tensor *dst, gs_rng *rng, double mean, double std);

#ifdef __cplusplus
}
#endif

#endif /* GS_OPS_H */
