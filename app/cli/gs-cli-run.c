/* gs-cli-run.c — `ganscape-cli run FILE`: train one experiment and record it. */
#include "gs-config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "gs-cli-platform.h"
#include "platform/gs-session-group.h"

static void print_params(const GsExperimentKind *kind, const GsParamValues *values)
{
  g_print(_("Parameters of \"%s\" (%s):\n"), kind->id, _(kind->title));
  for (const GsParamSpec *s = kind->schema; s->name; s++) {
    g_autofree char *allowed = gs_param_spec_describe_allowed(s);
    g_autofree char *value = gs_param_values_format(values, s->name);
    g_print("  %-18s %-8s = %-12s  %s%s%s%s\n", s->name, gs_param_type_name(s->type), value,
            allowed, s->unit ? " " : "", s->unit ? _(s->unit) : "", s->live ? _("  (live)") : "");
    if (s->help) g_print("  %-18s %s\n", "", _(s->help));
  }
  if (!kind->variants) return;
  /* the button's label without its mnemonic: "Run with _ablations", "…実行(_A)" */
  g_autofree char *plain = g_strdup(_(kind->variants_action));
  char *out = plain;
  for (const char *c = plain; *c; c++) {
    if (c[0] == '(' && c[1] == '_' && c[2] && c[3] == ')') {
      c += 3;
      continue;
    }
    if (*c != '_') *out++ = *c;
  }
  *out = '\0';
  /* TRANSLATORS: %s is the group launch's button, e.g. "Run with ablations" */
  g_print(_("Group variants (--group-variants; in the window: “%s”):\n"), plain);
  for (const GsExperimentVariant *v = kind->variants; v->id; v++) {
    g_autofree char *set = g_strjoinv(" ", (char **) v->set);
    g_print("  %-18s %-36s %s\n", v->id, _(v->label), set);
  }
}

/* "group ID: run I of N, LABEL: NAME=VALUE, …": the overrides as they resolve for this file. */
static void print_group_run(GsSessionGroup *group, guint i)
{
  g_autofree char *overrides = gs_session_group_describe_overrides(group, i);
  /* TRANSLATORS: group group-1a2b3c4d: run 5 of 6, Weak adversary, ε × 0.5: epsilon=0.05 */
  g_print(_("group %s: run %u of %u, %s: %s\n"), gs_session_group_get_id(group), i + 1,
          gs_session_group_get_n_runs(group), _(gs_session_group_get_variant(group, i)->label),
          overrides);
}

/* --group-variants: the kind's variants one after another, with one group id in the store;
 * with --dry-run, only the listing. */
static int run_group(const GsExperimentFile *file, GsStore *store, const char *name,
                     const GsSessionOptions *base, const GsCliRunOptions *ro, gboolean dry_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsSessionGroup) group =
      gs_session_group_new(file, name, store ? gs_store_get_path(store) : NULL, base, &error);
  if (!group) {
    gs_cli_error("run", "%s", error->message);
    return GS_CLI_EXIT_USAGE;
  }
  const char *id = gs_session_group_get_id(group);
  guint n = gs_session_group_get_n_runs(group);
  if (dry_run) {
    for (guint i = 0; i < n; i++) print_group_run(group, i);
    return GS_CLI_EXIT_OK;
  }
  for (guint i = 0; i < n; i++) {
    if (!ro->quiet) print_group_run(group, i);
    g_autoptr(GsSession) session = gs_session_group_next(group, &error);
    if (!session) {
      gs_cli_error("run", "%s", error->message);
      return GS_CLI_EXIT_FAILED;
    }
    int status = gs_cli_drive("run", session, ro);
    if (status != GS_CLI_EXIT_OK) return status; /* a failed or stopped run ends the group */
  }
  g_print(_("group %s: %u runs finished\n"), id, n);
  return GS_CLI_EXIT_OK;
}

int gs_cli_run(int argc, char **argv)
{
  gs_experiments_register_builtin();
  g_auto(GStrv) sets = NULL;
  gint64 steps = -1, seed = -1, checkpoint_every = 0;
  int threads = 0;
  g_autofree char *backend = NULL, *store_path = NULL, *name = NULL, *save_as = NULL,
                  *list_kind = NULL;
  gboolean no_store = FALSE, strict = FALSE, quiet = FALSE, dry_run = FALSE, list = FALSE,
           group_variants = FALSE;
  GOptionEntry entries[] = {
      {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, N_("Override a parameter (repeatable)"),
       N_("NAME=VALUE")},
      {"steps", 0, 0, G_OPTION_ARG_INT64, &steps, N_("Number of steps"), "N"},
      {"seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed"), "S"},
      {"backend", 0, 0, G_OPTION_ARG_STRING, &backend, N_("auto, cpu or vulkan"), "B"},
      {"store", 0, 0, G_OPTION_ARG_FILENAME, &store_path,
       N_("Run store (default: $GANSCAPE_STORE, else ~/.local/share/ganscape/runs.sqlite)"),
       N_("PATH")},
      {"no-store", 0, 0, G_OPTION_ARG_NONE, &no_store, N_("Do not record the run"), NULL},
      {"name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the run in the store"), N_("NAME")},
      {"checkpoint-every", 0, 0, G_OPTION_ARG_INT64, &checkpoint_every,
       N_("Store a checkpoint every N steps (always one at the end; -1: none)"), "N"},
      {"threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("CPU threads (0: every core)"), "N"},
      {"save-as", 0, 0, G_OPTION_ARG_FILENAME, &save_as,
       N_("Write the experiment with the overrides applied to a new file"), N_("FILE")},
      {"group-variants", 0, 0, G_OPTION_ARG_NONE, &group_variants,
       N_("Run the kind's group one after another (robust: the standard run and its ablations), "
          "recorded under one group id"),
       NULL},
      {"dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
       N_("Check the file and the overrides, print the parameters, do not train"), NULL},
      {"strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Treat warnings (unknown fields) as errors"),
       NULL},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only the outcome"), NULL},
      {"list-params", 0, 0, G_OPTION_ARG_NONE, &list,
       N_("List the parameters of the file's kind (or of --kind) and exit"), NULL},
      {"kind", 0, 0, G_OPTION_ARG_STRING, &list_kind, N_("With --list-params: the kind"),
       N_("KIND")},
      {NULL}};
  g_autoptr(GOptionContext) context = g_option_context_new(_("FILE — train one experiment"));
  g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description(
      context, _("FILE is an experiment file (*.ganscape.json). The run, its resolved parameters "
                 "and metrics are recorded in the run store.\n\n"
                 "A progress bar is drawn on a terminal; when the output is a pipe, a plain line "
                 "\"step N/T name=value …\" every two seconds. Ctrl-C stops after the current "
                 "step and records the run as stopped.\n\n"
                 "--group-variants runs the file once per variant of its kind (for robust: "
                 "standard, natural, perturbation, strong, then weak-eps and strong-eps, ε × 0.5 "
                 "and × 2; for interpolant: Poly-WGAN at m = 1, 2, 3, WGAN-GP, R1, GMMN; "
                 "--list-params lists them), same seed and data, named \"NAME: variant\" and "
                 "stored with one group id; a failed or stopped run ends the group. With "
                 "--dry-run it lists the runs and their overrides as they resolve for FILE, and "
                 "trains nothing.\n\n"
                 "Exit status: 0 finished; 1 the run failed or was stopped; 2 usage error or "
                 "invalid file (the message names the field, the value and what is allowed); "
                 "3 not available in this build."));
  if (!gs_cli_parse("run", context, &argc, &argv)) return GS_CLI_EXIT_USAGE;

  if (list && list_kind) {
    const GsExperimentKind *kind = gs_experiment_kind_lookup(list_kind);
    if (!kind) {
      g_autofree char *known = gs_experiment_kinds_list_ids();
      gs_cli_error("run", _("no experiment kind \"%s\" — known: %s"), list_kind, known);
      return GS_CLI_EXIT_USAGE;
    }
    g_autoptr(GsParamValues) defaults = gs_param_values_new(kind->schema);
    print_params(kind, defaults);
    return GS_CLI_EXIT_OK;
  }
  if (argc != 2) {
    gs_cli_error("run", _("expected one experiment file (run “ganscape-cli run --help”)"));
    return GS_CLI_EXIT_USAGE;
  }
  g_autoptr(GsExperimentFile) file =
      gs_cli_load_file("run", argv[1], sets, steps, seed, backend, strict);
  if (!file) return GS_CLI_EXIT_USAGE;
  if (list) {
    print_params(file->kind, file->params);
    return GS_CLI_EXIT_OK;
  }
  if (save_as) {
    g_autoptr(GError) error = NULL;
    if (!gs_experiment_file_save(file, save_as, &error)) {
      gs_cli_error("run", "%s", error->message);
      return GS_CLI_EXIT_FAILED;
    }
  }
  if (dry_run && group_variants) return run_group(file, NULL, name, NULL, NULL, TRUE);
  if (dry_run) {
    g_print(_("%s: valid; seed %" PRIu64 ", backend %s, %" PRId64 " steps\n"), argv[1], file->seed,
            file->backend, file->steps);
    print_params(file->kind, file->params);
    return GS_CLI_EXIT_OK;
  }
  g_autoptr(GsStore) store = no_store ? NULL : gs_cli_open_store("run", store_path);
  if (!no_store && !store) return GS_CLI_EXIT_FAILED;
  g_autoptr(GError) error = NULL;
  GsSessionOptions o = {
      .store = store, .name = name, .checkpoint_every = checkpoint_every, .threads = threads};
  GsCliRunOptions ro = {.quiet = quiet};
  if (group_variants) return run_group(file, store, name, &o, &ro, FALSE);
  g_autoptr(GsSession) session = gs_session_new(file, &o, &error);
  if (!session) {
    gs_cli_error("run", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  return gs_cli_drive("run", session, &ro);
}
