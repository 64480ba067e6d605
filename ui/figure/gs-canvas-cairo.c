/* gs-canvas-cairo.c — the canvas on a cairo_t: screen, PNG and PDF. */
#include "gs-canvas.h"

#include <math.h>
#include <pango/pangocairo.h>

typedef struct {
  GsCanvas base;
  cairo_t *cr;
} CairoCanvas;

static void replay(cairo_t *cr, const GsPath *path)
{
  const guint8 *ops = (const guint8 *) path->ops->data;
  const double *p = (const double *) path->pts->data;
  cairo_new_path(cr);
  for (guint i = 0; i < path->ops->len; i++) {
    switch (ops[i]) {
    case GS_PATH_MOVE:
      cairo_move_to(cr, p[0], p[1]);
      p += 2;
      break;
    case GS_PATH_LINE:
      cairo_line_to(cr, p[0], p[1]);
      p += 2;
      break;
    case GS_PATH_CURVE:
      cairo_curve_to(cr, p[0], p[1], p[2], p[3], p[4], p[5]);
      p += 6;
      break;
    default:
      cairo_close_path(cr);
    }
  }
}

static void set_color(cairo_t *cr, GsColor c)
{
  cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static void cc_fill(GsCanvas *c, const GsPath *path, GsColor color)
{
  cairo_t *cr = ((CairoCanvas *) c)->cr;
  replay(cr, path);
  set_color(cr, color);
  cairo_fill(cr);
}

static void cc_stroke(GsCanvas *c, const GsPath *path, const GsStroke *s)
{
  cairo_t *cr = ((CairoCanvas *) c)->cr;
  replay(cr, path);
  set_color(cr, s->color);
  cairo_set_line_width(cr, s->width);
  cairo_set_line_cap(cr, s->round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join(cr, s->round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
  double pattern[4];
  int n = gs_dash_pattern(s->dash, s->dash_scale > 0 ? s->dash_scale : s->width, pattern);
  cairo_set_dash(cr, pattern, n, 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
}

static void cc_image(GsCanvas *c, cairo_surface_t *image, double x, double y, double w, double h,
                     gboolean smooth)
{
  cairo_t *cr = ((CairoCanvas *) c)->cr;
  int iw = cairo_image_surface_get_width(image), ih = cairo_image_surface_get_height(image);
  if (iw <= 0 || ih <= 0 || w <= 0 || h <= 0) return;
  cairo_save(cr);
  cairo_rectangle(cr, x, y, w, h);
  cairo_clip(cr);
  cairo_surface_t *src = smooth ? gs_image_pad(image) : cairo_surface_reference(image);
  double px = w / iw, py = h / ih; /* one source pixel, in pt */
  if (smooth) {
    x -= px, y -= py;
    iw += 2, ih += 2;
  }
  cairo_translate(cr, x, y);
  cairo_scale(cr, px, py);
  cairo_set_source_surface(cr, src, 0, 0);
  cairo_pattern_t *pat = cairo_get_source(cr);
  cairo_pattern_set_filter(pat, smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend(pat, CAIRO_EXTEND_NONE);
  cairo_rectangle(cr, 0, 0, iw, ih);
  cairo_fill(cr);
  cairo_restore(cr);
  cairo_surface_destroy(src);
}

/* ---- markers as sprites ---- */

#define SUBPIXEL 4 /* sprite variants per pixel and axis: positions within 1/8 px */

typedef struct {
  int size; /* sprite width and height, px */
  cairo_surface_t *face[SUBPIXEL * SUBPIXEL], *ring[SUBPIXEL * SUBPIXEL]; /* A8 masks */
} Sprites;

static cairo_surface_t *sprite_mask(int size, GsMarker marker, double cx, double cy, double d)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, size, size);
  cairo_t *cr = cairo_create(s);
  GsPath path;
  gs_path_init(&path);
  gs_path_marker(&path, marker, cx, cy, d);
  replay(cr, &path);
  cairo_fill(cr);
  gs_path_free_data(&path);
  cairo_destroy(cr);
  return s;
}

static void sprites_clear(Sprites *sp)
{
  for (int k = 0; k < SUBPIXEL * SUBPIXEL; k++) {
    if (sp->face[k]) cairo_surface_destroy(sp->face[k]);
    if (sp->ring[k]) cairo_surface_destroy(sp->ring[k]);
  }
}

static void cc_markers(GsCanvas *c, const double *xy, int n, const GsMarkerStyle *st)
{
  cairo_t *cr = ((CairoCanvas *) c)->cr;
  cairo_matrix_t m;
  cairo_get_matrix(cr, &m);
  gboolean raster = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE;
  GsPath probe;
  gs_path_init(&probe);
  gboolean filled = gs_path_marker(&probe, st->marker, 0, 0, 1);
  gs_path_free_data(&probe);
  /* Vector targets, odd transforms, per-point sizes and line markers go the plain way. */
  if (!raster || !filled || st->sizes || m.xy != 0 || m.yx != 0 || m.xx != m.yy || n < 4) {
    gs_canvas_markers_as_paths(c, xy, n, st);
    return;
  }
  double scale = m.xx;
  double d_face = st->size * scale, d_ring = (st->size + 2 * st->edge) * scale;
  Sprites sp = {0};
  sp.size = (int) ceil(d_ring * 1.6) + 4; /* room for the largest marker shape */
  int half = sp.size / 2;
  cairo_save(cr);
  cairo_identity_matrix(cr);
  for (int i = 0; i < n; i++) {
    double dx = xy[2 * i] * m.xx + m.x0, dy = xy[2 * i + 1] * m.yy + m.y0;
    if (!isfinite(dx) || !isfinite(dy)) continue;
    double ix = floor(dx), iy = floor(dy);
    int sx = MIN(SUBPIXEL - 1, (int) ((dx - ix) * SUBPIXEL));
    int sy = MIN(SUBPIXEL - 1, (int) ((dy - iy) * SUBPIXEL));
    int k = sy * SUBPIXEL + sx;
    double cx = half + (sx + 0.5) / SUBPIXEL, cy = half + (sy + 0.5) / SUBPIXEL;
    if (!sp.face[k]) {
      sp.face[k] = sprite_mask(sp.size, st->marker, cx, cy, d_face);
      if (st->edge > 0) sp.ring[k] = sprite_mask(sp.size, st->marker, cx, cy, d_ring);
    }
    GsColor color = st->colors ? st->colors[i] : st->color;
    if (sp.ring[k]) {
      cairo_set_source_rgba(cr, st->edge_color.r, st->edge_color.g, st->edge_color.b,
                            st->edge_color.a * color.a);
      cairo_mask_surface(cr, sp.ring[k], ix - half, iy - half);
    }
    set_color(cr, color);
    cairo_mask_surface(cr, sp.face[k], ix - half, iy - half);
  }
  cairo_restore(cr);
  sprites_clear(&sp);
}

static void cc_text(GsCanvas *c, const char *text, double x, double y, double angle, double halign,
                    const GsFont *font, GsColor color)
{
  cairo_t *cr = ((CairoCanvas *) c)->cr;
  double baseline, width;
  gs_text_measure(c->text, text, font, &width, NULL, NULL);
  PangoLayout *layout = gs_text_engine_layout(c->text, text, font, &baseline);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  if (angle != 0) cairo_rotate(cr, -angle * G_PI / 180);
  cairo_move_to(cr, -halign * width, -baseline);
  set_color(cr, color);
  pango_cairo_show_layout(cr, layout);
  cairo_restore(cr);
}

static void cc_push_clip(GsCanvas *c, double x, double y, double w, double h)
{
  cairo_t *cr = ((CairoCanvas *) c)->cr;
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, x, y, w, h);
  cairo_clip(cr);
}

static void cc_pop_clip(GsCanvas *c)
{
  cairo_restore(((CairoCanvas *) c)->cr);
}

static void cc_group(GsCanvas *c, const char *id) {}

static void cc_end_group(GsCanvas *c) {}

static void cc_free(GsCanvas *c)
{
  cairo_t *cr = ((CairoCanvas *) c)->cr;
  cairo_destroy(cr);
  g_free(c);
}

static const GsCanvasClass cairo_class = {
    cc_fill,      cc_stroke,   cc_image, cc_markers,   cc_text,
    cc_push_clip, cc_pop_clip, cc_group, cc_end_group, cc_free,
};

GsCanvas *gs_canvas_new_cairo(cairo_t *cr, GsTextEngine *text)
{
  CairoCanvas *c = g_new0(CairoCanvas, 1);
  c->base.klass = &cairo_class;
  c->base.text = text;
  c->cr = cairo_reference(cr);
  return &c->base;
}
