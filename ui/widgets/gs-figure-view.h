/* gs-figure-view.h — a GTK 4 widget that shows a figure and keeps up with a live experiment.
 *
 *     GtkWidget *view = gs_figure_view_new();
 *     gs_figure_view_set_export_name(GS_FIGURE_VIEW(view), "landscape");
 *     gs_figure_view_set_provenance(GS_FIGURE_VIEW(view), (const char *[]){
 *         "experiment", "discriminator-landscape", "seed", "7", "run_id", "42", NULL});
 *     ...
 *     // whenever a snapshot arrives, at any rate:
 *     GsFigure *fig = landscape_view_build(snapshot);
 *     gs_figure_view_set_figure(GS_FIGURE_VIEW(view), fig);
 *     gs_figure_unref(fig);
 *
 * The widget never renders on the main thread: a GTask worker renders into an image, at most one
 * at a time, started from the frame clock, always with the newest figure and view state; frames
 * asked for in between are dropped, not queued. Until the next frame is ready the last one is
 * shown (stretched, after a resize).
 *
 * Pointer: the value under the cursor (data coordinates and the field value or nearest point) is
 * shown in a corner and in the "status" property; scroll zooms a 2-D panel about the pointer,
 * dragging pans it; dragging a 3-D panel turns it; a double click resets the panel. The export
 * button, the context menu (right click) and Ctrl+E open the export dialog.
 *
 * Pen mode (gs_figure_view_set_pen): the primary button draws instead of panning; the widget
 * emits "pen" (phase, x, y, unit) with the pointer in the data coordinates of the 2-D panel the
 * stroke began on (as shown: zoom and pan included) and unit, the data length of one pixel, so
 * a brush can keep its size on screen.
 */
#ifndef GS_FIGURE_VIEW_H
#define GS_FIGURE_VIEW_H

#include "gs-figure.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GS_TYPE_FIGURE_VIEW (gs_figure_view_get_type())
G_DECLARE_FINAL_TYPE(GsFigureView, gs_figure_view, GS, FIGURE_VIEW, GtkWidget)

GtkWidget *gs_figure_view_new(void);

/* Shows figure (a reference is taken; the figure is sealed). NULL clears. Cheap: call it for
 * every snapshot. Zoom and rotation stay as long as the panels stay. */
void gs_figure_view_set_figure(GsFigureView *self, GsFigure *figure);
GsFigure *gs_figure_view_get_figure(GsFigureView *self);

void gs_figure_view_set_theme(GsFigureView *self, GsTheme theme);
GsTheme gs_figure_view_get_theme(GsFigureView *self);
/* Text size on screen, in points (default 10). */
void gs_figure_view_set_font_size(GsFigureView *self, double points);
/* What exports record: NULL-terminated key, value, … pairs (copied). */
void gs_figure_view_set_provenance(GsFigureView *self, const char *const *pairs);
const char *const *gs_figure_view_get_provenance(GsFigureView *self);
/* File name suggested by the export dialog, without extension. */
void gs_figure_view_set_export_name(GsFigureView *self, const char *name);
const char *gs_figure_view_get_export_name(GsFigureView *self);

/* The description of what is under the pointer, or NULL. */
const char *gs_figure_view_get_status(GsFigureView *self);
/* Zoom, pan and rotation of every panel back to the figure's own. */
void gs_figure_view_reset_view(GsFigureView *self);
/* The views of the panels as shown (for export); n_views receives their count. */
const GsPanelView *gs_figure_view_get_panel_views(GsFigureView *self, int *n_views);
/* Number of frames rendered and shown so far, and the figure of the last one. */
guint gs_figure_view_get_frames(GsFigureView *self);
GsFigure *gs_figure_view_get_shown_figure(GsFigureView *self);

/* What the pointer does, in widget coordinates, for keyboard handlers and tests. */
void gs_figure_view_hover(GsFigureView *self, double x, double y);
void gs_figure_view_zoom_at(GsFigureView *self, double x, double y, double factor);
void gs_figure_view_drag(GsFigureView *self, double x, double y, double dx, double dy);
void gs_figure_view_reset_panel_at(GsFigureView *self, double x, double y);

/* Pen mode: see above. Off by default; on, the cursor is a crosshair. */
typedef enum { GS_PEN_DOWN, GS_PEN_MOVE, GS_PEN_UP } GsPenPhase;
void gs_figure_view_set_pen(GsFigureView *self, gboolean pen);
gboolean gs_figure_view_get_pen(GsFigureView *self);
/* What the primary button does in pen mode, in widget coordinates (also for tests): emits "pen".
 * A stroke begins with DOWN over a 2-D panel (FALSE, and the stroke is ignored, elsewhere or
 * when pen mode is off); MOVE and UP outside the panel still report its data coordinates. */
gboolean gs_figure_view_pen(GsFigureView *self, GsPenPhase phase, double x, double y);

/* Opens the export dialog for the figure as shown; returns it. */
GtkWidget *gs_figure_view_open_export_dialog(GsFigureView *self);

G_END_DECLS

#endif
