/* gs-vk-kernels.c — each gs_kernel as push constants and a dispatch of one shader family.
 * The push-constant layouts are documented at the top of each shader in shaders/. */
#include <math.h>
#include <string.h>

#include "../gs-cpu-impl.h" /* gs_iter: the same dimension merging as the CPU loops */
#include "../gs-ops.h"      /* gs_rbf_kind */
#include "gs-vk-impl.h"

bool gs_vk_supports(const gs_backend *be, gs_kop op, gs_dtype dtype)
{
  /* kernels added to gs_kop after MUL_LEAKY_STEP are declined unless they have a shader (the op
   * layer then refuses them, or, for optional fused kernels, issues the plain ones) */
  if (op == GS_K_RBF_SUM) return dtype == GS_F32;
  if (op < 0 || op > GS_K_MUL_LEAKY_STEP) return false;
  if (dtype == GS_F32) return true;
  /* F64 is declined (GPUs rarely run it at useful speed); I32 fills, conversions, row gathers */
  return dtype == GS_I32 && (op == GS_K_FILL || op == GS_K_COPY || op == GS_K_GATHER_ROWS);
}

static uint32_t fbits(double v)
{
  float f = (float) v;
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

static uint32_t ibits(int64_t v)
{
  return (uint32_t) (int32_t) v;
}

/* The strided E layout of gs-common.glsl for ts[0 .. nops-1] (dst first). */
static void e_layout(uint32_t pc[VK_PUSH_WORDS], int nops, const gs_tensor *const *ts)
{
  gs_iter it;
  gs_iter_init(&it, nops, ts);
  pc[1] = (uint32_t) gs_numel(ts[0]);
  pc[2] = (uint32_t) it.nd;
  for (int d = 0; d < it.nd; d++) {
    pc[3 + d] = (uint32_t) it.shape[d];
    for (int o = 0; o < nops; o++) pc[11 + 4 * o + d] = ibits(it.st[o][d]);
  }
}

/* Dispatch n invocations (1-D, in groups of local) over up to five tensors. */
static void run(gs_backend *be, vk_shader sh, uint32_t pc[VK_PUSH_WORDS], const gs_tensor *t0,
                const gs_tensor *t1, const gs_tensor *t2, const gs_tensor *t3, const gs_tensor *t4,
                const int slots[VK_BINDINGS], unsigned write_mask, uint64_t n, uint32_t local)
{
  const gs_tensor *t[VK_BINDINGS] = {t0, t1, t2, t3, t4};
  bool w[VK_BINDINGS];
  for (int i = 0; i < VK_BINDINGS; i++) w[i] = (write_mask >> i) & 1;
  uint32_t gx, gy;
  gs_vk_groups(n, local, &gx, &gy);
  gs_vk_dispatch(be, sh, pc, t, slots, w, gx, gy, 1);
}

static const int E_SLOTS[VK_BINDINGS] = {7, 8, 9, 10, -1};

static void fill(gs_backend *be, gs_tensor *dst, uint32_t bits)
{
  gs_vk *vk = be->impl;
  uint32_t pc[VK_PUSH_WORDS] = {0};
  pc[0] = 0;
  pc[1] = (uint32_t) gs_numel(dst);
  pc[27] = bits;
  run(be, VK_SH_COPY, pc, dst, NULL, NULL, NULL, NULL, E_SLOTS, 1, pc[1], vk->local_size);
}

static void reduce(gs_backend *be, const gs_kernel *k)
{
  const gs_tensor *src = k->src[0];
  int axis = (int) k->i[0];
  gs_tensor outer = *src; /* the source with the reduced axis collapsed: one row per output */
  outer.shape[axis] = 1;
  const gs_tensor *ts[2] = {k->dst, &outer};
  uint32_t pc[VK_PUSH_WORDS] = {0};
  e_layout(pc, 2, ts);
  int64_t R = src->shape[axis], n_out = gs_numel(k->dst);
  pc[0] = k->op == GS_K_MAX;
  pc[27] = (uint32_t) R;
  pc[28] = ibits(src->stride[axis]);
  /* long axes get a workgroup each; short ones (or very many outputs) an invocation each */
  bool group_mode = R >= 256 || (R >= 32 && n_out <= 4096);
  pc[29] = group_mode;
  run(be, VK_SH_REDUCE, pc, k->dst, src, NULL, NULL, NULL, E_SLOTS, 1,
      group_mode ? (uint64_t) n_out * 64 : (uint64_t) n_out, 64);
}

static void matmul(gs_backend *be, const gs_kernel *k)
{
  gs_vk *vk = be->impl;
  const gs_tensor *a = k->src[0], *b = k->src[1], *c = k->dst;
  int an = a->ndim, bn = b->ndim, cn = c->ndim;
  uint32_t pc[VK_PUSH_WORDS] = {0};
  int64_t B = cn == 3 ? c->shape[0] : 1, M = c->shape[cn - 2], N = c->shape[cn - 1];
  int64_t K = a->shape[an - 1];
  pc[0] = (uint32_t) B;
  pc[1] = (uint32_t) M;
  pc[2] = (uint32_t) N;
  pc[3] = (uint32_t) K;
  pc[7] = ibits(an == 3 && a->shape[0] > 1 ? a->stride[0] : 0);
  pc[8] = ibits(a->stride[an - 2]);
  pc[9] = ibits(a->stride[an - 1]);
  pc[10] = ibits(bn == 3 && b->shape[0] > 1 ? b->stride[0] : 0);
  pc[11] = ibits(b->stride[bn - 2]);
  pc[12] = ibits(b->stride[bn - 1]);
  /* a size-1 dimension's stride is arbitrary: make it 1 so the shader's layout test holds */
  if (M == 1) pc[8] = 1;
  if (K == 1) pc[9] = pc[11] = 1;
  if (N == 1) pc[12] = 1;
  static const int slots[VK_BINDINGS] = {4, 5, 6, -1, -1};
  const gs_tensor *t[VK_BINDINGS] = {c, a, b, NULL, NULL};
  const bool w[VK_BINDINGS] = {true};
  uint32_t tile = 16 * vk->mm_tile;
  gs_vk_dispatch(be, VK_SH_MATMUL, pc, t, slots, w, (uint32_t) ((N + tile - 1) / tile),
                 (uint32_t) ((M + tile - 1) / tile), (uint32_t) B);
}

static void softmax(gs_backend *be, const gs_kernel *k)
{
  const gs_tensor *src = k->src[0];
  int64_t C = src->ndim ? src->shape[src->ndim - 1] : 1;
  uint32_t pc[VK_PUSH_WORDS] = {0};
  pc[0] = k->op == GS_K_LOG_SOFTMAX;
  pc[1] = (uint32_t) (C ? gs_numel(src) / C : 0);
  pc[2] = (uint32_t) C;
  run(be, VK_SH_SOFTMAX, pc, k->dst, src, NULL, NULL, NULL, E_SLOTS, 1, (uint64_t) pc[1] * 64, 64);
}

static void indexing(gs_backend *be, const gs_kernel *k)
{
  gs_vk *vk = be->impl;
  const gs_tensor *s = k->src[0], *idx = k->src[1];
  gs_tensor *d = k->dst;
  uint32_t pc[VK_PUSH_WORDS] = {0};
  uint64_t n = 0;
  switch (k->op) {
  case GS_K_PICK:
    pc[0] = 0;
    n = (uint64_t) d->shape[0];
    pc[11] = ibits(s->stride[0]);
    pc[12] = ibits(s->stride[1]);
    break;
  case GS_K_UNPICK:
    pc[0] = 1;
    n = (uint64_t) gs_numel(d);
    pc[3] = (uint32_t) d->shape[1];
    pc[11] = ibits(s->stride[0]);
    break;
  case GS_K_GATHER_ROWS:
    pc[0] = 2;
    n = (uint64_t) gs_numel(d);
    pc[3] = (uint32_t) (d->ndim > 1 ? d->shape[1] : 1);
    pc[11] = ibits(s->stride[0]);
    pc[12] = ibits(s->ndim > 1 ? s->stride[1] : 1);
    break;
  case GS_K_SCATTER_ADD_ROWS: /* one invocation per element of g, added atomically */
    fill(be, d, 0);
    pc[0] = 3;
    pc[3] = (uint32_t) (d->ndim > 1 ? d->shape[1] : 1);
    n = (uint64_t) s->shape[0] * pc[3];
    pc[11] = ibits(s->stride[0]);
    pc[12] = ibits(s->ndim > 1 ? s->stride[1] : 0);
    break;
  case GS_K_POOL_SCATTER: /* one invocation per pooled gradient, added atomically */
    fill(be, d, 0);
    pc[0] = 4;
    n = (uint64_t) gs_numel(s);
    pc[3] = (uint32_t) (d->shape[2] * d->shape[3]);
    pc[4] = (uint32_t) (s->shape[2] * s->shape[3]);
    break;
  default: /* GS_K_POOL_GATHER */
    pc[0] = 5;
    n = (uint64_t) gs_numel(d);
    pc[3] = (uint32_t) (s->shape[2] * s->shape[3]);
    pc[4] = (uint32_t) (d->shape[2] * d->shape[3]);
    break;
  }
  pc[1] = (uint32_t) n;
  run(be, VK_SH_INDEX, pc, d, s, idx, NULL, NULL, E_SLOTS, 1, n, vk->local_size);
}

static void conv(gs_backend *be, const gs_kernel *k)
{
  gs_vk *vk = be->impl;
  uint32_t pc[VK_PUSH_WORDS] = {0};
  bool pool = k->op != GS_K_IM2COL && k->op != GS_K_COL2IM;
  bool to_image = k->op == GS_K_COL2IM || k->op == GS_K_AVG_POOL_ADJ;
  const gs_tensor *img = to_image ? k->dst : k->src[0];
  int64_t N = img->shape[0], C = img->shape[1], H = img->shape[2], W = img->shape[3];
  int64_t kh = k->i[0], kw = pool ? k->i[0] : k->i[1];
  int64_t stride = pool ? k->i[1] : k->i[2], pad = pool ? k->i[2] : k->i[3];
  int64_t OH = (H + 2 * pad - kh) / stride + 1, OW = (W + 2 * pad - kw) / stride + 1;
  if (pool) { /* pooled shapes come from the tensors (the op layer may floor differently) */
    const gs_tensor *pooled = to_image ? k->src[0] : k->dst;
    OH = pooled->shape[2];
    OW = pooled->shape[3];
  }
  switch (k->op) {
  case GS_K_IM2COL:
    pc[0] = 0;
    break;
  case GS_K_COL2IM:
    pc[0] = 1;
    break;
  case GS_K_MAX_POOL:
    pc[0] = 2;
    break;
  case GS_K_AVG_POOL:
    pc[0] = 3;
    break;
  default:
    pc[0] = 4;
    break;
  }
  uint32_t v[10] = {(uint32_t) N,  (uint32_t) C,      (uint32_t) H,   (uint32_t) W,  (uint32_t) kh,
                    (uint32_t) kw, (uint32_t) stride, (uint32_t) pad, (uint32_t) OH, (uint32_t) OW};
  memcpy(&pc[2], v, sizeof v);
  uint64_t n = (uint64_t) gs_numel(k->dst);
  pc[1] = (uint32_t) n;
  static const int slots[VK_BINDINGS] = {12, 13, -1, -1, 14};
  run(be, VK_SH_CONV, pc, k->dst, k->src[0], NULL, NULL, k->op == GS_K_MAX_POOL ? k->dst2 : NULL,
      slots, 1u | 16u, n, vk->local_size);
}

static void rng(gs_backend *be, const gs_kernel *k)
{
  gs_vk *vk = be->impl;
  uint32_t pc[VK_PUSH_WORDS] = {0};
  bool normal = k->op == GS_K_RAND_NORMAL;
  uint64_t n = (uint64_t) gs_numel(k->dst), per = normal ? 2 : 4;
  pc[0] = normal;
  pc[1] = (uint32_t) n;
  pc[2] = (uint32_t) k->u[0];
  pc[3] = (uint32_t) (k->u[0] >> 32);
  pc[4] = (uint32_t) k->u[1];
  pc[5] = (uint32_t) (k->u[1] >> 32);
  pc[27] = fbits(k->f[0]);
  pc[28] = fbits(k->f[1]);
  run(be, VK_SH_RNG, pc, k->dst, NULL, NULL, NULL, NULL, E_SLOTS, 1, (n + per - 1) / per,
      vk->local_size);
}

static void optim(gs_backend *be, const gs_kernel *k)
{
  gs_vk *vk = be->impl;
  uint32_t pc[VK_PUSH_WORDS] = {0};
  pc[1] = (uint32_t) gs_numel(k->dst);
  switch (k->op) {
  case GS_K_SGD:
    pc[0] = 0;
    pc[2] = k->src[1] != NULL;
    pc[3] = k->i[0] != 0;
    for (int j = 0; j < 3; j++) pc[20 + j] = fbits(k->f[j]);
    break;
  case GS_K_ADAM:
    pc[0] = 1;
    pc[3] = k->i[0] != 0;
    for (int j = 0; j < 5; j++) pc[20 + j] = fbits(k->f[j]);
    pc[25] = fbits(1.0 / (1.0 - pow(k->f[1], k->f[5])));
    pc[26] = fbits(1.0 / (1.0 - pow(k->f[2], k->f[5])));
    break;
  default:
    pc[0] = 2;
    for (int j = 0; j < 4; j++) pc[20 + j] = fbits(k->f[j]);
    break;
  }
  /* the state tensors are written too */
  run(be, VK_SH_OPTIM, pc, k->dst, k->src[0], k->src[1], k->src[2], NULL, E_SLOTS, 1u | 4u | 8u,
      pc[1], vk->local_size);
}

/* GS_K_RBF_SUM: shaders/gs-rbf.comp, one invocation per row of x. The φ cases mirror the CPU's
 * specialised loops (compute/gs-cpu-rbf.c). */
static void rbf_sum(gs_backend *be, const gs_kernel *k)
{
  const gs_tensor *x = k->src[0], *c = k->src[1], *w = k->src[2];
  int64_t N = x->shape[0], n = x->shape[1], M = c->shape[0];
  if (N == 0) return;
  if (M == 0 || n == 0) { /* an empty sum */
    fill(be, k->dst, 0);
    return;
  }
  int kind = (int) k->i[0];
  double kp = k->f[0], sigma = k->f[1], eps = k->f[2];
  uint32_t kcase, phi0 = 0; /* φ's value at r = 0 where finite, else the term is left out */
  if (kind == GS_RBF_GAUSS) {
    kcase = 5;
    phi0 = fbits(1);
  } else if (kind == GS_RBF_POW_LOG) {
    kcase = kp == 0 ? 0 : kp == 2 ? 1 : 6;
  } else {
    kcase = kp == 1 ? 2 : kp == -1 ? 3 : kp == 2 ? 4 : 6;
    if (kp == 0) phi0 = fbits(1);
  }
  uint32_t pc[VK_PUSH_WORDS] = {0};
  pc[0] = kcase;
  pc[1] = k->i[1] == 1;
  pc[2] = (uint32_t) N;
  pc[3] = (uint32_t) M;
  pc[4] = (uint32_t) n;
  pc[9] = (uint32_t) kind;
  pc[27] = fbits(kp);
  pc[28] = fbits(eps * eps);
  pc[29] = fbits(kind == GS_RBF_GAUSS ? 1.0 / (sigma * sigma) : 0);
  pc[30] = phi0;
  static const int slots[VK_BINDINGS] = {5, 6, 7, 8, -1};
  run(be, VK_SH_RBF, pc, k->dst, x, c, w, NULL, slots, 1, (uint64_t) N, 64);
}

void gs_vk_exec(gs_backend *be, const gs_kernel *k)
{
  gs_vk *vk = be->impl;
  uint32_t pc[VK_PUSH_WORDS] = {0};
  gs_kop op = k->op;
  vk->current_op = op;                  /* for timestamps */
  if (!k->dst->storage->buffer) return; /* its allocation failed: the failure is recorded */
  if (op == GS_K_FILL) {
    fill(be, k->dst, k->dst->dtype == GS_I32 ? ibits((int64_t) k->f[0]) : fbits(k->f[0]));
  } else if (op == GS_K_COPY) {
    const gs_tensor *ts[2] = {k->dst, k->src[0]};
    e_layout(pc, 2, ts);
    pc[0] = 1;
    pc[29] = k->src[0]->dtype;
    pc[30] = k->dst->dtype;
    run(be, VK_SH_COPY, pc, k->dst, k->src[0], NULL, NULL, NULL, E_SLOTS, 1, pc[1], vk->local_size);
  } else if (op >= GS_K_NEG && op <= GS_K_CLAMP) {
    const gs_tensor *ts[2] = {k->dst, k->src[0]};
    e_layout(pc, 2, ts);
    pc[0] = (uint32_t) (op - GS_K_NEG);
    pc[27] = fbits(k->f[0]);
    pc[28] = fbits(k->f[1]);
    run(be, VK_SH_UNARY, pc, k->dst, k->src[0], NULL, NULL, NULL, E_SLOTS, 1, pc[1],
        vk->local_size);
  } else if ((op >= GS_K_ADD && op <= GS_K_WHERE) || op == GS_K_ADD_LEAKY_RELU ||
             op == GS_K_MUL_LEAKY_STEP) {
    int nops = op == GS_K_WHERE ? 4 : 3;
    const gs_tensor *ts[4] = {k->dst, k->src[0], k->src[1], k->src[2]};
    e_layout(pc, nops, ts);
    pc[0] = op == GS_K_WHERE            ? 12
            : op == GS_K_ADD_LEAKY_RELU ? 10
            : op == GS_K_MUL_LEAKY_STEP ? 11
                                        : (uint32_t) (op - GS_K_ADD);
    pc[27] = fbits(k->f[0]);
    run(be, VK_SH_BINARY, pc, k->dst, k->src[0], k->src[1], nops == 4 ? k->src[2] : NULL, NULL,
        E_SLOTS, 1, pc[1], vk->local_size);
  } else {
    switch (op) {
    case GS_K_SUM:
    case GS_K_MAX:
      reduce(be, k);
      break;
    case GS_K_MATMUL:
      matmul(be, k);
      break;
    case GS_K_SOFTMAX:
    case GS_K_LOG_SOFTMAX:
      softmax(be, k);
      break;
    case GS_K_PICK:
    case GS_K_UNPICK:
    case GS_K_GATHER_ROWS:
    case GS_K_SCATTER_ADD_ROWS:
    case GS_K_POOL_SCATTER:
    case GS_K_POOL_GATHER:
      indexing(be, k);
      break;
    case GS_K_IM2COL:
    case GS_K_COL2IM:
    case GS_K_MAX_POOL:
    case GS_K_AVG_POOL:
    case GS_K_AVG_POOL_ADJ:
      conv(be, k);
      break;
    case GS_K_RAND_UNIFORM:
    case GS_K_RAND_NORMAL:
      rng(be, k);
      break;
    case GS_K_SGD:
    case GS_K_ADAM:
    case GS_K_RMSPROP:
      optim(be, k);
      break;
    case GS_K_RBF_SUM:
      rbf_sum(be, k);
      break;
    default:
      gs_abortf("vulkan: kernel %s has no shader", gs_kop_name(op));
    }
  }
}
