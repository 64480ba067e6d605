/* test-robust.c — the robust kind: attacks (ε-balls, ℓ2 projection, PGD ≥ FGSM ≥ clean), label
 * noise, the lr schedule and ablation onset, best-checkpoint selection, ablations and
 * reproducibility (including resuming from a checkpoint). Runs use Fashion-MNIST from the
 * Debian package (skipped with a message when it is not installed). */
#include "gs-config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "datasets/gs-curves.h"
#include "datasets/gs-fashion-mnist.h"
#include "experiments/robust/gs-robust-attack.h"
#include "experiments/robust/gs-robust.h"
#include "platform/gs-session-group.h"
#include "platform/gs-session.h"

static char *tmp_dir;
static gs_backend *cpu;

static gboolean have_data(void)
{
  g_autofree char *p = g_build_filename(GS_FASHION_MNIST_DIR, "t10k-labels-idx1-ubyte.gz", NULL);
  if (g_file_test(p, G_FILE_TEST_EXISTS)) return TRUE;
  g_test_skip("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
  return FALSE;
}

/* A small, fast run: 100 training images, 3-step PGD, PGD-3 evaluation. */
static GsExperimentFile *tiny_file(guint64 seed, gint64 epochs, const char *const *sets)
{
  GsExperimentFile *f = gs_experiment_file_new(&gs_robust_kind);
  f->seed = seed;
  f->steps = epochs;
  g_free(f->backend);
  f->backend = g_strdup("cpu");
  const char *base[] = {"train_size=100",     "val_size=60", "test_size=60",
                        "train_eval_size=50", "hidden=32",   "train_steps=3",
                        "eval_steps=3",       "batch=25",    NULL};
  for (int i = 0; base[i]; i++) {
    g_auto(GStrv) kv = g_strsplit(base[i], "=", 2);
    g_assert_true(gs_param_values_parse(f->params, kv[0], kv[1], NULL));
  }
  for (int i = 0; sets && sets[i]; i++) {
    g_auto(GStrv) kv = g_strsplit(sets[i], "=", 2);
    g_autoptr(GError) error = NULL;
    gs_param_values_parse(f->params, kv[0], kv[1], &error);
    g_assert_no_error(error);
  }
  return f;
}

static GsStore *fresh_store(const char *name)
{
  g_autofree char *path = g_build_filename(tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  GsStore *store = gs_store_open(path, &error);
  g_assert_no_error(error);
  return store;
}

static gint64 run_to_end(GsStore *store, const GsExperimentFile *f, gint64 checkpoint_every)
{
  g_autoptr(GError) error = NULL;
  GsSessionOptions o = {.store = store, .checkpoint_every = checkpoint_every, .threads = 1};
  g_autoptr(GsSession) s = gs_session_new(f, &o, &error);
  g_assert_no_error(error);
  while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
  g_assert_true(gs_session_finish(s, GS_RUN_FINISHED, NULL, &error));
  return gs_session_get_run_id(s);
}

static double metric_at(GsMetricView *m, const char *name, gint64 step)
{
  int i = gs_metric_view_find(m, name);
  g_assert_cmpint(i, >=, 0);
  for (gsize k = 0; k < gs_metric_view_length(m, i); k++) {
    GsMetricRow r = gs_metric_view_row(m, i, k);
    if (r.step == step) return r.value;
  }
  g_error("no %s at step %" G_GINT64_FORMAT, name, step);
}

/* --- attacks on a fixed random model --------------------------------------------------------- */

typedef struct {
  gs_ctx *model, *step;
  GsRobustModel *net;
  gs_tensor *x, *y;
} AttackFixture;

static void attack_fixture_init(AttackFixture *a)
{
  enum { N = 64, D = 784 };
  a->model = gs_ctx_new(cpu);
  a->step = gs_ctx_new(cpu);
  gs_rng rng = gs_rng_new(3);
  a->net = gs_robust_model_new(a->model, &rng,
                               &(GsRobustModelConfig){.arch = GS_ROBUST_ARCH_MLP,
                                                      .side = 28,
                                                      .in_channels = 1,
                                                      .n_classes = 10,
                                                      .n_hidden = 1,
                                                      .hidden = {64}});
  /* inputs include exact 0s and 1s so the [0, 1] clipping matters */
  float *x = g_new(float, N *D);
  int32_t y[N];
  for (int i = 0; i < N * D; i++) {
    double u = gs_rng_uniform(&rng);
    x[i] = u < 0.3 ? 0.0f : u > 0.8 ? 1.0f : (float) u;
  }
  for (int i = 0; i < N; i++) y[i] = (int32_t) gs_rng_below(&rng, 10);
  a->x = gs_from_data(a->model, GS_F32, 2, (int64_t[]){N, D}, x);
  a->y = gs_from_data(a->model, GS_I32, 1, (int64_t[]){N}, y);
  g_free(x);
}

static void attack_fixture_clear(AttackFixture *a)
{
  gs_robust_model_free(a->net);
  gs_ctx_free(a->step);
  gs_ctx_free(a->model);
}

static double loss_with(AttackFixture *a, gs_tensor *delta)
{
  gs_tensor *in = delta ? gs_add(a->step, a->x, delta) : a->x;
  return gs_item(gs_cross_entropy(a->step, gs_robust_model_forward(a->step, a->net, in), a->y));
}

/* Every row of δ within the ball (ℓ∞: each entry; ℓ2: the row norm) and x + δ in [0, 1]. */
static void assert_in_ball(AttackFixture *a, gs_tensor *delta, GsNorm norm, double eps)
{
  int64_t n = delta->shape[0], d = delta->shape[1];
  float *dv = g_new(float, n *d), *xv = g_new(float, n *d);
  gs_read(delta, dv);
  gs_read(a->x, xv);
  double largest = 0;
  for (int64_t i = 0; i < n; i++) {
    double sq = 0;
    for (int64_t j = 0; j < d; j++) {
      double v = dv[i * d + j], xa = xv[i * d + j] + v;
      g_assert_cmpfloat(xa, >=, -1e-6);
      g_assert_cmpfloat(xa, <=, 1 + 1e-6);
      if (norm == GS_NORM_LINF) g_assert_cmpfloat(fabs(v), <=, eps * (1 + 1e-6));
      sq += v * v;
    }
    if (norm == GS_NORM_L2) g_assert_cmpfloat(sqrt(sq), <=, eps * (1 + 1e-5));
    largest = MAX(largest, norm == GS_NORM_L2 ? sqrt(sq) : 0);
  }
  /* a PGD ℓ2 attack of 10 steps of α = ε/4 reaches the sphere on some rows */
  if (norm == GS_NORM_L2) g_assert_cmpfloat(largest, >, 0.9 * eps);
  g_free(dv);
  g_free(xv);
}

G_GNUC_UNUSED static void test_attack_balls(void)
{
  AttackFixture a;
  attack_fixture_init(&a);
  gs_rng rng = gs_rng_new(9);
  const GsNorm norms[] = {GS_NORM_LINF, GS_NORM_L2};
  const double eps[] = {0.1, 1.5};
  for (int k = 0; k < 2; k++) {
    GsAttack pgd = {norms[k], eps[k], eps[k] / 4, 10, TRUE};
    GsAttack fgsm = {norms[k], eps[k], eps[k], 1, FALSE};
    gs_tensor *dp = gs_attack(a.step, a.net, a.x, a.y, &pgd, &rng);
    gs_tensor *df = gs_attack(a.step, a.net, a.x, a.y, &fgsm, &rng);
    assert_in_ball(&a, dp, norms[k], eps[k]);
    assert_in_ball(&a, df, norms[k], eps[k]);
    double clean = loss_with(&a, NULL), lf = loss_with(&a, df), lp = loss_with(&a, dp);
    g_test_message("%s: clean %.4f, FGSM %.4f, PGD-10 %.4f", k ? "l2" : "linf", clean, lf, lp);
    g_assert_cmpfloat(lf, >, clean);
    g_assert_cmpfloat(lp, >=, lf);
    /* a zero budget leaves the input alone */
    GsAttack none = {norms[k], 0, 0, 10, TRUE};
    g_assert_cmpfloat(loss_with(&a, gs_attack(a.step, a.net, a.x, a.y, &none, &rng)), ==, clean);
    gs_ctx_reset(a.step);
  }
  attack_fixture_clear(&a);
}

G_GNUC_UNUSED static void test_l2_projection(void)
{
  gs_ctx *c = gs_ctx_new(cpu);
  /* rows: (0.3, 0.4) → ‖·‖ = 0.5 > ε = 0.25 → (0.15, 0.2); (0.1, 0) inside stays; x = 0.5 so
   * [0, 1] clipping does not bite */
  gs_tensor *x = gs_full(c, GS_F32, 2, (int64_t[]){2, 2}, 0.5);
  gs_tensor *d = gs_from_data(c, GS_F32, 2, (int64_t[]){2, 2}, (float[]){0.3f, 0.4f, 0.1f, 0.0f});
  float out[4];
  gs_read(gs_attack_project(c, x, d, GS_NORM_L2, 0.25, FALSE), out);
  g_assert_cmpfloat_with_epsilon(out[0], 0.15, 1e-6);
  g_assert_cmpfloat_with_epsilon(out[1], 0.20, 1e-6);
  g_assert_cmpfloat_with_epsilon(out[2], 0.10, 1e-6);
  g_assert_cmpfloat_with_epsilon(out[3], 0.0, 1e-6);
  /* ℓ∞ clips each entry; then x + δ is clipped to [0, 1]: x = 0.9, δ = 0.3 → 0.1 */
  gs_tensor *x2 = gs_from_data(c, GS_F32, 2, (int64_t[]){1, 2}, (float[]){0.9f, 0.5f});
  gs_tensor *d2 = gs_from_data(c, GS_F32, 2, (int64_t[]){1, 2}, (float[]){0.3f, -0.3f});
  gs_read(gs_attack_project(c, x2, d2, GS_NORM_LINF, 0.2, FALSE), out);
  g_assert_cmpfloat_with_epsilon(out[0], 0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon(out[1], -0.2, 1e-6);
  gs_ctx_free(c);
}

/* --- data, schedule ----------------------------------------------------------------------------
 */

G_GNUC_UNUSED static void test_label_noise(void)
{
  enum { N = 20000 };
  int32_t *labels = g_new(int32_t, N), *orig = g_new(int32_t, N);
  gboolean *noisy = g_new(gboolean, N);
  for (int i = 0; i < N; i++) orig[i] = labels[i] = i % 10;
  gsize changed = gs_robust_label_noise(labels, N, 10, 0.2, 7, noisy);
  gsize differ = 0;
  for (int i = 0; i < N; i++) {
    g_assert_cmpint(labels[i], >=, 0);
    g_assert_cmpint(labels[i], <, 10);
    g_assert_cmpint(labels[i] != orig[i], ==, noisy[i]); /* a noisy label is always another class */
    differ += labels[i] != orig[i];
  }
  g_assert_cmpuint(differ, ==, changed);
  /* binomial(20000, 0.2): sd ≈ 57, so ±300 is > 5 sd */
  g_assert_cmpuint(changed, >, 0.2 * N - 300);
  g_assert_cmpuint(changed, <, 0.2 * N + 300);
  /* rate 0 changes nothing; the same seed gives the same labels */
  g_assert_cmpuint(gs_robust_label_noise(orig, N, 10, 0, 7, NULL), ==, 0);
  int32_t *again = g_new(int32_t, N);
  for (int i = 0; i < N; i++) again[i] = i % 10;
  gs_robust_label_noise(again, N, 10, 0.2, 7, NULL);
  g_assert_cmpmem(again, N * sizeof(int32_t), labels, N * sizeof(int32_t));
  /* two classes (2-D presets): a noisy label is the other class */
  for (int i = 0; i < N; i++) again[i] = i % 2;
  gsize flipped = gs_robust_label_noise(again, N, 2, 0.3, 8, noisy);
  for (int i = 0; i < N; i++) g_assert_cmpint(again[i], ==, noisy[i] ? 1 - i % 2 : i % 2);
  g_assert_cmpuint(flipped, >, 0.3 * N - 400);
  g_assert_cmpuint(flipped, <, 0.3 * N + 400);
  g_free(again);
  g_free(labels);
  g_free(orig);
  g_free(noisy);
}

G_GNUC_UNUSED static void test_schedule(void)
{
  if (!have_data()) return;
  g_autoptr(GsStore) store = fresh_store("schedule.sqlite");
  const char *sets[] = {"lr=0.08", "lr_drops=50,75", NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(1, 8, sets);
  gint64 run = run_to_end(store, f, -1);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, run, NULL);
  const double want[] = {0.08, 0.08, 0.08, 0.08, 0.008, 0.008, 0.0008, 0.0008};
  for (int e = 1; e <= 8; e++)
    g_assert_cmpfloat_with_epsilon(metric_at(m, "lr", e), want[e - 1], 1e-12);
  /* the ablations start at the first epoch trained at the dropped rate */
  g_autoptr(GError) error = NULL;
  gpointer st = gs_robust_kind.init(f->params, 1, cpu, 8, &error);
  g_assert_no_error(error);
  g_assert_cmpint(gs_robust_first_drop_epoch(st), ==, 5);
  gs_robust_kind.free(st);
  /* cosine: from lr down towards 0 */
  const char *cos_sets[] = {"lr=0.08", "schedule=cosine", NULL};
  g_autoptr(GsExperimentFile) g = tiny_file(1, 4, cos_sets);
  run = run_to_end(store, g, -1);
  g_autoptr(GsMetricView) mc = gs_store_load_metrics(store, run, NULL);
  g_assert_cmpfloat_with_epsilon(metric_at(mc, "lr", 1), 0.08, 1e-12);
  g_assert_cmpfloat(metric_at(mc, "lr", 3), <, metric_at(mc, "lr", 2));
  g_assert_cmpfloat(metric_at(mc, "lr", 4), <, metric_at(mc, "lr", 3));
  st = gs_robust_kind.init(g->params, 1, cpu, 4, &error);
  g_assert_no_error(error);
  g_assert_cmpint(gs_robust_first_drop_epoch(st), ==, 3); /* no drop: the middle */
  gs_robust_kind.free(st);
}

G_GNUC_UNUSED static void test_missing_data(void)
{
  const char *sets[] = {"data_dir=/nonexistent/fashion", NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(1, 2, sets);
  g_autoptr(GError) error = NULL;
  gpointer st = gs_robust_kind.init(f->params, 1, cpu, 2, &error);
  g_assert_null(st);
  g_assert_nonnull(error);
  g_assert_nonnull(strstr(error->message, "/nonexistent/fashion/train-images-idx3-ubyte.gz"));
  g_assert_nonnull(strstr(error->message, "dataset-fashion-mnist"));
  /* a corrupt file names itself */
  g_autofree char *dir = g_build_filename(tmp_dir, "corrupt", NULL);
  g_mkdir_with_parents(dir, 0700);
  const char *names[] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
  for (int i = 0; i < 4; i++) {
    g_autofree char *p = g_build_filename(dir, names[i], NULL);
    g_assert_true(g_file_set_contents(p, "\x1f\x8b not really gzip", -1, NULL));
  }
  g_clear_error(&error);
  g_autoptr(GsImageSet) set = gs_fashion_mnist_load(dir, TRUE, &error);
  g_assert_null(set);
  g_assert_nonnull(error);
  g_assert_nonnull(strstr(error->message, "train-images-idx3-ubyte.gz"));
}

/* --- 2-D mode ---------------------------------------------------------------------------------
 */

/* Attacks on points of the plane: inside the ε-ball, not clipped to [0, 1] (the points lie in
 * [-2, 2]²), and PGD ≥ FGSM > clean in loss, for both norms. */
G_GNUC_UNUSED static void test_plane_attack_balls(void)
{
  enum { N = 64 };
  gs_ctx *model = gs_ctx_new(cpu), *step = gs_ctx_new(cpu);
  gs_rng rng = gs_rng_new(5);
  GsRobustModel *net = gs_robust_model_new(model, &rng,
                                           &(GsRobustModelConfig){.arch = GS_ROBUST_ARCH_MLP,
                                                                  .side = 1,
                                                                  .in_channels = 2,
                                                                  .n_classes = 2,
                                                                  .n_hidden = 2,
                                                                  .hidden = {32, 32}});
  float xv[2 * N];
  int32_t yv[N];
  for (int i = 0; i < 2 * N; i++) xv[i] = (float) (-2 + 4 * gs_rng_uniform(&rng));
  for (int i = 0; i < N; i++) yv[i] = xv[2 * i] + xv[2 * i + 1] > 0;
  gs_tensor *x = gs_from_data(model, GS_F32, 2, (int64_t[]){N, 2}, xv);
  gs_tensor *y = gs_from_data(model, GS_I32, 1, (int64_t[]){N}, yv);
  const GsNorm norms[] = {GS_NORM_LINF, GS_NORM_L2};
  for (int k = 0; k < 2; k++) {
    double eps = 0.3;
    GsAttack pgd = {norms[k], eps, eps / 4, 10, TRUE, TRUE};
    GsAttack fgsm = {norms[k], eps, eps, 1, FALSE, TRUE};
    gs_tensor *dp = gs_attack(step, net, x, y, &pgd, &rng);
    gs_tensor *df = gs_attack(step, net, x, y, &fgsm, &rng);
    gs_tensor *deltas[] = {dp, df};
    gsize outside_unit_box = 0;
    double largest = 0;
    for (int a = 0; a < 2; a++) {
      float dv[2 * N];
      gs_read(deltas[a], dv);
      for (int i = 0; i < N; i++) {
        double dx = dv[2 * i], dy = dv[2 * i + 1];
        if (norms[k] == GS_NORM_LINF) {
          g_assert_cmpfloat(fabs(dx), <=, eps * (1 + 1e-6));
          g_assert_cmpfloat(fabs(dy), <=, eps * (1 + 1e-6));
          largest = MAX(largest, MAX(fabs(dx), fabs(dy)));
        } else {
          g_assert_cmpfloat(hypot(dx, dy), <=, eps * (1 + 1e-5));
          largest = MAX(largest, hypot(dx, dy));
        }
        double ax = xv[2 * i] + dx, ay = xv[2 * i + 1] + dy;
        outside_unit_box += ax < 0 || ax > 1 || ay < 0 || ay > 1;
      }
    }
    /* FGSM steps the whole ε: the boundary of the ball is reached */
    g_assert_cmpfloat(largest, >, 0.99 * eps);
    g_assert_cmpuint(outside_unit_box, >, N); /* nothing was clipped to the pixel range */
    double clean = gs_item(gs_cross_entropy(step, gs_robust_model_forward(step, net, x), y));
    double lf =
        gs_item(gs_cross_entropy(step, gs_robust_model_forward(step, net, gs_add(step, x, df)), y));
    double lp =
        gs_item(gs_cross_entropy(step, gs_robust_model_forward(step, net, gs_add(step, x, dp)), y));
    g_test_message("2-D %s: clean %.4f, FGSM %.4f, PGD-10 %.4f", k ? "l2" : "linf", clean, lf, lp);
    g_assert_cmpfloat(lf, >, clean);
    g_assert_cmpfloat(lp, >=, lf * (1 - 1e-6));
    gs_ctx_reset(step);
  }
  gs_robust_model_free(net);
  gs_ctx_free(step);
  gs_ctx_free(model);
}

/* A short adversarial-training run on two moons (no data files needed): it learns, and its
 * snapshot carries the 2-D view's data with the shapes and meanings the view reads. */
G_GNUC_UNUSED static void test_plane_run(void)
{
  g_autoptr(GsStore) store = fresh_store("plane.sqlite");
  const char *sets[] = {"dataset=moons", "train_size=200", "test_size=80",
                        "val_size=40",   "hidden=32,32",   "lr=0.1",
                        "norm=l2",       "epsilon=0.2",    NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(3, 12, sets);
  gint64 run = run_to_end(store, f, 0);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, run, NULL);
  g_assert_cmpfloat(metric_at(m, "test_clean_acc", 12), >, 0.8);
  g_assert_cmpfloat(metric_at(m, "test_robust_acc", 12), >, 0.5);
  g_assert_cmpint(gs_metric_view_find(m, "test_robust_acc_class_1"), >=, 0);
  g_assert_cmpint(gs_metric_view_find(m, "test_robust_acc_class_2"), <, 0); /* two classes */

  g_autoptr(GError) error = NULL;
  g_autoptr(GsSnapshot) snap = gs_session_snapshot_of_run(store, run, -1, &error);
  g_assert_no_error(error);
  double n_classes = 0, eps = 0;
  g_assert_true(gs_snapshot_get_scalar(snap, "n_classes", &n_classes));
  g_assert_true(gs_snapshot_get_scalar(snap, "epsilon", &eps));
  g_assert_cmpfloat(n_classes, ==, 2);
  int nd;
  gint64 shape[4];
  const float *box = gs_snapshot_get_floats(snap, "plane_box", &nd, shape);
  g_assert_nonnull(box);
  g_assert_cmpfloat(box[0], ==, -1.25f); /* the moons preset's box */
  g_assert_cmpfloat(box[3], ==, 2.0f);
  const float *decision = gs_snapshot_get_floats(snap, "plane_decision", &nd, shape);
  g_assert_nonnull(decision);
  g_assert_cmpint(nd, ==, 3);
  g_assert_cmpint(shape[0], ==, 2);
  gsize cells = (gsize) (shape[1] * shape[2]), ones = 0;
  for (gsize q = 0; q < cells; q++) {
    g_assert_true(decision[q] == 0 || decision[q] == 1);
    g_assert_cmpfloat(decision[cells + q], >=, 0.5f); /* the winner's probability */
    g_assert_cmpfloat(decision[cells + q], <=, 1.0f);
    ones += decision[q] == 1;
  }
  g_assert_cmpuint(ones, >, cells / 10); /* both classes own part of the plane */
  g_assert_cmpuint(ones, <, cells * 9 / 10);
  const float *pts = gs_snapshot_get_floats(snap, "plane_points", &nd, shape);
  g_assert_nonnull(pts);
  g_assert_cmpint(shape[0], ==, 60);
  g_assert_cmpint(shape[1], ==, 7);
  for (int i = 0; i < 60; i++) {
    const float *r = pts + i * 7;
    g_assert_true(r[2] == 0 || r[2] == 1);
    g_assert_cmpfloat(hypot(r[4], r[5]), <=, eps * (1 + 1e-5));
  }
  /* the image-only data is absent; the sweep against ε is there */
  g_assert_null(gs_snapshot_get_floats(snap, "gallery_images", &nd, shape));
  g_assert_nonnull(gs_snapshot_get_floats(snap, "robust_vs_eps", &nd, shape));
  /* the small CNN takes images only */
  const char *cnn[] = {"dataset=moons", "model=cnn", NULL};
  g_autoptr(GsExperimentFile) g = tiny_file(3, 2, cnn);
  g_clear_error(&error);
  g_assert_null(gs_robust_kind.init(g->params, 1, cpu, 2, &error));
  g_assert_nonnull(error);
  g_assert_nonnull(strstr(error->message, "mlp"));
}

/* --- runs ------------------------------------------------------------------------------------ */

G_GNUC_UNUSED static void test_best_checkpoint(void)
{
  if (!have_data()) return;
  g_autoptr(GsStore) store = fresh_store("best.sqlite");
  const char *sets[] = {"lr=0.1", NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(2, 8, sets);
  gint64 run = run_to_end(store, f, 0);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, run, NULL);
  double best = -1;
  gint64 best_epoch = 0;
  gboolean moved = FALSE;
  for (gint64 e = 1; e <= 8; e++) {
    double v = metric_at(m, "val_robust_acc", e);
    if (v > best) best = v, best_epoch = e, moved |= e > 1;
    g_assert_cmpfloat(metric_at(m, "best_epoch", e), ==, (double) best_epoch);
    g_assert_cmpfloat(metric_at(m, "best_test_robust_acc", e), ==,
                      metric_at(m, "test_robust_acc", best_epoch));
  }
  g_assert_true(moved); /* the run improved at least once after epoch 1 */
  /* the final checkpoint carries the best weights and record */
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) blob = gs_store_get_checkpoint(store, run, -1, NULL, &error);
  g_assert_no_error(error);
  gpointer st = gs_robust_kind.init(f->params, 2, cpu, 8, &error);
  g_assert_no_error(error);
  g_assert_true(gs_robust_kind.restore(st, blob, &error));
  GsSnapshotBuilder *b = gs_robust_kind.snapshot(st, 8);
  g_autoptr(GsSnapshot) snap = gs_snapshot_builder_end(b);
  double snap_best = -1;
  g_assert_true(gs_snapshot_get_scalar(snap, "best_epoch", &snap_best));
  g_assert_cmpfloat(snap_best, ==, (double) best_epoch);
  gs_robust_kind.free(st);
}

static void assert_same_series(GsMetricView *a, GsMetricView *b, const char *name, gint64 from,
                               gint64 to)
{
  for (gint64 e = from; e <= to; e++) {
    double va = metric_at(a, name, e), vb = metric_at(b, name, e);
    g_assert_cmpmem(&va, sizeof va, &vb, sizeof vb);
  }
}

G_GNUC_UNUSED static void test_reproducible(void)
{
  if (!have_data()) return;
  g_autoptr(GsStore) store = fresh_store("repro.sqlite");
  const char *sets[] = {"label_noise=0.2", "ablation=natural", "ablation_from=3", NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(4, 5, sets);
  gint64 r1 = run_to_end(store, f, 2);
  gint64 r2 = run_to_end(store, f, -1);
  g_autoptr(GsMetricView) m1 = gs_store_load_metrics(store, r1, NULL);
  g_autoptr(GsMetricView) m2 = gs_store_load_metrics(store, r2, NULL);
  const char *names[] = {"train_loss",      "train_robust_acc", "test_robust_acc", "val_robust_acc",
                         "small_loss_frac", "loss_hist_03",     "best_epoch"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) assert_same_series(m1, m2, names[i], 1, 5);
  /* resumed from the checkpoint after epoch 2, it emits what the original emitted */
  g_autoptr(GError) error = NULL;
  GsSessionOptions o = {.store = store, .threads = 1, .checkpoint_every = -1};
  g_autoptr(GsSession) s = gs_session_resume(store, r1, 2, &o, &error);
  g_assert_no_error(error);
  while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
  g_assert_true(gs_session_finish(s, GS_RUN_FINISHED, NULL, &error));
  g_autoptr(GsMetricView) m3 = gs_store_load_metrics(store, gs_session_get_run_id(s), NULL);
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) assert_same_series(m1, m3, names[i], 3, 5);
  /* another seed trains differently */
  g_autoptr(GsExperimentFile) g = tiny_file(5, 1, sets);
  g_autoptr(GsMetricView) m4 = gs_store_load_metrics(store, run_to_end(store, g, -1), NULL);
  g_assert_cmpfloat(metric_at(m4, "train_loss", 1), !=, metric_at(m1, "train_loss", 1));
}

G_GNUC_UNUSED static void test_ablations(void)
{
  if (!have_data()) return;
  g_autoptr(GsStore) store = fresh_store("ablation.sqlite");
  /* τ above every loss: the natural-data ablation drops every example, so from epoch 3 the
   * weights stop changing and clean accuracy (no randomness in it) stays put */
  const char *nat[] = {"ablation=natural", "tau=100", "ablation_from=3", NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(6, 4, nat);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, run_to_end(store, f, -1), NULL);
  g_assert_cmpfloat(metric_at(m, "small_loss_frac", 3), ==, 1.0);
  g_assert_cmpfloat(metric_at(m, "test_clean_acc", 3), ==, metric_at(m, "test_clean_acc", 2));
  g_assert_cmpfloat(metric_at(m, "test_clean_acc", 4), ==, metric_at(m, "test_clean_acc", 2));
  g_assert_cmpfloat(metric_at(m, "train_loss", 3), ==, 0.0);
  /* the same run without ablation keeps learning: epoch 3 and 2 differ */
  const char *std[] = {"tau=100", NULL};
  g_autoptr(GsExperimentFile) g = tiny_file(6, 3, std);
  g_autoptr(GsMetricView) ms = gs_store_load_metrics(store, run_to_end(store, g, -1), NULL);
  assert_same_series(m, ms, "train_loss", 1, 2); /* identical until the ablation starts */
  g_assert_cmpfloat(metric_at(ms, "test_clean_acc", 3), !=, metric_at(ms, "test_clean_acc", 2));
  /* perturbation ablation with every example small-loss: trained clean, so the loss it
   * reports is the clean training loss, below the adversarial one of the standard run */
  const char *pert[] = {"ablation=perturbation", "tau=100", "ablation_from=3", NULL};
  g_autoptr(GsExperimentFile) h = tiny_file(6, 3, pert);
  g_autoptr(GsMetricView) mp = gs_store_load_metrics(store, run_to_end(store, h, -1), NULL);
  g_assert_cmpfloat(metric_at(mp, "train_loss", 3), <, metric_at(ms, "train_loss", 3));
  /* larger ε_a on small-loss examples: a harder loss than the standard run's */
  const char *strong[] = {"ablation=strong", "tau=100", "ablation_from=3", "epsilon_a=0.3", NULL};
  g_autoptr(GsExperimentFile) k = tiny_file(6, 3, strong);
  g_autoptr(GsMetricView) mk = gs_store_load_metrics(store, run_to_end(store, k, -1), NULL);
  g_assert_cmpfloat(metric_at(mk, "train_loss", 3), >, metric_at(ms, "train_loss", 3));
}

G_GNUC_UNUSED static void test_cnn(void)
{
  if (!have_data()) return;
  g_autoptr(GsStore) store = fresh_store("cnn.sqlite");
  const char *sets[] = {"model=cnn",   "channels=4,8", "hidden=16",         "norm=l2",
                        "epsilon=0.3", "lr=0.02",      "schedule=constant", NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(1, 4, sets);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, run_to_end(store, f, -1), NULL);
  for (gint64 e = 1; e <= 4; e++) {
    g_assert_true(isfinite(metric_at(m, "train_loss", e)));
    g_assert_cmpfloat(metric_at(m, "test_robust_acc", e), <=,
                      metric_at(m, "test_clean_acc", e) + 0.2);
  }
  /* it learns something in four epochs of 100 images: better than chance (0.1) on clean test */
  g_assert_cmpfloat(metric_at(m, "test_clean_acc", 4), >, 0.2);
}

/* One short run end to end (every split, the attack, the ablation path, a checkpoint and the
 * snapshot's probes): cheap enough for the sanitized build. */
G_GNUC_UNUSED static void test_run_smoke(void)
{
  if (!have_data()) return;
  g_autoptr(GsStore) store = fresh_store("smoke.sqlite");
  const char *sets[] = {"train_size=40",
                        "val_size=20",
                        "test_size=20",
                        "train_eval_size=20",
                        "ablation=perturbation",
                        "ablation_from=2",
                        NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(1, 2, sets);
  gint64 run = run_to_end(store, f, 0);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, run, NULL);
  g_assert_true(isfinite(metric_at(m, "train_loss", 2)));
  g_assert_cmpfloat(metric_at(m, "test_robust_acc", 2), <=, 1.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsSnapshot) snap = gs_session_snapshot_of_run(store, run, -1, &error);
  g_assert_no_error(error);
  int ndim;
  gint64 shape[4];
  g_assert_nonnull(gs_snapshot_get_floats(snap, "robust_vs_eps", &ndim, shape));
  g_assert_cmpint(shape[0], ==, 3);
  const float *info = gs_snapshot_get_floats(snap, "gallery_info", &ndim, shape);
  g_assert_nonnull(info);
  g_assert_cmpint(shape[0], ==, 20);
  for (int i = 0; i < 20 * 7; i++) g_assert_true(isfinite(info[i]));
}

/* --- curve import ---------------------------------------------------------------------------- */

static GsCurves *parse_text(const char *text, GError **error)
{
  return gs_curves_parse(text, strlen(text), "x.csv", error);
}

static int column(const GsCurves *c, const char *name)
{
  for (guint j = 0; j < c->n_cols; j++)
    if (g_str_equal(c->names[j], name)) return (int) j;
  return -1;
}

G_GNUC_UNUSED static void test_curves_import(void)
{
  g_autoptr(GError) error = NULL;
  /* Rice et al.'s output.log: 4 epochs from 0, 11 curves, Rice's names mapped to ours */
  /* (the same text as tests/fuzz/corpus/curves/output.log) */
  static const char log[] =
      "[2020/02/20 10:00:00] - Namespace(attack='pgd', epochs=4, epsilon=8, "
      "lr_schedule='piecewise')\n"
      "[2020/02/20 10:00:01] - Epoch \t Train Time \t Test Time \t LR \t \t Train Loss \t Train "
      "Acc \t Train Robust Loss \t Train Robust Acc \t Test Loss \t Test Acc \t Test Robust Loss "
      "\t Test Robust Acc\n"
      "[2020/02/20 10:01:00] - 0 \t 100.1 \t \t 5.2 \t \t 0.1000 \t 1.9000 \t 0.3000 \t 2.1000 \t "
      "\t 0.2000 \t \t 1.8000 \t 0.3200 \t 2.0500 \t \t 0.2100\n"
      "[2020/02/20 10:02:00] - 1 \t 100.3 \t \t 5.1 \t \t 0.1000 \t 1.5000 \t 0.4500 \t 1.9000 \t "
      "\t 0.3000 \t \t 1.5500 \t 0.4400 \t 1.9500 \t \t 0.2800\n"
      "[2020/02/20 10:03:00] - 2 \t 100.2 \t \t 5.0 \t \t 0.0100 \t 1.1000 \t 0.6000 \t 1.6000 \t "
      "\t 0.4200 \t \t 1.3000 \t 0.5500 \t 1.8500 \t \t 0.3300\n"
      "[2020/02/20 10:04:00] - 3 \t 100.4 \t \t 5.3 \t \t 0.0010 \t 0.9000 \t 0.7000 \t 1.4000 \t "
      "\t 0.5000 \t \t 1.4000 \t 0.5400 \t 1.9000 \t \t 0.3000\n";
  g_autoptr(GsCurves) c = gs_curves_parse(log, strlen(log), "output.log", &error);
  g_assert_no_error(error);
  g_assert_true(c->is_log);
  g_assert_cmpuint(c->n_rows, ==, 4);
  g_assert_cmpuint(c->n_cols, ==, 11);
  g_assert_cmpint(c->epochs[0], ==, 0);
  g_assert_cmpint(c->epochs[3], ==, 3);
  int tr = column(c, "test_robust_acc"), lr = column(c, "lr"), ta = column(c, "train_clean_acc");
  g_assert_cmpint(tr, >=, 0);
  g_assert_cmpfloat(c->values[2 * c->n_cols + tr], ==, 0.33);
  g_assert_cmpfloat(c->values[3 * c->n_cols + lr], ==, 0.001);
  g_assert_cmpfloat(c->values[1 * c->n_cols + ta], ==, 0.45);

  /* CSV with comments, a Rice-style column name and a missing value */
  g_autoptr(GsCurves) d =
      parse_text("# note\nepoch, test_robust_acc ,Test Acc\n1,0.2,0.3\n2,0.25,\n", &error);
  g_assert_no_error(error);
  g_assert_false(d->is_log);
  g_assert_cmpuint(d->n_rows, ==, 2);
  g_assert_cmpstr(d->names[1], ==, "test_clean_acc");
  g_assert_true(isnan(d->values[1 * 2 + 1]));
  /* percent is scaled to fractions, column by column */
  g_autoptr(GsCurves) e = parse_text("step,test_robust_acc,lr\n1,21.5,0.1\n2,33,0.1\n", &error);
  g_assert_no_error(error);
  g_assert_cmpfloat_with_epsilon(e->values[0], 0.215, 1e-12);
  g_assert_cmpfloat(e->values[1], ==, 0.1);

  /* errors name the line and field */
  const struct {
    const char *text, *message;
  } bad[] = {
      {"epoch,acc\n1,0.2\n2,abc\n", "x.csv:3: field 2 (acc) is \"abc\", not a number"},
      {"epoch,acc\n1,0.2,0.3\n", "x.csv:2: 3 fields, the header has 2"},
      {"epoch,acc\n2,0.2\n2,0.3\n", "x.csv:3: epoch 2 does not follow epoch 2"},
      {"epoch,acc\n1.5,0.2\n", "x.csv:2: epoch \"1.5\" is not a whole number ≥ 0"},
      {"time,acc\n1,2\n", NULL},
      {"epoch,acc,acc\n", "x.csv:1: column 3 repeats \"acc\""},
      {"epoch,9lives\n",
       "x.csv:1: column 2: \"9lives\" is not a metric name (letters, digits, '_')"},
      {"epoch,acc\n", "x.csv: no epoch rows"},
      {"[2020/02/20 10:00:00] - Epoch \t LR\n", NULL},
      {"[2020/02/20 10:00:00] - hello\nplain line\n", "x.csv:2: expected a line starting "
                                                      "\"[YYYY/MM/DD HH:MM:SS] - \""},
      {"", "x.csv: no header and no rows"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_clear_error(&error);
    g_assert_null(parse_text(bad[i].text, &error));
    g_assert_nonnull(error);
    if (bad[i].message) g_assert_cmpstr(error->message, ==, bad[i].message);
  }
  g_clear_error(&error);
  g_assert_null(gs_curves_parse("epoch,a\n1,\xff\n", 12, "x.csv", &error));
  g_assert_nonnull(strstr(error->message, "UTF-8"));
}

/* Relative variant overrides ("NAME*=FACTOR"): scaled from the values they are applied to,
 * ints rounded, and every malformed or out-of-range one refused with a message that names the
 * variant, the parameter and its allowed range. */
G_GNUC_UNUSED static void test_variant_overrides(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsParamValues) v = gs_param_values_new(gs_robust_kind.schema);
  g_assert_true(gs_param_values_set_double(v, "epsilon", 0.3, NULL));
  const GsExperimentVariant good = {
      "g", "G", {"ablation=natural", "epsilon*=0.5", "train_steps*=0.25", "batch*=3"}};
  g_assert_true(gs_experiment_variant_is_relative(&good));
  g_assert_true(gs_experiment_variant_apply(&good, v, &error));
  g_assert_no_error(error);
  g_assert_cmpstr(gs_param_values_get_string(v, "ablation"), ==, "natural");
  g_assert_cmpfloat(gs_param_values_get_double(v, "epsilon"), ==, 0.15);
  g_assert_cmpint(gs_param_values_get_int(v, "train_steps"), ==, 3); /* 10 × 0.25 = 2.5 → 3 */
  g_assert_cmpint(gs_param_values_get_int(v, "batch"), ==, 384);
  const GsExperimentVariant absolute = {"a", "A", {"ablation=none"}};
  g_assert_false(gs_experiment_variant_is_relative(&absolute));

  static const struct {
    const char *set, *message;
  } bad[] = {
      {"epsilon*=100",
       "variant b (epsilon*=100): \"epsilon\": 3e1 is out of range — allowed 0 … 1e1"},
      {"epsilon*=-1",
       "variant b (epsilon*=-1): \"epsilon\": -0.3 is out of range — allowed 0 … 1e1"},
      {"train_steps*=20",
       "variant b (train_steps*=20): \"train_steps\": 200 is out of range — allowed 1 … 1e2"},
      {"train_steps*=1e300", NULL}, /* clamped before the cast: still the range message */
      {"epsilon*=x", "variant b (epsilon*=x): factor “x” is not a number"},
      {"epsilon*=", "variant b (epsilon*=): factor “” is not a number"},
      {"epsilon*=inf", "variant b (epsilon*=inf): factor “inf” is not a number"},
      {"norm*=2",
       "variant b (norm*=2): “norm” is a choice parameter; only int and double parameters can be "
       "scaled"},
      {"epsilon", "variant b (epsilon): not NAME=VALUE or NAME*=FACTOR"},
      {"epsilonn*=2", NULL},
      {"epsilon=20", NULL},
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GsParamValues) w = gs_param_values_new(gs_robust_kind.schema);
    g_assert_true(gs_param_values_set_double(w, "epsilon", 0.3, NULL));
    const GsExperimentVariant b = {"b", "B", {bad[i].set}};
    g_clear_error(&error);
    g_assert_false(gs_experiment_variant_apply(&b, w, &error));
    g_assert_nonnull(error);
    g_autofree char *prefix = g_strdup_printf("variant b (%s): ", bad[i].set);
    g_assert_true(g_str_has_prefix(error->message, prefix));
    if (bad[i].message) g_assert_cmpstr(error->message, ==, bad[i].message);
  }
  g_clear_error(&error);
  g_assert_false(gs_experiment_variant_apply(
      &(GsExperimentVariant){"b", "B", {"train_steps*=1e300"}}, v, &error));
  g_assert_nonnull(strstr(error->message, "\"train_steps\""));
  g_assert_nonnull(strstr(error->message, "out of range — allowed 1 … 1e2"));

  /* A file whose ε the strong adversary would double out of range: the group is refused before
   * any run starts, naming the variant, the parameter and the range. */
  const char *sets[] = {"dataset=moons", "epsilon=6", NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(1, 2, sets);
  g_clear_error(&error);
  g_assert_null(gs_session_group_new(f, NULL, NULL, NULL, &error));
  g_assert_cmpstr(
      error->message, ==,
      "variant strong-eps (epsilon*=2): \"epsilon\": 12 is out of range — allowed 0 … 1e1");

  /* Labelling a stored group: the weak run also holds "ablation=none", so it only matches its
   * own variant against the group's first run. */
  const char *base_sets[] = {"epsilon=0.2", NULL};
  g_autoptr(GsExperimentFile) standard = tiny_file(1, 2, base_sets);
  const GsExperimentVariant *all = gs_robust_kind.variants;
  g_clear_error(&error);
  g_autoptr(GsExperimentFile) weak = gs_experiment_file_for_variant(standard, &all[4], &error);
  g_assert_no_error(error);
  g_assert_cmpfloat(gs_param_values_get_double(weak->params, "epsilon"), ==, 0.1);
  g_assert_cmpstr(gs_experiment_file_match_variant(weak, standard)->id, ==, "weak-eps");
  g_assert_cmpstr(gs_experiment_file_match_variant(standard, standard)->id, ==, "standard");
  g_assert_cmpstr(gs_experiment_file_find_variant(weak)->id, ==, "standard"); /* no reference */

  /* eval_epsilon pins the evaluation attack whatever the training ε. */
  const char *pinned_sets[] = {"dataset=moons",     "train_size=40",      "test_size=20",
                               "val_size=0",        "train_eval_size=20", "epsilon=0.1",
                               "eval_epsilon=0.25", "tau=0.75",           NULL};
  g_autoptr(GsExperimentFile) pinned = tiny_file(1, 1, pinned_sets);
  g_autoptr(GsStore) store = fresh_store("pinned.sqlite");
  gint64 run = run_to_end(store, pinned, 0);
  g_autoptr(GsSnapshot) snap = gs_session_snapshot_of_run(store, run, -1, &error);
  g_assert_no_error(error);
  double eval_eps = 0;
  g_assert_true(gs_snapshot_get_scalar(snap, "epsilon", &eval_eps));
  g_assert_cmpfloat(eval_eps, ==, 0.25);
  double train_eps = 0, tau = 0; /* the views mark both ε and the run's own τ */
  g_assert_true(gs_snapshot_get_scalar(snap, "train_epsilon", &train_eps));
  g_assert_cmpfloat(train_eps, ==, 0.1);
  g_assert_true(gs_snapshot_get_scalar(snap, "tau", &tau));
  g_assert_cmpfloat(tau, ==, 0.75);
}

/* "Run with ablations" (the kind's variants as one group job, as the window runs it): six
 * runs in order, one group id, the same seed and parameters except the ablation and, for the
 * weak/strong adversary pair, ε scaled from the file's; stopping the job records the current run
 * as stopped and starts no more. */
G_GNUC_UNUSED static void test_group_run(void)
{
  g_autofree char *path = g_build_filename(tmp_dir, "group.sqlite", NULL);
  const char *sets[] = {"dataset=moons",      "train_size=60",    "test_size=40", "val_size=20",
                        "train_eval_size=40", "ablation=natural", "epsilon=0.3",  NULL};
  g_autoptr(GsExperimentFile) f = tiny_file(5, 2, sets);
  g_autoptr(GError) error = NULL;
  GsSessionOptions base = {.threads = 1};
  GsSessionGroup *g = gs_session_group_new(f, "abl", path, &base, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(gs_session_group_get_n_runs(g), ==, 6);
  g_autofree char *id = g_strdup(gs_session_group_get_id(g));
  const GsJobVTable *job = &gs_session_group_job_vtable;
  int steps = 0;
  while (!job->is_finished(g)) {
    g_assert_true(job->step(g, NULL, &error));
    g_assert_no_error(error);
    steps++;
  }
  g_assert_cmpint(steps, ==, 12);
  g_assert_cmpfloat(job->progress(g), ==, 1.0);
  /* the views' overlay: every run of the group, the current one last, with its own metrics */
  g_autoptr(GObject) last = job->snapshot(g);
  GsSnapshot *snap = GS_SNAPSHOT(last);
  g_assert_cmpuint(gs_snapshot_get_n_group_runs(snap), ==, 6);
  const char *label, *key;
  g_assert_true(gs_snapshot_get_group_run(snap, 5, &label, &key) == gs_snapshot_get_metrics(snap));
  g_assert_cmpstr(label, ==, "Strong adversary, ε × 2");
  gs_snapshot_get_group_run(snap, 3, &label, &key);
  g_assert_cmpstr(label, ==, "Larger ε_a on small-loss examples");
  g_assert_true(gs_snapshot_get_group_run(snap, 0, &label, &key) != gs_snapshot_get_metrics(snap));
  g_assert_cmpstr(label, ==, "Standard");
  g_autofree char *first_uuid = g_strdup(key);
  job->free(g);

  g_autoptr(GsStore) store = gs_store_open(path, &error);
  g_assert_no_error(error);
  g_autoptr(GPtrArray) runs = gs_store_list_group(store, id, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(runs->len, ==, 6);
  const char *order[] = {"none", "natural", "perturbation", "strong", "none", "none"};
  const char *names[] = {"abl: standard", "abl: natural",  "abl: perturbation",
                         "abl: strong",   "abl: weak-eps", "abl: strong-eps"};
  const double eps[] = {0.3, 0.3, 0.3, 0.3, 0.15, 0.6};
  g_autoptr(GsParamValues) first = NULL;
  for (guint i = 0; i < runs->len; i++) {
    GsRunInfo *r = runs->pdata[i];
    g_assert_cmpstr(r->group, ==, id);
    g_assert_cmpstr(r->name, ==, names[i]);
    g_assert_cmpint(r->status, ==, GS_RUN_FINISHED);
    g_assert_cmpuint(r->seed, ==, 5);
    g_autoptr(GsExperimentFile) rf = gs_experiment_file_from_run(
        r->kind, r->params, r->seed, r->backend, r->steps, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(gs_param_values_get_string(rf->params, "ablation"), ==, order[i]);
    g_assert_cmpfloat_with_epsilon(gs_param_values_get_double(rf->params, "epsilon"), eps[i],
                                   1e-12);
    g_assert_true(gs_param_values_set_string(rf->params, "ablation", "none", NULL));
    g_assert_true(gs_param_values_set_double(rf->params, "epsilon", 0.3, NULL));
    if (!first)
      first = gs_param_values_copy(rf->params);
    else
      g_assert_true(gs_param_values_equal(first, rf->params)); /* only the ablation differs */
    g_autoptr(GsMetricView) m = gs_store_load_metrics(store, r->id, &error);
    g_assert_cmpfloat(metric_at(m, "test_robust_acc", 2), >=, 0);
  }
  g_assert_cmpstr(((GsRunInfo *) runs->pdata[0])->uuid, ==, first_uuid);
  /* A stored run's snapshot (ganscape-cli export) carries the same group, labels from params. */
  g_autoptr(GsSnapshot) stored =
      gs_session_snapshot_of_run(store, ((GsRunInfo *) runs->pdata[2])->id, -1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(gs_snapshot_get_n_group_runs(stored), ==, 6);
  g_assert_true(gs_snapshot_get_group_run(stored, 2, &label, &key) ==
                gs_snapshot_get_metrics(stored));
  g_assert_cmpstr(label, ==, "Perturbation ablation");
  g_assert_cmpstr(key, ==, ((GsRunInfo *) runs->pdata[2])->uuid);
  GsMetricView *natural = gs_snapshot_get_group_run(stored, 1, &label, &key);
  g_assert_cmpstr(label, ==, "Natural-data ablation");
  g_assert_cmpfloat(metric_at(natural, "test_robust_acc", 2), >=, 0);
  /* The pair also has ablation=none: only the ε relative to the first run tells it apart. */
  const char *expect[] = {"Standard", "Weak adversary, ε × 0.5", "Strong adversary, ε × 2"};
  const guint at[] = {0, 4, 5};
  for (guint i = 0; i < G_N_ELEMENTS(at); i++) {
    gs_snapshot_get_group_run(stored, at[i], &label, &key);
    g_assert_cmpstr(label, ==, expect[i]);
  }
  /* The evaluation attack follows each run's ε (as Yu et al. evaluate their pair) … */
  g_autoptr(GsSnapshot) weak =
      gs_session_snapshot_of_run(store, ((GsRunInfo *) runs->pdata[4])->id, -1, &error);
  g_assert_no_error(error);
  double weak_eps = 0;
  g_assert_true(gs_snapshot_get_scalar(weak, "epsilon", &weak_eps));
  g_assert_cmpfloat_with_epsilon(weak_eps, 0.15, 1e-12);
  /* … and every member carries its own last snapshot for the views (robust accuracy against ε) */
  for (guint i = 0; i < gs_snapshot_get_n_group_runs(stored); i++) {
    GsSnapshot *member = gs_snapshot_get_group_run_snapshot(stored, i);
    g_assert_nonnull(member);
    g_assert_nonnull(gs_snapshot_get_floats(member, "robust_vs_eps", NULL, NULL));
  }
  g_assert_true(gs_snapshot_get_group_run_snapshot(stored, 2) == stored);
  double member_eps = 0;
  g_assert_true(gs_snapshot_get_scalar(gs_snapshot_get_group_run_snapshot(stored, 5), "epsilon",
                                       &member_eps));
  g_assert_cmpfloat_with_epsilon(member_eps, 0.6, 1e-12);
  /* A member whose checkpoint cannot be restored keeps its metrics in the overlay, without a
   * snapshot; the run's own figure still comes. */
  {
    g_autoptr(GsStore) writer = gs_store_open(path, &error);
    GBytes *junk = g_bytes_new_static("junk", 4);
    g_assert_true(
        gs_store_add_checkpoint(writer, ((GsRunInfo *) runs->pdata[1])->id, 99, junk, &error));
    g_bytes_unref(junk);
  }
  g_autoptr(GsSnapshot) partial =
      gs_session_snapshot_of_run(store, ((GsRunInfo *) runs->pdata[2])->id, -1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(gs_snapshot_get_n_group_runs(partial), ==, 6);
  g_assert_null(gs_snapshot_get_group_run_snapshot(partial, 1));
  g_assert_cmpfloat(
      metric_at(gs_snapshot_get_group_run(partial, 1, NULL, NULL), "test_robust_acc", 2), >=, 0);
  g_assert_nonnull(gs_snapshot_get_group_run_snapshot(partial, 0));

  /* Stopped in its second run: the first finished, the second stopped, no third. */
  g = gs_session_group_new(f, NULL, path, &base, &error);
  g_autofree char *id2 = g_strdup(gs_session_group_get_id(g));
  for (int i = 0; i < 3; i++) g_assert_true(job->step(g, NULL, &error));
  g_assert_false(job->is_finished(g));
  g_assert_cmpfloat(job->progress(g), ==, 0.25);
  job->free(g);
  g_autoptr(GPtrArray) stopped = gs_store_list_group(store, id2, &error);
  g_assert_cmpuint(stopped->len, ==, 2);
  g_assert_cmpint(((GsRunInfo *) stopped->pdata[0])->status, ==, GS_RUN_FINISHED);
  g_assert_cmpint(((GsRunInfo *) stopped->pdata[1])->status, ==, GS_RUN_STOPPED);
  g_assert_true(g_str_has_suffix(((GsRunInfo *) stopped->pdata[1])->name, ": natural"));

  /* A kind without variants has no group. */
  GsExperimentKind plain = gs_robust_kind;
  plain.variants = NULL;
  g_autoptr(GsExperimentFile) pf = gs_experiment_file_copy(f);
  pf->kind = &plain;
  g_assert_null(gs_session_group_new(pf, NULL, NULL, NULL, &error));
  g_assert_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_INVALID);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  gs_experiments_register_builtin();
  tmp_dir = g_dir_make_tmp("gs-test-robust-XXXXXX", NULL);
  cpu = gs_backend_new(GS_BACKEND_CPU, &(gs_backend_options){.threads = 1}, NULL);
  /* Fast checks run in every build (sanitized too); the training runs are the slow suite's
   * (tests/engine/meson.build builds this file twice, with and without ROBUST_SLOW). */
#ifndef ROBUST_SLOW
  g_test_add_func("/robust/attack/balls-and-order", test_attack_balls);
  g_test_add_func("/robust/attack/projection", test_l2_projection);
  g_test_add_func("/robust/data/label-noise", test_label_noise);
  g_test_add_func("/robust/data/missing-or-corrupt", test_missing_data);
  g_test_add_func("/robust/curves-import", test_curves_import);
  g_test_add_func("/robust/run-smoke", test_run_smoke);
  g_test_add_func("/robust/plane/attack-balls", test_plane_attack_balls);
  g_test_add_func("/robust/plane/run", test_plane_run);
  g_test_add_func("/robust/group-run", test_group_run);
  g_test_add_func("/robust/variant-overrides", test_variant_overrides);
#else
  g_test_add_func("/robust/schedule", test_schedule);
  g_test_add_func("/robust/best-checkpoint", test_best_checkpoint);
  g_test_add_func("/robust/reproducible", test_reproducible);
  g_test_add_func("/robust/ablations", test_ablations);
  g_test_add_func("/robust/cnn", test_cnn);
#endif
  int status = g_test_run();
  gs_backend_free(cpu);
  g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp_dir);
  (void) !system(cmd);
  g_free(tmp_dir);
  return status;
}
