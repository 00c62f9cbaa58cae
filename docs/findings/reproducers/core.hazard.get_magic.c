// SPDX-License-Identifier: MIT
/*
 * Reproducer for core.hazard.get_magic: DRM_IOCTL_GET_MAGIC on an accel file
 * dereferences file_priv->master, which accel files never get.
 *
 * Written by hand: 'conformance-runner repro --emit-c' replays a recorded
 * trace, and the runner records a syscall only when it returns; this one
 * never returns (the caller is killed by the oops), so the trace of the
 * crashing case is empty. The syscalls are those of the suite's row.
 *
 *   cc -std=c11 -I Sources/CAccelShim/include -o repro THIS_FILE.c
 *   ./repro [DEVICE]      (default /dev/accel/accel0)
 *
 * Exit status: 0 when the ioctl returned (the kernel is not affected),
 * 2 when the device cannot be opened. On an affected kernel the process
 * is killed by the oops and the kernel log shows "BUG: kernel NULL
 * pointer dereference"; only run it on a disposable machine.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "accel_drm_uapi.h"

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/accel/accel0";
	struct ac_drm_auth arg;
	int fd, ret;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", path, strerror(errno));
		return 2;
	}
	memset(&arg, 0, sizeof(arg));
	ret = ioctl(fd, AC_DRM_IOCTL_GET_MAGIC, &arg);
	printf("GET_MAGIC returned %d (%s): not affected\n", ret, ret ? strerror(errno) : "ok");
	close(fd);
	return 0;
}
