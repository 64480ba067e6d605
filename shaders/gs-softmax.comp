// gs-softmax.comp — SOFTMAX and LOG_SOFTMAX over the last axis of a contiguous source, one
// workgroup of 64 per row. p[0] 1 for log-softmax, p[1] rows, p[2] row length C,
// p[7] dst offset, p[8] src offset.
#version 450
#include "gs-common.glsl"
layout(local_size_x = 64) in;

shared float red[64];

float group_reduce(float v, bool is_max)
{
  uint lane = gl_LocalInvocationID.x;
  red[lane] = v;
  barrier();
  for (uint w = 32; w > 0; w >>= 1) {
    if (lane < w) red[lane] = is_max ? max(red[lane], red[lane + w]) : red[lane] + red[lane + w];
    barrier();
  }
  float r = red[0];
  barrier();
  return r;
}

void main()
{
  uint row = ggroup();
  if (row >= pc.p[1]) return;
  uint C = pc.p[2], lane = gl_LocalInvocationID.x;
  int s0 = pi(8) + int(row * C), o0 = pi(7) + int(row * C);
  float m = uintBitsToFloat(0xff800000u);
  for (uint j = lane; j < C; j += 64) m = max(m, uintBitsToFloat(d1[s0 + int(j)]));
  m = group_reduce(m, true);
  precise float sum = 0.0, comp = 0.0;
  for (uint j = lane; j < C; j += 64) {
    precise float y = exp(uintBitsToFloat(d1[s0 + int(j)]) - m) - comp;
    precise float t = sum + y;
    comp = (t - sum) - y;
    sum = t;
  }
  sum = group_reduce(sum, false);
  if (pc.p[0] == 1) {
    float lse = m + log(sum);
    for (uint j = lane; j < C; j += 64)
      d0[o0 + int(j)] = floatBitsToUint(uintBitsToFloat(d1[s0 + int(j)]) - lse);
  } else {
    float inv = 1.0 / sum;
    for (uint j = lane; j < C; j += 64)
      d0[o0 + int(j)] = floatBitsToUint(exp(uintBitsToFloat(d1[s0 + int(j)]) - m) * inv);
  }
}
