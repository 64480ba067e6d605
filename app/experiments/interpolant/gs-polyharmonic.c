/* gs-polyharmonic.c — polyharmonic kernels, Green's constants, Poly-WGAN weights and the
 * Poly-LSGAN smoothing spline (see gs-polyharmonic.h). */
#include "gs-config.h"

#include <lapacke.h>
#include <math.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "gs-polyharmonic.h"

enum { SPLINE_MAX_SIZE = 6000 }; /* N + P: a dense (N + P)² system in double */

void gs_polyharmonic_kernel(int m, int n, double eps, gs_rbf *phi)
{
  g_return_if_fail(m >= 1 && n >= 1);
  int k = 2 * m - n;
  *phi = (gs_rbf){.kind = (n % 2 == 0 && k >= 0) ? GS_RBF_POW_LOG : GS_RBF_POW, .k = k, .eps = eps};
}

double gs_polyharmonic_green_constant(int m, int n)
{
  double half_n = 0.5 * n;
  if (n % 2 == 1 || 2 * m < n)
    return tgamma(half_n - m) / (pow(4, m) * pow(G_PI, half_n) * tgamma(m));
  int j = m - n / 2; /* >= 0 */
  double sign = ((j + 1) % 2 == 0) ? 1 : -1;
  return sign / (pow(2, 2 * m - 1) * pow(G_PI, half_n) * tgamma(m) * tgamma(j + 1));
}

double gs_rbf_eval(const gs_rbf *phi, double r)
{
  double s = r * r + phi->eps * phi->eps;
  if (phi->kind == GS_RBF_GAUSS) return exp(-s / (2 * phi->sigma * phi->sigma));
  if (s == 0) return (phi->kind == GS_RBF_POW && phi->k == 0) ? 1 : 0;
  double rr = sqrt(s);
  return phi->kind == GS_RBF_POW_LOG ? pow(rr, phi->k) * log(rr) : pow(rr, phi->k);
}

int gs_polywgan_generator_sign(const gs_rbf *phi)
{
  return phi->k >= 0 ? 1 : -1;
}

void gs_polywgan_weights(int n_real, int n_fake, float *w)
{
  for (int i = 0; i < n_real; i++) w[i] = -1.0f / (float) n_real;
  for (int i = 0; i < n_fake; i++) w[n_real + i] = 1.0f / (float) n_fake;
}

/* With exact constants D_green = −C · D_official (official weights −1/N real, +1/N fake). The
 * official generator minimises σ_off (Dr − Df), i.e. ascends σ_off D_official at its samples
 * (centres are constants) = −σ_off / C · D_green; so σ_green = −σ_off · sign(C) moves every fake
 * the same way, |C| times faster. The theory's literal rule, "the generator maximises D*", is
 * σ_green = +1: it agrees wherever sign(C) = −σ_off (m = 1 in every n, n = 3 with m = 2, …) but
 * not at n = 2, m = 2 (C = +1/8π, k = 2), where it pushes fakes away from the real data: r² log r
 * grows with r, so G * p is low near p. That is not a contradiction of the derivation but its
 * limit: for m ≥ 2 the penalty does not see polynomials of degree < m, so the critic problem is
 * bounded only when p and q share their moments of degree < m, and the generator objective
 * ⟨p − q, G (p − q)⟩ is a divergence (≥ 0) only there (G is conditionally positive definite of
 * order m). With different means — the start of every run — ascending D* lowers that quadratic
 * form without bound by separating the distributions (both runs on g2 at m = 2 diverge; the
 * literal one to W2² ≈ 10¹⁰). The official rule, fakes pulled toward real centres and pushed
 * from fake centres for every k (methods.md §2), is the one that closes the gap, so it decides
 * the direction and C only the scale. */
void gs_polywgan_critic(int m, int n, double eps, gboolean green, int n_real, int n_fake,
                        gs_rbf *phi, float *w, int *sign)
{
  gs_polyharmonic_kernel(m, n, eps, phi);
  gs_polywgan_weights(n_real, n_fake, w);
  *sign = gs_polywgan_generator_sign(phi);
  if (!green) return;
  double c = gs_polyharmonic_green_constant(m, n);
  for (int i = 0; i < n_real + n_fake; i++) w[i] = (float) (-c * w[i]);
  *sign = c > 0 ? -*sign : *sign;
}

double gs_polywgan_normaliser(double max_abs_d)
{
  if (!(max_abs_d > 0) || !isfinite(max_abs_d)) return 1;
  return pow(10, ceil(log10(max_abs_d)));
}

/* --- the spline ------------------------------------------------------------------------------ */

struct _GsPolySpline {
  int N, n, m, P;
  gs_rbf phi;
  double *centres; /* (N, n) */
  double *w;       /* (N) */
  double *v;       /* (P) */
  int *alpha;      /* (P, n) exponents */
};

int gs_poly_null_space_dim(int m, int n)
{
  /* C(m − 1 + n, n), stopping early past what any spline here could hold */
  double c = 1;
  for (int i = 1; i <= n; i++) {
    c = c * (m - 1 + i) / i;
    if (c > 1e9) return G_MAXINT;
  }
  return (int) llround(c);
}

/* Every exponent vector of total degree < m, in graded order (1, x, y, x², xy, y², …). */
static int fill_exponents(int *alpha, int n, int m)
{
  int row = 0, cur[64] = {0};
  for (int deg = 0; deg < m; deg++) {
    /* all compositions of deg into n parts, lexicographically from (deg, 0, …) */
    for (int d = 0; d < n; d++) cur[d] = 0;
    cur[0] = deg;
    for (;;) {
      for (int d = 0; d < n; d++) alpha[row * n + d] = cur[d];
      row++;
      /* next composition: move one unit from the last nonzero part (not the final one) right */
      int j = n - 2;
      while (j >= 0 && cur[j] == 0) j--;
      if (j < 0) break;
      int tail = cur[n - 1];
      cur[n - 1] = 0;
      cur[j]--;
      cur[j + 1] = tail + 1;
    }
  }
  return row;
}

static double monomial(const int *alpha, const double *x, int n)
{
  double v = 1;
  for (int d = 0; d < n; d++)
    for (int e = 0; e < alpha[d]; e++) v *= x[d];
  return v;
}

GsPolySpline *gs_poly_spline_fit(const double *centres, const double *labels, int N, int n, int m,
                                 double lambda, GError **error)
{
  g_return_val_if_fail(N >= 1 && n >= 1 && m >= 1 && lambda >= 0, NULL);
  int P = gs_poly_null_space_dim(m, n);
  if (n > 64 || P > SPLINE_MAX_SIZE || N + P > SPLINE_MAX_SIZE) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                _("A smoothing spline of order m = %d in n = %d dimensions through %d centres "
                  "needs a system of %d + %d unknowns; at most %d are supported"),
                m, n, N, N, P == G_MAXINT ? -1 : P, SPLINE_MAX_SIZE);
    return NULL;
  }
  if (N < P) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                _("A spline of order m = %d in n = %d dimensions needs at least %d centres for "
                  "its polynomial part, got %d"),
                m, n, P, N);
    return NULL;
  }
  GsPolySpline *s = g_new0(GsPolySpline, 1);
  s->N = N, s->n = n, s->m = m, s->P = P;
  gs_polyharmonic_kernel(m, n, 0, &s->phi);
  s->centres = g_memdup2(centres, sizeof(double) * (gsize) N * n);
  s->alpha = g_new(int, (gsize) P *n);
  int filled = fill_exponents(s->alpha, n, m);
  g_assert(filled == P);

  int S = N + P;
  double kappa = lambda / gs_polyharmonic_green_constant(m, n);
  double *A = g_new0(double, (gsize) S *S), *b = g_new0(double, S);
  for (int i = 0; i < N; i++) {
    for (int j = i; j < N; j++) {
      double r2 = 0;
      for (int d = 0; d < n; d++) {
        double t = centres[i * n + d] - centres[j * n + d];
        r2 += t * t;
      }
      A[i * S + j] = gs_rbf_eval(&s->phi, sqrt(r2)) + (i == j ? kappa : 0);
    }
    for (int a = 0; a < P; a++) A[i * S + N + a] = monomial(s->alpha + a * n, centres + i * n, n);
    b[i] = labels[i];
  }
  lapack_int *ipiv = g_new(lapack_int, S);
  lapack_int info = LAPACKE_dsysv(LAPACK_ROW_MAJOR, 'U', S, 1, A, S, ipiv, b, 1);
  g_free(ipiv);
  g_free(A);
  if (info != 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                info > 0 ? _("The spline system is singular (pivot %d): coincident centres, or "
                             "centres on a curve the polynomial part cannot tell apart")
                         : _("LAPACK dsysv rejected argument %d"),
                (int) (info > 0 ? info : -info));
    g_free(b);
    gs_poly_spline_free(s);
    return NULL;
  }
  s->w = g_memdup2(b, sizeof(double) * (gsize) N);
  s->v = g_memdup2(b + N, sizeof(double) * (gsize) (P > 0 ? P : 1));
  g_free(b);
  return s;
}

double gs_poly_spline_eval_poly(const GsPolySpline *s, const double *x)
{
  double v = 0;
  for (int a = 0; a < s->P; a++) v += s->v[a] * monomial(s->alpha + a * s->n, x, s->n);
  return v;
}

double gs_poly_spline_eval(const GsPolySpline *s, const double *x)
{
  double v = gs_poly_spline_eval_poly(s, x);
  for (int i = 0; i < s->N; i++) {
    double r2 = 0;
    for (int d = 0; d < s->n; d++) {
      double t = x[d] - s->centres[i * s->n + d];
      r2 += t * t;
    }
    v += s->w[i] * gs_rbf_eval(&s->phi, sqrt(r2));
  }
  return v;
}

const double *gs_poly_spline_weights(const GsPolySpline *s, int *N)
{
  if (N) *N = s->N;
  return s->w;
}

const double *gs_poly_spline_poly(const GsPolySpline *s, int *P)
{
  if (P) *P = s->P;
  return s->v;
}

const int *gs_poly_spline_exponents(const GsPolySpline *s)
{
  return s->alpha;
}

const gs_rbf *gs_poly_spline_kernel(const GsPolySpline *s)
{
  return &s->phi;
}

void gs_poly_spline_free(GsPolySpline *s)
{
  if (!s) return;
  g_free(s->centres);
  g_free(s->w);
  g_free(s->v);
  g_free(s->alpha);
  g_free(s);
}
