/* gs-compute.h — the compute layer in one include: tensors, ops, autodiff, random streams,
 * layers, optimizers, weight files and backends. Depends on libc, libm, OpenBLAS/LAPACKE and
 * the Vulkan loader only; never on GLib or GTK.
 *
 * A worked example (a two-moons classifier step) is in the header comments of gs-tensor.h,
 * gs-autodiff.h, gs-nn.h and gs-optim.h; tests/compute/ exercises every entry point.
 */
#ifndef GS_COMPUTE_H
#define GS_COMPUTE_H

#include "gs-autodiff.h"
#include "gs-backend.h"
#include "gs-nn.h"
#include "gs-ops.h"
#include "gs-optim.h"
#include "gs-rng.h"
#include "gs-safetensors.h"
#include "gs-tensor.h"

#endif /* GS_COMPUTE_H */
