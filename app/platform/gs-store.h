/* gs-store.h — the run store: every run's record, metrics, checkpoints and exported figures in
 * one SQLite database (WAL mode).
 *
 * Where: --store PATH, else $GANSCAPE_STORE, else $XDG_DATA_HOME/ganscape/runs.sqlite
 * (gs_store_default_path). Several processes may write one store at once (a sweep's jobs, the
 * GUI): SQLite serialises the writers, readers never wait.
 *
 *     GsStore *store = gs_store_open(gs_store_default_path(), &error);
 *     GsRunInfo info = {.kind = "landscape", .params = json, .seed = 1, .backend = "cpu",
 *                       .steps = 2000};
 *     gint64 run = gs_store_begin_run(store, &info, &error);
 *     gs_store_add_metrics(store, run, rows, n_rows, last_step, &error); // one transaction
 *     gs_store_add_checkpoint(store, run, step, blob, &error);
 *     gs_store_end_run(store, run, GS_RUN_FINISHED, NULL, &error);
 *
 * Each batch of metric rows commits in one transaction together with the run's last_step, so a
 * process killed at any moment leaves whole batches: the steps 1 … last_step are complete.
 * A run left "running" by a process that no longer exists on this host reads as
 * "interrupted". The schema carries its version in PRAGMA user_version and is migrated on open;
 * a store from a newer Ganscape is refused rather than damaged.
 */
#ifndef GS_STORE_H
#define GS_STORE_H

#include <glib.h>

#include "gs-metrics.h"

G_BEGIN_DECLS

#define GS_STORE_SCHEMA_VERSION 3

#define GS_STORE_ERROR (gs_store_error_quark())
GQuark gs_store_error_quark(void);

typedef enum {
  GS_STORE_ERROR_OPEN,      /* cannot open or create the file */
  GS_STORE_ERROR_VERSION,   /* written by a newer Ganscape */
  GS_STORE_ERROR_CORRUPT,   /* not a Ganscape store, or damaged */
  GS_STORE_ERROR_NOT_FOUND, /* no such run or checkpoint */
  GS_STORE_ERROR_SQL,       /* anything else SQLite reports */
} GsStoreError;

typedef enum {
  GS_RUN_RUNNING,
  GS_RUN_FINISHED,
  GS_RUN_STOPPED,
  GS_RUN_FAILED,
  GS_RUN_INTERRUPTED,
} GsRunStatus;

const char *gs_run_status_name(GsRunStatus status);  /* "running", … as stored */
const char *gs_run_status_label(GsRunStatus status); /* the same, translated for people */
gboolean gs_run_status_from_name(const char *name, GsRunStatus *out);

typedef struct {
  gint64 id;  /* local to this store */
  char *uuid; /* the same in every store the run is merged into */
  char *kind;
  char *name;
  char *params; /* the resolved parameters, JSON */
  guint64 seed;
  char *backend;    /* "cpu", "vulkan" (what actually ran) */
  gint64 steps;     /* planned */
  gint64 last_step; /* last step whose metrics are committed */
  char *app_version;
  gint64 started, ended; /* unix time in microseconds; ended 0 while running */
  GsRunStatus status;
  char *error;
  char *notes;
  char *resumed_from; /* uuid of the run whose checkpoint this one started from, or NULL */
  gint64 resumed_step;
  char *group; /* the group it was launched in (a run and its variants), or NULL */
} GsRunInfo;

void gs_run_info_free(GsRunInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsRunInfo, gs_run_info_free)

typedef struct {
  gint64 step;
  const char *name;
  double value;
} GsStoreMetric;

typedef struct _GsStore GsStore;

char *gs_store_default_path(void);
GsStore *gs_store_open(const char *path, GError **error);
void gs_store_close(GsStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsStore, gs_store_close)
const char *gs_store_get_path(GsStore *store);

/* Records a new run as "running"; fills uuid, started and app_version when they are NULL/0. */
gint64 gs_store_begin_run(GsStore *store, const GsRunInfo *info, GError **error);
gboolean gs_store_add_metrics(GsStore *store, gint64 run, const GsStoreMetric *rows, guint n,
                              gint64 last_step, GError **error);
gboolean gs_store_end_run(GsStore *store, gint64 run, GsRunStatus status, const char *error_text,
                          GError **error);
gboolean gs_store_add_checkpoint(GsStore *store, gint64 run, gint64 step, GBytes *data,
                                 GError **error);
/* step < 0: the latest. out_step receives the checkpoint's step. */
GBytes *gs_store_get_checkpoint(GsStore *store, gint64 run, gint64 step, gint64 *out_step,
                                GError **error);
GArray *gs_store_list_checkpoints(GsStore *store, gint64 run, GError **error); /* gint64 steps */
gboolean gs_store_add_figure(GsStore *store, gint64 run, const char *view, const char *format,
                             const char *preset, const char *path, GError **error);
/* (view, format, path) triples of a run's exported figures, flattened. */
GPtrArray *gs_store_list_figures(GsStore *store, gint64 run, GError **error);

typedef struct {
  const char *kind;  /* NULL: any */
  const char *text;  /* NULL: any; matched in name, notes, kind and parameters */
  int status;        /* -1: any; else a GsRunStatus */
  const char *group; /* NULL: any; else only the runs of that group (GsRunInfo.group) */
} GsRunFilter;

/* GsRunInfo*, newest first. */
GPtrArray *gs_store_list_runs(GsStore *store, const GsRunFilter *filter, GError **error);
GsRunInfo *gs_store_get_run(GsStore *store, gint64 run, GError **error);
/* GsRunInfo* of the runs launched in one group (GsRunInfo.group), in launch order. */
GPtrArray *gs_store_list_group(GsStore *store, const char *group, GError **error);
/* "12" (an id) or a uuid or a unique uuid prefix of at least 4 characters. */
GsRunInfo *gs_store_find_run(GsStore *store, const char *reference, GError **error);
gboolean gs_store_rename_run(GsStore *store, gint64 run, const char *name, GError **error);
gboolean gs_store_set_notes(GsStore *store, gint64 run, const char *notes, GError **error);
gboolean gs_store_delete_run(GsStore *store, gint64 run, GError **error);

/* Every metric row of a run, as a frozen history. */
GsMetricView *gs_store_load_metrics(GsStore *store, gint64 run, GError **error);
/* A short consistency check (PRAGMA quick_check and foreign keys); FALSE with the reason. */
gboolean gs_store_check(GsStore *store, GError **error);

typedef struct {
  guint runs_added;   /* new runs */
  guint runs_updated; /* runs that were here, replaced by a more complete copy */
  guint runs_skipped; /* already here, as complete */
  guint64 metric_rows;
} GsMergeStats;

/* Imports every run of the store at source_path that this store lacks, or has less completely
 * (fewer committed steps, or still running where the source has ended). Idempotent: merging
 * the same source twice adds nothing the second time. The source is validated first. */
gboolean gs_store_merge(GsStore *store, const char *source_path, GsMergeStats *stats,
                        GError **error);

G_END_DECLS

#endif /* GS_STORE_H */
