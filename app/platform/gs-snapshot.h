/* gs-snapshot.h — an immutable picture of a running experiment, for the views.
 *
 * The worker thread builds it, then nobody changes it: the main thread draws from it while
 * training goes on. Items are named float arrays with a shape (grids, samples, images, curves),
 * named scalars, and the metric history up to the snapshot's step.
 *
 *     GsSnapshotBuilder *b = gs_snapshot_builder_new("landscape", step);
 *     gs_snapshot_builder_add_floats(b, "d_grid", 2, (gint64[]){256, 256}, values); // copied
 *     gs_snapshot_builder_add_scalar(b, "d_loss", 0.69);
 *     gs_snapshot_builder_set_metrics(b, gs_metric_log_freeze(log));                // taken
 *     GsSnapshot *snap = gs_snapshot_builder_end(b);
 *     …
 *     gint64 shape[4]; int ndim;
 *     const float *grid = gs_snapshot_get_floats(snap, "d_grid", &ndim, shape); // (256, 256)
 */
#ifndef GS_SNAPSHOT_H
#define GS_SNAPSHOT_H

#include <glib-object.h>

#include "gs-metrics.h"

G_BEGIN_DECLS

#define GS_SNAPSHOT_MAX_DIMS 4

#define GS_TYPE_SNAPSHOT (gs_snapshot_get_type())
G_DECLARE_FINAL_TYPE(GsSnapshot, gs_snapshot, GS, SNAPSHOT, GObject)

typedef struct _GsSnapshotBuilder GsSnapshotBuilder;

GsSnapshotBuilder *gs_snapshot_builder_new(const char *kind, gint64 step);
/* Copies data: prod(shape) floats, row-major. */
void gs_snapshot_builder_add_floats(GsSnapshotBuilder *b, const char *name, int ndim,
                                    const gint64 *shape, const float *data);
void gs_snapshot_builder_add_scalar(GsSnapshotBuilder *b, const char *name, double value);
void gs_snapshot_builder_set_metrics(GsSnapshotBuilder *b, GsMetricView *metrics); /* takes it */
GsSnapshot *gs_snapshot_builder_end(GsSnapshotBuilder *b);                         /* frees b */
/* One run of the group this run was launched in (gs-session-group.h), the run itself included,
 * in launch order, for views that overlay a group: label (the variant's, translated), key (the
 * run's uuid, for gs_run_style_for_key) and its metrics (a reference is taken; NULL: this
 * snapshot's own, for the run itself). */
void gs_snapshot_builder_add_group_run(GsSnapshotBuilder *b, const char *label, const char *key,
                                       GsMetricView *metrics);
/* The last snapshot of the group run added last (a reference is taken), for views that overlay
 * more than metrics (e.g. robust accuracy against ε). Optional: a run without one has only its
 * metrics. Its own group runs, if any, are not looked at. */
void gs_snapshot_builder_set_group_run_snapshot(GsSnapshotBuilder *b, GsSnapshot *snapshot);

const char *gs_snapshot_get_kind(GsSnapshot *self);
gint64 gs_snapshot_get_step(GsSnapshot *self);
/* NULL when absent; shape receives up to GS_SNAPSHOT_MAX_DIMS entries. */
const float *gs_snapshot_get_floats(GsSnapshot *self, const char *name, int *ndim, gint64 *shape);
gboolean gs_snapshot_get_scalar(GsSnapshot *self, const char *name, double *value);
GsMetricView *gs_snapshot_get_metrics(GsSnapshot *self); /* borrowed; never NULL */
/* The group's runs (0: not part of a group); the i-th one's label and key, metrics borrowed. */
guint gs_snapshot_get_n_group_runs(GsSnapshot *self);
GsMetricView *gs_snapshot_get_group_run(GsSnapshot *self, guint i, const char **label,
                                        const char **key);
/* The i-th group run's snapshot: self for the run itself, else the one set with
 * gs_snapshot_builder_set_group_run_snapshot(), or NULL (borrowed). */
GsSnapshot *gs_snapshot_get_group_run_snapshot(GsSnapshot *self, guint i);
/* Names of the float items, in the order added. */
GStrv gs_snapshot_list_floats(GsSnapshot *self);

G_END_DECLS

#endif /* GS_SNAPSHOT_H */
