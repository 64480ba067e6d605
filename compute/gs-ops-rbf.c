/* gs-ops-rbf.c — fused radial-basis kernel sums (GS_K_RBF_SUM) and their gradients.
 *
 * Because φ(‖x − c‖) is symmetric in x and c, every gradient of a kernel sum is a kernel sum:
 * with L = Σ_i g_i Σ_j w_j φ(r_ij),
 *   ∂L/∂w_j = Σ_i g_i φ(r_ij)                   = gs_rbf_sum(c; centres x, weights g)
 *   ∂L/∂x_i = g_i Σ_j w_j ψ(r_ij) (x_i − c_j)   = g_i gs_rbf_sum_grad(x; c, w)
 *   ∂L/∂c_j = w_j Σ_i g_i ψ(r_ij) (c_j − x_i)   = w_j gs_rbf_sum_grad(c; x, g)
 */
#include <string.h>

#include "gs-compute-impl.h"

static void check_operands(const char *name, gs_ctx *ctx, gs_tensor *x, gs_tensor *c, gs_tensor *w,
                           const gs_rbf *phi)
{
  char s1[64], s2[64], s3[64];
  gs_check_float(name, x);
  gs_check_same_dtype(name, x, c);
  gs_check_same_dtype(name, x, w);
  gs_check_same_backend(name, ctx, x);
  gs_check_same_backend(name, ctx, c);
  gs_check_same_backend(name, ctx, w);
  if (x->ndim != 2 || c->ndim != 2 || w->ndim != 1 || x->shape[1] != c->shape[1] ||
      w->shape[0] != c->shape[0])
    gs_abortf("%s: needs x (N, n), centres (M, n) and weights (M), got %s, %s and %s", name,
              gs_shape_str(x, s1, sizeof s1), gs_shape_str(c, s2, sizeof s2),
              gs_shape_str(w, s3, sizeof s3));
  GS_ASSERT(
      phi && (phi->kind == GS_RBF_POW || phi->kind == GS_RBF_POW_LOG || phi->kind == GS_RBF_GAUSS),
      "%s: unknown kernel kind", name);
  GS_ASSERT(phi->kind != GS_RBF_GAUSS || phi->sigma > 0, "%s: Gaussian σ must be > 0, got %g", name,
            phi->sigma);
  GS_ASSERT(phi->eps >= 0, "%s: softening ε must be >= 0, got %g", name, phi->eps);
}

static gs_tensor *run_kernel(gs_ctx *ctx, const char *name, gs_tensor *x, gs_tensor *c,
                             gs_tensor *w, const gs_rbf *phi, bool grad)
{
  check_operands(name, ctx, x, c, w, phi);
  gs_tensor *xc = gs_contiguous(ctx, x), *cc = gs_contiguous(ctx, c), *wc = gs_contiguous(ctx, w);
  gs_tensor *out = grad ? gs_new(ctx, x->dtype, 2, x->shape)
                        : gs_new(ctx, x->dtype, 1, (int64_t[]){x->shape[0]});
  gs_kernel k = {.op = GS_K_RBF_SUM, .dst = out, .src = {xc, cc, wc}};
  k.i[0] = phi->kind;
  k.i[1] = grad ? 1 : 0;
  k.f[0] = phi->k;
  k.f[1] = phi->sigma;
  k.f[2] = phi->eps;
  gs_exec(ctx, &k, name);
  return out;
}

/* The kernel's parameters in a node: k and σ in f, the kind and ε's bits in i. */
static void save_phi(gs_node *n, const gs_rbf *phi)
{
  n->f[0] = phi->k;
  n->f[1] = phi->sigma;
  n->i[0] = phi->kind;
  memcpy(&n->i[1], &phi->eps, sizeof phi->eps);
}

static gs_rbf load_phi(const gs_node *n)
{
  gs_rbf phi = {.kind = (gs_rbf_kind) n->i[0], .k = n->f[0], .sigma = n->f[1]};
  memcpy(&phi.eps, &n->i[1], sizeof phi.eps);
  return phi;
}

static void rbf_sum_grad_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                  gs_tensor **gin)
{
  gs_abortf("gs_rbf_sum_grad: second derivatives of kernel sums are not implemented (a "
            "gradient penalty on a closed-form critic needs them)");
}
static const gs_op_def rbf_sum_grad_def = {"rbf_sum_grad", rbf_sum_grad_backward};

gs_tensor *gs_rbf_sum_grad(gs_ctx *ctx, gs_tensor *x, gs_tensor *c, gs_tensor *w, const gs_rbf *phi)
{
  gs_tensor *out = run_kernel(ctx, "gs_rbf_sum_grad", x, c, w, phi, true);
  gs_node *n = gs_record(ctx, &rbf_sum_grad_def, out, 3, (gs_tensor *[]){x, c, w});
  if (n) save_phi(n, phi);
  return out;
}

static void rbf_sum_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                             gs_tensor **gin)
{
  gs_rbf phi = load_phi(n);
  gs_tensor *x = n->in[0], *c = n->in[1], *w = n->in[2];
  if (need[0])
    gin[0] = gs_mul(ctx, gs_rbf_sum_grad(ctx, x, c, w, &phi),
                    gs_reshape(ctx, g, 2, (int64_t[]){x->shape[0], 1}));
  if (need[1])
    gin[1] = gs_mul(ctx, gs_rbf_sum_grad(ctx, c, x, g, &phi),
                    gs_reshape(ctx, w, 2, (int64_t[]){c->shape[0], 1}));
  if (need[2]) gin[2] = gs_rbf_sum(ctx, c, x, g, &phi);
}
static const gs_op_def rbf_sum_def = {"rbf_sum", rbf_sum_backward};

gs_tensor *gs_rbf_sum(gs_ctx *ctx, gs_tensor *x, gs_tensor *c, gs_tensor *w, const gs_rbf *phi)
{
  gs_tensor *out = run_kernel(ctx, "gs_rbf_sum", x, c, w, phi, false);
  gs_node *n = gs_record(ctx, &rbf_sum_def, out, 3, (gs_tensor *[]){x, c, w});
  if (n) save_phi(n, phi);
  return out;
}
