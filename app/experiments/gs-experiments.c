/* gs-experiments.c — the product's experiment kinds: one registration line each.
 *
 * To add a kind: a folder app/experiments/<kind>/ whose meson.build appends its sources to
 * engine_sources and whose header declares `extern const GsExperimentKind gs_<kind>_kind;`,
 * then one line below. Its views go to ui/views/<kind>/.
 */
#include "interpolant/gs-interpolant.h"
#include "platform/gs-experiment.h"
#include "experiments/landscape/gs-landscape.h"
#include "robust/gs-robust.h"

void gs_experiments_register_builtin(void)
{
  /* One line per kind; the first is the one the app opens on. */
  gs_experiment_kind_register(&gs_landscape_kind);
  gs_experiment_kind_register(&gs_interpolant_kind);
  gs_experiment_kind_register(&gs_robust_kind);
}
