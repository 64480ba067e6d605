/* gs-cli-export.c — `ganscape-cli export RUN --view NAME --format pdf|svg|png`: the figure of a
 * view for a stored run, through the same views and figure library as the window. */
#include "gs-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gs-cli-platform.h"
#include "gs-figure-export.h"
#include "gs-view.h"

static char *view_names(const char *kind)
{
  guint n;
  g_autofree const GsView **views = gs_views_for_kind(kind, &n);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < n; i++) g_string_append_printf(s, "%s%s", i ? ", " : "", views[i]->name);
  return g_string_free(s, FALSE);
}

int gs_cli_export(int argc, char **argv)
{
  gs_experiments_register_builtin();
  gs_views_register_builtin();
  g_autofree char *store_path = NULL, *view_name = NULL, *format_name = NULL, *preset_name = NULL,
                  *theme_name = NULL, *output = NULL;
  double dpi = 0;
  gint64 step = -1;
  gboolean no_data = FALSE;
  GOptionEntry entries[] = {
      {"view", 0, 0, G_OPTION_ARG_STRING, &view_name, N_("The view to draw (required)"),
       N_("NAME")},
      {"format", 0, 0, G_OPTION_ARG_STRING, &format_name,
       N_("pdf, svg or png (default: from --output, else pdf)"), N_("FORMAT")},
      {"preset", 0, 0, G_OPTION_ARG_STRING, &preset_name,
       N_("Size: slide, beamer, paper-single, paper-double, square (default paper-double)"),
       N_("PRESET")},
      {"theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, N_("light, dark or transparent"),
       N_("THEME")},
      {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_("PNG resolution (default 300)"), "DPI"},
      {"step", 0, 0, G_OPTION_ARG_INT64, &step,
       N_("Draw the state of this checkpoint (default: the latest)"), "N"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       N_("The file (default: KIND-runID-VIEW.FORMAT here)"), N_("FILE")},
      {"no-data", 0, 0, G_OPTION_ARG_NONE, &no_data,
       N_("Do not write the CSV data and JSON provenance beside the figure"), NULL},
      {"store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Run store"), N_("PATH")},
      {NULL}};
  g_autoptr(GOptionContext) context =
      g_option_context_new(_("RUN — export a view of a recorded run as PDF, SVG or PNG"));
  g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description(
      context, _("The figure is the one the window shows for that view, drawn from the run's "
                 "last checkpoint (or --step) and all its metrics. Beside it go FILE.csv (the "
                 "data) and FILE.json (provenance: app version, run, kind, seed, parameters); "
                 "the export is recorded with the run.\n\nExit status: 0 written; 1 no such "
                 "run, view or checkpoint, or the file could not be written; 2 usage error."));
  if (!gs_cli_parse("export", context, &argc, &argv)) return GS_CLI_EXIT_USAGE;
  if (argc != 2 || !view_name) {
    gs_cli_error("export", _("expected RUN and --view NAME (run “ganscape-cli export --help”)"));
    return GS_CLI_EXIT_USAGE;
  }
  GsExportFormat format = GS_EXPORT_PDF;
  if (format_name ? !gs_export_format_from_name(format_name, &format)
                  : output && !gs_export_format_from_name(output, &format)) {
    gs_cli_error("export", _("--format %s: expected pdf, svg or png"),
                 format_name ? format_name : output);
    return GS_CLI_EXIT_USAGE;
  }
  GsSizePreset preset = GS_SIZE_PAPER_DOUBLE;
  if (preset_name && !gs_size_preset_from_name(preset_name, &preset)) {
    GString *names = g_string_new(NULL);
    for (int p = 0; p < GS_SIZE_N; p++)
      g_string_append_printf(names, "%s%s", p ? ", " : "", gs_size_preset_get_name(p));
    gs_cli_error("export", _("--preset %s: expected one of %s"), preset_name, names->str);
    g_string_free(names, TRUE);
    return GS_CLI_EXIT_USAGE;
  }
  GsExportOptions opts;
  gs_export_options_init(&opts, preset, format);
  if (theme_name) {
    gboolean found = FALSE;
    for (int t = 0; t < GS_THEME_N; t++)
      if (!strcmp(theme_name, gs_theme_get_name(t))) opts.theme = t, found = TRUE;
    if (!found) {
      gs_cli_error("export", _("--theme %s: expected light, dark or transparent"), theme_name);
      return GS_CLI_EXIT_USAGE;
    }
  }
  if (dpi > 0) opts.dpi = dpi;
  opts.write_data = opts.write_sidecar = !no_data;

  g_autoptr(GsStore) store = gs_cli_open_store("export", store_path);
  if (!store) return GS_CLI_EXIT_FAILED;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsRunInfo) run = gs_store_find_run(store, argv[1], &error);
  if (!run) {
    gs_cli_error("export", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  const GsView *view = gs_view_lookup(run->kind, view_name);
  if (!view) {
    g_autofree char *known = view_names(run->kind);
    gs_cli_error("export", _("no view \"%s\" for runs of kind \"%s\" — views: %s"), view_name,
                 run->kind, known);
    return GS_CLI_EXIT_FAILED;
  }
  g_autoptr(GsSnapshot) snap = gs_session_snapshot_of_run(store, run->id, step, &error);
  if (!snap) {
    gs_cli_error("export", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  GsViewContext ctx = {.run_id = run->id, .run_uuid = run->uuid, .run_name = run->name};
  g_autoptr(GsFigure) fig = view->build(snap, &ctx);
  g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, run->seed);
  g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, run->id);
  g_autofree char *at = g_strdup_printf("%" G_GINT64_FORMAT, gs_snapshot_get_step(snap));
  const char *provenance[] = {"experiment", run->kind,  "run_uuid",   run->uuid,    "run_id", id,
                              "seed",       seed,       "backend",    run->backend, "step",   at,
                              "view",       view->name, "parameters", run->params,  NULL};
  opts.provenance = provenance;
  g_autofree char *path = output ? g_strdup(output)
                                 : g_strdup_printf("%s-run%s-%s.%s", run->kind, id, view->name,
                                                   gs_export_format_get_extension(format));
  if (!gs_figure_export(fig, path, &opts, &error)) {
    gs_cli_error("export", "%s", error->message);
    return GS_CLI_EXIT_FAILED;
  }
  g_autofree char *absolute = g_canonicalize_filename(path, NULL);
  if (!gs_store_add_figure(store, run->id, view->name, gs_export_format_get_extension(format),
                           gs_size_preset_get_name(preset), absolute, &error))
    gs_cli_error("export", _("the figure is written but not recorded: %s"), error->message);
  g_print(_("wrote %s\n"), path);
  return GS_CLI_EXIT_OK;
}
