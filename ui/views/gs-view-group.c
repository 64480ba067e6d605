/* gs-view-group.c — the runs of a group launch as overlaid layers (see the header). */
#include "gs-view-group.h"

#include <string.h>

guint gs_view_group_size(GsSnapshot *snap)
{
  return snap ? gs_snapshot_get_n_group_runs(snap) : 0;
}

static gboolean colour_taken(const GsRunStyle *styles, guint n, GsColor c)
{
  for (guint i = 0; i < n; i++)
    if (memcmp(&styles[i].color, &c, sizeof c) == 0) return TRUE;
  return FALSE;
}

/* One style per run of the group into out: each run's own, as in every figure
 * (gs_run_style_for_key), except that a colour an earlier run of the group already has is
 * replaced by the first palette colour none of them has, so up to GS_PALETTE_SIZE runs are told
 * apart. */
static void group_run_styles(GsSnapshot *snapshot, GsRunStyle *out)
{
  guint n = gs_snapshot_get_n_group_runs(snapshot);
  for (guint r = 0; r < n; r++) {
    const char *label, *key;
    gs_snapshot_get_group_run(snapshot, r, &label, &key);
    out[r] = gs_run_style_for_key(key);
    for (guint p = 0; p < GS_PALETTE_SIZE && colour_taken(out, r, out[r].color); p++)
      out[r].color = gs_palette_color(p);
  }
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
