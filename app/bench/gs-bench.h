/* gs-bench.h — `ganscape-cli bench`: the compute benchmarks.
 *
 *     ganscape-cli bench NAME [--backend auto|cpu|vulkan] [--threads N] [--repeat R]
 *                             [--iterations N] [--size N] [--data DIR]
 *
 * runs workload NAME R times (after one untimed warm-up) and prints, as its last line,
 * `NAME <median> <unit>` so scripts can compare runs; lines before it give details. The
 * workloads (gemm, gemm-crossover, gan2d, gan2d-gp, gan2d-memory, landscape, at-epoch) are
 * defined in docs/PERFORMANCE.md; tools/bench-torch.py runs the same ones in PyTorch.
 */
#ifndef GS_BENCH_H
#define GS_BENCH_H

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is the subcommand ("bench"), argv[1] the workload, then options. Returns a GsCliExit
 * status (app/cli/gs-cli.h): 0 done (and for --help), 1 the workload failed, 2 usage error,
 * 3 the backend asked for is not in this build. */
int gs_cli_bench(int argc, char **argv);

G_END_DECLS

#endif /* GS_BENCH_H */
