/* gs-bench.c — the bench subcommand: options, the workload table, medians, the summary line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gi18n.h>

#include "gs-bench-impl.h"
#include "gs-bench.h"

/* The exit statuses of ganscape-cli (GsCliExit in app/cli/gs-cli.h). */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_UNAVAILABLE = 3 };

static const GsBenchWorkload workloads[] = {
    {"gemm", "GFLOP/s", "F32 matrix products through the backend and raw cblas_sgemm, 256 to 2048",
     gs_bench_gemm},
    {"gemm-crossover", "n",
     "plain loops against OpenBLAS for small products: where BLAS starts "
     "to win",
     gs_bench_gemm_crossover},
    {"gan2d", "it/s", "2-D GAN on 8 gaussians, NS loss, Adam, batch 256", gs_bench_gan2d},
    {"gan2d-gp", "it/s", "the same with the WGAN-GP critic loss (λ = 10)", gs_bench_gan2d_gp},
    {"gan2d-memory", "KiB",
     "gan2d for --iterations (default 1,000,000): growth of the resident "
     "set after the first 1000 iterations",
     gs_bench_gan2d_memory},
    {"ops", "µs",
     "one call of each op family at a typical size through the backend (per-op table; device "
     "time per kernel on Vulkan)",
     gs_bench_ops},
    {"landscape", "evals/s", "the gan2d critic over a 256×256 grid, read back", gs_bench_landscape},
    {"landscape-train", "it/s", "the landscape experiment's iterations, headless (its defaults)",
     gs_bench_landscape_train},
    {"landscape-frame", "frames/s",
     "one live frame: snapshot at a 256×256 landscape, view build, 960×720 px render",
     gs_bench_landscape_frame},
    {"landscape-live", "it/s",
     "landscape training on GsRunner while the main loop draws every snapshot it delivers",
     gs_bench_landscape_live},
    {"at-epoch", "samples/s",
     "PGD-10 adversarial training epoch, MLP 784-256-256-10, "
     "10,000 Fashion-MNIST images",
     gs_bench_at_epoch},
    {"figure-frame", "ms",
     "one live-landscape frame (256×256 heatmap, contours, 1,000 points) built and rendered at "
     "1000×700 px",
     gs_bench_figure_frame},
    {"rbf-sum", "ms", "fused kernel sum: 8,192 thin-plate centres on a 256×256 grid, n = 2",
     gs_bench_rbf_sum},
    {"rbf-sum-784", "ms", "fused kernel sum: 10,000 log-kernel centres × 10,000 points, n = 784",
     gs_bench_rbf_sum_784},
    {"vulkan-start", "ms",
     "Vulkan backend creation and first op, each run a fresh process with an empty cache (and "
     "warm runs)",
     gs_bench_vulkan_start},
};

double gs_bench_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double gs_bench_median(double *v, guint n)
{
  if (n == 0) return 0;
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void gs_bench_print(const char *label, double value, const char *unit)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  /* C-locale digits: the summary line is read by scripts */
  g_ascii_formatd(num, sizeof num, value >= 100 ? "%.1f" : "%.4g", value);
  printf("%s %s %s\n", label, num, unit);
  fflush(stdout);
}

static void usage(FILE *out)
{
  fprintf(out, "%s",
          _("Usage: ganscape-cli bench NAME [--backend auto|cpu|vulkan] [--threads N] "
            "[--repeat R] [--iterations N] [--size N] [--data DIR]\n\n"
            "Runs workload NAME R times after a warm-up and prints, last, “NAME median unit”.\n\n"
            "Workloads:\n"));
  for (size_t i = 0; i < G_N_ELEMENTS(workloads); i++)
    fprintf(out, "  %-15s %s (%s)\n", workloads[i].name, workloads[i].summary, workloads[i].unit);
}

int gs_cli_bench(int argc, char **argv)
{
  char *backend = NULL, *data = NULL;
  int threads = 0, repeat = 5, size = 1024;
  gboolean help = FALSE;
  gint64 iterations = 0;
  GOptionEntry entries[] = {
      {"backend", 'b', 0, G_OPTION_ARG_STRING, &backend, "auto, cpu or vulkan (default auto)", "B"},
      {"threads", 't', 0, G_OPTION_ARG_INT, &threads, "CPU threads (default 0 = all cores)", "N"},
      {"repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "timed runs (default 5)", "R"},
      {"iterations", 'n', 0, G_OPTION_ARG_INT64, &iterations,
       "iterations per run of the gan2d workloads", "N"},
      {"size", 's', 0, G_OPTION_ARG_INT, &size, "gemm: size of the summary line (default 1024)",
       "N"},
      {"data", 'd', 0, G_OPTION_ARG_FILENAME, &data,
       "Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)", "DIR"},
      {"help", 'h', 0, G_OPTION_ARG_NONE, &help, "show the workloads and options", NULL},
      {NULL},
  };
  GOptionContext *oc = g_option_context_new("NAME");
  g_option_context_add_main_entries(oc, entries, NULL);
  g_option_context_set_help_enabled(oc, FALSE);
  GError *error = NULL;
  char **args = g_new0(char *, argc + 1);
  for (int i = 0; i < argc; i++) args[i] = argv[i];
  int nargs = argc;
  char **parse = args; /* g_option_context_parse edits the array, not the strings */
  int status = EXIT_USAGE;
  if (!g_option_context_parse(oc, &nargs, &parse, &error)) {
    fprintf(stderr, "ganscape-cli bench: %s\n", error->message);
    goto out;
  }
  if (help || nargs != 2) {
    usage(help ? stdout : stderr);
    status = help ? EXIT_OK : EXIT_USAGE;
    goto out;
  }
  const GsBenchWorkload *w = NULL;
  for (size_t i = 0; i < G_N_ELEMENTS(workloads); i++)
    if (strcmp(parse[1], workloads[i].name) == 0) w = &workloads[i];
  if (!w) {
    /* TRANSLATORS: %s is the workload name the user typed. */
    fprintf(stderr, _("ganscape-cli bench: no workload called “%s”\n"), parse[1]);
    usage(stderr);
    goto out;
  }
  if (repeat < 1 || threads < 0 || iterations < 0 || size < 1) {
    fprintf(stderr, "%s",
            _("ganscape-cli bench: --repeat and --size must be at least 1, "
              "--threads and --iterations at least 0\n"));
    goto out;
  }
  GsBenchOptions o = {.threads = threads,
                      .repeat = repeat,
                      .iterations = iterations,
                      .size = size,
                      .data = data ? data : "/usr/share/datasets/fashion-mnist"};
  if (!gs_backend_kind_from_name(backend ? backend : "auto", &o.kind)) {
    /* TRANSLATORS: %s is what the user gave for --backend. */
    fprintf(stderr, _("ganscape-cli bench: --backend must be auto, cpu or vulkan, not “%s”\n"),
            backend);
    goto out;
  }
  gs_error err = {0};
  /* per-kernel device timestamps for the per-op table (they cost a little on every dispatch) */
  gs_backend_options bo = {
      .threads = threads, .device_index = -1, .timestamps = strcmp(w->name, "ops") == 0};
  o.be = gs_backend_new(o.kind, &bo, &err);
  if (!o.be) {
    fprintf(stderr, "ganscape-cli bench: %s\n", err.msg);
    char why[128] = "";
    bool built_without = o.kind == GS_BACKEND_VULKAN &&
                         !gs_vulkan_available(&bo, why, sizeof why) && strstr(why, "built without");
    status = built_without ? EXIT_UNAVAILABLE : EXIT_FAILED;
    goto out;
  }
  printf("# %s on %s (%s), %d timed run%s\n", w->name, gs_backend_name(o.be),
         gs_backend_device(o.be), repeat, repeat == 1 ? "" : "s");
  GArray *samples = g_array_new(FALSE, FALSE, sizeof(double));
  status = EXIT_FAILED;
  if (!w->run(&o, samples, &error)) {
    fprintf(stderr, "ganscape-cli bench %s: %s\n", w->name, error->message);
  } else if (gs_backend_failure(o.be)) {
    /* TRANSLATORS: the first %s is a workload name, the second the device's error. */
    fprintf(stderr, _("ganscape-cli bench %s: the device failed: %s\n"), w->name,
            gs_backend_failure(o.be));
  } else {
    gs_bench_print(w->name, gs_bench_median((double *) samples->data, samples->len), w->unit);
    status = EXIT_OK;
  }
  g_array_unref(samples);
  gs_backend_free(o.be);
out:
  g_clear_error(&error);
  g_option_context_free(oc);
  g_free(args);
  g_free(backend);
  g_free(data);
  return status;
}
