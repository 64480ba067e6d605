/* gs-rng.c — Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
 * SC'11; the constants of Random123) and the host draws of gs-rng.h. */
#include <math.h>

#include "gs-rng.h"
#include "gs-tensor.h"

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

static inline uint32_t mulhilo(uint32_t a, uint32_t b, uint32_t *hi)
{
  uint64_t p = (uint64_t) a * b;
  *hi = (uint32_t) (p >> 32);
  return (uint32_t) p;
}

void gs_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  uint32_t k0 = key[0], k1 = key[1];
  for (int r = 0; r < 10; r++) {
    if (r > 0) {
      k0 += PHILOX_W0;
      k1 += PHILOX_W1;
    }
    uint32_t hi0, hi1;
    uint32_t lo0 = mulhilo(PHILOX_M0, c0, &hi0);
    uint32_t lo1 = mulhilo(PHILOX_M1, c2, &hi1);
    uint32_t n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

void gs_philox4x32(uint64_t key, uint64_t block, uint32_t out[4])
{
  const uint32_t ctr[4] = {(uint32_t) block, (uint32_t) (block >> 32), 0, 0};
  const uint32_t k[2] = {(uint32_t) key, (uint32_t) (key >> 32)};
  gs_philox4x32_10(ctr, k, out);
}

float gs_rng_word_to_uniform(uint32_t word)
{
  return ((float) (word >> 9) + 0.5f) * 0x1p-23f;
}

gs_rng gs_rng_new(uint64_t seed)
{
  return (gs_rng){.key = seed, .counter = 0};
}

/* Fork keys come from the block function with counter word 2 set to a tag that no data draw
 * uses (draws leave words 2 and 3 zero), so forked streams never replay a parent's blocks. */
gs_rng gs_rng_fork(const gs_rng *r, uint64_t stream)
{
  const uint32_t ctr[4] = {(uint32_t) stream, (uint32_t) (stream >> 32), 0x666f726bu /* fork */, 0};
  const uint32_t k[2] = {(uint32_t) r->key, (uint32_t) (r->key >> 32)};
  uint32_t w[4];
  gs_philox4x32_10(ctr, k, w);
  return (gs_rng){.key = (uint64_t) w[0] | (uint64_t) w[1] << 32, .counter = 0};
}

static void next_block(gs_rng *r, uint32_t w[4])
{
  gs_philox4x32(r->key, r->counter, w);
  r->counter++;
}

uint32_t gs_rng_u32(gs_rng *r)
{
  uint32_t w[4];
  next_block(r, w);
  return w[0];
}

/* 53 bits from words 0 and 1, centred in their cell: strictly inside (0, 1). */
static double uniform53(const uint32_t w[4], int first)
{
  uint64_t bits = ((uint64_t) (w[first] >> 5) << 26) | (w[first + 1] >> 6);
  return ((double) bits + 0.5) * 0x1p-53;
}

double gs_rng_uniform(gs_rng *r)
{
  uint32_t w[4];
  next_block(r, w);
  return uniform53(w, 0);
}

double gs_rng_normal(gs_rng *r)
{
  uint32_t w[4];
  next_block(r, w);
  double u1 = uniform53(w, 0), u2 = uniform53(w, 2);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}

/* Lemire's multiply-shift with rejection; each attempt takes one block. */
uint32_t gs_rng_below(gs_rng *r, uint32_t n)
{
  GS_ASSERT(n > 0, "gs_rng_below: n is 0");
  uint32_t threshold = (uint32_t) (-n) % n;
  for (;;) {
    uint64_t m = (uint64_t) gs_rng_u32(r) * n;
    if ((uint32_t) m >= threshold) return (uint32_t) (m >> 32);
  }
}

void gs_rng_permutation(gs_rng *r, int32_t *out, int32_t n)
{
  GS_ASSERT(n >= 0, "gs_rng_permutation: n is %d", n);
  for (int32_t i = 0; i < n; i++) out[i] = i;
  for (int32_t i = n - 1; i > 0; i--) {
    int32_t j = (int32_t) gs_rng_below(r, (uint32_t) i + 1);
    int32_t t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
}
