/* gs-draw-bar.h — draw-your-own data: a Draw toggle, Undo and Clear, and the strokes drawn.
 *
 * For kinds whose schema has a `drawn_points` text parameter and a `dataset` choice "drawn"
 * (the landscape kind): the experiment page shows the bar, turns the figure view's pen mode on
 * while Draw is active and feeds its "pen" signal to gs_draw_bar_pen(). The brush adds points
 * in a disc of 6 pixels about the pointer, spaced along the stroke so the density does not
 * depend on how fast the pointer moves.
 *
 *     GsDrawBar *bar = gs_draw_bar_new();
 *     gs_draw_bar_set_text(bar, gs_param_values_get_string(values, "drawn_points"));
 *     g_signal_connect(view, "pen", G_CALLBACK(pen_cb), bar);        // → gs_draw_bar_pen()
 *     g_signal_connect(bar, "drawing-changed", G_CALLBACK(cb), page); // (gboolean finished)
 *     g_autofree char *text = gs_draw_bar_dup_text(bar);              // for drawn_points
 *
 * "drawing-changed" (finished): FALSE while a stroke grows, TRUE when one ended, was undone or
 * everything was cleared — then the page makes the drawing the data.
 */
#ifndef GS_DRAW_BAR_H
#define GS_DRAW_BAR_H

#include <gtk/gtk.h>

#include "gs-figure-view.h"

G_BEGIN_DECLS

#define GS_TYPE_DRAW_BAR (gs_draw_bar_get_type())
G_DECLARE_FINAL_TYPE(GsDrawBar, gs_draw_bar, GS, DRAW_BAR, GtkBox)

/* The most points a drawing holds; the brush stops adding beyond it. */
#define GS_DRAW_BAR_MAX_POINTS 4096

GsDrawBar *gs_draw_bar_new(void);
/* Draw mode (the toggle). */
gboolean gs_draw_bar_get_active(GsDrawBar *self);
void gs_draw_bar_set_active(GsDrawBar *self, gboolean active);
/* The strokes from / as the drawn_points text (gs_toy2d_parse_strokes' format); text that does
 * not parse leaves the bar empty. set_text emits nothing. */
void gs_draw_bar_set_text(GsDrawBar *self, const char *text);
char *gs_draw_bar_dup_text(GsDrawBar *self);
/* Every point drawn, (n, 2), the stroke in progress included. */
const float *gs_draw_bar_get_points(GsDrawBar *self, gsize *n_points);
guint gs_draw_bar_get_n_strokes(GsDrawBar *self);
/* A pen event in data coordinates; unit is the data length of one pixel. */
void gs_draw_bar_pen(GsDrawBar *self, GsPenPhase phase, double x, double y, double unit);
void gs_draw_bar_undo(GsDrawBar *self);
void gs_draw_bar_clear(GsDrawBar *self);

G_END_DECLS

#endif /* GS_DRAW_BAR_H */
