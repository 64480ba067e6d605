/* gs-gan2d-metrics.c — grid KL/JS, mode coverage and a binned KDE for 2-D point sets. */
#include <math.h>
#include <string.h>

#include "experiments/common/gs-sample-metrics.h"
#include "gs-gan2d-metrics.h"

static int bin_of(double v, double lo, double hi, int res)
{
  int b = (int) floor((v - lo) / (hi - lo) * res);
  return CLAMP(b, 0, res - 1);
}

static double *histogram(const float *xy, gsize n, const double box[4], int res)
{
  double *h = g_new0(double, (gsize) res *res), total = 0;
  for (gsize i = 0; i < n; i++) {
    if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1])) continue;
    h[bin_of(xy[2 * i + 1], box[2], box[3], res) * res + bin_of(xy[2 * i], box[0], box[1], res)] +=
        1;
    total += 1;
  }
  double sum = 0;
  for (int k = 0; k < res * res; k++) sum += h[k] = (total > 0 ? h[k] / total : 0) + 1e-4;
  for (int k = 0; k < res * res; k++) h[k] /= sum;
  return h;
}

void gs_gan2d_grid_kl_js(const float *p, gsize np, const float *q, gsize nq, const double box[4],
                         int res, double *kl, double *js)
{
  g_autofree double *hp = histogram(p, np, box, res), *hq = histogram(q, nq, box, res);
  double k = 0, j = 0;
  for (int i = 0; i < res * res; i++) {
    double m = 0.5 * (hp[i] + hq[i]);
    k += hp[i] * log2(hp[i] / hq[i]);
    j += 0.5 * hp[i] * log2(hp[i] / m) + 0.5 * hq[i] * log2(hq[i] / m);
  }
  *kl = k;
  *js = j;
}

void gs_gan2d_modes(const GsToy2dMode *modes, int n_modes, const float *xy, gsize n, int min_count,
                    int *covered, double *high_quality)
{
  g_autofree int *count = g_new0(int, MAX(n_modes, 1));
  gsize hq = 0;
  for (gsize i = 0; i < n; i++) {
    int best = -1;
    double best_d = INFINITY;
    for (int m = 0; m < n_modes; m++) {
      double d = hypot(xy[2 * i] - modes[m].x, xy[2 * i + 1] - modes[m].y) / modes[m].sigma;
      if (d < best_d) best_d = d, best = m;
    }
    if (best >= 0 && best_d <= 3) {
      hq++;
      count[best]++;
    }
  }
  int c = 0;
  for (int m = 0; m < n_modes; m++) c += count[m] >= min_count;
  *covered = c;
  *high_quality = n ? (double) hq / n : 0;
}

/* Convolve rows (stride 1) or columns (stride res) of a res×res grid with kernel k of radius r. */
static void convolve(double *g, int res, int along_x, const double *k, int r)
{
  g_autofree double *line = g_new(double, res), *out = g_new(double, res);
  for (int o = 0; o < res; o++) {
    for (int i = 0; i < res; i++) line[i] = along_x ? g[o * res + i] : g[i * res + o];
    for (int i = 0; i < res; i++) {
      double s = 0;
      for (int t = -r; t <= r; t++)
        if (i + t >= 0 && i + t < res) s += k[t + r] * line[i + t];
      out[i] = s;
    }
    for (int i = 0; i < res; i++) {
      if (along_x)
        g[o * res + i] = out[i];
      else
        g[i * res + o] = out[i];
    }
  }
}

void gs_gan2d_kde_grid(const float *xy, gsize n, const double box[4], int res, float *values)
{
  g_return_if_fail(res >= 2);
  double cell[2] = {(box[1] - box[0]) / (res - 1), (box[3] - box[2]) / (res - 1)};
  g_autofree double *g = g_new0(double, (gsize) res *res);
  double mean[2], cov[4];
  g_autofree double *xy64 = gs_samples_to_double(xy, 2 * n);
  gs_sample_moments(xy64, n, 2, mean, cov);
  double scott = n > 1 ? pow((double) n, -1.0 / 6) : 1;
  double h[2] = {MAX(scott * sqrt(cov[0]), cell[0] / 2), MAX(scott * sqrt(cov[3]), cell[1] / 2)};
  /* linear binning: each point spreads its mass over the four surrounding grid nodes */
  gsize used = 0;
  for (gsize i = 0; i < n; i++) {
    double u = (xy[2 * i] - box[0]) / cell[0], v = (xy[2 * i + 1] - box[2]) / cell[1];
    if (!(u >= 0 && v >= 0 && u <= res - 1 && v <= res - 1)) {
      if (isfinite(u) && isfinite(v)) used++; /* outside the grid: counted, not drawn */
      continue;
    }
    used++;
    int i0 = MIN((int) u, res - 2), j0 = MIN((int) v, res - 2);
    double fu = u - i0, fv = v - j0;
    g[j0 * res + i0] += (1 - fu) * (1 - fv);
    g[j0 * res + i0 + 1] += fu * (1 - fv);
    g[(j0 + 1) * res + i0] += (1 - fu) * fv;
    g[(j0 + 1) * res + i0 + 1] += fu * fv;
  }
  for (int axis = 0; axis < 2; axis++) {
    double s = h[axis] / cell[axis];
    int r = MIN((int) ceil(4 * s), res - 1);
    g_autofree double *k = g_new(double, 2 * r + 1);
    for (int t = -r; t <= r; t++)
      k[t + r] = exp(-0.5 * t * t / (s * s)) / (sqrt(2 * G_PI) * h[axis]);
    convolve(g, res, axis == 0, k, r);
  }
  double norm = used ? 1.0 / used : 0;
  for (int k = 0; k < res * res; k++) values[k] = (float) (g[k] * norm);
}
