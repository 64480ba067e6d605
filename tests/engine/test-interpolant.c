/* test-interpolant.c — the interpolant kind: its distance metrics against known answers, a live
 * change of m redrawing the critic on the same batches, bit-exact resumption, the same metrics
 * on the Vulkan backend as on the CPU; and, built as
 * test-interpolant-slow (suite 'slow', -DINTERPOLANT_SLOW), the official g2 check (the official
 * generator's starting distribution, W2² falling below 0.1 with the closed-form log-kernel
 * critic), every critic running on the same data and seed, and Fashion-MNIST in pixel space. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "experiments/common/gs-sample-metrics.h"
#include "experiments/interpolant/gs-interpolant.h"
#include "platform/gs-session-group.h"
#include "platform/gs-session.h"

G_GNUC_UNUSED static void test_metrics_known(void)
{
  GRand *r = g_rand_new_with_seed(2);
  double a[200 * 3], b[200 * 3];
  for (int i = 0; i < 600; i++) a[i] = g_rand_double_range(r, -1, 1);
  /* identical sets: both distances 0 */
  g_assert_cmpfloat(fabs(gs_w22_gaussian(a, 200, a, 200, 3)), <, 1e-10);
  g_assert_cmpfloat(gs_energy_distance(a, 200, a, 200, 3), <, 1e-12);
  /* a shift δ leaves the covariance: W2² = ‖δ‖² */
  const double delta[3] = {0.5, -1, 2};
  for (int i = 0; i < 200; i++)
    for (int d = 0; d < 3; d++) b[i * 3 + d] = a[i * 3 + d] + delta[d];
  g_assert_cmpfloat_with_epsilon(gs_w22_gaussian(a, 200, b, 200, 3), 5.25, 1e-9);
  /* a scale s in 1-D: (μa − μb)² + (σa − σb)² */
  double mu = 0, var = 0;
  for (int i = 0; i < 200; i++) mu += a[i] / 200;
  for (int i = 0; i < 200; i++) var += (a[i] - mu) * (a[i] - mu) / 199;
  for (int i = 0; i < 200; i++) b[i] = 3 * a[i] + 1;
  double want = pow(2 * mu + 1, 2) + pow(2 * sqrt(var), 2);
  g_assert_cmpfloat_with_epsilon(gs_w22_gaussian(a, 200, b, 200, 1), want, 1e-9);
  /* energy distance of two single points 1 apart: 2·1 − 0 − 0 */
  double p0 = 0, p1 = 1;
  g_assert_cmpfloat_with_epsilon(gs_energy_distance(&p0, 1, &p1, 1, 1), 2, 1e-15);
  g_assert_true(isnan(gs_w22_gaussian(a, 1, b, 200, 1)));
  g_rand_free(r);
}

static GsExperimentFile *interp_file(guint64 seed, gint64 steps)
{
  GsExperimentFile *f = gs_experiment_file_new(&gs_interpolant_kind);
  f->seed = seed;
  f->steps = steps;
  g_free(f->backend);
  f->backend = g_strdup("cpu");
  return f;
}

/* methods.md §2: real N((3.5, 3.5), 1.25² I), batch 500, Adam lr 0.01, m = 1 (log kernel).
 * Seed 1, 300 generator steps; W2² between the batches is logged at step 1 and every 10 steps.
 * It starts at 21.4 for this seed (the official initialiser's start is 25.8 ± 4.5 over seeds, see
 * /interpolant/g2-initial-generator) and is below 0.1 from step 30 on, up to the noise of two
 * batches of 500 (single evaluations reach 0.2), so the check is on the median of the
 * evaluations of steps 200 … 300. */
G_GNUC_UNUSED static void test_g2_official(void)
{
  g_autoptr(GsExperimentFile) f = interp_file(1, 300);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsSession) s = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
  g_assert_no_error(error);
  while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
  g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
  GsMetricView *mv = gs_snapshot_get_metrics(snap);
  int k = gs_metric_view_find(mv, "w22");
  g_assert_cmpint(k, >=, 0);
  GsMetricRow first = gs_metric_view_row(mv, (guint) k, 0);
  g_assert_cmpint(first.step, ==, 1);
  g_assert_cmpfloat(first.value, >, 15);
  double late[16];
  int n_late = 0;
  for (gsize i = 0; i < gs_metric_view_length(mv, (guint) k); i++) {
    GsMetricRow row = gs_metric_view_row(mv, (guint) k, i);
    if (row.step >= 200 && n_late < 16) late[n_late++] = row.value;
  }
  g_assert_cmpint(n_late, ==, 11);
  for (int i = 0; i < n_late; i++) /* insertion sort for the median */
    for (int j = i; j > 0 && late[j] < late[j - 1]; j--) {
      double t = late[j];
      late[j] = late[j - 1], late[j - 1] = t;
    }
  g_test_message("g2: W22 %.3f at step 1, median %.4f over steps 200…300", first.value,
                 late[n_late / 2]);
  g_assert_cmpfloat(late[n_late / 2], <, 0.1);
}

/* The official g2 generator's starting point (DarthSid95/PolyGANs, arch/arch_RBF/arch_g2.py):
 * Glorot-uniform kernels, zero biases in the first two layers, none in the last two, Keras'
 * LeakyReLU slope 0.3, z ~ N(0, I_100). Its first outputs are not at 0, so W2² at step 1 is not a
 * fixed 27.6 (that is W2² against a point mass at the origin: 24.5 + 3.125) but depends on the
 * draw of the weights. tools/interpolant-g2-init.py draws that distribution in PyTorch for 1,000
 * seeds: the per-coordinate standard deviation of the first outputs averages 0.628 (sd 0.096
 * over seeds), W2² at step 1 averages 25.8 (sd 4.5). Over 40 seeds ours must agree within three
 * standard errors; PyTorch's default initialiser (U(±1/√fan_in), biases) gives 0.036 and 27.5. */
G_GNUC_UNUSED static void test_g2_initial_generator(void)
{
  enum { SEEDS = 40 };
  double sum_sd = 0, sum_w22 = 0;
  for (guint64 seed = 1; seed <= SEEDS; seed++) {
    g_autoptr(GsExperimentFile) f = interp_file(seed, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(GsSession) s = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
    g_assert_no_error(error);
    g_assert_true(gs_session_step(s, &error));
    double w;
    g_assert_true(gs_session_last_metric(s, "w22", &w));
    sum_w22 += w;
    /* the snapshot holds the batch of step 1: the initial generator's outputs */
    g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
    int nd;
    gint64 shape[4];
    const float *fake = gs_snapshot_get_floats(snap, "fake", &nd, shape);
    g_assert_nonnull(fake);
    g_assert_cmpint(shape[0], ==, 500);
    for (int d = 0; d < 2; d++) {
      double mu = 0, var = 0;
      for (int i = 0; i < 500; i++) mu += fake[2 * i + d] / 500;
      for (int i = 0; i < 500; i++) var += pow(fake[2 * i + d] - mu, 2) / 499;
      sum_sd += sqrt(var) / 2;
    }
  }
  double sd = sum_sd / SEEDS, w22 = sum_w22 / SEEDS;
  g_test_message("g2 initial generator over %d seeds: output sd %.4f, W22 at step 1 %.3f", SEEDS,
                 sd, w22);
  g_assert_cmpfloat(fabs(sd - 0.628), <, 3 * 0.096 / sqrt(SEEDS));
  g_assert_cmpfloat(fabs(w22 - 25.8), <, 3 * 4.5 / sqrt(SEEDS));
}

/* Every critic takes steps on the same data and seed with finite metrics, and (n = 2) draws
 * its landscape. */
G_GNUC_UNUSED static void test_every_critic(void)
{
  const char *critics[] = {"poly-wgan", "poly-lsgan", "gmmn", "wgan-gp", "wgan-lp",
                           "r1",        "r2",         "clip", "order-m"};
  for (guint c = 0; c < G_N_ELEMENTS(critics); c++) {
    g_autoptr(GsExperimentFile) f = interp_file(3, 10);
    g_autoptr(GError) error = NULL;
    g_assert_true(gs_param_values_parse(f->params, "critic", critics[c], &error));
    g_assert_true(gs_param_values_parse(f->params, "batch", "64", &error));
    g_assert_true(gs_param_values_parse(f->params, "grid", "32", &error));
    g_assert_true(gs_param_values_parse(f->params, "d_steps", "2", &error));
    if (g_str_equal(critics[c], "order-m")) gs_param_values_parse(f->params, "m", "2", &error);
    g_autoptr(GsSession) s = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
    g_assert_no_error(error);
    while (!gs_session_is_finished(s))
      if (!gs_session_step(s, &error)) g_error("%s: %s", critics[c], error->message);
    double w;
    g_assert_true(gs_session_last_metric(s, "w22", &w));
    g_assert_true(isfinite(w));
    g_assert_true(gs_session_last_metric(s, "g_loss", &w));
    g_assert_true(isfinite(w));
    g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
    int nd;
    gint64 shape[4];
    const float *grid = gs_snapshot_get_floats(snap, "d_grid", &nd, shape);
    g_assert_nonnull(grid);
    g_assert_cmpint(shape[0], ==, 32);
    for (int i = 0; i < 32 * 32; i++) g_assert_true(isfinite(grid[i]));
    g_assert_nonnull(gs_snapshot_get_floats(snap, "grad_field", &nd, shape));
    g_assert_nonnull(gs_snapshot_get_floats(snap, "d_centres", &nd, shape));
    g_assert_cmpint(shape[0], ==, 128);
    if (g_str_equal(critics[c], "order-m"))
      g_assert_nonnull(gs_snapshot_get_floats(snap, "d_grid_closed", &nd, shape));
  }
}

/* A live change of m re-centres the critic on the same batches: the landscape changes, the
 * batches do not. */
G_GNUC_UNUSED static void test_live_m(void)
{
  g_autoptr(GsExperimentFile) f = interp_file(5, 10);
  g_autoptr(GError) error = NULL;
  gs_param_values_parse(f->params, "batch", "64", &error);
  gs_param_values_parse(f->params, "grid", "16", &error);
  g_autoptr(GsSession) s = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
  for (int i = 0; i < 3; i++) g_assert_true(gs_session_step(s, &error));
  g_autoptr(GsSnapshot) a = gs_session_snapshot(s);
  g_assert_true(gs_session_set_live(s, "m", g_variant_new_int64(2), &error));
  g_assert_no_error(error);
  g_autoptr(GsSnapshot) b = gs_session_snapshot(s);
  int nd;
  gint64 shape[4];
  const float *ga = gs_snapshot_get_floats(a, "d_grid", &nd, shape);
  const float *gb = gs_snapshot_get_floats(b, "d_grid", &nd, shape);
  g_assert_cmpmem(gs_snapshot_get_floats(a, "fake", &nd, shape), 64 * 2 * sizeof(float),
                  gs_snapshot_get_floats(b, "fake", &nd, shape), 64 * 2 * sizeof(float));
  g_assert_false(memcmp(ga, gb, 16 * 16 * sizeof(float)) == 0);
  double k;
  g_assert_true(gs_snapshot_get_scalar(b, "k", &k));
  g_assert_cmpfloat(k, ==, 2); /* r² log r */
}

/* The Green's-constant option scales the push on the generator by |C| and never turns it; Adam
 * is invariant to a constant positive scale of the gradient (up to its ε), so a few steps at
 * n = 2, m = 2 (where the theory's literal sign disagrees with the official rule) follow the same
 * path with and without the option. The old rule ("maximise D*") gave W2² 173 instead of 2.4. */
G_GNUC_UNUSED static void test_green_same_path(void)
{
  double w22[2], energy[2];
  for (int green = 0; green < 2; green++) {
    g_autoptr(GsExperimentFile) f = interp_file(4, 6);
    g_autoptr(GError) error = NULL;
    gs_param_values_parse(f->params, "batch", "64", &error);
    gs_param_values_parse(f->params, "m", "2", &error);
    gs_param_values_parse(f->params, "eval_every", "1", &error);
    gs_param_values_parse(f->params, "green", green ? "true" : "false", &error);
    /* the power-of-ten normaliser rounds each side differently, so the ratio of the two
     * gradients would change from step to step; without it the ratio is |C| throughout */
    gs_param_values_parse(f->params, "normalise", "false", &error);
    g_assert_no_error(error);
    g_autoptr(GsSession) s = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
    g_assert_no_error(error);
    while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
    g_assert_true(gs_session_last_metric(s, "w22", &w22[green]));
    g_assert_true(gs_session_last_metric(s, "energy", &energy[green]));
  }
  g_test_message("m = 2: W22 after 6 steps %.6g (official) %.6g (exact constants)", w22[0], w22[1]);
  g_assert_cmpfloat(fabs(w22[1] - w22[0]), <, 1e-3 * w22[0]);
  g_assert_cmpfloat(fabs(energy[1] - energy[0]), <, 1e-3 * energy[0]);
}

/* The trained order-m critic beyond m = 2: m = 3 and 4 train at n = 2 (a tanh MLP, the
 * penalty through gs_gan_order_m_sq_mean, checked against closed forms and finite differences in
 * test-gan-common) and the closed-form critic is drawn beside it; m = 5 at n = 2, or m = 3 at
 * n = 3, is refused at start and as a live change with a message saying where it exists. */
G_GNUC_UNUSED static void test_order_m_range(void)
{
  for (int m = 3; m <= 4; m++) {
    g_autoptr(GsExperimentFile) f = interp_file(7, 2);
    g_autoptr(GError) error = NULL;
    gs_param_values_parse(f->params, "critic", "order-m", &error);
    g_autofree char *mt = g_strdup_printf("%d", m);
    gs_param_values_parse(f->params, "m", mt, &error);
    gs_param_values_parse(f->params, "batch", "16", &error);
    gs_param_values_parse(f->params, "grid", "16", &error);
    gs_param_values_parse(f->params, "d_steps", "1", &error);
    g_assert_no_error(error);
    g_autoptr(GsSession) s = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
    g_assert_no_error(error);
    while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
    double w;
    g_assert_true(gs_session_last_metric(s, "g_loss", &w));
    g_assert_true(isfinite(w));
    g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
    int nd;
    gint64 shape[4];
    g_assert_nonnull(gs_snapshot_get_floats(snap, "d_grid_closed", &nd, shape));
    if (m == 4) {
      g_assert_false(gs_session_set_live(s, "m", g_variant_new_int64(5), &error));
      g_assert_nonnull(strstr(error->message, "m ≤ 4"));
    }
  }
  g_autoptr(GsExperimentFile) f = interp_file(7, 2);
  g_autoptr(GError) error = NULL;
  gs_param_values_parse(f->params, "critic", "order-m", &error);
  gs_param_values_parse(f->params, "data", "gauss", &error);
  gs_param_values_parse(f->params, "dim", "3", &error);
  gs_param_values_parse(f->params, "m", "3", &error);
  g_assert_no_error(error);
  g_assert_null(gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error));
  g_assert_nonnull(
      strstr(error->message, "n = 3 dimensions a trained order-m critic exists for m ≤ 2"));
}

/* Fashion-MNIST in pixel space (n = 784, m = 392: log r), a few steps, and a missing folder
 * refused with the file's name. */
G_GNUC_UNUSED static void test_fashion_mnist(void)
{
  const char *dir = "/usr/share/datasets/fashion-mnist";
  g_autofree char *path = g_build_filename(dir, "train-images-idx3-ubyte.gz", NULL);
  g_autoptr(GError) error = NULL;
  {
    g_autoptr(GsExperimentFile) f = interp_file(2, 10);
    gs_param_values_parse(f->params, "data", "fashion-mnist", &error);
    gs_param_values_parse(f->params, "data_dir", "/nonexistent/fmnist", &error);
    g_assert_no_error(error);
    g_assert_null(gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error));
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, "/nonexistent/fmnist"));
    g_clear_error(&error);
  }
  if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_test_skip("Fashion-MNIST is not installed (dataset-fashion-mnist)");
    return;
  }
  g_autoptr(GsExperimentFile) f = interp_file(2, 10);
  gs_param_values_parse(f->params, "data", "fashion-mnist", &error);
  gs_param_values_parse(f->params, "m", "392", &error);
  gs_param_values_parse(f->params, "batch", "16", &error);
  gs_param_values_parse(f->params, "g_widths", "32", &error);
  g_assert_no_error(error);
  g_autoptr(GsSession) s = gs_session_new(f, &(GsSessionOptions){.threads = 1}, &error);
  g_assert_no_error(error);
  while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
  double w;
  g_assert_true(gs_session_last_metric(s, "energy", &w));
  g_assert_true(isfinite(w) && w > 0);
  g_assert_true(gs_session_last_metric(s, "w22", &w));
  g_assert_true(isfinite(w) && w > 0);
  g_autoptr(GsSnapshot) snap = gs_session_snapshot(s);
  int nd;
  gint64 shape[4];
  const float *images = gs_snapshot_get_floats(snap, "images", &nd, shape);
  g_assert_nonnull(images);
  g_assert_cmpint(nd, ==, 3);
  g_assert_cmpint(shape[1], ==, 28);
  /* the real half holds pixels in [0, 1] */
  for (gint64 i = 16 * 784; i < 32 * 784; i++) g_assert_true(images[i] >= 0 && images[i] <= 1);
}

/* The contract: the same seed gives bit-identical metrics, and a run resumed from a checkpoint
 * continues exactly (networks, both Adams, the random stream), for a closed-form and a trained
 * critic. */
G_GNUC_UNUSED static void test_resume_exact(void)
{
  const char *critics[] = {"poly-wgan", "wgan-gp", "poly-lsgan"};
  g_autofree char *dir = g_dir_make_tmp("gs-interp-XXXXXX", NULL);
  for (guint c = 0; c < G_N_ELEMENTS(critics); c++) {
    g_autofree char *path = g_strdup_printf("%s/%s.sqlite", dir, critics[c]);
    g_autoptr(GError) error = NULL;
    g_autoptr(GsStore) store = gs_store_open(path, &error);
    g_assert_no_error(error);
    g_autoptr(GsExperimentFile) f = interp_file(9, 20);
    gs_param_values_parse(f->params, "critic", critics[c], &error);
    gs_param_values_parse(f->params, "batch", "32", &error);
    gs_param_values_parse(f->params, "eval_every", "3", &error);
    g_assert_no_error(error);
    GsSessionOptions o = {.store = store, .checkpoint_every = 10, .threads = 1};
    gint64 original;
    {
      g_autoptr(GsSession) s = gs_session_new(f, &o, &error);
      g_assert_no_error(error);
      while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
      g_assert_true(gs_session_finish(s, GS_RUN_FINISHED, NULL, &error));
      original = gs_session_get_run_id(s);
    }
    g_autoptr(GsSession) r = gs_session_resume(store, original, 10, &o, &error);
    g_assert_no_error(error);
    while (!gs_session_is_finished(r)) g_assert_true(gs_session_step(r, &error));
    g_assert_true(gs_session_finish(r, GS_RUN_FINISHED, NULL, &error));
    g_autoptr(GsMetricView) ma = gs_store_load_metrics(store, original, NULL);
    g_autoptr(GsMetricView) mb = gs_store_load_metrics(store, gs_session_get_run_id(r), NULL);
    int compared = 0;
    for (guint i = 0; i < gs_metric_view_n_series(ma); i++) {
      int j = gs_metric_view_find(mb, gs_metric_view_name(ma, i));
      g_assert_cmpint(j, >=, 0);
      gsize k2 = 0;
      for (gsize k = 0; k < gs_metric_view_length(ma, i); k++) {
        GsMetricRow a = gs_metric_view_row(ma, i, k);
        if (a.step <= 10) continue;
        GsMetricRow b = gs_metric_view_row(mb, (guint) j, k2++);
        g_assert_cmpint(a.step, ==, b.step);
        if (memcmp(&a.value, &b.value, sizeof(double)) != 0)
          g_error("%s: %s at step %" G_GINT64_FORMAT ": %.17g resumed, %.17g originally",
                  critics[c], gs_metric_view_name(ma, i), a.step, b.value, a.value);
        compared++;
      }
    }
    g_assert_cmpint(compared, >, 20);
  }
}

/* "Compare with baselines" (the kind's variants as one group job, as the window runs it): six
 * runs in order — Poly-WGAN at m = 1, 2, 3, WGAN-GP, R1, GMMN — on the same data and seed, one
 * group id in the store; the snapshot of the last carries every run of the group with its W2²
 * curve (what the distances view overlays), the stored runs' snapshots too. */
G_GNUC_UNUSED static void test_group_compare(void)
{
  g_autofree char *dir = g_dir_make_tmp("gs-interp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "group.sqlite", NULL);
  g_autoptr(GsExperimentFile) f = interp_file(6, 3);
  g_autoptr(GError) error = NULL;
  gs_param_values_parse(f->params, "batch", "32", &error);
  gs_param_values_parse(f->params, "grid", "16", &error);
  gs_param_values_parse(f->params, "d_steps", "1", &error);
  gs_param_values_parse(f->params, "eval_every", "1", &error);
  g_assert_no_error(error);
  GsSessionOptions base = {.threads = 1};
  GsSessionGroup *g = gs_session_group_new(f, "cmp", path, &base, &error);
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
  g_assert_cmpint(steps, ==, 18);
  const char *labels[] = {"Poly-WGAN, m = 1", "Poly-WGAN, m = 2", "Poly-WGAN, m = 3",
                          "WGAN-GP",          "R1 penalty",       "GMMN"};
  g_autoptr(GObject) last = job->snapshot(g);
  GsSnapshot *snap = GS_SNAPSHOT(last);
  g_assert_cmpuint(gs_snapshot_get_n_group_runs(snap), ==, 6);
  for (guint r = 0; r < 6; r++) {
    const char *label, *key;
    GsMetricView *m = gs_snapshot_get_group_run(snap, r, &label, &key);
    g_assert_cmpstr(label, ==, labels[r]);
    g_assert_true((r == 5) == (m == gs_snapshot_get_metrics(snap)));
    int k = gs_metric_view_find(m, "w22");
    g_assert_cmpint(k, >=, 0);
    g_assert_cmpuint(gs_metric_view_length(m, (guint) k), ==, 3);
  }
  job->free(g);

  g_autoptr(GsStore) store = gs_store_open(path, &error);
  g_assert_no_error(error);
  g_autoptr(GPtrArray) runs = gs_store_list_group(store, id, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(runs->len, ==, 6);
  const char *critics[] = {"poly-wgan", "poly-wgan", "poly-wgan", "wgan-gp", "r1", "gmmn"};
  for (guint i = 0; i < runs->len; i++) {
    GsRunInfo *r = runs->pdata[i];
    g_assert_cmpint(r->status, ==, GS_RUN_FINISHED);
    g_assert_cmpuint(r->seed, ==, 6);
    g_autoptr(GsExperimentFile) rf = gs_experiment_file_from_run(
        r->kind, r->params, r->seed, r->backend, r->steps, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(gs_param_values_get_string(rf->params, "critic"), ==, critics[i]);
    if (i < 3) g_assert_cmpint(gs_param_values_get_int(rf->params, "m"), ==, i + 1);
    g_assert_cmpint(gs_param_values_get_int(rf->params, "batch"), ==, 32);
  }
  g_autoptr(GsSnapshot) stored =
      gs_session_snapshot_of_run(store, ((GsRunInfo *) runs->pdata[1])->id, -1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(gs_snapshot_get_n_group_runs(stored), ==, 6);
  const char *label, *key;
  gs_snapshot_get_group_run(stored, 4, &label, &key);
  g_assert_cmpstr(label, ==, "R1 penalty");
  gs_store_close(g_steal_pointer(&store));
  g_unlink(path);
  g_rmdir(dir);
}

/* Run `steps` steps of `critic` on a backend into store; returns the run id. */
static gint64 run_on(GsStore *store, const char *backend, const char *critic, gint64 steps)
{
  g_autoptr(GsExperimentFile) f = interp_file(3, steps);
  g_free(f->backend);
  f->backend = g_strdup(backend);
  g_autoptr(GError) error = NULL;
  gs_param_values_parse(f->params, "critic", critic, &error);
  gs_param_values_parse(f->params, "batch", "48", &error);
  gs_param_values_parse(f->params, "eval_every", "2", &error);
  g_assert_no_error(error);
  GsSessionOptions o = {.store = store, .threads = 1};
  g_autoptr(GsSession) s = gs_session_new(f, &o, &error);
  g_assert_no_error(error);
  while (!gs_session_is_finished(s)) g_assert_true(gs_session_step(s, &error));
  g_assert_true(gs_session_finish(s, GS_RUN_FINISHED, NULL, &error));
  return gs_session_get_run_id(s);
}

/* The kind on the Vulkan backend (lavapipe allowed) records the same metrics as on the CPU for
 * a few steps: the closed-form critics (Poly-WGAN, Poly-LSGAN), GMMN and a trained one. The
 * backends sum in different orders, so values agree to 1e-3 relative, not bit for bit. */
G_GNUC_UNUSED static void test_vulkan_same(void)
{
  char why[256];
  g_setenv("GANSCAPE_VULKAN_ALLOW_CPU", "1", TRUE);
  gs_backend_options o = {.device_index = -1, .allow_cpu_device = true};
  if (!gs_vulkan_available(&o, why, sizeof why)) {
    g_test_skip_printf("skipped: no Vulkan device (%s)", why);
    return;
  }
  const char *critics[] = {"poly-wgan", "poly-lsgan", "gmmn", "wgan-gp"};
  g_autofree char *dir = g_dir_make_tmp("gs-interp-vk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "runs.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsStore) store = gs_store_open(path, &error);
  g_assert_no_error(error);
  for (guint c = 0; c < G_N_ELEMENTS(critics); c++) {
    gint64 on_cpu = run_on(store, "cpu", critics[c], 5),
           on_vk = run_on(store, "vulkan", critics[c], 5);
    g_autoptr(GsMetricView) ma = gs_store_load_metrics(store, on_cpu, NULL);
    g_autoptr(GsMetricView) mb = gs_store_load_metrics(store, on_vk, NULL);
    g_assert_cmpuint(gs_metric_view_n_series(ma), ==, gs_metric_view_n_series(mb));
    int compared = 0;
    for (guint i = 0; i < gs_metric_view_n_series(ma); i++) {
      const char *name = gs_metric_view_name(ma, i);
      int j = gs_metric_view_find(mb, name);
      g_assert_cmpint(j, >=, 0);
      g_assert_cmpuint(gs_metric_view_length(ma, i), ==, gs_metric_view_length(mb, (guint) j));
      for (gsize k = 0; k < gs_metric_view_length(ma, i); k++) {
        GsMetricRow a = gs_metric_view_row(ma, i, k), b = gs_metric_view_row(mb, (guint) j, k);
        g_assert_cmpint(a.step, ==, b.step);
        g_assert_true(isfinite(a.value) && isfinite(b.value));
        double tol = 1e-3 * fmax(1.0, fabs(a.value));
        if (g_test_verbose())
          g_test_message("%s %s step %" G_GINT64_FORMAT ": cpu %.9g vulkan %.9g", critics[c], name,
                         a.step, a.value, b.value);
        if (!(fabs(a.value - b.value) <= tol))
          g_error("%s: %s at step %" G_GINT64_FORMAT ": cpu %.9g, vulkan %.9g", critics[c], name,
                  a.step, a.value, b.value);
        compared++;
      }
    }
    g_assert_cmpint(compared, >=, 10);
  }
  gs_store_close(g_steal_pointer(&store));
  g_unlink(path);
  g_rmdir(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  gs_experiments_register_builtin();
#ifdef INTERPOLANT_SLOW
  g_test_add_func("/interpolant/g2-official", test_g2_official);
  g_test_add_func("/interpolant/g2-initial-generator", test_g2_initial_generator);
  g_test_add_func("/interpolant/every-critic", test_every_critic);
  g_test_add_func("/interpolant/fashion-mnist", test_fashion_mnist);
#else
  g_test_add_func("/interpolant/metrics-known", test_metrics_known);
  g_test_add_func("/interpolant/live-m", test_live_m);
  g_test_add_func("/interpolant/green-same-path", test_green_same_path);
  g_test_add_func("/interpolant/resume-exact", test_resume_exact);
  g_test_add_func("/interpolant/group-compare", test_group_compare);
  g_test_add_func("/interpolant/order-m-range", test_order_m_range);
  g_test_add_func("/interpolant/vulkan-same", test_vulkan_same);
#endif
  return g_test_run();
}
