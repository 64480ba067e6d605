/* gs-landscape.h — the discriminator-landscape experiment (issue 7, methods.md §1): a GAN of two
 * MLPs on 2-D toy data, every loss and penalty of §1, and snapshots of D over the plane, the
 * samples, ∇D at the fakes, the generator's manifold and the optimal discriminator D*.
 *
 * Data: a preset, a file of N×2 points, or points drawn in the GUI (dataset "drawn": the text
 * parameter drawn_points, "x y, x y; x y", shown on at least [−3, 3]²).
 *
 * One step is one iteration: d_steps updates of D, then g_steps updates of G (the live `train`
 * parameter restricts a step to D or G only, for one-D-step / one-G-step controls).
 *
 * Metrics every step: d_loss, g_loss (and gp_norm, the mean ‖∇f‖ at WGAN-GP interpolates);
 * every eval_every steps on 2,500 fresh samples: w22, kl, js (bits, 30×30 grid), grad_norm_mean
 * and grad_norm_max (‖∇f‖ over a real and a fake batch), and on mixtures modes and hq.
 *
 * Snapshot items (boxes are xmin, xmax, ymin, ymax; grids follow GsField, row 0 at ymin):
 *   scalars box_x0 box_x1 box_y0 box_y1, decision (D's decision value: 0.5 for σ(f) and LSGAN,
 *   0 for hinge, for WGAN critics the level halfway between f's means on real and fake), d_is_prob
 * (1 when the grids hold σ(f), 0 when they hold f), manifold_dim (1 or 2), has_dstar d_grid (R, R)
 * D over the box, R = the `grid` parameter d_grad (24, 24, 2)       ∇D on a coarse grid real (512,
 * 2), fake (512, 2) (the fakes from a fixed latent sample), fake_grad (512, 2) ∇D manifold (21, 21,
 * 2) or (201, 2): G's image of a latent grid (equal-mass cells) or line p_grid, q_grid, d_small
 * (96, 96) when the data has a density: p, the KDE of 8,192 fakes, D
 */
#ifndef GS_LANDSCAPE_H
#define GS_LANDSCAPE_H

#include "platform/gs-experiment.h"

G_BEGIN_DECLS

extern const GsExperimentKind gs_landscape_kind;

#define GS_LANDSCAPE_DSTAR_RES 96
#define GS_LANDSCAPE_SHOWN     512

G_END_DECLS

#endif /* GS_LANDSCAPE_H */
