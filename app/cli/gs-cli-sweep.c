/* gs-cli-sweep.c — `ganscape-cli sweep FILE --grid name=v1,v2 …`: every combination of the grid
 * values and seeds, each run as `ganscape-cli run` (locally, N at a time, or as the tasks of a
 * Slurm job array). */
#include "gs-config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gs-cli-platform.h"

typedef struct {
  char *name;
  GPtrArray *values; /* char* */
} Axis;

static void axis_free(Axis *a)
{
  g_free(a->name);
  g_ptr_array_unref(a->values);
  g_free(a);
}

/* "lr=0.1,0.01" or, when values hold commas, "hidden=16,16;32,32". Each value is checked
 * against the schema now, so a typo fails before any run starts. */
static Axis *parse_axis(const char *spec, const GsExperimentFile *file)
{
  const char *eq = strchr(spec, '=');
  if (!eq || eq == spec || !eq[1]) {
    gs_cli_error("sweep", _("--grid %s: expected name=value1,value2,…"), spec);
    return NULL;
  }
  Axis *a = g_new0(Axis, 1);
  a->name = g_strndup(spec, eq - spec);
  a->values = g_ptr_array_new_with_free_func(g_free);
  const char *sep = strchr(eq + 1, ';') ? ";" : ",";
  g_auto(GStrv) parts = g_strsplit(eq + 1, sep, -1);
  g_autoptr(GsParamValues) probe = gs_param_values_copy(file->params);
  for (int i = 0; parts[i]; i++) {
    g_autoptr(GError) error = NULL;
    if (!gs_param_values_parse(probe, a->name, parts[i], &error)) {
      gs_cli_error("sweep", "--grid %s", error->message);
      axis_free(a);
      return NULL;
    }
    g_ptr_array_add(a->values, gs_param_values_format(probe, a->name));
  }
  return a;
}

typedef struct {
  GPtrArray *args; /* char*: --set name=value … --seed S */
  char *label;     /* "lr=0.1 seed=3" */
} Point;

static void point_free(Point *p)
{
  g_ptr_array_unref(p->args);
  g_free(p->label);
  g_free(p);
}

static GPtrArray *expand(GPtrArray *axes, guint64 seed0, guint n_seeds)
{
  GPtrArray *points = g_ptr_array_new_with_free_func((GDestroyNotify) point_free);
  guint n = 1;
  for (guint a = 0; a < axes->len; a++) n *= ((Axis *) axes->pdata[a])->values->len;
  for (guint i = 0; i < n; i++) {
    for (guint s = 0; s < n_seeds; s++) {
      Point *p = g_new0(Point, 1);
      p->args = g_ptr_array_new_with_free_func(g_free);
      GString *label = g_string_new(NULL);
      guint rest = i;
      for (guint a = 0; a < axes->len; a++) {
        Axis *axis = axes->pdata[a];
        const char *v = axis->values->pdata[rest % axis->values->len];
        rest /= axis->values->len;
        g_ptr_array_add(p->args, g_strdup("--set"));
        g_ptr_array_add(p->args, g_strdup_printf("%s=%s", axis->name, v));
        g_string_append_printf(label, "%s=%s ", axis->name, v);
      }
      g_ptr_array_add(p->args, g_strdup("--seed"));
      g_ptr_array_add(p->args, g_strdup_printf("%" G_GUINT64_FORMAT, seed0 + s));
      g_string_append_printf(label, "seed=%" G_GUINT64_FORMAT, seed0 + s);
      p->label = g_string_free(label, FALSE);
      g_ptr_array_add(points, p);
    }
  }
  return points;
}

static char *self_exe(void)
{
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  return exe ? g_steal_pointer(&exe) : g_strdup("ganscape-cli");
}

static char *quoted_args(GPtrArray *args)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < args->len; i++) {
    g_autofree char *q = g_shell_quote(args->pdata[i]);
    g_string_append_printf(s, "%s%s", i ? " " : "", q);
  }
  return g_string_free(s, FALSE);
}

static int write_slurm(const char *dir, const char *file_path, const GsExperimentFile *file,
                       GPtrArray *points, char **options, const char *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *abs_dir = g_canonicalize_filename(dir, NULL);
  g_autofree char *stores = g_build_filename(abs_dir, "stores", NULL);
  g_autofree char *logs = g_build_filename(abs_dir, "logs", NULL);
  if (g_mkdir_with_parents(stores, 0755) || g_mkdir_with_parents(logs, 0755)) {
    gs_cli_error("sweep", _("cannot create %s: %s"), abs_dir, g_strerror(errno));
    return GS_CLI_EXIT_FAILED;
  }
  /* The job runs from a copy of the experiment, so editing the original later changes nothing. */
  g_autofree char *copy = g_build_filename(abs_dir, "experiment.ganscape.json", NULL);
  if (!gs_experiment_file_save(file, copy, &error)) {
    gs_cli_error("sweep", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  g_autofree char *q_dir = g_shell_quote(abs_dir);
  g_autofree char *q_cli = g_shell_quote(cli);
  g_autofree char *q_logs = g_build_filename(logs, "%A_%a.out", NULL);
  GString *s = g_string_new("#!/bin/bash\n");
  g_string_append_printf(s, "#SBATCH --job-name=ganscape-%s\n", file->kind->id);
  g_string_append_printf(s, "#SBATCH --array=0-%u\n", points->len - 1);
  g_string_append_printf(s, "#SBATCH --output=%s\n", q_logs);
  for (int i = 0; options && options[i]; i++) g_string_append_printf(s, "#SBATCH %s\n", options[i]);
  g_string_append_printf(
      s,
      "#\n# Written by ganscape-cli %s sweep from %s: %u grid points.\n"
      "# Each array task runs one point into its own store, stores/task-N.sqlite.\n"
      "# When the job is done, gather the runs into your store with\n"
      "#   ganscape-cli runs merge %s/stores/*.sqlite\n"
      "# Run one task by hand: SLURM_ARRAY_TASK_ID=0 bash sweep.sbatch\n\n"
      "set -eu\n"
      "if [ -z \"${GANSCAPE_CLI:-}\" ]; then GANSCAPE_CLI=%s; fi\n"
      "if [ -z \"${SWEEP_DIR:-}\" ]; then SWEEP_DIR=%s; fi\n"
      "TASK=\"${SLURM_ARRAY_TASK_ID:?submit with sbatch, or set "
      "SLURM_ARRAY_TASK_ID}\"\n"
      "case \"$TASK\" in\n",
      GS_VERSION, file_path, points->len, abs_dir, q_cli, q_dir);
  for (guint i = 0; i < points->len; i++) {
    Point *p = points->pdata[i];
    g_autofree char *args = quoted_args(p->args);
    g_autofree char *name = g_strdup_printf("sweep %u: %s", i, p->label);
    g_autofree char *q_name = g_shell_quote(name);
    g_string_append_printf(s, "  %u) set -- %s --name %s ;;\n", i, args, q_name);
  }
  g_string_append(s, "  *) echo \"sweep.sbatch: no grid point $TASK\" >&2; exit 2 ;;\n"
                     "esac\n"
                     "exec \"$GANSCAPE_CLI\" run \"$SWEEP_DIR/experiment.ganscape.json\" \"$@\" "
                     "--store \"$SWEEP_DIR/stores/task-$TASK.sqlite\"\n");
  g_autofree char *script = g_build_filename(abs_dir, "sweep.sbatch", NULL);
  gboolean ok = g_file_set_contents(script, s->str, -1, &error);
  g_string_free(s, TRUE);
  if (!ok || g_chmod(script, 0755) != 0) {
    gs_cli_error("sweep", "%s", error ? error->message : g_strerror(errno));
    return GS_CLI_EXIT_FAILED;
  }
  g_print(_("wrote %s (%u array tasks)\nsubmit:  sbatch %s\nthen:    ganscape-cli runs merge "
            "%s/*.sqlite\n"),
          script, points->len, script, stores);
  return GS_CLI_EXIT_OK;
}

typedef struct {
  GSubprocess *proc;
  guint index;
} Job;

static int run_local(const char *file_path, GPtrArray *points, guint jobs, const char *store,
                     const char *backend, gint64 steps, const char *cli)
{
  guint cores = g_get_num_processors();
  guint threads = MAX(1, cores / jobs);
  GPtrArray *running = g_ptr_array_new();
  guint next = 0, failed = 0;
  g_autofree int *status = g_new0(int, points->len);
  while (next < points->len || running->len) {
    while (next < points->len && running->len < jobs) {
      Point *p = points->pdata[next];
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
      g_ptr_array_add(argv, g_strdup(cli));
      g_ptr_array_add(argv, g_strdup("run"));
      g_ptr_array_add(argv, g_strdup(file_path));
      for (guint i = 0; i < p->args->len; i++) g_ptr_array_add(argv, g_strdup(p->args->pdata[i]));
      g_ptr_array_add(argv, g_strdup("--name"));
      g_ptr_array_add(argv, g_strdup_printf("sweep %u: %s", next, p->label));
      g_ptr_array_add(argv, g_strdup("--threads"));
      g_ptr_array_add(argv, g_strdup_printf("%u", threads));
      g_ptr_array_add(argv, g_strdup("--quiet"));
      if (store) g_ptr_array_add(argv, g_strdup("--store")), g_ptr_array_add(argv, g_strdup(store));
      if (backend)
        g_ptr_array_add(argv, g_strdup("--backend")), g_ptr_array_add(argv, g_strdup(backend));
      if (steps > 0)
        g_ptr_array_add(argv, g_strdup("--steps")),
            g_ptr_array_add(argv, g_strdup_printf("%" G_GINT64_FORMAT, steps));
      g_ptr_array_add(argv, NULL);
      g_autoptr(GError) error = NULL;
      GSubprocess *proc =
          g_subprocess_newv((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
      if (!proc) {
        gs_cli_error("sweep", "%s", error->message);
        status[next] = -1;
        failed++;
        next++;
        continue;
      }
      g_print(_("[%u/%u] %s\n"), next + 1, points->len, p->label);
      Job *job = g_new0(Job, 1);
      job->proc = proc;
      job->index = next++;
      g_ptr_array_add(running, job);
    }
    if (!running->len) break;
    /* Wait for the oldest job; the others go on meanwhile. */
    Job *job = running->pdata[0];
    g_subprocess_wait(job->proc, NULL, NULL);
    int code = g_subprocess_get_if_exited(job->proc) ? g_subprocess_get_exit_status(job->proc) : -1;
    status[job->index] = code;
    if (code != 0) failed++;
    g_object_unref(job->proc);
    g_free(job);
    g_ptr_array_remove_index(running, 0);
  }
  g_ptr_array_unref(running);
  for (guint i = 0; i < points->len; i++)
    if (status[i] != 0)
      gs_cli_error("sweep", _("grid point %u (%s) failed with status %d"), i,
                   ((Point *) points->pdata[i])->label, status[i]);
  g_print(_("sweep: %u of %u runs finished\n"), points->len - failed, points->len);
  return failed ? GS_CLI_EXIT_FAILED : GS_CLI_EXIT_OK;
}

int gs_cli_sweep(int argc, char **argv)
{
  gs_experiments_register_builtin();
  g_auto(GStrv) grid = NULL, sets = NULL, slurm_options = NULL;
  int seeds = 1, jobs = 1;
  gint64 seed0 = -1, steps = -1;
  g_autofree char *store = NULL, *backend = NULL, *slurm = NULL, *cli = NULL;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
      {"grid", 0, 0, G_OPTION_ARG_STRING_ARRAY, &grid,
       N_("Values of one parameter, separated by commas (or by semicolons when the values "
          "contain commas); repeat for more axes"),
       N_("NAME=V1,V2,…")},
      {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, N_("Override a parameter for every run"),
       N_("NAME=VALUE")},
      {"seeds", 0, 0, G_OPTION_ARG_INT, &seeds, N_("Seeds per grid point: S, S+1, … (default 1)"),
       "N"},
      {"seed", 0, 0, G_OPTION_ARG_INT64, &seed0, N_("First seed (default: the file's)"), "S"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Runs at a time on this machine (default 1)"),
       "N"},
      {"steps", 0, 0, G_OPTION_ARG_INT64, &steps, N_("Steps per run"), "N"},
      {"backend", 0, 0, G_OPTION_ARG_STRING, &backend, N_("auto, cpu or vulkan"), "B"},
      {"store", 0, 0, G_OPTION_ARG_FILENAME, &store, N_("Run store"), N_("PATH")},
      {"slurm", 0, 0, G_OPTION_ARG_FILENAME, &slurm,
       N_("Do not run: write a Slurm job-array script and its files into DIR"), N_("DIR")},
      {"slurm-option", 0, 0, G_OPTION_ARG_STRING_ARRAY, &slurm_options,
       N_("An #SBATCH line for the script, e.g. --time=2:00:00 (repeatable)"), N_("OPTION")},
      {"cli", 0, 0, G_OPTION_ARG_FILENAME, &cli,
       N_("The ganscape-cli the runs use (default: this one)"), N_("PATH")},
      {"dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("List the grid points and exit"), NULL},
      {NULL}};
  g_autoptr(GOptionContext) context =
      g_option_context_new(_("FILE — train an experiment over a grid of values and seeds"));
  g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description(
      context, _("Every combination of the --grid values, times --seeds seeds, is one run of "
                 "`ganscape-cli run FILE --set … --seed …`, recorded in the store like any "
                 "other.\n\nExit status: 0 every run finished; 1 some run failed; 2 usage "
                 "error or invalid file or grid value."));
  if (!gs_cli_parse("sweep", context, &argc, &argv)) return GS_CLI_EXIT_USAGE;
  if (argc != 2) {
    gs_cli_error("sweep", _("expected one experiment file (run “ganscape-cli sweep --help”)"));
    return GS_CLI_EXIT_USAGE;
  }
  if (seeds < 1 || seeds > 100000 || jobs < 1 || jobs > 1024) {
    gs_cli_error("sweep", _("--seeds must be in 1 … 100000 and --jobs in 1 … 1024"));
    return GS_CLI_EXIT_USAGE;
  }
  g_autoptr(GsExperimentFile) file =
      gs_cli_load_file("sweep", argv[1], sets, steps, seed0, backend, FALSE);
  if (!file) return GS_CLI_EXIT_USAGE;
  g_autoptr(GPtrArray) axes = g_ptr_array_new_with_free_func((GDestroyNotify) axis_free);
  for (int i = 0; grid && grid[i]; i++) {
    Axis *a = parse_axis(grid[i], file);
    if (!a) return GS_CLI_EXIT_USAGE;
    g_ptr_array_add(axes, a);
  }
  g_autoptr(GPtrArray) points = expand(axes, file->seed, (guint) seeds);
  if (points->len > 100000) {
    gs_cli_error("sweep", _("%u grid points is too many (at most 100000)"), points->len);
    return GS_CLI_EXIT_USAGE;
  }
  if (dry_run) {
    for (guint i = 0; i < points->len; i++)
      g_print("%u\t%s\n", i, ((Point *) points->pdata[i])->label);
    return GS_CLI_EXIT_OK;
  }
  g_autofree char *exe = cli ? g_strdup(cli) : self_exe();
  if (slurm) {
    /* The sets, steps and backend are baked into the copied file; the grid into the script. */
    return write_slurm(slurm, argv[1], file, points, slurm_options, exe);
  }
  /* Locally the children read the original file; pass every override along. */
  g_autofree char *tmp_file = NULL;
  const char *file_path = argv[1];
  if (sets) {
    g_autoptr(GError) error = NULL;
    int fd = g_file_open_tmp("ganscape-sweep-XXXXXX.ganscape.json", &tmp_file, &error);
    if (fd < 0 || !gs_experiment_file_save(file, tmp_file, &error)) {
      gs_cli_error("sweep", "%s", error->message);
      return GS_CLI_EXIT_FAILED;
    }
    close(fd);
    file_path = tmp_file;
  }
  g_autofree char *store_path = store ? g_strdup(store) : gs_store_default_path();
  /* Create (or migrate) the store once, before parallel runs race to do it. */
  GsStore *created = gs_cli_open_store("sweep", store_path);
  if (!created) return GS_CLI_EXIT_FAILED;
  gs_store_close(created);
  int rc = run_local(file_path, points, (guint) jobs, store_path, backend, steps, exe);
  if (tmp_file) g_unlink(tmp_file);
  return rc;
}
