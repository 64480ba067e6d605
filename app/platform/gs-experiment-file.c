/* gs-experiment-file.c — reading, checking and writing *.ganscape.json. */
#include "gs-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "gs-experiment-file.h"
#include "gs-json.h"

G_DEFINE_QUARK(gs - experiment - file - error - quark, gs_experiment_file_error)

#define MAX_SEED  G_GINT64_CONSTANT(9007199254740991) /* 2^53 - 1: exact in every JSON reader */
#define MAX_STEPS G_GINT64_CONSTANT(1000000000000)

static const char *const known_top[] = {"format", "version", "kind",  "seed", "backend",
                                        "steps",  "params",  "notes", NULL};

GsExperimentFile *gs_experiment_file_new(const GsExperimentKind *kind)
{
  GsExperimentFile *f = g_new0(GsExperimentFile, 1);
  f->kind = kind;
  f->backend = g_strdup("auto");
  f->steps = kind->default_steps > 0 ? kind->default_steps : 1;
  f->params = gs_param_values_new(kind->schema);
  f->unknown_top = json_object_new();
  f->unknown_params = json_object_new();
  f->warnings = g_ptr_array_new_with_free_func(g_free);
  return f;
}

GsExperimentFile *gs_experiment_file_copy(const GsExperimentFile *file)
{
  GsExperimentFile *f = g_new0(GsExperimentFile, 1);
  f->kind = file->kind;
  f->seed = file->seed;
  f->backend = g_strdup(file->backend);
  f->steps = file->steps;
  f->params = gs_param_values_copy(file->params);
  f->notes = g_strdup(file->notes);
  f->unknown_top = json_object_ref(file->unknown_top);
  f->unknown_params = json_object_ref(file->unknown_params);
  f->warnings = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < file->warnings->len; i++)
    g_ptr_array_add(f->warnings, g_strdup(file->warnings->pdata[i]));
  return f;
}

GsExperimentFile *gs_experiment_file_for_variant(const GsExperimentFile *file,
                                                 const GsExperimentVariant *variant, GError **error)
{
  g_autoptr(GsExperimentFile) f = gs_experiment_file_copy(file);
  if (!gs_experiment_variant_apply(variant, f->params, error)) return NULL;
  return g_steal_pointer(&f);
}

const GsExperimentVariant *gs_experiment_file_match_variant(const GsExperimentFile *file,
                                                            const GsExperimentFile *reference)
{
  const GsParamValues *base = reference ? reference->params : file->params;
  for (const GsExperimentVariant *v = file->kind->variants; v && v->id; v++) {
    if (!reference && gs_experiment_variant_is_relative(v)) continue;
    g_autoptr(GsParamValues) expected = gs_param_values_copy(base);
    if (gs_experiment_variant_apply(v, expected, NULL) &&
        gs_param_values_equal(expected, file->params))
      return v;
  }
  return NULL;
}

const GsExperimentVariant *gs_experiment_file_find_variant(const GsExperimentFile *file)
{
  return gs_experiment_file_match_variant(file, NULL);
}

char *gs_experiment_group_new_id(void)
{
  g_autofree char *uuid = g_uuid_string_random();
  return g_strdup_printf("group-%.8s", uuid);
}

void gs_experiment_file_free(GsExperimentFile *file)
{
  if (!file) return;
  g_free(file->backend);
  gs_param_values_free(file->params);
  g_free(file->notes);
  json_object_unref(file->unknown_top);
  json_object_unref(file->unknown_params);
  g_ptr_array_unref(file->warnings);
  g_free(file);
}

const GPtrArray *gs_experiment_file_get_warnings(const GsExperimentFile *file)
{
  return file->warnings;
}

typedef struct {
  const char *name;
  GsJsonDoc *doc; /* NULL for values that come from the store */
  GString *errors;
  guint n_errors;
} Reader;

static char *where(Reader *r, JsonNode *node)
{
  guint line = r->doc && node ? gs_json_doc_line(r->doc, node) : 0;
  return line ? g_strdup_printf("%s:%u: ", r->name, line) : g_strdup_printf("%s: ", r->name);
}

static void add_error(Reader *r, JsonNode *node, const char *message)
{
  g_autofree char *at = where(r, node);
  g_string_append_printf(r->errors, "%s%s%s", r->n_errors ? "\n" : "", at, message);
  r->n_errors++;
}

static gboolean get_integer(JsonNode *node, gint64 *out)
{
  if (!JSON_NODE_HOLDS_VALUE(node)) return FALSE;
  GType t = json_node_get_value_type(node);
  if (t == G_TYPE_INT64) return *out = json_node_get_int(node), TRUE;
  if (t == G_TYPE_DOUBLE) {
    double d = json_node_get_double(node);
    if (d == (double) (gint64) d && d >= -9.007199254740992e15 && d <= 9.007199254740992e15)
      return *out = (gint64) d, TRUE;
  }
  return FALSE;
}

static const char *get_string(JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) return NULL;
  return json_node_get_string(node);
}

static gboolean valid_backend(const char *b)
{
  return !strcmp(b, "auto") || !strcmp(b, "cpu") || !strcmp(b, "vulkan");
}

/* Reads params into file, reporting unknown names as warnings and bad values as errors. */
static void read_params(Reader *r, GsExperimentFile *file, JsonNode *params_node)
{
  JsonObject *params = json_node_get_object(params_node);
  g_autoptr(GList) members = json_object_get_members(params);
  for (GList *l = members; l; l = l->next) {
    const char *name = l->data;
    JsonNode *value = json_object_get_member(params, name);
    if (!gs_schema_find(file->kind->schema, name)) {
      const char *suggestion = gs_schema_suggest(file->kind->schema, name);
      g_autofree char *at = where(r, value);
      g_autofree char *hint =
          suggestion ? g_strdup_printf(_(" (did you mean \"%s\"?)"), suggestion) : g_strdup("");
      g_ptr_array_add(file->warnings,
                      g_strdup_printf(_("%sparams.%s: \"%s\" has no such parameter%s; kept in the "
                                        "file but not used"),
                                      at, name, file->kind->id, hint));
      json_object_set_member(file->unknown_params, name, json_node_copy(value));
      continue;
    }
    g_autoptr(GError) error = NULL;
    if (!gs_param_values_set_json(file->params, name, value, &error))
      add_error(r, value, error->message);
  }
}

static GsExperimentFile *read_root(Reader *r, JsonNode *root, GError **error)
{
  if (!JSON_NODE_HOLDS_OBJECT(root)) {
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_SYNTAX,
                _("%s: not an experiment file: the top level must be a JSON object"), r->name);
    return NULL;
  }
  JsonObject *top = json_node_get_object(root);
  JsonNode *format = json_object_get_member(top, "format");
  const char *format_text = format ? get_string(format) : NULL;
  if (g_strcmp0(format_text, "ganscape-experiment") != 0) {
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_FORMAT,
                _("%s: not an experiment file: \"format\" must be \"ganscape-experiment\""),
                r->name);
    return NULL;
  }
  JsonNode *version_node = json_object_get_member(top, "version");
  gint64 version = 0;
  if (!version_node || !get_integer(version_node, &version) || version < 1) {
    g_autofree char *at = where(r, version_node);
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_FORMAT,
                _("%s\"version\" must be a positive integer"), at);
    return NULL;
  }
  if (version > GS_EXPERIMENT_FILE_VERSION) {
    g_autofree char *at = where(r, version_node);
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_FORMAT,
                _("%sthe file has format version %" PRId64
                  "; this Ganscape reads version %d: update Ganscape"),
                at, version, GS_EXPERIMENT_FILE_VERSION);
    return NULL;
  }
  JsonNode *kind_node = json_object_get_member(top, "kind");
  const char *kind_id = kind_node ? get_string(kind_node) : NULL;
  const GsExperimentKind *kind = kind_id ? gs_experiment_kind_lookup(kind_id) : NULL;
  if (!kind) {
    g_autofree char *at = where(r, kind_node);
    g_autofree char *known = gs_experiment_kinds_list_ids();
    if (kind_id)
      g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_KIND,
                  _("%s\"kind\": \"%s\" is not an experiment kind of this Ganscape — known: %s"),
                  at, kind_id, known);
    else
      g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_KIND,
                  _("%s\"kind\" must be a string naming the experiment — known: %s"), at, known);
    return NULL;
  }

  g_autoptr(GsExperimentFile) file = gs_experiment_file_new(kind);
  JsonNode *node;
  if ((node = json_object_get_member(top, "seed"))) {
    gint64 seed;
    if (!get_integer(node, &seed) || seed < 0 || seed > MAX_SEED)
      add_error(r, node, _("\"seed\" must be an integer in 0 … 9007199254740991"));
    else
      file->seed = (guint64) seed;
  }
  if ((node = json_object_get_member(top, "backend"))) {
    const char *b = get_string(node);
    if (!b || !valid_backend(b))
      add_error(r, node, _("\"backend\" must be \"auto\", \"cpu\" or \"vulkan\""));
    else
      g_free(file->backend), file->backend = g_strdup(b);
  }
  if ((node = json_object_get_member(top, "steps"))) {
    gint64 steps;
    if (!get_integer(node, &steps) || steps < 1 || steps > MAX_STEPS)
      add_error(r, node, _("\"steps\" must be an integer in 1 … 1e12"));
    else
      file->steps = steps;
  }
  if ((node = json_object_get_member(top, "notes")) && !JSON_NODE_HOLDS_NULL(node)) {
    const char *n = get_string(node);
    if (!n)
      add_error(r, node, _("\"notes\" must be a string"));
    else
      file->notes = g_strdup(n);
  }
  if ((node = json_object_get_member(top, "params"))) {
    if (!JSON_NODE_HOLDS_OBJECT(node))
      add_error(r, node, _("\"params\" must be an object"));
    else
      read_params(r, file, node);
  }
  g_autoptr(GList) members = json_object_get_members(top);
  for (GList *l = members; l; l = l->next) {
    if (g_strv_contains(known_top, l->data)) continue;
    JsonNode *value = json_object_get_member(top, l->data);
    g_autofree char *at = where(r, value);
    g_ptr_array_add(file->warnings,
                    g_strdup_printf(_("%s%s: unknown member; kept in the file but not used"), at,
                                    (const char *) l->data));
    json_object_set_member(file->unknown_top, l->data, json_node_copy(value));
  }
  if (r->n_errors) {
    /* Unknown members often explain the errors (a misspelt name): report them too. */
    for (guint i = 0; i < file->warnings->len; i++)
      g_string_append_printf(r->errors, "\n%s: %s", _("warning"),
                             (const char *) file->warnings->pdata[i]);
    g_set_error_literal(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_INVALID,
                        r->errors->str);
    return NULL;
  }
  return g_steal_pointer(&file);
}

GsExperimentFile *gs_experiment_file_load_data(const char *data, gssize len,
                                               const char *display_name, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GsJsonDoc) doc = gs_json_doc_parse(data, len, &local);
  if (!doc) {
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_SYNTAX, "%s: %s",
                display_name, local->message);
    return NULL;
  }
  Reader r = {.name = display_name, .doc = doc, .errors = g_string_new(NULL)};
  GsExperimentFile *file = read_root(&r, gs_json_doc_root(doc), error);
  g_string_free(r.errors, TRUE);
  if (file) {
    const GPtrArray *dups = gs_json_doc_duplicates(doc);
    for (guint i = 0; i < dups->len; i++)
      g_ptr_array_add(file->warnings,
                      g_strdup_printf(_("%s: member %s appears twice; the last one is used"),
                                      display_name, (const char *) dups->pdata[i]));
  }
  return file;
}

GsExperimentFile *gs_experiment_file_load(const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(path, &data, &len, &local)) {
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_SYNTAX, "%s",
                local->message);
    return NULL;
  }
  g_autofree char *name = g_filename_display_basename(path);
  return gs_experiment_file_load_data(data, len, name, error);
}

static JsonNode *file_to_json(const GsExperimentFile *file)
{
  JsonObject *top = json_object_new();
  json_object_set_string_member(top, "format", "ganscape-experiment");
  json_object_set_int_member(top, "version", GS_EXPERIMENT_FILE_VERSION);
  json_object_set_string_member(top, "kind", file->kind->id);
  json_object_set_int_member(top, "seed", (gint64) file->seed);
  json_object_set_string_member(top, "backend", file->backend);
  json_object_set_int_member(top, "steps", file->steps);
  JsonNode *params = gs_param_values_to_json(file->params);
  g_autoptr(GList) extra_params = json_object_get_members(file->unknown_params);
  for (GList *l = extra_params; l; l = l->next)
    json_object_set_member(json_node_get_object(params), l->data,
                           json_node_copy(json_object_get_member(file->unknown_params, l->data)));
  json_object_set_member(top, "params", params);
  if (file->notes) json_object_set_string_member(top, "notes", file->notes);
  g_autoptr(GList) extra = json_object_get_members(file->unknown_top);
  for (GList *l = extra; l; l = l->next)
    json_object_set_member(top, l->data,
                           json_node_copy(json_object_get_member(file->unknown_top, l->data)));
  JsonNode *root = json_node_new(JSON_NODE_OBJECT);
  json_node_take_object(root, top);
  return root;
}

char *gs_experiment_file_to_data(const GsExperimentFile *file)
{
  g_autoptr(JsonNode) root = file_to_json(file);
  return gs_json_to_string(root);
}

gboolean gs_experiment_file_save(const GsExperimentFile *file, const char *path, GError **error)
{
  g_autofree char *data = gs_experiment_file_to_data(file);
  return g_file_set_contents(path, data, -1, error);
}

GsExperimentFile *gs_experiment_file_from_run(const char *kind, const char *params_json,
                                              guint64 seed, const char *backend, gint64 steps,
                                              const char *notes, GError **error)
{
  const GsExperimentKind *k = gs_experiment_kind_lookup(kind);
  if (!k) {
    g_autofree char *known = gs_experiment_kinds_list_ids();
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_KIND,
                _("the run is of kind \"%s\", which this Ganscape does not have — known: %s"), kind,
                known);
    return NULL;
  }
  g_autoptr(GError) local = NULL;
  g_autoptr(GsJsonDoc) doc = gs_json_doc_parse(params_json, -1, &local);
  if (!doc || !JSON_NODE_HOLDS_OBJECT(gs_json_doc_root(doc))) {
    g_set_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_SYNTAX,
                _("the run's parameters are not a JSON object"));
    return NULL;
  }
  g_autoptr(GsExperimentFile) file = gs_experiment_file_new(k);
  Reader r = {.name = _("stored run"), .doc = NULL, .errors = g_string_new(NULL)};
  read_params(&r, file, gs_json_doc_root(doc));
  if (r.n_errors) {
    g_set_error_literal(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_INVALID,
                        r.errors->str);
    g_string_free(r.errors, TRUE);
    return NULL;
  }
  g_string_free(r.errors, TRUE);
  file->seed = seed;
  if (backend && valid_backend(backend)) g_free(file->backend), file->backend = g_strdup(backend);
  if (steps >= 1) file->steps = steps;
  file->notes = g_strdup(notes);
  return g_steal_pointer(&file);
}
