/* gs-robust.h — the "robust" experiment kind: adversarial training on Fashion-MNIST with the
 * factor ablations of Yu et al. (methods.md §5).
 *
 * One step is one epoch: PGD (or FGSM) adversarial training over a seeded training subset, then
 * clean and robust accuracy on a fixed part of the training subset, the validation split and a
 * fixed test subset. The best checkpoint by robust validation accuracy (robust test accuracy
 * when there is no validation split) is kept in the state and written into every checkpoint, so
 * it lives in the run store with the run.
 *
 * 2-D mode (dataset = a gs-toy2d preset: moons, circles, spirals, the Gaussian mixtures): the
 * same code path on points of the plane, classified by mixture component or curve arm, with an
 * MLP on two inputs and attacks that are not clipped to [0, 1]. The snapshot then carries the
 * decision over the preset's box and the test points with their perturbations (plane_decision,
 * plane_box, plane_points) for the robust-2d view, instead of the image gallery.
 */
#ifndef GS_ROBUST_H
#define GS_ROBUST_H

#include "platform/gs-experiment.h"

G_BEGIN_DECLS

extern const GsExperimentKind gs_robust_kind;

/* Adversarial per-example losses are binned 0.5 wide from 0; the last bin is open. */
#define GS_ROBUST_LOSS_BINS      16
#define GS_ROBUST_LOSS_BIN_WIDTH 0.5

/* Exposed for tests: symmetric label noise — each label is replaced with probability rate by a
 * uniformly drawn *different* class. Returns how many were changed; noisy[i] marks them. */
gsize gs_robust_label_noise(int32_t *labels, gsize n, int n_classes, double rate, guint64 seed,
                            gboolean *noisy);
/* The epoch (1-based) from which ablations apply when ablation_from is 0: the first epoch
 * trained at the dropped rate of a piecewise schedule, else the middle of the run. */
gint64 gs_robust_first_drop_epoch(gpointer state);

/* The training half of step(): one epoch at the schedule's rate for that epoch (1-based),
 * without the evaluation. Returns the mean training loss; the small-loss fraction and the
 * number of images trained on go to the pointers when not NULL. (The at-epoch benchmark.) */
double gs_robust_train_epoch(gpointer state, gint64 epoch, double *small_frac, gsize *n_images);

G_END_DECLS

#endif /* GS_ROBUST_H */
