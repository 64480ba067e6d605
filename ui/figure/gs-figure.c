/* gs-figure.c — building figures: panels, layers, annotations; and the caches made once. */
#include "gs-contour.h"
#include "gs-figure-impl.h"

#include <math.h>
#include <string.h>

static gboolean refuse_sealed(const GsFigure *fig, const char *func)
{
  if (g_atomic_int_get(&fig->sealed)) {
    g_critical("%s: the figure is sealed (it was rendered, exported or shown) and can no longer "
               "change; build a new one",
               func);
    return TRUE;
  }
  return FALSE;
}

#define OPEN_OR_RETURN(fig, ...)                                                                   \
  do {                                                                                             \
    if (refuse_sealed((fig), G_STRFUNC)) return __VA_ARGS__;                                       \
  } while (0)

static double *dup_doubles(const double *src, int n)
{
  return src ? g_memdup2(src, sizeof(double) * (gsize) n) : NULL;
}

const char *gs_layer_kind_name(GsLayerKind kind)
{
  static const char *const names[] = {"line",      "scatter", "heatmap",    "contour", "quiver",
                                      "histogram", "bars",    "image-grid", "surface", "points3d"};
  return kind < G_N_ELEMENTS(names) ? names[kind] : "unknown";
}

/* ---- figure ---- */

static void panel_free(gpointer data);

GsFigure *gs_figure_new(int rows, int cols)
{
  g_return_val_if_fail(rows >= 1 && cols >= 1, NULL);
  GsFigure *fig = g_new0(GsFigure, 1);
  g_atomic_ref_count_init(&fig->ref);
  fig->rows = rows;
  fig->cols = cols;
  fig->panels = g_ptr_array_new_with_free_func(panel_free);
  g_mutex_init(&fig->prepare_lock);
  return fig;
}

GsFigure *gs_figure_ref(GsFigure *fig)
{
  g_return_val_if_fail(fig != NULL, NULL);
  g_atomic_ref_count_inc(&fig->ref);
  return fig;
}

static void tile_free(gpointer data)
{
  GsTile *t = data;
  g_free(t->pixels);
  g_free(t->caption);
  if (t->image) cairo_surface_destroy(t->image);
  g_free(t);
}

static void region_clear(GsRegion *r)
{
  if (r->xy) g_array_free(r->xy, TRUE);
  if (r->sizes) g_array_free(r->sizes, TRUE);
}

static void layer_free(gpointer data)
{
  GsLayer *l = data;
  g_free(l->label);
  g_free(l->colorbar_label);
  g_free(l->gradient_label);
  g_free(l->x);
  g_free(l->y);
  g_free(l->z);
  g_free(l->u);
  g_free(l->v);
  g_free(l->band_lo);
  g_free(l->band_hi);
  g_free(l->values);
  g_free(l->sizes);
  g_free(l->field);
  g_free(l->emphasis_label);
  g_free(l->key_label);
  g_free(l->edges);
  g_free(l->counts);
  g_strfreev(l->categories);
  g_free(l->errors);
  if (l->tiles) g_ptr_array_unref(l->tiles);
  if (l->image) cairo_surface_destroy(l->image);
  if (l->contour_lines) {
    for (int k = 0; k < l->n_levels; k++)
      if (l->contour_lines[k]) g_ptr_array_unref(l->contour_lines[k]);
    g_free(l->contour_lines);
  }
  if (l->regions) {
    for (int k = 0; k <= l->n_levels; k++) region_clear(&l->regions[k]);
    g_free(l->regions);
  }
  g_free(l->levels);
  g_free(l);
}

static void annotation_free(gpointer data)
{
  GsAnnotation *a = data;
  g_free(a->text);
  g_free(a);
}

static void panel_free(gpointer data)
{
  GsPanel *p = data;
  g_free(p->title);
  g_free(p->xlabel);
  g_free(p->ylabel);
  g_free(p->zlabel);
  g_ptr_array_unref(p->layers);
  g_ptr_array_unref(p->annotations);
  g_free(p);
}

void gs_figure_unref(GsFigure *fig)
{
  if (!fig || !g_atomic_ref_count_dec(&fig->ref)) return;
  g_ptr_array_unref(fig->panels);
  g_free(fig->title);
  g_mutex_clear(&fig->prepare_lock);
  g_free(fig);
}

void gs_figure_set_title(GsFigure *fig, const char *title)
{
  OPEN_OR_RETURN(fig);
  g_free(fig->title);
  fig->title = g_strdup(title);
}

const char *gs_figure_get_title(const GsFigure *fig)
{
  return fig->title;
}

GsPanel *gs_figure_panel_span(GsFigure *fig, int row, int col, int rowspan, int colspan)
{
  g_return_val_if_fail(fig != NULL, NULL);
  OPEN_OR_RETURN(fig, NULL);
  g_return_val_if_fail(row >= 0 && col >= 0 && rowspan >= 1 && colspan >= 1, NULL);
  g_return_val_if_fail(row + rowspan <= fig->rows && col + colspan <= fig->cols, NULL);
  for (guint i = 0; i < fig->panels->len; i++) {
    GsPanel *p = fig->panels->pdata[i];
    if (p->row == row && p->col == col) {
      p->rowspan = rowspan;
      p->colspan = colspan;
      return p;
    }
  }
  GsPanel *p = g_new0(GsPanel, 1);
  p->fig = fig;
  p->index = (int) fig->panels->len;
  p->row = row;
  p->col = col;
  p->rowspan = rowspan;
  p->colspan = colspan;
  p->xlim[0] = p->xlim[1] = p->ylim[0] = p->ylim[1] = p->zlim[0] = p->zlim[1] = NAN;
  p->grid = TRUE;
  p->axes_visible = TRUE;
  p->legend = GS_LEGEND_BEST;
  p->azimuth = -60;
  p->elevation = 30;
  p->layers = g_ptr_array_new_with_free_func(layer_free);
  p->annotations = g_ptr_array_new_with_free_func(annotation_free);
  g_ptr_array_add(fig->panels, p);
  return p;
}

GsPanel *gs_figure_panel(GsFigure *fig, int row, int col)
{
  g_return_val_if_fail(fig != NULL, NULL);
  for (guint i = 0; i < fig->panels->len; i++) {
    GsPanel *p = fig->panels->pdata[i];
    if (p->row == row && p->col == col) return p;
  }
  return gs_figure_panel_span(fig, row, col, 1, 1);
}

int gs_figure_get_n_panels(const GsFigure *fig)
{
  return (int) fig->panels->len;
}

void gs_figure_seal(GsFigure *fig)
{
  g_atomic_int_set(&fig->sealed, TRUE);
}

gboolean gs_figure_is_sealed(const GsFigure *fig)
{
  return g_atomic_int_get(&fig->sealed);
}

/* ---- panels ---- */

#define PANEL_SETTER(name, field)                                                                  \
  void gs_panel_set_##name(GsPanel *p, const char *text)                                           \
  {                                                                                                \
    OPEN_OR_RETURN(p->fig);                                                                        \
    g_free(p->field);                                                                              \
    p->field = g_strdup(text);                                                                     \
  }

PANEL_SETTER(title, title)
PANEL_SETTER(xlabel, xlabel)
PANEL_SETTER(ylabel, ylabel)
PANEL_SETTER(zlabel, zlabel)

void gs_panel_set_xlim(GsPanel *p, double lo, double hi)
{
  OPEN_OR_RETURN(p->fig);
  p->xlim[0] = lo;
  p->xlim[1] = hi;
}

void gs_panel_set_ylim(GsPanel *p, double lo, double hi)
{
  OPEN_OR_RETURN(p->fig);
  p->ylim[0] = lo;
  p->ylim[1] = hi;
}

void gs_panel_set_zlim(GsPanel *p, double lo, double hi)
{
  OPEN_OR_RETURN(p->fig);
  p->zlim[0] = lo;
  p->zlim[1] = hi;
}

void gs_panel_set_xscale(GsPanel *p, GsScale scale)
{
  OPEN_OR_RETURN(p->fig);
  p->xscale = scale;
}

void gs_panel_set_xinteger(GsPanel *p, gboolean integer)
{
  OPEN_OR_RETURN(p->fig);
  p->xinteger = integer;
}

void gs_panel_set_yscale(GsPanel *p, GsScale scale)
{
  OPEN_OR_RETURN(p->fig);
  p->yscale = scale;
}

void gs_panel_set_grid(GsPanel *p, gboolean grid)
{
  OPEN_OR_RETURN(p->fig);
  p->grid = grid;
}

void gs_panel_set_equal_aspect(GsPanel *p, gboolean equal)
{
  OPEN_OR_RETURN(p->fig);
  p->equal = equal;
}

void gs_panel_set_legend(GsPanel *p, GsLegendPosition where)
{
  OPEN_OR_RETURN(p->fig);
  p->legend = where;
}

void gs_panel_set_axes_visible(GsPanel *p, gboolean visible)
{
  OPEN_OR_RETURN(p->fig);
  p->axes_visible = visible;
}

void gs_panel_set_view3d(GsPanel *p, double azimuth, double elevation)
{
  OPEN_OR_RETURN(p->fig);
  p->azimuth = azimuth;
  p->elevation = CLAMP(elevation, -90, 90);
}

/* ---- layers ---- */

static GsLayer *layer_new(GsPanel *p, GsLayerKind kind)
{
  GsLayer *l = g_new0(GsLayer, 1);
  l->kind = kind;
  l->panel = p;
  l->alpha = 1;
  l->line_width = -1;
  l->marker_size = -1;
  l->cmap = gs_colormap_get(GS_COLORMAP_VIRIDIS);
  l->vmin = l->vmax = l->vcenter = NAN;
  l->smooth = TRUE;
  l->quiver_scale = NAN;
  l->key_magnitude = NAN;
  l->img_lo = 0;
  l->img_hi = 1;
  gboolean needs3d = kind == GS_LAYER_SURFACE || kind == GS_LAYER_POINTS3D;
  if (p->layers->len == 0) p->is3d = needs3d;
  g_ptr_array_add(p->layers, l);
  return l;
}

static gboolean kind_fits_panel(GsPanel *p, GsLayerKind kind, const char *func)
{
  gboolean needs3d = kind == GS_LAYER_SURFACE || kind == GS_LAYER_POINTS3D;
  if (p->layers->len > 0 && p->is3d != needs3d) {
    g_critical("%s: a %s layer cannot share a panel with %s layers", func, gs_layer_kind_name(kind),
               p->is3d ? "3-D" : "2-D");
    return FALSE;
  }
  return TRUE;
}

#define NEW_LAYER(p, kind)                                                                         \
  ({                                                                                               \
    if (refuse_sealed((p)->fig, G_STRFUNC) || !kind_fits_panel((p), (kind), G_STRFUNC))            \
      return NULL;                                                                                 \
    layer_new((p), (kind));                                                                        \
  })

GsLayer *gs_panel_add_line(GsPanel *p, const double *x, const double *y, int n)
{
  g_return_val_if_fail(p != NULL && (y != NULL || n == 0) && n >= 0, NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_LINE);
  l->n = n;
  l->y = dup_doubles(y, n);
  l->x = g_new(double, MAX(n, 1));
  for (int i = 0; i < n; i++) l->x[i] = x ? x[i] : i;
  return l;
}

GsLayer *gs_panel_add_scatter(GsPanel *p, const double *x, const double *y, int n)
{
  g_return_val_if_fail(p != NULL && n >= 0 && (n == 0 || (x && y)), NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_SCATTER);
  l->n = n;
  l->x = dup_doubles(x, n);
  l->y = dup_doubles(y, n);
  l->marker = GS_MARKER_CIRCLE;
  return l;
}

GsLayer *gs_panel_add_scatter_xy(GsPanel *p, const float *xy, int n)
{
  g_return_val_if_fail(p != NULL && n >= 0 && (n == 0 || xy), NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_SCATTER);
  l->n = n;
  l->x = g_new(double, MAX(n, 1));
  l->y = g_new(double, MAX(n, 1));
  for (int i = 0; i < n; i++) {
    l->x[i] = xy[2 * i];
    l->y[i] = xy[2 * i + 1];
  }
  l->marker = GS_MARKER_CIRCLE;
  return l;
}

static gboolean field_ok(const GsField *f)
{
  return f && f->values && f->nx >= 2 && f->ny >= 2 && isfinite(f->x0) && isfinite(f->x1) &&
         isfinite(f->y0) && isfinite(f->y1) && f->x0 != f->x1 && f->y0 != f->y1;
}

static void copy_field(GsLayer *l, const GsField *f)
{
  l->nx = f->nx;
  l->ny = f->ny;
  l->x0 = f->x0;
  l->x1 = f->x1;
  l->y0 = f->y0;
  l->y1 = f->y1;
  l->field = g_memdup2(f->values, sizeof(float) * (gsize) f->nx * f->ny);
  l->data_lo = INFINITY;
  l->data_hi = -INFINITY;
  for (gsize i = 0; i < (gsize) f->nx * f->ny; i++)
    if (isfinite(l->field[i])) {
      l->data_lo = MIN(l->data_lo, l->field[i]);
      l->data_hi = MAX(l->data_hi, l->field[i]);
    }
}

GsLayer *gs_panel_add_heatmap(GsPanel *p, const GsField *field)
{
  g_return_val_if_fail(p != NULL && field_ok(field), NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_HEATMAP);
  copy_field(l, field);
  return l;
}

static int compare_doubles(gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

GsLayer *gs_panel_add_contours(GsPanel *p, const GsField *field, const double *levels, int n_levels)
{
  g_return_val_if_fail(p != NULL && field_ok(field) && n_levels >= 0, NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_CONTOUR);
  copy_field(l, field);
  l->contour_labels = TRUE;
  if (levels && n_levels > 0) {
    l->levels = dup_doubles(levels, n_levels);
    l->n_levels = n_levels;
    qsort(l->levels, n_levels, sizeof(double), compare_doubles);
  } else if (isfinite(l->data_lo) && l->data_hi > l->data_lo) {
    GsTicks t;
    gs_ticks_linear(&t, l->data_lo, l->data_hi, (n_levels > 0 ? n_levels : 7) + 2);
    l->levels = g_new(double, t.n);
    for (int k = 0; k < t.n; k++)
      if (t.value[k] > l->data_lo && t.value[k] < l->data_hi) l->levels[l->n_levels++] = t.value[k];
  }
  return l;
}

GsLayer *gs_panel_add_quiver(GsPanel *p, const double *x, const double *y, const double *u,
                             const double *v, int n)
{
  g_return_val_if_fail(p != NULL && n >= 0 && (n == 0 || (x && y && u && v)), NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_QUIVER);
  l->n = n;
  l->x = dup_doubles(x, n);
  l->y = dup_doubles(y, n);
  l->u = dup_doubles(u, n);
  l->v = dup_doubles(v, n);
  return l;
}

static int fd_bins(const double *values, int n, double lo, double hi)
{
  GArray *sorted = g_array_sized_new(FALSE, FALSE, sizeof(double), n);
  for (int i = 0; i < n; i++)
    if (isfinite(values[i]) && values[i] >= lo && values[i] <= hi)
      g_array_append_val(sorted, values[i]);
  int m = (int) sorted->len, bins = 10;
  if (m >= 4) {
    g_array_sort(sorted, compare_doubles);
    double *v = (double *) sorted->data;
    double iqr = v[(3 * m) / 4] - v[m / 4];
    double h = 2 * iqr * pow(m, -1.0 / 3);
    bins = h > 0 ? (int) ceil((hi - lo) / h) : (int) ceil(sqrt(m));
  }
  g_array_free(sorted, TRUE);
  return CLAMP(bins, 5, 100);
}

GsLayer *gs_panel_add_histogram(GsPanel *p, const double *values, int n, int bins, double lo,
                                double hi)
{
  g_return_val_if_fail(p != NULL && n >= 0 && (n == 0 || values), NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_HISTOGRAM);
  double dlo = INFINITY, dhi = -INFINITY;
  for (int i = 0; i < n; i++)
    if (isfinite(values[i])) {
      dlo = MIN(dlo, values[i]);
      dhi = MAX(dhi, values[i]);
    }
  if (isnan(lo)) lo = isfinite(dlo) ? dlo : 0;
  if (isnan(hi)) hi = isfinite(dhi) ? dhi : 1;
  if (hi <= lo) hi = lo + 1;
  if (bins <= 0) bins = fd_bins(values, n, lo, hi);
  l->bins = bins;
  l->edges = g_new(double, bins + 1);
  l->counts = g_new0(double, bins);
  for (int b = 0; b <= bins; b++) l->edges[b] = lo + (hi - lo) * b / bins;
  for (int i = 0; i < n; i++) {
    double v = values[i];
    if (!isfinite(v) || v < lo || v > hi) continue;
    int b = MIN(bins - 1, (int) ((v - lo) / (hi - lo) * bins));
    l->counts[b] += 1;
    l->n_samples++;
  }
  return l;
}

GsLayer *gs_panel_add_bars(GsPanel *p, const char *const *categories, const double *values, int n)
{
  g_return_val_if_fail(p != NULL && n >= 0 && (n == 0 || values), NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_BARS);
  l->n = n;
  l->y = dup_doubles(values, n);
  l->x = g_new(double, MAX(n, 1));
  for (int i = 0; i < n; i++) l->x[i] = i;
  if (categories) {
    l->categories = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) l->categories[i] = g_strdup(categories[i] ? categories[i] : "");
  }
  return l;
}

GsLayer *gs_panel_add_image_grid(GsPanel *p, int columns)
{
  g_return_val_if_fail(p != NULL && columns >= 1, NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_IMAGE_GRID);
  l->columns = columns;
  l->tiles = g_ptr_array_new_with_free_func(tile_free);
  l->smooth = FALSE;
  p->axes_visible = FALSE;
  return l;
}

GsLayer *gs_panel_add_surface(GsPanel *p, const GsField *field)
{
  g_return_val_if_fail(p != NULL && field_ok(field), NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_SURFACE);
  copy_field(l, field);
  return l;
}

GsLayer *gs_panel_add_points3d(GsPanel *p, const double *x, const double *y, const double *z, int n)
{
  g_return_val_if_fail(p != NULL && n >= 0 && (n == 0 || (x && y && z)), NULL);
  GsLayer *l = NEW_LAYER(p, GS_LAYER_POINTS3D);
  l->n = n;
  l->x = dup_doubles(x, n);
  l->y = dup_doubles(y, n);
  l->z = dup_doubles(z, n);
  l->marker = GS_MARKER_CIRCLE;
  l->stems = TRUE;
  return l;
}

/* ---- layer style ---- */

void gs_layer_set_label(GsLayer *l, const char *label)
{
  OPEN_OR_RETURN(l->panel->fig);
  g_free(l->label);
  l->label = g_strdup(label);
}

void gs_layer_set_color(GsLayer *l, GsColor color)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->color = color;
  l->color_set = TRUE;
}

void gs_layer_set_run_style(GsLayer *l, GsRunStyle style)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->color = style.color;
  l->color_set = TRUE;
  l->dash = style.dash;
  l->marker = style.marker; /* lines show it every few points: a third cue */
}

void gs_layer_set_alpha(GsLayer *l, double alpha)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->alpha = CLAMP(alpha, 0, 1);
}

void gs_layer_set_line_width(GsLayer *l, double width_pt)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->line_width = width_pt;
}

void gs_layer_set_dash(GsLayer *l, GsDash dash)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->dash = dash;
}

void gs_layer_set_marker(GsLayer *l, GsMarker marker, double size_pt)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->marker = marker;
  l->marker_size = size_pt;
}

void gs_layer_set_colormap(GsLayer *l, const GsColormap *cm)
{
  OPEN_OR_RETURN(l->panel->fig);
  g_return_if_fail(cm != NULL);
  l->cmap = cm;
  l->cmap_set = TRUE;
}

void gs_layer_set_range(GsLayer *l, double vmin, double vmax, double center)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->vmin = vmin;
  l->vmax = vmax;
  l->vcenter = center;
}

void gs_layer_add_colorbar(GsLayer *l, const char *label)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->colorbar = TRUE;
  g_free(l->colorbar_label);
  l->colorbar_label = g_strdup(label);
}

void gs_field_set_gradient_readout(GsLayer *l, const char *label)
{
  OPEN_OR_RETURN(l->panel->fig);
  g_free(l->gradient_label);
  l->gradient_label = g_strdup(label);
}

void gs_layer_set_smooth(GsLayer *l, gboolean smooth)
{
  OPEN_OR_RETURN(l->panel->fig);
  l->smooth = smooth;
}

#define REQUIRE_KIND(l, k)                                                                         \
  do {                                                                                             \
    OPEN_OR_RETURN((l)->panel->fig);                                                               \
    if ((l)->kind != (k)) {                                                                        \
      g_critical("%s: needs a %s layer, got a %s layer", G_STRFUNC, gs_layer_kind_name(k),         \
                 gs_layer_kind_name((l)->kind));                                                   \
      return;                                                                                      \
    }                                                                                              \
  } while (0)

void gs_line_set_band(GsLayer *l, const double *lo, const double *hi)
{
  REQUIRE_KIND(l, GS_LAYER_LINE);
  g_return_if_fail(lo && hi);
  g_free(l->band_lo);
  g_free(l->band_hi);
  l->band_lo = dup_doubles(lo, l->n);
  l->band_hi = dup_doubles(hi, l->n);
}

void gs_scatter_set_values(GsLayer *l, const double *values)
{
  REQUIRE_KIND(l, GS_LAYER_SCATTER);
  g_free(l->values);
  l->values = dup_doubles(values, l->n);
  l->data_lo = INFINITY;
  l->data_hi = -INFINITY;
  for (int i = 0; values && i < l->n; i++)
    if (isfinite(values[i])) {
      l->data_lo = MIN(l->data_lo, values[i]);
      l->data_hi = MAX(l->data_hi, values[i]);
    }
}

void gs_scatter_set_sizes(GsLayer *l, const double *values, double min_pt, double max_pt)
{
  REQUIRE_KIND(l, GS_LAYER_SCATTER);
  g_free(l->sizes);
  l->sizes = dup_doubles(values, l->n);
  l->size_min = min_pt;
  l->size_max = max_pt;
}

void gs_contour_set_filled(GsLayer *l, gboolean filled)
{
  REQUIRE_KIND(l, GS_LAYER_CONTOUR);
  l->filled = filled;
}

void gs_contour_set_labels(GsLayer *l, gboolean labels)
{
  REQUIRE_KIND(l, GS_LAYER_CONTOUR);
  l->contour_labels = labels;
}

void gs_contour_emphasize(GsLayer *l, double level, const char *label)
{
  REQUIRE_KIND(l, GS_LAYER_CONTOUR);
  gboolean present = FALSE;
  for (int k = 0; k < l->n_levels; k++) present |= l->levels[k] == level;
  if (!present) {
    l->levels = g_renew(double, l->levels, l->n_levels + 1);
    l->levels[l->n_levels++] = level;
    qsort(l->levels, l->n_levels, sizeof(double), compare_doubles);
  }
  l->has_emphasis = TRUE;
  l->emphasis_level = level;
  g_free(l->emphasis_label);
  l->emphasis_label = g_strdup(label);
}

void gs_quiver_set_scale(GsLayer *l, double scale)
{
  REQUIRE_KIND(l, GS_LAYER_QUIVER);
  l->quiver_scale = scale;
}

void gs_quiver_set_key(GsLayer *l, double magnitude, const char *label)
{
  REQUIRE_KIND(l, GS_LAYER_QUIVER);
  l->key = TRUE;
  l->key_magnitude = magnitude;
  g_free(l->key_label);
  l->key_label = g_strdup(label);
}

void gs_histogram_set_density(GsLayer *l, gboolean density)
{
  REQUIRE_KIND(l, GS_LAYER_HISTOGRAM);
  l->density = density;
}

void gs_bars_set_errors(GsLayer *l, const double *errors)
{
  REQUIRE_KIND(l, GS_LAYER_BARS);
  g_free(l->errors);
  l->errors = dup_doubles(errors, l->n);
}

int gs_image_grid_add(GsLayer *l, const float *pixels, int width, int height, int channels,
                      const char *caption)
{
  g_return_val_if_fail(l->kind == GS_LAYER_IMAGE_GRID, -1);
  OPEN_OR_RETURN(l->panel->fig, -1);
  g_return_val_if_fail(pixels && width > 0 && height > 0 && (channels == 1 || channels == 3), -1);
  GsTile *t = g_new0(GsTile, 1);
  t->pixels = g_memdup2(pixels, sizeof(float) * (gsize) width * height * channels);
  t->w = width;
  t->h = height;
  t->channels = channels;
  t->caption = g_strdup(caption);
  g_ptr_array_add(l->tiles, t);
  return (int) l->tiles->len - 1;
}

void gs_image_grid_set_range(GsLayer *l, double lo, double hi)
{
  REQUIRE_KIND(l, GS_LAYER_IMAGE_GRID);
  g_return_if_fail(hi != lo);
  l->img_lo = lo;
  l->img_hi = hi;
}

void gs_image_grid_highlight(GsLayer *l, int index, GsColor color)
{
  REQUIRE_KIND(l, GS_LAYER_IMAGE_GRID);
  g_return_if_fail(index >= 0 && index < (int) l->tiles->len);
  GsTile *t = l->tiles->pdata[index];
  t->highlighted = TRUE;
  t->highlight = color;
}

void gs_surface_set_wireframe(GsLayer *l, gboolean wireframe)
{
  REQUIRE_KIND(l, GS_LAYER_SURFACE);
  l->wireframe = wireframe;
}

void gs_points3d_set_stems(GsLayer *l, gboolean stems)
{
  REQUIRE_KIND(l, GS_LAYER_POINTS3D);
  l->stems = stems;
}

/* ---- annotations ---- */

static GsAnnotation *annotation_new(GsPanel *p, GsAnnotationKind kind, double x, double y,
                                    const char *text)
{
  GsAnnotation *a = g_new0(GsAnnotation, 1);
  a->kind = kind;
  a->panel = p;
  a->x = x;
  a->y = y;
  a->text = g_strdup(text);
  a->halign = a->valign = 0.5;
  g_ptr_array_add(p->annotations, a);
  return a;
}

GsAnnotation *gs_panel_add_text(GsPanel *p, double x, double y, const char *text)
{
  OPEN_OR_RETURN(p->fig, NULL);
  return annotation_new(p, GS_ANNOT_TEXT, x, y, text);
}

GsAnnotation *gs_panel_add_arrow(GsPanel *p, double x, double y, double to_x, double to_y,
                                 const char *text)
{
  OPEN_OR_RETURN(p->fig, NULL);
  GsAnnotation *a = annotation_new(p, GS_ANNOT_ARROW, x, y, text);
  a->to_x = to_x;
  a->to_y = to_y;
  return a;
}

GsAnnotation *gs_panel_add_vline(GsPanel *p, double x, const char *text)
{
  OPEN_OR_RETURN(p->fig, NULL);
  return annotation_new(p, GS_ANNOT_VLINE, x, NAN, text);
}

GsAnnotation *gs_panel_add_hline(GsPanel *p, double y, const char *text)
{
  OPEN_OR_RETURN(p->fig, NULL);
  return annotation_new(p, GS_ANNOT_HLINE, NAN, y, text);
}

GsAnnotation *gs_panel_add_point(GsPanel *p, double x, double y, GsMarker marker, const char *text)
{
  OPEN_OR_RETURN(p->fig, NULL);
  GsAnnotation *a = annotation_new(p, GS_ANNOT_POINT, x, y, text);
  a->marker = marker;
  return a;
}

void gs_annotation_set_color(GsAnnotation *a, GsColor color)
{
  OPEN_OR_RETURN(a->panel->fig);
  a->color = color;
  a->color_set = TRUE;
}

void gs_annotation_set_align(GsAnnotation *a, double halign, double valign)
{
  OPEN_OR_RETURN(a->panel->fig);
  a->halign = halign;
  a->valign = valign;
}

/* ---- caches ---- */

static void make_heatmap_image(GsLayer *l)
{
  gs_norm_autoscale(&l->norm, l->field, (gsize) l->nx * l->ny, l->vmin, l->vmax, l->vcenter);
  l->image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, l->nx, l->ny);
  guint8 *data = cairo_image_surface_get_data(l->image);
  int stride = cairo_image_surface_get_stride(l->image);
  const guint8 *lut = gs_colormap_lut8(l->cmap);
  guint32 a = (guint32) lround(l->alpha * 255);
  double scale = 1.0 / (l->norm.vmax - l->norm.vmin);
  gboolean linear = isnan(l->norm.center);
  for (int j = 0; j < l->ny; j++) {
    /* Image rows run top-down; field rows bottom-up. */
    guint32 *row = (guint32 *) (data + (gsize) (l->ny - 1 - j) * stride);
    const float *src = l->field + (gsize) j * l->nx;
    for (int i = 0; i < l->nx; i++) {
      double v = src[i];
      if (isnan(v)) {
        row[i] = 0;
        continue;
      }
      double t = linear ? CLAMP((v - l->norm.vmin) * scale, 0.0, 1.0) : gs_norm_apply(&l->norm, v);
      int k = MIN(255, (int) (t * 256));
      guint32 r = lut[3 * k] * a / 255, g = lut[3 * k + 1] * a / 255, b = lut[3 * k + 2] * a / 255;
      row[i] = (a << 24) | (r << 16) | (g << 8) | b;
    }
  }
  cairo_surface_mark_dirty(l->image);
}

static void add_region_polygon(const double *xy, int n, gpointer user_data)
{
  GsRegion *r = user_data;
  g_array_append_vals(r->xy, xy, 2 * n);
  g_array_append_val(r->sizes, n);
}

static void make_contours(GsLayer *l)
{
  gs_norm_autoscale(&l->norm, l->field, (gsize) l->nx * l->ny, l->vmin, l->vmax, l->vcenter);
  l->contour_lines = g_new0(GPtrArray *, MAX(l->n_levels, 1));
  for (int k = 0; k < l->n_levels; k++)
    if (!l->filled || (l->has_emphasis && l->levels[k] == l->emphasis_level))
      l->contour_lines[k] = gs_contour_lines(l->field, l->nx, l->ny, l->levels[k]);
  if (!l->filled) return;
  /* Region k: {v >= level k-1}, region 0 every valid cell; painted in order, each over the
   * last, so bands never leave hairline seams between them. */
  l->regions = g_new0(GsRegion, l->n_levels + 1);
  for (int k = 0; k <= l->n_levels; k++) {
    GsRegion *r = &l->regions[k];
    r->xy = g_array_new(FALSE, FALSE, sizeof(double));
    r->sizes = g_array_new(FALSE, FALSE, sizeof(int));
    gs_contour_region(l->field, l->nx, l->ny, k == 0 ? -INFINITY : l->levels[k - 1],
                      add_region_polygon, r);
  }
}

/* A 1-2-5 number at or below x. */
static double round_down_125(double x)
{
  if (!(x > 0)) return 1;
  double e = pow(10, floor(log10(x)));
  double m = x / e;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * e;
}

static void prepare_quiver(GsLayer *l)
{
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  GArray *mags = g_array_new(FALSE, FALSE, sizeof(double));
  for (int i = 0; i < l->n; i++) {
    if (!isfinite(l->x[i]) || !isfinite(l->y[i])) continue;
    xlo = MIN(xlo, l->x[i]);
    xhi = MAX(xhi, l->x[i]);
    ylo = MIN(ylo, l->y[i]);
    yhi = MAX(yhi, l->y[i]);
    double m = hypot(l->u[i], l->v[i]);
    if (isfinite(m) && m > 0) g_array_append_val(mags, m);
  }
  double p90 = 1;
  if (mags->len > 0) {
    g_array_sort(mags, compare_doubles);
    p90 = g_array_index(mags, double, (guint) (0.9 * (mags->len - 1)));
    l->data_lo = g_array_index(mags, double, 0);
    l->data_hi = g_array_index(mags, double, mags->len - 1);
  } else {
    l->data_lo = 0;
    l->data_hi = 1;
  }
  double extent = MAX(xhi - xlo, yhi - ylo);
  if (!(extent > 0)) extent = 1;
  /* The long arrows reach about a tenth of the spread of the points; sparse fields (a grid
   * of arrows) could go further, but overlapping heads read worse than short arrows. */
  double spacing = l->n > 1 ? extent / sqrt((double) l->n) : extent;
  double reach = MIN(0.1 * extent, 0.9 * spacing);
  if (!(reach > 0)) reach = 0.1 * extent;
  l->quiver_auto_scale = reach / p90;
  l->quiver_auto_key = round_down_125(p90);
  g_array_free(mags, TRUE);
  if (l->cmap_set) {
    float r[2] = {(float) l->data_lo, (float) l->data_hi};
    gs_norm_autoscale(&l->norm, r, 2, l->vmin, l->vmax, l->vcenter);
  }
}

static void prepare_tile(GsLayer *l, GsTile *t)
{
  t->image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, t->w, t->h);
  guint8 *data = cairo_image_surface_get_data(t->image);
  int stride = cairo_image_surface_get_stride(t->image);
  double span = l->img_hi - l->img_lo;
  const guint8 *lut = l->cmap_set ? gs_colormap_lut8(l->cmap) : NULL;
  for (int y = 0; y < t->h; y++) {
    guint32 *row = (guint32 *) (data + (gsize) y * stride);
    for (int x = 0; x < t->w; x++) {
      const float *px = t->pixels + ((gsize) y * t->w + x) * t->channels;
      int rgb[3];
      for (int c = 0; c < 3; c++) {
        double v = (px[t->channels == 3 ? c : 0] - l->img_lo) / span;
        rgb[c] = (int) lround(CLAMP(isnan(v) ? 0 : v, 0.0, 1.0) * 255);
      }
      if (lut && t->channels == 1) {
        int k = MIN(255, rgb[0]);
        rgb[0] = lut[3 * k];
        rgb[1] = lut[3 * k + 1];
        rgb[2] = lut[3 * k + 2];
      }
      row[x] = 0xff000000u | ((guint32) rgb[0] << 16) | ((guint32) rgb[1] << 8) | (guint32) rgb[2];
    }
  }
  cairo_surface_mark_dirty(t->image);
}

static void prepare_layer(GsLayer *l)
{
  switch (l->kind) {
  case GS_LAYER_HEATMAP:
    make_heatmap_image(l);
    break;
  case GS_LAYER_CONTOUR:
    make_contours(l);
    break;
  case GS_LAYER_SURFACE:
    gs_norm_autoscale(&l->norm, l->field, (gsize) l->nx * l->ny, l->vmin, l->vmax, l->vcenter);
    break;
  case GS_LAYER_SCATTER:
  case GS_LAYER_POINTS3D: {
    float r[2] = {0, 1};
    if (l->values && isfinite(l->data_lo))
      r[0] = (float) l->data_lo, r[1] = (float) l->data_hi;
    else if (l->kind == GS_LAYER_POINTS3D && l->n > 0) {
      double lo = INFINITY, hi = -INFINITY;
      for (int i = 0; i < l->n; i++)
        if (isfinite(l->z[i])) lo = MIN(lo, l->z[i]), hi = MAX(hi, l->z[i]);
      if (isfinite(lo)) r[0] = (float) lo, r[1] = (float) hi;
    }
    gs_norm_autoscale(&l->norm, r, 2, l->vmin, l->vmax, l->vcenter);
    break;
  }
  case GS_LAYER_QUIVER:
    prepare_quiver(l);
    break;
  case GS_LAYER_IMAGE_GRID:
    for (guint i = 0; i < l->tiles->len; i++) prepare_tile(l, l->tiles->pdata[i]);
    break;
  default:
    break;
  }
}

void gs_figure_prepare(GsFigure *fig)
{
  g_atomic_int_set(&fig->sealed, TRUE);
  g_mutex_lock(&fig->prepare_lock);
  if (!fig->prepared) {
    for (guint i = 0; i < fig->panels->len; i++) {
      GsPanel *p = fig->panels->pdata[i];
      for (guint k = 0; k < p->layers->len; k++) prepare_layer(p->layers->pdata[k]);
    }
    fig->prepared = TRUE;
  }
  g_mutex_unlock(&fig->prepare_lock);
}

double gs_field_sample(const GsLayer *l, double x, double y)
{
  double fi = (x - l->x0) / (l->x1 - l->x0) * (l->nx - 1);
  double fj = (y - l->y0) / (l->y1 - l->y0) * (l->ny - 1);
  if (!(fi >= 0 && fi <= l->nx - 1 && fj >= 0 && fj <= l->ny - 1)) return NAN;
  int i = MIN((int) fi, l->nx - 2), j = MIN((int) fj, l->ny - 2);
  double tx = fi - i, ty = fj - j;
  const float *r0 = l->field + (gsize) j * l->nx, *r1 = r0 + l->nx;
  return (1 - ty) * ((1 - tx) * r0[i] + tx * r0[i + 1]) + ty * ((1 - tx) * r1[i] + tx * r1[i + 1]);
}

/* The difference quotient of the field at node (i, j) along x (dir 0) or y (dir 1). */
static double node_derivative(const GsLayer *l, int i, int j, int dir)
{
  int n = dir ? l->ny : l->nx;
  int k = dir ? j : i;
  int lo = MAX(k - 1, 0), hi = MIN(k + 1, n - 1);
  double step = dir ? (l->y1 - l->y0) / (l->ny - 1) : (l->x1 - l->x0) / (l->nx - 1);
  const float *f = l->field;
  double a = dir ? f[(gsize) lo * l->nx + i] : f[(gsize) j * l->nx + lo];
  double b = dir ? f[(gsize) hi * l->nx + i] : f[(gsize) j * l->nx + hi];
  return (b - a) / ((hi - lo) * step);
}

gboolean gs_field_gradient(const GsLayer *l, double x, double y, double *gx, double *gy)
{
  if (l->nx < 2 || l->ny < 2) return FALSE;
  double fi = (x - l->x0) / (l->x1 - l->x0) * (l->nx - 1);
  double fj = (y - l->y0) / (l->y1 - l->y0) * (l->ny - 1);
  if (!(fi >= 0 && fi <= l->nx - 1 && fj >= 0 && fj <= l->ny - 1)) return FALSE;
  int i = MIN((int) fi, l->nx - 2), j = MIN((int) fj, l->ny - 2);
  double tx = fi - i, ty = fj - j;
  double g[2];
  for (int dir = 0; dir < 2; dir++)
    g[dir] = (1 - ty) * ((1 - tx) * node_derivative(l, i, j, dir) +
                         tx * node_derivative(l, i + 1, j, dir)) +
             ty * ((1 - tx) * node_derivative(l, i, j + 1, dir) +
                   tx * node_derivative(l, i + 1, j + 1, dir));
  *gx = g[0];
  *gy = g[1];
  return isfinite(g[0]) && isfinite(g[1]);
}
