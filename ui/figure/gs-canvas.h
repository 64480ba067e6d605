/* gs-canvas.h — the drawing interface every figure is rendered through (internal).
 *
 * Two implementations: Cairo (screen, PNG, PDF) and an SVG writer that keeps text as <text> and
 * dense fields as embedded PNG images (Cairo's own SVG surface turns glyphs into paths). All
 * coordinates are in points (1/72 in), y down, origin at the figure's top-left corner.
 */
#ifndef GS_CANVAS_H
#define GS_CANVAS_H

#include "gs-colormap.h"

#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* ---- paths ---- */

typedef enum { GS_PATH_MOVE, GS_PATH_LINE, GS_PATH_CURVE, GS_PATH_CLOSE } GsPathOp;

typedef struct {
  GArray *ops; /* guint8 GsPathOp */
  GArray *pts; /* doubles: 2 per MOVE/LINE, 6 per CURVE */
} GsPath;

void gs_path_init(GsPath *path);
void gs_path_clear(GsPath *path); /* keeps the storage */
void gs_path_free_data(GsPath *path);
gboolean gs_path_is_empty(const GsPath *path);
void gs_path_move_to(GsPath *path, double x, double y);
void gs_path_line_to(GsPath *path, double x, double y);
void gs_path_curve_to(GsPath *path, double x1, double y1, double x2, double y2, double x3,
                      double y3);
void gs_path_close(GsPath *path);
void gs_path_rect(GsPath *path, double x, double y, double w, double h);
void gs_path_circle(GsPath *path, double cx, double cy, double r);
/* A marker of the given full size (pt) centred on (x, y). Returns FALSE for line-only markers
 * (cross, plus), which must be stroked rather than filled. */
gboolean gs_path_marker(GsPath *path, GsMarker marker, double x, double y, double size);

/* ---- text ---- */

typedef struct {
  const char *family; /* resolved family, e.g. "DejaVu Sans" */
  double size;        /* pt */
  gboolean bold;
} GsFont;

/* Measures with Pango; one per render, on the rendering thread. */
typedef struct _GsTextEngine GsTextEngine;

GsTextEngine *gs_text_engine_new(const char *family);
void gs_text_engine_free(GsTextEngine *engine);
/* The family Pango actually picked for the requested one. */
const char *gs_text_engine_family(GsTextEngine *engine);
/* Width, ascent and descent (all pt) of one line of text. */
void gs_text_measure(GsTextEngine *engine, const char *text, const GsFont *font, double *width,
                     double *ascent, double *descent);
PangoLayout *gs_text_engine_layout(GsTextEngine *engine, const char *text, const GsFont *font,
                                   double *baseline);

/* ---- canvas ---- */

typedef struct {
  double width;
  GsColor color;
  GsDash dash;
  double dash_scale; /* dash lengths in multiples of this (pt) */
  gboolean round;    /* round caps and joins (else butt/miter) */
} GsStroke;

/* Many markers of one shape: a face of `size` over a ring of width `edge` in edge_color (so
 * neighbouring points stay apart). Per-point sizes or colours override size and color. */
typedef struct {
  GsMarker marker;
  double size;         /* pt, full width */
  const double *sizes; /* per point, or NULL */
  GsColor color;
  const GsColor *colors; /* per point, or NULL */
  double edge;           /* pt; 0: none */
  GsColor edge_color;
} GsMarkerStyle;

typedef struct _GsCanvas GsCanvas;

typedef struct {
  void (*fill)(GsCanvas *c, const GsPath *path, GsColor color);
  void (*stroke)(GsCanvas *c, const GsPath *path, const GsStroke *stroke);
  /* An ARGB32 image stretched over (x, y, w, h); smooth: bilinear, else nearest. */
  void (*image)(GsCanvas *c, cairo_surface_t *image, double x, double y, double w, double h,
                gboolean smooth);
  /* xy: (n, 2) centres. Raster targets blit pre-drawn sprites: a thousand points a frame. */
  void (*markers)(GsCanvas *c, const double *xy, int n, const GsMarkerStyle *style);
  /* One line of text with its baseline through (x, y), rotated by angle (degrees, CCW) about
   * that point, anchored by halign. */
  void (*text)(GsCanvas *c, const char *text, double x, double y, double angle, double halign,
               const GsFont *font, GsColor color);
  void (*push_clip)(GsCanvas *c, double x, double y, double w, double h);
  void (*pop_clip)(GsCanvas *c);
  void (*begin_group)(GsCanvas *c, const char *id);
  void (*end_group)(GsCanvas *c);
  void (*free)(GsCanvas *c);
} GsCanvasClass;

struct _GsCanvas {
  const GsCanvasClass *klass;
  GsTextEngine *text; /* not owned */
};

/* Draws on cr, whose user space must already be in points. */
GsCanvas *gs_canvas_new_cairo(cairo_t *cr, GsTextEngine *text);
/* Writes an SVG document of width × height points into out (appended to). */
GsCanvas *gs_canvas_new_svg(GString *out, double width, double height, GsTextEngine *text);
/* Adds <title> and a <metadata> JSON block; call before drawing. */
void gs_canvas_svg_set_metadata(GsCanvas *c, const char *title, const char *json);
/* Closes the document. */
void gs_canvas_free(GsCanvas *c);

/* A copy with a one-pixel border repeating the edge pixels: drawn one pixel-width larger on
 * every side and clipped back, smooth scaling then keeps the edge colours (Cairo's EXTEND_PAD
 * would send PDF output to a raster fallback). */
cairo_surface_t *gs_image_pad(cairo_surface_t *image);

/* The markers drawn one by one as paths: the vector fallback of every canvas. */
void gs_canvas_markers_as_paths(GsCanvas *c, const double *xy, int n, const GsMarkerStyle *style);

/* Dash pattern of a style in units of the stroke width; returns the count (0 = solid). */
int gs_dash_pattern(GsDash dash, double unit, double pattern[4]);

G_END_DECLS

#endif
