/* gs-bench-vkstart.c — vulkan-start: how long a person waits for the Vulkan backend.
 *
 * Each timed run is a fresh process (this program again, through /proc/self/exe), because
 * drivers keep their shader caches per process: a second backend in the same process would
 * not be cold. A child makes a Vulkan backend and times four things:
 *   create   gs_backend_new;
 *   first    one small elementwise op and its read-back (the first result a person sees);
 *   others   then one op of each other family but the kernel sums, each read back;
 *   rbf      then one fused kernel sum (gs-rbf.comp: by far the slowest shader to compile).
 * Cold runs get an empty $XDG_CACHE_HOME each (the pipeline cache and Mesa's shader cache
 * both live there); warm runs share one that an untimed run filled first. The summary value is
 * the median cold create + first. The parent's own backend (--backend) is not used: run it with
 * the default auto (the CPU where no GPU is), and GANSCAPE_VULKAN_ALLOW_CPU=1 for lavapipe. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-bench-impl.h"

#define CHILD_ENV "GANSCAPE_BENCH_VULKAN_START_CHILD"
enum { N_TIMES = 4 };

static void read_one(gs_tensor *t)
{
  float probe;
  gs_ctx *ctx = t->ctx;
  gs_read(gs_slice(ctx, gs_flatten(ctx, t), 0, 0, 1), &probe);
}

/* In the child: time creation, the first op, and one op of each family; print them. */
static gboolean child_run(const GsBenchOptions *o, GArray *samples, GError **error)
{
  gs_backend_options bo = {.threads = o->threads, .device_index = -1};
  gs_error err = {0};
  double t0 = gs_bench_now();
  gs_backend *be = gs_backend_new(GS_BACKEND_VULKAN, &bo, &err);
  double t_create = gs_bench_now();
  if (!be) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", err.msg);
    return FALSE;
  }
  gs_ctx *ctx = gs_ctx_new(be);
  float v[256];
  for (int i = 0; i < 256; i++) v[i] = (float) i / 256.0f;
  gs_tensor *a = gs_from_data(ctx, GS_F32, 2, (int64_t[]){16, 16}, v);
  read_one(gs_add(ctx, a, a)); /* binary family */
  double t_first = gs_bench_now();

  gs_rng rng = gs_rng_new(1);
  gs_tensor *idx = gs_from_data(ctx, GS_I32, 1, (int64_t[]){2}, (int32_t[]){3, 1});
  read_one(gs_exp(ctx, a));                   /* unary */
  read_one(gs_contiguous(ctx, gs_t(ctx, a))); /* copy */
  read_one(gs_sum(ctx, a, 1, false));         /* reduce */
  read_one(gs_log_softmax(ctx, a, 1));        /* softmax */
  read_one(gs_matmul(ctx, a, a));             /* matmul */
  read_one(gs_gather_rows(ctx, a, idx));      /* index */
  read_one(
      gs_max_pool2d(ctx, gs_reshape(ctx, a, 4, (int64_t[]){1, 1, 16, 16}), 2, 2, 0)); /* conv */
  read_one(gs_rand_normal(ctx, &rng, GS_F32, 1, (int64_t[]){64}, 0, 1));              /* rng */
  gs_params params = {0};
  gs_tensor *w = gs_from_data(ctx, GS_F32, 1, (int64_t[]){256}, v);
  gs_params_add(&params, "w", w);
  gs_optim_config oc = gs_optim_config_default(GS_OPTIM_ADAM);
  gs_optim *adam = gs_optim_new(ctx, &oc, &params);
  gs_optim_step(adam, &w, 1e-3); /* optim */
  read_one(w);
  double t_others = gs_bench_now();
  gs_rbf phi = {.kind = GS_RBF_POW_LOG, .k = 2};
  read_one(gs_rbf_sum(ctx, a, a, gs_flatten(ctx, gs_slice(ctx, a, 1, 0, 1)), &phi)); /* rbf */
  double t_rbf = gs_bench_now();

  gboolean ok = gs_backend_failure(be) == NULL;
  if (!ok)
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "the device failed: %s",
                gs_backend_failure(be));
  gs_optim_free(adam);
  gs_params_clear(&params);
  gs_ctx_free(ctx);
  gs_backend_free(be);
  if (!ok) return FALSE;
  double ms[N_TIMES] = {t_create - t0, t_first - t_create, t_others - t_first, t_rbf - t_others};
  printf("vulkan-start-child");
  for (int k = 0; k < N_TIMES; k++) {
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    printf(" %s", g_ascii_dtostr(num, sizeof num, ms[k] * 1e3));
  }
  printf("\n");
  g_array_append_val(samples, (double){(t_first - t0) * 1e3});
  return TRUE;
}

/* Run one child with XDG_CACHE_HOME = cache; ms gets its times. */
static gboolean spawn_child(const GsBenchOptions *o, const char *exe, const char *cache,
                            double ms[N_TIMES], GError **error)
{
  char threads[16];
  g_snprintf(threads, sizeof threads, "%d", o->threads);
  char *argv[] = {(char *) exe, "bench", "vulkan-start", "--backend", "cpu",
                  "--repeat",   "1",     "--threads",    threads,     NULL};
  char **env = g_get_environ();
  env = g_environ_setenv(env, "XDG_CACHE_HOME", cache, TRUE);
  env = g_environ_setenv(env, CHILD_ENV, "1", TRUE);
  char *out = NULL, *err = NULL;
  int status = 0;
  gboolean ok =
      g_spawn_sync(NULL, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, error);
  g_strfreev(env);
  if (ok && !g_spawn_check_wait_status(status, NULL)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "the child run failed: %s",
                err && err[0] ? g_strstrip(err) : "(no message)");
    ok = FALSE;
  }
  const char *line = ok ? strstr(out, "vulkan-start-child ") : NULL;
  if (ok && !line) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "the child run printed no times");
    ok = FALSE;
  }
  if (ok) {
    char *end = (char *) line + strlen("vulkan-start-child ");
    for (int i = 0; i < N_TIMES; i++) ms[i] = g_ascii_strtod(end, &end);
  }
  g_free(out);
  g_free(err);
  return ok;
}

static void remove_tree(const char *path)
{
  GDir *dir = g_dir_open(path, 0, NULL);
  if (dir) {
    const char *name;
    while ((name = g_dir_read_name(dir))) {
      char *sub = g_build_filename(path, name, NULL);
      if (g_file_test(sub, G_FILE_TEST_IS_DIR) && !g_file_test(sub, G_FILE_TEST_IS_SYMLINK))
        remove_tree(sub);
      else
        g_remove(sub);
      g_free(sub);
    }
    g_dir_close(dir);
  }
  g_rmdir(path);
}

static void report(const char *label, double (*ms)[N_TIMES], int n)
{
  static const char *const what[N_TIMES] = {"create", "first op", "other families", "rbf"};
  for (int k = 0; k < N_TIMES; k++) {
    double *v = g_new(double, n);
    for (int r = 0; r < n; r++) v[r] = ms[r][k];
    char name[64];
    g_snprintf(name, sizeof name, "%s %s (median of %d)", label, what[k], n);
    gs_bench_print(name, gs_bench_median(v, (guint) n), "ms");
    g_free(v);
  }
}

gboolean gs_bench_vulkan_start(const GsBenchOptions *o, GArray *samples, GError **error)
{
  if (g_strcmp0(g_getenv(CHILD_ENV), "1") == 0) return child_run(o, samples, error);
  char *exe = g_file_read_link("/proc/self/exe", error);
  if (!exe) return FALSE;
  typedef double times[N_TIMES];
  times *cold = g_new0(times, o->repeat), *warm = g_new0(times, o->repeat);
  char *warm_dir = g_dir_make_tmp("ganscape-vkstart-XXXXXX", error);
  gboolean ok = warm_dir != NULL;
  for (int r = 0; ok && r < o->repeat; r++) {
    char *dir = g_dir_make_tmp("ganscape-vkstart-XXXXXX", error);
    ok = dir && spawn_child(o, exe, dir, cold[r], error);
    if (ok)
      printf("# cold run %d: create %.0f ms, first op %.0f ms, other families %.0f ms, "
             "rbf %.0f ms\n",
             r + 1, cold[r][0], cold[r][1], cold[r][2], cold[r][3]);
    if (dir) remove_tree(dir);
    g_free(dir);
    if (ok) g_array_append_val(samples, (double){cold[r][0] + cold[r][1]});
  }
  double fill[N_TIMES];
  ok = ok && spawn_child(o, exe, warm_dir, fill, error); /* untimed: fills the warm cache */
  for (int r = 0; ok && r < o->repeat; r++) {
    ok = spawn_child(o, exe, warm_dir, warm[r], error);
    if (ok)
      printf("# warm run %d: create %.0f ms, first op %.0f ms, other families %.0f ms, "
             "rbf %.0f ms\n",
             r + 1, warm[r][0], warm[r][1], warm[r][2], warm[r][3]);
  }
  fflush(stdout);
  if (ok) {
    report("cold", cold, o->repeat);
    report("warm", warm, o->repeat);
  }
  if (warm_dir) remove_tree(warm_dir);
  g_free(warm_dir);
  g_free(cold);
  g_free(warm);
  g_free(exe);
  return ok;
}
