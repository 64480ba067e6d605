// gs-rng.comp — RAND_UNIFORM and RAND_NORMAL with the Philox4x32-10 stream of gs-rng.h, so a
// seed gives the CPU's numbers (to float rounding). One invocation per Philox block: four
// uniforms, or one cosine/sine pair of normals.
// p[0] 0 uniform / 1 normal, p[1] elements n, p[2], p[3] key (lo, hi), p[4], p[5] first block
// (lo, hi), p[7] dst offset, p[27] f0 (lo or mean), p[28] f1 (hi or std).
#version 450
#include "gs-common.glsl"
layout(local_size_x_id = 0) in;

uvec4 philox(uvec2 ctr, uvec2 key)
{
  uvec4 c = uvec4(ctr, 0u, 0u);
  uvec2 k = key;
  for (int r = 0; r < 10; r++) {
    if (r > 0) k += uvec2(0x9E3779B9u, 0xBB67AE85u);
    uint hi0, lo0, hi1, lo1;
    umulExtended(0xD2511F53u, c.x, hi0, lo0);
    umulExtended(0xCD9E8D57u, c.z, hi1, lo1);
    c = uvec4(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
  }
  return c;
}

float unit(uint w) { return (float(w >> 9) + 0.5) * (1.0 / 8388608.0); }

void main()
{
  uint t = gindex();
  uint n = pc.p[1];
  bool normal = pc.p[0] == 1;
  uint per = normal ? 2 : 4;
  if (t * per >= n) return;
  uint carry;
  uint lo = uaddCarry(pc.p[4], t, carry);
  uvec4 w = philox(uvec2(lo, pc.p[5] + carry), uvec2(pc.p[2], pc.p[3]));
  int o = pi(7) + int(t * per);
  float f0 = pf(27), f1 = pf(28);
  if (normal) {
    float r = sqrt(-2.0 * log(unit(w.x)));
    float th = 6.28318530717958647692 * unit(w.y);
    d0[o] = floatBitsToUint(f0 + f1 * r * cos(th));
    if (t * 2 + 1 < n) d0[o + 1] = floatBitsToUint(f0 + f1 * r * sin(th));
  } else {
    for (uint j = 0; j < 4 && t * 4 + j < n; j++)
      d0[o + int(j)] = floatBitsToUint(f0 + (f1 - f0) * unit(w[j]));
  }
}
