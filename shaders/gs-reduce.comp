// gs-reduce.comp — SUM and MAX over one axis of a source of any strides. The E layout
// (gs-common.glsl) walks the outputs (operand 0 dst, operand 1 the source with the axis
// collapsed); p[0] 0 SUM / 1 MAX, p[27] the axis length R, p[28] its stride (signed),
// p[29] mode: 0 one invocation per output (short axes), 1 one workgroup of 64 per output.
// Sums are compensated (Kahan) per invocation and then combined pairwise, to stay within
// tolerance of the CPU's double accumulation.
#version 450
#include "gs-common.glsl"
layout(local_size_x = 64) in;

shared float part_sum[64];
shared float part_comp[64];

void main()
{
  bool is_max = pc.p[0] == 1;
  uint R = pc.p[27];
  int sr = pi(28);
  bool group_mode = pc.p[29] == 1;
  uint out_i = group_mode ? ggroup() : gindex();
  uint lane = group_mode ? gl_LocalInvocationID.x : 0;
  uint step = group_mode ? 64 : 1;
  if (out_i >= pc.p[1]) return; // uniform across the group in group mode
  int off[4];
  e_offsets(out_i, 2, off);
  precise float s = is_max ? uintBitsToFloat(0xff800000u) : 0.0;
  precise float c = 0.0;
  bool any = false;
  for (uint r = lane; r < R; r += step) {
    float v = uintBitsToFloat(d1[off[1] + int(r) * sr]);
    if (is_max) {
      s = (!any || v > s) ? v : s;
      any = true;
    } else {
      precise float y = v - c;
      precise float t = s + y;
      c = (t - s) - y;
      s = t;
    }
  }
  if (!group_mode) {
    d0[off[0]] = floatBitsToUint(s);
    return;
  }
  part_sum[lane] = s;
  part_comp[lane] = is_max ? (any ? 1.0 : 0.0) : c;
  barrier();
  for (uint w = 32; w > 0; w >>= 1) {
    if (lane < w) {
      float a = part_sum[lane], b = part_sum[lane + w];
      if (is_max) {
        bool ha = part_comp[lane] != 0.0, hb = part_comp[lane + w] != 0.0;
        // the first maximum in order, like the CPU's loop (only NaN can tell them apart)
        part_sum[lane] = !ha ? b : (!hb ? a : (b > a ? b : a));
        part_comp[lane] = (ha || hb) ? 1.0 : 0.0;
      } else {
        precise float t = a + b;
        part_sum[lane] = t;
        part_comp[lane] = part_comp[lane] + part_comp[lane + w];
      }
    }
    barrier();
  }
  if (lane == 0) {
    float r = is_max ? part_sum[0] : part_sum[0] - part_comp[0];
    d0[off[0]] = floatBitsToUint(r);
  }
}
