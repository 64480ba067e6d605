/* gs-session.h — one run of an experiment: parameters → state → steps → metrics in the store.
 *
 * The CLI drives a session on its main thread; the GUI hands it to a GsRunner as a job
 * (gs_session_job_vtable) so it runs on the worker thread. Both record the same way:
 *
 *     GsSession *s = gs_session_new(file, &(GsSessionOptions){.store = store}, &error);
 *     while (!gs_session_is_finished(s))
 *       if (!gs_session_step(s, &error)) break;          // metrics batched into the store
 *     gs_session_finish(s, error ? GS_RUN_FAILED : GS_RUN_FINISHED, error, NULL);
 *     gs_session_free(s);
 *
 * Metric rows go to the store in transactions of whole steps (every batch_rows rows or
 * batch_interval_ms, whichever first); a checkpoint is stored every checkpoint_every steps and
 * when the run ends, when the kind supports them. gs_session_resume() starts a new run from a
 * stored checkpoint; it carries on exactly where the old run was (same metrics after it).
 */
#ifndef GS_SESSION_H
#define GS_SESSION_H

#include "gs-experiment-file.h"
#include "gs-store.h"
#include "runner/gs-runner.h"

G_BEGIN_DECLS

typedef struct {
  GsStore *store;          /* NULL: nothing is recorded */
  const char *name;        /* the run's name in the store; NULL: none */
  const char *group;       /* the group id stored with the run (gs-variants.h); NULL: none */
  gint64 checkpoint_every; /* steps; 0: only at the end; -1: never */
  guint batch_rows;        /* 0: 1024 */
  guint batch_interval_ms; /* 0: 1000 */
  int threads;             /* CPU backend threads; 0: every core */
  gboolean owns_store;     /* the session takes the store, even when it fails to start, and
                            * closes it (the GUI opens one per run, on the worker thread) */
  /* The backend when the experiment file says "auto" and GANSCAPE_BACKEND is unset: the GUI's
   * compute-backend preference ("auto", "cpu", "vulkan"); NULL: auto. See gs_session_new. */
  const char *backend_preference;
} GsSessionOptions;

typedef struct _GsSession GsSession;

/* The backend comes from, first to last: the file's "backend" (which `ganscape-cli run
 * --backend` overrides) unless it is "auto"; the environment variable GANSCAPE_BACKEND;
 * options->backend_preference; else auto (a Vulkan GPU, otherwise the CPU). A backend that was
 * asked for and cannot be had is an error naming where the choice came from. Vulkan takes a
 * CPU implementation such as lavapipe only with GANSCAPE_VULKAN_ALLOW_CPU=1. A device that
 * fails during a run (lost, out of memory) ends the step with an error; the run stops. */
GsSession *gs_session_new(const GsExperimentFile *file, const GsSessionOptions *options,
                          GError **error);
/* A new run with the parameters of run `run` from its checkpoint at `step` (< 0: the latest). */
GsSession *gs_session_resume(GsStore *store, gint64 run, gint64 step,
                             const GsSessionOptions *options, GError **error);
void gs_session_free(GsSession *session); /* a run still open ends as "stopped" */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsSession, gs_session_free)

gboolean gs_session_step(GsSession *session, GError **error);
gboolean gs_session_is_finished(GsSession *session);
gint64 gs_session_get_step(GsSession *session);  /* steps done */
gint64 gs_session_get_total(GsSession *session); /* planned */
/* The run's id in the store: -1 without a store and until the first step starts (a session
 * that never steps leaves no run behind). */
gint64 gs_session_get_run_id(GsSession *session);
const GsExperimentFile *gs_session_get_file(GsSession *session);
const char *gs_session_get_backend_name(GsSession *session); /* what actually runs */
/* The latest value of each metric emitted in the last step, for progress lines. */
gboolean gs_session_last_metric(GsSession *session, const char *name, double *value);
GStrv gs_session_metric_names(GsSession *session);

/* The run's uuid in the store (chosen when the session is made). */
const char *gs_session_get_uuid(GsSession *session);
/* The metric history so far. */
GsMetricView *gs_session_dup_metrics(GsSession *session);
/* The builder of gs_session_snapshot() (metrics set), for callers that add to it; NULL if the
 * kind has no snapshot. */
GsSnapshotBuilder *gs_session_snapshot_builder(GsSession *session);
/* A snapshot for the views (with the metric history), or NULL if the kind has none. */
GsSnapshot *gs_session_snapshot(GsSession *session);
/* Change a live parameter (checked against the schema; non-live ones are refused). A floating
 * value is sunk. */
gboolean gs_session_set_live(GsSession *session, const char *name, GVariant *value, GError **error);
gboolean gs_session_checkpoint(GsSession *session, GError **error);
/* Flush metrics, store the final checkpoint and mark the run. Idempotent. */
gboolean gs_session_finish(GsSession *session, GsRunStatus status, const GError *run_error,
                           GError **error);

/* The snapshot of a stored run, for exporting its views: the state restored on the CPU from its
 * checkpoint at step (< 0: the latest; a run without checkpoints gives its metrics only) and
 * every metric row of the run; a run of a group launch carries its group's runs (each one's
 * metrics) for the overlays. */
GsSnapshot *gs_session_snapshot_of_run(GsStore *store, gint64 run, gint64 step, GError **error);

/* The session as a GsRunner job: gs_runner_new(&gs_session_job_vtable, session) hands it over;
 * the runner frees it when the run ends, which records the run as finished, failed (with the
 * step's error) or stopped. */
extern const GsJobVTable gs_session_job_vtable;

G_END_DECLS

#endif /* GS_SESSION_H */
