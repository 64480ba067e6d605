/* gs-cpu-gemm.c — GS_K_MATMUL on the CPU: OpenBLAS when every dimension is large enough for it
 * to pay (cpu->blas_min, measured in docs/PERFORMANCE.md), plain loops below. */
#include <cblas.h>
#include <stdlib.h>

#include "gs-cpu-impl.h"

typedef struct gemm_geom {
  int64_t B, M, K, N;
  int64_t sab, sam, sak; /* A (B0, M, K): batch, row, column strides */
  int64_t sbb, sbk, sbn; /* B (B1, K, N) */
} gemm_geom;

/* The loops for one type: C (M, N) contiguous = A (M, K) @ B (K, N) with any strides. The
 * innermost loop always runs along a contiguous row so it vectorises: along n (B's rows,
 * packed when strided) when N is not tiny; otherwise along k (dot products, eight lanes) when
 * A's rows are contiguous, or along m (A's columns, packed when strided). scratch holds at
 * least K * max(M, N) + M elements. */
#define GEMM_LOOPS(T, NAME)                                                                        \
  GS_CPU_CLONES static void NAME(const gemm_geom *g, const T *A, const T *Bm, T *restrict C,       \
                                 T *restrict tmp)                                                  \
  {                                                                                                \
    const int64_t M = g->M, K = g->K, N = g->N;                                                    \
    if (N >= 4 || M < 4) {                                                                         \
      const T *b = Bm;                                                                             \
      int64_t ldb = g->sbk;                                                                        \
      if (g->sbn != 1) { /* pack B row-major */                                                    \
        for (int64_t k = 0; k < K; k++)                                                            \
          for (int64_t n = 0; n < N; n++) tmp[k * N + n] = Bm[k * g->sbk + n * g->sbn];            \
        b = tmp;                                                                                   \
        ldb = N;                                                                                   \
      }                                                                                            \
      for (int64_t m = 0; m < M; m++) {                                                            \
        T *restrict c = C + m * N;                                                                 \
        const T a0 = A[m * g->sam]; /* k = 0 sets the row: no zeroing pass */                      \
        for (int64_t n = 0; n < N; n++) c[n] = a0 * b[n];                                          \
        for (int64_t k = 1; k < K; k++) {                                                          \
          const T a = A[m * g->sam + k * g->sak];                                                  \
          const T *restrict br = b + k * ldb;                                                      \
          for (int64_t n = 0; n < N; n++) c[n] += a * br[n];                                       \
        }                                                                                          \
      }                                                                                            \
    } else if (g->sak == 1) {                                                                      \
      for (int64_t n = 0; n < N; n++) {                                                            \
        const T *b = Bm + n * g->sbn;                                                              \
        if (g->sbk != 1) { /* pack column n */                                                     \
          for (int64_t k = 0; k < K; k++) tmp[k] = Bm[k * g->sbk + n * g->sbn];                    \
          b = tmp;                                                                                 \
        }                                                                                          \
        for (int64_t m = 0; m < M; m++) {                                                          \
          const T *restrict a = A + m * g->sam;                                                    \
          T acc[8] = {0};                                                                          \
          int64_t k = 0;                                                                           \
          for (; k + 8 <= K; k += 8)                                                               \
            for (int l = 0; l < 8; l++) acc[l] += a[k + l] * b[k + l];                             \
          T s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])); \
          for (; k < K; k++) s += a[k] * b[k];                                                     \
          C[m * N + n] = s;                                                                        \
        }                                                                                          \
      }                                                                                            \
    } else {                                                                                       \
      const T *at = A; /* column k of A, contiguous, at at + k * ldat */                           \
      int64_t ldat = g->sak;                                                                       \
      T *restrict ct = tmp + K * M;                                                                \
      if (g->sam != 1) { /* pack Aᵀ row-major */                                                 \
        for (int64_t k = 0; k < K; k++)                                                            \
          for (int64_t m = 0; m < M; m++) tmp[k * M + m] = A[m * g->sam + k * g->sak];             \
        at = tmp;                                                                                  \
        ldat = M;                                                                                  \
      }                                                                                            \
      for (int64_t n = 0; n < N; n++) {                                                            \
        for (int64_t m = 0; m < M; m++) ct[m] = 0;                                                 \
        for (int64_t k = 0; k < K; k++) {                                                          \
          const T bv = Bm[k * g->sbk + n * g->sbn];                                                \
          const T *restrict ar = at + k * ldat;                                                    \
          for (int64_t m = 0; m < M; m++) ct[m] += bv * ar[m];                                     \
        }                                                                                          \
        for (int64_t m = 0; m < M; m++) C[m * N + n] = ct[m];                                      \
      }                                                                                            \
    }                                                                                              \
  }

GEMM_LOOPS(float, gemm_loops_f32)
GEMM_LOOPS(double, gemm_loops_f64)

/* CBLAS wants each operand row-major with a leading dimension at least its row length, or the
 * transpose of that. */
static bool blas_layout(int64_t rows, int64_t cols, int64_t srow, int64_t scol,
                        CBLAS_TRANSPOSE *trans, int64_t *ld)
{
  if (scol == 1 && srow >= cols && srow >= 1) {
    *trans = CblasNoTrans;
    *ld = srow;
    return true;
  }
  if (srow == 1 && scol >= rows && scol >= 1) {
    *trans = CblasTrans;
    *ld = scol;
    return true;
  }
  return false;
}

void gs_cpu_matmul(gs_cpu *cpu, const gs_kernel *k)
{
  const gs_tensor *a = k->src[0], *b = k->src[1], *c = k->dst;
  gemm_geom g;
  int an = a->ndim, bn = b->ndim;
  g.M = a->shape[an - 2];
  g.K = a->shape[an - 1];
  g.N = b->shape[bn - 1];
  g.B = c->ndim == 3 ? c->shape[0] : 1;
  g.sam = a->stride[an - 2];
  g.sak = a->stride[an - 1];
  g.sbk = b->stride[bn - 2];
  g.sbn = b->stride[bn - 1];
  g.sab = an == 3 && a->shape[0] > 1 ? a->stride[0] : 0;
  g.sbb = bn == 3 && b->shape[0] > 1 ? b->stride[0] : 0;
  /* The stride along a dimension of size 1 is arbitrary: pick the one that keeps the operand
   * in a layout CBLAS accepts (row-major, or transposed). */
  if (g.M == 1) g.sam = g.sak == 1 ? g.K : 1;
  if (g.K == 1) {
    g.sak = g.sam == 1 && g.M > 1 ? g.M : 1;
    g.sbk = g.sbn == 1 ? g.N : 1;
  }
  if (g.N == 1) g.sbn = g.sbk == 1 && g.K > 1 ? g.K : 1;

  bool f64 = c->dtype == GS_F64;
  char *A = gs_cpu_ptr(a), *Bm = gs_cpu_ptr(b), *C = gs_cpu_ptr(c);
  size_t es = f64 ? 8 : 4;
  int64_t mn = g.M * g.N;
  if (g.K == 0) {
    for (int64_t j = 0; j < g.B * mn; j++) {
      if (f64)
        ((double *) C)[j] = 0;
      else
        ((float *) C)[j] = 0;
    }
    return;
  }

  CBLAS_TRANSPOSE ta = CblasNoTrans, tb = CblasNoTrans;
  int64_t lda = 1, ldb = 1;
  bool blas = g.M >= cpu->blas_min && g.N >= cpu->blas_min && g.K >= cpu->blas_min &&
              blas_layout(g.M, g.K, g.sam, g.sak, &ta, &lda) &&
              blas_layout(g.K, g.N, g.sbk, g.sbn, &tb, &ldb);
  void *tmp = blas ? NULL : gs_cpu_scratch((size_t) (g.K * (g.M > g.N ? g.M : g.N) + g.M));
  for (int64_t i = 0; i < g.B; i++) {
    char *ai = A + (size_t) (i * g.sab) * es, *bi = Bm + (size_t) (i * g.sbb) * es;
    char *ci = C + (size_t) (i * mn) * es;
    if (blas && f64)
      cblas_dgemm(CblasRowMajor, ta, tb, (int) g.M, (int) g.N, (int) g.K, 1.0, (const double *) ai,
                  (int) lda, (const double *) bi, (int) ldb, 0.0, (double *) ci, (int) g.N);
    else if (blas)
      cblas_sgemm(CblasRowMajor, ta, tb, (int) g.M, (int) g.N, (int) g.K, 1.0f, (const float *) ai,
                  (int) lda, (const float *) bi, (int) ldb, 0.0f, (float *) ci, (int) g.N);
    else if (f64)
      gemm_loops_f64(&g, (const double *) ai, (const double *) bi, (double *) ci, tmp);
    else
      gemm_loops_f32(&g, (const float *) ai, (const float *) bi, (float *) ci, tmp);
  }
}
