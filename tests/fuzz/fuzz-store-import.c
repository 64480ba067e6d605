/* fuzz-store-import.c — libFuzzer harness for importing a run store (`runs merge`): any file
 * is either merged or refused with a message, and the destination store stays consistent. */
#include <glib/gstdio.h>
#include <stdint.h>
#include <unistd.h>

#include "platform/gs-store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir, *source, *dest;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!dir) {
    dir = g_dir_make_tmp("gs-fuzz-store-XXXXXX", NULL);
    source = g_build_filename(dir, "source.sqlite", NULL);
    dest = g_build_filename(dir, "dest.sqlite", NULL);
  }
  g_unlink(dest);
  g_autofree char *wal = g_strconcat(source, "-wal", NULL),
                  *shm = g_strconcat(source, "-shm", NULL);
  g_unlink(wal);
  g_unlink(shm);
  if (!g_file_set_contents(source, (const char *) data, size, NULL)) return 0;
  GError *error = NULL;
  GsStore *store = gs_store_open(dest, &error);
  if (!store) __builtin_trap();
  GsMergeStats stats;
  if (!gs_store_merge(store, source, &stats, &error)) {
    if (!error || !error->message[0]) __builtin_trap();
    g_clear_error(&error);
  } else {
    /* merged runs can be listed and read back */
    GPtrArray *runs = gs_store_list_runs(store, NULL, &error);
    if (!runs) __builtin_trap();
    for (guint i = 0; i < runs->len; i++) {
      GsMetricView *m = gs_store_load_metrics(store, ((GsRunInfo *) runs->pdata[i])->id, NULL);
      if (m) gs_metric_view_unref(m);
    }
    g_ptr_array_unref(runs);
  }
  if (!gs_store_check(store, &error)) __builtin_trap();
  gs_store_close(store);
  return 0;
}
