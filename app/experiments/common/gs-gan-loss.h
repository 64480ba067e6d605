/* gs-gan-loss.h — GAN critic/generator losses and gradient penalties over compute ops, shared
 * by the experiment kinds (methods.md §1, "Losses"). f is D's raw output (logit); fr = f(x) on
 * real data, ff = f(G(z)) on generated data, any shape; sp = softplus; every expectation is a
 * batch mean. Each function returns a scalar tensor in ctx's graph.
 *
 *     gs_tensor *loss = gs_gan_d_loss_wasserstein(c, fr, ff);
 *     gs_tensor *xhat = gs_gan_interpolates(c, rng, x, fake);        // detached, requires grad
 *     gs_tensor *g = gs_gan_input_grad(c, critic_at(xhat), xhat);   // ∇ₓ f, graph kept
 *     loss = gs_add(c, loss, gs_mul_scalar(c, gs_gan_gp_one_centred(c, g, false, NULL), 10));
 */
#ifndef GS_GAN_LOSS_H
#define GS_GAN_LOSS_H

#include <stdbool.h>

#include "gs-compute.h"

/* ---- D (critic) losses ---- */

/* Logistic (minimax and NS share it): E[s·sp(−fr) + (1 − s)·sp(fr)] + E sp(ff), one-sided label
 * smoothing with real target s (s = 1: none); ganlab_smoothing drops the (1 − s) term (GAN Lab:
 * s·sp(−fr) + sp(ff)). */
gs_tensor *gs_gan_d_loss_logistic(gs_ctx *c, gs_tensor *fr, gs_tensor *ff, double smoothing,
                                  bool ganlab_smoothing);
/* Least squares with targets 1/0: E (fr − 1)² + E ff². */
gs_tensor *gs_gan_d_loss_lsgan(gs_ctx *c, gs_tensor *fr, gs_tensor *ff);
/* Hinge: E relu(1 − fr) + E relu(1 + ff). */
gs_tensor *gs_gan_d_loss_hinge(gs_ctx *c, gs_tensor *fr, gs_tensor *ff);
/* Wasserstein (WGAN, WGAN-GP, WGAN-LP, order-m critics): E ff − E fr. */
gs_tensor *gs_gan_d_loss_wasserstein(gs_ctx *c, gs_tensor *fr, gs_tensor *ff);

/* ---- G losses, over ff = f(G(z)) ---- */

/* Non-saturating: E sp(−ff). */
gs_tensor *gs_gan_g_loss_ns(gs_ctx *c, gs_tensor *ff);
/* Minimax (saturating): −E sp(ff). */
gs_tensor *gs_gan_g_loss_minimax(gs_ctx *c, gs_tensor *ff);
/* Least squares: E (ff − 1)². */
gs_tensor *gs_gan_g_loss_lsgan(gs_ctx *c, gs_tensor *ff);
/* Wasserstein and hinge: −E ff. */
gs_tensor *gs_gan_g_loss_wasserstein(gs_ctx *c, gs_tensor *ff);

/* ---- gradient penalties ---- */

/* x̂ = a x + (1 − a) y per row, a ~ U(0, 1) drawn from rng ((N, 1), one word per row), detached
 * and marked requires-grad: the points where WGAN-GP, zero-centred GP and order-2 are taken. */
gs_tensor *gs_gan_interpolates(gs_ctx *c, gs_rng *rng, gs_tensor *x, gs_tensor *y);
/* ∇ₓ Σᵢ f(xᵢ), (N, n), with the graph kept (create_graph) so a penalty built on it trains D;
 * f must have been computed from x, and x must require grad. */
gs_tensor *gs_gan_input_grad(gs_ctx *c, gs_tensor *f, gs_tensor *x);
/* E ‖g‖² over the rows of g = ∇f: R1 (on real data) and R2 (on generated data) are
 * (γ/2)·this, the zero-centred GP is λ·this at interpolates, the order-1 penalty λ·this. */
gs_tensor *gs_gan_grad_sq_mean(gs_ctx *c, gs_tensor *g);
/* E (‖g‖ − 1)² (WGAN-GP), or E relu(‖g‖ − 1)² when one_sided (WGAN-LP), with
 * ‖g‖ = √(Σ g² + 1e-12); norm, when given, receives the (N) row norms. */
gs_tensor *gs_gan_gp_one_centred(gs_ctx *c, gs_tensor *g, bool one_sided, gs_tensor **norm);
/* E ‖∇²f(x)‖²_F, the order-2 penalty: g = gs_gan_input_grad(c, f, x) at the same x; each
 * component of g is differentiated again (n backward passes, graph kept). */
gs_tensor *gs_gan_hessian_sq_mean(gs_ctx *c, gs_tensor *g, gs_tensor *x);
/* E ‖∇^m f(x)‖²_F over all n^m index tuples, the order-m penalty (m >= 1): g as above; every
 * column of every order-l derivative is differentiated again, n^(l−1) backward passes at level
 * l (graphs kept, so the penalty's gradient takes derivatives of order m + 1). m = 1 is
 * gs_gan_grad_sq_mean, m = 2 gs_gan_hessian_sq_mean. */
gs_tensor *gs_gan_order_m_sq_mean(gs_ctx *c, gs_tensor *g, gs_tensor *x, int m);

#endif /* GS_GAN_LOSS_H */
