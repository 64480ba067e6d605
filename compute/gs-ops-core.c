/* gs-ops-core.c — the op layer's plumbing (kernel dispatch, recording, checks) and the ops that
 * move or reshape data: views, copies, casts, concat, sum_to, random fills, in-place writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-compute-impl.h"
#include "gs-rng.h"

/* --- plumbing ------------------------------------------------------------------------------ */

gs_tensor *gs_view_of(gs_ctx *ctx, const gs_tensor *base, int ndim, const int64_t *shape,
                      const int64_t *stride, int64_t offset)
{
  gs_tensor *t = gs_tensor_record(ctx, base->dtype, ndim, shape);
  for (int d = 0; d < GS_MAX_DIMS; d++) t->stride[d] = d < ndim ? stride[d] : 1;
  t->offset = offset;
  t->storage = base->storage;
  return t;
}

void gs_exec(gs_ctx *ctx, const gs_kernel *k, const char *op_name)
{
  gs_backend *be = ctx->be;
  if (be->failure[0]) return; /* sticky failure: the step runs out without work */
  if (!be->vt->supports(be, k->op, k->dst->dtype))
    gs_abortf("%s: the %s backend has no %s kernel for %s", op_name, be->name, gs_kop_name(k->op),
              gs_dtype_name(k->dst->dtype));
  if (gs_numel(k->dst) == 0) return;
  be->vt->exec(be, k);
}

gs_node *gs_record(gs_ctx *ctx, const gs_op_def *def, gs_tensor *out, int n_in,
                   gs_tensor *const *in)
{
  if (!ctx->grad_enabled) return NULL;
  bool any = false;
  for (int i = 0; i < n_in; i++)
    if (in[i] && gs_requires_grad(in[i])) any = true;
  if (!any) return NULL;
  gs_node *n = gs_ctx_host_alloc(ctx, sizeof *n);
  memset(n, 0, sizeof *n);
  n->def = def;
  n->out = out;
  n->n_in = n_in;
  n->in = n_in <= GS_NODE_MAX_INLINE ? n->in_inline
                                     : gs_ctx_host_alloc(ctx, (size_t) n_in * sizeof *n->in);
  for (int i = 0; i < n_in; i++) n->in[i] = in[i];
  out->node = n;
  if (ctx->tape_len == ctx->tape_cap) {
    size_t cap = ctx->tape_cap ? ctx->tape_cap * 2 : 256;
    gs_node **tape = realloc(ctx->tape, cap * sizeof *tape);
    GS_ASSERT(tape, "%s: out of host memory for the tape", def->name);
    ctx->tape = tape;
    ctx->tape_cap = cap;
  }
  ctx->tape[ctx->tape_len++] = n;
  return n;
}

void gs_check_float(const char *op, const gs_tensor *a)
{
  GS_ASSERT(a->dtype == GS_F32 || a->dtype == GS_F64, "%s: needs F32 or F64, got %s", op,
            gs_dtype_name(a->dtype));
}

void gs_check_same_dtype(const char *op, const gs_tensor *a, const gs_tensor *b)
{
  GS_ASSERT(a->dtype == b->dtype, "%s: dtypes differ (%s and %s)", op, gs_dtype_name(a->dtype),
            gs_dtype_name(b->dtype));
}

void gs_check_same_backend(const char *op, gs_ctx *ctx, const gs_tensor *a)
{
  GS_ASSERT(a->storage->backend == ctx->be,
            "%s: a tensor lives on the %s backend, the context on %s", op,
            a->storage->backend->name, ctx->be->name);
}

int gs_broadcast_shape(const char *op, const gs_tensor *a, const gs_tensor *b, int64_t *out)
{
  int nd = a->ndim > b->ndim ? a->ndim : b->ndim;
  for (int d = 0; d < nd; d++) {
    int da = d - (nd - a->ndim), db = d - (nd - b->ndim);
    int64_t sa = da >= 0 ? a->shape[da] : 1, sb = db >= 0 ? b->shape[db] : 1;
    if (sa != sb && sa != 1 && sb != 1) {
      char s1[64], s2[64];
      gs_abortf("%s: shapes %s and %s do not broadcast", op, gs_shape_str(a, s1, sizeof s1),
                gs_shape_str(b, s2, sizeof s2));
    }
    out[d] = sa == 1 ? sb : sa;
  }
  return nd;
}

/* --- views --------------------------------------------------------------------------------- */

static void reshape_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                             gs_tensor **gin)
{
  gin[0] = gs_reshape(ctx, g, n->in[0]->ndim, n->in[0]->shape);
}
static const gs_op_def reshape_def = {"reshape", reshape_backward};

gs_tensor *gs_reshape(gs_ctx *ctx, gs_tensor *a, int ndim, const int64_t *shape)
{
  GS_ASSERT(ndim >= 0 && ndim <= GS_MAX_DIMS, "gs_reshape: %d dimensions (at most %d)", ndim,
            GS_MAX_DIMS);
  int64_t sh[GS_MAX_DIMS], known = 1;
  int infer = -1;
  for (int d = 0; d < ndim; d++) {
    sh[d] = shape[d];
    if (sh[d] == -1) {
      GS_ASSERT(infer < 0, "gs_reshape: more than one -1 in the new shape");
      infer = d;
    } else {
      GS_ASSERT(sh[d] >= 0, "gs_reshape: negative size %lld", (long long) sh[d]);
      known *= sh[d];
    }
  }
  int64_t n = gs_numel(a);
  if (infer >= 0) sh[infer] = known ? n / known : 0;
  int64_t total = 1;
  for (int d = 0; d < ndim; d++) total *= sh[d];
  if (total != n || (infer >= 0 && known && n % known)) {
    char s1[64], s2[64] = "(";
    for (int d = 0; d < ndim; d++)
      snprintf(s2 + strlen(s2), sizeof s2 - strlen(s2), d ? ", %lld" : "%lld",
               (long long) shape[d]);
    strncat(s2, ")", sizeof s2 - strlen(s2) - 1);
    gs_abortf("gs_reshape: %s to %s: element counts differ", gs_shape_str(a, s1, sizeof s1), s2);
  }
  gs_tensor *src = gs_contiguous(ctx, a);
  int64_t st[GS_MAX_DIMS], s = 1;
  for (int d = ndim - 1; d >= 0; d--) {
    st[d] = s;
    s *= sh[d];
  }
  gs_tensor *out = gs_view_of(ctx, src, ndim, sh, st, src->offset);
  gs_record(ctx, &reshape_def, out, 1, &src);
  return out;
}

gs_tensor *gs_flatten(gs_ctx *ctx, gs_tensor *a)
{
  int64_t n = gs_numel(a);
  return gs_reshape(ctx, a, 1, &n);
}

static void permute_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                             gs_tensor **gin)
{
  int inv[GS_MAX_DIMS];
  for (int d = 0; d < g->ndim; d++) inv[n->i[d]] = d;
  gin[0] = gs_permute(ctx, g, inv);
}
static const gs_op_def permute_def = {"permute", permute_backward};

gs_tensor *gs_permute(gs_ctx *ctx, gs_tensor *a, const int *perm)
{
  int64_t sh[GS_MAX_DIMS], st[GS_MAX_DIMS];
  bool seen[GS_MAX_DIMS] = {false};
  for (int d = 0; d < a->ndim; d++) {
    int p = perm[d];
    if (p < 0 || p >= a->ndim || seen[p]) {
      char s1[64];
      gs_abortf("gs_permute: entry %d (%d) is not a permutation of the axes of %s", d, p,
                gs_shape_str(a, s1, sizeof s1));
    }
    seen[p] = true;
    sh[d] = a->shape[p];
    st[d] = a->stride[p];
  }
  gs_tensor *out = gs_view_of(ctx, a, a->ndim, sh, st, a->offset);
  gs_node *n = gs_record(ctx, &permute_def, out, 1, &a);
  if (n)
    for (int d = 0; d < a->ndim; d++) n->i[d] = perm[d];
  return out;
}

gs_tensor *gs_transpose(gs_ctx *ctx, gs_tensor *a, int axis0, int axis1)
{
  int a0 = gs_axis("gs_transpose", a, axis0), a1 = gs_axis("gs_transpose", a, axis1);
  int perm[GS_MAX_DIMS];
  for (int d = 0; d < a->ndim; d++) perm[d] = d;
  perm[a0] = a1;
  perm[a1] = a0;
  return gs_permute(ctx, a, perm);
}

gs_tensor *gs_t(gs_ctx *ctx, gs_tensor *a)
{
  GS_ASSERT(a->ndim >= 2, "gs_t: needs at least 2 dimensions, got %d", a->ndim);
  return gs_transpose(ctx, a, -2, -1);
}

/* The adjoint of a slice puts g back between zeros. */
static void slice_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gs_tensor *a = n->in[0];
  int axis = (int) n->i[0];
  int64_t start = n->i[1], stop = n->i[2];
  gs_tensor *parts[3];
  int np = 0;
  int64_t sh[GS_MAX_DIMS];
  memcpy(sh, a->shape, sizeof sh);
  if (start > 0) {
    sh[axis] = start;
    parts[np++] = gs_zeros(ctx, g->dtype, a->ndim, sh);
  }
  parts[np++] = g;
  if (stop < a->shape[axis]) {
    sh[axis] = a->shape[axis] - stop;
    parts[np++] = gs_zeros(ctx, g->dtype, a->ndim, sh);
  }
  gin[0] = np == 1 ? g : gs_concat(ctx, np, parts, axis);
}
static const gs_op_def slice_def = {"slice", slice_backward};

gs_tensor *gs_slice(gs_ctx *ctx, gs_tensor *a, int axis, int64_t start, int64_t stop)
{
  int ax = gs_axis("gs_slice", a, axis);
  int64_t size = a->shape[ax];
  int64_t s = start < 0 ? start + size : start, e = stop < 0 ? stop + size : stop;
  if (s < 0 || e > size || s > e) {
    char s1[64];
    gs_abortf("gs_slice: [%lld, %lld) is out of range for axis %d of %s", (long long) start,
              (long long) stop, axis, gs_shape_str(a, s1, sizeof s1));
  }
  int64_t sh[GS_MAX_DIMS];
  memcpy(sh, a->shape, sizeof sh);
  sh[ax] = e - s;
  gs_tensor *out = gs_view_of(ctx, a, a->ndim, sh, a->stride, a->offset + s * a->stride[ax]);
  gs_node *n = gs_record(ctx, &slice_def, out, 1, &a);
  if (n) {
    n->i[0] = ax;
    n->i[1] = s;
    n->i[2] = e;
  }
  return out;
}

static void expand_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                            gs_tensor **gin)
{
  gin[0] = gs_sum_to(ctx, g, n->in[0]->ndim, n->in[0]->shape);
}
static const gs_op_def expand_def = {"expand", expand_backward};

gs_tensor *gs_expand(gs_ctx *ctx, gs_tensor *a, int ndim, const int64_t *shape)
{
  char s1[64];
  GS_ASSERT(ndim >= a->ndim && ndim <= GS_MAX_DIMS, "gs_expand: %s cannot expand to %d dimensions",
            gs_shape_str(a, s1, sizeof s1), ndim);
  int lead = ndim - a->ndim;
  int64_t st[GS_MAX_DIMS];
  bool same = lead == 0;
  for (int d = 0; d < ndim; d++) {
    int da = d - lead;
    int64_t sa = da >= 0 ? a->shape[da] : 1;
    if (sa == shape[d]) {
      st[d] = da >= 0 ? a->stride[da] : 0;
    } else if (sa == 1) {
      st[d] = 0;
      same = false;
    } else {
      gs_abortf("gs_expand: %s cannot expand to size %lld in dimension %d",
                gs_shape_str(a, s1, sizeof s1), (long long) shape[d], d);
    }
  }
  if (same) return a;
  gs_tensor *out = gs_view_of(ctx, a, ndim, shape, st, a->offset);
  gs_record(ctx, &expand_def, out, 1, &a);
  return out;
}

static void identity_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                              gs_tensor **gin)
{
  gin[0] = g;
}
static const gs_op_def contiguous_def = {"contiguous", identity_backward};

gs_tensor *gs_contiguous(gs_ctx *ctx, gs_tensor *a)
{
  if (gs_is_contiguous(a)) return a;
  gs_tensor *out = gs_new_like(ctx, a);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_COPY, .dst = out, .src = {a}}, "gs_contiguous");
  gs_record(ctx, &contiguous_def, out, 1, &a);
  return out;
}

gs_tensor *gs_detach(gs_ctx *ctx, gs_tensor *a)
{
  return gs_view_of(ctx, a, a->ndim, a->shape, a->stride, a->offset);
}

static void cast_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_cast(ctx, g, n->in[0]->dtype);
}
static const gs_op_def cast_def = {"cast", cast_backward};

gs_tensor *gs_cast(gs_ctx *ctx, gs_tensor *a, gs_dtype dtype)
{
  if (a->dtype == dtype) return a;
  gs_tensor *out = gs_new(ctx, dtype, a->ndim, a->shape);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_COPY, .dst = out, .src = {a}}, "gs_cast");
  if (dtype != GS_I32 && a->dtype != GS_I32) gs_record(ctx, &cast_def, out, 1, &a);
  return out;
}

static void concat_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                            gs_tensor **gin)
{
  int axis = (int) n->i[0];
  int64_t at = 0;
  for (int j = 0; j < n->n_in; j++) {
    int64_t len = n->in[j]->shape[axis];
    if (need[j]) gin[j] = gs_slice(ctx, g, axis, at, at + len);
    at += len;
  }
}
static const gs_op_def concat_def = {"concat", concat_backward};

gs_tensor *gs_concat(gs_ctx *ctx, int n, gs_tensor *const *ts, int axis)
{
  GS_ASSERT(n >= 1, "gs_concat: no tensors");
  int ax = gs_axis("gs_concat", ts[0], axis);
  int64_t sh[GS_MAX_DIMS];
  memcpy(sh, ts[0]->shape, sizeof sh);
  sh[ax] = 0;
  for (int j = 0; j < n; j++) {
    bool ok = ts[j]->ndim == ts[0]->ndim && ts[j]->dtype == ts[0]->dtype;
    for (int d = 0; ok && d < ts[0]->ndim; d++)
      if (d != ax && ts[j]->shape[d] != ts[0]->shape[d]) ok = false;
    if (!ok) {
      char s1[64], s2[64];
      gs_abortf("gs_concat: %s %s and %s %s differ outside axis %d", gs_dtype_name(ts[0]->dtype),
                gs_shape_str(ts[0], s1, sizeof s1), gs_dtype_name(ts[j]->dtype),
                gs_shape_str(ts[j], s2, sizeof s2), axis);
    }
    sh[ax] += ts[j]->shape[ax];
  }
  gs_tensor *out = gs_new(ctx, ts[0]->dtype, ts[0]->ndim, sh);
  int64_t at = 0;
  for (int j = 0; j < n; j++) {
    int64_t psh[GS_MAX_DIMS];
    memcpy(psh, out->shape, sizeof psh);
    psh[ax] = ts[j]->shape[ax];
    gs_tensor *part = gs_view_of(ctx, out, out->ndim, psh, out->stride, at * out->stride[ax]);
    gs_exec(ctx, &(gs_kernel){.op = GS_K_COPY, .dst = part, .src = {ts[j]}}, "gs_concat");
    at += psh[ax];
  }
  gs_node *node = out->dtype != GS_I32 ? gs_record(ctx, &concat_def, out, n, ts) : NULL;
  if (node) node->i[0] = ax;
  return out;
}

gs_tensor *gs_sum_to(gs_ctx *ctx, gs_tensor *a, int ndim, const int64_t *shape)
{
  char s1[64];
  GS_ASSERT(ndim <= a->ndim, "gs_sum_to: %s has fewer dimensions than the target (%d)",
            gs_shape_str(a, s1, sizeof s1), ndim);
  gs_tensor *r = a;
  int lead = a->ndim - ndim;
  for (int d = 0; d < lead; d++) r = gs_sum(ctx, r, 0, false);
  for (int d = 0; d < ndim; d++) {
    if (r->shape[d] == shape[d]) continue;
    GS_ASSERT(shape[d] == 1, "gs_sum_to: %s cannot sum to size %lld in dimension %d",
              gs_shape_str(a, s1, sizeof s1), (long long) shape[d], d);
    r = gs_sum(ctx, r, d, true);
  }
  return r;
}

/* --- random fills -------------------------------------------------------------------------- */

static void rand_fill_(gs_tensor *t, gs_rng *rng, gs_kop op, double p0, double p1, const char *name)
{
  GS_ASSERT(t->dtype == GS_F32 || t->dtype == GS_F64, "%s: needs F32 or F64, got %s", name,
            gs_dtype_name(t->dtype));
  GS_ASSERT(gs_is_contiguous(t), "%s: the tensor is not contiguous", name);
  int64_t n = gs_numel(t);
  int per_block = op == GS_K_RAND_UNIFORM ? 4 : 2;
  gs_exec(t->ctx, &(gs_kernel){.op = op, .dst = t, .f = {p0, p1}, .u = {rng->key, rng->counter}},
          name);
  rng->counter += (uint64_t) ((n + per_block - 1) / per_block);
}

void gs_rand_uniform_(gs_tensor *dst, gs_rng *rng, double lo, double hi)
{
  rand_fill_(dst, rng, GS_K_RAND_UNIFORM, lo, hi, "gs_rand_uniform_");
}

void gs_rand_normal_(gs_tensor *dst, gs_rng *rng, double mean, double std)
{
  rand_fill_(dst, rng, GS_K_RAND_NORMAL, mean, std, "gs_rand_normal_");
}

gs_tensor *gs_rand_uniform(gs_ctx *ctx, gs_rng *rng, gs_dtype dtype, int ndim, const int64_t *shape,
                           double lo, double hi)
{
  gs_tensor *t = gs_new(ctx, dtype, ndim, shape);
  rand_fill_(t, rng, GS_K_RAND_UNIFORM, lo, hi, "gs_rand_uniform");
  return t;
}

gs_tensor *gs_rand_normal(gs_ctx *ctx, gs_rng *rng, gs_dtype dtype, int ndim, const int64_t *shape,
                          double mean, double std)
{
  gs_tensor *t = gs_new(ctx, dtype, ndim, shape);
  rand_fill_(t, rng, GS_K_RAND_NORMAL, mean, std, "gs_rand_normal");
  return t;
}

/* --- in place, never recorded -------------------------------------------------------------- */

void gs_copy_(gs_tensor *dst, const gs_tensor *src)
{
  if (!gs_same_shape(dst, src)) {
    char s1[64], s2[64];
    gs_abortf("gs_copy_: shapes %s and %s differ", gs_shape_str(dst, s1, sizeof s1),
              gs_shape_str(src, s2, sizeof s2));
  }
  gs_check_same_backend("gs_copy_", dst->ctx, src);
  gs_exec(dst->ctx, &(gs_kernel){.op = GS_K_COPY, .dst = dst, .src = {src}}, "gs_copy_");
}

void gs_fill_(gs_tensor *dst, double value)
{
  if (gs_is_contiguous(dst)) {
    gs_exec(dst->ctx, &(gs_kernel){.op = GS_K_FILL, .dst = dst, .f = {value}}, "gs_fill_");
    return;
  }
  /* a strided view: copy from a broadcast scalar */
  gs_tensor *s = gs_scalar(dst->ctx, dst->dtype, value);
  int64_t st[GS_MAX_DIMS] = {0};
  gs_tensor *e = gs_view_of(dst->ctx, s, dst->ndim, dst->shape, st, s->offset);
  gs_exec(dst->ctx, &(gs_kernel){.op = GS_K_COPY, .dst = dst, .src = {e}}, "gs_fill_");
}

void gs_clamp_(gs_tensor *dst, double lo, double hi)
{
  gs_check_float("gs_clamp_", dst);
  GS_ASSERT(gs_is_contiguous(dst), "gs_clamp_: the tensor is not contiguous");
  gs_exec(dst->ctx, &(gs_kernel){.op = GS_K_CLAMP, .dst = dst, .src = {dst}, .f = {lo, hi}},
          "gs_clamp_");
}
