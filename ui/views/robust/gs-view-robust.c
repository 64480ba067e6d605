/* gs-view-robust.c — the views of the robust kind: the four accuracy curves with lr-drop and
 * best-checkpoint markers, the adversarial-loss histogram over epochs, the adversarial-example
 * gallery (two filters), per-class robust accuracy and robust accuracy against ε.
 *
 * The curves and the histogram are drawn from the metric history alone, so imported curves
 * (CSV, Rice et al.'s output.log) give the same figure; the rest needs the kind's snapshot. The
 * 2-D view draws a 2-D run's decision regions with ε-balls, perturbation arrows and flips. */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "datasets/gs-fashion-mnist.h"
#include "experiments/robust/gs-robust.h"
#include "gs-view-group.h"
#include "gs-view-robust.h"

/* A metric's history as arrays; n 0 when absent. */
typedef struct {
  double *x, *y;
  int n;
} Series;

static Series series_get(GsMetricView *m, const char *name)
{
  Series s = {0};
  int i = gs_metric_view_find(m, name);
  if (i < 0) return s;
  gsize len = gs_metric_view_length(m, (guint) i);
  s.x = g_new(double, MAX(len, 1));
  s.y = g_new(double, MAX(len, 1));
  for (gsize k = 0; k < len; k++) {
    GsMetricRow r = gs_metric_view_row(m, (guint) i, k);
    s.x[k] = (double) r.step;
    s.y[k] = r.value;
  }
  s.n = (int) len;
  return s;
}

static void series_clear(Series *s)
{
  g_free(s->x);
  g_free(s->y);
}

static const char *run_title(GsSnapshot *snap, const GsViewContext *ctx)
{
  return ctx && ctx->run_name && *ctx->run_name ? ctx->run_name : gs_snapshot_get_kind(snap);
}

static GsFigure *missing(const char *what)
{
  GsFigure *fig = gs_figure_new(1, 1);
  gs_figure_set_title(fig, what);
  return fig;
}

/* --- the four curves ------------------------------------------------------------------------- */

void gs_view_robust_add_curves(GsPanel *panel, GsMetricView *m, const char *prefix)
{
  static const struct {
    const char *metric, *label;
    guint32 color;
    GsDash dash;
  } curves[] = {
      {"train_clean_acc", N_("train clean"), 0x1f77b4, GS_DASH_DASHED},
      {"train_robust_acc", N_("train robust"), 0x1f77b4, GS_DASH_SOLID},
      {"test_clean_acc", N_("test clean"), 0xd62728, GS_DASH_DASHED},
      {"test_robust_acc", N_("test robust"), 0xd62728, GS_DASH_SOLID},
  };
  for (guint c = 0; c < G_N_ELEMENTS(curves); c++) {
    Series s = series_get(m, curves[c].metric);
    if (s.n == 0) continue;
    for (int k = 0; k < s.n; k++) s.y[k] *= 100;
    GsLayer *l = gs_panel_add_line(panel, s.x, s.y, s.n);
    gs_layer_set_color(l, gs_color_hex(curves[c].color));
    gs_layer_set_dash(l, curves[c].dash);
    gs_layer_set_marker(l, GS_MARKER_NONE, 0);
    g_autofree char *label = prefix ? g_strdup_printf("%s: %s", prefix, _(curves[c].label))
                                    : g_strdup(_(curves[c].label));
    gs_layer_set_label(l, label);
    series_clear(&s);
  }
}

/* A group launch (the run and its ablations): robust test (solid) and robust train (dashed)
 * accuracy of each run, one colour per run; the legend names each run once, by its variant. */
static GsLayer *add_run_curve(GsPanel *panel, const GsViewGroupRun *run, gpointer metric)
{
  Series s = series_get(run->metrics, metric);
  if (s.n == 0) return NULL;
  for (int k = 0; k < s.n; k++) s.y[k] *= 100;
  GsLayer *l = gs_panel_add_line(panel, s.x, s.y, s.n);
  gs_layer_set_dash(l, g_str_equal(metric, "test_robust_acc") ? GS_DASH_SOLID : GS_DASH_DASHED);
  gs_layer_set_marker(l, GS_MARKER_NONE, 0);
  series_clear(&s);
  return l;
}

static void add_group_curves(GsPanel *panel, GsSnapshot *snap)
{
  gs_view_group_add(panel, snap, add_run_curve, "test_robust_acc", TRUE);
  gs_view_group_add(panel, snap, add_run_curve, "train_robust_acc", FALSE);
}

/* The colour of the run a snapshot shows, within its group (the best-checkpoint star). */
static GsColor current_run_color(GsSnapshot *snap)
{
  for (guint i = 0; i < gs_view_group_size(snap); i++) {
    GsViewGroupRun run = gs_view_group_run(snap, i);
    if (run.current) return run.color;
  }
  return gs_color_hex(0xd62728);
}

static GsFigure *curves_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  GsMetricView *m = gs_snapshot_get_metrics(snap);
  Series test = series_get(m, "test_robust_acc");
  if (test.n == 0) return missing(_("No robust accuracy recorded yet"));
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gboolean group = gs_snapshot_get_n_group_runs(snap) > 1;
  gs_panel_set_xlabel(p, group ? _("epoch (solid: test, dashed: train)") : _("epoch"));
  gs_panel_set_xinteger(p, TRUE);
  gs_panel_set_ylabel(p, group ? _("robust accuracy (%)") : _("accuracy (%)"));
  if (group)
    add_group_curves(p, snap);
  else
    gs_view_robust_add_curves(p, m, NULL);
  gs_panel_set_legend(p, group ? GS_LEGEND_BEST : GS_LEGEND_OUTSIDE); /* 4 long names: inside */

  /* lr drops: where the recorded rate falls */
  Series lr = series_get(m, "lr");
  for (int k = 1; k < lr.n; k++)
    if (lr.y[k] < lr.y[k - 1] * 0.999 && lr.y[k - 1] / MAX(lr.y[k], 1e-30) > 1.5)
      gs_panel_add_vline(p, lr.x[k], _("lr drop"));
  series_clear(&lr);

  /* the best checkpoint: the kind's own record, else the best robust test accuracy */
  Series best = series_get(m, "best_epoch");
  double best_epoch = best.n ? best.y[best.n - 1] : NAN;
  series_clear(&best);
  double best_acc = -1, last_acc = test.y[test.n - 1];
  if (isfinite(best_epoch) && best_epoch > 0) {
    for (int k = 0; k < test.n; k++)
      if (test.x[k] == best_epoch) best_acc = test.y[k];
  }
  if (best_acc < 0) {
    for (int k = 0; k < test.n; k++)
      if (test.y[k] > best_acc) best_acc = test.y[k], best_epoch = test.x[k];
  }
  GsAnnotation *mark = gs_panel_add_point(p, best_epoch, best_acc * 100, GS_MARKER_STAR, _("best"));
  gs_annotation_set_color(mark, current_run_color(snap)); /* in a group: this run's best */
  /* short enough for a single-column figure */
  g_autofree char *gap = g_strdup_printf(_("robust test: best %.1f%% (epoch %.0f) → last %.1f%%"),
                                         best_acc * 100, best_epoch, last_acc * 100);
  gs_panel_set_title(p, gap);
  g_autofree char *title =
      group ? g_strdup_printf(_("%s — the run and its ablations"), run_title(snap, ctx))
            : g_strdup_printf(_("%s — clean and robust accuracy"), run_title(snap, ctx));
  gs_figure_set_title(fig, title);
  series_clear(&test);
  return fig;
}

/* --- loss histogram over epochs -------------------------------------------------------------- */

static GsFigure *loss_hist_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  GsMetricView *m = gs_snapshot_get_metrics(snap);
  Series bins[GS_ROBUST_LOSS_BINS];
  int epochs = G_MAXINT;
  for (int b = 0; b < GS_ROBUST_LOSS_BINS; b++) {
    char name[32];
    g_snprintf(name, sizeof name, "loss_hist_%02d", b);
    bins[b] = series_get(m, name);
    epochs = MIN(epochs, bins[b].n);
  }
  if (epochs < 2) {
    for (int b = 0; b < GS_ROBUST_LOSS_BINS; b++) series_clear(&bins[b]);
    return missing(_("The loss histogram needs two epochs"));
  }
  GsFigure *fig = gs_figure_new(2, 1);
  GsPanel *h = gs_figure_panel(fig, 0, 0);
  /* (bins, epochs): x = epoch, y = loss */
  float *v = g_new(float, (gsize) epochs *GS_ROBUST_LOSS_BINS);
  for (int b = 0; b < GS_ROBUST_LOSS_BINS; b++)
    for (int e = 0; e < epochs; e++) v[b * epochs + e] = (float) (bins[b].y[e] * 100);
  GsField f = {v,
               epochs,
               GS_ROBUST_LOSS_BINS,
               bins[0].x[0],
               bins[0].x[epochs - 1],
               GS_ROBUST_LOSS_BIN_WIDTH / 2,
               GS_ROBUST_LOSS_BIN_WIDTH * (GS_ROBUST_LOSS_BINS - 0.5)};
  GsLayer *heat = gs_panel_add_heatmap(h, &f);
  gs_layer_set_colormap(heat, gs_colormap_get(GS_COLORMAP_VIRIDIS));
  gs_layer_set_smooth(heat, FALSE);
  /* xgettext:no-c-format */
  gs_layer_add_colorbar(heat, _("% of training examples"));
  gs_panel_set_ylabel(h, _("adversarial loss"));
  gs_panel_set_title(h, _("Per-example adversarial training loss (0.5-wide bins; last bin open)"));
  gs_panel_set_grid(h, FALSE);
  gs_panel_set_xinteger(h, TRUE);
  /* the run's own τ (imported curves have none: Yu et al.'s 1.5) */
  double tau_value = 1.5;
  gs_snapshot_get_scalar(snap, "tau", &tau_value);
  g_autofree char *tau_label = g_strdup_printf(_("τ = %g"), tau_value);
  GsAnnotation *tau = gs_panel_add_hline(h, tau_value, tau_label);
  gs_annotation_set_color(tau, gs_color_hex(0xffffff));
  g_free(v);

  GsPanel *sp = gs_figure_panel(fig, 1, 0);
  Series small = series_get(m, "small_loss_frac");
  for (int k = 0; k < small.n; k++) small.y[k] *= 100;
  GsLayer *l = gs_panel_add_line(sp, small.x, small.y, small.n);
  gs_layer_set_marker(l, GS_MARKER_NONE, 0);
  gs_layer_set_label(l, _("small-loss fraction (loss < τ)"));
  gs_panel_set_xlabel(sp, _("epoch"));
  gs_panel_set_xinteger(sp, TRUE);
  gs_panel_set_ylabel(sp, _("small-loss (%)"));
  gs_panel_set_xlim(sp, bins[0].x[0], bins[0].x[epochs - 1]);
  series_clear(&small);
  for (int b = 0; b < GS_ROBUST_LOSS_BINS; b++) series_clear(&bins[b]);
  g_autofree char *title =
      g_strdup_printf(_("%s — adversarial loss over epochs"), run_title(snap, ctx));
  gs_figure_set_title(fig, title);
  return fig;
}

/* --- adversarial-example gallery ------------------------------------------------------------- */

enum {
  INFO_LABEL,
  INFO_CLEAN,
  INFO_CLEAN_CONF,
  INFO_ADV,
  INFO_ADV_CONF,
  INFO_BEST,
  INFO_BEST_CONF
};

static GsFigure *gallery_build(GsSnapshot *snap, const GsViewContext *ctx, gboolean regressed)
{
  int ndim;
  gint64 shape[4], dshape[4], ishape[4];
  const float *images = gs_snapshot_get_floats(snap, "gallery_images", &ndim, shape);
  const float *deltas = gs_snapshot_get_floats(snap, "gallery_deltas", &ndim, dshape);
  const float *info = gs_snapshot_get_floats(snap, "gallery_info", &ndim, ishape);
  if (!images || !deltas || !info) return missing(_("No adversarial examples in this snapshot"));
  double eps = 0;
  gs_snapshot_get_scalar(snap, "epsilon", &eps);
  enum { MAX_SHOWN = 8 };
  int shown[MAX_SHOWN], n = 0;
  for (gint64 i = 0; i < ishape[0] && n < MAX_SHOWN; i++) {
    const float *r = info + i * 7;
    gboolean fooled = r[INFO_ADV] != r[INFO_LABEL];
    gboolean best_resists = r[INFO_BEST] == r[INFO_LABEL];
    if (regressed ? fooled && best_resists : fooled) shown[n++] = (int) i;
  }
  GsFigure *fig = gs_figure_new(1, 1);
  g_autofree char *title = g_strdup_printf(
      regressed ? _("%s — resisted by the best checkpoint, fooled by the last (%d shown)")
                : _("%s — adversarial examples that fool the model now (%d shown)"),
      run_title(snap, ctx), n);
  gs_figure_set_title(fig, title);
  if (n == 0) return fig;
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gs_panel_set_title(p, _("rows: clean image · perturbation (magnified, grey = 0) · adversarial "
                          "image (predicted class, confidence)"));
  /* one example per column: clean on top, the perturbation, then the adversarial image */
  GsLayer *grid = gs_panel_add_image_grid(p, n);
  float tile[784];
  for (int row = 0; row < 3; row++)
    for (int j = 0; j < n; j++) {
      int i = shown[j];
      const float *r = info + i * 7, *x = images + (gsize) i * 784, *d = deltas + (gsize) i * 784;
      g_autofree char *caption = NULL;
      if (row == 0) {
        /* TRANSLATORS: the true class of a test image */
        caption = g_strdup_printf(_("true: %s"), gs_fashion_mnist_class_name((int) r[INFO_LABEL]));
        gs_image_grid_add(grid, x, 28, 28, 1, caption);
      } else if (row == 1) {
        double dmax = 1e-12;
        for (int k = 0; k < 784; k++) dmax = MAX(dmax, fabs(d[k]));
        for (int k = 0; k < 784; k++) tile[k] = (float) (0.5 + 0.5 * d[k] / dmax);
        caption = g_strdup_printf(_("δ ×%.1f"), 0.5 / dmax);
        gs_image_grid_add(grid, tile, 28, 28, 1, caption);
      } else {
        for (int k = 0; k < 784; k++) tile[k] = CLAMP(x[k] + d[k], 0.0f, 1.0f);
        /* (in the "regressed" gallery the best checkpoint's answer is the true class) */
        caption = g_strdup_printf(_("%s %.0f%%"), gs_fashion_mnist_class_name((int) r[INFO_ADV]),
                                  r[INFO_ADV_CONF] * 100);
        int t = gs_image_grid_add(grid, tile, 28, 28, 1, caption);
        gs_image_grid_highlight(grid, t, gs_color_hex(0xd62728));
      }
    }
  return fig;
}

static GsFigure *gallery_fooled_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  return gallery_build(snap, ctx, FALSE);
}

static GsFigure *gallery_regressed_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  return gallery_build(snap, ctx, TRUE);
}

/* --- per class, against ε -------------------------------------------------------------------- */

/* How many classes a run's metrics have per-class accuracy for (0: none yet). */
static int n_class_metrics(GsMetricView *m)
{
  int n = 0;
  char name[40];
  for (;; n++) {
    g_snprintf(name, sizeof name, "test_robust_acc_class_%d", n);
    if (gs_metric_view_find(m, name) < 0) return n;
  }
}

/* Fashion-MNIST's class names for its ten classes, else the class numbers. */
static void class_names(int n, const char **names, char (*numbers)[8])
{
  for (int k = 0; k < n; k++) {
    g_snprintf(numbers[k], sizeof numbers[k], "%d", k);
    names[k] = n == GS_FASHION_MNIST_CLASSES ? gs_fashion_mnist_class_name(k) : numbers[k];
  }
}

enum { MAX_CLASSES_SHOWN = 25 };

/* Robust test accuracy per class (%) of a run at an epoch (< 0: the last); FALSE without any. */
static gboolean class_accuracy(GsMetricView *m, int n, double epoch, double *acc, double *at)
{
  gboolean any = FALSE;
  for (int k = 0; k < n; k++) {
    char name[40];
    g_snprintf(name, sizeof name, "test_robust_acc_class_%d", k);
    Series c = series_get(m, name);
    acc[k] = NAN;
    for (int i = 0; i < c.n; i++)
      if (epoch < 0 ? i == c.n - 1 : c.x[i] == epoch) acc[k] = c.y[i] * 100, *at = c.x[i];
    any |= isfinite(acc[k]);
    series_clear(&c);
  }
  return any;
}

typedef struct {
  int n;
  const char *const *names;
} ClassBars;

static GsLayer *add_run_classes(GsPanel *panel, const GsViewGroupRun *run, gpointer data)
{
  ClassBars *bars = data;
  double acc[MAX_CLASSES_SHOWN], at = 0;
  if (!class_accuracy(run->metrics, bars->n, -1, acc, &at)) return NULL;
  return gs_panel_add_bars(panel, bars->names, acc, bars->n);
}

static GsFigure *classes_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  GsMetricView *m = gs_snapshot_get_metrics(snap);
  int n = MIN(n_class_metrics(m), MAX_CLASSES_SHOWN);
  const char *names[MAX_CLASSES_SHOWN];
  char numbers[MAX_CLASSES_SHOWN][8];
  class_names(n, names, numbers);
  double last[MAX_CLASSES_SHOWN], at_best[MAX_CLASSES_SHOWN], last_epoch = NAN, at = NAN;
  if (n == 0 || !class_accuracy(m, n, -1, last, &last_epoch))
    return missing(_("No per-class accuracy recorded yet"));
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  gboolean group = gs_view_group_size(snap) > 1;
  g_autofree char *title = NULL;
  if (group) {
    /* each run's last epoch, one bar colour per run, named by its variant */
    ClassBars bars = {n, names};
    gs_view_group_add(p, snap, add_run_classes, &bars, TRUE);
    gs_panel_set_legend(p, GS_LEGEND_OUTSIDE);
    title = g_strdup_printf(_("%s — robust test accuracy per class, last epoch of each run"),
                            run_title(snap, ctx));
  } else {
    Series best = series_get(m, "best_epoch");
    double best_epoch = best.n ? best.y[best.n - 1] : NAN;
    series_clear(&best);
    g_autofree char *best_label = g_strdup_printf(_("best checkpoint (epoch %.0f)"), best_epoch);
    g_autofree char *last_label = g_strdup_printf(_("last (epoch %.0f)"), last_epoch);
    if (isfinite(best_epoch) && class_accuracy(m, n, best_epoch, at_best, &at)) {
      GsLayer *b = gs_panel_add_bars(p, names, at_best, n);
      gs_layer_set_label(b, best_label);
      gs_layer_set_color(b, gs_color_hex(0x2ca02c));
    }
    GsLayer *l = gs_panel_add_bars(p, names, last, n);
    gs_layer_set_label(l, last_label);
    gs_layer_set_color(l, gs_color_hex(0xd62728));
    gs_panel_set_legend(p, GS_LEGEND_UPPER_RIGHT);
    title = g_strdup_printf(_("%s — robust test accuracy per class"), run_title(snap, ctx));
  }
  if (n != GS_FASHION_MNIST_CLASSES) gs_panel_set_xlabel(p, _("class"));
  gs_panel_set_ylabel(p, _("robust test accuracy (%)"));
  gs_panel_set_ylim(p, 0, 100);
  gs_figure_set_title(fig, title);
  return fig;
}

/* A snapshot's robust accuracy against ε: x (ε) and the last epoch's and the best checkpoint's
 * accuracy in %; the number of points, 0 without a sweep. */
static int epsilon_sweep(GsSnapshot *snap, double *x, double *last, double *best)
{
  int ndim;
  gint64 shape[4];
  const float *sweep = snap ? gs_snapshot_get_floats(snap, "robust_vs_eps", &ndim, shape) : NULL;
  if (!sweep || ndim != 2 || shape[0] != 3) return 0;
  int n = (int) MIN(shape[1], 16);
  for (int e = 0; e < n; e++) {
    x[e] = sweep[e];
    last[e] = sweep[shape[1] + e] * 100;
    best[e] = sweep[2 * shape[1] + e] * 100;
  }
  return n;
}

static GsLayer *add_run_epsilon(GsPanel *panel, const GsViewGroupRun *run, gpointer data)
{
  double x[16], last[16], best[16];
  int n = epsilon_sweep(run->snapshot, x, last, best);
  if (n == 0) return NULL;
  GsLayer *l = gs_panel_add_line(panel, x, last, n);
  gs_layer_set_marker(l, GS_MARKER_CIRCLE, 4);
  return l;
}

static GsFigure *epsilon_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  double x[16], last[16], best[16];
  int n = epsilon_sweep(snap, x, last, best);
  if (n == 0) return missing(_("No robust accuracy against ε in this snapshot"));
  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  guint in_group = gs_view_group_size(snap);
  guint drawn = in_group > 1 ? gs_view_group_add(p, snap, add_run_epsilon, NULL, TRUE) : 0;
  if (drawn == 0) {
    GsLayer *l = gs_panel_add_line(p, x, last, n);
    gs_layer_set_label(l, _("last epoch"));
    gs_layer_set_marker(l, GS_MARKER_CIRCLE, 4);
    gs_layer_set_color(l, gs_color_hex(0xd62728));
    GsLayer *b = gs_panel_add_line(p, x, best, n);
    gs_layer_set_label(b, _("best checkpoint"));
    gs_layer_set_marker(b, GS_MARKER_SQUARE, 4);
    gs_layer_set_color(b, gs_color_hex(0x2ca02c));
    gs_layer_set_dash(b, GS_DASH_DASHED);
  }
  double eps = 0, train_eps = NAN, l2 = 0;
  gs_snapshot_get_scalar(snap, "epsilon", &eps);
  gs_snapshot_get_scalar(snap, "norm_l2", &l2);
  /* older snapshots lack train_epsilon: the evaluation ε was the training ε then */
  if (!gs_snapshot_get_scalar(snap, "train_epsilon", &train_eps)) train_eps = eps;
  /* a group's runs may each have their own ε (the weak/strong pair): no one line for all */
  if (!drawn) {
    gs_panel_add_vline(p, eps, train_eps == eps ? _("training ε") : _("evaluation ε"));
    if (train_eps != eps) gs_panel_add_vline(p, train_eps, _("training ε"));
  } else {
    gs_panel_set_legend(p, GS_LEGEND_OUTSIDE);
  }
  gs_panel_set_xlabel(p, l2 ? _("ε (ℓ2)") : _("ε (ℓ∞)"));
  gs_panel_set_ylabel(p, _("robust accuracy (%), PGD, 100 test images"));
  gs_panel_set_ylim(p, 0, 100);
  g_autofree char *title =
      drawn ? g_strdup_printf(drawn < in_group
                                  ? _("%s — robust accuracy against ε (0 to 1.5 × each run's "
                                      "ε), last epoch (%u of %u runs have a checkpoint)")
                                  : _("%s — robust accuracy against ε (0 to 1.5 × each run's "
                                      "ε), last epoch of each run"),
                              run_title(snap, ctx), drawn, in_group)
            : g_strdup_printf(_("%s — robust accuracy against ε"), run_title(snap, ctx));
  gs_figure_set_title(fig, title);
  return fig;
}

/* --- 2-D: decision regions, ε-balls, attacks ------------------------------------------------ */

enum { PT_X, PT_Y, PT_LABEL, PT_CLEAN, PT_DX, PT_DY, PT_ADV, PT_COLS };

/* The colour of class k in the 2-D view: where the heatmap has class k (probability of class 1
 * for two classes, the predicted class otherwise). */
static GsColor class_color(const GsColormap *cm, const GsNorm *norm, int k)
{
  return gs_colormap_eval(cm, gs_norm_apply(norm, k));
}

/* The outline of the ε-ball about (x, y) in data coordinates, appended to xs/ys and ended by a
 * NaN so one line layer holds every ball: a square for ℓ∞, a circle for ℓ2. */
static void append_ball(GArray *xs, GArray *ys, double x, double y, double eps, gboolean l2)
{
  enum { CIRCLE_SEGMENTS = 36 };
  double nan = NAN;
  if (l2) {
    for (int k = 0; k <= CIRCLE_SEGMENTS; k++) {
      double a = 2 * G_PI * k / CIRCLE_SEGMENTS, px = x + eps * cos(a), py = y + eps * sin(a);
      g_array_append_val(xs, px);
      g_array_append_val(ys, py);
    }
  } else {
    static const double corner[5][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}};
    for (int k = 0; k < 5; k++) {
      double px = x + eps * corner[k][0], py = y + eps * corner[k][1];
      g_array_append_val(xs, px);
      g_array_append_val(ys, py);
    }
  }
  g_array_append_val(xs, nan);
  g_array_append_val(ys, nan);
}

GsFigure *gs_view_robust_plane_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  int nd_dec, nd_box, nd_pts;
  gint64 dshape[4], bshape[4], pshape[4];
  const float *decision = gs_snapshot_get_floats(snap, "plane_decision", &nd_dec, dshape);
  const float *box = gs_snapshot_get_floats(snap, "plane_box", &nd_box, bshape);
  const float *pts = gs_snapshot_get_floats(snap, "plane_points", &nd_pts, pshape);
  if (!decision || !box || !pts || nd_dec != 3 || dshape[0] != 2 || nd_box != 1 || bshape[0] != 4 ||
      nd_pts != 2 || pshape[1] != PT_COLS)
    return missing(_("The 2-D view needs a run on 2-D data (data set: moons, circles, …) that "
                     "has trained an epoch"));
  double eps = 0, l2 = 0, n_classes_d = 2;
  gs_snapshot_get_scalar(snap, "epsilon", &eps);
  gs_snapshot_get_scalar(snap, "norm_l2", &l2);
  gs_snapshot_get_scalar(snap, "n_classes", &n_classes_d);
  int n_classes = MAX((int) n_classes_d, 2);
  int ny = (int) dshape[1], nx = (int) dshape[2], n = (int) pshape[0];

  GsFigure *fig = gs_figure_new(1, 1);
  GsPanel *p = gs_figure_panel(fig, 0, 0);
  /* two classes: the probability of class 1, a diverging map centred on the boundary; more: the
   * predicted class, one band of the map per class */
  gboolean binary = n_classes == 2;
  const GsColormap *cm = gs_colormap_get(binary ? GS_COLORMAP_SUNSET : GS_COLORMAP_VIRIDIS);
  GsNorm norm;
  if (binary)
    gs_norm_init(&norm, 0, 1, 0.5);
  else
    gs_norm_init(&norm, -0.5, n_classes - 0.5, NAN);
  float *field = g_new(float, (gsize) nx *ny);
  for (int q = 0; q < nx * ny; q++) {
    float k = decision[q], conf = decision[nx * ny + q];
    field[q] = binary ? (k == 1 ? conf : 1 - conf) : k;
  }
  GsField f = {field, nx, ny, box[0], box[1], box[2], box[3]};
  GsLayer *heat = gs_panel_add_heatmap(p, &f);
  gs_layer_set_colormap(heat, cm);
  gs_layer_set_range(heat, norm.vmin, norm.vmax, norm.center);
  gs_layer_set_alpha(heat, 0.45);
  gs_layer_set_smooth(heat, binary);
  gs_layer_add_colorbar(heat, binary ? _("P(class 1)") : _("predicted class"));
  /* the boundary: P = 0.5 for two classes; else the edge of each class's region (an indicator
   * field per class), since contours of the class index would stack between distant classes */
  float *inside = binary ? NULL : g_new(float, (gsize) nx *ny);
  for (int k = 0; k < (binary ? 1 : n_classes); k++) {
    GsField edge = f;
    double level = 0.5;
    if (!binary) {
      /* k inside the region, k − 1 outside: the level k − ½ is also where the colour bar's
       * band of class k begins, so the bar's contour marks separate the bands */
      for (int q = 0; q < nx * ny; q++) inside[q] = decision[q] == k ? (float) k : (float) k - 1;
      edge.values = inside;
      level = k - 0.5;
    }
    GsLayer *boundary = gs_panel_add_contours(p, &edge, &level, 1);
    gs_layer_set_color(boundary, gs_color_hex(0x222222));
    gs_contour_set_labels(boundary, FALSE);
    if (k == 0) gs_layer_set_label(boundary, _("decision boundary"));
  }
  g_free(inside);

  /* ε-balls to scale, then the perturbation arrows from each point to its adversarial point */
  GArray *bx = g_array_new(FALSE, FALSE, sizeof(double)),
         *by = g_array_new(FALSE, FALSE, sizeof(double));
  double *x = g_new(double, MAX(n, 1)), *y = g_new(double, MAX(n, 1));
  double *u = g_new(double, MAX(n, 1)), *v = g_new(double, MAX(n, 1));
  int n_flip = 0, n_robust = 0;
  for (int i = 0; i < n; i++) {
    const float *r = pts + (gsize) i * PT_COLS;
    append_ball(bx, by, r[PT_X], r[PT_Y], eps, l2 != 0);
    x[i] = r[PT_X], y[i] = r[PT_Y], u[i] = r[PT_DX], v[i] = r[PT_DY];
    n_flip += r[PT_ADV] != r[PT_CLEAN];
    n_robust += r[PT_ADV] == r[PT_LABEL];
  }
  GsLayer *balls =
      gs_panel_add_line(p, (const double *) bx->data, (const double *) by->data, (int) bx->len);
  gs_layer_set_color(balls, gs_color_hex(0x444444));
  gs_layer_set_alpha(balls, 0.6);
  gs_layer_set_line_width(balls, 0.6);
  gs_layer_set_marker(balls, GS_MARKER_NONE, 0);
  g_autofree char *ball_label =
      g_strdup_printf(l2 ? _("ε-ball (ℓ2 disc, ε = %g)") : _("ε-ball (ℓ∞ square, ε = %g)"), eps);
  gs_layer_set_label(balls, ball_label);
  g_array_free(bx, TRUE);
  g_array_free(by, TRUE);
  GsLayer *arrows = gs_panel_add_quiver(p, x, y, u, v, n);
  gs_quiver_set_scale(arrows, 1.0); /* data units: the arrow ends at the adversarial point */
  gs_layer_set_color(arrows, gs_color_hex(0x111111));
  gs_layer_set_label(arrows, _("perturbation (evaluation attack)"));

  /* the test points by true class */
  for (int k = 0; k < n_classes; k++) {
    double *cx = g_new(double, MAX(n, 1)), *cy = g_new(double, MAX(n, 1));
    int m = 0;
    for (int i = 0; i < n; i++)
      if ((int) pts[(gsize) i * PT_COLS + PT_LABEL] == k) cx[m] = x[i], cy[m] = y[i], m++;
    if (m) {
      GsLayer *l = gs_panel_add_scatter(p, cx, cy, m);
      gs_layer_set_color(l, class_color(cm, &norm, k));
      gs_layer_set_marker(l, GS_MARKER_CIRCLE, 3.5);
      if (n_classes <= 8) {
        g_autofree char *label = g_strdup_printf(_("class %d"), k);
        gs_layer_set_label(l, label);
      } else if (k == 0) {
        gs_layer_set_label(l, _("test points (colour: class)"));
      }
    }
    g_free(cx);
    g_free(cy);
  }
  /* points whose prediction the attack changes */
  double *fx = g_new(double, MAX(n_flip, 1)), *fy = g_new(double, MAX(n_flip, 1));
  int m = 0;
  for (int i = 0; i < n; i++) {
    const float *r = pts + (gsize) i * PT_COLS;
    if (r[PT_ADV] != r[PT_CLEAN]) fx[m] = x[i], fy[m] = y[i], m++;
  }
  if (m) {
    GsLayer *flips = gs_panel_add_scatter(p, fx, fy, m);
    gs_layer_set_color(flips, gs_color_hex(0xd62728));
    gs_layer_set_marker(flips, GS_MARKER_CROSS, 7);
    g_autofree char *label = g_strdup_printf(_("prediction flips under attack (%d)"), n_flip);
    gs_layer_set_label(flips, label);
  }
  g_free(fx), g_free(fy), g_free(x), g_free(y), g_free(u), g_free(v), g_free(field);

  gs_panel_set_equal_aspect(p, TRUE);
  gs_panel_set_xlim(p, box[0], box[1]);
  gs_panel_set_ylim(p, box[2], box[3]);
  gs_panel_set_grid(p, FALSE);
  gs_panel_set_legend(p, GS_LEGEND_OUTSIDE);
  g_autofree char *sub =
      g_strdup_printf(_("%d test points: %d flip under attack, robust accuracy %.0f%%"), n, n_flip,
                      100.0 * n_robust / MAX(n, 1));
  gs_panel_set_title(p, sub);
  g_autofree char *title =
      g_strdup_printf(_("%s — decision regions and attacks in 2-D"), run_title(snap, ctx));
  gs_figure_set_title(fig, title);
  return fig;
}

const GsView gs_view_robust_curves = {.kind = "robust",
                                      .name = "robust-curves",
                                      .title = N_("Accuracy curves"),
                                      .build = curves_build};
const GsView gs_view_robust_loss_hist = {.kind = "robust",
                                         .name = "robust-loss-histogram",
                                         .title = N_("Loss histogram"),
                                         .build = loss_hist_build};
const GsView gs_view_robust_gallery = {.kind = "robust",
                                       .name = "robust-gallery",
                                       .title = N_("Adversarial examples"),
                                       .build = gallery_fooled_build};
const GsView gs_view_robust_gallery_regressed = {.kind = "robust",
                                                 .name = "robust-gallery-regressed",
                                                 .title = N_("Best resists, last fooled"),
                                                 .build = gallery_regressed_build};
const GsView gs_view_robust_classes = {.kind = "robust",
                                       .name = "robust-classes",
                                       .title = N_("Per-class robust accuracy"),
                                       .build = classes_build};
const GsView gs_view_robust_epsilon = {.kind = "robust",
                                       .name = "robust-epsilon",
                                       .title = N_("Robust accuracy against ε"),
                                       .build = epsilon_build};
const GsView gs_view_robust_plane = {.kind = "robust",
                                     .name = "robust-2d",
                                     .title = N_("2-D attacks"),
                                     .build = gs_view_robust_plane_build};
