/* gs-figure-layers.c — drawing the 2-D layers: lines, scatter, heatmaps, contours, quivers,
 * histograms, bars and image grids. */
#include "gs-contour.h"
#include "gs-figure-impl.h"

#include <math.h>
#include <string.h>

GsColor gs_layer_effective_color(const GsLayer *l, int slot, const GsThemeColors *theme)
{
  if (l->color_set) return l->color;
  switch (l->kind) {
  case GS_LAYER_LINE:
  case GS_LAYER_SCATTER:
  case GS_LAYER_HISTOGRAM:
  case GS_LAYER_BARS:
  case GS_LAYER_POINTS3D:
    return gs_palette_color((guint) slot);
  case GS_LAYER_CONTOUR:
    return theme->contour;
  default:
    return theme->ink;
  }
}

double gs_layer_effective_width(const GsLayer *l, double s)
{
  if (l->line_width >= 0) return l->line_width * s;
  switch (l->kind) {
  case GS_LAYER_LINE:
    return 1.5 * s;
  case GS_LAYER_CONTOUR:
    return 0.8 * s;
  case GS_LAYER_QUIVER:
    return 0.9 * s;
  default:
    return 1.0 * s;
  }
}

double gs_layer_effective_marker_size(const GsLayer *l, double s)
{
  if (l->marker_size >= 0) return l->marker_size * s;
  return (l->kind == GS_LAYER_SCATTER ? 4.5 : 5.0) * s;
}

static GsColor alpha_times(GsColor c, double alpha)
{
  c.a *= alpha;
  return c;
}

static GsMarkerStyle marker_style(GsRenderCtx *rc, GsMarker marker, double size, GsColor color,
                                  gboolean edge)
{
  GsMarkerStyle st = {marker, size, NULL, color, NULL, 0, rc->theme->background};
  if (!rc->theme->fill_background) st.edge_color = (GsColor){1, 1, 1, 1};
  st.edge_color.a = 0.9;
  if (edge && size >= 3) st.edge = 0.5 * rc->s;
  return st;
}

void gs_draw_marker(GsRenderCtx *rc, GsMarker marker, double x, double y, double size,
                    GsColor color, gboolean edge)
{
  if (marker == GS_MARKER_NONE) return;
  GsMarkerStyle st = marker_style(rc, marker, size, color, edge);
  double xy[2] = {x, y};
  rc->canvas->klass->markers(rc->canvas, xy, 1, &st);
}

static void arrow_path(GsPath *path, double x0, double y0, double x1, double y1, double width,
                       double head)
{
  double dx = x1 - x0, dy = y1 - y0, len = hypot(dx, dy);
  if (len < 1e-9) return;
  dx /= len, dy /= len;
  double nx = -dy, ny = dx;
  head = MIN(head, len);
  double hw = 0.45 * head + width / 2, w2 = width / 2;
  double bx = x1 - dx * head, by = y1 - dy * head;
  gs_path_move_to(path, x0 + nx * w2, y0 + ny * w2);
  gs_path_line_to(path, bx + nx * w2, by + ny * w2);
  gs_path_line_to(path, bx + nx * hw, by + ny * hw);
  gs_path_line_to(path, x1, y1);
  gs_path_line_to(path, bx - nx * hw, by - ny * hw);
  gs_path_line_to(path, bx - nx * w2, by - ny * w2);
  gs_path_line_to(path, x0 - nx * w2, y0 - ny * w2);
  gs_path_close(path);
}

void gs_draw_arrow(GsRenderCtx *rc, double x0, double y0, double x1, double y1, double width,
                   double head, GsColor color)
{
  GsPath path;
  gs_path_init(&path);
  arrow_path(&path, x0, y0, x1, y1, width, head);
  rc->canvas->klass->fill(rc->canvas, &path, color);
  gs_path_free_data(&path);
}

/* ---- lines ---- */

typedef struct {
  GArray *x, *y; /* doubles, pt */
} Run;

/* Points of one unbroken run, thinned to at most 4 per half point of x when they are dense
 * (first, min, max, last of each bucket) so a 100k-step curve stays cheap and exact-looking. */
static void thin_run(const double *X, const double *Y, int n, GArray *ox, GArray *oy)
{
  if (n < 2000) {
    g_array_append_vals(ox, X, n);
    g_array_append_vals(oy, Y, n);
    return;
  }
  int i = 0;
  while (i < n) {
    double bucket = floor(X[i] * 2);
    int j = i, imin = i, imax = i;
    while (j < n && floor(X[j] * 2) == bucket) {
      if (Y[j] < Y[imin]) imin = j;
      if (Y[j] > Y[imax]) imax = j;
      j++;
    }
    int keep[4] = {i, MIN(imin, imax), MAX(imin, imax), j - 1};
    for (int k = 0; k < 4; k++) {
      if (k > 0 && keep[k] == keep[k - 1]) continue;
      g_array_append_val(ox, X[keep[k]]);
      g_array_append_val(oy, Y[keep[k]]);
    }
    i = j;
  }
}

static void draw_line(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, int slot)
{
  GsColor color = alpha_times(gs_layer_effective_color(l, slot, rc->theme), l->alpha);
  double width = gs_layer_effective_width(l, rc->s);
  double *X = g_new(double, MAX(l->n, 1)), *Y = g_new(double, MAX(l->n, 1));
  for (int i = 0; i < l->n; i++) {
    X[i] = gs_layout_x(pl, l->x[i]);
    Y[i] = gs_layout_y(pl, l->y[i]);
  }
  GsPath path;
  gs_path_init(&path);
  if (l->band_lo && l->band_hi) {
    /* The band: each finite run as one polygon, lower edge forward, upper edge back. */
    int i = 0;
    while (i < l->n) {
      while (i < l->n && !(isfinite(X[i]) && isfinite(gs_layout_y(pl, l->band_lo[i])) &&
                           isfinite(gs_layout_y(pl, l->band_hi[i]))))
        i++;
      int start = i;
      while (i < l->n && isfinite(X[i]) && isfinite(gs_layout_y(pl, l->band_lo[i])) &&
             isfinite(gs_layout_y(pl, l->band_hi[i])))
        i++;
      if (i - start >= 2) {
        for (int k = start; k < i; k++) {
          double yy = gs_layout_y(pl, l->band_lo[k]);
          if (k == start)
            gs_path_move_to(&path, X[k], yy);
          else
            gs_path_line_to(&path, X[k], yy);
        }
        for (int k = i - 1; k >= start; k--)
          gs_path_line_to(&path, X[k], gs_layout_y(pl, l->band_hi[k]));
        gs_path_close(&path);
      }
    }
    rc->canvas->klass->fill(rc->canvas, &path, alpha_times(color, 0.22));
    gs_path_clear(&path);
  }
  GArray *rx = g_array_new(FALSE, FALSE, sizeof(double));
  GArray *ry = g_array_new(FALSE, FALSE, sizeof(double));
  int i = 0;
  while (i < l->n) {
    while (i < l->n && !(isfinite(X[i]) && isfinite(Y[i]))) i++;
    int start = i;
    while (i < l->n && isfinite(X[i]) && isfinite(Y[i])) i++;
    g_array_set_size(rx, 0);
    g_array_set_size(ry, 0);
    thin_run(X + start, Y + start, i - start, rx, ry);
    for (guint k = 0; k < rx->len; k++) {
      double px = g_array_index(rx, double, k), py = g_array_index(ry, double, k);
      if (k == 0)
        gs_path_move_to(&path, px, py);
      else
        gs_path_line_to(&path, px, py);
    }
    if (rx->len == 1) /* a lone point still shows */
      gs_path_line_to(&path, g_array_index(rx, double, 0), g_array_index(ry, double, 0));
  }
  GsStroke st = {width, color, l->dash, width, TRUE};
  rc->canvas->klass->stroke(rc->canvas, &path, &st);
  if (l->marker != GS_MARKER_NONE && l->n > 0) {
    /* Markers as a cue, not as data: about a dozen along the curve, offset by slot so the
     * markers of different runs do not sit on top of each other. */
    int every = l->n > 24 ? (l->n + 11) / 12 : 1;
    int first = every > 1 ? (slot * every / 5) % every : 0;
    double size = gs_layer_effective_marker_size(l, rc->s);
    for (int k = first; k < l->n; k += every)
      if (isfinite(X[k]) && isfinite(Y[k]))
        gs_draw_marker(rc, l->marker, X[k], Y[k], size, color, TRUE);
  }
  g_array_free(rx, TRUE);
  g_array_free(ry, TRUE);
  gs_path_free_data(&path);
  g_free(X);
  g_free(Y);
}

/* ---- scatter ---- */

static void draw_scatter(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, int slot)
{
  GsColor base = alpha_times(gs_layer_effective_color(l, slot, rc->theme), l->alpha);
  double size = gs_layer_effective_marker_size(l, rc->s);
  double slo = INFINITY, shi = -INFINITY;
  if (l->sizes)
    for (int i = 0; i < l->n; i++)
      if (isfinite(l->sizes[i])) slo = MIN(slo, l->sizes[i]), shi = MAX(shi, l->sizes[i]);
  double *xy = g_new(double, 2 * (gsize) MAX(l->n, 1));
  GsColor *colors = l->values ? g_new(GsColor, MAX(l->n, 1)) : NULL;
  double *sizes = l->sizes ? g_new(double, MAX(l->n, 1)) : NULL;
  int m = 0;
  for (int i = 0; i < l->n; i++) {
    double X = gs_layout_x(pl, l->x[i]), Y = gs_layout_y(pl, l->y[i]);
    if (!isfinite(X) || !isfinite(Y) || (l->values && isnan(l->values[i]))) continue;
    if (X < pl->px - 2 * size || X > pl->px + pl->pw + 2 * size || Y < pl->py - 2 * size ||
        Y > pl->py + pl->ph + 2 * size)
      continue; /* clipped anyway */
    xy[2 * m] = X, xy[2 * m + 1] = Y;
    if (colors)
      colors[m] =
          alpha_times(gs_colormap_eval(l->cmap, gs_norm_apply(&l->norm, l->values[i])), l->alpha);
    if (sizes)
      sizes[m] = isfinite(l->sizes[i])
                     ? (shi > slo ? l->size_min + (l->size_max - l->size_min) *
                                                      (l->sizes[i] - slo) / (shi - slo)
                                  : 0.5 * (l->size_min + l->size_max)) *
                           rc->s
                     : size;
    m++;
  }
  GsMarkerStyle st = marker_style(rc, l->marker, size, base, TRUE);
  st.colors = colors;
  st.sizes = sizes;
  if (sizes) st.edge = 0.5 * rc->s;
  rc->canvas->klass->markers(rc->canvas, xy, m, &st);
  g_free(xy);
  g_free(colors);
  g_free(sizes);
}

/* ---- heatmap ---- */

static void field_rect(const GsPanelLayout *pl, const GsLayer *l, double *x, double *y, double *w,
                       double *h)
{
  double xa = gs_layout_x(pl, l->x0), xb = gs_layout_x(pl, l->x1);
  double ya = gs_layout_y(pl, l->y0), yb = gs_layout_y(pl, l->y1);
  *x = MIN(xa, xb);
  *y = MIN(ya, yb);
  *w = fabs(xb - xa);
  *h = fabs(yb - ya);
}

static void draw_heatmap(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l)
{
  double fx, fy, fw, fh;
  field_rect(pl, l, &fx, &fy, &fw, &fh);
  /* One cell per sample, centred on it: the image reaches half a cell past the samples and is
   * clipped back to the sampled rectangle. */
  double cell_w = fw / (l->nx - 1), cell_h = fh / (l->ny - 1);
  gboolean flip_x = gs_layout_x(pl, l->x1) < gs_layout_x(pl, l->x0);
  gboolean flip_y = gs_layout_y(pl, l->y1) > gs_layout_y(pl, l->y0);
  rc->canvas->klass->push_clip(rc->canvas, fx, fy, fw, fh);
  if (flip_x || flip_y) {
    /* Rare (reversed limits): draw a flipped copy. */
    int w = l->nx, h = l->ny;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    guint8 *dst = cairo_image_surface_get_data(img), *src = cairo_image_surface_get_data(l->image);
    int ds = cairo_image_surface_get_stride(img), ss = cairo_image_surface_get_stride(l->image);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        ((guint32 *) (dst + (gsize) y * ds))[x] =
            ((guint32 *) (src + (gsize) (flip_y ? h - 1 - y : y) * ss))[flip_x ? w - 1 - x : x];
    cairo_surface_mark_dirty(img);
    rc->canvas->klass->image(rc->canvas, img, fx - cell_w / 2, fy - cell_h / 2, fw + cell_w,
                             fh + cell_h, l->smooth);
    cairo_surface_destroy(img);
  } else {
    rc->canvas->klass->image(rc->canvas, l->image, fx - cell_w / 2, fy - cell_h / 2, fw + cell_w,
                             fh + cell_h, l->smooth);
  }
  rc->canvas->klass->pop_clip(rc->canvas);
}

/* ---- contours ---- */

typedef struct {
  double x0, y0, x1, y1;
} LabelBox;

/* Data position of grid index (i, j) → pt. */
static void grid_to_pt(const GsPanelLayout *pl, const GsLayer *l, double i, double j, double *X,
                       double *Y)
{
  *X = gs_layout_x(pl, l->x0 + i * (l->x1 - l->x0) / (l->nx - 1));
  *Y = gs_layout_y(pl, l->y0 + j * (l->y1 - l->y0) / (l->ny - 1));
}

static double level_step(const GsLayer *l)
{
  double step = INFINITY;
  for (int k = 1; k < l->n_levels; k++) step = MIN(step, l->levels[k] - l->levels[k - 1]);
  if (!isfinite(step) || step <= 0)
    step = l->n_levels > 0 && l->levels[0] != 0 ? fabs(l->levels[0]) / 10 : 0.1;
  return step;
}

/* Point and direction at arc length s along a polyline with cumulative lengths cum[]. */
static void point_at(const double *pts, const double *cum, int n, double s, double *x, double *y)
{
  int k = 1;
  while (k < n - 1 && cum[k] < s) k++;
  double seg = cum[k] - cum[k - 1];
  double t = seg > 0 ? (s - cum[k - 1]) / seg : 0;
  t = CLAMP(t, 0, 1);
  *x = pts[2 * (k - 1)] + t * (pts[2 * k] - pts[2 * (k - 1)]);
  *y = pts[2 * (k - 1) + 1] + t * (pts[2 * k + 1] - pts[2 * (k - 1) + 1]);
}

/* Tries to put the level's label on the polyline; returns the arc interval to leave blank. */
static gboolean place_contour_label(GsRenderCtx *rc, const GsPanelLayout *pl, const double *pts,
                                    const double *cum, int n, const char *text, GPtrArray *placed,
                                    double *gap0, double *gap1, double *lx, double *ly,
                                    double *angle)
{
  double L = cum[n - 1];
  double w = gs_text_width(rc, text, &rc->f_small), h = gs_text_height(rc, &rc->f_small);
  if (L < 3 * w) return FALSE;
  static const double fractions[] = {0.5, 0.3, 0.7, 0.15, 0.85, 0.4, 0.6};
  double margin = 0.3 * rc->font;
  for (guint f = 0; f < G_N_ELEMENTS(fractions); f++) {
    double s = fractions[f] * L;
    if (s - w < 0 || s + w > L) continue;
    double ax, ay, bx, by, cx, cy;
    point_at(pts, cum, n, s - w / 2, &ax, &ay);
    point_at(pts, cum, n, s + w / 2, &bx, &by);
    point_at(pts, cum, n, s, &cx, &cy);
    if (hypot(bx - ax, by - ay) < 0.85 * w) /* too curved under the label */
      continue;
    double a = atan2(-(by - ay), bx - ax) * 180 / G_PI;
    if (a > 90) a -= 180;
    if (a < -90) a += 180;
    double rad = a * G_PI / 180;
    double hw = 0.5 * (fabs(w * cos(rad)) + fabs(h * sin(rad)));
    double hh = 0.5 * (fabs(w * sin(rad)) + fabs(h * cos(rad)));
    LabelBox box = {cx - hw, cy - hh, cx + hw, cy + hh};
    if (box.x0 < pl->px + margin || box.x1 > pl->px + pl->pw - margin || box.y0 < pl->py + margin ||
        box.y1 > pl->py + pl->ph - margin)
      continue;
    gboolean clash = FALSE;
    for (guint i = 0; i < placed->len && !clash; i++) {
      LabelBox *o = placed->pdata[i];
      clash = box.x0 < o->x1 && o->x0 < box.x1 && box.y0 < o->y1 && o->y0 < box.y1;
    }
    if (clash) continue;
    g_ptr_array_add(placed, g_memdup2(&box, sizeof box));
    double pad = 0.25 * rc->font;
    *gap0 = s - w / 2 - pad;
    *gap1 = s + w / 2 + pad;
    *lx = cx;
    *ly = cy;
    *angle = a;
    return TRUE;
  }
  return FALSE;
}

/* Douglas–Peucker in place: drops points closer than tol to the chord of their neighbours.
 * Contours from a fine grid have a vertex every pixel or two; a tenth of a point is below what
 * any output can show, and the strokes get several times cheaper. Returns the new count. */
static int simplify_polyline(double *pts, int n, double tol)
{
  if (n < 3) return n;
  guint8 *keep = g_new0(guint8, n);
  int *stack = g_new(int, 2 * n);
  int top = 0;
  keep[0] = keep[n - 1] = 1;
  stack[top++] = 0;
  stack[top++] = n - 1;
  while (top > 0) {
    int b = stack[--top], a = stack[--top];
    double ax = pts[2 * a], ay = pts[2 * a + 1], dx = pts[2 * b] - ax, dy = pts[2 * b + 1] - ay;
    double len = hypot(dx, dy), worst = 0;
    int at = -1;
    for (int k = a + 1; k < b; k++) {
      double px = pts[2 * k] - ax, py = pts[2 * k + 1] - ay;
      double d = len > 0 ? fabs(px * dy - py * dx) / len : hypot(px, py);
      if (d > worst) worst = d, at = k;
    }
    if (at >= 0 && worst > tol) {
      keep[at] = 1;
      stack[top++] = a;
      stack[top++] = at;
      stack[top++] = at;
      stack[top++] = b;
    }
  }
  int m = 0;
  for (int k = 0; k < n; k++)
    if (keep[k]) {
      pts[2 * m] = pts[2 * k];
      pts[2 * m + 1] = pts[2 * k + 1];
      m++;
    }
  g_free(keep);
  g_free(stack);
  return m;
}

/* Appends the polyline to path, leaving out arc lengths in [gap0, gap1]. */
static void add_polyline(GsPath *path, const double *pts, const double *cum, int n, double gap0,
                         double gap1)
{
  gboolean pen = FALSE;
  for (int k = 0; k < n; k++) {
    double s = cum[k];
    gboolean inside_gap = s > gap0 && s < gap1;
    if (k > 0) {
      double s0 = cum[k - 1];
      /* Entering or leaving the gap within this segment. */
      if (s0 <= gap0 && s > gap0) {
        double x, y;
        point_at(pts, cum, n, gap0, &x, &y);
        if (pen) gs_path_line_to(path, x, y);
        pen = FALSE;
      }
      if (s0 < gap1 && s >= gap1) {
        double x, y;
        point_at(pts, cum, n, gap1, &x, &y);
        gs_path_move_to(path, x, y);
        pen = TRUE;
      }
    }
    if (inside_gap) continue;
    if (pen)
      gs_path_line_to(path, pts[2 * k], pts[2 * k + 1]);
    else
      gs_path_move_to(path, pts[2 * k], pts[2 * k + 1]);
    pen = TRUE;
  }
}

static void fill_regions(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l)
{
  GsPath path;
  gs_path_init(&path);
  const GsNorm *n = &l->norm;
  for (int k = 0; k <= l->n_levels; k++) {
    /* Outer bands reach to the colour limits (or past them, if a level lies outside). */
    double lo = k > 0 ? l->levels[k - 1] : l->n_levels ? MIN(n->vmin, l->levels[0]) : n->vmin;
    double hi = k < l->n_levels ? l->levels[k]
                : l->n_levels   ? MAX(n->vmax, l->levels[l->n_levels - 1])
                                : n->vmax;
    GsColor c = gs_colormap_eval(l->cmap, gs_norm_apply(n, 0.5 * (lo + hi)));
    GsRegion *r = &l->regions[k];
    gs_path_clear(&path);
    const double *xy = (const double *) r->xy->data;
    for (guint q = 0; q < r->sizes->len; q++) {
      int m = g_array_index(r->sizes, int, q);
      for (int v = 0; v < m; v++) {
        double X, Y;
        grid_to_pt(pl, l, xy[2 * v], xy[2 * v + 1], &X, &Y);
        if (v == 0)
          gs_path_move_to(&path, X, Y);
        else
          gs_path_line_to(&path, X, Y);
      }
      gs_path_close(&path);
      xy += 2 * m;
    }
    rc->canvas->klass->fill(rc->canvas, &path, alpha_times(c, l->alpha));
  }
  gs_path_free_data(&path);
}

/* Whether a field is painted under layer l in its panel. */
static gboolean over_field(const GsLayer *l)
{
  GPtrArray *layers = l->panel->layers;
  for (guint k = 0; k < layers->len && layers->pdata[k] != l; k++) {
    const GsLayer *o = layers->pdata[k];
    if (o->kind == GS_LAYER_HEATMAP || (o->kind == GS_LAYER_CONTOUR && o->filled)) return TRUE;
  }
  return l->filled;
}

static void draw_contours(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, GPtrArray *placed)
{
  if (l->filled) fill_regions(rc, pl, l);
  /* Over a coloured field the lines are dark with a light halo whatever the theme: the field,
   * not the page, is what they must stand out from. */
  gboolean on_field = over_field(l);
  GsColor ink = on_field ? (GsColor){0.1, 0.1, 0.1, 0.8} : rc->theme->contour;
  GsColor halo = on_field ? (GsColor){1, 1, 1, 0.6} : rc->theme->halo;
  double step = level_step(l);
  GsPath path;
  gs_path_init(&path);
  GArray *labels = g_array_new(FALSE, FALSE, sizeof(double) * 3);
  GPtrArray *label_text = g_ptr_array_new_with_free_func(g_free);
  /* The emphasised level last, so it lies on top. */
  int order[l->n_levels + 1], n_order = 0, emph = -1;
  for (int k = 0; k < l->n_levels; k++) {
    if (l->has_emphasis && l->levels[k] == l->emphasis_level)
      emph = k;
    else
      order[n_order++] = k;
  }
  if (emph >= 0) order[n_order++] = emph;
  for (int o = 0; o < n_order; o++) {
    int k = order[o];
    GPtrArray *lines = l->contour_lines[k];
    if (!lines) continue;
    gboolean is_emph = k == emph;
    double level = l->levels[k];
    GsColor c = l->color_set ? l->color : ink;
    gboolean mono = !(l->cmap_set && !l->filled && !l->color_set);
    if (!mono) c = gs_colormap_eval(l->cmap, gs_norm_apply(&l->norm, level));
    c = alpha_times(c, l->alpha);
    if (is_emph) c.a = MAX(c.a, 0.95); /* the boundary is the point of the figure: never faint */
    double width = is_emph ? 2.0 * rc->s : gs_layer_effective_width(l, rc->s);
    /* Monochrome contours of a signed field: negative levels dashed, as in print. */
    GsDash dash = mono && !is_emph && level < 0 ? GS_DASH_DASHED : GS_DASH_SOLID;
    char text[GS_TICK_LABEL_MAX];
    /* Each level with the digits it needs ("0.5", "0.25"), not the step's. */
    if (fabs(level) < step * 1e-9) level = 0;
    gs_format_number(level, 6, text, sizeof text);
    gs_path_clear(&path);
    for (guint q = 0; q < lines->len; q++) {
      GsPolyline *pl_line = lines->pdata[q];
      int n = pl_line->n_points + (pl_line->closed ? 1 : 0);
      if (n < 2) continue;
      double *pts = g_new(double, 2 * n), *cum = g_new(double, n);
      for (int v = 0; v < n; v++) {
        int src = v % pl_line->n_points;
        grid_to_pt(pl, l, pl_line->xy[2 * src], pl_line->xy[2 * src + 1], &pts[2 * v],
                   &pts[2 * v + 1]);
      }
      n = simplify_polyline(pts, n, 0.1);
      for (int v = 0; v < n; v++)
        cum[v] = v == 0 ? 0
                        : cum[v - 1] +
                              hypot(pts[2 * v] - pts[2 * v - 2], pts[2 * v + 1] - pts[2 * v - 1]);
      double gap0 = INFINITY, gap1 = INFINITY, lx, ly, angle;
      if (l->contour_labels &&
          place_contour_label(rc, pl, pts, cum, n, text, placed, &gap0, &gap1, &lx, &ly, &angle)) {
        double rec[3] = {lx, ly, angle};
        g_array_append_val(labels, rec);
        g_ptr_array_add(label_text, g_strdup(text));
        g_ptr_array_add(label_text, g_memdup2(&c, sizeof c));
      }
      add_polyline(&path, pts, cum, n, gap0, gap1);
      g_free(pts);
      g_free(cum);
    }
    if (is_emph) {
      GsStroke under = {width + 1.6 * rc->s, halo, GS_DASH_SOLID, 0, TRUE};
      rc->canvas->klass->stroke(rc->canvas, &path, &under);
    }
    GsStroke st = {width, c, dash, width, TRUE};
    rc->canvas->klass->stroke(rc->canvas, &path, &st);
  }
  for (guint i = 0; i < labels->len; i++) {
    const double *rec = &g_array_index(labels, double, 3 * i);
    const char *text = label_text->pdata[2 * i];
    GsColor c = *(GsColor *) label_text->pdata[2 * i + 1];
    c.a = MAX(c.a, 0.9);
    gs_draw_text(rc, text, rec[0], rec[1], 0.5, 0.5, rec[2], &rc->f_small, c);
  }
  g_ptr_array_unref(label_text);
  g_array_free(labels, TRUE);
  gs_path_free_data(&path);
}

/* ---- quiver ---- */

static double quiver_scale(const GsLayer *l)
{
  return isnan(l->quiver_scale) ? l->quiver_auto_scale : l->quiver_scale;
}

static void draw_quiver(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, int slot)
{
  double scale = quiver_scale(l), width = gs_layer_effective_width(l, rc->s);
  GsColor base = alpha_times(gs_layer_effective_color(l, slot, rc->theme), l->alpha);
  GsPath path;
  gs_path_init(&path);
  for (int i = 0; i < l->n; i++) {
    double X0 = gs_layout_x(pl, l->x[i]), Y0 = gs_layout_y(pl, l->y[i]);
    double X1 = gs_layout_x(pl, l->x[i] + l->u[i] * scale);
    double Y1 = gs_layout_y(pl, l->y[i] + l->v[i] * scale);
    if (!isfinite(X0) || !isfinite(Y0) || !isfinite(X1) || !isfinite(Y1)) continue;
    double len = hypot(X1 - X0, Y1 - Y0);
    if (len < 0.5) continue;
    double head = MIN(0.4 * len, 3.0 * rc->s + 2.2 * width);
    if (l->cmap_set) {
      GsColor c = alpha_times(
          gs_colormap_eval(l->cmap, gs_norm_apply(&l->norm, hypot(l->u[i], l->v[i]))), l->alpha);
      gs_path_clear(&path);
      arrow_path(&path, X0, Y0, X1, Y1, width, head);
      rc->canvas->klass->fill(rc->canvas, &path, c);
    } else {
      arrow_path(&path, X0, Y0, X1, Y1, width, head);
    }
  }
  if (!l->cmap_set) rc->canvas->klass->fill(rc->canvas, &path, base);
  gs_path_free_data(&path);
}

void gs_draw_quiver_key(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l)
{
  double mag = isnan(l->key_magnitude) ? l->quiver_auto_key : l->key_magnitude;
  double scale = quiver_scale(l);
  double xa = gs_layout_x(pl, pl->x0), xb = gs_layout_x(pl, pl->x0 + mag * scale);
  double len = fabs(xb - xa);
  if (!(len > 1) || len > pl->pw * 0.6) return;
  char num[64];
  gs_format_number(mag, 3, num, sizeof num);
  char *text =
      l->key_label && *l->key_label ? g_strdup_printf("%s = %s", l->key_label, num) : g_strdup(num);
  double pad = 0.4 * rc->font, tw = gs_text_width(rc, text, &rc->f_small);
  double th = gs_text_height(rc, &rc->f_small);
  double bw = pad + len + 0.5 * rc->font + tw + pad, bh = 2 * pad + th;
  double bx = pl->px + pl->pw - bw - 0.4 * rc->font, by = pl->py + pl->ph - bh - 0.4 * rc->font;
  GsPath path;
  gs_path_init(&path);
  gs_path_rect(&path, bx, by, bw, bh);
  rc->canvas->klass->fill(rc->canvas, &path, rc->theme->legend_bg);
  GsStroke frame = {0.5 * rc->s, gs_color_with_alpha(rc->theme->ink_soft, 0.5), GS_DASH_SOLID, 0,
                    FALSE};
  rc->canvas->klass->stroke(rc->canvas, &path, &frame);
  gs_path_free_data(&path);
  double cy = by + bh / 2, width = gs_layer_effective_width(l, rc->s);
  GsColor c = l->cmap_set ? gs_colormap_eval(l->cmap, gs_norm_apply(&l->norm, mag))
                          : gs_layer_effective_color(l, 0, rc->theme);
  gs_draw_arrow(rc, bx + pad, cy, bx + pad + len, cy, width,
                MIN(0.4 * len, 3.0 * rc->s + 2.2 * width), c);
  gs_draw_text(rc, text, bx + pad + len + 0.5 * rc->font, cy, 0, 0.5, 0, &rc->f_small,
               rc->theme->ink);
  g_free(text);
}

/* ---- histogram and bars ---- */

static void draw_histogram(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, int slot)
{
  GsColor c = alpha_times(gs_layer_effective_color(l, slot, rc->theme), l->alpha);
  double base = gs_layout_y(pl, pl->yscale == GS_SCALE_LOG ? pl->y0 : 0);
  GsPath fill, outline;
  gs_path_init(&fill);
  gs_path_init(&outline);
  for (int b = 0; b < l->bins; b++) {
    double w = l->edges[b + 1] - l->edges[b];
    double v = l->density && l->n_samples ? l->counts[b] / (l->n_samples * w) : l->counts[b];
    double X0 = gs_layout_x(pl, l->edges[b]), X1 = gs_layout_x(pl, l->edges[b + 1]);
    double Y = v > 0 ? gs_layout_y(pl, v) : base;
    if (!isfinite(Y)) Y = base;
    if (v > 0) gs_path_rect(&fill, X0, Y, X1 - X0, base - Y);
    if (b == 0) gs_path_move_to(&outline, X0, base);
    gs_path_line_to(&outline, X0, Y);
    gs_path_line_to(&outline, X1, Y);
    if (b == l->bins - 1) gs_path_line_to(&outline, X1, base);
  }
  rc->canvas->klass->fill(rc->canvas, &fill, alpha_times(c, 0.55));
  GsStroke st = {gs_layer_effective_width(l, rc->s) * 1.2, c, GS_DASH_SOLID, 0, FALSE};
  rc->canvas->klass->stroke(rc->canvas, &outline, &st);
  gs_path_free_data(&fill);
  gs_path_free_data(&outline);
}

static void draw_bars(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, int slot,
                      int n_bar_layers, int bar_slot)
{
  GsColor c = alpha_times(gs_layer_effective_color(l, slot, rc->theme), l->alpha);
  double group = 0.8, w = group / MAX(1, n_bar_layers);
  double base = gs_layout_y(pl, pl->yscale == GS_SCALE_LOG ? pl->y0 : 0);
  GsPath path, err;
  gs_path_init(&path);
  gs_path_init(&err);
  for (int i = 0; i < l->n; i++) {
    double xc = i - group / 2 + (bar_slot + 0.5) * w;
    double X0 = gs_layout_x(pl, xc - 0.46 * w), X1 = gs_layout_x(pl, xc + 0.46 * w);
    double Y = gs_layout_y(pl, l->y[i]);
    if (!isfinite(Y)) continue;
    gs_path_rect(&path, X0, MIN(Y, base), X1 - X0, fabs(base - Y));
    if (l->errors && isfinite(l->errors[i])) {
      double Xc = gs_layout_x(pl, xc), cap = 0.25 * (X1 - X0);
      double Ya = gs_layout_y(pl, l->y[i] - fabs(l->errors[i]));
      double Yb = gs_layout_y(pl, l->y[i] + fabs(l->errors[i]));
      gs_path_move_to(&err, Xc, Ya);
      gs_path_line_to(&err, Xc, Yb);
      gs_path_move_to(&err, Xc - cap, Ya);
      gs_path_line_to(&err, Xc + cap, Ya);
      gs_path_move_to(&err, Xc - cap, Yb);
      gs_path_line_to(&err, Xc + cap, Yb);
    }
  }
  rc->canvas->klass->fill(rc->canvas, &path, c);
  GsStroke st = {1.0 * rc->s, rc->theme->ink, GS_DASH_SOLID, 0, FALSE};
  rc->canvas->klass->stroke(rc->canvas, &err, &st);
  gs_path_free_data(&path);
  gs_path_free_data(&err);
}

/* ---- image grid ---- */

/* Cuts text to fit width, ending in an ellipsis. */
static char *fit_text(GsRenderCtx *rc, const char *text, double width, const GsFont *font)
{
  if (gs_text_width(rc, text, font) <= width) return g_strdup(text);
  glong n = g_utf8_strlen(text, -1);
  for (glong keep = n - 1; keep > 0; keep--) {
    char *head = g_utf8_substring(text, 0, keep);
    char *s = g_strconcat(head, "…", NULL);
    g_free(head);
    if (gs_text_width(rc, s, font) <= width) return s;
    g_free(s);
  }
  return g_strdup("…");
}

gboolean gs_image_grid_geometry(GsRenderCtx *rc, const GsLayer *l, double x, double y, double w,
                                double h, GsGridGeometry *g)
{
  int n = (int) l->tiles->len;
  if (n == 0) return FALSE;
  g->cols = MIN(l->columns, n);
  g->rows = (n + g->cols - 1) / g->cols;
  gboolean captions = FALSE;
  for (int i = 0; i < n; i++) captions |= ((GsTile *) l->tiles->pdata[i])->caption != NULL;
  GsTile *first = l->tiles->pdata[0];
  double aspect = (double) first->w / first->h;
  g->gap = 0.5 * rc->font;
  g->cap_h = captions ? gs_text_height(rc, &rc->f_small) + 0.25 * rc->font : 0;
  double tw = (w - (g->cols - 1) * g->gap) / g->cols;
  double th = (h - (g->rows - 1) * g->gap) / g->rows - g->cap_h;
  if (tw / aspect > th)
    tw = th * aspect;
  else
    th = tw / aspect;
  if (tw <= 0 || th <= 0) return FALSE;
  g->tw = tw;
  g->th = th;
  g->total_w = g->cols * tw + (g->cols - 1) * g->gap;
  g->total_h = g->rows * (th + g->cap_h) + (g->rows - 1) * g->gap;
  g->x0 = x + (w - g->total_w) / 2;
  g->y0 = y + (h - g->total_h) / 2;
  return TRUE;
}

void gs_draw_image_grid(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l)
{
  GsGridGeometry g;
  if (!gs_image_grid_geometry(rc, l, pl->px, pl->py, pl->pw, pl->ph, &g)) return;
  GsPath path;
  gs_path_init(&path);
  for (int i = 0; i < (int) l->tiles->len; i++) {
    GsTile *t = l->tiles->pdata[i];
    int r = i / g.cols, c = i % g.cols;
    double tw = g.tw, th = g.th;
    double x = g.x0 + c * (tw + g.gap), y = g.y0 + r * (th + g.cap_h + g.gap);
    rc->canvas->klass->image(rc->canvas, t->image, x, y, tw, th, l->smooth);
    gs_path_clear(&path);
    if (t->highlighted) {
      double bw = 2.0 * rc->s;
      gs_path_rect(&path, x - bw / 2, y - bw / 2, tw + bw, th + bw);
      GsStroke st = {bw, t->highlight, GS_DASH_SOLID, 0, FALSE};
      rc->canvas->klass->stroke(rc->canvas, &path, &st);
    } else {
      gs_path_rect(&path, x, y, tw, th);
      GsStroke st = {0.5 * rc->s, gs_color_with_alpha(rc->theme->ink_soft, 0.6), GS_DASH_SOLID, 0,
                     FALSE};
      rc->canvas->klass->stroke(rc->canvas, &path, &st);
    }
    if (t->caption) {
      char *fitted = fit_text(rc, t->caption, tw + g.gap * 0.8, &rc->f_small);
      gs_draw_text(rc, fitted, x + tw / 2, y + th + 0.2 * rc->font + (t->highlighted ? rc->s : 0),
                   0.5, 0, 0, &rc->f_small, t->highlighted ? t->highlight : rc->theme->ink);
      g_free(fitted);
    }
  }
  gs_path_free_data(&path);
}

void gs_draw_layer_2d(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, int slot,
                      int n_bar_layers, int bar_slot, GPtrArray *placed_labels)
{
  switch (l->kind) {
  case GS_LAYER_LINE:
    draw_line(rc, pl, l, slot);
    break;
  case GS_LAYER_SCATTER:
    draw_scatter(rc, pl, l, slot);
    break;
  case GS_LAYER_HEATMAP:
    draw_heatmap(rc, pl, l);
    break;
  case GS_LAYER_CONTOUR:
    draw_contours(rc, pl, l, placed_labels);
    break;
  case GS_LAYER_QUIVER:
    draw_quiver(rc, pl, l, slot);
    break;
  case GS_LAYER_HISTOGRAM:
    draw_histogram(rc, pl, l, slot);
    break;
  case GS_LAYER_BARS:
    draw_bars(rc, pl, l, slot, n_bar_layers, bar_slot);
    break;
  case GS_LAYER_IMAGE_GRID:
    gs_draw_image_grid(rc, pl, l);
    break;
  default:
    break;
  }
}
