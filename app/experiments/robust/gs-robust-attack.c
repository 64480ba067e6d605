/* gs-robust-attack.c — FGSM / PGD (see gs-robust-attack.h). */
#include "gs-robust-attack.h"

/* ‖row‖₂ of a (N, D) as (N, 1), kept away from 0 so directions stay defined. */
static gs_tensor *row_norm(gs_ctx *ctx, gs_tensor *a)
{
  return gs_maximum_scalar(ctx, gs_sqrt(ctx, gs_sum(ctx, gs_square(ctx, a), 1, true)), 1e-12);
}

gs_tensor *gs_attack_project(gs_ctx *ctx, gs_tensor *x, gs_tensor *delta, GsNorm norm, double eps,
                             gboolean unbounded)
{
  bool was = gs_set_grad_enabled(ctx, false);
  if (norm == GS_NORM_LINF)
    delta = gs_clamp(ctx, delta, -eps, eps);
  else /* scale rows longer than ε back onto the sphere */
    delta = gs_mul(
        ctx, delta,
        gs_minimum_scalar(
            ctx, gs_mul_scalar(ctx, gs_pow_scalar(ctx, row_norm(ctx, delta), -1), eps), 1.0));
  /* x + δ in [0, 1]; clipping only shrinks |δ| coordinate-wise, so δ stays in the ball */
  if (!unbounded) delta = gs_sub(ctx, gs_clamp(ctx, gs_add(ctx, x, delta), 0, 1), x);
  gs_set_grad_enabled(ctx, was);
  return delta;
}

gs_tensor *gs_attack(gs_ctx *ctx, const GsRobustModel *model, gs_tensor *x, gs_tensor *y,
                     const GsAttack *a, gs_rng *rng)
{
  bool was = gs_set_grad_enabled(ctx, false);
  gs_tensor *delta;
  if (a->steps <= 0 || a->eps <= 0 || !a->random_start)
    delta = gs_zeros_like(ctx, x);
  else if (a->norm == GS_NORM_LINF)
    delta = gs_rand_uniform(ctx, rng, GS_F32, 2, x->shape, -a->eps, a->eps);
  else {
    gs_tensor *dir = gs_rand_normal(ctx, rng, GS_F32, 2, x->shape, 0, 1);
    gs_tensor *radius =
        gs_rand_uniform(ctx, rng, GS_F32, 2, (int64_t[]){x->shape[0], 1}, 0, a->eps);
    delta = gs_mul(ctx, gs_div(ctx, dir, row_norm(ctx, dir)), radius);
  }
  if (a->steps > 0 && a->eps > 0)
    delta = gs_attack_project(ctx, x, delta, a->norm, a->eps, a->unbounded);
  gs_set_grad_enabled(ctx, was);
  for (int k = 0; k < a->steps && a->eps > 0; k++) {
    gs_set_requires_grad(delta, true);
    gs_tensor *loss =
        gs_cross_entropy(ctx, gs_robust_model_forward(ctx, model, gs_add(ctx, x, delta)), y);
    gs_tensor *g = gs_grad(ctx, loss, NULL, 1, &delta, false)[0];
    was = gs_set_grad_enabled(ctx, false);
    gs_tensor *dir = a->norm == GS_NORM_LINF ? gs_sign(ctx, g) : gs_div(ctx, g, row_norm(ctx, g));
    delta = gs_attack_project(ctx, x,
                              gs_add(ctx, gs_detach(ctx, delta), gs_mul_scalar(ctx, dir, a->alpha)),
                              a->norm, a->eps, a->unbounded);
    gs_set_grad_enabled(ctx, was);
  }
  return gs_detach(ctx, delta);
}
