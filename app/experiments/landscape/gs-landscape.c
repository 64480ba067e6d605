/* gs-landscape.c — the discriminator-landscape experiment: schema, training step, metrics and
 * snapshots (see gs-landscape.h). */
#include "gs-config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "datasets/gs-toy2d.h"
#include "experiments/common/gs-gan-loss.h"
#include "experiments/common/gs-sample-metrics.h"
#include "gs-compute.h"
#include "gs-gan2d-metrics.h"
#include "gs-landscape.h"
#include "platform/gs-checkpoint.h"

/* ---- schema ------------------------------------------------------------------------------ */

static const GsParamChoice dataset_choices[] = {{"8gaussians", N_("8 Gaussians (ring)")},
                                                {"25gaussians", N_("25 Gaussians (grid)")},
                                                {"line", N_("Line (GAN Lab)")},
                                                {"gaussians", N_("Two Gaussians (GAN Lab)")},
                                                {"ring", N_("Ring (GAN Lab)")},
                                                {"disjoint", N_("Disjoint clusters (GAN Lab)")},
                                                {"g2", N_("Single Gaussian (g2)")},
                                                {"gmm8", N_("8 Gaussians, unit square (gmm8)")},
                                                {"moons", N_("Two moons")},
                                                {"circles", N_("Circles")},
                                                {"spirals", N_("Spirals")},
                                                {"checkerboard", N_("Checkerboard")},
                                                {"uniform-ring", N_("Uniform ring")},
                                                {"drawn", N_("Drawn on the plane")},
                                                {"file", N_("Points from a file")},
                                                {NULL, NULL}};
static const GsParamChoice noise_choices[] = {
    {"gaussian", N_("Gaussian N(0, I)")}, {"uniform", N_("Uniform on [−1, 1]")}, {NULL, NULL}};
static const GsParamChoice act_choices[] = {
    {"relu", "ReLU"},           {"leaky_relu", N_("Leaky ReLU (0.2)")},
    {"tanh", "tanh"},           {"elu", "ELU"},
    {"silu", "SiLU"},           {"softplus", "softplus"},
    {"sigmoid", N_("sigmoid")}, {NULL, NULL}};
static const GsParamChoice out_choices[] = {
    {"none", N_("none (linear)")}, {"tanh", "tanh"}, {"sigmoid", N_("sigmoid")}, {NULL, NULL}};
static const GsParamChoice init_choices[] = {{"uniform_fanin", N_("Uniform ±1/√fan-in")},
                                             {"normal_fanin", N_("Normal, sd 1/√fan-in (GAN Lab)")},
                                             {"glorot_uniform", N_("Glorot uniform")},
                                             {"glorot_normal", N_("Glorot normal")},
                                             {"he_uniform", N_("He uniform")},
                                             {"he_normal", N_("He normal")},
                                             {NULL, NULL}};
static const GsParamChoice loss_choices[] = {{"ns", N_("Non-saturating")},
                                             {"minimax", N_("Minimax (saturating)")},
                                             {"lsgan", N_("Least squares")},
                                             {"wgan", N_("WGAN, weight clipping")},
                                             {"wgan_gp", N_("WGAN-GP")},
                                             {"hinge", N_("Hinge")},
                                             {NULL, NULL}};
static const GsParamChoice smoothing_choices[] = {
    {"target", N_("Real target s")}, {"ganlab", N_("GAN Lab: s · log D(x)")}, {NULL, NULL}};
static const GsParamChoice penalty_choices[] = {{"none", N_("None")},
                                                {"r1", N_("R1 (real data)")},
                                                {"r2", N_("R2 (generated data)")},
                                                {"zc_gp", N_("Zero-centred GP")},
                                                {"order2", N_("Order 2 (Hessian)")},
                                                {NULL, NULL}};
static const GsParamChoice optim_choices[] = {
    {"adam", "Adam"}, {"sgd", "SGD"}, {"rmsprop", "RMSProp"}, {NULL, NULL}};
static const GsParamChoice train_choices[] = {
    {"both", N_("D and G")}, {"d", N_("D only")}, {"g", N_("G only")}, {NULL, NULL}};

#define DATA     N_("Data")
#define MODEL    N_("Model")
#define TRAINING N_("Training")
#define VIEW     N_("View")

static const GsParamSpec schema[] = {
    {.name = "dataset",
     .type = GS_PARAM_CHOICE,
     .label = N_("Data"),
     .group = DATA,
     .choices = dataset_choices,
     .def_text = "8gaussians",
     .help = N_("The real distribution (methods.md §1 presets) or points from a CSV/.npy file")},
    {.name = "points_file",
     .type = GS_PARAM_PATH,
     .label = N_("Points file"),
     .group = DATA,
     .patterns = "*.csv;*.npy",
     .def_text = "",
     .relevant_if = "dataset=file",
     .help = N_("N×2 points: CSV with one x,y pair per line, or a NumPy .npy array")},
    {.name = "drawn_points",
     .type = GS_PARAM_STRING,
     .label = N_("Drawn points"),
     .group = DATA,
     .def_text = "",
     .relevant_if = "dataset=drawn",
     .help = N_("Points drawn on the landscape with Draw; strokes separated by “;”, points by "
                "“,”, x and y by a space")},
    {.name = "jitter",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Jitter"),
     .group = DATA,
     .min = 0,
     .max = 1,
     .def = 0,
     .digits = 3,
     .relevant_if = "dataset=file|drawn",
     .help = N_("Standard deviation of the noise added to each resampled file or drawn point")},
    {.name = "samples",
     .type = GS_PARAM_INT,
     .label = N_("Real samples"),
     .group = DATA,
     .min = 0,
     .max = 100000,
     .def = 0,
     .unit = N_("points"),
     .relevant_if = "dataset=8gaussians|25gaussians|line|gaussians|ring|disjoint|g2|gmm8|moons|"
                    "circles|spirals|checkerboard|uniform-ring",
     .help = N_("0: every batch is a fresh draw from the distribution; N: a fixed set of N points "
                "drawn once (seeded) that training resamples, as GAN Lab does. Metrics still "
                "compare the generator with the distribution.")},
    {.name = "noise",
     .type = GS_PARAM_CHOICE,
     .label = N_("Latent noise"),
     .group = DATA,
     .choices = noise_choices,
     .def_text = "gaussian"},
    {.name = "noise_dim",
     .type = GS_PARAM_INT,
     .label = N_("Latent dimension"),
     .group = DATA,
     .min = 1,
     .max = 64,
     .def = 2},
    {.name = "g_hidden",
     .type = GS_PARAM_INT_LIST,
     .label = N_("G hidden layers"),
     .group = MODEL,
     .min = 1,
     .max = 512,
     .min_len = 0,
     .max_len = 8,
     .def_text = "64,64",
     .help = N_("Widths of G's hidden layers, e.g. 64,64; empty for none")},
    {.name = "g_activation",
     .type = GS_PARAM_CHOICE,
     .label = N_("G activation"),
     .group = MODEL,
     .choices = act_choices,
     .def_text = "relu"},
    {.name = "g_output",
     .type = GS_PARAM_CHOICE,
     .label = N_("G output"),
     .group = MODEL,
     .choices = out_choices,
     .def_text = "none"},
    {.name = "d_hidden",
     .type = GS_PARAM_INT_LIST,
     .label = N_("D hidden layers"),
     .group = MODEL,
     .min = 1,
     .max = 512,
     .min_len = 0,
     .max_len = 8,
     .def_text = "64,64"},
    {.name = "d_activation",
     .type = GS_PARAM_CHOICE,
     .label = N_("D activation"),
     .group = MODEL,
     .choices = act_choices,
     .def_text = "relu"},
    {.name = "init",
     .type = GS_PARAM_CHOICE,
     .label = N_("Initializer"),
     .group = MODEL,
     .choices = init_choices,
     .def_text = "uniform_fanin"},
    {.name = "loss",
     .type = GS_PARAM_CHOICE,
     .label = N_("Loss"),
     .group = TRAINING,
     .choices = loss_choices,
     .def_text = "ns"},
    {.name = "label_smoothing",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Real label s"),
     .group = TRAINING,
     .min = 0.5,
     .max = 1,
     .def = 1,
     .digits = 2,
     .relevant_if = "loss=ns|minimax",
     .help = N_("One-sided label smoothing: 1 is none, GAN Lab uses 0.95")},
    {.name = "smoothing_form",
     .type = GS_PARAM_CHOICE,
     .label = N_("Smoothing form"),
     .group = TRAINING,
     .choices = smoothing_choices,
     .def_text = "target",
     .relevant_if = "loss=ns|minimax"},
    {.name = "clip",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Weight clip c"),
     .group = TRAINING,
     .min = 1e-4,
     .max = 10,
     .def = 0.01,
     .log_scale = TRUE,
     .relevant_if = "loss=wgan"},
    {.name = "gp_weight",
     .type = GS_PARAM_DOUBLE,
     .label = N_("GP weight λ"),
     .group = TRAINING,
     .min = 1e-3,
     .max = 1000,
     .def = 10,
     .log_scale = TRUE,
     .relevant_if = "loss=wgan_gp"},
    {.name = "penalty",
     .type = GS_PARAM_CHOICE,
     .label = N_("Penalty"),
     .group = TRAINING,
     .choices = penalty_choices,
     .def_text = "r1",
     .help = N_("Added to D's loss: R1/R2 (γ/2)‖∇f‖² on real/fake data, λ‖∇f‖² or λ‖∇²f‖²_F at "
                "interpolates")},
    {.name = "penalty_weight",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Penalty weight"),
     .group = TRAINING,
     .min = 1e-4,
     .max = 1000,
     .def = 0.1,
     .log_scale = TRUE,
     .live = TRUE,
     .relevant_if = "penalty=r1|r2|zc_gp|order2"},
    {.name = "d_optimizer",
     .type = GS_PARAM_CHOICE,
     .label = N_("D optimizer"),
     .group = TRAINING,
     .choices = optim_choices,
     .def_text = "adam"},
    {.name = "g_optimizer",
     .type = GS_PARAM_CHOICE,
     .label = N_("G optimizer"),
     .group = TRAINING,
     .choices = optim_choices,
     .def_text = "adam"},
    {.name = "d_lr",
     .type = GS_PARAM_DOUBLE,
     .label = N_("D learning rate"),
     .group = TRAINING,
     .min = 1e-5,
     .max = 1,
     .def = 1e-3,
     .log_scale = TRUE,
     .live = TRUE},
    {.name = "g_lr",
     .type = GS_PARAM_DOUBLE,
     .label = N_("G learning rate"),
     .group = TRAINING,
     .min = 1e-5,
     .max = 1,
     .def = 1e-3,
     .log_scale = TRUE,
     .live = TRUE},
    {.name = "beta1",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Adam β₁"),
     .group = TRAINING,
     .min = 0,
     .max = 0.999,
     .def = 0.5,
     .digits = 3},
    {.name = "d_steps",
     .type = GS_PARAM_INT,
     .label = N_("D steps per iteration"),
     .group = TRAINING,
     .min = 0,
     .max = 10,
     .def = 1,
     .live = TRUE},
    {.name = "g_steps",
     .type = GS_PARAM_INT,
     .label = N_("G steps per iteration"),
     .group = TRAINING,
     .min = 0,
     .max = 10,
     .def = 1,
     .live = TRUE},
    {.name = "batch",
     .type = GS_PARAM_INT,
     .label = N_("Batch size"),
     .group = TRAINING,
     .min = 2,
     .max = 4096,
     .def = 256,
     .unit = N_("samples")},
    {.name = "train",
     .type = GS_PARAM_CHOICE,
     .label = N_("Train"),
     .group = TRAINING,
     .choices = train_choices,
     .def_text = "both",
     .live = TRUE,
     .help = N_("Which networks a step updates: with Step, one D step or one G step")},
    {.name = "grid",
     .type = GS_PARAM_INT,
     .label = N_("Landscape resolution"),
     .group = VIEW,
     .min = 16,
     .max = 512,
     .def = 128,
     .unit = N_("points a side"),
     .live = TRUE},
    {.name = "eval_every",
     .type = GS_PARAM_INT,
     .label = N_("Evaluate every"),
     .group = VIEW,
     .min = 1,
     .max = 100000,
     .def = 50,
     .unit = N_("steps"),
     .live = TRUE,
     .help = N_("How often W₂², grid KL/JS, modes and ‖∇D‖ statistics are computed")},
    {NULL}};

/* ---- state ------------------------------------------------------------------------------- */

typedef enum { LOSS_NS, LOSS_MINIMAX, LOSS_LSGAN, LOSS_WGAN, LOSS_WGAN_GP, LOSS_HINGE } Loss;
typedef enum { PEN_NONE, PEN_R1, PEN_R2, PEN_ZC_GP, PEN_ORDER2 } Penalty;

enum { EVAL_N = 2500, MANIFOLD_CELLS = 20, CURVE_POINTS = 201, GRAD_RES = 24, KDE_N = 8192 };

typedef struct {
  gs_ctx *model, *work;
  gs_mlp *G, *D;
  gs_params gp, dp;
  gs_params everything; /* weights and optimizer state, for checkpoints */
  gs_optim *gopt, *dopt;
  gs_rng data_rng, noise_rng, aux_rng;
  GsToy2d *data;
  GsToy2d *train_data; /* a fixed set of "samples" points drawn from data, or NULL: data itself */
  double box[4];
  Loss loss;
  Penalty penalty;
  double smoothing, clip, gp_weight, penalty_weight, d_lr, g_lr;
  gboolean ganlab_smoothing, uniform_noise;
  int noise_dim, batch, d_steps, g_steps, grid, eval_every;
  char train;        /* 'b', 'd' or 'g' */
  float *batch_buf;  /* (batch, 2) */
  float *shown_real; /* (SHOWN, 2) */
  float *shown_z;    /* (SHOWN, noise_dim) */
  float *eval_real;  /* (EVAL_N, 2) */
  float *p_grid;     /* (DSTAR_RES, DSTAR_RES) or NULL */
  /* q and D on the D* grid (~3 ms): while snapshots stream, recomputed twice a second */
  float *q_grid, *d_small;
  gint64 dstar_time; /* monotonic µs of the last computation; 0: never */
  /* While snapshots stream, that computation runs one stage per snapshot (DstarStage) so none
   * costs much more than the others: the runner waits 3× a snapshot's cost before the next,
   * so one long snapshot twice a second cost a frame each time. */
  int dstar_stage;
  float *dstar_z, *dstar_q_pts, *q_pending; /* the stages' results so far */
  /* What the views show, recomputed at every snapshot (~7 ms at 256² on one core, D over the
   * plane most of it, through the host copy of D; the runner spaces snapshots so they keep
   * under a quarter of the worker). */
  float *d_cache; /* (d_cache_res, d_cache_res) */
  int d_cache_res;
  float grad_cache[2 * GRAD_RES * GRAD_RES];
  float fake_cache[2 * GS_LANDSCAPE_SHOWN], fake_grad_cache[2 * GS_LANDSCAPE_SHOWN];
  float manifold_cache[2 * (MANIFOLD_CELLS + 1) * (MANIFOLD_CELLS + 1)]; /* or a curve */
  /* when the previous snapshot ended: closer than 250 ms is streaming (the runner spaces
   * snapshots by three times their cost, so up to ~200 ms at 256² under load) */
  gint64 last_snapshot_time;
  double critic_mid; /* WGAN critics: halfway between f's means on the shown real and fakes */
} Landscape;

static gboolean is_log_loss(Loss l)
{
  return l == LOSS_NS || l == LOSS_MINIMAX;
}

static void landscape_free(gpointer state)
{
  Landscape *s = state;
  if (!s) return;
  gs_params_clear(&s->gp);
  gs_params_clear(&s->dp);
  gs_params_clear(&s->everything);
  if (s->gopt) gs_optim_free(s->gopt);
  if (s->dopt) gs_optim_free(s->dopt);
  if (s->work) gs_ctx_free(s->work);
  if (s->model) gs_ctx_free(s->model);
  gs_toy2d_free(s->data);
  if (s->train_data) gs_toy2d_free(s->train_data);
  g_free(s->batch_buf);
  g_free(s->shown_real);
  g_free(s->shown_z);
  g_free(s->eval_real);
  g_free(s->p_grid);
  g_free(s->q_grid);
  g_free(s->d_small);
  g_free(s->dstar_z);
  g_free(s->dstar_q_pts);
  g_free(s->q_pending);
  g_free(s->d_cache);
  g_free(s);
}

static gs_mlp *build_mlp(gs_ctx *model, gs_rng *rng, const GsParamValues *p, const char *hidden,
                         const char *act, int in, int out, gs_act output, gs_init init)
{
  guint n_hidden;
  const gint64 *widths_in = gs_param_values_get_int_list(p, hidden, &n_hidden);
  int64_t widths[10];
  widths[0] = in;
  for (guint i = 0; i < n_hidden; i++) widths[i + 1] = widths_in[i];
  widths[n_hidden + 1] = out;
  gs_act a = GS_ACT_RELU;
  gs_act_from_name(gs_param_values_get_string(p, act), &a);
  gs_mlp_config mc = {.hidden = a,
                      .hidden_param = a == GS_ACT_LEAKY_RELU ? 0.2
                                      : a == GS_ACT_ELU      ? 1.0
                                                             : 0,
                      .output = output,
                      .bias = true,
                      .init = init};
  return gs_mlp_new(model, rng, (int) n_hidden + 2, widths, &mc);
}

static gs_optim *build_optim(gs_ctx *model, const GsParamValues *p, const char *name,
                             const gs_params *params)
{
  gs_optim_kind kind = GS_OPTIM_ADAM;
  gs_optim_kind_from_name(gs_param_values_get_string(p, name), &kind);
  gs_optim_config oc = gs_optim_config_default(kind);
  if (kind == GS_OPTIM_ADAM) oc.beta1 = gs_param_values_get_double(p, "beta1");
  return gs_optim_new(model, &oc, params);
}

static void read_live(Landscape *s, const GsParamValues *p)
{
  s->penalty_weight = gs_param_values_get_double(p, "penalty_weight");
  s->d_lr = gs_param_values_get_double(p, "d_lr");
  s->g_lr = gs_param_values_get_double(p, "g_lr");
  s->d_steps = (int) gs_param_values_get_int(p, "d_steps");
  s->g_steps = (int) gs_param_values_get_int(p, "g_steps");
  s->grid = (int) gs_param_values_get_int(p, "grid");
  s->eval_every = (int) gs_param_values_get_int(p, "eval_every");
  s->train = gs_param_values_get_string(p, "train")[0];
}

/* Latent samples into z (n, noise_dim) from rng. */
static void draw_latent(Landscape *s, gs_rng *rng, gsize n, float *z)
{
  for (gsize i = 0; i < n * (gsize) s->noise_dim; i++)
    z[i] = (float) (s->uniform_noise ? 2 * gs_rng_uniform(rng) - 1 : gs_rng_normal(rng));
}

static gs_tensor *latent_tensor(Landscape *s, gs_ctx *ctx, gsize n)
{
  int64_t shape[2] = {(int64_t) n, s->noise_dim};
  return s->uniform_noise ? gs_rand_uniform(ctx, &s->noise_rng, GS_F32, 2, shape, -1, 1)
                          : gs_rand_normal(ctx, &s->noise_rng, GS_F32, 2, shape, 0, 1);
}

static gpointer landscape_init(const GsParamValues *p, guint64 seed, gs_backend *backend,
                               gint64 total_steps, GError **error)
{
  Landscape *s = g_new0(Landscape, 1);
  const char *dataset = gs_param_values_get_string(p, "dataset");
  GsToy2dPreset preset;
  if (g_str_equal(dataset, "file")) {
    const char *path = gs_param_values_get_string(p, "points_file");
    if (!*path) {
      g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_IO,
                  _("points_file: choose a CSV or .npy file of N×2 points"));
      landscape_free(s);
      return NULL;
    }
    gsize n = 0;
    g_autofree float *xy = gs_toy2d_load_points(path, &n, error);
    if (!xy) {
      landscape_free(s);
      return NULL;
    }
    s->data = gs_toy2d_new_points(xy, n, gs_param_values_get_double(p, "jitter"));
  } else if (g_str_equal(dataset, "drawn")) {
    gsize n = 0;
    g_autoptr(GError) parse_error = NULL;
    g_autofree float *xy = gs_toy2d_parse_strokes(gs_param_values_get_string(p, "drawn_points"), &n,
                                                  NULL, NULL, &parse_error);
    if (parse_error || !n) {
      if (parse_error)
        g_set_error(error, GS_TOY2D_ERROR, parse_error->code, "drawn_points: %s",
                    parse_error->message);
      else
        g_set_error(error, GS_TOY2D_ERROR, GS_TOY2D_ERROR_SHAPE,
                    _("drawn_points: nothing drawn yet — turn on Draw and drag on the landscape"));
      landscape_free(s);
      return NULL;
    }
    s->data = gs_toy2d_new_points(xy, n, gs_param_values_get_double(p, "jitter"));
  } else {
    gboolean known = gs_toy2d_preset_from_id(dataset, &preset);
    g_assert(known); /* the schema's choices are preset ids */
    s->data = gs_toy2d_new_preset(preset);
  }
  gs_toy2d_box(s->data, s->box);
  if (g_str_equal(dataset, "drawn")) {
    /* Drawn data keep at least the canvas of the default data (8 Gaussians, [−3, 3]²), where the
     * user first draws: the plane does not jump to the first stroke's bounds under the pen. */
    double lo = MIN(MIN(s->box[0], s->box[2]), -3), hi = MAX(MAX(s->box[1], s->box[3]), 3);
    s->box[0] = s->box[2] = lo;
    s->box[1] = s->box[3] = hi;
  }

  const char *loss = gs_param_values_get_string(p, "loss");
  s->loss = g_str_equal(loss, "minimax")   ? LOSS_MINIMAX
            : g_str_equal(loss, "lsgan")   ? LOSS_LSGAN
            : g_str_equal(loss, "wgan")    ? LOSS_WGAN
            : g_str_equal(loss, "wgan_gp") ? LOSS_WGAN_GP
            : g_str_equal(loss, "hinge")   ? LOSS_HINGE
                                           : LOSS_NS;
  const char *pen = gs_param_values_get_string(p, "penalty");
  s->penalty = g_str_equal(pen, "r1")       ? PEN_R1
               : g_str_equal(pen, "r2")     ? PEN_R2
               : g_str_equal(pen, "zc_gp")  ? PEN_ZC_GP
               : g_str_equal(pen, "order2") ? PEN_ORDER2
                                            : PEN_NONE;
  s->smoothing = gs_param_values_get_double(p, "label_smoothing");
  s->ganlab_smoothing = g_str_equal(gs_param_values_get_string(p, "smoothing_form"), "ganlab");
  s->clip = gs_param_values_get_double(p, "clip");
  s->gp_weight = gs_param_values_get_double(p, "gp_weight");
  s->uniform_noise = g_str_equal(gs_param_values_get_string(p, "noise"), "uniform");
  s->noise_dim = (int) gs_param_values_get_int(p, "noise_dim");
  s->batch = (int) gs_param_values_get_int(p, "batch");
  read_live(s, p);

  gs_rng root = gs_rng_new(seed), init_rng = gs_rng_fork(&root, 0),
         shown_rng = gs_rng_fork(&root, 4);
  s->data_rng = gs_rng_fork(&root, 1);
  s->noise_rng = gs_rng_fork(&root, 2);
  s->aux_rng = gs_rng_fork(&root, 3);
  s->model = gs_ctx_new(backend);
  s->work = gs_ctx_new(backend);
  gs_init init = GS_INIT_UNIFORM_FANIN;
  gs_init_from_name(gs_param_values_get_string(p, "init"), &init);
  gs_act g_out = GS_ACT_NONE;
  gs_act_from_name(gs_param_values_get_string(p, "g_output"), &g_out);
  s->G =
      build_mlp(s->model, &init_rng, p, "g_hidden", "g_activation", s->noise_dim, 2, g_out, init);
  s->D = build_mlp(s->model, &init_rng, p, "d_hidden", "d_activation", 2, 1, GS_ACT_NONE, init);
  gs_mlp_collect(s->G, "g.", &s->gp);
  gs_mlp_collect(s->D, "d.", &s->dp);
  for (int i = 0; i < s->gp.n; i++) gs_set_requires_grad(s->gp.tensors[i], true);
  for (int i = 0; i < s->dp.n; i++) gs_set_requires_grad(s->dp.tensors[i], true);
  s->gopt = build_optim(s->model, p, "g_optimizer", &s->gp);
  s->dopt = build_optim(s->model, p, "d_optimizer", &s->dp);
  const gs_params *lists[] = {&s->gp, &s->dp, gs_optim_state(s->gopt), gs_optim_state(s->dopt)};
  const char *prefixes[] = {"", "", "gopt.", "dopt."};
  for (int l = 0; l < 4; l++)
    for (int i = 0; i < lists[l]->n; i++) {
      g_autofree char *name = g_strconcat(prefixes[l], lists[l]->names[i], NULL);
      gs_params_add(&s->everything, name, lists[l]->tensors[i]);
    }

  /* A fixed real set for presets, drawn from its own stream so the other streams (and so runs
   * with samples = 0) stay as they were. */
  gint64 n_fixed = gs_param_values_get_int(p, "samples");
  if (n_fixed > 0 && !g_str_equal(dataset, "file") && !g_str_equal(dataset, "drawn")) {
    gs_rng fixed_rng = gs_rng_fork(&root, 5);
    g_autofree float *xy = g_new(float, 2 * (gsize) n_fixed);
    gs_toy2d_sample(s->data, &fixed_rng, (gsize) n_fixed, xy);
    s->train_data = gs_toy2d_new_points(xy, (gsize) n_fixed, 0.0);
  }
  GsToy2d *train = s->train_data ? s->train_data : s->data;

  s->batch_buf = g_new(float, 2 * (gsize) s->batch);
  s->shown_real = g_new(float, 2 * GS_LANDSCAPE_SHOWN);
  s->shown_z = g_new(float, (gsize) GS_LANDSCAPE_SHOWN * s->noise_dim);
  s->eval_real = g_new(float, 2 * EVAL_N);
  gs_toy2d_sample(train, &shown_rng, GS_LANDSCAPE_SHOWN, s->shown_real);
  draw_latent(s, &shown_rng, GS_LANDSCAPE_SHOWN, s->shown_z);
  gs_toy2d_sample(s->data, &shown_rng, EVAL_N, s->eval_real);
  if (gs_toy2d_has_density(s->data)) {
    const int r = GS_LANDSCAPE_DSTAR_RES;
    s->p_grid = g_new(float, r *r);
    for (int j = 0; j < r; j++)
      for (int i = 0; i < r; i++)
        s->p_grid[j * r + i] =
            (float) gs_toy2d_density(s->data, s->box[0] + i * (s->box[1] - s->box[0]) / (r - 1),
                                     s->box[2] + j * (s->box[3] - s->box[2]) / (r - 1));
  }
  return s;
}

/* ---- training ---------------------------------------------------------------------------- */

static gs_tensor *real_tensor(Landscape *s, gs_ctx *ctx)
{
  gs_toy2d_sample(s->train_data ? s->train_data : s->data, &s->data_rng, (gsize) s->batch,
                  s->batch_buf);
  return gs_from_data(ctx, GS_F32, 2, (int64_t[]){s->batch, 2}, s->batch_buf);
}

/* ∇ₓ f at the interpolates x̂ of x and fake, keeping the graph for a penalty. */
static gs_tensor *grad_at_interpolates(Landscape *s, gs_ctx *c, gs_tensor *x, gs_tensor *fake,
                                       gs_tensor **xhat_out)
{
  gs_tensor *xhat = gs_gan_interpolates(c, &s->aux_rng, x, fake);
  if (xhat_out) *xhat_out = xhat;
  return gs_gan_input_grad(c, gs_mlp_forward(c, s->D, xhat), xhat);
}

static double d_update(Landscape *s, double *gp_norm)
{
  gs_ctx *c = s->work;
  gs_tensor *x = real_tensor(s, c);
  bool was = gs_set_grad_enabled(c, false);
  gs_tensor *fake = gs_mlp_forward(c, s->G, latent_tensor(s, c, (gsize) s->batch));
  gs_set_grad_enabled(c, was);
  if (s->penalty == PEN_R1) gs_set_requires_grad(x, true);
  if (s->penalty == PEN_R2) gs_set_requires_grad(fake, true);
  gs_tensor *fr = gs_mlp_forward(c, s->D, x), *ff = gs_mlp_forward(c, s->D, fake);
  gs_tensor *loss;
  switch (s->loss) {
  case LOSS_NS:
  case LOSS_MINIMAX:
    loss = gs_gan_d_loss_logistic(c, fr, ff, s->smoothing, s->ganlab_smoothing);
    break;
  case LOSS_LSGAN:
    loss = gs_gan_d_loss_lsgan(c, fr, ff);
    break;
  case LOSS_HINGE:
    loss = gs_gan_d_loss_hinge(c, fr, ff);
    break;
  default:
    loss = gs_gan_d_loss_wasserstein(c, fr, ff);
    break;
  }
  if (s->loss == LOSS_WGAN_GP) {
    gs_tensor *norm;
    gs_tensor *gp =
        gs_gan_gp_one_centred(c, grad_at_interpolates(s, c, x, fake, NULL), false, &norm);
    *gp_norm = gs_item(gs_mean_all(c, norm));
    loss = gs_add(c, loss, gs_mul_scalar(c, gp, s->gp_weight));
  }
  gs_tensor *pen = NULL;
  switch (s->penalty) {
  case PEN_R1:
    pen = gs_mul_scalar(c, gs_gan_grad_sq_mean(c, gs_gan_input_grad(c, fr, x)),
                        s->penalty_weight / 2);
    break;
  case PEN_R2:
    pen = gs_mul_scalar(c, gs_gan_grad_sq_mean(c, gs_gan_input_grad(c, ff, fake)),
                        s->penalty_weight / 2);
    break;
  case PEN_ZC_GP:
    pen = gs_mul_scalar(c, gs_gan_grad_sq_mean(c, grad_at_interpolates(s, c, x, fake, NULL)),
                        s->penalty_weight);
    break;
  case PEN_ORDER2: {
    gs_tensor *xhat, *g = grad_at_interpolates(s, c, x, fake, &xhat);
    pen = gs_mul_scalar(c, gs_gan_hessian_sq_mean(c, g, xhat), s->penalty_weight);
    break;
  }
  default:
    break;
  }
  if (pen) loss = gs_add(c, loss, pen);
  gs_optim_step(s->dopt, gs_grad(c, loss, NULL, s->dp.n, s->dp.tensors, false), s->d_lr);
  if (s->loss == LOSS_WGAN) gs_clip_weights_(&s->dp, s->clip);
  double value = gs_item(loss);
  gs_ctx_reset(c);
  return value;
}

static double g_update(Landscape *s)
{
  gs_ctx *c = s->work;
  gs_tensor *ff =
      gs_mlp_forward(c, s->D, gs_mlp_forward(c, s->G, latent_tensor(s, c, (gsize) s->batch)));
  gs_tensor *loss;
  switch (s->loss) {
  case LOSS_NS:
    loss = gs_gan_g_loss_ns(c, ff);
    break;
  case LOSS_MINIMAX:
    loss = gs_gan_g_loss_minimax(c, ff);
    break;
  case LOSS_LSGAN:
    loss = gs_gan_g_loss_lsgan(c, ff);
    break;
  default:
    loss = gs_gan_g_loss_wasserstein(c, ff);
    break;
  }
  gs_optim_step(s->gopt, gs_grad(c, loss, NULL, s->gp.n, s->gp.tensors, false), s->g_lr);
  double value = gs_item(loss);
  gs_ctx_reset(c);
  return value;
}

/* G's images of n latent vectors z (n, noise_dim) into xy (n, 2), no graph. */
static void generate(Landscape *s, const float *z, gsize n, float *xy)
{
  gs_ctx *c = s->work;
  bool was = gs_set_grad_enabled(c, false);
  gs_tensor *out = gs_mlp_forward(
      c, s->G, gs_from_data(c, GS_F32, 2, (int64_t[]){(int64_t) n, s->noise_dim}, z));
  gs_read(out, xy);
  gs_set_grad_enabled(c, was);
  gs_ctx_reset(c);
}

/* generate() through the host copy of G when there is one (refresh_views). */
static void generate_with(Landscape *s, const gs_mlp_infer *host_g, const float *z, gsize n,
                          float *xy)
{
  if (host_g)
    gs_mlp_infer_forward(host_g, z, n, xy);
  else
    generate(s, z, n, xy);
}

/* f at n points (and ∇ₓf into grad (n, 2) when not NULL). */
static void critic(Landscape *s, const float *xy, gsize n, float *f, float *grad)
{
  gs_ctx *c = s->work;
  /* in chunks that keep every activation in L2: whole-grid buffers (16 MB at 256²) cost page
   * faults and memory passes, 30 % of the snapshot */
  const gsize chunk = 4096;
  for (gsize at = 0; at < n; at += chunk) {
    gsize m = MIN(chunk, n - at);
    gs_tensor *x = gs_from_data(c, GS_F32, 2, (int64_t[]){(int64_t) m, 2}, xy + 2 * at);
    if (grad) {
      gs_set_requires_grad(x, true);
      gs_tensor *out = gs_mlp_forward(c, s->D, x);
      gs_tensor *g = gs_grad(c, gs_sum_all(c, out), NULL, 1, &x, false)[0];
      gs_read(out, f + at);
      gs_read(g, grad + 2 * at);
    } else {
      bool was = gs_set_grad_enabled(c, false);
      gs_read(gs_mlp_forward(c, s->D, x), f + at);
      gs_set_grad_enabled(c, was);
    }
    gs_ctx_reset(c);
  }
}

/* f at n points without gradients: through the host copy of D when there is one (the grids
 * of refresh_views), else through critic(). */
static void critic_values(Landscape *s, const gs_mlp_infer *host_d, const float *xy, gsize n,
                          float *f)
{
  if (host_d)
    gs_mlp_infer_forward(host_d, xy, n, f);
  else
    critic(s, xy, n, f, NULL);
}

static void evaluate(Landscape *s, GsMetricSink *metrics)
{
  g_autofree float *z = g_new(float, (gsize) EVAL_N * s->noise_dim);
  g_autofree float *fake = g_new(float, 2 * EVAL_N);
  draw_latent(s, &s->aux_rng, EVAL_N, z);
  generate(s, z, EVAL_N, fake);
  gs_metric_sink_emit(metrics, "w22", gs_w22_gaussian_f32(s->eval_real, EVAL_N, fake, EVAL_N, 2));
  double kl, js;
  gs_gan2d_grid_kl_js(s->eval_real, EVAL_N, fake, EVAL_N, s->box, 30, &kl, &js);
  gs_metric_sink_emit(metrics, "kl", kl);
  gs_metric_sink_emit(metrics, "js", js);
  int n_modes;
  const GsToy2dMode *modes = gs_toy2d_modes(s->data, &n_modes);
  if (n_modes > 1) {
    int covered;
    double hq;
    gs_gan2d_modes(modes, n_modes, fake, EVAL_N, 20, &covered, &hq);
    gs_metric_sink_emit(metrics, "modes", covered);
    gs_metric_sink_emit(metrics, "hq", hq);
  }
  /* ‖∇f‖ over a real and a fake batch */
  enum { N = 512 };
  float pts[4 * N], f[2 * N], grad[4 * N];
  memcpy(pts, s->eval_real, sizeof(float) * 2 * N);
  memcpy(pts + 2 * N, fake, sizeof(float) * 2 * N);
  critic(s, pts, 2 * N, f, grad);
  double sum = 0, mx = 0;
  for (int i = 0; i < 2 * N; i++) {
    double g = hypot(grad[2 * i], grad[2 * i + 1]);
    sum += g;
    mx = MAX(mx, g);
  }
  gs_metric_sink_emit(metrics, "grad_norm_mean", sum / (2 * N));
  gs_metric_sink_emit(metrics, "grad_norm_max", mx);
}

static gboolean landscape_step(gpointer state, gint64 step, GsMetricSink *metrics, GError **error)
{
  Landscape *s = state;
  double d_loss = NAN, g_loss = NAN, gp_norm = NAN;
  int d_steps = s->train == 'g' ? 0 : s->train == 'd' ? MAX(s->d_steps, 1) : s->d_steps;
  int g_steps = s->train == 'd' ? 0 : s->train == 'g' ? MAX(s->g_steps, 1) : s->g_steps;
  for (int k = 0; k < d_steps; k++) d_loss = d_update(s, &gp_norm);
  for (int k = 0; k < g_steps; k++) g_loss = g_update(s);
  if ((d_steps && !isfinite(d_loss)) || (g_steps && !isfinite(g_loss))) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                _("Training diverged at step %" PRId64 ": the %s loss is %s; lower the "
                  "learning rates or add a penalty"),
                step, d_steps && !isfinite(d_loss) ? "D" : "G",
                isnan(d_steps && !isfinite(d_loss) ? d_loss : g_loss) ? "NaN" : "infinite");
    return FALSE;
  }
  if (d_steps) gs_metric_sink_emit(metrics, "d_loss", d_loss);
  if (g_steps) gs_metric_sink_emit(metrics, "g_loss", g_loss);
  if (s->loss == LOSS_WGAN_GP && d_steps) gs_metric_sink_emit(metrics, "gp_norm", gp_norm);
  if (step == 1 || step % s->eval_every == 0) evaluate(s, metrics);
  return TRUE;
}

/* ---- snapshots --------------------------------------------------------------------------- */

/* The displayed D from the logit f: σ(f) for the log losses, f otherwise. */
static double shown(const Landscape *s, double f)
{
  return is_log_loss(s->loss) ? 1 / (1 + exp(-f)) : f;
}

static void fill_grid(const Landscape *s, int r, float *xy)
{
  for (int j = 0; j < r; j++)
    for (int i = 0; i < r; i++) {
      xy[2 * (j * r + i)] = (float) (s->box[0] + i * (s->box[1] - s->box[0]) / (r - 1));
      xy[2 * (j * r + i) + 1] = (float) (s->box[2] + j * (s->box[3] - s->box[2]) / (r - 1));
    }
}

/* f on the r × r grid of fill_grid: through the host copy of D when there is one. */
static void critic_grid(Landscape *s, const gs_mlp_infer *host_d, int r, float *f)
{
  if (host_d) {
    gs_mlp_infer_grid(host_d, s->box, r, f);
    return;
  }
  g_autofree float *xy = g_new(float, 2 * (gsize) r * r);
  fill_grid(s, r, xy);
  critic(s, xy, (gsize) r * r, f, NULL);
}

/* The standard normal quantile, by bisection on erfc (a few dozen values per snapshot). */
static double normal_quantile(double u)
{
  double lo = -10, hi = 10;
  for (int it = 0; it < 60; it++) {
    double mid = 0.5 * (lo + hi);
    if (0.5 * erfc(-mid / G_SQRT2) < u)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

/* Latent coordinate k of n+1 cell edges with equal mass (uniform or Gaussian noise); the outer
 * edges of a Gaussian grid sit at the 0.5% and 99.5% quantiles. */
static double latent_edge(const Landscape *s, int k, int n)
{
  if (s->uniform_noise) return -1 + 2.0 * k / n;
  return normal_quantile(0.005 + 0.99 * k / n);
}

/* D*'s ingredients in stages of about 1 ms each; q and D on the D* grid change together, at the
 * last one, with D of that snapshot. */
typedef enum {
  DSTAR_IDLE,
  DSTAR_LATENTS, /* KDE_N latent vectors */
  DSTAR_IMAGES,  /* G's images of them */
  DSTAR_KDE,     /* q on the D* grid, pending */
  DSTAR_D,       /* D on the D* grid; q published */
  DSTAR_STAGES
} DstarStage;

static void dstar_stage(Landscape *s, int stage, gint64 step, const gs_mlp_infer *host_d,
                        const gs_mlp_infer *host_g)
{
  const int rd = GS_LANDSCAPE_DSTAR_RES;
  if (!s->q_grid) {
    s->q_grid = g_new(float, rd *rd), s->d_small = g_new(float, rd *rd);
    s->q_pending = g_new(float, rd *rd);
    s->dstar_z = g_new(float, (gsize) KDE_N * s->noise_dim);
    s->dstar_q_pts = g_new(float, 2 * KDE_N);
  }
  switch (stage) {
  case DSTAR_LATENTS: {
    gs_rng kde_rng = gs_rng_fork(&s->aux_rng, 1000 + (guint64) step); /* aux_rng stays */
    draw_latent(s, &kde_rng, KDE_N, s->dstar_z);
    break;
  }
  case DSTAR_IMAGES:
    generate_with(s, host_g, s->dstar_z, KDE_N, s->dstar_q_pts);
    break;
  case DSTAR_KDE:
    gs_gan2d_kde_grid(s->dstar_q_pts, KDE_N, s->box, rd, s->q_pending);
    break;
  case DSTAR_D: {
    critic_grid(s, host_d, rd, s->d_small);
    for (int k = 0; k < rd * rd; k++) s->d_small[k] = (float) shown(s, s->d_small[k]);
    memcpy(s->q_grid, s->q_pending, sizeof(float) * rd * rd);
    break;
  }
  default:
    g_assert_not_reached();
  }
}

/* Recompute what the views show into the caches (D* at most twice a second while streaming). */
static void refresh_views(Landscape *s, gint64 step, gboolean streaming)
{
  gboolean prob = is_log_loss(s->loss);
  int r = s->grid;
  s->d_cache = g_renew(float, s->d_cache, (gsize) r *r);
  s->d_cache_res = r;
  /* forward-only host copies of the nets for the grids and samples (NULL: not applicable) */
  gs_mlp_infer *host_d = gs_mlp_infer_new(s->model, s->D),
               *host_g = gs_mlp_infer_new(s->model, s->G);
  critic_grid(s, host_d, r, s->d_cache);
  for (int k = 0; k < r * r; k++) s->d_cache[k] = (float) shown(s, s->d_cache[k]);

  /* ∇D on a coarse grid, and at the shown fakes */
  float gxy[2 * GRAD_RES * GRAD_RES], gf[GRAD_RES * GRAD_RES];
  fill_grid(s, GRAD_RES, gxy);
  critic(s, gxy, GRAD_RES * GRAD_RES, gf, s->grad_cache);
  for (int k = 0; k < GRAD_RES * GRAD_RES; k++) {
    double scale = prob ? shown(s, gf[k]) * (1 - shown(s, gf[k])) : 1;
    s->grad_cache[2 * k] *= (float) scale;
    s->grad_cache[2 * k + 1] *= (float) scale;
  }
  const int n = GS_LANDSCAPE_SHOWN;
  float ff[GS_LANDSCAPE_SHOWN];
  generate_with(s, host_g, s->shown_z, n, s->fake_cache);
  critic(s, s->fake_cache, n, ff, s->fake_grad_cache);
  for (int k = 0; k < n; k++) {
    double scale = prob ? shown(s, ff[k]) * (1 - shown(s, ff[k])) : 1;
    s->fake_grad_cache[2 * k] *= (float) scale;
    s->fake_grad_cache[2 * k + 1] *= (float) scale;
  }
  if (s->loss == LOSS_WGAN || s->loss == LOSS_WGAN_GP) {
    /* a critic's offset is arbitrary: its "boundary" is the level between the two means */
    float fr[GS_LANDSCAPE_SHOWN];
    critic_values(s, host_d, s->shown_real, n, fr);
    double sum = 0;
    for (int k = 0; k < n; k++) sum += fr[k] + ff[k];
    s->critic_mid = sum / (2 * n);
  }

  /* the generator's manifold: the first one or two latent coordinates, the rest at 0 */
  if (s->noise_dim == 1) {
    float z[CURVE_POINTS];
    for (int k = 0; k < CURVE_POINTS; k++) z[k] = (float) latent_edge(s, k, CURVE_POINTS - 1);
    generate_with(s, host_g, z, CURVE_POINTS, s->manifold_cache);
  } else {
    const int m = MANIFOLD_CELLS + 1;
    double edge[MANIFOLD_CELLS + 1];
    for (int k = 0; k < m; k++) edge[k] = latent_edge(s, k, MANIFOLD_CELLS);
    g_autofree float *z = g_new0(float, (gsize) m *m * s->noise_dim);
    for (int j = 0; j < m; j++)
      for (int i = 0; i < m; i++) {
        z[(j * m + i) * s->noise_dim] = (float) edge[i];
        z[(j * m + i) * s->noise_dim + 1] = (float) edge[j];
      }
    generate_with(s, host_g, z, (gsize) m * m, s->manifold_cache);
  }

  /* the optimal discriminator's ingredients: a KDE of q and D on the D* grid */
  gint64 now = g_get_monotonic_time();
  if (s->p_grid && (!s->q_grid || !streaming)) {
    s->dstar_time = now;
    for (int k = DSTAR_LATENTS; k < DSTAR_STAGES; k++) dstar_stage(s, k, step, host_d, host_g);
    s->dstar_stage = DSTAR_IDLE;
  } else if (s->p_grid && (s->dstar_stage != DSTAR_IDLE || now - s->dstar_time >= 500000)) {
    if (s->dstar_stage == DSTAR_IDLE) s->dstar_time = now, s->dstar_stage = DSTAR_LATENTS;
    dstar_stage(s, s->dstar_stage, step, host_d, host_g);
    s->dstar_stage = s->dstar_stage + 1 == DSTAR_STAGES ? DSTAR_IDLE : s->dstar_stage + 1;
  }
  gs_mlp_infer_free(host_d);
  gs_mlp_infer_free(host_g);
}

static GsSnapshotBuilder *landscape_snapshot(gpointer state, gint64 step)
{
  Landscape *s = state;
  gboolean streaming = g_get_monotonic_time() - s->last_snapshot_time < 250000;
  refresh_views(s, step, streaming);
  s->last_snapshot_time = g_get_monotonic_time();

  GsSnapshotBuilder *b = gs_snapshot_builder_new("landscape", step);
  gs_snapshot_builder_add_scalar(b, "box_x0", s->box[0]);
  gs_snapshot_builder_add_scalar(b, "box_x1", s->box[1]);
  gs_snapshot_builder_add_scalar(b, "box_y0", s->box[2]);
  gs_snapshot_builder_add_scalar(b, "box_y1", s->box[3]);
  gboolean prob = is_log_loss(s->loss);
  gs_snapshot_builder_add_scalar(b, "d_is_prob", prob);
  gs_snapshot_builder_add_scalar(b, "decision",
                                 prob || s->loss == LOSS_LSGAN ? 0.5
                                 : s->loss == LOSS_HINGE       ? 0
                                                               : s->critic_mid);
  gs_snapshot_builder_add_scalar(b, "loss_is_lsgan", s->loss == LOSS_LSGAN);
  int r = s->d_cache_res, n = GS_LANDSCAPE_SHOWN;
  gs_snapshot_builder_add_floats(b, "d_grid", 2, (gint64[]){r, r}, s->d_cache);
  gs_snapshot_builder_add_floats(b, "d_grad", 3, (gint64[]){GRAD_RES, GRAD_RES, 2}, s->grad_cache);
  gs_snapshot_builder_add_floats(b, "real", 2, (gint64[]){n, 2}, s->shown_real);
  gs_snapshot_builder_add_floats(b, "fake", 2, (gint64[]){n, 2}, s->fake_cache);
  gs_snapshot_builder_add_floats(b, "fake_grad", 2, (gint64[]){n, 2}, s->fake_grad_cache);
  if (s->noise_dim == 1)
    gs_snapshot_builder_add_floats(b, "manifold", 2, (gint64[]){CURVE_POINTS, 2},
                                   s->manifold_cache);
  else
    gs_snapshot_builder_add_floats(
        b, "manifold", 3, (gint64[]){MANIFOLD_CELLS + 1, MANIFOLD_CELLS + 1, 2}, s->manifold_cache);
  gs_snapshot_builder_add_scalar(b, "manifold_dim", s->noise_dim == 1 ? 1 : 2);
  gs_snapshot_builder_add_scalar(b, "has_dstar", s->p_grid != NULL);
  if (s->p_grid) {
    const int rd = GS_LANDSCAPE_DSTAR_RES;
    gs_snapshot_builder_add_floats(b, "p_grid", 2, (gint64[]){rd, rd}, s->p_grid);
    gs_snapshot_builder_add_floats(b, "q_grid", 2, (gint64[]){rd, rd}, s->q_grid);
    gs_snapshot_builder_add_floats(b, "d_small", 2, (gint64[]){rd, rd}, s->d_small);
  }
  return b;
}

static gboolean landscape_set_live(gpointer state, const GsParamValues *p, const char *name,
                                   GError **error)
{
  read_live(state, p);
  return TRUE;
}

/* Checkpoints: every tensor, the random streams' positions and the optimizers' step counts. */
static GBytes *landscape_save(gpointer state, GError **error)
{
  Landscape *s = state;
  char v[5][32];
  g_snprintf(v[0], 32, "%" G_GUINT64_FORMAT, s->data_rng.counter);
  g_snprintf(v[1], 32, "%" G_GUINT64_FORMAT, s->noise_rng.counter);
  g_snprintf(v[2], 32, "%" G_GUINT64_FORMAT, s->aux_rng.counter);
  g_snprintf(v[3], 32, "%" G_GINT64_FORMAT, (gint64) gs_optim_steps(s->gopt));
  g_snprintf(v[4], 32, "%" G_GINT64_FORMAT, (gint64) gs_optim_steps(s->dopt));
  const char *meta[] = {"data_rng",   v[0], "noise_rng",  v[1], "aux_rng", v[2],
                        "gopt.steps", v[3], "dopt.steps", v[4], NULL};
  return gs_checkpoint_encode(&s->everything, meta, error);
}

static gboolean landscape_restore(gpointer state, GBytes *blob, GError **error)
{
  Landscape *s = state;
  g_autoptr(GHashTable) meta = NULL;
  guint64 g_steps = 0, d_steps = 0;
  if (!gs_checkpoint_decode(blob, &s->everything, &meta, error) ||
      !gs_checkpoint_meta_u64(meta, "data_rng", &s->data_rng.counter, error) ||
      !gs_checkpoint_meta_u64(meta, "noise_rng", &s->noise_rng.counter, error) ||
      !gs_checkpoint_meta_u64(meta, "aux_rng", &s->aux_rng.counter, error) ||
      !gs_checkpoint_meta_u64(meta, "gopt.steps", &g_steps, error) ||
      !gs_checkpoint_meta_u64(meta, "dopt.steps", &d_steps, error))
    return FALSE;
  gs_optim_set_steps(s->gopt, (int64_t) g_steps);
  gs_optim_set_steps(s->dopt, (int64_t) d_steps);
  s->dstar_stage = DSTAR_IDLE; /* a D* computation under way mixed the old G in */
  return TRUE;
}

const GsExperimentKind gs_landscape_kind = {
    .id = "landscape",
    .title = N_("Discriminator landscapes"),
    .description = N_("A GAN on 2-D toy data: watch D's landscape, the samples, G's gradients "
                      "and manifold, and the optimal discriminator, with every classic loss and "
                      "gradient penalty."),
    .schema = schema,
    .default_steps = 20000,
    .init = landscape_init,
    .step = landscape_step,
    .snapshot = landscape_snapshot,
    .set_live = landscape_set_live,
    .save = landscape_save,
    .restore = landscape_restore,
    .free = landscape_free,
};
