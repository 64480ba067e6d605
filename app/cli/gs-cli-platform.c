/* gs-cli-platform.c — shared parts of the platform's subcommands. */
#include "gs-config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gs-cli-platform.h"
#include "platform/gs-json.h"

void gs_cli_error(const char *cmd, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  g_autofree char *msg = g_strdup_vprintf(format, ap);
  va_end(ap);
  g_printerr("ganscape-cli %s: %s\n", cmd, msg);
}

gboolean gs_cli_parse(const char *cmd, GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  /* --help then reads "Usage: ganscape-cli run [OPTION…] FILE". */
  g_autofree char *prgname = g_strdup_printf("ganscape-cli %s", cmd);
  g_set_prgname(prgname);
  if (!g_option_context_parse(context, argc, argv, &error)) {
    gs_cli_error(cmd, "%s", error->message);
    g_printerr(_("Run “ganscape-cli %s --help” for the options.\n"), cmd);
    return FALSE;
  }
  return TRUE;
}

GsStore *gs_cli_open_store(const char *cmd, const char *store_option)
{
  g_autofree char *path = store_option ? g_strdup(store_option) : gs_store_default_path();
  g_autoptr(GError) error = NULL;
  GsStore *store = gs_store_open(path, &error);
  if (!store) gs_cli_error(cmd, "%s", error->message);
  return store;
}

GsExperimentFile *gs_cli_load_file(const char *cmd, const char *path, char **sets, gint64 steps,
                                   gint64 seed, const char *backend, gboolean strict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperimentFile) file = gs_experiment_file_load(path, &error);
  if (!file) {
    gs_cli_error(cmd, "%s", error->message);
    return NULL;
  }
  const GPtrArray *warnings = gs_experiment_file_get_warnings(file);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr("%s: %s\n", strict ? _("error") : _("warning"), (const char *) warnings->pdata[i]);
  if (strict && warnings->len) return NULL;
  gboolean ok = TRUE;
  for (int i = 0; sets && sets[i]; i++) {
    const char *eq = strchr(sets[i], '=');
    if (!eq || eq == sets[i]) {
      gs_cli_error(cmd, _("--set %s: expected name=value"), sets[i]);
      ok = FALSE;
      continue;
    }
    g_autofree char *name = g_strndup(sets[i], eq - sets[i]);
    if (!gs_param_values_parse(file->params, name, eq + 1, &error)) {
      gs_cli_error(cmd, "--set %s", error->message);
      g_clear_error(&error);
      ok = FALSE;
    }
  }
  if (steps == 0 || steps > G_GINT64_CONSTANT(1000000000000)) {
    gs_cli_error(cmd, _("--steps must be in 1 … 1e12"));
    ok = FALSE;
  } else if (steps > 0) {
    file->steps = steps;
  }
  if (seed >= 0) file->seed = (guint64) seed;
  if (backend) {
    if (strcmp(backend, "auto") && strcmp(backend, "cpu") && strcmp(backend, "vulkan")) {
      gs_cli_error(cmd, _("--backend %s: expected auto, cpu or vulkan"), backend);
      ok = FALSE;
    } else {
      g_free(file->backend);
      file->backend = g_strdup(backend);
    }
  }
  return ok ? g_steal_pointer(&file) : NULL;
}

/* --- the training loop ----------------------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
  interrupted = sig;
}

static void append_metrics(GString *line, GsSession *session, gboolean compact)
{
  g_auto(GStrv) names = gs_session_metric_names(session);
  int shown = 0;
  for (int i = 0; names[i] && shown < (compact ? 3 : 16); i++) {
    double v;
    if (!gs_session_last_metric(session, names[i], &v)) continue;
    char buf[32];
    g_ascii_formatd(buf, sizeof buf, "%.4g", v);
    g_string_append_printf(line, compact ? "  %s %s" : " %s=%s", names[i], buf);
    shown++;
  }
}

int gs_cli_drive(const char *cmd, GsSession *session, const GsCliRunOptions *options)
{
  gboolean tty = isatty(STDOUT_FILENO);
  struct sigaction sa = {0}, old_int, old_term;
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  interrupted = 0;

  gint64 total = gs_session_get_total(session);
  gint64 first = gs_session_get_step(session);
  gint64 t0 = g_get_monotonic_time(), last_print = 0;
  if (!options->quiet)
    g_print(_("%" PRId64 " steps of \"%s\" on %s\n"), total - first,
            gs_session_get_file(session)->kind->id, gs_session_get_backend_name(session));
  g_autoptr(GError) error = NULL;
  while (!gs_session_is_finished(session) && !interrupted) {
    if (!gs_session_step(session, &error)) break;
    gint64 now = g_get_monotonic_time();
    gint64 step = gs_session_get_step(session);
    gboolean last = step >= total;
    if (options->quiet) continue;
    /* a terminal gets a bar redrawn ~10 times a second; a pipe a line every 2 s and the last */
    if (tty ? (now - last_print >= 100000 || last) : (now - last_print >= 2000000 || last)) {
      last_print = now;
      double elapsed = (now - t0) / 1e6;
      double rate = elapsed > 0 ? (step - first) / elapsed : 0;
      GString *line = g_string_new(NULL);
      if (tty) {
        int width = 24, filled = (int) (width * (double) step / total);
        g_string_append(line, "\r[");
        for (int i = 0; i < width; i++) g_string_append_c(line, i < filled ? '#' : '-');
        g_string_append_printf(line, "] %3d%% %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                               (int) (100.0 * step / total), step, total);
        append_metrics(line, session, TRUE);
        char buf[32];
        g_ascii_formatd(buf, sizeof buf, "%.1f", rate);
        g_string_append_printf(line, "  %s it/s\033[K", buf);
        if (last) g_string_append_c(line, '\n');
        fputs(line->str, stdout);
        fflush(stdout);
      } else {
        g_string_append_printf(line, "step %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, step, total);
        append_metrics(line, session, FALSE);
        char buf[32];
        g_ascii_formatd(buf, sizeof buf, "%.1f", rate);
        g_string_append_printf(line, " it_per_s=%s\n", buf);
        fputs(line->str, stdout);
        fflush(stdout);
      }
      g_string_free(line, TRUE);
    }
  }
  if (tty && !options->quiet && (error || interrupted)) g_print("\n");
  GsRunStatus status = error ? GS_RUN_FAILED : interrupted ? GS_RUN_STOPPED : GS_RUN_FINISHED;
  g_autoptr(GError) finish_error = NULL;
  gboolean recorded = gs_session_finish(session, status, error, &finish_error);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  double seconds = (g_get_monotonic_time() - t0) / 1e6;
  char secs[32];
  g_ascii_formatd(secs, sizeof secs, "%.1f", seconds);
  if (error)
    gs_cli_error(cmd, _("the run failed at step %" PRId64 ": %s"), gs_session_get_step(session) + 1,
                 error->message);
  if (!recorded) gs_cli_error(cmd, _("could not record the run: %s"), finish_error->message);
  if (!options->quiet || status != GS_RUN_FINISHED)
    g_print(_("run %" PRId64 " %s after %" PRId64 " steps in %s s\n"),
            gs_session_get_run_id(session), gs_run_status_name(status),
            gs_session_get_step(session), secs);
  return status == GS_RUN_FINISHED && recorded ? GS_CLI_EXIT_OK : GS_CLI_EXIT_FAILED;
}

/* --- tables ---------------------------------------------------------------------------------- */

struct _GsCliTable {
  guint n_columns;
  GPtrArray *cells; /* char*, row-major, header first */
};

gboolean gs_cli_format_from_name(const char *name, GsCliFormat *out)
{
  if (!name || !strcmp(name, "table")) return *out = GS_CLI_TABLE, TRUE;
  if (!strcmp(name, "csv")) return *out = GS_CLI_CSV, TRUE;
  if (!strcmp(name, "json")) return *out = GS_CLI_JSON, TRUE;
  return FALSE;
}

GsCliTable *gs_cli_table_new(const char *const *columns)
{
  GsCliTable *t = g_new0(GsCliTable, 1);
  t->cells = g_ptr_array_new_with_free_func(g_free);
  for (; columns[t->n_columns]; t->n_columns++)
    g_ptr_array_add(t->cells, g_strdup(columns[t->n_columns]));
  return t;
}

void gs_cli_table_add(GsCliTable *t, const char *const *cells)
{
  for (guint c = 0; c < t->n_columns; c++)
    g_ptr_array_add(t->cells, g_strdup(cells[c] ? cells[c] : ""));
}

static void csv_cell(GString *s, const char *cell)
{
  if (!strpbrk(cell, ",\"\n\r")) {
    g_string_append(s, cell);
    return;
  }
  g_string_append_c(s, '"');
  for (const char *p = cell; *p; p++) {
    if (*p == '"') g_string_append_c(s, '"');
    g_string_append_c(s, *p);
  }
  g_string_append_c(s, '"');
}

void gs_cli_table_print(GsCliTable *t, GsCliFormat format, FILE *out)
{
  guint n_rows = t->cells->len / t->n_columns;
  GString *s = g_string_new(NULL);
  if (format == GS_CLI_CSV) {
    for (guint r = 0; r < n_rows; r++)
      for (guint c = 0; c < t->n_columns; c++) {
        csv_cell(s, t->cells->pdata[r * t->n_columns + c]);
        g_string_append_c(s, c + 1 < t->n_columns ? ',' : '\n');
      }
  } else if (format == GS_CLI_JSON) {
    JsonArray *rows = json_array_new();
    for (guint r = 1; r < n_rows; r++) {
      JsonObject *o = json_object_new();
      for (guint c = 0; c < t->n_columns; c++)
        json_object_set_string_member(o, t->cells->pdata[c], t->cells->pdata[r * t->n_columns + c]);
      json_array_add_object_element(rows, o);
    }
    g_autoptr(JsonNode) node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, rows);
    g_autofree char *text = gs_json_to_string(node);
    g_string_append(s, text);
  } else {
    g_autofree guint *width = g_new0(guint, t->n_columns);
    for (guint i = 0; i < t->cells->len; i++)
      width[i % t->n_columns] =
          MAX(width[i % t->n_columns], (guint) g_utf8_strlen(t->cells->pdata[i], -1));
    for (guint r = 0; r < n_rows; r++) {
      for (guint c = 0; c < t->n_columns; c++) {
        const char *cell = t->cells->pdata[r * t->n_columns + c];
        g_string_append(s, cell);
        if (c + 1 < t->n_columns)
          for (guint k = g_utf8_strlen(cell, -1); k < width[c] + 2; k++) g_string_append_c(s, ' ');
      }
      g_string_append_c(s, '\n');
    }
  }
  fputs(s->str, out);
  g_string_free(s, TRUE);
}

void gs_cli_table_free(GsCliTable *t)
{
  if (!t) return;
  g_ptr_array_unref(t->cells);
  g_free(t);
}

char *gs_cli_format_time(gint64 unix_us)
{
  if (unix_us <= 0) return g_strdup("");
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(unix_us / G_USEC_PER_SEC);
  return dt ? g_date_time_format(dt, "%Y-%m-%d %H:%M:%S") : g_strdup("");
}

char *gs_cli_format_number(double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (isnan(v)) return g_strdup("");
  return g_strdup(gs_format_double(v, buf));
}
