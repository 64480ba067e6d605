/* gs-runs-browser.h — the run store in the window: list and filter the recorded runs, rename,
 * annotate and delete them, tick several (or a whole launch group) to overlay a metric's curves in
 * stable colours, open a run's parameters as a new experiment, or resume it from a checkpoint.
 *
 *     GsRunsBrowser *browser = gs_runs_browser_new(NULL);        // the user's store
 *     g_signal_connect(browser, "reopen", G_CALLBACK(reopen_cb), win);  // (GsExperimentFile *)
 *     g_signal_connect(browser, "resume", G_CALLBACK(resume_cb), win);  // (run id, step)
 *     gs_runs_browser_refresh(browser);                          // e.g. when a run ends
 */
#ifndef GS_RUNS_BROWSER_H
#define GS_RUNS_BROWSER_H

#include <gtk/gtk.h>

#include "gs-figure.h"
#include "platform/gs-store.h"

G_BEGIN_DECLS

#define GS_TYPE_RUNS_BROWSER (gs_runs_browser_get_type())
G_DECLARE_FINAL_TYPE(GsRunsBrowser, gs_runs_browser, GS, RUNS_BROWSER, GtkBox)

/* store_path NULL: gs_store_default_path(). */
GsRunsBrowser *gs_runs_browser_new(const char *store_path);
/* Read the store again (opening it the first time). */
void gs_runs_browser_refresh(GsRunsBrowser *self);
void gs_runs_browser_set_filter(GsRunsBrowser *self, const char *text);
guint gs_runs_browser_get_n_runs(GsRunsBrowser *self); /* shown after filtering */
/* Tick (overlay) or untick a run by id; select one for the details pane. */
void gs_runs_browser_set_overlaid(GsRunsBrowser *self, gint64 run, gboolean overlaid);
void gs_runs_browser_select(GsRunsBrowser *self, gint64 run);
void gs_runs_browser_set_metric(GsRunsBrowser *self, const char *metric);
/* Groups (GsRunInfo.group: a run and its variants launched together). The list shows each run's
 * group; the filter keeps one group's runs (NULL: every run); "Overlay Group" ticks exactly a
 * group's runs (and unticks the others) to compare them. */
void gs_runs_browser_set_group_filter(GsRunsBrowser *self, const char *group);
const char *gs_runs_browser_get_group_filter(GsRunsBrowser *self);
void gs_runs_browser_overlay_group(GsRunsBrowser *self, const char *group);
guint gs_runs_browser_get_n_overlaid(GsRunsBrowser *self);
/* The overlay figure as drawn (owned by the browser's figure view; NULL before the first). */
GsFigure *gs_runs_browser_get_figure(GsRunsBrowser *self);

G_END_DECLS

#endif /* GS_RUNS_BROWSER_H */
