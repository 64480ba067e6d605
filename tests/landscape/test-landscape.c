/* test-landscape.c — the discriminator-landscape experiment with fixed seeds: mode coverage of
 * the non-saturating GAN on the 8-Gaussian ring, WGAN-GP gradient norms near 1, every loss and
 * penalty trains without NaN, snapshots have their items, D* for a known pair of Gaussians, the
 * metrics on known answers, and a bad points file refused with its message. Not timed. */
#include <glib.h>
#include <math.h>
#include <glib/gstdio.h>
#include <string.h>

#include "experiments/common/gs-sample-metrics.h"
#include "experiments/landscape/gs-gan2d-metrics.h"
#include "experiments/landscape/gs-landscape.h"
#include "platform/gs-session.h"

/* A session of the landscape kind on the CPU (one thread) with overrides "name=value". */
static GsSession *session_new(guint64 seed, gint64 steps, const char *const *overrides)
{
  g_autoptr(GsExperimentFile) file = gs_experiment_file_new(&gs_landscape_kind);
  file->seed = seed;
  file->steps = steps;
  g_free(file->backend);
  file->backend = g_strdup("cpu");
  for (int i = 0; overrides && overrides[i]; i++) {
    g_auto(GStrv) kv = g_strsplit(overrides[i], "=", 2);
    GError *error = NULL;
    g_assert_true(gs_param_values_parse(file->params, kv[0], kv[1], &error));
    g_assert_no_error(error);
  }
  GError *error = NULL;
  GsSession *s =
      gs_session_new(file, &(GsSessionOptions){.threads = 1, .checkpoint_every = -1}, &error);
  g_assert_no_error(error);
  return s;
}

/* The first step at which all 8 modes are covered (-1: never within max_steps). */
static gint64 steps_to_cover(guint64 seed, gint64 max_steps, const char *const *overrides)
{
  g_autoptr(GsSession) s = session_new(seed, max_steps, overrides);
  GError *error = NULL;
  while (!gs_session_is_finished(s)) {
    g_assert_true(gs_session_step(s, &error));
    double modes;
    if (gs_session_last_metric(s, "modes", &modes) && modes == 8) return gs_session_get_step(s);
  }
  return -1;
}

/* Methods.md §1's check, with the defaults (NS, R1 γ = 0.1, ReLU 64×64, Adam 1e-3 β₁ 0.5,
 * batch 256): all 8 modes covered (≥ 20 of 2,500 samples within 3σ) within 2,500 iterations.
 * Measured for seeds 1–4: 1500, 1250, 2000, 2000 (evaluated every 250 iterations). */
static void test_ring_modes(void)
{
  const char *over[] = {"eval_every=250", NULL};
  for (guint64 seed = 1; seed <= 2; seed++) {
    gint64 at = steps_to_cover(seed, 2500, over);
    g_test_message("seed %" G_GUINT64_FORMAT ": all 8 modes at step %" G_GINT64_FORMAT, seed, at);
    g_assert_cmpint(at, >, 0);
  }
}

static double run_and_average(GsSession *s, const char *metric, gint64 last_n)
{
  GError *error = NULL;
  double sum = 0;
  gint64 n = 0, total = gs_session_get_total(s);
  while (!gs_session_is_finished(s)) {
    g_assert_true(gs_session_step(s, &error));
    g_assert_no_error(error);
    double v;
    if (gs_session_get_step(s) > total - last_n && gs_session_last_metric(s, metric, &v)) {
      sum += v;
      n++;
    }
  }
  g_assert_cmpint(n, >, 0);
  return sum / n;
}

/* WGAN-GP: the mean gradient norm at interpolates settles near 1 (averaged over the last 200 of
 * 1,500 iterations; it starts near 0.1 with the default initialisation). */
static void test_wgan_gp_norm(void)
{
  const char *over[] = {"loss=wgan_gp", "penalty=none",    "dataset=25gaussians",
                        "d_steps=5",    "eval_every=1000", NULL};
  g_autoptr(GsSession) s = session_new(3, 1500, over);
  double norm = run_and_average(s, "gp_norm", 200);
  g_test_message("mean ‖∇f(x̂)‖ over the last 200 iterations: %g", norm);
  g_assert_cmpfloat(fabs(norm - 1), <, 0.15);
}

/* Every loss with every penalty trains 30 iterations without NaN, with live changes. */
static void test_every_loss_and_penalty(void)
{
  const char *losses[] = {"ns", "minimax", "lsgan", "wgan", "wgan_gp", "hinge"};
  const char *penalties[] = {"none", "r1", "r2", "zc_gp", "order2"};
  for (guint l = 0; l < G_N_ELEMENTS(losses); l++)
    for (guint p = 0; p < G_N_ELEMENTS(penalties); p++) {
      g_autofree char *loss = g_strconcat("loss=", losses[l], NULL);
      g_autofree char *pen = g_strconcat("penalty=", penalties[p], NULL);
      const char *act = g_str_equal(penalties[p], "order2") ? "d_activation=softplus" : "grid=16";
      const char *over[] = {loss,
                            pen,
                            act,
                            "batch=64",
                            "d_hidden=16,16",
                            "g_hidden=16",
                            "label_smoothing=0.9",
                            "eval_every=10",
                            NULL};
      g_autoptr(GsSession) s = session_new(5, 30, over);
      GError *error = NULL;
      for (int i = 0; i < 30; i++) {
        if (i == 15) {
          g_assert_true(gs_session_set_live(s, "train", g_variant_new_string("d"), &error));
          g_assert_no_error(error);
        }
        g_assert_true(gs_session_step(s, &error));
        g_assert_no_error(error);
      }
      double d, w22;
      g_assert_true(gs_session_last_metric(s, "d_loss", &d));
      g_assert_true(gs_session_last_metric(s, "w22", &w22));
      if (!isfinite(d) || !isfinite(w22))
        g_error("%s + %s: d_loss %g, w22 %g", losses[l], penalties[p], d, w22);
    }
}

/* A learning rate far too large is caught as divergence with a message, not drawn as NaN. */
static void test_divergence_reported(void)
{
  const char *over[] = {"loss=wgan",       "clip=10",         "d_lr=1",           "g_lr=1",
                        "d_optimizer=sgd", "g_optimizer=sgd", "d_activation=elu", NULL};
  g_autoptr(GsSession) s = session_new(1, 2000, over);
  GError *error = NULL;
  while (!gs_session_is_finished(s) && gs_session_step(s, &error)) {
  }
  g_assert_nonnull(error);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "diverged at step"));
  g_error_free(error);
}

static void test_snapshot_items(void)
{
  const char *over[] = {"grid=40", "noise_dim=1", "dataset=g2", NULL};
  g_autoptr(GsSession) s = session_new(2, 5, over);
  GError *error = NULL;
  g_assert_true(gs_session_step(s, &error));
  g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
  int ndim;
  gint64 shape[4];
  const float *d = gs_snapshot_get_floats(snap, "d_grid", &ndim, shape);
  g_assert_nonnull(d);
  g_assert_cmpint(ndim, ==, 2);
  g_assert_cmpint(shape[0], ==, 40);
  for (int k = 0; k < 40 * 40; k++) g_assert_true(d[k] > 0 && d[k] < 1); /* σ(f) for NS */
  g_assert_nonnull(gs_snapshot_get_floats(snap, "manifold", &ndim, shape));
  g_assert_cmpint(ndim, ==, 2); /* a curve for a 1-D latent */
  g_assert_cmpint(shape[0], ==, 201);
  const char *items[] = {"real", "fake", "fake_grad", "d_grad", "p_grid", "q_grid", "d_small"};
  for (guint i = 0; i < G_N_ELEMENTS(items); i++)
    g_assert_nonnull(gs_snapshot_get_floats(snap, items[i], &ndim, shape));
  double v;
  g_assert_true(gs_snapshot_get_scalar(snap, "has_dstar", &v) && v == 1);
  g_assert_true(gs_snapshot_get_scalar(snap, "decision", &v) && v == 0.5);
}

/* D* = p/(p+q) from a KDE of samples of a known q matches the analytic D* for a pair of
 * Gaussians: p = N((−1, 0), 0.5²I), q = N((1, 0.5), 0.7²I), 200,000 samples of q. */
static double gauss(double x, double y, double mx, double my, double s)
{
  return exp(-((x - mx) * (x - mx) + (y - my) * (y - my)) / (2 * s * s)) / (2 * G_PI * s * s);
}

static void test_dstar_gaussians(void)
{
  enum { N = 200000, R = 96 };
  float *q_pts = g_new(float, 2 * N);
  gs_rng rng = gs_rng_new(11);
  for (int i = 0; i < N; i++) {
    q_pts[2 * i] = (float) (1 + 0.7 * gs_rng_normal(&rng));
    q_pts[2 * i + 1] = (float) (0.5 + 0.7 * gs_rng_normal(&rng));
  }
  const double box[4] = {-4, 4, -4, 4};
  float *q = g_new(float, R *R);
  gs_gan2d_kde_grid(q_pts, N, box, R, q);
  double worst = 0;
  for (int j = 0; j < R; j++)
    for (int i = 0; i < R; i++) {
      double x = box[0] + i * 8.0 / (R - 1), y = box[2] + j * 8.0 / (R - 1);
      double p = gauss(x, y, -1, 0, 0.5), qa = gauss(x, y, 1, 0.5, 0.7);
      if (p + qa < 0.05) continue; /* in the far tails D* is 0/0 and the KDE's bias rules */
      double dstar = p / (p + q[j * R + i]), exact = p / (p + qa);
      worst = MAX(worst, fabs(dstar - exact));
    }
  g_test_message("largest |D*_KDE − D*| where p + q ≥ 0.05: %g", worst);
  g_assert_cmpfloat(worst, <, 0.03);
  g_free(q_pts);
  g_free(q);
}

static void test_metrics_known(void)
{
  enum { N = 100000 };
  float *a = g_new(float, 2 * N), *b = g_new(float, 2 * N), *zero = g_new0(float, 2 * N);
  gs_rng rng = gs_rng_new(4);
  for (int i = 0; i < N; i++) {
    a[2 * i] = (float) (3.5 + 1.25 * gs_rng_normal(&rng));
    a[2 * i + 1] = (float) (3.5 + 1.25 * gs_rng_normal(&rng));
    b[2 * i] = a[2 * i] + 1;
    b[2 * i + 1] = a[2 * i + 1] - 2;
  }
  /* g2 against a generator stuck at the origin: 2·3.5² + 2·1.25² = 27.625 (methods.md §2) */
  g_assert_cmpfloat(fabs(gs_w22_gaussian_f32(a, N, zero, N, 2) - 27.625), <, 0.2);
  /* a shift of (1, −2) with the same covariance: ‖Δμ‖² = 5 exactly */
  g_assert_cmpfloat(fabs(gs_w22_gaussian_f32(a, N, b, N, 2) - 5), <, 1e-3);
  g_assert_cmpfloat(gs_w22_gaussian_f32(a, N, a, N, 2), <, 1e-6);

  double kl, js;
  const double box[4] = {-2, 10, -2, 10};
  gs_gan2d_grid_kl_js(a, N, a, N, box, 30, &kl, &js);
  g_assert_cmpfloat(fabs(kl), <, 1e-12);
  g_assert_cmpfloat(fabs(js), <, 1e-12);
  gs_gan2d_grid_kl_js(a, N, zero, N, box, 30, &kl, &js); /* nearly disjoint: JS → 1 bit */
  g_assert_cmpfloat(js, >, 0.8); /* below 1: ε = 1e-4 in each of 900 bins holds 8% of the mass */
  g_assert_cmpfloat(js, <=, 1);
  g_assert_cmpfloat(kl, >, 5);

  GsToy2dMode modes[3] = {{0, 0, 0.1}, {1, 0, 0.1}, {0, 1, 0.1}};
  float pts[2 * 60];
  for (int i = 0; i < 60; i++) {
    pts[2 * i] = i < 25 ? 0.05f : i < 50 ? 1.0f : 5.0f; /* 25 near mode 0, 25 at mode 1, 10 off */
    pts[2 * i + 1] = 0;
  }
  int covered;
  double hq;
  gs_gan2d_modes(modes, 3, pts, 60, 20, &covered, &hq);
  g_assert_cmpint(covered, ==, 2);
  g_assert_cmpfloat_with_epsilon(hq, 50.0 / 60, 1e-12);
  g_free(a);
  g_free(b);
  g_free(zero);
}

static void test_bad_points_file(void)
{
  g_autofree char *dir = g_dir_make_tmp("landscape-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "bad.csv", NULL);
  g_assert_true(g_file_set_contents(path, "x,y\n0.1,0.2\n0.3;oops\n", -1, NULL));
  g_autoptr(GsExperimentFile) file = gs_experiment_file_new(&gs_landscape_kind);
  GError *error = NULL;
  g_assert_true(gs_param_values_parse(file->params, "dataset", "file", &error));
  g_assert_true(gs_param_values_parse(file->params, "points_file", path, &error));
  GsSession *s = gs_session_new(file, &(GsSessionOptions){.threads = 1}, &error);
  g_assert_null(s);
  g_assert_nonnull(error);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, "line 3, field 2: “oops” is not a number"));
  g_clear_error(&error);
  g_unlink(path);
  g_rmdir(dir);
}

/* Drawn points: saved in the experiment file as text, read back the same, and they are the data
 * (jitter 0: every real sample is one of the three drawn points); bad or empty text refused. */
/* The real samples shown for a run with samples = 5 on the ring: only five distinct points
 * (the fixed set), each of them near one of the ring's modes; with samples = 0 they are all
 * different (fresh draws). */
static guint distinct_real_points(gint64 samples)
{
  g_autoptr(GsExperimentFile) file = gs_experiment_file_new(&gs_landscape_kind);
  g_autofree char *text = g_strdup_printf("%" G_GINT64_FORMAT, samples);
  g_assert_true(gs_param_values_parse(file->params, "dataset", "8gaussians", NULL));
  g_assert_true(gs_param_values_parse(file->params, "samples", text, NULL));
  g_assert_true(gs_param_values_parse(file->params, "grid", "40", NULL));
  g_free(file->backend);
  file->backend = g_strdup("cpu");
  GError *error = NULL;
  g_autoptr(GsSession) s = gs_session_new(file, &(GsSessionOptions){.threads = 1}, &error);
  g_assert_no_error(error);
  g_assert_true(gs_session_step(s, &error));
  g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
  int ndim;
  gint64 shape[4];
  const float *real = gs_snapshot_get_floats(snap, "real", &ndim, shape);
  g_assert_nonnull(real);
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (gint64 i = 0; i < shape[0]; i++) {
    double r = hypot(real[2 * i], real[2 * i + 1]);
    g_assert_cmpfloat(fabs(r - 2), <, 0.2); /* on the ring of radius 2 */
    g_hash_table_add(seen, g_strdup_printf("%a %a", real[2 * i], real[2 * i + 1]));
  }
  g_assert_cmpint(shape[0], >, 20);
  return g_hash_table_size(seen);
}

static void test_fixed_samples(void)
{
  g_assert_cmpuint(distinct_real_points(5), ==, 5);
  g_assert_cmpuint(distinct_real_points(0), >, 20);
}

static void test_drawn_points(void)
{
  const char *drawn = "0.5 0.25, 0.75 0.5; -1 -1.5";
  const float want[][2] = {{0.5f, 0.25f}, {0.75f, 0.5f}, {-1, -1.5f}};
  g_autofree char *dir = g_dir_make_tmp("gs-landscape-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "drawn.ganscape.json", NULL);
  {
    g_autoptr(GsExperimentFile) file = gs_experiment_file_new(&gs_landscape_kind);
    g_assert_true(gs_param_values_parse(file->params, "dataset", "drawn", NULL));
    g_assert_true(gs_param_values_parse(file->params, "drawn_points", drawn, NULL));
    g_assert_true(gs_experiment_file_save(file, path, NULL));
  }
  GError *error = NULL;
  g_autoptr(GsExperimentFile) file = gs_experiment_file_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(gs_param_values_get_string(file->params, "drawn_points"), ==, drawn);
  g_assert_cmpstr(gs_param_values_get_string(file->params, "dataset"), ==, "drawn");
  g_assert_true(gs_param_values_parse(file->params, "grid", "40", NULL));
  g_free(file->backend);
  file->backend = g_strdup("cpu");
  g_autoptr(GsSession) s = gs_session_new(file, &(GsSessionOptions){.threads = 1}, &error);
  g_assert_no_error(error);
  g_assert_true(gs_session_step(s, &error));
  g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
  int ndim;
  gint64 shape[4];
  const float *real = gs_snapshot_get_floats(snap, "real", &ndim, shape);
  g_assert_nonnull(real);
  int hits[3] = {0};
  for (gint64 i = 0; i < shape[0]; i++) {
    int which = -1;
    for (int k = 0; k < 3; k++)
      if (real[2 * i] == want[k][0] && real[2 * i + 1] == want[k][1]) which = k;
    g_assert_cmpint(which, >=, 0);
    hits[which]++;
  }
  for (int k = 0; k < 3; k++) g_assert_cmpint(hits[k], >, 0);

  const char *bad[][2] = {
      {"0.5 0.5, 0.6", "drawn_points: stroke 1, point 2: expected x and y separated by a space"},
      {"0 0; 1 x", "drawn_points: stroke 2, point 1: “x” is not a number"},
      {" ; ", "drawn_points: nothing drawn yet"}};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_true(gs_param_values_parse(file->params, "drawn_points", bad[i][0], NULL));
    GsSession *none = gs_session_new(file, &(GsSessionOptions){.threads = 1}, &error);
    g_assert_null(none);
    g_assert_nonnull(error);
    g_test_message("%s", error->message);
    g_assert_true(g_str_has_prefix(error->message, bad[i][1]));
    g_clear_error(&error);
  }
  g_unlink(path);
  g_rmdir(dir);
}

/* While snapshots stream, D*'s ingredients are computed a stage per snapshot: with the model
 * unchanged in between, what they publish at the end is what one snapshot computes at once,
 * and q and D on the D* grid change together. */
static void test_dstar_stages(void)
{
  const char *const over[] = {"grid=32", NULL};
  g_autoptr(GsSession) staged = session_new(5, 20, over), whole = session_new(5, 20, over);
  GError *error = NULL;
  for (int i = 0; i < 10; i++) g_assert_true(gs_session_step(staged, &error));
  g_object_unref(gs_session_snapshot(staged)); /* alone: D* at step 10 at once */
  for (int i = 0; i < 5; i++) g_assert_true(gs_session_step(staged, &error));
  /* streaming (snapshots under 250 ms apart) past D*'s 500 ms: the next snapshots run stages */
  for (int i = 0; i < 8; i++) {
    g_usleep(110000);
    g_object_unref(gs_session_snapshot(staged));
  }
  for (int i = 0; i < 15; i++) g_assert_true(gs_session_step(whole, &error));
  g_autoptr(GsSnapshot) want = gs_session_snapshot(whole);
  const char *names[] = {"q_grid", "d_small"};
  /* the refresh fell due by the 5th of those 8 snapshots: all four stages ran */
  g_autoptr(GsSnapshot) got = gs_session_snapshot(staged);
  for (int n = 0; n < 2; n++) {
    int nd_a, nd_b;
    gint64 sh_a[4], sh_b[4];
    const float *a = gs_snapshot_get_floats(got, names[n], &nd_a, sh_a);
    const float *b = gs_snapshot_get_floats(want, names[n], &nd_b, sh_b);
    g_assert_cmpint(nd_a, ==, 2);
    g_assert_cmpint(sh_a[0] * sh_a[1], ==, sh_b[0] * sh_b[1]);
    g_assert_cmpmem(a, sizeof(float) * sh_a[0] * sh_a[1], b, sizeof(float) * sh_b[0] * sh_b[1]);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  gs_experiments_register_builtin();
  g_test_add_func("/landscape/training/ring-modes", test_ring_modes);
  g_test_add_func("/landscape/training/wgan-gp-norm", test_wgan_gp_norm);
  g_test_add_func("/landscape/every-loss-and-penalty", test_every_loss_and_penalty);
  g_test_add_func("/landscape/divergence-reported", test_divergence_reported);
  g_test_add_func("/landscape/snapshot-items", test_snapshot_items);
  g_test_add_func("/landscape/dstar-gaussians", test_dstar_gaussians);
  g_test_add_func("/landscape/metrics-known", test_metrics_known);
  g_test_add_func("/landscape/bad-points-file", test_bad_points_file);
  g_test_add_func("/landscape/drawn-points", test_drawn_points);
  g_test_add_func("/landscape/fixed-samples", test_fixed_samples);
  g_test_add_func("/landscape/dstar-stages", test_dstar_stages);
  return g_test_run();
}
