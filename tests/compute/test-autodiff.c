/* test-autodiff.c — what gs_grad records and returns, and derivatives of higher order: a WGAN-GP
 * penalty (second order), an order-2 Hessian penalty (third order), input gradients, and
 * differentiation through an unrolled solver, each against finite differences in F64. */
#include "gs-test-util.h"

/* --- a finite-difference helper over one parameter tensor ---------------------------------- */

typedef double (*scalar_fn)(gs_ctx *ctx, void *data);

/* Compare the analytic gradient g (of fn w.r.t. p) with central differences. */
static void check_against_fd(const char *what, gs_ctx *scratch, gs_tensor *p, const gs_tensor *g,
                             scalar_fn fn, void *data, double rtol)
{
  int64_t n = gs_numel(p);
  double *v = test_read_f64(p), *a = test_read_f64(g);
  const double h = 1e-5;
  for (int64_t j = 0; j < n; j++) {
    double keep = v[j];
    v[j] = keep + h;
    gs_write(p, v);
    gs_ctx_reset(scratch);
    double up = fn(scratch, data);
    v[j] = keep - h;
    gs_write(p, v);
    gs_ctx_reset(scratch);
    double down = fn(scratch, data);
    v[j] = keep;
    gs_write(p, v);
    double numeric = (up - down) / (2 * h);
    double tol = 1e-6 + rtol * fabs(numeric);
    if (!(fabs(a[j] - numeric) <= tol))
      g_error("%s: element %" G_GINT64_FORMAT ": autodiff %.10g, finite differences %.10g", what, j,
              a[j], numeric);
  }
  gs_ctx_reset(scratch);
  g_free(v);
  g_free(a);
}

static gs_tensor *random_f64(gs_ctx *ctx, uint64_t seed, int ndim, const int64_t *shape,
                             double scale)
{
  gs_rng rng = gs_rng_new(seed);
  gs_tensor *t = gs_rand_normal(ctx, &rng, GS_F64, ndim, shape, 0.0, scale);
  gs_set_requires_grad(t, true);
  return t;
}

/* --- a smooth critic f(x) = w2 · softplus(tanh(x W1ᵀ + b1)) ------------------------------- */

typedef struct critic {
  gs_tensor *w1, *b1, *w2, *x;
} critic;

static gs_tensor *critic_forward(gs_ctx *ctx, const critic *c, gs_tensor *x)
{
  gs_tensor *h = gs_tanh(ctx, gs_linear(ctx, x, c->w1, c->b1)); // (N, 6)
  return gs_matmul(ctx, gs_softplus(ctx, h), gs_t(ctx, c->w2)); // (N, 1)
}

static critic make_critic(gs_ctx *ctx)
{
  critic c;
  c.w1 = random_f64(ctx, 1, 2, (int64_t[]){6, 2}, 0.8);
  c.b1 = random_f64(ctx, 2, 1, (int64_t[]){6}, 0.3);
  c.w2 = random_f64(ctx, 3, 2, (int64_t[]){1, 6}, 0.8);
  c.x = random_f64(ctx, 4, 2, (int64_t[]){5, 2}, 1.0);
  return c;
}

/* WGAN-GP's penalty mean((‖∇x f‖ - 1)²): needs second order for the weight gradient. */
static gs_tensor *gp_penalty(gs_ctx *ctx, const critic *c)
{
  gs_tensor *x = c->x;
  gs_tensor *f = critic_forward(ctx, c, x);
  gs_tensor *g = gs_grad(ctx, gs_sum_all(ctx, f), NULL, 1, &x, true)[0];     // (N, 2)
  gs_tensor *norm = gs_sqrt(ctx, gs_sum(ctx, gs_square(ctx, g), -1, false)); // (N)
  return gs_mean_all(ctx, gs_square(ctx, gs_add_scalar(ctx, norm, -1.0)));
}

static double gp_value(gs_ctx *ctx, void *data)
{
  return gs_item(gp_penalty(ctx, data));
}

static void test_wgan_gp_second_order(void)
{
  gs_ctx *model = gs_ctx_new(test_be()), *step = gs_ctx_new(test_be());
  critic c = make_critic(model);
  gs_tensor *params[3] = {c.w1, c.b1, c.w2};
  gs_tensor **g = gs_grad(step, gp_penalty(step, &c), NULL, 3, params, false);
  gs_ctx *scratch = gs_ctx_new(test_be());
  check_against_fd("gp d/dw1", scratch, c.w1, g[0], gp_value, &c, 1e-5);
  check_against_fd("gp d/db1", scratch, c.b1, g[1], gp_value, &c, 1e-5);
  check_against_fd("gp d/dw2", scratch, c.w2, g[2], gp_value, &c, 1e-5);
  gs_ctx_free(scratch);
  gs_ctx_free(step);
  gs_ctx_free(model);
}

/* Σ_n ‖∇²x f(x_n)‖²_F: row k of every sample's Hessian is ∇x (Σ_n ∂f/∂x_k), since samples are
 * independent. Its weight gradient needs third order. */
static gs_tensor *hessian_penalty(gs_ctx *ctx, const critic *c)
{
  gs_tensor *x = c->x;
  gs_tensor *f = critic_forward(ctx, c, x);
  gs_tensor *g = gs_grad(ctx, gs_sum_all(ctx, f), NULL, 1, &x, true)[0]; // (N, 2)
  gs_tensor *pen = NULL;
  for (int k = 0; k < 2; k++) {
    gs_tensor *gk = gs_sum_all(ctx, gs_slice(ctx, g, 1, k, k + 1));
    gs_tensor *row = gs_grad(ctx, gk, NULL, 1, &x, true)[0]; // (N, 2)
    gs_tensor *s = gs_sum_all(ctx, gs_square(ctx, row));
    pen = pen ? gs_add(ctx, pen, s) : s;
  }
  return pen;
}

static double hessian_value(gs_ctx *ctx, void *data)
{
  return gs_item(hessian_penalty(ctx, data));
}

static void test_hessian_penalty_third_order(void)
{
  gs_ctx *model = gs_ctx_new(test_be()), *step = gs_ctx_new(test_be());
  critic c = make_critic(model);
  gs_tensor *params[4] = {c.w1, c.b1, c.w2, c.x};
  gs_tensor **g = gs_grad(step, hessian_penalty(step, &c), NULL, 4, params, false);
  gs_ctx *scratch = gs_ctx_new(test_be());
  check_against_fd("hessian d/dw1", scratch, c.w1, g[0], hessian_value, &c, 1e-5);
  check_against_fd("hessian d/db1", scratch, c.b1, g[1], hessian_value, &c, 1e-5);
  check_against_fd("hessian d/dw2", scratch, c.w2, g[2], hessian_value, &c, 1e-5);
  check_against_fd("hessian d/dx", scratch, c.x, g[3], hessian_value, &c, 1e-5);
  gs_ctx_free(scratch);
  gs_ctx_free(step);
  gs_ctx_free(model);
}

/* --- differentiating through an unrolled solver -------------------------------------------- */

typedef struct solver {
  gs_tensor *A, *b, *target;
} solver;

/* K steps of gradient descent on ½‖A z - b‖² from z = 0, then ‖z - target‖². */
static gs_tensor *unrolled_loss(gs_ctx *ctx, const solver *s)
{
  gs_tensor *z = gs_zeros(ctx, GS_F64, 2, (int64_t[]){3, 1});
  for (int k = 0; k < 8; k++) {
    gs_tensor *r = gs_sub(ctx, gs_matmul(ctx, s->A, z), s->b); // (4, 1)
    gs_tensor *grad = gs_matmul(ctx, gs_t(ctx, s->A), r);      // (3, 1)
    z = gs_sub(ctx, z, gs_mul_scalar(ctx, grad, 0.1));
  }
  return gs_sum_all(ctx, gs_square(ctx, gs_sub(ctx, z, s->target)));
}

static double unrolled_value(gs_ctx *ctx, void *data)
{
  return gs_item(unrolled_loss(ctx, data));
}

static void test_unrolled_solver(void)
{
  gs_ctx *model = gs_ctx_new(test_be()), *step = gs_ctx_new(test_be());
  solver s = {
      .A = random_f64(model, 11, 2, (int64_t[]){4, 3}, 0.7),
      .b = random_f64(model, 12, 2, (int64_t[]){4, 1}, 1.0),
      .target = random_f64(model, 13, 2, (int64_t[]){3, 1}, 1.0),
  };
  gs_tensor *in[2] = {s.A, s.b};
  gs_tensor **g = gs_grad(step, unrolled_loss(step, &s), NULL, 2, in, false);
  gs_ctx *scratch = gs_ctx_new(test_be());
  check_against_fd("unrolled d/dA", scratch, s.A, g[0], unrolled_value, &s, 1e-6);
  check_against_fd("unrolled d/db", scratch, s.b, g[1], unrolled_value, &s, 1e-6);
  gs_ctx_free(scratch);
  gs_ctx_free(step);
  gs_ctx_free(model);
}

/* --- what gs_grad records and returns ------------------------------------------------------ */

static void test_grad_semantics(void)
{
  gs_ctx *ctx = gs_ctx_new(test_be());
  gs_tensor *x = test_tensor(ctx, GS_F64, 1, (int64_t[]){3}, (double[]){1, 2, 3});
  gs_tensor *unused = test_tensor(ctx, GS_F64, 1, (int64_t[]){2}, (double[]){5, 6});
  gs_set_requires_grad(x, true);
  gs_set_requires_grad(unused, true);

  /* x used twice accumulates: d/dx sum(x * x + x) = 2x + 1 */
  gs_tensor *y = gs_add(ctx, gs_mul(ctx, x, x), x);
  gs_tensor *l = gs_sum_all(ctx, y);
  size_t tape = gs_tape_length(ctx);
  gs_tensor **g = gs_grad(ctx, l, NULL, 2, (gs_tensor *[]){x, unused}, false);
  g_assert_cmpuint(gs_tape_length(ctx), ==, tape); /* nothing recorded without create_graph */
  g_assert_false(gs_requires_grad(g[0]));
  test_assert_close("accumulated", g[0], (double[]){3, 5, 7}, 0, 0);
  test_assert_close("independent input gets zeros", g[1], (double[]){0, 0}, 0, 0);

  /* backward(loss) is gs_grad of a single number */
  g = gs_backward(ctx, l, 1, &x);
  test_assert_close("backward", g[0], (double[]){3, 5, 7}, 0, 0);
  test_abort ta;
  g_assert_true(TEST_EXPECT_ABORT(&ta, gs_backward(ctx, y, 1, &x)));
  g_assert_nonnull(strstr(ta.message, "gs_backward: the loss (3) is not a single number"));

  /* an intermediate tensor as the input, and grad_out */
  gs_tensor *go = test_tensor(ctx, GS_F64, 1, (int64_t[]){3}, (double[]){1, 10, 100});
  g = gs_grad(ctx, y, go, 2, (gs_tensor *[]){y, x}, false);
  test_assert_close("grad w.r.t. out itself", g[0], (double[]){1, 10, 100}, 0, 0);
  test_assert_close("grad_out weights", g[1], (double[]){3, 50, 700}, 0, 0);

  /* create_graph records, and the result requires grad */
  tape = gs_tape_length(ctx);
  g = gs_grad(ctx, l, NULL, 1, &x, true);
  g_assert_cmpuint(gs_tape_length(ctx), >, tape);
  g_assert_true(gs_requires_grad(g[0]));
  gs_tensor *g2 = gs_grad(ctx, gs_sum_all(ctx, g[0]), NULL, 1, &x, false)[0];
  test_assert_close("second derivative of x² + x", g2, (double[]){2, 2, 2}, 0, 0);

  /* recording switched off */
  bool was = gs_set_grad_enabled(ctx, false);
  g_assert_true(was);
  tape = gs_tape_length(ctx);
  gs_tensor *z = gs_exp(ctx, x);
  g_assert_cmpuint(gs_tape_length(ctx), ==, tape);
  g_assert_false(gs_requires_grad(z));
  gs_set_grad_enabled(ctx, true);
  g_assert_true(gs_grad_enabled(ctx));

  /* detach cuts the graph; comparisons have no gradient */
  gs_tensor *d = gs_detach(ctx, x);
  g_assert_false(gs_requires_grad(d));
  g_assert_true(d->storage == x->storage);
  gs_tensor *m = gs_mul(ctx, gs_gt(ctx, x, gs_scalar(ctx, GS_F64, 1.5)), x);
  g = gs_grad(ctx, gs_sum_all(ctx, m), NULL, 1, &x, false);
  test_assert_close("mask has no gradient", g[0], (double[]){0, 1, 1}, 0, 0);

  /* ties: gs_max shares the gradient equally, gs_maximum gives it to its first operand */
  gs_tensor *t = test_tensor(ctx, GS_F64, 2, (int64_t[]){1, 4}, (double[]){1, 3, 3, 2});
  gs_set_requires_grad(t, true);
  g = gs_grad(ctx, gs_sum_all(ctx, gs_max(ctx, t, 1, false)), NULL, 1, &t, false);
  test_assert_close("max ties", g[0], (double[]){0, 0.5, 0.5, 0}, 0, 0);
  gs_tensor *u = test_tensor(ctx, GS_F64, 2, (int64_t[]){1, 4}, (double[]){1, 3, 0, 2});
  gs_set_requires_grad(u, true);
  g = gs_grad(ctx, gs_sum_all(ctx, gs_maximum(ctx, t, u)), NULL, 2, (gs_tensor *[]){t, u}, false);
  test_assert_close("maximum ties to a", g[0], (double[]){1, 1, 1, 1}, 0, 0);
  test_assert_close("maximum ties, b", g[1], (double[]){0, 0, 0, 0}, 0, 0);

  /* a branch that does not reach x (exp(other)) adds nothing to x's gradient */
  gs_tensor *other = test_tensor(ctx, GS_F64, 1, (int64_t[]){3}, (double[]){4, 5, 6});
  gs_set_requires_grad(other, true);
  gs_tensor *both = gs_add(ctx, gs_mul(ctx, x, other), gs_exp(ctx, other));
  g = gs_grad(ctx, gs_sum_all(ctx, both), NULL, 1, &x, false);
  test_assert_close("grad through one branch", g[0], (double[]){4, 5, 6}, 0, 0);
  gs_ctx_free(ctx);
}

/* A graph that crosses contexts: the generator's output made in one, used in another. */
static void test_grad_across_contexts(void)
{
  gs_ctx *model = gs_ctx_new(test_be()), *a = gs_ctx_new(test_be()), *b = gs_ctx_new(test_be());
  gs_tensor *w = test_tensor(model, GS_F64, 1, (int64_t[]){2}, (double[]){2, -1});
  gs_set_requires_grad(w, true);
  gs_tensor *h = gs_mul_scalar(a, w, 3.0);             // in a
  gs_tensor *l = gs_sum_all(b, gs_square(b, h));       // in b
  gs_tensor *g = gs_grad(b, l, NULL, 1, &w, false)[0]; // 18 w
  test_assert_close("across contexts", g, (double[]){36, -18}, 0, 0);
  gs_ctx_free(b);
  gs_ctx_free(a);
  gs_ctx_free(model);
}

/* A long chain (an unrolled loop of 20,000 steps) must not overflow any stack. */
static void test_long_chain(void)
{
  gs_ctx *ctx = gs_ctx_new(test_be());
  gs_tensor *x = test_tensor(ctx, GS_F64, 0, NULL, (double[]){1.0});
  gs_set_requires_grad(x, true);
  gs_tensor *y = x;
  for (int i = 0; i < 20000; i++) y = gs_add_scalar(ctx, gs_mul_scalar(ctx, y, 1.0), 0.0);
  gs_tensor *g = gs_grad(ctx, y, NULL, 1, &x, false)[0];
  g_assert_cmpfloat(gs_item(g), ==, 1.0);
  gs_ctx_free(ctx);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/autodiff/semantics", test_grad_semantics);
  g_test_add_func("/autodiff/across-contexts", test_grad_across_contexts);
  g_test_add_func("/autodiff/long-chain", test_long_chain);
  g_test_add_func("/autodiff/wgan-gp-second-order", test_wgan_gp_second_order);
  g_test_add_func("/autodiff/hessian-penalty-third-order", test_hessian_penalty_third_order);
  g_test_add_func("/autodiff/unrolled-solver", test_unrolled_solver);
  int rc = g_test_run();
  gs_backend_free(test_backend);
  return rc;
}
