/* gs-robust-model.c — MLP and small CNN classifiers (see gs-robust-model.h). */
#include <glib.h>

#include "gs-robust-model.h"

GsRobustModel *gs_robust_model_new(gs_ctx *model, gs_rng *rng, const GsRobustModelConfig *config)
{
  GsRobustModel *m = g_new0(GsRobustModel, 1);
  m->config = *config;
  int64_t in = (int64_t) config->in_channels * config->side * config->side;
  if (config->arch == GS_ROBUST_ARCH_CNN) {
    int64_t c = config->in_channels, side = config->side;
    for (int i = 0; i < config->n_channels; i++) {
      g_assert(side % 2 == 0);
      gs_conv2d_layer_init(&m->conv[i], model, rng, c, config->channels[i], 3, 1, 1, true,
                           GS_INIT_HE_UNIFORM);
      char name[32];
      g_snprintf(name, sizeof name, "conv%d.weight", i);
      gs_params_add(&m->params, name, m->conv[i].weight);
      g_snprintf(name, sizeof name, "conv%d.bias", i);
      gs_params_add(&m->params, name, m->conv[i].bias);
      c = config->channels[i];
      side /= 2;
    }
    in = c * side * side;
  }
  int64_t widths[GS_ROBUST_MAX_LAYERS + 2];
  widths[0] = in;
  for (int i = 0; i < config->n_hidden; i++) widths[i + 1] = config->hidden[i];
  widths[config->n_hidden + 1] = config->n_classes;
  m->head = gs_mlp_new(model, rng, config->n_hidden + 2, widths,
                       &(gs_mlp_config){.hidden = GS_ACT_RELU,
                                        .output = GS_ACT_NONE,
                                        .bias = true,
                                        .init = GS_INIT_UNIFORM_FANIN});
  gs_mlp_collect(m->head, "fc.", &m->params);
  for (int i = 0; i < m->params.n; i++) gs_set_requires_grad(m->params.tensors[i], true);
  return m;
}

gs_tensor *gs_robust_model_forward(gs_ctx *ctx, const GsRobustModel *m, gs_tensor *x)
{
  const GsRobustModelConfig *c = &m->config;
  if (c->arch == GS_ROBUST_ARCH_CNN) {
    int64_t n = x->shape[0];
    gs_tensor *h = gs_reshape(ctx, x, 4, (int64_t[]){n, c->in_channels, c->side, c->side});
    for (int i = 0; i < c->n_channels; i++)
      h = gs_max_pool2d(ctx, gs_relu(ctx, gs_conv2d_layer_forward(ctx, &m->conv[i], h)), 2, 2, 0);
    x = gs_reshape(ctx, gs_contiguous(ctx, h), 2, (int64_t[]){n, -1});
  }
  return gs_mlp_forward(ctx, m->head, x);
}

void gs_robust_model_free(GsRobustModel *m)
{
  if (!m) return;
  gs_params_clear(&m->params);
  g_free(m);
}
