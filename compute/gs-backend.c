/* gs-backend.c — choosing a backend, and what every backend shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-backend-impl.h"

const char *gs_backend_kind_name(gs_backend_kind kind)
{
  switch (kind) {
  case GS_BACKEND_AUTO:
    return "auto";
  case GS_BACKEND_CPU:
    return "cpu";
  case GS_BACKEND_VULKAN:
    return "vulkan";
  }
  return "?";
}

bool gs_backend_kind_from_name(const char *name, gs_backend_kind *out)
{
  static const gs_backend_kind kinds[] = {GS_BACKEND_AUTO, GS_BACKEND_CPU, GS_BACKEND_VULKAN};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (name && strcmp(name, gs_backend_kind_name(kinds[i])) == 0) {
      *out = kinds[i];
      return true;
    }
  return false;
}

static const gs_backend_options default_options = {
    .threads = 0,
    .device_index = -1,
    .allow_cpu_device = false,
    .timestamps = false,
};

#ifndef GS_WITH_VULKAN
bool gs_vulkan_available(const gs_backend_options *options, char *why, size_t why_size)
{
  if (why && why_size) snprintf(why, why_size, "built without the Vulkan backend");
  return false;
}
#endif

gs_backend *gs_backend_new(gs_backend_kind kind, const gs_backend_options *options, gs_error *err)
{
  const gs_backend_options *o = options ? options : &default_options;
  gs_error_clear(err);
  switch (kind) {
  case GS_BACKEND_CPU:
    return gs_cpu_backend_new(o, err);
  case GS_BACKEND_VULKAN: {
#ifdef GS_WITH_VULKAN
    /* GANSCAPE_VULKAN_ALLOW_CPU=1 lets an explicit choice take lavapipe (CI, benches) */
    gs_backend_options explicit_choice = *o;
    const char *allow = getenv("GANSCAPE_VULKAN_ALLOW_CPU");
    if (allow && strcmp(allow, "1") == 0) explicit_choice.allow_cpu_device = true;
    return gs_vulkan_backend_new(&explicit_choice, err);
#else
    gs_error_set(err, 1, "the Vulkan backend was asked for, but Ganscape was built without it");
    return NULL;
#endif
  }
  case GS_BACKEND_AUTO: {
#ifdef GS_WITH_VULKAN
    /* auto takes a real GPU only: a CPU-type device (lavapipe) is slower than OpenBLAS */
    gs_backend_options gpu_only = *o;
    gpu_only.allow_cpu_device = false;
    if (gs_vulkan_available(&gpu_only, NULL, 0)) {
      gs_backend *be = gs_vulkan_backend_new(&gpu_only, err);
      if (be) return be;
      gs_error_clear(err);
    }
#endif
    return gs_cpu_backend_new(o, err);
  }
  }
  gs_error_set(err, 1, "unknown backend kind %d", (int) kind);
  return NULL;
}

void gs_backend_free(gs_backend *be)
{
  if (be) be->vt->destroy(be);
}

gs_backend_kind gs_backend_get_kind(const gs_backend *be)
{
  return be->kind;
}

bool gs_backend_supports_kernel(const gs_backend *be, const char *kernel, gs_dtype dtype)
{
  for (int op = 0; op < GS_K_COUNT; op++)
    if (strcmp(gs_kop_name((gs_kop) op), kernel) == 0)
      return be->vt->supports(be, (gs_kop) op, dtype);
  return false;
}

const char *gs_backend_name(const gs_backend *be)
{
  return be->name;
}

const char *gs_backend_device(const gs_backend *be)
{
  return be->device;
}

void gs_backend_sync(gs_backend *be)
{
  be->vt->sync(be);
}

const char *gs_backend_failure(const gs_backend *be)
{
  return be->failure[0] ? be->failure : NULL;
}

#ifdef GS_WITH_VULKAN
int gs_vk_kernel_times(gs_backend *be, gs_kernel_time *out, int max);
void gs_vk_kernel_times_reset(gs_backend *be);
#endif

int gs_backend_kernel_times(gs_backend *be, gs_kernel_time *out, int max)
{
#ifdef GS_WITH_VULKAN
  if (be->kind == GS_BACKEND_VULKAN) return gs_vk_kernel_times(be, out, max);
#endif
  return 0;
}

void gs_backend_kernel_times_reset(gs_backend *be)
{
#ifdef GS_WITH_VULKAN
  if (be->kind == GS_BACKEND_VULKAN) gs_vk_kernel_times_reset(be);
#endif
}

const char *gs_kop_name(gs_kop op)
{
  static const char *const names[GS_K_COUNT] = {
      [GS_K_FILL] = "FILL",
      [GS_K_COPY] = "COPY",
      [GS_K_NEG] = "NEG",
      [GS_K_EXP] = "EXP",
      [GS_K_LOG] = "LOG",
      [GS_K_SQRT] = "SQRT",
      [GS_K_SQUARE] = "SQUARE",
      [GS_K_ABS] = "ABS",
      [GS_K_SIGN] = "SIGN",
      [GS_K_RELU] = "RELU",
      [GS_K_LEAKY_RELU] = "LEAKY_RELU",
      [GS_K_ELU] = "ELU",
      [GS_K_TANH] = "TANH",
      [GS_K_SIGMOID] = "SIGMOID",
      [GS_K_SOFTPLUS] = "SOFTPLUS",
      [GS_K_SILU] = "SILU",
      [GS_K_STEP] = "STEP",
      [GS_K_LEAKY_STEP] = "LEAKY_STEP",
      [GS_K_CLAMP_MASK] = "CLAMP_MASK",
      [GS_K_ADD_SCALAR] = "ADD_SCALAR",
      [GS_K_MUL_SCALAR] = "MUL_SCALAR",
      [GS_K_RSUB_SCALAR] = "RSUB_SCALAR",
      [GS_K_POW_SCALAR] = "POW_SCALAR",
      [GS_K_MIN_SCALAR] = "MIN_SCALAR",
      [GS_K_MAX_SCALAR] = "MAX_SCALAR",
      [GS_K_CLAMP] = "CLAMP",
      [GS_K_ADD] = "ADD",
      [GS_K_SUB] = "SUB",
      [GS_K_MUL] = "MUL",
      [GS_K_DIV] = "DIV",
      [GS_K_POW] = "POW",
      [GS_K_MINIMUM] = "MINIMUM",
      [GS_K_MAXIMUM] = "MAXIMUM",
      [GS_K_CMP_GT] = "CMP_GT",
      [GS_K_CMP_GE] = "CMP_GE",
      [GS_K_CMP_EQ] = "CMP_EQ",
      [GS_K_WHERE] = "WHERE",
      [GS_K_SUM] = "SUM",
      [GS_K_MAX] = "MAX",
      [GS_K_MATMUL] = "MATMUL",
      [GS_K_SOFTMAX] = "SOFTMAX",
      [GS_K_LOG_SOFTMAX] = "LOG_SOFTMAX",
      [GS_K_PICK] = "PICK",
      [GS_K_UNPICK] = "UNPICK",
      [GS_K_GATHER_ROWS] = "GATHER_ROWS",
      [GS_K_SCATTER_ADD_ROWS] = "SCATTER_ADD_ROWS",
      [GS_K_IM2COL] = "IM2COL",
      [GS_K_COL2IM] = "COL2IM",
      [GS_K_MAX_POOL] = "MAX_POOL",
      [GS_K_POOL_SCATTER] = "POOL_SCATTER",
      [GS_K_POOL_GATHER] = "POOL_GATHER",
      [GS_K_AVG_POOL] = "AVG_POOL",
      [GS_K_AVG_POOL_ADJ] = "AVG_POOL_ADJ",
      [GS_K_RAND_UNIFORM] = "RAND_UNIFORM",
      [GS_K_RAND_NORMAL] = "RAND_NORMAL",
      [GS_K_SGD] = "SGD",
      [GS_K_ADAM] = "ADAM",
      [GS_K_RMSPROP] = "RMSPROP",
      [GS_K_ADD_LEAKY_RELU] = "ADD_LEAKY_RELU",
      [GS_K_MUL_LEAKY_STEP] = "MUL_LEAKY_STEP",
      [GS_K_RBF_SUM] = "RBF_SUM",
  };
  if ((int) op < 0 || op >= GS_K_COUNT || !names[op]) return "?";
  return names[op];
}
