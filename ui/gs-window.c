/* gs-window.c — the main window. */
#include "gs-window.h"

#include <glib/gi18n.h>

#include "gs-config.h"
#include "gs-kind-item.h"

struct _GsWindow {
  GtkApplicationWindow parent_instance;

  GSettings *settings;
  GsRunner *runner;
  char *experiment_title;
  GListModel *kinds;

  /* template children */
  GtkButton *play_button;
  GtkButton *pause_button;
  GtkButton *step_button;
  GtkButton *reset_button;
  GtkLabel *subtitle_label;
  GtkPaned *paned;
  GtkStack *sidebar_stack;
  GtkListBox *kinds_list;
  GtkStack *content_stack;
  GtkLabel *status_label;
  GtkLabel *steps_label;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE(GsWindow, gs_window, GTK_TYPE_APPLICATION_WINDOW)

enum { SIGNAL_KIND_ACTIVATED, SIGNAL_RESET_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* "Play (F5)" when enabled, "Play — why not" when disabled. */
static void set_control(GsWindow *self, const char *action, GtkButton *button, const char *label,
                        gboolean enabled, const char *why_not)
{
  gtk_widget_action_set_enabled(GTK_WIDGET(self), action, enabled);

  g_autofree char *text = NULL;
  if (!enabled && why_not) {
    /* TRANSLATORS: a disabled button's tooltip: "Play — Load an experiment first". */
    text = g_strdup_printf(_("%s — %s"), label, why_not);
  } else {
    GtkApplication *app = gtk_window_get_application(GTK_WINDOW(self));
    g_auto(GStrv) accels = app ? gtk_application_get_accels_for_action(app, action) : NULL;
    guint key = 0;
    GdkModifierType mods = 0;
    if (accels && accels[0] && gtk_accelerator_parse(accels[0], &key, &mods)) {
      g_autofree char *accel = gtk_accelerator_get_label(key, mods);
      /* TRANSLATORS: a button's tooltip with its shortcut: "Play (F5)". */
      text = g_strdup_printf(_("%s (%s)"), label, accel);
    } else {
      text = g_strdup(label);
    }
  }
  gtk_widget_set_tooltip_text(GTK_WIDGET(button), text);
}

/* The one place that decides which run controls are enabled, and says why the others are
 * not. */
static void update_controls(GsWindow *self)
{
  gboolean loaded = self->runner != NULL;
  GsRunnerState state = loaded ? gs_runner_get_state(self->runner) : GS_RUNNER_IDLE;
  gboolean running = loaded && state == GS_RUNNER_RUNNING;
  gboolean ended = loaded && gs_runner_state_is_terminal(state);
  const char *why = !loaded   ? _("Load an experiment first")
                    : ended   ? _("The run has ended; reset to start again")
                    : running ? _("Pause first")
                              : NULL;

  set_control(self, "win.play", self->play_button, _("Play"), loaded && !running && !ended,
              running ? _("Already running") : why);
  set_control(self, "win.pause", self->pause_button, _("Pause"), running,
              loaded && !ended ? _("Not running") : why);
  set_control(self, "win.step", self->step_button, _("Single Step"), loaded && !running && !ended,
              why);
  set_control(self, "win.reset", self->reset_button, _("Reset"), loaded,
              _("Load an experiment first"));
}

static void update_status(GsWindow *self)
{
  if (!self->runner) {
    gtk_label_set_text(self->status_label, _("Nothing is training"));
    gtk_widget_remove_css_class(GTK_WIDGET(self->status_label), "error");
    return;
  }
  g_autofree char *text = NULL;
  GsRunnerState state = gs_runner_get_state(self->runner);
  switch (state) {
  case GS_RUNNER_IDLE:
    text = g_strdup(_("Ready — press Play to start training"));
    break;
  case GS_RUNNER_RUNNING:
    text = g_strdup(_("Training…"));
    break;
  case GS_RUNNER_PAUSED:
    text = g_strdup(_("Paused"));
    break;
  case GS_RUNNER_FINISHED:
    text = g_strdup(_("Finished"));
    break;
  case GS_RUNNER_STOPPED:
    text = g_strdup(_("Stopped"));
    break;
  case GS_RUNNER_FAILED: {
    const GError *error = gs_runner_get_error(self->runner);
    /* TRANSLATORS: %s says why, e.g. "the loss diverged at step 1200". */
    text = g_strdup_printf(_("Training failed: %s"), error ? error->message : "");
    break;
  }
  }
  gtk_label_set_text(self->status_label, text);
  if (state == GS_RUNNER_FAILED)
    gtk_widget_add_css_class(GTK_WIDGET(self->status_label), "error");
  else
    gtk_widget_remove_css_class(GTK_WIDGET(self->status_label), "error");
}

static void update_progress(GsWindow *self)
{
  double fraction = self->runner ? gs_runner_get_fraction(self->runner) : -1.0;
  gtk_widget_set_visible(GTK_WIDGET(self->progress_bar), fraction >= 0.0);
  if (fraction >= 0.0) gtk_progress_bar_set_fraction(self->progress_bar, fraction);

  if (!self->runner) {
    gtk_label_set_text(self->steps_label, "");
    return;
  }
  g_autofree char *steps =
      g_strdup_printf("%" G_GUINT64_FORMAT, gs_runner_get_steps_done(self->runner));
  /* TRANSLATORS: %s is the number of training steps done so far. */
  g_autofree char *text = g_strdup_printf(_("Step %s"), steps);
  gtk_label_set_text(self->steps_label, text);
}

static void runner_state_cb(GsRunner *runner, GParamSpec *pspec, GsWindow *self)
{
  update_controls(self);
  update_status(self);
}

static void runner_progress_cb(GsRunner *runner, GParamSpec *pspec, GsWindow *self)
{
  update_progress(self);
}

void gs_window_set_runner(GsWindow *self, GsRunner *runner, const char *title)
{
  g_return_if_fail(GS_IS_WINDOW(self));
  g_return_if_fail(runner == NULL || GS_IS_RUNNER(runner));

  if (self->runner) g_signal_handlers_disconnect_by_data(self->runner, self);
  g_set_object(&self->runner, runner);
  g_free(self->experiment_title);
  self->experiment_title = g_strdup(runner ? title : NULL);

  if (runner) {
    g_signal_connect(runner, "notify::state", G_CALLBACK(runner_state_cb), self);
    g_signal_connect(runner, "notify::steps-done", G_CALLBACK(runner_progress_cb), self);
    g_signal_connect(runner, "notify::fraction", G_CALLBACK(runner_progress_cb), self);
  }
  gtk_label_set_text(self->subtitle_label,
                     self->experiment_title ? self->experiment_title : _("No experiment loaded"));
  update_controls(self);
  update_status(self);
  update_progress(self);
}

GsRunner *gs_window_get_runner(GsWindow *self)
{
  g_return_val_if_fail(GS_IS_WINDOW(self), NULL);
  return self->runner;
}

void gs_window_show_message(GsWindow *self, const char *message)
{
  g_return_if_fail(GS_IS_WINDOW(self));
  gtk_label_set_text(self->status_label, message);
}

GtkStack *gs_window_get_content(GsWindow *self)
{
  g_return_val_if_fail(GS_IS_WINDOW(self), NULL);
  return self->content_stack;
}

/* ---- sidebar ---- */

static GtkWidget *create_kind_row(gpointer item, gpointer data)
{
  GsKindItem *kind = GS_KIND_ITEM(item);
  const char *icon_name = gs_kind_item_get_icon_name(kind);

  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class(box, "kind-row");
  GtkWidget *icon =
      gtk_image_new_from_icon_name(icon_name ? icon_name : "applications-science-symbolic");
  gtk_widget_set_valign(icon, GTK_ALIGN_START);
  gtk_box_append(GTK_BOX(box), icon);

  GtkWidget *text = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new(gs_kind_item_get_title(kind));
  gtk_label_set_xalign(GTK_LABEL(title), 0);
  gtk_label_set_ellipsize(GTK_LABEL(title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class(title, "heading");
  gtk_box_append(GTK_BOX(text), title);
  const char *description = gs_kind_item_get_description(kind);
  if (description && *description) {
    GtkWidget *label = gtk_label_new(description);
    gtk_label_set_xalign(GTK_LABEL(label), 0);
    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_widget_add_css_class(label, "dim-label");
    gtk_widget_add_css_class(label, "caption");
    gtk_box_append(GTK_BOX(text), label);
  }
  gtk_box_append(GTK_BOX(box), text);
  return box;
}

static void update_sidebar_page(GsWindow *self)
{
  guint n = self->kinds ? g_list_model_get_n_items(self->kinds) : 0;
  gtk_stack_set_visible_child_name(self->sidebar_stack, n > 0 ? "list" : "empty");
}

static void kinds_changed_cb(GListModel *model, guint position, guint removed, guint added,
                             GsWindow *self)
{
  update_sidebar_page(self);
}

void gs_window_set_kinds(GsWindow *self, GListModel *kinds)
{
  g_return_if_fail(GS_IS_WINDOW(self));
  g_return_if_fail(kinds == NULL || G_IS_LIST_MODEL(kinds));
  g_return_if_fail(kinds == NULL ||
                   g_type_is_a(g_list_model_get_item_type(kinds), GS_TYPE_KIND_ITEM));

  if (self->kinds) g_signal_handlers_disconnect_by_data(self->kinds, self);
  g_set_object(&self->kinds, kinds);
  if (kinds) g_signal_connect(kinds, "items-changed", G_CALLBACK(kinds_changed_cb), self);
  gtk_list_box_bind_model(self->kinds_list, kinds, kinds ? create_kind_row : NULL, self, NULL);
  update_sidebar_page(self);
}

void gs_window_select_kind(GsWindow *self, const char *name)
{
  g_return_if_fail(GS_IS_WINDOW(self));
  guint n = self->kinds ? g_list_model_get_n_items(self->kinds) : 0;
  for (guint i = 0; i < n; i++) {
    g_autoptr(GsKindItem) kind = g_list_model_get_item(self->kinds, i);
    if (name && g_str_equal(gs_kind_item_get_name(kind), name)) {
      gtk_list_box_select_row(self->kinds_list,
                              gtk_list_box_get_row_at_index(self->kinds_list, (int) i));
      return;
    }
  }
  gtk_list_box_unselect_all(self->kinds_list);
}

static void kind_row_activated_cb(GtkListBox *box, GtkListBoxRow *row, GsWindow *self)
{
  g_autoptr(GsKindItem) kind =
      g_list_model_get_item(self->kinds, (guint) gtk_list_box_row_get_index(row));
  if (kind) g_signal_emit(self, signals[SIGNAL_KIND_ACTIVATED], 0, gs_kind_item_get_name(kind));
}

/* ---- actions ---- */

static void play_action(GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW(widget);
  if (self->runner) gs_runner_start(self->runner);
}

static void pause_action(GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW(widget);
  if (self->runner) gs_runner_pause(self->runner);
}

static void step_action(GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW(widget);
  if (self->runner) gs_runner_step(self->runner, 1);
}

static void reset_action(GtkWidget *widget, const char *name, GVariant *param)
{
  g_signal_emit(widget, signals[SIGNAL_RESET_REQUESTED], 0);
}

/* ---- size and layout, remembered ---- */

static gboolean gs_window_close_request(GtkWindow *window)
{
  GsWindow *self = GS_WINDOW(window);
  int width = 0, height = 0;
  gtk_window_get_default_size(window, &width, &height);
  g_settings_set_int(self->settings, "window-width", width);
  g_settings_set_int(self->settings, "window-height", height);
  g_settings_set_boolean(self->settings, "window-maximized", gtk_window_is_maximized(window));
  /* Saved here rather than bound: a bound position writes on every pointer motion of a drag. */
  g_settings_set_int(self->settings, "sidebar-width", gtk_paned_get_position(self->paned));
  return GTK_WINDOW_CLASS(gs_window_parent_class)->close_request(window);
}

static void gs_window_constructed(GObject *object)
{
  GsWindow *self = GS_WINDOW(object);
  G_OBJECT_CLASS(gs_window_parent_class)->constructed(object);
  /* Tooltips name the application's accelerators, known only now. */
  update_controls(self);
}

static void gs_window_dispose(GObject *object)
{
  GsWindow *self = GS_WINDOW(object);
  /* Dropping the runner stops a running job and joins its thread. */
  if (self->runner) g_signal_handlers_disconnect_by_data(self->runner, self);
  g_clear_object(&self->runner);
  if (self->kinds) g_signal_handlers_disconnect_by_data(self->kinds, self);
  g_clear_object(&self->kinds);
  g_clear_object(&self->settings);
  gtk_widget_dispose_template(GTK_WIDGET(self), GS_TYPE_WINDOW);
  G_OBJECT_CLASS(gs_window_parent_class)->dispose(object);
}

static void gs_window_finalize(GObject *object)
{
  g_free(GS_WINDOW(object)->experiment_title);
  G_OBJECT_CLASS(gs_window_parent_class)->finalize(object);
}

static void gs_window_class_init(GsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->constructed = gs_window_constructed;
  object_class->dispose = gs_window_dispose;
  object_class->finalize = gs_window_finalize;
  GTK_WINDOW_CLASS(klass)->close_request = gs_window_close_request;

  /* A kind in the sidebar was chosen; the argument is its name (GsKindItem:name). */
  signals[SIGNAL_KIND_ACTIVATED] =
      g_signal_new("kind-activated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The reset control was used: the owner makes a fresh job and calls set_runner. */
  signals[SIGNAL_RESET_REQUESTED] =
      g_signal_new("reset-requested", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/io/github/ganscape/Ganscape/gs-window.ui");
  gtk_widget_class_bind_template_child(widget_class, GsWindow, play_button);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, pause_button);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, step_button);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, reset_button);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, subtitle_label);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, paned);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, sidebar_stack);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, kinds_list);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, content_stack);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, status_label);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, steps_label);
  gtk_widget_class_bind_template_child(widget_class, GsWindow, progress_bar);
  gtk_widget_class_bind_template_callback(widget_class, kind_row_activated_cb);

  gtk_widget_class_install_action(widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action(widget_class, "win.pause", NULL, pause_action);
  gtk_widget_class_install_action(widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action(widget_class, "win.reset", NULL, reset_action);
}

static void gs_window_init(GsWindow *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));

  self->settings = g_settings_new(GS_APP_ID);
  gtk_window_set_default_size(GTK_WINDOW(self), g_settings_get_int(self->settings, "window-width"),
                              g_settings_get_int(self->settings, "window-height"));
  if (g_settings_get_boolean(self->settings, "window-maximized"))
    gtk_window_maximize(GTK_WINDOW(self));
  gtk_paned_set_position(self->paned, g_settings_get_int(self->settings, "sidebar-width"));

  gs_window_set_kinds(self, NULL);
  gs_window_set_runner(self, NULL, NULL);
}

GsWindow *gs_window_new(GtkApplication *application)
{
  return g_object_new(GS_TYPE_WINDOW, "application", application, NULL);
}
