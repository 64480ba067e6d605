/* gs-autodiff.h — reverse-mode automatic differentiation to any order.
 *
 * Ops record nodes on their context's tape while gradients are enabled there (the default) and
 * an input requires a gradient. gs_grad() walks the tape backward from an output, evaluating
 * only the nodes that lie on a path from one of the requested inputs, and runs each node's
 * backward rule. Backward rules are written with the ops of gs-ops.h, so with create_graph the
 * gradients are themselves recorded and can be differentiated again:
 *
 *     // WGAN-GP: ‖∇x̂ f(x̂)‖ inside the loss needs second order.
 *     gs_set_requires_grad(xhat, true);
 *     gs_tensor *f = gs_mlp_forward(ctx, critic, xhat);                    // (N, 1)
 *     gs_tensor *g = gs_grad(ctx, gs_sum_all(ctx, f), NULL, 1, &xhat, true)[0];   // (N, 2)
 *     gs_tensor *norm = gs_sqrt(ctx, gs_sum(ctx, gs_square(ctx, g), -1, false));  // (N)
 *     gs_tensor *gp = gs_mean_all(ctx, gs_square(ctx, gs_add_scalar(ctx, norm, -1.0)));
 *     ...  loss = wasserstein + 10 * gp;  gs_grad(ctx, loss, NULL, n_params, params, false);
 *
 * Input gradients (Langevin, PGD, ∇D fields) are the same call with the data as the input.
 * Differentiating through an unrolled solver needs nothing special: its iterations are ops.
 *
 * gs_grad follows the recorded nodes' inputs, so a graph may span contexts (a generator's output
 * made in one, used in another); a node refers to its inputs wherever they live, so do not reset
 * a context while a graph you will still differentiate uses tensors made in it.
 */
#ifndef GS_AUTODIFF_H
#define GS_AUTODIFF_H

#include "gs-tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

void gs_set_requires_grad(gs_tensor *t, bool requires_grad);
bool gs_requires_grad(const gs_tensor *t);

/* Enable or disable recording in ctx; returns the previous setting (restore it after). */
bool gs_set_grad_enabled(gs_ctx *ctx, bool enabled);
bool gs_grad_enabled(const gs_ctx *ctx);

/* Gradients of sum(out * grad_out) with respect to each of inputs[0..n-1]; grad_out NULL means
 * ones (for a scalar out, the plain gradient). Inputs may be leaves or intermediate tensors. An
 * input that out does not depend on gets zeros. Returns an array of n tensors allocated in ctx.
 * create_graph records the backward ops so the results can be differentiated again; without it
 * nothing is recorded and the results are constants. */
gs_tensor **gs_grad(gs_ctx *ctx, gs_tensor *out, gs_tensor *grad_out, int n,
                    gs_tensor *const *inputs, bool create_graph);

/* backward(loss): the gradients of a one-element loss with respect to each of inputs[0..n-1]
 * (parameters, usually), not recorded — gs_grad(ctx, loss, NULL, n, inputs, false) with the
 * check that loss is a single number. */
gs_tensor **gs_backward(gs_ctx *ctx, gs_tensor *loss, int n, gs_tensor *const *inputs);

/* Number of nodes on ctx's tape (for tests of what gets recorded). */
size_t gs_tape_length(const gs_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* GS_AUTODIFF_H */
