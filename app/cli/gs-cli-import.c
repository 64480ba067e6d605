/* gs-cli-import.c — `ganscape-cli import-curves FILE`: training curves from a CSV file or Rice
 * et al.'s output.log recorded as a finished "robust" run (metrics only, no checkpoint), so
 * `ganscape-cli export RUN --view robust-curves` and the GUI draw them as the robust kind's own. */
#include "gs-config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "datasets/gs-curves.h"
#include "experiments/robust/gs-robust.h"
#include "gs-cli-platform.h"
#include "platform/gs-json.h"

int gs_cli_import_curves(int argc, char **argv)
{
  char *store_path = NULL, *name = NULL;
  GOptionEntry entries[] = {
      {"name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the run (default: the file name)"),
       N_("NAME")},
      {"store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Run store"), N_("PATH")},
      {NULL}};
  g_autoptr(GOptionContext) context = g_option_context_new(
      _("FILE — record curves from a CSV file or an output.log as a robust run"));
  g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description(
      context, _("CSV: a header \"epoch,train_robust_acc,test_robust_acc,…\" then one row per "
                 "epoch. output.log: the log of locuslab/robust_overfitting (train_cifar.py).\n\n"
                 "Exit status: 0 recorded; 1 the file could not be read or parsed (the message "
                 "names the line and field); 2 usage error."));
  if (!gs_cli_parse("import-curves", context, &argc, &argv)) return GS_CLI_EXIT_USAGE;
  if (argc != 2) {
    gs_cli_error("import-curves", _("expected one FILE (run “ganscape-cli import-curves --help”)"));
    return GS_CLI_EXIT_USAGE;
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(GsCurves) curves = gs_curves_load(argv[1], &error);
  if (!curves) {
    gs_cli_error("import-curves", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  g_autoptr(GsStore) store = gs_cli_open_store("import-curves", store_path);
  if (!store) return GS_CLI_EXIT_FAILED;
  g_autoptr(GsParamValues) params = gs_param_values_new(gs_robust_kind.schema);
  JsonNode *json = gs_param_values_to_json(params);
  g_autofree char *params_text = gs_json_to_string(json);
  json_node_unref(json);
  g_autofree char *base = g_path_get_basename(argv[1]);
  g_autofree char *notes = g_strdup_printf(_("Imported from %s"), argv[1]);
  gint64 last = curves->epochs[curves->n_rows - 1];
  GsRunInfo info = {.kind = (char *) gs_robust_kind.id,
                    .name = (char *) (name ? name : base),
                    .params = params_text,
                    .backend = (char *) "imported",
                    .steps = last,
                    .notes = notes};
  gint64 run = gs_store_begin_run(store, &info, &error);
  if (run < 0) {
    gs_cli_error("import-curves", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(GsStoreMetric));
  for (guint i = 0; i < curves->n_rows; i++)
    for (guint j = 0; j < curves->n_cols; j++) {
      double v = curves->values[i * curves->n_cols + j];
      if (isnan(v)) continue;
      GsStoreMetric m = {curves->epochs[i], curves->names[j], v};
      g_array_append_val(rows, m);
    }
  if (!gs_store_add_metrics(store, run, (GsStoreMetric *) rows->data, rows->len, last, &error) ||
      !gs_store_end_run(store, run, GS_RUN_FINISHED, NULL, &error)) {
    gs_cli_error("import-curves", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  printf(_("run %" PRId64 ": %u epochs, %u curves from %s (%s)\n"), (int64_t) run, curves->n_rows,
         curves->n_cols, argv[1], curves->is_log ? "output.log" : "CSV");
  g_free(store_path);
  g_free(name);
  return GS_CLI_EXIT_OK;
}
