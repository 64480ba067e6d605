/* fuzz-safetensors.c — libFuzzer harness for the safetensors reader: parse any bytes, and when
 * they parse, load every entry that Ganscape can hold into parameters of the announced shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-compute.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gs_backend *be;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!be) be = gs_backend_new(GS_BACKEND_CPU, &(gs_backend_options){.threads = 1}, NULL);
  gs_error err = {0};
  gs_st_file *f = gs_st_parse(data, size, &err);
  if (!f) {
    if (err.code == 0 || err.msg[0] == '\0') __builtin_trap(); /* a rejection must say why */
    return 0;
  }
  gs_ctx *ctx = gs_ctx_new(be);
  gs_params params = {0};
  int64_t budget = 1 << 20; /* elements: keep each run small */
  for (int i = 0; i < f->n_entries; i++) {
    const gs_st_entry *e = &f->entries[i];
    gs_dtype dtype;
    if (strcmp(e->dtype, "F64") == 0)
      dtype = GS_F64;
    else if (strcmp(e->dtype, "I32") == 0)
      dtype = GS_I32;
    else if (!strcmp(e->dtype, "F32") || !strcmp(e->dtype, "F16") || !strcmp(e->dtype, "BF16"))
      dtype = GS_F32;
    else
      continue;
    int64_t n = 1;
    for (int d = 0; d < e->ndim; d++) n *= e->shape[d];
    if (n > budget) continue;
    budget -= n;
    gs_params_add(&params, e->name, gs_new(ctx, dtype, e->ndim, e->shape));
  }
  if (gs_st_load_into(f, &params, 1, &err) != 0 && err.msg[0] == '\0') __builtin_trap();
  /* what loaded must encode and parse again */
  uint8_t *buf;
  size_t len;
  if (gs_st_encode(&params, (const char *const[]){"k", "v", NULL}, &buf, &len, &err) == 0) {
    gs_st_file *again = gs_st_parse(buf, len, &err);
    if (!again) __builtin_trap();
    gs_st_file_free(again);
    free(buf);
  }
  gs_params_clear(&params);
  gs_ctx_free(ctx);
  gs_st_file_free(f);
  return 0;
}
