/* fuzz-toy2d-strokes.c — libFuzzer harness for drawn strokes as text (the landscape's
 * drawn_points parameter, read from experiment files): what is accepted is finite and formats
 * to text that reads back to the same points and strokes. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "datasets/gs-toy2d.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > 1 << 16) return 0;
  char *text = g_strndup((const char *) data, size); /* parameters are NUL-terminated strings */
  GError *error = NULL;
  gsize n = 0;
  guint *ends = NULL, n_strokes = 0;
  float *xy = gs_toy2d_parse_strokes(text, &n, &ends, &n_strokes, &error);
  g_free(text);
  if (error) {
    if (xy || !error->message[0]) __builtin_trap(); /* a rejection must say why */
    g_error_free(error);
    return 0;
  }
  if ((n == 0) != (xy == NULL) || (n_strokes == 0) != (n == 0)) __builtin_trap();
  for (gsize i = 0; i < 2 * n; i++)
    if (!isfinite(xy[i])) __builtin_trap(); /* only finite points get through */
  for (guint k = 0; k < n_strokes; k++)
    if (ends[k] > n || ends[k] == 0 || (k && ends[k] <= ends[k - 1])) __builtin_trap();
  char *once = gs_toy2d_format_strokes(xy, ends, n_strokes);
  gsize n2 = 0;
  guint *ends2 = NULL, n_strokes2 = 0;
  float *xy2 = gs_toy2d_parse_strokes(once, &n2, &ends2, &n_strokes2, &error);
  if (error || n2 != n || n_strokes2 != n_strokes) __builtin_trap();
  char *twice = gs_toy2d_format_strokes(xy2, ends2, n_strokes2);
  if (strcmp(once, twice) != 0) __builtin_trap();
  g_free(once);
  g_free(twice);
  g_free(xy);
  g_free(xy2);
  g_free(ends);
  g_free(ends2);
  return 0;
}
