/* gs-backend.h — choosing and using a compute backend.
 *
 * A backend is a struct of kernel entry points plus its device state (see gs-backend-impl.h);
 * each declares which kernels and dtypes it supports. Contexts allocate their storage from it.
 *
 *     gs_error err = {0};
 *     gs_backend *be = gs_backend_new(GS_BACKEND_AUTO, NULL, &err);   // Vulkan GPU, else CPU
 *     if (!be) { show(err.msg); … }
 *     printf("%s on %s\n", gs_backend_name(be), gs_backend_device(be));
 *
 * A device failure after creation (device lost, out of memory) is sticky: gs_backend_failure()
 * returns its message, kernels become no-ops and reads return zeros, so the current step ends
 * and its caller stops cleanly or falls back to the CPU.
 */
#ifndef GS_BACKEND_H
#define GS_BACKEND_H

#include "gs-tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gs_backend_kind {
  GS_BACKEND_AUTO = 0, /* Vulkan on a discrete/integrated/virtual GPU, otherwise CPU */
  GS_BACKEND_CPU,
  GS_BACKEND_VULKAN,
} gs_backend_kind;

typedef struct gs_backend_options {
  int threads;           /* CPU: OpenBLAS threads; 0 = number of cores */
  int device_index;      /* Vulkan: -1 = choose; otherwise the physical device index */
  bool allow_cpu_device; /* Vulkan: accept a CPU-type device such as lavapipe */
  bool timestamps;       /* Vulkan: per-kernel GPU timestamps for profiling */
} gs_backend_options;

const char *gs_backend_kind_name(gs_backend_kind kind); /* "auto", "cpu", "vulkan" */
bool gs_backend_kind_from_name(const char *name, gs_backend_kind *out);

/* NULL options = defaults. Returns NULL with err filled when the kind cannot be had (for
 * GS_BACKEND_AUTO this only happens if even the CPU backend fails). GS_BACKEND_VULKAN also
 * accepts a CPU-type device when the environment has GANSCAPE_VULKAN_ALLOW_CPU=1; AUTO never
 * does (lavapipe is slower than the CPU backend). */
gs_backend *gs_backend_new(gs_backend_kind kind, const gs_backend_options *options, gs_error *err);
void gs_backend_free(gs_backend *be);
gs_backend_kind gs_backend_get_kind(const gs_backend *be);
const char *gs_backend_name(const gs_backend *be);   /* "cpu", "vulkan" */
const char *gs_backend_device(const gs_backend *be); /* e.g. "OpenBLAS 0.3.21, 2 threads" */
/* Whether the backend runs the kernel named as gs_kop_name spells it ("RBF_SUM", "MATMUL", …)
 * for dtype. An op whose kernel is declined aborts with a message, so code that needs a
 * particular kernel checks here first and reports the choice of backend instead. */
bool gs_backend_supports_kernel(const gs_backend *be, const char *kernel, gs_dtype dtype);
/* Wait until every recorded kernel has run. */
void gs_backend_sync(gs_backend *be);
/* NULL while healthy; otherwise why the device stopped (sticky). */
const char *gs_backend_failure(const gs_backend *be);
/* Device time per kernel kind, for profiling: only a backend made with options.timestamps on a
 * device that has them (Vulkan) records it. Waits for the device, fills up to max entries of
 * the kernels that ran (in gs_kop order) and returns how many; 0 without timestamps. */
typedef struct gs_kernel_time {
  const char *kernel; /* "MATMUL", "ADD", … */
  uint64_t count;     /* dispatches */
  double seconds;     /* summed device time */
} gs_kernel_time;
int gs_backend_kernel_times(gs_backend *be, gs_kernel_time *out, int max);
void gs_backend_kernel_times_reset(gs_backend *be);

/* True when a Vulkan device usable under these options exists (for tests: "skipped: no Vulkan
 * device"). */
bool gs_vulkan_available(const gs_backend_options *options, char *why, size_t why_size);

#ifdef __cplusplus
}
#endif

#endif /* GS_BACKEND_H */
