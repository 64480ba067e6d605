// gs-index.comp — kernels driven by I32 index tensors. One invocation per output element,
// except the two scatters, which run one invocation per source element and add it into dst
// with a compare-and-swap loop on the float's bits (core GLSL has no float atomics); the host
// zero-fills dst first. The sums are then order-dependent: each differs from the CPU's
// source-order sum by rounding only (tests/vulkan bounds it). Offsets: p[7] dst, p[8] src0,
// p[9] src1 (the indices).
//   p[0] 0 PICK:          p[1] N; p[11], p[12] strides of src0 (N, C)
//   p[0] 1 UNPICK:        p[1] N C, p[3] C; p[11] stride of g
//   p[0] 2 GATHER_ROWS:   p[1] N D, p[3] D; p[11], p[12] strides of src0 (any dtype: raw words)
//   p[0] 3 SCATTER_ADD:   p[1] N D, p[3] D; p[11], p[12] strides of g (N, D)
//   p[0] 4 POOL_SCATTER:  p[1] planes OH OW, p[3] H W, p[4] OH OW
//   p[0] 5 POOL_GATHER:   p[1] planes OH OW, p[3] H W, p[4] OH OW
#version 450
#include "gs-common.glsl"
layout(local_size_x_id = 0) in;

int idx(uint n) { return int(d2[pi(9) + int(n)]); }

// d0[at] += v atomically: retry the swap until no other invocation wrote in between.
void add_to_dst(int at, float v)
{
  uint seen = d0[at];
  for (;;) {
    uint was = atomicCompSwap(d0[at], seen, floatBitsToUint(uintBitsToFloat(seen) + v));
    if (was == seen) break;
    seen = was;
  }
}

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
    uint D = pc.p[3], n = i / D, j = i % D;
    float g = uintBitsToFloat(d1[o1 + int(n) * pi(11) + int(j) * pi(12)]);
    add_to_dst(o0 + idx(n) * int(D) + int(j), g);
    break;
  }
  case 4: {
    uint HW = pc.p[3], OHW = pc.p[4], plane = i / OHW;
    add_to_dst(o0 + int(plane * HW) + idx(i), uintBitsToFloat(d1[o1 + int(i)]));
    break;
  }
  default: {
    uint HW = pc.p[3], OHW = pc.p[4], plane = i / OHW;
    d0[o0 + int(i)] = d1[o1 + int(plane * HW) + idx(i)];
    break;
  }
  }
}
