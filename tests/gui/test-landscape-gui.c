/* test-landscape-gui.c — the first impression (issue 7): Ganscape started as its main does opens
 * on the discriminator landscape and is training, with landscape snapshots arriving, within
 * seconds. Polls with a deadline; asserts what happened, not how fast. */
#include <gtk/gtk.h>

#include "gs-application.h"
#include "gs-window.h"
#include "platform/gs-snapshot.h"

static GsRunnerState state_seen;
static guint64 steps_seen;
static char *kind_seen;
static gint64 deadline;

static guint rate_seen = G_MAXUINT;

/* The page's play-speed menu: the drop-down whose tooltip says so. */
static GtkDropDown *find_speed_choice(GtkWidget *w)
{
  const char *tip = gtk_widget_get_tooltip_text(w);
  if (GTK_IS_DROP_DOWN(w) && tip && g_str_has_prefix(tip, "Play speed")) return GTK_DROP_DOWN(w);
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c)) {
    GtkDropDown *found = find_speed_choice(c);
    if (found) return found;
  }
  return NULL;
}

static gboolean poll_cb(gpointer app)
{
  GtkWindow *window = gtk_application_get_active_window(GTK_APPLICATION(app));
  GsRunner *runner = window ? gs_window_get_runner(GS_WINDOW(window)) : NULL;
  GObject *snap = runner ? gs_runner_get_snapshot(runner) : NULL;
  if (runner) {
    state_seen = gs_runner_get_state(runner);
    steps_seen = gs_runner_get_steps_done(runner);
  }
  if (GS_IS_SNAPSHOT(snap)) {
    g_free(kind_seen);
    kind_seen = g_strdup(gs_snapshot_get_kind(GS_SNAPSHOT(snap)));
  }
  gboolean done = runner && steps_seen >= 20 && kind_seen;
  if (done || g_get_monotonic_time() > deadline) {
    /* Play at a chosen speed: the page's menu sets the runner's rate (the runner's own test
     * checks the pacing). Entry 3 of Full/100/30/10/3/1 is 10 steps a second. */
    GtkDropDown *speed = window ? find_speed_choice(GTK_WIDGET(window)) : NULL;
    if (speed && runner) {
      gtk_drop_down_set_selected(speed, 3);
      rate_seen = gs_runner_get_max_rate(runner);
    }
    if (window) gtk_window_destroy(window);
    g_application_quit(G_APPLICATION(app));
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static void activate_cb(GApplication *app)
{
  deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC; /* generous: CI machines are shared */
  g_timeout_add(50, poll_cb, app);
}

static void test_opens_training(void)
{
  GsApplication *app = gs_application_new();
  g_application_set_flags(G_APPLICATION(app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after(app, "activate", G_CALLBACK(activate_cb), NULL);
  char *args[] = {"ganscape", NULL};
  g_assert_cmpint(g_application_run(G_APPLICATION(app), 1, args), ==, 0);
  g_assert_cmpstr(kind_seen, ==, "landscape");
  g_assert_cmpuint(steps_seen, >=, 20);
  g_assert_cmpint(state_seen, ==, GS_RUNNER_RUNNING);
  g_assert_cmpuint(rate_seen, ==, 10);
  g_object_unref(app);
  g_free(kind_seen);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (!gtk_init_check()) {
    if (g_getenv("GANSCAPE_REQUIRE_DISPLAY")) g_error("no display: run under xvfb-run");
    g_test_skip("no display (run under xvfb-run)");
    return g_test_run();
  }
  g_test_add_func("/landscape-gui/opens-training", test_opens_training);
  return g_test_run();
}
