/* gs-checkpoint.c — gs_params ⇄ safetensors images in GBytes, with GError messages. */
#include "gs-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "gs-checkpoint.h"
#include "gs-safetensors.h"

G_DEFINE_QUARK(gs - checkpoint - error - quark, gs_checkpoint_error)

GBytes *gs_checkpoint_encode(const gs_params *params, const char *const *meta_kv, GError **error)
{
  gs_error err = {0};
  uint8_t *out = NULL;
  size_t len = 0;
  if (gs_st_encode(params, meta_kv, &out, &len, &err) != 0) {
    g_set_error(error, GS_CHECKPOINT_ERROR, 1, _("cannot write the checkpoint: %s"), err.msg);
    return NULL;
  }
  return g_bytes_new_with_free_func(out, len, free, out);
}

gboolean gs_checkpoint_decode(GBytes *blob, const gs_params *params, GHashTable **meta,
                              GError **error)
{
  gs_error err = {0};
  gsize len = 0;
  const uint8_t *data = g_bytes_get_data(blob, &len);
  gs_st_file *file = gs_st_parse(data, len, &err);
  if (!file || gs_st_load_into(file, params, FALSE, &err) != 0) {
    g_set_error(error, GS_CHECKPOINT_ERROR, 1, _("the checkpoint does not fit: %s"), err.msg);
    gs_st_file_free(file);
    return FALSE;
  }
  if (meta) {
    *meta = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (int i = 0; i < file->n_meta; i++)
      g_hash_table_insert(*meta, g_strdup(file->meta_keys[i]), g_strdup(file->meta_values[i]));
  }
  gs_st_file_free(file);
  return TRUE;
}

gboolean gs_checkpoint_meta_u64(GHashTable *meta, const char *key, guint64 *out, GError **error)
{
  const char *text = g_hash_table_lookup(meta, key);
  char *end = NULL;
  if (text) {
    errno = 0;
    guint64 v = g_ascii_strtoull(text, &end, 10);
    if (errno == 0 && end != text && *end == '\0') return *out = v, TRUE;
  }
  g_set_error(error, GS_CHECKPOINT_ERROR, 2, _("the checkpoint has no valid \"%s\""), key);
  return FALSE;
}
