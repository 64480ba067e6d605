/* gs-robust-attack.h — FGSM and PGD-k in ℓ∞ and ℓ2, the inner maximisation of adversarial
 * training (methods.md §5), with input gradients from autodiff.
 *
 *     GsAttack a = {.norm = GS_NORM_LINF, .eps = 0.1, .alpha = 0.025, .steps = 10,
 *                   .random_start = TRUE};
 *     gs_tensor *delta = gs_attack(step, model, x, y, &a, &rng);   // (N, D), no gradient
 *     gs_tensor *x_adv = gs_add(step, x, delta);                   // stays in [0, 1]
 *
 * Each step: δ ← Π(δ + α·sign ∇δ CE) for ℓ∞, δ ← Π(δ + α·∇δ CE/‖∇δ CE‖₂) per example for ℓ2,
 * where Π projects onto the ε-ball and then clips x + δ to [0, 1] (images; not for 2-D points).
 * FGSM is steps = 1 (usually α = ε, no random start). The random start is uniform in the ℓ∞ ball,
 * and for ℓ2 a uniform direction at a radius ε·U(0, 1).
 */
#ifndef GS_ROBUST_ATTACK_H
#define GS_ROBUST_ATTACK_H

#include "gs-robust-model.h"

G_BEGIN_DECLS

typedef enum { GS_NORM_LINF, GS_NORM_L2 } GsNorm;

typedef struct {
  GsNorm norm;
  double eps, alpha;
  int steps; /* 0: no attack (δ = 0) */
  gboolean random_start;
  gboolean unbounded; /* inputs are points of the plane, not pixels: no clipping to [0, 1] */
} GsAttack;

/* x (N, D) in [0, 1], y (N) I32. The perturbation (N, D) in ctx, detached. */
gs_tensor *gs_attack(gs_ctx *ctx, const GsRobustModel *model, gs_tensor *x, gs_tensor *y,
                     const GsAttack *attack, gs_rng *rng);
/* Project δ onto the ε-ball of the norm and, unless unbounded, clip x + δ to [0, 1] (no gradient
 * recorded). */
gs_tensor *gs_attack_project(gs_ctx *ctx, gs_tensor *x, gs_tensor *delta, GsNorm norm, double eps,
                             gboolean unbounded);

G_END_DECLS

#endif /* GS_ROBUST_ATTACK_H */
