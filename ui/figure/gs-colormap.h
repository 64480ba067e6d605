/* gs-colormap.h — colours, colormaps, norms and the stable run styles of Ganscape's figures.
 *
 * Colours are straight (not premultiplied) RGBA doubles in [0, 1]. A colormap maps t in [0, 1]
 * to a colour through a 256-entry table; a norm maps a data value to t:
 *
 *     const GsColormap *cm = gs_colormap_get(GS_COLORMAP_PRGN);   // GAN Lab's map
 *     GsNorm norm;
 *     gs_norm_init(&norm, 0.0, 1.0, 0.5);                          // D = 0.5 is the centre
 *     GsColor c = gs_colormap_eval(cm, gs_norm_apply(&norm, 0.73));
 *
 * A centred norm maps [vmin, centre] to [0, 0.5] and [centre, vmax] to [0.5, 1], so the neutral
 * colour of a diverging map always sits on the centre value (0.5 for probabilities, 0 for
 * critics), even when the range is lopsided.
 *
 * Runs: gs_run_style_for_id() gives a run the same colour (Okabe–Ito, colour-blind safe), dash
 * and marker in every figure; consecutive ids differ in all three cues, so curves stay apart in
 * grey-scale print and for colour-blind readers.
 *
 * Everything here is pure and thread-safe.
 */
#ifndef GS_COLORMAP_H
#define GS_COLORMAP_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double r, g, b, a;
} GsColor;

/* 0xRRGGBB, opaque. */
GsColor gs_color_hex(guint32 rgb);
GsColor gs_color_with_alpha(GsColor c, double alpha);
/* "#rrggbb" (alpha dropped), for SVG and JSON. buf holds at least 8 bytes. */
void gs_color_to_hex(GsColor c, char buf[8]);

typedef enum {
  GS_COLORMAP_VIRIDIS, /* sequential, perceptually uniform: densities, magnitudes */
  GS_COLORMAP_MAGMA,   /* sequential, dark to light */
  GS_COLORMAP_CIVIDIS, /* sequential, tuned for every colour-vision deficiency */
  GS_COLORMAP_PRGN,    /* diverging purple–white–green, d3.interpolatePRGn (GAN Lab) */
  GS_COLORMAP_SUNSET,  /* diverging blue–cream–red, Paul Tol's colour-blind-safe map */
  GS_COLORMAP_GRAYS,   /* black to white, for image tiles */
  GS_COLORMAP_N
} GsColormapId;

typedef struct _GsColormap GsColormap;

const GsColormap *gs_colormap_get(GsColormapId id);
/* By the lower-case name ("viridis", "prgn", …); NULL when unknown. */
const GsColormap *gs_colormap_lookup(const char *name);
const char *gs_colormap_get_name(const GsColormap *cm);
gboolean gs_colormap_is_diverging(const GsColormap *cm);
/* t is clipped to [0, 1]; entry floor(t * 256) as matplotlib does. */
GsColor gs_colormap_eval(const GsColormap *cm, double t);
/* The table as 256 × RGB bytes, for fast image fills. */
const guint8 *gs_colormap_lut8(const GsColormap *cm);

/* Value → [0, 1]. NaN stays NaN (drawn transparent). */
typedef struct {
  double vmin, vmax;
  double center; /* NaN: plain linear map */
} GsNorm;

void gs_norm_init(GsNorm *norm, double vmin, double vmax, double center);
/* Limits from data where vmin/vmax are NaN; with a centre, automatic limits are symmetric about
 * it so equal distances get equal colour strength. n_values may be 0 (then [0, 1] or centre±1). */
void gs_norm_autoscale(GsNorm *norm, const float *values, gsize n_values, double vmin, double vmax,
                       double center);
double gs_norm_apply(const GsNorm *norm, double v);

typedef enum { GS_DASH_SOLID, GS_DASH_DASHED, GS_DASH_DOTTED, GS_DASH_DASHDOT, GS_DASH_N } GsDash;

typedef enum {
  GS_MARKER_NONE,
  GS_MARKER_CIRCLE,
  GS_MARKER_SQUARE,
  GS_MARKER_TRIANGLE,
  GS_MARKER_DIAMOND,
  GS_MARKER_CROSS,
  GS_MARKER_PLUS,
  GS_MARKER_STAR,
  GS_MARKER_N
} GsMarker;

typedef struct {
  GsColor color;
  GsDash dash;
  GsMarker marker;
} GsRunStyle;

/* Okabe–Ito without black, yellow last (weakest on white): 7 colours. */
#define GS_PALETTE_SIZE 7
GsColor gs_palette_color(guint index);
GsRunStyle gs_run_style_for_id(gint64 run_id);
/* For runs named by a string (a UUID, a file name): FNV-1a of the key, then as above. */
GsRunStyle gs_run_style_for_key(const char *key);
/* Styles for n runs drawn together: each key's own, except that a colour an earlier run already
 * has becomes the first palette colour none of them has, so up to GS_PALETTE_SIZE runs are told
 * apart by colour. The one rule of every overlay (groups, the runs browser). */
void gs_run_styles_distinct(const char *const *keys, guint n, GsRunStyle *out);

G_END_DECLS

#endif
