/* gs-session-group.c — a kind's variants run one after another as one group (see the header). */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gs-session-group.h"

static void g_object_unref_safe(gpointer object)
{
  if (object) g_object_unref(object);
}

struct _GsSessionGroup {
  GPtrArray *files; /* GsExperimentFile *, one per variant */
  GPtrArray *names; /* char *, "PREFIX: variant" */
  const GsExperimentVariant *variants;
  char *id;
  char *store_path;
  GsSessionOptions base;
  char *backend_preference; /* base's, copied */
  guint started;
  GsSession *current;    /* the job's run; NULL between runs */
  GPtrArray *done;       /* GsMetricView of each earlier run, for the views' overlay */
  GPtrArray *done_uuids; /* and its uuid */
  GPtrArray *done_last;  /* and its last snapshot (GsSnapshot *, or NULL: the kind has none) */
};

GsSessionGroup *gs_session_group_new(const GsExperimentFile *file, const char *prefix,
                                     const char *store_path, const GsSessionOptions *base,
                                     GError **error)
{
  if (!file->kind->variants || !file->kind->variants[0].id) {
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_INVALID,
                _("experiments of kind \"%s\" have no group variants"), file->kind->id);
    return NULL;
  }
  g_autoptr(GsSessionGroup) g = g_new0(GsSessionGroup, 1);
  g->files = g_ptr_array_new_with_free_func((GDestroyNotify) gs_experiment_file_free);
  g->names = g_ptr_array_new_with_free_func(g_free);
  g->done = g_ptr_array_new_with_free_func((GDestroyNotify) gs_metric_view_unref);
  g->done_uuids = g_ptr_array_new_with_free_func(g_free);
  g->done_last = g_ptr_array_new_with_free_func(g_object_unref_safe);
  g->variants = file->kind->variants;
  g->id = gs_experiment_group_new_id();
  g->store_path = g_strdup(store_path);
  if (base) g->base = *base;
  g->backend_preference = g_strdup(g->base.backend_preference);
  g->base.backend_preference = g->backend_preference;
  g->base.store = NULL;
  g->base.owns_store = FALSE;
  for (const GsExperimentVariant *v = g->variants; v->id; v++) {
    GsExperimentFile *f = gs_experiment_file_for_variant(file, v, error);
    if (!f) return NULL;
    g_ptr_array_add(g->files, f);
    g_ptr_array_add(g->names, g_strdup_printf("%s: %s", prefix ? prefix : g->id, v->id));
  }
  return g_steal_pointer(&g);
}

void gs_session_group_free(GsSessionGroup *g)
{
  if (!g) return;
  g_clear_pointer(&g->current, gs_session_free); /* records how the current run ended */
  if (g->files) g_ptr_array_unref(g->files);
  if (g->names) g_ptr_array_unref(g->names);
  if (g->done) g_ptr_array_unref(g->done);
  if (g->done_uuids) g_ptr_array_unref(g->done_uuids);
  if (g->done_last) g_ptr_array_unref(g->done_last);
  g_free(g->id);
  g_free(g->store_path);
  g_free(g->backend_preference);
  g_free(g);
}

const char *gs_session_group_get_id(GsSessionGroup *g)
{
  return g->id;
}

guint gs_session_group_get_n_runs(GsSessionGroup *g)
{
  return g->files->len;
}

guint gs_session_group_get_started(GsSessionGroup *g)
{
  return g->started;
}

const GsExperimentVariant *gs_session_group_get_variant(GsSessionGroup *g, guint i)
{
  g_return_val_if_fail(i < g->files->len, NULL);
  return &g->variants[i];
}

const GsExperimentFile *gs_session_group_get_file(GsSessionGroup *g, guint i)
{
  g_return_val_if_fail(i < g->files->len, NULL);
  return g->files->pdata[i];
}

char *gs_session_group_describe_overrides(GsSessionGroup *g, guint i)
{
  g_return_val_if_fail(i < g->files->len, NULL);
  const GsExperimentVariant *v = &g->variants[i];
  const GsExperimentFile *f = g->files->pdata[i];
  GString *out = g_string_new(NULL);
  for (guint k = 0; k < G_N_ELEMENTS(v->set) && v->set[k]; k++) {
    g_autofree char *name = g_strndup(v->set[k], strcspn(v->set[k], "*="));
    g_autofree char *value = gs_param_values_format(f->params, name);
    g_string_append_printf(out, "%s%s=%s", k ? ", " : "", name, value);
  }
  return g_string_free(out, FALSE);
}

GsSession *gs_session_group_next(GsSessionGroup *g, GError **error)
{
  if (g->started >= g->files->len) return NULL;
  GsSessionOptions o = g->base;
  o.name = g->names->pdata[g->started];
  o.group = g->id;
  if (g->store_path) {
    o.store = gs_store_open(g->store_path, error);
    if (!o.store) return NULL;
    o.owns_store = TRUE;
  }
  GsSession *s = gs_session_new(g->files->pdata[g->started], &o, error);
  if (s) g->started++;
  return s;
}

/* --- as a GsRunner job ------------------------------------------------------------------------ */

static gboolean job_step(gpointer job, GCancellable *cancellable, GError **error)
{
  GsSessionGroup *g = job;
  /* A finished run stays current until the next step, so its last snapshot is the one shown. */
  if (g->current && gs_session_is_finished(g->current)) {
    g_ptr_array_add(g->done, gs_session_dup_metrics(g->current));
    g_ptr_array_add(g->done_uuids, g_strdup(gs_session_get_uuid(g->current)));
    /* once per run, so views can overlay what only a snapshot has (robust accuracy against ε) */
    g_ptr_array_add(g->done_last, gs_session_snapshot(g->current));
    g_clear_pointer(&g->current, gs_session_free);
  }
  if (!g->current) {
    g->current = gs_session_group_next(g, error);
    if (!g->current) {
      if (error && !*error)
        g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the group has no more runs"));
      return FALSE;
    }
  }
  return gs_session_step(g->current, error);
}

static GObject *job_snapshot(gpointer job)
{
  GsSessionGroup *g = job;
  if (!g->current) return NULL;
  GsSnapshotBuilder *b = gs_session_snapshot_builder(g->current);
  if (!b) return NULL;
  for (guint i = 0; i < g->done->len; i++) {
    gs_snapshot_builder_add_group_run(b, g_dgettext(GETTEXT_PACKAGE, g->variants[i].label),
                                      g->done_uuids->pdata[i], g->done->pdata[i]);
    if (g->done_last->pdata[i])
      gs_snapshot_builder_set_group_run_snapshot(b, g->done_last->pdata[i]);
  }
  gs_snapshot_builder_add_group_run(b, g_dgettext(GETTEXT_PACKAGE, g->variants[g->done->len].label),
                                    gs_session_get_uuid(g->current), NULL);
  return G_OBJECT(gs_snapshot_builder_end(b));
}

static gboolean job_set_param(gpointer job, const char *name, GVariant *value, GError **error)
{
  GsSessionGroup *g = job;
  if (!g->current) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("no run of the group is active"));
    return FALSE;
  }
  return gs_session_set_live(g->current, name, value, error);
}

static gboolean job_is_finished(gpointer job)
{
  GsSessionGroup *g = job;
  return g->started == g->files->len && (!g->current || gs_session_is_finished(g->current));
}

static double job_progress(gpointer job)
{
  GsSessionGroup *g = job;
  double within = 0;
  if (g->current)
    within = (double) gs_session_get_step(g->current) /
             (double) MAX(gs_session_get_total(g->current), 1);
  double done = g->started ? g->started - 1 + within : 0;
  return done / (double) g->files->len;
}

const GsJobVTable gs_session_group_job_vtable = {
    .step = job_step,
    .snapshot = job_snapshot,
    .set_param = job_set_param,
    .is_finished = job_is_finished,
    .progress = job_progress,
    .free = (void (*)(gpointer)) gs_session_group_free,
};
