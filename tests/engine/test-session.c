/* test-session.c — runs end to end with the synthetic kind: recording, reproducibility,
 * resuming from checkpoints, live parameters, failures and snapshots. */
#include "gs-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gs-test-kind.h"
#include "platform/gs-session.h"

static char *tmp_dir;

static GsExperimentFile *synthetic_file(guint64 seed, gint64 steps)
{
  GsExperimentFile *f = gs_experiment_file_new(&gs_test_kind);
  f->seed = seed;
  f->steps = steps;
  g_free(f->backend);
  f->backend = g_strdup("cpu");
  return f;
}

static GsStore *fresh_store(const char *name)
{
  g_autofree char *path = g_build_filename(tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  GsStore *store = gs_store_open(path, &error);
  g_assert_no_error(error);
  return store;
}

static gint64 run_to_end(GsStore *store, const GsExperimentFile *f, gint64 checkpoint_every)
{
  g_autoptr(GError) error = NULL;
  GsSessionOptions o = {
      .store = store, .checkpoint_every = checkpoint_every, .batch_rows = 7, .threads = 1};
  g_autoptr(GsSession) s = gs_session_new(f, &o, &error);
  g_assert_no_error(error);
  while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
  g_assert_true(gs_session_finish(s, GS_RUN_FINISHED, NULL, &error));
  return gs_session_get_run_id(s);
}

/* Every row of both runs, compared bit for bit. */
static void assert_same_metrics(GsStore *a, gint64 ra, GsStore *b, gint64 rb, gint64 from_step)
{
  g_autoptr(GsMetricView) ma = gs_store_load_metrics(a, ra, NULL);
  g_autoptr(GsMetricView) mb = gs_store_load_metrics(b, rb, NULL);
  g_assert_cmpuint(gs_metric_view_n_series(ma), ==, gs_metric_view_n_series(mb));
  for (guint i = 0; i < gs_metric_view_n_series(ma); i++) {
    int j = gs_metric_view_find(mb, gs_metric_view_name(ma, i));
    g_assert_cmpint(j, >=, 0);
    gsize k2 = 0;
    for (gsize k = 0; k < gs_metric_view_length(ma, i); k++) {
      GsMetricRow ra_row = gs_metric_view_row(ma, i, k);
      if (ra_row.step <= from_step) continue;
      GsMetricRow rb_row = gs_metric_view_row(mb, j, k2++);
      g_assert_cmpint(ra_row.step, ==, rb_row.step);
      g_assert_cmpmem(&ra_row.value, sizeof(double), &rb_row.value, sizeof(double));
    }
    g_assert_cmpuint(k2, ==, gs_metric_view_length(mb, j));
  }
}

static void test_record_and_reproduce(void)
{
  g_autoptr(GsStore) a = fresh_store("a.sqlite");
  g_autoptr(GsStore) b = fresh_store("b.sqlite");
  g_autoptr(GsExperimentFile) f = synthetic_file(11, 60);
  gint64 ra = run_to_end(a, f, 0);
  gint64 rb = run_to_end(b, f, 0);
  g_autoptr(GsRunInfo) info = gs_store_get_run(a, ra, NULL);
  g_assert_cmpint(info->status, ==, GS_RUN_FINISHED);
  g_assert_cmpint(info->last_step, ==, 60);
  g_assert_cmpstr(info->backend, ==, "cpu");
  g_assert_cmpuint(info->seed, ==, 11);
  g_assert_nonnull(strstr(info->params, "\"lr\":0.05"));
  assert_same_metrics(a, ra, b, rb, 0);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(a, ra, NULL);
  int loss = gs_metric_view_find(m, "loss");
  g_assert_cmpuint(gs_metric_view_length(m, loss), ==, 60);
  g_assert_cmpuint(gs_metric_view_length(m, gs_metric_view_find(m, "lr")), ==, 6);
  /* it learns: the last losses are well below the first */
  g_assert_cmpfloat(gs_metric_view_row(m, loss, 59).value, <, gs_metric_view_row(m, loss, 0).value);
  /* another seed gives other numbers */
  g_autoptr(GsExperimentFile) g = synthetic_file(12, 60);
  gint64 rc = run_to_end(a, g, 0);
  g_autoptr(GsMetricView) mc = gs_store_load_metrics(a, rc, NULL);
  g_assert_cmpfloat(gs_metric_view_row(mc, loss, 0).value, !=,
                    gs_metric_view_row(m, loss, 0).value);
}

static void test_resume_continues_exactly(void)
{
  g_autoptr(GsStore) store = fresh_store("resume.sqlite");
  g_autoptr(GsExperimentFile) f = synthetic_file(5, 40);
  gint64 original = run_to_end(store, f, 15);
  g_autoptr(GArray) steps = gs_store_list_checkpoints(store, original, NULL);
  g_assert_cmpuint(steps->len, ==, 3); /* 15, 30 and the end, 40 */
  g_assert_cmpint(g_array_index(steps, gint64, 1), ==, 30);
  g_autoptr(GError) error = NULL;
  GsSessionOptions o = {.threads = 1};
  g_autoptr(GsSession) s = gs_session_resume(store, original, 15, &o, &error);
  g_assert_no_error(error);
  g_assert_cmpint(gs_session_get_step(s), ==, 15);
  while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
  g_assert_true(gs_session_finish(s, GS_RUN_FINISHED, NULL, &error));
  gint64 resumed = gs_session_get_run_id(s);
  g_autoptr(GsRunInfo) r = gs_store_get_run(store, resumed, NULL);
  g_autoptr(GsRunInfo) o_info = gs_store_get_run(store, original, NULL);
  g_assert_cmpstr(r->resumed_from, ==, o_info->uuid);
  g_assert_cmpint(r->resumed_step, ==, 15);
  assert_same_metrics(store, original, store, resumed, 15);
  /* no checkpoint at a step that was not saved */
  g_assert_null(gs_session_resume(store, original, 16, &o, &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND);
}

static void test_failure_and_live(void)
{
  g_autoptr(GsStore) store = fresh_store("fail.sqlite");
  g_autoptr(GsExperimentFile) f = synthetic_file(1, 50);
  g_autoptr(GError) error = NULL;
  g_assert_true(gs_param_values_parse(f->params, "fail_at", "9", &error));
  GsSessionOptions o = {.store = store, .threads = 1};
  g_autoptr(GsSession) s = gs_session_new(f, &o, &error);
  g_assert_true(gs_session_set_live(s, "lr", g_variant_new_double(0.01), &error));
  g_assert_false(gs_session_set_live(s, "lr", g_variant_new_double(3), &error));
  g_assert_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE);
  g_clear_error(&error);
  g_assert_false(gs_session_set_live(s, "batch", g_variant_new_int64(3), &error));
  g_assert_nonnull(strstr(error->message, "applies on reset"));
  g_clear_error(&error);
  g_assert_cmpfloat(gs_param_values_get_double(gs_session_get_file(s)->params, "lr"), ==, 0.01);
  while (gs_session_step(s, &error)) {
  }
  g_assert_nonnull(error);
  g_assert_cmpint(gs_session_get_step(s), ==, 8);
  g_assert_true(gs_session_finish(s, GS_RUN_FAILED, error, NULL));
  g_autoptr(GsRunInfo) info = gs_store_get_run(store, gs_session_get_run_id(s), NULL);
  g_assert_cmpint(info->status, ==, GS_RUN_FAILED);
  g_assert_cmpstr(info->error, ==, "failed on purpose at step 9");
  g_assert_cmpint(info->last_step, ==, 8);
  /* the recorded parameters are the ones in force when the first step started */
  g_assert_nonnull(strstr(info->params, "\"lr\":0.01"));
}

static void test_snapshot(void)
{
  g_autoptr(GsExperimentFile) f = synthetic_file(3, 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsSession) s = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
  g_assert_cmpint(gs_session_get_run_id(s), ==, -1);
  for (int i = 0; i < 4; i++) g_assert_true(gs_session_step(s, &error));
  g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
  g_assert_true(GS_IS_SNAPSHOT(snap));
  g_assert_cmpint(gs_snapshot_get_step(snap), ==, 4);
  int ndim;
  gint64 shape[4];
  const float *fit = gs_snapshot_get_floats(snap, "fit", &ndim, shape);
  g_assert_nonnull(fit);
  g_assert_cmpint(ndim, ==, 2);
  g_assert_cmpint(shape[0], ==, 64);
  g_assert_cmpfloat(fit[0], ==, -1.0f);
  GsMetricView *m = gs_snapshot_get_metrics(snap);
  g_assert_cmpuint(gs_metric_view_length(m, gs_metric_view_find(m, "loss")), ==, 4);
  /* the snapshot does not change as the run goes on */
  for (int i = 0; i < 4; i++) g_assert_true(gs_session_step(s, &error));
  g_assert_cmpuint(gs_metric_view_length(m, gs_metric_view_find(m, "loss")), ==, 4);
  double last;
  g_assert_true(gs_session_last_metric(s, "loss", &last));
}

static void test_metric_chunks(void)
{
  /* A history longer than one chunk reads back in order, and old views stay valid. */
  GsMetricLog *log = gs_metric_log_new();
  GsMetricView *early = NULL;
  for (gint64 i = 1; i <= 10000; i++) {
    gs_metric_log_add(log, i, "a", (double) i);
    if (i == 5000) early = gs_metric_log_freeze(log);
  }
  GsMetricView *late = gs_metric_log_freeze(log);
  gs_metric_log_free(log);
  g_assert_cmpuint(gs_metric_view_length(early, 0), ==, 5000);
  g_assert_cmpuint(gs_metric_view_length(late, 0), ==, 10000);
  for (gsize k = 0; k < 10000; k++)
    g_assert_cmpfloat(gs_metric_view_row(late, 0, k).value, ==, k + 1);
  g_assert_cmpint(gs_metric_view_row(early, 0, 4999).step, ==, 5000);
  gs_metric_view_unref(early);
  gs_metric_view_unref(late);
}

/* A stored run's snapshot, rebuilt from its checkpoint, is the one the live run ended with. */
static void test_snapshot_of_run(void)
{
  g_autoptr(GsStore) store = fresh_store("snap.sqlite");
  g_autoptr(GsExperimentFile) f = synthetic_file(9, 25);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsSession) s =
      gs_session_new(f, &(GsSessionOptions){.store = store, .threads = 1}, &error);
  while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
  g_autoptr(GsSnapshot) live = gs_session_snapshot(s);
  g_assert_true(gs_session_finish(s, GS_RUN_FINISHED, NULL, &error));
  g_autoptr(GsSnapshot) stored =
      gs_session_snapshot_of_run(store, gs_session_get_run_id(s), -1, &error);
  g_assert_no_error(error);
  g_assert_cmpint(gs_snapshot_get_step(stored), ==, 25);
  gint64 shape_a[4], shape_b[4];
  int nd_a, nd_b;
  const float *a = gs_snapshot_get_floats(live, "fit", &nd_a, shape_a);
  const float *b = gs_snapshot_get_floats(stored, "fit", &nd_b, shape_b);
  g_assert_nonnull(b);
  g_assert_cmpint(nd_a, ==, nd_b);
  g_assert_cmpmem(a, shape_a[0] * shape_a[1] * sizeof(float), b,
                  shape_b[0] * shape_b[1] * sizeof(float));
  GsMetricView *m = gs_snapshot_get_metrics(stored);
  g_assert_cmpuint(gs_metric_view_length(m, gs_metric_view_find(m, "loss")), ==, 25);
  /* without checkpoints: the metrics alone */
  g_autoptr(GsSession) t = gs_session_new(
      f, &(GsSessionOptions){.store = store, .threads = 1, .checkpoint_every = -1}, &error);
  while (!gs_session_is_finished(t)) g_assert_true(gs_session_step(t, &error));
  g_assert_true(gs_session_finish(t, GS_RUN_FINISHED, NULL, &error));
  g_autoptr(GsSnapshot) bare =
      gs_session_snapshot_of_run(store, gs_session_get_run_id(t), -1, &error);
  g_assert_no_error(error);
  g_assert_null(gs_snapshot_get_floats(bare, "fit", NULL, NULL));
  g_assert_cmpint(gs_metric_view_n_series(gs_snapshot_get_metrics(bare)), ==, 3);
  g_assert_null(gs_session_snapshot_of_run(store, gs_session_get_run_id(t), 5, &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND);
}

/* The session as a runner job: the worker thread trains, the store records the outcome. */
static void wait_terminal(GsRunner *runner)
{
  gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (!gs_runner_state_is_terminal(gs_runner_get_state(runner)) &&
         g_get_monotonic_time() < deadline)
    g_main_context_iteration(NULL, TRUE);
  g_assert_true(gs_runner_state_is_terminal(gs_runner_get_state(runner)));
}

static void test_runner_job(void)
{
  g_autoptr(GsStore) store = fresh_store("runner.sqlite");
  g_autoptr(GsExperimentFile) f = synthetic_file(2, 30);
  g_autoptr(GError) error = NULL;
  GsSession *s = gs_session_new(f, &(GsSessionOptions){.store = store, .threads = 1}, &error);
  g_assert_cmpint(gs_session_get_run_id(s), ==, -1); /* recorded when it starts */
  gint64 run = 1;
  GsRunner *runner = gs_runner_new(&gs_session_job_vtable, s);
  gs_runner_set_param(runner, "lr", g_variant_new_double(0.02));
  gs_runner_start(runner);
  wait_terminal(runner);
  g_assert_cmpint(gs_runner_get_state(runner), ==, GS_RUNNER_FINISHED);
  GObject *snap = gs_runner_get_snapshot(runner);
  g_assert_true(GS_IS_SNAPSHOT(snap));
  g_assert_cmpint(gs_snapshot_get_step(GS_SNAPSHOT(snap)), ==, 30);
  g_object_unref(runner);
  g_autoptr(GsRunInfo) info = gs_store_get_run(store, run, NULL);
  g_assert_cmpint(info->status, ==, GS_RUN_FINISHED);
  g_assert_cmpint(info->last_step, ==, 30);

  /* stopped half way */
  g_assert_true(gs_param_values_parse(f->params, "sleep_us", "2000", &error));
  f->steps = 100000;
  s = gs_session_new(f, &(GsSessionOptions){.store = store, .threads = 1}, &error);
  run = 2;
  runner = gs_runner_new(&gs_session_job_vtable, s);
  gs_runner_step(runner, 5);
  while (gs_runner_get_steps_done(runner) < 5) g_main_context_iteration(NULL, TRUE);
  gs_runner_stop(runner);
  wait_terminal(runner);
  g_object_unref(runner);
  g_autoptr(GsRunInfo) stopped = gs_store_get_run(store, run, NULL);
  g_assert_cmpint(stopped->status, ==, GS_RUN_STOPPED);
  g_assert_cmpint(stopped->last_step, ==, 5);

  /* a failing step ends the run as failed, with its message */
  gs_param_values_parse(f->params, "sleep_us", "0", NULL);
  gs_param_values_parse(f->params, "fail_at", "3", NULL);
  s = gs_session_new(f, &(GsSessionOptions){.store = store, .threads = 1}, &error);
  run = 3;
  runner = gs_runner_new(&gs_session_job_vtable, s);
  gs_runner_start(runner);
  wait_terminal(runner);
  g_assert_cmpint(gs_runner_get_state(runner), ==, GS_RUNNER_FAILED);
  g_object_unref(runner);
  /* a session that never steps leaves nothing */
  gs_session_free(gs_session_new(f, &(GsSessionOptions){.store = store, .threads = 1}, &error));
  g_autoptr(GPtrArray) all = gs_store_list_runs(store, NULL, NULL);
  g_assert_cmpuint(all->len, ==, 3);
  g_autoptr(GsRunInfo) failed = gs_store_get_run(store, run, NULL);
  g_assert_cmpint(failed->status, ==, GS_RUN_FAILED);
  g_assert_cmpstr(failed->error, ==, "failed on purpose at step 3");
}

static void remove_tree(const char *path)
{
  GDir *d = g_dir_open(path, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    g_autofree char *p = g_build_filename(path, name, NULL);
    g_unlink(p);
  }
  if (d) g_dir_close(d);
  g_rmdir(path);
}

/* The file's backend, then GANSCAPE_BACKEND, then the preference (gs-session.h). */
static const char *backend_chosen(const char *in_file, const char *env, const char *preference,
                                  GError **error)
{
  g_autoptr(GsExperimentFile) f = synthetic_file(1, 2);
  g_free(f->backend);
  f->backend = g_strdup(in_file);
  if (env)
    g_setenv("GANSCAPE_BACKEND", env, TRUE);
  else
    g_unsetenv("GANSCAPE_BACKEND");
  GsSessionOptions o = {.threads = 1, .backend_preference = preference};
  GsSession *s = gs_session_new(f, &o, error);
  g_unsetenv("GANSCAPE_BACKEND");
  if (!s) return NULL;
  const char *name = g_intern_string(gs_session_get_backend_name(s));
  gs_session_free(s);
  return name;
}

static void test_backend_choice(void)
{
  g_autoptr(GError) error = NULL;
  g_unsetenv("GANSCAPE_VULKAN_ALLOW_CPU");
  g_assert_cmpstr(backend_chosen("auto", NULL, "cpu", &error), ==, "cpu");
  g_assert_cmpstr(backend_chosen("auto", "cpu", "vulkan", &error), ==, "cpu");
  g_assert_no_error(error);
  g_assert_null(backend_chosen("auto", "gpu", NULL, &error));
  g_assert_nonnull(strstr(error->message, "\"gpu\" (from GANSCAPE_BACKEND): must be auto"));
  g_clear_error(&error);
  /* the file's own choice wins over the environment: Vulkan, or a message saying why not */
  const char *v = backend_chosen("vulkan", "cpu", NULL, &error);
  if (v) {
    g_assert_cmpstr(v, ==, "vulkan");
  } else {
    g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, "\"vulkan\" (from the experiment): "));
  }
}

/* A device that fails under a run (here: a Vulkan pool far too small) stops it with a message
 * at the first step, instead of recording zeros. */
static void test_device_failure(void)
{
  gs_backend_options bo = {.device_index = -1, .allow_cpu_device = TRUE};
  char why[256];
  if (!gs_vulkan_available(&bo, why, sizeof why)) {
    g_test_skip_printf("skipped: no Vulkan device (%s)", why);
    return;
  }
  g_setenv("GANSCAPE_VULKAN_ALLOW_CPU", "1", TRUE);
  g_setenv("GANSCAPE_VK_POOL_LIMIT", "1024", TRUE);
  g_autoptr(GsExperimentFile) f = synthetic_file(1, 5);
  g_free(f->backend);
  f->backend = g_strdup("vulkan");
  g_autoptr(GError) error = NULL;
  GsSessionOptions o = {.threads = 1};
  g_autoptr(GsSession) s = gs_session_new(f, &o, &error);
  g_unsetenv("GANSCAPE_VULKAN_ALLOW_CPU");
  g_unsetenv("GANSCAPE_VK_POOL_LIMIT");
  g_assert_no_error(error);
  g_assert_false(gs_session_step(s, &error));
  g_assert_nonnull(error);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "the vulkan backend failed at step 1: "));
  g_assert_nonnull(strstr(error->message, "out of device memory"));
  g_assert_cmpint(gs_session_get_step(s), ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  gs_test_kind_register();
  tmp_dir = g_dir_make_tmp("gs-session-XXXXXX", NULL);
  g_test_add_func("/session/reproduce", test_record_and_reproduce);
  g_test_add_func("/session/resume", test_resume_continues_exactly);
  g_test_add_func("/session/failure-live", test_failure_and_live);
  g_test_add_func("/session/snapshot", test_snapshot);
  g_test_add_func("/session/metric-chunks", test_metric_chunks);
  g_test_add_func("/session/runner-job", test_runner_job);
  g_test_add_func("/session/snapshot-of-run", test_snapshot_of_run);
  g_test_add_func("/session/backend-choice", test_backend_choice);
  g_test_add_func("/session/device-failure", test_device_failure);
  int rc = g_test_run();
  remove_tree(tmp_dir);
  g_free(tmp_dir);
  return rc;
}
