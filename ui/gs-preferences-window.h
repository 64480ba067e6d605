/* gs-preferences-window.h — the Preferences window: each control is bound to a key of the
 * io.github.ganscape.Ganscape GSettings schema and takes effect as it changes. */
#ifndef GS_PREFERENCES_WINDOW_H
#define GS_PREFERENCES_WINDOW_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GS_TYPE_PREFERENCES_WINDOW (gs_preferences_window_get_type())
G_DECLARE_FINAL_TYPE(GsPreferencesWindow, gs_preferences_window, GS, PREFERENCES_WINDOW, GtkWindow)

GsPreferencesWindow *gs_preferences_window_new(GtkWindow *parent);

G_END_DECLS

#endif /* GS_PREFERENCES_WINDOW_H */
