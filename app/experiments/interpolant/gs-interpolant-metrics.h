/* gs-interpolant-metrics.h — distances between two point sets (N × n, row-major doubles) that
 * the interpolant kind logs: the Fréchet/W2² distance of the Gaussians fitted to each set
 * (the "W22" of the official PolyGAN code) and the energy distance. */
#ifndef GS_INTERPOLANT_METRICS_H
#define GS_INTERPOLANT_METRICS_H

#include <glib.h>

G_BEGIN_DECLS

/* ‖μa − μb‖² + tr Σa + tr Σb − 2 tr (Σb^½ Σa Σb^½)^½ with unbiased sample covariances;
 * NaN when a set has fewer than 2 points or is not finite. */
double gs_w22_gaussian(const double *a, int na, const double *b, int nb, int n);
/* 2 E‖A − B‖ − E‖A − A'‖ − E‖B − B'‖ over all pairs (V-statistic); >= 0. */
double gs_energy_distance(const double *a, int na, const double *b, int nb, int n);

G_END_DECLS

#endif /* GS_INTERPOLANT_METRICS_H */
