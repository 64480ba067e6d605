/* gs-interpolant.c — the "interpolant" experiment kind (issue 8, methods.md §2): a generator
 * trained against a closed-form polyharmonic critic (Poly-WGAN, Poly-LSGAN), or, on the same
 * data, generator and seed, against a baseline: GMMN, or a trained MLP critic with WGAN-GP,
 * WGAN-LP, R1, R2, weight clipping or an order-m gradient penalty.
 *
 * One step = one generator update (and, for trained critics, d_steps critic updates first). The
 * closed-form critics are never trained: each step re-centres them on the current real and fake
 * batches (fakes detached: only the evaluation points carry gradient). Metrics: the generator
 * loss, mean D on real and fake, and every eval_every steps W2² between the batches' Gaussians
 * and their energy distance. Snapshots (2-D data) hold the batches and D with ∇D over a square
 * around them, recomputed from the stored batches so that a live change of m, ε or λ redraws at
 * once while paused.
 */
#include "gs-config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "datasets/gs-idx.h"
#include "datasets/gs-toy2d.h"
#include "experiments/common/gs-gan-loss.h"
#include "experiments/common/gs-sample-metrics.h"
#include "gs-compute.h"
#include "gs-interpolant.h"
#include "gs-polyharmonic.h"
#include "platform/gs-checkpoint.h"

enum {
  Z_DIM = 100,
  GRID_MAX = 256,
  QUIVER = 24,
  PHI_POINTS = 200,
  MAX_D_LAYERS = 6,
  MAX_G_LAYERS = 6,
  IMAGE_SIDE = 28,
  SAMPLE_TILES = 32, /* images in a snapshot: 16 generated, 16 real */
  ORDER_M_MAX_COMPONENTS = 16,
};

typedef enum {
  CRITIC_POLY_WGAN,
  CRITIC_POLY_LSGAN,
  CRITIC_GMMN,
  CRITIC_WGAN_GP,
  CRITIC_WGAN_LP,
  CRITIC_R1,
  CRITIC_R2,
  CRITIC_CLIP,
  CRITIC_ORDER_M,
} Critic;

static const GsParamChoice critic_choices[] = {
    {"poly-wgan", N_("Poly-WGAN (closed form)")},
    {"poly-lsgan", N_("Poly-LSGAN (closed-form spline)")},
    {"gmmn", N_("GMMN (Gaussian kernels)")},
    {"wgan-gp", N_("WGAN-GP (trained)")},
    {"wgan-lp", N_("WGAN-LP (trained)")},
    {"r1", N_("R1 penalty (trained)")},
    {"r2", N_("R2 penalty (trained)")},
    {"clip", N_("Weight clipping (trained)")},
    {"order-m", N_("Order-m gradient penalty (trained)")},
    {NULL, NULL}};

/* 2-D data come from the shared presets (app/datasets/gs-toy2d.h), listed by their ids. */
typedef enum { DATA_TOY2D, DATA_GAUSS, DATA_FMNIST } Data;

static const GsParamChoice data_choices[] = {
    {"g2", N_("g2: one Gaussian at (3.5, 3.5), σ 1.25")},
    {"gmm8", N_("gmm8: 8 Gaussians on a circle")},
    {"8gaussians", N_("8 Gaussians (ring)")},
    {"25gaussians", N_("25 Gaussians (grid)")},
    {"moons", N_("Two moons")},
    {"circles", N_("Circles")},
    {"spirals", N_("Spirals")},
    {"checkerboard", N_("Checkerboard")},
    {"gauss", N_("n-dimensional Gaussian")},
    {"fashion-mnist", N_("Fashion-MNIST pixels (n = 784)")},
    {NULL, NULL}};

#define TRAINED "critic=wgan-gp|wgan-lp|r1|r2|clip|order-m"

static const GsParamSpec schema[] = {
    {.name = "critic",
     .type = GS_PARAM_CHOICE,
     .label = N_("Critic"),
     .group = N_("Critic"),
     .choices = critic_choices,
     .def_text = "poly-wgan",
     .help = N_("Closed-form polyharmonic critics are computed from the batches and never "
                "trained; the others are baselines on the same data, generator and seed")},
    {.name = "m",
     .type = GS_PARAM_INT,
     .label = N_("Order m"),
     .group = N_("Critic"),
     .min = 1,
     .max = 400,
     .def = 1,
     .live = TRUE,
     .help = N_("Order of the gradient penalty: the kernel is r^k or r^k log r with k = 2m − n "
                "(a trained order-m critic exists for m ≤ 2, and for m = 3, 4 at n = 2)")},
    {.name = "eps",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Plummer ε"),
     .group = N_("Critic"),
     .min = 0,
     .max = 10,
     .def = 0,
     .live = TRUE,
     .relevant_if = "critic=poly-wgan",
     .help = N_("Softens r to √(r² + ε²); 0 excludes each centre's own term instead")},
    {.name = "green",
     .type = GS_PARAM_BOOL,
     .label = N_("Exact Green's constants"),
     .group = N_("Critic"),
     .def = 0,
     .live = TRUE,
     .relevant_if = "critic=poly-wgan",
     .help = N_("Show D as the theory's D* ∝ G * (p − q), with the exact constant of the "
                "fundamental solution G of (−Δ)^m; the generator is pushed the same way as with "
                "the official ±1/N weights, only at another scale")},
    {.name = "normalise",
     .type = GS_PARAM_BOOL,
     .label = N_("Power-of-ten normalisation"),
     .group = N_("Critic"),
     .def = 1,
     .live = TRUE,
     .relevant_if = "critic=poly-wgan",
     .help = N_("Divide D by 10^⌈log10 max|D|⌉ when k < 0 or k > 1, as the official code does")},
    {.name = "lambda",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Smoothing λ"),
     .group = N_("Critic"),
     .min = 0,
     .max = 100,
     .def = 0,
     .live = TRUE,
     .relevant_if = "critic=poly-lsgan",
     .help = N_("0 interpolates the 1/0 labels exactly; larger values smooth the spline")},
    {.name = "sigmas",
     .type = GS_PARAM_STRING,
     .label = N_("Gaussian σ list"),
     .group = N_("Critic"),
     .def_text = "0.5,1,2,4",
     .max_len = 80,
     .relevant_if = "critic=gmmn",
     .help = N_("Bandwidths of the GMMN kernel mixture, comma separated")},
    {.name = "penalty",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Penalty weight"),
     .group = N_("Critic"),
     .min = 0,
     .max = 1000,
     .def = 0.1,
     .live = TRUE,
     .relevant_if = "critic=wgan-gp|wgan-lp|r1|r2|order-m",
     .help = N_("λ of the gradient penalty (official: 0.1 for WGAN-GP, 0.5 for R1/R2)")},
    {.name = "clip",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Clipping bound"),
     .group = N_("Critic"),
     .min = 1e-4,
     .max = 10,
     .def = 0.1,
     .log_scale = TRUE,
     .live = TRUE,
     .relevant_if = "critic=clip"},
    {.name = "d_steps",
     .type = GS_PARAM_INT,
     .label = N_("Critic steps"),
     .group = N_("Critic"),
     .min = 1,
     .max = 20,
     .def = 5,
     .relevant_if = TRAINED,
     .help = N_("Critic updates per generator update")},
    {.name = "d_lr",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Critic learning rate"),
     .group = N_("Critic"),
     .min = 1e-6,
     .max = 1,
     .def = 1e-3,
     .log_scale = TRUE,
     .live = TRUE,
     .relevant_if = TRAINED},
    {.name = "d_widths",
     .type = GS_PARAM_INT_LIST,
     .label = N_("Critic hidden layers"),
     .group = N_("Critic"),
     .min = 1,
     .max = 512,
     .min_len = 1,
     .max_len = 4,
     .def_text = "64,64",
     .relevant_if = TRAINED},
    {.name = "data",
     .type = GS_PARAM_CHOICE,
     .label = N_("Data"),
     .group = N_("Data"),
     .choices = data_choices,
     .def_text = "g2"},
    {.name = "dim",
     .type = GS_PARAM_INT,
     .label = N_("Dimension n"),
     .group = N_("Data"),
     .min = 2,
     .max = 64,
     .def = 2,
     .relevant_if = "data=gauss",
     .help = N_("Real data N(3.5·1, 1.25² I) in n dimensions")},
    {.name = "data_dir",
     .type = GS_PARAM_PATH,
     .label = N_("Fashion-MNIST folder"),
     .group = N_("Data"),
     .def_text = "/usr/share/datasets/fashion-mnist",
     .relevant_if = "data=fashion-mnist",
     .help = N_("Holds train-images-idx3-ubyte.gz (Debian package dataset-fashion-mnist)")},
    {.name = "g_widths",
     .type = GS_PARAM_INT_LIST,
     .label = N_("Generator hidden layers"),
     .group = N_("Training"),
     .min = 1,
     .max = 2048,
     .min_len = 1,
     .max_len = 4,
     .def_text = "64,32,16",
     .help = N_("From z ∈ R^100; leaky ReLU, no bias in the last two layers (the official g2 "
                "generator is 64,32,16)")},
    {.name = "batch",
     .type = GS_PARAM_INT,
     .label = N_("Batch size"),
     .group = N_("Training"),
     .min = 2,
     .max = 4096,
     .def = 500,
     .unit = N_("samples")},
    {.name = "lr",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Generator learning rate"),
     .group = N_("Training"),
     .min = 1e-6,
     .max = 1,
     .def = 0.01,
     .log_scale = TRUE,
     .live = TRUE,
     .help = N_("Adam (β 0.9, 0.999), as in the official g2 setup")},
    {.name = "eval_every",
     .type = GS_PARAM_INT,
     .label = N_("Evaluate every"),
     .group = N_("Training"),
     .min = 1,
     .max = 10000,
     .def = 10,
     .unit = N_("steps"),
     .help = N_("How often W2² and the energy distance between the batches are logged")},
    {.name = "grid",
     .type = GS_PARAM_INT,
     .label = N_("Landscape resolution"),
     .group = N_("View"),
     .min = 16,
     .max = GRID_MAX,
     .def = 96, /* every snapshot sums the grid over all centres on the worker */
     .unit = N_("points"),
     .live = TRUE},
    {NULL}};

typedef struct {
  /* parameters */
  Critic critic;
  Data data;
  int n, batch, m, d_steps, grid, eval_every;
  double eps, lambda, penalty, clip, lr, d_lr;
  gboolean green, normalise;
  double sigmas[8];
  int n_sigmas;

  gs_ctx *model, *work;
  gs_rng rng;
  GsIdx *images;  /* Fashion-MNIST training images */
  GsToy2d *toy2d; /* 2-D data */
  int n_g_layers;
  gs_linear_layer g_layers[MAX_G_LAYERS];
  gs_params g_params, everything;
  gs_optim *g_opt;
  gs_mlp *d_mlp; /* trained critics */
  gs_params d_params;
  gs_optim *d_opt;

  /* the last step's batches, for snapshots (B, n), and their copies in checkpoints */
  float *real, *fake;
  gs_tensor *saved_real, *saved_fake;
  gboolean have_batches;
  double last_norm; /* Poly-WGAN normaliser of the last step */
} Interp;

/* --- data ------------------------------------------------------------------------------------ */

/* One batch of real samples (B, n) from the host stream. */
static void sample_real(Interp *s, float *out)
{
  if (s->data == DATA_TOY2D) {
    gs_toy2d_sample(s->toy2d, &s->rng, (gsize) s->batch, out);
    return;
  }
  for (int i = 0; i < s->batch; i++) {
    float *x = out + (gsize) i * s->n;
    switch (s->data) {
    case DATA_GAUSS:
      for (int d = 0; d < s->n; d++) x[d] = (float) (3.5 + 1.25 * gs_rng_normal(&s->rng));
      break;
    case DATA_FMNIST: {
      guint32 k = gs_rng_below(&s->rng, s->images->dims[0]);
      gs_idx_to_float(s->images, (gsize) k * s->n, (gsize) s->n, 1.0 / 255, x);
      break;
    }
    case DATA_TOY2D:
      break;
    }
  }
}

/* --- networks -------------------------------------------------------------------------------- */

/* The official generator: 100 → 64 → 32 → 16 → n (other widths as set), leaky ReLU, no bias in
 * the last two layers. */
static gs_tensor *generator(Interp *s, gs_ctx *ctx, gs_tensor *z)
{
  gs_tensor *h = z;
  for (int l = 0; l < s->n_g_layers; l++) {
    h = gs_linear_forward(ctx, &s->g_layers[l], h);
    if (l < s->n_g_layers - 1) h = gs_leaky_relu(ctx, h, 0.3); /* Keras LeakyReLU default */
  }
  return h;
}

static gs_tensor *sample_fake(Interp *s, gs_ctx *ctx)
{
  gs_tensor *z = gs_rand_normal(ctx, &s->rng, GS_F32, 2, (int64_t[]){s->batch, Z_DIM}, 0, 1);
  return generator(s, ctx, z);
}

/* --- closed-form critics --------------------------------------------------------------------- */

/* The Poly-WGAN kernel and weights for the current m, ε and Green's option (the option scales
 * D, never turns the generator: gs_polywgan_critic); the generator's sign and whether the
 * official normalisation applies. w: (2B) real then fake. */
static void poly_wgan_setup(Interp *s, gs_rbf *phi, float *w, int *sign, gboolean *normalise)
{
  gs_polywgan_critic(s->m, s->n, s->eps, s->green, s->batch, s->batch, phi, w, sign);
  *normalise = s->normalise && (phi->k < 0 || phi->k > 1);
}

/* D of the Poly-LSGAN spline at x, from a fitted spline: kernel part by the fused sum, the
 * polynomial part by ops (differentiable in x). */
static gs_tensor *spline_forward(gs_ctx *ctx, const GsPolySpline *sp, gs_tensor *x,
                                 gs_tensor *centres, gs_tensor *w, int n)
{
  gs_tensor *d = gs_rbf_sum(ctx, x, centres, w, gs_poly_spline_kernel(sp));
  int P;
  const double *v = gs_poly_spline_poly(sp, &P);
  const int *alpha = gs_poly_spline_exponents(sp);
  int64_t N = x->shape[0];
  for (int a = 0; a < P; a++) {
    if (v[a] == 0) continue;
    gs_tensor *term = NULL;
    for (int dd = 0; dd < n; dd++)
      for (int e = 0; e < alpha[a * n + dd]; e++) {
        gs_tensor *col = gs_reshape(ctx, gs_slice(ctx, x, 1, dd, dd + 1), 1, (int64_t[]){N});
        term = term ? gs_mul(ctx, term, col) : col;
      }
    d = term ? gs_add(ctx, d, gs_mul_scalar(ctx, term, v[a])) : gs_add_scalar(ctx, d, v[a]);
  }
  return d;
}

/* Fit the Poly-LSGAN spline through real (1) and fake (0) centres; NULL with error. */
static GsPolySpline *fit_spline(Interp *s, const float *real, const float *fake, GError **error)
{
  int B = s->batch, n = s->n;
  double *c = g_new(double, (gsize) 2 * B * n), *y = g_new(double, 2 * B);
  for (int i = 0; i < B * n; i++) c[i] = real[i], c[B * n + i] = fake[i];
  for (int i = 0; i < B; i++) y[i] = 1, y[B + i] = 0;
  GsPolySpline *sp = gs_poly_spline_fit(c, y, 2 * B, n, s->m, s->lambda, error);
  g_free(c);
  g_free(y);
  return sp;
}

static gs_tensor *spline_weights(gs_ctx *ctx, const GsPolySpline *sp)
{
  int N;
  const double *wd = gs_poly_spline_weights(sp, &N);
  /* rounded on the host: F64 tensors need not exist on the backend (Vulkan declines them) */
  float *wf = g_new(float, N);
  for (int i = 0; i < N; i++) wf[i] = (float) wd[i];
  gs_tensor *w = gs_from_data(ctx, GS_F32, 1, (int64_t[]){N}, wf);
  g_free(wf);
  return w;
}

/* --- trained critics ------------------------------------------------------------------------- */

static gboolean uses_trained_critic(Critic c)
{
  return c >= CRITIC_WGAN_GP;
}

static gs_tensor *critic(Interp *s, gs_ctx *ctx, gs_tensor *x)
{
  int64_t N = x->shape[0];
  return gs_reshape(ctx, gs_mlp_forward(ctx, s->d_mlp, x), 1, (int64_t[]){N});
}

/* ∇D at the points x (marked requires-grad here), differentiable (create_graph). */
static gs_tensor *grad_of_critic(Interp *s, gs_ctx *ctx, gs_tensor *x)
{
  gs_set_requires_grad(x, true);
  return gs_gan_input_grad(ctx, critic(s, ctx, x), x); /* (N, n) */
}

/* The trained order-m penalty E‖∇^m D‖² differentiates D m times through the network (and its
 * gradient once more): n^(l−1) backward passes at level l, n^m components, each level's graph
 * deeper than the last. Measured at n = 2, batch 500, 5 critic steps (docs/EXPERIMENTS.md):
 * 0.07, 0.1, 0.25 and 0.95 s per generator step for m = 1 … 4, about four times more per order.
 * So m ≤ 2 is trained in every dimension (as before: n passes for the Hessian) and m ≥ 3 while
 * n^m ≤ ORDER_M_MAX_COMPONENTS (m = 3, 4 at n = 2); beyond, the kind refuses with a message
 * that says where the trained critic exists. */
static gboolean order_m_trainable(int m, int n, GError **error)
{
  if (m <= 2 || pow(n, m) <= ORDER_M_MAX_COMPONENTS) return TRUE;
  int most = 2;
  while (pow(n, most + 1) <= ORDER_M_MAX_COMPONENTS) most++;
  g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE,
              _("\"m\": %d — in n = %d dimensions a trained order-m critic exists for m ≤ %d "
                "(its penalty differentiates the network m + 1 times over n^m components; "
                "m ≥ 3 is trained while n^m ≤ %d); the closed-form critics take any m"),
              m, n, most, ORDER_M_MAX_COMPONENTS);
  return FALSE;
}

static gboolean critic_step(Interp *s, GError **error)
{
  gs_ctx *ctx = s->work;
  float *real = g_new(float, (gsize) s->batch * s->n);
  sample_real(s, real);
  gs_tensor *xr = gs_from_data(ctx, GS_F32, 2, (int64_t[]){s->batch, s->n}, real);
  g_free(real);
  gs_tensor *xf = gs_detach(ctx, sample_fake(s, ctx));
  gs_tensor *fr = critic(s, ctx, xr), *ff = critic(s, ctx, xf);
  gs_tensor *loss;
  if (s->critic == CRITIC_R1 || s->critic == CRITIC_R2) {
    /* non-saturating loss with (γ/2) E‖∇D‖² on real (R1) or fake (R2) data */
    loss = gs_gan_d_loss_logistic(ctx, fr, ff, 1, false);
    gs_tensor *at = s->critic == CRITIC_R1 ? gs_detach(ctx, xr) : gs_detach(ctx, xf);
    gs_tensor *pen = gs_gan_grad_sq_mean(ctx, grad_of_critic(s, ctx, at));
    loss = gs_add(ctx, loss, gs_mul_scalar(ctx, pen, 0.5 * s->penalty));
  } else {
    loss = gs_gan_d_loss_wasserstein(ctx, fr, ff);
    gs_tensor *pen = NULL;
    if (s->critic == CRITIC_WGAN_GP || s->critic == CRITIC_WGAN_LP) {
      gs_tensor *xh = gs_gan_interpolates(ctx, &s->rng, xf, xr);
      pen =
          gs_gan_gp_one_centred(ctx, grad_of_critic(s, ctx, xh), s->critic == CRITIC_WGAN_LP, NULL);
    } else if (s->critic == CRITIC_ORDER_M) { /* E‖∇^m D‖² on both batches */
      gs_tensor *both = gs_concat(ctx, 2, (gs_tensor *[]){xr, xf}, 0);
      pen = gs_gan_order_m_sq_mean(ctx, grad_of_critic(s, ctx, both), both, s->m);
    }
    if (pen) loss = gs_add(ctx, loss, gs_mul_scalar(ctx, pen, s->penalty));
  }
  double lv = gs_item(loss);
  if (!isfinite(lv)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                _("The critic's loss is not finite (%g): training diverged; lower the critic "
                  "learning rate"),
                lv);
    return FALSE;
  }
  gs_tensor **g = gs_grad(ctx, loss, NULL, s->d_params.n, s->d_params.tensors, false);
  gs_optim_step(s->d_opt, g, s->d_lr);
  if (s->critic == CRITIC_CLIP) gs_clip_weights_(&s->d_params, s->clip);
  gs_ctx_reset(ctx);
  return TRUE;
}

/* --- the step -------------------------------------------------------------------------------- */

static gboolean parse_sigmas(const char *text, double *out, int *n, GError **error)
{
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  *n = 0;
  for (int i = 0; parts[i]; i++) {
    char *end;
    g_strstrip(parts[i]);
    double v = g_ascii_strtod(parts[i], &end);
    if (*parts[i] == '\0' || *end != '\0' || !(v > 0) || !isfinite(v) || *n >= 8) {
      g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE,
                  _("\"sigmas\": “%s” is not a list of 1 to 8 positive numbers"), text);
      return FALSE;
    }
    out[(*n)++] = v;
  }
  if (*n == 0) {
    g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE,
                _("\"sigmas\": “%s” is not a list of 1 to 8 positive numbers"), text);
    return FALSE;
  }
  return TRUE;
}

static void read_live(Interp *s, const GsParamValues *p)
{
  s->m = (int) gs_param_values_get_int(p, "m");
  s->eps = gs_param_values_get_double(p, "eps");
  s->green = gs_param_values_get_bool(p, "green");
  s->normalise = gs_param_values_get_bool(p, "normalise");
  s->lambda = gs_param_values_get_double(p, "lambda");
  s->penalty = gs_param_values_get_double(p, "penalty");
  s->clip = gs_param_values_get_double(p, "clip");
  s->lr = gs_param_values_get_double(p, "lr");
  s->d_lr = gs_param_values_get_double(p, "d_lr");
  s->grid = (int) gs_param_values_get_int(p, "grid");
}

static gboolean interp_step(gpointer state, gint64 step, GsMetricSink *metrics, GError **error)
{
  Interp *s = state;
  if (uses_trained_critic(s->critic))
    for (int k = 0; k < s->d_steps; k++)
      if (!critic_step(s, error)) return FALSE;

  gs_ctx *ctx = s->work;
  int B = s->batch, n = s->n;
  sample_real(s, s->real);
  gs_tensor *xr = gs_from_data(ctx, GS_F32, 2, (int64_t[]){B, n}, s->real);
  gs_tensor *xf = sample_fake(s, ctx);
  gs_read(xf, s->fake);
  s->have_batches = TRUE;
  gs_tensor *centres = gs_concat(ctx, 2, (gs_tensor *[]){xr, gs_detach(ctx, xf)}, 0);
  gs_tensor *loss = NULL, *dr = NULL, *df = NULL;
  GsPolySpline *sp = NULL;

  switch (s->critic) {
  case CRITIC_POLY_WGAN: {
    gs_rbf phi;
    int sign;
    gboolean normalise;
    float *w = g_new(float, 2 * B);
    poly_wgan_setup(s, &phi, w, &sign, &normalise);
    gs_tensor *tw = gs_from_data(ctx, GS_F32, 1, (int64_t[]){2 * B}, w);
    g_free(w);
    gs_tensor *d_real = gs_rbf_sum(ctx, xr, centres, tw, &phi);
    gs_tensor *d_fake = gs_rbf_sum(ctx, xf, centres, tw, &phi);
    s->last_norm = 1;
    if (normalise) {
      gs_tensor *both =
          gs_concat(ctx, 2, (gs_tensor *[]){gs_detach(ctx, d_real), gs_detach(ctx, d_fake)}, 0);
      s->last_norm = gs_polywgan_normaliser(gs_item(gs_max(ctx, gs_abs(ctx, both), 0, false)));
    }
    dr = gs_mul_scalar(ctx, gs_mean_all(ctx, d_real), 1 / s->last_norm);
    df = gs_mul_scalar(ctx, gs_mean_all(ctx, d_fake), 1 / s->last_norm);
    loss = gs_mul_scalar(ctx, gs_sub(ctx, dr, df), sign);
    break;
  }
  case CRITIC_POLY_LSGAN: {
    sp = fit_spline(s, s->real, s->fake, error);
    if (!sp) return FALSE;
    gs_tensor *w = spline_weights(ctx, sp);
    dr = gs_mean_all(ctx, spline_forward(ctx, sp, xr, centres, w, n));
    gs_tensor *d_fake = spline_forward(ctx, sp, xf, centres, w, n);
    df = gs_mean_all(ctx, d_fake);
    loss = gs_mean_all(ctx, gs_square(ctx, gs_add_scalar(ctx, d_fake, -1)));
    break;
  }
  case CRITIC_GMMN: {
    /* MMD² = E k(f, f') − 2 E k(f, r) + E k(r, r'), summed over the bandwidths */
    gs_tensor *wb = gs_new(ctx, GS_F32, 1, (int64_t[]){B});
    gs_fill_(wb, 1.0 / B);
    for (int i = 0; i < s->n_sigmas; i++) {
      gs_rbf phi = {.kind = GS_RBF_GAUSS, .sigma = s->sigmas[i]};
      gs_tensor *kff = gs_mean_all(ctx, gs_rbf_sum(ctx, xf, xf, wb, &phi));
      gs_tensor *kfr = gs_mean_all(ctx, gs_rbf_sum(ctx, xf, xr, wb, &phi));
      gs_tensor *krr = gs_mean_all(ctx, gs_rbf_sum(ctx, xr, xr, wb, &phi));
      gs_tensor *mmd = gs_add(ctx, gs_sub(ctx, kff, gs_mul_scalar(ctx, kfr, 2)), krr);
      loss = loss ? gs_add(ctx, loss, mmd) : mmd;
    }
    break;
  }
  default: {
    gs_tensor *d_fake = critic(s, ctx, xf);
    dr = gs_mean_all(ctx, critic(s, ctx, xr));
    df = gs_mean_all(ctx, d_fake);
    if (s->critic == CRITIC_R1 || s->critic == CRITIC_R2)
      loss = gs_gan_g_loss_ns(ctx, d_fake);
    else
      loss = gs_gan_g_loss_wasserstein(ctx, d_fake);
    break;
  }
  }

  double lv = gs_item(loss);
  if (!isfinite(lv)) {
    gs_poly_spline_free(sp);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                _("The generator's loss is not finite (%g) at step %" PRId64
                  ": training diverged; lower the learning rate or soften the kernel (ε)"),
                lv, (int64_t) step);
    return FALSE;
  }
  gs_tensor **g = gs_grad(ctx, loss, NULL, s->g_params.n, s->g_params.tensors, false);
  gs_optim_step(s->g_opt, g, s->lr);
  gs_metric_sink_emit(metrics, "g_loss", lv);
  if (dr) gs_metric_sink_emit(metrics, "d_real", gs_item(dr));
  if (df) gs_metric_sink_emit(metrics, "d_fake", gs_item(df));
  gs_ctx_reset(ctx);
  gs_poly_spline_free(sp);

  if (step % s->eval_every == 0 || step == 1) {
    double *a = gs_samples_to_double(s->real, (gsize) B * n),
           *b = gs_samples_to_double(s->fake, (gsize) B * n);
    gs_metric_sink_emit(metrics, "w22", gs_w22_gaussian(a, B, b, B, n));
    gs_metric_sink_emit(metrics, "energy", gs_energy_distance(a, B, b, B, n));
    g_free(a);
    g_free(b);
  }
  return TRUE;
}

/* --- snapshot -------------------------------------------------------------------------------- */

/* The square shown: the bounding box of both batches with a 15 % margin. */
static void view_box(const Interp *s, double box[4])
{
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (int i = 0; i < s->batch; i++)
    for (int d = 0; d < 2; d++) {
      lo[d] = fmin(lo[d], fmin(s->real[i * s->n + d], s->fake[i * s->n + d]));
      hi[d] = fmax(hi[d], fmax(s->real[i * s->n + d], s->fake[i * s->n + d]));
    }
  double cx = 0.5 * (lo[0] + hi[0]), cy = 0.5 * (lo[1] + hi[1]);
  double half = 0.5 * fmax(hi[0] - lo[0], hi[1] - lo[1]) * 1.15;
  if (!(half > 1e-6) || !isfinite(half)) half = 1;
  box[0] = cx - half, box[1] = cx + half, box[2] = cy - half, box[3] = cy + half;
}

static float *grid_points(const double box[4], int R)
{
  float *p = g_new(float, (gsize) R *R * 2);
  for (int i = 0; i < R; i++)
    for (int j = 0; j < R; j++) {
      p[2 * (i * R + j)] = (float) (box[0] + (box[1] - box[0]) * j / (R - 1));
      p[2 * (i * R + j) + 1] = (float) (box[2] + (box[3] - box[2]) * i / (R - 1));
    }
  return p;
}

/* D and ∇D at points (N, 2) for the current critic on the stored batches; grad may be NULL.
 * FALSE when the critic cannot be evaluated (a singular spline). */
static gboolean evaluate_critic(Interp *s, gs_ctx *ctx, const float *pts, int N, float *d,
                                float *grad, gboolean closed_form_only)
{
  int B = s->batch;
  gs_tensor *x = gs_from_data(ctx, GS_F32, 2, (int64_t[]){N, 2}, pts);
  gs_tensor *xr = gs_from_data(ctx, GS_F32, 2, (int64_t[]){B, 2}, s->real);
  gs_tensor *xf = gs_from_data(ctx, GS_F32, 2, (int64_t[]){B, 2}, s->fake);
  gs_tensor *centres = gs_concat(ctx, 2, (gs_tensor *[]){xr, xf}, 0);
  gs_tensor *out = NULL, *gout = NULL;
  if (s->critic == CRITIC_POLY_LSGAN && !closed_form_only) {
    GsPolySpline *sp = fit_spline(s, s->real, s->fake, NULL);
    if (!sp) return FALSE;
    gs_tensor *w = spline_weights(ctx, sp);
    gs_set_requires_grad(x, grad != NULL);
    out = spline_forward(ctx, sp, x, centres, w, 2);
    if (grad) gout = gs_grad(ctx, gs_sum_all(ctx, out), NULL, 1, &x, false)[0];
    gs_poly_spline_free(sp);
  } else if (uses_trained_critic(s->critic) && !closed_form_only) {
    gs_set_requires_grad(x, grad != NULL);
    out = critic(s, ctx, x);
    if (grad) gout = gs_grad(ctx, gs_sum_all(ctx, out), NULL, 1, &x, false)[0];
  } else if (s->critic == CRITIC_GMMN && !closed_form_only) {
    /* the MMD witness: mean k(x, real) − mean k(x, fake) over the bandwidths */
    float *w = g_new(float, 2 * B);
    for (int i = 0; i < B; i++) w[i] = 1.0f / B, w[B + i] = -1.0f / B;
    gs_tensor *tw = gs_from_data(ctx, GS_F32, 1, (int64_t[]){2 * B}, w);
    g_free(w);
    for (int i = 0; i < s->n_sigmas; i++) {
      gs_rbf phi = {.kind = GS_RBF_GAUSS, .sigma = s->sigmas[i]};
      gs_tensor *o = gs_rbf_sum(ctx, x, centres, tw, &phi);
      out = out ? gs_add(ctx, out, o) : o;
      if (grad) {
        gs_tensor *go = gs_rbf_sum_grad(ctx, x, centres, tw, &phi);
        gout = gout ? gs_add(ctx, gout, go) : go;
      }
    }
  } else {
    /* Poly-WGAN (also the closed-form reference beside a trained order-m critic) */
    gs_rbf phi;
    int sign;
    gboolean normalise;
    float *w = g_new(float, 2 * B);
    poly_wgan_setup(s, &phi, w, &sign, &normalise);
    gs_tensor *tw = gs_from_data(ctx, GS_F32, 1, (int64_t[]){2 * B}, w);
    g_free(w);
    out = gs_rbf_sum(ctx, x, centres, tw, &phi);
    if (grad) gout = gs_rbf_sum_grad(ctx, x, centres, tw, &phi);
    if (normalise) {
      out = gs_mul_scalar(ctx, out, 1 / s->last_norm);
      if (gout) gout = gs_mul_scalar(ctx, gout, 1 / s->last_norm);
    }
  }
  gs_read(out, d);
  if (grad) gs_read(gout, grad);
  return TRUE;
}

static GsSnapshotBuilder *interp_snapshot(gpointer state, gint64 step)
{
  Interp *s = state;
  GsSnapshotBuilder *b = gs_snapshot_builder_new("interpolant", step);
  gs_rbf phi;
  gs_polyharmonic_kernel(s->m, s->n, s->eps, &phi);
  gs_snapshot_builder_add_scalar(b, "m", s->m);
  gs_snapshot_builder_add_scalar(b, "n", s->n);
  gs_snapshot_builder_add_scalar(b, "k", phi.k);
  gs_snapshot_builder_add_scalar(b, "kernel_log", phi.kind == GS_RBF_POW_LOG);
  gs_snapshot_builder_add_scalar(b, "critic", s->critic);
  gs_snapshot_builder_add_scalar(b, "lambda", s->lambda);
  gs_snapshot_builder_add_scalar(b, "eps", s->eps);

  /* φ(r) for r in (0, 3], scaled to its value at r = 1 where that is not 0 */
  float curve[PHI_POINTS * 2];
  for (int i = 0; i < PHI_POINTS; i++) {
    double r = 3.0 * (i + 1) / PHI_POINTS;
    curve[2 * i] = (float) r;
    curve[2 * i + 1] = (float) gs_rbf_eval(&phi, r);
  }
  gs_snapshot_builder_add_floats(b, "phi", 2, (gint64[]){PHI_POINTS, 2}, curve);

  if (s->data == DATA_FMNIST && s->have_batches) {
    /* 16 generated and 16 real images, (32, 28, 28) */
    int per = SAMPLE_TILES / 2, take = MIN(per, s->batch);
    float *tiles = g_new0(float, (gsize) SAMPLE_TILES * s->n);
    memcpy(tiles, s->fake, sizeof(float) * (gsize) take * s->n);
    memcpy(tiles + (gsize) per * s->n, s->real, sizeof(float) * (gsize) take * s->n);
    gs_snapshot_builder_add_floats(b, "images", 3, (gint64[]){SAMPLE_TILES, IMAGE_SIDE, IMAGE_SIDE},
                                   tiles);
    g_free(tiles);
  }
  if (s->n != 2 || !s->have_batches) return b;
  int B = s->batch, R = s->grid;
  gs_snapshot_builder_add_floats(b, "real", 2, (gint64[]){B, 2}, s->real);
  gs_snapshot_builder_add_floats(b, "fake", 2, (gint64[]){B, 2}, s->fake);
  double box[4];
  view_box(s, box);
  gs_snapshot_builder_add_scalar(b, "x_min", box[0]);
  gs_snapshot_builder_add_scalar(b, "x_max", box[1]);
  gs_snapshot_builder_add_scalar(b, "y_min", box[2]);
  gs_snapshot_builder_add_scalar(b, "y_max", box[3]);

  gs_ctx *ctx = s->work;
  float *pts = grid_points(box, R), *d = g_new(float, (gsize) R *R);
  float *qpts = grid_points(box, QUIVER), *qd = g_new(float, QUIVER *QUIVER);
  float *qg = g_new(float, QUIVER *QUIVER * 2);
  float *cd = g_new(float, (gsize) 2 * B);
  if (evaluate_critic(s, ctx, pts, R * R, d, NULL, FALSE) &&
      evaluate_critic(s, ctx, qpts, QUIVER * QUIVER, qd, qg, FALSE)) {
    gs_snapshot_builder_add_floats(b, "d_grid", 2, (gint64[]){R, R}, d);
    float *field = g_new(float, QUIVER *QUIVER * 4);
    for (int i = 0; i < QUIVER * QUIVER; i++) {
      field[4 * i] = qpts[2 * i], field[4 * i + 1] = qpts[2 * i + 1];
      field[4 * i + 2] = qg[2 * i], field[4 * i + 3] = qg[2 * i + 1];
    }
    gs_snapshot_builder_add_floats(b, "grad_field", 2, (gint64[]){QUIVER * QUIVER, 4}, field);
    g_free(field);
    /* D at the centres: the real and fake points standing on the 3-D surface */
    float *both = g_new(float, (gsize) 4 * B);
    memcpy(both, s->real, sizeof(float) * B * 2);
    memcpy(both + 2 * B, s->fake, sizeof(float) * B * 2);
    if (evaluate_critic(s, ctx, both, 2 * B, cd, NULL, FALSE))
      gs_snapshot_builder_add_floats(b, "d_centres", 1, (gint64[]){2 * B}, cd);
    g_free(both);
  }
  gs_ctx_reset(ctx);
  /* beside a trained order-m critic: the closed-form Poly-WGAN critic on the same batch */
  if (s->critic == CRITIC_ORDER_M && evaluate_critic(s, ctx, pts, R * R, d, NULL, TRUE))
    gs_snapshot_builder_add_floats(b, "d_grid_closed", 2, (gint64[]){R, R}, d);
  gs_ctx_reset(ctx);
  g_free(pts), g_free(d), g_free(qpts), g_free(qd), g_free(qg), g_free(cd);
  return b;
}

/* --- lifetime -------------------------------------------------------------------------------- */

static void interp_free(gpointer state)
{
  Interp *s = state;
  if (!s) return;
  gs_params_clear(&s->g_params);
  gs_params_clear(&s->d_params);
  gs_params_clear(&s->everything);
  if (s->g_opt) gs_optim_free(s->g_opt);
  if (s->d_opt) gs_optim_free(s->d_opt);
  if (s->work) gs_ctx_free(s->work);
  if (s->model) gs_ctx_free(s->model);
  g_free(s->real);
  g_free(s->fake);
  if (s->images) gs_idx_free(s->images);
  if (s->toy2d) gs_toy2d_free(s->toy2d);
  g_free(s);
}

static gs_optim *adam(Interp *s, const gs_params *p, double lr)
{
  gs_optim_config oc = gs_optim_config_default(GS_OPTIM_ADAM);
  oc.lr = lr;
  oc.beta1 = 0.9;
  oc.beta2 = 0.999;
  gs_optim *o = gs_optim_new(s->model, &oc, p);
  const gs_params *st = gs_optim_state(o);
  for (int i = 0; i < st->n; i++) gs_params_add(&s->everything, st->names[i], st->tensors[i]);
  return o;
}

static gpointer interp_init(const GsParamValues *p, guint64 seed, gs_backend *backend,
                            gint64 total_steps, GError **error)
{
  if (!gs_backend_supports_kernel(backend, "RBF_SUM", GS_F32)) {
    /* every critic and metric of the kind goes through the fused kernel sum */
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                _("The interpolant critics need the fused kernel sum (RBF_SUM), which the “%s” "
                  "backend does not run: choose “cpu” as the backend"),
                gs_backend_name(backend));
    return NULL;
  }
  Interp *s = g_new0(Interp, 1);
  s->critic = gs_param_spec_choice_index(gs_schema_find(schema, "critic"),
                                         gs_param_values_get_string(p, "critic"));
  const char *data = gs_param_values_get_string(p, "data");
  GsToy2dPreset preset;
  if (gs_toy2d_preset_from_id(data, &preset)) {
    s->data = DATA_TOY2D;
    s->toy2d = gs_toy2d_new_preset(preset);
  } else {
    s->data = g_str_equal(data, "gauss") ? DATA_GAUSS : DATA_FMNIST;
  }
  s->n = s->data == DATA_GAUSS    ? (int) gs_param_values_get_int(p, "dim")
         : s->data == DATA_FMNIST ? IMAGE_SIDE * IMAGE_SIDE
                                  : 2;
  s->batch = (int) gs_param_values_get_int(p, "batch");
  s->d_steps = (int) gs_param_values_get_int(p, "d_steps");
  s->eval_every = (int) gs_param_values_get_int(p, "eval_every");
  read_live(s, p);
  if (!parse_sigmas(gs_param_values_get_string(p, "sigmas"), s->sigmas, &s->n_sigmas, error)) {
    interp_free(s);
    return NULL;
  }
  if (s->critic == CRITIC_ORDER_M && !order_m_trainable(s->m, s->n, error)) {
    interp_free(s);
    return NULL;
  }
  if (s->data == DATA_FMNIST) {
    g_autofree char *path = g_build_filename(gs_param_values_get_string(p, "data_dir"),
                                             "train-images-idx3-ubyte.gz", NULL);
    s->images = gs_idx_load(path, error);
    if (!s->images) {
      interp_free(s);
      return NULL;
    }
    if (s->images->ndim != 3 || s->images->dims[1] * s->images->dims[2] != (guint32) s->n ||
        s->images->dims[0] == 0) {
      g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT, _("%s: expected N × 28 × 28 images"),
                  path);
      interp_free(s);
      return NULL;
    }
  }
  s->model = gs_ctx_new(backend);
  s->work = gs_ctx_new(backend);
  s->rng = gs_rng_new(seed);
  s->real = g_new0(float, (gsize) s->batch * s->n);
  s->fake = g_new0(float, (gsize) s->batch * s->n);
  s->last_norm = 1;

  gs_rng init_rng = gs_rng_fork(&s->rng, 1);
  guint n_gw;
  const gint64 *gw = gs_param_values_get_int_list(p, "g_widths", &n_gw);
  int64_t widths[MAX_G_LAYERS + 1] = {Z_DIM};
  for (guint i = 0; i < n_gw; i++) widths[i + 1] = gw[i];
  widths[n_gw + 1] = s->n;
  s->n_g_layers = (int) n_gw + 1;
  for (int l = 0; l < s->n_g_layers; l++) {
    gs_linear_init(&s->g_layers[l], s->model, &init_rng, widths[l], widths[l + 1],
                   l < s->n_g_layers - 2, GS_INIT_GLOROT_UNIFORM);
    char name[32];
    g_snprintf(name, sizeof name, "g.%d.weight", l);
    gs_params_add(&s->g_params, name, s->g_layers[l].weight);
    if (s->g_layers[l].bias) {
      g_snprintf(name, sizeof name, "g.%d.bias", l);
      gs_params_add(&s->g_params, name, s->g_layers[l].bias);
    }
  }
  for (int i = 0; i < s->g_params.n; i++) {
    gs_set_requires_grad(s->g_params.tensors[i], true);
    gs_params_add(&s->everything, s->g_params.names[i], s->g_params.tensors[i]);
  }
  s->g_opt = adam(s, &s->g_params, s->lr);
  s->saved_real = gs_new(s->model, GS_F32, 2, (int64_t[]){s->batch, s->n});
  s->saved_fake = gs_new(s->model, GS_F32, 2, (int64_t[]){s->batch, s->n});
  gs_params_add(&s->everything, "batch.real", s->saved_real);
  gs_params_add(&s->everything, "batch.fake", s->saved_fake);

  if (uses_trained_critic(s->critic)) {
    guint nh;
    const gint64 *hidden = gs_param_values_get_int_list(p, "d_widths", &nh);
    int64_t dw[MAX_D_LAYERS] = {s->n};
    for (guint i = 0; i < nh; i++) dw[i + 1] = hidden[i];
    dw[nh + 1] = 1;
    /* an order-m penalty needs non-zero derivatives of order m: tanh for order-m critics (for
     * every m, since m is live), leaky ReLU for the others */
    gboolean smooth = s->critic == CRITIC_ORDER_M;
    gs_rng d_rng = gs_rng_fork(&s->rng, 2);
    s->d_mlp = gs_mlp_new(s->model, &d_rng, (int) nh + 2, dw,
                          &(gs_mlp_config){.hidden = smooth ? GS_ACT_TANH : GS_ACT_LEAKY_RELU,
                                           .hidden_param = 0.2,
                                           .output = GS_ACT_NONE,
                                           .bias = true,
                                           .init = GS_INIT_UNIFORM_FANIN});
    gs_mlp_collect(s->d_mlp, "d.", &s->d_params);
    for (int i = 0; i < s->d_params.n; i++) {
      gs_set_requires_grad(s->d_params.tensors[i], true);
      gs_params_add(&s->everything, s->d_params.names[i], s->d_params.tensors[i]);
    }
    s->d_opt = adam(s, &s->d_params, s->d_lr);
  }
  return s;
}

static gboolean interp_set_live(gpointer state, const GsParamValues *p, const char *name,
                                GError **error)
{
  Interp *s = state;
  if (s->critic == CRITIC_ORDER_M && g_strcmp0(name, "m") == 0 &&
      !order_m_trainable((int) gs_param_values_get_int(p, "m"), s->n, error))
    return FALSE;
  read_live(s, p);
  return TRUE;
}

/* Checkpoints: the networks, both Adams' state and step counts, the random stream and the
 * last batches (the snapshot's centres). */
static GBytes *interp_save(gpointer state, GError **error)
{
  Interp *s = state;
  g_autofree char *counter = g_strdup_printf("%" G_GUINT64_FORMAT, s->rng.counter);
  g_autofree char *g_steps = g_strdup_printf("%" G_GINT64_FORMAT, gs_optim_steps(s->g_opt));
  g_autofree char *d_steps =
      g_strdup_printf("%" G_GINT64_FORMAT, s->d_opt ? gs_optim_steps(s->d_opt) : 0);
  g_autofree char *norm = g_strdup_printf("%a", s->last_norm);
  gs_write(s->saved_real, s->real);
  gs_write(s->saved_fake, s->fake);
  const char *meta[] = {"rng.counter", counter, "g.steps", g_steps,   "d.steps",
                        d_steps,       "norm",  norm,      "batches", s->have_batches ? "1" : "0",
                        NULL};
  return gs_checkpoint_encode(&s->everything, meta, error);
}

static gboolean interp_restore(gpointer state, GBytes *blob, GError **error)
{
  Interp *s = state;
  g_autoptr(GHashTable) meta = NULL;
  if (!gs_checkpoint_decode(blob, &s->everything, &meta, error)) return FALSE;
  guint64 g_steps = 0, d_steps = 0;
  if (!gs_checkpoint_meta_u64(meta, "rng.counter", &s->rng.counter, error) ||
      !gs_checkpoint_meta_u64(meta, "g.steps", &g_steps, error) ||
      !gs_checkpoint_meta_u64(meta, "d.steps", &d_steps, error))
    return FALSE;
  gs_optim_set_steps(s->g_opt, (int64_t) g_steps);
  if (s->d_opt) gs_optim_set_steps(s->d_opt, (int64_t) d_steps);
  gs_read(s->saved_real, s->real);
  gs_read(s->saved_fake, s->fake);
  s->have_batches = g_strcmp0(g_hash_table_lookup(meta, "batches"), "1") == 0;
  const char *norm = g_hash_table_lookup(meta, "norm");
  s->last_norm = norm ? g_ascii_strtod(norm, NULL) : 1;
  if (!(s->last_norm > 0)) s->last_norm = 1;
  return TRUE;
}

/* "Compare with baselines": Poly-WGAN at m = 1, 2, 3 and three trained or kernel baselines on
 * the file's data, generator and seed (methods.md §2: WGAN-GP λ 0.1, R1 λ 0.5, GMMN). Variants
 * are fixed overrides, so m = 1, 2, 3 is the 2-D choice (g2, gmm8: log r, r² log r, r⁴ log r
 * around the best m ≈ n/2); on other data the same m values run as given. */
static const GsExperimentVariant interp_variants[] = {
    {"poly-m1", N_("Poly-WGAN, m = 1"), {"critic=poly-wgan", "m=1"}},
    {"poly-m2", N_("Poly-WGAN, m = 2"), {"critic=poly-wgan", "m=2"}},
    {"poly-m3", N_("Poly-WGAN, m = 3"), {"critic=poly-wgan", "m=3"}},
    {"wgan-gp", N_("WGAN-GP"), {"critic=wgan-gp", "penalty=0.1"}},
    {"r1", N_("R1 penalty"), {"critic=r1", "penalty=0.5"}},
    {"gmmn", N_("GMMN"), {"critic=gmmn"}},
    {NULL}};

const GsExperimentKind gs_interpolant_kind = {
    .id = "interpolant",
    .title = N_("Interpolant critics"),
    .description = N_("Closed-form polyharmonic critics (Poly-WGAN, Poly-LSGAN): the optimal "
                      "critic under an order-m gradient penalty interpolates the data; compared "
                      "with trained critics on the same data, generator and seed."),
    .schema = schema,
    .default_steps = 500,
    .init = interp_init,
    .step = interp_step,
    .snapshot = interp_snapshot,
    .set_live = interp_set_live,
    .save = interp_save,
    .restore = interp_restore,
    .free = interp_free,
    .variants = interp_variants,
    /* TRANSLATORS: a button: Poly-WGAN at several m and the baselines, one after another */
    .variants_action = N_("Compare with _baselines"),
};
