// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated Qualcomm AIC100 for running the unmodified upstream qaic driver
 * in a VM: a PCI function (17cb:a100) on a virtual host bridge, a
 * replacement MHI bus whose QAIC_CONTROL channel is answered by simulated
 * firmware, and a DMA engine serving the DMA bridge channels.
 */
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>

#include "sim.h"

static unsigned long window_phys = 0x30000000;
module_param(window_phys, ulong, 0444);
MODULE_PARM_DESC(window_phys,
		 "Physical base of the 1 MiB BAR window; boot with memmap=2M$<base>");

static unsigned int devmem_mib = 16;
module_param(devmem_mib, uint, 0444);
MODULE_PARM_DESC(devmem_mib, "Size of the simulated device memory in MiB");

unsigned int sim_latency_us;
module_param_named(latency_us, sim_latency_us, uint, 0644);
MODULE_PARM_DESC(latency_us, "Delay before the device completes each DMA request");

bool sim_raise_msi = true;
module_param_named(raise_msi, sim_raise_msi, bool, 0644);
MODULE_PARM_DESC(raise_msi, "Signal DBC completions with the programmed MSI (QEMU only)");

phys_addr_t sim_window_phys;
void __iomem *sim_window;

static int __init sim_aic100_init(void)
{
	int ret;

	sim_window_phys = window_phys;
	/*
	 * ioremap() refuses RAM the kernel uses; the window must have been
	 * taken out of System RAM on the kernel command line.
	 */
	if (region_intersects(sim_window_phys, SIM_WINDOW_SIZE, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("sim_aic100: %pa is System RAM; boot with memmap=2M$%pa\n",
		       &sim_window_phys, &sim_window_phys);
		return -EINVAL;
	}
	sim_window = ioremap(sim_window_phys, SIM_WINDOW_SIZE);
	if (!sim_window)
		return -ENOMEM;
	memset_io(sim_window, 0, SIM_WINDOW_SIZE);

	ret = sim_dbc_init(devmem_mib);
	if (ret)
		goto unmap;
	sim_fw_reset();
	ret = sim_mhi_init();
	if (ret)
		goto dbc_exit;
	ret = sim_pci_host_init();
	if (ret)
		goto mhi_exit;
	return 0;

mhi_exit:
	sim_mhi_exit();
dbc_exit:
	sim_dbc_exit();
unmap:
	iounmap(sim_window);
	return ret;
}

static void __exit sim_aic100_exit(void)
{
	sim_pci_host_exit();
	sim_mhi_exit();
	sim_dbc_exit();
	iounmap(sim_window);
}

module_init(sim_aic100_init);
module_exit(sim_aic100_exit);

MODULE_DESCRIPTION("Simulated Qualcomm AIC100 below the upstream qaic driver");
MODULE_LICENSE("GPL");
