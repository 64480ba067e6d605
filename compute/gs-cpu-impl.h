/* gs-cpu-impl.h — private to the CPU backend: its state, the strided iterator, the kernels. */
#ifndef GS_CPU_IMPL_H
#define GS_CPU_IMPL_H

#include "gs-backend-impl.h"

/* Hot loops are compiled twice, for x86-64-v3 (AVX2, FMA) and the baseline, and the loader
 * picks one for the machine (GCC function multiversioning). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define GS_CPU_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GS_CPU_CLONES
#endif

typedef struct gs_cpu {
  int threads;
  int64_t blas_min; /* GEMMs whose M, N and K are all at least this go to OpenBLAS */
} gs_cpu;

/* Host address of element 0 of a tensor on the CPU backend. */
static inline void *gs_cpu_ptr(const gs_tensor *t)
{
  return (char *) t->storage->buffer + t->storage->byte_offset +
         (size_t) t->offset * (t->dtype == GS_F64 ? 8 : 4);
}

/* Walks operands of one shape (dst's) row by row. Dimensions of size 1 are dropped and
 * neighbours that are contiguous in every operand merged, so a row is as long as it can be. */
typedef struct gs_iter {
  int nd, nops;
  int64_t shape[GS_MAX_DIMS];
  int64_t st[4][GS_MAX_DIMS]; /* [operand][dimension], in elements */
} gs_iter;

static inline void gs_iter_init(gs_iter *it, int nops, const gs_tensor *const *ts)
{
  const gs_tensor *d = ts[0];
  int nd = 0;
  for (int k = 0; k < d->ndim; k++) {
    if (d->shape[k] == 1) continue;
    if (nd > 0) {
      bool merge = true;
      for (int o = 0; o < nops; o++)
        if (it->st[o][nd - 1] != ts[o]->stride[k] * d->shape[k]) merge = false;
      if (merge) {
        it->shape[nd - 1] *= d->shape[k];
        for (int o = 0; o < nops; o++) it->st[o][nd - 1] = ts[o]->stride[k];
        continue;
      }
    }
    it->shape[nd] = d->shape[k];
    for (int o = 0; o < nops; o++) it->st[o][nd] = ts[o]->stride[k];
    nd++;
  }
  if (nd == 0) {
    it->shape[0] = 1;
    for (int o = 0; o < nops; o++) it->st[o][0] = 1;
    nd = 1;
  }
  it->nd = nd;
  it->nops = nops;
}

static inline int64_t gs_iter_rows(const gs_iter *it)
{
  int64_t r = 1;
  for (int k = 0; k < it->nd - 1; k++) r *= it->shape[k];
  return r;
}

/* Run the body (the variadic part) once per row with off[o] the element offset of the row in
 * operand o; the row has it->shape[it->nd - 1] elements at strides it->st[o][it->nd - 1]. */
#define GS_ITER_ROWS(it, off, ...)                                                                 \
  do {                                                                                             \
    int64_t idx_[GS_MAX_DIMS] = {0};                                                               \
    int64_t off[4] = {0, 0, 0, 0};                                                                 \
    int64_t rows_ = gs_iter_rows(it);                                                              \
    for (int64_t r_ = 0; r_ < rows_; r_++) {                                                       \
      __VA_ARGS__;                                                                                 \
      for (int k_ = (it)->nd - 2; k_ >= 0; k_--) {                                                 \
        idx_[k_]++;                                                                                \
        for (int o_ = 0; o_ < (it)->nops; o_++) off[o_] += (it)->st[o_][k_];                       \
        if (idx_[k_] < (it)->shape[k_]) break;                                                     \
        for (int o_ = 0; o_ < (it)->nops; o_++) off[o_] -= (it)->st[o_][k_] * (it)->shape[k_];     \
        idx_[k_] = 0;                                                                              \
      }                                                                                            \
    }                                                                                              \
  } while (0)

/* Kernels by family; each handles F32 and F64 (and I32 where the backend says so). */
void gs_cpu_copy(const gs_kernel *k);
void gs_cpu_gather_rows(const gs_kernel *k);
void gs_cpu_kernel_f32(gs_cpu *cpu, const gs_kernel *k);
void gs_cpu_kernel_f64(gs_cpu *cpu, const gs_kernel *k);
void gs_cpu_matmul(gs_cpu *cpu, const gs_kernel *k);
void gs_cpu_rbf_sum(gs_cpu *cpu, const gs_kernel *k); /* gs-cpu-rbf.c */
/* At least n doubles of this thread's scratch memory (kernels do not nest). */
double *gs_cpu_scratch(size_t n);

#endif /* GS_CPU_IMPL_H */
