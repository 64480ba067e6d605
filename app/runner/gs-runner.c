/* gs-runner.c — the worker thread, its command queue and the coalescing mailbox.
 *
 * Ownership: the job belongs to the worker thread from gs_runner_new() until the worker frees
 * it. The Worker struct is shared by both threads; its mailbox fields are guarded by lock, the
 * rest is either set before the thread starts (vtable, context) or owned by the worker (job,
 * state, counters). The main thread frees the Worker only after joining the thread.
 */
#include "gs-runner.h"

#include <glib/gi18n.h>

/* about 33 deliveries a second: headroom above the 30 a live view needs */
#define DEFAULT_INTERVAL_MS 30
/* After a snapshot that took t, the next waits at least this many t: snapshots then take at most
 * a quarter of the worker's time however costly a view is, and training never crawls. */
#define SNAPSHOT_COST_FACTOR 3

G_DEFINE_ENUM_TYPE(GsRunnerState, gs_runner_state, G_DEFINE_ENUM_VALUE(GS_RUNNER_IDLE, "idle"),
                   G_DEFINE_ENUM_VALUE(GS_RUNNER_RUNNING, "running"),
                   G_DEFINE_ENUM_VALUE(GS_RUNNER_PAUSED, "paused"),
                   G_DEFINE_ENUM_VALUE(GS_RUNNER_FINISHED, "finished"),
                   G_DEFINE_ENUM_VALUE(GS_RUNNER_STOPPED, "stopped"),
                   G_DEFINE_ENUM_VALUE(GS_RUNNER_FAILED, "failed"))

gboolean gs_runner_state_is_terminal(GsRunnerState state)
{
  return state == GS_RUNNER_FINISHED || state == GS_RUNNER_STOPPED || state == GS_RUNNER_FAILED;
}

typedef enum {
  CMD_RUN,
  CMD_PAUSE,
  CMD_STEP,
  CMD_SET_PARAM,
  CMD_WAKE, /* the cancellable fired: look at it */
  CMD_QUIT, /* the runner is being disposed */
} CommandKind;

typedef struct {
  CommandKind kind;
  guint n;
  char *name;
  GVariant *value;
} Command;

typedef enum { EVENT_STATE, EVENT_PARAM } EventKind;

/* What must reach the main thread in order, never coalesced. */
typedef struct {
  EventKind kind;
  GsRunnerState state;
  char *name;
  GVariant *value;
  GError *error;
} Event;

typedef struct {
  /* Fixed before the thread starts. */
  const GsJobVTable *vtable;
  GMainContext *context;
  GCancellable *cancellable;
  GAsyncQueue *commands;
  gpointer runner;   /* callback data of the dispatch source; never dereferenced here */
  guint interval_ms; /* atomic */
  guint max_rate;    /* atomic: steps per second while playing; 0 = as fast as it goes */

  /* Worker thread only. */
  gpointer job;
  GsRunnerState state;
  guint64 steps_done;
  guint steps_left; /* 0: run freely */
  gint64 last_publish_us;
  gint64 next_snapshot_us; /* no snapshot before this while running (its cost budget) */
  gint64 last_step_us;     /* when the latest step began: with a max rate, the next waits on it */
  gboolean quit;

  /* Mailbox, under lock. */
  GMutex lock;
  GObject *snapshot;     /* newest undelivered snapshot */
  gboolean has_progress; /* steps/fraction below are undelivered */
  guint64 progress_steps;
  double progress_fraction;
  GQueue events;
  GSource *dispatch_source; /* pending delivery, or NULL */
} Worker;

struct _GsRunner {
  GObject parent_instance;

  Worker *worker;
  GThread *thread;
  GCancellable *cancellable;
  gulong cancelled_id;

  /* As delivered to the main thread. */
  GsRunnerState state;
  guint64 steps_done;
  double fraction;
  GObject *snapshot;
  GError *error;
};

G_DEFINE_FINAL_TYPE(GsRunner, gs_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_STEPS_DONE,
  PROP_FRACTION,
  PROP_SNAPSHOT,
  PROP_SNAPSHOT_INTERVAL,
  PROP_CANCELLABLE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_FAILED, SIGNAL_PARAM_APPLIED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void command_free(gpointer data)
{
  Command *cmd = data;
  g_free(cmd->name);
  g_clear_pointer(&cmd->value, g_variant_unref);
  g_free(cmd);
}

static void event_free(gpointer data)
{
  Event *ev = data;
  g_free(ev->name);
  g_clear_pointer(&ev->value, g_variant_unref);
  g_clear_error(&ev->error);
  g_free(ev);
}

static void push_command(GsRunner *self, CommandKind kind, guint n, const char *name,
                         GVariant *value)
{
  Command *cmd = g_new0(Command, 1);
  cmd->kind = kind;
  cmd->n = n;
  cmd->name = g_strdup(name);
  cmd->value = value ? g_variant_ref_sink(value) : NULL;
  g_async_queue_push(self->worker->commands, cmd);
}

/* ---- main thread: delivery ---- */

static gboolean dispatch_cb(gpointer data)
{
  GsRunner *self = g_object_ref(GS_RUNNER(data));
  Worker *w = self->worker;

  g_mutex_lock(&w->lock);
  GObject *snapshot = g_steal_pointer(&w->snapshot);
  gboolean has_progress = w->has_progress;
  guint64 steps = w->progress_steps;
  double fraction = w->progress_fraction;
  w->has_progress = FALSE;
  GQueue events = w->events;
  g_queue_init(&w->events);
  g_clear_pointer(&w->dispatch_source, g_source_unref);
  g_mutex_unlock(&w->lock);

  /* Progress and the snapshot first: when a state change says "paused", the numbers the
   * handler reads are already final. */
  g_object_freeze_notify(G_OBJECT(self));
  if (has_progress && steps != self->steps_done) {
    self->steps_done = steps;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_STEPS_DONE]);
  }
  if (has_progress && fraction != self->fraction) {
    self->fraction = fraction;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_FRACTION]);
  }
  if (snapshot) {
    g_clear_object(&self->snapshot);
    self->snapshot = g_steal_pointer(&snapshot);
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SNAPSHOT]);
  }
  g_object_thaw_notify(G_OBJECT(self));

  Event *ev;
  while ((ev = g_queue_pop_head(&events))) {
    if (ev->kind == EVENT_STATE) {
      if (ev->error) {
        g_clear_error(&self->error);
        self->error = g_error_copy(ev->error);
      }
      if (ev->state != self->state) {
        self->state = ev->state;
        g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_STATE]);
      }
      if (ev->state == GS_RUNNER_FAILED) g_signal_emit(self, signals[SIGNAL_FAILED], 0, ev->error);
    } else {
      g_signal_emit(self, signals[SIGNAL_PARAM_APPLIED], 0, ev->name, ev->value, ev->error);
    }
    event_free(ev);
  }

  g_object_unref(self);
  return G_SOURCE_REMOVE;
}

/* ---- worker thread ---- */

/* With w->lock held: make sure one delivery is pending on the main context. */
static void schedule_dispatch_locked(Worker *w)
{
  if (w->dispatch_source) return;
  GSource *source = g_idle_source_new();
  g_source_set_priority(source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback(source, dispatch_cb, w->runner, NULL);
  g_source_set_static_name(source, "GsRunner delivery");
  g_source_attach(source, w->context);
  w->dispatch_source = source; /* keep our reference, so dispose can destroy it */
}

static void post_event(Worker *w, Event *ev)
{
  g_mutex_lock(&w->lock);
  g_queue_push_tail(&w->events, ev);
  schedule_dispatch_locked(w);
  g_mutex_unlock(&w->lock);
}

/* Publish progress and a snapshot: throttled to the interval unless forced (pauses and ends
 * are always published, so the main thread sees the final numbers). */
static void publish(Worker *w, gboolean force)
{
  gint64 now = g_get_monotonic_time();
  gint64 interval_us = (gint64) g_atomic_int_get(&w->interval_ms) * 1000;
  if (!force && w->last_publish_us != 0 && now - w->last_publish_us < interval_us) return;
  w->last_publish_us = now;

  /* Progress goes out at every interval; a snapshot only when its budget allows (pauses and
   * ends always take one, interval 0 asks for every step, and at a chosen play speed the
   * snapshots take their time from the waits between steps). */
  GObject *snapshot = NULL;
  gboolean budgeted = interval_us > 0 && g_atomic_int_get(&w->max_rate) == 0;
  if (w->vtable->snapshot && (force || !budgeted || now >= w->next_snapshot_us)) {
    snapshot = w->vtable->snapshot(w->job);
    gint64 done = g_get_monotonic_time();
    w->next_snapshot_us = done + SNAPSHOT_COST_FACTOR * (done - now);
  }
  double fraction = w->vtable->progress ? w->vtable->progress(w->job) : -1.0;

  g_mutex_lock(&w->lock);
  GObject *replaced = NULL;
  if (snapshot) {
    replaced = w->snapshot; /* undelivered: the newer one replaces it */
    w->snapshot = snapshot;
  }
  w->has_progress = TRUE;
  w->progress_steps = w->steps_done;
  w->progress_fraction = fraction < 0 ? -1.0 : MIN(fraction, 1.0);
  schedule_dispatch_locked(w);
  g_mutex_unlock(&w->lock);
  g_clear_object(&replaced); /* outside the lock: a finalizer may be slow */
}

static void set_state(Worker *w, GsRunnerState state, GError *error)
{
  if (state == w->state && !error) return;
  w->state = state;
  if (state != GS_RUNNER_RUNNING) publish(w, TRUE);
  Event *ev = g_new0(Event, 1);
  ev->kind = EVENT_STATE;
  ev->state = state;
  ev->error = error;
  post_event(w, ev);
}

static void apply_param(Worker *w, Command *cmd)
{
  GError *error = NULL;
  if (!w->vtable->set_param)
    g_set_error(&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                _("This experiment has no live parameters; “%s” applies on reset"), cmd->name);
  else if (!w->vtable->set_param(w->job, cmd->name, cmd->value, &error) && !error)
    g_set_error(&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The change of “%s” was refused"),
                cmd->name);

  Event *ev = g_new0(Event, 1);
  ev->kind = EVENT_PARAM;
  ev->name = g_strdup(cmd->name);
  ev->value = g_variant_ref(cmd->value);
  ev->error = error;
  post_event(w, ev);
  /* While paused, show the effect of the change at once. */
  if (!error && w->state != GS_RUNNER_RUNNING) publish(w, TRUE);
}

static void handle_command(Worker *w, Command *cmd)
{
  switch (cmd->kind) {
  case CMD_RUN:
    w->steps_left = 0;
    set_state(w, GS_RUNNER_RUNNING, NULL);
    break;
  case CMD_PAUSE:
    if (w->state != GS_RUNNER_RUNNING) break;
    w->steps_left = 0;
    set_state(w, GS_RUNNER_PAUSED, NULL);
    break;
  case CMD_STEP:
    if (cmd->n == 0) break;
    if (w->state == GS_RUNNER_RUNNING && w->steps_left > 0)
      w->steps_left = (guint) MIN((guint64) w->steps_left + cmd->n, G_MAXUINT);
    else
      w->steps_left = cmd->n;
    set_state(w, GS_RUNNER_RUNNING, NULL);
    break;
  case CMD_SET_PARAM:
    apply_param(w, cmd);
    break;
  case CMD_WAKE:
    break; /* the loop looks at the cancellable */
  case CMD_QUIT:
    w->quit = TRUE;
    break;
  }
}

static void run_one_step(Worker *w)
{
  GError *error = NULL;
  if (!w->vtable->step(w->job, w->cancellable, &error)) {
    if (g_cancellable_is_cancelled(w->cancellable) ||
        g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      g_clear_error(&error);
      set_state(w, GS_RUNNER_STOPPED, NULL);
      return;
    }
    if (!error)
      error = g_error_new_literal(G_IO_ERROR, G_IO_ERROR_FAILED,
                                  _("A training step failed without giving a reason"));
    set_state(w, GS_RUNNER_FAILED, error);
    return;
  }
  w->steps_done++;
  if (w->vtable->is_finished && w->vtable->is_finished(w->job)) {
    set_state(w, GS_RUNNER_FINISHED, NULL);
    return;
  }
  if (w->steps_left > 0 && --w->steps_left == 0) {
    set_state(w, GS_RUNNER_PAUSED, NULL);
    return;
  }
  publish(w, FALSE);
}

static gpointer worker_main(gpointer data)
{
  Worker *w = data;
  while (!w->quit && !gs_runner_state_is_terminal(w->state)) {
    if (g_cancellable_is_cancelled(w->cancellable)) {
      set_state(w, GS_RUNNER_STOPPED, NULL);
      break;
    }
    /* Commands first, all that have arrived; then one step if still running. Played at a
     * chosen speed, the wait for the next step is a wait for commands, so pause, step and
     * stop still act at once. */
    guint rate = (guint) g_atomic_int_get(&w->max_rate);
    gint64 wait_us = w->state == GS_RUNNER_RUNNING && rate > 0 && w->steps_left == 0
                         ? w->last_step_us + G_USEC_PER_SEC / rate - g_get_monotonic_time()
                         : 0;
    Command *cmd = w->state != GS_RUNNER_RUNNING ? g_async_queue_pop(w->commands)
                   : wait_us > 0 ? g_async_queue_timeout_pop(w->commands, (guint64) wait_us)
                                 : g_async_queue_try_pop(w->commands);
    if (cmd) {
      handle_command(w, cmd);
      command_free(cmd);
      continue;
    }
    if (wait_us > 0) continue; /* woken by the clock: look at the queue once more */
    w->last_step_us = g_get_monotonic_time();
    run_one_step(w);
  }
  if (w->vtable->free) w->vtable->free(w->job);
  w->job = NULL;
  return NULL;
}

/* Any thread: whoever cancels. */
static void cancelled_cb(GCancellable *cancellable, gpointer data)
{
  Command *cmd = g_new0(Command, 1);
  cmd->kind = CMD_WAKE;
  g_async_queue_push((GAsyncQueue *) data, cmd);
}

/* ---- the object ---- */

GsRunner *gs_runner_new(const GsJobVTable *vtable, gpointer job)
{
  g_return_val_if_fail(vtable != NULL && vtable->step != NULL, NULL);

  GsRunner *self = g_object_new(GS_TYPE_RUNNER, NULL);
  Worker *w = self->worker;
  w->vtable = vtable;
  w->job = job;
  w->context = g_main_context_ref_thread_default();
  w->cancellable = g_object_ref(self->cancellable);
  w->runner = self;
  /* The handler holds the queue, not the runner: it may run on any thread. */
  self->cancelled_id =
      g_cancellable_connect(self->cancellable, G_CALLBACK(cancelled_cb),
                            g_async_queue_ref(w->commands), (GDestroyNotify) g_async_queue_unref);
  self->thread = g_thread_new("gs-runner", worker_main, w);
  return self;
}

static void gs_runner_dispose(GObject *object)
{
  GsRunner *self = GS_RUNNER(object);
  Worker *w = self->worker;

  if (self->thread) {
    Command *quit = g_new0(Command, 1);
    quit->kind = CMD_QUIT;
    g_async_queue_push_front(w->commands, quit); /* before any queued command */
    g_cancellable_disconnect(self->cancellable, self->cancelled_id);
    self->cancelled_id = 0;
    g_cancellable_cancel(self->cancellable); /* cut a long step short */
    g_thread_join(g_steal_pointer(&self->thread));

    /* The worker is gone: nothing can be posted any more. */
    if (w->dispatch_source) g_source_destroy(w->dispatch_source);
    g_clear_pointer(&w->dispatch_source, g_source_unref);
    g_clear_object(&w->snapshot);
    g_queue_clear_full(&w->events, event_free);
  }
  g_clear_object(&self->snapshot);
  G_OBJECT_CLASS(gs_runner_parent_class)->dispose(object);
}

static void gs_runner_finalize(GObject *object)
{
  GsRunner *self = GS_RUNNER(object);
  Worker *w = self->worker;

  g_async_queue_unref(w->commands); /* frees commands never applied */
  g_clear_pointer(&w->context, g_main_context_unref);
  g_clear_object(&w->cancellable);
  g_mutex_clear(&w->lock);
  g_free(w);
  g_clear_object(&self->cancellable);
  g_clear_error(&self->error);
  G_OBJECT_CLASS(gs_runner_parent_class)->finalize(object);
}

static void gs_runner_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GsRunner *self = GS_RUNNER(object);
  switch (prop_id) {
  case PROP_STATE:
    g_value_set_enum(value, self->state);
    break;
  case PROP_STEPS_DONE:
    g_value_set_uint64(value, self->steps_done);
    break;
  case PROP_FRACTION:
    g_value_set_double(value, self->fraction);
    break;
  case PROP_SNAPSHOT:
    g_value_set_object(value, self->snapshot);
    break;
  case PROP_SNAPSHOT_INTERVAL:
    g_value_set_uint(value, gs_runner_get_snapshot_interval(self));
    break;
  case PROP_CANCELLABLE:
    g_value_set_object(value, self->cancellable);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void gs_runner_set_property(GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
  GsRunner *self = GS_RUNNER(object);
  switch (prop_id) {
  case PROP_SNAPSHOT_INTERVAL:
    gs_runner_set_snapshot_interval(self, g_value_get_uint(value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void gs_runner_class_init(GsRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->dispose = gs_runner_dispose;
  object_class->finalize = gs_runner_finalize;
  object_class->get_property = gs_runner_get_property;
  object_class->set_property = gs_runner_set_property;

  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  properties[PROP_STATE] =
      g_param_spec_enum("state", NULL, NULL, GS_TYPE_RUNNER_STATE, GS_RUNNER_IDLE, ro);
  properties[PROP_STEPS_DONE] =
      g_param_spec_uint64("steps-done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FRACTION] = g_param_spec_double("fraction", NULL, NULL, -1.0, 1.0, -1.0, ro);
  properties[PROP_SNAPSHOT] = g_param_spec_object("snapshot", NULL, NULL, G_TYPE_OBJECT, ro);
  properties[PROP_SNAPSHOT_INTERVAL] =
      g_param_spec_uint("snapshot-interval", NULL, NULL, 0, G_MAXUINT, DEFAULT_INTERVAL_MS,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CANCELLABLE] = g_param_spec_object("cancellable", NULL, NULL, G_TYPE_CANCELLABLE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  /* The run failed; the error says why (e.g. the loss diverged). Emitted after the state
   * became FAILED. */
  signals[SIGNAL_FAILED] =
      g_signal_new("failed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* A gs_runner_set_param() was applied (error NULL) or refused (error says why). */
  signals[SIGNAL_PARAM_APPLIED] =
      g_signal_new("param-applied", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 3, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_VARIANT,
                   G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void gs_runner_init(GsRunner *self)
{
  self->state = GS_RUNNER_IDLE;
  self->fraction = -1.0;
  self->cancellable = g_cancellable_new();
  self->worker = g_new0(Worker, 1);
  self->worker->commands = g_async_queue_new_full(command_free);
  self->worker->interval_ms = DEFAULT_INTERVAL_MS;
  self->worker->state = GS_RUNNER_IDLE;
  g_mutex_init(&self->worker->lock);
  g_queue_init(&self->worker->events);
}

/* ---- commands ---- */

void gs_runner_start(GsRunner *self)
{
  g_return_if_fail(GS_IS_RUNNER(self));
  push_command(self, CMD_RUN, 0, NULL, NULL);
}

void gs_runner_resume(GsRunner *self)
{
  gs_runner_start(self);
}

void gs_runner_pause(GsRunner *self)
{
  g_return_if_fail(GS_IS_RUNNER(self));
  push_command(self, CMD_PAUSE, 0, NULL, NULL);
}

void gs_runner_step(GsRunner *self, guint n)
{
  g_return_if_fail(GS_IS_RUNNER(self));
  push_command(self, CMD_STEP, n, NULL, NULL);
}

void gs_runner_stop(GsRunner *self)
{
  g_return_if_fail(GS_IS_RUNNER(self));
  g_cancellable_cancel(self->cancellable);
}

void gs_runner_set_param(GsRunner *self, const char *name, GVariant *value)
{
  g_return_if_fail(GS_IS_RUNNER(self));
  g_return_if_fail(name != NULL && value != NULL);
  push_command(self, CMD_SET_PARAM, 0, name, value);
}

/* ---- getters ---- */

GCancellable *gs_runner_get_cancellable(GsRunner *self)
{
  g_return_val_if_fail(GS_IS_RUNNER(self), NULL);
  return self->cancellable;
}

GsRunnerState gs_runner_get_state(GsRunner *self)
{
  g_return_val_if_fail(GS_IS_RUNNER(self), GS_RUNNER_IDLE);
  return self->state;
}

guint64 gs_runner_get_steps_done(GsRunner *self)
{
  g_return_val_if_fail(GS_IS_RUNNER(self), 0);
  return self->steps_done;
}

double gs_runner_get_fraction(GsRunner *self)
{
  g_return_val_if_fail(GS_IS_RUNNER(self), -1.0);
  return self->fraction;
}

GObject *gs_runner_get_snapshot(GsRunner *self)
{
  g_return_val_if_fail(GS_IS_RUNNER(self), NULL);
  return self->snapshot;
}

const GError *gs_runner_get_error(GsRunner *self)
{
  g_return_val_if_fail(GS_IS_RUNNER(self), NULL);
  return self->error;
}

void gs_runner_set_snapshot_interval(GsRunner *self, guint milliseconds)
{
  g_return_if_fail(GS_IS_RUNNER(self));
  if ((guint) g_atomic_int_get(&self->worker->interval_ms) == milliseconds) return;
  g_atomic_int_set(&self->worker->interval_ms, milliseconds);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SNAPSHOT_INTERVAL]);
}

void gs_runner_set_max_rate(GsRunner *self, guint steps_per_second)
{
  g_return_if_fail(GS_IS_RUNNER(self));
  g_atomic_int_set(&self->worker->max_rate, steps_per_second);
  /* Wake a worker waiting out a slow rate, so a faster one applies at once. */
  push_command(self, CMD_WAKE, 0, NULL, NULL);
}

guint gs_runner_get_max_rate(GsRunner *self)
{
  g_return_val_if_fail(GS_IS_RUNNER(self), 0);
  return (guint) g_atomic_int_get(&self->worker->max_rate);
}

guint gs_runner_get_snapshot_interval(GsRunner *self)
{
  g_return_val_if_fail(GS_IS_RUNNER(self), 0);
  return (guint) g_atomic_int_get(&self->worker->interval_ms);
}
