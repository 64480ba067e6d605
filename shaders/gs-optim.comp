// gs-optim.comp — optimizer updates in place on contiguous tensors, one invocation per element.
// Operands: dst parameter p, src0 gradient g, src1 and src2 state. p[1] n, p[7..10] offsets of
// p, g, state 1, state 2; scalars from p[20] on, as floats.
//   p[0] 0 SGD:     p[20] lr, p[21] momentum, p[22] weight decay; p[2] has momentum buffer,
//                   p[3] nesterov
//   p[0] 1 ADAM:    p[20] lr, p[21] b1, p[22] b2, p[23] eps, p[24] wd, p[25] 1/(1-b1^t),
//                   p[26] 1/(1-b2^t); p[3] decoupled
//   p[0] 2 RMSPROP: p[20] lr, p[21] alpha, p[22] eps, p[23] wd
#version 450
#include "gs-common.glsl"
layout(local_size_x_id = 0) in;

void main()
{
  uint i = gindex();
  if (i >= pc.p[1]) return;
  int op = int(i) + pi(7);
  float p = uintBitsToFloat(d0[op]);
  float g = uintBitsToFloat(d1[pi(8) + int(i)]);
  float lr = pf(20);
  switch (pc.p[0]) {
  case 0: {
    float gj = g + pf(22) * p;
    if (pc.p[2] != 0) {
      int ob = pi(9) + int(i);
      float b = pf(21) * uintBitsToFloat(d2[ob]) + gj;
      d2[ob] = floatBitsToUint(b);
      gj = pc.p[3] != 0 ? gj + pf(21) * b : b;
    }
    p -= lr * gj;
    break;
  }
  case 1: {
    bool decoupled = pc.p[3] != 0;
    float b1 = pf(21), b2 = pf(22), eps = pf(23), wd = pf(24);
    int om = pi(9) + int(i), ov = pi(10) + int(i);
    float gj = decoupled ? g : g + wd * p;
    float m = b1 * uintBitsToFloat(d2[om]) + (1.0 - b1) * gj;
    float v = b2 * uintBitsToFloat(d3[ov]) + (1.0 - b2) * gj * gj;
    d2[om] = floatBitsToUint(m);
    d3[ov] = floatBitsToUint(v);
    float step = (m * pf(25)) / (sqrt(v * pf(26)) + eps);
    if (decoupled) step += wd * p;
    p -= lr * step;
    break;
  }
  default: {
    float alpha = pf(21), eps = pf(22), wd = pf(23);
    int os = pi(9) + int(i);
    float gj = g + wd * p;
    float s = alpha * uintBitsToFloat(d2[os]) + (1.0 - alpha) * gj * gj;
    d2[os] = floatBitsToUint(s);
    p -= lr * gj / (sqrt(s) + eps);
    break;
  }
  }
  d0[op] = floatBitsToUint(p);
}
