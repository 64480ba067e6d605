/* gs-param.h — parameter schemas and resolved parameter values.
 *
 * One schema per experiment kind drives everything: the GUI form, the validation of experiment
 * files, the CLI's `--set name=value`, and the resolved values recorded in the run store.
 * A schema is a static array of specs ended by an entry whose name is NULL:
 *
 *     static const GsParamChoice loss_choices[] = {
 *       {"ns", N_("Non-saturating")}, {"lsgan", N_("Least squares")}, {NULL, NULL}};
 *     static const GsParamSpec schema[] = {
 *       {.name = "d_lr", .type = GS_PARAM_DOUBLE, .label = N_("D learning rate"),
 *        .group = N_("Training"), .min = 1e-6, .max = 1, .def = 1e-3, .log_scale = TRUE,
 *        .live = TRUE, .help = N_("Step size of the discriminator's optimizer")},
 *       {.name = "loss", .type = GS_PARAM_CHOICE, .label = N_("Loss"), .group = N_("Training"),
 *        .choices = loss_choices, .def_text = "ns"},
 *       {.name = "d_widths", .type = GS_PARAM_INT_LIST, .label = N_("D hidden layers"),
 *        .min = 1, .max = 512, .min_len = 0, .max_len = 8, .def_text = "64,64"},
 *       {NULL}};
 *
 *     GsParamValues *v = gs_param_values_new(schema);         // every default
 *     if (!gs_param_values_parse(v, "d_lr", "7", &error))     // CLI --set, form text
 *       g_printerr("%s\n", error->message);  // "d_lr": 7 is out of range — allowed 1e-6 … 1
 *     double lr = gs_param_values_get_double(v, "d_lr");
 *
 * Values are written to files and the store as JSON (gs_param_values_to_json) and read back
 * member by member (gs_param_values_set_json), with the same checks and messages.
 * Getting a parameter under the wrong name or type is a bug in the caller and aborts.
 */
#ifndef GS_PARAM_H
#define GS_PARAM_H

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  GS_PARAM_BOOL,
  GS_PARAM_INT,
  GS_PARAM_DOUBLE,
  GS_PARAM_CHOICE,
  GS_PARAM_STRING,
  GS_PARAM_PATH,     /* a file name; "" means none when min_len is 0 */
  GS_PARAM_INT_LIST, /* e.g. hidden-layer widths, written "64,64" on the command line */
} GsParamType;

typedef struct {
  const char *id;    /* written in files and on the command line */
  const char *label; /* shown; mark with N_() */
} GsParamChoice;

typedef struct {
  const char *name; /* [a-z][a-z0-9_]*, unique in its schema */
  GsParamType type;
  const char *label;  /* N_() */
  const char *help;   /* N_(), shown as a tooltip and in `ganscape-cli run --list-params` */
  const char *unit;   /* N_() or NULL: "steps", "px", "°" */
  const char *group;  /* N_(): the form's section */
  gboolean live;      /* may change while the experiment runs; others apply on reset */
  double min, max;    /* int, double, and the elements of an int list */
  double def;         /* default of bool (0/1), int and double */
  gboolean log_scale; /* double: the slider moves in log space (needs min > 0) */
  int digits;         /* double: decimals shown in a spin button; 0 = chosen from the range */
  const GsParamChoice *choices; /* choice: ended by {NULL, NULL} */
  const char *def_text;         /* default of choice, string, path and int list ("64,64") */
  int min_len, max_len;         /* int list: entries; string and path: characters (0 = any) */
  const char *patterns;         /* path: file name patterns for choosers, "*.csv;*.npy" */
  /* "name=value|value": the form greys this parameter out unless that other (choice or bool)
   * parameter has one of the values. NULL: always relevant. */
  const char *relevant_if;
} GsParamSpec;

#define GS_PARAM_ERROR (gs_param_error_quark())
GQuark gs_param_error_quark(void);

typedef enum {
  GS_PARAM_ERROR_UNKNOWN, /* no parameter of that name */
  GS_PARAM_ERROR_TYPE,    /* the text or JSON value is not of the parameter's type */
  GS_PARAM_ERROR_RANGE,   /* out of range, not a choice, too long or too short */
} GsParamError;

/* --- schemas --------------------------------------------------------------------------------- */

guint gs_schema_length(const GsParamSpec *schema);
const GsParamSpec *gs_schema_find(const GsParamSpec *schema, const char *name);
/* The closest name within edit distance 2 (for "did you mean"), or NULL. */
const char *gs_schema_suggest(const GsParamSpec *schema, const char *name);
/* Checks what a kind author can get wrong (names, unique, defaults valid, min ≤ max, log range,
 * choices); FALSE with a message naming the spec. The test suite runs it on every kind. */
gboolean gs_schema_check(const GsParamSpec *schema, GError **error);
const char *gs_param_type_name(GsParamType type); /* "bool", "int", … */
/* What is allowed, in words: "1e-6 … 1", "\"ns\", \"lsgan\"", "true or false", … */
char *gs_param_spec_describe_allowed(const GsParamSpec *spec);
/* The index of a choice id, or -1. */
int gs_param_spec_choice_index(const GsParamSpec *spec, const char *id);

/* --- values ---------------------------------------------------------------------------------- */

typedef struct _GsParamValues GsParamValues;

GsParamValues *gs_param_values_new(const GsParamSpec *schema); /* every default */
GsParamValues *gs_param_values_copy(const GsParamValues *values);
void gs_param_values_free(GsParamValues *values);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsParamValues, gs_param_values_free)
const GsParamSpec *gs_param_values_get_schema(const GsParamValues *values);
gboolean gs_param_values_equal(const GsParamValues *a, const GsParamValues *b);

gboolean gs_param_values_get_bool(const GsParamValues *values, const char *name);
gint64 gs_param_values_get_int(const GsParamValues *values, const char *name);
double gs_param_values_get_double(const GsParamValues *values, const char *name);
/* choice (the id), string and path */
const char *gs_param_values_get_string(const GsParamValues *values, const char *name);
const gint64 *gs_param_values_get_int_list(const GsParamValues *values, const char *name, guint *n);

/* Setters check the value against the spec; on failure the value is unchanged. */
gboolean gs_param_values_set_bool(GsParamValues *values, const char *name, gboolean value,
                                  GError **error);
gboolean gs_param_values_set_int(GsParamValues *values, const char *name, gint64 value,
                                 GError **error);
gboolean gs_param_values_set_double(GsParamValues *values, const char *name, double value,
                                    GError **error);
gboolean gs_param_values_set_string(GsParamValues *values, const char *name, const char *value,
                                    GError **error);
gboolean gs_param_values_set_int_list(GsParamValues *values, const char *name, const gint64 *list,
                                      guint n, GError **error);

/* Text as typed on the command line or in a form: "1e-3", "true", "ns", "64,64". */
gboolean gs_param_values_parse(GsParamValues *values, const char *name, const char *text,
                               GError **error);
/* The text that gs_param_values_parse() reads back to the same value. */
char *gs_param_values_format(const GsParamValues *values, const char *name);
/* "name = value" for each parameter that differs from the schema's default, in schema order,
 * joined by sep; "" when none does. */
char *gs_param_values_describe_changes(const GsParamValues *values, const char *sep);
/* Reset one parameter to its default. */
void gs_param_values_reset(GsParamValues *values, const char *name);

/* JSON: one member per parameter, in schema order. */
gboolean gs_param_values_set_json(GsParamValues *values, const char *name, JsonNode *node,
                                  GError **error);
JsonNode *gs_param_values_to_json(const GsParamValues *values);
/* As a GVariant (for the runner's live parameter commands) and back; a floating value is
 * sunk. */
GVariant *gs_param_values_to_variant(const GsParamValues *values, const char *name);
gboolean gs_param_values_set_variant(GsParamValues *values, const char *name, GVariant *value,
                                     GError **error);

/* --- numbers as text ------------------------------------------------------------------------- */

/* The shortest text that reads back to exactly d, in the C locale: 0.1, 1e-6, 3, 1.5e20. */
char *gs_format_double(double d, char buf[G_ASCII_DTOSTR_BUF_SIZE]);

G_END_DECLS

#endif /* GS_PARAM_H */
