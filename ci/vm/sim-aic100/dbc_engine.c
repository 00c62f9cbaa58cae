// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated DMA bridge: a kernel thread polls the request tail register of
 * every active DBC (BAR 2 + 128 KiB + id * 4 KiB), executes the 64-byte
 * request elements the host placed in its request ring (copies between
 * host DMA addresses and simulated device memory), advances the request
 * head and, for requests asking for a completion, writes a 4-byte response
 * element and advances the response tail, then signals the MSI the kernel
 * programmed into the function's MSI capability (one vector: the host
 * driver runs in single-MSI mode). The host may also poll
 * (datapath_polling=1).
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/vmalloc.h>

#include "sim.h"

#define REQ_ELEM_SIZE		64
#define CMD_INBOUND		BIT(0)	/* host -> device */
#define CMD_OUTBOUND		BIT(1)	/* device -> host */
#define CMD_GEN_COMPLETION	BIT(4)
#define DB_ACTIVE		BIT(7)

struct req_elem {
	__le16 req_id;
	u8 seq_id;
	u8 cmd;
	__le32 resv;
	__le64 src_addr;
	__le64 dest_addr;
	__le32 len;
	__le32 resv2;
	__le64 db_addr;
	u8 db_len;
	u8 resv3;
	__le16 resv4;
	__le32 db_data;
	__le32 sem_cmd[4];
} __packed;

struct rsp_elem {
	__le16 req_id;
	__le16 status;
} __packed;

struct sim_dbc {
	bool active;
	u8 *req_q;
	struct rsp_elem *rsp_q;
	u32 nelem;
	u32 req_head;
	u32 rsp_tail;
	bool pending;		/* the head request has been seen */
	ktime_t seen;
	void __iomem *regs;
};

static DEFINE_MUTEX(dbc_lock);
static void __iomem *msi_page;
static u64 msi_page_addr;
static struct sim_dbc dbcs[SIM_NUM_DBC];
static struct task_struct *engine;
static u8 *devmem;
static u64 devmem_size;

void *sim_dma_to_virt(u64 addr, u64 len)
{
	/* No IOMMU in the VM: bus addresses are physical addresses. */
	if (!len || addr + len < addr)
		return NULL;
	if (!pfn_valid(PHYS_PFN(addr)) || !pfn_valid(PHYS_PFN(addr + len - 1)))
		return NULL;
	return phys_to_virt(addr);
}

/* Device addresses wrap around the simulated device memory. */
void sim_devmem_write(u64 dev_addr, const void *src, u64 len)
{
	while (len) {
		u64 off = dev_addr % devmem_size;
		u64 n = min(len, devmem_size - off);

		memcpy(devmem + off, src, n);
		src += n;
		dev_addr += n;
		len -= n;
	}
}

static void sim_devmem_read(u64 dev_addr, void *dst, u64 len)
{
	while (len) {
		u64 off = dev_addr % devmem_size;
		u64 n = min(len, devmem_size - off);

		memcpy(dst, devmem + off, n);
		dst += n;
		dev_addr += n;
		len -= n;
	}
}

static u16 sim_dbc_execute(const struct req_elem *req)
{
	u64 len = le32_to_cpu(req->len);
	u64 src = le64_to_cpu(req->src_addr);
	u64 dst = le64_to_cpu(req->dest_addr);
	void *host;

	if (req->cmd & CMD_INBOUND) {
		host = sim_dma_to_virt(src, len);
		if (!host)
			return 1;
		sim_devmem_write(dst, host, len);
	} else if (req->cmd & CMD_OUTBOUND) {
		host = sim_dma_to_virt(dst, len);
		if (!host)
			return 1;
		sim_devmem_read(src, host, len);
	}

	/* Doorbells target device memory; 32, 16 or 8 bits. */
	if (req->db_len & DB_ACTIVE) {
		u32 data = le32_to_cpu(req->db_data);
		unsigned int bytes = 4 >> (req->db_len & 3);

		sim_devmem_write(le64_to_cpu(req->db_addr), &data, bytes);
	}
	return 0;
}

/*
 * A PCI function signals MSI by writing the message data to the message
 * address. The simulated function does the same store from the CPU; QEMU
 * delivers a CPU write to the APIC page at offset 0 (or beyond 4 KiB) as an
 * MSI, exactly as it delivers a device's. Other platforms: raise_msi=0.
 */
static void sim_msi_raise(void)
{
	u64 addr;
	u32 data;

	if (!READ_ONCE(sim_raise_msi) || !sim_pci_msi_message(&addr, &data))
		return;
	if (!msi_page || msi_page_addr != (addr & PAGE_MASK)) {
		if (msi_page)
			iounmap(msi_page);
		msi_page_addr = addr & PAGE_MASK;
		msi_page = ioremap(msi_page_addr, PAGE_SIZE);
		if (!msi_page)
			return;
	}
	writel(data, msi_page + (addr & ~PAGE_MASK));
}

/* Returns true when the DBC made progress. */
static bool sim_dbc_step(struct sim_dbc *d)
{
	const struct req_elem *req;
	u32 tail = readl(d->regs + SIM_DBC_REQ_TAIL);
	u16 status;

	if (tail >= d->nelem || tail == d->req_head) {
		d->pending = false;
		return false;
	}
	if (!d->pending) {
		d->pending = true;
		d->seen = ktime_get();
	}
	rmb();	/* the ring entry was written before the tail */
	req = (const void *)(d->req_q + (size_t)d->req_head * REQ_ELEM_SIZE);

	if (req->cmd & CMD_GEN_COMPLETION) {
		u32 latency = READ_ONCE(sim_latency_us);

		if (latency && ktime_us_delta(ktime_get(), d->seen) < latency)
			return false;
		if ((d->rsp_tail + 1) % d->nelem == readl(d->regs + SIM_DBC_RSP_HEAD))
			return false;	/* response ring full */
	}

	status = sim_dbc_execute(req);
	if (req->cmd & CMD_GEN_COMPLETION) {
		d->rsp_q[d->rsp_tail].req_id = req->req_id;
		d->rsp_q[d->rsp_tail].status = cpu_to_le16(status);
		d->rsp_tail = (d->rsp_tail + 1) % d->nelem;
		wmb();	/* the response entry is visible before the tail */
		writel(d->rsp_tail, d->regs + SIM_DBC_RSP_TAIL);
		sim_msi_raise();
	}
	d->req_head = (d->req_head + 1) % d->nelem;
	writel(d->req_head, d->regs + SIM_DBC_REQ_HEAD);
	d->pending = false;
	return true;
}

static int sim_dbc_thread(void *arg)
{
	while (!kthread_should_stop()) {
		bool progress = false;
		int i;

		mutex_lock(&dbc_lock);
		for (i = 0; i < SIM_NUM_DBC; i++)
			if (dbcs[i].active)
				progress |= sim_dbc_step(&dbcs[i]);
		mutex_unlock(&dbc_lock);
		if (progress)
			cond_resched();
		else
			usleep_range(200, 400);
	}
	return 0;
}

int sim_dbc_start(u32 id, u64 req_q_addr, u64 rsp_q_addr, u32 nelem)
{
	u8 *req_q = sim_dma_to_virt(req_q_addr, (u64)nelem * REQ_ELEM_SIZE);
	void *rsp_q = sim_dma_to_virt(rsp_q_addr, (u64)nelem * sizeof(struct rsp_elem));
	struct sim_dbc *d;

	if (id >= SIM_NUM_DBC || !nelem || !req_q || !rsp_q)
		return -EINVAL;
	d = &dbcs[id];
	mutex_lock(&dbc_lock);
	d->regs = sim_window + SIM_DBC_REGS(id);
	writel(0, d->regs + SIM_DBC_REQ_HEAD);
	writel(0, d->regs + SIM_DBC_REQ_TAIL);
	writel(0, d->regs + SIM_DBC_RSP_HEAD);
	writel(0, d->regs + SIM_DBC_RSP_TAIL);
	d->req_q = req_q;
	d->rsp_q = rsp_q;
	d->nelem = nelem;
	d->req_head = 0;
	d->rsp_tail = 0;
	d->pending = false;
	d->active = true;
	mutex_unlock(&dbc_lock);
	return 0;
}

void sim_dbc_stop(u32 id)
{
	if (id >= SIM_NUM_DBC)
		return;
	mutex_lock(&dbc_lock);
	dbcs[id].active = false;
	mutex_unlock(&dbc_lock);
}

int sim_dbc_init(unsigned int devmem_mib)
{
	devmem_size = (u64)max(devmem_mib, 1U) << 20;
	devmem = vzalloc(devmem_size);
	if (!devmem)
		return -ENOMEM;
	engine = kthread_run(sim_dbc_thread, NULL, "sim_aic100_dma");
	if (IS_ERR(engine)) {
		vfree(devmem);
		return PTR_ERR(engine);
	}
	return 0;
}

void sim_dbc_exit(void)
{
	kthread_stop(engine);
	if (msi_page)
		iounmap(msi_page);
	vfree(devmem);
}
