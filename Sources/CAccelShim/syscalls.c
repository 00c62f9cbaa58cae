/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "CAccelShim.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int ac_ioctl(int fd, unsigned long request, void *arg)
{
	return drmIoctl(fd, request, arg) == 0 ? 0 : -errno;
}

int ac_ioctl_once(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg) == 0 ? 0 : -errno;
}

int ac_open(const char *path, int flags)
{
	int fd = open(path, flags);

	return fd >= 0 ? fd : -errno;
}

int ac_memfd_create(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	return fd >= 0 ? fd : -errno;
}

int ac_close(int fd)
{
	return close(fd) == 0 ? 0 : -errno;
}

void *ac_mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset, int *error)
{
	void *p = mmap(addr, length, prot, flags, fd, (off_t)offset);

	if (p == MAP_FAILED) {
		*error = errno;
		return NULL;
	}
	*error = 0;
	return p;
}

int ac_munmap(void *addr, size_t length)
{
	return munmap(addr, length) == 0 ? 0 : -errno;
}

ssize_t ac_copy_from_self(void *dst, uint64_t src, size_t length)
{
	struct iovec local = { .iov_base = dst, .iov_len = length };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)src, .iov_len = length };
	ssize_t n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);

	return n >= 0 ? n : -errno;
}

ssize_t ac_copy_to_self(uint64_t dst, const void *src, size_t length)
{
	struct iovec local = { .iov_base = (void *)src, .iov_len = length };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)dst, .iov_len = length };
	ssize_t n = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);

	return n >= 0 ? n : -errno;
}

int ac_thread_setresuid(long ruid, long euid, long suid)
{
	return syscall(SYS_setresuid, ruid, euid, suid) == 0 ? 0 : -errno;
}

int ac_thread_setresgid(long rgid, long egid, long sgid)
{
	return syscall(SYS_setresgid, rgid, egid, sgid) == 0 ? 0 : -errno;
}

int ac_thread_setgroups(size_t count, const gid_t *groups)
{
	return syscall(SYS_setgroups, count, groups) == 0 ? 0 : -errno;
}

long ac_gettid(void)
{
	return syscall(SYS_gettid);
}
