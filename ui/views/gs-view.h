/* gs-view.h — views: what turns an experiment's snapshot into a figure. The engine never sees
 * figures; each kind registers its views here, under its kind id, from ui/views/<kind>/:
 *
 *     static GsFigure *landscape_build(GsSnapshot *snap, const GsViewContext *ctx) { … }
 *     static const GsView landscape_view = {.kind = "landscape", .name = "landscape",
 *                                           .title = N_("Landscape"), .build = landscape_build};
 *     gs_view_register(&landscape_view);   // one line in gs-views.c: gs_views_register_builtin
 *
 * A view with kind "*" applies to every kind: "metrics" (the curves of every metric) is one.
 * The GUI shows the views of the current experiment; `ganscape-cli export RUN --view NAME`
 * builds the same figure from a stored run, so the file is what the window showed.
 */
#ifndef GS_VIEW_H
#define GS_VIEW_H

#include "gs-figure.h"
#include "platform/gs-snapshot.h"

G_BEGIN_DECLS

typedef struct {
  gint64 run_id;        /* 0 when not recorded */
  const char *run_uuid; /* styles runs the same in every figure; may be NULL */
  const char *run_name; /* for titles and legends; may be NULL */
} GsViewContext;

typedef struct {
  const char *kind;  /* an experiment kind id, or "*" for every kind */
  const char *name;  /* [a-z][a-z0-9-]*, as given to --view */
  const char *title; /* N_() */
  /* A new figure from the snapshot (never NULL; a figure that says what is missing if the
   * snapshot lacks something). Runs on the thread that asks for it. */
  GsFigure *(*build)(GsSnapshot *snapshot, const GsViewContext *context);
  /* Panel (0, 0) is the kind's 2-D data plane: the GUI may let the user draw data on it. */
  gboolean data_plane;
} GsView;

void gs_view_register(const GsView *view);
/* The kind's own views first, then those for every kind; NULL-terminated, a new array. */
const GsView **gs_views_for_kind(const char *kind, guint *n);
const GsView *gs_view_lookup(const char *kind, const char *name);
/* The views of the product's kinds and the generic ones (gs-views.c); idempotent. */
void gs_views_register_builtin(void);

/* Styles for overlaying the runs of a group launch (gs_snapshot_get_group_run), one per run into
 * out (gs_snapshot_get_n_group_runs of them): each run's own style as in every figure
 * (gs_run_style_for_key), except that a colour an earlier run of the group already has is
 * replaced by the first palette colour none of them has, so up to GS_PALETTE_SIZE runs are told
 * apart. */
void gs_view_group_run_styles(GsSnapshot *snapshot, GsRunStyle *out);

G_END_DECLS

#endif /* GS_VIEW_H */
