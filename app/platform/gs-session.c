/* gs-session.c — drives one run of an experiment and records it. */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gs-json.h"
#include "gs-session.h"

struct _GsMetricSink {
  GsSession *session;
};

struct _GsSession {
  GsExperimentFile *file;
  GsSessionOptions options;
  gs_backend *backend;
  gpointer state;
  gint64 step;
  gint64 run; /* -1: not recorded */
  gboolean finished;
  GsMetricSink sink;
  GsMetricLog *log;
  GArray *batch; /* GsStoreMetric; names interned */
  gint64 last_flush_us;
  GHashTable *last_values; /* interned name → double* */
  gboolean step_failed;
  char *failure;           /* why the failed step failed */
  gboolean record_pending; /* the run is recorded when its first step starts */
  char *resumed_from;
  gint64 resumed_step;
  char *uuid; /* the run's in the store */
};

void gs_metric_sink_emit(GsMetricSink *sink, const char *name, double value)
{
  GsSession *s = sink->session;
  const char *interned = g_intern_string(name);
  gs_metric_log_add(s->log, s->step + 1, interned, value);
  if (s->run >= 0) {
    GsStoreMetric row = {s->step + 1, interned, value};
    g_array_append_val(s->batch, row);
  }
  double *slot = g_hash_table_lookup(s->last_values, interned);
  if (!slot) g_hash_table_insert(s->last_values, (gpointer) interned, slot = g_new(double, 1));
  *slot = value;
}

static gboolean flush(GsSession *s, GError **error)
{
  s->last_flush_us = g_get_monotonic_time();
  if (s->run < 0 || (s->batch->len == 0 && s->step == 0)) return TRUE;
  gboolean ok = gs_store_add_metrics(s->options.store, s->run, (GsStoreMetric *) s->batch->data,
                                     s->batch->len, s->step, error);
  g_array_set_size(s->batch, 0);
  return ok;
}

static GsSession *session_new(const GsExperimentFile *file, const GsSessionOptions *options,
                              GError **error)
{
  GsSession *s = g_new0(GsSession, 1);
  s->file = gs_experiment_file_copy(file);
  if (options) s->options = *options;
  if (!s->options.batch_rows) s->options.batch_rows = 1024;
  if (!s->options.batch_interval_ms) s->options.batch_interval_ms = 1000;
  s->run = -1;
  s->uuid = g_uuid_string_random();
  s->sink.session = s;
  s->log = gs_metric_log_new();
  s->batch = g_array_new(FALSE, FALSE, sizeof(GsStoreMetric));
  s->last_values = g_hash_table_new_full(NULL, NULL, NULL, g_free);
  s->last_flush_us = g_get_monotonic_time();

  /* where the backend choice comes from (gs-session.h) */
  const char *choice = file->backend, *source = _("the experiment");
  const char *env = g_getenv("GANSCAPE_BACKEND");
  if (g_strcmp0(choice, "auto") == 0 && env && *env) {
    choice = env;
    source = "GANSCAPE_BACKEND";
  } else if (g_strcmp0(choice, "auto") == 0 && s->options.backend_preference) {
    choice = s->options.backend_preference;
    source = _("the preferences");
  }
  gs_backend_kind kind = GS_BACKEND_AUTO;
  if (!gs_backend_kind_from_name(choice, &kind)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                _("backend \"%s\" (from %s): must be auto, cpu or vulkan"), choice, source);
    gs_session_free(s);
    return NULL;
  }
  gs_backend_options bo = {.threads = s->options.threads, .device_index = -1};
  gs_error err = {0};
  s->backend = gs_backend_new(kind, &bo, &err);
  if (!s->backend) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("backend \"%s\" (from %s): %s"),
                choice, source, err.msg);
    gs_session_free(s);
    return NULL;
  }
  s->state = file->kind->init(s->file->params, file->seed, s->backend, file->steps, error);
  if (!s->state) {
    gs_session_free(s);
    return NULL;
  }
  return s;
}

static gboolean begin_record(GsSession *s, const char *resumed_from, gint64 resumed_step,
                             GError **error)
{
  if (!s->options.store) return TRUE;
  g_autoptr(JsonNode) params = gs_param_values_to_json(s->file->params);
  g_autofree char *params_text = gs_json_to_compact_string(params);
  GsRunInfo info = {
      .uuid = s->uuid,
      .kind = (char *) s->file->kind->id,
      .name = (char *) s->options.name,
      .params = params_text,
      .seed = s->file->seed,
      .backend = (char *) gs_backend_name(s->backend),
      .steps = s->file->steps,
      .notes = s->file->notes,
      .resumed_from = (char *) resumed_from,
      .resumed_step = resumed_step,
      .group = (char *) s->options.group,
  };
  s->run = gs_store_begin_run(s->options.store, &info, error);
  return s->run >= 0;
}

GsSession *gs_session_new(const GsExperimentFile *file, const GsSessionOptions *options,
                          GError **error)
{
  GsSession *s = session_new(file, options, error);
  /* Recorded when it starts, so an experiment opened and never run leaves no trace. */
  if (s) s->record_pending = s->options.store != NULL;
  return s;
}

GsSession *gs_session_resume(GsStore *store, gint64 run, gint64 step,
                             const GsSessionOptions *options, GError **error)
{
  GsSessionOptions o = options ? *options : (GsSessionOptions){0};
  o.store = store;
  g_autoptr(GsRunInfo) info = gs_store_get_run(store, run, error);
  g_autoptr(GsExperimentFile) file = NULL;
  g_autoptr(GBytes) blob = NULL;
  gint64 at = 0;
  if (!info) goto fail;
  file = gs_experiment_file_from_run(info->kind, info->params, info->seed, info->backend,
                                     info->steps, info->notes, error);
  if (!file) goto fail;
  if (!file->kind->restore) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                _("experiments of kind \"%s\" cannot resume from checkpoints"), info->kind);
    goto fail;
  }
  blob = gs_store_get_checkpoint(store, run, step, &at, error);
  if (!blob) goto fail;
  GsSession *s = session_new(file, &o, error); /* closes an owned store when it fails */
  if (!s) return NULL;
  if (!file->kind->restore(s->state, blob, error)) {
    s->finished = TRUE;
    gs_session_free(s);
    return NULL;
  }
  s->step = at;
  s->record_pending = TRUE;
  s->resumed_from = g_strdup(info->uuid);
  s->resumed_step = at;
  return s;
fail:
  if (o.owns_store) gs_store_close(store);
  return NULL;
}

gboolean gs_session_step(GsSession *s, GError **error)
{
  g_return_val_if_fail(!s->finished, FALSE);
  if (s->record_pending) {
    if (!begin_record(s, s->resumed_from, s->resumed_step, error)) return FALSE;
    s->record_pending = FALSE;
  }
  g_hash_table_remove_all(s->last_values);
  if (!s->file->kind->step(s->state, s->step + 1, &s->sink, error)) {
    s->step_failed = TRUE;
    g_free(s->failure);
    s->failure = g_strdup(error && *error ? (*error)->message : _("the step failed"));
    /* Rows of a failed step are not a whole step: they stay out of the store. */
    g_array_set_size(s->batch, 0);
    return FALSE;
  }
  const char *failure = gs_backend_failure(s->backend);
  if (failure) {
    /* the device failed (lost, out of memory): this step's numbers are zeros, so it is not
     * recorded, and the run stops; the last checkpoint stays usable on any backend */
    char *msg = g_strdup_printf(_("the %s backend failed at step %lld: %s; the run stops "
                                  "(resume it from its last checkpoint, on the CPU if need be)"),
                                gs_backend_name(s->backend), (long long) (s->step + 1), failure);
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, msg);
    s->step_failed = TRUE;
    g_free(s->failure);
    s->failure = msg;
    g_array_set_size(s->batch, 0);
    return FALSE;
  }
  s->step++;
  if (s->options.checkpoint_every > 0 && s->step % s->options.checkpoint_every == 0 &&
      s->step < s->file->steps)
    if (!gs_session_checkpoint(s, error)) return FALSE;
  if (s->batch->len >= s->options.batch_rows ||
      g_get_monotonic_time() - s->last_flush_us >= s->options.batch_interval_ms * 1000)
    return flush(s, error);
  return TRUE;
}

/* --- as a GsRunner job ------------------------------------------------------------------------ */

static gboolean job_step(gpointer job, GCancellable *cancellable, GError **error)
{
  return gs_session_step(job, error);
}

static GObject *job_snapshot(gpointer job)
{
  return G_OBJECT(gs_session_snapshot(job));
}

static gboolean job_set_param(gpointer job, const char *name, GVariant *value, GError **error)
{
  return gs_session_set_live(job, name, value, error);
}

static gboolean job_is_finished(gpointer job)
{
  return gs_session_is_finished(job);
}

static double job_progress(gpointer job)
{
  GsSession *s = job;
  return (double) s->step / (double) MAX(s->file->steps, 1);
}

const GsJobVTable gs_session_job_vtable = {
    .step = job_step,
    .snapshot = job_snapshot,
    .set_param = job_set_param,
    .is_finished = job_is_finished,
    .progress = job_progress,
    .free = (void (*)(gpointer)) gs_session_free,
};

gboolean gs_session_is_finished(GsSession *s)
{
  return s->finished || s->step >= s->file->steps;
}

gint64 gs_session_get_step(GsSession *s)
{
  return s->step;
}

gint64 gs_session_get_total(GsSession *s)
{
  return s->file->steps;
}

gint64 gs_session_get_run_id(GsSession *s)
{
  return s->run;
}

const GsExperimentFile *gs_session_get_file(GsSession *s)
{
  return s->file;
}

const char *gs_session_get_backend_name(GsSession *s)
{
  return gs_backend_name(s->backend);
}

gboolean gs_session_last_metric(GsSession *s, const char *name, double *value)
{
  double *v = g_hash_table_lookup(s->last_values, g_intern_string(name));
  if (v && value) *value = *v;
  return v != NULL;
}

GStrv gs_session_metric_names(GsSession *s)
{
  g_autoptr(GsMetricView) view = gs_metric_log_freeze(s->log);
  GStrvBuilder *b = g_strv_builder_new();
  for (guint i = 0; i < gs_metric_view_n_series(view); i++)
    g_strv_builder_add(b, gs_metric_view_name(view, i));
  GStrv out = g_strv_builder_end(b);
  g_strv_builder_unref(b);
  return out;
}

GsSnapshotBuilder *gs_session_snapshot_builder(GsSession *s)
{
  GsSnapshotBuilder *b = s->file->kind->snapshot
                             ? s->file->kind->snapshot(s->state, s->step)
                             : gs_snapshot_builder_new(s->file->kind->id, s->step);
  if (b) gs_snapshot_builder_set_metrics(b, gs_metric_log_freeze(s->log));
  return b;
}

GsSnapshot *gs_session_snapshot(GsSession *s)
{
  GsSnapshotBuilder *b = gs_session_snapshot_builder(s);
  return b ? gs_snapshot_builder_end(b) : NULL;
}

GsMetricView *gs_session_dup_metrics(GsSession *s)
{
  return gs_metric_log_freeze(s->log);
}

const char *gs_session_get_uuid(GsSession *s)
{
  return s->uuid;
}

static GsSnapshot *snapshot_of_run(GsStore *store, gint64 run, gint64 step, gboolean with_group,
                                   GError **error);

/* The runs of a stored run's group, into its snapshot (labels: the variants they match, relative
 * overrides against the group's first run; each with its own last snapshot). */
static gboolean add_stored_group(GsSnapshotBuilder *b, GsStore *store, const GsRunInfo *info,
                                 const GsExperimentKind *kind, GError **error)
{
  g_autoptr(GPtrArray) runs = gs_store_list_group(store, info->group, error);
  if (!runs) return FALSE;
  g_autoptr(GsExperimentFile) reference = NULL; /* the group's first run (launch order) */
  for (guint i = 0; i < runs->len; i++) {
    GsRunInfo *r = runs->pdata[i];
    g_autoptr(GsExperimentFile) f =
        gs_experiment_file_from_run(r->kind, r->params, r->seed, "cpu", r->steps, NULL, NULL);
    if (i == 0 && f) reference = gs_experiment_file_copy(f);
    const GsExperimentVariant *v = f ? gs_experiment_file_match_variant(f, reference) : NULL;
    const char *label = v ? g_dgettext(GETTEXT_PACKAGE, v->label) : r->name;
    if (r->id == info->id) {
      gs_snapshot_builder_add_group_run(b, label, r->uuid, NULL);
      continue;
    }
    /* Another run's checkpoint that cannot be restored costs the overlay its snapshot-only
     * data (e.g. robust accuracy against ε), not this run's figure: its metrics still come. */
    g_autoptr(GsSnapshot) last = snapshot_of_run(store, r->id, -1, FALSE, NULL);
    if (last) {
      gs_snapshot_builder_add_group_run(b, label, r->uuid, gs_snapshot_get_metrics(last));
      gs_snapshot_builder_set_group_run_snapshot(b, last);
      continue;
    }
    g_autoptr(GsMetricView) m = gs_store_load_metrics(store, r->id, error);
    if (!m) return FALSE;
    gs_snapshot_builder_add_group_run(b, label, r->uuid, m);
  }
  return TRUE;
}

gboolean gs_session_set_live(GsSession *s, const char *name, GVariant *value, GError **error)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink(value);
  const GsParamSpec *spec = gs_schema_find(s->file->kind->schema, name);
  if (spec && !spec->live) {
    g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE,
                _("\"%s\" cannot change while the experiment runs: it applies on reset"), name);
    return FALSE;
  }
  g_autoptr(GsParamValues) next = gs_param_values_copy(s->file->params);
  if (!gs_param_values_set_variant(next, name, value, error)) return FALSE;
  if (!s->file->kind->set_live) {
    g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE,
                _("\"%s\" cannot change while the experiment runs"), name);
    return FALSE;
  }
  if (!s->file->kind->set_live(s->state, next, name, error)) return FALSE;
  gs_param_values_free(s->file->params);
  s->file->params = g_steal_pointer(&next);
  return TRUE;
}

gboolean gs_session_checkpoint(GsSession *s, GError **error)
{
  if (!s->options.store || s->run < 0 || !s->file->kind->save) return TRUE;
  g_autoptr(GBytes) blob = s->file->kind->save(s->state, error);
  if (!blob) return FALSE;
  /* Metrics up to this step first, so a checkpoint never runs ahead of its metrics. */
  if (!flush(s, error)) return FALSE;
  return gs_store_add_checkpoint(s->options.store, s->run, s->step, blob, error);
}

gboolean gs_session_finish(GsSession *s, GsRunStatus status, const GError *run_error,
                           GError **error)
{
  if (s->finished) return TRUE;
  s->finished = TRUE;
  if (!s->options.store || s->run < 0) return TRUE;
  gboolean ok = flush(s, error);
  if (ok && s->options.checkpoint_every >= 0 && !s->step_failed && s->step > 0)
    ok = gs_session_checkpoint(s, error);
  GError **second = ok ? error : NULL; /* keep the first error */
  return gs_store_end_run(s->options.store, s->run, status, run_error ? run_error->message : NULL,
                          second) &&
         ok;
}

void gs_session_free(GsSession *s)
{
  if (!s) return;
  if (!s->finished && s->run >= 0) {
    /* Closed without a word (the runner frees its job this way): say how it ended. */
    GsRunStatus status = s->step_failed              ? GS_RUN_FAILED
                         : s->step >= s->file->steps ? GS_RUN_FINISHED
                                                     : GS_RUN_STOPPED;
    g_autoptr(GError) why =
        s->failure ? g_error_new_literal(G_IO_ERROR, G_IO_ERROR_FAILED, s->failure) : NULL;
    gs_session_finish(s, status, why, NULL);
  }
  g_free(s->failure);
  g_free(s->resumed_from);
  g_free(s->uuid);
  if (s->options.owns_store) g_clear_pointer(&s->options.store, gs_store_close);
  if (s->state) s->file->kind->free(s->state);
  if (s->backend) gs_backend_free(s->backend);
  gs_experiment_file_free(s->file);
  gs_metric_log_free(s->log);
  g_array_unref(s->batch);
  g_hash_table_unref(s->last_values);
  g_free(s);
}

GsSnapshot *gs_session_snapshot_of_run(GsStore *store, gint64 run, gint64 step, GError **error)
{
  return snapshot_of_run(store, run, step, TRUE, error);
}

static GsSnapshot *snapshot_of_run(GsStore *store, gint64 run, gint64 step, gboolean with_group,
                                   GError **error)
{
  g_autoptr(GsRunInfo) info = gs_store_get_run(store, run, error);
  if (!info) return NULL;
  g_autoptr(GsExperimentFile) file = gs_experiment_file_from_run(
      info->kind, info->params, info->seed, "cpu", info->steps, info->notes, error);
  if (!file) return NULL;
  g_autoptr(GsMetricView) metrics = gs_store_load_metrics(store, run, error);
  if (!metrics) return NULL;
  gint64 at = info->last_step;
  g_autoptr(GBytes) blob = NULL;
  if (file->kind->restore && file->kind->snapshot) {
    GError *missing = NULL;
    blob = gs_store_get_checkpoint(store, run, step, &at, &missing);
    /* No checkpoint: the views still get the metrics, unless a step was asked for. */
    if (!blob &&
        (step >= 0 || !g_error_matches(missing, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND))) {
      g_propagate_error(error, missing);
      return NULL;
    }
    g_clear_error(&missing);
    if (!blob) at = info->last_step;
  }
  GsSnapshotBuilder *b = NULL;
  if (blob) {
    GsSessionOptions o = {0};
    g_autoptr(GsSession) s = session_new(file, &o, error);
    if (!s) return NULL;
    if (!file->kind->restore(s->state, blob, error)) return NULL;
    s->step = at;
    b = file->kind->snapshot(s->state, at);
  }
  if (!b) b = gs_snapshot_builder_new(info->kind, at);
  gs_snapshot_builder_set_metrics(b, g_steal_pointer(&metrics));
  if (with_group && info->group && !add_stored_group(b, store, info, file->kind, error)) {
    g_object_unref(gs_snapshot_builder_end(b));
    return NULL;
  }
  return gs_snapshot_builder_end(b);
}
