/* gs-cpu-rbf-tmpl.h — the typed half of gs-cpu-rbf.c, included once for float and once for
 * double with T, FN, LOG, EXP, SQRT, TINY, EPSILON and GEMM defined. Not a public header. */

/* t[j] = w[j] φ(s[j]) (value) or w[j] ψ(s[j]) (grad) for s = r² + ε², len a multiple of 8.
 * s below TINY is a coincident pair: φ's finite limit times w, or nothing, and no gradient. */
#define RBF_EVAL(PHI, PSI)                                                                         \
  do {                                                                                             \
    if (p->grad) {                                                                                 \
      for (int64_t j = 0; j < len; j++) {                                                          \
        T sj = s[j];                                                                               \
        bool z = sj < TINY;                                                                        \
        T ss = z ? (T) 1 : sj;                                                                     \
        T v = PSI;                                                                                 \
        (void) ss;                                                                                 \
        t[j] = z ? (T) 0 : w[j] * v;                                                               \
      }                                                                                            \
    } else {                                                                                       \
      for (int64_t j = 0; j < len; j++) {                                                          \
        T sj = s[j];                                                                               \
        bool z = sj < TINY;                                                                        \
        T ss = z ? (T) 1 : sj;                                                                     \
        T v = PHI;                                                                                 \
        t[j] = z ? w[j] * phi0 : w[j] * v;                                                         \
      }                                                                                            \
    }                                                                                              \
  } while (0)

GS_CPU_CLONES
static void FN(rbf_eval)(const rbf_params *p, const T *s, const T *w, T *t, int64_t len)
{
  const T phi0 = (T) p->phi0;
  const T inv2s2 = (T) (0.5 / (p->sigma * p->sigma)), inv_s2 = (T) (1.0 / (p->sigma * p->sigma));
  switch (p->c) {
  case CASE_LOG: /* φ = ½ log s, ψ = 1/s */
    RBF_EVAL((T) 0.5 * LOG(ss), (T) 1 / ss);
    break;
  case CASE_TPS: /* φ = ½ s log s, ψ = log s + 1 */
    RBF_EVAL((T) 0.5 * ss * LOG(ss), LOG(ss) + (T) 1);
    break;
  case CASE_R4LOG: /* φ = ½ s² log s, ψ = s (2 log s + 1) */
    RBF_EVAL((T) 0.5 * ss * ss * LOG(ss), ss * ((T) 2 * LOG(ss) + (T) 1));
    break;
  case CASE_R: /* φ = √s, ψ = 1/√s */
    RBF_EVAL(SQRT(ss), (T) 1 / SQRT(ss));
    break;
  case CASE_INV_R: /* φ = 1/√s, ψ = −s^(−3/2) */
    RBF_EVAL((T) 1 / SQRT(ss), (T) -1 / (ss * SQRT(ss)));
    break;
  case CASE_R2:
    RBF_EVAL(ss, (T) 2);
    break;
  case CASE_GAUSS:
    RBF_EVAL(EXP(-ss * inv2s2), -inv_s2 * EXP(-ss * inv2s2));
    break;
  case CASE_GENERIC:
    RBF_EVAL((T) generic_phi(p, (double) ss), (T) generic_psi(p, (double) ss));
    break;
  }
}
#undef RBF_EVAL

/* --- direct distances (low dimension) ------------------------------------------------------ */

typedef struct FN(rbf_job) {
  const rbf_params *p;
  const T *x;  /* (N, n) */
  const T *ct; /* (n, Mp): coordinate d of centre j at ct[d * Mp + j], zero-padded */
  const T *wp; /* (Mp), zero-padded */
  int64_t n, Mp, i0, i1;
  T *out; /* (N) or (N, n) */
} FN(rbf_job);

GS_CPU_CLONES
static void FN(rbf_direct_rows)(const FN(rbf_job) * job)
{
  const rbf_params *p = job->p;
  const int64_t n = job->n, Mp = job->Mp;
  const T eps2 = (T) p->eps2;
  T s[RBF_BLOCK], t[RBF_BLOCK];
  for (int64_t i = job->i0; i < job->i1; i++) {
    const T *xi = job->x + i * n;
    double acc[8] = {0};
    double gacc[RBF_DIRECT_MAX_DIM][8];
    memset(gacc, 0, sizeof gacc);
    for (int64_t j0 = 0; j0 < Mp; j0 += RBF_BLOCK) {
      int64_t len = Mp - j0 < RBF_BLOCK ? Mp - j0 : RBF_BLOCK;
      for (int64_t j = 0; j < len; j++) s[j] = eps2;
      for (int64_t d = 0; d < n; d++) {
        const T xd = xi[d], *cd = job->ct + d * Mp + j0;
        for (int64_t j = 0; j < len; j++) {
          T dd = xd - cd[j];
          s[j] += dd * dd;
        }
      }
      FN(rbf_eval)(p, s, job->wp + j0, t, len);
      if (!p->grad) {
        for (int64_t j = 0; j < len; j += 8)
          for (int l = 0; l < 8; l++) acc[l] += (double) t[j + l];
      } else {
        for (int64_t d = 0; d < n; d++) {
          const T xd = xi[d], *cd = job->ct + d * Mp + j0;
          for (int64_t j = 0; j < len; j += 8)
            for (int l = 0; l < 8; l++) gacc[d][l] += (double) (t[j + l] * (xd - cd[j + l]));
        }
      }
    }
    if (!p->grad) {
      double sum = 0;
      for (int l = 0; l < 8; l++) sum += acc[l];
      job->out[i] = (T) sum;
    } else {
      for (int64_t d = 0; d < n; d++) {
        double sum = 0;
        for (int l = 0; l < 8; l++) sum += gacc[d][l];
        job->out[i * n + d] = (T) sum;
      }
    }
  }
}

static void *FN(rbf_direct_thread)(void *arg)
{
  FN(rbf_direct_rows)(arg);
  return NULL;
}

static void FN(rbf_direct)(gs_cpu *cpu, const rbf_params *p, const T *x, const T *c, const T *w,
                           int64_t N, int64_t M, int64_t n, T *out)
{
  int64_t Mp = (M + 7) / 8 * 8;
  if (Mp == 0) Mp = 8;
  T *ct = (T *) gs_cpu_scratch((size_t) (((n + 1) * Mp * sizeof(T) + 7) / 8));
  T *wp = ct + n * Mp;
  for (int64_t d = 0; d < n; d++)
    for (int64_t j = 0; j < Mp; j++) ct[d * Mp + j] = j < M ? c[j * n + d] : (T) 0;
  for (int64_t j = 0; j < Mp; j++) wp[j] = j < M ? w[j] : (T) 0;

  int threads = rbf_threads(cpu);
  /* a thread costs tens of microseconds: only split sums worth several milliseconds */
  if ((double) N * (double) Mp * (double) n < 4e6 || N < 2 * threads) threads = 1;
  FN(rbf_job) jobs[RBF_MAX_THREADS];
  for (int t = 0; t < threads; t++)
    jobs[t] = (FN(rbf_job)){.p = p,
                            .x = x,
                            .ct = ct,
                            .wp = wp,
                            .n = n,
                            .Mp = Mp,
                            .i0 = N * t / threads,
                            .i1 = N * (t + 1) / threads,
                            .out = out};
  rbf_run_jobs(FN(rbf_direct_thread), jobs, sizeof jobs[0], threads);
}

/* --- GEMM distances on centred data (high dimension) --------------------------------------- */

/* One tile's rows after its product: distances, the kernel and the row sums. */
typedef struct FN(rbf_tile_job) {
  const rbf_params *p;
  const T *xn, *cn, *w; /* row and centre squared norms from the tile's first row / centre */
  T *tile;              /* (ib, jp): x·c on entry; the terms t on exit (the gradient's input) */
  int64_t r0, r1, jb, jp;
  T *s, *q0; /* (jp) scratch of this job */
  double *rowsum;
} FN(rbf_tile_job);

GS_CPU_CLONES
static void FN(rbf_tile_rows)(const FN(rbf_tile_job) * job)
{
  const rbf_params *p = job->p;
  const int64_t jb = job->jb, jp = job->jp;
  const T eps2 = (T) p->eps2, tol_scale = (T) (8 * EPSILON);
  T *s = job->s, *q0 = job->q0;
  for (int64_t r = job->r0; r < job->r1; r++) {
    T *row = job->tile + r * jp;
    const T xr = job->xn[r];
    for (int64_t j = 0; j < jb; j++) {
      T cj = job->cn[j];
      T q = xr + cj - (T) 2 * row[j];
      /* below the rounding of the identity the points coincide */
      q = q <= tol_scale * (xr + cj) ? (T) 0 : q;
      q0[j] = q;
      s[j] = q + eps2;
    }
    for (int64_t j = jb; j < jp; j++) s[j] = (T) 1;
    /* padding lanes carry weight 0 */
    T wtail[8];
    int64_t body = jb / 8 * 8;
    FN(rbf_eval)(p, s, job->w, row, body);
    if (jp > body) {
      for (int64_t l = 0; l < 8; l++) wtail[l] = body + l < jb ? job->w[body + l] : (T) 0;
      FN(rbf_eval)(p, s + body, wtail, row + body, 8);
    }
    for (int64_t j = jb; j < jp; j++) row[j] = 0;
    /* a softened self term has a large ψ but x − c = 0: leave it out of x Σ t − Σ t c,
     * where it would only add rounding */
    if (p->grad)
      for (int64_t j = 0; j < jb; j++) row[j] = q0[j] == 0 ? (T) 0 : row[j];
    /* eight partial sums: one chain of dependent adds would cost more than the kernel */
    double acc[8] = {0};
    for (int64_t j = 0; j < jp; j += 8)
      for (int l = 0; l < 8; l++) acc[l] += (double) row[j + l];
    double sum = 0;
    for (int l = 0; l < 8; l++) sum += acc[l];
    job->rowsum[r] += sum;
  }
}

static void *FN(rbf_tile_thread)(void *arg)
{
  FN(rbf_tile_rows)(arg);
  return NULL;
}

/* out = rows − mean, and each centred row's squared norm. */
static void FN(rbf_centre_rows)(const T *rows, int64_t count, int64_t n, const double *mean, T *out,
                                T *norms)
{
  for (int64_t i = 0; i < count; i++) {
    double q = 0;
    for (int64_t d = 0; d < n; d++) {
      T v = (T) ((double) rows[i * n + d] - mean[d]);
      out[i * n + d] = v;
      q += (double) v * (double) v;
    }
    norms[i] = (T) q;
  }
}

GS_CPU_CLONES
static void FN(rbf_gemm)(gs_cpu *cpu, const rbf_params *p, const T *x, const T *c, const T *w,
                         int64_t N, int64_t M, int64_t n, T *out)
{
  const int64_t IB = RBF_TILE_ROWS, JB = RBF_TILE_COLS;
  const int threads = rbf_threads(cpu);
  size_t elems = (size_t) (N * n + M * n + N + M + IB * JB + IB * n + 2 * JB * threads);
  size_t words = (elems * sizeof(T) + 7) / 8; /* in doubles, then the mean and IB row sums */
  double *scratch = gs_cpu_scratch(words + (size_t) (n + IB));
  T *xc = (T *) scratch, *cc = xc + N * n, *xn = cc + M * n, *cn = xn + N, *tile = cn + M;
  T *gt = tile + IB * JB, *buf = gt + IB * n; /* buf: s and q0 for each thread */
  double *mean = scratch + words, *rowsum = mean + n;

  /* centre both sides on the centres' mean (row by row: a column walk would miss the cache
   * on every element at n = 784) */
  memset(mean, 0, sizeof(double) * (size_t) n);
  for (int64_t j = 0; j < M; j++)
    for (int64_t d = 0; d < n; d++) mean[d] += (double) c[j * n + d];
  for (int64_t d = 0; d < n; d++) mean[d] = M > 0 ? mean[d] / (double) M : 0;
  FN(rbf_centre_rows)(c, M, n, mean, cc, cn);
  FN(rbf_centre_rows)(x, N, n, mean, xc, xn);

  for (int64_t i0 = 0; i0 < N; i0 += IB) {
    int64_t ib = N - i0 < IB ? N - i0 : IB;
    for (int64_t r = 0; r < ib; r++) rowsum[r] = 0;
    if (p->grad) memset(gt, 0, sizeof(T) * (size_t) (ib * n));
    for (int64_t j0 = 0; j0 < M; j0 += JB) {
      int64_t jb = M - j0 < JB ? M - j0 : JB;
      int64_t jp = (jb + 7) / 8 * 8;
      /* tile (ib, jb) = xc[i0:] · cc[j0:]ᵀ */
      GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, (int) ib, (int) jb, (int) n, (T) 1, xc + i0 * n,
           (int) n, cc + j0 * n, (int) n, (T) 0, tile, (int) jp);
      /* OpenBLAS's threads are idle now: the kernel pass takes the rows in as many slices */
      int used = ib >= 2 * threads ? threads : 1;
      FN(rbf_tile_job) jobs[RBF_MAX_THREADS];
      for (int t = 0; t < used; t++)
        jobs[t] = (FN(rbf_tile_job)){.p = p,
                                     .xn = xn + i0,
                                     .cn = cn + j0,
                                     .w = w + j0,
                                     .tile = tile,
                                     .r0 = ib * t / used,
                                     .r1 = ib * (t + 1) / used,
                                     .jb = jb,
                                     .jp = jp,
                                     .s = buf + 2 * JB * t,
                                     .q0 = buf + 2 * JB * t + JB,
                                     .rowsum = rowsum};
      rbf_run_jobs(FN(rbf_tile_thread), jobs, sizeof jobs[0], used);
      if (p->grad) /* gt (ib, n) += tile (ib, jb) · cc[j0:] (jb, n) */
        GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) ib, (int) n, (int) jb, (T) 1, tile,
             (int) jp, cc + j0 * n, (int) n, (T) 1, gt, (int) n);
    }
    for (int64_t r = 0; r < ib; r++) {
      if (!p->grad) {
        out[i0 + r] = (T) rowsum[r];
      } else {
        /* Σ_j t_j (x − c_j) = x Σ_j t_j − Σ_j t_j c_j, all centred */
        for (int64_t d = 0; d < n; d++)
          out[(i0 + r) * n + d] =
              (T) ((double) xc[(i0 + r) * n + d] * rowsum[r] - (double) gt[r * n + d]);
      }
    }
  }
}

static void FN(rbf_run)(gs_cpu *cpu, const gs_kernel *k, const rbf_params *p)
{
  const gs_tensor *xt = k->src[0], *ctn = k->src[1];
  int64_t N = xt->shape[0], n = xt->shape[1], M = ctn->shape[0];
  const T *x = gs_cpu_ptr(xt), *c = gs_cpu_ptr(ctn), *w = gs_cpu_ptr(k->src[2]);
  T *out = gs_cpu_ptr(k->dst);
  if (N == 0) return;
  if (n <= RBF_DIRECT_MAX_DIM)
    FN(rbf_direct)(cpu, p, x, c, w, N, M, n, out);
  else
    FN(rbf_gemm)(cpu, p, x, c, w, N, M, n, out);
}
