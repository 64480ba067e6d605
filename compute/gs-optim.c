/* gs-optim.c — optimizers as one fused backend kernel per parameter tensor, lr schedules,
 * gradient-norm and weight clipping. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-compute-impl.h"
#include "gs-optim.h"

static const char *const kind_names[GS_OPTIM_COUNT] = {
    [GS_OPTIM_SGD] = "sgd",
    [GS_OPTIM_ADAM] = "adam",
    [GS_OPTIM_ADAMW] = "adamw",
    [GS_OPTIM_RMSPROP] = "rmsprop",
};

const char *gs_optim_kind_name(gs_optim_kind kind)
{
  return (int) kind >= 0 && kind < GS_OPTIM_COUNT ? kind_names[kind] : "?";
}

bool gs_optim_kind_from_name(const char *name, gs_optim_kind *out)
{
  for (int i = 0; name && i < GS_OPTIM_COUNT; i++)
    if (strcmp(name, kind_names[i]) == 0) {
      *out = (gs_optim_kind) i;
      return true;
    }
  return false;
}

gs_optim_config gs_optim_config_default(gs_optim_kind kind)
{
  gs_optim_config c = {.kind = kind, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-8, .alpha = 0.99};
  switch (kind) {
  case GS_OPTIM_SGD:
    c.lr = 0.01;
    break;
  case GS_OPTIM_ADAM:
    c.lr = 1e-3;
    break;
  case GS_OPTIM_ADAMW:
    c.lr = 1e-3;
    c.weight_decay = 0.01;
    break;
  case GS_OPTIM_RMSPROP:
    c.lr = 0.01;
    break;
  default:
    gs_abortf("gs_optim_config_default: unknown kind %d", (int) kind);
  }
  return c;
}

struct gs_optim {
  gs_optim_config config;
  gs_params params;     /* the updated tensors, under their names */
  gs_params state;      /* "m.<name>", "v.<name>", "momentum.<name>", "square_avg.<name>" */
  gs_tensor **s1, **s2; /* per parameter: first and second state tensor, or NULL */
  int64_t steps;
};

static gs_tensor *state_tensor(gs_optim *o, gs_ctx *model, const char *what, int i)
{
  gs_tensor *p = o->params.tensors[i];
  gs_tensor *t = gs_zeros(model, p->dtype, p->ndim, p->shape);
  char name[512];
  snprintf(name, sizeof name, "%s.%s", what, o->params.names[i]);
  gs_params_add(&o->state, name, t);
  return t;
}

gs_optim *gs_optim_new(gs_ctx *model, const gs_optim_config *config, const gs_params *params)
{
  GS_ASSERT(config->kind >= 0 && config->kind < GS_OPTIM_COUNT, "gs_optim_new: unknown kind %d",
            (int) config->kind);
  gs_optim *o = calloc(1, sizeof *o);
  GS_ASSERT(o, "gs_optim_new: out of host memory");
  o->config = *config;
  int n = params->n;
  o->s1 = calloc((size_t) (n ? n : 1), sizeof *o->s1);
  o->s2 = calloc((size_t) (n ? n : 1), sizeof *o->s2);
  GS_ASSERT(o->s1 && o->s2, "gs_optim_new: out of host memory");
  for (int i = 0; i < n; i++) {
    gs_tensor *p = params->tensors[i];
    gs_check_float("gs_optim_new", p);
    GS_ASSERT(gs_is_contiguous(p), "gs_optim_new: parameter \"%s\" is not contiguous",
              params->names[i]);
    gs_params_add(&o->params, params->names[i], p);
    switch (config->kind) {
    case GS_OPTIM_SGD:
      if (config->momentum != 0) o->s1[i] = state_tensor(o, model, "momentum", i);
      break;
    case GS_OPTIM_ADAM:
    case GS_OPTIM_ADAMW:
      o->s1[i] = state_tensor(o, model, "m", i);
      o->s2[i] = state_tensor(o, model, "v", i);
      break;
    case GS_OPTIM_RMSPROP:
      o->s1[i] = state_tensor(o, model, "square_avg", i);
      break;
    default:
      break;
    }
  }
  return o;
}

void gs_optim_step(gs_optim *opt, gs_tensor *const *grads, double lr)
{
  const gs_optim_config *c = &opt->config;
  opt->steps++;
  for (int i = 0; i < opt->params.n; i++) {
    gs_tensor *p = opt->params.tensors[i], *g = grads[i];
    if (!g) continue;
    if (!gs_same_shape(p, g) || p->dtype != g->dtype) {
      char s1[64], s2[64];
      gs_abortf("gs_optim_step: gradient %s %s does not match parameter \"%s\" %s %s",
                gs_dtype_name(g->dtype), gs_shape_str(g, s1, sizeof s1), opt->params.names[i],
                gs_dtype_name(p->dtype), gs_shape_str(p, s2, sizeof s2));
    }
    if (!gs_is_contiguous(g)) g = gs_contiguous(g->ctx, g);
    gs_kernel k = {.dst = p, .src = {g, opt->s1[i], opt->s2[i]}};
    switch (c->kind) {
    case GS_OPTIM_SGD:
      k.op = GS_K_SGD;
      k.f[0] = lr;
      k.f[1] = c->momentum;
      k.f[2] = c->weight_decay;
      k.i[0] = c->nesterov;
      break;
    case GS_OPTIM_ADAM:
    case GS_OPTIM_ADAMW:
      k.op = GS_K_ADAM;
      k.f[0] = lr;
      k.f[1] = c->beta1;
      k.f[2] = c->beta2;
      k.f[3] = c->eps;
      k.f[4] = c->weight_decay;
      k.f[5] = (double) opt->steps;
      k.i[0] = c->kind == GS_OPTIM_ADAMW;
      break;
    case GS_OPTIM_RMSPROP:
      k.op = GS_K_RMSPROP;
      k.f[0] = lr;
      k.f[1] = c->alpha;
      k.f[2] = c->eps;
      k.f[3] = c->weight_decay;
      break;
    default:
      gs_abortf("gs_optim_step: unknown kind %d", (int) c->kind);
    }
    gs_exec(p->ctx, &k, "gs_optim_step");
  }
}

void gs_optim_reset(gs_optim *opt)
{
  for (int i = 0; i < opt->state.n; i++) gs_fill_(opt->state.tensors[i], 0.0);
  opt->steps = 0;
}

int64_t gs_optim_steps(const gs_optim *opt)
{
  return opt->steps;
}

void gs_optim_set_steps(gs_optim *opt, int64_t steps)
{
  GS_ASSERT(steps >= 0, "gs_optim_set_steps: negative step count %lld", (long long) steps);
  opt->steps = steps;
}

const gs_params *gs_optim_state(const gs_optim *opt)
{
  return &opt->state;
}

void gs_optim_free(gs_optim *opt)
{
  if (!opt) return;
  gs_params_clear(&opt->params);
  gs_params_clear(&opt->state);
  free(opt->s1);
  free(opt->s2);
  free(opt);
}

/* --- schedules and clipping ---------------------------------------------------------------- */

double gs_lr_at(const gs_schedule *s, int64_t step, int64_t total)
{
  double frac = total > 0 ? (double) step / (double) total : 0.0;
  switch (s->kind) {
  case GS_SCHEDULE_CONSTANT:
    return s->lr;
  case GS_SCHEDULE_PIECEWISE: {
    double lr = s->lr;
    for (int i = 0; i < s->n_drops && i < GS_SCHEDULE_MAX_DROPS; i++)
      if (frac >= s->drop_at[i]) lr *= s->factor;
    return lr;
  }
  case GS_SCHEDULE_COSINE: {
    if (frac > 1) frac = 1;
    return s->min_lr + (s->lr - s->min_lr) * 0.5 * (1.0 + cos(M_PI * frac));
  }
  }
  gs_abortf("gs_lr_at: unknown schedule kind %d", (int) s->kind);
}

/* As torch.nn.utils.clip_grad_norm_: scale by min(1, max_norm / (norm + 1e-6)). */
gs_tensor *gs_clip_grad_norm(gs_ctx *ctx, gs_tensor **grads, int n, double max_norm)
{
  GS_ASSERT(n >= 1, "gs_clip_grad_norm: no gradients");
  gs_tensor *sq = NULL;
  for (int i = 0; i < n; i++) {
    if (!grads[i]) continue;
    gs_tensor *s = gs_sum_all(ctx, gs_square(ctx, grads[i]));
    sq = sq ? gs_add(ctx, sq, s) : s;
  }
  GS_ASSERT(sq, "gs_clip_grad_norm: every gradient is NULL");
  gs_tensor *norm = gs_sqrt(ctx, sq);
  gs_tensor *coef = gs_minimum_scalar(
      ctx, gs_div(ctx, gs_scalar(ctx, norm->dtype, max_norm), gs_add_scalar(ctx, norm, 1e-6)), 1.0);
  for (int i = 0; i < n; i++)
    if (grads[i]) grads[i] = gs_mul(ctx, grads[i], coef);
  return norm;
}

void gs_clip_weights_(const gs_params *params, double c)
{
  for (int i = 0; i < params->n; i++) gs_clamp_(params->tensors[i], -c, c);
}
