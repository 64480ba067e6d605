/* test-platform-gui.c — the platform's GUI under Xvfb with the synthetic kind: the form built
 * from the schema (refusals with reasons, live and reset-bound changes, relevance), the
 * experiment page driving real runs through the window's runner, the runs browser (filter,
 * rename, overlay, reopen, resume, delete) and the example gallery. With
 * GANSCAPE_SCREENSHOT_DIR set it also writes PNGs of what it shows. */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "../engine/gs-test-kind.h"
#include "gs-application.h"
#include "gui-test-util.h"
#include "gs-config.h"
#include "gs-example-gallery.h"
#include "gs-platform-ui.h"
#include "gs-runs-browser.h"

static GsApplication *app;
static char *tmp;

static void set_text(GtkWidget *editor, const char *text)
{
  gtk_editable_set_text(GTK_EDITABLE(editor), text);
}

static int changes;
static char *last_change;

static void changed_cb(GsParamForm *form, const char *name, gboolean live, gpointer data)
{
  changes++;
  g_free(last_change);
  last_change = g_strdup(name);
}

static void test_form(void)
{
  GsParamForm *form = gs_param_form_new(gs_test_kind.schema);
  g_object_ref_sink(form);
  g_signal_connect(form, "changed", G_CALLBACK(changed_cb), NULL);
  const GsParamValues *v = gs_param_form_get_values(form);
  /* out of range: refused on the spot with the reason, value kept */
  set_text(gs_param_form_get_editor(form, "lr"), "7");
  g_assert_cmpstr(gs_param_form_get_message(form, "lr"), ==,
                  "\"lr\": 7 is out of range — allowed 1e-6 … 1");
  g_assert_true(gtk_widget_has_css_class(gs_param_form_get_editor(form, "lr"), "error"));
  g_assert_cmpfloat(gs_param_values_get_double(v, "lr"), ==, 0.05);
  g_assert_cmpint(changes, ==, 0);
  /* a valid value is taken and announced; a decimal comma reads as a point */
  set_text(gs_param_form_get_editor(form, "lr"), "0,02");
  g_assert_cmpfloat(gs_param_values_get_double(gs_param_form_get_values(form), "lr"), ==, 0.02);
  g_assert_cmpstr(gs_param_form_get_message(form, "lr"), ==, "");
  g_assert_cmpint(changes, ==, 1);
  g_assert_cmpstr(last_change, ==, "lr");
  set_text(gs_param_form_get_editor(form, "hidden"), "8,,3");
  g_assert_nonnull(strstr(gs_param_form_get_message(form, "hidden"), "is not a list of integers"));
  set_text(gs_param_form_get_editor(form, "hidden"), "8,4");
  guint n;
  const gint64 *hidden = gs_param_values_get_int_list(gs_param_form_get_values(form), "hidden", &n);
  g_assert_cmpuint(n, ==, 2);
  g_assert_cmpint(hidden[1], ==, 4);
  /* relevance: momentum only matters for SGD */
  GtkWidget *momentum = gs_param_form_get_editor(form, "momentum");
  g_assert_true(gtk_widget_is_sensitive(momentum));
  gtk_drop_down_set_selected(GTK_DROP_DOWN(gs_param_form_get_editor(form, "optimizer")), 1);
  g_assert_cmpstr(gs_param_values_get_string(gs_param_form_get_values(form), "optimizer"), ==,
                  "rmsprop");
  g_assert_false(gtk_widget_is_sensitive(momentum));
  /* running: a live change goes through, another waits for the reset and says so */
  gs_param_form_set_running(form, TRUE);
  gtk_switch_set_active(GTK_SWITCH(gs_param_form_get_editor(form, "bias")), FALSE);
  g_assert_cmpstr(gs_param_form_get_message(form, "bias"), ==, "Applies on reset");
  g_assert_true(gs_param_form_has_pending(form));
  set_text(gs_param_form_get_editor(form, "noise"), "0.2");
  g_assert_cmpstr(gs_param_form_get_message(form, "noise"), ==, "");
  gs_param_form_set_running(form, FALSE);
  g_assert_false(gs_param_form_has_pending(form));
  /* values set from outside show in the widgets without counting as edits */
  int before = changes;
  g_autoptr(GsParamValues) defaults = gs_param_values_new(gs_test_kind.schema);
  gs_param_form_set_values(form, defaults);
  g_assert_cmpint(changes, ==, before);
  g_assert_true(gs_param_values_equal(gs_param_form_get_values(form), defaults));
  g_assert_true(gtk_switch_get_active(GTK_SWITCH(gs_param_form_get_editor(form, "bias"))));
  g_object_unref(form);
}

/* The first descendant of root of the given type (and button label, when given). */
static GtkWidget *find_widget(GtkWidget *root, GType type, const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE(root, type) &&
      (!label ||
       (GTK_IS_BUTTON(root) && !g_strcmp0(gtk_button_get_label(GTK_BUTTON(root)), label))))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child(root); c; c = gtk_widget_get_next_sibling(c)) {
    GtkWidget *found = find_widget(c, type, label);
    if (found) return found;
  }
  return NULL;
}

static void wait_terminal(GsRunner *runner)
{
  gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (!gs_runner_state_is_terminal(gs_runner_get_state(runner))) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(500);
  }
}

static GsRunsBrowser *browser_of(GsWindow *win)
{
  return GS_RUNS_BROWSER(gtk_stack_get_child_by_name(gs_window_get_content(win), "runs"));
}

static void test_window_runs_and_browser(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gs_platform_ui_install(win);
  gtk_window_set_default_size(GTK_WINDOW(win), 1100, 700);
  gtk_window_present(GTK_WINDOW(win));
  gui_pump(200);
  /* the sidebar offers the kind; choosing it opens its page with a runner */
  g_signal_emit_by_name(win, "kind-activated", "synthetic");
  GtkWidget *page = gtk_stack_get_visible_child(gs_window_get_content(win));
  g_assert_true(GS_IS_EXPERIMENT_PAGE(page));
  GsRunner *runner = gs_window_get_runner(win);
  g_assert_nonnull(runner);
  /* a file opened into the window: 30 steps, then a live change while it runs */
  g_autoptr(GError) error = NULL;
  g_autofree char *examples = g_build_filename(GS_SOURCE_DIR, "tests", "gui", "examples", NULL);
  g_autofree char *example = g_build_filename(examples, "fast-regression.ganscape.json", NULL);
  GsExperimentPage *p = gs_platform_ui_open_path(win, example, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(gs_experiment_page_get_path(p), ==, example);
  runner = gs_window_get_runner(win);
  gtk_widget_activate_action(GTK_WIDGET(win), "win.play", NULL);
  set_text(gs_param_form_get_editor(gs_experiment_page_get_form(p), "lr"), "0.03");
  wait_terminal(runner);
  g_assert_cmpint(gs_runner_get_state(runner), ==, GS_RUNNER_FINISHED);
  g_assert_cmpint(gs_runner_get_steps_done(runner), ==, 30);
  gui_screenshot(GTK_WIDGET(win), "experiment-page.png");
  GsParamForm *form = gs_experiment_page_get_form(p);
  set_text(gs_param_form_get_editor(form, "batch"), "0");
  gtk_switch_set_active(GTK_SWITCH(gs_param_form_get_editor(form, "bias")), FALSE);
  g_assert_cmpstr(gs_param_form_get_message(form, "bias"), ==, "Applies on reset");
  gui_screenshot(GTK_WIDGET(win), "form-messages.png");
  set_text(gs_param_form_get_editor(form, "batch"), "32");
  gtk_switch_set_active(GTK_SWITCH(gs_param_form_get_editor(form, "bias")), TRUE);
  /* save as, and the saved file has the changed value */
  g_autofree char *saved = g_build_filename(tmp, "saved.ganscape.json", NULL);
  g_assert_true(gs_experiment_page_save(p, saved, &error));
  g_autoptr(GsExperimentFile) back = gs_experiment_file_load(saved, &error);
  g_assert_cmpfloat(gs_param_values_get_double(back->params, "lr"), ==, 0.03);
  g_assert_cmpint(back->steps, ==, 30);

  /* a second run (reset) with another seed, then the browser */
  g_signal_emit_by_name(win, "reset-requested");
  runner = gs_window_get_runner(win);
  gs_runner_start(runner);
  wait_terminal(runner);
  g_action_group_activate_action(G_ACTION_GROUP(win), "show-runs", NULL);
  GsRunsBrowser *browser = browser_of(win);
  g_assert_true(gtk_stack_get_visible_child(gs_window_get_content(win)) == GTK_WIDGET(browser));
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, 2);
  gs_runs_browser_set_overlaid(browser, 1, TRUE);
  gs_runs_browser_set_overlaid(browser, 2, TRUE);
  gs_runs_browser_set_metric(browser, "loss");
  gs_runs_browser_select(browser, 2);
  gui_screenshot(GTK_WIDGET(win), "runs-browser.png");
  /* rename, annotate and delete through the browser's own widgets */
  GtkWidget *name_entry = find_widget(GTK_WIDGET(browser), GTK_TYPE_ENTRY, NULL);
  gtk_editable_set_text(GTK_EDITABLE(name_entry), "second try");
  g_signal_emit_by_name(name_entry, "activate");
  GtkTextView *notes = GTK_TEXT_VIEW(find_widget(GTK_WIDGET(browser), GTK_TYPE_TEXT_VIEW, NULL));
  gtk_text_buffer_set_text(gtk_text_view_get_buffer(notes), "lr 0.03 from the start", -1);
  g_signal_emit_by_name(find_widget(GTK_WIDGET(browser), GTK_TYPE_BUTTON, "Save Notes"), "clicked");
  {
    g_autoptr(GsStore) check = gs_store_open(g_getenv("GANSCAPE_STORE"), &error);
    g_autoptr(GsRunInfo) second = gs_store_get_run(check, 2, &error);
    g_assert_cmpstr(second->name, ==, "second try");
    g_assert_cmpstr(second->notes, ==, "lr 0.03 from the start");
  }
  gs_runs_browser_set_filter(browser, "second try");
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, 1);
  gs_runs_browser_set_filter(browser, "no such text");
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, 0);
  gs_runs_browser_set_filter(browser, "");
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, 2);

  /* reopen and resume through the browser's signals */
  g_autoptr(GsStore) store = gs_store_open(g_getenv("GANSCAPE_STORE"), &error);
  g_autoptr(GsRunInfo) info = gs_store_get_run(store, 1, &error);
  g_autoptr(GsExperimentFile) file = gs_experiment_file_from_run(
      info->kind, info->params, info->seed, info->backend, info->steps, NULL, &error);
  g_signal_emit_by_name(browser, "reopen", file);
  GtkWidget *reopened = gtk_stack_get_visible_child(gs_window_get_content(win));
  g_assert_true(GS_IS_EXPERIMENT_PAGE(reopened));
  g_autoptr(GsExperimentFile) shown = gs_experiment_page_dup_file(GS_EXPERIMENT_PAGE(reopened));
  g_assert_true(gs_param_values_equal(shown->params, file->params));
  g_signal_emit_by_name(browser, "resume", (gint64) 1, (gint64) 30);
  runner = gs_window_get_runner(win);
  g_assert_true(gs_runner_get_state(runner) == GS_RUNNER_IDLE);
  gs_runner_start(runner);
  wait_terminal(runner); /* the checkpoint was at the end: nothing left to do */
  g_autoptr(GPtrArray) runs = gs_store_list_runs(store, NULL, &error);
  g_assert_cmpuint(runs->len, ==, 3);
  g_assert_nonnull(((GsRunInfo *) runs->pdata[0])->resumed_from);
  /* delete takes two clicks */
  g_action_group_activate_action(G_ACTION_GROUP(win), "show-runs", NULL);
  gs_runs_browser_select(browser, 2);
  GtkWidget *delete = find_widget(GTK_WIDGET(browser), GTK_TYPE_BUTTON, "Delete");
  g_signal_emit_by_name(delete, "clicked");
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, 3);
  g_assert_cmpstr(gtk_button_get_label(GTK_BUTTON(delete)), ==, "Click again to delete");
  g_signal_emit_by_name(delete, "clicked");
  g_assert_cmpuint(gs_runs_browser_get_n_runs(browser), ==, 2);
  g_assert_null(gs_store_get_run(store, 2, NULL));

  /* the example gallery */
  g_action_group_activate_action(G_ACTION_GROUP(win), "show-examples", NULL);
  GsExampleGallery *gallery =
      GS_EXAMPLE_GALLERY(gtk_stack_get_child_by_name(gs_window_get_content(win), "examples"));
  g_assert_cmpuint(gs_example_gallery_get_n_examples(gallery), ==, 2); /* not the unknown kind */
  gui_screenshot(GTK_WIDGET(win), "example-gallery.png");
  g_signal_emit_by_name(gallery, "open", gs_example_gallery_get_path(gallery, 1));
  GtkWidget *from_example = gtk_stack_get_visible_child(gs_window_get_content(win));
  g_assert_true(GS_IS_EXPERIMENT_PAGE(from_example));
  /* opened as a new experiment: saving never writes over the example */
  g_assert_null(gs_experiment_page_get_path(GS_EXPERIMENT_PAGE(from_example)));
  g_autoptr(GsExperimentFile) wide = gs_experiment_page_dup_file(GS_EXPERIMENT_PAGE(from_example));
  g_assert_cmpuint(wide->seed, ==, 7);
  g_assert_cmpstr(gs_param_values_get_string(wide->params, "optimizer"), ==, "rmsprop");
  gtk_window_destroy(GTK_WINDOW(win));
  gui_pump(100);
}

/* The first GtkListBox in the window is the sidebar's list of kinds: the id of its selected
 * row, or NULL. */
static const char *sidebar_kind(GsWindow *win)
{
  GtkWidget *w = find_widget(GTK_WIDGET(win), GTK_TYPE_LIST_BOX, NULL);
  g_assert_nonnull(w);
  GtkListBoxRow *row = gtk_list_box_get_selected_row(GTK_LIST_BOX(w));
  if (!row) return NULL;
  guint n;
  const GsExperimentKind *const *all = gs_experiment_kinds(&n);
  return all[gtk_list_box_row_get_index(row)]->id;
}

/* The sidebar marks the kind of the page shown, however it came to be shown, and nothing when
 * the runs or the examples are shown. */
static void test_sidebar_follows_page(void)
{
  GsWindow *win = gs_window_new(GTK_APPLICATION(app));
  gs_platform_ui_install(win);
  gtk_window_present(GTK_WINDOW(win));
  gui_pump(50);
  g_signal_emit_by_name(win, "kind-activated", "synthetic");
  g_assert_cmpstr(sidebar_kind(win), ==, "synthetic");
  g_action_group_activate_action(G_ACTION_GROUP(win), "show-runs", NULL);
  g_assert_null(sidebar_kind(win));
  g_action_group_activate_action(G_ACTION_GROUP(win), "show-examples", NULL);
  g_assert_null(sidebar_kind(win));
  g_autoptr(GError) error = NULL;
  g_autofree char *example = g_build_filename(GS_SOURCE_DIR, "tests", "gui", "examples",
                                              "fast-regression.ganscape.json", NULL);
  g_assert_nonnull(gs_platform_ui_open_path(win, example, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(sidebar_kind(win), ==, "synthetic");
  gtk_window_destroy(GTK_WINDOW(win));
  gui_pump(50);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmp = g_dir_make_tmp("gs-gui-XXXXXX", NULL);
  g_autofree char *store = g_build_filename(tmp, "runs.sqlite", NULL);
  g_setenv("GANSCAPE_STORE", store, TRUE);
  g_autofree char *examples = g_build_filename(GS_SOURCE_DIR, "tests", "gui", "examples", NULL);
  g_setenv("GANSCAPE_EXAMPLES_DIR", examples, TRUE);
  if (!gtk_init_check()) {
    if (g_getenv("GANSCAPE_REQUIRE_DISPLAY")) g_error("no display: run under xvfb-run");
    g_test_skip("no display (run under xvfb-run)");
    return g_test_run();
  }
  gs_test_kind_register();
  app = gs_application_new();
  g_application_set_flags(G_APPLICATION(app), G_APPLICATION_NON_UNIQUE);
  g_assert_true(g_application_register(G_APPLICATION(app), NULL, NULL));
  g_application_hold(G_APPLICATION(app));
  g_test_add_func("/platform-gui/form", test_form);
  g_test_add_func("/platform-gui/window-runs-browser", test_window_runs_and_browser);
  g_test_add_func("/platform-gui/sidebar-follows-page", test_sidebar_follows_page);
  int status = g_test_run();
  g_application_release(G_APPLICATION(app));
  g_object_unref(app);
  return status;
}
