/* gs-toy2d.c — 2-D toy distributions (three families: Gaussian mixtures, noisy curves, uniform
 * regions) and the CSV/.npy point loaders. */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gs-toy2d.h"

GQuark gs_toy2d_error_quark(void)
{
  return g_quark_from_static_string("gs-toy2d-error-quark");
}

#define MAX_COMPONENTS 25
#define MAX_ARMS       2

typedef enum { FAMILY_MIXTURE, FAMILY_CURVE, FAMILY_REGION, FAMILY_POINTS } Family;

struct GsToy2d {
  Family family;
  GsToy2dPreset preset; /* meaningless for FAMILY_POINTS */
  double box[4];
  /* mixtures: equal weights unless given */
  int n_components;
  double mean[MAX_COMPONENTS][2], sd[MAX_COMPONENTS][2], weight[MAX_COMPONENTS];
  GsToy2dMode modes[MAX_COMPONENTS];
  /* curves: arms of equal weight, the parameter t uniform in [0, 1), isotropic noise */
  int n_arms;
  double noise;
  int quad_points[MAX_ARMS]; /* midpoint rule for the density */
  double *quad_xy[MAX_ARMS]; /* (quad_points, 2) */
  /* point sets */
  float *points; /* (n_points, 2) */
  gsize n_points;
  double jitter;
};

static const struct {
  const char *id, *title;
} preset_names[GS_TOY2D_N_PRESETS] = {
    [GS_TOY2D_LINE] = {"line", N_("Line")},
    [GS_TOY2D_GAUSSIANS] = {"gaussians", N_("Two Gaussians")},
    [GS_TOY2D_RING] = {"ring", N_("Ring")},
    [GS_TOY2D_DISJOINT] = {"disjoint", N_("Disjoint clusters")},
    [GS_TOY2D_GAUSSIANS_8] = {"8gaussians", N_("8 Gaussians (ring)")},
    [GS_TOY2D_GAUSSIANS_25] = {"25gaussians", N_("25 Gaussians (grid)")},
    [GS_TOY2D_G2] = {"g2", N_("Single Gaussian (g2)")},
    [GS_TOY2D_GMM8] = {"gmm8", N_("8 Gaussians, unit square (gmm8)")},
    [GS_TOY2D_MOONS] = {"moons", N_("Two moons")},
    [GS_TOY2D_CIRCLES] = {"circles", N_("Circles")},
    [GS_TOY2D_SPIRALS] = {"spirals", N_("Spirals")},
    [GS_TOY2D_CHECKERBOARD] = {"checkerboard", N_("Checkerboard")},
    [GS_TOY2D_UNIFORM_RING] = {"uniform-ring", N_("Uniform ring")},
};

const char *gs_toy2d_preset_id(GsToy2dPreset preset)
{
  g_return_val_if_fail(preset < GS_TOY2D_N_PRESETS, NULL);
  return preset_names[preset].id;
}

const char *gs_toy2d_preset_title(GsToy2dPreset preset)
{
  g_return_val_if_fail(preset < GS_TOY2D_N_PRESETS, NULL);
  return preset_names[preset].title;
}

gboolean gs_toy2d_preset_from_id(const char *id, GsToy2dPreset *out)
{
  for (int p = 0; p < GS_TOY2D_N_PRESETS; p++)
    if (id && strcmp(id, preset_names[p].id) == 0) {
      *out = (GsToy2dPreset) p;
      return TRUE;
    }
  return FALSE;
}

/* ---- presets ---------------------------------------------------------------------------- */

#define UNIFORM_RING_R1 1.5
#define UNIFORM_RING_R2 2.0

/* The point of arm `arm` of a curve preset at parameter t in [0, 1). */
static void curve_point(GsToy2dPreset preset, int arm, double t, double *x, double *y)
{
  switch (preset) {
  case GS_TOY2D_LINE:
    *x = 0.8 - 0.75 * t;
    *y = 0.6 + 0.3 * t;
    return;
  case GS_TOY2D_MOONS: /* sklearn's make_moons */
    if (arm == 0) {
      *x = cos(G_PI * t);
      *y = sin(G_PI * t);
    } else {
      *x = 1 - cos(G_PI * t);
      *y = 0.5 - sin(G_PI * t);
    }
    return;
  case GS_TOY2D_CIRCLES: {
    double r = arm == 0 ? 1.0 : 0.5;
    *x = r * cos(2 * G_PI * t);
    *y = r * sin(2 * G_PI * t);
    return;
  }
  case GS_TOY2D_SPIRALS: { /* 1.5 turns from radius 0.2 to 2; the second arm turned by π */
    double r = 0.2 + 1.8 * t, a = 3 * G_PI * t + arm * G_PI;
    *x = r * cos(a);
    *y = r * sin(a);
    return;
  }
  default:
    g_assert_not_reached();
  }
}

static void set_box(GsToy2d *d, double x0, double x1, double y0, double y1)
{
  d->box[0] = x0;
  d->box[1] = x1;
  d->box[2] = y0;
  d->box[3] = y1;
}

static void add_component(GsToy2d *d, double mx, double my, double sx, double sy)
{
  g_assert(d->n_components < MAX_COMPONENTS);
  int c = d->n_components++;
  d->mean[c][0] = mx;
  d->mean[c][1] = my;
  d->sd[c][0] = sx;
  d->sd[c][1] = sy;
  d->modes[c] = (GsToy2dMode){mx, my, MAX(sx, sy)};
}

static void finish_mixture(GsToy2d *d)
{
  for (int c = 0; c < d->n_components; c++) d->weight[c] = 1.0 / d->n_components;
}

/* Build the midpoint rule of each arm with neighbours at most noise/4 apart. */
static void finish_curve(GsToy2d *d, int n_arms, double noise)
{
  d->n_arms = n_arms;
  d->noise = noise;
  for (int a = 0; a < n_arms; a++) {
    double length = 0, px, py;
    curve_point(d->preset, a, 0, &px, &py);
    for (int i = 1; i <= 1000; i++) {
      double x, y;
      curve_point(d->preset, a, i / 1000.0, &x, &y);
      length += hypot(x - px, y - py);
      px = x;
      py = y;
    }
    int n = (int) ceil(length / (noise / 4)) + 1;
    d->quad_points[a] = n;
    d->quad_xy[a] = g_new(double, 2 * (gsize) n);
    for (int k = 0; k < n; k++)
      curve_point(d->preset, a, (k + 0.5) / n, &d->quad_xy[a][2 * k], &d->quad_xy[a][2 * k + 1]);
  }
}

GsToy2d *gs_toy2d_new_preset(GsToy2dPreset preset)
{
  g_return_val_if_fail(preset < GS_TOY2D_N_PRESETS, NULL);
  GsToy2d *d = g_new0(GsToy2d, 1);
  d->preset = preset;
  d->family = FAMILY_MIXTURE;
  switch (preset) {
  case GS_TOY2D_LINE:
    d->family = FAMILY_CURVE;
    finish_curve(d, 1, 0.01);
    set_box(d, 0, 1, 0, 1);
    break;
  case GS_TOY2D_GAUSSIANS:
    add_component(d, 0.3, 0.7, 0.1, 0.1);
    add_component(d, 0.7, 0.4, 0.05, 0.2);
    set_box(d, 0, 1, 0, 1);
    break;
  case GS_TOY2D_RING: /* random radius and angle plus noise: sampled in sample_region */
    d->family = FAMILY_REGION;
    set_box(d, 0, 1, 0, 1);
    break;
  case GS_TOY2D_DISJOINT:
    add_component(d, 0.35, 0.75, 0.025, 0.025);
    add_component(d, 0.75, 0.6, 0.025, 0.025);
    add_component(d, 0.45, 0.35, 0.025, 0.025);
    set_box(d, 0, 1, 0, 1);
    break;
  case GS_TOY2D_GAUSSIANS_8:
    for (int k = 0; k < 8; k++)
      add_component(d, 2 * cos(2 * G_PI * k / 8), 2 * sin(2 * G_PI * k / 8), 0.02, 0.02);
    set_box(d, -3, 3, -3, 3);
    break;
  case GS_TOY2D_GAUSSIANS_25:
    for (int i = 0; i < 5; i++)
      for (int j = 0; j < 5; j++) add_component(d, -4 + 2 * i, -4 + 2 * j, 0.05, 0.05);
    set_box(d, -6, 6, -6, 6);
    break;
  case GS_TOY2D_G2: /* the box holds the origin, where an untrained generator starts */
    add_component(d, 3.5, 3.5, 1.25, 1.25);
    set_box(d, -1, 8, -1, 8);
    break;
  case GS_TOY2D_GMM8:
    for (int k = 0; k < 8; k++)
      add_component(d, 0.5 + 0.35 * cos(2 * G_PI * k / 8), 0.5 + 0.35 * sin(2 * G_PI * k / 8), 0.02,
                    0.02);
    set_box(d, 0, 1, 0, 1);
    break;
  case GS_TOY2D_MOONS:
    d->family = FAMILY_CURVE;
    finish_curve(d, 2, 0.05);
    set_box(d, -1.25, 2.25, -1.5, 2.0);
    break;
  case GS_TOY2D_CIRCLES:
    d->family = FAMILY_CURVE;
    finish_curve(d, 2, 0.04);
    set_box(d, -1.5, 1.5, -1.5, 1.5);
    break;
  case GS_TOY2D_SPIRALS:
    d->family = FAMILY_CURVE;
    finish_curve(d, 2, 0.05);
    set_box(d, -2.5, 2.5, -2.5, 2.5);
    break;
  case GS_TOY2D_CHECKERBOARD:
  case GS_TOY2D_UNIFORM_RING:
    d->family = FAMILY_REGION;
    set_box(d, -2.5, 2.5, -2.5, 2.5);
    break;
  default:
    g_assert_not_reached();
  }
  if (d->family == FAMILY_MIXTURE) finish_mixture(d);
  return d;
}

GsToy2d *gs_toy2d_new_points(const float *xy, gsize n, double jitter)
{
  g_return_val_if_fail(xy != NULL && n >= 1 && jitter >= 0, NULL);
  GsToy2d *d = g_new0(GsToy2d, 1);
  d->family = FAMILY_POINTS;
  d->points = g_memdup2(xy, n * 2 * sizeof(float));
  d->n_points = n;
  d->jitter = jitter;
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < 2; c++) {
      lo[c] = MIN(lo[c], xy[2 * i + c]);
      hi[c] = MAX(hi[c], xy[2 * i + c]);
    }
  double half = MAX(hi[0] - lo[0], hi[1] - lo[1]) * 0.6 + 3 * jitter;
  half = MAX(half, 1e-3);
  for (int c = 0; c < 2; c++) {
    double mid = 0.5 * (lo[c] + hi[c]);
    d->box[2 * c] = mid - half;
    d->box[2 * c + 1] = mid + half;
  }
  return d;
}

void gs_toy2d_free(GsToy2d *d)
{
  if (!d) return;
  for (int a = 0; a < d->n_arms; a++) g_free(d->quad_xy[a]);
  g_free(d->points);
  g_free(d);
}

/* ---- sampling ----------------------------------------------------------------------------- */

static int pick(gs_rng *rng, int n)
{
  return (int) gs_rng_below(rng, (uint32_t) n);
}

static void sample_region(const GsToy2d *d, gs_rng *rng, double *x, double *y)
{
  switch (d->preset) {
  case GS_TOY2D_RING: { /* GAN Lab: centre (0.5, 0.45), radius in [0.25, 0.3], jitter 0.025 */
    double r = 0.25 + 0.05 * gs_rng_uniform(rng), a = 2 * G_PI * gs_rng_uniform(rng);
    *x = 0.5 + r * cos(a) + 0.025 * gs_rng_normal(rng);
    *y = 0.45 + r * sin(a) + 0.025 * gs_rng_normal(rng);
    return;
  }
  case GS_TOY2D_CHECKERBOARD: { /* FFJORD's checkerboard */
    double x1 = -2 + 4 * gs_rng_uniform(rng);
    double parity = fmod(floor(x1) + 4, 2); /* floor(x1) mod 2, in {0, 1} */
    *x = x1;
    *y = gs_rng_uniform(rng) - 2 * pick(rng, 2) + parity;
    return;
  }
  case GS_TOY2D_UNIFORM_RING: {
    const double a2 = UNIFORM_RING_R1 * UNIFORM_RING_R1, b2 = UNIFORM_RING_R2 * UNIFORM_RING_R2;
    double r = sqrt(a2 + (b2 - a2) * gs_rng_uniform(rng)), a = 2 * G_PI * gs_rng_uniform(rng);
    *x = r * cos(a);
    *y = r * sin(a);
    return;
  }
  default:
    g_assert_not_reached();
  }
}

int gs_toy2d_n_classes(const GsToy2d *d)
{
  g_return_val_if_fail(d != NULL, 0);
  switch (d->family) {
  case FAMILY_MIXTURE:
    return d->n_components;
  case FAMILY_CURVE:
    return d->n_arms;
  default:
    return 1;
  }
}

void gs_toy2d_sample(const GsToy2d *d, gs_rng *rng, gsize n, float *xy)
{
  gs_toy2d_sample_labeled(d, rng, n, xy, NULL);
}

void gs_toy2d_sample_labeled(const GsToy2d *d, gs_rng *rng, gsize n, float *xy, int32_t *labels)
{
  g_return_if_fail(d != NULL && rng != NULL && (xy != NULL || n == 0));
  for (gsize i = 0; i < n; i++) {
    double x = 0, y = 0;
    int32_t label = 0;
    switch (d->family) {
    case FAMILY_MIXTURE: {
      int c = pick(rng, d->n_components); /* equal weights in every preset */
      label = c;
      x = d->mean[c][0] + d->sd[c][0] * gs_rng_normal(rng);
      y = d->mean[c][1] + d->sd[c][1] * gs_rng_normal(rng);
      break;
    }
    case FAMILY_CURVE: {
      int arm = d->n_arms > 1 ? pick(rng, d->n_arms) : 0;
      label = arm;
      curve_point(d->preset, arm, gs_rng_uniform(rng), &x, &y);
      x += d->noise * gs_rng_normal(rng);
      y += d->noise * gs_rng_normal(rng);
      break;
    }
    case FAMILY_REGION:
      sample_region(d, rng, &x, &y);
      break;
    case FAMILY_POINTS: {
      gsize k = d->n_points <= G_MAXUINT32 ? gs_rng_below(rng, (uint32_t) d->n_points) : 0;
      x = d->points[2 * k];
      y = d->points[2 * k + 1];
      if (d->jitter > 0) {
        x += d->jitter * gs_rng_normal(rng);
        y += d->jitter * gs_rng_normal(rng);
      }
      break;
    }
    }
    xy[2 * i] = (float) x;
    xy[2 * i + 1] = (float) y;
    if (labels) labels[i] = label;
  }
}

/* ---- densities ---------------------------------------------------------------------------- */

gboolean gs_toy2d_has_density(const GsToy2d *d)
{
  g_return_val_if_fail(d != NULL, FALSE);
  if (d->family == FAMILY_POINTS) return d->jitter > 0;
  return d->preset != GS_TOY2D_RING;
}

static double isotropic(double dx, double dy, double sigma)
{
  return exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) / (2 * G_PI * sigma * sigma);
}

double gs_toy2d_density(const GsToy2d *d, double x, double y)
{
  g_return_val_if_fail(gs_toy2d_has_density(d), 0);
  switch (d->family) {
  case FAMILY_MIXTURE: {
    double p = 0;
    for (int c = 0; c < d->n_components; c++) {
      double u = (x - d->mean[c][0]) / d->sd[c][0], v = (y - d->mean[c][1]) / d->sd[c][1];
      p += d->weight[c] * exp(-0.5 * (u * u + v * v)) / (2 * G_PI * d->sd[c][0] * d->sd[c][1]);
    }
    return p;
  }
  case FAMILY_CURVE: {
    double p = 0, cut = 2 * (8 * d->noise) * (8 * d->noise);
    for (int a = 0; a < d->n_arms; a++) {
      double s = 0;
      const double *q = d->quad_xy[a];
      for (int k = 0; k < d->quad_points[a]; k++) {
        double dx = x - q[2 * k], dy = y - q[2 * k + 1];
        if (dx * dx + dy * dy < cut) s += isotropic(dx, dy, d->noise);
      }
      p += s / d->quad_points[a];
    }
    return p / d->n_arms;
  }
  case FAMILY_REGION:
    if (d->preset == GS_TOY2D_CHECKERBOARD) {
      if (x < -2 || x >= 2 || y < -2 || y >= 2) return 0;
      return fmod(floor(x) + floor(y) + 8, 2) == 0 ? 1.0 / 8 : 0;
    } else {
      double r2 = x * x + y * y;
      const double a2 = UNIFORM_RING_R1 * UNIFORM_RING_R1, b2 = UNIFORM_RING_R2 * UNIFORM_RING_R2;
      return r2 >= a2 && r2 <= b2 ? 1 / (G_PI * (b2 - a2)) : 0;
    }
  case FAMILY_POINTS: {
    double p = 0;
    for (gsize i = 0; i < d->n_points; i++)
      p += isotropic(x - d->points[2 * i], y - d->points[2 * i + 1], d->jitter);
    return p / d->n_points;
  }
  }
  return 0;
}

const GsToy2dMode *gs_toy2d_modes(const GsToy2d *d, int *n_modes)
{
  g_return_val_if_fail(d != NULL && n_modes != NULL, NULL);
  if (d->family != FAMILY_MIXTURE) {
    *n_modes = 0;
    return NULL;
  }
  *n_modes = d->n_components;
  return d->modes;
}

void gs_toy2d_box(const GsToy2d *d, double box[4])
{
  g_return_if_fail(d != NULL);
  memcpy(box, d->box, sizeof d->box);
}

/* ---- CSV ---------------------------------------------------------------------------------- */

/* A field for messages: at most 40 bytes, valid UTF-8. */
static char *field_for_message(const char *s, gsize len)
{
  gboolean cut = len > 40;
  g_autofree char *valid = g_utf8_make_valid(s, MIN(len, 40));
  return cut ? g_strconcat(valid, "…", NULL) : g_steal_pointer(&valid);
}

/* Parse a whole field as a number; FALSE when it is not one. */
static gboolean parse_number(const char *s, gsize len, double *out)
{
  char buf[64];
  if (len == 0 || len >= sizeof buf) return FALSE;
  memcpy(buf, s, len);
  buf[len] = 0;
  char *end = NULL;
  *out = g_ascii_strtod(buf, &end);
  return end == buf + len;
}

static gboolean is_blank(char c)
{
  return c == ' ' || c == '\t';
}

typedef struct {
  const char *start;
  gsize len;
} Span;

/* Split a line into at most max fields (counting all of them in *n_fields). */
static void split_fields(const char *line, gsize len, Span *fields, int max, int *n_fields)
{
  char delim = 0;
  for (const char *sep = ",;\t"; *sep && !delim; sep++)
    if (memchr(line, *sep, len)) delim = *sep;
  int n = 0;
  gsize i = 0;
  if (!delim) { /* whitespace-separated */
    while (i < len) {
      while (i < len && is_blank(line[i])) i++;
      if (i == len) break;
      gsize s = i;
      while (i < len && !is_blank(line[i])) i++;
      if (n < max) fields[n] = (Span){line + s, i - s};
      n++;
    }
    *n_fields = n;
    return;
  }
  for (;;) {
    gsize s = i;
    while (i < len && line[i] != delim) i++;
    gsize e = i;
    while (s < e && is_blank(line[s])) s++;
    while (e > s && is_blank(line[e - 1])) e--;
    if (e - s >= 2 && line[s] == '"' && line[e - 1] == '"') s++, e--;
    if (n < max) fields[n] = (Span){line + s, e - s};
    n++;
    if (i == len) break;
    i++; /* past the delimiter */
  }
  *n_fields = n;
}

float *gs_toy2d_parse_csv(const char *text, gsize len, const char *name, gsize *n_points,
                          GError **error)
{
  g_return_val_if_fail((text != NULL || len == 0) && name != NULL && n_points != NULL, NULL);
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3; /* a UTF-8 BOM */
  GArray *xy = g_array_new(FALSE, FALSE, sizeof(float));
  gsize pos = 0, line_no = 0;
  gboolean seen_first = FALSE;
  while (pos < len) {
    const char *line = text + pos;
    const char *nl = memchr(line, '\n', len - pos);
    gsize line_len = nl ? (gsize) (nl - line) : len - pos;
    pos += line_len + (nl ? 1 : 0);
    line_no++;
    if (line_len > 0 && line[line_len - 1] == '\r') line_len--;
    if (memchr(line, 0, line_len)) {
      g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_FORMAT,
                  _("%s: line %zu: a NUL byte (this is not a text file)"), name, line_no);
      goto fail;
    }
    gsize i = 0;
    while (i < line_len && is_blank(line[i])) i++;
    if (i == line_len || line[i] == '#') continue;

    Span fields[2];
    int n_fields;
    split_fields(line, line_len, fields, 2, &n_fields);
    gboolean first = !seen_first;
    seen_first = TRUE;
    double v[2];
    gboolean ok[2] = {FALSE, FALSE};
    for (int f = 0; f < MIN(n_fields, 2); f++)
      ok[f] = parse_number(fields[f].start, fields[f].len, &v[f]);
    /* a first line with no number at all is a header */
    if (first && !ok[0] && !ok[1]) continue;
    if (n_fields != 2) {
      g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                  _("%s: line %zu: expected 2 values (x and y), found %d"), name, line_no,
                  n_fields);
      goto fail;
    }
    for (int f = 0; f < 2; f++) {
      if (!ok[f] || !isfinite(v[f])) {
        g_autofree char *shown = field_for_message(fields[f].start, fields[f].len);
        g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_VALUE,
                    ok[f] ? _("%s: line %zu, field %d: “%s” is not a finite number")
                          : _("%s: line %zu, field %d: “%s” is not a number"),
                    name, line_no, f + 1, shown);
        goto fail;
      }
    }
    if (xy->len / 2 >= GS_TOY2D_MAX_POINTS) {
      g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                  _("%s: line %zu: more than %zu points"), name, line_no, GS_TOY2D_MAX_POINTS);
      goto fail;
    }
    float fv[2] = {(float) v[0], (float) v[1]};
    if (!isfinite(fv[0]) || !isfinite(fv[1])) {
      g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_VALUE,
                  _("%s: line %zu: the values do not fit in single precision"), name, line_no);
      goto fail;
    }
    g_array_append_vals(xy, fv, 2);
  }
  if (xy->len == 0) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                _("%s: no points (expected lines of two numbers, x and y)"), name);
    goto fail;
  }
  *n_points = xy->len / 2;
  return (float *) g_array_free(xy, FALSE);
fail:
  g_array_free(xy, TRUE);
  return NULL;
}

/* ---- drawn strokes ------------------------------------------------------------------------ */

float *gs_toy2d_parse_strokes(const char *text, gsize *n_points, guint **stroke_ends,
                              guint *n_strokes, GError **error)
{
  *n_points = 0;
  if (stroke_ends) *stroke_ends = NULL;
  if (n_strokes) *n_strokes = 0;
  GArray *xy = g_array_new(FALSE, FALSE, sizeof(float));
  GArray *ends = g_array_new(FALSE, FALSE, sizeof(guint));
  g_auto(GStrv) strokes = g_strsplit(text, ";", -1);
  guint stroke_no = 0; /* counts non-empty strokes, as shown in messages */
  for (guint s = 0; strokes[s]; s++) {
    if (!*g_strstrip(strokes[s])) continue;
    stroke_no++;
    g_auto(GStrv) points = g_strsplit(strokes[s], ",", -1);
    for (guint p = 0; points[p]; p++) {
      char *point = g_strstrip(points[p]);
      g_auto(GStrv) coords = g_strsplit_set(point, " \t\n\r", -1);
      double v[2];
      int n = 0;
      for (guint c = 0; coords[c]; c++) {
        if (!*coords[c]) continue;
        if (n == 2) {
          n = 3;
          break;
        }
        g_autofree char *shown = field_for_message(coords[c], strlen(coords[c]));
        if (!parse_number(coords[c], strlen(coords[c]), &v[n])) {
          g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_VALUE,
                      _("stroke %u, point %u: “%s” is not a number"), stroke_no, p + 1, shown);
          goto fail;
        }
        if (!isfinite(v[n]) || !isfinite((float) v[n])) {
          g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_VALUE,
                      _("stroke %u, point %u: “%s” is not a finite single-precision number"),
                      stroke_no, p + 1, shown);
          goto fail;
        }
        n++;
      }
      if (n != 2) {
        g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                    _("stroke %u, point %u: expected x and y separated by a space"), stroke_no,
                    p + 1);
        goto fail;
      }
      if (xy->len / 2 >= GS_TOY2D_MAX_POINTS) {
        g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                    _("stroke %u: more than %zu points"), stroke_no, GS_TOY2D_MAX_POINTS);
        goto fail;
      }
      float fv[2] = {(float) v[0], (float) v[1]};
      g_array_append_vals(xy, fv, 2);
    }
    guint end = xy->len / 2;
    g_array_append_val(ends, end);
  }
  *n_points = xy->len / 2;
  if (n_strokes) *n_strokes = ends->len;
  if (stroke_ends)
    *stroke_ends = (guint *) g_array_free(ends, FALSE);
  else
    g_array_free(ends, TRUE);
  if (!*n_points) {
    g_array_free(xy, TRUE);
    return NULL;
  }
  return (float *) g_array_free(xy, FALSE);
fail:
  g_array_free(xy, TRUE);
  g_array_free(ends, TRUE);
  *n_points = 0;
  return NULL;
}

char *gs_toy2d_format_strokes(const float *xy, const guint *stroke_ends, guint n_strokes)
{
  GString *s = g_string_new(NULL);
  guint start = 0;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
  for (guint k = 0; k < n_strokes; k++) {
    if (stroke_ends[k] <= start) continue;
    if (s->len) g_string_append(s, "; ");
    for (guint i = start; i < stroke_ends[k]; i++) {
      if (i > start) g_string_append(s, ", ");
      g_ascii_formatd(a, sizeof a, "%.6g", xy[2 * i]);
      g_ascii_formatd(b, sizeof b, "%.6g", xy[2 * i + 1]);
      g_string_append_printf(s, "%s %s", a, b);
    }
    start = stroke_ends[k];
  }
  return g_string_free(s, FALSE);
}

/* ---- .npy --------------------------------------------------------------------------------- */

typedef struct {
  const char *s;
  gsize len, pos;
} Cursor;

static void skip_space(Cursor *c)
{
  while (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t' || c->s[c->pos] == '\n' ||
                             c->s[c->pos] == '\r'))
    c->pos++;
}

static gboolean eat(Cursor *c, char ch)
{
  skip_space(c);
  if (c->pos < c->len && c->s[c->pos] == ch) {
    c->pos++;
    return TRUE;
  }
  return FALSE;
}

/* A Python string literal without escapes, as numpy writes them. */
static char *parse_pystring(Cursor *c)
{
  skip_space(c);
  if (c->pos >= c->len || (c->s[c->pos] != '\'' && c->s[c->pos] != '"')) return NULL;
  char q = c->s[c->pos++];
  gsize start = c->pos;
  while (c->pos < c->len && c->s[c->pos] != q) {
    if (c->s[c->pos] == '\\' || c->s[c->pos] == 0) return NULL;
    c->pos++;
  }
  if (c->pos >= c->len) return NULL;
  return g_strndup(c->s + start, c->pos++ - start);
}

static gboolean eat_word(Cursor *c, const char *word)
{
  skip_space(c);
  gsize n = strlen(word);
  if (c->len - c->pos >= n && memcmp(c->s + c->pos, word, n) == 0) {
    c->pos += n;
    return TRUE;
  }
  return FALSE;
}

#define MAX_NPY_DIMS 8

/* A tuple of non-negative integers: "()", "(5,)", "(5, 2)". */
static gboolean parse_shape(Cursor *c, guint64 *dims, int *ndim)
{
  if (!eat(c, '(')) return FALSE;
  *ndim = 0;
  for (;;) {
    if (eat(c, ')')) return TRUE;
    skip_space(c);
    if (c->pos >= c->len || !g_ascii_isdigit(c->s[c->pos])) return FALSE;
    guint64 v = 0;
    while (c->pos < c->len && g_ascii_isdigit(c->s[c->pos])) {
      if (v > (G_MAXUINT64 - 9) / 10) return FALSE;
      v = v * 10 + (guint64) (c->s[c->pos++] - '0');
    }
    if (*ndim >= MAX_NPY_DIMS) return FALSE;
    dims[(*ndim)++] = v;
    if (eat(c, ',')) continue;
    if (eat(c, ')')) return TRUE;
    return FALSE;
  }
}

static char *shape_text(const guint64 *dims, int ndim)
{
  GString *s = g_string_new("(");
  for (int d = 0; d < ndim; d++)
    g_string_append_printf(s, "%s%" G_GUINT64_FORMAT, d ? ", " : "", dims[d]);
  g_string_append(s, ndim == 1 ? ",)" : ")");
  return g_string_free(s, FALSE);
}

static double npy_value(const guint8 *p, char kind, int size, gboolean swap)
{
  guint8 b[8];
  for (int i = 0; i < size; i++) b[i] = swap ? p[size - 1 - i] : p[i];
  switch (kind) {
  case 'f':
    if (size == 4) {
      float f;
      memcpy(&f, b, 4);
      return f;
    } else {
      double f;
      memcpy(&f, b, 8);
      return f;
    }
  case 'i':
    switch (size) {
    case 1:
      return (gint8) b[0];
    case 2: {
      gint16 v;
      memcpy(&v, b, 2);
      return v;
    }
    case 4: {
      gint32 v;
      memcpy(&v, b, 4);
      return v;
    }
    default: {
      gint64 v;
      memcpy(&v, b, 8);
      return (double) v;
    }
    }
  default:
    switch (size) {
    case 1:
      return b[0];
    case 2: {
      guint16 v;
      memcpy(&v, b, 2);
      return v;
    }
    case 4: {
      guint32 v;
      memcpy(&v, b, 4);
      return v;
    }
    default: {
      guint64 v;
      memcpy(&v, b, 8);
      return (double) v;
    }
    }
  }
}

float *gs_toy2d_parse_npy(const guint8 *buf, gsize len, const char *name, gsize *n_points,
                          GError **error)
{
  g_return_val_if_fail((buf != NULL || len == 0) && name != NULL && n_points != NULL, NULL);
  if (len < 10 || memcmp(buf, "\x93NUMPY", 6) != 0) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_FORMAT,
                _("%s: not an .npy file (it does not start with \\x93NUMPY)"), name);
    return NULL;
  }
  guint8 major = buf[6];
  gsize header_len, header_start;
  if (major == 1) {
    header_len = buf[8] | (gsize) buf[9] << 8;
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (len < 12) {
      g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_FORMAT,
                  _("%s: the file ends inside the .npy preamble"), name);
      return NULL;
    }
    header_len = buf[8] | (gsize) buf[9] << 8 | (gsize) buf[10] << 16 | (gsize) buf[11] << 24;
    header_start = 12;
  } else {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_FORMAT,
                _("%s: .npy format version %d.%d is not supported (1, 2 or 3 is)"), name, major,
                buf[7]);
    return NULL;
  }
  if (header_len > len - header_start) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_FORMAT,
                _("%s: the .npy header says %zu bytes but the file ends first"), name, header_len);
    return NULL;
  }
  Cursor c = {(const char *) buf + header_start, header_len, 0};
  g_autofree char *descr = NULL;
  int have_fortran = -1, ndim = -1;
  guint64 dims[MAX_NPY_DIMS];
  gboolean ok = eat(&c, '{');
  while (ok && !eat(&c, '}')) {
    g_autofree char *key = parse_pystring(&c);
    if (!key || !eat(&c, ':')) {
      ok = FALSE;
      break;
    }
    if (strcmp(key, "descr") == 0 && !descr) {
      descr = parse_pystring(&c);
      if (!descr) {
        g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_FORMAT,
                    _("%s: the .npy array has a structured type; a plain N×2 array of numbers is "
                      "needed"),
                    name);
        return NULL;
      }
    } else if (strcmp(key, "fortran_order") == 0 && have_fortran < 0) {
      if (eat_word(&c, "True"))
        have_fortran = 1;
      else if (eat_word(&c, "False"))
        have_fortran = 0;
      else
        ok = FALSE;
    } else if (strcmp(key, "shape") == 0 && ndim < 0) {
      ok = parse_shape(&c, dims, &ndim);
      if (!ok) ndim = -1;
    } else {
      ok = FALSE;
    }
    if (ok && !eat(&c, ',')) {
      ok = eat(&c, '}');
      break;
    }
  }
  if (!ok || !descr || have_fortran < 0 || ndim < 0) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_FORMAT,
                _("%s: the .npy header is not a dictionary of descr, fortran_order and shape"),
                name);
    return NULL;
  }
  /* descr: byte order, kind, size ("<f8", "|u1") */
  char order = descr[0], kind = order ? descr[1] : 0;
  int size = 0;
  if (order && kind && descr[2] && !descr[3]) size = descr[2] - '0';
  gboolean known = strchr("<>|=", order) && order && strchr("fiu", kind) && kind &&
                   (size == 1 || size == 2 || size == 4 || size == 8) &&
                   !(kind == 'f' && size < 4) && !(order == '|' && size != 1);
  if (!known) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_FORMAT,
                _("%s: the .npy element type “%s” is not supported (use float32, float64 or an "
                  "integer type)"),
                name, descr);
    return NULL;
  }
  g_autofree char *shape = shape_text(dims, ndim);
  if (ndim != 2 || dims[1] != 2) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                _("%s: the array has shape %s; expected (N, 2), one row per point"), name, shape);
    return NULL;
  }
  if (dims[0] == 0 || dims[0] > GS_TOY2D_MAX_POINTS) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                _("%s: the array has shape %s; expected 1 to %zu points"), name, shape,
                GS_TOY2D_MAX_POINTS);
    return NULL;
  }
  gsize n = (gsize) dims[0], need = n * 2 * (gsize) size, have = len - header_start - header_len;
  if (have != need) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                _("%s: shape %s of %s needs %zu"
                  " bytes of data, the file has %zu"),
                name, shape, descr, need, have);
    return NULL;
  }
  gboolean little = G_BYTE_ORDER == G_LITTLE_ENDIAN;
  gboolean swap = size > 1 && ((order == '<' && !little) || (order == '>' && little));
  const guint8 *data = buf + header_start + header_len;
  float *xy = g_new(float, 2 * n);
  for (gsize i = 0; i < n; i++)
    for (int k = 0; k < 2; k++) {
      gsize at = have_fortran ? (gsize) k * n + i : 2 * i + (gsize) k;
      float v = (float) npy_value(data + at * (gsize) size, kind, size, swap);
      if (!isfinite(v)) {
        g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_VALUE,
                    _("%s: row %zu, column %d is not a finite number"), name, i, k);
        g_free(xy);
        return NULL;
      }
      xy[2 * i + k] = v;
    }
  *n_points = n;
  return xy;
}

float *gs_toy2d_load_points(const char *path, gsize *n_points, GError **error)
{
  g_return_val_if_fail(path != NULL && n_points != NULL, NULL);
  GStatBuf st;
  if (g_stat(path, &st) == 0 && st.st_size > (1 << 29)) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                _("%s: the file is larger than 512 MB"), path);
    return NULL;
  }
  g_autofree char *contents = NULL;
  gsize len = 0;
  GError *local = NULL;
  if (!g_file_get_contents(path, &contents, &len, &local)) {
    g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_IO, "%s", local->message);
    g_error_free(local);
    return NULL;
  }
  if (len >= 6 && memcmp(contents, "\x93NUMPY", 6) == 0)
    return gs_toy2d_parse_npy((const guint8 *) contents, len, path, n_points, error);
  return gs_toy2d_parse_csv(contents, len, path, n_points, error);
}
