/* gs-contour.h — marching squares on a sampled scalar field (internal to the figure library;
 * public to its tests).
 *
 * The field is (ny, nx) floats, row j holding the samples at grid y-index j; coordinates here are
 * grid indices (i along x in [0, nx-1], j along y in [0, ny-1]); the caller maps them to data.
 * A sample is "above" a level when v >= level. Saddle cells are resolved by the mean of their
 * four corners, the same way for lines and filled regions, so fills and lines always agree.
 * Cells with a NaN corner are skipped.
 */
#ifndef GS_CONTOUR_H
#define GS_CONTOUR_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int n_points;
  gboolean closed; /* the last point joins the first (not repeated) */
  double *xy;      /* (n_points, 2), grid-index coordinates */
} GsPolyline;

/* The level set of `level` as joined polylines. Free with g_ptr_array_unref. */
GPtrArray *gs_contour_lines(const float *values, int nx, int ny, double level);

/* The region {v >= level} as polygons (CCW, in grid-index coordinates), passed one by one to
 * `polygon`. Runs of cells wholly inside are merged into rectangles. level = -INFINITY gives
 * every cell without a NaN corner. */
typedef void (*GsPolygonFunc)(const double *xy, int n_points, gpointer user_data);
void gs_contour_region(const float *values, int nx, int ny, double level, GsPolygonFunc polygon,
                       gpointer user_data);

/* Shoelace area of a closed polygon (positive when CCW). */
double gs_polygon_area(const double *xy, int n_points);

G_END_DECLS

#endif
