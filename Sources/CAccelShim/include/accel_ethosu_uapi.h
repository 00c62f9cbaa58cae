/* SPDX-License-Identifier: MIT */
/*
 * ethosu uapi, written from docs/ethosu-uapi.md §1 (facts of Linux 7.3's
 * include/uapi/drm/ethosu_accel.h). The ac_ prefix keeps these apart from the kernel's
 * <drm/ethosu_accel.h>, which abi_check_kernel_ethosu.c compares against when it is found.
 */
#ifndef ACCEL_ETHOSU_UAPI_H
#define ACCEL_ETHOSU_UAPI_H

#include "accel_drm_uapi.h"

#define AC_ETHOSU_DEV_QUERY_NPU_INFO 0
#define AC_ETHOSU_BO_NO_MMAP 1
#define AC_ETHOSU_MAX_REGIONS 8
#define AC_ETHOSU_MAX_PERF_EVENT_COUNTERS 8
#define AC_ETHOSU_MAX_PERF_COUNTERS (AC_ETHOSU_MAX_PERF_EVENT_COUNTERS + 1)
#define AC_ETHOSU_PERFMON_CLEAR_GLOBAL 0x0001

struct ac_ethosu_npu_info {
	__u32 id;
	__u32 config;
	__u32 sram_size;
	__u32 pmu_counters;
};

struct ac_ethosu_dev_query {
	__u32 type;
	__u32 size;
	__u64 pointer;
};

struct ac_ethosu_bo_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
};

struct ac_ethosu_bo_mmap_offset {
	__u32 handle;
	__u32 pad;
	__u64 offset;
};

struct ac_ethosu_bo_wait {
	__u32 handle;
	__u32 pad;
	__s64 timeout_ns;
};

struct ac_ethosu_cmdstream_bo_create {
	__u32 size;
	__u32 flags;
	__u64 data;
	__u32 handle;
	__u32 pad;
};

struct ac_ethosu_job {
	__u32 cmd_bo;
	__u32 sram_size;
	__u32 region_bo_handles[AC_ETHOSU_MAX_REGIONS];
};

struct ac_ethosu_submit {
	__u64 jobs;
	__u32 job_count;
	__u32 perfmon_id;
};

struct ac_ethosu_perfmon_create {
	__u32 id;
	__u32 ncounters;
	__u16 counters[AC_ETHOSU_MAX_PERF_EVENT_COUNTERS];
};

struct ac_ethosu_perfmon_destroy {
	__u32 id;
	__u32 pad;
};

struct ac_ethosu_perfmon_get_values {
	__u32 id;
	__u32 pad;
	__u64 values_ptr;
};

struct ac_ethosu_perfmon_set_global {
	__u32 flags;
	__u32 id;
};

#define AC_DRM_ETHOSU_DEV_QUERY 0x00
#define AC_DRM_ETHOSU_BO_CREATE 0x01
#define AC_DRM_ETHOSU_BO_WAIT 0x02
#define AC_DRM_ETHOSU_BO_MMAP_OFFSET 0x03
#define AC_DRM_ETHOSU_CMDSTREAM_BO_CREATE 0x04
#define AC_DRM_ETHOSU_SUBMIT 0x05
#define AC_DRM_ETHOSU_PERFMON_CREATE 0x06
#define AC_DRM_ETHOSU_PERFMON_DESTROY 0x07
#define AC_DRM_ETHOSU_PERFMON_GET_VALUES 0x08
#define AC_DRM_ETHOSU_PERFMON_SET_GLOBAL 0x09
/* Entries in the driver's ioctl table (docs/ethosu-uapi.md §1.1). */
#define AC_ETHOSU_NUM_IOCTLS 10

#define AC_ETHOSU_IOWR(id, type) _IOWR(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + (id), struct type)
#define AC_DRM_IOCTL_ETHOSU_DEV_QUERY AC_ETHOSU_IOWR(AC_DRM_ETHOSU_DEV_QUERY, ac_ethosu_dev_query)
#define AC_DRM_IOCTL_ETHOSU_BO_CREATE AC_ETHOSU_IOWR(AC_DRM_ETHOSU_BO_CREATE, ac_ethosu_bo_create)
#define AC_DRM_IOCTL_ETHOSU_BO_WAIT AC_ETHOSU_IOWR(AC_DRM_ETHOSU_BO_WAIT, ac_ethosu_bo_wait)
#define AC_DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET \
	AC_ETHOSU_IOWR(AC_DRM_ETHOSU_BO_MMAP_OFFSET, ac_ethosu_bo_mmap_offset)
#define AC_DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE \
	AC_ETHOSU_IOWR(AC_DRM_ETHOSU_CMDSTREAM_BO_CREATE, ac_ethosu_cmdstream_bo_create)
#define AC_DRM_IOCTL_ETHOSU_SUBMIT AC_ETHOSU_IOWR(AC_DRM_ETHOSU_SUBMIT, ac_ethosu_submit)
#define AC_DRM_IOCTL_ETHOSU_PERFMON_CREATE \
	AC_ETHOSU_IOWR(AC_DRM_ETHOSU_PERFMON_CREATE, ac_ethosu_perfmon_create)
#define AC_DRM_IOCTL_ETHOSU_PERFMON_DESTROY \
	AC_ETHOSU_IOWR(AC_DRM_ETHOSU_PERFMON_DESTROY, ac_ethosu_perfmon_destroy)
#define AC_DRM_IOCTL_ETHOSU_PERFMON_GET_VALUES \
	AC_ETHOSU_IOWR(AC_DRM_ETHOSU_PERFMON_GET_VALUES, ac_ethosu_perfmon_get_values)
#define AC_DRM_IOCTL_ETHOSU_PERFMON_SET_GLOBAL \
	AC_ETHOSU_IOWR(AC_DRM_ETHOSU_PERFMON_SET_GLOBAL, ac_ethosu_perfmon_set_global)

static const unsigned long ac_ethosu_ioctl_dev_query = AC_DRM_IOCTL_ETHOSU_DEV_QUERY;
static const unsigned long ac_ethosu_ioctl_bo_create = AC_DRM_IOCTL_ETHOSU_BO_CREATE;
static const unsigned long ac_ethosu_ioctl_bo_wait = AC_DRM_IOCTL_ETHOSU_BO_WAIT;
static const unsigned long ac_ethosu_ioctl_bo_mmap_offset = AC_DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET;
static const unsigned long ac_ethosu_ioctl_cmdstream_bo_create = AC_DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE;
static const unsigned long ac_ethosu_ioctl_submit = AC_DRM_IOCTL_ETHOSU_SUBMIT;
static const unsigned long ac_ethosu_ioctl_perfmon_create = AC_DRM_IOCTL_ETHOSU_PERFMON_CREATE;
static const unsigned long ac_ethosu_ioctl_perfmon_destroy = AC_DRM_IOCTL_ETHOSU_PERFMON_DESTROY;
static const unsigned long ac_ethosu_ioctl_perfmon_get_values = AC_DRM_IOCTL_ETHOSU_PERFMON_GET_VALUES;
static const unsigned long ac_ethosu_ioctl_perfmon_set_global = AC_DRM_IOCTL_ETHOSU_PERFMON_SET_GLOBAL;

/* Sizes and offsets from docs/ethosu-uapi.md §1.2. */
_Static_assert(sizeof(struct ac_ethosu_npu_info) == 16, "npu_info");
_Static_assert(offsetof(struct ac_ethosu_npu_info, config) == 4, "npu_info.config");
_Static_assert(offsetof(struct ac_ethosu_npu_info, sram_size) == 8, "npu_info.sram_size");
_Static_assert(offsetof(struct ac_ethosu_npu_info, pmu_counters) == 12, "npu_info.pmu_counters");
_Static_assert(sizeof(struct ac_ethosu_dev_query) == 16, "dev_query");
_Static_assert(offsetof(struct ac_ethosu_dev_query, size) == 4, "dev_query.size");
_Static_assert(offsetof(struct ac_ethosu_dev_query, pointer) == 8, "dev_query.pointer");
_Static_assert(sizeof(struct ac_ethosu_bo_create) == 16, "bo_create");
_Static_assert(offsetof(struct ac_ethosu_bo_create, flags) == 8, "bo_create.flags");
_Static_assert(offsetof(struct ac_ethosu_bo_create, handle) == 12, "bo_create.handle");
_Static_assert(sizeof(struct ac_ethosu_bo_mmap_offset) == 16, "bo_mmap_offset");
_Static_assert(offsetof(struct ac_ethosu_bo_mmap_offset, pad) == 4, "bo_mmap_offset.pad");
_Static_assert(offsetof(struct ac_ethosu_bo_mmap_offset, offset) == 8, "bo_mmap_offset.offset");
_Static_assert(sizeof(struct ac_ethosu_bo_wait) == 16, "bo_wait");
_Static_assert(offsetof(struct ac_ethosu_bo_wait, pad) == 4, "bo_wait.pad");
_Static_assert(offsetof(struct ac_ethosu_bo_wait, timeout_ns) == 8, "bo_wait.timeout_ns");
_Static_assert(sizeof(struct ac_ethosu_cmdstream_bo_create) == 24, "cmdstream_bo_create");
_Static_assert(offsetof(struct ac_ethosu_cmdstream_bo_create, flags) == 4, "cmdstream.flags");
_Static_assert(offsetof(struct ac_ethosu_cmdstream_bo_create, data) == 8, "cmdstream.data");
_Static_assert(offsetof(struct ac_ethosu_cmdstream_bo_create, handle) == 16, "cmdstream.handle");
_Static_assert(offsetof(struct ac_ethosu_cmdstream_bo_create, pad) == 20, "cmdstream.pad");
_Static_assert(sizeof(struct ac_ethosu_job) == 40, "job");
_Static_assert(offsetof(struct ac_ethosu_job, sram_size) == 4, "job.sram_size");
_Static_assert(offsetof(struct ac_ethosu_job, region_bo_handles) == 8, "job.region_bo_handles");
_Static_assert(sizeof(struct ac_ethosu_submit) == 16, "submit");
_Static_assert(offsetof(struct ac_ethosu_submit, job_count) == 8, "submit.job_count");
_Static_assert(offsetof(struct ac_ethosu_submit, perfmon_id) == 12, "submit.perfmon_id");
_Static_assert(sizeof(struct ac_ethosu_perfmon_create) == 24, "perfmon_create");
_Static_assert(offsetof(struct ac_ethosu_perfmon_create, ncounters) == 4, "perfmon_create.ncounters");
_Static_assert(offsetof(struct ac_ethosu_perfmon_create, counters) == 8, "perfmon_create.counters");
_Static_assert(sizeof(struct ac_ethosu_perfmon_destroy) == 8, "perfmon_destroy");
_Static_assert(offsetof(struct ac_ethosu_perfmon_destroy, pad) == 4, "perfmon_destroy.pad");
_Static_assert(sizeof(struct ac_ethosu_perfmon_get_values) == 16, "perfmon_get_values");
_Static_assert(offsetof(struct ac_ethosu_perfmon_get_values, pad) == 4, "perfmon_get_values.pad");
_Static_assert(offsetof(struct ac_ethosu_perfmon_get_values, values_ptr) == 8, "perfmon_get_values.values_ptr");
_Static_assert(sizeof(struct ac_ethosu_perfmon_set_global) == 8, "perfmon_set_global");
_Static_assert(offsetof(struct ac_ethosu_perfmon_set_global, id) == 4, "perfmon_set_global.id");

#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
/* cmd values from docs/ethosu-uapi.md §1.1 (asm-generic _IOC encoding). */
_Static_assert(AC_DRM_IOCTL_ETHOSU_DEV_QUERY == 0xC0106440UL, "ETHOSU_DEV_QUERY cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_BO_CREATE == 0xC0106441UL, "ETHOSU_BO_CREATE cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_BO_WAIT == 0xC0106442UL, "ETHOSU_BO_WAIT cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET == 0xC0106443UL, "ETHOSU_BO_MMAP_OFFSET cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE == 0xC0186444UL, "ETHOSU_CMDSTREAM_BO_CREATE cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_SUBMIT == 0xC0106445UL, "ETHOSU_SUBMIT cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_PERFMON_CREATE == 0xC0186446UL, "ETHOSU_PERFMON_CREATE cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_PERFMON_DESTROY == 0xC0086447UL, "ETHOSU_PERFMON_DESTROY cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_PERFMON_GET_VALUES == 0xC0106448UL, "ETHOSU_PERFMON_GET_VALUES cmd");
_Static_assert(AC_DRM_IOCTL_ETHOSU_PERFMON_SET_GLOBAL == 0xC0086449UL, "ETHOSU_PERFMON_SET_GLOBAL cmd");
#endif

/*
 * 1 when abi_check_kernel_ethosu.c found the kernel's <drm/ethosu_accel.h> and compared these
 * definitions against it at build time, 0 when the header was absent and the check skipped.
 */
extern const int ac_abi_kernel_ethosu_header_checked;

#endif /* ACCEL_ETHOSU_UAPI_H */
