/* gs-experiment-file.h — experiment files (*.ganscape.json): everything needed to run an
 * experiment again, human-editable.
 *
 *     {
 *       "format": "ganscape-experiment",
 *       "version": 1,
 *       "kind": "landscape",
 *       "seed": 1,
 *       "backend": "cpu",          // "auto", "cpu" or "vulkan"; optional, default "auto"
 *       "steps": 2000,             // optional, default the kind's
 *       "params": {"d_lr": 0.001}, // optional; missing parameters take their defaults
 *       "notes": "…"               // optional
 *     }
 *
 * Loading checks everything against the kind's schema and reports every problem at once, each
 * with its line: `x.ganscape.json:9: "d_lr": 7 is out of range — allowed 1e-6 … 1`. Members
 * it does not know are warnings (gs_experiment_file_get_warnings), kept and written back on
 * save, never silently dropped; a file from a newer format version is refused.
 */
#ifndef GS_EXPERIMENT_FILE_H
#define GS_EXPERIMENT_FILE_H

#include "gs-experiment.h"

G_BEGIN_DECLS

#define GS_EXPERIMENT_FILE_VERSION 1
#define GS_EXPERIMENT_FILE_SUFFIX  ".ganscape.json"

#define GS_EXPERIMENT_FILE_ERROR (gs_experiment_file_error_quark())
GQuark gs_experiment_file_error_quark(void);

typedef enum {
  GS_EXPERIMENT_FILE_ERROR_SYNTAX,  /* not JSON, not UTF-8, not an object */
  GS_EXPERIMENT_FILE_ERROR_FORMAT,  /* not an experiment file, or a newer version */
  GS_EXPERIMENT_FILE_ERROR_INVALID, /* values that the schema refuses */
  GS_EXPERIMENT_FILE_ERROR_KIND,    /* a kind this build does not know */
} GsExperimentFileError;

typedef struct {
  const GsExperimentKind *kind;
  guint64 seed;
  char *backend; /* "auto", "cpu", "vulkan" */
  gint64 steps;  /* ≥ 1 */
  GsParamValues *params;
  char *notes; /* may be NULL */
  /* private: what was read but not understood, written back on save */
  JsonObject *unknown_top;
  JsonObject *unknown_params;
  GPtrArray *warnings;
} GsExperimentFile;

GsExperimentFile *gs_experiment_file_new(const GsExperimentKind *kind); /* defaults, seed 0 */
GsExperimentFile *gs_experiment_file_copy(const GsExperimentFile *file);
/* The file of one run of a group launch: a copy with the variant's overrides applied; the seed,
 * backend, steps and every other parameter stay. */
GsExperimentFile *gs_experiment_file_for_variant(const GsExperimentFile *file,
                                                 const GsExperimentVariant *variant,
                                                 GError **error);
/* The first of the kind's variants whose overrides the file's parameters all hold, or NULL.
 * Variants with relative overrides ("NAME*=FACTOR") need a reference and never match here. */
const GsExperimentVariant *gs_experiment_file_find_variant(const GsExperimentFile *file);
/* The first variant that, applied to reference's parameters, gives exactly file's; reference is
 * the group's first run (the first variant's, whose overrides are absolute). NULL reference:
 * as gs_experiment_file_find_variant(). */
const GsExperimentVariant *gs_experiment_file_match_variant(const GsExperimentFile *file,
                                                            const GsExperimentFile *reference);
/* A fresh group id for the store ("group-" and 8 hex digits of a random uuid's). */
char *gs_experiment_group_new_id(void);
void gs_experiment_file_free(GsExperimentFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsExperimentFile, gs_experiment_file_free)

/* display_name prefixes messages ("x.ganscape.json:9: …"). */
GsExperimentFile *gs_experiment_file_load_data(const char *data, gssize len,
                                               const char *display_name, GError **error);
GsExperimentFile *gs_experiment_file_load(const char *path, GError **error);
/* Warnings of the last load: unknown members with their lines, duplicates. */
const GPtrArray *gs_experiment_file_get_warnings(const GsExperimentFile *file);

char *gs_experiment_file_to_data(const GsExperimentFile *file);
/* Written to a temporary file and renamed, so a crash never leaves half a file. */
gboolean gs_experiment_file_save(const GsExperimentFile *file, const char *path, GError **error);

/* The same checks as for a file, from the parts the store keeps for a run (params JSON). */
GsExperimentFile *gs_experiment_file_from_run(const char *kind, const char *params_json,
                                              guint64 seed, const char *backend, gint64 steps,
                                              const char *notes, GError **error);

G_END_DECLS

#endif /* GS_EXPERIMENT_FILE_H */
