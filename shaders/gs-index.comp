// gs-index.comp — kernels driven by I32 index tensors. One invocation per output element,
// except the two scatters, which run one invocation per column (rows) or plane (pooling) and
// add in source order like the CPU, so results are deterministic; the host zero-fills dst
// first for them. Offsets: p[7] dst, p[8] src0, p[9] src1 (the indices).
//   p[0] 0 PICK:          p[1] N; p[11], p[12] strides of src0 (N, C)
//   p[0] 1 UNPICK:        p[1] N C, p[3] C; p[11] stride of g
//   p[0] 2 GATHER_ROWS:   p[1] N D, p[3] D; p[11], p[12] strides of src0 (any dtype: raw words)
//   p[0] 3 SCATTER_ADD:   p[1] D, p[3] D, p[4] N; p[11], p[12] strides of g
//   p[0] 4 POOL_SCATTER:  p[1] planes, p[3] H W, p[4] OH OW
//   p[0] 5 POOL_GATHER:   p[1] planes OH OW, p[3] H W, p[4] OH OW
#version 450
#include "gs-common.glsl"
layout(local_size_x_id = 0) in;

int idx(uint n) { return int(d2[pi(9) + int(n)]); }

void main()
{
  uint i = gindex();
  if (i >= pc.p[1]) return;
  int o0 = pi(7), o1 = pi(8);
  switch (pc.p[0]) {
  case 0:
    d0[o0 + int(i)] = d1[o1 + int(i) * pi(11) + idx(i) * pi(12)];
    break;
  case 1: {
    uint C = pc.p[3], n = i / C, c = i % C;
    d0[o0 + int(i)] = int(c) == idx(n) ? d1[o1 + int(n) * pi(11)] : 0u;
    break;
  }
  case 2: {
    uint D = pc.p[3], n = i / D, j = i % D;
    d0[o0 + int(i)] = d1[o1 + idx(n) * pi(11) + int(j) * pi(12)];
    break;
  }
  case 3: {
    uint D = pc.p[3], N = pc.p[4];
    for (uint n = 0; n < N; n++) {
      int at = o0 + idx(n) * int(D) + int(i);
      float g = uintBitsToFloat(d1[o1 + int(n) * pi(11) + int(i) * pi(12)]);
      d0[at] = floatBitsToUint(uintBitsToFloat(d0[at]) + g);
    }
    break;
  }
  case 4: {
    uint HW = pc.p[3], OHW = pc.p[4];
    for (uint o = 0; o < OHW; o++) {
      uint src = i * OHW + o;
      int at = o0 + int(i * HW) + idx(src);
      d0[at] = floatBitsToUint(uintBitsToFloat(d0[at]) + uintBitsToFloat(d1[o1 + int(src)]));
    }
    break;
  }
  default: {
    uint HW = pc.p[3], OHW = pc.p[4], plane = i / OHW;
    d0[o0 + int(i)] = d1[o1 + int(plane * HW) + idx(i)];
    break;
  }
  }
}
