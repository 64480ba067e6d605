/* gs-figure-export.c — PNG (with its DPI and metadata chunks), PDF and SVG files. */
#include "gs-figure-export.h"
#include "gs-figure-impl.h"

#include "gs-config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK(gs - figure - error - quark, gs_figure_error)

static const char *const extensions[GS_EXPORT_N] = {"png", "svg", "pdf"};

const char *gs_export_format_get_extension(GsExportFormat format)
{
  return extensions[CLAMP((int) format, 0, GS_EXPORT_N - 1)];
}

gboolean gs_export_format_from_name(const char *name, GsExportFormat *format)
{
  if (!name) return FALSE;
  const char *dot = strrchr(name, '.');
  const char *ext = dot ? dot + 1 : name;
  for (int f = 0; f < GS_EXPORT_N; f++)
    if (g_ascii_strcasecmp(ext, extensions[f]) == 0) {
      *format = f;
      return TRUE;
    }
  return FALSE;
}

void gs_export_options_init(GsExportOptions *opts, GsSizePreset preset, GsExportFormat format)
{
  memset(opts, 0, sizeof *opts);
  double w, h, font;
  gs_size_preset_get(preset, &w, &h, &font);
  opts->format = format;
  opts->width_in = w / 72;
  opts->height_in = h / 72;
  opts->font_pt = font;
  opts->dpi = 300;
  opts->theme = GS_THEME_LIGHT;
  opts->write_data = TRUE;
  opts->write_sidecar = TRUE;
}

char *gs_export_sibling_path(const char *path, const char *ext)
{
  char *base = g_path_get_basename(path);
  const char *dot = strrchr(base, '.');
  gsize stem_len = strlen(path) - (dot && dot != base ? strlen(dot) : 0);
  g_free(base);
  return g_strdup_printf("%.*s.%s", (int) stem_len, path, ext);
}

static gboolean check_range(const char *name, double v, double lo, double hi, GError **error)
{
  if (isfinite(v) && v >= lo && v <= hi) return TRUE;
  char vs[G_ASCII_DTOSTR_BUF_SIZE], los[G_ASCII_DTOSTR_BUF_SIZE], his[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(vs, sizeof vs, "%g", v);
  g_ascii_formatd(los, sizeof los, "%g", lo);
  g_ascii_formatd(his, sizeof his, "%g", hi);
  g_set_error(error, GS_FIGURE_ERROR, GS_FIGURE_ERROR_INVALID,
              /* Translators: export option out of range, e.g. "dpi is 5; it must be between 36
                 and 2400" */
              _("Export option %s is %s; it must be between %s and %s"), name, vs, los, his);
  return FALSE;
}

static gboolean check_options(const GsExportOptions *o, GError **error)
{
  if (o->format < 0 || o->format >= GS_EXPORT_N) {
    g_set_error(error, GS_FIGURE_ERROR, GS_FIGURE_ERROR_INVALID,
                _("Unknown export format %d; expected PNG, SVG or PDF"), (int) o->format);
    return FALSE;
  }
  if (!check_range("width_in", o->width_in, 0.5, 100, error) ||
      !check_range("height_in", o->height_in, 0.5, 100, error) ||
      !check_range("font_pt", o->font_pt, 4, 96, error))
    return FALSE;
  if (o->format == GS_EXPORT_PNG) {
    if (!check_range("dpi", o->dpi, 36, 2400, error)) return FALSE;
    double side = MAX(o->width_in, o->height_in) * o->dpi;
    if (side > 20000) {
      g_set_error(error, GS_FIGURE_ERROR, GS_FIGURE_ERROR_INVALID,
                  _("A PNG of %.0f pixels a side is too large (at most 20000): lower the DPI or "
                    "the size"),
                  side);
      return FALSE;
    }
  }
  if ((int) o->theme < 0 || o->theme >= GS_THEME_N) {
    g_set_error(error, GS_FIGURE_ERROR, GS_FIGURE_ERROR_INVALID,
                _("Unknown theme %d; expected light, dark or transparent"), (int) o->theme);
    return FALSE;
  }
  return TRUE;
}

static void render_options(const GsExportOptions *o, GsRenderOptions *r)
{
  gs_render_options_init(r, o->width_in * 72, o->height_in * 72);
  r->font_size = o->font_pt;
  r->theme = o->theme;
  r->font_family = o->font_family;
  r->views = o->views;
  r->n_views = o->n_views;
}

static char *iso_time(const GsExportOptions *o)
{
  GDateTime *when =
      o->created > 0 ? g_date_time_new_from_unix_utc(o->created) : g_date_time_new_now_utc();
  char *iso = g_date_time_format(when, "%Y-%m-%dT%H:%M:%SZ");
  g_date_time_unref(when);
  return iso;
}

/* "experiment=…; seed=…" for one-line metadata fields. */
static char *provenance_summary(const char *const *pairs)
{
  GString *s = g_string_new(NULL);
  for (int i = 0; pairs && pairs[i] && pairs[i + 1]; i += 2)
    g_string_append_printf(s, "%s%s=%s", s->len ? "; " : "", pairs[i], pairs[i + 1]);
  return g_string_free(s, FALSE);
}

/* The title to record: the figure's, else that of its only panel. */
static const char *display_title(const GsFigure *fig)
{
  if (fig->title && *fig->title) return fig->title;
  if (fig->panels->len == 1) return ((GsPanel *) fig->panels->pdata[0])->title;
  return NULL;
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* ---- PNG chunks ---- */

static guint32 crc32_png(const guint8 *data, gsize n, guint32 crc)
{
  static guint32 table[256];
  static gsize ready = 0;
  if (g_once_init_enter(&ready)) {
    for (guint32 k = 0; k < 256; k++) {
      guint32 c = k;
      for (int b = 0; b < 8; b++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      table[k] = c;
    }
    g_once_init_leave(&ready, 1);
  }
  crc = ~crc;
  for (gsize i = 0; i < n; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void put_u32(GByteArray *b, guint32 v)
{
  guint8 x[4] = {v >> 24, v >> 16, v >> 8, v};
  g_byte_array_append(b, x, 4);
}

static void put_chunk(GByteArray *b, const char type[4], const guint8 *data, gsize n)
{
  put_u32(b, (guint32) n);
  gsize start = b->len;
  g_byte_array_append(b, (const guint8 *) type, 4);
  if (n) g_byte_array_append(b, data, (guint) n);
  put_u32(b, crc32_png(b->data + start, n + 4, 0));
}

/* An uncompressed iTXt chunk: keyword, UTF-8 text. */
static void put_itxt(GByteArray *b, const char *keyword, const char *text)
{
  GByteArray *d = g_byte_array_new();
  g_byte_array_append(d, (const guint8 *) keyword, strlen(keyword) + 1);
  static const guint8 flags[4] = {0, 0, 0, 0}; /* not compressed, method, empty language\0 */
  g_byte_array_append(d, flags, 3);
  g_byte_array_append(d, (const guint8 *) "", 1); /* translated keyword: empty */
  g_byte_array_append(d, (const guint8 *) text, strlen(text));
  put_chunk(b, "iTXt", d->data, d->len);
  g_byte_array_unref(d);
}

/* Cairo's PNG plus pHYs (the DPI) and iTXt metadata, inserted after IHDR. */
static GBytes *png_with_metadata(GByteArray *png, double dpi, const char *title,
                                 const char *created, const char *provenance_json)
{
  const gsize ihdr_end = 8 + 4 + 4 + 13 + 4;
  GByteArray *out = g_byte_array_sized_new(png->len + 1024);
  g_byte_array_append(out, png->data, ihdr_end);
  guint32 ppm = (guint32) lround(dpi / 0.0254);
  guint8 phys[9] = {ppm >> 24, ppm >> 16, ppm >> 8, ppm, ppm >> 24, ppm >> 16, ppm >> 8, ppm, 1};
  put_chunk(out, "pHYs", phys, sizeof phys);
  put_itxt(out, "Software", "Ganscape " GS_VERSION);
  if (title && *title) put_itxt(out, "Title", title);
  put_itxt(out, "Creation Time", created);
  put_itxt(out, "Ganscape Provenance", provenance_json);
  g_byte_array_append(out, png->data + ihdr_end, png->len - ihdr_end);
  return g_byte_array_free_to_bytes(out);
}

static gboolean surface_ok(cairo_surface_t *s, GError **error)
{
  cairo_status_t st = cairo_surface_status(s);
  if (st == CAIRO_STATUS_SUCCESS) return TRUE;
  g_set_error(error, GS_FIGURE_ERROR, GS_FIGURE_ERROR_RENDER, _("Could not draw the figure: %s"),
              cairo_status_to_string(st));
  return FALSE;
}

static GBytes *export_png(GsFigure *fig, const GsExportOptions *o, GError **error)
{
  GsRenderOptions r;
  render_options(o, &r);
  cairo_surface_t *img = gs_figure_render_image(fig, &r, o->dpi / 72, NULL);
  if (!surface_ok(img, error)) {
    cairo_surface_destroy(img);
    return NULL;
  }
  GByteArray *png = g_byte_array_new();
  cairo_status_t st = cairo_surface_write_to_png_stream(img, append_bytes, png);
  cairo_surface_destroy(img);
  if (st != CAIRO_STATUS_SUCCESS || png->len < 33) {
    g_set_error(error, GS_FIGURE_ERROR, GS_FIGURE_ERROR_RENDER, _("Could not encode the PNG: %s"),
                cairo_status_to_string(st));
    g_byte_array_unref(png);
    return NULL;
  }
  char *created = iso_time(o), *prov = gs_figure_provenance_json(o->provenance);
  GBytes *bytes = png_with_metadata(png, o->dpi, display_title(fig), created, prov);
  g_free(created);
  g_free(prov);
  g_byte_array_unref(png);
  return bytes;
}

static GBytes *export_pdf(GsFigure *fig, const GsExportOptions *o, GError **error)
{
  GsRenderOptions r;
  render_options(o, &r);
  GByteArray *pdf = g_byte_array_new();
  cairo_surface_t *surface =
      cairo_pdf_surface_create_for_stream(append_bytes, pdf, r.width, r.height);
  char *created = iso_time(o), *summary = provenance_summary(o->provenance);
  char *prov = gs_figure_provenance_json(o->provenance);
  if (display_title(fig))
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, display_title(fig));
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Ganscape " GS_VERSION);
  if (*summary) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, summary);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, prov);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, created);
  g_free(created);
  g_free(summary);
  g_free(prov);
  cairo_t *cr = cairo_create(surface);
  gs_figure_layout_unref(gs_figure_render(fig, cr, &r));
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  gboolean ok = surface_ok(surface, error);
  cairo_surface_destroy(surface);
  if (!ok) {
    g_byte_array_unref(pdf);
    return NULL;
  }
  return g_byte_array_free_to_bytes(pdf);
}

static GBytes *export_svg(GsFigure *fig, const GsExportOptions *o)
{
  GsRenderOptions r;
  render_options(o, &r);
  GString *svg = g_string_new(NULL);
  GsTextEngine *text = gs_text_engine_new(o->font_family);
  GsCanvas *canvas = gs_canvas_new_svg(svg, r.width, r.height, text);
  char *prov = gs_figure_provenance_json(o->provenance);
  char *created = iso_time(o);
  GString *meta = g_string_new(NULL);
  g_string_append_printf(meta, "{\"app\": \"Ganscape\", \"app_version\": \"%s\", ", GS_VERSION);
  g_string_append_printf(meta, "\"created\": \"%s\", \"provenance\": %s}", created, prov);
  gs_canvas_svg_set_metadata(canvas, display_title(fig), meta->str);
  g_string_free(meta, TRUE);
  g_free(created);
  g_free(prov);
  gs_figure_layout_unref(gs_figure_draw(fig, canvas, &r));
  gs_canvas_free(canvas);
  gs_text_engine_free(text);
  gsize len = svg->len;
  return g_bytes_new_take(g_string_free(svg, FALSE), len);
}

GBytes *gs_figure_export_bytes(GsFigure *fig, const GsExportOptions *opts, GError **error)
{
  g_return_val_if_fail(fig && opts, NULL);
  if (!check_options(opts, error)) return NULL;
  switch (opts->format) {
  case GS_EXPORT_PNG:
    return export_png(fig, opts, error);
  case GS_EXPORT_PDF:
    return export_pdf(fig, opts, error);
  default:
    return export_svg(fig, opts);
  }
}

gboolean gs_figure_export(GsFigure *fig, const char *path, const GsExportOptions *opts,
                          GError **error)
{
  g_return_val_if_fail(fig && path && opts, FALSE);
  GBytes *bytes = gs_figure_export_bytes(fig, opts, error);
  if (!bytes) return FALSE;
  gsize len;
  const char *data = g_bytes_get_data(bytes, &len);
  gboolean ok = g_file_set_contents(path, data, (gssize) len, error);
  g_bytes_unref(bytes);
  char *csv_path = gs_export_sibling_path(path, "csv");
  char *csv_name = g_path_get_basename(csv_path);
  if (ok && opts->write_data) {
    char *csv = gs_figure_data_csv(fig);
    ok = g_file_set_contents(csv_path, csv, -1, error);
    g_free(csv);
  }
  if (ok && opts->write_sidecar) {
    char *json_path = gs_export_sibling_path(path, "json");
    char *file_name = g_path_get_basename(path);
    char *json = gs_figure_sidecar_json(fig, opts, file_name, opts->write_data ? csv_name : NULL);
    ok = g_file_set_contents(json_path, json, -1, error);
    g_free(json);
    g_free(file_name);
    g_free(json_path);
  }
  g_free(csv_name);
  g_free(csv_path);
  return ok;
}
