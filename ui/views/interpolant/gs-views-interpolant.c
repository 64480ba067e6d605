/* gs-views-interpolant.c — the views of the "interpolant" kind (app/experiments/interpolant):
 *   critic    D as heatmap with contours, the ∇D field and the centres (real and fake batches);
 *   surface   D as a rotatable 3-D surface with the real and fake centres standing on it;
 *   kernel    φ(r) of the current m and n;
 *   distances W2² (Gaussian closed form) and energy distance between the batches over steps;
 *   samples   generated and real images side by side (Fashion-MNIST);
 *   compare   the trained order-m critic beside the closed-form one on the same batch, and
 *             their difference (each standardised: the two differ by scale and offset).
 * Closed-form D is singular at the centres for log and negative-power kernels, so colour ranges
 * are set by the 2nd–98th percentiles of the field rather than its extremes. */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gs-view-group.h"

enum { CRITIC_POLY_WGAN = 0, CRITIC_POLY_LSGAN = 1, CRITIC_GMMN = 2, CRITIC_ORDER_M = 8 };

static const char *critic_name(double critic)
{
  switch ((int) critic) {
  case 0:
    return _("Poly-WGAN");
  case 1:
    return _("Poly-LSGAN");
  case 2:
    return _("GMMN witness");
  case 3:
    return _("WGAN-GP");
  case 4:
    return _("WGAN-LP");
  case 5:
    return _("R1");
  case 6:
    return _("R2");
  case 7:
    return _("weight clipping");
  default:
    return _("order-m penalty");
  }
}

/* n written in superscript digits: 2 → "²", −12 → "⁻¹²". */
static void append_superscript(GString *out, int n)
{
  static const char *const digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  char buf[16];
  g_snprintf(buf, sizeof buf, "%d", n);
  for (const char *c = buf; *c; c++) g_string_append(out, *c == '-' ? "⁻" : digits[*c - '0']);
}

/* "log r", "r² log r", "r", "r⁻³" … for titles. */
static char *kernel_text(GsSnapshot *snap)
{
  double k = 0, is_log = 0;
  gs_snapshot_get_scalar(snap, "k", &k);
  gs_snapshot_get_scalar(snap, "kernel_log", &is_log);
  int ki = (int) k;
  GString *out = g_string_new(NULL);
  if (ki != 0 || !is_log) {
    g_string_append(out, "r");
    if (ki != 1) append_superscript(out, ki);
  }
  if (is_log) g_string_append(out, ki == 0 ? "log r" : " log r");
  return g_string_free(out, FALSE);
}

static int cmp_float(const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

/* The p-th and (1 − p)-th quantiles of the finite values. */
static void quantile_range(const float *v, gsize n, double p, double *lo, double *hi)
{
  float *s = g_new(float, MAX(n, 1));
  gsize m = 0;
  for (gsize i = 0; i < n; i++)
    if (isfinite(v[i])) s[m++] = v[i];
  if (m == 0) {
    *lo = -1, *hi = 1;
  } else {
    qsort(s, m, sizeof *s, cmp_float);
    *lo = s[(gsize) (p * (m - 1))];
    *hi = s[(gsize) ((1 - p) * (m - 1))];
    if (!(*hi > *lo)) *lo -= 0.5, *hi += 0.5;
  }
  g_free(s);
}

static GsFigure *missing(const char *what)
{
  GsFigure *fig = gs_figure_new(1, 1);
  gs_figure_set_title(fig, what);
  return fig;
}

typedef struct {
  const float *grid;
  int R;
  double box[4];
  const float *real, *fake;
  int B;
} Landscape;

static gboolean get_landscape(GsSnapshot *snap, const char *grid_name, Landscape *l)
{
  int nd;
  gint64 shape[4];
  l->grid = gs_snapshot_get_floats(snap, grid_name, &nd, shape);
  if (!l->grid || nd != 2) return FALSE;
  l->R = (int) shape[0];
  l->real = gs_snapshot_get_floats(snap, "real", &nd, shape);
  l->B = l->real ? (int) shape[0] : 0;
  l->fake = gs_snapshot_get_floats(snap, "fake", &nd, shape);
  return l->real && l->fake && gs_snapshot_get_scalar(snap, "x_min", &l->box[0]) &&
         gs_snapshot_get_scalar(snap, "x_max", &l->box[1]) &&
         gs_snapshot_get_scalar(snap, "y_min", &l->box[2]) &&
         gs_snapshot_get_scalar(snap, "y_max", &l->box[3]);
}

/* Heatmap, contours and the centres of one field in a panel. */
static void draw_field(GsPanel *panel, const Landscape *l, const float *values, const char *cbar,
                       gboolean centres)
{
  GsField f = {values, l->R, l->R, l->box[0], l->box[1], l->box[2], l->box[3]};
  double lo, hi;
  quantile_range(values, (gsize) l->R * l->R, 0.02, &lo, &hi);
  double centre = 0.5 * (lo + hi);
  GsLayer *heat = gs_panel_add_heatmap(panel, &f);
  gs_layer_set_colormap(heat, gs_colormap_get(GS_COLORMAP_PRGN));
  gs_layer_set_range(heat, lo, hi, centre);
  gs_layer_set_smooth(heat, TRUE);
  gs_layer_add_colorbar(heat, cbar);
  double levels[9];
  for (int i = 0; i < 9; i++) levels[i] = lo + (hi - lo) * (i + 0.5) / 9;
  GsLayer *iso = gs_panel_add_contours(panel, &f, levels, 9);
  gs_layer_set_color(iso, gs_color_with_alpha(gs_color_hex(0x333333), 0.6));
  gs_layer_set_line_width(iso, 0.6);
  gs_contour_set_labels(iso, FALSE); /* the colour bar carries the values */
  if (centres) {
    GsLayer *r = gs_panel_add_scatter_xy(panel, l->real, l->B);
    gs_layer_set_label(r, _("real centres"));
    gs_layer_set_color(r, gs_color_hex(0xD55E00));
    gs_layer_set_marker(r, GS_MARKER_CIRCLE, 2.2);
    GsLayer *fk = gs_panel_add_scatter_xy(panel, l->fake, l->B);
    gs_layer_set_label(fk, _("fake centres"));
    gs_layer_set_color(fk, gs_color_hex(0x0072B2));
    gs_layer_set_marker(fk, GS_MARKER_CROSS, 2.6);
  }
  gs_panel_set_xlim(panel, l->box[0], l->box[1]);
  gs_panel_set_ylim(panel, l->box[2], l->box[3]);
  gs_panel_set_equal_aspect(panel, TRUE);
  gs_panel_set_xlabel(panel, "x₁");
  gs_panel_set_ylabel(panel, "x₂");
}

static char *step_title(GsSnapshot *snap, const char *what)
{
  /* TRANSLATORS: a figure's title, e.g. "Poly-WGAN critic — step 300" */
  return g_strdup_printf(_("%s — step %" PRId64), what, gs_snapshot_get_step(snap));
}

static char *kernel_line(GsSnapshot *snap)
{
  double m = 0, n = 0;
  gs_snapshot_get_scalar(snap, "m", &m);
  gs_snapshot_get_scalar(snap, "n", &n);
  g_autofree char *kernel = kernel_text(snap);
  /* TRANSLATORS: the order, the dimension and the kernel, e.g. "m = 1, n = 2, φ = log r" */
  return g_strdup_printf(_("m = %d, n = %d, φ = %s"), (int) m, (int) n, kernel);
}

/* Figure title "what — step N" and the kernel as the panel's title. */
static void set_titles(GsFigure *fig, GsPanel *panel, GsSnapshot *snap, const char *what)
{
  g_autofree char *title = step_title(snap, what);
  g_autofree char *line = kernel_line(snap);
  gs_figure_set_title(fig, title);
  gs_panel_set_title(panel, line);
}

/* Both in the figure's title, for figures of several panels. */
static void set_wide_title(GsFigure *fig, GsSnapshot *snap, const char *what)
{
  g_autofree char *line = kernel_line(snap);
  g_autofree char *both = g_strdup_printf("%s, %s", what, line);
  g_autofree char *title = step_title(snap, both);
  gs_figure_set_title(fig, title);
}

static GsFigure *critic_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  Landscape l;
  if (!get_landscape(snap, "d_grid", &l))
    return missing(_("The critic's landscape is drawn for 2-D data once a step has run"));
  double critic = 0;
  gs_snapshot_get_scalar(snap, "critic", &critic);
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *panel = gs_figure_panel(fig, 0, 0);
  draw_field(panel, &l, l.grid, "D(x)", FALSE);
  int nd;
  gint64 shape[4];
  const float *field = gs_snapshot_get_floats(snap, "grad_field", &nd, shape);
  if (field) {
    int q = (int) shape[0];
    double *x = g_new(double, q), *y = g_new(double, q), *u = g_new(double, q),
           *v = g_new(double, q);
    /* arrows of equal length show the direction; the magnitude spans decades near centres */
    for (int i = 0; i < q; i++) {
      double gu = field[4 * i + 2], gv = field[4 * i + 3], len = hypot(gu, gv);
      x[i] = field[4 * i], y[i] = field[4 * i + 1];
      u[i] = len > 0 && isfinite(len) ? gu / len : 0;
      v[i] = len > 0 && isfinite(len) ? gv / len : 0;
    }
    GsLayer *arrows = gs_panel_add_quiver(panel, x, y, u, v, q);
    gs_quiver_set_scale(arrows, 0.7 * (l.box[1] - l.box[0]) / sqrt((double) q));
    gs_layer_set_color(arrows, gs_color_with_alpha(gs_color_hex(0x222222), 0.55));
    gs_layer_set_label(arrows, _("∇D direction"));
    g_free(x), g_free(y), g_free(u), g_free(v);
  }
  GsLayer *r = gs_panel_add_scatter_xy(panel, l.real, l.B);
  gs_layer_set_label(r, _("real centres"));
  gs_layer_set_color(r, gs_color_hex(0xD55E00));
  gs_layer_set_marker(r, GS_MARKER_CIRCLE, 2.2);
  GsLayer *fk = gs_panel_add_scatter_xy(panel, l.fake, l.B);
  gs_layer_set_label(fk, _("fake centres"));
  gs_layer_set_color(fk, gs_color_hex(0x0072B2));
  gs_layer_set_marker(fk, GS_MARKER_CROSS, 2.6);
  gs_panel_set_legend(panel, GS_LEGEND_OUTSIDE);
  g_autofree char *what = g_strdup_printf(_("%s critic"), critic_name(critic));
  set_titles(fig, panel, snap, what);
  return fig;
}

static GsFigure *surface_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  Landscape l;
  int nd;
  gint64 shape[4];
  const float *dc = NULL;
  if (!get_landscape(snap, "d_grid", &l) ||
      !(dc = gs_snapshot_get_floats(snap, "d_centres", &nd, shape)))
    return missing(_("The critic's surface is drawn for 2-D data once a step has run"));
  double critic = 0;
  gs_snapshot_get_scalar(snap, "critic", &critic);
  /* clip the singular peaks at the centres to the field's 1st–99th percentiles */
  double lo, hi;
  quantile_range(l.grid, (gsize) l.R * l.R, 0.01, &lo, &hi);
  float *clipped = g_new(float, (gsize) l.R *l.R);
  for (int i = 0; i < l.R * l.R; i++) clipped[i] = (float) fmin(fmax(l.grid[i], lo), hi);
  /* the surface needs few quads (at most 48 a side): subsample */
  int S = MIN(l.R, 48);
  float *sub = g_new(float, S *S);
  for (int j = 0; j < S; j++)
    for (int i = 0; i < S; i++)
      sub[j * S + i] = clipped[(j * (l.R - 1) / (S - 1)) * l.R + i * (l.R - 1) / (S - 1)];
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *panel = gs_figure_panel(fig, 0, 0);
  GsField f = {sub, S, S, l.box[0], l.box[1], l.box[2], l.box[3]};
  GsLayer *surf = gs_panel_add_surface(panel, &f);
  gs_layer_set_colormap(surf, gs_colormap_get(GS_COLORMAP_PRGN));
  gs_layer_set_range(surf, lo, hi, 0.5 * (lo + hi));
  for (int set = 0; set < 2; set++) {
    const float *pts = set == 0 ? l.real : l.fake;
    double *x = g_new(double, l.B), *y = g_new(double, l.B), *z = g_new(double, l.B);
    for (int i = 0; i < l.B; i++) {
      x[i] = pts[2 * i], y[i] = pts[2 * i + 1];
      z[i] = fmin(fmax(dc[set * l.B + i], lo), hi);
    }
    GsLayer *p = gs_panel_add_points3d(panel, x, y, z, l.B);
    gs_layer_set_color(p, gs_color_hex(set == 0 ? 0xD55E00 : 0x0072B2));
    gs_layer_set_marker(p, set == 0 ? GS_MARKER_CIRCLE : GS_MARKER_CROSS, 2.4);
    gs_layer_set_label(p, set == 0 ? _("real centres") : _("fake centres"));
    gs_points3d_set_stems(p, FALSE);
    g_free(x), g_free(y), g_free(z);
  }
  gs_panel_set_zlim(panel, lo, hi);
  gs_panel_set_view3d(panel, -50, 30);
  gs_panel_set_xlabel(panel, "x₁");
  gs_panel_set_ylabel(panel, "x₂");
  gs_panel_set_zlabel(panel, "D");
  g_autofree char *what = g_strdup_printf(_("%s critic"), critic_name(critic));
  set_titles(fig, panel, snap, what);
  g_free(clipped);
  g_free(sub);
  return fig;
}

static GsFigure *kernel_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  int nd;
  gint64 shape[4];
  const float *phi = gs_snapshot_get_floats(snap, "phi", &nd, shape);
  if (!phi) return missing(_("No kernel in this snapshot"));
  int n = (int) shape[0];
  double *x = g_new(double, n), *y = g_new(double, n);
  for (int i = 0; i < n; i++) x[i] = phi[2 * i], y[i] = phi[2 * i + 1];
  /* clip the pole at 0 of singular kernels to the range of r ≥ 0.25 */
  double lo = INFINITY, hi = -INFINITY;
  for (int i = 0; i < n; i++)
    if (x[i] >= 0.25 && isfinite(y[i])) lo = fmin(lo, y[i]), hi = fmax(hi, y[i]);
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *panel = gs_figure_panel(fig, 0, 0);
  GsLayer *line = gs_panel_add_line(panel, x, y, n);
  gs_layer_set_line_width(line, 1.6);
  g_autofree char *kernel = kernel_text(snap);
  gs_layer_set_label(line, kernel);
  if (hi > lo) gs_panel_set_ylim(panel, lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo));
  gs_panel_set_xlim(panel, 0, x[n - 1]);
  gs_panel_add_hline(panel, 0, NULL);
  gs_panel_set_xlabel(panel, "r");
  gs_panel_set_ylabel(panel, "φ(r)");
  set_titles(fig, panel, snap, _("Polyharmonic kernel"));
  g_free(x), g_free(y);
  return fig;
}

/* One metric of a run over steps as a line (non-positive values left out: log scale). */
static GsLayer *add_metric_line(GsPanel *panel, GsMetricView *m, const char *name)
{
  int k = gs_metric_view_find(m, name);
  if (k < 0) return NULL;
  gsize len = gs_metric_view_length(m, (guint) k);
  double *x = g_new(double, MAX(len, 1)), *y = g_new(double, MAX(len, 1));
  for (gsize i = 0; i < len; i++) {
    GsMetricRow row = gs_metric_view_row(m, (guint) k, i);
    x[i] = (double) row.step;
    y[i] = row.value > 0 ? row.value : NAN;
  }
  GsLayer *line = gs_panel_add_line(panel, x, y, (int) len);
  gs_layer_set_marker(line, GS_MARKER_NONE, 0);
  g_free(x), g_free(y);
  return line;
}

/* One group run's curve of a distance; the shown run's own, wider. */
typedef struct {
  const char *name;
  GsMetricView *own;
} DistanceCurve;

static GsLayer *add_group_distance(GsPanel *panel, const GsViewGroupRun *run, gpointer data)
{
  const DistanceCurve *d = data;
  GsLayer *line = add_metric_line(panel, run->metrics, d->name);
  if (line) gs_layer_set_line_width(line, run->metrics == d->own ? 2.2 : 1.2);
  return line;
}

/* W2² and energy distance over steps: the run's own curves, or, for a run of a group launch
 * ("Compare with baselines"), every run of the group overlaid with a legend, this one wider. */
static GsFigure *distances_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  GsMetricView *m = gs_snapshot_get_metrics(snap);
  const char *names[2] = {"w22", "energy"};
  const char *titles[2] = {N_("W2² of the Gaussian fits"), N_("Energy distance")};
  guint n_group = gs_view_group_size(snap);
  GsRunStyle style = ctx && ctx->run_uuid ? gs_run_style_for_key(ctx->run_uuid)
                                          : gs_run_style_for_id(ctx ? ctx->run_id : 0);
  GsFigure *fig = gs_figure_new(1, 2);
  for (int p = 0; p < 2; p++) {
    GsPanel *panel = gs_figure_panel(fig, 0, p);
    gs_panel_set_title(panel, _(titles[p]));
    gs_panel_set_xlabel(panel, _("step"));
    gs_panel_set_xinteger(panel, TRUE);
    gs_panel_set_yscale(panel, GS_SCALE_LOG);
    if (n_group > 1) {
      DistanceCurve curve = {names[p], m};
      /* one legend, in the right panel */
      gs_view_group_add(panel, snap, add_group_distance, &curve, p == 1);
      /* inside, where it hides least: a strip beside the panel would squeeze it in narrow panes */
      gs_panel_set_legend(panel, p == 1 ? GS_LEGEND_BEST : GS_LEGEND_NONE);
    } else {
      GsLayer *line = add_metric_line(panel, m, names[p]);
      if (!line) continue;
      gs_layer_set_run_style(line, style);
      gs_layer_set_marker(line, GS_MARKER_NONE, 0);
      if (ctx && ctx->run_name) gs_layer_set_label(line, ctx->run_name);
    }
  }
  g_autofree char *title =
      n_group > 1
          ? g_strdup_printf(_("Distances, %u runs of a group — step %" PRId64), n_group,
                            gs_snapshot_get_step(snap))
          : g_strdup_printf(_("Distances between real and generated batches — step %" PRId64),
                            gs_snapshot_get_step(snap));
  gs_figure_set_title(fig, title);
  return fig;
}

/* Standardise a field (zero mean, unit standard deviation over its finite values) so that two
 * critics that differ by scale and offset can be compared. */
static float *standardise(const float *v, int n)
{
  double s = 0, q = 0;
  int m = 0;
  for (int i = 0; i < n; i++)
    if (isfinite(v[i])) s += v[i], q += (double) v[i] * v[i], m++;
  double mean = m ? s / m : 0, sd = m ? sqrt(fmax(q / m - mean * mean, 0)) : 1;
  if (!(sd > 0)) sd = 1;
  float *out = g_new(float, (gsize) MAX(n, 1));
  for (int i = 0; i < n; i++) out[i] = (float) ((v[i] - mean) / sd);
  return out;
}

static GsFigure *compare_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  Landscape trained, closed;
  if (!get_landscape(snap, "d_grid", &trained) || !get_landscape(snap, "d_grid_closed", &closed)) {
    GsFigure *fig = missing(_("The comparison needs the trained order-m critic on 2-D data"));
    GsPanel *hint = gs_figure_panel(fig, 0, 0);
    gs_panel_set_axes_visible(hint, FALSE);
    gs_panel_set_title(hint, _("Settings → Critic: “Order-m gradient penalty (trained)”, then "
                               "Reset"));
    return fig;
  }
  int n = trained.R * trained.R;
  float *a = standardise(trained.grid, n), *b = standardise(closed.grid, n);
  float *diff = g_new(float, (gsize) MAX(n, 1));
  for (int i = 0; i < n; i++) diff[i] = a[i] - b[i];
  GsFigure *fig = gs_figure_new(1, 3);
  draw_field(gs_figure_panel(fig, 0, 0), &trained, a, _("standardised D"), TRUE);
  gs_panel_set_title(gs_figure_panel(fig, 0, 0), _("Trained critic, order-m penalty"));
  draw_field(gs_figure_panel(fig, 0, 1), &closed, b, _("standardised D"), TRUE);
  gs_panel_set_title(gs_figure_panel(fig, 0, 1), _("Closed-form Poly-WGAN critic"));
  draw_field(gs_figure_panel(fig, 0, 2), &trained, diff, _("difference"), FALSE);
  gs_panel_set_title(gs_figure_panel(fig, 0, 2), _("Trained − closed form"));
  for (int p = 0; p < 3; p++) gs_panel_set_legend(gs_figure_panel(fig, 0, p), GS_LEGEND_NONE);
  set_wide_title(fig, snap, _("Same batch, two critics"));
  g_free(a), g_free(b), g_free(diff);
  return fig;
}

static GsFigure *samples_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  int nd;
  gint64 shape[4];
  const float *images = gs_snapshot_get_floats(snap, "images", &nd, shape);
  if (!images || nd != 3) return missing(_("Sample grids are drawn for image data"));
  int count = (int) shape[0], h = (int) shape[1], w = (int) shape[2], half = count / 2;
  GsFigure *fig = gs_figure_new(1, 2);
  for (int p = 0; p < 2; p++) {
    GsPanel *panel = gs_figure_panel(fig, 0, p);
    gs_panel_set_title(panel, p == 0 ? _("Generated") : _("Real"));
    GsLayer *grid = gs_panel_add_image_grid(panel, 4);
    gs_image_grid_set_range(grid, 0, 1);
    gs_layer_set_colormap(grid, gs_colormap_get(GS_COLORMAP_GRAYS));
    for (int i = 0; i < half; i++)
      gs_image_grid_add(grid, images + (gsize) (p * half + i) * h * w, w, h, 1, NULL);
  }
  double critic = 0;
  gs_snapshot_get_scalar(snap, "critic", &critic);
  g_autofree char *what = g_strdup_printf(_("%s critic"), critic_name(critic));
  set_wide_title(fig, snap, what);
  return fig;
}

const GsView gs_view_interpolant_samples = {
    .kind = "interpolant", .name = "samples", .title = N_("Samples"), .build = samples_build};
const GsView gs_view_interpolant_critic = {
    .kind = "interpolant", .name = "critic", .title = N_("Critic"), .build = critic_build};
const GsView gs_view_interpolant_surface = {.kind = "interpolant",
                                            .name = "surface",
                                            .title = N_("Critic surface"),
                                            .build = surface_build};
const GsView gs_view_interpolant_kernel = {
    .kind = "interpolant", .name = "kernel", .title = N_("Kernel φ(r)"), .build = kernel_build};
const GsView gs_view_interpolant_distances = {.kind = "interpolant",
                                              .name = "distances",
                                              .title = N_("W2² and energy distance"),
                                              .build = distances_build};
const GsView gs_view_interpolant_compare = {.kind = "interpolant",
                                            .name = "compare",
                                            .title = N_("Trained vs closed form"),
                                            .build = compare_build};
