/* gs-view-landscape.c — the views of the discriminator-landscape experiment:
 *   landscape        D over the plane (PRGn centred on the decision value), contours with the
 *                    decision boundary bold, real and fake samples, ∇D arrows at the fakes
 *   landscape-field  the same with the ∇D field on a grid
 *   dstar            trained D, optimal D* = p/(p+q) (q a KDE of G's samples), |D − D*|
 *   manifold         G's image of a latent grid (warped mesh) or line, cells shaded by density
 * All built from the snapshot items documented in gs-landscape.h. */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "gs-view.h"

#define REAL_COLOR 0x1b7837 /* GAN Lab's green and purple */
#define FAKE_COLOR 0x762a83
#define ARROWS     128 /* ∇D arrows drawn at the first fakes */

typedef struct {
  double box[4], decision;
  gboolean prob;
} Frame;

static gboolean read_frame(GsSnapshot *snap, Frame *f)
{
  double prob = 0;
  gboolean ok = gs_snapshot_get_scalar(snap, "box_x0", &f->box[0]) &&
                gs_snapshot_get_scalar(snap, "box_x1", &f->box[1]) &&
                gs_snapshot_get_scalar(snap, "box_y0", &f->box[2]) &&
                gs_snapshot_get_scalar(snap, "box_y1", &f->box[3]) &&
                gs_snapshot_get_scalar(snap, "decision", &f->decision) &&
                gs_snapshot_get_scalar(snap, "d_is_prob", &prob);
  f->prob = prob != 0;
  if (ok && f->decision != 0 && isfinite(f->decision)) { /* 3 digits, for the contour's label */
    double unit = pow(10, floor(log10(fabs(f->decision))) - 2);
    f->decision = round(f->decision / unit) * unit;
  }
  return ok;
}

static GsFigure *missing(const char *what)
{
  GsFigure *fig = gs_figure_new(1, 1);
  gs_figure_set_title(fig, what);
  return fig;
}

static void setup_plane(GsPanel *p, const Frame *f)
{
  gs_panel_set_xlabel(p, "x₁");
  gs_panel_set_ylabel(p, "x₂");
  gs_panel_set_equal_aspect(p, TRUE);
  gs_panel_set_grid(p, FALSE);
  gs_panel_set_xlim(p, f->box[0], f->box[1]);
  gs_panel_set_ylim(p, f->box[2], f->box[3]);
}

/* A heatmap of a (r, r) item over the box, diverging about the decision value. */
static GsLayer *add_d_heatmap(GsPanel *p, const Frame *f, const float *v, int r, const char *label)
{
  GsField field = {v, r, r, f->box[0], f->box[1], f->box[2], f->box[3]};
  GsLayer *heat = gs_panel_add_heatmap(p, &field);
  gs_layer_set_colormap(heat, gs_colormap_get(GS_COLORMAP_PRGN));
  if (f->prob) {
    gs_layer_set_range(heat, 0, 1, 0.5);
  } else { /* symmetric about the decision value, so white is the boundary */
    double m = 0;
    for (int k = 0; k < r * r; k++) m = MAX(m, fabs(v[k] - f->decision));
    m = m > 0 ? m : 1;
    gs_layer_set_range(heat, f->decision - m, f->decision + m, f->decision);
  }
  gs_layer_set_smooth(heat, TRUE);
  gs_layer_add_colorbar(heat, label);
  return heat;
}

static void add_d_contours(GsPanel *p, const Frame *f, const float *v, int r)
{
  GsField field = {v, r, r, f->box[0], f->box[1], f->box[2], f->box[3]};
  GsLayer *iso;
  if (f->prob)
    iso = gs_panel_add_contours(p, &field, (double[]){0.1, 0.3, 0.5, 0.7, 0.9}, 5);
  else
    iso = gs_panel_add_contours(p, &field, NULL, 7);
  gs_layer_set_color(iso, gs_color_hex(0x404040));
  gs_layer_set_alpha(iso, 0.7);
  g_autofree char *label = f->prob ? g_strdup_printf(_("decision boundary D = %g"), f->decision)
                                   : g_strdup_printf(_("boundary f = %.3g"), f->decision);
  gs_contour_emphasize(iso, f->decision, label);
}

static GsFigure *build_landscape(GsSnapshot *snap, gboolean field)
{
  Frame f;
  int ndim;
  gint64 shape[4], rshape[4], fshape[4];
  const float *d = gs_snapshot_get_floats(snap, "d_grid", &ndim, shape);
  const float *real = gs_snapshot_get_floats(snap, "real", &ndim, rshape);
  const float *fake = gs_snapshot_get_floats(snap, "fake", &ndim, fshape);
  const float *fake_grad = gs_snapshot_get_floats(snap, "fake_grad", &ndim, fshape);
  if (!read_frame(snap, &f) || !d || !real || !fake || !fake_grad)
    return missing(_("This snapshot has no landscape"));
  int r = (int) shape[0];
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  setup_plane(p, &f);
  GsLayer *heat = add_d_heatmap(p, &f, d, r, f.prob ? "D(x)" : "f(x)");
  /* ∇D under the pointer: central differences of the r² grid (r = 256 by default) */
  gs_field_set_gradient_readout(heat, f.prob ? "∇D" : "∇f");
  add_d_contours(p, &f, d, r);

  if (field) {
    const float *g = gs_snapshot_get_floats(snap, "d_grad", &ndim, shape);
    if (g) {
      int gr = (int) shape[0];
      g_autofree double *x = g_new(double, gr *gr), *y = g_new(double, gr *gr);
      g_autofree double *u = g_new(double, gr *gr), *v = g_new(double, gr *gr);
      for (int j = 0; j < gr; j++)
        for (int i = 0; i < gr; i++) {
          int k = j * gr + i;
          x[k] = f.box[0] + i * (f.box[1] - f.box[0]) / (gr - 1);
          y[k] = f.box[2] + j * (f.box[3] - f.box[2]) / (gr - 1);
          u[k] = g[2 * k];
          v[k] = g[2 * k + 1];
        }
      GsLayer *q = gs_panel_add_quiver(p, x, y, u, v, gr * gr);
      gs_layer_set_color(q, gs_color_hex(0x303030));
      gs_layer_set_alpha(q, 0.6);
      gs_layer_set_label(q, "∇D");
    }
  }

  GsLayer *fl = gs_panel_add_scatter_xy(p, fake, (int) fshape[0]);
  gs_layer_set_color(fl, gs_color_hex(FAKE_COLOR));
  gs_layer_set_marker(fl, GS_MARKER_CIRCLE, 3);
  gs_layer_set_alpha(fl, 0.8);
  gs_layer_set_label(fl, _("generated"));

  GsLayer *rl = gs_panel_add_scatter_xy(p, real, (int) rshape[0]);
  gs_layer_set_color(rl, gs_color_hex(REAL_COLOR));
  gs_layer_set_marker(rl, GS_MARKER_CIRCLE, 3);
  gs_layer_set_alpha(rl, 0.8);
  gs_layer_set_label(rl, _("real"));
  /* G's gradients: ∇D at the fakes, the direction the generator moves them */
  int na = MIN(ARROWS, (int) fshape[0]);
  double ax[ARROWS], ay[ARROWS], au[ARROWS], av[ARROWS];
  for (int k = 0; k < na; k++) {
    ax[k] = fake[2 * k];
    ay[k] = fake[2 * k + 1];
    au[k] = fake_grad[2 * k];
    av[k] = fake_grad[2 * k + 1];
  }
  GsLayer *arrows = gs_panel_add_quiver(p, ax, ay, au, av, na);
  gs_layer_set_color(arrows, gs_color_hex(FAKE_COLOR));
  gs_layer_set_label(arrows, _("G's gradient ∇D(G(z))"));

  g_autofree char *title =
      g_strdup_printf(_("Discriminator landscape at step %" PRId64), gs_snapshot_get_step(snap));
  gs_panel_set_title(p, title);
  return fig;
}

static GsFigure *landscape_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  return build_landscape(snap, FALSE);
}

static GsFigure *landscape_field_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  return build_landscape(snap, TRUE);
}

static GsFigure *dstar_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  Frame f;
  double has = 0, lsgan = 0;
  int ndim;
  gint64 shape[4];
  if (!read_frame(snap, &f) || !gs_snapshot_get_scalar(snap, "has_dstar", &has))
    return missing(_("This snapshot has no landscape"));
  if (!has)
    return missing(_("D* needs data with a known density (every preset but the GAN Lab ring)"));
  gs_snapshot_get_scalar(snap, "loss_is_lsgan", &lsgan);
  const float *p = gs_snapshot_get_floats(snap, "p_grid", &ndim, shape);
  const float *q = gs_snapshot_get_floats(snap, "q_grid", &ndim, shape);
  const float *d = gs_snapshot_get_floats(snap, "d_small", &ndim, shape);
  if (!p || !q || !d) return missing(_("This snapshot has no D*"));
  int r = (int) shape[0];
  gboolean comparable = f.prob || lsgan != 0; /* D* = p/(p+q) is the optimum of these losses */
  g_autofree float *dstar = g_new(float, r *r), *diff = g_new(float, r *r);
  for (int k = 0; k < r * r; k++) {
    double s = (double) p[k] + q[k];
    dstar[k] = s > 1e-12 ? (float) (p[k] / s) : NAN; /* 0/0 where neither has mass */
    diff[k] = comparable && s > 1e-12 ? fabsf(d[k] - dstar[k]) : NAN;
  }
  GsFigure *fig = gs_figure_new(1, comparable ? 3 : 2);
  Frame prob_frame = f;
  prob_frame.prob = TRUE;
  prob_frame.decision = 0.5;

  GsPanel *pd = gs_figure_panel(fig, 0, 0);
  setup_plane(pd, &f);
  add_d_heatmap(pd, &f, d, r, f.prob ? "D(x)" : "f(x)");
  add_d_contours(pd, &f, d, r);
  gs_panel_set_title(pd, _("trained D"));
  gs_panel_set_legend(pd, GS_LEGEND_NONE);

  GsPanel *ps = gs_figure_panel(fig, 0, 1);
  setup_plane(ps, &f);
  add_d_heatmap(ps, &prob_frame, dstar, r, "D*(x)");
  add_d_contours(ps, &prob_frame, dstar, r);
  gs_panel_set_title(ps, _("optimal D* = p / (p + q)"));
  gs_panel_set_legend(ps, GS_LEGEND_NONE);

  if (comparable) {
    GsPanel *pe = gs_figure_panel(fig, 0, 2);
    setup_plane(pe, &f);
    GsField field = {diff, r, r, f.box[0], f.box[1], f.box[2], f.box[3]};
    GsLayer *heat = gs_panel_add_heatmap(pe, &field);
    gs_layer_set_colormap(heat, gs_colormap_get(GS_COLORMAP_MAGMA));
    gs_layer_set_range(heat, 0, 1, NAN);
    gs_layer_set_smooth(heat, TRUE);
    gs_layer_add_colorbar(heat, "|D − D*|");
    gs_panel_set_title(pe, "|D − D*|");
  }
  g_autofree char *title = g_strdup_printf(
      _("Optimal discriminator at step %" PRId64 " (q: kernel density of 8,192 samples)"),
      gs_snapshot_get_step(snap));
  gs_figure_set_title(fig, title);
  return fig;
}

static double tri_area(const float *a, const float *b, const float *c)
{
  return 0.5 * fabs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]));
}

static GsFigure *manifold_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  Frame f;
  double dim = 0;
  int ndim;
  gint64 shape[4], rshape[4];
  const float *m = gs_snapshot_get_floats(snap, "manifold", &ndim, shape);
  const float *real = gs_snapshot_get_floats(snap, "real", &ndim, rshape);
  if (!read_frame(snap, &f) || !m || !real || !gs_snapshot_get_scalar(snap, "manifold_dim", &dim))
    return missing(_("This snapshot has no generator manifold"));
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  setup_plane(p, &f);
  GsLayer *rl = gs_panel_add_scatter_xy(p, real, (int) rshape[0]);
  gs_layer_set_color(rl, gs_color_hex(REAL_COLOR));
  gs_layer_set_marker(rl, GS_MARKER_CIRCLE, 2.5);
  gs_layer_set_alpha(rl, 0.5);
  gs_layer_set_label(rl, _("real"));

  /* Each latent cell holds the same probability mass, so G's density there is ∝ 1 / area. */
  if (dim == 1) {
    int n = (int) shape[0];
    g_autofree double *x = g_new(double, n), *y = g_new(double, n);
    g_autofree double *cx = g_new(double, n - 1), *cy = g_new(double, n - 1),
                      *dens = g_new(double, n - 1);
    for (int k = 0; k < n; k++) x[k] = m[2 * k], y[k] = m[2 * k + 1];
    for (int k = 0; k + 1 < n; k++) {
      cx[k] = 0.5 * (x[k] + x[k + 1]);
      cy[k] = 0.5 * (y[k] + y[k + 1]);
      dens[k] = -log10(MAX(hypot(x[k + 1] - x[k], y[k + 1] - y[k]), 1e-9));
    }
    GsLayer *curve = gs_panel_add_line(p, x, y, n);
    gs_layer_set_color(curve, gs_color_hex(FAKE_COLOR));
    gs_layer_set_label(curve, _("G(z), z on a line"));
    GsLayer *dots = gs_panel_add_scatter(p, cx, cy, n - 1);
    gs_layer_set_colormap(dots, gs_colormap_get(GS_COLORMAP_MAGMA));
    gs_scatter_set_values(dots, dens);
    gs_layer_set_marker(dots, GS_MARKER_CIRCLE, 4);
    gs_layer_add_colorbar(dots, _("log₁₀ density (1 / length)"));
  } else {
    int n = (int) shape[0], cells = n - 1;
    /* mesh lines: rows and columns, NaN between them */
    int len = 2 * n * (n + 1);
    g_autofree double *lx = g_new(double, len), *ly = g_new(double, len);
    int k = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) lx[k] = m[2 * (j * n + i)], ly[k++] = m[2 * (j * n + i) + 1];
      lx[k] = ly[k] = NAN, k++;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) lx[k] = m[2 * (j * n + i)], ly[k++] = m[2 * (j * n + i) + 1];
      lx[k] = ly[k] = NAN, k++;
    }
    g_autofree double *cx = g_new(double, cells *cells), *cy = g_new(double, cells *cells),
                      *dens = g_new(double, cells *cells);
    for (int j = 0; j < cells; j++)
      for (int i = 0; i < cells; i++) {
        const float *a = m + 2 * (j * n + i), *b = m + 2 * (j * n + i + 1),
                    *c = m + 2 * ((j + 1) * n + i + 1), *d = m + 2 * ((j + 1) * n + i);
        double area = tri_area(a, b, c) + tri_area(a, c, d);
        int c_k = j * cells + i;
        cx[c_k] = 0.25 * (a[0] + b[0] + c[0] + d[0]);
        cy[c_k] = 0.25 * (a[1] + b[1] + c[1] + d[1]);
        dens[c_k] = -log10(MAX(area, 1e-12));
      }
    GsLayer *dots = gs_panel_add_scatter(p, cx, cy, cells * cells);
    gs_layer_set_colormap(dots, gs_colormap_get(GS_COLORMAP_MAGMA));
    gs_scatter_set_values(dots, dens);
    gs_layer_set_marker(dots, GS_MARKER_SQUARE, 5);
    gs_layer_add_colorbar(dots, _("log₁₀ density (1 / cell area)"));
    GsLayer *mesh = gs_panel_add_line(p, lx, ly, k);
    gs_layer_set_color(mesh, gs_color_hex(FAKE_COLOR));
    gs_layer_set_line_width(mesh, 0.6);
    gs_layer_set_alpha(mesh, 0.8);
    gs_layer_set_label(mesh, _("G(latent grid)"));
  }
  g_autofree char *title =
      g_strdup_printf(_("Generator manifold at step %" PRId64), gs_snapshot_get_step(snap));
  gs_panel_set_title(p, title);
  return fig;
}

const GsView gs_view_landscape = {.kind = "landscape",
                                  .name = "landscape",
                                  .title = N_("Landscape"),
                                  .build = landscape_build,
                                  .data_plane = TRUE};
const GsView gs_view_landscape_field = {.kind = "landscape",
                                        .name = "landscape-field",
                                        .title = N_("Landscape with ∇D field"),
                                        .build = landscape_field_build,
                                        .data_plane = TRUE};
const GsView gs_view_landscape_dstar = {
    .kind = "landscape", .name = "dstar", .title = N_("Optimal D*"), .build = dstar_build};
const GsView gs_view_landscape_manifold = {.kind = "landscape",
                                           .name = "manifold",
                                           .title = N_("Generator manifold"),
                                           .build = manifold_build,
                                           .data_plane = TRUE};
