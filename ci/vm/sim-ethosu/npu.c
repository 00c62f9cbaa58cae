// SPDX-License-Identifier: GPL-2.0
/*
 * The NPU's behaviour: a kernel thread watches the command and reset
 * registers the driver writes (the window is plain RAM, so nothing traps),
 * runs a submitted job after latency_us and signals it on the simulated
 * interrupt. Of the command stream only DMA_START in mode 0 between two
 * regions is executed; every other operation completes without touching
 * memory (README: limits).
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/string.h>

#include "sim.h"

static struct task_struct *sim_thread;
static int sim_irq;

static unsigned long sim_jobs;
module_param_named(jobs, sim_jobs, ulong, 0444);
MODULE_PARM_DESC(jobs, "Jobs completed since load");

static unsigned long sim_dma_bytes;
module_param_named(dma_bytes, sim_dma_bytes, ulong, 0444);
MODULE_PARM_DESC(dma_bytes, "Bytes copied by executed DMA_START commands");

static unsigned long sim_skipped_ops;
module_param_named(skipped_ops, sim_skipped_ops, ulong, 0444);
MODULE_PARM_DESC(skipped_ops, "Operations completed without being computed");

static u32 reg_read(unsigned int reg)
{
	return ioread32(sim_regs + reg);
}

static void reg_write(unsigned int reg, u32 value)
{
	iowrite32(value, sim_regs + reg);
}

/*
 * CMD and RESET are written by the driver at any time; taking the value and
 * zeroing it in one locked access keeps a write that lands between a read
 * and a clear from being lost. The window is RAM, so a locked xchg on the
 * uncached mapping is a normal memory access.
 */
static u32 reg_take(unsigned int reg)
{
	return xchg((u32 __force *)(sim_regs + reg), 0);
}

static u64 region_base(int region)
{
	return (u64)reg_read(SIM_REG_BASEP_HI(region)) << 32 | reg_read(SIM_REG_BASEP(region));
}

struct sim_dma {
	int src_region;
	int dst_region;
	int mode;
	u64 src;
	u64 dst;
	u64 len;
};

static void sim_dma_run(const struct sim_dma *dma)
{
	void *src, *dst;

	if (dma->mode != 0 || dma->src_region < 0 || dma->dst_region < 0 || !dma->len) {
		sim_skipped_ops++;
		return;
	}
	src = memremap(region_base(dma->src_region) + dma->src, dma->len, MEMREMAP_WB);
	dst = memremap(region_base(dma->dst_region) + dma->dst, dma->len, MEMREMAP_WB);
	if (src && dst) {
		memmove(dst, src, dma->len);
		sim_dma_bytes += dma->len;
	} else {
		sim_skipped_ops++;
	}
	if (src)
		memunmap(src);
	if (dst)
		memunmap(dst);
}

static int dma_region(u16 param)
{
	return param & 0x100 ? -1 : param & 0x7;
}

/* Runs the job the driver programmed: QBASE/QSIZE and the region bases. */
static void sim_execute(void)
{
	u64 qbase = (u64)reg_read(SIM_REG_QBASE_HI) << 32 | reg_read(SIM_REG_QBASE);
	u32 qsize = reg_read(SIM_REG_QSIZE);
	struct sim_dma dma = { .src_region = -1, .dst_region = -1 };
	u32 *words;
	u32 i;

	words = memremap(qbase, qsize, MEMREMAP_WB);
	if (!words)
		return;
	for (i = 0; i < qsize / 4; i++) {
		u16 cmd = words[i] & 0xffff;
		u16 param = words[i] >> 16;
		u64 addr = 0;

		if (cmd & SIM_CMD_64BIT) {
			if (++i >= qsize / 4)
				break;
			addr = (u64)(param & 0xff) << 32 | words[i];
		}
		switch (cmd) {
		case SIM_OP_STOP:
			i = qsize / 4;
			break;
		case SIM_SET_DMA0_SRC_REGION:
			dma.src_region = dma_region(param);
			dma.mode = (param >> 9) & 0x3;
			break;
		case SIM_SET_DMA0_DST_REGION:
			dma.dst_region = dma_region(param);
			break;
		case SIM_SET_DMA0_SRC:
			dma.src = addr;
			break;
		case SIM_SET_DMA0_DST:
			dma.dst = addr;
			break;
		case SIM_SET_DMA0_LEN:
			dma.len = addr;
			break;
		case SIM_OP_DMA_START:
			sim_dma_run(&dma);
			break;
		default:
			if (cmd < 0x100)
				sim_skipped_ops++;
			break;
		}
	}
	memunmap(words);
}

static int sim_npu_thread(void *unused)
{
	bool running = false;
	ktime_t done = 0;

	while (!kthread_should_stop()) {
		u32 cmd = reg_take(SIM_REG_CMD);
		u32 status = reg_read(SIM_REG_STATUS);

		if (reg_take(SIM_REG_RESET)) {
			running = false;
			status = 0;
		}
		if (cmd & SIM_CMD_CLEAR_IRQ)
			status &= ~SIM_STATUS_IRQ_RAISED;
		if (cmd & SIM_CMD_RUN) {
			running = true;
			done = ktime_add_us(ktime_get(), READ_ONCE(sim_latency_us));
			status = SIM_STATUS_RUNNING;
			reg_write(SIM_REG_QREAD, 0);
		}
		if (running && ktime_after(ktime_get(), done)) {
			sim_execute();
			running = false;
			reg_write(SIM_REG_QREAD, reg_read(SIM_REG_QSIZE));
			reg_write(SIM_REG_PMCCNTR_LO, reg_read(SIM_REG_PMCCNTR_LO) + 1000);
			status = SIM_STATUS_IRQ_RAISED | SIM_STATUS_CMD_END;
			reg_write(SIM_REG_STATUS, status);
			sim_jobs++;
			irq_set_irqchip_state(sim_irq, IRQCHIP_STATE_PENDING, true);
			continue;
		}
		reg_write(SIM_REG_STATUS, status);
		usleep_range(200, 500);
	}
	return 0;
}

int sim_npu_start(int irq)
{
	sim_irq = irq;
	sim_thread = kthread_run(sim_npu_thread, NULL, "sim-ethosu");
	return PTR_ERR_OR_ZERO(sim_thread);
}

void sim_npu_stop(void)
{
	kthread_stop(sim_thread);
}
