/* test-runner.c — GsRunner with a synthetic job: command order, coalescing, pause/step
 * semantics, errors, cancellation and shutdown under load. */
#include "runner/gs-runner.h"

/* ---- a snapshot that counts its live instances ---- */

#define TEST_TYPE_SNAPSHOT (test_snapshot_get_type())
G_DECLARE_FINAL_TYPE(TestSnapshot, test_snapshot, TEST, SNAPSHOT, GObject)
struct _TestSnapshot {
  GObject parent_instance;
  guint64 steps;
  double a;
  gpointer payload;
};
G_DEFINE_FINAL_TYPE(TestSnapshot, test_snapshot, G_TYPE_OBJECT)
static gint snapshots_alive;

static void test_snapshot_finalize(GObject *object)
{
  g_free(TEST_SNAPSHOT(object)->payload);
  g_atomic_int_add(&snapshots_alive, -1);
  G_OBJECT_CLASS(test_snapshot_parent_class)->finalize(object);
}
static void test_snapshot_class_init(TestSnapshotClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = test_snapshot_finalize;
}
static void test_snapshot_init(TestSnapshot *self)
{
  g_atomic_int_add(&snapshots_alive, 1);
}

/* ---- the job, and the probe the test keeps after the runner frees the job ---- */

typedef struct {
  GMutex lock;
  GCond cond;
  gint64 gate;      /* steps allowed to complete; < 0: no limit */
  gboolean waiting; /* a step is blocked at the gate */
  guint64 steps;
  GString *log;
  gboolean freed;
  guint fail_at;     /* fail this step (1-based); 0: never */
  guint finish_at;   /* finished after this many steps; 0: never */
  gsize payload;     /* bytes carried by each snapshot */
  guint snapshot_ms; /* each snapshot takes this long */
  guint snapshots;   /* taken so far */
} Probe;

typedef struct {
  Probe *probe;
  double a;
} Job;

static Probe *probe_new(void)
{
  Probe *p = g_new0(Probe, 1);
  g_mutex_init(&p->lock);
  g_cond_init(&p->cond);
  p->gate = -1;
  p->log = g_string_new(NULL);
  return p;
}

static void probe_free(Probe *p)
{
  g_string_free(p->log, TRUE);
  g_mutex_clear(&p->lock);
  g_cond_clear(&p->cond);
  g_free(p);
}

static void probe_set_gate(Probe *p, gint64 gate)
{
  g_mutex_lock(&p->lock);
  p->gate = gate;
  g_cond_broadcast(&p->cond);
  g_mutex_unlock(&p->lock);
}

static guint64 probe_steps(Probe *p)
{
  g_mutex_lock(&p->lock);
  guint64 steps = p->steps;
  g_mutex_unlock(&p->lock);
  return steps;
}

static gboolean job_step(gpointer data, GCancellable *cancellable, GError **error)
{
  Job *job = data;
  Probe *p = job->probe;
  g_mutex_lock(&p->lock);
  while (p->gate == 0) {
    p->waiting = TRUE;
    g_cond_broadcast(&p->cond);
    /* Poll the cancellable: a long step must let the runner stop it. */
    g_cond_wait_until(&p->cond, &p->lock, g_get_monotonic_time() + 2000);
    if (g_cancellable_is_cancelled(cancellable)) {
      p->waiting = FALSE;
      g_mutex_unlock(&p->lock);
      return !g_cancellable_set_error_if_cancelled(cancellable, error);
    }
  }
  p->waiting = FALSE;
  if (p->gate > 0) p->gate--;
  if (p->fail_at && p->steps + 1 == p->fail_at) {
    g_mutex_unlock(&p->lock);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "diverged at step %u", p->fail_at);
    return FALSE;
  }
  p->steps++;
  g_string_append(p->log, "s ");
  g_mutex_unlock(&p->lock);
  return TRUE;
}

static GObject *job_snapshot(gpointer data)
{
  Job *job = data;
  if (job->probe->snapshot_ms) g_usleep(job->probe->snapshot_ms * 1000);
  g_atomic_int_inc(&job->probe->snapshots);
  TestSnapshot *snap = g_object_new(TEST_TYPE_SNAPSHOT, NULL);
  snap->steps = probe_steps(job->probe);
  snap->a = job->a;
  if (job->probe->payload) snap->payload = g_malloc0(job->probe->payload);
  return G_OBJECT(snap);
}

static gboolean job_set_param(gpointer data, const char *name, GVariant *value, GError **error)
{
  Job *job = data;
  if (g_strcmp0(name, "a") != 0 || !g_variant_is_of_type(value, G_VARIANT_TYPE_DOUBLE)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no live parameter “%s”", name);
    return FALSE;
  }
  job->a = g_variant_get_double(value);
  g_mutex_lock(&job->probe->lock);
  g_string_append_printf(job->probe->log, "a=%g ", job->a);
  g_mutex_unlock(&job->probe->lock);
  return TRUE;
}

static gboolean job_is_finished(gpointer data)
{
  Job *job = data;
  return job->probe->finish_at && probe_steps(job->probe) >= job->probe->finish_at;
}

static double job_progress(gpointer data)
{
  Job *job = data;
  if (!job->probe->finish_at) return -1.0;
  return (double) probe_steps(job->probe) / job->probe->finish_at;
}

static void job_free(gpointer data)
{
  Job *job = data;
  g_mutex_lock(&job->probe->lock);
  job->probe->freed = TRUE;
  g_cond_broadcast(&job->probe->cond);
  g_mutex_unlock(&job->probe->lock);
  g_free(job);
}

static const GsJobVTable job_vtable = {
    .step = job_step,
    .snapshot = job_snapshot,
    .set_param = job_set_param,
    .is_finished = job_is_finished,
    .progress = job_progress,
    .free = job_free,
};

/* Only step and free: what an experiment without views or live parameters offers. */
static const GsJobVTable bare_vtable = {
    .step = job_step,
    .free = job_free,
};

static GsRunner *runner_new(const GsJobVTable *vtable, Probe *p)
{
  Job *job = g_new0(Job, 1);
  job->probe = p;
  return gs_runner_new(vtable, job);
}

/* ---- waiting ---- */

typedef gboolean (*Predicate)(gpointer data);

/* Iterate the main context until pred holds; a hang is a failure, not a timeout. */
static void wait_for(Predicate pred, gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  while (!pred(data)) {
    if (g_get_monotonic_time() > deadline) g_error("timed out waiting for %s", what);
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(500);
  }
}

/* Without iterating the main context: wait until a step is blocked at the gate. */
static void wait_blocked(Probe *p)
{
  g_mutex_lock(&p->lock);
  while (!p->waiting) g_cond_wait(&p->cond, &p->lock);
  g_mutex_unlock(&p->lock);
}

static void wait_freed(Probe *p)
{
  g_mutex_lock(&p->lock);
  while (!p->freed) g_cond_wait(&p->cond, &p->lock);
  g_mutex_unlock(&p->lock);
}

static GsRunner *pred_runner;
static GsRunnerState pred_state;
static guint64 pred_steps;

static gboolean state_is(gpointer data)
{
  return gs_runner_get_state(pred_runner) == pred_state;
}
static gboolean paused_at(gpointer data)
{
  return gs_runner_get_state(pred_runner) == GS_RUNNER_PAUSED &&
         gs_runner_get_steps_done(pred_runner) == pred_steps;
}
static gboolean steps_at_least(gpointer data)
{
  return gs_runner_get_steps_done(pred_runner) >= pred_steps;
}

static void wait_state(GsRunner *runner, GsRunnerState state)
{
  pred_runner = runner;
  pred_state = state;
  wait_for(state_is, NULL,
           g_enum_get_value(g_type_class_peek(GS_TYPE_RUNNER_STATE), state)->value_nick);
}

static void wait_paused_at(GsRunner *runner, guint64 steps)
{
  pred_runner = runner;
  pred_steps = steps;
  wait_for(paused_at, NULL, "the run to pause at a given step");
}

static void spin_main_context(guint milliseconds)
{
  gint64 end = g_get_monotonic_time() + milliseconds * 1000;
  while (g_get_monotonic_time() < end)
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(500);
}

/* ---- recording what the main thread is told ---- */

typedef struct {
  GString *states;
  GString *params;
  guint snapshots;
  guint failures;
  GError *error;
} Record;

static void state_cb(GsRunner *runner, GParamSpec *pspec, Record *rec)
{
  GEnumClass *klass = g_type_class_peek(GS_TYPE_RUNNER_STATE);
  g_string_append_printf(rec->states, "%s ",
                         g_enum_get_value(klass, gs_runner_get_state(runner))->value_nick);
}

static void snapshot_cb(GsRunner *runner, GParamSpec *pspec, Record *rec)
{
  rec->snapshots++;
}

static void failed_cb(GsRunner *runner, const GError *error, Record *rec)
{
  rec->failures++;
  g_clear_error(&rec->error);
  rec->error = g_error_copy(error);
  g_assert_cmpint(gs_runner_get_state(runner), ==, GS_RUNNER_FAILED);
}

static void param_cb(GsRunner *runner, const char *name, GVariant *value, const GError *error,
                     Record *rec)
{
  g_autofree char *text = g_variant_print(value, FALSE);
  g_string_append_printf(rec->params, "%s=%s:%s ", name, text, error ? "refused" : "ok");
}

static void record_connect(Record *rec, GsRunner *runner)
{
  rec->states = g_string_new(NULL);
  rec->params = g_string_new(NULL);
  g_signal_connect(runner, "notify::state", G_CALLBACK(state_cb), rec);
  g_signal_connect(runner, "notify::snapshot", G_CALLBACK(snapshot_cb), rec);
  g_signal_connect(runner, "failed", G_CALLBACK(failed_cb), rec);
  g_signal_connect(runner, "param-applied", G_CALLBACK(param_cb), rec);
}

static void record_clear(Record *rec)
{
  g_string_free(rec->states, TRUE);
  g_string_free(rec->params, TRUE);
  g_clear_error(&rec->error);
}

/* ---- tests ---- */

static void test_never_started(void)
{
  Probe *p = probe_new();
  GsRunner *runner = runner_new(&job_vtable, p);
  g_assert_cmpint(gs_runner_get_state(runner), ==, GS_RUNNER_IDLE);
  g_assert_cmpfloat(gs_runner_get_fraction(runner), <, 0.0);
  g_assert_null(gs_runner_get_snapshot(runner));
  g_object_unref(runner);
  g_assert_true(p->freed);
  g_assert_cmpuint(p->steps, ==, 0);
  probe_free(p);
}

/* Commands apply in the order sent, between steps and never during one. */
static void test_command_order(void)
{
  Probe *p = probe_new();
  p->gate = 0;
  GsRunner *runner = runner_new(&job_vtable, p);
  Record rec = {0};
  record_connect(&rec, runner);

  gs_runner_set_param(runner, "a", g_variant_new_double(1));
  gs_runner_step(runner, 3);
  wait_blocked(p); /* inside the first step */
  gs_runner_set_param(runner, "a", g_variant_new_double(2));
  gs_runner_set_param(runner, "a", g_variant_new_double(3));
  gs_runner_step(runner, 1); /* adds to the two still to come */
  probe_set_gate(p, -1);

  wait_paused_at(runner, 4);
  g_assert_cmpstr(p->log->str, ==, "a=1 s a=2 a=3 s s s ");
  g_assert_cmpstr(rec.params->str, ==, "a=1.0:ok a=2.0:ok a=3.0:ok ");
  g_assert_cmpstr(rec.states->str, ==, "running paused ");
  TestSnapshot *snap = TEST_SNAPSHOT(gs_runner_get_snapshot(runner));
  g_assert_cmpuint(snap->steps, ==, 4);
  g_assert_cmpfloat(snap->a, ==, 3);

  g_object_unref(runner);
  record_clear(&rec);
  probe_free(p);
  g_assert_cmpint(snapshots_alive, ==, 0);
}

/* Pause stops after the current step and reports exact numbers; step N runs exactly N. */
static void test_pause_and_step(void)
{
  Probe *p = probe_new();
  GsRunner *runner = runner_new(&job_vtable, p);
  Record rec = {0};
  record_connect(&rec, runner);

  gs_runner_start(runner);
  pred_runner = runner;
  pred_steps = 5;
  wait_for(steps_at_least, NULL, "five steps");
  gs_runner_pause(runner);
  wait_state(runner, GS_RUNNER_PAUSED);
  guint64 k = gs_runner_get_steps_done(runner);
  g_assert_cmpuint(k, >=, 5);
  g_assert_cmpuint(probe_steps(p), ==, k);
  g_assert_cmpuint(TEST_SNAPSHOT(gs_runner_get_snapshot(runner))->steps, ==, k);

  spin_main_context(50); /* paused means no step at all */
  g_assert_cmpuint(probe_steps(p), ==, k);
  g_assert_cmpuint(gs_runner_get_steps_done(runner), ==, k);
  gs_runner_pause(runner); /* pausing a paused run does nothing */

  gs_runner_step(runner, 3);
  wait_paused_at(runner, k + 3);
  gs_runner_step(runner, 2);
  gs_runner_step(runner, 2);
  gs_runner_step(runner, 2);
  gs_runner_step(runner, 0);
  wait_paused_at(runner, k + 9);
  spin_main_context(20);
  g_assert_cmpuint(probe_steps(p), ==, k + 9);
  g_assert_true(g_str_has_prefix(rec.states->str, "running paused running paused"));
  g_assert_true(g_str_has_suffix(rec.states->str, "running paused "));

  /* Resume runs freely again; a step count given while running freely bounds it. */
  gs_runner_resume(runner);
  wait_state(runner, GS_RUNNER_RUNNING);
  gs_runner_step(runner, 1);
  wait_state(runner, GS_RUNNER_PAUSED);
  g_assert_cmpuint(probe_steps(p), ==, gs_runner_get_steps_done(runner));

  g_object_unref(runner);
  g_assert_true(p->freed);
  record_clear(&rec);
  probe_free(p);
}

/* Played at a chosen speed, step starts are at least 1/rate apart; the wait does not delay
 * commands, and single steps are not slowed. Only upper bounds on steps per time are checked:
 * a loaded machine can make a run slower, never faster. */
static void test_max_rate(void)
{
  Probe *p = probe_new();
  GsRunner *runner = runner_new(&job_vtable, p);
  gs_runner_set_max_rate(runner, 20);
  g_assert_cmpuint(gs_runner_get_max_rate(runner), ==, 20);
  gint64 t0 = g_get_monotonic_time();
  gs_runner_start(runner);
  pred_runner = runner;
  pred_steps = 3;
  wait_for(steps_at_least, NULL, "three steps at 20 steps/s");
  spin_main_context(300);
  guint64 done = probe_steps(p);
  double elapsed = (g_get_monotonic_time() - t0) / 1e6;
  g_test_message("%" G_GUINT64_FORMAT " steps in %.3f s at 20 steps/s", done, elapsed);
  g_assert_cmpfloat((double) done, <=, elapsed * 20 + 1);

  /* At one step a second, a pause lands at once, between steps. */
  gs_runner_set_max_rate(runner, 1);
  gs_runner_pause(runner);
  wait_state(runner, GS_RUNNER_PAUSED);
  guint64 k = gs_runner_get_steps_done(runner);
  g_assert_cmpuint(k, <=, done + 1);
  gs_runner_resume(runner);
  wait_state(runner, GS_RUNNER_RUNNING);
  gs_runner_pause(runner);
  wait_state(runner, GS_RUNNER_PAUSED);
  g_assert_cmpuint(gs_runner_get_steps_done(runner), <=, k + 1);

  /* Single steps run back to back whatever the rate. */
  k = gs_runner_get_steps_done(runner);
  gs_runner_step(runner, 5);
  wait_paused_at(runner, k + 5);

  /* Back to full speed: the job runs freely again. */
  gs_runner_set_max_rate(runner, 0);
  gs_runner_resume(runner);
  pred_steps = k + 200;
  wait_for(steps_at_least, NULL, "200 more steps at full speed");
  g_object_unref(runner);
  g_assert_true(p->freed);
  probe_free(p);
}

/* A newer snapshot replaces an undelivered one, which is freed at once. */
static void test_coalescing(void)
{
  Probe *p = probe_new();
  p->gate = 300;
  GsRunner *runner = runner_new(&job_vtable, p);
  gs_runner_set_snapshot_interval(runner, 0); /* a snapshot after every step */
  Record rec = {0};
  record_connect(&rec, runner);

  gs_runner_start(runner);
  wait_blocked(p); /* 300 steps done, the main context never iterated */
  g_assert_cmpuint(probe_steps(p), ==, 300);
  g_assert_cmpint(g_atomic_int_get(&snapshots_alive), ==, 1);

  while (g_main_context_iteration(NULL, FALSE)) {
  }
  g_assert_cmpuint(rec.snapshots, ==, 1);
  g_assert_cmpuint(TEST_SNAPSHOT(gs_runner_get_snapshot(runner))->steps, ==, 300);
  g_assert_cmpuint(gs_runner_get_steps_done(runner), ==, 300);
  g_assert_cmpstr(rec.states->str, ==, "running ");

  g_object_unref(runner); /* stops the step blocked at the gate */
  g_assert_true(p->freed);
  g_assert_cmpint(snapshots_alive, ==, 0);
  record_clear(&rec);
  probe_free(p);
}

/* With the default interval, a fast job delivers about 33 snapshots a second, not one per
 * step. */
static void test_rate(void)
{
  Probe *p = probe_new();
  GsRunner *runner = runner_new(&job_vtable, p);
  g_assert_cmpuint(gs_runner_get_snapshot_interval(runner), ==, 30);
  Record rec = {0};
  record_connect(&rec, runner);

  gint64 t0 = g_get_monotonic_time();
  gs_runner_start(runner);
  spin_main_context(400);
  double seconds = (g_get_monotonic_time() - t0) / 1e6;
  guint delivered = rec.snapshots;
  gs_runner_pause(runner);
  wait_state(runner, GS_RUNNER_PAUSED);

  g_test_message("%u snapshots for %" G_GUINT64_FORMAT " steps in %.3f s", delivered,
                 gs_runner_get_steps_done(runner), seconds);
  g_assert_cmpuint(delivered, >=, 1);
  g_assert_cmpfloat(delivered, <=, seconds / 0.030 + 2);
  g_assert_cmpuint(gs_runner_get_steps_done(runner), >, delivered);

  g_object_unref(runner);
  record_clear(&rec);
  probe_free(p);
}

/* A snapshot costlier than the interval (here 40 ms against 30) does not take the worker over:
 * after each, none for three times its cost, so at most one per 160 ms, while progress still
 * goes out. Upper bounds only: a loaded machine can only make fewer. */
static void test_snapshot_budget(void)
{
  Probe *p = probe_new();
  p->snapshot_ms = 40;
  GsRunner *runner = runner_new(&job_vtable, p);
  gint64 t0 = g_get_monotonic_time();
  gs_runner_start(runner);
  spin_main_context(800);
  gs_runner_pause(runner);
  wait_state(runner, GS_RUNNER_PAUSED);
  double seconds = (g_get_monotonic_time() - t0) / 1e6;
  guint taken = (guint) g_atomic_int_get(&p->snapshots);
  g_test_message("%u snapshots of 40 ms in %.3f s, %" G_GUINT64_FORMAT " steps", taken, seconds,
                 probe_steps(p));
  g_assert_cmpuint(taken, >=, 1);
  g_assert_cmpfloat(taken, <=, seconds / 0.160 + 2); /* + the pause's own */
  g_assert_cmpuint(probe_steps(p), >, taken);
  g_object_unref(runner);
  probe_free(p);
}

/* A failing step ends the run: FAILED, the error delivered once, the job freed. */
static void test_error(void)
{
  Probe *p = probe_new();
  p->fail_at = 7;
  GsRunner *runner = runner_new(&job_vtable, p);
  Record rec = {0};
  record_connect(&rec, runner);

  gs_runner_start(runner);
  wait_state(runner, GS_RUNNER_FAILED);
  g_assert_cmpuint(rec.failures, ==, 1);
  g_assert_error(rec.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr(rec.error->message, ==, "diverged at step 7");
  g_assert_error((GError *) gs_runner_get_error(runner), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint(gs_runner_get_steps_done(runner), ==, 6);
  g_assert_cmpuint(TEST_SNAPSHOT(gs_runner_get_snapshot(runner))->steps, ==, 6);
  wait_freed(p);

  /* Commands after the end are ignored. */
  gs_runner_start(runner);
  gs_runner_step(runner, 4);
  gs_runner_set_param(runner, "a", g_variant_new_double(9));
  spin_main_context(20);
  g_assert_cmpint(gs_runner_get_state(runner), ==, GS_RUNNER_FAILED);
  g_assert_cmpstr(rec.params->str, ==, "");
  g_assert_cmpstr(rec.states->str, ==, "running failed ");

  g_object_unref(runner);
  record_clear(&rec);
  probe_free(p);
}

static void test_finished(void)
{
  Probe *p = probe_new();
  p->finish_at = 20;
  GsRunner *runner = runner_new(&job_vtable, p);
  gs_runner_start(runner);
  wait_state(runner, GS_RUNNER_FINISHED);
  g_assert_cmpuint(gs_runner_get_steps_done(runner), ==, 20);
  g_assert_cmpfloat(gs_runner_get_fraction(runner), ==, 1.0);
  g_assert_cmpuint(TEST_SNAPSHOT(gs_runner_get_snapshot(runner))->steps, ==, 20);
  g_assert_null(gs_runner_get_error(runner));
  wait_freed(p);
  g_object_unref(runner);
  probe_free(p);
}

/* Refused parameter changes are reported and the run goes on. */
static void test_param_refused(void)
{
  Probe *p = probe_new();
  GsRunner *runner = runner_new(&job_vtable, p);
  Record rec = {0};
  record_connect(&rec, runner);
  gs_runner_set_param(runner, "b", g_variant_new_double(1));
  gs_runner_set_param(runner, "a", g_variant_new_string("one"));
  gs_runner_set_param(runner, "a", g_variant_new_double(0.5));
  gs_runner_step(runner, 2);
  wait_paused_at(runner, 2);
  g_assert_cmpstr(rec.params->str, ==, "b=1.0:refused a='one':refused a=0.5:ok ");
  g_object_unref(runner);
  record_clear(&rec);
  probe_free(p);

  /* A job without set_param refuses every change, with a reason. */
  p = probe_new();
  runner = runner_new(&bare_vtable, p);
  record_connect(&rec, runner);
  gs_runner_set_param(runner, "a", g_variant_new_double(1));
  gs_runner_step(runner, 1);
  wait_paused_at(runner, 1);
  g_assert_cmpstr(rec.params->str, ==, "a=1.0:refused ");
  g_assert_null(gs_runner_get_snapshot(runner)); /* no snapshot function, no snapshot */
  g_object_unref(runner);
  record_clear(&rec);
  probe_free(p);
}

static gpointer cancel_thread(gpointer data)
{
  g_cancellable_cancel(data);
  return NULL;
}

/* Cancelling from another thread stops a running run; stop() stops a paused one. */
static void test_cancel(void)
{
  Probe *p = probe_new();
  GsRunner *runner = runner_new(&job_vtable, p);
  gs_runner_start(runner);
  wait_state(runner, GS_RUNNER_RUNNING);
  g_thread_join(g_thread_new("cancel", cancel_thread, gs_runner_get_cancellable(runner)));
  wait_state(runner, GS_RUNNER_STOPPED);
  wait_freed(p);
  g_assert_cmpuint(gs_runner_get_steps_done(runner), ==, probe_steps(p));
  g_object_unref(runner);
  probe_free(p);

  p = probe_new();
  runner = runner_new(&job_vtable, p);
  gs_runner_step(runner, 2);
  wait_paused_at(runner, 2);
  gs_runner_stop(runner);
  wait_state(runner, GS_RUNNER_STOPPED);
  wait_freed(p);
  g_assert_cmpuint(probe_steps(p), ==, 2);
  g_object_unref(runner);
  probe_free(p);
}

typedef struct {
  GsRunner *runner;
  guint n;
} Spam;

static gpointer spam_thread(gpointer data)
{
  Spam *spam = data;
  for (guint i = 0; i < spam->n; i++) {
    gs_runner_set_param(spam->runner, "a", g_variant_new_double(i));
    if (i % 100 == 0) gs_runner_step(spam->runner, 3);
    if (i % 250 == 0) gs_runner_start(spam->runner);
  }
  return NULL;
}

/* Disposing mid-run with commands queued, snapshots pending and deliveries scheduled frees
 * everything (the sanitizer build checks the "everything"). */
static void test_shutdown_under_load(void)
{
  for (int round = 0; round < 5; round++) {
    Probe *p = probe_new();
    p->payload = 1 << 20;
    GsRunner *runner = runner_new(&job_vtable, p);
    gs_runner_set_snapshot_interval(runner, 0);
    Record rec = {0};
    record_connect(&rec, runner);
    gs_runner_start(runner);

    Spam spam = {runner, 5000};
    GThread *thread = g_thread_new("spam", spam_thread, &spam);
    spin_main_context(10 * round);
    g_thread_join(thread);

    g_object_unref(runner); /* while commands are still queued */
    g_assert_true(p->freed);
    g_assert_cmpint(g_atomic_int_get(&snapshots_alive), ==, 0);
    while (g_main_context_iteration(NULL, FALSE)) {
    } /* no delivery may be left behind */
    record_clear(&rec);
    probe_free(p);
  }
}

/* Disposing while a step waits (and polls its cancellable) returns promptly. */
static void test_dispose_during_long_step(void)
{
  Probe *p = probe_new();
  p->gate = 0;
  GsRunner *runner = runner_new(&job_vtable, p);
  gs_runner_start(runner);
  wait_blocked(p);
  g_object_unref(runner);
  g_assert_true(p->freed);
  g_assert_cmpuint(p->steps, ==, 0);
  probe_free(p);
}

static void unref_when_paused_cb(GsRunner *runner, GParamSpec *pspec, GsRunner **slot)
{
  if (gs_runner_get_state(runner) == GS_RUNNER_PAUSED) g_clear_object(slot);
}

/* A handler may drop the last reference while being told about a state change. */
static void test_unref_in_handler(void)
{
  Probe *p = probe_new();
  GsRunner *runner = runner_new(&job_vtable, p);
  g_signal_connect(runner, "notify::state", G_CALLBACK(unref_when_paused_cb), &runner);
  gs_runner_step(runner, 5);
  gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  while (runner) {
    g_assert_cmpint(g_get_monotonic_time(), <, deadline);
    if (!g_main_context_iteration(NULL, FALSE)) g_usleep(500);
  }
  g_assert_true(p->freed);
  g_assert_cmpuint(p->steps, ==, 5);
  probe_free(p);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/runner/never-started", test_never_started);
  g_test_add_func("/runner/command-order", test_command_order);
  g_test_add_func("/runner/pause-and-step", test_pause_and_step);
  g_test_add_func("/runner/coalescing", test_coalescing);
  g_test_add_func("/runner/max-rate", test_max_rate);
  g_test_add_func("/runner/rate", test_rate);
  g_test_add_func("/runner/snapshot-budget", test_snapshot_budget);
  g_test_add_func("/runner/error", test_error);
  g_test_add_func("/runner/finished", test_finished);
  g_test_add_func("/runner/param-refused", test_param_refused);
  g_test_add_func("/runner/cancel", test_cancel);
  g_test_add_func("/runner/shutdown-under-load", test_shutdown_under_load);
  g_test_add_func("/runner/dispose-during-long-step", test_dispose_during_long_step);
  g_test_add_func("/runner/unref-in-handler", test_unref_in_handler);
  return g_test_run();
}
