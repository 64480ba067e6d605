/* gs-sample-metrics.h — distances between two point sets (N × n, row-major doubles), shared by
 * the experiment kinds (methods.md): the W₂² of the Gaussians fitted to each set (the "W22" of
 * the official PolyGAN code; "Fréchet distance" for features) and the energy distance.
 *
 *     double mean[2], cov[4];
 *     gs_sample_moments(xy, N, 2, mean, cov);
 *     double w22 = gs_w22_gaussian(real, N, fake, M, n);
 *     double e = gs_energy_distance(real, N, fake, M, n);
 */
#ifndef GS_SAMPLE_METRICS_H
#define GS_SAMPLE_METRICS_H

#include <glib.h>

G_BEGIN_DECLS

/* Mean (n) and unbiased covariance (n × n, divisor N − 1; 1 when N < 2; mean 0 when N = 0) of
 * N points; FALSE when a mean or a variance is not finite. */
gboolean gs_sample_moments(const double *x, gsize N, int n, double *mean, double *cov);

/* ‖μa − μb‖² + tr Σa + tr Σb − 2 tr (Σb^½ Σa Σb^½)^½ with unbiased sample covariances;
 * NaN when a set has fewer than 2 points or is not finite. */
double gs_w22_gaussian(const double *a, gsize na, const double *b, gsize nb, int n);

/* A new array of the count floats of x as doubles (g_free it). */
double *gs_samples_to_double(const float *x, gsize count);

/* gs_w22_gaussian of (N, n) floats (converted to double first: the moments are the same). */
double gs_w22_gaussian_f32(const float *a, gsize na, const float *b, gsize nb, int n);

/* 2 E‖A − B‖ − E‖A − A'‖ − E‖B − B'‖ over all pairs (V-statistic); >= 0; NaN when a set is
 * empty. */
double gs_energy_distance(const double *a, gsize na, const double *b, gsize nb, int n);

G_END_DECLS

#endif /* GS_SAMPLE_METRICS_H */
