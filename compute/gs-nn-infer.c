/* gs-nn-infer.c — gs_mlp_infer (gs-nn.h): a forward-only copy of a piecewise-linear MLP on the
 * host, for evaluating a network over many points at once (the landscape's 256² grid: 65,536
 * points in a few ms on one core).
 *
 * Through the op layer each layer is a GEMM into a fresh tensor and an elementwise pass over
 * it; here every layer of a block of 96 rows runs in one fused register-tiled loop (bias,
 * product, activation) with the activations kept in L1 (about 2× faster on one core). On a
 * grid of 2-D points the second layer is not multiplied out at all: along a grid row it is
 * affine between the points where a first-layer unit switches (see gs_mlp_infer_grid): for
 * the landscape's default D (2→64→64→1) at 256², 2.9 ms instead of 5.9 (dense, fused) or 12
 * (op layer), measured in docs/PERFORMANCE.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs-compute-impl.h"
#include "gs-cpu-impl.h"
#include "gs-nn.h"

/* A tile is MR rows × 2 vectors of 8 columns: 12 accumulators, two weight vectors and a
 * broadcast fill the 16 AVX2 registers. Rows go through in blocks of BLOCK (a multiple of MR)
 * so a block's activations (BLOCK × 512 floats at most) stay in L1/L2. */
enum { MR = 6, NR = 16, BLOCK = 96, MAX_LAYERS = 16 };

typedef float v8 __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4))); /* unaligned loads */
typedef double v4d __attribute__((vector_size(32)));
typedef float v4f __attribute__((vector_size(16)));

typedef struct {
  int in, out; /* real widths */
  int out_pad; /* out rounded up to NR: the row stride of this layer's activations */
  bool narrow; /* out < NR: dot products along the input instead of tiles */
  float *w;    /* narrow: (out, in_stride) rows; else transposed (in, out_pad) */
  float *b;    /* (out_pad), zero-padded */
  float slope; /* activation x * (x > 0 ? 1 : slope); 1: identity */
} HostLayer;

struct gs_mlp_infer {
  int n_layers, in, out;
  HostLayer layers[MAX_LAYERS];
  int max_stride;
  /* for grids (2 inputs, a hidden layer): the first two layers' weights, (out, in) rows */
  double *w0, *b0, *b1; /* w0: (n1, 2) rows */
  double *w1t;          /* the second layer's weights transposed, (in, out_pad), 32-byte aligned */
};

/* Zeroed host memory aligned for 32-byte vectors (free() releases it). */
static void *zalloc(size_t n, size_t size)
{
  size_t bytes = ((n ? n : 1) * size + 31) / 32 * 32;
  void *p = aligned_alloc(32, bytes);
  GS_ASSERT(p, "gs_mlp_infer: out of host memory");
  memset(p, 0, bytes);
  return p;
}

static float *aligned_floats(size_t n)
{
  return zalloc(n, sizeof(float));
}

static bool act_slope(gs_act act, double param, float *slope)
{
  switch (act) {
  case GS_ACT_NONE:
    *slope = 1;
    return true;
  case GS_ACT_RELU:
    *slope = 0;
    return true;
  case GS_ACT_LEAKY_RELU:
    *slope = (float) param;
    return param >= 0;
  default:
    return false;
  }
}

gs_mlp_infer *gs_mlp_infer_new(gs_ctx *ctx, const gs_mlp *mlp)
{
  float hidden_slope;
  if (gs_backend_get_kind(gs_ctx_backend(ctx)) != GS_BACKEND_CPU) return NULL;
  if (mlp->n_layers > MAX_LAYERS || mlp->config.output != GS_ACT_NONE) return NULL;
  if (!act_slope(mlp->config.hidden, mlp->config.hidden_param, &hidden_slope)) return NULL;
  gs_mlp_infer *h = zalloc(1, sizeof(gs_mlp_infer));
  h->n_layers = mlp->n_layers;
  int in_stride = (int) mlp->layers[0].weight->shape[1]; /* the input rows are packed */
  h->in = in_stride;
  h->max_stride = in_stride;
  for (int i = 0; i < mlp->n_layers; i++) {
    const gs_linear_layer *src = &mlp->layers[i];
    HostLayer *l = &h->layers[i];
    l->out = (int) src->weight->shape[0];
    l->in = (int) src->weight->shape[1];
    l->out_pad = (l->out + NR - 1) / NR * NR;
    l->narrow = l->out < NR;
    l->slope = i == mlp->n_layers - 1 ? 1 : hidden_slope;
    float *w = zalloc((size_t) l->out * l->in, sizeof(float));
    gs_read(src->weight, w);
    if (i < 2 && h->in == 2 && mlp->n_layers >= 2) {
      double **bd = i == 0 ? &h->b0 : &h->b1;
      *bd = zalloc(l->out, sizeof(double));
      if (i == 0) {
        h->w0 = zalloc((size_t) l->out * l->in, sizeof(double));
        for (int k = 0; k < l->out * l->in; k++) h->w0[k] = w[k];
      }
      if (i == 1) {
        h->w1t = zalloc((size_t) l->in * l->out_pad, sizeof(double));
        for (int o = 0; o < l->out; o++)
          for (int k = 0; k < l->in; k++) h->w1t[(size_t) k * l->out_pad + o] = w[o * l->in + k];
      }
      if (src->bias) {
        float *b = zalloc(l->out, sizeof(float));
        gs_read(src->bias, b);
        for (int k = 0; k < l->out; k++) (*bd)[k] = b[k];
        free(b);
      }
    }
    if (l->narrow) {
      /* padded input columns are zero (see below), so zero weights there change nothing */
      l->w = aligned_floats((size_t) l->out * in_stride);
      for (int o = 0; o < l->out; o++)
        memcpy(l->w + o * in_stride, w + o * l->in, sizeof(float) * l->in);
    } else {
      l->w = aligned_floats((size_t) l->in * l->out_pad);
      for (int o = 0; o < l->out; o++)
        for (int k = 0; k < l->in; k++) l->w[k * l->out_pad + o] = w[o * l->in + k];
    }
    l->b = aligned_floats(l->out_pad);
    if (src->bias) gs_read(src->bias, l->b);
    free(w);
    /* a tiled layer's padded columns are act(0 · x + 0) = 0: its successor may read them */
    in_stride = l->narrow ? l->out : l->out_pad;
    h->max_stride = (in_stride > h->max_stride ? in_stride : h->max_stride);
  }
  h->out = h->layers[h->n_layers - 1].out;
  return h;
}

void gs_mlp_infer_free(gs_mlp_infer *h)
{
  if (!h) return;
  for (int i = 0; i < h->n_layers; i++) {
    free(h->layers[i].w);
    free(h->layers[i].b);
  }
  free(h->w0);
  free(h->b0);
  free(h->b1);
  free(h->w1t);
  free(h);
}

/* Macros, not functions: GCC lowers a function's vector code for its own target before
 * inlining, so helpers would be built for the baseline inside the AVX2 clone. */
#define LOAD8(p)  (*(const v8u *) (p))
#define SPLAT8(x) ((v8){(x), (x), (x), (x), (x), (x), (x), (x)})

/* x * (x > 0 ? 1 : slope), on 8 lanes */
#define LEAKY8(x, slope)                                                                           \
  ((v8) (((v8i) (x) & ((x) > (v8){0})) | ((v8i) ((x) * (slope)) & ~((x) > (v8){0}))))

/* y (BLOCK, out_pad) = act(x (BLOCK, ·) with row stride ldx · Wᵀ + b), MR × NR tiles. */
GS_CPU_CLONES static void tiled_layer(const HostLayer *l, const float *x, int ldx, float *y)
{
  const int K = l->in, N = l->out_pad;
  for (int j = 0; j < N; j += NR) {
    const v8 b0 = LOAD8(l->b + j), b1 = LOAD8(l->b + j + 8);
    for (int r0 = 0; r0 < BLOCK; r0 += MR) {
      v8 c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
      v8 c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1;
      const float *xr = x + (size_t) r0 * ldx;
      const float *wk = l->w + j;
      for (int k = 0; k < K; k++, wk += N) {
        const v8 w0 = LOAD8(wk), w1 = LOAD8(wk + 8);
        v8 a;
        a = SPLAT8(xr[k]), c00 += a * w0, c01 += a * w1;
        a = SPLAT8(xr[ldx + k]), c10 += a * w0, c11 += a * w1;
        a = SPLAT8(xr[2 * ldx + k]), c20 += a * w0, c21 += a * w1;
        a = SPLAT8(xr[3 * ldx + k]), c30 += a * w0, c31 += a * w1;
        a = SPLAT8(xr[4 * ldx + k]), c40 += a * w0, c41 += a * w1;
        a = SPLAT8(xr[5 * ldx + k]), c50 += a * w0, c51 += a * w1;
      }
      float *yr = y + (size_t) r0 * N + j;
      const float s = l->slope;
      const v8 out[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21},
                             {c30, c31}, {c40, c41}, {c50, c51}};
      for (int r = 0; r < MR; r++) {
        v8 lo = out[r][0], hi = out[r][1];
        if (s != 1) lo = LEAKY8(lo, s), hi = LEAKY8(hi, s);
        memcpy(yr + (size_t) r * N, &lo, sizeof lo);
        memcpy(yr + (size_t) r * N + 8, &hi, sizeof hi);
      }
    }
  }
}

/* y (BLOCK, out) = act(x · Wᵀ + b) for a layer narrower than a tile (D's output). */
GS_CPU_CLONES static void narrow_layer(const HostLayer *l, const float *x, int ldx, float *y)
{
  for (int r = 0; r < BLOCK; r++)
    for (int o = 0; o < l->out; o++) {
      const float *xr = x + (size_t) r * ldx, *w = l->w + (size_t) o * ldx;
      float acc[8] = {0};
      int k = 0;
      for (; k + 8 <= l->in; k += 8)
        for (int q = 0; q < 8; q++) acc[q] += xr[k + q] * w[k + q];
      float v = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
      for (; k < l->in; k++) v += xr[k] * w[k];
      v += l->b[o];
      y[(size_t) r * l->out + o] = v * (v > 0 ? 1 : l->slope);
    }
}

/* Layers from..n_layers-1 on a block whose input is buf[cur] with row stride ld; returns the
 * buffer index holding the output (row stride *ld). */
static int run_layers(const gs_mlp_infer *h, int from, float *buf[2], int cur, int *ld)
{
  for (int i = from; i < h->n_layers; i++) {
    const HostLayer *l = &h->layers[i];
    if (l->narrow)
      narrow_layer(l, buf[cur], *ld, buf[!cur]);
    else
      tiled_layer(l, buf[cur], *ld, buf[!cur]);
    *ld = l->narrow ? l->out : l->out_pad;
    cur = !cur;
  }
  return cur;
}

void gs_mlp_infer_forward(const gs_mlp_infer *h, const float *x, size_t n, float *out)
{
  float *buf[2] = {aligned_floats((size_t) BLOCK * h->max_stride),
                   aligned_floats((size_t) BLOCK * h->max_stride)};
  for (size_t at = 0; at < n; at += BLOCK) {
    size_t m = n - at < BLOCK ? n - at : BLOCK;
    /* the block's input, zero rows past the end */
    memset(buf[0], 0, sizeof(float) * BLOCK * h->in);
    memcpy(buf[0], x + at * h->in, sizeof(float) * m * h->in);
    int ld = h->in;
    int cur = run_layers(h, 0, buf, 0, &ld);
    for (size_t r = 0; r < m; r++)
      memcpy(out + (at + r) * h->out, buf[cur] + r * ld, sizeof(float) * h->out);
  }
  free(buf[0]);
  free(buf[1]);
}

/* Along a grid row (y fixed) the first hidden layer is piecewise linear in x, and each of its
 * units changes sign at most once (its pre-activation is linear in x). Between those points
 * the second layer's pre-activation is an affine function U + x V; the walk keeps U and V (in
 * double) and adds one column of the second layer's weights when a unit switches. Per point
 * that is one multiply-add per second-layer unit instead of the full n1 × n2 product. */
typedef struct {
  int n1, n2, n2_pad;
  double *base, *gain; /* (n1): c·y + b and the activation factor (1 or slope) at x_0 */
  int *switch_at;      /* (n1): the first column whose factor differs from gain; res: never */
  int *order;          /* (n1): units by switch_at */
  double *u, *v;       /* (n2_pad), 32-byte aligned, zero-padded */
  float *uf, *vf;      /* their float copies */
} RowWalk;

static inline double unit_gain(const gs_mlp_infer *h, const RowWalk *w, int k, double x)
{
  return h->w0[2 * k] * x + w->base[k] > 0 ? 1 : h->layers[0].slope;
}

GS_CPU_CLONES static void round_uv(RowWalk *w)
{
  for (int j = 0; j < w->n2_pad; j += 4) {
    v4f a = __builtin_convertvector(*(const v4d *) (w->u + j), v4f);
    v4f b = __builtin_convertvector(*(const v4d *) (w->v + j), v4f);
    memcpy(w->uf + j, &a, sizeof a);
    memcpy(w->vf + j, &b, sizeof b);
  }
}

/* U += du · column k of the second layer, V += dv · the same column. */
GS_CPU_CLONES static void add_column(const gs_mlp_infer *h, RowWalk *w, int k, double du, double dv)
{
  const v4d *col = (const v4d *) (h->w1t + (size_t) k * w->n2_pad);
  v4d *u = (v4d *) w->u, *v = (v4d *) w->v;
  const v4d duv = {du, du, du, du}, dvv = {dv, dv, dv, dv};
  for (int j = 0; j < w->n2_pad / 4; j++) {
    u[j] += col[j] * duv;
    v[j] += col[j] * dvv;
  }
}

/* Row j's start: factors at x_0, where each unit switches, and U, V. xs: the row's x_i. */
static void row_start(const gs_mlp_infer *h, RowWalk *w, const double *xs, int res, double y)
{
  const int n1 = w->n1;
  for (int k = 0; k < n1; k++) {
    w->base[k] = h->w0[2 * k + 1] * y + h->b0[k];
    w->gain[k] = unit_gain(h, w, k, xs[0]);
    /* the factor is monotone along the row: start from the analytic root, then settle */
    double a = h->w0[2 * k], t = a != 0 ? (-w->base[k] / a - xs[0]) / (xs[res - 1] - xs[0]) : -1;
    double ti = t * (res - 1);
    int i = !isfinite(t) ? res : ti < 1 ? 1 : ti > res - 1 ? res - 1 : (int) ti;
    if (a == 0) i = res;
    while (i > 1 && i < res && unit_gain(h, w, k, xs[i - 1]) != w->gain[k]) i--;
    while (i < res && unit_gain(h, w, k, xs[i]) == w->gain[k]) i++;
    w->switch_at[k] = i;
  }
  /* units by switch column (insertion sort: n1 is at most 512 and mostly in order) */
  for (int k = 0; k < n1; k++) {
    int q = k;
    while (q > 0 && w->switch_at[w->order[q - 1]] > w->switch_at[k]) {
      w->order[q] = w->order[q - 1];
      q--;
    }
    w->order[q] = k;
  }
  for (int j = 0; j < w->n2_pad; j++) w->u[j] = j < w->n2 ? h->b1[j] : 0, w->v[j] = 0;
  for (int k = 0; k < n1; k++)
    add_column(h, w, k, w->gain[k] * w->base[k], w->gain[k] * h->w0[2 * k]);
  round_uv(w);
}

/* Unit k switches: its factor goes to the other value; U and V follow. */
static void row_switch(const gs_mlp_infer *h, RowWalk *w, int k)
{
  double g = w->gain[k] == 1 ? h->layers[0].slope : 1;
  add_column(h, w, k, (g - w->gain[k]) * w->base[k], (g - w->gain[k]) * h->w0[2 * k]);
  w->gain[k] = g;
}

/* act(U + x V) into y (ld floats, a multiple of 8 when n2 ≥ NR). */
GS_CPU_CLONES static void row_emit(const RowWalk *w, float x, float slope, float *y, int ld)
{
  if (ld % 8 == 0) {
    const v8 xv = SPLAT8(x);
    for (int j = 0; j < ld; j += 8) {
      v8 z = LOAD8(w->uf + j) + xv * LOAD8(w->vf + j);
      if (slope != 1) z = LEAKY8(z, slope);
      memcpy(y + j, &z, sizeof z);
    }
    return;
  }
  for (int j = 0; j < w->n2; j++) {
    float z = w->uf[j] + x * w->vf[j];
    y[j] = z * (z > 0 ? 1 : slope);
  }
}

void gs_mlp_infer_grid(const gs_mlp_infer *h, const double box[4], int res, float *out)
{
  const size_t n = (size_t) res * res;
  if (!h->w0) { /* not two inputs and a hidden layer: the points one by one */
    float *xy = zalloc(2 * n, sizeof(float));
    for (int j = 0; j < res; j++)
      for (int i = 0; i < res; i++) {
        xy[2 * (j * res + i)] = (float) (box[0] + i * (box[1] - box[0]) / (res - 1));
        xy[2 * (j * res + i) + 1] = (float) (box[2] + j * (box[3] - box[2]) / (res - 1));
      }
    gs_mlp_infer_forward(h, xy, n, out);
    free(xy);
    return;
  }
  const HostLayer *l1 = &h->layers[1];
  const int ld1 = l1->narrow ? l1->out : l1->out_pad;
  RowWalk w = {.n1 = h->layers[0].out, .n2 = l1->out, .n2_pad = l1->out_pad};
  w.base = zalloc(w.n1, sizeof(double)), w.gain = zalloc(w.n1, sizeof(double));
  w.switch_at = zalloc(w.n1, sizeof(int)), w.order = zalloc(w.n1, sizeof(int));
  w.u = zalloc(w.n2_pad, sizeof(double));
  w.v = zalloc(w.n2_pad, sizeof(double));
  w.uf = aligned_floats(w.n2_pad), w.vf = aligned_floats(w.n2_pad);
  double *xs = zalloc(res, sizeof(double));
  for (int i = 0; i < res; i++) xs[i] = (float) (box[0] + i * (box[1] - box[0]) / (res - 1));
  float *buf[2] = {aligned_floats((size_t) BLOCK * h->max_stride),
                   aligned_floats((size_t) BLOCK * h->max_stride)};
  int next = 0; /* index into w.order of the next unit to switch in this row */
  for (size_t at = 0; at < n; at += BLOCK) {
    size_t m = n - at < BLOCK ? n - at : BLOCK;
    for (size_t r = 0; r < m; r++) {
      int j = (int) ((at + r) / res), i = (int) ((at + r) % res);
      if (i == 0) {
        /* the same float coordinates as the points the op path is given */
        row_start(h, &w, xs, res, (float) (box[2] + j * (box[3] - box[2]) / (res - 1)));
        next = 0;
      } else if (next < w.n1 && w.switch_at[w.order[next]] == i) {
        while (next < w.n1 && w.switch_at[w.order[next]] == i) row_switch(h, &w, w.order[next++]);
        round_uv(&w);
      }
      row_emit(&w, (float) xs[i], l1->slope, buf[0] + r * ld1, ld1);
    }
    int ld = ld1;
    int cur = run_layers(h, 2, buf, 0, &ld);
    for (size_t r = 0; r < m; r++)
      memcpy(out + (at + r) * h->out, buf[cur] + r * ld, sizeof(float) * h->out);
  }
  free(buf[0]);
  free(buf[1]);
  free(w.uf), free(w.vf);
  free(w.switch_at), free(w.order);
  free(w.base), free(w.gain), free(w.u), free(w.v);
  free(xs);
}
