/* SPDX-License-Identifier: MIT */
/*
 * Our DRM core definitions against libdrm's copy of the kernel's drm.h, which every build
 * machine has (libdrm-dev). A mismatch fails the build.
 */
#include "CAccelShim.h"

#define AC_SAME_SIZE(ours, theirs) \
	_Static_assert(sizeof(struct ours) == sizeof(struct theirs), #ours " size differs from libdrm")
#define AC_SAME_OFFSET(ours, theirs, field) \
	_Static_assert(offsetof(struct ours, field) == offsetof(struct theirs, field), \
		       #ours "." #field " offset differs from libdrm")

AC_SAME_SIZE(ac_drm_version, drm_version);
AC_SAME_OFFSET(ac_drm_version, drm_version, name_len);
AC_SAME_OFFSET(ac_drm_version, drm_version, name);
AC_SAME_OFFSET(ac_drm_version, drm_version, date_len);
AC_SAME_OFFSET(ac_drm_version, drm_version, desc);
AC_SAME_SIZE(ac_drm_unique, drm_unique);
AC_SAME_SIZE(ac_drm_auth, drm_auth);
AC_SAME_SIZE(ac_drm_client, drm_client);
AC_SAME_OFFSET(ac_drm_client, drm_client, pid);
AC_SAME_SIZE(ac_drm_stats, drm_stats);
AC_SAME_SIZE(ac_drm_set_version, drm_set_version);
AC_SAME_SIZE(ac_drm_gem_close, drm_gem_close);
AC_SAME_SIZE(ac_drm_gem_flink, drm_gem_flink);
AC_SAME_SIZE(ac_drm_gem_open, drm_gem_open);
AC_SAME_OFFSET(ac_drm_gem_open, drm_gem_open, size);
AC_SAME_SIZE(ac_drm_get_cap, drm_get_cap);
AC_SAME_SIZE(ac_drm_set_client_cap, drm_set_client_cap);
AC_SAME_SIZE(ac_drm_prime_handle, drm_prime_handle);
AC_SAME_OFFSET(ac_drm_prime_handle, drm_prime_handle, fd);
AC_SAME_SIZE(ac_drm_syncobj_create, drm_syncobj_create);
AC_SAME_SIZE(ac_drm_mode_card_res, drm_mode_card_res);

_Static_assert(AC_DRM_IOCTL_VERSION == DRM_IOCTL_VERSION, "VERSION cmd differs from libdrm");
_Static_assert(AC_DRM_IOCTL_GET_UNIQUE == DRM_IOCTL_GET_UNIQUE, "GET_UNIQUE cmd differs");
_Static_assert(AC_DRM_IOCTL_GET_MAGIC == DRM_IOCTL_GET_MAGIC, "GET_MAGIC cmd differs");
_Static_assert(AC_DRM_IOCTL_GET_CLIENT == DRM_IOCTL_GET_CLIENT, "GET_CLIENT cmd differs");
_Static_assert(AC_DRM_IOCTL_GET_STATS == DRM_IOCTL_GET_STATS, "GET_STATS cmd differs");
_Static_assert(AC_DRM_IOCTL_SET_VERSION == DRM_IOCTL_SET_VERSION, "SET_VERSION cmd differs");
_Static_assert(AC_DRM_IOCTL_GEM_CLOSE == DRM_IOCTL_GEM_CLOSE, "GEM_CLOSE cmd differs");
_Static_assert(AC_DRM_IOCTL_GEM_FLINK == DRM_IOCTL_GEM_FLINK, "GEM_FLINK cmd differs");
_Static_assert(AC_DRM_IOCTL_GEM_OPEN == DRM_IOCTL_GEM_OPEN, "GEM_OPEN cmd differs");
_Static_assert(AC_DRM_IOCTL_GET_CAP == DRM_IOCTL_GET_CAP, "GET_CAP cmd differs");
_Static_assert(AC_DRM_IOCTL_SET_CLIENT_CAP == DRM_IOCTL_SET_CLIENT_CAP, "SET_CLIENT_CAP cmd differs");
_Static_assert(AC_DRM_IOCTL_AUTH_MAGIC == DRM_IOCTL_AUTH_MAGIC, "AUTH_MAGIC cmd differs");
_Static_assert(AC_DRM_IOCTL_SET_MASTER == DRM_IOCTL_SET_MASTER, "SET_MASTER cmd differs");
_Static_assert(AC_DRM_IOCTL_DROP_MASTER == DRM_IOCTL_DROP_MASTER, "DROP_MASTER cmd differs");
_Static_assert(AC_DRM_IOCTL_PRIME_HANDLE_TO_FD == DRM_IOCTL_PRIME_HANDLE_TO_FD, "PRIME_HANDLE_TO_FD cmd differs");
_Static_assert(AC_DRM_IOCTL_PRIME_FD_TO_HANDLE == DRM_IOCTL_PRIME_FD_TO_HANDLE, "PRIME_FD_TO_HANDLE cmd differs");
_Static_assert(AC_DRM_IOCTL_MODE_GETRESOURCES == DRM_IOCTL_MODE_GETRESOURCES, "MODE_GETRESOURCES cmd differs");
_Static_assert(AC_DRM_IOCTL_SYNCOBJ_CREATE == DRM_IOCTL_SYNCOBJ_CREATE, "SYNCOBJ_CREATE cmd differs");
_Static_assert(AC_DRM_CAP_PRIME == DRM_CAP_PRIME, "DRM_CAP_PRIME differs");
_Static_assert(AC_DRM_CAP_TIMESTAMP_MONOTONIC == DRM_CAP_TIMESTAMP_MONOTONIC, "DRM_CAP_TIMESTAMP_MONOTONIC differs");
_Static_assert(AC_DRM_CAP_SYNCOBJ == DRM_CAP_SYNCOBJ, "DRM_CAP_SYNCOBJ differs");
_Static_assert(AC_DRM_CAP_SYNCOBJ_TIMELINE == DRM_CAP_SYNCOBJ_TIMELINE, "DRM_CAP_SYNCOBJ_TIMELINE differs");

const int ac_abi_libdrm_checked = 1;
