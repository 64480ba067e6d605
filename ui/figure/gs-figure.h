/* gs-figure.h — Ganscape's figures: panels of layers and annotations, drawn with Cairo and Pango.
 *
 * A figure is a grid of panels; each panel has 2-D axes (or a 3-D box) and layers drawn in the
 * order they were added. A view builds a fresh figure from every snapshot:
 *
 *     GsFigure *fig = gs_figure_new(1, 2);                  // 1 row, 2 columns
 *     gs_figure_set_title(fig, "Step 1200");
 *
 *     GsPanel *land = gs_figure_panel(fig, 0, 0);
 *     gs_panel_set_title(land, "Discriminator D(x)");
 *     gs_panel_set_xlabel(land, "x₁");
 *     gs_panel_set_ylabel(land, "x₂");
 *     gs_panel_set_equal_aspect(land, TRUE);
 *     GsField d = {d_grid, 256, 256, -2, 2, -2, 2};       // (ny, nx) floats, row 0 at y = -2
 *     GsLayer *heat = gs_panel_add_heatmap(land, &d);
 *     gs_layer_set_colormap(heat, gs_colormap_get(GS_COLORMAP_PRGN));
 *     gs_layer_set_range(heat, 0, 1, 0.5);                 // diverging, centred on D = 0.5
 *     gs_layer_add_colorbar(heat, "D(x)");
 *     GsLayer *iso = gs_panel_add_contours(land, &d, (double[]){0.1, 0.3, 0.5, 0.7, 0.9}, 5);
 *     gs_contour_emphasize(iso, 0.5, "D = 0.5");           // the decision boundary
 *     GsLayer *real = gs_panel_add_scatter(land, real_x, real_y, n_real);
 *     gs_layer_set_label(real, "real");
 *
 *     GsPanel *loss = gs_figure_panel(fig, 0, 1);
 *     GsLayer *d_loss = gs_panel_add_line(loss, steps, d_values, n_steps);
 *     gs_layer_set_run_style(d_loss, gs_run_style_for_id(run_id)); // same look in every figure
 *     gs_layer_set_label(d_loss, "D loss");
 *     gs_panel_add_vline(loss, 5000, "lr drop");
 *
 *     gs_figure_view_set_figure(view, fig);   // the GTK widget renders it off the main thread
 *     gs_figure_export(fig, "step1200.pdf", &options, &error);   // gs-figure-export.h
 *     gs_figure_unref(fig);
 *
 * Ownership and threads. Data are copied when added, so the caller's arrays may be freed at once.
 * A figure is built on one thread; rendering, exporting or handing it to the widget seals it,
 * after which it is immutable (builder calls on a sealed figure are refused with a critical
 * warning) and may be rendered from any thread, by several threads at once. Figures are
 * reference counted (atomic). Building is cheap (copies only); colour mapping and contour
 * extraction happen when the figure is first rendered, on the rendering thread, and are kept.
 *
 * Units. Lengths are in points (1/72 in) at the final size. Fonts are set in points at that size;
 * line widths and marker sizes are given for 10 pt text and scale with the font size, so a slide
 * preset with 18 pt text gets bolder lines too.
 *
 * Fields. A GsField samples a function on a regular grid: values[j * nx + i] is the value at
 * (x0 + i (x1 - x0) / (nx - 1), y0 + j (y1 - y0) / (ny - 1)); row 0 is the bottom (y0). Heatmaps
 * draw one cell per sample, centred on it and clipped to [x0, x1] × [y0, y1]; contours and
 * surfaces interpolate between the samples. NaN samples are left blank.
 */
#ifndef GS_FIGURE_H
#define GS_FIGURE_H

#include "gs-colormap.h"

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _GsFigure GsFigure;
typedef struct _GsPanel GsPanel;
typedef struct _GsLayer GsLayer;
typedef struct _GsAnnotation GsAnnotation;

typedef struct {
  const float *values; /* (ny, nx), row 0 at y0 */
  int nx, ny;          /* ≥ 2 each */
  double x0, x1, y0, y1;
} GsField;

typedef enum { GS_SCALE_LINEAR, GS_SCALE_LOG } GsScale;

typedef enum {
  GS_LEGEND_BEST, /* the corner or edge that hides the least data */
  GS_LEGEND_UPPER_RIGHT,
  GS_LEGEND_UPPER_LEFT,
  GS_LEGEND_LOWER_LEFT,
  GS_LEGEND_LOWER_RIGHT,
  GS_LEGEND_OUTSIDE, /* to the right of the panel */
  GS_LEGEND_NONE,
} GsLegendPosition;

/* ---- figures ---- */

GsFigure *gs_figure_new(int rows, int cols);
GsFigure *gs_figure_ref(GsFigure *fig);
void gs_figure_unref(GsFigure *fig);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsFigure, gs_figure_unref)

void gs_figure_set_title(GsFigure *fig, const char *title);
const char *gs_figure_get_title(const GsFigure *fig);
/* The panel whose top-left cell is (row, col), made on first use. */
GsPanel *gs_figure_panel(GsFigure *fig, int row, int col);
/* A panel covering rows [row, row + rowspan) and columns [col, col + colspan). */
GsPanel *gs_figure_panel_span(GsFigure *fig, int row, int col, int rowspan, int colspan);
int gs_figure_get_n_panels(const GsFigure *fig);
void gs_figure_seal(GsFigure *fig);
gboolean gs_figure_is_sealed(const GsFigure *fig);

/* ---- panels ---- */

void gs_panel_set_title(GsPanel *p, const char *title);
void gs_panel_set_xlabel(GsPanel *p, const char *label);
void gs_panel_set_ylabel(GsPanel *p, const char *label);
void gs_panel_set_zlabel(GsPanel *p, const char *label); /* 3-D panels */
/* Axis limits; NaN for a side chooses it from the data. */
void gs_panel_set_xlim(GsPanel *p, double lo, double hi);
void gs_panel_set_ylim(GsPanel *p, double lo, double hi);
void gs_panel_set_zlim(GsPanel *p, double lo, double hi);
void gs_panel_set_xscale(GsPanel *p, GsScale scale);
void gs_panel_set_yscale(GsPanel *p, GsScale scale);
/* x counts something (epochs, steps): ticks only at integers, never 0.5 epochs. */
void gs_panel_set_xinteger(GsPanel *p, gboolean integer);
void gs_panel_set_grid(GsPanel *p, gboolean grid);            /* default on */
void gs_panel_set_equal_aspect(GsPanel *p, gboolean equal);   /* one data unit, one length */
void gs_panel_set_legend(GsPanel *p, GsLegendPosition where); /* default BEST */
void gs_panel_set_axes_visible(GsPanel *p, gboolean visible);
/* 3-D view: azimuth about the z axis and elevation above the x–y plane, in degrees. */
void gs_panel_set_view3d(GsPanel *p, double azimuth, double elevation);

/* ---- layers (drawn in the order added) ---- */

/* x may be NULL (then 0, 1, 2, …). A NaN in x or y breaks the line. */
GsLayer *gs_panel_add_line(GsPanel *p, const double *x, const double *y, int n);
GsLayer *gs_panel_add_scatter(GsPanel *p, const double *x, const double *y, int n);
/* Points as (n, 2) floats, the layout of a (N, 2) tensor. */
GsLayer *gs_panel_add_scatter_xy(GsPanel *p, const float *xy, int n);
GsLayer *gs_panel_add_heatmap(GsPanel *p, const GsField *field);
/* Line contours at the given levels; levels NULL picks about n_levels nice levels (0: 7). */
GsLayer *gs_panel_add_contours(GsPanel *p, const GsField *field, const double *levels,
                               int n_levels);
/* Arrows from (x, y) along (u, v), in data units times the quiver scale. */
GsLayer *gs_panel_add_quiver(GsPanel *p, const double *x, const double *y, const double *u,
                             const double *v, int n);
/* bins ≤ 0 chooses by the Freedman–Diaconis rule; lo/hi NaN take the data range. */
GsLayer *gs_panel_add_histogram(GsPanel *p, const double *values, int n, int bins, double lo,
                                double hi);
/* One bar per category; several bar layers in a panel are grouped side by side. categories may
 * be NULL for the second and later layers. */
GsLayer *gs_panel_add_bars(GsPanel *p, const char *const *categories, const double *values, int n);
/* Tiles laid out in `columns` columns; add them with gs_image_grid_add(). Hides the axes. */
GsLayer *gs_panel_add_image_grid(GsPanel *p, int columns);
/* A height field seen in 3-D; makes the panel 3-D. */
GsLayer *gs_panel_add_surface(GsPanel *p, const GsField *field);
GsLayer *gs_panel_add_points3d(GsPanel *p, const double *x, const double *y, const double *z,
                               int n);

/* Style, for every kind where it means something. */
void gs_layer_set_label(GsLayer *l, const char *label); /* shown in the legend */
void gs_layer_set_color(GsLayer *l, GsColor color);
void gs_layer_set_run_style(GsLayer *l, GsRunStyle style); /* colour, dash and marker */
void gs_layer_set_alpha(GsLayer *l, double alpha);
void gs_layer_set_line_width(GsLayer *l, double width_pt);
void gs_layer_set_dash(GsLayer *l, GsDash dash);
void gs_layer_set_marker(GsLayer *l, GsMarker marker, double size_pt);
void gs_layer_set_colormap(GsLayer *l, const GsColormap *cm);
/* Colour limits; NaN picks from the data. A centre makes the norm diverging about it. */
void gs_layer_set_range(GsLayer *l, double vmin, double vmax, double center);
void gs_layer_add_colorbar(GsLayer *l, const char *label);
void gs_layer_set_smooth(GsLayer *l, gboolean smooth); /* heatmaps: bilinear, else cells */
/* Heatmaps and contours: the pointer readout also gives the field's gradient, "label = (∂x, ∂y)"
 * and "|label| = norm", from central differences of the grid (exact for quadratic fields on the
 * interior; one-sided, first order, in the outer cells). NULL turns it off. */
void gs_field_set_gradient_readout(GsLayer *l, const char *label);

void gs_line_set_band(GsLayer *l, const double *lo, const double *hi); /* shaded band */
/* Colour by value through the layer's colormap. */
void gs_scatter_set_values(GsLayer *l, const double *values);
/* Marker diameter by value, linearly from min_pt (smallest value) to max_pt (largest). */
void gs_scatter_set_sizes(GsLayer *l, const double *values, double min_pt, double max_pt);
void gs_contour_set_filled(GsLayer *l, gboolean filled); /* bands coloured by the colormap */
void gs_contour_set_labels(GsLayer *l, gboolean labels); /* values written on the lines */
/* Draws `level` bold (added to the levels if absent); label names it in the legend. */
void gs_contour_emphasize(GsLayer *l, double level, const char *label);
/* Arrow length per unit of (u, v), in data units; NaN (default) picks one from the data. */
void gs_quiver_set_scale(GsLayer *l, double scale);
/* A reference arrow of the given magnitude (NaN: a round one picked from the data). */
void gs_quiver_set_key(GsLayer *l, double magnitude, const char *label);
void gs_histogram_set_density(GsLayer *l, gboolean density);
void gs_bars_set_errors(GsLayer *l, const double *errors);
/* pixels (height, width, channels) top row first, channels 1 (grey) or 3 (RGB), values in the
 * grid's range (default [0, 1]). Returns the tile's index. */
int gs_image_grid_add(GsLayer *l, const float *pixels, int width, int height, int channels,
                      const char *caption);
void gs_image_grid_set_range(GsLayer *l, double lo, double hi);
void gs_image_grid_highlight(GsLayer *l, int index, GsColor color);
void gs_surface_set_wireframe(GsLayer *l, gboolean wireframe);
void gs_points3d_set_stems(GsLayer *l, gboolean stems);

/* ---- annotations (in data coordinates, drawn over the layers) ---- */

GsAnnotation *gs_panel_add_text(GsPanel *p, double x, double y, const char *text);
/* An arrow from the text at (x, y) to the point (to_x, to_y). */
GsAnnotation *gs_panel_add_arrow(GsPanel *p, double x, double y, double to_x, double to_y,
                                 const char *text);
/* Full-height line at x with its label at the top ("lr drop", "best"). */
GsAnnotation *gs_panel_add_vline(GsPanel *p, double x, const char *text);
GsAnnotation *gs_panel_add_hline(GsPanel *p, double y, const char *text);
GsAnnotation *gs_panel_add_point(GsPanel *p, double x, double y, GsMarker marker, const char *text);
void gs_annotation_set_color(GsAnnotation *a, GsColor color);
/* Text anchor: halign 0 left … 1 right, valign 0 top … 1 bottom (default 0.5, 0.5). */
void gs_annotation_set_align(GsAnnotation *a, double halign, double valign);

/* ---- themes and sizes ---- */

typedef enum {
  GS_THEME_LIGHT,
  GS_THEME_DARK,
  GS_THEME_TRANSPARENT, /* dark ink, no background: for coloured slides */
  GS_THEME_N
} GsTheme;

const char *gs_theme_get_name(GsTheme theme); /* "light", "dark", "transparent" */
gboolean gs_theme_from_name(const char *name, GsTheme *theme);

typedef enum {
  GS_SIZE_SLIDE,        /* 16:9 slide, 13.333 × 7.5 in, 18 pt */
  GS_SIZE_BEAMER,       /* Beamer 16:9 frame, 160 × 90 mm, 9 pt */
  GS_SIZE_PAPER_SINGLE, /* one paper column, 3.5 × 2.625 in, 8 pt */
  GS_SIZE_PAPER_DOUBLE, /* full paper width, 7 × 3.5 in, 8 pt */
  GS_SIZE_SQUARE,       /* 4 × 4 in, 10 pt */
  GS_SIZE_N
} GsSizePreset;

void gs_size_preset_get(GsSizePreset preset, double *width_pt, double *height_pt, double *font_pt);
const char *gs_size_preset_get_name(GsSizePreset preset); /* "slide", "beamer", … */
gboolean gs_size_preset_from_name(const char *name, GsSizePreset *preset);

/* ---- rendering ---- */

/* What the widget changes without rebuilding the figure: zoom, pan and rotation of a panel. */
typedef struct {
  double x0, x1, y0, y1;     /* NaN: the panel's own limits */
  double azimuth, elevation; /* NaN: the panel's own angles */
} GsPanelView;

void gs_panel_view_init(GsPanelView *view); /* all NaN */

typedef struct {
  double width, height; /* pt */
  double font_size;     /* pt, default 10 */
  GsTheme theme;
  const char *font_family;  /* NULL: "Sans" */
  const GsPanelView *views; /* indexed by panel, n_views of them; may be NULL */
  int n_views;
} GsRenderOptions;

void gs_render_options_init(GsRenderOptions *opts, double width_pt, double height_pt);

typedef struct _GsFigureLayout GsFigureLayout;

/* Draws on cr, whose user space must be in points (scale it for pixels). Seals the figure.
 * Returns where everything went, for hit testing; release it with gs_figure_layout_unref. */
GsFigureLayout *gs_figure_render(GsFigure *fig, cairo_t *cr, const GsRenderOptions *opts);
/* An ARGB32 image of the figure at px_per_pt pixels per point (96/72 for a 96-dpi screen). */
cairo_surface_t *gs_figure_render_image(GsFigure *fig, const GsRenderOptions *opts,
                                        double px_per_pt, GsFigureLayout **layout);

/* ---- hit testing and interaction (all positions in pt, as rendered) ---- */

/* Reference counted (atomic): a widget keeps the layout of a drag's first frame. */
GsFigureLayout *gs_figure_layout_ref(GsFigureLayout *layout);
void gs_figure_layout_unref(GsFigureLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsFigureLayout, gs_figure_layout_unref)
int gs_figure_layout_get_n_panels(const GsFigureLayout *layout);
/* The figure size it was drawn at, pt. */
void gs_figure_layout_get_size(const GsFigureLayout *layout, double *width, double *height);
/* The panel whose plot area contains (x, y), or -1. */
int gs_figure_layout_panel_at(const GsFigureLayout *layout, double x, double y);
gboolean gs_figure_layout_panel_is_3d(const GsFigureLayout *layout, int panel);
/* The limits and angles the panel was drawn with. */
void gs_figure_layout_get_view(const GsFigureLayout *layout, int panel, GsPanelView *view);
/* Data coordinates under (x, y) in a 2-D panel. */
gboolean gs_figure_layout_to_data(const GsFigureLayout *layout, int panel, double x, double y,
                                  double *data_x, double *data_y);
/* One line describing what is under (x, y): the data coordinates and the field value or the
 * nearest point ("x₁ = 0.31   x₂ = −0.52   D(x) = 0.73"). NULL outside every panel. */
char *gs_figure_layout_describe(const GsFigureLayout *layout, double x, double y);

/* Zoom by factor (> 1 zooms in) keeping the data point under (x, y) fixed. */
void gs_panel_view_zoom(GsPanelView *view, const GsFigureLayout *layout, int panel, double x,
                        double y, double factor);
/* Move the data with the pointer by (dx, dy). */
void gs_panel_view_pan(GsPanelView *view, const GsFigureLayout *layout, int panel, double dx,
                       double dy);
/* 3-D: turn by a pointer drag of (dx, dy). */
void gs_panel_view_rotate(GsPanelView *view, const GsFigureLayout *layout, int panel, double dx,
                          double dy);

/* ---- benchmark ---- */

typedef struct {
  int repeats;
  double median_ms; /* build + render of one frame */
  double min_ms, max_ms;
  double build_median_ms;  /* snapshot arrays → figure */
  double render_median_ms; /* figure → pixels */
} GsFigureBench;

/* One frame of a live landscape: a 256×256 heatmap with a colorbar, labelled contours with the
 * emphasised 0.5 level, 1,000 points and axes, rebuilt from new data and rendered each repeat
 * into a width × height pixel image at 96 dpi. */
GsFigureBench gs_figure_bench_frame(int width, int height, int repeats);

G_END_DECLS

#endif
