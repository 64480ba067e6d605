/* fuzz-toy2d-npy.c — libFuzzer harness for the N×2 point loader of .npy files (gs-toy2d). */
#include <math.h>
#include <stdint.h>

#include "datasets/gs-toy2d.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  gsize n = 0;
  float *xy = gs_toy2d_parse_npy(data, size, "fuzz", &n, &error);
  if (!xy) {
    if (!error || !error->message[0]) __builtin_trap(); /* a rejection must say why */
    g_error_free(error);
    return 0;
  }
  if (error || n == 0 || n > GS_TOY2D_MAX_POINTS) __builtin_trap();
  for (gsize i = 0; i < 2 * n; i++)
    if (!isfinite(xy[i])) __builtin_trap(); /* only finite points get through */
  g_free(xy);
  return 0;
}
