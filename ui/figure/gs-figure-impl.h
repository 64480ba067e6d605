/* gs-figure-impl.h — the figure's data structures and the pieces of the renderer (internal). */
#ifndef GS_FIGURE_IMPL_H
#define GS_FIGURE_IMPL_H

#include "gs-canvas.h"
#include "gs-figure.h"
#include "gs-ticks.h"

G_BEGIN_DECLS

typedef enum {
  GS_LAYER_LINE,
  GS_LAYER_SCATTER,
  GS_LAYER_HEATMAP,
  GS_LAYER_CONTOUR,
  GS_LAYER_QUIVER,
  GS_LAYER_HISTOGRAM,
  GS_LAYER_BARS,
  GS_LAYER_IMAGE_GRID,
  GS_LAYER_SURFACE,
  GS_LAYER_POINTS3D,
} GsLayerKind;

const char *gs_layer_kind_name(GsLayerKind kind); /* "line", "scatter", … */

typedef struct {
  float *pixels; /* (h, w, channels) copy */
  int w, h, channels;
  char *caption;
  gboolean highlighted;
  GsColor highlight;
  cairo_surface_t *image; /* cache */
} GsTile;

/* Region polygons of one level, in grid-index coordinates. */
typedef struct {
  GArray *xy;    /* doubles */
  GArray *sizes; /* int points per polygon */
} GsRegion;

struct _GsLayer {
  GsLayerKind kind;
  GsPanel *panel;
  char *label;

  /* style */
  GsColor color;
  gboolean color_set;
  double alpha;
  double line_width; /* at 10 pt; < 0: the kind's default */
  GsDash dash;
  GsMarker marker;
  double marker_size; /* at 10 pt; < 0: default */
  const GsColormap *cmap;
  gboolean cmap_set;
  double vmin, vmax, vcenter;
  gboolean colorbar;
  char *colorbar_label;
  gboolean smooth;

  /* point data: line, scatter, quiver, points3d */
  int n;
  double *x, *y, *z, *u, *v;
  double *band_lo, *band_hi;
  double *values; /* scatter colours */
  double *sizes;  /* scatter sizes */
  double size_min, size_max;

  /* fields: heatmap, contour, surface */
  float *field;
  int nx, ny;
  double x0, x1, y0, y1;
  char *gradient_label; /* the readout adds this field's gradient under that name */

  /* contours */
  double *levels;
  int n_levels;
  gboolean filled, contour_labels;
  gboolean has_emphasis;
  double emphasis_level;
  char *emphasis_label;

  /* quiver */
  double quiver_scale;
  gboolean key;
  double key_magnitude;
  char *key_label;

  /* histogram (counts computed when added) */
  int bins;
  double *edges, *counts;
  int n_samples;
  gboolean density;

  /* bars */
  char **categories;
  double *errors;

  /* image grid */
  int columns;
  GPtrArray *tiles; /* GsTile* */
  double img_lo, img_hi;

  /* surface, points3d */
  gboolean wireframe, stems;

  /* caches, filled once by gs_figure_prepare() */
  GsNorm norm;
  cairo_surface_t *image;    /* heatmap */
  GPtrArray **contour_lines; /* per level: GsPolyline* */
  GsRegion *regions;         /* filled contours: one per level */
  double quiver_auto_scale, quiver_auto_key;
  double data_lo, data_hi; /* finite range of the values (fields, scatter values) */
};

typedef enum {
  GS_ANNOT_TEXT,
  GS_ANNOT_ARROW,
  GS_ANNOT_VLINE,
  GS_ANNOT_HLINE,
  GS_ANNOT_POINT,
} GsAnnotationKind;

struct _GsAnnotation {
  GsAnnotationKind kind;
  GsPanel *panel;
  double x, y, to_x, to_y;
  char *text;
  GsColor color;
  gboolean color_set;
  double halign, valign;
  GsMarker marker;
};

struct _GsPanel {
  GsFigure *fig;
  int index;
  int row, col, rowspan, colspan;
  char *title, *xlabel, *ylabel, *zlabel;
  double xlim[2], ylim[2], zlim[2];
  GsScale xscale, yscale;
  gboolean xinteger; /* x counts something (epochs, steps): integer ticks */
  gboolean grid, equal, axes_visible;
  GsLegendPosition legend;
  gboolean is3d;
  double azimuth, elevation;
  GPtrArray *layers;      /* GsLayer* */
  GPtrArray *annotations; /* GsAnnotation* */
};

struct _GsFigure {
  gatomicrefcount ref;
  int rows, cols;
  char *title;
  GPtrArray *panels; /* GsPanel*, in the order made */
  gint sealed;       /* atomic: set from any thread, never cleared */
  GMutex prepare_lock;
  gboolean prepared;
};

/* Computes the caches (norms, heatmap images, contours, …) once; thread-safe. */
void gs_figure_prepare(GsFigure *fig);

/* ---- rendering ---- */

typedef struct {
  GsColor background;
  gboolean fill_background;
  GsColor ink;      /* text, spines */
  GsColor ink_soft; /* ticks, secondary text */
  GsColor grid;
  GsColor pane; /* 3-D back panes */
  GsColor legend_bg;
  GsColor contour; /* default contour lines */
  GsColor halo;    /* under lines drawn over fields */
} GsThemeColors;

const GsThemeColors *gs_theme_colors(GsTheme theme);

typedef struct {
  double az, el;                 /* degrees */
  double cx, cy, cz, hx, hy, hz; /* data centre and half-extents */
  double zaspect;                /* box height relative to its width */
  double scale, ox, oy;          /* screen = (ox + scale u, oy - scale v) */
} GsProj3;

void gs_proj3_project(const GsProj3 *p, double x, double y, double z, double *sx, double *sy,
                      double *depth);

typedef struct {
  int index;
  gboolean is3d, axes_visible;
  double cx, cy, cw, ch;         /* the grid cell */
  double px, py, pw, ph;         /* the plot area (2-D) or the box's screen area (3-D) */
  double x0, x1, y0, y1, z0, z1; /* limits drawn */
  GsScale xscale, yscale;
  GsProj3 proj;
  double legend_x, legend_y; /* 3-D: the legend's top-left corner (NaN: no legend) */
  double title_y;            /* 3-D: the baseline side (bottom) of the panel's title */
} GsPanelLayout;

struct _GsFigureLayout {
  gatomicrefcount ref;
  GsFigure *fig; /* a reference */
  double width, height;
  int n_panels;
  GsPanelLayout *panels;
};

typedef struct {
  GsCanvas *canvas;
  GsTextEngine *text;
  const GsThemeColors *theme;
  double font; /* base size, pt */
  double s;    /* style scale: font / 10 */
  GsFont f_tick, f_label, f_title, f_suptitle, f_small;
} GsRenderCtx;

/* Draws the whole figure on a canvas; the heart of every output format. */
GsFigureLayout *gs_figure_draw(GsFigure *fig, GsCanvas *canvas, const GsRenderOptions *opts);

/* Data → points in a 2-D panel. */
double gs_layout_x(const GsPanelLayout *pl, double x);
double gs_layout_y(const GsPanelLayout *pl, double y);

/* Layer drawing (gs-figure-layers.c), inside the plot area's clip. */
void gs_draw_layer_2d(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l, int layer_slot,
                      int n_bar_layers, int bar_slot, GPtrArray *placed_labels);
/* Colour of a layer whose colour was not set: the palette by its slot. */
GsColor gs_layer_effective_color(const GsLayer *l, int slot, const GsThemeColors *theme);
double gs_layer_effective_width(const GsLayer *l, double s);
double gs_layer_effective_marker_size(const GsLayer *l, double s);
/* A marker as a filled (or stroked) shape with a thin edge in the background colour. */
void gs_draw_marker(GsRenderCtx *rc, GsMarker marker, double x, double y, double size,
                    GsColor color, gboolean edge);
void gs_draw_arrow(GsRenderCtx *rc, double x0, double y0, double x1, double y1, double width,
                   double head, GsColor color);
/* Quiver reference arrow in the plot's lower-right corner. */
void gs_draw_quiver_key(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l);
/* Image-grid tiles over the plot area, and where they go in a rectangle. */
typedef struct {
  int cols, rows;
  double tw, th, gap, cap_h; /* tile size, gap between tiles, caption strip */
  double x0, y0, total_w, total_h;
} GsGridGeometry;
gboolean gs_image_grid_geometry(GsRenderCtx *rc, const GsLayer *l, double x, double y, double w,
                                double h, GsGridGeometry *g);
void gs_draw_image_grid(GsRenderCtx *rc, const GsPanelLayout *pl, GsLayer *l);

/* Colorbars (gs-figure-render.c): the strip a layer's colorbar needs right of the plot, and the
 * bar itself at (x, y) with height h. */
gboolean gs_layer_has_colorbar(const GsLayer *l);
double gs_colorbar_width(GsRenderCtx *rc, const GsLayer *l, double height);
void gs_draw_colorbar(GsRenderCtx *rc, GsPanel *p, const GsLayer *l, double x, double y, double h);

/* Legends (gs-figure-render.c): the size of panel p's legend, FALSE when it has no labelled
 * layer or its legend is GS_LEGEND_NONE; and the legend drawn with its top-left corner at (x, y).
 * 2-D panels place theirs themselves; 3-D panels use these. */
gboolean gs_panel_legend_size(GsRenderCtx *rc, GsPanel *p, double *w, double *h);
void gs_panel_draw_legend_at(GsRenderCtx *rc, GsPanel *p, double x, double y);

/* 3-D (gs-figure-3d.c) */
void gs_panel3d_layout(GsRenderCtx *rc, GsPanel *p, GsPanelLayout *pl, const GsPanelView *view);
void gs_panel3d_draw(GsRenderCtx *rc, GsPanel *p, const GsPanelLayout *pl);
/* The surface vertex or point nearest to (x, y) on screen. */
gboolean gs_panel3d_pick(const GsPanelLayout *pl, GsPanel *p, double x, double y, double *dx,
                         double *dy, double *dz, const char **what);

/* Text helpers */
void gs_draw_text(GsRenderCtx *rc, const char *text, double x, double y, double halign,
                  double valign, double angle, const GsFont *font, GsColor color);
double gs_text_width(GsRenderCtx *rc, const char *text, const GsFont *font);
double gs_text_height(GsRenderCtx *rc, const GsFont *font); /* ascent + descent of a line */

/* {"key": "value", …} of NULL-terminated provenance pairs (gs-figure-data.c). */
char *gs_figure_provenance_json(const char *const *pairs);

/* A field's bilinear value at data (x, y); NaN outside. */
double gs_field_sample(const GsLayer *l, double x, double y);
/* ∇ of the field at (x, y): central differences at the grid nodes (one-sided on the edges),
 * interpolated bilinearly like the value; FALSE outside the grid or on a 1-wide grid. */
gboolean gs_field_gradient(const GsLayer *l, double x, double y, double *gx, double *gy);

G_END_DECLS

#endif
