/* gs-figure-export-dialog.h — the export dialog of a figure view: format, size preset, theme,
 * DPI and file (through GtkFileChooserNative), run on a worker thread.
 *
 * Made by gs_figure_view_open_export_dialog(); the setters below do what the controls do, for
 * scripting and tests. "finished" (gboolean ok, const char *path_or_error) is emitted when an
 * export ends; on success the dialog closes itself.
 */
#ifndef GS_FIGURE_EXPORT_DIALOG_H
#define GS_FIGURE_EXPORT_DIALOG_H

#include "gs-figure-export.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GS_TYPE_FIGURE_EXPORT_DIALOG (gs_figure_export_dialog_get_type())
G_DECLARE_FINAL_TYPE(GsFigureExportDialog, gs_figure_export_dialog, GS, FIGURE_EXPORT_DIALOG,
                     GtkWindow)

/* views: the zoom and rotation shown (copied; may be NULL); provenance: key, value, … pairs. */
GtkWidget *gs_figure_export_dialog_new(GtkWindow *parent, GsFigure *figure,
                                       const GsPanelView *views, int n_views,
                                       const char *const *provenance, const char *name,
                                       GsTheme theme);

void gs_figure_export_dialog_set_format(GsFigureExportDialog *self, GsExportFormat format);
void gs_figure_export_dialog_set_preset(GsFigureExportDialog *self, GsSizePreset preset);
void gs_figure_export_dialog_set_theme(GsFigureExportDialog *self, GsTheme theme);
void gs_figure_export_dialog_set_dpi(GsFigureExportDialog *self, double dpi);
void gs_figure_export_dialog_set_file(GsFigureExportDialog *self, GFile *file);
GFile *gs_figure_export_dialog_get_file(GsFigureExportDialog *self);
/* The options as the controls stand (pointers inside stay valid while the dialog lives). */
void gs_figure_export_dialog_get_options(GsFigureExportDialog *self, GsExportOptions *opts);
/* Starts the export, as the Export button does. */
void gs_figure_export_dialog_export(GsFigureExportDialog *self);

G_END_DECLS

#endif
