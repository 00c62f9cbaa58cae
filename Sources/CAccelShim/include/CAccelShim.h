/* SPDX-License-Identifier: MIT */
/*
 * The C side of accel-conformance: the uapi ABI (our own definitions), thin syscall
 * wrappers and the libdrm/libkmod entry points. No test logic lives here.
 */
#ifndef CACCELSHIM_H
#define CACCELSHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "accel_drm_uapi.h"
#include "accel_qaic_uapi.h"
#include "accel_ethosu_uapi.h"

#include <xf86drm.h>
#include <libkmod.h>

/* ioctl through libdrm's drmIoctl, which restarts on EINTR and EAGAIN. Returns 0 or -errno. */
int ac_ioctl(int fd, unsigned long request, void *arg);

/* One ioctl(2), no restart: EAGAIN and EINTR reach the caller. Returns 0 or -errno. */
int ac_ioctl_once(int fd, unsigned long request, void *arg);

/* memfd_create(2) with MFD_CLOEXEC: the new fd or -errno. */
int ac_memfd_create(const char *name);

/* open(2): the new fd or -errno. */
int ac_open(const char *path, int flags);

/* close(2): 0 or -errno. */
int ac_close(int fd);

/* mmap(2): the address, or NULL with *error set to the errno. */
void *ac_mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset, int *error);

/* munmap(2): 0 or -errno. */
int ac_munmap(void *addr, size_t length);

/*
 * process_vm_readv/writev on our own process: copy from or to an address a case supplied
 * without faulting. Return the bytes copied or -errno.
 */
ssize_t ac_copy_from_self(void *dst, uint64_t src, size_t length);
ssize_t ac_copy_to_self(uint64_t dst, const void *src, size_t length);

/*
 * setresuid/setresgid/setgroups for the calling thread only, through raw syscalls: glibc's
 * wrappers switch every thread of the process, which would make concurrently running cases
 * unprivileged. -1 keeps an id. Return 0 or -errno.
 */
int ac_thread_setresuid(long ruid, long euid, long suid);
int ac_thread_setresgid(long rgid, long egid, long sgid);
int ac_thread_setgroups(size_t count, const gid_t *groups);

/* gettid(2). */
long ac_gettid(void);

/*
 * 1 when abi_check_kernel.c found the kernel's <drm/qaic_accel.h> and compared our
 * definitions against it at build time, 0 when the header was absent and the check skipped.
 */
extern const int ac_abi_kernel_header_checked;

/* 1: our DRM core structs were compared against libdrm's <drm.h> at build time. */
extern const int ac_abi_libdrm_checked;

#endif /* CACCELSHIM_H */
