// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated Arm Ethos-U85 for running the unmodified upstream ethosu driver
 * in an x86 VM: a platform device named "ethosu" (the driver binds by name),
 * its register window in RAM taken out of System RAM with memmap=, and its
 * interrupt from an irq_sim domain.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include "sim.h"

static unsigned long regs_phys = 0x30100000;
module_param(regs_phys, ulong, 0444);
MODULE_PARM_DESC(regs_phys,
		 "Physical base of the 64 KiB register window; must lie in memmap= reserved RAM");

unsigned int sim_latency_us;
module_param_named(latency_us, sim_latency_us, uint, 0644);
MODULE_PARM_DESC(latency_us, "Delay between a job's start and its completion interrupt");

void __iomem *sim_regs;
static struct fwnode_handle *sim_fwnode;
static struct irq_domain *sim_domain;
static struct platform_device *sim_pdev;

static int __init sim_ethosu_init(void)
{
	struct resource res[2] = {};
	struct platform_device_info info = {
		.name = "ethosu",
		.id = PLATFORM_DEVID_NONE,
		.res = res,
		.num_res = ARRAY_SIZE(res),
		.dma_mask = DMA_BIT_MASK(40),
	};
	phys_addr_t phys = regs_phys;
	int irq, ret;

	/* ioremap() refuses RAM the kernel uses: the window must be reserved. */
	if (region_intersects(phys, SIM_REGS_SIZE, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("sim_ethosu: %pa is System RAM; reserve it with memmap=\n", &phys);
		return -EINVAL;
	}
	sim_regs = ioremap(phys, SIM_REGS_SIZE);
	if (!sim_regs)
		return -ENOMEM;
	memset_io(sim_regs, 0, SIM_REGS_SIZE);
	iowrite32(SIM_ID_U85, sim_regs + SIM_REG_ID);
	iowrite32(SIM_CONFIG_U85, sim_regs + SIM_REG_CONFIG);
	iowrite32(SIM_PROT_ACTIVE_CSL, sim_regs + SIM_REG_PROT);
	iowrite32(SIM_PMCR_8_COUNTERS, sim_regs + SIM_REG_PMCR);

	sim_fwnode = irq_domain_alloc_named_fwnode("sim-ethosu");
	if (!sim_fwnode) {
		ret = -ENOMEM;
		goto unmap;
	}
	sim_domain = irq_domain_create_sim(sim_fwnode, 1);
	if (IS_ERR(sim_domain)) {
		ret = PTR_ERR(sim_domain);
		goto free_fwnode;
	}
	irq = irq_create_mapping(sim_domain, 0);
	if (!irq) {
		ret = -ENXIO;
		goto remove_domain;
	}

	ret = sim_npu_start(irq);
	if (ret)
		goto dispose;

	res[0] = (struct resource)DEFINE_RES_MEM(phys, SIM_REGS_SIZE);
	res[1] = (struct resource)DEFINE_RES_IRQ(irq);
	sim_pdev = platform_device_register_full(&info);
	if (IS_ERR(sim_pdev)) {
		ret = PTR_ERR(sim_pdev);
		goto stop;
	}
	pr_info("sim_ethosu: Ethos-U85 at %pa, irq %d, latency %u us\n", &phys, irq,
		sim_latency_us);
	return 0;

stop:
	sim_npu_stop();
dispose:
	irq_dispose_mapping(irq);
remove_domain:
	irq_domain_remove_sim(sim_domain);
free_fwnode:
	irq_domain_free_fwnode(sim_fwnode);
unmap:
	iounmap(sim_regs);
	return ret;
}

static void __exit sim_ethosu_exit(void)
{
	unsigned int irq = irq_find_mapping(sim_domain, 0);

	platform_device_unregister(sim_pdev);
	sim_npu_stop();
	irq_dispose_mapping(irq);
	irq_domain_remove_sim(sim_domain);
	irq_domain_free_fwnode(sim_fwnode);
	iounmap(sim_regs);
}

module_init(sim_ethosu_init);
module_exit(sim_ethosu_exit);

MODULE_DESCRIPTION("Simulated Arm Ethos-U85 below the upstream ethosu driver");
MODULE_LICENSE("GPL");
