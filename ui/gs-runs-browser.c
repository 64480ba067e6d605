/* gs-runs-browser.c — list, edit, compare, reopen and resume recorded runs. */
#include "gs-runs-browser.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gs-figure-view.h"
#include "gs-figure.h"
#include "platform/gs-experiment-file.h"

struct _GsRunsBrowser {
  GtkBox parent_instance;
  char *store_path;
  GsStore *store;
  GPtrArray *runs;      /* GsRunInfo*, as listed */
  GHashTable *overlaid; /* run id (gint64*) → GsMetricView* */
  gint64 selected;      /* run id or 0 */
  char *metric;
  GtkSearchEntry *search;
  GtkDropDown *group_choice;  /* "All runs", then each group of the store, newest first */
  GtkStringList *group_names; /* its labels */
  GPtrArray *group_ids;       /* char *, parallel to group_names; [0] NULL (all runs) */
  char *group;                /* the group filter, or NULL */
  GtkButton *overlay_group_button;
  GtkListBox *list;
  GtkLabel *empty, *details_title, *details_info;
  GtkEntry *name_entry;
  GtkTextView *notes;
  GtkButton *delete_button, *resume_button, *reopen_button;
  GtkDropDown *checkpoint, *metric_choice;
  GtkStringList *checkpoint_steps, *metric_names;
  GsFigureView *plot; /* renders off the main thread, zooms and exports */
  GtkWidget *details;
  guint delete_armed;         /* timeout id while "click again to delete" */
  GHashTable *checks;         /* run id → its row's check button (rows of the current list) */
  GHashTable *swatches;       /* run id → its row's colour dot */
  GHashTable *overlay_colour; /* uuid → GsRunStyle of an overlaid run, as the overlay draws it */
  gboolean updating;          /* refilling the metric list: not a choice */
};

enum { SIGNAL_REOPEN, SIGNAL_RESUME, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE(GsRunsBrowser, gs_runs_browser, GTK_TYPE_BOX)

static GsRunInfo *find_run(GsRunsBrowser *self, gint64 id)
{
  for (guint i = 0; self->runs && i < self->runs->len; i++)
    if (((GsRunInfo *) self->runs->pdata[i])->id == id) return self->runs->pdata[i];
  return NULL;
}

static gboolean open_store(GsRunsBrowser *self)
{
  if (self->store) return TRUE;
  g_autoptr(GError) error = NULL;
  self->store = gs_store_open(self->store_path, &error);
  if (!self->store) gtk_label_set_text(self->empty, error->message);
  return self->store != NULL;
}

/* --- the overlay plot ------------------------------------------------------------------------ */

/* The overlay is a figure of the figure library, like every other plot of the app: runs keep
 * their dash and marker (gs_run_style_for_key of the uuid) and their colour unless an overlaid
 * run listed above has it (gs_run_styles_distinct), here and in its export. */
static gint by_id_ascending(gconstpointer a, gconstpointer b)
{
  gint64 x = (*(GsRunInfo *const *) a)->id, y = (*(GsRunInfo *const *) b)->id;
  return x < y ? -1 : x > y;
}

static void refresh_plot(GsRunsBrowser *self)
{
  g_autoptr(GsFigure) fig = gs_figure_new(1, 1);
  GsPanel *panel = gs_figure_panel(fig, 0, 0);
  gs_panel_set_xlabel(panel, _("step"));
  gs_panel_set_xinteger(panel, TRUE);
  gs_panel_set_ylabel(panel, self->metric ? self->metric : "");
  /* the overlaid runs coloured by the rule of every overlay, oldest first: a group then gets the
   * colours its own views give it (they go in launch order); the list's dots take them too */
  guint n_runs = self->runs ? self->runs->len : 0;
  g_autoptr(GPtrArray) shown = g_ptr_array_new();
  for (guint i = 0; i < n_runs; i++) {
    GsRunInfo *r = self->runs->pdata[i];
    if (g_hash_table_contains(self->overlaid, &r->id)) g_ptr_array_add(shown, r);
  }
  g_ptr_array_sort(shown, by_id_ascending);
  g_autofree const char **keys = g_new0(const char *, MAX(shown->len, 1));
  for (guint k = 0; k < shown->len; k++) keys[k] = ((GsRunInfo *) shown->pdata[k])->uuid;
  g_autofree GsRunStyle *styles = g_new(GsRunStyle, MAX(shown->len, 1));
  gs_run_styles_distinct(keys, shown->len, styles);
  g_hash_table_remove_all(self->overlay_colour);
  for (guint k = 0; k < shown->len; k++)
    g_hash_table_insert(self->overlay_colour, g_strdup(keys[k]),
                        g_memdup2(&styles[k], sizeof styles[k]));
  GHashTableIter it;
  gpointer swatch;
  g_hash_table_iter_init(&it, self->swatches);
  while (g_hash_table_iter_next(&it, NULL, &swatch)) gtk_widget_queue_draw(swatch);

  gboolean any = FALSE;
  for (guint i = 0; i < n_runs; i++) {
    GsRunInfo *r = self->runs->pdata[i];
    GsMetricView *m = g_hash_table_lookup(self->overlaid, &r->id);
    int s = m && self->metric ? gs_metric_view_find(m, self->metric) : -1;
    if (s < 0) continue;
    gsize n = gs_metric_view_length(m, s);
    g_autofree double *x = g_new(double, MAX(n, 1)), *y = g_new(double, MAX(n, 1));
    for (gsize k = 0; k < n; k++) {
      GsMetricRow row = gs_metric_view_row(m, s, k);
      x[k] = (double) row.step;
      y[k] = row.value;
    }
    GsLayer *line = gs_panel_add_line(panel, x, y, (int) n);
    gs_layer_set_run_style(
        line, *(const GsRunStyle *) g_hash_table_lookup(self->overlay_colour, r->uuid));
    g_autofree char *label =
        g_strdup_printf("#%" G_GINT64_FORMAT "%s%s", r->id, *r->name ? " " : "", r->name);
    gs_layer_set_label(line, label);
    any = TRUE;
  }
  if (!any) gs_figure_set_title(fig, _("Tick runs in the list to overlay their curves"));
  gs_figure_view_set_figure(self->plot, fig);
}

static int compare_names(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(char *const *) a, *(char *const *) b);
}

static void update_metric_names(GsRunsBrowser *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init(&it, self->overlaid);
  while (g_hash_table_iter_next(&it, &key, &value))
    for (guint s = 0; s < gs_metric_view_n_series(value); s++)
      if (!g_ptr_array_find_with_equal_func(names, gs_metric_view_name(value, s), g_str_equal,
                                            NULL))
        g_ptr_array_add(names, g_strdup(gs_metric_view_name(value, s)));
  g_ptr_array_sort(names, compare_names);
  guint old = g_list_model_get_n_items(G_LIST_MODEL(self->metric_names));
  g_ptr_array_add(names, NULL);
  self->updating = TRUE;
  gtk_string_list_splice(self->metric_names, 0, old, (const char *const *) names->pdata);
  guint pos = 0;
  for (guint i = 0; i + 1 < names->len; i++)
    if (self->metric && !strcmp(names->pdata[i], self->metric)) pos = i;
  if (names->len > 1) {
    gtk_drop_down_set_selected(self->metric_choice, pos);
    if (!self->metric) self->metric = g_strdup(names->pdata[0]);
  }
  self->updating = FALSE;
  refresh_plot(self);
}

static void metric_chosen_cb(GtkDropDown *dd, GParamSpec *pspec, GsRunsBrowser *self)
{
  GtkStringObject *o = gtk_drop_down_get_selected_item(dd);
  if (!o || self->updating) return;
  g_free(self->metric);
  self->metric = g_strdup(gtk_string_object_get_string(o));
  refresh_plot(self);
}

void gs_runs_browser_set_metric(GsRunsBrowser *self, const char *metric)
{
  g_free(self->metric);
  self->metric = g_strdup(metric);
  update_metric_names(self);
}

static void overlay(GsRunsBrowser *self, gint64 run, gboolean overlaid);

void gs_runs_browser_set_overlaid(GsRunsBrowser *self, gint64 run, gboolean overlaid)
{
  GtkCheckButton *check = g_hash_table_lookup(self->checks, &run);
  if (check)
    gtk_check_button_set_active(check, overlaid); /* its "toggled" does the rest */
  else
    overlay(self, run, overlaid);
}

static void overlay(GsRunsBrowser *self, gint64 run, gboolean overlaid)
{
  if (!overlaid) {
    g_hash_table_remove(self->overlaid, &run);
  } else if (!g_hash_table_contains(self->overlaid, &run) && open_store(self)) {
    GsMetricView *m = gs_store_load_metrics(self->store, run, NULL);
    if (m) g_hash_table_insert(self->overlaid, g_memdup2(&run, sizeof run), m);
  }
  update_metric_names(self);
}

static void overlay_toggled_cb(GtkCheckButton *check, gpointer data)
{
  GsRunsBrowser *self = data;
  gint64 *id = g_object_get_data(G_OBJECT(check), "run-id");
  overlay(self, *id, gtk_check_button_get_active(check));
}

/* --- the list -------------------------------------------------------------------------------- */

/* A run's dot: its colour in the overlay while it is overlaid, else its own. */
static void swatch_draw(GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data)
{
  GsRunsBrowser *self = g_object_get_data(G_OBJECT(area), "browser");
  const GsRunStyle *shown = self ? g_hash_table_lookup(self->overlay_colour, data) : NULL;
  GsColor c = shown ? shown->color : gs_run_style_for_key(data).color;
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
  cairo_arc(cr, w / 2.0, h / 2.0, MIN(w, h) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill(cr);
}

static GtkWidget *make_row(GsRunsBrowser *self, GsRunInfo *r)
{
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_top(box, 4);
  gtk_widget_set_margin_bottom(box, 4);
  gtk_widget_set_margin_start(box, 6);
  GtkWidget *check = gtk_check_button_new();
  gtk_widget_set_tooltip_text(check, _("Overlay this run's curves"));
  g_object_set_data_full(G_OBJECT(check), "run-id", g_memdup2(&r->id, sizeof r->id), g_free);
  gtk_check_button_set_active(GTK_CHECK_BUTTON(check),
                              g_hash_table_contains(self->overlaid, &r->id));
  g_signal_connect(check, "toggled", G_CALLBACK(overlay_toggled_cb), self);
  g_hash_table_insert(self->checks, g_memdup2(&r->id, sizeof r->id), check);
  gtk_box_append(GTK_BOX(box), check);
  GtkWidget *swatch = gtk_drawing_area_new();
  gtk_widget_set_size_request(swatch, 12, 12);
  gtk_widget_set_valign(swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(swatch), swatch_draw, g_strdup(r->uuid), g_free);
  g_object_set_data(G_OBJECT(swatch), "browser", self); /* the rows die with the browser */
  g_hash_table_insert(self->swatches, g_memdup2(&r->id, sizeof r->id), swatch);
  gtk_box_append(GTK_BOX(box), swatch);
  GtkWidget *texts = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *title =
      g_strdup_printf("#%" G_GINT64_FORMAT "  %s", r->id, *r->name ? r->name : r->kind);
  GtkWidget *t = gtk_label_new(title);
  gtk_label_set_xalign(GTK_LABEL(t), 0);
  gtk_label_set_ellipsize(GTK_LABEL(t), PANGO_ELLIPSIZE_END);
  /* TRANSLATORS: a run's row: kind · state · steps done/planned · seed */
  g_autofree char *sub =
      g_strdup_printf(_("%s · %s · %" PRId64 "/%" PRId64 " · seed %" PRIu64), r->kind,
                      gs_run_status_label(r->status), r->last_step, r->steps, r->seed);
  if (r->group) {
    char *with_group = g_strdup_printf("%s · %s", sub, r->group);
    g_free(sub);
    sub = with_group;
  }
  GtkWidget *s = gtk_label_new(sub);
  gtk_label_set_xalign(GTK_LABEL(s), 0);
  gtk_label_set_ellipsize(GTK_LABEL(s), PANGO_ELLIPSIZE_END); /* a group id is long */
  gtk_widget_set_tooltip_text(s, sub);
  gtk_widget_add_css_class(s, "dim-label");
  gtk_widget_add_css_class(s, "caption");
  gtk_box_append(GTK_BOX(texts), t);
  gtk_box_append(GTK_BOX(texts), s);
  gtk_box_append(GTK_BOX(box), texts);
  return box;
}

static void show_details(GsRunsBrowser *self)
{
  GsRunInfo *r = find_run(self, self->selected);
  gtk_widget_set_sensitive(self->details, r != NULL);
  if (!r) {
    gtk_widget_set_sensitive(GTK_WIDGET(self->overlay_group_button), FALSE);
    gtk_label_set_text(self->details_title, _("No run selected"));
    gtk_label_set_text(self->details_info, "");
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->details_info), NULL);
    return;
  }
  g_autofree char *title = g_strdup_printf(_("Run %" PRId64 " (%s)"), r->id, r->kind);
  gtk_label_set_text(self->details_title, title);
  g_autoptr(GDateTime) started = g_date_time_new_from_unix_local(r->started / G_USEC_PER_SEC);
  g_autofree char *when = started ? g_date_time_format(started, "%Y-%m-%d %H:%M") : g_strdup("");
  /* the parameters as a researcher reads them: what differs from the kind's defaults (the
   * whole record, as stored, in the tooltip) */
  g_autoptr(GsExperimentFile) file =
      gs_experiment_file_from_run(r->kind, r->params, r->seed, r->backend, r->steps, NULL, NULL);
  g_autofree char *changes = file ? gs_param_values_describe_changes(file->params, " · ") : NULL;
  g_autofree char *params = !file ? g_strdup(r->params)
                            : *changes
                                ? g_strdup_printf(_("Changed from the defaults: %s"), changes)
                                : g_strdup(_("Every parameter at its default"));
  g_autofree char *info = g_strdup_printf(
      _("%s · %" PRId64 " of %" PRId64 " steps · seed %" PRIu64 " · %s · started %s%s%s\n%s"),
      gs_run_status_label(r->status), r->last_step, r->steps, r->seed, r->backend, when,
      r->error ? "\n" : "", r->error ? r->error : "", params);
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->details_info), r->params);
  if (r->group) {
    /* TRANSLATORS: the details of a run launched as part of a group */
    g_autofree char *with_group = g_strdup_printf(_("%s\nGroup: %s"), info, r->group);
    gtk_label_set_text(self->details_info, with_group);
  } else {
    gtk_label_set_text(self->details_info, info);
  }
  gtk_widget_set_sensitive(GTK_WIDGET(self->overlay_group_button), r->group != NULL);
  gtk_editable_set_text(GTK_EDITABLE(self->name_entry), r->name);
  gtk_text_buffer_set_text(gtk_text_view_get_buffer(self->notes), r->notes, -1);
  g_autoptr(GArray) steps =
      open_store(self) ? gs_store_list_checkpoints(self->store, r->id, NULL) : NULL;
  guint old = g_list_model_get_n_items(G_LIST_MODEL(self->checkpoint_steps));
  gtk_string_list_splice(self->checkpoint_steps, 0, old, NULL);
  for (guint i = 0; steps && i < steps->len; i++) {
    g_autofree char *label =
        g_strdup_printf(_("step %" PRId64), g_array_index(steps, gint64, steps->len - 1 - i));
    gtk_string_list_append(self->checkpoint_steps, label);
  }
  gtk_widget_set_sensitive(GTK_WIDGET(self->resume_button), steps && steps->len);
  gtk_widget_set_sensitive(GTK_WIDGET(self->checkpoint), steps && steps->len);
  gtk_widget_set_sensitive(GTK_WIDGET(self->reopen_button),
                           gs_experiment_kind_lookup(r->kind) != NULL);
}

static void row_selected_cb(GtkListBox *list, GtkListBoxRow *row, GsRunsBrowser *self)
{
  int i = row ? gtk_list_box_row_get_index(row) : -1;
  self->selected =
      i >= 0 && (guint) i < self->runs->len ? ((GsRunInfo *) self->runs->pdata[i])->id : 0;
  show_details(self);
}

/* --- groups (a run and its variants, launched together) ------------------------------------- */

/* The index of group in ids ([0] is NULL, every run), or 0. */
static guint find_group(GPtrArray *ids, const char *group)
{
  for (guint i = 1; group && i < ids->len; i++)
    if (strcmp(ids->pdata[i], group) == 0) return i;
  return 0;
}

/* The group list of the filter menu: every group of the store, newest first, named by the runs'
 * common name prefix ("abl: standard" → "abl") and counted. */
static void update_groups(GsRunsBrowser *self)
{
  g_autoptr(GPtrArray) all = gs_store_list_runs(self->store, NULL, NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(ids, NULL);
  g_ptr_array_add(labels, g_strdup(_("All runs")));
  for (guint i = 0; all && i < all->len; i++) {
    GsRunInfo *r = all->pdata[i];
    if (!r->group || find_group(ids, r->group)) continue;
    guint n = 0;
    for (guint k = 0; k < all->len; k++)
      n += g_strcmp0(((GsRunInfo *) all->pdata[k])->group, r->group) == 0;
    const char *colon = strstr(r->name, ": ");
    g_autofree char *prefix = colon ? g_strndup(r->name, colon - r->name) : g_strdup("");
    g_ptr_array_add(ids, g_strdup(r->group));
    g_ptr_array_add(labels,
                    *prefix && strcmp(prefix, r->group)
                        /* TRANSLATORS: a group in the runs filter: name, id, runs */
                        ? g_strdup_printf(ngettext("%s — %s (%u run)", "%s — %s (%u runs)", n),
                                          prefix, r->group, n)
                        : g_strdup_printf(ngettext("%s (%u run)", "%s (%u runs)", n), r->group, n));
  }
  /* a filter on a group that no longer exists (deleted) falls back to every run */
  guint selected = find_group(ids, self->group);
  if (!selected) g_clear_pointer(&self->group, g_free);
  g_ptr_array_add(labels, NULL);
  self->updating = TRUE;
  gtk_string_list_splice(self->group_names, 0,
                         g_list_model_get_n_items(G_LIST_MODEL(self->group_names)),
                         (const char *const *) labels->pdata);
  gtk_drop_down_set_selected(self->group_choice, selected);
  self->updating = FALSE;
  g_ptr_array_unref(self->group_ids);
  self->group_ids = g_steal_pointer(&ids);
  gtk_widget_set_visible(GTK_WIDGET(self->group_choice), self->group_ids->len > 1);
}

static void group_chosen_cb(GtkDropDown *dd, GParamSpec *pspec, GsRunsBrowser *self)
{
  guint i = gtk_drop_down_get_selected(dd);
  if (self->updating || i >= self->group_ids->len) return;
  gs_runs_browser_set_group_filter(self, self->group_ids->pdata[i]);
}

void gs_runs_browser_set_group_filter(GsRunsBrowser *self, const char *group)
{
  if (g_strcmp0(group, self->group) == 0 && self->runs) return;
  g_free(self->group);
  self->group = g_strdup(group);
  gs_runs_browser_refresh(self);
}

const char *gs_runs_browser_get_group_filter(GsRunsBrowser *self)
{
  return self->group;
}

void gs_runs_browser_overlay_group(GsRunsBrowser *self, const char *group)
{
  g_autoptr(GPtrArray) members =
      open_store(self) ? gs_store_list_group(self->store, group, NULL) : NULL;
  if (!members) return;
  /* exactly the group: the other runs leave the overlay */
  g_autoptr(GList) ids = g_hash_table_get_keys(self->overlaid);
  for (GList *l = ids; l; l = l->next) {
    gint64 id = *(gint64 *) l->data;
    gboolean member = FALSE;
    for (guint i = 0; i < members->len; i++) member |= ((GsRunInfo *) members->pdata[i])->id == id;
    if (!member) gs_runs_browser_set_overlaid(self, id, FALSE);
  }
  for (guint i = 0; i < members->len; i++)
    gs_runs_browser_set_overlaid(self, ((GsRunInfo *) members->pdata[i])->id, TRUE);
}

guint gs_runs_browser_get_n_overlaid(GsRunsBrowser *self)
{
  return g_hash_table_size(self->overlaid);
}

GsFigure *gs_runs_browser_get_figure(GsRunsBrowser *self)
{
  return gs_figure_view_get_figure(self->plot);
}

static void overlay_group_cb(GtkButton *button, GsRunsBrowser *self)
{
  GsRunInfo *r = find_run(self, self->selected);
  if (r && r->group) gs_runs_browser_overlay_group(self, r->group);
}

void gs_runs_browser_refresh(GsRunsBrowser *self)
{
  GtkWidget *child;
  gint64 keep = self->selected; /* emptying the list unselects */
  g_hash_table_remove_all(self->checks);
  g_hash_table_remove_all(self->swatches);
  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->list))))
    gtk_list_box_remove(self->list, child);
  g_clear_pointer(&self->runs, g_ptr_array_unref);
  self->runs = g_ptr_array_new_with_free_func((GDestroyNotify) gs_run_info_free);
  if (!open_store(self)) return;
  update_groups(self);
  GsRunFilter filter = {.text = gtk_editable_get_text(GTK_EDITABLE(self->search)),
                        .status = -1,
                        .group = self->group};
  g_autoptr(GError) error = NULL;
  GPtrArray *runs = gs_store_list_runs(self->store, &filter, &error);
  if (!runs) {
    gtk_label_set_text(self->empty, error->message);
    return;
  }
  g_ptr_array_unref(self->runs);
  self->runs = runs;
  for (guint i = 0; i < runs->len; i++) {
    gtk_list_box_append(self->list, make_row(self, runs->pdata[i]));
    if (((GsRunInfo *) runs->pdata[i])->id == keep)
      gtk_list_box_select_row(self->list, gtk_list_box_get_row_at_index(self->list, (int) i));
  }
  gtk_widget_set_visible(GTK_WIDGET(self->empty), runs->len == 0);
  gtk_label_set_text(self->empty, *filter.text || self->group
                                      ? _("No run matches the filter")
                                      : _("No runs recorded yet: runs appear here as "
                                          "they train, from the window or ganscape-cli"));
  show_details(self);
}

void gs_runs_browser_set_filter(GsRunsBrowser *self, const char *text)
{
  gtk_editable_set_text(GTK_EDITABLE(self->search), text);
  gs_runs_browser_refresh(self);
}

guint gs_runs_browser_get_n_runs(GsRunsBrowser *self)
{
  return self->runs ? self->runs->len : 0;
}

void gs_runs_browser_select(GsRunsBrowser *self, gint64 run)
{
  for (guint i = 0; self->runs && i < self->runs->len; i++)
    if (((GsRunInfo *) self->runs->pdata[i])->id == run)
      gtk_list_box_select_row(self->list, gtk_list_box_get_row_at_index(self->list, (int) i));
}

static void search_cb(GtkSearchEntry *entry, GsRunsBrowser *self)
{
  gs_runs_browser_refresh(self);
}

static void rename_cb(GtkEntry *entry, GsRunsBrowser *self)
{
  g_autoptr(GError) error = NULL;
  if (!self->selected || !open_store(self)) return;
  if (gs_store_rename_run(self->store, self->selected, gtk_editable_get_text(GTK_EDITABLE(entry)),
                          &error))
    gs_runs_browser_refresh(self);
}

static void save_notes_cb(GtkButton *button, GsRunsBrowser *self)
{
  if (!self->selected || !open_store(self)) return;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->notes);
  GtkTextIter a, b;
  gtk_text_buffer_get_bounds(buffer, &a, &b);
  g_autofree char *text = gtk_text_buffer_get_text(buffer, &a, &b, FALSE);
  if (gs_store_set_notes(self->store, self->selected, text, NULL)) gs_runs_browser_refresh(self);
}

static gboolean disarm_delete(gpointer data)
{
  GsRunsBrowser *self = data;
  self->delete_armed = 0;
  gtk_button_set_label(self->delete_button, _("Delete"));
  return G_SOURCE_REMOVE;
}

static void delete_cb(GtkButton *button, GsRunsBrowser *self)
{
  if (!self->selected || !open_store(self)) return;
  if (!self->delete_armed) {
    /* Deleting loses data: the first click asks, a second within 4 s deletes. */
    gtk_button_set_label(button, _("Click again to delete"));
    self->delete_armed = g_timeout_add_seconds(4, disarm_delete, self);
    return;
  }
  g_clear_handle_id(&self->delete_armed, g_source_remove);
  disarm_delete(self);
  gint64 run = self->selected;
  g_hash_table_remove(self->overlaid, &run);
  if (gs_store_delete_run(self->store, run, NULL)) {
    self->selected = 0;
    gs_runs_browser_refresh(self);
    update_metric_names(self);
  }
}

static void reopen_cb(GtkButton *button, GsRunsBrowser *self)
{
  GsRunInfo *r = find_run(self, self->selected);
  if (!r) return;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperimentFile) file = gs_experiment_file_from_run(
      r->kind, r->params, r->seed, r->backend, r->steps, r->notes, &error);
  if (!file) {
    gtk_label_set_text(self->details_info, error->message);
    return;
  }
  g_signal_emit(self, signals[SIGNAL_REOPEN], 0, file);
}

static void resume_cb(GtkButton *button, GsRunsBrowser *self)
{
  GtkStringObject *o = gtk_drop_down_get_selected_item(self->checkpoint);
  if (!self->selected || !o) return;
  gint64 step = g_ascii_strtoll(strchr(gtk_string_object_get_string(o), ' ') + 1, NULL, 10);
  g_signal_emit(self, signals[SIGNAL_RESUME], 0, self->selected, step);
}

static void gs_runs_browser_dispose(GObject *object)
{
  GsRunsBrowser *self = GS_RUNS_BROWSER(object);
  g_clear_handle_id(&self->delete_armed, g_source_remove);
  G_OBJECT_CLASS(gs_runs_browser_parent_class)->dispose(object);
}

static void gs_runs_browser_finalize(GObject *object)
{
  GsRunsBrowser *self = GS_RUNS_BROWSER(object);
  g_clear_pointer(&self->store, gs_store_close);
  g_clear_pointer(&self->runs, g_ptr_array_unref);
  g_hash_table_unref(self->overlaid);
  g_hash_table_unref(self->checks);
  g_hash_table_unref(self->swatches);
  g_hash_table_unref(self->overlay_colour);
  g_free(self->store_path);
  g_free(self->metric);
  g_free(self->group);
  g_ptr_array_unref(self->group_ids);
  G_OBJECT_CLASS(gs_runs_browser_parent_class)->finalize(object);
}

static void gs_runs_browser_class_init(GsRunsBrowserClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = gs_runs_browser_dispose;
  G_OBJECT_CLASS(klass)->finalize = gs_runs_browser_finalize;
  /* Open a run's parameters as a new experiment: (GsExperimentFile *, valid during emission). */
  signals[SIGNAL_REOPEN] = g_signal_new("reopen", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* Resume a run from its checkpoint: (run id, step). */
  signals[SIGNAL_RESUME] =
      g_signal_new("resume", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

static void gs_runs_browser_init(GsRunsBrowser *self)
{
  self->overlaid = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) gs_metric_view_unref);
  self->checks = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  self->swatches = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  self->overlay_colour = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  self->group_ids = g_ptr_array_new_with_free_func(g_free);
}

static GtkWidget *margins(GtkWidget *w, int m)
{
  gtk_widget_set_margin_start(w, m);
  gtk_widget_set_margin_end(w, m);
  gtk_widget_set_margin_top(w, m);
  gtk_widget_set_margin_bottom(w, m);
  return w;
}

GsRunsBrowser *gs_runs_browser_new(const char *store_path)
{
  GsRunsBrowser *self = g_object_new(GS_TYPE_RUNS_BROWSER, NULL);
  self->store_path = store_path ? g_strdup(store_path) : gs_store_default_path();
  gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_HORIZONTAL);

  GtkWidget *left = margins(gtk_box_new(GTK_ORIENTATION_VERTICAL, 6), 8);
  gtk_widget_set_size_request(left, 320, -1);
  self->search = GTK_SEARCH_ENTRY(gtk_search_entry_new());
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->search),
                              _("Filter by name, notes, kind or parameters"));
  g_signal_connect(self->search, "search-changed", G_CALLBACK(search_cb), self);
  gtk_box_append(GTK_BOX(left), GTK_WIDGET(self->search));
  self->group_names = gtk_string_list_new(NULL);
  self->group_choice = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(self->group_names), NULL));
  gtk_widget_set_name(GTK_WIDGET(self->group_choice), "group-filter");
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->group_choice),
                              _("Show only the runs launched together as one group"));
  gtk_widget_set_visible(GTK_WIDGET(self->group_choice), FALSE); /* until the store has a group */
  g_signal_connect(self->group_choice, "notify::selected", G_CALLBACK(group_chosen_cb), self);
  gtk_box_append(GTK_BOX(left), GTK_WIDGET(self->group_choice));
  self->list = GTK_LIST_BOX(gtk_list_box_new());
  g_signal_connect(self->list, "row-selected", G_CALLBACK(row_selected_cb), self);
  GtkWidget *scroller = gtk_scrolled_window_new();
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), GTK_WIDGET(self->list));
  gtk_widget_set_vexpand(scroller, TRUE);
  gtk_box_append(GTK_BOX(left), scroller);
  self->empty = GTK_LABEL(gtk_label_new(NULL));
  gtk_label_set_wrap(self->empty, TRUE);
  gtk_widget_add_css_class(GTK_WIDGET(self->empty), "dim-label");
  gtk_box_append(GTK_BOX(left), GTK_WIDGET(self->empty));
  gtk_box_append(GTK_BOX(self), left);
  gtk_box_append(GTK_BOX(self), gtk_separator_new(GTK_ORIENTATION_VERTICAL));

  GtkWidget *right = margins(gtk_box_new(GTK_ORIENTATION_VERTICAL, 8), 8);
  gtk_widget_set_hexpand(right, TRUE);
  self->details = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  self->details_title = GTK_LABEL(gtk_label_new(NULL));
  gtk_widget_add_css_class(GTK_WIDGET(self->details_title), "heading");
  gtk_label_set_xalign(self->details_title, 0);
  gtk_box_append(GTK_BOX(self->details), GTK_WIDGET(self->details_title));
  self->details_info = GTK_LABEL(gtk_label_new(NULL));
  gtk_label_set_xalign(self->details_info, 0);
  gtk_label_set_wrap(self->details_info, TRUE);
  gtk_label_set_wrap_mode(self->details_info, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable(self->details_info, TRUE);
  gtk_widget_add_css_class(GTK_WIDGET(self->details_info), "caption");
  gtk_box_append(GTK_BOX(self->details), GTK_WIDGET(self->details_info));
  GtkWidget *grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
  gtk_grid_set_column_spacing(GTK_GRID(grid), 8);
  gtk_grid_attach(GTK_GRID(grid), gtk_label_new(_("Name")), 0, 0, 1, 1);
  self->name_entry = GTK_ENTRY(gtk_entry_new());
  gtk_widget_set_hexpand(GTK_WIDGET(self->name_entry), TRUE);
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->name_entry), _("Press Enter to rename the run"));
  g_signal_connect(self->name_entry, "activate", G_CALLBACK(rename_cb), self);
  gtk_grid_attach(GTK_GRID(grid), GTK_WIDGET(self->name_entry), 1, 0, 2, 1);
  gtk_grid_attach(GTK_GRID(grid), gtk_label_new(_("Notes")), 0, 1, 1, 1);
  self->notes = GTK_TEXT_VIEW(gtk_text_view_new());
  gtk_text_view_set_wrap_mode(self->notes, GTK_WRAP_WORD_CHAR);
  GtkWidget *notes_frame = gtk_frame_new(NULL);
  gtk_frame_set_child(GTK_FRAME(notes_frame), GTK_WIDGET(self->notes));
  gtk_widget_set_size_request(notes_frame, -1, 48);
  gtk_grid_attach(GTK_GRID(grid), notes_frame, 1, 1, 1, 1);
  GtkWidget *save_notes = gtk_button_new_with_label(_("Save Notes"));
  g_signal_connect(save_notes, "clicked", G_CALLBACK(save_notes_cb), self);
  gtk_widget_set_valign(save_notes, GTK_ALIGN_START);
  gtk_grid_attach(GTK_GRID(grid), save_notes, 2, 1, 1, 1);
  gtk_box_append(GTK_BOX(self->details), grid);
  GtkWidget *actions = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  self->reopen_button = GTK_BUTTON(gtk_button_new_with_label(_("Open as New Experiment")));
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->reopen_button),
                              _("A new experiment with this run's parameters and seed"));
  g_signal_connect(self->reopen_button, "clicked", G_CALLBACK(reopen_cb), self);
  self->resume_button = GTK_BUTTON(gtk_button_new_with_label(_("Resume from")));
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->resume_button),
                              _("Go on training from a stored checkpoint, as a new run"));
  g_signal_connect(self->resume_button, "clicked", G_CALLBACK(resume_cb), self);
  self->checkpoint_steps = gtk_string_list_new(NULL);
  self->checkpoint = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(self->checkpoint_steps), NULL));
  self->overlay_group_button = GTK_BUTTON(gtk_button_new_with_label(_("Overlay Group")));
  gtk_widget_set_name(GTK_WIDGET(self->overlay_group_button), "overlay-group");
  gtk_widget_set_tooltip_text(
      GTK_WIDGET(self->overlay_group_button),
      _("Compare exactly this run's group: tick its runs, untick the rest"));
  g_signal_connect(self->overlay_group_button, "clicked", G_CALLBACK(overlay_group_cb), self);
  self->delete_button = GTK_BUTTON(gtk_button_new_with_label(_("Delete")));
  gtk_widget_add_css_class(GTK_WIDGET(self->delete_button), "destructive-action");
  g_signal_connect(self->delete_button, "clicked", G_CALLBACK(delete_cb), self);
  gtk_box_append(GTK_BOX(actions), GTK_WIDGET(self->reopen_button));
  gtk_box_append(GTK_BOX(actions), GTK_WIDGET(self->resume_button));
  gtk_box_append(GTK_BOX(actions), GTK_WIDGET(self->checkpoint));
  gtk_box_append(GTK_BOX(actions), GTK_WIDGET(self->overlay_group_button));
  GtkWidget *spacer = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand(spacer, TRUE);
  gtk_box_append(GTK_BOX(actions), spacer);
  gtk_box_append(GTK_BOX(actions), GTK_WIDGET(self->delete_button));
  gtk_box_append(GTK_BOX(self->details), actions);
  gtk_box_append(GTK_BOX(right), self->details);
  gtk_box_append(GTK_BOX(right), gtk_separator_new(GTK_ORIENTATION_HORIZONTAL));

  GtkWidget *metric_bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *compare = gtk_label_new(_("Compare ticked runs:"));
  gtk_widget_add_css_class(compare, "heading");
  gtk_box_append(GTK_BOX(metric_bar), compare);
  self->metric_names = gtk_string_list_new(NULL);
  self->metric_choice = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(self->metric_names), NULL));
  g_signal_connect(self->metric_choice, "notify::selected", G_CALLBACK(metric_chosen_cb), self);
  gtk_box_append(GTK_BOX(metric_bar), GTK_WIDGET(self->metric_choice));
  gtk_box_append(GTK_BOX(right), metric_bar);
  self->plot = GS_FIGURE_VIEW(gs_figure_view_new());
  gs_figure_view_set_export_name(self->plot, "runs-overlay");
  gtk_widget_set_vexpand(GTK_WIDGET(self->plot), TRUE);
  gtk_widget_set_size_request(GTK_WIDGET(self->plot), 300, 200);
  gtk_box_append(GTK_BOX(right), GTK_WIDGET(self->plot));
  refresh_plot(self);
  gtk_box_append(GTK_BOX(self), right);
  show_details(self); /* the store is opened on the first refresh, when the page is shown */
  return self;
}
