/* gs-interpolant.h — the "interpolant" experiment kind: closed-form polyharmonic critics
 * (Poly-WGAN, Poly-LSGAN) beside trained ones (issue 8, methods.md §2). */
#ifndef GS_INTERPOLANT_H
#define GS_INTERPOLANT_H

#include "platform/gs-experiment.h"

extern const GsExperimentKind gs_interpolant_kind;

#endif /* GS_INTERPOLANT_H */
