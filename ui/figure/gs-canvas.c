/* gs-canvas.c — paths, Pango text measurement and dash patterns shared by both canvases. */
#include "gs-canvas.h"

#include <math.h>
#include <pango/pangocairo.h>

void gs_path_init(GsPath *path)
{
  path->ops = g_array_new(FALSE, FALSE, sizeof(guint8));
  path->pts = g_array_new(FALSE, FALSE, sizeof(double));
}

void gs_path_clear(GsPath *path)
{
  g_array_set_size(path->ops, 0);
  g_array_set_size(path->pts, 0);
}

void gs_path_free_data(GsPath *path)
{
  g_array_free(path->ops, TRUE);
  g_array_free(path->pts, TRUE);
  path->ops = path->pts = NULL;
}

gboolean gs_path_is_empty(const GsPath *path)
{
  return path->ops->len == 0;
}

static void add_op(GsPath *path, GsPathOp op, const double *pts, int n)
{
  guint8 o = (guint8) op;
  g_array_append_val(path->ops, o);
  if (n > 0) g_array_append_vals(path->pts, pts, n);
}

void gs_path_move_to(GsPath *path, double x, double y)
{
  add_op(path, GS_PATH_MOVE, (double[]){x, y}, 2);
}

void gs_path_line_to(GsPath *path, double x, double y)
{
  add_op(path, GS_PATH_LINE, (double[]){x, y}, 2);
}

void gs_path_curve_to(GsPath *path, double x1, double y1, double x2, double y2, double x3,
                      double y3)
{
  add_op(path, GS_PATH_CURVE, (double[]){x1, y1, x2, y2, x3, y3}, 6);
}

void gs_path_close(GsPath *path)
{
  add_op(path, GS_PATH_CLOSE, NULL, 0);
}

void gs_path_rect(GsPath *path, double x, double y, double w, double h)
{
  gs_path_move_to(path, x, y);
  gs_path_line_to(path, x + w, y);
  gs_path_line_to(path, x + w, y + h);
  gs_path_line_to(path, x, y + h);
  gs_path_close(path);
}

void gs_path_circle(GsPath *path, double cx, double cy, double r)
{
  const double k = 0.5522847498 * r; /* cubic Bézier quarter circle */
  gs_path_move_to(path, cx + r, cy);
  gs_path_curve_to(path, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
  gs_path_curve_to(path, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
  gs_path_curve_to(path, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
  gs_path_curve_to(path, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
  gs_path_close(path);
}

gboolean gs_path_marker(GsPath *path, GsMarker marker, double x, double y, double size)
{
  double r = size / 2;
  switch (marker) {
  case GS_MARKER_NONE:
    return TRUE;
  case GS_MARKER_CIRCLE:
    gs_path_circle(path, x, y, r);
    return TRUE;
  case GS_MARKER_SQUARE:
    r *= 0.886; /* same area as the circle */
    gs_path_rect(path, x - r, y - r, 2 * r, 2 * r);
    return TRUE;
  case GS_MARKER_TRIANGLE:
    r *= 1.2;
    gs_path_move_to(path, x, y - r);
    gs_path_line_to(path, x + 0.866 * r, y + 0.5 * r);
    gs_path_line_to(path, x - 0.866 * r, y + 0.5 * r);
    gs_path_close(path);
    return TRUE;
  case GS_MARKER_DIAMOND:
    r *= 1.15;
    gs_path_move_to(path, x, y - r);
    gs_path_line_to(path, x + 0.75 * r, y);
    gs_path_line_to(path, x, y + r);
    gs_path_line_to(path, x - 0.75 * r, y);
    gs_path_close(path);
    return TRUE;
  case GS_MARKER_STAR: {
    r *= 1.3;
    for (int k = 0; k < 10; k++) {
      double a = -G_PI / 2 + k * G_PI / 5, rr = k % 2 ? 0.42 * r : r;
      if (k == 0)
        gs_path_move_to(path, x + rr * cos(a), y + rr * sin(a));
      else
        gs_path_line_to(path, x + rr * cos(a), y + rr * sin(a));
    }
    gs_path_close(path);
    return TRUE;
  }
  case GS_MARKER_CROSS:
    r *= 0.8;
    gs_path_move_to(path, x - r, y - r);
    gs_path_line_to(path, x + r, y + r);
    gs_path_move_to(path, x - r, y + r);
    gs_path_line_to(path, x + r, y - r);
    return FALSE;
  case GS_MARKER_PLUS:
  default:
    gs_path_move_to(path, x - r, y);
    gs_path_line_to(path, x + r, y);
    gs_path_move_to(path, x, y - r);
    gs_path_line_to(path, x, y + r);
    return FALSE;
  }
}

int gs_dash_pattern(GsDash dash, double unit, double pattern[4])
{
  /* Lengths for round caps, which add half a width to both ends of every dash. */
  switch (dash) {
  case GS_DASH_DASHED:
    pattern[0] = 3.2 * unit, pattern[1] = 2.6 * unit;
    return 2;
  case GS_DASH_DOTTED:
    pattern[0] = 0, pattern[1] = 2.0 * unit;
    return 2;
  case GS_DASH_DASHDOT:
    pattern[0] = 4.2 * unit, pattern[1] = 2.2 * unit, pattern[2] = 0, pattern[3] = 2.2 * unit;
    return 4;
  default:
    return 0;
  }
}

/* ---- text ---- */

typedef struct {
  double width, ascent, descent;
} Extents;

struct _GsTextEngine {
  PangoContext *context;
  PangoLayout *layout;
  char *family;
  GHashTable *cache; /* "size|bold|text" -> Extents */
};

GsTextEngine *gs_text_engine_new(const char *family)
{
  GsTextEngine *e = g_new0(GsTextEngine, 1);
  PangoFontMap *map = pango_cairo_font_map_get_default(); /* per thread */
  e->context = pango_font_map_create_context(map);
  /* Unhinted metrics: a layout in points then looks the same at every scale and in every
   * format, so what is on screen is what goes into the paper. */
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(e->context, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(e->context, FALSE);
  /* Pango takes its default language from the locale, and the language steers font fallback
   * and shaping: fixed, so a figure is laid out the same in every locale. */
  pango_context_set_language(e->context, pango_language_from_string("en"));
  e->layout = pango_layout_new(e->context);
  e->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

  PangoFontDescription *desc = pango_font_description_from_string(family ? family : "Sans");
  pango_font_description_set_absolute_size(desc, 10 * PANGO_SCALE);
  PangoFont *font = pango_font_map_load_font(map, e->context, desc);
  if (font) {
    PangoFontDescription *got = pango_font_describe(font);
    e->family = g_strdup(pango_font_description_get_family(got));
    pango_font_description_free(got);
    g_object_unref(font);
  }
  if (!e->family) e->family = g_strdup(family ? family : "Sans");
  pango_font_description_free(desc);
  return e;
}

void gs_text_engine_free(GsTextEngine *e)
{
  if (!e) return;
  g_object_unref(e->layout);
  g_object_unref(e->context);
  g_hash_table_unref(e->cache);
  g_free(e->family);
  g_free(e);
}

const char *gs_text_engine_family(GsTextEngine *e)
{
  return e->family;
}

static void set_layout(GsTextEngine *e, const char *text, const GsFont *font)
{
  PangoFontDescription *desc = pango_font_description_new();
  pango_font_description_set_family(desc, font->family ? font->family : e->family);
  pango_font_description_set_absolute_size(desc, font->size * PANGO_SCALE);
  pango_font_description_set_weight(desc, font->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(e->layout, desc);
  pango_font_description_free(desc);
  pango_layout_set_text(e->layout, text, -1);
}

PangoLayout *gs_text_engine_layout(GsTextEngine *e, const char *text, const GsFont *font,
                                   double *baseline)
{
  set_layout(e, text, font);
  if (baseline) *baseline = pango_layout_get_baseline(e->layout) / (double) PANGO_SCALE;
  return e->layout;
}

void gs_text_measure(GsTextEngine *e, const char *text, const GsFont *font, double *width,
                     double *ascent, double *descent)
{
  char key_prefix[64];
  g_snprintf(key_prefix, sizeof key_prefix, "%.3f|%d|", font->size, font->bold);
  char *key = g_strconcat(key_prefix, text, NULL);
  Extents *x = g_hash_table_lookup(e->cache, key);
  if (!x) {
    set_layout(e, text, font);
    PangoRectangle logical;
    pango_layout_get_extents(e->layout, NULL, &logical);
    x = g_new(Extents, 1);
    x->width = logical.width / (double) PANGO_SCALE;
    x->ascent = pango_layout_get_baseline(e->layout) / (double) PANGO_SCALE;
    x->descent = logical.height / (double) PANGO_SCALE - x->ascent;
    g_hash_table_insert(e->cache, key, x);
  } else {
    g_free(key);
  }
  if (width) *width = x->width;
  if (ascent) *ascent = x->ascent;
  if (descent) *descent = x->descent;
}

void gs_canvas_markers_as_paths(GsCanvas *c, const double *xy, int n, const GsMarkerStyle *st)
{
  GsPath path;
  gs_path_init(&path);
  for (int i = 0; i < n; i++) {
    double size = st->sizes ? st->sizes[i] : st->size;
    GsColor color = st->colors ? st->colors[i] : st->color;
    gs_path_clear(&path);
    if (!gs_path_marker(&path, st->marker, xy[2 * i], xy[2 * i + 1], size)) {
      GsStroke line = {MAX(1.2, size * 0.18), color, GS_DASH_SOLID, 0, TRUE};
      c->klass->stroke(c, &path, &line);
      continue;
    }
    if (st->edge > 0) {
      GsPath ring;
      gs_path_init(&ring);
      gs_path_marker(&ring, st->marker, xy[2 * i], xy[2 * i + 1], size + 2 * st->edge);
      GsColor ec = st->edge_color;
      ec.a *= color.a;
      c->klass->fill(c, &ring, ec);
      gs_path_free_data(&ring);
    }
    c->klass->fill(c, &path, color);
  }
  gs_path_free_data(&path);
}

cairo_surface_t *gs_image_pad(cairo_surface_t *image)
{
  int w = cairo_image_surface_get_width(image), h = cairo_image_surface_get_height(image);
  cairo_surface_flush(image);
  cairo_surface_t *out = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w + 2, h + 2);
  const guint8 *src = cairo_image_surface_get_data(image);
  guint8 *dst = cairo_image_surface_get_data(out);
  int ss = cairo_image_surface_get_stride(image), ds = cairo_image_surface_get_stride(out);
  for (int y = 0; y < h + 2; y++) {
    const guint32 *row = (const guint32 *) (src + (gsize) CLAMP(y - 1, 0, h - 1) * ss);
    guint32 *o = (guint32 *) (dst + (gsize) y * ds);
    for (int x = 0; x < w + 2; x++) o[x] = row[CLAMP(x - 1, 0, w - 1)];
  }
  cairo_surface_mark_dirty(out);
  return out;
}

void gs_canvas_free(GsCanvas *c)
{
  if (c) c->klass->free(c);
}
