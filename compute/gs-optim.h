/* gs-optim.h — optimizers, learning-rate schedules and clipping.
 *
 * An optimizer keeps its state (momentum, moments) in the model context and updates the
 * parameters in place with one fused backend kernel per tensor, so a step never leaves the
 * device:
 *
 *     gs_optim *opt = gs_optim_new(model, &(gs_optim_config){.kind = GS_OPTIM_ADAM, .lr = 1e-3,
 *                                   .beta1 = 0.5, .beta2 = 0.999, .eps = 1e-8}, &params);
 *     gs_tensor **g = gs_grad(step, loss, NULL, params.n, params.tensors, false);
 *     gs_optim_step(opt, g, gs_lr_at(&schedule, it, total));
 */
#ifndef GS_OPTIM_H
#define GS_OPTIM_H

#include "gs-nn.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gs_optim_kind {
  GS_OPTIM_SGD = 0, /* momentum, nesterov, weight_decay (L2 added to the gradient) */
  GS_OPTIM_ADAM,    /* beta1, beta2, eps, weight_decay (L2 added to the gradient) */
  GS_OPTIM_ADAMW,   /* as Adam with decoupled weight decay */
  GS_OPTIM_RMSPROP, /* alpha (smoothing), eps, weight_decay */
  GS_OPTIM_COUNT
} gs_optim_kind;

const char *gs_optim_kind_name(gs_optim_kind kind);
bool gs_optim_kind_from_name(const char *name, gs_optim_kind *out);

typedef struct gs_optim_config {
  gs_optim_kind kind;
  double lr;
  double momentum;
  bool nesterov;
  double beta1, beta2, eps;
  double alpha;
  double weight_decay;
} gs_optim_config;

/* PyTorch's defaults for each kind: SGD lr 0.01 (PyTorch has none; ours), Adam lr 1e-3, β
 * 0.9/0.999, eps 1e-8; AdamW the same with weight decay 0.01; RMSProp lr 0.01, alpha 0.99, eps
 * 1e-8. */
gs_optim_config gs_optim_config_default(gs_optim_kind kind);

typedef struct gs_optim gs_optim;

/* State is allocated in model (zeros); params is copied (the tensors are not). */
gs_optim *gs_optim_new(gs_ctx *model, const gs_optim_config *config, const gs_params *params);
/* One update with grads[i] for params[i] (NULL entries are skipped) at learning rate lr. */
void gs_optim_step(gs_optim *opt, gs_tensor *const *grads, double lr);
void gs_optim_reset(gs_optim *opt); /* zero the state and the step count */
int64_t gs_optim_steps(const gs_optim *opt);
/* For restoring a checkpoint: Adam's bias correction depends on the step count, which lives
 * beside the state tensors rather than in them. */
void gs_optim_set_steps(gs_optim *opt, int64_t steps);
const gs_params *gs_optim_state(const gs_optim *opt); /* for checkpoints: "m.<name>", … */
void gs_optim_free(gs_optim *opt);                    /* the arrays; state tensors stay */

typedef enum gs_schedule_kind {
  GS_SCHEDULE_CONSTANT = 0,
  GS_SCHEDULE_PIECEWISE, /* lr × factor^(number of drop fractions passed) */
  GS_SCHEDULE_COSINE,    /* from lr to min_lr over the run */
} gs_schedule_kind;

#define GS_SCHEDULE_MAX_DROPS 8

typedef struct gs_schedule {
  gs_schedule_kind kind;
  double lr;
  double factor;                         /* piecewise, e.g. 0.1 */
  int n_drops;                           /* piecewise */
  double drop_at[GS_SCHEDULE_MAX_DROPS]; /* fractions of the run, ascending, e.g. 0.5 0.75 */
  double min_lr;                         /* cosine */
} gs_schedule;

/* Learning rate at step (0-based) of a run of total steps. */
double gs_lr_at(const gs_schedule *s, int64_t step, int64_t total);

/* Scale grads in place (as new tensors in ctx, written back into grads[]) so their joint L2
 * norm is at most max_norm; returns the norm before clipping as a scalar tensor in ctx, so the
 * step never waits for the device. */
gs_tensor *gs_clip_grad_norm(gs_ctx *ctx, gs_tensor **grads, int n, double max_norm);
/* Clamp every parameter to [-c, c] in place (WGAN weight clipping). */
void gs_clip_weights_(const gs_params *params, double c);

#ifdef __cplusplus
}
#endif

#endif /* GS_OPTIM_H */
