/* gs-runner.h — one job on a GLib worker thread, driven from the main thread.
 *
 * A job is any long computation cut into steps (an experiment's training iterations). The
 * runner owns it: the job is created by the caller, handed over to gs_runner_new(), and from
 * then on touched only by the runner's worker thread, which also frees it. The main thread
 * (the thread whose thread-default GMainContext was current at gs_runner_new()) sends commands
 * and receives state, progress and snapshots as GObject property notifications.
 *
 *     static const GsJobVTable my_job_vtable = {
 *       .step = my_step,           // one unit of work; may fail with a GError
 *       .snapshot = my_snapshot,   // an immutable, reference-counted copy for the views
 *       .set_param = my_set_param, // a live parameter change, applied between steps
 *       .is_finished = my_done,
 *       .free = my_free,
 *     };
 *
 *     GsRunner *runner = gs_runner_new(&my_job_vtable, my_job_new(...));
 *     g_signal_connect(runner, "notify::snapshot", G_CALLBACK(redraw_cb), view);
 *     g_signal_connect(runner, "failed", G_CALLBACK(show_error_cb), window);
 *     gs_runner_start(runner);                 // play
 *     gs_runner_set_param(runner, "lr", g_variant_new_double(1e-3));
 *     gs_runner_pause(runner);                 // pause after the current step
 *     gs_runner_step(runner, 1);               // one more step, then pause again
 *     g_object_unref(runner);                  // stops the job, joins the thread, frees it
 *
 * Commands travel through a GAsyncQueue and are applied in the order they were sent, between
 * steps, never during one. What comes back is coalesced: the worker takes a snapshot and
 * publishes progress at most once per "snapshot-interval" (30 ms, so about 33 per second) while
 * running, and always when the run pauses or ends, so the last state is never lost. A snapshot
 * that took t is followed by none for 3t, so snapshots never take more than a quarter of the
 * worker's time, whatever they cost (exempt: an interval of 0, which asks for every step, and a
 * chosen play speed, whose waits between steps leave the time). If the main thread has not
 * picked up the previous snapshot yet, the newer one replaces it. Every state change, job error
 * and parameter result is delivered, in order.
 *
 * States: IDLE (made, never started) → RUNNING ⇄ PAUSED → one of the terminal states FINISHED
 * (the job says it is done), STOPPED (gs_runner_stop() or the cancellable was cancelled) or
 * FAILED (a step returned an error; the "failed" signal carries it). After a terminal state
 * the worker frees the job and exits; later commands are ignored.
 *
 * Threads: every gs_runner_* command may be called from any thread. Properties and signals
 * are emitted on the main thread only, and the getters report what has been delivered there.
 */
#ifndef GS_RUNNER_H
#define GS_RUNNER_H

#include <gio/gio.h>

G_BEGIN_DECLS

/* The job interface. Every function runs on the worker thread; job is the pointer given to
 * gs_runner_new(). Only step is required. */
typedef struct _GsJobVTable {
  /* One unit of work. Return FALSE and set error to fail the run (e.g. "the loss diverged").
   * A long step should poll cancellable and return G_IO_ERROR_CANCELLED when it is cancelled:
   * that ends the run as STOPPED, not FAILED. */
  gboolean (*step)(gpointer job, GCancellable *cancellable, GError **error);
  /* A new reference to an immutable object holding what the views need (grids, samples,
   * curves), or NULL when there is nothing to show. It is handed to the main thread, so it
   * must not share mutable state with the job. */
  GObject *(*snapshot)(gpointer job);
  /* Apply a live parameter change. Return FALSE with error to refuse it (unknown name, value
   * out of range, not live); the run goes on either way. NULL: every change is refused. */
  gboolean (*set_param)(gpointer job, const char *name, GVariant *value, GError **error);
  /* TRUE when the job has nothing more to do (checked after each step). NULL: never. */
  gboolean (*is_finished)(gpointer job);
  /* Fraction done in [0, 1], or a negative number when unknown. NULL: unknown. */
  double (*progress)(gpointer job);
  /* Release the job (called once, on the worker thread, when the run ends or the runner is
   * disposed). NULL: nothing to release. */
  void (*free)(gpointer job);
} GsJobVTable;

typedef enum {
  GS_RUNNER_IDLE,
  GS_RUNNER_RUNNING,
  GS_RUNNER_PAUSED,
  GS_RUNNER_FINISHED,
  GS_RUNNER_STOPPED,
  GS_RUNNER_FAILED,
} GsRunnerState;

GType gs_runner_state_get_type(void) G_GNUC_CONST;
#define GS_TYPE_RUNNER_STATE (gs_runner_state_get_type())

/* TRUE for FINISHED, STOPPED and FAILED. */
gboolean gs_runner_state_is_terminal(GsRunnerState state);

#define GS_TYPE_RUNNER (gs_runner_get_type())
G_DECLARE_FINAL_TYPE(GsRunner, gs_runner, GS, RUNNER, GObject)

/* Takes ownership of job (freed with vtable->free on the worker thread, even if the run never
 * starts). vtable must outlive the runner (normally a static const). The worker thread starts
 * at once and waits for commands. */
GsRunner *gs_runner_new(const GsJobVTable *vtable, gpointer job);

/* Start running (from IDLE) or go on running (from PAUSED); clears a pending step count. */
void gs_runner_start(GsRunner *self);
/* The same as gs_runner_start(); reads better after a pause. */
void gs_runner_resume(GsRunner *self);
/* Pause after the current step. */
void gs_runner_pause(GsRunner *self);
/* Run n more steps, then pause. Repeated calls add up; while running freely, it turns the run
 * into "n more steps, then pause". n = 0 does nothing. */
void gs_runner_step(GsRunner *self, guint n);
/* End the run for good: cancels the current step and frees the job. */
void gs_runner_stop(GsRunner *self);
/* Queue a live parameter change (value is sunk if floating). The result comes back through
 * the "param-applied" signal. */
void gs_runner_set_param(GsRunner *self, const char *name, GVariant *value);

/* Cancelling it from any thread stops the run, like gs_runner_stop(). */
GCancellable *gs_runner_get_cancellable(GsRunner *self);

/* What the main thread has been told so far. */
GsRunnerState gs_runner_get_state(GsRunner *self);
guint64 gs_runner_get_steps_done(GsRunner *self);
double gs_runner_get_fraction(GsRunner *self);     /* negative: unknown */
GObject *gs_runner_get_snapshot(GsRunner *self);   /* borrowed; NULL before the first one */
const GError *gs_runner_get_error(GsRunner *self); /* set once FAILED */

/* Minimum time between snapshots while running, in milliseconds (0: after every step). */
void gs_runner_set_snapshot_interval(GsRunner *self, guint milliseconds);
/* Play at a chosen speed: at most steps_per_second steps a second while running freely (0, the
 * default: as fast as the job goes). Single steps (gs_runner_step) are not slowed down. */
void gs_runner_set_max_rate(GsRunner *self, guint steps_per_second);
guint gs_runner_get_max_rate(GsRunner *self);
guint gs_runner_get_snapshot_interval(GsRunner *self);

G_END_DECLS

#endif /* GS_RUNNER_H */
