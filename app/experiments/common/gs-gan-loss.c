/* gs-gan-loss.c — GAN losses and gradient penalties (formulas in gs-gan-loss.h). */
#include "gs-gan-loss.h"

#include <stdlib.h>

gs_tensor *gs_gan_d_loss_logistic(gs_ctx *c, gs_tensor *fr, gs_tensor *ff, double smoothing,
                                  bool ganlab_smoothing)
{
  gs_tensor *real_term = gs_mul_scalar(c, gs_softplus(c, gs_neg(c, fr)), smoothing);
  if (!ganlab_smoothing && smoothing < 1)
    real_term = gs_add(c, real_term, gs_mul_scalar(c, gs_softplus(c, fr), 1 - smoothing));
  return gs_add(c, gs_mean_all(c, real_term), gs_mean_all(c, gs_softplus(c, ff)));
}

gs_tensor *gs_gan_d_loss_lsgan(gs_ctx *c, gs_tensor *fr, gs_tensor *ff)
{
  return gs_add(c, gs_mean_all(c, gs_square(c, gs_add_scalar(c, fr, -1))),
                gs_mean_all(c, gs_square(c, ff)));
}

gs_tensor *gs_gan_d_loss_hinge(gs_ctx *c, gs_tensor *fr, gs_tensor *ff)
{
  return gs_add(c, gs_mean_all(c, gs_relu(c, gs_rsub_scalar(c, fr, 1))),
                gs_mean_all(c, gs_relu(c, gs_add_scalar(c, ff, 1))));
}

gs_tensor *gs_gan_d_loss_wasserstein(gs_ctx *c, gs_tensor *fr, gs_tensor *ff)
{
  return gs_sub(c, gs_mean_all(c, ff), gs_mean_all(c, fr));
}

gs_tensor *gs_gan_g_loss_ns(gs_ctx *c, gs_tensor *ff)
{
  return gs_mean_all(c, gs_softplus(c, gs_neg(c, ff)));
}

gs_tensor *gs_gan_g_loss_minimax(gs_ctx *c, gs_tensor *ff)
{
  return gs_neg(c, gs_mean_all(c, gs_softplus(c, ff)));
}

gs_tensor *gs_gan_g_loss_lsgan(gs_ctx *c, gs_tensor *ff)
{
  return gs_mean_all(c, gs_square(c, gs_add_scalar(c, ff, -1)));
}

gs_tensor *gs_gan_g_loss_wasserstein(gs_ctx *c, gs_tensor *ff)
{
  return gs_neg(c, gs_mean_all(c, ff));
}

gs_tensor *gs_gan_interpolates(gs_ctx *c, gs_rng *rng, gs_tensor *x, gs_tensor *y)
{
  gs_tensor *a = gs_rand_uniform(c, rng, GS_F32, 2, (int64_t[]){x->shape[0], 1}, 0, 1);
  gs_tensor *xhat = gs_add(c, gs_mul(c, a, x), gs_mul(c, gs_rsub_scalar(c, a, 1.0), y));
  xhat = gs_detach(c, xhat);
  gs_set_requires_grad(xhat, true);
  return xhat;
}

gs_tensor *gs_gan_input_grad(gs_ctx *c, gs_tensor *f, gs_tensor *x)
{
  return gs_grad(c, gs_sum_all(c, f), NULL, 1, &x, true)[0];
}

static gs_tensor *row_sq_norm(gs_ctx *c, gs_tensor *g)
{
  return gs_sum(c, gs_square(c, g), -1, false);
}

gs_tensor *gs_gan_grad_sq_mean(gs_ctx *c, gs_tensor *g)
{
  return gs_mean_all(c, row_sq_norm(c, g));
}

gs_tensor *gs_gan_gp_one_centred(gs_ctx *c, gs_tensor *g, bool one_sided, gs_tensor **norm)
{
  gs_tensor *n = gs_sqrt(c, gs_add_scalar(c, row_sq_norm(c, g), 1e-12));
  if (norm) *norm = n;
  gs_tensor *excess = gs_add_scalar(c, n, -1.0);
  if (one_sided) excess = gs_relu(c, excess);
  return gs_mean_all(c, gs_square(c, excess));
}

gs_tensor *gs_gan_hessian_sq_mean(gs_ctx *c, gs_tensor *g, gs_tensor *x)
{
  return gs_gan_order_m_sq_mean(c, g, x, 2);
}

gs_tensor *gs_gan_order_m_sq_mean(gs_ctx *c, gs_tensor *g, gs_tensor *x, int m)
{
  GS_ASSERT(m >= 1, "gs_gan_order_m_sq_mean: order %d < 1", m);
  int64_t n = g->shape[1], count = 1;
  for (int l = 1; l < m; l++) count *= n;
  /* level l holds the n^(l−1) tensors (N, n) ∂_{i1}…∂_{i(l−1)} ∇f, each column giving n more */
  gs_tensor **level = malloc(sizeof *level * (size_t) count);
  GS_ASSERT(level, "gs_gan_order_m_sq_mean: out of host memory");
  level[0] = g;
  for (int64_t have = 1; have < count; have *= n)
    for (int64_t t = have - 1; t >= 0; t--) /* in place, back to front */
      for (int64_t k = n - 1; k >= 0; k--) {
        gs_tensor *col = gs_slice(c, level[t], 1, k, k + 1);
        level[t * n + k] = gs_grad(c, gs_sum_all(c, col), NULL, 1, &x, true)[0];
      }
  gs_tensor *sum = NULL;
  for (int64_t t = 0; t < count; t++) {
    gs_tensor *v = gs_mean_all(c, row_sq_norm(c, level[t]));
    sum = sum ? gs_add(c, sum, v) : v;
  }
  free(level);
  return sum;
}
