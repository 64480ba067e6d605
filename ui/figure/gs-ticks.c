/* gs-ticks.c — nice tick values and their labels. */
#include "gs-ticks.h"

#include <math.h>
#include <string.h>

static const char *const superscript_digit[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
#define MINUS_SIGN "\xe2\x88\x92" /* U+2212 */

/* "⁻¹²" for -12. */
static void append_superscript(GString *s, int e)
{
  char digits[16];
  g_snprintf(digits, sizeof digits, "%d", ABS(e));
  if (e < 0) g_string_append(s, "⁻");
  for (const char *p = digits; *p; p++) g_string_append(s, superscript_digit[*p - '0']);
}

/* Copies s into buf, turning a leading ASCII '-' into U+2212. */
static void copy_with_minus(const char *s, char *buf, gsize size)
{
  if (s[0] == '-')
    g_snprintf(buf, size, MINUS_SIGN "%s", s + 1);
  else
    g_strlcpy(buf, s, size);
}

/* Fewest decimals (0…12) that write `step` exactly. */
static int decimals_for_step(double step)
{
  step = fabs(step);
  for (int d = 0; d <= 12; d++) {
    double scaled = step * pow(10, d);
    if (fabs(scaled - round(scaled)) < 1e-6 * MAX(1.0, scaled)) return d;
  }
  return 12;
}

static void format_fixed(double value, int decimals, char *buf, gsize size)
{
  char fmt[16], tmp[64];
  g_snprintf(fmt, sizeof fmt, "%%.%df", decimals);
  g_ascii_formatd(tmp, sizeof tmp, fmt, value);
  /* "-0.0" is zero. */
  gboolean all_zero = TRUE;
  for (const char *p = tmp; *p; p++)
    if (*p >= '1' && *p <= '9') all_zero = FALSE;
  copy_with_minus(all_zero && tmp[0] == '-' ? tmp + 1 : tmp, buf, size);
}

void gs_tick_format(double value, double step, double magnitude, char *buf, gsize size)
{
  magnitude = MAX(fabs(magnitude), fabs(value));
  if (fabs(value) < fabs(step) * 1e-9) value = 0;
  if (magnitude > 0 && (magnitude >= 1e5 || magnitude < 1e-3)) {
    if (value == 0) {
      g_strlcpy(buf, "0", size);
      return;
    }
    int e = (int) floor(log10(magnitude) + 1e-9);
    double scale = pow(10, e);
    char m[64];
    format_fixed(value / scale, MIN(decimals_for_step(step / scale), 6), m, sizeof m);
    GString *s = g_string_new(m);
    g_string_append(s, "×10");
    append_superscript(s, e);
    g_strlcpy(buf, s->str, size);
    g_string_free(s, TRUE);
    return;
  }
  format_fixed(value, decimals_for_step(step), buf, size);
}

void gs_format_number(double value, int significant, char *buf, gsize size)
{
  char fmt[16], tmp[64];
  if (isnan(value)) {
    g_strlcpy(buf, "NaN", size);
    return;
  }
  g_snprintf(fmt, sizeof fmt, "%%.%dg", CLAMP(significant, 1, 17));
  g_ascii_formatd(tmp, sizeof tmp, fmt, value);
  copy_with_minus(tmp, buf, size);
}

static double snap_zero(double v, double step)
{
  return fabs(v) < fabs(step) * 1e-9 ? 0.0 : v;
}

/* whole: counts (epochs, steps), so no step below 1 and no 2.5. */
static void ticks_linear(GsTicks *t, double lo, double hi, int max_ticks, gboolean whole)
{
  memset(t, 0, sizeof *t);
  if (!isfinite(lo) || !isfinite(hi)) return;
  if (lo > hi) {
    double tmp = lo;
    lo = hi;
    hi = tmp;
  }
  if (hi - lo <= fabs(hi) * 1e-12) {
    double pad = lo != 0 ? fabs(lo) * 0.1 : 0.5;
    lo -= pad;
    hi += pad;
  }
  max_ticks = CLAMP(max_ticks, 2, GS_TICKS_MAX);
  static const double mantissas[] = {1, 2, 2.5, 5};
  double raw = (hi - lo) / (max_ticks - 1);
  int e = (int) floor(log10(raw));
  double step = 0;
  double eps = 1e-9;
  for (int k = e - 1; k <= e + 2 && step == 0; k++)
    for (guint m = 0; m < G_N_ELEMENTS(mantissas) && step == 0; m++) {
      double s = mantissas[m] * pow(10, k);
      if (whole && (s < 1 || (k == 0 && mantissas[m] == 2.5))) continue;
      double first = ceil(lo / s - eps), last = floor(hi / s + eps);
      if (last - first + 1 <= max_ticks) step = s;
    }
  if (step == 0) step = MAX(pow(10, e + 3), whole ? 1.0 : 0.0);
  double first = ceil(lo / step - eps), last = floor(hi / step + eps);
  double magnitude = MAX(fabs(first * step), fabs(last * step));
  for (double k = first; k <= last && t->n < GS_TICKS_MAX; k++) {
    double v = snap_zero(k * step, step);
    t->value[t->n] = v;
    gs_tick_format(v, step, magnitude, t->label[t->n], GS_TICK_LABEL_MAX);
    t->n++;
  }
  t->step = step;
}

void gs_ticks_linear(GsTicks *t, double lo, double hi, int max_ticks)
{
  ticks_linear(t, lo, hi, max_ticks, FALSE);
}

void gs_ticks_integer(GsTicks *t, double lo, double hi, int max_ticks)
{
  ticks_linear(t, lo, hi, max_ticks, TRUE);
}

/* plain: "0.01", "100"; else "10⁻²" — one style for a whole axis. */
static void log_label(int decade, double mantissa, gboolean plain, char *buf, gsize size)
{
  if (plain) {
    double v = mantissa * pow(10, decade);
    format_fixed(v, MAX(0, -decade), buf, size);
    return;
  }
  GString *s = g_string_new(NULL);
  if (mantissa != 1) g_string_append_printf(s, "%d×", (int) mantissa);
  g_string_append(s, "10");
  append_superscript(s, decade);
  g_strlcpy(buf, s->str, size);
  g_string_free(s, TRUE);
}

void gs_ticks_log(GsTicks *t, double lo, double hi, int max_ticks)
{
  memset(t, 0, sizeof *t);
  if (!(lo > 0) || !(hi > 0) || !isfinite(lo) || !isfinite(hi)) return;
  if (lo > hi) {
    double tmp = lo;
    lo = hi;
    hi = tmp;
  }
  max_ticks = CLAMP(max_ticks, 2, GS_TICKS_MAX);
  double eps = 1e-9;
  int d0 = (int) ceil(log10(lo) - eps), d1 = (int) floor(log10(hi) + eps);
  int n_dec = d1 - d0 + 1;
  if (n_dec >= 2) {
    int every = (n_dec + max_ticks - 1) / max_ticks;
    t->step = every;
    /* Anchor on multiples of `every` so panning keeps the same decades. */
    int start = (int) (ceil((double) d0 / every) * every);
    gboolean plain = start >= -2 && d1 <= 3;
    for (int d = start; d <= d1 && t->n < GS_TICKS_MAX; d += every) {
      t->value[t->n] = pow(10, d);
      log_label(d, 1, plain, t->label[t->n], GS_TICK_LABEL_MAX);
      t->n++;
    }
    for (int d = d0 - 1; d <= d1 && t->n_minor < GS_TICKS_MAX; d++) {
      if (every == 1) {
        for (int m = 2; m <= 9 && t->n_minor < GS_TICKS_MAX; m++) {
          double v = m * pow(10, d);
          if (v >= lo * (1 - eps) && v <= hi * (1 + eps)) t->minor[t->n_minor++] = v;
        }
      } else if (((d % every) + every) % every != 0 && d >= d0) {
        t->minor[t->n_minor++] = pow(10, d);
      }
    }
    return;
  }
  /* Under two decades: 1, 2 and 5 times powers of ten, or linear ticks when even those are
   * too few. */
  static const int mantissas[] = {1, 2, 5};
  gboolean plain = d0 - 1 >= -2 && d1 + 1 <= 3;
  for (int d = d0 - 1; d <= d1 + 1; d++)
    for (guint m = 0; m < G_N_ELEMENTS(mantissas); m++) {
      double v = mantissas[m] * pow(10, d);
      if (v >= lo * (1 - eps) && v <= hi * (1 + eps) && t->n < GS_TICKS_MAX) {
        t->value[t->n] = v;
        log_label(d, mantissas[m], plain, t->label[t->n], GS_TICK_LABEL_MAX);
        t->n++;
      }
    }
  t->step = 1;
  if (t->n < 2 || t->n > max_ticks) gs_ticks_linear(t, lo, hi, MIN(max_ticks, 6));
}
