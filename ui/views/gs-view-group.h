/* gs-view-group.h — one code path for views that overlay the runs of a group launch (a run and
 * its variants, gs-session-group.h): the snapshot's group runs in launch order, each with a
 * colour of its own and its variant's label in the legend.
 *
 *     static GsLayer *robust_test(GsPanel *p, const GsViewGroupRun *run, gpointer data)
 *     {   // one layer of this run, or NULL when it has nothing to draw
 *       return gs_panel_add_line(p, x, y, n);
 *     }
 *     if (gs_view_group_size(snap) > 1)
 *       gs_view_group_add(panel, snap, robust_test, NULL, TRUE);   // labelled, styled
 */
#ifndef GS_VIEW_GROUP_H
#define GS_VIEW_GROUP_H

#include "gs-view.h"

G_BEGIN_DECLS

typedef struct {
  guint index;           /* in launch order */
  const char *label;     /* the variant's, translated */
  GsMetricView *metrics; /* never NULL */
  GsSnapshot *snapshot;  /* the run's last snapshot, the shown run's own, or NULL (metrics only) */
  gboolean current;      /* the run the snapshot belongs to */
  GsColor color;         /* the run's own (gs_run_style_for_key of its uuid) unless an earlier
                          * run of the group has it: then the first palette colour none has */
} GsViewGroupRun;

/* How many runs the snapshot's group has (0: not launched as a group). */
guint gs_view_group_size(GsSnapshot *snap);
/* The i-th run (i < gs_view_group_size()). */
GsViewGroupRun gs_view_group_run(GsSnapshot *snap, guint i);

/* Add one layer per run: add() draws it (NULL: nothing for this run); the layer then gets the
 * run's colour and, when label is TRUE, its label. Returns the number of layers added. */
typedef GsLayer *(*GsViewGroupAddFn)(GsPanel *panel, const GsViewGroupRun *run, gpointer data);
guint gs_view_group_add(GsPanel *panel, GsSnapshot *snap, GsViewGroupAddFn add, gpointer data,
                        gboolean label);

G_END_DECLS

#endif /* GS_VIEW_GROUP_H */
