// gs-binary.comp — binary elementwise kernels and WHERE, E layout (gs-common.glsl).
// p[0]: 0–9 the kernel's offset from GS_K_ADD (ADD … CMP_EQ), 10 ADD_LEAKY_RELU,
// 11 MUL_LEAKY_STEP (slope f0), 12 WHERE (dst = src0 != 0 ? src1 : src2).
#version 450
#include "gs-common.glsl"
layout(local_size_x_id = 0) in;

void main()
{
  uint i = gindex();
  if (i >= pc.p[1]) return;
  uint op = pc.p[0];
  int off[4];
  e_offsets(i, op == 12 ? 4 : 3, off);
  float x = uintBitsToFloat(d1[off[1]]);
  float y = uintBitsToFloat(d2[off[2]]);
  float a = pf(27), r;
  switch (op) {
  case 0: r = x + y; break;
  case 1: r = x - y; break;
  case 2: r = x * y; break;
  case 3: r = x / y; break;
  case 4: r = c_pow(x, y); break;
  case 5: r = x < y ? x : y; break;
  case 6: r = x > y ? x : y; break;
  case 7: r = x > y ? 1.0 : 0.0; break;
  case 8: r = x >= y ? 1.0 : 0.0; break;
  case 9: r = x == y ? 1.0 : 0.0; break;
  case 10: { float s = x + y; r = s * (s > 0.0 ? 1.0 : a); break; }
  case 11: r = x * (y > 0.0 ? 1.0 : a); break;
  default: r = x != 0.0 ? y : uintBitsToFloat(d3[off[3]]); break;
  }
  d0[off[0]] = floatBitsToUint(r);
}
