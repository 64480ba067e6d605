/* gs-checkpoint.h — checkpoints as safetensors images, for GsExperimentKind.save/restore.
 *
 * An experiment lists every tensor of its training state (weights, optimizer moments) in one
 * gs_params and its counters (step, random stream positions) as metadata:
 *
 *     GBytes *toy_save(gpointer state, GError **error) {
 *       g_autofree char *counter = g_strdup_printf("%" G_GUINT64_FORMAT, s->rng.counter);
 *       const char *meta[] = {"rng.counter", counter, NULL};
 *       return gs_checkpoint_encode(&s->all_params, meta, error);
 *     }
 *     gboolean toy_restore(gpointer state, GBytes *blob, GError **error) {
 *       g_autoptr(GHashTable) meta = NULL;
 *       if (!gs_checkpoint_decode(blob, &s->all_params, &meta, error)) return FALSE;
 *       return gs_checkpoint_meta_u64(meta, "rng.counter", &s->rng.counter, error);
 *     }
 */
#ifndef GS_CHECKPOINT_H
#define GS_CHECKPOINT_H

#include <glib.h>

#include "gs-nn.h"

G_BEGIN_DECLS

#define GS_CHECKPOINT_ERROR (gs_checkpoint_error_quark())
GQuark gs_checkpoint_error_quark(void);

/* meta_kv = {key, value, …, NULL}; may be NULL. */
GBytes *gs_checkpoint_encode(const gs_params *params, const char *const *meta_kv, GError **error);
/* Loads every tensor of params (same names and shapes); meta receives the metadata (string →
 * string) when not NULL. */
gboolean gs_checkpoint_decode(GBytes *blob, const gs_params *params, GHashTable **meta,
                              GError **error);
gboolean gs_checkpoint_meta_u64(GHashTable *meta, const char *key, guint64 *out, GError **error);

G_END_DECLS

#endif /* GS_CHECKPOINT_H */
