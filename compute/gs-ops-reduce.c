/* gs-ops-reduce.c — reductions, matrix products, indexing, softmax, losses and normalisation. */
#include <string.h>

#include "gs-compute-impl.h"

/* --- reductions ---------------------------------------------------------------------------- */

static void keepdim_shape(const gs_tensor *a, int axis, int64_t *out)
{
  memcpy(out, a->shape, sizeof a->shape);
  out[axis] = 1;
}

static gs_tensor *drop_axis(gs_ctx *ctx, gs_tensor *t, int axis)
{
  int64_t sh[GS_MAX_DIMS];
  int nd = 0;
  for (int d = 0; d < t->ndim; d++)
    if (d != axis) sh[nd++] = t->shape[d];
  return gs_reshape(ctx, t, nd, sh);
}

static void sum_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_expand(ctx, g, n->in[0]->ndim, n->in[0]->shape);
}
static const gs_op_def sum_def = {"sum", sum_backward};

gs_tensor *gs_sum(gs_ctx *ctx, gs_tensor *a, int axis, bool keepdim)
{
  gs_check_float("gs_sum", a);
  int ax = gs_axis("gs_sum", a, axis);
  int64_t sh[GS_MAX_DIMS];
  keepdim_shape(a, ax, sh);
  gs_tensor *out = gs_new(ctx, a->dtype, a->ndim, sh);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_SUM, .dst = out, .src = {a}, .i = {ax}}, "gs_sum");
  gs_record(ctx, &sum_def, out, 1, &a);
  return keepdim ? out : drop_axis(ctx, out, ax);
}

gs_tensor *gs_mean(gs_ctx *ctx, gs_tensor *a, int axis, bool keepdim)
{
  int ax = gs_axis("gs_mean", a, axis);
  int64_t n = a->shape[ax];
  return gs_mul_scalar(ctx, gs_sum(ctx, a, ax, keepdim), n ? 1.0 / (double) n : 0.0);
}

/* The gradient is shared equally among the elements equal to the maximum. */
static void max_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gs_tensor *a = n->in[0];
  int ax = (int) n->i[0];
  gs_tensor *mask = gs_eq(ctx, a, gs_expand(ctx, gs_detach(ctx, n->out), a->ndim, a->shape));
  gs_tensor *count = gs_sum(ctx, mask, ax, true);
  gin[0] = gs_mul(ctx, gs_expand(ctx, gs_div(ctx, g, count), a->ndim, a->shape), mask);
}
static const gs_op_def max_def = {"max", max_backward};

gs_tensor *gs_max(gs_ctx *ctx, gs_tensor *a, int axis, bool keepdim)
{
  gs_check_float("gs_max", a);
  int ax = gs_axis("gs_max", a, axis);
  GS_ASSERT(a->shape[ax] > 0, "gs_max: axis %d is empty", axis);
  int64_t sh[GS_MAX_DIMS];
  keepdim_shape(a, ax, sh);
  gs_tensor *out = gs_new(ctx, a->dtype, a->ndim, sh);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_MAX, .dst = out, .src = {a}, .i = {ax}}, "gs_max");
  gs_node *node = gs_record(ctx, &max_def, out, 1, &a);
  if (node) node->i[0] = ax;
  return keepdim ? out : drop_axis(ctx, out, ax);
}

gs_tensor *gs_sum_all(gs_ctx *ctx, gs_tensor *a)
{
  gs_tensor *s = gs_sum(ctx, gs_flatten(ctx, a), 0, true);
  return gs_reshape(ctx, s, 0, NULL);
}

gs_tensor *gs_mean_all(gs_ctx *ctx, gs_tensor *a)
{
  int64_t n = gs_numel(a);
  return gs_mul_scalar(ctx, gs_sum_all(ctx, a), n ? 1.0 / (double) n : 0.0);
}

/* --- linear algebra ------------------------------------------------------------------------ */

/* A matmul source must run with stride 1 along one of its two matrix axes. */
static gs_tensor *gemm_operand(gs_ctx *ctx, gs_tensor *a)
{
  int nd = a->ndim;
  bool rows = a->stride[nd - 1] == 1 || a->shape[nd - 1] == 1;
  bool cols = a->stride[nd - 2] == 1 || a->shape[nd - 2] == 1;
  return rows || cols ? a : gs_contiguous(ctx, a);
}

static void matmul_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                            gs_tensor **gin)
{
  gs_tensor *a = n->in[0], *b = n->in[1];
  if (need[0]) {
    gs_tensor *ga = gs_matmul(ctx, g, gs_t(ctx, b));
    gin[0] = gs_same_shape(ga, a) ? ga : gs_sum_to(ctx, ga, a->ndim, a->shape);
  }
  if (need[1]) {
    gs_tensor *gb = gs_matmul(ctx, gs_t(ctx, a), g);
    gin[1] = gs_same_shape(gb, b) ? gb : gs_sum_to(ctx, gb, b->ndim, b->shape);
  }
}
static const gs_op_def matmul_def = {"matmul", matmul_backward};

gs_tensor *gs_matmul(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  const char *name = "gs_matmul";
  char s1[64], s2[64];
  gs_check_float(name, a);
  gs_check_same_dtype(name, a, b);
  gs_check_same_backend(name, ctx, a);
  gs_check_same_backend(name, ctx, b);
  bool dims_ok = (a->ndim == 2 || a->ndim == 3) && (b->ndim == 2 || b->ndim == 3);
  if (!dims_ok)
    gs_abortf("%s: %s @ %s: operands must be 2-D or 3-D", name, gs_shape_str(a, s1, sizeof s1),
              gs_shape_str(b, s2, sizeof s2));
  int64_t M = a->shape[a->ndim - 2], K = a->shape[a->ndim - 1];
  int64_t K2 = b->shape[b->ndim - 2], N = b->shape[b->ndim - 1];
  if (K != K2)
    gs_abortf("%s: %s @ %s: inner dimensions differ", name, gs_shape_str(a, s1, sizeof s1),
              gs_shape_str(b, s2, sizeof s2));
  int64_t Ba = a->ndim == 3 ? a->shape[0] : 1, Bb = b->ndim == 3 ? b->shape[0] : 1;
  if (Ba != Bb && Ba != 1 && Bb != 1)
    gs_abortf("%s: %s @ %s: batch sizes differ", name, gs_shape_str(a, s1, sizeof s1),
              gs_shape_str(b, s2, sizeof s2));
  a = gemm_operand(ctx, a);
  b = gemm_operand(ctx, b);
  gs_tensor *out;
  if (a->ndim == 2 && b->ndim == 2)
    out = gs_new(ctx, a->dtype, 2, (int64_t[]){M, N});
  else
    out = gs_new(ctx, a->dtype, 3, (int64_t[]){Ba > Bb ? Ba : Bb, M, N});
  gs_exec(ctx, &(gs_kernel){.op = GS_K_MATMUL, .dst = out, .src = {a, b}}, name);
  gs_record(ctx, &matmul_def, out, 2, (gs_tensor *[]){a, b});
  return out;
}

gs_tensor *gs_linear(gs_ctx *ctx, gs_tensor *x, gs_tensor *w, gs_tensor *b)
{
  char s1[64], s2[64];
  if (x->ndim != 2 || w->ndim != 2 || x->shape[1] != w->shape[1])
    gs_abortf("gs_linear: x %s and weight %s: need x (N, in) and weight (out, in)",
              gs_shape_str(x, s1, sizeof s1), gs_shape_str(w, s2, sizeof s2));
  if (b && (b->ndim != 1 || b->shape[0] != w->shape[0]))
    gs_abortf("gs_linear: bias %s does not match weight %s", gs_shape_str(b, s1, sizeof s1),
              gs_shape_str(w, s2, sizeof s2));
  gs_tensor *y = gs_matmul(ctx, x, gs_t(ctx, w)); /* fresh; matmul's rule reads only inputs */
  return b ? gs_add_into_fresh(ctx, y, b, "gs_linear") : y;
}

/* The activation's derivative comes from the output, whose sign is the input's (slope >= 0),
 * so the pre-activation product is never kept. */
static void linear_leaky_relu_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                       gs_tensor **gin)
{
  gs_tensor *gpre = gs_mul_leaky_step(ctx, g, n->out, n->f[0]); // (N, out)
  if (need[0]) gin[0] = gs_matmul(ctx, gpre, n->in[1]);
  if (need[1]) gin[1] = gs_matmul(ctx, gs_t(ctx, gpre), n->in[0]);
  if (need[2]) gin[2] = gs_sum(ctx, gpre, 0, false);
}
static const gs_op_def linear_leaky_relu_def = {"linear_leaky_relu", linear_leaky_relu_backward};

gs_tensor *gs_linear_leaky_relu(gs_ctx *ctx, gs_tensor *x, gs_tensor *w, gs_tensor *b, double slope)
{
  const char *name = "gs_linear_leaky_relu";
  char s1[64], s2[64];
  GS_ASSERT(slope >= 0, "%s: slope %g is negative", name, slope);
  if (!b) return gs_leaky_relu(ctx, gs_linear(ctx, x, w, NULL), slope);
  if (x->ndim != 2 || w->ndim != 2 || x->shape[1] != w->shape[1])
    gs_abortf("%s: x %s and weight %s: need x (N, in) and weight (out, in)", name,
              gs_shape_str(x, s1, sizeof s1), gs_shape_str(w, s2, sizeof s2));
  if (b->ndim != 1 || b->shape[0] != w->shape[0])
    gs_abortf("%s: bias %s does not match weight %s", name, gs_shape_str(b, s1, sizeof s1),
              gs_shape_str(w, s2, sizeof s2));
  gs_check_same_dtype(name, x, b);
  bool was = gs_set_grad_enabled(ctx, false); /* the node below stands for all of it */
  gs_tensor *y = gs_matmul(ctx, x, gs_t(ctx, w));
  gs_tensor *eb = gs_expand(ctx, b, 2, y->shape);
  gs_set_grad_enabled(ctx, was);
  gs_tensor *out = gs_view_of(ctx, y, 2, y->shape, y->stride, y->offset);
  gs_backend *be = ctx->be;
  if (be->vt->supports(be, GS_K_ADD_LEAKY_RELU, y->dtype)) {
    gs_exec(ctx, &(gs_kernel){.op = GS_K_ADD_LEAKY_RELU, .dst = out, .src = {y, eb}, .f = {slope}},
            name);
  } else {
    gs_exec(ctx, &(gs_kernel){.op = GS_K_ADD, .dst = out, .src = {y, eb}}, name);
    gs_exec(ctx, &(gs_kernel){.op = GS_K_LEAKY_RELU, .dst = out, .src = {out}, .f = {slope}}, name);
  }
  gs_node *n = gs_record(ctx, &linear_leaky_relu_def, out, 3, (gs_tensor *[]){x, w, b});
  if (n) n->f[0] = slope;
  return out;
}

/* --- indexing ------------------------------------------------------------------------------ */

static void check_index(const char *op, const gs_tensor *idx, int64_t n)
{
  char s1[64];
  GS_ASSERT(idx->dtype == GS_I32 && idx->ndim == 1, "%s: indices must be I32 (N), got %s %s", op,
            gs_dtype_name(idx->dtype), gs_shape_str(idx, s1, sizeof s1));
  GS_ASSERT(idx->shape[0] == n, "%s: %lld indices for %lld rows", op, (long long) idx->shape[0],
            (long long) n);
}

/* The indices are validated on the host when it can read them (CPU); a device backend
 * trusts the op layer's callers, whose indices come from validated data. */
static void check_index_range(const char *op, gs_ctx *ctx, const gs_tensor *idx, int64_t limit)
{
  gs_backend *be = ctx->be;
  if (be->failure[0] || !be->vt->buffer_host(be, idx->storage->buffer)) return;
  const int32_t *p = gs_host_ptr(idx);
  for (int64_t j = 0; j < idx->shape[0]; j++)
    GS_ASSERT(p[j] >= 0 && p[j] < limit, "%s: index %d at position %lld is outside [0, %lld)", op,
              p[j], (long long) j, (long long) limit);
}

static gs_tensor *as_rows(gs_ctx *ctx, gs_tensor *a)
{
  if (a->ndim == 2) return a;
  int64_t sh[2] = {a->shape[0], a->ndim ? gs_numel(a) / (a->shape[0] ? a->shape[0] : 1) : 1};
  return gs_reshape(ctx, a, 2, sh);
}

static void gather_rows_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                 gs_tensor **gin)
{
  gs_tensor *a = n->in[0];
  gs_tensor *s = gs_scatter_add_rows(ctx, as_rows(ctx, g), n->saved, a->shape[0]);
  gin[0] = gs_reshape(ctx, s, a->ndim, a->shape);
}
static const gs_op_def gather_rows_def = {"gather_rows", gather_rows_backward};

gs_tensor *gs_gather_rows(gs_ctx *ctx, gs_tensor *a, gs_tensor *idx)
{
  GS_ASSERT(a->ndim >= 1, "gs_gather_rows: needs at least one dimension");
  check_index("gs_gather_rows", idx, idx->shape[0]);
  idx = gs_contiguous(ctx, idx);
  check_index_range("gs_gather_rows", ctx, idx, a->shape[0]);
  gs_tensor *rows = as_rows(ctx, a);
  int64_t sh[GS_MAX_DIMS];
  memcpy(sh, a->shape, sizeof sh);
  sh[0] = idx->shape[0];
  gs_tensor *out = gs_new(ctx, a->dtype, a->ndim, sh);
  gs_tensor *out2 = as_rows(ctx, out);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_GATHER_ROWS, .dst = out2, .src = {rows, idx}},
          "gs_gather_rows");
  gs_node *n = a->dtype != GS_I32 ? gs_record(ctx, &gather_rows_def, out, 1, &a) : NULL;
  if (n) n->saved = idx;
  return out;
}

static void scatter_add_rows_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                      gs_tensor **gin)
{
  gin[0] = gs_gather_rows(ctx, g, n->saved);
}
static const gs_op_def scatter_add_rows_def = {"scatter_add_rows", scatter_add_rows_backward};

gs_tensor *gs_scatter_add_rows(gs_ctx *ctx, gs_tensor *g, gs_tensor *idx, int64_t nrows)
{
  gs_check_float("gs_scatter_add_rows", g);
  char s1[64];
  GS_ASSERT(g->ndim == 2, "gs_scatter_add_rows: needs g (N, D), got %s",
            gs_shape_str(g, s1, sizeof s1));
  check_index("gs_scatter_add_rows", idx, g->shape[0]);
  idx = gs_contiguous(ctx, idx);
  check_index_range("gs_scatter_add_rows", ctx, idx, nrows);
  gs_tensor *out = gs_new(ctx, g->dtype, 2, (int64_t[]){nrows, g->shape[1]});
  gs_exec(ctx, &(gs_kernel){.op = GS_K_SCATTER_ADD_ROWS, .dst = out, .src = {g, idx}},
          "gs_scatter_add_rows");
  gs_node *n = gs_record(ctx, &scatter_add_rows_def, out, 1, &g);
  if (n) n->saved = idx;
  return out;
}

static void pick_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_unpick(ctx, g, n->saved, n->in[0]->shape[1]);
}
static const gs_op_def pick_def = {"pick", pick_backward};

gs_tensor *gs_pick(gs_ctx *ctx, gs_tensor *a, gs_tensor *idx)
{
  gs_check_float("gs_pick", a);
  char s1[64];
  GS_ASSERT(a->ndim == 2, "gs_pick: needs a (N, C), got %s", gs_shape_str(a, s1, sizeof s1));
  check_index("gs_pick", idx, a->shape[0]);
  idx = gs_contiguous(ctx, idx);
  check_index_range("gs_pick", ctx, idx, a->shape[1]);
  gs_tensor *out = gs_new(ctx, a->dtype, 1, a->shape);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_PICK, .dst = out, .src = {a, idx}}, "gs_pick");
  gs_node *n = gs_record(ctx, &pick_def, out, 1, &a);
  if (n) n->saved = idx;
  return out;
}

static void unpick_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                            gs_tensor **gin)
{
  gin[0] = gs_pick(ctx, g, n->saved);
}
static const gs_op_def unpick_def = {"unpick", unpick_backward};

gs_tensor *gs_unpick(gs_ctx *ctx, gs_tensor *g, gs_tensor *idx, int64_t ncols)
{
  gs_check_float("gs_unpick", g);
  char s1[64];
  GS_ASSERT(g->ndim == 1, "gs_unpick: needs g (N), got %s", gs_shape_str(g, s1, sizeof s1));
  check_index("gs_unpick", idx, g->shape[0]);
  idx = gs_contiguous(ctx, idx);
  check_index_range("gs_unpick", ctx, idx, ncols);
  gs_tensor *out = gs_new(ctx, g->dtype, 2, (int64_t[]){g->shape[0], ncols});
  gs_exec(ctx, &(gs_kernel){.op = GS_K_UNPICK, .dst = out, .src = {g, idx}}, "gs_unpick");
  gs_node *n = gs_record(ctx, &unpick_def, out, 1, &g);
  if (n) n->saved = idx;
  return out;
}

/* --- softmax and losses -------------------------------------------------------------------- */

/* Run a last-axis kernel over any axis by moving that axis last. */
static gs_tensor *along_last(gs_ctx *ctx, gs_tensor *a, int axis,
                             gs_tensor *(*fn)(gs_ctx *, gs_tensor *) )
{
  int last = a->ndim - 1;
  if (axis == last) return fn(ctx, a);
  return gs_transpose(ctx, fn(ctx, gs_transpose(ctx, a, axis, last)), axis, last);
}

/* softmax' : out (g - sum(g out)) */
static void softmax_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                             gs_tensor **gin)
{
  gs_tensor *y = n->out;
  gs_tensor *s = gs_sum(ctx, gs_mul(ctx, g, y), -1, true);
  gin[0] = gs_mul(ctx, y, gs_sub(ctx, g, s));
}
static const gs_op_def softmax_def = {"softmax", softmax_backward};

static gs_tensor *softmax_last(gs_ctx *ctx, gs_tensor *a)
{
  gs_tensor *src = gs_contiguous(ctx, a);
  gs_tensor *out = gs_new_like(ctx, src);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_SOFTMAX, .dst = out, .src = {src}}, "gs_softmax");
  gs_record(ctx, &softmax_def, out, 1, &src);
  return out;
}

gs_tensor *gs_softmax(gs_ctx *ctx, gs_tensor *a, int axis)
{
  gs_check_float("gs_softmax", a);
  return along_last(ctx, a, gs_axis("gs_softmax", a, axis), softmax_last);
}

/* log_softmax' : g - softmax sum(g) */
static void log_softmax_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                 gs_tensor **gin)
{
  gs_tensor *p = gs_exp(ctx, n->out);
  gin[0] = gs_sub(ctx, g, gs_mul(ctx, p, gs_sum(ctx, g, -1, true)));
}
static const gs_op_def log_softmax_def = {"log_softmax", log_softmax_backward};

static gs_tensor *log_softmax_last(gs_ctx *ctx, gs_tensor *a)
{
  gs_tensor *src = gs_contiguous(ctx, a);
  gs_tensor *out = gs_new_like(ctx, src);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_LOG_SOFTMAX, .dst = out, .src = {src}}, "gs_log_softmax");
  gs_record(ctx, &log_softmax_def, out, 1, &src);
  return out;
}

gs_tensor *gs_log_softmax(gs_ctx *ctx, gs_tensor *a, int axis)
{
  gs_check_float("gs_log_softmax", a);
  return along_last(ctx, a, gs_axis("gs_log_softmax", a, axis), log_softmax_last);
}

gs_tensor *gs_cross_entropy_rows(gs_ctx *ctx, gs_tensor *logits, gs_tensor *labels)
{
  char s1[64], s2[64];
  if (logits->ndim != 2 || labels->ndim != 1 || labels->shape[0] != logits->shape[0])
    gs_abortf("gs_cross_entropy: logits %s and labels %s: need (N, C) and (N)",
              gs_shape_str(logits, s1, sizeof s1), gs_shape_str(labels, s2, sizeof s2));
  return gs_neg(ctx, gs_pick(ctx, gs_log_softmax(ctx, logits, -1), labels));
}

gs_tensor *gs_cross_entropy(gs_ctx *ctx, gs_tensor *logits, gs_tensor *labels)
{
  return gs_mean_all(ctx, gs_cross_entropy_rows(ctx, logits, labels));
}

/* -[t log σ(x) + (1-t) log(1-σ(x))] = softplus(x) - t x, with no overflow for large |x|. */
gs_tensor *gs_bce_with_logits(gs_ctx *ctx, gs_tensor *logits, gs_tensor *targets)
{
  char s1[64], s2[64];
  if (!gs_same_shape(logits, targets))
    gs_abortf("gs_bce_with_logits: logits %s and targets %s differ",
              gs_shape_str(logits, s1, sizeof s1), gs_shape_str(targets, s2, sizeof s2));
  return gs_mean_all(ctx, gs_sub(ctx, gs_softplus(ctx, logits), gs_mul(ctx, targets, logits)));
}

gs_tensor *gs_instance_norm(gs_ctx *ctx, gs_tensor *x, double eps)
{
  char s1[64];
  GS_ASSERT(x->ndim == 4, "gs_instance_norm: needs x (N, C, H, W), got %s",
            gs_shape_str(x, s1, sizeof s1));
  gs_tensor *flat =
      gs_reshape(ctx, x, 3, (int64_t[]){x->shape[0], x->shape[1], x->shape[2] * x->shape[3]});
  gs_tensor *centred = gs_sub(ctx, flat, gs_mean(ctx, flat, -1, true));
  gs_tensor *var = gs_mean(ctx, gs_square(ctx, centred), -1, true);
  gs_tensor *y = gs_div(ctx, centred, gs_sqrt(ctx, gs_add_scalar(ctx, var, eps)));
  return gs_reshape(ctx, y, 4, x->shape);
}
