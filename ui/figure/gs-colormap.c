/* gs-colormap.c — colormaps, norms, palette and run styles. */
#include "gs-colormap.h"
#include "gs-colormap-impl.h"

#include <math.h>
#include <string.h>

struct _GsColormap {
  const char *name;
  gboolean diverging;
  float rgb[256][3];
  guint8 lut8[256 * 3];
};

GsColor gs_color_hex(guint32 rgb)
{
  return (GsColor){((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0,
                   1.0};
}

GsColor gs_color_with_alpha(GsColor c, double alpha)
{
  c.a = alpha;
  return c;
}

static int channel_byte(double v)
{
  return (int) lround(CLAMP(v, 0.0, 1.0) * 255.0);
}

void gs_color_to_hex(GsColor c, char buf[8])
{
  static const char digits[] = "0123456789abcdef";
  int ch[3] = {channel_byte(c.r), channel_byte(c.g), channel_byte(c.b)};
  buf[0] = '#';
  for (int i = 0; i < 3; i++) {
    buf[1 + 2 * i] = digits[ch[i] >> 4];
    buf[2 + 2 * i] = digits[ch[i] & 15];
  }
  buf[7] = '\0';
}

/* d3-interpolate's uniform B-spline (interpolateRgbBasis), which d3-scale-chromatic uses to
 * turn the 11 ColorBrewer PRGn colours into interpolatePRGn. */
static double basis(double t1, double v0, double v1, double v2, double v3)
{
  double t2 = t1 * t1, t3 = t2 * t1;
  return ((1 - 3 * t1 + 3 * t2 - t3) * v0 + (4 - 6 * t2 + 3 * t3) * v1 +
          (1 + 3 * t1 + 3 * t2 - 3 * t3) * v2 + t3 * v3) /
         6;
}

static double basis_spline(const double *values, int count, double t)
{
  int n = count - 1;
  int i;
  if (t <= 0) {
    t = 0;
    i = 0;
  } else if (t >= 1) {
    t = 1;
    i = n - 1;
  } else {
    i = (int) floor(t * n);
  }
  double v1 = values[i], v2 = values[i + 1];
  double v0 = i > 0 ? values[i - 1] : 2 * v1 - v2;
  double v3 = i < n - 1 ? values[i + 2] : 2 * v2 - v1;
  return basis((t - (double) i / n) * n, v0, v1, v2, v3);
}

static void fill_basis(GsColormap *cm, const guint32 *colors, int count)
{
  double ch[3][16];
  for (int k = 0; k < count; k++) {
    GsColor c = gs_color_hex(colors[k]);
    ch[0][k] = c.r * 255;
    ch[1][k] = c.g * 255;
    ch[2][k] = c.b * 255;
  }
  for (int i = 0; i < 256; i++)
    for (int c = 0; c < 3; c++) {
      /* d3 rounds each channel to a byte when it formats the colour. */
      double v = round(basis_spline(ch[c], count, i / 255.0));
      cm->rgb[i][c] = (float) (CLAMP(v, 0, 255) / 255.0);
    }
}

static void fill_linear(GsColormap *cm, const guint32 *colors, int count)
{
  for (int i = 0; i < 256; i++) {
    double x = i / 255.0 * (count - 1);
    int k = MIN((int) floor(x), count - 2);
    double f = x - k;
    GsColor a = gs_color_hex(colors[k]), b = gs_color_hex(colors[k + 1]);
    cm->rgb[i][0] = (float) (a.r + (b.r - a.r) * f);
    cm->rgb[i][1] = (float) (a.g + (b.g - a.g) * f);
    cm->rgb[i][2] = (float) (a.b + (b.b - a.b) * f);
  }
}

static void fill_table(GsColormap *cm, const float (*table)[3])
{
  memcpy(cm->rgb, table, sizeof cm->rgb);
}

static GsColormap colormaps[GS_COLORMAP_N];

static gpointer init_colormaps(gpointer unused)
{
  /* ColorBrewer PRGn, 11 classes, as in d3-scale-chromatic. */
  static const guint32 prgn[] = {0x40004b, 0x762a83, 0x9970ab, 0xc2a5cf, 0xe7d4e8, 0xf7f7f7,
                                 0xd9f0d3, 0xa6dba0, 0x5aae61, 0x1b7837, 0x00441b};
  /* Paul Tol, "Colour schemes" (2021), diverging "sunset". */
  static const guint32 sunset[] = {0x364b9a, 0x4a7bb7, 0x6ea6cd, 0x98cae1, 0xc2e4ef, 0xeaeccc,
                                   0xfeda8b, 0xfdb366, 0xf67e4b, 0xdd3d2d, 0xa50026};
  static const guint32 grays[] = {0x000000, 0xffffff};

  colormaps[GS_COLORMAP_VIRIDIS].name = "viridis";
  fill_table(&colormaps[GS_COLORMAP_VIRIDIS], gs_colormap_viridis_table);
  colormaps[GS_COLORMAP_MAGMA].name = "magma";
  fill_table(&colormaps[GS_COLORMAP_MAGMA], gs_colormap_magma_table);
  colormaps[GS_COLORMAP_CIVIDIS].name = "cividis";
  fill_table(&colormaps[GS_COLORMAP_CIVIDIS], gs_colormap_cividis_table);
  colormaps[GS_COLORMAP_PRGN].name = "prgn";
  colormaps[GS_COLORMAP_PRGN].diverging = TRUE;
  fill_basis(&colormaps[GS_COLORMAP_PRGN], prgn, G_N_ELEMENTS(prgn));
  colormaps[GS_COLORMAP_SUNSET].name = "sunset";
  colormaps[GS_COLORMAP_SUNSET].diverging = TRUE;
  fill_linear(&colormaps[GS_COLORMAP_SUNSET], sunset, G_N_ELEMENTS(sunset));
  colormaps[GS_COLORMAP_GRAYS].name = "grays";
  fill_linear(&colormaps[GS_COLORMAP_GRAYS], grays, G_N_ELEMENTS(grays));

  for (int m = 0; m < GS_COLORMAP_N; m++)
    for (int i = 0; i < 256; i++)
      for (int c = 0; c < 3; c++)
        colormaps[m].lut8[3 * i + c] = (guint8) channel_byte(colormaps[m].rgb[i][c]);
  return NULL;
}

const GsColormap *gs_colormap_get(GsColormapId id)
{
  static GOnce once = G_ONCE_INIT;
  g_return_val_if_fail(id >= 0 && id < GS_COLORMAP_N, NULL);
  g_once(&once, init_colormaps, NULL);
  return &colormaps[id];
}

const GsColormap *gs_colormap_lookup(const char *name)
{
  for (int id = 0; id < GS_COLORMAP_N; id++) {
    const GsColormap *cm = gs_colormap_get(id);
    if (name && g_ascii_strcasecmp(name, cm->name) == 0) return cm;
  }
  return NULL;
}

const char *gs_colormap_get_name(const GsColormap *cm)
{
  return cm->name;
}

gboolean gs_colormap_is_diverging(const GsColormap *cm)
{
  return cm->diverging;
}

static int lut_index(double t)
{
  if (!(t > 0)) /* also NaN */
    return 0;
  return MIN(255, (int) (t * 256));
}

GsColor gs_colormap_eval(const GsColormap *cm, double t)
{
  const float *c = cm->rgb[lut_index(t)];
  return (GsColor){c[0], c[1], c[2], 1.0};
}

const guint8 *gs_colormap_lut8(const GsColormap *cm)
{
  return cm->lut8;
}

void gs_norm_init(GsNorm *norm, double vmin, double vmax, double center)
{
  norm->vmin = vmin;
  norm->vmax = vmax;
  norm->center = center;
}

void gs_norm_autoscale(GsNorm *norm, const float *values, gsize n_values, double vmin, double vmax,
                       double center)
{
  double lo = INFINITY, hi = -INFINITY;
  for (gsize i = 0; i < n_values; i++) {
    double v = values[i];
    if (isfinite(v)) {
      lo = MIN(lo, v);
      hi = MAX(hi, v);
    }
  }
  if (!isfinite(lo)) {
    lo = isnan(center) ? 0.0 : center - 1.0;
    hi = isnan(center) ? 1.0 : center + 1.0;
  }
  if (!isnan(center) && isnan(vmin) && isnan(vmax)) {
    double m = MAX(fabs(lo - center), fabs(hi - center));
    if (m == 0) m = 1;
    lo = center - m;
    hi = center + m;
  }
  norm->vmin = isnan(vmin) ? lo : vmin;
  norm->vmax = isnan(vmax) ? hi : vmax;
  if (!isnan(center) && isnan(vmin) && !isnan(vmax))
    norm->vmin = MIN(norm->vmin, center - (vmax - center));
  if (!isnan(center) && !isnan(vmin) && isnan(vmax))
    norm->vmax = MAX(norm->vmax, center + (center - vmin));
  if (norm->vmax == norm->vmin) {
    norm->vmin -= 0.5;
    norm->vmax += 0.5;
  }
  norm->center = center;
}

double gs_norm_apply(const GsNorm *norm, double v)
{
  if (isnan(v)) return NAN;
  double t;
  if (!isnan(norm->center) && norm->center > norm->vmin && norm->center < norm->vmax) {
    if (v < norm->center)
      t = 0.5 * (v - norm->vmin) / (norm->center - norm->vmin);
    else
      t = 0.5 + 0.5 * (v - norm->center) / (norm->vmax - norm->center);
  } else {
    double span = norm->vmax - norm->vmin;
    t = span != 0 ? (v - norm->vmin) / span : 0.5;
  }
  return CLAMP(t, 0.0, 1.0);
}

/* Okabe & Ito (2008), "Color Universal Design"; black is left out (it is the ink colour) and
 * yellow goes last because it is faint on white. */
static const guint32 okabe_ito[GS_PALETTE_SIZE] = {0xe69f00, 0x56b4e9, 0x009e73, 0x0072b2,
                                                   0xd55e00, 0xcc79a7, 0xf0e442};

GsColor gs_palette_color(guint index)
{
  return gs_color_hex(okabe_ito[index % GS_PALETTE_SIZE]);
}

static guint64 positive_mod(gint64 a, guint64 m)
{
  gint64 r = a % (gint64) m;
  return (guint64) (r < 0 ? r + (gint64) m : r);
}

GsRunStyle gs_run_style_for_id(gint64 run_id)
{
  static const GsMarker markers[] = {GS_MARKER_CIRCLE, GS_MARKER_SQUARE, GS_MARKER_TRIANGLE,
                                     GS_MARKER_DIAMOND, GS_MARKER_CROSS};
  /* 7, 4 and 5 are coprime: 140 consecutive ids get distinct (colour, dash, marker). */
  GsRunStyle s;
  s.color = gs_palette_color((guint) positive_mod(run_id, GS_PALETTE_SIZE));
  s.dash = (GsDash) positive_mod(run_id, GS_DASH_N);
  s.marker = markers[positive_mod(run_id, G_N_ELEMENTS(markers))];
  return s;
}

GsRunStyle gs_run_style_for_key(const char *key)
{
  guint64 h = 0xcbf29ce484222325ull;
  for (const unsigned char *p = (const unsigned char *) key; p && *p; p++) {
    h ^= *p;
    h *= 0x100000001b3ull;
  }
  return gs_run_style_for_id((gint64) (h >> 1));
}

static gboolean colour_taken(const GsRunStyle *styles, guint n, GsColor c)
{
  for (guint i = 0; i < n; i++)
    if (memcmp(&styles[i].color, &c, sizeof c) == 0) return TRUE;
  return FALSE;
}

void gs_run_styles_distinct(const char *const *keys, guint n, GsRunStyle *out)
{
  for (guint r = 0; r < n; r++) {
    out[r] = gs_run_style_for_key(keys[r]);
    for (guint p = 0; p < GS_PALETTE_SIZE && colour_taken(out, r, out[r].color); p++)
      out[r].color = gs_palette_color(p);
  }
}
