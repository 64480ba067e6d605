/* gs-curves.c — CSV and output.log curves (see gs-curves.h). */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "gs-curves.h"

G_DEFINE_QUARK(gs - curves - error - quark, gs_curves_error)

/* Rice et al.'s columns, in output.log order, and our metric names for them. */
static const char *const rice_columns[][2] = {
    {"Epoch", NULL},
    {"Train Time", "train_time"},
    {"Test Time", "test_time"},
    {"LR", "lr"},
    {"Train Loss", "train_clean_loss"},
    {"Train Acc", "train_clean_acc"},
    {"Train Robust Loss", "train_robust_loss"},
    {"Train Robust Acc", "train_robust_acc"},
    {"Test Loss", "test_clean_loss"},
    {"Test Acc", "test_clean_acc"},
    {"Test Robust Loss", "test_robust_loss"},
    {"Test Robust Acc", "test_robust_acc"},
};
#define N_RICE G_N_ELEMENTS(rice_columns)

void gs_curves_free(GsCurves *c)
{
  if (!c) return;
  g_strfreev(c->names);
  g_free(c->epochs);
  g_free(c->values);
  g_free(c);
}

/* A metric name from a header cell: Rice's names map to ours; others are lower-cased with
 * spaces as '_', and must then be [a-z][a-z0-9_]*. NULL if not a usable name. */
static char *metric_name(const char *cell)
{
  for (guint i = 1; i < N_RICE; i++)
    if (g_ascii_strcasecmp(cell, rice_columns[i][0]) == 0) return g_strdup(rice_columns[i][1]);
  if (!*cell || strlen(cell) > 64) return NULL;
  char *name = g_ascii_strdown(cell, -1);
  for (char *p = name; *p; p++) {
    if (*p == ' ') *p = '_';
    if (!(g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '_') ||
        (p == name && !g_ascii_islower(*p))) {
      g_free(name);
      return NULL;
    }
  }
  return name;
}

/* The whole of s as a finite double. */
static gboolean parse_number(const char *s, double *out)
{
  if (!*s) return FALSE;
  char *end = NULL;
  double v = g_ascii_strtod(s, &end);
  if (end == s || *end || !isfinite(v)) return FALSE;
  *out = v;
  return TRUE;
}

static gboolean parse_epoch(const char *s, gint64 *out)
{
  double v;
  if (!parse_number(s, &v) || v != floor(v) || v < 0 || v > 1e12) return FALSE;
  *out = (gint64) v;
  return TRUE;
}

typedef struct {
  GsCurves *c;
  GArray *epochs, *values;
} Builder;

static gboolean add_row(Builder *b, const char *name, guint line, gint64 epoch, const double *v,
                        GError **error)
{
  if (b->epochs->len >= GS_CURVES_MAX_ROWS) {
    g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT, _("%s:%u: more than %d rows"), name,
                line, GS_CURVES_MAX_ROWS);
    return FALSE;
  }
  if (b->epochs->len && epoch <= g_array_index(b->epochs, gint64, b->epochs->len - 1)) {
    g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                _("%s:%u: epoch %" PRId64 " does not follow epoch %" PRId64), name, line, epoch,
                g_array_index(b->epochs, gint64, b->epochs->len - 1));
    return FALSE;
  }
  g_array_append_val(b->epochs, epoch);
  g_array_append_vals(b->values, v, b->c->n_cols);
  return TRUE;
}

/* Accuracy columns given in percent become fractions. */
static void scale_percent(GsCurves *c)
{
  for (guint j = 0; j < c->n_cols; j++) {
    if (!g_str_has_suffix(c->names[j], "_acc")) continue;
    gboolean percent = FALSE;
    for (guint i = 0; i < c->n_rows; i++)
      if (c->values[i * c->n_cols + j] > 1) percent = TRUE;
    if (percent)
      for (guint i = 0; i < c->n_rows; i++) c->values[i * c->n_cols + j] /= 100;
  }
}

/* "[YYYY/MM/DD HH:MM:SS] - " → the rest of the line, or NULL. */
static const char *strip_log_prefix(const char *line)
{
  static const char pattern[] = "[dddd/dd/dd dd:dd:dd] - ";
  for (gsize i = 0; i < sizeof pattern - 1; i++) {
    if (!line[i]) return NULL;
    if (pattern[i] == 'd' ? !g_ascii_isdigit(line[i]) : line[i] != pattern[i]) return NULL;
  }
  return line + sizeof pattern - 1;
}

static gboolean parse_log(Builder *b, char **lines, const char *name, GError **error)
{
  GsCurves *c = b->c;
  c->is_log = TRUE;
  c->n_cols = N_RICE - 1;
  c->names = g_new0(char *, N_RICE);
  for (guint i = 1; i < N_RICE; i++) c->names[i - 1] = g_strdup(rice_columns[i][1]);
  gboolean header = FALSE;
  for (guint n = 0; lines[n]; n++) {
    g_strchomp(lines[n]);
    if (!*lines[n]) continue;
    const char *rest = strip_log_prefix(lines[n]);
    if (!rest) {
      g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                  _("%s:%u: expected a line starting \"[YYYY/MM/DD HH:MM:SS] - \""), name, n + 1);
      return FALSE;
    }
    /* output.log pads with " \t \t": the cells are the non-blank tab-separated fields */
    g_auto(GStrv) fields = g_strsplit(rest, "\t", 64);
    const char *cells[64];
    guint n_cells = 0;
    for (guint k = 0; fields[k]; k++)
      if (*g_strstrip(fields[k])) cells[n_cells++] = fields[k];
    if (n_cells && g_ascii_strcasecmp(cells[0], "Epoch") == 0) {
      if (n_cells != N_RICE) {
        g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                    _("%s:%u: the header has %u columns, expected the %u of output.log"), name,
                    n + 1, n_cells, (guint) N_RICE);
        return FALSE;
      }
      for (guint k = 0; k < N_RICE; k++)
        if (g_ascii_strcasecmp(cells[k], rice_columns[k][0]) != 0) {
          g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                      _("%s:%u: column %u is \"%s\", expected \"%s\""), name, n + 1, k + 1,
                      cells[k], rice_columns[k][0]);
          return FALSE;
        }
      header = TRUE;
      continue;
    }
    gint64 epoch;
    if (!header || !n_cells || !parse_epoch(cells[0], &epoch)) continue; /* a message line */
    if (n_cells != N_RICE) {
      g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                  _("%s:%u: epoch row with %u fields, expected %u"), name, n + 1, n_cells,
                  (guint) N_RICE);
      return FALSE;
    }
    double v[N_RICE - 1];
    for (guint k = 1; k < N_RICE; k++)
      if (!parse_number(cells[k], &v[k - 1])) {
        g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                    _("%s:%u: %s is \"%s\", not a number"), name, n + 1, rice_columns[k][0],
                    cells[k]);
        return FALSE;
      }
    if (!add_row(b, name, n + 1, epoch, v, error)) return FALSE;
  }
  return TRUE;
}

static gboolean parse_csv(Builder *b, char **lines, const char *name, GError **error)
{
  GsCurves *c = b->c;
  gboolean header = FALSE;
  double *v = NULL;
  gboolean ok = TRUE;
  for (guint n = 0; lines[n] && ok; n++) {
    char *line = g_strstrip(lines[n]);
    if (!*line || *line == '#') continue;
    g_auto(GStrv) cells = g_strsplit(line, ",", GS_CURVES_MAX_COLUMNS + 2);
    guint n_cells = g_strv_length(cells);
    for (guint k = 0; k < n_cells; k++) g_strstrip(cells[k]);
    if (!header) {
      if (n_cells < 2 || n_cells > GS_CURVES_MAX_COLUMNS + 1 ||
          (g_ascii_strcasecmp(cells[0], "epoch") != 0 &&
           g_ascii_strcasecmp(cells[0], "step") != 0)) {
        g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                    _("%s:%u: expected a header \"epoch,<metric>,…\" (1 to %d metrics) or an "
                      "output.log"),
                    name, n + 1, GS_CURVES_MAX_COLUMNS);
        return FALSE;
      }
      c->n_cols = n_cells - 1;
      c->names = g_new0(char *, n_cells);
      for (guint k = 1; k < n_cells; k++) {
        c->names[k - 1] = metric_name(cells[k]);
        if (!c->names[k - 1]) {
          g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                      _("%s:%u: column %u: \"%s\" is not a metric name (letters, digits, '_')"),
                      name, n + 1, k + 1, cells[k]);
          return FALSE;
        }
        for (guint j = 0; j + 1 < k; j++)
          if (g_str_equal(c->names[j], c->names[k - 1])) {
            g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                        _("%s:%u: column %u repeats \"%s\""), name, n + 1, k + 1, c->names[j]);
            return FALSE;
          }
      }
      v = g_new(double, c->n_cols);
      header = TRUE;
      continue;
    }
    if (n_cells != c->n_cols + 1) {
      g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                  _("%s:%u: %u fields, the header has %u"), name, n + 1, n_cells, c->n_cols + 1);
      ok = FALSE;
      break;
    }
    gint64 epoch;
    if (!parse_epoch(cells[0], &epoch)) {
      g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                  _("%s:%u: epoch \"%s\" is not a whole number ≥ 0"), name, n + 1, cells[0]);
      ok = FALSE;
      break;
    }
    for (guint k = 1; k < n_cells && ok; k++) {
      if (!*cells[k]) {
        v[k - 1] = NAN;
      } else if (!parse_number(cells[k], &v[k - 1])) {
        g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                    _("%s:%u: field %u (%s) is \"%s\", not a number"), name, n + 1, k + 1,
                    c->names[k - 1], cells[k]);
        ok = FALSE;
      }
    }
    if (ok) ok = add_row(b, name, n + 1, epoch, v, error);
  }
  g_free(v);
  if (ok && !header) {
    g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_EMPTY, _("%s: no header and no rows"),
                name);
    return FALSE;
  }
  return ok;
}

GsCurves *gs_curves_parse(const char *text, gsize len, const char *name, GError **error)
{
  if (!g_utf8_validate_len(text, len, NULL)) {
    g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_FORMAT,
                _("%s: not UTF-8 text (or holds a NUL byte)"), name);
    return NULL;
  }
  g_autofree char *copy = g_strndup(text, len);
  const char *start = copy;
  if (g_str_has_prefix(start, "\xEF\xBB\xBF")) start += 3; /* BOM */
  g_auto(GStrv) lines = g_strsplit(start, "\n", -1);
  Builder b = {g_new0(GsCurves, 1), g_array_new(FALSE, FALSE, sizeof(gint64)),
               g_array_new(FALSE, FALSE, sizeof(double))};
  const char *first = start;
  while (*first == ' ' || *first == '\t' || *first == '\r' || *first == '\n') first++;
  gboolean ok = strip_log_prefix(first) ? parse_log(&b, lines, name, error)
                                        : parse_csv(&b, lines, name, error);
  if (ok && b.epochs->len == 0) {
    g_set_error(error, GS_CURVES_ERROR, GS_CURVES_ERROR_EMPTY, _("%s: no epoch rows"), name);
    ok = FALSE;
  }
  GsCurves *c = b.c;
  c->n_rows = b.epochs->len;
  c->epochs = (gint64 *) g_array_free(b.epochs, FALSE);
  c->values = (double *) g_array_free(b.values, FALSE);
  if (!ok) {
    gs_curves_free(c);
    return NULL;
  }
  scale_percent(c);
  return c;
}

GsCurves *gs_curves_load(const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &text, &len, error)) return NULL;
  g_autofree char *base = g_path_get_basename(path);
  return gs_curves_parse(text, len, base, error);
}
