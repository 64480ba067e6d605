/* gs-figure-export-dialog.c — format, size, theme, DPI and file for an export, then a worker. */
#include "gs-figure-export-dialog.h"

#include "gs-config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _GsFigureExportDialog {
  GtkWindow parent_instance;

  GsFigure *figure;
  GsPanelView *views;
  int n_views;
  char **provenance;
  char *name;
  GFile *file;
  gboolean busy;

  GtkWidget *format, *preset, *width, *height, *font, *theme, *dpi;
  GtkWidget *keep_view, *write_data, *file_button, *error_label, *export_button;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE(GsFigureExportDialog, gs_figure_export_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GsExportFormat current_format(GsFigureExportDialog *self)
{
  return (GsExportFormat) gtk_drop_down_get_selected(GTK_DROP_DOWN(self->format));
}

/* The file's path with the extension of the chosen format. */
static GFile *with_extension(GFile *file, GsExportFormat format)
{
  char *path = g_file_get_path(file);
  GsExportFormat has;
  char *fixed;
  if (gs_export_format_from_name(path, &has) && strrchr(path, '.') > strrchr(path, '/')) {
    fixed = gs_export_sibling_path(path, gs_export_format_get_extension(format));
  } else {
    fixed = g_strdup_printf("%s.%s", path, gs_export_format_get_extension(format));
  }
  GFile *out = g_file_new_for_path(fixed);
  g_free(fixed);
  g_free(path);
  return out;
}

static void show_file(GsFigureExportDialog *self)
{
  char *base = g_file_get_basename(self->file);
  gtk_button_set_label(GTK_BUTTON(self->file_button), base);
  char *path = g_file_get_path(self->file);
  gtk_widget_set_tooltip_text(self->file_button, path);
  g_free(path);
  g_free(base);
}

void gs_figure_export_dialog_set_file(GsFigureExportDialog *self, GFile *file)
{
  g_return_if_fail(GS_IS_FIGURE_EXPORT_DIALOG(self) && G_IS_FILE(file));
  g_clear_object(&self->file);
  self->file = with_extension(file, current_format(self));
  show_file(self);
}

GFile *gs_figure_export_dialog_get_file(GsFigureExportDialog *self)
{
  return self->file;
}

static void on_format_changed(GObject *dropdown, GParamSpec *pspec, GsFigureExportDialog *self)
{
  GsExportFormat f = current_format(self);
  gtk_widget_set_sensitive(self->dpi, f == GS_EXPORT_PNG);
  if (self->file) {
    GFile *renamed = with_extension(self->file, f);
    g_object_unref(self->file);
    self->file = renamed;
    show_file(self);
  }
}

static void on_preset_changed(GObject *dropdown, GParamSpec *pspec, GsFigureExportDialog *self)
{
  double w, h, font;
  gs_size_preset_get((GsSizePreset) gtk_drop_down_get_selected(GTK_DROP_DOWN(self->preset)), &w, &h,
                     &font);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(self->width), w / 72);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(self->height), h / 72);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(self->font), font);
}

void gs_figure_export_dialog_set_format(GsFigureExportDialog *self, GsExportFormat format)
{
  g_return_if_fail(format < GS_EXPORT_N);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->format), format);
}

void gs_figure_export_dialog_set_preset(GsFigureExportDialog *self, GsSizePreset preset)
{
  g_return_if_fail(preset < GS_SIZE_N);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->preset), preset);
  on_preset_changed(NULL, NULL, self); /* also when it was selected already */
}

void gs_figure_export_dialog_set_theme(GsFigureExportDialog *self, GsTheme theme)
{
  g_return_if_fail(theme < GS_THEME_N);
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->theme), theme);
}

void gs_figure_export_dialog_set_dpi(GsFigureExportDialog *self, double dpi)
{
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(self->dpi), dpi);
}

void gs_figure_export_dialog_get_options(GsFigureExportDialog *self, GsExportOptions *o)
{
  gs_export_options_init(o, GS_SIZE_PAPER_SINGLE, current_format(self));
  o->width_in = gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->width));
  o->height_in = gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->height));
  o->font_pt = gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->font));
  o->dpi = gtk_spin_button_get_value(GTK_SPIN_BUTTON(self->dpi));
  o->theme = (GsTheme) gtk_drop_down_get_selected(GTK_DROP_DOWN(self->theme));
  o->provenance = (const char *const *) self->provenance;
  o->write_data = o->write_sidecar =
      gtk_check_button_get_active(GTK_CHECK_BUTTON(self->write_data));
  if (gtk_check_button_get_active(GTK_CHECK_BUTTON(self->keep_view))) {
    o->views = self->views;
    o->n_views = self->n_views;
  }
}

/* ---- the export, on a worker ---- */

typedef struct {
  GsFigure *figure;
  GsExportOptions opts;
  char **provenance;
  GsPanelView *views;
  char *path;
} ExportJob;

static void export_job_free(gpointer data)
{
  ExportJob *job = data;
  gs_figure_unref(job->figure);
  g_strfreev(job->provenance);
  g_free(job->views);
  g_free(job->path);
  g_free(job);
}

static void export_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;
  if (gs_figure_export(job->figure, job->path, &job->opts, &error))
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, error);
}

static void export_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  GsFigureExportDialog *self = GS_FIGURE_EXPORT_DIALOG(source);
  ExportJob *job = g_task_get_task_data(G_TASK(result));
  GError *error = NULL;
  self->busy = FALSE;
  gtk_widget_set_sensitive(self->export_button, TRUE);
  if (g_task_propagate_boolean(G_TASK(result), &error)) {
    g_signal_emit(self, signals[SIGNAL_FINISHED], 0, TRUE, job->path);
    gtk_window_destroy(GTK_WINDOW(self));
    return;
  }
  gtk_label_set_text(GTK_LABEL(self->error_label), error->message);
  gtk_widget_set_visible(self->error_label, TRUE);
  g_signal_emit(self, signals[SIGNAL_FINISHED], 0, FALSE, error->message);
  g_error_free(error);
}

void gs_figure_export_dialog_export(GsFigureExportDialog *self)
{
  g_return_if_fail(GS_IS_FIGURE_EXPORT_DIALOG(self));
  if (self->busy) return;
  ExportJob *job = g_new0(ExportJob, 1);
  job->figure = gs_figure_ref(self->figure);
  gs_figure_export_dialog_get_options(self, &job->opts);
  job->provenance = g_strdupv(self->provenance);
  job->opts.provenance = (const char *const *) job->provenance;
  if (job->opts.views) {
    job->views = g_memdup2(self->views, sizeof(GsPanelView) * MAX(self->n_views, 1));
    job->opts.views = job->views;
  }
  job->path = g_file_get_path(self->file);
  self->busy = TRUE;
  gtk_widget_set_sensitive(self->export_button, FALSE);
  gtk_widget_set_visible(self->error_label, FALSE);
  GTask *task = g_task_new(self, NULL, export_done, NULL);
  g_task_set_task_data(task, job, export_job_free);
  g_task_run_in_thread(task, export_thread);
  g_object_unref(task);
}

/* ---- file chooser ---- */

static void on_chooser_response(GtkNativeDialog *native, int response, GsFigureExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT) {
    GFile *file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(native));
    if (file) {
      gs_figure_export_dialog_set_file(self, file);
      g_object_unref(file);
    }
  }
  g_clear_object(&self->chooser);
}

static void on_choose_file(GtkButton *button, GsFigureExportDialog *self)
{
  if (self->chooser) return;
  self->chooser = gtk_file_chooser_native_new(
      _("Export Figure"), GTK_WINDOW(self), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  GtkFileChooser *chooser = GTK_FILE_CHOOSER(self->chooser);
  GFile *folder = g_file_get_parent(self->file);
  if (folder) {
    gtk_file_chooser_set_current_folder(chooser, folder, NULL);
    g_object_unref(folder);
  }
  char *base = g_file_get_basename(self->file);
  gtk_file_chooser_set_current_name(chooser, base);
  g_free(base);
  GtkFileFilter *filter = gtk_file_filter_new();
  const char *ext = gs_export_format_get_extension(current_format(self));
  char *pattern = g_strdup_printf("*.%s", ext);
  gtk_file_filter_add_pattern(filter, pattern);
  gtk_file_filter_set_name(filter, pattern);
  gtk_file_chooser_add_filter(chooser, filter);
  g_object_unref(filter);
  g_free(pattern);
  g_signal_connect(self->chooser, "response", G_CALLBACK(on_chooser_response), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(self->chooser));
}

/* ---- construction ---- */

static GtkWidget *spin(double lo, double hi, double step, int digits, double value)
{
  GtkWidget *s = gtk_spin_button_new_with_range(lo, hi, step);
  gtk_spin_button_set_digits(GTK_SPIN_BUTTON(s), digits);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(s), value);
  return s;
}

/* A row: the label (its mnemonic focuses `target`) and the control. */
static void add_row(GtkWidget *grid, int row, const char *text, GtkWidget *control,
                    GtkWidget *target)
{
  GtkWidget *l = gtk_label_new_with_mnemonic(text);
  gtk_widget_set_halign(l, GTK_ALIGN_END);
  gtk_widget_add_css_class(l, "dim-label");
  gtk_label_set_mnemonic_widget(GTK_LABEL(l), target);
  gtk_grid_attach(GTK_GRID(grid), l, 0, row, 1, 1);
  gtk_grid_attach(GTK_GRID(grid), control, 1, row, 3, 1);
}

static void gs_figure_export_dialog_dispose(GObject *object)
{
  GsFigureExportDialog *self = GS_FIGURE_EXPORT_DIALOG(object);
  if (self->chooser) {
    gtk_native_dialog_destroy(GTK_NATIVE_DIALOG(self->chooser));
    g_clear_object(&self->chooser);
  }
  G_OBJECT_CLASS(gs_figure_export_dialog_parent_class)->dispose(object);
}

static void gs_figure_export_dialog_finalize(GObject *object)
{
  GsFigureExportDialog *self = GS_FIGURE_EXPORT_DIALOG(object);
  g_clear_pointer(&self->figure, gs_figure_unref);
  g_free(self->views);
  g_strfreev(self->provenance);
  g_free(self->name);
  g_clear_object(&self->file);
  G_OBJECT_CLASS(gs_figure_export_dialog_parent_class)->finalize(object);
}

static void gs_figure_export_dialog_class_init(GsFigureExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->dispose = gs_figure_export_dialog_dispose;
  object_class->finalize = gs_figure_export_dialog_finalize;
  /* An export ended: success and the path, or failure and the message. */
  signals[SIGNAL_FINISHED] =
      g_signal_new("finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void on_cancel(GtkButton *button, GsFigureExportDialog *self)
{
  gtk_window_destroy(GTK_WINDOW(self));
}

static void on_export(GtkButton *button, GsFigureExportDialog *self)
{
  gs_figure_export_dialog_export(self);
}

static void gs_figure_export_dialog_init(GsFigureExportDialog *self)
{
  GtkWindow *window = GTK_WINDOW(self);
  gtk_window_set_title(window, _("Export Figure"));
  gtk_window_set_modal(window, TRUE);
  gtk_window_set_resizable(window, FALSE);
  gtk_window_set_destroy_with_parent(window, TRUE);

  GtkWidget *header = gtk_header_bar_new();
  gtk_header_bar_set_show_title_buttons(GTK_HEADER_BAR(header), FALSE);
  GtkWidget *cancel = gtk_button_new_with_mnemonic(_("_Cancel"));
  g_signal_connect(cancel, "clicked", G_CALLBACK(on_cancel), self);
  gtk_header_bar_pack_start(GTK_HEADER_BAR(header), cancel);
  self->export_button = gtk_button_new_with_mnemonic(_("_Export"));
  gtk_widget_add_css_class(self->export_button, "suggested-action");
  g_signal_connect(self->export_button, "clicked", G_CALLBACK(on_export), self);
  gtk_header_bar_pack_end(GTK_HEADER_BAR(header), self->export_button);
  gtk_window_set_titlebar(window, header);
  gtk_window_set_default_widget(window, self->export_button);

  GtkWidget *grid = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
  gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
  gtk_widget_set_margin_top(grid, 18);
  gtk_widget_set_margin_bottom(grid, 18);
  gtk_widget_set_margin_start(grid, 18);
  gtk_widget_set_margin_end(grid, 18);
  int row = 0;

  self->format = gtk_drop_down_new_from_strings(
      (const char *const[]){/* Translators: export formats */
                            _("PNG image"), _("SVG drawing"), _("PDF document"), NULL});
  gtk_drop_down_set_selected(GTK_DROP_DOWN(self->format), GS_EXPORT_PDF);
  add_row(grid, row++, _("_Format"), self->format, self->format);

  /* The order follows GsSizePreset. */
  self->preset = gtk_drop_down_new_from_strings(
      (const char *const[]){_("Slide 16:9 (13.33 × 7.5 in)"), _("Beamer 16:9 (160 × 90 mm)"),
                            _("Paper, one column (3.5 in wide)"),
                            _("Paper, two columns (7 in wide)"), _("Square (4 × 4 in)"), NULL});
  add_row(grid, row++, _("_Size"), self->preset, self->preset);

  self->width = spin(0.5, 100, 0.1, 2, 7);
  self->height = spin(0.5, 100, 0.1, 2, 3.5);
  self->font = spin(4, 96, 0.5, 1, 8);
  GtkWidget *dims = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append(GTK_BOX(dims), self->width);
  /* Translators: "7 × 3.5 in" between the width and height fields */
  gtk_box_append(GTK_BOX(dims), gtk_label_new(_("×")));
  gtk_box_append(GTK_BOX(dims), self->height);
  /* Translators: unit of the figure size, inches */
  gtk_box_append(GTK_BOX(dims), gtk_label_new(_("in")));
  add_row(grid, row++, _("_Width × height"), dims, self->width);
  GtkWidget *font_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append(GTK_BOX(font_box), self->font);
  /* Translators: unit of the text size, typographic points */
  gtk_box_append(GTK_BOX(font_box), gtk_label_new(_("pt")));
  add_row(grid, row++, _("_Text size"), font_box, self->font);

  self->theme = gtk_drop_down_new_from_strings(
      (const char *const[]){/* Translators: figure themes */
                            _("Light"), _("Dark"), _("Transparent background"), NULL});
  add_row(grid, row++, _("T_heme"), self->theme, self->theme);

  self->dpi = spin(36, 1200, 10, 0, 300);
  GtkWidget *dpi_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append(GTK_BOX(dpi_box), self->dpi);
  /* Translators: dots per inch */
  gtk_box_append(GTK_BOX(dpi_box), gtk_label_new(_("dpi")));
  add_row(grid, row++, _("_Resolution"), dpi_box, self->dpi);

  self->keep_view = gtk_check_button_new_with_mnemonic(_("_Keep the zoom and rotation shown"));
  gtk_check_button_set_active(GTK_CHECK_BUTTON(self->keep_view), TRUE);
  gtk_grid_attach(GTK_GRID(grid), self->keep_view, 1, row++, 3, 1);
  self->write_data =
      gtk_check_button_new_with_mnemonic(_("Save the _data (CSV) and provenance (JSON) beside it"));
  gtk_check_button_set_active(GTK_CHECK_BUTTON(self->write_data), TRUE);
  gtk_grid_attach(GTK_GRID(grid), self->write_data, 1, row++, 3, 1);

  self->file_button = gtk_button_new_with_label("");
  g_signal_connect(self->file_button, "clicked", G_CALLBACK(on_choose_file), self);
  add_row(grid, row++, _("F_ile"), self->file_button, self->file_button);

  self->error_label = gtk_label_new(NULL);
  gtk_label_set_wrap(GTK_LABEL(self->error_label), TRUE);
  gtk_label_set_max_width_chars(GTK_LABEL(self->error_label), 50);
  gtk_widget_add_css_class(self->error_label, "error");
  gtk_widget_set_visible(self->error_label, FALSE);
  gtk_grid_attach(GTK_GRID(grid), self->error_label, 0, row++, 4, 1);

  gtk_window_set_child(window, grid);
  g_signal_connect(self->format, "notify::selected", G_CALLBACK(on_format_changed), self);
  g_signal_connect(self->preset, "notify::selected", G_CALLBACK(on_preset_changed), self);
}

GtkWidget *gs_figure_export_dialog_new(GtkWindow *parent, GsFigure *figure,
                                       const GsPanelView *views, int n_views,
                                       const char *const *provenance, const char *name,
                                       GsTheme theme)
{
  g_return_val_if_fail(figure != NULL, NULL);
  GsFigureExportDialog *self = g_object_new(GS_TYPE_FIGURE_EXPORT_DIALOG, NULL);
  if (parent) gtk_window_set_transient_for(GTK_WINDOW(self), parent);
  gs_figure_seal(figure);
  self->figure = gs_figure_ref(figure);
  self->n_views = views ? n_views : 0;
  self->views = g_memdup2(views, sizeof(GsPanelView) * MAX(self->n_views, 1));
  self->provenance = g_strdupv((char **) provenance);
  self->name = g_strdup(name && *name ? name : "figure");
  gs_figure_export_dialog_set_preset(self, GS_SIZE_PAPER_DOUBLE);
  gs_figure_export_dialog_set_theme(self, theme);
  const char *dir = g_get_user_special_dir(G_USER_DIRECTORY_PICTURES);
  char *path = g_build_filename(dir ? dir : g_get_home_dir(), self->name, NULL);
  GFile *file = g_file_new_for_path(path);
  gs_figure_export_dialog_set_file(self, file);
  g_object_unref(file);
  g_free(path);
  on_format_changed(NULL, NULL, self);
  return GTK_WIDGET(self);
}
