// gs-conv.comp — convolution helpers and pooling on contiguous NCHW tensors, one invocation per
// output element; the adjoints gather (each pixel sums the windows that cover it) instead of
// scattering, so they need no atomics.
// p[0]: 0 IM2COL, 1 COL2IM, 2 MAX_POOL (values to dst, I32 argmax to dst2), 3 AVG_POOL,
// 4 AVG_POOL_ADJ. p[1] invocations, p[2..5] N C H W (of the image), p[6] kh, p[7] kw,
// p[8] stride, p[9] pad, p[10] OH, p[11] OW, p[12..14] offsets of dst, src0, dst2.
#version 450
#include "gs-common.glsl"
layout(local_size_x_id = 0) in;

void main()
{
  uint i = gindex();
  if (i >= pc.p[1]) return;
  int C = pi(3), H = pi(4), W = pi(5), kh = pi(6), kw = pi(7), st = pi(8), pad = pi(9);
  int OH = pi(10), OW = pi(11);
  int od = pi(12), os = pi(13);
  int ii = int(i);
  switch (pc.p[0]) {
  case 0: { // dst (N, C kh kw, OH OW)
    int ox = ii % OW, oy = (ii / OW) % OH, r = ii / (OW * OH);
    int kx = r % kw, ky = (r / kw) % kh, nc = r / (kw * kh);
    int y = oy * st - pad + ky, x = ox * st - pad + kx;
    bool inside = y >= 0 && y < H && x >= 0 && x < W;
    d0[od + ii] = inside ? d1[os + (nc * H + y) * W + x] : 0u;
    break;
  }
  case 1: { // dst (N, C, H, W) from cols
    int x = ii % W, y = (ii / W) % H, nc = ii / (W * H);
    float s = 0.0;
    for (int ky = 0; ky < kh; ky++) {
      int ty = y + pad - ky;
      if (ty < 0 || ty % st != 0 || ty / st >= OH) continue;
      for (int kx = 0; kx < kw; kx++) {
        int tx = x + pad - kx;
        if (tx < 0 || tx % st != 0 || tx / st >= OW) continue;
        s += uintBitsToFloat(d1[os + ((nc * kh + ky) * kw + kx) * OH * OW + (ty / st) * OW + tx / st]);
      }
    }
    d0[od + ii] = floatBitsToUint(s);
    break;
  }
  case 2:
  case 3: { // dst (N, C, OH, OW)
    int ox = ii % OW, oy = (ii / OW) % OH, p = ii / (OW * OH);
    int base = os + p * H * W;
    float best = uintBitsToFloat(0xff800000u), acc = 0.0;
    int at = -1;
    for (int ky = 0; ky < kh; ky++) {
      int y = oy * st - pad + ky;
      if (y < 0 || y >= H) continue;
      for (int kx = 0; kx < kh; kx++) {
        int x = ox * st - pad + kx;
        if (x < 0 || x >= W) continue;
        float v = uintBitsToFloat(d1[base + y * W + x]);
        acc += v;
        if (at < 0 || v > best) {
          best = v;
          at = y * W + x;
        }
      }
    }
    if (pc.p[0] == 2) {
      d0[od + ii] = floatBitsToUint(best);
      d4[pi(14) + ii] = uint(at);
    } else {
      d0[od + ii] = floatBitsToUint(acc * (1.0 / float(kh * kh)));
    }
    break;
  }
  default: { // 4: dst (N, C, H, W) from pooled gradients
    int x = ii % W, y = (ii / W) % H, p = ii / (W * H);
    float inv = 1.0 / float(kh * kh), s = 0.0;
    for (int ky = 0; ky < kh; ky++) {
      int ty = y + pad - ky;
      if (ty < 0 || ty % st != 0 || ty / st >= OH) continue;
      for (int kx = 0; kx < kh; kx++) {
        int tx = x + pad - kx;
        if (tx < 0 || tx % st != 0 || tx / st >= OW) continue;
        s += uintBitsToFloat(d1[os + (p * OH + ty / st) * OW + tx / st]) * inv;
      }
    }
    d0[od + ii] = floatBitsToUint(s);
    break;
  }
  }
}
