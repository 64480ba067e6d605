/* gs-figure-3d.c — 3-D panels: an orthographic view of a height field as depth-sorted, shaded
 * quads (painter's algorithm), points with stems, and a labelled axes box. */
#include "gs-figure-impl.h"

#include <math.h>
#include <string.h>

/* Surfaces are resampled to at most this many quads a side: enough to read the shape, few
 * enough for vector files and for a frame budget. */
#define MAX_QUADS_PER_SIDE 48

typedef struct {
  double E[3], R[3], U[3]; /* eye direction, screen right, screen up (world, normalised box) */
} Camera;

static void camera(const GsProj3 *p, Camera *c)
{
  double a = p->az * G_PI / 180, e = p->el * G_PI / 180;
  c->E[0] = cos(e) * cos(a), c->E[1] = cos(e) * sin(a), c->E[2] = sin(e);
  c->R[0] = -sin(a), c->R[1] = cos(a), c->R[2] = 0;
  c->U[0] = -sin(e) * cos(a), c->U[1] = -sin(e) * sin(a), c->U[2] = cos(e);
}

static double dot3(const double *a, const double *b)
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* Box coordinates: x, y in [-1, 1], z in [-zaspect, zaspect]. */
static void normalise(const GsProj3 *p, double x, double y, double z, double P[3])
{
  P[0] = (x - p->cx) / p->hx;
  P[1] = (y - p->cy) / p->hy;
  P[2] = (z - p->cz) / p->hz * p->zaspect;
}

static void project_box(const GsProj3 *p, const Camera *c, const double P[3], double *sx,
                        double *sy, double *depth)
{
  *sx = p->ox + p->scale * dot3(P, c->R);
  *sy = p->oy - p->scale * dot3(P, c->U);
  if (depth) *depth = dot3(P, c->E);
}

void gs_proj3_project(const GsProj3 *p, double x, double y, double z, double *sx, double *sy,
                      double *depth)
{
  Camera c;
  camera(p, &c);
  double P[3];
  normalise(p, x, y, z, P);
  project_box(p, &c, P, sx, sy, depth);
}

static void extend(double *lo, double *hi, double v)
{
  if (isfinite(v)) {
    *lo = MIN(*lo, v);
    *hi = MAX(*hi, v);
  }
}

static void limits3d(GsPanel *p, double lim[3][2])
{
  for (int a = 0; a < 3; a++) lim[a][0] = INFINITY, lim[a][1] = -INFINITY;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (l->kind == GS_LAYER_SURFACE) {
      extend(&lim[0][0], &lim[0][1], l->x0);
      extend(&lim[0][0], &lim[0][1], l->x1);
      extend(&lim[1][0], &lim[1][1], l->y0);
      extend(&lim[1][0], &lim[1][1], l->y1);
      extend(&lim[2][0], &lim[2][1], l->data_lo);
      extend(&lim[2][0], &lim[2][1], l->data_hi);
    } else if (l->kind == GS_LAYER_POINTS3D) {
      for (int i = 0; i < l->n; i++) {
        extend(&lim[0][0], &lim[0][1], l->x[i]);
        extend(&lim[1][0], &lim[1][1], l->y[i]);
        extend(&lim[2][0], &lim[2][1], l->z[i]);
      }
    }
  }
  const double *explicit[3] = {p->xlim, p->ylim, p->zlim};
  for (int a = 0; a < 3; a++) {
    if (!isnan(explicit[a][0])) lim[a][0] = explicit[a][0];
    if (!isnan(explicit[a][1])) lim[a][1] = explicit[a][1];
    if (!isfinite(lim[a][0]) || !isfinite(lim[a][1])) lim[a][0] = 0, lim[a][1] = 1;
    if (lim[a][1] == lim[a][0]) lim[a][0] -= 0.5, lim[a][1] += 0.5;
  }
}

static void box_extent(GsRenderCtx *rc, GsPanel *p, const GsPanelLayout *pl, const Camera *cam,
                       double bbox[4]);

void gs_panel3d_layout(GsRenderCtx *rc, GsPanel *p, GsPanelLayout *pl, const GsPanelView *view)
{
  double lim[3][2];
  limits3d(p, lim);
  pl->x0 = lim[0][0], pl->x1 = lim[0][1];
  pl->y0 = lim[1][0], pl->y1 = lim[1][1];
  pl->z0 = lim[2][0], pl->z1 = lim[2][1];
  GsProj3 *pr = &pl->proj;
  pr->az = view && !isnan(view->azimuth) ? view->azimuth : p->azimuth;
  pr->el = view && !isnan(view->elevation) ? view->elevation : p->elevation;
  pr->el = CLAMP(pr->el, -90, 90);
  pr->cx = 0.5 * (pl->x0 + pl->x1), pr->hx = 0.5 * (pl->x1 - pl->x0);
  pr->cy = 0.5 * (pl->y0 + pl->y1), pr->hy = 0.5 * (pl->y1 - pl->y0);
  pr->cz = 0.5 * (pl->z0 + pl->z1), pr->hz = 0.5 * (pl->z1 - pl->z0);
  pr->zaspect = 0.75;

  double font = rc->font, pad = 0.5 * font;
  double top = pad + (p->title && *p->title ? gs_text_height(rc, &rc->f_title) + 0.6 * pad : 0);
  double right = pad;
  for (guint k = 0; k < p->layers->len; k++)
    if (gs_layer_has_colorbar(p->layers->pdata[k]))
      right += gs_colorbar_width(rc, p->layers->pdata[k], pl->ch * 0.6);
  /* The legend: a strip on the right (GS_LEGEND_OUTSIDE), else the top-left corner under the
   * title, above the box — a projected box has no corner that is reliably empty. */
  double lw, lh;
  pl->title_y = pl->cy + top - 0.5 * font;
  pl->legend_x = pl->legend_y = NAN;
  if (gs_panel_legend_size(rc, p, &lw, &lh)) {
    if (p->legend == GS_LEGEND_OUTSIDE) {
      pl->legend_x = pl->cx + pl->cw - pad - lw;
      pl->legend_y = pl->cy + top;
      right += lw + 0.6 * font;
    } else {
      pl->legend_x = pl->cx + pad;
      pl->legend_y = pl->cy + top;
      top += lh + 0.5 * font;
    }
  }
  pl->px = pl->cx + pad;
  pl->py = pl->cy + top;
  pl->pw = MAX(10, pl->cw - pad - right);
  pl->ph = MAX(10, pl->ch - top - pad);

  /* Fit the projected box, leaving room for tick labels and axis labels around it. */
  Camera c;
  camera(pr, &c);
  double umin = INFINITY, umax = -INFINITY, vmin = INFINITY, vmax = -INFINITY;
  for (int k = 0; k < 8; k++) {
    double P[3] = {k & 1 ? 1 : -1, k & 2 ? 1 : -1, (k & 4 ? 1 : -1) * pr->zaspect};
    double u = dot3(P, c.R), v = dot3(P, c.U);
    umin = MIN(umin, u), umax = MAX(umax, u);
    vmin = MIN(vmin, v), vmax = MAX(vmax, v);
  }
  double margin = 3.2 * font;
  double sw = (pl->pw - 2 * margin) / (umax - umin), sh = (pl->ph - 2 * margin) / (vmax - vmin);
  pr->scale = MAX(1, MIN(sw, sh));
  pr->ox = pl->px + pl->pw / 2 - pr->scale * 0.5 * (umin + umax);
  pr->oy = pl->py + pl->ph / 2 + pr->scale * 0.5 * (vmin + vmax);
  /* A guessed margin clips long tick labels or the z label in narrow panes: measure what the
   * axes draw around the box, scale the box into what is left and centre the whole. The labels
   * sit at fixed distances from the box, so two rounds settle it (the tick count can change). */
  for (int round = 0; round < 3; round++) {
    double bb[4];
    box_extent(rc, p, pl, &c, bb);
    double deco_w = (bb[2] - bb[0]) - pr->scale * (umax - umin);
    double deco_h = (bb[3] - bb[1]) - pr->scale * (vmax - vmin);
    double s = MIN((pl->pw - deco_w) / (umax - umin), (pl->ph - deco_h) / (vmax - vmin));
    pr->scale = MAX(1, s);
    box_extent(rc, p, pl, &c, bb);
    pr->ox += pl->px + pl->pw / 2 - 0.5 * (bb[0] + bb[2]);
    pr->oy += pl->py + pl->ph / 2 - 0.5 * (bb[1] + bb[3]);
  }
}

/* ---- drawing ---- */

typedef enum { PRIM_QUAD, PRIM_STEM, PRIM_POINT } PrimKind;

typedef struct {
  PrimKind kind;
  double depth;
  double xy[8];
  GsColor color;
  GsMarker marker;
  double size;
} Prim;

static int by_depth(gconstpointer a, gconstpointer b)
{
  double x = ((const Prim *) a)->depth, y = ((const Prim *) b)->depth;
  return (x > y) - (x < y); /* far (small depth) first */
}

static GsColor shade(GsColor c, double f)
{
  return (GsColor){c.r * f, c.g * f, c.b * f, c.a};
}

static void surface_prims(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, GArray *prims)
{
  const GsProj3 *pr = &pl->proj;
  Camera cam;
  camera(pr, &cam);
  double L[3];
  for (int k = 0; k < 3; k++) L[k] = 0.55 * cam.E[k] + 0.65 * cam.U[k] - 0.35 * cam.R[k];
  double ln = sqrt(dot3(L, L));
  for (int k = 0; k < 3; k++) L[k] /= ln;
  int mx = MIN(l->nx - 1, MAX_QUADS_PER_SIDE), my = MIN(l->ny - 1, MAX_QUADS_PER_SIDE);
  int nn = (mx + 1) * (my + 1);
  double *P = g_new(double, 3 * nn), *S = g_new(double, 3 * nn), *Z = g_new(double, nn);
  for (int b = 0; b <= my; b++)
    for (int a = 0; a <= mx; a++) {
      int idx = b * (mx + 1) + a;
      double x = l->x0 + (l->x1 - l->x0) * a / mx, y = l->y0 + (l->y1 - l->y0) * b / my;
      double z = gs_field_sample(l, x, y);
      Z[idx] = z;
      normalise(pr, x, y, z, &P[3 * idx]);
      project_box(pr, &cam, &P[3 * idx], &S[3 * idx], &S[3 * idx + 1], &S[3 * idx + 2]);
    }
  for (int b = 0; b < my; b++)
    for (int a = 0; a < mx; a++) {
      int i00 = b * (mx + 1) + a, i10 = i00 + 1, i01 = i00 + mx + 1, i11 = i01 + 1;
      double zm = 0.25 * (Z[i00] + Z[i10] + Z[i01] + Z[i11]);
      if (isnan(zm)) continue;
      double d1[3], d2[3], n[3];
      for (int k = 0; k < 3; k++) {
        d1[k] = P[3 * i11 + k] - P[3 * i00 + k];
        d2[k] = P[3 * i01 + k] - P[3 * i10 + k];
      }
      n[0] = d1[1] * d2[2] - d1[2] * d2[1];
      n[1] = d1[2] * d2[0] - d1[0] * d2[2];
      n[2] = d1[0] * d2[1] - d1[1] * d2[0];
      double nl = sqrt(dot3(n, n));
      double lambert = nl > 0 ? fabs(dot3(n, L)) / nl : 1;
      Prim q = {PRIM_QUAD};
      q.depth = 0.25 * (S[3 * i00 + 2] + S[3 * i10 + 2] + S[3 * i01 + 2] + S[3 * i11 + 2]);
      int order[4] = {i00, i10, i11, i01};
      for (int k = 0; k < 4; k++) {
        q.xy[2 * k] = S[3 * order[k]];
        q.xy[2 * k + 1] = S[3 * order[k] + 1];
      }
      GsColor base = gs_colormap_eval(l->cmap, gs_norm_apply(&l->norm, zm));
      q.color = shade(base, 0.5 + 0.5 * lambert);
      q.color.a = l->alpha;
      q.marker = l->wireframe ? GS_MARKER_PLUS : GS_MARKER_NONE; /* flag: draw the edges */
      g_array_append_val(prims, q);
    }
  g_free(P);
  g_free(S);
  g_free(Z);
  (void) rc;
}

static void point_prims(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, int slot,
                        GArray *prims)
{
  const GsProj3 *pr = &pl->proj;
  GsColor base = gs_layer_effective_color(l, slot, rc->theme);
  base.a *= l->alpha;
  double size = gs_layer_effective_marker_size(l, rc->s);
  double floor_z = pr->el >= 0 ? pl->z0 : pl->z1;
  for (int i = 0; i < l->n; i++) {
    double sx, sy, depth, fx, fy, fdepth;
    if (!isfinite(l->x[i]) || !isfinite(l->y[i]) || !isfinite(l->z[i])) continue;
    gs_proj3_project(pr, l->x[i], l->y[i], l->z[i], &sx, &sy, &depth);
    GsColor c = l->cmap_set ? gs_colormap_eval(l->cmap, gs_norm_apply(&l->norm, l->z[i])) : base;
    if (l->stems) {
      gs_proj3_project(pr, l->x[i], l->y[i], floor_z, &fx, &fy, &fdepth);
      Prim s = {PRIM_STEM};
      s.depth = 0.5 * (depth + fdepth);
      s.xy[0] = fx, s.xy[1] = fy, s.xy[2] = sx, s.xy[3] = sy;
      s.color = gs_color_with_alpha(rc->theme->ink_soft, 0.8 * l->alpha);
      g_array_append_val(prims, s);
    }
    Prim p = {PRIM_POINT};
    p.depth = depth + 1e-3;
    p.xy[0] = sx, p.xy[1] = sy;
    p.color = c;
    p.marker = l->marker != GS_MARKER_NONE ? l->marker : GS_MARKER_CIRCLE;
    p.size = size;
    g_array_append_val(prims, p);
  }
}

static void grow_box(double bbox[4], const double b[4])
{
  bbox[0] = MIN(bbox[0], b[0]), bbox[1] = MIN(bbox[1], b[1]);
  bbox[2] = MAX(bbox[2], b[2]), bbox[3] = MAX(bbox[3], b[3]);
}

/* One axis of the box: ticks and labels along a box edge, offset outwards. */
/* Screen boxes of the tick labels drawn so far: x0, y0, x1, y1. */
static gboolean box_free(GArray *placed, const double b[4])
{
  for (guint i = 0; i < placed->len / 4; i++) {
    const double *o = &g_array_index(placed, double, 4 * i);
    if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return FALSE;
  }
  return TRUE;
}

/* One axis of the box: ticks, tick labels and the axis label, on the edge through `fixed` along
 * `axis`, pushed toward `outward`. draw FALSE only measures: bbox (x0, y0, x1, y1) grows to hold
 * everything that would be drawn. */
static void draw_axis3d(GsRenderCtx *rc, const GsPanelLayout *pl, const Camera *cam, int axis,
                        const double fixed[3], const double outward[3], const char *label,
                        GArray *placed, gboolean draw, double bbox[4])
{
  const GsProj3 *pr = &pl->proj;
  double lo = axis == 0 ? pl->x0 : axis == 1 ? pl->y0 : pl->z0;
  double hi = axis == 0 ? pl->x1 : axis == 1 ? pl->y1 : pl->z1;
  /* Screen direction of "outward". */
  double dx = pr->scale * dot3(outward, cam->R), dy = -pr->scale * dot3(outward, cam->U);
  double dl = hypot(dx, dy);
  if (dl < 1e-6) dx = 0, dy = 1, dl = 1;
  dx /= dl, dy /= dl;
  /* Edge length on screen decides how many ticks fit. */
  double A[3] = {fixed[0], fixed[1], fixed[2]}, B[3] = {fixed[0], fixed[1], fixed[2]};
  A[axis] = axis == 2 ? -pr->zaspect : -1;
  B[axis] = axis == 2 ? pr->zaspect : 1;
  double ax, ay, bx, by;
  project_box(pr, cam, A, &ax, &ay, NULL);
  project_box(pr, cam, B, &bx, &by, NULL);
  double edge_len = hypot(bx - ax, by - ay);
  GsTicks t;
  gs_ticks_linear(&t, lo, hi, CLAMP((int) (edge_len / (3.5 * rc->f_tick.size)), 2, 7));
  double tick = 3.5 * rc->s, gap = tick + 0.35 * rc->font;
  double halign = 0.5 - 0.5 * dx, valign = 0.5 - 0.5 * dy;
  GsPath path;
  gs_path_init(&path);
  double extent = 0;
  double th = gs_text_height(rc, &rc->f_tick);
  for (int i = 0; i < t.n; i++) {
    double P[3] = {fixed[0], fixed[1], fixed[2]};
    double f = (t.value[i] - lo) / (hi - lo) * 2 - 1;
    P[axis] = axis == 2 ? f * pr->zaspect : f;
    double sx, sy;
    project_box(pr, cam, P, &sx, &sy, NULL);
    gs_path_move_to(&path, sx, sy);
    gs_path_line_to(&path, sx + dx * tick, sy + dy * tick);
    double w = gs_text_width(rc, t.label[i], &rc->f_tick);
    double lx = sx + dx * gap, ly = sy + dy * gap;
    double box[4] = {lx - halign * w, ly - valign * th, lx + (1 - halign) * w,
                     ly + (1 - valign) * th};
    extent = MAX(extent, fabs(dx) * w + fabs(dy) * th);
    if (!box_free(placed, box)) /* where two axes meet at a corner, the first one wins */
      continue;
    g_array_append_vals(placed, box, 4);
    if (bbox) grow_box(bbox, box);
    if (draw) gs_draw_text(rc, t.label[i], lx, ly, halign, valign, 0, &rc->f_tick, rc->theme->ink);
  }
  if (draw) {
    GsStroke st = {0.8 * rc->s, rc->theme->ink_soft, GS_DASH_SOLID, 0, FALSE};
    gs_path_move_to(&path, ax, ay);
    gs_path_line_to(&path, bx, by);
    rc->canvas->klass->stroke(rc->canvas, &path, &st);
  }
  gs_path_free_data(&path);
  if (label && *label) {
    double off = gap + extent + 0.5 * rc->font;
    double mx = 0.5 * (ax + bx) + dx * off, my = 0.5 * (ay + by) + dy * off;
    double w = gs_text_width(rc, label, &rc->f_label), h = gs_text_height(rc, &rc->f_label);
    double box[4] = {mx - halign * w, my - valign * h, mx + (1 - halign) * w,
                     my + (1 - valign) * h};
    if (bbox) grow_box(bbox, box);
    if (draw) gs_draw_text(rc, label, mx, my, halign, valign, 0, &rc->f_label, rc->theme->ink);
  }
}

/* Where the three axes go: x and y on the front edges of the floor, z on the left one of the
 * two side edges (as seen); fixed points and outward directions in box coordinates. */
typedef struct {
  double fixed[3][3], out[3][3];
} AxesFrame;

static void axes_frame(const GsProj3 *pr, const Camera *cam, AxesFrame *f)
{
  int xb = cam->E[0] > 0 ? -1 : 1, yb = cam->E[1] > 0 ? -1 : 1, zb = cam->E[2] >= 0 ? -1 : 1;
  double fz = zb * pr->zaspect;
  int xf = -xb, yf = -yb;
  double fx[3] = {0, yf, fz}, ox[3] = {0, yf, 0}, fy[3] = {xf, 0, fz}, oy[3] = {xf, 0, 0};
  double c1[3] = {xf, yb, 0}, c2[3] = {xb, yf, 0};
  const double *corner = dot3(c1, cam->R) < dot3(c2, cam->R) ? c1 : c2;
  double fzz[3] = {corner[0], corner[1], 0}, oz[3] = {corner[0], corner[1], 0};
  memcpy(f->fixed[0], fx, sizeof fx), memcpy(f->out[0], ox, sizeof ox);
  memcpy(f->fixed[1], fy, sizeof fy), memcpy(f->out[1], oy, sizeof oy);
  memcpy(f->fixed[2], fzz, sizeof fzz), memcpy(f->out[2], oz, sizeof oz);
}

static void draw_axes(GsRenderCtx *rc, GsPanel *p, const GsPanelLayout *pl, const Camera *cam,
                      gboolean draw, double bbox[4])
{
  AxesFrame f;
  axes_frame(&pl->proj, cam, &f);
  const char *labels[3] = {p->xlabel, p->ylabel, p->zlabel};
  GArray *placed = g_array_new(FALSE, FALSE, sizeof(double));
  for (int axis = 0; axis < 3; axis++)
    draw_axis3d(rc, pl, cam, axis, f.fixed[axis], f.out[axis], labels[axis], placed, draw, bbox);
  g_array_free(placed, TRUE);
}

/* Everything of the panel's box on screen: the projected box and its axes' labels. */
static void box_extent(GsRenderCtx *rc, GsPanel *p, const GsPanelLayout *pl, const Camera *cam,
                       double bbox[4])
{
  bbox[0] = bbox[1] = INFINITY, bbox[2] = bbox[3] = -INFINITY;
  for (int k = 0; k < 8; k++) {
    double P[3] = {k & 1 ? 1 : -1, k & 2 ? 1 : -1, (k & 4 ? 1 : -1) * pl->proj.zaspect}, x, y;
    project_box(&pl->proj, cam, P, &x, &y, NULL);
    double pt[4] = {x, y, x, y};
    grow_box(bbox, pt);
  }
  draw_axes(rc, p, pl, cam, FALSE, bbox);
}

static void draw_panes(GsRenderCtx *rc, const GsPanelLayout *pl, const Camera *cam, int xb, int yb,
                       int zb)
{
  const GsProj3 *pr = &pl->proj;
  double za = pr->zaspect;
  GsPath path;
  gs_path_init(&path);
  /* The three faces turned away from the eye. */
  double faces[3][4][3] = {
      {{xb, -1, -za}, {xb, 1, -za}, {xb, 1, za}, {xb, -1, za}},
      {{-1, yb, -za}, {1, yb, -za}, {1, yb, za}, {-1, yb, za}},
      {{-1, -1, zb * za}, {1, -1, zb * za}, {1, 1, zb * za}, {-1, 1, zb * za}},
  };
  for (int f = 0; f < 3; f++) {
    for (int k = 0; k < 4; k++) {
      double sx, sy;
      project_box(pr, cam, faces[f][k], &sx, &sy, NULL);
      if (k == 0)
        gs_path_move_to(&path, sx, sy);
      else
        gs_path_line_to(&path, sx, sy);
    }
    gs_path_close(&path);
  }
  rc->canvas->klass->fill(rc->canvas, &path, rc->theme->pane);
  /* Grid lines on the panes at the ticks. */
  gs_path_clear(&path);
  double lims[3][2] = {{pl->x0, pl->x1}, {pl->y0, pl->y1}, {pl->z0, pl->z1}};
  for (int axis = 0; axis < 3; axis++) {
    GsTicks t;
    gs_ticks_linear(&t, lims[axis][0], lims[axis][1], 6);
    for (int i = 0; i < t.n; i++) {
      double f = (t.value[i] - lims[axis][0]) / (lims[axis][1] - lims[axis][0]) * 2 - 1;
      if (axis == 2) f *= za;
      /* A line across each back face that this axis runs along. */
      for (int face = 0; face < 3; face++) {
        if (face == axis) continue;
        double A[3], B[3];
        memcpy(A, faces[face][0], sizeof A);
        memcpy(B, faces[face][0], sizeof B);
        A[axis] = B[axis] = f;
        int other = 3 - axis - face; /* the third axis spans the line */
        A[other] = other == 2 ? -za : -1;
        B[other] = other == 2 ? za : 1;
        double ax, ay, bx, by;
        project_box(pr, cam, A, &ax, &ay, NULL);
        project_box(pr, cam, B, &bx, &by, NULL);
        gs_path_move_to(&path, ax, ay);
        gs_path_line_to(&path, bx, by);
      }
    }
  }
  GsStroke st = {0.5 * rc->s, rc->theme->grid, GS_DASH_SOLID, 0, FALSE};
  if (!rc->theme->fill_background) st.color = gs_color_with_alpha(rc->theme->ink_soft, 0.25);
  rc->canvas->klass->stroke(rc->canvas, &path, &st);
  gs_path_free_data(&path);
}

void gs_panel3d_draw(GsRenderCtx *rc, GsPanel *p, const GsPanelLayout *pl)
{
  const GsProj3 *pr = &pl->proj;
  Camera cam;
  camera(pr, &cam);
  /* Back faces: the sides away from the eye; the floor when seen from above. */
  int xb = cam.E[0] > 0 ? -1 : 1, yb = cam.E[1] > 0 ? -1 : 1, zb = cam.E[2] >= 0 ? -1 : 1;
  draw_panes(rc, pl, &cam, xb, yb, zb);

  GArray *prims = g_array_new(FALSE, FALSE, sizeof(Prim));
  int slot = 0;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (l->kind == GS_LAYER_SURFACE)
      surface_prims(rc, pl, l, prims);
    else if (l->kind == GS_LAYER_POINTS3D)
      point_prims(rc, pl, l, slot++, prims);
  }
  g_array_sort(prims, by_depth);
  GsPath path;
  gs_path_init(&path);
  for (guint i = 0; i < prims->len; i++) {
    Prim *q = &g_array_index(prims, Prim, i);
    gs_path_clear(&path);
    switch (q->kind) {
    case PRIM_QUAD: {
      gs_path_move_to(&path, q->xy[0], q->xy[1]);
      for (int k = 1; k < 4; k++) gs_path_line_to(&path, q->xy[2 * k], q->xy[2 * k + 1]);
      gs_path_close(&path);
      rc->canvas->klass->fill(rc->canvas, &path, q->color);
      /* A hairline of the same colour hides the seams between neighbouring quads; the
       * wireframe replaces it with ink. */
      GsStroke st = {0.35 * rc->s, q->color, GS_DASH_SOLID, 0, TRUE};
      if (q->marker == GS_MARKER_PLUS)
        st = (GsStroke){0.4 * rc->s, gs_color_with_alpha(rc->theme->ink, 0.45), GS_DASH_SOLID, 0,
                        TRUE};
      rc->canvas->klass->stroke(rc->canvas, &path, &st);
      break;
    }
    case PRIM_STEM: {
      gs_path_move_to(&path, q->xy[0], q->xy[1]);
      gs_path_line_to(&path, q->xy[2], q->xy[3]);
      GsStroke st = {0.7 * rc->s, q->color, GS_DASH_SOLID, 0, TRUE};
      rc->canvas->klass->stroke(rc->canvas, &path, &st);
      break;
    }
    case PRIM_POINT:
      gs_draw_marker(rc, q->marker, q->xy[0], q->xy[1], q->size, q->color, TRUE);
      break;
    }
  }
  gs_path_free_data(&path);
  g_array_free(prims, TRUE);

  draw_axes(rc, p, pl, &cam, TRUE, NULL);

  if (p->title && *p->title) {
    /* over the box, but moved in where a narrow pane would cut it */
    double w = gs_text_width(rc, p->title, &rc->f_title), x = pl->px + pl->pw / 2;
    if (w < pl->cw) x = CLAMP(x, pl->cx + w / 2, pl->cx + pl->cw - w / 2);
    gs_draw_text(rc, p->title, x, pl->title_y, 0.5, 1, 0, &rc->f_title, rc->theme->ink);
  }
  double cbx = pl->px + pl->pw;
  double cb_h = pl->ph * 0.6, cb_y = pl->py + (pl->ph - cb_h) / 2;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (!gs_layer_has_colorbar(l)) continue;
    gs_draw_colorbar(rc, p, l, cbx + 0.9 * rc->font, cb_y, cb_h);
    cbx += gs_colorbar_width(rc, l, cb_h);
  }
  if (!isnan(pl->legend_x)) gs_panel_draw_legend_at(rc, p, pl->legend_x, pl->legend_y);
}

gboolean gs_panel3d_pick(const GsPanelLayout *pl, GsPanel *p, double x, double y, double *dx,
                         double *dy, double *dz, const char **what)
{
  const GsProj3 *pr = &pl->proj;
  double best_d2 = 100, best_depth = -INFINITY; /* within 10 pt */
  gboolean found = FALSE;
  for (guint k = 0; k < p->layers->len; k++) {
    GsLayer *l = p->layers->pdata[k];
    if (l->kind == GS_LAYER_SURFACE) {
      int mx = MIN(l->nx - 1, MAX_QUADS_PER_SIDE), my = MIN(l->ny - 1, MAX_QUADS_PER_SIDE);
      for (int b = 0; b <= my; b++)
        for (int a = 0; a <= mx; a++) {
          double wx = l->x0 + (l->x1 - l->x0) * a / mx, wy = l->y0 + (l->y1 - l->y0) * b / my;
          double wz = gs_field_sample(l, wx, wy), sx, sy, depth;
          if (isnan(wz)) continue;
          gs_proj3_project(pr, wx, wy, wz, &sx, &sy, &depth);
          double d2 = (sx - x) * (sx - x) + (sy - y) * (sy - y);
          /* Among the vertices under the pointer, the one nearest the eye. */
          if (d2 < 100 &&
              (depth > best_depth + 0.05 || (fabs(depth - best_depth) <= 0.05 && d2 < best_d2))) {
            best_depth = depth, best_d2 = d2;
            *dx = wx, *dy = wy, *dz = wz;
            *what = l->label;
            found = TRUE;
          }
        }
    } else if (l->kind == GS_LAYER_POINTS3D) {
      for (int i = 0; i < l->n; i++) {
        double sx, sy, depth;
        gs_proj3_project(pr, l->x[i], l->y[i], l->z[i], &sx, &sy, &depth);
        double d2 = (sx - x) * (sx - x) + (sy - y) * (sy - y);
        if (d2 < 49 && depth >= best_depth - 0.05) {
          best_depth = depth + 0.1, best_d2 = d2;
          *dx = l->x[i], *dy = l->y[i], *dz = l->z[i];
          *what = l->label;
          found = TRUE;
        }
      }
    }
  }
  return found;
}
