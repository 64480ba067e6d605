/* gs-figure-view.c — shows a figure; renders off the main thread, newest figure first. */
#include "gs-figure-view.h"
#include "gs-figure-export-dialog.h"

#include "gs-config.h"

#include <glib/gi18n.h>
#include <math.h>

/* Logical pixels are 1/96 in: a figure's size in points is the widget's size times 72/96. */
#define PT_PER_PX (72.0 / 96.0)

struct _GsFigureView {
  GtkWidget parent_instance;

  GsFigure *figure; /* the newest */
  GsTheme theme;
  double font_size;
  char **provenance;
  char *export_name;
  GArray *views; /* GsPanelView, by panel index */

  /* The frame on screen. */
  GdkTexture *texture;
  GsFigureLayout *layout;
  GsFigure *shown;
  int shown_width, shown_height; /* widget size it was rendered for */
  guint frames;

  /* Rendering: at most one job in flight, started from the frame clock. */
  gboolean dirty, in_flight;
  guint tick_id;
  GCancellable *cancellable;

  /* Pointer. */
  double pointer_x, pointer_y;
  gboolean pointer_inside;
  char *status;
  int drag_panel;
  gboolean drag_3d;
  GsPanelView drag_start;
  GsFigureLayout *drag_layout;
  gboolean pen;
  int pen_panel; /* the stroke's panel, -1 between strokes */
  double pen_x0, pen_y0;

  GtkWidget *status_label;
  GtkWidget *export_button;
  GtkWidget *menu;
};

G_DEFINE_FINAL_TYPE(GsFigureView, gs_figure_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_THEME, PROP_FONT_SIZE, PROP_STATUS, PROP_EXPORT_NAME, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_RENDERED, SIGNAL_PEN, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- rendering ---- */

typedef struct {
  GsFigure *figure;
  GsRenderOptions opts;
  GsPanelView *views;
  double px_per_pt;
  int width, height; /* widget size, logical px */
  cairo_surface_t *surface;
  GsFigureLayout *layout;
} RenderJob;

static void render_job_free(gpointer data)
{
  RenderJob *job = data;
  gs_figure_unref(job->figure);
  g_free(job->views);
  if (job->surface) cairo_surface_destroy(job->surface);
  if (job->layout) gs_figure_layout_unref(job->layout);
  g_free(job);
}

static void render_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RenderJob *job = data;
  job->surface = gs_figure_render_image(job->figure, &job->opts, job->px_per_pt, &job->layout);
  g_task_return_boolean(task, TRUE);
}

static void update_status(GsFigureView *self);

static void render_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  GsFigureView *self = GS_FIGURE_VIEW(source);
  RenderJob *job = g_task_get_task_data(G_TASK(result));
  self->in_flight = FALSE;
  if (g_cancellable_is_cancelled(self->cancellable)) return; /* disposed meanwhile */
  cairo_surface_t *s = job->surface;
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  int stride = cairo_image_surface_get_stride(s);
  /* Cairo's ARGB32 is GDK's default memory format: the pixels are shared, not copied. */
  GBytes *bytes = g_bytes_new_with_free_func(cairo_image_surface_get_data(s), (gsize) stride * h,
                                             (GDestroyNotify) cairo_surface_destroy,
                                             cairo_surface_reference(s));
  g_clear_object(&self->texture);
  self->texture = gdk_memory_texture_new(w, h, GDK_MEMORY_DEFAULT, bytes, stride);
  g_bytes_unref(bytes);
  g_clear_pointer(&self->layout, gs_figure_layout_unref);
  self->layout = g_steal_pointer(&job->layout);
  g_clear_pointer(&self->shown, gs_figure_unref);
  self->shown = gs_figure_ref(job->figure);
  self->shown_width = job->width;
  self->shown_height = job->height;
  self->frames++;
  /* Screen readers hear the figure's title. */
  const char *title = gs_figure_get_title(self->shown);
  gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                 title ? title : _("Figure"), -1);
  if (self->pointer_inside) update_status(self);
  gtk_widget_queue_draw(GTK_WIDGET(self));
  g_signal_emit(self, signals[SIGNAL_RENDERED], 0);
}

static void start_render(GsFigureView *self)
{
  GtkWidget *widget = GTK_WIDGET(self);
  int width = gtk_widget_get_width(widget), height = gtk_widget_get_height(widget);
  self->dirty = FALSE;
  if (!self->figure || width <= 0 || height <= 0) return;
  RenderJob *job = g_new0(RenderJob, 1);
  job->figure = gs_figure_ref(self->figure);
  job->width = width;
  job->height = height;
  gs_render_options_init(&job->opts, width * PT_PER_PX, height * PT_PER_PX);
  job->opts.theme = self->theme;
  job->opts.font_size = self->font_size;
  job->views = g_memdup2(self->views->data, sizeof(GsPanelView) * MAX(self->views->len, 1));
  job->opts.views = job->views;
  job->opts.n_views = (int) self->views->len;
  job->px_per_pt = gtk_widget_get_scale_factor(widget) / PT_PER_PX;
  GTask *task = g_task_new(self, self->cancellable, render_done, NULL);
  g_task_set_source_tag(task, start_render);
  g_task_set_task_data(task, job, render_job_free);
  self->in_flight = TRUE;
  g_task_run_in_thread(task, render_thread);
  g_object_unref(task);
}

static gboolean on_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  GsFigureView *self = GS_FIGURE_VIEW(widget);
  if (self->in_flight)
    return G_SOURCE_CONTINUE; /* the newest request waits for the next free frame */
  if (!self->dirty) {
    self->tick_id = 0;
    return G_SOURCE_REMOVE;
  }
  start_render(self);
  return G_SOURCE_CONTINUE;
}

static void request_render(GsFigureView *self)
{
  self->dirty = TRUE;
  if (!self->tick_id)
    self->tick_id = gtk_widget_add_tick_callback(GTK_WIDGET(self), on_tick, NULL, NULL);
}

/* ---- public API ---- */

GtkWidget *gs_figure_view_new(void)
{
  return g_object_new(GS_TYPE_FIGURE_VIEW, NULL);
}

void gs_figure_view_set_figure(GsFigureView *self, GsFigure *figure)
{
  g_return_if_fail(GS_IS_FIGURE_VIEW(self));
  if (figure) gs_figure_seal(figure);
  if (figure != self->figure) {
    GsFigure *old = self->figure;
    self->figure = figure ? gs_figure_ref(figure) : NULL;
    if (old) gs_figure_unref(old);
  }
  if (!figure) {
    g_clear_object(&self->texture);
    g_clear_pointer(&self->layout, gs_figure_layout_unref);
    g_clear_pointer(&self->shown, gs_figure_unref);
    gtk_widget_queue_draw(GTK_WIDGET(self));
    return;
  }
  request_render(self);
}

GsFigure *gs_figure_view_get_figure(GsFigureView *self)
{
  return self->figure;
}

GsFigure *gs_figure_view_get_shown_figure(GsFigureView *self)
{
  return self->shown;
}

guint gs_figure_view_get_frames(GsFigureView *self)
{
  return self->frames;
}

void gs_figure_view_set_theme(GsFigureView *self, GsTheme theme)
{
  g_return_if_fail(GS_IS_FIGURE_VIEW(self) && theme < GS_THEME_N);
  if (self->theme == theme) return;
  self->theme = theme;
  request_render(self);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_THEME]);
}

GsTheme gs_figure_view_get_theme(GsFigureView *self)
{
  return self->theme;
}

void gs_figure_view_set_font_size(GsFigureView *self, double points)
{
  g_return_if_fail(GS_IS_FIGURE_VIEW(self) && points >= 4 && points <= 96);
  if (self->font_size == points) return;
  self->font_size = points;
  request_render(self);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_FONT_SIZE]);
}

void gs_figure_view_set_provenance(GsFigureView *self, const char *const *pairs)
{
  g_return_if_fail(GS_IS_FIGURE_VIEW(self));
  g_strfreev(self->provenance);
  self->provenance = g_strdupv((char **) pairs);
}

const char *const *gs_figure_view_get_provenance(GsFigureView *self)
{
  return (const char *const *) self->provenance;
}

void gs_figure_view_set_export_name(GsFigureView *self, const char *name)
{
  g_return_if_fail(GS_IS_FIGURE_VIEW(self));
  if (g_strcmp0(self->export_name, name) == 0) return;
  g_free(self->export_name);
  self->export_name = g_strdup(name && *name ? name : "figure");
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_EXPORT_NAME]);
}

const char *gs_figure_view_get_export_name(GsFigureView *self)
{
  return self->export_name;
}

const char *gs_figure_view_get_status(GsFigureView *self)
{
  return self->status;
}

const GsPanelView *gs_figure_view_get_panel_views(GsFigureView *self, int *n_views)
{
  if (n_views) *n_views = (int) self->views->len;
  return (const GsPanelView *) self->views->data;
}

void gs_figure_view_reset_view(GsFigureView *self)
{
  g_return_if_fail(GS_IS_FIGURE_VIEW(self));
  g_array_set_size(self->views, 0);
  request_render(self);
}

/* ---- pointer ---- */

static GsPanelView *panel_view(GsFigureView *self, int panel)
{
  while ((int) self->views->len <= panel) {
    GsPanelView v;
    gs_panel_view_init(&v);
    g_array_append_val(self->views, v);
  }
  return &g_array_index(self->views, GsPanelView, panel);
}

/* Widget coordinates → the points of the frame on screen (stretched after a resize). */
static gboolean to_points(GsFigureView *self, double x, double y, double *px, double *py)
{
  if (!self->layout || self->shown_width <= 0 || self->shown_height <= 0) return FALSE;
  int w = gtk_widget_get_width(GTK_WIDGET(self)), h = gtk_widget_get_height(GTK_WIDGET(self));
  if (w <= 0 || h <= 0) return FALSE;
  *px = x * (self->shown_width * PT_PER_PX) / w;
  *py = y * (self->shown_height * PT_PER_PX) / h;
  return TRUE;
}

static void set_status(GsFigureView *self, char *text)
{
  if (g_strcmp0(text, self->status) == 0) {
    g_free(text);
    return;
  }
  g_free(self->status);
  self->status = text;
  gtk_label_set_text(GTK_LABEL(self->status_label), text ? text : "");
  gtk_widget_set_visible(self->status_label, text != NULL);
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_STATUS]);
}

static void update_status(GsFigureView *self)
{
  double px, py;
  if (!self->pointer_inside || !to_points(self, self->pointer_x, self->pointer_y, &px, &py)) {
    set_status(self, NULL);
    return;
  }
  set_status(self, gs_figure_layout_describe(self->layout, px, py));
}

void gs_figure_view_hover(GsFigureView *self, double x, double y)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_status(self);
}

void gs_figure_view_zoom_at(GsFigureView *self, double x, double y, double factor)
{
  double px, py;
  if (!to_points(self, x, y, &px, &py)) return;
  int panel = gs_figure_layout_panel_at(self->layout, px, py);
  if (panel < 0 || gs_figure_layout_panel_is_3d(self->layout, panel)) return;
  gs_panel_view_zoom(panel_view(self, panel), self->layout, panel, px, py, factor);
  request_render(self);
}

static void drag_begin(GsFigureView *self, double x, double y)
{
  double px, py;
  self->drag_panel = -1;
  g_clear_pointer(&self->drag_layout, gs_figure_layout_unref);
  if (!to_points(self, x, y, &px, &py)) return;
  int panel = gs_figure_layout_panel_at(self->layout, px, py);
  if (panel < 0) return;
  self->drag_panel = panel;
  self->drag_3d = gs_figure_layout_panel_is_3d(self->layout, panel);
  /* The drag is measured against its first frame: later frames move under the pointer. */
  self->drag_layout = gs_figure_layout_ref(self->layout);
  self->drag_start = *panel_view(self, panel);
}

static void drag_update(GsFigureView *self, double dx, double dy)
{
  if (self->drag_panel < 0 || !self->drag_layout) return;
  double sx = 1, sy = 1;
  int w = gtk_widget_get_width(GTK_WIDGET(self)), h = gtk_widget_get_height(GTK_WIDGET(self));
  if (w > 0 && h > 0) {
    double lw, lh;
    gs_figure_layout_get_size(self->drag_layout, &lw, &lh);
    sx = lw / w;
    sy = lh / h;
  }
  GsPanelView v = self->drag_start;
  if (self->drag_3d)
    gs_panel_view_rotate(&v, self->drag_layout, self->drag_panel, dx * sx, dy * sy);
  else
    gs_panel_view_pan(&v, self->drag_layout, self->drag_panel, dx * sx, dy * sy);
  *panel_view(self, self->drag_panel) = v;
  request_render(self);
}

static void drag_end(GsFigureView *self)
{
  self->drag_panel = -1;
  g_clear_pointer(&self->drag_layout, gs_figure_layout_unref);
}

void gs_figure_view_drag(GsFigureView *self, double x, double y, double dx, double dy)
{
  drag_begin(self, x, y);
  drag_update(self, dx, dy);
  drag_end(self);
}

void gs_figure_view_reset_panel_at(GsFigureView *self, double x, double y)
{
  double px, py;
  if (!to_points(self, x, y, &px, &py)) return;
  int panel = gs_figure_layout_panel_at(self->layout, px, py);
  if (panel < 0) return;
  gs_panel_view_init(panel_view(self, panel));
  request_render(self);
}

void gs_figure_view_set_pen(GsFigureView *self, gboolean pen)
{
  g_return_if_fail(GS_IS_FIGURE_VIEW(self));
  self->pen = pen;
  self->pen_panel = -1;
  gtk_widget_set_cursor_from_name(GTK_WIDGET(self), pen ? "crosshair" : NULL);
}

gboolean gs_figure_view_get_pen(GsFigureView *self)
{
  return self->pen;
}

gboolean gs_figure_view_pen(GsFigureView *self, GsPenPhase phase, double x, double y)
{
  g_return_val_if_fail(GS_IS_FIGURE_VIEW(self), FALSE);
  double px, py, qx, qy;
  if (!self->pen || !to_points(self, x, y, &px, &py) || !to_points(self, x + 1, y, &qx, &qy))
    return FALSE;
  if (phase == GS_PEN_DOWN) {
    int panel = gs_figure_layout_panel_at(self->layout, px, py);
    self->pen_panel = panel >= 0 && !gs_figure_layout_panel_is_3d(self->layout, panel) ? panel : -1;
  }
  int panel = self->pen_panel;
  if (phase == GS_PEN_UP) self->pen_panel = -1;
  double dx, dy, ex, ey;
  if (panel < 0 || !gs_figure_layout_to_data(self->layout, panel, px, py, &dx, &dy) ||
      !gs_figure_layout_to_data(self->layout, panel, qx, qy, &ex, &ey))
    return FALSE;
  g_signal_emit(self, signals[SIGNAL_PEN], 0, (int) phase, dx, dy, fabs(ex - dx));
  return TRUE;
}

static void on_motion(GtkEventControllerMotion *c, double x, double y, GsFigureView *self)
{
  gs_figure_view_hover(self, x, y);
}

static void on_enter(GtkEventControllerMotion *c, double x, double y, GsFigureView *self)
{
  /* The export button only shows while the pointer is over the figure: it covers a corner. */
  gtk_widget_set_visible(self->export_button, TRUE);
}

static void on_leave(GtkEventControllerMotion *c, GsFigureView *self)
{
  self->pointer_inside = FALSE;
  set_status(self, NULL);
  gtk_widget_set_visible(self->export_button, FALSE);
}

static gboolean on_scroll(GtkEventControllerScroll *c, double dx, double dy, GsFigureView *self)
{
  if (!self->pointer_inside || dy == 0) return FALSE;
  /* One wheel notch zooms by 15 %; smooth scrolling gives fractions of a notch. */
  gs_figure_view_zoom_at(self, self->pointer_x, self->pointer_y, pow(1.15, -dy));
  return TRUE;
}

static void on_drag_begin(GtkGestureDrag *g, double x, double y, GsFigureView *self)
{
  if (self->pen) {
    self->pen_x0 = x;
    self->pen_y0 = y;
    gs_figure_view_pen(self, GS_PEN_DOWN, x, y);
    return;
  }
  drag_begin(self, x, y);
}

static void on_drag_update(GtkGestureDrag *g, double dx, double dy, GsFigureView *self)
{
  if (self->pen) {
    gs_figure_view_pen(self, GS_PEN_MOVE, self->pen_x0 + dx, self->pen_y0 + dy);
    return;
  }
  drag_update(self, dx, dy);
}

static void on_drag_end(GtkGestureDrag *g, double dx, double dy, GsFigureView *self)
{
  if (self->pen) {
    gs_figure_view_pen(self, GS_PEN_UP, self->pen_x0 + dx, self->pen_y0 + dy);
    return;
  }
  drag_update(self, dx, dy);
  drag_end(self);
}

static void on_click(GtkGestureClick *g, int n_press, double x, double y, GsFigureView *self)
{
  if (n_press == 2 && !self->pen) gs_figure_view_reset_panel_at(self, x, y);
}

static void on_context_click(GtkGestureClick *g, int n_press, double x, double y,
                             GsFigureView *self)
{
  gtk_popover_set_pointing_to(GTK_POPOVER(self->menu), &(GdkRectangle){(int) x, (int) y, 1, 1});
  gtk_popover_popup(GTK_POPOVER(self->menu));
}

/* ---- actions ---- */

GtkWidget *gs_figure_view_open_export_dialog(GsFigureView *self)
{
  g_return_val_if_fail(GS_IS_FIGURE_VIEW(self), NULL);
  if (!self->figure) return NULL;
  GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));
  int n_views = 0;
  const GsPanelView *views = gs_figure_view_get_panel_views(self, &n_views);
  GtkWidget *dialog = gs_figure_export_dialog_new(
      GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL, self->figure, views, n_views,
      (const char *const *) self->provenance, self->export_name, self->theme);
  gtk_window_present(GTK_WINDOW(dialog));
  return dialog;
}

static void export_action(GtkWidget *widget, const char *name, GVariant *param)
{
  gs_figure_view_open_export_dialog(GS_FIGURE_VIEW(widget));
}

static void reset_action(GtkWidget *widget, const char *name, GVariant *param)
{
  gs_figure_view_reset_view(GS_FIGURE_VIEW(widget));
}

/* ---- GtkWidget ---- */

static void gs_figure_view_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
                                   int *minimum, int *natural, int *min_baseline, int *nat_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 90;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 360;
}

static void place_child(GtkWidget *child, int width, int height, gboolean top, gboolean left)
{
  if (!gtk_widget_should_layout(child)) return;
  int cw, ch;
  gtk_widget_measure(child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &cw, NULL, NULL);
  cw = MIN(cw, MAX(width - 12, 1));
  gtk_widget_measure(child, GTK_ORIENTATION_VERTICAL, cw, NULL, &ch, NULL, NULL);
  int margin = 6;
  GtkAllocation a = {left ? margin : width - cw - margin, top ? margin : height - ch - margin, cw,
                     ch};
  gtk_widget_size_allocate(child, &a, -1);
}

static void gs_figure_view_size_allocate(GtkWidget *widget, int width, int height, int baseline)
{
  GsFigureView *self = GS_FIGURE_VIEW(widget);
  place_child(self->status_label, width, height, FALSE, TRUE);
  place_child(self->export_button, width, height, TRUE, FALSE);
  gtk_popover_present(GTK_POPOVER(self->menu));
  if (self->figure && (width != self->shown_width || height != self->shown_height))
    request_render(self);
}

static void gs_figure_view_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
  GsFigureView *self = GS_FIGURE_VIEW(widget);
  int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
  if (self->texture)
    gtk_snapshot_append_texture(snapshot, self->texture, &GRAPHENE_RECT_INIT(0, 0, w, h));
  gtk_widget_snapshot_child(widget, self->status_label, snapshot);
  gtk_widget_snapshot_child(widget, self->export_button, snapshot);
  gtk_widget_snapshot_child(widget, self->menu, snapshot);
}

static void gs_figure_view_dispose(GObject *object)
{
  GsFigureView *self = GS_FIGURE_VIEW(object);
  g_cancellable_cancel(self->cancellable);
  if (self->tick_id) {
    gtk_widget_remove_tick_callback(GTK_WIDGET(self), self->tick_id);
    self->tick_id = 0;
  }
  g_clear_pointer(&self->status_label, gtk_widget_unparent);
  g_clear_pointer(&self->export_button, gtk_widget_unparent);
  g_clear_pointer(&self->menu, gtk_widget_unparent);
  G_OBJECT_CLASS(gs_figure_view_parent_class)->dispose(object);
}

static void gs_figure_view_finalize(GObject *object)
{
  GsFigureView *self = GS_FIGURE_VIEW(object);
  g_clear_pointer(&self->figure, gs_figure_unref);
  g_clear_pointer(&self->shown, gs_figure_unref);
  g_clear_pointer(&self->layout, gs_figure_layout_unref);
  g_clear_pointer(&self->drag_layout, gs_figure_layout_unref);
  g_clear_object(&self->texture);
  g_clear_object(&self->cancellable);
  g_array_unref(self->views);
  g_strfreev(self->provenance);
  g_free(self->export_name);
  g_free(self->status);
  G_OBJECT_CLASS(gs_figure_view_parent_class)->finalize(object);
}

static void gs_figure_view_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  GsFigureView *self = GS_FIGURE_VIEW(object);
  switch (id) {
  case PROP_THEME:
    g_value_set_int(value, self->theme);
    break;
  case PROP_FONT_SIZE:
    g_value_set_double(value, self->font_size);
    break;
  case PROP_STATUS:
    g_value_set_string(value, self->status);
    break;
  case PROP_EXPORT_NAME:
    g_value_set_string(value, self->export_name);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void gs_figure_view_set_property(GObject *object, guint id, const GValue *value,
                                        GParamSpec *pspec)
{
  GsFigureView *self = GS_FIGURE_VIEW(object);
  switch (id) {
  case PROP_THEME:
    gs_figure_view_set_theme(self, g_value_get_int(value));
    break;
  case PROP_FONT_SIZE:
    gs_figure_view_set_font_size(self, g_value_get_double(value));
    break;
  case PROP_EXPORT_NAME:
    gs_figure_view_set_export_name(self, g_value_get_string(value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void gs_figure_view_class_init(GsFigureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->dispose = gs_figure_view_dispose;
  object_class->finalize = gs_figure_view_finalize;
  object_class->get_property = gs_figure_view_get_property;
  object_class->set_property = gs_figure_view_set_property;
  widget_class->measure = gs_figure_view_measure;
  widget_class->size_allocate = gs_figure_view_size_allocate;
  widget_class->snapshot = gs_figure_view_snapshot;

  props[PROP_THEME] =
      g_param_spec_int("theme", NULL, NULL, 0, GS_THEME_N - 1, GS_THEME_LIGHT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_FONT_SIZE] =
      g_param_spec_double("font-size", NULL, NULL, 4, 96, 10,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_STATUS] =
      g_param_spec_string("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_EXPORT_NAME] =
      g_param_spec_string("export-name", NULL, NULL, "figure",
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, props);

  /* A new frame is on screen. */
  signals[SIGNAL_RENDERED] = g_signal_new("rendered", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Pen mode: (GsPenPhase phase, double x, double y, double unit), data coordinates. */
  signals[SIGNAL_PEN] =
      g_signal_new("pen", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_install_action(widget_class, "figure.export", NULL, export_action);
  gtk_widget_class_install_action(widget_class, "figure.reset-view", NULL, reset_action);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "figure.export",
                                      NULL);
  gtk_widget_class_add_binding_action(widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                      "figure.reset-view", NULL);
  gtk_widget_class_set_css_name(widget_class, "figureview");
  gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void gs_figure_view_init(GsFigureView *self)
{
  GtkWidget *widget = GTK_WIDGET(self);
  self->theme = GS_THEME_LIGHT;
  self->font_size = 10;
  self->export_name = g_strdup("figure");
  self->views = g_array_new(FALSE, FALSE, sizeof(GsPanelView));
  self->cancellable = g_cancellable_new();
  self->drag_panel = -1;
  self->pen_panel = -1;
  gtk_widget_set_focusable(widget, TRUE);
  gtk_widget_set_overflow(widget, GTK_OVERFLOW_HIDDEN);

  self->status_label = gtk_label_new(NULL);
  gtk_label_set_ellipsize(GTK_LABEL(self->status_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class(self->status_label, "osd");
  gtk_widget_add_css_class(self->status_label, "numeric");
  gtk_widget_set_visible(self->status_label, FALSE);
  gtk_widget_set_can_target(self->status_label, FALSE);
  gtk_widget_set_parent(self->status_label, widget);

  self->export_button = gtk_button_new_from_icon_name("document-save-as-symbolic");
  gtk_widget_set_tooltip_text(self->export_button, _("Export figure…"));
  gtk_widget_add_css_class(self->export_button, "osd");
  gtk_widget_add_css_class(self->export_button, "circular");
  gtk_actionable_set_action_name(GTK_ACTIONABLE(self->export_button), "figure.export");
  gtk_widget_set_visible(self->export_button, FALSE);
  gtk_widget_set_parent(self->export_button, widget);

  GMenu *menu = g_menu_new();
  g_menu_append(menu, _("Export…"), "figure.export");
  g_menu_append(menu, _("Reset Zoom"), "figure.reset-view");
  self->menu = gtk_popover_menu_new_from_model(G_MENU_MODEL(menu));
  gtk_popover_set_has_arrow(GTK_POPOVER(self->menu), FALSE);
  gtk_widget_set_halign(self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent(self->menu, widget);
  g_object_unref(menu);

  GtkEventController *motion = gtk_event_controller_motion_new();
  g_signal_connect(motion, "enter", G_CALLBACK(on_enter), self);
  g_signal_connect(motion, "motion", G_CALLBACK(on_motion), self);
  g_signal_connect(motion, "leave", G_CALLBACK(on_leave), self);
  gtk_widget_add_controller(widget, motion);

  GtkEventController *scroll =
      gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect(scroll, "scroll", G_CALLBACK(on_scroll), self);
  gtk_widget_add_controller(widget, scroll);

  GtkGesture *drag = gtk_gesture_drag_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(drag), GDK_BUTTON_PRIMARY);
  g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), self);
  g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), self);
  g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), self);
  gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(drag));

  GtkGesture *click = gtk_gesture_click_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), GDK_BUTTON_PRIMARY);
  g_signal_connect(click, "pressed", G_CALLBACK(on_click), self);
  gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(click));

  GtkGesture *context = gtk_gesture_click_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(context), GDK_BUTTON_SECONDARY);
  g_signal_connect(context, "pressed", G_CALLBACK(on_context_click), self);
  gtk_widget_add_controller(widget, GTK_EVENT_CONTROLLER(context));
}
