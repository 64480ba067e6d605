/* test-export.c — exported files read back: SVG parsed with GMarkup and its <text> found, PDF
 * text extracted with pdftotext and its fonts checked with pdffonts, PNG chunks decoded, CSV and
 * JSON parsed; and every file identical under a decimal-comma locale. */
#include "gallery.h"
#include "gs-figure-export.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <unistd.h>
#include <string.h>

static const char *const provenance[] = {
    "experiment", "discriminator-landscape",   "seed", "7", "run_id", "42",
    "parameters", "{\"lr\": 0.1, \"k_d\": 2}", NULL};

static void options(GsExportOptions *o, GsExportFormat format)
{
  gs_export_options_init(o, GS_SIZE_PAPER_DOUBLE, format);
  o->provenance = provenance;
  o->created = 1700000000; /* fixed, so files can be compared byte for byte */
}

static GBytes *export_gallery(const char *name, GsExportFormat format)
{
  GsExportOptions o;
  options(&o, format);
  GsFigure *fig = gallery_build(name);
  GError *error = NULL;
  GBytes *bytes = gs_figure_export_bytes(fig, &o, &error);
  g_assert_no_error(error);
  gs_figure_unref(fig);
  return bytes;
}

/* ---- SVG ---- */

typedef struct {
  GString *text; /* all <text> contents, one per line */
  int n_text, n_image, n_png_images, depth_in_text;
  gboolean metadata;
} SvgScan;

static void svg_start(GMarkupParseContext *ctx, const char *element, const char **names,
                      const char **values, gpointer data, GError **error)
{
  SvgScan *scan = data;
  if (strcmp(element, "text") == 0) {
    scan->n_text++;
    scan->depth_in_text = 1;
    for (int i = 0; names[i]; i++)
      if (strcmp(names[i], "font-size") == 0 || strcmp(names[i], "x") == 0)
        g_assert_null(strchr(values[i], ',')); /* numbers in the C locale */
  }
  if (strcmp(element, "metadata") == 0) scan->metadata = TRUE;
  if (strcmp(element, "image") == 0) {
    scan->n_image++;
    for (int i = 0; names[i]; i++) {
      if (strcmp(names[i], "xlink:href") != 0) continue;
      const char *prefix = "data:image/png;base64,";
      g_assert_true(g_str_has_prefix(values[i], prefix));
      gsize len;
      guchar *png = g_base64_decode(values[i] + strlen(prefix), &len);
      if (len > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0) scan->n_png_images++;
      g_free(png);
    }
  }
}

static void svg_end(GMarkupParseContext *ctx, const char *element, gpointer data, GError **error)
{
  SvgScan *scan = data;
  if (strcmp(element, "text") == 0) {
    scan->depth_in_text = 0;
    g_string_append_c(scan->text, '\n');
  }
}

static void svg_chars(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data,
                      GError **error)
{
  SvgScan *scan = data;
  if (scan->depth_in_text) g_string_append_len(scan->text, text, (gssize) len);
}

static SvgScan scan_svg(GBytes *svg)
{
  GMarkupParser parser = {svg_start, svg_end, svg_chars, NULL, NULL};
  SvgScan scan = {g_string_new(NULL)};
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, &scan, NULL);
  gsize len;
  const char *data = g_bytes_get_data(svg, &len);
  GError *error = NULL;
  g_markup_parse_context_parse(ctx, data, (gssize) len, &error);
  g_assert_no_error(error);
  g_markup_parse_context_end_parse(ctx, &error);
  g_assert_no_error(error);
  g_markup_parse_context_free(ctx);
  return scan;
}

static gboolean has_line(const char *lines, const char *want)
{
  char **parts = g_strsplit(lines, "\n", -1);
  gboolean found = FALSE;
  for (int i = 0; parts[i] && !found; i++) found = strcmp(g_strstrip(parts[i]), want) == 0;
  g_strfreev(parts);
  return found;
}

static void test_svg_text(void)
{
  GBytes *svg = export_gallery("contours", GS_EXPORT_SVG);
  SvgScan scan = scan_svg(svg);
  /* Title, axis labels, tick labels, colorbar, legend and contour labels are all real text. */
  static const char *const expected[] = {
      "Landscape with decision boundary",
      "x₁",
      "x₂",
      "−1.5",
      "0.5",
      "2.0",
      "D(x)",
      "D = 0.5",
      "real",
      "0.7",
  };
  for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
    if (!has_line(scan.text->str, expected[i]))
      g_error("<text> \"%s\" missing from the SVG; texts were:\n%s", expected[i], scan.text->str);
  g_assert_cmpint(scan.n_text, >=, 25);
  /* The heatmap and the colorbar ride along as embedded PNG images; nothing else is raster. */
  g_assert_cmpint(scan.n_image, ==, 2);
  g_assert_cmpint(scan.n_png_images, ==, 2);
  g_assert_true(scan.metadata);
  gsize len;
  const char *data = g_bytes_get_data(svg, &len);
  g_assert_nonnull(g_strstr_len(data, (gssize) len, "discriminator-landscape"));
  g_string_free(scan.text, TRUE);
  g_bytes_unref(svg);
}

/* Every gallery figure gives well-formed SVG whose texts parse. */
static void test_svg_every_type(void)
{
  for (int i = 0; gallery_names[i]; i++) {
    GBytes *svg = export_gallery(gallery_names[i], GS_EXPORT_SVG);
    SvgScan scan = scan_svg(svg);
    g_assert_cmpint(scan.n_text, >, 0);
    g_string_free(scan.text, TRUE);
    g_bytes_unref(svg);
  }
}

/* ---- PDF ---- */

static char *run_tool(const char *tool, const char *arg1, const char *arg2)
{
  char *argv[] = {(char *) tool, (char *) arg1, (char *) arg2, NULL};
  char *out = NULL;
  int status = 0;
  GError *error = NULL;
  g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
               NULL, &status, &error);
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  return out;
}

static char *write_temp(GBytes *bytes, const char *suffix)
{
  char *tmpl = g_strdup_printf("gs-figure-XXXXXX.%s", suffix);
  char *path = NULL;
  int fd = g_file_open_tmp(tmpl, &path, NULL);
  g_assert_cmpint(fd, >=, 0);
  close(fd);
  gsize len;
  const char *data = g_bytes_get_data(bytes, &len);
  g_assert_true(g_file_set_contents(path, data, (gssize) len, NULL));
  g_free(tmpl);
  return path;
}

static gboolean have_poppler(void)
{
  char *a = g_find_program_in_path("pdftotext"), *b = g_find_program_in_path("pdffonts");
  gboolean ok = a && b;
  g_free(a);
  g_free(b);
  if (!ok) g_test_skip("pdftotext/pdffonts not found: apt-get install poppler-utils");
  return ok;
}

static void check_pdf_fonts(const char *path)
{
  char *fonts = run_tool("pdffonts", path, NULL);
  char **lines = g_strsplit(fonts, "\n", -1);
  int n_fonts = 0;
  for (int i = 2; lines[i]; i++) { /* after the two header lines */
    if (!*lines[i]) continue;
    n_fonts++;
    if (strstr(lines[i], "Type 3")) g_error("Type 3 font in %s:\n%s", path, fonts);
    g_assert_true(strstr(lines[i], "TrueType") || strstr(lines[i], "Type 1C") ||
                  strstr(lines[i], "CID"));
    /* emb sub uni: embedded and subset */
    g_assert_nonnull(strstr(lines[i], " yes yes "));
  }
  g_assert_cmpint(n_fonts, >, 0);
  g_strfreev(lines);
  g_free(fonts);
}

static void test_pdf_text_and_fonts(void)
{
  if (!have_poppler()) return;
  GBytes *pdf = export_gallery("contours", GS_EXPORT_PDF);
  char *path = write_temp(pdf, "pdf");
  char *text = run_tool("pdftotext", path, "-");
  static const char *const expected[] = {"Landscape with decision boundary", "D = 0.5", "real",
                                         "−1.5", "D(x)"};
  for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
    if (!strstr(text, expected[i]))
      g_error("\"%s\" not extractable from the PDF; pdftotext gave:\n%s", expected[i], text);
  check_pdf_fonts(path);
  char *info = run_tool("pdfinfo", path, NULL);
  g_assert_nonnull(strstr(info, "Ganscape"));
  g_assert_nonnull(strstr(info, "seed=7"));
  g_free(info);
  g_free(text);
  g_unlink(path);
  g_free(path);
  g_bytes_unref(pdf);
}

static void test_pdf_every_type(void)
{
  if (!have_poppler()) return;
  for (int i = 0; gallery_names[i]; i++) {
    GBytes *pdf = export_gallery(gallery_names[i], GS_EXPORT_PDF);
    char *path = write_temp(pdf, "pdf");
    check_pdf_fonts(path);
    g_unlink(path);
    g_free(path);
    g_bytes_unref(pdf);
  }
}

/* ---- PNG ---- */

static guint32 be32(const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void test_png_chunks(void)
{
  GsExportOptions o;
  options(&o, GS_EXPORT_PNG);
  o.dpi = 200;
  GsFigure *fig = gallery_build("heatmap");
  GBytes *png = gs_figure_export_bytes(fig, &o, NULL);
  gs_figure_unref(fig);
  gsize len;
  const guint8 *d = g_bytes_get_data(png, &len);
  g_assert_cmpmem(d, 8, "\x89PNG\r\n\x1a\n", 8);
  /* IHDR: 7 × 3.5 in at 200 dpi. */
  g_assert_cmpuint(be32(d + 16), ==, 1400);
  g_assert_cmpuint(be32(d + 20), ==, 700);
  gboolean phys = FALSE, provenance_seen = FALSE, software = FALSE;
  for (gsize at = 8; at + 12 <= len;) {
    guint32 n = be32(d + at);
    const guint8 *type = d + at + 4, *body = d + at + 8;
    if (memcmp(type, "pHYs", 4) == 0) {
      g_assert_cmpuint(be32(body), ==, 7874); /* 200 / 0.0254 */
      g_assert_cmpuint(body[8], ==, 1);       /* metres */
      phys = TRUE;
    }
    if (memcmp(type, "iTXt", 4) == 0) {
      if (strcmp((const char *) body, "Ganscape Provenance") == 0) {
        provenance_seen = TRUE;
        /* The text follows the last NUL of the header fields. */
        const guint8 *text = body;
        for (const guint8 *q = body; q < body + n; q++)
          if (*q == 0) text = q + 1;
        g_assert_nonnull(g_strstr_len((const char *) text, body + n - text, "\"seed\": \"7\""));
      }
      software |= strcmp((const char *) body, "Software") == 0;
    }
    at += 12 + n;
  }
  g_assert_true(phys && provenance_seen && software);
  /* And Cairo reads it back (the inserted chunks have valid CRCs). */
  char *path = write_temp(png, "png");
  cairo_surface_t *img = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(cairo_image_surface_get_width(img), ==, 1400);
  cairo_surface_destroy(img);
  g_unlink(path);
  g_free(path);
  g_bytes_unref(png);
}

/* ---- files beside: CSV and JSON ---- */

static void test_files_beside(void)
{
  char *dir = g_dir_make_tmp("gs-export-XXXXXX", NULL);
  char *path = g_build_filename(dir, "robust.pdf", NULL);
  GsExportOptions o;
  options(&o, GS_EXPORT_PDF);
  GsFigure *fig = gallery_build("lines");
  GError *error = NULL;
  g_assert_true(gs_figure_export(fig, path, &o, &error));
  g_assert_no_error(error);
  gs_figure_unref(fig);

  char *csv_path = g_build_filename(dir, "robust.csv", NULL);
  char *csv = NULL;
  g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
  char **rows = g_strsplit(csv, "\r\n", -1);
  g_assert_cmpstr(rows[0], ==, "panel,layer,kind,series,i,j,x,y,z,u,v,value,size,lo,hi,err,label");
  int n_line = 0, n_annot = 0;
  double sum_y = 0;
  for (int r = 1; rows[r] && *rows[r]; r++) {
    char **f = g_strsplit(rows[r], ",", -1);
    g_assert_cmpuint(g_strv_length(f), ==, 17);
    if (strcmp(f[2], "line") == 0) {
      n_line++;
      sum_y += g_ascii_strtod(f[7], NULL);
    } else {
      n_annot++;
    }
    g_strfreev(f);
  }
  g_assert_cmpint(n_line, ==, 4 * 200);
  g_assert_cmpint(n_annot, ==, 3); /* two lr drops and the best point */
  g_assert_cmpfloat(sum_y, >, 0);
  g_strfreev(rows);
  g_free(csv);

  char *json_path = g_build_filename(dir, "robust.json", NULL);
  JsonParser *parser = json_parser_new();
  g_assert_true(json_parser_load_from_file(parser, json_path, &error));
  g_assert_no_error(error);
  JsonObject *root = json_node_get_object(json_parser_get_root(parser));
  g_assert_cmpstr(json_object_get_string_member(root, "app"), ==, "Ganscape");
  g_assert_cmpstr(json_object_get_string_member(root, "file"), ==, "robust.pdf");
  g_assert_cmpstr(json_object_get_string_member(root, "data"), ==, "robust.csv");
  g_assert_cmpstr(json_object_get_string_member(root, "created"), ==, "2023-11-14T22:13:20Z");
  JsonObject *prov = json_object_get_object_member(root, "provenance");
  g_assert_cmpstr(json_object_get_string_member(prov, "seed"), ==, "7");
  g_assert_cmpstr(json_object_get_string_member(prov, "parameters"), ==,
                  "{\"lr\": 0.1, \"k_d\": 2}");
  JsonObject *exp = json_object_get_object_member(root, "export");
  g_assert_cmpfloat(json_object_get_double_member(exp, "width_in"), ==, 7);
  JsonArray *panels =
      json_object_get_array_member(json_object_get_object_member(root, "figure"), "panels");
  JsonObject *p0 = json_array_get_object_element(panels, 0);
  g_assert_cmpstr(json_object_get_string_member(p0, "yscale"), ==, "log");
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(p0, "layers")), ==, 4);
  g_object_unref(parser);

  g_unlink(json_path);
  g_unlink(csv_path);
  g_unlink(path);
  g_rmdir(dir);
  g_free(json_path);
  g_free(csv_path);
  g_free(path);
  g_free(dir);
}

static void test_bad_options(void)
{
  GsFigure *fig = gallery_build("bars");
  GsExportOptions o;
  options(&o, GS_EXPORT_PNG);
  o.dpi = 5;
  GError *error = NULL;
  g_assert_null(gs_figure_export_bytes(fig, &o, &error));
  g_assert_error(error, GS_FIGURE_ERROR, GS_FIGURE_ERROR_INVALID);
  g_assert_nonnull(strstr(error->message, "dpi"));
  g_assert_nonnull(strstr(error->message, "2400"));
  g_clear_error(&error);
  o.dpi = 2400;
  o.width_in = 20; /* 48,000 px */
  g_assert_null(gs_figure_export_bytes(fig, &o, &error));
  g_assert_error(error, GS_FIGURE_ERROR, GS_FIGURE_ERROR_INVALID);
  g_clear_error(&error);
  options(&o, GS_EXPORT_SVG);
  o.font_pt = NAN;
  g_assert_null(gs_figure_export_bytes(fig, &o, &error));
  g_assert_nonnull(strstr(error->message, "font_pt"));
  g_clear_error(&error);
  /* A folder that does not exist: the file error comes back, naming the file. */
  options(&o, GS_EXPORT_SVG);
  g_assert_false(gs_figure_export(fig, "/nonexistent-dir/figure.svg", &o, &error));
  g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull(strstr(error->message, "figure"));
  g_clear_error(&error);
  gs_figure_unref(fig);

  GsExportFormat f;
  g_assert_true(gs_export_format_from_name("slides/fig.PDF", &f) && f == GS_EXPORT_PDF);
  g_assert_false(gs_export_format_from_name("fig.jpeg", &f));
  char *sib = gs_export_sibling_path("out.d/fig.v2.svg", "csv");
  g_assert_cmpstr(sib, ==, "out.d/fig.v2.csv");
  g_free(sib);
  sib = gs_export_sibling_path("out.d/fig", "json");
  g_assert_cmpstr(sib, ==, "out.d/fig.json");
  g_free(sib);
}

/* ---- decimal-comma locale ---- */

static GBytes *all_outputs(const char *name)
{
  GByteArray *all = g_byte_array_new();
  for (int f = 0; f < GS_EXPORT_N; f++) {
    GBytes *b = export_gallery(name, f);
    gsize len;
    const guint8 *d = g_bytes_get_data(b, &len);
    g_byte_array_append(all, d, (guint) len);
    g_bytes_unref(b);
  }
  GsFigure *fig = gallery_build(name);
  GsExportOptions o;
  options(&o, GS_EXPORT_PDF);
  char *csv = gs_figure_data_csv(fig), *json = gs_figure_sidecar_json(fig, &o, "f.pdf", "f.csv");
  g_byte_array_append(all, (const guint8 *) csv, (guint) strlen(csv));
  g_byte_array_append(all, (const guint8 *) json, (guint) strlen(json));
  g_free(csv);
  g_free(json);
  gs_figure_unref(fig);
  return g_byte_array_free_to_bytes(all);
}

static void test_decimal_comma_locale(void)
{
  char *saved = g_strdup(setlocale(LC_ALL, NULL));
  static const char *const names[] = {"contours", "lines", "surface", "histogram"};
  GBytes *c_locale[G_N_ELEMENTS(names)];
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) c_locale[i] = all_outputs(names[i]);
  if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
    g_test_skip("locale de_DE.UTF-8 is not installed (apt-get install locales; locale-gen)");
  } else {
    char probe[16];
    g_snprintf(probe, sizeof probe, "%.1f", 1.5);
    g_assert_cmpstr(probe, ==, "1,5");
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
      GBytes *de = all_outputs(names[i]);
      if (!g_bytes_equal(de, c_locale[i]))
        g_error("%s: PNG/SVG/PDF/CSV/JSON differ under de_DE.UTF-8", names[i]);
      g_bytes_unref(de);
    }
  }
  setlocale(LC_ALL, saved);
  g_free(saved);
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) g_bytes_unref(c_locale[i]);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/export/svg-text", test_svg_text);
  g_test_add_func("/export/svg-every-type", test_svg_every_type);
  g_test_add_func("/export/pdf-text-and-fonts", test_pdf_text_and_fonts);
  g_test_add_func("/export/pdf-every-type", test_pdf_every_type);
  g_test_add_func("/export/png-chunks", test_png_chunks);
  g_test_add_func("/export/files-beside", test_files_beside);
  g_test_add_func("/export/bad-options", test_bad_options);
  g_test_add_func("/export/decimal-comma-locale", test_decimal_comma_locale);
  return g_test_run();
}
