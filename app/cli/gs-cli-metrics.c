/* gs-cli-metrics.c — `ganscape-cli metrics`: compare runs by their metrics — a value per run
 * (at a step, the last, the minimum or the maximum), or grouped by parameters with the mean,
 * standard deviation and count across seeds. */
#include "gs-config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gs-cli-platform.h"
#include "platform/gs-json.h"

typedef enum { STAT_LAST, STAT_MIN, STAT_MAX, STAT_MEAN, STAT_AT } Stat;

/* The statistic of one series, or NaN when it has no row (at that step). */
static double series_stat(GsMetricView *m, int s, Stat stat, gint64 at)
{
  if (s < 0) return NAN;
  gsize n = gs_metric_view_length(m, s);
  if (!n) return NAN;
  if (stat == STAT_LAST) return gs_metric_view_row(m, s, n - 1).value;
  double acc = stat == STAT_MIN ? INFINITY : stat == STAT_MAX ? -INFINITY : 0;
  for (gsize k = 0; k < n; k++) {
    GsMetricRow r = gs_metric_view_row(m, s, k);
    if (stat == STAT_AT) {
      if (r.step == at) return r.value;
      continue;
    }
    if (stat == STAT_MIN)
      acc = fmin(acc, r.value);
    else if (stat == STAT_MAX)
      acc = fmax(acc, r.value);
    else
      acc += r.value;
  }
  if (stat == STAT_AT) return NAN;
  return stat == STAT_MEAN ? acc / n : acc;
}

/* The text of parameter `name` in a run's params JSON, for grouping. */
static char *param_text(const char *params, const char *name)
{
  g_autoptr(GsJsonDoc) doc = gs_json_doc_parse(params, -1, NULL);
  if (!doc || !JSON_NODE_HOLDS_OBJECT(gs_json_doc_root(doc))) return g_strdup("");
  JsonNode *v = json_object_get_member(json_node_get_object(gs_json_doc_root(doc)), name);
  if (!v) return g_strdup("");
  if (JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING)
    return g_strdup(json_node_get_string(v));
  return gs_json_to_compact_string(v);
}

int gs_cli_metrics(int argc, char **argv)
{
  gs_experiments_register_builtin();
  g_autofree char *store_path = NULL, *kind = NULL, *filter = NULL, *stat_name = NULL,
                  *format_name = NULL;
  g_auto(GStrv) names = NULL, group_by = NULL;
  gint64 at = -1;
  GOptionEntry entries[] = {
      {"store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Run store"), N_("PATH")},
      {"kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Only runs of this kind"), N_("KIND")},
      {"filter", 0, 0, G_OPTION_ARG_STRING, &filter,
       N_("Only runs with this text in the name, notes or parameters"), N_("TEXT")},
      {"name", 0, 0, G_OPTION_ARG_STRING_ARRAY, &names,
       N_("A metric to show (repeatable; default: every metric)"), N_("METRIC")},
      {"stat", 0, 0, G_OPTION_ARG_STRING, &stat_name, N_("last (default), min, max or mean"),
       N_("STAT")},
      {"at", 0, 0, G_OPTION_ARG_INT64, &at, N_("The value at this step instead of a statistic"),
       N_("STEP")},
      {"group-by", 0, 0, G_OPTION_ARG_STRING_ARRAY, &group_by,
       N_("Group runs by this parameter (repeatable) and show mean, std and n across the group "
          "(e.g. across seeds)"),
       N_("PARAM")},
      {"format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("table, csv or json"), N_("FORMAT")},
      {NULL}};
  g_autoptr(GOptionContext) context =
      g_option_context_new(_("[RUN…] — compare recorded runs by their metrics"));
  g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description(
      context, _("Without RUN, every run that matches --kind and --filter. One row per run, or "
                 "per group with --group-by; one column per metric.\n\nExit status: 0 success; 1 "
                 "no such run or an unreadable store; 2 usage error."));
  if (!gs_cli_parse("metrics", context, &argc, &argv)) return GS_CLI_EXIT_USAGE;
  Stat stat = STAT_LAST;
  if (at >= 0)
    stat = STAT_AT;
  else if (!stat_name || !strcmp(stat_name, "last"))
    stat = STAT_LAST;
  else if (!strcmp(stat_name, "min"))
    stat = STAT_MIN;
  else if (!strcmp(stat_name, "max"))
    stat = STAT_MAX;
  else if (!strcmp(stat_name, "mean"))
    stat = STAT_MEAN;
  else {
    gs_cli_error("metrics", _("--stat %s: expected last, min, max or mean"), stat_name);
    return GS_CLI_EXIT_USAGE;
  }
  GsCliFormat format;
  if (!gs_cli_format_from_name(format_name, &format)) {
    gs_cli_error("metrics", _("--format %s: expected table, csv or json"), format_name);
    return GS_CLI_EXIT_USAGE;
  }
  g_autoptr(GsStore) store = gs_cli_open_store("metrics", store_path);
  if (!store) return GS_CLI_EXIT_FAILED;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  if (argc > 1) {
    runs = g_ptr_array_new_with_free_func((GDestroyNotify) gs_run_info_free);
    for (int i = 1; i < argc; i++) {
      GsRunInfo *r = gs_store_find_run(store, argv[i], &error);
      if (!r) {
        gs_cli_error("metrics", "%s", error->message);
        return GS_CLI_EXIT_FAILED;
      }
      g_ptr_array_add(runs, r);
    }
  } else {
    GsRunFilter f = {.kind = kind, .text = filter, .status = -1};
    runs = gs_store_list_runs(store, &f, &error);
    if (!runs) {
      gs_cli_error("metrics", "%s", error->message);
      return GS_CLI_EXIT_FAILED;
    }
    /* oldest first reads better in a comparison */
    for (guint i = 0; i < runs->len / 2; i++) {
      gpointer t = runs->pdata[i];
      runs->pdata[i] = runs->pdata[runs->len - 1 - i];
      runs->pdata[runs->len - 1 - i] = t;
    }
  }
  /* Load every run's metrics; the columns are the metrics asked for, or all seen. */
  g_autoptr(GPtrArray) views =
      g_ptr_array_new_with_free_func((GDestroyNotify) gs_metric_view_unref);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; names && names[i]; i++) g_ptr_array_add(columns, g_strdup(names[i]));
  for (guint i = 0; i < runs->len; i++) {
    GsMetricView *m = gs_store_load_metrics(store, ((GsRunInfo *) runs->pdata[i])->id, &error);
    if (!m) {
      gs_cli_error("metrics", "%s", error->message);
      return GS_CLI_EXIT_FAILED;
    }
    g_ptr_array_add(views, m);
    for (guint s = 0; !names && s < gs_metric_view_n_series(m); s++)
      if (!g_ptr_array_find_with_equal_func(columns, gs_metric_view_name(m, s), g_str_equal, NULL))
        g_ptr_array_add(columns, g_strdup(gs_metric_view_name(m, s)));
  }
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func(g_free);
  if (group_by) {
    for (int i = 0; group_by[i]; i++) g_ptr_array_add(header, g_strdup(group_by[i]));
    g_ptr_array_add(header, g_strdup("n"));
    for (guint c = 0; c < columns->len; c++) {
      g_ptr_array_add(header, g_strdup_printf("%s mean", (char *) columns->pdata[c]));
      g_ptr_array_add(header, g_strdup_printf("%s std", (char *) columns->pdata[c]));
    }
  } else {
    const char *fixed[] = {"id", "kind", "name", "seed", "steps"};
    for (guint i = 0; i < G_N_ELEMENTS(fixed); i++) g_ptr_array_add(header, g_strdup(fixed[i]));
    for (guint c = 0; c < columns->len; c++) g_ptr_array_add(header, g_strdup(columns->pdata[c]));
  }
  g_ptr_array_add(header, NULL);
  g_autoptr(GsCliTable) table = gs_cli_table_new((const char *const *) header->pdata);
  guint width = header->len - 1;

  if (!group_by) {
    for (guint i = 0; i < runs->len; i++) {
      GsRunInfo *r = runs->pdata[i];
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
      g_ptr_array_add(cells, g_strdup_printf("%" G_GINT64_FORMAT, r->id));
      g_ptr_array_add(cells, g_strdup(r->kind));
      g_ptr_array_add(cells, g_strdup(r->name));
      g_ptr_array_add(cells, g_strdup_printf("%" G_GUINT64_FORMAT, r->seed));
      g_ptr_array_add(cells, g_strdup_printf("%" G_GINT64_FORMAT, r->last_step));
      for (guint c = 0; c < columns->len; c++) {
        GsMetricView *m = views->pdata[i];
        g_ptr_array_add(cells, gs_cli_format_number(series_stat(
                                   m, gs_metric_view_find(m, columns->pdata[c]), stat, at)));
      }
      gs_cli_table_add(table, (const char *const *) cells->pdata);
    }
  } else {
    /* group key → indices of runs, in order of first appearance */
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) groups =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
    for (guint i = 0; i < runs->len; i++) {
      GString *key = g_string_new(NULL);
      for (int g = 0; group_by[g]; g++) {
        g_autofree char *v = param_text(((GsRunInfo *) runs->pdata[i])->params, group_by[g]);
        g_string_append_printf(key, "%s%s", g ? "\x1f" : "", v);
      }
      GArray *members = g_hash_table_lookup(groups, key->str);
      if (!members) {
        members = g_array_new(FALSE, FALSE, sizeof(guint));
        char *k = g_string_free(key, FALSE);
        g_ptr_array_add(keys, k);
        g_hash_table_insert(groups, k, members);
      } else {
        g_string_free(key, TRUE);
      }
      g_array_append_val(members, i);
    }
    for (guint k = 0; k < keys->len; k++) {
      GArray *members = g_hash_table_lookup(groups, keys->pdata[k]);
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
      g_auto(GStrv) parts = g_strsplit(keys->pdata[k], "\x1f", -1);
      for (int g = 0; parts[g]; g++) g_ptr_array_add(cells, g_strdup(parts[g]));
      g_ptr_array_add(cells, g_strdup_printf("%u", members->len));
      for (guint c = 0; c < columns->len; c++) {
        double sum = 0, sum2 = 0;
        guint n = 0;
        for (guint j = 0; j < members->len; j++) {
          GsMetricView *m = views->pdata[g_array_index(members, guint, j)];
          double v = series_stat(m, gs_metric_view_find(m, columns->pdata[c]), stat, at);
          if (isnan(v)) continue;
          sum += v, sum2 += v * v, n++;
        }
        double mean = n ? sum / n : NAN;
        double var = n > 1 ? fmax(0, (sum2 - n * mean * mean) / (n - 1)) : NAN;
        g_ptr_array_add(cells, gs_cli_format_number(mean));
        g_ptr_array_add(cells, gs_cli_format_number(sqrt(var)));
      }
      gs_cli_table_add(table, (const char *const *) cells->pdata);
    }
  }
  (void) width;
  gs_cli_table_print(table, format, stdout);
  return GS_CLI_EXIT_OK;
}
