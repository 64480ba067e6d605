/* gs-draw-bar.c — draw-your-own data (see the header). */
#include "gs-draw-bar.h"

#include <glib/gi18n.h>
#include <math.h>

#include "datasets/gs-toy2d.h"
#include "gs-rng.h"

#define BRUSH_RADIUS_PX 6.0
#define POINTS_PER_DAB  2

struct _GsDrawBar {
  GtkBox parent_instance;
  GArray *xy;   /* float x, y, … of every stroke, the one in progress last */
  GArray *ends; /* guint: one past each finished stroke's last point */
  gboolean stroking;
  double last_x, last_y; /* where the brush last dabbed */
  gs_rng rng;            /* the brush's scatter (the points themselves are what is saved) */
  GtkToggleButton *toggle;
  GtkWidget *undo, *clear;
  GtkLabel *hint;
};

G_DEFINE_FINAL_TYPE(GsDrawBar, gs_draw_bar, GTK_TYPE_BOX)

enum { SIGNAL_DRAWING_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update_controls(GsDrawBar *self)
{
  guint n = self->xy->len / 2;
  gtk_widget_set_sensitive(self->undo, self->ends->len > 0 && !self->stroking);
  gtk_widget_set_sensitive(self->clear, n > 0 && !self->stroking);
  gboolean active = gtk_toggle_button_get_active(self->toggle);
  gtk_widget_set_visible(GTK_WIDGET(self->hint), active);
  g_autofree char *text =
      n == 0 ? g_strdup(_("Drag on the plane to draw the data"))
      : n >= GS_DRAW_BAR_MAX_POINTS
          ? g_strdup_printf(_("%u points (the most a drawing holds)"), n)
          : g_strdup_printf(ngettext("%u point drawn; each stroke restarts the run",
                                     "%u points drawn; each stroke restarts the run", n),
                            n);
  gtk_label_set_text(self->hint, text);
}

static void changed(GsDrawBar *self, gboolean finished)
{
  update_controls(self);
  g_signal_emit(self, signals[SIGNAL_DRAWING_CHANGED], 0, finished);
}

/* POINTS_PER_DAB points uniform in the brush's disc about (x, y). */
static void dab(GsDrawBar *self, double x, double y, double radius)
{
  for (int k = 0; k < POINTS_PER_DAB && self->xy->len / 2 < GS_DRAW_BAR_MAX_POINTS; k++) {
    double r = radius * sqrt(gs_rng_uniform(&self->rng));
    double a = 2 * G_PI * gs_rng_uniform(&self->rng);
    float p[2] = {(float) (x + r * cos(a)), (float) (y + r * sin(a))};
    g_array_append_vals(self->xy, p, 2);
  }
  self->last_x = x;
  self->last_y = y;
}

void gs_draw_bar_pen(GsDrawBar *self, GsPenPhase phase, double x, double y, double unit)
{
  g_return_if_fail(GS_IS_DRAW_BAR(self));
  if (!gtk_toggle_button_get_active(self->toggle) || !isfinite(x) || !isfinite(y) || !(unit > 0) ||
      !isfinite(unit))
    return;
  double radius = BRUSH_RADIUS_PX * unit;
  if (phase == GS_PEN_DOWN) {
    self->stroking = TRUE;
    dab(self, x, y, radius);
    changed(self, FALSE);
    return;
  }
  if (!self->stroking) return;
  /* dabs every half radius along the segment from the last one */
  double dx = x - self->last_x, dy = y - self->last_y, len = hypot(dx, dy);
  int steps = (int) floor(len / (radius / 2));
  double x0 = self->last_x, y0 = self->last_y;
  for (int i = 1; i <= steps && i <= 10000; i++)
    dab(self, x0 + dx * i / steps, y0 + dy * i / steps, radius);
  if (phase == GS_PEN_MOVE) {
    if (steps) changed(self, FALSE);
    return;
  }
  self->stroking = FALSE;
  guint end = self->xy->len / 2;
  if (end > (self->ends->len ? g_array_index(self->ends, guint, self->ends->len - 1) : 0))
    g_array_append_val(self->ends, end);
  changed(self, TRUE);
}

void gs_draw_bar_undo(GsDrawBar *self)
{
  g_return_if_fail(GS_IS_DRAW_BAR(self));
  if (!self->ends->len || self->stroking) return;
  g_array_set_size(self->ends, self->ends->len - 1);
  guint keep = self->ends->len ? g_array_index(self->ends, guint, self->ends->len - 1) : 0;
  g_array_set_size(self->xy, 2 * keep);
  changed(self, TRUE);
}

void gs_draw_bar_clear(GsDrawBar *self)
{
  g_return_if_fail(GS_IS_DRAW_BAR(self));
  if (self->stroking) return;
  g_array_set_size(self->ends, 0);
  g_array_set_size(self->xy, 0);
  changed(self, TRUE);
}

void gs_draw_bar_set_text(GsDrawBar *self, const char *text)
{
  g_return_if_fail(GS_IS_DRAW_BAR(self));
  gsize n = 0;
  guint *ends = NULL, n_strokes = 0;
  g_autofree float *xy = gs_toy2d_parse_strokes(text ? text : "", &n, &ends, &n_strokes, NULL);
  g_array_set_size(self->xy, 0);
  g_array_set_size(self->ends, 0);
  self->stroking = FALSE;
  if (xy) {
    g_array_append_vals(self->xy, xy, 2 * n);
    g_array_append_vals(self->ends, ends, n_strokes);
  }
  g_free(ends);
  update_controls(self);
}

char *gs_draw_bar_dup_text(GsDrawBar *self)
{
  g_return_val_if_fail(GS_IS_DRAW_BAR(self), NULL);
  return gs_toy2d_format_strokes((const float *) self->xy->data, (const guint *) self->ends->data,
                                 self->ends->len);
}

const float *gs_draw_bar_get_points(GsDrawBar *self, gsize *n_points)
{
  *n_points = self->xy->len / 2;
  return (const float *) self->xy->data;
}

guint gs_draw_bar_get_n_strokes(GsDrawBar *self)
{
  return self->ends->len;
}

gboolean gs_draw_bar_get_active(GsDrawBar *self)
{
  return gtk_toggle_button_get_active(self->toggle);
}

void gs_draw_bar_set_active(GsDrawBar *self, gboolean active)
{
  gtk_toggle_button_set_active(self->toggle, active);
}

static void toggled_cb(GtkToggleButton *toggle, GsDrawBar *self)
{
  if (!gtk_toggle_button_get_active(toggle) && self->stroking) {
    /* a stroke cut off by leaving Draw is dropped: what is kept is what the data will be */
    self->stroking = FALSE;
    guint keep = self->ends->len ? g_array_index(self->ends, guint, self->ends->len - 1) : 0;
    g_array_set_size(self->xy, 2 * keep);
    changed(self, FALSE);
  }
  update_controls(self);
  g_object_notify(G_OBJECT(self), "active");
}

static void undo_cb(GtkButton *button, GsDrawBar *self)
{
  gs_draw_bar_undo(self);
}

static void clear_cb(GtkButton *button, GsDrawBar *self)
{
  gs_draw_bar_clear(self);
}

static void gs_draw_bar_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  if (id == 1)
    g_value_set_boolean(value, gs_draw_bar_get_active(GS_DRAW_BAR(object)));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void gs_draw_bar_set_property(GObject *object, guint id, const GValue *value,
                                     GParamSpec *pspec)
{
  if (id == 1)
    gs_draw_bar_set_active(GS_DRAW_BAR(object), g_value_get_boolean(value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void gs_draw_bar_finalize(GObject *object)
{
  GsDrawBar *self = GS_DRAW_BAR(object);
  g_array_free(self->xy, TRUE);
  g_array_free(self->ends, TRUE);
  G_OBJECT_CLASS(gs_draw_bar_parent_class)->finalize(object);
}

static void gs_draw_bar_class_init(GsDrawBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->finalize = gs_draw_bar_finalize;
  object_class->get_property = gs_draw_bar_get_property;
  object_class->set_property = gs_draw_bar_set_property;
  g_object_class_install_property(
      object_class, 1,
      g_param_spec_boolean("active", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  signals[SIGNAL_DRAWING_CHANGED] =
      g_signal_new("drawing-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void gs_draw_bar_init(GsDrawBar *self)
{
  gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing(GTK_BOX(self), 6);
  self->xy = g_array_new(FALSE, FALSE, sizeof(float));
  self->ends = g_array_new(FALSE, FALSE, sizeof(guint));
  self->rng = gs_rng_new(1);
  self->hint = GTK_LABEL(gtk_label_new(NULL));
  gtk_widget_add_css_class(GTK_WIDGET(self->hint), "dim-label");
  gtk_label_set_ellipsize(self->hint, PANGO_ELLIPSIZE_END);
  self->toggle = GTK_TOGGLE_BUTTON(gtk_toggle_button_new_with_mnemonic(_("_Draw")));
  gtk_widget_set_tooltip_text(
      GTK_WIDGET(self->toggle),
      _("Draw the real data: press and drag on the plane. Each stroke restarts the run with the "
        "drawn points as the data"));
  g_signal_connect(self->toggle, "toggled", G_CALLBACK(toggled_cb), self);
  self->undo = gtk_button_new_from_icon_name("edit-undo-symbolic");
  gtk_widget_set_tooltip_text(self->undo, _("Undo the last stroke"));
  g_signal_connect(self->undo, "clicked", G_CALLBACK(undo_cb), self);
  self->clear = gtk_button_new_from_icon_name("edit-clear-all-symbolic");
  gtk_widget_set_tooltip_text(self->clear, _("Remove every drawn point"));
  g_signal_connect(self->clear, "clicked", G_CALLBACK(clear_cb), self);
  gtk_box_append(GTK_BOX(self), GTK_WIDGET(self->hint));
  gtk_box_append(GTK_BOX(self), GTK_WIDGET(self->toggle));
  gtk_box_append(GTK_BOX(self), self->undo);
  gtk_box_append(GTK_BOX(self), self->clear);
  update_controls(self);
}

GsDrawBar *gs_draw_bar_new(void)
{
  return g_object_new(GS_TYPE_DRAW_BAR, NULL);
}
