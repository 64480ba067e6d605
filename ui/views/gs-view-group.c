/* gs-view-group.c — the runs of a group launch as overlaid layers (see the header). */
#include "gs-view-group.h"

guint gs_view_group_size(GsSnapshot *snap)
{
  return snap ? gs_snapshot_get_n_group_runs(snap) : 0;
}

/* The group's keys in launch order, through the one colour rule of overlays. */
static void group_run_styles(GsSnapshot *snapshot, GsRunStyle *out)
{
  guint n = gs_snapshot_get_n_group_runs(snapshot);
  g_autofree const char **keys = g_new0(const char *, MAX(n, 1));
  for (guint r = 0; r < n; r++) {
    const char *label;
    gs_snapshot_get_group_run(snapshot, r, &label, &keys[r]);
  }
  gs_run_styles_distinct(keys, n, out);
}

GsViewGroupRun gs_view_group_run(GsSnapshot *snap, guint i)
{
  GsViewGroupRun run = {.index = i};
  const char *key = NULL;
  run.metrics = gs_snapshot_get_group_run(snap, i, &run.label, &key);
  run.snapshot = gs_snapshot_get_group_run_snapshot(snap, i);
  run.current = run.snapshot == snap;
  /* the colours every group overlay uses, so a run looks the same in each view */
  guint n = gs_view_group_size(snap);
  g_autofree GsRunStyle *styles = g_new(GsRunStyle, MAX(n, 1));
  group_run_styles(snap, styles);
  run.color = styles[i].color;
  return run;
}

guint gs_view_group_add(GsPanel *panel, GsSnapshot *snap, GsViewGroupAddFn add, gpointer data,
                        gboolean label)
{
  guint added = 0;
  for (guint i = 0; i < gs_view_group_size(snap); i++) {
    GsViewGroupRun run = gs_view_group_run(snap, i);
    GsLayer *layer = add(panel, &run, data);
    if (!layer) continue;
    gs_layer_set_color(layer, run.color);
    if (label) gs_layer_set_label(layer, run.label);
    added++;
  }
  return added;
}
