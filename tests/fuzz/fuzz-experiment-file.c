/* fuzz-experiment-file.c — libFuzzer harness for the experiment-file loader: any bytes either
 * load into values the schema accepts, or are refused with a message. Loaded files are saved
 * and loaded again, which must give the same values. */
#include <stdint.h>
#include <string.h>

#include "platform/gs-experiment-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const GsParamChoice choices[] = {
    {"ns", "NS"}, {"lsgan", "LS"}, {"wgan-gp", "GP"}, {NULL, NULL}};
/* A parameter of every type, with the bounds and relations the real kinds use. */
static const GsParamSpec schema[] = {
    {.name = "lr",
     .type = GS_PARAM_DOUBLE,
     .label = "lr",
     .group = "g",
     .min = 1e-6,
     .max = 1,
     .def = 1e-3,
     .log_scale = TRUE,
     .live = TRUE},
    {.name = "batch",
     .type = GS_PARAM_INT,
     .label = "b",
     .group = "g",
     .min = 1,
     .max = 4096,
     .def = 64},
    {.name = "loss",
     .type = GS_PARAM_CHOICE,
     .label = "l",
     .group = "g",
     .choices = choices,
     .def_text = "ns"},
    {.name = "smooth",
     .type = GS_PARAM_BOOL,
     .label = "s",
     .group = "g",
     .def = 1,
     .relevant_if = "loss=ns"},
    {.name = "widths",
     .type = GS_PARAM_INT_LIST,
     .label = "w",
     .group = "g",
     .min = 1,
     .max = 512,
     .max_len = 8,
     .def_text = "64,64"},
    {.name = "title",
     .type = GS_PARAM_STRING,
     .label = "t",
     .group = "g",
     .max_len = 32,
     .def_text = ""},
    {.name = "data", .type = GS_PARAM_PATH, .label = "d", .group = "g", .def_text = ""},
    {NULL}};

/* The loader never calls these; a kind needs them to be registered. */
static gpointer never_init(const GsParamValues *p, guint64 seed, gs_backend *b, gint64 n,
                           GError **e)
{
  __builtin_trap();
}
static gboolean never_step(gpointer s, gint64 step, GsMetricSink *m, GError **e)
{
  __builtin_trap();
}
static void never_free(gpointer s)
{
  __builtin_trap();
}

static const GsExperimentKind kind = {.id = "fuzz",
                                      .title = "Fuzz",
                                      .schema = schema,
                                      .default_steps = 10,
                                      .init = never_init,
                                      .step = never_step,
                                      .free = never_free};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  gs_experiment_kind_register(&kind);
  GError *error = NULL;
  GsExperimentFile *f = gs_experiment_file_load_data((const char *) data, size, "fuzz", &error);
  if (!f) {
    if (!error || !error->message[0]) __builtin_trap(); /* a refusal must say why */
    g_error_free(error);
    return 0;
  }
  char *text = gs_experiment_file_to_data(f);
  GsExperimentFile *g = gs_experiment_file_load_data(text, -1, "again", &error);
  if (!g || !gs_param_values_equal(f->params, g->params) || f->seed != g->seed ||
      f->steps != g->steps || strcmp(f->backend, g->backend) != 0)
    __builtin_trap();
  gs_experiment_file_free(g);
  gs_experiment_file_free(f);
  g_free(text);
  return 0;
}
