/* gui-test-util.h — finding widgets, running the main loop and taking screenshots, for the GUI
 * tests. */
#ifndef GUI_TEST_UTIL_H
#define GUI_TEST_UTIL_H

#include <gtk/gtk.h>

#include "gs-application.h"

/* The first GtkLabel under root (depth first) whose text is text, or NULL. */
GtkWidget *find_label(GtkWidget *root, const char *text);
/* The first button under root bound to action ("win.play"), or NULL. */
GtkWidget *find_action_button(GtkWidget *root, const char *action);
/* Iterate the default main context for ms milliseconds. */
void gui_pump(int ms);
/* With GANSCAPE_SCREENSHOT_DIR set: write widget as DIR/name (PNG), after letting it settle.
 * Otherwise nothing: the tests' pictures are for people looking, not for assertions. */
void gui_screenshot(GtkWidget *widget, const char *name);
/* For a test program's main, after g_test_init(): points GANSCAPE_STORE at a fresh store in a
 * temporary folder (prefix names it) and, when there is a display, returns a registered, held
 * application with the built-in kinds registered. Without a display it returns NULL after
 * marking the run skipped (failing instead when GANSCAPE_REQUIRE_DISPLAY is set): main then
 * returns g_test_run(). */
GsApplication *gui_test_app_new(const char *prefix);
/* Runs the tests, then releases app and removes the temporary store; returns their status. */
int gui_test_app_run(GsApplication *app);

#endif /* GUI_TEST_UTIL_H */
