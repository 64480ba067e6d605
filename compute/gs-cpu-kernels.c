/* gs-cpu-kernels.c — the CPU kernels: the typed ones come from gs-cpu-tmpl.h, instantiated for
 * float and double; copies (with dtype conversion) and row gathers are written once for all. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <tgmath.h>

#include "gs-cpu-impl.h"
#include "gs-rng.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Scratch memory per thread (a backend may be used from several threads, one context each):
 * grown as needed, kept for the thread's next kernel, freed when the thread ends. */
typedef struct scratch {
  double *p;
  size_t len;
} scratch;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *v)
{
  scratch *s = v;
  free(s->p);
  free(s);
}

static void scratch_key_init(void)
{
  GS_ASSERT(pthread_key_create(&scratch_key, scratch_free) == 0, "cpu: no thread-local key");
}

double *gs_cpu_scratch(size_t n)
{
  pthread_once(&scratch_once, scratch_key_init);
  scratch *s = pthread_getspecific(scratch_key);
  if (!s) {
    s = calloc(1, sizeof *s);
    GS_ASSERT(s && pthread_setspecific(scratch_key, s) == 0, "cpu: out of host memory");
  }
  if (n > s->len) {
    free(s->p);
    s->p = malloc(n * sizeof *s->p);
    GS_ASSERT(s->p, "cpu: out of host memory for %zu scratch elements", n);
    s->len = n;
  }
  return s->p;
}

#define T        float
#define FN(name) name##_f32
#include "gs-cpu-tmpl.h"
#undef T
#undef FN

#define T        double
#define FN(name) name##_f64
#include "gs-cpu-tmpl.h"
#undef T
#undef FN

/* Copy between any strides and any of the three dtypes (float to int truncates). */
#define COPY_ROWS(TD, TS)                                                                          \
  do {                                                                                             \
    TD *d = gs_cpu_ptr(k->dst);                                                                    \
    const TS *s = gs_cpu_ptr(k->src[0]);                                                           \
    GS_ITER_ROWS(&it, off, {                                                                       \
      TD *dr = d + off[0];                                                                         \
      const TS *sr = s + off[1];                                                                   \
      if (sd == 1 && ss == 1)                                                                      \
        for (int64_t j = 0; j < n; j++) dr[j] = (TD) sr[j];                                        \
      else                                                                                         \
        for (int64_t j = 0; j < n; j++) dr[j * sd] = (TD) sr[j * ss];                              \
    });                                                                                            \
  } while (0)

void gs_cpu_copy(const gs_kernel *k)
{
  const gs_tensor *ts[2] = {k->dst, k->src[0]};
  gs_iter it;
  gs_iter_init(&it, 2, ts);
  int L = it.nd - 1;
  int64_t n = it.shape[L], sd = it.st[0][L], ss = it.st[1][L];
  gs_dtype td = k->dst->dtype, tsrc = k->src[0]->dtype;
  if (td == GS_F32 && tsrc == GS_F32)
    COPY_ROWS(float, float);
  else if (td == GS_F32 && tsrc == GS_F64)
    COPY_ROWS(float, double);
  else if (td == GS_F32 && tsrc == GS_I32)
    COPY_ROWS(float, int32_t);
  else if (td == GS_F64 && tsrc == GS_F32)
    COPY_ROWS(double, float);
  else if (td == GS_F64 && tsrc == GS_F64)
    COPY_ROWS(double, double);
  else if (td == GS_F64 && tsrc == GS_I32)
    COPY_ROWS(double, int32_t);
  else if (td == GS_I32 && tsrc == GS_F32)
    COPY_ROWS(int32_t, float);
  else if (td == GS_I32 && tsrc == GS_F64)
    COPY_ROWS(int32_t, double);
  else
    COPY_ROWS(int32_t, int32_t);
}

/* dst (N, D) = src0 (R, D)[idx]; the same for every dtype, by element size. */
#define GATHER_ROWS(TE)                                                                            \
  do {                                                                                             \
    const TE *s = gs_cpu_ptr(a);                                                                   \
    TE *d = gs_cpu_ptr(k->dst);                                                                    \
    for (int64_t n = 0; n < N; n++) {                                                              \
      const TE *row = s + (int64_t) idx[n] * a->stride[0];                                         \
      if (s1 == 1)                                                                                 \
        memcpy(d + n * D, row, (size_t) D * sizeof(TE));                                           \
      else                                                                                         \
        for (int64_t j = 0; j < D; j++) d[n * D + j] = row[j * s1];                                \
    }                                                                                              \
  } while (0)

void gs_cpu_gather_rows(const gs_kernel *k)
{
  const gs_tensor *a = k->src[0];
  const int32_t *idx = gs_cpu_ptr(k->src[1]);
  int64_t N = k->dst->shape[0], D = k->dst->ndim > 1 ? k->dst->shape[1] : 1;
  int64_t s1 = a->ndim > 1 ? a->stride[1] : 1;
  if (a->dtype == GS_F64)
    GATHER_ROWS(uint64_t);
  else
    GATHER_ROWS(uint32_t);
}
