/* gs-experiment.c — the registry of experiment kinds. */
#include "gs-experiment.h"

#include <string.h>

static GMutex registry_lock;
static GPtrArray *registry; /* const GsExperimentKind*, NULL-terminated */

void gs_experiment_kind_register(const GsExperimentKind *kind)
{
  g_autoptr(GError) error = NULL;
  g_assert(kind->id && kind->title && kind->init && kind->step && kind->free);
  if (!gs_schema_check(kind->schema, &error))
    g_error("experiment kind \"%s\": %s", kind->id, error->message);
  /* A variant's overrides are static text: check them once, like the schema. */
  for (const GsExperimentVariant *v = kind->variants; v && v->id; v++) {
    g_autoptr(GsParamValues) values = gs_param_values_new(kind->schema);
    g_assert(v->label && v->set[0] && kind->variants_action);
    for (guint i = 0; i < G_N_ELEMENTS(v->set) && v->set[i]; i++) {
      g_auto(GStrv) pair = g_strsplit(v->set[i], "=", 2);
      if (!pair[1] || !gs_param_values_parse(values, pair[0], pair[1], &error))
        g_error("experiment kind \"%s\", variant \"%s\": bad override \"%s\"%s%s", kind->id, v->id,
                v->set[i], error ? ": " : "", error ? error->message : "");
    }
  }
  g_mutex_lock(&registry_lock);
  if (!registry) {
    registry = g_ptr_array_new();
    g_ptr_array_add(registry, NULL);
  }
  for (guint i = 0; i + 1 < registry->len; i++) {
    const GsExperimentKind *k = registry->pdata[i];
    if (k == kind) {
      g_mutex_unlock(&registry_lock);
      return;
    }
    if (strcmp(k->id, kind->id) == 0) g_error("two experiment kinds are called \"%s\"", kind->id);
  }
  registry->pdata[registry->len - 1] = (gpointer) kind;
  g_ptr_array_add(registry, NULL);
  g_mutex_unlock(&registry_lock);
}

const GsExperimentKind *gs_experiment_kind_lookup(const char *id)
{
  guint n;
  const GsExperimentKind *const *kinds = gs_experiment_kinds(&n);
  for (guint i = 0; i < n; i++)
    if (strcmp(kinds[i]->id, id) == 0) return kinds[i];
  return NULL;
}

const GsExperimentKind *const *gs_experiment_kinds(guint *n)
{
  static const GsExperimentKind *const none[] = {NULL};
  g_mutex_lock(&registry_lock);
  const GsExperimentKind *const *out =
      registry ? (const GsExperimentKind *const *) registry->pdata : none;
  if (n) *n = registry ? registry->len - 1 : 0;
  g_mutex_unlock(&registry_lock);
  return out;
}

char *gs_experiment_kinds_list_ids(void)
{
  guint n;
  const GsExperimentKind *const *kinds = gs_experiment_kinds(&n);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < n; i++) g_string_append_printf(s, "%s\"%s\"", i ? ", " : "", kinds[i]->id);
  if (n == 0) g_string_append(s, "none");
  return g_string_free(s, FALSE);
}
