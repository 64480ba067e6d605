/* gs-nn.c — activations, initializers, parameter lists, Linear, Conv2d and the MLP builder. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-compute-impl.h"
#include "gs-nn.h"

/* --- activations --------------------------------------------------------------------------- */

static const char *const act_names[GS_ACT_COUNT] = {
    [GS_ACT_NONE] = "none",         [GS_ACT_RELU] = "relu", [GS_ACT_LEAKY_RELU] = "leaky_relu",
    [GS_ACT_ELU] = "elu",           [GS_ACT_TANH] = "tanh", [GS_ACT_SIGMOID] = "sigmoid",
    [GS_ACT_SOFTPLUS] = "softplus", [GS_ACT_SILU] = "silu",
};

const char *gs_act_name(gs_act act)
{
  return (int) act >= 0 && act < GS_ACT_COUNT ? act_names[act] : "?";
}

bool gs_act_from_name(const char *name, gs_act *out)
{
  for (int i = 0; name && i < GS_ACT_COUNT; i++)
    if (strcmp(name, act_names[i]) == 0) {
      *out = (gs_act) i;
      return true;
    }
  return false;
}

bool gs_act_is_smooth(gs_act act)
{
  switch (act) {
  case GS_ACT_ELU:
  case GS_ACT_TANH:
  case GS_ACT_SIGMOID:
  case GS_ACT_SOFTPLUS:
  case GS_ACT_SILU:
    return true;
  default:
    return false; /* identity and the piecewise-linear ones: zero curvature */
  }
}

gs_tensor *gs_activate(gs_ctx *ctx, gs_tensor *x, gs_act act, double param)
{
  switch (act) {
  case GS_ACT_NONE:
    return x;
  case GS_ACT_RELU:
    return gs_relu(ctx, x);
  case GS_ACT_LEAKY_RELU:
    return gs_leaky_relu(ctx, x, param);
  case GS_ACT_ELU:
    return gs_elu(ctx, x, param);
  case GS_ACT_TANH:
    return gs_tanh(ctx, x);
  case GS_ACT_SIGMOID:
    return gs_sigmoid(ctx, x);
  case GS_ACT_SOFTPLUS:
    return gs_softplus(ctx, x);
  case GS_ACT_SILU:
    return gs_silu(ctx, x);
  default:
    gs_abortf("gs_activate: unknown activation %d", (int) act);
  }
}

/* --- initializers -------------------------------------------------------------------------- */

static const char *const init_names[GS_INIT_COUNT] = {
    [GS_INIT_UNIFORM_FANIN] = "uniform_fanin",   [GS_INIT_NORMAL_FANIN] = "normal_fanin",
    [GS_INIT_GLOROT_UNIFORM] = "glorot_uniform", [GS_INIT_GLOROT_NORMAL] = "glorot_normal",
    [GS_INIT_HE_UNIFORM] = "he_uniform",         [GS_INIT_HE_NORMAL] = "he_normal",
};

const char *gs_init_name(gs_init init)
{
  return (int) init >= 0 && init < GS_INIT_COUNT ? init_names[init] : "?";
}

bool gs_init_from_name(const char *name, gs_init *out)
{
  for (int i = 0; name && i < GS_INIT_COUNT; i++)
    if (strcmp(name, init_names[i]) == 0) {
      *out = (gs_init) i;
      return true;
    }
  return false;
}

void gs_init_weight_(gs_tensor *w, gs_rng *rng, gs_init init)
{
  GS_ASSERT(w->ndim >= 1 && w->shape[0] > 0, "gs_init_weight_: needs a weight with rows");
  double fan_out = (double) w->shape[0], fan_in = (double) (gs_numel(w) / w->shape[0]);
  if (fan_in < 1) fan_in = 1;
  switch (init) {
  case GS_INIT_UNIFORM_FANIN: {
    double a = 1.0 / sqrt(fan_in);
    gs_rand_uniform_(w, rng, -a, a);
    break;
  }
  case GS_INIT_NORMAL_FANIN:
    gs_rand_normal_(w, rng, 0.0, 1.0 / sqrt(fan_in));
    break;
  case GS_INIT_GLOROT_UNIFORM: {
    double a = sqrt(6.0 / (fan_in + fan_out));
    gs_rand_uniform_(w, rng, -a, a);
    break;
  }
  case GS_INIT_GLOROT_NORMAL:
    gs_rand_normal_(w, rng, 0.0, sqrt(2.0 / (fan_in + fan_out)));
    break;
  case GS_INIT_HE_UNIFORM: {
    double a = sqrt(6.0 / fan_in);
    gs_rand_uniform_(w, rng, -a, a);
    break;
  }
  case GS_INIT_HE_NORMAL:
    gs_rand_normal_(w, rng, 0.0, sqrt(2.0 / fan_in));
    break;
  default:
    gs_abortf("gs_init_weight_: unknown initializer %d", (int) init);
  }
}

/* Biases: PyTorch's U(±1/√fan_in) with its own initializer, zeros with the others. */
static void init_bias_(gs_tensor *b, gs_rng *rng, gs_init init, int64_t fan_in)
{
  if (init == GS_INIT_UNIFORM_FANIN) {
    double a = 1.0 / sqrt((double) (fan_in > 0 ? fan_in : 1));
    gs_rand_uniform_(b, rng, -a, a);
  } else {
    gs_fill_(b, 0.0);
  }
}

/* --- parameter lists ----------------------------------------------------------------------- */

void gs_params_add(gs_params *p, const char *name, gs_tensor *t)
{
  GS_ASSERT(name && t, "gs_params_add: name or tensor is NULL");
  GS_ASSERT(!gs_params_find(p, name), "gs_params_add: \"%s\" is already in the list", name);
  if (p->n == p->cap) {
    int cap = p->cap ? p->cap * 2 : 8;
    gs_tensor **ts = realloc(p->tensors, (size_t) cap * sizeof *ts);
    GS_ASSERT(ts, "gs_params_add: out of host memory");
    p->tensors = ts;
    char **names = realloc(p->names, (size_t) cap * sizeof *names);
    GS_ASSERT(names, "gs_params_add: out of host memory");
    p->names = names;
    p->cap = cap;
  }
  char *copy = strdup(name);
  GS_ASSERT(copy, "gs_params_add: out of host memory");
  p->tensors[p->n] = t;
  p->names[p->n] = copy;
  p->n++;
}

gs_tensor *gs_params_find(const gs_params *p, const char *name)
{
  for (int i = 0; i < p->n; i++)
    if (strcmp(p->names[i], name) == 0) return p->tensors[i];
  return NULL;
}

int64_t gs_params_numel(const gs_params *p)
{
  int64_t n = 0;
  for (int i = 0; i < p->n; i++) n += gs_numel(p->tensors[i]);
  return n;
}

void gs_params_clear(gs_params *p)
{
  for (int i = 0; i < p->n; i++) free(p->names[i]);
  free(p->names);
  free(p->tensors);
  memset(p, 0, sizeof *p);
}

/* --- layers -------------------------------------------------------------------------------- */

void gs_linear_init(gs_linear_layer *l, gs_ctx *model, gs_rng *rng, int64_t in, int64_t out,
                    bool bias, gs_init init)
{
  l->weight = gs_new(model, GS_F32, 2, (int64_t[]){out, in});
  gs_init_weight_(l->weight, rng, init);
  gs_set_requires_grad(l->weight, true);
  l->bias = NULL;
  if (bias) {
    l->bias = gs_new(model, GS_F32, 1, &out);
    init_bias_(l->bias, rng, init, in);
    gs_set_requires_grad(l->bias, true);
  }
}

gs_tensor *gs_linear_forward(gs_ctx *ctx, const gs_linear_layer *l, gs_tensor *x)
{
  return gs_linear(ctx, x, l->weight, l->bias);
}

void gs_conv2d_layer_init(gs_conv2d_layer *l, gs_ctx *model, gs_rng *rng, int64_t in, int64_t out,
                          int kernel, int stride, int pad, bool bias, gs_init init)
{
  l->weight = gs_new(model, GS_F32, 4, (int64_t[]){out, in, kernel, kernel});
  gs_init_weight_(l->weight, rng, init);
  gs_set_requires_grad(l->weight, true);
  l->bias = NULL;
  if (bias) {
    l->bias = gs_new(model, GS_F32, 1, &out);
    init_bias_(l->bias, rng, init, in * kernel * kernel);
    gs_set_requires_grad(l->bias, true);
  }
  l->stride = stride;
  l->pad = pad;
}

gs_tensor *gs_conv2d_layer_forward(gs_ctx *ctx, const gs_conv2d_layer *l, gs_tensor *x)
{
  return gs_conv2d(ctx, x, l->weight, l->bias, l->stride, l->pad);
}

gs_mlp *gs_mlp_new(gs_ctx *model, gs_rng *rng, int n_widths, const int64_t *widths,
                   const gs_mlp_config *config)
{
  GS_ASSERT(n_widths >= 2, "gs_mlp_new: needs at least 2 widths, got %d", n_widths);
  for (int i = 0; i < n_widths; i++)
    GS_ASSERT(widths[i] >= 1, "gs_mlp_new: width %d is %lld", i, (long long) widths[i]);
  gs_mlp *m = gs_ctx_host_alloc(model, sizeof *m);
  m->n_layers = n_widths - 1;
  m->config = *config;
  m->layers = gs_ctx_host_alloc(model, (size_t) m->n_layers * sizeof *m->layers);
  for (int i = 0; i < m->n_layers; i++)
    gs_linear_init(&m->layers[i], model, rng, widths[i], widths[i + 1], config->bias, config->init);
  return m;
}

/* Layer and activation; relu and leaky relu (slope >= 0) with a bias go through the fused op. */
static gs_tensor *layer(gs_ctx *ctx, const gs_linear_layer *l, gs_tensor *x, gs_act act,
                        double param)
{
  if (l->bias && act == GS_ACT_RELU) return gs_linear_leaky_relu(ctx, x, l->weight, l->bias, 0);
  if (l->bias && act == GS_ACT_LEAKY_RELU && param >= 0)
    return gs_linear_leaky_relu(ctx, x, l->weight, l->bias, param);
  return gs_activate(ctx, gs_linear_forward(ctx, l, x), act, param);
}

gs_tensor *gs_mlp_forward(gs_ctx *ctx, const gs_mlp *mlp, gs_tensor *x)
{
  for (int i = 0; i < mlp->n_layers; i++) {
    bool last = i == mlp->n_layers - 1;
    x = last ? layer(ctx, &mlp->layers[i], x, mlp->config.output, mlp->config.output_param)
             : layer(ctx, &mlp->layers[i], x, mlp->config.hidden, mlp->config.hidden_param);
  }
  return x;
}

void gs_mlp_collect(const gs_mlp *mlp, const char *prefix, gs_params *out)
{
  char name[256];
  for (int i = 0; i < mlp->n_layers; i++) {
    snprintf(name, sizeof name, "%s%d.weight", prefix ? prefix : "", i);
    gs_params_add(out, name, mlp->layers[i].weight);
    if (mlp->layers[i].bias) {
      snprintf(name, sizeof name, "%s%d.bias", prefix ? prefix : "", i);
      gs_params_add(out, name, mlp->layers[i].bias);
    }
  }
}
