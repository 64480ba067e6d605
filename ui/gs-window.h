/* gs-window.h — the main window: header bar with the run controls, the sidebar of experiment
 * kinds, the content stack for views and the status area.
 *
 *     GsWindow *win = gs_window_new(app);
 *     gs_window_set_kinds(win, G_LIST_MODEL(kinds));   // GsKindItem items; empty is fine
 *     g_signal_connect(win, "kind-activated", G_CALLBACK(open_kind_cb), NULL);
 *     gtk_stack_add_titled(gs_window_get_content(win), view, "landscape", _("Landscape"));
 *     gs_window_set_runner(win, runner, _("Discriminator landscape"));  // enables the controls
 *     g_signal_connect(win, "reset-requested", G_CALLBACK(reset_cb), NULL);
 *
 * Play, pause, step and reset (the win.play, win.pause, win.step and win.reset actions) drive
 * the runner; they are disabled, with a tooltip saying why, while no experiment is loaded.
 * Reset is the owner's business (a new job means a new runner): the window only emits
 * "reset-requested". Closing the window drops its runner, which stops the job.
 */
#ifndef GS_WINDOW_H
#define GS_WINDOW_H

#include <gtk/gtk.h>

#include "runner/gs-runner.h"

G_BEGIN_DECLS

#define GS_TYPE_WINDOW (gs_window_get_type())
G_DECLARE_FINAL_TYPE(GsWindow, gs_window, GS, WINDOW, GtkApplicationWindow)

GsWindow *gs_window_new(GtkApplication *application);

/* The experiment kinds to list (items: GsKindItem); NULL or empty shows the empty state. */
void gs_window_set_kinds(GsWindow *self, GListModel *kinds);
/* Mark the kind named name in the sidebar as the one shown (NULL: none), without activating
 * it. */
void gs_window_select_kind(GsWindow *self, const char *name);
/* The stack the views go into; its "welcome" page is shown until another is chosen. */
GtkStack *gs_window_get_content(GsWindow *self);
/* The loaded experiment's runner and title (NULL: nothing loaded). The window keeps a
 * reference and follows its state, progress and errors. */
void gs_window_set_runner(GsWindow *self, GsRunner *runner, const char *title);
GsRunner *gs_window_get_runner(GsWindow *self);
/* Show a message in the status area until the next state change. */
void gs_window_show_message(GsWindow *self, const char *message);

G_END_DECLS

#endif /* GS_WINDOW_H */
