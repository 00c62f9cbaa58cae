/* SPDX-License-Identifier: MIT */
/*
 * DRM core uapi as used on accel nodes, written from ../shared/spec/accel-core.md.
 * Names carry an ac_ prefix so this header can sit next to libdrm's <drm.h> in one
 * translation unit; abi_check.c compares the two.
 */
#ifndef ACCEL_DRM_UAPI_H
#define ACCEL_DRM_UAPI_H

#include <linux/types.h>
#include <asm/ioctl.h>
#include <stddef.h>

#define AC_DRM_IOCTL_BASE 'd'
#define AC_DRM_COMMAND_BASE 0x40
#define AC_DRM_COMMAND_END 0xA0

struct ac_drm_version {
	int version_major;
	int version_minor;
	int version_patchlevel;
	int reserved0;          /* implicit padding in the kernel's struct */
	__u64 name_len;         /* size_t on LP64 */
	__u64 name;             /* char __user * */
	__u64 date_len;
	__u64 date;
	__u64 desc_len;
	__u64 desc;
};

struct ac_drm_unique {
	__u64 unique_len;
	__u64 unique;
};

struct ac_drm_auth {
	__u32 magic;
};

struct ac_drm_client {
	int idx;
	int auth;
	__u64 pid;
	__u64 uid;
	__u64 magic;
	__u64 iocs;
};

struct ac_drm_stats_entry {
	__u64 value;
	__u32 type;
	__u32 reserved0;
};

struct ac_drm_stats {
	__u64 count;
	struct ac_drm_stats_entry data[15];
};

struct ac_drm_set_version {
	int di_major;
	int di_minor;
	int dd_major;
	int dd_minor;
};

/* DRM_IOCTL_SET_CLIENT_NAME (nr 0xD1; in 7.3's core table, not in 6.12's). */
struct ac_drm_set_client_name {
	__u64 name_len;
	__u64 name;
};

struct ac_drm_gem_close {
	__u32 handle;
	__u32 pad;
};

struct ac_drm_gem_flink {
	__u32 handle;
	__u32 name;
};

struct ac_drm_gem_open {
	__u32 name;
	__u32 handle;
	__u64 size;
};

struct ac_drm_get_cap {
	__u64 capability;
	__u64 value;
};

struct ac_drm_set_client_cap {
	__u64 capability;
	__u64 value;
};

struct ac_drm_prime_handle {
	__u32 handle;
	__u32 flags;
	__s32 fd;
};

struct ac_drm_syncobj_create {
	__u32 handle;
	__u32 flags;
};

struct ac_drm_mode_card_res {
	__u64 fb_id_ptr;
	__u64 crtc_id_ptr;
	__u64 connector_id_ptr;
	__u64 encoder_id_ptr;
	__u32 count_fbs;
	__u32 count_crtcs;
	__u32 count_connectors;
	__u32 count_encoders;
	__u32 min_width;
	__u32 max_width;
	__u32 min_height;
	__u32 max_height;
};

#define AC_DRM_CAP_DUMB_BUFFER 0x1
#define AC_DRM_CAP_PRIME 0x5
#define AC_DRM_CAP_TIMESTAMP_MONOTONIC 0x6
#define AC_DRM_CAP_SYNCOBJ 0x13
#define AC_DRM_CAP_SYNCOBJ_TIMELINE 0x14
#define AC_DRM_PRIME_CAP_IMPORT 0x1
#define AC_DRM_PRIME_CAP_EXPORT 0x2
#define AC_DRM_CLIENT_CAP_STEREO_3D 1
#define AC_DRM_CLIENT_CAP_UNIVERSAL_PLANES 2
#define AC_DRM_CLIENT_CAP_ATOMIC 3

#define AC_DRM_IOCTL_VERSION _IOWR(AC_DRM_IOCTL_BASE, 0x00, struct ac_drm_version)
#define AC_DRM_IOCTL_GET_UNIQUE _IOWR(AC_DRM_IOCTL_BASE, 0x01, struct ac_drm_unique)
#define AC_DRM_IOCTL_GET_MAGIC _IOR(AC_DRM_IOCTL_BASE, 0x02, struct ac_drm_auth)
#define AC_DRM_IOCTL_GET_CLIENT _IOWR(AC_DRM_IOCTL_BASE, 0x05, struct ac_drm_client)
#define AC_DRM_IOCTL_GET_STATS _IOR(AC_DRM_IOCTL_BASE, 0x06, struct ac_drm_stats)
#define AC_DRM_IOCTL_SET_VERSION _IOWR(AC_DRM_IOCTL_BASE, 0x07, struct ac_drm_set_version)
#define AC_DRM_IOCTL_GEM_CLOSE _IOW(AC_DRM_IOCTL_BASE, 0x09, struct ac_drm_gem_close)
#define AC_DRM_IOCTL_GEM_FLINK _IOWR(AC_DRM_IOCTL_BASE, 0x0a, struct ac_drm_gem_flink)
#define AC_DRM_IOCTL_GEM_OPEN _IOWR(AC_DRM_IOCTL_BASE, 0x0b, struct ac_drm_gem_open)
#define AC_DRM_IOCTL_GET_CAP _IOWR(AC_DRM_IOCTL_BASE, 0x0c, struct ac_drm_get_cap)
#define AC_DRM_IOCTL_SET_CLIENT_CAP _IOW(AC_DRM_IOCTL_BASE, 0x0d, struct ac_drm_set_client_cap)
#define AC_DRM_IOCTL_AUTH_MAGIC _IOW(AC_DRM_IOCTL_BASE, 0x11, struct ac_drm_auth)
#define AC_DRM_IOCTL_SET_MASTER _IO(AC_DRM_IOCTL_BASE, 0x1e)
#define AC_DRM_IOCTL_DROP_MASTER _IO(AC_DRM_IOCTL_BASE, 0x1f)
#define AC_DRM_IOCTL_PRIME_HANDLE_TO_FD _IOWR(AC_DRM_IOCTL_BASE, 0x2d, struct ac_drm_prime_handle)
#define AC_DRM_IOCTL_PRIME_FD_TO_HANDLE _IOWR(AC_DRM_IOCTL_BASE, 0x2e, struct ac_drm_prime_handle)
#define AC_DRM_IOCTL_MODE_GETRESOURCES _IOWR(AC_DRM_IOCTL_BASE, 0xA0, struct ac_drm_mode_card_res)
#define AC_DRM_IOCTL_SYNCOBJ_CREATE _IOWR(AC_DRM_IOCTL_BASE, 0xBF, struct ac_drm_syncobj_create)
#define AC_DRM_IOCTL_SET_CLIENT_NAME _IOWR(AC_DRM_IOCTL_BASE, 0xD1, struct ac_drm_set_client_name)

/* Request numbers as values Swift can import (macros with sizeof are not importable). */
static const unsigned long ac_drm_ioctl_version = AC_DRM_IOCTL_VERSION;
static const unsigned long ac_drm_ioctl_get_unique = AC_DRM_IOCTL_GET_UNIQUE;
static const unsigned long ac_drm_ioctl_get_magic = AC_DRM_IOCTL_GET_MAGIC;
static const unsigned long ac_drm_ioctl_get_client = AC_DRM_IOCTL_GET_CLIENT;
static const unsigned long ac_drm_ioctl_get_stats = AC_DRM_IOCTL_GET_STATS;
static const unsigned long ac_drm_ioctl_set_version = AC_DRM_IOCTL_SET_VERSION;
static const unsigned long ac_drm_ioctl_gem_close = AC_DRM_IOCTL_GEM_CLOSE;
static const unsigned long ac_drm_ioctl_gem_flink = AC_DRM_IOCTL_GEM_FLINK;
static const unsigned long ac_drm_ioctl_gem_open = AC_DRM_IOCTL_GEM_OPEN;
static const unsigned long ac_drm_ioctl_get_cap = AC_DRM_IOCTL_GET_CAP;
static const unsigned long ac_drm_ioctl_set_client_cap = AC_DRM_IOCTL_SET_CLIENT_CAP;
static const unsigned long ac_drm_ioctl_auth_magic = AC_DRM_IOCTL_AUTH_MAGIC;
static const unsigned long ac_drm_ioctl_set_master = AC_DRM_IOCTL_SET_MASTER;
static const unsigned long ac_drm_ioctl_drop_master = AC_DRM_IOCTL_DROP_MASTER;
static const unsigned long ac_drm_ioctl_prime_handle_to_fd = AC_DRM_IOCTL_PRIME_HANDLE_TO_FD;
static const unsigned long ac_drm_ioctl_prime_fd_to_handle = AC_DRM_IOCTL_PRIME_FD_TO_HANDLE;
static const unsigned long ac_drm_ioctl_mode_getresources = AC_DRM_IOCTL_MODE_GETRESOURCES;
static const unsigned long ac_drm_ioctl_syncobj_create = AC_DRM_IOCTL_SYNCOBJ_CREATE;

/* Sizes from accel-core.md §5 (LP64). */
_Static_assert(sizeof(struct ac_drm_version) == 64, "drm_version is 64 bytes on LP64");
_Static_assert(offsetof(struct ac_drm_version, name_len) == 16, "drm_version.name_len");
_Static_assert(offsetof(struct ac_drm_version, desc) == 56, "drm_version.desc");
_Static_assert(sizeof(struct ac_drm_unique) == 16, "drm_unique");
_Static_assert(sizeof(struct ac_drm_auth) == 4, "drm_auth");
_Static_assert(sizeof(struct ac_drm_client) == 0x28, "drm_client");
_Static_assert(sizeof(struct ac_drm_stats) == 0xF8, "drm_stats");
_Static_assert(sizeof(struct ac_drm_set_version) == 16, "drm_set_version");
_Static_assert(sizeof(struct ac_drm_set_client_name) == 16, "drm_set_client_name");
_Static_assert(sizeof(struct ac_drm_gem_close) == 8, "drm_gem_close");
_Static_assert(sizeof(struct ac_drm_gem_flink) == 8, "drm_gem_flink");
_Static_assert(sizeof(struct ac_drm_gem_open) == 16, "drm_gem_open");
_Static_assert(offsetof(struct ac_drm_gem_open, size) == 8, "drm_gem_open.size");
_Static_assert(sizeof(struct ac_drm_get_cap) == 16, "drm_get_cap");
_Static_assert(sizeof(struct ac_drm_set_client_cap) == 16, "drm_set_client_cap");
_Static_assert(sizeof(struct ac_drm_prime_handle) == 12, "drm_prime_handle");
_Static_assert(offsetof(struct ac_drm_prime_handle, fd) == 8, "drm_prime_handle.fd");
_Static_assert(sizeof(struct ac_drm_syncobj_create) == 8, "drm_syncobj_create");
_Static_assert(sizeof(struct ac_drm_mode_card_res) == 64, "drm_mode_card_res");

#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
/* cmd values listed in accel-core.md §5 for the asm-generic _IOC encoding. */
_Static_assert(AC_DRM_IOCTL_VERSION == 0xC0406400UL, "VERSION cmd");
_Static_assert(AC_DRM_IOCTL_GET_UNIQUE == 0xC0106401UL, "GET_UNIQUE cmd");
_Static_assert(AC_DRM_IOCTL_GET_MAGIC == 0x80046402UL, "GET_MAGIC cmd");
_Static_assert(AC_DRM_IOCTL_GET_CLIENT == 0xC0286405UL, "GET_CLIENT cmd");
_Static_assert(AC_DRM_IOCTL_GET_STATS == 0x80F86406UL, "GET_STATS cmd");
_Static_assert(AC_DRM_IOCTL_SET_VERSION == 0xC0106407UL, "SET_VERSION cmd");
_Static_assert(AC_DRM_IOCTL_SET_CLIENT_NAME == 0xC01064D1UL, "SET_CLIENT_NAME cmd");
_Static_assert(AC_DRM_IOCTL_GEM_CLOSE == 0x40086409UL, "GEM_CLOSE cmd");
_Static_assert(AC_DRM_IOCTL_GEM_FLINK == 0xC008640AUL, "GEM_FLINK cmd");
_Static_assert(AC_DRM_IOCTL_GEM_OPEN == 0xC010640BUL, "GEM_OPEN cmd");
_Static_assert(AC_DRM_IOCTL_GET_CAP == 0xC010640CUL, "GET_CAP cmd");
_Static_assert(AC_DRM_IOCTL_SET_CLIENT_CAP == 0x4010640DUL, "SET_CLIENT_CAP cmd");
_Static_assert(AC_DRM_IOCTL_AUTH_MAGIC == 0x40046411UL, "AUTH_MAGIC cmd");
_Static_assert(AC_DRM_IOCTL_SET_MASTER == 0x0000641EUL, "SET_MASTER cmd");
_Static_assert(AC_DRM_IOCTL_DROP_MASTER == 0x0000641FUL, "DROP_MASTER cmd");
_Static_assert(AC_DRM_IOCTL_PRIME_HANDLE_TO_FD == 0xC00C642DUL, "PRIME_HANDLE_TO_FD cmd");
_Static_assert(AC_DRM_IOCTL_PRIME_FD_TO_HANDLE == 0xC00C642EUL, "PRIME_FD_TO_HANDLE cmd");
_Static_assert(AC_DRM_IOCTL_SYNCOBJ_CREATE == 0xC00864BFUL, "SYNCOBJ_CREATE cmd");
#endif

#endif /* ACCEL_DRM_UAPI_H */
