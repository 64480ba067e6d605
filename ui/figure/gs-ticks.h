/* gs-ticks.h — tick selection and locale-independent tick labels (internal to the figure
 * library; public to its tests).
 *
 * Linear ticks are multiples of a step from {1, 2, 2.5, 5} × 10^k: the smallest step that puts
 * at most max_ticks ticks inside [lo, hi]. Log ticks are decades (every k-th decade when there are
 * too many), with 2× and 5× added when fewer than two decades are visible.
 *
 * Labels never depend on the locale: numbers go through g_ascii_formatd, negative numbers use the
 * typographic minus U+2212, and powers of ten use superscript digits ("10⁻³").
 */
#ifndef GS_TICKS_H
#define GS_TICKS_H

#include <glib.h>

G_BEGIN_DECLS

#define GS_TICKS_MAX      64
#define GS_TICK_LABEL_MAX 48

typedef struct {
  int n;
  double value[GS_TICKS_MAX];
  char label[GS_TICKS_MAX][GS_TICK_LABEL_MAX];
  int n_minor; /* unlabelled, log axes only */
  double minor[GS_TICKS_MAX];
  double step; /* linear: the step; log: decades per major tick */
} GsTicks;

/* Ticks inside [lo, hi] (either order); max_ticks ≥ 2. */
void gs_ticks_linear(GsTicks *ticks, double lo, double hi, int max_ticks);
/* The same on an axis of counts (epochs, steps): integer ticks only, step ≥ 1. */
void gs_ticks_integer(GsTicks *ticks, double lo, double hi, int max_ticks);
/* lo, hi > 0. */
void gs_ticks_log(GsTicks *ticks, double lo, double hi, int max_ticks);

/* A value on a linear axis whose ticks are `step` apart and whose largest |value| is
 * `magnitude`: as many decimals as the step needs; when the magnitude is ≥ 10⁵ or < 10⁻³, every
 * label of the axis shares the power of ten of the magnitude ("0.5×10⁶", "1.0×10⁶"). */
void gs_tick_format(double value, double step, double magnitude, char *buf, gsize size);
/* A value with a given number of significant digits (for colorbars and hover text). */
void gs_format_number(double value, int significant, char *buf, gsize size);

G_END_DECLS

#endif
