/* gs-metrics.h — metric rows (step, name, value) as an experiment emits them, and the history
 * the views draw curves from.
 *
 * The history is written on the worker thread and read by views on the main thread without a
 * copy: rows live in fixed-size chunks that are only ever appended to, and a frozen view
 * records how many rows each series had when it was taken, so it reads rows nobody writes.
 *
 *     GsMetricLog *log = gs_metric_log_new();
 *     gs_metric_log_add(log, step, "d_loss", 0.69);     // worker thread
 *     GsMetricView *view = gs_metric_log_freeze(log);   // cheap; goes into a snapshot
 *     int s = gs_metric_view_find(view, "d_loss");      // main thread
 *     for (gsize k = 0; k < gs_metric_view_length(view, s); k++) …gs_metric_view_row(view, s, k)…
 */
#ifndef GS_METRICS_H
#define GS_METRICS_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint64 step;
  double value;
} GsMetricRow;

typedef struct _GsMetricLog GsMetricLog;
typedef struct _GsMetricView GsMetricView;

GsMetricLog *gs_metric_log_new(void);
void gs_metric_log_free(GsMetricLog *log);
void gs_metric_log_add(GsMetricLog *log, gint64 step, const char *name, double value);
GsMetricView *gs_metric_log_freeze(GsMetricLog *log);

GsMetricView *gs_metric_view_ref(GsMetricView *view);
void gs_metric_view_unref(GsMetricView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsMetricView, gs_metric_view_unref)
guint gs_metric_view_n_series(const GsMetricView *view);
const char *gs_metric_view_name(const GsMetricView *view, guint series);
int gs_metric_view_find(const GsMetricView *view, const char *name); /* -1 if absent */
gsize gs_metric_view_length(const GsMetricView *view, guint series);
GsMetricRow gs_metric_view_row(const GsMetricView *view, guint series, gsize k);

G_END_DECLS

#endif /* GS_METRICS_H */
