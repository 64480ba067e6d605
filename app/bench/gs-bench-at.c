/* gs-bench-at.c — at-epoch: one epoch of PGD-10 adversarial training, through the robust
 * experiment kind's own training epoch (gs_robust_train_epoch, the first half of its step).
 *
 * The kind is set up as: MLP 784→256→256→10 (ReLU), SGD lr 0.01 (constant) momentum 0.9, no
 * weight decay, 10,000 Fashion-MNIST training images (a seeded draw, pixels / 255, not
 * class-balanced), shuffled each epoch, batch 128 (the last batch holds 16). Each batch:
 * δ ~ U(-ε, ε); 10 times δ ← Π(δ + α sign ∇δ CE(f(x + δ), y)) with x + δ kept in [0, 1]; then
 * the per-example adversarial losses (for the small-loss statistics) and one SGD step on their
 * mean. ε = 0.1, α = ε/4. The sample is training images per second; evaluation is not timed.
 */
#include <stdio.h>

#include "experiments/robust/gs-robust.h"
#include "gs-bench-impl.h"

gboolean gs_bench_at_epoch(const GsBenchOptions *o, GArray *samples, GError **error)
{
  g_autoptr(GsParamValues) p = gs_param_values_new(gs_robust_kind.schema);
  const char *sets[][2] = {
      {"train_size", "10000"},  {"balanced", "false"},     {"val_size", "0"},
      {"test_size", "10"},      {"train_eval_size", "10"}, {"hidden", "256,256"},
      {"lr", "0.01"},           {"momentum", "0.9"},       {"weight_decay", "0"},
      {"schedule", "constant"}, {"batch", "128"},          {"train_attack", "pgd"},
      {"train_steps", "10"},    {"epsilon", "0.1"},        {"alpha", "0.25"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(sets); i++)
    if (!gs_param_values_parse(p, sets[i][0], sets[i][1], error)) return FALSE;
  if (o->data && !gs_param_values_parse(p, "data_dir", o->data, error)) return FALSE;
  gint64 epochs = o->repeat + 1;
  gpointer state = gs_robust_kind.init(p, 5, o->be, epochs, error);
  if (!state) return FALSE;

  gsize n = 0;
  double loss = gs_robust_train_epoch(state, 1, NULL, &n); /* warm-up epoch */
  for (int r = 0; r < o->repeat; r++) {
    double t0 = gs_bench_now();
    loss = gs_robust_train_epoch(state, r + 2, NULL, &n);
    gs_backend_sync(o->be);
    double t = gs_bench_now() - t0;
    g_array_append_val(samples, (double){n / t});
  }
  char num[32];
  printf("# %d epochs after a warm-up one; mean adversarial loss of the last %s\n", o->repeat,
         g_ascii_formatd(num, sizeof num, "%.4f", loss));
  gs_robust_kind.free(state);
  return TRUE;
}
