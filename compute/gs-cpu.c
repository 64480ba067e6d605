/* gs-cpu.c — the CPU backend: host memory, OpenBLAS threads, and kernel dispatch. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-cpu-impl.h"

enum { CPU_ALIGN = 64 };

static bool cpu_supports(const gs_backend *be, gs_kop op, gs_dtype dtype)
{
  if (op < 0 || op >= GS_K_COUNT) return false;
  if (dtype == GS_F32 || dtype == GS_F64) return true;
  /* I32 data: filling, converting and gathering rows (labels); no arithmetic */
  return dtype == GS_I32 && (op == GS_K_FILL || op == GS_K_COPY || op == GS_K_GATHER_ROWS);
}

static void *cpu_buffer_new(gs_backend *be, size_t nbytes)
{
  size_t n = (nbytes + CPU_ALIGN - 1) / CPU_ALIGN * CPU_ALIGN;
  void *p = aligned_alloc(CPU_ALIGN, n ? n : CPU_ALIGN);
  if (!p) gs_backend_fail(be, "out of host memory (%zu bytes)", nbytes);
  return p;
}

static void cpu_buffer_free(gs_backend *be, void *buffer)
{
  free(buffer);
}

static void *cpu_buffer_host(gs_backend *be, void *buffer)
{
  return buffer;
}

static void cpu_upload(gs_backend *be, void *buffer, size_t offset, const void *src, size_t n)
{
  memcpy((char *) buffer + offset, src, n);
}

static void cpu_download(gs_backend *be, void *buffer, size_t offset, void *dst, size_t n)
{
  memcpy(dst, (char *) buffer + offset, n);
}

static void cpu_exec(gs_backend *be, const gs_kernel *k)
{
  gs_cpu *cpu = be->impl;
  switch (k->op) {
  case GS_K_COPY:
    gs_cpu_copy(k);
    return;
  case GS_K_GATHER_ROWS:
    gs_cpu_gather_rows(k);
    return;
  case GS_K_MATMUL:
    gs_cpu_matmul(cpu, k);
    return;
  case GS_K_RBF_SUM:
    gs_cpu_rbf_sum(cpu, k);
    return;
  case GS_K_FILL:
    if (k->dst->dtype == GS_I32) {
      int32_t *d = gs_cpu_ptr(k->dst), v = (int32_t) k->f[0];
      for (int64_t j = 0, n = gs_numel(k->dst); j < n; j++) d[j] = v;
      return;
    }
    break;
  default:
    break;
  }
  if (k->dst->dtype == GS_F64)
    gs_cpu_kernel_f64(cpu, k);
  else
    gs_cpu_kernel_f32(cpu, k);
}

static void cpu_sync(gs_backend *be) {}

static void cpu_destroy(gs_backend *be)
{
  gs_cpu *cpu = be->impl;
  free(cpu);
  free(be);
}

static const gs_backend_vtable cpu_vtable = {
    .supports = cpu_supports,
    .buffer_new = cpu_buffer_new,
    .buffer_free = cpu_buffer_free,
    .buffer_host = cpu_buffer_host,
    .upload = cpu_upload,
    .download = cpu_download,
    .exec = cpu_exec,
    .sync = cpu_sync,
    .destroy = cpu_destroy,
};

/* "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64" -> "OpenBLAS 0.3.21". */
static void blas_version(char *out, size_t size)
{
  const char *config = openblas_get_config();
  const char *p = config ? config : "OpenBLAS";
  size_t n = 0;
  int words = 0;
  while (p[n] && words < 2) {
    if (p[n] == ' ' && ++words == 2) break;
    n++;
  }
  snprintf(out, size, "%.*s", (int) n, p);
}

gs_backend *gs_cpu_backend_new(const gs_backend_options *options, gs_error *err)
{
  gs_backend *be = calloc(1, sizeof *be);
  gs_cpu *cpu = calloc(1, sizeof *cpu);
  if (!be || !cpu) {
    free(be);
    free(cpu);
    gs_error_set(err, 1, "out of host memory creating the CPU backend");
    return NULL;
  }
  int threads = options ? options->threads : 0;
  if (threads <= 0) threads = openblas_get_num_procs();
  if (threads <= 0) threads = 1;
  openblas_set_num_threads(threads);
  cpu->threads = threads;
  cpu->blas_min = 8; /* measured: docs/PERFORMANCE.md, gemm-crossover */
  /* for measuring the crossover between the loops and OpenBLAS (app/bench, gemm-small) */
  const char *env = getenv("GS_CPU_BLAS_MIN");
  if (env && atoll(env) > 0) cpu->blas_min = atoll(env);

  be->vt = &cpu_vtable;
  be->kind = GS_BACKEND_CPU;
  snprintf(be->name, sizeof be->name, "cpu");
  char blas[64];
  blas_version(blas, sizeof blas);
  snprintf(be->device, sizeof be->device, "%s, %d thread%s", blas, threads,
           threads == 1 ? "" : "s");
  be->alignment = CPU_ALIGN;
  be->impl = cpu;
  return be;
}
