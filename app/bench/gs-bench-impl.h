/* gs-bench-impl.h — private to app/bench: the options every workload gets, and its shape. */
#ifndef GS_BENCH_IMPL_H
#define GS_BENCH_IMPL_H

#include <glib.h>

#include "gs-compute.h"

typedef struct {
  gs_backend *be;
  gs_backend_kind kind;
  int threads;       /* as asked (0 = all cores) */
  int repeat;        /* timed runs */
  gint64 iterations; /* per run, for iteration-based workloads (0 = the workload's default) */
  int size;          /* gemm: the size of the summary line */
  const char *data;  /* Fashion-MNIST folder */
} GsBenchOptions;

/* One workload: run() fills samples with one value per timed repeat (in unit), after any
 * warm-up it wants, printing detail lines as it goes. */
typedef struct {
  const char *name;
  const char *unit;
  const char *summary;
  gboolean (*run)(const GsBenchOptions *o, GArray *samples, GError **error);
} GsBenchWorkload;

/* Seconds on a monotonic clock. */
double gs_bench_now(void);
/* Median of n doubles (sorts them). */
double gs_bench_median(double *v, guint n);
/* Print "label value unit" with C-locale numbers. */
void gs_bench_print(const char *label, double value, const char *unit);

gboolean gs_bench_gemm(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_gemm_crossover(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_gan2d(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_gan2d_gp(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_gan2d_memory(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_landscape(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_ops(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_landscape_train(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_landscape_frame(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_landscape_live(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_at_epoch(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_figure_frame(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_rbf_sum(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_rbf_sum_784(const GsBenchOptions *o, GArray *samples, GError **error);
gboolean gs_bench_vulkan_start(const GsBenchOptions *o, GArray *samples, GError **error);

#endif /* GS_BENCH_IMPL_H */
