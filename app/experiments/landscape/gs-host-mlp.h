/* gs-host-mlp.h — a forward-only copy of a piecewise-linear MLP on the host, for evaluating D
 * over the landscape's whole grid at streaming rate (issue 7: 65,536 points in a few ms).
 *
 * Through the op layer each layer is a GEMM into a fresh tensor and an elementwise pass over
 * it; here every layer of a block of 96 rows runs in one fused register-tiled loop (bias,
 * product, activation) with the activations kept in L1 (about 2× faster on one core). On a
 * grid of 2-D points the second layer is not multiplied out at all: along a grid row it is
 * affine between the points where a first-layer unit switches (see the source): for the
 * default D (2→64→64→1) at 256², 2.9 ms instead of 5.9 (dense, fused) or 12 (op layer).
 * Only for the CPU backend and hidden activations none / relu / leaky relu with an identity
 * output; anything else gets NULL and goes through gs_mlp_forward as before.
 *
 *     GsHostMlp *h = gs_host_mlp_new(ctx, mlp);      // copies the current weights
 *     if (h) gs_host_mlp_forward(h, xy, n, f);       // f (n, out) from xy (n, in)
 *     if (h) gs_host_mlp_forward_grid(h, box, r, f); // f (r, r, out) on fill_grid's points
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
/* out (res, res, out_width) = the MLP at the grid points (x_i, y_j) of box (x0, x1, y0, y1),
 * x_i = x0 + i (x1 − x0) / (res − 1) (as floats; the landscape's fill_grid); row j is y_j.
 * With two inputs and a hidden layer, the second layer is walked along each row (see the
 * source) instead of multiplied out: several times faster than gs_host_mlp_forward. */
void gs_host_mlp_forward_grid(const GsHostMlp *h, const double box[4], int res, float *out);
void gs_host_mlp_free(GsHostMlp *h);

G_END_DECLS

#endif
