/* SPDX-License-Identifier: MIT */
/*
 * qaic uapi, written from ../shared/spec/qaic-uapi.md §1. Layouts and values are facts of
 * the ABI; the ac_ prefix keeps these apart from the kernel's <drm/qaic_accel.h>, which
 * abi_check_kernel.c compares against when the build machine has it.
 */
#ifndef ACCEL_QAIC_UAPI_H
#define ACCEL_QAIC_UAPI_H

#include "accel_drm_uapi.h"

#define AC_QAIC_MANAGE_MAX_MSG_LENGTH 4096
#define AC_QAIC_NUM_DBC 16
#define AC_QAIC_MANAGE_MAX_COUNT 512

#define AC_QAIC_SEM_INSYNCFENCE 2
#define AC_QAIC_SEM_OUTSYNCFENCE 1

enum ac_qaic_sem_cmd {
	AC_QAIC_SEM_NOP = 0,
	AC_QAIC_SEM_INIT = 1,
	AC_QAIC_SEM_INC = 2,
	AC_QAIC_SEM_DEC = 3,
	AC_QAIC_SEM_WAIT_EQUAL = 4,
	AC_QAIC_SEM_WAIT_GT_EQ = 5,
	AC_QAIC_SEM_WAIT_GT_0 = 6,
};

enum ac_qaic_manage_transaction_type {
	AC_QAIC_TRANS_UNDEFINED = 0,
	AC_QAIC_TRANS_PASSTHROUGH_FROM_USR = 1,
	AC_QAIC_TRANS_PASSTHROUGH_TO_USR = 2,
	AC_QAIC_TRANS_PASSTHROUGH_FROM_DEV = 3,
	AC_QAIC_TRANS_PASSTHROUGH_TO_DEV = 4,
	AC_QAIC_TRANS_DMA_XFER_FROM_USR = 5,
	AC_QAIC_TRANS_DMA_XFER_TO_DEV = 6,
	AC_QAIC_TRANS_ACTIVATE_FROM_USR = 7,
	AC_QAIC_TRANS_ACTIVATE_FROM_DEV = 8,
	AC_QAIC_TRANS_ACTIVATE_TO_DEV = 9,
	AC_QAIC_TRANS_DEACTIVATE_FROM_USR = 10,
	AC_QAIC_TRANS_DEACTIVATE_FROM_DEV = 11,
	AC_QAIC_TRANS_STATUS_FROM_USR = 12,
	AC_QAIC_TRANS_STATUS_TO_USR = 13,
	AC_QAIC_TRANS_STATUS_FROM_DEV = 14,
	AC_QAIC_TRANS_STATUS_TO_DEV = 15,
	AC_QAIC_TRANS_TERMINATE_FROM_DEV = 16,
	AC_QAIC_TRANS_TERMINATE_TO_DEV = 17,
	AC_QAIC_TRANS_DMA_XFER_CONT = 18,
	AC_QAIC_TRANS_VALIDATE_PARTITION_FROM_DEV = 19,
	AC_QAIC_TRANS_VALIDATE_PARTITION_TO_DEV = 20,
};

/* Kernel enum dma_data_direction values accepted by ATTACH. */
#define AC_QAIC_DIR_TO_DEVICE 1
#define AC_QAIC_DIR_FROM_DEVICE 2

struct ac_qaic_manage_trans_hdr {
	__u32 type;
	__u32 len;   /* includes this header */
};

struct ac_qaic_manage_trans_passthrough {
	struct ac_qaic_manage_trans_hdr hdr;
	__u8 data[];
};

struct ac_qaic_manage_trans_dma_xfer {
	struct ac_qaic_manage_trans_hdr hdr;
	__u32 tag;
	__u32 pad;
	__u64 addr;
	__u64 size;
};

struct ac_qaic_manage_trans_activate_to_dev {
	struct ac_qaic_manage_trans_hdr hdr;
	__u32 queue_size;
	__u32 eventfd;
	__u32 options;
	__u32 pad;
};

struct ac_qaic_manage_trans_activate_from_dev {
	struct ac_qaic_manage_trans_hdr hdr;
	__u32 status;
	__u32 dbc_id;
	__u64 options;
};

struct ac_qaic_manage_trans_deactivate {
	struct ac_qaic_manage_trans_hdr hdr;
	__u32 dbc_id;
	__u32 pad;
};

struct ac_qaic_manage_trans_status_to_dev {
	struct ac_qaic_manage_trans_hdr hdr;
};

struct ac_qaic_manage_trans_status_from_dev {
	struct ac_qaic_manage_trans_hdr hdr;
	__u16 major;
	__u16 minor;
	__u32 status;
	__u64 status_flags;
};

struct ac_qaic_manage_msg {
	__u32 len;
	__u32 count;
	__u64 data;
};

struct ac_qaic_create_bo {
	__u64 size;
	__u32 handle;
	__u32 pad;
};

struct ac_qaic_mmap_bo {
	__u32 handle;
	__u32 pad;
	__u64 offset;
};

struct ac_qaic_sem {
	__u16 val;
	__u8 index;
	__u8 presync;
	__u8 cmd;
	__u8 flags;
	__u16 pad;
};

struct ac_qaic_attach_slice_entry {
	__u64 size;
	struct ac_qaic_sem sem0;
	struct ac_qaic_sem sem1;
	struct ac_qaic_sem sem2;
	struct ac_qaic_sem sem3;
	__u64 dev_addr;
	__u64 db_addr;
	__u32 db_data;
	__u32 db_len;
	__u64 offset;
};

struct ac_qaic_attach_slice_hdr {
	__u32 count;
	__u32 dbc_id;
	__u32 handle;
	__u32 dir;
	__u64 size;
};

struct ac_qaic_attach_slice {
	struct ac_qaic_attach_slice_hdr hdr;
	__u64 data;
};

struct ac_qaic_execute_entry {
	__u32 handle;
	__u32 dir;
};

struct ac_qaic_partial_execute_entry {
	__u32 handle;
	__u32 dir;
	__u64 resize;
};

struct ac_qaic_execute_hdr {
	__u32 count;
	__u32 dbc_id;
};

struct ac_qaic_execute {
	struct ac_qaic_execute_hdr hdr;
	__u64 data;
};

struct ac_qaic_wait {
	__u32 handle;
	__u32 timeout;
	__u32 dbc_id;
	__u32 pad;
};

struct ac_qaic_perf_stats_hdr {
	__u16 count;
	__u16 pad;
	__u32 dbc_id;
};

struct ac_qaic_perf_stats {
	struct ac_qaic_perf_stats_hdr hdr;
	__u64 data;
};

struct ac_qaic_perf_stats_entry {
	__u32 handle;
	__u32 queue_level_before;
	__u32 num_queue_element;
	__u32 submit_latency_us;
	__u32 device_latency_us;
	__u32 pad;
};

struct ac_qaic_detach_slice {
	__u32 handle;
	__u32 pad;
};

#define AC_DRM_QAIC_MANAGE 0x00
#define AC_DRM_QAIC_CREATE_BO 0x01
#define AC_DRM_QAIC_MMAP_BO 0x02
#define AC_DRM_QAIC_ATTACH_SLICE_BO 0x03
#define AC_DRM_QAIC_EXECUTE_BO 0x04
#define AC_DRM_QAIC_PARTIAL_EXECUTE_BO 0x05
#define AC_DRM_QAIC_WAIT_BO 0x06
#define AC_DRM_QAIC_PERF_STATS_BO 0x07
#define AC_DRM_QAIC_DETACH_SLICE_BO 0x08

#define AC_DRM_IOCTL_QAIC_MANAGE \
	_IOWR(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_MANAGE, struct ac_qaic_manage_msg)
#define AC_DRM_IOCTL_QAIC_CREATE_BO \
	_IOWR(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_CREATE_BO, struct ac_qaic_create_bo)
#define AC_DRM_IOCTL_QAIC_MMAP_BO \
	_IOWR(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_MMAP_BO, struct ac_qaic_mmap_bo)
#define AC_DRM_IOCTL_QAIC_ATTACH_SLICE_BO \
	_IOW(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_ATTACH_SLICE_BO, struct ac_qaic_attach_slice)
#define AC_DRM_IOCTL_QAIC_EXECUTE_BO \
	_IOW(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_EXECUTE_BO, struct ac_qaic_execute)
#define AC_DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO \
	_IOW(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_PARTIAL_EXECUTE_BO, struct ac_qaic_execute)
#define AC_DRM_IOCTL_QAIC_WAIT_BO \
	_IOW(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_WAIT_BO, struct ac_qaic_wait)
#define AC_DRM_IOCTL_QAIC_PERF_STATS_BO \
	_IOWR(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_PERF_STATS_BO, struct ac_qaic_perf_stats)
#define AC_DRM_IOCTL_QAIC_DETACH_SLICE_BO \
	_IOW(AC_DRM_IOCTL_BASE, AC_DRM_COMMAND_BASE + AC_DRM_QAIC_DETACH_SLICE_BO, struct ac_qaic_detach_slice)

static const unsigned long ac_qaic_ioctl_manage = AC_DRM_IOCTL_QAIC_MANAGE;
static const unsigned long ac_qaic_ioctl_create_bo = AC_DRM_IOCTL_QAIC_CREATE_BO;
static const unsigned long ac_qaic_ioctl_mmap_bo = AC_DRM_IOCTL_QAIC_MMAP_BO;
static const unsigned long ac_qaic_ioctl_attach_slice_bo = AC_DRM_IOCTL_QAIC_ATTACH_SLICE_BO;
static const unsigned long ac_qaic_ioctl_execute_bo = AC_DRM_IOCTL_QAIC_EXECUTE_BO;
static const unsigned long ac_qaic_ioctl_partial_execute_bo = AC_DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO;
static const unsigned long ac_qaic_ioctl_wait_bo = AC_DRM_IOCTL_QAIC_WAIT_BO;
static const unsigned long ac_qaic_ioctl_perf_stats_bo = AC_DRM_IOCTL_QAIC_PERF_STATS_BO;
static const unsigned long ac_qaic_ioctl_detach_slice_bo = AC_DRM_IOCTL_QAIC_DETACH_SLICE_BO;

/* Sizes and offsets from qaic-uapi.md §1.3. */
_Static_assert(sizeof(struct ac_qaic_manage_trans_hdr) == 8, "manage_trans_hdr");
_Static_assert(offsetof(struct ac_qaic_manage_trans_hdr, len) == 4, "manage_trans_hdr.len");
_Static_assert(sizeof(struct ac_qaic_manage_trans_passthrough) == 8, "passthrough header part");
_Static_assert(sizeof(struct ac_qaic_manage_trans_dma_xfer) == 32, "dma_xfer");
_Static_assert(offsetof(struct ac_qaic_manage_trans_dma_xfer, tag) == 8, "dma_xfer.tag");
_Static_assert(offsetof(struct ac_qaic_manage_trans_dma_xfer, pad) == 12, "dma_xfer.pad");
_Static_assert(offsetof(struct ac_qaic_manage_trans_dma_xfer, addr) == 16, "dma_xfer.addr");
_Static_assert(offsetof(struct ac_qaic_manage_trans_dma_xfer, size) == 24, "dma_xfer.size");
_Static_assert(sizeof(struct ac_qaic_manage_trans_activate_to_dev) == 24, "activate_to_dev");
_Static_assert(offsetof(struct ac_qaic_manage_trans_activate_to_dev, queue_size) == 8, "activate_to_dev.queue_size");
_Static_assert(offsetof(struct ac_qaic_manage_trans_activate_to_dev, eventfd) == 12, "activate_to_dev.eventfd");
_Static_assert(offsetof(struct ac_qaic_manage_trans_activate_to_dev, options) == 16, "activate_to_dev.options");
_Static_assert(offsetof(struct ac_qaic_manage_trans_activate_to_dev, pad) == 20, "activate_to_dev.pad");
_Static_assert(sizeof(struct ac_qaic_manage_trans_activate_from_dev) == 24, "activate_from_dev");
_Static_assert(offsetof(struct ac_qaic_manage_trans_activate_from_dev, status) == 8, "activate_from_dev.status");
_Static_assert(offsetof(struct ac_qaic_manage_trans_activate_from_dev, dbc_id) == 12, "activate_from_dev.dbc_id");
_Static_assert(offsetof(struct ac_qaic_manage_trans_activate_from_dev, options) == 16, "activate_from_dev.options");
_Static_assert(sizeof(struct ac_qaic_manage_trans_deactivate) == 16, "deactivate");
_Static_assert(offsetof(struct ac_qaic_manage_trans_deactivate, dbc_id) == 8, "deactivate.dbc_id");
_Static_assert(offsetof(struct ac_qaic_manage_trans_deactivate, pad) == 12, "deactivate.pad");
_Static_assert(sizeof(struct ac_qaic_manage_trans_status_to_dev) == 8, "status_to_dev");
_Static_assert(sizeof(struct ac_qaic_manage_trans_status_from_dev) == 24, "status_from_dev");
_Static_assert(offsetof(struct ac_qaic_manage_trans_status_from_dev, major) == 8, "status_from_dev.major");
_Static_assert(offsetof(struct ac_qaic_manage_trans_status_from_dev, minor) == 10, "status_from_dev.minor");
_Static_assert(offsetof(struct ac_qaic_manage_trans_status_from_dev, status) == 12, "status_from_dev.status");
_Static_assert(offsetof(struct ac_qaic_manage_trans_status_from_dev, status_flags) == 16, "status_from_dev.status_flags");
_Static_assert(sizeof(struct ac_qaic_manage_msg) == 16, "manage_msg");
_Static_assert(offsetof(struct ac_qaic_manage_msg, count) == 4, "manage_msg.count");
_Static_assert(offsetof(struct ac_qaic_manage_msg, data) == 8, "manage_msg.data");
_Static_assert(sizeof(struct ac_qaic_create_bo) == 16, "create_bo");
_Static_assert(offsetof(struct ac_qaic_create_bo, handle) == 8, "create_bo.handle");
_Static_assert(offsetof(struct ac_qaic_create_bo, pad) == 12, "create_bo.pad");
_Static_assert(sizeof(struct ac_qaic_mmap_bo) == 16, "mmap_bo");
_Static_assert(offsetof(struct ac_qaic_mmap_bo, pad) == 4, "mmap_bo.pad");
_Static_assert(offsetof(struct ac_qaic_mmap_bo, offset) == 8, "mmap_bo.offset");
_Static_assert(sizeof(struct ac_qaic_sem) == 8, "sem");
_Static_assert(offsetof(struct ac_qaic_sem, index) == 2, "sem.index");
_Static_assert(offsetof(struct ac_qaic_sem, presync) == 3, "sem.presync");
_Static_assert(offsetof(struct ac_qaic_sem, cmd) == 4, "sem.cmd");
_Static_assert(offsetof(struct ac_qaic_sem, flags) == 5, "sem.flags");
_Static_assert(offsetof(struct ac_qaic_sem, pad) == 6, "sem.pad");
_Static_assert(sizeof(struct ac_qaic_attach_slice_entry) == 72, "attach_slice_entry");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, sem0) == 8, "entry.sem0");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, sem1) == 16, "entry.sem1");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, sem2) == 24, "entry.sem2");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, sem3) == 32, "entry.sem3");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, dev_addr) == 40, "entry.dev_addr");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, db_addr) == 48, "entry.db_addr");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, db_data) == 56, "entry.db_data");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, db_len) == 60, "entry.db_len");
_Static_assert(offsetof(struct ac_qaic_attach_slice_entry, offset) == 64, "entry.offset");
_Static_assert(sizeof(struct ac_qaic_attach_slice_hdr) == 24, "attach_slice_hdr");
_Static_assert(offsetof(struct ac_qaic_attach_slice_hdr, dbc_id) == 4, "attach hdr.dbc_id");
_Static_assert(offsetof(struct ac_qaic_attach_slice_hdr, handle) == 8, "attach hdr.handle");
_Static_assert(offsetof(struct ac_qaic_attach_slice_hdr, dir) == 12, "attach hdr.dir");
_Static_assert(offsetof(struct ac_qaic_attach_slice_hdr, size) == 16, "attach hdr.size");
_Static_assert(sizeof(struct ac_qaic_attach_slice) == 32, "attach_slice");
_Static_assert(offsetof(struct ac_qaic_attach_slice, data) == 24, "attach_slice.data");
_Static_assert(sizeof(struct ac_qaic_execute_entry) == 8, "execute_entry");
_Static_assert(offsetof(struct ac_qaic_execute_entry, dir) == 4, "execute_entry.dir");
_Static_assert(sizeof(struct ac_qaic_partial_execute_entry) == 16, "partial_execute_entry");
_Static_assert(offsetof(struct ac_qaic_partial_execute_entry, resize) == 8, "partial.resize");
_Static_assert(sizeof(struct ac_qaic_execute_hdr) == 8, "execute_hdr");
_Static_assert(offsetof(struct ac_qaic_execute_hdr, dbc_id) == 4, "execute_hdr.dbc_id");
_Static_assert(sizeof(struct ac_qaic_execute) == 16, "execute");
_Static_assert(offsetof(struct ac_qaic_execute, data) == 8, "execute.data");
_Static_assert(sizeof(struct ac_qaic_wait) == 16, "wait");
_Static_assert(offsetof(struct ac_qaic_wait, timeout) == 4, "wait.timeout");
_Static_assert(offsetof(struct ac_qaic_wait, dbc_id) == 8, "wait.dbc_id");
_Static_assert(offsetof(struct ac_qaic_wait, pad) == 12, "wait.pad");
_Static_assert(sizeof(struct ac_qaic_perf_stats_hdr) == 8, "perf_stats_hdr");
_Static_assert(offsetof(struct ac_qaic_perf_stats_hdr, pad) == 2, "perf hdr.pad");
_Static_assert(offsetof(struct ac_qaic_perf_stats_hdr, dbc_id) == 4, "perf hdr.dbc_id");
_Static_assert(sizeof(struct ac_qaic_perf_stats) == 16, "perf_stats");
_Static_assert(offsetof(struct ac_qaic_perf_stats, data) == 8, "perf_stats.data");
_Static_assert(sizeof(struct ac_qaic_perf_stats_entry) == 24, "perf_stats_entry");
_Static_assert(offsetof(struct ac_qaic_perf_stats_entry, queue_level_before) == 4, "perf entry.queue_level_before");
_Static_assert(offsetof(struct ac_qaic_perf_stats_entry, num_queue_element) == 8, "perf entry.num_queue_element");
_Static_assert(offsetof(struct ac_qaic_perf_stats_entry, submit_latency_us) == 12, "perf entry.submit_latency_us");
_Static_assert(offsetof(struct ac_qaic_perf_stats_entry, device_latency_us) == 16, "perf entry.device_latency_us");
_Static_assert(offsetof(struct ac_qaic_perf_stats_entry, pad) == 20, "perf entry.pad");
_Static_assert(sizeof(struct ac_qaic_detach_slice) == 8, "detach_slice");
_Static_assert(offsetof(struct ac_qaic_detach_slice, pad) == 4, "detach_slice.pad");

#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
/* cmd values from qaic-uapi.md §1.1 (asm-generic _IOC encoding). */
_Static_assert(AC_DRM_IOCTL_QAIC_MANAGE == 0xC0106440UL, "QAIC_MANAGE cmd");
_Static_assert(AC_DRM_IOCTL_QAIC_CREATE_BO == 0xC0106441UL, "QAIC_CREATE_BO cmd");
_Static_assert(AC_DRM_IOCTL_QAIC_MMAP_BO == 0xC0106442UL, "QAIC_MMAP_BO cmd");
_Static_assert(AC_DRM_IOCTL_QAIC_ATTACH_SLICE_BO == 0x40206443UL, "QAIC_ATTACH_SLICE_BO cmd");
_Static_assert(AC_DRM_IOCTL_QAIC_EXECUTE_BO == 0x40106444UL, "QAIC_EXECUTE_BO cmd");
_Static_assert(AC_DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO == 0x40106445UL, "QAIC_PARTIAL_EXECUTE_BO cmd");
_Static_assert(AC_DRM_IOCTL_QAIC_WAIT_BO == 0x40106446UL, "QAIC_WAIT_BO cmd");
_Static_assert(AC_DRM_IOCTL_QAIC_PERF_STATS_BO == 0xC0106447UL, "QAIC_PERF_STATS_BO cmd");
_Static_assert(AC_DRM_IOCTL_QAIC_DETACH_SLICE_BO == 0x40086448UL, "QAIC_DETACH_SLICE_BO cmd");
#endif

#endif /* ACCEL_QAIC_UAPI_H */
