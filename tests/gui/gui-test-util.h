/* gui-test-util.h — finding widgets in a window, for the GUI tests. */
#ifndef GUI_TEST_UTIL_H
#define GUI_TEST_UTIL_H

#include <gtk/gtk.h>

/* The first GtkLabel under root (depth first) whose text is text, or NULL. */
GtkWidget *find_label(GtkWidget *root, const char *text);
/* The first button under root bound to action ("win.play"), or NULL. */
GtkWidget *find_action_button(GtkWidget *root, const char *action);

#endif /* GUI_TEST_UTIL_H */
