// gs-common.glsl — shared by every Ganscape compute shader: the push-constant block, the five
// storage bindings, and strided indexing.
//
// Every buffer is seen as uint words: floats are read with uintBitsToFloat and I32 indices with
// int(), so one binding serves F32 and I32 tensors without aliasing declarations. Binding 0 is
// dst, 1–3 are src0–src2, 4 is dst2. The host binds whole VkBuffers and passes element offsets.
//
// Push constants are 32 words (the 128 bytes every device guarantees); each shader family
// documents its own layout. The strided ("E") layout of the elementwise families is:
//   p[0] op code within the family   p[1] element count   p[2] dims (1..4)
//   p[3..6] shape (innermost last)   p[7..10] element offset of operands 0..3 (dst first)
//   p[11 + 4 o + d] stride of operand o in dimension d (signed)   p[27], p[28] scalars f0, f1
//   p[29], p[30] family-specific
layout(push_constant) uniform PushConstants { uint p[32]; } pc;

layout(std430, binding = 0) buffer Dst { uint d0[]; };
layout(std430, binding = 1) buffer Src0 { uint d1[]; };
layout(std430, binding = 2) buffer Src1 { uint d2[]; };
layout(std430, binding = 3) buffer Src2 { uint d3[]; };
layout(std430, binding = 4) buffer Dst2 { uint d4[]; };

float pf(uint i) { return uintBitsToFloat(pc.p[i]); }
int pi(uint i) { return int(pc.p[i]); }

// Linear invocation index over a 2-D grid (the host splits counts above 65535 groups into rows).
uint gindex()
{
  return gl_GlobalInvocationID.y * (gl_NumWorkGroups.x * gl_WorkGroupSize.x) +
         gl_GlobalInvocationID.x;
}

// Linear workgroup index over a 2-D grid of groups.
uint ggroup() { return gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x; }

// Element offsets of the first `nops` operands for linear element i of the E layout.
void e_offsets(uint i, uint nops, out int off[4])
{
  uint nd = pc.p[2];
  for (uint o = 0; o < 4; o++) off[o] = o < nops ? pi(7 + o) : 0;
  if (nd == 1) { // the common case after merging: no division
    for (uint o = 0; o < nops; o++) off[o] += int(i) * pi(11 + 4 * o);
    return;
  }
  for (int d = int(nd) - 1; d >= 0; d--) {
    uint s = pc.p[3 + d];
    uint c = i % s;
    i /= s;
    for (uint o = 0; o < nops; o++) off[o] += int(c) * pi(11 + 4 * o + d);
  }
}

// pow as C defines it for the cases the ops use: negative bases with integral exponents.
float c_pow(float x, float y)
{
  if (y == 0.0) return 1.0;
  if (x == 0.0) return y > 0.0 ? 0.0 : 1.0 / 0.0;
  if (x > 0.0) return pow(x, y);
  if (y != floor(y)) return uintBitsToFloat(0x7fc00000u); // NaN, as C
  float r = pow(-x, y);
  return mod(y, 2.0) == 1.0 ? -r : r;
}

float sigmoid1(float x)
{
  if (x >= 0.0) return 1.0 / (1.0 + exp(-x));
  float e = exp(x);
  return e / (1.0 + e);
}

// tanh from exp(-2|x|): never overflows, unlike a naive (e^x - e^-x) / (e^x + e^-x).
float tanh1(float x)
{
  float t = exp(-2.0 * abs(x));
  float r = (1.0 - t) / (1.0 + t);
  return x < 0.0 ? -r : r;
}

// exp(x) - 1 without cancellation near 0 (GLSL has no expm1).
float expm1_(float x)
{
  if (abs(x) < 1e-3) return x + 0.5 * x * x + x * x * x / 6.0;
  return exp(x) - 1.0;
}

// log(1 + x) for x in [0, 1] (GLSL has no log1p).
float log1p_(float x)
{
  float u = 1.0 + x;
  if (u == 1.0) return x;
  return log(u) * (x / (u - 1.0));
}
