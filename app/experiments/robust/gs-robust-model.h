/* gs-robust-model.h — the classifiers of the robust kind: a configurable MLP and a small CNN
 * (conv blocks of 3×3 convolution, ReLU and 2×2 max pooling, then a dense head).
 *
 *     GsRobustModel *m = gs_robust_model_new(model_ctx, &rng, &(GsRobustModelConfig){
 *         .arch = GS_ROBUST_ARCH_CNN, .n_channels = 2, .channels = {32, 64}, .n_hidden = 1,
 *         .hidden = {128}});
 *     gs_tensor *logits = gs_robust_model_forward(step_ctx, m, x);   // x (N, 784) → (N, 10)
 *     gs_robust_model_params(m)                                      // for the optimizer
 */
#ifndef GS_ROBUST_MODEL_H
#define GS_ROBUST_MODEL_H

#include <glib.h>

#include "gs-compute.h"

G_BEGIN_DECLS

#define GS_ROBUST_MAX_LAYERS 4

typedef enum { GS_ROBUST_ARCH_MLP, GS_ROBUST_ARCH_CNN } GsRobustArch;

typedef struct {
  GsRobustArch arch;
  int side, in_channels, n_classes; /* inputs are (N, in_channels·side·side) */
  int n_channels;                   /* CNN: conv blocks; each halves the side */
  int64_t channels[GS_ROBUST_MAX_LAYERS];
  int n_hidden; /* hidden dense layers (the MLP's, or the CNN's head) */
  int64_t hidden[GS_ROBUST_MAX_LAYERS];
} GsRobustModelConfig;

typedef struct {
  GsRobustModelConfig config;
  gs_conv2d_layer conv[GS_ROBUST_MAX_LAYERS];
  gs_mlp *head; /* the MLP, or the CNN's dense head on the flattened features */
  gs_params params;
} GsRobustModel;

/* Checks nothing the schema cannot: a CNN needs side divisible by 2^n_channels. */
GsRobustModel *gs_robust_model_new(gs_ctx *model, gs_rng *rng, const GsRobustModelConfig *config);
gs_tensor *gs_robust_model_forward(gs_ctx *ctx, const GsRobustModel *m, gs_tensor *x);
void gs_robust_model_free(GsRobustModel *m); /* the record; tensors live in the model context */

G_END_DECLS

#endif /* GS_ROBUST_MODEL_H */
