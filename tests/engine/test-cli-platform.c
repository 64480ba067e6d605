/* test-cli.c — ganscape-cli's run, sweep, runs and metrics as a user runs them: real child
 * processes, real stores. Includes the SIGKILL test of the store and the Slurm round trip. */
#include "gs-config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "gs-test-kind.h"
#include "platform/gs-store.h"

static char *dir;
static const char *cli;

static char *in_dir(const char *name)
{
  return g_build_filename(dir, name, NULL);
}

/* Runs the CLI with the arguments (NULL-terminated), returns its exit status. */
static int cli_run(char **out, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *) cli);
  va_list ap;
  va_start(ap, err);
  for (char *a; (a = va_arg(ap, char *));) g_ptr_array_add(argv, a);
  va_end(ap);
  g_ptr_array_add(argv, NULL);
  int status = 0;
  g_autoptr(GError) error = NULL;
  char *o = NULL, *e = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &o, &e,
                             &status, &error));
  if (g_test_verbose()) g_printerr("%s%s", o, e);
  if (out)
    *out = o;
  else
    g_free(o);
  if (err)
    *err = e;
  else
    g_free(e);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *experiment(const char *name, const char *extra)
{
  char *path = in_dir(name);
  g_autofree char *text = g_strdup_printf(
      "{\"format\": \"ganscape-experiment\", \"version\": 1, \"kind\": \"synthetic\", \"seed\": 3,"
      " \"backend\": \"cpu\", \"steps\": 40, \"params\": {\"batch\": 16%s}}",
      extra ? extra : "");
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static void test_run_and_export(void)
{
  g_autofree char *file = experiment("a.ganscape.json", NULL);
  g_autofree char *s1 = in_dir("one.sqlite"), *s2 = in_dir("two.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(cli_run(&out, &err, "run", file, "--store", s1, "--name", "first", NULL), ==, 0);
  /* piped: plain lines, the last one is the last step, then the outcome */
  g_assert_nonnull(strstr(out, "step 40/40 loss="));
  g_assert_nonnull(strstr(out, "run 1 finished after 40 steps"));
  g_assert_null(strchr(out, '\r'));
  g_assert_cmpint(cli_run(NULL, NULL, "run", file, "--store", s2, "--quiet", NULL), ==, 0);
  /* Reproducibility: the same file, seed and CPU backend give bit-identical metrics, which the
   * CSV shows with every digit (shortest round-trip form). */
  g_autofree char *csv1 = NULL, *csv2 = NULL, *json = NULL;
  g_assert_cmpint(cli_run(&csv1, NULL, "runs", "export", "1", "--store", s1, NULL), ==, 0);
  g_assert_cmpint(cli_run(&csv2, NULL, "runs", "export", "1", "--store", s2, NULL), ==, 0);
  g_assert_true(g_str_has_prefix(csv1, "step,name,value\n"));
  g_assert_cmpuint(strlen(csv1), >, 40 * 20);
  g_assert_cmpstr(csv1, ==, csv2);
  g_assert_cmpint(cli_run(&json, NULL, "runs", "export", "1", "--format", "json", "--store", s1,
                          "--metric", "loss", NULL),
                  ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, json, -1, NULL));
  JsonObject *root = json_node_get_object(json_parser_get_root(parser));
  JsonObject *loss =
      json_object_get_object_member(json_object_get_object_member(root, "metrics"), "loss");
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(loss, "value")), ==, 40);
  g_assert_false(
      json_object_has_member(json_object_get_object_member(root, "metrics"), "grad_norm"));
  /* a different seed gives different numbers */
  g_autofree char *s3 = in_dir("three.sqlite"), *csv3 = NULL;
  g_assert_cmpint(cli_run(NULL, NULL, "run", file, "--store", s3, "--seed", "4", "-q", NULL), ==,
                  0);
  g_assert_cmpint(cli_run(&csv3, NULL, "runs", "export", "1", "--store", s3, NULL), ==, 0);
  g_assert_cmpstr(csv1, !=, csv3);

  /* list, show, rename, annotate, reopen, delete */
  g_autofree char *list = NULL, *show = NULL, *csvlist = NULL;
  g_assert_cmpint(cli_run(&list, NULL, "runs", "list", "--store", s1, NULL), ==, 0);
  g_assert_nonnull(strstr(list, "synthetic"));
  g_assert_nonnull(strstr(list, "first"));
  g_assert_nonnull(strstr(list, "40/40"));
  g_assert_cmpint(cli_run(NULL, NULL, "runs", "rename", "1", "baseline", "--store", s1, NULL), ==,
                  0);
  g_assert_cmpint(
      cli_run(NULL, NULL, "runs", "annotate", "1", "a, \"quoted\" note", "--store", s1, NULL), ==,
      0);
  g_assert_cmpint(cli_run(&csvlist, NULL, "runs", "list", "--format", "csv", "--store", s1, NULL),
                  ==, 0);
  g_assert_nonnull(strstr(csvlist, ",baseline,finished,40/40,3,cpu,"));
  g_assert_nonnull(strstr(csvlist, "\"a, \"\"quoted\"\" note\""));
  g_assert_cmpint(cli_run(&show, NULL, "runs", "show", "1", "--store", s1, NULL), ==, 0);
  g_assert_nonnull(strstr(show, "checkpoints at steps 40"));
  g_assert_nonnull(strstr(show, "\"batch\": 16"));
  g_autofree char *reopened = in_dir("reopened.ganscape.json");
  g_assert_cmpint(cli_run(NULL, NULL, "runs", "reopen", "1", reopened, "--store", s1, NULL), ==, 0);
  g_autofree char *s4 = in_dir("four.sqlite"), *csv4 = NULL;
  g_assert_cmpint(cli_run(NULL, NULL, "run", reopened, "--store", s4, "-q", NULL), ==, 0);
  g_assert_cmpint(cli_run(&csv4, NULL, "runs", "export", "1", "--store", s4, NULL), ==, 0);
  g_assert_cmpstr(csv1, ==, csv4);
  g_assert_cmpint(cli_run(NULL, NULL, "runs", "delete", "1", "--store", s2, NULL), ==, 0);
  g_autofree char *err2 = NULL;
  g_assert_cmpint(cli_run(NULL, &err2, "runs", "show", "1", "--store", s2, NULL), ==, 1);
  g_assert_nonnull(strstr(err2, "no run \"1\""));
}

/* export draws a view of a stored run (restored from its checkpoint) through the figure
 * library, writes the data and provenance beside it, and records the export with the run. */
static void test_export(void)
{
  g_autofree char *file = experiment("export.ganscape.json", NULL);
  g_autofree char *store = in_dir("export.sqlite");
  g_assert_cmpint(cli_run(NULL, NULL, "run", file, "--store", store, "-q", NULL), ==, 0);
  g_autofree char *pdf = in_dir("fig.pdf"), *out = NULL;
  g_assert_cmpint(cli_run(&out, NULL, "export", "1", "--view", "metrics", "--output", pdf,
                          "--preset", "slide", "--store", store, NULL),
                  ==, 0);
  g_autofree char *bytes = NULL, *csv_text = NULL, *json_text = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(pdf, &bytes, &len, NULL));
  g_assert_true(len > 1000 && g_str_has_prefix(bytes, "%PDF"));
  g_autofree char *csv = in_dir("fig.csv"), *json = in_dir("fig.json");
  g_assert_true(g_file_get_contents(csv, &csv_text, NULL, NULL));
  g_assert_nonnull(strstr(csv_text, "line"));
  g_assert_true(g_file_get_contents(json, &json_text, NULL, NULL));
  g_assert_nonnull(strstr(json_text, "synthetic"));
  g_autofree char *png = in_dir("fig.png"), *png_bytes = NULL;
  g_assert_cmpint(cli_run(NULL, NULL, "export", "1", "--view", "metrics", "--output", png, "--dpi",
                          "72", "--no-data", "--store", store, NULL),
                  ==, 0);
  g_assert_true(g_file_get_contents(png, &png_bytes, &len, NULL));
  g_assert_true(len > 8 && memcmp(png_bytes, "\x89PNG", 4) == 0);
  g_autofree char *show = NULL, *err = NULL, *err2 = NULL;
  g_assert_cmpint(cli_run(&show, NULL, "runs", "show", "1", "--store", store, NULL), ==, 0);
  g_assert_nonnull(strstr(show, "figure       metrics (pdf)"));
  g_assert_cmpint(cli_run(NULL, &err, "export", "1", "--view", "nope", "--store", store, NULL), ==,
                  1);
  g_assert_nonnull(strstr(err, "no view \"nope\" for runs of kind \"synthetic\" — views: metrics"));
  g_assert_cmpint(cli_run(NULL, &err2, "export", "1", "--view", "metrics", "--format", "gif",
                          "--store", store, NULL),
                  ==, 2);
}

/* On a terminal the progress is a bar redrawn in place (script(1) gives the run a pty). */
static void test_progress_bar_on_a_terminal(void)
{
  g_autofree char *script = g_find_program_in_path("script");
  if (!script) {
    g_test_skip("script(1) is not installed");
    return;
  }
  g_autofree char *file = experiment("tty.ganscape.json", NULL);
  g_autofree char *q_cli = g_shell_quote(cli), *q_file = g_shell_quote(file);
  g_autofree char *command = g_strdup_printf("%s run %s --no-store", q_cli, q_file);
  const char *argv[] = {script, "-qec", command, "/dev/null", NULL};
  g_autofree char *out = NULL;
  int status;
  g_assert_true(g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                             &out, NULL, &status, NULL));
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_nonnull(strstr(out, "\r[########################] 100% 40/40"));
  g_assert_null(strstr(out, "step 40/40 loss="));
}

static void test_bad_input(void)
{
  g_autofree char *bad = experiment("bad.ganscape.json", ", \"lr\": 7, \"lrr\": 1");
  g_autofree char *store = in_dir("bad.sqlite");
  g_autofree char *err = NULL;
  g_assert_cmpint(cli_run(NULL, &err, "run", bad, "--store", store, NULL), ==, 2);
  g_assert_nonnull(strstr(err, "warning: bad.ganscape.json:1: params.lrr:"));
  g_assert_nonnull(strstr(err, "\"lr\": 7 is out of range — allowed 1e-6 … 1"));
  g_autofree char *good = experiment("good.ganscape.json", NULL);
  g_autofree char *err2 = NULL, *err3 = NULL, *err4 = NULL;
  g_assert_cmpint(cli_run(NULL, &err2, "run", good, "--set", "batch=0", NULL), ==, 2);
  g_assert_nonnull(strstr(err2, "--set \"batch\": 0 is out of range — allowed 1 … 4096"));
  g_assert_cmpint(cli_run(NULL, &err3, "run", good, "--set", "bach=3", NULL), ==, 2);
  g_assert_nonnull(strstr(err3, "did you mean \"batch\"?"));
  g_assert_cmpint(cli_run(NULL, &err4, "run", good, "--bogus", NULL), ==, 2);
  g_assert_cmpint(cli_run(NULL, NULL, "run", NULL), ==, 2);
  /* --save-as writes the overrides; --dry-run trains nothing */
  g_autofree char *saved = in_dir("saved.ganscape.json"), *out = NULL;
  g_assert_cmpint(
      cli_run(&out, NULL, "run", good, "--set", "lr=0.002", "--save-as", saved, "--dry-run", NULL),
      ==, 0);
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(saved, &text, NULL, NULL));
  g_assert_nonnull(strstr(text, "\"lr\": 0.002"));
  g_assert_nonnull(strstr(out, "lr"));
  /* a failing run exits 1 and is recorded as failed */
  g_autofree char *failing = experiment("fail.ganscape.json", ", \"fail_at\": 5");
  g_autofree char *fs = in_dir("fail.sqlite"), *ferr = NULL, *list = NULL;
  g_assert_cmpint(cli_run(NULL, &ferr, "run", failing, "--store", fs, NULL), ==, 1);
  g_assert_nonnull(strstr(ferr, "the run failed at step 5: failed on purpose at step 5"));
  g_assert_cmpint(cli_run(&list, NULL, "runs", "list", "--status", "failed", "--store", fs, NULL),
                  ==, 0);
  g_assert_nonnull(strstr(list, "4/40"));
}

/* A real run is killed with SIGKILL while it writes; the store stays consistent and every batch
 * committed before the kill is there, whole and bit-identical to an undisturbed run. */
static void test_sigkill(void)
{
  g_autofree char *file = experiment("kill.ganscape.json", ", \"sleep_us\": 200");
  g_autofree char *store_path = in_dir("kill.sqlite");
  const char *argv[] = {cli,       "run",     file,      "--store", store_path,
                        "--steps", "1000000", "--quiet", NULL};
  GPid pid;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_async(NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                              &pid, &error));
  /* wait until at least three batches (1024 rows each, ~3 rows a step) are committed */
  gint64 seen = 0, deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (seen < 1000 && g_get_monotonic_time() < deadline) {
    g_usleep(50000);
    GsStore *s = gs_store_open(store_path, NULL);
    if (!s) continue;
    GsRunInfo *r = gs_store_get_run(s, 1, NULL);
    if (r) seen = r->last_step;
    gs_run_info_free(r);
    gs_store_close(s);
  }
  g_assert_cmpint(seen, >=, 1000);
  kill(pid, SIGKILL);
  int status;
  waitpid(pid, &status, 0);
  g_spawn_close_pid(pid);
  g_assert_true(WIFSIGNALED(status));

  g_autoptr(GsStore) store = gs_store_open(store_path, &error);
  g_assert_no_error(error);
  g_assert_true(gs_store_check(store, &error));
  g_autoptr(GsRunInfo) r = gs_store_get_run(store, 1, &error);
  g_assert_cmpint(r->status, ==, GS_RUN_INTERRUPTED);
  g_assert_cmpint(r->last_step, >=, seen);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, 1, &error);
  int loss = gs_metric_view_find(m, "loss");
  /* exactly the steps 1 … last_step: no half batch, no gap */
  g_assert_cmpuint(gs_metric_view_length(m, loss), ==, r->last_step);
  for (gsize k = 0; k < (gsize) r->last_step; k++)
    g_assert_cmpint(gs_metric_view_row(m, loss, k).step, ==, k + 1);
  /* and the same numbers as an undisturbed run of that length */
  g_autofree char *ref_path = in_dir("kill-ref.sqlite");
  g_autofree char *steps = g_strdup_printf("%" G_GINT64_FORMAT, r->last_step);
  g_assert_cmpint(cli_run(NULL, NULL, "run", file, "--store", ref_path, "--steps", steps, "--set",
                          "sleep_us=0", "-q", NULL),
                  ==, 0);
  g_autoptr(GsStore) ref = gs_store_open(ref_path, &error);
  g_autoptr(GsMetricView) mr = gs_store_load_metrics(ref, 1, &error);
  int ref_loss = gs_metric_view_find(mr, "loss");
  for (gsize k = 0; k < (gsize) r->last_step; k++) {
    double a = gs_metric_view_row(m, loss, k).value, b = gs_metric_view_row(mr, ref_loss, k).value;
    g_assert_cmpmem(&a, sizeof a, &b, sizeof b);
  }
  /* the killed store still takes new runs */
  g_assert_cmpint(cli_run(NULL, NULL, "run", file, "--store", store_path, "--steps", "5", "-q",
                          "--set", "sleep_us=0", NULL),
                  ==, 0);
}

static void test_slurm_and_merge(void)
{
  g_autofree char *file = experiment("sweep.ganscape.json", NULL);
  g_autofree char *sweep_dir = in_dir("slurm");
  g_autofree char *out = NULL;
  g_assert_cmpint(cli_run(&out, NULL, "sweep", file, "--grid", "lr=0.01,0.05", "--grid",
                          "hidden=8;8,8", "--seeds", "2", "--steps", "12", "--slurm", sweep_dir,
                          "--slurm-option", "--time=0:10:00", NULL),
                  ==, 0);
  g_autofree char *script = g_build_filename(sweep_dir, "sweep.sbatch", NULL);
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(script, &text, NULL, NULL));
  g_assert_nonnull(strstr(text, "#SBATCH --array=0-7\n"));
  g_assert_nonnull(strstr(text, "#SBATCH --time=0:10:00\n"));
  g_assert_nonnull(strstr(text, "hidden=8,8"));
  /* Run two array tasks as Slurm would, then merge their stores into a third, twice. */
  const char *tasks[] = {"0", "5"};
  for (guint i = 0; i < G_N_ELEMENTS(tasks); i++) {
    const char *argv[] = {"bash", script, NULL};
    g_auto(GStrv) env = g_get_environ();
    env = g_environ_setenv(env, "SLURM_ARRAY_TASK_ID", tasks[i], TRUE);
    env = g_environ_setenv(env, "GANSCAPE_CLI", cli, TRUE);
    int status;
    g_autoptr(GError) error = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **) argv, env,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               NULL, &status, &error));
    g_assert_true(g_spawn_check_wait_status(status, &error));
  }
  g_autofree char *t0 = g_build_filename(sweep_dir, "stores", "task-0.sqlite", NULL);
  g_autofree char *t5 = g_build_filename(sweep_dir, "stores", "task-5.sqlite", NULL);
  g_autofree char *mine = in_dir("merged.sqlite"), *m1 = NULL, *m2 = NULL, *list = NULL;
  g_assert_cmpint(cli_run(&m1, NULL, "runs", "merge", t0, t5, "--store", mine, NULL), ==, 0);
  g_assert_nonnull(strstr(m1, "1 runs added"));
  g_assert_cmpint(cli_run(&m2, NULL, "runs", "merge", t0, t5, "--store", mine, NULL), ==, 0);
  g_assert_nonnull(strstr(m2, "0 runs added, 0 updated, 1 already here"));
  g_assert_cmpint(cli_run(&list, NULL, "runs", "list", "--format", "csv", "--store", mine, NULL),
                  ==, 0);
  g_auto(GStrv) lines = g_strsplit(g_strstrip(list), "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 3); /* header + 2 runs */
  g_assert_nonnull(strstr(list, "sweep 0: lr=0.01 hidden=8 seed=3"));
  g_assert_nonnull(strstr(list, "sweep 5: lr=0.01 hidden=8,8 seed=4"));
  g_assert_nonnull(strstr(list, "12/12"));
  /* a grid value the schema refuses fails before anything runs */
  g_autofree char *err = NULL;
  g_assert_cmpint(cli_run(NULL, &err, "sweep", file, "--grid", "lr=0.1,9", "--dry-run", NULL), ==,
                  2);
  g_assert_nonnull(strstr(err, "\"lr\": 9 is out of range"));
}

static void test_local_sweep_and_metrics(void)
{
  g_autofree char *file = experiment("local.ganscape.json", NULL);
  g_autofree char *store = in_dir("local.sqlite"), *out = NULL;
  g_assert_cmpint(cli_run(&out, NULL, "sweep", file, "--grid", "lr=0.01,0.05", "--seeds", "2",
                          "--steps", "10", "--jobs", "2", "--store", store, NULL),
                  ==, 0);
  g_assert_nonnull(strstr(out, "sweep: 4 of 4 runs finished"));
  g_autofree char *table = NULL, *grouped = NULL, *at = NULL;
  g_assert_cmpint(
      cli_run(&table, NULL, "metrics", "--store", store, "--name", "loss", "--format", "csv", NULL),
      ==, 0);
  g_auto(GStrv) rows = g_strsplit(g_strstrip(table), "\n", -1);
  g_assert_cmpuint(g_strv_length(rows), ==, 5);
  g_assert_cmpstr(rows[0], ==, "id,kind,name,seed,steps,loss");
  g_assert_cmpint(cli_run(&grouped, NULL, "metrics", "--store", store, "--name", "loss",
                          "--group-by", "lr", "--format", "csv", NULL),
                  ==, 0);
  g_auto(GStrv) groups = g_strsplit(g_strstrip(grouped), "\n", -1);
  g_assert_cmpuint(g_strv_length(groups), ==, 3);
  g_assert_cmpstr(groups[0], ==, "lr,n,loss mean,loss std");
  g_assert_true(g_str_has_prefix(groups[1], "0.01,2,"));
  g_assert_true(g_str_has_prefix(groups[2], "0.05,2,"));
  /* --at picks the row of that step; lr is emitted every 10 steps */
  g_assert_cmpint(cli_run(&at, NULL, "metrics", "1", "--store", store, "--name", "lr", "--at", "10",
                          "--format", "csv", NULL),
                  ==, 0);
  g_assert_nonnull(strstr(at, ",0.01\n"));
}

/* run --group-variants: the robust kind's standard run, three ablations and the weak/strong ε
 * pair, one group id, in order; --dry-run lists them with their overrides resolved against the
 * file; an override out of range refuses the group; a kind without variants is a usage error;
 * --list-params lists the interpolant's baselines, and its group runs. */
static void test_group_variants(void)
{
  g_autofree char *file = in_dir("group.ganscape.json");
  const char *text =
      "{\"format\": \"ganscape-experiment\", \"version\": 1, \"kind\": \"robust\", \"seed\": 4,"
      " \"backend\": \"cpu\", \"steps\": 2, \"params\": {\"dataset\": \"moons\","
      " \"train_size\": 60, \"val_size\": 20, \"test_size\": 40, \"train_eval_size\": 40,"
      " \"hidden\": [16], \"train_steps\": 2, \"eval_steps\": 2, \"epsilon\": 0.3}}";
  g_assert_true(g_file_set_contents(file, text, -1, NULL));
  g_autofree char *listing = NULL;
  g_assert_cmpint(cli_run(&listing, NULL, "run", file, "--group-variants", "--dry-run", NULL), ==,
                  0);
  const char *lines[] = {
      ": run 1 of 6, Standard: ablation=none\n",
      ": run 2 of 6, Natural-data ablation: ablation=natural\n",
      ": run 3 of 6, Perturbation ablation: ablation=perturbation\n",
      ": run 4 of 6, Larger ε_a on small-loss examples: ablation=strong\n",
      ": run 5 of 6, Weak adversary, ε × 0.5: ablation=none, epsilon=0.15\n",
      ": run 6 of 6, Strong adversary, ε × 2: ablation=none, epsilon=0.6\n",
  };
  const char *line = listing;
  for (guint i = 0; i < G_N_ELEMENTS(lines); i++) { /* in launch order */
    line = strstr(line, lines[i]);
    g_assert_nonnull(line);
  }
  g_autofree char *too_far = NULL;
  g_assert_cmpint(cli_run(NULL, &too_far, "run", file, "--group-variants", "--dry-run", "--set",
                          "epsilon=6", NULL),
                  ==, 2);
  g_assert_nonnull(strstr(too_far, "variant strong-eps (epsilon*=2): \"epsilon\": 12 is out of "
                                   "range — allowed 0 … 1e1"));

  g_autofree char *store = in_dir("group.sqlite"), *out = NULL, *list = NULL, *show = NULL;
  g_assert_cmpint(cli_run(&out, NULL, "run", file, "--group-variants", "--name", "g", "--store",
                          store, "-q", NULL),
                  ==, 0);
  g_assert_nonnull(strstr(out, ": 6 runs finished"));
  g_assert_cmpint(cli_run(&list, NULL, "runs", "list", "--store", store, NULL), ==, 0);
  const char *order[] = {"g: strong-eps",   "g: weak-eps", "g: strong",
                         "g: perturbation", "g: natural",  "g: standard"};
  const char *at = list;
  for (guint i = 0; i < G_N_ELEMENTS(order); i++) { /* newest first */
    at = strstr(at, order[i]);
    g_assert_nonnull(at);
  }
  g_assert_cmpint(cli_run(&show, NULL, "runs", "show", "3", "--store", store, NULL), ==, 0);
  g_assert_nonnull(strstr(show, "  group        group-"));
  /* runs list --group keeps exactly the group's runs */
  const char *group_at = strstr(show, "  group        ") + strlen("  group        ");
  g_autofree char *group = g_strndup(group_at, strcspn(group_at, "\n"));
  g_autofree char *only = NULL, *none = NULL;
  g_assert_cmpint(cli_run(&only, NULL, "runs", "list", "--store", store, "--group", group,
                          "--format", "csv", NULL),
                  ==, 0);
  g_auto(GStrv) only_rows = g_strsplit(g_strstrip(only), "\n", -1);
  g_assert_cmpuint(g_strv_length(only_rows), ==, 1 + 6); /* header and six runs */
  g_assert_cmpint(cli_run(&none, NULL, "runs", "list", "--store", store, "--group", "group-none",
                          "--format", "csv", NULL),
                  ==, 0);
  g_auto(GStrv) none_rows = g_strsplit(g_strstrip(none), "\n", -1);
  g_assert_cmpuint(g_strv_length(none_rows), ==, 1);
  g_assert_nonnull(strstr(show, "\"ablation\": \"perturbation\""));
  g_autofree char *weak = NULL;
  g_assert_cmpint(cli_run(&weak, NULL, "runs", "show", "5", "--store", store, NULL), ==, 0);
  g_assert_nonnull(strstr(weak, "\"epsilon\": 0.15"));

  /* a stored group's views overlay every run from their own checkpoints: robust accuracy
   * against ε and per class, one legend entry per run */
  const char *overlay_views[] = {"robust-epsilon", "robust-classes"};
  const char *labels[] = {"Standard",
                          "Natural-data ablation",
                          "Perturbation ablation",
                          "Larger ε_a on small-loss examples",
                          "Weak adversary, ε × 0.5",
                          "Strong adversary, ε × 2"};
  for (guint v = 0; v < G_N_ELEMENTS(overlay_views); v++) {
    g_autofree char *png = in_dir(overlay_views[v]), *png_path = g_strconcat(png, ".png", NULL);
    g_autofree char *csv_path = g_strconcat(png, ".csv", NULL), *csv = NULL;
    g_assert_cmpint(cli_run(NULL, NULL, "export", "2", "--view", overlay_views[v], "--store", store,
                            "-o", png_path, NULL),
                    ==, 0);
    g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
    for (guint i = 0; i < G_N_ELEMENTS(labels); i++) g_assert_nonnull(strstr(csv, labels[i]));
  }

  g_autofree char *plain = experiment("plain.ganscape.json", NULL), *err = NULL;
  g_assert_cmpint(cli_run(NULL, &err, "run", plain, "--group-variants", "--no-store", NULL), ==, 2);
  g_assert_nonnull(strstr(err, "no group variants"));

  /* --list-params names a kind's variants and their overrides (interpolant: its baselines) */
  g_autofree char *params = NULL;
  g_assert_cmpint(cli_run(&params, NULL, "run", "--list-params", "--kind", "interpolant", NULL), ==,
                  0);
  g_assert_nonnull(strstr(params, "Group variants (--group-variants; in the window: “Compare "
                                  "with baselines”):"));
  const char *ids[] = {"poly-m1", "poly-m2", "poly-m3", "wgan-gp", "r1", "gmmn"};
  const char *at_id = params;
  for (guint i = 0; i < G_N_ELEMENTS(ids); i++) { /* in launch order */
    at_id = strstr(at_id, ids[i]);
    g_assert_nonnull(at_id);
  }
  g_assert_nonnull(strstr(params, "critic=poly-wgan m=3"));
  /* and runs them: six runs, one group */
  g_autofree char *interp = in_dir("interp.ganscape.json"), *ran = NULL;
  const char *interp_text =
      "{\"format\": \"ganscape-experiment\", \"version\": 1, \"kind\": \"interpolant\","
      " \"seed\": 3, \"backend\": \"cpu\", \"steps\": 2, \"params\": {\"batch\": 16,"
      " \"grid\": 16, \"d_steps\": 1}}";
  g_assert_true(g_file_set_contents(interp, interp_text, -1, NULL));
  g_assert_cmpint(cli_run(&ran, NULL, "run", interp, "--group-variants", "--no-store", "-q", NULL),
                  ==, 0);
  g_assert_nonnull(strstr(ran, ": 6 runs finished"));
}

static void remove_tree(const char *path)
{
  GDir *d = g_dir_open(path, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    g_autofree char *p = g_build_filename(path, name, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR))
      remove_tree(p);
    else
      g_unlink(p);
  }
  if (d) g_dir_close(d);
  g_rmdir(path);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  gs_test_kind_register();
  cli = g_getenv("GANSCAPE_CLI_TEST");
  if (!cli) {
    g_printerr("set GANSCAPE_CLI_TEST to the ganscape-cli-test program (meson test does)\n");
    return 1;
  }
  dir = g_dir_make_tmp("gs-cli-XXXXXX", NULL);
  g_test_add_func("/cli/run-export-reproduce", test_run_and_export);
  g_test_add_func("/cli/bad-input", test_bad_input);
  g_test_add_func("/cli/progress-bar", test_progress_bar_on_a_terminal);
  g_test_add_func("/cli/export", test_export);
  g_test_add_func("/cli/sigkill", test_sigkill);
  g_test_add_func("/cli/slurm-merge", test_slurm_and_merge);
  g_test_add_func("/cli/sweep-metrics", test_local_sweep_and_metrics);
  g_test_add_func("/cli/group-variants", test_group_variants);
  int rc = g_test_run();
  remove_tree(dir);
  return rc;
}
