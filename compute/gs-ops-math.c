/* gs-ops-math.c — elementwise ops: binary with broadcasting, with a scalar, unary; and their
 * backward rules, each written with these same ops so they can be differentiated again. */
#include "gs-compute-impl.h"

/* --- running a kernel ---------------------------------------------------------------------- */

static gs_tensor *unary_kernel(gs_ctx *ctx, const char *name, gs_kop op, gs_tensor *a, double f0,
                               double f1)
{
  gs_check_float(name, a);
  gs_check_same_backend(name, ctx, a);
  gs_tensor *out = gs_new_like(ctx, a);
  gs_exec(ctx, &(gs_kernel){.op = op, .dst = out, .src = {a}, .f = {f0, f1}}, name);
  return out;
}

/* Broadcast a and b to one shape (recorded expand views, whose backward sums back), then run
 * the kernel; *ea and *eb receive the expanded operands for the node. */
static gs_tensor *binary_kernel(gs_ctx *ctx, const char *name, gs_kop op, gs_tensor *a,
                                gs_tensor *b, gs_tensor **ea, gs_tensor **eb, double f0)
{
  gs_check_float(name, a);
  gs_check_same_dtype(name, a, b);
  gs_check_same_backend(name, ctx, a);
  gs_check_same_backend(name, ctx, b);
  int64_t shape[GS_MAX_DIMS];
  int nd = gs_broadcast_shape(name, a, b, shape);
  *ea = gs_expand(ctx, a, nd, shape);
  *eb = gs_expand(ctx, b, nd, shape);
  gs_tensor *out = gs_new(ctx, a->dtype, nd, shape);
  gs_exec(ctx, &(gs_kernel){.op = op, .dst = out, .src = {*ea, *eb}, .f = {f0}}, name);
  return out;
}

static gs_tensor *binary_op(gs_ctx *ctx, const char *name, gs_kop op, const gs_op_def *def,
                            gs_tensor *a, gs_tensor *b)
{
  gs_tensor *ea, *eb;
  gs_tensor *out = binary_kernel(ctx, name, op, a, b, &ea, &eb, 0);
  if (def) gs_record(ctx, def, out, 2, (gs_tensor *[]){ea, eb});
  return out;
}

static gs_tensor *unary_op(gs_ctx *ctx, const char *name, gs_kop op, const gs_op_def *def,
                           gs_tensor *a, double f0, double f1)
{
  gs_tensor *out = unary_kernel(ctx, name, op, a, f0, f1);
  gs_node *n = def ? gs_record(ctx, def, out, 1, &a) : NULL;
  if (n) {
    n->f[0] = f0;
    n->f[1] = f1;
  }
  return out;
}

/* --- binary -------------------------------------------------------------------------------- */

static void add_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = g;
  gin[1] = g;
}
static const gs_op_def add_def = {"add", add_backward};

gs_tensor *gs_add(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return binary_op(ctx, "gs_add", GS_K_ADD, &add_def, a, b);
}

gs_tensor *gs_add_into_fresh(gs_ctx *ctx, gs_tensor *fresh, gs_tensor *b, const char *op)
{
  gs_check_same_dtype(op, fresh, b);
  gs_tensor *eb = gs_expand(ctx, b, fresh->ndim, fresh->shape);
  gs_tensor *out = gs_view_of(ctx, fresh, fresh->ndim, fresh->shape, fresh->stride, fresh->offset);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_ADD, .dst = out, .src = {fresh, eb}}, op);
  gs_record(ctx, &add_def, out, 2, (gs_tensor *[]){fresh, eb});
  return out;
}

static void sub_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = g;
  if (need[1]) gin[1] = gs_neg(ctx, g);
}
static const gs_op_def sub_def = {"sub", sub_backward};

gs_tensor *gs_sub(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return binary_op(ctx, "gs_sub", GS_K_SUB, &sub_def, a, b);
}

static void mul_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  if (need[0]) gin[0] = gs_mul(ctx, g, n->in[1]);
  if (need[1]) gin[1] = gs_mul(ctx, g, n->in[0]);
}
static const gs_op_def mul_def = {"mul", mul_backward};

gs_tensor *gs_mul(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return binary_op(ctx, "gs_mul", GS_K_MUL, &mul_def, a, b);
}

/* d(a/b) = g/b, -g a/b² = -(g/b) (a/b) */
static void div_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gs_tensor *gb = gs_div(ctx, g, n->in[1]);
  if (need[0]) gin[0] = gb;
  if (need[1]) gin[1] = gs_neg(ctx, gs_mul(ctx, gb, n->out));
}
static const gs_op_def div_def = {"div", div_backward};

gs_tensor *gs_div(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return binary_op(ctx, "gs_div", GS_K_DIV, &div_def, a, b);
}

/* d(a^b) = g b a^(b-1), g a^b log a */
static void pow_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gs_tensor *a = n->in[0], *b = n->in[1];
  if (need[0]) gin[0] = gs_mul(ctx, g, gs_mul(ctx, b, gs_pow(ctx, a, gs_add_scalar(ctx, b, -1.0))));
  if (need[1]) gin[1] = gs_mul(ctx, g, gs_mul(ctx, n->out, gs_log(ctx, a)));
}
static const gs_op_def pow_def = {"pow", pow_backward};

gs_tensor *gs_pow(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return binary_op(ctx, "gs_pow", GS_K_POW, &pow_def, a, b);
}

/* Ties send the gradient to a. */
static void minmax_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                            gs_tensor **gin)
{
  gs_tensor *a = n->in[0], *b = n->in[1];
  bool is_max = n->i[0] != 0;
  gs_tensor *to_a = is_max ? gs_ge(ctx, a, b) : gs_ge(ctx, b, a);
  gs_tensor *zero = gs_scalar(ctx, g->dtype, 0.0);
  if (need[0]) gin[0] = gs_where(ctx, to_a, g, zero);
  if (need[1]) gin[1] = gs_where(ctx, to_a, zero, g);
}
static const gs_op_def minmax_def = {"minimum/maximum", minmax_backward};

static gs_tensor *minmax(gs_ctx *ctx, const char *name, gs_kop op, gs_tensor *a, gs_tensor *b)
{
  gs_tensor *ea, *eb;
  gs_tensor *out = binary_kernel(ctx, name, op, a, b, &ea, &eb, 0);
  gs_node *n = gs_record(ctx, &minmax_def, out, 2, (gs_tensor *[]){ea, eb});
  if (n) n->i[0] = op == GS_K_MAXIMUM;
  return out;
}

gs_tensor *gs_minimum(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return minmax(ctx, "gs_minimum", GS_K_MINIMUM, a, b);
}

gs_tensor *gs_maximum(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return minmax(ctx, "gs_maximum", GS_K_MAXIMUM, a, b);
}

gs_tensor *gs_gt(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return binary_op(ctx, "gs_gt", GS_K_CMP_GT, NULL, a, b);
}

gs_tensor *gs_ge(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return binary_op(ctx, "gs_ge", GS_K_CMP_GE, NULL, a, b);
}

gs_tensor *gs_eq(gs_ctx *ctx, gs_tensor *a, gs_tensor *b)
{
  return binary_op(ctx, "gs_eq", GS_K_CMP_EQ, NULL, a, b);
}

static void where_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gs_tensor *cond = n->in[0];
  gs_tensor *zero = gs_scalar(ctx, g->dtype, 0.0);
  if (need[1]) gin[1] = gs_where(ctx, cond, g, zero);
  if (need[2]) gin[2] = gs_where(ctx, cond, zero, g);
}
static const gs_op_def where_def = {"where", where_backward};

gs_tensor *gs_where(gs_ctx *ctx, gs_tensor *cond, gs_tensor *a, gs_tensor *b)
{
  const char *name = "gs_where";
  gs_check_float(name, a);
  gs_check_same_dtype(name, a, b);
  gs_check_same_backend(name, ctx, cond);
  gs_check_same_backend(name, ctx, a);
  gs_check_same_backend(name, ctx, b);
  int64_t ab[GS_MAX_DIMS], shape[GS_MAX_DIMS];
  int nd = gs_broadcast_shape(name, a, b, ab);
  gs_tensor tmp = *a; /* only its shape matters to gs_broadcast_shape */
  tmp.ndim = nd;
  for (int d = 0; d < nd; d++) tmp.shape[d] = ab[d];
  nd = gs_broadcast_shape(name, &tmp, cond, shape);
  gs_tensor *c = gs_detach(ctx, gs_cast(ctx, cond, a->dtype)); /* no gradient to cond */
  c = gs_expand(ctx, c, nd, shape);
  gs_tensor *ea = gs_expand(ctx, a, nd, shape), *eb = gs_expand(ctx, b, nd, shape);
  gs_tensor *out = gs_new(ctx, a->dtype, nd, shape);
  gs_exec(ctx, &(gs_kernel){.op = GS_K_WHERE, .dst = out, .src = {c, ea, eb}}, name);
  gs_record(ctx, &where_def, out, 3, (gs_tensor *[]){c, ea, eb});
  return out;
}

/* --- with a scalar ------------------------------------------------------------------------- */

static void add_scalar_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                gs_tensor **gin)
{
  gin[0] = g;
}
static const gs_op_def add_scalar_def = {"add_scalar", add_scalar_backward};

gs_tensor *gs_add_scalar(gs_ctx *ctx, gs_tensor *a, double s)
{
  return unary_op(ctx, "gs_add_scalar", GS_K_ADD_SCALAR, &add_scalar_def, a, s, 0);
}

static void mul_scalar_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                gs_tensor **gin)
{
  gin[0] = gs_mul_scalar(ctx, g, n->f[0]);
}
static const gs_op_def mul_scalar_def = {"mul_scalar", mul_scalar_backward};

gs_tensor *gs_mul_scalar(gs_ctx *ctx, gs_tensor *a, double s)
{
  return unary_op(ctx, "gs_mul_scalar", GS_K_MUL_SCALAR, &mul_scalar_def, a, s, 0);
}

static void neg_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_neg(ctx, g);
}
static const gs_op_def rsub_scalar_def = {"rsub_scalar", neg_backward};
static const gs_op_def neg_def = {"neg", neg_backward};

gs_tensor *gs_rsub_scalar(gs_ctx *ctx, gs_tensor *a, double s)
{
  return unary_op(ctx, "gs_rsub_scalar", GS_K_RSUB_SCALAR, &rsub_scalar_def, a, s, 0);
}

gs_tensor *gs_neg(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_neg", GS_K_NEG, &neg_def, a, 0, 0);
}

static void pow_scalar_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                gs_tensor **gin)
{
  double p = n->f[0];
  if (p == 0)
    gin[0] = gs_mul_scalar(ctx, g, 0.0);
  else if (p == 1)
    gin[0] = g;
  else if (p == 2)
    gin[0] = gs_mul(ctx, g, gs_mul_scalar(ctx, n->in[0], 2.0));
  else
    gin[0] = gs_mul(ctx, g, gs_mul_scalar(ctx, gs_pow_scalar(ctx, n->in[0], p - 1), p));
}
static const gs_op_def pow_scalar_def = {"pow_scalar", pow_scalar_backward};

gs_tensor *gs_pow_scalar(gs_ctx *ctx, gs_tensor *a, double p)
{
  return unary_op(ctx, "gs_pow_scalar", GS_K_POW_SCALAR, &pow_scalar_def, a, p, 0);
}

/* The gradient passes where the output equals the input: x < s for the minimum, x > s for the
 * maximum, lo <= x <= hi for clamp. */
static void min_scalar_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, gs_rsub_scalar(ctx, gs_step(ctx, n->in[0], n->f[0]), 1.0));
}
static const gs_op_def min_scalar_def = {"minimum_scalar", min_scalar_backward};

gs_tensor *gs_minimum_scalar(gs_ctx *ctx, gs_tensor *a, double s)
{
  return unary_op(ctx, "gs_minimum_scalar", GS_K_MIN_SCALAR, &min_scalar_def, a, s, 0);
}

static void max_scalar_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, gs_step(ctx, n->in[0], n->f[0]));
}
static const gs_op_def max_scalar_def = {"maximum_scalar", max_scalar_backward};

gs_tensor *gs_maximum_scalar(gs_ctx *ctx, gs_tensor *a, double s)
{
  return unary_op(ctx, "gs_maximum_scalar", GS_K_MAX_SCALAR, &max_scalar_def, a, s, 0);
}

static void clamp_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, gs_clamp_mask(ctx, n->in[0], n->f[0], n->f[1]));
}
static const gs_op_def clamp_def = {"clamp", clamp_backward};

gs_tensor *gs_clamp(gs_ctx *ctx, gs_tensor *a, double lo, double hi)
{
  GS_ASSERT(lo <= hi, "gs_clamp: lo %g is above hi %g", lo, hi);
  return unary_op(ctx, "gs_clamp", GS_K_CLAMP, &clamp_def, a, lo, hi);
}

gs_tensor *gs_step(gs_ctx *ctx, gs_tensor *a, double threshold)
{
  return unary_op(ctx, "gs_step", GS_K_STEP, NULL, a, threshold, 0);
}

gs_tensor *gs_leaky_step(gs_ctx *ctx, gs_tensor *a, double slope)
{
  return unary_op(ctx, "gs_leaky_step", GS_K_LEAKY_STEP, NULL, a, slope, 0);
}

static void mul_leaky_step_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                    gs_tensor **gin)
{
  if (need[0]) gin[0] = gs_mul_leaky_step(ctx, g, n->in[1], n->f[0]);
  /* nothing to x: the step is flat almost everywhere */
}
static const gs_op_def mul_leaky_step_def = {"mul_leaky_step", mul_leaky_step_backward};

gs_tensor *gs_mul_leaky_step(gs_ctx *ctx, gs_tensor *g, gs_tensor *x, double slope)
{
  const char *name = "gs_mul_leaky_step";
  gs_backend *be = ctx->be;
  if (!be->vt->supports(be, GS_K_MUL_LEAKY_STEP, g->dtype))
    return gs_mul(ctx, g, gs_leaky_step(ctx, x, slope));
  gs_tensor *ea, *eb;
  gs_tensor *out = binary_kernel(ctx, name, GS_K_MUL_LEAKY_STEP, g, x, &ea, &eb, slope);
  gs_node *n = gs_record(ctx, &mul_leaky_step_def, out, 2, (gs_tensor *[]){ea, eb});
  if (n) n->f[0] = slope;
  return out;
}

gs_tensor *gs_clamp_mask(gs_ctx *ctx, gs_tensor *a, double lo, double hi)
{
  return unary_op(ctx, "gs_clamp_mask", GS_K_CLAMP_MASK, NULL, a, lo, hi);
}

/* --- unary --------------------------------------------------------------------------------- */

static void exp_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, n->out);
}
static const gs_op_def exp_def = {"exp", exp_backward};

gs_tensor *gs_exp(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_exp", GS_K_EXP, &exp_def, a, 0, 0);
}

static void log_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_div(ctx, g, n->in[0]);
}
static const gs_op_def log_def = {"log", log_backward};

gs_tensor *gs_log(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_log", GS_K_LOG, &log_def, a, 0, 0);
}

static void sqrt_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_div(ctx, gs_mul_scalar(ctx, g, 0.5), n->out);
}
static const gs_op_def sqrt_def = {"sqrt", sqrt_backward};

gs_tensor *gs_sqrt(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_sqrt", GS_K_SQRT, &sqrt_def, a, 0, 0);
}

static void square_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                            gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, gs_mul_scalar(ctx, n->in[0], 2.0));
}
static const gs_op_def square_def = {"square", square_backward};

gs_tensor *gs_square(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_square", GS_K_SQUARE, &square_def, a, 0, 0);
}

static void abs_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, gs_sign(ctx, n->in[0]));
}
static const gs_op_def abs_def = {"abs", abs_backward};

gs_tensor *gs_abs(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_abs", GS_K_ABS, &abs_def, a, 0, 0);
}

gs_tensor *gs_sign(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_sign", GS_K_SIGN, NULL, a, 0, 0);
}

static void relu_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_mul_leaky_step(ctx, g, n->in[0], 0.0);
}
static const gs_op_def relu_def = {"relu", relu_backward};

gs_tensor *gs_relu(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_relu", GS_K_RELU, &relu_def, a, 0, 0);
}

static void leaky_relu_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                                gs_tensor **gin)
{
  gin[0] = gs_mul_leaky_step(ctx, g, n->in[0], n->f[0]);
}
static const gs_op_def leaky_relu_def = {"leaky_relu", leaky_relu_backward};

gs_tensor *gs_leaky_relu(gs_ctx *ctx, gs_tensor *a, double slope)
{
  return unary_op(ctx, "gs_leaky_relu", GS_K_LEAKY_RELU, &leaky_relu_def, a, slope, 0);
}

/* elu'(x) = 1 for x > 0, alpha e^x = out + alpha below */
static void elu_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gs_tensor *below = gs_mul(ctx, g, gs_add_scalar(ctx, n->out, n->f[0]));
  gin[0] = gs_where(ctx, gs_step(ctx, n->in[0], 0.0), g, below);
}
static const gs_op_def elu_def = {"elu", elu_backward};

gs_tensor *gs_elu(gs_ctx *ctx, gs_tensor *a, double alpha)
{
  return unary_op(ctx, "gs_elu", GS_K_ELU, &elu_def, a, alpha, 0);
}

static void tanh_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, gs_rsub_scalar(ctx, gs_square(ctx, n->out), 1.0));
}
static const gs_op_def tanh_def = {"tanh", tanh_backward};

gs_tensor *gs_tanh(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_tanh", GS_K_TANH, &tanh_def, a, 0, 0);
}

static void sigmoid_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                             gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, gs_mul(ctx, n->out, gs_rsub_scalar(ctx, n->out, 1.0)));
}
static const gs_op_def sigmoid_def = {"sigmoid", sigmoid_backward};

gs_tensor *gs_sigmoid(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_sigmoid", GS_K_SIGMOID, &sigmoid_def, a, 0, 0);
}

static void softplus_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need,
                              gs_tensor **gin)
{
  gin[0] = gs_mul(ctx, g, gs_sigmoid(ctx, n->in[0]));
}
static const gs_op_def softplus_def = {"softplus", softplus_backward};

gs_tensor *gs_softplus(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_softplus", GS_K_SOFTPLUS, &softplus_def, a, 0, 0);
}

/* silu'(x) = s + x s (1 - s) with s = sigmoid(x) */
static void silu_backward(gs_ctx *ctx, gs_node *n, gs_tensor *g, const bool *need, gs_tensor **gin)
{
  gs_tensor *x = n->in[0], *s = gs_sigmoid(ctx, x);
  gs_tensor *d = gs_add(ctx, s, gs_mul(ctx, x, gs_mul(ctx, s, gs_rsub_scalar(ctx, s, 1.0))));
  gin[0] = gs_mul(ctx, g, d);
}
static const gs_op_def silu_def = {"silu", silu_backward};

gs_tensor *gs_silu(gs_ctx *ctx, gs_tensor *a)
{
  return unary_op(ctx, "gs_silu", GS_K_SILU, &silu_def, a, 0, 0);
}
