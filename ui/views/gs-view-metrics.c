/* gs-view-metrics.c — "metrics", a view for every kind: one panel per metric, its whole
 * history, in the run's style. */
#include "gs-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "gs-view.h"

static GsFigure *metrics_build(GsSnapshot *snap, const GsViewContext *ctx)
{
  GsMetricView *m = gs_snapshot_get_metrics(snap);
  guint n = gs_metric_view_n_series(m);
  int cols = n <= 1 ? 1 : n <= 4 ? 2 : 3;
  int rows = MAX(1, ((int) n + cols - 1) / cols);
  GsFigure *fig = gs_figure_new(rows, cols);
  if (n == 0) {
    gs_figure_set_title(fig, _("No metrics yet"));
    return fig;
  }
  GsRunStyle style = ctx && ctx->run_uuid ? gs_run_style_for_key(ctx->run_uuid)
                                          : gs_run_style_for_id(ctx ? ctx->run_id : 0);
  for (guint i = 0; i < n; i++) {
    GsPanel *panel = gs_figure_panel(fig, (int) i / cols, (int) i % cols);
    gs_panel_set_title(panel, gs_metric_view_name(m, i));
    gs_panel_set_xlabel(panel, _("step"));
    gs_panel_set_xinteger(panel, TRUE);
    gsize len = gs_metric_view_length(m, i);
    g_autofree double *x = g_new(double, MAX(len, 1)), *y = g_new(double, MAX(len, 1));
    for (gsize k = 0; k < len; k++) {
      GsMetricRow row = gs_metric_view_row(m, i, k);
      x[k] = (double) row.step;
      y[k] = row.value;
    }
    GsLayer *line = gs_panel_add_line(panel, x, y, (int) len);
    gs_layer_set_run_style(line, style);
    gs_layer_set_marker(line, GS_MARKER_NONE, 0);
  }
  g_autofree char *title = g_strdup_printf(
      _("%s at step %" PRId64),
      ctx && ctx->run_name && *ctx->run_name ? ctx->run_name : gs_snapshot_get_kind(snap),
      gs_snapshot_get_step(snap));
  gs_figure_set_title(fig, title);
  return fig;
}

const GsView gs_view_metrics = {
    .kind = "*", .name = "metrics", .title = N_("Metrics"), .build = metrics_build};
