// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated AIC100 firmware: answers the control protocol (version 5.0)
 * on the QAIC_CONTROL channel. The wire format is the one documented for
 * the qaic driver: a 32-byte message header (crc32, magic "QAIC",
 * sequence number, length, transaction count, user handle, partition id,
 * padding) followed by transactions, each starting with type and length.
 *
 * The firmware reports "no CRC" in its status reply, so the host stops
 * generating CRCs and does not check ours.
 */
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "qaic.h"
#include "sim.h"

#define FW_MAGIC		0x43494151	/* "QAIC" little endian */
#define FW_VERSION_MAJOR	5
#define FW_VERSION_MINOR	0
#define FW_MAX_REQ_LEN		SZ_64K
/* The host keeps 1 KiB free in a DMA_XFER message unless it ran out of room. */
#define FW_DMA_FULL_SLACK	(SZ_1K + 16)

enum fw_trans_type {
	FW_PASSTHROUGH_FROM_DEV = 3,
	FW_PASSTHROUGH_TO_DEV = 4,
	FW_DMA_XFER_TO_DEV = 6,
	FW_ACTIVATE_FROM_DEV = 8,
	FW_ACTIVATE_TO_DEV = 9,
	FW_DEACTIVATE_FROM_DEV = 11,
	FW_STATUS_FROM_DEV = 14,
	FW_STATUS_TO_DEV = 15,
	FW_TERMINATE_FROM_DEV = 16,
	FW_TERMINATE_TO_DEV = 17,
	FW_DMA_XFER_CONT = 18,
};

struct fw_msg_hdr {
	__le32 crc32;
	__le32 magic;
	__le32 seq;
	__le32 len;
	__le32 count;
	__le32 handle;
	__le32 partition;
	__le32 padding;
} __packed;

struct fw_trans_hdr {
	__le32 type;
	__le32 len;
} __packed;

struct fw_dma_xfer {
	struct fw_trans_hdr hdr;
	__le32 tag;
	__le32 count;
	__le32 chunk_id;
	__le32 padding;
	struct {
		__le64 addr;
		__le64 size;
	} __packed pairs[];
} __packed;

struct fw_dma_cont {
	struct fw_trans_hdr hdr;
	__le32 chunk_id;
	__le32 padding;
	__le64 xferred;
} __packed;

struct fw_activate_req {
	struct fw_trans_hdr hdr;
	__le64 req_q_addr;
	__le64 rsp_q_addr;
	__le32 req_q_size;
	__le32 rsp_q_size;
	__le32 buf_len;
	__le32 options;
} __packed;

struct fw_activate_rsp {
	struct fw_trans_hdr hdr;
	__le32 status;
	__le32 dbc_id;
	__le64 options;
} __packed;

struct fw_status_word_rsp {		/* DEACTIVATE and TERMINATE replies */
	struct fw_trans_hdr hdr;
	__le32 status;
	__le32 value;
} __packed;

struct fw_status_rsp {
	struct fw_trans_hdr hdr;
	__le16 major;
	__le16 minor;
	__le32 status;
	__le64 flags;
} __packed;

struct fw_reply {
	void *buf;
	size_t cap;
	size_t used;
	u32 count;
};

static DEFINE_MUTEX(fw_lock);
static struct {
	bool owned;
	u32 handle;
} fw_dbc[SIM_NUM_DBC];
static u32 fw_chunk_id;
static u64 fw_chunk_bytes;
static u64 fw_devmem_cursor;

void sim_fw_reset(void)
{
	int i;

	mutex_lock(&fw_lock);
	for (i = 0; i < SIM_NUM_DBC; i++) {
		if (fw_dbc[i].owned)
			sim_dbc_stop(i);
		fw_dbc[i].owned = false;
	}
	fw_chunk_id = 0;
	fw_chunk_bytes = 0;
	mutex_unlock(&fw_lock);
}

static void *fw_append(struct fw_reply *r, u32 type, size_t len)
{
	struct fw_trans_hdr *t;

	if (r->used + len > r->cap)
		return NULL;
	t = r->buf + r->used;
	memset(t, 0, len);
	t->type = cpu_to_le32(type);
	t->len = cpu_to_le32(len);
	r->used += len;
	r->count++;
	return t;
}

static void fw_status(struct fw_reply *r)
{
	struct fw_status_rsp *s = fw_append(r, FW_STATUS_FROM_DEV, sizeof(*s));

	if (!s)
		return;
	s->major = cpu_to_le16(FW_VERSION_MAJOR);
	s->minor = cpu_to_le16(FW_VERSION_MINOR);
	s->status = 0;
	s->flags = 0;	/* bit 0 clear: no CRC on this control channel */
}

static void fw_passthrough(struct fw_reply *r, const struct fw_trans_hdr *t, u32 len)
{
	/* An echo: the simulated device has no workload to talk to. */
	struct fw_trans_hdr *out = fw_append(r, FW_PASSTHROUGH_FROM_DEV, len);

	if (out)
		memcpy(out + 1, t + 1, len - sizeof(*t));
}

static void fw_activate(struct fw_reply *r, const struct fw_trans_hdr *t, u32 len,
			u32 handle, unsigned long *fresh)
{
	const struct fw_activate_req *a = (const void *)t;
	struct fw_activate_rsp *out = fw_append(r, FW_ACTIVATE_FROM_DEV, sizeof(*out));
	u32 id, status = 1;

	if (!out)
		return;
	for (id = 0; id < SIM_NUM_DBC && len >= sizeof(*a); id++) {
		if (fw_dbc[id].owned)
			continue;
		if (sim_dbc_start(id, le64_to_cpu(a->req_q_addr), le64_to_cpu(a->rsp_q_addr),
				  le32_to_cpu(a->req_q_size)))
			break;
		fw_dbc[id].owned = true;
		fw_dbc[id].handle = handle;
		__set_bit(id, fresh);
		status = 0;
		break;
	}
	out->status = cpu_to_le32(status);
	out->dbc_id = cpu_to_le32(status ? 0 : id);
}

static void fw_dma_xfer(struct fw_reply *r, const struct fw_trans_hdr *t, u32 len,
			u32 msg_len)
{
	const struct fw_dma_xfer *x = (const void *)t;
	struct fw_dma_cont *cont;
	u32 i, n, chunk_id;
	u64 bytes = 0;

	if (len < sizeof(*x))
		return;
	n = min_t(u32, le32_to_cpu(x->count), (len - sizeof(*x)) / sizeof(x->pairs[0]));
	for (i = 0; i < n; i++) {
		u64 addr = le64_to_cpu(x->pairs[i].addr);
		u64 size = le64_to_cpu(x->pairs[i].size);
		void *src = sim_dma_to_virt(addr, size);

		if (src)
			sim_devmem_write(fw_devmem_cursor, src, size);
		fw_devmem_cursor += size;
		bytes += size;
	}

	chunk_id = le32_to_cpu(x->chunk_id);
	if (!chunk_id)
		return;
	if (chunk_id != fw_chunk_id) {
		fw_chunk_id = chunk_id;
		fw_chunk_bytes = 0;
	}
	fw_chunk_bytes += bytes;
	/* A message the host filled up means more of this transfer follows. */
	if (n && msg_len + FW_DMA_FULL_SLACK >= FW_MAX_REQ_LEN) {
		cont = fw_append(r, FW_DMA_XFER_CONT, sizeof(*cont));
		if (cont) {
			cont->chunk_id = cpu_to_le32(chunk_id);
			cont->xferred = cpu_to_le64(fw_chunk_bytes);
		}
	} else {
		fw_chunk_id = 0;
	}
}

static void fw_terminate(struct fw_reply *r, u32 handle)
{
	struct fw_status_word_rsp *out;
	int id;

	for (id = 0; id < SIM_NUM_DBC; id++) {
		if (fw_dbc[id].owned && fw_dbc[id].handle == handle) {
			sim_dbc_stop(id);
			fw_dbc[id].owned = false;
		}
	}
	out = fw_append(r, FW_TERMINATE_FROM_DEV, sizeof(*out));
	if (out)
		out->status = 0;
}

/*
 * The DEACTIVATE request never reaches the wire: the host only disables
 * the DBC locally and expects the firmware to report the deactivation. A
 * real device learns which network to tear down from the runtime; the
 * simulation looks at which of this user's DBCs the host has disabled
 * (owner cleared, still in use) and reports those.
 */
static void fw_deactivate_disabled(struct fw_reply *r, u32 handle, const unsigned long *fresh)
{
	struct pci_dev *pdev = sim_pci_dev();
	struct qaic_device *qdev = pdev ? pci_get_drvdata(pdev) : NULL;
	struct fw_status_word_rsp *out;
	int id;

	/* drvdata is set only after probe allocated the DBCs (6.12: a pointer, 7.3: inline). */
	if (!qdev)
		return;
	for (id = 0; id < SIM_NUM_DBC && id < qdev->num_dbc; id++) {
		if (!fw_dbc[id].owned || fw_dbc[id].handle != handle || test_bit(id, fresh))
			continue;
		if (READ_ONCE(qdev->dbc[id].usr) || !READ_ONCE(qdev->dbc[id].in_use))
			continue;
		out = fw_append(r, FW_DEACTIVATE_FROM_DEV, sizeof(*out));
		if (!out)
			return;
		out->status = 0;
		out->value = cpu_to_le32(id);
		sim_dbc_stop(id);
		fw_dbc[id].owned = false;
	}
}

size_t sim_fw_handle(const void *req, size_t req_len, void *rsp, size_t rsp_cap)
{
	DECLARE_BITMAP(fresh, SIM_NUM_DBC) = { 0 };
	const struct fw_msg_hdr *in = req;
	struct fw_msg_hdr *out = rsp;
	struct fw_reply r = {
		.buf = rsp,
		.cap = rsp_cap,
		.used = sizeof(*out),
	};
	u32 msg_len, count, handle, off, i;
	bool terminated = false;

	if (req_len < sizeof(*in) || le32_to_cpu(in->magic) != FW_MAGIC)
		return 0;
	msg_len = min_t(u32, le32_to_cpu(in->len), req_len);
	count = le32_to_cpu(in->count);
	handle = le32_to_cpu(in->handle);

	mutex_lock(&fw_lock);
	off = sizeof(*in);
	for (i = 0; i < count; i++) {
		const struct fw_trans_hdr *t = req + off;
		u32 len;

		if (off + sizeof(*t) > msg_len)
			break;
		len = le32_to_cpu(t->len);
		if (len < sizeof(*t) || off + len > msg_len)
			break;
		switch (le32_to_cpu(t->type)) {
		case FW_STATUS_TO_DEV:
			fw_status(&r);
			break;
		case FW_PASSTHROUGH_TO_DEV:
			fw_passthrough(&r, t, len);
			break;
		case FW_ACTIVATE_TO_DEV:
			fw_activate(&r, t, len, handle, fresh);
			break;
		case FW_DMA_XFER_TO_DEV:
			fw_dma_xfer(&r, t, len, msg_len);
			break;
		case FW_TERMINATE_TO_DEV:
			fw_terminate(&r, handle);
			terminated = true;
			break;
		default:
			break;
		}
		off += len;
	}
	if (!terminated)
		fw_deactivate_disabled(&r, handle, fresh);
	mutex_unlock(&fw_lock);

	memset(out, 0, sizeof(*out));
	out->magic = in->magic;
	out->seq = in->seq;
	out->len = cpu_to_le32(r.used);
	out->count = cpu_to_le32(r.count);
	out->handle = in->handle;
	out->partition = in->partition;
	return r.used;
}
