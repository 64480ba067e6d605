/* gs-bench-at.c — at-epoch: one epoch of PGD-10 adversarial training.
 *
 * MLP 784→256→256→10 (ReLU), SGD lr 0.01 momentum 0.9, on the first 10,000 Fashion-MNIST
 * training images (pixels / 255), shuffled each epoch, batch 128 (the last batch holds 16).
 * Each batch: δ ~ U(-ε, ε); 10 times δ ← clip_ε(δ + α sign ∇δ CE(f(clip₀₁(x + δ)), y)); then one
 * SGD step on CE(f(clip₀₁(x + δ)), y). ε = 0.1, α = ε/4. The sample is images per second.
 */
#include <stdio.h>

#include "datasets/gs-idx.h"
#include "gs-bench-impl.h"

enum { N_TRAIN = 10000, BATCH = 128, STEPS = 10 };
#define EPS   0.1
#define ALPHA (EPS / 4)

typedef struct at_run {
  gs_ctx *model, *step;
  gs_mlp *net;
  gs_params params;
  gs_optim *opt;
  gs_tensor *images; /* (N_TRAIN, 784) */
  gs_tensor *labels; /* (N_TRAIN) I32 */
  gs_rng rng;
  int32_t perm[N_TRAIN];
} at_run;

/* Returns the mean adversarial training loss of the epoch (for the sanity line). */
static double at_epoch(at_run *a)
{
  gs_ctx *s = a->step;
  gs_rng_permutation(&a->rng, a->perm, N_TRAIN);
  double loss_sum = 0;
  for (int start = 0; start < N_TRAIN; start += BATCH) {
    int n = MIN(BATCH, N_TRAIN - start);
    gs_tensor *idx = gs_from_data(s, GS_I32, 1, (int64_t[]){n}, a->perm + start);
    gs_tensor *x = gs_gather_rows(s, a->images, idx); // (n, 784)
    gs_tensor *y = gs_gather_rows(s, a->labels, idx); // (n)
    gs_tensor *delta = gs_rand_uniform(s, &a->rng, GS_F32, 2, x->shape, -EPS, EPS);
    for (int k = 0; k < STEPS; k++) {
      gs_set_requires_grad(delta, true);
      gs_tensor *xa = gs_clamp(s, gs_add(s, x, delta), 0, 1);
      gs_tensor *loss = gs_cross_entropy(s, gs_mlp_forward(s, a->net, xa), y);
      gs_tensor *g = gs_grad(s, loss, NULL, 1, &delta, false)[0];
      bool was = gs_set_grad_enabled(s, false);
      delta = gs_clamp(s, gs_add(s, delta, gs_mul_scalar(s, gs_sign(s, g), ALPHA)), -EPS, EPS);
      gs_set_grad_enabled(s, was);
    }
    gs_tensor *xa = gs_clamp(s, gs_add(s, x, delta), 0, 1);
    gs_tensor *loss = gs_cross_entropy(s, gs_mlp_forward(s, a->net, xa), y);
    gs_optim_step(a->opt, gs_grad(s, loss, NULL, a->params.n, a->params.tensors, false), 0.01);
    loss_sum += gs_item(loss) * n;
    gs_ctx_reset(s);
  }
  return loss_sum / N_TRAIN;
}

gboolean gs_bench_at_epoch(const GsBenchOptions *o, GArray *samples, GError **error)
{
  g_autofree char *ipath = g_build_filename(o->data, "train-images-idx3-ubyte.gz", NULL);
  g_autofree char *lpath = g_build_filename(o->data, "train-labels-idx1-ubyte.gz", NULL);
  g_autoptr(GsIdx) images = gs_idx_load(ipath, error);
  if (!images) return FALSE;
  g_autoptr(GsIdx) labels = gs_idx_load(lpath, error);
  if (!labels) return FALSE;
  if (images->ndim != 3 || images->dims[0] < N_TRAIN || images->dims[1] * images->dims[2] != 784 ||
      labels->ndim != 1 || labels->dims[0] < N_TRAIN) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT,
                "%s and %s are not 28×28 images with labels (at least %d of each)", ipath, lpath,
                N_TRAIN);
    return FALSE;
  }
  float *x = g_new(float, (gsize) N_TRAIN * 784);
  gs_idx_to_float(images, 0, (gsize) N_TRAIN * 784, 1.0 / 255, x);
  int32_t *y = g_new(int32_t, N_TRAIN);
  for (int i = 0; i < N_TRAIN; i++) {
    double v = gs_idx_value(labels, (gsize) i);
    if (v < 0 || v > 9) {
      g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT, "%s: label %d is %g, not 0 to 9", lpath,
                  i, v);
      g_free(x);
      g_free(y);
      return FALSE;
    }
    y[i] = (int32_t) v;
  }

  at_run a = {0};
  a.model = gs_ctx_new(o->be);
  a.step = gs_ctx_new(o->be);
  a.rng = gs_rng_new(5);
  gs_rng init = gs_rng_fork(&a.rng, 0);
  a.net = gs_mlp_new(a.model, &init, 4, (int64_t[]){784, 256, 256, 10},
                     &(gs_mlp_config){.hidden = GS_ACT_RELU,
                                      .output = GS_ACT_NONE,
                                      .bias = true,
                                      .init = GS_INIT_UNIFORM_FANIN});
  gs_mlp_collect(a.net, "", &a.params);
  gs_optim_config oc = {.kind = GS_OPTIM_SGD, .lr = 0.01, .momentum = 0.9};
  a.opt = gs_optim_new(a.model, &oc, &a.params);
  a.images = gs_from_data(a.model, GS_F32, 2, (int64_t[]){N_TRAIN, 784}, x);
  a.labels = gs_from_data(a.model, GS_I32, 1, (int64_t[]){N_TRAIN}, y);
  g_free(x);
  g_free(y);

  double loss = at_epoch(&a); /* warm-up epoch */
  for (int r = 0; r < o->repeat; r++) {
    double t0 = gs_bench_now();
    loss = at_epoch(&a);
    gs_backend_sync(o->be);
    double t = gs_bench_now() - t0;
    g_array_append_val(samples, (double){N_TRAIN / t});
  }
  char num[32];
  printf("# %d epochs after a warm-up one; mean adversarial loss of the last %s\n", o->repeat,
         g_ascii_formatd(num, sizeof num, "%.4f", loss));
  gs_optim_free(a.opt);
  gs_params_clear(&a.params);
  gs_ctx_free(a.step);
  gs_ctx_free(a.model);
  return TRUE;
}
