/* fuzz-curves.c — libFuzzer harness for the curve importer (CSV and Rice et al.'s output.log). */
#include <math.h>
#include <stdint.h>

#include "datasets/gs-curves.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  GsCurves *c = gs_curves_parse((const char *) data, size, "fuzz", &error);
  if (!c) {
    if (!error || !error->message[0]) __builtin_trap(); /* a rejection must say why */
    g_error_free(error);
    return 0;
  }
  if (error || c->n_rows == 0 || c->n_cols == 0) __builtin_trap();
  double sum = 0;
  for (guint i = 0; i < c->n_rows; i++) {
    if (i && c->epochs[i] <= c->epochs[i - 1]) __builtin_trap(); /* promised: increasing */
    for (guint j = 0; j < c->n_cols; j++) {
      double v = c->values[i * c->n_cols + j];
      if (!isnan(v)) sum += v;
    }
  }
  for (guint j = 0; j < c->n_cols; j++)
    if (!c->names[j] || !c->names[j][0]) __builtin_trap();
  (void) sum;
  gs_curves_free(c);
  return 0;
}
