/* test-nn.c — layers and training end to end: MLPs to 100% accuracy on XOR and two moons,
 * bit-identical runs for a fixed seed, constant arena memory in a steady loop, initializer
 * statistics, names and parameter lists; forward-only host inference (gs_mlp_infer) against
 * gs_mlp_forward. */
#include "gs-test-util.h"

/* Train a binary MLP classifier full-batch with Adam and BCE-with-logits; returns the training
 * accuracy and copies the final parameters (F32, concatenated) into *weights when asked. */
static double train_classifier(gs_backend *be, const float *points, const float *labels, int n,
                               const int64_t *widths, int n_widths, gs_act hidden, double lr,
                               int steps, uint64_t seed, float **weights, int64_t *n_weights)
{
  gs_ctx *model = gs_ctx_new(be), *step = gs_ctx_new(be);
  gs_rng rng = gs_rng_new(seed);
  gs_mlp *mlp = gs_mlp_new(model, &rng, n_widths, widths,
                           &(gs_mlp_config){.hidden = hidden,
                                            .hidden_param = 0.2,
                                            .output = GS_ACT_NONE,
                                            .bias = true,
                                            .init = GS_INIT_UNIFORM_FANIN});
  gs_params params = {0};
  gs_mlp_collect(mlp, "net.", &params);
  gs_optim_config oc = gs_optim_config_default(GS_OPTIM_ADAM);
  gs_optim *opt = gs_optim_new(model, &oc, &params);
  gs_tensor *x = gs_from_data(model, GS_F32, 2, (int64_t[]){n, 2}, points);
  gs_tensor *y = gs_from_data(model, GS_F32, 2, (int64_t[]){n, 1}, labels);
  for (int it = 0; it < steps; it++) {
    gs_tensor *loss = gs_bce_with_logits(step, gs_mlp_forward(step, mlp, x), y);
    gs_tensor **g = gs_grad(step, loss, NULL, params.n, params.tensors, false);
    gs_optim_step(opt, g, lr);
    gs_ctx_reset(step);
  }
  gs_tensor *logits = gs_mlp_forward(step, mlp, x);
  float *out = g_new(float, n);
  gs_read(logits, out);
  int correct = 0;
  for (int i = 0; i < n; i++) correct += (out[i] > 0) == (labels[i] > 0.5f);
  g_free(out);
  if (weights) {
    *n_weights = gs_params_numel(&params);
    *weights = g_new(float, *n_weights);
    float *at = *weights;
    for (int i = 0; i < params.n; i++) {
      gs_read(params.tensors[i], at);
      at += gs_numel(params.tensors[i]);
    }
  }
  gs_optim_free(opt);
  gs_params_clear(&params);
  gs_ctx_free(step);
  gs_ctx_free(model);
  return (double) correct / n;
}

static void test_xor(void)
{
  const float points[8] = {0, 0, 0, 1, 1, 0, 1, 1};
  const float labels[4] = {0, 1, 1, 0};
  double acc = train_classifier(test_be(), points, labels, 4, (int64_t[]){2, 8, 1}, 3, GS_ACT_TANH,
                                0.05, 300, 1, NULL, NULL);
  g_assert_cmpfloat(acc, ==, 1.0);
}

/* n Adam steps on sum((w - t)²) from state (w0, optimizer state, step count), in place. */
static void adam_steps(gs_backend *be, float *w, float *m, float *v, int64_t *steps, int n)
{
  gs_ctx *model = gs_ctx_new(be), *step = gs_ctx_new(be);
  gs_tensor *wt = gs_from_data(model, GS_F32, 1, (int64_t[]){4}, w);
  gs_set_requires_grad(wt, true);
  gs_tensor *target = gs_from_data(model, GS_F32, 1, (int64_t[]){4}, (float[]){1, -2, 3, 0.5f});
  gs_params params = {0};
  gs_params_add(&params, "w", wt);
  gs_optim_config oc = gs_optim_config_default(GS_OPTIM_ADAM);
  gs_optim *opt = gs_optim_new(model, &oc, &params);
  const gs_params *state = gs_optim_state(opt);
  g_assert_cmpint(state->n, ==, 2); /* the two moments of w */
  gs_write(state->tensors[0], m);
  gs_write(state->tensors[1], v);
  gs_optim_set_steps(opt, *steps);
  for (int it = 0; it < n; it++) {
    gs_tensor *loss = gs_sum_all(step, gs_square(step, gs_sub(step, wt, target)));
    gs_optim_step(opt, gs_grad(step, loss, NULL, 1, &wt, false), 0.1);
    gs_ctx_reset(step);
  }
  gs_read(wt, w);
  gs_read(state->tensors[0], m);
  gs_read(state->tensors[1], v);
  *steps = gs_optim_steps(opt);
  gs_optim_free(opt);
  gs_params_clear(&params);
  gs_ctx_free(step);
  gs_ctx_free(model);
}

/* A run resumed from its saved state (weights, moments and step count) continues exactly as
 * the uninterrupted run: Adam's bias correction needs the step count back. */
static void test_optim_resume(void)
{
  float w1[4] = {0}, m1[4] = {0}, v1[4] = {0}, w2[4] = {0}, m2[4] = {0}, v2[4] = {0};
  int64_t s1 = 0, s2 = 0;
  adam_steps(test_be(), w1, m1, v1, &s1, 10);
  adam_steps(test_be(), w2, m2, v2, &s2, 5);
  adam_steps(test_be(), w2, m2, v2, &s2, 5);
  g_assert_cmpint(s1, ==, 10);
  g_assert_cmpint(s2, ==, 10);
  g_assert_cmpfloat(fabsf(w1[0] - 1), <, 0.5f); /* it moved towards the target */
  g_assert_cmpmem(w1, sizeof w1, w2, sizeof w2);
  /* Without the step count the bias correction restarts and the path differs. */
  float w3[4] = {0}, m3[4] = {0}, v3[4] = {0};
  int64_t s3 = 0;
  adam_steps(test_be(), w3, m3, v3, &s3, 5);
  s3 = 0;
  adam_steps(test_be(), w3, m3, v3, &s3, 5);
  g_assert_true(memcmp(w1, w3, sizeof w1) != 0);
}

/* scikit-learn's make_moons: two interleaved half circles with Gaussian noise. */
static void make_moons(int n, double noise, uint64_t seed, float *points, float *labels)
{
  gs_rng rng = gs_rng_new(seed);
  for (int i = 0; i < n; i++) {
    bool inner = i >= n / 2;
    double t = M_PI * gs_rng_uniform(&rng);
    double x = inner ? 1 - cos(t) : cos(t), y = inner ? 0.5 - sin(t) : sin(t);
    points[2 * i] = (float) (x + noise * gs_rng_normal(&rng));
    points[2 * i + 1] = (float) (y + noise * gs_rng_normal(&rng));
    labels[i] = inner ? 1.0f : 0.0f;
  }
}

static void test_two_moons(void)
{
  enum { N = 200 };
  float points[2 * N], labels[N];
  make_moons(N, 0.1, 7, points, labels);
  double acc = train_classifier(test_be(), points, labels, N, (int64_t[]){2, 32, 32, 1}, 4,
                                GS_ACT_RELU, 0.01, 1500, 2, NULL, NULL);
  g_assert_cmpfloat(acc, ==, 1.0);
}

/* The same seed gives the same bits, run after run, at 1 and at 2 OpenBLAS threads (the 64-wide
 * layers run through OpenBLAS's sgemm). Across thread counts only the random streams are
 * identical: OpenBLAS may round a product differently when it splits it between threads. */
static void test_bit_identical(void)
{
  enum { N = 128 };
  float points[2 * N], labels[N];
  make_moons(N, 0.2, 3, points, labels);
  float *w[4], *noise[4];
  int64_t n[4];
  for (int run = 0; run < 4; run++) {
    gs_error err = {0};
    gs_backend_options o = {.threads = run < 2 ? 1 : 2};
    gs_backend *be = gs_backend_new(GS_BACKEND_CPU, &o, &err);
    g_assert_nonnull(be);
    train_classifier(be, points, labels, N, (int64_t[]){2, 64, 64, 1}, 4, GS_ACT_LEAKY_RELU, 0.01,
                     50, 11, &w[run], &n[run]);
    gs_ctx *ctx = gs_ctx_new(be);
    gs_rng rng = gs_rng_new(12);
    noise[run] = g_new(float, 1000);
    gs_read(gs_rand_normal(ctx, &rng, GS_F32, 1, (int64_t[]){1000}, 0, 1), noise[run]);
    gs_ctx_free(ctx);
    gs_backend_free(be);
  }
  for (int run = 1; run < 4; run++) {
    g_assert_cmpint(n[run], ==, n[0]);
    g_assert_cmpmem(noise[run], 1000 * sizeof(float), noise[0], 1000 * sizeof(float));
  }
  g_assert_cmpmem(w[1], n[1] * sizeof(float), w[0], n[0] * sizeof(float));
  g_assert_cmpmem(w[3], n[3] * sizeof(float), w[2], n[2] * sizeof(float));
  for (int run = 0; run < 4; run++) {
    g_free(w[run]);
    g_free(noise[run]);
  }
}

/* After the first steps, a training loop with gs_ctx_reset holds its memory constant. */
static void test_steady_memory(void)
{
  gs_ctx *model = gs_ctx_new(test_be()), *step = gs_ctx_new(test_be());
  gs_rng rng = gs_rng_new(4);
  int64_t widths[] = {2, 64, 64, 1};
  gs_mlp *d = gs_mlp_new(model, &rng, 4, widths,
                         &(gs_mlp_config){.hidden = GS_ACT_LEAKY_RELU,
                                          .hidden_param = 0.2,
                                          .bias = true,
                                          .init = GS_INIT_HE_UNIFORM});
  gs_params params = {0};
  gs_mlp_collect(d, "d.", &params);
  gs_optim_config oc = gs_optim_config_default(GS_OPTIM_ADAM);
  gs_optim *opt = gs_optim_new(model, &oc, &params);
  size_t model_bytes = gs_ctx_bytes_reserved(model);
  size_t reserved[50];
  for (int it = 0; it < 50; it++) {
    gs_tensor *x = gs_rand_normal(step, &rng, GS_F32, 2, (int64_t[]){256, 2}, 0, 1);
    gs_set_requires_grad(x, true);
    gs_tensor *f = gs_mlp_forward(step, d, x);
    gs_tensor *gx = gs_grad(step, gs_sum_all(step, f), NULL, 1, &x, true)[0];
    gs_tensor *loss = gs_add(step, gs_mean_all(step, gs_softplus(step, f)),
                             gs_mean_all(step, gs_square(step, gx)));
    gs_optim_step(opt, gs_grad(step, loss, NULL, params.n, params.tensors, false), 1e-3);
    reserved[it] = gs_ctx_bytes_reserved(step);
    gs_ctx_reset(step);
  }
  for (int it = 2; it < 50; it++) g_assert_cmpuint(reserved[it], ==, reserved[1]);
  g_assert_cmpuint(gs_ctx_bytes_reserved(model), ==, model_bytes);
  g_assert_cmpuint(gs_ctx_bytes_in_use(step), <, 1024 * 1024);
  gs_optim_free(opt);
  gs_params_clear(&params);
  gs_ctx_free(step);
  gs_ctx_free(model);
}

static void test_initializers(void)
{
  gs_ctx *ctx = gs_ctx_new(test_be());
  const double fan_in = 400, fan_out = 300;
  struct {
    gs_init init;
    double std;
  } want[] = {
      {GS_INIT_UNIFORM_FANIN, 1 / sqrt(fan_in) / sqrt(3)},
      {GS_INIT_NORMAL_FANIN, 1 / sqrt(fan_in)},
      {GS_INIT_GLOROT_UNIFORM, sqrt(6 / (fan_in + fan_out)) / sqrt(3)},
      {GS_INIT_GLOROT_NORMAL, sqrt(2 / (fan_in + fan_out))},
      {GS_INIT_HE_UNIFORM, sqrt(6 / fan_in) / sqrt(3)},
      {GS_INIT_HE_NORMAL, sqrt(2 / fan_in)},
  };
  gs_rng rng = gs_rng_new(8);
  for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
    gs_tensor *w = gs_new(ctx, GS_F32, 4, (int64_t[]){300, 100, 2, 2});
    gs_init_weight_(w, &rng, want[i].init);
    double mean = gs_item(gs_mean_all(ctx, w));
    double std = sqrt(gs_item(gs_mean_all(ctx, gs_square(ctx, w))));
    g_assert_cmpfloat(fabs(mean), <, 0.02 * want[i].std);
    g_assert_cmpfloat(fabs(std / want[i].std - 1), <, 0.01);
    gs_init parsed;
    g_assert_true(gs_init_from_name(gs_init_name(want[i].init), &parsed));
    g_assert_cmpint(parsed, ==, want[i].init);
  }
  gs_ctx_free(ctx);
}

static void test_layers_and_names(void)
{
  gs_ctx *model = gs_ctx_new(test_be()), *ctx = gs_ctx_new(test_be());
  gs_rng rng = gs_rng_new(9);
  gs_mlp *m = gs_mlp_new(model, &rng, 3, (int64_t[]){3, 5, 2},
                         &(gs_mlp_config){.hidden = GS_ACT_SILU,
                                          .output = GS_ACT_SIGMOID,
                                          .bias = false,
                                          .init = GS_INIT_GLOROT_NORMAL});
  gs_params p = {0};
  gs_mlp_collect(m, "g.", &p);
  g_assert_cmpint(p.n, ==, 2);
  g_assert_cmpstr(p.names[0], ==, "g.0.weight");
  g_assert_cmpstr(p.names[1], ==, "g.1.weight");
  g_assert_true(gs_params_find(&p, "g.1.weight") == m->layers[1].weight);
  g_assert_null(gs_params_find(&p, "g.0.bias"));
  g_assert_cmpint(gs_params_numel(&p), ==, 15 + 10);
  gs_tensor *y = gs_mlp_forward(ctx, m, gs_ones(ctx, GS_F32, 2, (int64_t[]){4, 3}));
  test_assert_shape(y, 2, (int64_t[]){4, 2});
  double *v = test_values(y);
  for (int i = 0; i < 8; i++) g_assert_true(v[i] > 0 && v[i] < 1);
  g_free(v);
  gs_params_clear(&p);

  gs_conv2d_layer conv;
  gs_conv2d_layer_init(&conv, model, &rng, 3, 8, 3, 2, 1, true, GS_INIT_HE_NORMAL);
  gs_tensor *img = gs_zeros(ctx, GS_F32, 4, (int64_t[]){2, 3, 28, 28});
  test_assert_shape(gs_conv2d_layer_forward(ctx, &conv, img), 4, (int64_t[]){2, 8, 14, 14});

  for (int a = 0; a < GS_ACT_COUNT; a++) {
    gs_act parsed;
    g_assert_true(gs_act_from_name(gs_act_name(a), &parsed));
    g_assert_cmpint(parsed, ==, a);
  }
  g_assert_true(gs_act_is_smooth(GS_ACT_SOFTPLUS));
  g_assert_false(gs_act_is_smooth(GS_ACT_LEAKY_RELU));
  for (int k = 0; k < GS_OPTIM_COUNT; k++) {
    gs_optim_kind parsed;
    g_assert_true(gs_optim_kind_from_name(gs_optim_kind_name(k), &parsed));
    g_assert_cmpint(parsed, ==, k);
  }
  gs_ctx_free(ctx);
  gs_ctx_free(model);
}

/* gs_mlp_infer gives gs_mlp_forward's values (float rounding aside) for widths that
 * do and do not fill its tiles, 0 to 3 hidden layers, several outputs, row counts that do not
 * fill its blocks; and declines activations it does not have. */
static void test_infer(void)
{
  static const struct {
    int n_widths;
    int64_t widths[5];
    gs_act act;
    double param;
  } nets[] = {
      {4, {2, 64, 64, 1}, GS_ACT_RELU, 0},        /* the landscape's default D */
      {4, {2, 5, 17, 1}, GS_ACT_LEAKY_RELU, 0.2}, /* narrow hidden, tiles half full */
      {2, {2, 1}, GS_ACT_RELU, 0},                /* no hidden layer */
      {5, {3, 40, 9, 33, 3}, GS_ACT_NONE, 0},     /* three outputs, narrow then tiled */
      {4, {2, 512, 16, 1}, GS_ACT_LEAKY_RELU, 0.01},
      {5, {2, 32, 32, 32, 1}, GS_ACT_RELU, 0}, /* a third hidden layer after the walk */
      {3, {2, 64, 3}, GS_ACT_LEAKY_RELU, 0.2}, /* the walked layer is the output */
  };
  gs_backend *be = test_be();
  gs_ctx *model = gs_ctx_new(be), *ctx = gs_ctx_new(be);
  for (guint i = 0; i < G_N_ELEMENTS(nets); i++) {
    gs_rng rng = gs_rng_new(17 + i);
    gs_mlp_config mc = {.hidden = nets[i].act,
                        .hidden_param = nets[i].param,
                        .output = GS_ACT_NONE,
                        .bias = true,
                        .init = GS_INIT_UNIFORM_FANIN};
    const gs_mlp *mlp = gs_mlp_new(model, &rng, nets[i].n_widths, nets[i].widths, &mc);
    /* non-zero biases, so a wrong bias layout shows */
    for (int l = 0; l < mlp->n_layers; l++)
      gs_init_weight_(mlp->layers[l].bias, &rng, GS_INIT_UNIFORM_FANIN);
    const int in = (int) nets[i].widths[0], out = (int) nets[i].widths[nets[i].n_widths - 1];
    const gsize n = 1000;
    g_autofree float *x = g_new(float, n *in), *want = g_new(float, n *out),
                     *got = g_new(float, n *out);
    for (gsize k = 0; k < n * in; k++) x[k] = (float) (4 * gs_rng_uniform(&rng) - 2);
    gs_read(gs_mlp_forward(ctx, mlp, gs_from_data(ctx, GS_F32, 2, (int64_t[]){n, in}, x)), want);
    gs_ctx_reset(ctx);
    gs_mlp_infer *h = gs_mlp_infer_new(model, mlp);
    g_assert_nonnull(h);
    gs_mlp_infer_forward(h, x, n, got);
    gs_mlp_infer_free(h);
    double scale = 0;
    for (gsize k = 0; k < n * out; k++) scale = MAX(scale, fabs(want[k]));
    g_assert_cmpfloat(scale, >, 1e-3);
    for (gsize k = 0; k < n * out; k++)
      g_assert_cmpfloat_with_epsilon(got[k], want[k], 1e-5 * scale + 1e-6);
    if (in != 2) continue;
    /* on a grid (37² points: blocks not filled, rows across blocks), walked along its rows */
    enum { RES = 37 };
    const double box[4] = {-3, 2.5, -1.5, 4};
    g_autofree float *gxy = g_new(float, 2 * RES * RES), *gwant = g_new(float, RES *RES *out),
                     *ggot = g_new(float, RES *RES *out);
    for (int j = 0; j < RES; j++)
      for (int q = 0; q < RES; q++) {
        gxy[2 * (j * RES + q)] = (float) (box[0] + q * (box[1] - box[0]) / (RES - 1));
        gxy[2 * (j * RES + q) + 1] = (float) (box[2] + j * (box[3] - box[2]) / (RES - 1));
      }
    gs_read(gs_mlp_forward(ctx, mlp, gs_from_data(ctx, GS_F32, 2, (int64_t[]){RES * RES, 2}, gxy)),
            gwant);
    gs_ctx_reset(ctx);
    h = gs_mlp_infer_new(model, mlp);
    gs_mlp_infer_grid(h, box, RES, ggot);
    gs_mlp_infer_free(h);
    scale = 0;
    for (gsize k = 0; k < (gsize) RES * RES * out; k++) scale = MAX(scale, fabs(gwant[k]));
    for (gsize k = 0; k < (gsize) RES * RES * out; k++)
      g_assert_cmpfloat_with_epsilon(ggot[k], gwant[k], 1e-5 * scale + 1e-6);
  }
  gs_rng rng = gs_rng_new(3);
  gs_mlp_config smooth = {.hidden = GS_ACT_TANH, .output = GS_ACT_NONE, .bias = true};
  g_assert_null(gs_mlp_infer_new(model, gs_mlp_new(model, &rng, 3, (int64_t[]){2, 8, 1}, &smooth)));
  gs_ctx_free(ctx);
  gs_ctx_free(model);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/nn/optim-resume", test_optim_resume);
  g_test_add_func("/nn/xor", test_xor);
  g_test_add_func("/nn/two-moons", test_two_moons);
  g_test_add_func("/nn/bit-identical", test_bit_identical);
  g_test_add_func("/nn/steady-memory", test_steady_memory);
  g_test_add_func("/nn/initializers", test_initializers);
  g_test_add_func("/nn/layers-and-names", test_layers_and_names);
  g_test_add_func("/nn/infer", test_infer);
  int rc = g_test_run();
  gs_backend_free(test_backend);
  return rc;
}
