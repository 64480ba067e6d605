/* gs-tensor.h — tensors, contexts (arenas) and the error tiers of the compute layer.
 *
 * A tensor is metadata (dtype, shape, strides, offset) over storage owned by a context. A context
 * is an arena: everything made in it is freed together by gs_ctx_reset() or gs_ctx_free(); there
 * is no per-tensor free. The usual pattern is two contexts per model:
 *
 *     gs_backend *be = gs_backend_new(GS_BACKEND_CPU, NULL, &err);
 *     gs_ctx *model = gs_ctx_new(be);          // parameters and optimizer state: never reset
 *     gs_ctx *step = gs_ctx_new(be);           // temporaries of one training step
 *     gs_tensor *w = gs_rand_normal(model, &rng, GS_F32, 2, (int64_t[]){8, 2}, 0, 0.5);
 *     gs_set_requires_grad(w, true);
 *     for (;;) {
 *       gs_tensor *x = gs_from_data(step, GS_F32, 2, (int64_t[]){n, 2}, host_points);
 *       gs_tensor *loss = gs_mean_all(step, gs_square(step, gs_matmul(step, x, gs_t(step, w))));
 *       gs_tensor **g = gs_grad(step, loss, NULL, 1, &w, false);
 *       ... optimizer step with g[0] ...
 *       gs_ctx_reset(step);                    // constant memory, step after step
 *     }
 *
 * Two tiers of errors, as in SQLite:
 *  - a broken invariant (shape mismatch, wrong dtype, bad axis) is a bug in the caller: the op
 *    names itself and both shapes, e.g. "gs_matmul: (3, 4) @ (5, 6): inner dimensions differ",
 *    and the abort handler runs (default: print and abort()). Tests may install a handler that
 *    longjmps out to check the message.
 *  - a failure of the world (no device, out of memory, device lost, malformed file) is returned
 *    as a status with a gs_error message, or for device failures recorded as the backend's sticky
 *    failure (gs_backend_failure) after which kernels do nothing, so a step finishes and the
 *    caller can stop cleanly.
 *
 * Threads: a context, and every tensor in it, belongs to one thread at a time.
 */
#ifndef GS_TENSOR_H
#define GS_TENSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GS_MAX_DIMS 4

typedef enum gs_dtype {
  GS_F32 = 0,
  GS_F64 = 1, /* CPU only: for finite-difference checks and reference sums */
  GS_I32 = 2, /* labels and indices */
} gs_dtype;

typedef struct gs_error {
  int code; /* 0 = no error */
  char msg[512];
} gs_error;

typedef struct gs_backend gs_backend;
typedef struct gs_ctx gs_ctx;
typedef struct gs_node gs_node;
typedef struct gs_storage gs_storage;
typedef struct gs_tensor gs_tensor;

enum {
  GS_TENSOR_REQUIRES_GRAD = 1u << 0,
};

struct gs_tensor {
  gs_dtype dtype;
  int32_t ndim;                /* 0 (a scalar) to GS_MAX_DIMS */
  int64_t shape[GS_MAX_DIMS];  /* unused trailing entries are 1 */
  int64_t stride[GS_MAX_DIMS]; /* in elements; 0 on a broadcast dimension */
  int64_t offset;              /* in elements, from the start of the storage */
  gs_storage *storage;
  gs_ctx *ctx;   /* the context whose arena holds this metadata */
  gs_node *node; /* the op that produced this tensor; NULL for a leaf */
  uint32_t flags;
  uint64_t seq; /* creation order within the process; orders the tape */
  /* scratch of gs_grad: the gradient accumulated during the call numbered grad_stamp */
  gs_tensor *grad_acc;
  uint64_t grad_stamp;
};

/* Storage: one allocation of backend memory, shared by a tensor and its views. */
struct gs_storage {
  gs_backend *backend;
  void *buffer;       /* backend buffer (CPU: base of a host chunk; Vulkan: its buffer record) */
  size_t byte_offset; /* where this storage starts inside buffer */
  size_t nbytes;
};

/* --- error handling ------------------------------------------------------------------------ */

typedef void (*gs_abort_fn)(const char *message, void *user_data);

/* Install the handler for broken invariants on the calling thread; NULL restores the default
 * (message to stderr, then abort()). A handler that returns also ends in abort(). */
void gs_set_abort_handler(gs_abort_fn fn, void *user_data);

/* Report a broken invariant (printf-style) through the current handler. Never returns. */
_Noreturn void gs_abortf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define GS_ASSERT(cond, ...)                                                                      \
  do {                                                                                            \
    if (!(cond)) gs_abortf(__VA_ARGS__);                                                          \
  } while (0)

void gs_error_set(gs_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void gs_error_clear(gs_error *err);

/* --- contexts ------------------------------------------------------------------------------ */

gs_ctx *gs_ctx_new(gs_backend *backend);
/* Drop every tensor, node and storage made in ctx since it was created or last reset. Memory is
 * kept (merged into one chunk) so a steady loop allocates nothing after its first step. */
void gs_ctx_reset(gs_ctx *ctx);
void gs_ctx_free(gs_ctx *ctx);
gs_backend *gs_ctx_backend(const gs_ctx *ctx);
size_t gs_ctx_bytes_in_use(const gs_ctx *ctx);   /* host metadata + device storage */
size_t gs_ctx_bytes_reserved(const gs_ctx *ctx); /* what the arena holds from the system */

/* --- making tensors ------------------------------------------------------------------------ */

size_t gs_dtype_size(gs_dtype dtype);
const char *gs_dtype_name(gs_dtype dtype); /* "F32", "F64", "I32" */

/* Uninitialised contiguous tensor. ndim 0 makes a scalar; shape may be NULL then. */
gs_tensor *gs_new(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape);
gs_tensor *gs_new_like(gs_ctx *ctx, const gs_tensor *a);
gs_tensor *gs_zeros(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape);
gs_tensor *gs_ones(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape);
gs_tensor *gs_full(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape, double value);
gs_tensor *gs_zeros_like(gs_ctx *ctx, const gs_tensor *a);
gs_tensor *gs_ones_like(gs_ctx *ctx, const gs_tensor *a);
gs_tensor *gs_scalar(gs_ctx *ctx, gs_dtype dtype, double value);
/* Copy packed row-major host data of the given dtype into a new tensor. */
gs_tensor *gs_from_data(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape,
                        const void *data);

/* --- moving data --------------------------------------------------------------------------- */

/* Overwrite a contiguous tensor from packed host data (not recorded for autodiff). */
void gs_write(gs_tensor *t, const void *data);
/* Copy any tensor (any strides) to packed row-major host memory of its dtype. Waits for the
 * backend: this is the explicit point where data crosses to the host. */
void gs_read(const gs_tensor *t, void *data);
/* Read a one-element tensor as a double (waits for the backend). */
double gs_item(const gs_tensor *t);

/* --- metadata ------------------------------------------------------------------------------ */

int64_t gs_numel(const gs_tensor *t);
bool gs_is_contiguous(const gs_tensor *t);
bool gs_same_shape(const gs_tensor *a, const gs_tensor *b);
/* "(3, 4)" into buf; returns buf. For messages. */
const char *gs_shape_str(const gs_tensor *t, char *buf, size_t size);
/* Normalise a possibly negative axis; aborts naming op if out of range. */
int gs_axis(const char *op, const gs_tensor *t, int axis);

#ifdef __cplusplus
}
#endif

#endif /* GS_TENSOR_H */
