/* gs-cpu-tmpl.h — the CPU kernels for one floating type, included by gs-cpu-kernels.c once per
 * type with T (float or double) and FN(name) (name_f32 or name_f64) defined. <tgmath.h> makes
 * exp(), log(), … pick the function of T's precision. */

/* --- elementwise --------------------------------------------------------------------------- */

static void FN(fill)(const gs_kernel *k)
{
  T v = (T) k->f[0];
  T *d = gs_cpu_ptr(k->dst);
  int64_t n = gs_numel(k->dst);
  for (int64_t j = 0; j < n; j++) d[j] = v;
}

/* One loop per op over every row, in a contiguous and a strided version; x is the element, a
 * and b the scalar parameters. The switch runs once per kernel, not once per row. */
#define UNARY_CASE(K, EXPR)                                                                        \
  case K:                                                                                          \
    GS_ITER_ROWS(&it, off, {                                                                       \
      T *d = D + off[0];                                                                           \
      const T *s = S + off[1];                                                                     \
      if (ds == 1 && ss == 1)                                                                      \
        for (int64_t j = 0; j < n; j++) {                                                          \
          T x = s[j];                                                                              \
          d[j] = (EXPR);                                                                           \
        }                                                                                          \
      else                                                                                         \
        for (int64_t j = 0; j < n; j++) {                                                          \
          T x = s[j * ss];                                                                         \
          d[j * ds] = (EXPR);                                                                      \
        }                                                                                          \
    });                                                                                            \
    break;

static inline T FN(sigmoid1)(T x)
{
  if (x >= 0) return 1 / (1 + exp(-x));
  T e = exp(x);
  return e / (1 + e);
}

GS_CPU_CLONES static void FN(unary)(const gs_kernel *k)
{
  const gs_tensor *ts[2] = {k->dst, k->src[0]};
  gs_iter it;
  gs_iter_init(&it, 2, ts);
  T *D = gs_cpu_ptr(k->dst);
  const T *S = gs_cpu_ptr(k->src[0]);
  const int L = it.nd - 1;
  const int64_t n = it.shape[L], ds = it.st[0][L], ss = it.st[1][L];
  const T a = (T) k->f[0], b = (T) k->f[1];
  switch (k->op) {
    UNARY_CASE(GS_K_NEG, -x)
    UNARY_CASE(GS_K_EXP, exp(x))
    UNARY_CASE(GS_K_LOG, log(x))
    UNARY_CASE(GS_K_SQRT, sqrt(x))
    UNARY_CASE(GS_K_SQUARE, x * x)
    UNARY_CASE(GS_K_ABS, fabs(x))
    UNARY_CASE(GS_K_SIGN, (T) ((x > 0) - (x < 0)))
    UNARY_CASE(GS_K_RELU, x > 0 ? x : 0)
    UNARY_CASE(GS_K_LEAKY_RELU, x * (x > 0 ? (T) 1 : a))
    UNARY_CASE(GS_K_ELU, x > 0 ? x : a * expm1(x))
    UNARY_CASE(GS_K_TANH, tanh(x))
    UNARY_CASE(GS_K_SIGMOID, FN(sigmoid1)(x))
    UNARY_CASE(GS_K_SOFTPLUS, (x > 0 ? x : 0) + log1p(exp(-fabs(x))))
    UNARY_CASE(GS_K_SILU, x * FN(sigmoid1)(x))
    UNARY_CASE(GS_K_STEP, x > a ? 1 : 0)
    UNARY_CASE(GS_K_LEAKY_STEP, x > 0 ? 1 : a)
    UNARY_CASE(GS_K_CLAMP_MASK, (a <= x && x <= b) ? 1 : 0)
    UNARY_CASE(GS_K_ADD_SCALAR, x + a)
    UNARY_CASE(GS_K_MUL_SCALAR, x * a)
    UNARY_CASE(GS_K_RSUB_SCALAR, a - x)
    UNARY_CASE(GS_K_POW_SCALAR, pow(x, a))
    UNARY_CASE(GS_K_MIN_SCALAR, x < a ? x : a)
    UNARY_CASE(GS_K_MAX_SCALAR, x > a ? x : a)
    UNARY_CASE(GS_K_CLAMP, x < a ? a : (x > b ? b : x))
  default:
    gs_abortf("cpu: %s is not a unary kernel", gs_kop_name(k->op));
  }
}
#undef UNARY_CASE

#define BINARY_CASE(K, EXPR)                                                                       \
  case K:                                                                                          \
    GS_ITER_ROWS(&it, off, {                                                                       \
      T *d = D + off[0];                                                                           \
      const T *pa = A + off[1], *pb = B + off[2];                                                  \
      if (ds == 1 && sa == 1 && sb == 1)                                                           \
        for (int64_t j = 0; j < n; j++) {                                                          \
          T x = pa[j], y = pb[j];                                                                  \
          d[j] = (EXPR);                                                                           \
        }                                                                                          \
      else if (ds == 1 && sa == 1 && sb == 0) {                                                    \
        T y = pb[0];                                                                               \
        for (int64_t j = 0; j < n; j++) {                                                          \
          T x = pa[j];                                                                             \
          d[j] = (EXPR);                                                                           \
        }                                                                                          \
      } else if (ds == 1 && sa == 0 && sb == 1) {                                                  \
        T x = pa[0];                                                                               \
        for (int64_t j = 0; j < n; j++) {                                                          \
          T y = pb[j];                                                                             \
          d[j] = (EXPR);                                                                           \
        }                                                                                          \
      } else                                                                                       \
        for (int64_t j = 0; j < n; j++) {                                                          \
          T x = pa[j * sa], y = pb[j * sb];                                                        \
          d[j * ds] = (EXPR);                                                                      \
        }                                                                                          \
    });                                                                                            \
    break;

GS_CPU_CLONES static void FN(binary)(const gs_kernel *k)
{
  const gs_tensor *ts[3] = {k->dst, k->src[0], k->src[1]};
  gs_iter it;
  gs_iter_init(&it, 3, ts);
  T *D = gs_cpu_ptr(k->dst);
  const T *A = gs_cpu_ptr(k->src[0]), *B = gs_cpu_ptr(k->src[1]);
  const int L = it.nd - 1;
  const int64_t n = it.shape[L], ds = it.st[0][L], sa = it.st[1][L], sb = it.st[2][L];
  const T slope = (T) k->f[0];
  switch (k->op) {
    BINARY_CASE(GS_K_ADD, x + y)
    BINARY_CASE(GS_K_SUB, x - y)
    BINARY_CASE(GS_K_MUL, x * y)
    BINARY_CASE(GS_K_DIV, x / y)
    BINARY_CASE(GS_K_POW, pow(x, y))
    BINARY_CASE(GS_K_MINIMUM, x < y ? x : y)
    BINARY_CASE(GS_K_MAXIMUM, x > y ? x : y)
    BINARY_CASE(GS_K_CMP_GT, x > y ? 1 : 0)
    BINARY_CASE(GS_K_CMP_GE, x >= y ? 1 : 0)
    BINARY_CASE(GS_K_CMP_EQ, x == y ? 1 : 0)
    BINARY_CASE(GS_K_ADD_LEAKY_RELU, (x + y) * (x + y > 0 ? (T) 1 : slope))
    BINARY_CASE(GS_K_MUL_LEAKY_STEP, x * (y > 0 ? (T) 1 : slope))
  default:
    gs_abortf("cpu: %s is not a binary kernel", gs_kop_name(k->op));
  }
}
#undef BINARY_CASE

static void FN(where)(const gs_kernel *k)
{
  const gs_tensor *ts[4] = {k->dst, k->src[0], k->src[1], k->src[2]};
  gs_iter it;
  gs_iter_init(&it, 4, ts);
  T *d = gs_cpu_ptr(k->dst);
  const T *c = gs_cpu_ptr(k->src[0]), *a = gs_cpu_ptr(k->src[1]), *b = gs_cpu_ptr(k->src[2]);
  int L = it.nd - 1;
  int64_t n = it.shape[L], sd = it.st[0][L], sc = it.st[1][L], sa = it.st[2][L], sb = it.st[3][L];
  GS_ITER_ROWS(&it, off, {
    for (int64_t j = 0; j < n; j++)
      d[off[0] + j * sd] = c[off[1] + j * sc] != 0 ? a[off[2] + j * sa] : b[off[3] + j * sb];
  });
}

/* --- reductions ---------------------------------------------------------------------------- */

/* SUM (accumulated in double) or MAX over one axis of a source of any strides. */
static void FN(reduce)(gs_cpu *cpu, const gs_kernel *k)
{
  const gs_tensor *src = k->src[0];
  int axis = (int) k->i[0];
  int64_t R = src->shape[axis], sr = src->stride[axis];
  gs_tensor outer = *src; /* the source with the reduced axis collapsed: one row per output */
  outer.shape[axis] = 1;
  const gs_tensor *ts[2] = {k->dst, &outer};
  gs_iter it;
  gs_iter_init(&it, 2, ts);
  T *d = gs_cpu_ptr(k->dst);
  const T *s = gs_cpu_ptr(src);
  int L = it.nd - 1;
  int64_t n = it.shape[L], sd = it.st[0][L], ss = it.st[1][L];
  bool is_sum = k->op == GS_K_SUM;
  bool along = sr == 1 || n == 1; /* reduce each element's run directly */
  double *acc = along ? NULL : gs_cpu_scratch((size_t) n);
  GS_ITER_ROWS(&it, off, {
    const T *row = s + off[1];
    T *out = d + off[0];
    if (along) {
      for (int64_t j = 0; j < n; j++) {
        const T *p = row + j * ss;
        if (is_sum) {
          double a = 0;
          for (int64_t r = 0; r < R; r++) a += p[r * sr];
          out[j * sd] = (T) a;
        } else {
          T m = R ? p[0] : (T) -INFINITY;
          for (int64_t r = 1; r < R; r++) m = p[r * sr] > m ? p[r * sr] : m;
          out[j * sd] = m;
        }
      }
    } else if (is_sum) {
      for (int64_t j = 0; j < n; j++) acc[j] = 0;
      for (int64_t r = 0; r < R; r++) {
        const T *p = row + r * sr;
        if (ss == 1)
          for (int64_t j = 0; j < n; j++) acc[j] += p[j];
        else
          for (int64_t j = 0; j < n; j++) acc[j] += p[j * ss];
      }
      for (int64_t j = 0; j < n; j++) out[j * sd] = (T) acc[j];
    } else {
      for (int64_t j = 0; j < n; j++) acc[j] = R ? row[j * ss] : -INFINITY;
      for (int64_t r = 1; r < R; r++) {
        const T *p = row + r * sr;
        for (int64_t j = 0; j < n; j++) acc[j] = p[j * ss] > acc[j] ? p[j * ss] : acc[j];
      }
      for (int64_t j = 0; j < n; j++) out[j * sd] = (T) acc[j];
    }
  });
}

/* Softmax or log-softmax over the last axis of a contiguous source. */
static void FN(softmax)(const gs_kernel *k)
{
  const gs_tensor *src = k->src[0];
  int64_t C = src->ndim ? src->shape[src->ndim - 1] : 1;
  int64_t rows = C ? gs_numel(src) / C : 0;
  const T *s = gs_cpu_ptr(src);
  T *d = gs_cpu_ptr(k->dst);
  bool logsm = k->op == GS_K_LOG_SOFTMAX;
  for (int64_t r = 0; r < rows; r++, s += C, d += C) {
    T m = s[0];
    for (int64_t j = 1; j < C; j++) m = s[j] > m ? s[j] : m;
    double sum = 0;
    if (logsm) {
      for (int64_t j = 0; j < C; j++) sum += exp(s[j] - m);
      T lse = m + (T) log(sum);
      for (int64_t j = 0; j < C; j++) d[j] = s[j] - lse;
    } else {
      for (int64_t j = 0; j < C; j++) {
        d[j] = exp(s[j] - m);
        sum += d[j];
      }
      T inv = (T) (1.0 / sum);
      for (int64_t j = 0; j < C; j++) d[j] *= inv;
    }
  }
}

/* --- indexing ------------------------------------------------------------------------------ */

static void FN(pick)(const gs_kernel *k)
{
  const gs_tensor *a = k->src[0];
  const int32_t *idx = gs_cpu_ptr(k->src[1]);
  const T *s = gs_cpu_ptr(a);
  T *d = gs_cpu_ptr(k->dst);
  int64_t N = a->shape[0];
  for (int64_t n = 0; n < N; n++) d[n] = s[n * a->stride[0] + idx[n] * a->stride[1]];
}

static void FN(unpick)(const gs_kernel *k)
{
  const gs_tensor *g = k->src[0];
  const int32_t *idx = gs_cpu_ptr(k->src[1]);
  const T *s = gs_cpu_ptr(g);
  T *d = gs_cpu_ptr(k->dst);
  int64_t N = k->dst->shape[0], C = k->dst->shape[1];
  for (int64_t j = 0; j < N * C; j++) d[j] = 0;
  for (int64_t n = 0; n < N; n++) d[n * C + idx[n]] = s[n * g->stride[0]];
}

static void FN(scatter_add_rows)(const gs_kernel *k)
{
  const gs_tensor *g = k->src[0];
  const int32_t *idx = gs_cpu_ptr(k->src[1]);
  const T *s = gs_cpu_ptr(g);
  T *d = gs_cpu_ptr(k->dst);
  int64_t R = k->dst->shape[0], D = k->dst->ndim > 1 ? k->dst->shape[1] : 1;
  int64_t N = g->shape[0], s0 = g->stride[0], s1 = g->ndim > 1 ? g->stride[1] : 0;
  for (int64_t j = 0; j < R * D; j++) d[j] = 0;
  for (int64_t n = 0; n < N; n++) {
    T *row = d + (int64_t) idx[n] * D;
    for (int64_t j = 0; j < D; j++) row[j] += s[n * s0 + j * s1];
  }
}

/* --- convolution helpers and pooling (NCHW, contiguous) ------------------------------------ */

static void FN(im2col)(const gs_kernel *k, bool adjoint)
{
  /* im2col: image = src0, cols = dst; col2im: cols = src0, image = dst (summing overlaps) */
  const gs_tensor *img_t = adjoint ? k->dst : k->src[0];
  int64_t N = img_t->shape[0], C = img_t->shape[1], H = img_t->shape[2], W = img_t->shape[3];
  int64_t kh = k->i[0], kw = k->i[1], stride = k->i[2], pad = k->i[3];
  int64_t OH = (H + 2 * pad - kh) / stride + 1, OW = (W + 2 * pad - kw) / stride + 1;
  T *img = adjoint ? gs_cpu_ptr(k->dst) : (T *) gs_cpu_ptr(k->src[0]);
  T *cols = adjoint ? (T *) gs_cpu_ptr(k->src[0]) : gs_cpu_ptr(k->dst);
  if (adjoint)
    for (int64_t j = 0; j < N * C * H * W; j++) img[j] = 0;
  for (int64_t n = 0; n < N; n++)
    for (int64_t c = 0; c < C; c++)
      for (int64_t ky = 0; ky < kh; ky++)
        for (int64_t kx = 0; kx < kw; kx++) {
          T *col = cols + ((n * C + c) * kh * kw + ky * kw + kx) * OH * OW;
          T *plane = img + (n * C + c) * H * W;
          for (int64_t oy = 0; oy < OH; oy++) {
            int64_t y = oy * stride - pad + ky;
            T *crow = col + oy * OW;
            if (y < 0 || y >= H) {
              if (!adjoint)
                for (int64_t ox = 0; ox < OW; ox++) crow[ox] = 0;
              continue;
            }
            T *irow = plane + y * W;
            for (int64_t ox = 0; ox < OW; ox++) {
              int64_t x = ox * stride - pad + kx;
              bool inside = x >= 0 && x < W;
              if (adjoint) {
                if (inside) irow[x] += crow[ox];
              } else {
                crow[ox] = inside ? irow[x] : 0;
              }
            }
          }
        }
}

static void FN(max_pool)(const gs_kernel *k)
{
  const gs_tensor *x = k->src[0];
  int64_t NC = x->shape[0] * x->shape[1], H = x->shape[2], W = x->shape[3];
  int64_t K = k->i[0], stride = k->i[1], pad = k->i[2];
  int64_t OH = k->dst->shape[2], OW = k->dst->shape[3];
  const T *s = gs_cpu_ptr(x);
  T *d = gs_cpu_ptr(k->dst);
  int32_t *arg = gs_cpu_ptr(k->dst2);
  for (int64_t p = 0; p < NC; p++) {
    const T *plane = s + p * H * W;
    for (int64_t oy = 0; oy < OH; oy++)
      for (int64_t ox = 0; ox < OW; ox++) {
        T best = (T) -INFINITY;
        int32_t at = -1;
        for (int64_t ky = 0; ky < K; ky++) {
          int64_t y = oy * stride - pad + ky;
          if (y < 0 || y >= H) continue;
          for (int64_t kx = 0; kx < K; kx++) {
            int64_t xx = ox * stride - pad + kx;
            if (xx < 0 || xx >= W) continue;
            T v = plane[y * W + xx];
            if (at < 0 || v > best) {
              best = v;
              at = (int32_t) (y * W + xx);
            }
          }
        }
        d[(p * OH + oy) * OW + ox] = best;
        arg[(p * OH + oy) * OW + ox] = at;
      }
  }
}

static void FN(pool_scatter)(const gs_kernel *k)
{
  const T *g = gs_cpu_ptr(k->src[0]);
  const int32_t *idx = gs_cpu_ptr(k->src[1]);
  T *d = gs_cpu_ptr(k->dst);
  int64_t NC = k->dst->shape[0] * k->dst->shape[1], HW = k->dst->shape[2] * k->dst->shape[3];
  int64_t OHW = k->src[0]->shape[2] * k->src[0]->shape[3];
  for (int64_t j = 0; j < NC * HW; j++) d[j] = 0;
  for (int64_t p = 0; p < NC; p++)
    for (int64_t o = 0; o < OHW; o++) d[p * HW + idx[p * OHW + o]] += g[p * OHW + o];
}

static void FN(pool_gather)(const gs_kernel *k)
{
  const T *g = gs_cpu_ptr(k->src[0]);
  const int32_t *idx = gs_cpu_ptr(k->src[1]);
  T *d = gs_cpu_ptr(k->dst);
  int64_t NC = k->dst->shape[0] * k->dst->shape[1], OHW = k->dst->shape[2] * k->dst->shape[3];
  int64_t HW = k->src[0]->shape[2] * k->src[0]->shape[3];
  for (int64_t p = 0; p < NC; p++)
    for (int64_t o = 0; o < OHW; o++) d[p * OHW + o] = g[p * HW + idx[p * OHW + o]];
}

static void FN(avg_pool)(const gs_kernel *k, bool adjoint)
{
  /* forward: image = src0, pooled = dst; adjoint: pooled = src0, image = dst */
  const gs_tensor *img_t = adjoint ? k->dst : k->src[0];
  const gs_tensor *pool_t = adjoint ? k->src[0] : k->dst;
  int64_t NC = img_t->shape[0] * img_t->shape[1], H = img_t->shape[2], W = img_t->shape[3];
  int64_t OH = pool_t->shape[2], OW = pool_t->shape[3];
  int64_t K = k->i[0], stride = k->i[1], pad = k->i[2];
  T *img = adjoint ? gs_cpu_ptr(k->dst) : (T *) gs_cpu_ptr(k->src[0]);
  T *pool = adjoint ? (T *) gs_cpu_ptr(k->src[0]) : gs_cpu_ptr(k->dst);
  T inv = (T) (1.0 / (double) (K * K));
  if (adjoint)
    for (int64_t j = 0; j < NC * H * W; j++) img[j] = 0;
  for (int64_t p = 0; p < NC; p++) {
    T *plane = img + p * H * W;
    for (int64_t oy = 0; oy < OH; oy++)
      for (int64_t ox = 0; ox < OW; ox++) {
        T *o = pool + (p * OH + oy) * OW + ox;
        double acc = 0;
        for (int64_t ky = 0; ky < K; ky++) {
          int64_t y = oy * stride - pad + ky;
          if (y < 0 || y >= H) continue;
          for (int64_t kx = 0; kx < K; kx++) {
            int64_t xx = ox * stride - pad + kx;
            if (xx < 0 || xx >= W) continue;
            if (adjoint)
              plane[y * W + xx] += *o * inv;
            else
              acc += plane[y * W + xx];
          }
        }
        if (!adjoint) *o = (T) (acc * inv);
      }
  }
}

/* --- random fills (the stream of gs-rng.h) ------------------------------------------------- */

static void FN(rand)(const gs_kernel *k)
{
  T *d = gs_cpu_ptr(k->dst);
  int64_t n = gs_numel(k->dst);
  uint64_t key = k->u[0], block = k->u[1];
  double lo = k->f[0], hi = k->f[1];
  uint32_t w[4];
  if (k->op == GS_K_RAND_UNIFORM) {
    for (int64_t i = 0; i < n; i++) {
      if (i % 4 == 0) gs_philox4x32(key, block + (uint64_t) (i / 4), w);
      d[i] = (T) (lo + (hi - lo) * (double) gs_rng_word_to_uniform(w[i % 4]));
    }
  } else {
    /* one block per pair: element 2j takes the cosine, 2j + 1 the sine of the same angle */
    for (int64_t i = 0; i < n; i += 2) {
      gs_philox4x32(key, block + (uint64_t) (i / 2), w);
      double r = sqrt(-2.0 * log((double) gs_rng_word_to_uniform(w[0])));
      double th = 2.0 * M_PI * (double) gs_rng_word_to_uniform(w[1]);
      d[i] = (T) (lo + hi * r * cos(th));
      if (i + 1 < n) d[i + 1] = (T) (lo + hi * r * sin(th));
    }
  }
}

/* --- optimizers (contiguous, in place) ----------------------------------------------------- */

static void FN(sgd)(const gs_kernel *k)
{
  T *p = gs_cpu_ptr(k->dst);
  const T *g = gs_cpu_ptr(k->src[0]);
  T *buf = k->src[1] ? (T *) gs_cpu_ptr(k->src[1]) : NULL;
  const T lr = (T) k->f[0], mom = (T) k->f[1], wd = (T) k->f[2];
  bool nesterov = k->i[0] != 0;
  int64_t n = gs_numel(k->dst);
  for (int64_t j = 0; j < n; j++) {
    T gj = g[j] + wd * p[j];
    if (buf) {
      buf[j] = mom * buf[j] + gj;
      gj = nesterov ? gj + mom * buf[j] : buf[j];
    }
    p[j] -= lr * gj;
  }
}

static void FN(adam)(const gs_kernel *k)
{
  T *p = gs_cpu_ptr(k->dst);
  const T *g = gs_cpu_ptr(k->src[0]);
  T *m = (T *) gs_cpu_ptr(k->src[1]), *v = (T *) gs_cpu_ptr(k->src[2]);
  const double t = k->f[5];
  const T lr = (T) k->f[0], b1 = (T) k->f[1], b2 = (T) k->f[2], eps = (T) k->f[3], wd = (T) k->f[4];
  const T c1 = (T) (1.0 / (1.0 - pow(k->f[1], t))), c2 = (T) (1.0 / (1.0 - pow(k->f[2], t)));
  bool decoupled = k->i[0] != 0;
  int64_t n = gs_numel(k->dst);
  for (int64_t j = 0; j < n; j++) {
    T gj = decoupled ? g[j] : g[j] + wd * p[j];
    m[j] = b1 * m[j] + (1 - b1) * gj;
    v[j] = b2 * v[j] + (1 - b2) * gj * gj;
    T step = (m[j] * c1) / (sqrt(v[j] * c2) + eps);
    if (decoupled) step += wd * p[j];
    p[j] -= lr * step;
  }
}

static void FN(rmsprop)(const gs_kernel *k)
{
  T *p = gs_cpu_ptr(k->dst);
  const T *g = gs_cpu_ptr(k->src[0]);
  T *s = (T *) gs_cpu_ptr(k->src[1]);
  const T lr = (T) k->f[0], alpha = (T) k->f[1], eps = (T) k->f[2], wd = (T) k->f[3];
  int64_t n = gs_numel(k->dst);
  for (int64_t j = 0; j < n; j++) {
    T gj = g[j] + wd * p[j];
    s[j] = alpha * s[j] + (1 - alpha) * gj * gj;
    p[j] -= lr * gj / (sqrt(s[j]) + eps);
  }
}

/* --- dispatch ------------------------------------------------------------------------------ */

void FN(gs_cpu_kernel)(gs_cpu *cpu, const gs_kernel *k)
{
  switch (k->op) {
  case GS_K_FILL:
    FN(fill)(k);
    break;
  case GS_K_NEG:
  case GS_K_EXP:
  case GS_K_LOG:
  case GS_K_SQRT:
  case GS_K_SQUARE:
  case GS_K_ABS:
  case GS_K_SIGN:
  case GS_K_RELU:
  case GS_K_LEAKY_RELU:
  case GS_K_ELU:
  case GS_K_TANH:
  case GS_K_SIGMOID:
  case GS_K_SOFTPLUS:
  case GS_K_SILU:
  case GS_K_STEP:
  case GS_K_LEAKY_STEP:
  case GS_K_CLAMP_MASK:
  case GS_K_ADD_SCALAR:
  case GS_K_MUL_SCALAR:
  case GS_K_RSUB_SCALAR:
  case GS_K_POW_SCALAR:
  case GS_K_MIN_SCALAR:
  case GS_K_MAX_SCALAR:
  case GS_K_CLAMP:
    FN(unary)(k);
    break;
  case GS_K_ADD:
  case GS_K_SUB:
  case GS_K_MUL:
  case GS_K_DIV:
  case GS_K_POW:
  case GS_K_MINIMUM:
  case GS_K_MAXIMUM:
  case GS_K_CMP_GT:
  case GS_K_CMP_GE:
  case GS_K_CMP_EQ:
  case GS_K_ADD_LEAKY_RELU:
  case GS_K_MUL_LEAKY_STEP:
    FN(binary)(k);
    break;
  case GS_K_WHERE:
    FN(where)(k);
    break;
  case GS_K_SUM:
  case GS_K_MAX:
    FN(reduce)(cpu, k);
    break;
  case GS_K_SOFTMAX:
  case GS_K_LOG_SOFTMAX:
    FN(softmax)(k);
    break;
  case GS_K_PICK:
    FN(pick)(k);
    break;
  case GS_K_UNPICK:
    FN(unpick)(k);
    break;
  case GS_K_SCATTER_ADD_ROWS:
    FN(scatter_add_rows)(k);
    break;
  case GS_K_IM2COL:
    FN(im2col)(k, false);
    break;
  case GS_K_COL2IM:
    FN(im2col)(k, true);
    break;
  case GS_K_MAX_POOL:
    FN(max_pool)(k);
    break;
  case GS_K_POOL_SCATTER:
    FN(pool_scatter)(k);
    break;
  case GS_K_POOL_GATHER:
    FN(pool_gather)(k);
    break;
  case GS_K_AVG_POOL:
    FN(avg_pool)(k, false);
    break;
  case GS_K_AVG_POOL_ADJ:
    FN(avg_pool)(k, true);
    break;
  case GS_K_RAND_UNIFORM:
  case GS_K_RAND_NORMAL:
    FN(rand)(k);
    break;
  case GS_K_SGD:
    FN(sgd)(k);
    break;
  case GS_K_ADAM:
    FN(adam)(k);
    break;
  case GS_K_RMSPROP:
    FN(rmsprop)(k);
    break;
  default:
    gs_abortf("cpu: kernel %s has no %s loop here", gs_kop_name(k->op), "float");
  }
}
