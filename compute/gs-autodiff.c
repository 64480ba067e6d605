/* gs-autodiff.c — reverse mode over the recorded nodes.
 *
 * gs_grad works in two passes over the graph below `out` (the nodes reachable backward through
 * node inputs, which are on the tapes of the contexts that recorded them):
 *  1. a depth-first walk from out's node that finishes every node after its inputs' nodes, so
 *     the finishing order is the creation order restricted to what out depends on; on finishing
 *     it marks the node relevant when one of its inputs is a requested input or the output of a
 *     relevant node — a forward pass over exactly the nodes between the inputs and out;
 *  2. the relevant nodes in reverse finishing order, each running its backward rule on the
 *     gradient accumulated (with gs_add) on its output.
 * Gradients live in each tensor's grad_acc, stamped with the call's number so nothing needs
 * clearing. Without create_graph recording is off in ctx during the walk.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "gs-compute-impl.h"

static _Atomic uint64_t grad_calls = 1;

void gs_set_requires_grad(gs_tensor *t, bool requires_grad)
{
  if (requires_grad) {
    gs_check_float("gs_set_requires_grad", t);
    t->flags |= GS_TENSOR_REQUIRES_GRAD;
  } else {
    t->flags &= ~(uint32_t) GS_TENSOR_REQUIRES_GRAD;
  }
}

bool gs_requires_grad(const gs_tensor *t)
{
  return (t->flags & GS_TENSOR_REQUIRES_GRAD) || t->node;
}

bool gs_set_grad_enabled(gs_ctx *ctx, bool enabled)
{
  bool was = ctx->grad_enabled;
  ctx->grad_enabled = enabled;
  return was;
}

bool gs_grad_enabled(const gs_ctx *ctx)
{
  return ctx->grad_enabled;
}

size_t gs_tape_length(const gs_ctx *ctx)
{
  return ctx->tape_len;
}

static void push_node(gs_node ***arr, size_t *cap, size_t *len, gs_node *n)
{
  if (*len == *cap) {
    size_t c = *cap ? *cap * 2 : 256;
    gs_node **p = realloc(*arr, c * sizeof *p);
    GS_ASSERT(p, "gs_grad: out of host memory");
    *arr = p;
    *cap = c;
  }
  (*arr)[(*len)++] = n;
}

static bool tensor_relevant(const gs_tensor *t, uint64_t stamp)
{
  if (t->flags & GS_TENSOR_GRAD_INPUT) return true;
  return t->node && t->node->visit_stamp == stamp && t->node->relevant;
}

/* Pass 1: the relevant nodes, each after the nodes of its inputs, into ctx->grad_order.
 * Returns their count. */
static size_t relevant_nodes(gs_ctx *ctx, gs_node *root, uint64_t stamp)
{
  size_t sp = 0, n_order = 0;
  push_node(&ctx->grad_stack, &ctx->grad_stack_cap, &sp, root);
  while (sp) {
    gs_node *n = ctx->grad_stack[sp - 1];
    if (n->visit_stamp != stamp) {
      n->visit_stamp = stamp;
      n->visit_state = 1;
      n->relevant = false;
      for (int i = 0; i < n->n_in; i++) {
        gs_node *c = n->in[i] ? n->in[i]->node : NULL;
        if (c && c->visit_stamp != stamp) push_node(&ctx->grad_stack, &ctx->grad_stack_cap, &sp, c);
      }
      continue;
    }
    sp--;
    if (n->visit_state != 1) continue; /* a second entry of a node already finished */
    n->visit_state = 2;
    for (int i = 0; i < n->n_in; i++)
      if (n->in[i] && tensor_relevant(n->in[i], stamp)) n->relevant = true;
    if (n->relevant) push_node(&ctx->grad_order, &ctx->grad_order_cap, &n_order, n);
  }
  return n_order;
}

static void accumulate(gs_ctx *ctx, gs_tensor *t, gs_tensor *g, uint64_t stamp)
{
  if (t->grad_stamp == stamp) {
    t->grad_acc = gs_add(ctx, t->grad_acc, g);
  } else {
    t->grad_stamp = stamp;
    t->grad_acc = g;
  }
}

gs_tensor **gs_grad(gs_ctx *ctx, gs_tensor *out, gs_tensor *grad_out, int n,
                    gs_tensor *const *inputs, bool create_graph)
{
  GS_ASSERT(n >= 0 && (n == 0 || inputs), "gs_grad: %d inputs", n);
  gs_check_float("gs_grad", out);
  if (grad_out && !gs_same_shape(grad_out, out)) {
    char s1[64], s2[64];
    gs_abortf("gs_grad: grad_out %s does not match out %s", gs_shape_str(grad_out, s1, sizeof s1),
              gs_shape_str(out, s2, sizeof s2));
  }
  uint64_t stamp = atomic_fetch_add_explicit(&grad_calls, 1, memory_order_relaxed);
  for (int i = 0; i < n; i++) {
    GS_ASSERT(inputs[i], "gs_grad: input %d is NULL", i);
    inputs[i]->flags |= GS_TENSOR_GRAD_INPUT;
  }
  bool was_enabled = gs_set_grad_enabled(ctx, create_graph);

  out->grad_stamp = stamp;
  out->grad_acc = grad_out ? grad_out : gs_ones_like(ctx, out);

  if (out->node) {
    size_t count = relevant_nodes(ctx, out->node, stamp);
    for (size_t j = count; j-- > 0;) {
      gs_node *node = ctx->grad_order[j];
      gs_tensor *g = node->out->grad_stamp == stamp ? node->out->grad_acc : NULL;
      if (!g) continue; /* out does not reach this node's output through gradients */
      bool need_small[GS_NODE_MAX_INLINE];
      gs_tensor *gin_small[GS_NODE_MAX_INLINE];
      bool *need = need_small;
      gs_tensor **gin = gin_small;
      if (node->n_in > GS_NODE_MAX_INLINE) {
        need = gs_ctx_host_alloc(ctx, (size_t) node->n_in * sizeof *need);
        gin = gs_ctx_host_alloc(ctx, (size_t) node->n_in * sizeof *gin);
      }
      for (int i = 0; i < node->n_in; i++) {
        need[i] = node->in[i] && tensor_relevant(node->in[i], stamp);
        gin[i] = NULL;
      }
      node->def->backward(ctx, node, g, need, gin);
      for (int i = 0; i < node->n_in; i++)
        if (need[i] && gin[i]) accumulate(ctx, node->in[i], gin[i], stamp);
    }
  }

  gs_tensor **result = gs_ctx_host_alloc(ctx, (size_t) (n ? n : 1) * sizeof *result);
  for (int i = 0; i < n; i++) {
    gs_tensor *t = inputs[i];
    gs_tensor *g = t->grad_stamp == stamp ? t->grad_acc : gs_zeros_like(ctx, t);
    result[i] = gs_contiguous(ctx, g);
  }
  for (int i = 0; i < n; i++) inputs[i]->flags &= ~(uint32_t) GS_TENSOR_GRAD_INPUT;
  gs_set_grad_enabled(ctx, was_enabled);
  return result;
}

gs_tensor **gs_backward(gs_ctx *ctx, gs_tensor *loss, int n, gs_tensor *const *inputs)
{
  if (gs_numel(loss) != 1) {
    char s1[64];
    gs_abortf("gs_backward: the loss %s is not a single number (use gs_grad with grad_out)",
              gs_shape_str(loss, s1, sizeof s1));
  }
  return gs_grad(ctx, loss, NULL, n, inputs, false);
}
