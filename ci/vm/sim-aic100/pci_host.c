// SPDX-License-Identifier: GPL-2.0
/*
 * A virtual PCI host bridge (its own PCI domain) with a single function,
 * 17cb:a100, whose config space is emulated here and whose memory BARs
 * point into the reserved window. MSI is left to the architecture's default
 * MSI domain: x86 without interrupt remapping grants one vector, so the
 * host driver runs in its single-MSI mode.
 */
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/unaligned.h>

#include "sim.h"

#define SIM_PCI_DOMAIN		0x10ac
#define SIM_VENDOR_QCOM		0x17cb
#define SIM_DEVICE_AIC100	0xa100
#define SIM_MSI_CAP		0x50

static u8 cfg[PCI_CFG_SPACE_SIZE];
static u8 cfg_wmask[PCI_CFG_SPACE_SIZE];

static struct pci_sysdata sysdata;
static struct platform_device *host;
static struct pci_bus *root_bus;
static struct resource window = {
	.name = "sim-aic100 BARs",
	.flags = IORESOURCE_MEM,
};
static bool window_inserted;

/* Called by the PCI core with pci_lock held: no sleeping, no own locking. */
static int sim_cfg_read(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 *val)
{
	if (devfn != 0 || where < 0 || where + size > PCI_CFG_SPACE_SIZE) {
		*val = ~0U;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	switch (size) {
	case 1:
		*val = cfg[where];
		break;
	case 2:
		*val = get_unaligned_le16(cfg + where);
		break;
	default:
		*val = get_unaligned_le32(cfg + where);
		break;
	}
	return PCIBIOS_SUCCESSFUL;
}

static int sim_cfg_write(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 val)
{
	int i;

	if (devfn != 0 || where < 0 || where + size > PCI_CFG_SPACE_SIZE)
		return PCIBIOS_DEVICE_NOT_FOUND;
	for (i = 0; i < size; i++) {
		u8 b = val >> (8 * i);
		int o = where + i;

		cfg[o] = (cfg[o] & ~cfg_wmask[o]) | (b & cfg_wmask[o]);
	}
	return PCIBIOS_SUCCESSFUL;
}

static struct pci_ops sim_pci_ops = {
	.read = sim_cfg_read,
	.write = sim_cfg_write,
};

static void sim_cfg_set_bar(int bar, u32 offset, u32 size)
{
	int reg = PCI_BASE_ADDRESS_0 + 4 * bar;

	put_unaligned_le32((u32)sim_window_phys + offset, cfg + reg);
	/* Writable address bits make BAR sizing report the size. */
	put_unaligned_le32(~(size - 1), cfg_wmask + reg);
}

static void sim_cfg_init(void)
{
	memset(cfg, 0, sizeof(cfg));
	memset(cfg_wmask, 0, sizeof(cfg_wmask));

	put_unaligned_le16(SIM_VENDOR_QCOM, cfg + PCI_VENDOR_ID);
	put_unaligned_le16(SIM_DEVICE_AIC100, cfg + PCI_DEVICE_ID);
	put_unaligned_le16(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
			   PCI_COMMAND_INTX_DISABLE, cfg_wmask + PCI_COMMAND);
	put_unaligned_le16(PCI_STATUS_CAP_LIST, cfg + PCI_STATUS);
	/* Processing accelerator. */
	put_unaligned_le32(PCI_CLASS_ACCELERATOR_PROCESSING << 16, cfg + PCI_CLASS_REVISION);
	cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;
	cfg[PCI_CAPABILITY_LIST] = SIM_MSI_CAP;

	sim_cfg_set_bar(0, SIM_BAR0_OFF, SIM_BAR0_SIZE);
	sim_cfg_set_bar(2, SIM_BAR2_OFF, SIM_BAR2_SIZE);
	sim_cfg_set_bar(4, SIM_BAR4_OFF, SIM_BAR4_SIZE);

	/* MSI: 64-bit, 32 vectors requestable, no per-vector masking. */
	cfg[SIM_MSI_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_MSI;
	cfg[SIM_MSI_CAP + PCI_CAP_LIST_NEXT] = 0;
	put_unaligned_le16(PCI_MSI_FLAGS_64BIT | (5 << 1), cfg + SIM_MSI_CAP + PCI_MSI_FLAGS);
	put_unaligned_le16(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE,
			   cfg_wmask + SIM_MSI_CAP + PCI_MSI_FLAGS);
	put_unaligned_le32(0xfffffffc, cfg_wmask + SIM_MSI_CAP + PCI_MSI_ADDRESS_LO);
	put_unaligned_le32(0xffffffff, cfg_wmask + SIM_MSI_CAP + PCI_MSI_ADDRESS_HI);
	put_unaligned_le16(0xffff, cfg_wmask + SIM_MSI_CAP + PCI_MSI_DATA_64);
}

/*
 * The MSI message the kernel programmed, if MSI is enabled. Read without
 * pci_lock: the message is written once, before the enable bit.
 */
bool sim_pci_msi_message(u64 *addr, u32 *data)
{
	u16 flags = get_unaligned_le16(cfg + SIM_MSI_CAP + PCI_MSI_FLAGS);

	if (!(flags & PCI_MSI_FLAGS_ENABLE))
		return false;
	*addr = get_unaligned_le32(cfg + SIM_MSI_CAP + PCI_MSI_ADDRESS_LO) |
		(u64)get_unaligned_le32(cfg + SIM_MSI_CAP + PCI_MSI_ADDRESS_HI) << 32;
	*data = get_unaligned_le16(cfg + SIM_MSI_CAP + PCI_MSI_DATA_64);
	return true;
}

struct pci_dev *sim_pci_dev(void)
{
	if (!root_bus || list_empty(&root_bus->devices))
		return NULL;
	return list_first_entry(&root_bus->devices, struct pci_dev, bus_list);
}

int sim_pci_host_init(void)
{
	LIST_HEAD(resources);

	sim_cfg_init();

	window.start = sim_window_phys;
	window.end = sim_window_phys + SIM_WINDOW_SIZE - 1;
	/* Optional: only makes /proc/iomem show the BARs under our name. */
	window_inserted = !insert_resource(&iomem_resource, &window);

	host = platform_device_register_simple("sim-aic100", PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(host)) {
		if (window_inserted)
			remove_resource(&window);
		return PTR_ERR(host);
	}

	sysdata.domain = SIM_PCI_DOMAIN;
	sysdata.node = NUMA_NO_NODE;
	pci_add_resource(&resources, &window);

	pci_lock_rescan_remove();
	root_bus = pci_scan_root_bus(&host->dev, 0, &sim_pci_ops, &sysdata, &resources);
	if (!root_bus) {
		pci_unlock_rescan_remove();
		pci_free_resource_list(&resources);
		platform_device_unregister(host);
		if (window_inserted)
			remove_resource(&window);
		return -ENODEV;
	}
	pci_bus_claim_resources(root_bus);
	pci_bus_add_devices(root_bus);
	pci_unlock_rescan_remove();
	return 0;
}

void sim_pci_host_exit(void)
{
	pci_lock_rescan_remove();
	pci_stop_root_bus(root_bus);
	pci_remove_root_bus(root_bus);
	pci_unlock_rescan_remove();
	root_bus = NULL;
	platform_device_unregister(host);
	if (window_inserted)
		remove_resource(&window);
}
