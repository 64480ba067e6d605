/* gs-compute-impl.h — private: contexts, tape nodes and the helpers the op layer is built from.
 *
 * A context owns two arenas — host memory for tensor metadata, storage records and tape nodes,
 * and backend buffers for tensor data — plus the tape of the nodes recorded in it. Both arenas
 * grow by chunks; gs_ctx_reset() merges the chunks into one big enough for the peak, so a steady
 * loop stops allocating after its first step.
 *
 * A node is one recorded op: its output, its inputs, what its backward rule needs, and the rule,
 * which computes the gradients of the inputs from the gradient of the output using only public
 * ops (so create_graph can record them again).
 */
#ifndef GS_COMPUTE_IMPL_H
#define GS_COMPUTE_IMPL_H

#include "gs-autodiff.h"
#include "gs-backend-impl.h"
#include "gs-ops.h"

typedef struct gs_host_chunk gs_host_chunk;

typedef struct gs_dev_chunk {
  void *buffer;
  size_t size, used;
} gs_dev_chunk;

struct gs_ctx {
  gs_backend *be;
  bool grad_enabled;
  gs_host_chunk *host; /* newest first */
  gs_dev_chunk *dev;   /* dev[n_dev - 1] is the one being filled */
  int n_dev, cap_dev;
  gs_node **tape;
  size_t tape_len, tape_cap;
  /* scratch arrays of gs_grad, kept between calls so a steady loop does not allocate */
  gs_node **grad_stack, **grad_order;
  size_t grad_stack_cap, grad_order_cap;
};

/* need[i] tells whether input i wants a gradient; the rule sets gin[i] for those (a tensor of the
 * input's shape and dtype) and may leave the others NULL. */
typedef void (*gs_backward_fn)(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                               gs_tensor **gin);

typedef struct gs_op_def {
  const char *name;
  gs_backward_fn backward;
} gs_op_def;

#define GS_NODE_MAX_INLINE 3

struct gs_node {
  const gs_op_def *def;
  gs_tensor *out;
  int n_in;
  gs_tensor **in; /* points to in_inline unless there are more inputs (concat) */
  gs_tensor *in_inline[GS_NODE_MAX_INLINE];
  gs_tensor *saved; /* an extra constant the rule needs (argmax indices, labels) */
  double f[2];
  int64_t i[8];
  /* scratch of gs_grad */
  uint64_t visit_stamp;
  uint8_t visit_state; /* 1 = children pushed, 2 = finished */
  bool relevant;       /* lies on a path from a requested input */
};

/* Internal tensor flag: marks the inputs of the gs_grad call in progress. */
#define GS_TENSOR_GRAD_INPUT (1u << 30)

/* --- arena --------------------------------------------------------------------------------- */

void *gs_ctx_host_alloc(gs_ctx *ctx, size_t n);
/* A fresh tensor record (no storage) with the next sequence number. */
gs_tensor *gs_tensor_record(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape);

/* --- the op layer's helpers ---------------------------------------------------------------- */

/* A view of base's storage with the given geometry, made in ctx (not recorded). */
gs_tensor *gs_view_of(gs_ctx *ctx, const gs_tensor *base, int ndim, const int64_t *shape,
                      const int64_t *stride, int64_t offset);
/* Send one kernel to ctx's backend; skipped once the backend has failed. op_name is the public
 * op, for the message when the backend does not support the kernel for this dtype. */
void gs_exec(gs_ctx *ctx, const gs_kernel *k, const char *op_name);
/* When grad is enabled in ctx and an input requires grad, append a node producing out and
 * return it (the caller fills f/i/saved); otherwise NULL. */
gs_node *gs_record(gs_ctx *ctx, const gs_op_def *def, gs_tensor *out, int n_in,
                   gs_tensor *const *in);

/* fresh + b, written over fresh's storage: for a tensor the caller has just made, that nothing
 * else holds, and whose producing rule never reads its own output (a matrix product). Saves a
 * pass and keeps the result where the product left it in cache. b broadcasts to fresh. */
gs_tensor *gs_add_into_fresh(gs_ctx *ctx, gs_tensor *fresh, gs_tensor *b, const char *op);

/* Checks that abort with the op's name. */
void gs_check_float(const char *op, const gs_tensor *a);
void gs_check_same_dtype(const char *op, const gs_tensor *a, const gs_tensor *b);
void gs_check_same_backend(const char *op, gs_ctx *ctx, const gs_tensor *a);
/* Broadcast shape of a and b into out (ndim returned); aborts naming op and both shapes. */
int gs_broadcast_shape(const char *op, const gs_tensor *a, const gs_tensor *b, int64_t *out);

/* Element-size pointer arithmetic for host-addressable storage. */
static inline void *gs_host_ptr(const gs_tensor *t)
{
  gs_backend *be = t->storage->backend;
  char *base = be->vt->buffer_host(be, t->storage->buffer);
  return base + t->storage->byte_offset + (size_t) t->offset * gs_dtype_size(t->dtype);
}

#endif /* GS_COMPUTE_IMPL_H */
