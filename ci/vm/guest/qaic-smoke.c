// SPDX-License-Identifier: GPL-2.0
/*
 * Guest-side smoke test of the qaic stack in the VM, built against the
 * kernel's own uapi headers: the node reports "qaic", the simulated
 * firmware answers STATUS, and one BO round-trips through device memory
 * (ACTIVATE, ATTACH, EXECUTE, WAIT in both directions, DEACTIVATE). With
 * the simulator's latency raised, a queued BO is seen in flight (DETACH
 * gets EBUSY) until its completion arrives.
 *
 *   qaic-smoke [/dev/accel/accelN]   exit 0 = all checks passed
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "drm.h"
#include "qaic_accel.h"

#define BO_SIZE		8192
#define DEV_ADDR	0x10000
#define LATENCY_PARAM	"/sys/module/sim_aic100/parameters/latency_us"
#define TO_DEVICE	1	/* enum dma_data_direction */
#define FROM_DEVICE	2

static int fd;

static int xioctl(unsigned long req, void *arg, const char *what)
{
	if (ioctl(fd, req, arg) == 0)
		return 0;
	printf("qaic-smoke: %s failed: %s\n", what, strerror(errno));
	return -1;
}

static int manage(void *trans, uint32_t len, const char *what)
{
	struct qaic_manage_msg msg = { .len = len, .count = 1, .data = (uintptr_t)trans };

	return xioctl(DRM_IOCTL_QAIC_MANAGE, &msg, what);
}

static int make_bo(uint32_t dbc, uint32_t dir, uint32_t *handle, unsigned char **map)
{
	struct qaic_create_bo create = { .size = BO_SIZE };
	struct qaic_mmap_bo mm = { 0 };
	struct qaic_attach_slice_entry slice = { .size = BO_SIZE, .dev_addr = DEV_ADDR };
	struct qaic_attach_slice attach = { 0 };

	if (xioctl(DRM_IOCTL_QAIC_CREATE_BO, &create, "CREATE_BO"))
		return -1;
	mm.handle = create.handle;
	if (xioctl(DRM_IOCTL_QAIC_MMAP_BO, &mm, "MMAP_BO"))
		return -1;
	*map = mmap(NULL, BO_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, mm.offset);
	if (*map == MAP_FAILED) {
		printf("qaic-smoke: mmap failed: %s\n", strerror(errno));
		return -1;
	}
	attach.hdr.count = 1;
	attach.hdr.dbc_id = dbc;
	attach.hdr.handle = create.handle;
	attach.hdr.dir = dir;
	attach.hdr.size = BO_SIZE;
	attach.data = (uintptr_t)&slice;
	if (xioctl(DRM_IOCTL_QAIC_ATTACH_SLICE_BO, &attach, "ATTACH_SLICE_BO"))
		return -1;
	*handle = create.handle;
	return 0;
}

static int run_bo(uint32_t dbc, uint32_t handle, const char *what)
{
	struct qaic_execute_entry entry = { .handle = handle };
	struct qaic_execute exec = { .hdr = { .count = 1, .dbc_id = dbc },
				     .data = (uintptr_t)&entry };
	struct qaic_wait wait = { .handle = handle, .timeout = 5000, .dbc_id = dbc };

	if (xioctl(DRM_IOCTL_QAIC_EXECUTE_BO, &exec, what))
		return -1;
	return xioctl(DRM_IOCTL_QAIC_WAIT_BO, &wait, what);
}

static int set_latency_us(const char *value)
{
	int pfd = open(LATENCY_PARAM, O_WRONLY);
	int ok;

	if (pfd < 0) {
		printf("qaic-smoke: open %s: %s\n", LATENCY_PARAM, strerror(errno));
		return -1;
	}
	ok = write(pfd, value, strlen(value)) == (ssize_t)strlen(value);
	close(pfd);
	return ok ? 0 : -1;
}

/* EXECUTE with a slow device: the BO must be busy until WAIT returns. */
static int in_flight(uint32_t dbc, uint32_t handle)
{
	struct qaic_execute_entry entry = { .handle = handle };
	struct qaic_execute exec = { .hdr = { .count = 1, .dbc_id = dbc },
				     .data = (uintptr_t)&entry };
	struct qaic_wait wait = { .handle = handle, .timeout = 5000, .dbc_id = dbc };
	struct qaic_detach_slice detach = { .handle = handle };

	if (set_latency_us("300000"))
		return -1;
	if (xioctl(DRM_IOCTL_QAIC_EXECUTE_BO, &exec, "EXECUTE (slow device)"))
		return -1;
	if (ioctl(fd, DRM_IOCTL_QAIC_DETACH_SLICE_BO, &detach) == 0 || errno != EBUSY) {
		printf("qaic-smoke: DETACH of an in-flight BO: expected EBUSY, got %s\n",
		       strerror(errno));
		return -1;
	}
	if (xioctl(DRM_IOCTL_QAIC_WAIT_BO, &wait, "WAIT (slow device)"))
		return -1;
	if (set_latency_us("0"))
		return -1;
	return xioctl(DRM_IOCTL_QAIC_DETACH_SLICE_BO, &detach, "DETACH after completion");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/accel/accel0";
	char name[64] = "";
	struct drm_version ver = { .name = name, .name_len = sizeof(name) - 1 };
	struct {
		struct qaic_manage_trans_status_from_dev st;
		unsigned char rest[4096];
	} status = { .st.hdr = { .type = QAIC_TRANS_STATUS_FROM_USR, .len = 8 } };
	struct {
		struct qaic_manage_trans_activate_from_dev act;
		unsigned char rest[4096];
	} act = { 0 };
	struct qaic_manage_trans_activate_to_dev *req = (void *)&act;
	struct qaic_manage_trans_deactivate deact = { 0 };
	unsigned char *in, *out;
	uint32_t in_bo, out_bo, dbc;
	int i;

	fd = open(path, O_RDWR);
	if (fd < 0) {
		printf("qaic-smoke: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (xioctl(DRM_IOCTL_VERSION, &ver, "DRM_IOCTL_VERSION"))
		return 1;
	printf("qaic-smoke: DRM_IOCTL_VERSION name=%s version=%d.%d.%d\n", name,
	       ver.version_major, ver.version_minor, ver.version_patchlevel);
	if (strcmp(name, "qaic"))
		return 1;

	if (manage(&status, 8, "MANAGE STATUS"))
		return 1;
	printf("qaic-smoke: firmware control protocol %u.%u status %u\n",
	       status.st.major, status.st.minor, status.st.status);

	req->hdr.type = QAIC_TRANS_ACTIVATE_FROM_USR;
	req->hdr.len = sizeof(*req);
	req->queue_size = 64;
	if (manage(&act, sizeof(*req), "MANAGE ACTIVATE"))
		return 1;
	dbc = act.act.dbc_id;
	printf("qaic-smoke: ACTIVATE -> dbc %u status %u\n", dbc, act.act.status);

	if (make_bo(dbc, TO_DEVICE, &in_bo, &in) || make_bo(dbc, FROM_DEVICE, &out_bo, &out))
		return 1;
	for (i = 0; i < BO_SIZE; i++)
		in[i] = (unsigned char)(i * 7 + 3);
	memset(out, 0, BO_SIZE);
	if (run_bo(dbc, in_bo, "EXECUTE/WAIT to device") ||
	    run_bo(dbc, out_bo, "EXECUTE/WAIT from device"))
		return 1;
	if (memcmp(in, out, BO_SIZE)) {
		printf("qaic-smoke: data did not round-trip through device memory\n");
		return 1;
	}
	printf("qaic-smoke: %d bytes round-tripped through device memory\n", BO_SIZE);
	if (in_flight(dbc, in_bo))
		return 1;
	printf("qaic-smoke: in-flight BO busy until its delayed completion\n");

	deact.hdr.type = QAIC_TRANS_DEACTIVATE_FROM_USR;
	deact.hdr.len = sizeof(deact);
	deact.dbc_id = dbc;
	if (manage(&deact, sizeof(deact), "MANAGE DEACTIVATE"))
		return 1;
	printf("qaic-smoke: DEACTIVATE ok\n");
	close(fd);
	return 0;
}
