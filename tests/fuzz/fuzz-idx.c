/* fuzz-idx.c — libFuzzer harness for the IDX loader (plain and gzip'd). */
#include <stdint.h>

#include "datasets/gs-idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  GsIdx *idx = gs_idx_parse(data, size, "fuzz", &error);
  if (!idx) {
    if (!error || !error->message[0]) __builtin_trap(); /* a rejection must say why */
    g_error_free(error);
    return 0;
  }
  if (error) __builtin_trap();
  double sum = 0;
  for (gsize i = 0; i < idx->n_elements && i < 4096; i++) sum += gs_idx_value(idx, i);
  (void) sum;
  gs_idx_free(idx);
  return 0;
}
