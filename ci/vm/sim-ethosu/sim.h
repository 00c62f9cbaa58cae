/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated Arm Ethos-U85: register layout as the upstream driver uses it
 * (drivers/accel/ethosu/ethosu_device.h); values are facts of the hardware
 * interface, not code taken from the driver.
 */
#ifndef SIM_ETHOSU_H
#define SIM_ETHOSU_H

#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/types.h>

#define SIM_REGS_SIZE		SZ_64K

#define SIM_REG_ID		0x0000
#define SIM_REG_STATUS		0x0004
#define SIM_REG_CMD		0x0008
#define SIM_REG_RESET		0x000c
#define SIM_REG_QBASE		0x0010
#define SIM_REG_QBASE_HI	0x0014
#define SIM_REG_QREAD		0x0018
#define SIM_REG_QSIZE		0x0020
#define SIM_REG_PROT		0x0024
#define SIM_REG_CONFIG		0x0028
#define SIM_REG_BASEP(x)	(0x0080 + (x) * 8)
#define SIM_REG_BASEP_HI(x)	(0x0084 + (x) * 8)
#define SIM_REGIONS		8
/* U85: the PMU block sits 4 KiB above the control registers. */
#define SIM_PMU_BASE		0x1000
#define SIM_REG_PMCR		(SIM_PMU_BASE + 0x0180)
#define SIM_REG_PMCCNTR_LO	(SIM_PMU_BASE + 0x01a0)
#define SIM_REG_PMCCNTR_HI	(SIM_PMU_BASE + 0x01a4)

#define SIM_STATUS_RUNNING	BIT(0)
#define SIM_STATUS_IRQ_RAISED	BIT(1)
#define SIM_STATUS_CMD_END	BIT(5)
#define SIM_CMD_RUN		BIT(0)
#define SIM_CMD_CLEAR_IRQ	BIT(1)
#define SIM_PROT_ACTIVE_CSL	BIT(1)

/* ID: arch 2.0.0 (U85: arch major 2), version r1p0. */
#define SIM_ID_U85		0x20000100
/* CONFIG: command stream version 0, 2^8 = 256 MACs per cycle. */
#define SIM_CONFIG_U85		0x00000008
/* PMCR bits 15:11: eight event counters. */
#define SIM_PMCR_8_COUNTERS	(8 << 11)

/* Command stream codes the simulator executes (DMA) or skips. */
#define SIM_OP_STOP		0x0000
#define SIM_OP_DMA_START	0x0010
#define SIM_SET_DMA0_SRC_REGION	0x0130
#define SIM_SET_DMA0_DST_REGION	0x0131
#define SIM_SET_DMA0_SRC	0x4030
#define SIM_SET_DMA0_DST	0x4031
#define SIM_SET_DMA0_LEN	0x4032
#define SIM_CMD_64BIT		0x4000

extern void __iomem *sim_regs;
extern unsigned int sim_latency_us;

int sim_npu_start(int irq);
void sim_npu_stop(void);

#endif
