/* gs-snapshot.c — immutable, reference-counted snapshots for the views. */
#include "gs-snapshot.h"

#include <string.h>

typedef struct {
  char *name;
  int ndim;
  gint64 shape[GS_SNAPSHOT_MAX_DIMS];
  float *data;
} Item;

struct _GsSnapshot {
  GObject parent_instance;
  char *kind;
  gint64 step;
  GArray *items;       /* Item */
  GHashTable *scalars; /* name → double* */
  GsMetricView *metrics;
  GArray *group; /* GroupRun */
};

typedef struct {
  char *label, *key;
  GsMetricView *metrics;
  GsSnapshot *last; /* or NULL */
} GroupRun;

static void group_run_clear(GroupRun *r)
{
  g_free(r->label);
  g_free(r->key);
  gs_metric_view_unref(r->metrics);
  g_clear_object(&r->last);
}

struct _GsSnapshotBuilder {
  GsSnapshot *snapshot;
};

G_DEFINE_FINAL_TYPE(GsSnapshot, gs_snapshot, G_TYPE_OBJECT)

static void item_clear(Item *item)
{
  g_free(item->name);
  g_free(item->data);
}

static void gs_snapshot_finalize(GObject *object)
{
  GsSnapshot *self = GS_SNAPSHOT(object);
  g_free(self->kind);
  g_array_unref(self->items);
  g_hash_table_unref(self->scalars);
  gs_metric_view_unref(self->metrics);
  g_array_unref(self->group);
  G_OBJECT_CLASS(gs_snapshot_parent_class)->finalize(object);
}

static void gs_snapshot_class_init(GsSnapshotClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = gs_snapshot_finalize;
}

static void gs_snapshot_init(GsSnapshot *self)
{
  self->items = g_array_new(FALSE, TRUE, sizeof(Item));
  g_array_set_clear_func(self->items, (GDestroyNotify) item_clear);
  self->scalars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  self->group = g_array_new(FALSE, TRUE, sizeof(GroupRun));
  g_array_set_clear_func(self->group, (GDestroyNotify) group_run_clear);
}

void gs_snapshot_builder_add_group_run(GsSnapshotBuilder *b, const char *label, const char *key,
                                       GsMetricView *metrics)
{
  GroupRun r = {g_strdup(label ? label : ""), g_strdup(key ? key : ""),
                metrics ? gs_metric_view_ref(metrics) : NULL};
  g_array_append_val(b->snapshot->group, r);
}

void gs_snapshot_builder_set_group_run_snapshot(GsSnapshotBuilder *b, GsSnapshot *snapshot)
{
  GArray *group = b->snapshot->group;
  g_return_if_fail(group->len > 0 && snapshot != b->snapshot);
  GroupRun *r = &g_array_index(group, GroupRun, group->len - 1);
  g_set_object(&r->last, snapshot);
}

GsSnapshot *gs_snapshot_get_group_run_snapshot(GsSnapshot *self, guint i)
{
  g_return_val_if_fail(i < self->group->len, NULL);
  GroupRun *r = &g_array_index(self->group, GroupRun, i);
  return r->metrics ? r->last : self;
}

guint gs_snapshot_get_n_group_runs(GsSnapshot *self)
{
  return self->group->len;
}

GsMetricView *gs_snapshot_get_group_run(GsSnapshot *self, guint i, const char **label,
                                        const char **key)
{
  g_return_val_if_fail(i < self->group->len, NULL);
  GroupRun *r = &g_array_index(self->group, GroupRun, i);
  if (label) *label = r->label;
  if (key) *key = r->key;
  return r->metrics ? r->metrics : self->metrics;
}

GsSnapshotBuilder *gs_snapshot_builder_new(const char *kind, gint64 step)
{
  GsSnapshotBuilder *b = g_new0(GsSnapshotBuilder, 1);
  b->snapshot = g_object_new(GS_TYPE_SNAPSHOT, NULL);
  b->snapshot->kind = g_strdup(kind);
  b->snapshot->step = step;
  return b;
}

void gs_snapshot_builder_add_floats(GsSnapshotBuilder *b, const char *name, int ndim,
                                    const gint64 *shape, const float *data)
{
  g_assert(ndim >= 0 && ndim <= GS_SNAPSHOT_MAX_DIMS);
  Item item = {.name = g_strdup(name), .ndim = ndim};
  gsize n = 1;
  for (int d = 0; d < ndim; d++) {
    g_assert(shape[d] >= 0);
    item.shape[d] = shape[d];
    n *= (gsize) shape[d];
  }
  item.data = g_memdup2(data, MAX(n, 1) * sizeof(float));
  g_array_append_val(b->snapshot->items, item);
}

void gs_snapshot_builder_add_scalar(GsSnapshotBuilder *b, const char *name, double value)
{
  g_hash_table_insert(b->snapshot->scalars, g_strdup(name), g_memdup2(&value, sizeof value));
}

void gs_snapshot_builder_set_metrics(GsSnapshotBuilder *b, GsMetricView *metrics)
{
  g_clear_pointer(&b->snapshot->metrics, gs_metric_view_unref);
  b->snapshot->metrics = metrics;
}

GsSnapshot *gs_snapshot_builder_end(GsSnapshotBuilder *b)
{
  GsSnapshot *snapshot = b->snapshot;
  if (!snapshot->metrics) {
    GsMetricLog *empty = gs_metric_log_new();
    snapshot->metrics = gs_metric_log_freeze(empty);
    gs_metric_log_free(empty);
  }
  g_free(b);
  return snapshot;
}

const char *gs_snapshot_get_kind(GsSnapshot *self)
{
  return self->kind;
}

gint64 gs_snapshot_get_step(GsSnapshot *self)
{
  return self->step;
}

const float *gs_snapshot_get_floats(GsSnapshot *self, const char *name, int *ndim, gint64 *shape)
{
  for (guint i = 0; i < self->items->len; i++) {
    Item *item = &g_array_index(self->items, Item, i);
    if (strcmp(item->name, name) != 0) continue;
    if (ndim) *ndim = item->ndim;
    if (shape) memcpy(shape, item->shape, sizeof(gint64) * item->ndim);
    return item->data;
  }
  return NULL;
}

gboolean gs_snapshot_get_scalar(GsSnapshot *self, const char *name, double *value)
{
  double *v = g_hash_table_lookup(self->scalars, name);
  if (v && value) *value = *v;
  return v != NULL;
}

GsMetricView *gs_snapshot_get_metrics(GsSnapshot *self)
{
  return self->metrics;
}

GStrv gs_snapshot_list_floats(GsSnapshot *self)
{
  GStrvBuilder *b = g_strv_builder_new();
  for (guint i = 0; i < self->items->len; i++)
    g_strv_builder_add(b, g_array_index(self->items, Item, i).name);
  GStrv out = g_strv_builder_end(b);
  g_strv_builder_unref(b);
  return out;
}
