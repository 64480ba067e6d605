// gs-copy.comp — FILL and COPY. p[0] = 0: FILL, p[1] words at element offset p[7] get the bit
// pattern p[27] (a float or an int, encoded by the host). p[0] = 1: COPY in the E layout
// (gs-common.glsl) with dtype conversion, p[29] source dtype, p[30] destination dtype
// (gs_dtype: 0 F32, 2 I32; float to int truncates toward zero).
#version 450
#include "gs-common.glsl"
layout(local_size_x_id = 0) in;

void main()
{
  uint i = gindex();
  if (i >= pc.p[1]) return;
  if (pc.p[0] == 0) {
    d0[pi(7) + int(i)] = pc.p[27];
    return;
  }
  int off[4];
  e_offsets(i, 2, off);
  uint w = d1[off[1]];
  uint from = pc.p[29], to = pc.p[30];
  if (from != to) w = to == 2 ? uint(int(uintBitsToFloat(w))) : floatBitsToUint(float(int(w)));
  d0[off[0]] = w;
}
