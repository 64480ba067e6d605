/* gs-canvas-svg.c — a small SVG writer behind the canvas interface.
 *
 * Why not cairo's SVG surface: it writes glyphs as paths, so labels cannot be edited or searched.
 * Here text stays <text>, dense fields become one embedded PNG <image> each, and every number is
 * written with g_ascii_formatd, whatever the locale.
 */
#include "gs-canvas.h"

#include <math.h>
#include <string.h>

typedef struct {
  GsCanvas base;
  GString *out;
  int next_clip;
} SvgCanvas;

/* Up to 3 decimals, trailing zeros dropped, never "-0". */
static void put_num(GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isfinite(v)) v = 0;
  g_ascii_formatd(buf, sizeof buf, "%.3f", v);
  char *end = buf + strlen(buf);
  if (strchr(buf, '.')) {
    while (end[-1] == '0') *--end = '\0';
    if (end[-1] == '.') *--end = '\0';
  }
  g_string_append(s, strcmp(buf, "-0") == 0 ? "0" : buf);
}

static void put_attr_num(GString *s, const char *name, double v)
{
  g_string_append_printf(s, " %s=\"", name);
  put_num(s, v);
  g_string_append_c(s, '"');
}

static void put_color_attrs(GString *s, const char *what, GsColor c)
{
  char hex[8];
  gs_color_to_hex(c, hex);
  g_string_append_printf(s, " %s=\"%s\"", what, hex);
  if (c.a < 1) {
    g_string_append_printf(s, " %s-opacity=\"", what);
    put_num(s, CLAMP(c.a, 0, 1));
    g_string_append_c(s, '"');
  }
}

static void put_path_data(GString *s, const GsPath *path)
{
  const guint8 *ops = (const guint8 *) path->ops->data;
  const double *p = (const double *) path->pts->data;
  g_string_append(s, " d=\"");
  for (guint i = 0; i < path->ops->len; i++) {
    int n = 0;
    switch (ops[i]) {
    case GS_PATH_MOVE:
      g_string_append_c(s, 'M');
      n = 2;
      break;
    case GS_PATH_LINE:
      g_string_append_c(s, 'L');
      n = 2;
      break;
    case GS_PATH_CURVE:
      g_string_append_c(s, 'C');
      n = 6;
      break;
    default:
      g_string_append_c(s, 'Z');
    }
    for (int k = 0; k < n; k++) {
      if (k > 0) g_string_append_c(s, ' ');
      put_num(s, p[k]);
    }
    p += n;
  }
  g_string_append_c(s, '"');
}

static void svg_fill(GsCanvas *c, const GsPath *path, GsColor color)
{
  GString *s = ((SvgCanvas *) c)->out;
  if (gs_path_is_empty(path)) return;
  g_string_append(s, "<path");
  put_path_data(s, path);
  put_color_attrs(s, "fill", color);
  g_string_append(s, "/>\n");
}

static void svg_stroke(GsCanvas *c, const GsPath *path, const GsStroke *st)
{
  GString *s = ((SvgCanvas *) c)->out;
  if (gs_path_is_empty(path)) return;
  g_string_append(s, "<path");
  put_path_data(s, path);
  g_string_append(s, " fill=\"none\"");
  put_color_attrs(s, "stroke", st->color);
  put_attr_num(s, "stroke-width", st->width);
  if (st->round) g_string_append(s, " stroke-linecap=\"round\" stroke-linejoin=\"round\"");
  double pattern[4];
  int n = gs_dash_pattern(st->dash, st->dash_scale > 0 ? st->dash_scale : st->width, pattern);
  if (n > 0) {
    g_string_append(s, " stroke-dasharray=\"");
    for (int k = 0; k < n; k++) {
      if (k) g_string_append_c(s, ',');
      put_num(s, pattern[k]);
    }
    g_string_append_c(s, '"');
  }
  g_string_append(s, "/>\n");
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void svg_image(GsCanvas *c, cairo_surface_t *image, double x, double y, double w, double h,
                      gboolean smooth)
{
  GString *s = ((SvgCanvas *) c)->out;
  int iw = cairo_image_surface_get_width(image), ih = cairo_image_surface_get_height(image);
  if (iw <= 0 || ih <= 0 || w <= 0 || h <= 0) return;
  cairo_surface_t *src = smooth ? gs_image_pad(image) : cairo_surface_reference(image);
  if (smooth) {
    c->klass->push_clip(c, x, y, w, h);
    double px = w / iw, py = h / ih;
    x -= px, y -= py, w += 2 * px, h += 2 * py;
  }
  GByteArray *png = g_byte_array_new();
  cairo_surface_write_to_png_stream(src, append_bytes, png);
  cairo_surface_destroy(src);
  char *b64 = g_base64_encode(png->data, png->len);
  g_string_append(s, "<image");
  put_attr_num(s, "x", x);
  put_attr_num(s, "y", y);
  put_attr_num(s, "width", w);
  put_attr_num(s, "height", h);
  g_string_append(s, " preserveAspectRatio=\"none\"");
  if (!smooth)
    g_string_append(s, " image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\"");
  g_string_append_printf(s, " xlink:href=\"data:image/png;base64,%s\"/>\n", b64);
  g_free(b64);
  g_byte_array_unref(png);
  if (smooth) c->klass->pop_clip(c);
}

static void svg_markers(GsCanvas *c, const double *xy, int n, const GsMarkerStyle *st)
{
  GString *s = ((SvgCanvas *) c)->out;
  GsPath path;
  gs_path_init(&path);
  /* One element per point: the face with its ring as a stroke. */
  for (int i = 0; i < n; i++) {
    double size = st->sizes ? st->sizes[i] : st->size;
    GsColor color = st->colors ? st->colors[i] : st->color;
    gs_path_clear(&path);
    gboolean filled = gs_path_marker(&path, st->marker, xy[2 * i], xy[2 * i + 1],
                                     size + (st->edge > 0 ? st->edge : 0));
    if (!filled || st->edge <= 0) {
      gs_canvas_markers_as_paths(
          c, xy + 2 * i, 1,
          &(GsMarkerStyle){st->marker, size, NULL, color, NULL, 0, st->edge_color});
      continue;
    }
    GsColor ec = st->edge_color;
    ec.a *= color.a;
    g_string_append(s, "<path");
    put_path_data(s, &path);
    put_color_attrs(s, "fill", color);
    put_color_attrs(s, "stroke", ec);
    put_attr_num(s, "stroke-width", st->edge);
    g_string_append(s, "/>\n");
  }
  gs_path_free_data(&path);
}

static void svg_text(GsCanvas *c, const char *text, double x, double y, double angle, double halign,
                     const GsFont *font, GsColor color)
{
  GString *s = ((SvgCanvas *) c)->out;
  const char *anchor = halign < 0.25 ? "start" : halign > 0.75 ? "end" : "middle";
  g_string_append(s, "<text");
  put_attr_num(s, "x", x);
  put_attr_num(s, "y", y);
  char *family = g_markup_escape_text(font->family ? font->family : "sans-serif", -1);
  g_string_append_printf(s, " font-family=\"%s, sans-serif\"", family);
  g_free(family);
  put_attr_num(s, "font-size", font->size);
  if (font->bold) g_string_append(s, " font-weight=\"bold\"");
  g_string_append_printf(s, " text-anchor=\"%s\"", anchor);
  put_color_attrs(s, "fill", color);
  if (angle != 0) {
    g_string_append(s, " transform=\"rotate(");
    put_num(s, -angle);
    g_string_append_c(s, ' ');
    put_num(s, x);
    g_string_append_c(s, ' ');
    put_num(s, y);
    g_string_append(s, ")\"");
  }
  char *escaped = g_markup_escape_text(text, -1);
  g_string_append_printf(s, " xml:space=\"preserve\">%s</text>\n", escaped);
  g_free(escaped);
}

static void svg_push_clip(GsCanvas *c, double x, double y, double w, double h)
{
  SvgCanvas *sc = (SvgCanvas *) c;
  int id = sc->next_clip++;
  g_string_append_printf(sc->out, "<clipPath id=\"clip%d\"><rect", id);
  put_attr_num(sc->out, "x", x);
  put_attr_num(sc->out, "y", y);
  put_attr_num(sc->out, "width", w);
  put_attr_num(sc->out, "height", h);
  g_string_append_printf(sc->out, "/></clipPath>\n<g clip-path=\"url(#clip%d)\">\n", id);
}

static void svg_pop_clip(GsCanvas *c)
{
  g_string_append(((SvgCanvas *) c)->out, "</g>\n");
}

static void svg_group(GsCanvas *c, const char *id)
{
  char *escaped = g_markup_escape_text(id, -1);
  g_string_append_printf(((SvgCanvas *) c)->out, "<g id=\"%s\">\n", escaped);
  g_free(escaped);
}

static void svg_end_group(GsCanvas *c)
{
  g_string_append(((SvgCanvas *) c)->out, "</g>\n");
}

static void svg_free(GsCanvas *c)
{
  g_string_append(((SvgCanvas *) c)->out, "</svg>\n");
  g_free(c);
}

static const GsCanvasClass svg_class = {
    svg_fill,      svg_stroke,   svg_image, svg_markers,   svg_text,
    svg_push_clip, svg_pop_clip, svg_group, svg_end_group, svg_free,
};

GsCanvas *gs_canvas_new_svg(GString *out, double width, double height, GsTextEngine *text)
{
  SvgCanvas *c = g_new0(SvgCanvas, 1);
  c->base.klass = &svg_class;
  c->base.text = text;
  c->out = out;
  g_string_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                       "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"");
  g_string_append(out, " width=\"");
  put_num(out, width);
  g_string_append(out, "pt\" height=\"");
  put_num(out, height);
  g_string_append(out, "pt\" viewBox=\"0 0 ");
  put_num(out, width);
  g_string_append_c(out, ' ');
  put_num(out, height);
  g_string_append(out, "\">\n");
  return &c->base;
}

void gs_canvas_svg_set_metadata(GsCanvas *c, const char *title, const char *json)
{
  g_return_if_fail(c->klass == &svg_class);
  GString *s = ((SvgCanvas *) c)->out;
  if (title && *title) {
    char *t = g_markup_escape_text(title, -1);
    g_string_append_printf(s, "<title>%s</title>\n", t);
    g_free(t);
  }
  if (json) {
    char *j = g_markup_escape_text(json, -1);
    g_string_append_printf(s, "<metadata id=\"ganscape-provenance\">%s</metadata>\n", j);
    g_free(j);
  }
}
