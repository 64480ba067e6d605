/* gui-test-util.c — finding widgets in a window, for the GUI tests. */
#include "gui-test-util.h"

GtkWidget *find_label(GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL(root) && g_strcmp0(gtk_label_get_text(GTK_LABEL(root)), text) == 0) return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_label(c, text);
    if (found) return found;
  }
  return NULL;
}

GtkWidget *find_action_button(GtkWidget *root, const char *action)
{
  if (GTK_IS_BUTTON(root) &&
      g_strcmp0(gtk_actionable_get_action_name(GTK_ACTIONABLE(root)), action) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_action_button(c, action);
    if (found) return found;
  }
  return NULL;
}
