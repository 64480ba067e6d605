/* gs-gan2d-metrics.h — distances between 2-D point sets and the optimal discriminator, for the
 * landscape experiment (methods.md §1). Points are (n, 2) floats. The Gaussian-fit W₂² is the
 * shared gs_w22_gaussian_f32 (experiments/common/gs-sample-metrics.h).
 *
 *     double kl, js;
 *     gs_gan2d_grid_kl_js(real, n, fake, m, box, 30, &kl, &js); // GAN Lab's 30×30 histograms
 *     int covered; double hq;
 *     gs_gan2d_modes(modes, n_modes, fake, m, 20, &covered, &hq);
 *     gs_gan2d_kde_grid(fake, m, box, 128, q);                  // q on a 128×128 grid
 */
#ifndef GS_GAN2D_METRICS_H
#define GS_GAN2D_METRICS_H

#include <glib.h>

#include "datasets/gs-toy2d.h"

G_BEGIN_DECLS

/* KL(P‖Q) and JS(P, Q) in bits between res×res histograms of p and q over box (xmin, xmax,
 * ymin, ymax); each bin's frequency gets ε = 1e-4 added before renormalising (GAN Lab). Points
 * outside the box go to the nearest edge bin. */
void gs_gan2d_grid_kl_js(const float *p, gsize np, const float *q, gsize nq, const double box[4],
                         int res, double *kl, double *js);

/* Mode metrics: a sample is high quality when within 3σ of its nearest mode; a mode is
 * covered when at least min_count high-quality samples are assigned to it. */
void gs_gan2d_modes(const GsToy2dMode *modes, int n_modes, const float *xy, gsize n, int min_count,
                    int *covered, double *high_quality);

/* A Gaussian kernel density estimate of the points on a res×res grid over box (values[j*res+i]
 * at x = xmin + i (xmax − xmin)/(res − 1), as GsField), by linear binning and a separable
 * convolution, with Scott's bandwidth per axis (at least half a cell). */
void gs_gan2d_kde_grid(const float *xy, gsize n, const double box[4], int res, float *values);

G_END_DECLS

#endif /* GS_GAN2D_METRICS_H */
