/* gs-host-mlp.c — see gs-host-mlp.h. */
#include "gs-config.h"

#include "gs-host-mlp.h"

#include <string.h>

/* Compiled for x86-64-v3 (AVX2, FMA) and the baseline, as the CPU backend's hot loops are. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define HOST_MLP_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define HOST_MLP_CLONES
#endif

/* A tile is MR rows × 2 vectors of 8 columns: 12 accumulators, two weight vectors and a
 * broadcast fill the 16 AVX2 registers. Rows go through in blocks of BLOCK (a multiple of MR)
 * so a block's activations (BLOCK × 512 floats at most) stay in L1/L2. */
enum { MR = 6, NR = 16, BLOCK = 96, MAX_LAYERS = 16 };

typedef float v8 __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4))); /* unaligned loads */

typedef struct {
  int in, out;     /* real widths */
  int out_pad;     /* out rounded up to NR: the row stride of this layer's activations */
  gboolean narrow; /* out < NR: dot products along the input instead of tiles */
  float *w;        /* narrow: (out, in_stride) rows; else transposed (in, out_pad) */
  float *b;        /* (out_pad), zero-padded */
  float slope;     /* activation x * (x > 0 ? 1 : slope); 1: identity */
} HostLayer;

struct GsHostMlp {
  int n_layers, in, out;
  HostLayer layers[MAX_LAYERS];
  int max_stride;
};

static float *aligned_floats(gsize n)
{
  return g_aligned_alloc0(MAX(n, 1), sizeof(float), 32);
}

static gboolean act_slope(gs_act act, double param, float *slope)
{
  switch (act) {
  case GS_ACT_NONE:
    *slope = 1;
    return TRUE;
  case GS_ACT_RELU:
    *slope = 0;
    return TRUE;
  case GS_ACT_LEAKY_RELU:
    *slope = (float) param;
    return param >= 0;
  default:
    return FALSE;
  }
}

GsHostMlp *gs_host_mlp_new(gs_ctx *ctx, const gs_mlp *mlp)
{
  float hidden_slope;
  if (gs_backend_get_kind(gs_ctx_backend(ctx)) != GS_BACKEND_CPU) return NULL;
  if (mlp->n_layers > MAX_LAYERS || mlp->config.output != GS_ACT_NONE) return NULL;
  if (!act_slope(mlp->config.hidden, mlp->config.hidden_param, &hidden_slope)) return NULL;
  GsHostMlp *h = g_new0(GsHostMlp, 1);
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
    g_autofree float *w = g_new(float, (gsize) l->out * l->in);
    gs_read(src->weight, w);
    if (l->narrow) {
      /* padded input columns are zero (see below), so zero weights there change nothing */
      l->w = aligned_floats((gsize) l->out * in_stride);
      for (int o = 0; o < l->out; o++)
        memcpy(l->w + o * in_stride, w + o * l->in, sizeof(float) * l->in);
    } else {
      l->w = aligned_floats((gsize) l->in * l->out_pad);
      for (int o = 0; o < l->out; o++)
        for (int k = 0; k < l->in; k++) l->w[k * l->out_pad + o] = w[o * l->in + k];
    }
    l->b = aligned_floats(l->out_pad);
    if (src->bias) gs_read(src->bias, l->b);
    /* a tiled layer's padded columns are act(0 · x + 0) = 0: its successor may read them */
    in_stride = l->narrow ? l->out : l->out_pad;
    h->max_stride = MAX(h->max_stride, in_stride);
  }
  h->out = h->layers[h->n_layers - 1].out;
  return h;
}

void gs_host_mlp_free(GsHostMlp *h)
{
  if (!h) return;
  for (int i = 0; i < h->n_layers; i++) {
    g_aligned_free(h->layers[i].w);
    g_aligned_free(h->layers[i].b);
  }
  g_free(h);
}

/* Macros, not functions: GCC lowers a function's vector code for its own target before
 * inlining, so helpers would be built for the baseline inside the AVX2 clone. */
#define LOAD8(p)  (*(const v8u *) (p))
#define SPLAT8(x) ((v8){(x), (x), (x), (x), (x), (x), (x), (x)})

/* x * (x > 0 ? 1 : slope), on 8 lanes */
#define LEAKY8(x, slope)                                                                           \
  ((v8) (((v8i) (x) & ((x) > (v8){0})) | ((v8i) ((x) * (slope)) & ~((x) > (v8){0}))))

/* y (BLOCK, out_pad) = act(x (BLOCK, ·) with row stride ldx · Wᵀ + b), MR × NR tiles. */
HOST_MLP_CLONES static void tiled_layer(const HostLayer *l, const float *x, int ldx, float *y)
{
  const int K = l->in, N = l->out_pad;
  for (int j = 0; j < N; j += NR) {
    const v8 b0 = LOAD8(l->b + j), b1 = LOAD8(l->b + j + 8);
    for (int r0 = 0; r0 < BLOCK; r0 += MR) {
      v8 c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
      v8 c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1;
      const float *xr = x + (gsize) r0 * ldx;
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
      float *yr = y + (gsize) r0 * N + j;
      const float s = l->slope;
      const v8 out[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21},
                             {c30, c31}, {c40, c41}, {c50, c51}};
      for (int r = 0; r < MR; r++) {
        v8 lo = out[r][0], hi = out[r][1];
        if (s != 1) lo = LEAKY8(lo, s), hi = LEAKY8(hi, s);
        memcpy(yr + (gsize) r * N, &lo, sizeof lo);
        memcpy(yr + (gsize) r * N + 8, &hi, sizeof hi);
      }
    }
  }
}

/* y (BLOCK, out) = act(x · Wᵀ + b) for a layer narrower than a tile (D's output). */
HOST_MLP_CLONES static void narrow_layer(const HostLayer *l, const float *x, int ldx, float *y)
{
  for (int r = 0; r < BLOCK; r++)
    for (int o = 0; o < l->out; o++) {
      const float *xr = x + (gsize) r * ldx, *w = l->w + (gsize) o * ldx;
      float acc[8] = {0};
      int k = 0;
      for (; k + 8 <= l->in; k += 8)
        for (int q = 0; q < 8; q++) acc[q] += xr[k + q] * w[k + q];
      float v = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
      for (; k < l->in; k++) v += xr[k] * w[k];
      v += l->b[o];
      y[(gsize) r * l->out + o] = v * (v > 0 ? 1 : l->slope);
    }
}

void gs_host_mlp_forward(const GsHostMlp *h, const float *x, gsize n, float *out)
{
  float *buf[2] = {aligned_floats((gsize) BLOCK * h->max_stride),
                   aligned_floats((gsize) BLOCK * h->max_stride)};
  for (gsize at = 0; at < n; at += BLOCK) {
    gsize m = MIN((gsize) BLOCK, n - at);
    /* the block's input, zero rows past the end */
    memset(buf[0], 0, sizeof(float) * BLOCK * h->in);
    memcpy(buf[0], x + at * h->in, sizeof(float) * m * h->in);
    int ld = h->in, cur = 0;
    for (int i = 0; i < h->n_layers; i++) {
      const HostLayer *l = &h->layers[i];
      if (l->narrow)
        narrow_layer(l, buf[cur], ld, buf[!cur]);
      else
        tiled_layer(l, buf[cur], ld, buf[!cur]);
      ld = l->narrow ? l->out : l->out_pad;
      cur = !cur;
    }
    for (gsize r = 0; r < m; r++)
      memcpy(out + (at + r) * h->out, buf[cur] + r * ld, sizeof(float) * h->out);
  }
  g_aligned_free(buf[0]);
  g_aligned_free(buf[1]);
}
