/* gs-bench-landscape.c — the landscape experiment as the window runs it (no GTK):
 *   landscape-train  its training iterations headless (defaults: NS + R1, ReLU 64×64, batch
 *                    256), to set beside gan2d
 *   landscape-frame  one frame at a 256×256 landscape computed in full: the worker's snapshot
 *                    (D on the grid, samples, manifold, D* ingredients), the main thread's view
 *                    build and the render thread's 960×720 px image; 1 / median total time
 *   landscape-live   training while a second thread turns a snapshot taken every 33 ms into a
 *                    rendered frame, as the runner and GsFigureView do: the training rate
 *                    with the view live, frames drawn per second and the longest view build
 *                    (the main thread's share of a frame)
 */
#include <stdio.h>

#include "experiments/landscape/gs-landscape.h"
#include "gs-bench-impl.h"
#include "gs-view.h"
#include "platform/gs-session.h"

static GsSession *landscape_session(const GsBenchOptions *o, int grid, GError **error)
{
  gs_experiments_register_builtin();
  gs_views_register_builtin();
  g_autoptr(GsExperimentFile) file = gs_experiment_file_new(&gs_landscape_kind);
  file->seed = 7;
  file->steps = G_MAXINT64 / 2;
  g_free(file->backend);
  file->backend = g_strdup(gs_backend_kind_name(o->kind));
  g_autofree char *grid_text = g_strdup_printf("%d", grid);
  if (!gs_param_values_parse(file->params, "grid", grid_text, error)) return NULL;
  return gs_session_new(file, &(GsSessionOptions){.threads = o->threads, .checkpoint_every = -1},
                        error);
}

static double render_frame(GsSnapshot *snap, double *build_ms)
{
  const GsView *view = gs_view_lookup("landscape", "landscape");
  double t0 = gs_bench_now();
  GsFigure *fig = view->build(snap, NULL);
  double t1 = gs_bench_now();
  GsRenderOptions ro;
  gs_render_options_init(&ro, 720, 540); /* pt: 960×720 px at 96 dpi */
  cairo_surface_t *img = gs_figure_render_image(fig, &ro, 96.0 / 72, NULL);
  cairo_surface_destroy(img);
  gs_figure_unref(fig);
  if (build_ms) *build_ms = 1e3 * (t1 - t0);
  return 1e3 * (gs_bench_now() - t1);
}

gboolean gs_bench_landscape_train(const GsBenchOptions *o, GArray *samples, GError **error)
{
  gint64 iters = o->iterations ? o->iterations : 2000;
  g_autoptr(GsSession) s = landscape_session(o, 128, error);
  if (!s) return FALSE;
  for (int i = 0; i < 100; i++)
    if (!gs_session_step(s, error)) return FALSE;
  for (int r = 0; r < o->repeat; r++) {
    double t0 = gs_bench_now();
    for (gint64 i = 0; i < iters; i++)
      if (!gs_session_step(s, error)) return FALSE;
    g_array_append_val(samples, (double){(double) iters / (gs_bench_now() - t0)});
  }
  printf("# %" G_GINT64_FORMAT " iterations per run (with the metrics every 50)\n", iters);
  return TRUE;
}

gboolean gs_bench_landscape_frame(const GsBenchOptions *o, GArray *samples, GError **error)
{
  enum { FRAMES = 20 };
  g_autoptr(GsSession) s = landscape_session(o, 256, error);
  if (!s) return FALSE;
  for (int i = 0; i < 200; i++)
    if (!gs_session_step(s, error)) return FALSE;
  printf("# frame  snapshot ms  build ms  render ms\n");
  for (int r = 0; r < o->repeat; r++) {
    double snap_ms[FRAMES], build_ms[FRAMES], render_ms[FRAMES];
    double total_ms[FRAMES];
    for (int f = 0; f < FRAMES; f++) {
      if (!gs_session_step(s, error)) return FALSE;
      g_usleep(120000); /* a snapshot on its own is computed in full (see gs-landscape.c) */
      double a = gs_bench_now();
      GsSnapshot *snap = gs_session_snapshot(s);
      snap_ms[f] = 1e3 * (gs_bench_now() - a);
      render_ms[f] = render_frame(snap, &build_ms[f]);
      g_object_unref(snap);
      total_ms[f] = snap_ms[f] + build_ms[f] + render_ms[f];
    }
    double fps = 1e3 / gs_bench_median(total_ms, FRAMES);
    char a[32], b[32], c[32];
    printf("# %5d  %11s  %8s  %9s\n", r,
           g_ascii_formatd(a, 32, "%.2f", gs_bench_median(snap_ms, FRAMES)),
           g_ascii_formatd(b, 32, "%.2f", gs_bench_median(build_ms, FRAMES)),
           g_ascii_formatd(c, 32, "%.2f", gs_bench_median(render_ms, FRAMES)));
    g_array_append_val(samples, fps);
  }
  return TRUE;
}

/* The render side of landscape-live: newest snapshot wins, as in GsFigureView. */
typedef struct {
  GMutex lock;
  GCond cond;
  GsSnapshot *pending;
  gboolean quit;
  int frames;
  double max_build_ms;
} Renderer;

static gpointer renderer_thread(gpointer data)
{
  Renderer *r = data;
  for (;;) {
    g_mutex_lock(&r->lock);
    while (!r->pending && !r->quit) g_cond_wait(&r->cond, &r->lock);
    GsSnapshot *snap = g_steal_pointer(&r->pending);
    gboolean quit = r->quit;
    g_mutex_unlock(&r->lock);
    if (!snap) {
      if (quit) return NULL;
      continue;
    }
    double build_ms;
    render_frame(snap, &build_ms);
    g_object_unref(snap);
    r->frames++;
    r->max_build_ms = MAX(r->max_build_ms, build_ms);
  }
}

gboolean gs_bench_landscape_live(const GsBenchOptions *o, GArray *samples, GError **error)
{
  double seconds = o->iterations ? (double) o->iterations : 5;
  g_autoptr(GsSession) s = landscape_session(o, 256, error);
  if (!s) return FALSE;
  for (int i = 0; i < 100; i++)
    if (!gs_session_step(s, error)) return FALSE;
  printf("# %g s per run; snapshot every 33 ms; frames 960×720 px at a 256×256 landscape\n",
         seconds);
  printf("# run  frames/s  snapshots' share of the worker  longest view build ms\n");
  for (int rep = 0; rep < o->repeat; rep++) {
    Renderer r = {0};
    g_mutex_init(&r.lock);
    g_cond_init(&r.cond);
    GThread *t = g_thread_new("render", renderer_thread, &r);
    double t0 = gs_bench_now(), last = 0, snap_s = 0;
    gint64 iters = 0;
    gboolean ok = TRUE;
    while (ok && gs_bench_now() - t0 < seconds) {
      ok = gs_session_step(s, error);
      iters++;
      double now = gs_bench_now();
      if (now - last >= 0.033) {
        last = now;
        GsSnapshot *snap = gs_session_snapshot(s);
        snap_s += gs_bench_now() - now;
        g_mutex_lock(&r.lock);
        if (r.pending) g_object_unref(r.pending);
        r.pending = snap;
        g_cond_signal(&r.cond);
        g_mutex_unlock(&r.lock);
      }
    }
    double elapsed = gs_bench_now() - t0;
    g_mutex_lock(&r.lock);
    r.quit = TRUE;
    g_cond_signal(&r.cond);
    g_mutex_unlock(&r.lock);
    g_thread_join(t);
    if (r.pending) g_object_unref(r.pending);
    g_mutex_clear(&r.lock);
    g_cond_clear(&r.cond);
    if (!ok) return FALSE;
    char a[32], b[32], c[32];
    printf("# %3d  %8s  %30s  %21s\n", rep, g_ascii_formatd(a, 32, "%.1f", r.frames / elapsed),
           g_ascii_formatd(c, 32, "%.2f", snap_s / elapsed),
           g_ascii_formatd(b, 32, "%.2f", r.max_build_ms));
    g_array_append_val(samples, (double){iters / elapsed});
  }
  return TRUE;
}
