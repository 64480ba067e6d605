/* gs-rng.h — a counter-based random stream (Philox4x32-10).
 *
 * A stream is a 64-bit key (from the seed) and a 64-bit block counter. Every draw is a pure
 * function of (key, counter), so the same seed gives the same numbers on every backend and at
 * every thread count. Host draws and device fills advance the same counter:
 *
 *   philox(key, block) -> 4 words (Random123's Philox4x32-10: counter words (block_lo, block_hi,
 *   0, 0), key words (key_lo, key_hi)).
 *   uniform from a word w: ((w >> 9) + 0.5) * 2^-23, in (0, 1), never 0 or 1. (23 bits, so the
 *   value is exact in float32: with 24 bits the largest words would round to 1.0f.)
 *
 *   gs_rand_uniform fills n elements: element i takes word i % 4 of block counter + i / 4; the
 *   value is lo + (hi - lo) * u. The counter then advances by ceil(n / 4).
 *   gs_rand_normal fills n elements: element i takes block counter + i / 2, u1 from word 0 and
 *   u2 from word 1, r = sqrt(-2 ln u1); even i gives mean + std * r cos(2π u2), odd i
 *   mean + std * r sin(2π u2). The counter then advances by ceil(n / 2).
 *   Host draws (gs_rng_u32 …) take one whole block each and advance the counter by one.
 *
 * Independent streams for parts of an experiment (data, init, noise) come from gs_rng_fork.
 */
#ifndef GS_RNG_H
#define GS_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gs_rng {
  uint64_t key;
  uint64_t counter;
} gs_rng;

gs_rng gs_rng_new(uint64_t seed);
/* A stream independent of r for the given stream number (r is not advanced). */
gs_rng gs_rng_fork(const gs_rng *r, uint64_t stream);
void gs_philox4x32(uint64_t key, uint64_t block, uint32_t out[4]);
/* The full block function (counter of four words, key of two), as Random123's philox4x32_R(10,
 * ctr, key); gs_philox4x32 is it with ctr = {block_lo, block_hi, 0, 0}. */
void gs_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);
float gs_rng_word_to_uniform(uint32_t word);

uint32_t gs_rng_u32(gs_rng *r);
double gs_rng_uniform(gs_rng *r);             /* (0, 1) with 53-bit resolution */
double gs_rng_normal(gs_rng *r);              /* N(0, 1) */
uint32_t gs_rng_below(gs_rng *r, uint32_t n); /* uniform in [0, n), unbiased; n > 0 */
void gs_rng_permutation(gs_rng *r, int32_t *out, int32_t n); /* Fisher–Yates of 0..n-1 */

#ifdef __cplusplus
}
#endif

#endif /* GS_RNG_H */
