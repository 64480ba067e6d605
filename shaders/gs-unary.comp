// gs-unary.comp — unary elementwise kernels, E layout (gs-common.glsl), operands dst and src0.
// p[0] is the kernel's offset from GS_K_NEG in gs_kop (NEG … CLAMP, in that order).
#version 450
#include "gs-common.glsl"
layout(local_size_x_id = 0) in;

void main()
{
  uint i = gindex();
  if (i >= pc.p[1]) return;
  int off[4];
  e_offsets(i, 2, off);
  float x = uintBitsToFloat(d1[off[1]]);
  float a = pf(27), b = pf(28), y;
  switch (pc.p[0]) {
  case 0: y = -x; break;
  case 1: y = exp(x); break;
  case 2: y = log(x); break;
  case 3: y = sqrt(x); break;
  case 4: y = x * x; break;
  case 5: y = abs(x); break;
  case 6: y = x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0); break;
  case 7: y = x > 0.0 ? x : 0.0; break;
  case 8: y = x * (x > 0.0 ? 1.0 : a); break;
  case 9: y = x > 0.0 ? x : a * expm1_(x); break;
  case 10: y = tanh1(x); break;
  case 11: y = sigmoid1(x); break;
  case 12: y = (x > 0.0 ? x : 0.0) + log1p_(exp(-abs(x))); break;
  case 13: y = x * sigmoid1(x); break;
  case 14: y = x > a ? 1.0 : 0.0; break;
  case 15: y = x > 0.0 ? 1.0 : a; break;
  case 16: y = (a <= x && x <= b) ? 1.0 : 0.0; break;
  case 17: y = x + a; break;
  case 18: y = x * a; break;
  case 19: y = a - x; break;
  case 20: y = c_pow(x, a); break;
  case 21: y = x < a ? x : a; break;
  case 22: y = x > a ? x : a; break;
  default: y = x < a ? a : (x > b ? b : x); break; // 23: CLAMP
  }
  d0[off[0]] = floatBitsToUint(y);
}
