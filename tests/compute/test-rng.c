/* test-rng.c — Philox4x32-10 against Random123's published known answers, and the host draws. */
#include "gs-test-util.h"

/* Random123 tests/kat_vectors, the three "philox4x32 10" lines: counter[4] key[2] -> out[4]. */
static const uint32_t kat[3][10] = {
    {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
    {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d, 0x41c83b0e,
     0xa20bc7c6, 0x6d5451fd},
    {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb,
     0x5001e420, 0x24126ea1},
};

static void test_known_answers(void)
{
  for (int i = 0; i < 3; i++) {
    uint32_t out[4];
    gs_philox4x32_10(kat[i], kat[i] + 4, out);
    for (int w = 0; w < 4; w++) g_assert_cmphex(out[w], ==, kat[i][6 + w]);
  }
  /* gs_philox4x32 is the same function with counter words 2 and 3 zero */
  uint32_t a[4], b[4];
  const uint32_t ctr[4] = {0x89abcdef, 0x01234567, 0, 0}, key[2] = {0xdeadbeef, 0x00c0ffee};
  gs_philox4x32_10(ctr, key, a);
  gs_philox4x32(0x00c0ffeedeadbeefull, 0x0123456789abcdefull, b);
  for (int w = 0; w < 4; w++) g_assert_cmphex(a[w], ==, b[w]);
}

static void test_uniform_words(void)
{
  g_assert_cmpfloat(gs_rng_word_to_uniform(0), ==, 0x1p-24f);
  g_assert_cmpfloat(gs_rng_word_to_uniform(0xffffffffu), ==, 1.0f - 0x1p-24f);
  g_assert_cmpfloat(gs_rng_word_to_uniform(0xffffffffu), <, 1.0f);
  gs_rng r = gs_rng_new(5);
  double lo = 1, hi = 0, sum = 0;
  for (int i = 0; i < 100000; i++) {
    double u = gs_rng_uniform(&r);
    lo = u < lo ? u : lo;
    hi = u > hi ? u : hi;
    sum += u;
  }
  g_assert_cmpuint(r.counter, ==, 100000); /* one block per host draw */
  g_assert_cmpfloat(lo, >, 0);
  g_assert_cmpfloat(hi, <, 1);
  g_assert_cmpfloat(fabs(sum / 100000 - 0.5), <, 0.005);
}

static void test_normal_and_integers(void)
{
  gs_rng r = gs_rng_new(6);
  double s = 0, s2 = 0;
  for (int i = 0; i < 100000; i++) {
    double z = gs_rng_normal(&r);
    s += z;
    s2 += z * z;
  }
  g_assert_cmpfloat(fabs(s / 100000), <, 0.02);
  g_assert_cmpfloat(fabs(s2 / 100000 - 1), <, 0.02);

  int counts[7] = {0};
  for (int i = 0; i < 70000; i++) counts[gs_rng_below(&r, 7)]++;
  for (int k = 0; k < 7; k++) g_assert_cmpint(abs(counts[k] - 10000), <, 500);
  g_assert_cmpuint(gs_rng_below(&r, 1), ==, 0);

  int32_t perm[100];
  gs_rng_permutation(&r, perm, 100);
  bool seen[100] = {false};
  int fixed = 0;
  for (int i = 0; i < 100; i++) {
    g_assert_true(perm[i] >= 0 && perm[i] < 100 && !seen[perm[i]]);
    seen[perm[i]] = true;
    fixed += perm[i] == i;
  }
  g_assert_cmpint(fixed, <, 10);
}

static void test_streams(void)
{
  gs_rng a = gs_rng_new(42), b = gs_rng_new(42);
  for (int i = 0; i < 10; i++) g_assert_cmpuint(gs_rng_u32(&a), ==, gs_rng_u32(&b));
  gs_rng f1 = gs_rng_fork(&a, 1), f2 = gs_rng_fork(&a, 2), f1b = gs_rng_fork(&a, 1);
  g_assert_cmpuint(a.counter, ==, 10); /* forking does not advance */
  g_assert_cmpuint(f1.key, ==, f1b.key);
  g_assert_cmpuint(f1.key, !=, f2.key);
  g_assert_cmpuint(f1.key, !=, a.key);
  g_assert_cmpuint(gs_rng_u32(&f1), !=, gs_rng_u32(&f2));
  gs_rng c = gs_rng_new(43);
  g_assert_cmpuint(gs_rng_u32(&c), !=, gs_rng_u32(&b));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/rng/known-answers", test_known_answers);
  g_test_add_func("/rng/uniform-words", test_uniform_words);
  g_test_add_func("/rng/normal-and-integers", test_normal_and_integers);
  g_test_add_func("/rng/streams", test_streams);
  return g_test_run();
}
