/* gs-vk.c — the Vulkan backend's device, memory pool, pipelines and command batching.
 *
 * Kernels are recorded into a command buffer and submitted in batches (at a download, a sync,
 * a large upload, or when a batch's descriptor sets run out); two batches alternate so the host
 * records one while the device runs the other. Between dispatches a pipeline barrier is
 * inserted only when a dispatch touches a byte range that an earlier dispatch since the last
 * barrier wrote (or writes one it read). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gs-spirv.h"
#include "gs-vk-impl.h"

/* --- small helpers ------------------------------------------------------------------------- */

static const char *vk_result_name(VkResult r)
{
  switch (r) {
  case VK_ERROR_OUT_OF_HOST_MEMORY:
    return "out of host memory";
  case VK_ERROR_OUT_OF_DEVICE_MEMORY:
    return "out of device memory";
  case VK_ERROR_DEVICE_LOST:
    return "device lost";
  case VK_ERROR_INITIALIZATION_FAILED:
    return "initialization failed";
  case VK_ERROR_INCOMPATIBLE_DRIVER:
    return "incompatible driver";
  default:
    return "Vulkan error";
  }
}

/* Record a failure of a call that should not fail; true when r is an error. */
static bool vk_check(gs_backend *be, VkResult r, const char *what)
{
  if (r >= 0) return false;
  gs_backend_fail(be, "Vulkan: %s: %s (%d)", what, vk_result_name(r), (int) r);
  return true;
}

static VkDeviceSize align_up(VkDeviceSize v, VkDeviceSize a)
{
  return (v + a - 1) / a * a;
}

void gs_vk_groups(uint64_t n, uint32_t local, uint32_t *gx, uint32_t *gy)
{
  uint64_t groups = (n + local - 1) / local;
  if (groups == 0) groups = 1;
  uint64_t x = groups < 65535 ? groups : 65535;
  *gx = (uint32_t) x;
  *gy = (uint32_t) ((groups + x - 1) / x);
}

/* --- device choice ------------------------------------------------------------------------- */

static int device_rank(VkPhysicalDeviceType type, bool allow_cpu)
{
  switch (type) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
    return 4;
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
    return 3;
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
    return 2;
  case VK_PHYSICAL_DEVICE_TYPE_CPU:
    return allow_cpu ? 1 : 0;
  default:
    return 0;
  }
}

static bool compute_family(VkPhysicalDevice pd, uint32_t *family)
{
  uint32_t n = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, NULL);
  VkQueueFamilyProperties *q = calloc(n ? n : 1, sizeof *q);
  if (!q) return false;
  vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, q);
  int best = -1;
  for (uint32_t i = 0; i < n; i++) {
    if (!(q[i].queueFlags & VK_QUEUE_COMPUTE_BIT)) continue;
    /* a compute-only family is the dedicated async-compute queue on discrete GPUs */
    if (best < 0 || !(q[i].queueFlags & VK_QUEUE_GRAPHICS_BIT)) best = (int) i;
  }
  free(q);
  if (best < 0) return false;
  *family = (uint32_t) best;
  return true;
}

static bool has_layer(const char *name)
{
  uint32_t n = 0;
  if (vkEnumerateInstanceLayerProperties(&n, NULL) != VK_SUCCESS) return false;
  VkLayerProperties *l = calloc(n ? n : 1, sizeof *l);
  if (!l) return false;
  bool found = false;
  if (vkEnumerateInstanceLayerProperties(&n, l) == VK_SUCCESS)
    for (uint32_t i = 0; i < n; i++)
      if (strcmp(l[i].layerName, name) == 0) found = true;
  free(l);
  return found;
}

/* Validation messages of severity error, over every backend of the process. */
static _Atomic unsigned validation_errors;

unsigned gs_vk_validation_errors(void)
{
  return validation_errors;
}

static VKAPI_ATTR VkBool32 VKAPI_CALL on_validation(
    VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT types,
    const VkDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
  if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) validation_errors++;
  fprintf(stderr, "ganscape vulkan validation: %s\n", data->pMessage);
  return VK_FALSE;
}

/* Validation is for tests and development: GANSCAPE_VK_VALIDATION=1 turns it on when the
 * Khronos layer is installed, with its warnings and errors on stderr (errors are counted). */
static VkResult make_instance(VkInstance *out, VkDebugUtilsMessengerEXT *messenger)
{
  VkApplicationInfo app = {
      .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
      .pApplicationName = "Ganscape",
      .pEngineName = "ganscape-compute",
      .apiVersion = VK_API_VERSION_1_1,
  };
  const char *layers[1], *exts[1];
  uint32_t n_layers = 0, n_exts = 0;
  const char *v = getenv("GANSCAPE_VK_VALIDATION");
  if (messenger && v && v[0] == '1' && has_layer("VK_LAYER_KHRONOS_validation")) {
    layers[n_layers++] = "VK_LAYER_KHRONOS_validation";
    exts[n_exts++] = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
  }
  /* synchronization validation checks the barriers that batching leaves out */
  VkValidationFeatureEnableEXT sync = VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT;
  VkValidationFeaturesEXT features = {
      .sType = VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT,
      .enabledValidationFeatureCount = 1,
      .pEnabledValidationFeatures = &sync,
  };
  VkInstanceCreateInfo ci = {
      .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
      .pNext = n_layers ? &features : NULL,
      .pApplicationInfo = &app,
      .enabledLayerCount = n_layers,
      .ppEnabledLayerNames = layers,
      .enabledExtensionCount = n_exts,
      .ppEnabledExtensionNames = exts,
  };
  VkResult r = vkCreateInstance(&ci, NULL, out);
  if (r != VK_SUCCESS || !n_layers) return r;
  PFN_vkCreateDebugUtilsMessengerEXT create =
      (PFN_vkCreateDebugUtilsMessengerEXT) vkGetInstanceProcAddr(*out,
                                                                 "vkCreateDebugUtilsMessengerEXT");
  VkDebugUtilsMessengerCreateInfoEXT mi = {
      .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
      .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                         VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
      .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
      .pfnUserCallback = on_validation,
  };
  if (create) create(*out, &mi, NULL, messenger);
  return r;
}

/* One instance for the process, never destroyed: availability checks and backends share it,
 * drivers are loaded once, and the loader never unloads them (lavapipe keeps global state that
 * would otherwise be reported as leaked once its library is gone). */
static pthread_once_t instance_once = PTHREAD_ONCE_INIT;
static VkInstance shared_instance;
static VkDebugUtilsMessengerEXT shared_messenger;
static VkResult shared_result;

static void instance_init(void)
{
  shared_result = make_instance(&shared_instance, &shared_messenger);
}

static VkResult get_instance(VkInstance *out)
{
  pthread_once(&instance_once, instance_init);
  *out = shared_instance;
  return shared_result;
}

/* The physical device for these options, or false with why. */
static bool choose_device(VkInstance inst, const gs_backend_options *o, VkPhysicalDevice *out,
                          uint32_t *family, char *why, size_t why_size)
{
  uint32_t n = 0;
  if (vkEnumeratePhysicalDevices(inst, &n, NULL) != VK_SUCCESS || n == 0) {
    snprintf(why, why_size, "no Vulkan device (no driver reports one)");
    return false;
  }
  VkPhysicalDevice *pd = calloc(n, sizeof *pd);
  if (!pd || vkEnumeratePhysicalDevices(inst, &n, pd) < 0) {
    free(pd);
    snprintf(why, why_size, "no Vulkan device (enumeration failed)");
    return false;
  }
  int best = -1, best_rank = 0;
  bool saw_cpu = false;
  for (uint32_t i = 0; i < n; i++) {
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(pd[i], &p);
    uint32_t fam;
    if (p.apiVersion < VK_API_VERSION_1_1 || !compute_family(pd[i], &fam)) continue;
    if (p.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU) saw_cpu = true;
    int rank = device_rank(p.deviceType, o->allow_cpu_device);
    if (o->device_index >= 0) rank = (int) i == o->device_index && rank > 0 ? rank : 0;
    if (rank > best_rank) {
      best_rank = rank;
      best = (int) i;
      *family = fam;
    }
  }
  if (best >= 0) *out = pd[best];
  free(pd);
  if (best < 0) {
    if (o->device_index >= 0)
      snprintf(why, why_size, "no usable Vulkan device at index %d (of %u)", o->device_index, n);
    else if (saw_cpu)
      snprintf(why, why_size,
               "no Vulkan GPU; only a CPU implementation (lavapipe), which is slower than the "
               "CPU backend and used only when asked for (GANSCAPE_VULKAN_ALLOW_CPU=1)");
    else
      snprintf(why, why_size, "no Vulkan device with a compute queue");
    return false;
  }
  return true;
}

bool gs_vulkan_available(const gs_backend_options *options, char *why, size_t why_size)
{
  static const gs_backend_options defaults = {.device_index = -1};
  const gs_backend_options *o = options ? options : &defaults;
  char buf[256];
  if (!why || !why_size) {
    why = buf;
    why_size = sizeof buf;
  }
  VkInstance inst;
  VkResult r = get_instance(&inst);
  if (r != VK_SUCCESS) {
    snprintf(why, why_size, "no Vulkan device (no Vulkan driver: %s)", vk_result_name(r));
    return false;
  }
  VkPhysicalDevice pd;
  uint32_t family;
  return choose_device(inst, o, &pd, &family, why, why_size);
}

/* --- memory pool --------------------------------------------------------------------------- */

static int find_memory_type(const VkPhysicalDeviceMemoryProperties *mp, uint32_t bits,
                            VkMemoryPropertyFlags want)
{
  for (uint32_t i = 0; i < mp->memoryTypeCount; i++)
    if ((bits & (1u << i)) && (mp->memoryTypes[i].propertyFlags & want) == want) return (int) i;
  return -1;
}

static VkBufferUsageFlags storage_usage(void)
{
  return VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
         VK_BUFFER_USAGE_TRANSFER_DST_BIT;
}

/* A buffer with its own memory of the given type. */
static VkResult make_buffer(gs_vk *vk, VkDeviceSize size, uint32_t type, VkBufferUsageFlags usage,
                            VkBuffer *buffer, VkDeviceMemory *memory, void **mapped)
{
  VkBufferCreateInfo bi = {
      .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
      .size = size,
      .usage = usage,
      .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
  };
  *memory = VK_NULL_HANDLE;
  VkResult r = vkCreateBuffer(vk->device, &bi, NULL, buffer);
  if (r != VK_SUCCESS) return r;
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(vk->device, *buffer, &req);
  VkMemoryAllocateInfo ai = {
      .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
      .allocationSize = req.size,
      .memoryTypeIndex = type,
  };
  r = vkAllocateMemory(vk->device, &ai, NULL, memory);
  if (r == VK_SUCCESS) r = vkBindBufferMemory(vk->device, *buffer, *memory, 0);
  if (r == VK_SUCCESS && mapped) r = vkMapMemory(vk->device, *memory, 0, VK_WHOLE_SIZE, 0, mapped);
  if (r != VK_SUCCESS) {
    vkDestroyBuffer(vk->device, *buffer, NULL);
    if (*memory) vkFreeMemory(vk->device, *memory, NULL);
    *buffer = VK_NULL_HANDLE;
    *memory = VK_NULL_HANDLE;
  }
  return r;
}

static bool range_take(vk_block *b, VkDeviceSize size, VkDeviceSize *offset)
{
  for (int i = 0; i < b->n_free; i++) {
    vk_range *f = &b->free[i];
    if (f->size < size) continue;
    *offset = f->offset;
    f->offset += size;
    f->size -= size;
    if (f->size == 0) {
      memmove(f, f + 1, (size_t) (b->n_free - i - 1) * sizeof *f);
      b->n_free--;
    }
    return true;
  }
  return false;
}

static void range_give(vk_block *b, VkDeviceSize offset, VkDeviceSize size)
{
  int i = 0;
  while (i < b->n_free && b->free[i].offset < offset) i++;
  if (b->n_free == b->cap_free) {
    int cap = b->cap_free ? b->cap_free * 2 : 16;
    vk_range *f = realloc(b->free, (size_t) cap * sizeof *f);
    GS_ASSERT(f, "vulkan: out of host memory");
    b->free = f;
    b->cap_free = cap;
  }
  memmove(&b->free[i + 1], &b->free[i], (size_t) (b->n_free - i) * sizeof *b->free);
  b->free[i] = (vk_range){offset, size};
  b->n_free++;
  /* coalesce with the neighbours */
  if (i + 1 < b->n_free && b->free[i].offset + b->free[i].size == b->free[i + 1].offset) {
    b->free[i].size += b->free[i + 1].size;
    memmove(&b->free[i + 1], &b->free[i + 2], (size_t) (b->n_free - i - 2) * sizeof *b->free);
    b->n_free--;
  }
  if (i > 0 && b->free[i - 1].offset + b->free[i - 1].size == b->free[i].offset) {
    b->free[i - 1].size += b->free[i].size;
    memmove(&b->free[i], &b->free[i + 1], (size_t) (b->n_free - i - 1) * sizeof *b->free);
    b->n_free--;
  }
}

static void *vk_buffer_new(gs_backend *be, size_t nbytes)
{
  gs_vk *vk = be->impl;
  if (be->failure[0]) return NULL;
  VkDeviceSize size = align_up(nbytes ? nbytes : 4, vk->align);
  vk_buf *buf = calloc(1, sizeof *buf);
  if (!buf) {
    gs_backend_fail(be, "Vulkan: out of host memory");
    return NULL;
  }
  for (int i = 0; i < vk->n_blocks; i++)
    if (vk->blocks[i].memory && range_take(&vk->blocks[i], size, &buf->offset)) {
      buf->block = i;
      buf->size = size;
      vk->pool_used += size;
      return buf;
    }
  VkDeviceSize bsize = size > vk->block_size ? size : vk->block_size;
  if (vk->pool_limit && vk->pool_reserved + bsize > vk->pool_limit) {
    bsize = size; /* near the limit, take only what is needed */
    if (vk->pool_reserved + bsize > vk->pool_limit) {
      gs_backend_fail(be,
                      "Vulkan: out of device memory: %zu bytes wanted with %llu of the %llu-byte "
                      "pool in use",
                      nbytes, (unsigned long long) vk->pool_used,
                      (unsigned long long) vk->pool_limit);
      free(buf);
      return NULL;
    }
  }
  if (vk->n_blocks == vk->cap_blocks) {
    int cap = vk->cap_blocks ? vk->cap_blocks * 2 : 8;
    vk_block *b = realloc(vk->blocks, (size_t) cap * sizeof *b);
    if (!b) {
      free(buf);
      gs_backend_fail(be, "Vulkan: out of host memory");
      return NULL;
    }
    vk->blocks = b;
    vk->cap_blocks = cap;
  }
  vk_block *b = &vk->blocks[vk->n_blocks];
  memset(b, 0, sizeof *b);
  VkResult r = make_buffer(vk, bsize, vk->storage_type, storage_usage(), &b->buffer, &b->memory,
                           vk->uma ? &b->mapped : NULL);
  if (r != VK_SUCCESS) {
    free(buf);
    gs_backend_fail(be, "Vulkan: allocating %llu bytes of device memory: %s",
                    (unsigned long long) bsize, vk_result_name(r));
    return NULL;
  }
  b->size = bsize;
  range_give(b, 0, bsize);
  vk->pool_reserved += bsize;
  range_take(b, size, &buf->offset);
  buf->block = vk->n_blocks++;
  buf->size = size;
  vk->pool_used += size;
  return buf;
}

static void vk_buffer_free(gs_backend *be, void *buffer)
{
  gs_vk *vk = be->impl;
  vk_buf *buf = buffer;
  if (!buf) return;
  /* the caller (gs_ctx_reset, gs_ctx_free) has synced: the range is idle */
  range_give(&vk->blocks[buf->block], buf->offset, buf->size);
  vk->pool_used -= buf->size;
  free(buf);
}

static void *vk_buffer_host(gs_backend *be, void *buffer)
{
  return NULL; /* kernels are deferred: the host never reads device memory behind their back */
}

/* --- command batching ---------------------------------------------------------------------- */

static void full_barrier(gs_vk *vk, VkCommandBuffer cmd)
{
  VkMemoryBarrier mb = {
      .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
      .srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
      .dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                       VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
  };
  VkPipelineStageFlags stages =
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
  vkCmdPipelineBarrier(cmd, stages, stages, 0, 1, &mb, 0, NULL, 0, NULL);
  vk->n_pending = 0;
  vk->barriers++;
}

/* Add a finished frame's timestamp pairs to the per-kernel sums. */
static void frame_collect(gs_vk *vk, vk_frame *f)
{
  if (!f->queries || !f->n_timed) return;
  uint64_t ticks[2 * VK_SETS_PER_FRAME];
  VkResult r = vkGetQueryPoolResults(vk->device, f->queries, 0, 2 * f->n_timed, sizeof ticks, ticks,
                                     sizeof(uint64_t), VK_QUERY_RESULT_64_BIT);
  if (r == VK_SUCCESS)
    for (uint32_t i = 0; i < f->n_timed; i++) {
      gs_kop op = f->timed_op[i];
      vk->kernel_ns[op] += (double) (ticks[2 * i + 1] - ticks[2 * i]) * vk->timestamp_ns;
      vk->kernel_count[op]++;
    }
  f->n_timed = 0;
}

/* The frame being recorded, begun if needed; NULL after a failure. */
static vk_frame *frame_begin(gs_backend *be)
{
  gs_vk *vk = be->impl;
  vk_frame *f = &vk->frames[vk->cur];
  if (f->recording) return f;
  if (f->in_flight) {
    VkResult r = vkWaitForFences(vk->device, 1, &f->fence, VK_TRUE, UINT64_MAX);
    if (vk_check(be, r, "waiting for the device")) return NULL;
    f->in_flight = false;
    frame_collect(vk, f);
  }
  vkResetFences(vk->device, 1, &f->fence);
  vkResetDescriptorPool(vk->device, f->pool, 0);
  f->n_sets = 0;
  vkResetCommandBuffer(f->cmd, 0);
  VkCommandBufferBeginInfo bi = {
      .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
      .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
  };
  if (vk_check(be, vkBeginCommandBuffer(f->cmd, &bi), "beginning a command buffer")) return NULL;
  f->recording = true;
  if (f->queries) vkCmdResetQueryPool(f->cmd, f->queries, 0, 2 * VK_SETS_PER_FRAME);
  /* order this batch after the previous one (submissions alone do not order memory) */
  full_barrier(vk, f->cmd);
  return f;
}

/* Submit the frame being recorded (if any) and move to the next one. */
static void frame_submit(gs_backend *be)
{
  gs_vk *vk = be->impl;
  vk_frame *f = &vk->frames[vk->cur];
  if (!f->recording) return;
  f->recording = false;
  if (vk_check(be, vkEndCommandBuffer(f->cmd), "ending a command buffer")) return;
  VkSubmitInfo si = {
      .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
      .commandBufferCount = 1,
      .pCommandBuffers = &f->cmd,
  };
  if (vk_check(be, vkQueueSubmit(vk->queue, 1, &si, f->fence), "submitting work")) return;
  f->in_flight = true;
  vk->submits++;
  vk->cur = (vk->cur + 1) % VK_FRAMES;
}

static void vk_sync(gs_backend *be)
{
  gs_vk *vk = be->impl;
  frame_submit(be);
  for (int i = 0; i < VK_FRAMES; i++) {
    vk_frame *f = &vk->frames[i];
    if (!f->in_flight) continue;
    VkResult r = vkWaitForFences(vk->device, 1, &f->fence, VK_TRUE, UINT64_MAX);
    f->in_flight = false;
    if (!vk_check(be, r, "waiting for the device")) frame_collect(vk, f);
  }
}

/* Whether an access depends on one recorded since the last barrier (read after write, write
 * after read or write). */
static bool depends(const gs_vk *vk, VkBuffer buffer, VkDeviceSize lo, VkDeviceSize hi, bool write)
{
  for (int i = 0; i < vk->n_pending; i++) {
    const vk_access *a = &vk->pending[i];
    if (a->buffer == buffer && a->lo < hi && lo < a->hi && (write || a->write)) return true;
  }
  return vk->n_pending == VK_MAX_PENDING;
}

static void note_access(gs_vk *vk, VkBuffer buffer, VkDeviceSize lo, VkDeviceSize hi, bool write)
{
  vk->pending[vk->n_pending++] = (vk_access){buffer, lo, hi, write};
}

/* Note one access, with a barrier before it when it depends on an earlier one. */
static void track(gs_vk *vk, VkCommandBuffer cmd, VkBuffer buffer, VkDeviceSize lo, VkDeviceSize hi,
                  bool write)
{
  if (depends(vk, buffer, lo, hi, write)) full_barrier(vk, cmd);
  note_access(vk, buffer, lo, hi, write);
}

/* Bytes [lo, hi) of a tensor's block that it spans. */
static void tensor_span(const gs_tensor *t, VkDeviceSize *lo, VkDeviceSize *hi)
{
  const vk_buf *b = t->storage->buffer;
  size_t es = gs_dtype_size(t->dtype);
  int64_t mn = 0, mx = 0;
  for (int d = 0; d < t->ndim; d++) {
    int64_t reach = (t->shape[d] - 1) * t->stride[d];
    if (reach < 0)
      mn += reach;
    else
      mx += reach;
  }
  VkDeviceSize base = b->offset + t->storage->byte_offset;
  *lo = base + (VkDeviceSize) (t->offset + mn) * es;
  *hi = base + (VkDeviceSize) (t->offset + mx + 1) * es;
}

static VkPipeline pipeline_get(gs_backend *be, vk_shader s);

void gs_vk_dispatch(gs_backend *be, vk_shader shader, uint32_t pc[VK_PUSH_WORDS],
                    const gs_tensor *const t[VK_BINDINGS], const int off_slot[VK_BINDINGS],
                    const bool writes[VK_BINDINGS], uint32_t gx, uint32_t gy, uint32_t gz)
{
  gs_vk *vk = be->impl;
  if (be->failure[0]) return;
  VkPipeline pipeline = pipeline_get(be, shader);
  if (!pipeline) return;
  vk_frame *f = frame_begin(be);
  if (!f) return;
  if (f->n_sets == VK_SETS_PER_FRAME) {
    frame_submit(be);
    if (!(f = frame_begin(be))) return;
  }
  VkDescriptorSetAllocateInfo ai = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
      .descriptorPool = f->pool,
      .descriptorSetCount = 1,
      .pSetLayouts = &vk->set_layout,
  };
  VkDescriptorSet set;
  if (vk_check(be, vkAllocateDescriptorSets(vk->device, &ai, &set), "allocating descriptors"))
    return;
  f->n_sets++;
  VkDescriptorBufferInfo info[VK_BINDINGS];
  VkWriteDescriptorSet w[VK_BINDINGS];
  VkDeviceSize span_lo[VK_BINDINGS], span_hi[VK_BINDINGS];
  VkDeviceSize min_align = vk->props.limits.minStorageBufferOffsetAlignment;
  for (int i = 0; i < VK_BINDINGS; i++) {
    const gs_tensor *ti = t[i] ? t[i] : t[0];
    const vk_buf *b = ti->storage->buffer;
    VkDeviceSize lo, hi;
    tensor_span(ti, &lo, &hi);
    VkDeviceSize start = lo / min_align * min_align;
    VkDeviceSize elem0 =
        b->offset + ti->storage->byte_offset + (VkDeviceSize) ti->offset * gs_dtype_size(ti->dtype);
    if (hi - start > vk->props.limits.maxStorageBufferRange) {
      gs_backend_fail(be,
                      "Vulkan: a tensor of %llu bytes exceeds the device's %u-byte binding limit",
                      (unsigned long long) (hi - lo), vk->props.limits.maxStorageBufferRange);
      return;
    }
    info[i] = (VkDescriptorBufferInfo){vk->blocks[b->block].buffer, start, hi - start};
    w[i] = (VkWriteDescriptorSet){
        .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
        .dstSet = set,
        .dstBinding = (uint32_t) i,
        .descriptorCount = 1,
        .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
        .pBufferInfo = &info[i],
    };
    if (off_slot[i] >= 0) pc[off_slot[i]] = (uint32_t) ((elem0 - start) / 4);
    span_lo[i] = lo;
    span_hi[i] = hi;
  }
  /* a barrier when this dispatch depends on an earlier one (an in-place kernel reading its
   * own destination is not a dependency) */
  bool dep = vk->n_pending + VK_BINDINGS > VK_MAX_PENDING;
  for (int i = 0; i < VK_BINDINGS && !dep; i++)
    if (t[i]) dep = depends(vk, info[i].buffer, span_lo[i], span_hi[i], writes[i]);
  if (dep) full_barrier(vk, f->cmd);
  for (int i = 0; i < VK_BINDINGS; i++)
    if (t[i]) note_access(vk, info[i].buffer, span_lo[i], span_hi[i], writes[i]);
  vkUpdateDescriptorSets(vk->device, VK_BINDINGS, w, 0, NULL);
  vkCmdBindPipeline(f->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
  vkCmdBindDescriptorSets(f->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, vk->layout, 0, 1, &set, 0, NULL);
  vkCmdPushConstants(f->cmd, vk->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, VK_PUSH_WORDS * 4, pc);
  if (f->queries) /* one pair per descriptor set, so at most VK_SETS_PER_FRAME pairs */
    vkCmdWriteTimestamp(f->cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, f->queries, 2 * f->n_timed);
  vkCmdDispatch(f->cmd, gx, gy, gz);
  if (f->queries) {
    vkCmdWriteTimestamp(f->cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, f->queries,
                        2 * f->n_timed + 1);
    f->timed_op[f->n_timed++] = (uint8_t) vk->current_op;
  }
  vk->dispatches++;
}

/* --- uploads and downloads ----------------------------------------------------------------- */

/* A host-visible staging buffer of at least n bytes (discrete devices). */
static bool staging_reserve(gs_backend *be, VkDeviceSize n)
{
  gs_vk *vk = be->impl;
  if (vk->staging_size >= n) return true;
  if (vk->staging) {
    vkDestroyBuffer(vk->device, vk->staging, NULL);
    vkFreeMemory(vk->device, vk->staging_memory, NULL);
    vk->staging = VK_NULL_HANDLE;
    vk->staging_size = 0;
  }
  VkDeviceSize size = align_up(n, 1 << 20);
  VkResult r = make_buffer(vk, size, vk->staging_type,
                           VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                           &vk->staging, &vk->staging_memory, &vk->staging_mapped);
  if (vk_check(be, r, "allocating the staging buffer")) return false;
  vk->staging_size = size;
  return true;
}

/* Copy between a block and the staging buffer and wait for it. */
static void staged_copy(gs_backend *be, VkBuffer block, VkDeviceSize offset, VkDeviceSize n,
                        bool to_device)
{
  gs_vk *vk = be->impl;
  vk_frame *f = frame_begin(be);
  if (!f) return;
  VkBufferCopy c = {to_device ? 0 : offset, to_device ? offset : 0, n};
  if (to_device)
    vkCmdCopyBuffer(f->cmd, vk->staging, block, 1, &c);
  else
    vkCmdCopyBuffer(f->cmd, block, vk->staging, 1, &c);
  full_barrier(vk, f->cmd);
  vk_sync(be);
}

static void vk_upload(gs_backend *be, void *buffer, size_t offset, const void *src, size_t n)
{
  gs_vk *vk = be->impl;
  vk_buf *b = buffer;
  vk_block *blk = &vk->blocks[b->block];
  VkDeviceSize at = b->offset + offset;
  if (n <= VK_UPDATE_MAX && n % 4 == 0 && at % 4 == 0) {
    /* small: in the command stream, ordered after the kernels issued before it */
    vk_frame *f = frame_begin(be);
    if (!f) return;
    track(vk, f->cmd, blk->buffer, at, at + n, true);
    vkCmdUpdateBuffer(f->cmd, blk->buffer, at, n, src);
    return;
  }
  vk_sync(be);
  if (be->failure[0]) return;
  if (blk->mapped) {
    memcpy((char *) blk->mapped + at, src, n);
    return;
  }
  if (!staging_reserve(be, n)) return;
  memcpy(vk->staging_mapped, src, n);
  staged_copy(be, blk->buffer, at, n, true);
}

static void vk_download(gs_backend *be, void *buffer, size_t offset, void *dst, size_t n)
{
  gs_vk *vk = be->impl;
  vk_buf *b = buffer;
  vk_block *blk = &vk->blocks[b->block];
  VkDeviceSize at = b->offset + offset;
  vk_sync(be);
  if (be->failure[0]) return;
  if (blk->mapped) {
    memcpy(dst, (char *) blk->mapped + at, n);
    return;
  }
  if (!staging_reserve(be, n)) return;
  staged_copy(be, blk->buffer, at, n, false);
  if (!be->failure[0]) memcpy(dst, vk->staging_mapped, n);
}

/* --- pipelines ----------------------------------------------------------------------------- */

static const struct {
  const uint32_t *code;
  const size_t *size;
} shader_code[VK_SH_COUNT] = {
    [VK_SH_UNARY] = {gs_spirv_unary, &gs_spirv_unary_size},
    [VK_SH_BINARY] = {gs_spirv_binary, &gs_spirv_binary_size},
    [VK_SH_COPY] = {gs_spirv_copy, &gs_spirv_copy_size},
    [VK_SH_REDUCE] = {gs_spirv_reduce, &gs_spirv_reduce_size},
    [VK_SH_SOFTMAX] = {gs_spirv_softmax, &gs_spirv_softmax_size},
    [VK_SH_MATMUL] = {gs_spirv_matmul, &gs_spirv_matmul_size},
    [VK_SH_INDEX] = {gs_spirv_index, &gs_spirv_index_size},
    [VK_SH_CONV] = {gs_spirv_conv, &gs_spirv_conv_size},
    [VK_SH_RNG] = {gs_spirv_rng, &gs_spirv_rng_size},
    [VK_SH_OPTIM] = {gs_spirv_optim, &gs_spirv_optim_size},
    [VK_SH_RBF] = {gs_spirv_rbf, &gs_spirv_rbf_size},
};

/* Where the pipeline cache lives: $XDG_CACHE_HOME/ganscape or ~/.cache/ganscape, one file per
 * device (the driver rejects a cache from another device or driver version anyway). */
static bool cache_path(const gs_vk *vk, char *out, size_t size, bool make_dir)
{
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  char dir[512];
  if (xdg && xdg[0])
    snprintf(dir, sizeof dir, "%s/ganscape", xdg);
  else if (home && home[0])
    snprintf(dir, sizeof dir, "%s/.cache/ganscape", home);
  else
    return false;
  if (make_dir) mkdir(dir, 0700); /* may exist; a failure shows when the file is written */
  snprintf(out, size, "%s/vulkan-pipelines-%04x-%04x.bin", dir, vk->props.vendorID,
           vk->props.deviceID);
  return true;
}

/* The cache file's bytes (malloc'd, *n of them), or NULL when there is none. */
static void *cache_read(const char *path, size_t *n)
{
  void *data = NULL;
  *n = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  if (fseek(fp, 0, SEEK_END) == 0) {
    long len = ftell(fp);
    if (len > 0 && len < (64l << 20) && fseek(fp, 0, SEEK_SET) == 0 && (data = malloc(len)))
      *n = fread(data, 1, (size_t) len, fp);
  }
  fclose(fp);
  if (!*n) {
    free(data);
    data = NULL;
  }
  return data;
}

/* A pipeline cache holding the data (or empty, when data is NULL or the driver rejects it as
 * stale or damaged); VK_NULL_HANDLE if even an empty one cannot be made. */
static VkPipelineCache cache_new(gs_vk *vk, const void *data, size_t n)
{
  VkPipelineCacheCreateInfo ci = {
      .sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO,
      .initialDataSize = data ? n : 0,
      .pInitialData = data,
  };
  VkPipelineCache cache;
  if (vkCreatePipelineCache(vk->device, &ci, NULL, &cache) == VK_SUCCESS) return cache;
  ci.initialDataSize = 0;
  ci.pInitialData = NULL;
  if (vkCreatePipelineCache(vk->device, &ci, NULL, &cache) == VK_SUCCESS) return cache;
  return VK_NULL_HANDLE;
}

static void cache_load(gs_vk *vk)
{
  char path[600];
  size_t n = 0;
  void *data = cache_path(vk, path, sizeof path, false) ? cache_read(path, &n) : NULL;
  vk->cache = cache_new(vk, data, n);
  free(data);
}

/* Backends of a process save one after another (each merges what the file holds first). */
static pthread_mutex_t cache_file_lock = PTHREAD_MUTEX_INITIALIZER;

/* Write the cache back, merged with what the file holds now: pipelines are made on first use,
 * so another backend (of this process or another) may have saved pipelines this one never
 * made, and a plain overwrite would drop them. The file is replaced by a rename, so a reader
 * sees the old or the new file whole. */
static void cache_save(gs_vk *vk)
{
  char path[600], tmp[640];
  if (!vk->cache || !cache_path(vk, path, sizeof path, true)) return;
  pthread_mutex_lock(&cache_file_lock);
  size_t n = 0;
  void *data = cache_read(path, &n);
  if (data) {
    VkPipelineCache on_disk = cache_new(vk, data, n);
    if (on_disk) {
      vkMergePipelineCaches(vk->device, vk->cache, 1, &on_disk);
      vkDestroyPipelineCache(vk->device, on_disk, NULL);
    }
    free(data);
    data = NULL;
  }
  n = 0;
  if (vkGetPipelineCacheData(vk->device, vk->cache, &n, NULL) == VK_SUCCESS && n > 0 &&
      (data = malloc(n)) && vkGetPipelineCacheData(vk->device, vk->cache, &n, data) == VK_SUCCESS) {
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", path); /* unique: other processes may save too */
    int fd = mkstemp(tmp);
    FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (fd >= 0 && !fp) close(fd);
    if (fp) {
      bool ok = fwrite(data, 1, n, fp) == n;
      ok = fclose(fp) == 0 && ok;
      if (!ok || rename(tmp, path) != 0) remove(tmp);
    }
  }
  free(data);
  pthread_mutex_unlock(&cache_file_lock);
}

/* The descriptor and pipeline layouts, the cache and the specialization constants; the
 * pipelines themselves wait for first use (pipeline_get). Compiling every shader up front cost
 * about a minute with a cold cache on lavapipe (the unrolled gs-rbf.comp alone most of it), a
 * wait before the first step even of a model that never uses that shader. */
static bool make_layouts(gs_backend *be)
{
  gs_vk *vk = be->impl;
  VkDescriptorSetLayoutBinding b[VK_BINDINGS];
  for (int i = 0; i < VK_BINDINGS; i++)
    b[i] = (VkDescriptorSetLayoutBinding){
        .binding = (uint32_t) i,
        .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
        .descriptorCount = 1,
        .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
    };
  VkDescriptorSetLayoutCreateInfo li = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
      .bindingCount = VK_BINDINGS,
      .pBindings = b,
  };
  if (vk_check(be, vkCreateDescriptorSetLayout(vk->device, &li, NULL, &vk->set_layout),
               "creating the descriptor layout"))
    return false;
  VkPushConstantRange pr = {VK_SHADER_STAGE_COMPUTE_BIT, 0, VK_PUSH_WORDS * 4};
  VkPipelineLayoutCreateInfo pi = {
      .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
      .setLayoutCount = 1,
      .pSetLayouts = &vk->set_layout,
      .pushConstantRangeCount = 1,
      .pPushConstantRanges = &pr,
  };
  if (vk_check(be, vkCreatePipelineLayout(vk->device, &pi, NULL, &vk->layout),
               "creating the pipeline layout"))
    return false;
  cache_load(vk);

  /* specialization: 0 the group size of the 1-D shaders, 1 and 2 the matmul register tile */
  const VkPhysicalDeviceLimits *lim = &vk->props.limits;
  vk->local_size = lim->maxComputeWorkGroupInvocations >= 256 ? 256 : 64;
  /* (16 TM + 16 TN) × 16 floats of shared memory per matmul group */
  vk->mm_tile = lim->maxComputeSharedMemorySize >= 2u * 16 * 16 * 4 * 4 ? 4 : 2;
  /* GANSCAPE_VK_MM_TILE=1|2|4 overrides it, for measuring (ganscape-cli bench gemm) */
  const char *tile = getenv("GANSCAPE_VK_MM_TILE");
  if (tile && (atoi(tile) == 1 || atoi(tile) == 2 || atoi(tile) == 4))
    vk->mm_tile = (uint32_t) atoi(tile);
  return true;
}

static const char *const shader_names[VK_SH_COUNT] = {
    [VK_SH_UNARY] = "unary",   [VK_SH_BINARY] = "binary",   [VK_SH_COPY] = "copy",
    [VK_SH_REDUCE] = "reduce", [VK_SH_SOFTMAX] = "softmax", [VK_SH_MATMUL] = "matmul",
    [VK_SH_INDEX] = "index",   [VK_SH_CONV] = "conv",       [VK_SH_RNG] = "rng",
    [VK_SH_OPTIM] = "optim",   [VK_SH_RBF] = "rbf",
};

/* The pipeline of one shader family, made (through the cache) the first time it is asked for;
 * VK_NULL_HANDLE after a failure, which is then recorded on the backend. */
static VkPipeline pipeline_get(gs_backend *be, vk_shader s)
{
  gs_vk *vk = be->impl;
  pthread_mutex_lock(&vk->pipeline_lock);
  VkPipeline p = vk->pipelines[s];
  if (p) {
    pthread_mutex_unlock(&vk->pipeline_lock);
    return p;
  }
  uint32_t spec_data[3] = {vk->local_size, vk->mm_tile, vk->mm_tile};
  VkSpecializationMapEntry entries[3] = {{0, 0, 4}, {1, 4, 4}, {2, 8, 4}};
  VkSpecializationInfo spec = {3, entries, sizeof spec_data, spec_data};
  VkShaderModuleCreateInfo mi = {
      .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
      .codeSize = *shader_code[s].size,
      .pCode = shader_code[s].code,
  };
  VkShaderModule mod;
  VkResult r = vkCreateShaderModule(vk->device, &mi, NULL, &mod);
  if (r == VK_SUCCESS) {
    VkComputePipelineCreateInfo ci = {
        .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
        .stage =
            {
                .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                .stage = VK_SHADER_STAGE_COMPUTE_BIT,
                .module = mod,
                .pName = "main",
                .pSpecializationInfo = &spec,
            },
        .layout = vk->layout,
    };
    r = vkCreateComputePipelines(vk->device, vk->cache, 1, &ci, NULL, &p);
    vkDestroyShaderModule(vk->device, mod, NULL);
  }
  if (r == VK_SUCCESS) {
    vk->pipelines[s] = p;
    vk->pipelines_made++;
  } else {
    p = VK_NULL_HANDLE;
    char what[64];
    snprintf(what, sizeof what, "creating the %s pipeline", shader_names[s]);
    vk_check(be, r, what);
  }
  pthread_mutex_unlock(&vk->pipeline_lock);
  return p;
}

/* --- profiling ------------------------------------------------------------------------------ */

int gs_vk_kernel_times(gs_backend *be, gs_kernel_time *out, int max)
{
  gs_vk *vk = be->impl;
  if (!vk->timestamps) return 0;
  vk_sync(be);
  int n = 0;
  for (int op = 0; op < GS_K_COUNT && n < max; op++)
    if (vk->kernel_count[op])
      out[n++] = (gs_kernel_time){gs_kop_name((gs_kop) op), vk->kernel_count[op],
                                  vk->kernel_ns[op] * 1e-9};
  return n;
}

void gs_vk_kernel_times_reset(gs_backend *be)
{
  gs_vk *vk = be->impl;
  vk_sync(be);
  memset(vk->kernel_ns, 0, sizeof vk->kernel_ns);
  memset(vk->kernel_count, 0, sizeof vk->kernel_count);
}

/* --- creation and destruction -------------------------------------------------------------- */

static void vk_destroy(gs_backend *be)
{
  gs_vk *vk = be->impl;
  if (vk) {
    if (vk->device) {
      vkDeviceWaitIdle(vk->device);
      if (vk->cache) {
        if (vk->pipelines_made) cache_save(vk); /* nothing new otherwise */
        vkDestroyPipelineCache(vk->device, vk->cache, NULL);
      }
      for (int s = 0; s < VK_SH_COUNT; s++)
        if (vk->pipelines[s]) vkDestroyPipeline(vk->device, vk->pipelines[s], NULL);
      if (vk->layout) vkDestroyPipelineLayout(vk->device, vk->layout, NULL);
      if (vk->set_layout) vkDestroyDescriptorSetLayout(vk->device, vk->set_layout, NULL);
      for (int i = 0; i < VK_FRAMES; i++) {
        if (vk->frames[i].queries) vkDestroyQueryPool(vk->device, vk->frames[i].queries, NULL);
        if (vk->frames[i].fence) vkDestroyFence(vk->device, vk->frames[i].fence, NULL);
        if (vk->frames[i].pool) vkDestroyDescriptorPool(vk->device, vk->frames[i].pool, NULL);
      }
      if (vk->cmd_pool) vkDestroyCommandPool(vk->device, vk->cmd_pool, NULL);
      for (int i = 0; i < vk->n_blocks; i++) {
        vk_block *b = &vk->blocks[i];
        if (b->buffer) vkDestroyBuffer(vk->device, b->buffer, NULL);
        if (b->memory) vkFreeMemory(vk->device, b->memory, NULL);
        free(b->free);
      }
      if (vk->staging) {
        vkDestroyBuffer(vk->device, vk->staging, NULL);
        vkFreeMemory(vk->device, vk->staging_memory, NULL);
      }
      vkDestroyDevice(vk->device, NULL);
    }
    free(vk->blocks); /* the instance is shared and stays (get_instance) */
    pthread_mutex_destroy(&vk->pipeline_lock);
    free(vk);
  }
  free(be);
}

static const gs_backend_vtable vk_vtable = {
    .supports = gs_vk_supports,
    .buffer_new = vk_buffer_new,
    .buffer_free = vk_buffer_free,
    .buffer_host = vk_buffer_host,
    .upload = vk_upload,
    .download = vk_download,
    .exec = gs_vk_exec,
    .sync = vk_sync,
    .destroy = vk_destroy,
};

static bool choose_memory(gs_vk *vk, char *why, size_t why_size)
{
  VkPhysicalDeviceMemoryProperties mp;
  vkGetPhysicalDeviceMemoryProperties(vk->phys, &mp);
  VkBufferCreateInfo bi = {
      .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
      .size = 4096,
      .usage = storage_usage(),
  };
  VkBuffer probe;
  if (vkCreateBuffer(vk->device, &bi, NULL, &probe) != VK_SUCCESS) {
    snprintf(why, why_size, "Vulkan: cannot create a storage buffer");
    return false;
  }
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(vk->device, probe, &req);
  vkDestroyBuffer(vk->device, probe, NULL);
  const VkMemoryPropertyFlags local = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT,
                              host = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                     VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  bool unified = vk->props.deviceType == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU ||
                 vk->props.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  /* GANSCAPE_VK_FORCE_STAGING=1 takes the discrete-GPU path (no mapped storage, copies through
   * the staging buffer) on any device, so the tests cover it on lavapipe */
  const char *force = getenv("GANSCAPE_VK_FORCE_STAGING");
  if (force && strcmp(force, "1") == 0) unified = false;
  int t = unified ? find_memory_type(&mp, req.memoryTypeBits, local | host) : -1;
  if (t >= 0) {
    vk->uma = true;
  } else {
    t = find_memory_type(&mp, req.memoryTypeBits, local);
    if (t < 0) t = find_memory_type(&mp, req.memoryTypeBits, 0);
    int s = find_memory_type(&mp, 0xffffffffu, host | VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
    if (s < 0) s = find_memory_type(&mp, 0xffffffffu, host);
    if (t < 0 || s < 0) {
      snprintf(why, why_size, "Vulkan: no suitable memory type");
      return false;
    }
    vk->staging_type = (uint32_t) s;
  }
  vk->storage_type = (uint32_t) t;
  VkDeviceSize heap = mp.memoryHeaps[mp.memoryTypes[t].heapIndex].size;
  vk->align = req.alignment;
  if (vk->align < vk->props.limits.minStorageBufferOffsetAlignment)
    vk->align = vk->props.limits.minStorageBufferOffsetAlignment;
  if (vk->align < 64) vk->align = 64;
  vk->block_size = 64u << 20;
  if (vk->block_size > vk->props.limits.maxStorageBufferRange)
    vk->block_size = vk->props.limits.maxStorageBufferRange / vk->align * vk->align;
  /* the whole heap, unless a test asks for a small pool to reach the out-of-memory path */
  vk->pool_limit = heap;
  const char *lim = getenv("GANSCAPE_VK_POOL_LIMIT");
  if (lim && atoll(lim) > 0) vk->pool_limit = (VkDeviceSize) atoll(lim);
  if (vk->block_size > vk->pool_limit) vk->block_size = vk->pool_limit;
  return true;
}

gs_backend *gs_vulkan_backend_new(const gs_backend_options *options, gs_error *err)
{
  gs_backend *be = calloc(1, sizeof *be);
  gs_vk *vk = calloc(1, sizeof *vk);
  char why[256] = "";
  if (!be || !vk) {
    free(be);
    free(vk);
    gs_error_set(err, 1, "out of host memory creating the Vulkan backend");
    return NULL;
  }
  pthread_mutex_init(&vk->pipeline_lock, NULL);
  be->vt = &vk_vtable;
  be->kind = GS_BACKEND_VULKAN;
  be->impl = vk;
  snprintf(be->name, sizeof be->name, "vulkan");

  VkResult r = get_instance(&vk->instance);
  if (r != VK_SUCCESS) {
    gs_error_set(err, 1, "no Vulkan device (no Vulkan driver: %s)", vk_result_name(r));
    vk_destroy(be);
    return NULL;
  }
  if (!choose_device(vk->instance, options, &vk->phys, &vk->queue_family, why, sizeof why)) {
    gs_error_set(err, 1, "%s", why);
    vk_destroy(be);
    return NULL;
  }
  vkGetPhysicalDeviceProperties(vk->phys, &vk->props);
  float prio = 1.0f;
  VkDeviceQueueCreateInfo qi = {
      .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
      .queueFamilyIndex = vk->queue_family,
      .queueCount = 1,
      .pQueuePriorities = &prio,
  };
  VkDeviceCreateInfo di = {
      .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
      .queueCreateInfoCount = 1,
      .pQueueCreateInfos = &qi,
  };
  r = vkCreateDevice(vk->phys, &di, NULL, &vk->device);
  if (r != VK_SUCCESS) {
    vk->device = VK_NULL_HANDLE;
    gs_error_set(err, 1, "Vulkan: cannot open %s: %s", vk->props.deviceName, vk_result_name(r));
    vk_destroy(be);
    return NULL;
  }
  vkGetDeviceQueue(vk->device, vk->queue_family, 0, &vk->queue);
  if (!choose_memory(vk, why, sizeof why)) {
    gs_error_set(err, 1, "%s", why);
    vk_destroy(be);
    return NULL;
  }
  be->alignment = (size_t) vk->align;

  VkCommandPoolCreateInfo cpi = {
      .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
      .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
      .queueFamilyIndex = vk->queue_family,
  };
  bool ok = vkCreateCommandPool(vk->device, &cpi, NULL, &vk->cmd_pool) == VK_SUCCESS;
  VkDescriptorPoolSize ps = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, VK_SETS_PER_FRAME * VK_BINDINGS};
  for (int i = 0; ok && i < VK_FRAMES; i++) {
    VkCommandBufferAllocateInfo ai = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = vk->cmd_pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = 1,
    };
    VkFenceCreateInfo fi = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkDescriptorPoolCreateInfo dpi = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
        .maxSets = VK_SETS_PER_FRAME,
        .poolSizeCount = 1,
        .pPoolSizes = &ps,
    };
    ok = vkAllocateCommandBuffers(vk->device, &ai, &vk->frames[i].cmd) == VK_SUCCESS &&
         vkCreateFence(vk->device, &fi, NULL, &vk->frames[i].fence) == VK_SUCCESS &&
         vkCreateDescriptorPool(vk->device, &dpi, NULL, &vk->frames[i].pool) == VK_SUCCESS;
  }
  /* timestamps when asked for and the compute queue has them */
  uint32_t nq = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(vk->phys, &nq, NULL);
  VkQueueFamilyProperties qp[16];
  if (nq > 16) nq = 16;
  vkGetPhysicalDeviceQueueFamilyProperties(vk->phys, &nq, qp);
  if (ok && options->timestamps && vk->queue_family < nq &&
      qp[vk->queue_family].timestampValidBits > 0 && vk->props.limits.timestampPeriod > 0) {
    vk->timestamps = true;
    vk->timestamp_ns = vk->props.limits.timestampPeriod;
    VkQueryPoolCreateInfo query_info = {
        .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
        .queryType = VK_QUERY_TYPE_TIMESTAMP,
        .queryCount = 2 * VK_SETS_PER_FRAME,
    };
    for (int i = 0; ok && i < VK_FRAMES; i++)
      ok = vkCreateQueryPool(vk->device, &query_info, NULL, &vk->frames[i].queries) == VK_SUCCESS;
  }
  if (!ok || !make_layouts(be)) {
    gs_error_set(err, 1, "Vulkan: cannot set up %s: %s", vk->props.deviceName,
                 be->failure[0] ? be->failure : "out of memory");
    vk_destroy(be);
    return NULL;
  }
  static const char *const types[] = {"other", "integrated GPU", "discrete GPU", "virtual GPU",
                                      "CPU"};
  snprintf(be->device, sizeof be->device, "%.96s (%s)", vk->props.deviceName,
           vk->props.deviceType <= 4 ? types[vk->props.deviceType] : "other");
  return be;
}
