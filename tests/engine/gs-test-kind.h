/* gs-test-kind.h — "synthetic", an experiment kind registered only by test programs: a small
 * MLP regressor trained on a seeded 1-D curve with the compute layer. It has a parameter of
 * every type, live parameters, snapshots, metrics, checkpoints and a way to fail on purpose, so
 * the platform can be proved end to end without a product experiment. */
#ifndef GS_TEST_KIND_H
#define GS_TEST_KIND_H

#include "platform/gs-experiment.h"

extern const GsExperimentKind gs_test_kind;

/* Registers gs_test_kind and the product's kinds. */
void gs_test_kind_register(void);

#endif
