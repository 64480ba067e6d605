// gs-rbf.comp — GS_K_RBF_SUM, the fused radial-basis kernel sum, as the CPU kernel defines it
// (compute/gs-cpu-rbf.c):
//   value: out[i]    = Σ_j w_j φ(s_ij)
//   grad:  out[i, :] = Σ_j w_j ψ(s_ij) (x_i − c_j),  ψ = φ'(r)/r,  s_ij = ‖x_i − c_j‖² + ε²
// A term with s below FLT_MIN is a coincident pair: w φ(0) where φ is finite there (p[30]),
// nothing where it is not (self-term exclusion), and no gradient.
//
// No (N, M) matrix: one invocation per row of x, 64 rows per workgroup; the group walks the
// centres in blocks of JB, staged in shared memory DB coordinates at a time. Distances are
// always differences of coordinates (the GEMM identity ‖x‖² + ‖c‖² − 2 x·c loses every digit in
// float32 at n = 2); high dimensions just take several coordinate tiles per block. Sums are
// compensated (Kahan) per invocation. For n <= DB the gradient stays in registers; above, each
// block's compensated partial is added to dst in place (the invocation owns its row).
// Loops with constant bounds are unrolled: besides speed, llvmpipe (lavapipe) caps the
// iterations a loop may run per invocation, counted over all its entries, at 65535.
//
// p[0] case: 0 log r, 1 r² log r, 2 r, 3 1/r, 4 r², 5 Gaussian, 6 generic power (p[9] kind)
// p[1] 1 for the gradient   p[2] N   p[3] M   p[4] n   p[5..8] element offsets of dst, x, c, w
// p[9] gs_rbf_kind   p[27] k   p[28] ε²   p[29] 1/σ²   p[30] φ(0) or 0
#version 450
#extension GL_EXT_control_flow_attributes : require
#include "gs-common.glsl"
layout(local_size_x = 64) in;

const uint JB = 64; // centres per block
const uint DB = 16; // coordinates per tile

shared float cs[JB * DB];
shared float ws[JB];

// Stage centres j0 … j0+JB−1, coordinates q0 … q0+DB−1 (zeros outside).
void stage(uint j0, uint q0, uint M, uint n, uint lid, int c_off, int w_off)
{
  barrier();
  [[unroll]] for (uint q = 0; q < JB * DB / 64; q++) {
    uint l = lid + 64 * q;
    uint jj = l / DB, dd = l % DB;
    uint j = j0 + jj, d = q0 + dd;
    float v = 0.0;
    if (j < M && d < n) v = uintBitsToFloat(d2[c_off + int(j * n + d)]);
    cs[l] = v;
  }
  if (q0 == 0) ws[lid] = j0 + lid < M ? uintBitsToFloat(d3[w_off + int(j0 + lid)]) : 0.0;
  barrier();
}

// φ (value) or ψ (grad) at s > 0
float kernel_at(uint kcase, bool grad, float s)
{
  float k = pf(27), inv_s2 = pf(29);
  switch (kcase) {
  case 0: return grad ? 1.0 / s : 0.5 * log(s);
  case 1: return grad ? log(s) + 1.0 : 0.5 * s * log(s);
  case 2: return grad ? inversesqrt(s) : sqrt(s);
  case 3: return grad ? -1.0 / (s * sqrt(s)) : inversesqrt(s);
  case 4: return grad ? 2.0 : s;
  case 5: {
    float e = exp(-0.5 * s * inv_s2);
    return grad ? -inv_s2 * e : e;
  }
  default: {
    bool with_log = pc.p[9] == 1;
    if (grad) {
      float rk2 = pow(s, 0.5 * k - 1.0);
      return with_log ? rk2 * (0.5 * k * log(s) + 1.0) : k * rk2;
    }
    float rk = pow(s, 0.5 * k);
    return with_log ? 0.5 * rk * log(s) : rk;
  }
  }
}

void main()
{
  uint kcase = pc.p[0];
  bool grad = pc.p[1] == 1;
  uint N = pc.p[2], M = pc.p[3], n = pc.p[4];
  int o_dst = pi(5), o_x = pi(6), o_c = pi(7), o_w = pi(8);
  float eps2 = pf(28), phi0 = pf(30);
  const float TINY = 1.17549435e-38; // FLT_MIN, as the CPU
  uint lid = gl_LocalInvocationID.x;
  uint i = ggroup() * 64 + lid;
  bool row_ok = i < N;
  uint ic = row_ok ? i : 0; // rows past N compute on row 0 and write nothing
  bool in_regs = n <= DB;

  float xr[DB];
  [[unroll]] for (uint dd = 0; dd < DB; dd++)
    xr[dd] = dd < n ? uintBitsToFloat(d1[o_x + int(ic * n + dd)]) : 0.0;

  precise float acc = 0.0, acc_c = 0.0;
  precise float gacc[DB], gacc_c[DB];
  [[unroll]] for (uint dd = 0; dd < DB; dd++) {
    gacc[dd] = 0.0;
    gacc_c[dd] = 0.0;
  }

  for (uint j0 = 0; j0 < M; j0 += JB) {
    // squared distances to this block's centres, coordinate tile by tile
    float t[JB];
    [[unroll]] for (uint jj = 0; jj < JB; jj++) t[jj] = 0.0;
    for (uint q0 = 0; q0 < n; q0 += DB) {
      stage(j0, q0, M, n, lid, o_c, o_w);
      [[unroll]] for (uint dd = 0; dd < DB; dd++) {
        if (q0 + dd >= n) break; // uniform: no work on the padding of the last tile
        float xd = in_regs ? xr[dd] : uintBitsToFloat(d1[o_x + int(ic * n + q0 + dd)]);
        [[unroll]] for (uint jj = 0; jj < JB; jj++) {
          float diff = xd - cs[jj * DB + dd];
          t[jj] = fma(diff, diff, t[jj]);
        }
      }
    }
    // the terms w φ(s) or w ψ(s); centres past M carry nothing
    [[unroll]] for (uint jj = 0; jj < JB; jj++) {
      float s = t[jj] + eps2;
      bool z = s < TINY;
      float v = z ? 0.0 : kernel_at(kcase, grad, s);
      float term = z ? (grad ? 0.0 : ws[jj] * phi0) : ws[jj] * v;
      t[jj] = j0 + jj < M ? term : 0.0;
    }
    if (!grad) {
      [[unroll]] for (uint jj = 0; jj < JB; jj++) {
        precise float y = t[jj] - acc_c;
        precise float u = acc + y;
        acc_c = (u - acc) - y;
        acc = u;
      }
      continue;
    }
    // Σ_j t_j (x − c_j); with n <= DB the one tile is still staged
    for (uint q0 = 0; q0 < n; q0 += DB) {
      if (!in_regs) stage(j0, q0, M, n, lid, o_c, o_w);
      precise float part[DB], part_c[DB];
      [[unroll]] for (uint dd = 0; dd < DB; dd++) {
        part[dd] = 0.0;
        part_c[dd] = 0.0;
        if (q0 + dd >= n) continue;
        float xd = in_regs ? xr[dd] : uintBitsToFloat(d1[o_x + int(ic * n + q0 + dd)]);
        precise float s_ = in_regs ? gacc[dd] : 0.0, c_ = in_regs ? gacc_c[dd] : 0.0;
        [[unroll]] for (uint jj = 0; jj < JB; jj++) {
          precise float y = t[jj] * (xd - cs[jj * DB + dd]) - c_;
          precise float u = s_ + y;
          c_ = (u - s_) - y;
          s_ = u;
        }
        part[dd] = s_;
        part_c[dd] = c_;
      }
      if (in_regs) {
        [[unroll]] for (uint dd = 0; dd < DB; dd++) {
          gacc[dd] = part[dd];
          gacc_c[dd] = part_c[dd];
        }
      } else if (row_ok) {
        [[unroll]] for (uint dd = 0; dd < DB; dd++) {
          if (q0 + dd >= n) break;
          int at = o_dst + int(i * n + q0 + dd);
          float before = j0 == 0 ? 0.0 : uintBitsToFloat(d0[at]);
          d0[at] = floatBitsToUint(before + (part[dd] - part_c[dd]));
        }
      }
    }
  }

  if (!row_ok) return;
  if (!grad) {
    d0[o_dst + int(i)] = floatBitsToUint(acc - acc_c);
  } else if (in_regs) {
    for (uint dd = 0; dd < n; dd++) d0[o_dst + int(i * n + dd)] = floatBitsToUint(gacc[dd] - gacc_c[dd]);
  }
}
