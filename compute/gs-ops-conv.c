/* gs-ops-conv.c — convolution (im2col + GEMM), its transpose, and pooling, all NCHW. */
#include "gs-compute-impl.h"

static int64_t conv_out(int64_t in, int k, int stride, int pad)
{
  return (in + 2 * pad - k) / stride + 1;
}

static void check_geometry(const char *op, const gs_tensor *x, int kh, int kw, int stride, int pad)
{
  char s1[64];
  GS_ASSERT(x->ndim == 4, "%s: needs x (N, C, H, W), got %s", op, gs_shape_str(x, s1, sizeof s1));
  GS_ASSERT(kh >= 1 && kw >= 1 && stride >= 1 && pad >= 0,
            "%s: kernel %dx%d, stride %d, padding %d: need kernel and stride >= 1, padding >= 0",
            op, kh, kw, stride, pad);
  GS_ASSERT(x->shape[2] + 2 * pad >= kh && x->shape[3] + 2 * pad >= kw,
            "%s: kernel %dx%d does not fit %s with padding %d", op, kh, kw,
            gs_shape_str(x, s1, sizeof s1), pad);
}

/* --- im2col and its adjoint ---------------------------------------------------------------- */

static void im2col_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                            gs_tensor **gin)
{
  const gs_tensor *x = n->in[0];
  gin[0] = gs_col2im(ctx, g, x->shape[2], x->shape[3], (int) n->i[0], (int) n->i[1], (int) n->i[2],
                     (int) n->i[3]);
}
static const gs_op_def im2col_def = {"im2col", im2col_backward};

gs_tensor *gs_im2col(gs_ctx *ctx, gs_tensor *x, int kh, int kw, int stride, int pad)
{
  gs_check_float("gs_im2col", x);
  check_geometry("gs_im2col", x, kh, kw, stride, pad);
  gs_tensor *src = gs_contiguous(ctx, x);
  int64_t N = x->shape[0], C = x->shape[1];
  int64_t OH = conv_out(x->shape[2], kh, stride, pad), OW = conv_out(x->shape[3], kw, stride, pad);
  gs_tensor *out = gs_new(ctx, x->dtype, 3, (int64_t[]){N, C * kh * kw, OH * OW});
  gs_exec(ctx,
          &(gs_kernel){.op = GS_K_IM2COL, .dst = out, .src = {src}, .i = {kh, kw, stride, pad}},
          "gs_im2col");
  gs_node *n = gs_record(ctx, &im2col_def, out, 1, &src);
  if (n) {
    n->i[0] = kh;
    n->i[1] = kw;
    n->i[2] = stride;
    n->i[3] = pad;
  }
  return out;
}

static void col2im_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                            gs_tensor **gin)
{
  gin[0] = gs_im2col(ctx, g, (int) n->i[0], (int) n->i[1], (int) n->i[2], (int) n->i[3]);
}
static const gs_op_def col2im_def = {"col2im", col2im_backward};

gs_tensor *gs_col2im(gs_ctx *ctx, gs_tensor *cols, int64_t H, int64_t W, int kh, int kw, int stride,
                     int pad)
{
  const char *name = "gs_col2im";
  char s1[64];
  gs_check_float(name, cols);
  GS_ASSERT(kh >= 1 && kw >= 1 && stride >= 1 && pad >= 0 && H + 2 * pad >= kh && W + 2 * pad >= kw,
            "%s: kernel %dx%d, stride %d, padding %d do not fit a %lldx%lld image", name, kh, kw,
            stride, pad, (long long) H, (long long) W);
  int64_t OH = conv_out(H, kh, stride, pad), OW = conv_out(W, kw, stride, pad);
  if (cols->ndim != 3 || cols->shape[1] % (kh * kw) != 0 || cols->shape[2] != OH * OW)
    gs_abortf("%s: cols %s do not fit kernel %dx%d over a %lldx%lld image (need (N, C*%d, %lld))",
              name, gs_shape_str(cols, s1, sizeof s1), kh, kw, (long long) H, (long long) W,
              kh * kw, (long long) (OH * OW));
  gs_tensor *src = gs_contiguous(ctx, cols);
  int64_t N = cols->shape[0], C = cols->shape[1] / (kh * kw);
  gs_tensor *out = gs_new(ctx, cols->dtype, 4, (int64_t[]){N, C, H, W});
  gs_exec(ctx,
          &(gs_kernel){.op = GS_K_COL2IM, .dst = out, .src = {src}, .i = {kh, kw, stride, pad}},
          name);
  gs_node *n = gs_record(ctx, &col2im_def, out, 1, &src);
  if (n) {
    n->i[0] = kh;
    n->i[1] = kw;
    n->i[2] = stride;
    n->i[3] = pad;
  }
  return out;
}

/* --- convolution --------------------------------------------------------------------------- */

static gs_tensor *add_channel_bias(gs_ctx *ctx, gs_tensor *y, gs_tensor *b, const char *op)
{
  if (!b) return y;
  char s1[64], s2[64];
  if (b->ndim != 1 || b->shape[0] != y->shape[1])
    gs_abortf("%s: bias %s does not match %lld output channels of %s", op,
              gs_shape_str(b, s1, sizeof s1), (long long) y->shape[1],
              gs_shape_str(y, s2, sizeof s2));
  return gs_add(ctx, y, gs_reshape(ctx, b, 3, (int64_t[]){b->shape[0], 1, 1}));
}

gs_tensor *gs_conv2d(gs_ctx *ctx, gs_tensor *x, gs_tensor *w, gs_tensor *b, int stride, int pad)
{
  const char *name = "gs_conv2d";
  char s1[64], s2[64];
  if (x->ndim != 4 || w->ndim != 4 || x->shape[1] != w->shape[1])
    gs_abortf("%s: x %s and weight %s: need x (N, C, H, W) and weight (O, C, kh, kw)", name,
              gs_shape_str(x, s1, sizeof s1), gs_shape_str(w, s2, sizeof s2));
  int kh = (int) w->shape[2], kw = (int) w->shape[3];
  check_geometry(name, x, kh, kw, stride, pad);
  int64_t N = x->shape[0], O = w->shape[0], C = w->shape[1];
  int64_t OH = conv_out(x->shape[2], kh, stride, pad), OW = conv_out(x->shape[3], kw, stride, pad);
  gs_tensor *cols = gs_im2col(ctx, x, kh, kw, stride, pad);           // (N, C*kh*kw, L)
  gs_tensor *w2 = gs_reshape(ctx, w, 2, (int64_t[]){O, C * kh * kw}); // (O, C*kh*kw)
  gs_tensor *y = gs_matmul(ctx, w2, cols);                            // (N, O, L)
  y = gs_reshape(ctx, y, 4, (int64_t[]){N, O, OH, OW});
  return add_channel_bias(ctx, y, b, name);
}

gs_tensor *gs_conv_transpose2d(gs_ctx *ctx, gs_tensor *x, gs_tensor *w, gs_tensor *b, int stride,
                               int pad)
{
  const char *name = "gs_conv_transpose2d";
  char s1[64], s2[64];
  if (x->ndim != 4 || w->ndim != 4 || x->shape[1] != w->shape[0])
    gs_abortf("%s: x %s and weight %s: need x (N, C, H, W) and weight (C, O, kh, kw)", name,
              gs_shape_str(x, s1, sizeof s1), gs_shape_str(w, s2, sizeof s2));
  int kh = (int) w->shape[2], kw = (int) w->shape[3];
  GS_ASSERT(kh >= 1 && kw >= 1 && stride >= 1 && pad >= 0,
            "%s: kernel %dx%d, stride %d, padding %d: need kernel and stride >= 1, padding >= 0",
            name, kh, kw, stride, pad);
  int64_t N = x->shape[0], C = x->shape[1], H = x->shape[2], W = x->shape[3], O = w->shape[1];
  int64_t OH = (H - 1) * stride - 2 * pad + kh, OW = (W - 1) * stride - 2 * pad + kw;
  GS_ASSERT(OH >= 1 && OW >= 1, "%s: padding %d leaves no output for %s with kernel %dx%d", name,
            pad, gs_shape_str(x, s1, sizeof s1), kh, kw);
  gs_tensor *w2 = gs_reshape(ctx, w, 2, (int64_t[]){C, O * kh * kw}); // (C, O*kh*kw)
  gs_tensor *xf = gs_reshape(ctx, x, 3, (int64_t[]){N, C, H * W});    // (N, C, H*W)
  gs_tensor *cols = gs_matmul(ctx, gs_t(ctx, w2), xf);                // (N, O*kh*kw, H*W)
  gs_tensor *y = gs_col2im(ctx, cols, OH, OW, kh, kw, stride, pad);   // (N, O, OH, OW)
  return add_channel_bias(ctx, y, b, name);
}

/* --- max pooling --------------------------------------------------------------------------- */

static void max_pool_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                              gs_tensor **gin)
{
  gin[0] = gs_pool_scatter(ctx, g, n->saved, n->in[0]->shape[2], n->in[0]->shape[3]);
}
static const gs_op_def max_pool_def = {"max_pool2d", max_pool_backward};

gs_tensor *gs_max_pool2d(gs_ctx *ctx, gs_tensor *x, int kernel, int stride, int pad)
{
  const char *name = "gs_max_pool2d";
  gs_check_float(name, x);
  check_geometry(name, x, kernel, kernel, stride, pad);
  GS_ASSERT(2 * pad <= kernel, "%s: padding %d is more than half the kernel %d", name, pad, kernel);
  gs_tensor *src = gs_contiguous(ctx, x);
  int64_t sh[4] = {x->shape[0], x->shape[1], conv_out(x->shape[2], kernel, stride, pad),
                   conv_out(x->shape[3], kernel, stride, pad)};
  gs_tensor *out = gs_new(ctx, x->dtype, 4, sh);
  gs_tensor *idx = gs_new(ctx, GS_I32, 4, sh);
  gs_exec(
      ctx,
      &(gs_kernel){
          .op = GS_K_MAX_POOL, .dst = out, .dst2 = idx, .src = {src}, .i = {kernel, stride, pad}},
      name);
  gs_node *n = gs_record(ctx, &max_pool_def, out, 1, &src);
  if (n) n->saved = idx;
  return out;
}

static void pool_scatter_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                  gs_tensor **gin)
{
  gin[0] = gs_pool_gather(ctx, g, n->saved);
}
static const gs_op_def pool_scatter_def = {"pool_scatter", pool_scatter_backward};

static void check_pool_indices(const char *op, const gs_tensor *g, const gs_tensor *idx)
{
  char s1[64], s2[64];
  if (g->ndim != 4 || idx->dtype != GS_I32 || idx->ndim != 4 || idx->shape[0] != g->shape[0] ||
      idx->shape[1] != g->shape[1])
    gs_abortf("%s: g %s and indices %s %s: need (N, C, ·, ·) and I32 (N, C, OH, OW)", op,
              gs_shape_str(g, s1, sizeof s1), gs_dtype_name(idx->dtype),
              gs_shape_str(idx, s2, sizeof s2));
}

gs_tensor *gs_pool_scatter(gs_ctx *ctx, gs_tensor *g, gs_tensor *idx, int64_t H, int64_t W)
{
  const char *name = "gs_pool_scatter";
  gs_check_float(name, g);
  check_pool_indices(name, g, idx);
  char s1[64], s2[64];
  if (!gs_same_shape(g, idx))
    gs_abortf("%s: g %s and indices %s differ", name, gs_shape_str(g, s1, sizeof s1),
              gs_shape_str(idx, s2, sizeof s2));
  gs_tensor *src = gs_contiguous(ctx, g);
  idx = gs_contiguous(ctx, idx);
  gs_tensor *out = gs_new(ctx, g->dtype, 4, (int64_t[]){g->shape[0], g->shape[1], H, W});
  gs_exec(ctx, &(gs_kernel){.op = GS_K_POOL_SCATTER, .dst = out, .src = {src, idx}}, name);
  gs_node *n = gs_record(ctx, &pool_scatter_def, out, 1, &src);
  if (n) n->saved = idx;
  return out;
}

static void pool_gather_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                 gs_tensor **gin)
{
  gin[0] = gs_pool_scatter(ctx, g, n->saved, n->in[0]->shape[2], n->in[0]->shape[3]);
}
static const gs_op_def pool_gather_def = {"pool_gather", pool_gather_backward};

gs_tensor *gs_pool_gather(gs_ctx *ctx, gs_tensor *g, gs_tensor *idx)
{
  const char *name = "gs_pool_gather";
  gs_check_float(name, g);
  check_pool_indices(name, g, idx);
  gs_tensor *src = gs_contiguous(ctx, g);
  idx = gs_contiguous(ctx, idx);
  gs_tensor *out = gs_new(ctx, g->dtype, 4, idx->shape);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_POOL_GATHER, .dst = out, .src = {src, idx}}, name);
  gs_node *n = gs_record(ctx, &pool_gather_def, out, 1, &src);
  if (n) n->saved = idx;
  return out;
}

/* --- average pooling ----------------------------------------------------------------------- */

static void avg_pool_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                              gs_tensor **gin)
{
  gin[0] = gs_avg_pool2d_adjoint(ctx, g, n->in[0]->shape[2], n->in[0]->shape[3], (int) n->i[0],
                                 (int) n->i[1], (int) n->i[2]);
}
static const gs_op_def avg_pool_def = {"avg_pool2d", avg_pool_backward};

gs_tensor *gs_avg_pool2d(gs_ctx *ctx, gs_tensor *x, int kernel, int stride, int pad)
{
  const char *name = "gs_avg_pool2d";
  gs_check_float(name, x);
  check_geometry(name, x, kernel, kernel, stride, pad);
  gs_tensor *src = gs_contiguous(ctx, x);
  int64_t sh[4] = {x->shape[0], x->shape[1], conv_out(x->shape[2], kernel, stride, pad),
                   conv_out(x->shape[3], kernel, stride, pad)};
  gs_tensor *out = gs_new(ctx, x->dtype, 4, sh);
  gs_exec(ctx,
          &(gs_kernel){.op = GS_K_AVG_POOL, .dst = out, .src = {src}, .i = {kernel, stride, pad}},
          name);
  gs_node *n = gs_record(ctx, &avg_pool_def, out, 1, &src);
  if (n) {
    n->i[0] = kernel;
    n->i[1] = stride;
    n->i[2] = pad;
  }
  return out;
}

static void avg_pool_adj_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                  gs_tensor **gin)
{
  gin[0] = gs_avg_pool2d(ctx, g, (int) n->i[0], (int) n->i[1], (int) n->i[2]);
}
static const gs_op_def avg_pool_adj_def = {"avg_pool2d_adjoint", avg_pool_adj_backward};

gs_tensor *gs_avg_pool2d_adjoint(gs_ctx *ctx, gs_tensor *g, int64_t H, int64_t W, int kernel,
                                 int stride, int pad)
{
  const char *name = "gs_avg_pool2d_adjoint";
  char s1[64];
  gs_check_float(name, g);
  GS_ASSERT(kernel >= 1 && stride >= 1 && pad >= 0 && H + 2 * pad >= kernel &&
                W + 2 * pad >= kernel,
            "%s: kernel %d, stride %d, padding %d do not fit a %lldx%lld image", name, kernel,
            stride, pad, (long long) H, (long long) W);
  if (g->ndim != 4 || g->shape[2] != conv_out(H, kernel, stride, pad) ||
      g->shape[3] != conv_out(W, kernel, stride, pad))
    gs_abortf("%s: g %s is not the pooled shape of a %lldx%lld image", name,
              gs_shape_str(g, s1, sizeof s1), (long long) H, (long long) W);
  gs_tensor *src = gs_contiguous(ctx, g);
  gs_tensor *out = gs_new(ctx, g->dtype, 4, (int64_t[]){g->shape[0], g->shape[1], H, W});
  gs_exec(
      ctx,
      &(gs_kernel){.op = GS_K_AVG_POOL_ADJ, .dst = out, .src = {src}, .i = {kernel, stride, pad}},
      name);
  gs_node *n = gs_record(ctx, &avg_pool_adj_def, out, 1, &src);
  if (n) {
    n->i[0] = kernel;
    n->i[1] = stride;
    n->i[2] = pad;
  }
  return out;
}
