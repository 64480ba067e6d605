/* test-window.c — the main window, preferences and application under Xvfb: run controls and
 * their reasons, the kinds sidebar, runner integration, remembered size, every preference. */
#include <gtk/gtk.h>

#include "gs-application.h"
#include "gs-config.h"
#include "gs-kind-item.h"
#include "gs-preferences-window.h"
#include "gs-window.h"
#include "gui-test-util.h"

static GsApplication *app;

/* ---- a small job ---- */

typedef struct {
  guint steps;
  guint fail_at; /* 0: never */
  gboolean *freed;
} Job;

static gboolean job_step(gpointer data, GCancellable *cancellable, GError **error)
{
  Job *job = data;
  if (job->fail_at && job->steps + 1 == job->fail_at) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "the loss diverged at step %u", job->fail_at);
    return FALSE;
  }
  job->steps++;
  g_usleep(200); /* a run long enough to be caught running */
  return TRUE;
}

static void job_free(gpointer data)
{
  Job *job = data;
  if (job->freed) g_atomic_int_set(job->freed, TRUE);
  g_free(job);
}

static const GsJobVTable job_vtable = {.step = job_step, .free = job_free};

static GsRunner *runner_new(guint fail_at, gboolean *freed)
{
  Job *job = g_new0(Job, 1);
  job->fail_at = fail_at;
  job->freed = freed;
  return gs_runner_new(&job_vtable, job);
}

/* ---- helpers ---- */

static void wait_state(GsRunner *runner, GsRunnerState state)
{
  gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  while (gs_runner_get_state(runner) != state) {
    if (g_get_monotonic_time() > deadline) g_error("timed out waiting for a runner state");
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(500);
  }
}

/* The header-bar button bound to action (its sensitivity is the action's enabled state,
 * which is what a person sees). */
static GtkWidget *control(GsWindow *win, const char *action)
{
  GtkWidget *button = find_action_button(gtk_window_get_titlebar(GTK_WINDOW(win)), action);
  if (!button) g_error("no button for %s", action);
  return button;
}

static gboolean enabled(GsWindow *win, const char *action)
{
  return gtk_widget_get_sensitive(control(win, action));
}

static const char *tooltip(GsWindow *win, const char *action)
{
  return gtk_widget_get_tooltip_text(control(win, action));
}

static gboolean visible_label(GsWindow *win, const char *text)
{
  GtkWidget *label = find_label(GTK_WIDGET(win), text);
  return label && gtk_widget_is_visible(label) && gtk_widget_get_child_visible(label) &&
         gtk_widget_get_mapped(label);
}

static void spin(void)
{
  for (int i = 0; i < 20; i++) {
    while (g_main_context_iteration(NULL, FALSE)) {
    }
    g_usleep(1000);
  }
}

/* ---- tests ---- */

static void test_controls_without_experiment(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gtk_window_present(GTK_WINDOW(win));
  spin();

  const char *actions[] = {"win.play", "win.pause", "win.step", "win.reset"};
  for (gsize i = 0; i < G_N_ELEMENTS(actions); i++) {
    g_assert_false(enabled(win, actions[i]));
    g_assert_true(g_str_has_suffix(tooltip(win, actions[i]), "Load an experiment first"));
  }
  g_assert_true(visible_label(win, "No experiment kinds yet"));
  g_assert_true(visible_label(win, "Welcome to Ganscape"));
  g_assert_true(visible_label(win, "No experiment loaded"));
  g_assert_true(visible_label(win, "Nothing is training"));
  gtk_window_destroy(GTK_WINDOW(win));
}

static void kind_activated_cb(GsWindow *win, const char *name, char **out)
{
  g_free(*out);
  *out = g_strdup(name);
}

static void test_kinds_sidebar(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gtk_window_present(GTK_WINDOW(win));
  GListStore *kinds = g_list_store_new(GS_TYPE_KIND_ITEM);
  gs_window_set_kinds(win, G_LIST_MODEL(kinds));
  spin();
  g_assert_true(visible_label(win, "No experiment kinds yet")); /* an empty model is empty */

  g_autoptr(GsKindItem) a = gs_kind_item_new("landscape", "Discriminator landscape",
                                             "How the decision surface moves", NULL);
  g_autoptr(GsKindItem) b =
      gs_kind_item_new("robust", "Robust overfitting", NULL, "dialog-warning-symbolic");
  g_list_store_append(kinds, a);
  g_list_store_append(kinds, b);
  spin();
  g_assert_false(visible_label(win, "No experiment kinds yet"));
  g_assert_true(visible_label(win, "Discriminator landscape"));
  g_assert_true(visible_label(win, "How the decision surface moves"));
  g_assert_true(visible_label(win, "Robust overfitting"));

  char *chosen = NULL;
  g_signal_connect(win, "kind-activated", G_CALLBACK(kind_activated_cb), &chosen);
  GtkWidget *label = find_label(GTK_WIDGET(win), "Robust overfitting");
  GtkWidget *row = gtk_widget_get_ancestor(label, GTK_TYPE_LIST_BOX_ROW);
  g_signal_emit_by_name(row, "activate");
  g_assert_cmpstr(chosen, ==, "robust");
  g_free(chosen);

  g_list_store_remove_all(kinds);
  spin();
  g_assert_true(visible_label(win, "No experiment kinds yet"));
  g_object_unref(kinds);
  gtk_window_destroy(GTK_WINDOW(win));
}

static void reset_cb(GsWindow *win, int *count)
{
  (*count)++;
}

/* The controls follow the runner's state, and do what they say. */
static void test_controls_follow_runner(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gtk_window_present(GTK_WINDOW(win));
  gboolean freed = FALSE;
  GsRunner *runner = runner_new(0, &freed);
  gs_window_set_runner(win, runner, "Synthetic experiment");
  spin();

  g_assert_true(visible_label(win, "Synthetic experiment"));
  g_assert_true(visible_label(win, "Ready — press Play to start training"));
  g_assert_true(enabled(win, "win.play"));
  g_assert_true(enabled(win, "win.step"));
  g_assert_true(enabled(win, "win.reset"));
  g_assert_false(enabled(win, "win.pause"));
  g_assert_cmpstr(tooltip(win, "win.play"), ==, "Play (F5)");
  g_assert_cmpstr(tooltip(win, "win.pause"), ==, "Pause — Not running");

  g_assert_true(gtk_widget_activate_action(GTK_WIDGET(win), "win.step", NULL));
  wait_state(runner, GS_RUNNER_PAUSED);
  spin();
  g_assert_cmpuint(gs_runner_get_steps_done(runner), ==, 1);
  g_assert_true(visible_label(win, "Step 1"));
  g_assert_true(visible_label(win, "Paused"));

  gtk_widget_activate_action(GTK_WIDGET(win), "win.play", NULL);
  wait_state(runner, GS_RUNNER_RUNNING);
  g_assert_false(enabled(win, "win.play"));
  g_assert_false(enabled(win, "win.step"));
  g_assert_true(enabled(win, "win.pause"));
  g_assert_cmpstr(tooltip(win, "win.step"), ==, "Single Step — Pause first");
  g_assert_true(visible_label(win, "Training…"));

  gtk_widget_activate_action(GTK_WIDGET(win), "win.pause", NULL);
  wait_state(runner, GS_RUNNER_PAUSED);
  g_assert_true(enabled(win, "win.play"));

  int resets = 0;
  g_signal_connect(win, "reset-requested", G_CALLBACK(reset_cb), &resets);
  gtk_widget_activate_action(GTK_WIDGET(win), "win.reset", NULL);
  g_assert_cmpint(resets, ==, 1);

  /* Closing the window mid-run stops the job and frees it. */
  gtk_widget_activate_action(GTK_WIDGET(win), "win.play", NULL);
  wait_state(runner, GS_RUNNER_RUNNING);
  g_object_unref(runner); /* the window holds the last reference */
  gtk_window_close(GTK_WINDOW(win));
  spin();
  g_assert_true(g_atomic_int_get(&freed));
}

static void test_failure_shown(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gtk_window_present(GTK_WINDOW(win));
  GsRunner *runner = runner_new(3, NULL);
  gs_window_set_runner(win, runner, "Diverging experiment");
  gs_runner_start(runner);
  wait_state(runner, GS_RUNNER_FAILED);
  spin();
  g_assert_true(visible_label(win, "Training failed: the loss diverged at step 3"));
  g_assert_false(enabled(win, "win.play"));
  g_assert_false(enabled(win, "win.step"));
  g_assert_true(enabled(win, "win.reset"));
  g_assert_true(
      g_str_has_suffix(tooltip(win, "win.play"), "The run has ended; reset to start again"));

  gs_window_set_runner(win, NULL, NULL); /* unloading disables everything again */
  g_assert_false(enabled(win, "win.reset"));
  g_object_unref(runner);
  gtk_window_destroy(GTK_WINDOW(win));
}

static void test_size_remembered(void)
{
  g_autoptr(GSettings) settings = g_settings_new(GS_APP_ID);
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gtk_window_set_default_size(GTK_WINDOW(win), 900, 640);
  gtk_window_present(GTK_WINDOW(win));
  spin();
  gtk_window_close(GTK_WINDOW(win));
  spin();
  g_assert_cmpint(g_settings_get_int(settings, "window-width"), ==, 900);
  g_assert_cmpint(g_settings_get_int(settings, "window-height"), ==, 640);
  g_assert_false(g_settings_get_boolean(settings, "window-maximized"));

  g_settings_set_int(settings, "sidebar-width", 333);
  win = gs_window_new(GTK_APPLICATION(app));
  int width, height;
  gtk_window_get_default_size(GTK_WINDOW(win), &width, &height);
  g_assert_cmpint(width, ==, 900);
  g_assert_cmpint(height, ==, 640);
  GtkWidget *paned =
      gtk_widget_get_ancestor(find_label(GTK_WIDGET(win), "Experiments"), GTK_TYPE_PANED);
  g_assert_cmpint(gtk_paned_get_position(GTK_PANED(paned)), ==, 333);
  gtk_window_present(GTK_WINDOW(win));
  spin();
  gtk_paned_set_position(GTK_PANED(paned), 250);
  gtk_window_close(GTK_WINDOW(win));
  spin();
  g_assert_cmpint(g_settings_get_int(settings, "sidebar-width"), ==, 250);
  g_settings_reset(settings, "sidebar-width");
}

/* Every choice of every preference key shows in its drop-down, and choosing writes it back. */
static void test_preferences(void)
{
  g_autoptr(GSettings) settings = g_settings_new(GS_APP_ID);
  GsPreferencesWindow *prefs = gs_preferences_window_new(NULL);
  gtk_window_present(GTK_WINDOW(prefs));
  spin();

  const char *keys[] = {"compute-backend", "figure-theme", "export-size"};
  const char *titles[] = {"Compute backend", "Figure theme", "Default export size"};
  for (gsize k = 0; k < G_N_ELEMENTS(keys); k++) {
    /* The drop-down sits in the same row as its title. */
    GtkWidget *title = find_label(GTK_WIDGET(prefs), titles[k]);
    g_assert_nonnull(title);
    GtkWidget *dropdown = gtk_label_get_mnemonic_widget(GTK_LABEL(title));
    g_assert_true(GTK_IS_DROP_DOWN(dropdown));
    GListModel *items = gtk_drop_down_get_model(GTK_DROP_DOWN(dropdown));

    g_autoptr(GSettingsSchemaKey) key = NULL;
    g_autoptr(GSettingsSchema) schema = NULL;
    g_object_get(settings, "settings-schema", &schema, NULL);
    key = g_settings_schema_get_key(schema, keys[k]);
    g_autoptr(GVariant) range = g_settings_schema_key_get_range(key);
    g_autoptr(GVariant) choices = NULL;
    const char *range_type = NULL;
    g_variant_get(range, "(&sv)", &range_type, &choices);
    g_assert_cmpstr(range_type, ==, "enum");
    g_assert_cmpuint(g_list_model_get_n_items(items), ==, g_variant_n_children(choices));

    for (guint i = 0; i < g_variant_n_children(choices); i++) {
      const char *choice = NULL;
      g_variant_get_child(choices, i, "&s", &choice);
      g_settings_set_string(settings, keys[k], choice);
      g_assert_cmpuint(gtk_drop_down_get_selected(GTK_DROP_DOWN(dropdown)), ==, i);
    }
    gtk_drop_down_set_selected(GTK_DROP_DOWN(dropdown), 0);
    g_autoptr(GVariant) first = g_variant_get_child_value(choices, 0);
    g_autofree char *now = g_settings_get_string(settings, keys[k]);
    g_assert_cmpstr(now, ==, g_variant_get_string(first, NULL));
    g_settings_reset(settings, keys[k]);
  }
  gtk_window_destroy(GTK_WINDOW(prefs));
}

/* The app's own actions: preferences and about open windows; shortcuts come from the
 * resource and name the run controls. */
static void test_app_actions(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gtk_window_present(GTK_WINDOW(win));
  spin();

  g_action_group_activate_action(G_ACTION_GROUP(app), "preferences", NULL);
  g_action_group_activate_action(G_ACTION_GROUP(app), "about", NULL);
  spin();
  gboolean saw_prefs = FALSE, saw_about = FALSE;
  GListModel *toplevels = gtk_window_get_toplevels();
  for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
    g_autoptr(GtkWindow) w = g_list_model_get_item(toplevels, i);
    if (GS_IS_PREFERENCES_WINDOW(w)) saw_prefs = TRUE;
    if (GTK_IS_ABOUT_DIALOG(w)) {
      saw_about = TRUE;
      g_assert_cmpstr(gtk_about_dialog_get_version(GTK_ABOUT_DIALOG(w)), ==, GS_VERSION);
    }
  }
  g_assert_true(saw_prefs);
  g_assert_true(saw_about);

  GtkShortcutsWindow *overlay =
      gtk_application_window_get_help_overlay(GTK_APPLICATION_WINDOW(win));
  g_assert_nonnull(overlay);
  g_assert_nonnull(find_label(GTK_WIDGET(overlay), "Single step"));

  g_auto(GStrv) accels = gtk_application_get_accels_for_action(GTK_APPLICATION(app), "win.play");
  g_assert_cmpstr(accels[0], ==, "F5");

  /* Quit closes every window (each saves its size and stops its run). */
  g_action_group_activate_action(G_ACTION_GROUP(app), "quit", NULL);
  spin();
  g_assert_null(gtk_application_get_windows(GTK_APPLICATION(app)));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (!gtk_init_check()) {
    if (g_getenv("GANSCAPE_REQUIRE_DISPLAY")) g_error("no display: run under xvfb-run");
    g_test_skip("no display (run under xvfb-run)");
    return g_test_run();
  }
  app = gs_application_new();
  g_application_set_flags(G_APPLICATION(app), G_APPLICATION_NON_UNIQUE);
  g_assert_true(g_application_register(G_APPLICATION(app), NULL, NULL));
  g_application_hold(G_APPLICATION(app));

  g_test_add_func("/window/controls-without-experiment", test_controls_without_experiment);
  g_test_add_func("/window/kinds-sidebar", test_kinds_sidebar);
  g_test_add_func("/window/controls-follow-runner", test_controls_follow_runner);
  g_test_add_func("/window/failure-shown", test_failure_shown);
  g_test_add_func("/window/size-remembered", test_size_remembered);
  g_test_add_func("/preferences/every-choice", test_preferences);
  g_test_add_func("/application/actions", test_app_actions);
  int status = g_test_run();
  g_application_release(G_APPLICATION(app));
  g_object_unref(app);
  return status;
}
