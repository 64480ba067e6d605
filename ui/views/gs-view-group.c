/* gs-view-group.c — the runs of a group launch as overlaid layers (see the header). */
#include "gs-view-group.h"

#include <string.h>

guint gs_view_group_size(GsSnapshot *snap)
{
  return snap ? gs_snapshot_get_n_group_runs(snap) : 0;
}

static gboolean same_color(GsColor a, GsColor b)
{
  return memcmp(&a, &b, sizeof(GsColor)) == 0;
}

/* Run i's colour: its own, unless an earlier run of the group has that one already. Computed
 * from the start each time so that every view gives a run the same colour. */
static GsColor group_color(GsSnapshot *snap, guint i)
{
  GsColor used[GS_PALETTE_SIZE];
  GsColor mine = {0};
  for (guint r = 0; r <= i; r++) {
    const char *key = NULL;
    gs_snapshot_get_group_run(snap, r, NULL, &key);
    GsColor c = gs_run_style_for_key(key).color;
    guint n_used = MIN(r, GS_PALETTE_SIZE);
    gboolean taken = FALSE;
    for (guint q = 0; q < n_used; q++) taken |= same_color(used[q], c);
    for (guint p = 0; taken && p < GS_PALETTE_SIZE; p++) {
      GsColor candidate = gs_palette_color(p);
      gboolean free_here = TRUE;
      for (guint q = 0; q < n_used; q++) free_here &= !same_color(used[q], candidate);
      if (free_here) c = candidate, taken = FALSE;
    }
    if (r < GS_PALETTE_SIZE) used[r] = c;
    mine = c;
  }
  return mine;
}

GsViewGroupRun gs_view_group_run(GsSnapshot *snap, guint i)
{
  GsViewGroupRun run = {.index = i};
  const char *key = NULL;
  run.metrics = gs_snapshot_get_group_run(snap, i, &run.label, &key);
  run.snapshot = gs_snapshot_get_group_run_snapshot(snap, i);
  run.current = run.snapshot == snap;
  run.color = group_color(snap, i);
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
