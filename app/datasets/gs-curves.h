/* gs-curves.h — training curves from outside: a CSV file or Rice et al.'s output.log.
 *
 * CSV: a header row whose first column is "epoch" (or "step"), then one column per metric;
 * rows of numbers, empty fields for missing values; lines starting with '#' are comments.
 * Column names are metric names ("test_robust_acc") or Rice et al.'s ("Test Robust Acc").
 *
 * output.log (locuslab/robust_overfitting): every line prefixed "[YYYY/MM/DD HH:MM:SS] - ";
 * a header "Epoch  Train Time  Test Time  LR  Train Loss  Train Acc  Train Robust Loss  Train
 * Robust Acc  Test Loss  Test Acc  Test Robust Loss  Test Robust Acc" (tab-separated), then one
 * row of 12 numbers per epoch; other lines (the arguments, messages) are skipped.
 *
 *     GsCurves *c = gs_curves_parse(text, len, "output.log", &error);
 *     // c->names = {"train_time", …, "test_robust_acc"}, c->epochs[i], c->values[i * n_cols + j]
 *
 * Accuracies are fractions; a file whose accuracy columns exceed 1 is read as percent and
 * scaled. Errors name the file, the line and the field (GS_CURVES_ERROR).
 */
#ifndef GS_CURVES_H
#define GS_CURVES_H

#include <glib.h>

G_BEGIN_DECLS

#define GS_CURVES_ERROR (gs_curves_error_quark())
GQuark gs_curves_error_quark(void);

typedef enum {
  GS_CURVES_ERROR_FORMAT, /* neither CSV with a header nor an output.log, or a bad line */
  GS_CURVES_ERROR_EMPTY,  /* no data rows */
} GsCurvesError;

#define GS_CURVES_MAX_COLUMNS 64
#define GS_CURVES_MAX_ROWS    1000000

typedef struct {
  guint n_cols, n_rows;
  char **names;    /* n_cols metric names, [a-z][a-z0-9_]* */
  gint64 *epochs;  /* n_rows, strictly increasing */
  double *values;  /* n_rows × n_cols; NaN where missing */
  gboolean is_log; /* read as an output.log */
} GsCurves;

GsCurves *gs_curves_parse(const char *text, gsize len, const char *name, GError **error);
GsCurves *gs_curves_load(const char *path, GError **error);
void gs_curves_free(GsCurves *curves);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsCurves, gs_curves_free)

G_END_DECLS

#endif /* GS_CURVES_H */
