/* gs-sample-metrics.c — sample moments, W₂² between fitted Gaussians, energy distance. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>

#include "gs-sample-metrics.h"

gboolean gs_sample_moments(const double *x, gsize N, int n, double *mean, double *cov)
{
  for (int d = 0; d < n; d++) {
    double s = 0;
    for (gsize i = 0; i < N; i++) s += x[i * n + d];
    mean[d] = N ? s / N : 0;
  }
  double divisor = N > 1 ? (double) (N - 1) : 1;
  for (int d = 0; d < n; d++)
    for (int e = d; e < n; e++) {
      double s = 0;
      for (gsize i = 0; i < N; i++) s += (x[i * n + d] - mean[d]) * (x[i * n + e] - mean[e]);
      cov[d * n + e] = cov[e * n + d] = s / divisor;
    }
  for (int d = 0; d < n; d++)
    if (!isfinite(mean[d]) || !isfinite(cov[d * n + d])) return FALSE;
  return TRUE;
}

/* The symmetric square root of a positive semi-definite matrix, in place (eigenvalues clipped
 * at 0: rounding makes the smallest slightly negative). FALSE when LAPACK fails. */
static gboolean sqrtm_psd(double *a, int n)
{
  double *ev = g_new(double, n), *v = g_memdup2(a, sizeof(double) * (gsize) n * n);
  gboolean ok = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', n, v, n, ev) == 0;
  if (ok) {
    /* a = V diag(√λ) Vᵀ */
    double *vs = g_new(double, (gsize) n *n);
    for (int i = 0; i < n; i++)
      for (int k = 0; k < n; k++) vs[i * n + k] = v[i * n + k] * sqrt(fmax(ev[k], 0));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, n, 1, vs, n, v, n, 0, a, n);
    g_free(vs);
  }
  g_free(ev);
  g_free(v);
  return ok;
}

double gs_w22_gaussian(const double *a, gsize na, const double *b, gsize nb, int n)
{
  if (na < 2 || nb < 2 || n < 1) return NAN;
  double *mua = g_new(double, n), *mub = g_new(double, n);
  double *ca = g_new(double, (gsize) n *n), *cb = g_new(double, (gsize) n *n);
  double *t = g_new(double, (gsize) n *n), *m = g_new(double, (gsize) n *n);
  double result = NAN;
  if (gs_sample_moments(a, na, n, mua, ca) && gs_sample_moments(b, nb, n, mub, cb)) {
    double dist = 0, tr = 0;
    for (int d = 0; d < n; d++) {
      dist += (mua[d] - mub[d]) * (mua[d] - mub[d]);
      tr += ca[d * n + d] + cb[d * n + d];
    }
    /* M = Σb^½ Σa Σb^½, then tr M^½ */
    if (sqrtm_psd(cb, n)) {
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, ca, n, cb, n, 0, t, n);
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, cb, n, t, n, 0, m, n);
      for (int i = 0; i < n; i++) /* symmetrise against rounding */
        for (int j = i + 1; j < n; j++)
          m[i * n + j] = m[j * n + i] = 0.5 * (m[i * n + j] + m[j * n + i]);
      if (sqrtm_psd(m, n)) {
        double cross = 0;
        for (int d = 0; d < n; d++) cross += m[d * n + d];
        result = fmax(dist + tr - 2 * cross, 0);
      }
    }
  }
  g_free(mua), g_free(mub), g_free(ca), g_free(cb), g_free(t), g_free(m);
  return result;
}

double *gs_samples_to_double(const float *x, gsize count)
{
  double *d = g_new(double, count);
  for (gsize i = 0; i < count; i++) d[i] = x[i];
  return d;
}

double gs_w22_gaussian_f32(const float *a, gsize na, const float *b, gsize nb, int n)
{
  if (n < 1) return NAN;
  g_autofree double *da = gs_samples_to_double(a, na * n), *db = gs_samples_to_double(b, nb * n);
  return gs_w22_gaussian(da, na, db, nb, n);
}

static double mean_distance(const double *a, gsize na, const double *b, gsize nb, int n)
{
  double s = 0;
  for (gsize i = 0; i < na; i++)
    for (gsize j = 0; j < nb; j++) {
      double q = 0;
      for (int d = 0; d < n; d++) {
        double t = a[i * n + d] - b[j * n + d];
        q += t * t;
      }
      s += sqrt(q);
    }
  return s / ((double) na * nb);
}

double gs_energy_distance(const double *a, gsize na, const double *b, gsize nb, int n)
{
  if (na < 1 || nb < 1) return NAN;
  double e = 2 * mean_distance(a, na, b, nb, n) - mean_distance(a, na, a, na, n) -
             mean_distance(b, nb, b, nb, n);
  return e > 0 ? e : 0; /* ≥ 0 in exact arithmetic */
}
