/* gs-polyharmonic.h — the closed-form critics of "Data Interpolants – That's What
 * Discriminators in Higher-order Gradient-regularized GANs Are" (Asokan & Seelamantula): the
 * polyharmonic kernels and their Green's constants, the Poly-WGAN weights and output
 * normalisation, and the Poly-LSGAN smoothing spline. Pure numerics, no tensors: the fused kernel
 * sums themselves are the compute op gs_rbf_sum (compute/gs-ops.h). Conventions and formulas:
 * ../shared/guide/methods.md §2.
 *
 *     gs_rbf phi;
 *     gs_polyharmonic_kernel(m, n, 0.0, &phi);                 // r^k or r^k log r, k = 2m − n
 *     gs_polywgan_weights(n_real, n_fake, w);                  // −1/Nr real, +1/Nf fake
 *     gs_tensor *d = gs_rbf_sum(ctx, x, centres, weights, &phi); // D(x), critic never trained
 *
 *     GsPolySpline *s = gs_poly_spline_fit(centres, labels, N, n, m, lambda, &error);
 *     double d = gs_poly_spline_eval(s, x);                    // labels at the centres as λ → 0
 */
#ifndef GS_POLYHARMONIC_H
#define GS_POLYHARMONIC_H

#include <glib.h>

#include "gs-ops.h"

G_BEGIN_DECLS

/* The polyharmonic kernel of order m in R^n: k = 2m − n, φ = r^k log r when n is even and
 * k >= 0, r^k otherwise; eps is the Plummer softening (0 for none). */
void gs_polyharmonic_kernel(int m, int n, double eps, gs_rbf *phi);
/* C with G_{m,n}(r) = C φ(r) the fundamental solution of (−Δ)^m in R^n (methods.md §2). */
double gs_polyharmonic_green_constant(int m, int n);
/* φ(r) of a kernel at one radius, r >= 0, with gs_rbf_sum's convention at r = 0 (the finite
 * limit, or 0 for an excluded singular term). For plots and the spline's matrix. */
double gs_rbf_eval(const gs_rbf *phi, double r);
/* The generator's sign (methods.md §2): L_G = sign · (Dr − Df), +1 when k >= 0, −1 when k < 0. */
int gs_polywgan_generator_sign(const gs_rbf *phi);
/* Official weights: w[0 .. n_real) = −1/n_real (real centres), w[n_real ..) = +1/n_fake. */
void gs_polywgan_weights(int n_real, int n_fake, float *w);
/* The Poly-WGAN critic of one batch: kernel, weights (n_real then n_fake) and the generator's
 * sign σ (L_G = σ · (Dr − Df)). green = FALSE: the official weights and sign rule. green = TRUE:
 * D = C Σ (+1/Nr real, −1/Nf fake) φ, the theory's D* ∝ G * (p − q) with its exact values, and
 * σ chosen so that the generator is pushed exactly as without the option (its gradient is |C|
 * times the official one): the option changes the scale, never the direction. Why the official
 * direction is kept where the theory's literal "maximise D*" disagrees (n = 2, m = 2, …): see
 * gs-polyharmonic.c. */
void gs_polywgan_critic(int m, int n, double eps, gboolean green, int n_real, int n_fake,
                        gs_rbf *phi, float *w, int *sign);
/* The official output normalisation 10^ceil(log10 max|D|) (1 when max|D| is 0 or not finite). */
double gs_polywgan_normaliser(double max_abs_d);

/* --- Poly-LSGAN: the smoothing polyharmonic spline through 1/0 labels ---------------------- */

typedef struct _GsPolySpline GsPolySpline;

/* Number of monomials of degree < m in n variables: C(m − 1 + n, n). */
int gs_poly_null_space_dim(int m, int n);
/* Fit D(x) = Σ_i w_i φ(‖x − c_i‖) + Σ_{|α| < m} v_α x^α through labels y at the N centres
 * (N × n, row-major) with [A + κI, B; Bᵀ, 0] [w; v] = [y; 0], κ = λ / C_{m,n} (the smoothing
 * λ of the Green's-function form, so λ > 0 smooths for every m and n; λ = 0 interpolates).
 * Solved by LAPACK dsysv (symmetric indefinite). Fails with a message when the system is
 * singular (coincident centres, too few centres for the polynomial part) or too large. */
GsPolySpline *gs_poly_spline_fit(const double *centres, const double *labels, int N, int n, int m,
                                 double lambda, GError **error);
double gs_poly_spline_eval(const GsPolySpline *s, const double *x);
/* The fitted parts: N kernel weights, P polynomial coefficients (P = gs_poly_null_space_dim). */
const double *gs_poly_spline_weights(const GsPolySpline *s, int *N);
const double *gs_poly_spline_poly(const GsPolySpline *s, int *P);
/* The polynomial part alone at x (for evaluating the kernel part with gs_rbf_sum). */
double gs_poly_spline_eval_poly(const GsPolySpline *s, const double *x);
const gs_rbf *gs_poly_spline_kernel(const GsPolySpline *s);
/* The exponents of the polynomial part: (P, n), row a holds α of coefficient a. */
const int *gs_poly_spline_exponents(const GsPolySpline *s);
void gs_poly_spline_free(GsPolySpline *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsPolySpline, gs_poly_spline_free)

G_END_DECLS

#endif /* GS_POLYHARMONIC_H */
