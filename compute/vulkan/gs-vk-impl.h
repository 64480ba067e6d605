/* gs-vk-impl.h — private to the Vulkan backend: device state, the buffer pool, command batching.
 *
 * gs-vk.c owns the device: instance and physical-device choice, the compute queue, the pool of
 * device memory blocks that context arenas sub-allocate from, uploads and downloads (direct on
 * unified memory, through a staging buffer otherwise), pipelines (from the SPIR-V embedded at
 * build time, through a pipeline cache, each made on first use), descriptor sets and the
 * command batch. gs-vk-kernels.c
 * turns each gs_kernel into push constants and a dispatch of one of the shaders in shaders/.
 */
#ifndef GS_VK_IMPL_H
#define GS_VK_IMPL_H

#include <pthread.h>
#include <vulkan/vulkan.h>

#include "../gs-backend-impl.h"

/* The shader families of shaders/ (one pipeline each). */
typedef enum vk_shader {
  VK_SH_UNARY,
  VK_SH_BINARY,
  VK_SH_COPY,
  VK_SH_REDUCE,
  VK_SH_SOFTMAX,
  VK_SH_MATMUL,
  VK_SH_INDEX,
  VK_SH_CONV,
  VK_SH_RNG,
  VK_SH_OPTIM,
  VK_SH_RBF,
  VK_SH_COUNT
} vk_shader;

enum {
  VK_BINDINGS = 5, /* dst, src0, src1, src2, dst2: the layout of shaders/gs-common.glsl */
  VK_PUSH_WORDS = 32,
  VK_FRAMES = 2, /* command batches in flight */
  VK_SETS_PER_FRAME = 1024,
  VK_MAX_PENDING = 96,   /* ranges tracked between barriers */
  VK_UPDATE_MAX = 65536, /* vkCmdUpdateBuffer's limit */
};

/* One VkDeviceMemory and the VkBuffer spanning it; buffers are ranges of blocks. */
typedef struct vk_range {
  VkDeviceSize offset, size;
} vk_range;

typedef struct vk_block {
  VkDeviceMemory memory;
  VkBuffer buffer;
  VkDeviceSize size;
  void *mapped;   /* host address on unified memory, else NULL */
  vk_range *free; /* sorted by offset, coalesced */
  int n_free, cap_free;
} vk_block;

/* What gs_storage.buffer points to on this backend. */
typedef struct vk_buf {
  int block;
  VkDeviceSize offset, size;
} vk_buf;

typedef struct vk_access {
  VkBuffer buffer;
  VkDeviceSize lo, hi;
  bool write;
} vk_access;

typedef struct vk_frame {
  VkCommandBuffer cmd;
  VkFence fence;
  VkDescriptorPool pool;
  int n_sets;
  bool recording, in_flight;
  /* timestamps: a pair per dispatch, and the kernel of each pair */
  VkQueryPool queries;
  uint32_t n_timed;
  uint8_t timed_op[VK_SETS_PER_FRAME];
} vk_frame;

typedef struct gs_vk {
  VkInstance instance; /* shared by the process (gs-vk.c: get_instance) */
  VkPhysicalDevice phys;
  VkDevice device;
  VkQueue queue;
  uint32_t queue_family;
  VkPhysicalDeviceProperties props;
  bool uma; /* storage memory is host-visible: no staging */
  uint32_t storage_type, staging_type;

  /* pool */
  vk_block *blocks;
  int n_blocks, cap_blocks;
  VkDeviceSize block_size, pool_used, pool_reserved, pool_limit, align;

  /* staging (discrete devices only) */
  VkBuffer staging;
  VkDeviceMemory staging_memory;
  void *staging_mapped;
  VkDeviceSize staging_size;

  /* pipelines, each made the first time a kernel needs it, on whichever thread issues that
   * kernel (gs-vk.c: pipeline_get); the lock guards pipelines[] and the cache */
  pthread_mutex_t pipeline_lock;
  VkPipelineCache cache;
  VkDescriptorSetLayout set_layout;
  VkPipelineLayout layout;
  VkPipeline pipelines[VK_SH_COUNT];
  int pipelines_made;  /* since the backend was made: whether the cache file needs saving */
  uint32_t local_size; /* invocations per group of the 1-D shaders */
  uint32_t mm_tile;    /* TM = TN of gs-matmul.comp */

  /* batching */
  VkCommandPool cmd_pool;
  vk_frame frames[VK_FRAMES];
  int cur;
  vk_access pending[VK_MAX_PENDING];
  int n_pending;
  uint64_t dispatches, barriers, submits; /* counters for tests and benches */

  /* optional per-kernel device time (gs_backend_options.timestamps) */
  bool timestamps;
  double timestamp_ns; /* nanoseconds per tick */
  gs_kop current_op;   /* the kernel gs_vk_exec is dispatching */
  double kernel_ns[GS_K_COUNT];
  uint64_t kernel_count[GS_K_COUNT];
} gs_vk;

/* gs-vk.c: record one dispatch of shader over the given tensors (NULL slots repeat dst) with
 * the push constants pc, after writing into pc[off_slot[i]] (where off_slot[i] >= 0) the
 * element offset of tensor i inside its binding; writes[i] marks the tensors it writes. */
void gs_vk_dispatch(gs_backend *be, vk_shader shader, uint32_t pc[VK_PUSH_WORDS],
                    const gs_tensor *const t[VK_BINDINGS], const int off_slot[VK_BINDINGS],
                    const bool writes[VK_BINDINGS], uint32_t groups_x, uint32_t groups_y,
                    uint32_t groups_z);
/* Groups for n invocations of local_size each, split into rows of at most 65535 groups. */
void gs_vk_groups(uint64_t n, uint32_t local, uint32_t *gx, uint32_t *gy);

/* Validation errors reported so far in this process (GANSCAPE_VK_VALIDATION=1; for tests). */
unsigned gs_vk_validation_errors(void);

/* Per-kernel device times gathered so far (see gs_backend_kernel_times). */
int gs_vk_kernel_times(gs_backend *be, gs_kernel_time *out, int max);
void gs_vk_kernel_times_reset(gs_backend *be);

/* gs-vk-kernels.c */
bool gs_vk_supports(const gs_backend *be, gs_kop op, gs_dtype dtype);
void gs_vk_exec(gs_backend *be, const gs_kernel *k);

#endif /* GS_VK_IMPL_H */
