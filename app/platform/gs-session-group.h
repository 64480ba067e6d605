/* gs-session-group.h — a group launch: the runs of a kind's variants (e.g. a run and its
 * ablations), one after another, with the same file, seed and data except each variant's
 * overrides, named "PREFIX: variant" and stored with one group id.
 *
 *     GsSessionGroup *g = gs_session_group_new(file, "moons", store_path, &base, &error);
 *     GsSession *s;                                    // the CLI: one session at a time
 *     while ((s = gs_session_group_next(g, &error))) { drive(s); gs_session_free(s); }
 *
 *     gs_runner_new(&gs_session_group_job_vtable, g);  // the GUI: the whole group as one job
 */
#ifndef GS_SESSION_GROUP_H
#define GS_SESSION_GROUP_H

#include "gs-experiment-file.h"
#include "gs-session.h"

G_BEGIN_DECLS

typedef struct _GsSessionGroup GsSessionGroup;

/* Checks every variant's overrides at once (an error names the bad one); the kind must have
 * variants. prefix: the runs' name prefix (NULL: the group id). store_path: each run opens its
 * own connection to it when it starts (NULL: nothing is recorded). base: threads, checkpoints,
 * backend preference; its store, name, group and owns_store are ignored. */
GsSessionGroup *gs_session_group_new(const GsExperimentFile *file, const char *prefix,
                                     const char *store_path, const GsSessionOptions *base,
                                     GError **error);
void gs_session_group_free(GsSessionGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsSessionGroup, gs_session_group_free)

const char *gs_session_group_get_id(GsSessionGroup *group);
guint gs_session_group_get_n_runs(GsSessionGroup *group);
/* How many runs have been started so far (0 … n). */
guint gs_session_group_get_started(GsSessionGroup *group);
const GsExperimentVariant *gs_session_group_get_variant(GsSessionGroup *group, guint i);
/* The file run i trains: the launch file with variant i's overrides (owned by the group). */
const GsExperimentFile *gs_session_group_get_file(GsSessionGroup *group, guint i);
/* Variant i's overrides as they resolve for this group, e.g. "ablation=none, epsilon=0.05"
 * (relative ones as their values). */
char *gs_session_group_describe_overrides(GsSessionGroup *group, guint i);

/* The next run's session (the caller frees it, which records how it ended), or NULL with no
 * error when every run has started, or NULL with error when it cannot start. */
GsSession *gs_session_group_next(GsSessionGroup *group, GError **error);

/* The group as a GsRunner job: it steps the current run, starts the next one when a run
 * finishes, and is finished after the last; the snapshot is the current run's. Stopping it
 * records the current run as stopped and starts no more. The runner frees the group. */
extern const GsJobVTable gs_session_group_job_vtable;

G_END_DECLS

#endif /* GS_SESSION_GROUP_H */
