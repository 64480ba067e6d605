/* gui-test-util.h — finding widgets, running the main loop and taking screenshots, for the GUI
 * tests. */
#ifndef GUI_TEST_UTIL_H
#define GUI_TEST_UTIL_H

#include <gtk/gtk.h>

/* The first GtkLabel under root (depth first) whose text is text, or NULL. */
GtkWidget *find_label(GtkWidget *root, const char *text);
/* The first button under root bound to action ("win.play"), or NULL. */
GtkWidget *find_action_button(GtkWidget *root, const char *action);
/* Iterate the default main context for ms milliseconds. */
void gui_pump(int ms);
/* With GANSCAPE_SCREENSHOT_DIR set: write widget as DIR/name (PNG), after letting it settle.
 * Otherwise nothing: the tests' pictures are for people looking, not for assertions. */
void gui_screenshot(GtkWidget *widget, const char *name);

#endif /* GUI_TEST_UTIL_H */
