/* gs-figure-hit.c — what is under the pointer, and zoom, pan and rotation of panels. */
#include "gs-figure-impl.h"

#include <math.h>

GsFigureLayout *gs_figure_layout_ref(GsFigureLayout *layout)
{
  g_atomic_ref_count_inc(&layout->ref);
  return layout;
}

void gs_figure_layout_unref(GsFigureLayout *layout)
{
  if (!layout || !g_atomic_ref_count_dec(&layout->ref)) return;
  gs_figure_unref(layout->fig);
  g_free(layout->panels);
  g_free(layout);
}

int gs_figure_layout_get_n_panels(const GsFigureLayout *layout)
{
  return layout->n_panels;
}

void gs_figure_layout_get_size(const GsFigureLayout *layout, double *width, double *height)
{
  if (width) *width = layout->width;
  if (height) *height = layout->height;
}

int gs_figure_layout_panel_at(const GsFigureLayout *layout, double x, double y)
{
  for (int i = layout->n_panels - 1; i >= 0; i--) {
    const GsPanelLayout *pl = &layout->panels[i];
    if (x >= pl->px && x <= pl->px + pl->pw && y >= pl->py && y <= pl->py + pl->ph) return i;
  }
  return -1;
}

gboolean gs_figure_layout_panel_is_3d(const GsFigureLayout *layout, int panel)
{
  g_return_val_if_fail(panel >= 0 && panel < layout->n_panels, FALSE);
  return layout->panels[panel].is3d;
}

void gs_figure_layout_get_view(const GsFigureLayout *layout, int panel, GsPanelView *view)
{
  g_return_if_fail(panel >= 0 && panel < layout->n_panels);
  const GsPanelLayout *pl = &layout->panels[panel];
  view->x0 = pl->x0, view->x1 = pl->x1;
  view->y0 = pl->y0, view->y1 = pl->y1;
  view->azimuth = pl->is3d ? pl->proj.az : NAN;
  view->elevation = pl->is3d ? pl->proj.el : NAN;
}

/* Axis space: log10 on log axes, so zoom and pan are uniform there. */
static double to_axis(double v, GsScale s)
{
  return s == GS_SCALE_LOG ? log10(v) : v;
}

static double from_axis(double a, GsScale s)
{
  return s == GS_SCALE_LOG ? pow(10, a) : a;
}

gboolean gs_figure_layout_to_data(const GsFigureLayout *layout, int panel, double x, double y,
                                  double *data_x, double *data_y)
{
  g_return_val_if_fail(panel >= 0 && panel < layout->n_panels, FALSE);
  const GsPanelLayout *pl = &layout->panels[panel];
  if (pl->is3d || pl->pw <= 0 || pl->ph <= 0) return FALSE;
  double tx = (x - pl->px) / pl->pw, ty = (pl->py + pl->ph - y) / pl->ph;
  double ax0 = to_axis(pl->x0, pl->xscale), ax1 = to_axis(pl->x1, pl->xscale);
  double ay0 = to_axis(pl->y0, pl->yscale), ay1 = to_axis(pl->y1, pl->yscale);
  *data_x = from_axis(ax0 + tx * (ax1 - ax0), pl->xscale);
  *data_y = from_axis(ay0 + ty * (ay1 - ay0), pl->yscale);
  return TRUE;
}

static void append_pair(GString *s, const char *name, double v)
{
  char num[64];
  gs_format_number(v, 4, num, sizeof num);
  if (s->len) g_string_append(s, "   ");
  g_string_append_printf(s, "%s = %s", name, num);
}

static const char *or_default(const char *a, const char *b)
{
  return a && *a ? a : b;
}

char *gs_figure_layout_describe(const GsFigureLayout *layout, double x, double y)
{
  int index = gs_figure_layout_panel_at(layout, x, y);
  if (index < 0) return NULL;
  const GsPanelLayout *pl = &layout->panels[index];
  GsPanel *p = layout->fig->panels->pdata[index];
  GString *s = g_string_new(NULL);
  if (pl->is3d) {
    double dx, dy, dz;
    const char *what = NULL;
    if (!gs_panel3d_pick(pl, p, x, y, &dx, &dy, &dz, &what)) {
      g_string_free(s, TRUE);
      return NULL;
    }
    append_pair(s, or_default(p->xlabel, "x"), dx);
    append_pair(s, or_default(p->ylabel, "y"), dy);
    append_pair(s, or_default(p->zlabel, or_default(what, "z")), dz);
    return g_string_free(s, FALSE);
  }
  if (!pl->axes_visible) {
    g_string_free(s, TRUE);
    return NULL;
  }
  double dx, dy;
  gs_figure_layout_to_data(layout, index, x, y, &dx, &dy);
  append_pair(s, or_default(p->xlabel, "x"), dx);
  append_pair(s, or_default(p->ylabel, "y"), dy);
  /* The topmost field under the pointer, named after whichever field layer there has a name
   * (a heatmap's colorbar, typically, under unnamed contours); else the nearest point. */
  double value = NAN;
  const char *name = NULL;
  const GsLayer *grad_layer = NULL; /* the topmost field there that reports its gradient */
  for (int k = (int) p->layers->len - 1; k >= 0; k--) {
    GsLayer *l = p->layers->pdata[k];
    if (l->kind != GS_LAYER_HEATMAP && l->kind != GS_LAYER_CONTOUR) continue;
    double v = gs_field_sample(l, dx, dy);
    if (isnan(v)) continue;
    if (isnan(value)) value = v;
    if (!grad_layer && l->gradient_label) grad_layer = l;
    if (!name)
      name = l->colorbar_label && *l->colorbar_label ? l->colorbar_label
             : l->label && *l->label                 ? l->label
                                                     : NULL;
  }
  if (!isnan(value)) {
    append_pair(s, or_default(name, "value"), value);
    double gx, gy;
    if (grad_layer && gs_field_gradient(grad_layer, dx, dy, &gx, &gy)) {
      char a[64], b[64];
      gs_format_number(gx, 4, a, sizeof a);
      gs_format_number(gy, 4, b, sizeof b);
      g_string_append_printf(s, "   %s = (%s, %s)", grad_layer->gradient_label, a, b);
      g_autofree char *norm = g_strdup_printf("|%s|", grad_layer->gradient_label);
      append_pair(s, norm, hypot(gx, gy));
    }
    return g_string_free(s, FALSE);
  }
  double best = 64;
  GsLayer *hit = NULL;
  int hit_i = -1;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (l->kind != GS_LAYER_LINE && l->kind != GS_LAYER_SCATTER && l->kind != GS_LAYER_QUIVER)
      continue;
    for (int i = 0; i < l->n; i++) {
      double sx = gs_layout_x(pl, l->x[i]), sy = gs_layout_y(pl, l->y[i]);
      double d2 = (sx - x) * (sx - x) + (sy - y) * (sy - y);
      if (d2 < best) {
        best = d2;
        hit = l;
        hit_i = i;
      }
    }
  }
  if (hit) {
    char xs[64], ys[64];
    gs_format_number(hit->x[hit_i], 4, xs, sizeof xs);
    gs_format_number(hit->y[hit_i], 4, ys, sizeof ys);
    g_string_append_printf(s, "   %s (%s, %s)", or_default(hit->label, "point"), xs, ys);
    if (hit->kind == GS_LAYER_SCATTER && hit->values)
      append_pair(s, or_default(hit->colorbar_label, "value"), hit->values[hit_i]);
    if (hit->kind == GS_LAYER_QUIVER) append_pair(s, "|v|", hypot(hit->u[hit_i], hit->v[hit_i]));
  }
  return g_string_free(s, FALSE);
}

static void ensure_limits(GsPanelView *view, const GsPanelLayout *pl)
{
  if (isnan(view->x0) || isnan(view->x1)) view->x0 = pl->x0, view->x1 = pl->x1;
  if (isnan(view->y0) || isnan(view->y1)) view->y0 = pl->y0, view->y1 = pl->y1;
}

void gs_panel_view_zoom(GsPanelView *view, const GsFigureLayout *layout, int panel, double x,
                        double y, double factor)
{
  g_return_if_fail(panel >= 0 && panel < layout->n_panels && factor > 0);
  const GsPanelLayout *pl = &layout->panels[panel];
  if (pl->is3d || pl->pw <= 0 || pl->ph <= 0) return;
  /* The anchor comes from the view's own limits: several zooms may arrive before the frame
   * drawn with the previous one, and the point under the pointer must stay put. */
  ensure_limits(view, pl);
  double tx = (x - pl->px) / pl->pw, ty = (pl->py + pl->ph - y) / pl->ph;
  double lo = to_axis(view->x0, pl->xscale), hi = to_axis(view->x1, pl->xscale);
  double a = lo + tx * (hi - lo);
  view->x0 = from_axis(a - (a - lo) / factor, pl->xscale);
  view->x1 = from_axis(a + (hi - a) / factor, pl->xscale);
  lo = to_axis(view->y0, pl->yscale), hi = to_axis(view->y1, pl->yscale);
  a = lo + ty * (hi - lo);
  view->y0 = from_axis(a - (a - lo) / factor, pl->yscale);
  view->y1 = from_axis(a + (hi - a) / factor, pl->yscale);
}

void gs_panel_view_pan(GsPanelView *view, const GsFigureLayout *layout, int panel, double dx,
                       double dy)
{
  g_return_if_fail(panel >= 0 && panel < layout->n_panels);
  const GsPanelLayout *pl = &layout->panels[panel];
  if (pl->is3d || pl->pw <= 0 || pl->ph <= 0) return;
  ensure_limits(view, pl);
  double lo = to_axis(view->x0, pl->xscale), hi = to_axis(view->x1, pl->xscale);
  double shift = -dx / pl->pw * (hi - lo);
  view->x0 = from_axis(lo + shift, pl->xscale);
  view->x1 = from_axis(hi + shift, pl->xscale);
  lo = to_axis(view->y0, pl->yscale), hi = to_axis(view->y1, pl->yscale);
  shift = dy / pl->ph * (hi - lo);
  view->y0 = from_axis(lo + shift, pl->yscale);
  view->y1 = from_axis(hi + shift, pl->yscale);
}

void gs_panel_view_rotate(GsPanelView *view, const GsFigureLayout *layout, int panel, double dx,
                          double dy)
{
  g_return_if_fail(panel >= 0 && panel < layout->n_panels);
  const GsPanelLayout *pl = &layout->panels[panel];
  if (!pl->is3d) return;
  double az = isnan(view->azimuth) ? pl->proj.az : view->azimuth;
  double el = isnan(view->elevation) ? pl->proj.el : view->elevation;
  /* Half a degree per point: a drag across a typical panel turns it about half a turn. */
  az = fmod(az - 0.5 * dx, 360);
  el = CLAMP(el + 0.5 * dy, -90, 90);
  view->azimuth = az;
  view->elevation = el;
}
