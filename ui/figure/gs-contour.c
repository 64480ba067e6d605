/* gs-contour.c — marching squares: level lines joined into polylines, and filled regions. */
#include "gs-contour.h"

#include <math.h>
#include <string.h>

/* Cell corners: c0 (i, j), c1 (i+1, j), c2 (i+1, j+1), c3 (i, j+1).
 * Cell edges: e0 bottom c0–c1, e1 right c1–c2, e2 top c3–c2, e3 left c0–c3. */

typedef struct {
  const float *v;
  int nx, ny;
  double level;
  int n_h;       /* horizontal edges: (nx-1) * ny, id j*(nx-1)+i; vertical after them: j*nx+i */
  guint8 *state; /* per sample: 1 above, 0 below, 2 NaN (one pass instead of four per cell) */
} Field;

static void classify(Field *f)
{
  gsize n = (gsize) f->nx * f->ny;
  f->state = g_new(guint8, n);
  for (gsize k = 0; k < n; k++) f->state[k] = isnan(f->v[k]) ? 2 : f->v[k] >= f->level;
}

static int edge_id(const Field *f, int i, int j, int e)
{
  switch (e) {
  case 0:
    return j * (f->nx - 1) + i;
  case 2:
    return (j + 1) * (f->nx - 1) + i;
  case 3:
    return f->n_h + j * f->nx + i;
  default:
    return f->n_h + j * f->nx + i + 1;
  }
}

static float value_at(const Field *f, int i, int j)
{
  return f->v[(gsize) j * f->nx + i];
}

/* Where the level crosses a global edge, in grid-index coordinates. */
static void edge_point(const Field *f, int id, double *x, double *y)
{
  int i, j, di, dj;
  if (id < f->n_h) {
    j = id / (f->nx - 1);
    i = id % (f->nx - 1);
    di = 1;
    dj = 0;
  } else {
    j = (id - f->n_h) / f->nx;
    i = (id - f->n_h) % f->nx;
    di = 0;
    dj = 1;
  }
  double a = value_at(f, i, j), b = value_at(f, i + di, j + dj);
  double t = b != a ? (f->level - a) / (b - a) : 0.5;
  t = CLAMP(t, 0.0, 1.0);
  *x = i + t * di;
  *y = j + t * dj;
}

/* Corner mask of cell (i, j), or -1 when a corner is NaN. */
static int cell_case(const Field *f, int i, int j, gboolean *center_above)
{
  const guint8 *s0 = f->state + (gsize) j * f->nx + i, *s1 = s0 + f->nx;
  guint8 c0 = s0[0], c1 = s0[1], c2 = s1[1], c3 = s1[0];
  if ((c0 | c1 | c2 | c3) & 2) return -1;
  int mask = c0 | c1 << 1 | c2 << 2 | c3 << 3;
  if (center_above && (mask == 5 || mask == 10))
    *center_above = 0.25 * ((double) value_at(f, i, j) + value_at(f, i + 1, j) +
                            value_at(f, i + 1, j + 1) + value_at(f, i, j + 1)) >=
                    f->level;
  return mask;
}

/* The cell-edge pairs of each case; saddles (5, 10) depend on the centre. */
static int cell_segments(int mask, gboolean center_above, int seg[2][2])
{
  static const signed char table[16][2] = {
      {-1, -1}, {3, 0}, {0, 1},   {3, 1}, {1, 2}, {-1, -1}, {0, 2}, {3, 2},
      {2, 3},   {0, 2}, {-1, -1}, {1, 2}, {3, 1}, {0, 1},   {3, 0}, {-1, -1},
  };
  if (mask == 5 || mask == 10) {
    /* Centre on the side of c0/c2 joins them: the lines cut off c1 and c3. */
    gboolean cut_odd = (mask == 5) == center_above;
    if (cut_odd) {
      seg[0][0] = 0, seg[0][1] = 1; /* around c1 */
      seg[1][0] = 2, seg[1][1] = 3; /* around c3 */
    } else {
      seg[0][0] = 3, seg[0][1] = 0; /* around c0 */
      seg[1][0] = 1, seg[1][1] = 2; /* around c2 */
    }
    return 2;
  }
  if (table[mask][0] < 0) return 0;
  seg[0][0] = table[mask][0];
  seg[0][1] = table[mask][1];
  return 1;
}

static void polyline_free(gpointer p)
{
  GsPolyline *pl = p;
  g_free(pl->xy);
  g_free(pl);
}

GPtrArray *gs_contour_lines(const float *values, int nx, int ny, double level)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(polyline_free);
  if (nx < 2 || ny < 2 || isnan(level)) return out;
  Field f = {values, nx, ny, level, (nx - 1) * ny, NULL};
  classify(&f);
  int n_edges = f.n_h + (ny - 1) * nx;

  /* Segments as pairs of global edge ids; each edge touches at most two segments. */
  GArray *segs = g_array_new(FALSE, FALSE, sizeof(int) * 2);
  for (int j = 0; j < ny - 1; j++)
    for (int i = 0; i < nx - 1; i++) {
      gboolean center_above;
      int mask = cell_case(&f, i, j, &center_above);
      if (mask <= 0 || mask == 15) continue;
      int cs[2][2];
      int n = cell_segments(mask, center_above, cs);
      for (int s = 0; s < n; s++) {
        int pair[2] = {edge_id(&f, i, j, cs[s][0]), edge_id(&f, i, j, cs[s][1])};
        g_array_append_val(segs, pair);
      }
    }
  int n_segs = (int) segs->len;
  if (n_segs == 0) {
    g_array_free(segs, TRUE);
    g_free(f.state);
    return out;
  }
  const int(*seg)[2] = (const int(*)[2]) segs->data;
  int *at_edge = g_new(int, 2 * (gsize) n_edges);
  memset(at_edge, 0xff, sizeof(int) * 2 * (gsize) n_edges);
  for (int s = 0; s < n_segs; s++)
    for (int k = 0; k < 2; k++) {
      int *slot = &at_edge[2 * seg[s][k]];
      slot[slot[0] < 0 ? 0 : 1] = s;
    }
  guint8 *used = g_new0(guint8, n_segs);
  GArray *fwd = g_array_new(FALSE, FALSE, sizeof(int));
  GArray *back = g_array_new(FALSE, FALSE, sizeof(int));

  for (int s0 = 0; s0 < n_segs; s0++) {
    if (used[s0]) continue;
    used[s0] = 1;
    g_array_set_size(fwd, 0);
    g_array_set_size(back, 0);
    g_array_append_val(fwd, seg[s0][0]);
    g_array_append_val(fwd, seg[s0][1]);
    gboolean closed = FALSE;
    /* Forward from the second edge. */
    int edge = seg[s0][1], prev = s0;
    for (;;) {
      int *slot = &at_edge[2 * edge];
      int next = slot[0] == prev ? slot[1] : slot[0];
      if (next < 0) break;
      if (next == s0) {
        closed = TRUE;
        break;
      }
      if (used[next]) break;
      used[next] = 1;
      edge = seg[next][0] == edge ? seg[next][1] : seg[next][0];
      prev = next;
      if (edge == seg[s0][0]) {
        closed = TRUE;
        break;
      }
      g_array_append_val(fwd, edge);
    }
    if (!closed) {
      edge = seg[s0][0];
      prev = s0;
      for (;;) {
        int *slot = &at_edge[2 * edge];
        int next = slot[0] == prev ? slot[1] : slot[0];
        if (next < 0 || used[next]) break;
        used[next] = 1;
        edge = seg[next][0] == edge ? seg[next][1] : seg[next][0];
        prev = next;
        g_array_append_val(back, edge);
      }
    }
    GsPolyline *pl = g_new0(GsPolyline, 1);
    pl->closed = closed;
    pl->n_points = (int) (back->len + fwd->len);
    pl->xy = g_new(double, 2 * (gsize) pl->n_points);
    int k = 0;
    for (int b = (int) back->len - 1; b >= 0; b--, k++)
      edge_point(&f, g_array_index(back, int, b), &pl->xy[2 * k], &pl->xy[2 * k + 1]);
    for (guint a = 0; a < fwd->len; a++, k++)
      edge_point(&f, g_array_index(fwd, int, a), &pl->xy[2 * k], &pl->xy[2 * k + 1]);
    g_ptr_array_add(out, pl);
  }
  g_array_free(fwd, TRUE);
  g_array_free(back, TRUE);
  g_free(used);
  g_free(at_edge);
  g_array_free(segs, TRUE);
  g_free(f.state);
  return out;
}

void gs_contour_region(const float *values, int nx, int ny, double level, GsPolygonFunc polygon,
                       gpointer user_data)
{
  if (nx < 2 || ny < 2 || isnan(level)) return;
  Field f = {values, nx, ny, level, (nx - 1) * ny, NULL};
  classify(&f);
  static const int corner_di[4] = {0, 1, 1, 0}, corner_dj[4] = {0, 0, 1, 1};
  for (int j = 0; j < ny - 1; j++) {
    int run_start = -1;
    for (int i = 0; i <= nx - 1; i++) {
      gboolean center_above = FALSE;
      int mask = i < nx - 1 ? cell_case(&f, i, j, &center_above) : -1;
      if (mask == 15) {
        if (run_start < 0) run_start = i;
        continue;
      }
      if (run_start >= 0) {
        double rect[8] = {run_start, j, i, j, i, j + 1, run_start, j + 1};
        polygon(rect, 4, user_data);
        run_start = -1;
      }
      if (mask <= 0) continue;
      double xy[16];
      int n = 0;
      if ((mask == 5 || mask == 10) && !center_above) {
        /* Two separate corners: a triangle around each. */
        for (int k = 0; k < 4; k++) {
          if (!(mask & (1 << k))) continue;
          int e_in = (k + 3) % 4, e_out = k; /* edges before and after corner k, CCW */
          double pts[6];
          pts[0] = i + corner_di[k];
          pts[1] = j + corner_dj[k];
          edge_point(&f, edge_id(&f, i, j, e_out), &pts[2], &pts[3]);
          edge_point(&f, edge_id(&f, i, j, e_in), &pts[4], &pts[5]);
          polygon(pts, 3, user_data);
        }
        continue;
      }
      /* Walk the cell boundary CCW: corners inside, crossings where the state changes. */
      for (int k = 0; k < 4; k++) {
        gboolean in_k = (mask >> k) & 1, in_next = (mask >> ((k + 1) % 4)) & 1;
        if (in_k) {
          xy[2 * n] = i + corner_di[k];
          xy[2 * n + 1] = j + corner_dj[k];
          n++;
        }
        if (in_k != in_next) {
          edge_point(&f, edge_id(&f, i, j, k), &xy[2 * n], &xy[2 * n + 1]);
          n++;
        }
      }
      polygon(xy, n, user_data);
    }
  }
  g_free(f.state);
}

double gs_polygon_area(const double *xy, int n)
{
  double a = 0;
  for (int k = 0; k < n; k++) {
    int m = (k + 1) % n;
    a += xy[2 * k] * xy[2 * m + 1] - xy[2 * m] * xy[2 * k + 1];
  }
  return 0.5 * a;
}
