/* gs-experiment.h — the experiment contract and the registry of experiment kinds.
 *
 * An experiment kind is a static table: its id, title, description, parameter schema and a
 * handful of functions, all called on one thread (the runner's worker thread in the GUI, the
 * main thread in ganscape-cli). The engine never sees figures: the views of a kind live in
 * ui/views/<kind>/ and are registered there under the same id.
 *
 *     static const GsExperimentKind toy_kind = {
 *       .id = "toy", .title = N_("Toy"), .description = N_("…"), .schema = toy_schema,
 *       .default_steps = 1000,
 *       .init = toy_init,         // resolved parameters, seed, backend → state
 *       .step = toy_step,         // one unit of training; emits metric rows
 *       .snapshot = toy_snapshot, // GsSnapshot for the views
 *       .set_live = toy_set_live, // a live parameter changed (values already updated)
 *       .save = toy_save, .restore = toy_restore, // checkpoints (see gs-checkpoint.h)
 *       .free = toy_free,
 *     };
 *
 * Adding a kind is one folder app/experiments/<kind>/ and one line in
 * app/experiments/gs-experiments.c that calls gs_experiment_kind_register().
 *
 * Reproducibility is part of the contract: with the same parameters, seed and CPU backend,
 * step() emits bit-identical metrics, and restore() of a checkpoint taken after step k followed
 * by steps k+1… emits what the original run emitted (so save every random stream's position).
 */
#ifndef GS_EXPERIMENT_H
#define GS_EXPERIMENT_H

#include <glib.h>

#include "gs-backend.h"
#include "gs-param.h"
#include "gs-snapshot.h"

G_BEGIN_DECLS

/* Where step() writes its metric rows; the step number is implied. */
typedef struct _GsMetricSink GsMetricSink;
void gs_metric_sink_emit(GsMetricSink *sink, const char *name, double value);

/* One run of a kind's standard group (e.g. a run and its ablations): launched together with the
 * same file, seed and data, differing only by these parameter overrides. An override is either
 * absolute, "NAME=VALUE" (gs_param_values_parse text), or relative to the file's value,
 * "NAME*=FACTOR" (int and double parameters; an int is rounded), e.g. {"epsilon*=0.5"}.
 * The first variant's overrides must be absolute: it is the group's reference run, the one the
 * others are matched against when a stored group is labelled. */
typedef struct {
  const char *id;     /* [a-z][a-z0-9-]*: the run's name suffix and the CLI's listing */
  const char *label;  /* N_(): the legend of overlaid curves */
  const char *set[4]; /* overrides, NULL-terminated */
} GsExperimentVariant;

/* Apply a variant's overrides to values in place (relative ones scale the value held there).
 * An error names the variant and the override; a value out of range names the parameter and its
 * allowed range, e.g. 'variant strong-eps (epsilon*=2): "epsilon": 12 is out of range — allowed
 * 0 … 10'. On error, values may hold the overrides before the bad one. */
gboolean gs_experiment_variant_apply(const GsExperimentVariant *variant, GsParamValues *values,
                                     GError **error);
/* TRUE when one of the variant's overrides is relative ("NAME*=FACTOR"). */
gboolean gs_experiment_variant_is_relative(const GsExperimentVariant *variant);

typedef struct _GsExperimentKind {
  const char *id;          /* [a-z][a-z0-9-]*, in files, the store and on the command line */
  const char *title;       /* N_() */
  const char *description; /* N_(): one or two sentences for the gallery and --help */
  const GsParamSpec *schema;
  gint64 default_steps; /* the length of a run when neither the file nor --steps says */

  /* Build the state. params are resolved and valid; backend is owned by the caller and lives
   * longer than the state. total_steps lets schedules know the run's length. */
  gpointer (*init)(const GsParamValues *params, guint64 seed, gs_backend *backend,
                   gint64 total_steps, GError **error);
  /* One unit of training; step counts from 1. FALSE with error ends the run as failed. */
  gboolean (*step)(gpointer state, gint64 step, GsMetricSink *metrics, GError **error);
  /* What the views need, or NULL for nothing. The caller adds the metric history. */
  GsSnapshotBuilder *(*snapshot)(gpointer state, gint64 step);
  /* A live parameter changed: params holds the new value. NULL: no live parameters. */
  gboolean (*set_live)(gpointer state, const GsParamValues *params, const char *name,
                       GError **error);
  /* Checkpoints: the whole training state as a safetensors image. NULL: not supported. */
  GBytes *(*save)(gpointer state, GError **error);
  gboolean (*restore)(gpointer state, GBytes *checkpoint, GError **error);
  void (*free)(gpointer state);
  /* Optional: the runs of a group launch, in order, ended by {NULL}; the first is usually the
   * standard run. NULL: the kind has no group launch. See gs_experiment_file_for_variant(). */
  const GsExperimentVariant *variants;
  const char *variants_action; /* N_(): the group launch's button, e.g. "Run with ablations" */
} GsExperimentKind;

/* Register a kind (checks its schema and aborts naming the fault: a kind with a broken schema
 * is a bug). Registering the same kind twice is harmless; another kind with the same id aborts. */
void gs_experiment_kind_register(const GsExperimentKind *kind);
const GsExperimentKind *gs_experiment_kind_lookup(const char *id);
/* Every registered kind, in registration order; NULL-terminated, owned by the registry. */
const GsExperimentKind *const *gs_experiment_kinds(guint *n);
/* "landscape", "poly" … for messages: "unknown kind \"x\" (known: …)" */
char *gs_experiment_kinds_list_ids(void);

/* The product's kinds (app/experiments/gs-experiments.c); idempotent. */
void gs_experiments_register_builtin(void);

G_END_DECLS

#endif /* GS_EXPERIMENT_H */
