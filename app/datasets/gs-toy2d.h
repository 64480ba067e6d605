/* gs-toy2d.h — 2-D toy distributions: presets with seeded samplers and densities, and N×2
 * point sets imported from CSV or .npy files.
 *
 *     GsToy2d *ring = gs_toy2d_new_preset(GS_TOY2D_GAUSSIANS_8);  // 8 Gaussians, radius 2
 *     gs_rng rng = gs_rng_new(seed);
 *     float batch[256 * 2];                                       // (N, 2): x0 y0 x1 y1 …
 *     gs_toy2d_sample(ring, &rng, 256, batch);                   // same seed, same batch
 *     if (gs_toy2d_has_density(ring))
 *       p = gs_toy2d_density(ring, 0.0, 2.0);                   // p(x, y), integrates to 1
 *     int n_modes;
 *     const GsToy2dMode *modes = gs_toy2d_modes(ring, &n_modes);  // 8 centres with their σ
 *     double box[4];
 *     gs_toy2d_box(ring, box);                                    // xmin, xmax, ymin, ymax
 *     gs_toy2d_free(ring);
 *
 *     gsize n;                                                    // a user's file
 *     float *xy = gs_toy2d_load_points("points.csv", &n, &error); // CSV or .npy, (n, 2)
 *     GsToy2d *mine = gs_toy2d_new_points(xy, n, 0.0);            // resampled with jitter 0
 *
 * Presets (methods.md §1 and §2; "(ours)" marks parameters the papers do not fix):
 *   GAN Lab parity, in [0,1]²: line, gaussians (two), ring, disjoint (three clusters).
 *   Research: 8gaussians (radius 2, σ 0.02), 25gaussians ({−4,…,4}², σ 0.05), g2 (the
 *   interpolant paper's single Gaussian N((3.5,3.5), 1.25²I)), gmm8 (the interpolant paper's 8
 *   Gaussians on a circle of radius 0.35 about (0.5,0.5), σ 0.02), moons (ours: sklearn's
 *   two half circles, noise σ 0.05), circles (ours: radii 1 and 0.5, noise σ 0.04),
 *   spirals (ours: two interleaved arms, 1.5 turns out to radius 2, noise σ 0.05),
 *   checkerboard (ours: the 8 black unit squares of [−2,2]²), uniform-ring (ours: uniform on
 *   the annulus 1.5 ≤ r ≤ 2).
 * Densities: exact for the mixtures, checkerboard and uniform ring; for the curves with
 * Gaussian noise (line, moons, circles, spirals) the integral over the curve parameter is a
 * midpoint rule with points closer than σ/4 (relative error well under 1e-3). The GAN Lab ring
 * (random radius and angle plus noise) has none. A point set with jitter σ > 0 has the density
 * of its equal-weight mixture of N(point, σ²I).
 *
 * Loaders (errors in GS_TOY2D_ERROR, each naming the file and the line and field, or the shape):
 *   CSV: one point per line, two numbers separated by a comma, semicolon, tab or spaces;
 *   blank lines and lines starting with # are skipped; a first line that is not numeric is a
 *   header. .npy: versions 1–3, a 2-D array of shape (N, 2) of float32/64 or (un)signed
 *   integers, either byte order, C or Fortran order. Values must be finite.
 */
#ifndef GS_TOY2D_H
#define GS_TOY2D_H

#include <glib.h>

#include "gs-rng.h"

G_BEGIN_DECLS

typedef enum {
  GS_TOY2D_LINE,
  GS_TOY2D_GAUSSIANS,
  GS_TOY2D_RING,
  GS_TOY2D_DISJOINT,
  GS_TOY2D_GAUSSIANS_8,
  GS_TOY2D_GAUSSIANS_25,
  GS_TOY2D_G2,
  GS_TOY2D_GMM8,
  GS_TOY2D_MOONS,
  GS_TOY2D_CIRCLES,
  GS_TOY2D_SPIRALS,
  GS_TOY2D_CHECKERBOARD,
  GS_TOY2D_UNIFORM_RING,
  GS_TOY2D_N_PRESETS
} GsToy2dPreset;

/* Loaders refuse files with more points than this. */
#define GS_TOY2D_MAX_POINTS ((gsize) 1 << 22)

#define GS_TOY2D_ERROR (gs_toy2d_error_quark())
GQuark gs_toy2d_error_quark(void);

typedef enum {
  GS_TOY2D_ERROR_FORMAT, /* not a CSV of numbers / not an .npy file, or a header we cannot read */
  GS_TOY2D_ERROR_SHAPE,  /* not N×2, or no points, or too many */
  GS_TOY2D_ERROR_VALUE,  /* a field that is not a finite number */
  GS_TOY2D_ERROR_IO,     /* the file cannot be read */
} GsToy2dError;

/* A mode of a mixture: centre and (largest) standard deviation. */
typedef struct {
  double x, y, sigma;
} GsToy2dMode;

typedef struct GsToy2d GsToy2d;

/* Stable ids ("8gaussians", "g2", …) for files and command lines; titles are untranslated
 * (N_()): show them with _(). */
const char *gs_toy2d_preset_id(GsToy2dPreset preset);
const char *gs_toy2d_preset_title(GsToy2dPreset preset);
gboolean gs_toy2d_preset_from_id(const char *id, GsToy2dPreset *out);

GsToy2d *gs_toy2d_new_preset(GsToy2dPreset preset);
/* A copy of n points (n ≥ 1) of xy (n, 2); samples pick a point uniformly and add N(0, jitter²I)
 * (GAN Lab uses 0.02 for drawn points). */
GsToy2d *gs_toy2d_new_points(const float *xy, gsize n, double jitter);
void gs_toy2d_free(GsToy2d *dist);

/* n samples into xy (n, 2), drawn from rng (which advances). */
void gs_toy2d_sample(const GsToy2d *dist, gs_rng *rng, gsize n, float *xy);
/* The same draws with each point's class: its mixture component or its curve's arm (0 for the
 * other families). gs_toy2d_sample() is this with labels NULL, so both give the same points. */
void gs_toy2d_sample_labeled(const GsToy2d *dist, gs_rng *rng, gsize n, float *xy, int32_t *labels);
/* Classes gs_toy2d_sample_labeled() gives: components of a mixture, arms of a curve, else 1. */
int gs_toy2d_n_classes(const GsToy2d *dist);
gboolean gs_toy2d_has_density(const GsToy2d *dist);
/* p(x, y); only when gs_toy2d_has_density(). */
double gs_toy2d_density(const GsToy2d *dist, double x, double y);
/* The mixture's modes (NULL and 0 when it is not a mixture of Gaussians). */
const GsToy2dMode *gs_toy2d_modes(const GsToy2d *dist, int *n_modes);
/* A square window that holds the data with a margin: xmin, xmax, ymin, ymax. */
void gs_toy2d_box(const GsToy2d *dist, double box[4]);

/* Loaders of N×2 points; return g_malloc'd (n, 2) floats. name is used in messages. */
float *gs_toy2d_parse_csv(const char *text, gsize len, const char *name, gsize *n_points,
                          GError **error);
float *gs_toy2d_parse_npy(const guint8 *buf, gsize len, const char *name, gsize *n_points,
                          GError **error);
/* By content: the .npy magic, else CSV. */
float *gs_toy2d_load_points(const char *path, gsize *n_points, GError **error);

/* Points drawn by hand, as text (the landscape's `drawn_points` parameter): strokes separated
 * by ';', points by ',', x and y by spaces — "0.1 0.2, 0.15 0.22; 0.5 0.5". Empty strokes and
 * spaces around separators are ignored; no points at all is fine (returns NULL, *n_points 0).
 * stroke_ends (may be NULL) receives a g_malloc'd array of *n_strokes indices one past each
 * stroke's last point. Errors name the stroke and the point: "stroke 2, point 3: …". */
float *gs_toy2d_parse_strokes(const char *text, gsize *n_points, guint **stroke_ends,
                              guint *n_strokes, GError **error);
/* The text gs_toy2d_parse_strokes() reads back, 6 significant digits a coordinate (formatting
 * what it read gives the same text). */
char *gs_toy2d_format_strokes(const float *xy, const guint *stroke_ends, guint n_strokes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsToy2d, gs_toy2d_free)

G_END_DECLS

#endif /* GS_TOY2D_H */
