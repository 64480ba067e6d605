/* gs-view-robust.h — the robust kind's views (registered in gs-views.c). */
#ifndef GS_VIEW_ROBUST_H
#define GS_VIEW_ROBUST_H

#include "gs-view.h"

G_BEGIN_DECLS

extern const GsView gs_view_robust_curves, gs_view_robust_loss_hist, gs_view_robust_gallery,
    gs_view_robust_gallery_regressed, gs_view_robust_classes, gs_view_robust_epsilon,
    gs_view_robust_plane;

/* The robust-2d view's figure (exposed for tests). */
GsFigure *gs_view_robust_plane_build(GsSnapshot *snap, const GsViewContext *ctx);

/* The four curves (train/test × clean/robust, in %) of a metric history into a panel; prefix
 * (may be NULL) starts each legend entry. */
void gs_view_robust_add_curves(GsPanel *panel, GsMetricView *metrics, const char *prefix);

G_END_DECLS

#endif /* GS_VIEW_ROBUST_H */
