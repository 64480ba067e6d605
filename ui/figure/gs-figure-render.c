/* gs-figure-render.c — layout and drawing of figures: grid, axes, ticks, titles, colorbars,
 * legends and annotations. Layers are drawn by gs-figure-layers.c, 3-D panels by gs-figure-3d.c.
 */
#include "gs-contour.h"
#include "gs-figure-impl.h"

#include <math.h>
#include <string.h>

/* ---- themes and sizes ---- */

static const GsThemeColors themes[GS_THEME_N] = {
    [GS_THEME_LIGHT] =
        {
            .background = {1, 1, 1, 1},
            .fill_background = TRUE,
            .ink = {0.13, 0.13, 0.13, 1},
            .ink_soft = {0.33, 0.33, 0.33, 1},
            .grid = {0.9, 0.9, 0.9, 1},
            .pane = {0, 0, 0, 0.035},
            .legend_bg = {1, 1, 1, 0.85},
            .contour = {0.1, 0.1, 0.1, 0.8},
            .halo = {1, 1, 1, 0.6},
        },
    [GS_THEME_DARK] =
        {
            .background = {0.114, 0.122, 0.129, 1},
            .fill_background = TRUE,
            .ink = {0.9, 0.9, 0.9, 1},
            .ink_soft = {0.7, 0.7, 0.7, 1},
            .grid = {0.23, 0.24, 0.255, 1},
            .pane = {1, 1, 1, 0.05},
            .legend_bg = {0.114, 0.122, 0.129, 0.85},
            .contour = {0.95, 0.95, 0.95, 0.85},
            .halo = {0.114, 0.122, 0.129, 0.6},
        },
    [GS_THEME_TRANSPARENT] =
        {
            .background = {1, 1, 1, 0},
            .fill_background = FALSE,
            .ink = {0.13, 0.13, 0.13, 1},
            .ink_soft = {0.33, 0.33, 0.33, 1},
            .grid = {0.5, 0.5, 0.5, 0.25},
            .pane = {0, 0, 0, 0.035},
            .legend_bg = {1, 1, 1, 0.6},
            .contour = {0.1, 0.1, 0.1, 0.8},
            .halo = {1, 1, 1, 0.5},
        },
};

const GsThemeColors *gs_theme_colors(GsTheme theme)
{
  return &themes[CLAMP((int) theme, 0, GS_THEME_N - 1)];
}

static const char *const theme_names[GS_THEME_N] = {"light", "dark", "transparent"};

const char *gs_theme_get_name(GsTheme theme)
{
  return theme_names[CLAMP((int) theme, 0, GS_THEME_N - 1)];
}

gboolean gs_theme_from_name(const char *name, GsTheme *theme)
{
  for (int t = 0; t < GS_THEME_N; t++)
    if (name && g_ascii_strcasecmp(name, theme_names[t]) == 0) {
      *theme = t;
      return TRUE;
    }
  return FALSE;
}

static const struct {
  const char *name;
  double width_in, height_in, font_pt;
} presets[GS_SIZE_N] = {
    [GS_SIZE_SLIDE] = {"slide", 13.333, 7.5, 18},
    [GS_SIZE_BEAMER] = {"beamer", 160 / 25.4, 90 / 25.4, 9},
    [GS_SIZE_PAPER_SINGLE] = {"paper-single", 3.5, 2.625, 8},
    [GS_SIZE_PAPER_DOUBLE] = {"paper-double", 7.0, 3.5, 8},
    [GS_SIZE_SQUARE] = {"square", 4.0, 4.0, 10},
};

void gs_size_preset_get(GsSizePreset preset, double *width_pt, double *height_pt, double *font_pt)
{
  preset = CLAMP((int) preset, 0, GS_SIZE_N - 1);
  if (width_pt) *width_pt = presets[preset].width_in * 72;
  if (height_pt) *height_pt = presets[preset].height_in * 72;
  if (font_pt) *font_pt = presets[preset].font_pt;
}

const char *gs_size_preset_get_name(GsSizePreset preset)
{
  return presets[CLAMP((int) preset, 0, GS_SIZE_N - 1)].name;
}

gboolean gs_size_preset_from_name(const char *name, GsSizePreset *preset)
{
  for (int p = 0; p < GS_SIZE_N; p++)
    if (name && g_ascii_strcasecmp(name, presets[p].name) == 0) {
      *preset = p;
      return TRUE;
    }
  return FALSE;
}

void gs_panel_view_init(GsPanelView *view)
{
  view->x0 = view->x1 = view->y0 = view->y1 = NAN;
  view->azimuth = view->elevation = NAN;
}

void gs_render_options_init(GsRenderOptions *opts, double width_pt, double height_pt)
{
  memset(opts, 0, sizeof *opts);
  opts->width = width_pt;
  opts->height = height_pt;
  opts->font_size = 10;
  opts->theme = GS_THEME_LIGHT;
}

/* ---- text helpers ---- */

double gs_text_width(GsRenderCtx *rc, const char *text, const GsFont *font)
{
  double w;
  gs_text_measure(rc->text, text, font, &w, NULL, NULL);
  return w;
}

double gs_text_height(GsRenderCtx *rc, const GsFont *font)
{
  double a, d;
  gs_text_measure(rc->text, "Hg", font, NULL, &a, &d);
  return a + d;
}

void gs_draw_text(GsRenderCtx *rc, const char *text, double x, double y, double halign,
                  double valign, double angle, const GsFont *font, GsColor color)
{
  if (!text || !*text) return;
  double a, d;
  gs_text_measure(rc->text, "Hg", font, NULL, &a, &d);
  /* Move from the anchor to the baseline along the text's own "down" direction. */
  double shift = a - valign * (a + d);
  double rad = angle * G_PI / 180;
  double bx = x + shift * sin(rad), by = y + shift * cos(rad);
  rc->canvas->klass->text(rc->canvas, text, bx, by, angle, halign, font, color);
}

/* ---- coordinates ---- */

static double axis_t(double v, double lo, double hi, GsScale scale)
{
  if (scale == GS_SCALE_LOG) {
    if (!(v > 0)) return NAN;
    return (log10(v) - log10(lo)) / (log10(hi) - log10(lo));
  }
  return (v - lo) / (hi - lo);
}

double gs_layout_x(const GsPanelLayout *pl, double x)
{
  return pl->px + axis_t(x, pl->x0, pl->x1, pl->xscale) * pl->pw;
}

double gs_layout_y(const GsPanelLayout *pl, double y)
{
  return pl->py + pl->ph - axis_t(y, pl->y0, pl->y1, pl->yscale) * pl->ph;
}

/* ---- limits ---- */

typedef struct {
  double lo, hi;
} Range;

static void range_add(Range *r, double v, GsScale scale)
{
  if (!isfinite(v) || (scale == GS_SCALE_LOG && !(v > 0))) return;
  r->lo = MIN(r->lo, v);
  r->hi = MAX(r->hi, v);
}

static gboolean range_ok(const Range *r)
{
  return isfinite(r->lo) && isfinite(r->hi);
}

static int n_categories(GsPanel *p, char ***names)
{
  int n = 0;
  *names = NULL;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (l->kind == GS_LAYER_BARS) {
      if (l->categories && !*names) *names = l->categories;
      n = MAX(n, l->n);
    }
  }
  return n;
}

/* Automatic limits: fields and image grids fit exactly; points get a 5 % margin; bars and
 * histograms start at zero. */
static void data_limits(GsPanel *p, double *x0, double *x1, double *y0, double *y1)
{
  Range fx = {INFINITY, -INFINITY}, fy = fx, px = fx, py = fx;
  gboolean zero_y = FALSE;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    switch (l->kind) {
    case GS_LAYER_HEATMAP:
    case GS_LAYER_CONTOUR:
      range_add(&fx, l->x0, p->xscale);
      range_add(&fx, l->x1, p->xscale);
      range_add(&fy, l->y0, p->yscale);
      range_add(&fy, l->y1, p->yscale);
      break;
    case GS_LAYER_LINE:
    case GS_LAYER_SCATTER:
    case GS_LAYER_QUIVER:
      for (int i = 0; i < l->n; i++) {
        if (!isfinite(l->x[i]) || !isfinite(l->y[i])) continue;
        range_add(&px, l->x[i], p->xscale);
        range_add(&py, l->y[i], p->yscale);
        if (l->kind == GS_LAYER_LINE && l->band_lo) {
          range_add(&py, l->band_lo[i], p->yscale);
          range_add(&py, l->band_hi[i], p->yscale);
        }
      }
      break;
    case GS_LAYER_HISTOGRAM:
      range_add(&fx, l->edges[0], p->xscale);
      range_add(&fx, l->edges[l->bins], p->xscale);
      for (int b = 0; b < l->bins; b++) {
        double w = l->edges[b + 1] - l->edges[b];
        range_add(&py,
                  l->density && l->n_samples ? l->counts[b] / (l->n_samples * w) : l->counts[b],
                  p->yscale);
      }
      zero_y = TRUE;
      break;
    case GS_LAYER_BARS:
      for (int i = 0; i < l->n; i++) {
        double e = l->errors ? fabs(l->errors[i]) : 0;
        range_add(&py, l->y[i] + e, p->yscale);
        range_add(&py, l->y[i] - e, p->yscale);
      }
      range_add(&fx, -0.5, GS_SCALE_LINEAR);
      range_add(&fx, l->n - 0.5, GS_SCALE_LINEAR);
      zero_y = TRUE;
      break;
    default:
      break;
    }
  }
  for (guint k = 0; k < p->annotations->len; k++) {
    GsAnnotation *a = p->annotations->pdata[k];
    if (a->kind == GS_ANNOT_VLINE)
      range_add(&px, a->x, p->xscale);
    else if (a->kind == GS_ANNOT_HLINE)
      range_add(&py, a->y, p->yscale);
    else if (a->kind == GS_ANNOT_POINT) {
      range_add(&px, a->x, p->xscale);
      range_add(&py, a->y, p->yscale);
    }
  }
  if (zero_y && p->yscale == GS_SCALE_LINEAR) range_add(&py, 0, p->yscale);

  /* Fields fix both axes (points outside a landscape are clipped). Otherwise the tight x range
   * of histograms and bars, widened by points, which also get margins. */
  gboolean has_field = FALSE;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayerKind kind = ((GsLayer *) p->layers->pdata[k])->kind;
    has_field |= kind == GS_LAYER_HEATMAP || kind == GS_LAYER_CONTOUR;
  }
  Range ux = fx;
  if (!has_field && range_ok(&px)) {
    ux.lo = MIN(ux.lo, px.lo);
    ux.hi = MAX(ux.hi, px.hi);
  }
  Range *rx = has_field ? &fx : &ux;
  Range *ry = has_field ? &fy : &py;
  gboolean margin_x = !has_field && !range_ok(&fx), margin_y = !has_field;
  Range xs = *rx, ys = *ry;
  if (!range_ok(&xs))
    xs = (Range){p->xscale == GS_SCALE_LOG ? 1 : 0, p->xscale == GS_SCALE_LOG ? 10 : 1};
  if (!range_ok(&ys))
    ys = (Range){p->yscale == GS_SCALE_LOG ? 1 : 0, p->yscale == GS_SCALE_LOG ? 10 : 1};
  if (xs.hi == xs.lo) {
    double d = xs.lo != 0 ? fabs(xs.lo) * 0.1 : 0.5;
    xs.lo -= d, xs.hi += d;
  }
  if (ys.hi == ys.lo) {
    double d = ys.lo != 0 ? fabs(ys.lo) * 0.1 : 0.5;
    ys.lo -= d, ys.hi += d;
  }
  if (margin_x) {
    if (p->xscale == GS_SCALE_LOG) {
      double f = pow(xs.hi / xs.lo, 0.04);
      xs.lo /= f, xs.hi *= f;
    } else {
      double m = 0.04 * (xs.hi - xs.lo);
      xs.lo -= m, xs.hi += m;
    }
  }
  if (margin_y) {
    if (p->yscale == GS_SCALE_LOG) {
      double f = pow(ys.hi / ys.lo, 0.05);
      ys.lo /= f, ys.hi *= f;
    } else {
      double m = 0.05 * (ys.hi - ys.lo);
      /* Bars and histograms sit on the axis: no margin below zero. */
      ys.lo = zero_y && ys.lo >= 0 ? ys.lo : ys.lo - m;
      ys.hi += m;
    }
  }
  *x0 = xs.lo, *x1 = xs.hi, *y0 = ys.lo, *y1 = ys.hi;
}

/* ---- colorbars ---- */

gboolean gs_layer_has_colorbar(const GsLayer *l)
{
  return l->colorbar &&
         (l->kind == GS_LAYER_HEATMAP || l->kind == GS_LAYER_CONTOUR ||
          l->kind == GS_LAYER_SURFACE || (l->kind == GS_LAYER_SCATTER && l->values) ||
          l->kind == GS_LAYER_POINTS3D || (l->kind == GS_LAYER_QUIVER && l->cmap_set));
}

typedef struct {
  double bar_w, tick_len, label_w;
} ColorbarMetrics;

static void colorbar_ticks(GsRenderCtx *rc, const GsLayer *l, double height, GsTicks *t)
{
  int max_ticks = CLAMP((int) (height / (2.6 * rc->f_tick.size)), 2, 9);
  gs_ticks_linear(t, l->norm.vmin, l->norm.vmax, max_ticks);
}

double gs_colorbar_width(GsRenderCtx *rc, const GsLayer *l, double height)
{
  GsTicks t;
  colorbar_ticks(rc, l, height, &t);
  double w = 0;
  for (int i = 0; i < t.n; i++) w = MAX(w, gs_text_width(rc, t.label[i], &rc->f_tick));
  double total = 0.9 * rc->font + 0.95 * rc->font + 3.5 * rc->s + 0.3 * rc->font + w;
  if (l->colorbar_label && *l->colorbar_label)
    total += 0.45 * rc->font + gs_text_height(rc, &rc->f_label);
  return total;
}

/* The colour of value v in layer l's colormap (through its norm). */
static GsColor layer_value_color(const GsLayer *l, double v)
{
  GsColor c = gs_colormap_eval(l->cmap, gs_norm_apply(&l->norm, v));
  return c;
}

void gs_draw_colorbar(GsRenderCtx *rc, GsPanel *p, const GsLayer *l, double x, double y, double h)
{
  double bw = 0.95 * rc->font;
  const GsNorm *n = &l->norm;
  if (l->kind == GS_LAYER_CONTOUR && l->filled) {
    /* Discrete bands, as drawn. */
    GsPath path;
    gs_path_init(&path);
    for (int k = 0; k <= l->n_levels; k++) {
      double lo = k == 0 ? n->vmin : l->levels[k - 1];
      double hi = k == l->n_levels ? n->vmax : l->levels[k];
      lo = CLAMP(lo, n->vmin, n->vmax), hi = CLAMP(hi, n->vmin, n->vmax);
      if (hi <= lo) continue;
      double y0 = y + h * (n->vmax - hi) / (n->vmax - n->vmin);
      double y1 = y + h * (n->vmax - lo) / (n->vmax - n->vmin);
      gs_path_clear(&path);
      gs_path_rect(&path, x, y0, bw, y1 - y0);
      rc->canvas->klass->fill(rc->canvas, &path, layer_value_color(l, 0.5 * (lo + hi)));
    }
    gs_path_free_data(&path);
  } else {
    int rows = 256;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, rows);
    guint8 *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int r = 0; r < rows; r++) {
      double v = n->vmax - (n->vmax - n->vmin) * (r + 0.5) / rows;
      GsColor c = layer_value_color(l, v);
      *(guint32 *) (data + r * stride) = 0xff000000u | ((guint32) lround(c.r * 255) << 16) |
                                         ((guint32) lround(c.g * 255) << 8) |
                                         (guint32) lround(c.b * 255);
    }
    cairo_surface_mark_dirty(img);
    rc->canvas->klass->image(rc->canvas, img, x, y, bw, h, FALSE);
    cairo_surface_destroy(img);
  }
  GsPath path;
  gs_path_init(&path);
  /* Contour levels of the panel marked across the bar; the emphasised one bold. */
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *c = p->layers->pdata[k];
    if (c->kind != GS_LAYER_CONTOUR || (c == l && l->filled)) continue;
    for (int i = 0; i < c->n_levels; i++) {
      double v = c->levels[i];
      if (v < n->vmin || v > n->vmax) continue;
      double yy = y + h * (n->vmax - v) / (n->vmax - n->vmin);
      gboolean emph = c->has_emphasis && v == c->emphasis_level;
      gs_path_clear(&path);
      gs_path_move_to(&path, x, yy);
      gs_path_line_to(&path, x + bw, yy);
      /* Marks on the coloured bar: dark with a light halo in every theme, as on the field. */
      GsStroke st = {emph ? 2.0 * rc->s : 0.8 * rc->s, (GsColor){0.1, 0.1, 0.1, 0.8}, GS_DASH_SOLID,
                     0, FALSE};
      if (emph) {
        GsStroke halo = st;
        halo.width += 1.5 * rc->s;
        halo.color = (GsColor){1, 1, 1, 0.6};
        rc->canvas->klass->stroke(rc->canvas, &path, &halo);
      }
      rc->canvas->klass->stroke(rc->canvas, &path, &st);
    }
  }
  gs_path_clear(&path);
  gs_path_rect(&path, x, y, bw, h);
  GsStroke frame = {0.6 * rc->s, rc->theme->ink_soft, GS_DASH_SOLID, 0, FALSE};
  rc->canvas->klass->stroke(rc->canvas, &path, &frame);

  GsTicks t;
  colorbar_ticks(rc, l, h, &t);
  double tick = 3.5 * rc->s, label_w = 0;
  gs_path_clear(&path);
  for (int i = 0; i < t.n; i++) {
    double yy = y + h * (n->vmax - t.value[i]) / (n->vmax - n->vmin);
    gs_path_move_to(&path, x + bw, yy);
    gs_path_line_to(&path, x + bw + tick, yy);
    gs_draw_text(rc, t.label[i], x + bw + tick + 0.3 * rc->font, yy, 0, 0.5, 0, &rc->f_tick,
                 rc->theme->ink);
    label_w = MAX(label_w, gs_text_width(rc, t.label[i], &rc->f_tick));
  }
  GsStroke ts = {0.6 * rc->s, rc->theme->ink_soft, GS_DASH_SOLID, 0, FALSE};
  rc->canvas->klass->stroke(rc->canvas, &path, &ts);
  gs_path_free_data(&path);
  if (l->colorbar_label && *l->colorbar_label) {
    double lx = x + bw + tick + 0.3 * rc->font + label_w + 0.45 * rc->font;
    gs_draw_text(rc, l->colorbar_label, lx, y + h / 2, 0.5, 0, 90, &rc->f_label, rc->theme->ink);
  }
}

/* ---- legends ---- */

typedef enum { SWATCH_LINE, SWATCH_MARKER, SWATCH_BOX, SWATCH_ARROW } SwatchKind;

typedef struct {
  const char *text;
  SwatchKind kind;
  GsColor color;
  GsDash dash;
  GsMarker marker;
  double width;
  gboolean halo;
} LegendEntry;

static int layer_color_slot(GsPanel *p, const GsLayer *target)
{
  int slot = 0;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (l == target) return slot;
    if (l->kind == GS_LAYER_LINE || l->kind == GS_LAYER_SCATTER || l->kind == GS_LAYER_HISTOGRAM ||
        l->kind == GS_LAYER_BARS || l->kind == GS_LAYER_POINTS3D)
      slot++;
  }
  return slot;
}

static GArray *legend_entries(GsRenderCtx *rc, GsPanel *p)
{
  GArray *entries = g_array_new(FALSE, TRUE, sizeof(LegendEntry));
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    GsColor c = gs_layer_effective_color(l, layer_color_slot(p, l), rc->theme);
    LegendEntry e = {
        l->label, SWATCH_LINE, c, l->dash, l->marker, gs_layer_effective_width(l, rc->s), FALSE};
    switch (l->kind) {
    case GS_LAYER_LINE:
      break;
    case GS_LAYER_SCATTER:
    case GS_LAYER_POINTS3D:
      e.kind = SWATCH_MARKER;
      if (l->values || l->kind == GS_LAYER_POINTS3D)
        e.color = l->values ? gs_colormap_eval(l->cmap, 0.75) : c;
      break;
    case GS_LAYER_QUIVER:
      e.kind = SWATCH_ARROW;
      break;
    case GS_LAYER_CONTOUR:
      e.color = rc->theme->contour;
      if (l->color_set) e.color = l->color;
      e.width = 0.8 * rc->s;
      if (l->has_emphasis && l->emphasis_label && *l->emphasis_label) {
        LegendEntry emph = {l->emphasis_label, SWATCH_LINE, e.color, GS_DASH_SOLID,
                            GS_MARKER_NONE,    2.0 * rc->s, TRUE};
        g_array_append_val(entries, emph);
      }
      e.marker = GS_MARKER_NONE;
      break;
    default:
      e.kind = SWATCH_BOX;
      if (l->kind == GS_LAYER_HEATMAP || l->kind == GS_LAYER_SURFACE)
        e.color = gs_colormap_eval(l->cmap, 0.75);
    }
    if (e.text && *e.text) g_array_append_val(entries, e);
  }
  return entries;
}

typedef struct {
  double w, h, row_h, swatch_w, pad;
} LegendMetrics;

static LegendMetrics legend_metrics(GsRenderCtx *rc, GArray *entries)
{
  LegendMetrics m;
  m.pad = 0.45 * rc->font;
  m.row_h = 1.25 * gs_text_height(rc, &rc->f_tick);
  m.swatch_w = 2.0 * rc->font;
  double tw = 0;
  for (guint i = 0; i < entries->len; i++)
    tw = MAX(tw, gs_text_width(rc, g_array_index(entries, LegendEntry, i).text, &rc->f_tick));
  m.w = 2 * m.pad + m.swatch_w + 0.5 * rc->font + tw;
  m.h = 2 * m.pad + entries->len * m.row_h - (m.row_h - gs_text_height(rc, &rc->f_tick));
  return m;
}

static void draw_legend(GsRenderCtx *rc, GArray *entries, const LegendMetrics *m, double x,
                        double y)
{
  GsPath path;
  gs_path_init(&path);
  gs_path_rect(&path, x, y, m->w, m->h);
  rc->canvas->klass->fill(rc->canvas, &path, rc->theme->legend_bg);
  GsStroke frame = {0.5 * rc->s, gs_color_with_alpha(rc->theme->ink_soft, 0.5), GS_DASH_SOLID, 0,
                    FALSE};
  rc->canvas->klass->stroke(rc->canvas, &path, &frame);
  double th = gs_text_height(rc, &rc->f_tick);
  for (guint i = 0; i < entries->len; i++) {
    LegendEntry *e = &g_array_index(entries, LegendEntry, i);
    double cy = y + m->pad + i * m->row_h + th / 2;
    double sx = x + m->pad, sw = m->swatch_w;
    gs_path_clear(&path);
    switch (e->kind) {
    case SWATCH_LINE: {
      gs_path_move_to(&path, sx, cy);
      gs_path_line_to(&path, sx + sw, cy);
      if (e->halo) {
        GsStroke halo = {e->width + 1.5 * rc->s, rc->theme->halo, GS_DASH_SOLID, 0, TRUE};
        rc->canvas->klass->stroke(rc->canvas, &path, &halo);
      }
      GsStroke st = {e->width, e->color, e->dash, e->width, TRUE};
      rc->canvas->klass->stroke(rc->canvas, &path, &st);
      if (e->marker != GS_MARKER_NONE)
        gs_draw_marker(rc, e->marker, sx + sw / 2, cy, 5.5 * rc->s, e->color, TRUE);
      break;
    }
    case SWATCH_MARKER:
      gs_draw_marker(rc, e->marker, sx + sw / 2, cy, 5.5 * rc->s, e->color, TRUE);
      break;
    case SWATCH_ARROW:
      gs_draw_arrow(rc, sx, cy, sx + sw, cy, 0.9 * rc->s, 5 * rc->s, e->color);
      break;
    case SWATCH_BOX:
      gs_path_rect(&path, sx + 0.2 * sw, cy - 0.32 * th, 0.6 * sw, 0.64 * th);
      rc->canvas->klass->fill(rc->canvas, &path, e->color);
      break;
    }
    gs_draw_text(rc, e->text, sx + sw + 0.5 * rc->font, cy, 0, 0.5, 0, &rc->f_tick, rc->theme->ink);
  }
  gs_path_free_data(&path);
}

gboolean gs_panel_legend_size(GsRenderCtx *rc, GsPanel *p, double *w, double *h)
{
  if (p->legend == GS_LEGEND_NONE) return FALSE;
  GArray *entries = legend_entries(rc, p);
  gboolean any = entries->len > 0;
  if (any) {
    LegendMetrics m = legend_metrics(rc, entries);
    *w = m.w, *h = m.h;
  }
  g_array_free(entries, TRUE);
  return any;
}

void gs_panel_draw_legend_at(GsRenderCtx *rc, GsPanel *p, double x, double y)
{
  GArray *entries = legend_entries(rc, p);
  LegendMetrics m = legend_metrics(rc, entries);
  if (entries->len) draw_legend(rc, entries, &m, x, y);
  g_array_free(entries, TRUE);
}

/* How much data a legend box at (x, y, w, h) would hide. */
static double overlap_area(double ax, double ay, double aw, double ah, double bx, double by,
                           double bw, double bh)
{
  double w = MIN(ax + aw, bx + bw) - MAX(ax, bx), h = MIN(ay + ah, by + bh) - MAX(ay, by);
  return w > 0 && h > 0 ? w * h : 0;
}

static double legend_cost(GsPanel *p, const GsPanelLayout *pl, double x, double y, double w,
                          double h)
{
  double cost = 0;
  /* Bars and histograms: the hidden area, one point per 10 pt². */
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    double base = gs_layout_y(pl, pl->yscale == GS_SCALE_LOG ? pl->y0 : 0);
    if (l->kind == GS_LAYER_HISTOGRAM)
      for (int b = 0; b < l->bins; b++) {
        double bw = l->edges[b + 1] - l->edges[b];
        double v = l->density && l->n_samples ? l->counts[b] / (l->n_samples * bw) : l->counts[b];
        double X0 = gs_layout_x(pl, l->edges[b]), X1 = gs_layout_x(pl, l->edges[b + 1]);
        double Y = gs_layout_y(pl, v);
        if (isfinite(Y))
          cost += overlap_area(x, y, w, h, X0, MIN(Y, base), X1 - X0, fabs(base - Y)) / 10;
      }
    if (l->kind == GS_LAYER_BARS)
      for (int i = 0; i < l->n; i++) {
        double X0 = gs_layout_x(pl, i - 0.4), X1 = gs_layout_x(pl, i + 0.4);
        double Y = gs_layout_y(pl, l->y[i]);
        if (isfinite(Y))
          cost += overlap_area(x, y, w, h, X0, MIN(Y, base), X1 - X0, fabs(base - Y)) / 10;
      }
    if (l->kind == GS_LAYER_CONTOUR && l->contour_lines) {
      /* Contour lines matter, the emphasised level most. */
      for (int lv = 0; lv < l->n_levels; lv++) {
        GPtrArray *lines = l->contour_lines[lv];
        double weight = l->has_emphasis && l->levels[lv] == l->emphasis_level ? 4 : 1;
        for (guint q = 0; lines && q < lines->len; q++) {
          GsPolyline *poly = lines->pdata[q];
          for (int v = 0; v < poly->n_points; v++) {
            double X = gs_layout_x(pl, l->x0 + poly->xy[2 * v] * (l->x1 - l->x0) / (l->nx - 1));
            double Y = gs_layout_y(pl, l->y0 + poly->xy[2 * v + 1] * (l->y1 - l->y0) / (l->ny - 1));
            if (X >= x && X <= x + w && Y >= y && Y <= y + h) cost += weight;
          }
        }
      }
    }
  }
  /* Marker lines and their labels. */
  for (guint k = 0; k < p->annotations->len; k++) {
    GsAnnotation *a = p->annotations->pdata[k];
    double X = gs_layout_x(pl, a->x), Y = gs_layout_y(pl, a->y);
    /* Marker lines hidden under the box (their labels move out of its way). */
    if (a->kind == GS_ANNOT_VLINE && X >= x && X <= x + w) cost += 5;
    if (a->kind == GS_ANNOT_HLINE && Y >= y && Y <= y + h) cost += 5;
    if ((a->kind == GS_ANNOT_POINT || a->kind == GS_ANNOT_TEXT) && X >= x - 40 && X <= x + w + 40 &&
        Y >= y - 20 && Y <= y + h + 20)
      cost += 50;
  }
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (l->kind != GS_LAYER_LINE && l->kind != GS_LAYER_SCATTER && l->kind != GS_LAYER_QUIVER)
      continue;
    int stride = MAX(1, l->n / 400);
    for (int i = 0; i < l->n; i += stride) {
      double sx = gs_layout_x(pl, l->x[i]), sy = gs_layout_y(pl, l->y[i]);
      if (sx >= x && sx <= x + w && sy >= y && sy <= y + h) cost += stride;
    }
    if (l->kind == GS_LAYER_LINE && l->n > 1) {
      /* Lines crossing the box between far-apart samples. */
      for (int i = 0; i + 1 < l->n; i += stride) {
        double mx = gs_layout_x(pl, 0.5 * (l->x[i] + l->x[MIN(i + stride, l->n - 1)]));
        double my = gs_layout_y(pl, 0.5 * (l->y[i] + l->y[MIN(i + stride, l->n - 1)]));
        if (mx >= x && mx <= x + w && my >= y && my <= y + h) cost += 0.5 * stride;
      }
    }
  }
  return cost;
}

static void place_legend(GsPanel *p, const GsPanelLayout *pl, const LegendMetrics *m,
                         GsLegendPosition where, double margin, double *x, double *y)
{
  double left = pl->px + margin, right = pl->px + pl->pw - margin - m->w;
  double top = pl->py + margin, bottom = pl->py + pl->ph - margin - m->h;
  double mid_y = pl->py + (pl->ph - m->h) / 2, mid_x = pl->px + (pl->pw - m->w) / 2;
  double cand[8][2] = {{right, top},   {left, top},   {left, bottom}, {right, bottom},
                       {right, mid_y}, {left, mid_y}, {mid_x, top},   {mid_x, bottom}};
  int pick = 0;
  switch (where) {
  case GS_LEGEND_UPPER_LEFT:
    pick = 1;
    break;
  case GS_LEGEND_LOWER_LEFT:
    pick = 2;
    break;
  case GS_LEGEND_LOWER_RIGHT:
    pick = 3;
    break;
  case GS_LEGEND_BEST: {
    double best = INFINITY;
    for (int c = 0; c < 8; c++) {
      /* Corners first: a legend in the middle of an edge reads as part of the data. */
      double cost = legend_cost(p, pl, cand[c][0], cand[c][1], m->w, m->h) + (c >= 4 ? 3 : 0);
      if (cost < best - 1e-9) {
        best = cost;
        pick = c;
      }
    }
    break;
  }
  default:
    break;
  }
  *x = cand[pick][0];
  *y = cand[pick][1];
}

/* ---- annotations ---- */

typedef struct {
  double x0, y0, x1, y1;
} Box;

static gboolean boxes_overlap(const Box *a, const Box *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* lines_pass: the lines and markers (inside the plot's clip); else the labels, which step
 * down out of the way of each other and of `obstacle` (the legend) when they would collide. */
static void draw_annotations(GsRenderCtx *rc, GsPanel *p, const GsPanelLayout *pl,
                             gboolean lines_pass, const Box *obstacle)
{
  GArray *placed = g_array_new(FALSE, FALSE, sizeof(Box));
  if (obstacle) g_array_append_val(placed, *obstacle);
  GsPath path;
  gs_path_init(&path);
  double th = gs_text_height(rc, &rc->f_small);
  for (guint k = 0; k < p->annotations->len; k++) {
    GsAnnotation *a = p->annotations->pdata[k];
    GsColor color = a->color_set ? a->color : rc->theme->ink;
    GsColor line_color = a->color_set ? a->color : rc->theme->ink_soft;
    double X = gs_layout_x(pl, a->x), Y = gs_layout_y(pl, a->y);
    switch (a->kind) {
    case GS_ANNOT_VLINE: {
      if (!(X >= pl->px - 0.01 && X <= pl->px + pl->pw + 0.01)) break;
      if (lines_pass) {
        gs_path_clear(&path);
        gs_path_move_to(&path, X, pl->py);
        gs_path_line_to(&path, X, pl->py + pl->ph);
        GsStroke st = {1.0 * rc->s, line_color, GS_DASH_DASHED, 1.0 * rc->s, TRUE};
        rc->canvas->klass->stroke(rc->canvas, &path, &st);
        break;
      }
      if (!a->text || !*a->text) break;
      double w = gs_text_width(rc, a->text, &rc->f_small), gap = 0.3 * rc->font;
      double halign = 0, tx = X + gap;
      if (tx + w > pl->px + pl->pw - gap) {
        halign = 1;
        tx = X - gap;
      }
      double ty = pl->py + gap;
      Box b;
      for (int tries = 0; tries < 40 && ty + th < pl->py + pl->ph; tries++) {
        b = (Box){tx - halign * w, ty, tx - halign * w + w, ty + th};
        gboolean clash = FALSE;
        for (guint i = 0; i < placed->len; i++)
          clash |= boxes_overlap(&b, &g_array_index(placed, Box, i));
        if (!clash) break;
        ty += th * 0.5;
      }
      g_array_append_val(placed, b);
      gs_path_clear(&path);
      gs_path_rect(&path, b.x0 - 1.5 * rc->s, b.y0, b.x1 - b.x0 + 3 * rc->s, th);
      rc->canvas->klass->fill(rc->canvas, &path, rc->theme->legend_bg);
      gs_draw_text(rc, a->text, tx, ty, halign, 0, 0, &rc->f_small, color);
      break;
    }
    case GS_ANNOT_HLINE: {
      if (!(Y >= pl->py - 0.01 && Y <= pl->py + pl->ph + 0.01)) break;
      if (lines_pass) {
        gs_path_clear(&path);
        gs_path_move_to(&path, pl->px, Y);
        gs_path_line_to(&path, pl->px + pl->pw, Y);
        GsStroke st = {1.0 * rc->s, line_color, GS_DASH_DASHED, 1.0 * rc->s, TRUE};
        rc->canvas->klass->stroke(rc->canvas, &path, &st);
      } else if (a->text) {
        gs_draw_text(rc, a->text, pl->px + pl->pw - 0.3 * rc->font, Y - 0.2 * rc->font, 1, 1, 0,
                     &rc->f_small, color);
      }
      break;
    }
    case GS_ANNOT_TEXT:
      if (!lines_pass) gs_draw_text(rc, a->text, X, Y, a->halign, a->valign, 0, &rc->f_tick, color);
      break;
    case GS_ANNOT_ARROW: {
      double X1 = gs_layout_x(pl, a->to_x), Y1 = gs_layout_y(pl, a->to_y);
      if (lines_pass) {
        /* Start at the edge of the text's box, so the arrow never crosses its label. */
        double w = a->text ? gs_text_width(rc, a->text, &rc->f_tick) : 0;
        double h = gs_text_height(rc, &rc->f_tick);
        double cx = X + (0.5 - a->halign) * w, cy = Y + (0.5 - a->valign) * h;
        double dx = X1 - cx, dy = Y1 - cy;
        double len = hypot(dx, dy);
        if (len < 1e-6) break;
        double hw = w / 2 + 0.3 * rc->font, hh = h / 2 + 0.2 * rc->font;
        double t =
            MIN(fabs(dx) > 0 ? hw / fabs(dx) : INFINITY, fabs(dy) > 0 ? hh / fabs(dy) : INFINITY);
        t = a->text && *a->text ? MIN(t, 0.9) : 0;
        gs_draw_arrow(rc, cx + t * dx, cy + t * dy, X1, Y1, 1.0 * rc->s, 6 * rc->s, color);
      } else {
        gs_draw_text(rc, a->text, X, Y, a->halign, a->valign, 0, &rc->f_tick, color);
      }
      break;
    }
    case GS_ANNOT_POINT:
      if (lines_pass) {
        gs_draw_marker(rc, a->marker != GS_MARKER_NONE ? a->marker : GS_MARKER_STAR, X, Y,
                       9 * rc->s, a->color_set ? a->color : rc->theme->ink, TRUE);
      } else if (a->text) {
        double gap = 0.55 * rc->font;
        double w = gs_text_width(rc, a->text, &rc->f_small);
        gboolean left = X + gap + w > pl->px + pl->pw;
        double tx = left ? X - gap - w : X + gap, ty = Y - 0.3 * rc->font - th;
        gs_path_clear(&path);
        gs_path_rect(&path, tx - 1.5 * rc->s, ty, w + 3 * rc->s, th);
        rc->canvas->klass->fill(rc->canvas, &path, rc->theme->legend_bg);
        gs_draw_text(rc, a->text, tx, ty, 0, 0, 0, &rc->f_small, color);
      }
      break;
    }
  }
  gs_path_free_data(&path);
  g_array_free(placed, TRUE);
}

/* ---- 2-D panels ---- */

typedef struct {
  GsTicks x, y;
  gboolean x_categories, x_rotated;
  char **categories;
  int n_categories;
  double ytick_w, xtick_h;
  double cb_w;     /* all colorbars */
  double legend_w; /* outside legend */
  GArray *legend;  /* LegendEntry */
  LegendMetrics lm;
} AxisPlan;

static void plan_x_ticks(GsRenderCtx *rc, GsPanel *p, GsPanelLayout *pl, AxisPlan *ap)
{
  if (ap->x_categories) {
    GsTicks *t = &ap->x;
    memset(t, 0, sizeof *t);
    double wmax = 0;
    for (int i = 0; i < ap->n_categories && t->n < GS_TICKS_MAX; i++) {
      t->value[t->n] = i;
      g_strlcpy(t->label[t->n], ap->categories ? ap->categories[i] : "", GS_TICK_LABEL_MAX);
      wmax = MAX(wmax, gs_text_width(rc, t->label[t->n], &rc->f_tick));
      t->n++;
    }
    double slot = pl->pw / MAX(1, ap->n_categories);
    ap->x_rotated = wmax > 0.92 * slot;
    ap->xtick_h = ap->x_rotated ? wmax * 0.71 + gs_text_height(rc, &rc->f_tick) * 0.71
                                : gs_text_height(rc, &rc->f_tick);
    return;
  }
  int max_ticks = CLAMP((int) (pl->pw / (3.2 * rc->f_tick.size)), 2, 10);
  for (int attempt = 0; attempt < 8; attempt++) {
    if (p->xscale == GS_SCALE_LOG)
      gs_ticks_log(&ap->x, pl->x0, pl->x1, max_ticks);
    else if (p->xinteger)
      gs_ticks_integer(&ap->x, pl->x0, pl->x1, max_ticks);
    else
      gs_ticks_linear(&ap->x, pl->x0, pl->x1, max_ticks);
    double need = 0;
    for (int i = 0; i < ap->x.n; i++)
      need += gs_text_width(rc, ap->x.label[i], &rc->f_tick) + 1.0 * rc->f_tick.size;
    if (need <= pl->pw || max_ticks <= 2) break;
    max_ticks--;
  }
  ap->xtick_h = gs_text_height(rc, &rc->f_tick);
}

static void plan_y_ticks(GsRenderCtx *rc, GsPanel *p, GsPanelLayout *pl, AxisPlan *ap)
{
  int max_ticks = CLAMP((int) (pl->ph / (2.6 * rc->f_tick.size)), 2, 10);
  if (p->yscale == GS_SCALE_LOG)
    gs_ticks_log(&ap->y, pl->y0, pl->y1, max_ticks);
  else
    gs_ticks_linear(&ap->y, pl->y0, pl->y1, max_ticks);
  ap->ytick_w = 0;
  for (int i = 0; i < ap->y.n; i++)
    ap->ytick_w = MAX(ap->ytick_w, gs_text_width(rc, ap->y.label[i], &rc->f_tick));
}

static void layout_panel_2d(GsRenderCtx *rc, GsPanel *p, GsPanelLayout *pl, const GsPanelView *view,
                            AxisPlan *ap)
{
  double font = rc->font, pad = 0.5 * font, tick = 3.5 * rc->s;
  data_limits(p, &pl->x0, &pl->x1, &pl->y0, &pl->y1);
  if (!isnan(p->xlim[0])) pl->x0 = p->xlim[0];
  if (!isnan(p->xlim[1])) pl->x1 = p->xlim[1];
  if (!isnan(p->ylim[0])) pl->y0 = p->ylim[0];
  if (!isnan(p->ylim[1])) pl->y1 = p->ylim[1];
  if (view) {
    if (!isnan(view->x0) && !isnan(view->x1)) pl->x0 = view->x0, pl->x1 = view->x1;
    if (!isnan(view->y0) && !isnan(view->y1)) pl->y0 = view->y0, pl->y1 = view->y1;
  }
  if (p->xscale == GS_SCALE_LOG && !(pl->x0 > 0 && pl->x1 > 0)) pl->x0 = 1, pl->x1 = 10;
  if (p->yscale == GS_SCALE_LOG && !(pl->y0 > 0 && pl->y1 > 0)) pl->y0 = 1, pl->y1 = 10;
  if (pl->x0 == pl->x1) pl->x1 = pl->x0 + 1;
  if (pl->y0 == pl->y1) pl->y1 = pl->y0 + 1;
  pl->xscale = p->xscale;
  pl->yscale = p->yscale;

  ap->n_categories = n_categories(p, &ap->categories);
  ap->x_categories = ap->n_categories > 0;
  gboolean axes = p->axes_visible;
  double th_tick = gs_text_height(rc, &rc->f_tick), th_label = gs_text_height(rc, &rc->f_label);
  double top = pad + (p->title && *p->title ? gs_text_height(rc, &rc->f_title) + 0.6 * pad : 0);
  double bottom = pad;
  double left = pad;
  if (axes && p->ylabel && *p->ylabel) left += th_label + 0.4 * font;
  if (axes && p->xlabel && *p->xlabel) bottom += th_label + 0.3 * font;

  /* Legend outside and colorbars take a strip on the right. */
  ap->legend = legend_entries(rc, p);
  ap->lm = legend_metrics(rc, ap->legend);
  ap->legend_w = p->legend == GS_LEGEND_OUTSIDE && ap->legend->len ? ap->lm.w + 0.6 * font : 0;
  double est_h = pl->ch - top - bottom - (axes ? th_tick + tick : 0);
  ap->cb_w = 0;
  for (guint k = 0; k < p->layers->len; k++)
    if (gs_layer_has_colorbar(p->layers->pdata[k]))
      ap->cb_w += gs_colorbar_width(rc, p->layers->pdata[k], MAX(est_h, 20));
  double right = pad + ap->cb_w + ap->legend_w;

  /* Two passes: y tick labels set the left margin, which sets the width for the x ticks. */
  pl->px = pl->cx + left;
  pl->py = pl->cy + top;
  pl->pw = pl->cw - left - right;
  pl->ph = pl->ch - top - bottom;
  for (int pass = 0; pass < 2; pass++) {
    double l_extra = 0, b_extra = 0, r_extra = 0;
    if (axes) {
      plan_y_ticks(rc, p, pl, ap);
      plan_x_ticks(rc, p, pl, ap);
      l_extra = ap->ytick_w + 0.3 * font + tick;
      b_extra = ap->xtick_h + 0.3 * font + tick;
      /* The last x label is centred on the right edge and may stick out. */
      if (ap->x.n > 0 && !ap->x_categories) {
        double last = gs_text_width(rc, ap->x.label[ap->x.n - 1], &rc->f_tick);
        double lx = gs_layout_x(pl, ap->x.value[ap->x.n - 1]);
        r_extra = MAX(0, lx + last / 2 - (pl->px + pl->pw) - (right - pad * 0.5));
      }
    }
    pl->px = pl->cx + left + l_extra;
    pl->py = pl->cy + top;
    pl->pw = MAX(10, pl->cw - left - l_extra - right - r_extra);
    pl->ph = MAX(10, pl->ch - top - bottom - b_extra);
  }
  /* An image grid hugs its tiles, so the title sits right above them. */
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    GsGridGeometry g;
    if (l->kind == GS_LAYER_IMAGE_GRID && !axes &&
        gs_image_grid_geometry(rc, l, pl->px, pl->py, pl->pw, pl->ph, &g)) {
      pl->px = g.x0, pl->py = g.y0, pl->pw = g.total_w, pl->ph = g.total_h;
      return;
    }
  }
  if (p->equal && p->xscale == GS_SCALE_LINEAR && p->yscale == GS_SCALE_LINEAR) {
    double sx = pl->pw / fabs(pl->x1 - pl->x0), sy = pl->ph / fabs(pl->y1 - pl->y0);
    if (sx > sy) {
      double w = pl->pw * sy / sx;
      pl->px += (pl->pw - w) / 2;
      pl->pw = w;
    } else {
      double h = pl->ph * sx / sy;
      pl->py += (pl->ph - h) / 2;
      pl->ph = h;
    }
    if (axes) {
      plan_y_ticks(rc, p, pl, ap);
      plan_x_ticks(rc, p, pl, ap);
    }
  }
}

static void draw_panel_2d(GsRenderCtx *rc, GsPanel *p, GsPanelLayout *pl, AxisPlan *ap)
{
  GsCanvas *cv = rc->canvas;
  double font = rc->font, tick = 3.5 * rc->s;
  gboolean axes = p->axes_visible;
  GsPath path;
  gs_path_init(&path);

  /* Grid under the data. */
  if (axes && p->grid) {
    for (int i = 0; i < ap->x.n; i++) {
      double X = gs_layout_x(pl, ap->x.value[i]);
      if (ap->x_categories) continue;
      gs_path_move_to(&path, X, pl->py);
      gs_path_line_to(&path, X, pl->py + pl->ph);
    }
    for (int i = 0; i < ap->y.n; i++) {
      double Y = gs_layout_y(pl, ap->y.value[i]);
      gs_path_move_to(&path, pl->px, Y);
      gs_path_line_to(&path, pl->px + pl->pw, Y);
    }
    GsStroke st = {0.6 * rc->s, rc->theme->grid, GS_DASH_SOLID, 0, FALSE};
    cv->klass->stroke(cv, &path, &st);
  }

  cv->klass->push_clip(cv, pl->px, pl->py, pl->pw, pl->ph);
  GPtrArray *placed = g_ptr_array_new_with_free_func(g_free);
  int n_bars = 0;
  for (guint k = 0; k < p->layers->len; k++)
    n_bars += ((GsLayer *) p->layers->pdata[k])->kind == GS_LAYER_BARS;
  int bar_slot = 0;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    char id[64];
    g_snprintf(id, sizeof id, "panel%d-layer%u-%s", p->index, k, gs_layer_kind_name(l->kind));
    cv->klass->begin_group(cv, id);
    if (l->kind == GS_LAYER_IMAGE_GRID)
      gs_draw_image_grid(rc, pl, l);
    else
      gs_draw_layer_2d(rc, pl, l, layer_color_slot(p, l), n_bars, bar_slot, placed);
    cv->klass->end_group(cv);
    bar_slot += l->kind == GS_LAYER_BARS;
  }
  g_ptr_array_unref(placed);
  draw_annotations(rc, p, pl, TRUE, NULL);
  cv->klass->pop_clip(cv);

  if (axes) {
    /* Spines and ticks. */
    gs_path_clear(&path);
    gs_path_rect(&path, pl->px, pl->py, pl->pw, pl->ph);
    GsStroke spine = {0.8 * rc->s, rc->theme->ink_soft, GS_DASH_SOLID, 0, FALSE};
    cv->klass->stroke(cv, &path, &spine);
    gs_path_clear(&path);
    double ybase = pl->py + pl->ph;
    for (int i = 0; i < ap->x.n; i++) {
      double X = gs_layout_x(pl, ap->x.value[i]);
      gs_path_move_to(&path, X, ybase);
      gs_path_line_to(&path, X, ybase + tick);
      if (ap->x_rotated)
        gs_draw_text(rc, ap->x.label[i], X + 0.3 * font, ybase + tick + 0.25 * font, 1, 0.5, 40,
                     &rc->f_tick, rc->theme->ink);
      else
        gs_draw_text(rc, ap->x.label[i], X, ybase + tick + 0.25 * font, 0.5, 0, 0, &rc->f_tick,
                     rc->theme->ink);
    }
    for (int i = 0; i < ap->y.n; i++) {
      double Y = gs_layout_y(pl, ap->y.value[i]);
      gs_path_move_to(&path, pl->px, Y);
      gs_path_line_to(&path, pl->px - tick, Y);
      gs_draw_text(rc, ap->y.label[i], pl->px - tick - 0.3 * font, Y, 1, 0.5, 0, &rc->f_tick,
                   rc->theme->ink);
    }
    GsStroke ts = {0.8 * rc->s, rc->theme->ink_soft, GS_DASH_SOLID, 0, FALSE};
    cv->klass->stroke(cv, &path, &ts);
    gs_path_clear(&path);
    for (int i = 0; i < ap->x.n_minor; i++) {
      double X = gs_layout_x(pl, ap->x.minor[i]);
      gs_path_move_to(&path, X, ybase);
      gs_path_line_to(&path, X, ybase + tick * 0.55);
    }
    for (int i = 0; i < ap->y.n_minor; i++) {
      double Y = gs_layout_y(pl, ap->y.minor[i]);
      gs_path_move_to(&path, pl->px, Y);
      gs_path_line_to(&path, pl->px - tick * 0.55, Y);
    }
    GsStroke ms = {0.6 * rc->s, rc->theme->ink_soft, GS_DASH_SOLID, 0, FALSE};
    cv->klass->stroke(cv, &path, &ms);

    if (p->xlabel && *p->xlabel)
      gs_draw_text(rc, p->xlabel, pl->px + pl->pw / 2,
                   ybase + tick + 0.25 * font + ap->xtick_h + 0.3 * font, 0.5, 0, 0, &rc->f_label,
                   rc->theme->ink);
    if (p->ylabel && *p->ylabel)
      gs_draw_text(rc, p->ylabel, pl->px - tick - 0.3 * font - ap->ytick_w - 0.4 * font,
                   pl->py + pl->ph / 2, 0.5, 1, 90, &rc->f_label, rc->theme->ink);
  }
  if (p->title && *p->title)
    gs_draw_text(rc, p->title, pl->px + pl->pw / 2, pl->py - 0.5 * font, 0.5, 1, 0, &rc->f_title,
                 rc->theme->ink);

  /* Colorbars, left to right in layer order. */
  double cbx = pl->px + pl->pw;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (!gs_layer_has_colorbar(l)) continue;
    double w = gs_colorbar_width(rc, l, pl->ph);
    gs_draw_colorbar(rc, p, l, cbx + 0.9 * font, pl->py, pl->ph);
    cbx += w;
  }

  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (l->kind == GS_LAYER_QUIVER && l->key) gs_draw_quiver_key(rc, pl, l);
  }
  gboolean legend = ap->legend->len > 0 && p->legend != GS_LEGEND_NONE;
  double lx = 0, ly = 0;
  if (legend) {
    if (p->legend == GS_LEGEND_OUTSIDE) {
      lx = cbx + 0.6 * font;
      ly = pl->py;
    } else {
      place_legend(p, pl, &ap->lm, p->legend, 0.5 * font, &lx, &ly);
    }
  }
  Box legend_box = {lx, ly, lx + ap->lm.w, ly + ap->lm.h};
  draw_annotations(rc, p, pl, FALSE, legend && p->legend != GS_LEGEND_OUTSIDE ? &legend_box : NULL);
  if (legend) draw_legend(rc, ap->legend, &ap->lm, lx, ly);
  gs_path_free_data(&path);
}

/* ---- the figure ---- */

static void panel_cell(GsFigure *fig, GsPanel *p, double x, double y, double w, double h,
                       GsPanelLayout *pl)
{
  double cw = w / fig->cols, ch = h / fig->rows;
  pl->cx = x + p->col * cw;
  pl->cy = y + p->row * ch;
  pl->cw = cw * p->colspan;
  pl->ch = ch * p->rowspan;
}

GsFigureLayout *gs_figure_draw(GsFigure *fig, GsCanvas *canvas, const GsRenderOptions *opts)
{
  gs_figure_prepare(fig);
  GsRenderCtx rc = {0};
  rc.canvas = canvas;
  rc.text = canvas->text;
  rc.theme = gs_theme_colors(opts->theme);
  rc.font = opts->font_size > 0 ? opts->font_size : 10;
  rc.s = rc.font / 10;
  const char *family = gs_text_engine_family(rc.text);
  rc.f_tick = (GsFont){family, 0.85 * rc.font, FALSE};
  rc.f_label = (GsFont){family, rc.font, FALSE};
  rc.f_title = (GsFont){family, 1.1 * rc.font, FALSE};
  rc.f_suptitle = (GsFont){family, 1.25 * rc.font, TRUE};
  rc.f_small = (GsFont){family, 0.75 * rc.font, FALSE};

  GsFigureLayout *layout = g_new0(GsFigureLayout, 1);
  g_atomic_ref_count_init(&layout->ref);
  layout->fig = gs_figure_ref(fig);
  layout->width = opts->width;
  layout->height = opts->height;
  layout->n_panels = (int) fig->panels->len;
  layout->panels = g_new0(GsPanelLayout, MAX(1, layout->n_panels));

  GsPath bg;
  gs_path_init(&bg);
  if (rc.theme->fill_background) {
    gs_path_rect(&bg, 0, 0, opts->width, opts->height);
    canvas->klass->fill(canvas, &bg, rc.theme->background);
  }
  gs_path_free_data(&bg);

  double top = 0;
  if (fig->title && *fig->title) {
    double h = gs_text_height(&rc, &rc.f_suptitle);
    gs_draw_text(&rc, fig->title, opts->width / 2, 0.5 * rc.font, 0.5, 0, 0, &rc.f_suptitle,
                 rc.theme->ink);
    top = 0.5 * rc.font + h;
  }
  for (guint i = 0; i < fig->panels->len; i++) {
    GsPanel *p = fig->panels->pdata[i];
    GsPanelLayout *pl = &layout->panels[i];
    const GsPanelView *view = opts->views && (int) i < opts->n_views ? &opts->views[i] : NULL;
    pl->index = (int) i;
    pl->is3d = p->is3d;
    pl->axes_visible = p->axes_visible;
    panel_cell(fig, p, 0, top, opts->width, opts->height - top, pl);
    char id[32];
    g_snprintf(id, sizeof id, "panel%u", i);
    canvas->klass->begin_group(canvas, id);
    if (p->is3d) {
      gs_panel3d_layout(&rc, p, pl, view);
      gs_panel3d_draw(&rc, p, pl);
    } else {
      AxisPlan ap;
      memset(&ap, 0, sizeof ap);
      layout_panel_2d(&rc, p, pl, view, &ap);
      draw_panel_2d(&rc, p, pl, &ap);
      g_array_free(ap.legend, TRUE);
    }
    canvas->klass->end_group(canvas);
  }
  return layout;
}

GsFigureLayout *gs_figure_render(GsFigure *fig, cairo_t *cr, const GsRenderOptions *opts)
{
  g_return_val_if_fail(fig && cr && opts, NULL);
  GsTextEngine *text = gs_text_engine_new(opts->font_family);
  GsCanvas *canvas = gs_canvas_new_cairo(cr, text);
  GsFigureLayout *layout = gs_figure_draw(fig, canvas, opts);
  gs_canvas_free(canvas);
  gs_text_engine_free(text);
  return layout;
}

cairo_surface_t *gs_figure_render_image(GsFigure *fig, const GsRenderOptions *opts,
                                        double px_per_pt, GsFigureLayout **layout_out)
{
  g_return_val_if_fail(fig && opts && px_per_pt > 0, NULL);
  int w = MAX(1, (int) ceil(opts->width * px_per_pt - 1e-6));
  int h = MAX(1, (int) ceil(opts->height * px_per_pt - 1e-6));
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create(surface);
  cairo_scale(cr, px_per_pt, px_per_pt);
  GsFigureLayout *layout = gs_figure_render(fig, cr, opts);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  if (layout_out)
    *layout_out = layout;
  else
    gs_figure_layout_unref(layout);
  return surface;
}
