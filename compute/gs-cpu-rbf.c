/* gs-cpu-rbf.c — GS_K_RBF_SUM on the CPU: fused radial-basis kernel sums.
 *
 *   value: out[i]    = Σ_j w_j φ(r_ij)
 *   grad:  out[i, :] = Σ_j w_j ψ(r_ij) (x_i − c_j),  ψ(r) = φ'(r) / r
 *
 * with r_ij² = ‖x_i − c_j‖² + ε². No (N, M) matrix is formed: the centres are walked in blocks
 * of a few hundred, so everything a row needs stays in L1/L2.
 *
 * Distances. In low dimension (n <= RBF_DIRECT_MAX_DIM) they are taken directly, coordinate by
 * coordinate, from centres packed one coordinate per array (so the loop over centres
 * vectorises). The GEMM identity ‖x‖² + ‖c‖² − 2 x·c would lose every digit in float32 at n = 2
 * for points far from the origin. In high dimension the GEMM identity is what makes the sum
 * fast; both sides are first centred on the centres' mean, which keeps ‖x‖² and ‖c‖² small
 * relative to the distances, and a distance below the rounding of the identity counts as 0.
 *
 * Kernels are specialised for the cases the interpolant experiments use (log r, r² log r,
 * r⁴ log r, r, 1/r, r², Gaussian) with a vectorisable float log; any other power goes through
 * pow/log in double. Rows are split over the backend's threads in the direct path; in the GEMM path
 * OpenBLAS owns the threads.
 */
#include <cblas.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gs-cpu-impl.h"
#include "gs-ops.h"

enum {
  RBF_DIRECT_MAX_DIM = 16,
  RBF_BLOCK = 256,      /* centres per block in the direct path */
  RBF_TILE_ROWS = 256,  /* GEMM path tile: rows of x … */
  RBF_TILE_COLS = 1024, /* … by centres */
  RBF_MAX_THREADS = 64,
};

/* Which specialised loop evaluates φ or ψ. */
typedef enum rbf_case {
  CASE_LOG,     /* POW_LOG k = 0: φ = log r */
  CASE_TPS,     /* POW_LOG k = 2: φ = r² log r (thin plate) */
  CASE_R4LOG,   /* POW_LOG k = 4: φ = r⁴ log r (n = 2, m = 3) */
  CASE_R,       /* POW k = 1 */
  CASE_INV_R,   /* POW k = -1 */
  CASE_R2,      /* POW k = 2 */
  CASE_GAUSS,   /* exp(−r² / 2σ²) */
  CASE_GENERIC, /* any other power, in double */
} rbf_case;

typedef struct rbf_params {
  rbf_case c;
  int kind;
  double k, sigma, eps2;
  double phi0; /* the term's value at r = 0 when finite there, else 0 (excluded) */
  bool grad;
} rbf_params;

static rbf_params rbf_params_of(const gs_kernel *k)
{
  rbf_params p = {.kind = (int) k->i[0],
                  .k = k->f[0],
                  .sigma = k->f[1],
                  .eps2 = k->f[2] * k->f[2],
                  .grad = k->i[1] == 1};
  if (p.kind == GS_RBF_GAUSS) {
    p.c = CASE_GAUSS;
    p.phi0 = 1;
  } else if (p.kind == GS_RBF_POW_LOG) {
    p.c = p.k == 0 ? CASE_LOG : p.k == 2 ? CASE_TPS : p.k == 4 ? CASE_R4LOG : CASE_GENERIC;
    p.phi0 = 0; /* r^k log r → 0 for k > 0; log r excluded */
  } else {
    p.c = p.k == 1 ? CASE_R : p.k == -1 ? CASE_INV_R : p.k == 2 ? CASE_R2 : CASE_GENERIC;
    p.phi0 = p.k == 0 ? 1 : 0; /* r^k → 0 for k > 0; excluded for k < 0 */
  }
  return p;
}

/* log of a positive normal float to about 1 ulp (Cephes logf: x = 2^e (1 + f), f in
 * [√½ − 1, √2 − 1), a degree-9 polynomial), written without division or branches so that GCC
 * vectorises the loops that call it. */
static inline float rbf_logf(float x)
{
  uint32_t u;
  memcpy(&u, &x, 4);
  int e = (int) ((u >> 23) & 0xff) - 126;
  uint32_t mu = (u & 0x007fffffu) | 0x3f000000u; /* m in [0.5, 1) */
  float m;
  memcpy(&m, &mu, 4);
  bool small = m < 0.70710678f;
  e = small ? e - 1 : e;
  float f = small ? m + m - 1.0f : m - 1.0f;
  float z = f * f;
  float y = 7.0376836292e-2f;
  y = y * f - 1.1514610310e-1f;
  y = y * f + 1.1676998740e-1f;
  y = y * f - 1.2420140846e-1f;
  y = y * f + 1.4249322787e-1f;
  y = y * f - 1.6668057665e-1f;
  y = y * f + 2.0000714765e-1f;
  y = y * f - 2.4999993993e-1f;
  y = y * f + 3.3333331174e-1f;
  y = y * f * z;
  float fe = (float) e;
  y += -2.12194440e-4f * fe;
  y += -0.5f * z;
  return f + y + 0.693359375f * fe;
}

/* The backend's threads, as many as the jobs arrays hold at most. */
static int rbf_threads(const gs_cpu *cpu)
{
  return cpu->threads < 1 ? 1 : cpu->threads > RBF_MAX_THREADS ? RBF_MAX_THREADS : cpu->threads;
}

/* fn on each of jobs[0 … n) (job_size bytes apart): jobs 1 … on threads of their own, job 0 on
 * the calling thread, which also does any job whose thread cannot be had. */
static void rbf_run_jobs(void *(*fn)(void *), void *jobs, size_t job_size, int n)
{
  pthread_t tids[RBF_MAX_THREADS];
  bool started[RBF_MAX_THREADS] = {false};
  char *at = jobs;
  for (int t = 1; t < n; t++)
    started[t] = pthread_create(&tids[t], NULL, fn, at + (size_t) t * job_size) == 0;
  fn(at);
  for (int t = 1; t < n; t++) {
    if (started[t])
      pthread_join(tids[t], NULL);
    else
      fn(at + (size_t) t * job_size);
  }
}

static inline double rbf_log_d(double x)
{
  return log(x);
}

/* Scalar φ and ψ in double for the generic powers (s = r² > 0). */
static double generic_phi(const rbf_params *p, double s)
{
  double rk = pow(s, 0.5 * p->k);
  return p->kind == GS_RBF_POW_LOG ? 0.5 * rk * log(s) : rk;
}
static double generic_psi(const rbf_params *p, double s)
{
  double rk2 = pow(s, 0.5 * p->k - 1);
  return p->kind == GS_RBF_POW_LOG ? rk2 * (0.5 * p->k * log(s) + 1) : p->k * rk2;
}

#define T        float
#define FN(name) name##_f32
#define LOG(x)   rbf_logf(x)
#define EXP(x)   expf(x)
#define SQRT(x)  sqrtf(x)
#define TINY     FLT_MIN
#define EPSILON  FLT_EPSILON
#define GEMM     cblas_sgemm
#include "gs-cpu-rbf-tmpl.h"
#undef T
#undef FN
#undef LOG
#undef EXP
#undef SQRT
#undef TINY
#undef EPSILON
#undef GEMM

#define T        double
#define FN(name) name##_f64
#define LOG(x)   rbf_log_d(x)
#define EXP(x)   exp(x)
#define SQRT(x)  sqrt(x)
#define TINY     DBL_MIN
#define EPSILON  DBL_EPSILON
#define GEMM     cblas_dgemm
#include "gs-cpu-rbf-tmpl.h"
#undef T
#undef FN
#undef LOG
#undef EXP
#undef SQRT
#undef TINY
#undef EPSILON
#undef GEMM

void gs_cpu_rbf_sum(gs_cpu *cpu, const gs_kernel *k)
{
  rbf_params p = rbf_params_of(k);
  if (k->dst->dtype == GS_F64)
    rbf_run_f64(cpu, k, &p);
  else
    rbf_run_f32(cpu, k, &p);
}
