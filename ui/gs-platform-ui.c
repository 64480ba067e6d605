/* gs-platform-ui.c — the platform's pages and actions in the main window. */
#include "gs-platform-ui.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gs-example-gallery.h"
#include "gs-kind-item.h"
#include "gs-runs-browser.h"

static GsExperimentPage *current_page(GsWindow *window)
{
  GtkWidget *child = gtk_stack_get_visible_child(gs_window_get_content(window));
  return GS_IS_EXPERIMENT_PAGE(child) ? GS_EXPERIMENT_PAGE(child) : NULL;
}

GsExperimentPage *gs_platform_ui_open(GsWindow *window, const GsExperimentFile *file,
                                      const char *path)
{
  GtkStack *stack = gs_window_get_content(window);
  GsExperimentPage *page = gs_experiment_page_new(window, file, path);
  /* One page per kind: opening another experiment of the kind replaces it. */
  g_autofree char *name = g_strdup_printf("experiment:%s", file->kind->id);
  GtkWidget *old = gtk_stack_get_child_by_name(stack, name);
  if (old) gtk_stack_remove(stack, old);
  gtk_stack_add_titled(stack, GTK_WIDGET(page), name, _(file->kind->title));
  gtk_stack_set_visible_child(stack, GTK_WIDGET(page));
  gs_experiment_page_reset(page);
  return page;
}

GsExperimentPage *gs_platform_ui_open_path(GsWindow *window, const char *path, GError **error)
{
  g_autoptr(GsExperimentFile) file = gs_experiment_file_load(path, error);
  if (!file) return NULL;
  GsExperimentPage *page = gs_platform_ui_open(window, file, path);
  const GPtrArray *warnings = gs_experiment_file_get_warnings(file);
  if (warnings->len) gs_window_show_message(window, warnings->pdata[0]);
  return page;
}

static void kind_activated_cb(GsWindow *window, const char *id, gpointer data)
{
  GtkStack *stack = gs_window_get_content(window);
  g_autofree char *name = g_strdup_printf("experiment:%s", id);
  GtkWidget *existing = gtk_stack_get_child_by_name(stack, name);
  if (existing) {
    gtk_stack_set_visible_child(stack, existing);
    return;
  }
  const GsExperimentKind *kind = gs_experiment_kind_lookup(id);
  if (!kind) return;
  g_autoptr(GsExperimentFile) file = gs_experiment_file_new(kind);
  gs_platform_ui_open(window, file, NULL);
}

/* The sidebar marks the kind whose page is shown, however it came to be shown (the sidebar, an
 * opened file, an example, a run reopened from the browser); none for the other pages. */
static void content_changed_cb(GtkStack *stack, GParamSpec *pspec, GsWindow *window)
{
  const char *name = gtk_stack_get_visible_child_name(stack);
  gs_window_select_kind(
      window, name && g_str_has_prefix(name, "experiment:") ? name + strlen("experiment:") : NULL);
}

static void reset_requested_cb(GsWindow *window, gpointer data)
{
  GsExperimentPage *page = current_page(window);
  if (page) gs_experiment_page_reset(page);
}

static void visible_page_cb(GtkStack *stack, GParamSpec *pspec, GsWindow *window)
{
  GtkWidget *child = gtk_stack_get_visible_child(stack);
  if (GS_IS_RUNS_BROWSER(child)) gs_runs_browser_refresh(GS_RUNS_BROWSER(child));
}

static void reopen_cb(GsRunsBrowser *browser, GsExperimentFile *file, GsWindow *window)
{
  gs_platform_ui_open(window, file, NULL);
}

static void resume_cb(GsRunsBrowser *browser, gint64 run, gint64 step, GsWindow *window)
{
  g_autofree char *path = gs_store_default_path();
  g_autoptr(GsStore) store = gs_store_open(path, NULL);
  g_autoptr(GsRunInfo) info = store ? gs_store_get_run(store, run, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperimentFile) file =
      info ? gs_experiment_file_from_run(info->kind, info->params, info->seed, info->backend,
                                         info->steps, info->notes, &error)
           : NULL;
  if (!file) {
    gs_window_show_message(window, error ? error->message : _("The run is no longer in the store"));
    return;
  }
  GsExperimentPage *page = gs_platform_ui_open(window, file, NULL);
  if (!gs_experiment_page_resume(page, run, step, &error))
    gs_window_show_message(window, error->message);
}

static void example_open_cb(GsExampleGallery *gallery, const char *path, GsWindow *window)
{
  g_autoptr(GError) error = NULL;
  GsExperimentPage *page = gs_platform_ui_open_path(window, path, &error);
  if (!page) {
    gs_window_show_message(window, error->message);
    return;
  }
  /* An example opens as a new experiment: saving asks where, never over the example. */
  g_autoptr(GsExperimentFile) copy = gs_experiment_page_dup_file(page);
  gs_platform_ui_open(window, copy, NULL);
}

static void open_response_cb(GtkNativeDialog *dialog, int response, GsWindow *window)
{
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    g_autofree char *path = g_file_get_path(file);
    g_autoptr(GError) error = NULL;
    if (path && !gs_platform_ui_open_path(window, path, &error))
      gs_window_show_message(window, error->message);
  }
  g_object_unref(dialog);
}

static void open_experiment_activated(GSimpleAction *action, GVariant *param, gpointer data)
{
  GsWindow *window = data;
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new(_("Open Experiment"), GTK_WINDOW(window),
                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new();
  gtk_file_filter_set_name(filter, _("Experiment files"));
  gtk_file_filter_add_pattern(filter, "*" GS_EXPERIMENT_FILE_SUFFIX);
  gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(dialog), filter);
  g_object_unref(filter);
  g_signal_connect(dialog, "response", G_CALLBACK(open_response_cb), window);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static void show_page_activated(GSimpleAction *action, GVariant *param, gpointer data)
{
  const char *name = g_action_get_name(G_ACTION(action));
  gtk_stack_set_visible_child_name(gs_window_get_content(data),
                                   g_str_equal(name, "show-runs") ? "runs" : "examples");
}

static const GActionEntry actions[] = {
    {.name = "open-experiment", .activate = open_experiment_activated},
    {.name = "show-examples", .activate = show_page_activated},
    {.name = "show-runs", .activate = show_page_activated},
};

void gs_platform_ui_install(GsWindow *window)
{
  gs_experiments_register_builtin();
  GListStore *kinds = g_list_store_new(GS_TYPE_KIND_ITEM);
  guint n;
  const GsExperimentKind *const *all = gs_experiment_kinds(&n);
  for (guint i = 0; i < n; i++) {
    g_autoptr(GsKindItem) item = gs_kind_item_new(
        all[i]->id, _(all[i]->title), all[i]->description ? _(all[i]->description) : "", NULL);
    g_list_store_append(kinds, item);
  }
  gs_window_set_kinds(window, G_LIST_MODEL(kinds));
  g_object_unref(kinds);
  g_signal_connect(window, "kind-activated", G_CALLBACK(kind_activated_cb), NULL);
  g_signal_connect(window, "reset-requested", G_CALLBACK(reset_requested_cb), NULL);

  GtkStack *stack = gs_window_get_content(window);
  g_signal_connect(stack, "notify::visible-child-name", G_CALLBACK(content_changed_cb), window);
  GsRunsBrowser *browser = gs_runs_browser_new(NULL);
  g_signal_connect(browser, "reopen", G_CALLBACK(reopen_cb), window);
  g_signal_connect(browser, "resume", G_CALLBACK(resume_cb), window);
  gtk_stack_add_titled(stack, GTK_WIDGET(browser), "runs", _("Runs"));
  GsExampleGallery *gallery = gs_example_gallery_new(NULL);
  g_signal_connect(gallery, "open", G_CALLBACK(example_open_cb), window);
  gtk_stack_add_titled(stack, GTK_WIDGET(gallery), "examples", _("Examples"));
  g_signal_connect(stack, "notify::visible-child", G_CALLBACK(visible_page_cb), window);
  g_action_map_add_action_entries(G_ACTION_MAP(window), actions, G_N_ELEMENTS(actions), window);
}
