/* gs-experiment-page.c — an experiment's form, file and run controls. */
#include "gs-experiment-page.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include "gs-config.h"
#include <string.h>

#include "gs-draw-bar.h"
#include "gs-figure-view.h"
#include "gs-view.h"
#include "platform/gs-session-group.h"
#include "platform/gs-session.h"

struct _GsExperimentPage {
  GtkBox parent_instance;
  GsWindow *window;       /* weak: the window owns the page */
  GsExperimentFile *file; /* seed, steps, backend, notes, unknown members; params from form */
  char *path;
  GsParamForm *form;
  GtkSpinButton *seed, *steps;
  GtkDropDown *backend;
  GtkLabel *file_label, *status_label;
  GtkGrid *metrics_grid;
  GtkDropDown *view_choice;
  GtkDropDown *speed_choice; /* play at a chosen speed: steps per second, 0 = full speed */
  GtkWidget *settings_pane;  /* the form's column, hidden by the settings toggle */
  GSettings *settings;       /* NULL when the schema is not installed */
  const GsView **views;      /* of this kind, NULL-terminated */
  GsFigureView *figure_view; /* renders off the main thread */
  GsSnapshot *snapshot;      /* the newest, for the view */
  GsRunner *runner;          /* the page's current run (the window holds it too) */
  GsParamValues *in_use;     /* the live values the run has accepted, to undo a refused one */
  GsDrawBar *draw_bar;       /* draw-your-own data, for kinds with drawn_points; else NULL */
  gulong snapshot_handler, state_handler, param_handler;
  guint group_runs; /* the runner drives a group launch of this many runs; 0: one run */
};

G_DEFINE_FINAL_TYPE(GsExperimentPage, gs_experiment_page, GTK_TYPE_BOX)

static const char *const backends[] = {"auto", "cpu", "vulkan", NULL};

GsExperimentFile *gs_experiment_page_dup_file(GsExperimentPage *self)
{
  GsExperimentFile *f = gs_experiment_file_copy(self->file);
  gs_param_values_free(f->params);
  f->params = gs_param_values_copy(gs_param_form_get_values(self->form));
  f->seed = (guint64) gtk_spin_button_get_value(self->seed);
  f->steps = (gint64) gtk_spin_button_get_value(self->steps);
  g_free(f->backend);
  f->backend = g_strdup(backends[gtk_drop_down_get_selected(self->backend)]);
  return f;
}

const GsExperimentKind *gs_experiment_page_get_kind(GsExperimentPage *self)
{
  return self->file->kind;
}

GsParamForm *gs_experiment_page_get_form(GsExperimentPage *self)
{
  return self->form;
}

const char *gs_experiment_page_get_path(GsExperimentPage *self)
{
  return self->path;
}

static void update_file_label(GsExperimentPage *self)
{
  g_autofree char *base = self->path ? g_path_get_basename(self->path) : NULL;
  gtk_label_set_text(self->file_label, base ? base : _("New experiment (not saved)"));
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->file_label), self->path);
}

gboolean gs_experiment_page_save(GsExperimentPage *self, const char *path, GError **error)
{
  g_autoptr(GsExperimentFile) f = gs_experiment_page_dup_file(self);
  if (!gs_experiment_file_save(f, path, error)) return FALSE;
  g_free(self->path);
  self->path = g_strdup(path);
  update_file_label(self);
  return TRUE;
}

/* --- runs ------------------------------------------------------------------------------------ */

/* Rebuild the chosen view from the newest snapshot; the figure view renders it on a worker. */
static void refresh_view(GsExperimentPage *self)
{
  guint i = gtk_drop_down_get_selected(self->view_choice);
  if (!self->snapshot || !self->views || i == GTK_INVALID_LIST_POSITION || !self->views[i]) {
    gs_figure_view_set_figure(self->figure_view, NULL);
    return;
  }
  GsViewContext ctx = {0};
  g_autoptr(GsFigure) fig = self->views[i]->build(self->snapshot, &ctx);
  gsize n_drawn = 0;
  const float *drawn = self->draw_bar && gs_draw_bar_get_active(self->draw_bar)
                           ? gs_draw_bar_get_points(self->draw_bar, &n_drawn)
                           : NULL;
  if (n_drawn && self->views[i]->data_plane) { /* the drawing over the plane, as it grows */
    GsLayer *l = gs_panel_add_scatter_xy(gs_figure_panel(fig, 0, 0), drawn, (int) n_drawn);
    gs_layer_set_color(l, gs_color_hex(0x111111));
    gs_layer_set_marker(l, GS_MARKER_PLUS, 4);
    gs_layer_set_alpha(l, 0.8);
    gs_layer_set_label(l, _("drawn"));
  }
  gs_figure_view_set_export_name(self->figure_view, self->views[i]->name);
  gs_figure_view_set_figure(self->figure_view, fig);
}

/* Drawing only where the figure shows the data plane. */
static void update_draw_sensitivity(GsExperimentPage *self)
{
  if (!self->draw_bar) return;
  guint i = gtk_drop_down_get_selected(self->view_choice);
  gboolean plane =
      self->views && i != GTK_INVALID_LIST_POSITION && self->views[i] && self->views[i]->data_plane;
  if (!plane) gs_draw_bar_set_active(self->draw_bar, FALSE);
  gtk_widget_set_sensitive(GTK_WIDGET(self->draw_bar), plane);
}

static void view_chosen_cb(GtkDropDown *dd, GParamSpec *pspec, GsExperimentPage *self)
{
  update_draw_sensitivity(self);
  refresh_view(self);
}

static void show_snapshot(GsExperimentPage *self, GsSnapshot *snap)
{
  g_set_object(&self->snapshot, snap);
  refresh_view(self);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->metrics_grid))))
    gtk_grid_remove(self->metrics_grid, child);
  if (!snap) return;
  GsMetricView *m = gs_snapshot_get_metrics(snap);
  /* three name–value pairs a row, so a kind with many metrics leaves the figure its room */
  int shown = 0;
  for (guint i = 0; i < gs_metric_view_n_series(m); i++) {
    gsize n = gs_metric_view_length(m, i);
    if (!n) continue;
    GtkWidget *name = gtk_label_new(gs_metric_view_name(m, i));
    gtk_label_set_xalign(GTK_LABEL(name), 0);
    char buf[32];
    g_snprintf(buf, sizeof buf, "%.5g", gs_metric_view_row(m, i, n - 1).value);
    GtkWidget *value = gtk_label_new(buf);
    gtk_label_set_xalign(GTK_LABEL(value), 1);
    gtk_widget_add_css_class(value, "numeric");
    if (shown % 3) gtk_widget_set_margin_start(name, 24); /* a gap between pairs */
    gtk_grid_attach(self->metrics_grid, name, 2 * (shown % 3), shown / 3, 1, 1);
    gtk_grid_attach(self->metrics_grid, value, 2 * (shown % 3) + 1, shown / 3, 1, 1);
    shown++;
  }
  g_autofree char *status = g_strdup_printf(_("Step %" PRId64), gs_snapshot_get_step(snap));
  guint in_group = gs_snapshot_get_n_group_runs(snap);
  if (self->group_runs && in_group) {
    const char *label;
    gs_snapshot_get_group_run(snap, in_group - 1, &label, NULL);
    g_free(status);
    /* TRANSLATORS: e.g. "Run 2 of 4 (Natural-data ablation), step 30" */
    status = g_strdup_printf(_("Run %u of %u (%s), step %" PRId64), in_group, self->group_runs,
                             label, gs_snapshot_get_step(snap));
  }
  gtk_label_set_text(self->status_label, status);
}

static void snapshot_cb(GsRunner *runner, GParamSpec *pspec, GsExperimentPage *self)
{
  GObject *snap = gs_runner_get_snapshot(runner);
  show_snapshot(self, GS_IS_SNAPSHOT(snap) ? GS_SNAPSHOT(snap) : NULL);
}

static void state_cb(GsRunner *runner, GParamSpec *pspec, GsExperimentPage *self)
{
  /* Once the run has started, changes to non-live parameters wait for a reset. */
  gs_param_form_set_running(self->form, gs_runner_get_state(runner) != GS_RUNNER_IDLE);
}

static void drop_runner(GsExperimentPage *self)
{
  if (!self->runner) return;
  g_clear_signal_handler(&self->snapshot_handler, self->runner);
  g_clear_signal_handler(&self->state_handler, self->runner);
  g_clear_signal_handler(&self->param_handler, self->runner);
  g_clear_object(&self->runner);
  g_clear_pointer(&self->in_use, gs_param_values_free);
}

static void adopt_runner(GsExperimentPage *self, GsRunner *runner, GsSnapshot *initial,
                         guint group_runs);

static void adopt_session(GsExperimentPage *self, GsSession *session)
{
  drop_runner(self);
  /* While drawing, show the fresh run's step 0 at once: there must be a plane to draw on. The
   * session is not yet the runner's, so no other thread touches it. */
  g_autoptr(GsSnapshot) initial = self->draw_bar && gs_draw_bar_get_active(self->draw_bar)
                                      ? gs_session_snapshot(session)
                                      : NULL;
  adopt_runner(self, gs_runner_new(&gs_session_job_vtable, session), initial, 0);
}

/* Play speeds offered, in steps per second (0: as fast as training goes). */
static const guint play_speeds[] = {0, 100, 30, 10, 3, 1};

static guint chosen_speed(GsExperimentPage *self)
{
  guint i = self->speed_choice ? gtk_drop_down_get_selected(self->speed_choice) : 0;
  return i < G_N_ELEMENTS(play_speeds) ? play_speeds[i] : 0;
}

static void speed_chosen_cb(GtkDropDown *dd, GParamSpec *pspec, GsExperimentPage *self)
{
  if (self->runner) gs_runner_set_max_rate(self->runner, chosen_speed(self));
}

/* A live change the run refused (e.g. an order the trained critic does not take): the form
 * goes back to the value the run uses, its row and the status line say why. */
static void param_applied_cb(GsRunner *runner, const char *name, GVariant *value, GError *error,
                             GsExperimentPage *self)
{
  if (!error) {
    gs_param_values_set_variant(self->in_use, name, value, NULL);
    return;
  }
  gs_param_form_refuse(self->form, name, self->in_use, error->message);
  if (self->window) gs_window_show_message(self->window, error->message);
}

static void adopt_runner(GsExperimentPage *self, GsRunner *runner, GsSnapshot *initial,
                         guint group_runs)
{
  drop_runner(self);
  self->runner = runner;
  self->in_use = gs_param_values_copy(gs_param_form_get_values(self->form));
  self->group_runs = group_runs;
  gs_runner_set_max_rate(self->runner, chosen_speed(self));
  self->snapshot_handler =
      g_signal_connect(self->runner, "notify::snapshot", G_CALLBACK(snapshot_cb), self);
  self->state_handler = g_signal_connect(self->runner, "notify::state", G_CALLBACK(state_cb), self);
  self->param_handler =
      g_signal_connect(self->runner, "param-applied", G_CALLBACK(param_applied_cb), self);
  gs_param_form_set_running(self->form, FALSE);
  show_snapshot(self, initial);
  gtk_label_set_text(self->status_label, _("Ready: press Play"));
  if (self->window) gs_window_set_runner(self->window, self->runner, _(self->file->kind->title));
}

static GsStore *open_store(GsExperimentPage *self)
{
  g_autofree char *path = gs_store_default_path();
  g_autoptr(GError) error = NULL;
  GsStore *store = gs_store_open(path, &error);
  if (!store && self->window) gs_window_show_message(self->window, error->message);
  return store;
}

/* The compute-backend preference (Preferences window), for files that say "auto". */
static char *preferred_backend(void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default();
  g_autoptr(GSettingsSchema) schema =
      source ? g_settings_schema_source_lookup(source, GS_APP_ID, TRUE) : NULL;
  if (!schema) return NULL; /* not installed (an uninstalled test build): auto */
  g_autoptr(GSettings) settings = g_settings_new(GS_APP_ID);
  return g_settings_get_string(settings, "compute-backend");
}

void gs_experiment_page_reset(GsExperimentPage *self)
{
  g_autoptr(GsExperimentFile) f = gs_experiment_page_dup_file(self);
  GsStore *store = open_store(self);
  g_autofree char *backend = preferred_backend();
  GsSessionOptions o = {.store = store, .owns_store = TRUE, .backend_preference = backend};
  g_autoptr(GError) error = NULL;
  GsSession *session = gs_session_new(f, &o, &error);
  if (!session) {
    if (self->window) gs_window_show_message(self->window, error->message);
    gtk_label_set_text(self->status_label, error->message);
    return;
  }
  adopt_session(self, session);
}

gboolean gs_experiment_page_run_group(GsExperimentPage *self, GError **error)
{
  g_autoptr(GsExperimentFile) f = gs_experiment_page_dup_file(self);
  g_autofree char *path = gs_store_default_path();
  g_autofree char *backend = preferred_backend();
  GsSessionOptions o = {.backend_preference = backend};
  /* Each run opens its own store connection and starts on the runner's worker thread. */
  GsSessionGroup *group = gs_session_group_new(f, NULL, path, &o, error);
  if (!group) return FALSE;
  guint n = gs_session_group_get_n_runs(group);
  adopt_runner(self, gs_runner_new(&gs_session_group_job_vtable, group), NULL, n);
  g_autofree char *status = g_strdup_printf(_("Starting a group of %u runs"), n);
  gtk_label_set_text(self->status_label, status);
  gs_runner_start(self->runner);
  return TRUE;
}

static void run_group_cb(GtkButton *button, GsExperimentPage *self)
{
  g_autoptr(GError) error = NULL;
  if (!gs_experiment_page_run_group(self, &error)) {
    if (self->window) gs_window_show_message(self->window, error->message);
    gtk_label_set_text(self->status_label, error->message);
  }
}

gboolean gs_experiment_page_resume(GsExperimentPage *self, gint64 run, gint64 step, GError **error)
{
  GsStore *store = open_store(self);
  if (!store) return FALSE;
  g_autofree char *backend = preferred_backend();
  GsSessionOptions o = {.owns_store = TRUE, .backend_preference = backend};
  GsSession *session = gs_session_resume(store, run, step, &o, error);
  if (!session) return FALSE;
  adopt_session(self, session);
  return TRUE;
}

static void form_changed_cb(GsParamForm *form, const char *name, gboolean live,
                            GsExperimentPage *self)
{
  if (self->draw_bar && g_str_equal(name, "drawn_points")) { /* typed in the form */
    gs_draw_bar_set_text(self->draw_bar,
                         gs_param_values_get_string(gs_param_form_get_values(form), name));
    refresh_view(self);
  }
  if (!live || !self->runner || gs_runner_state_is_terminal(gs_runner_get_state(self->runner)))
    return;
  gs_runner_set_param(self->runner, name,
                      gs_param_values_to_variant(gs_param_form_get_values(form), name));
}

/* --- draw-your-own data --------------------------------------------------------------------- */

static void pen_cb(GsFigureView *view, int phase, double x, double y, double unit,
                   GsExperimentPage *self)
{
  gs_draw_bar_pen(self->draw_bar, (GsPenPhase) phase, x, y, unit);
}

static void draw_active_cb(GsDrawBar *bar, GParamSpec *pspec, GsExperimentPage *self)
{
  gboolean active = gs_draw_bar_get_active(bar);
  gs_figure_view_set_pen(self->figure_view, active);
  /* a run that has not started shows nothing yet: a reset gives it its step 0 to draw on */
  if (active && !self->snapshot && self->runner &&
      gs_runner_get_state(self->runner) == GS_RUNNER_IDLE &&
      gs_runner_get_steps_done(self->runner) == 0)
    gs_experiment_page_reset(self);
  refresh_view(self);
}

/* A stroke ended, or was undone, or all cleared: the drawing becomes the data (a reset), and a
 * run that was playing goes on playing. */
static void drawing_changed_cb(GsDrawBar *bar, gboolean finished, GsExperimentPage *self)
{
  refresh_view(self);
  if (!finished) return;
  g_autoptr(GsParamValues) values = gs_param_values_copy(gs_param_form_get_values(self->form));
  g_autofree char *text = gs_draw_bar_dup_text(bar);
  gsize n;
  gs_draw_bar_get_points(bar, &n);
  gs_param_values_set_string(values, "drawn_points", text, NULL);
  if (n) gs_param_values_set_string(values, "dataset", "drawn", NULL);
  gs_param_form_set_values(self->form, values);
  if (!n) return; /* nothing to train on: the next stroke restarts the run */
  gboolean playing = self->runner && gs_runner_get_state(self->runner) == GS_RUNNER_RUNNING;
  gs_experiment_page_reset(self);
  if (playing && self->runner) gs_runner_start(self->runner);
}

GsDrawBar *gs_experiment_page_get_draw_bar(GsExperimentPage *self)
{
  return self->draw_bar;
}

GsFigureView *gs_experiment_page_get_figure_view(GsExperimentPage *self)
{
  return self->figure_view;
}

/* --- open, save, save as --------------------------------------------------------------------- */

static void save_as_response_cb(GtkNativeDialog *dialog, int response, GsExperimentPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    g_autofree char *path = g_file_get_path(file);
    if (path && !g_str_has_suffix(path, GS_EXPERIMENT_FILE_SUFFIX)) {
      char *with = g_strconcat(path, GS_EXPERIMENT_FILE_SUFFIX, NULL);
      g_free(path);
      path = with;
    }
    g_autoptr(GError) error = NULL;
    if (path && !gs_experiment_page_save(self, path, &error) && self->window)
      gs_window_show_message(self->window, error->message);
  }
  g_object_unref(dialog);
}

static void save_as_cb(GtkButton *button, GsExperimentPage *self)
{
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new(_("Save Experiment As"), GTK_WINDOW(self->window),
                                  GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *name = g_strconcat(self->file->kind->id, GS_EXPERIMENT_FILE_SUFFIX, NULL);
  gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(dialog), name);
  g_signal_connect(dialog, "response", G_CALLBACK(save_as_response_cb), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static void save_cb(GtkButton *button, GsExperimentPage *self)
{
  if (!self->path) {
    save_as_cb(button, self);
    return;
  }
  g_autoptr(GError) error = NULL;
  if (!gs_experiment_page_save(self, self->path, &error) && self->window)
    gs_window_show_message(self->window, error->message);
  else if (self->window)
    gs_window_show_message(self->window, _("Experiment saved"));
}

static void gs_experiment_page_dispose(GObject *object)
{
  GsExperimentPage *self = GS_EXPERIMENT_PAGE(object);
  drop_runner(self);
  g_clear_object(&self->snapshot);
  g_clear_object(&self->settings);
  G_OBJECT_CLASS(gs_experiment_page_parent_class)->dispose(object);
}

static void gs_experiment_page_finalize(GObject *object)
{
  GsExperimentPage *self = GS_EXPERIMENT_PAGE(object);
  gs_experiment_file_free(self->file);
  g_free(self->path);
  g_free(self->views);
  G_OBJECT_CLASS(gs_experiment_page_parent_class)->finalize(object);
}

static void gs_experiment_page_class_init(GsExperimentPageClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = gs_experiment_page_dispose;
  G_OBJECT_CLASS(klass)->finalize = gs_experiment_page_finalize;
}

static void gs_experiment_page_init(GsExperimentPage *self)
{
  gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_HORIZONTAL);
}

static GtkWidget *labelled(GtkGrid *grid, int row, const char *text, GtkWidget *widget,
                           const char *tooltip)
{
  GtkWidget *label = gtk_label_new(text);
  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_widget_set_tooltip_text(label, tooltip);
  gtk_widget_set_tooltip_text(widget, tooltip);
  gtk_grid_attach(grid, label, 0, row, 1, 1);
  gtk_grid_attach(grid, widget, 1, row, 1, 1);
  return widget;
}

GsExperimentPage *gs_experiment_page_new(GsWindow *window, const GsExperimentFile *file,
                                         const char *path)
{
  GsExperimentPage *self = g_object_new(GS_TYPE_EXPERIMENT_PAGE, NULL);
  self->window = window;
  self->file = gs_experiment_file_copy(file);
  self->path = g_strdup(path);

  /* left: the settings */
  GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start(left, 12);
  gtk_widget_set_margin_end(left, 12);
  gtk_widget_set_margin_top(left, 12);
  gtk_widget_set_size_request(left, 340, -1);
  self->settings_pane = left;
  GtkWidget *title = gtk_label_new(_(file->kind->title));
  gtk_widget_add_css_class(title, "title-2");
  gtk_label_set_xalign(GTK_LABEL(title), 0);
  gtk_box_append(GTK_BOX(left), title);
  self->file_label = GTK_LABEL(gtk_label_new(NULL));
  gtk_label_set_xalign(self->file_label, 0);
  gtk_label_set_ellipsize(self->file_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class(GTK_WIDGET(self->file_label), "dim-label");
  gtk_box_append(GTK_BOX(left), GTK_WIDGET(self->file_label));
  GtkWidget *buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *save = gtk_button_new_with_mnemonic(_("_Save"));
  GtkWidget *save_as = gtk_button_new_with_mnemonic(_("Save _As…"));
  gtk_widget_set_tooltip_text(save, _("Save the experiment file (*.ganscape.json)"));
  g_signal_connect(save, "clicked", G_CALLBACK(save_cb), self);
  g_signal_connect(save_as, "clicked", G_CALLBACK(save_as_cb), self);
  gtk_box_append(GTK_BOX(buttons), save);
  gtk_box_append(GTK_BOX(buttons), save_as);
  gtk_box_append(GTK_BOX(left), buttons);

  GtkWidget *run_grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(run_grid), 4);
  gtk_grid_set_column_spacing(GTK_GRID(run_grid), 8);
  self->seed = GTK_SPIN_BUTTON(gtk_spin_button_new_with_range(0, 9007199254740991.0, 1));
  gtk_spin_button_set_value(self->seed, (double) file->seed);
  self->steps = GTK_SPIN_BUTTON(gtk_spin_button_new_with_range(1, 1e12, 100));
  gtk_spin_button_set_value(self->steps, (double) file->steps);
  self->backend = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(
      (const char *const[]){_("Automatic"), _("CPU"), _("Vulkan"), NULL}));
  for (guint i = 0; backends[i]; i++)
    if (strcmp(backends[i], file->backend) == 0) gtk_drop_down_set_selected(self->backend, i);
  GtkWidget *run_heading = gtk_label_new(_("Run"));
  gtk_widget_add_css_class(run_heading, "heading");
  gtk_label_set_xalign(GTK_LABEL(run_heading), 0);
  gtk_grid_attach(GTK_GRID(run_grid), run_heading, 0, 0, 2, 1);
  labelled(GTK_GRID(run_grid), 1, _("Seed"), GTK_WIDGET(self->seed),
           _("The same seed, parameters and CPU backend give the same run, bit for bit"));
  labelled(GTK_GRID(run_grid), 2, _("Steps"), GTK_WIDGET(self->steps), _("Length of the run"));
  labelled(GTK_GRID(run_grid), 3, _("Backend"), GTK_WIDGET(self->backend),
           _("Automatic: Vulkan on a GPU, otherwise the CPU. Applies on reset"));

  self->form = gs_param_form_new(file->kind->schema);
  gs_param_form_set_values(self->form, file->params);
  g_signal_connect(self->form, "changed", G_CALLBACK(form_changed_cb), self);
  GtkWidget *form_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append(GTK_BOX(form_box), run_grid);
  gtk_box_append(GTK_BOX(form_box), GTK_WIDGET(self->form));
  GtkWidget *scroller = gtk_scrolled_window_new();
  gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER,
                                 GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), form_box);
  gtk_widget_set_vexpand(scroller, TRUE);
  gtk_box_append(GTK_BOX(left), scroller);
  gtk_box_append(GTK_BOX(self), left);
  gtk_box_append(GTK_BOX(self), gtk_separator_new(GTK_ORIENTATION_VERTICAL));

  /* right: what the run says */
  GtkWidget *right = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_hexpand(right, TRUE);
  gtk_widget_set_margin_start(right, 12);
  gtk_widget_set_margin_top(right, 12);
  /* one row: the status, the view, the settings toggle — the figure gets the height */
  GtkWidget *header = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
  self->status_label = GTK_LABEL(gtk_label_new(_("Ready: press Play")));
  gtk_label_set_xalign(self->status_label, 0);
  gtk_widget_set_hexpand(GTK_WIDGET(self->status_label), TRUE);
  gtk_widget_add_css_class(GTK_WIDGET(self->status_label), "heading");
  gtk_box_append(GTK_BOX(header), GTK_WIDGET(self->status_label));
  gtk_box_append(GTK_BOX(right), header);
  GtkWidget *metrics_heading = gtk_label_new(_("Latest metrics"));
  gtk_label_set_xalign(GTK_LABEL(metrics_heading), 0);
  gtk_widget_add_css_class(metrics_heading, "dim-label");
  gtk_box_append(GTK_BOX(right), metrics_heading);
  self->metrics_grid = GTK_GRID(gtk_grid_new());
  gtk_grid_set_column_spacing(self->metrics_grid, 12);
  /* At most four rows tall: the robust kind reports dozens of metrics a step, and the figure
   * keeps the room; the rest scrolls (and every metric is in the runs browser). */
  GtkWidget *metrics_scroll = gtk_scrolled_window_new();
  gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(metrics_scroll), GTK_POLICY_NEVER,
                                 GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height(GTK_SCROLLED_WINDOW(metrics_scroll), TRUE);
  gtk_scrolled_window_set_max_content_height(GTK_SCROLLED_WINDOW(metrics_scroll), 76);
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(metrics_scroll),
                                GTK_WIDGET(self->metrics_grid));
  gtk_box_append(GTK_BOX(right), metrics_scroll);
  gs_views_register_builtin();
  guint n_views;
  self->views = gs_views_for_kind(file->kind->id, &n_views);
  GtkStringList *titles = gtk_string_list_new(NULL);
  for (guint i = 0; i < n_views; i++) gtk_string_list_append(titles, _(self->views[i]->title));
  self->view_choice = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(titles), NULL));
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->view_choice), _("View"));
  g_signal_connect(self->view_choice, "notify::selected", G_CALLBACK(view_chosen_cb), self);
  const GsParamSpec *drawn = gs_schema_find(file->kind->schema, "drawn_points");
  const GsParamSpec *dataset = gs_schema_find(file->kind->schema, "dataset");
  if (drawn && drawn->type == GS_PARAM_STRING && dataset &&
      gs_param_spec_choice_index(dataset, "drawn") >= 0) {
    self->draw_bar = gs_draw_bar_new();
    gs_draw_bar_set_text(self->draw_bar, gs_param_values_get_string(file->params, "drawn_points"));
    g_signal_connect(self->draw_bar, "notify::active", G_CALLBACK(draw_active_cb), self);
    g_signal_connect(self->draw_bar, "drawing-changed", G_CALLBACK(drawing_changed_cb), self);
    gtk_box_append(GTK_BOX(header), GTK_WIDGET(self->draw_bar));
  }
  if (file->kind->variants) {
    GtkWidget *group = gtk_button_new_with_mnemonic(_(file->kind->variants_action));
    g_autoptr(GString) tip = g_string_new(_("Train these settings once per variant, one after "
                                            "another, with the same seed and data:"));
    for (const GsExperimentVariant *v = file->kind->variants; v->id; v++)
      g_string_append_printf(tip, "\n• %s", _(v->label));
    g_string_append(tip, _("\nThe curves view overlays them; Reset ends the group."));
    gtk_widget_set_tooltip_text(group, tip->str);
    gtk_widget_set_name(group, "run-group");
    g_signal_connect(group, "clicked", G_CALLBACK(run_group_cb), self);
    gtk_box_append(GTK_BOX(header), group);
  }
  GtkStringList *speeds = gtk_string_list_new(NULL);
  for (guint i = 0; i < G_N_ELEMENTS(play_speeds); i++) {
    g_autofree char *label =
        play_speeds[i] == 0
            ? g_strdup(_("Full speed"))
            /* TRANSLATORS: a play speed; %u is a number of training steps per second */
            : g_strdup_printf(
                  g_dngettext(GETTEXT_PACKAGE, "%u step/s", "%u steps/s", play_speeds[i]),
                  play_speeds[i]);
    gtk_string_list_append(speeds, label);
  }
  self->speed_choice = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(speeds), NULL));
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->speed_choice),
                              _("Play speed: at most this many training steps a second"));
  g_signal_connect(self->speed_choice, "notify::selected", G_CALLBACK(speed_chosen_cb), self);
  gtk_box_append(GTK_BOX(header), GTK_WIDGET(self->speed_choice));
  gtk_box_append(GTK_BOX(header), GTK_WIDGET(self->view_choice));
  GtkWidget *toggle = gtk_toggle_button_new_with_mnemonic(_("S_ettings"));
  gtk_widget_set_tooltip_text(toggle, _("Show or hide the experiment's settings"));
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(toggle), TRUE);
  g_object_bind_property(toggle, "active", self->settings_pane, "visible", G_BINDING_SYNC_CREATE);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default();
  g_autoptr(GSettingsSchema) schema =
      source ? g_settings_schema_source_lookup(source, GS_APP_ID, TRUE) : NULL;
  if (schema && g_settings_schema_has_key(schema, "show-settings")) {
    self->settings = g_settings_new(GS_APP_ID);
    g_settings_bind(self->settings, "show-settings", toggle, "active", G_SETTINGS_BIND_DEFAULT);
  }
  gtk_box_append(GTK_BOX(header), toggle);
  self->figure_view = GS_FIGURE_VIEW(gs_figure_view_new());
  gtk_widget_set_vexpand(GTK_WIDGET(self->figure_view), TRUE);
  gtk_widget_set_size_request(GTK_WIDGET(self->figure_view), 320, 240);
  gtk_widget_set_margin_end(GTK_WIDGET(self->figure_view), 12);
  gtk_widget_set_margin_bottom(GTK_WIDGET(self->figure_view), 12);
  const char *provenance[] = {"experiment", file->kind->id, NULL};
  gs_figure_view_set_provenance(self->figure_view, provenance);
  gtk_box_append(GTK_BOX(right), GTK_WIDGET(self->figure_view));
  gtk_box_append(GTK_BOX(self), right);
  if (self->draw_bar) {
    g_signal_connect(self->figure_view, "pen", G_CALLBACK(pen_cb), self);
    update_draw_sensitivity(self);
  }
  update_file_label(self);
  return self;
}
