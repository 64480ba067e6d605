/* test-ticks.c — tick selection and tick labels. */
#include "gs-ticks.h"

#include <locale.h>
#include <math.h>
#include <string.h>

static void assert_labels(const GsTicks *t, const char *const *expected)
{
  int n = 0;
  while (expected[n]) n++;
  g_assert_cmpint(t->n, ==, n);
  for (int i = 0; i < n; i++) g_assert_cmpstr(t->label[i], ==, expected[i]);
}

static void test_linear_known(void)
{
  GsTicks t;
  gs_ticks_linear(&t, 0, 1, 6);
  g_assert_cmpfloat_with_epsilon(t.step, 0.2, 1e-12);
  assert_labels(&t, (const char *[]){"0.0", "0.2", "0.4", "0.6", "0.8", "1.0", NULL});

  gs_ticks_linear(&t, -2, 2, 9);
  assert_labels(&t, (const char *[]){"−2.0", "−1.5", "−1.0", "−0.5", "0.0", "0.5", "1.0", "1.5",
                                     "2.0", NULL});

  /* The smallest step that fits wins: 2 before 2.5. */
  gs_ticks_linear(&t, 0, 7.5, 4);
  assert_labels(&t, (const char *[]){"0", "2", "4", "6", NULL});
  gs_ticks_linear(&t, 0, 10, 5);
  assert_labels(&t, (const char *[]){"0.0", "2.5", "5.0", "7.5", "10.0", NULL});

  gs_ticks_linear(&t, 0, 10000, 6);
  assert_labels(&t, (const char *[]){"0", "2000", "4000", "6000", "8000", "10000", NULL});

  /* Reversed input gives the same ticks. */
  GsTicks r;
  gs_ticks_linear(&r, 10000, 0, 6);
  g_assert_cmpint(r.n, ==, t.n);
}

static void test_linear_scientific(void)
{
  GsTicks t;
  gs_ticks_linear(&t, 0, 2e6, 5);
  assert_labels(&t, (const char *[]){"0", "0.5×10⁶", "1.0×10⁶", "1.5×10⁶", "2.0×10⁶", NULL});
  gs_ticks_linear(&t, 0, 3e-4, 4);
  assert_labels(&t, (const char *[]){"0", "1×10⁻⁴", "2×10⁻⁴", "3×10⁻⁴", NULL});
}

/* Counts (epochs): 0…3 would get 0.5 steps on a linear axis; integer ticks never fall between
 * whole numbers, and wide ranges still get round steps (25, not 2.5). */
static void test_integer(void)
{
  GsTicks t;
  gs_ticks_linear(&t, 0, 3, 10);
  g_assert_cmpfloat_with_epsilon(t.step, 0.5, 1e-12);
  gs_ticks_integer(&t, 0, 3, 10);
  assert_labels(&t, (const char *[]){"0", "1", "2", "3", NULL});
  gs_ticks_integer(&t, 0, 10, 5);
  assert_labels(&t, (const char *[]){"0", "5", "10", NULL});
  gs_ticks_integer(&t, 0, 100, 5);
  assert_labels(&t, (const char *[]){"0", "25", "50", "75", "100", NULL});
  /* a single epoch: one tick at it, none at fractions */
  gs_ticks_integer(&t, 0.9, 1.1, 6);
  assert_labels(&t, (const char *[]){"1", NULL});
  for (double hi = 1; hi < 5000; hi *= 1.37) {
    gs_ticks_integer(&t, 0, hi, 7);
    g_assert_cmpint(t.n, <=, 7);
    for (int i = 0; i < t.n; i++) g_assert_cmpfloat(t.value[i], ==, round(t.value[i]));
  }
}

/* Over many ranges: at most max_ticks, at least two, equally spaced by a 1-2-2.5-5 step, all
 * inside the range. */
static void test_linear_properties(void)
{
  guint32 state = 1;
  for (int trial = 0; trial < 2000; trial++) {
    state = state * 1664525u + 1013904223u;
    double lo = ((state >> 8) / 16777216.0 - 0.5) * pow(10, (int) (state % 9) - 4);
    state = state * 1664525u + 1013904223u;
    double span = ((state >> 8) / 16777216.0 + 0.01) * pow(10, (int) (state % 9) - 4);
    int max_ticks = 2 + (int) (state % 10);
    GsTicks t;
    gs_ticks_linear(&t, lo, lo + span, max_ticks);
    g_assert_cmpint(t.n, <=, max_ticks);
    g_assert_cmpint(t.n, >=, max_ticks >= 3 ? 2 : 1);
    double m = t.step / pow(10, floor(log10(t.step) + 1e-12));
    g_assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 2.5) < 1e-9 ||
                  fabs(m - 5) < 1e-9);
    for (int i = 0; i < t.n; i++) {
      g_assert_cmpfloat(t.value[i], >=, lo - span * 1e-9);
      g_assert_cmpfloat(t.value[i], <=, lo + span + span * 1e-9);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon(t.value[i] - t.value[i - 1], t.step,
                                       t.step * 1e-6 + fabs(t.value[i]) * 1e-12);
    }
  }
}

static void test_log(void)
{
  GsTicks t;
  gs_ticks_log(&t, 1e-3, 1e2, 8);
  assert_labels(&t, (const char *[]){"10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹", "10²", NULL});
  g_assert_cmpint(t.n_minor, ==, 5 * 8);

  gs_ticks_log(&t, 0.01, 100, 8);
  assert_labels(&t, (const char *[]){"0.01", "0.1", "1", "10", "100", NULL});

  /* Too many decades: every third, anchored on multiples of three. */
  gs_ticks_log(&t, 1, 1e12, 6);
  assert_labels(&t, (const char *[]){"10⁰", "10³", "10⁶", "10⁹", "10¹²", NULL});

  /* Under two decades: 1, 2, 5 steps. */
  gs_ticks_log(&t, 2, 30, 8);
  assert_labels(&t, (const char *[]){"2", "5", "10", "20", NULL});

  /* Nonsense ranges give no ticks rather than garbage. */
  gs_ticks_log(&t, -1, 10, 5);
  g_assert_cmpint(t.n, ==, 0);
  gs_ticks_linear(&t, NAN, 1, 5);
  g_assert_cmpint(t.n, ==, 0);
}

static void test_format_number(void)
{
  char buf[64];
  gs_format_number(-0.5, 4, buf, sizeof buf);
  g_assert_cmpstr(buf, ==, "−0.5");
  gs_format_number(0.123456, 3, buf, sizeof buf);
  g_assert_cmpstr(buf, ==, "0.123");
  gs_format_number(NAN, 3, buf, sizeof buf);
  g_assert_cmpstr(buf, ==, "NaN");
}

/* Labels must not follow the user's locale (de_DE writes 0,5). */
static void test_locale(void)
{
  const char *old = setlocale(LC_NUMERIC, NULL);
  char *saved = g_strdup(old);
  if (!setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
    g_test_skip("locale de_DE.UTF-8 is not installed (apt-get install locales; locale-gen)");
    g_free(saved);
    return;
  }
  char probe[16];
  g_snprintf(probe, sizeof probe, "%.1f", 0.5);
  g_assert_cmpstr(probe, ==, "0,5"); /* the locale really is active */
  GsTicks t;
  gs_ticks_linear(&t, 0, 1, 3);
  assert_labels(&t, (const char *[]){"0.0", "0.5", "1.0", NULL});
  char buf[64];
  gs_format_number(2.25, 3, buf, sizeof buf);
  g_assert_cmpstr(buf, ==, "2.25");
  setlocale(LC_NUMERIC, saved);
  g_free(saved);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ticks/linear-known", test_linear_known);
  g_test_add_func("/ticks/linear-scientific", test_linear_scientific);
  g_test_add_func("/ticks/linear-properties", test_linear_properties);
  g_test_add_func("/ticks/integer", test_integer);
  g_test_add_func("/ticks/log", test_log);
  g_test_add_func("/ticks/format-number", test_format_number);
  g_test_add_func("/ticks/locale", test_locale);
  return g_test_run();
}
