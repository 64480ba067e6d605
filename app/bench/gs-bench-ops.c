/* gs-bench-ops.c — per-op timings through the backend: one representative size per op family,
 * each op issued as many times as fill about 0.2 s (1 to 50) and synced, the median over
 * --repeat runs. On a backend made with
 * timestamps (Vulkan) the device time per kernel kind is printed after the table. */
#include <stdio.h>
#include <string.h>

#include "gs-bench-impl.h"

typedef struct ops_inputs {
  gs_tensor *m256a, *m256b, *m1024a, *m1024b; /* matmul operands */
  gs_tensor *big, *row;                       /* (1024, 1024) and (1024) */
  gs_tensor *logits;                          /* (1024, 1000) */
  gs_tensor *image, *filters;                 /* (16, 16, 32, 32) and (32, 16, 3, 3) */
  gs_tensor *param, *grad;                    /* 1M parameters for an Adam step */
  gs_optim *adam;
  gs_params params;
  gs_rng rng;
} ops_inputs;

typedef struct ops_case {
  const char *name;
  double flops; /* per call, for the matmuls; 0 otherwise */
  void (*issue)(gs_ctx *step, ops_inputs *in);
} ops_case;

static void op_mm256(gs_ctx *s, ops_inputs *in)
{
  gs_matmul(s, in->m256a, in->m256b);
}
static void op_mm1024(gs_ctx *s, ops_inputs *in)
{
  gs_matmul(s, in->m1024a, in->m1024b);
}
static void op_mm1024_t(gs_ctx *s, ops_inputs *in)
{
  gs_matmul(s, gs_t(s, in->m1024a), in->m1024b);
}
static void op_add_bcast(gs_ctx *s, ops_inputs *in)
{
  gs_add(s, in->big, in->row);
}
static void op_exp(gs_ctx *s, ops_inputs *in)
{
  gs_exp(s, in->big);
}
static void op_sum_rows(gs_ctx *s, ops_inputs *in)
{
  gs_sum(s, in->big, 1, false);
}
static void op_sum_cols(gs_ctx *s, ops_inputs *in)
{
  gs_sum(s, in->big, 0, false);
}
static void op_softmax(gs_ctx *s, ops_inputs *in)
{
  gs_log_softmax(s, in->logits, -1);
}
static void op_conv(gs_ctx *s, ops_inputs *in)
{
  gs_conv2d(s, in->image, in->filters, NULL, 1, 1);
}
static void op_pool(gs_ctx *s, ops_inputs *in)
{
  gs_max_pool2d(s, in->image, 2, 2, 0);
}
static void op_randn(gs_ctx *s, ops_inputs *in)
{
  gs_rand_normal(s, &in->rng, GS_F32, 2, (int64_t[]){1024, 1024}, 0, 1);
}
static void op_adam(gs_ctx *s, ops_inputs *in)
{
  gs_optim_step(in->adam, &in->grad, 1e-3);
}

static const ops_case cases[] = {
    {"matmul 256", 2.0 * 256 * 256 * 256, op_mm256},
    {"matmul 1024", 2.0 * 1024 * 1024 * 1024, op_mm1024},
    {"matmul 1024 (A^T)", 2.0 * 1024 * 1024 * 1024, op_mm1024_t},
    {"add (1024,1024)+(1024)", 0, op_add_bcast},
    {"exp 1M", 0, op_exp},
    {"sum rows (1024,1024)", 0, op_sum_rows},
    {"sum cols (1024,1024)", 0, op_sum_cols},
    {"log_softmax (1024,1000)", 0, op_softmax},
    {"conv2d 16x16x32x32 * 32x3x3", 0, op_conv},
    {"max_pool2d 2x2", 0, op_pool},
    {"rand_normal 1M", 0, op_randn},
    {"adam step 1M", 0, op_adam},
};

/* The summary is the time for one call of each op in turn (µs), one sample per run. */
gboolean gs_bench_ops(const GsBenchOptions *o, GArray *samples, GError **error)
{
  gs_ctx *model = gs_ctx_new(o->be), *step = gs_ctx_new(o->be);
  ops_inputs in = {.rng = gs_rng_new(3)};
  gs_rng r = gs_rng_new(1);
  in.m256a = gs_rand_uniform(model, &r, GS_F32, 2, (int64_t[]){256, 256}, -1, 1);
  in.m256b = gs_rand_uniform(model, &r, GS_F32, 2, (int64_t[]){256, 256}, -1, 1);
  in.m1024a = gs_rand_uniform(model, &r, GS_F32, 2, (int64_t[]){1024, 1024}, -1, 1);
  in.m1024b = gs_rand_uniform(model, &r, GS_F32, 2, (int64_t[]){1024, 1024}, -1, 1);
  in.big = gs_rand_uniform(model, &r, GS_F32, 2, (int64_t[]){1024, 1024}, -1, 1);
  in.row = gs_rand_uniform(model, &r, GS_F32, 1, (int64_t[]){1024}, -1, 1);
  in.logits = gs_rand_uniform(model, &r, GS_F32, 2, (int64_t[]){1024, 1000}, -5, 5);
  in.image = gs_rand_uniform(model, &r, GS_F32, 4, (int64_t[]){16, 16, 32, 32}, -1, 1);
  in.filters = gs_rand_uniform(model, &r, GS_F32, 4, (int64_t[]){32, 16, 3, 3}, -1, 1);
  in.param = gs_rand_uniform(model, &r, GS_F32, 2, (int64_t[]){1024, 1024}, -1, 1);
  in.grad = gs_rand_uniform(model, &r, GS_F32, 2, (int64_t[]){1024, 1024}, -1, 1);
  gs_params_add(&in.params, "w", in.param);
  gs_optim_config oc = gs_optim_config_default(GS_OPTIM_ADAM);
  in.adam = gs_optim_new(model, &oc, &in.params);
  gs_backend_sync(o->be);

  printf("# op                          µs/call   GFLOP/s\n");
  double *t = g_new(double, o->repeat), *per_run = g_new0(double, o->repeat);
  for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
    int calls = 1;
    for (int run = -1; run < o->repeat; run++) { /* run -1: warm-up (pipelines, arena sizes) */
      double t0 = gs_bench_now();
      for (int i = 0; i < calls; i++) cases[c].issue(step, &in);
      gs_backend_sync(o->be);
      double dt = (gs_bench_now() - t0) / calls;
      gs_ctx_reset(step);
      if (run < 0) calls = dt > 0.2 ? 1 : (dt < 0.004 ? 50 : (int) (0.2 / dt));
      if (run >= 0) {
        t[run] = dt;
        per_run[run] += dt * 1e6;
      }
    }
    double med = gs_bench_median(t, (guint) o->repeat);
    if (cases[c].flops > 0)
      printf("# %-27s %9.1f %9.2f\n", cases[c].name, med * 1e6, cases[c].flops / med * 1e-9);
    else
      printf("# %-27s %9.1f\n", cases[c].name, med * 1e6);
  }
  g_array_append_vals(samples, per_run, (guint) o->repeat); /* µs for one call of every op */
  g_free(t);
  g_free(per_run);

  gs_kernel_time kt[64];
  int n = gs_backend_kernel_times(o->be, kt, 64);
  if (n > 0) printf("# device time per kernel (timestamps, all runs):\n");
  for (int i = 0; i < n; i++)
    printf("#   %-18s %8" G_GUINT64_FORMAT " dispatches %10.1f µs each\n", kt[i].kernel,
           kt[i].count, kt[i].seconds / (double) kt[i].count * 1e6);

  gs_optim_free(in.adam);
  gs_params_clear(&in.params);
  gs_ctx_free(step);
  gs_ctx_free(model);
  return TRUE;
}
