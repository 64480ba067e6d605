/* gs-metrics.c — append-only chunked metric history with frozen views. */
#include "gs-metrics.h"

#include <string.h>

#define CHUNK_ROWS 4096

typedef struct {
  GsMetricRow rows[CHUNK_ROWS];
} Chunk;

typedef struct {
  char *name;
  GPtrArray *chunks; /* Chunk*, shared (atomic refcounted boxes) with views */
  gsize n;
} Series;

struct _GsMetricLog {
  GPtrArray *series; /* Series* */
  GHashTable *index; /* name → index + 1 */
};

typedef struct {
  char *name;
  Chunk **chunks; /* references */
  guint n_chunks;
  gsize n;
} ViewSeries;

struct _GsMetricView {
  gatomicrefcount rc;
  guint n_series;
  ViewSeries *series;
};

static void series_free(Series *s)
{
  g_free(s->name);
  g_ptr_array_unref(s->chunks);
  g_free(s);
}

GsMetricLog *gs_metric_log_new(void)
{
  GsMetricLog *log = g_new0(GsMetricLog, 1);
  log->series = g_ptr_array_new_with_free_func((GDestroyNotify) series_free);
  log->index = g_hash_table_new(g_str_hash, g_str_equal);
  return log;
}

void gs_metric_log_free(GsMetricLog *log)
{
  if (!log) return;
  g_hash_table_unref(log->index);
  g_ptr_array_unref(log->series);
  g_free(log);
}

void gs_metric_log_add(GsMetricLog *log, gint64 step, const char *name, double value)
{
  guint i = GPOINTER_TO_UINT(g_hash_table_lookup(log->index, name));
  Series *s;
  if (i == 0) {
    s = g_new0(Series, 1);
    s->name = g_strdup(name);
    s->chunks = g_ptr_array_new_with_free_func((GDestroyNotify) g_atomic_rc_box_release);
    g_ptr_array_add(log->series, s);
    g_hash_table_insert(log->index, s->name, GUINT_TO_POINTER(log->series->len));
  } else {
    s = log->series->pdata[i - 1];
  }
  if (s->n % CHUNK_ROWS == 0) g_ptr_array_add(s->chunks, g_atomic_rc_box_new(Chunk));
  Chunk *c = s->chunks->pdata[s->n / CHUNK_ROWS];
  c->rows[s->n % CHUNK_ROWS] = (GsMetricRow){step, value};
  s->n++;
}

GsMetricView *gs_metric_log_freeze(GsMetricLog *log)
{
  GsMetricView *view = g_new0(GsMetricView, 1);
  g_atomic_ref_count_init(&view->rc);
  view->n_series = log->series->len;
  view->series = g_new0(ViewSeries, view->n_series);
  for (guint i = 0; i < view->n_series; i++) {
    Series *s = log->series->pdata[i];
    ViewSeries *v = &view->series[i];
    v->name = g_strdup(s->name);
    v->n = s->n;
    v->n_chunks = s->chunks->len;
    v->chunks = g_new(Chunk *, v->n_chunks);
    for (guint c = 0; c < v->n_chunks; c++)
      v->chunks[c] = g_atomic_rc_box_acquire(s->chunks->pdata[c]);
  }
  return view;
}

GsMetricView *gs_metric_view_ref(GsMetricView *view)
{
  g_atomic_ref_count_inc(&view->rc);
  return view;
}

void gs_metric_view_unref(GsMetricView *view)
{
  if (!view || !g_atomic_ref_count_dec(&view->rc)) return;
  for (guint i = 0; i < view->n_series; i++) {
    for (guint c = 0; c < view->series[i].n_chunks; c++)
      g_atomic_rc_box_release(view->series[i].chunks[c]);
    g_free(view->series[i].chunks);
    g_free(view->series[i].name);
  }
  g_free(view->series);
  g_free(view);
}

guint gs_metric_view_n_series(const GsMetricView *view)
{
  return view->n_series;
}

const char *gs_metric_view_name(const GsMetricView *view, guint series)
{
  g_return_val_if_fail(series < view->n_series, NULL);
  return view->series[series].name;
}

int gs_metric_view_find(const GsMetricView *view, const char *name)
{
  for (guint i = 0; i < view->n_series; i++)
    if (strcmp(view->series[i].name, name) == 0) return (int) i;
  return -1;
}

gsize gs_metric_view_length(const GsMetricView *view, guint series)
{
  g_return_val_if_fail(series < view->n_series, 0);
  return view->series[series].n;
}

GsMetricRow gs_metric_view_row(const GsMetricView *view, guint series, gsize k)
{
  g_assert(series < view->n_series && k < view->series[series].n);
  return view->series[series].chunks[k / CHUNK_ROWS]->rows[k % CHUNK_ROWS];
}
