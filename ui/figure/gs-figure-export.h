/* gs-figure-export.h — figures to PNG, SVG and PDF, with their data and provenance beside them.
 *
 *     GsExportOptions opts;
 *     gs_export_options_init(&opts, GS_SIZE_PAPER_SINGLE, GS_EXPORT_PDF);
 *     const char *prov[] = {"experiment", "discriminator-landscape", "seed", "7",
 *                           "run_id", "42", "parameters", params_json, NULL};
 *     opts.provenance = prov;
 *     if (!gs_figure_export(fig, "landscape.pdf", &opts, &error))
 *       g_printerr("%s\n", error->message);
 *
 * writes landscape.pdf, landscape.csv (the data behind every layer, one tidy table) and
 * landscape.json (app version, the provenance pairs, export settings and a description of the
 * panels and layers, naming the CSV). The provenance is also stored inside the file where the
 * format allows: PNG iTXt chunks, PDF document info, SVG <metadata>.
 *
 * Vector output keeps text as text: PDF embeds TrueType/CFF subsets of the fonts (never Type 3)
 * and SVG writes <text> elements; dense fields (heatmaps, image tiles, colorbars) are embedded
 * as PNG images inside the vector file, everything else stays vector. PNG records its DPI.
 * Every number in every file is written independently of the locale. Files are replaced
 * atomically.
 *
 * CSV columns: panel,layer,kind,series,i,j,x,y,z,u,v,value,size,lo,hi,err,label. Per kind:
 *   line       i x y [lo hi: band]            scatter    i x y [value: colour] [size]
 *   heatmap    i j x y value                  contour    i j x y value; level rows: i value label
 *   quiver     i x y u v                      histogram  i lo hi y (count) value (as drawn)
 *   bars       i x value [err] label          image-grid i (tile) x (column) y (row) z (channel)
 *                                                        value label (caption)
 *   surface    i j x y z value                points3d   i x y z
 *   annotation rows (kind "vline", "hline", "text", "arrow", "point"): x y [u v: arrow tip] label
 * A contour layer on the same field as an earlier layer of its panel writes only its levels.
 */
#ifndef GS_FIGURE_EXPORT_H
#define GS_FIGURE_EXPORT_H

#include "gs-figure.h"

G_BEGIN_DECLS

#define GS_FIGURE_ERROR (gs_figure_error_quark())
GQuark gs_figure_error_quark(void);

typedef enum {
  GS_FIGURE_ERROR_INVALID, /* an option out of range; the message names it and the range */
  GS_FIGURE_ERROR_RENDER,  /* Cairo could not draw or encode the file */
} GsFigureError;

typedef enum { GS_EXPORT_PNG, GS_EXPORT_SVG, GS_EXPORT_PDF, GS_EXPORT_N } GsExportFormat;

const char *gs_export_format_get_extension(GsExportFormat format); /* "png", "svg", "pdf" */
/* From a name or a file name's extension ("pdf", "fig.PDF"). */
gboolean gs_export_format_from_name(const char *name, GsExportFormat *format);

typedef struct {
  GsExportFormat format;
  double width_in, height_in; /* 0.5 … 100 */
  double font_pt;             /* 4 … 96 */
  double dpi;                 /* PNG: 36 … 2400, at most 20,000 px a side */
  GsTheme theme;
  const char *font_family;       /* NULL: "Sans" */
  const char *const *provenance; /* NULL-terminated key, value, key, value, …; may be NULL */
  gboolean write_data;           /* <stem>.csv, default TRUE */
  gboolean write_sidecar;        /* <stem>.json, default TRUE */
  gint64 created;                /* Unix seconds for the metadata; 0: now */
  const GsPanelView *views;      /* export what the widget shows (zoom, rotation); may be NULL */
  int n_views;
} GsExportOptions;

/* The preset's size and font, 300 dpi, light theme, CSV and JSON on. */
void gs_export_options_init(GsExportOptions *opts, GsSizePreset preset, GsExportFormat format);

/* Writes path and, as enabled, the CSV and JSON beside it. Seals the figure. */
gboolean gs_figure_export(GsFigure *fig, const char *path, const GsExportOptions *opts,
                          GError **error);
/* The image file's bytes only. */
GBytes *gs_figure_export_bytes(GsFigure *fig, const GsExportOptions *opts, GError **error);

/* The CSV text described above. */
char *gs_figure_data_csv(GsFigure *fig);
/* The JSON sidecar; file_name and data_name are what it records (may be NULL). */
char *gs_figure_sidecar_json(GsFigure *fig, const GsExportOptions *opts, const char *file_name,
                             const char *data_name);
/* path with its extension replaced by ext ("fig.pdf", "csv" → "fig.csv"). */
char *gs_export_sibling_path(const char *path, const char *ext);

G_END_DECLS

#endif
