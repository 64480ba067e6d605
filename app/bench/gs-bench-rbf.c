/* gs-bench-rbf.c — fused radial-basis kernel sums (gs_rbf_sum), the two cases of issue 8:
 *   rbf-sum      8,192 thin-plate centres (r² log r) at n = 2 evaluated on a 256×256 grid;
 *   rbf-sum-784  10,000 centres × 10,000 points at n = 784 with the log kernel (m = n/2).
 * tools/rbf_sum_torch.py times a straightforward PyTorch CPU version of the same sums. */
#include <stdio.h>

#include "gs-bench-impl.h"

typedef struct {
  int64_t points, centres, dim;
  gs_rbf phi;
} rbf_case;

static double time_case(const GsBenchOptions *o, const rbf_case *rc, gboolean grad, GArray *samples)
{
  gs_ctx *data = gs_ctx_new(o->be), *step = gs_ctx_new(o->be);
  gs_rng rng = gs_rng_new(8);
  gs_tensor *x;
  if (rc->dim == 2) { /* the grid of a landscape view over [-1, 1]² */
    int side = 256;
    float *grid = g_new(float, (gsize) side *side * 2);
    for (int i = 0; i < side; i++)
      for (int j = 0; j < side; j++) {
        grid[2 * (i * side + j)] = -1.0f + 2.0f * (float) j / (float) (side - 1);
        grid[2 * (i * side + j) + 1] = -1.0f + 2.0f * (float) i / (float) (side - 1);
      }
    x = gs_from_data(data, GS_F32, 2, (int64_t[]){side * side, 2}, grid);
    g_free(grid);
  } else { /* pixel-like data */
    x = gs_rand_uniform(data, &rng, GS_F32, 2, (int64_t[]){rc->points, rc->dim}, 0, 1);
  }
  gs_tensor *c = gs_rand_uniform(data, &rng, GS_F32, 2, (int64_t[]){rc->centres, rc->dim},
                                 rc->dim == 2 ? -1 : 0, 1);
  /* Poly-WGAN weights: −1/N on the first half (real), +1/N on the second (fake) */
  float *w = g_new(float, (gsize) rc->centres);
  for (int64_t j = 0; j < rc->centres; j++)
    w[j] = (j < rc->centres / 2 ? -2.0f : 2.0f) / (float) rc->centres;
  gs_tensor *tw = gs_from_data(data, GS_F32, 1, (int64_t[]){rc->centres}, w);
  g_free(w);
  double *t = g_new(double, o->repeat);
  for (int r = -1; r < o->repeat; r++) { /* r = -1: warm-up */
    double t0 = gs_bench_now();
    gs_tensor *out =
        grad ? gs_rbf_sum_grad(step, x, c, tw, &rc->phi) : gs_rbf_sum(step, x, c, tw, &rc->phi);
    float probe;
    gs_read(gs_slice(step, gs_flatten(step, out), 0, 0, 1), &probe);
    double dt = gs_bench_now() - t0;
    gs_ctx_reset(step);
    if (r >= 0) {
      t[r] = dt;
      if (samples) g_array_append_val(samples, (double){dt * 1e3});
    }
  }
  double med = gs_bench_median(t, (guint) o->repeat);
  g_free(t);
  gs_ctx_free(step);
  gs_ctx_free(data);
  return med;
}

static gboolean run_rbf(const GsBenchOptions *o, const rbf_case *rc, GArray *samples)
{
  double pairs = (double) rc->points * (double) rc->centres;
  double tv = time_case(o, rc, FALSE, samples), tg = time_case(o, rc, TRUE, NULL);
  char a[32], b[32], c[32], d[32];
  printf("# %lld points × %lld centres, n = %lld\n", (long long) rc->points,
         (long long) rc->centres, (long long) rc->dim);
  printf("#   value:    %s ms  (%s Gpairs/s)\n", g_ascii_formatd(a, sizeof a, "%.2f", tv * 1e3),
         g_ascii_formatd(b, sizeof b, "%.3f", pairs / tv * 1e-9));
  printf("#   gradient: %s ms  (%s Gpairs/s)\n", g_ascii_formatd(c, sizeof c, "%.2f", tg * 1e3),
         g_ascii_formatd(d, sizeof d, "%.3f", pairs / tg * 1e-9));
  printf("# summary: median ms of the value sum\n");
  return TRUE;
}

gboolean gs_bench_rbf_sum(const GsBenchOptions *o, GArray *samples, GError **error)
{
  const rbf_case rc = {256 * 256, 8192, 2, {GS_RBF_POW_LOG, 2, 0, 0}};
  return run_rbf(o, &rc, samples);
}

gboolean gs_bench_rbf_sum_784(const GsBenchOptions *o, GArray *samples, GError **error)
{
  const rbf_case rc = {10000, 10000, 784, {GS_RBF_POW_LOG, 0, 0, 0}};
  return run_rbf(o, &rc, samples);
}
