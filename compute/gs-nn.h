/* gs-nn.h — layers, parameter sets and initializers.
 *
 * Layers hold their parameters as tensors in a long-lived context (the "model" context); their
 * forward functions take the step context that receives the activations.
 *
 *     gs_rng rng = gs_rng_new(seed);
 *     int64_t widths[] = {2, 64, 64, 1};
 *     gs_mlp *d = gs_mlp_new(model, &rng, 4, widths, &(gs_mlp_config){
 *         .hidden = GS_ACT_LEAKY_RELU, .hidden_param = 0.2, .output = GS_ACT_NONE,
 *         .bias = true, .init = GS_INIT_HE_UNIFORM});
 *     gs_params params = {0};
 *     gs_mlp_collect(d, "d.", &params);      // names "d.0.weight", "d.0.bias", …
 *     gs_tensor *logit = gs_mlp_forward(step, d, x);
 */
#ifndef GS_NN_H
#define GS_NN_H

#include "gs-rng.h"
#include "gs-tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gs_act {
  GS_ACT_NONE = 0,
  GS_ACT_RELU,
  GS_ACT_LEAKY_RELU, /* param: negative slope */
  GS_ACT_ELU,        /* param: alpha */
  GS_ACT_TANH,
  GS_ACT_SIGMOID,
  GS_ACT_SOFTPLUS,
  GS_ACT_SILU,
  GS_ACT_COUNT
} gs_act;

const char *gs_act_name(gs_act act); /* "relu", "leaky_relu", … */
bool gs_act_from_name(const char *name, gs_act *out);
/* True when the activation has non-zero second derivatives (needed by order-2 penalties). */
bool gs_act_is_smooth(gs_act act);
gs_tensor *gs_activate(gs_ctx *ctx, gs_tensor *x, gs_act act, double param);

typedef enum gs_init {
  GS_INIT_UNIFORM_FANIN = 0, /* U(-1/√fan_in, 1/√fan_in) (PyTorch's Linear default) */
  GS_INIT_NORMAL_FANIN,      /* N(0, 1/fan_in) (GAN Lab) */
  GS_INIT_GLOROT_UNIFORM,
  GS_INIT_GLOROT_NORMAL,
  GS_INIT_HE_UNIFORM,
  GS_INIT_HE_NORMAL,
  GS_INIT_COUNT
} gs_init;

const char *gs_init_name(gs_init init);
bool gs_init_from_name(const char *name, gs_init *out);
/* Fill w (any shape whose dim 0 is fan_out and the rest multiply to fan_in) in place. */
void gs_init_weight_(gs_tensor *w, gs_rng *rng, gs_init init);

/* A named, ordered list of parameter tensors: what optimizers update and weight files hold.
 * The list owns its arrays and names, not the tensors. */
typedef struct gs_params {
  int n, cap;
  gs_tensor **tensors;
  char **names;
} gs_params;

void gs_params_add(gs_params *p, const char *name, gs_tensor *t);
gs_tensor *gs_params_find(const gs_params *p, const char *name);
int64_t gs_params_numel(const gs_params *p);
void gs_params_clear(gs_params *p);

/* (Named _layer like gs_conv2d_layer: gs_linear is the op of gs-ops.h.) */
typedef struct gs_linear_layer {
  gs_tensor *weight; /* (out, in) */
  gs_tensor *bias;   /* (out) or NULL */
} gs_linear_layer;

void gs_linear_init(gs_linear_layer *l, gs_ctx *model, gs_rng *rng, int64_t in, int64_t out,
                    bool bias, gs_init init);
gs_tensor *gs_linear_forward(gs_ctx *ctx, const gs_linear_layer *l, gs_tensor *x);

typedef struct gs_conv2d_layer {
  gs_tensor *weight; /* (out, in, k, k) */
  gs_tensor *bias;   /* (out) or NULL */
  int stride, pad;
} gs_conv2d_layer;

void gs_conv2d_layer_init(gs_conv2d_layer *l, gs_ctx *model, gs_rng *rng, int64_t in, int64_t out,
                          int kernel, int stride, int pad, bool bias, gs_init init);
gs_tensor *gs_conv2d_layer_forward(gs_ctx *ctx, const gs_conv2d_layer *l, gs_tensor *x);

typedef struct gs_mlp_config {
  gs_act hidden;
  double hidden_param;
  gs_act output;
  double output_param;
  bool bias;
  gs_init init;
} gs_mlp_config;

typedef struct gs_mlp {
  int n_layers;
  gs_linear_layer *layers; /* allocated in the model context */
  gs_mlp_config config;
} gs_mlp;

/* widths[0] is the input size, widths[n_widths-1] the output size; n_widths >= 2. The MLP and
 * its arrays are allocated in the model context. */
gs_mlp *gs_mlp_new(gs_ctx *model, gs_rng *rng, int n_widths, const int64_t *widths,
                   const gs_mlp_config *config);
gs_tensor *gs_mlp_forward(gs_ctx *ctx, const gs_mlp *mlp, gs_tensor *x);

/* Forward-only inference on the host (gs-nn-infer.c): a copy of the MLP's current weights for
 * evaluating it at many points at once, no graph, much faster than gs_mlp_forward on the CPU
 * (fused register-tiled layers; on a 2-D grid the second layer is walked along the rows).
 * NULL when it does not apply: a backend other than the CPU, hidden activations other than
 * none / relu / leaky relu (slope >= 0), or an output activation. Values are gs_mlp_forward's
 * up to float rounding. Copy again after the weights change.
 *
 *     gs_mlp_infer *inf = gs_mlp_infer_new(ctx, mlp);
 *     if (inf) gs_mlp_infer_forward(inf, xy, n, f);       // f (n, out) from xy (n, in), floats
 *     if (inf) gs_mlp_infer_grid(inf, box, 256, f);       // f (256, 256, out), 2 inputs
 *     gs_mlp_infer_free(inf);
 */
typedef struct gs_mlp_infer gs_mlp_infer;
gs_mlp_infer *gs_mlp_infer_new(gs_ctx *ctx, const gs_mlp *mlp);
void gs_mlp_infer_forward(const gs_mlp_infer *inf, const float *x, size_t n, float *out);
/* At the points (x_i, y_j) of box (x0, x1, y0, y1), x_i = x0 + i (x1 − x0) / (res − 1) rounded
 * to float (likewise y_j), res >= 2; out row j holds y_j. Needs 2 inputs. */
void gs_mlp_infer_grid(const gs_mlp_infer *inf, const double box[4], int res, float *out);
void gs_mlp_infer_free(gs_mlp_infer *inf);
void gs_mlp_collect(const gs_mlp *mlp, const char *prefix, gs_params *out);

/* Allocate n bytes in ctx's host arena (freed with the context), for layer records. */
void *gs_ctx_host_alloc(gs_ctx *ctx, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* GS_NN_H */
