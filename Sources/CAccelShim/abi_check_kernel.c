/* SPDX-License-Identifier: MIT */
/*
 * Our qaic definitions against the kernel's own <drm/qaic_accel.h>, when the build machine
 * has it (linux-libc-dev from 6.4 on, or -I pointing at a kernel's include/uapi). Without
 * the header nothing is compared and ac_abi_kernel_header_checked says so at run time.
 * This file must not see libdrm's drm.h: the kernel header brings its own.
 */
#include "accel_qaic_uapi.h"

#if defined(__has_include)
#if __has_include(<drm/qaic_accel.h>)
#define AC_HAVE_KERNEL_QAIC_HEADER 1
#endif
#endif

#ifdef AC_HAVE_KERNEL_QAIC_HEADER
#include <drm/qaic_accel.h>

#define AC_K_SIZE(name) \
	_Static_assert(sizeof(struct ac_##name) == sizeof(struct name), #name " size differs from the kernel")
#define AC_K_OFF(name, field) \
	_Static_assert(offsetof(struct ac_##name, field) == offsetof(struct name, field), \
		       #name "." #field " offset differs from the kernel")
#define AC_K_CMD(ours, theirs) \
	_Static_assert(ours == theirs, #theirs " differs from the kernel")

AC_K_SIZE(qaic_manage_trans_hdr);
AC_K_SIZE(qaic_manage_trans_dma_xfer);
AC_K_OFF(qaic_manage_trans_dma_xfer, addr);
AC_K_SIZE(qaic_manage_trans_activate_to_dev);
AC_K_OFF(qaic_manage_trans_activate_to_dev, pad);
AC_K_SIZE(qaic_manage_trans_activate_from_dev);
AC_K_OFF(qaic_manage_trans_activate_from_dev, options);
AC_K_SIZE(qaic_manage_trans_deactivate);
AC_K_SIZE(qaic_manage_trans_status_to_dev);
AC_K_SIZE(qaic_manage_trans_status_from_dev);
AC_K_OFF(qaic_manage_trans_status_from_dev, status_flags);
AC_K_SIZE(qaic_manage_msg);
AC_K_OFF(qaic_manage_msg, data);
AC_K_SIZE(qaic_create_bo);
AC_K_OFF(qaic_create_bo, pad);
AC_K_SIZE(qaic_mmap_bo);
AC_K_OFF(qaic_mmap_bo, offset);
AC_K_SIZE(qaic_sem);
AC_K_OFF(qaic_sem, pad);
AC_K_SIZE(qaic_attach_slice_entry);
AC_K_OFF(qaic_attach_slice_entry, db_len);
AC_K_OFF(qaic_attach_slice_entry, offset);
AC_K_SIZE(qaic_attach_slice_hdr);
AC_K_OFF(qaic_attach_slice_hdr, size);
AC_K_SIZE(qaic_attach_slice);
AC_K_OFF(qaic_attach_slice, data);
AC_K_SIZE(qaic_execute_entry);
AC_K_SIZE(qaic_partial_execute_entry);
AC_K_OFF(qaic_partial_execute_entry, resize);
AC_K_SIZE(qaic_execute_hdr);
AC_K_SIZE(qaic_execute);
AC_K_SIZE(qaic_wait);
AC_K_OFF(qaic_wait, pad);
AC_K_SIZE(qaic_perf_stats_hdr);
AC_K_SIZE(qaic_perf_stats);
AC_K_SIZE(qaic_perf_stats_entry);
AC_K_OFF(qaic_perf_stats_entry, pad);
AC_K_SIZE(qaic_detach_slice);
AC_K_CMD(AC_DRM_IOCTL_QAIC_MANAGE, DRM_IOCTL_QAIC_MANAGE);
AC_K_CMD(AC_DRM_IOCTL_QAIC_CREATE_BO, DRM_IOCTL_QAIC_CREATE_BO);
AC_K_CMD(AC_DRM_IOCTL_QAIC_MMAP_BO, DRM_IOCTL_QAIC_MMAP_BO);
AC_K_CMD(AC_DRM_IOCTL_QAIC_ATTACH_SLICE_BO, DRM_IOCTL_QAIC_ATTACH_SLICE_BO);
AC_K_CMD(AC_DRM_IOCTL_QAIC_EXECUTE_BO, DRM_IOCTL_QAIC_EXECUTE_BO);
AC_K_CMD(AC_DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO, DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO);
AC_K_CMD(AC_DRM_IOCTL_QAIC_WAIT_BO, DRM_IOCTL_QAIC_WAIT_BO);
AC_K_CMD(AC_DRM_IOCTL_QAIC_PERF_STATS_BO, DRM_IOCTL_QAIC_PERF_STATS_BO);
#ifdef DRM_IOCTL_QAIC_DETACH_SLICE_BO
AC_K_CMD(AC_DRM_IOCTL_QAIC_DETACH_SLICE_BO, DRM_IOCTL_QAIC_DETACH_SLICE_BO);
#endif
AC_K_CMD(AC_QAIC_MANAGE_MAX_MSG_LENGTH, QAIC_MANAGE_MAX_MSG_LENGTH);
AC_K_CMD(AC_QAIC_TRANS_STATUS_FROM_DEV, QAIC_TRANS_STATUS_FROM_DEV);
AC_K_CMD(AC_QAIC_TRANS_DMA_XFER_CONT, QAIC_TRANS_DMA_XFER_CONT);
AC_K_CMD(AC_QAIC_SEM_WAIT_GT_0, QAIC_SEM_WAIT_GT_0);

const int ac_abi_kernel_header_checked = 1;
#else
const int ac_abi_kernel_header_checked = 0;
#endif
