/* gs-backend-impl.h — private: the kernel interface every backend implements.
 *
 * The op layer (gs-ops*.c) checks shapes, allocates outputs, and describes each piece of work as
 * a gs_kernel: a kernel id, a destination, up to three sources, and scalar parameters. A backend
 * is a vtable plus state; it declares per kernel and dtype what it supports, and the op layer
 * never sends it anything else. Tests enumerate GS_K_* and run each on every backend against
 * the CPU, reporting unsupported pairs as skipped.
 *
 * Rules for every kernel unless its entry says otherwise:
 *  - dst is contiguous and already allocated; the kernel writes all of it.
 *  - sources may have any strides (including 0 for broadcast) and offsets; their shapes are
 *    already expanded to the shape the kernel expects, so a kernel never broadcasts by itself.
 *  - dtypes of dst and sources are equal (F32 or F64), except index tensors (I32) and the
 *    conversions of GS_K_COPY.
 *  - Elementwise kernels (unary NEG … CLAMP, binary ADD … CMP_EQ) may be issued in place, with
 *    dst and src0 the same memory (gs_clamp_ does, for weight clipping; gs_linear adds its bias
 *    into the fresh product). Each element is read before it is written.
 *  - Kernels run in the order they were issued (a backend may batch and defer them, inserting
 *    barriers between dependent ones); download() waits for everything issued before it.
 *  - exec() takes what it needs from the gs_kernel and its tensor records before it returns
 *    (a deferred kernel keeps its own copy): the records live in a context's host arena, which
 *    gs_ctx_reset() may reuse at once.
 *  - upload() is ordered after every kernel issued before it, like a kernel: after a
 *    gs_ctx_reset() the op layer reuses arena memory that a deferred kernel may still read, so a
 *    backend that defers kernels must queue the copy behind them (or wait) rather than write
 *    the memory at once.
 */
#ifndef GS_BACKEND_IMPL_H
#define GS_BACKEND_IMPL_H

#include "gs-backend.h"

typedef enum gs_kop {
  /* Fill and copy. */
  GS_K_FILL = 0, /* dst[:] = f[0] */
  GS_K_COPY,     /* dst (any strides) = src0 (any strides), same shape; dtype conversion
                    between F32, F64 and I32 (float to int truncates toward zero) */

  /* Unary elementwise: dst = op(src0), same shape. f[0], f[1] as noted. */
  GS_K_NEG,
  GS_K_EXP,
  GS_K_LOG,
  GS_K_SQRT,
  GS_K_SQUARE,
  GS_K_ABS,
  GS_K_SIGN, /* -1, 0, 1 */
  GS_K_RELU,
  GS_K_LEAKY_RELU, /* x > 0 ? x : f0 * x */
  GS_K_ELU,        /* x > 0 ? x : f0 * (exp(x) - 1) */
  GS_K_TANH,
  GS_K_SIGMOID,     /* stable for large |x| */
  GS_K_SOFTPLUS,    /* max(x, 0) + log1p(exp(-|x|)) */
  GS_K_SILU,        /* x * sigmoid(x) */
  GS_K_STEP,        /* x > f0 ? 1 : 0 */
  GS_K_LEAKY_STEP,  /* x > 0 ? 1 : f0 (the derivative of leaky relu) */
  GS_K_CLAMP_MASK,  /* f0 <= x <= f1 ? 1 : 0 (the derivative of clamp) */
  GS_K_ADD_SCALAR,  /* x + f0 */
  GS_K_MUL_SCALAR,  /* x * f0 */
  GS_K_RSUB_SCALAR, /* f0 - x */
  GS_K_POW_SCALAR,  /* pow(x, f0) */
  GS_K_MIN_SCALAR,  /* min(x, f0) */
  GS_K_MAX_SCALAR,  /* max(x, f0) */
  GS_K_CLAMP,       /* min(max(x, f0), f1) */

  /* Binary elementwise: dst = op(src0, src1), both expanded to dst's shape. */
  GS_K_ADD,
  GS_K_SUB,
  GS_K_MUL,
  GS_K_DIV,
  GS_K_POW,
  GS_K_MINIMUM,
  GS_K_MAXIMUM,
  GS_K_CMP_GT, /* 1 or 0 */
  GS_K_CMP_GE,
  GS_K_CMP_EQ,
  /* Ternary: dst = src0 != 0 ? src1 : src2, all expanded to dst's shape. */
  GS_K_WHERE,

  /* Reductions over axis i[0] of src0; dst has src0's shape with that dimension 1. Sums
   * accumulate in at least double the precision of a naive float loop (pairwise or in a wider
   * type), so CPU and Vulkan agree to tolerance. */
  GS_K_SUM,
  GS_K_MAX,

  /* Matrix product. src0 (B0, M, K), src1 (B1, K, N), dst (B, M, N) contiguous, where 2-D
   * operands have B = 1 and the batch strides of sources may be 0 (broadcast). In each source
   * either the last stride is 1 (row-major) or the second-to-last is 1 (transposed view). */
  GS_K_MATMUL,

  /* Over the last axis; src0 contiguous. */
  GS_K_SOFTMAX,
  GS_K_LOG_SOFTMAX,

  /* Indexing. Index sources are contiguous I32; a negative or out-of-range index is an
   * invariant broken by the op layer, which validates indices coming from outside. */
  GS_K_PICK,        /* src0 (N, C), src1 idx (N) -> dst (N): dst[n] = src0[n, idx[n]] */
  GS_K_UNPICK,      /* src0 g (N), src1 idx (N) -> dst (N, C) zeros with dst[n, idx[n]] = g[n] */
  GS_K_GATHER_ROWS, /* src0 (R, D), src1 idx (N) -> dst (N, D) */
  GS_K_SCATTER_ADD_ROWS, /* src0 g (N, D), src1 idx (N) -> dst (R, D) = sum of g rows per index;
                            R = dst->shape[0] */

  /* Convolution helpers (src0 contiguous NCHW). i[] = {kh, kw, stride, pad}. */
  GS_K_IM2COL, /* src0 (N, C, H, W) -> dst (N, C*kh*kw, OH*OW); row (c*kh + y)*kw + x, column
                  oy*OW + ox; zero outside the image; OH = (H + 2 pad - kh) / stride + 1 */
  GS_K_COL2IM, /* the adjoint: src0 (N, C*kh*kw, OH*OW) -> dst (N, C, H, W), sums overlaps;
                  H, W from dst */

  /* Pooling (src0 contiguous NCHW). i[] = {k, stride, pad}. */
  GS_K_MAX_POOL,     /* -> dst (N, C, OH, OW) values and dst2 (N, C, OH, OW) I32 argmax as
                        y * W + x within the plane (the first maximum; padding never wins) */
  GS_K_POOL_SCATTER, /* src0 g (N, C, OH, OW), src1 idx -> dst (N, C, H, W) zeros + g at idx */
  GS_K_POOL_GATHER,  /* src0 g (N, C, H, W), src1 idx (N, C, OH, OW) -> dst = g[idx] */
  GS_K_AVG_POOL,     /* sum of the window / k² (padding counts as zeros) */
  GS_K_AVG_POOL_ADJ, /* the adjoint: src0 (N, C, OH, OW) -> dst (N, C, H, W) */

  /* Random fills (see gs-rng.h for the exact stream). u[0] = key, u[1] = first block.
   * Uniform words are ((w >> 9) + 0.5) * 2^-23 (23 bits, exact in float32; an earlier draft
   * of gs-rng.h said 24 bits, which rounds the largest words to 1.0f). The CPU backend computes
   * the value in double and rounds it to dst's dtype once. */
  GS_K_RAND_UNIFORM, /* f0 lo, f1 hi */
  GS_K_RAND_NORMAL,  /* f0 mean, f1 std */

  /* Optimizer updates, in place on contiguous tensors of equal shape: dst is the parameter,
   * src0 the gradient, src1/src2 the state, which the kernel also updates. */
  GS_K_SGD,     /* src1 momentum buffer (NULL when f1 = 0). f0 lr, f1 momentum, f2 weight decay;
                   i0 nesterov. g' = g + wd p; b = f1 b + g'; step = nesterov ? g' + f1 b : b
                   (without momentum: step = g'); p -= lr step */
  GS_K_ADAM,    /* src1 m, src2 v. f0 lr, f1 beta1, f2 beta2, f3 eps, f4 weight decay,
                   f5 step t (1-based); i0 decoupled (AdamW). g' = g + wd p unless decoupled;
                   m = b1 m + (1-b1) g'; v = b2 v + (1-b2) g'²; mh = m/(1-b1^t);
                   vh = v/(1-b2^t); p -= lr (mh/(sqrt(vh)+eps) + (decoupled ? wd p : 0)) */
  GS_K_RMSPROP, /* src1 square average. f0 lr, f1 alpha, f2 eps, f3 weight decay.
                   g' = g + wd p; s = a s + (1-a) g'²; p -= lr g' / (sqrt(s) + eps) */

  /* Fused kernels: optional speed-ups behind ops. A backend may leave them unsupported (its
   * supports() must then say false); the op layer then issues the plain kernels instead.
   * Added after the first release of this list; earlier values are unchanged. */
  GS_K_ADD_LEAKY_RELU, /* binary: dst = leaky_relu(src0 + src1) with slope f0 (0 gives relu),
                          src1 expanded to dst's shape; may run in place (the bias and
                          activation epilogue of gs_linear_leaky_relu) */
  GS_K_MUL_LEAKY_STEP, /* binary: dst = src0 * (src1 > 0 ? 1 : f0), both expanded to dst's
                          shape (the backward of relu and leaky relu, gs_mul_leaky_step) */

  /* Fused radial-basis kernel sum (gs_rbf_sum, gs_rbf_sum_grad): src0 x (N, n), src1 centres
   * c (M, n), src2 weights w (M), all contiguous; no (N, M) matrix is formed. i0 the
   * gs_rbf_kind, i1 = 0: dst (N) = Σ_j w_j φ(r_ij); i1 = 1: dst (N, n) = Σ_j w_j ψ(r_ij)
   * (x_i − c_j), ψ = φ'(r)/r (the gradient in x_i). f0 the power k, f1 the Gaussian σ, f2 the
   * Plummer ε (r² → r² + ε²). Terms with r = 0 after softening contribute φ's limit where it
   * is finite and nothing where it is not (self-term exclusion), and no gradient. Distances
   * are taken directly for n <= 16 and by GEMM on data centred on the centres' mean above.
   * Added after the fused kernels above. Vulkan: shaders/gs-rbf.comp (direct distances at any
   * n, dimension tiled in shared memory). */
  GS_K_RBF_SUM,

  GS_K_COUNT
} gs_kop;

const char *gs_kop_name(gs_kop op); /* "ADD", "MATMUL", … */

typedef struct gs_kernel {
  gs_kop op;
  gs_tensor *dst;
  gs_tensor *dst2; /* second output (GS_K_MAX_POOL indices) */
  const gs_tensor *src[3];
  double f[6];   /* scalar parameters */
  int64_t i[6];  /* integer parameters */
  uint64_t u[2]; /* 64-bit parameters (RNG key and counter) */
} gs_kernel;

typedef struct gs_backend_vtable {
  bool (*supports)(const gs_backend *be, gs_kop op, gs_dtype dtype);
  /* A buffer of at least nbytes for a context's arena; NULL and the sticky failure set when
   * the device is out of memory. */
  void *(*buffer_new)(gs_backend *be, size_t nbytes);
  void (*buffer_free)(gs_backend *be, void *buffer);
  /* Host address of the buffer when the host can address it directly, else NULL. */
  void *(*buffer_host)(gs_backend *be, void *buffer);
  void (*upload)(gs_backend *be, void *buffer, size_t offset, const void *src, size_t nbytes);
  void (*download)(gs_backend *be, void *buffer, size_t offset, void *dst, size_t nbytes);
  void (*exec)(gs_backend *be, const gs_kernel *k);
  void (*sync)(gs_backend *be);
  void (*destroy)(gs_backend *be);
} gs_backend_vtable;

struct gs_backend {
  const gs_backend_vtable *vt;
  gs_backend_kind kind;
  char name[16];
  char device[128];
  char failure[256]; /* empty while healthy */
  size_t alignment;  /* storage offsets inside a buffer are multiples of this */
  void *impl;
};

/* Record a device failure (first one wins) so later kernels are skipped. */
void gs_backend_fail(gs_backend *be, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Constructors of the concrete backends (NULL with err when unavailable). */
gs_backend *gs_cpu_backend_new(const gs_backend_options *options, gs_error *err);
gs_backend *gs_vulkan_backend_new(const gs_backend_options *options, gs_error *err);

#endif /* GS_BACKEND_IMPL_H */
