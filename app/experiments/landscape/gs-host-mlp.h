/* gs-host-mlp.h — a forward-only copy of a piecewise-linear MLP on the host, for evaluating D
 * over the landscape's whole grid at streaming rate (issue 7: 65,536 points in a few ms).
 *
 * Through the op layer each layer is a GEMM into a fresh tensor and an elementwise pass over
 * it; here every layer of a block of 96 rows runs in one fused register-tiled loop (bias,
 * product, activation) with the activations kept in L1, which halves the time on one core.
 * Only for the CPU backend and hidden activations none / relu / leaky relu with an identity
 * output; anything else gets NULL and goes through gs_mlp_forward as before.
 *
 *     GsHostMlp *h = gs_host_mlp_new(ctx, mlp);  // copies the current weights
 *     if (h) gs_host_mlp_forward(h, xy, n, f);   // f (n, out) from xy (n, in)
 *     gs_host_mlp_free(h);
 */
#ifndef GS_HOST_MLP_H
#define GS_HOST_MLP_H

#include <glib.h>

#include "gs-compute.h"

G_BEGIN_DECLS

typedef struct GsHostMlp GsHostMlp;

/* A snapshot of mlp's weights (read through ctx), or NULL when this path does not apply. */
GsHostMlp *gs_host_mlp_new(gs_ctx *ctx, const gs_mlp *mlp);
/* out (n, out_width) = the MLP at x (n, in_width); float rounding aside, gs_mlp_forward's values.
 */
void gs_host_mlp_forward(const GsHostMlp *h, const float *x, gsize n, float *out);
void gs_host_mlp_free(GsHostMlp *h);

G_END_DECLS

#endif
