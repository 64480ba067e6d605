/* gs-param-form.c — a form built from a parameter schema. */
#include "gs-param-form.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

typedef struct {
  GsParamForm *form;
  const GsParamSpec *spec;
  GtkWidget *label, *editor, *message;
  GtkAdjustment *scale_adj; /* double: the slider (log10 of the value when log_scale) */
  GtkWidget *row_widgets[4];
  gboolean pending; /* changed while running, waits for a reset */
} Row;

struct _GsParamForm {
  GtkBox parent_instance;
  const GsParamSpec *schema;
  GsParamValues *values;
  GArray *rows; /* Row */
  gboolean running;
  gboolean updating; /* setting widgets from values: no signals */
};

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE(GsParamForm, gs_param_form, GTK_TYPE_BOX)

static Row *find_row(GsParamForm *self, const char *name)
{
  for (guint i = 0; i < self->rows->len; i++) {
    Row *row = &g_array_index(self->rows, Row, i);
    if (strcmp(row->spec->name, name) == 0) return row;
  }
  return NULL;
}

static void show_message(Row *row, const char *text, gboolean is_error)
{
  gtk_label_set_text(GTK_LABEL(row->message), text ? text : "");
  gtk_widget_set_visible(row->message, text && *text);
  if (is_error) {
    gtk_widget_add_css_class(row->editor, "error");
    gtk_widget_add_css_class(row->message, "error");
  } else {
    gtk_widget_remove_css_class(row->editor, "error");
    gtk_widget_remove_css_class(row->message, "error");
  }
}

/* Grey out parameters whose relevant_if is not met. */
static void update_relevance(GsParamForm *self)
{
  for (guint i = 0; i < self->rows->len; i++) {
    Row *row = &g_array_index(self->rows, Row, i);
    if (!row->spec->relevant_if) continue;
    g_auto(GStrv) parts = g_strsplit(row->spec->relevant_if, "=", 2);
    const GsParamSpec *other = gs_schema_find(self->schema, parts[0]);
    g_autofree char *current = gs_param_values_format(self->values, other->name);
    g_auto(GStrv) allowed = g_strsplit(parts[1], "|", -1);
    gboolean relevant = g_strv_contains((const char *const *) allowed, current);
    for (int w = 0; w < 4 && row->row_widgets[w]; w++)
      gtk_widget_set_sensitive(row->row_widgets[w], relevant);
  }
}

static void value_changed(GsParamForm *self, Row *row)
{
  if (self->running && !row->spec->live) {
    row->pending = TRUE;
    show_message(row, _("Applies on reset"), FALSE);
  } else {
    show_message(row, NULL, FALSE);
  }
  update_relevance(self);
  g_signal_emit(self, signals[SIGNAL_CHANGED], 0, row->spec->name, row->spec->live);
}

/* Text from an editor: check it against the schema; apply it or say why not. */
static void apply_text(GsParamForm *self, Row *row, const char *text)
{
  if (self->updating) return;
  /* Spin buttons show numbers in the user's locale: read a decimal comma as a point. */
  g_autofree char *normal = g_strdup(text);
  if (row->spec->type == GS_PARAM_DOUBLE) g_strdelimit(normal, ",", '.');
  g_autoptr(GError) error = NULL;
  g_autofree char *before = gs_param_values_format(self->values, row->spec->name);
  if (!gs_param_values_parse(self->values, row->spec->name, normal, &error)) {
    show_message(row, error->message, TRUE);
    return;
  }
  g_autofree char *after = gs_param_values_format(self->values, row->spec->name);
  if (strcmp(before, after) == 0) {
    if (!row->pending) show_message(row, NULL, FALSE);
    return;
  }
  value_changed(self, row);
}

static void entry_changed_cb(GtkEditable *editable, Row *row)
{
  apply_text(row->form, row, gtk_editable_get_text(editable));
}

static void switch_cb(GtkSwitch *sw, GParamSpec *pspec, Row *row)
{
  apply_text(row->form, row, gtk_switch_get_active(sw) ? "true" : "false");
}

static void dropdown_cb(GtkDropDown *dd, GParamSpec *pspec, Row *row)
{
  guint i = gtk_drop_down_get_selected(dd);
  if (i != GTK_INVALID_LIST_POSITION) apply_text(row->form, row, row->spec->choices[i].id);
}

static void scale_cb(GtkAdjustment *adj, Row *row)
{
  GsParamForm *self = row->form;
  if (self->updating) return;
  double v = gtk_adjustment_get_value(adj);
  if (row->spec->log_scale) v = pow(10, v);
  v = CLAMP(v, row->spec->min, row->spec->max);
  /* the spin button follows the slider, and its "changed" applies the value */
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(row->editor), v);
}

static void path_chosen_cb(GtkNativeDialog *dialog, int response, Row *row)
{
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    g_autofree char *path = file ? g_file_get_path(file) : NULL;
    if (path) gtk_editable_set_text(GTK_EDITABLE(row->editor), path);
  }
  g_object_unref(dialog);
}

static void browse_cb(GtkButton *button, Row *row)
{
  GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(row->form));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new(
      _(row->spec->label), GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL,
      GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  if (row->spec->patterns) {
    GtkFileFilter *filter = gtk_file_filter_new();
    g_auto(GStrv) patterns = g_strsplit(row->spec->patterns, ";", -1);
    for (int i = 0; patterns[i]; i++) gtk_file_filter_add_pattern(filter, patterns[i]);
    gtk_file_filter_set_name(filter, row->spec->patterns);
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(dialog), filter);
    g_object_unref(filter);
  }
  g_signal_connect(dialog, "response", G_CALLBACK(path_chosen_cb), row);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static int spin_digits(const GsParamSpec *spec)
{
  if (spec->digits > 0) return spec->digits;
  if (spec->log_scale) return MIN(10, (int) ceil(-log10(spec->min)) + 2);
  double span = spec->max - spec->min;
  return span >= 100 ? 1 : span >= 1 ? 3 : 4;
}

static GtkWidget *make_editor(Row *row, GtkWidget **extra)
{
  const GsParamSpec *s = row->spec;
  *extra = NULL;
  switch (s->type) {
  case GS_PARAM_BOOL: {
    GtkWidget *sw = gtk_switch_new();
    gtk_widget_set_halign(sw, GTK_ALIGN_START);
    g_signal_connect(sw, "notify::active", G_CALLBACK(switch_cb), row);
    return sw;
  }
  case GS_PARAM_INT:
  case GS_PARAM_DOUBLE: {
    gboolean is_int = s->type == GS_PARAM_INT;
    double step = is_int ? 1 : s->log_scale ? s->min : (s->max - s->min) / 100;
    GtkWidget *spin = gtk_spin_button_new_with_range(s->min, s->max, step);
    gtk_spin_button_set_digits(GTK_SPIN_BUTTON(spin), is_int ? 0 : spin_digits(s));
    gtk_spin_button_set_numeric(GTK_SPIN_BUTTON(spin), FALSE);
    gtk_spin_button_set_update_policy(GTK_SPIN_BUTTON(spin), GTK_UPDATE_IF_VALID);
    gtk_editable_set_width_chars(GTK_EDITABLE(spin), 9);
    g_signal_connect(spin, "changed", G_CALLBACK(entry_changed_cb), row);
    if (!is_int && isfinite(s->max - s->min)) {
      double lo = s->log_scale ? log10(s->min) : s->min, hi = s->log_scale ? log10(s->max) : s->max;
      row->scale_adj = gtk_adjustment_new(lo, lo, hi, (hi - lo) / 100, (hi - lo) / 10, 0);
      GtkWidget *scale = gtk_scale_new(GTK_ORIENTATION_HORIZONTAL, row->scale_adj);
      gtk_scale_set_draw_value(GTK_SCALE(scale), FALSE);
      gtk_widget_set_hexpand(scale, TRUE);
      gtk_widget_set_size_request(scale, 100, -1);
      g_signal_connect(row->scale_adj, "value-changed", G_CALLBACK(scale_cb), row);
      *extra = scale;
    }
    return spin;
  }
  case GS_PARAM_CHOICE: {
    GtkStringList *labels = gtk_string_list_new(NULL);
    for (int i = 0; s->choices[i].id; i++) gtk_string_list_append(labels, _(s->choices[i].label));
    GtkWidget *dd = gtk_drop_down_new(G_LIST_MODEL(labels), NULL);
    g_signal_connect(dd, "notify::selected", G_CALLBACK(dropdown_cb), row);
    return dd;
  }
  case GS_PARAM_PATH: {
    GtkWidget *entry = gtk_entry_new();
    gtk_widget_set_hexpand(entry, TRUE);
    g_signal_connect(entry, "changed", G_CALLBACK(entry_changed_cb), row);
    GtkWidget *button = gtk_button_new_from_icon_name("document-open-symbolic");
    gtk_widget_set_tooltip_text(button, _("Choose a file"));
    g_signal_connect(button, "clicked", G_CALLBACK(browse_cb), row);
    *extra = button;
    return entry;
  }
  default: {
    GtkWidget *entry = gtk_entry_new();
    gtk_widget_set_hexpand(entry, TRUE);
    if (s->type == GS_PARAM_INT_LIST)
      gtk_entry_set_placeholder_text(GTK_ENTRY(entry), _("e.g. 64,64 (empty: none)"));
    g_signal_connect(entry, "changed", G_CALLBACK(entry_changed_cb), row);
    return entry;
  }
  }
}

/* Put a row's value into its widget without treating it as an edit. */
static void show_row(GsParamForm *self, Row *row)
{
  const GsParamSpec *s = row->spec;
  self->updating = TRUE;
  switch (s->type) {
  case GS_PARAM_BOOL:
    gtk_switch_set_active(GTK_SWITCH(row->editor), gs_param_values_get_bool(self->values, s->name));
    break;
  case GS_PARAM_INT:
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(row->editor),
                              (double) gs_param_values_get_int(self->values, s->name));
    break;
  case GS_PARAM_DOUBLE: {
    double v = gs_param_values_get_double(self->values, s->name);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(row->editor), v);
    if (row->scale_adj) gtk_adjustment_set_value(row->scale_adj, s->log_scale ? log10(v) : v);
    break;
  }
  case GS_PARAM_CHOICE:
    gtk_drop_down_set_selected(
        GTK_DROP_DOWN(row->editor),
        gs_param_spec_choice_index(s, gs_param_values_get_string(self->values, s->name)));
    break;
  default: {
    g_autofree char *text = gs_param_values_format(self->values, s->name);
    gtk_editable_set_text(GTK_EDITABLE(row->editor), text);
    break;
  }
  }
  self->updating = FALSE;
}

static void show_values(GsParamForm *self)
{
  for (guint i = 0; i < self->rows->len; i++) {
    Row *row = &g_array_index(self->rows, Row, i);
    show_row(self, row);
    row->pending = FALSE;
    show_message(row, NULL, FALSE);
  }
  update_relevance(self);
}

/* A double's spin button also moves its slider. */
static void spin_moves_scale_cb(GtkSpinButton *spin, Row *row)
{
  if (!row->scale_adj) return;
  double v = gs_param_values_get_double(row->form->values, row->spec->name);
  gboolean was = row->form->updating;
  row->form->updating = TRUE;
  gtk_adjustment_set_value(row->scale_adj, row->spec->log_scale ? log10(v) : v);
  row->form->updating = was;
}

static void gs_param_form_finalize(GObject *object)
{
  GsParamForm *self = GS_PARAM_FORM(object);
  gs_param_values_free(self->values);
  g_array_unref(self->rows);
  G_OBJECT_CLASS(gs_param_form_parent_class)->finalize(object);
}

static void gs_param_form_class_init(GsParamFormClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = gs_param_form_finalize;
  /* A value changed: (name, whether it may change while running). */
  signals[SIGNAL_CHANGED] =
      g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void gs_param_form_init(GsParamForm *self)
{
  self->rows = g_array_new(FALSE, TRUE, sizeof(Row));
  gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing(GTK_BOX(self), 12);
  gtk_widget_add_css_class(GTK_WIDGET(self), "param-form");
}

GsParamForm *gs_param_form_new(const GsParamSpec *schema)
{
  GsParamForm *self = g_object_new(GS_TYPE_PARAM_FORM, NULL);
  self->schema = schema;
  self->values = gs_param_values_new(schema);
  guint n = gs_schema_length(schema);
  g_array_set_size(self->rows, n); /* rows never move after this: callbacks hold pointers */
  /* groups in order of first appearance */
  g_autoptr(GPtrArray) groups = g_ptr_array_new();
  for (guint i = 0; i < n; i++)
    if (!g_ptr_array_find_with_equal_func(groups, schema[i].group, g_str_equal, NULL))
      g_ptr_array_add(groups, (gpointer) schema[i].group);
  for (guint g = 0; g < groups->len; g++) {
    GtkWidget *heading = gtk_label_new(_(groups->pdata[g]));
    gtk_widget_add_css_class(heading, "heading");
    gtk_label_set_xalign(GTK_LABEL(heading), 0);
    gtk_box_append(GTK_BOX(self), heading);
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 8);
    gtk_box_append(GTK_BOX(self), grid);
    int line = 0;
    for (guint i = 0; i < n; i++) {
      if (strcmp(schema[i].group, groups->pdata[g]) != 0) continue;
      Row *row = &g_array_index(self->rows, Row, i);
      row->form = self;
      row->spec = &schema[i];
      row->label = gtk_label_new(_(schema[i].label));
      gtk_label_set_xalign(GTK_LABEL(row->label), 0);
      GtkWidget *extra;
      row->editor = make_editor(row, &extra);
      if (schema[i].type == GS_PARAM_DOUBLE)
        g_signal_connect(row->editor, "value-changed", G_CALLBACK(spin_moves_scale_cb), row);
      g_autofree char *allowed = gs_param_spec_describe_allowed(&schema[i]);
      g_autofree char *tooltip =
          g_strdup_printf("%s%s%s: %s%s", schema[i].help ? _(schema[i].help) : "",
                          schema[i].help ? "\n" : "", _("Allowed"), allowed,
                          schema[i].live ? _("\nChanges while running") : _("\nApplies on reset"));
      gtk_widget_set_tooltip_text(row->label, tooltip);
      gtk_widget_set_tooltip_text(row->editor, tooltip);
      GtkWidget *unit = gtk_label_new(schema[i].unit ? _(schema[i].unit) : "");
      gtk_label_set_xalign(GTK_LABEL(unit), 0);
      gtk_widget_add_css_class(unit, "dim-label");
      row->message = gtk_label_new(NULL);
      gtk_label_set_xalign(GTK_LABEL(row->message), 0);
      gtk_label_set_wrap(GTK_LABEL(row->message), TRUE);
      gtk_label_set_max_width_chars(GTK_LABEL(row->message), 40);
      gtk_widget_add_css_class(row->message, "caption");
      gtk_widget_set_visible(row->message, FALSE);
      GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
      /* the slider first and wide, the exact number beside it */
      if (extra && schema[i].type == GS_PARAM_DOUBLE) gtk_box_append(GTK_BOX(box), extra);
      gtk_box_append(GTK_BOX(box), row->editor);
      if (extra && schema[i].type != GS_PARAM_DOUBLE) gtk_box_append(GTK_BOX(box), extra);
      gtk_box_append(GTK_BOX(box), unit);
      gtk_grid_attach(GTK_GRID(grid), row->label, 0, line, 1, 1);
      gtk_grid_attach(GTK_GRID(grid), box, 1, line, 1, 1);
      gtk_grid_attach(GTK_GRID(grid), row->message, 1, line + 1, 1, 1);
      gtk_widget_set_hexpand(box, TRUE);
      row->row_widgets[0] = row->label;
      row->row_widgets[1] = box;
      line += 2;
    }
  }
  show_values(self);
  return self;
}

void gs_param_form_set_values(GsParamForm *self, const GsParamValues *values)
{
  g_return_if_fail(gs_param_values_get_schema(values) == self->schema);
  gs_param_values_free(self->values);
  self->values = gs_param_values_copy(values);
  show_values(self);
}

void gs_param_form_refuse(GsParamForm *self, const char *name, const GsParamValues *in_use,
                          const char *why)
{
  Row *row = find_row(self, name);
  g_return_if_fail(row != NULL);
  g_autofree char *text = gs_param_values_format(in_use, name);
  if (!gs_param_values_parse(self->values, name, text, NULL)) return; /* same schema: cannot */
  show_row(self, row);
  update_relevance(self);
  show_message(row, why, TRUE);
}

const GsParamValues *gs_param_form_get_values(GsParamForm *self)
{
  return self->values;
}

void gs_param_form_set_running(GsParamForm *self, gboolean running)
{
  self->running = running;
  if (running) return;
  for (guint i = 0; i < self->rows->len; i++) {
    Row *row = &g_array_index(self->rows, Row, i);
    if (row->pending) {
      row->pending = FALSE;
      show_message(row, NULL, FALSE);
    }
  }
}

gboolean gs_param_form_has_pending(GsParamForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index(self->rows, Row, i).pending) return TRUE;
  return FALSE;
}

GtkWidget *gs_param_form_get_editor(GsParamForm *self, const char *name)
{
  Row *row = find_row(self, name);
  return row ? row->editor : NULL;
}

const char *gs_param_form_get_message(GsParamForm *self, const char *name)
{
  Row *row = find_row(self, name);
  return row ? gtk_label_get_text(GTK_LABEL(row->message)) : NULL;
}
