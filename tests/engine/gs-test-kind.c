/* gs-test-kind.c — the synthetic experiment kind of the platform tests. */
#include <math.h>
#include <string.h>

#include "gs-compute.h"
#include "gs-test-kind.h"
#include "platform/gs-checkpoint.h"

static const GsParamChoice act_choices[] = {
    {"tanh", "tanh"}, {"relu", "ReLU"}, {"silu", "SiLU"}, {NULL, NULL}};
static const GsParamChoice optim_choices[] = {{"sgd", "SGD"}, {"rmsprop", "RMSProp"}, {NULL, NULL}};

static const GsParamSpec schema[] = {
    {.name = "lr",
     .type = GS_PARAM_DOUBLE,
     .label = "Learning rate",
     .group = "Training",
     .min = 1e-6,
     .max = 1,
     .def = 0.05,
     .log_scale = TRUE,
     .live = TRUE,
     .help = "Step size of the optimizer"},
    {.name = "optimizer",
     .type = GS_PARAM_CHOICE,
     .label = "Optimizer",
     .group = "Training",
     .choices = optim_choices,
     .def_text = "sgd"},
    {.name = "momentum",
     .type = GS_PARAM_DOUBLE,
     .label = "Momentum",
     .group = "Training",
     .min = 0,
     .max = 0.99,
     .def = 0.9,
     .relevant_if = "optimizer=sgd"},
    {.name = "batch",
     .type = GS_PARAM_INT,
     .label = "Batch size",
     .group = "Training",
     .min = 1,
     .max = 4096,
     .def = 32,
     .unit = "samples"},
    {.name = "hidden",
     .type = GS_PARAM_INT_LIST,
     .label = "Hidden layers",
     .group = "Model",
     .min = 1,
     .max = 256,
     .min_len = 0,
     .max_len = 4,
     .def_text = "16,16"},
    {.name = "activation",
     .type = GS_PARAM_CHOICE,
     .label = "Activation",
     .group = "Model",
     .choices = act_choices,
     .def_text = "tanh"},
    {.name = "bias", .type = GS_PARAM_BOOL, .label = "Biases", .group = "Model", .def = 1},
    {.name = "noise",
     .type = GS_PARAM_DOUBLE,
     .label = "Label noise",
     .group = "Data",
     .min = 0,
     .max = 1,
     .def = 0.05,
     .live = TRUE},
    {.name = "grid",
     .type = GS_PARAM_INT,
     .label = "Grid points",
     .group = "View",
     .min = 2,
     .max = 512,
     .def = 64,
     .unit = "points",
     .live = TRUE},
    {.name = "label",
     .type = GS_PARAM_STRING,
     .label = "Label",
     .group = "Data",
     .max_len = 40,
     .def_text = ""},
    {.name = "points_file",
     .type = GS_PARAM_PATH,
     .label = "Extra points",
     .group = "Data",
     .patterns = "*.csv",
     .def_text = ""},
    {.name = "fail_at",
     .type = GS_PARAM_INT,
     .label = "Fail at step",
     .group = "Testing",
     .min = 0,
     .max = 1000000000,
     .def = 0,
     .help = "0: never"},
    {.name = "sleep_us",
     .type = GS_PARAM_INT,
     .label = "Sleep per step",
     .group = "Testing",
     .min = 0,
     .max = 1000000,
     .def = 0,
     .unit = "µs",
     .live = TRUE},
    {NULL}};

typedef struct {
  gs_ctx *model, *work;
  gs_rng rng;
  gs_mlp *mlp;
  gs_optim *optim;
  gs_params params;     /* the weights */
  gs_params everything; /* weights and optimizer state, for checkpoints */
  double lr, noise;
  gint64 batch, grid, fail_at, sleep_us;
} TestState;

static double target(double x)
{
  return 0.5 * x * x - 0.3 + 0.2 * x;
}

static gpointer test_init(const GsParamValues *p, guint64 seed, gs_backend *backend,
                          gint64 total_steps, GError **error)
{
  TestState *s = g_new0(TestState, 1);
  s->model = gs_ctx_new(backend);
  s->work = gs_ctx_new(backend);
  s->rng = gs_rng_new(seed);
  guint n_hidden;
  const gint64 *hidden = gs_param_values_get_int_list(p, "hidden", &n_hidden);
  int64_t widths[8] = {1};
  for (guint i = 0; i < n_hidden; i++) widths[i + 1] = hidden[i];
  widths[n_hidden + 1] = 1;
  gs_act act = GS_ACT_TANH;
  gs_act_from_name(gs_param_values_get_string(p, "activation"), &act);
  gs_rng init_rng = gs_rng_fork(&s->rng, 1);
  s->mlp = gs_mlp_new(s->model, &init_rng, n_hidden + 2, widths,
                      &(gs_mlp_config){.hidden = act,
                                       .output = GS_ACT_NONE,
                                       .bias = gs_param_values_get_bool(p, "bias"),
                                       .init = GS_INIT_GLOROT_UNIFORM});
  gs_mlp_collect(s->mlp, "f.", &s->params);
  for (int i = 0; i < s->params.n; i++) gs_set_requires_grad(s->params.tensors[i], true);
  gs_optim_kind ok = GS_OPTIM_SGD;
  gs_optim_kind_from_name(gs_param_values_get_string(p, "optimizer"), &ok);
  gs_optim_config oc = gs_optim_config_default(ok);
  oc.momentum = gs_param_values_get_double(p, "momentum");
  s->optim = gs_optim_new(s->model, &oc, &s->params);
  for (int i = 0; i < s->params.n; i++)
    gs_params_add(&s->everything, s->params.names[i], s->params.tensors[i]);
  const gs_params *st = gs_optim_state(s->optim);
  for (int i = 0; i < st->n; i++) gs_params_add(&s->everything, st->names[i], st->tensors[i]);
  s->lr = gs_param_values_get_double(p, "lr");
  s->noise = gs_param_values_get_double(p, "noise");
  s->batch = gs_param_values_get_int(p, "batch");
  s->grid = gs_param_values_get_int(p, "grid");
  s->fail_at = gs_param_values_get_int(p, "fail_at");
  s->sleep_us = gs_param_values_get_int(p, "sleep_us");
  const char *path = gs_param_values_get_string(p, "points_file");
  if (*path && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "points_file: %s does not exist", path);
    gs_params_clear(&s->params);
    gs_params_clear(&s->everything);
    gs_optim_free(s->optim);
    gs_ctx_free(s->work);
    gs_ctx_free(s->model);
    g_free(s);
    return NULL;
  }
  return s;
}

static gboolean test_step(gpointer state, gint64 step, GsMetricSink *metrics, GError **error)
{
  TestState *s = state;
  if (s->fail_at && step == s->fail_at) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "failed on purpose at step %" G_GINT64_FORMAT,
                step);
    return FALSE;
  }
  if (s->sleep_us) g_usleep(s->sleep_us);
  int64_t n = s->batch;
  float *x = g_new(float, n), *y = g_new(float, n);
  for (int64_t i = 0; i < n; i++) {
    x[i] = (float) (2 * gs_rng_uniform(&s->rng) - 1);
    y[i] = (float) (target(x[i]) + s->noise * gs_rng_normal(&s->rng));
  }
  gs_tensor *xt = gs_from_data(s->work, GS_F32, 2, (int64_t[]){n, 1}, x);
  gs_tensor *yt = gs_from_data(s->work, GS_F32, 2, (int64_t[]){n, 1}, y);
  gs_tensor *loss = gs_mean_all(
      s->work, gs_square(s->work, gs_sub(s->work, gs_mlp_forward(s->work, s->mlp, xt), yt)));
  gs_tensor **g = gs_grad(s->work, loss, NULL, s->params.n, s->params.tensors, false);
  double gnorm = 0;
  for (int i = 0; i < s->params.n; i++)
    gnorm += gs_item(gs_sum_all(s->work, gs_square(s->work, g[i])));
  gs_optim_step(s->optim, g, s->lr);
  gs_metric_sink_emit(metrics, "loss", gs_item(loss));
  gs_metric_sink_emit(metrics, "grad_norm", sqrt(gnorm));
  if (step % 10 == 0) gs_metric_sink_emit(metrics, "lr", s->lr);
  gs_ctx_reset(s->work);
  g_free(x);
  g_free(y);
  return TRUE;
}

static GsSnapshotBuilder *test_snapshot(gpointer state, gint64 step)
{
  TestState *s = state;
  int64_t n = s->grid;
  float *x = g_new(float, n), *fx = g_new(float, 2 * n);
  for (int64_t i = 0; i < n; i++) x[i] = (float) (-1 + 2.0 * i / (n - 1));
  bool was = gs_set_grad_enabled(s->work, false);
  gs_tensor *out =
      gs_mlp_forward(s->work, s->mlp, gs_from_data(s->work, GS_F32, 2, (int64_t[]){n, 1}, x));
  gs_read(out, fx);
  gs_set_grad_enabled(s->work, was);
  gs_ctx_reset(s->work);
  for (int64_t i = n - 1; i >= 0; i--) fx[2 * i + 1] = fx[i], fx[2 * i] = x[i];
  GsSnapshotBuilder *b = gs_snapshot_builder_new("synthetic", step);
  gs_snapshot_builder_add_floats(b, "fit", 2, (gint64[]){n, 2}, fx);
  gs_snapshot_builder_add_scalar(b, "lr", s->lr);
  g_free(x);
  g_free(fx);
  return b;
}

static gboolean test_set_live(gpointer state, const GsParamValues *p, const char *name,
                              GError **error)
{
  TestState *s = state;
  s->lr = gs_param_values_get_double(p, "lr");
  s->noise = gs_param_values_get_double(p, "noise");
  s->grid = gs_param_values_get_int(p, "grid");
  s->sleep_us = gs_param_values_get_int(p, "sleep_us");
  return TRUE;
}

static GBytes *test_save(gpointer state, GError **error)
{
  TestState *s = state;
  g_autofree char *counter = g_strdup_printf("%" G_GUINT64_FORMAT, s->rng.counter);
  g_autofree char *lr = g_strdup_printf("%a", s->lr);
  const char *meta[] = {"rng.counter", counter, "lr", lr, NULL};
  return gs_checkpoint_encode(&s->everything, meta, error);
}

static gboolean test_restore(gpointer state, GBytes *blob, GError **error)
{
  TestState *s = state;
  g_autoptr(GHashTable) meta = NULL;
  if (!gs_checkpoint_decode(blob, &s->everything, &meta, error)) return FALSE;
  /* SGD and RMSProp keep all their state in tensors (no step count, unlike Adam's bias
   * correction), so the tensors and the random stream's position are the whole state. */
  if (!gs_checkpoint_meta_u64(meta, "rng.counter", &s->rng.counter, error)) return FALSE;
  const char *lr = g_hash_table_lookup(meta, "lr");
  if (lr) s->lr = g_ascii_strtod(lr, NULL);
  return TRUE;
}

static void test_free(gpointer state)
{
  TestState *s = state;
  gs_params_clear(&s->params);
  gs_params_clear(&s->everything);
  gs_optim_free(s->optim);
  gs_ctx_free(s->work);
  gs_ctx_free(s->model);
  g_free(s);
}

const GsExperimentKind gs_test_kind = {
    .id = "synthetic",
    .title = "Synthetic",
    .description = "A small regressor on a seeded curve, for the platform's tests.",
    .schema = schema,
    .default_steps = 200,
    .init = test_init,
    .step = test_step,
    .snapshot = test_snapshot,
    .set_live = test_set_live,
    .save = test_save,
    .restore = test_restore,
    .free = test_free,
};

void gs_test_kind_register(void)
{
  gs_experiments_register_builtin();
  gs_experiment_kind_register(&gs_test_kind);
}
