/* SPDX-License-Identifier: MIT */
/*
 * Our ethosu definitions against the kernel's own <drm/ethosu_accel.h>, when the compiler
 * finds it (ci/vm/abi-check-ethosu.sh points -I at Linux 7.3's installed uapi headers). Without
 * the header nothing is compared and ac_abi_kernel_ethosu_header_checked says so at run time.
 * This file must not see libdrm's drm.h: the kernel header brings its own.
 */
#include "accel_ethosu_uapi.h"

#if defined(__has_include)
#if __has_include(<drm/ethosu_accel.h>)
#define AC_HAVE_KERNEL_ETHOSU_HEADER 1
#endif
#endif

#ifdef AC_HAVE_KERNEL_ETHOSU_HEADER
#include <drm/ethosu_accel.h>

#define AC_K_SIZE(ours, theirs) \
	_Static_assert(sizeof(struct ac_##ours) == sizeof(struct theirs), #theirs " size differs from the kernel")
#define AC_K_OFF(ours, theirs, field) \
	_Static_assert(offsetof(struct ac_##ours, field) == offsetof(struct theirs, field), \
		       #theirs "." #field " offset differs from the kernel")
#define AC_K_EQ(ours, theirs) \
	_Static_assert((ours) == (theirs), #theirs " differs from the kernel")

AC_K_SIZE(ethosu_npu_info, drm_ethosu_npu_info);
AC_K_OFF(ethosu_npu_info, drm_ethosu_npu_info, config);
AC_K_OFF(ethosu_npu_info, drm_ethosu_npu_info, sram_size);
AC_K_OFF(ethosu_npu_info, drm_ethosu_npu_info, pmu_counters);
AC_K_SIZE(ethosu_dev_query, drm_ethosu_dev_query);
AC_K_OFF(ethosu_dev_query, drm_ethosu_dev_query, size);
AC_K_OFF(ethosu_dev_query, drm_ethosu_dev_query, pointer);
AC_K_SIZE(ethosu_bo_create, drm_ethosu_bo_create);
AC_K_OFF(ethosu_bo_create, drm_ethosu_bo_create, flags);
AC_K_OFF(ethosu_bo_create, drm_ethosu_bo_create, handle);
AC_K_SIZE(ethosu_bo_mmap_offset, drm_ethosu_bo_mmap_offset);
AC_K_OFF(ethosu_bo_mmap_offset, drm_ethosu_bo_mmap_offset, pad);
AC_K_OFF(ethosu_bo_mmap_offset, drm_ethosu_bo_mmap_offset, offset);
AC_K_SIZE(ethosu_bo_wait, drm_ethosu_bo_wait);
AC_K_OFF(ethosu_bo_wait, drm_ethosu_bo_wait, pad);
AC_K_OFF(ethosu_bo_wait, drm_ethosu_bo_wait, timeout_ns);
AC_K_SIZE(ethosu_cmdstream_bo_create, drm_ethosu_cmdstream_bo_create);
AC_K_OFF(ethosu_cmdstream_bo_create, drm_ethosu_cmdstream_bo_create, flags);
AC_K_OFF(ethosu_cmdstream_bo_create, drm_ethosu_cmdstream_bo_create, data);
AC_K_OFF(ethosu_cmdstream_bo_create, drm_ethosu_cmdstream_bo_create, handle);
AC_K_OFF(ethosu_cmdstream_bo_create, drm_ethosu_cmdstream_bo_create, pad);
AC_K_SIZE(ethosu_job, drm_ethosu_job);
AC_K_OFF(ethosu_job, drm_ethosu_job, sram_size);
AC_K_OFF(ethosu_job, drm_ethosu_job, region_bo_handles);
AC_K_SIZE(ethosu_submit, drm_ethosu_submit);
AC_K_OFF(ethosu_submit, drm_ethosu_submit, job_count);
AC_K_OFF(ethosu_submit, drm_ethosu_submit, perfmon_id);
AC_K_SIZE(ethosu_perfmon_create, drm_ethosu_perfmon_create);
AC_K_OFF(ethosu_perfmon_create, drm_ethosu_perfmon_create, ncounters);
AC_K_OFF(ethosu_perfmon_create, drm_ethosu_perfmon_create, counters);
AC_K_SIZE(ethosu_perfmon_destroy, drm_ethosu_perfmon_destroy);
AC_K_OFF(ethosu_perfmon_destroy, drm_ethosu_perfmon_destroy, pad);
AC_K_SIZE(ethosu_perfmon_get_values, drm_ethosu_perfmon_get_values);
AC_K_OFF(ethosu_perfmon_get_values, drm_ethosu_perfmon_get_values, pad);
AC_K_OFF(ethosu_perfmon_get_values, drm_ethosu_perfmon_get_values, values_ptr);
AC_K_SIZE(ethosu_perfmon_set_global, drm_ethosu_perfmon_set_global);
AC_K_OFF(ethosu_perfmon_set_global, drm_ethosu_perfmon_set_global, id);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_DEV_QUERY, DRM_IOCTL_ETHOSU_DEV_QUERY);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_BO_CREATE, DRM_IOCTL_ETHOSU_BO_CREATE);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_BO_WAIT, DRM_IOCTL_ETHOSU_BO_WAIT);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_SUBMIT, DRM_IOCTL_ETHOSU_SUBMIT);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_PERFMON_CREATE, DRM_IOCTL_ETHOSU_PERFMON_CREATE);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_PERFMON_DESTROY, DRM_IOCTL_ETHOSU_PERFMON_DESTROY);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_PERFMON_GET_VALUES, DRM_IOCTL_ETHOSU_PERFMON_GET_VALUES);
AC_K_EQ(AC_DRM_IOCTL_ETHOSU_PERFMON_SET_GLOBAL, DRM_IOCTL_ETHOSU_PERFMON_SET_GLOBAL);
AC_K_EQ(AC_ETHOSU_DEV_QUERY_NPU_INFO, DRM_ETHOSU_DEV_QUERY_NPU_INFO);
AC_K_EQ(AC_ETHOSU_BO_NO_MMAP, DRM_ETHOSU_BO_NO_MMAP);
AC_K_EQ(AC_ETHOSU_MAX_REGIONS, ETHOSU_MAX_REGIONS);
AC_K_EQ(AC_ETHOSU_MAX_PERF_EVENT_COUNTERS, DRM_ETHOSU_MAX_PERF_EVENT_COUNTERS);
AC_K_EQ(AC_ETHOSU_MAX_PERF_COUNTERS, DRM_ETHOSU_MAX_PERF_COUNTERS);
AC_K_EQ(AC_ETHOSU_PERFMON_CLEAR_GLOBAL, DRM_ETHOSU_PERFMON_CLEAR_GLOBAL);
AC_K_EQ(AC_DRM_ETHOSU_PERFMON_SET_GLOBAL + 1, AC_ETHOSU_NUM_IOCTLS);

const int ac_abi_kernel_ethosu_header_checked = 1;
#else
const int ac_abi_kernel_ethosu_header_checked = 0;
#endif
