/* gs-experiment-page.h — one experiment in the window: its settings form (seed, steps, backend
 * and the kind's parameters), open/save/save-as of its experiment file, and the latest values
 * of its metrics while it runs. The page builds a GsSession from the form and hands it to the
 * window as a GsRunner job; a reset builds a new one, which is when non-live changes apply.
 *
 *     GsExperimentPage *page = gs_experiment_page_new(window, file, path); // file is copied
 *     gs_experiment_page_reset(page);   // a fresh run, handed to the window's controls
 */
#ifndef GS_EXPERIMENT_PAGE_H
#define GS_EXPERIMENT_PAGE_H

#include <gtk/gtk.h>

#include "gs-draw-bar.h"
#include "gs-param-form.h"
#include "gs-window.h"
#include "platform/gs-experiment-file.h"

G_BEGIN_DECLS

#define GS_TYPE_EXPERIMENT_PAGE (gs_experiment_page_get_type())
G_DECLARE_FINAL_TYPE(GsExperimentPage, gs_experiment_page, GS, EXPERIMENT_PAGE, GtkBox)

/* path: the file it was opened from, or NULL for a new experiment. */
GsExperimentPage *gs_experiment_page_new(GsWindow *window, const GsExperimentFile *file,
                                         const char *path);
const GsExperimentKind *gs_experiment_page_get_kind(GsExperimentPage *self);
/* The experiment as the form shows it (a new copy). */
GsExperimentFile *gs_experiment_page_dup_file(GsExperimentPage *self);
gboolean gs_experiment_page_save(GsExperimentPage *self, const char *path, GError **error);
const char *gs_experiment_page_get_path(GsExperimentPage *self);
/* A new run from the form's values (the old one stops). */
void gs_experiment_page_reset(GsExperimentPage *self);
/* A new run continuing run `run` of the store from its checkpoint at step (< 0: latest). */
gboolean gs_experiment_page_resume(GsExperimentPage *self, gint64 run, gint64 step, GError **error);
GsParamForm *gs_experiment_page_get_form(GsExperimentPage *self);
/* The figure of the chosen view, and the Draw / Undo / Clear bar (NULL unless the kind has a
 * drawn_points parameter and a "drawn" dataset: see gs-draw-bar.h). */
GsFigureView *gs_experiment_page_get_figure_view(GsExperimentPage *self);
GsDrawBar *gs_experiment_page_get_draw_bar(GsExperimentPage *self);

G_END_DECLS

#endif /* GS_EXPERIMENT_PAGE_H */
