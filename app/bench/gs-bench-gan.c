/* gs-bench-gan.c — the 2-D GAN workloads: gan2d (non-saturating loss), gan2d-gp (WGAN-GP
 * critic), gan2d-memory (a long gan2d run watching the resident set) and landscape (the critic
 * over a grid).
 *
 * G = MLP 2→64→64→2, D = MLP 2→64→64→1, leaky ReLU 0.2, batch 256, Adam lr 1e-3, β 0.5/0.999,
 * one D step and one G step per iteration, real data from 8 gaussians on a circle of radius 2
 * (σ 0.02), latent z ~ N(0, I₂). tools/bench-torch.py runs the same in PyTorch.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gs-bench-impl.h"

enum { BATCH = 256 };

typedef struct gan2d {
  gs_backend *be;
  gs_ctx *model, *step;
  gs_mlp *G, *D;
  gs_params gp, dp;
  gs_optim *gopt, *dopt;
  gs_rng data_rng, noise_rng;
  float real[BATCH * 2];
  bool wgan_gp;
} gan2d;

static void gan2d_init(gan2d *g, gs_backend *be, bool wgan_gp, uint64_t seed)
{
  memset(g, 0, sizeof *g);
  g->be = be;
  g->wgan_gp = wgan_gp;
  g->model = gs_ctx_new(be);
  g->step = gs_ctx_new(be);
  gs_rng root = gs_rng_new(seed), init = gs_rng_fork(&root, 0);
  g->data_rng = gs_rng_fork(&root, 1);
  g->noise_rng = gs_rng_fork(&root, 2);
  gs_mlp_config mc = {.hidden = GS_ACT_LEAKY_RELU,
                      .hidden_param = 0.2,
                      .output = GS_ACT_NONE,
                      .bias = true,
                      .init = GS_INIT_UNIFORM_FANIN};
  g->G = gs_mlp_new(g->model, &init, 4, (int64_t[]){2, 64, 64, 2}, &mc);
  g->D = gs_mlp_new(g->model, &init, 4, (int64_t[]){2, 64, 64, 1}, &mc);
  gs_mlp_collect(g->G, "g.", &g->gp);
  gs_mlp_collect(g->D, "d.", &g->dp);
  gs_optim_config oc = {
      .kind = GS_OPTIM_ADAM, .lr = 1e-3, .beta1 = 0.5, .beta2 = 0.999, .eps = 1e-8};
  g->gopt = gs_optim_new(g->model, &oc, &g->gp);
  g->dopt = gs_optim_new(g->model, &oc, &g->dp);
}

static void gan2d_clear(gan2d *g)
{
  gs_optim_free(g->gopt);
  gs_optim_free(g->dopt);
  gs_params_clear(&g->gp);
  gs_params_clear(&g->dp);
  gs_ctx_free(g->step);
  gs_ctx_free(g->model);
}

/* 8 gaussians: a random centre on the circle of radius 2 (drawn on the host), plus N(0, 0.02²)
 * noise (drawn by the backend) */
static gs_tensor *real_batch(gan2d *g)
{
  for (int i = 0; i < BATCH; i++) {
    double a = 2 * M_PI * gs_rng_below(&g->data_rng, 8) / 8.0;
    g->real[2 * i] = (float) (2 * cos(a));
    g->real[2 * i + 1] = (float) (2 * sin(a));
  }
  gs_tensor *centres = gs_from_data(g->step, GS_F32, 2, (int64_t[]){BATCH, 2}, g->real);
  return gs_add(g->step, centres,
                gs_rand_normal(g->step, &g->data_rng, GS_F32, 2, (int64_t[]){BATCH, 2}, 0, 0.02));
}

static gs_tensor *latent(gan2d *g)
{
  return gs_rand_normal(g->step, &g->noise_rng, GS_F32, 2, (int64_t[]){BATCH, 2}, 0, 1);
}

static void gan2d_iteration(gan2d *g)
{
  gs_ctx *s = g->step;

  /* D step: the fake batch is a constant */
  gs_tensor *x = real_batch(g);
  bool was = gs_set_grad_enabled(s, false);
  gs_tensor *fake = gs_mlp_forward(s, g->G, latent(g));
  gs_set_grad_enabled(s, was);
  gs_tensor *d_real = gs_mlp_forward(s, g->D, x), *d_fake = gs_mlp_forward(s, g->D, fake);
  gs_tensor *d_loss;
  if (!g->wgan_gp) {
    d_loss = gs_add(s, gs_mean_all(s, gs_softplus(s, gs_neg(s, d_real))),
                    gs_mean_all(s, gs_softplus(s, d_fake)));
  } else {
    gs_tensor *a = gs_rand_uniform(s, &g->noise_rng, GS_F32, 2, (int64_t[]){BATCH, 1}, 0, 1);
    gs_tensor *xhat = gs_add(s, gs_mul(s, a, x), gs_mul(s, gs_rsub_scalar(s, a, 1.0), fake));
    gs_set_requires_grad(xhat, true);
    gs_tensor *f = gs_mlp_forward(s, g->D, xhat);
    gs_tensor *gx = gs_grad(s, gs_sum_all(s, f), NULL, 1, &xhat, true)[0];
    gs_tensor *norm = gs_sqrt(s, gs_sum(s, gs_square(s, gx), -1, false));
    gs_tensor *gp = gs_mean_all(s, gs_square(s, gs_add_scalar(s, norm, -1.0)));
    d_loss = gs_add(s, gs_sub(s, gs_mean_all(s, d_fake), gs_mean_all(s, d_real)),
                    gs_mul_scalar(s, gp, 10.0));
  }
  gs_optim_step(g->dopt, gs_grad(s, d_loss, NULL, g->dp.n, g->dp.tensors, false), 1e-3);
  gs_ctx_reset(s);

  /* G step */
  gs_tensor *d_gen = gs_mlp_forward(s, g->D, gs_mlp_forward(s, g->G, latent(g)));
  gs_tensor *g_loss = g->wgan_gp ? gs_neg(s, gs_mean_all(s, d_gen))
                                 : gs_mean_all(s, gs_softplus(s, gs_neg(s, d_gen)));
  gs_optim_step(g->gopt, gs_grad(s, g_loss, NULL, g->gp.n, g->gp.tensors, false), 1e-3);
  gs_ctx_reset(s);
}

static gboolean run_gan(const GsBenchOptions *o, GArray *samples, bool wgan_gp)
{
  gint64 iters = o->iterations ? o->iterations : 500;
  gan2d g;
  gan2d_init(&g, o->be, wgan_gp, 7);
  for (int i = 0; i < 50; i++) gan2d_iteration(&g); /* warm-up: arenas reach their size */
  gs_backend_sync(o->be);
  for (int r = 0; r < o->repeat; r++) {
    double t0 = gs_bench_now();
    for (gint64 i = 0; i < iters; i++) gan2d_iteration(&g);
    gs_backend_sync(o->be);
    double t = gs_bench_now() - t0;
    g_array_append_val(samples, (double){(double) iters / t});
  }
  /* a sanity line: the critic's mean output on real data after training */
  gs_tensor *d = gs_mlp_forward(g.step, g.D, real_batch(&g));
  char num[32];
  printf("# %" G_GINT64_FORMAT " iterations per run; D(real) mean %s\n", iters,
         g_ascii_formatd(num, sizeof num, "%.4f", gs_item(gs_mean_all(g.step, d))));
  gan2d_clear(&g);
  return TRUE;
}

gboolean gs_bench_gan2d(const GsBenchOptions *o, GArray *samples, GError **error)
{
  return run_gan(o, samples, false);
}

gboolean gs_bench_gan2d_gp(const GsBenchOptions *o, GArray *samples, GError **error)
{
  return run_gan(o, samples, true);
}

/* Resident set size in KiB, from /proc/self/statm. */
static gint64 rss_kib(void)
{
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, resident = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    fclose(f);
  }
  return (gint64) resident * (gint64) (sysconf(_SC_PAGESIZE) / 1024);
}

gboolean gs_bench_gan2d_memory(const GsBenchOptions *o, GArray *samples, GError **error)
{
  gint64 iters = o->iterations ? o->iterations : 1000000;
  gint64 every = iters >= 20 ? iters / 20 : 1;
  gint64 warm = MIN(1000, iters / 10);
  for (int r = 0; r < o->repeat; r++) {
    gan2d g;
    gan2d_init(&g, o->be, false, 7 + (uint64_t) r);
    gint64 base = 0, peak = 0;
    printf("# iteration    RSS KiB   step arena bytes   model arena bytes\n");
    for (gint64 i = 1; i <= iters; i++) {
      gan2d_iteration(&g);
      if (i == warm) base = peak = rss_kib();
      if (i > warm) peak = MAX(peak, i % 64 == 0 ? rss_kib() : peak);
      if (i % every == 0 || i == iters)
        printf("%11" G_GINT64_FORMAT " %10" G_GINT64_FORMAT " %18zu %19zu\n", i, rss_kib(),
               gs_ctx_bytes_reserved(g.step), gs_ctx_bytes_reserved(g.model));
    }
    gs_backend_sync(o->be);
    g_array_append_val(samples, (double){(double) (peak - base)});
    gan2d_clear(&g);
  }
  printf("# summary: growth of the resident set between iteration %" G_GINT64_FORMAT
         " and the end\n",
         warm);
  return TRUE;
}

/* The critic over a 256 × 256 grid of [-3, 3]², all 65,536 points in one batch, read back. */
gboolean gs_bench_landscape(const GsBenchOptions *o, GArray *samples, GError **error)
{
  enum { R = 256 };
  gan2d g;
  gan2d_init(&g, o->be, false, 7);
  float *grid = g_new(float, R *R * 2), *out = g_new(float, R *R);
  for (int i = 0; i < R; i++)
    for (int j = 0; j < R; j++) {
      grid[2 * (i * R + j)] = (float) (-3 + 6.0 * j / (R - 1));
      grid[2 * (i * R + j) + 1] = (float) (-3 + 6.0 * i / (R - 1));
    }
  gs_ctx *model = g.model, *s = g.step;
  gs_tensor *points = gs_from_data(model, GS_F32, 2, (int64_t[]){R * R, 2}, grid);
  gs_set_grad_enabled(s, false);
  int per_run = 20;
  for (int r = -1; r < o->repeat; r++) { /* r = -1: warm-up */
    double t0 = gs_bench_now();
    for (int k = 0; k < per_run; k++) {
      gs_read(gs_mlp_forward(s, g.D, points), out);
      gs_ctx_reset(s);
    }
    double t = gs_bench_now() - t0;
    if (r >= 0) g_array_append_val(samples, (double){per_run / t});
  }
  printf("# %d grid evaluations (65,536 points each) per run\n", per_run);
  g_free(grid);
  g_free(out);
  gan2d_clear(&g);
  return TRUE;
}
