/* gs-figure-gallery — writes every gallery figure as PNG, for looking at them:
 *   gs-figure-gallery OUTDIR [light|dark|transparent] [WIDTH_PX HEIGHT_PX]
 */
#include "gallery.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: %s OUTDIR [THEME] [WIDTH HEIGHT]\n", argv[0]);
    return 2;
  }
  GsTheme theme = GS_THEME_LIGHT;
  if (argc > 2 && !gs_theme_from_name(argv[2], &theme)) {
    fprintf(stderr, "unknown theme '%s' (light, dark, transparent)\n", argv[2]);
    return 2;
  }
  int w = argc > 4 ? atoi(argv[3]) : 640, h = argc > 4 ? atoi(argv[4]) : 480;
  g_mkdir_with_parents(argv[1], 0755);
  for (int i = 0; gallery_names[i]; i++) {
    GsFigure *fig = gallery_build(gallery_names[i]);
    GsRenderOptions opts;
    double scale = 96.0 / 72;
    gs_render_options_init(&opts, w / scale, h / scale);
    opts.theme = theme;
    cairo_surface_t *img = gs_figure_render_image(fig, &opts, scale, NULL);
    char *path =
        g_strdup_printf("%s/%s-%s.png", argv[1], gallery_names[i], gs_theme_get_name(theme));
    cairo_surface_write_to_png(img, path);
    printf("%s\n", path);
    g_free(path);
    cairo_surface_destroy(img);
    gs_figure_unref(fig);
  }
  return 0;
}
