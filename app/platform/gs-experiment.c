/* gs-experiment.c — the registry of experiment kinds. */
#include "gs-config.h"

#include "gs-experiment.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

static GMutex registry_lock;
static GPtrArray *registry; /* const GsExperimentKind*, NULL-terminated */

gboolean gs_experiment_variant_is_relative(const GsExperimentVariant *v)
{
  for (guint i = 0; i < G_N_ELEMENTS(v->set) && v->set[i]; i++) {
    const char *eq = strchr(v->set[i], '=');
    if (eq && eq > v->set[i] && eq[-1] == '*') return TRUE;
  }
  return FALSE;
}

/* "NAME*=FACTOR": NAME's value times FACTOR, checked against the schema's range. */
static gboolean apply_relative(GsParamValues *values, const char *name, const char *factor_text,
                               GError **error)
{
  const GsParamSpec *spec = gs_schema_find(gs_param_values_get_schema(values), name);
  if (!spec) return gs_param_values_parse(values, name, "0", error); /* its "unknown" message */
  char *end = NULL;
  double factor = g_ascii_strtod(factor_text, &end);
  if (!*factor_text || *end || !isfinite(factor)) {
    g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_TYPE, _("factor “%s” is not a number"),
                factor_text);
    return FALSE;
  }
  if (spec->type == GS_PARAM_DOUBLE)
    return gs_param_values_set_double(values, name,
                                      gs_param_values_get_double(values, name) * factor, error);
  if (spec->type == GS_PARAM_INT) {
    double scaled = round((double) gs_param_values_get_int(values, name) * factor);
    /* Clamp before the cast so that a huge product still gets the range message. */
    scaled = CLAMP(scaled, (double) G_MININT64 / 2, (double) G_MAXINT64 / 2);
    return gs_param_values_set_int(values, name, (gint64) scaled, error);
  }
  g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_TYPE,
              _("“%s” is a %s parameter; only int and double parameters can be scaled"), name,
              gs_param_type_name(spec->type));
  return FALSE;
}

gboolean gs_experiment_variant_apply(const GsExperimentVariant *v, GsParamValues *values,
                                     GError **error)
{
  GsParamValues *out = values;
  for (guint i = 0; i < G_N_ELEMENTS(v->set) && v->set[i]; i++) {
    g_auto(GStrv) pair = g_strsplit(v->set[i], "=", 2);
    gsize len = strlen(pair[0]);
    gboolean ok;
    if (!pair[1]) {
      g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_TYPE, _("not NAME=VALUE or NAME*=FACTOR"));
      ok = FALSE;
    } else if (len > 1 && pair[0][len - 1] == '*') {
      pair[0][len - 1] = '\0';
      ok = apply_relative(out, pair[0], pair[1], error);
    } else {
      ok = gs_param_values_parse(out, pair[0], pair[1], error);
    }
    if (!ok) {
      /* TRANSLATORS: variant "weak-eps" (epsilon*=0.5): <what is wrong> */
      g_prefix_error(error, _("variant %s (%s): "), v->id, v->set[i]);
      return FALSE;
    }
  }
  return TRUE;
}

void gs_experiment_kind_register(const GsExperimentKind *kind)
{
  g_autoptr(GError) error = NULL;
  g_assert(kind->id && kind->title && kind->init && kind->step && kind->free);
  if (!gs_schema_check(kind->schema, &error))
    g_error("experiment kind \"%s\": %s", kind->id, error->message);
  /* A variant's overrides are static text: check them once, like the schema (on the defaults;
   * a relative override's range depends on the file and is checked at launch). */
  for (const GsExperimentVariant *v = kind->variants; v && v->id; v++) {
    g_autoptr(GsParamValues) values = gs_param_values_new(kind->schema);
    g_assert(v->label && v->set[0] && kind->variants_action);
    if (v == kind->variants && gs_experiment_variant_is_relative(v))
      g_error("experiment kind \"%s\", variant \"%s\": the first variant's overrides must be "
              "absolute (NAME=VALUE)",
              kind->id, v->id);
    if (!gs_experiment_variant_apply(v, values, &error))
      g_error("experiment kind \"%s\": bad override: %s", kind->id, error->message);
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
