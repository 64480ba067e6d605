/* gs-cli-runs.c — `ganscape-cli runs list|show|export|delete|rename|annotate|merge|resume|reopen`.
 */
#include "gs-config.h"

#include <inttypes.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gs-cli-platform.h"
#include "platform/gs-json.h"

static const char usage[] =
    N_("ACTION … — list, inspect, export, edit and merge recorded runs\n\n"
       "Actions:\n"
       "  list [--kind K] [--status S] [--filter TEXT] [--group G] [--format table|csv|json]\n"
       "  show RUN                      everything recorded about a run\n"
       "  export RUN [--format csv|json] [--output FILE] [--metric NAME]…\n"
       "                                the metric rows (CSV: step,name,value)\n"
       "  delete RUN…                   delete runs with their metrics and checkpoints\n"
       "  rename RUN NAME               set a run's name\n"
       "  annotate RUN TEXT             set a run's notes\n"
       "  merge STORE…                  import runs from other stores (idempotent)\n"
       "  resume RUN [--step N]         continue a run from a checkpoint as a new run\n"
       "  reopen RUN FILE               write a run's parameters as an experiment file\n\n"
       "RUN is a run number from `runs list` or (a unique prefix of) its uuid.");

static GsRunInfo *find(GsStore *store, const char *ref)
{
  g_autoptr(GError) error = NULL;
  GsRunInfo *info = gs_store_find_run(store, ref, &error);
  if (!info) gs_cli_error("runs", "%s", error->message);
  return info;
}

static char *id_text(gint64 id)
{
  return g_strdup_printf("%" G_GINT64_FORMAT, id);
}

static int do_list(GsStore *store, const char *kind, const char *status, const char *text,
                   const char *group, GsCliFormat format)
{
  GsRunFilter filter = {.kind = kind, .text = text, .status = -1, .group = group};
  if (status) {
    GsRunStatus s;
    if (!gs_run_status_from_name(status, &s)) {
      gs_cli_error("runs",
                   _("--status %s: expected running, finished, stopped, failed or "
                     "interrupted"),
                   status);
      return GS_CLI_EXIT_USAGE;
    }
    filter.status = s;
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = gs_store_list_runs(store, &filter, &error);
  if (!runs) {
    gs_cli_error("runs", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  const char *columns[] = {"id",   "uuid",    "kind",    "name",  "status", "steps",
                           "seed", "backend", "started", "notes", NULL};
  g_autoptr(GsCliTable) table = gs_cli_table_new(columns);
  for (guint i = 0; i < runs->len; i++) {
    GsRunInfo *r = runs->pdata[i];
    g_autofree char *id = id_text(r->id);
    g_autofree char *steps =
        g_strdup_printf("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, r->last_step, r->steps);
    g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, r->seed);
    g_autofree char *started = gs_cli_format_time(r->started);
    g_autofree char *short_uuid =
        format == GS_CLI_TABLE ? g_strndup(r->uuid, 8) : g_strdup(r->uuid);
    const char *cells[] = {id,    short_uuid, r->kind,    r->name, gs_run_status_name(r->status),
                           steps, seed,       r->backend, started, r->notes};
    gs_cli_table_add(table, cells);
  }
  gs_cli_table_print(table, format, stdout);
  return GS_CLI_EXIT_OK;
}

static int do_show(GsStore *store, const char *ref)
{
  g_autoptr(GsRunInfo) r = find(store, ref);
  if (!r) return GS_CLI_EXIT_FAILED;
  g_autofree char *started = gs_cli_format_time(r->started);
  g_autofree char *ended = gs_cli_format_time(r->ended);
  g_print("run %" G_GINT64_FORMAT "\n", r->id);
  g_print("  uuid         %s\n  kind         %s\n  name         %s\n  status       %s\n", r->uuid,
          r->kind, r->name, gs_run_status_name(r->status));
  if (r->error) g_print("  error        %s\n", r->error);
  g_print("  steps        %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT "\n", r->last_step, r->steps);
  g_print("  seed         %" G_GUINT64_FORMAT "\n  backend      %s\n  app version  %s\n", r->seed,
          r->backend, r->app_version);
  g_print("  started      %s\n  ended        %s\n", started, ended);
  if (r->resumed_from)
    g_print("  resumed from %s at step %" G_GINT64_FORMAT "\n", r->resumed_from, r->resumed_step);
  if (r->group) g_print("  group        %s\n", r->group);
  if (*r->notes) g_print("  notes        %s\n", r->notes);
  g_autoptr(GsJsonDoc) doc = gs_json_doc_parse(r->params, -1, NULL);
  if (doc) {
    g_autofree char *pretty = gs_json_to_string(gs_json_doc_root(doc));
    g_print("  parameters   %s", pretty);
  }
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, r->id, NULL);
  if (m && gs_metric_view_n_series(m)) {
    g_print("  metrics (rows, last value, min, max):\n");
    for (guint i = 0; i < gs_metric_view_n_series(m); i++) {
      gsize n = gs_metric_view_length(m, i);
      double lo = INFINITY, hi = -INFINITY;
      for (gsize k = 0; k < n; k++) {
        double v = gs_metric_view_row(m, i, k).value;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      g_autofree char *last = gs_cli_format_number(gs_metric_view_row(m, i, n - 1).value);
      g_autofree char *lo_t = gs_cli_format_number(lo), *hi_t = gs_cli_format_number(hi);
      g_print("    %-20s %8" G_GSIZE_FORMAT "  %-12s %-12s %s\n", gs_metric_view_name(m, i), n,
              last, lo_t, hi_t);
    }
  }
  g_autoptr(GArray) ck = gs_store_list_checkpoints(store, r->id, NULL);
  if (ck && ck->len) {
    g_print("  checkpoints at steps");
    for (guint i = 0; i < ck->len; i++) g_print(" %" G_GINT64_FORMAT, g_array_index(ck, gint64, i));
    g_print("\n");
  }
  g_autoptr(GPtrArray) figs = gs_store_list_figures(store, r->id, NULL);
  for (guint i = 0; figs && i + 2 < figs->len; i += 3)
    g_print("  figure       %s (%s): %s\n", (char *) figs->pdata[i], (char *) figs->pdata[i + 1],
            (char *) figs->pdata[i + 2]);
  return GS_CLI_EXIT_OK;
}

static int do_export(GsStore *store, const char *ref, const char *format_name, const char *output,
                     char **only)
{
  GsCliFormat format;
  if (!gs_cli_format_from_name(format_name ? format_name : "csv", &format) ||
      format == GS_CLI_TABLE) {
    gs_cli_error("runs", _("--format %s: expected csv or json"), format_name);
    return GS_CLI_EXIT_USAGE;
  }
  g_autoptr(GsRunInfo) r = find(store, ref);
  if (!r) return GS_CLI_EXIT_FAILED;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, r->id, &error);
  if (!m) {
    gs_cli_error("runs", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  FILE *out = output ? fopen(output, "w") : stdout;
  if (!out) {
    gs_cli_error("runs", _("cannot write %s: %s"), output, g_strerror(errno));
    return GS_CLI_EXIT_FAILED;
  }
  GString *s = g_string_new(NULL);
  if (format == GS_CLI_CSV) {
    g_string_append(s, "step,name,value\n");
  } else {
    g_string_append(s, "{\n  \"run\": ");
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "id");
    json_builder_add_int_value(b, r->id);
    json_builder_set_member_name(b, "uuid");
    json_builder_add_string_value(b, r->uuid);
    json_builder_set_member_name(b, "kind");
    json_builder_add_string_value(b, r->kind);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, r->name);
    json_builder_set_member_name(b, "seed");
    json_builder_add_int_value(b, (gint64) r->seed);
    json_builder_set_member_name(b, "backend");
    json_builder_add_string_value(b, r->backend);
    json_builder_set_member_name(b, "status");
    json_builder_add_string_value(b, gs_run_status_name(r->status));
    json_builder_end_object(b);
    g_autoptr(JsonNode) info = json_builder_get_root(b);
    g_autofree char *info_text = gs_json_to_compact_string(info);
    g_string_append(s, info_text);
    g_string_append(s, ",\n  \"params\": ");
    g_string_append(s, r->params);
    g_string_append(s, ",\n  \"metrics\": {");
  }
  gboolean first_series = TRUE;
  for (guint i = 0; i < gs_metric_view_n_series(m); i++) {
    const char *name = gs_metric_view_name(m, i);
    if (only && !g_strv_contains((const char *const *) only, name)) continue;
    if (format == GS_CLI_JSON)
      g_string_append_printf(s, "%s\n    \"%s\": {\"step\": [", first_series ? "" : ",", name);
    first_series = FALSE;
    gsize n = gs_metric_view_length(m, i);
    for (gsize k = 0; k < n; k++) {
      GsMetricRow row = gs_metric_view_row(m, i, k);
      g_autofree char *v = gs_cli_format_number(row.value);
      if (format == GS_CLI_CSV)
        g_string_append_printf(s, "%" G_GINT64_FORMAT ",%s,%s\n", row.step, name, v);
      else
        g_string_append_printf(s, "%s%" G_GINT64_FORMAT, k ? ", " : "", row.step);
    }
    if (format == GS_CLI_JSON) {
      g_string_append(s, "], \"value\": [");
      for (gsize k = 0; k < n; k++) {
        double v = gs_metric_view_row(m, i, k).value;
        g_autofree char *t = isfinite(v) ? gs_cli_format_number(v) : g_strdup("null");
        g_string_append_printf(s, "%s%s", k ? ", " : "", t);
      }
      g_string_append(s, "]}");
    }
  }
  if (format == GS_CLI_JSON) g_string_append(s, "\n  }\n}\n");
  fputs(s->str, out);
  g_string_free(s, TRUE);
  if (output && fclose(out) != 0) {
    gs_cli_error("runs", _("cannot write %s: %s"), output, g_strerror(errno));
    return GS_CLI_EXIT_FAILED;
  }
  return GS_CLI_EXIT_OK;
}

static int do_merge(GsStore *store, int n, char **paths)
{
  int rc = GS_CLI_EXIT_OK;
  for (int i = 0; i < n; i++) {
    g_autoptr(GError) error = NULL;
    GsMergeStats st;
    if (!gs_store_merge(store, paths[i], &st, &error)) {
      gs_cli_error("runs", _("merge %s: %s"), paths[i], error->message);
      rc = GS_CLI_EXIT_FAILED;
      continue;
    }
    g_print(_("%s: %u runs added, %u updated, %u already here (%" PRIu64 " metric rows)\n"),
            paths[i], st.runs_added, st.runs_updated, st.runs_skipped, st.metric_rows);
  }
  return rc;
}

int gs_cli_runs(int argc, char **argv)
{
  gs_experiments_register_builtin();
  g_autofree char *store_path = NULL, *kind = NULL, *status = NULL, *filter = NULL, *format = NULL,
                  *output = NULL, *group = NULL;
  g_auto(GStrv) metrics = NULL;
  gint64 step = -1;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
      {"store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Run store"), N_("PATH")},
      {"kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("list: only runs of this kind"), N_("KIND")},
      {"status", 0, 0, G_OPTION_ARG_STRING, &status, N_("list: only runs with this status"),
       N_("STATUS")},
      {"filter", 0, 0, G_OPTION_ARG_STRING, &filter,
       N_("list: text in the name, notes, kind or parameters"), N_("TEXT")},
      {"group", 0, 0, G_OPTION_ARG_STRING, &group,
       N_("list: only the runs launched in this group (runs show prints a run's group)"),
       N_("GROUP")},
      {"format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table, csv or json"), N_("FORMAT")},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("export: write to FILE"), N_("FILE")},
      {"metric", 0, 0, G_OPTION_ARG_STRING_ARRAY, &metrics, N_("export: only this metric"),
       N_("NAME")},
      {"step", 0, 0, G_OPTION_ARG_INT64, &step,
       N_("resume: the checkpoint's step (default: the "
          "latest)"),
       "N"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("resume: print only the outcome"), NULL},
      {NULL}};
  g_autoptr(GOptionContext) context = g_option_context_new(_(usage));
  g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description(context,
                                   _("Exit status: 0 success; 1 failed (no such run, a store "
                                     "that cannot be read or merged); 2 usage error."));
  if (!gs_cli_parse("runs", context, &argc, &argv)) return GS_CLI_EXIT_USAGE;
  if (argc < 2) {
    gs_cli_error("runs", _("expected an action: list, show, export, delete, rename, annotate, "
                           "merge, resume or reopen"));
    return GS_CLI_EXIT_USAGE;
  }
  const char *action = argv[1];
  int nargs = argc - 2;
  char **args = argv + 2;
  struct {
    const char *name;
    int min, max;
  } arity[] = {{"list", 0, 0},          {"show", 1, 1},   {"export", 1, 1},
               {"delete", 1, G_MAXINT}, {"rename", 2, 2}, {"annotate", 2, 2},
               {"merge", 1, G_MAXINT},  {"resume", 1, 1}, {"reopen", 2, 2}};
  gboolean known = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(arity); i++) {
    if (strcmp(arity[i].name, action) != 0) continue;
    known = TRUE;
    if (nargs < arity[i].min || nargs > arity[i].max) {
      gs_cli_error("runs", _("%s: wrong number of arguments (see “ganscape-cli runs --help”)"),
                   action);
      return GS_CLI_EXIT_USAGE;
    }
  }
  if (!known) {
    gs_cli_error("runs", _("unknown action “%s” (see “ganscape-cli runs --help”)"), action);
    return GS_CLI_EXIT_USAGE;
  }
  GsCliFormat list_format;
  if (!strcmp(action, "list") && !gs_cli_format_from_name(format, &list_format)) {
    gs_cli_error("runs", _("--format %s: expected table, csv or json"), format);
    return GS_CLI_EXIT_USAGE;
  }
  g_autoptr(GsStore) store = gs_cli_open_store("runs", store_path);
  if (!store) return GS_CLI_EXIT_FAILED;
  g_autoptr(GError) error = NULL;

  if (!strcmp(action, "list")) return do_list(store, kind, status, filter, group, list_format);
  if (!strcmp(action, "show")) return do_show(store, args[0]);
  if (!strcmp(action, "export")) return do_export(store, args[0], format, output, metrics);
  if (!strcmp(action, "merge")) return do_merge(store, nargs, args);
  if (!strcmp(action, "delete")) {
    int rc = GS_CLI_EXIT_OK;
    for (int i = 0; i < nargs; i++) {
      g_autoptr(GsRunInfo) r = find(store, args[i]);
      if (!r || !gs_store_delete_run(store, r->id, &error)) {
        if (error) gs_cli_error("runs", "%s", error->message);
        g_clear_error(&error);
        rc = GS_CLI_EXIT_FAILED;
        continue;
      }
      g_print(_("deleted run %" PRId64 " (%s)\n"), r->id, r->uuid);
    }
    return rc;
  }
  g_autoptr(GsRunInfo) r = find(store, args[0]);
  if (!r) return GS_CLI_EXIT_FAILED;
  if (!strcmp(action, "rename") || !strcmp(action, "annotate")) {
    gboolean ok = !strcmp(action, "rename") ? gs_store_rename_run(store, r->id, args[1], &error)
                                            : gs_store_set_notes(store, r->id, args[1], &error);
    if (!ok) gs_cli_error("runs", "%s", error->message);
    return ok ? GS_CLI_EXIT_OK : GS_CLI_EXIT_FAILED;
  }
  if (!strcmp(action, "reopen")) {
    g_autoptr(GsExperimentFile) file = gs_experiment_file_from_run(
        r->kind, r->params, r->seed, r->backend, r->steps, r->notes, &error);
    if (!file || !gs_experiment_file_save(file, args[1], &error)) {
      gs_cli_error("runs", "%s", error->message);
      return GS_CLI_EXIT_FAILED;
    }
    g_print(_("wrote %s\n"), args[1]);
    return GS_CLI_EXIT_OK;
  }
  /* resume */
  g_autoptr(GsSession) session = gs_session_resume(store, r->id, step, NULL, &error);
  if (!session) {
    gs_cli_error("runs", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  GsCliRunOptions ro = {.quiet = quiet};
  return gs_cli_drive("runs", session, &ro);
}
