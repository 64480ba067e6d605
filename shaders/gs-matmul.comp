// gs-matmul.comp — batched C = A @ B with any strides in A and B (so transposed views need no
// copy) and a contiguous C. Tiles of (16 TM) × (16 TN) outputs per workgroup of 16 × 16, each
// invocation computing TM × TN of them from shared-memory tiles of depth 16. TM and TN are
// specialization constants chosen per device by the host.
// p[0] batches, p[1] M, p[2] N, p[3] K, p[4..6] element offsets of C, A, B,
// p[7..9] A strides (batch, m, k), p[10..12] B strides (batch, k, n); batch = workgroup z.
#version 450
#include "gs-common.glsl"
layout(local_size_x = 16, local_size_y = 16) in;
layout(constant_id = 1) const uint TM = 4;
layout(constant_id = 2) const uint TN = 4;

const uint BK = 16;
shared float As[BK * 16 * TM];
shared float Bs[BK * 16 * TN];

void main()
{
  const uint BM = 16 * TM, BN = 16 * TN;
  uint M = pc.p[1], N = pc.p[2], K = pc.p[3];
  uint b = gl_WorkGroupID.z;
  uint tx = gl_LocalInvocationID.x, ty = gl_LocalInvocationID.y, tid = ty * 16 + tx;
  uint m0 = gl_WorkGroupID.y * BM, n0 = gl_WorkGroupID.x * BN;
  int a_base = pi(5) + int(b) * pi(7), b_base = pi(6) + int(b) * pi(10);
  int sam = pi(8), sak = pi(9), sbk = pi(11), sbn = pi(12);
  float acc[TM][TN];
  for (uint i = 0; i < TM; i++)
    for (uint j = 0; j < TN; j++) acc[i][j] = 0.0;
  for (uint k0 = 0; k0 < K; k0 += BK) {
    for (uint l = tid; l < BK * BM; l += 256) {
      // consecutive invocations take consecutive m when A is transposed, else consecutive k
      uint kk, mm;
      if (sam == 1) { mm = l % BM; kk = l / BM; } else { kk = l % BK; mm = l / BK; }
      uint gm = m0 + mm, gk = k0 + kk;
      As[kk * BM + mm] = (gm < M && gk < K) ? uintBitsToFloat(d1[a_base + int(gm) * sam + int(gk) * sak]) : 0.0;
    }
    for (uint l = tid; l < BK * BN; l += 256) {
      uint kk, nn;
      if (sbk == 1) { kk = l % BK; nn = l / BK; } else { nn = l % BN; kk = l / BN; }
      uint gn = n0 + nn, gk = k0 + kk;
      Bs[kk * BN + nn] = (gn < N && gk < K) ? uintBitsToFloat(d2[b_base + int(gk) * sbk + int(gn) * sbn]) : 0.0;
    }
    barrier();
    for (uint kk = 0; kk < BK; kk++) {
      float av[TM], bv[TN];
      for (uint i = 0; i < TM; i++) av[i] = As[kk * BM + ty + 16 * i];
      for (uint j = 0; j < TN; j++) bv[j] = Bs[kk * BN + tx + 16 * j];
      for (uint i = 0; i < TM; i++)
        for (uint j = 0; j < TN; j++) acc[i][j] = fma(av[i], bv[j], acc[i][j]);
    }
    barrier();
  }
  int c_base = pi(4) + int(b * M * N);
  for (uint i = 0; i < TM; i++) {
    uint gm = m0 + ty + 16 * i;
    if (gm >= M) continue;
    for (uint j = 0; j < TN; j++) {
      uint gn = n0 + tx + 16 * j;
      if (gn < N) d0[c_base + int(gm * N + gn)] = floatBitsToUint(acc[i][j]);
    }
  }
}
