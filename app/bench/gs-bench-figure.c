/* gs-bench-figure.c — the figure-frame workload: one live-landscape frame (build + render) at
 * 1000×700 px through the figure library, the cost the GUI pays per redraw. */
#include <stdio.h>

#include "gs-bench-impl.h"
#include "gs-figure.h"

enum { FRAME_WIDTH = 1000, FRAME_HEIGHT = 700, FRAMES_PER_RUN = 20 };

gboolean gs_bench_figure_frame(const GsBenchOptions *o, GArray *samples, GError **error)
{
  for (int rep = 0; rep < o->repeat; rep++) {
    GsFigureBench b = gs_figure_bench_frame(FRAME_WIDTH, FRAME_HEIGHT, FRAMES_PER_RUN);
    printf("run %d: median of %d frames %.2f ms (build %.2f ms, render %.2f ms)\n", rep + 1,
           b.repeats, b.median_ms, b.build_median_ms, b.render_median_ms);
    g_array_append_val(samples, b.median_ms);
  }
  return TRUE;
}
