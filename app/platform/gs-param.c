/* gs-param.c — parameter schemas, values, their checks and their text and JSON forms. */
#include "gs-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "gs-param.h"

G_DEFINE_QUARK(gs - param - error - quark, gs_param_error)

typedef union {
  gboolean b;
  gint64 i;
  double d;
  char *s;      /* choice, string, path */
  GArray *list; /* gint64 */
} GsParamValue;

struct _GsParamValues {
  const GsParamSpec *schema;
  guint n;
  GsParamValue *v;
};

/* --- numbers as text ------------------------------------------------------------------------- */

char *gs_format_double(double d, char buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  if (isnan(d)) return strcpy(buf, "nan");
  if (isinf(d)) return strcpy(buf, d > 0 ? "inf" : "-inf");
  for (int precision = 1; precision <= 17; precision++) {
    char format[8];
    g_snprintf(format, sizeof format, "%%.%dg", precision);
    g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, format, d);
    if (g_ascii_strtod(buf, NULL) == d) break;
  }
  /* "1e-06" → "1e-6", "1e+20" → "1e20": shorter, and what people write. */
  char *e = strchr(buf, 'e');
  if (e) {
    char *src = e + 1, *dst = e + 1;
    if (*src == '+')
      src++;
    else if (*src == '-')
      *dst++ = *src++;
    while (*src == '0' && src[1]) src++;
    memmove(dst, src, strlen(src) + 1);
  }
  return buf;
}

/* --- schemas --------------------------------------------------------------------------------- */

const char *gs_param_type_name(GsParamType type)
{
  static const char *const names[] = {"bool",   "int",  "double",  "choice",
                                      "string", "path", "int-list"};
  g_return_val_if_fail((guint) type < G_N_ELEMENTS(names), "?");
  return names[type];
}

guint gs_schema_length(const GsParamSpec *schema)
{
  guint n = 0;
  while (schema && schema[n].name) n++;
  return n;
}

static int schema_index(const GsParamSpec *schema, const char *name)
{
  for (int i = 0; schema && schema[i].name; i++)
    if (strcmp(schema[i].name, name) == 0) return i;
  return -1;
}

const GsParamSpec *gs_schema_find(const GsParamSpec *schema, const char *name)
{
  int i = schema_index(schema, name);
  return i < 0 ? NULL : &schema[i];
}

static guint edit_distance(const char *a, const char *b)
{
  guint la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) return G_MAXUINT;
  guint row[65];
  for (guint j = 0; j <= lb; j++) row[j] = j;
  for (guint i = 1; i <= la; i++) {
    guint diag = row[0];
    row[0] = i;
    for (guint j = 1; j <= lb; j++) {
      guint up = row[j];
      guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
      diag = up;
    }
  }
  return row[lb];
}

const char *gs_schema_suggest(const GsParamSpec *schema, const char *name)
{
  const char *best = NULL;
  guint best_d = 3;
  for (guint i = 0; schema && schema[i].name; i++) {
    guint d = edit_distance(schema[i].name, name);
    if (d < best_d) best_d = d, best = schema[i].name;
  }
  return best;
}

int gs_param_spec_choice_index(const GsParamSpec *spec, const char *id)
{
  for (int i = 0; spec->choices && spec->choices[i].id; i++)
    if (strcmp(spec->choices[i].id, id) == 0) return i;
  return -1;
}

char *gs_param_spec_describe_allowed(const GsParamSpec *spec)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
  switch (spec->type) {
  case GS_PARAM_BOOL:
    return g_strdup(_("true or false"));
  case GS_PARAM_INT:
  case GS_PARAM_DOUBLE:
    return g_strdup_printf("%s … %s", gs_format_double(spec->min, a),
                           gs_format_double(spec->max, b));
  case GS_PARAM_CHOICE: {
    GString *s = g_string_new(NULL);
    for (int i = 0; spec->choices && spec->choices[i].id; i++)
      g_string_append_printf(s, "%s\"%s\"", i ? ", " : "", spec->choices[i].id);
    return g_string_free(s, FALSE);
  }
  case GS_PARAM_STRING:
  case GS_PARAM_PATH:
    if (spec->max_len > 0)
      return g_strdup_printf(_("text of %d to %d characters"), spec->min_len, spec->max_len);
    return spec->min_len > 0 ? g_strdup_printf(_("text of at least %d characters"), spec->min_len)
                             : g_strdup(_("any text"));
  case GS_PARAM_INT_LIST:
    /* TRANSLATORS: e.g. "0 to 8 integers in 1 … 512, separated by commas" */
    return g_strdup_printf(_("%d to %d integers in %s … %s, separated by commas"), spec->min_len,
                           spec->max_len, gs_format_double(spec->min, a),
                           gs_format_double(spec->max, b));
  }
  return g_strdup("?");
}

static gboolean check_value(const GsParamSpec *spec, const GsParamValue *value, GError **error);
static gboolean parse_text(const GsParamSpec *spec, const char *text, GsParamValue *out,
                           GError **error);
static void value_clear(const GsParamSpec *spec, GsParamValue *value);

static gboolean valid_name(const char *name)
{
  if (!g_ascii_islower(name[0])) return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '_') return FALSE;
  return TRUE;
}

gboolean gs_schema_check(const GsParamSpec *schema, GError **error)
{
  for (guint i = 0; schema[i].name; i++) {
    const GsParamSpec *s = &schema[i];
#define FAIL(...)                                                                                  \
  do {                                                                                             \
    g_autofree char *why = g_strdup_printf(__VA_ARGS__);                                           \
    g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE, "parameter \"%s\": %s", s->name,      \
                why);                                                                              \
    return FALSE;                                                                                  \
  } while (0)
    if (!valid_name(s->name)) FAIL("the name must match [a-z][a-z0-9_]*");
    if (schema_index(schema, s->name) != (int) i) FAIL("the name is used twice");
    if (!s->label || !s->group) FAIL("a label and a group are required");
    if ((guint) s->type > GS_PARAM_INT_LIST) FAIL("unknown type %d", s->type);
    if ((s->type == GS_PARAM_INT || s->type == GS_PARAM_DOUBLE || s->type == GS_PARAM_INT_LIST) &&
        !(s->min <= s->max))
      FAIL("min > max");
    if (s->type == GS_PARAM_INT || s->type == GS_PARAM_INT_LIST)
      if (s->min != floor(s->min) || s->max != floor(s->max)) FAIL("int bounds must be integers");
    if (s->log_scale && (s->type != GS_PARAM_DOUBLE || s->min <= 0))
      FAIL("a logarithmic slider needs a double with min > 0");
    if (s->type == GS_PARAM_CHOICE) {
      if (!s->choices || !s->choices[0].id) FAIL("a choice needs choices");
      for (int c = 0; s->choices[c].id; c++)
        if (gs_param_spec_choice_index(s, s->choices[c].id) != c)
          FAIL("choice \"%s\" appears twice", s->choices[c].id);
    }
    if (s->type == GS_PARAM_INT_LIST && (s->min_len < 0 || s->max_len < s->min_len))
      FAIL("int-list length bounds");
    if (s->relevant_if) {
      g_auto(GStrv) parts = g_strsplit(s->relevant_if, "=", 2);
      const GsParamSpec *other = parts[1] ? gs_schema_find(schema, parts[0]) : NULL;
      if (!other || (other->type != GS_PARAM_CHOICE && other->type != GS_PARAM_BOOL))
        FAIL("relevant_if must name a choice or bool parameter: \"%s\"", s->relevant_if);
      g_auto(GStrv) values = g_strsplit(parts[1], "|", -1);
      for (int k = 0; values[k]; k++)
        if (other->type == GS_PARAM_CHOICE
                ? gs_param_spec_choice_index(other, values[k]) < 0
                : strcmp(values[k], "true") && strcmp(values[k], "false"))
          FAIL("relevant_if names \"%s\", which %s does not allow", values[k], other->name);
    }
    /* The default must pass the spec's own checks. */
    GsParamValue def = {0};
    g_autoptr(GError) local = NULL;
    gboolean ok;
    switch (s->type) {
    case GS_PARAM_BOOL:
      ok = s->def == 0 || s->def == 1;
      break;
    case GS_PARAM_INT:
      def.i = (gint64) s->def;
      ok = def.i == s->def && check_value(s, &def, &local);
      break;
    case GS_PARAM_DOUBLE:
      def.d = s->def;
      ok = check_value(s, &def, &local);
      break;
    default:
      ok = parse_text(s, s->def_text ? s->def_text : "", &def, &local);
      value_clear(s, &def);
      break;
    }
    if (!ok) FAIL("invalid default%s%s", local ? ": " : "", local ? local->message : "");
#undef FAIL
  }
  return TRUE;
}

/* --- single values --------------------------------------------------------------------------- */

static void value_clear(const GsParamSpec *spec, GsParamValue *value)
{
  switch (spec->type) {
  case GS_PARAM_CHOICE:
  case GS_PARAM_STRING:
  case GS_PARAM_PATH:
    g_clear_pointer(&value->s, g_free);
    break;
  case GS_PARAM_INT_LIST:
    g_clear_pointer(&value->list, g_array_unref);
    break;
  default:
    break;
  }
}

static void value_copy(const GsParamSpec *spec, const GsParamValue *src, GsParamValue *dst)
{
  *dst = *src;
  if (spec->type == GS_PARAM_CHOICE || spec->type == GS_PARAM_STRING || spec->type == GS_PARAM_PATH)
    dst->s = g_strdup(src->s);
  else if (spec->type == GS_PARAM_INT_LIST) {
    dst->list = g_array_sized_new(FALSE, FALSE, sizeof(gint64), src->list->len);
    g_array_append_vals(dst->list, src->list->data, src->list->len);
  }
}

static gboolean value_equal(const GsParamSpec *spec, const GsParamValue *a, const GsParamValue *b)
{
  switch (spec->type) {
  case GS_PARAM_BOOL:
    return !a->b == !b->b;
  case GS_PARAM_INT:
    return a->i == b->i;
  case GS_PARAM_DOUBLE:
    return memcmp(&a->d, &b->d, sizeof(double)) == 0;
  case GS_PARAM_INT_LIST:
    return a->list->len == b->list->len &&
           memcmp(a->list->data, b->list->data, a->list->len * sizeof(gint64)) == 0;
  default:
    return g_strcmp0(a->s, b->s) == 0;
  }
}

/* The value as it would be typed, for messages and gs_param_values_format(). */
static char *value_to_text(const GsParamSpec *spec, const GsParamValue *value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  switch (spec->type) {
  case GS_PARAM_BOOL:
    return g_strdup(value->b ? "true" : "false");
  case GS_PARAM_INT:
    return g_strdup_printf("%" G_GINT64_FORMAT, value->i);
  case GS_PARAM_DOUBLE:
    return g_strdup(gs_format_double(value->d, buf));
  case GS_PARAM_INT_LIST: {
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < value->list->len; k++)
      g_string_append_printf(s, "%s%" G_GINT64_FORMAT, k ? "," : "",
                             g_array_index(value->list, gint64, k));
    return g_string_free(s, FALSE);
  }
  default:
    return g_strdup(value->s);
  }
}

static void set_error_allowed(GError **error, int code, const GsParamSpec *spec, const char *shown,
                              const char *problem)
{
  g_autofree char *allowed = gs_param_spec_describe_allowed(spec);
  /* TRANSLATORS: "d_lr": 7 is out of range — allowed 1e-6 … 1 */
  g_set_error(error, GS_PARAM_ERROR, code, _("\"%s\": %s %s — allowed %s"), spec->name, shown,
              problem, allowed);
}

static gboolean check_value(const GsParamSpec *spec, const GsParamValue *value, GError **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  switch (spec->type) {
  case GS_PARAM_BOOL:
    return TRUE;
  case GS_PARAM_INT:
    if (value->i < spec->min || value->i > spec->max) {
      g_autofree char *shown = value_to_text(spec, value);
      set_error_allowed(error, GS_PARAM_ERROR_RANGE, spec, shown, _("is out of range"));
      return FALSE;
    }
    return TRUE;
  case GS_PARAM_DOUBLE:
    if (!isfinite(value->d)) {
      set_error_allowed(error, GS_PARAM_ERROR_TYPE, spec, gs_format_double(value->d, buf),
                        _("is not a finite number"));
      return FALSE;
    }
    if (value->d < spec->min || value->d > spec->max) {
      set_error_allowed(error, GS_PARAM_ERROR_RANGE, spec, gs_format_double(value->d, buf),
                        _("is out of range"));
      return FALSE;
    }
    return TRUE;
  case GS_PARAM_CHOICE:
    if (gs_param_spec_choice_index(spec, value->s) < 0) {
      g_autofree char *shown = g_strdup_printf("\"%s\"", value->s);
      set_error_allowed(error, GS_PARAM_ERROR_RANGE, spec, shown, _("is not one of the choices"));
      return FALSE;
    }
    return TRUE;
  case GS_PARAM_STRING:
  case GS_PARAM_PATH: {
    if (!g_utf8_validate(value->s, -1, NULL)) {
      g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_TYPE, _("\"%s\": the text is not UTF-8"),
                  spec->name);
      return FALSE;
    }
    glong len = g_utf8_strlen(value->s, -1);
    if (len < spec->min_len || (spec->max_len > 0 && len > spec->max_len)) {
      g_autofree char *shown = g_strdup_printf(_("text of %ld characters"), len);
      set_error_allowed(error, GS_PARAM_ERROR_RANGE, spec, shown, _("is too short or too long"));
      return FALSE;
    }
    return TRUE;
  }
  case GS_PARAM_INT_LIST: {
    guint n = value->list->len;
    if ((int) n < spec->min_len || (int) n > spec->max_len) {
      g_autofree char *text = value_to_text(spec, value);
      g_autofree char *shown = g_strdup_printf("\"%s\" (%u)", text, n);
      set_error_allowed(error, GS_PARAM_ERROR_RANGE, spec, shown,
                        _("has the wrong number of entries"));
      return FALSE;
    }
    for (guint k = 0; k < n; k++) {
      gint64 e = g_array_index(value->list, gint64, k);
      if (e < spec->min || e > spec->max) {
        g_autofree char *shown = g_strdup_printf(_("entry %u (%" PRId64 ")"), k + 1, e);
        set_error_allowed(error, GS_PARAM_ERROR_RANGE, spec, shown, _("is out of range"));
        return FALSE;
      }
    }
    return TRUE;
  }
  }
  return FALSE;
}

static gboolean parse_int(const char *text, gint64 *out)
{
  char *end = NULL;
  while (g_ascii_isspace(*text)) text++;
  if (!*text) return FALSE;
  errno = 0;
  gint64 v = g_ascii_strtoll(text, &end, 10);
  if (errno == 0 && end != text) {
    while (g_ascii_isspace(*end)) end++;
    if (!*end) return *out = v, TRUE;
  }
  /* "1e3" is an integer too, when it is one exactly. */
  double d = g_ascii_strtod(text, &end);
  while (g_ascii_isspace(*end)) end++;
  if (end == text || *end || !isfinite(d) || d != floor(d) || fabs(d) > 9.007199254740992e15)
    return FALSE;
  *out = (gint64) d;
  return TRUE;
}

static gboolean parse_text(const GsParamSpec *spec, const char *text, GsParamValue *out,
                           GError **error)
{
  GsParamValue v = {0};
  g_autofree char *shown = g_strdup_printf("\"%s\"", text);
  switch (spec->type) {
  case GS_PARAM_BOOL: {
    g_autofree char *t = g_ascii_strdown(text, -1);
    g_strstrip(t);
    if (!strcmp(t, "true") || !strcmp(t, "1") || !strcmp(t, "yes") || !strcmp(t, "on"))
      v.b = TRUE;
    else if (!strcmp(t, "false") || !strcmp(t, "0") || !strcmp(t, "no") || !strcmp(t, "off"))
      v.b = FALSE;
    else {
      set_error_allowed(error, GS_PARAM_ERROR_TYPE, spec, shown, _("is not a boolean"));
      return FALSE;
    }
    break;
  }
  case GS_PARAM_INT:
    if (!parse_int(text, &v.i)) {
      set_error_allowed(error, GS_PARAM_ERROR_TYPE, spec, shown, _("is not an integer"));
      return FALSE;
    }
    break;
  case GS_PARAM_DOUBLE: {
    char *end = NULL;
    while (g_ascii_isspace(*text)) text++;
    v.d = g_ascii_strtod(text, &end);
    while (end && g_ascii_isspace(*end)) end++;
    if (end == text || *end) {
      set_error_allowed(error, GS_PARAM_ERROR_TYPE, spec, shown, _("is not a number"));
      return FALSE;
    }
    break;
  }
  case GS_PARAM_INT_LIST: {
    v.list = g_array_new(FALSE, FALSE, sizeof(gint64));
    g_autofree char *stripped = g_strstrip(g_strdup(text));
    if (*stripped) {
      g_auto(GStrv) parts = g_strsplit(stripped, ",", -1);
      for (int k = 0; parts[k]; k++) {
        gint64 e;
        if (!parse_int(parts[k], &e)) {
          g_array_unref(v.list);
          set_error_allowed(error, GS_PARAM_ERROR_TYPE, spec, shown,
                            _("is not a list of integers"));
          return FALSE;
        }
        g_array_append_val(v.list, e);
      }
    }
    break;
  }
  default:
    v.s = g_strdup(text);
    break;
  }
  if (!check_value(spec, &v, error)) {
    value_clear(spec, &v);
    return FALSE;
  }
  *out = v;
  return TRUE;
}

/* --- values ---------------------------------------------------------------------------------- */

static void default_value(const GsParamSpec *spec, GsParamValue *out)
{
  switch (spec->type) {
  case GS_PARAM_BOOL:
    out->b = spec->def != 0;
    break;
  case GS_PARAM_INT:
    out->i = (gint64) spec->def;
    break;
  case GS_PARAM_DOUBLE:
    out->d = spec->def;
    break;
  default: {
    g_autoptr(GError) error = NULL;
    if (!parse_text(spec, spec->def_text ? spec->def_text : "", out, &error))
      g_error("parameter \"%s\" has an invalid default: %s", spec->name, error->message);
    break;
  }
  }
}

GsParamValues *gs_param_values_new(const GsParamSpec *schema)
{
  GsParamValues *values = g_new0(GsParamValues, 1);
  values->schema = schema;
  values->n = gs_schema_length(schema);
  values->v = g_new0(GsParamValue, values->n);
  for (guint i = 0; i < values->n; i++) default_value(&schema[i], &values->v[i]);
  return values;
}

GsParamValues *gs_param_values_copy(const GsParamValues *values)
{
  GsParamValues *copy = g_new0(GsParamValues, 1);
  copy->schema = values->schema;
  copy->n = values->n;
  copy->v = g_new0(GsParamValue, copy->n);
  for (guint i = 0; i < copy->n; i++) value_copy(&copy->schema[i], &values->v[i], &copy->v[i]);
  return copy;
}

void gs_param_values_free(GsParamValues *values)
{
  if (!values) return;
  for (guint i = 0; i < values->n; i++) value_clear(&values->schema[i], &values->v[i]);
  g_free(values->v);
  g_free(values);
}

const GsParamSpec *gs_param_values_get_schema(const GsParamValues *values)
{
  return values->schema;
}

gboolean gs_param_values_equal(const GsParamValues *a, const GsParamValues *b)
{
  if (a->schema != b->schema) return FALSE;
  for (guint i = 0; i < a->n; i++)
    if (!value_equal(&a->schema[i], &a->v[i], &b->v[i])) return FALSE;
  return TRUE;
}

/* Index of name, which must exist with one of the given types (a caller's bug otherwise). */
static guint lookup(const GsParamValues *values, const char *name, const char *func, int type_a,
                    int type_b)
{
  int i = schema_index(values->schema, name);
  if (i < 0) g_error("%s: no parameter \"%s\" in this schema", func, name);
  int t = values->schema[i].type;
  if (t != type_a && t != type_b && type_a >= 0)
    g_error("%s: parameter \"%s\" is a %s", func, name, gs_param_type_name(t));
  return (guint) i;
}

static gboolean find_for_set(const GsParamValues *values, const char *name, guint *index,
                             GError **error)
{
  int i = schema_index(values->schema, name);
  if (i < 0) {
    const char *suggestion = gs_schema_suggest(values->schema, name);
    if (suggestion)
      g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_UNKNOWN,
                  _("\"%s\": no such parameter (did you mean \"%s\"?)"), name, suggestion);
    else
      g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_UNKNOWN, _("\"%s\": no such parameter"),
                  name);
    return FALSE;
  }
  *index = (guint) i;
  return TRUE;
}

gboolean gs_param_values_get_bool(const GsParamValues *values, const char *name)
{
  return values->v[lookup(values, name, G_STRFUNC, GS_PARAM_BOOL, GS_PARAM_BOOL)].b;
}

gint64 gs_param_values_get_int(const GsParamValues *values, const char *name)
{
  return values->v[lookup(values, name, G_STRFUNC, GS_PARAM_INT, GS_PARAM_INT)].i;
}

double gs_param_values_get_double(const GsParamValues *values, const char *name)
{
  return values->v[lookup(values, name, G_STRFUNC, GS_PARAM_DOUBLE, GS_PARAM_DOUBLE)].d;
}

const char *gs_param_values_get_string(const GsParamValues *values, const char *name)
{
  guint i = lookup(values, name, G_STRFUNC, -1, -1);
  GsParamType t = values->schema[i].type;
  if (t != GS_PARAM_CHOICE && t != GS_PARAM_STRING && t != GS_PARAM_PATH)
    g_error("%s: parameter \"%s\" is a %s", G_STRFUNC, name, gs_param_type_name(t));
  return values->v[i].s;
}

const gint64 *gs_param_values_get_int_list(const GsParamValues *values, const char *name, guint *n)
{
  guint i = lookup(values, name, G_STRFUNC, GS_PARAM_INT_LIST, GS_PARAM_INT_LIST);
  *n = values->v[i].list->len;
  return (const gint64 *) values->v[i].list->data;
}

/* Check v for parameter i and, when it passes, replace the current value by it. */
static gboolean store_checked(GsParamValues *values, guint i, GsParamValue *v, GError **error)
{
  const GsParamSpec *spec = &values->schema[i];
  if (!check_value(spec, v, error)) {
    value_clear(spec, v);
    return FALSE;
  }
  value_clear(spec, &values->v[i]);
  values->v[i] = *v;
  return TRUE;
}

static gboolean type_error(GError **error, const GsParamSpec *spec, const char *given)
{
  g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_TYPE, _("\"%s\": expected a %s, got %s"),
              spec->name, gs_param_type_name(spec->type), given);
  return FALSE;
}

gboolean gs_param_values_set_bool(GsParamValues *values, const char *name, gboolean value,
                                  GError **error)
{
  guint i;
  if (!find_for_set(values, name, &i, error)) return FALSE;
  if (values->schema[i].type != GS_PARAM_BOOL)
    return type_error(error, &values->schema[i], "a boolean");
  GsParamValue v = {.b = !!value};
  return store_checked(values, i, &v, error);
}

gboolean gs_param_values_set_int(GsParamValues *values, const char *name, gint64 value,
                                 GError **error)
{
  guint i;
  if (!find_for_set(values, name, &i, error)) return FALSE;
  if (values->schema[i].type == GS_PARAM_DOUBLE)
    return gs_param_values_set_double(values, name, (double) value, error);
  if (values->schema[i].type != GS_PARAM_INT)
    return type_error(error, &values->schema[i], "an integer");
  GsParamValue v = {.i = value};
  return store_checked(values, i, &v, error);
}

gboolean gs_param_values_set_double(GsParamValues *values, const char *name, double value,
                                    GError **error)
{
  guint i;
  if (!find_for_set(values, name, &i, error)) return FALSE;
  const GsParamSpec *spec = &values->schema[i];
  if (spec->type == GS_PARAM_INT) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if (!isfinite(value) || value != floor(value) || fabs(value) > 9.007199254740992e15) {
      set_error_allowed(error, GS_PARAM_ERROR_TYPE, spec, gs_format_double(value, buf),
                        _("is not an integer"));
      return FALSE;
    }
    GsParamValue v = {.i = (gint64) value};
    return store_checked(values, i, &v, error);
  }
  if (spec->type != GS_PARAM_DOUBLE) return type_error(error, spec, "a number");
  GsParamValue v = {.d = value};
  return store_checked(values, i, &v, error);
}

gboolean gs_param_values_set_string(GsParamValues *values, const char *name, const char *value,
                                    GError **error)
{
  guint i;
  if (!find_for_set(values, name, &i, error)) return FALSE;
  GsParamType t = values->schema[i].type;
  if (t != GS_PARAM_CHOICE && t != GS_PARAM_STRING && t != GS_PARAM_PATH)
    return type_error(error, &values->schema[i], "a string");
  GsParamValue v = {.s = g_strdup(value)};
  return store_checked(values, i, &v, error);
}

gboolean gs_param_values_set_int_list(GsParamValues *values, const char *name, const gint64 *list,
                                      guint n, GError **error)
{
  guint i;
  if (!find_for_set(values, name, &i, error)) return FALSE;
  if (values->schema[i].type != GS_PARAM_INT_LIST)
    return type_error(error, &values->schema[i], "a list of integers");
  GsParamValue v = {.list = g_array_sized_new(FALSE, FALSE, sizeof(gint64), n)};
  g_array_append_vals(v.list, list, n);
  return store_checked(values, i, &v, error);
}

gboolean gs_param_values_parse(GsParamValues *values, const char *name, const char *text,
                               GError **error)
{
  guint i;
  if (!find_for_set(values, name, &i, error)) return FALSE;
  GsParamValue v;
  if (!parse_text(&values->schema[i], text, &v, error)) return FALSE;
  return store_checked(values, i, &v, error);
}

char *gs_param_values_format(const GsParamValues *values, const char *name)
{
  guint i = lookup(values, name, G_STRFUNC, -1, -1);
  return value_to_text(&values->schema[i], &values->v[i]);
}

char *gs_param_values_describe_changes(const GsParamValues *values, const char *sep)
{
  g_autoptr(GsParamValues) defaults = gs_param_values_new(values->schema);
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < values->n; i++) {
    g_autofree char *now = value_to_text(&values->schema[i], &values->v[i]);
    g_autofree char *def = value_to_text(&values->schema[i], &defaults->v[i]);
    if (g_str_equal(now, def)) continue;
    if (out->len) g_string_append(out, sep);
    g_string_append_printf(out, "%s = %s", values->schema[i].name, now);
  }
  return g_string_free(out, FALSE);
}

void gs_param_values_reset(GsParamValues *values, const char *name)
{
  guint i = lookup(values, name, G_STRFUNC, -1, -1);
  value_clear(&values->schema[i], &values->v[i]);
  default_value(&values->schema[i], &values->v[i]);
}

/* --- JSON ------------------------------------------------------------------------------------ */

static const char *json_kind(JsonNode *node)
{
  switch (json_node_get_node_type(node)) {
  case JSON_NODE_OBJECT:
    return _("an object");
  case JSON_NODE_ARRAY:
    return _("an array");
  case JSON_NODE_NULL:
    return "null";
  default:
    break;
  }
  GType t = json_node_get_value_type(node);
  if (t == G_TYPE_BOOLEAN) return _("a boolean");
  if (t == G_TYPE_STRING) return _("a string");
  return _("a number");
}

static gboolean json_number(JsonNode *node, double *out)
{
  if (!JSON_NODE_HOLDS_VALUE(node)) return FALSE;
  GType t = json_node_get_value_type(node);
  if (t == G_TYPE_INT64) return *out = (double) json_node_get_int(node), TRUE;
  if (t == G_TYPE_DOUBLE) return *out = json_node_get_double(node), TRUE;
  return FALSE;
}

gboolean gs_param_values_set_json(GsParamValues *values, const char *name, JsonNode *node,
                                  GError **error)
{
  guint i;
  if (!find_for_set(values, name, &i, error)) return FALSE;
  const GsParamSpec *spec = &values->schema[i];
  double d;
  switch (spec->type) {
  case GS_PARAM_BOOL:
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_BOOLEAN)
      return type_error(error, spec, json_kind(node));
    return gs_param_values_set_bool(values, name, json_node_get_boolean(node), error);
  case GS_PARAM_INT:
    if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_INT64)
      return gs_param_values_set_int(values, name, json_node_get_int(node), error);
    if (!json_number(node, &d)) return type_error(error, spec, json_kind(node));
    return gs_param_values_set_double(values, name, d, error);
  case GS_PARAM_DOUBLE:
    if (!json_number(node, &d)) return type_error(error, spec, json_kind(node));
    return gs_param_values_set_double(values, name, d, error);
  case GS_PARAM_INT_LIST: {
    if (!JSON_NODE_HOLDS_ARRAY(node)) return type_error(error, spec, json_kind(node));
    JsonArray *array = json_node_get_array(node);
    guint n = json_array_get_length(array);
    g_autofree gint64 *list = g_new0(gint64, MAX(n, 1));
    for (guint k = 0; k < n; k++) {
      JsonNode *e = json_array_get_element(array, k);
      if (!json_number(e, &d) || d != floor(d) || fabs(d) > 9.007199254740992e15) {
        g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_TYPE,
                    _("\"%s\": entry %u is not an integer"), spec->name, k + 1);
        return FALSE;
      }
      list[k] = (gint64) d;
    }
    return gs_param_values_set_int_list(values, name, list, n, error);
  }
  default:
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
      return type_error(error, spec, json_kind(node));
    return gs_param_values_set_string(values, name, json_node_get_string(node), error);
  }
}

JsonNode *gs_param_values_to_json(const GsParamValues *values)
{
  JsonObject *object = json_object_new();
  for (guint i = 0; i < values->n; i++) {
    const GsParamSpec *spec = &values->schema[i];
    const GsParamValue *v = &values->v[i];
    switch (spec->type) {
    case GS_PARAM_BOOL:
      json_object_set_boolean_member(object, spec->name, v->b);
      break;
    case GS_PARAM_INT:
      json_object_set_int_member(object, spec->name, v->i);
      break;
    case GS_PARAM_DOUBLE:
      json_object_set_double_member(object, spec->name, v->d);
      break;
    case GS_PARAM_INT_LIST: {
      JsonArray *array = json_array_sized_new(v->list->len);
      for (guint k = 0; k < v->list->len; k++)
        json_array_add_int_element(array, g_array_index(v->list, gint64, k));
      json_object_set_array_member(object, spec->name, array);
      break;
    }
    default:
      json_object_set_string_member(object, spec->name, v->s);
      break;
    }
  }
  JsonNode *node = json_node_new(JSON_NODE_OBJECT);
  json_node_take_object(node, object);
  return node;
}

GVariant *gs_param_values_to_variant(const GsParamValues *values, const char *name)
{
  guint i = lookup(values, name, G_STRFUNC, -1, -1);
  const GsParamValue *v = &values->v[i];
  switch (values->schema[i].type) {
  case GS_PARAM_BOOL:
    return g_variant_new_boolean(v->b);
  case GS_PARAM_INT:
    return g_variant_new_int64(v->i);
  case GS_PARAM_DOUBLE:
    return g_variant_new_double(v->d);
  case GS_PARAM_INT_LIST:
    return g_variant_new_fixed_array(G_VARIANT_TYPE_INT64, v->list->data, v->list->len,
                                     sizeof(gint64));
  default:
    return g_variant_new_string(v->s);
  }
}

gboolean gs_param_values_set_variant(GsParamValues *values, const char *name, GVariant *value,
                                     GError **error)
{
  /* Take a floating value as g_variant_new_*() gives it, as GLib APIs do. */
  g_autoptr(GVariant) owned = g_variant_ref_sink(value);
  if (g_variant_is_of_type(value, G_VARIANT_TYPE_BOOLEAN))
    return gs_param_values_set_bool(values, name, g_variant_get_boolean(value), error);
  if (g_variant_is_of_type(value, G_VARIANT_TYPE_INT64))
    return gs_param_values_set_int(values, name, g_variant_get_int64(value), error);
  if (g_variant_is_of_type(value, G_VARIANT_TYPE_INT32))
    return gs_param_values_set_int(values, name, g_variant_get_int32(value), error);
  if (g_variant_is_of_type(value, G_VARIANT_TYPE_DOUBLE))
    return gs_param_values_set_double(values, name, g_variant_get_double(value), error);
  if (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING))
    return gs_param_values_set_string(values, name, g_variant_get_string(value, NULL), error);
  if (g_variant_is_of_type(value, G_VARIANT_TYPE("ax"))) {
    gsize n = 0;
    const gint64 *list = g_variant_get_fixed_array(value, &n, sizeof(gint64));
    return gs_param_values_set_int_list(values, name, list, n, error);
  }
  g_set_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_TYPE, _("\"%s\": a value of type %s"), name,
              g_variant_get_type_string(value));
  return FALSE;
}
