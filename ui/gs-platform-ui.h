/* gs-platform-ui.h — puts the experiment platform into a GsWindow: the sidebar lists the
 * registered experiment kinds, choosing one opens its experiment page; the content stack gets
 * the runs browser ("runs") and the example gallery ("examples"); the window gains the actions
 * win.open-experiment, win.show-examples and win.show-runs, and its reset control builds a
 * fresh run of the page on show.
 *
 *     GsWindow *win = gs_window_new(app);
 *     gs_platform_ui_install(win);
 */
#ifndef GS_PLATFORM_UI_H
#define GS_PLATFORM_UI_H

#include "gs-experiment-page.h"
#include "gs-window.h"

G_BEGIN_DECLS

void gs_platform_ui_install(GsWindow *window);
/* Open an experiment (a copy of file) in a new page and make it current; path may be NULL. */
GsExperimentPage *gs_platform_ui_open(GsWindow *window, const GsExperimentFile *file,
                                      const char *path);
/* Load an experiment file, report its warnings in the status area, open it. */
GsExperimentPage *gs_platform_ui_open_path(GsWindow *window, const char *path, GError **error);

G_END_DECLS

#endif /* GS_PLATFORM_UI_H */
