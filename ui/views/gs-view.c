/* gs-view.c — the registry of views. */
#include "gs-view.h"

#include <string.h>

static GMutex lock;
static GPtrArray *views; /* const GsView* */

void gs_view_register(const GsView *view)
{
  g_assert(view->kind && view->name && view->title && view->build);
  g_mutex_lock(&lock);
  if (!views) views = g_ptr_array_new();
  gboolean known = FALSE;
  for (guint i = 0; i < views->len; i++) {
    const GsView *v = views->pdata[i];
    if (v == view)
      known = TRUE;
    else if (!strcmp(v->kind, view->kind) && !strcmp(v->name, view->name))
      g_error("two views \"%s\" for kind \"%s\"", view->name, view->kind);
  }
  if (!known) g_ptr_array_add(views, (gpointer) view);
  g_mutex_unlock(&lock);
}

const GsView **gs_views_for_kind(const char *kind, guint *n)
{
  GPtrArray *out = g_ptr_array_new();
  g_mutex_lock(&lock);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; views && i < views->len; i++) {
      const GsView *v = views->pdata[i];
      if (pass == 0 ? !strcmp(v->kind, kind) : !strcmp(v->kind, "*"))
        g_ptr_array_add(out, (gpointer) v);
    }
  g_mutex_unlock(&lock);
  if (n) *n = out->len;
  g_ptr_array_add(out, NULL);
  return (const GsView **) g_ptr_array_free(out, FALSE);
}

const GsView *gs_view_lookup(const char *kind, const char *name)
{
  guint n;
  g_autofree const GsView **all = gs_views_for_kind(kind, &n);
  for (guint i = 0; i < n; i++)
    if (!strcmp(all[i]->name, name)) return all[i];
  return NULL;
}

static gboolean colour_taken(const GsRunStyle *styles, guint n, GsColor c)
{
  for (guint i = 0; i < n; i++)
    if (memcmp(&styles[i].color, &c, sizeof c) == 0) return TRUE;
  return FALSE;
}

void gs_view_group_run_styles(GsSnapshot *snapshot, GsRunStyle *out)
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
