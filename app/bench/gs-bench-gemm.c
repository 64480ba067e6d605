/* gs-bench-gemm.c — matrix products: the backend against raw cblas_sgemm, and the size below
 * which the CPU backend's plain loops beat OpenBLAS. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>

#include "gs-bench-impl.h"

/* Median seconds of one (n × n) @ (n × n) product through the backend (*backend) and through
 * cblas_sgemm on host arrays (*raw), the two timed alternately so that a busy machine slows
 * both alike. raw may be NULL. */
static void time_gemm(gs_backend *be, int n, int runs, double *backend, double *raw)
{
  gs_ctx *ctx = gs_ctx_new(be), *step = gs_ctx_new(be);
  gs_rng rng = gs_rng_new(1);
  int64_t shape[2] = {n, n};
  gs_tensor *a = gs_rand_uniform(ctx, &rng, GS_F32, 2, shape, -1, 1);
  gs_tensor *b = gs_rand_uniform(ctx, &rng, GS_F32, 2, shape, -1, 1);
  float *ha = g_new(float, (gsize) n *n), *hb = g_new(float, (gsize) n *n);
  float *hc = g_new(float, (gsize) n *n);
  gs_read(a, ha);
  gs_read(b, hb);
  double *tb = g_new(double, runs), *tr = g_new(double, runs);
  for (int r = -1; r < runs; r++) { /* r = -1: warm-up */
    double t0 = gs_bench_now();
    gs_matmul(step, a, b);
    gs_backend_sync(be);
    double t1 = gs_bench_now();
    gs_ctx_reset(step);
    if (raw)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, ha, n, hb, n, 0, hc, n);
    double t2 = gs_bench_now();
    if (r >= 0) {
      tb[r] = t1 - t0;
      tr[r] = t2 - t1;
    }
  }
  *backend = gs_bench_median(tb, (guint) runs);
  if (raw) *raw = gs_bench_median(tr, (guint) runs);
  g_free(tb);
  g_free(tr);
  g_free(ha);
  g_free(hb);
  g_free(hc);
  gs_ctx_free(step);
  gs_ctx_free(ctx);
}

static double time_backend(gs_backend *be, int n, int runs)
{
  double t;
  time_gemm(be, n, runs, &t, NULL);
  return t;
}

/* The table for 256 … 2048; the summary is the backend's rate at --size, one sample per run. */
gboolean gs_bench_gemm(const GsBenchOptions *o, GArray *samples, GError **error)
{
  static const int sizes[] = {256, 512, 1024, 2048};
  printf("# size  backend GFLOP/s  cblas_sgemm GFLOP/s  ratio\n");
  for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
    int n = sizes[i];
    double flop = 2.0 * n * n * (double) n;
    int runs = n <= 512 ? 20 * o->repeat : o->repeat;
    double tb, tc;
    time_gemm(o->be, n, runs, &tb, &tc);
    char a[32], b[32], r[32];
    printf("%6d  %15s  %19s  %5s\n", n, g_ascii_formatd(a, sizeof a, "%.1f", flop / tb * 1e-9),
           g_ascii_formatd(b, sizeof b, "%.1f", flop / tc * 1e-9),
           g_ascii_formatd(r, sizeof r, "%.3f", tc / tb));
  }
  double flop = 2.0 * o->size * o->size * (double) o->size;
  for (int r = 0; r < o->repeat; r++) {
    double t = time_backend(o->be, o->size, 1);
    g_array_append_val(samples, (double){flop / t * 1e-9});
  }
  printf("# summary: the backend at size %d\n", o->size);
  return TRUE;
}

/* For n = 8 … 128 (all three dimensions n), time the CPU backend's product with OpenBLAS turned
 * off (the loops) and always on; the sample is the smallest n where OpenBLAS is faster at this
 * n and every larger one measured. */
gboolean gs_bench_gemm_crossover(const GsBenchOptions *o, GArray *samples, GError **error)
{
  if (gs_backend_get_kind(o->be) != GS_BACKEND_CPU) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                "gemm-crossover measures the CPU backend (use --backend cpu)");
    return FALSE;
  }
  static const int sizes[] = {8, 12, 16, 24, 32, 48, 64, 96, 128};
  enum { N = G_N_ELEMENTS(sizes) };
  gs_backend_options bo = {.threads = o->threads};
  for (int rep = 0; rep < o->repeat; rep++) {
    double loops[N], blas[N];
    for (int mode = 0; mode < 2; mode++) {
      g_setenv("GS_CPU_BLAS_MIN", mode ? "1" : "1000000", TRUE);
      gs_backend *be = gs_backend_new(GS_BACKEND_CPU, &bo, NULL);
      for (int i = 0; i < N; i++) {
        int n = sizes[i], runs = (int) (2e7 / (2.0 * n * n * n)) + 5;
        (mode ? blas : loops)[i] = time_backend(be, n, runs);
      }
      gs_backend_free(be);
    }
    g_unsetenv("GS_CPU_BLAS_MIN");
    int cross = sizes[N - 1] * 2;
    for (int i = N - 1; i >= 0 && blas[i] < loops[i]; i--) cross = sizes[i];
    if (rep == 0) {
      printf("# n    loops µs   OpenBLAS µs\n");
      for (int i = 0; i < N; i++) {
        char a[32], b[32];
        printf("%4d  %9s  %12s\n", sizes[i], g_ascii_formatd(a, sizeof a, "%.2f", loops[i] * 1e6),
               g_ascii_formatd(b, sizeof b, "%.2f", blas[i] * 1e6));
      }
    }
    g_array_append_val(samples, (double){cross});
  }
  return TRUE;
}
