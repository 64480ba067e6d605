/* gs-robust.c — the "robust" kind: adversarial training, per-epoch clean/robust evaluation,
 * best-checkpoint tracking and the natural-data / perturbation ablations (see gs-robust.h). */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "datasets/gs-fashion-mnist.h"
#include "datasets/gs-toy2d.h"
#include "gs-robust-attack.h"
#include "gs-robust.h"
#include "platform/gs-checkpoint.h"

/* The image data set, or a 2-D preset of gs-toy2d whose classes are its components or arms (the
 * titles are gs-toy2d's, so they share its translations). */
static const GsParamChoice dataset_choices[] = {{"fashion-mnist", N_("Fashion-MNIST")},
                                                {"moons", N_("Two moons")},
                                                {"circles", N_("Circles")},
                                                {"spirals", N_("Spirals")},
                                                {"gaussians", N_("Two Gaussians")},
                                                {"disjoint", N_("Disjoint clusters")},
                                                {"8gaussians", N_("8 Gaussians (ring)")},
                                                {"25gaussians", N_("25 Gaussians (grid)")},
                                                {"gmm8", N_("8 Gaussians, unit square (gmm8)")},
                                                {NULL, NULL}};
static const GsParamChoice arch_choices[] = {
    {"mlp", N_("MLP")}, {"cnn", N_("Small CNN")}, {NULL, NULL}};
static const GsParamChoice norm_choices[] = {{"linf", N_("ℓ∞")}, {"l2", N_("ℓ2")}, {NULL, NULL}};
static const GsParamChoice attack_choices[] = {{"pgd", N_("PGD")},
                                               {"fgsm", N_("FGSM")},
                                               {"none", N_("None (standard training)")},
                                               {NULL, NULL}};
static const GsParamChoice schedule_choices[] = {{"piecewise", N_("Piecewise ×factor")},
                                                 {"cosine", N_("Cosine")},
                                                 {"constant", N_("Constant")},
                                                 {NULL, NULL}};
static const GsParamChoice ablation_choices[] = {
    {"none", N_("None (standard)")},
    /* TRANSLATORS: Yu et al.'s ablation: small-loss examples are dropped from the loss */
    {"natural", N_("Natural data: drop small-loss examples")},
    /* TRANSLATORS: small-loss examples are trained on without adversarial perturbation */
    {"perturbation", N_("Perturbation: train small-loss examples clean")},
    {"strong", N_("Larger ε_a on small-loss examples")},
    {NULL, NULL}};

static const GsParamSpec schema[] = {
    {.name = "dataset",
     .type = GS_PARAM_CHOICE,
     .label = N_("Data set"),
     .group = N_("Data"),
     .choices = dataset_choices,
     .def_text = "fashion-mnist",
     .help = N_("Fashion-MNIST images, or points of a 2-D preset classified by component (the "
                "2-D view draws the decision regions, ε-balls and attacks)")},
    {.name = "data_dir",
     .type = GS_PARAM_PATH,
     .label = N_("Fashion-MNIST folder"),
     .group = N_("Data"),
     .def_text = "",
     .relevant_if = "dataset=fashion-mnist",
     .help = N_("Folder of the four IDX files; empty: /usr/share/datasets/fashion-mnist")},
    {.name = "data_seed",
     .type = GS_PARAM_INT,
     .label = N_("Data seed"),
     .group = N_("Data"),
     .min = 0,
     .max = 1000000,
     .def = 0,
     .help = N_("Chooses the subsets and the label noise, so runs with different seeds and "
                "ablations see the same data")},
    {.name = "train_size",
     .type = GS_PARAM_INT,
     .label = N_("Training subset"),
     .group = N_("Data"),
     .min = 10,
     .max = 50000,
     .def = 2000,
     .unit = N_("images")},
    {.name = "balanced",
     .type = GS_PARAM_BOOL,
     .label = N_("Class-balanced subset"),
     .group = N_("Data"),
     .def = 1,
     .relevant_if = "dataset=fashion-mnist"},
    {.name = "label_noise",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Label noise"),
     .group = N_("Data"),
     .min = 0,
     .max = 0.9,
     .def = 0,
     .help = N_("Fraction of training labels replaced by a different class, uniformly")},
    {.name = "val_size",
     .type = GS_PARAM_INT,
     .label = N_("Validation split"),
     .group = N_("Data"),
     .min = 0,
     .max = 10000,
     .def = 500,
     .unit = N_("images"),
     .help = N_("Held out of the training set; the best checkpoint is chosen on it (on the test "
                "subset when 0)")},
    {.name = "test_size",
     .type = GS_PARAM_INT,
     .label = N_("Test subset"),
     .group = N_("Data"),
     .min = 10,
     .max = 10000,
     .def = 1000,
     .unit = N_("images")},
    {.name = "train_eval_size",
     .type = GS_PARAM_INT,
     .label = N_("Training images evaluated"),
     .group = N_("Data"),
     .min = 10,
     .max = 50000,
     .def = 1000,
     .unit = N_("images"),
     .help = N_("Clean and robust training accuracy are measured on this many training images")},
    {.name = "model",
     .type = GS_PARAM_CHOICE,
     .label = N_("Model"),
     .group = N_("Model"),
     .choices = arch_choices,
     .def_text = "mlp"},
    {.name = "hidden",
     .type = GS_PARAM_INT_LIST,
     .label = N_("Dense layers"),
     .group = N_("Model"),
     .min = 1,
     .max = 4096,
     .min_len = 0,
     .max_len = GS_ROBUST_MAX_LAYERS,
     .def_text = "512,512",
     .help = N_("Hidden widths of the MLP, or of the CNN's head")},
    {.name = "channels",
     .type = GS_PARAM_INT_LIST,
     .label = N_("Conv channels"),
     .group = N_("Model"),
     .min = 1,
     .max = 256,
     .min_len = 1,
     .max_len = 2,
     .def_text = "32,64",
     .relevant_if = "model=cnn",
     .help = N_("One 3×3 conv, ReLU and 2×2 max-pool block per entry")},
    {.name = "norm",
     .type = GS_PARAM_CHOICE,
     .label = N_("Threat model"),
     .group = N_("Attack"),
     .choices = norm_choices,
     .def_text = "linf"},
    {.name = "epsilon",
     .type = GS_PARAM_DOUBLE,
     .label = N_("ε"),
     .group = N_("Attack"),
     .min = 0,
     .max = 10,
     .def = 0.1,
     .help = N_("Radius of the perturbation ball (pixels in [0, 1], or plane units in 2-D)")},
    {.name = "train_attack",
     .type = GS_PARAM_CHOICE,
     .label = N_("Training attack"),
     .group = N_("Attack"),
     .choices = attack_choices,
     .def_text = "pgd"},
    {.name = "train_steps",
     .type = GS_PARAM_INT,
     .label = N_("Training PGD steps"),
     .group = N_("Attack"),
     .min = 1,
     .max = 100,
     .def = 10,
     .relevant_if = "train_attack=pgd"},
    {.name = "alpha",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Step size α / ε"),
     .group = N_("Attack"),
     .min = 0.01,
     .max = 2,
     .def = 0.25,
     .help = N_("PGD step as a fraction of ε (FGSM steps by ε)")},
    {.name = "random_start",
     .type = GS_PARAM_BOOL,
     .label = N_("Random start"),
     .group = N_("Attack"),
     .def = 1},
    {.name = "eval_steps",
     .type = GS_PARAM_INT,
     .label = N_("Evaluation PGD steps"),
     .group = N_("Attack"),
     .min = 1,
     .max = 200,
     .def = 20},
    {.name = "eval_epsilon",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Evaluation ε"),
     .group = N_("Attack"),
     .min = 0,
     .max = 10,
     .def = 0,
     .help = N_("Radius of the evaluation attack; 0: the training ε (as Rice et al. and Yu et al. "
                "evaluate). Set it to compare runs trained at different ε under one attack")},
    {.name = "lr",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Learning rate"),
     .group = N_("Training"),
     .min = 1e-5,
     .max = 1,
     .def = 0.05,
     .log_scale = TRUE},
    {.name = "momentum",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Momentum"),
     .group = N_("Training"),
     .min = 0,
     .max = 0.99,
     .def = 0.9},
    {.name = "nesterov", .type = GS_PARAM_BOOL, .label = N_("Nesterov"), .group = N_("Training")},
    {.name = "weight_decay",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Weight decay"),
     .group = N_("Training"),
     .min = 0,
     .max = 0.1,
     .def = 5e-4},
    {.name = "batch",
     .type = GS_PARAM_INT,
     .label = N_("Batch size"),
     .group = N_("Training"),
     .min = 1,
     .max = 4096,
     .def = 128},
    {.name = "schedule",
     .type = GS_PARAM_CHOICE,
     .label = N_("LR schedule"),
     .group = N_("Training"),
     .choices = schedule_choices,
     .def_text = "piecewise"},
    {.name = "lr_drops",
     .type = GS_PARAM_INT_LIST,
     .label = N_("LR drops"),
     .group = N_("Training"),
     .min = 1,
     .max = 99,
     .min_len = 0,
     .max_len = GS_SCHEDULE_MAX_DROPS,
     .def_text = "50,75",
     /* xgettext:no-c-format */
     .unit = N_("% of epochs"),
     .relevant_if = "schedule=piecewise"},
    {.name = "lr_factor",
     .type = GS_PARAM_DOUBLE,
     .label = N_("LR drop factor"),
     .group = N_("Training"),
     .min = 1e-4,
     .max = 1,
     .def = 0.1,
     .relevant_if = "schedule=piecewise"},
    {.name = "ablation",
     .type = GS_PARAM_CHOICE,
     .label = N_("Ablation"),
     .group = N_("Ablation"),
     .choices = ablation_choices,
     .def_text = "none"},
    {.name = "ablation_from",
     .type = GS_PARAM_INT,
     .label = N_("Ablate from epoch"),
     .group = N_("Ablation"),
     .min = 0,
     .max = 100000,
     .def = 0,
     .help = N_("0: the first epoch at the dropped rate (piecewise schedule), else mid-run")},
    {.name = "tau",
     .type = GS_PARAM_DOUBLE,
     .label = N_("Small-loss threshold τ"),
     .group = N_("Ablation"),
     .min = 0,
     .max = 100,
     .def = 1.5,
     .help = N_("Examples whose adversarial loss is below τ count as small-loss")},
    {.name = "epsilon_a",
     .type = GS_PARAM_DOUBLE,
     .label = N_("ε_a on small-loss examples"),
     .group = N_("Ablation"),
     .min = 0,
     .max = 10,
     .def = 0.15,
     .relevant_if = "ablation=strong"},
    {NULL}};

/* The most classes a data set may have (25gaussians). */
#define MAX_CLASSES 25

typedef struct {
  gs_tensor *x, *y; /* (n, dim) F32, (n) I32, in the model context */
  gsize n;
  int32_t *labels; /* host copy of y */
} Split;

typedef struct {
  gs_ctx *model, *work;
  gs_backend *backend;
  GsRobustModel *net;
  gs_optim *optim;
  gs_params best;       /* copies of the weights at the best epoch */
  gs_params spare;      /* the current weights while the best ones are swapped in */
  gs_params everything; /* weights, optimizer state, best weights: the checkpoint */
  gs_schedule schedule;
  int dim, n_classes; /* 784 and 10 for images; 2 and the preset's classes in 2-D */
  GsToy2d *plane;     /* the 2-D preset, NULL for images */
  gs_rng rng;         /* shuffles and training attacks */
  gs_rng eval_base;   /* forked per epoch: evaluation does not depend on the training stream */
  Split train, train_eval, val, test;
  gboolean *noisy; /* (train.n) label changed by noise */
  int32_t *perm;
  GsAttack train_attack, eval_attack, strong_attack;
  enum { ABL_NONE, ABL_NATURAL, ABL_PERTURBATION, ABL_STRONG } ablation;
  gint64 ablation_from, total, batch;
  double tau, weight_decay;
  /* best checkpoint */
  gint64 best_epoch;
  double best_val, best_test_robust, best_test_clean;
  /* the last epoch, for snapshots */
  double hist[GS_ROBUST_LOSS_BINS];
} Robust;

gsize gs_robust_label_noise(int32_t *labels, gsize n, int n_classes, double rate, guint64 seed,
                            gboolean *noisy)
{
  gs_rng r = gs_rng_new(seed);
  gsize changed = 0;
  for (gsize i = 0; i < n; i++) {
    /* draw both numbers for every example so the choice of i does not shift later draws */
    double u = gs_rng_uniform(&r);
    int32_t shift = 1 + (int32_t) gs_rng_below(&r, (uint32_t) MAX(n_classes - 1, 1));
    gboolean flip = u < rate && n_classes > 1;
    if (flip) labels[i] = (labels[i] + shift) % n_classes, changed++;
    if (noisy) noisy[i] = flip;
  }
  return changed;
}

static void split_init_rows(Robust *s, Split *split, const float *x, const int32_t *y, gsize n)
{
  split->n = n;
  split->x = gs_from_data(s->model, GS_F32, 2, (int64_t[]){(int64_t) n, s->dim}, x);
  split->y = gs_from_data(s->model, GS_I32, 1, (int64_t[]){(int64_t) n}, y);
  split->labels = g_memdup2(y, n * sizeof(int32_t));
}

static void split_init(Robust *s, Split *split, const GsImageSet *set)
{
  split_init_rows(s, split, set->x, set->y, set->n);
}

/* 2-D data: one seeded draw of validation, training and test points from the preset (in that
 * order), label noise on the training points, and the first train_eval_size training points
 * evaluated, as for images. */
static gboolean choose_plane_data(Robust *s, const GsParamValues *p, GError **error)
{
  gsize n_train = gs_param_values_get_int(p, "train_size");
  gsize n_val = gs_param_values_get_int(p, "val_size");
  gsize n_test = gs_param_values_get_int(p, "test_size");
  gsize n_all = n_val + n_train + n_test;
  guint64 data_seed = gs_param_values_get_int(p, "data_seed");
  gs_rng drng = gs_rng_new(0x6a09e667f3bcc908ull ^ data_seed);
  float *xy = g_new(float, 2 * n_all);
  int32_t *labels = g_new(int32_t, n_all);
  gs_toy2d_sample_labeled(s->plane, &drng, n_all, xy, labels);
  s->noisy = g_new0(gboolean, n_train);
  gs_robust_label_noise(labels + n_val, n_train, s->n_classes,
                        gs_param_values_get_double(p, "label_noise"), data_seed + 0x9e3779b9u,
                        s->noisy);
  split_init_rows(s, &s->val, xy, labels, n_val);
  split_init_rows(s, &s->train, xy + 2 * n_val, labels + n_val, n_train);
  split_init_rows(s, &s->test, xy + 2 * (n_val + n_train), labels + n_val + n_train, n_test);
  gsize n_eval = MIN((gsize) gs_param_values_get_int(p, "train_eval_size"), n_train);
  split_init_rows(s, &s->train_eval, xy + 2 * n_val, labels + n_val, n_eval);
  s->perm = g_new(int32_t, n_train);
  g_free(xy);
  g_free(labels);
  (void) error;
  return TRUE;
}

/* Training and validation rows drawn from a seeded permutation of the 60k training images:
 * validation first (any class), then the training subset, balanced or not. */
static gboolean choose_data(Robust *s, const GsParamValues *p, GError **error)
{
  const char *dir = gs_param_values_get_string(p, "data_dir");
  g_autoptr(GsImageSet) all = gs_fashion_mnist_load(dir, TRUE, error);
  if (!all) return FALSE;
  g_autoptr(GsImageSet) test_all = gs_fashion_mnist_load(dir, FALSE, error);
  if (!test_all) return FALSE;
  gsize n_train = gs_param_values_get_int(p, "train_size");
  gsize n_val = gs_param_values_get_int(p, "val_size");
  gsize n_test = gs_param_values_get_int(p, "test_size");
  if (n_train + n_val > all->n || n_test > test_all->n) {
    g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE,
                _("train_size + val_size is %" PRIu64 " and test_size %" PRIu64
                  ", but the data holds %" PRIu64 " training and %" PRIu64 " test images"),
                (guint64) (n_train + n_val), (guint64) n_test, (guint64) all->n,
                (guint64) test_all->n);
    return FALSE;
  }
  guint64 data_seed = gs_param_values_get_int(p, "data_seed");
  gs_rng drng = gs_rng_new(0x6a09e667f3bcc908ull ^ data_seed);
  int32_t *perm = g_new(int32_t, all->n);
  gs_rng_permutation(&drng, perm, (int32_t) all->n);
  g_autoptr(GsImageSet) val = gs_image_set_subset(all, perm, n_val);
  int32_t *rows = g_new(int32_t, n_train);
  gsize got = 0;
  if (gs_param_values_get_bool(p, "balanced")) {
    /* n_train / 10 per class, the remainder to the first classes */
    gsize want[GS_FASHION_MNIST_CLASSES];
    for (int c = 0; c < GS_FASHION_MNIST_CLASSES; c++)
      want[c] =
          n_train / GS_FASHION_MNIST_CLASSES + ((gsize) c < n_train % GS_FASHION_MNIST_CLASSES);
    for (gsize i = n_val; i < all->n && got < n_train; i++)
      if (want[all->y[perm[i]]]) want[all->y[perm[i]]]--, rows[got++] = perm[i];
  } else {
    for (gsize i = 0; i < n_train; i++) rows[got++] = perm[n_val + i];
  }
  g_autoptr(GsImageSet) train = gs_image_set_subset(all, rows, got);
  g_free(rows);
  s->noisy = g_new0(gboolean, train->n);
  gs_robust_label_noise(train->y, train->n, GS_FASHION_MNIST_CLASSES,
                        gs_param_values_get_double(p, "label_noise"), data_seed + 0x9e3779b9u,
                        s->noisy);
  int32_t *tperm = g_new(int32_t, test_all->n);
  gs_rng_permutation(&drng, tperm, (int32_t) test_all->n);
  g_autoptr(GsImageSet) test = gs_image_set_subset(test_all, tperm, n_test);
  g_free(tperm);
  g_free(perm);

  split_init(s, &s->train, train);
  split_init(s, &s->val, val);
  split_init(s, &s->test, test);
  /* robust training accuracy on a fixed prefix of the (shuffled) training subset, with the
   * labels it is trained on */
  gsize n_eval = MIN((gsize) gs_param_values_get_int(p, "train_eval_size"), train->n);
  int32_t *prefix = g_new(int32_t, n_eval);
  for (gsize i = 0; i < n_eval; i++) prefix[i] = (int32_t) i;
  g_autoptr(GsImageSet) train_eval = gs_image_set_subset(train, prefix, n_eval);
  g_free(prefix);
  split_init(s, &s->train_eval, train_eval);
  s->perm = g_new(int32_t, s->train.n);
  return TRUE;
}

static void robust_free(gpointer state)
{
  Robust *s = state;
  gs_params_clear(&s->best);
  gs_params_clear(&s->spare);
  gs_params_clear(&s->everything);
  if (s->optim) gs_optim_free(s->optim);
  gs_robust_model_free(s->net);
  Split *splits[] = {&s->train, &s->train_eval, &s->val, &s->test};
  for (guint i = 0; i < G_N_ELEMENTS(splits); i++) g_free(splits[i]->labels);
  g_free(s->noisy);
  g_free(s->perm);
  gs_toy2d_free(s->plane);
  gs_ctx_free(s->work);
  gs_ctx_free(s->model);
  g_free(s);
}

gint64 gs_robust_first_drop_epoch(gpointer state)
{
  Robust *s = state;
  /* a cosine schedule decays from the first epoch: it has no "first drop" to speak of */
  if (s->schedule.kind != GS_SCHEDULE_PIECEWISE) return s->total / 2 + 1;
  for (gint64 e = 0; e < s->total; e++)
    if (gs_lr_at(&s->schedule, e, s->total) < s->schedule.lr * (1 - 1e-9)) return e + 1;
  return s->total / 2 + 1;
}

static gpointer robust_init(const GsParamValues *p, guint64 seed, gs_backend *backend,
                            gint64 total_steps, GError **error)
{
  Robust *s = g_new0(Robust, 1);
  s->backend = backend;
  s->model = gs_ctx_new(backend);
  s->work = gs_ctx_new(backend);
  s->total = MAX(total_steps, 1);
  GsToy2dPreset preset;
  if (gs_toy2d_preset_from_id(gs_param_values_get_string(p, "dataset"), &preset)) {
    s->plane = gs_toy2d_new_preset(preset);
    s->dim = 2;
    s->n_classes = gs_toy2d_n_classes(s->plane);
    if (g_str_equal(gs_param_values_get_string(p, "model"), "cnn")) {
      g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE,
                  _("the small CNN takes images; 2-D points need the MLP (model = mlp)"));
      robust_free(s);
      return NULL;
    }
  } else {
    s->dim = 784;
    s->n_classes = GS_FASHION_MNIST_CLASSES;
  }
  if (!(s->plane ? choose_plane_data(s, p, error) : choose_data(s, p, error))) {
    robust_free(s);
    return NULL;
  }
  s->rng = gs_rng_new(seed);
  s->eval_base = gs_rng_fork(&s->rng, 2);
  gs_rng init_rng = gs_rng_fork(&s->rng, 1);

  /* a 2-D point is a 1×1 "image" of two channels, which the MLP flattens to its two inputs */
  GsRobustModelConfig mc = {
      .side = s->plane ? 1 : 28, .in_channels = s->plane ? 2 : 1, .n_classes = s->n_classes};
  mc.arch = g_str_equal(gs_param_values_get_string(p, "model"), "cnn") ? GS_ROBUST_ARCH_CNN
                                                                       : GS_ROBUST_ARCH_MLP;
  guint n;
  const gint64 *hidden = gs_param_values_get_int_list(p, "hidden", &n);
  mc.n_hidden = (int) n;
  for (guint i = 0; i < n; i++) mc.hidden[i] = hidden[i];
  const gint64 *channels = gs_param_values_get_int_list(p, "channels", &n);
  mc.n_channels = (int) n;
  for (guint i = 0; i < n; i++) mc.channels[i] = channels[i];
  s->net = gs_robust_model_new(s->model, &init_rng, &mc);

  s->weight_decay = gs_param_values_get_double(p, "weight_decay");
  gs_optim_config oc = {.kind = GS_OPTIM_SGD,
                        .lr = gs_param_values_get_double(p, "lr"),
                        .momentum = gs_param_values_get_double(p, "momentum"),
                        .nesterov = gs_param_values_get_bool(p, "nesterov"),
                        .weight_decay = s->weight_decay};
  s->optim = gs_optim_new(s->model, &oc, &s->net->params);
  const char *sched = gs_param_values_get_string(p, "schedule");
  s->schedule.lr = oc.lr;
  if (g_str_equal(sched, "piecewise")) {
    s->schedule.kind = GS_SCHEDULE_PIECEWISE;
    s->schedule.factor = gs_param_values_get_double(p, "lr_factor");
    const gint64 *drops = gs_param_values_get_int_list(p, "lr_drops", &n);
    s->schedule.n_drops = (int) n;
    for (guint i = 0; i < n; i++) s->schedule.drop_at[i] = drops[i] / 100.0;
    for (guint i = 1; i < n; i++)
      if (drops[i] <= drops[i - 1]) {
        g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE,
                    _("lr_drops must ascend (%" PRId64 " after %" PRId64 ")"), drops[i],
                    drops[i - 1]);
        robust_free(s);
        return NULL;
      }
  } else if (g_str_equal(sched, "cosine")) {
    s->schedule.kind = GS_SCHEDULE_COSINE;
  } else {
    s->schedule.kind = GS_SCHEDULE_CONSTANT;
  }

  GsNorm norm =
      g_str_equal(gs_param_values_get_string(p, "norm"), "l2") ? GS_NORM_L2 : GS_NORM_LINF;
  double eps = gs_param_values_get_double(p, "epsilon");
  double alpha = gs_param_values_get_double(p, "alpha") * eps;
  gboolean rs = gs_param_values_get_bool(p, "random_start");
  const char *ta = gs_param_values_get_string(p, "train_attack");
  gboolean plane = s->plane != NULL;
  if (g_str_equal(ta, "pgd"))
    s->train_attack =
        (GsAttack){norm, eps, alpha, gs_param_values_get_int(p, "train_steps"), rs, plane};
  else if (g_str_equal(ta, "fgsm"))
    s->train_attack = (GsAttack){norm, eps, eps, 1, rs, plane};
  else
    s->train_attack = (GsAttack){norm, eps, alpha, 0, FALSE, plane};
  /* The evaluation step keeps the training attack's α/ε ratio at its own radius. */
  double eval_eps = gs_param_values_get_double(p, "eval_epsilon");
  if (eval_eps <= 0) eval_eps = eps;
  s->eval_attack = (GsAttack){norm,
                              eval_eps,
                              gs_param_values_get_double(p, "alpha") * eval_eps,
                              gs_param_values_get_int(p, "eval_steps"),
                              rs,
                              plane};
  double eps_a = gs_param_values_get_double(p, "epsilon_a");
  s->strong_attack = s->train_attack;
  s->strong_attack.eps = eps_a;
  s->strong_attack.alpha = s->train_attack.alpha * (eps > 0 ? eps_a / eps : 1);

  const char *abl = gs_param_values_get_string(p, "ablation");
  s->ablation = g_str_equal(abl, "natural")        ? ABL_NATURAL
                : g_str_equal(abl, "perturbation") ? ABL_PERTURBATION
                : g_str_equal(abl, "strong")       ? ABL_STRONG
                                                   : ABL_NONE;
  s->tau = gs_param_values_get_double(p, "tau");
  s->ablation_from = gs_param_values_get_int(p, "ablation_from");
  if (s->ablation_from == 0) s->ablation_from = gs_robust_first_drop_epoch(s);
  s->batch = gs_param_values_get_int(p, "batch");

  for (int i = 0; i < s->net->params.n; i++) {
    gs_tensor *w = s->net->params.tensors[i];
    gs_tensor *copy = gs_zeros(s->model, GS_F32, w->ndim, w->shape);
    gs_copy_(copy, w);
    g_autofree char *name = g_strconcat("best.", s->net->params.names[i], NULL);
    gs_params_add(&s->best, name, copy);
    gs_params_add(&s->spare, name, gs_zeros(s->model, GS_F32, w->ndim, w->shape));
  }
  const gs_params *groups[] = {&s->net->params, gs_optim_state(s->optim), &s->best};
  for (guint g = 0; g < G_N_ELEMENTS(groups); g++)
    for (int i = 0; i < groups[g]->n; i++)
      gs_params_add(&s->everything, groups[g]->names[i], groups[g]->tensors[i]);
  s->best_epoch = 0;
  s->best_val = -1;
  return s;
}

/* Clean and robust accuracy (and mean robust loss) of the current weights on a split. */
typedef struct {
  double clean_acc, robust_acc, robust_loss;
  double class_robust[MAX_CLASSES];
} EvalResult;

static int argmax_row(const float *row, int n)
{
  int best = 0;
  for (int j = 1; j < n; j++)
    if (row[j] > row[best]) best = j;
  return best;
}

static EvalResult evaluate(Robust *s, const Split *split, gs_rng *rng)
{
  enum { EVAL_BATCH = 500 };
  EvalResult r = {0};
  gsize clean_ok = 0, robust_ok = 0;
  gsize class_n[MAX_CLASSES] = {0}, class_ok[MAX_CLASSES] = {0};
  int k_classes = s->n_classes;
  float *logits = g_new(float, EVAL_BATCH *k_classes);
  float *losses = g_new(float, EVAL_BATCH);
  gs_ctx *c = s->work;
  for (gsize start = 0; start < split->n; start += EVAL_BATCH) {
    int64_t n = (int64_t) MIN((gsize) EVAL_BATCH, split->n - start);
    gs_tensor *x = gs_slice(c, split->x, 0, (int64_t) start, (int64_t) start + n);
    gs_tensor *y = gs_slice(c, split->y, 0, (int64_t) start, (int64_t) start + n);
    x = gs_contiguous(c, x);
    y = gs_contiguous(c, y);
    gs_tensor *delta = gs_attack(c, s->net, x, y, &s->eval_attack, rng);
    bool was = gs_set_grad_enabled(c, false);
    gs_read(gs_robust_model_forward(c, s->net, x), logits);
    for (int64_t i = 0; i < n; i++)
      clean_ok += argmax_row(logits + i * k_classes, k_classes) == split->labels[start + i];
    gs_tensor *adv_logits = gs_robust_model_forward(c, s->net, gs_add(c, x, delta));
    gs_read(adv_logits, logits);
    gs_read(gs_cross_entropy_rows(c, adv_logits, y), losses);
    for (int64_t i = 0; i < n; i++) {
      int32_t label = split->labels[start + i];
      gboolean ok = argmax_row(logits + i * k_classes, k_classes) == label;
      robust_ok += ok;
      class_n[label]++;
      class_ok[label] += ok;
      r.robust_loss += losses[i];
    }
    gs_set_grad_enabled(c, was);
    gs_ctx_reset(c);
  }
  g_free(logits);
  g_free(losses);
  gsize total = MAX(split->n, 1);
  r.clean_acc = (double) clean_ok / total;
  r.robust_acc = (double) robust_ok / total;
  r.robust_loss /= total;
  for (int k = 0; k < k_classes; k++)
    r.class_robust[k] = class_n[k] ? (double) class_ok[k] / class_n[k] : NAN;
  return r;
}

/* One epoch of adversarial training; fills the loss histogram; returns the mean loss trained
 * on, and the small-loss fraction in *small_frac. */
static double train_epoch(Robust *s, gint64 epoch, double lr, double *small_frac)
{
  gs_ctx *c = s->work;
  gsize n_train = s->train.n;
  gs_rng_permutation(&s->rng, s->perm, (int32_t) n_train);
  gboolean ablate = s->ablation != ABL_NONE && epoch >= s->ablation_from;
  gsize hist[GS_ROBUST_LOSS_BINS] = {0}, n_small = 0;
  double loss_sum = 0;
  float *losses = g_new(float, s->batch);
  float *mask = g_new(float, s->batch);
  for (gsize start = 0; start < n_train; start += s->batch) {
    int64_t n = (int64_t) MIN((gsize) s->batch, n_train - start);
    gs_tensor *idx = gs_from_data(c, GS_I32, 1, (int64_t[]){n}, s->perm + start);
    gs_tensor *x = gs_gather_rows(c, s->train.x, idx); // (n, dim)
    gs_tensor *y = gs_gather_rows(c, s->train.y, idx); // (n)
    gs_tensor *delta = gs_attack(c, s->net, x, y, &s->train_attack, &s->rng);
    /* per-example adversarial losses decide who is small-loss (and feed the histogram) */
    gs_tensor *rows =
        gs_cross_entropy_rows(c, gs_robust_model_forward(c, s->net, gs_add(c, x, delta)), y);
    gs_read(rows, losses);
    gsize n_big = 0;
    for (int64_t i = 0; i < n; i++) {
      int bin = (int) (losses[i] / GS_ROBUST_LOSS_BIN_WIDTH);
      hist[CLAMP(bin, 0, GS_ROBUST_LOSS_BINS - 1)]++;
      gboolean small = losses[i] < s->tau;
      n_small += small;
      mask[i] = small ? 1.0f : 0.0f;
      n_big += !small;
    }
    gs_tensor *loss = NULL;
    if (!ablate) {
      loss = gs_mean_all(c, rows);
    } else {
      gs_tensor *small = gs_from_data(c, GS_F32, 2, (int64_t[]){n, 1}, mask);
      gs_tensor *big = gs_rsub_scalar(c, small, 1.0);
      if (s->ablation == ABL_NATURAL) {
        /* the small-loss examples leave the loss; the rest keep their usual weight */
        if (n_big == 0) {
          gs_ctx_reset(c);
          continue;
        }
        gs_tensor *keep = gs_reshape(c, big, 1, (int64_t[]){n});
        loss = gs_mul_scalar(c, gs_sum_all(c, gs_mul(c, rows, keep)), 1.0 / (double) n_big);
      } else {
        gs_tensor *d2;
        if (s->ablation == ABL_PERTURBATION)
          d2 = gs_mul(c, delta, big); /* small-loss examples: no perturbation */
        else                          /* ABL_STRONG: small-loss examples attacked with ε_a */
          d2 = gs_add(c, gs_mul(c, delta, big),
                      gs_mul(c, gs_attack(c, s->net, x, y, &s->strong_attack, &s->rng), small));
        loss = gs_cross_entropy(c, gs_robust_model_forward(c, s->net, gs_add(c, x, d2)), y);
      }
    }
    gs_optim_step(s->optim, gs_grad(c, loss, NULL, s->net->params.n, s->net->params.tensors, false),
                  lr);
    loss_sum += gs_item(loss) * n;
    gs_ctx_reset(c);
  }
  g_free(losses);
  g_free(mask);
  for (int b = 0; b < GS_ROBUST_LOSS_BINS; b++) s->hist[b] = (double) hist[b] / MAX(n_train, 1);
  *small_frac = (double) n_small / MAX(n_train, 1);
  return loss_sum / MAX(n_train, 1);
}

double gs_robust_train_epoch(gpointer state, gint64 epoch, double *small_frac, gsize *n_images)
{
  Robust *s = state;
  double frac = 0;
  double loss = train_epoch(s, epoch, gs_lr_at(&s->schedule, epoch - 1, s->total), &frac);
  if (small_frac) *small_frac = frac;
  if (n_images) *n_images = s->train.n;
  return loss;
}

static gboolean robust_step(gpointer state, gint64 epoch, GsMetricSink *metrics, GError **error)
{
  Robust *s = state;
  double lr = gs_lr_at(&s->schedule, epoch - 1, s->total);
  double small_frac = 0;
  double loss = gs_robust_train_epoch(s, epoch, &small_frac, NULL);
  if (!isfinite(loss)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                _("training diverged at epoch %" PRId64
                  " (adversarial loss is not finite); lower the learning rate"),
                epoch);
    return FALSE;
  }
  gs_rng erng = gs_rng_fork(&s->eval_base, (guint64) epoch);
  EvalResult tr = evaluate(s, &s->train_eval, &erng);
  EvalResult te = evaluate(s, &s->test, &erng);
  EvalResult va = s->val.n ? evaluate(s, &s->val, &erng) : te;
  if (va.robust_acc > s->best_val) {
    s->best_val = va.robust_acc;
    s->best_epoch = epoch;
    s->best_test_robust = te.robust_acc;
    s->best_test_clean = te.clean_acc;
    for (int i = 0; i < s->best.n; i++) gs_copy_(s->best.tensors[i], s->net->params.tensors[i]);
  }

  gs_metric_sink_emit(metrics, "lr", lr);
  gs_metric_sink_emit(metrics, "train_loss", loss);
  gs_metric_sink_emit(metrics, "train_clean_acc", tr.clean_acc);
  gs_metric_sink_emit(metrics, "train_robust_acc", tr.robust_acc);
  gs_metric_sink_emit(metrics, "test_clean_acc", te.clean_acc);
  gs_metric_sink_emit(metrics, "test_robust_acc", te.robust_acc);
  gs_metric_sink_emit(metrics, "test_robust_loss", te.robust_loss);
  if (s->val.n) {
    gs_metric_sink_emit(metrics, "val_clean_acc", va.clean_acc);
    gs_metric_sink_emit(metrics, "val_robust_acc", va.robust_acc);
  }
  gs_metric_sink_emit(metrics, "small_loss_frac", small_frac);
  gs_metric_sink_emit(metrics, "best_epoch", (double) s->best_epoch);
  gs_metric_sink_emit(metrics, "best_test_robust_acc", s->best_test_robust);
  for (int b = 0; b < GS_ROBUST_LOSS_BINS; b++) {
    char name[32];
    g_snprintf(name, sizeof name, "loss_hist_%02d", b);
    gs_metric_sink_emit(metrics, name, s->hist[b]);
  }
  for (int k = 0; k < s->n_classes; k++) {
    char name[32];
    g_snprintf(name, sizeof name, "test_robust_acc_class_%d", k);
    if (isfinite(te.class_robust[k])) gs_metric_sink_emit(metrics, name, te.class_robust[k]);
  }
  return TRUE;
}

/* Swap the best weights in (TRUE) or back out (FALSE). */
static void use_best_weights(Robust *s, gboolean best)
{
  for (int i = 0; i < s->best.n; i++) {
    gs_tensor *w = s->net->params.tensors[i];
    if (best) {
      gs_copy_(s->spare.tensors[i], w);
      gs_copy_(w, s->best.tensors[i]);
    } else {
      gs_copy_(w, s->spare.tensors[i]);
    }
  }
}

/* Logits of x + delta (delta may be NULL) as host floats (n, classes). */
static void host_logits(Robust *s, gs_tensor *x, gs_tensor *delta, float *out)
{
  bool was = gs_set_grad_enabled(s->work, false);
  gs_tensor *in = delta ? gs_add(s->work, x, delta) : x;
  gs_read(gs_robust_model_forward(s->work, s->net, in), out);
  gs_set_grad_enabled(s->work, was);
}

static float softmax_prob(const float *row, int n, int k)
{
  double m = row[0], z = 0;
  for (int j = 1; j < n; j++) m = MAX(m, row[j]);
  for (int j = 0; j < n; j++) z += exp(row[j] - m);
  return (float) (exp(row[k] - m) / z);
}

/* The adversarial-example gallery (images): a fixed prefix of the test subset with the
 * evaluation attack, against the last and the best weights. */
static void add_gallery(Robust *s, GsSnapshotBuilder *b)
{
  enum { GALLERY = 64 };
  gs_ctx *c = s->work;
  int64_t ng = (int64_t) MIN((gsize) GALLERY, s->test.n);
  gs_rng rng = gs_rng_fork(&s->eval_base, 0x5eed);
  gs_tensor *x = gs_contiguous(c, gs_slice(c, s->test.x, 0, 0, ng));
  gs_tensor *y = gs_contiguous(c, gs_slice(c, s->test.y, 0, 0, ng));
  /* per example: label, clean pred, clean conf, adv pred (last), adv conf, adv pred (best),
   * adv conf (best) */
  float *info = g_new(float, ng * 7), *logits = g_new(float, ng * 10);
  float *images = g_new(float, ng * 784), *deltas = g_new(float, ng * 784);
  gs_tensor *delta = gs_attack(c, s->net, x, y, &s->eval_attack, &rng);
  gs_read(x, images);
  gs_read(delta, deltas);
  host_logits(s, x, NULL, logits);
  for (int64_t i = 0; i < ng; i++) {
    int k = argmax_row(logits + i * 10, 10);
    info[i * 7 + 0] = (float) s->test.labels[i];
    info[i * 7 + 1] = (float) k;
    info[i * 7 + 2] = softmax_prob(logits + i * 10, 10, k);
  }
  host_logits(s, x, delta, logits);
  for (int64_t i = 0; i < ng; i++) {
    int k = argmax_row(logits + i * 10, 10);
    info[i * 7 + 3] = (float) k;
    info[i * 7 + 4] = softmax_prob(logits + i * 10, 10, k);
  }
  use_best_weights(s, TRUE);
  gs_rng best_rng = gs_rng_fork(&s->eval_base, 0x5eed);
  gs_tensor *best_delta = gs_attack(c, s->net, x, y, &s->eval_attack, &best_rng);
  host_logits(s, x, best_delta, logits);
  for (int64_t i = 0; i < ng; i++) {
    int k = argmax_row(logits + i * 10, 10);
    info[i * 7 + 5] = (float) k;
    info[i * 7 + 6] = softmax_prob(logits + i * 10, 10, k);
  }
  use_best_weights(s, FALSE);
  gs_snapshot_builder_add_floats(b, "gallery_images", 2, (gint64[]){ng, 784}, images);
  gs_snapshot_builder_add_floats(b, "gallery_deltas", 2, (gint64[]){ng, 784}, deltas);
  gs_snapshot_builder_add_floats(b, "gallery_info", 2, (gint64[]){ng, 7}, info);
  gs_ctx_reset(c);
  g_free(info);
  g_free(logits);
  g_free(images);
  g_free(deltas);
}

/* The 2-D view's data: the decision over a grid of the preset's box (predicted class and its
 * probability), and a fixed prefix of the test points with their evaluation-attack
 * perturbations. plane_points rows: x, y, label, clean prediction, δx, δy, adversarial
 * prediction. */
static void add_plane(Robust *s, GsSnapshotBuilder *b)
{
  enum { GRID = 96, POINTS = 60, COLS = 7 };
  gs_ctx *c = s->work;
  int k_classes = s->n_classes;
  double box[4];
  gs_toy2d_box(s->plane, box);
  float *grid_xy = g_new(float, 2 * GRID * GRID);
  for (int j = 0; j < GRID; j++)
    for (int i = 0; i < GRID; i++) {
      grid_xy[2 * (j * GRID + i)] = (float) (box[0] + (box[1] - box[0]) * i / (GRID - 1));
      grid_xy[2 * (j * GRID + i) + 1] = (float) (box[2] + (box[3] - box[2]) * j / (GRID - 1));
    }
  float *logits = g_new(float, (gsize) GRID *GRID *k_classes);
  host_logits(s, gs_from_data(c, GS_F32, 2, (int64_t[]){GRID * GRID, 2}, grid_xy), NULL, logits);
  float *decision = g_new(float, 2 * GRID * GRID); /* (2, GRID, GRID): class, probability */
  for (int q = 0; q < GRID * GRID; q++) {
    int k = argmax_row(logits + (gsize) q * k_classes, k_classes);
    decision[q] = (float) k;
    decision[GRID * GRID + q] = softmax_prob(logits + (gsize) q * k_classes, k_classes, k);
  }
  gs_snapshot_builder_add_floats(b, "plane_decision", 3, (gint64[]){2, GRID, GRID}, decision);
  gs_snapshot_builder_add_floats(
      b, "plane_box", 1, (gint64[]){4},
      (float[]){(float) box[0], (float) box[1], (float) box[2], (float) box[3]});
  gs_ctx_reset(c);

  int64_t np = (int64_t) MIN((gsize) POINTS, s->test.n);
  gs_tensor *x = gs_contiguous(c, gs_slice(c, s->test.x, 0, 0, np));
  gs_tensor *y = gs_contiguous(c, gs_slice(c, s->test.y, 0, 0, np));
  gs_rng rng = gs_rng_fork(&s->eval_base, 0x5eed);
  gs_tensor *delta = gs_attack(c, s->net, x, y, &s->eval_attack, &rng);
  float *xv = g_new(float, 2 * np), *dv = g_new(float, 2 * np);
  float *rows = g_new(float, COLS *np);
  gs_read(x, xv);
  gs_read(delta, dv);
  host_logits(s, x, NULL, logits);
  for (int64_t i = 0; i < np; i++) {
    float *r = rows + i * COLS;
    r[0] = xv[2 * i];
    r[1] = xv[2 * i + 1];
    r[2] = (float) s->test.labels[i];
    r[3] = (float) argmax_row(logits + i * k_classes, k_classes);
    r[4] = dv[2 * i];
    r[5] = dv[2 * i + 1];
  }
  host_logits(s, x, delta, logits);
  for (int64_t i = 0; i < np; i++)
    rows[i * COLS + 6] = (float) argmax_row(logits + i * k_classes, k_classes);
  gs_snapshot_builder_add_floats(b, "plane_points", 2, (gint64[]){np, COLS}, rows);
  gs_ctx_reset(c);
  g_free(grid_xy);
  g_free(logits);
  g_free(decision);
  g_free(xv);
  g_free(dv);
  g_free(rows);
}

/* Robust accuracy against ε on a fixed prefix of the test subset: rows ε, last, best. */
static void add_epsilon_sweep(Robust *s, GsSnapshotBuilder *b)
{
  enum { SWEEP = 100, N_EPS = 7 };
  gs_ctx *c = s->work;
  int k_classes = s->n_classes;
  int64_t ns = (int64_t) MIN((gsize) SWEEP, s->test.n);
  float *logits = g_new(float, ns *k_classes);
  float sweep[3 * N_EPS];
  for (int which = 0; which < 2; which++) {
    if (which == 1) use_best_weights(s, TRUE);
    for (int e = 0; e < N_EPS; e++) {
      gs_tensor *x = gs_contiguous(c, gs_slice(c, s->test.x, 0, 0, ns));
      gs_tensor *y = gs_contiguous(c, gs_slice(c, s->test.y, 0, 0, ns));
      GsAttack a = s->eval_attack;
      a.eps = s->eval_attack.eps * e / 4.0; /* 0, ¼ε, …, 1½ε */
      a.alpha = a.eps / 4;
      a.steps = MIN(a.steps, 10);
      gs_rng r = gs_rng_fork(&s->eval_base, 0xe5 + (guint64) e);
      gs_tensor *d = gs_attack(c, s->net, x, y, &a, &r);
      host_logits(s, x, d, logits);
      int ok = 0;
      for (int64_t i = 0; i < ns; i++)
        ok += argmax_row(logits + i * k_classes, k_classes) == s->test.labels[i];
      sweep[e] = (float) a.eps;
      sweep[(which + 1) * N_EPS + e] = (float) ok / (float) MAX(ns, 1);
      gs_ctx_reset(c);
    }
    if (which == 1) use_best_weights(s, FALSE);
  }
  gs_snapshot_builder_add_floats(b, "robust_vs_eps", 2, (gint64[]){3, N_EPS}, sweep);
  g_free(logits);
}

static GsSnapshotBuilder *robust_snapshot(gpointer state, gint64 step)
{
  Robust *s = state;
  GsSnapshotBuilder *b = gs_snapshot_builder_new("robust", step);
  gs_snapshot_builder_add_scalar(b, "best_epoch", (double) s->best_epoch);
  gs_snapshot_builder_add_scalar(b, "best_test_robust_acc", s->best_test_robust);
  gs_snapshot_builder_add_scalar(b, "best_test_clean_acc", s->best_test_clean);
  gs_snapshot_builder_add_scalar(b, "ablation_from", (double) s->ablation_from);
  gs_snapshot_builder_add_scalar(b, "ablation", (double) s->ablation);
  gs_snapshot_builder_add_scalar(b, "epsilon", s->eval_attack.eps);
  gs_snapshot_builder_add_scalar(b, "train_epsilon", s->train_attack.eps);
  gs_snapshot_builder_add_scalar(b, "tau", s->tau);
  gs_snapshot_builder_add_scalar(b, "norm_l2", s->eval_attack.norm == GS_NORM_L2);
  gs_snapshot_builder_add_scalar(b, "n_classes", s->n_classes);
  /* per-epoch numbers (histogram, per-class accuracy) are metrics, so stored runs have them */
  if (step > 0) {
    if (s->plane)
      add_plane(s, b);
    else
      add_gallery(s, b);
    add_epsilon_sweep(s, b);
  }
  return b;
}

static GBytes *robust_save(gpointer state, GError **error)
{
  Robust *s = state;
  g_autofree char *counter = g_strdup_printf("%" G_GUINT64_FORMAT, s->rng.counter);
  g_autofree char *best_epoch = g_strdup_printf("%" G_GINT64_FORMAT, s->best_epoch);
  g_autofree char *best_val = g_strdup_printf("%a", s->best_val);
  g_autofree char *best_tr = g_strdup_printf("%a", s->best_test_robust);
  g_autofree char *best_tc = g_strdup_printf("%a", s->best_test_clean);
  const char *meta[] = {
      "rng.counter",      counter, "best.epoch",      best_epoch, "best.val", best_val,
      "best.test_robust", best_tr, "best.test_clean", best_tc,    NULL};
  return gs_checkpoint_encode(&s->everything, meta, error);
}

static gboolean meta_double(GHashTable *meta, const char *key, double *out, GError **error)
{
  const char *v = g_hash_table_lookup(meta, key);
  if (!v) {
    g_set_error(error, GS_CHECKPOINT_ERROR, 0, _("checkpoint lacks \"%s\""), key);
    return FALSE;
  }
  *out = g_ascii_strtod(v, NULL);
  return TRUE;
}

static gboolean robust_restore(gpointer state, GBytes *blob, GError **error)
{
  Robust *s = state;
  g_autoptr(GHashTable) meta = NULL;
  if (!gs_checkpoint_decode(blob, &s->everything, &meta, error)) return FALSE;
  guint64 best_epoch;
  /* SGD keeps its whole state in tensors (momentum buffers), so the tensors, the training
   * stream's position and the best record are everything; evaluation streams are per epoch. */
  return gs_checkpoint_meta_u64(meta, "rng.counter", &s->rng.counter, error) &&
         gs_checkpoint_meta_u64(meta, "best.epoch", &best_epoch, error) &&
         (s->best_epoch = (gint64) best_epoch, TRUE) &&
         meta_double(meta, "best.val", &s->best_val, error) &&
         meta_double(meta, "best.test_robust", &s->best_test_robust, error) &&
         meta_double(meta, "best.test_clean", &s->best_test_clean, error);
}

/* "Run with ablations": the standard run and Yu et al.'s ablations, same data and seed; then
 * the weak-vs-strong adversary pair, ε/2 and 2ε (Yu et al. pair 2/255 with 8/255, a ratio of 4).
 * Like their code, each run of the pair is evaluated at its own ε with the same PGD-k; a file that
 * sets eval_epsilon evaluates every run of the group under that one attack instead. */
static const GsExperimentVariant robust_variants[] = {
    {"standard", N_("Standard"), {"ablation=none"}},
    {"natural", N_("Natural-data ablation"), {"ablation=natural"}},
    {"perturbation", N_("Perturbation ablation"), {"ablation=perturbation"}},
    {"strong", N_("Larger ε_a on small-loss examples"), {"ablation=strong"}},
    {"weak-eps", N_("Weak adversary, ε × 0.5"), {"ablation=none", "epsilon*=0.5"}},
    {"strong-eps", N_("Strong adversary, ε × 2"), {"ablation=none", "epsilon*=2"}},
    {NULL}};

const GsExperimentKind gs_robust_kind = {
    .id = "robust",
    .title = N_("Robust overfitting"),
    .description = N_("Adversarial training (PGD/FGSM, ℓ∞/ℓ2) on Fashion-MNIST or 2-D points with "
                      "per-epoch clean and robust accuracy, the best checkpoint, and Yu et al.'s "
                      "natural-data and perturbation ablations."),
    .schema = schema,
    .default_steps = 100,
    .init = robust_init,
    .step = robust_step,
    .snapshot = robust_snapshot,
    .save = robust_save,
    .restore = robust_restore,
    .free = robust_free,
    .variants = robust_variants,
    /* TRANSLATORS: a button: the standard run and its ablations, one after another */
    .variants_action = N_("Run with _ablations"),
};
