/* gs-figure-data.c — the data behind a figure as CSV, and the JSON sidecar with its provenance.
 * Every number goes through g_ascii_formatd: the GUI runs in the user's locale. */
#include "gs-figure-export.h"
#include "gs-figure-impl.h"

#include "gs-config.h"

#include <math.h>
#include <string.h>

/* ---- numbers ---- */

/* The shortest of %.15g … %.17g that reads back as the same double. */
static void put_double(GString *s, double v)
{
  if (isnan(v)) {
    g_string_append(s, "NaN");
    return;
  }
  if (isinf(v)) {
    g_string_append(s, v > 0 ? "Inf" : "-Inf");
    return;
  }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int p = 15; p <= 17; p++) {
    char fmt[8];
    g_snprintf(fmt, sizeof fmt, "%%.%dg", p);
    g_ascii_formatd(buf, sizeof buf, fmt, v);
    if (p == 17 || g_ascii_strtod(buf, NULL) == v) break;
  }
  g_string_append(s, buf);
}

/* The same for a float sample: %.6g … %.9g. */
static void put_float(GString *s, float v)
{
  if (!isfinite(v)) {
    put_double(s, v);
    return;
  }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int p = 6; p <= 9; p++) {
    char fmt[8];
    g_snprintf(fmt, sizeof fmt, "%%.%dg", p);
    g_ascii_formatd(buf, sizeof buf, fmt, v);
    if (p == 9 || (float) g_ascii_strtod(buf, NULL) == v) break;
  }
  g_string_append(s, buf);
}

/* ---- CSV ---- */

enum {
  COL_PANEL,
  COL_LAYER,
  COL_KIND,
  COL_SERIES,
  COL_I,
  COL_J,
  COL_X,
  COL_Y,
  COL_Z,
  COL_U,
  COL_V,
  COL_VALUE,
  COL_SIZE,
  COL_LO,
  COL_HI,
  COL_ERR,
  COL_LABEL,
  N_COLS
};

static const char *const col_names[N_COLS] = {"panel", "layer", "kind", "series", "i",    "j",
                                              "x",     "y",     "z",    "u",      "v",    "value",
                                              "size",  "lo",    "hi",   "err",    "label"};

typedef struct {
  GString *out;
  int panel, layer;
  const char *kind, *series;
  /* One row being built: which columns are set and their values. */
  guint set;
  double num[N_COLS];
  gboolean is_float[N_COLS];
  const char *label;
} Csv;

static void csv_text(GString *s, const char *text)
{
  if (!text) return;
  if (!strpbrk(text, ",\"\r\n")) {
    g_string_append(s, text);
    return;
  }
  g_string_append_c(s, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"') g_string_append_c(s, '"');
    g_string_append_c(s, *p);
  }
  g_string_append_c(s, '"');
}

static void row_begin(Csv *c)
{
  c->set = 0;
  c->label = NULL;
}

static void row_num(Csv *c, int col, double v)
{
  c->set |= 1u << col;
  c->num[col] = v;
  c->is_float[col] = FALSE;
}

static void row_float(Csv *c, int col, float v)
{
  c->set |= 1u << col;
  c->num[col] = v;
  c->is_float[col] = TRUE;
}

static void row_end(Csv *c)
{
  GString *s = c->out;
  g_string_append_printf(s, "%d,", c->panel);
  if (c->layer >= 0) g_string_append_printf(s, "%d", c->layer);
  g_string_append_c(s, ',');
  csv_text(s, c->kind);
  g_string_append_c(s, ',');
  csv_text(s, c->series);
  for (int col = COL_I; col < COL_LABEL; col++) {
    g_string_append_c(s, ',');
    if (!(c->set & (1u << col))) continue;
    if (col == COL_I || col == COL_J)
      g_string_append_printf(s, "%d", (int) c->num[col]);
    else if (c->is_float[col])
      put_float(s, (float) c->num[col]);
    else
      put_double(s, c->num[col]);
  }
  g_string_append_c(s, ',');
  csv_text(s, c->label);
  g_string_append(s, "\r\n");
}

static gboolean same_field(const GsLayer *a, const GsLayer *b)
{
  return a->field && b->field && a->nx == b->nx && a->ny == b->ny && a->x0 == b->x0 &&
         a->x1 == b->x1 && a->y0 == b->y0 && a->y1 == b->y1 &&
         memcmp(a->field, b->field, sizeof(float) * (gsize) a->nx * a->ny) == 0;
}

/* The earlier layer of the panel with the same field, or -1. */
static int shared_field(GsPanel *p, int k)
{
  GsLayer *l = p->layers->pdata[k];
  for (int e = 0; e < k; e++)
    if (same_field(p->layers->pdata[e], l)) return e;
  return -1;
}

static void write_field(Csv *c, const GsLayer *l, gboolean as_z)
{
  for (int j = 0; j < l->ny; j++)
    for (int i = 0; i < l->nx; i++) {
      float v = l->field[(gsize) j * l->nx + i];
      row_begin(c);
      row_num(c, COL_I, i);
      row_num(c, COL_J, j);
      row_num(c, COL_X, l->x0 + (l->x1 - l->x0) * i / (l->nx - 1));
      row_num(c, COL_Y, l->y0 + (l->y1 - l->y0) * j / (l->ny - 1));
      if (as_z) row_float(c, COL_Z, v);
      row_float(c, COL_VALUE, v);
      row_end(c);
    }
}

static void write_layer(Csv *c, GsPanel *p, int k)
{
  GsLayer *l = p->layers->pdata[k];
  c->layer = k;
  c->kind = gs_layer_kind_name(l->kind);
  c->series = l->label;
  switch (l->kind) {
  case GS_LAYER_LINE:
  case GS_LAYER_SCATTER:
  case GS_LAYER_QUIVER:
  case GS_LAYER_POINTS3D:
    for (int i = 0; i < l->n; i++) {
      row_begin(c);
      row_num(c, COL_I, i);
      row_num(c, COL_X, l->x[i]);
      row_num(c, COL_Y, l->y[i]);
      if (l->z) row_num(c, COL_Z, l->z[i]);
      if (l->u) {
        row_num(c, COL_U, l->u[i]);
        row_num(c, COL_V, l->v[i]);
      }
      if (l->values) row_num(c, COL_VALUE, l->values[i]);
      if (l->sizes) row_num(c, COL_SIZE, l->sizes[i]);
      if (l->band_lo) {
        row_num(c, COL_LO, l->band_lo[i]);
        row_num(c, COL_HI, l->band_hi[i]);
      }
      row_end(c);
    }
    break;
  case GS_LAYER_HEATMAP:
    write_field(c, l, FALSE);
    break;
  case GS_LAYER_SURFACE:
    write_field(c, l, TRUE);
    break;
  case GS_LAYER_CONTOUR: {
    for (int v = 0; v < l->n_levels; v++) {
      row_begin(c);
      c->kind = "contour-level";
      row_num(c, COL_I, v);
      row_num(c, COL_VALUE, l->levels[v]);
      if (l->has_emphasis && l->levels[v] == l->emphasis_level)
        c->label = l->emphasis_label ? l->emphasis_label : "emphasized";
      row_end(c);
    }
    c->kind = gs_layer_kind_name(l->kind);
    if (shared_field(p, k) < 0) write_field(c, l, FALSE);
    break;
  }
  case GS_LAYER_HISTOGRAM:
    for (int b = 0; b < l->bins; b++) {
      double w = l->edges[b + 1] - l->edges[b];
      row_begin(c);
      row_num(c, COL_I, b);
      row_num(c, COL_LO, l->edges[b]);
      row_num(c, COL_HI, l->edges[b + 1]);
      row_num(c, COL_Y, l->counts[b]);
      row_num(c, COL_VALUE,
              l->density && l->n_samples ? l->counts[b] / (l->n_samples * w) : l->counts[b]);
      row_end(c);
    }
    break;
  case GS_LAYER_BARS: {
    char **cats = l->categories;
    for (guint e = 0; !cats && e < p->layers->len; e++) {
      GsLayer *o = p->layers->pdata[e];
      if (o->kind == GS_LAYER_BARS && o->categories) cats = o->categories;
    }
    for (int i = 0; i < l->n; i++) {
      row_begin(c);
      row_num(c, COL_I, i);
      row_num(c, COL_X, i);
      row_num(c, COL_VALUE, l->y[i]);
      if (l->errors) row_num(c, COL_ERR, l->errors[i]);
      c->label = cats ? cats[i] : NULL;
      row_end(c);
    }
    break;
  }
  case GS_LAYER_IMAGE_GRID:
    for (guint t = 0; t < l->tiles->len; t++) {
      GsTile *tile = l->tiles->pdata[t];
      for (int y = 0; y < tile->h; y++)
        for (int x = 0; x < tile->w; x++)
          for (int ch = 0; ch < tile->channels; ch++) {
            row_begin(c);
            row_num(c, COL_I, t);
            row_num(c, COL_X, x);
            row_num(c, COL_Y, y);
            row_num(c, COL_Z, ch);
            row_float(c, COL_VALUE, tile->pixels[((gsize) y * tile->w + x) * tile->channels + ch]);
            c->label = tile->caption;
            row_end(c);
          }
    }
    break;
  }
}

static const char *annotation_kind_name(GsAnnotationKind kind)
{
  static const char *const names[] = {"text", "arrow", "vline", "hline", "point"};
  return names[kind];
}

char *gs_figure_data_csv(GsFigure *fig)
{
  g_return_val_if_fail(fig != NULL, NULL);
  gs_figure_seal(fig);
  Csv c = {0};
  c.out = g_string_new(NULL);
  for (int col = 0; col < N_COLS; col++) {
    if (col) g_string_append_c(c.out, ',');
    g_string_append(c.out, col_names[col]);
  }
  g_string_append(c.out, "\r\n");
  for (guint pi = 0; pi < fig->panels->len; pi++) {
    GsPanel *p = fig->panels->pdata[pi];
    c.panel = (int) pi;
    for (guint k = 0; k < p->layers->len; k++) write_layer(&c, p, (int) k);
    c.layer = -1;
    c.series = NULL;
    for (guint k = 0; k < p->annotations->len; k++) {
      GsAnnotation *a = p->annotations->pdata[k];
      c.kind = annotation_kind_name(a->kind);
      row_begin(&c);
      row_num(&c, COL_I, k);
      if (!isnan(a->x)) row_num(&c, COL_X, a->x);
      if (!isnan(a->y)) row_num(&c, COL_Y, a->y);
      if (a->kind == GS_ANNOT_ARROW) {
        row_num(&c, COL_U, a->to_x);
        row_num(&c, COL_V, a->to_y);
      }
      c.label = a->text;
      row_end(&c);
    }
  }
  return g_string_free(c.out, FALSE);
}

/* ---- JSON ---- */

static void json_string(GString *s, const char *text)
{
  if (!text) {
    g_string_append(s, "null");
    return;
  }
  char *valid = g_utf8_make_valid(text, -1);
  g_string_append_c(s, '"');
  for (const unsigned char *p = (const unsigned char *) valid; *p; p++) {
    switch (*p) {
    case '"':
      g_string_append(s, "\\\"");
      break;
    case '\\':
      g_string_append(s, "\\\\");
      break;
    case '\n':
      g_string_append(s, "\\n");
      break;
    case '\r':
      g_string_append(s, "\\r");
      break;
    case '\t':
      g_string_append(s, "\\t");
      break;
    default:
      if (*p < 0x20)
        g_string_append_printf(s, "\\u%04x", *p);
      else
        g_string_append_c(s, (char) *p);
    }
  }
  g_string_append_c(s, '"');
  g_free(valid);
}

static void json_number(GString *s, double v)
{
  if (isfinite(v))
    put_double(s, v);
  else
    g_string_append(s, "null");
}

static void json_key(GString *s, const char *key, gboolean *first)
{
  if (!*first) g_string_append(s, ", ");
  *first = FALSE;
  json_string(s, key);
  g_string_append(s, ": ");
}

static void json_kv_string(GString *s, const char *key, const char *value, gboolean *first)
{
  if (!value) return;
  json_key(s, key, first);
  json_string(s, value);
}

static void json_kv_number(GString *s, const char *key, double value, gboolean *first)
{
  json_key(s, key, first);
  json_number(s, value);
}

/* {"key": "value", …} of the caller's provenance pairs. */
static void json_provenance(GString *s, const char *const *pairs)
{
  g_string_append_c(s, '{');
  gboolean first = TRUE;
  for (int i = 0; pairs && pairs[i] && pairs[i + 1]; i += 2)
    json_kv_string(s, pairs[i], pairs[i + 1], &first);
  g_string_append_c(s, '}');
}

char *gs_figure_provenance_json(const char *const *pairs)
{
  GString *s = g_string_new(NULL);
  json_provenance(s, pairs);
  return g_string_free(s, FALSE);
}

static void json_layer(GString *s, GsPanel *p, int k)
{
  GsLayer *l = p->layers->pdata[k];
  gboolean first = TRUE;
  g_string_append_c(s, '{');
  json_kv_number(s, "index", k, &first);
  json_kv_string(s, "kind", gs_layer_kind_name(l->kind), &first);
  json_kv_string(s, "label", l->label, &first);
  if (l->color_set) {
    char hex[8];
    gs_color_to_hex(l->color, hex);
    json_kv_string(s, "color", hex, &first);
  }
  switch (l->kind) {
  case GS_LAYER_HEATMAP:
  case GS_LAYER_CONTOUR:
  case GS_LAYER_SURFACE:
    json_kv_number(s, "nx", l->nx, &first);
    json_kv_number(s, "ny", l->ny, &first);
    json_key(s, "extent", &first);
    g_string_append_c(s, '[');
    json_number(s, l->x0);
    g_string_append(s, ", ");
    json_number(s, l->x1);
    g_string_append(s, ", ");
    json_number(s, l->y0);
    g_string_append(s, ", ");
    json_number(s, l->y1);
    g_string_append_c(s, ']');
    break;
  case GS_LAYER_IMAGE_GRID:
    json_kv_number(s, "tiles", l->tiles->len, &first);
    break;
  case GS_LAYER_HISTOGRAM:
    json_kv_number(s, "bins", l->bins, &first);
    json_kv_number(s, "samples", l->n_samples, &first);
    json_kv_string(s, "value", l->density ? "density" : "count", &first);
    break;
  default:
    json_kv_number(s, "n", l->n, &first);
  }
  gboolean colored = l->kind == GS_LAYER_HEATMAP || l->kind == GS_LAYER_SURFACE ||
                     (l->kind == GS_LAYER_CONTOUR && (l->filled || l->cmap_set)) ||
                     (l->kind == GS_LAYER_SCATTER && l->values) ||
                     (l->kind == GS_LAYER_QUIVER && l->cmap_set);
  if (colored) {
    json_kv_string(s, "colormap", gs_colormap_get_name(l->cmap), &first);
    json_kv_number(s, "vmin", l->norm.vmin, &first);
    json_kv_number(s, "vmax", l->norm.vmax, &first);
    if (!isnan(l->norm.center)) json_kv_number(s, "center", l->norm.center, &first);
  }
  if (l->colorbar)
    json_kv_string(s, "colorbar", l->colorbar_label ? l->colorbar_label : "", &first);
  if (l->kind == GS_LAYER_CONTOUR) {
    json_key(s, "levels", &first);
    g_string_append_c(s, '[');
    for (int v = 0; v < l->n_levels; v++) {
      if (v) g_string_append(s, ", ");
      json_number(s, l->levels[v]);
    }
    g_string_append_c(s, ']');
    json_key(s, "filled", &first);
    g_string_append(s, l->filled ? "true" : "false");
    if (l->has_emphasis) {
      json_kv_number(s, "emphasized_level", l->emphasis_level, &first);
      json_kv_string(s, "emphasized_label", l->emphasis_label, &first);
    }
    int shared = shared_field(p, k);
    if (shared >= 0) json_kv_number(s, "field_same_as_layer", shared, &first);
  }
  g_string_append_c(s, '}');
}

static const char *scale_name(GsScale s)
{
  return s == GS_SCALE_LOG ? "log" : "linear";
}

char *gs_figure_sidecar_json(GsFigure *fig, const GsExportOptions *opts, const char *file_name,
                             const char *data_name)
{
  g_return_val_if_fail(fig && opts, NULL);
  gs_figure_prepare(fig); /* norms are reported as drawn */
  GString *s = g_string_new("{\n  ");
  gboolean first = TRUE;
  json_kv_string(s, "format", "ganscape-figure", &first);
  json_kv_number(s, "format_version", 1, &first);
  json_kv_string(s, "app", "Ganscape", &first);
  json_kv_string(s, "app_version", GS_VERSION, &first);
  GDateTime *when =
      opts->created > 0 ? g_date_time_new_from_unix_utc(opts->created) : g_date_time_new_now_utc();
  char *iso = g_date_time_format(when, "%Y-%m-%dT%H:%M:%SZ");
  json_kv_string(s, "created", iso, &first);
  g_free(iso);
  g_date_time_unref(when);
  json_kv_string(s, "file", file_name, &first);
  json_kv_string(s, "data", data_name, &first);
  g_string_append(s, ",\n  ");
  first = TRUE;
  json_key(s, "provenance", &first);
  json_provenance(s, opts->provenance);
  g_string_append(s, ",\n  ");
  first = TRUE;
  json_key(s, "export", &first);
  g_string_append_c(s, '{');
  gboolean f2 = TRUE;
  json_kv_string(s, "format", gs_export_format_get_extension(opts->format), &f2);
  json_kv_number(s, "width_in", opts->width_in, &f2);
  json_kv_number(s, "height_in", opts->height_in, &f2);
  json_kv_number(s, "font_pt", opts->font_pt, &f2);
  if (opts->format == GS_EXPORT_PNG) json_kv_number(s, "dpi", opts->dpi, &f2);
  json_kv_string(s, "theme", gs_theme_get_name(opts->theme), &f2);
  g_string_append(s, "},\n  ");
  first = TRUE;
  json_key(s, "figure", &first);
  g_string_append_c(s, '{');
  f2 = TRUE;
  json_kv_string(s, "title", fig->title, &f2);
  json_kv_number(s, "rows", fig->rows, &f2);
  json_kv_number(s, "cols", fig->cols, &f2);
  json_key(s, "panels", &f2);
  g_string_append_c(s, '[');
  for (guint pi = 0; pi < fig->panels->len; pi++) {
    GsPanel *p = fig->panels->pdata[pi];
    g_string_append(s, pi ? ",\n    {" : "\n    {");
    gboolean f3 = TRUE;
    json_kv_number(s, "index", pi, &f3);
    json_key(s, "cell", &f3);
    g_string_append_printf(s, "[%d, %d, %d, %d]", p->row, p->col, p->rowspan, p->colspan);
    json_kv_string(s, "title", p->title, &f3);
    json_kv_string(s, "xlabel", p->xlabel, &f3);
    json_kv_string(s, "ylabel", p->ylabel, &f3);
    json_kv_string(s, "zlabel", p->zlabel, &f3);
    json_kv_string(s, "xscale", scale_name(p->xscale), &f3);
    json_kv_string(s, "yscale", scale_name(p->yscale), &f3);
    json_key(s, "layers", &f3);
    g_string_append_c(s, '[');
    for (guint k = 0; k < p->layers->len; k++) {
      g_string_append(s, k ? ",\n      " : "\n      ");
      json_layer(s, p, (int) k);
    }
    g_string_append(s, "]}");
  }
  g_string_append(s, "]}\n}\n");
  return g_string_free(s, FALSE);
}
