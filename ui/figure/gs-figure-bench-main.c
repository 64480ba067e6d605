/* gs-figure-bench — runs the figure-frame benchmark until ganscape-cli bench registers it:
 *   gs-figure-bench [WIDTH HEIGHT [REPEATS]]     (default 1000 700 60)
 */
#include "gs-figure.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
  int w = argc > 2 ? atoi(argv[1]) : 1000, h = argc > 2 ? atoi(argv[2]) : 700;
  int repeats = argc > 3 ? atoi(argv[3]) : 60;
  if (w <= 0 || h <= 0 || repeats <= 0) {
    fprintf(stderr, "usage: %s [WIDTH HEIGHT [REPEATS]] (positive integers)\n", argv[0]);
    return 2;
  }
  GsFigureBench b = gs_figure_bench_frame(w, h, repeats);
  printf("figure-frame %dx%d px, %d repeats: median %.2f ms (build %.2f ms, render %.2f ms), "
         "min %.2f ms, max %.2f ms\n",
         w, h, b.repeats, b.median_ms, b.build_median_ms, b.render_median_ms, b.min_ms, b.max_ms);
  return 0;
}
