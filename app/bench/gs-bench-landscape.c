/* gs-bench-landscape.c — the landscape experiment as the window runs it (no GTK):
 *   landscape-train  its training iterations headless (defaults: NS + R1, ReLU 64×64, batch
 *                    256), to set beside gan2d
 *   landscape-frame  one frame at a 256×256 landscape computed in full: the worker's snapshot
 *                    (D on the grid, samples, manifold, D* ingredients), the main thread's view
 *                    build and the render thread's 960×720 px image; 1 / median total time
 *   landscape-live   training on a GsRunner while this thread, in the main loop, draws every
 *                    snapshot it delivers, as the window does: the training rate with the
 *                    view live, frames drawn per second and the longest view build
 */
#include <stdio.h>

#include "experiments/landscape/gs-landscape.h"
#include "gs-bench-impl.h"
#include "gs-view.h"
#include "platform/gs-session.h"
#include "runner/gs-runner.h"

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

/* landscape-live's main thread: draws every snapshot the runner delivers, as GsFigureView does
 * (newest wins: the runner drops one that was not picked up in time). */
typedef struct {
  int frames;
  double max_build_ms;
} Frames;

static void snapshot_cb(GsRunner *runner, GParamSpec *pspec, Frames *f)
{
  GsSnapshot *snap = GS_SNAPSHOT(gs_runner_get_snapshot(runner));
  if (!snap) return;
  double build_ms;
  render_frame(snap, &build_ms);
  f->frames++;
  f->max_build_ms = MAX(f->max_build_ms, build_ms);
}

static gboolean quit_cb(gpointer loop)
{
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

gboolean gs_bench_landscape_live(const GsBenchOptions *o, GArray *samples, GError **error)
{
  double seconds = o->iterations ? (double) o->iterations : 5;
  GsSession *s = landscape_session(o, 256, error);
  if (!s) return FALSE;
  for (int i = 0; i < 100; i++)
    if (!gs_session_step(s, error)) {
      g_object_unref(s);
      return FALSE;
    }
  printf("# %g s per run on GsRunner; every delivered snapshot drawn at 960×720 px, 256×256 "
         "landscape\n",
         seconds);
  printf("# run  frames/s  longest view build ms\n");
  GsRunner *runner = gs_runner_new(&gs_session_job_vtable, s); /* owns the session now */
  Frames f = {0};
  g_signal_connect(runner, "notify::snapshot", G_CALLBACK(snapshot_cb), &f);
  GMainLoop *loop = g_main_loop_new(NULL, FALSE);
  gs_runner_start(runner);
  gboolean ok = TRUE;
  for (int rep = 0; rep < o->repeat && ok; rep++) {
    f = (Frames){0};
    guint64 steps0 = gs_runner_get_steps_done(runner);
    double t0 = gs_bench_now();
    g_timeout_add((guint) (seconds * 1000), quit_cb, loop);
    g_main_loop_run(loop);
    double elapsed = gs_bench_now() - t0;
    guint64 steps = gs_runner_get_steps_done(runner) - steps0;
    ok = gs_runner_get_state(runner) == GS_RUNNER_RUNNING;
    char a[32], b[32];
    printf("# %3d  %8s  %21s\n", rep, g_ascii_formatd(a, 32, "%.1f", f.frames / elapsed),
           g_ascii_formatd(b, 32, "%.2f", f.max_build_ms));
    g_array_append_val(samples, (double){(double) steps / elapsed});
  }
  if (!ok) {
    const GError *e = gs_runner_get_error(runner);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "the run stopped: %s",
                e ? e->message : "unknown reason");
  }
  g_signal_handlers_disconnect_by_data(runner, &f);
  g_object_unref(runner);
  g_main_loop_unref(loop);
  return ok;
}
